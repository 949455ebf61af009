#!/usr/bin/env python3
"""formats.py — cgsearch's formats for programs and editors, against the tools they
imitate: --format json against `rg --json -F`, --format vimgrep against
`rg --vimgrep -F`, over real files (the repository's corpus/ and, when
CG_REAL_CORPUS is set, Debian's maint-guide in both scripts); batch runs against
single queries in every format; the long-lived `--batch -` process; TREC topic
files; exit statuses, --color and stderr in every format. Prints TAP."""
import json, os, random, re, select, shutil, subprocess, sys, tempfile, time

CGINDEX, CGSEARCH = os.environ["CGINDEX"], os.environ["CGSEARCH"]
n = failed = 0


def ok(name, cond, *details):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {name}")
    else:
        failed += 1
        print(f"not ok {n} - {name}")
        for d in details:
            for line in str(d).splitlines()[:40]:
                print(f"# {line}")
    sys.stdout.flush()


scratch = tempfile.mkdtemp(prefix="cgformats.")
os.chdir(scratch)
os.makedirs("coll/seeds")
for f in os.listdir(os.environ["CG_CORPUS"]):
    if f.endswith(".txt"):
        shutil.copy(os.path.join(os.environ["CG_CORPUS"], f), "coll/seeds")
real = os.environ.get("CG_REAL_CORPUS", "")
for sub in ("maint-guide-zh-CN", "maint-guide-zh-TW"):
    if real and os.path.isdir(os.path.join(real, sub)):
        shutil.copytree(os.path.join(real, sub), os.path.join("coll", sub))
# Matches across hard line breaks, and a Traditional twin of a Simplified line.
with open("coll/wrapped.txt", "w") as f:
    f.write("前言\n中华人民\n共和国成立于一九四九年。人民共和的理想\n\n人民\n共和\n")
with open("coll/twin.txt", "w") as f:
    f.write("這是網絡安全的問題。\n这是网络安全的问题。\n")
subprocess.run([CGINDEX, "-q", "--db", "db", "coll"], check=True)


def cg(*args, stdin=None):
    return subprocess.run([CGSEARCH, "--db", "db", *args], input=stdin, capture_output=True)


def rg(*args):
    return subprocess.run(["rg", "--sort", "path", *args, "coll"], capture_output=True)


# ---- queries: literal Simplified Han strings taken from the Simplified files
rnd = random.Random(int(os.environ.get("CG_FORMATS_SEED", "7")))
han = re.compile(r"[\u4e00-\u9fff]{2,}")
runs = []
for root, _, files in os.walk("coll"):
    for f in sorted(files):
        if "zh-TW" in root or f == "000_8c3011d7f1518200.txt" or f == "twin.txt":
            continue  # Traditional text: its literal strings change under folding
        with open(os.path.join(root, f), encoding="utf-8") as fh:
            runs += han.findall(fh.read())
runs.sort()
queries = ["布达佩斯公约", "网络", "的", "公约", "人民共和", "软件包", "网络安全"]
while len(queries) < 40 and runs:
    r = rnd.choice(runs)
    k = rnd.randint(2, min(5, len(r)))
    i = rnd.randint(0, len(r) - k)
    if r[i:i + k] not in queries:
        queries.append(r[i:i + k])


def json_matches(out):
    """{(path, line, offset, (submatch ranges))} from JSON Lines (ours or rg's)."""
    got = {}
    for line in out.decode().splitlines():
        m = json.loads(line)
        if m["type"] == "match":
            d = m["data"]
            key = (d["path"]["text"], d["line_number"], d["absolute_offset"])
            got[key] = (d["lines"]["text"],
                        tuple((s["start"], s["end"], s["match"]["text"]) for s in d["submatches"]))
    return got


