#!/bin/bash
# ranking.sh — titles, headings and the ranking built on them (doc/cgsearch.1, QUERY
# SYNTAX and RANKING), with the real cgindex and cgsearch over real indexes:
#  a. title: lists exactly the files whose title holds the piece, against a reference
#     written here (python3) from the documented rule, on hand-made files and, when
#     CG_REAL_CORPUS is set, the small real corpus (thousands of pieces);
#  b. known items: a page's whole title or one of its headings ranks it first, above
#     overview and contents pages that name it many times;
#  c. the query syntax around ranking: NOT, dashes between parts, title: with others;
#  d. --explain: the top value is the score, each node the sum of its kids, in json,
#     text and md (read back by libcmark); the title's share; the formats it refuses.
# About 10 s.
set -eu
. "$CG_SRCDIR/tests/tap.sh"
cd "$scratch"

# todo ok|"not ok" NAME WHY: a known shortcoming (TAP TODO: automake counts "not ok" as
# an expected failure, and "ok" as an unexpected pass, an error: time to promote it).
todo() { tap_n=$((tap_n + 1)); echo "$1 $tap_n - $2 # TODO $3"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
# check NAME CMD...: passes when CMD exits 0, else fails with its output.
check() {
    local name=$1
    shift
    run "$@"
    if [ "$rc" = 0 ]; then
        pass "$name"
        [ -z "$out" ] || printf '%s\n' "$out" | grep '^#' || true
    else
        fail "$name" "exit status $rc" "$out" "$err"
    fi
}
cg() { timeout 20 "$CGSEARCH" --db "$db" "$@"; }

# The reference for title: (a), and the checker of --explain's trees (d).
cat >title-ref.py <<'EOF'
import os, random, re, shutil, subprocess, sys, unicodedata

# title-ref.py COLL DB UNDER MAXPIECES: `cgsearch -l title:PIECE` against this
# reference for pieces of the titles of the files under COLL/UNDER.
coll, db, under, maxpieces = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cgsearch = os.environ["CGSEARCH"]


def says_something(s):
    return any(ch.isalnum() for ch in s)


def rst_markup(s):
    if s == ".." or s.startswith(".. "):
        return True
    m = re.match(r":([^: ][^:]*):( |$)", s)
    return m is not None


def man_header(s):
    m = re.match(r"(\S*[^\s(]\(\S*\)) ", s)
    return m is not None and s.endswith(m.group(1)) and len(s) > 2 * len(m.group(1))


def name_line(lines):
    inside = False
    for raw in lines:
        s = raw.rstrip(" \t\r")
        if not s.strip(" \t"):
            continue
        if inside:
            return s.lstrip(" \t")
        if s[0] in " \t":
            continue
        if re.match(r"NAME($|[( ])", s) or s in ("名称", "名稱"):
            inside = True
        else:
            return None
    return None


def title(data):
    """The documented rule (doc/cgsearch.1, title:), written afresh."""
    text = data[:65536].decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    under_markup = False
    for i, raw in enumerate(lines):
        line = raw.rstrip(" \t\r")
        s = line.lstrip(" \t")
        if not s:
            continue
        if rst_markup(s):
            under_markup = True
            continue
        if (under_markup and s != line) or not says_something(s):
            continue
        if man_header(s):
            s = name_line(lines[i + 1:]) or s
        s = re.sub(r"^#+ +", "", s)
        b = s.encode()
        if len(b) > 300:
            s = b[:300].decode("utf-8", "ignore")
        return s
    return None


t2s = {}


def load_t2s(chars):
    """Traditional→Simplified, character by character as the index's table is
    made, from ICU's transliterator through uconv (when installed)."""
    if not shutil.which("uconv") or os.environ.get("CG_TEST_NO_UCONV"):
        t2s.update(zip("網絡論體標題", "网络论体标题"))  # the hand-made files' own
        return False
    chars = sorted(c for c in chars if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    out = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8", "-x", "Traditional-Simplified"],
                         input="\n".join(chars) + "\n", capture_output=True, text=True, check=True)
    for a, b in zip(chars, out.stdout.split("\n")):
        if len(b) == 1 and a != b:
            t2s[a] = b
    return True


def norm(s):
    s = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold())
    return "".join(t2s.get(c, c) for c in s)


