#!/bin/bash
# snippets.sh — snippets a reader can trust (issue 17): where a snippet is cut, how
# a phrase match is highlighted and how a hard line break is shown, on the seed
# texts (corpus/: Traditional Chinese with pinyin annotations, hard line breaks)
# and on small files made here for the cases the seeds lack. The rules are in
# doc/OUTPUT-FORMATS.md ("How snippets are cut"). Runs in a few seconds.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir -p coll/corpus coll/made
cp "$CG_CORPUS"/*.txt coll/corpus/
seed=coll/corpus/000_8c3011d7f1518200.txt

# A pinyin annotation right before a hard line break, inside a CJK run.
printf '推動網(wǎng)絡(luò)\n恐怖主義研究。\n' > coll/made/annot.txt
# Latin words wrapped: a phrase across the break; spaces around a break.
printf 'The Council adopted the Budapest\nConvention on Cybercrime in 2001.   \n    It entered into force later.\n' \
    > coll/made/latin.txt
# The same with CRLF line breaks (Windows files).
printf '推動網(wǎng)絡(luò)\r\n危害行為。The Council\r\nadopted it.\r\n' > coll/made/crlf.txt
# Sentence ends near (9 characters) and far (over 20) from each edge's target:
# a snippet shows 40 characters before the match and 160 in all.
python3 - <<'PY'
def filler(n, seed):
    s = "一二三四五六七八九十百千万亿兆京垓秭穰沟"
    return "".join(s[(i + seed) % len(s)] for i in range(n))
def write(name, text):
    with open("coll/made/" + name, "w", encoding="utf-8") as f:
        f.write(text + "\n")
# End: the match first; the window's end is 160 characters from the start.
write("end-near.txt", "终近标记" + filler(146, 0) + "。”" + filler(100, 1))
write("end-far.txt", "终远标记" + filler(116, 0) + "。" + filler(100, 1))
# Start: the match at character 200; the window's start is 40 before it.
write("start-near.txt", filler(150, 0) + "。始" + filler(48, 1) + "始近标记" + filler(60, 2))
write("start-far.txt", filler(100, 0) + "。始" + filler(98, 1) + "始远标记" + filler(60, 2))
# Long English words on both sides of a match, far from any sentence end.
words = "internationalization counterterrorism telecommunications interoperability " * 6
write("words.txt", words + "pivotal " + words)
PY
run "$CGINDEX" --db db coll
expect_rc "cgindex builds the index" 0
S() { run "$CGSEARCH" --db "$scratch/db" --color never "$@"; }
strip_ansi() { sed 's/\x1b\[[0-9;]*m//g'; }

# Checks every snippet of a text-format output ($1: file) against its source
# file: no edge inside or just before a pinyin annotation (which belongs to the
# character before it), none inside a word. Prints one line per offence.
check_edges() { # OUTPUT_FILE
    python3 - "$1" <<'PY'
import re, sys
TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
annot = re.compile(r"(?<=[\u3400-\u9fff])\((?=[a-zü%s]*[%s1-5])[a-zü%s]{1,6}[1-5]?\)" % (TONE, TONE, TONE))
word = re.compile(r"[A-Za-z0-9]")
out = open(sys.argv[1], encoding="utf-8").read().split("\n")
bad, checked = [], 0
i = 0
while i < len(out):
    m = re.match(r"^(\S.*):\d+  \(score [0-9.]+, (\d+) matching passage", out[i])
    i += 1
    if not m:
        continue
    path, several = m.group(1), int(m.group(2)) > 1
    src = open(path, encoding="utf-8", errors="replace").read()
    # the source without white space, and where each kept character came from
    keep = [k for k, c in enumerate(src) if c not in " \t\r\n\f\v"]
    squeezed = "".join(src[k] for k in keep)
    spans = [(a.start(), a.end()) for a in annot.finditer(src)]
    while i < len(out) and out[i].startswith("  "):
        snip = out[i][2:]
        i += 1
        if several:
            snip = re.sub(r"^\d+: ", "", snip)
        text = re.sub(r"\s", "", snip.removeprefix("…").removesuffix("…"))
        at = squeezed.find(text)
        if at < 0:
            bad.append("not found in %s: %s" % (path, snip))
            continue
        st, en = keep[at], keep[at + len(text) - 1] + 1
        checked += 1
        for a, b in spans:
            if a < st < b or st == a:
                bad.append("starts in the annotation %s: %s" % (src[a:b], snip))
            if a < en < b or en == a:
                bad.append("ends before or in the annotation %s: %s" % (src[a:b], snip))
        if st > 0 and word.match(src[st - 1]) and word.match(src[st]):
            bad.append("starts inside a word: %s" % snip)
        if en < len(src) and word.match(src[en - 1]) and word.match(src[en]):
            bad.append("ends inside a word: %s" % snip)
        if snip.startswith("…") and snip[1] in ",，、:：;；.。!！?？/-)）」』》〉”’":
            bad.append("dangling: starts with punctuation: %s" % snip)
        if snip.endswith("…") and snip[-2] in ",，、:：/-(（「『《〈“‘":
            bad.append("dangling: ends with punctuation: %s" % snip)
print("checked %d" % checked)
for b in bad:
    print(b)
PY
}

# Queries all over the seeds: every 97th CJK bigram of each, and English words.
queries=$(python3 - "$CG_CORPUS" <<'PY'
import re, sys, glob
qs = []
for f in sorted(glob.glob(sys.argv[1] + "/*.txt")):
    src = open(f, encoding="utf-8", errors="replace").read()
    cjk = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü1-5]+\)", "", src)
    pairs = re.findall(r"(?=([\u4e00-\u9fff]{2}))", cjk)
    qs += pairs[::97]
qs += ["Convention", "Nations", "Crime", "Information", "Cybercrime", "Council", "pivotal",
       "2001", "恐怖主義", "機制", "合作", "發展"]
print("\n".join(dict.fromkeys(qs)))
PY
)
: > all.txt
while IFS= read -r q; do
    "$CGSEARCH" --db db --color never --format text --all-passages -n 0 "$q" >> all.txt || true
done <<< "$queries"
nq=$(printf '%s\n' "$queries" | wc -l)
edges=$(check_edges all.txt)
nchecked=$(printf '%s\n' "$edges" | sed -n 's/^checked //p')
problems=$(printf '%s\n' "$edges" | grep -v '^checked \|^dangling: ' | head -20 || true)
dangling=$(printf '%s\n' "$edges" | grep '^dangling: ' | head -20 || true)
if [ "$nchecked" -ge 100 ] && [ -z "$problems" ]; then
    pass "no snippet edge inside a word or an annotation, or between a character and its annotation ($nchecked snippets of $nq queries)"
else
    fail "no snippet edge inside a word or an annotation, or between a character and its annotation" \
        "snippets checked: $nchecked" "$problems"
fi
expect_eq "no snippet starts with a comma or closer, or ends with an opener ($nchecked snippets)" \
    "$dangling" ""

# --- the issue's own cases, on the seed ---
S --format text 恐怖主義
snip=$(printf '%s\n' "$out" | sed -n '2p')
case "$snip" in
    "  …"[a-z]* | "  …"[āáǎàēéěèīíǐìōóǒòūúǔù]* | "  …)"*) fail "the 恐怖主義 snippet does not start inside an annotation" "$snip" ;;
    "  …"*) pass "the 恐怖主義 snippet does not start inside an annotation" ;;
    *) fail "the 恐怖主義 snippet does not start inside an annotation" "no cut snippet: $snip" ;;
esac
case "$snip" in
    *"。…") pass "a snippet ends at a sentence end when one is near (the 恐怖主義 snippet)" ;;
    *) fail "a snippet ends at a sentence end when one is near (the 恐怖主義 snippet)" "$snip" ;;
esac

# The same hard line break ("反恐合作\n聯(lián)合國") after, inside and before the
# match: shown as nothing in every format.
for q in 反恐合作 合作聯合 聯合國 '"反恐合作聯合國"'; do
    got=""
    S --format text "$q"; got="$got$(printf '%s' "$out" | grep -c '反恐合作聯(lián)合國' || true)"
    S --format md "$q"; got="$got$(printf '%s' "$out" | sed 's/\*\*//g' | grep -c '反恐合作聯(lián)合國' || true)"
    S --format html "$q"; got="$got$(printf '%s' "$out" | sed 's/<[^>]*>//g' | grep -c '反恐合作聯(lián)合國' || true)"
    run "$CGSEARCH" --db db --color always --format text "$q"
    got="$got$(printf '%s' "$out" | strip_ansi | grep -c '反恐合作聯(lián)合國' || true)"
    expect_eq "a line break inside a CJK run is nothing in text, md, html and colour ($q)" "$got" "1111"
