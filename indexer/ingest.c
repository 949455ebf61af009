/* ingest.c — one file into the index: read, decode, run the pipeline, add its
 * documents (doc/INDEX-FORMAT.md), and the stem vocabulary at the end. */
#define _XOPEN_SOURCE 700
#include "writer.h"

#include "dbpath.h"
#include "docdata.h"
#include "escape.h"
#include "search.h"
#include "title.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void warn(const char *path, const char *what)
{
    /* A file name is untrusted: its control characters are shown escaped (escape.h). */
    cg_buf tmp = {0};
    const char *shown = cg_escaped(path, &tmp);
    fprintf(stderr, "cgindex: warning: %s: %s\n", shown ? shown : "?", what);
    cg_buf_free(&tmp);
}


/* Gives the pending document its data (the file's identity and the table of passages
 * [pass_from, pass_to) of t) and, for a file of several documents, the collapse key;
 * then adds it. */
static cg_status finish_document(writer *x, const cg_walk_file *f, const cg_docinfo *info,
                                 const cg_text *t, size_t pass_from, size_t pass_to)
{
    cg_buf_clear(&x->data);
    cg_status rc = CG_OK;
    rc = cg_wdb_doc_value(x->w, CG_SLOT_PATH, f->rel, strlen(f->rel));
    if (!rc)
        rc = cg_docinfo_encode(info, t, pass_from, pass_to, &x->data);
    if (!rc)
        rc = cg_wdb_doc_data(x->w, x->data.ptr, x->data.len);
    if (!rc)
        rc = cg_wdb_doc_add(x->w);
    return rc;
}

/* Adds the terms of line text[start, end) under prefix to the pending document, made
 * as the text's are, at base + their positions; *last is the last position given
 * (base when the line has no token). The line through the pipeline is left in
 * x->title. */
static cg_status add_field_line(writer *x, const char *prefix, const char *text, size_t start,
                                size_t end, uint32_t base, uint32_t *last)
{
    cg_text *t = &x->title;
    cg_status rc = cg_pipeline_run(x->pl, text + start, end - start, t);
    *last = base;
    for (size_t k = 0; k < t->ntok && !rc; k++) {
        cg_buf_clear(&x->term);
        rc = cg_buf_append(&x->term, prefix, strlen(prefix));
        if (!rc)
            rc = cg_text_term(t, k, &x->term);
        *last = base + t->tok[k].pos;
        if (!rc)
            rc = cg_wdb_doc_posting(x->w, x->term.ptr, x->term.len, *last);
    }
    return rc;
}

/* Adds the title field of the pending document: the terms of text's title line under
 * CG_PREFIX_TITLE, at the line's own positions, and its whole-title key. */
static cg_status add_title(writer *x, const char *text, size_t len)
{
    size_t start, end;
    uint32_t last;
    if (!cg_title_find(text, len, &start, &end))
        return CG_OK;
    cg_status rc = add_field_line(x, CG_PREFIX_TITLE, text, start, end, 0, &last);
    if (rc || !x->title.ntok)
        return rc;
    cg_buf_clear(&x->key);
    cg_buf_clear(&x->term);
    rc = cg_title_key_add(&x->key, &x->title);
    if (!rc)
        rc = cg_title_key_term(x->key.ptr, x->key.len, &x->term);
    if (!rc)
        rc = cg_wdb_doc_term(x->w, x->term.ptr, x->term.len);
    return rc;
}

/* Adds the headings field of the pending document: the terms of each heading in
 * text under CG_PREFIX_HEADING, one heading after another, a position apart so that
 * no phrase spans two. */
static cg_status add_headings(writer *x, const char *text, size_t len)
{
    size_t at = 0, start, end;
    uint32_t base = 0, last;
    cg_status rc = CG_OK;
    while (!rc && cg_heading_next(text, len, &at, &start, &end)) {
        rc = add_field_line(x, CG_PREFIX_HEADING, text, start, end, base, &last);
        if (x->title.ntok)
            base = last + 2;
    }
    return rc;
}

/* Adds one part of a file as a document: text[0..len) is its decoded text, which
 * the pipeline reads alone (a part ends at a passage boundary); *info names the file
 * and the part. */
