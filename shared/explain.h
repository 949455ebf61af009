/* explain.h — why a result scored what it did (cgsearch --explain), as a tree in the
 * manner of Elasticsearch's explain API: each node a value, what it is, and the nodes
 * it is the sum of. */
#ifndef CG_EXPLAIN_H
#define CG_EXPLAIN_H

#include "cg.h"
#include "search.h"

typedef struct cg_explanation {
    double value;
    char *description;
    struct cg_explanation *kid;
    size_t nkids;
} cg_explanation;

/* Explains hit's score for q: the kinds of evidence of the ranked tree (rank.h), each
 * with its share; the text's share split into the query's parts and their terms with
 * the statistics BM25 weighed (how often in the file, in how many files). Each value
 * is what Xapian scores that piece alone for the hit's document. Free with
 * cg_explanation_free(). */
cg_status cg_searcher_explain(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                              cg_explanation *out);
void cg_explanation_free(cg_explanation *e);

/* Appends e as indented lines ("24.33  score of …, the sum of:"), each line starting
 * with indent spaces more than its parent's. */
cg_status cg_explanation_text(const cg_explanation *e, unsigned indent, cg_buf *out);

#endif
