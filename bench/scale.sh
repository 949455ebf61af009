# shellcheck shell=bash disable=SC2154,SC2016 # $tmp, $out, $here, ... come from bench/run, which sources this; backticks are Markdown
# bench/scale.sh — bench/run --scale: how cgindex and cgsearch grow with the
# collection. Sourced by bench/run (after its tools and helpers are set up: $tmp,
# $CGINDEX, $CGSEARCH, $PY, measure, repeat, bytes, div, mib, note, die), never
# run alone. See bench/README.md ("Scale") for what is measured and how.
#
# The corpus ×1, ×2 and ×4 (copies under distinct paths), each built as one
# database and, when cgindex has --shards, as 2 and 4 shards; each index queried
# locally and through one xapian-tcpsrv per shard on 127.0.0.1 (ports chosen at
# run time). Writes the Scale section of $out, and scale.tsv (the raw figures)
# and scale-build.svg, scale-query.svg (gnuplot, bench/scale.gp) beside $out.

scale_sizes="1 2 4"
outdir=$(dirname "$out")
scale_tsv=$outdir/scale.tsv

# ---- what this build of cgindex/cgsearch can do ----------------------------------
if "$CGINDEX" --help 2>/dev/null | grep -q -- '--shards'; then
    scale_shards="1 2 4"
else
    scale_shards=1
    note "cgindex has no --shards: one database per size only"
fi
remote_why=
command -v xapian-tcpsrv >/dev/null || remote_why="xapian-tcpsrv not found (apt-get install xapian-tools)"

# gnuplot draws the curves; installed like GNU time when missing.
if ! command -v gnuplot >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        note "installing gnuplot (Debian package 'gnuplot-nox')"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gnuplot-nox >&2 ||
            die "apt-get install gnuplot-nox failed"
    else
        die "gnuplot is missing; install it as root: apt-get install gnuplot-nox"
    fi
fi

# ---- shard servers ---------------------------------------------------------------
# Every xapian-tcpsrv and counting proxy this run starts: stopped at exit, by pid.
scale_pids=()
stop_servers() {
    local p
    for p in "${scale_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${scale_pids[@]}"; do wait "$p" 2>/dev/null || true; done
    scale_pids=()
}
trap 'stop_servers; rm -rf "$tmp"' EXIT

# port_open PORT: whether something accepts connections on 127.0.0.1:PORT.
port_open() {
    "$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' "$1" 2>/dev/null
}

# start_server DIR: starts xapian-tcpsrv for the database DIR on a free port of
# 127.0.0.1 and sets PORT. The port is chosen by the kernel for a socket that is
# closed again, so another process may take it first: then try another.
start_server() {
    local dir=$1 try i pid port
    for try in 1 2 3 4 5; do
        port=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        # In a session of its own: on SIGTERM xapian-tcpsrv signals its whole
        # process group (its forked children), which would otherwise be this run.
        setsid xapian-tcpsrv --quiet --port "$port" --interface 127.0.0.1 "$dir" \
            >"$tmp/tcpsrv-$port.log" 2>&1 </dev/null &
        pid=$!
        for i in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            if port_open "$port"; then
                scale_pids+=("$pid")
                PORT=$port
                return 0
            fi
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        note "xapian-tcpsrv on port $port did not start (try $try): $(tail -n 1 "$tmp/tcpsrv-$port.log")"
    done
    die "could not start xapian-tcpsrv for $dir"
}

# start_proxy PORT COUNTS: a counting proxy (bench/scale-proxy.py) in front of
# 127.0.0.1:PORT; sets PORT to the proxy's own.
start_proxy() {
    local target=$1 counts=$2 pid i
    : >"$tmp/proxy.port"
    "$PY" "$here/scale-proxy.py" "$target" "$counts" >"$tmp/proxy.port" 2>"$tmp/proxy.err" </dev/null &
    pid=$!
    scale_pids+=("$pid")
    for i in $(seq 50); do
        if [ -s "$tmp/proxy.port" ]; then PORT=$(head -n 1 "$tmp/proxy.port"); return 0; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    die "the counting proxy did not start: $(tail -n 1 "$tmp/proxy.err")"
}

