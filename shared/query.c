/* query.c — parsing a query into parts, building its Xapian query tree, and finding
 * where its parts match in a document (doc/PIPELINE.md section 5).
 *
 * The tree follows the index's terms exactly: for a part with tokens t1..tn, position
 * i carries the bigram of ti and ti+1 when they are glued, else the unigram (or the
 * word); tn needs no term when it is glued to tn-1 (the bigram covers it), and
 * otherwise, being CJK, stands for every term that starts with it (it may be glued to
 * anything in the document). */
#include "query.h"

#include "cg-private.h"
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets *out_errmsg (caller frees) to the formatted message; returns CG_EINVAL. */
static cg_status fail(char **out_errmsg, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static cg_status fail(char **out_errmsg, const char *fmt, ...)
{
    cg_buf m = {0};
    va_list ap;
    va_start(ap, fmt);
    cg_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    *out_errmsg = cg_buf_detach(&m);
    return CG_EINVAL;
}

/* How much of a query a message shows: its first 80 characters, then "…". */
#define SHOWN(s, len) (int)cg_utf8_prefix_len(s, len, 80), (s), \
    cg_utf8_prefix_len(s, len, 80) < (len) ? "…" : ""

static int is_space_at(const char *s, size_t len, size_t i, size_t *out_n)
{
    uint32_t c;
    int n = cg_utf8_decode(s + i, len - i, &c);
    *out_n = n < 0 ? 1 : (size_t)n;
    return n > 0 && (cg_char_class(c) & CG_CLS_WS);
}

static cg_status add_part(cg_query *q, const char *s, size_t len, int quoted, int exclude,
                          int in_title, size_t group)
{
    cg_qpart *a = realloc(q->part, (q->nparts + 1) * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    q->part = a;
    cg_qpart *p = &q->part[q->nparts];
    memset(p, 0, sizeof *p);
    p->raw = malloc(len + 1);
    if (!p->raw)
        return CG_ENOMEM;
    memcpy(p->raw, s, len);
    p->raw[len] = '\0';
    p->raw_len = len;
    p->quoted = quoted;
    p->exclude = exclude;
    p->in_title = in_title;
    p->group = group;
    q->nparts++;
    return CG_OK;
}

/* Drops the parts without a token (punctuation only, as in "A - B" or "A —— B":
 * nothing to search, so not an error while other parts remain) and numbers the
 * groups that are left 0, 1, ... again. */
static void drop_empty_parts(cg_query *q)
{
    size_t kept = 0, ngroups = 0, last = (size_t)-1;
    for (size_t k = 0; k < q->nparts; k++) {
        cg_qpart p = q->part[k];
        if (!p.text.ntok) {
            free(p.raw);
            cg_text_free(&p.text);
            continue;
        }
        if (p.group != last) {
            last = p.group;
            ngroups++;
        }
        p.group = ngroups - 1;
        q->part[kept++] = p;
    }
    q->nparts = kept;
    q->ngroups = ngroups;
}

cg_status cg_query_parse(cg_pipeline *pl, const char *s, size_t len, int stem, cg_query **out,
                         char **out_errmsg)
{
    *out = NULL;
    *out_errmsg = NULL;
    size_t bad = cg_utf8_check(s, len);
    if (bad < len)
        return fail(out_errmsg, "invalid UTF-8 in query at byte %zu: %.*s%s", bad,
                    SHOWN(s, len));
    cg_query *q = calloc(1, sizeof *q);
    if (!q)
        return CG_ENOMEM;
    q->stem = stem;
    cg_status rc = CG_OK;
    size_t i = 0, group = 0;
    int pending_or = 0, pending_not = 0, have_group = 0;
    while (i < len && !rc) {
        size_t n;
        if (is_space_at(s, len, i, &n)) {
            i += n;
            continue;
        }
        int exclude = 0, quoted = 0, in_title = 0;
        size_t start = i;
        if (s[i] == '-' && i + 1 < len && !is_space_at(s, len, i + 1, &n)) {
            exclude = 1;
            i++;
        }
        if (len - i > 6 && !memcmp(s + i, "title:", 6) && !is_space_at(s, len, i + 6, &n)) {
            in_title = 1; /* Xapian's field prefix: the part is looked for in titles */
            i += 6;
        }
        size_t from, to;
        if (s[i] == '"') {
            quoted = 1;
            from = ++i;
            while (i < len && s[i] != '"')
                i++;
            if (i == len) {
                rc = fail(out_errmsg, "unterminated quote in query (add the closing \"): %.*s%s",
                          SHOWN(s + start, len - start));
                break;
            }
            to = i++;
        } else {
            from = i;
            while (i < len && !is_space_at(s, len, i, &n))
                i += n;
            to = i;
        }
        int bare = !quoted && !exclude && !in_title;
        if (bare && to - from == 3 && !memcmp(s + from, "NOT", 3)) {
            if (pending_not) {
                rc = fail(out_errmsg, "NOT needs a part after it in query: %.*s%s", SHOWN(s, len));
                break;
            }
            pending_not = 1; /* NOT x is -x */
            continue;
        }
        if (pending_not) {
            if (exclude) {
                rc = fail(out_errmsg, "NOT needs a part to exclude, not an excluded one, in query: %.*s%s",
                          SHOWN(s, len));
                break;
            }
            exclude = 1;
            pending_not = 0;
        }
        if (bare && to - from == 2 && !memcmp(s + from, "OR", 2)) {
            if (!have_group || pending_or || q->part[q->nparts - 1].exclude) {
                rc = fail(out_errmsg, "OR needs a part on each side in query: %.*s%s",
                          SHOWN(s, len));
                break;
            }
            pending_or = 1;
            continue;
        }
        if (pending_or && exclude) {
            rc = fail(out_errmsg, "an excluded part cannot be an alternative in query: %.*s%s",
                      SHOWN(s, len));
            break;
        }
        if (q->nparts == CG_MAX_QUERY_TOKENS) {
            /* Each part costs a pipeline run: bound the work before doing it. */
            rc = fail(out_errmsg, "query has too many parts (at most %u): %.*s%s",
                      CG_MAX_QUERY_TOKENS, SHOWN(s, len));
            break;
        }
        if (!pending_or && have_group)
            group++;
        rc = add_part(q, s + from, to - from, quoted, exclude, in_title, group);
        have_group = 1;
        pending_or = 0;
    }
    if (!rc && pending_or)
        rc = fail(out_errmsg, "OR needs a part on each side in query: %.*s%s", SHOWN(s, len));
    if (!rc && pending_not)
        rc = fail(out_errmsg, "NOT needs a part after it in query: %.*s%s", SHOWN(s, len));
    if (!rc && q->nparts == 0)
        rc = fail(out_errmsg, "empty query");
    q->ngroups = have_group ? group + 1 : 0;
    size_t total = 0;
    for (size_t k = 0; k < q->nparts && !rc; k++) {
        cg_qpart *p = &q->part[k];
        rc = cg_pipeline_run(pl, p->raw, p->raw_len, &p->text);
        if (rc) {
            cg_buf m = {0};
            cg_buf_printf(&m, "%s", cg_pipeline_errmsg(pl));
            *out_errmsg = cg_buf_detach(&m);
            break;
        }
        if (p->text.ntok > CG_MAX_QUERY_TOKENS)
            rc = fail(out_errmsg, "query part '%.*s…' is too long: %zu tokens (at most %u)",
                      (int)cg_utf8_prefix_len(p->raw, p->raw_len, 40), p->raw, p->text.ntok,
                      CG_MAX_QUERY_TOKENS);
        total += p->text.ntok;
    }
    if (!rc && total > CG_MAX_QUERY_TOKENS)
        rc = fail(out_errmsg, "query is too long: %zu tokens in all its parts (at most %u): %.*s%s",
                  total, CG_MAX_QUERY_TOKENS, SHOWN(s, len));
    if (!rc)
        drop_empty_parts(q);
    if (!rc && q->nparts == 0)
        rc = fail(out_errmsg, "query '%.*s%s' has no words or characters to search", SHOWN(s, len));
    int positive = 0;
    for (size_t k = 0; k < q->nparts && !rc; k++) {
        cg_qpart *p = &q->part[k];
        if (p->text.tok[0].passage != p->text.tok[p->text.ntok - 1].passage)
            p->never = 1;
        positive += !p->exclude;
    }
    if (!rc && !positive)
        rc = fail(out_errmsg, "query has only excluded parts: %.*s%s", SHOWN(s, len));
    if (rc) {
        cg_query_free(q);
        return rc;
    }
    *out = q;
    return CG_OK;
}

void cg_query_free(cg_query *q)
{
    if (!q)
        return;
    for (size_t k = 0; k < q->nparts; k++) {
        cg_qpart *p = &q->part[k];
        free(p->raw);
        if (p->alts) {
            for (size_t i = 0; i < p->text.ntok; i++)
                cg_buf_free(&p->alts[i]);
            free(p->alts);
        }
        cg_text_free(&p->text);
    }
    free(q->part);
    free(q);
}

static cg_status collect_synonym(void *ctx, const char *s, size_t len)
{
    cg_buf *b = ctx;
    cg_status rc = cg_buf_append(b, s, len);
    return rc ? rc : cg_buf_append(b, "", 1);
}

cg_status cg_query_expand_stems(cg_query *q, cg_db *db)
{
    cg_status rc = CG_OK;
    cg_buf word = {0}, key = {0};
    for (size_t k = 0; k < q->nparts && !rc; k++) {
        cg_qpart *p = &q->part[k];
        p->alts = calloc(p->text.ntok, sizeof *p->alts);
        if (!p->alts) {
            rc = CG_ENOMEM;
            break;
        }
        for (size_t i = 0; i < p->text.ntok && !rc; i++) {
            if (p->text.tok[i].cjk)
                continue;
            cg_buf_clear(&word);
            cg_buf_clear(&key);
            int own = 0;
            rc = cg_text_utf8(&p->text, p->text.tok[i].norm_start, p->text.tok[i].norm_end, &word);
            if (!rc)
                rc = cg_stem_key(word.ptr, word.len, &key, &own);
            if (!rc)
                rc = cg_db_synonyms(db, key.ptr, key.len, collect_synonym, &p->alts[i]);
            /* The stem itself, when a word of its own, is not in the synonym table. */
            if (!rc && !own)
                rc = collect_synonym(&p->alts[i], key.ptr + 1, key.len - 1);
        }
    }
    cg_buf_free(&word);
    cg_buf_free(&key);
    return rc;
}

/* ---- the Xapian query tree */

cg_qnode *cg_qnode_new(cg_qop op)
{
    cg_qnode *n = calloc(1, sizeof *n);
    if (n)
        n->op = op;
    return n;
}

cg_status cg_qnode_add_kid(cg_qnode *parent, cg_qnode *kid)
{
    if (!kid)
        return CG_ENOMEM;
    cg_qnode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
    if (!k) {
        cg_qnode_free(kid);
        return CG_ENOMEM;
    }
    parent->kids = k;
    parent->kids[parent->nkids++] = kid;
    return CG_OK;
}

cg_qnode *cg_qnode_term(cg_qop op, const char *s, size_t len)
{
    cg_qnode *n = cg_qnode_new(op);
    if (!n)
        return NULL;
    n->term = malloc(len + 1);
    if (!n->term) {
        free(n);
        return NULL;
    }
    memcpy(n->term, s, len);
    n->term[len] = '\0';
    n->term_len = len;
    return n;
}

cg_qnode *cg_qnode_prefixed(const cg_qnode *n, const char *prefix)
{
    cg_qnode *c;
    if (n->op == CG_QOP_TERM || n->op == CG_QOP_PREFIX) {
        size_t pl = strlen(prefix);
        char *t = malloc(pl + n->term_len);
        if (!t)
            return NULL;
        memcpy(t, prefix, pl);
        memcpy(t + pl, n->term, n->term_len);
        c = cg_qnode_term(n->op, t, pl + n->term_len);
        free(t);
        return c;
    }
    c = cg_qnode_new(n->op);
    if (!c)
        return NULL;
    c->scale = n->scale;
    for (size_t i = 0; i < n->nkids; i++)
        if (cg_qnode_add_kid(c, cg_qnode_prefixed(n->kids[i], prefix))) {
            cg_qnode_free(c);
            return NULL;
        }
    return c;
}

void cg_qnode_free(cg_qnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        cg_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->term);
    free(n);
}

/* The subquery for position i of part p. */
static cg_qnode *position_node(const cg_qpart *p, size_t i, cg_buf *scratch)
{
    const cg_text *t = &p->text;
    const cg_token *k = &t->tok[i];
    cg_buf_clear(scratch);
    int last = i + 1 == t->ntok;
    if (k->cjk && last) {
        if (cg_term_put_cjk(scratch, t->cp[k->norm_start]))
            return NULL;
        return cg_qnode_term(CG_QOP_PREFIX, scratch->ptr, scratch->len);
    }
    if (cg_text_term(t, i, scratch))
        return NULL;
    if (k->cjk || !p->alts || !p->alts[i].len)
        return cg_qnode_term(CG_QOP_TERM, scratch->ptr, scratch->len);
    cg_qnode *or = cg_qnode_new(CG_QOP_OR);
    if (!or || cg_qnode_add_kid(or, cg_qnode_term(CG_QOP_TERM, scratch->ptr, scratch->len))) {
        cg_qnode_free(or);
        return NULL;
    }
    for (size_t off = 0; off < p->alts[i].len;) {
        const char *w = p->alts[i].ptr + off;
        size_t wl = strlen(w);
        cg_buf term = {0};
        if (cg_term_from(w, wl, &term) || cg_qnode_add_kid(or, cg_qnode_term(CG_QOP_TERM, term.ptr, term.len))) {
            cg_buf_free(&term);
            cg_qnode_free(or);
            return NULL;
        }
        cg_buf_free(&term);
        off += wl + 1;
    }
    return or;
}

static cg_qnode *part_node(const cg_qpart *p, cg_buf *scratch)
{
    if (p->never)
        return cg_qnode_new(CG_QOP_NOTHING);
    cg_qnode *ph = cg_qnode_new(CG_QOP_PHRASE);
    if (!ph)
        return NULL;
    size_t n = p->text.ntok;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n && i > 0 && p->text.tok[i - 1].glued)
            break; /* covered by the previous bigram */
        if (cg_qnode_add_kid(ph, position_node(p, i, scratch))) {
            cg_qnode_free(ph);
            return NULL;
        }
    }
    return ph;
}

