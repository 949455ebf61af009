# The Vim and Neovim plugin: installed into both editors' system runtime directories
# under $(datadir) (Debian's for --prefix=/usr). Override vimfilesdir or nvimsitedir
# on the make command line to install elsewhere.
vimfilesdir = $(datadir)/vim/vimfiles
nvimsitedir = $(datadir)/nvim/site

vimplugindir = $(vimfilesdir)/plugin
vimdocdir = $(vimfilesdir)/doc
nvimplugindir = $(nvimsitedir)/plugin
nvimdocdir = $(nvimsitedir)/doc

dist_vimplugin_DATA = searcher/editors/vim/plugin/cgsearch.vim
dist_vimdoc_DATA = searcher/editors/vim/doc/cgsearch.txt
dist_nvimplugin_DATA = searcher/editors/vim/plugin/cgsearch.vim
dist_nvimdoc_DATA = searcher/editors/vim/doc/cgsearch.txt

TESTS += tests/vim.sh
EXTRA_DIST += tests/vim.sh
