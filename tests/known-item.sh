#!/bin/bash
# known-item.sh — bench/known-item.py, the judge of the known-item ranking benchmark,
# on a hand-made corpus in build-corpus.sh's layout with one page of each source
# format: which titles, headings and pieces it takes as queries (and which it must
# not), the families of twins and their halves, determinism, and the scores of the
# three tools on the same queries. A few seconds.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

KI=$CG_SRCDIR/bench/known-item.py
PY=/usr/bin/python3
cd "$scratch"
c=corpus
mkdir -p $c/manpages-zh_CN/man1 $c/manpages-zh_TW/man1 $c/linux-doc-zh_CN/mm \
    $c/linux-doc-zh_TW/mm $c/debian-handbook-zh-CN $c/gnome-help-zh-CN/gnome-help \
    $c/libreoffice-help-zh-CN/text $c/fortunes-zh/chinese $c/manpages-en/man1 \
    $c/debian-faq-zh-CN

# Man pages: the title is the line under NAME / 名称, after the header line.
printf 'FOO(1)    General Commands Manual    FOO(1)\n\nNAME(名称)\n       foo - 测试一个工具程序\n\n描述\n       foo 测试一个工具程序的全部选项。\n' \
    >$c/manpages-zh_CN/man1/foo.1.txt
printf 'FOO(1)    General Commands Manual    FOO(1)\n\n名稱\n       foo - 測試一個工具程式\n\n描述\n       foo 測試一個工具程式的全部選項。\n' \
    >$c/manpages-zh_TW/man1/foo.1.txt
# Kernel documents: metadata first, an overlined title, underlined headings.
cat >$c/linux-doc-zh_CN/mm/reclaim.txt <<'EOF'
.. include:: ../disclaimer-zh_CN.rst

:Original: Documentation/mm/reclaim.rst

============
内存回收指南
============

页面老化算法
============

内核如何回收内存。
EOF
cat >$c/linux-doc-zh_TW/mm/reclaim.txt <<'EOF'
.. include:: ../disclaimer-zh_TW.rst

:Original: Documentation/mm/reclaim.rst

============
內存回收指南
============

頁面老化算法
============

內核如何回收內存。
EOF
# An HTML-derived book page: the title first (and again), a table of contents
# (a run of numbered lines: not headings), the numbered headings in the body.
cat >$c/debian-handbook-zh-CN/network.txt <<'EOF'
第 8 章 网络基本配置
第 8 章 网络基本配置
8.1. 设置主机名称
8.2. 配置无线网卡
8.3. 共享的标题
8.1. 设置主机名称
主机名称在 /etc/hostname 中。
8.2. 配置无线网卡
无线网卡需要固件。
8.3. 共享的标题
两个页面都有这个标题。
EOF
# Another family with the same heading: "共享的标题" belongs to neither.
printf '几个主题\n几个主题\n2.1. 共享的标题\n正文。\n' >$c/debian-faq-zh-CN/topics.zh-cn.txt
# LibreOffice: no query of its own, but its title is another family's title.
printf '插入区域\n插入区域\n在文档中插入区域。\n' >$c/libreoffice-help-zh-CN/text/insert.txt
printf '页面样式设置\n页面样式设置\n页面样式的说明。\n' >$c/libreoffice-help-zh-CN/text/pagestyle.txt
printf '插入区域\n插入区域的帮助。\n' >$c/gnome-help-zh-CN/gnome-help/insert.txt
printf '天下没有不散的筵席\n' >$c/fortunes-zh/chinese/0001.txt
printf 'FOO(1)    General Commands Manual    FOO(1)\n\nNAME\n       foo - test a tool\n' >$c/manpages-en/man1/foo.1.txt

