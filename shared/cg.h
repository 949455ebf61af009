/* cg.h — the public interface of libcgshared, the code cgindex and cgsearch share.
 *
 * Pure C, usable from C++. It covers the text pipeline (decode, normalize, tokenize,
 * terms: doc/PIPELINE.md), query parsing and matching, snippets and rendering, and the
 * index (through the Xapian shim, xapian_shim.h). Fallible functions return cg_status;
 * handles keep their last error message, read with the matching *_errmsg() function.
 */
#ifndef CG_H
#define CG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CG_EXPORT __attribute__((visibility("default")))
#else
#define CG_EXPORT
#endif

/* ---------------------------------------------------------------- status */

typedef enum cg_status {
    CG_OK = 0,
    CG_ENOMEM,      /* out of memory */
    CG_EINVAL,      /* bad argument or bad input (a query, an option) */
    CG_EIO,         /* a file could not be read or written */
    CG_ENOTFOUND,   /* no such index, file or entry */
    CG_ELOCKED,     /* the index is locked by another writer */
    CG_ECORRUPT,    /* the index is damaged */
    CG_EVERSION,    /* the index was built by an incompatible pipeline */
    CG_EENCODING,   /* binary data or an unknown text encoding */
    CG_EXAPIAN,     /* any other error reported by Xapian */
    CG_EINTERNAL,   /* a bug: an unexpected exception or state */
    CG_ENOSPACE,    /* no space left on the device */
    CG_ENETWORK     /* a remote shard refused, closed or did not answer in time */
} cg_status;

/* A short constant description of a status ("out of memory"). Never NULL. */
CG_EXPORT const char *cg_status_str(cg_status st);

/* ---------------------------------------------------------------- buffer */

/* A growable byte buffer, always NUL-terminated once anything was appended.
 * Zero-initialise it ({0}); free with cg_buf_free(). */
typedef struct cg_buf {
    char *ptr;
    size_t len;
    size_t cap;
} cg_buf;

