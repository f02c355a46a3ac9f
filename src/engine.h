/* engine.h - one krewlint run: the object every subcommand goes through.
 *
 * In the spirit of jq's jq_init / jq_compile / jq_next, a run is a sequence
 * of steps on one kr_engine, each of which may end the run:
 *
 *   kr_engine *e = kr_engine_new(&opts);     options as the command line gave them
 *   kr_engine_load(e)                        .krewlint.yml (found or --config), the
 *                                            command line over it, the rules with
 *                                            their params, the config check
 *   kr_engine_scan(e)                        the path set (PATHs, --files-from,
 *                                            --changed-since), the scan, deferred
 *                                            query errors, --changed-lines-only,
 *                                            the baseline
 *   kr_engine_view(e, ...)                   the findings a report shows
 *   kr_engine_status(e)                      the exit status (fail_on, --exit-zero)
 *   kr_engine_free(e)
 *
 * `krewlint`, `krewlint baseline`, `krewlint report` and `krewlint test` all
 * run these steps, so they cannot disagree on what the configuration, the
 * inline suppressions and the baseline mean. Each step returns 0 to go on or
 * the exit status to end with (KR_EXIT_*), the problem already printed to
 * opts.err. Nothing here is global; an engine is used by one thread (the scan
 * itself runs in parallel).
 *
 * Findings are set apart, never silently dropped: inline suppressions stay in
 * the result marked kr_finding.suppressed; findings of rules the
 * configuration turns off (with keep_adopted) and findings the baseline
 * accepts are moved to kr_engine_disabled / kr_engine_baselined, which the
 * checksheet report shows with the reason and the approver.
 */
#ifndef KR_ENGINE_H
#define KR_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "rules/rule.h"
#include "scan.h"

struct kr_catalog;

/* Exit statuses (jq main.c style). */
#define KR_EXIT_CLEAN 0    /* nothing found */
#define KR_EXIT_FOUND 1    /* a failing finding, or an unreadable/unparsable input */
#define KR_EXIT_TROUBLE 2  /* usage, invalid rules/config/baseline, unwritable output */

/* kr_engine_options - what a subcommand asks of the run. Strings are
 * borrowed and must outlive the engine. */
typedef struct kr_engine_options {
    const char *const *paths;      /* files or folders; none means "." */
    size_t npaths;
    const char *const *rules_dirs; /* --rules; none: the bundled pack */
    size_t nrules_dirs;
    const char *argv0;             /* finds the bundled pack (kr_default_rules_dir) */
    const char *config;            /* --config FILE; NULL: find .krewlint.yml */
    bool no_config;                /* krewlint test: no configuration at all */
    kr_lang lang;                  /* from the environment, or --lang */
    bool lang_given;               /* --lang: wins over the configuration */
    kr_fail_on fail_on;
    bool fail_on_given;            /* --fail-on: wins over the configuration */
    bool exit_zero;
    bool fail_on_unknown;          /* --fail-on-unknown: unknown verdicts count for fail_on */
    /* --rule / --skip-rule selectors (rule id, glob or checksheet item),
     * joined to the configuration's rules.enable / rules.disable. */
    const char *const *rule_sels;
    size_t nrule_sels;
    const char *const *skip_sels;
    size_t nskip_sels;
    /* --exclude GLOB (relative to the current folder), joined to the
     * configuration's exclude; --min-severity: findings below it are not
     * reported (nor counted for the exit status). */
    const char *const *excludes;
    size_t nexcludes;
    kr_severity min_severity;
    const char *baseline;          /* --baseline FILE */
    bool no_inline_suppressions;
    bool write_baseline;           /* krewlint baseline: the scan fills no baseline in */
    const char *files_from;        /* --files-from FILE ('-': stdin) */
    /* A PATH "-" is standard input (kr_scan_options.stdin_name): it must be
     * the only PATH and cannot combine with --files-from, --changed-since,
     * --shard or --list-shards (usage error). Its name in findings is
     * stdin_filename (--stdin-filename), else KR_STDIN_NAME. */
    const char *stdin_filename;
    const char *changed_since;     /* --changed-since REF */
    bool changed_lines_only;
    bool quiet;                    /* no notes on err (stale baseline entries) */
    bool keep_adopted;             /* keep disabled and baselined findings aside */
    bool record_coverage;          /* the scan records which rules ran on which files */
    /* CloudFormation/serverless resolution (src/cfn/resolve.h): parameter
     * files after the configuration's (a later value wins), --region and
     * --stage over the configuration's; NULL/0: the configuration only. */
    const char *const *cfn_parameters;
    size_t ncfn_parameters;
    const char *region;
    const char *stage;
    /* Template for the scan: jobs and any per-scan option a subcommand adds
     * (paths, lang and config are filled in by the engine). */
    kr_scan_options scan;
    const char *what;              /* "scanned" / "written" / "tested": ends messages */
    FILE *err;                     /* NULL: stderr */
    /* NULL: problems with the rules and the configuration are printed to
     * err with a closing "nothing was ..." line; else they are appended
     * here, unprinted (krewlint test collects them per pack). */
    kr_diags *diags;
} kr_engine_options;

