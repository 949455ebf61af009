#!/bin/bash
# emacs.sh — the Emacs package searcher/editors/emacs/cgsearch.el in a real Emacs
# (emacs --batch -Q) over a real index: it byte-compiles with no warning, its
# autoloads work, M-x cgsearch lists every match asynchronously in a grep-mode
# buffer, and next-error puts point on the first character of each match: the same
# file:line:byte-column as `rg --vimgrep`, also after wide CJK characters, tabs,
# 2- and 4-byte characters. Then no match (exit 1), an error (exit 2), a query full
# of shell characters, and cgsearch-index updating the index.
set -eu
. "$CG_SRCDIR/tests/tap.sh"

for prog in emacs rg; do
    if ! command -v "$prog" >/dev/null; then
        # CI installs both (.ci/deps.sh): there, a missing one is a failure.
        if [ "${CI:-}" = true ]; then fail "$prog is installed"; finish; fi
        echo "1..0 # SKIP $prog is not installed"
        exit 0
    fi
done

Q=布达佩斯公约
cd "$scratch"
mkdir -p coll/corpus coll/extra lisp
cp "$CG_CORPUS"/*.txt coll/corpus/
# Matches at the start of a line, after a tab, after 2- and 4-byte characters, and
# twice in one line: Emacs counts these characters, the output counts bytes.
printf '%s在行首。\n\tΩé 😀中文%s，又%s。\nnothing here\n' "$Q" "$Q" "$Q" > coll/extra/mixed.txt
run "$CGINDEX" --db db coll
expect_rc "cgindex builds the index" 0

cp "$CG_SRCDIR/searcher/editors/emacs/cgsearch.el" lisp/
# E ARGS...: a real Emacs, no init files, no terminal, no input, a deadline.
E() { run timeout 60 emacs --batch -Q "$@" </dev/null; }

E --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile lisp/cgsearch.el
expect_rc "cgsearch.el byte-compiles (warnings are errors)" 0
expect_not_in "... with no warning" "Warning" "$err"
[ -f lisp/cgsearch.elc ] && pass "... into cgsearch.elc" || fail "... into cgsearch.elc"

E --eval '(if (fboundp (quote loaddefs-generate))
              (loaddefs-generate "lisp" (expand-file-name "lisp/cgsearch-autoloads.el"))
            (make-directory-autoloads "lisp" (expand-file-name "lisp/cgsearch-autoloads.el")))'
expect_rc "autoloads are generated" 0

# Helpers for the sessions below: run a search and wait for it (the process runs
# asynchronously; a finish function says when it is done), print what the
# *cgsearch* buffer holds, visit every match with next-error. The queries live in
# this UTF-8 file, not on Emacs's command line, which is decoded by the locale.
cat > t.el <<'EOF'
;;; t.el --- helpers for tests/emacs.sh -*- lexical-binding: t; coding: utf-8 -*-
(defvar t-q "布达佩斯公约")
(defvar t-q-none "没有这个词语的文件")
(defvar t-hl nil "The text every match should have highlighted, if not t-q.")
(defvar t-q-trad "布達佩斯公約")
(defvar t-q-annotated "网络反恐")
(defvar t-hl-annotated "網(wǎng)絡(luò)反恐")
;; A quoted phrase, then -parts (that no file holds) full of shell syntax.
(defvar t-q-shell "\"布达佩斯公约\" -x'y -$(touch${IFS}pwned) -`touch${IFS}pwned2`;*")
(setq cgsearch-program (getenv "CGSEARCH")
      cgsearch-arguments (list "--db" (expand-file-name "db")))
(defvar t-msg nil)
(defvar t-proc nil)
(add-hook 'compilation-start-hook (lambda (proc) (setq t-proc proc)))
(add-hook 'compilation-finish-functions (lambda (_buf msg) (setq t-msg msg)))
(defun t-out (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun t-wait ()
  (let ((deadline (+ (float-time) 30)))
    (while (and (not t-msg) (< (float-time) deadline))
      (accept-process-output nil 0.05)))
  ;; The message the buffer ends with (the finish functions get the raw one).
  (with-current-buffer (process-buffer t-proc)
    (goto-char (point-max))
    (t-out "finished: %s"
           (and t-msg (re-search-backward "^Cg[a-z]+ \\(.*\\) at " nil t)
                (match-string 1))))
  (t-out "status: %s" (and t-proc (process-exit-status t-proc))))
(defun t-search (query)
  (setq t-msg nil t-proc nil)
  (let ((buf (cgsearch query)))
    (t-out "async: %s" (if (and t-proc (not t-msg)) "yes" "no"))
    (t-wait)
    (with-current-buffer buf
      (t-out "buffer: %s" (buffer-name))
      (t-out "grep-mode: %s" (if (derived-mode-p 'grep-mode) "yes" "no"))
      (t-out "text: %s" (replace-regexp-in-string
                         "\n" "|" (buffer-substring-no-properties (point-min) (point-max))))
      ;; The highlighted matches in the output.
      (let ((pos (point-min)))
        (while (setq pos (text-property-any pos (point-max) 'font-lock-face grep-match-face))
          (let* ((end (next-single-property-change pos 'font-lock-face nil (point-max)))
                 (text (buffer-substring-no-properties pos end)))
            (t-out "highlight: %s" (if (equal text (or t-hl t-q)) "as expected" text))
            (setq pos end)))))
    buf))
(defun t-visit-all (buf)
  "next-error over all matches: file:line:byte-column of point and what is there."
  (let ((dir default-directory) (n 0))
    (with-current-buffer buf (goto-char (point-min)))
    (setq next-error-last-buffer buf)
    (condition-case err
        (while (< n 1000)
          (next-error 1)
          (setq n (1+ n))
          ;; Where a person would be: the selected window's buffer and point.
          (set-buffer (window-buffer (selected-window)))
          (let ((col (1+ (length (encode-coding-string
                                  (buffer-substring-no-properties (line-beginning-position) (point))
                                  'utf-8)))))
            (t-out "loc: %s:%d:%d %s %s"
                   (file-relative-name buffer-file-name dir)
                   (line-number-at-pos) col
                   (if (looking-at (regexp-quote t-q)) "at-match" "NOT-AT-MATCH")
                   (if (and (> col 1)
                            (> (char-after (line-beginning-position)) #x2e80))
                       "after-cjk" "-"))))
      (user-error (t-out "end: %s" (error-message-string err))))))
EOF

# --- M-x cgsearch through the autoloads; next-error over every match ---
E -L lisp -l lisp/cgsearch-autoloads.el -l t.el --eval "(progn
  (t-out \"autoload: %s\" (if (and (autoloadp (symbol-function 'cgsearch))
                                  (autoloadp (symbol-function 'cgsearch-index))
                                  (not (featurep 'cgsearch)))
                             \"yes\" \"no\"))
  (t-visit-all (t-search t-q))
  (t-out \"loaded: %s\" (featurep 'cgsearch)))"
expect_rc "the search session runs without error" 0
session=$out
line() { echo "$session" | sed -n "s/^$1: //p"; }
expect_eq "cgsearch and cgsearch-index are autoloaded" "$(line autoload)" "yes"
expect_eq "... and the package loads on first use" "$(line loaded)" "t"
expect_eq "cgsearch runs asynchronously" "$(line async)" "yes"
expect_eq "the process exits 0" "$(line status)" "0"
expect_eq "output goes to *cgsearch*" "$(line buffer)" "*cgsearch*"
expect_eq "its mode derives from grep-mode" "$(line grep-mode)" "yes"
expect_in "the command line asks for every match in vimgrep format" \
    "--format vimgrep --all-passages -n 0 --color never -- " "$(line text)"
rg --vimgrep --color never -F "$Q" coll | cut -d: -f1-3 | sort > want.txt
line loc | cut -d' ' -f1 | sort > got.txt
nwant=$(wc -l < want.txt)
expect_eq "next-error visits exactly the matches rg finds (file:line:byte-column)" \
    "$(cat got.txt)" "$(cat want.txt)"
expect_eq "... $nwant of them" "$(wc -l < got.txt)" "$nwant"
expect_eq "point is on the first character of each match" \
    "$(line loc | grep -c ' at-match ')" "$nwant"
expect_in "a match after wide CJK text in its line (column > 1)" " after-cjk" "$(line loc)"
expect_in "a match after a tab, 2- and 4-byte characters" "coll/extra/mixed.txt:2:" "$(line loc)"
expect_in "a match at the start of a line" "coll/extra/mixed.txt:1:1 at-match" "$(line loc)"
expect_in "next-error stops after the last match" "Moved past last match" "$(line end)"
expect_eq "the finish message counts the matches" "$(line finished)" \
    "finished with $nwant matches found"
expect_eq "every match is highlighted in the output, the match only" \
    "$(line highlight | sort | uniq -c | sed 's/^ *//')" "$nwant as expected"

