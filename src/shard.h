/* shard.h - one scan split over N machines (`--shard I/N`) and put back
 * together (`krewlint merge`), byte for byte the result of one run.
 *
 * Units. The scan's tasks (scan.c plan_tasks: one file, or the Terraform
 * files of one folder) are joined into units of evaluation: a Terraform
 * folder with every local module folder it calls (and the callers of those,
 * transitively), a CloudFormation template with the local templates of its
 * nested stacks (scan.c nested_edges), every other file on its own. A unit
 * is never split. Parameter files (--cfn-parameters, the configuration's
 * cloudformation.parameters) apply to every template of the run and are
 * read by every shard's engine, so each template has them whichever shard
 * it is in; a parameter file that is also a scanned file is its own unit.
 *
 * Assignment. A unit's cost is its bytes weighted by kind
 * (kr_shard_file_cost: a byte of Terraform costs KR_SHARD_WEIGHT_TERRAFORM
 * bytes of anything else). Units are sorted by (cost descending, name) and
 * each goes to the shard with the least cost so far, the lower index on a
 * tie (greedy longest-processing-time). Every machine computes the same list from the
 * same tree, so every unit lands in exactly one shard without any
 * coordination; the list's digest (units_digest) is in each shard's record,
 * and the merge refuses shards that saw different trees.
 *
 * What a shard owns. Its units' files: their findings, diagnostics,
 * coverage and the files/docs_parsed counts. What the walk itself reports
 * (skipped entries, broken links, unsupported formats) is shard 1's, so it
 * is counted once.
 *
 * The record. With --shard the JSON report ends with a "shard" object: the
 * shard, the total, the krewlint version, digests of the rules, of the
 * configuration and of the unit list, the policy of the run (language,
 * fail_on...), and the whole result in a lossless form (every string
 * percent-encoded, every position with line, column and byte) including
 * what the human-readable part leaves out (snippets, suppressed, baselined
 * and disabled findings, coverage). `krewlint merge` reads only that object.
 */
#ifndef KR_SHARD_H
#define KR_SHARD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "scan.h"
#include "shard_plan.h"
#include "util/buf.h"

/* kr_shard_policy - what the exit status and the reports of a run depend on
 * beyond its result. */
typedef struct kr_shard_policy {
    kr_lang lang;
    int fail_on;              /* kr_fail_on */
    bool fail_on_unknown;
    bool exit_zero;
    bool changed_since;       /* the SARIF category default (a partial scan) */
} kr_shard_policy;

/* kr_shard_record - what a shard's JSON carries (borrowed pointers). */
typedef struct kr_shard_record {
    kr_shard_spec spec;
    const char *version;
    uint64_t rules_digest, config_digest, units_digest;
    size_t units;             /* units in this shard */
    kr_shard_policy policy;
    const kr_result *result;  /* everything, suppressed findings included */
    const kr_findings *baselined;
    const kr_findings *disabled;
    size_t nbaselined;
} kr_shard_record;

/* Appends the record as the value of the JSON report's "shard" key (the
 * JSON writer's hook, report/json.c). */
void kr_shard_record_json(kr_buf *out, const kr_shard_record *rec, int indent);

/* The rules: every rule's id, control and severity and the bytes of every
 * rule file, independent of where the pack is installed. */
uint64_t kr_shard_rules_digest(const kr_ruleset *rules);

/* kr_shard_input - one shard's record read back (kr_shard_read). */
typedef struct kr_shard_input {
    char *path;
    kr_shard_spec spec;
    char *version;
    uint64_t rules_digest, config_digest, units_digest;
    size_t units;
    kr_shard_policy policy;
    kr_result result;         /* findings' rule pointers into the merge's ruleset */
    kr_findings baselined, disabled;
    size_t nbaselined;
} kr_shard_input;

void kr_shard_input_init(kr_shard_input *self);
void kr_shard_input_dispose(kr_shard_input *self);

/* Reads the "shard" record of a JSON report (data[0, len) of path). Rule ids
 * are looked up in `rules` (NULL: findings get no rule). When the record is
 * where report/json.c writes it (the last key, nothing before it naming
 * "shard") only the record is parsed, not the human-readable part; else,
 * and whenever that fails, the whole file, and a key given twice anywhere is
 * refused. Returns 0, or KR_EPARSE / KR_EINVALID with one diagnostic at
 * path:line:col of the whole file in diags. */
int kr_shard_read(kr_shard_input *out, const char *path, const char *data, size_t len,
                  const kr_ruleset *rules, kr_diags *diags);

/* Checks that inputs[0..n) are shards 1..N of one run (same N, version,
 * rules, configuration and tree; none missing or given twice) and that the
 * merge's own version and rules match. Each problem is printed to err.
 * Returns 0 or -1. */
int kr_shard_check(kr_shard_input *const *inputs, size_t n, const char *version,
                   uint64_t rules_digest, FILE *err);

/* Moves every shard's result into out (findings and diagnostics sorted,
 * counts summed, coverage joined per rule), and the baselined and disabled
 * findings into the other two. The inputs are left empty. */
void kr_shard_merge(kr_result *out, kr_findings *baselined, kr_findings *disabled,
                    size_t *nbaselined, kr_shard_input *const *inputs, size_t n,
                    const kr_ruleset *rules);

#endif
