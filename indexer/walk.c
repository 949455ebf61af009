/* walk.c — listing the files of a collection as ripgrep's `rg --files` does: regular
 * files only (no symbolic link: it could lead outside the root or into a loop; no
 * FIFO or device: reading one could hang), no dot-entries, and what the ignore files
 * and the --glob options leave. Each folder's ignore files are compiled once, when
 * the walk enters it, onto a stack of levels from / down to the current folder. */
#define _POSIX_C_SOURCE 200809L
#include "walk.h"

#include "ignore.h"
#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CUSTOM_IGNORE ".cgsearchignore"  /* like ripgrep's .rgignore */

/* The ignore files of one folder. */
typedef struct level {
    size_t off;          /* paths relative to the folder start at this offset of walker.abs */
    int has_git;         /* the folder holds .git: a repository's top */
    cg_ignore custom, dot, git, exclude; /* .cgsearchignore, .ignore, .gitignore, .git/info/exclude */
} level;

typedef struct walker {
    const cg_walk_opts *o;
    void (*warn)(const char *, const char *);
    cg_walk *out;
    cg_buf abs;          /* the absolute path of the folder or entry at hand */
    size_t root_off;     /* where the path below the root starts in abs */
    cg_ignore globs;     /* --glob and --iglob */
    level *lv;
    size_t nlv, caplv;
    size_t ngit;         /* levels that are a repository's top */
    size_t nnegated;     /* '!' patterns in the levels: one may bring back a dot-file */
    size_t npatterns;    /* patterns in the levels: none, nothing to match */
} walker;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static cg_status add(cg_walk *w, const char *rel, const struct stat *st)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        cg_walk_file *f = realloc(w->f, cap * sizeof *f);
        if (!f)
            return CG_ENOMEM;
        w->f = f;
        w->cap = cap;
    }
    size_t len = strlen(rel);
    char *copy = malloc(len + 1);
    if (!copy)
        return CG_ENOMEM;
    memcpy(copy, rel, len + 1);
    w->f[w->n].rel = copy;
    w->f[w->n].size = (uint64_t)st->st_size;
    w->f[w->n].mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    w->n++;
    return CG_OK;
}

/* Sets abs to its first len bytes followed by "/name" (or to them alone). */
static cg_status abs_set(walker *w, size_t len, const char *name)
{
    w->abs.len = len;
    if (w->abs.ptr)
        w->abs.ptr[len] = '\0';
    cg_status rc = CG_OK;
    if (name) {
        rc = cg_buf_putc(&w->abs, '/');
        if (!rc)
            rc = cg_buf_puts(&w->abs, name);
    }
    return rc;
}

/* Pushes the level of the folder whose path is abs[0..len): reads the ignore files
 * that are there (has_* say which, when the folder was listed; has_git -1: look). */
static cg_status push_level(walker *w, size_t len, int has_custom, int has_dot, int has_gitignore,
                            int has_git)
{
    if (w->nlv == w->caplv) {
        size_t cap = w->caplv ? w->caplv * 2 : 16;
        level *nl = realloc(w->lv, cap * sizeof *nl);
        if (!nl)
            return CG_ENOMEM;
        w->lv = nl;
        w->caplv = cap;
    }
    level *l = &w->lv[w->nlv++];
    memset(l, 0, sizeof *l);
    l->off = len + 1;
    struct {
        int present;
        const char *name;
        cg_ignore *into;
    } files[] = {
        {has_custom, CUSTOM_IGNORE, &l->custom},
        {has_dot, ".ignore", &l->dot},
        {has_gitignore, ".gitignore", &l->git},
        {0, ".git/info/exclude", &l->exclude},
    };
    cg_buf path = {0};
    cg_status rc = CG_OK;
    if (has_git < 0) {
        struct stat st;
        rc = cg_buf_printf(&path, "%.*s/.git", (int)len, w->abs.ptr);
        has_git = !rc && stat(path.ptr, &st) == 0;
    }
    l->has_git = has_git;
    w->ngit += (size_t)l->has_git;
    files[3].present = has_git;
    for (size_t i = 0; i < sizeof files / sizeof files[0] && !rc; i++) {
        if (!files[i].present)
            continue;
        cg_buf_clear(&path);
        rc = cg_buf_printf(&path, "%.*s/%s", (int)len, w->abs.ptr, files[i].name);
        if (!rc)
            rc = cg_ignore_load(files[i].into, path.ptr, w->warn);
        w->nnegated += files[i].into->nnegated;
        w->npatterns += files[i].into->n;
    }
    cg_buf_free(&path);
    return rc;
}

static void pop_level(walker *w)
{
    level *l = &w->lv[--w->nlv];
    w->ngit -= (size_t)l->has_git;
    w->nnegated -= l->custom.nnegated + l->dot.nnegated + l->git.nnegated + l->exclude.nnegated;
    w->npatterns -= l->custom.n + l->dot.n + l->git.n + l->exclude.n;
    cg_ignore_free(&l->custom);
    cg_ignore_free(&l->dot);
    cg_ignore_free(&l->git);
    cg_ignore_free(&l->exclude);
}

/* What the ignore files say of the entry at abs (ripgrep's precedence): the deepest
 * file of a kind that matches decides for that kind, and .cgsearchignore goes before
 * .ignore before .gitignore before .git/info/exclude. .gitignore files count only
 * inside a repository, from the entry's folder up to the repository's top. */
