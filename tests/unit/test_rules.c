/* test_rules.c - the rule loader: good rule folders compile into the expected
 * rules and index; bad ones report every error at its exact position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "rules/rule.h"
#include "util/buf.h"

#define RULES_DIR KR_FIXTURE_DIR "/rules/"

/* "file:line:col: message" with the fixture prefix removed (also inside the
 * message, for "first defined at ..."). Caller frees. */
static char *diag_line(const kr_diag *d)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    const char *file = d->file ? d->file : "";
    if (strncmp(file, RULES_DIR, strlen(RULES_DIR)) == 0) file += strlen(RULES_DIR);
    if (d->has_pos)
        kr_buf_printf(&b, "%s:%u:%u: ", file, d->span.start.line + 1, d->span.start.col + 1);
    else
        kr_buf_printf(&b, "%s: ", file);
    const char *m = d->message;
    const char *hit;
    while ((hit = strstr(m, RULES_DIR)) != NULL) {
        kr_buf_put(&b, m, (size_t)(hit - m));
        m = hit + strlen(RULES_DIR);
    }
    kr_buf_puts(&b, m);
    return kr_buf_detach(&b);
}

static void assert_diags(kr_diags *d, const char *const *want, size_t nwant)
{
    kr_diags_sort(d);
    for (size_t i = 0; i < d->len || i < nwant; i++) {
        char *got = i < d->len ? diag_line(&d->items[i]) : NULL;
        if (i >= nwant) fail_msg("unexpected diagnostic: %s", got);
        if (!got) fail_msg("missing diagnostic: %s", want[i]);
        assert_string_equal(got, want[i]);
        /* the catalog's own reader (src/catalog.c) says invalid-catalog */
        bool cat = strstr(d->items[i].file, "catalog.tsv") != NULL;
        assert_string_equal(d->items[i].code, cat ? "invalid-catalog" : "invalid-rule");
        free(got);
    }
}

static kr_ruleset *load1(const char *path, kr_diags *d, int *rc)
{
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {path};
    *rc = kr_ruleset_load(&rs, dirs, 1, d);
    assert_non_null(rs);
    return rs;
}

