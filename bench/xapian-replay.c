/* xapian-replay — Xapian alone writing an index cgindex wrote: bench/run's floor.
 *
 * usage: xapian-replay SRC_INDEX DEST_INDEX
 *
 * Reads every document of SRC_INDEX (its terms with their positions, its data and
 * values), the synonym table and the metadata into memory; that is not timed. Then
 * writes them into a new index DEST_INDEX exactly as `cgindex --jobs 1` does a full
 * build (indexer/build.c, build_shard and full_build): the flush threshold cgindex
 * sets, the metadata first, then per document the same shim calls in the same order
 * (a posting per position, in position order, as the tokens come; the path value;
 * the data; add), the synonyms, commit, and cg_compact of the one shard built in a
 * temporary directory into the final one. No file is read and no text processed,
 * so the time is the least any indexer can take to write this index through
 * Xapian's public API with these calls (another flush threshold, or no compaction,
 * is another floor). Documents are numbered 1..N in SRC's docid order, as a full
 * build numbers them; for an index cgindex built, every table of DEST comes out
 * byte-identical to SRC's (only the UUID differs).
 *
 * Prints one line on stdout:
 *   xapian-replay: N documents, P postings in W.WW s (write A.AA s, commit B.BB s, compact C.CC s)
 * where W = A + B + C, wall time from a monotonic clock. "write" runs from opening
 * the new index to the last synonym, "commit" includes closing it, and "compact"
 * includes moving the result into place and removing the shard, as cgindex does.
 * Exit status: 0 on success, 2 on error (one line on stderr). */
#define _XOPEN_SOURCE 700
#include "dbpath.h"
#include "xapian_shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A byte string in the arena (offsets, not pointers: the arena moves as it grows). */
typedef struct span {
    size_t off, len;
} span;

typedef struct posting {
    uint32_t pos;  /* 0: a term without positions (cg_wdb_doc_term: the whole-title key) */
    uint32_t term; /* index into replay.term */
} posting;

typedef struct value {
    unsigned slot;
    span v;
} value;

typedef struct doc {
    span data;
    size_t post_from, npost;
    size_t val_from, nval;
} doc;

typedef struct pair {
    span a, b; /* synonym: key, synonym; metadata: NUL-terminated key, value */
} pair;

/* An array that grows by doubling. */
typedef struct vec {
    void *p;
    size_t n, cap;
} vec;

typedef struct replay {
    cg_db *src;
    cg_buf bytes;   /* every string read from SRC */
    vec term;       /* span: the distinct terms of each document, document after document */
    vec post;       /* posting */
    vec val;        /* value */
    vec doc;        /* doc */
    vec syn, meta;  /* pair */
    cg_buf err;     /* why a callback stopped the reading */
} replay;

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "xapian-replay: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A pointer to a new, uninitialised element of v (of size bytes), or NULL. */
static void *vec_push(vec *v, size_t size)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 1024;
        void *p = realloc(v->p, cap * size);
        if (!p)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    return (char *)v->p + size * v->n++;
}

static cg_status put(replay *r, const char *s, size_t len, span *out)
{
    out->off = r->bytes.len;
    out->len = len;
    return len ? cg_buf_append(&r->bytes, s, len) : CG_OK;
}

static const char *at(const replay *r, span s)
{
    return r->bytes.ptr ? r->bytes.ptr + s.off : "";
}

/* ---- phase 1: reading SRC into memory */

static cg_status load_term(void *ctx, const char *term, size_t len, uint32_t wdf,
                           const uint32_t *pos, size_t npos)
{
    replay *r = ctx;
    /* cgindex adds every term with a position, one wdf each, but for the one term
     * without positions it adds with wdf 1 (the whole-title key, CG_PREFIX_TITLE_KEY):
     * another term could not be written with the same calls. */
    if (wdf != npos && !(wdf == 1 && npos == 0)) {
        cg_buf_printf(&r->err, "term '%.*s' has wdf %u but %zu positions: SRC was not written "
                      "by cgindex", (int)len, term, wdf, npos);
        return CG_EINVAL;
    }
    span *t = vec_push(&r->term, sizeof *t);
    if (!t || r->term.n > UINT32_MAX)
        return CG_ENOMEM;
    cg_status rc = put(r, term, len, t);
    if (!rc && npos == 0) {
        posting *p = vec_push(&r->post, sizeof *p);
        if (!p)
            return CG_ENOMEM;
        *p = (posting){.pos = 0, .term = (uint32_t)(r->term.n - 1)};
    }
    for (size_t i = 0; i < npos && !rc; i++) {
        posting *p = vec_push(&r->post, sizeof *p);
        if (!p)
            return CG_ENOMEM;
        *p = (posting){.pos = pos[i], .term = (uint32_t)(r->term.n - 1)};
    }
    return rc;
}

