/* dbpath.c — finding the index the way git finds .git, and reading files whole. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "dbpath.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

cg_status cg_dbpath_find(const char *explicit_path, char **out)
{
    *out = NULL;
    if (explicit_path && *explicit_path) {
        *out = dupstr(explicit_path);
        return *out ? CG_OK : CG_ENOMEM;
    }
    const char *env = getenv("CGSEARCH_DB");
    if (env && *env) {
        *out = dupstr(env);
        return *out ? CG_OK : CG_ENOMEM;
    }
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir))
        return CG_EIO;
    for (;;) {
        char cand[PATH_MAX + 16];
        struct stat st;
        snprintf(cand, sizeof cand, "%s%s" CG_DB_DIRNAME, dir, strcmp(dir, "/") ? "/" : "");
        if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode)) {
            *out = dupstr(cand);
            return *out ? CG_OK : CG_ENOMEM;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (!strcmp(dir, "/"))
                return CG_ENOTFOUND;
            strcpy(dir, "/");
            continue;
        }
        *slash = '\0';
    }
}

cg_dbdir cg_dbdir_kind(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return CG_DBDIR_MISSING;
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return CG_DBDIR_NOTDIR;
    if (!S_ISDIR(st.st_mode))
        return CG_DBDIR_NOTDIR;
    DIR *d = opendir(path);
    if (!d)
        return CG_DBDIR_FOREIGN; /* unreadable: nothing to judge it by, so not ours */
    static const char *const xapian_marks[] = {"iamglass", "iamchert", "iamhoney", "XAPIANDB"};
    int others = 0, index = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, CG_LOCK_FILE))
            continue;
        others = 1;
        for (size_t i = 0; i < sizeof xapian_marks / sizeof *xapian_marks; i++)
            index |= !strcmp(e->d_name, xapian_marks[i]);
    }
    closedir(d);
    return index ? CG_DBDIR_INDEX : others ? CG_DBDIR_FOREIGN : CG_DBDIR_EMPTY;
}

int cg_open_regular(const char *path)
{
    /* O_NONBLOCK and the check below: a file replaced by a FIFO or a device since
     * it was listed must not hang the program (O_NONBLOCK does nothing to files). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

cg_status cg_read_file(const char *path, cg_buf *out)
{
    cg_buf_clear(out);
    int fd = cg_open_regular(path);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? CG_ENOTFOUND : CG_EIO;
    cg_status rc = cg_read_fd(fd, out);
    close(fd);
    return rc;
}

cg_status cg_read_fd(int fd, cg_buf *out)
{
    cg_buf_clear(out);
    struct stat st;
    cg_status rc = CG_OK;
    if (fstat(fd, &st) != 0)
        return CG_EIO;
    if (st.st_size > 0)
        rc = cg_buf_reserve(out, (size_t)st.st_size);
    while (!rc) {
        if (cg_buf_reserve(out, 65536)) {
            rc = CG_ENOMEM;
            break;
        }
        ssize_t n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = CG_EIO;
            break;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
    }
    if (out->ptr)
        out->ptr[out->len] = '\0';
    return rc;
}

cg_status cg_read_range(int fd, uint64_t from, size_t len, cg_buf *out)
{
    cg_buf_clear(out);
    if (cg_buf_reserve(out, len + 1))
        return CG_ENOMEM;
    while (out->len < len) {
        ssize_t n = pread(fd, out->ptr + out->len, len - out->len, (off_t)(from + out->len));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return CG_EIO;
        out->len += (size_t)n;
    }
    out->ptr[out->len] = '\0';
    return CG_OK;
}

cg_status cg_hash_fd(int fd, cg_buf *scratch, uint64_t *out)
{
    uint64_t h = CG_HASH64_INIT, at = 0;
    cg_buf_clear(scratch);
    if (cg_buf_reserve(scratch, 65536))
        return CG_ENOMEM;
    for (;;) {
        ssize_t n = pread(fd, scratch->ptr, 65536, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return CG_EIO;
        if (n == 0)
            break;
        h = cg_hash64_more(h, scratch->ptr, (size_t)n);
        at += (uint64_t)n;
    }
    *out = h;
    return CG_OK;
}

char *cg_abspath(const char *p)
{
    char *r = realpath(p, NULL);
    return r;
}

cg_status cg_display_path(const char *abs, cg_buf *out)
{
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (!strcmp(cwd, "/") && abs[0] == '/')
            return cg_buf_puts(out, abs + 1);
        if (!strncmp(abs, cwd, n) && abs[n] == '/')
            return cg_buf_puts(out, abs + n + 1);
    }
    return cg_buf_puts(out, abs);
}

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

void cg_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

cg_status cg_shell_quote(const char *s, cg_buf *out)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789_./+-,:=@%";
    if (*s && strspn(s, safe) == strlen(s))
        return cg_buf_puts(out, s);
    cg_status rc = cg_buf_putc(out, '\'');
    for (; *s && !rc; s++)
        rc = *s == '\'' ? cg_buf_puts(out, "'\\''") : cg_buf_putc(out, *s);
    return rc ? rc : cg_buf_putc(out, '\'');
}
