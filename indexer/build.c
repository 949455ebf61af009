/* build.c — writing the index (doc/ARCHITECTURE.md, "Building an index";
 * what it writes: doc/INDEX-FORMAT.md).
 *
 * A full build (no index yet, --rebuild, or an index from another pipeline) splits
 * the files over N processes by size, each writing its own shard (with the flush
 * threshold of schema.h), then merges the shards with Xapian's compactor into a
 * fresh database that replaces the old one only once complete. An incremental run
 * opens the index in place, re-indexes files whose size or mtime changed, deletes
 * the documents of files that are gone, and commits only when something changed.
 * Indexing one file is ingest.c's (writer.h). The caller holds the index's lock
 * (lock.h), so this is the only process writing the index or anything beside it.
 *
 * Crash safety: the index is only ever changed by a Xapian commit (incremental) or
 * by one atomic rename that exchanges it with a complete new one (full build), so a
 * run killed at any point leaves the last committed index; what it left beside the
 * index (DB.build.PID) is removed by the next run. */
#define _GNU_SOURCE /* renameat2 */
#include "build.h"
#include "fault.h"
#include "lock.h"
#include "writer.h"

#include "docdata.h"
#include "search.h"
#include "strmap.h"
#include "walk.h"
#include "xapian_shim.h"
#include "dbpath.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Counters a shard process shares with the parent (for progress and the summary). */
typedef struct shard_stats {
    cg_build_stats st;
    int failed;
    cg_status status;
    char errmsg[512];
} shard_stats;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- progress */

static double progress_last, progress_start;

static void show_progress(const cg_build_opts *o, uint64_t files, uint64_t bytes, int final)
{
    if (!o->progress)
        return;
    double t = now();
    if (!final && t - progress_last < 0.2)
        return;
    progress_last = t;
    double secs = t - progress_start;
    fprintf(stderr, "\rcgindex: %" PRIu64 " files, %.1f MB, %.1f MB/s%s", files, bytes / 1e6,
            secs > 0 ? bytes / 1e6 / secs : 0.0, final ? "\r\033[K" : "   ");
    fflush(stderr);
}

/* ---- full build */

/* Builds the raw database at path from the files whose shard_of is k; with
 * compact_to, compacts it there (raw databases are about twice the size) and removes
 * it. show: this process shows the progress itself (it is the only one). */
static cg_status build_unit(const cg_build_opts *o, const cg_walk *files, const int *shard_of,
                            int k, const char *path, const char *compact_to, int show,
                            shard_stats *ss)
{
    writer x;
    cg_buf err = {0};
    cg_status rc = writer_open(&x, o, &ss->st, path, 1, &err);
    if (!rc)
        rc = set_identity(&x);
    for (size_t i = 0; i < files->n && !rc; i++) {
        if (shard_of[i] != k)
            continue;
        cg_fault("shard-file");
        rc = index_file(&x, &files->f[i], &err);
        ss->st.added++;
        if (show)
            show_progress(o, ss->st.added, ss->st.bytes, 0);
    }
    if (!rc)
        rc = add_stems(&x);
    if (!rc) {
        cg_fault("shard-commit");
        rc = cg_wdb_commit(x.w);
    }
    if (rc && !err.len)
        cg_buf_printf(&err, "%s", x.w ? cg_wdb_errmsg(x.w) : cg_status_str(rc));
    writer_close(&x);
    if (!rc && compact_to) {
        char *msg = NULL;
        rc = cg_compact(&path, 1, compact_to, &msg);
        if (rc)
            cg_buf_printf(&err, "cannot compact shard %s: %s", compact_to,
                          msg ? msg : cg_status_str(rc));
        free(msg);
        cg_remove_tree(path);
    }
    if (rc) {
        ss->failed = 1;
        ss->status = rc;
        snprintf(ss->errmsg, sizeof ss->errmsg, "%s", err.ptr ? err.ptr : cg_status_str(rc));
    }
    cg_buf_free(&err);
    return rc;
}

/* Puts the complete index at merged in the place of the one at db (which exists: the
 * lock made it). One rename exchanges the two directories, so db always names a
 * complete index (or no index yet) and a search never finds nothing there; the old
 * one is then at merged, removed with the staging folder. Where the file system
 * cannot exchange (not Linux's local ones), two renames: the old index to old, the
 * new one to db, with a moment in between without an index at db. The new index's
 * lock file is locked first (and stays locked until exit), so the lock holds across
 * the swap. */
