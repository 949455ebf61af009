/* fuzz-index.c — the query path over a damaged index: it must answer with a status
 * and a message, never crash (Xapian may throw; the shim catches everything).
 *
 * LLVMFuzzerInitialize builds a tiny index once with the real cgindex ($CGINDEX) over
 * three small files. Each input then damages one file of the index and runs queries
 * through the library's search path (cg_searcher_open, _parse, _run, _file), as
 * cgsearch does. The input is an edit script, so that the seeds stay valid whatever
 * the index's exact bytes are:
 *
 *   byte 0      which file of the index (its files in name order, modulo their count)
 *   then        records of 4 bytes OP OFF0 OFF1 OFF2 (OFF little-endian, modulo the
 *               file's size + 1):
 *                 OP < 0x80: the next OP bytes of the input overwrite the file at OFF
 *                            (extending it past its end)
 *                 OP >= 0x80: the file is cut at OFF
 *
 * Only the damaged file is rewritten for each input, from the original bytes.
 *
 * Xapian's glass backend trusts the blocks it reads: damage to the B-tree itself may
 * make Xapian crash (SEGV in Enquire::get_mset) or loop forever (in get_metadata)
 * before any of our code runs again; corpus/index/xapian-segv-get-mset and
 * xapian-hang-get-metadata are two such inputs (Xapian 1.4.22), found here. That is
 * Xapian's to fix, so a damaged index is first given to Xapian's own checker,
 * xapian-check ($XAPIAN_CHECK, default xapian-check on the PATH; killed after 5 s):
 * what it refuses is skipped. What it accepts, an index whose structure is sound and
 * whose contents are damaged (document data, terms, positions, metadata), is what
 * our code must survive: the search path must answer with a status, never crash. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include "search.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { MAX_FILES = 16 };

static char top[1024], db[1040];
static struct {
    char name[256];
    char *bytes;
    size_t len;
} file[MAX_FILES];
static size_t nfiles;
static int damaged = -1;

/* out = the path of the index's file name. */
static void db_file(char *out, size_t cap, const char *name)
{
    FUZZ_CHECK((size_t)snprintf(out, cap, "%s/%s", db, name) < cap);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void remove_top(void)
{
    nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f && fwrite(bytes, 1, len, f) == len && fclose(f) == 0);
}

