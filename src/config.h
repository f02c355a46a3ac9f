/* config.h - .krewlint.yml: a repository's krewlint configuration.
 *
 *   include: [...]      # globs relative to the config's folder, e.g. infra/ then **
 *   exclude: [...]      # e.g. ** then /testdata/ then ** ("**" spans folders)
 *   rules:
 *     enable: [KR-6-8-RDS-BACKUP-RETENTION, "6-31"]   # when given: only these
 *     disable: ["6-14", {rule: "6-20", reason: "...", by: alice}]  # always wins over enable
 *   severity: {"6-13": warning, KR-6-31-NODE-TLS-CODE: error}
 *   rules_dirs: [policy/rules]              # extra rule folders, relative to the config
 *   lang: ja
 *   fail_on: warning                        # error | warning | note (default) | none
 *   baseline: .krewlint-baseline.json       # relative to the config
 *   mandatory: ["6-8", "6-31"]              # no inline suppression accepted for these
 *   params:
 *     owner_tag: Owner                      # 4-1
 *     classification_tag: DataClass         # 4-2
 *     allowed_regions: [ap-northeast-1]     # 10-2
 *     purge_delay: {files: serverless.yml, path: provider.environment.PURGE_DELAY_DAYS}  # 6-30
 *   cloudformation:                         # templates as they deploy (src/cfn/resolve.h)
 *     parameters: [params/prod.json]        # parameter files, relative to the config
 *     region: ap-northeast-1                # AWS::Region (and Partition, URLSuffix)
 *     samconfig_env: default                # the samconfig environment read
 *   serverless:
 *     stage: prod                           # ${opt:stage} / ${sls:stage}
 *   controls:                               # the team's own checksheet items
 *     - {id: ACME-1, title_en: "...", title_ja: "...", section: "..."}  # section optional
 *
 * Loading checks the file completely, the way rule files are checked: every
 * problem goes to the diags sink as "file:line:col: message" (code
 * "invalid-config"), and kr_config_load returns KR_EINVALID when any was an
 * error. Rule ids and checksheet items are checked against the loaded rules in
 * a second step (kr_config_check), since the configuration names the rule
 * folders to load.
 *
 * Every effective value remembers where it came from (a kr_config_origin: the file
 * position, the command line, or the built-in default) for --print-config.
 * A kr_config is read-only once loaded and may be shared by scan threads.
 */
#ifndef KR_CONFIG_H
#define KR_CONFIG_H

#include <stdbool.h>
#include "common.h"
#include "diag.h"
#include "doc/doc.h"
#include "rules/rule.h"
#include "util/buf.h"

#define KR_CONFIG_CODE "invalid-config"

/* kr_config_origin - where a value came from. */
typedef enum kr_origin_kind { KR_ORIGIN_DEFAULT = 0, KR_ORIGIN_FILE, KR_ORIGIN_CLI } kr_origin_kind;
typedef struct kr_config_origin {
    kr_origin_kind kind;
    kr_span span;          /* KR_ORIGIN_FILE: the value's position in kr_config.path */
} kr_config_origin;

/* kr_selector - names rules: a rule id (KR-6-8-RDS-BACKUP-RETENTION), a
 * checksheet item (6-8, 2-1-1: every rule of that control) or a glob over
 * rule ids (KR-6-31-*). Used by the configuration and by inline suppressions. */
typedef enum kr_sel_kind { KR_SEL_RULE = 0, KR_SEL_ITEM, KR_SEL_GLOB } kr_sel_kind;
typedef struct kr_selector {
    kr_sel_kind kind;
    char *text;            /* owned */
    kr_config_origin origin;
    char *reason, *by;     /* owned; rules.disable {rule, reason, by} entries, else NULL */
} kr_selector;

/* Classifies text: an item is [0-9]+(-[0-9]+)+; a rule id [A-Z][A-Z0-9_-]*;
 * a glob is a rule id with at least one '*' or '?'. Returns 0 or -1. */
int kr_selector_classify(kr_sel_kind *out, const char *text);
/* 1 when the selector names the rule (id exact, control exact, or glob on id). */
bool kr_selector_matches(kr_sel_kind kind, const char *text, const char *rule_id,
                         const char *control);

typedef struct kr_selectors {
    kr_selector *items;
    size_t len, cap;
} kr_selectors;

/* kr_config_str - a string value with its origin (globs, folders). */
typedef struct kr_config_str {
    char *value;           /* owned; folders and files are resolved against kr_config.dir */
    kr_config_origin origin;
} kr_config_str;
typedef struct kr_config_strs {
    kr_config_str *items;
    size_t len, cap;
} kr_config_strs;

typedef struct kr_sev_override {
    kr_selector sel;       /* sel.origin: the key */
    kr_severity severity;
    kr_config_origin origin;      /* the value */
} kr_sev_override;

/* What makes the exit status 1: findings of at least this severity. */
typedef enum kr_fail_on {
    KR_FAIL_ON_NOTE = 0,   /* any finding (default; unknown verdicts are notes) */
    KR_FAIL_ON_WARNING,
    KR_FAIL_ON_ERROR,
    KR_FAIL_ON_NEVER       /* "none": findings never fail; diagnostics still do */
} kr_fail_on;
const char *kr_fail_on_name(kr_fail_on f);
int kr_fail_on_parse(kr_fail_on *out, const char *s);
/* 1 when a finding of severity sev fails the run under f. */
bool kr_fail_on_fails(kr_fail_on f, kr_severity sev);

/* kr_param - one entry of `params:`; value points into the config's own
 * document (kept alive by the kr_config), with spans in kr_config.path. */