static cg_status swap_in(const char *db, const char *merged, cg_buf *old, cg_buf *err)
{
    int fd;
    cg_status rc = cg_lock_new_dir(merged, &fd, err);
    if (rc)
        return rc;
    cg_fault("swap");
    if (renameat2(AT_FDCWD, merged, AT_FDCWD, db, RENAME_EXCHANGE) == 0)
        return CG_OK;
    int e = errno;
    if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP) {
        cg_buf_printf(err, "cannot move the new index to %s: %s", db, strerror(e));
        return CG_EIO;
    }
    cg_buf_printf(old, "%s.old.%ld", db, (long)getpid());
    if (rename(db, old->ptr) != 0) {
        cg_buf_printf(err, "cannot move the old index %s aside: %s", db, strerror(errno));
        old->len = 0;
        return CG_EIO;
    }
    if (rename(merged, db) != 0) {
        cg_buf_printf(err, "cannot move the new index to %s: %s", db, strerror(errno));
        rename(old->ptr, db);
        old->len = 0;
        return CG_EIO;
    }
    return CG_OK;
}

/* Deals the files to the units of a full build: with shards, a file's shard is a
 * function of its path (cg_shard_of), so that updates find it there; else files go
 * to the jobs' raw databases in runs of consecutive paths, 8 runs a unit of about
 * equal bytes, dealt in turn. A folder's files share their vocabulary, and a term
 * found in several units keeps a postlist chunk per unit after the merge: runs keep
 * the index 0.55 MB smaller on the benchmark corpus than files dealt out one by one,
 * while 8 runs each (not 1) even out how much work a byte is: with one run each, one
 * unit took 5 s longer than the other. */
static void deal_files(const cg_walk *files, int units, int sharded, int *shard_of)
{
    if (sharded) {
        for (size_t i = 0; i < files->n; i++)
            shard_of[i] = (int)cg_shard_of(files->f[i].rel, strlen(files->f[i].rel),
                                           (unsigned)units);
        return;
    }
    uint64_t total = 0, acc = 0;
    const uint64_t nruns = (uint64_t)units * 8;
    for (size_t i = 0; i < files->n; i++)
        total += files->f[i].size + 1;
    for (size_t i = 0; i < files->n; i++) {
        uint64_t run = acc * nruns / (total ? total : 1);
        shard_of[i] = (int)(run % (uint64_t)units);
        acc += files->f[i].size + 1;
    }
}

/* Runs build_unit for units 0 to units - 1 in procs processes (unit k in process
 * k % procs), waiting for them all while showing their summed progress. */
static cg_status run_units(const cg_build_opts *o, const cg_walk *files, const int *shard_of,
                           int units, int procs, char **srcs, char **dests, shard_stats *ss,
                           cg_buf *err)
{
    if (procs == 1) {
        for (int k = 0; k < units; k++)
            if (build_unit(o, files, shard_of, k, srcs[k], dests ? dests[k] : NULL, 1, &ss[k]))
                break;
        return CG_OK;
    }
    pid_t pids[64];
    int started = 0;
    fflush(NULL);
    pid_t parent = getpid();
    for (int p = 0; p < procs; p++) {
        pid_t pid = fork();
        if (pid < 0) {
            cg_buf_printf(err, "cannot start a shard process: %s", strerror(errno));
            break;
        }
        if (pid == 0) {
            /* A shard dies with its parent: none writes on after a crash. */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(2);
            for (int k = p; k < units; k += procs)
                if (build_unit(o, files, shard_of, k, srcs[k], dests ? dests[k] : NULL, 0, &ss[k]))
                    _exit(2);
            _exit(0);
        }
        pids[started++] = pid;
    }
    /* Wait for the processes, showing their summed progress (shared memory). */
    for (int left = started; left > 0;) {
        int status;
        pid_t pid = waitpid(-1, &status, o->progress ? WNOHANG : 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0) {
            uint64_t nfiles = 0, nbytes = 0;
            for (int k = 0; k < units; k++) {
                nfiles += ss[k].st.added;
                nbytes += ss[k].st.bytes;
            }
            show_progress(o, nfiles, nbytes, 0);
            if (pid < 0)
                break;
            nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
            continue;
        }
        for (int p = 0; p < started; p++) {
            if (pids[p] != pid)
                continue;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                int k = p;
                while (k < units && ss[k].failed)
                    k += procs;
                if (k >= units)
                    k = p;
                if (!ss[k].failed)
                    snprintf(ss[k].errmsg, sizeof ss[k].errmsg, "shard process %d died", p);
                ss[k].failed = 1;
            }
            left--;
        }
    }
    return started == procs ? CG_OK : CG_EIO;
}

