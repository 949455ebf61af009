#!/bin/sh
# layout.sh — the tree has the shape of DESIGN.md: autotools files, libcgshared with
# the shim as the only C++ file, the two programs, corpus/ with the seed documents.
set -eu
. "$CG_SRCDIR/tests/tap.sh"
cd "$CG_SRCDIR"

for f in configure.ac Makefile.am shared/cg.h shared/xapian_shim.cc shared/xapian_shim.h \
         indexer/cgindex.c searcher/cgsearch.c corpus/000_8c3011d7f1518200.txt \
         corpus/003_6d43e2085fc33fdc.txt corpus/README.md quickstart check .ci/run; do
    if [ -f "$f" ]; then pass "$f exists"; else fail "$f exists"; fi
done
cxx=$(find shared indexer searcher -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' | sort | tr '\n' ' ')
expect_eq "xapian_shim.cc is the only C++ file of the programs" "$cxx" "shared/xapian_shim.cc "
subdirs=$(grep -c '^SUBDIRS' Makefile.am || true)
expect_eq "Makefile.am is non-recursive" "$subdirs" "0"
run grep -rl --include='*.c' --include='*.h' --exclude=xapian_shim.h 'Xapian::' shared indexer searcher
expect_eq "only the shim speaks Xapian's C++ API" "$out" ""

# The layers are one-way: shared/ (libcgshared) includes only its own headers; a
# printer includes the printer interface and shared/, never the CLI's own files;
# only shared/ builds cmark trees.
bad=
for f in shared/*.c shared/*.h shared/*.cc; do
    for h in $(sed -n 's/^#include "\(.*\)"/\1/p' "$f"); do
        [ "$h" = config.h ] || [ -f "shared/$h" ] || bad="$bad $f:$h"
    done
done
expect_eq "shared/ includes nothing from indexer/ or searcher/" "$bad" ""
bad=
for f in searcher/print-*.c; do
    for h in $(sed -n 's/^#include "\(.*\)"/\1/p' "$f"); do
        [ "$h" = printer.h ] || [ -f "shared/$h" ] || bad="$bad $f:$h"
    done
done
expect_eq "printers include printer.h and shared/ only" "$bad" ""
run grep -lE '<cmark.h>|cmark_' searcher/*.c searcher/*.h
expect_eq "the Markdown and HTML trees are built in shared/, beneath the printers" "$out" ""
missing=
for f in searcher/print-*.c; do
    ops=$(sed -n 's/^const cg_printer_ops \(cg_print_[a-z]*\) = {/\1/p' "$f")
    [ -n "$ops" ] || { missing="$missing $f(no ops)"; continue; }
    grep -q "&$ops\b" searcher/printers.c searcher/cgsearch.c || missing="$missing $ops"
done
expect_eq "every printer file is a row of the table (or -l/-c's)" "$missing" ""
finish
