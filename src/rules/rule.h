/* rule.h - compiled declarative rules (the format is in rules/README.md).
 *
 * A rule file is YAML holding one rule, or a list of rules under `rules:`.
 * kr_ruleset_load reads every *.yml and *.yaml file under the given folders (sorted,
 * recursive, skipping files whose names start with '_' or '.', and the
 * catalog file), checks each rule completely and reports *every* error as
 * "rulefile:line:col: message" into the diags sink (not only the first).
 * Rules are compiled once per run: paths are split, regular expressions
 * compiled, values typed; then they are indexed by target so a document only
 * meets the rules that can match it. A ruleset is read-only after loading and
 * shared by every worker thread.
 */
#ifndef KR_RULES_RULE_H
#define KR_RULES_RULE_H

#include <stdbool.h>
#include "common.h"
#include "doc/doc.h"
#include "rules/value.h"
#include "util/regex.h"

struct kr_diags;

/* kr_text - a string in both languages. */
typedef struct kr_text {
    char *en;
    char *ja;
} kr_text;

const char *kr_text_get(const kr_text *t, kr_lang lang);

/* What a missing or unknown value means for a leaf condition. */
typedef enum kr_absent_mode {
    KR_ABSENT_FAIL = 0,    /* absent violates the rule (default for comparisons) */
    KR_ABSENT_PASS,        /* absent complies (e.g. log retention: never expire) */
    KR_ABSENT_DEFAULT,     /* compare the provider default given in `default:` */
    KR_ABSENT_UNKNOWN
} kr_absent_mode;

typedef enum kr_op {
    KR_OP_EQ, KR_OP_NE, KR_OP_LT, KR_OP_LE, KR_OP_GT, KR_OP_GE,
    KR_OP_IN, KR_OP_NOT_IN, KR_OP_MATCHES, KR_OP_NOT_MATCHES,
    KR_OP_CONTAINS, KR_OP_NOT_CONTAINS,
    KR_OP_EXISTS, KR_OP_ABSENT
} kr_op;

typedef struct kr_path kr_path; /* rules/path.h */

typedef enum kr_cond_kind {
    KR_COND_LEAF, KR_COND_ALL, KR_COND_ANY, KR_COND_NOT,
    KR_COND_RELATED   /* `related:` (rules/README.md, "Relations between resources") */
} kr_cond_kind;

typedef struct kr_cond kr_cond;

/* kr_related - a `related:` condition: another block of the same module
 * (Terraform folder) or template (CloudFormation) that is tied to the
 * target's resource, and optionally a condition on that block. Evaluated by
 * eval.c with the index of src/eval/relations.h. */
typedef enum kr_rel_dir {
    KR_REL_VIA,       /* {resource: T, via: P}: a T whose P refers to this resource */
    KR_REL_FROM,      /* {resource: T, from: P}: a T that this resource's P refers to */
    KR_REL_PROVIDER   /* {provider: NAME}: the provider configuration this resource uses */
} kr_rel_dir;
typedef struct kr_related {
    kr_rel_dir dir;
    char *type;       /* T (a Terraform type or a CloudFormation Type), or the provider NAME */
    kr_path *path;    /* VIA: in the related block; FROM: in this resource; NULL for PROVIDER */
    char *path_text;  /* that path as written, or NULL */
    kr_cond *check;   /* the related block's condition, or NULL: being related is enough */
    /* PROVIDER: what a folder without a `provider "NAME"` block means (a calling
     * module configures it): KR_ABSENT_UNKNOWN (default), _PASS or _FAIL */
    kr_absent_mode if_absent;
} kr_related;

/* kr_cond - a condition tree. A leaf tests the values at `path` (relative to
 * the target node); all/any/not combine with three-valued logic
 * (pass, fail, unknown). */
struct kr_cond {
    kr_cond_kind kind;
    kr_span src;            /* where it is in the rule file */
    /* leaf */
    kr_path *path;
    char *path_text;
    kr_op op;
    kr_vtype vtype;         /* how values compare */
    kr_unit unit;           /* for durations: what a bare number counts */
    kr_value *values;       /* expected value(s): 1, or several for in/not_in */
    size_t nvalues;
    char *expected_text;    /* the expected value as written, for messages */
    kr_regex *re;           /* matches/not_matches; owned by the ruleset */
    kr_absent_mode if_absent;
    kr_value default_value; /* KR_ABSENT_DEFAULT */
    char *default_text;     /* the default as written, for messages (KR_ABSENT_DEFAULT) */
    bool quant_any;         /* fan-out: true = any value may satisfy; default all */
    /* all/any/not */
    kr_cond **children;
    size_t nchildren;
    /* KR_COND_RELATED (path_text then names the relation for {path}) */
    kr_related *related;
};

