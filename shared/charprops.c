/* charprops.c — ICU's answers for one code point (see charprops.h). Used at build
 * time by gen-chartab for the BMP, and at run time for code points beyond it. */
#include "charprops.h"
#include "icu.h"

#include <unicode/utf16.h>

unsigned cg_charprop_class(uint32_t c)
{
    unsigned cls = CG_CLS_KNOWN;
    if (c < 0x80) {
        if (c == ' ' || (c >= 0x09 && c <= 0x0D))
            cls |= CG_CLS_WS;
        else if (c >= '0' && c <= '9')
            cls |= CG_CLS_ALNUM;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            cls |= CG_CLS_ALNUM | CG_CLS_LETTER;
        return cls;
    }
    const cg_icu *icu = cg_icu_api();
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = icu->get_script((UChar32)c, &err);
    if (U_FAILURE(err))
        sc = USCRIPT_UNKNOWN;
    if (sc == USCRIPT_HAN)
        cls |= CG_CLS_HAN;
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
        sc == USCRIPT_HANGUL || c == 0x3005 || c == 0x30FC)
        cls |= CG_CLS_CJK;
    if (icu->is_white_space((UChar32)c))
        cls |= CG_CLS_WS;
    uint32_t gc = U_MASK(icu->char_type((UChar32)c));
    if (gc & (U_GC_L_MASK | U_GC_N_MASK))
        cls |= CG_CLS_ALNUM;
    if (gc & U_GC_L_MASK)
        cls |= CG_CLS_LETTER;
    return cls;
}

uint32_t cg_charprop_nfkc(const UNormalizer2 *nfkc_cf, uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    UChar in[2], out[8];
    int32_t ilen = 0;
    U16_APPEND_UNSAFE(in, ilen, (UChar32)c);
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = cg_icu_api()->normalize(nfkc_cf, in, ilen, out, 8, &err);
    if (U_FAILURE(err) || n > 2)
        return CG_NFKC_MULTI;
    if (n == 0)
        return CG_NFKC_EMPTY;
    int32_t i = 0;
    UChar32 o;
    U16_NEXT(out, i, n, o);
    return i == n ? (uint32_t)o : CG_NFKC_MULTI;
}

int cg_charprop_boundary(const UNormalizer2 *nfkc_cf, uint32_t c)
{
    return c < 0x80 || cg_icu_api()->has_boundary_before(nfkc_cf, (UChar32)c);
}
