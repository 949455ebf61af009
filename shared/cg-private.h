/* cg-private.h — declarations shared between libcgshared's files, not exported.
 * One section per file that provides them. */
#ifndef CG_PRIVATE_H
#define CG_PRIVATE_H

#include "cg.h"

#include <stdbool.h>
#include <unicode/unorm2.h>

/* ---- chars.c: cached character classes (ICU lookups, memoised for the BMP) */
#define CG_CLS_CJK 0x02u
#define CG_CLS_HAN 0x04u
#define CG_CLS_WS 0x08u    /* White_Space */
#define CG_CLS_ALNUM 0x10u /* general category L* or N* */
#define CG_CLS_LETTER 0x20u /* general category L* */
unsigned cg_char_class_slow(uint32_t c);
/* The memo for the BMP: 0 until first asked. */
extern uint8_t cg_bmp_class[0x10000];
/* The class of c; inline because the pipeline asks for every character. */
static inline unsigned cg_char_class(uint32_t c)
{
    if (c < 0x10000 && cg_bmp_class[c])
        return cg_bmp_class[c];
    return cg_char_class_slow(c);
}
/* Traditional -> Simplified for one code point (identity when none). */
uint32_t cg_t2s(uint32_t c);

/* ---- normalize.c: step 2 of doc/PIPELINE.md into t->cp/src_start/src_end */
cg_status cg_normalize(const UNormalizer2 *nfkc_cf, const char *s, size_t len, cg_text *t,
                       cg_buf *scratch, char *errbuf, size_t errbuf_len);


#endif
