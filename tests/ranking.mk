# Ranking (helper branch "ranktests"): a file's title and headings as the indexer
# finds them (test-title, a Criterion suite over shared/title.c), and, over real
# indexes, title: matching against a reference, known-item ranking, the query syntax
# of NOT, title: and dashes, and --explain (ranking.sh). Both join the tests that
# ./check runs again under ASan and UBSan.
UNIT_TESTS += tests/test-title
INTEGRATION_TESTS += tests/ranking.sh

tests_test_title_SOURCES = tests/test-title.c
tests_test_title_CFLAGS = $(TEST_CFLAGS)
tests_test_title_LDADD = $(TEST_LIBS)
nodist_EXTRA_tests_test_title_SOURCES = force-cxx-link.cc
