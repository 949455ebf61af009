/*
 * test-exact.c — proves that phrase search is exact.  For each corpus it
 * builds a fresh index with the real `cgindex`, draws thousands of random
 * substrings (1–10 characters) of the corpus files, half of them converted to
 * the other Chinese script, runs the real `cgsearch -l '"SUBSTRING"'` on each
 * and compares the files it prints with the files in which the brute-force
 * reference matcher (reference-matcher.c, written independently from
 * doc/PIPELINE.md) finds the phrase.  A third of the substrings are drawn
 * across places where a rule decides or nearly does (whitespace-only lines,
 * sentence ends late in long passages, line breaks between CJK characters,
 * short parentheses), which uniform draws seldom hit.  Any difference fails
 * the test and is reported with the query, its tokens and the files
 * concerned.  A few fixed
 * cases at the top also check the reference itself against known facts of the
 * default collection.
 *
 * Environment (set by the build): CGINDEX, CGSEARCH (binaries), CG_CORPUS
 * (default collection), optionally CG_REAL_CORPUS (a larger real corpus; its
 * test is skipped when unset).  Tuning: CG_EXACT_SEED (random seed),
 * CG_EXACT_QUERIES (queries per corpus, default 2000), CG_EXACT_JOBS
 * (concurrent cgsearch processes, default 2).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uchar.h>

#include "reference-matcher.h"

extern char **environ;

#define DEFAULT_SEED 20240917u
#define DEFAULT_QUERIES 2000
#define DEFAULT_JOBS 2
#define MAX_QUERY_TOKENS 1000  /* PIPELINE.md §5: longer parts are refused */
#define MAX_REPORTS 25         /* detailed reports per test; the rest get one line */

/* ------------------------------------------------------------ per-test state */

/* Criterion runs every test in its own process, so one global fixture is
 * enough; teardown() runs even when an assertion aborts the test. */
static struct {
    char *tmp;          /* mkdtemp directory holding the index */
    char *db;
    rm_ctx *rm;
    rm_corpus corpus;
    bool loaded;
} fx;

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0)
        fprintf(stderr, "test-exact: cannot remove %s: %s\n", path, strerror(errno));
    return 0;
}

static void teardown(void)
{
    if (fx.loaded)
        rm_corpus_free(&fx.corpus);
    rm_close(fx.rm);
    if (fx.tmp)
        nftw(fx.tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fx.tmp);
    free(fx.db);
    memset(&fx, 0, sizeof fx);
}

static const char *need_env(const char *name)
{
    const char *v = getenv(name);
    cr_assert(v != NULL && *v != '\0',
              "environment variable %s is not set (run the test through `make check`)", name);
    return v;
}

static unsigned long env_number(const char *name, unsigned long dflt)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0')
        return dflt;
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    cr_assert(errno == 0 && *end == '\0', "%s=%s is not a number", name, v);
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ child processes */

