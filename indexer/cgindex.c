/* cgindex — builds or updates the index of a collection (see --help). A thin CLI:
 * options, the index location, and the summary; the work is in build.c. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "build.h"
#include "dbpath.h"
#include "ignore.h"
#include "lock.h"
#include "options.h"
#include "search.h"
#include "walk.h"
#include "xapian_shim.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_DB = 256, OPT_JOBS, OPT_SHARDS, OPT_STORE, OPT_REBUILD, OPT_GLOB, OPT_IGLOB, OPT_NO_IGNORE,
       OPT_MAX_FILE_SIZE, OPT_QUIET, OPT_HELP, OPT_VERSION };

static const cg_option options[] = {
    {OPT_DB, 0, "db", CG_ARG_STRING, "DIR", NULL,
     "the index (default: $CGSEARCH_DB, else the nearest .cgsearch/\n"
     "in the current directory or above, else ./.cgsearch)"},
    {OPT_JOBS, 'j', "jobs", CG_ARG_COUNT, "N", NULL,
     "processes for a full build, one shard each, merged at the\n"
     "end (1 to 64; default: the number of cores)"},
    {OPT_SHARDS, 0, "shards", CG_ARG_COUNT, "N", NULL,
     "keep the index as N databases and Xapian's stub file listing\n"
     "them, a file's shard chosen by its path, to be served apart\n"
     "(xapian-tcpsrv) or searched as one (1 to " CG_MAX_SHARDS_TEXT "; default: as\n"
     "the index is, else 1: one database)"},
    {OPT_STORE, 0, "store-text", CG_ARG_NONE, NULL, NULL,
     "also keep the text in the index (for searchers that cannot\n"
     "read the files, such as remote shards)"},
    {OPT_REBUILD, 0, "rebuild", CG_ARG_NONE, NULL, NULL, "discard the index and build it anew"},
    {OPT_GLOB, 'g', "glob", CG_ARG_STRING, "GLOB", NULL,
     "index only files matching GLOB; '!GLOB' leaves matching files\n"
     "and folders out (gitignore syntax; repeatable; as ripgrep's)"},
    {OPT_IGLOB, 0, "iglob", CG_ARG_STRING, "GLOB", NULL, "--glob, ignoring case"},
    {OPT_NO_IGNORE, 0, "no-ignore", CG_ARG_NONE, NULL, NULL,
     "do not read .gitignore, .ignore and .cgsearchignore files"},
    {OPT_MAX_FILE_SIZE, 0, "max-file-size", CG_ARG_STRING, "SIZE", NULL,
     "skip files larger than SIZE bytes, with a warning; a suffix\n"
     "K, M or G counts in KiB, MiB or GiB (default: " CG_MAX_FILE_TEXT ")"},
    {OPT_QUIET, 'q', "quiet", CG_ARG_NONE, NULL, NULL, "no summary line"},
    {OPT_HELP, 'h', "help", CG_ARG_NONE, NULL, NULL, "show this help and exit"},
    {OPT_VERSION, 'V', "version", CG_ARG_NONE, NULL, NULL, "show the version and exit"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char *usage_head =
    "Usage: cgindex [OPTIONS] [DIR]\n"
    "Build or update the cgsearch index of the text files below DIR.\n"
    "\n"
    "DIR defaults to the directory the index already covers, else the current\n"
    "directory. It indexes the files `rg --files` lists: no dot-files or dot-folders\n"
    "(.git, .cgsearch), no symbolic links, nothing that .gitignore (in a git\n"
    "repository), .ignore or .cgsearchignore files ignore. A second run re-indexes\n"
    "only what changed, and removes deleted files and files now ignored. The index\n"
    "does not remember --glob, --iglob or --no-ignore: each run applies its own.\n"
    "\n"
    "Options:\n";
static const char *usage_tail = "\nExit status: 0 on success, 2 on error.\n";

static int print_help(void)
{
    cg_buf h = {0};
    cg_buf_puts(&h, usage_head);
    cg_opt_help(options, NOPTIONS, &h);
    cg_buf_puts(&h, usage_tail);
    if (!h.ptr)
        return 2;
    fputs(h.ptr, stdout);
    cg_buf_free(&h);
    return fflush(stdout) ? 2 : 0;
}

static void usage_error(const char *msg)
{
    fprintf(stderr, "cgindex: %s\nTry 'cgindex --help'.\n", msg);
    exit(2);
}

/* The index's lock, held from before anything is read until exit. */
static cg_lock lock = {.fd = -1};

