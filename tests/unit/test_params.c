/* test_params.c - rules reading .krewlint.yml `params:` (rules/README.md,
 * "Parameters"): the rule's defaults without a configuration, the
 * configuration's values substituted into values, paths and messages, and
 * bad values reported at their place in the configuration, naming the rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "rules/rule.h"
#include "util/buf.h"

#define PARAMS_DIR KR_FIXTURE_DIR "/params/"

/* Loads fixture `name` with the params of configuration text `cfg_text`
 * (NULL: none, through kr_ruleset_load). */
static kr_ruleset *load_with(const char *name, const char *cfg_text, kr_diags *d, int *rc)
{
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags cd;
    kr_diags_init(&cd);
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {name};
    char path[512];
    snprintf(path, sizeof path, "%s%s", PARAMS_DIR, name);
    dirs[0] = path;
    if (!cfg_text) {
        *rc = kr_ruleset_load(&rs, dirs, 1, d);
    } else {
        assert_int_equal(kr_config_parse(&cfg, "krewlint.yml", cfg_text, strlen(cfg_text), &cd), 0);
        kr_rule_param *params = NULL;
        size_t nparams = kr_config_rule_params(&cfg, &params);
        kr_ruleset_options o = {false, NULL, cfg.path, params, nparams};
        *rc = kr_ruleset_load_with(&rs, dirs, 1, &o, d);
        free(params);
    }
    assert_non_null(rs);
    kr_diags_dispose(&cd);
    kr_config_dispose(&cfg);
    return rs;
}

static const kr_cond *cond_of(const kr_ruleset *rs, const char *id, size_t target)
{
    const kr_rule *r = kr_ruleset_find(rs, id);
    assert_non_null(r);
    assert_true(target < r->ntargets);
    return r->targets[target].cond;
}

