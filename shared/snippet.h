/* snippet.h — a file's matches grouped by passage, and the snippets cut around them. */
#ifndef CG_SNIPPET_H
#define CG_SNIPPET_H

#include "cg.h"
#include "query.h"

typedef struct cg_snippet {
    uint32_t line;       /* 1-based line of the first match shown */
    size_t start, end;   /* the source bytes shown */
    int cut_before;      /* text was cut before start / after end (shown as …) */
    int cut_after;
    size_t *mstart;      /* source byte ranges of the matches inside [start, end) */
    size_t *mend;
    size_t nmatch;
    size_t *ostart;      /* every match of the passage, inside the window or not: */
    size_t *oend;        /* source byte ranges, leftmost first, never overlapping */
    size_t nocc;         /* (ripgrep's rule: a match starting inside another is dropped) */
    uint32_t *join;      /* the line breaks shown as nothing (hard-wrapped CJK text): */
    size_t njoin;        /* offsets from start of their '\n' (or lone '\r'), ascending;
                            other line breaks (with the white space around them) are
                            shown as one space */
} cg_snippet;

typedef struct cg_file_matches {
    size_t npassages;    /* passages holding a match of some part */
    cg_snippet *snip;    /* the best passage first; every matching passage with `all` */
    size_t nsnip;
} cg_file_matches;

#define CG_SNIPPET_BEFORE 40  /* characters of context before the first match */
#define CG_SNIPPET_CHARS 160  /* characters shown in all (more when a match is longer) */
#define CG_SNIPPET_SENTENCE 20 /* an edge moves to a sentence end at most this many
                                  (normalized) characters away */

/* Groups occ (matches in t, from cg_query_find) by passage and cuts snippets from
 * src, the text t was made from (doc/OUTPUT-FORMATS.md says how they are cut).
 * With all, one snippet per matching passage in order; else only the best: the
 * passage holding the most distinct parts, then the earliest. */
cg_status cg_file_matches_build(const cg_text *t, const char *src, size_t src_len,
                                const cg_occurrence *occ, size_t nocc, int all,
                                cg_file_matches *out);
void cg_file_matches_free(cg_file_matches *m);

#endif
