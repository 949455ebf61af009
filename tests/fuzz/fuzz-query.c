/* fuzz-query.c — the query parser, the query tree, and matching a query in a text.
 *
 * The input's first line is the query, the rest the document text. A query must
 * either parse or fail with CG_EINVAL and a message; a parsed query must give a tree,
 * a phrase node per part, and matches and snippets that lie inside the text. The
 * first byte of the query also picks --stem (odd) and --all-passages (bit 1), without
 * taking it out of the query. */
#include "fuzz.h"

#include "query.h"
#include "snippet.h"

#include <string.h>

static cg_pipeline *pl;
static cg_text text;
static cg_occurrence *occ;
static size_t occ_cap;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *msg = NULL;
    if (cg_pipeline_new(&pl, &msg)) {
        fprintf(stderr, "fuzz-query: %s\n", msg ? msg : "cannot make a pipeline");
        exit(1);
    }
    return 0;
}

static void check_matches(const cg_query *q, const char *doc, size_t doc_len, int all)
{
    FUZZ_CHECK(cg_pipeline_run(pl, doc, doc_len, &text) == CG_OK);
    size_t nocc = 0;
    FUZZ_CHECK(cg_query_find(q, &text, &occ, &nocc, &occ_cap) == CG_OK);
    for (size_t i = 0; i < nocc; i++) {
        FUZZ_CHECK(occ[i].first <= occ[i].last && occ[i].last < text.ntok);
        FUZZ_CHECK(occ[i].part < q->nparts && !q->part[occ[i].part].exclude);
        FUZZ_CHECK(i == 0 || occ[i].first >= occ[i - 1].first);
    }
    cg_file_matches m = {0};
    FUZZ_CHECK(cg_file_matches_build(&text, doc, doc_len, occ, nocc, all, &m) == CG_OK);
    FUZZ_CHECK(m.nsnip <= m.npassages && (nocc == 0 || m.nsnip > 0));
    for (size_t i = 0; i < m.nsnip; i++) {
        const cg_snippet *sn = &m.snip[i];
        FUZZ_CHECK(sn->start <= sn->end && sn->end <= doc_len && sn->line >= 1);
        for (size_t j = 0; j < sn->nmatch; j++)
            FUZZ_CHECK(sn->start <= sn->mstart[j] && sn->mstart[j] <= sn->mend[j] &&
                       sn->mend[j] <= sn->end);
        for (size_t j = 0; j < sn->nocc; j++)
            FUZZ_CHECK(sn->ostart[j] <= sn->oend[j] && sn->oend[j] <= doc_len &&
                       (j == 0 || sn->ostart[j] >= sn->oend[j - 1]));
    }
    cg_file_matches_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t qlen = nl ? (size_t)(nl - s) : size;
    const char *doc = nl ? nl + 1 : s + size;
    size_t doc_len = size - (size_t)(doc - s);
    int stem = qlen && (s[0] & 1), all = qlen && (s[0] & 2);

    cg_query *q = NULL;
    char *msg = NULL;
    cg_status rc = cg_query_parse(pl, s, qlen, stem, &q, &msg);
    if (rc) {
        FUZZ_CHECK(rc == CG_EINVAL && msg && *msg && !q);
        free(msg);
        return 0;
    }
    FUZZ_CHECK(q && !msg && q->ngroups <= q->nparts);
    cg_qnode *tree = NULL;
    FUZZ_CHECK(cg_query_tree(q, &tree) == CG_OK && tree);
    cg_qnode_free(tree);
    for (size_t i = 0; i < q->nparts; i++) {
        FUZZ_CHECK(q->part[i].group < q->ngroups);
        cg_qnode_free(cg_query_part_node(&q->part[i]));
    }
    check_matches(q, doc, doc_len, all);
    /* The query's own text as the document, where it usually matches. */
    check_matches(q, s, qlen, all);
    cg_query_free(q);
    return 0;
}
