/* title.c — finding a file's title line and its headings, and the whole-title key
 * (title.h). */
#include "title.h"

#include "cg-private.h"
#include "schema.h"

#include <string.h>

typedef struct line {
    size_t start, end; /* without the line break */
    size_t indent;     /* leading spaces and tabs */
} line;

/* The line starting at *at (advanced past its break). */
static line next_line(const char *s, size_t len, size_t *at)
{
    line l = {*at, *at, 0};
    const char *nl = memchr(s + *at, '\n', len - *at);
    l.end = nl ? (size_t)(nl - s) : len;
    *at = nl ? l.end + 1 : len;
    while (l.end > l.start && (s[l.end - 1] == '\r' || s[l.end - 1] == ' ' || s[l.end - 1] == '\t'))
        l.end--;
    while (l.start + l.indent < l.end && (s[l.start + l.indent] == ' ' || s[l.start + l.indent] == '\t'))
        l.indent++;
    return l;
}

/* 1 when the line holds a letter, a digit or a CJK character. */
static int says_something(const char *s, line l)
{
    for (size_t i = l.start; i < l.end;) {
        uint32_t c;
        int n = cg_utf8_decode(s + i, l.end - i, &c);
        if (n <= 0)
            return 1; /* undecodable: not markup */
        if (cg_char_class(c) & (CG_CLS_ALNUM | CG_CLS_CJK))
            return 1;
        i += (size_t)n;
    }
    return 0;
}

/* `.. directive::`, `.. comment` or `:field: value` (reStructuredText). */
static int is_rst_markup(const char *s, line l)
{
    const char *p = s + l.start + l.indent;
    size_t n = l.end - l.start - l.indent;
    if (n >= 2 && p[0] == '.' && p[1] == '.' && (n == 2 || p[2] == ' '))
        return 1;
    if (n >= 3 && p[0] == ':' && p[1] != ':' && p[1] != ' ') {
        const char *close = memchr(p + 1, ':', n - 1);
        return close && (close + 1 == p + n || close[1] == ' ');
    }
    return 0;
}

/* `NAME(1) … NAME(1)`: a man page's header line. */
static int is_man_header(const char *s, line l)
{
    const char *p = s + l.start + l.indent, *e = s + l.end;
    const char *sp = memchr(p, ' ', (size_t)(e - p));
    if (!sp || sp - p < 4 || sp[-1] != ')' || e[-1] != ')')
        return 0;
    const char *open = memchr(p, '(', (size_t)(sp - p));
    if (!open || open == p)
        return 0;
    size_t word = (size_t)(sp - p);
    return (size_t)(e - p) > 2 * word && !memcmp(e - word, p, word);
}

/* The line under a man page's NAME heading (`NAME`, `NAME(名称)`, `名称`). */
static int man_name_line(const char *s, size_t len, size_t at, line *out)
{
    int in_name = 0;
    while (at < len) {
        line l = next_line(s, len, &at);
        if (l.end == l.start + l.indent)
            continue;
        if (in_name) {
            *out = l;
            return 1;
        }
        const char *p = s + l.start;
        size_t n = l.end - l.start;
        if (l.indent == 0 && ((n >= 4 && !memcmp(p, "NAME", 4) && (n == 4 || p[4] == '(' || p[4] == ' ')) ||
                              (n == 6 && !memcmp(p, "名称", 6)) || (n == 6 && !memcmp(p, "名稱", 6))))
            in_name = 1;
        else if (l.indent == 0)
            return 0; /* another section came first */
    }
    return 0;
}

