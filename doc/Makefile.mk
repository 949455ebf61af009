# What `make install` puts beside the programs: the man pages, and the bash and zsh
# completions where those shells look for them under $(datadir) (Debian's and most
# distributions' directories for --prefix=/usr). Override bashcompletiondir or
# zshcompletiondir on the make command line to install elsewhere.
dist_man1_MANS = doc/cgsearch.1 doc/cgindex.1

# zsh finds a completion by its file name (_cgsearch, with its #compdef line).
zshcompletiondir = $(datadir)/zsh/vendor-completions
dist_zshcompletion_DATA = searcher/completions/_cgsearch searcher/completions/_cgindex

# bash-completion loads completions/NAME when NAME is first completed, so the files
# are installed under the programs' names, without their .bash.
bashcompletiondir = $(datadir)/bash-completion/completions
BASH_COMPLETIONS = searcher/completions/cgsearch.bash searcher/completions/cgindex.bash
EXTRA_DIST += $(BASH_COMPLETIONS)

install-data-local: install-bash-completions
uninstall-local: uninstall-bash-completions
.PHONY: install-bash-completions uninstall-bash-completions
install-bash-completions:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	for f in $(BASH_COMPLETIONS); do \
	  $(INSTALL_DATA) "$(srcdir)/$$f" "$(DESTDIR)$(bashcompletiondir)/`basename $$f .bash`" || exit 1; \
	done
uninstall-bash-completions:
	for f in $(BASH_COMPLETIONS); do \
	  rm -f "$(DESTDIR)$(bashcompletiondir)/`basename $$f .bash`"; \
	done

# Installs into a scratch DESTDIR and checks every installed file (tests/install.sh).
TESTS += tests/install.sh
EXTRA_DIST += tests/install.sh