/* The name standard input has without --stdin-filename: no extension, so
 * it is read as YAML (which takes JSON too). */
#define KR_STDIN_NAME "<stdin>"

typedef struct kr_engine kr_engine;

/* A new engine over opts (copied; the strings it points at are borrowed). */
/* Once at program start, before any other call and before threads start:
 * process-wide set-up (tree-sitter allocates through the memory meter that
 * --max-memory checks each file's parse against, util/meter.h). A program
 * that skips it still works; tree-sitter's memory is then not counted. */
void kr_process_init(void);

kr_engine *kr_engine_new(const kr_engine_options *opts);
void kr_engine_free(kr_engine *self);

/* Configuration and rules (see above). */
int kr_engine_load(kr_engine *self);
/* Compiles every source-code query now (--list-rules, krewlint test);
 * otherwise they compile when the scan meets their language. */
int kr_engine_prepare_sources(kr_engine *self);
/* Replaces the PATH arguments (krewlint test: the fixtures found once the
 * rules are loaded); borrowed. */
void kr_engine_set_paths(kr_engine *self, const char *const *paths, size_t npaths);
/* The path set, the scan and what follows it (see above). */
int kr_engine_scan(kr_engine *self);

/* Borrowed until kr_engine_free. */
const kr_engine_options *kr_engine_options_of(const kr_engine *self); /* lang/fail_on merged */
const kr_config *kr_engine_config(const kr_engine *self);
/* Appends the configuration's own controls (controls:) to a checksheet
 * catalog, after its items (kr_catalog_add_own), with the loaded rules that
 * name each. After kr_engine_load. */
void kr_engine_add_own_controls(const kr_engine *self, struct kr_catalog *cat);
const kr_ruleset *kr_engine_rules(const kr_engine *self);
kr_lang kr_engine_lang(const kr_engine *self);
const kr_result *kr_engine_result(const kr_engine *self);
kr_result *kr_engine_result_mut(kr_engine *self);
const kr_findings *kr_engine_disabled(const kr_engine *self);   /* keep_adopted */
const kr_findings *kr_engine_baselined(const kr_engine *self);  /* keep_adopted */
size_t kr_engine_baselined_count(const kr_engine *self);

/* kr_engine_view - the result a report shows: with or without the findings
 * inline suppressions cover. A shallow view of the engine's result; dispose
 * it with kr_engine_view_dispose (the strings stay the engine's). */
typedef struct kr_engine_view {
    kr_result result;
    kr_finding *owned;     /* the filtered copy, or NULL */
} kr_engine_view;
void kr_engine_view_init(kr_engine_view *out, const kr_engine *self, bool with_suppressed);
void kr_engine_view_dispose(kr_engine_view *self);

/* The exit status of a finished scan: findings at or above fail_on
 * (kr_fail_on_fails), diagnostics (a suppression warning counts as a warning
 * finding), --exit-zero. */
int kr_engine_status(const kr_engine *self);
/* krewlint baseline: every unsuppressed finding into the baseline file
 * (--baseline, the configuration's, else .krewlint-baseline.json beside the
 * configuration). Returns an exit status. */
int kr_engine_write_baseline(kr_engine *self);
/* --print-config. Returns an exit status. */
int kr_engine_print_config(const kr_engine *self, FILE *out);

/* krewlint merge (src/shard.h): the merged shards' result, baselined and
 * disabled findings become the engine's, as if kr_engine_scan had made them
 * (moved; the arguments are left empty). Reports, kr_engine_status and the
 * checksheet then work as after a scan. */
void kr_engine_adopt_result(kr_engine *self, kr_result *res, kr_findings *baselined,
                            kr_findings *disabled, size_t nbaselined);
bool kr_engine_adopted(const kr_engine *self);
/* A digest of the effective configuration and the options that change what
 * a scan finds (--var, --cfn-parameters, --region, the paths ...): the
 * shards of one run must agree on it. */
uint64_t kr_engine_config_digest(const kr_engine *self);

#endif
