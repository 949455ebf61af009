/* escape.h — untrusted text made safe to show. Documents, file names and queries
 * are untrusted: a control character printed raw can set a terminal's title, clear
 * its screen or move its cursor. Every printer shows such text through these
 * functions, so it never reaches the terminal raw:
 *
 *   C0 controls (U+0000–U+001F) and DEL   \xHH     e.g. ESC is \x1b, CR is \x0d
 *   C1 controls (U+0080–U+009F)           \u{HH}   e.g. CSI is \u{9b}
 *   a byte of invalid UTF-8 (file names)  \xHH     e.g. a Latin-1 é is \xe9
 *
 * Everything else, backslashes included, is shown as it is. Clean text is found by
 * one quick scan and copied in runs: the common case costs a pass over the bytes. */
#ifndef CG_ESCAPE_H
#define CG_ESCAPE_H

#include "cg.h"

/* Flags: which otherwise escaped characters a context shows as they are. */
#define CG_ESC_KEEP_TAB 1u   /* a tab (text within a line: vimgrep's lines) */

/* The offset of the first byte of s[0..len) that cg_escape_append would change;
 * len when there is none. */
CG_EXPORT size_t cg_escape_scan(const char *s, size_t len, unsigned flags);

/* Appends s[0..len) to out, each character the table above names made visible. */
CG_EXPORT cg_status cg_escape_append(cg_buf *out, const char *s, size_t len, unsigned flags);

/* Appends the visible form of the one character (or invalid byte) at s[0..len),
 * len > 0, and sets *used to the bytes it took (1, or 2 for a C1 control). */
CG_EXPORT cg_status cg_escape_one(cg_buf *out, const char *s, size_t len, size_t *used);

/* The NUL-terminated s as it may be shown: s itself when nothing needs escaping,
 * else its escaped copy, held in tmp (cleared first). NULL when out of memory. */
CG_EXPORT const char *cg_escaped(const char *s, cg_buf *tmp);

#endif
