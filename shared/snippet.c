/* snippet.c — choosing passages and cutting snippets around matches.
 *
 * A snippet is a window of the original text: about CG_SNIPPET_BEFORE characters
 * before the first match of the passage, about CG_SNIPPET_CHARS characters in all,
 * never outside the passage, with every whole match inside it marked. Its edges are
 * chosen on the pipeline's normalized characters (cg_text), which already know what
 * the source hides between two of them: a pinyin annotation lies in the gap between
 * a character's bytes and the next character's, so cutting before a character
 * (src_start) can neither start inside an annotation nor part a character from its
 * annotation. Edges also keep Latin words whole, prefer a sentence end within
 * CG_SNIPPET_SENTENCE characters of the target, never fall inside a match, and
 * leave out white space and punctuation that would dangle there (a "," first, a
 * "(" last). Each line break shown is decided here too (cg_snippet.join), once
 * per snippet, so that every format shows it the same way (render.c). */
#include "snippet.h"

#include "cg-private.h"

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

/* The normalized text of one passage, trimmed of white space: characters [ps, pe),
 * and where each boundary between them lies in the source. */
typedef struct window_ctx {
    const cg_text *t;
    const char *src;
    size_t ps, pe;
    size_t end_byte;    /* the source byte after the passage's last character (and its
                           annotation), before any trailing white space */
} window_ctx;

/* The source byte where boundary k (just before character k) lies. */
static size_t boundary_byte(const window_ctx *w, size_t k)
{
    return k < w->pe ? w->t->src_start[k] : w->end_byte;
}

static unsigned cls(const window_ctx *w, size_t k)
{
    return cg_char_class(w->t->cp[k]);
}

static int is_ws(const window_ctx *w, size_t k)
{
    return (cls(w, k) & CG_CLS_WS) != 0;
}

/* A letter or digit of a word (not a CJK character, which is a word by itself). */
static int is_word_char(const window_ctx *w, size_t k)
{
    unsigned c = cls(w, k);
    return (c & CG_CLS_ALNUM) && !(c & CG_CLS_CJK);
}

/* Closing quotes and brackets that belong to the sentence before them. The text is
 * normalized (NFKC): full-width forms are ASCII here. */
static int is_closer(uint32_t c)
{
    return c == ')' || c == '"' || c == '\'' || c == ']' || c == 0x2019 || c == 0x201D ||
           c == 0x3009 || c == 0x300B || c == 0x300D || c == 0x300F || c == 0x3011;
}

static int is_opener(uint32_t c)
{
    return c == '(' || c == '[' || c == 0x2018 || c == 0x201C || c == 0x3008 || c == 0x300A ||
           c == 0x300C || c == 0x300E || c == 0x3010;
}

/* Punctuation that reads badly first in a snippet: a closer, or one that ends a
 * clause or joins two words (after NFKC the full-width ，：；！？ are ASCII). */
static int is_bad_start(uint32_t c)
{
    return is_closer(c) || c == ',' || c == 0x3001 || c == 0x3002 || c == ':' || c == ';' ||
           c == '.' || c == '!' || c == '?' || c == '/' || c == '-';
}

/* ... and last: an opener, or one that goes on a clause or word. */
static int is_bad_end(uint32_t c)
{
    return is_opener(c) || c == ',' || c == 0x3001 || c == ':' || c == '/' || c == '-';
}

/* 1 when boundary k ends a sentence: character k-1 (after any closers) is 。, or
 * ! ? ; . (full-width ones are ASCII after NFKC) followed by white space, a CJK
 * character or the passage's end, as in the pipeline's own sentence rule
 * (doc/PIPELINE.md section 3), and a '.' not after a digit ("3." of a list). */
