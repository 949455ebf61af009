/* decode.c — step 1 of the pipeline: a file's bytes to UTF-8 (doc/PIPELINE.md).
 *
 * UTF-8 is passed through without a copy, so byte offsets are the file's own.
 * UTF-8 with a few invalid bytes (at most 1 in 100, among valid multibyte
 * characters) is still UTF-8: the pipeline reads each bad byte as U+FFFD. Other
 * encodings are converted with ICU: UTF-16 by its BOM; otherwise GB18030 and Big5
 * are tried, and the one under which the bytes are valid and read as the most
 * plausible Chinese wins (ICU's charset detector is unsure on short text, and Big5
 * bytes are often valid GB18030 too); Western text (mostly ASCII letters) that is
 * neither is Windows-1252, which accepts any byte, so it comes last. NUL bytes or
 * many control characters mean binary.
 *
 * Big files are read in chunks (cg_chunk_end) so that memory stays bounded: the
 * encoding is chosen from the first chunk. */
#define _GNU_SOURCE /* memrchr */
#include "cg.h"
#include "icu.h"

#include <string.h>

static const char *const names[CG_ENC_COUNT] = {
    "UTF-8", "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "Big5", "windows-1252",
};

const char *cg_encoding_name(cg_encoding e)
{
    return (unsigned)e < CG_ENC_COUNT ? names[e] : "?";
}

size_t cg_encoding_bom_len(cg_encoding e)
{
    return e == CG_ENC_UTF8_BOM ? 3 : e == CG_ENC_UTF16LE || e == CG_ENC_UTF16BE ? 2 : 0;
}

static cg_status convert(const char *from, const char *raw, size_t len, cg_buf *conv)
{
    UErrorCode err = U_ZERO_ERROR;
    cg_buf_clear(conv);
    if (len > INT32_MAX / 4)
        return CG_EENCODING;
    if (cg_buf_reserve(conv, len * 3 + 16))
        return CG_ENOMEM;
    const cg_icu *icu = cg_icu_api();
    if (!icu)
        return CG_EINTERNAL;
    int32_t n = icu->convert("UTF-8", from, conv->ptr, (int32_t)(conv->cap - 1), raw, (int32_t)len,
                             &err);
    if (U_FAILURE(err))
        return err == U_MEMORY_ALLOCATION_ERROR ? CG_ENOMEM : CG_EENCODING;
    conv->len = (size_t)n;
    conv->ptr[n] = '\0';
    return CG_OK;
}

cg_status cg_decode_as(cg_encoding e, const char *raw, size_t len, cg_buf *conv,
                       const char **out_text, size_t *out_text_len)
{
    if (e == CG_ENC_UTF8 || e == CG_ENC_UTF8_BOM) {
        *out_text = raw;
        *out_text_len = len;
        return CG_OK;
    }
    cg_status rc = convert(cg_encoding_name(e), raw, len, conv);
    if (!rc) {
        *out_text = conv->ptr;
        *out_text_len = conv->len;
    }
    return rc;
}

/* What the bytes of a sample look like. */
typedef struct byte_stats {
    size_t bad;       /* bytes that do not begin a valid UTF-8 sequence */
    size_t multibyte; /* valid UTF-8 sequences of 2-4 bytes */
    size_t nul, control, high, letters;
} byte_stats;

static int is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
            c != 0x1B) || c == 0x7F;
}

/* Counts what every file needs (NUL and bad bytes) in one pass, as fast as the
 * UTF-8 check; the rest only for text that is not clean UTF-8 (binary data without
 * NUL bytes is almost never valid UTF-8). */
