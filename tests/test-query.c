/* test-query.c — query parsing (parts, quotes, OR, exclusion, errors) and the
 * Xapian query tree built from the same terms the index holds. Trees are compared
 * as strings: PHRASE(a,b), OR(...), 届* for a prefix expansion. */
#include "query.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

static cg_pipeline *pl;

static void setup(void)
{
    char *msg = NULL;
    cr_assert_eq(cg_pipeline_new(&pl, &msg), CG_OK);
}

static void teardown(void)
{
    cg_pipeline_free(pl);
}

static void show(const cg_qnode *n, cg_buf *out)
{
    static const char *names[] = {"", "", "AND", "OR", "AND_NOT", "PHRASE", "NOTHING"};
    if (n->op == CG_QOP_TERM) {
        cg_term_display(n->term, n->term_len, out);
        return;
    }
    if (n->op == CG_QOP_PREFIX) {
        cg_term_display(n->term, n->term_len, out);
        cg_buf_putc(out, '*');
        return;
    }
    if (n->op != CG_QOP_PHRASE && n->nkids == 1) {
        show(n->kids[0], out);
        return;
    }
    cg_buf_printf(out, "%s(", names[n->op]);
    for (size_t i = 0; i < n->nkids; i++) {
        if (i)
            cg_buf_putc(out, ',');
        show(n->kids[i], out);
    }
    cg_buf_putc(out, ')');
}

struct tree_row {
    char query[64];
    char tree[160];
};

static struct tree_row trees[] = {
    {"布达佩斯公约", "PHRASE(布达,达佩,佩斯,斯公,公约)"},
    {"布達佩斯公約", "PHRASE(布达,达佩,佩斯,斯公,公约)"},
    {"的", "PHRASE(的*)"},
    {"第74届", "PHRASE(第,74,届*)"},
    {"第74/247号决议", "PHRASE(第,74,247,号决,决议)"},
    {"\"云法案(CLOUD Act)\"", "PHRASE(云法,法案,案,cloud,act)"},
    {"Linux 内核", "AND(PHRASE(linux),PHRASE(内核))"},
    {"\"Linux 内核\"", "PHRASE(linux,内核)"},
    {"\"中\n文\"", "PHRASE(中文)"},
    {"\"中 文\"", "PHRASE(中,文*)"},
    {"a OR b c", "AND(OR(PHRASE(a),PHRASE(b)),PHRASE(c))"},
    {"公约 -布达佩斯", "AND_NOT(PHRASE(公约),PHRASE(布达,达佩,佩斯))"},
    {"\"a\n\nb\"", "NOTHING()"},
    /* Parts of punctuation only are left out, their groups too. */
    {"Linux - 内核", "AND(PHRASE(linux),PHRASE(内核))"},
    {"！ OR a b", "AND(PHRASE(a),PHRASE(b))"},
    {"a —— b -， c \"\"", "AND(PHRASE(a),PHRASE(b),PHRASE(c))"},
};

ParameterizedTestParameters(query, tree_uses_the_index_terms)
{
    return cr_make_param_array(struct tree_row, trees, sizeof trees / sizeof trees[0]);
}

ParameterizedTest(struct tree_row *row, query, tree_uses_the_index_terms, .init = setup,
                  .fini = teardown)
{
    cg_query *q;
    char *msg = NULL;
    cr_assert_eq(cg_query_parse(pl, row->query, strlen(row->query), 0, &q, &msg), CG_OK, "%s",
                 msg ? msg : "");
    cg_qnode *tree;
    cr_assert_eq(cg_query_tree(q, &tree), CG_OK);
    cg_buf s = {0};
    show(tree, &s);
    cr_expect_str_eq(s.ptr, row->tree, "query %s: got %s", row->query, s.ptr);
    cg_buf_free(&s);
    cg_qnode_free(tree);
    cg_query_free(q);
}

struct error_row {
    char query[48];
    char message[64];
};

static struct error_row errors[] = {
    {"", "empty query"},
    {"   ", "empty query"},
    {"\"unterminated", "unterminated quote"},
    {"-only", "only excluded parts"},
    {"OR a", "OR needs a part on each side"},
    {"a OR", "OR needs a part on each side"},
    {"a OR -b", "excluded part cannot be an alternative"},
    {"，。！", "has no words or characters"},
    {"ok \xff", "invalid UTF-8 in query at byte 3: ok \xff"},
    {"-", "query '-' has no words or characters to search"},
    {"\"\"", "has no words or characters to search"},
};

