# Criterion suites (TAP through automake's driver) and integration tests that run
# the real binaries.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_TESTS_ENVIRONMENT = \
	CRITERION_OUTPUTS=tap:- ; export CRITERION_OUTPUTS ; \
	CGINDEX='$(abs_top_builddir)/indexer/cgindex' ; export CGINDEX ; \
	CGSEARCH='$(abs_top_builddir)/searcher/cgsearch' ; export CGSEARCH ; \
	CG_CORPUS='$(abs_top_srcdir)/corpus' ; export CG_CORPUS ; \
	CG_TESTDATA='$(abs_top_srcdir)/tests/data' ; export CG_TESTDATA ;
