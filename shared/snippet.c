/* snippet.c — choosing passages and cutting snippets around matches.
 *
 * A snippet is a window of the original text: up to CG_SNIPPET_BEFORE characters
 * before the first match of the passage, CG_SNIPPET_CHARS characters in all, never
 * outside the passage, always on UTF-8 character boundaries (groonga lib/snip.c),
 * with every whole match inside it marked. */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static size_t back_chars(const char *s, size_t pos, size_t floor, size_t n)
{
    while (n-- && pos > floor) {
        pos--;
        while (pos > floor && is_cont((unsigned char)s[pos]))
            pos--;
    }
    return pos;
}

static size_t fwd_chars(const char *s, size_t pos, size_t ceil, size_t n)
{
    while (n-- && pos < ceil) {
        pos++;
        while (pos < ceil && is_cont((unsigned char)s[pos]))
            pos++;
    }
    return pos;
}

static int is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_word_byte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static size_t passage_bytes_end(const cg_text *t, size_t pi, size_t src_len)
{
    if (pi + 1 < t->npass && t->pass[pi + 1].norm_start < t->nchars)
        return t->src_start[t->pass[pi + 1].norm_start];
    return src_len;
}

static cg_status cut(const cg_text *t, const char *src, size_t src_len, size_t pi,
                     const cg_occurrence *occ, size_t nocc, cg_snippet *sn)
{
    memset(sn, 0, sizeof *sn);
    size_t pstart = t->pass[pi].norm_start < t->nchars ? t->src_start[t->pass[pi].norm_start] : src_len;
    size_t pend = passage_bytes_end(t, pi, src_len);
    while (pstart < pend && is_space_byte(src[pstart]))
        pstart++;
    while (pend > pstart && is_space_byte(src[pend - 1]))
        pend--;
    size_t m0 = t->src_start[t->tok[occ[0].first].norm_start];
    size_t m0end = t->src_end[t->tok[occ[0].last].norm_end - 1];
    if (m0 < pstart)
        pstart = m0;
    if (m0end > pend)
        pend = m0end;
    sn->start = back_chars(src, m0, pstart, CG_SNIPPET_BEFORE);
    sn->end = fwd_chars(src, sn->start, pend, CG_SNIPPET_CHARS);
    if (sn->end < m0end)
        sn->end = m0end;
    /* Do not cut a Latin word in two: move the cut to the word's edge. */
    while (sn->start > pstart && sn->start < m0 && is_word_byte(src[sn->start - 1]) &&
           is_word_byte(src[sn->start]))
        sn->start++;
    while (sn->end < pend && sn->end > m0end && is_word_byte(src[sn->end - 1]) &&
           is_word_byte(src[sn->end]))
        sn->end--;
    sn->cut_before = sn->start > pstart;
    sn->cut_after = sn->end < pend;
    sn->line = 1;
    for (size_t b = 0; b < m0; b++)
        sn->line += src[b] == '\n';
    sn->mstart = malloc(nocc * sizeof *sn->mstart);
    sn->mend = malloc(nocc * sizeof *sn->mend);
    sn->ostart = malloc(nocc * sizeof *sn->ostart);
    sn->oend = malloc(nocc * sizeof *sn->oend);
    if (!sn->mstart || !sn->mend || !sn->ostart || !sn->oend)
        return CG_ENOMEM;
    size_t last_end = 0;
    for (size_t i = 0; i < nocc; i++) {
        size_t a = t->src_start[t->tok[occ[i].first].norm_start];
        size_t b = t->src_end[t->tok[occ[i].last].norm_end - 1];
        if (!sn->nocc || a >= sn->oend[sn->nocc - 1]) {
            sn->ostart[sn->nocc] = a;
            sn->oend[sn->nocc++] = b;
        } else if (a == sn->ostart[sn->nocc - 1] && b > sn->oend[sn->nocc - 1]) {
            sn->oend[sn->nocc - 1] = b; /* two parts matching at one place: the longer */
        }
        if (a < sn->start || b > sn->end)
            continue;
        if (sn->nmatch && a < last_end) {
            /* Overlapping matches (two parts, or a repeated pattern) merge. */
            if (b > sn->mend[sn->nmatch - 1])
                sn->mend[sn->nmatch - 1] = b;
            last_end = sn->mend[sn->nmatch - 1];
            continue;
        }
        sn->mstart[sn->nmatch] = a;
        sn->mend[sn->nmatch] = b;
        sn->nmatch++;
        last_end = b;
    }
    return CG_OK;
}

/* How many distinct parts occ[0..n) hold matches of (parts beyond 64 share counts). */
static size_t occurrence_parts(const cg_occurrence *occ, size_t n)
{
    uint64_t parts = 0;
    for (size_t i = 0; i < n; i++)
        parts |= 1ull << (occ[i].part % 64);
    return (size_t)__builtin_popcountll(parts);
}

cg_status cg_file_matches_build(const cg_text *t, const char *src, size_t src_len,
                                const cg_occurrence *occ, size_t nocc, int all,
                                cg_file_matches *out)
{
    memset(out, 0, sizeof *out);
    if (!nocc)
        return CG_OK;
    /* Occurrences are sorted by first token, so each passage's are contiguous. */
    size_t best = 0, best_parts = 0, nruns = 0;
    for (size_t i = 0; i < nocc;) {
        uint32_t pi = t->tok[occ[i].first].passage;
        size_t j = i;
        while (j < nocc && t->tok[occ[j].first].passage == pi)
            j++;
        size_t nparts = occurrence_parts(occ + i, j - i);
        if (nparts > best_parts) {
            best_parts = nparts;
            best = i;
        }
        nruns++;
        i = j;
    }
    out->npassages = nruns;
    out->snip = calloc(all ? nruns : 1, sizeof *out->snip);
    if (!out->snip)
        return CG_ENOMEM;
    for (size_t i = 0; i < nocc;) {
        uint32_t pi = t->tok[occ[i].first].passage;
        size_t j = i;
        while (j < nocc && t->tok[occ[j].first].passage == pi)
            j++;
        if (all || i == best) {
            cg_status rc = cut(t, src, src_len, pi, occ + i, j - i, &out->snip[out->nsnip++]);
            if (rc)
                return rc;
        }
        i = j;
    }
    return CG_OK;
}

void cg_file_matches_free(cg_file_matches *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nsnip; i++) {
        free(m->snip[i].mstart);
        free(m->snip[i].mend);
        free(m->snip[i].ostart);
        free(m->snip[i].oend);
    }
    free(m->snip);
    memset(m, 0, sizeof *m);
}
