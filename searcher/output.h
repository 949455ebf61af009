/* output.h — how cgsearch prints results: the format, colour, and batch marks. */
#ifndef CG_OUTPUT_H
#define CG_OUTPUT_H

#include "render.h"

typedef enum cg_format { CG_FORMAT_MD, CG_FORMAT_TEXT, CG_FORMAT_HTML } cg_format;

typedef struct cg_output {
    cg_format format;
    int color;           /* ANSI colours (text, or md on a terminal) */
    cg_buf buf;          /* pending output */
} cg_output;

/* Parses a --format / --color value; 0 on success, -1 when unknown. */
int cg_output_parse_format(const char *s, cg_format *out);
int cg_output_parse_color(const char *s, int *out_mode); /* 0 never, 1 always, 2 auto */

/* Writes a batch query's header ("# query ID: TEXT"). */
cg_status cg_output_query_header(cg_output *o, const char *id, const char *query);
/* Writes one result. */
cg_status cg_output_result(cg_output *o, const cg_result *r);
/* Writes a plain line (for -l and -c). */
cg_status cg_output_line(cg_output *o, const char *prefix, const char *line, const char *suffix);
/* Sends the pending output to stdout; CG_EIO when writing failed. */
cg_status cg_output_flush(cg_output *o);

#endif
