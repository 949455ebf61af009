#!/usr/bin/python3
"""Latency of whole processes, for bench/run.

usage: repeat-run.py RUNS OKCODES CMD [ARG...] [--also OKCODES CMD [ARG...]]...

Runs each CMD once untimed (so every tool starts with warm caches), then RUNS
rounds, each running every CMD once in turn, timed with the monotonic clock
from just before the fork to just after the exit.  Taking turns within each
round means a burst of load from elsewhere on a shared machine falls on all
the tools compared, not on whichever was being timed.  Standard output goes
into a pipe that is read to the end, as when a user pipes the results on;
that also keeps a tool from seeing a terminal.  OKCODES is a comma-separated
list of acceptable exit statuses (grep-style tools exit 1 when nothing
matched); any other status is a tool failure: its stderr is shown and this
script exits 2.

Prints one line per CMD, in order: median_ms p95_ms min_ms (p95 by nearest
rank).
"""
import math
import subprocess
import sys
import time


def run_once(cmd, ok):
    t0 = time.monotonic_ns()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    _, err = p.communicate()
    t1 = time.monotonic_ns()
    if p.returncode not in ok:
        sys.stderr.write(err.decode('utf-8', errors='replace'))
        sys.exit('repeat-run.py: %r exited with status %d' % (cmd, p.returncode))
    return (t1 - t0) / 1e6


def parse(args):
    """[(okcodes, cmd), ...] from OKCODES CMD... [--also OKCODES CMD...]..."""
    jobs, cur = [], []
    for a in args + ['--also']:
        if a != '--also':
            cur.append(a)
            continue
        if len(cur) < 2:
            sys.exit('repeat-run.py: each command needs OKCODES and CMD')
        jobs.append(({int(c) for c in cur[0].split(',')}, cur[1:]))
        cur = []
    return jobs


def summary(ms):
    ms = sorted(ms)
    n = len(ms)
    median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
    p95 = ms[max(0, math.ceil(0.95 * n) - 1)]
    return '%.3f %.3f %.3f' % (median, p95, ms[0])


def main():
    if len(sys.argv) < 4:
        sys.exit('usage: repeat-run.py RUNS OKCODES CMD [ARG...] [--also OKCODES CMD [ARG...]]...')
    runs = int(sys.argv[1])
    if runs < 1:
        sys.exit('repeat-run.py: RUNS must be at least 1')
    jobs = parse(sys.argv[2:])
    for ok, cmd in jobs:
        run_once(cmd, ok)
    times = [[] for _ in jobs]
    for _ in range(runs):
        for k, (ok, cmd) in enumerate(jobs):
            times[k].append(run_once(cmd, ok))
    for t in times:
        print(summary(t))


if __name__ == '__main__':
    main()
