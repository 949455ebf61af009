/* schema.c — what the index's names mean beyond a constant: where its root is, and
 * which shard a file is in (schema.h). */
#define _POSIX_C_SOURCE 200809L
#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

cg_status cg_root_to_meta(const char *db, const char *root, cg_buf *out)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    int inside = n == 1 ? db[0] == '/' : !strncmp(db, root, n) && db[n] == '/';
    if (!inside || db[n == 1 ? 0 : n] == '\0')
        return cg_buf_puts(out, root);
    /* One ".." for each component of db below root. */
    cg_status rc = CG_OK;
    const char *p = db + (n == 1 ? 0 : n);
    int first = 1;
    while (*p && !rc) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        rc = cg_buf_puts(out, first ? ".." : "/..");
        first = 0;
        while (*p && *p != '/')
            p++;
    }
    return first ? cg_buf_puts(out, ".") : rc;
}

/* Appends path to out with "." and ".." components taken out, lexically. */
static cg_status normalize_into(const char *path, cg_buf *out)
{
    cg_status rc = cg_buf_puts(out, "/");
    const char *p = path;
    while (*p && !rc) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (out->len > 1 && out->ptr[out->len - 1] != '/')
                out->len--;
            if (out->len > 1)
                out->len--;
            out->ptr[out->len] = '\0';
        } else if (len && !(len == 1 && p[0] == '.')) {
            if (out->len > 1)
                rc = cg_buf_puts(out, "/");
            if (!rc)
                rc = cg_buf_append(out, p, len);
        }
        p = e;
    }
    return rc;
}

cg_status cg_root_from_meta(const char *db_path, const char *meta, cg_buf *out)
{
    cg_buf joined = {0};
    cg_status rc = CG_OK;
    if (meta[0] == '/') {
        rc = cg_buf_puts(&joined, meta);
    } else {
        /* The index's directory: db_path itself, or the directory of a stub file. */
        struct stat sb;
        char *base = realpath(db_path, NULL);
        if (!base)
            return CG_ENOTFOUND;
        if (stat(base, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
            char *slash = strrchr(base, '/');
            if (slash)
                slash[slash == base ? 1 : 0] = '\0';
        }
        rc = cg_buf_printf(&joined, "%s/%s", base, meta);
        free(base);
    }
    if (!rc) {
        char *real = realpath(joined.ptr, NULL);
        rc = real ? cg_buf_puts(out, real) : normalize_into(joined.ptr, out);
        free(real);
    }
    cg_buf_free(&joined);
    return rc;
}

unsigned cg_shard_of(const char *path, size_t len, unsigned nshards)
{
    return nshards > 1 ? (unsigned)(cg_hash64(path, len) % nshards) : 0;
}

cg_status cg_shards_write_stub(const char *dir, unsigned nshards)
{
    cg_buf path = {0}, text = {0};
    cg_status rc = cg_buf_printf(&path, "%s/%s", dir, CG_STUB_FILE);
    /* Xapian reads "auto PATH" lines, PATH relative to the stub file's directory. */
    for (unsigned k = 0; k < nshards && !rc; k++) {
        rc = cg_buf_puts(&text, "auto ");
        if (!rc)
            rc = cg_buf_printf(&text, CG_SHARD_NAME "\n", k);
    }
    FILE *f = rc ? NULL : fopen(path.ptr, "w");
    if (!rc && !f)
        rc = errno == ENOSPC ? CG_ENOSPACE : CG_EIO;
    if (f) {
        if (fwrite(text.ptr, 1, text.len, f) != text.len)
            rc = errno == ENOSPC ? CG_ENOSPACE : CG_EIO;
        if (fclose(f) != 0 && !rc)
            rc = errno == ENOSPC ? CG_ENOSPACE : CG_EIO;
    }
    cg_buf_free(&path);
    cg_buf_free(&text);
    return rc;
}

cg_status cg_shards_read_stub(const char *db, unsigned *nshards)
{
    *nshards = 0;
    cg_buf path = {0}, want = {0};
    cg_status rc = cg_buf_printf(&path, "%s/%s", db, CG_STUB_FILE);
    FILE *f = rc ? NULL : fopen(path.ptr, "r");
    if (!f) {
        cg_buf_free(&path);
        return rc ? rc : errno == ENOENT ? CG_OK : CG_EIO;
    }
    char line[256];
    while (!rc && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        cg_buf_clear(&want);
        rc = cg_buf_printf(&want, "auto " CG_SHARD_NAME "\n", *nshards);
        if (!rc && strcmp(line, want.ptr))
            rc = CG_ECORRUPT;
        if (!rc && ++*nshards > CG_MAX_SHARDS)
            rc = CG_ECORRUPT;
    }
    if (!rc && ferror(f))
        rc = CG_EIO;
    fclose(f);
    if (!rc && *nshards == 0)
        rc = CG_ECORRUPT;
    cg_buf_free(&path);
    cg_buf_free(&want);
    return rc;
}
