/* query.h - tree-sitter queries for source-code rules (rules/README.md,
 * "Source-code rules"): compiling, predicates, typed comparisons, running.
 *
 * A kr_ts_query is built from one or more *parts* for one language. A part is
 * one rule target's query text (an S-expression), the name of the capture it
 * reports, and an optional typed comparison. Building several parts into one
 * query lets a file be matched by every rule of its language in a single
 * cursor pass; each match is traced back to its part through the pattern's
 * byte range. The loader first builds each part alone (so every broken query
 * is reported at its own position), then one merged query per language.
 *
 * Predicates are evaluated by krewlint itself, never left to the runtime:
 *   (#eq? @a "text")  (#eq? @a @b)  (#not-eq? ...)      exact text
 *   (#match? @a "RE")  (#not-match? @a "RE")     krewlint's linear-time regex
 *                                                 (util/regex.h); (?i) = ignore case
 *   (#any-of? @a "x" "y" ...)  (#not-any-of? @a ...)
 *   (#krewlint-entropy? @a 3.5)       Shannon entropy of the unquoted text,
 *                                      bits per byte, at least the threshold
 *   (#krewlint-path? "RE")  (#krewlint-not-path? "RE")   the scanned file's path
 * Text predicates see the capture's source text as written (quotes included);
 * capture a string's content node to test it without quotes. A capture that
 * holds several nodes (a quantified capture) passes when every node passes;
 * one with no node passes. Any other predicate or directive (#set!, #is?,
 * #select-adjacent!) is an error: a filter krewlint would ignore could only
 * cause false alarms.
 *
 * Thread safety: a built kr_ts_query is immutable and shared by every worker
 * thread; kr_ts_query_run uses its own TSQueryCursor per call, and each
 * kr_ts_tree comes from its own TSParser. Nothing is global.
 */
#ifndef KR_TS_QUERY_H
#define KR_TS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "rules/rule.h"
#include "rules/value.h"
#include "ts/lang.h"
#include "ts/tree.h"

struct kr_diags;

/* ------------------------------------------------------ where a query is */

/* kr_ts_origin - where a query's text sits in its rule file, so that an
 * offset into the text maps back to a rule-file line:col. span is the YAML
 * scalar's span as the rule loader records it (for a block scalar it starts
 * at the `|` or `>` indicator); data is the whole rule file. */
typedef struct kr_ts_origin {
    const char *file;  /* rule file, for messages */
    const char *data;  /* rule-file bytes; NULL: every offset maps to span.start */
    size_t len;
    kr_span span;
} kr_ts_origin;

/* Position in the rule file of byte `off` of the scalar's decoded text.
 * Block scalars (`|`, `|-`, `|+`, `|2`) map line by line, adding the block's
 * indentation; quoted and plain scalars map through their quotes, escapes
 * and folded line breaks (an escape such as \u00e9 maps to its backslash). */
kr_loc kr_ts_origin_locate(const kr_ts_origin *origin, size_t off);

/* ------------------------------------------------------------ building */

/* kr_ts_compare - "report when `capture` OP value holds", comparing the
 * captured text (surrounding quotes of a string literal removed: '..', "..",
 * `..`, Python's r"..", b'..', """...""") as `type` (kr_value_from_text).
 * A captured text that does not read as that type is not reported. */
typedef struct kr_ts_compare {
    const char *capture;    /* capture name without '@' */
    kr_op op;               /* KR_OP_EQ, NE, LT, LE, GT or GE */
    kr_vtype type;          /* KR_VT_AUTO: string */
    kr_unit unit;           /* durations: what a bare number counts */
    const char *value;      /* the expected value as written (copied) */
} kr_ts_compare;

/* kr_ts_part - one rule target's query. */
typedef struct kr_ts_part {
    const char *text;       /* the S-expression (need not be NUL-terminated) */
    size_t len;
    const char *report;     /* capture reported, without '@'; every pattern must have it */
    const kr_ts_compare *cmp; /* NULL, or applied to the patterns holding cmp->capture */
    kr_ts_origin origin;    /* for error positions */
    const void *user;       /* handed back in every hit of this part */
} kr_ts_part;

typedef struct kr_ts_query kr_ts_query;

/* Builds one query for `lang` from parts[0..nparts) (joined by newlines).
 * Checks everything: the S-expression (tree-sitter's error offset mapped to
 * rule-file line:col through the part's origin), the predicates (names,
 * arguments, regular expressions, thresholds), the reported and compared
 * captures (present in the query; the reported one in every pattern) and the
 * comparison's value. Each problem is one "invalid-rule" error in diags,
 * "rulefile:line:col: ..."; the runtime stops at its first syntax error.
 * Returns 0 and *out, or KR_EINVALID (*out NULL). */
int kr_ts_query_build(kr_ts_query **out, kr_ts_lang lang, const kr_ts_part *parts, size_t nparts,
                      struct kr_diags *diags);
void kr_ts_query_free(kr_ts_query *self);
kr_ts_lang kr_ts_query_lang(const kr_ts_query *self);
size_t kr_ts_query_pattern_count(const kr_ts_query *self);

/* ------------------------------------------------------------ running */

/* kr_ts_hit - one reported capture. Pointers borrow from the tree's bytes
 * and the query; valid during the callback only. */
typedef struct kr_ts_hit {
    size_t part;            /* index into the parts given to kr_ts_query_build */
    const void *user;       /* that part's user pointer */
    kr_span span;           /* the reported node, 0-based, end exclusive */
    const char *text;       /* its source text (not NUL-terminated) */
    size_t text_len;
    const char *value;      /* the compared capture's text, unquoted; NULL when
                               the pattern has no comparison */
    size_t value_len;
} kr_ts_hit;

typedef void (*kr_ts_hit_cb)(const kr_ts_hit *hit, void *payload);

/* Runs the query over the tree (which must be of the query's language).
 * `path` is the scanned file's display path, for #krewlint-path? (NULL:
 * those predicates see ""). Hits come in source order (start byte, then
 * part, then end byte); one node reported twice by the same part (two
 * patterns) is reported once. Returns 0, or KR_EINVALID on a language
 * mismatch. */
int kr_ts_query_run(const kr_ts_query *self, const kr_ts_tree *tree, const char *path,
                    kr_ts_hit_cb cb, void *payload);

/* ------------------------------------------------------------ helpers */

/* Shannon entropy of s[0..n) in bits per byte (0 for n == 0). */
double kr_ts_entropy(const char *s, size_t n);
/* Narrows s[0..*n) to the inside of a string literal's quotes (see
 * kr_ts_compare); leaves it unchanged when it is not quoted. */
void kr_ts_unquote(const char **s, size_t *n);

#endif
