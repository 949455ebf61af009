/* fault.c — see fault.h. */
#define _POSIX_C_SOURCE 200809L
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

void cg_fault(const char *name)
{
    static int parsed;
    static const char *want;
    static size_t want_len;
    static long at, seen;
    static int sig = SIGKILL;
    if (!parsed) {
        parsed = 1;
        const char *spec = getenv("CGINDEX_FAULT");
        const char *colon = spec ? strchr(spec, ':') : NULL;
        if (colon) {
            char *end;
            want = spec;
            want_len = (size_t)(colon - spec);
            at = strtol(colon + 1, &end, 10);
            if (!strcmp(end, ":stop"))
                sig = SIGSTOP;
        }
    }
    if (want && strlen(name) == want_len && !memcmp(name, want, want_len) && ++seen == at)
        raise(sig);
}
