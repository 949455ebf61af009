#!/usr/bin/env bash
# fuzz.sh — runs each libFuzzer target of tests/fuzz/ for a fixed time, starting
# from its committed corpus (tests/fuzz/corpus/TARGET/). ./check runs it on the
# _build-fuzz tree (configure CC=clang CXX=clang++ --enable-fuzz).
#
# Usage: tests/fuzz.sh BUILD_DIR [SECONDS_PER_TARGET | fixed] [TARGET...]
#
# "fixed" (what ./check runs) is a reproducible budget instead of a time: seed 1 and a
# fixed number of inputs per target (about 30 s each on 2 cores), so that ./check gives
# the same answer on every machine; a time budget explores further, with a new seed
# each run, and may find what a fixed run does not (Xapian's own bugs on a damaged
# index among them: tests/fuzz/xapian-crashes/).
#
# New inputs libFuzzer finds go to a temporary folder (never into the source tree).
# A crash stops the run: its input is kept in BUILD_DIR/fuzz-crashes/; once the bug
# is fixed, commit the input into tests/fuzz/corpus/TARGET/, where make check's
# replay-TARGET runs it in every build from then on.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tests/fuzz.sh BUILD_DIR [SECONDS] [TARGET...]}" && pwd)
secs=${2:-30}
shift $(($# >= 2 ? 2 : 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pipeline query docdata index)

# fuzz-index builds its tiny index with the (instrumented) cgindex of this build.
export CGINDEX=$build/indexer/cgindex
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
work=$(mktemp -d "${TMPDIR:-/tmp}/cg-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
crashes=$build/fuzz-crashes
mkdir -p "$crashes"

status=0
for t in "${targets[@]}"; do
    prog=$build/tests/fuzz/fuzz-$t
    [ -x "$prog" ] || { echo "fuzz.sh: no $prog (configure with --enable-fuzz)" >&2; exit 2; }
    mkdir -p "$work/$t"
    log=$work/$t.log
    if [ "$secs" = fixed ]; then
        case $t in
            pipeline) runs=40000 ;; query) runs=300000 ;; docdata) runs=3000000 ;; *) runs=4000 ;;
        esac
        budget=(-seed=1 -runs="$runs")
        limit=600
        what="seed 1"
    else
        budget=(-max_total_time="$secs")
        limit=$((secs + 120))
        what="${secs}s"
    fi
    # -timeout: one input taking 10 s is a hang; timeout(1) guards the whole run.
    if (cd "$work" && timeout "$limit" "$prog" "${budget[@]}" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/$t-" \
            "$work/$t" "$src/tests/fuzz/corpus/$t") >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz-$t: ${runs:-?} inputs ($what), no crash ($cov, $(ls "$work/$t" | wc -l) new inputs)"
    else
        echo "fuzz-$t: FAILED (log follows; inputs kept in $crashes)"
        grep -v '^#[0-9]' "$log" | tail -60
        status=1
    fi
done
exit $status
