/* build.c — writing the index (doc/ARCHITECTURE.md, "Building an index";
 * what it writes: doc/INDEX-FORMAT.md).
 *
 * A full build (no index yet, --rebuild, or an index from another pipeline) splits
 * the files over N processes by size, each writing its own shard with Xapian's
 * default flush threshold, then merges the shards with Xapian's compactor into a
 * fresh database that replaces the old one only once complete. An incremental run
 * opens the index in place, re-indexes files whose size or mtime changed, deletes
 * the documents of files that are gone, and commits only when something changed. */
#define _XOPEN_SOURCE 700
#include "build.h"

#include "docdata.h"
#include "search.h"
#include "strmap.h"
#include "walk.h"
#include "xapian_shim.h"
#include "dbpath.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Counters a shard process shares with the parent (for progress and the summary). */
typedef struct shard_stats {
    cg_build_stats st;
    int failed;
    char errmsg[512];
} shard_stats;

typedef struct writer {
    cg_wdb *w;
    cg_pipeline *pl;
    const cg_build_opts *o;
    cg_text text;
    cg_buf raw, conv, term, data;
    cg_strmap words;
    cg_build_stats *st;
} writer;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void warn(const char *path, const char *what)
{
    fprintf(stderr, "cgindex: warning: %s: %s\n", path, what);
}

/* Gives the pending document its data (the file's identity and the table of passages
 * [pass_from, pass_to) of t) and, for a file of several documents, the collapse key;
 * then adds it. */
static cg_status finish_document(writer *x, const cg_walk_file *f, const cg_docinfo *info,
                                 const cg_text *t, size_t pass_from, size_t pass_to)
{
    cg_buf_clear(&x->data);
    cg_status rc = CG_OK;
    if (info->nparts > 1)
        rc = cg_wdb_doc_value(x->w, CG_SLOT_PATH, f->rel, strlen(f->rel));
    if (!rc)
        rc = cg_docinfo_encode(info, t, pass_from, pass_to, &x->data);
    if (!rc)
        rc = cg_wdb_doc_data(x->w, x->data.ptr, x->data.len);
    if (!rc)
        rc = cg_wdb_doc_add(x->w);
    return rc;
}

/* Adds the documents of one file: one per part of at most CG_PART_BYTES, each part
 * ending at a passage boundary. */
static cg_status add_documents(writer *x, const cg_walk_file *f, const char *text, size_t len,
                               uint64_t hash, int as_is)
{
    cg_text *t = &x->text;
    cg_status rc = CG_OK;
    size_t pass_from = 0;
    uint32_t part = 0, nparts = 0;
    /* Count the parts first: every document records how many there are. */
    for (size_t pi = 0, start = 0; pi <= t->npass; pi++) {
        size_t b = pi < t->npass && t->pass[pi].norm_start < t->nchars
                       ? t->src_start[t->pass[pi].norm_start] : len;
        if (pi == t->npass || (b - start > CG_PART_BYTES && pi > 0)) {
            nparts++;
            start = b;
        }
    }
    size_t start_byte = 0;
    for (size_t pi = 1; pi <= t->npass && !rc; pi++) {
        size_t b = pi < t->npass && t->pass[pi].norm_start < t->nchars
                       ? t->src_start[t->pass[pi].norm_start] : len;
        if (pi < t->npass && !(b - start_byte > CG_PART_BYTES))
            continue;
        /* Passages [pass_from, pi) form one document. */
        size_t tok_from = t->pass[pass_from].first_token;
        size_t tok_to = pi < t->npass ? t->pass[pi].first_token : t->ntok;
        rc = cg_wdb_doc_begin(x->w);
        for (size_t k = tok_from; k < tok_to && !rc; k++) {
            cg_buf_clear(&x->term);
            rc = cg_text_term(t, k, &x->term);
            if (!rc)
                rc = cg_wdb_doc_posting(x->w, x->term.ptr, x->term.len, t->tok[k].pos);
            if (!rc && cg_text_token_has_letter(t, k)) {
                cg_strmap_entry *e;
                int added;
                rc = cg_strmap_put(&x->words, x->term.ptr, x->term.len, &e, &added);
            }
        }
        cg_docinfo info = {
            .path = f->rel, .path_len = strlen(f->rel), .size = f->size,
            .mtime_ns = f->mtime_ns, .hash = hash, .part = part, .nparts = nparts,
            .as_is = as_is,
            .text = (x->o->store_text && part == 0) ? text : NULL,
            .text_len = (x->o->store_text && part == 0) ? len : 0,
        };
        if (!rc)
            rc = finish_document(x, f, &info, t, pass_from, pi);
        part++;
        pass_from = pi;
        start_byte = b;
    }
    return rc;
}

