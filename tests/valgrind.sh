#!/usr/bin/env bash
# valgrind.sh — integration tests with cgindex and cgsearch under valgrind's memcheck:
# no invalid read or write, no use of uninitialised memory, no definite leak.
#
# Usage: tests/valgrind.sh BUILD_DIR TEST...   (e.g. tests/cli.sh tests/index.sh)
#
# Each test runs as make check runs it, but with $CGINDEX and $CGSEARCH wrappers that
# exec the programs of BUILD_DIR (a build without sanitizers) under
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
# so that a memory error fails the check that ran the program (its status is 99, and
# valgrind's report is on its standard error, which the test shows). The only
# suppressions are in tests/valgrind.supp, each with the reason. Valgrind makes a
# run about 30 times slower: ./check picks tests that run a bounded number of
# programs, and they run side by side.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tests/valgrind.sh BUILD_DIR TEST...}" && pwd)
shift
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }

wrap=$(mktemp -d "${TMPDIR:-/tmp}/cg-valgrind.XXXXXX")
trap 'rm -rf "$wrap"' EXIT
for prog in indexer/cgindex searcher/cgsearch; do
    cat >"$wrap/${prog#*/}" <<WRAPPER
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
    --suppressions='$src/tests/valgrind.supp' '$build/$prog' "\$@"
WRAPPER
    chmod +x "$wrap/${prog#*/}"
done
export CGINDEX=$wrap/cgindex CGSEARCH=$wrap/cgsearch CG_CORPUS=$src/corpus CG_SRCDIR=$src

# The tests run side by side (they share nothing), each with its own log.
start=$SECONDS
pids=()
for t in "$@"; do
    timeout 900 bash "$src/$t" >"$wrap/$(basename "$t").log" 2>&1 &
    pids+=($!)
done
status=0
i=0
for t in "$@"; do
    log=$wrap/$(basename "$t").log
    if wait "${pids[$i]}"; then
        echo "valgrind $t: $(grep -c '^ok ' "$log") checks passed"
    else
        echo "valgrind $t: FAILED"
        grep -v '^ok ' "$log" | head -80
        status=1
    fi
    i=$((i + 1))
done
echo "valgrind: $# tests in $((SECONDS - start)) s"
exit $status
