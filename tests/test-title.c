/* test-title.c — a file's title and headings (shared/title.h) on hand-made texts, one
 * rule of the documented ones (doc/cgsearch.1, QUERY SYNTAX and RANKING) per test,
 * with its edge cases; and the whole-title key, through the real pipeline, being the
 * same for texts that differ only in punctuation, spacing, width or script. */
#include "cg.h"
#include "title.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* The title of s as a string ("(none)" when there is none). Caller frees. */
static char *title_of(const char *s, size_t len)
{
    size_t start = 0, end = 0;
    if (!cg_title_find(s, len, &start, &end))
        return strdup("(none)");
    cr_assert(start <= end && end <= len, "title [%zu, %zu) outside the text (%zu bytes)", start,
              end, len);
    return strndup(s + start, end - start);
}

#define expect_title(text, want)                                                              \
    do {                                                                                      \
        char *got_ = title_of(text, strlen(text));                                            \
        cr_expect_str_eq(got_, want, "text \"%s\": title \"%s\", want \"%s\"", text, got_, want); \
        free(got_);                                                                           \
    } while (0)

/* Every heading of s, each followed by '|'. Caller frees. */
static char *headings_of(const char *s)
{
    size_t len = strlen(s), at = 0, start, end, last_at = 0;
    cg_buf out = {0};
    while (cg_heading_next(s, len, &at, &start, &end)) {
        cr_assert(start < end && end <= at && at <= len && at > last_at,
                  "heading [%zu, %zu), next at %zu: out of order", start, end, at);
        last_at = at;
        cg_buf_append(&out, s + start, end - start);
        cg_buf_putc(&out, '|');
    }
    cr_assert_eq(at, len, "the scan stops at %zu of %zu bytes", at, len);
    cg_buf_putc(&out, '\0');
    return cg_buf_detach(&out);
}

#define expect_headings(text, want)                                                           \
    do {                                                                                      \
        char *got_ = headings_of(text);                                                       \
        cr_expect_str_eq(got_, want, "text \"%s\": headings \"%s\", want \"%s\"", text, got_, \
                         want);                                                               \
        free(got_);                                                                           \
    } while (0)

/* ---- titles */

Test(title, none_in_empty_blank_or_punctuation_only_text)
{
    expect_title("", "(none)");
    expect_title("\n\n   \n\t\n", "(none)");
    expect_title("=====\n-----\n***\n\n......\n", "(none)");
    expect_title("\xEF\xBB\xBF", "(none)");
    expect_title("\xEF\xBB\xBF\r\n\r\n", "(none)");
    expect_title("#\n###\n", "(none)"); /* Markdown heading marks, nothing after them */
    expect_title("，。！\n——\n", "(none)");  /* CJK punctuation says nothing either */
}

Test(title, first_line_that_says_something)
{
    expect_title("Hello world\nsecond line\n", "Hello world");
    expect_title("\n\n  \nHello world", "Hello world"); /* no final line break */
    expect_title("\n\n*** ---\n  Indented title  \nbody", "Indented title");
    expect_title("--- 1 ---\n", "--- 1 ---"); /* a digit says something */
    expect_title("要有礼貌\n\n在 Debian 这种规模的项目中", "要有礼貌");
    expect_title("《感遇》其一\n", "《感遇》其一");
    expect_title(":) smile\n", ":) smile"); /* not a field: no closing colon */
    expect_title("..foo\n", "..foo");         /* not a directive: no space after .. */
}

Test(title, bom_and_crlf)
{
    expect_title("\xEF\xBB\xBFTitle\r\nbody\r\n", "Title");
    expect_title("\xEF\xBB\xBF\r\n\r\n---\r\n  标题 一  \r\n", "标题 一");
    const char *s = "\xEF\xBB\xBFT\r\n";
    size_t start, end;
    cr_assert(cg_title_find(s, strlen(s), &start, &end));
    cr_expect_eq(start, 3, "the title starts after the BOM, at %zu", start);
    cr_expect_eq(end, 4);
}

Test(title, markdown_heading_marks_removed)
{
    expect_title("# Getting started\n\ntext", "Getting started");
    expect_title("\n###   Deep   heading\n", "Deep   heading");
    expect_title("#hashtag line\n", "#hashtag line"); /* no space: not a heading */
    expect_title("  ## Indented\n", "Indented");
    expect_title("#\n\n# 入门\n", "入门");
}

