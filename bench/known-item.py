#!/usr/bin/python3
"""Known-item ranking benchmark for bench/run (bench/README.md, issue 17).

usage: known-item.py --corpus DIR --queries-out FILE
                     [--cgsearch BIN --cg-db DB] [--xapian-db DB] [--fts5-db FILE]
                     [--markdown-out FILE]

A user remembers a page's title or one of its section headings, whole or in
part, and searches for it: the page should come first.  This script makes
such queries from the corpus itself (build-corpus.sh's layout), with its own
knowledge of each source format, independent of how cgsearch finds titles:
it is the judge, so it reuses no cgsearch code.

  title    a page's title, as the page gives it (the first line of an HTML
           page, the NAME line of a man page, the RST document title of a
           kernel document);
  heading  a section heading of a page without its section number
           ("6.1.1. 語法" -> "語法"): the words a user remembers;
  piece    a contiguous piece of a title, 3-8 characters, cut at token
           boundaries (never inside an English word; spaces between words
           kept, no other punctuation), that no title or heading of any
           other family contains.

A family is a page and its twin in the other script (same path, zh-CN <->
zh-TW or zh_CN <-> zh_TW swapped in the package and file names); any page of
the query's family is a right answer.  Whole titles and headings are kept
only when no other family has the same text as a title or heading.  Queries
have at least 2 Han characters and come from Simplified (zh-CN, zh_CN and
untagged Chinese packages) and Traditional (zh-TW, zh_TW) pages; LibreOffice
help (kept for a held-out test) and fortunes-zh give none, though LibreOffice
titles count as other families' titles.  Each query falls in the "tune" or
the "test" half by a hash of its family, so twins never straddle the halves:
tune on one, report both.  Everything is deterministic (fixed seed, sorted
walks): the same corpus gives the same queries.

Scores per tool: MRR@10 (1/rank of the first right answer in the top 10, else
0), success@1 and success@10, per half, by kind and by script.  A query a
tool refuses (an error) or answers with nothing scores 0; refusals are
counted.  The tools, on the same queries:

  cgsearch  one batch run: cgsearch --db DB --batch FILE --format trec -n 10
  xapian    the FLAG_CJK_NGRAM index of bench/xapian-ngram.py, QueryParser with
            FLAG_CJK_NGRAM | FLAG_DEFAULT, default operator AND, BM25, the
            query as typed
  fts5      the trigram table docs(path UNINDEXED, body) of bench/run, each
            whitespace-separated part of 3+ characters as a quoted phrase,
            ANDed, ORDER BY bm25(docs) LIMIT 10; a shorter part is required
            with instr(lower(body), lower(part)) (LIKE on a trigram table
            matches nothing for fewer than 3 characters); a query with no
            part of 3+ characters cannot be ranked by bm25() and counts as
            refused

Run with /usr/bin/python3 (python3-xapian is only installed there).
"""
import argparse
import hashlib
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

SEED = 20261201
TARGET = 100            # queries per kind and script: 3 kinds x 2 scripts
PIECE_MIN, PIECE_MAX = 3, 8
TOPN = 10

SKIP_QUERIES = ('libreoffice-help-', 'fortunes-zh')   # never a query source
SKIP_NAMES = ('fortunes-zh',)                          # no titles at all

HAN = re.compile(r'[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]')
SCRIPT_TAG = re.compile(r'zh([-_])(cn|tw)', re.IGNORECASE)


def han_count(s):
    return len(HAN.findall(s))


def norm(s):
    """Text as compared for uniqueness: NFKC, case-folded, spaces collapsed."""
    return ' '.join(unicodedata.normalize('NFKC', s).casefold().split())


def clean(s):
    """A line as a user would copy it: outer spaces gone, inner runs one space."""
    return ' '.join(s.split())


def script_of(pkg):
    if re.search(r'zh[-_]tw', pkg, re.IGNORECASE):
        return 'hant'
    if re.search(r'zh[-_]cn', pkg, re.IGNORECASE) or re.search(r'-zh($|[-_])', pkg):
        return 'hans'
    return None


def family_of(rel):
    """The same key for a page and its twin in the other script."""
    return SCRIPT_TAG.sub(lambda m: 'zh' + m.group(1) + '@', rel)


