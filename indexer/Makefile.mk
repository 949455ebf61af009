bin_PROGRAMS += indexer/cgindex
indexer_cgindex_SOURCES = indexer/cgindex.c indexer/walk.c indexer/walk.h \
	indexer/ignore.c indexer/ignore.h \
	indexer/build.c indexer/build.h indexer/writer.h indexer/ingest.c \
	indexer/lock.c indexer/lock.h indexer/fault.c indexer/fault.h
indexer_cgindex_LDADD = libcgshared.la
# libcgshared holds C++ (the Xapian shim): link with the C++ driver.
nodist_EXTRA_indexer_cgindex_SOURCES = force-cxx-link.cc