done

S --format text --all-passages 機制
expect_in "a line break after an annotation and a closing quote, before a CJK character, is nothing" \
    '機(jī)制”聯(lián)合國' "$out"

# --- line breaks: the cases the seeds lack ---
S --format text 恐怖主义研究
expect_in "a line break right after a pinyin annotation, inside a CJK run, is nothing" \
    '網(wǎng)絡(luò)恐怖主義研究' "$out"
S --format text 危害行为
expect_in "a CRLF line break inside a CJK run is nothing" '網(wǎng)絡(luò)危害行為。The' "$out"
expect_in "a CRLF line break between words is one space" 'The Council adopted it.' "$out"
S --format text Council
expect_in "a line break between words is one space" "adopted the Budapest Convention on" "$out"
expect_in "spaces around a line break between words are one space" "in 2001. It entered" "$out"

# Every format shows the same snippet text: text, colour, md and html with their
# markup taken off agree, snippet by snippet, for every query above.
same=$(printf '%s\n' "$queries" | head -40 | python3 -c '
import html, re, subprocess, sys
cg = [sys.argv[1], "--db", "db", "--all-passages", "-n", "0"]
def snippets(fmt, color="never"):
    out = subprocess.run(cg + ["--color", color, "--format", fmt, q], capture_output=True,
                         text=True).stdout
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    if fmt == "text":
        lines = [l[2:] for l in out.split("\n") if l.startswith("  ")]
        return [re.sub(r"^\d+: ", "", l) for l in lines]
    if fmt == "md":
        paras = [l for l in out.split("\n") if l and not l.startswith("#")]
        return [re.sub(r"^\*line \d+:\* ", "", l).replace("**", "") for l in paras]
    paras = re.findall(r"<p>(.*?)</p>", out)
    return [html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"^<em>line \d+:</em> ", "", p)))
            for p in paras]
