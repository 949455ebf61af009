#!/bin/bash
# cli.sh — cgsearch end to end: the real binaries over a real index on disk, built
# from corpus/ and from small files made here. Covers the query semantics, the
# output formats, ranking, options, exit statuses and error messages.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir -p coll/corpus coll/extra
cp "$CG_CORPUS"/*.txt coll/corpus/
# Small files whose answers are known by construction.
printf '中华人民\n共和国成立\n' > coll/extra/wrapped.txt
printf '中华人民\n\n共和国成立\n' > coll/extra/blank.txt
printf 'The kernels are loaded.\n\nA kernel the end.\n' > coll/extra/kernels.txt
printf '甲乙丙丁 甲乙丙丁 甲乙丙丁 甲乙丙丁 甲乙丙丁\n' > coll/extra/rank5.txt
printf '甲乙丙丁 戊己庚辛 壬癸子丑 寅卯辰巳 午未申酉\n' > coll/extra/rank1.txt
printf '只有猫。\n\n猫和狗都在这里。\n\n只有狗。\n' > coll/extra/best.txt
printf 'see *stars* and _under_ [x](y) `tick` #hash 独特短语 <b>bold</b>\n' > coll/extra/meta.txt
# Passages of one to three lines; every third starts with a marked phrase.
for i in $(seq 1 40); do
    [ $((i % 3)) = 0 ] && printf '标记词语在第%d段\n' "$i"
    printf '普通文字%d\n' "$i"
    [ $((i % 2)) = 0 ] && printf 'more text\n'
    printf '\n'
done > coll/extra/lines.txt
run "$CGINDEX" --db db coll
expect_rc "cgindex builds the index" 0
S() { run "$CGSEARCH" --db "$scratch/db" "$@"; }

# --- both scripts, both ways (the seeds) ---
S -l 网络反恐
expect_eq "Simplified query finds the Traditional, pinyin-annotated seed" "$out" "coll/corpus/000_8c3011d7f1518200.txt"
S 网络反恐
expect_in "the match is strong over the original text, annotations included" "**網(wǎng)絡(luò)反恐**" "$out"
S -l 布達佩斯公約
expect_eq "Traditional query finds the Simplified seed" "$out" "coll/corpus/003_6d43e2085fc33fdc.txt"

# --- phrases ---
S -l 第74届
expect_eq "phrase ending in CJK after a number" "$out" "coll/corpus/003_6d43e2085fc33fdc.txt"
S -l '第74/247号决议'
expect_eq "phrase with punctuation and numbers" "$out" "coll/corpus/003_6d43e2085fc33fdc.txt"
S -l '"云法案(CLOUD Act)"'
expect_eq "mixed Chinese/English phrase" "$out" "coll/corpus/003_6d43e2085fc33fdc.txt"
S -l '"BUDAPEST convention"'
expect_eq "English in any case" "$out" "coll/corpus/003_6d43e2085fc33fdc.txt"
S -l 人民共和
expect_eq "phrase across a hard line break, not across a blank line" "$out" "coll/extra/wrapped.txt"
S -l 的
expect_eq "one-character query lists every file holding it" "$(echo "$out" | sort | tr '\n' ' ')" \
    "coll/corpus/000_8c3011d7f1518200.txt coll/corpus/003_6d43e2085fc33fdc.txt "
S -l 猫 狗
expect_eq "unquoted parts are ANDed within the file" "$out" "coll/extra/best.txt"
S -l '"猫 狗"'
expect_rc "a quoted phrase needs its parts together" 1
S -l 甲乙 OR 猫和
expect_eq "OR" "$(echo "$out" | sort | tr '\n' ' ')" "coll/extra/best.txt coll/extra/rank1.txt coll/extra/rank5.txt "
S -l -- 甲乙 -戊己
expect_eq "-part excludes" "$out" "coll/extra/rank5.txt"

# --- ranking and passages ---
S 甲乙丙丁
first=$(echo "$out" | grep -m1 '^## ')
expect_in "BM25: the file with the phrase five times ranks first" "rank5.txt" "$first"
S -c 甲乙丙丁
expect_in "-c prints path:passages" "coll/extra/rank5.txt:1" "$out"
S 猫 狗
expect_in "best passage: the one holding most parts" "**猫**和**狗**都在这里" "$out"
expect_in "the heading gives path, line and score" "extra/best.txt:3\` · score " "$out"
expect_in "the number of matching passages" "3 matching passages" "$out"
S --all-passages 猫 狗
expect_eq "--all-passages lists every matching passage" "$(echo "$out" | grep -c '^\*line')" "3"
S --all-passages 标记词语
expect_eq "each passage's line number is the file's" \
    "$(echo "$out" | sed -n 's/^\*line \([0-9]*\):\*.*/\1/p' | tr '\n' ' ')" \
    "$(grep -n 标记词语 coll/extra/lines.txt | cut -d: -f1 | tr '\n' ' ')"