static void count_bytes(const char *s, size_t len, byte_stats *b)
{
    memset(b, 0, sizeof *b);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        i += cg_utf8_check(s + i, len - i);
        if (i < len) {
            if (u[i] == 0)
                b->nul++;
            else
                b->bad++;
            i++;
        }
    }
    if (!b->bad)
        return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (c >= 0x80) {
            b->high++;
            uint32_t cp;
            if (c >= 0xC0 && cg_utf8_decode(s + i, len - i, &cp) > 1)
                b->multibyte++;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            b->letters++;
        } else {
            b->control += is_control(c);
        }
    }
}

/* The most frequent Chinese characters: the first 1,000 of Jun Da's Modern Chinese
 * Character Frequency List (Simplified; written down from it, order dropped), and
 * their Traditional forms by ICU's Hans-Hant transliterator (uconv -x Hans-Hant):
 * 1,320 characters. They decide between GB18030 and Big5, under which the same
 * bytes are often both valid: about 9 in 10 characters of real text are among them,
 * of a wrong reading far fewer. */
static const char common_hanzi[] =
#include "common-hanzi.inc"

static unsigned char common_bits[(0xA000 - 0x4E00) / 8];

static int is_common(uint32_t c)
{
    static int ready;
    if (!ready) {
        const char *p = common_hanzi, *end = p + sizeof common_hanzi - 1;
        while (p < end) {
            uint32_t h;
            int n = cg_utf8_decode(p, (size_t)(end - p), &h);
            p += n > 0 ? n : 1;
            if (h >= 0x4E00 && h < 0xA000)
                common_bits[(h - 0x4E00) >> 3] |= (unsigned char)(1u << (h & 7));
        }
        ready = 1;
    }
    return c >= 0x4E00 && c < 0xA000 && (common_bits[(c - 0x4E00) >> 3] >> (c & 7) & 1);
}

/* How plausible UTF-8 text s[0..len) is as Chinese: per non-ASCII character, 2 for
 * a common Han character, 1 for CJK punctuation or full-width forms, 0 for any other
 * Han character, -2 for anything else (kana, Greek, box drawing, private use: what
 * the other encoding's bytes turn into). -1000 when a byte was invalid (ICU wrote
 * U+FFFD or U+001A). The score is per character, times 100; level1_share adds up
 * to 100. */
static long chinese_score(const char *s, size_t len)
{
    long sum = 0, n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int k = cg_utf8_decode(s + i, len - i, &c);
        i += k > 0 ? (size_t)k : 1;
        if (c == 0xFFFD || c == 0x1A)
            return -1000;
        if (c < 0x80)
            continue;
        n++;
        if (is_common(c))
            sum += 2;
        else if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65) ||
                 c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D || c == 0x00B7)
            sum += 1;
        else if (c >= 0x4E00 && c <= 0x9FFF)
            sum += 0;
        else
            sum -= 2;
    }
    return n ? sum * 100 / n : -1000;
}

/* The share (times 100) of double-byte characters in the first level of the
 * encoding's own table, its 3,755 (GB2312) or 5,401 (Big5) most used characters. A
 * tie-breaker for short text where neither reading holds a common character. */
static long level1_share(cg_encoding e, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    long n = 0, level1 = 0;
    for (size_t i = 0; i + 1 < len;) {
        if (u[i] < 0x81) {
            i++;
            continue;
        }
        unsigned lead = u[i], trail = u[i + 1];
        if (e == CG_ENC_GB18030 && trail >= 0x30 && trail <= 0x39) {
            i += 4;
            n++;
            continue;
        }
        n++;
        if (e == CG_ENC_GB18030)
            level1 += lead >= 0xB0 && lead <= 0xD7 && trail >= 0xA1;
        else
            level1 += lead >= 0xA4 && (lead < 0xC6 || (lead == 0xC6 && trail <= 0x7E));
        i += 2;
    }
    return n ? level1 * 100 / n : 0;
}

/* The sample up to its last line break, so that it ends on a character boundary
 * (unless it is the whole file); without one, up to its last UTF-8 lead or ASCII
 * byte (bytes of a character cut at the end would look invalid). */
