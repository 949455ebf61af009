/* render.h — one search result as Markdown, HTML (both through cmark) or text. */
#ifndef CG_RENDER_H
#define CG_RENDER_H

#include "cg.h"
#include "explain.h"
#include "snippet.h"

typedef struct cg_result {
    const char *path;            /* as shown to the user */
    double score;
    size_t rank;                 /* 1-based */
    const char *note;            /* e.g. that the file changed since indexing; or NULL */
    const char *src;             /* the text the snippets were cut from */
    size_t src_len;
    uint64_t src_offset;         /* where src starts in the file's decoded text (a part of
                                    a big file); 0 for the whole file */
    uint64_t src_line;           /* the line src starts on; 0 means 1 */
    const cg_file_matches *m;
    const cg_explanation *explain; /* why it scored so (--explain), or NULL */
} cg_result;

/* Append the rendering of r to out. */
cg_status cg_render_md(const cg_result *r, cg_buf *out);
cg_status cg_render_html(const cg_result *r, cg_buf *out);
/* A batch query's heading ("query ID: TEXT"), level 1, as Markdown or HTML. */
cg_status cg_render_query_heading(const char *id, const char *query, int html, cg_buf *out);
/* Plain text; with color, ANSI colours as ripgrep uses them. */
cg_status cg_render_text(const cg_result *r, int color, cg_buf *out);

/* Appends src[a..b), a stretch of snippet sn, as one line of snippet text: white
 * space holding a line break becomes one space, or nothing where sn says (a line
 * break inside CJK text); a tab, form feed or vertical tab a space. The same for
 * any split of the snippet into stretches (text, match, text, ...). */
cg_status cg_snippet_text(const cg_snippet *sn, const char *src, size_t a, size_t b,
                          cg_buf *out);

#endif
