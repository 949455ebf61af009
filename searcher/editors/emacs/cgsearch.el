;;; cgsearch.el --- Chinese and English phrase search -*- lexical-binding: t -*-

;; Author: The cgsearch authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: matching, tools, i18n

;; This file is part of cgsearch.

;;; Commentary:

;; A front end to cgsearch, the bilingual (Simplified/Traditional
;; Chinese and English) exact phrase search engine.
;;
;; M-x cgsearch asks for a query and runs cgsearch asynchronously; every
;; match of every matching file is listed in the *cgsearch* buffer, whose
;; mode derives from `grep-mode': RET or mouse-2 visits a match, and
;; M-g n / M-g p (`next-error', `previous-error') walk through them from
;; any buffer.
;; The index is the one cgsearch finds from `default-directory' (the
;; nearest .cgsearch/ above it, or $CGSEARCH_DB); give another one with
;;
;;   (setq cgsearch-arguments '("--db" "/path/to/index"))
;;
;; M-x cgsearch-index runs cgindex to bring the index up to date.
;;
;; cgsearch prints its matches like "rg --vimgrep": path:line:column:text
;; with a 1-based column in bytes of UTF-8.  Emacs columns count
;; characters, so the byte column is turned into a character offset from
;; the text of the line in the output: point lands on the first
;; character of the match, also after wide CJK characters.

;;; Code:

(require 'compile)
(require 'grep)

(defgroup cgsearch nil
  "Exact phrase search in Chinese and English text with cgsearch."
  :group 'tools
  :prefix "cgsearch-")

(defcustom cgsearch-program "cgsearch"
  "The cgsearch program: its file name, or its name in variable `exec-path'."
  :type 'string)

