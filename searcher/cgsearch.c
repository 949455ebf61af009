/* cgsearch — ranked exact phrase search over a cgindex index (see --help). A thin
 * CLI: the option table, the query loop (one query, or a batch), and exit statuses
 * as grep and ripgrep have them: 0 matched, 1 nothing matched, 2 error. What is
 * printed, and how, is the chosen printer's (printer.h). */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include "batch.h"
#include "dbpath.h"
#include "options.h"
#include "printer.h"
#include "search.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    OPT_DB = 256, OPT_LIMIT, OPT_OFFSET, OPT_STEM, OPT_ALL, OPT_FILES, OPT_COUNT, OPT_FORMAT,
    OPT_NULL, OPT_COLOR, OPT_COLOUR, OPT_BATCH, OPT_EXPLAIN, OPT_HELP, OPT_VERSION, OPT_TIMEOUT
};

static const char *format_names[16];   /* --format's choices, from the printer table */
static const char *const color_names[] = {"never", "always", "auto", NULL};

static const cg_option options[] = {
    {OPT_DB, 0, "db", CG_ARG_STRING, "DIR", NULL,
     "the index (default: $CGSEARCH_DB, else the nearest\n.cgsearch/ in the current directory or above),\n"
     "or a Xapian stub file listing its shards, local or remote"},
    {OPT_TIMEOUT, 0, "timeout", CG_ARG_COUNT, "SECONDS", NULL,
     "how long a remote shard may take to connect or to\nanswer (default 10)"},
    {OPT_LIMIT, 'n', "limit", CG_ARG_COUNT, "N", NULL, "show the N best files (default 10; 0 = all)"},
    {OPT_OFFSET, 0, "offset", CG_ARG_COUNT, "N", NULL, "skip the N best files first"},
    {OPT_STEM, 's', "stem", CG_ARG_NONE, NULL, NULL, "also match English words with the same stem"},
    {OPT_ALL, 0, "all-passages", CG_ARG_NONE, NULL, NULL,
     "show every matching passage, not only the best one"},
    {OPT_EXPLAIN, 0, "explain", CG_ARG_NONE, NULL, NULL,
     "show how each result's score is made up (md, text, html, json)"},
    {OPT_FILES, 'l', "files-with-matches", CG_ARG_NONE, NULL, NULL,
     "print every matching file, one per line, unranked"},
    {OPT_COUNT, 'c', "count", CG_ARG_NONE, NULL, NULL, "print path:passages for every matching file"},
    {OPT_NULL, '0', "null", CG_ARG_NONE, NULL, NULL,
     "with -l or -c: end each path with a NUL, not a line\nbreak or colon, and print it unescaped (xargs -0)"},
    {OPT_FORMAT, 0, "format", CG_ARG_CHOICE, "FMT", format_names, "the output format (below)"},
    {OPT_COLOR, 0, "color", CG_ARG_CHOICE, "WHEN", color_names,
     "auto (default: on a terminal), always or never"},
    {OPT_COLOUR, 0, "colour", CG_ARG_CHOICE, "WHEN", color_names, NULL},
    {OPT_BATCH, 0, "batch", CG_ARG_STRING, "FILE",  NULL,
     "run one query per line of FILE (- for standard input);\n"
     "a line may be ID<TAB>QUERY; blank and # lines are skipped;\n"
     "a TREC topic file (<top>, <num>, <title>) is read as such;\n"
     "each answer is written as soon as its query is read"},
    {OPT_HELP, 'h', "help", CG_ARG_NONE, NULL, NULL, "show this help and exit"},
    {OPT_VERSION, 'V', "version", CG_ARG_NONE, NULL, NULL, "show the version and exit"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char *usage_head =
    "Usage: cgsearch [OPTIONS] QUERY...\n"
    "       cgsearch [OPTIONS] --batch FILE|-\n"
    "Ranked exact phrase search in Chinese (Simplified and Traditional) and English.\n"
    "\n"
    "Query: parts separated by spaces must all occur in a file; a part of several\n"
    "words or characters is a phrase; \"...\" is one phrase, spaces and all;\n"
    "a OR b matches either; -part or NOT part excludes files holding it (put --\n"
    "before a query that starts with -); title:part matches files whose title\n"
    "holds it; a lone - or dash between parts is punctuation (A - B searches A\n"
    "and B). Traditional and Simplified characters, full- and half-width forms\n"
    "and letter case all match each other.\n"
    "Ranking: BM25 over the text, plus the parts found in the title and headings,\n"
    "the whole title, and the parts standing together (--explain shows how).\n"
    "\n"
    "Options:\n";
static const char *usage_tail =
    "\n"
    "Exit status: 0 if something matched, 1 if nothing did, 2 on error.\n";

typedef struct cli {
    const char *db_path;
    const char *db_word;  /* db_path as a shell word, for the commands hints suggest */
    cg_searcher *s;
    cg_search_opts opts;
    int stem;
    int explain;   /* --explain */
    cg_printer *pr;
    int matched;   /* something was printed */
    int failed;    /* a query failed (batch) */
} cli;

/* Prints "cgsearch: KIND: " and the message on one line: a message may hold a query
 * or a path, whose control characters and line breaks are escaped (escape.h). */
static void report(const char *kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void report(const char *kind, const char *fmt, ...)
{
    cg_buf m = {0}, line = {0};
    va_list ap;
    va_start(ap, fmt);
    cg_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    cg_buf_printf(&line, "cgsearch: %s: ", kind);
    cg_escape_append(&line, m.ptr ? m.ptr : "", m.len, 0);
    fprintf(stderr, "%s\n", line.ptr ? line.ptr : "cgsearch: out of memory");
    cg_buf_free(&m);
    cg_buf_free(&line);
}

static void usage_error(const char *msg)
{
    cg_buf line = {0};
    cg_escape_append(&line, msg, strlen(msg), 0);
    fprintf(stderr, "cgsearch: %s\nTry 'cgsearch --help'.\n", line.ptr ? line.ptr : msg);
    cg_buf_free(&line);
    exit(2);
}

static void die(const char *what, const char *detail)
{
    report("error", "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

/* A query as a message names it: escaped by report(), and cut after 80 characters. */
static void report_bad_utf8(const char *where, const char *q, size_t len, size_t bad)
{
    size_t shown = cg_utf8_prefix_len(q, len, 80);
    report("error", "%s%sinvalid UTF-8 in query at byte %zu: %.*s%s", where ? where : "",
           where ? ": " : "", bad, (int)shown, q, shown < len ? "…" : "");
}

static void check(cg_status rc)
{
    if (rc == CG_EIO)
        die("cannot write the results", NULL);
    if (rc)
        die(cg_status_str(rc), NULL);
}

static int print_help(void)
{
    cg_buf h = {0};
    cg_buf_puts(&h, usage_head);
    cg_opt_help(options, NOPTIONS, &h);
    cg_buf_puts(&h, "\nFormats (--format):\n");
    for (size_t i = 0; i < cg_nprinters; i++)
        cg_buf_printf(&h, "  %-9s%s\n", cg_printers[i]->name, cg_printers[i]->summary);
    cg_buf_puts(&h, usage_tail);
    if (!h.ptr)
        die("out of memory", NULL);
    fputs(h.ptr, stdout);
    cg_buf_free(&h);
    return fflush(stdout) ? 2 : 0;
}

/* Hands one hit to the printer; returns 1 when it printed it. */
static int show_hit(cli *c, const cg_print_query *pq, const cg_query *q, const cg_hit *hit,
                    size_t rank)
{
    const cg_printer_ops *ops = c->pr->ops;
    cg_file_view v;
    cg_status rc = cg_searcher_file(c->s, q, hit, c->pr->all_passages ? ops->view_all : ops->view,
                                    &v);
    if (rc) /* a remote shard's message says it all */
        die(cg_searcher_errmsg(c->s), rc == CG_ENETWORK ? NULL : cg_status_str(rc));
    cg_buf shown = {0}, note = {0};
    cg_display_path(v.abs_path, &shown);
    int printed = 0;
    if (v.state == CG_FILE_DELETED) {
        report("warning", "%s: deleted since indexing; refresh the index with: cgindex --db %s",
               shown.ptr, c->db_word);
    } else {
        if (v.state == CG_FILE_STALE)
            cg_buf_printf(&note, "stale: %s changed since indexing%s; refresh the index with: "
                          "cgindex --db %s", shown.ptr,
                          v.m.nsnip ? "" : " and no longer matches", c->db_word);
        else if (v.state == CG_FILE_STORED)
            cg_buf_printf(&note, "%s cannot be read; the snippet is from the index's stored copy",
                          shown.ptr);
        cg_explanation why = {0};
        if (c->explain && (rc = cg_searcher_explain(c->s, q, hit, &why)))
            die(cg_searcher_errmsg(c->s), cg_status_str(rc));
        cg_result r = {
            .path = shown.ptr, .score = hit->score, .rank = rank,
            .note = note.len ? note.ptr : NULL, .src = v.src, .src_len = v.src_len,
            .src_offset = v.src_offset, .src_line = v.src_line, .m = &v.m,
            .explain = c->explain ? &why : NULL,
        };
        check(ops->result(c->pr, pq, &r));
        cg_explanation_free(&why);
        printed = 1;
    }
    cg_buf_free(&shown);
    cg_buf_free(&note);
    cg_file_view_free(&v);
    return printed;
}

/* Runs one query; returns 0 on success, -1 after reporting a query error. */
static int run_query(cli *c, const char *text, size_t len, const char *id, const char *where)
{
    const cg_printer_ops *ops = c->pr->ops;
    cg_print_query pq = {.id = id, .text = text};
    cg_query *q = NULL;
    char *msg = NULL;
    cg_status rc = cg_searcher_parse(c->s, text, len, c->stem, &q, &msg);
    if (rc) {
        report("error", "%s%s%s", where ? where : "", where ? ": " : "",
               msg ? msg : cg_status_str(rc));
        free(msg);
        return -1;
    }
    cg_search_opts opts = c->opts;
    if (ops->unranked) {
        opts.unranked = 1;
        opts.offset = 0;
        opts.limit = 0;
    }
    cg_hits hits;
    rc = cg_searcher_run(c->s, q, &opts, &hits);
    if (rc)
        die(cg_searcher_errmsg(c->s), NULL);
    if (ops->begin_query)
        check(ops->begin_query(c->pr, &pq));
    for (size_t i = 0; i < hits.n; i++) {
        c->matched |= show_hit(c, &pq, q, &hits.hit[i], opts.offset + i + 1);
        if (c->pr->out.len > 65536)
            check(cg_printer_flush(c->pr));
    }
    if (ops->end_query)
        check(ops->end_query(c->pr, &pq));
    cg_hits_free(&hits);
    cg_query_free(q);
    /* Each answer is flushed whole: an editor reading a pipe gets it at once. */
    check(cg_printer_flush(c->pr));
    return 0;
}

static void run_batch(cli *c, const char *file)
{
    cg_batch b;
    if (cg_batch_open(&b, file))
        die(file, "cannot open the batch file");
    int r;
    while ((r = cg_batch_next(&b)) == 1) {
        const char *q = b.query.ptr ? b.query.ptr : "";
        size_t bad = cg_utf8_check(q, b.query.len);
        if (bad < b.query.len) {
            report_bad_utf8(b.where, q, b.query.len, bad);
            c->failed = 1;
        } else if (run_query(c, q, b.query.len, b.id.ptr, b.where)) {
            c->failed = 1;
        }
    }
    if (r < 0)
        die(file, "cannot read the batch file");
    cg_batch_close(&b);
}

int main(int argc, char **argv)
{
    for (size_t i = 0; i < cg_nprinters && i + 1 < sizeof format_names / sizeof *format_names; i++)
        format_names[i] = cg_printers[i]->name;
    cli c = {0};
    c.opts.limit = 10;
    int color_mode = 2, ch, all_passages = 0, null_sep = 0;
    unsigned timeout = 10; /* seconds, as Xapian's own default */
    const char *db_opt = NULL, *batch = NULL;
    const cg_printer_ops *format = NULL, *summary = NULL;
    cg_opt_parser op;
    if (cg_opt_parser_init(&op, "cgsearch", options, NOPTIONS))
        die("out of memory", NULL);
    op.dash_hint = " (put -- before a query that starts with '-')";
    while ((ch = cg_opt_next(&op, argc, argv)) != -1) {
        switch (ch) {
        case 0: usage_error(op.errmsg); break;
        case OPT_DB: db_opt = op.arg; break;
        case OPT_LIMIT: c.opts.limit = op.count; break;
        case OPT_OFFSET: c.opts.offset = op.count; break;
        case OPT_STEM: c.stem = 1; break;
        case OPT_EXPLAIN: c.explain = 1; break;
        case OPT_ALL: all_passages = 1; break;
        case OPT_FILES:
        case OPT_COUNT:
            if (summary && summary != (ch == OPT_FILES ? &cg_print_files : &cg_print_count))
                usage_error("-l and -c do not go together");
            summary = ch == OPT_FILES ? &cg_print_files : &cg_print_count;
            break;
        case OPT_NULL: null_sep = 1; break;
        case OPT_FORMAT: format = cg_printers[op.choice]; break;
        case OPT_COLOR:
        case OPT_COLOUR: color_mode = (int)op.choice; break;
        case OPT_BATCH: batch = op.arg; break;
        case OPT_TIMEOUT:
            if (op.count < 1 || op.count > 86400)
                usage_error("--timeout takes 1 to 86400 seconds");
            timeout = op.count;
            break;
        case OPT_HELP:
            cg_opt_parser_free(&op);
            return print_help();
        case OPT_VERSION:
            cg_opt_parser_free(&op);
            printf("cgsearch %s (xapian %s, %s)\n", PACKAGE_VERSION, cg_xapian_version(),
                   cg_pipeline_fingerprint());
            return fflush(stdout) ? 2 : 0;
        }
    }
    cg_opt_parser_free(&op);
    if (!batch && optind >= argc)
        usage_error("no query given");
    if (batch && optind < argc) {
        char m[512];
        snprintf(m, sizeof m, "--batch takes its queries from the file, not from '%s'", argv[optind]);
        usage_error(m);
    }
    if (summary && format) {
        char m[128];
        snprintf(m, sizeof m, "%s and --format %s do not go together",
                 summary == &cg_print_files ? "-l" : "-c", format->name);
        usage_error(m);
    }
    if (c.explain && (summary || format == &cg_print_vimgrep || format == &cg_print_trec))
        usage_error("--explain goes with --format md, text, html or json");
    if (null_sep && !summary)
        usage_error("-0 (--null) goes with -l or -c");
    int color = color_mode == 1 || (color_mode == 2 && isatty(1));
    c.pr = cg_printer_new(summary ? summary : format ? format : cg_printers[0], color,
                          all_passages, batch != NULL);
    if (!c.pr)
        die("out of memory", NULL);
    c.pr->null_sep = null_sep;

    /* The query first: a bad query is an error even where no index exists. */
    cg_buf query = {0};
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            cg_buf_putc(&query, ' ');
        cg_buf_puts(&query, argv[i]);
    }
    int status = 0;
    char *db_path = NULL, *msg = NULL;
    if (!batch) {
        size_t bad = cg_utf8_check(query.ptr ? query.ptr : "", query.len);
        if (bad < query.len) {
            report_bad_utf8(NULL, query.ptr, query.len, bad);
            status = 2;
            goto done;
        }
    }

    cg_status rc = cg_dbpath_find(db_opt, &db_path);
    if (rc == CG_ENOTFOUND)
        die("no index found (no .cgsearch/ in the current directory or above); build one "
            "with: cgindex DIR", NULL);
    if (rc)
        die("cannot locate the index", cg_status_str(rc));
    c.db_path = db_path;
    cg_buf db_word = {0};
    if (cg_shell_quote(db_path, &db_word))
        die("out of memory", NULL);
    c.db_word = db_word.ptr;
    cg_db_open_opts open_opts = {.timeout_ms = timeout * 1000, .connect_timeout_ms = timeout * 1000};
    rc = cg_searcher_open_with(db_path, &open_opts, &c.s, &msg);
    if (rc == CG_ENOTFOUND && cg_dbdir_kind(db_path) == CG_DBDIR_FOREIGN) {
        fprintf(stderr, "cgsearch: error: %s is not a cgsearch index (it holds other files); "
                "name the index with --db\n", db_path);
        status = 2;
        goto done;
    }
    if (rc == CG_ENOTFOUND) {
        report("error", "no index at %s; build one with: cgindex --db %s DIR", db_path, db_word.ptr);
        status = 2;
        goto done;
    }
    if (rc)
        die(msg ? msg : cg_status_str(rc), NULL);
    /* Xapian 1.4's remote backend has no synonym table. */
    if (cg_db_has_remote(cg_searcher_db(c.s)) && c.stem)
        die("--stem needs local shards (a remote shard has no stem vocabulary)", NULL);

    if (batch)
        run_batch(&c, batch);
    else if (run_query(&c, query.ptr, query.len, NULL, NULL))
        c.failed = 1;
    if (c.pr->ops->finish)
        check(c.pr->ops->finish(c.pr));
    check(cg_printer_flush(c.pr));
    status = c.failed ? 2 : c.matched ? 0 : 1;
done:
    free(msg);
    cg_buf_free(&query);
    cg_printer_free(c.pr);
    cg_searcher_free(c.s);
    free((char *)c.db_word);
    free(db_path);
    return status;
}