/* A full build into DB.build.PID/merged, swapped in for the index when complete:
 * one database merged from the jobs' raw ones, or with --shards, N databases (each
 * compacted on its own) and the stub file listing them. */
static cg_status full_build(const cg_build_opts *o, const cg_walk *files, cg_build_stats *st,
                            cg_buf *err)
{
    int jobs = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;
    int sharded = o->shards > 1;
    int units = sharded ? o->shards : jobs;
    if (!sharded && (size_t)units > files->n)
        units = files->n ? (int)files->n : 1;
    int procs = jobs < units ? jobs : units;
    cg_build_opts oo = *o;
    oo.jobs = procs;
    int *shard_of = calloc(files->n + 1, sizeof *shard_of);
    cg_buf tmp = {0}, name = {0}, out = {0}, old = {0};
    char **srcs = calloc((size_t)units, sizeof *srcs);
    char **dests = sharded ? calloc((size_t)units, sizeof *dests) : NULL;
    shard_stats *ss = mmap(NULL, sizeof(shard_stats) * (size_t)units, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    cg_status rc = (!shard_of || !srcs || (sharded && !dests) || ss == MAP_FAILED) ? CG_ENOMEM
                                                                                   : CG_OK;
    if (rc) {
        cg_buf_puts(err, "out of memory");
        goto done;
    }
    memset(ss, 0, sizeof(shard_stats) * (size_t)units);
    deal_files(files, units, sharded, shard_of);
    cg_buf_printf(&tmp, "%s.build.%ld", o->db_path, (long)getpid());
    cg_buf_printf(&out, "%s/merged", tmp.ptr);
    cg_remove_tree(tmp.ptr);
    if (mkdir(tmp.ptr, 0777) != 0 || (sharded && mkdir(out.ptr, 0777) != 0)) {
        int e = errno;
        cg_buf_printf(err, "cannot create %s: %s", tmp.ptr, strerror(e));
        rc = e == ENOSPC ? CG_ENOSPACE : CG_EIO;
        if (e != ENOSPC || access(tmp.ptr, F_OK) != 0)
            tmp.len = 0; /* not ours to remove */
        goto done;
    }
    cg_fault("staging");
    for (int k = 0; k < units && !rc; k++) {
        cg_buf_clear(&name);
        cg_buf_printf(&name, "%s/shard-%03d", tmp.ptr, k);
        srcs[k] = cg_buf_detach(&name);
        if (sharded) {
            cg_buf_printf(&name, "%s/" CG_SHARD_NAME, out.ptr, (unsigned)k);
            dests[k] = cg_buf_detach(&name);
        }
        if (!srcs[k] || (sharded && !dests[k]))
            rc = CG_ENOMEM;
    }
    if (!rc)
        rc = run_units(&oo, files, shard_of, units, procs, srcs, dests, ss, err);
    for (int k = 0; k < units; k++) {
        st->added += ss[k].st.added - ss[k].st.skipped;
        st->skipped += ss[k].st.skipped;
        st->bytes += ss[k].st.bytes;
        if (ss[k].failed && !rc) {
            cg_buf_puts(err, ss[k].errmsg);
            rc = ss[k].status ? ss[k].status : CG_EXAPIAN;
        }
    }
    show_progress(o, st->added, st->bytes, 1);
    if (rc)
        goto done;
    cg_fault("merge");
    if (sharded) {
        rc = cg_shards_write_stub(out.ptr, (unsigned)units);
        if (rc)
            cg_buf_printf(err, "cannot write %s/%s: %s", out.ptr, CG_STUB_FILE, cg_status_str(rc));
    } else {
        /* Merge (and compact: raw databases are about twice the size). */
        char *msg = NULL;
        rc = cg_compact((const char *const *)srcs, (size_t)units, out.ptr, &msg);
        if (rc)
            cg_buf_printf(err, "cannot merge shards into %s: %s", out.ptr, msg ? msg : cg_status_str(rc));
        free(msg);
    }
    if (rc)
        goto done;
    cg_fault("merged");
    rc = swap_in(o->db_path, out.ptr, &old, err);
    if (rc)
        goto done;
    st->wrote = 1;
    cg_fault("swapped");
    if (old.len)
        cg_remove_tree(old.ptr);
done:
    if (tmp.len)
        cg_remove_tree(tmp.ptr);
    for (int k = 0; srcs && k < units; k++)
        free(srcs[k]);
    for (int k = 0; dests && k < units; k++)
        free(dests[k]);
    free(srcs);
    free(dests);
    free(shard_of);
    if (ss != MAP_FAILED && ss)
        munmap(ss, sizeof(shard_stats) * (size_t)units);
    cg_buf_free(&tmp);
    cg_buf_free(&name);
    cg_buf_free(&out);
    cg_buf_free(&old);
    return rc;
}

/* ---- incremental update */

/* What an incremental run knows of the index: each file's size and mtime (value and
 * aux of its entry in files), and each document with its file's path (the map's own
 * copy, which stays put; NULL for data that is not ours). */
typedef struct indexed {
    cg_strmap files;
    struct indexed_doc {
        uint32_t docid;
        const char *path;
    } *doc;
    size_t ndoc, cap;
} indexed;

static cg_status remember_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    indexed *ix = ctx;
    if (ix->ndoc == ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 256;
        struct indexed_doc *a = realloc(ix->doc, cap * sizeof *a);
        if (!a)
            return CG_ENOMEM;
        ix->doc = a;
        ix->cap = cap;
    }
    struct indexed_doc *d = &ix->doc[ix->ndoc++];
    d->docid = docid;
    d->path = NULL;
    cg_docinfo info;
    if (cg_docinfo_decode(data, len, &info))
        return CG_OK; /* not ours: deleted with the first change */
    cg_strmap_entry *e;
    int added;
    cg_status rc = cg_strmap_put(&ix->files, info.path, info.path_len, &e, &added);
    if (rc)
        return rc;
    e->value = info.size;
    e->aux = (uint64_t)info.mtime_ns;
    d->path = e->key;
    return CG_OK;
}

