# Output safety and query edge cases: untrusted text in every output format
# (tests/untrusted.sh) and bad queries (tests/badqueries.sh). They join
# INTEGRATION_TESTS (tests/Makefile.mk), which puts them in TESTS and EXTRA_DIST
# and runs them again under the sanitizers in ./check.
INTEGRATION_TESTS += tests/untrusted.sh tests/badqueries.sh
