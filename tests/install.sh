#!/bin/bash
# install.sh — `make install` into a scratch DESTDIR, then what was installed, used
# the way a user would: the programs (index the corpus, answer a query, every
# example of README.md), the man pages (found by man, no groff warning, every
# option of --help documented), the bash and zsh completions (sourced or loaded by
# the real shells and asked to complete), the editor plugins when the tree has
# them; then `make uninstall` leaves no file. Also ./quickstart's closing hint.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

# make check runs the tests in the top build directory.
build=$(pwd)
if [ ! -f "$build/Makefile" ] || [ ! -x "$build/config.status" ]; then
    echo "Bail out! not run from the build directory (no Makefile in $build)"
    exit 1
fi
# A make of our own: the one running make check passes down its flags (-j with the
# jobserver's descriptors, which this make does not get, -s, and variables given on
# its command line such as TESTS=...) through the environment.
mk() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u GNUMAKEFLAGS \
        ${MAKE:-make} -C "$build" --no-print-directory "$@"
}
# mkvar NAME: the value of a make variable of this build, fully expanded.
# (The last line: anything else is make's, if it had to remake the Makefile first.)
mkvar() { printf 'cg-print-var:\n\t@echo $(%s)\n' "$1" | mk -s -f Makefile -f - cg-print-var | tail -n1; }