static size_t whole_lines(const char *s, size_t len, int complete)
{
    if (complete)
        return len;
    const char *nl = memrchr(s, '\n', len);
    if (nl)
        return (size_t)(nl - s) + 1;
    size_t i = len;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    return i > 0 ? i - 1 : len;
}

cg_status cg_detect_encoding(const char *sample, size_t len, int complete, cg_encoding *out,
                             const char **out_why)
{
    const unsigned char *u = (const unsigned char *)sample;
    *out_why = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *out = CG_ENC_UTF8_BOM;
        return CG_OK;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        *out = u[0] == 0xFF ? CG_ENC_UTF16LE : CG_ENC_UTF16BE;
        return CG_OK;
    }
    len = whole_lines(sample, len, complete);
    byte_stats b;
    count_bytes(sample, len, &b);
    if (b.nul) {
        *out_why = "binary or unknown encoding (it holds NUL bytes)";
        return CG_EENCODING;
    }
    *out = CG_ENC_UTF8;
    if (b.bad == 0)
        return CG_OK;
    if (b.control * 100 > len) {
        *out_why = "binary or unknown encoding (it holds many control characters)";
        return CG_EENCODING;
    }
    /* UTF-8 with damage: a few bad bytes among valid multibyte characters. */
    int damaged_utf8 = b.bad * 100 <= len;
    if (damaged_utf8 && b.multibyte >= b.bad)
        return CG_OK;

    /* Chinese: the plausible reading among the valid ones. */
    cg_buf conv = {0};
    long best = -1000;
    cg_encoding best_enc = CG_ENC_UTF8;
    static const cg_encoding chinese[] = {CG_ENC_GB18030, CG_ENC_BIG5};
    for (size_t i = 0; i < sizeof chinese / sizeof *chinese; i++) {
        const char *t;
        size_t tlen;
        cg_status rc = cg_decode_as(chinese[i], sample, len, &conv, &t, &tlen);
        if (rc == CG_ENOMEM || rc == CG_EINTERNAL) {
            cg_buf_free(&conv);
            return rc;
        }
        long score = rc ? -1000 : chinese_score(t, tlen) + level1_share(chinese[i], sample, len);
        if (score > best) {
            best = score;
            best_enc = chinese[i];
        }
    }
    cg_buf_free(&conv);
    /* Clearly Chinese: most characters common ones. Then Western text: mostly ASCII
     * letters, a few accented ones (Windows-1252, a superset of Latin-1, reads any
     * byte, so only text that looks Western is taken); then less clear cases. */
    if (best >= 200) {
        *out = best_enc;
        return CG_OK;
    }
    if (b.high * 3 <= b.letters) {
        *out = CG_ENC_WINDOWS1252;
        return CG_OK;
    }
    if (best > -1000) {
        *out = best_enc;
        return CG_OK;
    }
    if (b.high <= b.letters) {
        *out = CG_ENC_WINDOWS1252;
        return CG_OK;
    }
    if (damaged_utf8)
        return CG_OK;
    *out_why = "binary or unknown encoding (not valid UTF-8, GB18030 or Big5, nor Western text)";
    return CG_EENCODING;
}

cg_status cg_decode(const char *raw, size_t len, cg_buf *conv, const char **out_text,
                    size_t *out_text_len, size_t *out_offset, const char **out_encoding)
{
    cg_encoding e;
    const char *why;
    cg_status rc = cg_detect_encoding(raw, len, 1, &e, &why);
    if (rc)
        return rc;
    size_t bom = cg_encoding_bom_len(e);
    *out_offset = e == CG_ENC_UTF8_BOM ? bom : 0;
    *out_encoding = cg_encoding_name(e);
    return cg_decode_as(e, raw + bom, len - bom, conv, out_text, out_text_len);
}

/* ---- chunks */