/* Records a file that is not text (binary or of unknown encoding): a document with
 * no searchable term, so that later runs know it and skip it again silently. */
static cg_status add_tombstone(writer *x, const cg_walk_file *f, uint64_t hash)
{
    cg_docinfo info = {.path = f->rel, .path_len = strlen(f->rel), .size = f->size,
                       .mtime_ns = f->mtime_ns, .hash = hash};
    cg_status rc = cg_wdb_doc_begin(x->w);
    if (!rc)
        rc = finish_document(x, f, &info, &x->text, 0, 0);
    return rc;
}

/* Indexes one file. A file that cannot be read or decoded is skipped with a warning. */
static cg_status index_file(writer *x, const cg_walk_file *f, cg_buf *err)
{
    cg_buf abs = {0};
    cg_status rc = cg_buf_printf(&abs, "%s/%s", x->o->root, f->rel);
    if (rc)
        return rc;
    if (f->size > CG_MAX_FILE_BYTES) {
        /* The pipeline holds about 30 bytes per character: keep memory bounded. */
        warn(abs.ptr, "skipped: larger than " CG_MAX_FILE_TEXT);
        x->st->skipped++;
        rc = add_tombstone(x, f, 0);
        goto done;
    }
    rc = cg_read_file(abs.ptr, &x->raw);
    if (rc == CG_ENOMEM)
        goto done;
    if (rc) {
        warn(abs.ptr, "skipped: cannot read it");
        x->st->skipped++;
        rc = CG_OK;
        goto done;
    }
    const char *text, *enc;
    size_t len, off;
    rc = cg_decode(x->raw.ptr, x->raw.len, &x->conv, &text, &len, &off, &enc);
    if (rc == CG_EENCODING) {
        warn(abs.ptr, "skipped: binary or unknown encoding");
        x->st->skipped++;
        rc = add_tombstone(x, f, cg_hash64(x->raw.ptr, x->raw.len));
        goto done;
    }
    if (!rc)
        rc = cg_pipeline_run(x->pl, text, len, &x->text);
    if (rc) {
        cg_buf_printf(err, "%s: %s", abs.ptr, cg_pipeline_errmsg(x->pl));
        goto done;
    }
    /* Byte offsets in the index are the file's own when it is UTF-8 (off = BOM). */
    if (off)
        for (size_t i = 0; i < x->text.nchars; i++) {
            x->text.src_start[i] += (uint32_t)off;
            x->text.src_end[i] += (uint32_t)off;
        }
    rc = add_documents(x, f, off ? x->raw.ptr : text, off ? x->raw.len : len,
                       cg_hash64(x->raw.ptr, x->raw.len), text == x->raw.ptr);
    if (rc && !err->len)
        cg_buf_printf(err, "%s: %s", abs.ptr, cg_wdb_errmsg(x->w));
    x->st->bytes += x->raw.len;
done:
    cg_buf_free(&abs);
    return rc;
}

/* Records every distinct word under its English stem (the -s/--stem vocabulary).
 * A word that is its own stem is left out: a stemmed query looks the stem itself up
 * as a term. Entries go in sorted by stem because Xapian writes (and compresses) a
 * stem's entry each time the stem being added changes. */
typedef struct stem_pair {
    char *stem;       /* "Z" + stem; owned */
    size_t stem_len;
    const char *word; /* owned by the word map */
    size_t word_len;
} stem_pair;

static int by_stem(const void *a, const void *b)
{
    const stem_pair *x = a, *y = b;
    size_t n = x->stem_len < y->stem_len ? x->stem_len : y->stem_len;
    int c = memcmp(x->stem, y->stem, n);
    return c ? c : (x->stem_len > y->stem_len) - (x->stem_len < y->stem_len);
}

