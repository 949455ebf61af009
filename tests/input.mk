# Tests of reading files (helper branch "input"): legacy encodings, and files of
# any size in bounded memory. encodings.sh joins INTEGRATION_TESTS (so ./check runs
# it under ASan too); bigfile.sh does not: it measures peak RSS and indexes 120 MB.
INTEGRATION_TESTS += tests/encodings.sh
TESTS += tests/bigfile.sh
EXTRA_DIST += tests/bigfile.sh
