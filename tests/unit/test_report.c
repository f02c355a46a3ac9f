/* test_report.c - the text and JSON writers on a hand-built result: exact
 * output, escaping of hostile bytes in messages and paths, carets under tabs
 * and wide characters, diagnostics with and without a position, colour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"
#include "util/buf.h"

/* A writable char* from a literal (-Wwrite-strings makes literals const). */
#define S(lit) ((char[]){lit})

static kr_span span(uint32_t l0, uint32_t c0, uint32_t l1, uint32_t c1)
{
    kr_span s = {{l0, c0, 0}, {l1, c1, 0}};
    return s;
}

static kr_rule rule_rds = {
    .id = S("KR-6-8-RDS-BACKUP"),
    .control = S("6-8"),
    .severity = KR_SEV_ERROR,
    .title = {.en = S("RDS backups kept 7 generations"), .ja = S("RDS のバックアップを7世代保持")},
};

static kr_rule rule_tls = {
    .id = S("KR-6-13-TLS"),
    .control = S("6-13"),
    .severity = KR_SEV_WARNING,
    .title = {.en = S("TLS 1.2 or later"), .ja = S("TLS 1.2 以上")},
};

/* Renders with the writer into a string (caller frees). */
static char *render(kr_report_fn fn, const kr_result *res, kr_lang lang, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    kr_report_options opts = {.lang = lang, .color = color, .rules = NULL};
    assert_int_equal(fn(f, res, &opts), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void assert_text(const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "--- want ---\n%s--- got ---\n%s--- end ---\n", want, got);
        fail();
    }
}

static kr_result empty_result(void)
{
    kr_result r;
    memset(&r, 0, sizeof(r));
    return r;
}

/* ---- text ---------------------------------------------------------------- */

