# tap.sh — a small TAP producer for the integration tests (sourced by them).
# Each check prints "ok N - name" or "not ok N - name" with details as comments;
# `finish` prints the plan and exits non-zero when anything failed.
tap_n=0
tap_failed=0

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
    tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    shift
    for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

# run CMD...: runs it, keeping stdout, stderr and the status in $out, $err, $rc.
run() {
    local o e
    o=$(mktemp) e=$(mktemp)
    set +e
    "$@" >"$o" 2>"$e"
    rc=$?
    set -e
    out=$(cat "$o") err=$(cat "$e")
    rm -f "$o" "$e"
}

expect_rc() { # NAME WANT
    if [ "$rc" = "$2" ]; then pass "$1"; else fail "$1" "exit status $rc, want $2" "stdout: $out" "stderr: $err"; fi
}
expect_in() { # NAME NEEDLE HAYSTACK
    case "$3" in *"$2"*) pass "$1" ;; *) fail "$1" "missing: $2" "in: $3" ;; esac
}
expect_not_in() { # NAME NEEDLE HAYSTACK
    case "$3" in *"$2"*) fail "$1" "unexpected: $2" "in: $3" ;; *) pass "$1" ;; esac
}
expect_eq() { # NAME GOT WANT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3"; fi
}

finish() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}

# A scratch directory removed on exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cgtest.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
