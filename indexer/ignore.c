/* ignore.c — gitignore patterns (man gitignore, and ripgrep's ignore crate, whose
 * reading of the rules cgindex follows so that `rg --files` lists what cgindex
 * indexes): '#' comments, trailing spaces dropped unless escaped, '!' negates, a
 * leading '/' or a '/' inside anchors the pattern to the file's directory, a
 * trailing '/' matches only directories, '*' '?' and '[...]' never match '/', '**'
 * spans directories, '\' escapes. */
#define _POSIX_C_SOURCE 200809L
#include "ignore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* One code point of s (an invalid byte stands for itself); its length in *len. */
static uint32_t next_cp(const char *s, size_t *len)
{
    uint32_t cp;
    size_t avail = strnlen(s, 4);
    int n = cg_utf8_decode(s, avail, &cp);
    if (n < 1) {
        *len = 1;
        return (unsigned char)s[0];
    }
    *len = (size_t)n;
    return cp;
}

/* Where the class starting at p ('[') ends (just past its ']'), or NULL when it is
 * not closed. */
static const char *class_end(const char *p)
{
    p++;
    if (*p == '!' || *p == '^')
        p++;
    if (*p == ']')
        p++;
    for (; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == ']')
            return p + 1;
    }
    return NULL;
}

/* Whether code point c is in the class [p, end) (p at '['). */
static int class_has(const char *p, const char *end, uint32_t c, int nocase)
{
    p++;
    int negate = 0, found = 0;
    if (*p == '!' || *p == '^') {
        negate = 1;
        p++;
    }
    const char *last = end - 1; /* the closing ']' */
    int first = 1;
    while (p < last) {
        size_t n;
        if (*p == ']' && !first)
            break;
        first = 0;
        if (*p == '\\' && p + 1 < last)
            p++;
        uint32_t lo = next_cp(p, &n), hi = lo;
        p += n;
        if (*p == '-' && p + 1 < last) {
            p++;
            if (*p == '\\' && p + 1 < last)
                p++;
            hi = next_cp(p, &n);
            p += n;
        }
        uint32_t other = c; /* c in the other case, for --iglob */
        if (nocase && c >= 'a' && c <= 'z')
            other = c - 32;
        else if (nocase && c >= 'A' && c <= 'Z')
            other = c + 32;
        if ((c >= lo && c <= hi) || (other >= lo && other <= hi))
            found = 1;
    }
    return found != negate;
}

/* Whether the glob p matches all of s. pstart is the glob's start, to tell whether a
 * '**' is a whole path component. */
static int glob_match(const char *pstart, const char *p, const char *s, int nocase)
{
    for (;;) {
        switch (*p) {
        case '\0':
            return *s == '\0';
        case '*': {
            int whole = (p == pstart || p[-1] == '/') && p[1] == '*' && (p[2] == '/' || !p[2]);
            if (whole && !p[2])
                return 1; /* a trailing '**' matches everything below */
            if (whole) {
                /* A whole '**' then a slash: zero or more folders. */
                const char *rest = p + 3;
                if (glob_match(pstart, rest, s, nocase))
                    return 1;
                for (const char *q = s; *q; q++)
                    if (*q == '/' && glob_match(pstart, rest, q + 1, nocase))
                        return 1;
                return 0;
            }
            while (*p == '*')
                p++;
            if (!*p)
                return !strchr(s, '/');
            for (const char *q = s;; q++) {
                if (glob_match(pstart, p, q, nocase))
                    return 1;
                if (!*q || *q == '/')
                    return 0;
            }
        }
        case '?': /* one byte, as in git and ripgrep */
            if (!*s || *s == '/')
                return 0;
            s++;
            p++;
            break;
        case '[': {
            const char *end = class_end(p);
            if (end) {
                if (!*s || *s == '/')
                    return 0;
                size_t n;
                uint32_t c = next_cp(s, &n);
                if (!class_has(p, end, c, nocase))
                    return 0;
                s += n;
                p = end;
                break;
            }
            /* An unclosed '[' (refused when compiled) stands for itself. */
        }
        /* fall through */
        default: {
            if (*p == '\\' && p[1])
                p++;
            if (!*s || (nocase ? lower((unsigned char)*p) != lower((unsigned char)*s) : *p != *s))
                return 0;
            p++;
            s++;
        }
        }
    }
}

static const char *glob_check(const char *g)
{
    for (const char *p = g; *p; p++) {
        if (*p == '\\' && p[1])
            p++;
        else if (*p == '[') {
            const char *end = class_end(p);
            if (!end)
                return "unclosed character class; missing ']'";
            p = end - 1;
        }
    }
    return NULL;
}