typedef struct {
    char *data;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = 2 * (b->len + n + 1);
        b->data = realloc(b->data, b->cap);
        cr_assert(b->data != NULL, "out of memory");
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

typedef struct {
    buf out, err;
    int status;         /* as from waitpid() */
} run_result;

static void run_result_free(run_result *r)
{
    free(r->out.data);
    free(r->err.data);
    memset(r, 0, sizeof *r);
}

/* Runs the commands argvs[0..n) (no shell), at most jobs at a time, stdin
 * from /dev/null, capturing stdout and stderr of each into res[i]. */
static void run_all(char **const *argvs, size_t n, size_t jobs, run_result *res)
{
    struct slot {
        pid_t pid;
        int fd[2];      /* stdout, stderr read ends; -1 once at EOF */
        size_t job;
        bool busy;
    } *slot = calloc(jobs, sizeof *slot);
    struct pollfd *pfd = calloc(2 * jobs, sizeof *pfd);
    cr_assert(slot != NULL && pfd != NULL, "out of memory");
    memset(res, 0, n * sizeof *res);
    size_t next = 0, done = 0;
    while (done < n) {
        for (size_t s = 0; s < jobs && next < n; s++) {
            if (slot[s].busy)
                continue;
            int po[2], pe[2];
            cr_assert(pipe2(po, O_CLOEXEC) == 0 && pipe2(pe, O_CLOEXEC) == 0,
                      "pipe: %s", strerror(errno));
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_adddup2(&fa, po[1], 1);
            posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
            int rc = posix_spawnp(&slot[s].pid, argvs[next][0], &fa, NULL, argvs[next], environ);
            posix_spawn_file_actions_destroy(&fa);
            close(po[1]);
            close(pe[1]);
            cr_assert(rc == 0, "cannot run %s: %s", argvs[next][0], strerror(rc));
            slot[s] = (struct slot){ .pid = slot[s].pid, .fd = { po[0], pe[0] },
                                     .job = next++, .busy = true };
        }
        nfds_t np = 0;
        for (size_t s = 0; s < jobs; s++)
            for (int k = 0; k < 2; k++)
                if (slot[s].busy && slot[s].fd[k] >= 0)
                    pfd[np++] = (struct pollfd){ .fd = slot[s].fd[k], .events = POLLIN };
        if (np > 0 && poll(pfd, np, -1) < 0) {
            cr_assert(errno == EINTR, "poll: %s", strerror(errno));
            continue;
        }
        for (size_t s = 0; s < jobs; s++) {
            if (!slot[s].busy)
                continue;
            for (int k = 0; k < 2; k++) {
                if (slot[s].fd[k] < 0)
                    continue;
                bool ready = false;
                for (nfds_t i = 0; i < np; i++)
                    ready = ready || (pfd[i].fd == slot[s].fd[k] && pfd[i].revents != 0);
                if (!ready)
                    continue;
                char chunk[65536];
                ssize_t r = read(slot[s].fd[k], chunk, sizeof chunk);
                if (r > 0) {
                    buf_add(k == 0 ? &res[slot[s].job].out : &res[slot[s].job].err, chunk, (size_t)r);
                } else if (r == 0 || errno != EINTR) {
                    close(slot[s].fd[k]);
                    slot[s].fd[k] = -1;
                }
            }
            if (slot[s].fd[0] < 0 && slot[s].fd[1] < 0) {
                int status;
                while (waitpid(slot[s].pid, &status, 0) < 0)
                    cr_assert(errno == EINTR, "waitpid: %s", strerror(errno));
                res[slot[s].job].status = status;
                slot[s].busy = false;
                done++;
            }
        }
    }
    free(slot);
    free(pfd);
}

static void show_status(FILE *f, int status)
{
    if (WIFEXITED(status))
        fprintf(f, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        fprintf(f, "killed by signal %d", WTERMSIG(status));
    else
        fprintf(f, "status 0x%x", (unsigned)status);
}

/* ------------------------------------------------------------ setup */

/* Loads the reference corpus and builds the engine's index of dir. */
static void setup(const char *dir)
{
    const char *cgindex = need_env("CGINDEX");
    char err[512];
    fx.rm = rm_open(err, sizeof err);
    cr_assert(fx.rm != NULL, "reference matcher: %s", err);
    double t0 = now();
    cr_assert(rm_corpus_load(fx.rm, dir, &fx.corpus, err, sizeof err),
              "reference matcher cannot load %s: %s", dir, err);
    fx.loaded = true;
    cr_assert(fx.corpus.n > 0, "corpus %s holds no files", dir);
    double t1 = now();

    const char *tmpdir = getenv("TMPDIR");
    cr_assert(asprintf(&fx.tmp, "%s/cgsearch-exact-XXXXXX",
                       tmpdir && *tmpdir ? tmpdir : "/tmp") >= 0, "out of memory");
    cr_assert(mkdtemp(fx.tmp) != NULL, "mkdtemp %s: %s", fx.tmp, strerror(errno));
    cr_assert(asprintf(&fx.db, "%s/db", fx.tmp) >= 0, "out of memory");
    char *argv[] = { (char *)cgindex, "--db", fx.db, fx.corpus.dir, NULL };
    char **argvs[] = { argv };
    run_result r;
    run_all(argvs, 1, 1, &r);
    bool ok = WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0;
    if (!ok)
        fprintf(stderr, "test-exact: %s --db %s %s failed:\n%s%s", cgindex, fx.db,
                fx.corpus.dir, r.out.data ? r.out.data : "", r.err.data ? r.err.data : "");
    int status = r.status;
    run_result_free(&r);
    cr_assert(ok, "cgindex failed on %s (status 0x%x)", fx.corpus.dir, (unsigned)status);
    fprintf(stderr, "test-exact: %s: %zu files (reference %.1f s, index %.1f s)\n",
            fx.corpus.dir, fx.corpus.n, t1 - t0, now() - t1);
}

/* ------------------------------------------------------------ queries */

typedef struct {
    char *text;         /* UTF-8, between the quotes */
    rm_text cps;        /* the same as code points, for reports */
    rm_doc q;           /* the reference's analysis of text */
    const char *origin; /* where it was drawn from (file rel path), or NULL */
    size_t offset;      /* character offset in that file */
    bool converted;     /* converted to the other script */
    bool *hit;          /* hit[i]: reference finds the phrase in corpus file i */
} query;

static void query_free(query *q)
{
    free(q->text);
    rm_text_free(&q->cps);
    rm_doc_free(&q->q);
    free(q->hit);
}

/* Analyses text; false when it has no token (not a valid part). */
static bool query_init(query *q, const int32_t *v, size_t n)
{
    char err[256];
    memset(q, 0, sizeof *q);
    q->text = rm_encode_utf8(v, n);
    q->cps.v = malloc((n + 1) * sizeof *q->cps.v);
    cr_assert(q->cps.v != NULL, "out of memory");
    memcpy(q->cps.v, v, n * sizeof *v);
    q->cps.n = n;
    cr_assert(rm_analyze(fx.rm, v, n, &q->q, err, sizeof err), "reference: %s", err);
    if (q->q.ntok == 0) {
        query_free(q);
        return false;
    }
    q->hit = calloc(fx.corpus.n + 1, sizeof *q->hit);
    cr_assert(q->hit != NULL, "out of memory");
    for (size_t i = 0; i < fx.corpus.n; i++)
        q->hit[i] = rm_phrase_in(&fx.corpus.f[i].doc, &q->q, NULL);
    return true;
}

/* Writes code points with the invisible ones (controls, format characters,
 * separators other than U+0020, combining marks, unassigned) as <U+XXXX>. */
static void put_visible(FILE *f, const int32_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int32_t ch = v[i];
        bool invisible = ch != ' ' && (!u_isgraph(ch)
            || (U_GET_GC_MASK(ch) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0);
        if (invisible) {
            fprintf(f, "<U+%04" PRIX32 ">", (uint32_t)ch);
        } else {
            char *s = rm_encode_utf8(&v[i], 1);
            fputs(s, f);
            free(s);
        }
    }
}

static void put_query(FILE *f, const query *q)
{
    put_visible(f, q->cps.v, q->cps.n);
}

static void put_tokens(FILE *f, const rm_doc *d)
{
    for (size_t k = 0; k < d->ntok; k++) {
        if (k > 0)
            fputs(d->tok[k].passage != d->tok[k - 1].passage ? " | " :
                  d->tok[k - 1].glued_next ? "~" : " ", f);
        fprintf(f, "[%s]", rm_token_text(fx.rm, d->tok[k].id));
    }
}

/* Shows the normalized text of doc around tokens [a, b). */
static void put_context(FILE *f, const rm_doc *doc, size_t a, size_t b)
{
    size_t from = doc->tok[a].start, to = doc->tok[b - 1].end;
    size_t lo = from > 12 ? from - 12 : 0, hi = to + 12 < doc->norm.n ? to + 12 : doc->norm.n;
    fputs("…", f);
    put_visible(f, doc->norm.v + lo, from - lo);
    fputs("⟦", f);
    put_visible(f, doc->norm.v + from, to - from);
    fputs("⟧", f);
    put_visible(f, doc->norm.v + to, hi - to);
    fputs("…", f);
}

/* Where the reference gets closest to a match in doc: the longest prefix of
 * the query's tokens found with matching texts, glue and passage. */
static void put_nearest(FILE *f, const rm_doc *doc, const rm_doc *q)
{
    size_t best = 0, at = 0;
    for (size_t i = 0; i < doc->ntok; i++) {
        size_t k = 0;
        while (k < q->ntok && i + k < doc->ntok && doc->tok[i + k].id == q->tok[k].id
               && doc->tok[i + k].passage == doc->tok[i].passage
               && (k == 0 || doc->tok[i + k - 1].glued_next == q->tok[k - 1].glued_next))
            k++;
        if (k > best) {
            best = k;
            at = i;
        }
    }
    if (best == 0) {
        fputs("the reference finds not even the first token", f);
        return;
    }
    fprintf(f, "the reference's nearest match has %zu of %zu tokens: ", best, q->ntok);
    put_context(f, doc, at, at + best);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compares cgsearch's answer r with the reference for q; prints a report and
 * returns false on any difference. */
static bool compare(const query *q, const run_result *r, bool verbose)
{
    /* the engine's files, by realpath */
    char **got = NULL;
    size_t ngot = 0;
    for (char *line = r->out.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len == 0)
            continue;
        char *raw = strndup(line, len);
        char *real = realpath(raw, NULL);
        got = realloc(got, (ngot + 1) * sizeof *got);
        cr_assert(raw != NULL && got != NULL, "out of memory");
        if (real) {
            got[ngot++] = real;
            free(raw);
        } else {
            got[ngot++] = raw;  /* not a file: it will show as a difference */
        }
    }
    qsort(got, ngot, sizeof *got, cmp_str);
    const char **want = calloc(fx.corpus.n + 1, sizeof *want);
    cr_assert(want != NULL, "out of memory");
    size_t nwant = 0;
    for (size_t i = 0; i < fx.corpus.n; i++)
        if (q->hit[i])
            want[nwant++] = fx.corpus.f[i].real;
    qsort(want, nwant, sizeof *want, cmp_str);

    int code = WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
    bool status_ok = (code == 0 && ngot > 0) || (code == 1 && ngot == 0)
        || (code == 2 && q->q.ntok > MAX_QUERY_TOKENS);
    bool same = ngot == nwant;
    for (size_t i = 0; same && i < ngot; i++)
        same = strcmp(got[i], want[i]) == 0;
    if (code == 2 && q->q.ntok > MAX_QUERY_TOKENS)
        same = true;    /* refused, as it must be */
    bool ok = status_ok && same;

    if (!ok && !verbose) {
        /* past the detailed reports: one line, so every query stays visible */
        fputs("DIFFERENCE for query «", stderr);
        put_query(stderr, q);
        fputs("»: cgsearch ", stderr);
        show_status(stderr, r->status);
        fprintf(stderr, ", %zu file(s); reference: %zu file(s)\n", ngot, nwant);
    }
    if (!ok && verbose) {
        char *rep = NULL;
        size_t replen = 0;
        FILE *f = open_memstream(&rep, &replen);
        cr_assert(f != NULL, "open_memstream: %s", strerror(errno));
        fputs("DIFFERENCE for query «", f);
        put_query(f, q);
        fputs("»", f);
        if (q->origin)
            fprintf(f, " (drawn from %s at character %zu%s)", q->origin, q->offset,
                    q->converted ? ", converted to the other script" : "");
        fputs("\n  reference tokens: ", f);
        put_tokens(f, &q->q);
        if (rm_query_spans_passages(&q->q))
            fputs("  (two passages: matches nothing)", f);
        fputs("\n  cgsearch: ", f);
        show_status(f, r->status);
        fprintf(f, ", %zu file(s); reference: %zu file(s)\n", ngot, nwant);
        if (!status_ok && r->err.data)
            fprintf(f, "  cgsearch stderr: %s", r->err.data);
        size_t i = 0, j = 0, shown = 0;
        while ((i < ngot || j < nwant) && shown < 10) {
            int c = i == ngot ? 1 : j == nwant ? -1 : strcmp(got[i], want[j]);
            if (c == 0) {
                i++;
                j++;
                continue;
            }
            /* find the corpus file concerned, for its path and the context */
            const char *path = c < 0 ? got[i] : want[j];
            const rm_file *file = NULL;
            for (size_t k = 0; k < fx.corpus.n && !file; k++)
                if (strcmp(fx.corpus.f[k].real, path) == 0)
                    file = &fx.corpus.f[k];
            fprintf(f, "  only %s: %s\n    ", c < 0 ? "cgsearch" : "reference",
                    file ? file->rel : path);
            if (file && c > 0) {
                size_t at = 0;
                rm_phrase_in(&file->doc, &q->q, &at);
                fputs("the reference matches at: ", f);
                put_context(f, &file->doc, at, at + q->q.ntok);
            } else if (file) {
                put_nearest(f, &file->doc, &q->q);
            } else {
                fputs("not a file of the corpus", f);
            }
            fputc('\n', f);
            shown++;
            if (c < 0)
                i++;
            else
                j++;
        }
        fclose(f);
        fwrite(rep, 1, replen, stderr);
        free(rep);
    }
    for (size_t i = 0; i < ngot; i++)
        free(got[i]);
    free(got);
    free(want);
    return ok;
}

/* Runs cgsearch on every query; returns the number of disagreements. */
static size_t check_queries(query *qs, size_t n, size_t jobs)
{
    const char *cgsearch = need_env("CGSEARCH");
    char ***argvs = calloc(n + 1, sizeof *argvs);
    run_result *res = calloc(n + 1, sizeof *res);
    cr_assert(argvs != NULL && res != NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        argvs[i] = calloc(6, sizeof *argvs[i]);
        cr_assert(argvs[i] != NULL, "out of memory");
        argvs[i][0] = (char *)cgsearch;
        argvs[i][1] = "--db";
        argvs[i][2] = fx.db;
        argvs[i][3] = "-l";
        /* the whole query is one argument: "SUBSTRING" */
        cr_assert(asprintf(&argvs[i][4], "\"%s\"", qs[i].text) >= 0, "out of memory");
    }
    run_all(argvs, n, jobs, res);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (!compare(&qs[i], &res[i], bad < MAX_REPORTS))
            bad++;
        run_result_free(&res[i]);
        free(argvs[i][4]);
        free(argvs[i]);
    }
    free(argvs);
    free(res);
    return bad;
}

/* ------------------------------------------------------------ fixed cases */

/* One query against the default collection: the engine must agree with the
 * reference, and both must find each of the files in expect[] (NULL-ended),
 * which checks the reference against known facts. */
static void fixed_case(const char *text, const char *const *expect)
{
    setup(need_env("CG_CORPUS"));
    rm_text t;
    char err[256];
    cr_assert(rm_decode_utf8(text, strlen(text), &t, err, sizeof err), "%s", err);
    query q;
    bool has_tokens = query_init(&q, t.v, t.n);
    rm_text_free(&t);
    cr_assert(has_tokens, "the reference finds no token in «%s»", text);
    for (const char *const *e = expect; *e; e++) {
        bool found = false;
        for (size_t i = 0; i < fx.corpus.n; i++)
            found = found || (q.hit[i] && strcmp(fx.corpus.f[i].rel, *e) == 0);
        cr_expect(found, "the reference does not find «%s» in %s", text, *e);
    }
    size_t bad = check_queries(&q, 1, 1);
    query_free(&q);
    cr_assert(bad == 0, "cgsearch and the reference disagree on «%s» (see above)", text);
}

#define SIMPLIFIED "003_6d43e2085fc33fdc.txt"
#define TRADITIONAL "000_8c3011d7f1518200.txt"

Test(exact, one_character, .fini = teardown, .timeout = 600)
{
    fixed_case("的", (const char *const[]){ SIMPLIFIED, TRADITIONAL, NULL });
}

Test(exact, numbers_and_slash, .fini = teardown, .timeout = 600)
{
    fixed_case("第74/247号决议", (const char *const[]){ SIMPLIFIED, NULL });
}

Test(exact, number_between_han, .fini = teardown, .timeout = 600)
{
    fixed_case("第74届", (const char *const[]){ SIMPLIFIED, NULL });
}

Test(exact, han_and_english, .fini = teardown, .timeout = 600)
{
    fixed_case("云法案(CLOUD Act)", (const char *const[]){ SIMPLIFIED, NULL });
}

Test(exact, simplified_query_finds_pinyin_annotated_traditional, .fini = teardown, .timeout = 600)
{
    fixed_case("网络反恐", (const char *const[]){ TRADITIONAL, NULL });
}

Test(exact, pinyin_annotated_query, .fini = teardown, .timeout = 600)
{
    fixed_case("網(wǎng)絡(luò)反恐", (const char *const[]){ TRADITIONAL, NULL });
}

Test(exact, traditional_query_finds_simplified, .fini = teardown, .timeout = 600)
{
    fixed_case("布達佩斯公約", (const char *const[]){ SIMPLIFIED, NULL });
}

Test(exact, upper_case_english, .fini = teardown, .timeout = 600)
{
    fixed_case("BUDAPEST", (const char *const[]){ SIMPLIFIED, NULL });
}

/* ------------------------------------------------------------ random substrings */

/* splitmix64: tiny, fixed and the same everywhere, unlike rand() */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n)
{
    return (size_t)(rng_next(s) % n);
}

