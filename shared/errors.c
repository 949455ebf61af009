/* errors.c — the text of each cg_status. Messages with detail live in the handles
 * (cg_*_errmsg); this file only names the kinds of failure. */
#include "cg.h"

const char *cg_status_str(cg_status st)
{
    switch (st) {
    case CG_OK: return "ok";
    case CG_ENOMEM: return "out of memory";
    case CG_EINVAL: return "invalid argument";
    case CG_EIO: return "input/output error";
    case CG_ENOTFOUND: return "not found";
    case CG_ELOCKED: return "index is locked";
    case CG_ECORRUPT: return "index is damaged";
    case CG_EVERSION: return "index built by an incompatible pipeline";
    case CG_EENCODING: return "binary data or unknown encoding";
    case CG_EXAPIAN: return "xapian error";
    case CG_EINTERNAL: return "internal error";
    case CG_ENOSPACE: return "no space left on device";
    case CG_ENETWORK: return "remote shard unreachable";
    }
    return "unknown status";
}
