# deps.sh — the Debian packages the project needs, and a function that installs the
# missing ones with apt-get (sourced by ./quickstart and ./check).
BUILD_PACKAGES=(build-essential autoconf automake libtool pkg-config
                libxapian-dev libicu-dev libcmark-dev libjansson-dev)
# Tests: Criterion; the benchmark's rivals (ripgrep, SQLite FTS5, Xapian's own
# n-gram indexing through python3-xapian) and its corpus builder (groff, python3);
# the editors whose plugins the tests drive (Vim, Neovim, Emacs); man, bash-completion
# and zsh, which tests/install.sh asks to find the man pages and to complete;
# clang and its libFuzzer runtime (tests/fuzz/), valgrind (tests/valgrind.sh), and
# xapian-tools' xapian-check (tests/writer.sh, crash.sh, diskfull.sh; fuzz-index asks
# it about each damaged index) and xapian-tcpsrv (tests/remote.sh); icu-devtools'
# uconv, the Traditional→Simplified reference of tests/ranking.sh; gnuplot-nox, which
# draws bench/run --scale's curves (tests/scale-smoke.sh).
TEST_PACKAGES=(libcriterion-dev xapian-tools python3 python3-xapian sqlite3 ripgrep icu-devtools
               groff-base time bsdutils vim-nox neovim emacs-nox
               man-db bash-completion zsh clang libclang-rt-dev valgrind gnuplot-nox)

ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
        exit 2
    fi
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