static void test_rules__good_folder(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(RULES_DIR "good", &d, &rc);
    assert_int_equal(d.len, 0);
    assert_int_equal(rc, 0);
    /* _skipped.yml, .hidden.yml, README.txt and tests/ are not read; sorted by id */
    assert_int_equal(kr_ruleset_count(rs), 5);
    const char *ids[] = {"KR-10-2-K8S-LIMITS", "KR-2-1-1-TF-PROVIDER", "KR-6-13-LOG-RETENTION",
                         "KR-6-31-ALB-TLS", "KR-6-8-RDS-BACKUP"};
    for (size_t i = 0; i < 5; i++) assert_string_equal(kr_ruleset_get(rs, i)->id, ids[i]);
    assert_null(kr_ruleset_get(rs, 5));

    const kr_rule *r = kr_ruleset_find(rs, "KR-6-8-RDS-BACKUP");
    assert_non_null(r);
    assert_null(kr_ruleset_find(rs, "KR-NOPE"));
    assert_string_equal(r->control, "6-8");
    assert_int_equal(r->severity, KR_SEV_ERROR);
    assert_string_equal(kr_text_get(&r->title, KR_LANG_JA), "RDS のバックアップを7世代以上保持する");
    assert_string_equal(kr_text_get(&r->message, KR_LANG_EN),
                        "{path} is {actual}; checksheet 6-8 requires at least {expected} days");
    assert_string_equal(r->remediation.en, "Set backup_retention_period to 7 or more.");
    assert_int_equal(r->nreferences, 1);
    assert_string_equal(r->references[0], "https://example.invalid/rds");
    assert_int_equal(r->ntargets, 3);
    assert_int_equal(r->targets[0].kind, KR_TGT_TF_RESOURCE);
    assert_string_equal(r->targets[0].name, "aws_db_instance");
    assert_int_equal(r->targets[2].kind, KR_TGT_CFN_RESOURCE);
    assert_string_equal(r->targets[2].name, "AWS::RDS::DBInstance");
    const kr_cond *c = r->targets[0].cond;
    assert_int_equal(c->kind, KR_COND_LEAF);
    assert_int_equal(c->op, KR_OP_GE);
    assert_int_equal(c->vtype, KR_VT_NUMBER);
    assert_int_equal(c->nvalues, 1);
    assert_true(c->values[0].num == 7.0);
    assert_string_equal(c->expected_text, "7");
    assert_string_equal(c->path_text, "backup_retention_period");
    assert_int_equal(c->if_absent, KR_ABSENT_DEFAULT);
    assert_true(c->default_value.num == 0.0);
    assert_string_equal(c->default_text, "0");
    assert_string_equal(r->file, RULES_DIR "good/rds.yml");
    assert_int_equal(r->src.start.line, 0);

    /* top-level check shared by targets without their own; tls typed */
    r = kr_ruleset_find(rs, "KR-6-31-ALB-TLS");
    assert_non_null(r);
    assert_int_equal(r->severity, KR_SEV_WARNING);
    assert_ptr_equal(r->targets[0].cond, r->targets[1].cond);
    c = r->targets[0].cond;
    assert_int_equal(c->kind, KR_COND_ALL);
    assert_int_equal(c->nchildren, 2);
    assert_int_equal(c->children[1]->vtype, KR_VT_TLS);
    assert_true(c->children[1]->values[0].num == KR_TLS_1_2);
    assert_int_equal(c->children[0]->vtype, KR_VT_STRING);

    r = kr_ruleset_find(rs, "KR-6-13-LOG-RETENTION");
    assert_int_equal(r->targets[0].kind, KR_TGT_SERVERLESS);
    assert_null(r->targets[0].name);
    c = r->targets[0].cond;
    assert_int_equal(c->vtype, KR_VT_DURATION);
    assert_int_equal(c->unit, KR_UNIT_DAYS);
    assert_true(c->values[0].num == 365.0 * 86400.0);
    assert_int_equal(c->if_absent, KR_ABSENT_PASS);
    assert_int_equal(r->targets[1].kind, KR_TGT_K8S_KIND);
    assert_non_null(r->targets[1].base);
    assert_string_equal(r->targets[1].base_text, "spec.containers[*]");
    assert_non_null(r->targets[1].cond->re);
    assert_int_equal(r->targets[2].kind, KR_TGT_CONFIG);
    assert_string_equal(r->targets[2].files, "**/app.yml");
    assert_int_equal(r->targets[2].cond->kind, KR_COND_NOT);
    assert_int_equal(r->targets[2].cond->children[0]->vtype, KR_VT_BOOL);

    /* anchors and aliases; path: beside the kind */
    r = kr_ruleset_find(rs, "KR-10-2-K8S-LIMITS");
    assert_string_equal(r->title.en, "Containers set limits");
    assert_string_equal(r->targets[1].base_text, "spec.template.spec.containers[*]");
    assert_string_equal(r->targets[1].cond->path_text, "resources.limits");
    assert_int_equal(r->targets[1].cond->op, KR_OP_EXISTS);
    r = kr_ruleset_find(rs, "KR-2-1-1-TF-PROVIDER");
    assert_int_equal(r->targets[0].cond->op, KR_OP_IN);
    assert_int_equal(r->targets[0].cond->nvalues, 2);
    assert_string_equal(r->targets[0].cond->expected_text, "ap-northeast-1, ap-northeast-3");
    assert_int_equal(r->targets[1].kind, KR_TGT_TF_BLOCK);
    assert_int_equal(r->targets[2].kind, KR_TGT_CFN_TEMPLATE);

    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

typedef struct seen {
    char buf[512];
} seen;

static void collect(const kr_rule *rule, const kr_target *tgt, void *payload)
{
    seen *s = payload;
    size_t n = strlen(s->buf);
    size_t idx = (size_t)(tgt - rule->targets);
    snprintf(s->buf + n, sizeof s->buf - n, "%s#%zu ", rule->id, idx);
}

static void test_rules__index(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(RULES_DIR "good", &d, &rc);
    seen s = {{0}};
    kr_ruleset_each_target(rs, KR_TGT_TF_RESOURCE, "aws_db_instance", collect, &s);
    assert_string_equal(s.buf, "KR-6-8-RDS-BACKUP#0 ");
    s.buf[0] = 0;
    kr_ruleset_each_target(rs, KR_TGT_TF_RESOURCE, "aws_alb_listener", collect, &s);
    assert_string_equal(s.buf, "KR-6-31-ALB-TLS#1 ");
    s.buf[0] = 0;
    kr_ruleset_each_target(rs, KR_TGT_TF_RESOURCE, "aws_nothing", collect, &s);
    assert_string_equal(s.buf, "");
    kr_ruleset_each_target(rs, KR_TGT_K8S_KIND, "Pod", collect, &s);
    assert_string_equal(s.buf, "KR-10-2-K8S-LIMITS#0 KR-6-13-LOG-RETENTION#1 ");
    s.buf[0] = 0;
    kr_ruleset_each_target(rs, KR_TGT_SERVERLESS, NULL, collect, &s);
    kr_ruleset_each_target(rs, KR_TGT_CONFIG, NULL, collect, &s);
    kr_ruleset_each_target(rs, KR_TGT_CFN_TEMPLATE, NULL, collect, &s);
    kr_ruleset_each_target(rs, KR_TGT_TF_PROVIDER, "aws", collect, &s);
    kr_ruleset_each_target(rs, KR_TGT_TF_BLOCK, "terraform", collect, &s);
    assert_string_equal(s.buf, "KR-6-13-LOG-RETENTION#0 KR-6-13-LOG-RETENTION#2 "
                               "KR-2-1-1-TF-PROVIDER#2 KR-2-1-1-TF-PROVIDER#0 "
                               "KR-2-1-1-TF-PROVIDER#1 ");
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

static void test_rules__bad_folder_reports_everything(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(RULES_DIR "bad", &d, &rc);
    assert_int_equal(rc, KR_EINVALID);
    static const char *const want[] = {
        "bad/a-keys.yml:1:1: rule has no 'severity'",
        "bad/a-keys.yml:3:1: unknown key 'severty' in rule (did you mean 'severity'?)",
        "bad/a-keys.yml:5:3: 'title' has no 'ja'",
        "bad/a-keys.yml:6:3: unknown key 'jp' in 'title' (did you mean 'ja'?)",
        "bad/a-keys.yml:8:20: unknown placeholder '{expectd}' in message (did you mean '{expected}'?)",
        "bad/a-keys.yml:8:34: unknown placeholder '{foo}' in message; use {actual} {expected} "
        "{path} {resource} {expr}",
        "bad/a-keys.yml:11:5: unknown target kind 'terrafrom' (did you mean 'terraform'?)",
        "bad/a-keys.yml:12:26: unknown op '=>' (did you mean '=='?)",
        "bad/a-keys.yml:14:22: bad path 'a..b': empty key",
        "bad/a-keys.yml:14:47: unknown key 'qantifier' in condition (did you mean 'quantifier'?)",
        "bad/b-list.yml:2:9: id 'bad id' must be made of A-Z, 0-9 and '-'",
        "bad/b-list.yml:3:14: control '6' must be a checksheet item like 6-8 or 2-1-1, or an own control of .krewlint.yml like ACME-1",
        "bad/b-list.yml:4:15: severity 'fatal' must be error, warning or note",
        "bad/b-list.yml:5:12: 'title' must be a map with en and ja, not a scalar",
        "bad/b-list.yml:7:14: 'targets' must be a non-empty list",
        "bad/b-list.yml:9:14: control '6-99' is not an item of the checksheet catalog",
        "bad/b-list.yml:14:25: cloudformation target needs type (AWS::X::Y) or template: true",
        "bad/b-list.yml:15:41: op 'in' needs a non-empty list of values",
        "bad/b-list.yml:17:48: bad regular expression 'a(b': unmatched '('", /* at the '(' */
        "bad/b-list.yml:19:43: value '7 dayz' is not a duration",
        "bad/b-list.yml:20:28: unknown block 'varible' (did you mean 'variable'?); use variable, "
        "module, output, terraform or locals",
        "bad/b-list.yml:21:52: op 'exists' takes no value",
        "bad/b-list.yml:21:70: op '==' needs a value",
        "bad/b-list.yml:21:78: 'path' cannot be combined with 'all' in one condition",
        "bad/b-list.yml:23:43: op '>=' compares numbers, durations or TLS versions, but 'abc' is a "
        "string (add type: duration, tls or number)",
        "bad/b-list.yml:25:43: op '==' needs a single value, not a list (use in / not_in)",
        "bad/b-list.yml:25:51: give 'default' or 'if_absent', not both",
        "bad/b-list.yml:26:9: target has no check, and the rule has no top-level check",
        "bad/b-list.yml:26:20: terraform target needs one of resource, data, provider, block",
        "bad/c-dup.yml:1:5: duplicate id 'KR-DUP' (first defined at bad/b-list.yml:8:9)",
        "bad/catalog.tsv:3:1: item 'x-y' is not of the form N-N or N-N-N",
        "bad/d-missing.yml:1:1: rule has no 'control'",
        "bad/d-missing.yml:1:1: rule has no 'message' (with en and ja)",
        "bad/d-missing.yml:1:1: rule has no 'severity'",
        "bad/d-missing.yml:1:1: rule has no 'targets'",
        "bad/d-missing.yml:1:1: rule has no 'title' (with en and ja)",
        "bad/e-syntax.yaml:3:1: YAML: found unexpected end of stream while scanning a quoted scalar",
        "bad/f-list.yml:1:1: a rule file holds a rule (a map with id) or rules: [...], not a list",
        "bad/g-more.yml:2:5: rule has no 'id'",
        "bad/g-more.yml:7:28: 'kind' is empty",
        "bad/g-more.yml:10:22: 'not' takes one condition (a map), not a list",
        "bad/g-more.yml:12:52: unknown type 'integer'; use number, duration, tls, string or bool",
        "bad/g-more.yml:12:61: duplicate key 'op' in condition",
        "bad/g-more.yml:14:66: 'unit' is only for type: duration",
        "bad/g-more.yml:16:29: bad path 'spec.'a': unterminated quote",
        "bad/g-more.yml:18:9: a target has one kind; 'kubernetes' is already given (make two "
        "targets)",
        "bad/g-more.yml:31:16: YAML: unknown anchor 'nope'",
        "bad/g-more.yml:31:16: a condition must be a map, not a scalar",
        "bad/h-utf8.yml:2:11: YAML: invalid leading UTF-8 octet",
    };
    assert_diags(&d, want, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d.len; i++) assert_int_equal(d.items[i].severity, KR_SEV_ERROR);
    /* only the rule without errors is kept (the tainted document's rule is not) */
    assert_int_equal(kr_ruleset_count(rs), 1);
    assert_string_equal(kr_ruleset_get(rs, 0)->id, "KR-GOOD-IN-BAD");
    assert_int_equal(kr_ruleset_get(rs, 0)->targets[0].cond->op, KR_OP_NOT_IN);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* A single file: no catalog is read, so only the syntax of control counts. */
static void test_rules__single_file_without_catalog(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(RULES_DIR "bad/c-dup.yml", &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    assert_int_equal(kr_ruleset_count(rs), 1);
    kr_ruleset_free(rs);

    /* two paths: the same file twice is read once; missing paths reported */
    const char *dirs[] = {RULES_DIR "good", RULES_DIR "good/rds.yml", RULES_DIR "nope"};
    rs = NULL;
    rc = kr_ruleset_load(&rs, dirs, 3, &d);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_false(d.items[0].has_pos);
    assert_string_equal(d.items[0].code, "io-error");
    assert_string_equal(d.items[0].file, RULES_DIR "nope");
    assert_int_equal(kr_ruleset_count(rs), 5);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* Hex and octal numbers in a rule file load as numbers (the YAML 1.2 typing
 * the document adapter uses); before, the loader called 0x1F "not a number". */
static void test_rules__yaml12_numbers(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(RULES_DIR "yaml12/hex.yml", &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    assert_int_equal(kr_ruleset_count(rs), 1);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* An alias bomb in a rule file is refused with the alias cap in the message
 * (issue 18: the cap on a file's nodes is a different one, and large rule
 * files without aliases load: tests/scripts/test_valid_input.sh). */
static void test_rules__alias_bomb_refused(void **state)
{
    (void)state;
    const char *path = "test_rules-alias-bomb.yml"; /* in the test's working folder */
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("a: &a [x, x, x, x, x, x, x, x, x, x]\n", fp);
    for (char c = 'b'; c <= 'h'; c++)
        fprintf(fp, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c, c - 1, c - 1, c - 1,
                c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    fclose(fp);
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load1(path, &d, &rc);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_true(d.items[0].has_pos);
    assert_int_equal(d.items[0].span.start.line, 5);
    assert_string_equal(d.items[0].message,
                        "YAML aliases in this rule file expand to more than 200000 nodes (the cap per rule file; an alias bomb?)");
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
    remove(path);
}

static void test_rules__text_get(void **state)
{
    (void)state;
    kr_text t = {(char *)(uintptr_t) "hello", NULL};
    assert_string_equal(kr_text_get(&t, KR_LANG_JA), "hello");
    assert_string_equal(kr_text_get(&t, KR_LANG_EN), "hello");
    kr_ruleset_free(NULL);
    assert_int_equal(kr_ruleset_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules__good_folder),
        cmocka_unit_test(test_rules__index),
        cmocka_unit_test(test_rules__bad_folder_reports_everything),
        cmocka_unit_test(test_rules__single_file_without_catalog),
        cmocka_unit_test(test_rules__alias_bomb_refused),
        cmocka_unit_test(test_rules__yaml12_numbers),
        cmocka_unit_test(test_rules__text_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
