/* test_relations.c - `related:` conditions (src/eval/relations.h): Terraform
 * references by expression (plain, template, list), by literal name and ARN,
 * data sources not taken for resources, unknown expressions; CloudFormation
 * !Ref, !GetAtt (both forms), !Sub, JSON Ref / Fn::GetAtt / inside Fn::Join, a
 * Parameter (unknown); the `from` direction; the provider a resource uses (and
 * a folder without one: unknown, or what if_absent says); a
 * module made of two files of one folder, not of two folders, and of the
 * folder's files the scan was not given; -j1 and -j4 give the same output;
 * the index itself; loader errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval/eval.h"
#include "eval/relations.h"
#include "scan.h"
#include "util/buf.h"
#include "util/fs.h"

#define REL_DIR KR_FIXTURE_DIR "/relations/"

static kr_ruleset *load_rules(void)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {REL_DIR "rules"};
    int rc = kr_ruleset_load(&rs, dirs, 1, &d);
    if (rc != 0) kr_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
    assert_true(kr_ruleset_has_relations(rs));
    return rs;
}

/* "line:col: sev: RULE: message" per finding (file names dropped when
 * `bare`), sorted. */
static char *render(kr_findings *f, bool bare)
{
    kr_findings_sort(f);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < f->len; i++) {
        const kr_finding *x = &f->items[i];
        if (!bare) {
            const char *p = strstr(x->file, "relations/");
            kr_buf_printf(&b, "%s:", p ? p + 10 : x->file);
        }
        kr_buf_printf(&b, "%u:%u: %s: %s: %s\n", x->span.start.line + 1, x->span.start.col + 1,
                      kr_severity_name(x->severity), x->rule->id, x->message);
    }
    char *s = kr_buf_detach(&b);
    return s ? s : kr_xstrdup("");
}

/* One file evaluated alone (kr_eval_doc: the file is its own module). */
static char *eval_one(const kr_ruleset *rs, const char *rel)
{
    char full[1024];
    snprintf(full, sizeof full, "%s%s", REL_DIR, rel);
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    assert_int_equal(kr_fs_read(&data, &len, full, &why), 0);
    kr_doc doc;
    kr_doc_init(&doc, rel, data, len);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_findings f;
    kr_findings_init(&f);
    kr_eval_doc(rs, &doc, NULL, &f);
    kr_doc_dispose(&doc);
    free(data);
    kr_diags_dispose(&d);
    char *out = render(&f, true);
    kr_findings_dispose(&f);
    return out;
}

static char *scan(const kr_ruleset *rs, const char *const *paths, size_t n, int jobs)
{
    char full[8][1024];
    const char *p[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        snprintf(full[i], sizeof full[i], "%s%s", REL_DIR, paths[i]);
        p[i] = full[i];
    }
    kr_result res;
    kr_result_init(&res);
    kr_scan_options o;
    memset(&o, 0, sizeof o);
    o.paths = p;
    o.npaths = n;
    o.jobs = jobs;
    o.today = "2025-01-01";
    assert_int_equal(kr_scan(&res, rs, &o), 0);
    if (res.diags.len) kr_diags_print(&res.diags, stderr);
    assert_int_equal(res.diags.len, 0);
    char *out = render(&res.findings, false);
    kr_result_dispose(&res);
    return out;
}

