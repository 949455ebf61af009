/* rank.h — how results are ordered (doc/RANKING.md): the tree of query.h decides
 * which files match; around it, what adds to a file's score. */
#ifndef CG_RANK_H
#define CG_RANK_H

#include "cg.h"
#include "query.h"

/* What each kind of evidence is worth: multipliers of Xapian's BM25 weights. */
typedef struct cg_rank_weights {
    double k1, b;     /* BM25's term frequency saturation and length normalization */
    double body;      /* the parts in the file's text (the match itself) */
    double title;     /* each positive part found in the file's title */
    double title_key; /* the query is the whole title (title.h's key) */
    double heading;   /* each positive part found in one of the file's headings */
    double proximity; /* a query of several parts: they stand together, in order */
} cg_rank_weights;

/* How near together the parts must stand for the proximity boost: their tokens in
 * order within their number plus this many positions. */
#define CG_RANK_PROXIMITY_SLACK 3u

/* The weights chosen on the tuning half of bench/known-item.py's queries. */
extern const cg_rank_weights cg_rank_default;

/* One kind of evidence in a ranked tree: cg_rank_tree's top node is AND_MAYBE with
 * kid 0 the match (scaled by body) and kid k the k-th boost; each names itself. */
typedef enum cg_rank_kind {
    CG_RANK_BODY,
    CG_RANK_TITLE,     /* with the part it is for */
    CG_RANK_TITLE_KEY,
    CG_RANK_HEADING,   /* with the part it is for */
    CG_RANK_PROXIMITY
} cg_rank_kind;

typedef struct cg_rank_part {
    cg_rank_kind kind;
    size_t part;       /* CG_RANK_TITLE, CG_RANK_HEADING: index into q->part */
} cg_rank_part;

/* Builds the ranked tree of q and, when parts is not NULL, what each kid of its top
 * node stands for (*parts malloc'd, *nparts kids; caller frees). */
cg_status cg_rank_tree(const cg_query *q, const cg_rank_weights *w, cg_qnode **out,
                       cg_rank_part **parts, size_t *nparts);

#endif