int cg_title_find(const char *text, size_t len, size_t *start, size_t *end)
{
    if (len > CG_TITLE_SCAN_BYTES)
        len = CG_TITLE_SCAN_BYTES;
    size_t at = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        at = 3;
    int under_markup = 0; /* indented lines continue a directive or field */
    while (at < len) {
        line l = next_line(text, len, &at);
        if (l.end == l.start + l.indent)
            continue;
        if (is_rst_markup(text, l)) {
            under_markup = 1;
            continue;
        }
        if ((under_markup && l.indent > 0) || !says_something(text, l))
            continue;
        under_markup = 0;
        if (is_man_header(text, l)) {
            line name;
            if (man_name_line(text, len, at, &name))
                l = name;
        }
        size_t b = l.start + l.indent;
        if (text[b] == '#') { /* a Markdown heading */
            size_t h = b;
            while (h < l.end && text[h] == '#')
                h++;
            if (h < l.end && text[h] == ' ') {
                while (h < l.end && text[h] == ' ')
                    h++;
                b = h;
            }
        }
        size_t e = l.end;
        if (e - b > CG_TITLE_MAX_BYTES) {
            e = b + CG_TITLE_MAX_BYTES;
            while (e > b && (text[e] & 0xC0) == 0x80)
                e--; /* cut at a character boundary */
        }
        if (e == b)
            return 0;
        *start = b;
        *end = e;
        return 1;
    }
    return 0;
}

/* `6.1.1. Text`, `3. Text`: a section number, then a space and text. */
static int is_numbered(const char *s, line l)
{
    size_t i = l.start + l.indent, digits = 0, dots = 0;
    while (i < l.end && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
        if (s[i] == '.') {
            if (!digits)
                return 0;
            dots++;
        } else {
            digits++;
        }
        i++;
    }
    return digits && dots && i < l.end && s[i] == ' ' && i + 1 < l.end && s[i + 1] != ' ';
}

/* A line of one character repeated, at least 3 times: = - ~ ^ * + #. */
static int is_underline(const char *s, line l)
{
    size_t n = l.end - l.start - l.indent;
    char c = n ? s[l.start + l.indent] : 0;
    if (n < 3 || l.indent || !strchr("=-~^*+#", c))
        return 0;
    for (size_t i = l.start; i < l.end; i++)
        if (s[i] != c)
            return 0;
    return 1;
}

/* The longest heading kept, in bytes: a longer line is a paragraph. */
#define HEADING_MAX_BYTES 160u

int cg_heading_next(const char *text, size_t len, size_t *at, size_t *start, size_t *end)
{
    while (*at < len) {
        line l = next_line(text, len, at);
        if (l.end == l.start + l.indent || l.end - l.start > HEADING_MAX_BYTES ||
            !says_something(text, l))
            continue;
        size_t b = l.start + l.indent;
        if (text[b] == '#') {
            size_t h = b;
            while (h < l.end && text[h] == '#')
                h++;
            if (h - b <= 6 && h < l.end && text[h] == ' ') {
                while (h < l.end && text[h] == ' ')
                    h++;
                *start = h;
                *end = l.end;
                return 1;
            }
        }
        size_t under = *at;
        if (under < len && is_underline(text, next_line(text, len, &under))) {
            *start = b;
            *end = l.end;
            *at = under;
            return 1;
        }
        if (!is_numbered(text, l))
            continue;
        /* A numbered line is a heading unless the next line that is not blank is
         * numbered too: a list, or a table of contents. */
        size_t look = *at;
        line n = {len, len, 0};
        while (look < len) {
            n = next_line(text, len, &look);
            if (n.end != n.start + n.indent)
                break;
        }
        if (n.end == n.start + n.indent || !is_numbered(text, n)) {
            *start = b;
            *end = l.end;
            return 1;
        }
    }
    return 0;
}

cg_status cg_title_key_add(cg_buf *key, const cg_text *t)
{
    for (size_t i = 0; i < t->ntok; i++) {
        if (key->len && cg_buf_append(key, " ", 1))
            return CG_ENOMEM;
        cg_status rc = cg_text_utf8(t, t->tok[i].norm_start, t->tok[i].norm_end, key);
        if (rc)
            return rc;
    }
    return CG_OK;
}

cg_status cg_title_key_term(const char *key, size_t len, cg_buf *out)
{
    if (cg_buf_append(out, CG_PREFIX_TITLE_KEY, strlen(CG_PREFIX_TITLE_KEY)))
        return CG_ENOMEM;
    return cg_term_from(key, len, out);
}
