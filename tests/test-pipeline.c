/* test-pipeline.c — the text pipeline (doc/PIPELINE.md): normalization, pinyin
 * annotations, Traditional→Simplified, tokens, glue, passages, terms and the byte
 * range every normalized character came from. Token streams are compared as strings
 * "term@position ..." (groonga's tokenizer tests do the same). */
#include "cg.h"
#include "charprops.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <stdlib.h>
#include <string.h>

static cg_pipeline *pl;
static cg_text text;

static void setup(void)
{
    char *msg = NULL;
    cr_assert_eq(cg_pipeline_new(&pl, &msg), CG_OK, "%s", msg ? msg : "");
    memset(&text, 0, sizeof text);
}

static void teardown(void)
{
    cg_text_free(&text);
    cg_pipeline_free(pl);
}

/* "term@pos term@pos ..." for s. Caller frees. */
static char *terms_of(const char *s, size_t len)
{
    cr_assert_eq(cg_pipeline_run(pl, s, len, &text), CG_OK);
    cg_buf out = {0};
    for (size_t i = 0; i < text.ntok; i++) {
        if (i)
            cg_buf_putc(&out, ' ');
        cg_buf term = {0};
        cg_text_term(&text, i, &term);
        cg_term_display(term.ptr, term.len, &out);
        cg_buf_free(&term);
        cg_buf_printf(&out, "@%u", text.tok[i].pos);
    }
    return cg_buf_detach(&out);
}

static char *normalized(const char *s)
{
    cr_assert_eq(cg_pipeline_run(pl, s, strlen(s), &text), CG_OK);
    cg_buf out = {0};
    cg_text_utf8(&text, 0, text.nchars, &out);
    return cg_buf_detach(&out);
}

struct golden {
    char input[96];
    char expect[160];
};

static struct golden golden_rows[] = {
    {"中文", "中文@1 文@2"},
    {"布达佩斯公约", "布达@1 达佩@2 佩斯@3 斯公@4 公约@5 约@6"},
    {"布達佩斯公約", "布达@1 达佩@2 佩斯@3 斯公@4 公约@5 约@6"},
    {"加強(qiáng)並推動(dòng)", "加强@1 强并@2 并推@3 推动@4 动@5"},
    {"網(wǎng)絡(luò)反恐", "网络@1 络反@2 反恐@3 恐@4"},
    /* hard-wrapped Chinese: one line break glues, a blank line is a passage gap */
    {"中\n文", "中文@1 文@2"},
    {"中\r\n文", "中文@1 文@2"},
    {"中\n\n文", "中@1 文@3"},
    {"中 文", "中@1 文@2"},
    {"中，文", "中@1 文@2"},
    /* full-width forms and case fold; words from ICU's word breaker */
    {"Ｌｉｎｕｘ 内核", "linux@1 内核@2 核@3"},
    {"CLOUD Act", "cloud@1 act@2"},
    {"云法案(CLOUD Act)", "云法@1 法案@2 案@3 cloud@4 act@5"},
    {"《公约》(Budapest Convention)", "公约@1 约@2 budapest@3 convention@4"},
    /* annotations that are not pinyin stay */
    {"公约(a)", "公约@1 约@2 a@3"},
    {"第 1373(2001)号", "第@1 1373@2 2001@3 号@4"},
    {"第74/247号决议", "第@1 74@2 247@3 号决@4 决议@5 议@6"},
    {"加強(Qiáng)", "加强@1 强@2"},
    {"中(ma5)文", "中文@1 文@2"},
    {"中(abcdefg2)文", "中@1 abcdefg2@2 文@3"},
    /* kana, hangul and the iteration mark are CJK characters */
    {"ひらがな", "ひら@1 らが@2 がな@3 な@4"},
    {"人々", "人々@1 々@2"},
    {"한국어", "한국@1 국어@2 어@3"},
    {"don't stop", "don't@1 stop@2"},
    {"3.14 and ½", "3.14@1 and@2 1⁄2@3"},
    /* beyond the BMP: ICU is asked (the generated table covers the BMP only) */
    {"\U00020000\U00020001中", "\U00020000\U00020001@1 \U00020001中@2 中@3"},
    {"\U0001D400\U0001D401\U0001D402 x", "abc@1 x@2"},
    /* forms of several code points and empty forms, from the table */
    {"co\u00ADoperate", "cooperate@1"},
    {"ﬁle ㎏", "file@1 kg@2"},
    {"", ""},
    {"，。！", ""},
};

