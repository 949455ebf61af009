# bench/run --scale on the repository's tiny corpus (tests/scale-smoke.sh): the scale
# harness works end to end, within a fixed budget. Not under ASan: it tests a script.
TESTS += tests/scale-smoke.sh
EXTRA_DIST += tests/scale-smoke.sh