prefix=$(mkvar prefix)
bindir=$(mkvar bindir)
man1dir=$(mkvar man1dir)
mandir=$(mkvar mandir)
datadir=$(mkvar datadir)
bashcompdir=$(mkvar bashcompletiondir)
zshcompdir=$(mkvar zshcompletiondir)
version=$(mkvar VERSION)
cs_prefix=$(./config.status --config | grep -oE -- "--prefix=[^' ]*" | sed 's/^--prefix=//' || true)
expect_eq "the Makefile's prefix is configure's --prefix (or its default)" "$prefix" "${cs_prefix:-/usr/local}"
outside=
for d in "$bindir" "$man1dir" "$datadir" "$bashcompdir" "$zshcompdir"; do
    case $d in "$prefix"/*) ;; *) outside="$outside $d" ;; esac
done
expect_eq "the installation directories are below the prefix" "$outside" ""

root=$scratch/root
run mk install DESTDIR="$root"
expect_rc "make install DESTDIR=... succeeds" 0
[ "$rc" = 0 ] || { finish; exit 1; }

outside=$(cd "$root" && find . ! -type d | sed 's|^\.||' | grep -v "^$prefix/" || true)
expect_eq "every installed file is under DESTDIR + the configured prefix ($prefix)" "$outside" ""

# --- README.md's table of what goes where, against what was installed ---
readme=$CG_SRCDIR/README.md
n=0 missing=
for f in $(sed -n '/^## Install/,/^## /p' "$readme" | grep '^|' | grep -oE '`PREFIX/[^`]*`' | tr -d '`'); do
    case $f in
    PREFIX/share/vim/* | PREFIX/share/nvim/*) [ -d "$CG_SRCDIR/searcher/editors/vim" ] || continue ;;
    PREFIX/share/emacs/*) [ -d "$CG_SRCDIR/searcher/editors/emacs" ] || continue ;;
    esac
    n=$((n + 1))
    [ -f "$root$prefix/${f#PREFIX/}" ] || missing="$missing $f"
done
expect_eq "every file README.md's Install table names is installed there ($n files)" "$missing" ""
[ "$n" -ge 5 ] || fail "README.md's Install table names the installed files" "found $n"

# --- the programs ---
for p in cgsearch cgindex; do
    if [ -x "$root$bindir/$p" ]; then pass "$p is installed in bindir"; else fail "$p is installed in bindir" "no $root$bindir/$p"; fi
    run "$root$bindir/$p" --version
    expect_in "the installed $p runs (--version)" "$p $version " "$out"
done
export PATH="$root$bindir:$PATH"
unset CGSEARCH_DB
mkdir "$scratch/coll"
cp -R "$CG_CORPUS" "$scratch/coll/corpus"
run sh -c 'cd "$1" && cgindex -q corpus && cgsearch -l 布达佩斯公约' _ "$scratch/coll"
expect_rc "the installed cgindex indexes the corpus and the installed cgsearch answers" 0
expect_eq "布达佩斯公约 is found in the Simplified seed" "$out" "corpus/003_6d43e2085fc33fdc.txt"

# --- every example of README.md, with the installed programs on PATH ---
# A command is a "$ " line in a fenced block, its expected output the lines below it
# ("..." ends what is shown). Each runs in a fresh copy of the corpus indexed as
# ./quickstart indexes it; durations and rates are left out of the comparison.
# ./quickstart and ./check are not installed programs: their lines are skipped.
norm() { sed -E 's/[0-9]+\.[0-9]+ (s|MB\/s)/N \1/g'; }
n_examples=0
while IFS= read -r -d '' ex; do
    ex=${ex%$'\n'}
    cmd=${ex%%$'\n'*}
    want=
    case $ex in *$'\n'*) want=${ex#*$'\n'} ;; esac
    want=${want%%$'\n...'*}
    [ "$want" = ... ] && want=
    n_examples=$((n_examples + 1))
    dir=$scratch/readme$n_examples
    mkdir "$dir"
    cp -R "$CG_CORPUS" "$dir/corpus"
    (cd "$dir" && cgindex -q --db .cgsearch corpus)
    run bash -c 'cd "$1" && eval "$2" 2>&1' _ "$dir" "$cmd"
    got=
    [ -n "$want" ] && got=$(printf '%s\n' "$out" | head -n "$(printf '%s\n' "$want" | wc -l)")
    if [ "$rc" = 0 ] && [ "$(printf '%s\n' "$got" | norm)" = "$(printf '%s\n' "$want" | norm)" ]; then
        pass "README example: $cmd"
    else
        fail "README example: $cmd" "exit status $rc" "want:" "$want" "got:" "$out"
    fi
done < <(awk '
    /^```/ { if (inblock) flush(); inblock = !inblock; next }
    inblock && /^\$ / { flush(); cmd = substr($0, 3); if (cmd ~ /^\.\//) cmd = ""; next }
    inblock && cmd != "" { want = want "\n" $0 }
    function flush() { if (cmd != "") printf "%s%s\n%c", cmd, want, 0; cmd = ""; want = "" }
    END { flush() }' "$readme")
if [ "$n_examples" -ge 5 ]; then pass "README.md has examples to run ($n_examples)"; else fail "README.md has examples to run" "found $n_examples"; fi

# --- man pages ---
# The options --help lists: "-x" and "--long" at the start of its option lines.
help_options() { "$root$bindir/$1" --help | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
    grep -oE -- '--?[A-Za-z][-A-Za-z]*'; }
# The tags of a section of the rendered page (one per line), as the reader sees them:
# no hyphenation, no line wrapping.
render() { groff -man -Tutf8 -rLL=2000n -rHY=0 -P-cbou "$1" 2>/dev/null; }
# (A tag shorter than the indent shares its line with the text: two spaces end it.)
man_tags() { # PAGE SECTION
    render "$1" | awk -v sec="$2" '/^[A-Z]/ { on = ($0 == sec); next }
        on && /^       [^ ]/ { sub(/^ +/, ""); sub(/  .*/, ""); print }'
}
for p in cgsearch cgindex; do
    page=$root$man1dir/$p.1
    if [ -f "$page" ]; then pass "$p.1 is installed in man1dir"; else fail "$p.1 is installed in man1dir" "no $page"; continue; fi
    if cmp -s "$page" "$CG_SRCDIR/doc/$p.1"; then pass "$p.1 installed as written"; else fail "$p.1 installed as written"; fi
    run env MANPATH="$root$mandir" man -w "$p"
    expect_eq "man finds $p(1) in the installed mandir" "$out" "$page"
    run groff -man -Tutf8 -ww -z "$page"
    expect_eq "$p.1 renders with no groff warning (groff -man -Tutf8 -ww)" "$rc:$err" "0:"
    run env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page"
    expect_eq "man --warnings -l $p.1: no warning" "$rc:$err" "0:"
    sections="NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS ENVIRONMENT FILES EXAMPLES SEE_ALSO"
    [ "$p" = cgsearch ] && sections="$sections QUERY_SYNTAX OUTPUT_FORMATS"
    missing=
    for sec in $sections; do render "$page" | grep -qx "${sec//_/ }" || missing="$missing $sec"; done
    expect_eq "$p.1 has the sections $sections" "$missing" ""
    tags=$(man_tags "$page" OPTIONS)
    opts=$(help_options "$p")
    missing=
    for o in $opts; do
        printf '%s\n' "$tags" | grep -qE -- "(^|[ ,])$o([ ,=]|$)" || missing="$missing $o"
    done
    expect_eq "every option of $p --help ($(echo $opts | wc -w)) is an entry of OPTIONS in $p.1" "$missing" ""
    [ "$(echo $opts | wc -w)" -ge 7 ] || fail "$p --help lists its options" "parsed: $opts"