def half_of(family):
    return 'tune' if hashlib.sha1(family.encode()).digest()[0] % 2 == 0 else 'test'


# ---- titles and headings, per source format --------------------------------

# A DocBook-style section number: "6.1.1. ", "A.2. ", "2.3 ", "第 2 章 ", "章 8. ".
SECTION_NUMBER = re.compile(
    r'^(?:第\s*\d+\s*章\s*|章\s*\d+\.?\s*|[A-Z]\.(?:\d+\.)*\d*\.?\s+|'
    r'\d{1,2}(?:\.\d{1,3})+\.?\s+|\d{1,2}\.\s+)')


# An author's own number in a heading's text: "1、", "2）", "3) ".
OWN_NUMBER = re.compile(r'^\d{1,2}\s*[、）)]\s*')


def strip_number(line):
    return SECTION_NUMBER.sub('', line, count=1)


def heading_text(line):
    """A heading without its numbers ("10.1.3.3. 3. 服务要求" -> "服务要求"),
    or '' when the line reads as a sentence or a list item, not a heading."""
    s = line
    for _ in range(2):
        s = OWN_NUMBER.sub('', strip_number(s))
    if len(s) > 40 or re.search(r'[。；;]', s) or s[:1] in '(（-–—*':
        return ''
    return s


def html_page(lines):
    """First line: the <title> (build-corpus.sh keeps it first); headings:
    numbered lines that are not part of a table of contents (a run of 3 or
    more numbered lines in a row, none repeated)."""
    title = clean(lines[0]) if lines else ''
    numbered = [bool(SECTION_NUMBER.match(clean(l))) and han_count(l) > 0 for l in lines]
    heads = []
    i = 0
    while i < len(lines):
        if not numbered[i]:
            i += 1
            continue
        # The run ends where a line repeats one of it: the table of contents
        # is over, and the body's first heading follows it directly.
        j, run = i, set()
        while j < len(lines) and numbered[j] and clean(lines[j]) not in run:
            run.add(clean(lines[j]))
            j += 1
        if j - i < 3:
            for k in range(i, j):
                heads.append(heading_text(clean(lines[k])))
        i = j
    return title, heads


MAN_NAME_WORDS = re.compile(r'NAME|名称|名稱|名字|命令名')


def man_page(lines):
    """The line under the NAME / 名称 header (the page's header line and
    rules of underscores come first); a page with no header has its NAME line
    indented right away."""
    for i, line in enumerate(lines[1:], 1):
        s = line.strip()
        if not s or set(s) == {'_'}:
            continue
        if line[:1].isspace():
            return clean(s), []
        if MAN_NAME_WORDS.match(s) and not re.sub(r'[\s()\[\]（）]', '', MAN_NAME_WORDS.sub('', s)):
            for nxt in lines[i + 1:]:
                if nxt.strip():
                    return clean(nxt), []
        return '', []
    return '', []


RST_ADORN = re.compile(r'^([=\-~^*#"+`\':.])\1{2,}\s*$')


def rst_page(lines):
    """reStructuredText: headings are lines underlined (and maybe overlined)
    with a repeated punctuation character; the first is the title.
    Directives (.. include::), fields (:Original:) and literal text are no
    headings."""
    heads = []
    for i in range(len(lines) - 1):
        text = lines[i].rstrip()
        if not text or text[0].isspace() or RST_ADORN.match(text):
            continue
        if text.startswith('..') or text.startswith(':'):
            continue
        if RST_ADORN.match(lines[i + 1]) and len(lines[i + 1].strip()) >= 2:
            # Inline markup is not what a reader sees: _`target`, ``literal``, **strong**.
            heads.append(clean(re.sub(r'_?`+([^`]*)`+_?|\*\*([^*]*)\*\*',
                                      lambda m: m.group(1) or m.group(2) or '', text)))
    if not heads:
        return '', []
    return heads[0], [heading_text(h) for h in heads[1:]]


def page_names(pkg, lines):
    if pkg.startswith('manpages'):
        return man_page(lines)
    if pkg.startswith('linux-doc'):
        return rst_page(lines)
    if pkg.startswith('gnome-help') or pkg.startswith('libreoffice-help'):
        return (clean(lines[0]) if lines else ''), []   # no heading markup
    return html_page(lines)


