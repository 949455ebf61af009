#!/bin/bash
# index.sh — cgindex end to end: full and incremental builds, what is skipped,
# encodings, large files split into parts, parallel shards, progress on a terminal,
# and a damaged index reported, not crashed on.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir -p coll/sub coll/.hidden
cp "$CG_CORPUS"/*.txt coll/
printf '隐藏的独特词语\n' > coll/.hidden/secret.txt
printf '隐藏的独特词语\n' > coll/.dotfile.txt
printf 'binary\0data 独特二进制\n' > coll/sub/blob.bin
# GB18030 and UTF-16 with a BOM (converted by ICU from UTF-8 here).
printf '国家标准编码的文件里有一段独特文字。这段文字用来检验编码识别是否可靠，必须足够长才能让检测器有把握。中华人民共和国国家标准。\n' \
    | iconv -f UTF-8 -t GB18030 > coll/sub/gb.txt
{ printf '\xff\xfe'; printf 'UTF-16 里的独特句子。\n' | iconv -f UTF-8 -t UTF-16LE; } > coll/sub/u16.txt

S() { run "$CGSEARCH" --db "$scratch/db" "$@"; }
run "$CGINDEX" --db db coll
expect_rc "full build" 0
expect_in "one-line summary" "cgindex: indexed 4 files (" "$err"
expect_in "... counting the skipped file" "1 skipped)" "$err"
expect_in "a binary file is skipped, naming it" "coll/sub/blob.bin: skipped: binary or unknown encoding" "$err"
S -l 独特词语
expect_rc "dot-files and dot-folders are not indexed" 1
S -l 独特文字
expect_eq "GB18030 is detected and indexed" "$out" "coll/sub/gb.txt"
S 独特文字
expect_in "GB18030 snippet (the searcher detects it too)" "**独特文字**" "$out"
S -l 独特句子
expect_eq "UTF-16 with a BOM is indexed" "$out" "coll/sub/u16.txt"
S 独特句子
expect_in "UTF-16 snippet" "**独特句子**" "$out"

# (cgindex.lock holds the pid of the last run: not the index.)
snapshot() { find db -type f ! -name cgindex.lock -exec md5sum {} + | sort; }
before=$(snapshot)
run "$CGINDEX" --db db coll
expect_in "a second run over an unchanged tree says so" "is up to date" "$err"
expect_in "... and writes nothing" "nothing written" "$err"
expect_eq "... indeed: the index files are unchanged" "$(snapshot)" "$before"

sleep 0.01
printf '\n新增的独特段落。\n' >> coll/003_6d43e2085fc33fdc.txt
printf '另一个新文件的独特内容。\n' > coll/sub/new.txt
rm coll/000_8c3011d7f1518200.txt
run "$CGINDEX" --db db coll
expect_in "incremental run: counts" "1 new, 1 changed, 1 removed" "$err"
S -l 新增的独特段落
expect_eq "a changed file is re-indexed" "$out" "coll/003_6d43e2085fc33fdc.txt"
S -l 另一个新文件
expect_eq "a new file is indexed" "$out" "coll/sub/new.txt"
S -l 网络反恐
expect_rc "a deleted file disappears from results" 1
expect_eq "... without a warning (it left the index)" "$err" ""

# A file over 1 MB becomes several documents; it is still one result.
python3 - <<'PY'
with open('coll/sub/big.txt', 'w', encoding='utf-8') as f:
    for i in range(12000):
        f.write('第%d段：这是一段用来把文件撑大的中文文字，内容重复但编号不同。\n\n' % i)
    f.write('文件末尾的独特结语。\n')
PY
run "$CGINDEX" --db db coll
S -c 独特结语
expect_eq "a phrase in the last part of a large file" "$out" "coll/sub/big.txt:1"
S -c 撑大的中文
echo "# diag: rc=$rc stderr=$err"
expect_eq "a large file is one result, every passage counted" "$out" "coll/sub/big.txt:12000"
S -n 0 撑大的中文
expect_eq "... and shown once" "$(echo "$out" | grep -c '^## ')" "1"

# A file over --max-file-size is skipped with a warning (a sparse file here).
mkdir -p huge && cp "$CG_CORPUS"/003_*.txt huge/ && truncate -s 65M huge/huge.txt
mkdir -p emptydb
run "$CGINDEX" --db emptydb --max-file-size 64M huge
expect_rc "an empty folder given as --db gets a new index" 0
expect_in "a file over --max-file-size is skipped, naming it" "huge/huge.txt: skipped: larger than --max-file-size 64M" "$err"
run "$CGSEARCH" --db emptydb -l 布达佩斯公约
expect_eq "... and the rest is indexed" "$out" "huge/003_6d43e2085fc33fdc.txt"

# Parallel shards give the same answers as one process.
run "$CGINDEX" --db db1 --jobs 1 coll
run "$CGINDEX" --db db2 --jobs 2 coll
for q in 的 公约 独特结语 '"Budapest Convention"' 撑大; do
    a=$("$CGSEARCH" --db db1 -l "$q" | sort || true)
    b=$("$CGSEARCH" --db db2 -l "$q" | sort || true)
    expect_eq "--jobs 1 and --jobs 2 agree on $q" "$b" "$a"
done
expect_eq "a full build leaves no temporary shards" "$(ls -d db2.* 2>/dev/null || true)" ""

# Progress on a terminal (script(1) gives cgindex a pseudo-terminal).
run script -qec "$CGINDEX --db $scratch/dbtty --jobs 2 $scratch/coll" /dev/null
expect_in "progress on a terminal: files, MB, MB/s" "MB/s" "$out"
run "$CGINDEX" --db dbquiet coll
expect_not_in "no progress when stderr is not a terminal" $'\r' "$err"

# A damaged index is an error with a message, not a crash.
cp -r db dbbad
for f in dbbad/*.glass; do head -c 100000 /dev/urandom > "$f"; done
run "$CGSEARCH" --db dbbad 的
expect_rc "damaged index: exit 2" 2
expect_in "damaged index: a one-line error" "cgsearch: error:" "$err"
expect_not_in "damaged index: no C++ exception escaped" "terminate called" "$err"

finish