# shard_dirs DB: the databases of an index: DB/shard-* when it is sharded, else DB.
shard_dirs() {
    if [ -f "$1/XAPIANDB" ] && compgen -G "$1/shard-*" >/dev/null; then
        printf '%s\n' "$1"/shard-*
    else
        printf '%s\n' "$1"
    fi
}

# net_count CFG CGSEARCH_ARGS...: runs cgsearch once with the remote configuration
# CFG's stub through the counting proxies; prints "UP DOWN CONNECTIONS ROUND_TRIPS
# ROUND_TRIPS_MAX_SHARD" (bytes sent and received and round trips summed over the
# connections, round trips on the busiest one).
net_count() {
    local cfg=$1 counts before i
    shift
    counts=$tmp/scale/counts-x$n-s${cfg_shards[$cfg]}
    before=$(wc -l <"$counts")
    "$CGSEARCH" --db "${cfg_proxied[$cfg]}" "$@" >/dev/null 2>&1 </dev/null || true
    # The proxy writes a connection's line when it ends, just after cgsearch exits:
    # wait for one per shard.
    for i in $(seq 500); do
        [ "$(wc -l <"$counts")" -ge $((before + cfg_shards[$cfg])) ] && break
        sleep 0.01
    done
    tail -n +$((before + 1)) "$counts" |
        awk '{ u += $1; d += $2; c++; t += $3; if ($3 > m) m = $3 }
             END { print u + 0, d + 0, c + 0, t + 0, m + 0 }'
}

# query_class ID: the query's class in bench/queries.tsv: the id without its
# variant (-simp, -trad, -common, a number after a word): c1, c2, en-word, ...
query_class() { printf '%s\n' "$1" | sed -E 's/-(simp|trad|common)$//; s/([a-z]{2,})[0-9]+$/\1/'; }

# ---- the collections ---------------------------------------------------------------
# One private copy of the corpus (as bench/run's: *.txt outside dot-folders), then
# for ×N a folder with N hard-linked copies of it, copy-1 .. copy-N, so that every
# path is distinct. Reading the copy puts the text in the page cache.
note "copying the corpus from $src"
base=$tmp/scale/base
mkdir -p "$base"
(cd "$src" && find . -type f -name '*.txt' -not -path '*/.*' -print0 |
    tar --null -T - -cf -) | tar -xf - -C "$base"
nfiles=$(find "$base" -type f | wc -l)
[ "$nfiles" -gt 0 ] || die "$src has no *.txt files outside dot-folders"
base_bytes=$(bytes "$base")
corpus_id=$(basename "$src")
if [ -f "$src/.corpus/STATS.txt" ]; then
    corpus_id="$corpus_id (build-corpus.sh, $(grep -m1 '^MANIFEST.tsv sha256' "$src/.corpus/STATS.txt" || true))"
fi
note "$nfiles files, $base_bytes bytes; sizes ×$scale_sizes, shards $scale_shards"

# The queries: id, query, class, in the order of bench/queries.tsv; with --quick,
# the first of each class only (the smoke test's budget).
: >"$tmp/scale-queries"
while IFS=$'\t' read -r id query _ <&3; do
    case $id in ''|'#'*) continue ;; esac
    class=$(query_class "$id")
    if [ "$quick" = 1 ] && cut -f3 "$tmp/scale-queries" | grep -qxF -- "$class"; then continue; fi
    printf '%s\t%s\t%s\n' "$id" "$query" "$class" >>"$tmp/scale-queries"
done 3<"$here/queries.tsv"
[ -s "$tmp/scale-queries" ] || die "bench/queries.tsv has no queries"
classes=$(cut -f3 "$tmp/scale-queries" | awk '!seen[$0]++' | tr '\n' ' ')

# The raw figures, one row per build, per query and configuration, per class.
# "-" where a column does not apply; "err" where a configuration failed.
printf 'kind\tcopies\tcorpus_bytes\tshards\twhere\tid\tclass\thits\tmedian_ms\tp95_ms\twall_s\tpeak_rss_kib\tindex_bytes\tnet_up_bytes\tnet_down_bytes\tconnections\tround_trips\tround_trips_max_shard\n' \
    >"$tmp/scale.tsv"