def words(s):
    """Whole words as a word breaker finds them: letters and digits, joined across
    one . ' ’ : between letters, or . , between digits."""
    out, cur, i = [], "", 0
    while i < len(s):
        c = s[i]
        if c.isascii() and (c.isalnum() or c == "_"):
            cur += c
        elif cur and i + 1 < len(s) and s[i + 1].isascii() and s[i + 1].isalnum() and (
                (c in ".'’:" and cur[-1].isalpha() and s[i + 1].isalpha()) or
                (c in ".," and cur[-1].isdigit() and s[i + 1].isdigit())):
            cur += c
        else:
            if cur:
                out.append(cur)
            cur = ""
        i += 1
    if cur:
        out.append(cur)
    return out


files = {}
for root, dirs, names in os.walk(coll):
    dirs.sort()
    for n in sorted(names):
        p = os.path.join(root, n)
        with open(p, "rb") as f:
            files[p] = title(f.read())
heads = {}  # the start of each file, for pieces that are not in its title
for p in files:
    with open(p, "rb") as f:
        heads[p] = f.read(1500).decode("utf-8", "ignore")
have_t2s = load_t2s(set("".join(t for t in files.values() if t)) | set("".join(heads.values())))
if not have_t2s:
    print("# uconv (icu-devtools) not found: the hand-made files' Traditional characters only")
ntitle = {p: norm(t) if t else "" for p, t in files.items()}

rnd = random.Random(5)
han = re.compile(r"[\u4e00-\u9fff]+")
pieces = set()
mine = [p for p in files if p.startswith(os.path.join(coll, under) + os.sep)]
for p in mine:
    t = ntitle[p]
    for run in han.findall(t):
        for n in range(1, 5):
            for i in range(len(run) - n + 1):
                pieces.add(run[i:i + n])
    for w in words(t):
        if w.isalpha() and len(w) > 1:
            pieces.add(w)
pieces = sorted(pieces)
if len(pieces) > maxpieces:
    pieces = sorted(rnd.sample(pieces, maxpieces))
# and pieces of the lines around the titles, which title: must not find there: a
# man page's header, the fields and directives skipped, a long title's cut-off end
others = set()
for p in mine:
    for line in norm(heads[p]).split("\n"):
            for run in han.findall(line):
                others.update(run[i:i + 2] for i in range(len(run) - 1))
