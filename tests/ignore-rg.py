#!/usr/bin/env python3
"""ignore-rg.py — random trees of files and ignore files, random --glob/--iglob
options: what cgindex indexes must be what `rg --files` lists (run by ignore.sh).

Usage: ignore-rg.py WORKDIR ROUNDS. The rounds are seeded 0..ROUNDS-1, so a failure
is reproducible; prints one line per differing round and exits 1 if any differed.
ripgrep reads .rgignore where cgindex reads .cgsearchignore: both are written alike.
"""
import os
import random
import shutil
import subprocess
import sys

CGINDEX, CGSEARCH = os.environ['CGINDEX'], os.environ['CGSEARCH']
NAMES = ['a', 'b', 'ab', 'a.txt', 'b.log', 'c.md', 'x', '.h', '.h.txt', 'dir', 'sub',
         'Ab.TXT', 'a b', 'a[1]', 'q1', '#c', '!n']
FRAGS = ['a', 'b', '*', '?', '**', '[ab]', '[!a]', '.txt', '.log', 'x', 'sub', 'dir',
         '.h', '\\*', 'A', '[a-c]', '\\#c', '\\!n', '[]a]']
IGNORE_FILES = ('.gitignore', '.ignore', '.cgsearchignore', '.rgignore')


def pattern(rnd):
    parts = [''.join(rnd.choice(FRAGS) for _ in range(rnd.randint(1, 2)))
             for _ in range(rnd.randint(1, 3))]
    p = '/'.join(parts)
    if rnd.random() < 0.2:
        p = '/' + p
    if rnd.random() < 0.2:
        p += '/'
    if rnd.random() < 0.25:
        p = '!' + p
    return p


def tree(rnd, root, depth):
    for name in rnd.sample(NAMES, rnd.randint(2, 6)):
        path = os.path.join(root, name)
        if depth < 3 and rnd.random() < 0.35:
            os.makedirs(path, exist_ok=True)
            tree(rnd, path, depth + 1)
        elif not os.path.exists(path):
            with open(path, 'w') as f:
                f.write('zqmarker\n')
    for name in IGNORE_FILES[:3]:
        if rnd.random() < 0.4:
            lines = [pattern(rnd) for _ in range(rnd.randint(1, 4))]
            if rnd.random() < 0.2:
                lines.insert(0, '# a comment')
            with open(os.path.join(root, name), 'w') as f:
                f.write('\n'.join(lines) + '\n')
            if name == '.cgsearchignore':
                shutil.copy(os.path.join(root, name), os.path.join(root, '.rgignore'))


def lines(data, keep):
    return sorted(l for l in data.decode('utf-8', 'replace').split('\n') if l and keep(l))


def main():
    work, rounds = sys.argv[1], int(sys.argv[2])
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, '.config'))
    bad = 0
    for seed in range(rounds):
        rnd = random.Random(seed)
        base = os.path.join(work, 'r')
        shutil.rmtree(base, ignore_errors=True)
        top = os.path.join(base, 't')
        os.makedirs(top)
        tree(rnd, top, 0)
        if rnd.random() < 0.6:
            os.makedirs(os.path.join(top, '.git'))
        flags = []
        for _ in range(rnd.choice([0, 0, 1, 2])):
            flags += [rnd.choice(['-g', '--iglob']), pattern(rnd)]
        if rnd.random() < 0.15:
            flags.append('--no-ignore')
        rg = subprocess.run(['rg', '--files'] + flags, cwd=top, capture_output=True, env=env)
        # Ignore files hold no zqmarker: a glob that brings one back is left out.
        want = lines(rg.stdout, lambda l: os.path.basename(l) not in IGNORE_FILES)
        ci = subprocess.run([CGINDEX, '-q', '-j1', '--db', os.path.join(base, 'db')] + flags + ['.'],
                            cwd=top, capture_output=True)
        if ci.returncode != 0:
            print(f'seed {seed} {flags}: cgindex exit {ci.returncode}: {ci.stderr.decode()[:200]}')
            bad += 1
            continue
        cs = subprocess.run([CGSEARCH, '--db', os.path.join(base, 'db'), '-l', '-n', '0', 'zqmarker'],
                            cwd=top, capture_output=True)
        got = lines(cs.stdout, lambda l: True)
        if got != want:
            bad += 1
            print(f'seed {seed} {flags}: only rg: {sorted(set(want) - set(got))}; '
                  f'only cgindex: {sorted(set(got) - set(want))}')
    print(f'{rounds} rounds, {bad} differing')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
