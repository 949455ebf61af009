/* query.h — parsed queries (doc/PIPELINE.md section 5): parts, their tokens, the
 * Xapian query tree built from them, and finding their matches in a text. */
#ifndef CG_QUERY_H
#define CG_QUERY_H

#include "cg.h"
#include "xapian_shim.h"

typedef struct cg_qpart {
    char *raw;           /* the part as typed, without quotes or a leading '-' */
    size_t raw_len;
    int quoted;
    int exclude;         /* -part or NOT part */
    int in_title;        /* title:part, looked for in the title field (title.h) */
    size_t group;        /* parts of one group are alternatives (OR); groups are ANDed */
    int never;           /* the part spans a blank line: matches nothing */
    cg_text text;        /* the part through the pipeline */
    /* With --stem: for word token i, the words of the index with the same stem
     * (NUL-separated, in alts[i]; NULL when none). */
    cg_buf *alts;
} cg_qpart;

typedef struct cg_query {
    cg_qpart *part;
    size_t nparts;
    size_t ngroups;
    int stem;
} cg_query;

/* Parses q[0..len). On error returns CG_EINVAL with *out_errmsg set (caller frees
 * with free()); the message names the query or the part. Caller frees the query
 * with cg_query_free(). */
cg_status cg_query_parse(cg_pipeline *p, const char *q, size_t len, int stem, cg_query **out,
                         char **out_errmsg);
void cg_query_free(cg_query *q);

/* With stem on: looks up each word's stem in the index's vocabulary. */
cg_status cg_query_expand_stems(cg_query *q, cg_db *db);

/* Builds the Xapian query tree; free with cg_qnode_free(). */
cg_status cg_query_tree(const cg_query *q, cg_qnode **out);
void cg_qnode_free(cg_qnode *n);
/* Building trees (NULL on allocation failure): a node of op; a TERM or PREFIX node
 * for s[0..len); adding kid to parent (kid is freed when it cannot be added, and a
 * NULL kid gives CG_ENOMEM, so calls can nest). */
cg_qnode *cg_qnode_new(cg_qop op);
cg_qnode *cg_qnode_term(cg_qop op, const char *s, size_t len);
cg_status cg_qnode_add_kid(cg_qnode *parent, cg_qnode *kid);
/* A copy of n whose terms carry prefix: the same phrase, looked for in a field. */
cg_qnode *cg_qnode_prefixed(const cg_qnode *n, const char *prefix);

/* The phrase subquery of part p (NULL when p never matches or out of memory): kid i
 * matches the part's token i, so a match starting at position x has kid i at x + i.
 * Free with cg_qnode_free(). */
cg_qnode *cg_query_part_node(const cg_qpart *p);
/* The part's subquery as cg_query_tree() uses it: cg_query_part_node()'s phrase, over
 * the title field for a title: part, or NOTHING for a part that never matches. NULL
 * when out of memory. Free with cg_qnode_free(). */
cg_qnode *cg_query_part_match_node(const cg_qpart *p);

/* One match of a part in a document text: tokens [first, last]. */
typedef struct cg_occurrence {
    uint32_t first, last;
    uint32_t part;
} cg_occurrence;

/* Appends to *occ (realloc'd; *nocc, *cap updated) every match of every positive
 * part in t, sorted by first token. */
cg_status cg_query_find(const cg_query *q, const cg_text *t, cg_occurrence **occ, size_t *nocc,
                        size_t *cap);

#endif