cg_status cg_ignore_add_line(cg_ignore *ig, const char *line, size_t len, int nocase,
                             const char **why)
{
    *why = NULL;
    if (len && line[0] == '#')
        return CG_OK;
    /* Trailing whitespace goes, unless the line ends with an escaped space. */
    if (!(len >= 2 && line[len - 1] == ' ' && line[len - 2] == '\\'))
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r' ||
                       line[len - 1] == '\n' || line[len - 1] == '\v' || line[len - 1] == '\f'))
            len--;
    if (!len)
        return CG_OK;
    cg_ignore_pat pat = {.nocase = (unsigned char)!!nocase};
    int anchored = 0;
    if (len >= 2 && line[0] == '\\' && (line[1] == '!' || line[1] == '#')) {
        line++, len--;
    } else {
        if (line[0] == '!') {
            pat.negate = 1;
            line++, len--;
        }
        if (len && line[0] == '/') {
            anchored = 1;
            line++, len--;
        }
    }
    if (len && line[len - 1] == '/') {
        pat.dir_only = 1;
        len--;
        if (len && line[len - 1] == '\\')
            len--;
    }
    if (!len)
        return CG_OK;
    pat.basename = !anchored && !memchr(line, '/', len);
    /* A trailing slash and '**' match what is inside, not the folder itself. */
    int inside = len >= 3 && !memcmp(line + len - 3, "/**", 3);
    pat.glob = malloc(len + 3);
    if (!pat.glob)
        return CG_ENOMEM;
    memcpy(pat.glob, line, len);
    if (inside)
        memcpy(pat.glob + len, "/*", 2), len += 2;
    pat.glob[len] = '\0';
    /* A leading '**' and slash before a last component: a basename pattern too. */
    if (!pat.basename && !anchored && !strncmp(pat.glob, "**/", 3) && !strchr(pat.glob + 3, '/')) {
        memmove(pat.glob, pat.glob + 3, strlen(pat.glob + 3) + 1);
        pat.basename = 1;
    }
    if ((*why = glob_check(pat.glob))) {
        free(pat.glob);
        return CG_EINVAL;
    }
    if (ig->n == ig->cap) {
        size_t cap = ig->cap ? ig->cap * 2 : 8;
        cg_ignore_pat *np = realloc(ig->pat, cap * sizeof *np);
        if (!np) {
            free(pat.glob);
            return CG_ENOMEM;
        }
        ig->pat = np;
        ig->cap = cap;
    }
    ig->pat[ig->n++] = pat;
    ig->nnegated += pat.negate;
    return CG_OK;
}

cg_status cg_ignore_load(cg_ignore *ig, const char *path,
                         void (*warn)(const char *path, const char *what))
{
    /* O_NONBLOCK: a FIFO named .gitignore must not hang the walk. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            warn(path, strerror(errno));
        return CG_OK;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        warn(path, "not a regular file: ignored");
        close(fd);
        return CG_OK;
    }
    cg_buf text = {0};
    cg_status rc = CG_OK;
    for (;;) {
        if ((rc = cg_buf_reserve(&text, 4096)))
            break;
        ssize_t n = read(fd, text.ptr + text.len, text.cap - text.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            warn(path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        text.len += (size_t)n;
    }
    close(fd);
    size_t lineno = 0;
    for (size_t i = 0; !rc && i < text.len;) {
        const char *nl = memchr(text.ptr + i, '\n', text.len - i);
        size_t end = nl ? (size_t)(nl - text.ptr) : text.len;
        const char *why;
        lineno++;
        /* A line holding a NUL byte cannot be a path pattern: skipped. */
        if (!memchr(text.ptr + i, '\0', end - i)) {
            rc = cg_ignore_add_line(ig, text.ptr + i, end - i, 0, &why);
            if (rc == CG_EINVAL) {
                char msg[160];
                snprintf(msg, sizeof msg, "line %zu: %s: pattern ignored", lineno, why);
                warn(path, msg);
                rc = CG_OK;
            }
        }
        i = end + 1;
    }
    cg_buf_free(&text);
    return rc;
}

cg_ign_match cg_ignore_match(const cg_ignore *ig, const char *rel, int is_dir)
{
    if (!ig->n)
        return CG_IGN_NONE; /* most folders have no ignore file of a kind */
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    for (size_t i = ig->n; i-- > 0;) {
        const cg_ignore_pat *p = &ig->pat[i];
        if (p->dir_only && !is_dir)
            continue;
        const char *s = p->basename ? base : rel;
        if (glob_match(p->glob, p->glob, s, p->nocase))
            return p->negate ? CG_IGN_WHITELIST : CG_IGN_IGNORE;
    }
    return CG_IGN_NONE;
}

void cg_ignore_free(cg_ignore *ig)
{
    for (size_t i = 0; i < ig->n; i++)
        free(ig->pat[i].glob);
    free(ig->pat);
    memset(ig, 0, sizeof *ig);
}