static int sentence_end_at(const window_ctx *w, size_t k)
{
    if (k <= w->ps || (k < w->pe && is_closer(w->t->cp[k])))
        return 0;
    size_t j = k - 1;
    while (j > w->ps && is_closer(w->t->cp[j]))
        j--;
    uint32_t c = w->t->cp[j];
    if (c == 0x3002)
        return 1;
    if (c != '!' && c != '?' && c != ';' && c != '.')
        return 0;
    if (c == '.' && j > w->ps && (cls(w, j - 1) & CG_CLS_ALNUM) && !(cls(w, j - 1) & CG_CLS_LETTER))
        return 0;
    return k >= w->pe || is_ws(w, k) || (cls(w, k) & CG_CLS_CJK);
}

/* The sentence end nearest boundary k within CG_SNIPPET_SENTENCE characters, inside
 * [lo, hi]; k itself when there is none. Ties go to the earlier one. */
static size_t near_sentence_end(const window_ctx *w, size_t k, size_t lo, size_t hi)
{
    for (size_t d = 0; d <= CG_SNIPPET_SENTENCE; d++) {
        if (k >= lo + d && sentence_end_at(w, k - d))
            return k - d;
        if (k + d <= hi && sentence_end_at(w, k + d))
            return k + d;
    }
    return k;
}

/* The first boundary in [lo, hi] at or after source byte b. */
static size_t boundary_at_or_after(const window_ctx *w, size_t lo, size_t hi, size_t b)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (boundary_byte(w, mid) >= b)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Characters that read as full-width (CJK text): a line break between two of them
 * is no space. Strong ones are CJK characters in the pipeline's sense and CJK or
 * full-width punctuation; curly quotes, the em dash and … count only next to a
 * strong one (English uses them too). 0: not wide, 1: weak, 2: strong. */
static int wide_class(const window_ctx *w, size_t k)
{
    if (cls(w, k) & CG_CLS_CJK)
        return 2;
    uint32_t c;
    size_t at = w->t->src_start[k];
    cg_utf8_decode(w->src + at, w->t->src_end[k] - at, &c); /* the source form: NFKC made
                                                               full-width forms ASCII */
    if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF00 && c <= 0xFFEF))
        return 2;
    if (c == 0x2014 || (c >= 0x2018 && c <= 0x201F) || c == 0x2026)
        return 1;
    return 0;
}

/* Records, relative to sn->start, each line break of characters [ks, ke) shown as
 * nothing: one whose white-space run lies between two wide characters. */
static cg_status find_joins(const window_ctx *w, size_t ks, size_t ke, cg_snippet *sn)
{
    size_t cap = 0;
    for (size_t k = ks; k < ke; k++) {
        uint32_t c = w->t->cp[k];
        if (c != '\n' && (c != '\r' || (k + 1 < ke && w->t->cp[k + 1] == '\n')))
            continue; /* a lone CR (old Mac files) is a line break too */
        size_t a = k, b = k + 1;
        while (a > ks && is_ws(w, a - 1))
            a--;
        while (b < ke && is_ws(w, b))
            b++;
        if (a == ks || b == ke)
            continue; /* at the snippet's edge: never shown */
        int wa = wide_class(w, a - 1), wb = wide_class(w, b);
        if (!wa || !wb || wa + wb < 3)
            continue;
        if (sn->njoin == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            uint32_t *j = realloc(sn->join, ncap * sizeof *j);
            if (!j)
                return CG_ENOMEM;
            sn->join = j;
            cap = ncap;
        }
        sn->join[sn->njoin++] = (uint32_t)(w->t->src_start[k] - sn->start);
    }
    return CG_OK;
}

/* Line numbers, counted once through the text: snippets are cut in file order. */
typedef struct line_count {
    size_t at;      /* newlines are counted up to this byte */
    uint32_t line;  /* the line of byte `at` */
} line_count;

static uint32_t line_of(line_count *lc, const char *src, size_t b)
{
    for (const char *nl; lc->at < b && (nl = memchr(src + lc->at, '\n', b - lc->at));) {
        lc->line++;
        lc->at = (size_t)(nl - src) + 1;
    }
    lc->at = b > lc->at ? b : lc->at;
    return lc->line;
}

