/* test_config.c - .krewlint.yml: every error message, the values and their
 * origins, rule selection, severity overrides, path filters, finding the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "rules/rule.h"
#include "util/buf.h"

/* Parses text as "cfg.yml"; returns the diagnostics as "line:col: sev: message\n". */
static char *parse(kr_config *cfg, const char *text, int *rc)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_config_init(cfg);
    *rc = kr_config_parse(cfg, "cfg.yml", text, strlen(text), &d);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < d.len; i++) {
        const kr_diag *g = &d.items[i];
        assert_string_equal(g->file, "cfg.yml");
        if (g->has_pos)
            kr_buf_printf(&b, "%u:%u: ", (unsigned)g->span.start.line + 1, (unsigned)g->span.start.col + 1);
        kr_buf_printf(&b, "%s: %s\n", kr_severity_name(g->severity), g->message);
    }
    kr_diags_dispose(&d);
    char *s = kr_buf_detach(&b);
    return s ? s : strdup("");
}

static void expect(const char *text, int want_rc, const char *want)
{
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, text, &rc);
    assert_string_equal(got, want);
    assert_int_equal(rc, want_rc);
    free(got);
    kr_config_dispose(&cfg);
}

static void test_config__empty_and_comment_only(void **state)
{
    (void)state;
    expect("", 0, "");
    expect("# nothing yet\n", 0, "");
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, "", &rc);
    assert_int_equal(cfg.fail_on, KR_FAIL_ON_NOTE);
    assert_int_equal(cfg.lang, KR_LANG_EN);
    assert_null(cfg.baseline);
    free(got);
    kr_config_dispose(&cfg);
}

static void test_config__every_value(void **state)
{
    (void)state;
    kr_config cfg;
    int rc;
    char *got = parse(&cfg,
                      "include: [\"infra/**\"]\n"
                      "exclude: \"**/testdata/**\"\n"
                      "rules:\n"
                      "  enable: [KR-6-8-RDS-BACKUP-RETENTION, \"6-13\", KR-6-1*]\n"
                      "  disable: [6-14]\n"
                      "severity: {\"6-13\": error, KR-6-8-RDS-BACKUP-RETENTION: note}\n"
                      "rules_dirs: [policy/rules, /abs/rules]\n"
                      "lang: ja\n"
                      "fail_on: warning\n"
                      "baseline: .krewlint-baseline.json\n"
                      "mandatory: [\"6-8\"]\n"
                      "params:\n"
                      "  owner_tag: Owner\n"
                      "  allowed_regions: [ap-northeast-1]\n"
                      "  purge_delay: {files: serverless.yml, path: provider.environment.PURGE_DAYS, unit: days, value: 30d}\n",
                      &rc);
    assert_string_equal(got, "");
    assert_int_equal(rc, 0);
    assert_int_equal(cfg.include.len, 1);
    assert_string_equal(cfg.include.items[0].value, "infra/**");
    assert_int_equal(cfg.include.items[0].origin.kind, KR_ORIGIN_FILE);
    assert_int_equal(cfg.include.items[0].origin.span.start.line, 0);
    assert_int_equal(cfg.include.items[0].origin.span.start.col, 10);
    assert_int_equal(cfg.exclude.len, 1);
    assert_int_equal(cfg.enable.len, 3);
    assert_int_equal(cfg.enable.items[0].kind, KR_SEL_RULE);
    assert_int_equal(cfg.enable.items[1].kind, KR_SEL_ITEM);
    assert_int_equal(cfg.enable.items[2].kind, KR_SEL_GLOB);
    assert_int_equal(cfg.disable.len, 1);
    assert_string_equal(cfg.disable.items[0].text, "6-14");
    assert_int_equal(cfg.severity.len, 2);
    assert_string_equal(cfg.rules_dirs.items[0].value, "policy/rules");
    assert_string_equal(cfg.rules_dirs.items[1].value, "/abs/rules");
    assert_int_equal(cfg.lang, KR_LANG_JA);
    assert_int_equal(cfg.lang_origin.span.start.line, 7);
    assert_int_equal(cfg.fail_on, KR_FAIL_ON_WARNING);
    assert_string_equal(cfg.baseline, ".krewlint-baseline.json");
    assert_true(kr_config_is_mandatory(&cfg, "KR-X", "6-8"));
    assert_false(kr_config_is_mandatory(&cfg, "KR-X", "6-13"));
    const kr_param *p = kr_config_param(&cfg, "allowed_regions");
    assert_non_null(p);
    assert_int_equal(p->value->kind, KR_NODE_SEQ);
    assert_int_equal(p->origin.span.start.line, 13);
    assert_non_null(kr_config_param(&cfg, "purge_delay"));
    assert_null(kr_config_param(&cfg, "change_notice"));
    free(got);
    kr_config_dispose(&cfg);
}

