/* alloc.h - allocation helpers and the per-file arena.
 *
 * kr_x* abort with a message on out-of-memory (as cmark's xcalloc and jq's
 * jv_mem_alloc do): every other failure is an error value, never an abort.
 *
 * kr_arena - a bump allocator owning everything built for one scanned file
 * (the document tree, scalar texts). Freed in one call when the file is done;
 * findings are copied out before that. KREWLINT_DEBUG_ARENA=1 in the
 * environment makes every allocation a separate malloc so ASan and valgrind
 * see each one.
 */
#ifndef KR_UTIL_ALLOC_H
#define KR_UTIL_ALLOC_H

#include <stddef.h>

void *kr_xmalloc(size_t n);
void *kr_xcalloc(size_t count, size_t n);
void *kr_xrealloc(void *p, size_t n);
char *kr_xstrdup(const char *s);
char *kr_xstrndup(const char *s, size_t n);

typedef struct kr_arena kr_arena;

/* Caller frees with kr_arena_free. */
kr_arena *kr_arena_new(void);
void kr_arena_free(kr_arena *self);
/* Zeroed, aligned for any type; borrowed until kr_arena_free. */
void *kr_arena_alloc(kr_arena *self, size_t n);
/* NUL-terminated copy of s[0..n); borrowed until kr_arena_free. */
char *kr_arena_strndup(kr_arena *self, const char *s, size_t n);
char *kr_arena_strdup(kr_arena *self, const char *s);
/* Bytes handed out so far (for limits and tests). */
size_t kr_arena_used(const kr_arena *self);

#endif