static cg_status add_part(writer *x, const cg_walk_file *f, const char *text, size_t len,
                          cg_docinfo *info)
{
    cg_text *t = &x->text;
    cg_status rc = cg_pipeline_run(x->pl, text, len, t);
    if (rc)
        return rc;
    rc = cg_wdb_doc_begin(x->w);
    if (!rc && info->part == 0)
        rc = add_title(x, text, len);
    if (!rc)
        rc = add_headings(x, text, len);
    for (size_t k = 0; k < t->ntok && !rc; k++) {
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
    info->text = x->o->store_text ? text : NULL;
    info->text_len = x->o->store_text ? len : 0;
    if (!rc)
        rc = finish_document(x, f, info, t, 0, t->npass);
    x->unflushed += len;
    if (!rc && x->unflushed > CG_FLUSH_BYTES) {
        /* as Xapian does every CG_FLUSH_THRESHOLD documents */
        rc = cg_wdb_commit(x->w);
        x->unflushed = 0;
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

/* Line breaks in raw[0..len) of a file in encoding e. */
static uint64_t count_lines(cg_encoding e, const char *raw, size_t len)
{
    uint64_t n = 0;
    if (e == CG_ENC_UTF16LE || e == CG_ENC_UTF16BE) {
        size_t lo = e == CG_ENC_UTF16LE ? 0 : 1;
        for (size_t i = 0; i + 1 < len; i += 2)
            n += raw[i + lo] == '\n' && raw[i + 1 - lo] == 0;
        return n;
    }
    for (const char *p = raw, *end = raw + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

/* One part of a file being planned: its bytes and first line. */
typedef struct part_plan {
    uint64_t start, end, line;
} part_plan;

/* Plans the parts of a file too big to read at once, reading it in windows of about
 * twice CG_PART_BYTES: where each part ends (cg_chunk_end), the line it starts on,
 * and the hash of the whole file. */
static cg_status plan_parts(writer *x, int fd, cg_encoding e, part_plan **out, size_t *nout,
                            uint64_t *hash)
{
    cg_buf *b = &x->raw;
    cg_buf_clear(b);
    size_t cap = 2 * (size_t)CG_PART_BYTES;
    if (cg_buf_reserve(b, cap + 1))
        return CG_ENOMEM;
    uint64_t h = CG_HASH64_INIT, at = 0, line = 1;
    size_t bom = cg_encoding_bom_len(e), n = 0, ncap = 0;
    part_plan *p = NULL;
    int eof = 0;
    cg_status rc = CG_OK;
    while (!rc) {
        while (!eof && b->len < cap) {
            ssize_t got = read(fd, b->ptr + b->len, cap - b->len);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                rc = CG_EIO;
                break;
            }
            eof = got == 0;
            h = cg_hash64_more(h, b->ptr + b->len, (size_t)got);
            b->len += (size_t)got;
        }
        if (rc)
            break;
        if (bom) {
            /* the BOM belongs to no part */
            size_t skip = bom < b->len ? bom : b->len;
            memmove(b->ptr, b->ptr + skip, b->len - skip);
            b->len -= skip;
            at = skip;
            bom = 0;
        }
        if (!b->len)
            break;
        size_t len = cg_chunk_end(e, b->ptr, b->len, CG_PART_BYTES, eof);
        if (n == ncap) {
            ncap = ncap ? 2 * ncap : 64;
            part_plan *a = realloc(p, ncap * sizeof *a);
            if (!a) {
                rc = CG_ENOMEM;
                break;
            }
            p = a;
        }
        p[n++] = (part_plan){at, at + len, line};
        line += count_lines(e, b->ptr, len);
        at += len;
        memmove(b->ptr, b->ptr + len, b->len - len);
        b->len -= len;
    }
    if (rc) {
        free(p);
        return rc;
    }
    *out = p;
    *nout = n;
    *hash = h;
    return CG_OK;
}

/* Skips a file with a warning "skipped: WHY" and, unless it could not be read, a
 * tombstone. */
static cg_status skip_file(writer *x, const cg_walk_file *f, const char *abs, const char *why,
                           int tombstone, uint64_t hash)
{
    cg_buf msg = {0};
    cg_status rc = cg_buf_printf(&msg, "skipped: %s", why);
    if (!rc)
        warn(abs, msg.ptr);
    cg_buf_free(&msg);
    x->st->skipped++;
    if (!rc && tombstone)
        rc = add_tombstone(x, f, hash);
    return rc;
}

/* The human form of a size for messages: 64M, 1G, 1000. */
static void size_text(uint64_t n, char *out, size_t cap)
{
    static const char units[] = "KMGT";
    int u = -1;
    while (u < 3 && n && n % 1024 == 0) {
        n /= 1024;
        u++;
    }
    if (u < 0)
        snprintf(out, cap, "%llu", (unsigned long long)n);
    else
        snprintf(out, cap, "%llu%c", (unsigned long long)n, units[u]);
}

/* Indexes one file, part by part for a big one, so that memory does not grow with
 * its size. A file that cannot be read or decoded is skipped with a warning. */
cg_status index_file(writer *x, const cg_walk_file *f, cg_buf *err)
{
    cg_buf abs = {0};
    cg_status rc = cg_buf_printf(&abs, "%s/%s", x->o->root, f->rel);
    if (rc)
        return rc;
    part_plan *plan = NULL;
    size_t nplan = 0;
    int fd = -1;
    uint64_t max = x->o->max_file_size ? x->o->max_file_size : CG_MAX_FILE_BYTES;
    if (f->size > max) {
        char m[96], sz[32];
        size_text(max, sz, sizeof sz);
        snprintf(m, sizeof m, "larger than --max-file-size %s", sz);
        rc = skip_file(x, f, abs.ptr, m, 1, 0);
        goto done;
    }
    fd = cg_open_regular(abs.ptr);
    if (fd < 0) {
        rc = skip_file(x, f, abs.ptr, "cannot read it", 0, 0);
        goto done;
    }
    /* The first part's worth and one byte more: whether the file is one part. */
    cg_buf_clear(&x->raw);
    for (;;) {
        if (cg_buf_reserve(&x->raw, CG_PART_BYTES + 2)) {
            rc = CG_ENOMEM;
            goto done;
        }
        ssize_t n = read(fd, x->raw.ptr + x->raw.len, CG_PART_BYTES + 1 - x->raw.len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = skip_file(x, f, abs.ptr, "cannot read it", 0, 0);
            goto done;
        }
        x->raw.len += (size_t)n;
        if (n == 0 || x->raw.len > CG_PART_BYTES)
            break;
    }
    int whole = x->raw.len <= CG_PART_BYTES;
    cg_encoding enc;
    const char *why;
    rc = cg_detect_encoding(x->raw.ptr, x->raw.len, whole, &enc, &why);
    if (rc == CG_EENCODING) {
        /* A big binary file is not read through for its hash: size and mtime tell
         * later runs whether it changed. */
        rc = skip_file(x, f, abs.ptr, why, 1, whole ? cg_hash64(x->raw.ptr, x->raw.len) : 0);
        goto done;
    }
    if (rc)
        goto done;
    size_t bom = cg_encoding_bom_len(enc);
    uint64_t hash;
    if (whole) {
        plan = malloc(sizeof *plan);
        if (!plan) {
            rc = CG_ENOMEM;
            goto done;
        }
        plan[0] = (part_plan){bom < x->raw.len ? bom : x->raw.len, x->raw.len, 1};
        nplan = 1;
        hash = cg_hash64(x->raw.ptr, x->raw.len);
    } else if (lseek(fd, 0, SEEK_SET) != 0 ||
               (rc = plan_parts(x, fd, enc, &plan, &nplan, &hash)) == CG_EIO) {
        rc = skip_file(x, f, abs.ptr, "cannot read it", 0, 0);
        goto done;
    }
    if (rc)
        goto done;
    uint64_t text_at = 0;
    for (size_t i = 0; i < nplan && !rc; i++) {
        const char *raw = x->raw.ptr + plan[i].start, *text;
        size_t rawlen = (size_t)(plan[i].end - plan[i].start), len;
        if (!whole && cg_read_range(fd, plan[i].start, rawlen, &x->raw)) {
            rc = skip_file(x, f, abs.ptr, "changed while it was read: the rest is left out", 0, 0);
            break;
        }
        if (!whole)
            raw = x->raw.ptr;
        rc = cg_decode_as(enc, raw, rawlen, &x->conv, &text, &len);
        if (rc == CG_EENCODING) {
            /* Only the first part's bytes were looked at to choose the encoding. */
            rc = skip_file(x, f, abs.ptr, "binary or unknown encoding (a part cannot be decoded)",
                           i == 0, hash);
            break;
        }
        cg_docinfo info = {
            .path = f->rel, .path_len = strlen(f->rel), .size = f->size,
            .mtime_ns = f->mtime_ns, .hash = hash, .part = (uint32_t)i,
            .nparts = (uint32_t)nplan, .encoding = enc, .start = plan[i].start,
            .end = plan[i].end, .text_start = text_at, .line = plan[i].line,
        };
        if (!rc)
            rc = add_part(x, f, text, len, &info);
        if (rc && !err->len)
            cg_buf_printf(err, "%s: %s", abs.ptr,
                          cg_pipeline_errmsg(x->pl)[0] ? cg_pipeline_errmsg(x->pl)
                                                       : cg_wdb_errmsg(x->w));
        text_at += len;
        x->st->bytes += rawlen;
    }
done:
    if (fd >= 0)
        close(fd);
    free(plan);
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

cg_status add_stems(writer *x)
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

cg_status writer_open(writer *x, const cg_build_opts *o, cg_build_stats *st,
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

void writer_close(writer *x)
{
    cg_wdb_close(x->w);
    cg_pipeline_free(x->pl);
    cg_text_free(&x->text);
    cg_text_free(&x->title);
    cg_buf_free(&x->key);
    cg_buf_free(&x->raw);
    cg_buf_free(&x->conv);
    cg_buf_free(&x->term);
    cg_buf_free(&x->data);
    cg_strmap_free(&x->words);
}

cg_status set_identity(writer *x)
{
    const char *fp = cg_pipeline_fingerprint();
    cg_status rc = cg_wdb_set_metadata(x->w, CG_META_FINGERPRINT, fp, strlen(fp));
    if (!rc)
        rc = cg_wdb_set_metadata(x->w, CG_META_ROOT, x->o->root_meta, strlen(x->o->root_meta));
    return rc;
}