CG_EXPORT cg_status cg_buf_reserve(cg_buf *b, size_t extra);
CG_EXPORT cg_status cg_buf_append(cg_buf *b, const char *s, size_t len);
CG_EXPORT cg_status cg_buf_puts(cg_buf *b, const char *s);
CG_EXPORT cg_status cg_buf_putc(cg_buf *b, char c);
CG_EXPORT cg_status cg_buf_printf(cg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* cg_buf_printf with a va_list (left in an indeterminate state, as by vprintf). */
CG_EXPORT cg_status cg_buf_vprintf(cg_buf *b, const char *fmt, va_list ap);
/* Appends the UTF-8 encoding of code point cp. */
CG_EXPORT cg_status cg_buf_put_utf8(cg_buf *b, uint32_t cp);
CG_EXPORT void cg_buf_clear(cg_buf *b);
CG_EXPORT void cg_buf_free(cg_buf *b);
/* Takes the contents (caller frees with free()); leaves b empty. Never NULL
 * unless out of memory. */
CG_EXPORT char *cg_buf_detach(cg_buf *b);

/* ---------------------------------------------------------------- UTF-8 */

/* Decodes one code point at s[0..len). Returns its byte length (1-4) and sets
 * *out_cp, or returns -1 for an invalid or truncated sequence (then *out_cp is
 * U+FFFD and the caller skips one byte). */
CG_EXPORT int cg_utf8_decode(const char *s, size_t len, uint32_t *out_cp);
/* Writes the UTF-8 encoding of cp into out (4 bytes of room); returns its length. */
CG_EXPORT int cg_utf8_encode(uint32_t cp, char *out);
/* The length of the longest prefix of s[0..len) of at most max bytes that does not
 * cut a UTF-8 character. */
CG_EXPORT size_t cg_utf8_prefix_len(const char *s, size_t len, size_t max);
/* Returns the byte offset of the first invalid sequence or NUL byte, or len when
 * s[0..len) is valid NUL-free UTF-8. */
CG_EXPORT size_t cg_utf8_check(const char *s, size_t len);

/* ---------------------------------------------------------------- decode */

/* The encodings a file may be read in (doc/PIPELINE.md section 1). */
typedef enum cg_encoding {
    CG_ENC_UTF8,         /* no BOM: the file's bytes are the text */
    CG_ENC_UTF8_BOM,
    CG_ENC_UTF16LE,      /* with a BOM */
    CG_ENC_UTF16BE,
    CG_ENC_GB18030,
    CG_ENC_BIG5,
    CG_ENC_WINDOWS1252
} cg_encoding;
#define CG_ENC_COUNT 7

/* The encoding's name ("UTF-8", "GB18030", ...). */
CG_EXPORT const char *cg_encoding_name(cg_encoding e);
/* How many bytes of BOM a file in encoding e starts with (0, 2 or 3). */
CG_EXPORT size_t cg_encoding_bom_len(cg_encoding e);

/* Chooses the encoding of a file from its first bytes sample[0..len); complete says
 * the sample is the whole file. Returns CG_EENCODING for a binary file or one that is
 * text in none of the encodings; *out_why then says why (a constant string). */
CG_EXPORT cg_status cg_detect_encoding(const char *sample, size_t len, int complete,
                                       cg_encoding *out, const char **out_why);

/* Decodes raw[0..len) (whole characters of e, after any BOM) to UTF-8. For UTF-8,
 * *out_text is raw itself; otherwise the text is written into conv. */
CG_EXPORT cg_status cg_decode_as(cg_encoding e, const char *raw, size_t len, cg_buf *conv,
                                 const char **out_text, size_t *out_text_len);

/* Where the next chunk of a file in encoding e ends: raw[0..len) are the bytes not
 * read yet (from a character boundary; at_eof when they run to the end of the file).
 * A chunk holds at most max bytes (a little more only to end a run of blank lines):
 * it ends after the last blank line in it, else after the last whitespace, else at
 * the last character boundary (doc/PIPELINE.md section 1). Never 0 when len > 0. */
CG_EXPORT size_t cg_chunk_end(cg_encoding e, const char *raw, size_t len, size_t max,
                              int at_eof);

/* Turns a whole file's bytes into UTF-8 text: cg_detect_encoding + cg_decode_as.
 * When the bytes are UTF-8 already (with or without a BOM), *out_text points into
 * raw (after any BOM) and *out_offset is the BOM's length; otherwise the converted
 * text is written into conv and *out_text points into it, *out_offset = 0.
 * *out_encoding names the encoding found ("UTF-8", "UTF-16LE", "GB18030", ...).
 * Returns CG_EENCODING for binary data or an unknown encoding. */
CG_EXPORT cg_status cg_decode(const char *raw, size_t raw_len, cg_buf *conv,
                              const char **out_text, size_t *out_text_len,
                              size_t *out_offset, const char **out_encoding);

/* ---------------------------------------------------------------- pipeline */

#define CG_PASSAGE_GAP 1u      /* position gap between passages */
#define CG_MAX_QUERY_TOKENS 1000u /* longest phrase a query may hold (bounds its cost) */
#define CG_LONG_PASSAGE 2000u     /* passages longer than this split at a sentence end */
#define CG_MAX_TERM_LEN 240u      /* longer terms are shortened with a hash */

/* One token: a CJK character or a word (doc/PIPELINE.md section 3). */
typedef struct cg_token {
    uint32_t norm_start;  /* first normalized character of the token */
    uint32_t norm_end;    /* one past its last character */
    uint32_t pos;         /* Xapian position */
    uint32_t passage;     /* index into cg_text.pass */
    uint8_t cjk;          /* 1 for a CJK character token */
    uint8_t glued;        /* 1 when glued to the next token */
} cg_token;

/* One passage: a stretch between blank lines (or long-passage sentence splits). */
typedef struct cg_passage {
    uint32_t norm_start;  /* its first normalized character */
    uint32_t first_token; /* index of its first token (== ntok when it has none) */
} cg_passage;

/* The pipeline's output for one text. Every normalized character i came from the
 * source bytes [src_start[i], src_end[i]). Reuse one cg_text for many runs; free
 * with cg_text_free(). */
typedef struct cg_text {
    uint32_t *cp;
    uint32_t *src_start;
    uint32_t *src_end;
    size_t nchars, chars_cap;
    cg_token *tok;
    size_t ntok, tok_cap;
    cg_passage *pass;
    size_t npass, pass_cap;
} cg_text;

typedef struct cg_pipeline cg_pipeline;

/* Creates a pipeline (ICU normalizer and word break iterator, reused across runs).
 * Caller frees with cg_pipeline_free(). On failure *out is NULL and out_errmsg, if
 * not NULL, receives a message (caller frees with free()). */
CG_EXPORT cg_status cg_pipeline_new(cg_pipeline **out, char **out_errmsg);
CG_EXPORT void cg_pipeline_free(cg_pipeline *p);
/* The last error message; owned by p, valid until the next call. */
CG_EXPORT const char *cg_pipeline_errmsg(const cg_pipeline *p);

/* With on, each run of non-CJK text holding a letter or digit becomes one
 * placeholder token instead of its words (no ICU word breaking). Matching a phrase
 * made only of CJK characters gives the same answer either way, faster; the
 * searcher uses it for snippets of such queries. Off by default; never for indexing. */
CG_EXPORT void cg_pipeline_set_word_placeholders(cg_pipeline *p, int on);

/* Runs normalize + tokenize over s[0..len) into text (its previous contents are
 * replaced). Invalid UTF-8 bytes become U+FFFD, each mapped to its one byte. */
CG_EXPORT cg_status cg_pipeline_run(cg_pipeline *p, const char *s, size_t len, cg_text *text);

CG_EXPORT void cg_text_free(cg_text *t);

/* Appends token i's index term (doc/PIPELINE.md section 4) to out. */
CG_EXPORT cg_status cg_text_term(const cg_text *t, size_t i, cg_buf *out);
/* Appends the normalized text of characters [from, to) as UTF-8 to out. */
CG_EXPORT cg_status cg_text_utf8(const cg_text *t, size_t from, size_t to, cg_buf *out);
/* Appends a term for s[0..len) (shortened with a hash past CG_MAX_TERM_LEN). */
CG_EXPORT cg_status cg_term_from(const char *s, size_t len, cg_buf *out);
/* Appends CJK character cp as written in index terms (doc/PIPELINE.md section 4:
 * 2 bytes for the common blocks). */
CG_EXPORT cg_status cg_term_put_cjk(cg_buf *out, uint32_t cp);
/* Appends a readable form of an index term (its CJK characters back in UTF-8). */
CG_EXPORT cg_status cg_term_display(const char *term, size_t len, cg_buf *out);
/* 1 when token i is a word holding a letter (the words the stem vocabulary keeps). */
CG_EXPORT int cg_text_token_has_letter(const cg_text *t, size_t i);
/* 1 when code point c is a CJK character in the pipeline's sense. */
CG_EXPORT int cg_is_cjk(uint32_t c);

/* A string that changes whenever the pipeline's output may change (pipeline
 * version, ICU and Unicode versions, limits). Owned by the library. */
CG_EXPORT const char *cg_pipeline_fingerprint(void);

/* 64-bit FNV-1a hash. */
CG_EXPORT uint64_t cg_hash64(const char *s, size_t len);
/* The same, piece by piece: h = CG_HASH64_INIT, then h = cg_hash64_more(h, piece)
 * for each piece in order gives cg_hash64 of them all (for files read in parts). */
#define CG_HASH64_INIT 0xcbf29ce484222325ULL
CG_EXPORT uint64_t cg_hash64_more(uint64_t h, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* CG_H */
