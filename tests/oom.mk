# test-oom: every allocation of a pipeline run, a decode and a query made to fail in
# turn (tests/test-oom.c). It replaces malloc for its whole process, so it is not one
# of UNIT_TESTS (./check runs those again under ASan, which owns malloc).
OOM_TESTS = tests/test-oom
check_PROGRAMS += $(OOM_TESTS)
TESTS += $(OOM_TESTS)
tests_test_oom_SOURCES = tests/test-oom.c
tests_test_oom_CFLAGS = $(AM_CFLAGS) -Wno-missing-prototypes
tests_test_oom_LDADD = libcgshared.la
nodist_EXTRA_tests_test_oom_SOURCES = force-cxx-link.cc
# Its malloc must be the one ICU, Xapian and libstdc++ call: export it.
tests_test_oom_LDFLAGS = $(AM_LDFLAGS) -export-dynamic

# ./check's valgrind run of integration tests (the script and its suppressions).
EXTRA_DIST += tests/valgrind.sh tests/valgrind.supp
