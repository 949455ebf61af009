/* print-vimgrep.c — ripgrep's --vimgrep: "path:line:column:text", one line per
 * match, the column 1-based in bytes, the text the whole line the match starts on
 * (Vim's quickfix reads it with errorformat %f:%l:%c:%m). In a batch each line
 * starts with the query's id and a tab. */
#include "printer.h"

#include <string.h>

static cg_status vimgrep_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    cg_match_list ml;
    cg_status rc = cg_match_list_build(r, &ml);
    const char *on = p->color ? CG_C_MATCH : "", *off = p->color ? CG_C_OFF : "";
    for (size_t g = 0; !rc && g < ml.ngroups; g++) {
        const cg_line_group *grp = &ml.group[g];
        size_t at = grp->start;
        uint32_t line = grp->line;
        for (size_t i = grp->first; !rc && i < grp->first + grp->n; i++) {
            /* Move to the line this match starts on. */
            for (const char *nl; (nl = memchr(r->src + at, '\n', ml.start[i] - at));) {
                at = (size_t)(nl - r->src) + 1;
                line++;
            }
            const char *nl = memchr(r->src + at, '\n', r->src_len - at);
            size_t eol = nl ? (size_t)(nl - r->src) : r->src_len;
            size_t mend = ml.end[i] < eol ? ml.end[i] : eol;
            if (q->id)
                rc = cg_buf_printf(&p->out, "%s\t", q->id);
            if (!rc)
                rc = cg_buf_printf(&p->out, "%s%s%s:%s%u%s:%zu:", p->color ? CG_C_PATH : "",
                                   r->path, off, p->color ? CG_C_LINE : "", line, off,
                                   ml.start[i] - at + 1);
            if (!rc)
                rc = cg_buf_append(&p->out, r->src + at, ml.start[i] - at);
            if (!rc)
                rc = cg_buf_printf(&p->out, "%s%.*s%s", on, (int)(mend - ml.start[i]),
                                   r->src + ml.start[i], off);
            if (!rc)
                rc = cg_buf_append(&p->out, r->src + mend, eol - mend);
            if (!rc)
                rc = cg_buf_putc(&p->out, '\n');
        }
    }
    cg_match_list_free(&ml);
    return rc;
}

const cg_printer_ops cg_print_vimgrep = {
    .name = "vimgrep",
    .summary = "path:line:column:text per match, as rg --vimgrep",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_ALL,
    .colors = 1,
    .result = vimgrep_result,
};