static void test_params__defaults(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("good.yml", NULL, &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    const kr_cond *c = cond_of(rs, "KR-9-9-REGION", 0);
    assert_int_equal(c->nvalues, 2);
    assert_string_equal(c->values[1].str, "ap-northeast-3");
    assert_string_equal(c->expected_text, "ap-northeast-1, ap-northeast-3");
    c = cond_of(rs, "KR-9-9-TAG", 0);
    assert_string_equal(c->path_text, "tags.Owner");
    c = cond_of(rs, "KR-9-9-TAG", 1);
    assert_string_equal(c->expected_text, "Owner");
    const kr_rule *r = kr_ruleset_find(rs, "KR-9-9-TAG");
    assert_string_equal(r->title.en, "Tag Owner");
    assert_string_equal(r->title.ja, "タグ Owner");
    assert_string_equal(r->message.en, "no Owner tag");
    c = cond_of(rs, "KR-9-9-DAYS", 0);
    assert_int_equal(c->vtype, KR_VT_NUMBER);
    assert_string_equal(c->expected_text, "7");
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

static void test_params__substituted(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("good.yml",
                               "params:\n"
                               "  allowed_regions: [us-east-1]\n"
                               "  owner_tag: Team Name\n"
                               "  retention_days: 35\n",
                               &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    const kr_cond *c = cond_of(rs, "KR-9-9-REGION", 0);
    assert_int_equal(c->nvalues, 1);
    assert_string_equal(c->values[0].str, "us-east-1");
    assert_string_equal(c->expected_text, "us-east-1");
    c = cond_of(rs, "KR-9-9-TAG", 0);
    assert_string_equal(c->path_text, "tags.'Team Name'"); /* quoted: a space */
    c = cond_of(rs, "KR-9-9-TAG", 1);
    assert_string_equal(c->expected_text, "Team Name");
    assert_string_equal(c->values[0].str, "Team Name");
    const kr_rule *r = kr_ruleset_find(rs, "KR-9-9-TAG");
    assert_string_equal(r->message.en, "no Team Name tag");
    assert_string_equal(r->message.ja, "Team Name タグがありません");
    c = cond_of(rs, "KR-9-9-DAYS", 0);
    assert_string_equal(c->expected_text, "35");
    assert_true(c->values[0].num == 35.0);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

static char *diag_line(const kr_diag *d)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    const char *file = d->file ? d->file : "";
    if (strncmp(file, PARAMS_DIR, strlen(PARAMS_DIR)) == 0) file += strlen(PARAMS_DIR);
    kr_buf_printf(&b, "%s:%u:%u: %s", file, d->span.start.line + 1, d->span.start.col + 1,
                  d->message);
    return kr_buf_detach(&b);
}

static void test_params__bad_value_at_config_position(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("good.yml",
                               "params:\n"
                               "  retention_days: thirty\n"
                               "  owner_tag: Team\n",
                               &d, &rc);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(d.len, 1);
    char *got = diag_line(&d.items[0]);
    assert_string_equal(got, "krewlint.yml:2:19: 'thirty' is not a number like the rule's "
                             "default '7' (parameter 'retention_days' of rule KR-9-9-DAYS)");
    free(got);
    assert_string_equal(d.items[0].code, "invalid-rule");
    /* the rule is left out; the others read their values */
    assert_null(kr_ruleset_find(rs, "KR-9-9-DAYS"));
    assert_string_equal(cond_of(rs, "KR-9-9-TAG", 0)->path_text, "tags.Team");
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

static void test_params__unset_without_default(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("unset.yml", NULL, &d, &rc);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(d.len, 1);
    char *got = diag_line(&d.items[0]);
    assert_string_equal(got, "unset.yml:8:25: parameter 'nowhere' is not set in .krewlint.yml "
                             "and has no default (give one in the rule's 'params:')");
    free(got);
    assert_int_equal(kr_ruleset_count(rs), 0);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* A binding param (purge_delay: {files, path, unit}) read key by key as
 * NAME.key: the optional target is left out while it is unset, and takes its
 * glob, whole path and unit from it when set. */
static void test_params__binding(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("binding.yml", NULL, &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    const kr_rule *r = kr_ruleset_find(rs, "KR-9-9-BINDING");
    assert_non_null(r);
    assert_int_equal(r->ntargets, 1); /* only the default binding */
    assert_string_equal(r->targets[0].files, "**/config/**");
    kr_ruleset_free(rs);

    rs = load_with("binding.yml",
                   "params:\n"
                   "  purge_delay: {files: \"deploy/*.yaml\", path: jobs.purge.delay_h, unit: hours}\n",
                   &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    r = kr_ruleset_find(rs, "KR-9-9-BINDING");
    assert_non_null(r);
    assert_int_equal(r->ntargets, 2);
    assert_int_equal(r->targets[1].kind, KR_TGT_CONFIG);
    assert_string_equal(r->targets[1].files, "deploy/*.yaml");
    const kr_cond *c = cond_of(rs, "KR-9-9-BINDING", 1);
    assert_string_equal(c->path_text, "jobs.purge.delay_h"); /* a whole path, not one key */
    assert_int_equal(c->unit, KR_UNIT_HOURS);
    assert_int_equal(c->vtype, KR_VT_DURATION);
    assert_true(c->values[0].num == 30.0 * 86400.0);
    assert_int_equal(cond_of(rs, "KR-9-9-BINDING", 0)->unit, KR_UNIT_DAYS);
    kr_ruleset_free(rs);

    /* without unit: the inline default */
    rs = load_with("binding.yml", "params:\n  purge_delay: {files: a.yml, path: x}\n", &d, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(cond_of(rs, "KR-9-9-BINDING", 1)->unit, KR_UNIT_DAYS);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* NAME.key on a parameter that is not a map: reported at the value. */
static void test_params__dotted_on_non_map(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    int rc;
    kr_ruleset *rs = load_with("dotted.yml", "params:\n  owner_tag: Team\n", &d, &rc);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(d.len, 1);
    char *got = diag_line(&d.items[0]);
    assert_string_equal(got, "krewlint.yml:2:14: the value must be a map: the rule reads its key "
                             "'name' (parameter 'owner_tag.name' of rule KR-9-9-DOTTED)");
    free(got);
    assert_int_equal(kr_ruleset_count(rs), 0);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params__defaults),
        cmocka_unit_test(test_params__substituted),
        cmocka_unit_test(test_params__bad_value_at_config_position),
        cmocka_unit_test(test_params__unset_without_default),
        cmocka_unit_test(test_params__binding),
        cmocka_unit_test(test_params__dotted_on_non_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
