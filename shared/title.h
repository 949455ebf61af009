/* title.h — a file's title (the line a reader takes for its name) and its section
 * headings, each indexed as a field of its own so that the page a title or heading
 * names ranks first (doc/RANKING.md). */
#ifndef CG_TITLE_H
#define CG_TITLE_H

#include "cg.h"

/* How much of a file's start is looked at for its title, and the longest title kept
 * (bytes; a longer line is cut at a character boundary). */
#define CG_TITLE_SCAN_BYTES (64u * 1024u)
#define CG_TITLE_MAX_BYTES 300u

/* Finds the title of the decoded text[0..len) (a file's start): the first line that
 * says something, skipping blank lines, lines of punctuation only (reStructuredText
 * and Markdown rules), reStructuredText directives and field lists (`.. include::`,
 * `:Original: …`, and the indented lines under them), with a Markdown heading's
 * `#`s removed; for a man page (`LS(1) … LS(1)`), the line under NAME. Sets
 * [*start, *end) and returns 1, or returns 0 when there is none. */
int cg_title_find(const char *text, size_t len, size_t *start, size_t *end);

/* Finds the next section heading of text[0..len) from *at on (advanced past it): a
 * numbered line (`6.1.1. Syntax`, `3. Usage`) that the next line does not continue
 * as a list (a table of contents is no heading), a line underlined with = - ~ ^ * +
 * or # (reStructuredText, Markdown's setext), or a Markdown `#` heading without its
 * `#`s. Sets [*start, *end) and returns 1, or returns 0 when there is none. */
int cg_heading_next(const char *text, size_t len, size_t *at, size_t *start, size_t *end);

/* The whole-title key of a text: its tokens' normalized forms, one space apart, so
 * that a query and a title with the same words and characters have the same key
 * whatever their punctuation, spacing or script. cg_title_key_add appends t's tokens
 * to key; cg_title_key_term appends to out the index term for key (CG_PREFIX_TITLE_KEY
 * + key, or a cut of it and a hash when too long for a Xapian term). */
cg_status cg_title_key_add(cg_buf *key, const cg_text *t);
cg_status cg_title_key_term(const char *key, size_t len, cg_buf *out);

#endif
