/* chars.c — character classes the pipeline asks about for every character: CJK or
 * not, Han or not, white space, letter/number, and the Traditional→Simplified map.
 * ICU answers each (charprops.c); for the BMP the answers come from tables generated
 * at build time (chartab.c, t2s-table.c), because the pipeline asks millions of times
 * per corpus and a search should not pay for asking ICU at start-up. */
#include "cg-private.h"

#include <stdlib.h>

extern const uint16_t cg_t2s_cjk[];
extern const uint32_t cg_t2s_pairs[][2];
extern const size_t cg_t2s_count;

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
