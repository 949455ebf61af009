/* output.c — printing results in the chosen format. Markdown and HTML go through
 * cmark (render.c); on a terminal Markdown becomes coloured text, as ripgrep's
 * output does, because raw `**` marks are harder to read than colour. */
#include "output.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cg_output_parse_format(const char *s, cg_format *out)
{
    if (!strcmp(s, "md") || !strcmp(s, "markdown"))
        *out = CG_FORMAT_MD;
    else if (!strcmp(s, "text"))
        *out = CG_FORMAT_TEXT;
    else if (!strcmp(s, "html"))
        *out = CG_FORMAT_HTML;
    else
        return -1;
    return 0;
}

int cg_output_parse_color(const char *s, int *out_mode)
{
    if (!strcmp(s, "never"))
        *out_mode = 0;
    else if (!strcmp(s, "always"))
        *out_mode = 1;
    else if (!strcmp(s, "auto"))
        *out_mode = 2;
    else
        return -1;
    return 0;
}

cg_status cg_output_query_header(cg_output *o, const char *id, const char *query)
{
    if (o->format == CG_FORMAT_TEXT || o->color)
        return cg_buf_printf(&o->buf, "%s# query %s: %s%s\n", o->color ? "\033[1m" : "", id, query,
                             o->color ? "\033[0m" : "");
    /* cmark's default allocator aborts when out of memory, so nodes are not checked. */
    cg_buf label = {0};
    cg_status rc = cg_buf_printf(&label, "query %s: %s", id, query);
    if (rc)
        return rc;
    cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_heading_level(h, 1);
    cmark_node_set_literal(t, label.ptr);
    cmark_node_append_child(h, t);
    cmark_node_append_child(doc, h);
    char *s = o->format == CG_FORMAT_HTML ? cmark_render_html(doc, CMARK_OPT_DEFAULT)
                                          : cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
    cmark_node_free(doc);
    cg_buf_free(&label);
    rc = s ? cg_buf_puts(&o->buf, s) : CG_ENOMEM;
    if (!rc && o->format == CG_FORMAT_MD)
        rc = cg_buf_putc(&o->buf, '\n');
    free(s);
    return rc;
}

cg_status cg_output_result(cg_output *o, const cg_result *r)
{
    if (o->format == CG_FORMAT_HTML)
        return cg_render_html(r, &o->buf);
    if (o->format == CG_FORMAT_TEXT || o->color) {
        cg_status rc = cg_render_text(r, o->color, &o->buf);
        return rc ? rc : cg_buf_putc(&o->buf, '\n');
    }
    return cg_render_md(r, &o->buf);
}

cg_status cg_output_line(cg_output *o, const char *prefix, const char *line, const char *suffix)
{
    return cg_buf_printf(&o->buf, "%s%s%s\n", prefix ? prefix : "", line, suffix ? suffix : "");
}

cg_status cg_output_flush(cg_output *o)
{
    if (o->buf.len && fwrite(o->buf.ptr, 1, o->buf.len, stdout) != o->buf.len)
        return CG_EIO;
    cg_buf_clear(&o->buf);
    return fflush(stdout) ? CG_EIO : CG_OK;
}
