/* test-options.c — the option table (shared/options.c): the parser, the help lines
 * and the usage-error messages all come from one table. */
#include "options.h"

#include <criterion/criterion.h>
#include <string.h>

enum { O_DB = 1, O_LIMIT, O_FORMAT, O_ALL, O_ALIAS };
static const char *const formats[] = {"md", "json", "trec", NULL};
static const cg_option table[] = {
    {O_DB, 0, "db", CG_ARG_STRING, "DIR", NULL, "the index\nsecond line"},
    {O_LIMIT, 'n', "limit", CG_ARG_COUNT, "N", NULL, "how many"},
    {O_FORMAT, 0, "format", CG_ARG_CHOICE, "FMT", formats, "the format"},
    {O_ALL, 0, "all-passages-and-then-some", CG_ARG_NONE, NULL, NULL, "a long one"},
    {O_ALIAS, 0, "fmt", CG_ARG_CHOICE, "FMT", formats, NULL},
};
#define N (sizeof table / sizeof table[0])

/* Parses argv (NULL-terminated) and returns the ids seen, 0 for an error. */
static int parse(cg_opt_parser *p, char **argv, int *ids, int max)
{
    int argc = 0, n = 0, id;
    while (argv[argc])
        argc++;
    optind = 0; /* reset getopt (glibc) between runs */
    cr_assert_eq(cg_opt_parser_init(p, "prog", table, N), CG_OK);
    while ((id = cg_opt_next(p, argc, argv)) != -1 && n < max) {
        ids[n++] = id;
        if (id == 0)
            break;
    }
    return n;
}

Test(options, values_of_each_kind)
{
    char *argv[] = {"prog", "--db", "x", "-n", "25", "--format=json", "--fmt", "trec", "query", NULL};
    cg_opt_parser p;
    int ids[8];
    int n = parse(&p, argv, ids, 8);
    cr_assert_eq(n, 4);
    cr_assert_eq(ids[0], O_DB);
    cr_assert_eq(ids[1], O_LIMIT);
    cr_assert_eq(ids[2], O_FORMAT);
    cr_assert_eq(ids[3], O_ALIAS);
    cr_assert_eq(p.choice, 2, "the alias takes the same choices");
    cr_assert_str_eq(argv[optind], "query");
    cg_opt_parser_free(&p);
}

Test(options, usage_errors_name_the_option_and_the_choices)
{
    struct { char *arg1, *arg2; const char *want; } rows[] = {
        {"--format", "xml", "--format takes md, json or trec, not 'xml'"},
        {"-n", "ten", "--limit takes a number, not 'ten'"},
        {"-n", "-1", "--limit takes a number, not '-1'"},
        {"--nope", NULL, "unknown option '--nope'"},
        {"--db", NULL, "option '--db' needs an argument"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *argv[] = {"prog", rows[i].arg1, rows[i].arg2, NULL};
        cg_opt_parser p;
        int ids[4];
        int n = parse(&p, argv, ids, 4);
        cr_assert_eq(ids[n - 1], 0, "row %zu is an error", i);
        cr_assert_str_eq(p.errmsg, rows[i].want);
        cg_opt_parser_free(&p);
    }
}

Test(options, unknown_short_option_gets_the_hint)
{
    char *argv[] = {"prog", "-x", NULL};
    cg_opt_parser p;
    int ids[2];
    optind = 0;
    cr_assert_eq(cg_opt_parser_init(&p, "prog", table, N), CG_OK);
    p.dash_hint = " (put -- first)";
    ids[0] = cg_opt_next(&p, 2, argv);
    cr_assert_eq(ids[0], 0);
    cr_assert_str_eq(p.errmsg, "unknown option '-x' (put -- first)");
    cg_opt_parser_free(&p);
}

Test(options, help_lines_from_the_table)
{
    cg_buf h = {0};
    cr_assert_eq(cg_opt_help(table, N, &h), CG_OK);
    cr_assert_str_eq(h.ptr,
                     "      --db DIR        the index\n"
                     "                      second line\n"
                     "  -n, --limit N       how many\n"
                     "      --format FMT    the format\n"
                     "      --all-passages-and-then-some  a long one\n");
    cg_buf_free(&h);
}
