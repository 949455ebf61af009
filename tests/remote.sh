#!/bin/bash
# remote.sh — remote shards (issue 18, items 3 and 4): an index built with
# `cgindex --shards 3 --store-text`, each shard served by its own xapian-tcpsrv on
# 127.0.0.1 (ports chosen at run time), answers through a stub file of `remote`
# lines exactly as the same files indexed as one local database, in every output
# format, with -l, -c and --batch; the collection is gone by then, so snippets come
# from the stored text. A shard that is down, stops answering or dies mid-run gives
# exit 2 and one line naming its address, within about --timeout. 35-45 s on two
# busy cores (most of it the ~350 cgsearch runs).
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
T() { timeout 60 "$@"; }

# Each server runs in a process group of its own (setsid): xapian-tcpsrv forks a
# child per connection, which a signal to the listener alone would not reach.
servers=()
stop_servers() {
    local p
    for p in "${servers[@]}"; do
        kill -CONT -- "-$p" 2>/dev/null || true
        kill -KILL -- "-$p" 2>/dev/null || true
    done
}
trap 'stop_servers; rm -rf "$scratch"' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve DIR: starts a server for DIR on a free port; sets $port and $server (its
# pid and process group). Another process may take the port between free_port and
# the server's bind: then the server exits, and another port is tried.
serve() {
    local try i log
    for try in 1 2 3 4 5 6 7 8 9 10; do
        port=$(free_port) log=$scratch/server-$port.log
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$1" >"$log" 2>&1 &
        server=$!
        servers+=("$server")
        disown "$server" # no "Killed" notice at exit
        for i in $(seq 1 100); do
            grep -q '^Listening' "$log" && return 0
            kill -0 "$server" 2>/dev/null || break
            sleep 0.05
        done
    done
    echo "cannot start xapian-tcpsrv for $1: $(cat "$log")" >&2
    exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- the collection: the small real corpus when there is one, else the repository's
mkdir coll
real=${CG_REAL_CORPUS:-}
if [ -n "$real" ] && [ -d "$real/maint-guide-zh-CN" ]; then
    for sub in maint-guide-zh-CN maint-guide-zh-TW fortunes-zh; do
        [ -d "$real/$sub" ] && cp -r "$real/$sub" coll/
    done
else
    cp "$CG_CORPUS"/*.txt coll/
fi
printf 'The remote shard answers: a plain English line.\n' > coll/english.txt

run T "$CGINDEX" -q --store-text --db one coll
expect_rc "one database, with --store-text" 0
run T "$CGINDEX" -q --store-text --shards 3 --db sharded coll
expect_rc "three shards, with --store-text" 0

# Queries: fixed ones, and Han runs of 2 to 4 characters taken from the files.
queries=(维护者 软件包 "Debian 软件包" "the remote shard" 人民 a)
while IFS= read -r q; do queries+=("$q"); done < <(python3 - coll <<'EOF'
import os, random, re, sys
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs)
rnd = random.Random(18)
han = re.compile(r"[\u4e00-\u9fff]{2,4}")
found = []
for f in rnd.sample(files, min(len(files), 40)):
    runs = han.findall(open(f, encoding="utf-8", errors="replace").read())
    if runs:
        found.append(rnd.choice(runs))
for q in sorted(set(found))[:6]:
    print(q)
EOF
)
# A lone character is every term that starts with it (CG_QOP_PREFIX).
lone=(的 是 人 "一 个")

# The searcher sees no file: every snippet is from the stored text.
rm -rf coll

stub=$scratch/remote.stub
printf '# the shards of sharded/, one server each\n\n' > "$stub"
for shard in sharded/shard-000 sharded/shard-001 sharded/shard-002; do
    serve "$shard"
    echo "remote 127.0.0.1:$port" >> "$stub"
done
shard_servers=("${servers[@]}")
mapfile -t shard_ports < <(sed -n 's/^remote .*://p' "$stub")

# JSON's timings, and the byte counts that include them, change from run to run.
steady() {
    sed -E 's/"(secs|nanos)":[0-9]+/"\1":0/g; s/"human":"[0-9.]+s"/"human":""/g;
            s/"bytes_printed":[0-9]+/"bytes_printed":0/g'
}

# same NAME ARGS...: cgsearch ARGS over the remote shards (the index $against, else
# $stub) prints what it prints over the one local database, and exits the same.
same() {
    local name=$1 want wrc
    shift
    run T "$CGSEARCH" --db one "$@"
    want=$(printf '%s\n' "$out" | steady) wrc=$rc
    run T "$CGSEARCH" --db "${against:-$stub}" "$@"
    if [ "$rc" -gt 1 ]; then
        fail "$name" "exit status $rc" "stderr: $err"
        return
    fi
    expect_eq "$name" "$rc $(printf '%s\n' "$out" | steady)" "$wrc $want"
}

run T "$CGSEARCH" --db one -l 维护者
if [ "$rc" = 0 ]; then pass "the local index answers"; else fail "the local index answers" "$err"; fi
run T "$CGSEARCH" --db "$stub" -c 维护者
expect_in "remote: the stored text is read" ":" "$out"

for q in "${queries[@]}"; do
    for fmt in md text html json vimgrep trec; do
        same "remote = local: --format $fmt $q" --format "$fmt" -- "$q"
    done
    same "remote = local: -n 0 --all-passages $q" -n 0 --all-passages --format vimgrep -- "$q"
    same "remote = local: -l $q" -l -- "$q"
    same "remote = local: -c $q" -c -- "$q"
done

# A lone character matches without weighing (xapian_shim.cc, PrefixSource): over
# remote shards the OR of its terms, weighted 0, gives the same list in every format.
for q in "${lone[@]}"; do
    for fmt in md json vimgrep trec; do
        same "remote = local: --format $fmt $q" --format "$fmt" -- "$q"
    done
    same "remote = local: -l $q" -l -- "$q"
    same "remote = local: -c $q" -c -- "$q"
done
same "remote = local: a lone character beside a phrase" -n 0 --format json -- "的 维护者"
run T "$CGSEARCH" --db "$stub" -n 0 --format vimgrep -- "的 维护者"
expect_rc "remote: a lone character beside a phrase" 0

printf '%s\n' "${queries[@]}" > queries.txt
for fmt in md json vimgrep trec; do
    same "remote = local: --batch --format $fmt" --batch queries.txt --format "$fmt"
done
printf '%s\n' "${lone[@]}" >> queries.txt
same "remote = local: --batch -l" --batch queries.txt -l
same "remote = local: --batch -c" --batch queries.txt -c

# --explain scores a hit without a MatchDecider over remote shards (the file's documents).
for q in 维护者 "Debian 软件包" "title:软件包"; do
    for fmt in md json; do
        same "remote = local: --explain --format $fmt $q" --explain --format "$fmt" -- "$q"
    done
done

# A stub may mix local shards (a path relative to the stub's directory) and remote ones.
mkdir mixed
printf 'auto ../sharded/shard-000\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' \
    "${shard_ports[1]}" "${shard_ports[2]}" > mixed/XAPIANDB
against=mixed same "remote and local shards = local: --format json 维护者" --format json -- 维护者
against=mixed same "remote and local shards = local: -c 软件包" -c -- 软件包

printf 'remote 127.0.0.1:%s\nremote\n' "${shard_ports[0]}" > bad.stub
run T "$CGSEARCH" --db bad.stub 维护者
expect_rc "a stub with a bad line: exit 2" 2
expect_in "a stub with a bad line: its number" "bad.stub:2: Bad line" "$err"

# ---- what remote shards cannot do is said, not silently done otherwise
run T "$CGSEARCH" --db "$stub" --stem packages
expect_rc "remote: --stem is an error" 2
expect_in "remote: --stem says why" "needs local shards" "$err"
run T "$CGSEARCH" --db "$stub" --timeout 0 维护者
expect_rc "--timeout 0 is a usage error" 2

# ---- failures: exit 2, one line naming the shard, within about --timeout
# one_line NAME ADDRESS: $err is one line naming ADDRESS.
one_line() {
    printf '# %s: %s\n' "$1" "$err"
    expect_in "$1: names the shard" "cgsearch: error: shard $2: " "$err"
    expect_eq "$1: one line" "$(printf '%s\n' "$err" | wc -l)" 1
}

nobody=$(free_port)
printf 'remote 127.0.0.1:%s\n' "$nobody" > nobody.stub
t0=$(now_ms)
run T "$CGSEARCH" --db nobody.stub --timeout 1 维护者
t=$(($(now_ms) - t0))
expect_rc "a port nobody listens on: exit 2" 2
one_line "a port nobody listens on" "127.0.0.1:$nobody"
expect_in "a port nobody listens on: refused" "connection refused" "$err"
if [ "$t" -lt 3000 ]; then pass "a port nobody listens on: fast (${t} ms)"; else fail "a port nobody listens on: fast" "${t} ms"; fi

# A server stopped before the run: the connection is accepted (the kernel's
# backlog) but never greeted.
kill -STOP -- "-${shard_servers[1]}"
t0=$(now_ms)
run T "$CGSEARCH" --db "$stub" --timeout 1 维护者
t=$(($(now_ms) - t0))
kill -CONT -- "-${shard_servers[1]}"
expect_rc "a stopped server: exit 2" 2
one_line "a stopped server" "127.0.0.1:${shard_ports[1]}"
expect_in "a stopped server: timed out" "timed out" "$err"
if [ "$t" -lt 4000 ]; then pass "a stopped server: within the timeout (${t} ms)"; else fail "a stopped server: within the timeout" "${t} ms"; fi

# mid_run NAME SIGNAL K: a batch read from a pipe answers one query, then server K
# gets SIGNAL and the next query must fail: sets $t (ms from that query to the exit).
mid_run() {
    local k=$3 fifo=$scratch/fifo-$3
    rm -f "$fifo" && mkfifo "$fifo"
    T "$CGSEARCH" --db "$stub" --timeout 1 --format vimgrep --batch - <"$fifo" >mid.out 2>mid.err &
    local pid=$!
    exec 7>"$fifo"
    echo 维护者 >&7
    local i
    for i in $(seq 1 200); do [ -s mid.out ] && break; sleep 0.05; done
    kill "-$2" -- "-${shard_servers[$k]}"
    t0=$(now_ms)
    echo 软件包 >&7
    exec 7>&-
    set +e
    wait "$pid"
    rc=$?
    set -e
    t=$(($(now_ms) - t0))
    out=$(cat mid.out) err=$(cat mid.err)
    if [ -n "$out" ]; then pass "$1: the first query answered"; else fail "$1: the first query answered" "$err"; fi
}

mid_run "a server stopped mid-run" STOP 2
kill -CONT -- "-${shard_servers[2]}"
expect_rc "a server stopped mid-run: exit 2" 2
one_line "a server stopped mid-run" "127.0.0.1:${shard_ports[2]}"
if [ "$t" -lt 4000 ]; then pass "a server stopped mid-run: within the timeout (${t} ms)"; else fail "a server stopped mid-run: within the timeout" "${t} ms"; fi

mid_run "a server killed mid-run" KILL 0
expect_rc "a server killed mid-run: exit 2" 2
one_line "a server killed mid-run" "127.0.0.1:${shard_ports[0]}"
if [ "$t" -lt 4000 ]; then pass "a server killed mid-run: fast (${t} ms)"; else fail "a server killed mid-run: fast" "${t} ms"; fi

finish
