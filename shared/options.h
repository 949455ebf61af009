/* options.h — one option table per program: getopt's arrays, the option lines of
 * --help and every usage-error message are made from it (as ripgrep's flag
 * definitions and git's parse-options make them from one list), so the help, the
 * man pages' checks and the parser cannot disagree. */
#ifndef CG_OPTIONS_H
#define CG_OPTIONS_H

#include "cg.h"

#include <getopt.h>

typedef enum cg_optarg {
    CG_ARG_NONE,     /* a flag */
    CG_ARG_STRING,   /* any text */
    CG_ARG_COUNT,    /* a number 0 .. 100,000,000 */
    CG_ARG_CHOICE    /* one of `choices` */
} cg_optarg;

typedef struct cg_option {
    int id;                      /* what cg_opt_next() returns for it (> 0) */
    char short_name;             /* 0 when it has none */
    const char *name;            /* the long name, without "--" */
    cg_optarg arg;
    const char *arg_name;        /* its argument in the help ("N", "DIR") */
    const char *const *choices;  /* CG_ARG_CHOICE: NULL-terminated */
    const char *help;            /* lines separated by \n; NULL: an alias, not listed */
} cg_option;

typedef struct cg_opt_parser {
    const char *prog;            /* for messages */
    const char *dash_hint;       /* added to "unknown option" messages, or NULL */
    const cg_option *opts;
    size_t nopts;
    /* Set by cg_opt_next() for the option returned: */
    const char *arg;             /* its argument (CG_ARG_STRING, CG_ARG_CHOICE) */
    uint32_t count;              /* CG_ARG_COUNT */
    size_t choice;               /* CG_ARG_CHOICE: the index in choices */
    char errmsg[512];            /* after a usage error */
    struct option *longopts;
    char shortopts[128];
} cg_opt_parser;

/* Prepares p for argv with the table opts[0..n). CG_ENOMEM, or CG_OK. Free with
 * cg_opt_parser_free(). */
CG_EXPORT cg_status cg_opt_parser_init(cg_opt_parser *p, const char *prog,
                                       const cg_option *opts, size_t n);
CG_EXPORT void cg_opt_parser_free(cg_opt_parser *p);

/* The next option's id; -1 when the options end (optind is the first operand); 0
 * on a usage error, with p->errmsg saying what was wrong (one line, no "Try"). */
CG_EXPORT int cg_opt_next(cg_opt_parser *p, int argc, char **argv);

/* Appends the option lines of the help to out: "  -n, --limit N" in a column of
 * its own, the help text beside it. */
CG_EXPORT cg_status cg_opt_help(const cg_option *opts, size_t n, cg_buf *out);

/* Appends "a, b or c" for a NULL-terminated list. */
CG_EXPORT cg_status cg_opt_choices_text(const char *const *choices, cg_buf *out);

#endif
