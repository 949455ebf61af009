# The fuzz targets (tests/fuzz/fuzz-*.c), built two ways:
# - configure --enable-fuzz (with CC=clang CXX=clang++; ./check's _build-fuzz): each
#   target is a libFuzzer program, tests/fuzz/fuzz-TARGET, linked with
#   -fsanitize=fuzzer; the library is compiled with -fsanitize=fuzzer-no-link
#   (configure.ac). tests/fuzz.sh runs them for a fixed budget or time.
# - otherwise: tests/fuzz/replay-TARGET, the same target with replay.c's main, run by
#   make check over the committed corpus tests/fuzz/corpus/TARGET/ (seeds and every
#   input that once crashed).
FUZZ_COMMON_SRC = tests/fuzz/fuzz.h
FUZZ_CC_FLAGS = $(AM_CFLAGS) -Wno-missing-prototypes
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/xapian-crashes tests/fuzz.sh

if ENABLE_FUZZ
FUZZ_TARGETS = tests/fuzz/fuzz-pipeline tests/fuzz/fuzz-query tests/fuzz/fuzz-docdata \
	tests/fuzz/fuzz-index
noinst_PROGRAMS += $(FUZZ_TARGETS)
FUZZ_LINK_FLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_pipeline_SOURCES = tests/fuzz/fuzz-pipeline.c $(FUZZ_COMMON_SRC)
tests_fuzz_fuzz_pipeline_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_pipeline_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_pipeline_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_fuzz_pipeline_SOURCES = force-cxx-link.cc
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz-query.c $(FUZZ_COMMON_SRC)
tests_fuzz_fuzz_query_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_query_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_query_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_fuzz_query_SOURCES = force-cxx-link.cc
tests_fuzz_fuzz_docdata_SOURCES = tests/fuzz/fuzz-docdata.c $(FUZZ_COMMON_SRC)
tests_fuzz_fuzz_docdata_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_docdata_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_docdata_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_fuzz_docdata_SOURCES = force-cxx-link.cc
tests_fuzz_fuzz_index_SOURCES = tests/fuzz/fuzz-index.c $(FUZZ_COMMON_SRC)
tests_fuzz_fuzz_index_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_index_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_index_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_fuzz_index_SOURCES = force-cxx-link.cc
else
FUZZ_REPLAYS = tests/fuzz/replay-pipeline tests/fuzz/replay-query tests/fuzz/replay-docdata \
	tests/fuzz/replay-index
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)
tests_fuzz_replay_pipeline_SOURCES = tests/fuzz/fuzz-pipeline.c tests/fuzz/replay.c \
	$(FUZZ_COMMON_SRC)
tests_fuzz_replay_pipeline_CFLAGS = $(FUZZ_CC_FLAGS) -DFUZZ_TARGET='"pipeline"'
tests_fuzz_replay_pipeline_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_replay_pipeline_SOURCES = force-cxx-link.cc
tests_fuzz_replay_query_SOURCES = tests/fuzz/fuzz-query.c tests/fuzz/replay.c \
	$(FUZZ_COMMON_SRC)
tests_fuzz_replay_query_CFLAGS = $(FUZZ_CC_FLAGS) -DFUZZ_TARGET='"query"'
tests_fuzz_replay_query_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_replay_query_SOURCES = force-cxx-link.cc
tests_fuzz_replay_docdata_SOURCES = tests/fuzz/fuzz-docdata.c tests/fuzz/replay.c \
	$(FUZZ_COMMON_SRC)
tests_fuzz_replay_docdata_CFLAGS = $(FUZZ_CC_FLAGS) -DFUZZ_TARGET='"docdata"'
tests_fuzz_replay_docdata_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_replay_docdata_SOURCES = force-cxx-link.cc
tests_fuzz_replay_index_SOURCES = tests/fuzz/fuzz-index.c tests/fuzz/replay.c \
	$(FUZZ_COMMON_SRC)
tests_fuzz_replay_index_CFLAGS = $(FUZZ_CC_FLAGS) -DFUZZ_TARGET='"index"'
tests_fuzz_replay_index_LDADD = libcgshared.la
nodist_EXTRA_tests_fuzz_replay_index_SOURCES = force-cxx-link.cc
endif
