/* meter.c - per-thread memory meters and the counting allocator (meter.h). */
#include "util/meter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The meter of the calling thread, and the number of meters it entered
 * (the serial part of tags). */
static _Thread_local kr_meter *current;
static _Thread_local uint32_t entered;
/* Its address tells threads apart (unique among live threads). */
static _Thread_local char anchor;

/* In front of each counted block: its size and the tag of the meter it was
 * charged to; as big as max_align_t so the block stays aligned. */
typedef union block_head {
    struct {
        size_t size;
        uint64_t tag;
    } h;
    max_align_t align;
} block_head;

void kr_meter_init(kr_meter *self, size_t limit)
{
    memset(self, 0, sizeof *self);
    self->limit = limit;
}

kr_meter *kr_meter_enter(kr_meter *self)
{
    kr_meter *prev = current;
    entered++;
    /* never 0 (0 is "charged to no meter") */
    self->tag = ((uint64_t)(uintptr_t)&anchor << 16) ^ (uint64_t)entered;
    if (!self->tag) self->tag = 1;
    current = self;
    return prev;
}

void kr_meter_leave(kr_meter *prev)
{
    current = prev;
}

kr_meter *kr_meter_current(void)
{
    return current;
}

uint64_t kr_meter_charge(size_t n)
{
    kr_meter *m = current;
    if (!m) return 0;
    m->used += n;
    if (m->used > m->peak) {
        m->peak = m->used;
        if (m->limit && m->peak > m->limit) m->exceeded = true;
    }
    return m->tag;
}

void kr_meter_credit(uint64_t tag, size_t n)
{
    kr_meter *m = current;
    if (!m || !tag || m->tag != tag) return;
    m->used = n < m->used ? m->used - n : 0;
}

bool kr_meter_over(void)
{
    return current && current->exceeded;
}

/* ---- the counting allocator ------------------------------------------------ */

/* Out of memory aborts, as tree-sitter's default allocator does. */
static void oom(size_t n)
{
    fprintf(stderr, "krewlint: out of memory allocating %zu bytes\n", n);
    abort();
}

void *kr_meter_malloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(block_head)) oom(n);
    block_head *b = malloc(sizeof *b + n);
    if (!b) oom(n);
    b->h.size = n;
    b->h.tag = kr_meter_charge(n);
    return b + 1;
}

void *kr_meter_calloc(size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n) oom(SIZE_MAX);
    void *p = kr_meter_malloc(count * n);
    memset(p, 0, count * n);
    return p;
}

void kr_meter_free(void *p)
{
    if (!p) return;
    block_head *b = (block_head *)p - 1;
    kr_meter_credit(b->h.tag, b->h.size);
    free(b);
}

void *kr_meter_realloc(void *p, size_t n)
{
    if (!p) return kr_meter_malloc(n);
    if (n > SIZE_MAX - sizeof(block_head)) oom(n);
    block_head *b = (block_head *)p - 1;
    size_t old = b->h.size;
    uint64_t tag = b->h.tag;
    block_head *nb = realloc(b, sizeof *nb + n);
    if (!nb) oom(n);
    kr_meter_credit(tag, old);
    nb->h.size = n;
    nb->h.tag = kr_meter_charge(n);
    return nb + 1;
}