done
page=$root$man1dir/cgsearch.1
formats=$("$root$bindir/cgsearch" --help | sed -n '/^Formats/,/^$/s/^  \([a-z][a-z0-9]*\) .*/\1/p')
expect_eq "cgsearch --help lists the six formats" "$(echo $formats)" "md text html json vimgrep trec"
missing=
for f in $formats; do man_tags "$page" "OUTPUT FORMATS" | grep -qx "$f" || missing="$missing $f"; done
expect_eq "every format of cgsearch --help is an entry of OUTPUT FORMATS in cgsearch.1" "$missing" ""
out=$(render "$page")
for s in CGSEARCH_DB .cgsearch/ 'rg(1)' 'grep(1)' 'xapian-tcpsrv(1)' 'cgindex(1)' 布达佩斯公约; do
    expect_in "cgsearch.1 mentions $s" "$s" "$out"
done

# --- bash completion ---
# complete_bash FILE WORD... : the candidates of the function FILE registers for the
# line WORD... (the last word being completed), as bash calls it.
complete_bash() {
    bash --norc --noprofile -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        spec=$(complete -p "$1") || exit 1
        fn=$(printf "%s\n" "$spec" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort -u' _ "$@"
}
bs=$root$bashcompdir/cgsearch
bi=$root$bashcompdir/cgindex
for f in "$bs" "$bi"; do
    if [ -f "$f" ]; then pass "bash completion installed as $f"; else fail "bash completion installed as $f"; fi
done
cmp -s "$bs" "$CG_SRCDIR/searcher/completions/cgsearch.bash" && cmp -s "$bi" "$CG_SRCDIR/searcher/completions/cgindex.bash" &&
    pass "bash completions installed as written" || fail "bash completions installed as written"
run bash --norc --noprofile -c '. "$1"; . "$2"; complete -p cgsearch cgindex' _ "$bs" "$bi"
expect_eq "sourcing them registers both programs" "$out" "complete -F _cgsearch cgsearch
complete -F _cgindex cgindex"
mkdir -p "$scratch/cwd/subdir" && touch "$scratch/cwd/queries.txt"
cd "$scratch/cwd"
expect_eq "bash: cgsearch --for<TAB> → --format" "$(complete_bash "$bs" cgsearch --for)" "--format"
expect_eq "bash: cgsearch --format <TAB> → the six formats" "$(complete_bash "$bs" cgsearch --format '' | tr '\n' ' ')" \
    "$(printf '%s\n' $formats | LC_ALL=C sort | tr '\n' ' ')"
expect_eq "bash: cgsearch --format=j<TAB> → json" "$(complete_bash "$bs" cgsearch --format = j)" "json"
expect_eq "bash: cgsearch --color <TAB> → auto, always, never" "$(complete_bash "$bs" cgsearch --color '' | tr '\n' ' ')" "always auto never "
expect_eq "bash: cgsearch --db <TAB> → directories only" "$(complete_bash "$bs" cgsearch --db '')" "subdir"
expect_eq "bash: cgsearch --batch <TAB> → files, and - for stdin" "$(complete_bash "$bs" cgsearch --batch '' | tr '\n' ' ')" "- queries.txt subdir "
expect_eq "bash: cgsearch 网络 <TAB> → nothing (a query is not a file)" "$(complete_bash "$bs" cgsearch 网络 '')" ""
expect_eq "bash: cgsearch -- -<TAB> → nothing (after --, the query)" "$(complete_bash "$bs" cgsearch -- -)" ""
expect_eq "bash: cgindex <TAB> → directories" "$(complete_bash "$bi" cgindex '')" "subdir"
for p in cgsearch cgindex; do
    f=$root$bashcompdir/$p
    got=$(complete_bash "$f" "$p" -)
    missing=
    for o in $(help_options "$p"); do printf '%s\n' "$got" | grep -qx -- "$o" || missing="$missing $o"; done
    expect_eq "bash: $p -<TAB> offers every option of $p --help" "$missing" ""
done
loader=/usr/share/bash-completion/bash_completion
if [ -f "$loader" ]; then
    run env XDG_DATA_DIRS="$root$datadir" bash --norc --noprofile -c \
        '. "$1"; __load_completion cgsearch && __load_completion cgindex && complete -p cgsearch cgindex' _ "$loader"
    expect_eq "bash-completion loads both from DESTDIR's datadir on demand" "$out" "complete -F _cgsearch cgsearch
complete -F _cgindex cgindex"
else
    pass "bash-completion loads both on demand # SKIP bash-completion is not installed"
fi

# --- zsh completion ---
zs=$root$zshcompdir/_cgsearch
zi=$root$zshcompdir/_cgindex
for f in "$zs" "$zi"; do
    if [ -f "$f" ]; then pass "zsh completion installed as $f"; else fail "zsh completion installed as $f"; fi
done
expect_eq "zsh completions start with #compdef" "$(head -n1 "$zs"; head -n1 "$zi")" "#compdef cgsearch
#compdef cgindex"
if command -v zsh >/dev/null; then
    # complete_zsh LINE: the candidates zsh's completion system offers for LINE, from
    # an interactive zsh on a pseudo-terminal with only the installed directory added
    # to $fpath; compadd is wrapped to print what it adds.
    cat > "$scratch/capture.zsh" <<'EOF'
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z 'PROMPT= RPROMPT= PS2=; unsetopt zle_bracketed_paste 2>/dev/null'
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits; local __h; builtin compadd -A __hits "$@"
  for __h in $__hits; do print -r -- "C""AND:$__h"; done
  builtin compadd "$@"
}'
zpty -w z 'comppostfuncs=(exit); bindkey "^I" complete-word'
zpty -w z "$2"$'\t'
while zpty -r z out; do print -r -- "$out"; done
EOF
    complete_zsh() {
        timeout 20 zsh -f "$scratch/capture.zsh" "$root$zshcompdir" "$1" |
            tr -d '\r' | sed -n 's/.*CAND:\(.*\)/\1/p' | LC_ALL=C sort -u
    }
    run zsh -n "$zs"; expect_rc "zsh parses _cgsearch" 0
    run zsh -n "$zi"; expect_rc "zsh parses _cgindex" 0
    expect_eq "zsh: cgsearch --for<TAB> → --format" "$(complete_zsh 'cgsearch --for')" "--format"
    expect_eq "zsh: cgsearch --format <TAB> → the six formats" "$(complete_zsh 'cgsearch --format ' | tr '\n' ' ')" \
        "$(printf '%s\n' $formats | LC_ALL=C sort | tr '\n' ' ')"
    expect_eq "zsh: cgsearch --color=<TAB> → auto, always, never" "$(complete_zsh 'cgsearch --color=' | tr '\n' ' ')" "always auto never "
    expect_eq "zsh: cgsearch --db <TAB> → directories only" "$(complete_zsh 'cgsearch --db ')" "subdir"
    expect_eq "zsh: cgsearch --batch <TAB> → files" "$(complete_zsh 'cgsearch --batch ' | tr '\n' ' ')" "queries.txt subdir "
    expect_eq "zsh: cgindex <TAB> → directories" "$(complete_zsh 'cgindex ')" "subdir"
    for p in cgsearch cgindex; do
        got=$(complete_zsh "$p -")
        missing=
        for o in $(help_options "$p"); do printf '%s\n' "$got" | grep -qx -- "$o" || missing="$missing $o"; done
        expect_eq "zsh: $p -<TAB> offers every option of $p --help" "$missing" ""
    done
