# bench/xapian-replay: Xapian alone writing an index cgindex wrote, for bench/run's
# floor (bench/README.md). Built with the programs, installed nowhere.
noinst_PROGRAMS += bench/xapian-replay
bench_xapian_replay_SOURCES = bench/xapian-replay.c
bench_xapian_replay_LDADD = libcgshared.la
# libcgshared holds C++ (the Xapian shim): link with the C++ driver.
nodist_EXTRA_bench_xapian_replay_SOURCES = force-cxx-link.cc

# Listed one by one: the build tree has a bench/ folder of its own (objects), which
# automake's dist rule would take instead of the sources' for a bare "bench".
EXTRA_DIST += bench/README.md bench/RESULTS.md bench/run bench/build-corpus.sh \
	bench/queries.tsv bench/repeat-run.py bench/batch-queries.py bench/xapian-ngram.py \
	bench/live-latency.py bench/known-item.py
# bench/run --scale (bench/README.md, "Scale").
EXTRA_DIST += bench/scale.sh bench/scale.gp bench/scale-proxy.py bench/scale.tsv bench/scale-build.svg \
	bench/scale-query.svg