def corpus_files(root):
    """The corpus's files as bench/xapian-ngram.py selects them (one rule for all)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'xapian_ngram', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'xapian-ngram.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.corpus_files(root)


def corpus_pages(root):
    """(package, path relative to root), sorted, *.txt outside dot-folders."""
    for rel in corpus_files(root):
        yield rel.split(os.sep)[0], rel


def read_pages(root):
    pages = []          # (pkg, rel, title, headings)
    for pkg, rel in corpus_pages(root):
        if pkg.startswith(SKIP_NAMES) or os.sep not in rel:
            continue
        with open(os.path.join(root, rel), 'rb') as f:
            data = f.read()
        if pkg.startswith('libreoffice-help-'):
            data = data[:4096]      # only its title matters (a competitor)
        lines = data.decode('utf-8', errors='replace').splitlines()
        title, heads = page_names(pkg, lines)
        pages.append((pkg, rel, title, heads))
    return pages


# ---- queries -----------------------------------------------------------------

# A token: a Han character, or a Latin word or number ("2.4", "apt-get" whole).
TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.'-][A-Za-z0-9_]+)*|" + HAN.pattern)


def pieces(title):
    """Every span of 3-8 characters of the title cut at token boundaries, with
    only spaces between its tokens and at least 2 Han characters, one of its
    ends at a firm boundary (the title's start or end, a space or punctuation,
    or between Latin and Han).  The other end may cut a run of Han characters
    anywhere: the judge has no word dictionary of its own (and ICU's, which
    cgsearch uses, would favour cgsearch)."""
    toks = [(m.start(), m.end(), bool(HAN.match(m.group()))) for m in TOKEN.finditer(title)]

    def firm(i, j):
        """Whether the boundary between tokens i and j (-1 or len: outside) is firm."""
        if i < 0 or j >= len(toks):
            return True
        return bool(title[toks[i][1]:toks[j][0]]) or toks[i][2] != toks[j][2]

    out = []
    for i in range(len(toks)):
        for j in range(i, len(toks)):
            if j > i and title[toks[j - 1][1]:toks[j][0]].strip():
                break                       # punctuation between tokens
            s, e = toks[i][0], toks[j][1]
            if e - s > PIECE_MAX:
                break
            piece = title[s:e]
            if e - s >= PIECE_MIN and han_count(piece) >= 2 and (firm(i - 1, i) or firm(j, j + 1)):
                out.append(piece)
    return out


def stable_rng(*parts):
    h = hashlib.sha1(('\0'.join([str(SEED)] + list(parts))).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


def make_queries(root):
    pages = read_pages(root)
    members = {}                 # family -> [rel]
    names = {}                   # family -> set of normalized titles/headings
    for pkg, rel, title, heads in pages:
        fam = family_of(rel)
        members.setdefault(fam, []).append(rel)
        ns = names.setdefault(fam, set())
        for n in [title, strip_number(title), heading_text(title)] + heads:
            if n:
                ns.add(norm(n))
    owners = {}                  # normalized name -> families that have it
    for fam, ns in names.items():
        for n in ns:
            owners.setdefault(n, set()).add(fam)
    # Which names hold a character: a piece is looked for only in the names
    # holding all of its Han characters.
    by_char = {}
    for n in owners:
        for ch in set(HAN.findall(n)):
            by_char.setdefault(ch, set()).add(n)

    def contained_elsewhere(piece, fam):
        p = norm(piece)
        sets = sorted((by_char.get(ch, set()) for ch in set(HAN.findall(p))), key=len)
        maybe = set.intersection(*sets) if sets else set(owners)
        return any(p in n and owners[n] != {fam} for n in maybe)

    cands = {}                   # (kind, script) -> {query: candidate}
    seen = set()                 # (kind, normalized query) already a candidate
    for pkg, rel, title, heads in pages:
        script = script_of(pkg)
        if script is None or pkg.startswith(SKIP_QUERIES):
            continue
        fam = family_of(rel)

        def add(kind, q):
            if han_count(q) < 2 or q.startswith('-') or '\t' in q:
                return
            # The same text in both scripts ("debc 命令") is one query.
            if (kind, norm(q)) in seen:
                return
            seen.add((kind, norm(q)))
            c = cands.setdefault((kind, script), {})
            c.setdefault(q, (q, kind, script, fam, pkg, rel))

        if title and owners.get(norm(title)) == {fam}:
            add('title', title)
        for h in heads:
            if h and owners.get(norm(h)) == {fam} and norm(h) != norm(strip_number(title)):
                add('heading', h)
        base = strip_number(title)
        if base:
            opts = [p for p in pieces(base) if norm(p) != norm(base)]
            stable_rng('piece', rel).shuffle(opts)
            for p in opts[:8]:                  # the first that is unique
                if not contained_elsewhere(p, fam):
                    add('piece', p)
                    break

    # Balance the sources: per kind and script, take candidates in turn from
    # each package, each package's own order shuffled with the fixed seed.
    chosen = []
    for key in sorted(cands):
        by_pkg = {}
        for q in sorted(cands[key]):
            c = cands[key][q]
            by_pkg.setdefault(c[4], []).append(c)
        for p, lst in by_pkg.items():
            stable_rng('order', key[0], key[1], p).shuffle(lst)
            # Spread over the package's pages: every family's first
            # candidate, then every second one... (a chapter has many
            # headings, and a family falls in one half as a whole).
            seen = {}
            nth = []
            for c in lst:
                seen[c[3]] = seen.get(c[3], 0) + 1
                nth.append(seen[c[3]])
            lst[:] = [c for _, c in sorted(zip(nth, lst), key=lambda t: t[0])]
        pkgs = sorted(by_pkg)
        picked, i = [], 0
        while len(picked) < TARGET and any(by_pkg.values()):
            p = pkgs[i % len(pkgs)]
            if by_pkg[p]:
                picked.append(by_pkg[p].pop(0))
            i += 1
        chosen.extend(picked)

    queries = []
    for n, (q, kind, script, fam, pkg, rel) in enumerate(chosen, 1):
        queries.append({'id': 'k%03d' % n, 'query': q, 'kind': kind, 'script': script,
                        'half': half_of(fam), 'source': rel,
                        'relevant': sorted(members[fam])})
    return queries


def write_queries(queries, path):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# id\tquery\tkind\tscript\thalf\tsource\trelevant (|-separated)\n')
        for q in queries:
            f.write('\t'.join([q['id'], q['query'], q['kind'], q['script'], q['half'],
                               q['source'], '|'.join(q['relevant'])]) + '\n')


# ---- the tools ------------------------------------------------------------------

def dedup(paths):
    seen, out = set(), []
    for p in paths:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def suffix_mapper(known):
    """Corpus-relative paths from paths of any copy: the longest suffix that
    is a known corpus path."""
    def rel(path):
        parts = path.split('/')
        for i in range(len(parts)):
            s = '/'.join(parts[i:])
            if s in known:
                return s
        return path
    return rel


def run_cgsearch(binary, db, queries, known):
    ranked = {q['id']: [] for q in queries}
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.tsv') as f:
        for q in queries:
            f.write('%s\t%s\n' % (q['id'], q['query']))
        f.flush()
        p = subprocess.run([binary, '--db', db, '--batch', f.name, '--format', 'trec',
                            '-n', str(TOPN)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL)
    if p.returncode not in (0, 1, 2):
        sys.exit('known-item.py: error: cgsearch failed (status %d): %s' %
                 (p.returncode, p.stderr.decode(errors='replace').strip()[:300]))
    rel = suffix_mapper(known)
    for line in p.stdout.decode('utf-8', errors='replace').splitlines():
        f = line.split(' ')
        if len(f) < 6 or f[1] != 'Q0' or f[0] not in ranked:
            continue
        ranked[f[0]].append(rel(' '.join(f[2:-3])))
    # A refused query has an error line on stderr naming it; count those with
    # no result (an error after some results does not undo them).
    err = p.stderr.decode('utf-8', errors='replace')
    refused = {q['id'] for q in queries if not ranked[q['id']] and
               re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(q['id']), err)}
    if p.returncode == 2 and not refused:
        sys.exit('known-item.py: error: cgsearch failed: %s' % err.strip()[:300])
    return {k: dedup(v)[:TOPN] for k, v in ranked.items()}, refused


def run_xapian(dbpath, queries, known):
    import xapian
    db = xapian.Database(dbpath)
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_AND)
    flags = xapian.QueryParser.FLAG_CJK_NGRAM | xapian.QueryParser.FLAG_DEFAULT
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    rel = suffix_mapper(known)
    ranked, refused = {}, set()
    for q in queries:
        try:
            enq.set_query(qp.parse_query(q['query'], flags))
            mset = enq.get_mset(0, TOPN)
        except xapian.Error:
            refused.add(q['id'])
            ranked[q['id']] = []
            continue
        ranked[q['id']] = dedup(rel(m.document.get_data().decode('utf-8', 'replace'))
                                for m in mset)
    return ranked, refused


def fts5_query(text):
    parts = text.split()
    longp = [p for p in parts if len(p) >= 3]
    short = [p for p in parts if len(p) < 3]
    if not longp:
        return None
    match = ' AND '.join('"%s"' % p.replace('"', '""') for p in longp)
    return match, short


def run_fts5(path, queries, known):
    con = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    rel = suffix_mapper(known)
    ranked, refused = {}, set()
    for q in queries:
        fq = fts5_query(q['query'])
        if fq is None:
            refused.add(q['id'])
            ranked[q['id']] = []
            continue
        match, short = fq
        sql = 'SELECT path FROM docs WHERE docs MATCH ?'
        args = [match]
        for s in short:
            # Not LIKE: on a trigram table, LIKE with fewer than 3 characters
            # between wildcards matches nothing (SQLite 3.40).
            sql += ' AND instr(lower(body), lower(?)) > 0'
            args.append(s)
        sql += ' ORDER BY bm25(docs) LIMIT %d' % TOPN
        try:
            rows = con.execute(sql, args).fetchall()
        except sqlite3.Error:
            refused.add(q['id'])
            ranked[q['id']] = []
            continue
        ranked[q['id']] = dedup(rel(r[0]) for r in rows)
    con.close()
    return ranked, refused


# ---- scores -------------------------------------------------------------------

def score(queries, ranked):
    """Per query id: (reciprocal rank within TOPN, hit@1, hit@10)."""
    out = {}
    for q in queries:
        rr = 0.0
        relevant = set(q['relevant'])
        for i, path in enumerate(ranked.get(q['id'], [])[:TOPN], 1):
            if path in relevant:
                rr = 1.0 / i
                break
        out[q['id']] = (rr, 1.0 if rr == 1.0 else 0.0, 1.0 if rr > 0 else 0.0)
    return out


def mean(vals):
    return sum(vals) / len(vals) if vals else float('nan')


SUBSETS = [('all', lambda q: True),
           ('title', lambda q: q['kind'] == 'title'),
           ('heading', lambda q: q['kind'] == 'heading'),
           ('piece', lambda q: q['kind'] == 'piece'),
           ('hans', lambda q: q['script'] == 'hans'),
           ('hant', lambda q: q['script'] == 'hant')]


def summarize(queries, scores):
    """{(half, subset): (n, mrr, s1, s10)}"""
    table = {}
    for half in ('tune', 'test'):
        for name, pred in SUBSETS:
            qs = [q for q in queries if q['half'] == half and pred(q)]
            s = [scores[q['id']] for q in qs]
            table[(half, name)] = (len(qs), mean([x[0] for x in s]),
                                   mean([x[1] for x in s]), mean([x[2] for x in s]))
    return table


def fmt(x):
    return 'n/a' if x != x else '%.3f' % x


def print_table(results, queries):
    print('known-item: %d queries (%s)' % (len(queries), ', '.join(
        '%s %d' % (k, sum(1 for q in queries if q['kind'] == k))
        for k in ('title', 'heading', 'piece'))))
    print('%-9s %-5s %-8s %4s %7s %6s %6s' % ('tool', 'half', 'subset', 'n', 'MRR@10', 'S@1', 'S@10'))
    for tool, (table, refused) in results.items():
        for half in ('tune', 'test'):
            for name, _ in SUBSETS:
                n, mrr, s1, s10 = table[(half, name)]
                print('%-9s %-5s %-8s %4d %7s %6s %6s' % (tool, half, name, n, fmt(mrr), fmt(s1), fmt(s10)))
        print('%-9s refused %d' % (tool, len(refused)))


def markdown(results, queries):
    nq = len(queries)
    count = lambda **kw: sum(1 for q in queries if all(q[k] == v for k, v in kw.items()))
    lines = ['## Known-item ranking', '',
             'A user looks for a page whose title or a section heading they remember, whole',
             'or in part; the page should come first (`bench/known-item.py`, bench/README.md).',
             '%d queries made from the corpus: %d whole titles, %d section headings (without' % (
                 nq, count(kind='title'), count(kind='heading')),
             'their number), %d pieces of 3–8 characters of a title that no other title or' % count(kind='piece'),
             'heading holds; %d Simplified, %d Traditional. The right answer is the page or' % (
                 count(script='hans'), count(script='hant')),
             'its twin in the other script. The queries fall in two halves by a hash of',
             'the page: choose ranking methods on `tune` (%d queries), judge them on `test` (%d).' % (
                 count(half='tune'), count(half='test')),
             'Top 10 of each tool: cgsearch in one `--batch` run (`--format trec -n 10`),',
             'Xapian `FLAG_CJK_NGRAM` BM25 (default operator AND), FTS5 trigram `bm25()`',
             '(each part a quoted phrase; a query with no part of 3+ characters cannot be',
             "ranked and counts as refused; Xapian's QueryParser refuses some mixes of Latin",
             'words and Han, e.g. `rules 文件中的 Target`). MRR@10: mean of 1/rank of the first right',
             'answer (0 when none in the top 10); S@1, S@10: share found at rank 1, in the',
             'top 10.', '',
             '| tool | half | queries | MRR@10 | S@1 | S@10 | title | heading | piece | hans | hant | refused |',
             '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for tool, (table, refused) in results.items():
        for half in ('tune', 'test'):
            n, mrr, s1, s10 = table[(half, 'all')]
            sub = [fmt(table[(half, k)][1]) for k in ('title', 'heading', 'piece', 'hans', 'hant')]
            nref = sum(1 for q in queries if q['half'] == half and q['id'] in refused)
            lines.append('| %s | %s | %d | %s | %s | %s | %s | %d |' % (
                tool, half, n, fmt(mrr), fmt(s1), fmt(s10), ' | '.join(sub), nref))
    lines += ['', 'title … hant: MRR@10 of the queries of that kind or script in the half.', '']
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(description='Known-item ranking benchmark (bench/README.md).')
    ap.add_argument('--corpus', required=True, help='the corpus (build-corpus.sh layout)')
    ap.add_argument('--queries-out', required=True, help='write the query set here (TSV)')
    ap.add_argument('--cgsearch', help='the cgsearch program')
    ap.add_argument('--cg-db', help='its index of the corpus')
    ap.add_argument('--xapian-db', help='the bench/xapian-ngram.py index of the corpus')
    ap.add_argument('--fts5-db', help="bench/run's FTS5 trigram database")
    ap.add_argument('--markdown-out', help="write the RESULTS.md section here")
    a = ap.parse_args()
    if bool(a.cgsearch) != bool(a.cg_db):
        ap.error('--cgsearch and --cg-db go together')
    if not os.path.isdir(a.corpus):
        sys.exit('known-item.py: error: %s: not a directory' % a.corpus)

    queries = make_queries(a.corpus)
    write_queries(queries, a.queries_out)
    known = set()
    for q in queries:
        known.update(q['relevant'])
    tools = []
    if a.cgsearch:
        tools.append(('cgsearch', lambda: run_cgsearch(a.cgsearch, a.cg_db, queries, known)))
    if a.xapian_db:
        tools.append(('xapian', lambda: run_xapian(a.xapian_db, queries, known)))
    if a.fts5_db:
        tools.append(('fts5', lambda: run_fts5(a.fts5_db, queries, known)))
    results = {}
    for name, run in tools:
        # No query (a corpus without Chinese titles): nothing to ask the tool.
        ranked, refused = run() if queries else ({}, set())
        results[name] = (summarize(queries, score(queries, ranked)), refused)
    if a.markdown_out:
        with open(a.markdown_out, 'w', encoding='utf-8') as f:
            f.write(markdown(results, queries))
    print_table(results, queries)


if __name__ == '__main__':
    main()