# A Traditional query: the Simplified matches; and one over the seed with
# pinyin annotations in the middle of its words.
E -L lisp -l lisp/cgsearch.elc -l t.el --eval '(progn
  (t-visit-all (t-search t-q-trad))
  (setq t-hl t-hl-annotated)
  (t-search t-q-annotated))'
expect_rc "Traditional and annotated matches" 0
expect_eq "a Traditional query: next-error visits the same matches" \
    "$(echo "$out" | sed -n 's/^loc: //p' | cut -d' ' -f1 | sort)" "$(cat want.txt)"
expect_eq "... and the Simplified text is highlighted" \
    "$(echo "$out" | sed -n 's/^highlight: //p' | sed -n 1,${nwant}p | sort -u)" "as expected"
expect_eq "an annotated match is highlighted whole" \
    "$(echo "$out" | sed -n 's/^highlight: //p' | sed -n "$((nwant + 1)),\$p" | sort -u)" "as expected"

# --- the minibuffer (batch Emacs reads it from standard input) ---
printf '%s\n' "$Q" > query.txt
run timeout 60 emacs --batch -Q -L lisp -l lisp/cgsearch-autoloads.el -l t.el --eval "(progn
  (call-interactively #'cgsearch)
  (t-wait)
  (with-current-buffer \"*cgsearch*\"
    (t-out \"matches: %d\" grep-num-matches-found)))" <query.txt
expect_rc "M-x cgsearch reads the query from the minibuffer" 0
expect_in "... and lists its matches" "matches: $nwant" "$out"

# --- no match, an error, shell syntax in the query ---
E -L lisp -l lisp/cgsearch.elc -l t.el --eval '(t-search t-q-none)'
expect_rc "no match: no error signalled" 0
expect_in "no match: exit status 1" "status: 1" "$out"
expect_in "no match: the buffer says so" "finished: finished with no matches found" "$out"

E -L lisp -l lisp/cgsearch.elc -l t.el --eval "(progn
  (setq cgsearch-arguments (list \"--db\" \"$scratch/nothing\"))
  (t-search t-q))"
expect_rc "cgsearch error: no error signalled in Emacs" 0
expect_in "cgsearch error: exit status 2" "status: 2" "$out"
expect_in "cgsearch error: its message is in the buffer" "|cgsearch: " "$out"
expect_in "cgsearch error: the buffer says it failed" "exited abnormally with code 2" "$out"

E -L lisp -l lisp/cgsearch.elc -l t.el --eval '(t-visit-all (t-search t-q-shell))'
expect_rc "a query with quotes and shell syntax" 0
expect_in "... exit status 0" "status: 0" "$out"
expect_eq "... reaches cgsearch as one word: the same matches" \
    "$(echo "$out" | sed -n 's/^loc: //p' | cut -d' ' -f1 | sort)" "$(cat want.txt)"
[ ! -e pwned ] && [ ! -e pwned2 ] && pass "... nothing run by the shell" || fail "... nothing run by the shell"

# --- cgsearch-index brings the index up to date ---
printf '新文件里也有%s。\n' "$Q" > coll/extra/new.txt
E -L lisp -l lisp/cgsearch-autoloads.el -l t.el --eval "(progn
  (setq cgsearch-index-program (getenv \"CGINDEX\")
        cgsearch-index-arguments (list \"--db\" (expand-file-name \"db\")))
  (setq t-msg nil t-proc nil)
  (let ((buf (cgsearch-index)))
    (t-out \"async: %s\" (if (and t-proc (not t-msg)) \"yes\" \"no\"))
    (t-wait)
    (t-out \"buffer: %s\" (buffer-name buf)))
  (t-visit-all (t-search t-q)))"
expect_rc "cgsearch-index runs without error" 0
expect_in "... asynchronously" "async: yes" "$out"
expect_in "... into *cgsearch-index*" "buffer: *cgsearch-index*" "$out"
expect_in "... and cgindex exits 0" "status: 0" "$out"
expect_in "the new file is then found" "loc: coll/extra/new.txt:1:19 at-match" "$out"

finish
