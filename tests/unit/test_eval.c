/* test_eval.c - the evaluator: findings (position, severity, message) on
 * parsed Terraform / CloudFormation YAML+JSON / Kubernetes / serverless /
 * config / plan documents, the three-valued all/any/not tables on
 * hand-built documents, every op and typed comparison, en/ja messages,
 * sorting, and evaluation from several threads at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval/eval.h"
#include "util/buf.h"
#include "util/fs.h"

#define EVAL_DIR KR_FIXTURE_DIR "/eval/"

static kr_ruleset *load_rules(const char *dir)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {dir};
    int rc = kr_ruleset_load(&rs, dirs, 1, &d);
    if (rc != 0) kr_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
    return rs;
}

/* "file:line:col: severity: RULE: message" per finding, sorted, one per line. */
static char *render(kr_findings *f)
{
    kr_findings_sort(f);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < f->len; i++) {
        const kr_finding *x = &f->items[i];
        kr_buf_printf(&b, "%s:%u:%u: %s: %s: %s\n", x->file, x->span.start.line + 1,
                      x->span.start.col + 1, kr_severity_name(x->severity), x->rule->id,
                      x->message);
        if (x->unknown) assert_int_equal(x->severity, KR_SEV_NOTE);
    }
    char *s = kr_buf_detach(&b);
    return s ? s : kr_xstrdup("");
}

/* Parses fixture `rel` (display path "eval/docs/..."), evaluates, renders. */
static char *eval_file(const kr_ruleset *rs, const char *rel, kr_lang lang, kr_findings *keep)
{
    char full[1024];
    snprintf(full, sizeof full, "%s%s", KR_FIXTURE_DIR "/", rel);
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    assert_int_equal(kr_fs_read(&data, &len, full, &why), 0);
    kr_doc doc;
    kr_doc_init(&doc, rel, data, len);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    assert_int_equal(d.len, 0);
    kr_findings f;
    kr_findings_init(&f);
    kr_eval_options o = {.lang = lang};
    kr_eval_doc(rs, &doc, &o, &f);
    /* findings own their strings: nothing points into the document */
    kr_doc_dispose(&doc);
    free(data);
    char *out = render(&f);
    if (keep)
        kr_findings_take(keep, &f);
    else
        kr_findings_dispose(&f);
    kr_diags_dispose(&d);
    return out;
}

static void expect_file(const kr_ruleset *rs, const char *rel, kr_lang lang, const char *want)
{
    char *got = eval_file(rs, rel, lang, NULL);
    if (strcmp(got, want) != 0) fprintf(stderr, "--- got for %s:\n%s", rel, got);
    assert_string_equal(got, want);
    free(got);
}

