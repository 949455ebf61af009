/* cgsearch — ranked exact phrase search over a cgindex index (see --help). A thin
 * CLI: options, the query loop (one query, or a batch file), and exit statuses as
 * grep and ripgrep have them: 0 matched, 1 nothing matched, 2 error. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include "dbpath.h"
#include "output.h"
#include "search.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *usage_text =
    "Usage: cgsearch [OPTIONS] QUERY...\n"
    "       cgsearch [OPTIONS] --batch FILE|-\n"
    "Ranked exact phrase search in Chinese (Simplified and Traditional) and English.\n"
    "\n"
    "Query: parts separated by spaces must all occur in a file; a part of several\n"
    "words or characters is a phrase; \"...\" is one phrase, spaces and all;\n"
    "a OR b matches either; -part excludes files holding it (put -- before a\n"
    "query that starts with -). Traditional and Simplified characters, full- and\n"
    "half-width forms and letter case all match each other.\n"
    "\n"
    "Options:\n"
    "      --db DIR        the index (default: $CGSEARCH_DB, else the nearest\n"
    "                      .cgsearch/ in the current directory or above)\n"
    "  -n, --limit N       show the N best files (default 10; 0 = all)\n"
    "      --offset N      skip the N best files first\n"
    "  -s, --stem          also match English words with the same stem\n"
    "      --all-passages  show every matching passage, not only the best one\n"
    "  -l, --files-with-matches  print every matching file, one per line, unranked\n"
    "  -c, --count         print path:passages for every matching file\n"
    "      --format FMT    md (default), text or html\n"
    "      --color WHEN    auto (default: on a terminal), always or never\n"
    "      --batch FILE    run one query per line of FILE (- for standard input);\n"
    "                      a line may be ID<TAB>QUERY; blank and # lines are skipped\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n"
    "\n"
    "Exit status: 0 if something matched, 1 if nothing did, 2 on error.\n";

typedef struct cli {
    const char *db_path;
    cg_searcher *s;
    cg_search_opts opts;
    int stem, all_passages, list, count;
    cg_output out;
    int matched;   /* something was printed */
    int failed;    /* a query failed (batch) */
} cli;

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "cgsearch: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'cgsearch --help'.\n");
    exit(2);
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "cgsearch: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static uint32_t parse_count(const char *opt, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || !*arg || v < 0 || v > 100000000)
        usage_error(opt, arg);
    return (uint32_t)v;
}

static void flush_or_die(cli *c)
{
    if (cg_output_flush(&c->out))
        die("cannot write the results", NULL);
}

/* Prints one hit in the chosen mode; returns 1 when it printed something. */
static int show_hit(cli *c, const cg_query *q, const cg_hit *hit, size_t rank, const char *qid)
{
    cg_file_view v;
    cg_view_mode mode = c->list ? CG_VIEW_EXISTS : c->all_passages ? CG_VIEW_ALL : CG_VIEW_BEST;
    cg_status rc = cg_searcher_file(c->s, q, hit, mode, &v);
    if (rc)
        die(cg_searcher_errmsg(c->s), cg_status_str(rc));
    cg_buf shown = {0}, note = {0};
    cg_display_path(v.abs_path, &shown);
    int printed = 0;
    if (v.state == CG_FILE_DELETED) {
        fprintf(stderr, "cgsearch: warning: %s: deleted since indexing; refresh the index with: "
                "cgindex --db %s\n", shown.ptr, c->db_path);
    } else if (c->list) {
        cg_output_line(&c->out, qid, shown.ptr, NULL);
        printed = 1;
    } else if (c->count) {
        char n[32];
        snprintf(n, sizeof n, ":%zu", v.m.npassages);
        cg_output_line(&c->out, qid, shown.ptr, n);
        printed = 1;
    } else {
        if (v.state == CG_FILE_STALE)
            cg_buf_printf(&note, "stale: %s changed since indexing%s; refresh the index with: "
                          "cgindex --db %s", shown.ptr,
                          v.m.nsnip ? "" : " and no longer matches", c->db_path);
        else if (v.state == CG_FILE_STORED)
            cg_buf_printf(&note, "%s cannot be read; the snippet is from the index's stored copy",
                          shown.ptr);
        cg_result r = {
            .path = shown.ptr, .score = hit->score, .rank = rank,
            .note = note.len ? note.ptr : NULL, .src = v.src, .m = &v.m,
        };
        if (cg_output_result(&c->out, &r))
            die("out of memory", NULL);
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
    cg_query *q = NULL;
    char *msg = NULL;
    cg_status rc = cg_searcher_parse(c->s, text, len, c->stem, &q, &msg);
    if (rc) {
        fprintf(stderr, "cgsearch: error: %s%s%s\n", where ? where : "", where ? ": " : "",
                msg ? msg : cg_status_str(rc));
        free(msg);
        return -1;
    }
    cg_search_opts opts = c->opts;
    if (c->list || c->count) {
        opts.unranked = 1;
        opts.offset = 0;
        opts.limit = 0;
    }
    cg_hits hits;
    rc = cg_searcher_run(c->s, q, &opts, &hits);
    if (rc)
        die(cg_searcher_errmsg(c->s), NULL);
    cg_buf prefix = {0};
    if (id) {
        if (c->list || c->count)
            cg_buf_printf(&prefix, "%s\t", id);
        else
            cg_output_query_header(&c->out, id, text);
    }
    for (size_t i = 0; i < hits.n; i++) {
        c->matched |= show_hit(c, q, &hits.hit[i], opts.offset + i + 1, prefix.len ? prefix.ptr : NULL);
        if (c->out.buf.len > 65536)
            flush_or_die(c);
    }
    cg_buf_free(&prefix);
    cg_hits_free(&hits);
    cg_query_free(q);
    flush_or_die(c);
    return 0;
}

static void run_batch(cli *c, const char *file)
{
    FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
    if (!f)
        die(file, "cannot open the batch file");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    char where[64], idbuf[32];
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        const char *q = line;
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q || *q == '#')
            continue;
        const char *id = idbuf;
        snprintf(idbuf, sizeof idbuf, "%zu", lineno);
        char *tab = strchr(line, '\t');
        if (tab && tab > line) {
            *tab = '\0';
            id = line;
            q = tab + 1;
        }
        snprintf(where, sizeof where, "%s:%zu", strcmp(file, "-") ? "batch" : "stdin", lineno);
        if (run_query(c, q, strlen(q), id, where))
            c->failed = 1;
    }
    if (ferror(f))
        die(file, "cannot read the batch file");
    free(line);
    if (f != stdin)
        fclose(f);
}

