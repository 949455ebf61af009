/* test-shim.c — the Xapian shim: every entry point returns a status and a message,
 * never an exception, for a missing, a locked and a damaged database; and the
 * operations the indexer and searcher rely on work on a real database on disk. */
#define _POSIX_C_SOURCE 200809L
#include "xapian_shim.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/cg-shim-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

static char *path_in(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static void add_doc(cg_wdb *w, const char *path, const char *const *terms, size_t n)
{
    cr_assert_eq(cg_wdb_doc_begin(w), CG_OK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(cg_wdb_doc_posting(w, terms[i], strlen(terms[i]), (uint32_t)i + 1), CG_OK);
    cr_assert_eq(cg_wdb_doc_value(w, CG_SLOT_PATH, path, strlen(path)), CG_OK);
    cr_assert_eq(cg_wdb_doc_data(w, path, strlen(path)), CG_OK);
    cr_assert_eq(cg_wdb_doc_add(w), CG_OK, "%s", cg_wdb_errmsg(w));
}

static cg_qnode term(const char *t)
{
    return (cg_qnode){.op = CG_QOP_TERM, .term = (char *)t, .term_len = strlen(t)};
}

Test(shim, missing_database_is_a_status_not_an_abort, .init = make_dir, .fini = remove_dir)
{
    cg_db *db = (cg_db *)1;
    char *msg = NULL;
    cg_status rc = cg_db_open(path_in("nope"), &db, &msg);
    cr_expect_eq(rc, CG_ENOTFOUND, "status %s", cg_status_str(rc));
    cr_expect_null(db);
    cr_assert_not_null(msg);
    cr_expect(strstr(msg, "[xapian]") != NULL, "message: %s", msg);
    free(msg);
    cg_wdb *w = NULL;
    rc = cg_wdb_open(path_in("nope"), 0, &w, &msg);
    cr_expect_neq(rc, CG_OK);
    cr_expect_null(w);
    free(msg);
}

Test(shim, second_writer_gets_locked_status, .init = make_dir, .fini = remove_dir)
{
    cg_wdb *a = NULL, *b = NULL;
    char *msg = NULL;
    cr_assert_eq(cg_wdb_open(path_in("db"), 1, &a, &msg), CG_OK);
    cg_status rc = cg_wdb_open(path_in("db"), 1, &b, &msg);
    cr_expect_eq(rc, CG_ELOCKED, "status %s", cg_status_str(rc));
    cr_expect_null(b);
    cr_assert_not_null(msg);
    cr_expect(strstr(msg, "DatabaseLockError") != NULL, "message: %s", msg);
    free(msg);
    cg_wdb_close(a);
}

Test(shim, damaged_database_reports_an_error, .init = make_dir, .fini = remove_dir)
{
    cg_wdb *w = NULL;
    char *msg = NULL;
    cr_assert_eq(cg_wdb_open(path_in("db"), 1, &w, &msg), CG_OK);
    const char *terms[] = {"中文", "文"};
    for (int i = 0; i < 200; i++) {
        char p[32];
        snprintf(p, sizeof p, "f%d", i);
        add_doc(w, p, terms, 2);
    }
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    cg_wdb_close(w);

    /* Overwrite every table with garbage. */
    const char *tables[] = {"db/postlist.glass", "db/termlist.glass", "db/docdata.glass", "db/position.glass"};
    for (size_t t = 0; t < 4; t++) {
        FILE *f = fopen(path_in(tables[t]), "r+b");
        if (!f)
            continue;
        for (int i = 0; i < 65536; i++)
            fputc((i * 7919) & 0xFF, f);
        fclose(f);
    }
    cg_db *db = NULL;
    cg_status rc = cg_db_open(path_in("db"), &db, &msg);
    if (rc == CG_OK) {
        cg_qnode q = term("中文");
        cg_search_opts opts = {.limit = 10};
        cg_hits hits;
        rc = cg_db_search(db, &q, &opts, &hits);
        cr_expect_neq(rc, CG_OK, "a damaged database searched without error");
        cr_expect(strlen(cg_db_errmsg(db)) > 0);
        cg_hits_free(&hits);
        cg_db_close(db);
    } else {
        cr_expect_not_null(msg);
        free(msg);
    }
    cr_expect(rc == CG_ECORRUPT || rc == CG_EXAPIAN, "status %s", cg_status_str(rc));
}

Test(shim, index_search_collapse_and_compact, .init = make_dir, .fini = remove_dir)
{
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    const char *t1[] = {"第", "74", "届联", "联"};
    const char *t2[] = {"第", "75", "届"};
    cg_wdb *w;
    char *msg = NULL;
    cr_assert_eq(cg_wdb_open(a, 1, &w, &msg), CG_OK);
    add_doc(w, "one", t1, 4);
    add_doc(w, "one", t1, 4); /* a second part of the same file */
    cr_assert_eq(cg_wdb_add_synonym(w, "Zkernel", 7, "kernels", 7), CG_OK);
    cr_assert_eq(cg_wdb_set_metadata(w, "k", "v", 1), CG_OK);
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    cg_wdb_close(w);
    cr_assert_eq(cg_wdb_open(b, 1, &w, &msg), CG_OK);
    add_doc(w, "two", t2, 3);
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    cg_wdb_close(w);

    const char *srcs[] = {a, b};
    cr_assert_eq(cg_compact(srcs, 2, path_in("merged"), &msg), CG_OK, "%s", msg ? msg : "");
    cg_db *db;
    cr_assert_eq(cg_db_open(path_in("merged"), &db, &msg), CG_OK);
    uint32_t n = 0;
    cr_assert_eq(cg_db_doccount(db, &n), CG_OK);
    cr_expect_eq(n, 3);

    /* 第 74 届*: the last position is every term starting with 届. */
    cg_qnode k0 = term("第"), k1 = term("74");
    cg_qnode k2 = {.op = CG_QOP_PREFIX, .term = "届", .term_len = strlen("届")};
    cg_qnode *kids[] = {&k0, &k1, &k2};
    cg_qnode phrase = {.op = CG_QOP_PHRASE, .kids = kids, .nkids = 3};
    cg_search_opts opts = {.limit = 10};
    cg_hits hits;
    cr_assert_eq(cg_db_search(db, &phrase, &opts, &hits), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_eq(hits.n, 1, "collapsed to one file");
    cr_expect_eq(hits.n ? hits.hit[0].data_len : 0, 3);
    cg_hits_free(&hits);

    cg_qnode alone = {.op = CG_QOP_PREFIX, .term = "届", .term_len = strlen("届")};
    cr_assert_eq(cg_db_search(db, &alone, &opts, &hits), CG_OK);
    cr_expect_eq(hits.n, 2);
    cg_hits_free(&hits);

    cg_buf v = {0};
    cr_expect_eq(cg_db_metadata(db, "k", &v), CG_OK);
    cr_expect_str_eq(v.ptr ? v.ptr : "", "v");
    cg_buf_free(&v);
    cg_db_close(db);
}

/* A CJK character alone: the same files as an OR of every term starting with it,
 * ranked as one term (the file where it is denser first), or in docid order (-l). */
Test(shim, lone_prefix_ranks_like_one_term, .init = make_dir, .fini = remove_dir)
{
    cg_wdb *w;
    char *msg = NULL;
    cr_assert_eq(cg_wdb_open(path_in("db"), 1, &w, &msg), CG_OK);
    const char *sparse[] = {"届会", "a", "b", "c"}, *dense[] = {"届", "届会", "届时", "d"},
               *none[] = {"x", "y", "z", "w"};
    add_doc(w, "sparse", sparse, 4);
    add_doc(w, "dense", dense, 4);
    add_doc(w, "none", none, 4);
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    cg_wdb_close(w);
    cg_db *db;
    cr_assert_eq(cg_db_open(path_in("db"), &db, &msg), CG_OK);
    cg_qnode alone = {.op = CG_QOP_PREFIX, .term = "届", .term_len = strlen("届")};
    cg_search_opts ranked = {.limit = 10}, unranked = {.unranked = 1};
    cg_hits hits;
    cr_assert_eq(cg_db_search(db, &alone, &ranked, &hits), CG_OK, "%s", cg_db_errmsg(db));
    cr_assert_eq(hits.n, 2);
    cr_expect_str_eq(hits.hit[0].data, "dense");
    cr_expect_str_eq(hits.hit[1].data, "sparse");
    cr_expect_gt(hits.hit[0].score, hits.hit[1].score);
    cr_expect_gt(hits.hit[1].score, 0);
    cg_hits_free(&hits);
    cr_assert_eq(cg_db_search(db, &alone, &unranked, &hits), CG_OK);
    cr_assert_eq(hits.n, 2);
    cr_expect_str_eq(hits.hit[0].data, "sparse");
    cr_expect_str_eq(hits.hit[1].data, "dense");
    cg_hits_free(&hits);
    /* ANDed with a term: only the file with both. */
    cg_qnode d = term("d");
    cg_qnode *kids[] = {&alone, &d};
    cg_qnode and = {.op = CG_QOP_AND, .kids = kids, .nkids = 2};
    cr_assert_eq(cg_db_search(db, &and, &ranked, &hits), CG_OK);
    cr_assert_eq(hits.n, 1);
    cr_expect_str_eq(hits.hit[0].data, "dense");
    cg_hits_free(&hits);
    cg_db_close(db);
}

Test(shim, stemmer)
{
    cg_buf b = {0};
    cr_assert_eq(cg_stem_english("kernels", 7, &b), CG_OK);
    cr_expect_str_eq(b.ptr, "kernel");
    cg_buf_free(&b);
}
