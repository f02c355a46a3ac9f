/* loc.c - line maps and line lookup (see loc.h). */
#include "loc.h"

#include <stdlib.h>
#include "util/alloc.h"

void kr_srcfile_init(kr_srcfile *self, const char *path, const char *data, size_t len)
{
    self->path = path;
    self->data = data;
    self->len = len;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n') n++;
    self->line_starts = kr_xmalloc(n * sizeof(uint32_t));
    self->nlines = n;
    size_t k = 0;
    self->line_starts[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n') self->line_starts[k++] = (uint32_t)(i + 1);
}

void kr_srcfile_dispose(kr_srcfile *self)
{
    free(self->line_starts);
    self->line_starts = NULL;
    self->nlines = 0;
}

kr_loc kr_srcfile_locate(const kr_srcfile *self, size_t byte)
{
    if (byte > self->len) byte = self->len;
    /* Last line whose start is <= byte. */
    size_t lo = 0, hi = self->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (self->line_starts[mid] <= byte) lo = mid;
        else hi = mid;
    }
    kr_loc l = {(uint32_t)lo, (uint32_t)(byte - self->line_starts[lo]), (uint32_t)byte};
    return l;
}

const char *kr_srcfile_line(const kr_srcfile *self, uint32_t line, size_t *len_out)
{
    if (line >= self->nlines) return NULL;
    size_t start = self->line_starts[line];
    size_t end = line + 1 < self->nlines ? self->line_starts[line + 1] - 1 : self->len;
    if (end > start && self->data[end - 1] == '\r') end--;
    *len_out = end - start;
    return self->data + start;
}