static cg_status load_value(void *ctx, unsigned slot, const char *v, size_t len)
{
    replay *r = ctx;
    value *x = vec_push(&r->val, sizeof *x);
    if (!x)
        return CG_ENOMEM;
    x->slot = slot;
    return put(r, v, len, &x->v);
}

/* cgindex adds a document's postings token by token, that is by position. */
static int by_position(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return (x->term > y->term) - (x->term < y->term);
}

static cg_status load_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    replay *r = ctx;
    doc *d = vec_push(&r->doc, sizeof *d);
    if (!d)
        return CG_ENOMEM;
    size_t k = r->doc.n - 1;
    d->post_from = r->post.n;
    d->val_from = r->val.n;
    cg_status rc = put(r, data, len, &d->data);
    if (!rc)
        rc = cg_db_doc_terms(r->src, docid, load_term, r);
    if (!rc)
        rc = cg_db_doc_values(r->src, docid, load_value, r);
    d = (doc *)r->doc.p + k;
    d->npost = r->post.n - d->post_from;
    d->nval = r->val.n - d->val_from;
    qsort((posting *)r->post.p + d->post_from, d->npost, sizeof(posting), by_position);
    return rc;
}

static cg_status load_pair(replay *r, vec *v, const char *a, size_t alen, const char *b,
                           size_t blen)
{
    pair *p = vec_push(v, sizeof *p);
    if (!p)
        return CG_ENOMEM;
    cg_status rc = put(r, a, alen, &p->a);
    return rc ? rc : put(r, b, blen, &p->b);
}

static cg_status load_synonym(void *ctx, const char *key, size_t key_len, const char *syn,
                              size_t syn_len)
{
    replay *r = ctx;
    return load_pair(r, &r->syn, key, key_len, syn, syn_len);
}

static cg_status load_metadata(void *ctx, const char *key, const char *v, size_t len)
{
    replay *r = ctx;
    return load_pair(r, &r->meta, key, strlen(key) + 1, v, len); /* with the key's NUL */
}

static void load(replay *r, const char *path)
{
    char *msg = NULL;
    cg_status rc = cg_db_open(path, &r->src, &msg);
    if (rc)
        die("cannot open %s: %s", path, msg ? msg : cg_status_str(rc));
    rc = cg_db_each_metadata(r->src, load_metadata, r);
    if (!rc)
        rc = cg_db_each_doc(r->src, load_doc, r);
    if (!rc)
        rc = cg_db_each_synonym(r->src, load_synonym, r);
    if (rc)
        die("cannot read %s: %s", path,
            r->err.len ? r->err.ptr : *cg_db_errmsg(r->src) ? cg_db_errmsg(r->src)
                                                           : cg_status_str(rc));
    cg_db_close(r->src);
    r->src = NULL;
}

static void replay_free(replay *r)
{
    cg_db_close(r->src);
    cg_buf_free(&r->bytes);
    cg_buf_free(&r->err);
    vec *v[] = {&r->term, &r->post, &r->val, &r->doc, &r->syn, &r->meta};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        free(v[i]->p);
}

/* ---- phase 2: writing DEST as cgindex --jobs 1 does */

static cg_status write_doc(const replay *r, cg_wdb *w, const doc *d)
{
    const span *term = r->term.p;
    const posting *p = (const posting *)r->post.p + d->post_from;
    const value *v = (const value *)r->val.p + d->val_from;
    cg_status rc = cg_wdb_doc_begin(w);
    for (size_t i = 0; i < d->npost && !rc; i++)
        rc = p[i].pos ? cg_wdb_doc_posting(w, at(r, term[p[i].term]), term[p[i].term].len, p[i].pos)
                      : cg_wdb_doc_term(w, at(r, term[p[i].term]), term[p[i].term].len);
    for (size_t i = 0; i < d->nval && !rc; i++)
        rc = cg_wdb_doc_value(w, v[i].slot, at(r, v[i].v), v[i].v.len);
    if (!rc)
        rc = cg_wdb_doc_data(w, at(r, d->data), d->data.len);
    if (!rc)
        rc = cg_wdb_doc_add(w);
    return rc;
}