ParameterizedTestParameters(query, errors_are_clear)
{
    return cr_make_param_array(struct error_row, errors, sizeof errors / sizeof errors[0]);
}

ParameterizedTest(struct error_row *row, query, errors_are_clear, .init = setup, .fini = teardown)
{
    cg_query *q = (cg_query *)1;
    char *msg = NULL;
    cr_expect_eq(cg_query_parse(pl, row->query, strlen(row->query), 0, &q, &msg), CG_EINVAL);
    cr_expect_null(q);
    cr_assert_not_null(msg);
    cr_expect(strstr(msg, row->message) != NULL, "message \"%s\" lacks \"%s\"", msg, row->message);
    free(msg);
}

Test(query, too_many_tokens_is_refused, .init = setup, .fini = teardown)
{
    cg_buf b = {0};
    cg_buf_putc(&b, '"');
    for (int i = 0; i < 1001; i++)
        cg_buf_puts(&b, i % 2 ? "文" : "中");
    cg_buf_putc(&b, '"');
    cg_query *q;
    char *msg = NULL;
    cr_expect_eq(cg_query_parse(pl, b.ptr, b.len, 0, &q, &msg), CG_EINVAL);
    cr_assert_not_null(msg);
    cr_expect(strstr(msg, "1001 tokens (at most 1000)") != NULL, "%s", msg);
    free(msg);
    /* 1,000 is still fine. */
    b.len = 1 + 1000 * 3;
    cg_buf_putc(&b, '"');
    cr_expect_eq(cg_query_parse(pl, b.ptr, b.len, 0, &q, &msg), CG_OK);
    cg_query_free(q);
    cg_buf_free(&b);
}

Test(query, find_respects_glue_and_passages, .init = setup, .fini = teardown)
{
    const char *doc = "中文 中\n文 中\n\n文 中文";
    cg_text t = {0};
    cr_assert_eq(cg_pipeline_run(pl, doc, strlen(doc), &t), CG_OK);
    cg_query *q;
    char *msg;
    cr_assert_eq(cg_query_parse(pl, "中文", strlen("中文"), 0, &q, &msg), CG_OK);
    cg_occurrence *occ = NULL;
    size_t n = 0, cap = 0;
    cr_assert_eq(cg_query_find(q, &t, &occ, &n, &cap), CG_OK);
    /* "中文", "中\n文" (glued by one line break) and the last "中文"; not across the blank line. */
    cr_expect_eq(n, 3);
    free(occ);
    cg_query_free(q);
    cg_text_free(&t);
}

/* Byte ranges of q's matches in doc, with or without word placeholders. */
static void match_ranges(const char *q, const char *doc, int placeholders, cg_buf *out)
{
    cg_query *query;
    char *msg = NULL;
    cr_assert_eq(cg_query_parse(pl, q, strlen(q), 0, &query, &msg), CG_OK);
    cg_pipeline_set_word_placeholders(pl, placeholders);
    cg_text t = {0};
    cr_assert_eq(cg_pipeline_run(pl, doc, strlen(doc), &t), CG_OK);
    cg_pipeline_set_word_placeholders(pl, 0);
    cg_occurrence *occ = NULL;
    size_t n = 0, cap = 0;
    cr_assert_eq(cg_query_find(query, &t, &occ, &n, &cap), CG_OK);
    for (size_t i = 0; i < n; i++)
        cg_buf_printf(out, "%u-%u ", t.src_start[t.tok[occ[i].first].norm_start],
                      t.src_end[t.tok[occ[i].last].norm_end - 1]);
    free(occ);
    cg_text_free(&t);
    cg_query_free(query);
}

Test(query, word_placeholders_find_the_same_cjk_matches, .init = setup, .fini = teardown)
{
    const char *doc = "内核 kernel 内核。内核v2.6内核\n内核 e.g. 内核\n\n核内 The kernels 内核模块";
    const char *queries[] = {"内核", "核内", "\"内核 内核\"", "核", "内核模块", "\"核 内\""};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        cg_buf a = {0}, b = {0};
        match_ranges(queries[i], doc, 0, &a);
        match_ranges(queries[i], doc, 1, &b);
        cr_expect_str_eq(a.ptr ? a.ptr : "", b.ptr ? b.ptr : "", "query %s", queries[i]);
        cr_expect(a.len > 0, "query %s matched nothing", queries[i]);
        cg_buf_free(&a);
        cg_buf_free(&b);
    }
}