run "$PY" "$KI" --corpus $c --queries-out q.tsv
expect_rc "known-item.py makes the queries" 0
tsv=$(cat q.tsv)
# query_line QUERY: the TSV line of that query (columns 2-7), or nothing.
query_line() { awk -F'\t' -v q="$1" '$2 == q { print $2 "\t" $3 "\t" $4 "\t" $6 "\t" $7 }' q.tsv; }
tab=$'\t'
expect_eq "man page: the NAME line is a title, its twin a right answer" \
    "$(query_line 'foo - 测试一个工具程序')" \
    "foo - 测试一个工具程序${tab}title${tab}hans${tab}manpages-zh_CN/man1/foo.1.txt${tab}manpages-zh_CN/man1/foo.1.txt|manpages-zh_TW/man1/foo.1.txt"
expect_eq "a Traditional man page gives a hant title" \
    "$(query_line 'foo - 測試一個工具程式' | cut -f2,3)" "title${tab}hant"
expect_eq "kernel document: the RST title, past the metadata" \
    "$(query_line '内存回收指南' | cut -f2,5)" \
    "title${tab}linux-doc-zh_CN/mm/reclaim.txt|linux-doc-zh_TW/mm/reclaim.txt"
expect_eq "kernel document: an underlined heading" "$(query_line '頁面老化算法' | cut -f2,3)" "heading${tab}hant"
expect_eq "book page: the first line is the title, as the page gives it" \
    "$(query_line '第 8 章 网络基本配置' | cut -f2)" title
expect_eq "book page: a numbered heading, without its number" \
    "$(query_line '设置主机名称' | cut -f2,4)" "heading${tab}debian-handbook-zh-CN/network.txt"
expect_not_in "no heading keeps its number" "${tab}8.1. " "$tsv"
expect_not_in "a heading two families have is no query" "共享的标题${tab}" "$tsv"
expect_not_in "a title a LibreOffice page has too is no query" "插入区域${tab}title" "$tsv"
expect_not_in "LibreOffice help gives no query" "${tab}libreoffice-help-" "$tsv"
expect_not_in "fortunes give no query" "fortunes-zh/" "$tsv"
expect_not_in "no metadata line is a query" ".. include" "$tsv"

# Every query: 2+ Han characters; a piece is 3-8 characters of its page's title that
# no title or heading of another family holds; twins share a half.
run "$PY" - q.tsv <<'EOF'
import re, sys
han = re.compile(r'[\u4e00-\u9fff]')
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8') if not l.startswith('#')]
titles = {'manpages-zh_CN/man1/foo.1.txt': 'foo - 测试一个工具程序',
          'manpages-zh_TW/man1/foo.1.txt': 'foo - 測試一個工具程式',
          'linux-doc-zh_CN/mm/reclaim.txt': '内存回收指南', 'linux-doc-zh_TW/mm/reclaim.txt': '內存回收指南',
          'debian-handbook-zh-CN/network.txt': '网络基本配置',
          'debian-faq-zh-CN/topics.zh-cn.txt': '几个主题'}
others = ['共享的标题', '插入区域', '页面样式设置'] + list(titles.values())
half = {}
bad = []
rel_titles = lambda rel: [titles.get(r, '') for r in rel.split('|')]
for id_, q, kind, script, h, src, rel in rows:
    if len(han.findall(q)) < 2:
        bad.append('fewer than 2 Han: ' + q)
    if kind == 'piece':
        if not (3 <= len(q) <= 8) or q not in titles.get(src, '') or q == titles.get(src):
            bad.append('piece not a proper 3-8 character part of its title: ' + q)
        if any(q in o for o in others if o != titles[src] and o not in rel_titles(rel)):
            bad.append('piece in another family: ' + q)
    for r in rel.split('|'):
        if half.setdefault(r.replace('zh_TW', 'zh_CN'), h) != h:
            bad.append('twins in two halves: ' + r)
kinds = {r[2] for r in rows}
if kinds != {'title', 'heading', 'piece'}:
    bad.append('kinds: %s' % sorted(kinds))
print('\n'.join(bad))
sys.exit(1 if bad else 0)
EOF
expect_rc "queries: 2+ Han characters, pieces inside their titles only, twins in one half, 3 kinds" 0

