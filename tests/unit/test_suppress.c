/* test_suppress.c - inline suppressions: each comment syntax, strings that
 * only look like directives, scopes, reasons, expiry with an injected date,
 * unused and refused suppressions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suppress.h"
#include "util/buf.h"
#include "doc/doc.h"

static char id_rds[] = "KR-6-8-RDS-BACKUP-RETENTION", ctl_68[] = "6-8";
static char id_tls[] = "KR-6-31-NODE-TLS-CODE", ctl_631[] = "6-31";
static kr_rule rule_rds, rule_tls;

static int setup(void **state)
{
    (void)state;
    memset(&rule_rds, 0, sizeof rule_rds);
    rule_rds.id = id_rds;
    rule_rds.control = ctl_68;
    memset(&rule_tls, 0, sizeof rule_tls);
    rule_tls.id = id_tls;
    rule_tls.control = ctl_631;
    return 0;
}

/* run - scan `text` as `path` on 2025-03-01, then apply to findings of
 * `rule` at each 1-based line of `lines` (0-terminated). Returns the
 * diagnostics as "line:col: code: message\n" and sets *mask to the bit
 * (1 << i) of every finding i that was suppressed. */
static char *run(const char *path, const char *text, const kr_rule *rule, const int *lines,
                 unsigned *mask, kr_suppressions *keep)
{
    kr_suppressions s;
    kr_suppressions_init(&s);
    kr_diags d;
    kr_diags_init(&d);
    kr_suppress_scan(&s, path, text, strlen(text), kr_suppress_syntax_for(path, text, strlen(text)),
                     "2025-03-01", &d);
    kr_findings fs;
    kr_findings_init(&fs);
    for (size_t i = 0; lines && lines[i]; i++) {
        kr_finding f;
        memset(&f, 0, sizeof f);
        f.rule = rule;
        f.file = strdup(path);
        f.span.start.line = (uint32_t)(lines[i] - 1);
        kr_findings_push(&fs, &f);
    }
    kr_suppress_apply(&s, &fs, path, NULL, NULL, &d);
    kr_suppress_report_unused(&s, path, &d);
    *mask = 0;
    for (size_t i = 0; i < fs.len; i++) {
        kr_finding *f = &fs.items[i];
        if (f->suppressed) {
            *mask |= 1u << i;
            assert_non_null(f->suppress_reason);
        }
        free(f->suppress_reason);
        free(f->suppress_by);
        free(f->suppress_until);
        f->suppress_reason = f->suppress_by = f->suppress_until = NULL;
    }
    kr_findings_dispose(&fs);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < d.len; i++) {
        const kr_diag *g = &d.items[i];
        assert_string_equal(g->file, path);
        kr_buf_printf(&b, "%u:%u: %s: %s\n", (unsigned)g->span.start.line + 1,
                      (unsigned)g->span.start.col + 1, g->code, g->message);
    }
    kr_diags_dispose(&d);
    if (keep)
        *keep = s;
    else
        kr_suppressions_dispose(&s);
    char *out = kr_buf_detach(&b);
    return out ? out : strdup("");
}

#define EXPECT(path, text, rule, lines_init, want_mask, want_diags)                  \
    do {                                                                           \
        static const int lines_[] = lines_init;                                    \
        unsigned m_;                                                               \
        char *g_ = run(path, text, rule, lines_, &m_, NULL);                       \
        assert_string_equal(g_, want_diags);                                       \
        assert_int_equal(m_, want_mask);                                           \
        free(g_);                                                                  \
    } while (0)
#define L(...) {__VA_ARGS__, 0}

static void test_suppress__hcl_all_comment_forms(void **state)
{
    (void)state;
    const char *tf =
        "resource \"aws_db_instance\" \"a\" {\n"
        "  backup_retention_period = 1 # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason=\"staging\"\n"
        "}\n"
        "resource \"aws_db_instance\" \"b\" {\n"
        "  // krewlint:ignore 6-8 reason=\"rebuilt nightly\" by=sato\n"
        "  backup_retention_period = 2\n"
        "  /* krewlint:ignore KR-6-8-* reason=\"scratch\" until=2025-03-01 */\n"
        "  backup_retention_period = 3\n"
        "  backup_retention_period = 4\n"
        "}\n";
    /* findings on lines 2, 6, 8 are covered by the line forms; 9 too, because
     * the comment at the top inside block b covers the block (Checkov style) */
    EXPECT("main.tf", tf, &rule_rds, L(2, 6, 8, 9), 0xf, "");
}

