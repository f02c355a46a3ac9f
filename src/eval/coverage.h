/* coverage.h - which rules were evaluated on which files: the evidence
 * behind a checksheet ○ (the checksheet report reads it).
 *
 * Recorded while the scan has each document at hand (kr_scan_options
 * .record_coverage, kr_result.coverage), so no file is parsed twice.
 */
#ifndef KR_EVAL_COVERAGE_H
#define KR_EVAL_COVERAGE_H

#include "doc/doc.h"
#include "eval/eval.h"
#include "rules/rule.h"

/* kr_rule_files - the files one rule was evaluated on (sorted, unique). */
typedef struct kr_rule_files {
    const kr_rule *rule;
    char **files;
    size_t nfiles;
} kr_rule_files;

/* kr_rulecov - kr_rule_files for every rule of a ruleset, by rule id. */
typedef struct kr_rulecov {
    kr_rule_files *items;
    size_t len;
} kr_rulecov;

/* Which rules ran on a file is recorded by the evaluation itself
 * (kr_eval_options.applied): no second walk of the document. */
/* Appends r to *list unless it is there. */
void kr_rulelist_add(kr_rulelist *list, const kr_rule *r);
/* Builds the coverage from per-file lists: applicable[i] holds the rules that
 * ran on files[i]; files sorted and unique. */
void kr_rulecov_build(kr_rulecov *out, const kr_ruleset *rules, char *const *files,
                      const kr_rulelist *applicable, size_t nfiles);
void kr_rulecov_dispose(kr_rulecov *self);
const kr_rule_files *kr_rulecov_find(const kr_rulecov *self, const char *rule_id);

#endif
