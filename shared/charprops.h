/* charprops.h — what ICU says of one code point, in the terms the pipeline asks:
 * its class (chars.c) and its NFKC_Casefold form and boundary (normalize.c).
 *
 * charprops.c asks ICU. gen-chartab runs it over the whole BMP at build time and
 * writes chartab.c, so that the programs look BMP code points up in a constant table
 * instead of asking ICU (and filling memo pages) at the start of every run; ICU is
 * still asked for code points beyond the BMP. */
#ifndef CG_CHARPROPS_H
#define CG_CHARPROPS_H

#include <stdint.h>
#include <unicode/unorm2.h>

/* Character classes. */
#define CG_CLS_KNOWN 0x01u  /* set on every class, so that a class is never 0 */
#define CG_CLS_CJK 0x02u
#define CG_CLS_HAN 0x04u
#define CG_CLS_WS 0x08u     /* White_Space */
#define CG_CLS_ALNUM 0x10u  /* general category L* or N* */
#define CG_CLS_LETTER 0x20u /* general category L* */
#define CG_CLS_MASK 0x3Fu

/* The class of c, from ICU (ASCII by hand). */
unsigned cg_charprop_class(uint32_t c);

/* The NFKC_Casefold form of c alone as code points: how many (0 when it normalizes
 * to nothing), of which the first cap are stored in out; -1 if ICU fails. */
int cg_charprop_nfkc_form(const UNormalizer2 *nfkc_cf, uint32_t c, uint32_t *out, int cap);

/* The same as one value: the code point, or one of these. */
#define CG_NFKC_EMPTY 0xFFFFFFFFu /* normalizes to nothing */
#define CG_NFKC_MULTI 0xFFFFFFFEu /* normalizes to several code points */
uint32_t cg_charprop_nfkc(const UNormalizer2 *nfkc_cf, uint32_t c);

/* Whether NFKC_Casefold has a boundary before c: a segment never spans it. */
int cg_charprop_boundary(const UNormalizer2 *nfkc_cf, uint32_t c);

/* ---- the generated table (chartab.c) for the BMP, one 32-bit entry a code point:
 * bits 0-5 the class, bit 6 the boundary, bits 7-8 the NFKC_Casefold form (same;
 * one other code point, held in bits 11-31; empty; several, whose offset in
 * cg_chartab_multi bits 11-31 hold: there, their number, then the code points).
 * Two stages: blocks of 64 entries, identical blocks stored once. */
#define CG_TAB_BOUNDARY 0x40u
#define CG_TAB_FORM_SHIFT 7
#define CG_TAB_FORM_SAME 0u
#define CG_TAB_FORM_ONE 1u
#define CG_TAB_FORM_EMPTY 2u
#define CG_TAB_FORM_MULTI 3u
#define CG_TAB_CP_SHIFT 11
#define CG_TAB_BLOCK_BITS 6

extern const uint16_t cg_chartab_index[0x10000 >> CG_TAB_BLOCK_BITS];
extern const uint32_t cg_chartab_blocks[][1u << CG_TAB_BLOCK_BITS];
extern const uint32_t cg_chartab_multi[];

static inline uint32_t cg_chartab(uint32_t c)
{
    return cg_chartab_blocks[cg_chartab_index[c >> CG_TAB_BLOCK_BITS]]
                            [c & ((1u << CG_TAB_BLOCK_BITS) - 1)];
}

#endif