S -n 1 的
expect_eq "-n limits the results" "$(echo "$out" | grep -c '^## ')" "1"
S -n 1 的; one=$(echo "$out" | grep '^## ')
S -n 1 --offset 1 的; two=$(echo "$out" | grep '^## ')
[ -n "$two" ] && [ "$one" != "$two" ] && pass "--offset skips the best files" || fail "--offset skips the best files" "$one" "$two"

# --- stems ---
S -l kernel
expect_eq "without --stem words match exactly" "$out" "coll/extra/kernels.txt"
S -l '"the kernel"'
expect_rc "exact phrase 'the kernel' is absent" 1
S -s -l '"the kernel"'
expect_eq "--stem: 'the kernel' finds 'The kernels', in phrase order" "$out" "coll/extra/kernels.txt"
S -s -l '"kernel the"'
expect_eq "--stem keeps phrase order ('A kernel the')" "$out" "coll/extra/kernels.txt"
S -s -l '"kernels the"'
expect_eq "--stem: kernels finds kernel" "$out" "coll/extra/kernels.txt"
S -s '"the kernel"'
expect_in "--stem highlights the stemmed match" "**The kernels**" "$out"

# --- formats and colour ---
S 独特短语
expect_in "Markdown escapes metacharacters of the text" '\*stars\*' "$out"
expect_not_in "no colour when piped" $'\033[' "$out"
S --color always 独特短语
expect_in "--color always highlights with ANSI" $'\033[1;31m独特短语' "$out"
S --format html 独特短语
expect_in "html: strong" "<strong>独特短语</strong>" "$out"
expect_in "html: text is escaped" "&lt;b&gt;bold&lt;/b&gt;" "$out"
S --format text 独特短语
expect_in "text format" "coll/extra/meta.txt:1" "$out"

# --- exit statuses and errors ---
S xyzzyplugh
expect_rc "nothing matched: exit 1" 1
expect_eq "nothing matched: no output" "$out" ""
S ''
expect_rc "empty query: exit 2" 2
expect_in "empty query: clear message" "cgsearch: error: empty query" "$err"
S $'\xff\xfe'
expect_rc "invalid UTF-8: exit 2" 2
expect_in "invalid UTF-8: clear message" "invalid UTF-8 in query" "$err"
expect_eq "errors go to stderr only" "$out" ""
long=$(printf '中文%.0s' $(seq 1 501))
S "\"$long\""
expect_rc "a query over 1,000 tokens: exit 2" 2
expect_in "a query too long: clear message" "at most 1000" "$err"
S --bogus x
expect_rc "unknown option: exit 2" 2
expect_in "unknown option: try --help" "Try 'cgsearch --help'" "$err"
S 甲乙 -戊己
expect_in "a query starting with - needs --, and the message says so" "put -- before a query" "$err"
run "$CGSEARCH" --help
expect_rc "--help exits 0" 0
expect_in "--help documents --all-passages" "--all-passages" "$out"
run "$CGSEARCH" --version
expect_in "--version" "cgsearch " "$out"

