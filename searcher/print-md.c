/* print-md.c — the default format: one Markdown block per result, built as a cmark
 * tree in shared/render.c. On a terminal (--color) the same result is shown as
 * coloured text instead, as ripgrep's output is: raw `**` marks are harder to read. */
#include "printer.h"

#include <string.h>

static cg_status md_begin_query(cg_printer *p, const cg_print_query *q)
{
    if (!q->id)
        return CG_OK;
    if (p->color)
        return cg_put_text_heading(p, q); /* on a terminal, as the text format */
    return cg_render_query_heading(q->id, q->text, 0, &p->out);
}

static cg_status md_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    if (!p->color)
        return cg_render_md(r, &p->out);
    cg_status rc = cg_render_text(r, 1, &p->out);
    return rc ? rc : cg_buf_putc(&p->out, '\n');
}

const cg_printer_ops cg_print_md = {
    .name = "md",
    .summary = "Markdown through cmark (default; coloured text on a terminal)",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_ALL,
    .colors = 1,
    .begin_query = md_begin_query,
    .result = md_result,
};
