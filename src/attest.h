/* attest.h - attestations: what a team states, with evidence, about the
 * checksheet items no configuration can show (organisational controls such
 * as 1-2 "the policy is reviewed yearly"), read from
 * `.krewlint/attestations.yml` (schema: README.md, "Attestations and the
 * checksheet report").
 *
 *   attestations:
 *     "1-2":
 *       status: ○                    # ○ △ × "-" (or done, partial, no, na)
 *       note_ja: 経営者が毎年見直しています。
 *       note_en: Management reviews the policy every year.
 *       evidence: [docs/isms/management-review.md, https://example.com/security]
 *       owner: ISMS 管理責任者
 *       reviewed: 2024-06-01          # YYYY-MM-DD
 *       interval: 1 year              # a duration: 12 months, P1Y, 365 days
 *
 * The file is checked like a rule file: every problem is reported as
 * "file:line:col: message", and items that are not in the catalog are
 * refused. kr_attest_check turns what the attestations claim into findings:
 *   KR-ATTEST-OVERDUE            the review is older than its interval
 *   KR-ATTEST-EVIDENCE-MISSING   an evidence path does not exist
 *   KR-ATTEST-CONTRADICTED       ○ is claimed, but a rule of the item fails
 */
#ifndef KR_ATTEST_H
#define KR_ATTEST_H

#include <stdbool.h>
#include "catalog.h"
#include "common.h"
#include "util/date.h"
#include "eval/eval.h"

struct kr_diags;

/* The answer in the 実施有無 column. */
typedef enum kr_mark {
    KR_MARK_NONE = 0,   /* no answer (no attestation) */
    KR_MARK_DONE,       /* ○ */
    KR_MARK_PARTIAL,    /* △ */
    KR_MARK_NO,         /* × */
    KR_MARK_NA          /* - */
} kr_mark;

/* "○" "△" "×" "-" ("" for KR_MARK_NONE). */
const char *kr_mark_symbol(kr_mark m);
/* "done" "partial" "no" "na" ("none"). */
const char *kr_mark_name(kr_mark m);
/* Reads ○ ◯ done, △ partial, × ✕ no, - na n/a. Returns 0 or -1. */
int kr_mark_parse(kr_mark *out, const char *s, size_t len);

/* kr_evidence - a document path (relative to the repository root) or URL. */
typedef struct kr_evidence {
    char *text;
    bool is_url;            /* http:// or https:// */
    kr_span span;
} kr_evidence;

/* kr_attestation - one item's entry. Strings owned; optional ones NULL. */
typedef struct kr_attestation {
    char *item;             /* "1-2" */
    kr_span item_span;
    kr_mark status;
    kr_span status_span;
    char *note_ja;
    char *note_en;
    kr_evidence *evidence;
    size_t nevidence;
    char *owner;
    bool has_reviewed;
    long reviewed_days;     /* days since 1970-01-01 */
    char *reviewed_text;    /* "2024-06-01" */
    kr_span reviewed_span;
    bool has_interval;
    long interval_days;     /* the duration in whole days (at least 1) */
    char *interval_text;    /* as written: "1 year" */
    kr_span interval_span;
} kr_attestation;

/* kr_attestations - one file's entries, sorted by item number. Also owns the
 * kr_rule objects its findings point at (one per check and item, so that a
 * finding's rule->control is the item). */
typedef struct kr_attestations {
    char *file;             /* display path of the file (owned) */
    char *root;             /* repository root evidence paths are relative to (owned) */
    char *source;           /* the file's bytes, for finding snippets (owned) */
    size_t source_len;
    kr_attestation *items;
    size_t len;
    struct kr_rule **rules; /* made by kr_attest_check */
    size_t nrules;
} kr_attestations;

void kr_attest_init(kr_attestations *self);
void kr_attest_dispose(kr_attestations *self);

/* Parses data[0, len) of the file `path` (the name used in messages). cat
 * (may be NULL: no item check) refuses unknown items. root is the folder
 * evidence paths are relative to (NULL: "."). Returns 0, or KR_EINVALID /
 * KR_EPARSE with every problem in diags. */
int kr_attest_parse(kr_attestations *self, const char *path, const char *data, size_t len,
                    const kr_catalog *cat, const char *root, struct kr_diags *diags);
/* Reads the file; KR_ENOTFOUND (nothing reported) when it does not exist,
 * KR_EIO when it cannot be read. */
int kr_attest_load(kr_attestations *self, const char *path, const kr_catalog *cat, const char *root,
                   struct kr_diags *diags);

/* The entry of an item, or NULL. */
const kr_attestation *kr_attest_find(const kr_attestations *self, const char *item);

/* Dates (kr_date_parse, kr_date_format, kr_today): util/date.h. */

/* kr_attest_check_options - inputs of the checks. */
typedef struct kr_attest_check_options {
    long today;                    /* days since 1970-01-01 */
    kr_lang lang;
    const kr_findings *scan;       /* the scan's findings (for contradictions); may be NULL */
    const kr_catalog *catalog;     /* may be NULL; a rule it lists under an item counts for that
                                      item too (6-26 is checked by a 6-28 rule) */
} kr_attest_check_options;

/* Appends the findings of the three checks to out (unsorted), in file order:
 * overdue (warning, at `reviewed`), evidence missing (error, at the entry),
 * contradicted (error, at `status`). The findings point at rules owned by
 * self, so self must outlive them. */
void kr_attest_check(kr_attestations *self, const kr_attest_check_options *opts, kr_findings *out);

#define KR_ATTEST_OVERDUE "KR-ATTEST-OVERDUE"
#define KR_ATTEST_EVIDENCE_MISSING "KR-ATTEST-EVIDENCE-MISSING"
#define KR_ATTEST_CONTRADICTED "KR-ATTEST-CONTRADICTED"

#endif
