#!/usr/bin/python3
"""Batch query file for bench/run: N real substrings of the corpus.

usage: batch-queries.py CORPUS_DIR N SEED

Writes N lines `ID<TAB>QUERY` to stdout.  Each query is a run of 2 to 6
consecutive Han characters copied from a corpus file (*.txt outside
dot-folders), so every query has at least one match and the lengths cover
the common 2-6 character range.  Files, positions and lengths are drawn
with random.Random(SEED) from the sorted file list: the same corpus and
seed give the same file, byte for byte.
"""
import os
import random
import re
import sys

HAN_RUN = re.compile('[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}')


def corpus_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith('.')]
        for name in filenames:
            if name.endswith('.txt') and not name.startswith('.'):
                out.append(os.path.join(dirpath, name))
    return sorted(out)


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: batch-queries.py CORPUS_DIR N SEED')
    root, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    runs_of = {}
    for path in corpus_files(root):
        with open(path, 'rb') as f:
            runs = HAN_RUN.findall(f.read().decode('utf-8', errors='replace'))
        if runs:
            runs_of[path] = runs
    files = sorted(runs_of)
    if not files:
        sys.exit('batch-queries.py: no run of 2+ Han characters in %s' % root)
    for i in range(n):
        runs = runs_of[rng.choice(files)]
        run = rng.choice(runs)
        length = rng.randint(2, min(6, len(run)))
        start = rng.randint(0, len(run) - length)
        sys.stdout.write('q%04d\t%s\n' % (i + 1, run[start:start + length]))


if __name__ == '__main__':
    main()
