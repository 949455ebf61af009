/* normalize.c — step 2 of the pipeline (doc/PIPELINE.md): NFKC + case folding,
 * pinyin annotation removal, Traditional→Simplified; every output character keeps
 * the source byte range it came from.
 *
 * NFKC_Casefold is applied segment by segment, a segment running from one
 * normalization boundary (unorm2_hasBoundaryBefore) to the next, which gives the
 * same text as normalizing the whole string; each output character of a segment
 * maps to the segment's source bytes. Most segments are one code point, whose
 * normalized form and boundary the generated table holds for the BMP. */
#include "cg-private.h"
#include "icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf16.h>

/* ICU's NFKC_Casefold, asked only for what the generated table (charprops.h) cannot
 * answer: code points beyond the BMP and segments with combining marks. Fetched on
 * first use, so that most runs over Chinese text never load ICU (icu.h). */
static const UNormalizer2 *nfkc_cf(char *errbuf, size_t errbuf_len)
{
    const cg_icu *icu = cg_icu_api();
    if (!icu) {
        snprintf(errbuf, errbuf_len, "%s", cg_icu_failure());
        return NULL;
    }
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n2 = icu->nfkc_casefold(&err);
    if (U_FAILURE(err)) {
        snprintf(errbuf, errbuf_len, "[normalize][icu] cannot open nfkc_cf: %s",
                 icu->error_name(err));
        return NULL;
    }
    return n2;
}

/* cg_utf8_decode with the common three-byte form inline (CJK text is almost all
 * three-byte sequences). */
static inline int decode(const char *s, size_t len, uint32_t *out)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 3 && ((u[0] >= 0xE1 && u[0] <= 0xEC) || u[0] == 0xEE || u[0] == 0xEF) &&
        (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *out = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    }
    return cg_utf8_decode(s, len, out);
}

static int has_boundary_before(uint32_t c)
{
    if (c < 0x10000)
        return (cg_chartab(c) & CG_TAB_BOUNDARY) != 0;
    const UNormalizer2 *n2 = nfkc_cf(NULL, 0);
    /* Without ICU, a boundary: the segment's own normalization reports the error. */
    return !n2 || cg_charprop_boundary(n2, c);
}

/* Whether every code point of s[0..len) is in the BMP and normalizes to nothing. Such
 * code points never change the form of the segment they end: the decomposition of
 * each is empty, so composition sees the first code point alone (a test checks every
 * pair in the BMP). */
static int only_empty_forms(const char *s, size_t len)
{
    for (size_t k = 0; k < len;) {
        uint32_t d;
        int dn = decode(s + k, len - k, &d);
        if (dn < 0 || d >= 0x10000 ||
            ((cg_chartab(d) >> CG_TAB_FORM_SHIFT) & 3u) != CG_TAB_FORM_EMPTY)
            return 0;
        k += (size_t)dn;
    }
    return 1;
}