static void test_config__relative_to_config_folder(void **state)
{
    (void)state;
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags d;
    kr_diags_init(&d);
    const char *t = "rules_dirs: policy\nbaseline: base.json\n";
    assert_int_equal(kr_config_parse(&cfg, "repo/.krewlint.yml", t, strlen(t), &d), 0);
    assert_string_equal(cfg.dir, "repo");
    assert_string_equal(cfg.rules_dirs.items[0].value, "repo/policy");
    assert_string_equal(cfg.baseline, "repo/base.json");
    kr_config_dispose(&cfg);
    kr_diags_dispose(&d);
}

static void test_config__yaml_errors(void **state)
{
    (void)state;
    expect("lang: [en\n", KR_EINVALID,
           "2:1: error: YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1 column 7)\n");
    expect("lang: en\nlang: ja\n", KR_EINVALID,
           "2:1: error: duplicate key \"lang\" (first at line 1 column 1); the first value is used\n");
    expect("- a\n", KR_EINVALID, "1:1: error: the configuration must be a map, not a list\n");
    expect("lang: en\n---\nlang: ja\n", KR_EINVALID,
           "3:1: error: the configuration must be one YAML document, not 2\n");
}

static void test_config__key_errors(void **state)
{
    (void)state;
    expect("fail-on: error\nincludes: [x]\nwhatever: 1\n", KR_EINVALID,
           "1:1: error: unknown key 'fail-on' in the configuration (did you mean 'fail_on'?)\n"
           "2:1: error: unknown key 'includes' in the configuration (did you mean 'include'?)\n"
           "3:1: error: unknown key 'whatever' in the configuration\n");
    expect("rules: {enabled: [6-8], only: x}\n", KR_EINVALID,
           "1:9: error: unknown key 'enabled' in rules (did you mean 'enable'?)\n"
           "1:25: error: unknown key 'only' in rules\n");
    expect("rules: [6-8]\n", KR_EINVALID,
           "1:8: error: 'rules' must be a map with enable and/or disable, not a list\n");
}

static void test_config__value_errors(void **state)
{
    (void)state;
    expect("include: {a: 1}\nexclude: [\"\", 3]\nrules_dirs: 5\n", KR_EINVALID,
           "1:10: error: 'include' must be a list of strings, not a map\n"
           "2:11: error: an entry of 'exclude' is empty or holds a NUL byte\n"
           "2:15: error: an entry of 'exclude' must be a string, not a number\n"
           "3:13: error: 'rules_dirs' must be a list of strings, not a number\n");
    expect("lang: fr\nfail_on: always\nbaseline: \"\"\n", KR_EINVALID,
           "1:7: error: lang must be en or ja, not 'fr'\n"
           "2:10: error: fail_on must be error, warning, note or none, not 'always'\n"
           "3:11: error: 'baseline' is empty\n");
    expect("lang: 1\nfail_on: [error]\nbaseline: {a: b}\n", KR_EINVALID,
           "1:7: error: lang must be en or ja, not a number\n"
           "2:10: error: fail_on must be error, warning, note or none, not a list\n"
           "3:11: error: 'baseline' must be a string, not a map\n");
}

