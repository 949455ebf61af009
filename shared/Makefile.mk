# libcgshared: the code both programs use. xapian_shim.cc is the only C++ file and the
# only one that sees XAPIAN_CFLAGS (they carry ABI flags).
libcgshared_la_SOURCES = \
	shared/cg.h shared/cg-private.h \
	shared/errors.c shared/buf.c shared/utf8.c shared/chars.c \
	shared/charprops.c shared/charprops.h shared/icu.c shared/icu.h \
	shared/decode.c shared/common-hanzi.inc shared/normalize.c shared/tokenize.c shared/cjkterm.c \
	shared/strmap.c shared/strmap.h \
	shared/schema.h shared/schema.c shared/docdata.c shared/docdata.h \
	shared/dbpath.c shared/dbpath.h \
	shared/query.c shared/query.h \
	shared/rank.c shared/rank.h shared/title.c shared/title.h \
	shared/explain.c shared/explain.h \
	shared/snippet.c shared/snippet.h \
	shared/render.c shared/render.h \
	shared/escape.c shared/escape.h \
	shared/search.c shared/search.h \
	shared/options.c shared/options.h \
	shared/xapian_shim.cc shared/xapian_shim.h
nodist_libcgshared_la_SOURCES = shared/t2s-table.c shared/chartab.c
libcgshared_la_CXXFLAGS = $(AM_CXXFLAGS) $(XAPIAN_CFLAGS)
# ICU is not linked: shared/icu.c loads libicuuc on first use (icu.h says why).
libcgshared_la_LIBADD = $(XAPIAN_LIBS) $(CMARK_LIBS)

# The Traditional→Simplified table is generated from the ICU we build against.
noinst_PROGRAMS += shared/gen-t2s
shared_gen_t2s_SOURCES = shared/gen-t2s.c
shared_gen_t2s_LDADD = $(ICU_I18N_LIBS)
shared/t2s-table.c: shared/gen-t2s$(EXEEXT)
	$(AM_V_GEN)shared/gen-t2s$(EXEEXT) > $@.tmp && mv $@.tmp $@

# So are the BMP's character classes and NFKC_Casefold forms (charprops.h).
noinst_PROGRAMS += shared/gen-chartab
shared_gen_chartab_SOURCES = shared/gen-chartab.c shared/charprops.c shared/charprops.h \
	shared/icu.c shared/icu.h
shared_gen_chartab_CFLAGS = $(AM_CFLAGS)
shared_gen_chartab_LDADD = $(ICU_LIBS)
shared/chartab.c: shared/gen-chartab$(EXEEXT)
	$(AM_V_GEN)shared/gen-chartab$(EXEEXT) > $@.tmp && mv $@.tmp $@

BUILT_SOURCES = shared/t2s-table.c shared/chartab.c
CLEANFILES += shared/t2s-table.c shared/chartab.c