/* The part's phrase in the field it is looked for in: the text, or the title for a
 * title: part. */
static cg_qnode *match_node(const cg_qpart *p, cg_buf *scratch)
{
    cg_qnode *node = part_node(p, scratch);
    if (node && p->in_title) {
        cg_qnode *in_title = cg_qnode_prefixed(node, CG_PREFIX_TITLE);
        cg_qnode_free(node);
        node = in_title;
    }
    return node;
}

cg_status cg_query_tree(const cg_query *q, cg_qnode **out)
{
    *out = NULL;
    cg_buf scratch = {0};
    cg_status rc = CG_OK;
    cg_qnode *and = cg_qnode_new(CG_QOP_AND);
    cg_qnode *not = cg_qnode_new(CG_QOP_OR);
    if (!and || !not)
        rc = CG_ENOMEM;
    for (size_t g = 0; g < q->ngroups && !rc; g++) {
        cg_qnode *alt = cg_qnode_new(CG_QOP_OR);
        if (!alt) {
            rc = CG_ENOMEM;
            break;
        }
        int excluded = 0;
        for (size_t k = 0; k < q->nparts && !rc; k++) {
            if (q->part[k].group != g)
                continue;
            excluded = q->part[k].exclude;
            rc = cg_qnode_add_kid(alt, match_node(&q->part[k], &scratch));
        }
        if (rc)
            cg_qnode_free(alt);
        else
            rc = cg_qnode_add_kid(excluded ? not : and, alt);
    }
    cg_buf_free(&scratch);
    if (!rc && not->nkids) {
        cg_qnode *top = cg_qnode_new(CG_QOP_AND_NOT);
        if (!top) {
            rc = CG_ENOMEM;
        } else if (cg_qnode_add_kid(top, and)) {
            and = NULL; /* add_kid frees the kid it cannot add */
            cg_qnode_free(top);
            rc = CG_ENOMEM;
        } else {
            and = top;
            for (size_t i = 0; i < not->nkids && !rc; i++) {
                rc = cg_qnode_add_kid(and, not->kids[i]);
                not->kids[i] = NULL;
            }
        }
    }
    cg_qnode_free(not);
    if (rc) {
        cg_qnode_free(and);
        return rc;
    }
    *out = and;
    return CG_OK;
}

