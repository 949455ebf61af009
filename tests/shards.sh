#!/bin/bash
# shards.sh — cgindex --shards N (issue 18 items 1 and 2): N databases and Xapian's
# stub file; a file's shard is a function of its path, so an update writes only the
# shards whose files changed; and cgsearch over the shards answers every query as the
# one database does: the same files, the same top 10 in the same order with the same
# scores, the same snippets (compared byte for byte in JSON, which prints the full
# score), the same -l and -c. The queries are the exactness test's kind: random
# substrings (1-10 characters) of the collection's files, in both scripts, plus
# words, lone characters, OR, NOT, title: and --all-passages.
# Uses the small real corpus when CG_REAL_CORPUS is set (./check sets it), else the
# seed corpus (CG_CORPUS).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
T() { timeout 120 "$@"; }

mkdir coll
if [ -n "${CG_REAL_CORPUS:-}" ] && [ -d "$CG_REAL_CORPUS" ]; then
    cp -r "$CG_REAL_CORPUS"/. coll/ && rm -rf coll/.corpus
else
    echo "# CG_REAL_CORPUS is not set: the seed corpus"
    cp -r "$CG_CORPUS"/. coll/
fi
# A split file (parts of one file are one result: their collapse key stays in one shard).
python3 - coll/big.txt <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(30000):
        f.write("第%d段：分片测试的长文件，zqsplit 出现在每一段。\n\n" % i)
PY

T "$CGINDEX" -q -j2 --db one coll
run T "$CGINDEX" -j2 --shards 3 --db three coll
expect_rc "--shards 3 builds" 0
expect_in "the summary names the shards" "(3 shards)" "$err"
expect_eq "three databases and the stub file" "$(cd three && ls | grep -v cgindex.lock | tr '\n' ' ')" \
    "XAPIANDB shard-000 shard-001 shard-002 "
expect_eq "the stub lists them for Xapian" "$(cat three/XAPIANDB)" \
    "$(printf 'auto shard-000\nauto shard-001\nauto shard-002')"
T "$CGINDEX" -q -j1 --shards 2 --db two coll
for s in three/shard-00*; do
    run xapian-check "$s"
    expect_rc "xapian-check $s" 0
done

# Every file in exactly one shard, the shard its path says (the collapse key of
# big.txt's parts included).
paths() { xapian-delve -V0 "$1" | sed 's/^Value 0 for each document: //' | tr ' ' '\n' |
          sed -n 's/^[0-9]*://p'; }
for s in 0 1 2; do paths three/shard-00$s | sort -u > in$s; done
sort in0 in1 in2 | uniq -d > twice
expect_eq "no file is in two shards" "$(wc -l < twice)" "0"
(cd coll && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) > walked
expect_eq "every file is in a shard" "$(sort -u in0 in1 in2 | LC_ALL=C sort)" "$(cat walked)"
expect_eq "the split file's parts are one shard's" \
    "$(grep -lx big.txt in0 in1 in2 | wc -l)" "1"
expect_eq "each shard holds files" "$( [ -s in0 ] && [ -s in1 ] && [ -s in2 ] && echo yes)" "yes"

# The queries.
python3 - coll queries <<'PY'
import os, random, sys
root, out = sys.argv[1], sys.argv[2]
random.seed(20261201)
texts = []
for d, _, fs in os.walk(root):
    for f in sorted(fs):
        try:
            with open(os.path.join(d, f), encoding="utf-8") as h:
                t = h.read(200000)
        except (UnicodeDecodeError, OSError):
            continue
        if t.strip():
            texts.append(t)
qs = []
while len(qs) < 1200:
    t = random.choice(texts)
    n = random.randint(1, 10)
    i = random.randrange(max(1, len(t) - n))
    s = t[i:i + n].replace("\n", " ").replace('"', " ").strip()
    if s:
        qs.append('"%s"' % s)
qs += ["的", "是", "a", "zqsplit", "分片", "的 是", "软件 OR 軟體", "debian -软件",
       "NOT 的 包", "title:软件", "title:\"Debian 新维护者手册\"", "第 7 章", "打包 软件包",
       "debian maintainer", "the", "上传", "套件"]