static const char *const place_names[RM_PLACE_KINDS] = {
    [RM_PLACE_BLANK_LINE] = "whitespace-only line",
    [RM_PLACE_LONG_PASSAGE] = "sentence end late in a passage",
    [RM_PLACE_LINE_GLUE] = "line break between CJK characters",
    [RM_PLACE_PINYIN] = "short parenthesis",
};

/* A place of the reference's analysis, with its file. */
typedef struct {
    size_t file, orig;
} where;

static void random_substrings(const char *name, const char *dir)
{
    setup(dir);
    unsigned long seed = env_number("CG_EXACT_SEED", DEFAULT_SEED);
    size_t want = env_number("CG_EXACT_QUERIES", DEFAULT_QUERIES);
    size_t jobs = env_number("CG_EXACT_JOBS", DEFAULT_JOBS);
    if (jobs == 0)
        jobs = 1;
    fprintf(stderr, "test-exact: %s: seed %lu (set CG_EXACT_SEED to change), %zu queries\n",
            name, seed, want);
    uint64_t rng = seed;
    double t0 = now();

    /* Draws come in three kinds, taken in turn: (a) a random file, then a
     * random character of it; (b) a random character of the whole corpus
     * (long files weigh more); (c) a random place where a rule decides or
     * nearly does (see rm_place_kind), the substring straddling it — uniform
     * draws almost never land there. */
    size_t nf = fx.corpus.n, total = 0;
    size_t *cum = calloc(nf + 1, sizeof *cum);
    size_t *nonempty = calloc(nf + 1, sizeof *nonempty);
    cr_assert(cum != NULL && nonempty != NULL, "out of memory");
    size_t nne = 0;
    where *places[RM_PLACE_KINDS] = { NULL };
    size_t nplaces[RM_PLACE_KINDS] = { 0 }, capplaces[RM_PLACE_KINDS] = { 0 };
    for (size_t i = 0; i < nf; i++) {
        total += fx.corpus.f[i].orig.n;
        cum[i + 1] = total;
        if (fx.corpus.f[i].orig.n > 0)
            nonempty[nne++] = i;
        const rm_doc *d = &fx.corpus.f[i].doc;
        for (size_t k = 0; k < d->nplaces; k++) {
            rm_place_kind kd = d->places[k].kind;
            if (nplaces[kd] == capplaces[kd]) {
                capplaces[kd] = capplaces[kd] ? 2 * capplaces[kd] : 256;
                places[kd] = realloc(places[kd], capplaces[kd] * sizeof *places[kd]);
                cr_assert(places[kd] != NULL, "out of memory");
            }
            places[kd][nplaces[kd]++] = (where){ i, d->places[k].orig };
        }
    }
    cr_assert(total > 0, "%s: the corpus has no text", name);
    rm_place_kind kinds[RM_PLACE_KINDS];
    size_t nkinds = 0;
    for (int kd = 0; kd < RM_PLACE_KINDS; kd++)
        if (nplaces[kd] > 0)
            kinds[nkinds++] = (rm_place_kind)kd;

    query *qs = calloc(want + 1, sizeof *qs);
    cr_assert(qs != NULL, "out of memory");
    size_t nq = 0, draws = 0, skip_quote = 0, skip_empty = 0, converted = 0;
    size_t targeted[RM_PLACE_KINDS] = { 0 };
    while (nq < want && draws < 100 * want + 100) {
        draws++;
        size_t fi, off, len = 1 + rng_below(&rng, 10);
        int target = -1;
        if (draws % 3 == 0 && nkinds > 0) {
            target = kinds[rng_below(&rng, nkinds)];
            where w = places[target][rng_below(&rng, nplaces[target])];
            fi = w.file;
            if (len < 2)
                len = 2;
            size_t before = 1 + rng_below(&rng, len - 1);   /* 1 … len-1 */
            off = w.orig >= before ? w.orig - before : 0;
        } else if (draws % 3 == 1) {
            fi = nonempty[rng_below(&rng, nne)];
            off = rng_below(&rng, fx.corpus.f[fi].orig.n);
        } else {
            size_t g = rng_below(&rng, total), lo = 0, hi = nf;
            while (hi - lo > 1) {       /* the file with cum[fi] <= g < cum[fi+1] */
                size_t mid = (lo + hi) / 2;
                if (cum[mid] <= g)
                    lo = mid;
                else
                    hi = mid;
            }
            fi = lo;
            off = g - cum[fi];
        }
        const rm_text *orig = &fx.corpus.f[fi].orig;
        if (len > orig->n - off)
            len = orig->n - off;
        rm_text sub = { NULL, 0 };
        bool conv = nq % 2 == 1;
        if (conv) {
            char err[256];
            cr_assert(rm_other_script(fx.rm, orig->v + off, len, &sub, err, sizeof err),
                      "reference: %s", err);
        }
        const int32_t *v = conv ? sub.v : orig->v + off;
        size_t n = conv ? sub.n : len;
        bool quote = false;
        for (size_t i = 0; i < n; i++)
            quote = quote || v[i] == '"';
        if (quote) {
            skip_quote++;
        } else if (!query_init(&qs[nq], v, n)) {
            skip_empty++;
        } else {
            qs[nq].origin = fx.corpus.f[fi].rel;
            qs[nq].offset = off;
            qs[nq].converted = conv && (n != len || memcmp(v, orig->v + off, n * sizeof *v) != 0);
            converted += qs[nq].converted;
            if (target >= 0)
                targeted[target]++;
            nq++;
        }
        rm_text_free(&sub);
    }
    free(cum);
    free(nonempty);
    for (int kd = 0; kd < RM_PLACE_KINDS; kd++)
        free(places[kd]);
    double t1 = now();
    size_t passages2 = 0, nhits = 0;
    for (size_t i = 0; i < nq; i++) {
        passages2 += rm_query_spans_passages(&qs[i].q);
        for (size_t k = 0; k < nf; k++)
            nhits += qs[i].hit[k];
    }
    size_t bad = check_queries(qs, nq, jobs);
    double t2 = now();
    char *tg = NULL;
    size_t tglen = 0;
    FILE *f = open_memstream(&tg, &tglen);
    cr_assert(f != NULL, "open_memstream: %s", strerror(errno));
    for (int kd = 0; kd < RM_PLACE_KINDS; kd++)
        fprintf(f, "%s%zu across a %s (of %zu)", kd ? ", " : "", targeted[kd],
                place_names[kd], nplaces[kd]);
    fclose(f);
    fprintf(stderr,
            "test-exact: %s: %zu queries checked (%zu converted to the other script, "
            "%zu spanning two passages; %s; %zu draws skipped for '\"', %zu for having no "
            "token), %zu expected file hits in all; %zu difference(s); reference %.1f s, "
            "cgsearch %.1f s with %zu jobs\n",
            name, nq, converted, passages2, tg, skip_quote, skip_empty, nhits, bad, t1 - t0,
            t2 - t1, jobs);
    free(tg);
    for (size_t i = 0; i < nq; i++)
        query_free(&qs[i]);
    free(qs);
    cr_expect(nq == want, "%s: only %zu usable substrings in %zu draws", name, nq, draws);
    cr_assert(bad == 0, "%s: cgsearch and the reference disagree on %zu of %zu queries "
              "(seed %lu; details above)", name, bad, nq, seed);
}

Test(exact, random_substrings_default_collection, .fini = teardown, .timeout = 600)
{
    random_substrings("corpus", need_env("CG_CORPUS"));
}

Test(exact, random_substrings_real_corpus, .fini = teardown, .timeout = 600)
{
    const char *dir = getenv("CG_REAL_CORPUS");
    if (dir == NULL || *dir == '\0') {
        fprintf(stderr, "test-exact: CG_REAL_CORPUS is not set: real-corpus part skipped\n");
        cr_skip_test("CG_REAL_CORPUS is not set: real-corpus part skipped");
    }
    random_substrings("real corpus", dir);
}