else
    pass "zsh completes the installed functions # SKIP zsh is not installed"
fi
cd "$build"

# --- editor plugins: installed when the tree has them ---
plugin_file() { # SOURCE INSTALLED
    if [ ! -f "$CG_SRCDIR/$1" ]; then
        pass "$2 # SKIP no $1 in this tree"
    elif cmp -s "$CG_SRCDIR/$1" "$root$datadir/$2"; then
        pass "$1 installed as \$(datadir)/$2"
    else
        fail "$1 installed as \$(datadir)/$2" "missing or different: $root$datadir/$2"
    fi
}
plugin_file searcher/editors/vim/plugin/cgsearch.vim vim/vimfiles/plugin/cgsearch.vim
plugin_file searcher/editors/vim/doc/cgsearch.txt vim/vimfiles/doc/cgsearch.txt
plugin_file searcher/editors/vim/plugin/cgsearch.vim nvim/site/plugin/cgsearch.vim
plugin_file searcher/editors/vim/doc/cgsearch.txt nvim/site/doc/cgsearch.txt
plugin_file searcher/editors/emacs/cgsearch.el emacs/site-lisp/cgsearch.el
# ... and each editor, given only the installed directory, loads them.
if [ -f "$CG_SRCDIR/searcher/editors/vim/plugin/cgsearch.vim" ]; then
    for ed in vim nvim; do
        rt=$root$datadir/vim/vimfiles args=(-es)
        [ $ed = nvim ] && rt=$root$datadir/nvim/site args=(--headless)
        if ! command -v $ed >/dev/null; then pass "$ed loads the installed plugin # SKIP no $ed"; continue; fi
        run timeout 20 $ed -N -u NONE -i NONE "${args[@]}" --cmd "set rtp^=$rt" -c 'runtime plugin/cgsearch.vim' \
            -c 'if exists(":CGSearch") == 2 && exists(":CGIndex") == 2 | qa! | else | cq | endif' </dev/null
        expect_rc "$ed, with only the installed runtime directory, gets :CGSearch and :CGIndex" 0
    done
