/*
 * reference-matcher.h — a second, independent implementation of the text
 * pipeline in doc/PIPELINE.md, used only by tests/test-exact.c to check the
 * real engine.  It implements section 2 (normalization), section 3
 * (passages, tokens, glue) and section 5 (phrase semantics of one quoted
 * part) from scratch with ICU, brute force, favouring obviousness over
 * speed.  It shares no code with shared/, indexer/ or searcher/ on purpose:
 * a bug can only hide if both implementations make the same mistake.
 *
 * Texts are handled as arrays of code points (int32_t).  All functions that
 * can fail return false and write a message into err[errlen].
 */
#ifndef CGSEARCH_TESTS_REFERENCE_MATCHER_H
#define CGSEARCH_TESTS_REFERENCE_MATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ICU objects, the Traditional→Simplified cache and the token-text table. */
typedef struct rm_ctx rm_ctx;

/* An array of code points. */
typedef struct {
    int32_t *v;
    size_t n;
} rm_text;

typedef struct {
    int32_t id;         /* interned token text, see rm_token_text() */
    int32_t passage;    /* 0-based passage number */
    size_t start, end;  /* code point range in the normalized text */
    bool cjk;           /* a CJK character (else a word) */
    bool glued_next;    /* glued to the following token (PIPELINE.md §3) */
} rm_token;

/* Places where a rule of PIPELINE.md decides something, or nearly so, for
 * the test to draw substrings across them (uniform draws rarely hit them). */
typedef enum {
    RM_PLACE_BLANK_LINE,    /* after a line holding only whitespace */
    RM_PLACE_LONG_PASSAGE,  /* after a sentence end ≥ 1,500 characters into a passage */
    RM_PLACE_LINE_GLUE,     /* CJK characters with whitespace and a line break between */
    RM_PLACE_PINYIN,        /* a "(" closed within 9 characters */
    RM_PLACE_KINDS
} rm_place_kind;

typedef struct {
    rm_place_kind kind;
    size_t orig;        /* offset in the original text: the first character
                           after the boundary, or the "(" */
} rm_place;

/* A document or a query after sections 2 and 3. */
typedef struct {
    rm_text norm;       /* normalized text */
    size_t *orig;       /* orig[i]: offset in the original text of the
                           normalization segment norm.v[i] came from */
    rm_token *tok;
    int32_t *ids;       /* ids[i] == tok[i].id, compact for fast scanning */
    size_t ntok;
    rm_place *places;
    size_t nplaces;
} rm_doc;

/* One file of a corpus; orig is the decoded text before normalization. */
typedef struct {
    char *rel;          /* path relative to the corpus directory */
    char *real;         /* realpath() of the file */
    rm_text orig;
    rm_doc doc;
} rm_file;

typedef struct {
    char *dir;          /* realpath() of the corpus directory */
    rm_file *f;         /* sorted by rel, so that sampling is reproducible */
    size_t n;
} rm_corpus;

rm_ctx *rm_open(char *err, size_t errlen);
void rm_close(rm_ctx *c);

/* Strict UTF-8 decoding (a leading BOM is dropped); false on invalid input. */
bool rm_decode_utf8(const char *s, size_t len, rm_text *out, char *err, size_t errlen);
/* UTF-8 encoding into a malloc'd, NUL-terminated string. */
char *rm_encode_utf8(const int32_t *v, size_t n);

/* PIPELINE.md §2: nfkc_cf, pinyin annotation removal, Traditional→Simplified.
 * If map is not NULL, *map receives the original offset of every output
 * character (malloc'd), and *pinyin (count *npinyin) the original offsets of
 * the "(" closed within 9 characters, annotation or not (malloc'd). */
bool rm_normalize(rm_ctx *c, const int32_t *v, size_t n, rm_text *out, size_t **map,
                  size_t **pinyin, size_t *npinyin, char *err, size_t errlen);
/* §2 + §3: normalize, split into passages and tokens, compute glue. */
bool rm_analyze(rm_ctx *c, const int32_t *v, size_t n, rm_doc *out, char *err, size_t errlen);
void rm_doc_free(rm_doc *d);
const char *rm_token_text(const rm_ctx *c, int32_t id);

/* §5 for one quoted part: true when the query's tokens occur in one passage of
 * doc on consecutive positions with the same texts and the same glue.  A query
 * without tokens, or whose tokens lie in two passages, matches nothing.
 * *at receives the index of the first matching token (may be NULL). */
bool rm_phrase_in(const rm_doc *doc, const rm_doc *query, size_t *at);
/* True when the query's tokens lie in more than one passage. */
bool rm_query_spans_passages(const rm_doc *query);

/* Loads every regular file below dir whose relative path has no component
 * starting with '.'; files containing a NUL byte are binary and left out. */
bool rm_corpus_load(rm_ctx *c, const char *dir, rm_corpus *out, char *err, size_t errlen);
void rm_corpus_free(rm_corpus *k);

/* Test-data helper: ICU "Simplified-Traditional" on the whole text, or
 * "Traditional-Simplified" when that changes nothing. */
bool rm_other_script(rm_ctx *c, const int32_t *v, size_t n, rm_text *out, char *err, size_t errlen);

void rm_text_free(rm_text *t);

#endif
