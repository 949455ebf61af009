/* printer.c — what every printer shares: making one, writing its output, and the
 * match and line bookkeeping of the line-oriented printers (json, vimgrep). */
#include "printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cg_printer *cg_printer_new(const cg_printer_ops *ops, int color, int all_passages, int batch)
{
    cg_printer *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ops = ops;
    p->color = color && ops->colors;
    p->all_passages = all_passages;
    p->batch = batch;
    if (ops->state_size && !(p->state = calloc(1, ops->state_size))) {
        free(p);
        return NULL;
    }
    return p;
}

void cg_printer_free(cg_printer *p)
{
    if (!p)
        return;
    if (p->ops->free)
        p->ops->free(p);
    free(p->state);
    cg_buf_free(&p->out);
    free(p);
}

cg_status cg_printer_flush(cg_printer *p)
{
    if (p->out.len && fwrite(p->out.ptr, 1, p->out.len, stdout) != p->out.len)
        return CG_EIO;
    cg_buf_clear(&p->out);
    return fflush(stdout) ? CG_EIO : CG_OK;
}

cg_status cg_put_text_heading(cg_printer *p, const cg_print_query *q)
{
    if (!q->id)
        return CG_OK;
    cg_status rc = cg_buf_printf(&p->out, "%s# query ", p->color ? "\033[1m" : "");
    if (!rc)
        rc = cg_escape_append(&p->out, q->id, strlen(q->id), 0);
    if (!rc)
        rc = cg_buf_puts(&p->out, ": ");
    if (!rc)
        rc = cg_escape_append(&p->out, q->text, strlen(q->text), 0);
    return rc ? rc : cg_buf_printf(&p->out, "%s\n", p->color ? CG_C_OFF : "");
}

cg_status cg_put_id_path(cg_printer *p, const cg_print_query *q, const char *path, int raw)
{
    cg_status rc = CG_OK;
    if (q->id) {
        rc = cg_escape_append(&p->out, q->id, strlen(q->id), 0);
        if (!rc)
            rc = cg_buf_putc(&p->out, '\t');
    }
    if (!rc && p->color)
        rc = cg_buf_puts(&p->out, CG_C_PATH);
    if (!rc)
        rc = raw ? cg_buf_puts(&p->out, path) : cg_escape_append(&p->out, path, strlen(path), 0);
    if (!rc && p->color)
        rc = cg_buf_puts(&p->out, CG_C_OFF);
    return rc;
}

void cg_match_list_free(cg_match_list *m)
{
    free(m->start);
    free(m->end);
    free(m->group);
    memset(m, 0, sizeof *m);
}

static size_t line_start(const char *s, size_t at)
{
    while (at > 0 && s[at - 1] != '\n')
        at--;
    return at;
}

/* Past the '\n' ending the line that holds byte at (or the end of the text). */
static size_t line_end(const char *s, size_t len, size_t at)
{
    const char *nl = at < len ? memchr(s + at, '\n', len - at) : NULL;
    return nl ? (size_t)(nl - s) + 1 : len;
}

static uint32_t count_lines(const char *s, size_t from, size_t to)
{
    uint32_t n = 0;
    for (const char *p = s + from, *end = s + to; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

cg_status cg_match_list_build(const cg_result *r, cg_match_list *out)
{
    memset(out, 0, sizeof *out);
    size_t total = 0;
    for (size_t i = 0; r->m && i < r->m->nsnip; i++)
        total += r->m->snip[i].nocc;
    if (!total)
        return CG_OK;
    out->start = malloc(total * sizeof *out->start);
    out->end = malloc(total * sizeof *out->end);
    out->group = malloc(total * sizeof *out->group);
    if (!out->start || !out->end || !out->group) {
        cg_match_list_free(out);
        return CG_ENOMEM;
    }
    /* Snippets come in file order, each one's matches too: keep ripgrep's rule
     * across them (a match starting inside the one before is dropped). */
    for (size_t i = 0; i < r->m->nsnip; i++) {
        const cg_snippet *sn = &r->m->snip[i];
        for (size_t k = 0; k < sn->nocc; k++) {
            if (out->n && sn->ostart[k] < out->end[out->n - 1])
                continue;
            out->start[out->n] = sn->ostart[k];
            out->end[out->n++] = sn->oend[k];
        }
    }
    size_t counted = 0; /* newlines are counted up to here */
    uint64_t line = r->src_line ? r->src_line : 1; /* a part of a big file starts later */
    for (size_t i = 0; i < out->n; i++) {
        size_t last = out->end[i] > out->start[i] ? out->end[i] - 1 : out->start[i];
        if (out->ngroups) {
            cg_line_group *g = &out->group[out->ngroups - 1];
            if (out->start[i] < g->end) {
                g->end = line_end(r->src, r->src_len, last);
                g->n++;
                continue;
            }
        }
        cg_line_group *g = &out->group[out->ngroups++];
        g->start = line_start(r->src, out->start[i]);
        g->end = line_end(r->src, r->src_len, last);
        line += count_lines(r->src, counted, g->start);
        counted = g->start;
        g->line = line;
        g->first = i;
        g->n = 1;
    }
    return CG_OK;
}

void cg_count_units(const char *s, size_t len, size_t *out_chars, size_t *out_utf16)
{
    size_t chars = 0, units = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;
        chars++;
        units += c >= 0xF0 ? 2 : 1; /* four-byte forms lie beyond the BMP: a surrogate pair */
    }
    *out_chars = chars;
    *out_utf16 = units;
}