/* ---- matching in a document */

static int word_equal(const cg_text *t, const cg_token *dk, const cg_qpart *p, size_t i,
                      cg_buf *scratch)
{
    const cg_token *qk = &p->text.tok[i];
    size_t dn = dk->norm_end - dk->norm_start, qn = qk->norm_end - qk->norm_start;
    if (dn == qn && !memcmp(t->cp + dk->norm_start, p->text.cp + qk->norm_start,
                            dn * sizeof(uint32_t)))
        return 1;
    if (!p->alts || !p->alts[i].len)
        return 0;
    cg_buf_clear(scratch);
    if (cg_text_utf8(t, dk->norm_start, dk->norm_end, scratch))
        return 0;
    for (size_t off = 0; off < p->alts[i].len;) {
        const char *w = p->alts[i].ptr + off;
        size_t wl = strlen(w);
        if (wl == scratch->len && !memcmp(w, scratch->ptr, wl))
            return 1;
        off += wl + 1;
    }
    return 0;
}

static int match_at(const cg_text *t, size_t d, const cg_qpart *p, cg_buf *scratch)
{
    size_t n = p->text.ntok;
    for (size_t i = 0; i < n; i++) {
        const cg_token *dk = &t->tok[d + i], *qk = &p->text.tok[i];
        if (i > 0 && dk->pos != t->tok[d + i - 1].pos + 1)
            return 0;
        if (dk->cjk != qk->cjk)
            return 0;
        if (qk->cjk ? t->cp[dk->norm_start] != p->text.cp[qk->norm_start]
                    : !word_equal(t, dk, p, i, scratch))
            return 0;
        if (i + 1 < n && dk->glued != qk->glued)
            return 0;
    }
    return 1;
}

