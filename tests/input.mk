# Tests of reading files (helper branch "input"): legacy encodings, and files of
# any size in bounded memory. bigfile.sh is not run under ASan (./check's
# INTEGRATION_TESTS): it measures peak RSS and indexes 120 MB.
TESTS += tests/encodings.sh tests/bigfile.sh
EXTRA_DIST += tests/encodings.sh tests/bigfile.sh