static void test_eval__terraform(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    expect_file(rs, "eval/docs/main.tf", KR_LANG_EN,
        "eval/docs/main.tf:6:29: error: KR-6-8-RDS: aws_db_instance.low: backup_retention_period "
        "is 3; needs >= 7\n"
        "eval/docs/main.tf:9:1: error: KR-6-8-RDS: aws_db_instance.absent: backup_retention_period "
        "is absent (default 0); needs >= 7\n"
        "eval/docs/main.tf:14:29: note: KR-6-8-RDS: cannot tell whether \"RDS backups\" holds for "
        "aws_db_instance.var: backup_retention_period is the expression `var.retention`, which "
        "krewlint cannot resolve\n"
        "eval/docs/main.tf:19:16: warning: KR-6-31-LB-TLS: aws_lb_listener.old: ssl_policy is "
        "ELBSecurityPolicy-2016-08, want TLSv1.2\n"
        "eval/docs/main.tf:28:14: warning: KR-6-31-LB-TLS: aws_lb_listener.http: protocol is "
        "HTTP, want HTTPS\n"
        "eval/docs/main.tf:32:3: note: KR-SG-DESC: aws_security_group.open: ingress "
        "description is absent\n"
        "eval/docs/main.tf:35:3: note: KR-SG-DESC: aws_security_group.open: ingress "
        "description is absent\n"
        "eval/docs/main.tf:36:19: error: KR-6-28-SG: aws_security_group.open: "
        "ingress[*].cidr_blocks is [10.1.0.0/16, 0.0.0.0/0]\n"
        "eval/docs/main.tf:41:3: note: KR-SG-DESC: aws_security_group.closed: ingress "
        "description is absent\n"
        "eval/docs/main.tf:47:9: warning: KR-S3-ACL: aws_s3_bucket.pub: acl public-read is one "
        "of public-read, public-read-write\n"
        "eval/docs/main.tf:55:12: note: KR-REGION: cannot tell whether \"Region\" holds for "
        "provider.aws: region is the expression `var.region`, which krewlint cannot resolve\n");

    /* the finding's other fields */
    kr_findings f;
    kr_findings_init(&f);
    char *s = eval_file(rs, "eval/docs/main.tf", KR_LANG_EN, &f);
    free(s);
    assert_int_equal(f.len, 11);
    const kr_finding *x = &f.items[1]; /* absent: the caret is on the block's first line */
    assert_string_equal(x->resource, "aws_db_instance.absent");
    assert_string_equal(x->snippet, "resource \"aws_db_instance\" \"absent\" {");
    assert_int_equal(x->span.start.line, 8);
    assert_int_equal(x->span.end.line, 8);
    assert_int_equal(x->span.end.col, 37);
    assert_false(x->unknown);
    x = &f.items[2];
    assert_true(x->unknown);
    assert_int_equal(x->severity, KR_SEV_NOTE);
    assert_int_equal(x->span.end.col, 41); /* var.retention */
    assert_string_equal(x->snippet, "  backup_retention_period = var.retention");
    assert_string_equal(f.items[10].resource, "provider.aws");
    /* a target `path:` reaching repeated blocks checks each block; absent
     * inside one points at that block's first line */
    assert_string_equal(f.items[6].snippet, "  ingress {");
    assert_false(f.items[6].unknown); /* note by the rule's severity, not unknown */
    assert_int_equal(f.items[6].severity, KR_SEV_NOTE);
    assert_string_equal(f.items[0].rule->id, "KR-6-8-RDS");
    kr_findings_dispose(&f);
    kr_ruleset_free(rs);
}

static void test_eval__terraform_json(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    /* a body may be a list of maps; "${...}" strings are unknown; absent
     * points at the resource's key */
    expect_file(rs, "eval/docs/json.tf.json", KR_LANG_EN,
        "eval/docs/json.tf.json:4:41: error: KR-6-8-RDS: aws_db_instance.j: "
        "backup_retention_period is 2; needs >= 7\n"
        "eval/docs/json.tf.json:5:40: note: KR-6-8-RDS: cannot tell whether \"RDS backups\" holds "
        "for aws_db_instance.k: backup_retention_period is the expression `${var.days}`, which "
        "krewlint cannot resolve\n"
        "eval/docs/json.tf.json:6:7: error: KR-6-8-RDS: aws_db_instance.m: "
        "backup_retention_period is absent (default 0); needs >= 7\n");
    kr_ruleset_free(rs);
}

static void test_eval__terraform_ja(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    char *got = eval_file(rs, "eval/docs/main.tf", KR_LANG_JA, NULL);
    assert_non_null(strstr(got, "eval/docs/main.tf:6:29: error: KR-6-8-RDS: aws_db_instance.low: "
                                "backup_retention_period が 3 です（7 以上）\n"));
    assert_non_null(strstr(got, "eval/docs/main.tf:9:1: error: KR-6-8-RDS: aws_db_instance.absent: "
                                "backup_retention_period が未設定（既定値 0）です（7 以上）\n"));
    assert_non_null(strstr(got, "eval/docs/main.tf:14:29: note: KR-6-8-RDS: aws_db_instance.var "
                                "が「RDS バックアップ」を満たすか判定できません: "
                                "backup_retention_period は式 `var.retention` で、静的に解決できません\n"));
    free(got);
    kr_ruleset_free(rs);
}

