/* test-render.c — Markdown and HTML output through cmark. The contract: parsing the
 * Markdown again with cmark gives back the document text literally (metacharacters
 * and all), with each match as **strong**; snippets are cut on character boundaries
 * and marked with … where text was cut. */
#include "query.h"
#include "render.h"
#include "snippet.h"

#include <cmark.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

typedef struct rendered {
    char *md;
    char *expect_text; /* the snippet's text as the user should read it */
} rendered;

/* Renders the best passage of src for query q as Markdown. */
static rendered render(const char *src, const char *q, const char *path)
{
    cg_pipeline *pl;
    char *msg = NULL;
    cr_assert_eq(cg_pipeline_new(&pl, &msg), CG_OK);
    cg_query *query;
    cr_assert_eq(cg_query_parse(pl, q, strlen(q), 0, &query, &msg), CG_OK, "%s", msg ? msg : "");
    cg_text t = {0};
    cr_assert_eq(cg_pipeline_run(pl, src, strlen(src), &t), CG_OK);
    cg_occurrence *occ = NULL;
    size_t nocc = 0, cap = 0;
    cr_assert_eq(cg_query_find(query, &t, &occ, &nocc, &cap), CG_OK);
    cr_assert_gt(nocc, 0, "no match of %s", q);
    cg_file_matches m;
    cr_assert_eq(cg_file_matches_build(&t, src, strlen(src), occ, nocc, 0, &m), CG_OK);
    cg_result r = {.path = path, .score = 1.5, .rank = 1, .src = src, .m = &m};
    cg_buf out = {0}, expect = {0};
    cr_assert_eq(cg_render_md(&r, &out), CG_OK);
    const cg_snippet *sn = &m.snip[0];
    if (sn->cut_before)
        cg_buf_puts(&expect, "…");
    cg_snippet_text(sn, src, sn->start, sn->end, &expect);
    if (sn->cut_after)
        cg_buf_puts(&expect, "…");
    rendered res = {cg_buf_detach(&out), cg_buf_detach(&expect)};
    cg_file_matches_free(&m);
    free(occ);
    cg_text_free(&t);
    cg_query_free(query);
    cg_pipeline_free(pl);
    return res;
}

/* The literal text of the first paragraph (strong content included) and of the
 * strong nodes, joined by "|", from parsing md again. */
static void reparse(const char *md, cg_buf *para_text, cg_buf *strong_text, cg_buf *heading_code)
{
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int paras = 0, in_para = 0, in_strong = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ty == CMARK_NODE_PARAGRAPH) {
            in_para = ev == CMARK_EVENT_ENTER && ++paras == 1;
            continue;
        }
        if (ty == CMARK_NODE_STRONG) {
            in_strong = ev == CMARK_EVENT_ENTER;
            if (in_strong && strong_text->len)
                cg_buf_putc(strong_text, '|');
            continue;
        }
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty == CMARK_NODE_CODE && cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_HEADING)
            cg_buf_puts(heading_code, cmark_node_get_literal(n));
        if (!in_para)
            continue;
        const char *lit = NULL;
        if (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE || ty == CMARK_NODE_HTML_INLINE)
            lit = cmark_node_get_literal(n);
        else if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK)
            lit = "\n";
        if (lit) {
            cg_buf_puts(para_text, lit);
            if (in_strong)
                cg_buf_puts(strong_text, lit);
        }
        cr_expect(ty == CMARK_NODE_TEXT || ty == CMARK_NODE_STRONG,
                  "unexpected %s node in the snippet", cmark_node_get_type_string(n));
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
}

struct roundtrip {
    char src[200];
    char query[40];
    char strong[60];
};

static struct roundtrip rows[] = {
    {"*星号* _下划线_ [链接](http://x) `代码` 布达佩斯公约 **粗体**", "布达佩斯公约", "布达佩斯公约"},
    {"# 不是标题 布达佩斯公约 > 不是引用 | 表格 | ~~删除~~ \\反斜杠\\", "布达佩斯公约", "布达佩斯公约"},
    {"<b>标签</b> <script>alert(1)</script> &amp; 布达佩斯公约 &lt;", "布达佩斯公约", "布达佩斯公约"},
    {"- 列表 1. 编号 布达佩斯公约 +加号 =等号", "布达佩斯公约", "布达佩斯公约"},
    /* Control characters come back in their visible form (escape.h), never raw. */
    {"标题\x1b]0;pwned\x07 清屏\x1b[2J 布达佩斯公约 \xc2\x9b \x7f 结尾", "布达佩斯公约", "布达佩斯公约"},
    {"Use *kernel* `modules` [x] in_the_kernel_docs: kernel_module", "kernel", "kernel"},
    {"加強(qiáng)並推動(dòng)區域 ** 合作", "加强并推动", "加強(qiáng)並推動"},
    {"the CLOUD Act (CLOUD Act) under 云法案(CLOUD Act)", "\"云法案(CLOUD Act)\"", "云法案(CLOUD Act"},
    /* Matches of two parts that touch, directly or across a line break shown as
     * nothing: one strong span ("**a****b**" does not parse back). */
    {"推动网络恐怖主义研究", "网络 恐怖", "网络恐怖"},
    {"区域网络反恐合作\n联合国不断推进", "反恐合作 联合国", "反恐合作联合国"},
};