static cg_status grow(cg_text *t, size_t extra)
{
    if (t->nchars + extra <= t->chars_cap)
        return CG_OK;
    size_t cap = t->chars_cap ? t->chars_cap : 256;
    while (cap < t->nchars + extra)
        cap *= 2;
    uint32_t *a = realloc(t->cp, cap * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    t->cp = a;
    a = realloc(t->src_start, cap * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    t->src_start = a;
    a = realloc(t->src_end, cap * sizeof *a);
    if (!a)
        return CG_ENOMEM;
    t->src_end = a;
    t->chars_cap = cap;
    return CG_OK;
}

static cg_status emit(cg_text *t, uint32_t cp, uint32_t from, uint32_t to)
{
    if (t->nchars == t->chars_cap) {
        cg_status rc = grow(t, 1);
        if (rc)
            return rc;
    }
    t->cp[t->nchars] = cp;
    t->src_start[t->nchars] = from;
    t->src_end[t->nchars] = to;
    t->nchars++;
    return CG_OK;
}

/* Normalizes UTF-16 u[0..ulen) with ICU and emits the result for source bytes
 * [from, to). */
static cg_status emit_normalized(const UChar *u, int32_t ulen, uint32_t from, uint32_t to,
                                 cg_text *t, cg_buf *scratch, char *errbuf, size_t errbuf_len)
{
    const UNormalizer2 *n2 = nfkc_cf(errbuf, errbuf_len);
    if (!n2)
        return CG_EINTERNAL;
    UErrorCode err = U_ZERO_ERROR;
    UChar small[64];
    UChar *out = small;
    int32_t cap = 64;
    int32_t n = cg_icu_api()->normalize(n2, u, ulen, out, cap, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        cg_buf_clear(scratch);
        if (cg_buf_reserve(scratch, (size_t)(n + 1) * sizeof(UChar)))
            return CG_ENOMEM;
        out = (UChar *)(void *)scratch->ptr;
        cap = n + 1;
        err = U_ZERO_ERROR;
        n = cg_icu_api()->normalize(n2, u, ulen, out, cap, &err);
    }
    if (U_FAILURE(err)) {
        snprintf(errbuf, errbuf_len, "[normalize] nfkc_cf: %s", cg_icu_api()->error_name(err));
        return cg_icu_status(err);
    }
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(out, i, n, c);
        cg_status rc = emit(t, (uint32_t)c, from, to);
        if (rc)
            return rc;
    }
    return CG_OK;
}

/* Normalized form of one code point c: CG_NFKC_EMPTY, CG_NFKC_MULTI or the code
 * point. */
static uint32_t single_map(uint32_t c)
{
    if (c >= 0x10000) {
        const UNormalizer2 *n2 = nfkc_cf(NULL, 0);
        return n2 ? cg_charprop_nfkc(n2, c) : CG_NFKC_MULTI;
    }
    uint32_t e = cg_chartab(c);
    switch ((e >> CG_TAB_FORM_SHIFT) & 3u) {
    case CG_TAB_FORM_SAME: return c;
    case CG_TAB_FORM_ONE: return e >> CG_TAB_CP_SHIFT;
    case CG_TAB_FORM_EMPTY: return CG_NFKC_EMPTY;
    default: return CG_NFKC_MULTI;
    }
}

static int is_tone_vowel(uint32_t c)
{
    static const uint32_t marked[] = {
        0x0101, 0x00E1, 0x01CE, 0x00E0, /* ā á ǎ à */
        0x0113, 0x00E9, 0x011B, 0x00E8, /* ē é ě è */
        0x012B, 0x00ED, 0x01D0, 0x00EC, /* ī í ǐ ì */
        0x014D, 0x00F3, 0x01D2, 0x00F2, /* ō ó ǒ ò */
        0x016B, 0x00FA, 0x01D4, 0x00F9, /* ū ú ǔ ù */
        0x01D6, 0x01D8, 0x01DA, 0x01DC, /* ǖ ǘ ǚ ǜ */
    };
    for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
        if (marked[i] == c)
            return 1;
    return 0;
}

/* Length of a pinyin annotation "(...)" starting at cp[i] == '(' (0 if none). */
static size_t pinyin_annotation_len(const uint32_t *cp, size_t i, size_t n)
{
    size_t j = i + 1, letters = 0;
    int toned = 0;
    while (j < n && letters < 7) {
        uint32_t c = cp[j];
        if ((c >= 'a' && c <= 'z') || c == 0x00FC) {
            letters++;
        } else if (is_tone_vowel(c)) {
            letters++;
            toned = 1;
        } else {
            break;
        }
        j++;
    }
    if (letters < 1 || letters > 6)
        return 0;
    if (j < n && cp[j] >= '1' && cp[j] <= '5') {
        toned = 1;
        j++;
    }
    if (!toned || j >= n || cp[j] != ')')
        return 0;
    return j + 1 - i;
}

/* Drops pinyin annotations (judged on the NFKC_CF output, before any removal) and
 * maps Traditional to Simplified, compacting t's arrays in place. */
static void annotations_and_t2s(cg_text *t)
{
    size_t w = 0;
    uint32_t prev = 0;
    for (size_t r = 0; r < t->nchars;) {
        uint32_t c = t->cp[r];
        if (c == '(' && r > 0 && (cg_char_class(prev) & CG_CLS_HAN)) {
            size_t skip = pinyin_annotation_len(t->cp, r, t->nchars);
            if (skip) {
                prev = t->cp[r + skip - 1];
                r += skip;
                continue;
            }
        }
        prev = c;
        t->cp[w] = (cg_char_class(c) & CG_CLS_HAN) ? cg_t2s(c) : c;
        t->src_start[w] = t->src_start[r];
        t->src_end[w] = t->src_end[r];
        w++;
        r++;
    }
    t->nchars = w;
}

cg_status cg_normalize(const char *s, size_t len, cg_text *t, cg_buf *scratch, char *errbuf,
                       size_t errbuf_len)
{
    cg_status rc = CG_OK;
    t->nchars = 0;
    if (len > UINT32_MAX - 16) {
        snprintf(errbuf, errbuf_len, "[normalize] text too large: %zu bytes", len);
        return CG_EINVAL;
    }
    rc = grow(t, len / 2 + 16);
    if (rc)
        return rc;
    /* Each code point is decoded once: the look-ahead that ends a segment is the
     * next segment's first code point. ASCII never combines with what precedes it. */
    size_t i = 0;
    uint32_t c = 0;
    int n = 0;
    if (len)
        n = (unsigned char)s[0] < 0x80 ? (c = (unsigned char)s[0], 1) : decode(s, len, &c);
    while (i < len && !rc) {
        size_t clen = n < 0 ? 1 : (size_t)n;
        size_t j = i + clen;
        uint32_t next = 0;
        int nn = 0;
        while (j < len) {
            if ((unsigned char)s[j] < 0x80) {
                next = (unsigned char)s[j];
                nn = 1;
                break;
            }
            nn = decode(s + j, len - j, &next);
            if (nn < 0 || has_boundary_before(next))
                break;
            j += (size_t)nn;
        }
        if (c < 0x80 && j == i + 1) {
            /* ASCII: NFKC_Casefold only lowercases letters. */
            rc = emit(t, (c >= 'A' && c <= 'Z') ? c + 32 : c, (uint32_t)i, (uint32_t)j);
            i = j;
            c = next;
            n = nn;
            continue;
        }
        if (j == i + clen || only_empty_forms(s + i + clen, j - i - clen)) {
            /* One code point, perhaps followed by ones whose form is empty (a soft
             * hyphen, a variation selector): those add nothing to the segment's form. */
            uint32_t m = single_map(c);
            if (m == CG_NFKC_EMPTY)
                ;
            else if (m != CG_NFKC_MULTI)
                rc = emit(t, m, (uint32_t)i, (uint32_t)j);
            else if (c < 0x10000) {
                /* Several code points (… to ..., ㎏ to kg): from the table too. */
                const uint32_t *form = cg_chartab_multi + (cg_chartab(c) >> CG_TAB_CP_SHIFT);
                for (uint32_t k = 1; k <= form[0] && !rc; k++)
                    rc = emit(t, form[k], (uint32_t)i, (uint32_t)j);
            } else {
                UChar u[2];
                int32_t ulen = 0;
                U16_APPEND_UNSAFE(u, ulen, (UChar32)c);
                rc = emit_normalized(u, ulen, (uint32_t)i, (uint32_t)j, t, scratch, errbuf,
                                     errbuf_len);
            }
        } else {
            /* A base character with combining marks: normalize the whole segment. */
            UChar stack[64];
            UChar *u = stack;
            UChar *heap = NULL;
            if (j - i > 60) {
                heap = malloc((j - i + 2) * sizeof(UChar));
                if (!heap)
                    return CG_ENOMEM;
                u = heap;
            }
            int32_t ulen = 0;
            for (size_t k = i; k < j;) {
                uint32_t d;
                int dn = cg_utf8_decode(s + k, j - k, &d);
                k += dn < 0 ? 1 : (size_t)dn;
                U16_APPEND_UNSAFE(u, ulen, (UChar32)d);
            }
            rc = emit_normalized(u, ulen, (uint32_t)i, (uint32_t)j, t, scratch, errbuf,
                                 errbuf_len);
            free(heap);
        }
        i = j;
        c = next;
        n = nn;
    }
    if (!rc)
        annotations_and_t2s(t);
    return rc;
}
