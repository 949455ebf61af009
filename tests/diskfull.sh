#!/bin/bash
# diskfull.sh — a full disk: the index on a 2 MB tmpfs (mounted here, which needs
# root; skipped otherwise). A full build whose staging copy does not fit, an
# incremental run whose change does not fit, and a new index that does not fit:
# each fails with one line naming the index and "no space left", exit 2, and leaves
# the previous index intact and searchable (and nothing beside it).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir full coll
if ! mount -t tmpfs -o size=2m tmpfs full 2>mount.err; then
    echo "ok 1 # SKIP cannot mount a tmpfs here: $(head -1 mount.err)"
    echo "1..1"
    exit 0
fi
trap 'umount "$scratch/full" 2>/dev/null || umount -l "$scratch/full"; rm -rf "$scratch"' EXIT

cp "$CG_CORPUS"/*.txt coll/
run "$CGINDEX" -q --db full/db coll
expect_rc "a small index fits on the 2 MB disk" 0

# Random CJK text: almost every bigram is new, so its index is several MB.
python3 - <<'PY'
import random
r = random.Random(1)
with open('coll/big.txt', 'w', encoding='utf-8') as f:
    for i in range(3000):
        f.write(''.join(chr(r.randint(0x4e00, 0x9fa5)) for _ in range(100)) + '\n\n')
PY
snapshot() { find full/db -type f ! -name cgindex.lock -exec md5sum {} + | sort; }
intact() { # NAME: the previous index answers as before, and is sound
    run "$CGSEARCH" --db full/db -l 布达佩斯公约
    expect_eq "$1: the previous index is searchable" "$rc:$out" "0:coll/003_6d43e2085fc33fdc.txt"
    run "$CGSEARCH" --db full/db -c "$(sed -n 1p coll/big.txt | cut -c1-6)"
    expect_rc "... and does not hold the new file" 1
    run xapian-check full/db
    expect_rc "... and is sound (xapian-check)" 0
    expect_eq "... and nothing is left beside it" "$(ls full)" "db"
}
one_line() { # NAME INDEX: err is one line naming INDEX and "no space left", exit 2
    expect_rc "$1: exit 2" 2
    expect_eq "... one line" "$(printf '%s\n' "$err" | wc -l)" 1
    expect_in "... naming the index and the full disk" \
        "cgindex: error: cannot write index $2: no space left on device" "$err"
}

before=$(snapshot)
run "$CGINDEX" --rebuild --db full/db coll
one_line "a full build whose staging copy does not fit" full/db
expect_eq "... the index files are untouched" "$(snapshot)" "$before"
intact "after the full build"

run "$CGINDEX" --db full/db coll
one_line "an incremental run whose change does not fit" full/db
intact "after the incremental run"

run "$CGINDEX" --db full/new coll
one_line "a new index that does not fit" full/new
expect_eq "... leaves no index folder behind" "$(ls full)" "db"

finish
