/* baseline.h - .krewlint-baseline.json: findings accepted as they are, so a
 * run reports only new ones.
 *
 * A finding's fingerprint is FNV-1a 64 over (format version, rule id, file
 * path without "./", resource name, the failing attribute's path with
 * indexes written [*], the offending value with whitespace runs folded; a
 * finding with neither path nor value uses its source line with every blank
 * removed) - never a line or column. So it survives moving the resource in its file,
 * reformatting, and edits elsewhere in the file, and changes when the
 * offending value (or the resource, rule or file) changes. Identical
 * fingerprints (two equal values in one resource) are counted, not merged.
 *
 *   {
 *     "version": 1,
 *     "generator": "krewlint",
 *     "entries": [
 *       {"fingerprint": "9c0d5e1f2a3b4c5d", "rule": "KR-6-8-RDS-BACKUP-RETENTION",
 *        "file": "terraform/db.tf", "resource": "aws_db_instance.main", "count": 1}
 *     ]
 *   }
 *
 * Entries are sorted by file, rule, resource and fingerprint, one per line,
 * so the file diffs well. Reading checks it completely: every problem as
 * "file:line:col: message" (code "invalid-baseline").
 */
#ifndef KR_BASELINE_H
#define KR_BASELINE_H

#include <stdbool.h>
#include "diag.h"
#include "eval/eval.h"
#include "util/buf.h"

#define KR_BASELINE_NAME ".krewlint-baseline.json"
#define KR_BASELINE_VERSION 1
#define KR_BASELINE_CODE "invalid-baseline"

typedef struct kr_baseline_entry {
    char fingerprint[17];  /* 16 lowercase hex digits */
    char *rule;            /* owned; informative (the fingerprint covers it) */
    char *file;            /* owned */
    char *resource;        /* owned; NULL when the finding has none */
    size_t count;          /* findings with this fingerprint, >= 1 */
    size_t matched;        /* set by kr_baseline_filter */
    kr_span span;          /* where the entry is in the file read (0 when built) */
} kr_baseline_entry;

typedef struct kr_baseline {
    kr_baseline_entry *items;
    size_t len, cap;
} kr_baseline;

void kr_baseline_init(kr_baseline *self);
void kr_baseline_dispose(kr_baseline *self);

/* The fingerprint of one finding into out (17 bytes, NUL-terminated). */
void kr_baseline_fingerprint(char out[17], const kr_finding *f);

/* Builds the entries of `findings` (suppressed ones are left out), sorted. */
void kr_baseline_build(kr_baseline *self, const kr_findings *findings);

/* The JSON text (ends with a newline). */
void kr_baseline_write(const kr_baseline *self, kr_buf *out);
/* Writes the file (through a temporary file and a rename). 0 or KR_EIO
 * with a diagnostic. */
int kr_baseline_save(const kr_baseline *self, const char *path, kr_diags *diags);

/* Reads a baseline into self (initialised). 0, KR_EIO or KR_EINVALID (every
 * problem in diags). */
int kr_baseline_parse(kr_baseline *self, const char *path, const char *data, size_t len,
                      kr_diags *diags);
int kr_baseline_load(kr_baseline *self, const char *path, kr_diags *diags);

/* Removes from `findings` those the baseline holds (at most `count` per
 * entry; suppressed findings are kept, they are reported as suppressed), and
 * sets each entry's `matched`. Returns how many were removed. */
size_t kr_baseline_filter(kr_baseline *self, kr_findings *findings);
/* kr_baseline_filter that moves the removed findings to `accepted` (NULL:
 * freed), for the checksheet report's "accepted in the baseline". */
size_t kr_baseline_split(kr_baseline *self, kr_findings *findings, kr_findings *accepted);

/* Entries that matched nothing (matched == 0) after kr_baseline_filter, in
 * file order; *out is a malloc'ed array of pointers into self (caller frees
 * the array). Returns the count. */
size_t kr_baseline_unmatched(const kr_baseline *self, const kr_baseline_entry ***out);

#endif
