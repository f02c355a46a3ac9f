/* common.h - error codes, positions and severities shared by every module. */
#ifndef KR_COMMON_H
#define KR_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Return codes: 0 or negative (libgit2 style). */
enum {
    KR_OK = 0,
    KR_ERROR = -1,     /* generic failure, described in the diags sink */
    KR_ENOTFOUND = -2,
    KR_EPARSE = -3,    /* the input could not be parsed */
    KR_ELIMIT = -4,    /* a named limit was hit (depth, size, aliases ...) */
    KR_EIO = -5,       /* the file could not be read */
    KR_EINVALID = -6   /* a rule or configuration file is invalid */
};

/* Named limits (docs/CONVENTIONS.md, "Limits"). */
#define KR_MAX_DEPTH 256            /* nesting depth of any document */
#define KR_MAX_ALIAS_EXPANSION 10000 /* YAML alias nodes expanded per document set */
#define KR_MAX_NODES 5000000        /* nodes built for one file */

/* kr_loc - a position in a file: 0-based line and column (column in bytes),
 * and the byte offset. Reporters add 1. */
typedef struct kr_loc {
    uint32_t line;
    uint32_t col;
    uint32_t byte;
} kr_loc;

/* kr_span - [start, end) of a value in its file. end is exclusive. */
typedef struct kr_span {
    kr_loc start;
    kr_loc end;
} kr_span;

typedef enum kr_severity {
    KR_SEV_NOTE = 0,
    KR_SEV_WARNING = 1,
    KR_SEV_ERROR = 2
} kr_severity;

/* "error", "warning", "note". */
const char *kr_severity_name(kr_severity s);
/* Parses "error"/"warning"/"note" (also "info" as note). Returns 0 or -1. */
int kr_severity_parse(kr_severity *out, const char *s);

typedef enum kr_lang { KR_LANG_EN = 0, KR_LANG_JA = 1 } kr_lang;

#endif
