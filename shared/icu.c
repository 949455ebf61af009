/* icu.c — libicuuc loaded on first use (see icu.h). */
#include "icu.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unicode/ucnv.h>
#include <unicode/uversion.h>

static cg_icu api;
static int loaded;
static char failure[256];

static const cg_icu *cannot_load(const char *what)
{
    snprintf(failure, sizeof failure, "cannot load ICU (libicuuc.so.%s): %s", U_ICU_VERSION_SHORT,
             what);
    return NULL;
}

/* Looks f up under its versioned name; a missing one fails like a missing library. */
#define LOOK_UP(lib, field, f)                                                     \
    do {                                                                           \
        *(void **)&api.field = dlsym(lib, CG_ICU_SYMBOL(f));                       \
        if (!api.field)                                                            \
            return cannot_load("no symbol " CG_ICU_SYMBOL(f));                     \
    } while (0)

const char *cg_icu_failure(void)
{
    return failure[0] ? failure : NULL;
}

const cg_icu *cg_icu_api(void)
{
    if (__builtin_expect(loaded, 1))
        return &api;
    if (failure[0])
        return NULL;
    void *lib = dlopen("libicuuc.so." U_ICU_VERSION_SHORT, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        return cannot_load(why ? why : "dlopen failed");
    }
    LOOK_UP(lib, get_script, uscript_getScript);
    LOOK_UP(lib, is_white_space, u_isUWhiteSpace);
    LOOK_UP(lib, char_type, u_charType);
    LOOK_UP(lib, nfkc_casefold, unorm2_getNFKCCasefoldInstance);
    LOOK_UP(lib, normalize, unorm2_normalize);
    LOOK_UP(lib, has_boundary_before, unorm2_hasBoundaryBefore);
    LOOK_UP(lib, brk_open, ubrk_open);
    LOOK_UP(lib, brk_set_text, ubrk_setText);
    LOOK_UP(lib, brk_first, ubrk_first);
    LOOK_UP(lib, brk_next, ubrk_next);
    LOOK_UP(lib, brk_close, ubrk_close);
    LOOK_UP(lib, convert, ucnv_convert);
    LOOK_UP(lib, error_name, u_errorName);
    loaded = 1;
    return &api;
}
