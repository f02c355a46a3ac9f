/* prefilter.h - the words a source query cannot match without.
 *
 * A tree-sitter pattern whose predicates test the text of a capture the
 * pattern always holds - (#eq? @fn "eval"), (#any-of? @p "innerHTML"
 * "outerHTML"), (#match? @url "^['\"]http://") - can only match a file whose
 * bytes contain that text. kr_ts_query_needs reads a query's S-expression
 * (without compiling it: compiling is the costly part) and returns, per
 * top-level pattern, the literals one of which must occur. The scan searches
 * every file once for all of its rules' literals (util/multisearch.h) and
 * runs, compiles, and parses for only the rules that can match
 * (rules/source_rules.c).
 *
 * Conservative by construction: a capture under ? or *, or in only some
 * branches of an alternation, is not "always held" (a predicate on a capture
 * that is absent passes, query.h); negated predicates, #eq? between two
 * captures and predicates on the path give nothing; a pattern with no
 * usable literal, or one this reader does not follow, needs nothing (it may
 * match any file). Word boundaries (KR_MS_WORD_START/END) are asked only of
 * literals compared with the whole text of an identifier node (a capture on
 * a node type whose name ends in "identifier"), which tokens delimit.
 */
#ifndef KR_TS_PREFILTER_H
#define KR_TS_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

/* Shortest literal worth a search: shorter ones are in almost every file. */
#define KR_TS_NEED_MIN_LEN 3u

typedef struct kr_ts_lit {
    char *s;
    size_t len;
    unsigned flags;         /* KR_MS_* (util/multisearch.h) */
} kr_ts_lit;

/* kr_ts_need - one top-level pattern: it can match only where one of
 * lits occurs; n == 0: it can match anywhere. */
typedef struct kr_ts_need {
    kr_ts_lit *lits;
    size_t n;
} kr_ts_need;

typedef struct kr_ts_needs {
    kr_ts_need *pats;
    size_t n;
    bool always;            /* some pattern needs nothing (or the text was not read) */
} kr_ts_needs;

/* Reads the query text[0..len). Always fills *out (dispose it). */
void kr_ts_query_needs(const char *text, size_t len, kr_ts_needs *out);
void kr_ts_needs_dispose(kr_ts_needs *self);

#endif
