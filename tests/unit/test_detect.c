/* test_detect.c - adapter choice by path, classification of each format,
 * the rewrites into KR_NODE_EXPR, and kr_doc_load's binary-file check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "doc/doc.h"
#include "util/fs.h"

/* loaded - one kr_doc_load under test; owns the bytes. */
typedef struct loaded {
    kr_doc doc;
    kr_diags diags;
    char *data;
    char path[1024];
    int rc;
} loaded;

static int load_bytes(loaded *l, const char *path, const char *data, size_t len)
{
    snprintf(l->path, sizeof l->path, "%s", path);
    l->data = malloc(len + 1);
    memcpy(l->data, data, len);
    l->data[len] = '\0';
    kr_diags_init(&l->diags);
    kr_doc_init(&l->doc, l->path, l->data, len);
    l->rc = kr_doc_load(&l->doc, &l->diags);
    return l->rc;
}

/* Loads a string literal (its length from sizeof, NULs included). */
#define LOAD_LIT(l, path, lit) load_bytes((l), (path), (lit), sizeof(lit) - 1)

static int load_fixture(loaded *l, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/detect/%s", KR_FIXTURE_DIR, rel);
    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (kr_fs_read(&data, &len, path, &err) != 0) fail_msg("cannot read %s: %s", path, err);
    int rc = load_bytes(l, path, data, len);
    free(data);
    return rc;
}

static void done(loaded *l)
{
    kr_doc_dispose(&l->doc);
    kr_diags_dispose(&l->diags);
    free(l->data);
}

static kr_node *at(const kr_node *n, const char *dotted)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", dotted);
    kr_node *cur = (kr_node *)(uintptr_t)n;
    for (char *save = buf, *dot; cur && save; save = dot) {
        dot = strchr(save, '.');
        if (dot) *dot++ = '\0';
        cur = kr_node_get(cur, save);
    }
    if (!cur) fail_msg("path %s missing", dotted);
    return cur;
}

static void assert_expr(const kr_node *n, const char *text)
{
    assert_int_equal(n->kind, KR_NODE_EXPR);
    assert_string_equal(n->text, text);
    assert_int_equal(n->text_len, strlen(text));
    assert_true(kr_node_is_unknown(n));
}

static void test_detect__wants(void **state)
{
    (void)state;
    bool hcl = false;
    assert_true(kr_detect_wants("a/main.tf", &hcl));
    assert_true(hcl);
    const char *yamlish[] = {"main.tf.json", "x.json", "x.yml", "dir/x.YAML", "cfn.template",
                             "serverless.yml"};
    for (size_t i = 0; i < sizeof yamlish / sizeof *yamlish; i++) {
        hcl = true;
        assert_true(kr_detect_wants(yamlish[i], &hcl));
        assert_false(hcl);
    }
    /* source code for source-code rules: wanted, not HCL */
    const char *sources[] = {"app.js", "x.py", "cmd/main.go", "ui/App.tsx", "lib/a.mts"};
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        hcl = true;
        assert_true(kr_detect_wants(sources[i], &hcl));
        assert_false(hcl);
    }
    const char *others[] = {"README.md", "main.tfvars", "app.JS", "x.pyc", "Makefile", "tf", "",
                            "x.json.bak"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        hcl = true;
        assert_false(kr_detect_wants(others[i], &hcl));
        assert_false(hcl);
    }
    assert_true(kr_detect_wants("x.tf", NULL));
}

static void test_detect__cloudformation_yaml_short_forms(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "cfn.yaml"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CLOUDFORMATION);
    assert_int_equal(l.doc.nroots, 1);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_CLOUDFORMATION);
    kr_node *r = l.doc.roots[0];
    kr_node *n = at(r, "Resources.Bucket.Properties.BucketName");
    assert_expr(n, "!Sub \"${Env}-logs\"");
    assert_string_equal(n->tag, "!Sub");
    assert_int_equal(n->span.start.line, 8);
    assert_int_equal(n->span.start.col, 18);
    n = at(r, "Resources.Bucket.Properties.Tags");
    assert_expr(kr_node_get(n->items[0], "Value"), "!GetAtt Key.Arn");
    n = at(r, "Resources.Bucket.Properties.VersioningConfiguration.Status");
    assert_expr(n, "!If [IsProd, Enabled, Suspended]");
    assert_int_equal(n->nitems, 3); /* children kept */
    /* long form in YAML: a single-key map {Ref: Env} */
    assert_expr(at(r, "Resources.Key.Properties.Description"), "Ref: Env");
    /* literals untouched */
    n = at(r, "Resources.Key.Properties.EnableKeyRotation");
    assert_int_equal(n->kind, KR_NODE_SCALAR);
    assert_int_equal(n->stype, KR_SCALAR_BOOL);
    assert_int_equal(at(r, "Resources.Bucket.Type")->kind, KR_NODE_SCALAR);
    assert_int_equal(l.diags.len, 0);
    done(&l);
}

