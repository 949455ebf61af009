/* escape.c — control characters and invalid UTF-8 made visible (escape.h says which
 * and how). The scan looks at ASCII bytes through one table and checks a multibyte
 * sequence only as far as it must to tell a C1 control or a bad byte from text. */
#include "escape.h"

#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 sequence starting at s[0] (a byte >= 0x80), or 0. */
static size_t sequence_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* Whether the character at s[0] (c2 xx) is a C1 control, U+0080–U+009F. */
static int is_c1(const unsigned char *s)
{
    return s[0] == 0xC2 && s[1] <= 0x9F;
}

size_t cg_escape_scan(const char *s, size_t len, unsigned flags)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c >= 0x20 && c < 0x7F) {
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c == '\t' && (flags & CG_ESC_KEEP_TAB)) {
                i++;
                continue;
            }
            return i;   /* C0 or DEL */
        }
        size_t n = sequence_len(u + i, len - i);
        if (!n || (n == 2 && is_c1(u + i)))
            return i;
        i += n;
    }
    return len;
}

cg_status cg_escape_one(cg_buf *out, const char *s, size_t len, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    char e[16];
    if (u[0] >= 0x80 && sequence_len(u, len) == 2 && is_c1(u)) {
        snprintf(e, sizeof e, "\\u{%x}", u[1]);
        *used = 2;
    } else {
        snprintf(e, sizeof e, "\\x%02x", u[0]);
        *used = 1;
    }
    return cg_buf_puts(out, e);
}

cg_status cg_escape_append(cg_buf *out, const char *s, size_t len, unsigned flags)
{
    cg_status rc = CG_OK;
    size_t i = 0;
    while (i < len && !rc) {
        size_t clean = cg_escape_scan(s + i, len - i, flags);
        if (clean && (rc = cg_buf_append(out, s + i, clean)))
            break;
        i += clean;
        if (i < len) {
            size_t used;
            rc = cg_escape_one(out, s + i, len - i, &used);
            i += used;
        }
    }
    return rc;
}

const char *cg_escaped(const char *s, cg_buf *tmp)
{
    size_t len = strlen(s);
    if (cg_escape_scan(s, len, 0) == len)
        return s;
    cg_buf_clear(tmp);
    if (cg_escape_append(tmp, s, len, 0) || !tmp->ptr)
        return NULL;
    return tmp->ptr;
}