static void test_relations__terraform_expression_name_and_unknown(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    char *out = eval_one(rs, "one/names.tf");
    /* expr, template, list and arn are associated; none is not; lookalike
     * is referenced only through a data source of the same name. */
    assert_string_equal(
        out,
        "19:1: error: T-VIA: aws_wafv2_web_acl_association.resource_arn none\n"
        "20:1: error: T-VIA: aws_wafv2_web_acl_association.resource_arn none\n"
        "41:1: error: T-CHECK: aws_s3_bucket_versioning.bucket aws_s3_bucket_versioning.suspended, "
        "whose versioning_configuration.status is Suspended\n"
        "57:1: error: T-CHECK: aws_s3_bucket_versioning.bucket none\n"
        "63:1: error: T-FROM: bucket aws_s3_bucket.named, whose bucket is named-bucket\n"
        "66:1: note: T-FROM: cannot tell whether \"t\" holds for "
        "aws_s3_bucket_lifecycle_configuration.var: bucket is the expression `var.bucket`, which "
        "krewlint cannot resolve\n"
        "71:1: error: T-PROVIDER: provider.aws provider.aws.west, whose default_tags.tags.Owner "
        "is absent\n"
        "71:1: error: T-PROVIDER-ELSEWHERE: provider.aws provider.aws.west, whose "
        "default_tags.tags.Owner is absent\n");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__provider_configured_elsewhere(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    /* no provider block in the folder: unknown by default, pass with
     * if_absent: pass (T-PROVIDER-ELSEWHERE) */
    char *out = eval_one(rs, "child/main.tf");
    assert_string_equal(out, "1:1: note: T-PROVIDER: cannot tell whether \"t\" holds for "
                             "aws_instance.a: no provider \"aws\" block in this folder; a calling "
                             "module configures it\n");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__cloudformation_yaml(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    char *out = eval_one(rs, "cfn/refs.yaml");
    /* !Ref, !GetAtt [X, A], !GetAtt X.A and !Sub "${X}" all refer */
    assert_string_equal(out, "14:3: error: T-VIA: AWS::WAFv2::WebACLAssociation.ResourceArn none\n");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__cloudformation_json_and_parameter(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    char *out = eval_one(rs, "cfn/refs.json");
    /* {"Ref"}, {"Fn::GetAtt"} and a Ref inside Fn::Join refer; a Ref to a
     * Parameter may refer to anything: unknown, both ways */
    assert_string_equal(
        out,
        "8:5: note: T-VIA: cannot tell whether \"t\" holds for Maybe: ResourceArn of A4 is the "
        "expression `{\"Ref\": \"AlbArn\"}`, which krewlint cannot resolve\n"
        "15:5: note: T-FROM: cannot tell whether \"t\" holds for A4: ResourceArn is the "
        "expression `{\"Ref\": \"AlbArn\"}`, which krewlint cannot resolve\n");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__module_of_two_files(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    /* alone, a.tf has no association and no versioning */
    char *alone = eval_one(rs, "mod/a.tf");
    assert_string_equal(alone,
                        "1:1: error: T-VIA: aws_wafv2_web_acl_association.resource_arn none\n"
                        "5:1: error: T-CHECK: aws_s3_bucket_versioning.bucket none\n");
    free(alone);
    /* scanned as a folder, b.tf completes it */
    const char *dir[] = {"mod"};
    char *out = scan(rs, dir, 1, 2);
    assert_string_equal(out, "");
    free(out);
    /* a.tf named alone on the command line: its folder's b.tf still counts */
    const char *file[] = {"mod/a.tf"};
    out = scan(rs, file, 1, 1);
    assert_string_equal(out, "");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__not_across_folders(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    const char *dir[] = {"split"};
    char *out = scan(rs, dir, 1, 4);
    assert_string_equal(out,
                        "split/x/lb.tf:1:1: error: T-VIA: aws_wafv2_web_acl_association.resource_arn none\n"
                        "split/x/lb.tf:5:1: error: T-CHECK: aws_s3_bucket_versioning.bucket none\n");
    free(out);
    kr_ruleset_free(rs);
}

static void test_relations__jobs_do_not_change_output(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules();
    const char *all[] = {"one", "cfn", "mod", "split"};
    char *j1 = scan(rs, all, 4, 1);
    char *j4 = scan(rs, all, 4, 4);
    assert_string_equal(j1, j4);
    assert_non_null(strstr(j1, "one/names.tf:71:1: error: T-PROVIDER"));
    assert_non_null(strstr(j1, "split/x/lb.tf:1:1"));
    assert_null(strstr(j1, "mod/"));
    free(j1);
    free(j4);
    kr_ruleset_free(rs);
}

static void test_relations__index(void **state)
{
    (void)state;
    static const char tf[] =
        "provider \"aws\" {}\n"
        "provider \"aws\" { alias = \"w\" }\n"
        "resource \"aws_lb\" \"a\" {}\n"
        "resource \"aws_lb\" \"b\" {}\n"
        "data \"aws_lb\" \"c\" {}\n";
    kr_doc doc;
    kr_doc_init(&doc, "x.tf", tf, sizeof tf - 1);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_relindex *ix = kr_relindex_new();
    assert_int_equal(kr_relindex_count(ix), 0);
    kr_relindex_add(ix, &doc);
    assert_int_equal(kr_relindex_count(ix), 5);
    kr_relindex_free(ix);
    kr_relindex_free(NULL);
    kr_doc_dispose(&doc);
    kr_diags_dispose(&d);
}

/* Loads one rule file's text; returns the rendered diagnostics. */
static char *load_errors(const char *text)
{
    char path[] = "/tmp/kr_rel_rule_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    char yml[64];
    snprintf(yml, sizeof yml, "%s.yml", path);
    assert_int_equal(rename(path, yml), 0);
    kr_diags d;
    kr_diags_init(&d);
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {yml};
    assert_int_equal(kr_ruleset_load(&rs, dirs, 1, &d), KR_EINVALID);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < d.len; i++)
        kr_buf_printf(&b, "%u:%u: %s\n", d.items[i].span.start.line + 1,
                      d.items[i].span.start.col + 1, d.items[i].message);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
    remove(yml);
    char *s = kr_buf_detach(&b);
    return s ? s : kr_xstrdup("");
}

static void test_relations__loader_errors(void **state)
{
    (void)state;
    char *e = load_errors(
        "id: T-BAD\ncontrol: \"6-28\"\nseverity: error\ntitle: {en: t, ja: t}\n"
        "message: {en: m, ja: m}\n"
        "targets:\n"
        "  - kubernetes: {kind: Pod}\n"
        "    check: {related: {resource: x, via: a}}\n"
        "  - terraform: {resource: aws_lb}\n"
        "    check: {related: {resource: x, via: a, from: b}}\n"
        "  - terraform: {resource: aws_lb}\n"
        "    check: {related: {provider: aws, via: a}, path: x}\n"
        "  - cloudformation: {type: X}\n"
        "    check: {related: {provider: aws}}\n"
        "  - terraform: {resource: aws_lb}\n"
        "    check: {related: {resource: x, vía: a}}\n");
    assert_string_equal(
        e,
        "8:12: related needs a terraform resource or data target, or a cloudformation type target\n"
        "10:44: related takes via or from, not both\n"
        "12:47: 'path' cannot be combined with 'related' in one condition (put the related "
        "block's condition under related.check)\n"
        "12:38: related provider takes no 'via': the provider is the one the resource uses\n"
        "14:12: related provider needs a terraform resource or data target\n"
        "16:36: unknown key 'v\xC3\xAD" "a' in related\n"
        "16:22: related resource needs via (the path in the x that refers to this resource) or "
        "from (the path in this resource that refers to it)\n");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relations__terraform_expression_name_and_unknown),
        cmocka_unit_test(test_relations__provider_configured_elsewhere),
        cmocka_unit_test(test_relations__cloudformation_yaml),
        cmocka_unit_test(test_relations__cloudformation_json_and_parameter),
        cmocka_unit_test(test_relations__module_of_two_files),
        cmocka_unit_test(test_relations__not_across_folders),
        cmocka_unit_test(test_relations__jobs_do_not_change_output),
        cmocka_unit_test(test_relations__index),
        cmocka_unit_test(test_relations__loader_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
