# An index moved or copied with its tree (relative root). INTEGRATION_TESTS
# (tests/Makefile.mk) puts it in TESTS and EXTRA_DIST; ./check runs it under ASan too.
INTEGRATION_TESTS += tests/move.sh
