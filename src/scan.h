/* scan.h - walk the given paths, parse each file once, evaluate, collect.
 *
 * Files are found first (sorted), then scanned by a pool of `jobs` worker
 * threads; each file gets its own arena, freed when it is done. Results are
 * merged and sorted, so the output is byte-for-byte the same whatever `jobs`
 * is. Directories are walked recursively, skipping .git, node_modules,
 * .terraform and .krewlint, and, in a git work tree, what git ignores
 * (`git ls-files`).
 */
#ifndef KR_SCAN_H
#define KR_SCAN_H

#include "diag.h"
#include "eval/coverage.h"
#include "eval/eval.h"
#include "rules/rule.h"

typedef struct kr_scan_options {
    const char *const *paths; /* files or folders; none means "." */
    size_t npaths;
    int jobs;                 /* <= 0: number of cores */
    kr_lang lang;
    /* .krewlint.yml (config.h), or NULL: include/exclude for walked files,
     * rules turned off, severity overrides, mandatory controls and whether
     * inline suppressions (suppress.h) are read. */
    const struct kr_config *config;
    const char *today;        /* YYYY-MM-DD for suppression expiry; NULL: kr_suppress_today */
    bool record_coverage;     /* fill kr_result.coverage while evaluating */
    bool keep_disabled;       /* keep findings of rules the config turns off, marked
                                 kr_finding.disabled (the checksheet shows them) */
} kr_scan_options;

typedef struct kr_result {
    kr_findings findings;     /* sorted */
    kr_diags diags;           /* sorted; unreadable/unparsable inputs */
    size_t files_scanned;
    size_t files_skipped;     /* not a format krewlint reads */
    size_t docs_parsed;       /* files parsed for evaluation (each scanned file once) */
    /* errors in source-code queries compiled on first use (a deferred
     * ruleset, rule.h): the rules are invalid, the caller ends the run */
    kr_diags rule_errors;
    kr_rulecov coverage;      /* with record_coverage: which rules ran on which files */
} kr_result;

void kr_result_init(kr_result *self);
void kr_result_dispose(kr_result *self);

/* Scans. Returns 0; errors about inputs go into out->diags. */
int kr_scan(kr_result *out, const kr_ruleset *rules, const kr_scan_options *opts);

/* Lists the files a scan of `paths` would read (sorted, deduplicated), as
 * display paths. Caller frees each and the array. */
int kr_scan_collect(char ***out, size_t *count, const char *const *paths, size_t npaths,
                    kr_diags *diags);

#endif