static void test_eval__cloudformation(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    expect_file(rs, "eval/docs/template.yaml", KR_LANG_EN,
        "eval/docs/template.yaml:9:30: error: KR-6-8-RDS: Db: BackupRetentionPeriod is 3; needs >= 7\n"
        "eval/docs/template.yaml:13:30: note: KR-6-8-RDS: cannot tell whether \"RDS backups\" holds "
        "for DbRef: BackupRetentionPeriod is the expression `!Ref Days`, which krewlint cannot "
        "resolve\n"
        "eval/docs/template.yaml:14:3: error: KR-6-8-RDS: DbNoProps: BackupRetentionPeriod is "
        "absent (default 1); needs >= 7\n"
        "eval/docs/template.yaml:23:24: error: KR-6-13-LOGS: Logs: RetentionInDays is 30 "
        "(< 12 months)\n");
    expect_file(rs, "eval/docs/template.json", KR_LANG_EN,
        "eval/docs/template.json:6:47: note: KR-6-8-RDS: cannot tell whether \"RDS backups\" holds "
        "for Db: BackupRetentionPeriod is the expression `{\"Ref\": \"Days\"}`, which krewlint "
        "cannot resolve\n"
        "eval/docs/template.json:10:47: error: KR-6-8-RDS: Db2: BackupRetentionPeriod is abc "
        "(not a number); needs >= 7\n");
    char *got = eval_file(rs, "eval/docs/template.json", KR_LANG_JA, NULL);
    assert_non_null(strstr(got, "Db2: BackupRetentionPeriod が abc（数値として読めません）です（7 以上）"));
    free(got);
    kr_ruleset_free(rs);
}

static void test_eval__kubernetes_serverless_config_plan(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    /* target path spec.containers[*]: one finding per container; not/all */
    expect_file(rs, "eval/docs/pod.yaml", KR_LANG_EN,
        "eval/docs/pod.yaml:10:21: warning: KR-K8S-CONTAINER: Pod/web: "
        "securityContext.privileged is true\n"
        "eval/docs/pod.yaml:12:14: warning: KR-K8S-CONTAINER: Pod/web: image is busybox\n");
    /* durations: 30 (days) < 365; a ${} variable is unknown */
    expect_file(rs, "eval/docs/sls/serverless.yml", KR_LANG_EN,
        "eval/docs/sls/serverless.yml:4:11: note: KR-REGION: cannot tell whether \"Region\" holds "
        "for api: provider.region is the expression `${opt:region}`, which krewlint cannot "
        "resolve\n"
        "eval/docs/sls/serverless.yml:5:23: error: KR-6-13-LOGS: api: "
        "provider.logRetentionInDays is 30 (< 365)\n");
    expect_file(rs, "eval/docs/config/app.yml", KR_LANG_EN,
        "eval/docs/config/app.yml:2:8: error: KR-CONFIG-DEBUG: debug is true in \n");
    expect_file(rs, "eval/docs/config/other.yml", KR_LANG_EN, ""); /* default false */
    /* plan: after values, after_unknown, deleted resources skipped */
    expect_file(rs, "eval/docs/plan.json", KR_LANG_EN,
        "eval/docs/plan.json:9:46: error: KR-6-8-RDS: aws_db_instance.a: "
        "backup_retention_period is 1; needs >= 7\n"
        "eval/docs/plan.json:14:18: note: KR-6-8-RDS: cannot tell whether \"RDS backups\" holds "
        "for aws_db_instance.b: backup_retention_period is known only after apply\n");
    kr_ruleset_free(rs);
}

/* ------------------------------------------------- hand-built documents --- */

static kr_span line_span(uint32_t line, uint32_t col, uint32_t len)
{
    kr_span s;
    s.start.line = s.end.line = line;
    s.start.col = col;
    s.end.col = col + len;
    s.start.byte = line * 100 + col;
    s.end.byte = s.start.byte + len;
    return s;
}

