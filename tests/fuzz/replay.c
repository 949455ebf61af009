/* replay.c — a fuzz target as a plain test program: runs the target over every file
 * of its committed corpus (the seeds and the inputs that once crashed it), as TAP.
 * make check runs it without libFuzzer, with any compiler; a crash or a failed check
 * aborts it, and the test fails.
 *
 * Usage: replay-TARGET [FILE...]   (no FILE: $CG_SRCDIR/tests/fuzz/corpus/TARGET/) */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <dirent.h>
#include <string.h>

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the target's corpus folder"
#endif

static int run_one(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, len = 0, n;
    char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    int err = ferror(f) || !buf;
    fclose(f);
    if (!err)
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
    free(buf);
    return err ? -1 : 0;
}

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int failed = 0;
    if (argc > 1) {
        printf("1..%d\n", argc - 1);
        for (int i = 1; i < argc; i++) {
            int bad = run_one(argv[i]) != 0;
            failed |= bad;
            printf("%sok %d - %s\n", bad ? "not " : "", i, argv[i]);
        }
        return failed;
    }
    const char *src = getenv("CG_SRCDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src ? src : ".", FUZZ_TARGET);
    struct dirent **names;
    int n = scandir(dir, &names, visible, by_name);
    if (n <= 0) {
        printf("1..1\nnot ok 1 - no corpus in %s\n", dir);
        return 1;
    }
    printf("1..%d\n", n);
    for (int i = 0; i < n; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        fflush(stdout);
        int bad = run_one(path) != 0;
        failed |= bad;
        printf("%sok %d - %s %s\n", bad ? "not " : "", i + 1, FUZZ_TARGET, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    return failed;
}
