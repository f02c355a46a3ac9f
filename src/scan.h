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
#include "tf/module.h"

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
    /* CloudFormation/SAM/serverless resolution (cfn/resolve.h): region,
     * parameter overrides, stage; NULL: defaults only. Borrowed for the scan. */
    const struct kr_cfn_options *cfn;
    bool record_coverage;     /* fill kr_result.coverage while evaluating */
    bool keep_disabled;       /* keep findings of rules the config turns off, marked
                                 kr_finding.disabled (the checksheet shows them) */
    /* Terraform input variables from the command line (--var-file, --var;
     * src/tf/module.h), or NULL. */
    const kr_tf_options *terraform;
    /* Read links to files wherever they point (--follow-symlinks). Without
     * it a link whose target is outside the scanned tree is reported
     * (symlink-outside) and not read. Links to folders are never walked. */
    bool follow_symlinks;
    /* Source-code rules run on every file of their language, not only on
     * files holding the literals they cannot match without (ts/prefilter.h,
     * --no-prefilter): the same results, for comparison and diagnosis. */
    bool no_prefilter;
    /* Memory budget in bytes for the files being scanned at once
     * (--max-memory); 0: kr_scan_default_memory(). Each file's cost is
     * estimated as a multiple of its size per format (scan.c COST_FACTOR_*);
     * workers wait while the running files hold the budget, a task larger
     * than the budget runs alone, and a single file whose estimate exceeds
     * the budget is a `limit` diagnostic and is not parsed. */
    unsigned long long max_memory;
    /* --shard I/N (src/shard_plan.h): only the units of shard `shard_index` of
     * `shard_count` are scanned (0: all). With `shard_plan` the unit list
     * and its assignment are written there; with `plan_only` too, nothing
     * is scanned (--list-shards). */
    unsigned shard_index, shard_count;
    struct kr_shard_plan *shard_plan;
    bool plan_only;
    /* `krewlint -`: scan standard input instead of paths (npaths must be 0),
     * as one file named stdin_name in findings and diagnostics. The name's
     * extension picks the syntax as a file's would (plan.json, main.tf,
     * values.yaml); a name with none ("<stdin>") is read as YAML, which
     * takes JSON too. Read to EOF before the scan, at most KR_MAX_FILE_SIZE
     * (util/fs.h) and under the memory budget like any file, else one
     * `limit` diagnostic. A Terraform file is evaluated as the file of that
     * name would be (an editor's unsaved buffer): with its folder's other
     * .tf and tfvars files, the bytes of standard input replacing the file
     * of that name, if there is one. */
    const char *stdin_name;
    int stdin_fd;             /* the descriptor read for stdin_name (0) */
} kr_scan_options;

/* Half the physical memory or of the cgroup's memory.max, whichever is
 * lower, and at least 256 MiB. */
unsigned long long kr_scan_default_memory(void);

/* kr_skip_reason - why an entry met by the scan was not read. Every entry is
 * scanned, counted under one of these, or both counted and reported (the
 * comment says which get a diagnostic); the summary line lists the counts. */
typedef enum kr_skip_reason {
    KR_SKIP_FORMAT,        /* not a format krewlint reads (named: unsupported-format) */
    KR_SKIP_OWN,           /* .krewlint.yml, the baseline file */
    KR_SKIP_EXCLUDED,      /* the configuration's include/exclude */
    KR_SKIP_LINKED_DIR,    /* a symbolic link to a folder: never walked */
    KR_SKIP_LINK_OUTSIDE,  /* symlink-outside: a link leaving the tree */
    KR_SKIP_BROKEN_LINK,   /* broken-symlink: dangling, a loop */
    KR_SKIP_NOT_REGULAR,   /* not-regular: a FIFO, device or socket */
    KR_SKIP_HELM,          /* a Helm chart's templates/ (one helm-chart note per chart) */
    KR_SKIP_N
} kr_skip_reason;

/* English name of a reason for the summary line ("not regular files"). */
const char *kr_skip_reason_name(kr_skip_reason r);

typedef struct kr_result {
    kr_findings findings;     /* sorted */
    kr_diags diags;           /* sorted; unreadable/unparsable inputs */
    size_t files_scanned;
    size_t docs_parsed;       /* files parsed for evaluation (each scanned file once) */
    /* errors in source-code queries compiled on first use (a deferred
     * ruleset, rule.h): the rules are invalid, the caller ends the run */
    kr_diags rule_errors;
    kr_rulecov coverage;      /* with record_coverage: which rules ran on which files */
    size_t files_skipped;     /* entries not read, the sum of skipped[] */
    size_t skipped[KR_SKIP_N];
} kr_result;

void kr_result_init(kr_result *self);
void kr_result_dispose(kr_result *self);

/* Scans. Returns 0; errors about inputs go into out->diags. */
int kr_scan(kr_result *out, const kr_ruleset *rules, const kr_scan_options *opts);

/* Lists the files a scan of `paths` would read (sorted, deduplicated), as
 * display paths. Caller frees each and the array. */
int kr_scan_collect(char ***out, size_t *count, const char *const *paths, size_t npaths,
                    kr_diags *diags);

/* Terraform in pull-request mode (--changed-since): the Terraform files of
 * every folder a change affects - the folder of each changed .tf, .tf.json,
 * .tfvars or .tfvars.json file (a module is a folder) and, to any depth,
 * every folder whose local module calls reach an affected one - taken from
 * all[0, nall) (the files a whole scan would read). Appends owned copies to
 * *out / *nout (which may hold entries already; nothing is deduplicated). */
void kr_scan_tf_affected(char *const *changed, size_t nchanged, char *const *all, size_t nall,
                         char ***out, size_t *nout);

#endif
