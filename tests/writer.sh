#!/bin/bash
# writer.sh — one writer at a time, searches that never fail while the index is
# rewritten, no writing among the user's documents, and hints that work:
#   1. a second cgindex on an index being written fails at once (exit 2, the
#      writer's pid) and changes nothing; the first one's work is kept;
#   2. cgsearch answers (exit 0 or 1) in a loop throughout full builds, their swaps
#      included, and incremental runs;
#   3. cgindex --db on a folder of documents refuses and leaves it as it was;
#   4. every command cgsearch suggests works when run as printed.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir coll
# 600 files of 3 lines (1.1 MB): a build with --jobs 1 takes about a second.
python3 "$CG_SRCDIR/tests/gen-files.py" "$CG_CORPUS" coll 600 20 3
# The commands cgsearch suggests name the programs: as a user would have them.
PATH="$(dirname "$CGINDEX"):$(dirname "$CGSEARCH"):$PATH"
printf '先前提交的哨兵文字。\n' > coll/sentinel.txt
run "$CGINDEX" -q --db db coll
expect_rc "the first index is built" 0

# wait_for_lock PID: until PID has written itself into db's lock file (it holds it).
wait_for_lock() {
    for _ in $(seq 1 200); do
        [ "$(cat db/cgindex.lock 2>/dev/null)" = "$1" ] && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.02
    done
    return 1
}

# --- 1. one writer
printf '第二个写入者的独特文字。\n' > coll/second.txt
for mode in full incremental; do
    if [ $mode = full ]; then args=(--rebuild); else args=(); fi
    "$CGINDEX" -q --jobs 1 --rebuild --db db coll 2>first.err &
    first=$!
    if ! wait_for_lock $first; then
        fail "$mode: the first cgindex took the lock" "$(cat first.err)"
        wait $first || true
        continue
    fi
    start=$(date +%s%N)
    run timeout 10 "$CGINDEX" "${args[@]}" --db db coll
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    still=no; kill -0 $first 2>/dev/null && still=yes
    expect_rc "$mode: a second cgindex during a build fails with exit 2" 2
    expect_in "... saying another process writes the index, with its pid" \
        "cgindex: error: index db is being written by another process (cgindex, pid $first)" "$err"
    expect_eq "... in one line" "$(printf '%s\n' "$err" | wc -l)" 1
    expect_eq "... at once (under a second), while the first still runs" \
        "$([ $ms -lt 1000 ] && echo fast) $still" "fast yes"
    wait $first
    rc=$?
    expect_rc "$mode: the first cgindex completes" 0
    expect_eq "... and leaves nothing beside the index" "$(ls -d db.* 2>/dev/null || true)" ""
    run "$CGSEARCH" --db db -l 哨兵文字
    expect_eq "... its work is kept" "$out" "coll/sentinel.txt"
done
run xapian-check db
expect_rc "the index is sound (xapian-check)" 0

# --- 2. searches never fail while the index is rewritten
search_loop() { # writes one line per search: its exit status
    while [ ! -e stop ]; do
        "$CGSEARCH" --db db -l 哨兵文字 >/dev/null 2>>search.err
        echo $?
    done >statuses
}
rm -f stop statuses search.err
search_loop &
loop=$!
sleep 0.2
builds=0
for i in $(seq 1 4); do
    "$CGINDEX" -q --rebuild --db db coll && builds=$((builds + 1))
    printf '新文件%d的内容。\n' "$i" > coll/new-$i.txt
    "$CGINDEX" -q --db db coll && builds=$((builds + 1))
done
touch stop
wait $loop
n=$(wc -l <statuses)
bad=$(grep -vcxE '0|1' statuses || true)
expect_eq "8 full and incremental runs during a search loop" "$builds" 8
expect_eq "every one of $n searches during them exits 0 or 1" "$bad" 0
[ "$bad" = 0 ] || echo "# $(sort search.err | uniq -c | head -5)"
expect_eq "... and finds the file committed before (exit 0)" "$(grep -vcx 0 statuses || true)" 0

# The same at the very moments of a full build's swap: cgindex stopped there
# (fault points, indexer/fault.h), searched, then let go on.
wait_stopped() {
    for _ in $(seq 1 500); do
        case "$(ps -o stat= -p "$1" 2>/dev/null)" in T*) return 0 ;; '') return 1 ;; esac
        sleep 0.02
    done
    return 1
}
for point in merged swap swapped; do
    CGINDEX_FAULT=$point:1:stop "$CGINDEX" -q --rebuild --db db coll &
    pid=$!
    if wait_stopped $pid; then
        run "$CGSEARCH" --db db -l 哨兵文字
        expect_eq "stopped at '$point': cgsearch finds the committed file" "$rc:$out" "0:coll/sentinel.txt"
        run timeout 10 "$CGINDEX" --db db coll
        expect_eq "... and a second cgindex is refused (the lock holds across the swap)" \
            "$rc:$err" "2:cgindex: error: index db is being written by another process (cgindex, pid $pid); try again when it has finished"
        kill -CONT $pid
    else
        fail "stopped at '$point'" "cgindex did not stop there"
    fi
    wait $pid
    rc=$?
    expect_rc "... and the build then completes" 0
done

# --- 3. never write among the user's documents
mkdir docs
printf 'a letter\n' > docs/letter.txt
printf 'notes\n' > docs/notes.md
touch -d '2020-01-01 00:00' docs/letter.txt docs/notes.md docs
listing() { ls -la --full-time docs; }
before=$(listing)
run "$CGINDEX" --db docs coll
expect_rc "cgindex --db on a folder of documents refuses (exit 2)" 2
expect_eq "... in one line" "$err" \
    "cgindex: error: docs is not a cgsearch index: it holds other files; name a new or empty directory with --db"
