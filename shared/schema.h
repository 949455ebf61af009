/* schema.h — the index's names, in one place: where it lives, its value slots, term
 * prefixes and metadata keys, its format version and its size limits. The indexer
 * writes by these and the searcher reads by them (doc/INDEX-FORMAT.md says what each
 * holds); nothing else in the project spells them out. */
#ifndef CG_SCHEMA_H
#define CG_SCHEMA_H

/* ---- where: the folder cgindex creates and cgsearch looks for, walking up */
#define CG_DB_DIRNAME ".cgsearch"
/* A sharded index (cgindex --shards N) is a folder of N databases named by
 * CG_SHARD_NAME (its number from 0) and Xapian's stub file listing them, which
 * Xapian opens as one database (doc/INDEX-FORMAT.md, "Shards"). */
#define CG_STUB_FILE "XAPIANDB"
#define CG_SHARD_NAME "shard-%03u"
#define CG_MAX_SHARDS 256
#define CG_MAX_SHARDS_TEXT "256"
/* The lock file inside the index directory: held (flock) by the one cgindex writing
 * the index, with its pid inside (indexer/lock.c). */
#define CG_LOCK_FILE "cgindex.lock"

/* ---- value slots */
/* The file's path, in each of its documents: the collapse key (the parts of a file
 * split into several documents give one result), and the order of results of equal
 * score and of -l, the same however the index was built or sharded. */
#define CG_SLOT_PATH 0

/* ---- term prefixes (unprefixed terms are the pipeline's: doc/PIPELINE.md section 4) */
/* Keys of the synonym table: "Z" + an English stem -> the indexed words with it. */
#define CG_PREFIX_STEM "Z"
/* The title field (title.h): the title line's terms, made as the body's are, at
 * their own positions from 1 (Xapian's convention: S for subject or title). */
#define CG_PREFIX_TITLE "S"
/* One term per titled file: the title's whole-title key (cg_title_key_term). */
#define CG_PREFIX_TITLE_KEY "XT"
/* The headings field (cg_heading_next): each heading's terms, made as the body's
 * are, the headings one after another with a gap between them. */
#define CG_PREFIX_HEADING "XH"

/* ---- metadata keys */
#define CG_META_FINGERPRINT "cg.fingerprint" /* cg_pipeline_fingerprint() of the builder */
/* The indexed directory: relative to the index's directory ("..") when the index is
 * inside it, so that the tree can move with its index; else absolute. */
#define CG_META_ROOT "cg.root"

/* ---- format version: the layout of document data (docdata.c), part of the
 * pipeline fingerprint, so that an index of another layout is rebuilt, never misread */
#define CG_DATA_VERSION 7

/* ---- size limits */
/* A file is read, and indexed as documents, in parts of at most about this many
 * bytes, each ending at a passage boundary (cg_chunk_end): the memory the indexer
 * and the searcher need for a file is bounded by it, not by the file's size. */
#define CG_PART_BYTES (1024u * 1024u)
/* Files larger than this are not indexed (skipped with a warning) unless
 * cgindex --max-file-size says otherwise. */
#define CG_MAX_FILE_BYTES (1024ull * 1024u * 1024u)
#define CG_MAX_FILE_TEXT "1G"

/* Xapian flushes its in-memory postings every N documents (default 10,000), read
 * from XAPIAN_FLUSH_THRESHOLD when a database is opened; cgindex sets this unless
 * the user did. Our documents are whole files, so 10,000 of them make large maps
 * that miss the cache. On the 49 MB benchmark corpus 2,000 built in 13-15 s instead
 * of 19-20 s (126 MB peak RSS instead of 337 MB), and 1,000 was 3-7% faster again
 * than 2,000 in alternating runs of cgindex and of bench/xapian-replay. */
#define CG_FLUSH_THRESHOLD "1000"
/* ... and cgindex commits after this many bytes of text as well: Xapian keeps the
 * pending postings in memory, about one byte per byte of text (a 300 MB file of few
 * documents took 350 MB), so big files would make memory grow without bound. */
#define CG_FLUSH_BYTES (128u * 1024u * 1024u)

/* ---- functions over these names (schema.c) */
#include "cg.h"

/* The value of CG_META_ROOT for an index at db (an absolute, resolved directory) of
 * the collection at root (absolute, resolved): the way up from db to root ("..",
 * "../..") when db is inside root, else root itself. */
cg_status cg_root_to_meta(const char *db, const char *root, cg_buf *out);
/* The collection's absolute directory from the CG_META_ROOT value meta of the index
 * at db_path (a directory, or a stub file: then its directory counts): a relative
 * meta is resolved against it. Resolved through symbolic links when it exists; the
 * lexical form otherwise (a searcher that has the index but not the files). */
cg_status cg_root_from_meta(const char *db_path, const char *meta, cg_buf *out);

/* The shard (0 to nshards - 1) of the file at path (relative to the root): a hash of
 * the path, so that a file stays in its shard from run to run and all its documents
 * are in one shard (its collapse key is unique across shards). */
unsigned cg_shard_of(const char *path, size_t len, unsigned nshards);

/* Writes dir's stub file (CG_STUB_FILE) listing its shards 0 to nshards - 1. */
cg_status cg_shards_write_stub(const char *dir, unsigned nshards);
/* *nshards = how many shards the index directory db holds, as its stub file lists
 * them (0: db is one database, no stub file). CG_ECORRUPT for a stub file that does
 * not list CG_SHARD_NAME 0, 1, ... in order (not one cgindex wrote). */
cg_status cg_shards_read_stub(const char *db, unsigned *nshards);

#endif
