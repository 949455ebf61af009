/* batch.h — reading a batch of queries (--batch FILE|-): one query per line or
 * ID<TAB>QUERY, blank and # lines skipped; or a TREC topic file (<top> blocks with
 * <num> and <title>). Read a query at a time, so that with standard input each
 * query is answered as soon as its line arrives. */
#ifndef CG_BATCH_H
#define CG_BATCH_H

#include "cg.h"

#include <stdio.h>

typedef struct cg_batch {
    FILE *f;
    const char *name;     /* "-" for standard input */
    int topics;           /* 1: TREC topics, 0: lines, -1: not known yet */
    size_t lineno;
    char *line;
    size_t cap;
    cg_buf id, query;     /* the last query read */
    char where[64];       /* "batch:LINE" or "stdin:LINE" for messages */
} cg_batch;

/* Opens name ("-": standard input). CG_EIO when it cannot be opened. */
cg_status cg_batch_open(cg_batch *b, const char *name);
/* Reads the next query into b->id and b->query: 1 when one was read, 0 at the end,
 * -1 when reading failed. */
int cg_batch_next(cg_batch *b);
void cg_batch_close(cg_batch *b);

#endif
