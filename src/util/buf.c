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

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

void kr_buf_put_json_string(kr_buf *self, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    kr_buf_putc(self, '"');
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            kr_buf_putc(self, '\\');
            kr_buf_putc(self, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            switch (c) {
            case '\n': kr_buf_puts(self, "\\n"); break;
            case '\r': kr_buf_puts(self, "\\r"); break;
            case '\t': kr_buf_puts(self, "\\t"); break;
            case '\b': kr_buf_puts(self, "\\b"); break;
            case '\f': kr_buf_puts(self, "\\f"); break;
            default: kr_buf_printf(self, "\\u%04x", c); break;
            }
            i++;
        } else if (c < 0x80) {
            kr_buf_putc(self, (char)c);
            i++;
        } else {
            size_t l = utf8_len(p + i, n - i);
            if (l == 0) {
                kr_buf_puts(self, "\\ufffd");
                i++;
            } else {
                kr_buf_put(self, s + i, l);
                i += l;
            }
        }
    }
    kr_buf_putc(self, '"');
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