#define SEEN UINT64_MAX         /* a known file, unchanged */
#define STALE (UINT64_MAX - 2)  /* a known file that changed: its documents go */

/* Brings the index in line with the tree: the documents of changed and removed files
 * are deleted (found by the path in their data, every part of a file), then changed
 * and new files are indexed. One pass reads the data of every document. */
static cg_status update(writer *x, const cg_walk *files, cg_build_stats *st, cg_buf *err)
{
    indexed ix = {0};
    size_t *todo = calloc(files->n + 1, sizeof *todo), ntodo = 0;
    cg_status rc = todo ? cg_strmap_init(&ix.files) : CG_ENOMEM;
    if (rc) {
        free(todo);
        return rc;
    }
    rc = cg_wdb_each_doc(x->w, remember_doc, &ix);
    for (size_t i = 0; i < files->n && !rc; i++) {
        const cg_walk_file *f = &files->f[i];
        cg_strmap_entry *e = cg_strmap_get(&ix.files, f->rel, strlen(f->rel));
        if (e && e->value == f->size && (int64_t)e->aux == f->mtime_ns) {
            e->value = SEEN;
            st->unchanged++;
            continue;
        }
        if (e) {
            e->value = STALE;
            st->changed++;
        } else {
            st->added++;
        }
        todo[ntodo++] = i;
    }
    for (size_t i = 0; i < ix.files.cap && !rc; i++) {
        const cg_strmap_entry *e = &ix.files.slot[i];
        if (e->key && e->value != SEEN && e->value != STALE)
            st->removed++;
    }
    /* The documents of changed files and of files gone. */
    for (size_t i = 0; i < ix.ndoc && !rc && (st->changed || st->removed); i++) {
        const struct indexed_doc *d = &ix.doc[i];
        const cg_strmap_entry *e = d->path ? cg_strmap_get(&ix.files, d->path, strlen(d->path))
                                           : NULL;
        if (!e || e->value != SEEN) {
            cg_fault("update-delete");
            rc = cg_wdb_delete_doc(x->w, d->docid);
        }
    }
    for (size_t i = 0; i < ntodo && !rc; i++) {
        cg_fault("update-file");
        rc = index_file(x, &files->f[todo[i]], err);
        show_progress(x->o, i + 1, st->bytes, 0);
    }
    show_progress(x->o, ntodo, st->bytes, 1);
    if (!rc && (st->added || st->changed || st->removed)) {
        rc = add_stems(x);
        cg_fault("update-commit");
        if (!rc)
            rc = cg_wdb_commit(x->w);
        st->wrote = !rc;
        if (!rc)
            cg_fault("committed");
    }
    if (rc && !err->len)
        cg_buf_printf(err, "cannot update index %s: %s", x->o->db_path, cg_wdb_errmsg(x->w));
    cg_strmap_free(&ix.files);
    free(ix.doc);
    free(todo);
    return rc;
}