mismatch = []
extras_literal = []
checked = 0
for q in queries:
    ours = cg("--format", "json", "--all-passages", "-n", "0", q)
    theirs = rg("--json", "-F", q)
    if ours.returncode not in (0, 1) or theirs.returncode not in (0, 1):
        mismatch.append(f"{q}: exit {ours.returncode} / rg {theirs.returncode}: {ours.stderr!r}")
        continue
    # wrapped.txt's line-spanning matches are the multiline test's, below.
    a = {k: v for k, v in json_matches(ours.stdout).items() if k[0] != "coll/wrapped.txt"}
    b = {k: v for k, v in json_matches(theirs.stdout).items() if k[0] != "coll/wrapped.txt"}
    for key, val in b.items():
        checked += 1
        if a.get(key) != val:
            mismatch.append(f"{q}: rg {key} {val[1]} / cgsearch {a.get(key, (None, None))[1]}")
    for key, (text, subs) in a.items():
        if key in b:
            continue
        # Ours alone: a match rg -F cannot see (other script, a line break inside).
        for s, e, t in subs:
            if t == q:
                extras_literal.append(f"{q}: {key} {s}-{e}")
ok(f"json: every rg --json -F match of {len(queries)} literal queries, the same path, line, "
   f"offset and submatches ({checked} lines)", not mismatch and checked > 50, *mismatch)
ok("json: the matches rg does not list are not literal (other script or across a line break)",
   not extras_literal, *extras_literal)

# A match across a hard line break spans two lines, as in ripgrep's multiline mode
# (rg -U with a pattern that allows the line break).
ours = json_matches(cg("--format", "json", "--all-passages", "-n", "0", "人民共和").stdout)
multi = ["rg", "-U", "人民\n?共和", "coll/wrapped.txt"]
want = json_matches(subprocess.run(multi[:2] + ["--json"] + multi[2:], capture_output=True).stdout)
wrapped = {k: v for k, v in ours.items() if k[0] == "coll/wrapped.txt"}
ok("json: a match across a line break takes both lines (rg -U)", wrapped == want and len(wrapped) == 2,
   f"ours {wrapped}", f"rg {want}")
ours = [l for l in cg("--format", "vimgrep", "--all-passages", "-n", "0", "人民共和").stdout.decode().splitlines()
        if l.startswith("coll/wrapped.txt:")]
want = subprocess.run(multi[:2] + ["--vimgrep"] + multi[2:], capture_output=True).stdout.decode()
want = [l.replace("coll/wrapped.txt:", "coll/wrapped.txt:", 1) for l in want.splitlines()]
ok("vimgrep: a match across a line break is listed at its first line (rg -U)",
   ours == [("coll/wrapped.txt:" + l if not l.startswith("coll/") else l) for l in want], ours, want)

# Character and UTF-16 offsets beside the byte offsets.
m = [json.loads(l) for l in cg("--format", "json", "--all-passages", "-n", "0", "安全").stdout.decode().splitlines()]
units_ok = []
for msg in m:
    if msg["type"] != "match":
        continue
    text = msg["data"]["lines"]["text"]
    for s in msg["data"]["submatches"]:
        pre = text.encode()[:s["start"]].decode()
        units_ok.append(s["start_char"] == len(pre) and s["end_char"] - s["start_char"] == 2
                        and s["start_utf16"] == len(pre.encode("utf-16-le")) // 2
                        and "score" in msg["data"] and "rank" in msg["data"])
ok("json: start_char/end_char and start_utf16/end_utf16 count characters and UTF-16 units",
   units_ok and all(units_ok), m[:3])
kinds = [x["type"] for x in m]
ok("json: begin, match..., end per file and a final summary",
   kinds and kinds[0] == "begin" and kinds[-1] == "summary" and kinds.count("begin") == kinds.count("end"),
   kinds)

# ---- vimgrep against rg --vimgrep
mismatch, extras_literal, checked = [], [], 0
for q in queries:
    ours = set(cg("--format", "vimgrep", "--all-passages", "-n", "0", q).stdout.decode().splitlines())
    theirs = set(rg("--vimgrep", "-F", q).stdout.decode().splitlines())
    checked += len(theirs)
    for line in sorted(theirs - ours):
        mismatch.append(f"{q}: rg only: {line[:120]}")
    for line in sorted(ours - theirs):
        path, ln, col, text = line.split(":", 3)
        if text.encode()[int(col) - 1:].startswith(q.encode()):
            extras_literal.append(f"{q}: cgsearch only: {line[:120]}")
