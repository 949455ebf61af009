/* print-text.c — plain text: "path:line  (score, passages)" and the snippets below,
 * indented; ANSI colours with --color. */
#include "printer.h"

#include <string.h>

static cg_status text_begin_query(cg_printer *p, const cg_print_query *q)
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