static void test_config__selector_errors(void **state)
{
    (void)state;
    expect("rules:\n  disable: [6, kr-6-8, \"6-\", {a: b}, \"6-8\"]\n  enable: ~\nmandatory: {x: y}\n",
           KR_EINVALID,
           "2:13: error: rules.disable: '6' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), "
           "a glob over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")\n"
           "2:16: error: rules.disable: 'kr-6-8' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), "
           "a glob over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")\n"
           "2:24: error: rules.disable: '6-' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), "
           "a glob over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")\n"
           "2:30: error: rules.disable: an entry written as a map needs 'rule' (and 'reason', 'by')\n"
           "3:11: error: 'rules.enable' must be a list of rule ids and checksheet items, not null\n"
           "4:12: error: 'mandatory' must be a list of rule ids and checksheet items, not a map\n");
    /* the map form is for rules.disable only; its members are checked */
    expect("rules:\n  disable: [{rule: \"6-8\", reason: 7, who: x}, {rule: 6}]\nmandatory: [{rule: \"6-8\"}]\n",
           KR_EINVALID,
           "2:38: error: rules.disable: unknown key 'who' (expected rule, reason, by)\n"
           "2:35: error: rules.disable: 'reason' must be a non-empty string, not a number\n"
           "2:54: error: rules.disable: '6' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), "
           "a glob over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")\n"
           "3:13: error: mandatory: expected a rule id or a checksheet item, not a map\n");
}

/* rules.disable {rule, reason, by}: the reason and the approver are kept for
 * the checksheet report, and the rule they name is found. */
static void test_config__disable_with_reason(void **state)
{
    (void)state;
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags d;
    kr_diags_init(&d);
    const char *t = "rules:\n  disable:\n    - \"6-14\"\n"
                    "    - {rule: KR-6-8-RDS-BACKUP-RETENTION, reason: \"restored nightly\", by: alice}\n";
    assert_int_equal(kr_config_parse(&cfg, ".krewlint.yml", t, strlen(t), &d), 0);
    assert_int_equal(cfg.disable.len, 2);
    assert_null(cfg.disable.items[0].reason);
    assert_string_equal(cfg.disable.items[1].text, "KR-6-8-RDS-BACKUP-RETENTION");
    assert_string_equal(cfg.disable.items[1].reason, "restored nightly");
    assert_string_equal(cfg.disable.items[1].by, "alice");
    char id1[] = "KR-6-8-RDS-BACKUP-RETENTION", c1[] = "6-8", id2[] = "KR-9-9-OTHER", c2[] = "9-9";
    kr_rule r = {0};
    r.id = id1;
    r.control = c1;
    assert_ptr_equal(kr_config_disabled_by(&cfg, &r), &cfg.disable.items[1]);
    r.id = id2;
    r.control = c2;
    assert_null(kr_config_disabled_by(&cfg, &r));
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_config_print(&cfg, &b);
    assert_non_null(strstr(kr_buf_cstr(&b), "{rule: \"KR-6-8-RDS-BACKUP-RETENTION\", reason: \"restored nightly\", by: \"alice\"}"));
    kr_buf_dispose(&b);
    kr_diags_dispose(&d);
    kr_config_dispose(&cfg);
}

static void test_config__severity_errors(void **state)
{
    (void)state;
    expect("severity: [x]\n", KR_EINVALID,
           "1:11: error: 'severity' must be a map of rule ids or checksheet items to error, warning "
           "or note, not a list\n");
    expect("severity:\n  \"6-8\": fatal\n  KR-A: [error]\n  lower: note\n  \"6-13\": info\n", KR_EINVALID,
           "2:10: error: severity of '6-8' must be error, warning or note, not 'fatal'\n"
           "3:9: error: severity of 'KR-A' must be error, warning or note, not a list\n"
           "4:3: error: severity: 'lower' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), "
           "a glob over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")\n"
           "5:11: error: severity of '6-13' must be error, warning or note, not 'info'\n");
}

