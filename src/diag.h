/* diag.h - kr_diags: a sink for diagnostics (messages about inputs that could
 * not be read or parsed, rule files that are invalid ...). No global "last
 * error": every function that can fail takes the sink explicitly.
 */
#ifndef KR_DIAG_H
#define KR_DIAG_H

#include <stdarg.h>
#include "common.h"
#include "util/buf.h"

/* kr_diag - one message. line/col of span are 0-based; has_pos is 0 when the
 * position is not known (a file that could not be opened). */
typedef struct kr_diag {
    kr_severity severity;
    char *file;     /* owned */
    kr_span span;
    int has_pos;
    char *code;     /* owned, short machine name: "parse-error", "io-error",
                       "limit", "invalid-rule", "binary-file" ... */
    char *message;  /* owned */
} kr_diag;

typedef struct kr_diags {
    kr_diag *items;
    size_t len;
    size_t cap;
    size_t errors;  /* count of KR_SEV_ERROR entries */
} kr_diags;

void kr_diags_init(kr_diags *self);
void kr_diags_dispose(kr_diags *self);
/* Adds a message; pos may be NULL (position unknown). */
void kr_diags_add(kr_diags *self, kr_severity sev, const char *file, const kr_span *pos,
                  const char *code, const char *fmt, ...) KR_PRINTF(6, 7);
/* The same with a va_list, for callers' own format-checked helpers. */
void kr_diags_vadd(kr_diags *self, kr_severity sev, const char *file, const kr_span *pos,
                   const char *code, const char *fmt, va_list ap) KR_PRINTF(6, 0);
/* Moves every entry of src to the end of self; src is left empty. */
void kr_diags_take(kr_diags *self, kr_diags *src);
/* Sorts by file, line, col, message (for reproducible output). */
void kr_diags_sort(kr_diags *self);
/* Under KR_LANG_JA, the scan's diagnostics in Japanese (diag_lang.c: a table
 * of English patterns; a message no row matches stays as it is). */
void kr_diags_localize(kr_diags *self, kr_lang lang);
/* Writes "file:line:col: severity: message" lines (1-based) to a stream. */
void kr_diags_print(const kr_diags *self, void *stdio_file);

#endif
