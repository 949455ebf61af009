/* strmap.h — a string-keyed hash map with two integer values per key. */
#ifndef CG_STRMAP_H
#define CG_STRMAP_H

#include "cg.h"

typedef struct cg_strmap_entry {
    char *key;       /* NUL-terminated copy, owned by the map */
    size_t len;
    uint64_t hash;
    uint64_t value;
    uint64_t aux;
} cg_strmap_entry;

typedef struct cg_strmap {
    cg_strmap_entry *slot;
    size_t cap;   /* a power of two */
    size_t count;
} cg_strmap;

cg_status cg_strmap_init(cg_strmap *m);
void cg_strmap_free(cg_strmap *m);
/* The entry for key, or NULL. Owned by the map, valid until the next put. */
cg_strmap_entry *cg_strmap_get(const cg_strmap *m, const char *key, size_t len);
/* Finds or adds key; *out_added says which. The entry is valid until the next put. */
cg_status cg_strmap_put(cg_strmap *m, const char *key, size_t len, cg_strmap_entry **out,
                        int *out_added);

#endif
