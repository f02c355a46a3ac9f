/* multisearch.c - Aho-Corasick over ASCII-folded bytes (multisearch.h).
 *
 * The trie is built over the literals folded to lower case, then turned
 * into a complete DFA (every state has a transition for every byte class) by
 * a breadth-first pass over the failure links. Bytes are mapped to classes
 * first: the distinct folded bytes of the literals, and one class for every
 * other byte, so a state's row is a few dozen entries, not 256. A state
 * where some literal (or a suffix literal) ends is verified against the
 * exact bytes (case, word boundaries) before it counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/array.h"
#include "util/multisearch.h"

/* Total bytes of all literals: bounds the automaton (states x classes). */
#define MS_MAX_TOTAL 16384u

typedef struct lit {
    char *s;
    size_t len;
    unsigned flags;
} lit;

struct kr_msearch {
    KR_ARRAY(lit) lits;
    size_t total;
    int built;
    unsigned char cls[256]; /* byte -> class (0: no literal has it) */
    uint32_t ncls;
    uint32_t nstates;
    uint32_t *delta;        /* nstates x ncls */
    uint32_t *report;       /* first state on the failure chain (itself included) where a literal ends, or 0 */
    uint32_t *dict;         /* the next such state after it on the chain, or 0 */
    uint32_t *out_first;    /* literal ids ending at a state: out_ids[out_first[s] .. out_first[s+1]) */
    uint32_t *out_ids;
};

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

kr_msearch *kr_msearch_new(void) { return kr_xcalloc(1, sizeof(kr_msearch)); }

void kr_msearch_free(kr_msearch *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->lits.len; i++) free(self->lits.items[i].s);
    kr_array_dispose(&self->lits);
    free(self->delta);
    free(self->report);
    free(self->dict);
    free(self->out_first);
    free(self->out_ids);
    free(self);
}

size_t kr_msearch_add(kr_msearch *self, const char *s, size_t len, unsigned flags)
{
    if (self->built || len == 0 || len > KR_MSEARCH_MAX_LEN) return (size_t)-1;
    for (size_t i = 0; i < self->lits.len; i++) {
        const lit *l = &self->lits.items[i];
        if (l->len == len && l->flags == flags && memcmp(l->s, s, len) == 0) return i;
    }
    if (self->lits.len >= KR_MSEARCH_MAX_LITERALS || self->total + len > MS_MAX_TOTAL) return (size_t)-1;
    lit l = {kr_xstrndup(s, len), len, flags};
    kr_array_push(&self->lits, l);
    self->total += len;
    return self->lits.len - 1;
}

size_t kr_msearch_count(const kr_msearch *self) { return self->lits.len; }

void kr_msearch_build(kr_msearch *self)
{
    if (self->built) return;
    self->built = 1;
    memset(self->cls, 0, sizeof self->cls);
    uint32_t ncls = 1;
    for (size_t i = 0; i < self->lits.len; i++)
        for (size_t k = 0; k < self->lits.items[i].len; k++) {
            unsigned char c = fold((unsigned char)self->lits.items[i].s[k]);
            if (!self->cls[c]) self->cls[c] = (unsigned char)ncls++;
        }
    /* upper-case letters share their lower-case class */
    for (int c = 'A'; c <= 'Z'; c++) self->cls[c] = self->cls[c + 32];
    self->ncls = ncls;
    uint32_t maxstates = (uint32_t)self->total + 1;
    self->delta = kr_xcalloc((size_t)maxstates * ncls, sizeof(uint32_t));
    uint32_t *fail = kr_xcalloc(maxstates, sizeof(uint32_t));
    uint32_t *nout = kr_xcalloc(maxstates + 1, sizeof(uint32_t));
    uint32_t *end_of = kr_xcalloc(self->lits.len ? self->lits.len : 1, sizeof(uint32_t));
    uint32_t n = 1; /* state 0 is the root */
    /* the trie: 0 in delta means "no edge" while building (the root is never a target) */
    for (size_t i = 0; i < self->lits.len; i++) {
        uint32_t s = 0;
        for (size_t k = 0; k < self->lits.items[i].len; k++) {
            uint32_t c = self->cls[fold((unsigned char)self->lits.items[i].s[k])];
            uint32_t *e = &self->delta[(size_t)s * ncls + c];
            if (!*e) *e = n++;
            s = *e;
        }
        end_of[i] = s;
        nout[s]++;
    }
    self->nstates = n;
    /* the output lists, by state */
    self->out_first = kr_xcalloc((size_t)n + 1, sizeof(uint32_t));
    for (uint32_t s = 0; s < n; s++) self->out_first[s + 1] = self->out_first[s] + nout[s];
    self->out_ids = kr_xcalloc(self->lits.len ? self->lits.len : 1, sizeof(uint32_t));
    memset(nout, 0, (size_t)(maxstates + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < self->lits.len; i++) {
        uint32_t s = end_of[i];
        self->out_ids[self->out_first[s] + nout[s]++] = (uint32_t)i;
    }
    /* breadth first: failure links, complete transitions, report chains */
    self->report = kr_xcalloc(n, sizeof(uint32_t));
    self->dict = kr_xcalloc(n, sizeof(uint32_t));
    uint32_t *queue = kr_xcalloc(n, sizeof(uint32_t));
    size_t qh = 0, qt = 0;
    for (uint32_t c = 0; c < ncls; c++) {
        uint32_t t = self->delta[c];
        if (t) {
            fail[t] = 0;
            queue[qt++] = t;
        }
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        uint32_t f = fail[s];
        /* report chain: s itself when a literal ends here, else its failure's */
        uint32_t fr = f ? self->report[f] : 0;
        self->report[s] = self->out_first[s + 1] > self->out_first[s] ? s : fr;
        self->dict[s] = fr;
        for (uint32_t c = 0; c < ncls; c++) {
            uint32_t *e = &self->delta[(size_t)s * ncls + c];
            uint32_t via = self->delta[(size_t)f * ncls + c];
            if (*e) {
                fail[*e] = via;
                queue[qt++] = *e;
            } else {
                *e = via;
            }
        }
    }
    free(queue);
    free(fail);
    free(nout);
    free(end_of);
}

static int ident_before(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int ident_after(unsigned char c) { return ident_before(c) || (c >= '0' && c <= '9'); }

size_t kr_msearch_scan(const kr_msearch *self, const char *text, size_t len, unsigned char *seen)
{
    if (!self->built || self->lits.len == 0 || !text) return 0;
    const unsigned char *u = (const unsigned char *)text;
    const uint32_t ncls = self->ncls;
    const uint32_t *delta = self->delta;
    const unsigned char *cls = self->cls;
    size_t found = 0;
    uint32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        s = delta[(size_t)s * ncls + cls[u[i]]];
        for (uint32_t t = self->report[s]; t; t = self->dict[t]) {
            for (uint32_t k = self->out_first[t]; k < self->out_first[t + 1]; k++) {
                uint32_t id = self->out_ids[k];
                if (seen[id]) continue;
                const lit *l = &self->lits.items[id];
                size_t start = i + 1 - l->len;
                if (!(l->flags & KR_MS_ICASE) && memcmp(text + start, l->s, l->len) != 0) continue;
                if ((l->flags & KR_MS_WORD_START) && start > 0 && ident_before(u[start - 1])) continue;
                if ((l->flags & KR_MS_WORD_END) && i + 1 < len && ident_after(u[i + 1])) continue;
                seen[id] = 1;
                found++;
            }
        }
    }
    return found;
}
