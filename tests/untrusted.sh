#!/bin/bash
# untrusted.sh — documents and file names are untrusted: their control characters
# (C0 other than tab and line feed, DEL, C1, escape sequences) never reach the
# terminal raw in any output format, but are shown escaped (shared/escape.h: \xHH,
# \u{HH}); JSON keeps the exact text in its own escapes; -0 gives -l's and -c's
# paths raw and NUL-terminated for xargs -0.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

# raw_controls FILE: prints the offsets of the raw control bytes of FILE (C0 other
# than tab and LF, DEL, C1 as UTF-8), nothing when there is none.
raw_controls() {
    python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
bad = [m.start() for m in re.finditer(rb'[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]', data)]
print(' '.join(map(str, bad[:10])))
PY
}

cd "$scratch"
mkdir -p coll
# The title-setting OSC, a clear-screen CSI, the C1 CSI (U+009B in UTF-8), DEL, a
# lone CR, a tab, around a marker phrase.
printf 'evil \033]0;pwned\007 title 独特词语 \033[2J clear \302\233 csi \177 del \r cr\tend\n' > coll/evil.txt
# A CRLF file: the CR is the line break's, not text.
printf 'crlf 独特词语 line\r\nnext\r\n' > coll/crlf.txt
badname=$(printf 'bad\nna\033]0;x\007me.txt')
printf '独特词语 in a file whose name holds a newline and escapes\n' > "coll/$badname"
run "$CGINDEX" --db db coll
expect_rc "cgindex indexes the files" 0
# cgindex's warnings name the file escaped too (a binary file is skipped).
mkdir -p warn
printf '\0\1\2binary\0' > "warn/$(printf 'bin\033[2Jary\nfile')"
"$CGINDEX" --db warndb warn 2> warn.err || true
expect_in "cgindex: a skipped file's warning names it escaped" 'bin\x1b[2Jary\x0afile: skipped' "$(cat warn.err)"
expect_eq "cgindex: no raw control character in its warnings" "$(raw_controls warn.err)" ""
S() { run "$CGSEARCH" --db "$scratch/db" "$@"; }


# Every format, one query and --all-passages, piped (no colour).
for mode in "--format md" "--format text" "--format html" "--format json" "--format vimgrep" \
            "--format trec" "-l" "-c"; do
    for all in "" --all-passages; do
        # shellcheck disable=SC2086
        "$CGSEARCH" --db db $mode $all 独特词语 > out.bin 2> err.txt && rc=0 || rc=$?
        expect_eq "$mode $all: exit 0" "$rc" "0"
        expect_eq "$mode $all: no raw control character in the output" "$(raw_controls out.bin)" ""
        expect_eq "$mode $all: nothing on stderr" "$(cat err.txt)" ""
    done
done

# The escaped forms are the ones escape.h names, in every human format.
for fmt in md text html vimgrep; do
    S --format "$fmt" 独特词语
    expect_in "$fmt: ESC of the title sequence shown as \\x1b" '\x1b' "$out"
    expect_in "$fmt: BEL shown as \\x07" '\x07' "$out"
    expect_in "$fmt: the C1 CSI shown as \\u{9b}" '\u{9b}' "$out"
    expect_in "$fmt: DEL shown as \\x7f" '\x7f' "$out"
    expect_in "$fmt: the file name's newline and ESC escaped" 'bad\x0ana\x1b]0;x\x07me.txt' "$out"
done
S --format vimgrep 独特词语
expect_in "vimgrep: a lone CR is escaped, a tab kept" $'\\x0d cr\tend' "$out"
expect_in "vimgrep: a CRLF line ends without its CR" "$(printf 'coll/crlf.txt:1:6:crlf 独特词语 line\n')" "$out"
col=$(rg --vimgrep --with-filename -F 独特词语 coll/evil.txt | cut -d: -f1-3)
expect_in "vimgrep: the column is still the file's byte column (rg's)" "$col:" "$out"
S --format trec 独特词语
expect_in "trec: the DOCID escaped" 'Q0 coll/bad\x0ana\x1b]0;x\x07me.txt ' "$out"
S -l 独特词语
expect_eq "-l: one line per file, the name escaped" "$(printf '%s\n' "$out" | sort)" \
    "$(printf '%s\n' 'coll/bad\x0ana\x1b]0;x\x07me.txt' coll/crlf.txt coll/evil.txt)"
