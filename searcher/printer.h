/* printer.h — the one interface every output format implements, in the manner of
 * ripgrep's printers (its searcher's Sink): a printer is told when a query begins,
 * each result in rank order, when the query ends, and at the end of the run. One
 * file per printer (print-*.c); printers.c lists them. A printer includes this
 * header and shared/ only: what it prints comes through cg_result and
 * cg_print_query, never from cgsearch.c. */
#ifndef CG_PRINTER_H
#define CG_PRINTER_H

#include "escape.h"
#include "render.h"
#include "search.h"

/* The query a printer is told about. */
typedef struct cg_print_query {
    const char *id;     /* the batch query's id; NULL for a query from the command line */
    const char *text;   /* the query as typed */
} cg_print_query;

typedef struct cg_printer cg_printer;

typedef struct cg_printer_ops {
    const char *name;        /* the --format value; NULL for -l and -c's printers */
    const char *summary;     /* one line for --help */
    cg_view_mode view;       /* how much of each file it needs ... */
    cg_view_mode view_all;   /* ... and with --all-passages */
    int unranked;            /* every matching file in index order (-l, -c) */
    int colors;              /* --color applies to it */
    size_t state_size;       /* bytes of its own state, zeroed, at p->state */
    cg_status (*begin_query)(cg_printer *p, const cg_print_query *q);
    cg_status (*result)(cg_printer *p, const cg_print_query *q, const cg_result *r);
    cg_status (*end_query)(cg_printer *p, const cg_print_query *q);
    cg_status (*finish)(cg_printer *p);   /* after the last query (the summary) */
    void (*free)(cg_printer *p);          /* frees what the state holds; or NULL */
} cg_printer_ops;

struct cg_printer {
    const cg_printer_ops *ops;
    int color;          /* ANSI colours */
    int all_passages;
    int batch;          /* queries come from --batch */
    int null_sep;       /* -0: -l and -c end each path with a NUL and print it raw */
    cg_buf out;         /* pending output; cg_printer_flush() writes it */
    void *state;
};

/* The printers, in --format's order (md first: the default), and -l's and -c's. */
extern const cg_printer_ops *const cg_printers[];
extern const size_t cg_nprinters;
extern const cg_printer_ops cg_print_md, cg_print_text, cg_print_html, cg_print_json,
    cg_print_vimgrep, cg_print_trec, cg_print_files, cg_print_count;

/* A printer with ops; caller frees with cg_printer_free(). NULL when out of memory. */
cg_printer *cg_printer_new(const cg_printer_ops *ops, int color, int all_passages, int batch);
void cg_printer_free(cg_printer *p);
/* Writes the pending output to stdout and flushes it: CG_EIO when that failed. */
cg_status cg_printer_flush(cg_printer *p);

/* ---- helpers the printers share (printer.c) */

/* Appends a batch query's id and a tab (nothing for a query from the command line),
 * then path, both escaped (escape.h) unless raw, with the path colour when p->color. */
/* A batch query's heading as a text line, "# query ID: QUERY" (bold with colours);
 * nothing for a single query. */
cg_status cg_put_text_heading(cg_printer *p, const cg_print_query *q);
cg_status cg_put_id_path(cg_printer *p, const cg_print_query *q, const char *path, int raw);


/* A stretch of whole lines holding one or more matches, as ripgrep's multiline mode
 * reports them: a match across a line break takes both lines. */
typedef struct cg_line_group {
    size_t start, end;       /* source bytes: from a line's start to past its '\n' */
    uint64_t line;           /* 1-based number of its first line */
    size_t first, n;         /* matches [first, first + n) of the cg_match_list */
} cg_line_group;

/* Every match of a result, in file order (ripgrep's: leftmost, not overlapping). */
typedef struct cg_match_list {
    size_t *start, *end;
    size_t n;
    cg_line_group *group;
    size_t ngroups;
} cg_match_list;

/* Collects r's matches and groups them into lines. Free with cg_match_list_free(). */
cg_status cg_match_list_build(const cg_result *r, cg_match_list *out);
void cg_match_list_free(cg_match_list *m);

/* The number of characters and of UTF-16 code units in s[0..len). */
void cg_count_units(const char *s, size_t len, size_t *out_chars, size_t *out_utf16);

/* ANSI colours as ripgrep uses them. */
#define CG_C_PATH "\033[35m"
#define CG_C_LINE "\033[32m"
#define CG_C_MATCH "\033[1;31m"
#define CG_C_OFF "\033[0m"

#endif
