/* print-count.c — -c: "path:passages" for every matching file, unranked. In a batch
 * each line starts with the query's id and a tab. A path's control characters are
 * escaped (escape.h); with -0 it is printed as it is and followed by a NUL instead
 * of the colon, as rg -c --null does. */
#include "printer.h"

static cg_status count_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    cg_status rc = cg_put_id_path(p, q, r->path, p->null_sep);
    if (!rc)
        rc = cg_buf_putc(&p->out, p->null_sep ? '\0' : ':');
    return rc ? rc : cg_buf_printf(&p->out, "%zu\n", r->m ? r->m->npassages : 0);
}

const cg_printer_ops cg_print_count = {
    .summary = "-c",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_BEST,
    .unranked = 1,
    .colors = 1,
    .result = count_result,
};
