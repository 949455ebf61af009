/* icu.h — the functions of ICU's common library (libicuuc) the engine calls, loaded
 * with dlopen the first time one is needed.
 *
 * Loading libicuuc (and its 30 MB data library) costs every process about 0.2 ms,
 * an eighth of a whole cgsearch run that finds nothing. With the BMP's character
 * classes and normalization forms in a generated table (charprops.h), a search for
 * Chinese in UTF-8 files needs ICU only for rare characters, so most runs never load
 * it; English text (word breaking), other encodings and the indexer do. */
#ifndef CG_ICU_H
#define CG_ICU_H

#include "cg.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

typedef struct cg_icu {
    UScriptCode (*get_script)(UChar32 c, UErrorCode *err);
    UBool (*is_white_space)(UChar32 c);
    int8_t (*char_type)(UChar32 c);
    const UNormalizer2 *(*nfkc_casefold)(UErrorCode *err);
    int32_t (*normalize)(const UNormalizer2 *n2, const UChar *src, int32_t len, UChar *dest,
                         int32_t cap, UErrorCode *err);
    UBool (*has_boundary_before)(const UNormalizer2 *n2, UChar32 c);
    UBreakIterator *(*brk_open)(UBreakIteratorType type, const char *locale, const UChar *text,
                                int32_t len, UErrorCode *err);
    void (*brk_set_text)(UBreakIterator *bi, const UChar *text, int32_t len, UErrorCode *err);
    int32_t (*brk_first)(UBreakIterator *bi);
    int32_t (*brk_next)(UBreakIterator *bi);
    void (*brk_close)(UBreakIterator *bi);
    int32_t (*convert)(const char *to, const char *from, char *dest, int32_t cap,
                       const char *src, int32_t len, UErrorCode *err);
    const char *(*error_name)(UErrorCode err);
} cg_icu;

/* The functions, loading libicuuc on the first call; NULL when it cannot be loaded
 * (then cg_icu_failure() says why). The library never exits: a caller that needed
 * ICU returns CG_EINTERNAL with that message, and cg_pipeline_run() checks it after
 * each run, since the per-character functions (charprops.c) have no status to give. */
const cg_icu *cg_icu_api(void);
/* Why libicuuc could not be loaded, or NULL when it was not tried or loaded. */
const char *cg_icu_failure(void);

/* An ICU failure as a status: ICU's out of memory is the caller's out of memory
 * (tests/test-oom.c checks it); anything else is unexpected. */
static inline cg_status cg_icu_status(UErrorCode err)
{
    return err == U_MEMORY_ALLOCATION_ERROR ? CG_ENOMEM : CG_EINTERNAL;
}

/* The name ICU exports for f (ucsdet_open -> "ucsdet_open_72"), for dlsym. */
#define CG_ICU_SYMBOL2(x) #x
#define CG_ICU_SYMBOL(f) CG_ICU_SYMBOL2(f)

#endif
