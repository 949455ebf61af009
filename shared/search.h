/* search.h — the one query path: open an index, run a query, and for each hit load
 * the file again and find its matching passages. cgsearch and the tests use it. */
#ifndef CG_SEARCH_H
#define CG_SEARCH_H

#include "cg.h"
#include "docdata.h"
#include "schema.h"
#include "query.h"
#include "rank.h"
#include "snippet.h"
#include "xapian_shim.h"


typedef struct cg_searcher cg_searcher;

/* Opens the index at db_path and checks that its pipeline fingerprint is ours
 * (CG_EVERSION otherwise). On failure *out is NULL and *out_errmsg says why
 * (caller frees with free()). */
cg_status cg_searcher_open(const char *db_path, cg_searcher **out, char **out_errmsg);
/* The same with the timeouts of remote shards (opts NULL: Xapian's defaults). */
cg_status cg_searcher_open_with(const char *db_path, const cg_db_open_opts *opts,
                                cg_searcher **out, char **out_errmsg);
void cg_searcher_free(cg_searcher *s);
const char *cg_searcher_errmsg(const cg_searcher *s);
cg_pipeline *cg_searcher_pipeline(cg_searcher *s);
/* The indexed directory (absolute). Owned by s. */
const char *cg_searcher_root(const cg_searcher *s);
/* The open index, and the weights results are ranked by (for --explain). */
cg_db *cg_searcher_db(cg_searcher *s);
const cg_rank_weights *cg_searcher_weights(const cg_searcher *s);
/* Sets the message cg_searcher_errmsg() gives (for modules beside search.c). */
void cg_searcher_fail(cg_searcher *s, const char *msg);

/* Parses query text (see cg_query_parse), expanding stems when asked. */
cg_status cg_searcher_parse(cg_searcher *s, const char *q, size_t len, int stem, cg_query **out,
                            char **out_errmsg);
/* Runs q; the hits are ranked files (one per file). Free with cg_hits_free(). */
cg_status cg_searcher_run(cg_searcher *s, const cg_query *q, const cg_search_opts *opts,
                          cg_hits *out);

typedef enum cg_file_state {
    CG_FILE_FRESH,   /* the file is as indexed */
    CG_FILE_STALE,   /* the file changed since indexing */
    CG_FILE_DELETED, /* the file is gone (and no text was stored) */
    CG_FILE_STORED   /* the file is unreadable or gone; the stored text is used */
} cg_file_state;

typedef struct cg_file_view {
    cg_docinfo info;     /* points into the hit's data */
    char *abs_path;      /* root + path; caller-owned through cg_file_view_free */
    cg_file_state state;
    const char *src;     /* the text snippets cut from; owned by the searcher, valid
                            until the next cg_searcher_file() */
    size_t src_len;
    uint64_t src_offset; /* where src starts in the file's whole decoded text (a file
                            indexed in parts is read one part at a time) */
    uint64_t src_line;   /* the line src starts on (1-based) */
    cg_file_matches m;
} cg_file_view;

/* How much of a hit's file cg_searcher_file() looks at. */
typedef enum cg_view_mode {
    CG_VIEW_EXISTS,   /* only whether the file is still there (for -l) */
    CG_VIEW_BEST,     /* the best passage and the number of matching passages */
    CG_VIEW_ALL       /* every matching passage */
} cg_view_mode;

/* Loads hit's file (or its stored text) and finds q's matching passages, as far as
 * mode asks. */
cg_status cg_searcher_file(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                           cg_view_mode mode, cg_file_view *out);
void cg_file_view_free(cg_file_view *v);

#endif