static void test_detect__cloudformation_json_intrinsics(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "cfn.json"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CLOUDFORMATION);
    kr_node *p = at(l.doc.roots[0], "Resources.Db.Properties");
    kr_node *n = kr_node_get(p, "BackupRetentionPeriod");
    assert_expr(n, "{\"Ref\": \"Retention\"}");
    assert_int_equal(n->span.start.line, 6);
    assert_int_equal(n->span.start.col, 29);
    assert_int_equal(n->span.end.col, 49);
    assert_expr(kr_node_get(p, "KmsKeyId"), "{ \"Fn::GetAtt\" : [ \"Key\", \"Arn\" ] }");
    assert_expr(kr_node_get(p, "DBName"), "{\"Fn::Sub\": \"${Env}-db\"}");
    /* {"Condition": x} is an ordinary map */
    n = kr_node_get(p, "Condition");
    assert_int_equal(n->kind, KR_NODE_MAP);
    assert_int_equal(kr_node_get(p, "StorageEncrypted")->stype, KR_SCALAR_BOOL);
    n = kr_node_get(at(p, "Tags")->items[0], "Value");
    assert_expr(n, "{\"Fn::Join\": [\"-\", [{\"Ref\": \"Env\"}, \"x\"]]}");
    done(&l);

    /* no AWSTemplateFormatVersion: Resources with AWS:: / Custom:: types */
    assert_int_equal(load_fixture(&l, "resources-only.json"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CLOUDFORMATION);
    done(&l);

    /* a stray scalar inside Resources (as in KICS samples) is tolerated */
    assert_int_equal(LOAD_LIT(&l, "t.json",
                              "{\"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\"},"
                              " \"AWSTemplateFormatVersion\": \"2010-09-09\"}}"),
                     0);
    assert_int_equal(l.doc.format, KR_FMT_CLOUDFORMATION);
    done(&l);

    /* a map entry without a Type: not a template */
    assert_int_equal(LOAD_LIT(&l, "t.yaml", "Resources:\n  a: {Type: AWS::S3::Bucket}\n  b: {x: 1}\n"),
                     0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);

    /* Resources without Types is not a template */
    assert_int_equal(LOAD_LIT(&l, "r.yaml", "Resources:\n  cpu: 2\n  mem: 4\n"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);
}

static void test_detect__sam_transform(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "sam.yaml"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CLOUDFORMATION);
    assert_expr(at(l.doc.roots[0], "Resources.Fn.Properties.Role"), "!GetAtt Role.Arn");
    done(&l);
}

static void test_detect__kubernetes_multi_document(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "k8s.yaml"), 0);
    assert_int_equal(l.doc.nroots, 3);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_CONFIG);
    assert_int_equal(l.doc.root_formats[1], KR_FMT_KUBERNETES);
    assert_int_equal(l.doc.root_formats[2], KR_FMT_KUBERNETES);
    assert_int_equal(l.doc.format, KR_FMT_KUBERNETES); /* first non-config root */
    kr_node *c = at(l.doc.roots[1], "spec.template.spec.containers");
    assert_int_equal(c->kind, KR_NODE_SEQ);
    assert_int_equal(at(c->items[0], "securityContext.privileged")->stype, KR_SCALAR_BOOL);
    done(&l);
}

static void test_detect__serverless(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "serverless/serverless.yml"), 0);
    assert_int_equal(l.doc.format, KR_FMT_SERVERLESS);
    kr_node *r = l.doc.roots[0];
    kr_node *n = at(r, "provider.logRetentionInDays");
    assert_expr(n, "${self:custom.retention}");
    assert_int_equal(n->span.start.line, 6);
    assert_int_equal(n->span.start.col, 22);
    assert_expr(at(r, "provider.environment.TABLE"), "${ssm:/orders/table}");
    assert_expr(at(r, "provider.environment.STAGE"), "prod-${opt:stage, 'dev'}");
    n = at(r, "provider.environment.PLAIN");
    assert_int_equal(n->kind, KR_NODE_SCALAR);
    assert_int_equal(at(r, "custom.retention")->v.i, 14);
    /* CloudFormation intrinsics in its resources section */
    kr_node *props = at(r, "resources.Resources.Bucket.Properties");
    assert_expr(at(props, "BucketName"), "!Ref BucketParam");
    assert_expr(at(props, "LoggingConfiguration.DestinationBucketName"),
                "Fn::GetAtt: [Logs, Arn]");
    assert_int_equal(at(r, "resources.Resources.Bucket.Type")->kind, KR_NODE_SCALAR);
    done(&l);

    /* the name alone is not enough, and the content alone is not enough */
    assert_int_equal(LOAD_LIT(&l, "x/serverless.yml", "plugins: [a]\n"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);
    assert_int_equal(LOAD_LIT(&l, "x/app.yml", "service: a\nprovider: {name: aws}\n"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);
}

static void test_detect__terraform_plan(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "plan.json"), 0);
    assert_int_equal(l.doc.format, KR_FMT_TFPLAN);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_TFPLAN);
    kr_node *rc = at(l.doc.roots[0], "resource_changes");
    kr_node *after = at(rc->items[0], "change.after");
    assert_int_equal(at(after, "backup_retention_period")->v.i, 7);
    /* plan values are literals: "${x}" stays a string */
    assert_int_equal(at(after, "name")->kind, KR_NODE_SCALAR);
    done(&l);
}

