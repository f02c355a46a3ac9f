/* suppress.h - inline suppressions: `krewlint:ignore` comments in scanned files.
 *
 *   # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="staging DB, rebuilt nightly" until=2025-06-30 by=sato
 *   backup_retention_period = 1
 *
 *   resource "aws_s3_bucket" "logs" {   // krewlint:ignore 6-24 reason="public dataset"
 *
 *   # krewlint:ignore-file 6-14 reason="batch host runs in JST by contract"
 *   # krewlint:ignore-start KR-6-28-SG-OPEN-INGRESS reason="public load balancer"
 *   ...
 *   # krewlint:ignore-end
 *
 * A directive names one or more targets (comma-separated: rule ids, checksheet
 * items, globs over rule ids; see kr_selector in config.h), then fields:
 * reason="..." (required; '...' and a bare word also work), until=YYYY-MM-DD (the last
 * day it applies), by=NAME (who approved it). `krewlint:ignore` applies to its
 * own line when code precedes the comment, else to the next line holding code
 * (blank and comment-only lines are skipped, so directives can be stacked).
 * `ignore-file` covers the whole file; `ignore-start`..`ignore-end` the lines
 * between them, inclusive (an end with a target closes that target's start,
 * without one the innermost).
 *
 * Only real comments count: a file is first searched for "krewlint:" (most
 * files stop there), then lexed for its syntax so that the text inside a
 * string, a YAML block scalar or an HCL heredoc is not a directive.
 *
 * Diagnostics (into the caller's sink, with the directive's position):
 *   suppression-invalid  error    no target, bad target, no reason, bad date,
 *                                 unknown field, unmatched start/end (not applied)
 *   suppression-expired  warning  until is before today (not applied)
 *   suppression-refused  error    the finding's control is mandatory (config)
 *   suppression-unused   warning  it covered no finding
 */
#ifndef KR_SUPPRESS_H
#define KR_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "diag.h"
#include "doc/format.h"
#include "eval/eval.h"

/* kr_comment_syntax: doc/format.h (the syntax table holds each file's). */

/* The syntax of a path, by its extension (case-insensitive); an extensionless
 * file with a #! line for node or python is JavaScript or Python. */
kr_comment_syntax kr_suppress_syntax_for(const char *path, const char *data, size_t len);

typedef enum kr_supp_scope { KR_SUPP_LINE = 0, KR_SUPP_FILE, KR_SUPP_RANGE } kr_supp_scope;

/* kr_suppression - one target of one valid, unexpired directive. */
typedef struct kr_suppression {
    kr_supp_scope scope;
    kr_sel_kind kind;
    char *target;          /* owned */
    char *reason;          /* owned */
    char *by;              /* owned; NULL when not given */
    char *until;           /* owned; NULL when not given */
    kr_span span;          /* the directive, from "krewlint:" to its end */
    uint32_t first, last;  /* the lines covered, 0-based inclusive (first > last: none) */
    size_t used;           /* findings it suppressed */
    bool refused;          /* refused for a mandatory control (reported once) */
} kr_suppression;

typedef struct kr_suppressions {
    kr_suppression *items;
    size_t len, cap;
} kr_suppressions;

void kr_suppressions_init(kr_suppressions *self);
void kr_suppressions_dispose(kr_suppressions *self);

/* Today's date as YYYY-MM-DD into out (11 bytes): $KREWLINT_TODAY when set
 * (for tests; returns -1 when it is not a valid date), else the UTC date. */
int kr_suppress_today(char out[11]);
/* 1 when s is a valid YYYY-MM-DD date. */
bool kr_suppress_valid_date(const char *s, size_t len);

/* Finds the directives of one file. `today` (YYYY-MM-DD) decides expiry;
 * NULL means kr_suppress_today. Problems go to diags under `path`. */
void kr_suppress_scan(kr_suppressions *out, const char *path, const char *data, size_t len,
                      kr_comment_syntax syntax, const char *today, kr_diags *diags);

/* The structured forms, from a parsed document (appended to out, fields as
 * in the comments; problems go to diags at the entry's position):
 *   CloudFormation, a resource's Metadata (covers the logical id's lines):
 *     Metadata:
 *       krewlint:
 *         ignore:
 *         - {rule: KR-6-8-RDS-BACKUP-RETENTION, reason: "...", until: 2025-06-30, by: sato}
 *   Kubernetes, an annotation (covers the whole object; one directive a line):
 *     metadata:
 *       annotations:
 *         krewlint.io/ignore: "KR-6-20-K8S-HOST-ISOLATION reason=\"node agent\" by=ops"
 * `today` as in kr_suppress_scan. */
struct kr_doc;
void kr_suppress_from_doc(kr_suppressions *out, const struct kr_doc *doc, const char *today,
                          kr_diags *diags);

/* Says whether a control is mandatory (no inline suppression accepted). */
typedef bool (*kr_mandatory_fn)(const char *rule_id, const char *control, void *payload);

/* Marks the findings (of this file) that a suppression covers: suppressed,
 * and a copy of its reason, by and until. A finding whose rule is mandatory
 * is left unsuppressed and the directive is reported once
 * ("suppression-refused"). mandatory may be NULL. */
void kr_suppress_apply(kr_suppressions *self, kr_findings *findings, const char *path,
                       kr_mandatory_fn mandatory, void *payload, kr_diags *diags);

/* Reports every suppression that covered no finding ("suppression-unused",
 * a warning that does not fail the scan): the lines it applies to, or, when
 * `rules` (may be NULL) has no rule it can name, "no rule named X (did you
 * mean Y?)". kr_suppress_report_unused is kr_suppress_report_unused_in
 * without rules. */
void kr_suppress_report_unused_in(const kr_suppressions *self, const char *path,
                                  const kr_ruleset *rules, kr_diags *diags);
void kr_suppress_report_unused(const kr_suppressions *self, const char *path, kr_diags *diags);

#endif