static int is_hspace(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Code unit i of raw in e (a byte, or a 16-bit unit for UTF-16). */
static unsigned unit_at(cg_encoding e, const unsigned char *u, size_t i)
{
    if (e == CG_ENC_UTF16LE)
        return u[2 * i] | (unsigned)u[2 * i + 1] << 8;
    if (e == CG_ENC_UTF16BE)
        return (unsigned)u[2 * i] << 8 | u[2 * i + 1];
    return u[i];
}

/* The last character boundary at or before unit n of raw's len units, walking from
 * unit 0 (a boundary) where the encoding needs it. */
static size_t boundary_before(cg_encoding e, const unsigned char *u, size_t n, size_t len)
{
    switch (e) {
    case CG_ENC_UTF8:
    case CG_ENC_UTF8_BOM: {
        /* back to the lead byte of the character holding unit n (or n - 1 at the end) */
        size_t i = n < len ? n : n - 1;
        while (i > 0 && n - i < 4 && (u[i] & 0xC0) == 0x80)
            i--;
        if (i == n)
            return n;
        size_t need = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : u[i] >= 0xC0 ? 2 : 1;
        if (i + need <= n)
            return i + need;
        /* never empty: the first character, whole */
        return i > 0 ? i : (need < len ? need : len);
    }
    case CG_ENC_UTF16LE:
    case CG_ENC_UTF16BE: {
        unsigned c = unit_at(e, u, n - 1);
        if (c < 0xD800 || c >= 0xDC00)
            return n;
        return n > 1 ? n - 1 : (len > 1 ? 2 : 1);
    }
    case CG_ENC_GB18030:
    case CG_ENC_BIG5: {
        size_t i = 0, last = 0;
        while (i < n) {
            last = i;
            if (u[i] < 0x81 || u[i] == 0xFF)
                i += 1;
            else if (e == CG_ENC_GB18030 && i + 1 < len && u[i + 1] >= 0x30 && u[i + 1] <= 0x39)
                i += 4;
            else
                i += 2;
        }
        return i == n ? n : last > 0 ? last : (i < len ? i : len);
    }
    default:
        return n;
    }
}

size_t cg_chunk_end(cg_encoding e, const char *raw, size_t len, size_t max, int at_eof)
{
    const unsigned char *u = (const unsigned char *)raw;
    size_t us = e == CG_ENC_UTF16LE || e == CG_ENC_UTF16BE ? 2 : 1;
    size_t nunits = len / us, maxu = max / us;
    if (at_eof && len <= max)
        return len;
    if (maxu == 0)
        maxu = 1;
    size_t win = nunits < maxu ? nunits : maxu;
    /* The last blank line: a line break with only horizontal space back to the one
     * before it. The chunk then ends after the run of blank lines, at a line break,
     * where the pipeline starts a passage anyway. */
    size_t after_space = SIZE_MAX; /* last whitespace unit seen, scanning back */
    for (size_t i = win; i-- > 0;) {
        unsigned c = unit_at(e, u, i);
        if (c != '\n') {
            if (after_space == SIZE_MAX && (is_hspace(c)))
                after_space = i + 1;
            continue;
        }
        if (after_space == SIZE_MAX)
            after_space = i + 1;
        size_t k = i;
        while (k > 0 && is_hspace(unit_at(e, u, k - 1)))
            k--;
        if (k > 0 && unit_at(e, u, k - 1) == '\n') {
            /* Extend over the rest of the blank run to its last line break. */
            size_t end = i + 1;
            for (size_t j = i + 1; j < nunits; j++) {
                unsigned d = unit_at(e, u, j);
                if (d == '\n')
                    end = j + 1;
                else if (!is_hspace(d))
                    break;
            }
            return end * us;
        }
    }
    /* No blank line: after the last whitespace, else at the last character
     * boundary; the pipeline starts a passage there (doc/PIPELINE.md section 1). */
    if (after_space != SIZE_MAX)
        return after_space * us;
    return boundary_before(e, u, win, nunits) * us;
}
