/* print-files.c — -l: every matching file, one path per line, unranked (ripgrep's
 * summary printer). In a batch each line starts with the query's id and a tab. */
#include "printer.h"

static cg_status files_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    return cg_buf_printf(&p->out, "%s%s%s%s%s\n", q->id ? q->id : "", q->id ? "\t" : "",
                         p->color ? CG_C_PATH : "", r->path, p->color ? CG_C_OFF : "");
}

const cg_printer_ops cg_print_files = {
    .summary = "-l",
    .view = CG_VIEW_EXISTS,
    .view_all = CG_VIEW_EXISTS,
    .unranked = 1,
    .colors = 1,
    .result = files_result,
};
