#!/bin/bash
# crash.sh — crash safety, tested the way SQLite tests it: cgindex is killed with
# SIGKILL at 20 or more points spread over full builds and incremental runs, named
# fault points (CGINDEX_FAULT=NAME:N, indexer/fault.h) and timers. After each kill:
#   - cgsearch answers from the last committed state (a file committed before is found);
#   - xapian-check finds the index sound;
#   - the next cgindex completes the work (this round's new file is found after it);
#   - and leaves no staging folder (DB.build.*, DB.old.*) behind.
# Uses the small real corpus when CG_REAL_CORPUS is set (./check sets it), else a
# generated one. About 30 s (60 s on a busy machine).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir coll
if [ -n "${CG_REAL_CORPUS:-}" ] && [ -d "$CG_REAL_CORPUS" ]; then
    # All of it but the later 3,000 of its 5,263 one-line fortunes (to stay well
    # under a minute on 2 cores): 2,700 files, the maint-guide's large ones included.
    cp -r "$CG_REAL_CORPUS"/. coll/ && rm -rf coll/.corpus
    if [ -d coll/fortunes-zh/chinese ]; then
        find coll/fortunes-zh/chinese -type f | sort | tail -n +2300 | xargs rm -f
    fi
else
    echo "# CG_REAL_CORPUS is not set: a generated corpus"
    python3 "$CG_SRCDIR/tests/gen-files.py" "$CG_CORPUS" coll 3500 40 1 300
fi
printf '先前提交的哨兵文字。\n' > coll/sentinel.txt
run "$CGINDEX" -q --db db coll
expect_rc "the first index is built" 0
mapfile -t files < <(cd coll && find . -name '*.txt' ! -name 'sentinel.txt' ! -name 'round-*' | sort)

round=0
# crash HOW ARGS...: one round. New, changed and deleted files, then cgindex ARGS
# killed: HOW is a fault point NAME:N, or timer:SECONDS (kill -9 after that long).
crash() {
    local how=$1 pid killed
    shift
    round=$((round + 1))
    printf 'crash round marker zq%dx\n' $round > coll/round-$round.txt
    printf '\nchanged in round %d\n' $round >> "coll/${files[$((round * 3))]}"
    printf '\nchanged in round %d\n' $round >> "coll/${files[$((round * 3 + 1))]}"
    rm -f "coll/${files[$((round * 3 + 2))]}"
    case $how in
    timer:*)
        "$CGINDEX" -q "$@" --db db coll 2>crash.err &
        pid=$!
        sleep "${how#timer:}"
        kill -9 $pid 2>/dev/null && killed=yes || killed="no (it had finished)"
        wait $pid || true
        ;;
    *)
        set +e
        CGINDEX_FAULT=$how "$CGINDEX" -q "$@" --db db coll 2>crash.err
        rc=$?
        set -e
        case $rc in 137) killed=yes ;; 2) killed="a shard process" ;; *) killed="no (exit $rc)" ;; esac
        ;;
    esac
    local name="round $round, cgindex $* killed at $how"
    case $killed in
    yes | "a shard process") pass "$name: killed (${killed/yes/cgindex})" ;;
    *) [ "${how%%:*}" = timer ] && pass "$name: killed # SKIP $killed" || fail "$name: killed" "$killed" ;;
    esac
    run "$CGSEARCH" --db db -l 哨兵文字
    expect_eq "$name: cgsearch answers from the last commit" "$rc:$out" "0:coll/sentinel.txt"
    run xapian-check db
    expect_rc "... xapian-check finds the index sound" 0
    run "$CGINDEX" -q --db db coll
    expect_rc "... the next cgindex completes" 0
    run "$CGSEARCH" --db db -l zq${round}x
    expect_eq "... with this round's work" "$out" "coll/round-$round.txt"
    expect_eq "... and leaves nothing beside the index" "$(ls -d db.* 2>/dev/null || true)" ""
}

# Full builds (--rebuild), in one process (--jobs 1) and in shards.
crash start:1 --rebuild
crash staging:1 --rebuild --jobs 1
crash shard-file:1 --rebuild --jobs 1
crash shard-file:1500 --rebuild --jobs 1
crash shard-file:2500 --rebuild --jobs 1
crash shard-commit:1 --rebuild --jobs 1
crash shard-file:400 --rebuild --jobs 2
crash merge:1 --rebuild --jobs 2
crash merged:1 --rebuild --jobs 2
crash swap:1 --rebuild --jobs 2
crash swapped:1 --rebuild --jobs 2
crash timer:0.3 --rebuild --jobs 2
crash timer:0.8 --rebuild --jobs 2
# Incremental runs.
crash start:1
crash update-delete:1
crash update-file:1
crash update-file:2
crash update-commit:1
crash committed:1
crash timer:0.05
# A larger incremental run killed after Xapian flushed some of it to disk (but did
# not commit): 600 files changed, flushed every 100.
some=("${files[@]:100:600}")
touch -d '2001-01-01' "${some[@]/#/coll/}"
XAPIAN_FLUSH_THRESHOLD=100 crash update-file:450
touch -d '2002-01-01' "${some[@]/#/coll/}"
XAPIAN_FLUSH_THRESHOLD=100 crash timer:0.4

finish
