/* dbpath.h — where the index is (doc/INDEX-FORMAT.md), and small file helpers. */
#ifndef CG_DBPATH_H
#define CG_DBPATH_H

#include "cg.h"
#include "schema.h"


/* Finds the index: explicit (--db) > $CGSEARCH_DB > the nearest .cgsearch/ walking up
 * from the current directory. Returns CG_ENOTFOUND when none; *out (caller frees
 * with free()) is then NULL. */
cg_status cg_dbpath_find(const char *explicit_path, char **out);

/* What is at an index location, before anything is written there. */
typedef enum cg_dbdir {
    CG_DBDIR_MISSING, /* nothing: a new index can be made there */
    CG_DBDIR_EMPTY,   /* a directory that is empty or holds only CG_LOCK_FILE: no index yet */
    CG_DBDIR_INDEX,   /* a Xapian database directory (its iamglass, iamchert or stub file) */
    CG_DBDIR_FOREIGN, /* a directory holding other files: not an index, never written to */
    CG_DBDIR_NOTDIR   /* a file (a Xapian stub file, for instance) or something else */
} cg_dbdir;
cg_dbdir cg_dbdir_kind(const char *path);

/* Opens path for reading when it is a regular file: never blocks on a FIFO or a
 * device (which is refused, errno EINVAL). Returns the descriptor, or -1 with errno. */
int cg_open_regular(const char *path);

/* Reads a whole file into out. CG_ENOTFOUND when it does not exist, CG_EIO otherwise
 * (also for what is not a regular file: FIFOs and devices are never read). */
cg_status cg_read_file(const char *path, cg_buf *out);
/* Reads the rest of the open file fd into out (CG_EIO when it cannot). */
cg_status cg_read_fd(int fd, cg_buf *out);

/* Reads the len bytes at offset from of the open file fd into out (CG_EIO when
 * they are not all there). */
cg_status cg_read_range(int fd, uint64_t from, size_t len, cg_buf *out);
/* cg_hash64 of the whole open file fd, read in pieces through scratch. */
cg_status cg_hash_fd(int fd, cg_buf *scratch, uint64_t *out);

/* Removes path and everything below it, as rm -rf does (temporary shards, an old
 * index); what cannot be removed is left. */
void cg_remove_tree(const char *path);

/* An absolute, normalized path for p (it must exist); caller frees with free(). */
char *cg_abspath(const char *p);

/* Appends path as shown to the user: relative to the current directory when below it,
 * else as it is (absolute). */
cg_status cg_display_path(const char *abs, cg_buf *out);

/* Appends s as one word of a shell command: as it is when it holds only safe
 * characters, else in single quotes (for the commands the programs suggest). */
cg_status cg_shell_quote(const char *s, cg_buf *out);

#endif