static void test_suppress__strings_are_not_comments(void **state)
{
    (void)state;
    /* HCL: a string, a string with interpolation and nested quotes, a heredoc */
    EXPECT("main.tf",
           "locals {\n"
           "  a = \"# krewlint:ignore 6-8 reason=x\"\n"
           "  b = \"${lookup(var.m, \"k\")} // krewlint:ignore 6-8 reason=x\"\n"
           "  c = <<-EOT\n"
           "    # krewlint:ignore 6-8 reason=x\n"
           "  EOT\n"
           "  d = 1\n"
           "}\n",
           &rule_rds, L(2, 3, 5, 6, 7), 0, "");
    /* YAML: quoted scalars (one spanning lines), a block scalar, '#' inside a word */
    EXPECT("app.yml",
           "a: \"# krewlint:ignore 6-8 reason=x\"\n"
           "b: 'it''s # krewlint:ignore 6-8 reason=x'\n"
           "c: \"multi\n"
           "  # krewlint:ignore 6-8 reason=x\"\n"
           "d: |\n"
           "  # krewlint:ignore 6-8 reason=x\n"
           "e: x#krewlint:ignore 6-8 reason=x\n"
           "f: 1\n",
           &rule_rds, L(1, 2, 4, 5, 6, 7, 8), 0, "");
    /* JavaScript: strings and a template literal spanning lines */
    EXPECT("app.js",
           "const a = '// krewlint:ignore 6-8 reason=x';\n"
           "const b = \"/* krewlint:ignore 6-8 reason=x */\";\n"
           "const c = `\n"
           "// krewlint:ignore 6-8 reason=x\n"
           "${x}`;\n"
           "f();\n",
           &rule_rds, L(1, 2, 4, 5, 6), 0, "");
    /* Python: a triple-quoted docstring */
    EXPECT("app.py",
           "s = '# krewlint:ignore 6-8 reason=x'\n"
           "\"\"\"\n"
           "# krewlint:ignore 6-8 reason=x\n"
           "\"\"\"\n"
           "x = 1\n",
           &rule_rds, L(1, 3, 4, 5), 0, "");
    /* JSON has no comments at all */
    EXPECT("a.json", "{\"a\": \"# krewlint:ignore 6-8 reason=x\"}\n", &rule_rds, L(1), 0, "");
}

static void test_suppress__each_language(void **state)
{
    (void)state;
    EXPECT("template.yaml",
           "Resources:\n"
           "  Db:\n"
           "    # krewlint:ignore 6-8 reason=\"legacy\"\n"
           "    BackupRetentionPeriod: 1  # krewlint:ignore 6-31 reason=\"n/a\"\n",
           &rule_rds, L(4), 0x1,
           "4:33: suppression-unused: the suppression of 6-31 applies to line 4 and no finding of 6-31 "
           "is there; remove it\n");
    EXPECT("tls.ts",
           "const opts = {\n"
           "  minVersion: 'TLSv1', // krewlint:ignore KR-6-31-NODE-TLS-CODE reason=\"legacy client\"\n"
           "  /* krewlint:ignore 6-31 reason=\"test double\" */\n"
           "  maxVersion: 'TLSv1.1',\n"
           "};\n",
           &rule_tls, L(2, 4), 0x3, "");
    EXPECT("tls.go",
           "cfg := &tls.Config{\n"
           "\t// krewlint:ignore 6-31 reason=\"internal\"\n"
           "\tMinVersion: tls.VersionTLS10,\n"
           "\tName: `raw // krewlint:ignore 6-31 reason=x`,\n"
           "}\n",
           &rule_tls, L(3, 4), 0x1, "");
    EXPECT("tls.py",
           "ctx.minimum_version = ssl.TLSVersion.TLSv1  # krewlint:ignore 6-31 reason='old device'\n",
           &rule_tls, L(1), 0x1, "");
    /* an extensionless node script */
    EXPECT("bin/tool", "#!/usr/bin/env node\nx(); // krewlint:ignore 6-31 reason=cli\n", &rule_tls,
           L(2), 0x1, "");
}