static void test_config__param_errors(void **state)
{
    (void)state;
    expect("params: [a]\n", KR_EINVALID, "1:9: error: 'params' must be a map, not a list\n");
    expect("params:\n"
           "  owner_tag: [Owner]\n"
           "  classification_tag: \"\"\n"
           "  allowed_regions: []\n"
           "  owner_tags: x\n",
           KR_EINVALID,
           "2:14: error: 'owner_tag' must be a string, not a list\n"
           "3:23: error: 'classification_tag' is empty\n"
           "4:20: error: parameter 'allowed_regions' must be a non-empty list of strings, not an empty list\n"
           "5:3: warning: unknown parameter 'owner_tags': no bundled rule reads it (did you mean 'owner_tag'?)\n");
    expect("params:\n"
           "  allowed_regions: [ap-northeast-1, 3]\n"
           "  purge_delay: serverless.yml\n"
           "  change_notice: {file: x.yml, path: a..b, unit: fortnights, value: soon}\n"
           "  discontinuation_notice: {files: x.yml}\n",
           KR_EINVALID,
           "2:37: error: 'allowed_regions' must be a string, not a number\n"
           "3:16: error: parameter 'purge_delay' must be a map {files: GLOB, path: PATH}, not a string\n"
           "4:19: error: unknown key 'file' in parameter 'change_notice' (did you mean 'files'?)\n"
           "4:18: error: parameter 'change_notice' has no 'files' (the glob of the file holding the value)\n"
           "4:40: error: bad path 'a..b': empty key\n"
           "4:50: error: unknown unit 'fortnights'; use seconds, minutes, hours, days, weeks, months or years\n"
           "4:69: error: 'value' of parameter 'change_notice' must be a duration (like 30d or P1M), not soon\n"
           "5:27: error: parameter 'discontinuation_notice' has no 'path' (where the value is in that file)\n");
}

static void test_config__unknown_param_is_only_a_warning(void **state)
{
    (void)state;
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, "params:\n  my_team_param: 3\n", &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "2:3: warning: unknown parameter 'my_team_param': no bundled rule reads it\n");
    assert_non_null(kr_config_param(&cfg, "my_team_param"));
    free(got);
    kr_config_dispose(&cfg);
}

static void test_config__load_missing_file(void **state)
{
    (void)state;
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_config_load(&cfg, "/nonexistent/.krewlint.yml", &d), KR_EIO);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].message, "cannot read the configuration: No such file or directory");
    kr_diags_dispose(&d);
    kr_config_dispose(&cfg);
}

/* Rules of tests/fixtures/config/rules: KR-6-8-RDS-BACKUP-RETENTION (6-8,
 * error) and KR-6-13-LOG-RETENTION (6-13, warning). */
static kr_ruleset *load_rules(void)
{
    const char *dirs[] = {KR_FIXTURE_DIR "/config/rules"};
    kr_ruleset *rs = NULL;
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_ruleset_load(&rs, dirs, 1, &d);
    if (rc != 0) kr_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    kr_diags_dispose(&d);
    return rs;
}

static void test_config__check_against_rules(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    kr_config cfg;
    int rc;
    char *got = parse(&cfg,
                      "rules:\n  enable: [KR-6-8-RDS-BACKUP-RETENTON, \"6-13\", KR-9-*]\n"
                      "  disable: [\"6-14\", KR-NOPE]\n"
                      "mandatory: [\"6-8\"]\nseverity: {KR-6-13-*: note}\n",
                      &rc);
    assert_int_equal(rc, 0);
    free(got);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_config_check(&cfg, rs, &d), KR_EINVALID);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < d.len; i++)
        kr_buf_printf(&b, "%s:%u:%u: %s\n", d.items[i].file, (unsigned)d.items[i].span.start.line + 1,
                      (unsigned)d.items[i].span.start.col + 1, d.items[i].message);
    assert_string_equal(kr_buf_cstr(&b),
                        "cfg.yml:2:12: rules.enable: unknown rule 'KR-6-8-RDS-BACKUP-RETENTON' (did you mean 'KR-6-8-RDS-BACKUP-RETENTION'?)\n"
                        "cfg.yml:2:48: rules.enable: 'KR-9-*' matches no loaded rule\n"
                        "cfg.yml:3:13: rules.disable: no loaded rule checks checksheet item '6-14'\n"
                        "cfg.yml:3:21: rules.disable: unknown rule 'KR-NOPE'\n");
    kr_buf_dispose(&b);
    kr_diags_dispose(&d);
    kr_config_dispose(&cfg);
    kr_ruleset_free(rs);
}

