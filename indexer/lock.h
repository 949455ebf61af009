/* lock.h — one writer per index: every cgindex run holds CG_LOCK_FILE inside the
 * index directory (flock, with its pid written in it) from before it reads anything
 * until it exits (doc/INDEX-FORMAT.md, "Where it is"). */
#ifndef CG_LOCK_H
#define CG_LOCK_H

#include "cg.h"

typedef struct cg_lock {
    int fd;      /* the locked file, or -1 */
    int created; /* this run created the index directory (it held no index) */
    char *dir;
} cg_lock;

/* Takes the lock of the index at dir, creating dir when nothing is there. Refuses a
 * directory that holds other files (not an index: CG_EINVAL) and an index another
 * cgindex is writing (CG_ELOCKED: err names its pid). Fails at once, never waits for
 * a live writer. On error err holds one line and nothing was written. */
cg_status cg_lock_index(const char *dir, cg_lock *lk, cg_buf *err);

/* Locks CG_LOCK_FILE in a new index directory this process made (a full build's
 * merged index) before it is swapped in, so that the lock holds across the swap.
 * The fd is returned in *fd (closed at exit). */
cg_status cg_lock_new_dir(const char *dir, int *fd, cg_buf *err);

/* Drops the lock. When failed and the directory holds no index, the lock file is
 * removed, and the directory too when this run created it. */
void cg_lock_release(cg_lock *lk, int failed);

#endif
