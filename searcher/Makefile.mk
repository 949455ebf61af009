bin_PROGRAMS += searcher/cgsearch
searcher_cgsearch_SOURCES = searcher/cgsearch.c searcher/output.c searcher/output.h
searcher_cgsearch_LDADD = libcgshared.la
# libcgshared holds C++ (the Xapian shim): link with the C++ driver.
nodist_EXTRA_searcher_cgsearch_SOURCES = force-cxx-link.cc
