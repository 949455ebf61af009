/* build.h — building and updating an index from a directory tree. */
#ifndef CG_BUILD_H
#define CG_BUILD_H

#include "cg.h"

struct cg_walk_opts;

typedef struct cg_build_opts {
    const char *db_path;  /* the index directory */
    const char *root;     /* the collection's directory, absolute */
    const char *root_meta; /* what the index records of root (cg_root_to_meta); set by cg_build */
    int jobs;             /* processes for a full build */
    int shards;           /* --shards: databases the index keeps (0: as it is; 1: one) */
    int store_text;       /* keep the text in the index too */
    int rebuild;          /* discard the index and build it anew */
    int progress;         /* show progress on stderr */
    const struct cg_walk_opts *walk; /* which files (walk.h); NULL: the defaults */
    uint64_t max_file_size; /* larger files are skipped (0: CG_MAX_FILE_BYTES) */
} cg_build_opts;

typedef struct cg_build_stats {
    uint64_t files;       /* files in the collection */
    uint64_t added, changed, removed, unchanged, skipped;
    uint64_t bytes;       /* bytes read and indexed */
    int full;             /* a full build (new index or --rebuild) */
    unsigned shards;      /* the index's databases, when more than one */
    int wrote;            /* the index was written */
} cg_build_stats;

/* Builds or updates the index. On error, err holds a one-line message. */
cg_status cg_build(const cg_build_opts *o, cg_build_stats *st, cg_buf *err);

#endif