static cg_status add_stems(writer *x)
{
    cg_status rc = CG_OK;
    stem_pair *pairs = calloc(x->words.count + 1, sizeof *pairs);
    size_t n = 0;
    if (!pairs)
        return CG_ENOMEM;
    cg_buf key = {0};
    for (size_t i = 0; i < x->words.cap && !rc; i++) {
        const cg_strmap_entry *e = &x->words.slot[i];
        if (!e->key)
            continue;
        int own = 0;
        cg_buf_clear(&key);
        rc = cg_stem_key(e->key, e->len, &key, &own);
        if (rc || own)
            continue;
        pairs[n].stem_len = key.len;
        pairs[n].stem = cg_buf_detach(&key);
        pairs[n].word = e->key;
        pairs[n].word_len = e->len;
        if (!pairs[n].stem)
            rc = CG_ENOMEM;
        else
            n++;
    }
    if (!rc && n)
        qsort(pairs, n, sizeof *pairs, by_stem);
    for (size_t i = 0; i < n && !rc; i++)
        rc = cg_wdb_add_synonym(x->w, pairs[i].stem, pairs[i].stem_len, pairs[i].word,
                                pairs[i].word_len);
    for (size_t i = 0; i < n; i++)
        free(pairs[i].stem);
    free(pairs);
    cg_buf_free(&key);
    return rc;
}

static cg_status writer_open(writer *x, const cg_build_opts *o, cg_build_stats *st,
                             const char *path, int create, cg_buf *err)
{
    memset(x, 0, sizeof *x);
    x->o = o;
    x->st = st;
    char *msg = NULL;
    cg_status rc = cg_wdb_open(path, create, &x->w, &msg);
    if (rc) {
        if (rc == CG_ELOCKED)
            cg_buf_printf(err, "index %s is locked: another cgindex is writing it", o->db_path);
        else
            cg_buf_printf(err, "cannot open index %s: %s", o->db_path, msg ? msg : cg_status_str(rc));
        free(msg);
        return rc;
    }
    rc = cg_pipeline_new(&x->pl, &msg);
    if (rc) {
        cg_buf_printf(err, "%s", msg ? msg : cg_status_str(rc));
        free(msg);
        return rc;
    }
    return cg_strmap_init(&x->words);
}

static void writer_close(writer *x)
{
    cg_wdb_close(x->w);
    cg_pipeline_free(x->pl);
    cg_text_free(&x->text);
    cg_buf_free(&x->raw);
    cg_buf_free(&x->conv);
    cg_buf_free(&x->term);
    cg_buf_free(&x->data);
    cg_strmap_free(&x->words);
}

