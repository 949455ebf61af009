/* fuzz-docdata.c — the document data decoder over any bytes.
 *
 * What a damaged index may hold: cg_docinfo_decode must refuse it (CG_ECORRUPT) or
 * give fields that lie inside the data, and cg_docinfo_passages must read the passage
 * table it found without reading past it, and give offsets and positions that only
 * grow (or refuse it). The buffer is copied to an allocation of
 * exactly its size, so that ASan sees any read past its end. */
#include "fuzz.h"

#include "docdata.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *d = malloc(size ? size : 1);
    FUZZ_CHECK(d);
    memcpy(d, data, size);
    cg_docinfo info;
    cg_status rc = cg_docinfo_decode(d, size, &info);
    FUZZ_CHECK(rc == CG_OK || rc == CG_ECORRUPT);
    if (rc == CG_OK) {
        const char *end = d + size;
        FUZZ_CHECK(info.path >= d && info.path + info.path_len <= end);
        FUZZ_CHECK(info.passages >= d && info.passages + info.passages_len <= end);
        FUZZ_CHECK(!info.text || (info.text >= d && info.text + info.text_len <= end));
        /* Each passage takes two varints of at least one byte. */
        FUZZ_CHECK((uint64_t)info.npassages * 2 <= info.passages_len);
        cg_passage_info *pass = malloc((info.npassages ? info.npassages : 1) * sizeof *pass);
        FUZZ_CHECK(pass);
        rc = cg_docinfo_passages(&info, pass);
        FUZZ_CHECK(rc == CG_OK || rc == CG_ECORRUPT);
        for (uint32_t i = 1; i < info.npassages && rc == CG_OK; i++)
            FUZZ_CHECK(pass[i].byte >= pass[i - 1].byte && pass[i].pos >= pass[i - 1].pos);
        free(pass);
    }
    free(d);
    return 0;
}
