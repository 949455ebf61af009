/* docdata.c — the format of a Xapian document's data (owned here).
 *
 *   "cg3", then LEB128 varints: SIZE, MTIME_NS (as unsigned), PART, NPARTS, NPASSAGES,
 *   TEXTLEN, ENCODING (cg_encoding; 0 = UTF-8 read as is), PATHLEN, and only when
 *   NPARTS > 1: START, END, TEXT_START, LINE (the part: file bytes [START, END), its
 *   text's offset in the whole decoded text, its first line; for a whole file they
 *   follow from the rest, and most files are whole); then HASH (8 bytes, little-endian) and PATHLEN
 *   bytes of path; NPASSAGES × (byte delta, position delta) as varints, bytes counted
 *   in the part's decoded text; a passage without tokens has position delta 0 (a
 *   passage's line number is counted in the part when needed); TEXTLEN bytes of the
 *   part's text (0 unless built with --store-text).
 * Binary, because every document has one: it is kept as short as it can be.
 *
 * The index keeps no copy of the text by default: snippets re-read the file, and the
 * size, mtime and hash tell whether it changed since. */
#include "docdata.h"

#include <stdlib.h>
#include <string.h>

static cg_status put_varint(cg_buf *out, uint64_t v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n] = (char)(v & 0x7F);
        v >>= 7;
        if (v)
            tmp[n] |= (char)0x80;
        n++;
    } while (v);
    return cg_buf_append(out, tmp, (size_t)n);
}

static int get_varint(const char **p, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char c = (unsigned char)*(*p)++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *out = v;
            return 1;
        }
    }
    return 0;
}

cg_status cg_docinfo_encode(const cg_docinfo *info, const cg_text *t, size_t pass_from,
                            size_t pass_to, cg_buf *out)
{
    uint64_t head[] = {info->size, (uint64_t)info->mtime_ns, info->part, info->nparts,
                       pass_to - pass_from, info->text ? info->text_len : 0,
                       (uint64_t)info->encoding, info->path_len, info->start, info->end,
                       info->text_start, info->line};
    cg_status rc = cg_buf_append(out, "cg3", 3);
    for (size_t i = 0; i < (info->nparts > 1 ? 12u : 8u) && !rc; i++)
        rc = put_varint(out, head[i]);
    char hash[8];
    for (int i = 0; i < 8; i++)
        hash[i] = (char)(info->hash >> (8 * i));
    if (!rc)
        rc = cg_buf_append(out, hash, 8);
    if (!rc)
        rc = cg_buf_append(out, info->path, info->path_len);
    uint64_t pos = 0, last_byte = 0, last_pos = 0;
    for (size_t pi = pass_from; pi < pass_to && !rc; pi++) {
        const cg_passage *ps = &t->pass[pi];
        uint64_t b = ps->norm_start < t->nchars ? t->src_start[ps->norm_start]
                                                : (t->nchars ? t->src_end[t->nchars - 1] : 0);
        /* A passage without tokens repeats the position before it (delta 0), so that
         * a reader can tell it apart: positions only grow between passages. */
        uint32_t next_first = pi + 1 < t->npass ? t->pass[pi + 1].first_token : (uint32_t)t->ntok;
        pos = ps->first_token < next_first ? t->tok[ps->first_token].pos : last_pos;
        rc = put_varint(out, b - last_byte);
        if (!rc)
            rc = put_varint(out, pos - last_pos);
        last_byte = b;
        last_pos = pos;
    }
    if (!rc && info->text)
        rc = cg_buf_append(out, info->text, info->text_len);
    return rc;
}

cg_status cg_docinfo_decode(const char *data, size_t len, cg_docinfo *out)
{
    memset(out, 0, sizeof *out);
    const char *p = data, *end = data + len;
    if (len < 3 || memcmp(data, "cg3", 3))
        return CG_ECORRUPT;
    p += 3;
    uint64_t head[12];
    for (size_t i = 0; i < 12; i++) {
        if (i == 8 && head[3] <= 1) {
            /* a whole file: its one part is all of it after any BOM */
            head[8] = head[6] < CG_ENC_COUNT ? cg_encoding_bom_len((cg_encoding)head[6]) : 0;
            head[9] = head[0] > head[8] ? head[0] : head[8];
            head[10] = 0;
            head[11] = 1;
            break;
        }
        if (!get_varint(&p, end, &head[i]))
            return CG_ECORRUPT;
    }
    uint64_t npass = head[4], textlen = head[5], path_len = head[7];
    if (head[2] > UINT32_MAX || head[3] > UINT32_MAX || npass > UINT32_MAX ||
        head[6] >= CG_ENC_COUNT || head[8] > head[9] ||
        (size_t)(end - p) < 8 || path_len > (size_t)(end - p) - 8)
        return CG_ECORRUPT;
    out->size = head[0];
    out->mtime_ns = (int64_t)head[1];
    out->part = (uint32_t)head[2];
    out->nparts = (uint32_t)head[3];
    out->npassages = (uint32_t)npass;
    out->encoding = (cg_encoding)head[6];
    out->as_is = out->encoding == CG_ENC_UTF8;
    out->start = head[8];
    out->end = head[9];
    out->text_start = head[10];
    out->line = head[11];
    for (int i = 0; i < 8; i++)
        out->hash |= (uint64_t)(unsigned char)p[i] << (8 * i);
    p += 8;
    out->path = p;
    out->path_len = (size_t)path_len;
    p += path_len;
    out->passages = p;
    for (size_t i = 0; i < npass * 2; i++) {
        uint64_t v;
        if (!get_varint(&p, end, &v))
            return CG_ECORRUPT;
    }
    out->passages_len = (size_t)(p - out->passages);
    if ((uint64_t)(end - p) != textlen)
        return CG_ECORRUPT;
    if (textlen) {
        out->text = p;
        out->text_len = (size_t)textlen;
    }
    return CG_OK;
}

cg_status cg_docinfo_passages(const cg_docinfo *info, cg_passage_info *out)
{
    const char *p = info->passages, *end = info->passages + info->passages_len;
    uint64_t byte = 0, pos = 0;
    for (uint32_t i = 0; i < info->npassages; i++) {
        uint64_t db, dp;
        if (!get_varint(&p, end, &db) || !get_varint(&p, end, &dp))
            return CG_ECORRUPT;
        /* Offsets only grow: a sum that wraps (damaged data) would let a reader
         * count lines backwards, past the start of the text. */
        if (db > UINT64_MAX - byte || dp > UINT32_MAX - pos)
            return CG_ECORRUPT;
        byte += db;
        pos += dp;
        out[i].byte = byte;
        out[i].pos = (uint32_t)pos;
        out[i].has_tokens = dp != 0;
    }
    return CG_OK;
}
