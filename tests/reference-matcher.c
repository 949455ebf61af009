/*
 * reference-matcher.c — the brute-force reference matcher of the exactness
 * test.  It re-implements doc/PIPELINE.md §2 (normalize), §3 (passages,
 * tokens, glue) and §5 (one quoted part) directly on arrays of code points,
 * calling ICU for every Unicode decision (nfkc_cf, transliteration, word
 * breaks, scripts, general categories) and nothing else.  Every step is done
 * the slow, literal way the document describes it, so that a reader can check
 * it line by line against the rules; the only concessions to speed are an
 * interning table (token texts become integers) and a per-code-point cache of
 * the Traditional→Simplified table.  For the test's benefit it also records
 * where each normalized character came from in the original text and the
 * places where a rule decides or nearly does, so that substrings can be drawn
 * across them.  It must never share code with the engine (shared/, indexer/,
 * searcher/).
 */
#define _GNU_SOURCE
#include "reference-matcher.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#define NCODEPOINTS 0x110000

struct rm_ctx {
    const UNormalizer2 *nfkc_cf;
    UTransliterator *t2s;       /* "Traditional-Simplified" */
    UTransliterator *s2t;       /* "Simplified-Traditional" */
    UBreakIterator *words;      /* word BreakIterator, root locale */
    int32_t *t2s_cache;         /* per code point; -1 = not looked up yet */
    /* interning table: texts[id] is a token text, slots hash to ids */
    char **texts;
    size_t ntexts, captexts;
    int32_t *slots;             /* open addressing, -1 = empty */
    size_t nslots;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fputs("reference-matcher: out of memory\n", stderr);
        abort();
    }
    return q;
}

void rm_text_free(rm_text *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

/* ------------------------------------------------------------ context */

rm_ctx *rm_open(char *err, size_t errlen)
{
    rm_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        seterr(err, errlen, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    c->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st))
        goto icu_fail;
    static const UChar t2s_id[] = u"Traditional-Simplified";
    static const UChar s2t_id[] = u"Simplified-Traditional";
    c->t2s = utrans_openU(t2s_id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st))
        goto icu_fail;
    c->s2t = utrans_openU(s2t_id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st))
        goto icu_fail;
    c->words = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st))
        goto icu_fail;
    c->t2s_cache = xrealloc(NULL, NCODEPOINTS * sizeof *c->t2s_cache);
    for (size_t i = 0; i < NCODEPOINTS; i++)
        c->t2s_cache[i] = -1;
    c->nslots = 1u << 16;
    c->slots = xrealloc(NULL, c->nslots * sizeof *c->slots);
    for (size_t i = 0; i < c->nslots; i++)
        c->slots[i] = -1;
    return c;
icu_fail:
    seterr(err, errlen, "ICU initialisation failed: %s", u_errorName(st));
    rm_close(c);
    return NULL;
}

