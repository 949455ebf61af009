" cgsearch.vim - search a cgsearch index from Vim or Neovim into the quickfix list
" Commands: :CGSearch[!] {query}   :CGIndex [dir]       Help: :help cgsearch
" The programs run without a shell (jobs with argument lists), so a query keeps its
" spaces, quotes and Chinese characters as typed.

if exists('g:loaded_cgsearch')
  finish
endif
if !has('nvim') && !has('job')
  echohl WarningMsg
  echomsg 'cgsearch.vim needs Neovim or a Vim with the +job feature'
  echohl None
  finish
endif
let g:loaded_cgsearch = 1

let s:save_cpo = &cpo
set cpo&vim

" Errors are thrown as s:E . message; the commands show the message alone.
let s:E = 'cgsearch.vim:'

" Runs argv (a List) without a shell, stdin from /dev/null, in the current
" directory. Returns {'status': N, 'out': [lines], 'err': [lines]}.
function! s:Run(argv) abort
  if !executable(a:argv[0])
    throw s:E . 'cgsearch: cannot run ' . a:argv[0] . ' (not an executable)'
  endif
  if has('nvim')
    " With a buffered stream and no callback, Neovim keeps the stream's lines
    " in the options dict under the stream's name.
    let opts = {'stdin': 'null', 'stdout_buffered': v:true, 'stderr_buffered': v:true}
    let id = jobstart(a:argv, opts)
    if id <= 0
      throw s:E . 'cgsearch: cannot run ' . a:argv[0]
    endif
    try
      let status = jobwait([id])[0]
    finally
      if jobwait([id], 0)[0] == -1
        call jobstop(id)
      endif
    endtry
    if status < 0
      throw s:E . 'cgsearch: ' . a:argv[0] . ' did not finish (jobwait: ' . status . ')'
    endif
    return {'status': status,
          \ 'out': s:Lines(get(opts, 'stdout', [])),
          \ 'err': s:Lines(get(opts, 'stderr', []))}
  endif
  " Vim: the job writes its output straight to files (no channel to drain).
  let outfile = tempname()
  let errfile = tempname()
  try
    let job = job_start(a:argv, {'in_io': 'null',
          \ 'out_io': 'file', 'out_name': outfile,
          \ 'err_io': 'file', 'err_name': errfile})
    if job_status(job) ==# 'fail'
      throw s:E . 'cgsearch: cannot run ' . a:argv[0]
    endif
    try
      while job_status(job) ==# 'run'
        sleep 5m
      endwhile
    finally
      if job_status(job) ==# 'run'
        call job_stop(job, 'kill')
      endif
    endtry
    let status = job_info(job).exitval
    return {'status': status,
          \ 'out': filereadable(outfile) ? readfile(outfile) : [],
          \ 'err': filereadable(errfile) ? readfile(errfile) : []}
  finally
    call delete(outfile)
    call delete(errfile)
  endtry
endfunction

" A channel's data as lines: the last item of a stream ending in a newline is ''.
function! s:Lines(data) abort
  let lines = copy(a:data)
  if !empty(lines) && lines[-1] ==# ''
    call remove(lines, -1)
  endif
  return lines
endfunction

function! s:Nonempty(lines) abort
  return filter(copy(a:lines), 'v:val !~# ''^\s*$''')
endfunction

function! s:List(name) abort
  let value = get(g:, a:name, [])
  if type(value) != type([])
    throw s:E . 'cgsearch: g:' . a:name . ' must be a List of arguments, such as [''--db'', ''/path/to/index'']'
  endif
  return value
endfunction

function! s:Search(bang, query) abort
  let title = ':CGSearch' . (a:bang ? '!' : '') . ' ' . a:query
  let argv = [get(g:, 'cgsearch_program', 'cgsearch')] + s:List('cgsearch_args')
        \ + ['--format', 'vimgrep', '--all-passages', '-n', '0', '--color', 'never',
        \    '--', a:query]
  let r = s:Run(argv)
  if r.status == 1
    call setqflist([], ' ', {'title': title, 'items': []})
    redraw
    echomsg 'cgsearch: no match for ' . a:query
    return
  endif
  if r.status != 0
    let err = s:Nonempty(r.err)
    throw s:E . (empty(err) ? 'cgsearch: ' . argv[0] . ' exited with status ' . r.status
          \ : join(err, ' '))
  endif
  " %c (not %v): vimgrep's column is a 1-based byte index, so vcol stays 0.
  call setqflist([], ' ', {'title': title, 'lines': r.out, 'efm': '%f:%l:%c:%m'})
  let n = len(getqflist())
  if !a:bang
    botright copen
  endif
  redraw
  echomsg printf('cgsearch: %d match%s for %s', n, n == 1 ? '' : 'es', a:query)
  for line in s:Nonempty(r.err)
    echohl WarningMsg | echomsg line | echohl None
  endfor
endfunction

function! s:Index(dir) abort
  let argv = [get(g:, 'cgindex_program', 'cgindex')] + s:List('cgindex_args')
  if a:dir !=# ''
    let argv += [a:dir]
  endif
  let r = s:Run(argv)
  " cgindex prints its summary line (or its error) on stderr.
  let lines = s:Nonempty(r.err + r.out)
  if r.status != 0
    throw s:E . (empty(lines) ? 'cgindex: ' . argv[0] . ' exited with status ' . r.status
          \ : lines[-1])
  endif
  redraw
  echomsg empty(lines) ? 'cgindex: done' : lines[-1]
endfunction

" Runs fn (a function that throws s:E . message) with args; returns 1 on success,
" else 0 with the message in s:error.
function! s:Call(fn, args) abort
  let s:error = ''
  try
    call call(a:fn, a:args)
    return 1
  catch /^cgsearch\.vim:/
    let s:error = v:exception[len(s:E):]
    return 0
  endtry
endfunction

function! s:Error() abort
  return s:error
endfunction

" The :echoerr runs at the command's level, outside any function and any :try of
" the plugin's: a plain error (in v:errmsg, catchable by the caller's :try) without
" a function trace, which does not abort a script that runs the command.
command! -nargs=+ -bang CGSearch
      \ if !<SID>Call('s:Search', [<bang>0, <q-args>]) | echoerr <SID>Error() | endif
command! -nargs=? -complete=dir CGIndex
      \ if !<SID>Call('s:Index', [<q-args>]) | echoerr <SID>Error() | endif

let &cpo = s:save_cpo
unlet s:save_cpo
