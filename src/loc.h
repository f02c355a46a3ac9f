/* loc.h - kr_srcfile: a file's bytes plus its line map, built once per file;
 * renders a line with a caret underline for text output (jq's locfile). */
#ifndef KR_LOC_H
#define KR_LOC_H

#include "common.h"
#include "util/buf.h"

typedef struct kr_srcfile {
    const char *path;      /* borrowed */
    const char *data;      /* borrowed */
    size_t len;
    uint32_t *line_starts; /* owned; byte offset of each line */
    size_t nlines;
} kr_srcfile;

void kr_srcfile_init(kr_srcfile *self, const char *path, const char *data, size_t len);
void kr_srcfile_dispose(kr_srcfile *self);
/* Position of a byte offset (clamped to the file). */
kr_loc kr_srcfile_locate(const kr_srcfile *self, size_t byte);
/* The text of 0-based line `line` without its newline; *len_out set. NULL if out of range. */
const char *kr_srcfile_line(const kr_srcfile *self, uint32_t line, size_t *len_out);

#endif