mkdir -p "$scratch/empty"
(cd "$scratch/empty" && set +e && env -u CGSEARCH_DB "$CGSEARCH" 布达佩斯公约 >out.txt 2>err.txt; echo $? >rc.txt)
expect_eq "no index: exit 2" "$(cat "$scratch/empty/rc.txt")" "2"
expect_in "no index: names the command that builds one" "cgindex" "$(cat "$scratch/empty/err.txt")"
expect_eq "no index: one line" "$(wc -l < "$scratch/empty/err.txt")" "1"
S2() { run "$CGSEARCH" --db "$scratch/nowhere" "$@"; }
S2 布达佩斯公约
expect_rc "missing --db: exit 2" 2
expect_in "missing --db: names cgindex" "cgindex --db" "$err"

# --- index found by walking up; paths relative to the current directory ---
mkdir -p "$scratch/walk/sub/deeper"
cp "$CG_CORPUS"/003_*.txt "$scratch/walk/sub/"
(cd "$scratch/walk" && "$CGINDEX" -q sub)
(cd "$scratch/walk/sub/deeper" && env -u CGSEARCH_DB "$CGSEARCH" -l 布达佩斯公约 >out.txt)
expect_eq "the nearest .cgsearch/ above is used; paths outside cwd are absolute" \
    "$(cat "$scratch/walk/sub/deeper/out.txt")" "$scratch/walk/sub/003_6d43e2085fc33fdc.txt"
(cd "$scratch/walk" && env -u CGSEARCH_DB "$CGSEARCH" -l 布达佩斯公约 >out.txt)
expect_eq "paths below the cwd are relative" "$(cat "$scratch/walk/out.txt")" "sub/003_6d43e2085fc33fdc.txt"
(cd "$scratch/empty" && CGSEARCH_DB="$scratch/walk/.cgsearch" "$CGSEARCH" -l 布达佩斯公约 >out.txt)
expect_eq "\$CGSEARCH_DB names the index" "$(cat "$scratch/empty/out.txt")" "$scratch/walk/sub/003_6d43e2085fc33fdc.txt"

# --- snippets through the index's positions = snippets from the whole text ---
# A fresh UTF-8 file gets its passages from the index (positions + passage table);
# the same text behind a BOM is read whole. Both must print the same results.
mkdir -p twin/plain twin/bom
python3 - "$CG_CORPUS" <<'PY'
import sys, os
seeds = [open(os.path.join(sys.argv[1], f), encoding='utf-8').read()
         for f in sorted(os.listdir(sys.argv[1])) if f.endswith('.txt')]
parts = []
for i, s in enumerate(seeds):
    parts.append(s)
    parts.append('\n\n' + '_' * 80 + '\n\n   \n\n')        # passages without tokens
    parts.append('内核模块' * 600 + '。下一段的内核。\n\n')     # a passage split at 2,000 characters
    parts.append('The kernel loads modules; kernels 内核\n网络\n反恐\n\n')
text = ''.join(parts)
for d, bom in (('twin/plain', ''), ('twin/bom', '\ufeff')):
    with open(os.path.join(d, 'doc.txt'), 'w', encoding='utf-8') as f:
        f.write(bom + text)
PY
run "$CGINDEX" --db twindb twin
odd=""
for q in 内核 网络反恐 布达佩斯公约 '"内核 内核"' 的 kernel 'kernel 内核' 第74届 '"CLOUD Act"' 下一段; do
    for opt in "" --all-passages -c; do
        # Each line must come twice, once per twin (paths made equal first).
        lines=$("$CGSEARCH" --db twindb $opt -- "$q" | grep -v '^$' | sed 's|twin/[a-z]*/doc.txt|DOC|' \
                | sort | uniq -c | awk '$1 % 2 == 1' || true)
        [ -z "$lines" ] || odd="$odd [$opt $q] $lines"
    done