ok(f"vimgrep: every rg --vimgrep -F line of {len(queries)} literal queries ({checked} lines)",
   not mismatch and checked > 50, *mismatch)
ok("vimgrep: the lines rg does not list are not literal matches", not extras_literal, *extras_literal)

# ---- batch = single queries, in every format, for 100 queries
batch_queries = (queries * 3)[:94] + ["鳄鱼冰箱", "公约 -布达佩斯", "CLOUD Act", '"Budapest Convention"',
                                       "网络 OR 軟體", "debian"]
batch_queries = batch_queries[:100]
with open("batch.txt", "w") as f:
    f.write("# one hundred queries\n\n")
    for i, q in enumerate(batch_queries):
        f.write(f"q{i}\t{q}\n")
modes = [["--format", x] for x in ("md", "text", "html", "json", "vimgrep", "trec")] + [["-l"], ["-c"]]
for mode in modes:
    extra = ["--all-passages"] if mode[-1] in ("json", "vimgrep") else []
    b = cg(*mode, *extra, "--batch", "batch.txt")
    want, got = [], b.stdout.decode().splitlines(keepends=True)
    for i, q in enumerate(batch_queries):
        one = cg(*mode, *extra, q).stdout.decode().splitlines(keepends=True)
        qid = f"q{i}"
        if mode[-1] == "md":
            want += [f"# query {qid}: {q}\n", "\n"] + one
        elif mode[-1] == "html":
            want += [f"<h1>query {qid}: {q}</h1>\n".replace('"', "&quot;")] + one
        elif mode[-1] == "text":
            want += [f"# query {qid}: {q}\n"] + one
        elif mode[-1] == "trec":
            want += [qid + l[1:] for l in one]
        elif mode[-1] == "json":
            for l in one:
                msg = json.loads(l)
                msg["data"]["query_id"] = qid
                want.append(msg)
        else:
            want += [f"{qid}\t{l}" for l in one]
    if mode[-1] == "json":
        def strip(msgs):
            for msg in msgs:
                for k in ("elapsed_total", "stats"):
                    msg["data"].pop(k, None)
            return msgs
        gotm = strip([json.loads(l) for l in got])
        final = gotm.pop() if gotm and "query_id" not in gotm[-1]["data"] else None
        got, want = gotm, strip(want)
        ok("json batch: a final summary over all queries", final is not None and final["type"] == "summary")
    diff = [f"line {i}: got {g!r} want {w!r}" for i, (g, w) in enumerate(zip(got, want)) if g != w][:5]
    ok(f"batch of 100 queries = 100 single queries: {' '.join(mode + extra)}",
       b.returncode == 0 and got == want, f"exit {b.returncode}, {len(got)} vs {len(want)} lines",
       *diff, b.stderr.decode()[:300])

# ---- TREC topic files
with open("topics.txt", "w") as f:
    f.write("<top>\n<num> Number: 401\n<title> 布达佩斯公约\n\n<desc> Description:\nignored\n</top>\n\n"
            "<top>\n<num> Number: 402\n<title> Topic: 网络\n反恐\n</top>\n")
t = cg("--format", "trec", "--batch", "topics.txt")
lines = t.stdout.decode().splitlines()
ok("TREC topics: <num> is the query id, <title> the query (over two lines)",
   t.returncode == 0 and lines and lines[0].startswith("401 Q0 coll/seeds/003_") and
   any(l.startswith("402 Q0 coll/seeds/000_") for l in lines) and
   all(l.split()[0] in ("401", "402") for l in lines), t.stdout.decode(), t.stderr.decode())