int main(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_OFFSET, OPT_ALL, OPT_FORMAT, OPT_COLOR, OPT_BATCH };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"stem", no_argument, NULL, 's'},
        {"all-passages", no_argument, NULL, OPT_ALL},
        {"files-with-matches", no_argument, NULL, 'l'},
        {"count", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    cli c = {0};
    c.opts.limit = 10;
    int color_mode = 2, ch;
    const char *db_opt = NULL, *batch = NULL;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":n:slchV", longopts, NULL)) != -1) {
        switch (ch) {
        case OPT_DB: db_opt = optarg; break;
        case 'n': c.opts.limit = parse_count("--limit takes a number, not '%s'", optarg); break;
        case OPT_OFFSET: c.opts.offset = parse_count("--offset takes a number, not '%s'", optarg); break;
        case 's': c.stem = 1; break;
        case OPT_ALL: c.all_passages = 1; break;
        case 'l': c.list = 1; break;
        case 'c': c.count = 1; break;
        case OPT_FORMAT:
            if (cg_output_parse_format(optarg, &c.out.format))
                usage_error("--format takes md, text or html, not '%s'", optarg);
            break;
        case OPT_COLOR:
            if (cg_output_parse_color(optarg, &color_mode))
                usage_error("--color takes auto, always or never, not '%s'", optarg);
            break;
        case OPT_BATCH: batch = optarg; break;
        case 'h': fputs(usage_text, stdout); return fflush(stdout) ? 2 : 0;
        case 'V':
            printf("cgsearch %s (xapian %s, %s)\n", PACKAGE_VERSION, cg_xapian_version(),
                   cg_pipeline_fingerprint());
            return fflush(stdout) ? 2 : 0;
        case ':': usage_error("option '%s' needs an argument", argv[optind - 1]); break;
        default:
            if (!optopt) /* a long option */
                usage_error("unknown option '%s'", argv[optind - 1]);
            if (optopt > ' ' && optopt < 127) {
                char opt[3] = {'-', (char)optopt, '\0'};
                usage_error("unknown option '%s' (put -- before a query that starts with '-')", opt);
            }
            /* getopt stopped inside a character, as in "-网络". */
            usage_error("%s", "unknown option (put -- before a query that starts with '-')");
            break;
        }
    }
    if (!batch && optind >= argc)
        usage_error("%s", "no query given");
    if (batch && optind < argc)
        usage_error("--batch takes its queries from the file, not from '%s'", argv[optind]);
    if (c.list && c.count)
        usage_error("%s", "-l and -c do not go together");
    c.out.color = color_mode == 1 || (color_mode == 2 && isatty(1));
    if (c.out.format == CG_FORMAT_HTML)
        c.out.color = 0;

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
            fprintf(stderr, "cgsearch: error: invalid UTF-8 in query at byte %zu\n", bad);
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
    rc = cg_searcher_open(db_path, &c.s, &msg);
    if (rc == CG_ENOTFOUND) {
        fprintf(stderr, "cgsearch: error: no index at %s; build one with: cgindex --db %s DIR\n",
                db_path, db_path);
        status = 2;
        goto done;
    }
    if (rc)
        die(msg ? msg : cg_status_str(rc), NULL);

    if (batch)
        run_batch(&c, batch);
    else if (run_query(&c, query.ptr, query.len, NULL, NULL))
        c.failed = 1;
    status = c.failed ? 2 : c.matched ? 0 : 1;
done:
    free(msg);
    cg_buf_free(&query);
    cg_buf_free(&c.out.buf);
    cg_searcher_free(c.s);
    free(db_path);
    return status;
}