void rm_close(rm_ctx *c)
{
    if (c == NULL)
        return;
    if (c->t2s)
        utrans_close(c->t2s);
    if (c->s2t)
        utrans_close(c->s2t);
    if (c->words)
        ubrk_close(c->words);
    free(c->t2s_cache);
    for (size_t i = 0; i < c->ntexts; i++)
        free(c->texts[i]);
    free(c->texts);
    free(c->slots);
    free(c);
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* Returns the id of text s (len bytes), adding it if new. */
static int32_t intern(rm_ctx *c, const char *s, size_t len)
{
    size_t mask = c->nslots - 1;
    size_t i = (size_t)fnv1a(s, len) & mask;
    while (c->slots[i] >= 0) {
        const char *t = c->texts[c->slots[i]];
        if (strlen(t) == len && memcmp(t, s, len) == 0)
            return c->slots[i];
        i = (i + 1) & mask;
    }
    if (c->ntexts == c->captexts) {
        c->captexts = c->captexts ? 2 * c->captexts : 1024;
        c->texts = xrealloc(c->texts, c->captexts * sizeof *c->texts);
    }
    char *copy = xrealloc(NULL, len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    int32_t id = (int32_t)c->ntexts;
    c->texts[c->ntexts++] = copy;
    c->slots[i] = id;
    /* keep the table at most half full: rebuild it twice as large */
    if (2 * c->ntexts > c->nslots) {
        free(c->slots);
        c->nslots *= 2;
        c->slots = xrealloc(NULL, c->nslots * sizeof *c->slots);
        for (size_t k = 0; k < c->nslots; k++)
            c->slots[k] = -1;
        mask = c->nslots - 1;
        for (size_t k = 0; k < c->ntexts; k++) {
            size_t j = (size_t)fnv1a(c->texts[k], strlen(c->texts[k])) & mask;
            while (c->slots[j] >= 0)
                j = (j + 1) & mask;
            c->slots[j] = (int32_t)k;
        }
    }
    return id;
}

const char *rm_token_text(const rm_ctx *c, int32_t id)
{
    return id >= 0 && (size_t)id < c->ntexts ? c->texts[id] : "?";
}

/* ------------------------------------------------------------ UTF-8 */

bool rm_decode_utf8(const char *s, size_t len, rm_text *out, char *err, size_t errlen)
{
    out->v = NULL;
    out->n = 0;
    if (len > INT32_MAX) {
        seterr(err, errlen, "text too long");
        return false;
    }
    const uint8_t *u = (const uint8_t *)s;
    int32_t i = 0, n = (int32_t)len;
    /* a leading BOM is dropped (PIPELINE.md §1) */
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        i = 3;
    out->v = xrealloc(NULL, (size_t)(n - i) * sizeof *out->v);
    while (i < n) {
        int32_t at = i;
        UChar32 ch;
        U8_NEXT(u, i, n, ch);
        if (ch < 0) {
            seterr(err, errlen, "invalid UTF-8 at byte %ld", (long)at);
            rm_text_free(out);
            return false;
        }
        out->v[out->n++] = ch;
    }
    return true;
}

char *rm_encode_utf8(const int32_t *v, size_t n)
{
    char *s = xrealloc(NULL, 4 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t ch = (uint32_t)v[i];
        if (ch < 0x80) {
            s[k++] = (char)ch;
        } else if (ch < 0x800) {
            s[k++] = (char)(0xC0 | (ch >> 6));
            s[k++] = (char)(0x80 | (ch & 0x3F));
        } else if (ch < 0x10000) {
            s[k++] = (char)(0xE0 | (ch >> 12));
            s[k++] = (char)(0x80 | ((ch >> 6) & 0x3F));
            s[k++] = (char)(0x80 | (ch & 0x3F));
        } else {
            s[k++] = (char)(0xF0 | (ch >> 18));
            s[k++] = (char)(0x80 | ((ch >> 12) & 0x3F));
            s[k++] = (char)(0x80 | ((ch >> 6) & 0x3F));
            s[k++] = (char)(0x80 | (ch & 0x3F));
        }
    }
    s[k] = '\0';
    return s;
}

/* ------------------------------------------------------------ UTF-16 glue */

static UChar *to_utf16(const int32_t *v, size_t n, int32_t *len16)
{
    UChar *u = xrealloc(NULL, (2 * n + 1) * sizeof *u);
    int32_t k = 0;
    for (size_t i = 0; i < n; i++)
        U16_APPEND_UNSAFE(u, k, v[i]);
    *len16 = k;
    return u;
}

static void from_utf16(const UChar *u, int32_t len16, rm_text *out)
{
    out->v = xrealloc(NULL, ((size_t)len16 + 1) * sizeof *out->v);
    out->n = 0;
    for (int32_t i = 0; i < len16;) {
        UChar32 ch;
        U16_NEXT(u, i, len16, ch);
        out->v[out->n++] = ch;
    }
}

/* Runs transliterator t over the whole of u[0..*len) in place, growing u. */
static bool transliterate(UTransliterator *t, UChar **u, int32_t *len, int32_t *cap,
                          char *err, size_t errlen)
{
    for (;;) {
        int32_t n = *len, limit = *len;
        UErrorCode st = U_ZERO_ERROR;
        UChar *tmp = xrealloc(NULL, (size_t)*cap * sizeof *tmp);
        memcpy(tmp, *u, (size_t)n * sizeof *tmp);
        utrans_transUChars(t, tmp, &n, *cap, 0, &limit, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
            free(tmp);
            *cap *= 2;
            *u = xrealloc(*u, (size_t)*cap * sizeof **u);
            continue;
        }
        if (U_FAILURE(st)) {
            free(tmp);
            seterr(err, errlen, "transliteration failed: %s", u_errorName(st));
            return false;
        }
        free(*u);
        *u = tmp;
        *len = n;
        return true;
    }
}

/* ------------------------------------------------------------ §2 normalize */

/* §2.2: pinyin letters are a–z, ü and the tone-marked vowels
 * āáǎà ēéěè īíǐì ōóǒò ūúǔù ǖǘǚǜ (listed by code point below). */
static const int32_t tone_vowels[] = {
    0x0101, 0x00E1, 0x01CE, 0x00E0,     /* ā á ǎ à */
    0x0113, 0x00E9, 0x011B, 0x00E8,     /* ē é ě è */
    0x012B, 0x00ED, 0x01D0, 0x00EC,     /* ī í ǐ ì */
    0x014D, 0x00F3, 0x01D2, 0x00F2,     /* ō ó ǒ ò */
    0x016B, 0x00FA, 0x01D4, 0x00F9,     /* ū ú ǔ ù */
    0x01D6, 0x01D8, 0x01DA, 0x01DC,     /* ǖ ǘ ǚ ǜ */
};

static bool is_tone_vowel(int32_t ch)
{
    for (size_t i = 0; i < sizeof tone_vowels / sizeof tone_vowels[0]; i++)
        if (tone_vowels[i] == ch)
            return true;
    return false;
}

static bool is_pinyin_letter(int32_t ch)
{
    return (ch >= 'a' && ch <= 'z') || ch == 0x00FC || is_tone_vowel(ch);
}

static UScriptCode script_of(int32_t ch)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(ch, &st);
    return U_SUCCESS(st) ? s : USCRIPT_INVALID_CODE;
}

/* §2.3: the one-character Traditional→Simplified mapping, looked up once. */
static int32_t t2s_char(rm_ctx *c, int32_t ch)
{
    if (c->t2s_cache[ch] >= 0)
        return c->t2s_cache[ch];
    int32_t result = ch;
    UChar buf[64];
    int32_t len = 0, limit;
    U16_APPEND_UNSAFE(buf, len, ch);
    limit = len;
    UErrorCode st = U_ZERO_ERROR;
    utrans_transUChars(c->t2s, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &st);
    if (U_SUCCESS(st) && len > 0) {
        int32_t i = 0;
        UChar32 first;
        U16_NEXT(buf, i, len, first);
        if (i == len)           /* exactly one character: use it */
            result = first;
    }
    c->t2s_cache[ch] = result;
    return result;
}

/* nfkc_cf of v[0..n) into out; false (with err) on an ICU error */
static bool nfkc_cf(rm_ctx *c, const int32_t *v, size_t n, rm_text *out, char *err, size_t errlen)
{
    int32_t len16;
    UChar *src = to_utf16(v, n, &len16);
    UErrorCode st = U_ZERO_ERROR;
    int32_t need = unorm2_normalize(c->nfkc_cf, src, len16, NULL, 0, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        free(src);
        seterr(err, errlen, "nfkc_cf failed: %s", u_errorName(st));
        return false;
    }
    UChar *dst = xrealloc(NULL, ((size_t)need + 1) * sizeof *dst);
    st = U_ZERO_ERROR;
    unorm2_normalize(c->nfkc_cf, src, len16, dst, need + 1, &st);
    free(src);
    if (U_FAILURE(st)) {
        free(dst);
        seterr(err, errlen, "nfkc_cf failed: %s", u_errorName(st));
        return false;
    }
    from_utf16(dst, need, out);
    free(dst);
    return true;
}

/* The source map of step 1: nfkc_cf of each segment between normalization
 * boundaries, each output character mapped to its segment's start.  The
 * concatenation must equal the whole-text result (PIPELINE.md §2.1 says so);
 * a difference is reported as an error rather than silently used. */
static bool source_map(rm_ctx *c, const int32_t *v, size_t n, const rm_text *whole,
                       size_t **map, char *err, size_t errlen)
{
    *map = xrealloc(NULL, (whole->n + 1) * sizeof **map);
    size_t m = 0;
    bool same = true;
    for (size_t a = 0; a < n && same;) {
        size_t b = a + 1;
        while (b < n && !unorm2_hasBoundaryBefore(c->nfkc_cf, v[b]))
            b++;
        rm_text seg;
        if (!nfkc_cf(c, v + a, b - a, &seg, err, errlen)) {
            free(*map);
            *map = NULL;
            return false;
        }
        for (size_t k = 0; k < seg.n && same; k++) {
            same = m < whole->n && whole->v[m] == seg.v[k];
            if (same)
                (*map)[m++] = a;
        }
        rm_text_free(&seg);
        a = b;
    }
    if (!same || m != whole->n) {
        free(*map);
        *map = NULL;
        seterr(err, errlen, "nfkc_cf segment by segment differs from the whole text "
               "(near character %zu)", m);
        return false;
    }
    (*map)[m] = n;
    return true;
}

bool rm_normalize(rm_ctx *c, const int32_t *v, size_t n, rm_text *out, size_t **map,
                  size_t **pinyin, size_t *npinyin, char *err, size_t errlen)
{
    out->v = NULL;
    out->n = 0;
    if (map) {
        *map = NULL;
        *pinyin = NULL;
        *npinyin = 0;
    }
    if (n > INT32_MAX / 4) {
        seterr(err, errlen, "text too long");
        return false;
    }
    /* step 1: nfkc_cf over the whole text */
    rm_text s1;
    if (!nfkc_cf(c, v, n, &s1, err, errlen))
        return false;
    size_t *map1 = NULL;
    if (map && !source_map(c, v, n, &s1, &map1, err, errlen)) {
        rm_text_free(&s1);
        return false;
    }

    /* step 2: drop "(" S ")" after a Han character of the step-1 output,
     * S = 1–6 pinyin letters + optional tone digit 1–5, with a tone mark or
     * the digit */
    out->v = xrealloc(NULL, (s1.n + 1) * sizeof *out->v);
    if (map) {
        *map = xrealloc(NULL, (s1.n + 1) * sizeof **map);
        *pinyin = xrealloc(NULL, (s1.n + 1) * sizeof **pinyin);
    }
    for (size_t i = 0; i < s1.n; i++) {
        /* candidates for the test: every "(" with a ")" soon after it */
        for (size_t j = i + 1; map && s1.v[i] == '(' && j < s1.n && j <= i + 9; j++)
            if (s1.v[j] == ')') {
                (*pinyin)[(*npinyin)++] = map1[i];
                break;
            }
        if (s1.v[i] == '(' && i > 0 && script_of(s1.v[i - 1]) == USCRIPT_HAN) {
            size_t j = i + 1, letters = 0;
            bool marked = false;
            while (j < s1.n && letters <= 6 && is_pinyin_letter(s1.v[j])) {
                marked = marked || is_tone_vowel(s1.v[j]);
                letters++;
                j++;
            }
            if (letters >= 1 && letters <= 6) {
                if (j < s1.n && s1.v[j] >= '1' && s1.v[j] <= '5') {
                    marked = true;
                    j++;
                }
                if (j < s1.n && s1.v[j] == ')' && marked) {
                    i = j;      /* skip "(" … ")" */
                    continue;
                }
            }
        }
        if (map)
            (*map)[out->n] = map1[i];
        out->v[out->n++] = s1.v[i];
    }
    if (map)
        (*map)[out->n] = n;
    rm_text_free(&s1);
    free(map1);

    /* step 3: Traditional→Simplified, one character at a time */
    for (size_t i = 0; i < out->n; i++)
        out->v[i] = t2s_char(c, out->v[i]);
    return true;
}

/* ------------------------------------------------------------ §3 tokens */

static bool is_cjk(int32_t ch)
{
    if (ch == 0x3005 || ch == 0x30FC)
        return true;
    UScriptCode s = script_of(ch);
    return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA
        || s == USCRIPT_HANGUL;
}

/* the characters a blank line may hold besides its final U+000A */
static bool is_blank(int32_t ch)
{
    return ch == 0x20 || ch == 0x09 || ch == 0x0D || ch == 0x0B || ch == 0x0C;
}

static bool is_sentence_end(int32_t ch)
{
    return ch == 0x3002 || ch == '!' || ch == '?' || ch == '.';
}

/* passage number of every character of t */
/* passage number of every character of t */
static int32_t *passages(const rm_text *t)
{
    int32_t *p = xrealloc(NULL, (t->n + 1) * sizeof *p);
    int32_t cur = 0;
    size_t first = 0;           /* first character of the current passage */
    for (size_t i = 0; i < t->n; i++) {
        p[i] = cur;
        bool brk = false;
        if (t->v[i] == '\n') {
            /* walk back over blank characters; a U+000A there = blank line */
            size_t k = i;
            while (k > 0 && is_blank(t->v[k - 1]))
                k--;
            brk = k > 0 && t->v[k - 1] == '\n';
        }
        if (!brk && is_sentence_end(t->v[i]) && i - first + 1 >= 2000
            && (i + 1 == t->n || u_isUWhiteSpace(t->v[i + 1]) || is_cjk(t->v[i + 1])))
            brk = true;
        if (brk) {
            cur++;
            first = i + 1;
        }
    }
    return p;
}

static void add_token(rm_doc *d, size_t *cap, int32_t id, int32_t passage,
                      size_t start, size_t end, bool cjk)
{
    if (d->ntok == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        d->tok = xrealloc(d->tok, *cap * sizeof *d->tok);
    }
    d->tok[d->ntok++] = (rm_token){ .id = id, .passage = passage, .start = start,
                                   .end = end, .cjk = cjk, .glued_next = false };
}

static bool has_letter_or_number(const UChar *u, int32_t a, int32_t b)
{
    for (int32_t i = a; i < b;) {
        UChar32 ch;
        U16_NEXT(u, i, b, ch);
        if (U_GET_GC_MASK(ch) & (U_GC_L_MASK | U_GC_N_MASK))
            return true;
    }
    return false;
}

/* Splits the non-CJK run t[a..b) (one passage) with the word BreakIterator. */
static bool split_run(rm_ctx *c, rm_doc *d, size_t *cap, const rm_text *t,
                      size_t a, size_t b, int32_t passage, char *err, size_t errlen)
{
    int32_t len16;
    UChar *u = to_utf16(t->v + a, b - a, &len16);
    /* cp[k] = code point offset (from a) of UTF-16 offset k */
    size_t *cp = xrealloc(NULL, ((size_t)len16 + 1) * sizeof *cp);
    size_t k = 0;
    for (int32_t i = 0; i < len16;) {
        int32_t from = i;
        U16_FWD_1(u, i, len16);
        for (int32_t j = from; j < i; j++)
            cp[j] = k;
        k++;
    }
    cp[len16] = k;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(c->words, u, len16, &st);
    if (U_FAILURE(st)) {
        free(u);
        free(cp);
        seterr(err, errlen, "ubrk_setText failed: %s", u_errorName(st));
        return false;
    }
    int32_t from = ubrk_first(c->words);
    for (int32_t to = ubrk_next(c->words); to != UBRK_DONE; from = to, to = ubrk_next(c->words)) {
        if (!has_letter_or_number(u, from, to))
            continue;
        char *s = rm_encode_utf8(t->v + a + cp[from], cp[to] - cp[from]);
        add_token(d, cap, intern(c, s, strlen(s)), passage, a + cp[from], a + cp[to], false);
        free(s);
    }
    /* the iterator must not keep a pointer to freed text */
    ubrk_setText(c->words, NULL, 0, &st);
    free(u);
    free(cp);
    return true;
}

static void add_place(rm_doc *d, size_t *cap, rm_place_kind kind, size_t orig)
{
    if (d->nplaces == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        d->places = xrealloc(d->places, *cap * sizeof *d->places);
    }
    d->places[d->nplaces++] = (rm_place){ kind, orig };
}

static bool is_line_break(int32_t ch)
{
    return ch == '\n' || ch == '\r' || ch == 0x0B || ch == 0x0C || ch == 0x85
        || ch == 0x2028 || ch == 0x2029;
}

/* Candidate places for the test's targeted draws, chosen a little wider than
 * the rules so that an engine deciding otherwise is caught there too:
 * lines holding only whitespace, sentence ends from 1,500 characters into a
 * passage, CJK characters with only whitespace and a line break between
 * them, and every "(" closed within 9 characters (from rm_normalize). */
static void find_places(rm_doc *d, const int32_t *pass, const size_t *pinyin, size_t npinyin)
{
    const rm_text *t = &d->norm;
    size_t cap = 0, first = 0;
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (i > 0 && pass[i] != pass[i - 1])
            first = i;
        if (t->v[i] == '\n') {
            size_t k = i;
            while (k > 0 && t->v[k - 1] != '\n' && u_isUWhiteSpace(t->v[k - 1]))
                k--;
            if (k > 0 && t->v[k - 1] == '\n')
                add_place(d, &cap, RM_PLACE_BLANK_LINE, d->orig[i + 1]);
        }
        if (is_sentence_end(t->v[i]) && i - first + 1 >= 1500)
            add_place(d, &cap, RM_PLACE_LONG_PASSAGE, d->orig[i + 1]);
    }
    for (size_t k = 0; k + 1 < d->ntok; k++) {
        const rm_token *x = &d->tok[k], *y = &d->tok[k + 1];
        if (!x->cjk || !y->cjk)
            continue;
        bool white = true, brk = false;
        for (size_t i = x->end; i < y->start; i++) {
            white = white && u_isUWhiteSpace(t->v[i]);
            brk = brk || is_line_break(t->v[i]);
        }
        if (white && brk)
            add_place(d, &cap, RM_PLACE_LINE_GLUE, d->orig[y->start]);
    }
    for (size_t k = 0; k < npinyin; k++)
        add_place(d, &cap, RM_PLACE_PINYIN, pinyin[k]);
}

