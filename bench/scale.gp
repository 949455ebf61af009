# bench/scale.gp — the growth curves of bench/run --scale, from its scale.tsv.
# usage: gnuplot -e "tsv='bench/scale.tsv'; outdir='bench'; classes='c1 c2 ...'" bench/scale.gp
# Writes outdir/scale-build.svg (build time, index size, peak RSS against the
# collection size) and outdir/scale-query.svg (query latency per class against the
# collection size, one line per configuration: local and remote, 1, 2 and 4 shards).
# Columns of scale.tsv: 1 kind, 2 copies, 3 corpus_bytes, 4 shards, 5 where, 6 id,
# 7 class, 8 hits, 9 median_ms, 10 p95_ms, 11 wall_s, 12 peak_rss_kib,
# 13 index_bytes, 14 net_up_bytes, 15 net_down_bytes, 16 connections.

if (!exists("tsv")) tsv = 'bench/scale.tsv'
if (!exists("outdir")) outdir = 'bench'
if (!exists("classes")) classes = system("awk -F'\t' '$1 == \"class\" && !s[$7]++ { printf \"%s \", $7 }' " . tsv)

# series(KIND, WHERE, SHARDS, CLASS, EXPR): "< awk ..." giving "corpus_MB value" for
# the rows of one kind, place, shard count (and class, "" for any) whose value is a
# number; EXPR is an awk expression of the row's fields.
series(kind, where, k, class, expr) = sprintf( \
    "< awk -F'\t' '$1 == \"%s\" && $5 == \"%s\" && $4 == \"%s\" && (\"%s\" == \"\" || $7 == \"%s\") && (%s) == (%s) + 0 { print $3 / 1e6, %s }' '%s'", \
    kind, where, k, class, class, expr, expr, expr, tsv)

shards = system("awk -F'\t' '$1 == \"build\" && !s[$4]++ { printf \"%s \", $4 }' '" . tsv . "'")
label(k) = (k eq "1") ? "one database" : sprintf("%s shards", k)
# The classes of bench/queries.tsv, as bench/scale.sh names them.
describe(cls) = (cls eq "c1") ? "c1: 1 character (的, 們)" : \
    (cls[1:1] eq "c" && cls ne "c1") ? sprintf("%s: %s Chinese characters", cls, cls[2:]) : \
    (cls eq "mixed") ? "mixed: Linux 内核" : (cls eq "en-word") ? "en-word: an English word" : \
    (cls eq "en-phrase") ? "en-phrase: an English phrase" : \
    (cls eq "no-match") ? "no-match: nothing matches" : cls
colour(k) = (k eq "1") ? 1 : (k eq "2") ? 2 : 3

set terminal svg size 1200,420 dynamic enhanced font "sans,12"
set datafile separator " "
set key bottom right
set grid
set pointsize 0.8
set xlabel "collection (MB of text)"
set xrange [0:*]
set yrange [0:*]

set output outdir . '/scale-build.svg'
set multiplot layout 1,3 title "cgindex: how the build grows (default --jobs)"
set title "build time"
set ylabel "wall s"
plot for [k in shards] series("build", "local", k, "", "$11") using 1:2 with linespoints lc colour(k) pt 7 title label(k)
set title "index size"
set ylabel "MB"
plot for [k in shards] series("build", "local", k, "", "$13 / 1e6") using 1:2 with linespoints lc colour(k) pt 7 title label(k)
set title "peak RSS"
set ylabel "MiB"
plot for [k in shards] series("build", "local", k, "", "$12 / 1024") using 1:2 with linespoints lc colour(k) pt 7 title label(k)
unset multiplot

nclasses = words(classes)
rows = int((nclasses + 2) / 3)
set terminal svg size 1200,(330 * rows) dynamic enhanced font "sans,11"
set output outdir . '/scale-query.svg'
set multiplot layout rows,3 title "cgsearch: whole-process query latency per class (geometric mean of medians)"
set ylabel "ms"
# Room above the curves for the key, so that it hides none of them.
set key top left font ",9" maxrows 3
set offsets 0, 0, graph 0.45, 0
# (Not "c": gnuplot takes it for a keyword in "set title c".)
do for [cls in classes] {
    set title describe(cls) noenhanced
    plot for [k in shards] series("class", "local", k, cls, "$9") using 1:2 with linespoints \
            lc colour(k) dt 1 pt 7 title "local ".label(k), \
         for [k in shards] series("class", "remote", k, cls, "$9") using 1:2 with linespoints \
            lc colour(k) dt 2 pt 6 title "remote ".label(k)
}
unset multiplot
