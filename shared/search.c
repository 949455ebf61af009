/* search.c — the query path shared by every output: index → hits → files → passages.
 *
 * The index holds no text (unless built with --store-text), so each hit's file is
 * read again and run through the same pipeline as at indexing time; its size, mtime
 * and hash tell whether it changed since. */
#define _POSIX_C_SOURCE 200809L
#include "search.h"

#include "rank.h"

#include "dbpath.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cg_searcher {
    cg_db *db;
    cg_pipeline *pl;
    char *root;
    cg_buf raw, conv, part; /* a file's bytes, their UTF-8, a part's UTF-8 */
    cg_text text;
    cg_occurrence *occ;
    size_t occ_cap;
    uint32_t *pos;          /* positions of one query node in one document */
    size_t pos_cap;
    uint32_t *start;        /* where one part's matches start in that document */
    size_t start_cap;
    cg_passage_info *pass;  /* the document's passage table */
    uint32_t *pass_parts;   /* per passage: how many parts match in it */
    uint32_t *pass_last;    /* per passage: the last part counted (1-based) */
    size_t pass_cap;
    cg_rank_weights weights; /* how results are ordered (rank.h) */
    char errmsg[1024];
};

static cg_status open_once(const char *db_path, const cg_db_open_opts *opts, cg_searcher **out,
                           char **out_errmsg)
{
    *out = NULL;
    *out_errmsg = NULL;
    cg_searcher *s = calloc(1, sizeof *s);
    if (!s)
        return CG_ENOMEM;
    s->weights = cg_rank_default;
    cg_buf m = {0}, v = {0};
    cg_status rc = cg_db_open_with(db_path, opts, &s->db, out_errmsg);
    if (!rc)
        rc = cg_db_set_bm25(s->db, s->weights.k1, s->weights.b);
    if (!rc)
        rc = cg_pipeline_new(&s->pl, out_errmsg);
    if (!rc)
        rc = cg_db_metadata(s->db, CG_META_FINGERPRINT, &v);
    if (!rc && (!v.len || strcmp(v.ptr, cg_pipeline_fingerprint()))) {
        cg_buf word = {0};
        cg_shell_quote(db_path, &word);
        cg_buf_printf(&m, "index %s was built by an incompatible pipeline (%s; this is %s): "
                      "rebuild it with: cgindex --rebuild --db %s",
                      db_path, v.len ? v.ptr : "none recorded", cg_pipeline_fingerprint(),
                      word.ptr ? word.ptr : db_path);
        cg_buf_free(&word);
        *out_errmsg = cg_buf_detach(&m);
        rc = CG_EVERSION;
    }
    cg_buf_clear(&v);
    if (!rc)
        rc = cg_db_metadata(s->db, CG_META_ROOT, &v);
    if (!rc) {
        cg_buf abs = {0};
        rc = cg_root_from_meta(db_path, v.ptr ? v.ptr : "", &abs);
        s->root = cg_buf_detach(&abs);
        if (!rc && !s->root)
            rc = CG_ENOMEM;
    }
    if (rc && !*out_errmsg && s->db) {
        cg_buf_printf(&m, "%s", cg_db_errmsg(s->db));
        *out_errmsg = cg_buf_detach(&m);
    }
    cg_buf_free(&v);
    cg_buf_free(&m);
    if (rc) {
        cg_searcher_free(s);
        return rc;
    }
    *out = s;
    return CG_OK;
}

/* A full build swaps its new index in by renaming directories (indexer/build.c), so
 * the tables opened here must all come from one: when the directory at db_path is
 * not the same before and after the open, it is opened again. */
cg_status cg_searcher_open(const char *db_path, cg_searcher **out, char **out_errmsg)
{
    return cg_searcher_open_with(db_path, NULL, out, out_errmsg);
}

cg_status cg_searcher_open_with(const char *db_path, const cg_db_open_opts *opts,
                                cg_searcher **out, char **out_errmsg)
{
    for (int attempt = 0;; attempt++) {
        struct stat before, after;
        int known = stat(db_path, &before) == 0;
        cg_status rc = open_once(db_path, opts, out, out_errmsg);
        if (!known || stat(db_path, &after) != 0 || attempt == 10 ||
            (before.st_ino == after.st_ino && before.st_dev == after.st_dev))
            return rc;
        cg_searcher_free(*out);
        *out = NULL;
        free(*out_errmsg);
        *out_errmsg = NULL;
    }
}