Test(title, cut_at_300_bytes_at_a_character_boundary)
{
    /* "a" then 133 three-byte characters (400 bytes): byte 300 falls inside the
     * 100th character, so the title keeps 1 + 99 * 3 = 298 bytes. */
    char s[512] = "a";
    for (int i = 0; i < 133; i++)
        strcat(s, "汉");
    strcat(s, "\nbody\n");
    size_t start, end;
    cr_assert(cg_title_find(s, strlen(s), &start, &end));
    cr_expect_eq(start, 0);
    cr_expect_eq(end - start, 298, "title of %zu bytes", end - start);
    cr_expect_leq(end - start, CG_TITLE_MAX_BYTES);
    /* Three-byte characters from byte 0: 300 is a boundary and the cut is exact. */
    char t[512] = "";
    for (int i = 0; i < 134; i++)
        strcat(t, "汉");
    cr_assert(cg_title_find(t, strlen(t), &start, &end));
    cr_expect_eq(end - start, 300);
    /* Four-byte characters after "ab": 300 is 2 bytes into the 75th one. */
    char u[512] = "ab";
    for (int i = 0; i < 100; i++)
        strcat(u, "\U00020000");
    cr_assert(cg_title_find(u, strlen(u), &start, &end));
    cr_expect_eq(end - start, 298);
    /* A line of exactly 300 bytes is kept whole; 301 ASCII bytes lose one. */
    char v[400];
    memset(v, 'x', 301);
    v[301] = '\0';
    cr_assert(cg_title_find(v, 300, &start, &end));
    cr_expect_eq(end - start, 300);
    cr_assert(cg_title_find(v, 301, &start, &end));
    cr_expect_eq(end - start, 300);
}

Test(title, only_the_first_64k_are_read)
{
    size_t n = CG_TITLE_SCAN_BYTES + 10;
    char *s = malloc(n + 16);
    memset(s, '\n', n);
    strcpy(s + n, "late title\n");
    char *got = title_of(s, strlen(s));
    cr_expect_str_eq(got, "(none)");
    free(got);
    strcpy(s + CG_TITLE_SCAN_BYTES - 20, "early title\n");
    got = title_of(s, strlen(s));
    cr_expect_str_eq(got, "early title");
    free(got);
    free(s);
}

Test(title, man_page_line_under_name)
{
    expect_title("LS(1)                     User Commands                    LS(1)\n"
                  "\n"
                  "NAME\n"
                  "       ls - list directory contents\n"
                  "\n"
                  "SYNOPSIS\n"
                  "       ls [OPTION]... [FILE]...\n",
                  "ls - list directory contents");
    /* zh_CN manual pages: NAME(名称), or 名称 alone (名稱 in zh_TW) */
    expect_title("LS(1)                       用户命令                       LS(1)\n"
                 "\n"
                 "NAME(名称)\n"
                 "       ls - 列出目录内容\n"
                 "\n"
                 "总览(SYNOPSIS)\n",
                 "ls - 列出目录内容");
    expect_title("CP(1)    用户命令    CP(1)\n\n名称\n       cp - 复制文件和目录\n", "cp - 复制文件和目录");
    expect_title("CP(1)    使用者命令    CP(1)\n\n名稱\n   cp - 複製檔案\n", "cp - 複製檔案");
    expect_title("GIT-LOG(1)   Git Manual   GIT-LOG(1)\n\nNAME\n       git-log - Show commit logs\n",
                 "git-log - Show commit logs");
}

Test(title, man_page_without_a_name_section_keeps_its_header)
{
    /* another section first: the header line is the title */
    expect_title("LS(1)    User Commands    LS(1)\n\nSYNOPSIS\n       ls\n\nNAME\n   ls - list\n",
                 "LS(1)    User Commands    LS(1)");
    /* NAME, then nothing */
    expect_title("LS(1)    User Commands    LS(1)\n\nNAME\n\n", "LS(1)    User Commands    LS(1)");
    /* not a header: the two ends differ, or no section in parentheses */
    expect_title("LS(1) User Commands CP(1)\n\nNAME\n   ls - list\n", "LS(1) User Commands CP(1)");
    expect_title("Hello (there) Hello (there)\n\nNAME\n   x\n", "Hello (there) Hello (there)");
}

