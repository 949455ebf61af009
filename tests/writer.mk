# The index writer's guarantees (doc/ARCHITECTURE.md, "Building an index"): one
# writer at a time and searches that never fail meanwhile, no writing among the
# user's documents, hints that work (writer.sh); crash safety (crash.sh); a full
# disk (diskfull.sh). writer.sh and diskfull.sh also run under ASan (./check);
# crash.sh, the long one, only here.
INTEGRATION_TESTS += tests/writer.sh tests/diskfull.sh
TESTS += tests/crash.sh
EXTRA_DIST += tests/crash.sh tests/gen-files.py