static void test_suppress__next_code_line_and_stacking(void **state)
{
    (void)state;
    EXPECT("main.tf",
           "# krewlint:ignore 6-8 reason=\"a\"\n"
           "\n"
           "# krewlint:ignore 6-31 reason=\"b\"\n"
           "/* a note\n"
           "   on two lines */\n"
           "x = 1\n"
           "y = 2\n",
           &rule_rds, L(6, 7), 0x1,
           "3:3: suppression-unused: the suppression of 6-31 applies to line 6 and no finding of 6-31 "
           "is there; remove it\n");
    /* several targets in one directive */
    EXPECT("main.tf", "x = 1 # krewlint:ignore KR-6-31-NODE-TLS-CODE,6-8 reason=r\n", &rule_rds, L(1),
           0x1, "1:9: suppression-unused: the suppression of KR-6-31-NODE-TLS-CODE applies to line 1 and no "
           "finding of KR-6-31-NODE-TLS-CODE is there; remove it\n");
    /* a directive at the end of the file covers nothing */
    EXPECT("main.tf", "x = 1\n# krewlint:ignore 6-8 reason=r\n", &rule_rds, L(1), 0,
           "2:3: suppression-unused: the suppression of 6-8 applies to no line (no code follows it); "
           "remove it\n");
}

static void test_suppress__hcl_blocks(void **state)
{
    (void)state;
    const char *tf =
        "# krewlint:ignore 6-8 reason=\"tfsec style, above the block\"\n"   /* 1 */
        "resource \"aws_db_instance\" \"a\" {\n"                            /* 2 */
        "  backup_retention_period = 1\n"                                  /* 3 */
        "  tags = { Name = \"}\" }\n"                                       /* 4: a brace in a string */
        "  ingress {\n"                                                    /* 5 */
        "    from_port = 0\n"                                              /* 6 */
        "  }\n"                                                            /* 7 */
        "}\n"                                                              /* 8 */
        "resource \"aws_db_instance\" \"b\" {\n"                            /* 9 */
        "  backup_retention_period = 1\n"                                  /* 10 */
        "}\n";                                                             /* 11 */
    /* the block a (lines 2-8) and nothing after it */
    EXPECT("main.tf", tf, &rule_rds, L(2, 3, 6, 8, 9, 10), 0xf, "");
    /* Checkov style: at the top inside the block; and a trailing comment on the opener */
    EXPECT("main.tf",
           "resource \"aws_db_instance\" \"a\" {\n"                         /* 1 */
           "  # krewlint:ignore 6-8 reason=\"checkov style\"\n"            /* 2 */
           "\n"
           "  backup_retention_period = 1\n"                               /* 4 */
           "  multi_az = false\n"                                          /* 5 */
           "}\n"                                                           /* 6 */
           "resource \"aws_db_instance\" \"b\" { # krewlint:ignore 6-8 reason=\"opener\"\n" /* 7 */
           "  backup_retention_period = 1\n"                               /* 8 */
           "}\n"                                                           /* 9 */
           "resource \"aws_db_instance\" \"c\" {\n"                         /* 10 */
           "  multi_az = false\n"                                          /* 11 */
           "  # krewlint:ignore 6-8 reason=\"mid-block: the next line only\"\n"
           "  backup_retention_period = 1\n"                               /* 13 */
           "  storage_encrypted = false\n"                                 /* 14 */
           "}\n",
           &rule_rds, L(1, 4, 5, 6, 7, 8, 9, 11, 13, 14), 0x17f, "");
    /* above a nested block, at the top of the outer one: the nested block only */
    EXPECT("main.tf",
           "resource \"aws_security_group\" \"a\" {\n"                      /* 1 */
           "  # krewlint:ignore 6-8 reason=\"the rule below\"\n"
           "  ingress {\n"                                                 /* 3 */
           "    cidr_blocks = [\n"                                         /* 4 */
           "      \"0.0.0.0/0\",\n"                                          /* 5 */
           "    ]\n"
           "  }\n"                                                         /* 7 */
           "  egress {}\n"                                                 /* 8 */
           "}\n",
           &rule_rds, L(1, 3, 5, 7, 8), 0xe, "");
    /* an unused block suppression names its lines */
    EXPECT("main.tf",
           "# krewlint:ignore 6-31 reason=r\n"
           "resource \"x\" \"y\" {\n"
           "  a = 1\n"
           "}\n",
           &rule_rds, L(3), 0,
           "1:3: suppression-unused: the suppression of 6-31 applies to lines 2-4 and no finding of 6-31 "
           "is there; remove it\n");
}

