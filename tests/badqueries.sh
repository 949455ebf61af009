#!/bin/bash
# badqueries.sh — bad and odd queries on a real index (the repository's corpus/):
# each gets a sensible answer (exit 0 or 1) or exit 2 with ONE line on stderr that
# names the query, and nothing on stdout, within a time bound (timeout 10), alone
# and in a batch (a bad query is reported, the others still answered, status 2).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
run "$CGINDEX" --db db "$CG_CORPUS"
expect_rc "cgindex indexes corpus/" 0
Q() { run timeout 10 "$CGSEARCH" --db "$scratch/db" -l "$@"; }

# bad NAME QUERY MESSAGE: exit 2 (not a timeout), one line on stderr holding MESSAGE,
# nothing on stdout.
bad() {
    Q -- "$2"
    expect_rc "$1: exit 2" 2
    expect_in "$1: the message" "cgsearch: error: $3" "$err"
    expect_eq "$1: one line on stderr" "$(printf '%s\n' "$err" | wc -l)" "1"
    expect_eq "$1: nothing on stdout" "$out" ""
}

# same NAME QUERY OTHER: the answer of QUERY is OTHER's (exit status and files).
same() {
    Q -- "$3"
    local want_out=$out want_rc=$rc
    Q -- "$2"
    expect_eq "$1: answered as '$3'" "$rc $out" "$want_rc $want_out"
    expect_eq "$1: nothing on stderr" "$err" ""
}

bad "empty query" "" "empty query"
bad "blank query" "   " "empty query"
bad "tabs and a line break" $'\t\n ' "empty query"
bad "only punctuation" "!!!" "query '!!!' has no words or characters to search"
bad "only CJK punctuation" "，。！" "query '，。！' has no words or characters to search"
bad "an empty phrase" '""' "query '\"\"' has no words or characters to search"
bad "a lone quote" '"' 'unterminated quote in query (add the closing "): "'
bad "an unbalanced quote" '布达佩斯 "公约' 'unterminated quote in query (add the closing "): "公约'
bad "a lone OR" "OR" "OR needs a part on each side in query: OR"
bad "OR at the end" "布达佩斯公约 OR" "OR needs a part on each side in query: 布达佩斯公约 OR"
bad "OR OR" "网络 OR OR 公约" "OR needs a part on each side in query: 网络 OR OR 公约"
bad "a lone dash" "-" "query '-' has no words or characters to search"
bad "only an excluded part" "-网络" "query has only excluded parts: -网络"
bad "invalid UTF-8" $'\xff\xfe' 'invalid UTF-8 in query at byte 0: \xff\xfe'
bad "invalid UTF-8 after text" $'网络 \xe7\xbd' 'invalid UTF-8 in query at byte 7: 网络 \xe7\xbd'
bad "a line break in a bad query is escaped" $'网络\nOR' 'OR needs a part on each side in query: 网络\x0aOR'

# A dash (or other punctuation) between parts is punctuation: A - B searches A and B.
same "a dash between parts" "布达佩斯公约 - 网络" "布达佩斯公约 网络"
same "an em dash between parts" "布达佩斯公约 —— 网络" "布达佩斯公约 网络"
same "a trailing dash" "布达佩斯公约 -" "布达佩斯公约"
same "punctuation as an alternative" "布达佩斯公约 OR ！" "布达佩斯公约"
Q -- "布达佩斯公约 - 网络"
expect_eq "A - B finds the file holding both" "${out##*/}" "003_6d43e2085fc33fdc.txt"

# Long queries: refused at once with a message that names the query briefly.
long=$(python3 -c "print('网络' * 17000)")            # 102 KB, one part
bad "a 100 KB phrase" "$long" "query part '网络网络"
expect_in "a 100 KB phrase: says the limit" "tokens (at most 1000)" "$err"
expect_eq "a 100 KB phrase: the message stays short" "$(( ${#err} < 300 ))" "1"
many=$(python3 -c "print('kernel ' * 14500)")        # 101 KB, 14,500 parts
bad "a 100 KB query of words" "$many" "query has too many parts (at most 1000): kernel kernel"
expect_eq "a 100 KB query of words: the message stays short" "$(( ${#err} < 300 ))" "1"
ors=$(python3 -c "print('网络 OR ' * 10000 + '公约')")
bad "a 100 KB query of ORs" "$ors" "query has too many parts (at most 1000)"
bad "1,001 tokens in all" "$(python3 -c "print('网络 ' * 500 + '公约')")" \
    "query is too long: 1002 tokens in all its parts (at most 1000)"
Q -- "$(python3 -c "print(' '.join(['网络'] * 500))")"
expect_rc "1,000 tokens in 500 parts are searched" 0

# 100 single common characters: answered, in time.
common=$(python3 -c "print(' '.join('的是了在一不和有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物'[:100]))")
Q -- "$common"
expect_rc "100 single common characters, all required: nothing holds them all (exit 1)" 1
same "the same common character 100 times" "$(python3 -c "print(' '.join(['的'] * 100))")" "的"
Q -- "$(python3 -c "print(' OR '.join('的是了在一不和有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物'[:100]))")"
expect_rc "100 common characters as alternatives: every file (exit 0)" 0
Q -- "$(python3 -c "print('的是了在一不和有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物'[:100])")"
expect_rc "100 common characters as one phrase: exit 1" 1

# In a batch: each bad query is reported with its line, the others are answered,
# and the status is 2.
{
    printf 'good1\t布达佩斯公约\n'
    printf 'or\tOR\n'
    printf 'utf8\t\xff\n'
    printf 'dash\t布达佩斯公约 - 网络\n'
    printf 'punct\t!!!\n'
    printf 'long\t%s\n' "$many"
    printf 'good2\t网络反恐\n'
} > batch.txt
run timeout 10 "$CGSEARCH" --db "$scratch/db" -l --batch batch.txt
expect_rc "batch with bad queries: exit 2" 2
expect_in "batch: the first good query is answered" $'good1\t' "$out"
expect_in "batch: the query after the bad ones is answered" $'good2\t' "$out"
expect_in "batch: a dash between parts is answered" $'dash\t' "$out"
expect_eq "batch: one line on stderr per bad query" "$(printf '%s\n' "$err" | wc -l)" "4"
expect_in "batch: the lone OR, with its line" "cgsearch: error: batch:2: OR needs a part on each side in query: OR" "$err"
expect_in "batch: invalid UTF-8, with its line" 'cgsearch: error: batch:3: invalid UTF-8 in query at byte 0: \xff' "$err"
expect_in "batch: punctuation only, with its line" "cgsearch: error: batch:5: query '!!!' has no words" "$err"
expect_in "batch: the 100 KB query, with its line" "cgsearch: error: batch:6: query has too many parts" "$err"

finish