(defcustom cgsearch-arguments nil
  "Extra arguments for `cgsearch-program', before the query.
For example (\"--stem\") or (\"--db\" \"/home/me/notes/.cgsearch\"):
they reach the program as they are, with no shell expansion of ~.
The output options (--format vimgrep --all-passages -n 0
--color never) are always added."
  :type '(repeat string))

(defcustom cgsearch-index-program "cgindex"
  "The cgindex program, run by `cgsearch-index'."
  :type 'string)

(defcustom cgsearch-index-arguments nil
  "Extra arguments for `cgsearch-index-program'.
For example (\"--db\" \"/home/me/notes/.cgsearch\").  With none, cgindex
updates the index it finds from `default-directory'."
  :type '(repeat string))

(defvar cgsearch-history nil
  "Minibuffer history of `cgsearch' queries.")

(defvar-local cgsearch--query nil
  "The query whose matches this buffer lists.")
;; Kept when `recompile' (g) sets the mode anew.
(put 'cgsearch--query 'permanent-local t)

(defconst cgsearch--line-regexp
  "^\\([^\n]+?\\):\\([1-9][0-9]*\\):\\([1-9][0-9]*\\):"
  "A vimgrep line up to its text: path, line and byte column.")

(defun cgsearch--utf-8-length (char)
  "The number of bytes of CHAR in UTF-8.
A raw byte (of output that was not UTF-8) counts as one."
  (cond ((< char #x80) 1)
        ((< char #x800) 2)
        ((< char #x10000) 3)
        ((< char #x110000) 4)
        (t 1)))

(defun cgsearch--match-start ()
  "Buffer position of the match on the vimgrep line just matched.
The match data are those of `cgsearch--line-regexp'; the match
starts after (column - 1) bytes of the text that follows it."
  (let ((pos (match-end 0))
        (eol (line-end-position))
        (bytes (1- (string-to-number (match-string-no-properties 3)))))
    (while (and (> bytes 0) (< pos eol))
      (setq bytes (- bytes (cgsearch--utf-8-length (char-after pos))))
      (setq pos (1+ pos)))
    pos))

(defun cgsearch--phrases (query)
  "The parts of QUERY that can appear in the text, longest first.
Quotes are removed, and so are OR and the excluded -parts."
  (let ((start 0) phrases)
    (while (string-match "\"\\([^\"]*\\)\"?\\|[^ \t\n\"]+" query start)
      (setq start (match-end 0))
      (if (match-beginning 1)
          (unless (equal (match-string 1 query) "")
            (push (match-string 1 query) phrases))
        (let ((part (match-string 0 query)))
          (unless (or (equal part "OR") (string-prefix-p "-" part))
            (push part phrases)))))
    (sort phrases (lambda (a b) (> (length a) (length b))))))

(defun cgsearch--fold (char)
  "Return CHAR as it is compared: full-width ASCII as ASCII, lower case."
  (downcase (if (and (>= char #xff01) (<= char #xff5e)) (- char #xfee0) char)))

(defun cgsearch--cjk-p (char)
  "Non-nil if CHAR (folded) is a CJK character or punctuation, or wider."
  (>= char #x2e80))

(defconst cgsearch--annotation-regexp
  "[(\uff08]\\([^()\uff08\uff09\n]\\{1,16\\}\\)[)\uff09]"
  "An annotation in parentheses (ASCII or full-width), such as pinyin.")

(defun cgsearch--phrase-at (phrase pos eol)
  "How PHRASE matches the text from POS to EOL: (END . SAME), or nil.
The matching is loose, close to cgsearch's: case, full-width forms
and white space do not count, any CJK character stands for any
other (Traditional for Simplified), and an annotation in
parentheses after a CJK character, such as pinyin, is skipped when
more of the phrase follows.  SAME counts the characters that are
identical, END is where the match ends."
  (let ((chars (mapcar #'cgsearch--fold
                       (string-to-list
                        (replace-regexp-in-string "[ \t\n\u3000]+" "" phrase))))
        (same 0))
    (catch 'fail
      (while chars
        (let ((qc (pop chars)))
          (while (and (< pos eol) (memq (char-after pos) '(?\s ?\t ?\u3000)))
            (setq pos (1+ pos)))
          (unless (< pos eol) (throw 'fail nil))
          (let ((tc (cgsearch--fold (char-after pos))))
            (cond ((eq tc qc) (setq same (1+ same)))
                  ((and (cgsearch--cjk-p tc) (cgsearch--cjk-p qc)))
                  (t (throw 'fail nil)))
            (setq pos (1+ pos))
            (when (and chars (cgsearch--cjk-p tc))
              (save-excursion
                (goto-char pos)
                (when (and (looking-at cgsearch--annotation-regexp)
                           (not (string-match-p "[\u2e80-\U0010ffff]"
                                                (match-string 1))))
                  (setq pos (match-end 0))))))))
      (cons pos same))))

(defun cgsearch--match-end (beg)
  "Return the end of the match beginning at BEG, for highlighting.
The output gives no end: it is that of the part of the query that
matches at BEG with the most identical characters (and the fewest
others), see `cgsearch--phrase-at'; else BEG plus the length of
the longest part."
  (let* ((eol (save-excursion (goto-char beg) (line-end-position)))
         (phrases (cgsearch--phrases (or cgsearch--query "")))
         best best-same best-other)
    (dolist (p phrases)
      (let ((m (cgsearch--phrase-at p beg eol)))
        (when m
          (let ((other (- (length p) (cdr m))))
            (when (or (null best) (> (cdr m) best-same)
                      (and (= (cdr m) best-same) (< other best-other)))
              (setq best (car m) best-same (cdr m) best-other other))))))
    (max (min (1+ beg) eol)
         (or best (min eol (+ beg (length (car phrases))))))))

(defun cgsearch--column ()
  "Column (in characters, from 0) of the match on this vimgrep line.
Called by `compilation-parse-errors' with the match data of
`cgsearch--line-regexp', which it uses afterwards."
  (- (cgsearch--match-start) (match-end 0)))

(defun cgsearch--end-column ()
  "Column of the last character of the match on this vimgrep line."
  (let* ((text (match-end 0))
         (beg (cgsearch--match-start)))
    (save-match-data
      (- (cgsearch--match-end beg) text 1))))

(defvar cgsearch-regexp-alist
  `((,cgsearch--line-regexp 1 2 (cgsearch--column . cgsearch--end-column)
                            nil nil (3 compilation-column-face)))
  "How `cgsearch-mode' finds the matches in the output.
See `compilation-error-regexp-alist'.")

(defvar cgsearch-mode-font-lock-keywords
  `(("^Cgsearch started.*"
     (0 '(face nil compilation-message nil help-echo nil mouse-face nil) t))
    (,(concat "^Cgsearch finished with \\(?:"
              "\\(\\(?:[0-9]+ \\)?match\\(?:es\\)? found\\)"
              "\\|\\(no matches found\\)\\).*")
     (0 '(face nil compilation-message nil help-echo nil mouse-face nil) t)
     (1 compilation-info-face nil t)
     (2 compilation-warning-face nil t))
    (,(concat "^Cgsearch \\(exited abnormally\\|interrupt\\|killed"
              "\\|terminated\\)\\(?:.*with code \\([0-9]+\\)\\)?.*")
     (0 '(face nil compilation-message nil help-echo nil mouse-face nil) t)
     (1 grep-error-face)
     (2 grep-error-face nil t)))
  "Additional things to highlight in the *cgsearch* buffer.")

(defun cgsearch--filter ()
  "Highlight the matches in the output just inserted.
Runs from `compilation-filter-hook' on the whole lines that came in."
  (save-excursion
    (forward-line 0)
    (let ((end (point)))
      (goto-char compilation-filter-start)
      (forward-line 0)
      (while (re-search-forward cgsearch--line-regexp end t)
        (let* ((beg (cgsearch--match-start))
               (end (save-match-data (cgsearch--match-end beg))))
          (put-text-property beg end 'font-lock-face grep-match-face)
          (setq grep-num-matches-found (1+ grep-num-matches-found))
          (forward-line 1))))))

(defun cgsearch--process-setup ()
  "Prepare the *cgsearch* buffer for a run: count from 0, grep's messages."
  (setq-local grep-num-matches-found 0)
  (setq-local compilation-exit-message-function #'grep-exit-message))

(define-derived-mode cgsearch-mode grep-mode "Cgsearch"
  "Major mode for the matches that `cgsearch' lists.
As in `grep-mode', \\<cgsearch-mode-map>\\[compile-goto-error] visits \
the match at point, and
\\[next-error-no-select] and \\[previous-error-no-select] show the \
next and the previous one.

\\{cgsearch-mode-map}"
  (setq-local compilation-error "match")
  (setq-local compilation-error-regexp-alist cgsearch-regexp-alist)
  (setq-local compilation-mode-font-lock-keywords
              cgsearch-mode-font-lock-keywords)
  ;; Columns are characters from 0, tabs and wide characters included.
  (setq-local compilation-first-column 0)
  (setq-local compilation-error-screen-columns nil)
  (setq-local compilation-process-setup-function #'cgsearch--process-setup)
  ;; The processes started from this buffer talk UTF-8 (the query on
  ;; their command line, the text of the matches) whatever the locale,
  ;; through a pipe rather than a terminal.
  (setq-local process-coding-system-alist
              (cons '("" utf-8-unix . utf-8-unix) process-coding-system-alist))
  (setq-local process-connection-type nil)
  (remove-hook 'compilation-filter-hook #'grep-filter t)
  (add-hook 'compilation-filter-hook #'cgsearch--filter nil t))

(defun cgsearch--command (program arguments)
  "The shell command line for PROGRAM and its ARGUMENTS, each one word."
  (mapconcat #'shell-quote-argument (cons program arguments) " "))

;;;###autoload
(defun cgsearch (query &optional directory)
  "Search the index for QUERY with cgsearch; list the matches.
QUERY is in cgsearch's syntax: parts separated by spaces must all
occur in a file, \"...\" is one phrase, a OR b, -part excludes.
Traditional and Simplified characters match each other.

cgsearch runs asynchronously in DIRECTORY (by default, and without
a prefix argument, `default-directory'), which selects the index
unless `cgsearch-arguments' gives one.  Every match is listed in
the *cgsearch* buffer; \\[next-error] visits them one by one.
Returns the buffer."
  (interactive
   (let ((default (if (use-region-p)
                      (buffer-substring-no-properties
                       (region-beginning) (region-end))
                    (thing-at-point 'symbol t))))
     (list (read-string (if default
                            (format "Search (cgsearch, default %s): " default)
                          "Search (cgsearch): ")
                        nil 'cgsearch-history default)
           (and current-prefix-arg
                (read-directory-name "In directory: " nil nil t)))))
  (when (or (null query) (string-match-p "\\`[ \t\n]*\\'" query))
    (user-error "Empty query"))
  (let* ((default-directory (file-name-as-directory
                             (expand-file-name
                              (or directory default-directory))))
         (buffer (compilation-start
                  (cgsearch--command
                   cgsearch-program
                   (append cgsearch-arguments
                           '("--format" "vimgrep" "--all-passages" "-n" "0"
                             "--color" "never" "--")
                           (list query)))
                  #'cgsearch-mode)))
    (with-current-buffer buffer
      (setq cgsearch--query query))
    buffer))

(define-derived-mode cgsearch-index-mode compilation-mode "Cgindex"
  "Major mode for the output of `cgsearch-index'."
  (setq-local compilation-error-regexp-alist nil)
  (setq-local process-coding-system-alist
              (cons '("" utf-8-unix . utf-8-unix) process-coding-system-alist))
  (setq-local process-connection-type nil))

;;;###autoload
(defun cgsearch-index (&optional directory)
  "Update the cgsearch index with cgindex, asynchronously.
Runs `cgsearch-index-program' with `cgsearch-index-arguments' in
`default-directory'; its output goes to the *cgsearch-index* buffer.
With a prefix argument, ask for the DIRECTORY to index.
Returns the buffer."
  (interactive
   (list (and current-prefix-arg
              (read-directory-name "Index directory: " nil nil t))))
  (compilation-start
   (cgsearch--command cgsearch-index-program
                      (append cgsearch-index-arguments
                              (and directory
                                   (list "--" (expand-file-name directory)))))
   #'cgsearch-index-mode))

(provide 'cgsearch)
;;; cgsearch.el ends here