/* value kinds for the truth tables */
enum { P, F, U };

static kr_node *value_node(kr_doc *d, int v, uint32_t line)
{
    if (v == U) {
        kr_node *n = kr_node_new(d->arena, KR_NODE_EXPR, line_span(line, 3, 5));
        n->text = kr_arena_strdup(d->arena, "var.x");
        n->text_len = 5;
        return n;
    }
    kr_node *n = kr_node_new_scalar(d->arena, KR_SCALAR_INT, v == P ? "1" : "2", 1,
                                    line_span(line, 3, 1));
    n->v.i = v == P ? 1 : 2;
    return n;
}

static void put(kr_doc *d, kr_node *map, const char *k, kr_node *v)
{
    kr_node *key = kr_node_new_scalar(d->arena, KR_SCALAR_STRING, k, strlen(k),
                                      line_span(v->span.start.line, 0, (uint32_t)strlen(k)));
    kr_node_map_put(d->arena, map, key, v);
}

/* The verdict of rule `id` in f: P (no finding), F, or U. */
static int verdict_of(const kr_findings *f, const char *id)
{
    int v = P;
    for (size_t i = 0; i < f->len; i++) {
        if (strcmp(f->items[i].rule->id, id) != 0) continue;
        assert_int_equal(v, P); /* one finding per rule and target node */
        v = f->items[i].unknown ? U : F;
        assert_int_equal(f->items[i].severity, v == U ? KR_SEV_NOTE : KR_SEV_ERROR);
    }
    return v;
}

static void test_eval__three_valued_tables(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules-logic");
    static const int ALL[3][3] = {{P, F, U}, {F, F, F}, {U, F, U}};
    static const int ANY[3][3] = {{P, P, P}, {P, F, U}, {P, U, U}};
    static const int NOT[3] = {F, P, U};
    for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
            kr_doc doc;
            kr_doc_init(&doc, "logic/table.yml", NULL, 0);
            kr_node *root = kr_node_new(doc.arena, KR_NODE_MAP, line_span(0, 0, 1));
            put(&doc, root, "a", value_node(&doc, a, 0));
            put(&doc, root, "b", value_node(&doc, b, 1));
            kr_doc_add_root(&doc, root, KR_FMT_CONFIG);
            kr_findings f;
            kr_findings_init(&f);
            kr_eval_options o = {.lang = KR_LANG_EN};
            kr_eval_doc(rs, &doc, &o, &f);
            if (verdict_of(&f, "KR-ALL") != ALL[a][b] || verdict_of(&f, "KR-ANY") != ANY[a][b] ||
                verdict_of(&f, "KR-NOT") != NOT[a])
                fail_msg("a=%d b=%d: all %d any %d not %d", a, b, verdict_of(&f, "KR-ALL"),
                         verdict_of(&f, "KR-ANY"), verdict_of(&f, "KR-NOT"));
            /* the witness: all fails at the first failing leaf */
            if (a == P && b == F) {
                kr_findings_sort(&f);
                assert_int_equal(f.len, 2);
                assert_string_equal(f.items[0].rule->id, "KR-NOT"); /* at a, line 0 */
                assert_string_equal(f.items[0].message, "not a=1");
                assert_string_equal(f.items[1].message, "all b=2");
                assert_int_equal(f.items[1].span.start.line, 1);
                assert_int_equal(f.items[1].span.start.col, 3);
                assert_int_equal(f.items[1].span.end.col, 4);
                assert_string_equal(f.items[1].snippet, ""); /* no source bytes */
            }
            if (a == U && b == F) {
                /* any over (unknown, fail): unknown, naming the expression;
                 * sorted by position, then rule id */
                kr_findings_sort(&f);
                assert_int_equal(f.len, 3);
                assert_string_equal(f.items[0].message,
                                    "cannot tell whether \"any\" holds: a is the expression "
                                    "`var.x`, which krewlint cannot resolve");
                assert_string_equal(f.items[1].message,
                                    "cannot tell whether \"not\" holds: a is the expression "
                                    "`var.x`, which krewlint cannot resolve");
                assert_string_equal(f.items[2].message, "all b=2");
                assert_int_equal(f.items[2].severity, KR_SEV_ERROR);
            }
            kr_findings_dispose(&f);
            kr_doc_dispose(&doc);
        }
    }
    kr_ruleset_free(rs);
}

