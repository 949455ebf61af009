#!/bin/bash
# vim.sh — the Vim and Neovim plugin (searcher/editors/vim) in the real editors, run
# headless with no terminal, against the real cgsearch and cgindex: :CGSearch's
# quickfix list holds exactly the matches rg --vimgrep finds, with byte columns the
# cursor lands on; no match, errors, quoting, :CGIndex and the help file.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

cd "$scratch"
mkdir -p coll/corpus home out
cp "$CG_CORPUS"/*.txt coll/corpus/
run "$CGINDEX" --db "$scratch/db" coll
expect_rc "cgindex builds the index" 0

# The editors get no user configuration, viminfo or shada, and a home of their own.
export HOME=$scratch/home
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME VIMINIT EXINIT MYVIMRC
export CGT_PLUGDIR=$CG_SRCDIR/searcher/editors/vim CGT_DB=$scratch/db

# What the scripts below share: the programs, and Put NAME LINES, which writes
# out/EDITOR.NAME for the checks here.
cat > prelude.vim <<'EOF'
let g:cgsearch_program = $CGSEARCH
let g:cgsearch_args = ['--db', $CGT_DB]
let g:cgindex_program = $CGINDEX
let g:cgindex_args = ['--db', $CGT_DB]
function! Put(name, lines) abort
  call writefile(a:lines, 'out/' . $CGT_EDITOR . '.' . a:name)
endfunction
" The quickfix list as rg --vimgrep would print it, without the text.
function! Entries() abort
  return map(getqflist(), {_, e -> bufname(e.bufnr) . ':' . e.lnum . ':' . e.col})
endfunction
function! LastMessage() abort
  return get(filter(split(execute('messages'), "\n"), 'v:val !~# "^\\s*$"'), -1, '')
endfunction
EOF

# in_editor SCRIPT: runs SCRIPT in the editor $CGT_EDITOR with the plugin from the source
# tree loaded (stdin from /dev/null, at most 60 s); $out/$err/$rc as run gives them.
in_editor() {
    local load=(--cmd 'let &rtp = $CGT_PLUGDIR . "," . &rtp' -c 'runtime plugin/cgsearch.vim'
                -c 'source prelude.vim' -S "$1" -c 'qa!')
    case $CGT_EDITOR in
        vim) run timeout 60 vim -Nu NONE -i NONE -Es "${load[@]}" </dev/null ;;
        nvim) run timeout 60 nvim --headless -u NONE -i NONE "${load[@]}" </dev/null ;;
    esac
}
# got NAME: what the script put in out/EDITOR.NAME.
got() { cat "out/$CGT_EDITOR.$1" 2>/dev/null || echo "(no out/$CGT_EDITOR.$1)"; }
# want_rg RG-ARGS...: rg's matches in coll/ as file:line:col, sorted.
want_rg() { rg --vimgrep "$@" coll | cut -d: -f1-3 | LC_ALL=C sort; }
sorted() { LC_ALL=C sort; }

cat > search.vim <<'EOF'
CGSearch 布达佩斯公约
call Put('entries', Entries())
call Put('info', [getqflist({'title': 1}).title, &buftype, winnr('$'), v:errmsg])
call Put('kinds', uniq(sort(map(getqflist(), '"valid=" . v:val.valid . " vcol=" . v:val.vcol'))))
" Going to each entry puts the cursor on the phrase: the columns are bytes.
let landed = []
for i in range(1, len(getqflist()))
  execute 'cc' i
  call add(landed, strpart(getline('.'), col('.') - 1, strlen('布达佩斯公约')))
endfor
call Put('landed', uniq(sort(landed)))
call Put('done', ['done'])
EOF

cat > bang.vim <<'EOF'
CGSearch! 布达佩斯公约
call Put('bang', [len(getqflist()), winnr('$'), &buftype])
EOF

cat > nomatch.vim <<'EOF'
CGSearch 布达佩斯公约
CGSearch 草莓奶昔
call Put('nomatch', [len(getqflist()), getqflist({'title': 1}).title,
      \ getqflist({'nr': '$'}).nr, 'errmsg=' . v:errmsg, LastMessage()])
EOF

cat > quoting.vim <<'EOF'
CGSearch "云法案(CLOUD Act)"
call Put('phrase', Entries())
call Put('phrase-title', [getqflist({'title': 1}).title])
CGSearch 布達佩斯公約
call Put('traditional', Entries())
CGSearch "budapest CONVENTION"
call Put('case', Entries())
call Put('quoting-done', ['errmsg=' . v:errmsg])
EOF

cat > error.vim <<'EOF'
CGSearch 布达佩斯公约
let n = len(getqflist())
let g:cgsearch_args = ['--db', $CGT_DB . '-missing']
try
  CGSearch 布达佩斯公约
catch
  let g:caught = v:exception
endtry
call Put('caught', [get(g:, 'caught', '(nothing thrown)')])
let v:errmsg = ''
CGSearch 布达佩斯公约
call Put('error', ['errmsg=' . v:errmsg, len(getqflist()) == n, getqflist({'title': 1}).title,
      \ getqflist({'nr': '$'}).nr])
EOF

cat > index.vim <<'EOF'
" A file added after the index was built is found once :CGIndex has run: first one
" the shell wrote (an update of the directory the index covers), then one written
" here (with the directory named).
let p1 = '甲' . $CGT_EDITOR . '一号新文件'
let p2 = '乙' . $CGT_EDITOR . '二号新文件'
execute 'CGSearch!' p1
let before = len(getqflist())
CGIndex
let summary1 = matchstr(LastMessage(), '^cgindex: updated .*\zs\d\+ new')
execute 'CGSearch!' p1
let found1 = Entries()
call writefile(['second file', 'x ' . p2 . ' y'], 'coll/new2-' . $CGT_EDITOR . '.txt')
CGIndex coll
let summary2 = matchstr(LastMessage(), '^cgindex: updated .*\zs\d\+ new')
execute 'CGSearch!' p2
call Put('index', [before, summary1, summary2, 'errmsg=' . v:errmsg] + found1 + Entries())
CGIndex nosuchdir
call Put('index-error', ['errmsg=' . v:errmsg])
EOF

cat > help.vim <<'EOF'
execute 'helptags' fnameescape($CGT_RT . '/doc')
let &rtp = $CGT_RT . ',' . &rtp
let r = ['errmsg=' . v:errmsg]
for t in [':CGSearch', 'cgsearch', ':CGIndex', 'g:cgsearch_program', 'g:cgsearch_args',
      \ 'g:cgindex_program', 'g:cgindex_args', 'g:loaded_cgsearch', 'cgsearch-install']
  execute 'help' t
  call add(r, t . ' ' . expand('%:t') . ' ' . (stridx(getline('.'), '*' . t . '*') >= 0))
endfor
call Put('help', r)
EOF

cat > guard.vim <<'EOF'
" Loaded once; 'cpoptions' (here with C, no line continuation) as it was.
delcommand CGSearch
runtime plugin/cgsearch.vim
let r = [exists(':CGSearch')]
unlet g:loaded_cgsearch
set cpo+=C
let cpo = &cpo
runtime plugin/cgsearch.vim
call Put('guard', r + [exists(':CGSearch'), exists(':CGIndex'), &cpo ==# cpo, 'errmsg=' . v:errmsg])
EOF

want=$(want_rg -F 布达佩斯公约)
n=$(echo "$want" | wc -l)
missing_err=$("$CGSEARCH" --db "$scratch/db-missing" 布达佩斯公约 2>&1 >/dev/null || true)
index_err=$("$CGINDEX" --db "$scratch/db" nosuchdir 2>&1 >/dev/null || true)
expect_in "cgsearch's error without an index (for the error case)" "cgsearch: error:" "$missing_err"
echo "# rg --vimgrep -F 布达佩斯公约 (file:line:col):"
echo "$want" | sed 's/^/#   /'

for CGT_EDITOR in vim nvim; do
    export CGT_EDITOR
    E=$CGT_EDITOR

    in_editor search.vim
    expect_rc "$E: :CGSearch runs without error" 0
    expect_eq "$E: the script ran to its end" "$(got done)" "done"
    expect_eq "$E: the quickfix list is rg --vimgrep's matches, file:line:byte column" \
        "$(got entries | sorted)" "$want"
    expect_eq "$E: the list's title is the command; the quickfix window is open" \
        "$(got info)" "$(printf ':CGSearch 布达佩斯公约\nquickfix\n2\n')"
    expect_eq "$E: every entry is valid, with a byte (not virtual) column" \
        "$(got kinds)" "valid=1 vcol=0"
    expect_eq "$E: :cc to each entry puts the cursor on the phrase" "$(got landed)" "布达佩斯公约"

    in_editor bang.vim
    expect_eq "$E: :CGSearch! fills the list, opens no window" "$(got bang)" "$(printf '%s\n1\n' "$n")"

    in_editor nomatch.vim
    expect_rc "$E: no match is not an error" 0
    expect_eq "$E: no match: a new, empty list; the previous one kept; a message" "$(got nomatch)" \
        "$(printf '0\n:CGSearch 草莓奶昔\n2\nerrmsg=\ncgsearch: no match for 草莓奶昔')"

    in_editor quoting.vim
    expect_rc "$E: queries with quotes, parentheses and spaces run without error" 0
    expect_eq "$E: a quoted phrase with spaces and parentheses reaches cgsearch whole" \
        "$(got phrase | sorted)" "$(want_rg -F '云法案(CLOUD Act)')"
    expect_eq "$E: the title keeps the quotes" "$(got phrase-title)" ':CGSearch "云法案(CLOUD Act)"'
    expect_eq "$E: the Traditional query finds the Simplified text" "$(got traditional | sorted)" "$want"
    expect_eq "$E: English in any case" "$(got case | sorted)" "$(want_rg -i -F 'Budapest Convention')"
    expect_eq "$E: no error message" "$(got quoting-done)" "errmsg="

    in_editor error.vim
    expect_eq "$E: cgsearch's error is a Vim error, catchable" "$(got caught)" "Vim(echoerr):$missing_err"
    expect_eq "$E: cgsearch's error in v:errmsg, the quickfix list untouched" "$(got error)" \
        "$(printf 'errmsg=%s\n1\n:CGSearch 布达佩斯公约\n1' "$missing_err")"

    printf 'new file\n这是甲%s一号新文件。\n' "$E" > "coll/new1-$E.txt"
    in_editor index.vim
    expect_eq "$E: :CGIndex indexes new files; :CGSearch finds them" "$(got index)" \
        "$(printf '%s\n' 0 "1 new" "1 new" "errmsg=" \
           "coll/new1-$E.txt:2:7" "coll/new2-$E.txt:2:3")"
    expect_eq "$E: :CGIndex shows cgindex's error as a Vim error" "$(got index-error)" \
        "errmsg=$index_err"

    mkdir -p "rt-$E" && cp -R "$CGT_PLUGDIR/doc" "rt-$E/"
    export CGT_RT=$scratch/rt-$E
    in_editor help.vim
    expect_rc "$E: helptags and :help run without error" 0
    expect_eq "$E: :help finds each tag in cgsearch.txt" "$(got help)" "$(printf '%s\n' 'errmsg=' \
        ':CGSearch cgsearch.txt 1' 'cgsearch cgsearch.txt 1' ':CGIndex cgsearch.txt 1' \
        'g:cgsearch_program cgsearch.txt 1' 'g:cgsearch_args cgsearch.txt 1' \
        'g:cgindex_program cgsearch.txt 1' 'g:cgindex_args cgsearch.txt 1' \
        'g:loaded_cgsearch cgsearch.txt 1' 'cgsearch-install cgsearch.txt 1')"

    in_editor guard.vim
    expect_eq "$E: g:loaded_cgsearch guards; 'cpoptions' restored" "$(got guard)" \
        "$(printf '0\n2\n2\n1\nerrmsg=')"
done

finish