with open(out, "w", encoding="utf-8") as h:
    h.write("\n".join(qs) + "\n")
PY
expect_eq "queries drawn" "$(wc -l < queries)" "1217"

# same NAME ARGS...: the batch's output over one database and over each sharded
# index is the same, byte for byte (but for the time JSON says a search took, and the bytes that took to print).
untimed() { sed -E 's/"elapsed(_total)?":\{[^}]*\},?//g; s/"bytes_printed":[0-9]+,?//g'; }
same() {
    local name=$1 db
    shift
    T "$CGSEARCH" --db one --batch queries "$@" 2>want.err | untimed > want.out || true
    for db in three two; do
        T "$CGSEARCH" --db $db --batch queries "$@" 2>got.err | untimed > got.out || true
        if cmp -s want.out got.out && cmp -s want.err got.err; then
            pass "$name: $db shards answer as one database"
        else
            fail "$name: $db shards answer as one database" \
                "$(diff want.out got.out | head -20)" "$(diff want.err got.err | head -5)"
        fi
    done
}
same "top 10, scores and snippets (json)" --format json -n 10
same "every file (-l)" -l
same "matching passages per file (-c)" -c
same "all results, every passage (vimgrep)" --format vimgrep -n 0 --all-passages
run T "$CGSEARCH" --db one --batch queries --format json -n 10
expect_in "the comparison covers real results" '"type":"begin"' "$out"

# -n 10 is the first 10 of -n 0, in every layout (Xapian 1.4.22 dropped boosted
# documents from the top N once its threshold rose: xapian_shim.cc, cg_db_search).
firsts() { grep '"type":"begin"' | sed -E 's/.*"query_id":"([0-9]+)".*/\1 &/' |
           awk '{ if (++n[$1] <= 10) print }'; }
for db in one three; do
    T "$CGSEARCH" --db $db --batch queries --format json -n 10 | firsts > top10
    T "$CGSEARCH" --db $db --batch queries --format json -n 0 | firsts > all10
    expect_eq "$db: -n 10 lists the first 10 of -n 0 ($(wc -l < top10) results)" \
        "$(cmp -s top10 all10 && echo same || diff top10 all10 | head -6)" same
done

# An incremental run writes only the shard whose file changed.
rev() { xapian-delve "$1" | sed -n 's/^revision = //p'; }
for s in 0 1 2; do before[$s]=$(rev three/shard-00$s); done
victim=$(head -1 in1)
printf '\nzqchanged shard one\n' >> "coll/$victim"
run T "$CGINDEX" --db three coll
expect_in "the update is incremental" "1 changed, 0 removed" "$err"
expect_eq "only the changed file's shard has a new revision" \
    "$(rev three/shard-000) $(rev three/shard-001) $(rev three/shard-002)" \
    "${before[0]} $((before[1] + 1)) ${before[2]}"
run T "$CGSEARCH" --db three -l zqchanged
expect_eq "the change is found" "$out" "coll/$victim"
# New and removed files go to and from their own shards; the index stays one's equal.
printf 'zqnew file\n' > coll/zq-new.txt
rm "coll/$(head -1 in2)"
run T "$CGINDEX" --db three coll
expect_in "new and removed files" "1 new, 0 changed, 1 removed" "$err"
T "$CGINDEX" -q --db one coll
T "$CGINDEX" -q --db two coll
same "after the updates (json)" --format json -n 10

# Killed between two shards' commits (each shard commits on its own): every shard
# stays sound and searchable, and the next run brings the rest up to date.
for s in 0 1 2; do printf '\nzqcrash %d\n' $s >> "coll/$(tail -1 in$s)"; done
set +e
CGINDEX_FAULT=update-commit:2 T "$CGINDEX" -q --db three coll 2>crash.err
rc=$?
set -e
expect_eq "an update killed at its second shard's commit" "$rc" "137"
run T "$CGSEARCH" --db three -l zqcrash
expect_eq "the first shard's change is in, the others not yet" "$rc $(printf '%s\n' "$out" | grep -c .)" "0 1"
for s in three/shard-00*; do
    run xapian-check "$s"
    expect_rc "after the kill, xapian-check $s" 0
