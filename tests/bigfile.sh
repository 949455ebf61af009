#!/bin/bash
# bigfile.sh — files of any size in bounded memory: a big file and a 40 MB file
# with no line break are read part by part (a part ends at a passage boundary), so
# cgindex stays under 512 MB of peak RSS and cgsearch reads only the part of a hit;
# their last sentences are found with a snippet; every part's passages are counted,
# as many as in the whole text (the big file is copies of one block, whose passages
# are counted in a file of its own);
# --max-file-size skips larger files with a warning.
#
# The big file is CG_BIGFILE_MB megabytes (default 80: over 64, the size up to which
# cgsearch reads a file whole, and the old limit; indexing it takes about 20 s on two
# shared cores). Measured by hand with
# CG_BIGFILE_MB=300 (plus the 40 MB file): 80 s, 146 MB peak RSS for cgindex,
# 8 MB for cgsearch.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

mb=${CG_BIGFILE_MB:-80}
cd "$scratch"
mkdir -p coll
python3 - "$CG_CORPUS" "$mb" <<'PY'
import os, sys
src, mb = sys.argv[1], int(sys.argv[2])
block = ''.join(open(os.path.join(src, f), encoding='utf-8').read()
                for f in sorted(os.listdir(src)) if f.endswith('.txt'))
block += '\n\nThe quick brown fox jumps over the lazy dog, again, for the sake of size.\n\n'
b = block.encode()
n = mb * 1024 * 1024 // len(b)
with open('coll/block.txt', 'wb') as f:  # one copy: the big file's passages, n times
    f.write(b)
with open('coll/big.txt', 'wb') as f:
    for i in range(n):
        f.write(b)
    f.write('\n\n文件末尾的独特结语，斑马和短尾矮袋鼠。\n'.encode())
with open('copies', 'w') as f:
    f.write('%d\n' % n)
line = block.replace('\n', '').encode()
with open('coll/oneline.txt', 'wb') as f:
    for i in range(40 * 1024 * 1024 // len(line)):
        f.write(line)
    f.write('没有换行的文件的独特结尾句子。'.encode())
PY
copies=$(cat copies)
lines=$(wc -l < coll/big.txt)

run timeout 600 /usr/bin/time -f %M -o rss "$CGINDEX" --db db --jobs 2 coll
expect_rc "a ${mb} MB file and a 40 MB line are indexed" 0
expect_not_in "... neither is skipped" "skipped:" "$err"
rss=$(tail -n 1 rss)
if [ "$rss" -lt $((512 * 1024)) ]; then pass "cgindex peak RSS ${rss} KB < 512 MB"
else fail "cgindex peak RSS ${rss} KB < 512 MB"; fi

S() { run timeout 60 /usr/bin/time -f %M -o rss "$CGSEARCH" --db "$scratch/db" --color=never "$@"; }
S --format text 独特结语
expect_in "the big file's last sentence is found, on its line" "coll/big.txt:$lines " "$out"
expect_in "... with its snippet" "文件末尾的独特结语，斑马和短尾矮袋鼠。" "$out"
rss=$(tail -n 1 rss)
if [ "$rss" -lt $((64 * 1024)) ]; then pass "cgsearch reads only the hit's part: ${rss} KB < 64 MB"
else fail "cgsearch reads only the hit's part: ${rss} KB < 64 MB"; fi
# vimgrep and JSON count lines and offsets in the whole file, also when only the hit's
# part was read (what rg reports for the same line).
S --format vimgrep 独特结语
want=$(cd "$scratch" && rg --vimgrep -F 独特结语 coll/big.txt | head -n 1 | cut -d: -f1-3)
expect_eq "vimgrep of a part: the file's own line and column" "$(printf '%s\n' "$out" | cut -d: -f1-3)" "$want"
S --format json 独特结语
got=$(printf '%s\n' "$out" | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m["type"] == "match": print(m["data"]["line_number"], m["data"]["absolute_offset"])')
want=$(cd "$scratch" && rg --json -F 独特结语 coll/big.txt | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m["type"] == "match": print(m["data"]["line_number"], m["data"]["absolute_offset"])')
expect_eq "json of a part: line_number and absolute_offset as rg's" "$got" "$want"
S --format text 独特结尾句子
expect_in "the last sentence of a 40 MB line is found" "coll/oneline.txt:1 " "$out"
expect_in "... with its snippet" "没有换行的文件的独特结尾句子。" "$out"
S -c '"quick brown fox"'
expect_eq "every part's passages are counted" "$(printf '%s\n' "$out" | grep big)" "coll/big.txt:$copies"
for q in 网络犯罪 '"Budapest Convention"' 联合国 合作; do
    S -c "$q"
    one=$(printf '%s\n' "$out" | sed -n 's|^coll/block.txt:||p')
    expect_eq "parts read alone give the passages of the whole text: $q" \
        "$(printf '%s\n' "$out" | sed -n 's|^coll/big.txt:||p')" "$((one * copies))"
done
S -l 斑马和短尾矮袋鼠 OR 独特结尾句子
expect_eq "each file is one result" "$(printf '%s\n' "$out" | sort)" "$(printf 'coll/big.txt\ncoll/oneline.txt')"

run timeout 60 "$CGINDEX" --db db2 --max-file-size 30M coll
expect_rc "--max-file-size 30M" 0
expect_in "a larger file is skipped with a warning" "coll/big.txt: skipped: larger than --max-file-size 30M" "$err"
expect_in "... each of them" "coll/oneline.txt: skipped: larger than --max-file-size 30M" "$err"
run "$CGINDEX" --db db3 --max-file-size 10X coll
expect_rc "a malformed --max-file-size is a usage error" 2
expect_in "... saying what it takes" "--max-file-size takes a size such as 4096, 10M or 1G, not '10X'" "$err"
finish