fields = [l.split() for l in lines]
ok("trec: QID Q0 DOCID RANK SCORE cgsearch, ranks 1.. per query",
   all(len(x) == 6 and x[1] == "Q0" and x[5] == "cgsearch" and float(x[4]) > 0 for x in fields)
   and [x[3] for x in fields if x[0] == "402"] == [str(i + 1) for i in range(sum(x[0] == "402" for x in fields))],
   lines)
tp = cg("--format", "trec", "--all-passages", "-n", "0", "布达佩斯公约").stdout.decode().split("\n")
ok("trec --all-passages: one line per passage, DOCID path#line",
   tp[0].startswith("1 Q0 coll/seeds/003_6d43e2085fc33fdc.txt#15 1 ") and
   tp[1].startswith("1 Q0 coll/seeds/003_6d43e2085fc33fdc.txt#23 2 "), tp)
scores = [x[4] for x in fields]
ok("trec: distinct scores print distinct",
   len(set(scores)) == len(set(float(s) for s in scores)), scores)

# ---- the long-lived process: an answer per query line, before stdin closes
p = subprocess.Popen([CGSEARCH, "--db", "db", "--format", "json", "--batch", "-"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_answer(qid, deadline=20):
    msgs, buf, end = [], b"", time.time() + deadline
    while time.time() < end:
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if not r:
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            msgs.append(json.loads(line))
            if msgs[-1]["type"] == "summary" and msgs[-1]["data"].get("query_id") == qid:
                return msgs
    return None


p.stdin.write("a\t布达佩斯公约\n".encode())
p.stdin.flush()
first = read_answer("a")
alone = [json.loads(l) for l in cg("--format", "json", "布达佩斯公约").stdout.decode().splitlines()]
ok("--batch -: the first answer arrives whole while stdin is still open",
   first is not None and [m["type"] for m in first] == [m["type"] for m in alone]
   and sum(m["type"] == "match" for m in first) >= 1, first)
p.stdin.write("b\t鳄鱼冰箱\n".encode())
p.stdin.flush()
second = read_answer("b")
ok("--batch -: a second query, no match: its summary alone",
   second is not None and [m["type"] for m in second] == ["summary"], second)
p.stdin.close()
rest = p.stdout.read()
rc = p.wait(timeout=20)
ok("--batch -: after stdin closes, the final summary and exit 0",
   rc == 0 and json.loads(rest)["type"] == "summary", rc, rest)
p.stdout.close()
p.stderr.close()

# ---- exit statuses, stdout and stderr, and colour, in every format
for mode in modes:
    hit, miss, bad = cg(*mode, "公约"), cg(*mode, "鳄鱼冰箱"), cg(*mode, '"')
    ok(f"{' '.join(mode)}: exit 0 / 1 / 2; nothing on stdout but results; one line on stderr",
       hit.returncode == 0 and hit.stdout and not hit.stderr and
       miss.returncode == 1 and (not miss.stdout or mode[-1] == "json") and not miss.stderr and
       bad.returncode == 2 and (not bad.stdout) and bad.stderr.count(b"\n") == 1,
       hit.returncode, miss.returncode, miss.stdout[:200], bad.returncode, bad.stderr, bad.stdout[:200])
esc = b"\x1b["
for mode, colors in ((["--format", "vimgrep"], True), (["--format", "text"], True), (["-l"], True),
                     (["--format", "json"], False), (["--format", "trec"], False), (["--format", "html"], False)):
    on = cg(*mode, "--color", "always", "公约").stdout
    off = cg(*mode, "--color", "never", "公约").stdout
    ok(f"{' '.join(mode)}: --color always {'colours' if colors else 'leaves it plain'}, never is plain",
       (esc in on) == colors and esc not in off, on[:200])
u = cg("--format", "json", "-l", "x")
ok("-l and --format json: a usage error", u.returncode == 2 and b"do not go together" in u.stderr, u.stderr)

shutil.rmtree(scratch)
print(f"1..{n}")
sys.exit(1 if failed else 0)
