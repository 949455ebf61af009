# bench/xapian-replay: Xapian alone writing an index cgindex wrote, for bench/run's
# floor (bench/README.md). Built with the programs, installed nowhere.
noinst_PROGRAMS += bench/xapian-replay
bench_xapian_replay_SOURCES = bench/xapian-replay.c
bench_xapian_replay_LDADD = libcgshared.la
# libcgshared holds C++ (the Xapian shim): link with the C++ driver.
nodist_EXTRA_bench_xapian_replay_SOURCES = force-cxx-link.cc
