/* diag.c - the diagnostics sink (see diag.h) and severity names. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/escape.h"

const char *kr_severity_name(kr_severity s)
{
    switch (s) {
    case KR_SEV_ERROR: return "error";
    case KR_SEV_WARNING: return "warning";
    case KR_SEV_NOTE: return "note";
    }
    return "error";
}

int kr_severity_parse(kr_severity *out, const char *s)
{
    if (strcmp(s, "error") == 0) *out = KR_SEV_ERROR;
    else if (strcmp(s, "warning") == 0) *out = KR_SEV_WARNING;
    else if (strcmp(s, "note") == 0 || strcmp(s, "info") == 0) *out = KR_SEV_NOTE;
    else return -1;
    return 0;
}

void kr_diags_init(kr_diags *self)
{
    memset(self, 0, sizeof *self);
}

void kr_diags_dispose(kr_diags *self)
{
    for (size_t i = 0; i < self->len; i++) {
        free(self->items[i].file);
        free(self->items[i].code);
        free(self->items[i].message);
    }
    free(self->items);
    kr_diags_init(self);
}

static void push(kr_diags *self, kr_diag *d)
{
    if (self->len == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 8;
        self->items = kr_xrealloc(self->items, self->cap * sizeof *self->items);
    }
    self->items[self->len++] = *d;
    if (d->severity == KR_SEV_ERROR) self->errors++;
}

void kr_diags_vadd(kr_diags *self, kr_severity sev, const char *file, const kr_span *pos,
                   const char *code, const char *fmt, va_list ap)
{
    kr_diag d;
    memset(&d, 0, sizeof d);
    d.severity = sev;
    d.file = kr_xstrdup(file ? file : "");
    if (pos) {
        d.span = *pos;
        d.has_pos = 1;
    }
    d.code = kr_xstrdup(code ? code : "error");
    kr_buf b;
    kr_buf_init(&b, 64 * 1024);
    kr_buf_vprintf(&b, fmt, ap);
    d.message = kr_buf_detach(&b);
    push(self, &d);
}

void kr_diags_add(kr_diags *self, kr_severity sev, const char *file, const kr_span *pos,
                  const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(self, sev, file, pos, code, fmt, ap);
    va_end(ap);
}

void kr_diags_take(kr_diags *self, kr_diags *src)
{
    for (size_t i = 0; i < src->len; i++) push(self, &src->items[i]);
    free(src->items);
    kr_diags_init(src);
}

static int cmp_diag(const void *pa, const void *pb)
{
    const kr_diag *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->has_pos != b->has_pos) return a->has_pos - b->has_pos;
    if (a->span.start.line != b->span.start.line) return a->span.start.line < b->span.start.line ? -1 : 1;
    if (a->span.start.col != b->span.start.col) return a->span.start.col < b->span.start.col ? -1 : 1;
    c = strcmp(a->message, b->message);
    if (c) return c;
    return strcmp(a->code, b->code);
}

void kr_diags_sort(kr_diags *self)
{
    if (self->len > 1) qsort(self->items, self->len, sizeof *self->items, cmp_diag);
}

void kr_diags_print(const kr_diags *self, void *stdio_file)
{
    FILE *f = stdio_file;
    kr_buf b;
    kr_buf_init(&b, 0);
    /* file names and messages may hold anything a rule or configuration file
     * held: written as terminal text (util/escape.h) */
    for (size_t i = 0; i < self->len; i++) {
        const kr_diag *d = &self->items[i];
        const char *file = d->file ? d->file : "";
        kr_escape_text(&b, file, strlen(file));
        if (d->has_pos)
            kr_buf_printf(&b, ":%u:%u", d->span.start.line + 1, d->span.start.col + 1);
        kr_buf_printf(&b, ": %s: ", kr_severity_name(d->severity));
        kr_escape_text(&b, d->message ? d->message : "", d->message ? strlen(d->message) : 0);
        kr_buf_putc(&b, '\n');
        fwrite(b.ptr, 1, b.len, f);
        kr_buf_clear(&b);
    }
    kr_buf_dispose(&b);
}
