/* writer.h — indexing one file into an open Xapian database: decoding, the
 * pipeline, its documents and terms, and the stem vocabulary. build.c decides which
 * files and into which database (full build or incremental update). */
#ifndef CG_WRITER_H
#define CG_WRITER_H

#include "build.h"
#include "strmap.h"
#include "walk.h"
#include "xapian_shim.h"

typedef struct writer {
    cg_wdb *w;
    cg_pipeline *pl;
    const cg_build_opts *o;
    cg_text text;
    cg_text title;       /* the title line through the pipeline (title.h) */
    cg_buf raw, conv, term, data, key;
    cg_strmap words;     /* every word indexed, for the stem vocabulary */
    cg_build_stats *st;
    uint64_t unflushed;  /* text bytes added since the last commit (CG_FLUSH_BYTES) */
} writer;

/* Opens (creating when create is non-zero) the database at path for writing and a
 * pipeline. On error, err holds a one-line message; writer_close() is still due. */
cg_status writer_open(writer *x, const cg_build_opts *o, cg_build_stats *st, const char *path,
                      int create, cg_buf *err);
void writer_close(writer *x);
/* Records the pipeline fingerprint and the root in the database's metadata. */
cg_status set_identity(writer *x);
/* Indexes one file. A file that cannot be read or decoded is skipped with a warning
 * (and counted in st->skipped); other errors are returned with err set. */
cg_status index_file(writer *x, const cg_walk_file *f, cg_buf *err);
/* Adds the stem vocabulary of every word indexed since writer_open(). */
cg_status add_stems(writer *x);
/* One warning line on stderr: "cgindex: warning: PATH: WHAT". */
void warn(const char *path, const char *what);

#endif