bool rm_analyze(rm_ctx *c, const int32_t *v, size_t n, rm_doc *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t *pinyin, npinyin;
    if (!rm_normalize(c, v, n, &out->norm, &out->orig, &pinyin, &npinyin, err, errlen))
        return false;
    const rm_text *t = &out->norm;
    int32_t *pass = passages(t);
    size_t cap = 0;
    for (size_t i = 0; i < t->n;) {
        if (is_cjk(t->v[i])) {
            char *s = rm_encode_utf8(t->v + i, 1);
            add_token(out, &cap, intern(c, s, strlen(s)), pass[i], i, i + 1, true);
            free(s);
            i++;
            continue;
        }
        size_t j = i;
        while (j < t->n && !is_cjk(t->v[j]) && pass[j] == pass[i])
            j++;
        if (!split_run(c, out, &cap, t, i, j, pass[i], err, errlen)) {
            free(pass);
            free(pinyin);
            rm_doc_free(out);
            return false;
        }
        i = j;
    }
    out->ids = xrealloc(NULL, (out->ntok + 1) * sizeof *out->ids);
    for (size_t k = 0; k < out->ntok; k++)
        out->ids[k] = out->tok[k].id;
    /* glue: two CJK tokens of one passage with nothing, "\n" or "\r\n" between */
    for (size_t k = 0; k + 1 < out->ntok; k++) {
        const rm_token *x = &out->tok[k], *y = &out->tok[k + 1];
        if (!x->cjk || !y->cjk || x->passage != y->passage)
            continue;
        size_t gap = y->start - x->end;
        const int32_t *g = t->v + x->end;
        out->tok[k].glued_next = gap == 0 || (gap == 1 && g[0] == '\n')
            || (gap == 2 && g[0] == '\r' && g[1] == '\n');
    }
    find_places(out, pass, pinyin, npinyin);
    free(pass);
    free(pinyin);
    return true;
}

