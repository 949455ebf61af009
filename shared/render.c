/* render.c — turning a result into Markdown or HTML through a cmark node tree, or
 * into plain/coloured text. Building nodes instead of pasting strings is what keeps
 * document text literal: cmark's renderer escapes every metacharacter, so parsing
 * the output again gives back the text (tests/test-render.c checks it). Rendering
 * uses cmark's safe defaults, never CMARK_OPT_UNSAFE. */
#include "render.h"

#include "escape.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

static int is_ascii_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The end of the run of ASCII white space at src[i] (before b); *breaks set when it
 * holds a line break. */
static size_t ws_run(const char *src, size_t i, size_t b, int *breaks)
{
    *breaks = 0;
    while (i < b && is_ascii_ws(src[i])) {
        *breaks |= src[i] == '\n' || src[i] == '\r';
        i++;
    }
    return i;
}

/* 1 when a line break of src[i..j) ('\n', or a lone '\r') is one of sn's line
 * breaks shown as nothing. */
static int joined(const cg_snippet *sn, const char *src, size_t i, size_t j)
{
    for (; i < j; i++) {
        int lone_cr = src[i] == '\r' && (i + 1 >= j || src[i + 1] != '\n');
        if ((src[i] != '\n' && !lone_cr) || i < sn->start)
            continue;
        size_t off = i - sn->start, lo = 0, hi = sn->njoin;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sn->join[mid] < off)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < sn->njoin && sn->join[lo] == off)
            return 1;
    }
    return 0;
}

cg_status cg_snippet_text(const cg_snippet *sn, const char *src, size_t a, size_t b,
                          cg_buf *out)
{
    cg_status rc = CG_OK;
    size_t i = a;
    while (i < b && !rc) {
        int breaks;
        if (is_ascii_ws(src[i])) {
            /* White space holding a line break: one space, or nothing (sn says). A
             * match never starts or ends on white space, so a run is never split. */
            size_t j = ws_run(src, i, b, &breaks);
            if (breaks) {
                if (!joined(sn, src, i, j))
                    rc = cg_buf_putc(out, ' ');
                i = j;
                continue;
            }
        }
        /* Clean text is copied in runs; the scan stops at every control character. */
        size_t clean = cg_escape_scan(src + i, b - i, 0);
        if (clean && i + clean < b && is_ascii_ws(src[i + clean])) {
            /* Spaces before a line break belong to its run. */
            size_t keep = clean;
            while (keep && src[i + keep - 1] == ' ')
                keep--;
            if (keep < clean && keep && (ws_run(src, i + keep, b, &breaks), breaks))
                clean = keep;
        }
        if (clean) {
            rc = cg_buf_append(out, src + i, clean);
            i += clean;
            continue;
        }
        size_t used = 1;
        if (src[i] == '\t' || src[i] == '\f' || src[i] == '\v' || src[i] == '\r')
            rc = cg_buf_putc(out, ' ');
        else
            rc = cg_escape_one(out, src + i, b - i, &used);   /* never raw (escape.h) */
        i += used;
    }
    return rc;
}

static cmark_node *text_node(cmark_node_type type, const char *s)
{
    cmark_node *n = cmark_node_new(type);
    if (n && !cmark_node_set_literal(n, s)) {
        cmark_node_free(n);
        return NULL;
    }
    return n;
}

static int append(cmark_node *parent, cmark_node *kid)
{
    if (!kid)
        return 0;
    if (!cmark_node_append_child(parent, kid)) {
        cmark_node_free(kid);
        return 0;
    }
    return 1;
}

/* Adds text (when not empty) to para as a text node, or inside a strong node, and
 * clears it. */
static int add_text(cmark_node *para, cg_buf *text, int strong)
{
    if (!text->len)
        return 1;
    cmark_node *t = text_node(CMARK_NODE_TEXT, text->ptr);
    cg_buf_clear(text);
    if (!strong)
        return append(para, t);
    cmark_node *s = cmark_node_new(CMARK_NODE_STRONG);
    if (!s || !append(s, t)) {
        cmark_node_free(s);
        return 0;
    }
    return append(para, s);
}