typedef enum kr_target_kind {
    KR_TGT_TF_RESOURCE,   /* terraform: {resource: TYPE} (also .tf.json and plan JSON) */
    KR_TGT_TF_DATA,       /* terraform: {data: TYPE} */
    KR_TGT_TF_PROVIDER,   /* terraform: {provider: NAME} */
    KR_TGT_TF_BLOCK,      /* terraform: {block: variable|module|terraform|locals} */
    KR_TGT_CFN_RESOURCE,  /* cloudformation: {type: AWS::RDS::DBInstance} -> Properties */
    KR_TGT_CFN_TEMPLATE,  /* cloudformation: {template: true} -> the whole template */
    KR_TGT_K8S_KIND,      /* kubernetes: {kind: Pod} -> the document */
    KR_TGT_SERVERLESS,    /* serverless: {} -> the whole serverless.yml */
    KR_TGT_CONFIG,        /* config: {files: GLOB} -> the document, any format */
    KR_TGT_SOURCE         /* source: {lang: L} -> a tree-sitter query over source code */
} kr_target_kind;

/* kr_source_spec - what a source target (rules/README.md, "Source-code
 * rules") says. The loader checks the query for each language; the compiled
 * queries are owned by the ruleset, merged per language
 * (kr_ruleset_source_query). */
typedef struct kr_source_spec {
    unsigned langs;         /* bit (1u << kr_ts_lang) per language (src/ts/lang.h) */
    char *query;            /* the S-expression as written */
    size_t query_len;
    kr_span query_src;      /* the query scalar in the rule file */
    char *capture;          /* the capture reported (without '@') */
    char *cmp_capture;      /* compare.capture, or NULL without a comparison */
    kr_op cmp_op;
    kr_vtype cmp_type;
    kr_unit cmp_unit;
    char *cmp_value;        /* compare.value as written (also {expected}) */
    const char *file_data;  /* the rule file's bytes (ruleset arena), to map query errors */
    size_t file_len;
    /* set once the ruleset is loaded (ruleset arena): the hit's user pointer
     * and the comparison, so compiling a query never writes to the ruleset */
    const struct kr_source_ref *ref;
    const struct kr_ts_compare *cmp;
} kr_source_spec;

/* kr_target - where a rule applies and the condition checked there. */
typedef struct kr_target {
    kr_target_kind kind;
    char *name;             /* resource type / kind / provider / block; NULL for serverless */
    char *files;            /* glob for KR_TGT_CONFIG (matched against the display path) */
    kr_path *base;          /* optional `path:` selecting the node(s) inside the target */
    char *base_text;        /* that path as written, for messages; NULL when no base */
    kr_cond *cond;          /* owned; the target's own `check:` or the rule's; NULL for source */
    kr_span src;
    kr_source_spec *source; /* KR_TGT_SOURCE only, else NULL */
} kr_target;

typedef struct kr_rule {
    char *id;               /* "KR-6-8-RDS-BACKUP" */
    char *control;          /* checksheet item, "6-8" */
    kr_severity severity;
    kr_text title;
    kr_text message;        /* may contain {actual} {expected} {path} {resource} {expr} */
    kr_text remediation;
    char **references;
    size_t nreferences;
    kr_target *targets;
    size_t ntargets;
    char *file;             /* rule file it came from */
    kr_span src;
} kr_rule;

/* kr_ruleset - every loaded rule, sorted by id, with an index by target. */
typedef struct kr_ruleset kr_ruleset;

/* Loads rule folders (or single rule files). Returns 0, or KR_EINVALID with
 * every problem in diags. *out is set even on error (caller frees). */
int kr_ruleset_load(kr_ruleset **out, const char *const *dirs, size_t ndirs, struct kr_diags *diags);
/* Like kr_ruleset_load, but the source-code queries (rules/README.md,
 * "Source-code rules") are not compiled: a scan compiles a language's when
 * its first file in that language needs it (kr_source_queries, below), so
 * scanning only configuration never compiles them, and reports their errors
 * in kr_result.rule_errors; kr_ruleset_prepare_sources compiles every
 * language now. */
int kr_ruleset_load_deferred(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                             struct kr_diags *diags);
/* kr_ruleset_options - how kr_ruleset_load_with reads rules.
 * params: the values a repository sets in .krewlint.yml `params:` (config.h);
 * a rule reads them with {param: NAME} and {param:NAME} placeholders
 * (rules/README.md, "Parameters"). Without them (nparams 0) every rule uses
 * its own defaults. Errors about a value are reported at its position in
 * params_file and name the rule. */
