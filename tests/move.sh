#!/bin/bash
# move.sh — an index that moves with its tree (issue 18 item 5): the root is recorded
# relative to the index when the index is inside it ("..": cg.root), so a tree copied
# or moved with its .cgsearch/ is searched and updated where it now is, without a
# rebuild; an index outside its tree records the root's absolute path, so it can move
# on its own.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
T() { timeout 60 "$@"; }

mkdir -p a/sub
cp "$CG_CORPUS"/* a/
printf 'zqmoved first line\nsecond line of the moved tree\n' > a/sub/m.txt
(cd a && T "$CGINDEX" -q)
run T "$CGSEARCH" --db a/.cgsearch --format vimgrep zqmoved
expect_eq "the index answers where it was built" "$out" "a/sub/m.txt:1:1:zqmoved first line"

# Moved: searched from inside and by --db, paths and snippets from the new place.
mv a b
run T "$CGSEARCH" --db b/.cgsearch --format vimgrep zqmoved
expect_eq "moved: --db finds the file at its new place" "$out" "b/sub/m.txt:1:1:zqmoved first line"
run sh -c "cd b/sub && T() { timeout 60 \"\$@\"; }; T '$CGSEARCH' --format vimgrep zqmoved"
expect_eq "moved: found from inside the tree, relative to the cwd" "$out" "m.txt:1:1:zqmoved first line"
run T "$CGSEARCH" --db b/.cgsearch -n 1 布达佩斯公约
expect_rc "moved: a Chinese phrase still matches" 0
expect_in "moved: its snippet is read from the moved file" "布达佩斯公约" "$out"

# Still incremental: nothing to do; then one changed file is re-indexed alone.
run sh -c "cd b && timeout 60 '$CGINDEX'"
expect_in "moved: cgindex in the moved tree finds it up to date" "is up to date" "$err"
printf 'zqchanged after the move\n' >> b/sub/m.txt
run sh -c "cd b && timeout 60 '$CGINDEX'"
expect_in "moved: a change is an incremental update" "1 changed, 0 removed" "$err"
run T "$CGSEARCH" --db b/.cgsearch --format vimgrep zqchanged
expect_eq "moved: the change is found" "$out" "b/sub/m.txt:3:1:zqchanged after the move"
run T "$CGINDEX" -q --db b/.cgsearch b
expect_rc "moved: naming the moved tree as DIR is the same index" 0

# Copied: two trees, two indexes, each about its own files.
cp -a b c
printf 'zqonlyinc\n' > c/only.txt
run sh -c "cd c && timeout 60 '$CGINDEX'"
expect_in "copied: the copy's index updates in place" "1 new, 0 changed, 0 removed" "$err"
run T "$CGSEARCH" --db c/.cgsearch -l zqmoved
expect_eq "copied: the copy lists its own file" "$out" "c/sub/m.txt"
run T "$CGSEARCH" --db b/.cgsearch -l zqonlyinc
expect_rc "copied: the original does not see the copy's new file" 1

# The old place is refused as DIR for the moved index: it covers the new one.
mkdir -p elsewhere
run T "$CGINDEX" -q --db b/.cgsearch elsewhere
expect_rc "moved: another DIR is refused" 2
expect_in "moved: the refusal names the root as it now is" "covers $scratch/b," "$err"

# An index outside its tree records the absolute root: it moves alone.
T "$CGINDEX" -q --db out1 b
mv out1 out2
run T "$CGSEARCH" --db out2 --format vimgrep zqmoved
expect_eq "outside: an index kept apart moves on its own" "$out" "b/sub/m.txt:1:1:zqmoved first line"
run T "$CGINDEX" --db out2
expect_in "outside: and stays incremental" "is up to date" "$err"

finish
