/* array.h - KR_ARRAY(T): a growable array of T (after tree-sitter's array.h).
 *
 *   KR_ARRAY(int) a = {0};
 *   kr_array_push(&a, 3);
 *   int x = kr_array_get(&a, 0);      // bounds-asserted
 *   kr_array_dispose(&a);
 *
 * Memory comes from kr_xrealloc (aborts on OOM).
 */
#ifndef KR_UTIL_ARRAY_H
#define KR_UTIL_ARRAY_H

#include <assert.h>
#include <stdlib.h>
#include "util/alloc.h"

#define KR_ARRAY(T) struct { T *items; size_t len; size_t cap; }

#define kr_array_grow(a, need)                                                   \
    do {                                                                         \
        if ((need) > (a)->cap) {                                                 \
            size_t kr__c = (a)->cap ? (a)->cap * 2 : 8;                          \
            while (kr__c < (need)) kr__c *= 2;                                   \
            (a)->items = kr_xrealloc((a)->items, kr__c * sizeof(*(a)->items));  \
            (a)->cap = kr__c;                                                    \
        }                                                                        \
    } while (0)

#define kr_array_push(a, v)                    \
    do {                                       \
        kr_array_grow((a), (a)->len + 1);      \
        (a)->items[(a)->len++] = (v);          \
    } while (0)

#define kr_array_get(a, i) (assert((size_t)(i) < (a)->len), (a)->items[(i)])

#define kr_array_dispose(a)                                  \
    do {                                                     \
        free((a)->items);                                    \
        (a)->items = NULL;                                   \
        (a)->len = (a)->cap = 0;                             \
    } while (0)

#endif