others = sorted(others - set(pieces))
pieces += sorted(rnd.sample(others, min(len(others), maxpieces // 4)))
if not pieces:
    print("no pieces")
    sys.exit(1)


def expected(piece):
    if han.fullmatch(piece[0]):
        return {p for p, t in ntitle.items() if piece in t}
    return {p for p, t in ntitle.items() if piece in words(t)}


qfile = os.path.join(os.path.dirname(db) or ".", "title-queries.txt")
with open(qfile, "w") as f:
    for i, piece in enumerate(pieces):
        f.write(f"q{i}\ttitle:{piece}\n")
r = subprocess.run(["timeout", "60", cgsearch, "--db", db, "-l", "--batch", qfile],
                   capture_output=True, text=True)
if r.returncode not in (0, 1) or r.stderr:
    print(f"cgsearch -l --batch: status {r.returncode}\n{r.stderr[:2000]}")
    sys.exit(1)
got = {}
for line in r.stdout.splitlines():
    qid, path = line.split("\t", 1)
    got.setdefault(int(qid[1:]), set()).add(path)
bad = []
pairs = 0
for i, piece in enumerate(pieces):
    want = expected(piece)
    pairs += len(want)
    have = got.get(i, set())
    if have != want:
        bad.append((piece, sorted(have - want), sorted(want - have)))
print(f"# {len(pieces)} pieces of {len(mine)} titles, {pairs} (piece, file) pairs expected, "
      f"{len(bad)} wrong")
for piece, extra, missing in bad[:12]:
    print(f"title:{piece}")
    for p in extra[:3]:
        print(f"  listed, but its title is: {files[p]!r} ({p})")
    for p in missing[:3]:
        print(f"  not listed, but its title is: {files[p]!r} ({p})")
sys.exit(1 if bad else 0)
EOF
cat >explain.py <<'EOF'
import ctypes, ctypes.util, html, json, math, os, re, subprocess, sys

# explain.py sums DB QUERY...: --explain in json, text and md for each query ("--stem
# QUERY": with --stem): the top
# value is the result's score, each node the sum of its kids; md is CommonMark whose
# code block holds the text format's tree.
# explain.py title DB QUERY PATH: prints the title share of PATH's result (json).
cgsearch = os.environ["CGSEARCH"]
problems = []


def cg(db, *args):
    r = subprocess.run(["timeout", "20", cgsearch, "--db", db, *args], capture_output=True,
                       text=True)
    if r.returncode != 0 or r.stderr:
        problems.append(f"cgsearch {' '.join(args)}: status {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def split(query):
    """"--stem QUERY" is QUERY with --stem."""
    return (["--stem"], query[7:]) if query.startswith("--stem ") else ([], query)


def json_results(db, query, *more):
    out = []
    opts, query = split(query)
    for line in cg(db, "--explain", "--format", "json", *opts, *more, "--", query).splitlines():
        m = json.loads(line)
        if m["type"] == "begin":
            out.append(m["data"])
    return out


def check_json_node(e, where):
    """value, description and details; each node the sum of its details."""
    if set(e) != {"value", "description", "details"} or not isinstance(e["value"], float) \
            or not isinstance(e["description"], str) or not isinstance(e["details"], list):
        problems.append(f"{where}: not an explanation: {json.dumps(e)[:200]}")
        return 0
    n = 1
    if e["details"]:
        total = math.fsum(k["value"] for k in e["details"])
        if abs(total - e["value"]) > 1e-6 * max(abs(e["value"]), 1e-9):
            problems.append(f"{where}: {e['description']!r} is {e['value']!r}, "
                            f"its details sum to {total!r}")
        for i, k in enumerate(e["details"]):
            n += check_json_node(k, f"{where}/{i}")
    return n


def ulp4(v):
    """Half a unit of the 4th significant digit (%.4g), the text's precision."""
    return 0 if v == 0 else 0.5 * 10 ** (math.floor(math.log10(abs(v))) - 3)


def parse_tree(lines):
    """Indented lines "VALUE  DESCRIPTION" as (value, description, kids)."""
    root, stack = None, []
    for line in lines:
        m = re.match(r"( *)(\S+)  (.*)$", line)
        if not m:
            raise ValueError(f"not a node: {line!r}")
        node = (float(m.group(2)), m.group(3), [])
        depth = len(m.group(1)) // 2
        del stack[depth:]
        if stack:
            stack[-1][2].append(node)
        elif root is None:
            root = node
        else:
            raise ValueError(f"a second root: {line!r}")
        stack.append(node)
    return root


def check_tree(node, where):
    v, d, kids = node
    if kids:
        total = sum(k[0] for k in kids)
        if abs(total - v) > ulp4(v) + sum(ulp4(k[0]) for k in kids) + 1e-12:
            problems.append(f"{where}: {d!r} is {v}, its kids sum to {total}")
        for i, k in enumerate(kids):
            check_tree(k, f"{where}/{i}")


def text_results(db, query):
    """(path, printed score, explanation lines) of --format text."""
    out, cur = [], None
    opts, query = split(query)
    for line in cg(db, "--explain", "--format", "text", *opts, "--", query).splitlines():
        m = re.match(r"(\S.*):\d+  \(score (\S+), \d+ matching passages?\)$", line)
        if m:
            cur = [m.group(1), float(m.group(2)), []]
            out.append(cur)
        elif cur and (cur[2] or line.startswith("  ") and line.endswith("  score, the sum of:")):
            if line.strip():
                cur[2].append(line[2:])
    return out


cmark = None
if ctypes.util.find_library("cmark"):
    cmark = ctypes.CDLL(ctypes.util.find_library("cmark"))
    cmark.cmark_markdown_to_html.restype = ctypes.c_void_p
    cmark.cmark_markdown_to_html.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]


def md_results(db, query):
    """(path, printed score, code block) of --format md, read by libcmark."""
    opts, query = split(query)
    md = cg(db, "--explain", "--format", "md", *opts, "--", query).encode()
    p = cmark.cmark_markdown_to_html(md, len(md), 0)
    page = ctypes.string_at(p).decode()
    libc.free(p)
    heads = re.findall(r"<h2><code>(.*?):\d+</code> · score (\S+) · \d+ matching passages?</h2>",
                       page)
    codes = re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S)
    if len(heads) != len(codes):
        problems.append(f"md {query!r}: {len(heads)} results, {len(codes)} code blocks")
    return [(html.unescape(h[0]), float(h[1]), html.unescape(c)) for h, c in zip(heads, codes)]


def sums(db, queries):
    nodes = results = 0
    for q in queries:
        js = json_results(db, q)
        if not js:
            problems.append(f"json {q!r}: no result")
        for r in js:
            results += 1
            e = r.get("explanation")
            if e is None:
                problems.append(f"json {q!r}: {r['path']} has no explanation")
                continue
            if abs(e["value"] - r["score"]) > 1e-9 * abs(r["score"]):
                problems.append(f"json {q!r}: {r['path']['text']}: top {e['value']}, score {r['score']}")
            nodes += check_json_node(e, f"json {q!r} {r['path']['text']}")
        texts = text_results(db, q)
        if len(texts) != len(js):
            problems.append(f"text {q!r}: {len(texts)} results, json {len(js)}")
        for path, score, lines in texts:
            try:
                tree = parse_tree(lines)
            except ValueError as err:
                problems.append(f"text {q!r} {path}: {err}")
                continue
            if tree is None or abs(tree[0] - score) > 0.005 + ulp4(tree[0]) + 1e-12:
                problems.append(f"text {q!r} {path}: top {tree and tree[0]}, score {score}")
                continue
            check_tree(tree, f"text {q!r} {path}")
        if cmark is None:
            continue
        mds = md_results(db, q)
        if len(mds) != len(texts):
            problems.append(f"md {q!r}: {len(mds)} results, text {len(texts)}")
        for (path, score, code), (tpath, _, lines) in zip(mds, texts):
            if path != tpath or code != "".join(l + "\n" for l in lines):
                problems.append(f"md {q!r} {path}: the code block is not the text format's tree:"
                                f"\n{code}\n---\n" + "\n".join(lines))
                continue
            tree = parse_tree(code.splitlines())
            if abs(tree[0] - score) > 0.005 + ulp4(tree[0]) + 1e-12:
                problems.append(f"md {q!r} {path}: top {tree[0]}, score {score}")
    print(f"# {len(queries)} queries, {results} results, {nodes} JSON nodes checked"
          + ("" if cmark else "; libcmark not found: md not read"))


if sys.argv[1] == "sums":
    sums(sys.argv[2], sys.argv[3:])
elif sys.argv[1] == "title":
    db, query, path = sys.argv[2:5]
    for r in json_results(db, query, "-n", "0"):
        if r["path"]["text"] == path:
            shares = [k["value"] for k in r["explanation"]["details"]
                      if k["description"].startswith("title:")]
            print(" ".join(f"{v:.6g}" for v in shares))
            break
    else:
        problems.append(f"{path} is no result of {query!r}")
elif sys.argv[1] == "describe":  # the text node's description (BM25's parameters)
    db, query = sys.argv[2:4]
    r = json_results(db, query)
    print(r[0]["explanation"]["details"][0]["description"] if r else "no result")
for p in problems[:15]:
    print(p)
sys.exit(1 if problems else 0)
EOF

# ---- a. title: lists exactly the files whose title holds the piece

mkdir -p a/hand
(
    cd a/hand
    printf '\n\n# 安装指南 Install Guide\n\n正文里也说安装指南和系统配置说明。\n' >md.md
    printf '\xef\xbb\xbf\r\n---\r\n系统配置说明\r\n\r\n正文：软件打包入门、安装指南。\r\n' >bom.txt
    printf '.. include:: ../header.rst\n\n:Original: packaging.rst\n:翻译: 张三\n    李四 译者备注\n\n==========\n软件打包入门\n==========\n\n正文提到网络安全概论。\n' >rst.rst
    printf 'LS(1)                User Commands                LS(1)\n\nNAME\n       ls - list directory contents\n\nSYNOPSIS\n       ls [OPTION]... [FILE]...\n' >ls.1.txt
    printf 'LS(1)                用户命令                LS(1)\n\nNAME(名称)\n       ls - 列出目录内容\n\n总览(SYNOPSIS)\n       ls [选项] [文件]\n' >ls.zh.1.txt
    # a 400-byte first line, cut at 298 bytes (a character boundary): its end is no title
    q=天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜海咸河淡鳞潜羽翔龙师火帝鸟官人皇始制文字乃服衣裳推位让国有虞陶唐吊民伐罪周发殷汤坐朝问道垂拱平章爱育黎首臣伏戎羌遐迩一体率宾归王鸣凤在竹白驹食场化被草木赖及万方
    printf 'a%s\n\n正文。\n' "$q" >long.txt
    printf '无关标题\n\n安装指南 系统配置说明 软件打包入门 列出目录内容 网络安全概论 list directory contents install guide\n' >body-only.txt
    printf '***\n......\n====\n标点之后的标题\n' >punct.txt
    printf ':Author: 王五\n   继续的作者行\n真正标题在此\n' >fields.txt
    printf '網絡安全概論\n\n繁體標題的文件。\n' >trad.txt
    printf '网络安全概论 第二版\n\n简体。\n' >simp.txt
    printf 'Ｆｕｌｌ　Ｗｉｄｔｈ　标题\n' >wide.txt
    printf "Debian's Guide to README.Debian and package.symbols\n\nguide debian readme\n" >words.txt
)
[ "$(head -1 a/hand/long.txt | wc -c)" -gt 350 ] || fail "long.txt has a first line of over 350 bytes"

real_reason=
if [ -z "${CG_REAL_CORPUS:-}" ] || [ ! -d "$CG_REAL_CORPUS/maint-guide-zh-CN" ]; then
    real_reason="CG_REAL_CORPUS is not set (./check sets it)"
elif ! command -v uconv >/dev/null; then
    real_reason="uconv (icu-devtools) not installed: no reference for Traditional titles"
else
    mkdir -p a/real/chinese
    cp -r "$CG_REAL_CORPUS/maint-guide-zh-CN" "$CG_REAL_CORPUS/maint-guide-zh-TW" a/real/
    for d in tang300 song100; do
        [ ! -d "$CG_REAL_CORPUS/fortunes-zh/$d" ] || cp -r "$CG_REAL_CORPUS/fortunes-zh/$d" a/real/
    done
    # one in ten of the 5000 fortunes (their first lines, Simplified and Traditional)
    find "$CG_REAL_CORPUS/fortunes-zh/chinese" -name '*0.txt' -exec cp -t a/real/chinese/ {} +
fi
db=$scratch/a.db
run timeout 120 "$CGINDEX" -q --db "$db" a
expect_rc "cgindex indexes the title collection" 0

check "title: lists exactly the files whose title holds the piece (hand-made files)" \
    python3 title-ref.py a "$db" hand 100000
if [ -n "$real_reason" ]; then
    skip "title: lists exactly the files whose title holds the piece (real corpus)" "$real_reason"
else
    check "title: lists exactly the files whose title holds the piece (real corpus)" \
        python3 title-ref.py a "$db" real 4000
fi

# ---- b. known items: the page a title or heading names ranks first

mkdir -p k/pages
filler="It covers what to check first, which settings matter, and where the logs go."
zfiller="本页说明要先检查什么、哪些设置要紧、日志写在哪里。"
en_titles=("Network Bridges" "Disk Quotas" "Printer Sharing" "Time Zones" "Swap Files"
    "Boot Loaders" "Package Signing" "Mail Relays" "Firewall Zones" "Installing the Kernel")
zh_titles=(网络配置 磁盘配额 打印共享 时区设置 交换文件 引导程序 软件签名 邮件中继 防火墙区域 茶经)
i=0
for t in "${en_titles[@]}"; do
    i=$((i + 1))
    printf '# %s\n\nThis page is about %s. %s\n\nSee also %s.\n' "$t" "$t" "$filler" \
        "${en_titles[$(((i) % 10))]}" >"k/pages/en$i.md"
done
i=0
for t in "${zh_titles[@]}"; do
    i=$((i + 1))
    printf '%s\n\n本页讲%s。%s\n\n另见%s。\n' "$t" "$t" "$zfiller" "${zh_titles[$(((i) % 9))]}" \
        >"k/pages/zh$i.txt"
done
# section headings: Markdown, numbered (between prose), underlined
printf '\n## Creating a bridge\n\nUse ip link to add one.\n\n## Bridge filtering rules\n\nNetfilter sees bridged frames.\n' >>k/pages/en1.md
printf '\n## Setting soft limits\n\nedquota sets them.\n' >>k/pages/en2.md
printf '\n## Resizing swap space\n\nTurn it off first.\n' >>k/pages/en5.md
printf '\n1. 静态地址分配\n\n在接口文件里写地址。\n\n2. 域名解析设置\n\n编辑解析配置。\n' >>k/pages/zh1.txt
printf '\n内核参数传递\n============\n\n在菜单项里加参数。\n' >>k/pages/zh6.txt
# overview pages that name every title and heading, many times over
{
    printf '# Handbook index\n\n'
    for t in "${en_titles[@]}" "${zh_titles[@]}"; do
        printf -- '- %s: the page on %s. Read %s before asking about %s.\n' "$t" "$t" "$t" "$t"
    done
} >k/index.md
{
    printf 'Overview of the handbook\n\n'
    for t in "${en_titles[@]}"; do
        for n in 1 2 3 4 5; do printf '%s matter here (%s, part %s). %s\n' "$t" "$t" "$n" "$filler"; done
        printf '\n'
    done
} >k/overview-en.txt
{
    printf '手册概览\n\n'
    for t in "${zh_titles[@]}"; do
        for n in 1 2 3 4 5; do printf '%s很重要（%s，第%s部分）。%s\n' "$t" "$t" "$n" "$zfiller"; done
        printf '\n'
    done
} >k/overview-zh.txt
headings=("Creating a bridge" "Bridge filtering rules" "Setting soft limits" "Resizing swap space"
    静态地址分配 域名解析设置 内核参数传递)
heading_page=(en1.md en1.md en2.md en5.md zh1.txt zh1.txt zh6.txt)
{
    printf 'Contents\n\n'
    i=0
    for h in "${headings[@]}"; do i=$((i + 1)); printf '%s. %s\n' "$i" "$h"; done
    printf '\nEach section above is described below, in short.\n\n'
    for h in "${headings[@]}"; do printf '%s: see its page. %s again: %s.\n\n' "$h" "$h" "$h"; done
} >k/toc.txt
# a long file using a 2-character title 50 times
{
    printf '读书笔记\n\n'
    for n in $(seq 50); do printf '第%s条：茶经里说水要好，茶要新。\n' "$n"; done
} >k/tea-notes.txt
db=$scratch/k.db
run timeout 60 "$CGINDEX" -q --db "$db" k
expect_rc "cgindex indexes the known-item collection ($(find k -type f | wc -l) files)" 0

# first QUERY...: the best file of each query, one line each (-n $limit, in a batch).
limit=1
first() {
    local n=0 q
    for q in "$@"; do n=$((n + 1)); printf 'q%s\t%s\n' "$n" "$q"; done >queries.txt
    cg --format json -n "$limit" --batch queries.txt |
        python3 -c 'import json, sys
best = {}
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "begin":
        best.setdefault(int(m["data"]["query_id"][1:]), m["data"]["path"]["text"])
print("\n".join(best.get(i, "(nothing)") for i in range(1, int(sys.argv[1]) + 1)))' "$n"
}
# ranks_first NAME WANT QUERY...: each query's best file is WANT's (one per query).
ranks_first() {
    local name=$1 want=$2 got
    shift 2
    got=$(first "$@")
    if [ "$got" = "$want" ]; then pass "$name"; else
        fail "$name" "$(paste <(printf '%s\n' "$@") <(printf '%s\n' "$got") <(printf '%s\n' "$want") |
            awk -F'\t' '$2 != $3 { print "query \"" $1 "\": first " $2 ", want " $3 }')"
    fi
}

want=$(for i in $(seq 10); do echo "k/pages/en$i.md"; done)
ranks_first "known item: each English page's whole title ranks it first" "$want" "${en_titles[@]}"
ranks_first "... in lower case and with other punctuation" "$want" \
    $(for t in "${en_titles[@]}"; do printf '%s\n' "${t,,}" | sed 's/ /-/g'; done)
want=$(for i in $(seq 10); do echo "k/pages/zh$i.txt"; done)
ranks_first "known item: each Chinese page's whole title ranks it first" "$want" "${zh_titles[@]}"
ranks_first "... in Traditional characters and full width" "k/pages/zh1.txt
k/pages/zh2.txt
k/pages/en1.md" 網絡配置 磁盤配額 "Ｎｅｔｗｏｒｋ　Ｂｒｉｄｇｅｓ"
ranks_first "known item: so does each overview page's" "k/index.md
k/overview-en.txt
k/overview-zh.txt
k/toc.txt
k/tea-notes.txt" "Handbook index" "Overview of the handbook" 手册概览 Contents 读书笔记
want=$(for p in "${heading_page[@]:0:6}"; do echo "k/pages/$p"; done)
ranks_first "a section heading ranks its page first, above the contents page listing it" "$want" \
    "${headings[@]:0:6}"
run cg -l -- "${headings[0]}"
expect_in "... which lists the heading too" "k/toc.txt" "$out"
# The contents' last entry is followed by prose, so by cg_heading_next's rule it is a
# heading of the contents page (test-title.c, a_table_of_contents_is_no_heading); with
# the heading's share and the text's, that page outranks the page the heading heads.
# Real contents end so (maint-guide's index); a TODO until the rule knows better.
got=$(first "${headings[6]}")
if [ "$got" = "k/pages/${heading_page[6]}" ]; then
    todo ok "... the contents' last entry too" "the rule takes it for a heading"
else
    todo "not ok" "... the contents' last entry too" "the rule takes it for a heading ($got first)"
fi
ranks_first "a 2-character title beats a long file using it 50 times" "k/pages/zh10.txt" 茶经
run cg -l 茶经
expect_in "... which matches too" "k/tea-notes.txt" "$out"

# The best file does not depend on how many are asked for (Xapian prunes by weight
# bounds once it has N).
queries=("${en_titles[@]}" "${zh_titles[@]}" "${headings[@]}" "Zones Firewall" "Bridges Network"
    "Quotas Disk" "Kernel Installing" "配置 网络" "区域 防火墙" "Swap" "page" "本页" "see also")
limit=0
want=$(first "${queries[@]}")
limit=1
ranks_first "-n 1 gives the best file of -n 0 (${#queries[@]} queries)" "$want" "${queries[@]}"

# ---- c. query syntax: NOT, dashes between parts, title: with other parts

# same NAME QUERY OTHER: QUERY's answer (status, ranked text output, stderr) is OTHER's;
# differs NAME QUERY OTHER: it is not (so that `same` compares something).
same() {
    run cg --format text -n 0 -- "$3"
    local want="$rc $out $err"
    run cg --format text -n 0 -- "$2"
    expect_eq "$1" "$rc $out $err" "$want"
}
differs() {
    local a b
    a=$(cg --format text -n 0 -- "$2" 2>&1) || true
    b=$(cg --format text -n 0 -- "$3" 2>&1) || true
    [ "$a" != "$b" ] && pass "$1" || fail "$1" "'$2' and '$3' give the same: $a"
}
same "NOT x is -x" "Bridges NOT filtering" "Bridges -filtering"
differs "... which excludes something" "Bridges -filtering" "Bridges"
same "NOT x is -x (Chinese)" "设置 NOT 时区" "设置 -时区"
differs "... which excludes something" "设置 -时区" "设置"
same "NOT x is -x, first in the query" "NOT 时区 设置" "-时区 设置"
same "NOT title:x is -title:x" "NOT title:Bridges Network" "-title:Bridges Network"
same "A - B is A B" "Network - Bridges" "Network Bridges"
same "A — B is A B" "Network — Bridges" "Network Bridges"
same "A – B is A B" "Network – Bridges" "Network Bridges"
same "A - B is A B (Chinese)" "网络 - 配置" "网络 配置"
same "a dash before the first part is punctuation too" "— 网络配置" "网络配置"

# bad NAME QUERY: exit 2, one line on stderr naming the query, nothing on stdout.
bad() {
    run cg -- "$2"
    expect_eq "$1: exit 2, one error line naming the query, no output" \
        "$rc $(printf '%s\n' "$err" | wc -l) $(case $err in "cgsearch: error: "*"$2"*) echo named ;; esac) [$out]" \
        "2 1 named []"
}
bad "NOT alone" "NOT"
bad "NOT at the end" "Network NOT"
bad "NOT -x" "Network NOT -Bridges"
bad "NOT NOT x" "Network NOT NOT Bridges"
bad "NOT x alone (nothing left to search)" "NOT Network"

# title: with other parts, as sets of files (-l)
files() { cg -l -- "$1" | sort; }
for pair in "Bridges|Network" "配额|磁盘" "Zones|Firewall"; do
    x=${pair%%|*} y=${pair#*|}
    T=$(files "title:$x") L=$(files "$y")
    both=$(comm -12 <(echo "$T") <(echo "$L")) only=$(comm -13 <(echo "$T") <(echo "$L"))
    expect_eq "title:$x and $y: some files hold both, some $y only" \
        "$([ -n "$both" ] && [ -n "$only" ] && echo yes)" "yes"
    expect_eq "title:$x $y lists the files holding $y whose title holds $x" "$(files "title:$x $y")" "$both"
    expect_eq "-title:$x $y lists the files holding $y whose title does not hold $x" \
        "$(files "-title:$x $y")" "$only"
done
expect_eq "title:x OR title:y lists either's files" "$(files "title:Bridges OR title:配额")" \
    "$(printf '%s\n%s\n' "$(files title:Bridges)" "$(files title:配额)" | sort -u)"
expect_eq 'title:"a b" is a phrase of the title' "$(files 'title:"network bridges"')" "k/pages/en1.md"
run cg -l -- 'title:"Bridges Network"'
expect_eq '... in its order' "$rc [$out]" "1 []"
run cg -l -- 'title:filtering'
expect_eq 'title: does not look in the headings or the text' "$rc [$out]" "1 []"

# ---- d. --explain

check "--explain: top value = score, each node = the sum of its kids (json, text, md)" \
    python3 explain.py sums "$db" "Network Bridges" Bridges 网络配置 茶经 "title:Bridges Network" \
    "Network -Quotas" "网络 OR 磁盘" "Creating a bridge" "網絡配置" "Zones Firewall" \
    "--stem bridge" "--stem bridged network" "网" "本页 日志"
if [ -n "$real_reason" ]; then
    skip "--explain: the same on the real corpus" "$real_reason"
else
    check "--explain: the same on the real corpus" \
        python3 explain.py sums "$scratch/a.db" 构建软件包 "debian 软件包" "第 6 章 构建软件包" 李白
fi
run python3 explain.py title "$db" Bridges k/pages/en1.md
expect_eq "--explain: the title's share is > 0 for a file whose title holds the query" \
    "$rc $(awk '{ print ($1 > 0) }' <<<"$out")" "0 1"
run python3 explain.py title "$db" Bridges k/index.md
expect_eq "--explain: ... and 0 for one whose title does not" "$rc $out" "0 0"
run python3 explain.py describe "$db" Bridges
expect_in "--explain: the text's share names the BM25 parameters used (doc/cgsearch.1: k1 1, b 0)" \
    "BM25 (k1 1, b 0)" "$out"
run cg --explain --format html Bridges
expect_eq "--explain --format html: a <pre> block after each result's heading" \
    "$(grep -c '^<h2>' <<<"$out")" "$(grep -c '^<pre><code>' <<<"$out")"
for opts in "--format vimgrep" "--format trec" "-l" "-c"; do
    run cg --explain $opts Bridges
    expect_eq "--explain $opts: exit 2, a usage error, no output" \
        "$rc [$out] $(sed -n 1p <<<"$err") $(sed -n '2,$p' <<<"$err")" \
        "2 [] cgsearch: --explain goes with --format md, text, html or json Try 'cgsearch --help'."
done

# A part spanning a blank line never matches; as an alternative beside one that does,
# --explain shows it at 0 (it once took its missing subquery for a failed allocation).
run cg --explain --format text -n 1 "\"Bridges

Bridges\" OR Bridges"
expect_eq "--explain: a part that never matches, beside one that does, explains as 0" \
    "$rc $(printf '%s\n' "$out" | grep -c 'not in this document')" "0 1"

finish
