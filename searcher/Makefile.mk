# cgsearch: the CLI (cgsearch.c), the batch reader, and one file per printer
# (printer.h is their interface, printers.c their table).
bin_PROGRAMS += searcher/cgsearch
searcher_cgsearch_SOURCES = searcher/cgsearch.c searcher/batch.c searcher/batch.h \
	searcher/printer.c searcher/printer.h searcher/printers.c \
	searcher/print-md.c searcher/print-text.c searcher/print-html.c \
	searcher/print-json.c searcher/print-vimgrep.c searcher/print-trec.c \
	searcher/print-files.c searcher/print-count.c
searcher_cgsearch_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
searcher_cgsearch_LDADD = libcgshared.la $(JANSSON_LIBS)
# libcgshared holds C++ (the Xapian shim): link with the C++ driver.
nodist_EXTRA_searcher_cgsearch_SOURCES = force-cxx-link.cc
