/* ingest.c — one file into the index: read, decode, run the pipeline, add its
 * documents (doc/INDEX-FORMAT.md), and the stem vocabulary at the end. */
#define _XOPEN_SOURCE 700
#include "writer.h"

#include "dbpath.h"
#include "docdata.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void warn(const char *path, const char *what)
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
cg_status index_file(writer *x, const cg_walk_file *f, cg_buf *err)
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
    const char *text, *why;
    size_t len, off = 0;
    cg_encoding enc;
    rc = cg_detect_encoding(x->raw.ptr, x->raw.len, 1, &enc, &why);
    if (!rc) {
        off = cg_encoding_bom_len(enc);
        rc = cg_decode_as(enc, x->raw.ptr + off, x->raw.len - off, &x->conv, &text, &len);
        if (enc != CG_ENC_UTF8_BOM)
            off = 0;
    }
    if (rc == CG_EENCODING) {
        cg_buf msg = {0};
        rc = cg_buf_printf(&msg, "skipped: %s", why ? why : "cannot convert it");
        if (!rc)
            warn(abs.ptr, msg.ptr);
        cg_buf_free(&msg);
        if (rc)
            goto done;
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
        rc = cg_wdb_set_metadata(x->w, CG_META_ROOT, x->o->root, strlen(x->o->root));
    return rc;
}