/* Removes what a killed run left beside the index db: DB.build.PID (shards, a merged
 * index, or the old index after the swap) and, when db holds an index, DB.old.PID
 * (the two-rename swap's old index). The lock says no other run is using them. */
static void remove_stale(const char *db)
{
    const char *slash = strrchr(db, '/');
    cg_buf parent = {0}, path = {0};
    if (slash)
        cg_buf_append(&parent, db, slash == db ? 1 : (size_t)(slash - db));
    else
        cg_buf_puts(&parent, ".");
    const char *base = slash ? slash + 1 : db;
    size_t blen = strlen(base);
    int has_index = cg_dbdir_kind(db) == CG_DBDIR_INDEX;
    DIR *d = parent.ptr ? opendir(parent.ptr) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *p = e->d_name, *rest;
        if (strncmp(p, base, blen) || p[blen] != '.')
            continue;
        if (!strncmp(p + blen, ".build.", 7))
            rest = p + blen + 7;
        else if (has_index && !strncmp(p + blen, ".old.", 5))
            rest = p + blen + 5;
        else
            continue;
        if (!*rest || strspn(rest, "0123456789") != strlen(rest) || atol(rest) == (long)getpid())
            continue;
        cg_buf_clear(&path);
        cg_buf_printf(&path, "%s/%s", parent.ptr, p);
        if (path.ptr)
            cg_remove_tree(path.ptr);
    }
    if (d)
        closedir(d);
    cg_buf_free(&parent);
    cg_buf_free(&path);
}

/* Whether the index at db (metadata value meta) covers root. */
static int covers(const char *db, const char *meta, const char *root)
{
    cg_buf abs = {0};
    int same = meta && cg_root_from_meta(db, meta, &abs) == CG_OK && abs.ptr &&
               !strcmp(abs.ptr, root);
    cg_buf_free(&abs);
    return same;
}

/* Whether the index x is this pipeline's (else *full is set: it is rebuilt) and
 * covers o->root (else an error). */
static cg_status check_identity(writer *x, const cg_build_opts *o, int *full, cg_buf *err)
{
    cg_buf meta = {0};
    cg_status rc = cg_wdb_metadata(x->w, CG_META_FINGERPRINT, &meta);
    if (!rc && (!meta.len || strcmp(meta.ptr, cg_pipeline_fingerprint()))) {
        fprintf(stderr, "cgindex: %s was built by another pipeline (%s); rebuilding it\n",
                o->db_path, meta.len ? meta.ptr : "none recorded");
        *full = 1;
    }
    cg_buf_clear(&meta);
    if (!rc && !*full)
        rc = cg_wdb_metadata(x->w, CG_META_ROOT, &meta);
    if (!rc && !*full && !covers(o->db_path, meta.ptr, o->root)) {
        cg_buf shown = {0};
        if (meta.ptr)
            cg_root_from_meta(o->db_path, meta.ptr, &shown);
        cg_buf_printf(err, "index %s covers %s, not %s: use --db for another index, or "
                      "--rebuild to replace it", o->db_path, shown.ptr ? shown.ptr : "?", o->root);
        cg_buf_free(&shown);
        rc = CG_EINVAL;
    }
    cg_buf_free(&meta);
    return rc;
}

/* *out = the files of files whose shard is k of n (their array is out's own; the
 * paths are files'). */
static cg_status files_of_shard(const cg_walk *files, unsigned k, unsigned n, cg_walk *out)
{
    memset(out, 0, sizeof *out);
    out->f = malloc((files->n + 1) * sizeof *out->f);
    if (!out->f)
        return CG_ENOMEM;
    for (size_t i = 0; i < files->n; i++)
        if (cg_shard_of(files->f[i].rel, strlen(files->f[i].rel), n) == k)
            out->f[out->n++] = files->f[i];
    out->cap = out->n;
    return CG_OK;
}