typedef struct kr_param {
    char *name;            /* owned */
    const kr_node *value;
    kr_config_origin origin;      /* the value */
} kr_param;

/* kr_param_kind - the parameters the bundled rules read (rules/README.md,
 * "Parameters"). Others are accepted with a warning (a custom rule folder may
 * read them). */
typedef enum kr_param_kind {
    KR_PARAM_STRING,       /* a non-empty string */
    KR_PARAM_STRINGS,      /* a non-empty list of non-empty strings */
    KR_PARAM_BINDING       /* {files: GLOB, path: PATH, unit: UNIT?, value: DURATION?} */
} kr_param_kind;
typedef struct kr_param_spec {
    const char *name;
    kr_param_kind kind;
    const char *control;   /* the checksheet item that reads it */
    const char *help;      /* one line, for --print-config and init */
} kr_param_spec;
/* The known parameters, terminated by a NULL name. */
extern const kr_param_spec kr_param_specs[];

/* kr_own_control - one entry of `controls:`, an item the team adds to the
 * checksheet catalog. Rules name it as their control (control: ACME-1); the
 * checksheet report lists it in its own section, --list-controls too. The id
 * has the shape of kr_catalog_own_id_ok (catalog.h): it starts with a letter,
 * so it never collides with a checksheet item (N-N or N-N-N, refused). */
typedef struct kr_own_control {
    char *id, *title_en, *title_ja; /* owned */
    char *section;                  /* owned; NULL when not given */
    kr_config_origin origin;        /* the id */
} kr_own_control;

typedef struct kr_config {
    char *path;            /* the file read; NULL when none */
    char *dir;             /* its folder ("." when none); relative values resolve here */
    char *prefix;          /* the working folder relative to dir ("" when the same, else
                              "sub/dir/"); prepended to relative scan paths for globs */
    kr_config_strs include;   /* when non-empty, a walked file must match one */
    kr_config_strs exclude;
    kr_selectors enable;      /* when non-empty, only these rules run */
    kr_selectors disable;
    kr_selectors mandatory;   /* inline suppressions refused for these */
    struct {
        kr_sev_override *items;
        size_t len, cap;
    } severity;
    kr_config_strs rules_dirs;
    kr_lang lang;
    kr_config_origin lang_origin;
    kr_fail_on fail_on;
    kr_config_origin fail_on_origin;
    char *baseline;           /* NULL: none */
    kr_config_origin baseline_origin;
    struct {
        kr_param *items;
        size_t len, cap;
    } params;
    /* cloudformation: and serverless: (src/cfn/resolve.h); NULL/empty: none */
    kr_config_strs cfn_parameters; /* parameter files, resolved against dir */
    char *cfn_region;
    char *cfn_samconfig_env;
    char *sls_stage;
    kr_config_origin cfn_region_origin, cfn_samconfig_env_origin, sls_stage_origin;
    struct {
        kr_own_control *items;
        size_t len, cap;
    } controls;               /* controls: in file order */
    bool no_inline_suppressions;  /* command line only */
    /* private: the parsed file, owning the param nodes */
    kr_doc *doc;
    char *data;
} kr_config;

/* Defaults: nothing included/excluded, every rule on, lang en, fail_on note. */
void kr_config_init(kr_config *self);
void kr_config_dispose(kr_config *self);

/* Looks for .krewlint.yml in `start` (a folder, or a file's folder) and its
 * parents, up to and including the first folder holding .git, or the root.
 * *out is a path usable from the working folder ("x/.krewlint.yml",
 * "../.krewlint.yml", ".krewlint.yml"); caller frees. Returns 0 or
 * KR_ENOTFOUND. */
int kr_config_find(char **out, const char *start);

/* Reads and checks a configuration file into self (initialised). Returns 0,
 * KR_EIO (a diagnostic says why) or KR_EINVALID (every error in diags). */
int kr_config_load(kr_config *self, const char *path, kr_diags *diags);
/* The same from bytes (data need not outlive the call). */
int kr_config_parse(kr_config *self, const char *path, const char *data, size_t len,
                    kr_diags *diags);

/* Second step, once the rules are loaded: every rule id named in enable,
 * disable, mandatory and severity must exist, every item must be checked by
 * some rule, every glob must match some rule. Returns 0 or KR_EINVALID. */
int kr_config_check(const kr_config *self, const kr_ruleset *rules, kr_diags *diags);

/* Queries (thread-safe). */
/* The own control (controls:) with this id, or NULL. */
const kr_own_control *kr_config_own_control(const kr_config *self, const char *id);
bool kr_config_rule_enabled(const kr_config *self, const kr_rule *rule);
/* The rules.disable entry that turns the rule off, or NULL. */
const kr_selector *kr_config_disabled_by(const kr_config *self, const kr_rule *rule);
/* The rule's severity after overrides: a rule-id entry wins over a glob, a
 * glob over an item; among equals the later one. */
kr_severity kr_config_severity(const kr_config *self, const kr_rule *rule);
bool kr_config_is_mandatory(const kr_config *self, const char *rule_id, const char *control);
/* Whether a file found by walking is scanned: `path` is a scan display path
 * (relative to the working folder, or absolute). */
bool kr_config_wants_path(const kr_config *self, const char *path);
/* The param named `name`, or NULL. */
const kr_param *kr_config_param(const kr_config *self, const char *name);
/* The params as the rule loader reads them (kr_ruleset_options): *out is a
 * malloc'ed array (caller frees) pointing into self. Returns the count. */
size_t kr_config_rule_params(const kr_config *self, kr_rule_param **out);

/* --print-config: the effective configuration as YAML, each value followed by
 * "# file:line:col", "# command line" or "# default". */
void kr_config_print(const kr_config *self, kr_buf *out);

#endif
