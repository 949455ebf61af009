/* walk.h — the files cgindex indexes below a root. */
#ifndef CG_WALK_H
#define CG_WALK_H

#include "cg.h"

typedef struct cg_walk_file {
    char *rel;          /* path below the root, '/'-separated */
    uint64_t size;
    int64_t mtime_ns;
} cg_walk_file;

typedef struct cg_walk {
    cg_walk_file *f;
    size_t n, cap;
} cg_walk;

/* Lists the regular files below root in a stable (byte-wise sorted) order, skipping
 * dot-files and dot-folders (.git, .cgsearch) and symbolic links, as ripgrep does by
 * default. Unreadable folders are reported through warn and skipped. */
cg_status cg_walk_tree(const char *root, cg_walk *out,
                       void (*warn)(const char *path, const char *what));
void cg_walk_free(cg_walk *w);

#endif