static cg_status write_all(const replay *r, cg_wdb *w)
{
    const pair *m = r->meta.p, *s = r->syn.p;
    const doc *d = r->doc.p;
    cg_status rc = CG_OK;
    for (size_t i = 0; i < r->meta.n && !rc; i++)
        rc = cg_wdb_set_metadata(w, at(r, m[i].a), at(r, m[i].b), m[i].b.len);
    for (size_t i = 0; i < r->doc.n && !rc; i++)
        rc = write_doc(r, w, &d[i]);
    for (size_t i = 0; i < r->syn.n && !rc; i++)
        rc = cg_wdb_add_synonym(w, at(r, s[i].a), s[i].a.len, at(r, s[i].b), s[i].b.len);
    return rc;
}

typedef struct timing {
    double write, commit, compact;
} timing;

/* Builds the shard at shard, then compacts it into dest through merged. On failure,
 * err holds why. */
static cg_status replay_into(const replay *r, const char *shard, const char *merged,
                             const char *dest, timing *t, cg_buf *err)
{
    double t0 = now();
    cg_wdb *w = NULL;
    char *msg = NULL;
    cg_status rc = cg_wdb_open(shard, 1, &w, &msg);
    if (rc) {
        cg_buf_printf(err, "cannot create %s: %s", shard, msg ? msg : cg_status_str(rc));
        free(msg);
        return rc;
    }
    rc = write_all(r, w);
    double t1 = now();
    if (!rc)
        rc = cg_wdb_commit(w);
    if (rc)
        cg_buf_printf(err, "cannot write %s: %s", shard, cg_wdb_errmsg(w));
    cg_wdb_close(w);
    double t2 = now();
    if (rc)
        return rc;
    const char *srcs[] = {shard};
    rc = cg_compact(srcs, 1, merged, &msg);
    if (rc) {
        cg_buf_printf(err, "cannot compact %s: %s", shard, msg ? msg : cg_status_str(rc));
        free(msg);
        return rc;
    }
    if (rename(merged, dest) != 0) {
        cg_buf_printf(err, "cannot move the new index to %s: %s", dest, strerror(errno));
        return CG_EIO;
    }
    cg_remove_tree(shard);
    *t = (timing){.write = t1 - t0, .commit = t2 - t1, .compact = now() - t2};
    return CG_OK;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xapian-replay SRC_INDEX DEST_INDEX\n");
        return 2;
    }
    const char *src = argv[1], *dest = argv[2];
    struct stat sb;
    if (stat(dest, &sb) == 0)
        die("%s exists: give a new path for the replayed index", dest);
    /* What cgindex sets before it opens its shard (indexer/cgindex.c). */
    setenv("XAPIAN_FLUSH_THRESHOLD", CG_FLUSH_THRESHOLD, 0);

    replay r = {0};
    load(&r, src);

    cg_buf tmp = {0}, shard = {0}, merged = {0}, err = {0};
    if (cg_buf_printf(&tmp, "%s.replay.%ld", dest, (long)getpid()) ||
        cg_buf_printf(&shard, "%s/shard-000", tmp.ptr) ||
        cg_buf_printf(&merged, "%s/merged", tmp.ptr))
        die("out of memory");
    cg_remove_tree(tmp.ptr);
    if (mkdir(tmp.ptr, 0777) != 0)
        die("cannot create %s: %s", tmp.ptr, strerror(errno));
    timing t;
    cg_status rc = replay_into(&r, shard.ptr, merged.ptr, dest, &t, &err);
    cg_remove_tree(tmp.ptr);
    if (rc)
        die("%s", err.len ? err.ptr : cg_status_str(rc));
    printf("xapian-replay: %zu documents, %zu postings in %.2f s (write %.2f s, commit %.2f s, "
           "compact %.2f s)\n", r.doc.n, r.post.n, t.write + t.commit + t.compact, t.write,
           t.commit, t.compact);
    replay_free(&r);
    cg_buf_free(&tmp);
    cg_buf_free(&shard);
    cg_buf_free(&merged);
    cg_buf_free(&err);
    return fflush(stdout) ? 2 : 0;
}