S -c 独特词语
expect_in "-c: the name escaped" 'coll/bad\x0ana\x1b]0;x\x07me.txt:1' "$out"

# JSON keeps the exact text: jansson's escapes (and \u00XX for DEL and C1).
"$CGSEARCH" --db db --format json 独特词语 > out.json
run python3 - "$badname" <<'PY'
import json, sys
paths, lines = set(), []
for l in open('out.json', encoding='utf-8'):
    m = json.loads(l)
    if m['type'] == 'begin':
        paths.add(m['data']['path']['text'])
    if m['type'] == 'match':
        lines.append(m['data']['lines']['text'])
assert 'coll/' + sys.argv[1] in paths, paths
assert any('\x1b]0;pwned\x07' in t and '\x9b' in t and '\x7f' in t and '\r cr' in t for t in lines), lines
print('ok')
PY
expect_eq "json: paths and lines decode to the exact bytes of the files" "$out$err" "ok"
expect_in "json: C1 and DEL written as \\u00XX" '\u009B csi \u007F del' "$(cat out.json)"

# Markdown: the escaped text survives cmark (\x1b is rendered as \\x1b, read back as \x1b).
S --format md 独特词语
expect_in "md: the escape survives Markdown (backslash escaped by cmark)" '\\x1b' "$out"

# -0: raw names, NUL-terminated, for xargs -0.
"$CGSEARCH" --db db -l -0 独特词语 > names.bin
expect_eq "-l -0: one NUL per file, no line break between names" \
    "$(tr -cd '\0' < names.bin | wc -c) $(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.endswith(b"\0"), d.count(b"\n"))' names.bin)" \
    "3 True 1"
run sh -c "xargs -0 ls -d -- < names.bin"
expect_rc "-l -0: xargs -0 ls accepts every name" 0
run sh -c "cd '$scratch' && xargs -0 cat -- < names.bin"
expect_in "-l -0: the name with a newline and ESC reaches the file" "whose name holds" "$out"
"$CGSEARCH" --db db -c -0 独特词语 > counts.bin
expect_in "-c -0: path NUL count, as rg -c --null" "coll/evil.txt 1" "$(tr '\0' ' ' < counts.bin)"
S --null --format md 独特词语
expect_rc "-0 with another format: a usage error" 2
expect_in "-0 with another format: says what it goes with" "goes with -l or -c" "$err"

# A batch query and its id with control characters: escaped in headings and prefixes.
printf 'q\033[2J1\t独特词语 \033[2J\n' > batch.txt
for mode in "--format md" "--format text" "--format html" "--format vimgrep" "--format trec" "-l" "-c"; do
    # shellcheck disable=SC2086
    "$CGSEARCH" --db db $mode --batch batch.txt > out.bin 2>/dev/null || true
    expect_eq "batch $mode: no raw control character (id and query escaped)" "$(raw_controls out.bin)" ""
done
S --format text --batch batch.txt
expect_in "batch text: the heading shows the query escaped" '# query q\x1b[2J1: 独特词语 \x1b[2J' "$out"

# Messages on stderr: a query or a path with control characters, one escaped line.
S $'独特词语 \033]0;pwned\007 OR'
expect_rc "a bad query with control characters: exit 2" 2
expect_eq "... one line on stderr" "$(printf '%s\n' "$err" | wc -l)" "1"
expect_in "... the query escaped in it" 'in query: 独特词语 \x1b]0;pwned\x07 OR' "$err"
rm "coll/$badname"
"$CGSEARCH" --db db -l 独特词语 > out.bin 2> err.bin || true
expect_eq "a deleted file's warning: no raw control character" "$(raw_controls err.bin)" ""
expect_in "a deleted file's warning: the name escaped" 'bad\x0ana\x1b]0;x\x07me.txt: deleted since indexing' "$(cat err.bin)"

finish