static cmark_node *snippet_para(const cg_result *r, const cg_snippet *sn, int with_line,
                                cg_buf *tmp)
{
    cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    int ok = para != NULL;
    if (ok && with_line) {
        char label[32];
        snprintf(label, sizeof label, "line %u:", sn->line);
        cmark_node *em = cmark_node_new(CMARK_NODE_EMPH);
        ok = em && append(em, text_node(CMARK_NODE_TEXT, label)) && append(para, em) &&
             append(para, text_node(CMARK_NODE_TEXT, " "));
    }
    if (ok && sn->cut_before)
        ok = append(para, text_node(CMARK_NODE_TEXT, "…"));
    /* Matches with nothing shown between them (touching, or across a line break
     * shown as nothing) make one strong node: "**a****b**" would not parse back. */
    cg_buf strong = {0};
    size_t at = sn->start;
    for (size_t i = 0; ok && i < sn->nmatch; i++) {
        cg_buf_clear(tmp);
        ok = !cg_snippet_text(sn, r->src, at, sn->mstart[i], tmp);
        if (ok && tmp->len)
            ok = add_text(para, &strong, 1) && add_text(para, tmp, 0);
        ok = ok && !cg_snippet_text(sn, r->src, sn->mstart[i], sn->mend[i], &strong);
        at = sn->mend[i];
    }
    ok = ok && add_text(para, &strong, 1);
    cg_buf_free(&strong);
    cg_buf_clear(tmp);
    ok = ok && !cg_snippet_text(sn, r->src, at, sn->end, tmp) && add_text(para, tmp, 0);
    if (ok && sn->cut_after)
        ok = append(para, text_node(CMARK_NODE_TEXT, "…"));
    if (!ok) {
        cmark_node_free(para);
        return NULL;
    }
    return para;
}

static cmark_node *result_tree(const cg_result *r)
{
    cg_buf tmp = {0};
    cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
    int ok = doc && h && cmark_node_set_heading_level(h, 2) && append(doc, h);
    if (!ok)
        cmark_node_free(h);
    uint32_t line = r->m && r->m->nsnip ? r->m->snip[0].line : 0;
    if (ok) {
        cg_escape_append(&tmp, r->path, strlen(r->path), 0);
        cg_buf_printf(&tmp, ":%u", line);
        ok = append(h, text_node(CMARK_NODE_CODE, tmp.ptr));
        cg_buf_clear(&tmp);
        size_t np = r->m ? r->m->npassages : 0;
        cg_buf_printf(&tmp, " · score %.2f · %zu matching passage%s", r->score, np,
                      np == 1 ? "" : "s");
        ok = ok && append(h, text_node(CMARK_NODE_TEXT, tmp.ptr));
    }
    if (ok && r->note) {
        cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node *em = cmark_node_new(CMARK_NODE_EMPH);
        cg_buf_clear(&tmp);
        ok = para && em && !cg_escape_append(&tmp, r->note, strlen(r->note), 0) &&
             append(em, text_node(CMARK_NODE_TEXT, tmp.ptr)) && append(para, em) &&
             append(doc, para);
        if (!ok) {
            cmark_node_free(em);
            cmark_node_free(para);
        }
    }
    for (size_t i = 0; ok && r->m && i < r->m->nsnip; i++)
        ok = append(doc, snippet_para(r, &r->m->snip[i], r->m->nsnip > 1, &tmp));
    if (ok && r->explain) { /* a code block: the tree's indentation is kept as it is */
        cg_buf_clear(&tmp);
        cmark_node *code = cmark_node_new(CMARK_NODE_CODE_BLOCK);
        ok = code && !cg_explanation_text(r->explain, 0, &tmp) &&
             cmark_node_set_literal(code, tmp.ptr);
        if (ok)
            ok = append(doc, code); /* which frees code when it fails */
        else
            cmark_node_free(code);
    }
    cg_buf_free(&tmp);
    if (!ok) {
        cmark_node_free(doc);
        return NULL;
    }
    return doc;
}