row() { local IFS=$'\t'; printf '%s\n' "$*" >>"$tmp/scale.tsv"; }
# The first error of a remote configuration, for the report.
declare -A remote_err=()

for n in $scale_sizes; do
    coll=$tmp/scale/x$n
    mkdir -p "$coll"
    for c in $(seq "$n"); do cp -al "$base" "$coll/copy-$c"; done
    coll_bytes=$(bytes "$coll")

    # ---- builds: one database, then --shards K --------------------------------------
    for k in $scale_shards; do
        db=$tmp/scale/db-x$n-s$k
        note "×$n ($coll_bytes bytes): build, $( [ "$k" = 1 ] && echo 'one database' || echo "$k shards")"
        if [ "$k" = 1 ]; then
            measure "scale-build-$n-$k" 0 "$CGINDEX" --db "$db" "$coll"
        else
            measure "scale-build-$n-$k" 0 "$CGINDEX" --db "$db" --shards "$k" "$coll"
        fi
        row build "$n" "$coll_bytes" "$k" local - - - - - "$WALL" "$RSS" "$(bytes "$db")" - - - - -
    done
    # What keeping the text costs (--store-text, which remote searchers need for
    # snippets): one database, ×1 only; for its size, not queried.
    if [ "$n" = 1 ]; then
        note "×$n: build, one database, --store-text"
        measure "scale-build-store" 0 "$CGINDEX" --db "$tmp/scale/store-x1" --store-text "$coll"
        row build "$n" "$coll_bytes" 1 store-text - - - - - "$WALL" "$RSS" "$(bytes "$tmp/scale/store-x1")" - - - - -
        rm -rf "$tmp/scale/store-x1"
    fi

    # ---- configurations: local, and remote (one xapian-tcpsrv per shard) ----------
    # cfg_db[NAME]: what --db gets; cfg_proxied[NAME]: the stub through counting proxies.
    declare -A cfg_db cfg_proxied cfg_shards
    cfgs=()
    for k in $scale_shards; do
        cfg_db[local-$k]=$tmp/scale/db-x$n-s$k cfg_shards[local-$k]=$k
        cfgs+=("local-$k")
    done
    if [ -z "$remote_why" ]; then
        for k in $scale_shards; do
            stub=$tmp/scale/remote-x$n-s$k
            counts=$tmp/scale/counts-x$n-s$k
            : >"$stub"; : >"$stub.proxied"; : >"$counts"
            while IFS= read -r d; do
                start_server "$d"
                printf 'remote 127.0.0.1:%s\n' "$PORT" >>"$stub"
                start_proxy "$PORT" "$counts"
                printf 'remote 127.0.0.1:%s\n' "$PORT" >>"$stub.proxied"
            done < <(shard_dirs "$tmp/scale/db-x$n-s$k")
            cfg_db[remote-$k]=$stub cfg_proxied[remote-$k]=$stub.proxied cfg_shards[remote-$k]=$k
            cfgs+=("remote-$k")
        done
    fi

    # ---- per query: files found, network bytes, latency ------------------------------
    while IFS=$'\t' read -r id query class <&3; do
        note "×$n: query $id: $query"
        # Files found by each configuration; one that fails (exit 2) is left out of
        # the timing and reported.
        ok_cfgs=()
        declare -A hits=()
        for cfg in "${cfgs[@]}"; do
            rc=0
            "$CGSEARCH" --db "${cfg_db[$cfg]}" -l "$query" >"$tmp/scale-l-$cfg" 2>"$tmp/scale-l.err" </dev/null || rc=$?
            if [ "$rc" -le 1 ]; then
                sort -o "$tmp/scale-l-$cfg" "$tmp/scale-l-$cfg"
                hits[$cfg]=$(wc -l <"$tmp/scale-l-$cfg")
                ok_cfgs+=("$cfg")
            else
                hits[$cfg]=err
                case $cfg in
                    local-*) cat "$tmp/scale-l.err" >&2; die "×$n, $cfg: cgsearch -l '$query' exited with status $rc" ;;
                esac
                [ -n "${remote_err[$cfg]:-}" ] ||
                    remote_err[$cfg]="$id: $(head -n 1 "$tmp/scale-l.err")"
                note "×$n, $cfg, $id: $(head -n 1 "$tmp/scale-l.err")"
            fi
        done
        # Every configuration must find the same files as the one database.
        for cfg in "${ok_cfgs[@]}"; do
            cmp -s "$tmp/scale-l-local-1" "$tmp/scale-l-$cfg" ||
                die "×$n, query $id: $cfg finds other files than one database (${hits[$cfg]} against ${hits[local-1]})"
        done
        # Network bytes: one run of the query through the counting proxies, as
        # above (top 10 with snippets) and with -l (every matching file).
        declare -A net=() net_l=()
        for cfg in "${ok_cfgs[@]}"; do
            case $cfg in remote-*) ;; *) continue ;; esac
            net[$cfg]=$(net_count "$cfg" "$query")
            net_l[$cfg]=$(net_count "$cfg" -l "$query")
        done
        # Latency: whole processes, the configurations taking turns (repeat-run.py).
        args=()
        for cfg in "${ok_cfgs[@]}"; do
            [ ${#args[@]} = 0 ] || args+=(--also)
            args+=('0,1' "$CGSEARCH" --db "${cfg_db[$cfg]}" "$query")
        done
        repeat "${args[@]}" >"$tmp/scale-times"
        i=0
        for cfg in "${cfgs[@]}"; do
            where=${cfg%-*} k=${cfg_shards[$cfg]}
            if [ "${hits[$cfg]}" = err ]; then
                row query "$n" "$coll_bytes" "$k" "$where" "$id" "$class" err err err - - - - - - - -
                continue
            fi
            i=$((i + 1))
            read -r med p95 _ < <(sed -n "${i}p" "$tmp/scale-times")
            if [ "$where" = remote ]; then
                # shellcheck disable=SC2086 # net[] holds five numbers
                row query "$n" "$coll_bytes" "$k" "$where" "$id" "$class" "${hits[$cfg]}" "$med" "$p95" - - - ${net[$cfg]}
                # shellcheck disable=SC2086
                row list "$n" "$coll_bytes" "$k" "$where" "$id" "$class" "${hits[$cfg]}" - - - - - ${net_l[$cfg]}
            else
                row query "$n" "$coll_bytes" "$k" "$where" "$id" "$class" "${hits[$cfg]}" "$med" "$p95" - - - - - - - -
            fi
        done
        unset hits net net_l
    done 3<"$tmp/scale-queries"

    stop_servers
    unset cfg_db cfg_proxied cfg_shards
    rm -rf "$tmp"/scale/db-x"$n"-* "$coll"
done

# Per class: the geometric mean of its queries' medians, the mean of their bytes
# and round trips; "class" rows from the "query" rows, "list-class" from "list".
awk -F'\t' -v OFS='\t' '
    function avg(a, k, f) { return net[k] ? sprintf(f, a[k] / n[k]) : "-" }
    $1 == "query" || $1 == "list" {
        k = ($1 == "query" ? "class" : "list-class") SUBSEP $2 SUBSEP $4 SUBSEP $5 SUBSEP $7
        if (!(k in bytes)) { order[++nk] = k; bytes[k] = $3 }
        if ($9 == "err") { failed[k] = 1; next }
        n[k]++
        if ($9 != "-") { timed[k] = 1; lm[k] += log($9 > 0 ? $9 : 0.001); lp[k] += log($10 > 0 ? $10 : 0.001) }
        if ($14 != "-") { up[k] += $14; down[k] += $15; conn[k] += $16; rt[k] += $17; rtm[k] += $18; net[k] = 1 } }
    END { for (i = 1; i <= nk; i++) { k = order[i]; split(k, f, SUBSEP)
          if (k in failed) { print f[1], f[2], bytes[k], f[3], f[4], "-", f[5], "-", "err", "err", "-", "-", "-", "-", "-", "-", "-", "-"; continue }
          print f[1], f[2], bytes[k], f[3], f[4], "-", f[5], "-",
              timed[k] ? sprintf("%.3f", exp(lm[k] / n[k])) : "-", timed[k] ? sprintf("%.3f", exp(lp[k] / n[k])) : "-",
              "-", "-", "-", avg(up, k, "%.0f"), avg(down, k, "%.0f"), avg(conn, k, "%.1f"), avg(rt, k, "%.1f"),
              avg(rtm, k, "%.1f") } }' "$tmp/scale.tsv" >"$tmp/scale-class.tsv"
cat "$tmp/scale-class.tsv" >>"$tmp/scale.tsv"

# ---- curves ------------------------------------------------------------------------
note "drawing the curves (gnuplot, bench/scale.gp)"
mkdir -p "$outdir"
cp "$tmp/scale.tsv" "$scale_tsv"
gnuplot -e "tsv='$scale_tsv'; outdir='$outdir'; classes='$classes'" "$here/scale.gp" \
    2>"$tmp/gnuplot.err" || { cat "$tmp/gnuplot.err" >&2; die "gnuplot failed"; }
for f in scale-build.svg scale-query.svg; do
    [ -s "$outdir/$f" ] || die "gnuplot wrote no $outdir/$f"
done

# ---- the Scale section of the results ---------------------------------------------
note "writing the Scale section of $out"
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "not a git checkout")
if [ "$quick" = 1 ]; then mode="--quick ($runs runs per query, one query per class)"
else mode="full ($runs runs per query)"; fi
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# cell CLASS COPIES WHERE SHARDS COLUMN [KIND]: one figure of a class row (KIND
# "class", the default, or "list-class"), "n/a" when absent.
cell() {
    awk -F'\t' -v c="$1" -v n="$2" -v w="$3" -v k="$4" -v col="$5" -v kind="${6:-class}" '
        $1 == kind && $7 == c && $2 == n && $5 == w && $4 == k { v = $col }
        END { if (v == "") v = "n/a"; print v }' "$tmp/scale.tsv"
}
{
cat <<EOF
## Scale

Written by \`bench/run --scale\` on $(date -u '+%Y-%m-%d %H:%M UTC'), mode: $mode,
repository $rev, $(nproc) cores, load average $load_start at the start and
$(cut -d' ' -f1-3 /proc/loadavg) at the end. Corpus: $corpus_id: $nfiles files,
$base_bytes bytes, taken ×1, ×2 and ×4 (hard-linked copies under distinct paths,
so each copy is a new set of files with the same text). Raw figures:
[scale.tsv](scale.tsv); curves: [scale-build.svg](scale-build.svg),
[scale-query.svg](scale-query.svg). Method: bench/README.md ("Scale").

![build time, index size and peak RSS against the collection size](scale-build.svg)

![query latency per class against the collection size](scale-query.svg)

### Build

\`cgindex --db DB [--shards K] DIR\` with the default \`--jobs\`, from nothing, under
GNU time. "1" is one database (no \`--shards\`).

| copies | corpus MB | shards | wall s | MB/s | peak RSS MiB | index bytes | index ÷ corpus |
|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
awk -F'\t' '$1 == "build" {
    printf "| ×%s | %.1f | %s | %s | %.1f | %.0f | %s | %.2f |\n", $2, $3 / 1e6,
        $5 == "store-text" ? $4 ", `--store-text`" : $4, $11,
        $3 / 1e6 / ($11 > 0 ? $11 : 0.01), $12 / 1024, $13, $13 / $3 }' "$tmp/scale.tsv"
if [ "$scale_shards" = 1 ]; then
    printf '\nShards: **not measured**: this cgindex has no `--shards`.\n'
fi
cat <<EOF

### Query latency per class

Whole process (\`cgsearch --db DB QUERY\`: start, open, search, top 10 with
snippets, Markdown into a pipe), ms: for each query of bench/queries.tsv the median
of $runs runs after a warm-up run, all the configurations of one size taking turns
in each round (bench/repeat-run.py); per class, the geometric mean of its queries'
medians. Local: \`--db\` the index; remote: \`--db\` a stub file of
\`remote 127.0.0.1:PORT\` lines, one \`xapian-tcpsrv\` per shard on loopback.
Every configuration found the same files as one database for every query (the run
stops otherwise).

EOF
head='| class | copies |'
sep='|---|---:|'
for k in $scale_shards; do head="$head local $k |"; sep="$sep---:|"; done
for k in $scale_shards; do head="$head remote $k |"; sep="$sep---:|"; done
printf '%s\n%s\n' "$head" "$sep"
for c in $classes; do
    for n in $scale_sizes; do
        line="| \`$c\` | ×$n |"
        for w in local remote; do
            for k in $scale_shards; do
                v=$(cell "$c" "$n" "$w" "$k" 9)
                if [ "$w" = remote ] && [ -n "$remote_why" ]; then v="not measured"
                elif [ "$v" = err ]; then v="error"
                elif [ "$v" != n/a ]; then v=$(awk -v v="$v" 'BEGIN { printf "%.1f", v }'); fi
                line="$line $v |"
            done
        done
        printf '%s\n' "$line"
    done
done
if [ -n "$remote_why" ]; then
    printf '\nRemote: **not measured**: %s.\n' "$remote_why"
elif [ ${#remote_err[@]} -gt 0 ]; then
    printf '\n"error": the remote configuration failed on a query of the class (cgsearch exit 2); the first error of each:\n\n'
    for cfg in "${!remote_err[@]}"; do printf -- '- %s: `%s`\n' "$cfg" "${remote_err[$cfg]}"; done | sort
fi
if [ -z "$remote_why" ]; then
cat <<EOF

### Network bytes per query (remote)

One run of each query with the stub file pointing at counting proxies
(bench/scale-proxy.py) in front of the shard servers, mean over the class's
queries: bytes of Xapian's remote protocol (no TCP/IP headers) the searcher sent
to all shards / received from them; round trips (the searcher speaking again after
a shard answered), summed over the shards and, in brackets, on the busiest shard:
across machines each costs a network round-trip time.

EOF
head='| class | copies |'
sep='|---|---:|'
for k in $scale_shards; do head="$head $k shard(s): bytes sent / received, round trips |"; sep="$sep---:|"; done
printf '%s\n%s\n' "$head" "$sep"
for c in $classes; do
    for n in $scale_sizes; do
        line="| \`$c\` | ×$n |"
        for k in $scale_shards; do
            u=$(cell "$c" "$n" remote "$k" 14) d=$(cell "$c" "$n" remote "$k" 15)
            t=$(cell "$c" "$n" remote "$k" 17) m=$(cell "$c" "$n" remote "$k" 18)
            if [ "$u" = - ] || [ "$u" = n/a ]; then line="$line error |"
            else line="$line $u / $d, $t ($m) |"; fi
        done
        printf '%s\n' "$line"
    done
done
cat <<EOF

The same through the proxies with \`-l\` (every matching file, no snippets): each
shard sends all its matches, so the bytes grow with the number of matching files.

EOF
head='| class | copies |'
sep='|---|---:|'
for k in $scale_shards; do head="$head $k shard(s): bytes received, round trips |"; sep="$sep---:|"; done
printf '%s\n%s\n' "$head" "$sep"
for c in $classes; do
    for n in $scale_sizes; do
        line="| \`$c\` | ×$n |"
        for k in $scale_shards; do
            d=$(cell "$c" "$n" remote "$k" 15 list-class) t=$(cell "$c" "$n" remote "$k" 17 list-class)
            if [ "$d" = - ] || [ "$d" = n/a ]; then line="$line error |"
            else line="$line $d, $t |"; fi
        done
        printf '%s\n' "$line"
    done
done
fi
echo
} >"$tmp/scale.md"

# Replace the Scale section of $out (up to the next "## " heading), or append it.
if [ -f "$out" ]; then
    awk -v secfile="$tmp/scale.md" '
        BEGIN { while ((getline l < secfile) > 0) sec = sec l "\n" }
        /^## / { insec = 0; if ($0 ~ /^## Scale/) { insec = 1; printf "%s", sec; done = 1 } }
        !insec { print }
        END { if (!done) printf "\n%s", sec }' "$out" >"$tmp/RESULTS.md"
else
    { printf '# cgsearch benchmark results\n\n'; cat "$tmp/scale.md"; } >"$tmp/RESULTS.md"
fi
cp "$tmp/RESULTS.md" "$out"
note "done: $out, $scale_tsv, $outdir/scale-build.svg, $outdir/scale-query.svg"
