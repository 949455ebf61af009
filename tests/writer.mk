# The index writer's guarantees: one writer, crash safety, a full disk, and never
# writing among the user's documents (doc/ARCHITECTURE.md, "Building an index").
WRITER_TESTS = tests/writer.sh tests/crash.sh tests/diskfull.sh
TESTS += $(WRITER_TESTS)
EXTRA_DIST += $(WRITER_TESTS)
