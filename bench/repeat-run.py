#!/usr/bin/python3
"""Latency of a whole process, for bench/run.

usage: repeat-run.py RUNS OKCODES CMD [ARG...]

Runs CMD once untimed (so every tool starts with warm caches), then RUNS
times, each timed with the monotonic clock from just before the fork to
just after the exit.  Standard output goes into a pipe that is read to the
end, as when a user pipes the results on; that also keeps a tool from
seeing a terminal.  OKCODES is a comma-separated list of acceptable exit
statuses (grep-style tools exit 1 when nothing matched); any other status
is a tool failure: its stderr is shown and this script exits 2.

Prints one line: median_ms p95_ms min_ms (p95 by nearest rank).
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


def main():
    if len(sys.argv) < 4:
        sys.exit('usage: repeat-run.py RUNS OKCODES CMD [ARG...]')
    runs = int(sys.argv[1])
    ok = {int(c) for c in sys.argv[2].split(',')}
    cmd = sys.argv[3:]
    if runs < 1:
        sys.exit('repeat-run.py: RUNS must be at least 1')
    run_once(cmd, ok)
    ms = sorted(run_once(cmd, ok) for _ in range(runs))
    n = len(ms)
    median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
    p95 = ms[max(0, math.ceil(0.95 * n) - 1)]
    print('%.3f %.3f %.3f' % (median, p95, ms[0]))


if __name__ == '__main__':
    main()
