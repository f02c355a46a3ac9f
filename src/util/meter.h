/* meter.h - counting the memory one file's scan allocates (issue 18).
 *
 * --max-memory is a budget for the whole run (scan.c's budget_*): before a
 * file is parsed, its cost is estimated from its size and format. A meter
 * measures what the parsing then really allocates, so that a file the
 * estimate got wrong (a hostile input built to blow a parser up) is stopped
 * with a diagnostic instead of taking the runner down.
 *
 * What a meter counts, live bytes (allocated minus freed) and their peak:
 *   - tree-sitter's allocations, exactly: kr_ts_use_meter (ts/tree.h) gives
 *     tree-sitter the counting functions below (ts_set_allocator: process-
 *     wide function pointers, set once before any tree-sitter object exists);
 *   - krewlint's arenas (util/alloc.h), chunk by chunk;
 *   - libyaml, estimated: it calls malloc itself, so doc/yaml.c charges a
 *     fixed part per parser and each event's text while the event lives.
 * Not counted: plain kr_xmalloc blocks (arrays, buffers, findings).
 *
 * No global mutable counter: each thread points at its own meter
 * (kr_meter_enter, a thread-local pointer). A block is credited back only
 * to the meter it was charged to (a tag in the block), so a block freed by
 * another file's scan or after the scan changes nothing. The counts depend
 * on the file alone, never on -j or on what other threads do.
 */
#ifndef KR_UTIL_METER_H
#define KR_UTIL_METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kr_meter {
    size_t limit;     /* bytes; 0: no limit */
    size_t used;      /* live bytes now */
    size_t peak;      /* the most live bytes so far */
    bool exceeded;    /* peak went over limit */
    uint64_t tag;     /* set by kr_meter_enter */
} kr_meter;

void kr_meter_init(kr_meter *self, size_t limit);
/* Makes self the calling thread's meter; returns the one it replaces (NULL
 * when none), to be given back to kr_meter_leave. */
kr_meter *kr_meter_enter(kr_meter *self);
void kr_meter_leave(kr_meter *prev);
/* The calling thread's meter, or NULL. */
kr_meter *kr_meter_current(void);

/* Charges n bytes to the calling thread's meter (nothing without one);
 * returns the tag to credit them back with (0: none). */
uint64_t kr_meter_charge(size_t n);
/* Credits n bytes charged under tag, if that meter is still the calling
 * thread's meter. */
void kr_meter_credit(uint64_t tag, size_t n);
/* The calling thread's meter went over its limit. */
bool kr_meter_over(void);

/* Counting malloc/calloc/realloc/free: each block carries its size and the
 * tag of the meter it was charged to. A block from these must be freed with
 * kr_meter_free, never free. Out of memory aborts (as tree-sitter's own
 * default allocator does). */
void *kr_meter_malloc(size_t n);
void *kr_meter_calloc(size_t count, size_t n);
void *kr_meter_realloc(void *p, size_t n);
void kr_meter_free(void *p);

#endif
