/* strmap.c — a string-keyed hash map (open addressing, linear probing) for the
 * indexer's per-run bookkeeping: the files already in the index, the distinct words
 * seen. Keys are copied; values are caller-owned integers. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

cg_status cg_strmap_init(cg_strmap *m)
{
    memset(m, 0, sizeof *m);
    m->cap = 1024;
    m->slot = calloc(m->cap, sizeof *m->slot);
    return m->slot ? CG_OK : CG_ENOMEM;
}

void cg_strmap_free(cg_strmap *m)
{
    if (!m || !m->slot)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slot[i].key);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static size_t find(const cg_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slot[i].key &&
           !(m->slot[i].hash == h && m->slot[i].len == len && !memcmp(m->slot[i].key, key, len)))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static cg_status grow(cg_strmap *m)
{
    cg_strmap_entry *old = m->slot;
    size_t oldcap = m->cap;
    cg_strmap_entry *slot = calloc(oldcap * 2, sizeof *slot);
    if (!slot)
        return CG_ENOMEM;
    m->slot = slot;
    m->cap = oldcap * 2;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key)
            continue;
        size_t j = (size_t)old[i].hash & (m->cap - 1);
        while (m->slot[j].key)
            j = (j + 1) & (m->cap - 1);
        m->slot[j] = old[i];
    }
    free(old);
    return CG_OK;
}

cg_strmap_entry *cg_strmap_get(const cg_strmap *m, const char *key, size_t len)
{
    size_t i = find(m, key, len, cg_hash64(key, len));
    return m->slot[i].key ? &m->slot[i] : NULL;
}

cg_status cg_strmap_put(cg_strmap *m, const char *key, size_t len, cg_strmap_entry **out,
                        int *out_added)
{
    if ((m->count + 1) * 4 > m->cap * 3) {
        cg_status rc = grow(m);
        if (rc)
            return rc;
    }
    uint64_t h = cg_hash64(key, len);
    size_t i = find(m, key, len, h);
    *out_added = 0;
    if (!m->slot[i].key) {
        char *k = malloc(len + 1);
        if (!k)
            return CG_ENOMEM;
        memcpy(k, key, len);
        k[len] = '\0';
        m->slot[i].key = k;
        m->slot[i].len = len;
        m->slot[i].hash = h;
        m->slot[i].value = 0;
        m->slot[i].aux = 0;
        m->count++;
        *out_added = 1;
    }
    *out = &m->slot[i];
    return CG_OK;
}
