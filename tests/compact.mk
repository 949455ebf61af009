# A sharded (--jobs N) index, then updated, answers as a fresh build (Xapian 1.4's
# failing boolean search after a delete). INTEGRATION_TESTS (tests/Makefile.mk) puts
# it in TESTS and EXTRA_DIST, and ./check runs it under ASan and UBSan too.
INTEGRATION_TESTS += tests/compact.sh
