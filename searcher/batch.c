/* batch.c — the batch-file reader (batch.h). A TREC topic file is recognised by its
 * first non-blank line being "<top>"; its queries are the <title> texts (a
 * "Topic:" label dropped), their ids the <num> values (a "Number:" label dropped),
 * the format of the TREC ad hoc topics that trec_eval runs use. */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <stdlib.h>
#include <string.h>

cg_status cg_batch_open(cg_batch *b, const char *name)
{
    memset(b, 0, sizeof *b);
    b->name = name;
    b->topics = -1;
    b->f = strcmp(name, "-") ? fopen(name, "r") : stdin;
    return b->f ? CG_OK : CG_EIO;
}

void cg_batch_close(cg_batch *b)
{
    if (b->f && b->f != stdin)
        fclose(b->f);
    free(b->line);
    cg_buf_free(&b->id);
    cg_buf_free(&b->query);
    memset(b, 0, sizeof *b);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s without leading and trailing blanks and without a leading label ("Number:"). */
static void put_trimmed(cg_buf *out, const char *s, const char *label)
{
    while (is_blank(*s))
        s++;
    size_t ll = strlen(label);
    if (!strncmp(s, label, ll))
        for (s += ll; is_blank(*s); s++)
            ;
    size_t n = strlen(s);
    while (n && is_blank(s[n - 1]))
        n--;
    if (out->len && n)
        cg_buf_putc(out, ' ');
    cg_buf_append(out, s, n);
}

/* Reads one line without its line break; 0 at the end of the file. */
static int read_line(cg_batch *b)
{
    ssize_t n = getline(&b->line, &b->cap, b->f);
    if (n < 0)
        return 0;
    b->lineno++;
    while (n > 0 && (b->line[n - 1] == '\n' || b->line[n - 1] == '\r'))
        b->line[--n] = '\0';
    return 1;
}

/* Reads up to the end of the next topic; opened: its <top> line was read already. */
static int next_topic(cg_batch *b, int opened)
{
    enum { OUTSIDE, NUM, TITLE, OTHER } in = opened ? OTHER : OUTSIDE;
    cg_buf_clear(&b->id);
    cg_buf_clear(&b->query);
    size_t first = b->lineno;
    while (read_line(b)) {
        const char *s = b->line;
        while (is_blank(*s))
            s++;
        if (!strncmp(s, "<top>", 5)) {
            in = OTHER;
            first = b->lineno;
            continue;
        }
        if (!strncmp(s, "</top>", 6)) {
            snprintf(b->where, sizeof b->where, "%s:%zu", strcmp(b->name, "-") ? "batch" : "stdin",
                     first);
            if (!b->id.len)
                cg_buf_printf(&b->id, "%zu", first);
            return 1;
        }
        if (in == OUTSIDE)
            continue;
        if (*s == '<') {
            const char *close = strchr(s, '>');
            in = !strncmp(s, "<num>", 5) ? NUM : !strncmp(s, "<title>", 7) ? TITLE : OTHER;
            s = close ? close + 1 : s + strlen(s);
        }
        if (in == NUM)
            put_trimmed(&b->id, s, "Number:");
        else if (in == TITLE)
            put_trimmed(&b->query, s, "Topic:");
    }
    return 0;
}

int cg_batch_next(cg_batch *b)
{
    if (b->topics == 1)
        return next_topic(b, 0) ? 1 : ferror(b->f) ? -1 : 0;
    while (read_line(b)) {
        const char *q = b->line;
        while (*q == ' ' || *q == '\t')
            q++;
        if (!*q || *q == '#')
            continue;
        if (b->topics == -1 && !strncmp(q, "<top>", 5)) {
            /* The first query line opens a topic: read the file as topics. */
            b->topics = 1;
            return next_topic(b, 1) ? 1 : ferror(b->f) ? -1 : 0;
        }
        b->topics = 0;
        cg_buf_clear(&b->id);
        cg_buf_clear(&b->query);
        const char *tab = strchr(b->line, '\t');
        if (tab && tab > b->line) {
            cg_buf_append(&b->id, b->line, (size_t)(tab - b->line));
            q = tab + 1;
        } else {
            cg_buf_printf(&b->id, "%zu", b->lineno);
        }
        cg_buf_puts(&b->query, q);
        snprintf(b->where, sizeof b->where, "%s:%zu", strcmp(b->name, "-") ? "batch" : "stdin",
                 b->lineno);
        return 1;
    }
    return ferror(b->f) ? -1 : 0;
}