static int by_first(const void *a, const void *b)
{
    const cg_occurrence *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->part < y->part ? -1 : x->part > y->part;
}

cg_status cg_query_find(const cg_query *q, const cg_text *t, cg_occurrence **occ, size_t *nocc,
                        size_t *cap)
{
    cg_buf scratch = {0};
    for (size_t k = 0; k < q->nparts; k++) {
        const cg_qpart *p = &q->part[k];
        if (p->exclude || p->never)
            continue;
        size_t n = p->text.ntok;
        for (size_t d = 0; d + n <= t->ntok; d++) {
            if (!match_at(t, d, p, &scratch))
                continue;
            if (*nocc == *cap) {
                size_t nc = *cap ? *cap * 2 : 16;
                cg_occurrence *a = realloc(*occ, nc * sizeof *a);
                if (!a) {
                    cg_buf_free(&scratch);
                    return CG_ENOMEM;
                }
                *occ = a;
                *cap = nc;
            }
            (*occ)[(*nocc)++] = (cg_occurrence){(uint32_t)d, (uint32_t)(d + n - 1), (uint32_t)k};
        }
    }
    cg_buf_free(&scratch);
    if (*nocc)
        qsort(*occ, *nocc, sizeof **occ, by_first);
    return CG_OK;
}

cg_qnode *cg_query_part_match_node(const cg_qpart *p)
{
    cg_buf scratch = {0};
    cg_qnode *n = match_node(p, &scratch);
    cg_buf_free(&scratch);
    return n;
}

cg_qnode *cg_query_part_node(const cg_qpart *p)
{
    cg_buf scratch = {0};
    cg_qnode *n = p->never || !p->text.ntok ? NULL : part_node(p, &scratch);
    cg_buf_free(&scratch);
    return n;
}