done
run T "$CGINDEX" --db three coll
expect_in "the next run finishes the work" "2 changed" "$err"
T "$CGINDEX" -q --db one coll
T "$CGINDEX" -q --db two coll
same "after the interrupted update (json)" --format json -n 10
# A full build killed in a shard process leaves the old index as it was.
set +e
CGINDEX_FAULT=shard-commit:1 T "$CGINDEX" -q -j1 --rebuild --db three coll 2>crash.err
rc=$?
set -e
expect_eq "a sharded rebuild killed at a shard's commit" "$rc" "137"
run T "$CGSEARCH" --db three -l zqcrash
expect_eq "the old shards still answer" "$rc $(printf '%s\n' "$out" | grep -c .)" "0 3"
run T "$CGINDEX" --db three coll
expect_in "the next run removes what it left and finds the index up to date" "is up to date" "$err"
expect_eq "nothing is left beside the index" "$(ls -d three.* 2>/dev/null || true)" ""

# A term in every document of one shard, after that shard lost documents: Xapian 1.4
# reads such a term, unweighted, from the shard's document-length list, which fails
# ("Unexpected end of posting list") once the list has two chunks and a gap. -l, -c
# and exclusions still answer.
mkdir every
python3 - every <<'PY'
import sys
def fnv(s):  # cg_hash64, 64-bit FNV-1a: a file's shard is fnv(path) % N
    h = 0xcbf29ce484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
for i in range(6000):
    p = "f%05d.txt" % i
    with open(sys.argv[1] + "/" + p, "w") as f:
        f.write("zqall zqcommon %d\n" % i if fnv(p) % 2 == 0 else "zqother zqcommon %d\n" % i)
PY
T "$CGINDEX" -q -j2 --shards 2 --db every.db every
rm $(grep -l zqall every/* | head -3) $(grep -l zqother every/* | head -1)
T "$CGINDEX" -q --db every.db every
n_all=$(grep -l zqall every/* | wc -l)
run T "$CGSEARCH" --db every.db -l zqall
expect_eq "a term in every document of a shard with a gap: -l" "$rc $(printf '%s\n' "$out" | wc -l)" "0 $n_all"
run T "$CGSEARCH" --db every.db -c zqall
expect_eq "... -c" "$rc $(printf '%s\n' "$out" | wc -l)" "0 $n_all"
run T "$CGSEARCH" --db every.db -l zqcommon -- -zqother
expect_eq "... as an exclusion" "$rc $(printf '%s\n' "$out" | wc -l)" "0 $n_all"
run T "$CGSEARCH" --db every.db -n 3 --format vimgrep zqall
expect_rc "... ranked" 0

# The layout is kept, and another N rebuilds.
run T "$CGINDEX" --db three coll
expect_in "without --shards a sharded index keeps its shards" "is up to date" "$err"
run T "$CGINDEX" --db three --shards 3 coll
expect_in "the same --shards is an update" "is up to date" "$err"
run T "$CGINDEX" --db two --shards 4 coll
expect_in "another --shards rebuilds" "has 2 shards, not 4; rebuilding it" "$err"
expect_eq "into 4 shards" "$(ls two | grep -c '^shard-')" "4"
run T "$CGINDEX" --db two --shards 1 coll
expect_in "--shards 1 makes one database again" "has 4 shards, not 1; rebuilding it" "$err"
expect_eq "one database: no stub file" "$(ls two/XAPIANDB 2>&1 >/dev/null | grep -c 'No such')" "1"
run T "$CGINDEX" --db one --shards 2 coll
expect_in "a one-database index asked for shards is rebuilt" "is one database, not 2 shards" "$err"
run T "$CGINDEX" --shards 0 --db x coll
expect_rc "--shards 0 is refused" 2
expect_in "with a one-line reason" "--shards takes a number from 1 to 256" "$err"
printf 'auto elsewhere\n' > three/XAPIANDB
run T "$CGINDEX" --db three coll
expect_rc "a stub file cgindex did not write is not updated" 2
expect_in "and named" "has a XAPIANDB file cgindex did not write" "$err"

finish
