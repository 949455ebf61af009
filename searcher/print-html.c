/* print-html.c — the Markdown printer's cmark tree through cmark's HTML renderer
 * (safe defaults: document text is escaped, never passed through raw). */
#include "printer.h"

static cg_status html_begin_query(cg_printer *p, const cg_print_query *q)
{
    return q->id ? cg_render_query_heading(q->id, q->text, 1, &p->out) : CG_OK;
}

static cg_status html_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    return cg_render_html(r, &p->out);
}

const cg_printer_ops cg_print_html = {
    .name = "html",
    .summary = "HTML through cmark",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_ALL,
    .begin_query = html_begin_query,
    .result = html_result,
};
