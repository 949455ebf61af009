/* fuzz.h — what every fuzz target of tests/fuzz/ defines and may use.
 *
 * A target is built two ways: with clang's -fsanitize=fuzzer (libFuzzer provides
 * main; ./check runs it for a fixed budget, tests/fuzz.sh), and as a plain program with
 * replay.c's main, which make check runs over the committed corpus
 * (tests/fuzz/corpus/TARGET/: the seeds and every input that once crashed). */
#ifndef CG_FUZZ_H
#define CG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise of the library: report it and abort, so that libFuzzer (or the
 * replay) stops on the input that broke it. */
#define FUZZ_CHECK(cond)                                                             \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                 \
        }                                                                            \
    } while (0)

#endif
