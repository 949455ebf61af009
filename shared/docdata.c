/* docdata.c — the format of a Xapian document's data (owned here).
 *
 *   cg2 SIZE MTIME_NS HASH PART NPARTS NPASSAGES TEXTLEN AS_IS\n
 *   PATH\n
 *   NPASSAGES × (line delta, byte delta, position delta) as LEB128 varints; a passage
 *   without tokens has position delta 0
 *   TEXTLEN bytes of text (0 unless built with --store-text)
 *
 * The index keeps no copy of the text by default: snippets re-read the file, and the
 * size, mtime and hash tell whether it changed since. */
#include "docdata.h"

#include <inttypes.h>
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

cg_status cg_docinfo_stat(uint64_t size, int64_t mtime_ns, cg_buf *out)
{
    return cg_buf_printf(out, "%" PRIu64 " %" PRId64, size, mtime_ns);
}

cg_status cg_docinfo_encode(const cg_docinfo *info, const cg_text *t, size_t pass_from,
                            size_t pass_to, const char *src, cg_buf *out)
{
    cg_status rc = cg_buf_printf(out, "cg2 %" PRIu64 " %" PRId64 " %016" PRIx64 " %u %u %zu %zu %d\n",
                                 info->size, info->mtime_ns, info->hash, info->part,
                                 info->nparts, pass_to - pass_from, info->text ? info->text_len : 0,
                                 info->as_is ? 1 : 0);
    if (!rc)
        rc = cg_buf_append(out, info->path, info->path_len);
    if (!rc)
        rc = cg_buf_putc(out, '\n');
    uint64_t line = 1, byte = 0, pos = 0, last_line = 0, last_byte = 0, last_pos = 0;
    for (size_t pi = pass_from; pi < pass_to && !rc; pi++) {
        const cg_passage *ps = &t->pass[pi];
        uint64_t b = ps->norm_start < t->nchars ? t->src_start[ps->norm_start]
                                                : (t->nchars ? t->src_end[t->nchars - 1] : 0);
        for (; byte < b; byte++)
            line += src[byte] == '\n';
        /* A passage without tokens repeats the position before it (delta 0), so that
         * a reader can tell it apart: positions only grow between passages. */
        uint32_t next_first = pi + 1 < t->npass ? t->pass[pi + 1].first_token : (uint32_t)t->ntok;
        pos = ps->first_token < next_first ? t->tok[ps->first_token].pos : last_pos;
        rc = put_varint(out, line - last_line);
        if (!rc)
            rc = put_varint(out, b - last_byte);
        if (!rc)
            rc = put_varint(out, pos - last_pos);
        last_line = line;
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
    const char *nl = memchr(data, '\n', len);
    if (!nl || len < 4 || memcmp(data, "cg2 ", 4))
        return CG_ECORRUPT;
    char head[160];
    size_t hl = (size_t)(nl - data);
    if (hl >= sizeof head)
        return CG_ECORRUPT;
    memcpy(head, data, hl);
    head[hl] = '\0';
    size_t npass = 0, textlen = 0;
    unsigned part = 0, nparts = 0;
    int as_is = 0;
    if (sscanf(head, "cg2 %" SCNu64 " %" SCNd64 " %" SCNx64 " %u %u %zu %zu %d", &out->size,
               &out->mtime_ns, &out->hash, &part, &nparts, &npass, &textlen, &as_is) != 8)
        return CG_ECORRUPT;
    out->as_is = as_is == 1;
    out->part = part;
    out->nparts = nparts;
    out->npassages = (uint32_t)npass;
    const char *p = nl + 1, *end = data + len;
    const char *nl2 = memchr(p, '\n', (size_t)(end - p));
    if (!nl2)
        return CG_ECORRUPT;
    out->path = p;
    out->path_len = (size_t)(nl2 - p);
    p = nl2 + 1;
    out->passages = p;
    for (size_t i = 0; i < npass * 3; i++) {
        uint64_t v;
        if (!get_varint(&p, end, &v))
            return CG_ECORRUPT;
    }
    out->passages_len = (size_t)(p - out->passages);
    if ((size_t)(end - p) != textlen)
        return CG_ECORRUPT;
    if (textlen) {
        out->text = p;
        out->text_len = textlen;
    }
    return CG_OK;
}

cg_status cg_docinfo_passages(const cg_docinfo *info, cg_passage_info *out)
{
    const char *p = info->passages, *end = info->passages + info->passages_len;
    uint64_t line = 0, byte = 0, pos = 0;
    for (uint32_t i = 0; i < info->npassages; i++) {
        uint64_t dl, db, dp;
        if (!get_varint(&p, end, &dl) || !get_varint(&p, end, &db) || !get_varint(&p, end, &dp))
            return CG_ECORRUPT;
        line += dl;
        byte += db;
        pos += dp;
        out[i].line = (uint32_t)line;
        out[i].byte = byte;
        out[i].pos = (uint32_t)pos;
        out[i].has_tokens = dp != 0;
    }
    return CG_OK;
}
