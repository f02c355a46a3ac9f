/* buf.c - kr_buf, a capped growable buffer (see buf.h). */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"

void kr_buf_init(kr_buf *self, size_t limit)
{
    self->ptr = NULL;
    self->len = 0;
    self->cap = 0;
    self->limit = limit;
    self->failed = 0;
}

void kr_buf_dispose(kr_buf *self)
{
    free(self->ptr);
    kr_buf_init(self, self->limit);
}

void kr_buf_clear(kr_buf *self)
{
    self->len = 0;
    self->failed = 0;
    if (self->ptr) self->ptr[0] = '\0';
}

/* Makes room for n more bytes plus the NUL; 0 on success, -1 (sticky) when
 * the cap would be passed. */
static int reserve(kr_buf *self, size_t n)
{
    if (self->failed) return -1;
    if (n > SIZE_MAX - self->len - 1 || (self->limit && self->len + n > self->limit)) {
        self->failed = 1;
        return -1;
    }
    size_t need = self->len + n + 1;
    if (need > self->cap) {
        size_t cap = self->cap ? self->cap : 64;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        self->ptr = kr_xrealloc(self->ptr, cap);
        self->cap = cap;
    }
    return 0;
}

void kr_buf_put(kr_buf *self, const char *s, size_t n)
{
    if (reserve(self, n) != 0) return;
    if (n) memcpy(self->ptr + self->len, s, n);
    self->len += n;
    self->ptr[self->len] = '\0';
}

void kr_buf_puts(kr_buf *self, const char *s)
{
    kr_buf_put(self, s, strlen(s));
}

void kr_buf_putc(kr_buf *self, char c)
{
    kr_buf_put(self, &c, 1);
}

void kr_buf_vprintf(kr_buf *self, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        self->failed = 1;
        return;
    }
    if (reserve(self, (size_t)n) != 0) return;
    vsnprintf(self->ptr + self->len, (size_t)n + 1, fmt, ap);
    self->len += (size_t)n;
}

void kr_buf_printf(kr_buf *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_buf_vprintf(self, fmt, ap);
    va_end(ap);
}

const char *kr_buf_cstr(kr_buf *self)
{
    return self->ptr ? self->ptr : "";
}

char *kr_buf_detach(kr_buf *self)
{
    char *p = self->ptr ? self->ptr : kr_xstrdup("");
    self->ptr = NULL;
    self->len = self->cap = 0;
    self->failed = 0;
    return p;
}

char *kr_arena_vprintf(kr_arena *a, const char *fmt, va_list ap)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_vprintf(&b, fmt, ap);
    char *s = kr_arena_strdup(a, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    return s;
}

char *kr_arena_printf(kr_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = kr_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}
