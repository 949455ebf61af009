/* tokenize.c — step 3 and 4 of the pipeline (doc/PIPELINE.md): passages, tokens,
 * glue, positions and terms, plus the cg_pipeline object that runs steps 2–4 with
 * ICU objects opened once and reused (opening a break iterator costs far more than
 * running it over a short text). */
#include "cg-private.h"
#include "icu.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>
#include <unicode/uchar.h>

struct cg_pipeline {
    UBreakIterator *words; /* opened on first use: CJK-only text never needs it */
    UChar *u16;          /* a non-CJK run as UTF-16, for the break iterator */
    uint32_t *u16_char;  /* the normalized index of each UTF-16 unit (one more at the end) */
    size_t u16_cap;
    int word_placeholders; /* see cg_pipeline_set_word_placeholders() */
    cg_buf scratch;
    char errmsg[256];
};

void cg_pipeline_set_word_placeholders(cg_pipeline *p, int on)
{
    p->word_placeholders = on;
}

cg_status cg_pipeline_new(cg_pipeline **out, char **out_errmsg)
{
    *out = NULL;
    if (out_errmsg)
        *out_errmsg = NULL;
    cg_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return CG_ENOMEM;
    *out = p;
    return CG_OK;
}

void cg_pipeline_free(cg_pipeline *p)
{
    if (!p)
        return;
    if (p->words)
        cg_icu_api()->brk_close(p->words);
    cg_buf_free(&p->scratch);
    free(p->u16);
    free(p->u16_char);
    free(p);
}

const char *cg_pipeline_errmsg(const cg_pipeline *p)
{
    return p->errmsg;
}

const char *cg_pipeline_fingerprint(void)
{
    static char fp[128];
    if (!fp[0])
        snprintf(fp, sizeof fp, "cgsearch-pipeline/1 icu/%s unicode/%s gap/%u long/%u term/%u data/%d cjkterm/1",
                 U_ICU_VERSION, U_UNICODE_VERSION, CG_PASSAGE_GAP, CG_LONG_PASSAGE,
                 CG_MAX_TERM_LEN, CG_DATA_VERSION);
    return fp;
}

static cg_status push_token(cg_text *t, uint32_t from, uint32_t to, uint32_t passage, int cjk)
{
    if (t->ntok == t->tok_cap) {
        size_t cap = t->tok_cap ? t->tok_cap * 2 : 256;
        cg_token *a = realloc(t->tok, cap * sizeof *a);
        if (!a)
            return CG_ENOMEM;
        t->tok = a;
        t->tok_cap = cap;
    }
    cg_token *k = &t->tok[t->ntok++];
    k->norm_start = from;
    k->norm_end = to;
    k->passage = passage;
    k->cjk = (uint8_t)cjk;
    k->glued = 0;
    k->pos = 0;
    return CG_OK;
}

static cg_status push_passage(cg_text *t, uint32_t start)
{
    if (t->npass == t->pass_cap) {
        size_t cap = t->pass_cap ? t->pass_cap * 2 : 16;
        cg_passage *a = realloc(t->pass, cap * sizeof *a);
        if (!a)
            return CG_ENOMEM;
        t->pass = a;
        t->pass_cap = cap;
    }
    t->pass[t->npass].norm_start = start;
    t->pass[t->npass].first_token = 0;
    t->npass++;
    return CG_OK;
}

