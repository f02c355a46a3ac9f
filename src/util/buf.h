/* buf.h - kr_buf: a growable byte buffer with a size cap and a sticky failure
 * flag (libgit2's git_str OOM-sticky, curl's dynbuf toobig).
 *
 * Once an append would pass `limit` bytes (0 = no limit) the buffer stops
 * growing and `failed` stays set: callers check once at the end.
 * ptr is always NUL-terminated when len > 0 or after kr_buf_cstr.
 */
#ifndef KR_UTIL_BUF_H
#define KR_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define KR_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define KR_PRINTF(a, b)
#define KR_WARN_UNUSED
#endif

typedef struct kr_buf {
    char *ptr;
    size_t len;
    size_t cap;
    size_t limit;
    int failed;
} kr_buf;

void kr_buf_init(kr_buf *self, size_t limit);
void kr_buf_dispose(kr_buf *self);
void kr_buf_clear(kr_buf *self);
void kr_buf_put(kr_buf *self, const char *s, size_t n);
void kr_buf_puts(kr_buf *self, const char *s);
void kr_buf_putc(kr_buf *self, char c);
void kr_buf_printf(kr_buf *self, const char *fmt, ...) KR_PRINTF(2, 3);
/* A formatted NUL-terminated string in the arena (borrowed until
 * kr_arena_free). */
struct kr_arena;
char *kr_arena_printf(struct kr_arena *a, const char *fmt, ...) KR_PRINTF(2, 3);
char *kr_arena_vprintf(struct kr_arena *a, const char *fmt, va_list ap) KR_PRINTF(2, 0);
void kr_buf_vprintf(kr_buf *self, const char *fmt, va_list ap) KR_PRINTF(2, 0);
/* JSON string literal with quotes: kr_escape_json (util/escape.h). */
void kr_buf_put_json_string(kr_buf *self, const char *s, size_t n);
/* Always a valid C string ("" when empty); borrowed until the next change. */
const char *kr_buf_cstr(kr_buf *self);
/* Hands the bytes to the caller (free()), leaves the buffer empty. */
char *kr_buf_detach(kr_buf *self);

#endif
