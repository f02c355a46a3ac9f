/* multisearch.h - which of a set of literal strings occur in a text, in one
 * pass (Aho-Corasick over ASCII-folded bytes).
 *
 * The literal prefilter of source-code rules (ts/prefilter.h) asks, for each
 * file, which of the words its rules cannot match without are present; the
 * answer comes from one left-to-right walk of a deterministic automaton, so
 * its cost is linear in the text whatever the number of literals.
 *
 *   kr_msearch *m = kr_msearch_new();
 *   size_t id = kr_msearch_add(m, "innerHTML", 9, 0);
 *   kr_msearch_build(m);
 *   unsigned char *seen = calloc(kr_msearch_count(m), 1);
 *   kr_msearch_scan(m, text, len, seen);      // seen[id] = 1 when it occurs
 *
 * Flags per literal: KR_MS_ICASE ignores ASCII case; KR_MS_WORD_START /
 * KR_MS_WORD_END require that the byte before (after) the occurrence does
 * not continue an identifier (before: an ASCII letter, '_' or '$'; after:
 * also a digit), so "eval" is not found inside "evaluate".
 *
 * Thread safety: after kr_msearch_build the automaton is immutable; any
 * number of threads may scan with it at once. Nothing global.
 */
#ifndef KR_UTIL_MULTISEARCH_H
#define KR_UTIL_MULTISEARCH_H

#include <stddef.h>

#define KR_MS_ICASE 1u
#define KR_MS_WORD_START 2u
#define KR_MS_WORD_END 4u

/* Most literals one automaton holds, and the longest literal: a rule pack
 * past them is not prefiltered (every rule runs), never refused. */
#define KR_MSEARCH_MAX_LITERALS 4096u
#define KR_MSEARCH_MAX_LEN 256u

typedef struct kr_msearch kr_msearch;

kr_msearch *kr_msearch_new(void);
void kr_msearch_free(kr_msearch *self);
/* Adds a literal (copied) and returns its id (0, 1, ... in the order of the
 * calls); the same bytes and flags added twice get the first id. Returns
 * (size_t)-1 when past a limit above or when len is 0 or after build. */
size_t kr_msearch_add(kr_msearch *self, const char *s, size_t len, unsigned flags);
size_t kr_msearch_count(const kr_msearch *self);
/* Builds the automaton; kr_msearch_add is refused after it. */
void kr_msearch_build(kr_msearch *self);
/* Sets seen[id] = 1 for every literal that occurs in text[0..len) (seen has
 * kr_msearch_count entries and is not cleared here). Returns how many
 * distinct literals were newly seen. */
size_t kr_msearch_scan(const kr_msearch *self, const char *text, size_t len, unsigned char *seen);

#endif
