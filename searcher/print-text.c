/* print-text.c — plain text: "path:line  (score, passages)" and the snippets below,
 * indented; ANSI colours with --color. */
#include "printer.h"

#include <string.h>

static cg_status text_begin_query(cg_printer *p, const cg_print_query *q)
{
    return cg_put_text_heading(p, q);
}

static cg_status text_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    cg_status rc = cg_render_text(r, p->color, &p->out);
    return rc ? rc : cg_buf_putc(&p->out, '\n');
}

const cg_printer_ops cg_print_text = {
    .name = "text",
    .summary = "plain text, one block per result",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_ALL,
    .colors = 1,
    .begin_query = text_begin_query,
    .result = text_result,
};