static cg_status render_with(const cg_result *r, cg_buf *out, int html)
{
    cmark_node *doc = result_tree(r);
    if (!doc)
        return CG_ENOMEM;
    char *s = html ? cmark_render_html(doc, CMARK_OPT_DEFAULT)
                   : cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
    cmark_node_free(doc);
    if (!s)
        return CG_ENOMEM;
    cg_status rc = cg_buf_puts(out, s);
    if (!rc && !html)
        rc = cg_buf_putc(out, '\n');
    free(s);
    return rc;
}

cg_status cg_render_md(const cg_result *r, cg_buf *out)
{
    return render_with(r, out, 0);
}

cg_status cg_render_html(const cg_result *r, cg_buf *out)
{
    return render_with(r, out, 1);
}

cg_status cg_render_query_heading(const char *id, const char *query, int html, cg_buf *out)
{
    cg_buf label = {0};
    cg_status rc = cg_buf_puts(&label, "query ");
    if (!rc)
        rc = cg_escape_append(&label, id, strlen(id), 0);
    if (!rc)
        rc = cg_buf_puts(&label, ": ");
    if (!rc)
        rc = cg_escape_append(&label, query, strlen(query), 0);
    if (rc)
        return rc;
    cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
    int ok = doc && h && cmark_node_set_heading_level(h, 1) && append(doc, h);
    if (!ok)
        cmark_node_free(h);
    ok = ok && append(h, text_node(CMARK_NODE_TEXT, label.ptr));
    cg_buf_free(&label);
    char *s = !ok ? NULL
              : html ? cmark_render_html(doc, CMARK_OPT_DEFAULT)
                     : cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
    cmark_node_free(doc);
    rc = s ? cg_buf_puts(out, s) : CG_ENOMEM;
    if (!rc && !html)
        rc = cg_buf_putc(out, '\n');
    free(s);
    return rc;
}

#define C_PATH "\033[35m"
#define C_LINE "\033[32m"
#define C_MATCH "\033[1;31m"
#define C_NOTE "\033[33m"
#define C_OFF "\033[0m"

cg_status cg_render_text(const cg_result *r, int color, cg_buf *out)
{
    uint32_t line = r->m && r->m->nsnip ? r->m->snip[0].line : 0;
    size_t np = r->m ? r->m->npassages : 0;
    cg_status rc = cg_buf_puts(out, color ? C_PATH : "");
    if (!rc)
        rc = cg_escape_append(out, r->path, strlen(r->path), 0);
    if (!rc)
        rc = cg_buf_printf(out, "%s:%s%u%s  (score %.2f, %zu matching passage%s)\n",
                           color ? C_OFF : "", color ? C_LINE : "", line, color ? C_OFF : "",
                           r->score, np, np == 1 ? "" : "s");
    if (!rc && r->note) {
        rc = cg_buf_printf(out, "  %s", color ? C_NOTE : "");
        if (!rc)
            rc = cg_escape_append(out, r->note, strlen(r->note), 0);
        if (!rc)
            rc = cg_buf_printf(out, "%s\n", color ? C_OFF : "");
    }
    for (size_t i = 0; !rc && r->m && i < r->m->nsnip; i++) {
        const cg_snippet *sn = &r->m->snip[i];
        rc = cg_buf_puts(out, "  ");
        if (!rc && r->m->nsnip > 1)
            rc = cg_buf_printf(out, "%s%u%s: ", color ? C_LINE : "", sn->line, color ? C_OFF : "");
        if (!rc && sn->cut_before)
            rc = cg_buf_puts(out, "…");
        size_t at = sn->start;
        for (size_t k = 0; !rc && k < sn->nmatch; k++) {
            rc = cg_snippet_text(sn, r->src, at, sn->mstart[k], out);
            if (!rc && color)
                rc = cg_buf_puts(out, C_MATCH);
            if (!rc)
                rc = cg_snippet_text(sn, r->src, sn->mstart[k], sn->mend[k], out);
            if (!rc && color)
                rc = cg_buf_puts(out, C_OFF);
            at = sn->mend[k];
        }
        if (!rc)
            rc = cg_snippet_text(sn, r->src, at, sn->end, out);
        if (!rc && sn->cut_after)
            rc = cg_buf_puts(out, "…");
        if (!rc)
            rc = cg_buf_putc(out, '\n');
    }
    if (!rc && r->explain)
        rc = cg_explanation_text(r->explain, 2, out);
    return rc;
}
