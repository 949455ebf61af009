/* lock.c — one writer per index (lock.h).
 *
 * The lock is flock(LOCK_EX | LOCK_NB) on DIR/cgindex.lock, and the holder writes its
 * pid there for the message a second cgindex prints. A full build replaces the whole
 * directory (build.c swaps its merged index in), so the file at the path can change
 * under a process waiting to lock it: after locking, the locked file must still be
 * the one at the path (same device and inode), else the run starts again on the new
 * one. The holder locks the new directory's file before the swap, so the lock holds
 * throughout. Shard processes inherit the lock and die with their parent
 * (build.c); a lock still held although its recorded pid is gone belongs to such
 * shards in their last moments, so only then is it retried, for at most a second. */
#define _GNU_SOURCE
#include "lock.h"

#include "dbpath.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long holder_pid(int fd)
{
    char b[32];
    ssize_t n = pread(fd, b, sizeof b - 1, 0);
    if (n <= 0)
        return 0;
    b[n] = '\0';
    return strtol(b, NULL, 10);
}

/* Best effort: on a full disk the pid is missing from the message, nothing else. */
static void write_pid(int fd)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, b, (size_t)n, 0) != n) {
        /* ignored */
    }
}

/* Opens and locks dir/CG_LOCK_FILE: 0 when locked and still the file at the path,
 * 1 to try again (the file was replaced, or its holder is gone but its shards not
 * yet), or -1 with *rc and err set. */
static int try_lock(const char *dir, const char *path, int *out, int *waited_ms, cg_status *rc,
                    cg_buf *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1; /* the directory went away (a first build that failed): anew */
        *rc = errno == ENOSPC ? CG_ENOSPACE : CG_EIO;
        cg_buf_printf(err, "cannot lock index %s: %s", dir,
                      errno == ENOSPC ? "no space left on device" : strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        long pid = holder_pid(fd);
        close(fd);
        if (e != EWOULDBLOCK) {
            *rc = CG_EIO;
            cg_buf_printf(err, "cannot lock index %s: %s", dir, strerror(e));
            return -1;
        }
        if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH && *waited_ms < 1000) {
            nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
            *waited_ms += 20;
            return 1;
        }
        *rc = CG_ELOCKED;
        if (pid > 0)
            cg_buf_printf(err, "index %s is being written by another process (cgindex, pid %ld); "
                          "try again when it has finished", dir, pid);
        else
            cg_buf_printf(err, "index %s is being written by another process (cgindex); "
                          "try again when it has finished", dir);
        return -1;
    }
    struct stat held, now;
    if (fstat(fd, &held) != 0 || stat(path, &now) != 0 || held.st_ino != now.st_ino ||
        held.st_dev != now.st_dev) {
        close(fd);
        return 1;
    }
    write_pid(fd);
    *out = fd;
    return 0;
}

static void lock_path(const char *dir, cg_buf *path)
{
    cg_buf_clear(path);
    cg_buf_printf(path, "%s/%s", dir, CG_LOCK_FILE);
}

cg_status cg_lock_index(const char *dir, cg_lock *lk, cg_buf *err)
{
    lk->fd = -1;
    lk->created = 0;
    lk->dir = NULL;
    cg_buf path = {0};
    cg_status rc = CG_OK;
    int waited = 0;
    for (int attempt = 0; attempt < 1000; attempt++) {
        switch (cg_dbdir_kind(dir)) {
        case CG_DBDIR_MISSING:
            if (mkdir(dir, 0777) == 0) {
                lk->created = 1;
            } else if (errno != EEXIST) {
                int e = errno;
                cg_buf_printf(err, "cannot create index %s: %s", dir,
                              e == ENOSPC ? "no space left on device" : strerror(e));
                rc = e == ENOSPC ? CG_ENOSPACE : CG_EIO;
                goto done;
            }
            break;
        case CG_DBDIR_EMPTY:
        case CG_DBDIR_INDEX:
            break;
        case CG_DBDIR_FOREIGN:
            cg_buf_printf(err, "%s is not a cgsearch index: it holds other files; name a new or "
                          "empty directory with --db", dir);
            rc = CG_EINVAL;
            goto done;
        case CG_DBDIR_NOTDIR:
            cg_buf_printf(err, "%s is not a cgsearch index: it is not a directory", dir);
            rc = CG_EINVAL;
            goto done;
        }
        lock_path(dir, &path);
        if (!path.ptr) {
            rc = CG_ENOMEM;
            goto done;
        }
        int r = try_lock(dir, path.ptr, &lk->fd, &waited, &rc, err);
        if (r == 0)
            break;
        if (r < 0)
            goto done;
    }
    if (lk->fd < 0) {
        cg_buf_printf(err, "cannot lock index %s: it keeps changing", dir);
        rc = CG_ELOCKED;
        goto done;
    }
    lk->dir = strdup(dir);
    if (!lk->dir)
        rc = CG_ENOMEM;
done:
    if (rc && lk->fd >= 0) {
        close(lk->fd);
        lk->fd = -1;
    }
    cg_buf_free(&path);
    return rc;
}

cg_status cg_lock_new_dir(const char *dir, int *fd, cg_buf *err)
{
    cg_buf path = {0};
    lock_path(dir, &path);
    *fd = path.ptr ? open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666) : -1;
    cg_status rc = CG_OK;
    if (*fd < 0 || flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        int e = path.ptr ? errno : ENOMEM;
        cg_buf_printf(err, "cannot lock the new index %s: %s", dir,
                      e == ENOSPC ? "no space left on device" : strerror(e));
        rc = e == ENOSPC ? CG_ENOSPACE : CG_EIO;
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    } else {
        write_pid(*fd);
    }
    cg_buf_free(&path);
    return rc;
}

void cg_lock_release(cg_lock *lk, int failed)
{
    if (lk->fd < 0)
        return;
    /* A failed first build leaves things as they were: no lock file in the empty
     * folder given with --db, and no folder at all when this run made it. */
    if (failed && cg_dbdir_kind(lk->dir) == CG_DBDIR_EMPTY) {
        cg_buf path = {0};
        lock_path(lk->dir, &path);
        if (path.ptr && unlink(path.ptr) == 0 && lk->created)
            rmdir(lk->dir);
        cg_buf_free(&path);
    }
    close(lk->fd);
    lk->fd = -1;
    free(lk->dir);
    lk->dir = NULL;
}
