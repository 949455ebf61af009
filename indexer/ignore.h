/* ignore.h — gitignore patterns, as git and ripgrep read them: one list per ignore
 * file (.gitignore, .ignore, .cgsearchignore) or for the --glob/--iglob options. A
 * list is compiled once (when its directory is entered) and matched against each
 * path below that directory. */
#ifndef CG_IGNORE_H
#define CG_IGNORE_H

#include "cg.h"

typedef enum cg_ign_match {
    CG_IGN_NONE = 0,     /* no pattern matches */
    CG_IGN_IGNORE,       /* the last pattern that matches ignores the path */
    CG_IGN_WHITELIST     /* the last pattern that matches is a negation (!pattern) */
} cg_ign_match;

typedef struct cg_ignore_pat {
    char *glob;          /* without '!', the leading '/' and the trailing '/' */
    unsigned char negate, dir_only, nocase;
    unsigned char basename;  /* no '/' in it: matched against the last component */
} cg_ignore_pat;

typedef struct cg_ignore {
    cg_ignore_pat *pat;
    size_t n, cap;
    size_t nnegated;
} cg_ignore;

/* Adds one line of an ignore file (no newline): blank lines and '#' comments add
 * nothing. A malformed pattern (an unclosed '[') is CG_EINVAL with *why set. */
cg_status cg_ignore_add_line(cg_ignore *ig, const char *line, size_t len, int nocase,
                             const char **why);

/* Adds the patterns of the file at path. A missing file adds nothing; a file that
 * cannot be read, is not a regular file, or has malformed lines is reported
 * through warn (once per line) and the rest is kept. CG_ENOMEM or CG_OK. */
cg_status cg_ignore_load(cg_ignore *ig, const char *path,
                         void (*warn)(const char *path, const char *what));

/* What the list says of rel, a '/'-separated path relative to the list's directory
 * (is_dir: it names a directory). The last matching pattern wins, as in git. */
cg_ign_match cg_ignore_match(const cg_ignore *ig, const char *rel, int is_dir);

void cg_ignore_free(cg_ignore *ig);

#endif
