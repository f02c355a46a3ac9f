/* alloc.c - allocation helpers and the per-file arena (see alloc.h). */
#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/meter.h"

static void oom(size_t n)
{
    fprintf(stderr, "krewlint: out of memory (%zu bytes)\n", n);
    abort();
}

void *kr_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *kr_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p) oom(count * n);
    return p;
}

void *kr_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *kr_xstrndup(const char *s, size_t n)
{
    char *p = kr_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kr_xstrdup(const char *s)
{
    return kr_xstrndup(s, strlen(s));
}

/* kr_arena - a list of chunks; allocations are bumped from the newest chunk.
 * Big requests get a chunk of their own. In debug mode
 * (KREWLINT_DEBUG_ARENA=1), every allocation is its own chunk so that
 * memory checkers see each one separately. */
typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    uint64_t meter;  /* the tag it was charged under (util/meter.h) */
    max_align_t data[];
} chunk;

struct kr_arena {
    chunk *head;
    size_t total;
    int debug;
};

#define CHUNK_SIZE (64u * 1024u)
#define ALIGN (_Alignof(max_align_t))

kr_arena *kr_arena_new(void)
{
    kr_arena *a = kr_xcalloc(1, sizeof *a);
    const char *d = getenv("KREWLINT_DEBUG_ARENA");
    a->debug = d && *d && strcmp(d, "0") != 0;
    return a;
}

void kr_arena_free(kr_arena *self)
{
    if (!self) return;
    chunk *c = self->head;
    while (c) {
        chunk *next = c->next;
        kr_meter_credit(c->meter, sizeof(chunk) + c->size);
        free(c);
        c = next;
    }
    free(self);
}

static chunk *chunk_new(size_t size)
{
    chunk *c = kr_xmalloc(sizeof(chunk) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    c->meter = kr_meter_charge(sizeof(chunk) + size);
    return c;
}

/* Bump-allocates n bytes without clearing them. */
static void *arena_alloc_raw(kr_arena *self, size_t n);

void *kr_arena_alloc(kr_arena *self, size_t n)
{
    void *p = arena_alloc_raw(self, n);
    memset(p, 0, n);
    return p;
}

static void *arena_alloc_raw(kr_arena *self, size_t n)
{
    size_t need = (n + ALIGN - 1) / ALIGN * ALIGN;
    if (need == 0) need = ALIGN;
    if (need < n) oom(n); /* overflow */
    chunk *c = self->head;
    if (self->debug || !c || c->size - c->used < need) {
        if (self->debug || need > CHUNK_SIZE / 4) {
            /* A chunk of its own, linked behind the current one so the
             * current chunk keeps serving small requests. */
            chunk *big = chunk_new(need);
            big->used = need;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                self->head = big;
            }
            self->total += need;
            return big->data;
        }
        c = chunk_new(CHUNK_SIZE);
        c->next = self->head;
        self->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += need;
    self->total += need;
    return p;
}

char *kr_arena_strndup(kr_arena *self, const char *s, size_t n)
{
    char *p = arena_alloc_raw(self, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kr_arena_strdup(kr_arena *self, const char *s)
{
    return kr_arena_strndup(self, s, strlen(s));
}

size_t kr_arena_used(const kr_arena *self)
{
    return self->total;
}
