# Tests of reading files: encodings and files of any size (helper branch "input").
TESTS += tests/encodings.sh
EXTRA_DIST += tests/encodings.sh
