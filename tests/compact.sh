#!/bin/bash
# compact.sh — an index built in shards (--jobs N, merged by Xapian's compactor) and
# then updated (files removed, changed, added) answers every query as a fresh
# --jobs 1 build of the same files does. Xapian 1.4 failed boolean searches for a
# term found in every file once a document was deleted and the document-length list
# had two chunks (each merged shard brings one; so do ~1000 files): "DatabaseCorruptError: Unexpected
# end of posting list" (see doc/INDEX-FORMAT.md, "Deleted documents").
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
T() { timeout 60 "$@"; }

# same NAME DB QUERY...: every listing of QUERY in DB is an answer (exit 0 or 1) and
# is the answer of the fresh build ref (sorted: docids differ between the two).
same() {
    local name=$1 db=$2 mode got want grc wrc
    shift 2
    for mode in -l -c "-n 0 --format vimgrep"; do
        # shellcheck disable=SC2086 # mode is several words
        run T "$CGSEARCH" --db "$db" $mode -- "$@"
        got=$(printf '%s\n' "$out" | LC_ALL=C sort) grc=$rc
        if [ "$rc" -gt 1 ]; then
            fail "$name ($mode $*): answers" "exit status $rc" "stderr: $err"
            continue
        fi
        # shellcheck disable=SC2086
        run T "$CGSEARCH" --db ref $mode -- "$@"
        want=$(printf '%s\n' "$out" | LC_ALL=C sort) wrc=$rc
        expect_eq "$name ($mode $*): as a fresh build" "$grc $got" "$wrc $want"
    done
}

# fresh: the reference index of the tree t, built in one process.
fresh() { rm -rf ref && T "$CGINDEX" -q -j1 --db ref t; }

# The shapes of the report: 15 files, two shards, one file removed, 17 added.
small() { # NAME VICTIM-LINE (1: the first shard's first file, $: the last file)
    rm -rf t db && mkdir t
    for i in $(seq 1 15); do echo "zqmarker file $i" > "t/f$i.txt"; done
    run T "$CGINDEX" -q -j2 --db db t
    expect_rc "$1: sharded build" 0
    run T "$CGSEARCH" --db db -l zqmarker
    victim=$(printf '%s\n' "$out" | sed -n "$2p")
}

small "first shard" 1
rm "$victim"
for i in $(seq 16 32); do echo "zqmarker file $i" > "t/f$i.txt"; done
run T "$CGINDEX" -q --db db t
expect_rc "first shard: update" 0
fresh
same "first shard, removed" db zqmarker
same "first shard, removed" db file
same "first shard, removed" db file -zqmarker
same "first shard, removed" db zqmarker OR nothinglikethis

small "last shard" '$'
rm "$victim"
run T "$CGINDEX" -q --db db t
fresh
same "last shard, removed" db zqmarker
same "last shard, removed" db file -zqmarker

small "changed file" 2
echo "zqmarker file changed" > "$victim"
run T "$CGINDEX" -q --db db t
fresh
same "changed file" db zqmarker
same "changed file" db changed
same "changed file" db zqmarker -changed

# A few hundred small files made of the corpus's lines, every one holding the word
# zqmarker and the character 文; 4 shards then 2, each updated twice.
lines=$(cat "$CG_CORPUS"/*.txt | grep -v '^[[:space:]]*$' | head -n 60)
nlines=$(printf '%s\n' "$lines" | wc -l)
many() { # JOBS
    rm -rf t db && mkdir t
    for i in $(seq 1 300); do
        printf '文 zqmarker %s\n' "$(printf '%s\n' "$lines" | sed -n "$(((i % nlines) + 1))p")" \
            > "t/d$i.txt"
    done
    run T "$CGINDEX" -q -j"$1" --db db t
    expect_rc "-j$1, 300 files: sharded build" 0
}
queries() { # NAME
    same "$1" db zqmarker
    same "$1" db 文
    same "$1" db 文 zqmarker
    same "$1" db 的
    same "$1" db 中文
    same "$1" db Debian -zqmarker
}
for jobs in 4 2; do
    many "$jobs"
    rm t/d1.txt t/d150.txt t/d299.txt
    printf '文 zqmarker 改过的文件\n' > t/d77.txt
    run T "$CGINDEX" -q --db db t
    expect_rc "-j$jobs, 300 files: update" 0
    fresh
    queries "-j$jobs, 300 files, updated once"
    rm t/d2.txt
    for i in $(seq 301 320); do printf '文 zqmarker 新文件 %d\n' "$i" > "t/d$i.txt"; done
    run T "$CGINDEX" -q --db db t
    fresh
    queries "-j$jobs, 300 files, updated twice"
done

# Not the merge's fault: one process, and enough files (~1000 per chunk) for the
# document-length list to have two chunks, fails the same way.
rm -rf t db && mkdir t
(cd t && for i in $(seq 1 2500); do echo "zqmarker file $i" > "f$i.txt"; done)
run T "$CGINDEX" -q -j1 --db db t
expect_rc "-j1, 2500 files: build" 0
rm t/f7.txt
run T "$CGINDEX" -q --db db t
run T "$CGSEARCH" --db db -l zqmarker
expect_rc "-j1, 2500 files, one removed: -l answers" 0
expect_eq "... every file" "$(printf '%s\n' "$out" | wc -l)" 2499

finish