void cg_searcher_free(cg_searcher *s)
{
    if (!s)
        return;
    cg_db_close(s->db);
    cg_pipeline_free(s->pl);
    free(s->root);
    cg_buf_free(&s->raw);
    cg_buf_free(&s->conv);
    cg_buf_free(&s->part);
    cg_text_free(&s->text);
    free(s->occ);
    free(s->pos);
    free(s->start);
    free(s->pass);
    free(s->pass_parts);
    free(s->pass_last);
    free(s);
}

const char *cg_searcher_errmsg(const cg_searcher *s)
{
    return s->errmsg;
}

cg_pipeline *cg_searcher_pipeline(cg_searcher *s)
{
    return s->pl;
}

void cg_searcher_fail(cg_searcher *s, const char *msg)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s", msg);
}

cg_db *cg_searcher_db(cg_searcher *s)
{
    return s->db;
}

const cg_rank_weights *cg_searcher_weights(const cg_searcher *s)
{
    return &s->weights;
}

const char *cg_searcher_root(const cg_searcher *s)
{
    return s->root;
}

cg_status cg_searcher_parse(cg_searcher *s, const char *q, size_t len, int stem, cg_query **out,
                            char **out_errmsg)
{
    cg_status rc = cg_query_parse(s->pl, q, len, stem, out, out_errmsg);
    if (!rc && stem) {
        rc = cg_query_expand_stems(*out, s->db);
        if (rc) {
            cg_buf m = {0};
            cg_buf_printf(&m, "%s", cg_db_errmsg(s->db));
            *out_errmsg = cg_buf_detach(&m);
            cg_query_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

cg_status cg_searcher_run(cg_searcher *s, const cg_query *q, const cg_search_opts *opts,
                          cg_hits *out)
{
    cg_qnode *tree = NULL;
    cg_status rc = opts->unranked ? cg_query_tree(q, &tree)
                                  : cg_rank_tree(q, &s->weights, &tree, NULL, NULL);
    if (!rc) {
        rc = cg_db_search(s->db, tree, opts, out);
        if (rc)
            snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_db_errmsg(s->db));
    }
    cg_qnode_free(tree);
    return rc;
}

/* 1 when every token of every part is a CJK character. */
static int query_is_cjk_only(const cg_query *q)
{
    for (size_t k = 0; k < q->nparts; k++)
        for (size_t i = 0; i < q->part[k].text.ntok; i++)
            if (!q->part[k].text.tok[i].cjk)
                return 0;
    return 1;
}

/* Moves snippet sn, cut from a passage that starts at byte `base` and line `line` of
 * the file, to file coordinates (its offsets were relative to the passage). */
static void shift_snippet(cg_snippet *sn, size_t base, uint32_t line)
{
    sn->start += base;
    sn->end += base;
    for (size_t i = 0; i < sn->nmatch; i++) {
        sn->mstart[i] += base;
        sn->mend[i] += base;
    }
    for (size_t i = 0; i < sn->nocc; i++) {
        sn->ostart[i] += base;
        sn->oend[i] += base;
    }
    sn->line += line - 1;
}

/* Takes snippet *sn (leaving it empty) onto the end of m. */
static cg_status adopt_snippet(cg_file_matches *m, cg_snippet *sn)
{
    cg_snippet *a = realloc(m->snip, (m->nsnip + 1) * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    m->snip = a;
    m->snip[m->nsnip++] = *sn;
    memset(sn, 0, sizeof *sn);
    return CG_OK;
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The positions of node in document docid, sorted, each once, into *out. */
static cg_status node_positions(cg_searcher *s, uint32_t docid, const cg_qnode *node,
                                uint32_t **out, size_t *n, size_t *cap)
{
    *n = 0;
    cg_status rc = cg_db_positions(s->db, docid, node, out, n, cap);
    if (rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_db_errmsg(s->db));
        return rc;
    }
    if (*n > 1) {
        qsort(*out, *n, sizeof **out, by_u32);
        size_t k = 1;
        for (size_t i = 1; i < *n; i++)
            if ((*out)[i] != (*out)[k - 1])
                (*out)[k++] = (*out)[i];
        *n = k;
    }
    return CG_OK;
}

/* Where part p's phrase matches in document docid: the positions of its first term
 * that the next terms follow one by one (what Xapian's phrase match checks). */
static cg_status part_starts(cg_searcher *s, uint32_t docid, const cg_qpart *p, size_t *nstart)
{
    *nstart = 0;
    cg_qnode *ph = cg_query_part_node(p);
    if (!ph)
        return CG_ENOMEM;
    cg_status rc = CG_OK;
    for (size_t i = 0; i < ph->nkids && !rc; i++) {
        if (i == 0) {
            rc = node_positions(s, docid, ph->kids[0], &s->start, nstart, &s->start_cap);
            continue;
        }
        size_t npos = 0;
        rc = node_positions(s, docid, ph->kids[i], &s->pos, &npos, &s->pos_cap);
        size_t k = 0, j = 0;
        for (size_t m = 0; m < *nstart && !rc; m++) {
            uint64_t want = (uint64_t)s->start[m] + i;
            while (j < npos && s->pos[j] < want)
                j++;
            if (j < npos && s->pos[j] == want)
                s->start[k++] = s->start[m];
        }
        *nstart = k;
        if (!k)
            break;
    }
    cg_qnode_free(ph);
    return rc;
}

static uint32_t count_newlines(const char *p, size_t len)
{
    uint32_t n = 0;
    for (const char *end = p + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

/* Cuts the snippet of passage k of a fresh file (text[0..text_len)) and adds it to
 * out. Returns 1 when the passage does not hold a match after all (the index and the
 * file disagree: the caller reads the whole file). */
static int passage_snippet(cg_searcher *s, const cg_query *q, const char *text,
                           size_t text_len, size_t npass, size_t k, uint32_t line,
                           cg_file_matches *out, cg_status *rc)
{
    size_t from = s->pass[k].byte;
    size_t to = k + 1 < npass ? s->pass[k + 1].byte : text_len;
    if (from > text_len || to > text_len || from > to)
        return 1;
    *rc = cg_pipeline_run(s->pl, text + from, to - from, &s->text);
    if (*rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_pipeline_errmsg(s->pl));
        return 0;
    }
    size_t nocc = 0;
    *rc = cg_query_find(q, &s->text, &s->occ, &nocc, &s->occ_cap);
    if (*rc)
        return 0;
    if (!nocc)
        return 1;
    cg_file_matches one;
    *rc = cg_file_matches_build(&s->text, text + from, to - from, s->occ, nocc, 0, &one);
    if (!*rc && !one.nsnip) {
        cg_file_matches_free(&one);
        return 1;
    }
    if (!*rc) {
        shift_snippet(&one.snip[0], from, line);
        *rc = adopt_snippet(out, &one.snip[0]);
    }
    cg_file_matches_free(&one);
    return 0;
}

/* Marks the passages of document docid (data info) where q's parts match, from the
 * positions of each part's terms: s->pass_parts[k] is how many parts match in
 * passage k of s->pass. Returns 1 when the index cannot say. */
static int mark_passages(cg_searcher *s, const cg_query *q, uint32_t docid,
                         const cg_docinfo *info, cg_status *rc)
{
    *rc = CG_OK;
    size_t npass = info->npassages;
    if (npass == 0)
        return 1;
    if (npass > s->pass_cap) {
        cg_passage_info *a = realloc(s->pass, npass * sizeof *a);
        if (a)
            s->pass = a;
        uint32_t *b = realloc(s->pass_parts, npass * sizeof *b);
        if (b)
            s->pass_parts = b;
        uint32_t *c = realloc(s->pass_last, npass * sizeof *c);
        if (c)
            s->pass_last = c;
        if (!a || !b || !c)
            return *rc = CG_ENOMEM, 0;
        s->pass_cap = npass;
    }
    if (cg_docinfo_passages(info, s->pass))
        return 1;
    memset(s->pass_parts, 0, npass * sizeof *s->pass_parts);
    memset(s->pass_last, 0, npass * sizeof *s->pass_last);
    for (size_t k = 0; k < q->nparts; k++) {
        if (q->part[k].exclude || q->part[k].never)
            continue;
        size_t nstart = 0;
        *rc = part_starts(s, docid, &q->part[k], &nstart);
        if (*rc)
            return 0;
        for (size_t i = 0, pi = 0; i < nstart; i++) {
            /* The passage holding the match: the last one starting at or before it
             * (passages without tokens repeat the position before them; step back
             * over those). */
            while (pi + 1 < npass && s->pass[pi + 1].pos <= s->start[i])
                pi++;
            size_t at = pi;
            while (at > 0 && !s->pass[at].has_tokens)
                at--;
            if (s->pass_last[at] != k + 1) {
                s->pass_last[at] = (uint32_t)(k + 1);
                s->pass_parts[at]++;
            }
        }
    }
    return 0;
}

/* The documents of info's file that q matches, in part order (docid order: a file's
 * parts are added one after the other). */
static cg_status file_parts(cg_searcher *s, const cg_query *q, const cg_docinfo *info,
                            cg_hits *parts)
{
    cg_qnode *tree = NULL;
    cg_status rc = cg_query_tree(q, &tree);
    if (!rc) {
        rc = cg_db_file_parts(s->db, tree, info->path, info->path_len, parts);
        if (rc)
            snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_db_errmsg(s->db));
    }
    cg_qnode_free(tree);
    return rc;
}

/* Adds the matching passages of the other parts of hit's file to out->npassages (only
 * counted, from the index: their text is not read). */
static cg_status count_other_parts(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                                   const cg_docinfo *info, cg_file_matches *out)
{
    cg_hits parts = {0};
    cg_status rc = file_parts(s, q, info, &parts);
    for (size_t i = 0; i < parts.n && !rc; i++) {
        cg_docinfo other;
        if (parts.hit[i].docid == hit->docid ||
            cg_docinfo_decode(parts.hit[i].data, parts.hit[i].data_len, &other) ||
            mark_passages(s, q, parts.hit[i].docid, &other, &rc))
            continue;
        for (size_t k = 0; k < other.npassages; k++)
            out->npassages += s->pass_parts[k] != 0;
    }
    cg_hits_free(&parts);
    return rc;
}

/* Finds q's matching passages in a fresh file (or part of one) through the index:
 * mark_passages, then only the passages shown are run through the pipeline, for
 * their snippets. A passage starts every rule of doc/PIPELINE.md afresh, so this
 * gives what a run over the whole text gives. Returns 1 when the index cannot say
 * (the caller reads the whole text). */
static int passages_via_positions(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                                  const cg_docinfo *info, const char *text, size_t text_len,
                                  cg_view_mode mode, cg_file_matches *out, cg_status *rc)
{
    size_t npass = info->npassages;
    if (mark_passages(s, q, hit->docid, info, rc) || *rc)
        return *rc ? 0 : 1;
    memset(out, 0, sizeof *out);
    size_t count = 0, best = SIZE_MAX;
    for (size_t k = 0; k < npass; k++) {
        if (!s->pass_parts[k])
            continue;
        count++;
        /* The passage holding more parts wins; the earlier one wins a tie. */
        if (best == SIZE_MAX || s->pass_parts[k] > s->pass_parts[best])
            best = k;
    }
    /* the line at byte `counted`: passages are shown in file order */
    uint32_t line = info->line ? (uint32_t)info->line : 1;
    size_t counted = 0;
    for (size_t k = 0; k < npass && !*rc; k++) {
        if (!s->pass_parts[k] || (mode != CG_VIEW_ALL && k != best))
            continue;
        size_t upto = s->pass[k].byte < text_len ? (size_t)s->pass[k].byte : text_len;
        line += count_newlines(text + counted, upto - counted);
        counted = upto;
        if (passage_snippet(s, q, text, text_len, npass, k, line, out, rc)) {
            cg_file_matches_free(out);
            return 1;
        }
    }
    out->npassages = count;
    return 0;
}

/* Reading or decoding a hit's file ran out of memory: that is an error, not a file
 * that changed (which is what any other failure to read it means). */
static cg_status out_of_memory(cg_searcher *s, const char *path)
{
    snprintf(s->errmsg, sizeof s->errmsg, "[search] %s: %s", path, cg_status_str(CG_ENOMEM));
    return CG_ENOMEM;
}

/* Files up to this size are read whole, as before files were indexed in parts: the
 * printers count lines and offsets in the text they are given (cg_file_view.src), so
 * these stay the file's own. Bigger ones are read one part at a time. */
#define WHOLE_READ_BYTES (64u * 1024u * 1024u)

/* What read_text found: the text, and where the hit's part is in it. */
typedef struct text_read {
    const char *text;
    size_t len;
    int whole;                /* text is the whole file, else the hit's part */
    int same;                 /* the file is as indexed */
} text_read;

/* Reads the text hit's document was made from into s->raw (and s->conv): the whole
 * file, or only the document's part of a big file indexed in parts (so that memory
 * does not grow with the file). r->text is NULL when it cannot be read or decoded. */
static cg_status read_text(cg_searcher *s, const cg_docinfo *info, const char *path,
                           const struct stat *st, text_read *r)
{
    memset(r, 0, sizeof *r);
    int fd = cg_open_regular(path);
    if (fd < 0)
        return CG_OK;
    cg_status rc = CG_OK;
    int64_t mt = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    r->same = (uint64_t)st->st_size == info->size && mt == info->mtime_ns;
    if ((uint64_t)st->st_size > WHOLE_READ_BYTES) {
        uint64_t h;
        if (!r->same && (uint64_t)st->st_size == info->size && !(rc = cg_hash_fd(fd, &s->raw, &h)))
            r->same = h == info->hash;
        /* A changed file is read the same way: its snippets are a best effort. */
        if (rc != CG_ENOMEM && info->end <= (uint64_t)st->st_size &&
            info->end - info->start <= SIZE_MAX / 4 &&
            !(rc = cg_read_range(fd, info->start, (size_t)(info->end - info->start), &s->raw)) &&
            (rc = cg_decode_as(info->encoding, s->raw.ptr, s->raw.len, &s->conv, &r->text, &r->len)))
            r->text = NULL;
    } else if (!(rc = cg_read_fd(fd, &s->raw))) {
        if (!r->same && (uint64_t)st->st_size == info->size)
            r->same = cg_hash64(s->raw.ptr, s->raw.len) == info->hash;
        size_t bom = cg_encoding_bom_len(info->encoding), offset;
        const char *enc;
        r->whole = 1;
        if (r->same && bom <= s->raw.len) {
            /* As indexed: decode it the same way, no need to detect again. */
            if ((rc = cg_decode_as(info->encoding, s->raw.ptr + bom, s->raw.len - bom, &s->conv,
                                   &r->text, &r->len)))
                r->text = NULL;
        } else if ((rc = cg_decode(s->raw.ptr, s->raw.len, &s->conv, &r->text, &r->len, &offset,
                                   &enc))) {
            r->text = NULL;
        }
    }
    close(fd);
    /* Out of memory is an error; any other failure means the file changed. */
    return rc == CG_ENOMEM ? CG_ENOMEM : CG_OK;
}

/* Where part info is in the whole decoded text r->text of its file, read as indexed:
 * [*at, *at + *len). 0 when the index and the file disagree. */
static int part_range(cg_searcher *s, const cg_docinfo *info, const text_read *r, size_t *at,
                      size_t *len)
{
    const char *t;
    size_t plen = (size_t)(info->end - info->start);
    if (info->end > s->raw.len || info->start > info->end)
        return 0;
    /* the part's length in the decoded text: its bytes' for UTF-8, else converted alone
     * (a part ends on a character boundary) */
    if (info->encoding != CG_ENC_UTF8 && info->encoding != CG_ENC_UTF8_BOM &&
        cg_decode_as(info->encoding, s->raw.ptr + info->start, plen, &s->part, &t, &plen))
        return 0;
    if (plen > r->len || info->text_start > r->len - plen)
        return 0;
    *at = (size_t)info->text_start;
    *len = plen;
    return 1;
}

/* The matching passages of every part of a file read whole, through the index: all
 * of them in file order (CG_VIEW_ALL), or the best (the one holding the most query
 * parts, the earliest on a tie), as for a file of one document. Returns 1 when the
 * index cannot say. */
static int all_parts_via_positions(cg_searcher *s, const cg_query *q, const cg_docinfo *info,
                                   const text_read *r, cg_view_mode mode, cg_file_matches *out,
                                   cg_status *rc)
{
    uint32_t best = 0;
    cg_hits parts = {0};
    int unsure = 0;
    memset(out, 0, sizeof *out);
    *rc = file_parts(s, q, info, &parts);
    uint32_t next_part = 0;
    for (size_t i = 0; i < parts.n && !*rc && !unsure; i++) {
        cg_docinfo pi;
        size_t at, len;
        cg_file_matches one;
        unsure = cg_docinfo_decode(parts.hit[i].data, parts.hit[i].data_len, &pi) ||
                 pi.part < next_part || pi.hash != info->hash || !part_range(s, &pi, r, &at, &len) ||
                 passages_via_positions(s, q, &parts.hit[i], &pi, r->text + at, len, mode, &one,
                                        rc);
        if (unsure || *rc)
            break;
        next_part = pi.part + 1;
        out->npassages += one.npassages;
        uint32_t most = 0; /* the query parts in this part's best passage */
        for (size_t k = 0; k < pi.npassages; k++)
            most = s->pass_parts[k] > most ? s->pass_parts[k] : most;
        if (mode != CG_VIEW_ALL && one.nsnip && most > best) {
            best = most;
            size_t counted = out->npassages; /* drop the best so far, keep the count */
            cg_file_matches_free(out);
            out->npassages = counted;
        } else if (mode != CG_VIEW_ALL) {
            cg_file_matches_free(&one);
            continue;
        }
        for (size_t k = 0; k < one.nsnip && !*rc; k++) {
            shift_snippet(&one.snip[k], at, 1);
            *rc = adopt_snippet(out, &one.snip[k]);
        }
        cg_file_matches_free(&one);
    }
    cg_hits_free(&parts);
    if (unsure || *rc)
        cg_file_matches_free(out);
    return unsure && !*rc;
}

cg_status cg_searcher_file(cg_searcher *s, const cg_query *q, const cg_hit *hit,
                           cg_view_mode mode, cg_file_view *out)
{
    memset(out, 0, sizeof *out);
    cg_status rc = cg_docinfo_decode(hit->data, hit->data_len, &out->info);
    if (rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "[search] document %u has damaged data", hit->docid);
        return rc;
    }
    cg_buf p = {0};
    rc = cg_buf_printf(&p, "%s/%.*s", s->root, (int)out->info.path_len, out->info.path);
    if (rc)
        return rc;
    out->abs_path = cg_buf_detach(&p);
    if (!out->abs_path)
        return CG_ENOMEM;

    struct stat st;
    int exists = stat(out->abs_path, &st) == 0 && S_ISREG(st.st_mode);
    if (mode == CG_VIEW_EXISTS) {
        out->state = exists ? CG_FILE_FRESH : out->info.text ? CG_FILE_STORED : CG_FILE_DELETED;
        return CG_OK;
    }
    text_read r = {0};
    if (exists) {
        if (read_text(s, &out->info, out->abs_path, &st, &r) == CG_ENOMEM)
            return out_of_memory(s, out->abs_path);
        out->state = r.same ? CG_FILE_FRESH : CG_FILE_STALE;
    }
    const char *text = r.text;
    size_t text_len = r.len;
    int from_file = text != NULL;
    if (out->info.text && (!text || out->state == CG_FILE_STALE)) {
        /* The stored copy is what was indexed. */
        text = out->info.text;
        text_len = out->info.text_len;
        from_file = 0;
        r.whole = 0;
        if (!exists)
            out->state = CG_FILE_STORED;
    } else if (!text) {
        out->state = exists ? CG_FILE_STALE : CG_FILE_DELETED;
        return CG_OK;
    }
    out->src = text;
    out->src_len = text_len;
    int part_only = out->info.nparts > 1 && !r.whole;
    out->src_offset = part_only ? out->info.text_start : 0;
    out->src_line = part_only && out->info.line ? out->info.line : 1;
    cg_pipeline_set_word_placeholders(s->pl, query_is_cjk_only(q));
    /* The text as it was indexed: the passage table's byte offsets are offsets into
     * the part's text (in a file read whole: at the part's place in it). */
    int fresh = out->state == CG_FILE_FRESH && from_file;
    if (fresh && r.whole && out->info.nparts > 1 &&
        !all_parts_via_positions(s, q, &out->info, &r, mode, &out->m, &rc)) {
        cg_pipeline_set_word_placeholders(s->pl, 0);
        return rc;
    }
    if (fresh && r.whole && out->info.nparts > 1)
        fresh = 0; /* the index could not say: the whole text through the pipeline */
    if (fresh &&
        !passages_via_positions(s, q, hit, &out->info, text, text_len, mode, &out->m, &rc)) {
        cg_pipeline_set_word_placeholders(s->pl, 0);
        if (!rc && out->info.nparts > 1)
            rc = count_other_parts(s, q, hit, &out->info, &out->m);
        return rc;
    }
    rc = cg_pipeline_run(s->pl, text, text_len, &s->text);
    cg_pipeline_set_word_placeholders(s->pl, 0);
    if (rc) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s", cg_pipeline_errmsg(s->pl));
        return rc;
    }
    size_t nocc = 0;
    rc = cg_query_find(q, &s->text, &s->occ, &nocc, &s->occ_cap);
    if (!rc)
        rc = cg_file_matches_build(&s->text, text, text_len, s->occ, nocc,
                                   mode == CG_VIEW_ALL, &out->m);
    for (size_t i = 0; !rc && i < out->m.nsnip; i++)
        out->m.snip[i].line += (uint32_t)out->src_line - 1;
    return rc;
}

void cg_file_view_free(cg_file_view *v)
{
    if (!v)
        return;
    free(v->abs_path);
    cg_file_matches_free(&v->m);
    memset(v, 0, sizeof *v);
}