static void test_suppress__yaml_blocks(void **state)
{
    (void)state;
    const char *cfn =
        "Resources:\n"                                                     /* 1 */
        "  # krewlint:ignore 6-8 reason=\"above the logical id\"\n"
        "  Db:\n"                                                          /* 3 */
        "    Type: AWS::RDS::DBInstance\n"                                 /* 4 */
        "    Properties:\n"                                                /* 5 */
        "      BackupRetentionPeriod: 1\n"                                 /* 6 */
        "      Tags:\n"                                                    /* 7 */
        "      - Key: a\n"                                                 /* 8: a sequence at its key's indent */
        "        Value: b\n"                                               /* 9 */
        "  Other:\n"                                                       /* 10 */
        "    # krewlint:ignore 6-8 reason=\"checkov style, under the logical id\"\n"
        "    Type: AWS::RDS::DBInstance\n"                                 /* 12 */
        "    Properties:\n"                                                /* 13 */
        "      BackupRetentionPeriod: 1\n"                                 /* 14 */
        "  Third:\n"                                                       /* 15 */
        "    Type: AWS::RDS::DBInstance\n"                                 /* 16 */
        "    Properties:\n"
        "      # krewlint:ignore 6-8 reason=\"one property\"\n"
        "      BackupRetentionPeriod: 1\n"                                 /* 19 */
        "      MultiAZ: false\n";                                          /* 20 */
    EXPECT("template.yaml", cfn, &rule_rds, L(1, 3, 6, 9, 10, 14, 15, 16, 19, 20), 0x13e, "");
    /* a Kubernetes object: above apiVersion covers the whole document, and
     * only it (Helm-style stream with # Source comments) */
    EXPECT("all.yaml",
           "---\n"                                                         /* 1 */
           "# Source: web/templates/a.yaml\n"
           "# krewlint:ignore 6-8 reason=\"whole object\"\n"
           "apiVersion: v1\n"                                              /* 4 */
           "kind: Pod\n"                                                   /* 5 */
           "spec:\n"
           "  containers:\n"
           "  - name: a\n"                                                 /* 8 */
           "---\n"                                                         /* 9 */
           "apiVersion: v1\n"                                              /* 10 */
           "kind: Pod\n"                                                   /* 11 */
           "spec:\n"
           "  containers:\n"
           "  # krewlint:ignore 6-8 reason=\"one container\"\n"
           "  - name: b\n"                                                 /* 15 */
           "    image: x\n"                                                /* 16 */
           "  - name: c\n",                                                /* 17 */
           &rule_rds, L(4, 5, 8, 10, 11, 15, 16, 17), 0x67, "");
    /* a document without kind: (a CloudFormation template) is not one block */
    EXPECT("template.yaml",
           "# krewlint:ignore 6-8 reason=r\n"
           "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources: {}\n",
           &rule_rds, L(2, 3), 0x1, "");
}