/* Every placeholder; braces that are not a placeholder stay as they are. */
static void test_eval__placeholders(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules-logic");
    for (int v = 0; v < 3; v++) {
        kr_doc doc;
        kr_doc_init(&doc, "logic/expr.yml", NULL, 0);
        kr_node *root = kr_node_new(doc.arena, KR_NODE_MAP, line_span(0, 0, 1));
        if (v != P) put(&doc, root, "a", value_node(&doc, v, 4));
        kr_doc_add_root(&doc, root, KR_FMT_CONFIG);
        kr_findings f;
        kr_findings_init(&f);
        kr_eval_options o = {.lang = KR_LANG_EN};
        kr_eval_doc(rs, &doc, &o, &f);
        assert_int_equal(f.len, 1);
        const char *want[3] = {
            "absent||a|1|absent|{}|{x y}|{",
            "2||a|1|2|{}|{x y}|{",
            /* an unknown verdict has its own words, not the rule's message */
            "cannot tell whether \"placeholders\" holds: a is the expression `var.x`, which "
            "krewlint cannot resolve",
        };
        assert_string_equal(f.items[0].message, want[v]);
        assert_null(f.items[0].resource);
        /* absent: the document root's span */
        assert_int_equal(f.items[0].span.start.line, v == P ? 0 : 4);
        kr_findings_dispose(&f);
        kr_doc_dispose(&doc);
    }
    kr_ruleset_free(rs);
}

/* ---------------------------------------------------------------- ops --- */

static const char OPS_OK[] =
    "name: api-prod-1\n"
    "port: 443\n"
    "ports: [80, 443]\n"
    "tier: gold\n"
    "keep: 13 months\n"
    "keep_days: 365\n"
    "keep_hours: 24\n"
    "tls: TLSv1.2\n"
    "owner: team-a\n"
    "tags:\n"
    "  - {k: y}\n"
    "  - {k: x}\n"
    "items:\n"
    "  - {v: 1}\n"
    "  - {v: 9}\n"
    "maybe: 1\n";

/* OPS_OK with line `from` (a whole line, with its newline) replaced. */
static char *eval_ops(const kr_ruleset *rs, const char *from, const char *to, kr_lang lang)
{
    kr_buf src;
    kr_buf_init(&src, 0);
    const char *hit = strstr(OPS_OK, from);
    assert_non_null(hit);
    kr_buf_put(&src, OPS_OK, (size_t)(hit - OPS_OK));
    kr_buf_puts(&src, to);
    kr_buf_puts(&src, hit + strlen(from));
    char *text = kr_buf_detach(&src);
    kr_doc doc;
    kr_doc_init(&doc, "logic/ops.yml", text, strlen(text));
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_findings f;
    kr_findings_init(&f);
    kr_eval_options o = {.lang = lang};
    kr_eval_doc(rs, &doc, &o, &f);
    char *out = render(&f);
    kr_findings_dispose(&f);
    kr_doc_dispose(&doc);
    kr_diags_dispose(&d);
    free(text);
    return out;
}

static void expect_ops(const kr_ruleset *rs, const char *from, const char *to, const char *want)
{
    char *got = eval_ops(rs, from, to, KR_LANG_EN);
    if (strcmp(got, want) != 0) fprintf(stderr, "--- %s -> %s:\n%s", from, to, got);
    assert_string_equal(got, want);
    free(got);
}