Test(title, restructuredtext_directives_and_fields_skipped)
{
    /* A translated Debian document: an include, the original's name, the translator
     * (a field whose value goes on on an indented line), then an over- and
     * underlined title. */
    expect_title(".. include:: ../header.rst\n"
                 "\n"
                 ":Original: `Debian Policy <policy.rst>`_\n"
                 ":翻译: 张三 <zhang@example.org>\n"
                 "       李四 <li@example.org>\n"
                 "\n"
                 "==============\n"
                 "Debian 政策手册\n"
                 "==============\n"
                 "\n"
                 "正文。\n",
                 "Debian 政策手册");
    expect_title(".. comment\n   goes on here\nTitle\n", "Title");
    expect_title("..\n   an empty comment's body\n\nTitle\n", "Title");
    expect_title(":Author: me\n:Date: today\n:Version:\n\nReal title\n", "Real title");
    expect_title(".. |sub| image:: x.png\n.. _label:\n\nReal title\n", "Real title");
    /* a role, not a field: no space after the closing colon */
    expect_title(":ref:`intro` comes first\n", ":ref:`intro` comes first");
    /* an indented line not under markup is a title */
    expect_title("   indented first\n", "indented first");
    /* a line with '::' at its start is no field list, and says nothing */
    expect_title("::\n\n    code\n", "code");
}

/* ---- headings */

Test(heading, none_in_empty_or_plain_text)
{
    expect_headings("", "");
    expect_headings("\n\n", "");
    expect_headings("just a paragraph\nand another line\n", "");
    expect_headings("=====\n-----\n", ""); /* underlines of nothing */
}

Test(heading, numbered_lines)
{
    expect_headings("6.1.1. Syntax\n\nThe syntax is simple.\n", "6.1.1. Syntax|");
    expect_headings("3. Usage\nRun it.\n", "3. Usage|");
    expect_headings("A paragraph.\n\n  4.2. 安装\n\n正文\n", "4.2. 安装|");
    expect_headings("text\n7. Last one", "7. Last one|"); /* at the end of the text */
    /* not numbered: no dot, no space after the number, a dot first, no text */
    expect_headings("2024 was a year\n", "");
    expect_headings("6.1.Syntax\n", "");
    expect_headings(".1. Syntax\n", "");
    expect_headings("6.1.  Syntax\n", ""); /* two spaces: a number, then a gap */
    expect_headings("6.1.\n", "");
    expect_headings("v6.1. Syntax\n", "");
}

Test(heading, a_table_of_contents_is_no_heading)
{
    /* Each entry but the last is followed by another entry: a list. The last entry,
     * followed by prose, is a heading by the rule (maint-guide's TOCs end so). */
    expect_headings("目录\n"
                    "6.1. 完整的(重)构建\n"
                    "6.2. 自动编译系统\n"
                    "\n"
                    "6.3. debuild 命令\n"
                    "本教程文档已被重写。\n"
                    "\n"
                    "6.1. 完整的(重)构建\n"
                    "\n"
                    "为了正确地完整构建软件包……\n",
                    "6.3. debuild 命令|6.1. 完整的(重)构建|");
    /* a numbered list ending the text: its last item stands alone, a heading */
    expect_headings("1. one\n2. two\n3. three\n", "3. three|");
    /* a numbered line, then blank lines, then a numbered line: still a list */
    expect_headings("1. one\n\n\n\n2. two\nprose\n", "2. two|");
}

Test(heading, underlined_lines)
{
    expect_headings("Title\n=====\n\nText.\n\nSection\n-------\nMore.\n", "Title|Section|");
    expect_headings("a\n~~~\nb\n^^^\nc\n***\nd\n+++\ne\n###\n", "a|b|c|d|e|");
    expect_headings("Title\r\n=====\r\nbody\r\n", "Title|");
    /* reStructuredText's over- and underline */
    expect_headings("========\n 标题 \n========\n\n正文\n", "标题|");
    /* not underlines: too short, mixed, indented, other characters */
    expect_headings("Title\n==\n", "");
    expect_headings("Title\n=-=-=\n", "");
    expect_headings("Title\n  =====\n", "");
    expect_headings("Title\n.....\n", "");
    expect_headings("Title\n\n=====\n", ""); /* a blank line between */
    /* an underline is consumed: the line under it is looked at afresh */
    expect_headings("A\n===\nB\n---\n", "A|B|");
}

Test(heading, markdown_hashes)
{
    expect_headings("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n", "One|Two|Three|Four|Five|Six|");
    expect_headings("####### Seven\n", "");   /* more than 6: not a heading */
    expect_headings("#tag\n", "");            /* no space */
    expect_headings("#    Spaced out\n", "Spaced out|");
    expect_headings("  ## 缩进\n", "缩进|");
    expect_headings("#\n##\n", "");           /* marks alone say nothing */
}