static int is_hspace(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_sentence_end(uint32_t c)
{
    return c == 0x3002 || c == '!' || c == '?' || c == '.';
}

/* Splits the normalized text into passages (doc/PIPELINE.md section 3). */
static cg_status find_passages(cg_text *t)
{
    cg_status rc = push_passage(t, 0);
    int after_newline = 0; /* only horizontal space since the last U+000A */
    uint32_t start = 0;
    for (size_t i = 0; i < t->nchars && !rc; i++) {
        uint32_t c = t->cp[i];
        int split = 0;
        if (c == '\n') {
            split = after_newline;
            after_newline = 1;
        } else if (!is_hspace(c)) {
            after_newline = 0;
            if (is_sentence_end(c) && i + 1 - start >= CG_LONG_PASSAGE &&
                (i + 1 == t->nchars ||
                 (cg_char_class(t->cp[i + 1]) & (CG_CLS_WS | CG_CLS_CJK))))
                split = 1;
        }
        if (split) {
            start = (uint32_t)(i + 1);
            rc = push_passage(t, start);
        }
    }
    return rc;
}

/* Splits the non-CJK run [from, to) into words with ICU's word break iterator. */
static cg_status words_in_run(cg_pipeline *p, cg_text *t, uint32_t from, uint32_t to,
                              uint32_t passage)
{
    int any = 0;
    for (uint32_t i = from; i < to && !any; i++)
        any = (cg_char_class(t->cp[i]) & CG_CLS_ALNUM) != 0;
    if (!any)
        return CG_OK; /* spaces and punctuation only: no word, no ICU call */
    if (p->word_placeholders) {
        /* Words can only break a phrase of CJK characters apart; one token says so. */
        uint32_t a = from, b = to;
        while (!(cg_char_class(t->cp[a]) & CG_CLS_ALNUM))
            a++;
        while (!(cg_char_class(t->cp[b - 1]) & CG_CLS_ALNUM))
            b--;
        return push_token(t, a, b, passage, 0);
    }

    /* UTF-16 copy of the run, with the normalized index of each UTF-16 unit. */
    size_t need = (size_t)(to - from) * 2 + 1;
    if (need > p->u16_cap) {
        UChar *u = realloc(p->u16, need * sizeof *u);
        if (!u)
            return CG_ENOMEM;
        p->u16 = u;
        uint32_t *m = realloc(p->u16_char, need * sizeof *m);
        if (!m)
            return CG_ENOMEM;
        p->u16_char = m;
        p->u16_cap = need;
    }
    UChar *u = p->u16;
    uint32_t *unit_char = p->u16_char;
    int32_t ulen = 0;
    for (uint32_t i = from; i < to; i++) {
        int32_t before = ulen;
        U16_APPEND_UNSAFE(u, ulen, (UChar32)t->cp[i]);
        for (int32_t k = before; k < ulen; k++)
            unit_char[k] = i;
    }
    unit_char[ulen] = to;

    const cg_icu *icu = cg_icu_api();
    if (!icu) {
        snprintf(p->errmsg, sizeof p->errmsg, "%s", cg_icu_failure());
        return CG_EINTERNAL;
    }
    UErrorCode err = U_ZERO_ERROR;
    if (!p->words) {
        p->words = icu->brk_open(UBRK_WORD, "", NULL, 0, &err);
        if (U_FAILURE(err)) {
            p->words = NULL;
            snprintf(p->errmsg, sizeof p->errmsg, "[tokenize][icu] cannot open the word breaker: %s",
                     icu->error_name(err));
            return cg_icu_status(err);
        }
    }
    icu->brk_set_text(p->words, u, ulen, &err);
    if (U_FAILURE(err)) {
        snprintf(p->errmsg, sizeof p->errmsg, "[tokenize][icu] word break: %s", icu->error_name(err));
        return cg_icu_status(err);
    }
    int32_t a = icu->brk_first(p->words);
    for (int32_t b = icu->brk_next(p->words); b != UBRK_DONE; a = b, b = icu->brk_next(p->words)) {
        uint32_t s = unit_char[a], e = unit_char[b];
        int word = 0;
        for (uint32_t i = s; i < e && !word; i++)
            word = (cg_char_class(t->cp[i]) & CG_CLS_ALNUM) != 0;
        if (word) {
            cg_status rc = push_token(t, s, e, passage, 0);
            if (rc)
                return rc;
        }
    }
    return CG_OK;
}

/* 1 when the characters strictly between two CJK tokens allow glue. */
static int gap_glues(const cg_text *t, uint32_t from, uint32_t to)
{
    if (from == to)
        return 1;
    if (to - from == 1)
        return t->cp[from] == '\n';
    return to - from == 2 && t->cp[from] == '\r' && t->cp[from + 1] == '\n';
}

static cg_status tokenize(cg_pipeline *p, cg_text *t)
{
    t->ntok = 0;
    t->npass = 0;
    cg_status rc = find_passages(t);
    for (size_t pi = 0; pi < t->npass && !rc; pi++) {
        uint32_t ps = t->pass[pi].norm_start;
        uint32_t pe = pi + 1 < t->npass ? t->pass[pi + 1].norm_start : (uint32_t)t->nchars;
        t->pass[pi].first_token = (uint32_t)t->ntok;
        uint32_t run = ps;
        for (uint32_t i = ps; i < pe && !rc; i++) {
            if (!(cg_char_class(t->cp[i]) & CG_CLS_CJK))
                continue;
            if (run < i)
                rc = words_in_run(p, t, run, i, (uint32_t)pi);
            if (!rc)
                rc = push_token(t, i, i + 1, (uint32_t)pi, 1);
            run = i + 1;
        }
        if (!rc && run < pe)
            rc = words_in_run(p, t, run, pe, (uint32_t)pi);
    }
    if (rc)
        return rc;
    /* Glue and positions. */
    uint32_t pos = 0;
    for (size_t k = 0; k < t->ntok; k++) {
        cg_token *tk = &t->tok[k];
        if (k == 0)
            pos = 1;
        else
            pos += 1 + (tk->passage != t->tok[k - 1].passage ? CG_PASSAGE_GAP : 0);
        tk->pos = pos;
        if (k + 1 < t->ntok) {
            const cg_token *nx = &t->tok[k + 1];
            tk->glued = tk->cjk && nx->cjk && tk->passage == nx->passage &&
                        gap_glues(t, tk->norm_end, nx->norm_start);
        }
    }
    return CG_OK;
}

cg_status cg_pipeline_run(cg_pipeline *p, const char *s, size_t len, cg_text *t)
{
    p->errmsg[0] = '\0';
    cg_status rc = cg_normalize(s, len, t, &p->scratch, p->errmsg, sizeof p->errmsg);
    if (!rc)
        rc = tokenize(p, t);
    if (!rc && cg_icu_failure()) {
        /* a per-character lookup needed ICU and could not load it (icu.h) */
        snprintf(p->errmsg, sizeof p->errmsg, "%s", cg_icu_failure());
        rc = CG_EINTERNAL;
    }
    if (rc && !p->errmsg[0])
        snprintf(p->errmsg, sizeof p->errmsg, "[pipeline] %s", cg_status_str(rc));
    return rc;
}

void cg_text_free(cg_text *t)
{
    if (!t)
        return;
    free(t->cp);
    free(t->src_start);
    free(t->src_end);
    free(t->tok);
    free(t->pass);
    memset(t, 0, sizeof *t);
}

cg_status cg_text_utf8(const cg_text *t, size_t from, size_t to, cg_buf *out)
{
    cg_status rc = cg_buf_reserve(out, (to - from) * 4);
    for (size_t i = from; i < to && !rc; i++)
        rc = cg_buf_put_utf8(out, t->cp[i]);
    return rc;
}

cg_status cg_term_from(const char *s, size_t len, cg_buf *out)
{
    if (len <= CG_MAX_TERM_LEN)
        return cg_buf_append(out, s, len);
    /* Xapian limits terms to 245 bytes: keep a prefix that ends on a character
     * boundary and make the rest a hash of the whole term. */
    size_t keep = cg_utf8_prefix_len(s, len, 200);
    cg_status rc = cg_buf_append(out, s, keep);
    if (!rc)
        rc = cg_buf_printf(out, "#%016llx", (unsigned long long)cg_hash64(s, len));
    return rc;
}

cg_status cg_text_term(const cg_text *t, size_t i, cg_buf *out)
{
    const cg_token *k = &t->tok[i];
    if (k->cjk) {
        cg_status rc = cg_term_put_cjk(out, t->cp[k->norm_start]);
        if (!rc && k->glued)
            rc = cg_term_put_cjk(out, t->cp[t->tok[i + 1].norm_start]);
        return rc;
    }
    size_t before = out->len;
    cg_status rc = cg_text_utf8(t, k->norm_start, k->norm_end, out);
    if (rc || out->len - before <= CG_MAX_TERM_LEN)
        return rc;
    cg_buf word = {0};
    rc = cg_buf_append(&word, out->ptr + before, out->len - before);
    out->len = before;
    if (!rc)
        rc = cg_term_from(word.ptr, word.len, out);
    cg_buf_free(&word);
    return rc;
}

int cg_text_token_has_letter(const cg_text *t, size_t i)
{
    const cg_token *k = &t->tok[i];
    if (k->cjk)
        return 0;
    for (uint32_t c = k->norm_start; c < k->norm_end; c++)
        if (cg_char_class(t->cp[c]) & CG_CLS_LETTER)
            return 1;
    return 0;
}
