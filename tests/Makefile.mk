# Criterion suites (TAP through automake's driver) and integration tests that run
# the real binaries. Every test makes its own temporary directory.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_TESTS_ENVIRONMENT = \
	CRITERION_OUTPUTS=tap:- ; export CRITERION_OUTPUTS ; \
	CRITERION_NO_EARLY_EXIT=1 ; export CRITERION_NO_EARLY_EXIT ; \
	CGINDEX='$(abs_top_builddir)/indexer/cgindex' ; export CGINDEX ; \
	CGSEARCH='$(abs_top_builddir)/searcher/cgsearch' ; export CGSEARCH ; \
	CG_CORPUS='$(abs_top_srcdir)/corpus' ; export CG_CORPUS ; \
	CG_SRCDIR='$(abs_top_srcdir)' ; export CG_SRCDIR ; \
	LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0' ; \
	export LSAN_OPTIONS ;

UNIT_TESTS = tests/test-pipeline tests/test-query tests/test-render tests/test-shim tests/test-cxx \
	tests/test-options
INTEGRATION_TESTS = tests/cli.sh tests/index.sh tests/layout.sh tests/formats.sh
EXACT_TESTS = tests/test-exact
check_PROGRAMS += $(UNIT_TESTS) $(EXACT_TESTS)
TESTS += $(UNIT_TESTS) $(INTEGRATION_TESTS) $(EXACT_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) tests/formats.py tests/tap.sh tests/lsan.supp

TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -Wno-missing-prototypes
TEST_LIBS = libcgshared.la $(CRITERION_LIBS)

tests_test_pipeline_SOURCES = tests/test-pipeline.c
tests_test_pipeline_CFLAGS = $(TEST_CFLAGS)
tests_test_pipeline_LDADD = $(TEST_LIBS) $(ICU_LIBS)
nodist_EXTRA_tests_test_pipeline_SOURCES = force-cxx-link.cc

tests_test_query_SOURCES = tests/test-query.c
tests_test_query_CFLAGS = $(TEST_CFLAGS)
tests_test_query_LDADD = $(TEST_LIBS)
nodist_EXTRA_tests_test_query_SOURCES = force-cxx-link.cc

tests_test_render_SOURCES = tests/test-render.c
tests_test_render_CFLAGS = $(TEST_CFLAGS)
tests_test_render_LDADD = $(TEST_LIBS)
nodist_EXTRA_tests_test_render_SOURCES = force-cxx-link.cc

tests_test_shim_SOURCES = tests/test-shim.c
tests_test_shim_CFLAGS = $(TEST_CFLAGS)
tests_test_shim_LDADD = $(TEST_LIBS)
nodist_EXTRA_tests_test_shim_SOURCES = force-cxx-link.cc

tests_test_options_SOURCES = tests/test-options.c
tests_test_options_CFLAGS = $(TEST_CFLAGS)
tests_test_options_LDADD = $(TEST_LIBS)
nodist_EXTRA_tests_test_options_SOURCES = force-cxx-link.cc

tests_test_cxx_SOURCES = tests/test-cxx.cc
tests_test_cxx_LDADD = libcgshared.la

# The exactness property test shares no code with the engine: ICU and Criterion only.
tests_test_exact_SOURCES = tests/test-exact.c tests/reference-matcher.c tests/reference-matcher.h
tests_test_exact_CFLAGS = $(TEST_CFLAGS)
tests_test_exact_LDADD = $(ICU_I18N_LIBS) $(CRITERION_LIBS)
