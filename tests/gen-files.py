#!/usr/bin/env python3
"""gen-files.py — a generated collection for the indexer's tests: N files below
DEST/gNN/ (in FOLDERS folders), each holding LINES consecutive non-blank lines of the
seed documents (SEEDS/*.txt), every 7th line in turn; with MAXCHARS, each line is cut
to that many characters and a line break added.

Usage: gen-files.py SEEDS DEST N FOLDERS LINES [MAXCHARS]"""
import os
import sys

seeds, dest, n, folders, nlines = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
maxchars = int(sys.argv[6]) if len(sys.argv) > 6 else 0
lines = [l for f in sorted(os.listdir(seeds)) if f.endswith('.txt')
         for l in open(os.path.join(seeds, f), encoding='utf-8') if l.strip()]
for i in range(n):
    d = os.path.join(dest, 'g%02d' % (i % folders))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'f%04d.txt' % i), 'w', encoding='utf-8') as f:
        for k in range(nlines):
            line = lines[(i * 7 + k) % len(lines)]
            f.write(line[:maxchars] + '\n' if maxchars else line)