static void test_config__selection_and_severity(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    const kr_rule *rds = kr_ruleset_find(rs, "KR-6-8-RDS-BACKUP-RETENTION");
    const kr_rule *logs = kr_ruleset_find(rs, "KR-6-13-LOG-RETENTION");
    assert_non_null(rds);
    assert_non_null(logs);
    kr_config cfg;
    int rc;
    char *got;

    /* no config: everything on, own severity */
    assert_true(kr_config_rule_enabled(NULL, rds));
    assert_int_equal(kr_config_severity(NULL, logs), KR_SEV_WARNING);

    got = parse(&cfg, "rules: {disable: [\"6-13\"]}\n", &rc);
    assert_true(kr_config_rule_enabled(&cfg, rds));
    assert_false(kr_config_rule_enabled(&cfg, logs));
    free(got);
    kr_config_dispose(&cfg);

    /* enable is an allow-list; disable wins over it */
    got = parse(&cfg, "rules: {enable: [KR-6-*], disable: [KR-6-8-RDS-BACKUP-RETENTION]}\n", &rc);
    assert_false(kr_config_rule_enabled(&cfg, rds));
    assert_true(kr_config_rule_enabled(&cfg, logs));
    free(got);
    kr_config_dispose(&cfg);
    got = parse(&cfg, "rules: {enable: [\"6-8\"]}\n", &rc);
    assert_true(kr_config_rule_enabled(&cfg, rds));
    assert_false(kr_config_rule_enabled(&cfg, logs));
    free(got);
    kr_config_dispose(&cfg);

    /* a rule id wins over a glob, a glob over an item, whatever the order */
    got = parse(&cfg, "severity: {KR-6-13-LOG-RETENTION: note, KR-6-13-*: error, \"6-13\": warning, \"6-8\": warning}\n", &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(kr_config_severity(&cfg, logs), KR_SEV_NOTE);
    assert_int_equal(kr_config_severity(&cfg, rds), KR_SEV_WARNING);
    free(got);
    kr_config_dispose(&cfg);
    got = parse(&cfg, "severity: {\"6-13\": note, KR-6-1*: error}\n", &rc);
    assert_int_equal(kr_config_severity(&cfg, logs), KR_SEV_ERROR);
    free(got);
    kr_config_dispose(&cfg);
    kr_ruleset_free(rs);
}

static void test_config__paths(void **state)
{
    (void)state;
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, "include: [\"infra/**\", \"serverless.yml\"]\nexclude: [\"**/testdata/**\"]\n", &rc);
    assert_int_equal(rc, 0);
    assert_true(kr_config_wants_path(&cfg, "infra/db.tf"));
    assert_true(kr_config_wants_path(&cfg, "./infra/sub/db.tf"));
    assert_true(kr_config_wants_path(&cfg, "svc/serverless.yml"));
    assert_false(kr_config_wants_path(&cfg, "app/db.tf"));
    assert_false(kr_config_wants_path(&cfg, "infra/testdata/db.tf"));
    assert_false(kr_config_wants_path(&cfg, "infra/x/../testdata/db.tf"));
    assert_true(kr_config_wants_path(&cfg, "app/../infra/db.tf"));
    free(got);
    kr_config_dispose(&cfg);
    assert_true(kr_config_wants_path(NULL, "anything"));
}

