# The Emacs package: installed as source where Emacs looks for site packages
# (like automake's lispdir), neither byte-compiled nor needing Emacs to build.
# `make emacslispdir=DIR install` puts it elsewhere.
emacslispdir = $(datadir)/emacs/site-lisp
dist_emacslisp_DATA = searcher/editors/emacs/cgsearch.el

TESTS += tests/emacs.sh
EXTRA_DIST += tests/emacs.sh