ParameterizedTestParameters(pipeline, golden_terms)
{
    return cr_make_param_array(struct golden, golden_rows, sizeof golden_rows / sizeof golden_rows[0]);
}

ParameterizedTest(struct golden *row, pipeline, golden_terms, .init = setup, .fini = teardown)
{
    char *got = terms_of(row->input, strlen(row->input));
    cr_expect_str_eq(got, row->expect, "input \"%s\": got \"%s\"", row->input, got);
    free(got);
}

Test(pipeline, nfkc_casefold_and_t2s, .init = setup, .fini = teardown)
{
    char *s = normalized("ＡＢＣ　Ｄ１２３ Straße 們臺灣 ﬁ");
    cr_expect_str_eq(s, "abc d123 strasse 们台湾 fi");
    free(s);
    s = normalized("中…文\u00AD㎏\U0001D400");
    cr_expect_str_eq(s, "中...文kga");
    free(s);
}

Test(pipeline, byte_ranges_map_back_to_the_source, .init = setup, .fini = teardown)
{
    const char *src = "加強(qiáng)並Ａ";
    char *s = normalized(src);
    cr_assert_str_eq(s, "加强并a");
    free(s);
    /* 强 came from 強 (bytes 3-6), 并 from 並 right after the annotation. */
    cr_expect_eq(text.src_start[1], 3);
    cr_expect_eq(text.src_end[1], 6);
    size_t bing = strlen("加強(qiáng)");
    cr_expect_eq(text.src_start[2], bing);
    cr_expect_eq(text.src_end[2], bing + 3);
    cr_expect_eq(text.src_start[3], bing + 3);
    cr_expect_eq(text.src_end[3], bing + 6); /* Ａ is 3 bytes */
}

Test(pipeline, combining_marks_compose_and_keep_their_bytes, .init = setup, .fini = teardown)
{
    const char *src = "Cafe\xcc\x81!"; /* e + U+0301 COMBINING ACUTE ACCENT */
    char *s = normalized(src);
    cr_expect_str_eq(s, "café!");
    free(s);
    cr_expect_eq(text.src_start[3], 3);
    cr_expect_eq(text.src_end[3], 6);
}

Test(pipeline, invalid_utf8_becomes_replacement_of_one_byte, .init = setup, .fini = teardown)
{
    const char src[] = "ab\xff" "cd";
    cr_assert_eq(cg_pipeline_run(pl, src, 5, &text), CG_OK);
    cr_assert_eq(text.nchars, 5);
    cr_expect_eq(text.cp[2], 0xFFFD);
    cr_expect_eq(text.src_start[2], 2);
    cr_expect_eq(text.src_end[2], 3);
}

Test(pipeline, long_passage_splits_at_a_sentence_end, .init = setup, .fini = teardown)
{
    cg_buf b = {0};
    for (int i = 0; i < 1000; i++)
        cg_buf_puts(&b, "中文");
    cg_buf_puts(&b, "。下一");
    char *got = terms_of(b.ptr, b.len);
    /* 2,000 characters, then 。 ends the passage: 下 starts a new one. */
    cr_expect(strstr(got, "文@2000 下一@2002") != NULL, "tail: %s", got + strlen(got) - 40);
    cr_expect_eq(text.npass, 2);
    free(got);
    cg_buf_free(&b);
}

Test(pipeline, long_tokens_get_a_hashed_term, .init = setup, .fini = teardown)
{
    cg_buf b = {0};
    for (int i = 0; i < 5000; i++)
        cg_buf_putc(&b, 'a' + i % 26);
    char *got = terms_of(b.ptr, b.len);
    cr_assert_eq(text.ntok, 1);
    cr_expect_leq(strlen(got) - 2, 245, "term of %zu bytes", strlen(got));
    cr_expect(strchr(got, '#') != NULL);
    free(got);
    cg_buf_free(&b);
}