static void test_config__fail_on(void **state)
{
    (void)state;
    assert_true(kr_fail_on_fails(KR_FAIL_ON_NOTE, KR_SEV_NOTE));
    assert_false(kr_fail_on_fails(KR_FAIL_ON_WARNING, KR_SEV_NOTE));
    assert_true(kr_fail_on_fails(KR_FAIL_ON_WARNING, KR_SEV_WARNING));
    assert_false(kr_fail_on_fails(KR_FAIL_ON_ERROR, KR_SEV_WARNING));
    assert_true(kr_fail_on_fails(KR_FAIL_ON_ERROR, KR_SEV_ERROR));
    assert_false(kr_fail_on_fails(KR_FAIL_ON_NEVER, KR_SEV_ERROR));
    kr_fail_on f;
    assert_int_equal(kr_fail_on_parse(&f, "none"), 0);
    assert_int_equal(f, KR_FAIL_ON_NEVER);
    assert_int_equal(kr_fail_on_parse(&f, "Error"), -1);
}

static void test_config__selector_classify(void **state)
{
    (void)state;
    kr_sel_kind k;
    assert_int_equal(kr_selector_classify(&k, "6-8"), 0);
    assert_int_equal(k, KR_SEL_ITEM);
    assert_int_equal(kr_selector_classify(&k, "2-1-1"), 0);
    assert_int_equal(k, KR_SEL_ITEM);
    assert_int_equal(kr_selector_classify(&k, "KR-6-8-X"), 0);
    assert_int_equal(k, KR_SEL_RULE);
    assert_int_equal(kr_selector_classify(&k, "KR-6-3?-*"), 0);
    assert_int_equal(k, KR_SEL_GLOB);
    assert_int_equal(kr_selector_classify(&k, "6"), -1);
    assert_int_equal(kr_selector_classify(&k, "6-8-"), -1);
    assert_int_equal(kr_selector_classify(&k, "kr-6"), -1);
    assert_int_equal(kr_selector_classify(&k, ""), -1);
    assert_true(kr_selector_matches(KR_SEL_GLOB, "KR-6-3?-*", "KR-6-31-TLS", "6-31"));
    assert_false(kr_selector_matches(KR_SEL_GLOB, "KR-6-3?-*", "KR-6-8-X", "6-8"));
    assert_true(kr_selector_matches(KR_SEL_ITEM, "6-8", "KR-6-8-X", "6-8"));
    assert_false(kr_selector_matches(KR_SEL_ITEM, "6-8", "KR-6-8-X", "6-80"));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_config__find_walks_up_to_the_repository(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/krcfgXXXXXX";
    char *root = mkdtemp(tmpl);
    assert_non_null(root);
    char p[512];
    snprintf(p, sizeof p, "%s/repo", root); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/repo/.git", root); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/repo/a", root); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/repo/a/b", root); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/.krewlint.yml", root); write_file(p, "lang: ja\n");

    char *found = NULL;
    /* above the repository root: not found */
    snprintf(p, sizeof p, "%s/repo/a/b", root);
    assert_int_equal(kr_config_find(&found, p), KR_ENOTFOUND);
    assert_null(found);

    snprintf(p, sizeof p, "%s/repo/.krewlint.yml", root); write_file(p, "lang: en\n");
    snprintf(p, sizeof p, "%s/repo/a/b", root);
    assert_int_equal(kr_config_find(&found, p), 0);
    char want[600];
    snprintf(want, sizeof want, "%s/repo/a/b/../../.krewlint.yml", root);
    assert_string_equal(found, want);
    free(found);
    /* a file starts from its folder */
    snprintf(p, sizeof p, "%s/repo/a/main.tf", root);
    write_file(p, "");
    assert_int_equal(kr_config_find(&found, p), 0);
    snprintf(want, sizeof want, "%s/repo/a/../.krewlint.yml", root);
    assert_string_equal(found, want);
    free(found);

    /* from the working folder: a path without "./" */
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(p, sizeof p, "%s/repo/a", root);
    assert_int_equal(chdir(p), 0);
    assert_int_equal(kr_config_find(&found, "."), 0);
    assert_string_equal(found, "../.krewlint.yml");
    free(found);
    /* globs are matched relative to the config's folder */
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags d;
    kr_diags_init(&d);
    const char *t = "include: [\"a/**\"]\nexclude: [\"a/gen/**\"]\n";
    assert_int_equal(kr_config_parse(&cfg, "../.krewlint.yml", t, strlen(t), &d), 0);
    assert_string_equal(cfg.prefix, "a/");
    assert_true(kr_config_wants_path(&cfg, "main.tf"));
    assert_true(kr_config_wants_path(&cfg, "./b/x.tf"));
    assert_false(kr_config_wants_path(&cfg, "gen/x.tf"));
    assert_false(kr_config_wants_path(&cfg, "../other.tf"));
    kr_config_dispose(&cfg);
    kr_diags_dispose(&d);
    assert_int_equal(chdir(cwd), 0);

    snprintf(p, sizeof p, "rm -rf '%s'", root);
    assert_int_equal(system(p), 0);
}