static void read_file(const char *path, char **bytes, size_t *len)
{
    FILE *f = fopen(path, "rb");
    FUZZ_CHECK(f && fseek(f, 0, SEEK_END) == 0);
    long n = ftell(f);
    FUZZ_CHECK(n >= 0 && fseek(f, 0, SEEK_SET) == 0);
    *bytes = malloc((size_t)n + 1);
    FUZZ_CHECK(*bytes && fread(*bytes, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *len = (size_t)n;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int regular(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *cgindex = getenv("CGINDEX");
    if (!cgindex) {
        fprintf(stderr, "fuzz-index: set CGINDEX to the cgindex program\n");
        exit(1);
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(top, sizeof top, "%s/cg-fuzz-index.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_CHECK(mkdtemp(top));
    atexit(remove_top);
    char path[1400];
    snprintf(path, sizeof path, "%s/root", top);
    FUZZ_CHECK(mkdir(path, 0700) == 0);
    static const char *const text[] = {
        "中华人民共和国成立了。\n\nThe kernels are loaded; a kernel is running.\n",
        "網絡反恐 and 共和国\n\n中华 second passage\n\n\nthird: kernel 共和\n",
        "nothing to see here\n",
    };
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        snprintf(path, sizeof path, "%s/root/f%zu.txt", top, i);
        write_file(path, text[i], strlen(text[i]));
    }
    snprintf(db, sizeof db, "%s/db", top);
    snprintf(path, sizeof path, "%s/root", top);
    pid_t pid = fork();
    FUZZ_CHECK(pid >= 0);
    if (pid == 0) {
        execl(cgindex, cgindex, "-q", "-j", "1", "--db", db, path, (char *)NULL);
        _exit(127);
    }
    int status;
    FUZZ_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    struct dirent **names;
    int n = scandir(db, &names, regular, by_name);
    FUZZ_CHECK(n > 0 && n <= MAX_FILES);
    for (int i = 0; i < n; i++) {
        snprintf(file[i].name, sizeof file[i].name, "%s", names[i]->d_name);
        db_file(path, sizeof path, file[i].name);
        read_file(path, &file[i].bytes, &file[i].len);
        free(names[i]);
    }
    free(names);
    nfiles = (size_t)n;
    return 0;
}

/* Applies the edit script to a copy of file k's bytes and writes it in its place. */
static void damage(size_t k, const uint8_t *p, const uint8_t *end)
{
    char path[1400];
    if (damaged >= 0) {
        db_file(path, sizeof path, file[damaged].name);
        write_file(path, file[damaged].bytes, file[damaged].len);
    }
    size_t len = file[k].len, cap = len + 64;
    char *b = malloc(cap);
    FUZZ_CHECK(b);
    memcpy(b, file[k].bytes, len);
    while (end - p >= 4) {
        uint8_t op = p[0];
        size_t off = ((size_t)p[1] | (size_t)p[2] << 8 | (size_t)p[3] << 16) % (len + 1);
        p += 4;
        if (op >= 0x80) {
            len = off;
            continue;
        }
        size_t n = op < (size_t)(end - p) ? op : (size_t)(end - p);
        if (off + n > cap) {
            cap = off + n;
            b = realloc(b, cap);
            FUZZ_CHECK(b);
        }
        memcpy(b + off, p, n);
        if (off + n > len)
            len = off + n;
        p += n;
    }
    db_file(path, sizeof path, file[k].name);
    write_file(path, b, len);
    free(b);
    damaged = (int)k;
}

/* Runs query text; returns the number of hits that gave a file view. */
static size_t query(cg_searcher *s, const char *text, int stem)
{
    size_t viewed = 0;
    cg_query *q = NULL;
    char *msg = NULL;
    cg_status rc = cg_searcher_parse(s, text, strlen(text), stem, &q, &msg);
    if (rc) {
        FUZZ_CHECK(!q && (rc == CG_ENOMEM || (msg && *msg) || *cg_searcher_errmsg(s)));
        free(msg);
        return 0;
    }
    cg_search_opts opts = {.limit = 10};
    cg_hits hits = {0};
    rc = cg_searcher_run(s, q, &opts, &hits);
    if (rc) {
        FUZZ_CHECK(*cg_searcher_errmsg(s));
    } else {
        for (size_t i = 0; i < hits.n; i++) {
            cg_file_view v;
            rc = cg_searcher_file(s, q, &hits.hit[i], CG_VIEW_ALL, &v);
            FUZZ_CHECK(rc == CG_OK || *cg_searcher_errmsg(s));
            viewed += rc == CG_OK && v.m.nsnip > 0;
            cg_file_view_free(&v);
        }
    }
    cg_hits_free(&hits);
    cg_query_free(q);
    return viewed;
}

/* 1 when xapian-check finds the index sound (see the top of the file). Spawned, not
 * forked: forking a process with ASan's shadow memory is slow. */
static int xapian_accepts(void)
{
    const char *check = getenv("XAPIAN_CHECK");
    if (!check || !*check)
        check = "xapian-check";
    posix_spawn_file_actions_t fa;
    FUZZ_CHECK(posix_spawn_file_actions_init(&fa) == 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {(char *)check, db, NULL};
    pid_t pid;
    FUZZ_CHECK(posix_spawnp(&pid, check, &fa, NULL, argv, environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    pid_t got;
    struct timespec nap = {0, 200000};
    for (long waited = 0; (got = waitpid(pid, &status, WNOHANG)) == 0 || (got < 0 && errno == EINTR);
         waited++) {
        if (waited == 25000) /* 5 s */
            kill(pid, SIGKILL);
        nanosleep(&nap, NULL);
    }
    FUZZ_CHECK(got == pid);
    FUZZ_CHECK(!WIFEXITED(status) || WEXITSTATUS(status) != 127); /* xapian-check ran */
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    damage(data[0] % nfiles, data + 1, data + size);
    if (!xapian_accepts())
        return 0;
    cg_searcher *s = NULL;
    char *msg = NULL;
    cg_status rc = cg_searcher_open(db, &s, &msg);
    if (rc) {
        FUZZ_CHECK(!s && msg && *msg);
        free(msg);
        return 0;
    }
    FUZZ_CHECK(!msg);
    /* An input of one byte damages nothing: then the query must find its file. */
    FUZZ_CHECK(query(s, "中华人民", 0) == 1 || size > 1);
    query(s, "kernel OR 共和国 -nothing", 1);
    query(s, "\"second passage\" 中", 0);
    query(s, "网", 0);
    cg_searcher_free(s);
    return 0;
}
