/* search.c — the query path shared by every output: index → hits → files → passages.
 *
 * The index holds no text (unless built with --store-text), so each hit's file is
 * read again and run through the same pipeline as at indexing time; its size, mtime
 * and hash tell whether it changed since. */
#define _POSIX_C_SOURCE 200809L
#include "search.h"

#include "dbpath.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct cg_searcher {
    cg_db *db;
    cg_pipeline *pl;
    char *root;
    cg_buf raw, conv;
    cg_text text;
    cg_occurrence *occ;
    size_t occ_cap;
    char errmsg[1024];
};

cg_status cg_searcher_open(const char *db_path, cg_searcher **out, char **out_errmsg)
{
    *out = NULL;
    *out_errmsg = NULL;
    cg_searcher *s = calloc(1, sizeof *s);
    if (!s)
        return CG_ENOMEM;
    cg_buf m = {0}, v = {0};
    cg_status rc = cg_db_open(db_path, &s->db, out_errmsg);
    if (!rc)
        rc = cg_pipeline_new(&s->pl, out_errmsg);
    if (!rc)
        rc = cg_db_metadata(s->db, CG_META_FINGERPRINT, &v);
    if (!rc && (!v.len || strcmp(v.ptr, cg_pipeline_fingerprint()))) {
        cg_buf_printf(&m, "index %s was built by an incompatible pipeline (%s; this is %s): "
                      "rebuild it with 'cgindex --rebuild --db %s'",
                      db_path, v.len ? v.ptr : "none recorded", cg_pipeline_fingerprint(), db_path);
        *out_errmsg = cg_buf_detach(&m);
        rc = CG_EVERSION;
    }
    cg_buf_clear(&v);
    if (!rc)
        rc = cg_db_metadata(s->db, CG_META_ROOT, &v);
    if (!rc) {
        s->root = cg_buf_detach(&v);
        if (!s->root)
            rc = CG_ENOMEM;
    }
    if (rc && !*out_errmsg && s->db) {
        cg_buf_printf(&m, "%s", cg_db_errmsg(s->db));
        *out_errmsg = cg_buf_detach(&m);
    }
    cg_buf_free(&v);
    cg_buf_free(&m);
    if (rc) {
        cg_searcher_free(s);
        return rc;
    }
    *out = s;
    return CG_OK;
}

void cg_searcher_free(cg_searcher *s)
{
    if (!s)
        return;
    cg_db_close(s->db);
    cg_pipeline_free(s->pl);
    free(s->root);
    cg_buf_free(&s->raw);
    cg_buf_free(&s->conv);
    cg_text_free(&s->text);
    free(s->occ);
    free(s);
}

const char *cg_searcher_errmsg(const cg_searcher *s)
{
    return s->errmsg;
}

cg_pipeline *cg_searcher_pipeline(cg_searcher *s)
{
    return s->pl;
}

const char *cg_searcher_root(const cg_searcher *s)
{
    return s->root;
}

cg_status cg_searcher_parse(cg_searcher *s, const char *q, size_t len, int stem, cg_query **out,
                            char **out_errmsg)
{
    cg_status rc = cg_query_parse(s->pl, q, len, stem, out, out_errmsg);
    if (!rc && stem) {
        rc = cg_query_expand_stems(*out, s->db);
        if (rc) {
            cg_buf m = {0};
            cg_buf_printf(&m, "%s", cg_db_errmsg(s->db));
            *out_errmsg = cg_buf_detach(&m);
            cg_query_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

cg_status cg_searcher_run(cg_searcher *s, const cg_query *q, const cg_search_opts *opts,
                          cg_hits *out)
{
    cg_qnode *tree = NULL;
    cg_status rc = cg_query_tree(q, &tree);
    if (!rc) {
        rc = cg_db_search(s->db, tree, opts, out);
        if (rc)
            snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_db_errmsg(s->db));
    }
    cg_qnode_free(tree);
    return rc;
}

/* 1 when every token of every part is a CJK character. */
static int query_is_cjk_only(const cg_query *q)
{
    for (size_t k = 0; k < q->nparts; k++)
        for (size_t i = 0; i < q->part[k].text.ntok; i++)
            if (!q->part[k].text.tok[i].cjk)
                return 0;
    return 1;
}

cg_status cg_searcher_file(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                           cg_view_mode mode, cg_file_view *out)
{
    memset(out, 0, sizeof *out);
    cg_status rc = cg_docinfo_decode(hit->data, hit->data_len, &out->info);
    if (rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "[search] document %u has damaged data", hit->docid);
        return rc;
    }
    cg_buf p = {0};
    rc = cg_buf_printf(&p, "%s/%.*s", s->root, (int)out->info.path_len, out->info.path);
    if (rc)
        return rc;
    out->abs_path = cg_buf_detach(&p);
    if (!out->abs_path)
        return CG_ENOMEM;

    struct stat st;
    int exists = stat(out->abs_path, &st) == 0 && S_ISREG(st.st_mode);
    if (mode == CG_VIEW_EXISTS) {
        out->state = exists ? CG_FILE_FRESH : out->info.text ? CG_FILE_STORED : CG_FILE_DELETED;
        return CG_OK;
    }
    rc = exists ? cg_read_file(out->abs_path, &s->raw) : CG_ENOTFOUND;
    const char *text = NULL;
    size_t text_len = 0, offset = 0;
    if (!rc) {
        int64_t mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        int same = (uint64_t)st.st_size == out->info.size &&
                   (mt == out->info.mtime_ns || cg_hash64(s->raw.ptr, s->raw.len) == out->info.hash);
        out->state = same ? CG_FILE_FRESH : CG_FILE_STALE;
        const char *enc;
        if (cg_decode(s->raw.ptr, s->raw.len, &s->conv, &text, &text_len, &offset, &enc))
            text = NULL;
    }
    if (out->info.text && (!text || out->state == CG_FILE_STALE)) {
        /* The stored copy is what was indexed. */
        text = out->info.text;
        text_len = out->info.text_len;
        if (!exists)
            out->state = CG_FILE_STORED;
    } else if (!text) {
        out->state = exists ? CG_FILE_STALE : CG_FILE_DELETED;
        return CG_OK;
    }
    out->src = text;
    out->src_len = text_len;
    cg_pipeline_set_word_placeholders(s->pl, query_is_cjk_only(q));
    rc = cg_pipeline_run(s->pl, text, text_len, &s->text);
    cg_pipeline_set_word_placeholders(s->pl, 0);
    if (rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_pipeline_errmsg(s->pl));
        return rc;
    }
    size_t nocc = 0;
    rc = cg_query_find(q, &s->text, &s->occ, &nocc, &s->occ_cap);
    if (!rc)
        rc = cg_file_matches_build(&s->text, text, text_len, s->occ, nocc,
                                   mode == CG_VIEW_ALL, &out->m);
    return rc;
}

void cg_file_view_free(cg_file_view *v)
{
    if (!v)
        return;
    free(v->abs_path);
    cg_file_matches_free(&v->m);
    memset(v, 0, sizeof *v);
}
