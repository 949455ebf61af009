/* walk.c — listing the files of a collection: regular files only, no dot-entries,
 * no symbolic links (a link could lead outside the root or into a loop). */
#define _POSIX_C_SOURCE 200809L
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static cg_status walk_dir(const char *root, cg_buf *rel, cg_walk *w,
                          void (*warn)(const char *, const char *))
{
    cg_buf abs = {0};
    cg_status rc = cg_buf_printf(&abs, "%s%s%s", root, rel->len ? "/" : "", rel->len ? rel->ptr : "");
    if (rc)
        return rc;
    DIR *d = opendir(abs.ptr);
    if (!d) {
        warn(abs.ptr, strerror(errno));
        cg_buf_free(&abs);
        return CG_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = CG_ENOMEM;
                break;
            }
            names = nn;
        }
        size_t len = strlen(e->d_name);
        names[n] = malloc(len + 1);
        if (!names[n]) {
            rc = CG_ENOMEM;
            break;
        }
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    if (!rc && n)
        qsort(names, n, sizeof *names, by_name);
    size_t base = rel->len;
    for (size_t i = 0; i < n && !rc; i++) {
        rel->len = base;
        if (base)
            rc = cg_buf_putc(rel, '/');
        if (!rc)
            rc = cg_buf_puts(rel, names[i]);
        cg_buf_clear(&abs);
        if (!rc)
            rc = cg_buf_printf(&abs, "%s/%s", root, rel->ptr);
        struct stat st;
        if (rc)
            break;
        if (lstat(abs.ptr, &st) != 0) {
            warn(abs.ptr, strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(root, rel, w, warn);
        else if (S_ISREG(st.st_mode))
            rc = add(w, rel->ptr, &st);
    }
    rel->len = base;
    if (rel->ptr)
        rel->ptr[base] = '\0';
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    cg_buf_free(&abs);
    return rc;
}

cg_status cg_walk_tree(const char *root, cg_walk *out, void (*warn)(const char *, const char *))
{
    memset(out, 0, sizeof *out);
    cg_buf rel = {0};
    cg_status rc = cg_buf_reserve(&rel, 256);
    if (!rc) {
        rel.ptr[0] = '\0';
        rc = walk_dir(root, &rel, out, warn);
    }
    cg_buf_free(&rel);
    return rc;
}

void cg_walk_free(cg_walk *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->f[i].rel);
    free(w->f);
    memset(w, 0, sizeof *w);
}