static cg_ign_match ignore_files_say(const walker *w, int is_dir)
{
    cg_ign_match custom = CG_IGN_NONE, dot = CG_IGN_NONE, git = CG_IGN_NONE, excl = CG_IGN_NONE;
    int saw_git = 0;
    for (size_t i = w->nlv; i-- > 0;) {
        const level *l = &w->lv[i];
        const char *rel = w->abs.ptr + l->off;
        if (!custom)
            custom = cg_ignore_match(&l->custom, rel, is_dir);
        if (!dot)
            dot = cg_ignore_match(&l->dot, rel, is_dir);
        if (w->ngit && !saw_git) {
            if (!git)
                git = cg_ignore_match(&l->git, rel, is_dir);
            if (!excl)
                excl = cg_ignore_match(&l->exclude, rel, is_dir);
        }
        saw_git |= l->has_git;
    }
    return custom ? custom : dot ? dot : git ? git : excl;
}

/* Whether the entry at abs (its last component name) is left out. */
static int left_out(const walker *w, const char *name, int is_dir)
{
    if (w->globs.n) {
        /* A --glob pattern is an ignore pattern turned around: matching it includes. */
        cg_ign_match m = cg_ignore_match(&w->globs, w->abs.ptr + w->root_off, is_dir);
        if (m == CG_IGN_IGNORE)
            return 0;
        if (m == CG_IGN_WHITELIST)
            return 1;
        if (!is_dir && w->globs.n > w->globs.nnegated)
            return 1; /* there are --glob patterns to include and it matches none */
    }
    if (w->npatterns) {
        cg_ign_match m = ignore_files_say(w, is_dir);
        if (m)
            return m == CG_IGN_IGNORE;
    }
    return name[0] == '.';
}

static int never_entered(const char *name)
{
    return !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git") ||
           !strcmp(name, CG_DB_DIRNAME);
}

/* Lists the folder whose path is abs (of length len) and what is below it. */
static cg_status walk_dir(walker *w, size_t len)
{
    DIR *d = opendir(len ? w->abs.ptr : "/");
    if (!d) {
        w->warn(len ? w->abs.ptr : "/", strerror(errno));
        return CG_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int has_custom = 0, has_dot = 0, has_gitignore = 0, has_git = 0;
    cg_status rc = CG_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        const char *nm = e->d_name;
        if (nm[0] == '.') {
            has_custom |= !strcmp(nm, CUSTOM_IGNORE);
            has_dot |= !strcmp(nm, ".ignore");
            has_gitignore |= !strcmp(nm, ".gitignore");
            has_git |= !strcmp(nm, ".git");
            if (never_entered(nm))
                continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = CG_ENOMEM;
                break;
            }
            names = nn;
        }
        size_t nlen = strlen(nm);
        names[n] = malloc(nlen + 1);
        if (!names[n]) {
            rc = CG_ENOMEM;
            break;
        }
        memcpy(names[n++], nm, nlen + 1);
    }
    closedir(d);
    int pushed = 0;
    if (!rc && !w->o->no_ignore) {
        rc = push_level(w, len, has_custom, has_dot, has_gitignore, has_git);
        pushed = 1;
    }
    if (!rc && n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && !rc; i++) {
        /* Without patterns, nothing can bring a dot-entry back: no lstat for it. */
        if (names[i][0] == '.' && !w->globs.n && !w->nnegated)
            continue;
        rc = abs_set(w, len, names[i]);
        struct stat st;
        if (rc)
            break;
        if (lstat(w->abs.ptr, &st) != 0) {
            w->warn(w->abs.ptr, strerror(errno)); /* gone since the folder was read */
            continue;
        }
        int is_dir = S_ISDIR(st.st_mode);
        if ((!is_dir && !S_ISREG(st.st_mode)) || left_out(w, names[i], is_dir))
            continue;
        if (is_dir)
            rc = walk_dir(w, w->abs.len);
        else
            rc = add(w->out, w->abs.ptr + w->root_off, &st);
    }
    if (pushed)
        pop_level(w);
    abs_set(w, len, NULL);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

cg_status cg_walk_tree(const char *root, const cg_walk_opts *o, cg_walk *out,
                       void (*warn)(const char *, const char *))
{
    static const cg_walk_opts defaults = {0};
    walker w = {.o = o ? o : &defaults, .warn = warn, .out = out};
    memset(out, 0, sizeof *out);
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        len--;
    if (len == 1 && root[0] == '/')
        len = 0; /* "/" is the empty path: its entries are "/name" */
    cg_status rc = cg_buf_append(&w.abs, root, len);
    if (!rc)
        rc = cg_buf_reserve(&w.abs, 256);
    w.root_off = len + 1;
    for (size_t i = 0; i < w.o->nglobs && !rc; i++) {
        const char *why;
        const char *g = w.o->globs[i].pattern;
        rc = cg_ignore_add_line(&w.globs, g, strlen(g), w.o->globs[i].nocase, &why);
    }
    /* The ignore files of root's parent folders count too, as in ripgrep. */
    if (!rc && !w.o->no_ignore && root[0] == '/')
        for (size_t i = 0; i < len && !rc; i++)
            if (i == 0 || w.abs.ptr[i] == '/')
                rc = push_level(&w, i, 1, 1, 1, -1);
    if (!rc)
        rc = walk_dir(&w, len);
    while (w.nlv)
        pop_level(&w);
    free(w.lv);
    cg_ignore_free(&w.globs);
    cg_buf_free(&w.abs);
    if (rc)
        cg_walk_free(out);
    return rc;
}

void cg_walk_free(cg_walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->f[i].rel);
    free(w->f);
    memset(w, 0, sizeof *w);
}
