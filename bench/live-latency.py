#!/usr/bin/python3
"""Per-query latency of a long-lived cgsearch, beside one process per query.

usage: live-latency.py CGSEARCH DB BATCH_TSV N

An editor keeps one `cgsearch --format json --batch -` open and sends queries as
the user types. This sends the first N queries of BATCH_TSV (ID<TAB>QUERY) one at
a time, each only after the previous answer's closing summary arrived, and times
each from the write to that summary. Then it runs the same N queries as separate
processes (`cgsearch --format json QUERY`, the whole-process figure), alternating
nothing else in between. Prints one line: N, median and p95 ms of each mode.
"""
import json
import os
import select
import subprocess
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def main():
    cgsearch, db, tsv, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    queries = []
    with open(tsv, encoding='utf-8') as f:
        for line in f:
            qid, _, q = line.rstrip('\n').partition('\t')
            queries.append((qid, q))
    queries = queries[:n]
    proc = subprocess.Popen([cgsearch, '--db', db, '--format', 'json', '-n', '10',
                             '--batch', '-'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    live, buf = [], b''
    for qid, q in queries:
        t0 = time.perf_counter()
        proc.stdin.write(f'{qid}\t{q}\n'.encode())
        proc.stdin.flush()
        done = False
        while not done:
            r, _, _ = select.select([proc.stdout], [], [], 30)
            if not r:
                sys.exit(f'live-latency: no answer to query {qid} within 30 s')
            chunk = os.read(proc.stdout.fileno(), 1 << 16)
            if not chunk:
                sys.exit('live-latency: cgsearch closed its output')
            buf += chunk
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                m = json.loads(line)
                if m['type'] == 'summary' and m['data'].get('query_id') == qid:
                    done = True
        live.append((time.perf_counter() - t0) * 1000)
    proc.stdin.close()
    proc.stdout.read()
    if proc.wait() not in (0, 1):
        sys.exit('live-latency: cgsearch failed')
    whole = []
    for _, q in queries:
        t0 = time.perf_counter()
        subprocess.run([cgsearch, '--db', db, '--format', 'json', '-n', '10', q],
                       stdout=subprocess.DEVNULL)
        whole.append((time.perf_counter() - t0) * 1000)
    print(len(queries), '%.2f' % pct(live, .5), '%.2f' % pct(live, .95),
          '%.2f' % pct(whole, .5), '%.2f' % pct(whole, .95))


main()
