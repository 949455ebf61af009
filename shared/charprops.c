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
    if (!icu)
        return cls; /* cg_pipeline_run reports the failure */
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

int cg_charprop_nfkc_form(const UNormalizer2 *nfkc_cf, uint32_t c, uint32_t *out, int cap)
{
    if (c < 0x80) {
        if (cap > 0)
            out[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        return 1;
    }
    const cg_icu *icu = cg_icu_api();
    if (!icu)
        return -1;
    UChar in[2], u[64]; /* the longest form in Unicode 15 (U+FDFA) is 18 units */
    int32_t ilen = 0;
    U16_APPEND_UNSAFE(in, ilen, (UChar32)c);
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = icu->normalize(nfkc_cf, in, ilen, u, 64, &err);
    if (U_FAILURE(err))
        return -1;
    int count = 0;
    for (int32_t i = 0; i < n; count++) {
        UChar32 o;
        U16_NEXT(u, i, n, o);
        if (count < cap)
            out[count] = (uint32_t)o;
    }
    return count;
}

uint32_t cg_charprop_nfkc(const UNormalizer2 *nfkc_cf, uint32_t c)
{
    uint32_t o;
    int n = cg_charprop_nfkc_form(nfkc_cf, c, &o, 1);
    return n == 0 ? CG_NFKC_EMPTY : n == 1 ? o : CG_NFKC_MULTI;
}

int cg_charprop_boundary(const UNormalizer2 *nfkc_cf, uint32_t c)
{
    const cg_icu *icu = c < 0x80 ? NULL : cg_icu_api();
    return !icu || icu->has_boundary_before(nfkc_cf, (UChar32)c);
}
