#!/bin/sh
# formats.sh — the output formats for programs and editors (tests/formats.py).
exec python3 "$CG_SRCDIR/tests/formats.py"
