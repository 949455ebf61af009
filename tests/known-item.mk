# bench/known-item.py, the known-item ranking benchmark's judge, on a hand-made corpus
# (tests/known-item.sh). Not under ASan: it tests a Python script's rules.
TESTS += tests/known-item.sh
EXTRA_DIST += tests/known-item.sh