static void test_report__text_basic(void **state)
{
    (void)state;
    kr_finding f[] = {
        {.rule = &rule_rds, .file = S("main.tf"), .span = span(2, 28, 2, 29),
         .severity = KR_SEV_ERROR, .message = S("backup_retention_period is 3"),
         .resource = S("aws_db_instance.db"), .snippet = S("  backup_retention_period = 3")},
        /* a tab before the value: copied as a tab; span of 3 bytes */
        {.rule = &rule_tls, .file = S("main.tf"), .span = span(5, 10, 5, 13),
         .severity = KR_SEV_WARNING, .message = S("ssl_policy is old"),
         .snippet = S("\tpolicy = \"x\" # note")},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 2;
    res.files_scanned = 1;
    char *out = render(kr_report_text, &res, KR_LANG_EN, false);
    assert_text(out,
                "main.tf:3:29: error: backup_retention_period is 3 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "  backup_retention_period = 3\n"
                "                            ^\n"
                "main.tf:6:11: warning: ssl_policy is old [KR-6-13-TLS, checksheet 6-13]\n"
                "\tpolicy = \"x\" # note\n"
                "\t         ^~~\n");
    free(out);
}

/* A rule with a remediation: its first line under the finding (a long one
 * cut at a character boundary), then its page; Japanese under --lang ja. */
static void test_report__text_fix_and_page(void **state)
{
    (void)state;
    static char long_fix[400];
    memset(long_fix, 0, sizeof long_fix);
    long_fix[0] = 'x'; /* then 日 x 110: byte 300 falls inside a character */
    for (size_t i = 1; i + 3 <= 331; i += 3) memcpy(long_fix + i, "\xe6\x97\xa5", 3);
    kr_rule fixed = rule_rds;
    fixed.remediation.en = S("Set backup_retention_period to 7 or more.\nSecond line, not shown.");
    fixed.remediation.ja = long_fix;
    kr_finding f[] = {
        {.rule = &fixed, .file = S("main.tf"), .span = span(0, 0, 0, 1), .severity = KR_SEV_ERROR,
         .message = S("m")},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 1;
    res.files_scanned = 1;
    char *out = render(kr_report_text, &res, KR_LANG_EN, false);
    assert_text(out, "main.tf:1:1: error: m [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                     "  fix: Set backup_retention_period to 7 or more....\n"
                     "  see: " KR_REPORT_RULE_DOCS_URI "KR-6-8-RDS-BACKUP.md\n");
    free(out);
    out = render(kr_report_text, &res, KR_LANG_JA, false);
    /* cut back to the character boundary before byte 300: x + 99 characters */
    const char *fix = strstr(out, "  修正: ");
    assert_non_null(fix);
    fix += strlen("  修正: ");
    const char *end = strstr(fix, "...\n");
    assert_non_null(end);
    assert_int_equal(end - fix, 298);
    assert_non_null(strstr(out, "  詳細: " KR_REPORT_RULE_DOCS_URI "KR-6-8-RDS-BACKUP.md#ja\n"));
    free(out);
}

static void test_report__text_caret_edges(void **state)
{
    (void)state;
    kr_finding f[] = {
        /* span continues on the next line: underline to the end of this one */
        {.rule = &rule_rds, .file = S("a.yaml"), .span = span(0, 5, 3, 1),
         .severity = KR_SEV_ERROR, .message = S("m1"), .snippet = S("key: value\r")},
        /* wide characters before the column: two columns each */
        {.rule = &rule_rds, .file = S("b.yaml"), .span = span(0, 8, 0, 9),
         .severity = KR_SEV_ERROR, .message = S("m2"), .snippet = S("名前: x")},
        /* a wide character under the caret: ^ then ~ for its second column */
        {.rule = &rule_rds, .file = S("c.yaml"), .span = span(0, 3, 0, 9),
         .severity = KR_SEV_ERROR, .message = S("m3"), .snippet = S("k: 東京")},
        /* position past the end of the line (end of file) */
        {.rule = &rule_rds, .file = S("d.yaml"), .span = span(0, 5, 0, 5),
         .severity = KR_SEV_ERROR, .message = S("m4"), .snippet = S("abc")},
        /* empty span: one caret; control byte in the line is escaped and
         * the caret still lines up */
        {.rule = &rule_rds, .file = S("e.yaml"), .span = span(0, 3, 0, 3),
         .severity = KR_SEV_ERROR, .message = S("m5"), .snippet = S("a\x01" "bc")},
        /* no snippet: no source or caret lines */
        {.rule = &rule_rds, .file = S("f.yaml"), .span = span(0, 0, 0, 1),
         .severity = KR_SEV_ERROR, .message = S("m6"), .snippet = NULL},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = sizeof(f) / sizeof(f[0]);
    char *out = render(kr_report_text, &res, KR_LANG_EN, false);
    assert_text(out,
                "a.yaml:1:6: error: m1 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "key: value\n"
                "     ^~~~~\n"
                "b.yaml:1:9: error: m2 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "名前: x\n"
                "      ^\n"
                "c.yaml:1:4: error: m3 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "k: 東京\n"
                "   ^~~~\n"
                "d.yaml:1:6: error: m4 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "abc\n"
                "     ^\n"
                "e.yaml:1:4: error: m5 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "a\\x01bc\n"
                "      ^\n"
                "f.yaml:1:1: error: m6 [KR-6-8-RDS-BACKUP, checksheet 6-8]\n");
    free(out);
}

static void test_report__text_unknown_and_escapes(void **state)
{
    (void)state;
    kr_finding f[] = {
        /* an unknown verdict is shown as a note whatever severity it carries */
        {.rule = &rule_rds, .file = S("we\"ird\xfe.tf"), .span = span(0, 0, 0, 3),
         .severity = KR_SEV_ERROR, .unknown = true,
         .message = S("value \"x\"\nnext\x1b[31m\xff end"), .snippet = S("var")},
    };
    kr_diag d[] = {
        {.severity = KR_SEV_ERROR, .file = S("bad.yaml"), .span = span(3, 0, 3, 1), .has_pos = 1,
         .code = S("parse-error"), .message = S("did not find expected key")},
        {.severity = KR_SEV_ERROR, .file = S("missing.tf"), .has_pos = 0,
         .code = S("io-error"), .message = S("No such file or directory")},
        {.severity = KR_SEV_WARNING, .file = S("big.json"), .has_pos = 0,
         .code = NULL, .message = S("tab\there")},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 1;
    res.diags.items = d;
    res.diags.len = 3;
    char *out = render(kr_report_text, &res, KR_LANG_EN, false);
    assert_text(out,
                "we\"ird\\xfe.tf:1:1: note: value \"x\"\\x0anext\\x1b[31m\\xff end "
                "[KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "var\n"
                "^~~\n"
                "bad.yaml:4:1: error: did not find expected key [parse-error]\n"
                "missing.tf: error: No such file or directory [io-error]\n"
                "big.json: warning: tab\there\n");
    free(out);
}

static void test_report__text_color(void **state)
{
    (void)state;
    kr_finding f[] = {
        {.rule = &rule_rds, .file = S("main.tf"), .span = span(0, 2, 0, 4),
         .severity = KR_SEV_ERROR, .message = S("bad"), .snippet = S("a = 1")},
        {.rule = &rule_tls, .file = S("main.tf"), .span = span(1, 0, 1, 1),
         .severity = KR_SEV_WARNING, .message = S("old"), .snippet = NULL},
        {.rule = &rule_tls, .file = S("main.tf"), .span = span(2, 0, 2, 1),
         .severity = KR_SEV_WARNING, .unknown = true, .message = S("unk"), .snippet = NULL},
    };
    kr_diag d[] = {
        {.severity = KR_SEV_ERROR, .file = S("x.tf"), .code = S("io-error"), .message = S("gone")},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 3;
    res.diags.items = d;
    res.diags.len = 1;
    char *out = render(kr_report_text, &res, KR_LANG_EN, true);
    assert_text(out,
                "\033[1mmain.tf:1:3:\033[0m \033[1;31merror:\033[0m bad [KR-6-8-RDS-BACKUP, checksheet 6-8]\n"
                "a = 1\n"
                "  \033[1;32m^~\033[0m\n"
                "\033[1mmain.tf:2:1:\033[0m \033[1;35mwarning:\033[0m old [KR-6-13-TLS, checksheet 6-13]\n"
                "\033[1mmain.tf:3:1:\033[0m \033[1;36mnote:\033[0m unk [KR-6-13-TLS, checksheet 6-13]\n"
                "\033[1mx.tf:\033[0m \033[1;31merror:\033[0m gone [io-error]\n");
    free(out);

    /* the same without colour has no escape at all */
    out = render(kr_report_text, &res, KR_LANG_EN, false);
    assert_null(strchr(out, '\033'));
    free(out);
}

/* A huge line (minified JSON) is shown as a window around the column. */
static void test_report__text_long_line(void **state)
{
    (void)state;
    char line[1001];
    memset(line, 'a', 1000);
    line[1000] = '\0';
    char eline[1001];                     /* 500 x "é" (2 bytes each) */
    for (size_t i = 0; i < 1000; i += 2) {
        eline[i] = (char)0xC3;
        eline[i + 1] = (char)0xA9;
    }
    eline[1000] = '\0';
    kr_finding f[] = {
        {.rule = &rule_rds, .file = S("a.json"), .span = span(0, 900, 0, 903),
         .severity = KR_SEV_ERROR, .message = S("m"), .snippet = line},
        {.rule = &rule_rds, .file = S("a.json"), .span = span(0, 10, 0, 12),
         .severity = KR_SEV_ERROR, .message = S("m"), .snippet = line},
        /* the column falls inside a character: the cut moves back to its start */
        {.rule = &rule_rds, .file = S("e.json"), .span = span(0, 901, 0, 904),
         .severity = KR_SEV_ERROR, .message = S("m"), .snippet = eline},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 3;
    char *out = render(kr_report_text, &res, KR_LANG_EN, false);

    kr_buf want;
    kr_buf_init(&want, 0);
    kr_buf_puts(&want, "a.json:1:901: error: m [KR-6-8-RDS-BACKUP, checksheet 6-8]\n...");
    for (int i = 0; i < 180; i++)
        kr_buf_putc(&want, 'a');
    kr_buf_puts(&want, "\n   ");
    for (int i = 0; i < 80; i++)
        kr_buf_putc(&want, ' ');
    kr_buf_puts(&want, "^~~\n");
    kr_buf_puts(&want, "a.json:1:11: error: m [KR-6-8-RDS-BACKUP, checksheet 6-8]\n");
    kr_buf_put(&want, line, 400);
    kr_buf_puts(&want, "...\n          ^~\n");
    kr_buf_puts(&want, "e.json:1:902: error: m [KR-6-8-RDS-BACKUP, checksheet 6-8]\n...");
    kr_buf_put(&want, eline, 180);
    kr_buf_puts(&want, "\n   ");
    for (int i = 0; i < 40; i++)
        kr_buf_putc(&want, ' ');
    kr_buf_puts(&want, "^~\n");
    assert_text(out, kr_buf_cstr(&want));
    kr_buf_dispose(&want);
    free(out);
}

static void test_report__text_empty(void **state)
{
    (void)state;
    kr_result res = empty_result();
    char *out = render(kr_report_text, &res, KR_LANG_EN, true);
    assert_string_equal(out, "");
    free(out);
}

/* ---- json ---------------------------------------------------------------- */

static void test_report__json_full(void **state)
{
    (void)state;
    kr_finding f[] = {
        {.rule = &rule_rds, .file = S("main.tf"), .span = span(2, 28, 2, 29),
         .severity = KR_SEV_ERROR, .message = S("backup_retention_period is 3"),
         .resource = S("aws_db_instance.db"), .snippet = S("  backup_retention_period = 3")},
        {.rule = &rule_tls, .file = S("p\"a\\th\n\xfe.yml"), .span = span(0, 0, 1, 4),
         .severity = KR_SEV_NOTE, .unknown = true,
         .message = S("q\"uote\nnl\x01 ctl\xff bad \xe6\x9d\xb1"), .resource = NULL,
         .snippet = S("x")},
    };
    kr_diag d[] = {
        {.severity = KR_SEV_ERROR, .file = S("bad.yaml"), .span = span(3, 0, 3, 1), .has_pos = 1,
         .code = S("parse-error"), .message = S("did not find expected key")},
        {.severity = KR_SEV_ERROR, .file = S("missing.tf"), .has_pos = 0,
         .code = S("io-error"), .message = S("No such file or directory")},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 2;
    res.diags.items = d;
    res.diags.len = 2;
    res.files_scanned = 4;
    res.files_skipped = 9;
    char *out = render(kr_report_json, &res, KR_LANG_EN, true);
    assert_text(out,
                "{\n"
                "  \"version\": \"" KREWLINT_VERSION "\",\n"
                "  \"findings\": [\n"
                "    {\n"
                "      \"rule\": \"KR-6-8-RDS-BACKUP\",\n"
                "      \"control\": \"6-8\",\n"
                "      \"severity\": \"error\",\n"
                "      \"verdict\": \"fail\",\n"
                "      \"file\": \"main.tf\",\n"
                "      \"line\": 3,\n"
                "      \"column\": 29,\n"
                "      \"end_line\": 3,\n"
                "      \"end_column\": 30,\n"
                "      \"message\": \"backup_retention_period is 3\",\n"
                "      \"resource\": \"aws_db_instance.db\",\n"
                "      \"title\": \"RDS backups kept 7 generations\"\n"
                "    },\n"
                "    {\n"
                "      \"rule\": \"KR-6-13-TLS\",\n"
                "      \"control\": \"6-13\",\n"
                "      \"severity\": \"note\",\n"
                "      \"verdict\": \"unknown\",\n"
                "      \"file\": \"p\\\"a\\\\th\\n\\ufffd.yml\",\n"
                "      \"file_bytes\": \"p%22a%5Cth%0A%FE.yml\",\n"
                "      \"line\": 1,\n"
                "      \"column\": 1,\n"
                "      \"end_line\": 2,\n"
                "      \"end_column\": 5,\n"
                "      \"message\": \"q\\\"uote\\nnl\\u0001 ctl\\ufffd bad \xe6\x9d\xb1\",\n"
                "      \"title\": \"TLS 1.2 or later\"\n"
                "    }\n"
                "  ],\n"
                "  \"diagnostics\": [\n"
                "    {\n"
                "      \"file\": \"bad.yaml\",\n"
                "      \"line\": 4,\n"
                "      \"column\": 1,\n"
                "      \"severity\": \"error\",\n"
                "      \"code\": \"parse-error\",\n"
                "      \"message\": \"did not find expected key\"\n"
                "    },\n"
                "    {\n"
                "      \"file\": \"missing.tf\",\n"
                "      \"severity\": \"error\",\n"
                "      \"code\": \"io-error\",\n"
                "      \"message\": \"No such file or directory\"\n"
                "    }\n"
                "  ],\n"
                "  \"summary\": {\n"
                "    \"files\": 4,\n"
                "    \"findings\": 2,\n"
                "    \"errors\": 1,\n"
                "    \"warnings\": 0,\n"
                "    \"notes\": 1,\n"
                "    \"unknown\": 1,\n"
                "    \"diagnostics\": 2\n"
                "  }\n"
                "}\n");
    free(out);
}

static void test_report__json_lang_ja(void **state)
{
    (void)state;
    kr_finding f[] = {
        {.rule = &rule_rds, .file = S("db.tf"), .span = span(0, 0, 0, 1),
         .severity = KR_SEV_ERROR, .message = S("保持期間が 3 です"), .snippet = NULL},
    };
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 1;
    res.files_scanned = 1;
    char *out = render(kr_report_json, &res, KR_LANG_JA, false);
    assert_non_null(strstr(out, "      \"message\": \"保持期間が 3 です\",\n"
                                "      \"title\": \"RDS のバックアップを7世代保持\"\n"));
    free(out);
}

static void test_report__json_empty(void **state)
{
    (void)state;
    kr_result res = empty_result();
    char *out = render(kr_report_json, &res, KR_LANG_EN, false);
    assert_text(out,
                "{\n"
                "  \"version\": \"" KREWLINT_VERSION "\",\n"
                "  \"findings\": [],\n"
                "  \"diagnostics\": [],\n"
                "  \"summary\": {\n"
                "    \"files\": 0,\n"
                "    \"findings\": 0,\n"
                "    \"errors\": 0,\n"
                "    \"warnings\": 0,\n"
                "    \"notes\": 0,\n"
                "    \"unknown\": 0,\n"
                "    \"diagnostics\": 0\n"
                "  }\n"
                "}\n");
    free(out);
}

/* ---- table and summary ---------------------------------------------------- */

static void test_report__find(void **state)
{
    (void)state;
    assert_ptr_equal(kr_report_find("text"), kr_report_text);
    assert_ptr_equal(kr_report_find("json"), kr_report_json);
    assert_ptr_equal(kr_report_find("sarif"), kr_report_sarif);
    assert_ptr_equal(kr_report_find("github"), kr_report_github);
    assert_ptr_equal(kr_report_find("junit"), kr_report_junit);
    assert_ptr_equal(kr_report_find("checkstyle"), kr_report_checkstyle);
    assert_null(kr_report_find("JSON"));
    assert_null(kr_report_find("xml"));
    assert_null(kr_report_find(""));
    assert_null(kr_report_find(NULL));
}

static void test_report__summary(void **state)
{
    (void)state;
    kr_finding f[] = {
        {.severity = KR_SEV_ERROR},
        {.severity = KR_SEV_ERROR},
        {.severity = KR_SEV_WARNING},
        {.severity = KR_SEV_NOTE},
        {.severity = KR_SEV_NOTE, .unknown = true},
        {.severity = KR_SEV_ERROR, .unknown = true},
    };
    kr_diag d[3];
    memset(d, 0, sizeof(d));
    kr_result res = empty_result();
    res.findings.items = f;
    res.findings.len = 6;
    res.diags.items = d;
    res.diags.len = 3;
    res.files_scanned = 7;
    kr_summary s;
    kr_summary_compute(&s, &res);
    assert_int_equal(s.errors, 2);
    assert_int_equal(s.warnings, 1);
    assert_int_equal(s.notes, 3);
    assert_int_equal(s.unknown, 2);
    assert_int_equal(s.diagnostics, 3);
    assert_int_equal(s.files, 7);
}

/* A write error is reported, not ignored. */
static void test_report__write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    kr_finding fi[] = {
        {.rule = &rule_rds, .file = S("main.tf"), .span = span(0, 0, 0, 1),
         .severity = KR_SEV_ERROR, .message = S("m"), .snippet = S("x")},
    };
    kr_result res = empty_result();
    res.findings.items = fi;
    res.findings.len = 1;
    kr_report_options opts = {.lang = KR_LANG_EN};
    assert_int_equal(kr_report_text(f, &res, &opts), KR_EIO);
    clearerr(f);
    assert_int_equal(kr_report_json(f, &res, &opts), KR_EIO);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__text_basic),
        cmocka_unit_test(test_report__text_fix_and_page),
        cmocka_unit_test(test_report__text_caret_edges),
        cmocka_unit_test(test_report__text_unknown_and_escapes),
        cmocka_unit_test(test_report__text_color),
        cmocka_unit_test(test_report__text_long_line),
        cmocka_unit_test(test_report__text_empty),
        cmocka_unit_test(test_report__json_full),
        cmocka_unit_test(test_report__json_lang_ja),
        cmocka_unit_test(test_report__json_empty),
        cmocka_unit_test(test_report__find),
        cmocka_unit_test(test_report__summary),
        cmocka_unit_test(test_report__write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
