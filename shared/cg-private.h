/* cg-private.h — declarations shared between libcgshared's files, not exported.
 * One section per file that provides them. */
#ifndef CG_PRIVATE_H
#define CG_PRIVATE_H

#include "cg.h"
#include "charprops.h"

#include <stdbool.h>

/* ---- chars.c: character classes (charprops.h; the BMP from the generated table) */
/* The class of c; inline because the pipeline asks for every character. Beyond the
 * BMP (rare: CJK extensions, emoji) ICU is asked each time. */
static inline unsigned cg_char_class(uint32_t c)
{
    if (c < 0x10000)
        return cg_chartab(c) & CG_CLS_MASK;
    return cg_charprop_class(c);
}
/* Traditional -> Simplified for one code point (identity when none). */
uint32_t cg_t2s(uint32_t c);

/* ---- normalize.c: step 2 of doc/PIPELINE.md into t->cp/src_start/src_end */
cg_status cg_normalize(const char *s, size_t len, cg_text *t, cg_buf *scratch, char *errbuf,
                       size_t errbuf_len);


#endif