Test(heading, long_lines_are_paragraphs)
{
    char s[512];
    /* 158 bytes of text after "1. ": 161 bytes, over the 160-byte limit */
    strcpy(s, "1. ");
    memset(s + 3, 'x', 158);
    s[161] = '\0';
    strcat(s, "\nprose\n");
    expect_headings(s, "");
    /* 160 bytes: a heading */
    s[3 + 157] = '\0';
    strcat(s, "\nprose\n");
    char *got = headings_of(s);
    cr_expect_eq(strlen(got), 161, "a 160-byte numbered line is a heading: \"%s\"", got);
    free(got);
    /* an underlined line over 160 bytes, and a # line */
    memset(s, 'y', 200);
    strcpy(s + 200, "\n=====\n");
    expect_headings(s, "");
    s[0] = '#';
    s[1] = ' ';
    strcpy(s + 200, "\n");
    expect_headings(s, "");
}

Test(heading, a_mixed_document)
{
    expect_headings("# Manual\n"
                    "\n"
                    "Contents:\n"
                    "1. Intro\n"
                    "2. Use\n"
                    "\n"
                    "1. Intro\n"
                    "\n"
                    "Some words.\n"
                    "\n"
                    "Details\n"
                    "~~~~~~~\n"
                    "\n"
                    "2. Use\n"
                    "Run it.\n",
                    /* the contents' last entry is followed by the first section's
                     * number: still a list */
                    "Manual|1. Intro|Details|2. Use|");
}

/* ---- the whole-title key, through the real pipeline */

static cg_pipeline *pl;

static void setup_pipeline(void)
{
    char *msg = NULL;
    cr_assert_eq(cg_pipeline_new(&pl, &msg), CG_OK, "%s", msg ? msg : "");
}

static void free_pipeline(void)
{
    cg_pipeline_free(pl);
}

/* The index term of s's whole-title key (cg_title_key_term). Caller frees. */
static char *key_term(const char *s)
{
    cg_text t = {0};
    cg_buf key = {0}, term = {0};
    cr_assert_eq(cg_pipeline_run(pl, s, strlen(s), &t), CG_OK);
    cr_assert_eq(cg_title_key_add(&key, &t), CG_OK);
    cr_assert_eq(cg_title_key_term(key.ptr ? key.ptr : "", key.len, &term), CG_OK);
    cg_buf_putc(&term, '\0');
    cg_text_free(&t);
    cg_buf_free(&key);
    return cg_buf_detach(&term);
}

static void expect_same_key(const char *a, const char *b)
{
    char *ka = key_term(a), *kb = key_term(b);
    cr_expect_str_eq(ka, kb, "\"%s\" and \"%s\" have different keys", a, b);
    free(ka);
    free(kb);
}

static void expect_other_key(const char *a, const char *b)
{
    char *ka = key_term(a), *kb = key_term(b);
    cr_expect_str_neq(ka, kb, "\"%s\" and \"%s\" have the same key", a, b);
    free(ka);
    free(kb);
}

Test(title_key, same_for_punctuation_spacing_width_and_script, .init = setup_pipeline,
     .fini = free_pipeline)
{
    expect_same_key("Debian New Maintainers' Guide", "debian   new maintainers' guide!");
    expect_same_key("Getting Started", "getting-started");
    expect_same_key("Ｌｉｎｕｘ　Ｋｅｒｎｅｌ", "Linux Kernel");
    expect_same_key("Debian 新维护者手册", "Debian新維護者手冊");
    expect_same_key("构建软件包", "構建軟件包");
    expect_same_key("網絡安全", "网络安全");
    expect_same_key("《感遇》其一", "感遇 其一");
    expect_same_key("第 6 章：构建软件包", "第 6 章 构建软件包");
    expect_same_key("ＡＢＣ——中文", "abc 中文");
}

Test(title_key, other_words_other_key, .init = setup_pipeline, .fini = free_pipeline)
{
    expect_other_key("构建软件包", "构建");
    expect_other_key("Getting Started", "Getting Started Again");
    expect_other_key("started getting", "getting started");
    expect_other_key("网络安全", "网络安金");
    char *k = key_term("Hello, World");
    cr_expect_str_eq(k, "XThello world");
    free(k);
}

Test(title_key, long_keys_fit_a_term_and_stay_apart, .init = setup_pipeline,
     .fini = free_pipeline)
{
    char a[2048] = "", b[2048];
    for (int i = 0; i < 120; i++)
        strcat(a, "word ");
    strcpy(b, a);
    strcat(a, "alpha");
    strcat(b, "omega");
    char *ka = key_term(a), *kb = key_term(b);
    cr_expect_leq(strlen(ka), 245, "a key term of %zu bytes: too long for Xapian", strlen(ka));
    cr_expect_eq(strncmp(ka, "XT", 2), 0);
    cr_expect_str_neq(ka, kb, "two long titles that differ at the end share a key");
    free(ka);
    free(kb);
}