static void test_eval__ops(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules-logic");
    expect_ops(rs, "port: 443\n", "port: 443\n", "");
#define W(line_col, text) "logic/ops.yml:" line_col ": warning: KR-OP: " text "\n"
    /* contains on a string: substring */
    expect_ops(rs, "name: api-prod-1\n", "name: api-dev\n", W("1:7", "name api-dev vs prod"));
    /* matches on a number reads its text */
    expect_ops(rs, "port: 443\n", "port: 4430\n", W("2:7", "port 4430 vs ^(443|8443)$"));
    /* contains on a list: membership, typed */
    expect_ops(rs, "ports: [80, 443]\n", "ports: [80, \"8443\"]\n",
               W("3:8", "ports [80, 8443] vs 443"));
    expect_ops(rs, "ports: [80, 443]\n", "ports: [80, \"443\"]\n", "");
    expect_ops(rs, "tier: gold\n", "tier: bronze\n", W("4:7", "tier bronze vs gold, silver"));
    /* durations: 13 months >= P1Y; 11 months is not; a bare number counts unit */
    expect_ops(rs, "keep: 13 months\n", "keep: 11 months\n", W("5:7", "keep 11 months vs P1Y"));
    expect_ops(rs, "keep: 13 months\n", "keep: 365d\n", "");
    expect_ops(rs, "keep: 13 months\n", "keep: forever\n",
               W("5:7", "keep forever (not a duration) vs P1Y"));
    expect_ops(rs, "keep_days: 365\n", "keep_days: 364\n", W("6:12", "keep_days 364 vs 1 year"));
    expect_ops(rs, "keep_hours: 24\n", "keep_hours: 23\n", W("7:13", "keep_hours 23 vs 24"));
    expect_ops(rs, "keep_hours: 24\n", "keep_hours: 1d\n", "");
    /* tls */
    expect_ops(rs, "tls: TLSv1.2\n", "tls: TLSv1.3\n", "");
    expect_ops(rs, "tls: TLSv1.2\n", "tls: TLSv1.1\n", W("8:6", "tls TLSv1.1 vs 1.2"));
    expect_ops(rs, "tls: TLSv1.2\n", "tls: ELBSecurityPolicy-2016-08\n",
               W("8:6", "tls ELBSecurityPolicy-2016-08 vs 1.2"));
    expect_ops(rs, "tls: TLSv1.2\n", "tls: abc\n", W("8:6", "tls abc (not a TLS version) vs 1.2"));
    /* absent / exists */
    expect_ops(rs, "owner: team-a\n", "owner: team-a\nsecret: s3cr3t\n",
               W("10:9", "secret s3cr3t vs "));
    expect_ops(rs, "owner: team-a\n", "", W("1:1", "owner absent vs "));
    expect_ops(rs, "owner: team-a\n", "owner:\n", W("9:7", "owner absent vs "));
    /* quantifiers: any of the tags, all of the items */
    expect_ops(rs, "  - {k: x}\n", "  - {k: z}\n", W("11:9", "tags[*].k y vs x"));
    expect_ops(rs, "  - {v: 9}\n", "  - {v: 12}\n", W("15:9", "items[*].v 12 vs 10"));
    expect_ops(rs, "  - {v: 9}\n", "  - {w: 9}\n", W("15:5", "items[*].v absent vs 10"));
    /* if_absent: unknown */
    expect_ops(rs, "maybe: 1\n", "",
               "logic/ops.yml:1:1: note: KR-OP: cannot tell whether \"ops\" holds: maybe is not set, "
               "and the rule cannot decide without it\n");
    char *ja = eval_ops(rs, "maybe: 1\n", "", KR_LANG_JA);
    assert_string_equal(ja, "logic/ops.yml:1:1: note: KR-OP: 「ops」を満たすか判定できません: "
                            "maybe が未設定で、判定に必要な値がありません\n");
    free(ja);
#undef W
    kr_ruleset_free(rs);
}

/* ---------------------------------------------------- findings lists --- */

