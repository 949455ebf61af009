# Snippets a reader can trust (tests/snippets.sh): where snippets are cut, phrase
# highlighting, hard line breaks. It joins INTEGRATION_TESTS (tests/Makefile.mk),
# which puts it in TESTS and EXTRA_DIST and runs it again under the sanitizers.
INTEGRATION_TESTS += tests/snippets.sh
