/* buf.c — cg_buf, the one growable byte buffer of the project. It is always
 * NUL-terminated once it holds anything, so its bytes can go to C string APIs. */
#include "cg.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

cg_status cg_buf_reserve(cg_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return CG_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return CG_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return CG_OK;
}

cg_status cg_buf_append(cg_buf *b, const char *s, size_t len)
{
    cg_status rc = cg_buf_reserve(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, s, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return CG_OK;
}

cg_status cg_buf_puts(cg_buf *b, const char *s)
{
    return cg_buf_append(b, s, strlen(s));
}

cg_status cg_buf_putc(cg_buf *b, char c)
{
    return cg_buf_append(b, &c, 1);
}

cg_status cg_buf_put_utf8(cg_buf *b, uint32_t cp)
{
    char tmp[4];
    return cg_buf_append(b, tmp, (size_t)cg_utf8_encode(cp, tmp));
}

cg_status cg_buf_vprintf(cg_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    cg_status rc = n < 0 ? CG_EINVAL : cg_buf_reserve(b, (size_t)n);
    if (!rc) {
        vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
    return rc;
}

cg_status cg_buf_printf(cg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg_status rc = cg_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void cg_buf_clear(cg_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void cg_buf_free(cg_buf *b)
{
    if (!b)
        return;
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

char *cg_buf_detach(cg_buf *b)
{
    if (!b->ptr && cg_buf_reserve(b, 0))
        return NULL;
    b->ptr[b->len] = '\0';
    char *p = b->ptr;
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}