static kr_finding mkf(const kr_rule *r, const char *file, uint32_t line, uint32_t col,
                      const char *msg)
{
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = r;
    f.file = kr_xstrdup(file);
    f.span.start.line = line;
    f.span.start.col = col;
    f.message = kr_xstrdup(msg);
    f.snippet = kr_xstrdup("");
    f.severity = KR_SEV_ERROR;
    return f;
}

static void test_eval__sort_and_take(void **state)
{
    (void)state;
    char ida[] = "KR-A", idb[] = "KR-B";
    kr_rule ra, rb;
    memset(&ra, 0, sizeof ra);
    memset(&rb, 0, sizeof rb);
    ra.id = ida;
    rb.id = idb;
    kr_findings a, b;
    kr_findings_init(&a);
    kr_findings_init(&b);
    kr_finding f;
    f = mkf(&rb, "b.tf", 0, 0, "m");
    kr_findings_push(&a, &f);
    assert_null(f.file); /* ownership moved */
    f = mkf(&rb, "a.tf", 3, 1, "m");
    kr_findings_push(&a, &f);
    f = mkf(&ra, "a.tf", 3, 1, "z");
    kr_findings_push(&b, &f);
    f = mkf(&ra, "a.tf", 3, 1, "y");
    kr_findings_push(&b, &f);
    f = mkf(&rb, "a.tf", 3, 0, "m");
    kr_findings_push(&b, &f);
    f = mkf(&rb, "a.tf", 2, 9, "m");
    kr_findings_push(&b, &f);
    kr_findings_take(&a, &b);
    assert_int_equal(b.len, 0);
    assert_null(b.items);
    assert_int_equal(a.len, 6);
    kr_findings_sort(&a);
    char *s = render(&a);
    assert_string_equal(s, "a.tf:3:10: error: KR-B: m\n"
                           "a.tf:4:1: error: KR-B: m\n"
                           "a.tf:4:2: error: KR-A: y\n"
                           "a.tf:4:2: error: KR-A: z\n"
                           "a.tf:4:2: error: KR-B: m\n"
                           "b.tf:1:1: error: KR-B: m\n");
    free(s);
    kr_findings_dispose(&a);
    kr_findings_dispose(&b);
}

/* ------------------------------------------------------------ threads --- */

typedef struct job {
    const kr_ruleset *rs;
    char *out;
} job;

static void *run_job(void *p)
{
    job *j = p;
    kr_buf b;
    kr_buf_init(&b, 0);
    static const char *const files[] = {"eval/docs/main.tf", "eval/docs/template.yaml",
                                        "eval/docs/pod.yaml", "eval/docs/plan.json"};
    for (int round = 0; round < 5; round++)
        for (size_t i = 0; i < 4; i++) {
            char *s = eval_file(j->rs, files[i], round % 2 ? KR_LANG_JA : KR_LANG_EN, NULL);
            kr_buf_puts(&b, s);
            free(s);
        }
    j->out = kr_buf_detach(&b);
    return NULL;
}

static void test_eval__threads(void **state)
{
    (void)state;
    kr_ruleset *rs = load_rules(EVAL_DIR "rules");
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].rs = rs;
        jobs[i].out = NULL;
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 1; i < 4; i++) assert_string_equal(jobs[i].out, jobs[0].out);
    for (int i = 0; i < 4; i++) free(jobs[i].out);
    kr_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval__terraform),
        cmocka_unit_test(test_eval__terraform_json),
        cmocka_unit_test(test_eval__terraform_ja),
        cmocka_unit_test(test_eval__placeholders),
        cmocka_unit_test(test_eval__cloudformation),
        cmocka_unit_test(test_eval__kubernetes_serverless_config_plan),
        cmocka_unit_test(test_eval__three_valued_tables),
        cmocka_unit_test(test_eval__ops),
        cmocka_unit_test(test_eval__sort_and_take),
        cmocka_unit_test(test_eval__threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