/* The repository configuration's name (config.h), named in messages about params. */
#define KR_CONFIG_NAME ".krewlint.yml"
/* kr_rule_param - one configured parameter as the loader reads it
 * (kr_config_rule_params builds them from a kr_config). */
typedef struct kr_rule_param {
    const char *name;
    const kr_node *value;           /* spans in params_file */
} kr_rule_param;
typedef struct kr_ruleset_options {
    bool deferred;                  /* as kr_ruleset_load_deferred */
    /* The bundled pack's folder, or NULL: its rules were checked when
     * krewlint was built (`krewlint test rules` in ctest), so a scan compiles
     * their source queries only for files their literal prefilter lets
     * through; every other rule's queries are compiled on the first file of
     * their language, so their errors never depend on the files scanned. */
    const char *verified_dir;
    const char *params_file;        /* the file holding the params (.krewlint.yml) */
    const kr_rule_param *params;    /* borrowed for the call only */
    size_t nparams;
} kr_ruleset_options;
/* kr_ruleset_load / _deferred with options; opts NULL means all defaults. */
int kr_ruleset_load_with(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                         const kr_ruleset_options *opts, struct kr_diags *diags);
/* Compiles every language not compiled yet into the ruleset. Returns 0, or
 * KR_EINVALID with every query error added to diags. */
int kr_ruleset_prepare_sources(kr_ruleset *self, struct kr_diags *diags);
void kr_ruleset_free(kr_ruleset *self);
size_t kr_ruleset_count(const kr_ruleset *self);
const kr_rule *kr_ruleset_get(const kr_ruleset *self, size_t i);
const kr_rule *kr_ruleset_find(const kr_ruleset *self, const char *id);
/* 1 when some rule has a `related:` condition (the scan then evaluates the
 * files of a Terraform module folder together). */
bool kr_ruleset_has_relations(const kr_ruleset *self);

/* Index lookups: the (rule, target) pairs that can apply. The callback is
 * called in rule-id order. Kinds without a name (KR_TGT_CFN_TEMPLATE,
 * KR_TGT_SERVERLESS, KR_TGT_CONFIG) are looked up with name NULL; config
 * targets come back for every document and the caller matches `files`. */
typedef void (*kr_target_cb)(const kr_rule *rule, const kr_target *tgt, void *payload);
void kr_ruleset_each_target(const kr_ruleset *self, kr_target_kind kind, const char *name,
                            kr_target_cb cb, void *payload);

/* Source-code rules: the query of every KR_TGT_SOURCE target of language
 * `lang` (a kr_ts_lang), merged into one and compiled once per run (a struct
 * kr_ts_query, src/ts/query.h); NULL when no rule covers the language. The
 * user pointer of each kr_ts_hit it yields is a const kr_source_ref *. */
typedef struct kr_source_ref {
    const kr_rule *rule;
    const kr_target *tgt;
} kr_source_ref;
struct kr_ts_query;
/* The query compiled with the ruleset (kr_ruleset_load, prepare_sources), or
 * NULL (none, or deferred and not prepared). */
const struct kr_ts_query *kr_ruleset_source_query(const kr_ruleset *self, int lang);

/* kr_source_queries - the per-language query cache of one scan: a
 * language's merged query is compiled when the scan's first file in it asks
 * (the ruleset's own when it was compiled at load), once, under the cache's
 * lock; the ruleset stays read-only. Owned by the scan (scan.c). */
typedef struct kr_source_queries kr_source_queries;
/* prefilter: pick the rules per file by their literals (ts/prefilter.h);
 * false: every rule of the language runs on every file (--no-prefilter). */
kr_source_queries *kr_source_queries_new(const kr_ruleset *rules, bool prefilter);
void kr_source_queries_free(kr_source_queries *self);
/* Thread-safe; NULL when no rule covers lang or its query is invalid. */
const struct kr_ts_query *kr_source_queries_get(kr_source_queries *self, int lang);
/* Thread-safe. The query of the rules of lang that can match a file whose
 * bytes are data[0..len): the targets whose literals occur, merged in the
 * order of the full query and compiled once per distinct set (bounded; past
 * the bound, the full query). *none is set when no rule of lang can match
 * the file at all: it need not be parsed. Without the prefilter, as
 * kr_source_queries_get (and *none only when no rule covers lang). */
const struct kr_ts_query *kr_source_queries_pick(kr_source_queries *self, int lang, const char *data,
                                                 size_t len, bool *none);
/* Moves the query errors found so far to diags; returns how many. */
size_t kr_source_queries_errors(kr_source_queries *self, struct kr_diags *diags);

#endif