static void test_config__print_shows_origins(void **state)
{
    (void)state;
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, "exclude: [\"vendor/**\"]\nlang: ja\nparams:\n  allowed_regions: [ap-northeast-1]\n", &rc);
    free(got);
    cfg.fail_on = KR_FAIL_ON_ERROR;
    cfg.fail_on_origin.kind = KR_ORIGIN_CLI;
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_config_print(&cfg, &b);
    assert_string_equal(kr_buf_cstr(&b),
                        "# effective configuration; file: cfg.yml\n"
                        "include: []  # default\n"
                        "exclude:\n"
                        "  - \"vendor/**\"  # cfg.yml:1:11\n"
                        "rules:\n"
                        "  enable: []  # default\n"
                        "  disable: []  # default\n"
                        "severity: {}  # default\n"
                        "rules_dirs: []  # default\n"
                        "lang: ja  # cfg.yml:2:7\n"
                        "fail_on: error  # command line\n"
                        "baseline: null  # default\n"
                        "mandatory: []  # default\n"
                        "cloudformation:\n"
                        "  parameters: []  # default\n"
                        "  region: null  # default (AWS::Region unknown)\n"
                        "  samconfig_env: default  # default\n"
                        "serverless:\n"
                        "  stage: null  # default (provider.stage, else dev)\n"
                        "inline_suppressions: true  # default\n"
                        "params:\n"
                        "  owner_tag: null  # default (the rules' own; 4-1)\n"
                        "  classification_tag: null  # default (the rules' own; 4-2)\n"
                        "  allowed_regions: [\"ap-northeast-1\"]  # cfg.yml:4:20\n"
                        "  purge_delay: null  # default (the rules' own; 6-30)\n"
                        "  change_notice: null  # default (the rules' own; 6-2)\n"
                        "  discontinuation_notice: null  # default (the rules' own; 11-4)\n");
    kr_buf_dispose(&b);
    kr_config_dispose(&cfg);
}

static void test_config__hostile_input(void **state)
{
    (void)state;
    /* deep nesting, an alias bomb, invalid UTF-8: errors, never a crash */
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, "params:\n  x: ");
    for (int i = 0; i < 1000; i++) kr_buf_putc(&b, '[');
    kr_config cfg;
    int rc;
    char *got = parse(&cfg, kr_buf_cstr(&b), &rc);
    assert_int_equal(rc, KR_EINVALID);
    assert_non_null(strstr(got, "error:"));
    free(got);
    kr_config_dispose(&cfg);
    kr_buf_dispose(&b);
    got = parse(&cfg,
                "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
                &rc);
    assert_int_equal(rc, KR_EINVALID);
    free(got);
    kr_config_dispose(&cfg);
    got = parse(&cfg, "lang: \xff\xfe\n", &rc);
    assert_int_equal(rc, KR_EINVALID);
    free(got);
    kr_config_dispose(&cfg);
}