static cg_status set_identity(writer *x)
{
    const char *fp = cg_pipeline_fingerprint();
    cg_status rc = cg_wdb_set_metadata(x->w, CG_META_FINGERPRINT, fp, strlen(fp));
    if (!rc)
        rc = cg_wdb_set_metadata(x->w, CG_META_ROOT, x->o->root, strlen(x->o->root));
    return rc;
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

static cg_status build_shard(const cg_build_opts *o, const cg_walk *files, const int *shard_of,
                             int k, const char *path, shard_stats *ss)
{
    writer x;
    cg_buf err = {0};
    cg_status rc = writer_open(&x, o, &ss->st, path, 1, &err);
    if (!rc)
        rc = set_identity(&x);
    for (size_t i = 0; i < files->n && !rc; i++) {
        if (shard_of[i] != k)
            continue;
        rc = index_file(&x, &files->f[i], &err);
        ss->st.added++;
        if (o->jobs == 1)
            show_progress(o, ss->st.added, ss->st.bytes, 0);
    }
    if (!rc)
        rc = add_stems(&x);
    if (!rc)
        rc = cg_wdb_commit(x.w);
    if (rc && !err.len)
        cg_buf_printf(&err, "%s", x.w ? cg_wdb_errmsg(x.w) : cg_status_str(rc));
    if (rc) {
        ss->failed = 1;
        snprintf(ss->errmsg, sizeof ss->errmsg, "%s", err.ptr ? err.ptr : cg_status_str(rc));
    }
    writer_close(&x);
    cg_buf_free(&err);
    return rc;
}

static cg_status full_build(const cg_build_opts *o, const cg_walk *files, cg_build_stats *st,
                            cg_buf *err)
{
    int jobs = o->jobs < 1 ? 1 : o->jobs;
    if ((size_t)jobs > files->n)
        jobs = files->n ? (int)files->n : 1;
    cg_build_opts oo = *o;
    oo.jobs = jobs;
    int *shard_of = calloc(files->n + 1, sizeof *shard_of);
    if (jobs > 64)
        jobs = oo.jobs = 64;
    cg_buf tmp = {0}, shard = {0}, out = {0}, old = {0};
    char **srcs = calloc((size_t)jobs, sizeof *srcs);
    shard_stats *ss = mmap(NULL, sizeof(shard_stats) * (size_t)jobs, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    cg_status rc = (!shard_of || !srcs || ss == MAP_FAILED) ? CG_ENOMEM : CG_OK;
    if (rc) {
        cg_buf_puts(err, "out of memory");
        goto done;
    }
    memset(ss, 0, sizeof(shard_stats) * (size_t)jobs);
    /* Files go to the shards in runs of consecutive paths, 8 runs a shard of about
     * equal bytes, dealt in turn. A folder's files share their vocabulary, and a term
     * found in several shards keeps a postlist chunk per shard after the merge: runs
     * keep the index 0.55 MB smaller on the benchmark corpus than files dealt out one
     * by one, while 8 runs each (not 1) even out how much work a byte is: with one
     * run each, one shard took 5 s longer than the other. */
    uint64_t total = 0, acc = 0;
    const uint64_t nruns = (uint64_t)jobs * 8;
    for (size_t i = 0; i < files->n; i++)
        total += files->f[i].size + 1;
    for (size_t i = 0; i < files->n; i++) {
        uint64_t run = acc * nruns / (total ? total : 1);
        shard_of[i] = (int)(run % (uint64_t)jobs);
        acc += files->f[i].size + 1;
    }
    cg_buf_printf(&tmp, "%s.build.%ld", o->db_path, (long)getpid());
    cg_remove_tree(tmp.ptr);
    if (mkdir(tmp.ptr, 0777) != 0) {
        cg_buf_printf(err, "cannot create %s: %s", tmp.ptr, strerror(errno));
        rc = CG_EIO;
        goto done;
    }
    for (int k = 0; k < jobs && !rc; k++) {
        cg_buf_clear(&shard);
        cg_buf_printf(&shard, "%s/shard-%03d", tmp.ptr, k);
        srcs[k] = cg_buf_detach(&shard);
        if (!srcs[k])
            rc = CG_ENOMEM;
    }
    if (jobs == 1) {
        rc = build_shard(&oo, files, shard_of, 0, srcs[0], &ss[0]);
    } else {
        pid_t pids[64];
        int started = 0;
        fflush(NULL);
        for (int k = 0; k < jobs && !rc; k++) {
            pid_t pid = fork();
            if (pid < 0) {
                cg_buf_printf(err, "cannot start a shard process: %s", strerror(errno));
                rc = CG_EIO;
                break;
            }
            if (pid == 0)
                _exit(build_shard(&oo, files, shard_of, k, srcs[k], &ss[k]) ? 2 : 0);
            pids[started++] = pid;
        }
        /* Wait for the shards, showing their summed progress (shared memory). */
        for (int left = started; left > 0;) {
            int status;
            pid_t pid = waitpid(-1, &status, o->progress ? WNOHANG : 0);
            if (pid < 0 && errno == EINTR)
                continue;
            if (pid <= 0) {
                uint64_t nfiles = 0, nbytes = 0;
                for (int k = 0; k < started; k++) {
                    nfiles += ss[k].st.added;
                    nbytes += ss[k].st.bytes;
                }
                show_progress(o, nfiles, nbytes, 0);
                if (pid < 0)
                    break;
                nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
                continue;
            }
            for (int k = 0; k < started; k++) {
                if (pids[k] != pid)
                    continue;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                    if (!ss[k].failed)
                        snprintf(ss[k].errmsg, sizeof ss[k].errmsg, "shard process %d died", k);
                    ss[k].failed = 1;
                }
                left--;
            }
        }
    }
    for (int k = 0; k < jobs; k++) {
        st->added += ss[k].st.added - ss[k].st.skipped;
        st->skipped += ss[k].st.skipped;
        st->bytes += ss[k].st.bytes;
        if (ss[k].failed && !rc) {
            cg_buf_puts(err, ss[k].errmsg);
            rc = CG_EXAPIAN;
        }
    }
    show_progress(o, st->added, st->bytes, 1);
    if (rc)
        goto done;
    /* Merge (and compact: raw shards are about twice the size), then swap in. */
    cg_buf_printf(&out, "%s/merged", tmp.ptr);
    char *msg = NULL;
    rc = cg_compact((const char *const *)srcs, (size_t)jobs, out.ptr, &msg);
    if (rc) {
        cg_buf_printf(err, "cannot merge shards into %s: %s", out.ptr, msg ? msg : cg_status_str(rc));
        free(msg);
        goto done;
    }
    struct stat sb;
    if (stat(o->db_path, &sb) == 0) {
        cg_buf_printf(&old, "%s.old.%ld", o->db_path, (long)getpid());
        if (rename(o->db_path, old.ptr) != 0) {
            cg_buf_printf(err, "cannot move the old index %s aside: %s", o->db_path, strerror(errno));
            rc = CG_EIO;
            goto done;
        }
    }
    if (rename(out.ptr, o->db_path) != 0) {
        cg_buf_printf(err, "cannot move the new index to %s: %s", o->db_path, strerror(errno));
        if (old.len)
            rename(old.ptr, o->db_path);
        rc = CG_EIO;
        goto done;
    }
    st->wrote = 1;
    if (old.len)
        cg_remove_tree(old.ptr);
done:
    if (tmp.len)
        cg_remove_tree(tmp.ptr);
    for (int k = 0; srcs && k < jobs; k++)
        free(srcs[k]);
    free(srcs);
    free(shard_of);
    if (ss != MAP_FAILED && ss)
        munmap(ss, sizeof(shard_stats) * (size_t)jobs);
    cg_buf_free(&tmp);
    cg_buf_free(&shard);
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
        if (!e || e->value != SEEN)
            rc = cg_wdb_delete_doc(x->w, d->docid);
    }
    for (size_t i = 0; i < ntodo && !rc; i++) {
        rc = index_file(x, &files->f[todo[i]], err);
        show_progress(x->o, i + 1, st->bytes, 0);
    }
    show_progress(x->o, ntodo, st->bytes, 1);
    if (!rc && (st->added || st->changed || st->removed)) {
        rc = add_stems(x);
        if (!rc)
            rc = cg_wdb_commit(x->w);
        st->wrote = !rc;
    }
    if (rc && !err->len)
        cg_buf_printf(err, "cannot update index %s: %s", x->o->db_path, cg_wdb_errmsg(x->w));
    cg_strmap_free(&ix.files);
    free(ix.doc);
    free(todo);
    return rc;
}

