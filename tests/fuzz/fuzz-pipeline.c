/* fuzz-pipeline.c — decoding, normalization, tokenization and terms of any bytes.
 *
 * The input is a file's bytes: cg_decode must either refuse them (CG_EENCODING) or
 * give text; the pipeline must accept any bytes (invalid UTF-8 becomes U+FFFD), with
 * every character mapped back inside the source, tokens and passages in order, and a
 * non-empty term for every token. */
#include "fuzz.h"

#include "cg.h"

#include <string.h>

static cg_pipeline *pl;
static cg_text text;
static cg_buf conv, term;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *msg = NULL;
    if (cg_pipeline_new(&pl, &msg)) {
        fprintf(stderr, "fuzz-pipeline: %s\n", msg ? msg : "cannot make a pipeline");
        exit(1);
    }
    return 0;
}

/* Valid UTF-8, NUL characters allowed (cg_utf8_check refuses them). */
static int valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int n = cg_utf8_decode(s + i, len - i, &c);
        if (n < 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

static void check_text(const cg_text *t, size_t src_len)
{
    for (size_t i = 0; i < t->nchars; i++)
        FUZZ_CHECK(t->src_start[i] <= t->src_end[i] && t->src_end[i] <= src_len);
    uint32_t last_pos = 0;
    for (size_t i = 0; i < t->ntok; i++) {
        const cg_token *k = &t->tok[i];
        FUZZ_CHECK(k->norm_start < k->norm_end && k->norm_end <= t->nchars);
        FUZZ_CHECK(k->passage < t->npass);
        FUZZ_CHECK(i == 0 || k->pos > last_pos);
        last_pos = k->pos;
        cg_buf_clear(&term);
        FUZZ_CHECK(cg_text_term(t, i, &term) == CG_OK);
        FUZZ_CHECK(term.len > 0);
    }
    for (size_t i = 0; i < t->npass; i++) {
        FUZZ_CHECK(t->pass[i].norm_start <= t->nchars);
        FUZZ_CHECK(t->pass[i].first_token <= t->ntok);
        FUZZ_CHECK(i == 0 || t->pass[i].first_token >= t->pass[i - 1].first_token);
    }
    cg_buf_clear(&term);
    FUZZ_CHECK(cg_text_utf8(t, 0, t->nchars, &term) == CG_OK);
    FUZZ_CHECK(valid_utf8(term.ptr, term.len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    const char *s = NULL, *enc = NULL;
    size_t len = 0, off = 0;
    cg_buf_clear(&conv);
    cg_status rc = cg_decode(raw, size, &conv, &s, &len, &off, &enc);
    FUZZ_CHECK(rc == CG_OK || rc == CG_EENCODING);
    if (rc == CG_OK) {
        FUZZ_CHECK(enc != NULL && off <= size);
        FUZZ_CHECK((s >= raw && s + len <= raw + size) ||
                   (s >= conv.ptr && s + len <= conv.ptr + conv.len) || len == 0);
        FUZZ_CHECK(cg_pipeline_run(pl, s, len, &text) == CG_OK);
        check_text(&text, len);
    }
    /* The raw bytes as they are, invalid UTF-8 and all, with and without word
     * placeholders (the searcher's mode for CJK-only queries). */
    for (int ph = 0; ph < 2; ph++) {
        cg_pipeline_set_word_placeholders(pl, ph);
        FUZZ_CHECK(cg_pipeline_run(pl, raw, size, &text) == CG_OK);
        check_text(&text, size);
    }
    cg_pipeline_set_word_placeholders(pl, 0);
    return 0;
}