void rm_doc_free(rm_doc *d)
{
    rm_text_free(&d->norm);
    free(d->orig);
    free(d->tok);
    free(d->ids);
    free(d->places);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------ §5 phrases */

bool rm_query_spans_passages(const rm_doc *q)
{
    return q->ntok > 0 && q->tok[0].passage != q->tok[q->ntok - 1].passage;
}

bool rm_phrase_in(const rm_doc *doc, const rm_doc *q, size_t *at)
{
    if (q->ntok == 0 || rm_query_spans_passages(q))
        return false;
    for (size_t i = 0; i + q->ntok <= doc->ntok; i++) {
        if (doc->ids[i] != q->tok[0].id)
            continue;           /* the common case, kept cheap */
        bool ok = true;
        for (size_t k = 0; ok && k < q->ntok; k++) {
            const rm_token *d = &doc->tok[i + k];
            ok = d->id == q->tok[k].id && d->passage == doc->tok[i].passage
                && (k + 1 == q->ntok || d->glued_next == q->tok[k].glued_next);
        }
        if (ok) {
            if (at)
                *at = i;
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ corpus */

typedef struct {
    char **v;
    size_t n, cap;
} strlist;

static void strlist_add(strlist *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = s;
}

/* Collects the relative paths of regular files below root/rel, skipping
 * every name that starts with '.' (dot-files and dot-folders). */
static bool walk(const char *root, const char *rel, strlist *out, char *err, size_t errlen)
{
    char *dirpath;
    if (*rel) {
        if (asprintf(&dirpath, "%s/%s", root, rel) < 0)
            abort();
    } else {
        dirpath = strdup(root);
    }
    DIR *d = opendir(dirpath);
    if (d == NULL) {
        seterr(err, errlen, "cannot open directory %s: %s", dirpath, strerror(errno));
        free(dirpath);
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *childrel, *childpath;
        if (asprintf(&childrel, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0
            || asprintf(&childpath, "%s/%s", root, childrel) < 0)
            abort();
        struct stat sb;
        if (lstat(childpath, &sb) != 0) {
            seterr(err, errlen, "cannot stat %s: %s", childpath, strerror(errno));
            ok = false;
            free(childrel);
        } else if (S_ISDIR(sb.st_mode)) {
            ok = walk(root, childrel, out, err, errlen);
            free(childrel);
        } else if (S_ISREG(sb.st_mode)) {
            strlist_add(out, childrel);
        } else {
            free(childrel);
        }
        free(childpath);
    }
    closedir(d);
    free(dirpath);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool read_file(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        seterr(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        seterr(err, errlen, "cannot read %s", path);
        return false;
    }
    *data = buf;
    *len = n;
    return true;
}

bool rm_corpus_load(rm_ctx *c, const char *dir, rm_corpus *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->dir = realpath(dir, NULL);
    if (out->dir == NULL) {
        seterr(err, errlen, "cannot resolve %s: %s", dir, strerror(errno));
        return false;
    }
    strlist files = { 0 };
    if (!walk(out->dir, "", &files, err, errlen)) {
        for (size_t i = 0; i < files.n; i++)
            free(files.v[i]);
        free(files.v);
        rm_corpus_free(out);
        return false;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    out->f = xrealloc(NULL, (files.n + 1) * sizeof *out->f);
    bool ok = true;
    for (size_t i = 0; i < files.n; i++) {
        char *rel = files.v[i];
        char *path;
        if (!ok || asprintf(&path, "%s/%s", out->dir, rel) < 0) {
            free(rel);
            continue;
        }
        char *data;
        size_t len;
        if (!read_file(path, &data, &len, err, errlen)) {
            ok = false;
        } else if (memchr(data, '\0', len) != NULL) {
            /* a NUL byte marks a binary file, which is not indexed */
            free(data);
        } else {
            rm_file *f = &out->f[out->n];
            memset(f, 0, sizeof *f);
            char sub[256];
            if (!rm_decode_utf8(data, len, &f->orig, sub, sizeof sub)) {
                /* the reference only knows UTF-8: it cannot judge this file */
                seterr(err, errlen, "%s: %s (the reference needs UTF-8)", path, sub);
                ok = false;
            } else if (!rm_analyze(c, f->orig.v, f->orig.n, &f->doc, sub, sizeof sub)) {
                seterr(err, errlen, "%s: %s", path, sub);
                rm_text_free(&f->orig);
                ok = false;
            } else {
                f->rel = rel;
                f->real = realpath(path, NULL);
                rel = NULL;
                out->n++;
            }
            free(data);
        }
        free(rel);
        free(path);
    }
    free(files.v);
    if (!ok)
        rm_corpus_free(out);
    return ok;
}

void rm_corpus_free(rm_corpus *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->f[i].rel);
        free(k->f[i].real);
        rm_text_free(&k->f[i].orig);
        rm_doc_free(&k->f[i].doc);
    }
    free(k->f);
    free(k->dir);
    memset(k, 0, sizeof *k);
}

/* ------------------------------------------------------------ test data */

/* Runs transliterator t over v[0..n) into out (code points). */
static bool transliterate_text(UTransliterator *t, const int32_t *v, size_t n, rm_text *out,
                               char *err, size_t errlen)
{
    int32_t len;
    UChar *u = to_utf16(v, n, &len);
    int32_t cap = 4 * len + 64;
    u = xrealloc(u, (size_t)cap * sizeof *u);
    bool ok = transliterate(t, &u, &len, &cap, err, errlen);
    if (ok)
        from_utf16(u, len, out);
    free(u);
    return ok;
}

bool rm_other_script(rm_ctx *c, const int32_t *v, size_t n, rm_text *out, char *err, size_t errlen)
{
    out->v = NULL;
    out->n = 0;
    if (!transliterate_text(c->s2t, v, n, out, err, errlen))
        return false;
    if (out->n != n || memcmp(out->v, v, n * sizeof *v) != 0)
        return true;
    rm_text_free(out);
    return transliterate_text(c->t2s, v, n, out, err, errlen);
}
