/* docdata.h — what a Xapian document's data holds about its file. */
#ifndef CG_DOCDATA_H
#define CG_DOCDATA_H

#include "cg.h"
#include "schema.h"

typedef struct cg_docinfo {
    const char *path;    /* below the index root; points into the data */
    size_t path_len;
    uint64_t size;       /* the file's size and modification time when indexed */
    int64_t mtime_ns;
    uint64_t hash;       /* cg_hash64 of the file's bytes */
    uint32_t part;       /* a file over CG_PART_BYTES is split into several documents */
    uint32_t nparts;
    uint32_t npassages;  /* passages in this part */
    int as_is;           /* the file is UTF-8 with no BOM: its bytes are the text */
    cg_encoding encoding; /* the file's encoding (as_is: CG_ENC_UTF8) */
    uint64_t start, end; /* this part: the file's bytes [start, end) (after any BOM) */
    uint64_t text_start; /* where its text starts in the whole decoded text */
    uint64_t line;       /* the line it starts on (1-based) */
    const char *passages; /* their table (varints; see cg_docinfo_passages) */
    size_t passages_len;
    const char *text;    /* the stored text (cgindex --store-text), or NULL */
    size_t text_len;
} cg_docinfo;


/* Appends the data for part [pass_from, pass_to) of t to out: the header, the path,
 * each passage's byte offset (in the part's decoded text) and first position
 * (varint deltas), and the part's text when info->text is not NULL. */
cg_status cg_docinfo_encode(const cg_docinfo *info, const cg_text *t, size_t pass_from,
                            size_t pass_to, cg_buf *out);
/* Parses data; pointers in *out point into data. CG_ECORRUPT when malformed. */
cg_status cg_docinfo_decode(const char *data, size_t len, cg_docinfo *out);
/* One passage of the table: its byte offset and position. */
typedef struct cg_passage_info {
    uint64_t byte;
    uint32_t pos;         /* its first token's position (the one before, if it has none) */
    int has_tokens;
} cg_passage_info;

/* Decodes info's passage table into out[0..info->npassages). CG_ECORRUPT when it
 * is malformed or its offsets or positions overflow (damaged data). */
cg_status cg_docinfo_passages(const cg_docinfo *info, cg_passage_info *out);

#endif