/* controls: the team's own checksheet items. */
static void test_config__own_controls(void **state)
{
    (void)state;
    kr_config cfg;
    int rc;
    char *got = parse(&cfg,
                      "controls:\n"
                      "  - {id: ACME-1, title_en: Tagged, title_ja: タグ, section: Acme}\n"
                      "  - id: acme_2.b\n"
                      "    title_en: Drill\n"
                      "    title_ja: 訓練\n",
                      &rc);
    assert_string_equal(got, "");
    assert_int_equal(rc, 0);
    assert_int_equal(cfg.controls.len, 2);
    assert_string_equal(cfg.controls.items[0].id, "ACME-1");
    assert_string_equal(cfg.controls.items[0].section, "Acme");
    assert_int_equal(cfg.controls.items[0].origin.span.start.col, 9);
    assert_null(cfg.controls.items[1].section);
    assert_non_null(kr_config_own_control(&cfg, "acme_2.b"));
    assert_null(kr_config_own_control(&cfg, "ACME-2"));
    free(got);
    kr_config_dispose(&cfg);

    expect("controls: {id: A}\n", KR_EINVALID,
           "1:11: error: 'controls' must be a list of {id, title_en, title_ja, section}, not a map\n");
    expect("controls:\n"
           "  - \"6-8\"\n"
           "  - {id: \"6-8\", title_en: a, title_ja: b}\n"
           "  - {id: 1-ACME, title_en: a, title_ja: b}\n"
           "  - {id: ACME-1, title_en: a}\n"
           "  - {id: ACME-2, title_en: a, title_ja: b, titel: c}\n"
           "  - {id: ACME-3, title_en: a, title_ja: b}\n"
           "  - {id: ACME-3, title_en: \"\", title_ja: b}\n"
           "  - {title_en: a, title_ja: b}\n",
           KR_EINVALID,
           "2:5: error: an entry of 'controls' must be a map {id, title_en, title_ja, section}, not a string\n"
           "3:10: error: controls: '6-8' is numbered like a checksheet item; an own control needs a name of "
           "its own, like ACME-1\n"
           "4:10: error: controls: id '1-ACME' must start with a letter and hold only letters, digits, '-', '_' "
           "and '.' (at most 64 bytes), like ACME-1\n"
           "5:5: error: controls: an entry needs 'title_ja'\n"
           "6:44: error: unknown key 'titel' in a controls entry\n"
           "8:10: error: controls: 'ACME-3' is defined twice (first at line 7, column 10)\n"
           "8:28: error: controls: 'title_en' is empty or holds a NUL byte\n"
           "9:5: error: controls: an entry needs 'id'\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config__own_controls),
        cmocka_unit_test(test_config__empty_and_comment_only),
        cmocka_unit_test(test_config__every_value),
        cmocka_unit_test(test_config__relative_to_config_folder),
        cmocka_unit_test(test_config__yaml_errors),
        cmocka_unit_test(test_config__key_errors),
        cmocka_unit_test(test_config__value_errors),
        cmocka_unit_test(test_config__selector_errors),
        cmocka_unit_test(test_config__disable_with_reason),
        cmocka_unit_test(test_config__severity_errors),
        cmocka_unit_test(test_config__param_errors),
        cmocka_unit_test(test_config__unknown_param_is_only_a_warning),
        cmocka_unit_test(test_config__load_missing_file),
        cmocka_unit_test(test_config__check_against_rules),
        cmocka_unit_test(test_config__selection_and_severity),
        cmocka_unit_test(test_config__paths),
        cmocka_unit_test(test_config__fail_on),
        cmocka_unit_test(test_config__selector_classify),
        cmocka_unit_test(test_config__find_walks_up_to_the_repository),
        cmocka_unit_test(test_config__print_shows_origins),
        cmocka_unit_test(test_config__hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
