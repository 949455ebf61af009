/* print-files.c — -l: every matching file, one path per line, unranked (ripgrep's
 * summary printer). In a batch each line starts with the query's id and a tab. A
 * path's control characters are escaped (escape.h); with -0 it is printed as it is
 * and ends with a NUL instead, for xargs -0. */
#include "printer.h"

static cg_status files_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    cg_status rc = cg_put_id_path(p, q, r->path, p->null_sep);
    return rc ? rc : cg_buf_putc(&p->out, p->null_sep ? '\0' : '\n');
}

const cg_printer_ops cg_print_files = {
    .summary = "-l",
    .view = CG_VIEW_EXISTS,
    .view_all = CG_VIEW_EXISTS,
    .unranked = 1,
    .colors = 1,
    .result = files_result,
};
