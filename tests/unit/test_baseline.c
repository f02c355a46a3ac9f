/* test_baseline.c - fingerprints (stable across moves, reformatting and
 * unrelated edits; changed by the offending value), the file format, reading
 * errors, filtering and stale entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "baseline.h"
#include "rules/rule.h"
#include "util/buf.h"

static kr_ruleset *rules;

/* Rules of tests/fixtures/config/rules: KR-6-8-RDS-BACKUP-RETENTION and
 * KR-6-13-LOG-RETENTION. */
static int setup(void **state)
{
    (void)state;
    const char *dirs[] = {KR_FIXTURE_DIR "/config/rules"};
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_ruleset_load(&rules, dirs, 1, &d);
    kr_diags_dispose(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    kr_ruleset_free(rules);
    return 0;
}

/* Frees what kr_findings_dispose may not know about (fields appended to
 * kr_finding), then disposes. */
static void findings_free(kr_findings *fs)
{
    for (size_t i = 0; i < fs->len; i++) {
        kr_finding *f = &fs->items[i];
        free(f->path);
        free(f->actual);
        free(f->suppress_reason);
        free(f->suppress_by);
        free(f->suppress_until);
        f->path = f->actual = f->suppress_reason = f->suppress_by = f->suppress_until = NULL;
    }
    kr_findings_dispose(fs);
}

/* Evaluates `text` as file `path` with the fixture rules. */
static void eval_text(kr_findings *out, const char *path, const char *text)
{
    kr_doc doc;
    kr_doc_init(&doc, path, text, strlen(text));
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_eval_options o = {.lang = KR_LANG_EN};
    kr_findings_init(out);
    kr_eval_doc(rules, &doc, &o, out);
    kr_findings_sort(out);
    kr_diags_dispose(&d);
    kr_doc_dispose(&doc);
}

/* The fingerprints of a file's findings, "fp rule resource\n" each, sorted. */
static char *prints(const char *path, const char *text)
{
    kr_findings fs;
    eval_text(&fs, path, text);
    kr_baseline b;
    kr_baseline_init(&b);
    kr_baseline_build(&b, &fs);
    kr_buf out;
    kr_buf_init(&out, 0);
    for (size_t i = 0; i < b.len; i++)
        kr_buf_printf(&out, "%s %s %s x%zu\n", b.items[i].fingerprint, b.items[i].rule,
                      b.items[i].resource ? b.items[i].resource : "-", b.items[i].count);
    kr_baseline_dispose(&b);
    findings_free(&fs);
    char *s = kr_buf_detach(&out);
    return s ? s : strdup("");
}

static const char *const base_tf =
    "resource \"aws_db_instance\" \"main\" {\n"
    "  engine                  = \"postgres\"\n"
    "  backup_retention_period = 3\n"
    "}\n"
    "\n"
    "resource \"aws_cloudwatch_log_group\" \"app\" {\n"
    "  retention_in_days = 30\n"
    "}\n";

static void test_baseline__fingerprint_survives_edits(void **state)
{
    (void)state;
    char *base = prints("infra/db.tf", base_tf);
    assert_int_equal(strlen(base) > 0, 1);
    assert_non_null(strstr(base, "KR-6-8-RDS-BACKUP-RETENTION aws_db_instance.main x1\n"));
    assert_non_null(strstr(base, "KR-6-13-LOG-RETENTION aws_cloudwatch_log_group.app x1\n"));

    /* moved: the log group first, comments and blank lines added above */
    char *moved = prints("infra/db.tf",
                         "# logs\n"
                         "resource \"aws_cloudwatch_log_group\" \"app\" {\n"
                         "  retention_in_days = 30\n"
                         "}\n\n\n"
                         "resource \"aws_db_instance\" \"main\" {\n"
                         "  backup_retention_period = 3\n"
                         "  engine                  = \"postgres\"\n"
                         "}\n");
    assert_string_equal(moved, base);
    /* reformatted: whitespace and alignment changed */
    char *reformatted = prints("./infra/db.tf",
                               "resource \"aws_db_instance\" \"main\" {\n"
                               "\tengine = \"postgres\"\n"
                               "\tbackup_retention_period    =    3\n"
                               "}\n"
                               "resource \"aws_cloudwatch_log_group\" \"app\" { retention_in_days = 30 }\n");
    assert_string_equal(reformatted, base);
    /* an unrelated resource added, and an unrelated attribute changed */
    char *added = prints("infra/db.tf",
                         "resource \"aws_s3_bucket\" \"b\" { bucket = \"x\" }\n"
                         "resource \"aws_db_instance\" \"main\" {\n"
                         "  engine                  = \"mysql\"\n"
                         "  backup_retention_period = 3\n"
                         "}\n"
                         "resource \"aws_cloudwatch_log_group\" \"app\" {\n"
                         "  retention_in_days = 30\n"
                         "}\n");
    assert_string_equal(added, base);
    free(moved);
    free(reformatted);
    free(added);

    /* the offending value changed: a new fingerprint for that finding only */
    char *changed = prints("infra/db.tf",
                           "resource \"aws_db_instance\" \"main\" {\n"
                           "  engine                  = \"postgres\"\n"
                           "  backup_retention_period = 5\n"
                           "}\n"
                           "resource \"aws_cloudwatch_log_group\" \"app\" {\n"
                           "  retention_in_days = 30\n"
                           "}\n");
    assert_string_not_equal(changed, base);
    const char *log_line = strstr(base, "KR-6-13") - 17; /* "fingerprint " first */
    char log_entry[256];
    size_t ll = (size_t)(strchr(log_line, '\n') - log_line) + 1;
    assert_true(ll < sizeof log_entry);
    memcpy(log_entry, log_line, ll);
    log_entry[ll] = '\0';
    assert_non_null(strstr(changed, log_entry));
    const char *rds_line = strstr(base, "KR-6-8");
    char rds_fp[17];
    memcpy(rds_fp, rds_line - 17, 16);
    rds_fp[16] = '\0';
    assert_null(strstr(changed, rds_fp));
    free(changed);

    /* the resource renamed, or the file moved: new fingerprints */
    char *renamed = prints("infra/db2.tf", base_tf);
    assert_string_not_equal(renamed, base);
    free(renamed);
    free(base);
}

/* Replaces *slot with a copy of v (NULL: none). */
static void set(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? strdup(v) : NULL;
}

static void test_baseline__fingerprint_inputs(void **state)
{
    (void)state;
    const kr_rule *r = kr_ruleset_find(rules, "KR-6-8-RDS-BACKUP-RETENTION");
    char a[17], b[17];
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = r;
    set(&f.file, "db.tf");
    set(&f.resource, "aws_db_instance.main");
    set(&f.path, "ingress[0].cidr_blocks");
    set(&f.actual, "  [\"0.0.0.0/0\",\n    \"10.0.0.0/8\"]  ");
    kr_baseline_fingerprint(a, &f);
    assert_int_equal(strlen(a), 16);
    /* index, position and whitespace do not matter */
    set(&f.path, "ingress[3].cidr_blocks");
    set(&f.actual, "[\"0.0.0.0/0\", \"10.0.0.0/8\"]");
    f.span.start.line = 99;
    set(&f.file, "./db.tf");
    kr_baseline_fingerprint(b, &f);
    assert_string_equal(a, b);
    /* the value, the path, the resource and the rule do */
    set(&f.actual, "[\"0.0.0.0/0\"]");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(a, b);
    set(&f.actual, NULL);
    char absent[17];
    kr_baseline_fingerprint(absent, &f);
    assert_string_not_equal(a, absent);
    set(&f.actual, "");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(absent, b); /* absent is not the empty string */
    set(&f.actual, "[\"0.0.0.0/0\", \"10.0.0.0/8\"]");
    set(&f.path, "egress[0].cidr_blocks");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(a, b);
    set(&f.path, "ingress[0].cidr_blocks");
    set(&f.resource, "aws_db_instance.other");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(a, b);
    set(&f.resource, "aws_db_instance.main");
    f.rule = kr_ruleset_find(rules, "KR-6-13-LOG-RETENTION");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(a, b);
    /* field boundaries: ("ab","c") is not ("a","bc") */
    set(&f.resource, "ab");
    set(&f.path, "c");
    kr_baseline_fingerprint(a, &f);
    set(&f.resource, "a");
    set(&f.path, "bc");
    kr_baseline_fingerprint(b, &f);
    assert_string_not_equal(a, b);
    free(f.file);
    free(f.resource);
    free(f.path);
    free(f.actual);
}

static void test_baseline__write_read_filter_round_trip(void **state)
{
    (void)state;
    kr_findings fs;
    eval_text(&fs, "infra/db.tf", base_tf);
    assert_int_equal(fs.len, 2);
    kr_baseline b;
    kr_baseline_init(&b);
    kr_baseline_build(&b, &fs);
    findings_free(&fs);
    kr_buf text;
    kr_buf_init(&text, 0);
    kr_baseline_write(&b, &text);
    char fp0[17], fp1[17];
    memcpy(fp0, b.items[0].fingerprint, 17);
    memcpy(fp1, b.items[1].fingerprint, 17);
    char want[1024];
    snprintf(want, sizeof want,
             "{\n  \"version\": 1,\n  \"generator\": \"krewlint\",\n  \"entries\": [\n"
             "    {\"fingerprint\": \"%s\", \"rule\": \"KR-6-13-LOG-RETENTION\", \"file\": \"infra/db.tf\", "
             "\"resource\": \"aws_cloudwatch_log_group.app\", \"count\": 1},\n"
             "    {\"fingerprint\": \"%s\", \"rule\": \"KR-6-8-RDS-BACKUP-RETENTION\", \"file\": \"infra/db.tf\", "
             "\"resource\": \"aws_db_instance.main\", \"count\": 1}\n  ]\n}\n",
             fp0, fp1);
    assert_string_equal(kr_buf_cstr(&text), want);

    /* save and load through a file */
    char path[] = "/tmp/krbaseXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_baseline_save(&b, path, &d), 0);
    kr_baseline back;
    kr_baseline_init(&back);
    assert_int_equal(kr_baseline_load(&back, path, &d), 0);
    assert_int_equal(d.len, 0);
    assert_int_equal(back.len, 2);
    assert_string_equal(back.items[1].fingerprint, fp1);
    assert_string_equal(back.items[1].resource, "aws_db_instance.main");
    assert_int_equal(back.items[1].span.start.line, 5);
    kr_buf again;
    kr_buf_init(&again, 0);
    kr_baseline_write(&back, &again);
    assert_string_equal(kr_buf_cstr(&again), kr_buf_cstr(&text)); /* stable */
    unlink(path);

    /* the value fixed on one, a new finding elsewhere: only the new one stays,
     * and the fixed one's entry is stale */
    eval_text(&fs, "infra/db.tf",
              "resource \"aws_db_instance\" \"main\" {\n"
              "  backup_retention_period = 3\n"
              "}\n"
              "resource \"aws_cloudwatch_log_group\" \"app\" {\n"
              "  retention_in_days = 400\n"
              "}\n"
              "resource \"aws_db_instance\" \"new\" {\n"
              "  backup_retention_period = 1\n"
              "}\n");
    assert_int_equal(fs.len, 2);
    assert_int_equal(kr_baseline_filter(&back, &fs), 1);
    assert_int_equal(fs.len, 1);
    assert_string_equal(fs.items[0].resource, "aws_db_instance.new");
    const kr_baseline_entry **stale = NULL;
    assert_int_equal(kr_baseline_unmatched(&back, &stale), 1);
    assert_string_equal(stale[0]->rule, "KR-6-13-LOG-RETENTION");
    free(stale);
    findings_free(&fs);

    kr_buf_dispose(&text);
    kr_buf_dispose(&again);
    kr_baseline_dispose(&back);
    kr_baseline_dispose(&b);
    kr_diags_dispose(&d);
}

static void test_baseline__counts_identical_findings(void **state)
{
    (void)state;
    const kr_rule *r = kr_ruleset_find(rules, "KR-6-8-RDS-BACKUP-RETENTION");
    kr_findings fs;
    kr_findings_init(&fs);
    for (int i = 0; i < 3; i++) {
        kr_finding f;
        memset(&f, 0, sizeof f);
        f.rule = r;
        f.file = strdup("a.tf");
        f.actual = strdup("1");
        f.span.start.line = (uint32_t)i;
        kr_findings_push(&fs, &f);
    }
    fs.items[2].suppressed = true; /* suppressed: not baselined, not filtered */
    kr_baseline b;
    kr_baseline_init(&b);
    kr_baseline_build(&b, &fs);
    assert_int_equal(b.len, 1);
    assert_int_equal(b.items[0].count, 2);
    assert_null(b.items[0].resource);
    /* a third unsuppressed one is new */
    fs.items[2].suppressed = false;
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = r;
    f.file = strdup("a.tf");
    f.actual = strdup("1");
    kr_findings_push(&fs, &f);
    fs.items[3].suppressed = true;
    assert_int_equal(kr_baseline_filter(&b, &fs), 2);
    assert_int_equal(fs.len, 2);
    assert_false(fs.items[0].suppressed);
    assert_true(fs.items[1].suppressed);
    assert_int_equal(b.items[0].matched, 2);
    findings_free(&fs);
    kr_baseline_dispose(&b);
}

static char *parse_errors(const char *text)
{
    kr_baseline b;
    kr_baseline_init(&b);
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_baseline_parse(&b, "base.json", text, strlen(text), &d);
    kr_buf out;
    kr_buf_init(&out, 0);
    kr_buf_printf(&out, "rc=%d\n", rc);
    for (size_t i = 0; i < d.len; i++) {
        if (d.items[i].has_pos)
            kr_buf_printf(&out, "%u:%u: ", (unsigned)d.items[i].span.start.line + 1,
                          (unsigned)d.items[i].span.start.col + 1);
        kr_buf_printf(&out, "%s\n", d.items[i].message);
    }
    kr_diags_dispose(&d);
    kr_baseline_dispose(&b);
    return kr_buf_detach(&out);
}

#define EXPECT_ERRORS(text, want)            \
    do {                                     \
        char *g_ = parse_errors(text);       \
        assert_string_equal(g_, want);       \
        free(g_);                            \
    } while (0)

static void test_baseline__read_errors(void **state)
{
    (void)state;
    EXPECT_ERRORS("", "rc=-6\nthe baseline is empty\n");
    EXPECT_ERRORS("[1]", "rc=-6\n1:1: the baseline must be a JSON object, not an array\n");
    EXPECT_ERRORS("{\"version\": 1, \"entries\": [}",
                  "rc=-6\n1:28: JSON: did not find expected node content (while parsing a flow node at line 1 column 28)\n");
    EXPECT_ERRORS("{\"entries\": []}", "rc=-6\n1:1: the baseline has no 'version'\n");
    EXPECT_ERRORS("{\"version\": 2, \"entries\": 5}",
                  "rc=-6\n1:13: unsupported baseline version 2 (this krewlint reads version 1)\n");
    EXPECT_ERRORS("{\"version\": 1, \"extra\": 1, \"generator\": 3}",
                  "rc=-6\n1:16: unknown key 'extra' in the baseline\n"
                  "1:41: 'generator' must be a string, not a number\n"
                  "1:1: the baseline has no 'entries'\n");
    EXPECT_ERRORS("{\"version\": 1, \"entries\": {}}", "rc=-6\n1:27: 'entries' must be an array, not an object\n");
    EXPECT_ERRORS("{\"version\": 1, \"entries\": [\n"
                  "  3,\n"
                  "  {\"fingerprint\": \"ABCDEF0123456789\", \"rule\": 1, \"resource\": [], \"count\": 0, \"line\": 4},\n"
                  "  {},\n"
                  "  {\"fingerprint\": \"0123456789abcdef\", \"rule\": \"R\", \"file\": \"f\"},\n"
                  "  {\"fingerprint\": \"0123456789abcdef\", \"rule\": \"R\", \"file\": \"g\", \"count\": 2}\n"
                  "]}\n",
                  "rc=-6\n"
                  "2:3: a baseline entry must be an object, not a number\n"
                  "3:78: unknown key 'line' in a baseline entry\n"
                  "3:19: fingerprint must be 16 lowercase hex digits, not 'ABCDEF0123456789'\n"
                  "3:47: 'rule' must be a string, not a number\n"
                  "3:3: a baseline entry has no 'file'\n"
                  "3:62: 'resource' must be a string or null, not an array\n"
                  "3:75: 'count' must be a positive integer, not '0'\n"
                  "4:3: a baseline entry has no 'fingerprint'\n"
                  "4:3: a baseline entry has no 'rule'\n"
                  "4:3: a baseline entry has no 'file'\n"
                  "6:19: duplicate fingerprint '0123456789abcdef' (first at line 5)\n");
    EXPECT_ERRORS("{\"version\": 1, \"version\": 1, \"entries\": []}",
                  "rc=-6\n1:16: duplicate key \"version\" (first at line 1 column 2); the first value is used\n");
    EXPECT_ERRORS("{\"version\": 1, \"entries\": []}", "rc=0\n");
    kr_baseline b;
    kr_baseline_init(&b);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_baseline_load(&b, "/nonexistent/base.json", &d), KR_EIO);
    assert_string_equal(d.items[0].message, "cannot read the baseline: No such file or directory");
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline__fingerprint_survives_edits),
        cmocka_unit_test(test_baseline__fingerprint_inputs),
        cmocka_unit_test(test_baseline__write_read_filter_round_trip),
        cmocka_unit_test(test_baseline__counts_identical_findings),
        cmocka_unit_test(test_baseline__read_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
