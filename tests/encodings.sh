#!/bin/bash
# encodings.sh — files in legacy encodings are decoded and searchable
# (doc/PIPELINE.md section 1): UTF-8 with and without a BOM, UTF-16 with a BOM,
# GB18030 and Big5 (long texts and strings of a few characters, where the bytes are
# often valid in both and plausibility decides), Windows-1252/Latin-1 Western text;
# binary files and text in no candidate encoding are skipped with one warning each
# that names the file and says why. Files are made with iconv from corpus/.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir -p coll
trad=$CG_CORPUS/000_8c3011d7f1518200.txt   # Traditional Chinese
simp=$CG_CORPUS/003_6d43e2085fc33fdc.txt   # Simplified Chinese
iconv -f UTF-8 -t GB18030 "$simp" > coll/simp-gb18030.txt
iconv -c -f UTF-8 -t BIG5 "$trad" > coll/trad-big5.txt
{ printf '\xef\xbb\xbf'; cat "$simp"; } > coll/simp-utf8-bom.txt
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$trad"; } > coll/trad-utf16be.txt
printf '中文' | iconv -f UTF-8 -t GB18030 > coll/short-gb.txt
printf '中文' | iconv -f UTF-8 -t BIG5 > coll/short-big5.txt
printf '布达佩斯公约\n' | iconv -f UTF-8 -t GB18030 > coll/budapest-gb.txt
printf '布達佩斯公約\n' | iconv -f UTF-8 -t BIG5 > coll/budapest-big5.txt
printf 'Café crème\n' | iconv -f UTF-8 -t LATIN1 > coll/cafe-latin1.txt
printf 'It\x92s a na\xefve fa\xe7ade \x96 of sorts\n' > coll/quotes-cp1252.txt
printf 'binary\0data\n' > coll/nul.bin
# Random bytes without NUL: invalid UTF-8 with control characters throughout.
head -c 3000 /dev/urandom | tr -d '\000' > coll/noise.bin
# High bytes only, invalid in every candidate (0xFF leads nothing in GB18030 or Big5)
# and no Western text.
printf '\xff\xfe\xff\xff\xff\xfe\xff\xff' | tail -c +3 > coll/invalid.dat

# Files of several parts (over 1 MiB) in converted encodings: copies of the two
# corpus texts, then a last sentence; each part is decoded alone.
mkdir -p parts
cat "$CG_CORPUS"/0*.txt > parts/block.txt
printf '\n\n' >> parts/block.txt
for i in $(seq 100); do cat parts/block.txt; done > parts/many.txt
printf '\n\n多个部分的文件的独特结尾。\n' >> parts/many.txt
iconv -f UTF-8 -t GB18030 parts/many.txt > coll/parts-gb18030.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE parts/many.txt; } > coll/parts-utf16le.txt
cp parts/block.txt coll/block-utf8.txt

run "$CGINDEX" --db db coll
expect_rc "index builds" 0
for f in nul.bin noise.bin invalid.dat; do
    n=$(printf '%s\n' "$err" | grep -c "coll/$f: skipped: binary or unknown encoding (" || true)
    expect_eq "$f: skipped with one warning saying why" "$n" 1
done
expect_in "NUL bytes named as the reason" "nul.bin: skipped: binary or unknown encoding (it holds NUL bytes)" "$err"
expect_in "control characters named as the reason" "noise.bin: skipped: binary or unknown encoding (it holds many control characters)" "$err"
expect_eq "only those are skipped" "$(printf '%s\n' "$err" | grep -c ': skipped: ' || true)" 3

S() { run "$CGSEARCH" --db "$scratch/db" --color=never "$@"; }
# The first line of a file (a phrase of it), found with its UTF-8 query.
S -l 网络犯罪公约谈判
expect_eq "GB18030 and UTF-8 with a BOM: found" "$(printf '%s\n' "$out" | grep -v 'parts-\|block-' | sort)" \
    "$(printf 'coll/simp-gb18030.txt\ncoll/simp-utf8-bom.txt' | sort)"
S -l 恐怖主义的措施
expect_eq "Big5 and UTF-16BE: found" "$(printf '%s\n' "$out" | grep -v 'parts-\|block-' | sort)" "$(printf 'coll/trad-big5.txt\ncoll/trad-utf16be.txt')"
S --files-with-matches 中文
expect_eq "'中文' in GB18030 and in Big5: both found" "$(printf '%s\n' "$out" | sort)" "$(printf 'coll/short-big5.txt\ncoll/short-gb.txt')"
S -l 布达佩斯公约
expect_eq "'布达佩斯公约' in GB18030 and in Big5: both found" "$(printf '%s\n' "$out" | grep budapest | sort)" "$(printf 'coll/budapest-big5.txt\ncoll/budapest-gb.txt')"
S 布达佩斯公约
expect_in "GB18030 snippet shows the decoded text" "布达佩斯公约" "$out"
expect_in "Big5 snippet shows the decoded text" "布達佩斯公約" "$out"
S --format text 'Café crème'
expect_rc "Latin-1 'Café crème' is found by its UTF-8 query" 0
expect_in "... the snippet shows it decoded" "Café crème" "$out"
S --format text façade
expect_in "Windows-1252 text is decoded (curly quote, en dash)" "It’s a naïve façade – of sorts" "$out"
S --format json 'crème'
expect_in "JSON offsets refer to the decoded text" '"submatches":[{"match":{"text":"crème"},"start":6,"end":12' "$out"
S --format text 独特结尾
expect_in "GB18030 in parts: the last sentence, decoded, on its line" \
    "coll/parts-gb18030.txt:$(wc -l < parts/many.txt)" "$out"
expect_in "UTF-16LE in parts: the same" "coll/parts-utf16le.txt:$(wc -l < parts/many.txt)" "$out"
expect_in "... with the decoded snippet" "多个部分的文件的独特结尾。" "$out"
S -c 网络犯罪
one=$(printf '%s\n' "$out" | sed -n 's|^coll/block-utf8.txt:||p')
expect_eq "GB18030 in parts: every passage counted" \
    "$(printf '%s\n' "$out" | sed -n 's|^coll/parts-gb18030.txt:||p')" "$((one * 100))"
expect_eq "UTF-16LE in parts: every passage counted" \
    "$(printf '%s\n' "$out" | sed -n 's|^coll/parts-utf16le.txt:||p')" "$((one * 100))"
S --format json 多个部分的文件的独特结尾
at=$(grep -bo 多个部分的文件的独特结尾 parts/many.txt | cut -d: -f1)
expect_in "a file in parts: JSON offsets are the decoded text's (GB18030)" \
    "\"line_number\":$(wc -l < parts/many.txt),\"absolute_offset\":$at," "$out"
S --all-passages --format vimgrep 布达佩斯公约
expect_eq "--all-passages shows the passages of every part" \
    "$(printf '%s\n' "$out" | grep -c '^coll/parts-utf16le.txt:')" \
    "$(( $(printf '%s\n' "$out" | grep -c '^coll/block-utf8.txt:') * 100 ))"
S -l binary
expect_rc "a skipped file is not searchable" 1

# A second run knows the skipped files and is silent about them.
run "$CGINDEX" --db db coll
expect_not_in "an update does not warn again" "skipped" "$err"
finish