static void add_stats(cg_build_stats *to, const cg_build_stats *from)
{
    to->added += from->added;
    to->changed += from->changed;
    to->removed += from->removed;
    to->unchanged += from->unchanged;
    to->skipped += from->skipped;
    to->bytes += from->bytes;
    to->wrote |= from->wrote;
}

cg_status cg_build(const cg_build_opts *opts, cg_build_stats *st, cg_buf *err)
{
    memset(st, 0, sizeof *st);
    progress_start = now();
    /* The root as the index records it: relative to the index when inside it. */
    cg_build_opts oo = *opts;
    const cg_build_opts *o = &oo;
    cg_buf root_meta = {0};
    char *db_abs = cg_abspath(opts->db_path);
    cg_status rc = db_abs ? cg_root_to_meta(db_abs, opts->root, &root_meta) : CG_EIO;
    free(db_abs);
    if (rc || !root_meta.ptr) {
        cg_buf_printf(err, "cannot resolve %s: %s", opts->db_path, cg_status_str(rc ? rc : CG_ENOMEM));
        return rc ? rc : CG_ENOMEM;
    }
    oo.root_meta = root_meta.ptr;
    cg_walk files;
    rc = cg_walk_tree(o->root, o->walk, &files, warn);
    if (rc) {
        cg_buf_printf(err, "cannot list %s: %s", o->root, cg_status_str(rc));
        cg_buf_free(&root_meta);
        return rc;
    }
    st->files = files.n;
    remove_stale(o->db_path);
    cg_fault("start");
    int full = o->rebuild;
    if (!full && cg_dbdir_kind(o->db_path) != CG_DBDIR_INDEX)
        full = 1; /* no index yet (an empty folder named with --db is no index either) */
    unsigned have = 0; /* the existing index's shards (0: one database) */
    if (!full && cg_shards_read_stub(o->db_path, &have)) {
        cg_buf_printf(err, "index %s has a %s file cgindex did not write: use --rebuild to "
                      "replace it", o->db_path, CG_STUB_FILE);
        rc = CG_EINVAL;
    }
    /* Without --shards, an index keeps its layout; --shards 1 is one database. */
    oo.shards = opts->shards ? (opts->shards > 1 ? opts->shards : 0) : (int)have;
    if (!rc && !full && (unsigned)oo.shards != have) {
        if (have)
            fprintf(stderr, "cgindex: %s has %u shards, not %d; rebuilding it\n", o->db_path,
                    have, oo.shards ? oo.shards : 1);
        else
            fprintf(stderr, "cgindex: %s is one database, not %d shards; rebuilding it\n",
                    o->db_path, oo.shards);
        full = 1;
    }
    for (unsigned k = 0; !rc && !full && k < (have ? have : 1); k++) {
        /* Each shard of a sharded index is updated on its own, with the files whose
         * shard it is: one that nothing changed in is not written. */
        cg_buf path = {0};
        if (have)
            cg_buf_printf(&path, "%s/" CG_SHARD_NAME, o->db_path, k);
        else
            cg_buf_puts(&path, o->db_path);
        cg_walk mine = files;
        if (have)
            rc = files_of_shard(&files, k, have, &mine);
        cg_build_stats shard_st = {0};
        writer x;
        if (!rc)
            rc = path.ptr ? writer_open(&x, o, &shard_st, path.ptr, 0, err) : CG_ENOMEM;
        if (!rc && k == 0)
            rc = check_identity(&x, o, &full, err);
        if (!rc && !full)
            rc = update(&x, &mine, &shard_st, err);
        if (path.ptr)
            writer_close(&x);
        if (have)
            free(mine.f);
        add_stats(st, &shard_st);
        cg_buf_free(&path);
    }
    if (!rc && full) {
        memset(st, 0, sizeof *st);
        st->files = files.n;
        st->full = 1;
        rc = full_build(o, &files, st, err);
    }
    if (!rc)
        st->shards = (unsigned)o->shards;
    cg_walk_free(&files);
    cg_buf_free(&root_meta);
    if (rc == CG_ENOSPACE) {
        cg_buf_clear(err);
        cg_buf_printf(err, "cannot write index %s: no space left on device; it is left as it "
                      "was", o->db_path);
    }
    return rc;
}
