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

/* What to list (the command line's --glob, --iglob and --no-ignore). */
typedef struct cg_walk_glob {
    const char *pattern;  /* a gitignore pattern; '!' excludes */
    int nocase;           /* --iglob */
} cg_walk_glob;

typedef struct cg_walk_opts {
    const cg_walk_glob *globs;  /* in the order ripgrep applies them: --glob, then --iglob */
    size_t nglobs;
    int no_ignore;              /* no ignore files at all */
} cg_walk_opts;

/* Lists the regular files below root in a stable (byte-wise sorted) order, as
 * `rg --files` would: dot-files and dot-folders, symbolic links, FIFOs and devices
 * are skipped, and so is what the ignore files say (.cgsearchignore over .ignore over
 * .gitignore, the deeper over the shallower, .gitignore only inside a git
 * repository; also those of root's parent folders) unless o->no_ignore; the globs
 * of o decide first. .git and .cgsearch folders are never entered. Unreadable
 * folders and ignore files are reported through warn and skipped. o may be NULL
 * (no globs, ignore files read). The globs must be valid (cg_ignore_add_line). */
cg_status cg_walk_tree(const char *root, const cg_walk_opts *o, cg_walk *out,
                       void (*warn)(const char *path, const char *what));
void cg_walk_free(cg_walk *w);

#endif
