/* rank.c — the ranked query tree: the match, and the evidence that adds to its score
 * (rank.h, doc/RANKING.md). */
#include "rank.h"

#include "schema.h"
#include "title.h"

#include <stdlib.h>
#include <string.h>

/* Chosen on the tuning half of bench/known-item.py's queries (doc/RANKING.md has the
 * figures): no length normalization (b 0), since the page a reader looks for is
 * seldom the shortest that mentions it, and the title counting twice what one
 * part of the text counts, the whole title four times. */
const cg_rank_weights cg_rank_default = {
    .k1 = 1.0, .b = 0.0,
    .body = 0.5, .title = 1.0, .title_key = 2.0, .heading = 1.0, .proximity = 0.5};

static cg_qnode *scaled(cg_qnode *kid, double by)
{
    cg_qnode *s = cg_qnode_new(CG_QOP_SCALE);
    if (!s) {
        cg_qnode_free(kid);
        return NULL;
    }
    if (cg_qnode_add_kid(s, kid)) {
        free(s);
        return NULL; /* cg_qnode_add_kid freed kid */
    }
    s->scale = by;
    return s;
}

/* 1 when part k is a group of its own: no alternatives (OR) beside it. */
static int alone_in_group(const cg_query *q, size_t k)
{
    size_t g = q->part[k].group;
    return !(k > 0 && q->part[k - 1].group == g) &&
           !(k + 1 < q->nparts && q->part[k + 1].group == g);
}

/* The whole-title key of q's positive parts, in order; 0 when q is not a plain list
 * of parts (alternatives, or a part that matches nothing). */
static int query_key(const cg_query *q, cg_buf *key)
{
    for (size_t k = 0; k < q->nparts; k++) {
        const cg_qpart *p = &q->part[k];
        if (p->exclude)
            continue;
        if (p->never || !alone_in_group(q, k))
            return 0;
        if (cg_title_key_add(key, &p->text))
            return -1;
    }
    return key->len > 0;
}

/* The positive parts of a plain list of at least two parts as one phrase with slack:
 * their terms in the order typed, close together. A lone CJK character at the end of
 * a part (an OR of every term starting with it) is left out: too costly for a boost.
 * NULL with *rc == CG_OK when q has no such parts. */
static cg_qnode *proximity_node(const cg_query *q, cg_status *rc)
{
    *rc = CG_OK;
    size_t nparts = 0, ntok = 0;
    cg_qnode *near = cg_qnode_new(CG_QOP_PHRASE);
    if (!near) {
        *rc = CG_ENOMEM;
        return NULL;
    }
    for (size_t k = 0; k < q->nparts && !*rc; k++) {
        const cg_qpart *p = &q->part[k];
        if (p->exclude)
            continue;
        if (p->never || p->in_title || !alone_in_group(q, k)) {
            cg_qnode_free(near);
            return NULL;
        }
        cg_qnode *phrase = cg_query_part_node(p);
        if (!phrase) {
            *rc = CG_ENOMEM;
            break;
        }
        if (phrase->op != CG_QOP_PHRASE) { /* one kid only */
            cg_qnode *one = cg_qnode_new(CG_QOP_PHRASE);
            if (!one)
                cg_qnode_free(phrase);
            if (!one || cg_qnode_add_kid(one, phrase)) { /* which frees phrase */
                free(one);
                *rc = CG_ENOMEM;
                break;
            }
            phrase = one;
        }
        for (size_t i = 0; i < phrase->nkids && !*rc; i++) {
            if (phrase->kids[i]->op == CG_QOP_PREFIX)
                continue;
            *rc = cg_qnode_add_kid(near, phrase->kids[i]);
            phrase->kids[i] = NULL;
        }
        cg_qnode_free(phrase);
        nparts++;
        ntok += p->text.ntok;
    }
    if (*rc || nparts < 2 || near->nkids < 2) {
        cg_qnode_free(near);
        return NULL;
    }
    near->window = (unsigned)ntok + CG_RANK_PROXIMITY_SLACK;
    return near;
}

static cg_status add_boost(cg_qnode *top, cg_qnode *kid, double by, cg_rank_part what,
                           cg_rank_part **parts, size_t *nparts)
{
    if (by <= 0) {
        cg_qnode_free(kid);
        return CG_OK;
    }
    cg_status rc = cg_qnode_add_kid(top, scaled(kid, by));
    if (rc || !parts)
        return rc;
    cg_rank_part *a = realloc(*parts, (*nparts + 1) * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    *parts = a;
    a[(*nparts)++] = what;
    return CG_OK;
}

cg_status cg_rank_tree(const cg_query *q, const cg_rank_weights *w, cg_qnode **out,
                       cg_rank_part **parts, size_t *nparts)
{
    *out = NULL;
    size_t n = 0;
    cg_rank_part *kinds = NULL;
    cg_qnode *match = NULL;
    cg_status rc = cg_query_tree(q, &match);
    if (rc)
        return rc;
    cg_qnode *top = cg_qnode_new(CG_QOP_AND_MAYBE);
    if (!top) {
        cg_qnode_free(match);
        return CG_ENOMEM;
    }
    rc = cg_qnode_add_kid(top, scaled(match, w->body));
    if (!rc && parts) {
        kinds = malloc(sizeof *kinds);
        if (!kinds)
            rc = CG_ENOMEM;
        else
            kinds[n++] = (cg_rank_part){CG_RANK_BODY, 0};
    }
    cg_rank_part **kp = parts ? &kinds : NULL;
    for (size_t k = 0; k < q->nparts && !rc; k++) {
        const cg_qpart *p = &q->part[k];
        if (p->exclude || p->never)
            continue;
        if (p->text.ntok == 1 && p->text.tok[0].cjk)
            continue; /* a lone character: every term starting with it, in every field,
                         costs more than a one-character title says */
        cg_qnode *phrase = cg_query_part_node(p);
        cg_qnode *in_title = phrase ? cg_qnode_prefixed(phrase, CG_PREFIX_TITLE) : NULL;
        cg_qnode *in_heading = phrase ? cg_qnode_prefixed(phrase, CG_PREFIX_HEADING) : NULL;
        cg_qnode_free(phrase);
        rc = in_title ? add_boost(top, in_title, w->title, (cg_rank_part){CG_RANK_TITLE, k}, kp, &n)
                      : CG_ENOMEM;
        if (!rc)
            rc = in_heading ? add_boost(top, in_heading, w->heading,
                                        (cg_rank_part){CG_RANK_HEADING, k}, kp, &n)
                            : CG_ENOMEM;
        else
            cg_qnode_free(in_heading);
    }
    cg_buf key = {0}, term = {0};
    if (!rc) {
        int has = query_key(q, &key);
        if (has < 0)
            rc = CG_ENOMEM;
        else if (has && !(rc = cg_title_key_term(key.ptr, key.len, &term)))
            rc = add_boost(top, cg_qnode_term(CG_QOP_TERM, term.ptr, term.len), w->title_key,
                           (cg_rank_part){CG_RANK_TITLE_KEY, 0}, kp, &n);
    }
    cg_buf_free(&key);
    cg_buf_free(&term);
    if (!rc && w->proximity > 0) {
        cg_qnode *near = proximity_node(q, &rc);
        if (near)
            rc = add_boost(top, near, w->proximity, (cg_rank_part){CG_RANK_PROXIMITY, 0}, kp, &n);
    }
    if (rc) {
        cg_qnode_free(top);
        free(kinds);
        return rc;
    }
    *out = top;
    if (parts) {
        *parts = kinds;
        *nparts = n;
    }
    return CG_OK;
}
