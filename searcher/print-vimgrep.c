/* print-vimgrep.c — ripgrep's --vimgrep: "path:line:column:text", one line per
 * match, the column 1-based in bytes, the text the whole line the match starts on
 * (Vim's quickfix reads it with errorformat %f:%l:%c:%m). In a batch each line
 * starts with the query's id and a tab. Control characters of the path and the
 * line are escaped (escape.h), a tab in the line kept, a CRLF's CR dropped. */
#include "printer.h"

#include <inttypes.h>
#include <string.h>

static cg_status vimgrep_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    cg_match_list ml;
    cg_status rc = cg_match_list_build(r, &ml);
    const char *on = p->color ? CG_C_MATCH : "", *off = p->color ? CG_C_OFF : "";
    for (size_t g = 0; !rc && g < ml.ngroups; g++) {
        const cg_line_group *grp = &ml.group[g];
        size_t at = grp->start;
        uint64_t line = grp->line;
        for (size_t i = grp->first; !rc && i < grp->first + grp->n; i++) {
            /* Move to the line this match starts on. */
            for (const char *nl; (nl = memchr(r->src + at, '\n', ml.start[i] - at));) {
                at = (size_t)(nl - r->src) + 1;
                line++;
            }
            const char *nl = memchr(r->src + at, '\n', r->src_len - at);
            size_t eol = nl ? (size_t)(nl - r->src) : r->src_len;
            if (eol > ml.start[i] && r->src[eol - 1] == '\r')
                eol--; /* a CRLF line break is the line's end, not its text */
            size_t mend = ml.end[i] < eol ? ml.end[i] : eol;
            if (mend < ml.start[i])
                mend = ml.start[i];
            rc = cg_put_id_path(p, q, r->path, 0);
            if (!rc)
                rc = cg_buf_printf(&p->out, ":%s%" PRIu64 "%s:%zu:", p->color ? CG_C_LINE : "", line, off,
                                   ml.start[i] - at + 1);
            /* The column counts the file's bytes; the text shows control characters
             * escaped (escape.h), tabs as they are. */
            if (!rc)
                rc = cg_escape_append(&p->out, r->src + at, ml.start[i] - at, CG_ESC_KEEP_TAB);
            if (!rc)
                rc = cg_buf_puts(&p->out, on);
            if (!rc)
                rc = cg_escape_append(&p->out, r->src + ml.start[i], mend - ml.start[i],
                                      CG_ESC_KEEP_TAB);
            if (!rc)
                rc = cg_buf_puts(&p->out, off);
            if (!rc)
                rc = cg_escape_append(&p->out, r->src + mend, eol - mend, CG_ESC_KEEP_TAB);
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
