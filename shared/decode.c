/* decode.c — step 1 of the pipeline: a file's bytes to UTF-8 (doc/PIPELINE.md).
 *
 * UTF-8 is passed through without a copy, so byte offsets are the file's own.
 * UTF-8 with a few invalid bytes (at most 1 in 100) is still UTF-8: the pipeline
 * reads each bad byte as U+FFFD. Other encodings are converted with ICU: UTF-16 by
 * its BOM, GB18030 and Big5 when ICU's detector is confident. A NUL byte in text
 * that is not UTF-16 means binary.
 *
 * ICU's charset detector lives in libicui18n, which costs every process that links it
 * about 0.5 ms to load (measured: 1.69 against 1.23 ms for a program that only
 * normalizes), a sixth of a whole cgsearch run. Only a file that is neither UTF-8 nor
 * UTF-16 needs it, so it is loaded with dlopen the first time one does. */
#include "cg.h"
#include "icu.h"

#include <dlfcn.h>
#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/uversion.h>

static struct detector_api {
    int tried, ok;
    UCharsetDetector *(*open)(UErrorCode *);
    void (*set_text)(UCharsetDetector *, const char *, int32_t, UErrorCode *);
    const UCharsetMatch *(*detect)(UCharsetDetector *, UErrorCode *);
    const char *(*get_name)(const UCharsetMatch *, UErrorCode *);
    int32_t (*get_confidence)(const UCharsetMatch *, UErrorCode *);
    void (*close)(UCharsetDetector *);
} det_api;

static int load_detector(void)
{
    if (det_api.tried)
        return det_api.ok;
    det_api.tried = 1;
    void *lib = dlopen("libicui18n.so." U_ICU_VERSION_SHORT, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return 0;
    *(void **)&det_api.open = dlsym(lib, CG_ICU_SYMBOL(ucsdet_open));
    *(void **)&det_api.set_text = dlsym(lib, CG_ICU_SYMBOL(ucsdet_setText));
    *(void **)&det_api.detect = dlsym(lib, CG_ICU_SYMBOL(ucsdet_detect));
    *(void **)&det_api.get_name = dlsym(lib, CG_ICU_SYMBOL(ucsdet_getName));
    *(void **)&det_api.get_confidence = dlsym(lib, CG_ICU_SYMBOL(ucsdet_getConfidence));
    *(void **)&det_api.close = dlsym(lib, CG_ICU_SYMBOL(ucsdet_close));
    det_api.ok = det_api.open && det_api.set_text && det_api.detect && det_api.get_name &&
                 det_api.get_confidence && det_api.close;
    return det_api.ok;
}

static cg_status convert(const char *from, const char *raw, size_t len, cg_buf *conv)
{
    UErrorCode err = U_ZERO_ERROR;
    cg_buf_clear(conv);
    if (len > INT32_MAX / 4)
        return CG_EENCODING;
    if (cg_buf_reserve(conv, len * 3 + 16))
        return CG_ENOMEM;
    const cg_icu *icu = cg_icu_api();
    if (!icu)
        return CG_EINTERNAL;
    int32_t n = icu->convert("UTF-8", from, conv->ptr, (int32_t)(conv->cap - 1), raw, (int32_t)len,
                             &err);
    if (U_FAILURE(err))
        return err == U_MEMORY_ALLOCATION_ERROR ? CG_ENOMEM : CG_EENCODING;
    conv->len = (size_t)n;
    conv->ptr[n] = '\0';
    return CG_OK;
}

static size_t count_invalid(const char *s, size_t len, int *has_nul)
{
    size_t bad = 0;
    *has_nul = 0;
    for (size_t i = 0; i < len;) {
        size_t ok = cg_utf8_check(s + i, len - i);
        i += ok;
        if (i < len) {
            if (s[i] == '\0')
                *has_nul = 1;
            else
                bad++;
            i++;
        }
    }
    return bad;
}

cg_status cg_decode(const char *raw, size_t len, cg_buf *conv, const char **out_text,
                    size_t *out_text_len, size_t *out_offset, const char **out_encoding)
{
    const unsigned char *u = (const unsigned char *)raw;
    *out_offset = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *out_text = raw + 3;
        *out_text_len = len - 3;
        *out_offset = 3;
        *out_encoding = "UTF-8";
        return CG_OK;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *enc = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        cg_status rc = convert(enc, raw + 2, len - 2, conv);
        if (rc)
            return rc;
        *out_text = conv->ptr;
        *out_text_len = conv->len;
        *out_encoding = enc;
        return CG_OK;
    }
    int has_nul;
    size_t bad = count_invalid(raw, len, &has_nul);
    if (has_nul)
        return CG_EENCODING;
    if (bad == 0 || bad * 100 <= len) {
        /* An ASCII-compatible legacy text can look like UTF-8 with errors; ask the
         * detector only when the errors are many. */
        *out_text = raw;
        *out_text_len = len;
        *out_encoding = "UTF-8";
        return CG_OK;
    }
    if (!load_detector())
        return CG_EENCODING;
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = det_api.open(&err);
    const char *name = NULL;
    int32_t confidence = 0;
    if (U_SUCCESS(err) && !det)
        err = U_MEMORY_ALLOCATION_ERROR; /* ICU 72's ucsdet_open when its new fails */
    if (U_SUCCESS(err)) {
        det_api.set_text(det, raw, (int32_t)(len > INT32_MAX ? INT32_MAX : len), &err);
        const UCharsetMatch *m = det_api.detect(det, &err);
        if (U_SUCCESS(err) && m) {
            name = det_api.get_name(m, &err);
            confidence = det_api.get_confidence(m, &err);
        }
    }
    cg_status rc = err == U_MEMORY_ALLOCATION_ERROR ? CG_ENOMEM : CG_EENCODING;
    if (U_SUCCESS(err) && name && confidence >= 50 &&
        (!strcmp(name, "GB18030") || !strcmp(name, "Big5"))) {
        *out_encoding = !strcmp(name, "Big5") ? "Big5" : "GB18030";
        rc = convert(*out_encoding, raw, len, conv);
        if (!rc) {
            *out_text = conv->ptr;
            *out_text_len = conv->len;
        }
    }
    if (det)
        det_api.close(det);
    return rc;
}