run "$CGINDEX" --db docs/ --rebuild
expect_rc "... with --rebuild too" 2
expect_eq "... and writes nothing there (listing and mtimes unchanged)" "$(listing)" "$before"
expect_eq "... nor beside it" "$(ls -d docs.* 2>/dev/null || true)" ""
run "$CGSEARCH" --db docs 文字
expect_rc "cgsearch --db on a folder of documents: exit 2" 2
expect_eq "... saying it is no index, in one line" "$err" \
    "cgsearch: error: docs is not a cgsearch index (it holds other files); name the index with --db"
expect_eq "... and writes nothing there" "$(listing)" "$before"
printf 'x\n' > afile
run "$CGINDEX" --db afile coll
expect_in "cgindex --db on a file refuses" "cgindex: error: afile is not a cgsearch index: it is not a directory" "$err"

# --- 4. every hint cgsearch prints is a command that works
# hint TEXT: the command after "with: " in TEXT (up to the end of its line).
hint() { printf '%s\n' "$1" | grep -o 'with: cgindex.*' | head -1 | sed 's/^with: //'; }
mkdir -p nowhere/sub
cp "$CG_CORPUS"/*.txt nowhere/sub/
cd nowhere
run "$CGSEARCH" 布达佩斯公约
expect_eq "no index anywhere: one line" "$(printf '%s\n' "$err" | wc -l)" 1
cmd=$(hint "$err")
expect_eq "... suggesting a command" "$cmd" "cgindex DIR"
run eval "${cmd% DIR} sub"
expect_rc "... which works (DIR = sub)" 0
run "$CGSEARCH" -l 布达佩斯公约
expect_eq "... and then cgsearch answers" "$out" "sub/003_6d43e2085fc33fdc.txt"
rm -rf .cgsearch
cd "$scratch"

for where in "no db" "my index" "empty"; do
    rm -rf "$where"
    [ "$where" = empty ] && mkdir empty
    run "$CGSEARCH" --db "$where" 布达佩斯公约
    expect_in "no index at '$where': one line, exit 2" "cgsearch: error: no index at $where; build one with: " "$err"
    cmd=$(hint "$err")
    run eval "${cmd% DIR} nowhere/sub"
    expect_rc "... the command it suggests works: $cmd" 0
    run "$CGSEARCH" --db "$where" -l 布达佩斯公约
    expect_eq "... and then cgsearch answers" "$out" "nowhere/sub/003_6d43e2085fc33fdc.txt"
done

# Stale and deleted files: the refresh command.
sleep 0.01
printf '\n补充一段。\n' >> nowhere/sub/003_6d43e2085fc33fdc.txt
run "$CGSEARCH" --db "my index" 布达佩斯公约
expect_in "a changed file is shown stale with a refresh command" "refresh the index with: " "$out"
cmd=$(printf '%s\n' "$out" | grep -o "refresh the index with: cgindex --db 'my index'" | head -1 |
      sed 's/^refresh the index with: //')
expect_eq "... quoted for the shell" "$cmd" "cgindex --db 'my index'"
run eval "$cmd"
expect_rc "... which works" 0
run "$CGSEARCH" --db "my index" 布达佩斯公约
expect_not_in "... and then the file is fresh" "stale" "$out"
rm nowhere/sub/003_6d43e2085fc33fdc.txt
run "$CGSEARCH" --db "my index" -l 布达佩斯公约
cmd=$(printf '%s\n' "$err" | grep -o 'refresh the index with: .*' | sed 's/^refresh the index with: //')
expect_in "a deleted file: a warning with a refresh command" "cgindex --db" "$cmd"
run eval "$cmd"
expect_rc "... which works" 0
run "$CGSEARCH" --db "my index" -l 布达佩斯公约
expect_eq "... and then the warning is gone" "$rc:$err" "1:"

# A usage error: "Try 'cgsearch --help'."
run "$CGSEARCH" --no-such-option 文字
cmd=$(printf '%s\n' "$err" | sed -n "s/^Try '\(.*\)'\.$/\1/p")
expect_eq "a usage error suggests the help" "$cmd" "cgsearch --help"
run eval "$cmd"
expect_rc "... which works" 0

# An index of another pipeline: the rebuild command works from anywhere.
py=
for p in python3 /usr/bin/python3; do "$p" -c 'import xapian' 2>/dev/null && py=$p && break; done
if [ -n "$py" ]; then
    "$py" -c 'import xapian, sys
w = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
w.set_metadata("cg.fingerprint", "cgsearch-pipeline/0 other")
w.commit()' "$scratch/my index"
    cd coll
    run "$CGSEARCH" --db "$scratch/my index" 独特
    expect_in "an index of another pipeline: exit 2, a rebuild command" "rebuild it with: cgindex --rebuild --db" "$err"
    cmd=$(printf '%s\n' "$err" | sed 's/.*rebuild it with: //')
    run eval "$cmd"
    expect_rc "... which works, from another directory" 0
    run "$CGSEARCH" --db "$scratch/my index" -l 网络反恐
    expect_eq "... and rebuilds the index of the same directory" "$out" "$scratch/nowhere/sub/000_8c3011d7f1518200.txt"
    cd "$scratch"
else
    pass "an index of another pipeline # SKIP python3-xapian is not installed"
fi

finish