bad = 0
n = 0
for q in sys.stdin.read().split("\n"):
    if not q:
        continue
    text = snippets("text")
    n += len(text)
    for other in (snippets("text", "always"), snippets("md"), snippets("html")):
        if other != text:
            bad += 1
            print("differs for %s:\n%s\n%s" % (q, "\n".join(text), "\n".join(other)))
print("compared %d" % n if not bad else "")
' "$CGSEARCH")
case "$same" in
    compared*) pass "every format shows the same snippet text ($same snippets)" ;;
    *) fail "every format shows the same snippet text" "$(printf '%s\n' "$same" | head -20)" ;;
esac

# --- a phrase match is one highlighted span ---
S --format md '"Budapest Convention"'
expect_in "a phrase is one strong span in md, its space included" "(**Budapest Convention**)" "$out"
S --format html '"Budapest Convention"'
expect_in "a phrase is one strong span in html" "(<strong>Budapest Convention</strong>)" "$out"
run "$CGSEARCH" --db db --color always --format text '"Budapest Convention"'
expect_in "a phrase is one coloured span on a terminal" $'(\e[1;31mBudapest Convention\e[0m)' "$out"
S --format json '"Budapest Convention"'
expect_in "a phrase is one json submatch" '"submatches":[{"match":{"text":"Budapest Convention"}' "$out"
S --format md 網絡恐怖主義
expect_in "a phrase holding annotations is one strong span, annotations inside" \
    "**網(wǎng)絡(luò)恐怖主義**" "$out"
S --format md '"反恐合作聯合國"'
expect_in "a phrase across a CJK line break is one strong span, the break shown as nothing" \
    "**反恐合作聯(lián)合國**" "$out"
run "$CGSEARCH" --db db --color always --format text '"反恐合作聯合國"'
expect_in "a phrase across a CJK line break is one coloured span" \
    $'\e[1;31m反恐合作聯(lián)合國\e[0m' "$out"
S --format json '"反恐合作聯合國"'
expect_in "json: a phrase across a line break is one submatch over both lines (rg -U's rule)" \
    '"submatches":[{"match":{"text":"反恐合作\n聯(lián)合國"}' "$out"
# (vimgrep prints the line a match starts on: tests/formats.py holds it to rg -U.)
S --format md '"adopted the Budapest Convention"'
expect_in "a phrase across a line break between words is one strong span with one space" \
    "**adopted the Budapest Convention**" "$out"

# --- sentence ends near the target edges (within 20 characters) ---
S --format text 终近标记
expect_in "the end moves to a sentence end 9 characters before the target, closing quote kept" '。”…' "$out"
S --format text 终远标记
case "$out" in
    *'。…'*) fail "no sentence end within 20 characters of the end: cut at the target" "$out" ;;
    *'…') pass "no sentence end within 20 characters of the end: cut at the target" ;;
    *) fail "no sentence end within 20 characters of the end: cut at the target" "$out" ;;
esac
S --format text 始近标记
expect_in "the start moves to a sentence start 9 characters after the target" '  …始' "$out"
S --format text 始远标记
case "$out" in
    *'  …始'*) fail "no sentence start within 20 characters of the start: cut at the target" "$out" ;;
    *'  …'*) pass "no sentence start within 20 characters of the start: cut at the target" ;;
    *) fail "no sentence start within 20 characters of the start: cut at the target" "$out" ;;
esac
S --format text pivotal
snip=$(printf '%s\n' "$out" | sed -n '2p')
case "$snip" in
    "  …"[a-z]*[a-z]"…") pass "long words: the snippet starts and ends on word edges" ;;
    *) fail "long words: the snippet starts and ends on word edges" "$snip" ;;
esac
printf '%s\n' "$out" > words.txt
edges=$(check_edges words.txt)
expect_eq "long words: no edge inside a word" "$edges" "checked 1"

finish