static void test_suppress__structured_forms(void **state)
{
    (void)state;
    const char *t =
        "Resources:\n"
        "  Db:\n"
        "    Type: AWS::RDS::DBInstance\n"
        "    Metadata:\n"
        "      krewlint:\n"
        "        ignore:\n"
        "        - {rule: [6-8, KR-6-20-RDS-IN-VPC], reason: staging, by: sato}\n"
        "        - {rule: 6-8, reason: old, until: 2025-01-01}\n"
        "        - {rule: 6-8, why: none}\n"
        "    Properties:\n"
        "      BackupRetentionPeriod: 1\n";
    kr_doc doc;
    kr_diags d;
    kr_diags_init(&d);
    kr_doc_init(&doc, "template.yaml", t, strlen(t));
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_suppressions s;
    kr_suppressions_init(&s);
    kr_suppress_from_doc(&s, &doc, "2025-03-01", &d);
    assert_int_equal(s.len, 2);
    assert_string_equal(s.items[0].target, "6-8");
    assert_string_equal(s.items[1].target, "KR-6-20-RDS-IN-VPC");
    assert_string_equal(s.items[0].by, "sato");
    assert_int_equal(s.items[0].first, 1); /* the logical id's lines, 0-based */
    assert_int_equal(s.items[0].last, 10);
    assert_int_equal(d.len, 2); /* one problem per entry: the unknown field, not also the reason */
    assert_string_equal(d.items[0].code, "suppression-expired");
    assert_string_equal(d.items[1].message, "Metadata krewlint.ignore: unknown field 'why' (fields are rule, "
                                            "reason, until and by)");
    kr_suppressions_dispose(&s);
    kr_doc_dispose(&doc);
    kr_diags_dispose(&d);
}

static void test_suppress__file_and_range(void **state)
{
    (void)state;
    EXPECT("main.tf",
           "# krewlint:ignore-file 6-8 reason=\"sandbox account\"\n"
           "a = 1\n"
           "b = 2\n",
           &rule_rds, L(2, 3), 0x3, "");
    EXPECT("main.tf",
           "a = 1\n"
           "# krewlint:ignore-start 6-8 reason=\"whole resource\"\n"
           "resource \"x\" \"y\" {\n"
           "  b = 2\n"
           "}\n"
           "# krewlint:ignore-end\n"
           "c = 3\n",
           &rule_rds, L(1, 3, 4, 7), 0x6, "");
    /* nested: an end naming a target closes that start */
    EXPECT("main.tf",
           "# krewlint:ignore-start 6-8 reason=\"outer\"\n"
           "# krewlint:ignore-start 6-31 reason=\"inner\"\n"
           "a = 1\n"
           "# krewlint:ignore-end 6-8\n"
           "b = 2\n"
           "# krewlint:ignore-end\n",
           &rule_rds, L(3, 5), 0x1,
           "2:3: suppression-unused: the suppression of 6-31 applies to lines 2-6 and no finding of 6-31 "
           "is there; remove it\n");
    EXPECT("main.tf",
           "# krewlint:ignore-end\n"
           "# krewlint:ignore-start 6-8 reason=\"never closed\"\n"
           "a = 1\n",
           &rule_rds, L(3), 0,
           "1:3: suppression-invalid: krewlint:ignore-end without a matching krewlint:ignore-start\n"
           "2:3: suppression-invalid: krewlint:ignore-start 6-8 has no matching krewlint:ignore-end; it is not applied\n");
}

static void test_suppress__reason_is_required(void **state)
{
    (void)state;
    EXPECT("main.tf",
           "a = 1 # krewlint:ignore 6-8\n"
           "b = 2 # krewlint:ignore 6-8 reason=\"\"\n"
           "c = 3 # krewlint:ignore 6-8 by=sato\n",
           &rule_rds, L(1, 2, 3), 0,
           "1:9: suppression-invalid: krewlint:ignore 6-8 has no reason=\"...\"; a suppression must say why, so it is not applied\n"
           "2:9: suppression-invalid: krewlint:ignore 6-8 has no reason=\"...\"; a suppression must say why, so it is not applied\n"
           "3:9: suppression-invalid: krewlint:ignore 6-8 has no reason=\"...\"; a suppression must say why, so it is not applied\n");
}

