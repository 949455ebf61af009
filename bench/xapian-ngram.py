#!/usr/bin/python3
"""Baseline indexer for bench/run: Xapian's own CJK n-gram indexing.

usage: xapian-ngram.py CORPUS_DIR DB_DIR

One Xapian document per corpus file (*.txt outside dot-folders, the same set
the other tools index), text through TermGenerator with FLAG_CJK_NGRAM
(CJK unigrams + bigrams), positions on (index_text, not
index_text_without_positions), no stemmer, Xapian's default flush threshold.
The path relative to CORPUS_DIR is the document data.  This is what a user
gets from Xapian out of the box, so it is the yardstick for cgindex --jobs 1.
Run with the system python (/usr/bin/python3), which has python3-xapian.
"""
import os
import sys

import xapian


def corpus_files(root):
    """Yield paths relative to root, sorted, as find(1) would select them."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in sorted(filenames):
            if name.endswith('.txt') and not name.startswith('.'):
                full = os.path.join(dirpath, name)
                if os.path.isfile(full) and not os.path.islink(full):
                    yield os.path.relpath(full, root)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: xapian-ngram.py CORPUS_DIR DB_DIR')
    root, dbdir = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.dirname(os.path.abspath(dbdir)), exist_ok=True)
    db = xapian.WritableDatabase(dbdir, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    ndocs = 0
    for rel in corpus_files(root):
        with open(os.path.join(root, rel), 'rb') as f:
            text = f.read().decode('utf-8', errors='replace')
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(rel)
        db.add_document(doc)
        ndocs += 1
    db.commit()
    db.close()
    print('xapian-ngram.py: indexed %d files into %s' % (ndocs, dbdir), file=sys.stderr)


if __name__ == '__main__':
    main()
