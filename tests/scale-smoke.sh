#!/bin/bash
# scale-smoke.sh — bench/run --scale works end to end on the repository's tiny corpus
# (corpus/: a few files), in --quick mode: the corpus ×1, ×2, ×4, one database and
# (when cgindex has --shards) 2 and 4 shards, local and over loopback xapian-tcpsrv;
# its figures mean nothing, its outputs must all be there: the Scale section of the
# results file (replacing the old one, keeping the other sections), scale.tsv with
# its rows, the two SVGs, and no shard server left running. 20-40 s (one
# query per class of bench/queries.tsv, 3 timed runs each).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

for tool in gnuplot xapian-tcpsrv rg sqlite3 /usr/bin/time setsid; do
    if ! command -v "$tool" >/dev/null; then
        echo "1..0 # SKIP $tool is missing (apt-get install gnuplot-nox xapian-tools ripgrep sqlite3 time util-linux)"
        exit 0
    fi
done

cd "$scratch"
mkdir out tmp
# A results file with sections before and after an old Scale section.
printf '# results\n\n## Before\n\nkept-before\n\n## Scale\n\nold-scale-figures\n\n## After\n\nkept-after\n' \
    >out/RESULTS.md
# Every temporary file and server of the run lives under $scratch/tmp.
run env TMPDIR="$scratch/tmp" timeout 120 "$CG_SRCDIR/bench/run" --scale --quick \
    --out "$scratch/out/RESULTS.md" "$CG_CORPUS"
expect_rc "bench/run --scale exits 0" 0
r=$(cat out/RESULTS.md)
expect_in "the Scale section is written" "Written by \`bench/run --scale\`" "$r"
expect_not_in "the old Scale section is replaced" "old-scale-figures" "$r"
expect_in "the section before it is kept" "kept-before" "$r"
expect_in "the section after it is kept" "kept-after" "$r"
expect_eq "one Scale section" "$(grep -c '^## Scale' out/RESULTS.md)" 1

tsv=out/scale.tsv
expect_eq "scale.tsv: its header" "$(head -n 1 "$tsv" | cut -f1-5)" "$(printf 'kind\tcopies\tcorpus_bytes\tshards\twhere')"
builds=$(awk -F'\t' '$1 == "build" && $4 == 1 && $5 == "local" { print $2 }' "$tsv" | tr '\n' ' ')
expect_eq "scale.tsv: a build of one database for ×1, ×2, ×4" "$builds" "1 2 4 "
# ×2 is twice the text of ×1, ×4 four times: distinct files, not the same ones.
expect_eq "scale.tsv: ×2 and ×4 hold 2 and 4 times the text" \
    "$(awk -F'\t' '$1 == "build" && $4 == 1 && $5 == "local" { if (!b) b = $3; printf "%s ", $3 / b }' "$tsv")" "1 2 4 "
# --quick: the first query of each class of bench/queries.tsv (9 classes).
nlocal=$(awk -F'\t' '$1 == "query" && $5 == "local" && $4 == 1 && $9 ~ /^[0-9.]+$/' "$tsv" | wc -l)
expect_eq "scale.tsv: a latency for a query of each class and each size, local" "$nlocal" $((3 * 9))
# Remote: one server per shard. Whatever query fails remotely is marked "err";
# a multi-character one must not.
nremote=$(awk -F'\t' '$1 == "query" && $5 == "remote" && $4 == 1 && $7 == "c3" && $9 ~ /^[0-9.]+$/ && $14 > 0' "$tsv" | wc -l)
expect_eq "scale.tsv: remote latency and network bytes for the 3-character query" "$nremote" 3
nstore=$(awk -F'\t' '$1 == "build" && $5 == "store-text" && $2 == 1 && $13 > 0' "$tsv" | wc -l)
expect_eq "scale.tsv: the size of a --store-text index at ×1" "$nstore" 1
nlist=$(awk -F'\t' '$1 == "list" && $5 == "remote" && $4 == 1 && $7 == "c3" && $15 > 0' "$tsv" | wc -l)
expect_eq "scale.tsv: network bytes of -l for the 3-character query, each size" "$nlist" 3
if "$CGINDEX" --help | grep -q -- '--shards'; then
    nshard=$(awk -F'\t' '$1 == "build" && $4 != 1 && $5 == "local"' "$tsv" | wc -l)
    expect_eq "scale.tsv: builds of 2 and 4 shards for each size" "$nshard" 6
fi

for f in scale-build.svg scale-query.svg; do
    expect_in "$f is an SVG" "<svg" "$(head -c 2000 "out/$f" 2>/dev/null || true)"
done
expect_in "the section links the curves" "(scale-query.svg)" "$r"

# Every xapian-tcpsrv and proxy the run started is gone, and so is its temporary folder.
left=$(pgrep -f -- "$scratch/tmp" || true)
expect_eq "no shard server or proxy left running" "$left" ""
# (Stopped here when the run left them: a failure must not leave servers behind.)
for p in $left; do kill "$p" 2>/dev/null || true; done
expect_eq "the temporary folder is removed" "$(ls tmp)" ""

finish
