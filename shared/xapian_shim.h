/* xapian_shim.h — the C interface over Xapian's C++ API (xapian_shim.cc is the only
 * C++ file in the project). Opaque handles; every function catches every exception
 * and returns a cg_status, keeping the message in the handle (or, for the functions
 * that create a handle, in *out_errmsg, which the caller frees with free()).
 *
 * A read-only cg_db opens whatever Xapian opens at a path: a database directory, or
 * a stub file (or a directory holding one named XAPIANDB) listing local shards and
 * `remote` ones, which Xapian then searches as one database. The shim reads stub
 * files itself (Xapian's format) so that remote shards get the caller's timeouts;
 * a failing remote shard gives CG_ENETWORK and a message naming its address. */
#ifndef CG_XAPIAN_SHIM_H
#define CG_XAPIAN_SHIM_H

#include "cg.h"
#include "schema.h"

#ifdef __cplusplus
#define CG_NOEXCEPT noexcept
extern "C" {
#else
#define CG_NOEXCEPT
#endif


/* ---- queries: a tree built in C, turned into a Xapian::Query by the shim */
typedef enum cg_qop {
    CG_QOP_TERM,     /* term */
    CG_QOP_PREFIX,   /* every term starting with term (as OP_OR, usable in a phrase) */
    CG_QOP_AND,
    CG_QOP_OR,
    CG_QOP_AND_NOT,  /* kids[0] AND NOT (kids[1] OR kids[2] ...) */
    CG_QOP_PHRASE,   /* kids on consecutive positions, in order */
    CG_QOP_NOTHING,  /* matches no document */
    CG_QOP_AND_MAYBE, /* what kids[0] matches; kids[1..] add to the score where they match */
    CG_QOP_SCALE     /* kids[0] with its score multiplied by scale (>= 0) */
} cg_qop;

typedef struct cg_qnode {
    cg_qop op;
    char *term;        /* CG_QOP_TERM, CG_QOP_PREFIX */
    size_t term_len;
    struct cg_qnode **kids;
    size_t nkids;
    double scale;      /* CG_QOP_SCALE */
    unsigned window;   /* CG_QOP_PHRASE: kids in order within this many positions
                          (0: on consecutive positions) */
} cg_qnode;

/* ---- read side */
typedef struct cg_db cg_db;

CG_EXPORT cg_status cg_db_open(const char *path, cg_db **out, char **out_errmsg) CG_NOEXCEPT;
/* How long a remote shard may take (0: Xapian's default, 10 s each). */
typedef struct cg_db_open_opts {
    unsigned timeout_ms;         /* to answer any one request */
    unsigned connect_timeout_ms; /* to accept the connection */
} cg_db_open_opts;
/* cg_db_open with opts (NULL: the defaults). */
CG_EXPORT cg_status cg_db_open_with(const char *path, const cg_db_open_opts *opts, cg_db **out,
                                    char **out_errmsg) CG_NOEXCEPT;
/* 1 when a shard of db is remote (xapian-tcpsrv): the synonym table (cg_db_synonyms)
 * is then not available over it. */
CG_EXPORT int cg_db_has_remote(const cg_db *db) CG_NOEXCEPT;
CG_EXPORT void cg_db_close(cg_db *db) CG_NOEXCEPT;
/* The last error; owned by db, valid until the next call on db. */
CG_EXPORT const char *cg_db_errmsg(const cg_db *db) CG_NOEXCEPT;
/* Reads metadata key into out (empty when unset). */
CG_EXPORT cg_status cg_db_metadata(cg_db *db, const char *key, cg_buf *out) CG_NOEXCEPT;
CG_EXPORT cg_status cg_db_doccount(cg_db *db, uint32_t *out_count) CG_NOEXCEPT;
/* Calls fn for each synonym of key (the index's stem vocabulary). */
CG_EXPORT cg_status cg_db_synonyms(cg_db *db, const char *key, size_t key_len,
                                   cg_status (*fn)(void *ctx, const char *s, size_t len),
                                   void *ctx) CG_NOEXCEPT;

typedef struct cg_hit {
    uint32_t docid;
    double score;
    char *data;      /* document data; owned by the cg_hits */
    size_t data_len;
    uint32_t collapse_count; /* other documents of the same file that matched */
} cg_hit;

typedef struct cg_hits {
    cg_hit *hit;
    size_t n;
    uint32_t estimated; /* Xapian's estimate of the total number of matching documents */
} cg_hits;

typedef struct cg_search_opts {
    uint32_t offset;
    uint32_t limit;   /* 0: all */
    int unranked;     /* boolean weighting, document order (for -l) */
} cg_search_opts;

/* BM25's k1 and b for the searches on db (Xapian's defaults, 1 and 0.5, until set). */
CG_EXPORT cg_status cg_db_set_bm25(cg_db *db, double k1, double b) CG_NOEXCEPT;
/* Runs q, one hit per file (collapsed on CG_SLOT_PATH), best first. */
CG_EXPORT cg_status cg_db_search(cg_db *db, const cg_qnode *q, const cg_search_opts *opts,
                                 cg_hits *out) CG_NOEXCEPT;
CG_EXPORT void cg_hits_free(cg_hits *h) CG_NOEXCEPT;
/* The documents of the file split into parts at path (value slot CG_SLOT_PATH) that
 * match q, in docid order, unweighted: a searcher counts the passages of every part. */
CG_EXPORT cg_status cg_db_file_parts(cg_db *db, const cg_qnode *q, const char *path,
                                     size_t path_len, cg_hits *out) CG_NOEXCEPT;

/* *out = the score q gives document docid (0 when q does not match it), as the
 * same q would give it in cg_db_search. For --explain: it runs q over the index. */
CG_EXPORT cg_status cg_db_score_of(cg_db *db, const cg_qnode *q, uint32_t docid,
                                   double *out) CG_NOEXCEPT;
/* Statistics BM25 weighs with: how often term is in document docid (its wdf), in
 * how many documents it is, the document's length, and the index's document
 * count and average length. */
typedef struct cg_term_stats {
    uint32_t wdf, termfreq, doclen, doccount;
    double avlen;
} cg_term_stats;
CG_EXPORT cg_status cg_db_term_stats(cg_db *db, uint32_t docid, const char *term, size_t len,
                                     cg_term_stats *out) CG_NOEXCEPT;

/* Appends to *pos (realloc'd; *n, *cap updated) the positions in document docid of
 * the terms node stands for: a term, an OR of terms, or every term with a prefix.
 * Unsorted, possibly repeated. */
CG_EXPORT cg_status cg_db_positions(cg_db *db, uint32_t docid, const cg_qnode *node,
                                    uint32_t **pos, size_t *n, size_t *cap) CG_NOEXCEPT;

/* Reading the index back as it is stored (bench/xapian-replay; a dump). Each function
 * calls fn for each item, in Xapian's order; a non-zero status from fn stops the walk
 * and is returned. Pointers passed to fn are valid during the call only. A docid that
 * is not in the index gives CG_ENOTFOUND. */
/* Every document, in docid order, with its data. */
CG_EXPORT cg_status cg_db_each_doc(cg_db *db,
                                   cg_status (*fn)(void *ctx, uint32_t docid, const char *data,
                                                   size_t len),
                                   void *ctx) CG_NOEXCEPT;
/* Each term of document docid, in term order, with its wdf and its positions
 * (ascending; npos is 0 for a term added without one). */
CG_EXPORT cg_status cg_db_doc_terms(cg_db *db, uint32_t docid,
                                    cg_status (*fn)(void *ctx, const char *term, size_t len,
                                                    uint32_t wdf, const uint32_t *pos,
                                                    size_t npos),
                                    void *ctx) CG_NOEXCEPT;
/* Each value of document docid, by slot. */
CG_EXPORT cg_status cg_db_doc_values(cg_db *db, uint32_t docid,
                                     cg_status (*fn)(void *ctx, unsigned slot, const char *v,
                                                     size_t len),
                                     void *ctx) CG_NOEXCEPT;
/* Each synonym of each key of the synonym table, keys in order. */
CG_EXPORT cg_status cg_db_each_synonym(cg_db *db,
                                       cg_status (*fn)(void *ctx, const char *key, size_t key_len,
                                                       const char *syn, size_t syn_len),
                                       void *ctx) CG_NOEXCEPT;
/* Each metadata entry, keys in order (key NUL-terminated, as cg_wdb_set_metadata takes it). */
CG_EXPORT cg_status cg_db_each_metadata(cg_db *db,
                                        cg_status (*fn)(void *ctx, const char *key,
                                                        const char *value, size_t len),
                                        void *ctx) CG_NOEXCEPT;

/* ---- write side */
/* (cgindex sets XAPIAN_FLUSH_THRESHOLD: CG_FLUSH_THRESHOLD in schema.h says why.) */

typedef struct cg_wdb cg_wdb;

/* Opens (creating when create is non-zero) a writable database at path. */
CG_EXPORT cg_status cg_wdb_open(const char *path, int create, cg_wdb **out, char **out_errmsg) CG_NOEXCEPT;
/* For an existing database (create == 0), commits nothing: pending changes are
 * dropped (the handle works inside a Xapian transaction, which only cg_wdb_commit()
 * commits). A new one is committed as Xapian does (at each flush and here). */
CG_EXPORT void cg_wdb_close(cg_wdb *w) CG_NOEXCEPT;
CG_EXPORT const char *cg_wdb_errmsg(const cg_wdb *w) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_metadata(cg_wdb *w, const char *key, cg_buf *out) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_set_metadata(cg_wdb *w, const char *key, const char *value, size_t len) CG_NOEXCEPT;
/* Calls fn(ctx, docid, data) for every document, in docid order. */
CG_EXPORT cg_status cg_wdb_each_doc(cg_wdb *w,
                                    cg_status (*fn)(void *ctx, uint32_t docid, const char *data,
                                                    size_t len),
                                    void *ctx) CG_NOEXCEPT;
/* Starts a new pending document (dropping any unfinished one). */
CG_EXPORT cg_status cg_wdb_doc_begin(cg_wdb *w) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_doc_posting(cg_wdb *w, const char *term, size_t len, uint32_t pos) CG_NOEXCEPT;
/* A term with no position (wdf 1). */
CG_EXPORT cg_status cg_wdb_doc_term(cg_wdb *w, const char *term, size_t len) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_doc_value(cg_wdb *w, unsigned slot, const char *v, size_t len) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_doc_data(cg_wdb *w, const char *data, size_t len) CG_NOEXCEPT;
/* Adds the pending document. */
CG_EXPORT cg_status cg_wdb_doc_add(cg_wdb *w) CG_NOEXCEPT;
/* Deletes document docid. */
CG_EXPORT cg_status cg_wdb_delete_doc(cg_wdb *w, uint32_t docid) CG_NOEXCEPT;
CG_EXPORT cg_status cg_wdb_add_synonym(cg_wdb *w, const char *key, size_t key_len,
                                       const char *syn, size_t syn_len) CG_NOEXCEPT;
/* Commits every change since the open or the last commit, atomically. A full disk
 * gives CG_ENOSPACE (from any writing call). */
CG_EXPORT cg_status cg_wdb_commit(cg_wdb *w) CG_NOEXCEPT;

/* Merges the databases srcs[0..n) into a new database at dest (xapian-compact).
 * Each source keeps its own posting-list chunks, so even a small merged index has
 * several: Xapian 1.4's boolean search needs the workaround in build()'s term_query
 * (doc/INDEX-FORMAT.md, "Deleted documents"); the merge itself is sound. */
CG_EXPORT cg_status cg_compact(const char *const *srcs, size_t n, const char *dest,
                               char **out_errmsg) CG_NOEXCEPT;

/* Appends the Snowball English stem of word[0..len) to out. */
CG_EXPORT cg_status cg_stem_english(const char *word, size_t len, cg_buf *out) CG_NOEXCEPT;
/* Appends word[0..len)'s key in the stem vocabulary (the synonym table):
 * CG_PREFIX_STEM + its stem. *is_own_stem is 1 when the stem is the word itself;
 * such a word has no entry, since a stemmed query looks the stem up as a term. */
CG_EXPORT cg_status cg_stem_key(const char *word, size_t len, cg_buf *out,
                                int *is_own_stem) CG_NOEXCEPT;

/* Xapian's version string ("1.4.22"). */
CG_EXPORT const char *cg_xapian_version(void) CG_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