# The scores: 1/rank of the first right answer (a twin counts) in the top 10.
run "$PY" - "$KI" <<'EOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('ki', sys.argv[1])
ki = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ki)
q = lambda i: {'id': i, 'relevant': ['a-zh-CN/p.txt', 'a-zh-TW/p.txt'], 'half': 'tune',
               'kind': 'title', 'script': 'hans'}
qs = [q('first'), q('twin3'), q('eleventh'), q('none')]
other = ['x/%d.txt' % i for i in range(20)]
ranked = {'first': ['a-zh-CN/p.txt'] + other, 'twin3': other[:2] + ['a-zh-TW/p.txt'],
          'eleventh': other[:10] + ['a-zh-CN/p.txt'], 'none': []}
s = ki.score(qs, ranked)
print(' '.join('%s=%.3f,%g,%g' % (k, *s[k]) for k in ('first', 'twin3', 'eleventh', 'none')))
n, mrr, s1, s10 = ki.summarize(qs, s)[('tune', 'all')]
print('%d %.4f %.2f %.2f' % (n, mrr, s1, s10))
EOF
expect_eq "MRR@10, success@1 and @10 of one query each, and their means" "$out" \
    "first=1.000,1,1 twin3=0.333,0,1 eleventh=0.000,0,0 none=0.000,0,0
4 0.3333 0.25 0.50"

run "$PY" "$KI" --corpus $c --queries-out q2.tsv
expect_eq "the same corpus gives the same queries" "$(cmp q.tsv q2.tsv && echo same)" same

# The tools, on an index of this corpus.
run "$CGINDEX" -q --db cgdb $c
expect_rc "cgindex indexes the corpus" 0
run "$PY" "$CG_SRCDIR/bench/xapian-ngram.py" $c xdb
expect_rc "the Xapian n-gram index is built" 0
(cd $c && sqlite3 ../fts.db "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='trigram');
INSERT INTO docs(path, body) SELECT substr(name, 3), data FROM fsdir('.') WHERE name GLOB '*.txt';")
run "$PY" "$KI" --corpus $c --queries-out q3.tsv --cgsearch "$CGSEARCH" --cg-db cgdb \
    --xapian-db xdb --fts5-db fts.db --markdown-out ki.md
expect_rc "the three tools answer the queries" 0
nq=$(grep -vc '^#' q.tsv)
expect_in "the table counts the queries" "known-item: $nq queries" "$out"
# Each tool's lines: every score between 0 and 1, and cgsearch finds every title first.
run awk '$1 ~ /^(cgsearch|xapian|fts5)$/ && $2 != "refused" {
        n[$1]++; for (i = 5; i <= 7; i++) if ($i != "n/a" && ($i < 0 || $i > 1)) bad++ }
    END { print n["cgsearch"] + 0, n["xapian"] + 0, n["fts5"] + 0, bad + 0 }' <<<"$out"
expect_eq "12 score lines per tool, all within [0, 1]" "$out" "12 12 12 0"
run "$PY" "$KI" --corpus $c --queries-out q3.tsv --cgsearch "$CGSEARCH" --cg-db cgdb
title_s1=$(awk '$1 == "cgsearch" && $3 == "title" && $4 > 0 { print $6 }' <<<"$out" | sort -u)
expect_eq "cgsearch alone: every whole title is found first" "$title_s1" "1.000"
expect_in "the Markdown section" "## Known-item ranking" "$(cat ki.md)"
expect_in "the Markdown table has a row per tool and half" "| fts5 | test |" "$(cat ki.md)"

# A tool that finds nothing scores 0: an index of another corpus.
mkdir other && printf '无关的文字\n' >other/a.txt
"$CGINDEX" -q --db otherdb other
run "$PY" "$KI" --corpus $c --queries-out q4.tsv --cgsearch "$CGSEARCH" --cg-db otherdb
run awk '$1 == "cgsearch" && $3 == "all" && $4 > 0 { print $5 }' <<<"$out"
expect_eq "no right answer found: MRR@10 0" "$(sort -u <<<"$out")" "0.000"

finish