Test(pipeline, long_cjk_run_has_consecutive_positions, .init = setup, .fini = teardown)
{
    cg_buf b = {0};
    for (int i = 0; i < 20000; i++)
        cg_buf_puts(&b, i % 2 ? "國" : "中");
    cr_assert_eq(cg_pipeline_run(pl, b.ptr, b.len, &text), CG_OK);
    cr_assert_eq(text.ntok, 20000);
    for (size_t i = 0; i < text.ntok; i++) {
        cr_assert_eq(text.tok[i].pos, i + 1);
        cr_assert_eq(text.tok[i].glued, i + 1 < text.ntok);
    }
    cr_expect_eq(text.cp[1], 0x56FD); /* 國 -> 国 */
    cg_buf_free(&b);
}

Test(pipeline, fingerprint_names_the_icu_version)
{
    cr_expect(strstr(cg_pipeline_fingerprint(), "icu/") != NULL);
    cr_expect(strstr(cg_pipeline_fingerprint(), "cgsearch-pipeline/") != NULL);
}

Test(utf8, check_rejects_nul_overlong_and_surrogates)
{
    cr_expect_eq(cg_utf8_check("ab\0c", 4), 2);
    cr_expect_eq(cg_utf8_check("\xc0\xaf", 2), 0);
    cr_expect_eq(cg_utf8_check("\xed\xa0\x80", 3), 0);
    cr_expect_eq(cg_utf8_check("中文", 6), 6);
}

Test(decode, bom_utf16_and_gb18030)
{
    cg_buf conv = {0};
    const char *dec, *enc;
    size_t len, off;
    cr_assert_eq(cg_decode("\xef\xbb\xbfhi", 5, &conv, &dec, &len, &off, &enc), CG_OK);
    cr_expect_eq(off, 3);
    cr_expect_eq(len, 2);
    cr_assert_eq(cg_decode("\xff\xfe\x2d\x4e\x87\x65", 6, &conv, &dec, &len, &off, &enc), CG_OK);
    cr_expect_str_eq(enc, "UTF-16LE");
    cr_expect_eq(len, 6);
    cr_expect(!memcmp(dec, "中文", 6));
    cr_expect_eq(cg_decode("a\0b\0", 4, &conv, &dec, &len, &off, &enc), CG_EENCODING);

    /* GB18030 text, made here with ICU's converter; chosen over Big5 as the more
     * plausible Chinese (decode.c). */
    const char *utf8 = "国家标准编码的文件里有一段独特文字。这段文字用来检验编码识别是否可靠，"
                       "必须足够长才能让检测器有把握。中华人民共和国国家标准。";
    char gb[512];
    UErrorCode err = U_ZERO_ERROR;
    int32_t gblen = ucnv_convert("GB18030", "UTF-8", gb, sizeof gb, utf8, -1, &err);
    cr_assert(U_SUCCESS(err));
    cr_assert_eq(cg_decode(gb, (size_t)gblen, &conv, &dec, &len, &off, &enc), CG_OK);
    cr_expect_str_eq(enc, "GB18030");
    cr_expect_eq(len, strlen(utf8));
    cr_expect(!memcmp(dec, utf8, len));
    cg_buf_free(&conv);
}

/* Where a part of a big file ends (doc/PIPELINE.md section 1, Parts). */
Test(decode, chunk_ends_after_blank_lines_else_whitespace_else_a_character)
{
    /* after the run of blank lines holding the last blank line */
    const char *a = "one\n\ntwo\n \n\n  three four";
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF8, a, strlen(a), 16, 0), 12);
    /* the whole rest at the end of the file, when it fits */
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF8, a, strlen(a), 100, 1), strlen(a));
    /* no blank line: after the last whitespace */
    const char *b = "one two three";
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF8, b, strlen(b), 10, 0), 8);
    /* neither: at a character boundary (中文中文 is 12 bytes) */
    const char *c = "中文中文";
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF8, c, 12, 7, 0), 6);
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF8, c, 12, 2, 0), 3, "never empty");
    /* GB18030: 中 D6D0, a four-byte character 81308130, 文 CEC4 */
    const char gb[] = "\xd6\xd0\x81\x30\x81\x30\xce\xc4";
    cr_expect_eq(cg_chunk_end(CG_ENC_GB18030, gb, 8, 5, 0), 2);
    cr_expect_eq(cg_chunk_end(CG_ENC_GB18030, gb, 8, 7, 0), 6);
    cr_expect_eq(cg_chunk_end(CG_ENC_GB18030, gb, 8, 1, 0), 2, "never empty");
    /* UTF-16LE: code units, a blank line is 0A 00 0A 00 */
    const char u16[] = "a\0\n\0\n\0b\0c\0";
    cr_expect_eq(cg_chunk_end(CG_ENC_UTF16LE, u16, 10, 9, 0), 6);
}