static cg_status cut(const cg_text *t, const char *src, size_t src_len, size_t pi,
                     const cg_occurrence *occ, size_t nocc, line_count *lines, cg_snippet *sn)
{
    memset(sn, 0, sizeof *sn);
    window_ctx w = {t, src, t->pass[pi].norm_start,
                    pi + 1 < t->npass ? t->pass[pi + 1].norm_start : t->nchars, src_len};
    if (w.pe > t->nchars)
        w.pe = t->nchars;
    while (w.ps < w.pe && is_ws(&w, w.ps))
        w.ps++;
    while (w.pe > w.ps && is_ws(&w, w.pe - 1))
        w.pe--;
    /* Past the last character: its annotation is in, trailing white space out. */
    w.end_byte = w.pe < t->nchars ? t->src_start[w.pe] : src_len;
    /* The first match, grown by the matches overlapping it (shown merged with it). */
    size_t mc = t->tok[occ[0].first].norm_start, me = t->tok[occ[0].last].norm_end;
    for (size_t i = 1; i < nocc && t->tok[occ[i].first].norm_start < me; i++)
        if (t->tok[occ[i].last].norm_end > me)
            me = t->tok[occ[i].last].norm_end;
    if (mc < w.ps)
        w.ps = mc;
    if (me > w.pe)
        w.pe = me;

    /* Start: the target, snapped forward onto a boundary, moved to a sentence start
     * when one is near, out of a word, past white space and dangling punctuation. */
    size_t m0 = t->src_start[mc];
    size_t target = back_chars(src, m0, t->src_start[w.ps], CG_SNIPPET_BEFORE);
    size_t ks = boundary_at_or_after(&w, w.ps, mc, target);
    if (ks > w.ps)
        ks = near_sentence_end(&w, ks, w.ps, mc);
    while (ks > w.ps && ks < mc && is_word_char(&w, ks - 1) && is_word_char(&w, ks))
        ks++;
    while (ks < mc && (is_ws(&w, ks) || (ks > w.ps && is_bad_start(t->cp[ks]))))
        ks++;
    sn->start = boundary_byte(&w, ks);

    /* End: the same, snapped back; never inside a later match (cut before it). */
    size_t target_end = fwd_chars(src, sn->start, w.end_byte, CG_SNIPPET_CHARS);
    size_t ke = boundary_at_or_after(&w, me, w.pe, target_end);
    if (ke > me && boundary_byte(&w, ke) > target_end)
        ke--;
    if (ke < w.pe)
        ke = near_sentence_end(&w, ke, me, w.pe);
    for (size_t i = nocc; i-- > 0;) {
        size_t a = t->tok[occ[i].first].norm_start, b = t->tok[occ[i].last].norm_end;
        if (a >= me && a < ke && ke < b)
            ke = a;
    }
    while (ke < w.pe && ke > me && is_word_char(&w, ke - 1) && is_word_char(&w, ke))
        ke--;
    while (ke > me && (is_ws(&w, ke - 1) || (ke < w.pe && is_bad_end(t->cp[ke - 1]))))
        ke--;
    sn->end = boundary_byte(&w, ke);

    sn->cut_before = ks > w.ps;
    sn->cut_after = ke < w.pe;
    sn->line = line_of(lines, src, m0);
    cg_status rc = find_joins(&w, ks, ke, sn);
    if (rc)
        return rc;
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
    line_count lines = {0, 1};
    for (size_t i = 0; i < nocc;) {
        uint32_t pi = t->tok[occ[i].first].passage;
        size_t j = i;
        while (j < nocc && t->tok[occ[j].first].passage == pi)
            j++;
        if (all || i == best) {
            cg_status rc =
                cut(t, src, src_len, pi, occ + i, j - i, &lines, &out->snip[out->nsnip++]);
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
        free(m->snip[i].join);
    }
    free(m->snip);
    memset(m, 0, sizeof *m);
}
