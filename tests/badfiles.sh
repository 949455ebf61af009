#!/bin/bash
# badfiles.sh — files that must never stop or hang a cgindex run: empty files, FIFOs,
# sockets and devices (never opened), broken symbolic links and loops, names that are
# not UTF-8 (indexed and found), and files that vanish, change, or turn into a FIFO
# between the listing and the reading. Each gives at most one warning line.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir t && cd t
printf 'zqmarker good\n' > good.txt
: > empty.txt
mkfifo fifo.txt
python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("sock.txt")'
have_dev=no
mknod dev.txt c 1 3 2>/dev/null && have_dev=yes   # /dev/null's numbers; needs root
ln -s /dev/zero zero.txt
ln -s nowhere broken.txt
ln -s loop2 loop1 && ln -s loop1 loop2
ln -s . selfdir
mkdir sub && ln -s .. sub/up
printf 'zqmarker uniqcafe\n' > $'caf\xe9.txt'
printf 'zqmarker uniqnewline\n' > $'new\nline.txt'
printf 'zqmarker uniqtab\n' > $'tab\tname.txt'

run timeout 60 "$CGINDEX" --db "$scratch/db" .
expect_rc "a tree of FIFOs, devices, links and odd names: no hang, exit 0" 0
expect_in "... the regular files are indexed (the empty one too)" "indexed 5 files" "$err"
for name in fifo.txt sock.txt dev.txt zero.txt broken.txt loop1 loop2 selfdir sub/up; do
    n=$(printf '%s\n' "$err" | grep -cF "$name" || true)
    if [ "$n" -le 1 ]; then pass "at most one warning line for $name"; else
        fail "at most one warning line for $name" "$err"; fi
done
[ $have_dev = yes ] || echo "# (no device file: mknod needs root)"
run "$CGSEARCH" --db "$scratch/db" -l uniqcafe
expect_rc "a name that is not UTF-8 is indexed and found" 0
expect_in "... and listed" "caf" "$out"
run "$CGSEARCH" --db "$scratch/db" -l uniqnewline
expect_rc "a name holding a newline is indexed and found" 0
run "$CGSEARCH" --db "$scratch/db" -l uniqtab
expect_rc "a name holding a tab is indexed and found" 0
run "$CGSEARCH" --db "$scratch/db" -l -n 0 zqmarker
expect_rc "a search over them all works" 0
run timeout 60 "$CGINDEX" --db "$scratch/db" .
expect_in "a second run: nothing changed" "is up to date" "$err"

# Between the listing and the reading: a big file first keeps cgindex busy (about a
# second; much more under ASan) while the files after it vanish, change size, or
# turn into a FIFO. --jobs 1 reads them in order.
cd "$scratch" && mkdir race && cd race
python3 - <<'PY'
import random
random.seed(1)
words = ['alpha', 'beta', 'gamma', 'delta', 'search', 'index', '中文', '文字', '检索', '系统']
with open('aaa-big.txt', 'w') as f:
    for i in range(200000):
        f.write(' '.join(random.choice(words) for _ in range(8)) + '\n')
PY
for f in zz-vanish zz-fifo zz-grow zz-shrink zz-stay; do printf 'zqmarker %s uniqrace\n' $f > $f.txt; done
timeout 60 "$CGINDEX" --jobs 1 --db "$scratch/racedb" . 2> "$scratch/race.err" &
pid=$!
sleep 0.3
rm zz-vanish.txt
rm zz-fifo.txt && mkfifo zz-fifo.txt
printf 'more text, uniqgrown\n' >> zz-grow.txt
printf 'zq\n' > zz-shrink.txt
set +e; wait $pid; rc=$?; set -e
err=$(cat "$scratch/race.err") out=
expect_rc "files that vanish, change or become a FIFO while indexing: no hang, exit 0" 0
if printf '%s\n' "$err" | grep -q 'zz-fifo.txt: skipped'; then
    pass "... the FIFO is skipped with a warning (it was listed as a file)"
else
    echo "# the FIFO was made before the listing: the race was not exercised"
fi
for name in zz-vanish zz-fifo zz-grow zz-shrink; do
    n=$(printf '%s\n' "$err" | grep -cF "$name" || true)
    if [ "$n" -le 1 ]; then pass "at most one warning line for $name"; else
        fail "at most one warning line for $name" "$err"; fi
done
run "$CGSEARCH" --db "$scratch/racedb" -l zz-stay
expect_eq "... the other files are indexed" "$out" "zz-stay.txt"
run timeout 60 "$CGINDEX" --jobs 1 --db "$scratch/racedb" .
expect_rc "the next run brings the index up to date" 0
run "$CGSEARCH" --db "$scratch/racedb" -l uniqgrown
expect_eq "... the grown file is indexed with its new text" "$out" "zz-grow.txt"
run "$CGSEARCH" --db "$scratch/racedb" -l -n 0 uniqrace
expect_eq "... and the rest as they are now" "$(printf '%s\n' "$out" | LC_ALL=C sort)" \
    "$(printf '%s\n' zz-grow.txt zz-stay.txt)"

# Unreadable files and folders: warned about once each, the rest indexed. root reads
# everything, so as root the run is made as nobody (setpriv), when that is possible.
cd "$scratch" && mkdir -p perm/closed && cd perm
printf 'zqmarker readable\n' > ok.txt
printf 'zqmarker secret\n' > locked.txt
printf 'zqmarker inside\n' > closed/in.txt
chmod 000 locked.txt closed
as_user=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
        chmod 755 "$scratch" "$scratch/perm"
        mkdir "$scratch/nb" && chown nobody "$scratch/nb" # the index and its temporary shards
    fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    run timeout 60 "${as_user[@]}" "$CGINDEX" --db "$scratch/nb/db" .
    expect_rc "an unreadable file and folder do not stop the run" 0
    expect_eq "... one warning line for the file" "$(printf '%s\n' "$err" | grep -c 'locked.txt')" 1
    expect_eq "... and one for the folder" "$(printf '%s\n' "$err" | grep -c 'closed')" 1
    run "${as_user[@]}" "$CGSEARCH" --db "$scratch/nb/db" -l -n 0 zqmarker
    expect_eq "... the readable file is indexed" "$out" "ok.txt"
else
    pass "unreadable files and folders # SKIP root, and no setpriv or nobody to run as"
fi
chmod 755 closed

finish
