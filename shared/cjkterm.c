/* cjkterm.c — how a CJK character is written in an index term (doc/PIPELINE.md
 * section 4).
 *
 * Bigram terms are most of the index's (term, document) pairs, and Xapian keeps one
 * position-table entry per pair, keyed by the term: in UTF-8 a bigram is 6 bytes.
 * Here a character of the common blocks takes 2 bytes: a lead byte that names its
 * 256-character block, then the low byte of the code point. The lead bytes are ones
 * that no UTF-8 text starts with and no capital-letter prefix uses (control bytes
 * 0x01–0x0A, continuation bytes 0x80–0xBF, 0xC0–0xC1, 0xF5–0xFE), so a CJK term can
 * never equal a word term. Any other CJK character, and one whose low byte is 0
 * (Xapian would escape a NUL in its keys), is 0xFF followed by its UTF-8. */
#include "cg.h"

#define CG_TERM_ESCAPE 0xFFu

/* The blocks with a 2-byte code, in lead-byte order. */
static const unsigned char direct_block[] = {
    0x30, 0x31,                                     /* CJK symbols, kana, bopomofo */
    0x4E, 0x4F, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, /* CJK Unified Ideographs */
    0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x61, 0x62, 0x63,
    0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71,
    0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D,
    0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B,
    0x9C, 0x9D, 0x9E, 0x9F,
    0xF9, 0xFA,                                     /* CJK Compatibility Ideographs */
};
#define NDIRECT (sizeof direct_block)

/* Lead byte number i (0 <= i < NDIRECT). */
static unsigned char lead_of(size_t i)
{
    if (i < 10)
        return (unsigned char)(0x01 + i);        /* 0x01–0x0A */
    if (i < 10 + 66)
        return (unsigned char)(0x80 + (i - 10)); /* 0x80–0xC1 */
    return (unsigned char)(0xF5 + (i - 76));     /* 0xF5–0xFE */
}

/* The index of lead byte b, or -1. */
static int index_of_lead(unsigned char b)
{
    if (b >= 0x01 && b <= 0x0A)
        return b - 0x01;
    if (b >= 0x80 && b <= 0xC1)
        return 10 + (b - 0x80);
    if (b >= 0xF5 && b <= 0xFE)
        return 76 + (b - 0xF5);
    return -1;
}

/* Lead byte of each block (0: none), built on first use. */
static unsigned char block_lead[256];
static int block_lead_ready;

static void init_block_lead(void)
{
    for (size_t i = 0; i < NDIRECT; i++)
        block_lead[direct_block[i]] = lead_of(i);
    block_lead_ready = 1;
}

cg_status cg_term_put_cjk(cg_buf *out, uint32_t cp)
{
    if (!block_lead_ready)
        init_block_lead();
    if (cp <= 0xFFFF && (cp & 0xFF) && block_lead[cp >> 8]) {
        char two[2] = {(char)block_lead[cp >> 8], (char)(cp & 0xFF)};
        return cg_buf_append(out, two, 2);
    }
    cg_status rc = cg_buf_putc(out, (char)CG_TERM_ESCAPE);
    return rc ? rc : cg_buf_put_utf8(out, cp);
}

cg_status cg_term_display(const char *term, size_t len, cg_buf *out)
{
    const unsigned char *p = (const unsigned char *)term, *end = p + len;
    if (len && (index_of_lead(p[0]) < 0 && p[0] != CG_TERM_ESCAPE))
        return cg_buf_append(out, term, len); /* a word or a prefixed term */
    cg_status rc = CG_OK;
    while (p < end && !rc) {
        int i = index_of_lead(*p);
        if (i >= 0 && (size_t)i < NDIRECT && p + 1 < end) {
            rc = cg_buf_put_utf8(out, (uint32_t)direct_block[i] << 8 | p[1]);
            p += 2;
        } else if (*p == CG_TERM_ESCAPE && p + 1 < end) {
            uint32_t cp;
            int n = cg_utf8_decode((const char *)p + 1, (size_t)(end - p - 1), &cp);
            rc = cg_buf_put_utf8(out, cp);
            p += 1 + (n > 0 ? n : 1);
        } else {
            rc = cg_buf_printf(out, "\\x%02x", *p++);
        }
    }
    return rc;
}