/* Short Chinese strings, where both GB18030 and Big5 are often valid, and Western text
 * in Windows-1252; binary data says why it is skipped. */
Test(decode, short_chinese_and_western_text)
{
    cg_encoding e;
    const char *why;
    cr_expect_eq(cg_detect_encoding("\xd6\xd0\xce\xc4", 4, 1, &e, &why), CG_OK); /* 中文 GB */
    cr_expect_eq(e, CG_ENC_GB18030);
    cr_expect_eq(cg_detect_encoding("\xa4\xa4\xa4\xe5", 4, 1, &e, &why), CG_OK); /* 中文 Big5 */
    cr_expect_eq(e, CG_ENC_BIG5);
    cr_expect_eq(cg_detect_encoding("Caf\xe9 cr\xe8me\n", 11, 1, &e, &why), CG_OK);
    cr_expect_eq(e, CG_ENC_WINDOWS1252);
    cr_expect_eq(cg_detect_encoding("a\x01\x02\x03\x04\xff\xfe", 7, 1, &e, &why), CG_EENCODING);
    cr_expect(why && strstr(why, "control characters"), "why: %s", why ? why : "(null)");
}

/* CJK characters in terms (doc/PIPELINE.md section 4): 2 bytes in the common blocks,
 * 0xFF + UTF-8 otherwise, and never the first byte of a word or a prefixed term. */
Test(pipeline, cjk_terms_are_short_and_never_words)
{
    static const uint32_t cps[] = {0x4E2D, 0x6587, 0x4E00, 0x9FA5, 0x3005, 0x30FC, 0x3042,
                                   0xF900, 0x3400, 0xAC01, 0x20000, 0x2A6D6};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        uint32_t cp = cps[i];
        cg_buf t = {0}, shown = {0};
        cr_assert_eq(cg_term_put_cjk(&t, cp), CG_OK);
        unsigned char lead = (unsigned char)t.ptr[0];
        int direct = (cp >> 8 == 0x30 || (cp >= 0x4E00 && cp <= 0x9FFF) || cp >> 8 == 0xF9) &&
                     (cp & 0xFF);
        cr_expect_eq(t.len, direct ? 2u : 1u + (size_t)cg_utf8_encode(cp, (char[4]){0}),
                     "U+%04X takes %zu bytes", cp, t.len);
        /* Words are valid UTF-8 starting at 0x21 or above (never 0x80–0xC1 or
         * 0xF5–0xFF); prefixed terms start with A–Z. */
        cr_expect(lead <= 0x0A || (lead >= 0x80 && lead <= 0xC1) || lead >= 0xF5,
                  "U+%04X starts with 0x%02x", cp, lead);
        cr_expect(memchr(t.ptr, 0, t.len) == NULL, "U+%04X has a NUL byte", cp);
        cg_term_display(t.ptr, t.len, &shown);
        char want[5] = {0};
        cg_utf8_encode(cp, want);
        cr_expect_eq(shown.len, strlen(want));
        cr_expect(!memcmp(shown.ptr, want, shown.len), "U+%04X shown back", cp);
        cg_buf_free(&t);
        cg_buf_free(&shown);
    }
}

Test(pipeline, a_bigram_term_is_four_bytes, .init = setup, .fini = teardown)
{
    cr_assert_eq(cg_pipeline_run(pl, "中文", strlen("中文"), &text), CG_OK);
    cg_buf t = {0};
    cr_assert_eq(cg_text_term(&text, 0, &t), CG_OK);
    cr_expect_eq(t.len, 4);
    cg_buf_free(&t);
}

/* The build-time table (chartab.c) against ICU asked now, for every BMP code point:
 * the two-stage layout, the bit packing and the ICU the programs run with. */