fi
if [ -f "$CG_SRCDIR/searcher/editors/emacs/cgsearch.el" ] && command -v emacs >/dev/null; then
    run timeout 20 emacs -Q --batch -L "$root$datadir/emacs/site-lisp" --eval \
        "(progn (require 'cgsearch) (unless (and (commandp 'cgsearch) (commandp 'cgsearch-index)) (kill-emacs 1)))"
    expect_rc "emacs, with only the installed site-lisp directory, gets M-x cgsearch and cgsearch-index" 0
fi

# --- uninstall ---
run mk uninstall DESTDIR="$root"
expect_rc "make uninstall DESTDIR=... succeeds" 0
expect_eq "make uninstall leaves no file" "$(cd "$root" && find . ! -type d)" ""

# --- ./quickstart: results on stdout, then a hint on stderr, cgsearch's status ---
# A copy of the scripts around this build tree (as _build) and a copy of the corpus,
# so that nothing is written to the source tree.
qs=$scratch/qs
mkdir -p "$qs/.ci"
cp "$CG_SRCDIR/quickstart" "$qs/"
cp "$CG_SRCDIR/.ci/deps.sh" "$qs/.ci/"
cp -R "$CG_CORPUS" "$qs/corpus"
: > "$qs/configure"
ln -s "$build" "$qs/_build"
quickstart() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u GNUMAKEFLAGS \
    timeout 60 "$qs/quickstart" "$@"; }
hint() { # BUILD_PATH
    echo "quickstart: to put cgsearch and cgindex on PATH: make -C $1 install (or: export PATH=\"$qs/_build/searcher:$qs/_build/indexer:\$PATH\")"
}
run quickstart 布达佩斯公约
expect_rc "quickstart: a query that matches exits 0" 0
expect_in "quickstart: stdout holds the results" '## `corpus/003_6d43e2085fc33fdc.txt:15`' "$out"
expect_not_in "quickstart: stdout holds nothing else" "quickstart:" "$out"
expect_eq "quickstart: the last line on stderr is the hint to install" "$(printf '%s\n' "$err" | tail -n1)" "$(hint "$qs/_build")"
run sh -c 'cd "$1" && shift && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 60 ./quickstart "$@" 2>&1' _ "$qs" 布达佩斯公约
expect_eq "quickstart: the hint comes after the results (run from its directory: make -C _build)" \
    "$(printf '%s\n' "$out" | tail -n1)" "$(hint _build)"
run quickstart 鳄鱼冰箱
expect_rc "quickstart: nothing matched exits 1, as cgsearch" 1
expect_eq "quickstart: ... and still gives the hint" "$(printf '%s\n' "$err" | tail -n1)" "$(hint "$qs/_build")"
run quickstart --format nonesuch 布达佩斯公约
expect_rc "quickstart: an error exits 2, as cgsearch" 2
expect_in "quickstart: ... and the error is the last line on stderr" "cgsearch:" "$(printf '%s\n' "$err" | tail -n2)"
expect_not_in "quickstart: ... with no hint after it" "quickstart: to put" "$err"

finish