static void die(const char *what, const char *detail)
{
    cg_lock_release(&lock, 1);
    fprintf(stderr, "cgindex: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

/* A size such as 4096, 10M or 1G (K, M, G: powers of 1024); 0 when malformed. */
static uint64_t parse_size(const char *s)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    unsigned long long n = strtoull(s, &end, 10);
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    if (*end || n > (UINT64_MAX >> shift))
        return 0;
    return (uint64_t)n << shift;
}

static void human(uint64_t bytes, char *out, size_t n)
{
    if (bytes >= 1000000)
        snprintf(out, n, "%.1f MB", bytes / 1e6);
    else
        snprintf(out, n, "%.1f KB", bytes / 1e3);
}

int main(int argc, char **argv)
{
    const char *db_opt = NULL;
    cg_build_opts o = {0};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? (int)cores : 1;
    int quiet = 0, c;
    /* --glob patterns, then --iglob ones: the order ripgrep applies them in. */
    cg_walk_glob *globs = calloc((size_t)argc + 1, sizeof *globs);
    size_t nglobs = 0, niglobs = 0;
    const char **iglobs = calloc((size_t)argc + 1, sizeof *iglobs);
    cg_walk_opts wo = {0};
    if (!globs || !iglobs)
        die("out of memory", NULL);
    cg_opt_parser op;
    if (cg_opt_parser_init(&op, "cgindex", options, NOPTIONS))
        die("out of memory", NULL);
    while ((c = cg_opt_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 0: usage_error(op.errmsg); break;
        case OPT_DB: db_opt = op.arg; break;
        case OPT_JOBS:
            if (op.count < 1 || op.count > 64) {
                char m[128];
                snprintf(m, sizeof m, "--jobs takes a number from 1 to 64, not '%s'", op.arg);
                usage_error(m);
            }
            o.jobs = (int)op.count;
            break;
        case OPT_SHARDS:
            if (op.count < 1 || op.count > CG_MAX_SHARDS) {
                char m[128];
                snprintf(m, sizeof m, "--shards takes a number from 1 to %d, not '%s'",
                         CG_MAX_SHARDS, op.arg);
                usage_error(m);
            }
            o.shards = (int)op.count;
            break;
        case OPT_STORE: o.store_text = 1; break;
        case OPT_REBUILD: o.rebuild = 1; break;
        case OPT_GLOB:
        case OPT_IGLOB: {
            cg_ignore check = {0};
            const char *why = NULL;
            if (cg_ignore_add_line(&check, op.arg, strlen(op.arg), 0, &why) == CG_ENOMEM)
                die("out of memory", NULL);
            cg_ignore_free(&check);
            if (why) {
                char m[600];
                snprintf(m, sizeof m, "--%s '%.400s': %s", c == OPT_GLOB ? "glob" : "iglob", op.arg, why);
                usage_error(m);
            }
            if (c == OPT_GLOB)
                globs[nglobs++].pattern = op.arg;
            else
                iglobs[niglobs++] = op.arg;
            break;
        }
        case OPT_NO_IGNORE: wo.no_ignore = 1; break;
        case OPT_MAX_FILE_SIZE:
            o.max_file_size = parse_size(op.arg);
            if (!o.max_file_size) {
                char m[256];
                snprintf(m, sizeof m, "--max-file-size takes a size such as 4096, 10M or 1G, not '%.100s'",
                         op.arg);
                usage_error(m);
            }
            break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_HELP:
            cg_opt_parser_free(&op);
            return print_help();
        case OPT_VERSION:
            cg_opt_parser_free(&op);
            printf("cgindex %s (xapian %s, %s)\n", PACKAGE_VERSION, cg_xapian_version(),
                   cg_pipeline_fingerprint());
            return fflush(stdout) ? 2 : 0;
        }
    }
    cg_opt_parser_free(&op);
    if (argc - optind > 1) {
        char m[512];
        snprintf(m, sizeof m, "one DIR at most, got '%s' too", argv[optind + 1]);
        usage_error(m);
    }

    char *db_path = NULL;
    cg_status rc = cg_dbpath_find(db_opt, &db_path);
    if (rc == CG_ENOTFOUND) {
        db_path = strdup(CG_DB_DIRNAME);
        rc = db_path ? CG_OK : CG_ENOMEM;
    }
    if (rc)
        die("cannot locate the index", cg_status_str(rc));
    /* "db/" names db: the staging folder goes beside it, not inside. */
    for (size_t n = strlen(db_path); n > 1 && db_path[n - 1] == '/'; n--)
        db_path[n - 1] = '\0';

    /* One writer: the lock comes before anything of the index is read. */
    cg_buf err = {0};
    rc = cg_lock_index(db_path, &lock, &err);
    if (rc)
        die(err.len ? err.ptr : cg_status_str(rc), NULL);

    /* Default DIR: what the index covers already, else the current directory. */
    char *root = NULL;
    if (optind < argc) {
        root = cg_abspath(argv[optind]);
        if (!root)
            die(argv[optind], "no such directory");
    } else {
        /* Whatever its pipeline, and with --rebuild too: 'cgindex --rebuild --db DB',
         * which cgsearch suggests for an index of another pipeline, rebuilds it whole. */
        cg_db *db = NULL;
        char *msg = NULL;
        cg_buf indexed = {0}, abs = {0};
        if (cg_dbdir_kind(db_path) == CG_DBDIR_INDEX && cg_db_open(db_path, &db, &msg) == CG_OK &&
            cg_db_metadata(db, CG_META_ROOT, &indexed) == CG_OK && indexed.len &&
            cg_root_from_meta(db_path, indexed.ptr, &abs) == CG_OK && abs.ptr)
            root = cg_abspath(abs.ptr);
        cg_db_close(db);
        cg_buf_free(&indexed);
        cg_buf_free(&abs);
        free(msg);
        if (!root)
            root = cg_abspath(".");
        if (!root)
            die("cannot resolve the current directory", NULL);
    }
    /* A flush threshold the user set wins (xapian_shim.h). */
    setenv("XAPIAN_FLUSH_THRESHOLD", CG_FLUSH_THRESHOLD, 0);
    o.db_path = db_path;
    o.root = root;
    o.progress = isatty(2) && !quiet;
    for (size_t i = 0; i < niglobs; i++)
        globs[nglobs++] = (cg_walk_glob){.pattern = iglobs[i], .nocase = 1};
    wo.globs = globs;
    wo.nglobs = nglobs;
    o.walk = &wo;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cg_build_stats st;
    rc = cg_build(&o, &st, &err);
    if (rc)
        die(err.len ? err.ptr : cg_status_str(rc), NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!quiet) {
        /* Name the index as the user would type it: relative when below the cwd. */
        cg_buf shown = {0};
        if (db_path[0] == '/')
            cg_display_path(db_path, &shown);
        else
            cg_buf_puts(&shown, db_path);
        char size[32];
        human(st.bytes, size, sizeof size);
        cg_buf shards = {0};
        if (st.shards > 1)
            cg_buf_printf(&shards, " (%u shards)", st.shards);
        if (!st.wrote)
            fprintf(stderr, "cgindex: %s is up to date: %" PRIu64 " files, nothing written (%.2f s)\n",
                    shown.ptr, st.files, secs);
        else if (st.full)
            fprintf(stderr, "cgindex: indexed %" PRIu64 " files (%s, %" PRIu64 " skipped) in %.2f s, "
                    "%.1f MB/s, %d job%s → %s%s\n", st.added, size, st.skipped, secs,
                    secs > 0 ? st.bytes / 1e6 / secs : 0.0, o.jobs, o.jobs == 1 ? "" : "s", shown.ptr,
                    shards.ptr ? shards.ptr : "");
        else
            fprintf(stderr, "cgindex: updated %s: %" PRIu64 " new, %" PRIu64 " changed, %" PRIu64
                    " removed, %" PRIu64 " unchanged, %" PRIu64 " skipped (%s in %.2f s)\n",
                    shown.ptr, st.added, st.changed, st.removed, st.unchanged, st.skipped, size, secs);
        cg_buf_free(&shown);
        cg_buf_free(&shards);
    }
    cg_buf_free(&err);
    cg_lock_release(&lock, 0);
    free(db_path);
    free(root);
    free(globs);
    free((void *)iglobs);
    return 0;
}
