/* print-trec.c — TREC run format for evaluation tools (trec_eval):
 * "QID Q0 DOCID RANK SCORE cgsearch", one line per result. DOCID is the path as
 * printed, or "path#line" per matching passage with --all-passages. The score is
 * written with the fewest digits that read back as the same double, so distinct
 * scores never print equal. A query from the command line has the id 1. Control
 * characters of ids and paths are escaped (escape.h). */
#include "printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct trec_state {
    size_t rank;   /* the last rank written for the current query */
} trec_state;

static cg_status trec_begin_query(cg_printer *p, const cg_print_query *q)
{
    ((trec_state *)p->state)->rank = 0;
    return CG_OK;
}

static cg_status put_score(cg_buf *out, double score)
{
    char s[40];
    for (int digits = 6; digits <= 17; digits++) {
        snprintf(s, sizeof s, "%.*g", digits, score);
        if (strtod(s, NULL) == score)
            break;
    }
    return cg_buf_puts(out, s);
}

static cg_status line(cg_printer *p, const cg_print_query *q, const cg_result *r,
                      const cg_snippet *sn, size_t rank)
{
    cg_status rc = q->id ? cg_escape_append(&p->out, q->id, strlen(q->id), 0)
                         : cg_buf_putc(&p->out, '1');
    if (!rc)
        rc = cg_buf_puts(&p->out, " Q0 ");
    if (!rc)
        rc = cg_escape_append(&p->out, r->path, strlen(r->path), 0);
    if (!rc && sn)
        rc = cg_buf_printf(&p->out, "#%u", sn->line);
    if (!rc)
        rc = cg_buf_printf(&p->out, " %zu ", rank);
    if (!rc)
        rc = put_score(&p->out, r->score);
    return rc ? rc : cg_buf_puts(&p->out, " cgsearch\n");
}

static cg_status trec_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    trec_state *st = p->state;
    if (st->rank < r->rank - 1)
        st->rank = r->rank - 1;
    if (!p->all_passages)
        return line(p, q, r, NULL, ++st->rank);
    cg_status rc = CG_OK;
    for (size_t i = 0; !rc && r->m && i < r->m->nsnip; i++)
        rc = line(p, q, r, &r->m->snip[i], ++st->rank);
    return rc;
}

const cg_printer_ops cg_print_trec = {
    .name = "trec",
    .summary = "QID Q0 DOCID RANK SCORE cgsearch, for trec_eval",
    .view = CG_VIEW_EXISTS,
    .view_all = CG_VIEW_ALL,
    .state_size = sizeof(trec_state),
    .begin_query = trec_begin_query,
    .result = trec_result,
};