Test(chartab, agrees_with_icu_on_the_whole_bmp)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&err);
    cr_assert(U_SUCCESS(err));
    for (uint32_t c = 0; c < 0x10000; c++) {
        uint32_t e = cg_chartab(c);
        cr_assert_eq(e & CG_CLS_MASK, cg_charprop_class(c), "class of U+%04X", (unsigned)c);
        cr_assert_eq((e & CG_TAB_BOUNDARY) != 0, unorm2_hasBoundaryBefore(n2, (UChar32)c) != 0,
                     "boundary before U+%04X", (unsigned)c);
        UChar in[2], out[32]; /* U+FDFA has the longest form: 18 code units */
        int32_t ilen = 0;
        U16_APPEND_UNSAFE(in, ilen, (UChar32)c);
        err = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(n2, in, ilen, out, 32, &err);
        cr_assert(U_SUCCESS(err), "U+%04X", (unsigned)c);
        uint32_t form = (e >> CG_TAB_FORM_SHIFT) & 3u;
        if (n == 0) {
            cr_assert_eq(form, CG_TAB_FORM_EMPTY, "U+%04X normalizes to nothing", (unsigned)c);
            continue;
        }
        int32_t i = 0;
        UChar32 first;
        U16_NEXT(out, i, n, first);
        if (i < n) {
            cr_assert_eq(form, CG_TAB_FORM_MULTI, "U+%04X normalizes to several", (unsigned)c);
            const uint32_t *m = cg_chartab_multi + (e >> CG_TAB_CP_SHIFT);
            uint32_t k = 0;
            for (i = 0; i < n; k++) {
                UChar32 o;
                U16_NEXT(out, i, n, o);
                cr_assert(k < m[0] && m[1 + k] == (uint32_t)o, "U+%04X: code point %u of its form",
                          (unsigned)c, (unsigned)k);
            }
            cr_assert_eq(k, m[0], "U+%04X: the length of its form", (unsigned)c);
        }
        else if ((uint32_t)first == c)
            cr_assert_eq(form, CG_TAB_FORM_SAME, "U+%04X is its own form", (unsigned)c);
        else
            cr_assert(form == CG_TAB_FORM_ONE && e >> CG_TAB_CP_SHIFT == (uint32_t)first,
                      "U+%04X normalizes to U+%04X", (unsigned)c, (unsigned)first);
    }
}

/* normalize.c treats a code point followed by code points that normalize to nothing
 * (a soft hyphen, a variation selector, with no boundary before them) as that code
 * point alone, without asking ICU: true for every such pair in the BMP. */
Test(chartab, empty_forms_add_nothing_to_a_segment)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&err);
    cr_assert(U_SUCCESS(err));
    uint32_t empty[256];
    size_t nempty = 0;
    for (uint32_t c = 0; c < 0x10000; c++) {
        uint32_t e = cg_chartab(c);
        if (!(e & CG_TAB_BOUNDARY) && ((e >> CG_TAB_FORM_SHIFT) & 3u) == CG_TAB_FORM_EMPTY) {
            cr_assert_lt(nempty, 256);
            empty[nempty++] = c;
        }
    }
    cr_assert_gt(nempty, 0);
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        UChar one[2], alone[32];
        int32_t n1 = 0;
        U16_APPEND_UNSAFE(one, n1, (UChar32)c);
        err = U_ZERO_ERROR;
        int32_t nalone = unorm2_normalize(n2, one, n1, alone, 32, &err);
        cr_assert(U_SUCCESS(err));
        for (size_t k = 0; k < nempty; k++) {
            UChar two[4], both[32];
            int32_t n2len = 0;
            U16_APPEND_UNSAFE(two, n2len, (UChar32)c);
            U16_APPEND_UNSAFE(two, n2len, (UChar32)empty[k]);
            err = U_ZERO_ERROR;
            int32_t nboth = unorm2_normalize(n2, two, n2len, both, 32, &err);
            cr_assert(U_SUCCESS(err));
            cr_assert(nboth == nalone && !memcmp(both, alone, (size_t)nalone * sizeof(UChar)),
                      "U+%04X U+%04X", (unsigned)c, (unsigned)empty[k]);
        }
    }
}

Test(pipeline, a_soft_hyphen_after_a_han_character_is_dropped, .init = setup, .fini = teardown)
{
    /* 库 U+00AD 表: the soft hyphen normalizes to nothing, inside 库's segment. */
    const char *s = "\xE5\xBA\x93\xC2\xAD\xE8\xA1\xA8";
    cr_assert_eq(cg_pipeline_run(pl, s, strlen(s), &text), CG_OK);
    cr_assert_eq(text.nchars, 2);
    cr_assert_eq(text.src_start[0], 0);
    cr_assert_eq(text.src_end[0], 5, "the soft hyphen's bytes belong to 库");
    cr_assert_eq(text.src_start[1], 5);
}
