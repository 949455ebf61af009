/* print-count.c — -c: "path:passages" for every matching file, unranked. In a batch
 * each line starts with the query's id and a tab. */
#include "printer.h"

static cg_status count_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    return cg_buf_printf(&p->out, "%s%s%s%s%s:%zu\n", q->id ? q->id : "", q->id ? "\t" : "",
                         p->color ? CG_C_PATH : "", r->path, p->color ? CG_C_OFF : "",
                         r->m ? r->m->npassages : 0);
}

const cg_printer_ops cg_print_count = {
    .summary = "-c",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_BEST,
    .unranked = 1,
    .colors = 1,
    .result = count_result,
};