ParameterizedTestParameters(render, markdown_round_trips_through_cmark)
{
    return cr_make_param_array(struct roundtrip, rows, sizeof rows / sizeof rows[0]);
}

ParameterizedTest(struct roundtrip *row, render, markdown_round_trips_through_cmark)
{
    rendered r = render(row->src, row->query, "docs/a_b*c [1].txt");
    cg_buf para = {0}, strong = {0}, code = {0};
    reparse(r.md, &para, &strong, &code);
    cr_expect_str_eq(para.ptr ? para.ptr : "", r.expect_text, "markdown was:\n%s", r.md);
    cr_expect_str_eq(strong.ptr ? strong.ptr : "", row->strong, "markdown was:\n%s", r.md);
    cr_expect_str_eq(code.ptr ? code.ptr : "", "docs/a_b*c [1].txt:1", "markdown was:\n%s", r.md);
    cg_buf_free(&para);
    cg_buf_free(&strong);
    cg_buf_free(&code);
    free(r.md);
    free(r.expect_text);
}

Test(render, long_text_is_cut_on_character_boundaries_with_ellipses)
{
    cg_buf src = {0};
    for (int i = 0; i < 300; i++)
        cg_buf_puts(&src, "網絡");
    cg_buf_puts(&src, "布達佩斯公約");
    for (int i = 0; i < 300; i++)
        cg_buf_puts(&src, "犯罪");
    rendered r = render(src.ptr, "布达佩斯公约", "x.txt");
    cr_expect(strstr(r.md, "…") != NULL);
    cr_expect_eq(cg_utf8_check(r.md, strlen(r.md)), strlen(r.md), "cut inside a character");
    const char *p = strstr(r.expect_text, "…");
    cr_expect(p == r.expect_text, "starts with …: %s", r.expect_text);
    cr_expect(!strcmp(r.expect_text + strlen(r.expect_text) - strlen("…"), "…"));
    cg_buf para = {0}, strong = {0}, code = {0};
    reparse(r.md, &para, &strong, &code);
    cr_expect_str_eq(strong.ptr, "布達佩斯公約");
    cg_buf_free(&para);
    cg_buf_free(&strong);
    cg_buf_free(&code);
    free(r.md);
    free(r.expect_text);
    cg_buf_free(&src);
}

Test(render, html_escapes_document_text)
{
    const char *src = "<script>alert(1)</script> 布达佩斯公约";
    cg_pipeline *pl;
    char *msg;
    cr_assert_eq(cg_pipeline_new(&pl, &msg), CG_OK);
    cg_query *q;
    cr_assert_eq(cg_query_parse(pl, "布达佩斯公约", strlen("布达佩斯公约"), 0, &q, &msg), CG_OK);
    cg_text t = {0};
    cg_pipeline_run(pl, src, strlen(src), &t);
    cg_occurrence *occ = NULL;
    size_t n = 0, cap = 0;
    cg_query_find(q, &t, &occ, &n, &cap);
    cg_file_matches m;
    cr_assert_eq(cg_file_matches_build(&t, src, strlen(src), occ, n, 0, &m), CG_OK);
    cg_result r = {.path = "<p>.txt", .score = 1, .rank = 1, .src = src, .m = &m};
    cg_buf out = {0};
    cr_assert_eq(cg_render_html(&r, &out), CG_OK);
    cr_expect(strstr(out.ptr, "<strong>布达佩斯公约</strong>") != NULL, "%s", out.ptr);
    cr_expect(strstr(out.ptr, "&lt;script&gt;") != NULL, "%s", out.ptr);
    cr_expect(strstr(out.ptr, "<script>") == NULL, "%s", out.ptr);
    cr_expect(strstr(out.ptr, "&lt;p&gt;.txt") != NULL, "%s", out.ptr);
    cg_buf_free(&out);
    cg_file_matches_free(&m);
    free(occ);
    cg_text_free(&t);
    cg_query_free(q);
    cg_pipeline_free(pl);
}

/* No byte of s is a C0 control other than tab and line feed, DEL, or a C1 control. */
static int no_raw_controls(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if ((*u < 0x20 && *u != '\t' && *u != '\n') || *u == 0x7F ||
            (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F))
            return 0;
    return 1;
}

Test(render, control_characters_are_escaped_in_markdown_and_html)
{
    const char *src = "标题\x1b]0;pwned\x07 清屏\x1b[2J 布达佩斯公约 \xc2\x9b \x7f 回车\r结尾";
    rendered r = render(src, "布达佩斯公约", "a\nb\x1b.txt");
    cr_expect(no_raw_controls(r.md), "raw control in:\n%s", r.md);
    cr_expect_str_eq(r.expect_text, "标题\\x1b]0;pwned\\x07 清屏\\x1b[2J 布达佩斯公约 \\u{9b} \\x7f 回车结尾");
    cg_buf para = {0}, strong = {0}, code = {0};
    reparse(r.md, &para, &strong, &code);
    cr_expect_str_eq(para.ptr, r.expect_text, "markdown was:\n%s", r.md);
    cr_expect_str_eq(code.ptr, "a\\x0ab\\x1b.txt:1", "markdown was:\n%s", r.md);
    cg_buf_free(&para);
    cg_buf_free(&strong);
    cg_buf_free(&code);
    free(r.md);
    free(r.expect_text);
}