done
expect_eq "snippets through the index's positions equal snippets from the whole text" "$odd" ""
run "$CGSEARCH" --db twindb -c 内核
expect_eq "... and both twins match" "$(echo "$out" | wc -l)" "2"

# --- batch ---
printf 'q1\t布达佩斯公约\n# a comment\n\nq2\t网络反恐\n' > batch.txt
S --batch batch.txt
expect_in "batch marks each query" "# query q1: 布达佩斯公约" "$out"
expect_in "batch runs every query" "# query q2: 网络反恐" "$out"
S -l --batch batch.txt
expect_in "batch -l prefixes the query id" $'q2\tcoll/corpus/000_8c3011d7f1518200.txt' "$out"

# --- ICU's common library is loaded only when a text needs it (shared/icu.h) ---
run env LD_DEBUG=files "$CGSEARCH" --db "$scratch/db" 猫和狗
expect_in "a Chinese search finds its file" "best.txt" "$out"
expect_not_in "a Chinese search over plain Chinese text never loads ICU" "file=libicuuc" "$err"
run env LD_DEBUG=files "$CGSEARCH" --db "$scratch/db" kernel
expect_in "an English search breaks words with ICU, loaded on demand" "file=libicuuc" "$err"
# A libicuuc that cannot be loaded: one line naming it, status 2, as for any error.
icu_major=$(pkg-config --modversion icu-uc | cut -d. -f1)
mkdir -p badlib && : > "badlib/libicuuc.so.$icu_major"
run env LD_LIBRARY_PATH="$scratch/badlib" "$CGSEARCH" --db "$scratch/db" kernel
expect_rc "an ICU that cannot be loaded: exit 2" 2
expect_in "an ICU that cannot be loaded: says which library" "cgsearch: error: cannot load ICU (libicuuc.so.$icu_major)" "$err"
expect_eq "an ICU that cannot be loaded: one line" "$(printf '%s\n' "$err" | wc -l)" "1"
run env LD_LIBRARY_PATH="$scratch/badlib" "$CGSEARCH" --db "$scratch/db" -l 猫和狗
expect_eq "a Chinese search needs no ICU at all" "$out" "coll/extra/best.txt"

# --- files changed or deleted since indexing ---
printf '\n新加的一段。\n' >> coll/corpus/003_6d43e2085fc33fdc.txt
S 布达佩斯公约
expect_in "a changed file is shown as stale" "stale:" "$out"
expect_in "stale names the command that refreshes it" "cgindex --db" "$out"
rm coll/extra/rank1.txt
S -l 戊己庚辛
expect_rc "a deleted file is skipped (nothing else matched)" 1
expect_in "a deleted file is skipped with a warning" "rank1.txt: deleted since indexing" "$err"

# --- --store-text: snippets without the files ---
mkdir -p stored && cp "$CG_CORPUS"/003_*.txt stored/
run "$CGINDEX" --db sdb --store-text stored
rm stored/003_6d43e2085fc33fdc.txt
run "$CGSEARCH" --db sdb 布达佩斯公约
expect_rc "--store-text index answers when the file is gone" 0
expect_in "--store-text snippet comes from the index" "**布达佩斯公约**" "$out"

# --- an index from another pipeline is refused ---
xapian-metadata set db cg.fingerprint 'cgsearch-pipeline/0 old'
S 布达佩斯公约
expect_rc "incompatible pipeline: exit 2" 2
expect_in "incompatible pipeline: says to rebuild" "cgindex --rebuild" "$err"
run "$CGINDEX" --db db coll
expect_in "cgindex rebuilds an index from another pipeline" "rebuilding" "$err"
S -l 布达佩斯公约
expect_rc "after the rebuild the index answers again" 0

finish