static int dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

cg_status cg_build(const cg_build_opts *o, cg_build_stats *st, cg_buf *err)
{
    memset(st, 0, sizeof *st);
    progress_start = now();
    cg_walk files;
    cg_status rc = cg_walk_tree(o->root, &files, warn);
    if (rc) {
        cg_buf_printf(err, "cannot list %s: %s", o->root, cg_status_str(rc));
        return rc;
    }
    st->files = files.n;
    int full = o->rebuild;
    struct stat sb;
    if (!full && (stat(o->db_path, &sb) != 0 || dir_is_empty(o->db_path)))
        full = 1; /* no index yet (an empty folder named with --db is no index either) */
    if (!full) {
        writer x;
        rc = writer_open(&x, o, st, o->db_path, 0, err);
        cg_buf meta = {0};
        if (!rc)
            rc = cg_wdb_metadata(x.w, CG_META_FINGERPRINT, &meta);
        if (!rc && (!meta.len || strcmp(meta.ptr, cg_pipeline_fingerprint()))) {
            fprintf(stderr, "cgindex: %s was built by another pipeline (%s); rebuilding it\n",
                    o->db_path, meta.len ? meta.ptr : "none recorded");
            full = 1;
        }
        cg_buf_clear(&meta);
        if (!rc && !full)
            rc = cg_wdb_metadata(x.w, CG_META_ROOT, &meta);
        if (!rc && !full && strcmp(meta.ptr ? meta.ptr : "", o->root)) {
            cg_buf_printf(err, "index %s covers %s, not %s: use --db for another index, or "
                          "--rebuild to replace it", o->db_path, meta.ptr ? meta.ptr : "?", o->root);
            rc = CG_EINVAL;
        }
        cg_buf_free(&meta);
        if (!rc && !full)
            rc = update(&x, &files, st, err);
        writer_close(&x);
    }
    if (!rc && full) {
        memset(st, 0, sizeof *st);
        st->files = files.n;
        st->full = 1;
        rc = full_build(o, &files, st, err);
    }
    cg_walk_free(&files);
    return rc;
}
