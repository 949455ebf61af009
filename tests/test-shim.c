/* test-shim.c — the Xapian shim: every entry point returns a status and a message,
 * never an exception, for a missing, a locked and a damaged database; and the
 * operations the indexer and searcher rely on work on a real database on disk. */
#define _POSIX_C_SOURCE 200809L
#include "xapian_shim.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
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

static uint32_t doccount(void)
{
    cg_db *db = NULL;
    char *msg = NULL;
    uint32_t n = 0;
    cr_assert_eq(cg_db_open(path_in("db"), &db, &msg), CG_OK);
    cr_assert_eq(cg_db_doccount(db, &n), CG_OK);
    cg_db_close(db);
    return n;
}

/* Xapian's own destructor commits pending changes; the shim's does not, for an
 * index opened to update it: a run that fails half-way (a full disk) must leave the
 * index as committed. */
Test(shim, closing_without_commit_drops_the_changes, .init = make_dir, .fini = remove_dir)
{
    cg_wdb *w = NULL;
    char *msg = NULL;
    const char *terms[] = {"中文"};
    cr_assert_eq(cg_wdb_open(path_in("db"), 1, &w, &msg), CG_OK);
    add_doc(w, "kept", terms, 1);
    cg_wdb_close(w);
    cr_assert_eq(cg_wdb_open(path_in("db"), 0, &w, &msg), CG_OK);
    add_doc(w, "committed", terms, 1);
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    add_doc(w, "dropped", terms, 1);
    cg_wdb_close(w);
    cr_expect_eq(doccount(), 2, "documents after an uncommitted add: %u, want 2", doccount());
    cr_assert_eq(cg_wdb_open(path_in("db"), 0, &w, &msg), CG_OK);
    cr_assert_eq(cg_wdb_delete_doc(w, 1), CG_OK);
    cg_wdb_close(w);
    cr_expect_eq(doccount(), 2, "documents after an uncommitted delete: %u, want 2", doccount());
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
Test(shim, lone_prefix_matches_without_weight, .init = make_dir, .fini = remove_dir)
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
    /* Both files, weight 0 (PrefixSource: no weight is the same across shards), so
     * in the order of their paths. */
    cr_assert_eq(hits.n, 2);
    cr_expect_str_eq(hits.hit[0].data, "dense");
    cr_expect_str_eq(hits.hit[1].data, "sparse");
    cr_expect_eq(hits.hit[0].score, 0);
    cr_expect_eq(hits.hit[1].score, 0);
    cg_hits_free(&hits);
    /* Unranked (-l): in the order of the paths (slot CG_SLOT_PATH), not of docids. */
    cr_assert_eq(cg_db_search(db, &alone, &unranked, &hits), CG_OK);
    cr_assert_eq(hits.n, 2);
    cr_expect_str_eq(hits.hit[0].data, "dense");
    cr_expect_str_eq(hits.hit[1].data, "sparse");
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

/* Reading an index back: what a replay or a dump of it needs. */
typedef struct seen {
    char text[1024];  /* what the callbacks saw, one item a line */
    size_t len;
    int stop_after;   /* a callback returns CG_EINVAL once this many items were seen (0: never) */
    int n;
} seen;

__attribute__((format(printf, 2, 3)))
static cg_status seen_add(seen *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(s->text + s->len, sizeof s->text - s->len, fmt, ap);
    va_end(ap);
    cr_assert(k >= 0 && (size_t)k < sizeof s->text - s->len);
    s->len += (size_t)k;
    s->n++;
    return s->stop_after && s->n >= s->stop_after ? CG_EINVAL : CG_OK;
}

static cg_status see_doc(void *ctx, uint32_t docid, const char *data, size_t len)
{
    return seen_add(ctx, "%u %.*s\n", docid, (int)len, data);
}

static cg_status see_term(void *ctx, const char *term, size_t len, uint32_t wdf,
                          const uint32_t *pos, size_t npos)
{
    seen *s = ctx;
    seen_add(s, "%.*s wdf %u:", (int)len, term, wdf);
    for (size_t i = 0; i < npos; i++)
        seen_add(s, " %u", pos[i]);
    return seen_add(s, "\n");
}

static cg_status see_value(void *ctx, unsigned slot, const char *v, size_t len)
{
    return seen_add(ctx, "%u=%.*s\n", slot, (int)len, v);
}

static cg_status see_synonym(void *ctx, const char *key, size_t key_len, const char *syn,
                             size_t syn_len)
{
    return seen_add(ctx, "%.*s>%.*s\n", (int)key_len, key, (int)syn_len, syn);
}

static cg_status see_metadata(void *ctx, const char *key, const char *value, size_t len)
{
    return seen_add(ctx, "%s=%.*s\n", key, (int)len, value);
}

Test(shim, read_back_documents_terms_values_synonyms_metadata, .init = make_dir, .fini = remove_dir)
{
    cg_wdb *w;
    char *msg = NULL;
    cr_assert_eq(cg_wdb_open(path_in("db"), 1, &w, &msg), CG_OK);
    cr_assert_eq(cg_wdb_set_metadata(w, "cg.root", "/corpus", 7), CG_OK);
    cr_assert_eq(cg_wdb_set_metadata(w, "a.key", "1", 1), CG_OK);
    /* Document 1: 中 twice, added out of term order; a path value. */
    cr_assert_eq(cg_wdb_doc_begin(w), CG_OK);
    cr_assert_eq(cg_wdb_doc_posting(w, "中", strlen("中"), 1), CG_OK);
    cr_assert_eq(cg_wdb_doc_posting(w, "kernels", 7, 2), CG_OK);
    cr_assert_eq(cg_wdb_doc_posting(w, "中", strlen("中"), 4), CG_OK);
    cr_assert_eq(cg_wdb_doc_value(w, CG_SLOT_PATH, "dir/one.txt", 11), CG_OK);
    cr_assert_eq(cg_wdb_doc_data(w, "one", 3), CG_OK);
    cr_assert_eq(cg_wdb_doc_add(w), CG_OK);
    /* Document 2: no term, no value (a tombstone). */
    cr_assert_eq(cg_wdb_doc_begin(w), CG_OK);
    cr_assert_eq(cg_wdb_doc_data(w, "two", 3), CG_OK);
    cr_assert_eq(cg_wdb_doc_add(w), CG_OK);
    cr_assert_eq(cg_wdb_add_synonym(w, "Zkernel", 7, "kernels", 7), CG_OK);
    cr_assert_eq(cg_wdb_add_synonym(w, "Zkernel", 7, "kerneled", 8), CG_OK);
    cr_assert_eq(cg_wdb_add_synonym(w, "Zbox", 4, "boxes", 5), CG_OK);
    cr_assert_eq(cg_wdb_commit(w), CG_OK);
    cg_wdb_close(w);

    cg_db *db;
    cr_assert_eq(cg_db_open(path_in("db"), &db, &msg), CG_OK);
    seen s = {0};
    cr_assert_eq(cg_db_each_doc(db, see_doc, &s), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_str_eq(s.text, "1 one\n2 two\n");
    s = (seen){0};
    cr_assert_eq(cg_db_doc_terms(db, 1, see_term, &s), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_str_eq(s.text, "kernels wdf 1: 2\n中 wdf 2: 1 4\n");
    s = (seen){0};
    cr_assert_eq(cg_db_doc_terms(db, 2, see_term, &s), CG_OK);
    cr_expect_str_eq(s.text, "");
    s = (seen){0};
    cr_assert_eq(cg_db_doc_values(db, 1, see_value, &s), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_str_eq(s.text, "0=dir/one.txt\n");
    s = (seen){0};
    cr_assert_eq(cg_db_doc_values(db, 2, see_value, &s), CG_OK);
    cr_expect_str_eq(s.text, "");
    s = (seen){0};
    cr_assert_eq(cg_db_each_synonym(db, see_synonym, &s), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_str_eq(s.text, "Zbox>boxes\nZkernel>kerneled\nZkernel>kernels\n");
    s = (seen){0};
    cr_assert_eq(cg_db_each_metadata(db, see_metadata, &s), CG_OK, "%s", cg_db_errmsg(db));
    cr_expect_str_eq(s.text, "a.key=1\ncg.root=/corpus\n");

    /* A callback's status stops the walk and comes back. */
    s = (seen){.stop_after = 2};
    cr_expect_eq(cg_db_each_synonym(db, see_synonym, &s), CG_EINVAL);
    cr_expect_eq(s.n, 2);
    s = (seen){.stop_after = 1};
    cr_expect_eq(cg_db_each_doc(db, see_doc, &s), CG_EINVAL);
    cr_expect_str_eq(s.text, "1 one\n");

    /* A document that is not there is a status with a message. */
    cg_status rc = cg_db_doc_values(db, 3, see_value, &s);
    cr_expect_eq(rc, CG_ENOTFOUND, "status %s", cg_status_str(rc));
    cr_expect(strstr(cg_db_errmsg(db), "DocNotFoundError") != NULL, "message: %s", cg_db_errmsg(db));
    rc = cg_db_doc_terms(db, 3, see_term, &s);
    cr_expect_eq(rc, CG_ENOTFOUND, "status %s", cg_status_str(rc));
    cg_db_close(db);
}