static void test_suppress__expiry_uses_the_injected_date(void **state)
{
    (void)state;
    /* today is 2025-03-01: until is the last day it applies */
    EXPECT("main.tf",
           "a = 1 # krewlint:ignore 6-8 reason=\"until the migration\" until=2025-02-28\n"
           "b = 2 # krewlint:ignore 6-8 reason=\"last day\" until=2025-03-01\n"
           "c = 3 # krewlint:ignore 6-8 reason=\"later\" until=2026-01-01\n",
           &rule_rds, L(1, 2, 3), 0x6,
           "1:9: suppression-expired: the suppression of 6-8 expired on 2025-02-28 (reason: \"until the migration\"); it is not applied\n");
    /* the same file on another day */
    kr_suppressions s;
    kr_suppressions_init(&s);
    kr_diags d;
    kr_diags_init(&d);
    const char *t = "c = 3 # krewlint:ignore 6-8 reason=\"later\" until=2026-01-01\n";
    kr_suppress_scan(&s, "main.tf", t, strlen(t), KR_COMMENTS_HCL, "2026-01-02", &d);
    assert_int_equal(s.len, 0);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].code, "suppression-expired");
    kr_diags_dispose(&d);
    kr_suppressions_dispose(&s);
}

static void test_suppress__today_from_environment(void **state)
{
    (void)state;
    char today[11];
    assert_int_equal(setenv("KREWLINT_TODAY", "2024-02-29", 1), 0);
    assert_int_equal(kr_suppress_today(today), 0);
    assert_string_equal(today, "2024-02-29");
    assert_int_equal(setenv("KREWLINT_TODAY", "2023-02-29", 1), 0);
    assert_int_equal(kr_suppress_today(today), -1);
    assert_int_equal(unsetenv("KREWLINT_TODAY"), 0);
    assert_int_equal(kr_suppress_today(today), 0);
    assert_true(kr_suppress_valid_date(today, strlen(today)));
    assert_true(strcmp(today, "2025-01-01") > 0);
    assert_false(kr_suppress_valid_date("2025-13-01", 10));
    assert_false(kr_suppress_valid_date("2025-04-31", 10));
    assert_false(kr_suppress_valid_date("2025-4-30", 9));
    assert_true(kr_suppress_valid_date("2000-02-29", 10));
    assert_false(kr_suppress_valid_date("1900-02-29", 10));
}