static void test_detect__terraform_json(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "main.tf.json"), 0);
    assert_int_equal(l.doc.format, KR_FMT_TERRAFORM);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_TERRAFORM);
    kr_node *db = at(l.doc.roots[0], "resource.aws_db_instance.db");
    assert_expr(at(db, "backup_retention_period"), "${var.retention}");
    assert_expr(at(db, "tags.Name"), "%{ if var.prod }prod%{ endif }");
    assert_int_equal(at(db, "engine")->kind, KR_NODE_SCALAR);
    assert_int_equal(at(db, "storage_encrypted")->stype, KR_SCALAR_BOOL);
    done(&l);

    /* .tf goes to the HCL adapter */
    assert_int_equal(load_fixture(&l, "main.tf"), 0);
    assert_int_equal(l.doc.format, KR_FMT_TERRAFORM);
    assert_int_equal(l.doc.nroots, 1);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_TERRAFORM);
    done(&l);
}

static void test_detect__plain_config(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(load_fixture(&l, "config.yaml"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    assert_int_equal(l.doc.root_formats[0], KR_FMT_CONFIG);
    assert_int_equal(at(l.doc.roots[0], "url")->kind, KR_NODE_SCALAR); /* not serverless */
    done(&l);

    assert_int_equal(LOAD_LIT(&l, "empty.yaml", "# nothing\n"), 0);
    assert_int_equal(l.doc.nroots, 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);

    assert_int_equal(LOAD_LIT(&l, "list.json", "[1, 2]"), 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);
}

static void test_detect__binary_file(void **state)
{
    (void)state;
    loaded l;
    assert_int_equal(LOAD_LIT(&l, "blob.json", "{\"a\": 1}\0\x01\x02"), KR_EPARSE);
    assert_int_equal(l.doc.nroots, 0);
    assert_int_equal(l.diags.len, 1);
    assert_int_equal(l.diags.items[0].severity, KR_SEV_ERROR);
    assert_string_equal(l.diags.items[0].code, "binary-file");
    assert_string_equal(l.diags.items[0].message, "binary file, not scanned");
    assert_string_equal(l.diags.items[0].file, "blob.json");
    done(&l);

    /* a NUL after the first 8 KiB is left to the parser */
    size_t n = 9000;
    char *big = malloc(n);
    memset(big, ' ', n);
    big[0] = 'a';
    big[1] = ':';
    big[n - 2] = '\0';
    big[n - 1] = '\n';
    assert_int_equal(load_bytes(&l, "late.yaml", big, n), KR_EPARSE);
    assert_int_equal(l.diags.len, 1);
    assert_string_equal(l.diags.items[0].code, "parse-error");
    assert_int_equal(l.diags.items[0].span.start.byte, 8998);
    free(big);
    done(&l);

    /* a parse error leaves no roots and no partial format */
    assert_int_equal(LOAD_LIT(&l, "bad.yaml", "apiVersion: v1\nkind: [\n"), KR_EPARSE);
    assert_int_equal(l.doc.nroots, 0);
    assert_int_equal(l.doc.format, KR_FMT_CONFIG);
    done(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect__wants),
        cmocka_unit_test(test_detect__cloudformation_yaml_short_forms),
        cmocka_unit_test(test_detect__cloudformation_json_intrinsics),
        cmocka_unit_test(test_detect__sam_transform),
        cmocka_unit_test(test_detect__kubernetes_multi_document),
        cmocka_unit_test(test_detect__serverless),
        cmocka_unit_test(test_detect__terraform_plan),
        cmocka_unit_test(test_detect__terraform_json),
        cmocka_unit_test(test_detect__plain_config),
        cmocka_unit_test(test_detect__binary_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
