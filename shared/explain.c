/* explain.c — cgsearch --explain: a result's score taken apart (explain.h). */
#include "explain.h"

#include "escape.h"
#include "rank.h"
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a kid to e (zeroed, its description formatted); NULL when out of memory. */
static cg_explanation *add(cg_explanation *e, double value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static cg_explanation *add(cg_explanation *e, double value, const char *fmt, ...)
{
    cg_explanation *k = realloc(e->kid, (e->nkids + 1) * sizeof *k);
    if (!k)
        return NULL;
    e->kid = k;
    cg_explanation *n = &k[e->nkids];
    memset(n, 0, sizeof *n);
    cg_buf d = {0};
    va_list ap;
    va_start(ap, fmt);
    cg_buf_vprintf(&d, fmt, ap);
    va_end(ap);
    if (!d.ptr)
        return NULL;
    n->description = cg_buf_detach(&d);
    n->value = value;
    e->nkids++;
    return n;
}

/* The score of node scaled by by, for docid. */
static cg_status score_of(cg_db *db, const cg_qnode *node, double by, uint32_t docid, double *out)
{
    cg_qnode scale = {.op = CG_QOP_SCALE, .kids = (cg_qnode **)&node, .nkids = 1, .scale = by};
    return cg_db_score_of(db, &scale, docid, out);
}

/* A term or a query part as text a terminal shows safely. */
static const char *shown(const char *s, size_t len, cg_buf *tmp)
{
    cg_buf_clear(tmp);
    if (cg_escape_append(tmp, s, len, 0) || cg_buf_append(tmp, "", 0))
        return "?";
    return tmp->ptr ? tmp->ptr : "";
}

/* An index term as text (its CJK characters back in UTF-8). */
static const char *shown_term(const char *term, size_t len, cg_buf *tmp)
{
    size_t pl = strlen(CG_PREFIX_TITLE);
    if (len > pl && !memcmp(term, CG_PREFIX_TITLE, pl)) { /* a title: part's */
        term += pl;
        len -= pl;
    }
    cg_buf t = {0};
    const char *r = cg_term_display(term, len, &t) ? "?" : shown(t.ptr ? t.ptr : "", t.len, tmp);
    cg_buf_free(&t);
    return r;
}

/* One position of a part's phrase: a term, alternatives, or every term with a prefix. */
static cg_status explain_term(cg_db *db, const cg_qnode *t, double by, uint32_t docid,
                              cg_explanation *part, cg_buf *tmp)
{
    double v;
    cg_status rc = score_of(db, t, by, docid, &v);
    if (rc)
        return rc;
    if (t->op == CG_QOP_PREFIX)
        return add(part, v, "any term starting with '%s' (a lone character: it matches, "
                   "it does not weigh)",
                   shown_term(t->term, t->term_len, tmp)) ? CG_OK : CG_ENOMEM;
    if (t->op != CG_QOP_TERM)
        return add(part, v, "any of %zu words with the same stem", t->nkids) ? CG_OK : CG_ENOMEM;
    cg_term_stats st;
    rc = cg_db_term_stats(db, docid, t->term, t->term_len, &st);
    if (rc)
        return rc;
    return add(part, v, "term '%s': %u times in this document of %u terms (average %.0f), "
               "in %u of %u documents", shown_term(t->term, t->term_len, tmp), st.wdf, st.doclen,
               st.avlen, st.termfreq, st.doccount) ? CG_OK : CG_ENOMEM;
}

static cg_status explain_body(cg_db *db, const cg_query *q, double by, uint32_t docid,
                              cg_explanation *body, cg_buf *tmp)
{
    cg_status rc = CG_OK;
    for (size_t k = 0; k < q->nparts && !rc; k++) {
        const cg_qpart *p = &q->part[k];
        if (p->exclude)
            continue;
        cg_qnode *node = cg_query_part_match_node(p);
        if (!node)
            return CG_ENOMEM;
        double v;
        rc = score_of(db, node, by, docid, &v);
        cg_explanation *e = NULL;
        if (!rc) {
            e = add(body, v, "%s \"%s\"%s", p->in_title ? "title:" : "part",
                    shown(p->raw, p->raw_len, tmp),
                    v > 0 ? ": the sum of its terms' BM25 weights" : ": not in this document");
            if (!e)
                rc = CG_ENOMEM;
        }
        if (!rc && v > 0) {
            if (node->op == CG_QOP_PHRASE)
                for (size_t i = 0; i < node->nkids && !rc; i++)
                    rc = explain_term(db, node->kids[i], by, docid, e, tmp);
            else
                rc = explain_term(db, node, by, docid, e, tmp);
        }
        cg_qnode_free(node);
    }
    return rc;
}

cg_status cg_searcher_explain(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                              cg_explanation *out)
{
    memset(out, 0, sizeof *out);
    cg_db *db = cg_searcher_db(s);
    const cg_rank_weights *w = cg_searcher_weights(s);
    cg_qnode *tree = NULL;
    cg_rank_part *parts = NULL;
    size_t nparts = 0;
    cg_buf tmp = {0};
    cg_status rc = cg_rank_tree(q, w, &tree, &parts, &nparts);
    if (rc)
        return rc;
    out->value = hit->score;
    out->description = strdup("score, the sum of:");
    if (!out->description)
        rc = CG_ENOMEM;
    for (size_t i = 0; i < nparts && i < tree->nkids && !rc; i++) {
        double v;
        rc = cg_db_score_of(db, tree->kids[i], hit->docid, &v);
        if (rc)
            break;
        cg_explanation *e = NULL;
        switch (parts[i].kind) {
        case CG_RANK_BODY:
            e = add(out, v, "text: BM25 (k1 %g, b %g) of the query's parts in the document, "
                    "× %.2f", w->k1, w->b, w->body);
            if (e)
                rc = explain_body(db, q, w->body, hit->docid, e, &tmp);
            break;
        case CG_RANK_TITLE: {
            const cg_qpart *p = &q->part[parts[i].part];
            e = add(out, v, "title: \"%s\" %s the file's title, BM25 × %.2f",
                    shown(p->raw, p->raw_len, &tmp), v > 0 ? "is in" : "is not in", w->title);
            break;
        }
        case CG_RANK_HEADING: {
            const cg_qpart *p = &q->part[parts[i].part];
            e = add(out, v, "heading: \"%s\" is in %s of the file's headings, BM25 × %.2f",
                    shown(p->raw, p->raw_len, &tmp), v > 0 ? "one" : "none", w->heading);
            break;
        }
        case CG_RANK_TITLE_KEY:
            e = add(out, v, "whole title: the query %s the file's whole title, BM25 × %.2f",
                    v > 0 ? "is" : "is not", w->title_key);
            break;
        case CG_RANK_PROXIMITY:
            e = add(out, v, "proximity: the parts %s in order within %u positions, BM25 × %.2f",
                    v > 0 ? "stand" : "do not stand", tree->kids[i]->kids[0]->window,
                    w->proximity);
            break;
        }
        if (!e && !rc)
            rc = CG_ENOMEM;
    }
    cg_buf_free(&tmp);
    free(parts);
    cg_qnode_free(tree);
    if (rc && cg_db_errmsg(db)[0])
        cg_searcher_fail(s, cg_db_errmsg(db));
    if (rc)
        cg_explanation_free(out);
    return rc;
}

void cg_explanation_free(cg_explanation *e)
{
    for (size_t i = 0; i < e->nkids; i++)
        cg_explanation_free(&e->kid[i]);
    free(e->kid);
    free(e->description);
    memset(e, 0, sizeof *e);
}

cg_status cg_explanation_text(const cg_explanation *e, unsigned indent, cg_buf *out)
{
    cg_status rc = cg_buf_printf(out, "%*s%.4g  %s\n", (int)indent, "", e->value, e->description);
    for (size_t i = 0; i < e->nkids && !rc; i++)
        rc = cg_explanation_text(&e->kid[i], indent + 2, out);
    return rc;
}
