/* chars.c — character classes the pipeline asks about for every character: CJK or
 * not, Han or not, white space, letter/number, and the Traditional→Simplified map.
 * ICU answers each; the answers for the BMP are memoised in a table because the
 * pipeline asks millions of times per corpus. The table is per process (the tools
 * are single-threaded; parallel indexing uses processes). */
#include "cg-private.h"

#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

extern const uint16_t cg_t2s_cjk[];
extern const uint32_t cg_t2s_pairs[][2];
extern const size_t cg_t2s_count;

#define CLS_KNOWN 0x01u

uint8_t cg_bmp_class[0x10000];

static unsigned compute_class(uint32_t c)
{
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)c, &err);
    unsigned cls = CLS_KNOWN;
    if (U_FAILURE(err))
        sc = USCRIPT_UNKNOWN;
    if (sc == USCRIPT_HAN)
        cls |= CG_CLS_HAN;
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
        sc == USCRIPT_HANGUL || c == 0x3005 || c == 0x30FC)
        cls |= CG_CLS_CJK;
    if (u_isUWhiteSpace((UChar32)c))
        cls |= CG_CLS_WS;
    if (U_GET_GC_MASK((UChar32)c) & (U_GC_L_MASK | U_GC_N_MASK))
        cls |= CG_CLS_ALNUM;
    if (U_GET_GC_MASK((UChar32)c) & U_GC_L_MASK)
        cls |= CG_CLS_LETTER;
    return cls;
}

unsigned cg_char_class_slow(uint32_t c)
{
    if (c >= 0x10000)
        return compute_class(c);
    unsigned cls = CLS_KNOWN;
    if (c < 0x80) {
        /* ASCII by hand, without ICU. */
        if (c == ' ' || (c >= 0x09 && c <= 0x0D))
            cls |= CG_CLS_WS;
        else if (c >= '0' && c <= '9')
            cls |= CG_CLS_ALNUM;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            cls |= CG_CLS_ALNUM | CG_CLS_LETTER;
    } else {
        cls = compute_class(c);
    }
    cg_bmp_class[c] = (uint8_t)cls;
    return cls;
}

int cg_is_cjk(uint32_t c)
{
    return (cg_char_class(c) & CG_CLS_CJK) != 0;
}

uint32_t cg_t2s(uint32_t c)
{
    if (c >= 0x3400 && c <= 0x9FFF) {
        uint32_t s = cg_t2s_cjk[c - 0x3400];
        return s ? s : c;
    }
    size_t lo = 0, hi = cg_t2s_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cg_t2s_pairs[mid][0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < cg_t2s_count && cg_t2s_pairs[lo][0] == c)
        return cg_t2s_pairs[lo][1];
    return c;
}
