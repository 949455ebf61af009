# What cgindex lists: ignore files and globs (compared with `rg --files`), and files
# that must never stop or hang a run (FIFOs, devices, broken links, odd names).
# INTEGRATION_TESTS (tests/Makefile.mk) puts them in TESTS and EXTRA_DIST, and ./check
# runs them under ASan and UBSan too.
INTEGRATION_TESTS += tests/ignore.sh tests/badfiles.sh
EXTRA_DIST += tests/ignore-rg.py