static void test_suppress__malformed_directives(void **state)
{
    (void)state;
    EXPECT("main.tf",
           "a = 1 # krewlint:ignore reason=\"no target\"\n"
           "b = 2 # krewlint:ignore kr-6-8 reason=x\n"
           "c = 3 # krewlint:ignore 6-8 reason=x until=2025-02-30\n"
           "d = 4 # krewlint:ignore 6-8 reason=x ticket=JIRA-1\n"
           "e = 5 # krewlint:ignore 6-8 reason=\"open\n"
           "f = 6 # krewlint:ignored 6-8 reason=x\n"
           "g = 7 # krewlint:ignore 6-8 because=x y\n"
           "h = 8 # krewlint:ignore 6-8 reason=a reason=b\n"
           "i = 9 # krewlint: this file is checked by krewlint; notkrewlint:ignore 6-8\n"
           "j = 10 # krewlint:ignore 6-8 reason=x stray\n",
           &rule_rds, L(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0,
           "1:9: suppression-invalid: krewlint:ignore needs a rule id or checksheet item (like krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason=\"...\")\n"
           "2:9: suppression-invalid: krewlint:ignore: 'kr-6-8' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION) nor a checksheet item (like 6-8)\n"
           "3:9: suppression-invalid: krewlint:ignore: until=2025-02-30 is not a date (YYYY-MM-DD)\n"
           "4:9: suppression-invalid: krewlint:ignore: unknown field 'ticket' (fields are reason, until and by)\n"
           "5:9: suppression-invalid: krewlint:ignore: the quoted value of reason= is not closed\n"
           "6:9: suppression-invalid: unknown directive 'krewlint:ignored' (use krewlint:ignore, ignore-file, ignore-start or ignore-end)\n"
           "7:9: suppression-invalid: krewlint:ignore: unknown field 'because' (fields are reason, until and by)\n"
           "7:9: suppression-invalid: krewlint:ignore: unexpected 'y' (fields are reason=\"...\", until=YYYY-MM-DD, by=NAME)\n"
           "8:9: suppression-invalid: krewlint:ignore: field 'reason' is given twice\n"
           "10:10: suppression-invalid: krewlint:ignore: unexpected 'stray' (fields are reason=\"...\", until=YYYY-MM-DD, by=NAME)\n");
}

static bool only_68(const char *rule_id, const char *control, void *payload)
{
    (void)rule_id;
    (*(int *)payload)++;
    return strcmp(control, "6-8") == 0;
}

static void test_suppress__mandatory_is_refused(void **state)
{
    (void)state;
    const char *t = "a = 1 # krewlint:ignore-file 6-8,6-31 reason=\"please\"\nb = 2\n";
    kr_suppressions s;
    kr_suppressions_init(&s);
    kr_diags d;
    kr_diags_init(&d);
    kr_suppress_scan(&s, "main.tf", t, strlen(t), KR_COMMENTS_HCL, "2025-03-01", &d);
    assert_int_equal(s.len, 2);
    kr_findings fs;
    kr_findings_init(&fs);
    const kr_rule *rules[] = {&rule_rds, &rule_rds, &rule_tls};
    for (size_t i = 0; i < 3; i++) {
        kr_finding f;
        memset(&f, 0, sizeof f);
        f.rule = rules[i];
        f.span.start.line = (uint32_t)(i % 2);
        kr_findings_push(&fs, &f);
    }
    int calls = 0;
    kr_suppress_apply(&s, &fs, "main.tf", only_68, &calls, &d);
    kr_suppress_report_unused(&s, "main.tf", &d);
    assert_true(calls >= 3);
    assert_false(fs.items[0].suppressed);
    assert_false(fs.items[1].suppressed);
    assert_true(fs.items[2].suppressed);
    assert_string_equal(fs.items[2].suppress_reason, "please");
    assert_null(fs.items[2].suppress_by);
    assert_int_equal(d.len, 1); /* refused once, and not also "unused" */
    assert_string_equal(d.items[0].code, "suppression-refused");
    assert_int_equal(d.items[0].severity, KR_SEV_ERROR);
    assert_string_equal(d.items[0].message,
                        "KR-6-8-RDS-BACKUP-RETENTION (checksheet 6-8) is mandatory in the configuration: "
                        "inline suppressions are not accepted for it");
    free(fs.items[2].suppress_reason);
    fs.items[2].suppress_reason = NULL;
    kr_findings_dispose(&fs);
    kr_diags_dispose(&d);
    kr_suppressions_dispose(&s);
}

static void test_suppress__fields_are_kept(void **state)
{
    (void)state;
    kr_suppressions s;
    unsigned m;
    static const int lines[] = {1, 0};
    char *g = run("main.tf", "a = 1 # krewlint:ignore 6-8 reason=\"say \\\"why\\\"\" by=sato until=2030-12-31\n",
                  &rule_rds, lines, &m, &s);
    assert_string_equal(g, "");
    assert_int_equal(m, 1);
    assert_int_equal(s.len, 1);
    assert_string_equal(s.items[0].reason, "say \"why\"");
    assert_string_equal(s.items[0].by, "sato");
    assert_string_equal(s.items[0].until, "2030-12-31");
    assert_int_equal(s.items[0].kind, KR_SEL_ITEM);
    assert_int_equal(s.items[0].span.start.col, 8);
    assert_int_equal(s.items[0].span.end.col, 73);
    assert_int_equal(s.items[0].used, 1);
    free(g);
    kr_suppressions_dispose(&s);
}

static void test_suppress__cheap_and_hostile_input(void **state)
{
    (void)state;
    /* no "krewlint:" at all: nothing, whatever the bytes */
    kr_suppressions s;
    kr_suppressions_init(&s);
    kr_diags d;
    kr_diags_init(&d);
    const char bin[] = "\x00\xff\"'`/*#\n\x00krewlint";
    kr_suppress_scan(&s, "x.tf", bin, sizeof bin - 1, KR_COMMENTS_HCL, "2025-01-01", &d);
    assert_int_equal(s.len + d.len, 0);
    /* unterminated everything, deep interpolation, a huge line */
    kr_buf b;
    kr_buf_init(&b, 0);
    for (int i = 0; i < 200; i++) kr_buf_puts(&b, "\"${");
    kr_buf_puts(&b, "\n/* krewlint:ignore 6-8 reason=x");
    for (int i = 0; i < 100000; i++) kr_buf_putc(&b, 'x');
    kr_buf_puts(&b, "\n<<EOF\n# krewlint:ignore 6-8 reason=x\n");
    static const kr_comment_syntax all[] = {KR_COMMENTS_HCL, KR_COMMENTS_C, KR_COMMENTS_PYTHON,
                                            KR_COMMENTS_YAML};
    for (size_t k = 0; k < 4; k++) {
        kr_suppress_scan(&s, "x", b.ptr, b.len, all[k], "2025-01-01", &d);
        kr_suppress_scan(&s, "x", "# krewlint:", 11, all[k], "2025-01-01", &d);
        kr_suppress_scan(&s, "x", "krewlint:ignore", 15, all[k], "2025-01-01", &d);
    }
    kr_buf_dispose(&b);
    kr_diags_dispose(&d);
    kr_suppressions_dispose(&s);
}

static void test_suppress__syntax_for(void **state)
{
    (void)state;
    assert_int_equal(kr_suppress_syntax_for("a/main.TF", NULL, 0), KR_COMMENTS_HCL);
    assert_int_equal(kr_suppress_syntax_for("a.tf.json", NULL, 0), KR_COMMENTS_NONE);
    assert_int_equal(kr_suppress_syntax_for("serverless.yml", NULL, 0), KR_COMMENTS_YAML);
    assert_int_equal(kr_suppress_syntax_for("t.template", NULL, 0), KR_COMMENTS_YAML);
    assert_int_equal(kr_suppress_syntax_for("a.tsx", NULL, 0), KR_COMMENTS_C);
    assert_int_equal(kr_suppress_syntax_for("a.go", NULL, 0), KR_COMMENTS_C);
    assert_int_equal(kr_suppress_syntax_for("a.pyw", NULL, 0), KR_COMMENTS_PYTHON);
    assert_int_equal(kr_suppress_syntax_for("bin/run", "#!/usr/bin/python3\n", 19), KR_COMMENTS_PYTHON);
    assert_int_equal(kr_suppress_syntax_for("bin/run", "#!/bin/sh\n", 10), KR_COMMENTS_NONE);
    assert_int_equal(kr_suppress_syntax_for("README", NULL, 0), KR_COMMENTS_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suppress__hcl_all_comment_forms),
        cmocka_unit_test(test_suppress__strings_are_not_comments),
        cmocka_unit_test(test_suppress__each_language),
        cmocka_unit_test(test_suppress__next_code_line_and_stacking),
        cmocka_unit_test(test_suppress__hcl_blocks),
        cmocka_unit_test(test_suppress__yaml_blocks),
        cmocka_unit_test(test_suppress__structured_forms),
        cmocka_unit_test(test_suppress__file_and_range),
        cmocka_unit_test(test_suppress__reason_is_required),
        cmocka_unit_test(test_suppress__expiry_uses_the_injected_date),
        cmocka_unit_test(test_suppress__today_from_environment),
        cmocka_unit_test(test_suppress__malformed_directives),
        cmocka_unit_test(test_suppress__mandatory_is_refused),
        cmocka_unit_test(test_suppress__fields_are_kept),
        cmocka_unit_test(test_suppress__cheap_and_hostile_input),
        cmocka_unit_test(test_suppress__syntax_for),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
