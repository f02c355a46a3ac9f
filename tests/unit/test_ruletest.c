/* test_ruletest.c - `krewlint test` (src/ruletest.c): the exact report of
 * small rule packs in tests/fixtures/ruletest/ (passing, a missing
 * expectation, an unexpected finding, missing compliant/violating fixtures
 * per format, a folder for an unknown rule, JSON fixtures with .expect
 * sidecars and scoping, catalog checks, a control not in the catalog), the
 * expectation-mark reader case by case, --list-controls, and the seed's items
 * against the bundled catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "diag.h"
#include "rules/rule.h"
#include "ruletest.h"
#include "util/buf.h"

#define PACKS KR_FIXTURE_DIR "/ruletest/"

/* Runs a pack; returns its text report (caller frees); *rc gets the result. */
static char *run_pack(const char *name, int *rc, bool *ok)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s%s", PACKS, name);
    kr_ruletest_result r;
    kr_ruletest_result_init(&r);
    kr_diags d;
    kr_diags_init(&d);
    kr_ruletest_options o = {.jobs = 2, .lang = KR_LANG_EN};
    *rc = kr_ruletest_run(&r, dir, &o, &d);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_ruletest_format_text(&b, &r);
    if (ok)
        *ok = kr_ruletest_ok(&r);
    kr_ruletest_result_dispose(&r);
    kr_diags_dispose(&d);
    char *s = kr_buf_detach(&b);
    return s ? s : calloc(1, 1);
}

static void expect_report(const char *pack, const char *want, bool want_ok)
{
    int rc = -99;
    bool ok = !want_ok;
    char *got = run_pack(pack, &rc, &ok);
    assert_int_equal(rc, 0);
    assert_string_equal(got, want);
    assert_int_equal(ok, want_ok);
    free(got);
}

static void test_ruletest__pass(void **state)
{
    (void)state;
    expect_report("pass", "PASS KR-T-QUEUE (2 fixtures)\n"
                          "1 rules, 1 passed, 0 failed\n", true);
}

static void test_ruletest__missing_expectation(void **state)
{
    (void)state;
    expect_report("missing", "FAIL KR-T-QUEUE (2 fixtures)\n"
                             "  missing: bad.tf:7 KR-T-QUEUE\n"
                             "1 rules, 0 passed, 1 failed\n", false);
}

static void test_ruletest__unexpected_finding(void **state)
{
    (void)state;
    expect_report("unexpected",
                  "FAIL KR-T-QUEUE (2 fixtures)\n"
                  "  unexpected: good.tf:6 KR-T-QUEUE (error: sqs_managed_sse_enabled is false)\n"
                  "1 rules, 0 passed, 1 failed\n", false);
}

/* No compliant terraform fixture; a source rule for javascript and python
 * with javascript fixtures only; a sidecar whose fixture is gone. */
static void test_ruletest__coverage(void **state)
{
    (void)state;
    expect_report("coverage", "FAIL KR-T-EVAL (2 fixtures)\n"
                              "  no violating fixture for python\n"
                              "  no compliant fixture for python\n"
                              "FAIL KR-T-QUEUE (1 fixtures)\n"
                              "  gone.json.expect: there is no fixture gone.json for it\n"
                              "  no compliant fixture for terraform\n"
                              "2 rules, 0 passed, 2 failed\n", false);
}

static void test_ruletest__folders(void **state)
{
    (void)state;
    expect_report("folders", "FAIL KR-T-OTHER (0 fixtures)\n"
                             "  no fixture folder tests/kr-t-other/\n"
                             "PASS KR-T-QUEUE (2 fixtures)\n"
                             "FAIL tests/kr-t-nope/: names no rule of the pack (KR-T-NOPE)\n"
                             "2 rules, 1 passed, 1 failed; 1 other problems\n", false);
}

/* bad.json of KR-T-CFN-QUEUE also has a KR-T-CFN-NAMED finding (line 11):
 * out of scope there, since neither the folder nor an expectation names it. */
static void test_ruletest__json_sidecar(void **state)
{
    (void)state;
    expect_report("json-expect", "PASS KR-T-CFN-NAMED (2 fixtures)\n"
                                 "PASS KR-T-CFN-QUEUE (2 fixtures)\n"
                                 "2 rules, 2 passed, 0 failed\n", true);
}

static void test_ruletest__catalog(void **state)
{
    (void)state;
    expect_report("catalog", "FAIL KR-T-QUEUE (2 fixtures)\n"
                             "  catalog.tsv:3: item 6-24 does not list KR-T-QUEUE in its rules\n"
                             "FAIL catalog.tsv:3: item 6-24 lists KR-T-GONE, which is not a rule of the pack\n"
                             "1 rules, 0 passed, 1 failed; 1 other problems\n", false);
}

/* The loader refuses a rule whose control is not an item of the pack's
 * catalog; `krewlint test` then reports it and tests nothing. */
static void test_ruletest__control_not_in_catalog(void **state)
{
    (void)state;
    kr_ruletest_result r;
    kr_ruletest_result_init(&r);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruletest_run(&r, PACKS "bad-control/", NULL, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].file, PACKS "bad-control/queue.yml");
    assert_int_equal(d.items[0].has_pos, 1);
    assert_int_equal(d.items[0].span.start.line, 2);
    assert_int_equal(d.items[0].span.start.col, 9);
    assert_string_equal(d.items[0].message, "control '9-99' is not an item of the checksheet catalog");
    assert_string_equal(r.dir, PACKS "bad-control");
    assert_int_equal(r.nrules, 0);
    kr_ruletest_result_dispose(&r);
    kr_diags_dispose(&d);

    /* the loader alone says the same */
    kr_ruleset *rules = NULL;
    kr_diags_init(&d);
    const char *dirs[] = {PACKS "bad-control"};
    assert_int_equal(kr_ruleset_load(&rules, dirs, 1, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].message, "control '9-99' is not an item of the checksheet catalog");
    kr_ruleset_free(rules);
    kr_diags_dispose(&d);
}

static void test_ruletest__not_a_folder(void **state)
{
    (void)state;
    kr_ruletest_result r;
    kr_ruletest_result_init(&r);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruletest_run(&r, PACKS "no-such-pack", NULL, &d), KR_EIO);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].message, "not a rules folder");
    kr_ruletest_result_dispose(&r);
    kr_diags_dispose(&d);
}

static void test_ruletest__json_report(void **state)
{
    (void)state;
    kr_ruletest_result r;
    kr_ruletest_result_init(&r);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruletest_run(&r, PACKS "missing", NULL, &d), 0);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_ruletest_format_json(&b, &r);
    assert_string_equal(kr_buf_cstr(&b),
        "{\"dir\":\"" PACKS "missing\",\"rules\":[{\"id\":\"KR-T-QUEUE\",\"status\":\"fail\","
        "\"fixtures\":2,\"problems\":[{\"kind\":\"missing\",\"file\":\"bad.tf\",\"line\":7,"
        "\"column\":0,\"rule\":\"KR-T-QUEUE\",\"message\":null,"
        "\"text\":\"missing: bad.tf:7 KR-T-QUEUE\"}]}],\"other\":[],"
        "\"summary\":{\"rules\":1,\"passed\":0,\"failed\":1,\"other\":0}}");
    kr_buf_dispose(&b);
    kr_ruletest_result_dispose(&r);
    kr_diags_dispose(&d);
}

/* ---- expectation marks ---- */

/* "LINE RULE;..." of the expectations, then "!error" per error. */
static char *marks(const char *text)
{
    kr_ruletest_expects ex = {0};
    kr_ruletest_parse_marks(&ex, "f.tf", text, strlen(text));
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < ex.len; i++)
        kr_buf_printf(&b, "%u %s;", (unsigned)ex.items[i].line, ex.items[i].rule);
    for (size_t i = 0; i < ex.nerrors; i++)
        kr_buf_printf(&b, "!%s", ex.errors[i]);
    kr_ruletest_expects_dispose(&ex);
    char *s = kr_buf_detach(&b);
    return s ? s : calloc(1, 1);
}

#define assert_marks(text, want)            \
    do {                                    \
        char *got_ = marks(text);           \
        assert_string_equal(got_, want);    \
        free(got_);                         \
    } while (0)

static void test_ruletest__marks(void **state)
{
    (void)state;
    /* on a line with code: that line; several ids, duplicates once */
    assert_marks("a = 1\nb = 2 # krewlint-expect: KR-A, KR-B,KR-A\n", "2 KR-A;2 KR-B;");
    /* alone on a line: the next line that is not only a comment */
    assert_marks("# krewlint-expect: A\n// plain\n/* krewlint-expect: B */\ncode\n", "4 A;4 B;");
    /* a blank line is not a comment: it takes the mark */
    assert_marks("# krewlint-expect: A\n\ncode\n", "2 A;");
    /* split at '\n': a final newline leaves an empty last line that takes it */
    assert_marks("code\n# krewlint-expect: A\n", "3 A;");
    assert_marks("code\n# krewlint-expect: A",
                 "!f.tf: krewlint-expect at the end of the file names no line");
    /* greedy: the last keyword followed by an id wins, else an earlier one */
    assert_marks("x # krewlint-expect: A # krewlint-expect: B\n", "1 B;");
    assert_marks("x # krewlint-expect: C # krewlint-expect: lower\n", "1 C;");
    assert_marks("x # krewlint-expect: lower\n", "");
    /* ids are [A-Z0-9-]+: a dot ends the list */
    assert_marks("x // krewlint-expect:KR-A.b, KR-B\n", "1 KR-A;");
    /* no comment opener before the keyword: no mark */
    assert_marks("krewlint-expect: A # x\n", "");
    /* CRLF; '\r' ends the `.*` between the opener and the keyword */
    assert_marks("# krewlint-expect: A\r\ncode\r\n", "2 A;");
    assert_marks("x # a\r krewlint-expect: A\n", "");
    /* a byte order mark is whitespace before the comment */
    assert_marks("\xEF\xBB\xBF# krewlint-expect: A\ncode", "2 A;");
}

static void test_ruletest__sidecar(void **state)
{
    (void)state;
    const char *text = "# comment\n\n 3 KR-A \n3\tKR-B\nx KR-C\n4 kr-d\n007 KR-E";
    kr_ruletest_expects ex = {0};
    kr_ruletest_parse_sidecar(&ex, "f.json.expect", text, strlen(text));
    assert_int_equal(ex.len, 3);
    assert_int_equal(ex.items[0].line, 3);
    assert_string_equal(ex.items[0].rule, "KR-A");
    assert_int_equal(ex.items[1].line, 3);
    assert_string_equal(ex.items[1].rule, "KR-B");
    assert_int_equal(ex.items[2].line, 7);
    assert_string_equal(ex.items[2].rule, "KR-E");
    assert_int_equal(ex.nerrors, 2);
    assert_string_equal(ex.errors[0], "f.json.expect:5: cannot read \"x KR-C\" (want \"LINE RULE-ID\")");
    assert_string_equal(ex.errors[1], "f.json.expect:6: cannot read \"4 kr-d\" (want \"LINE RULE-ID\")");
    kr_ruletest_expects_dispose(&ex);
}

/* ---- --list-controls ---- */

static void test_ruletest__list_controls(void **state)
{
    (void)state;
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_load(&cat, PACKS "catalog/catalog.tsv", &d), 0);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_ruletest_list_controls(&b, &cat, KR_LANG_EN);
    assert_string_equal(kr_buf_cstr(&b), "6-8\tattestation\tBackups are taken.\t\n"
                                         "6-24\tautomated\tStored data is protected.\tKR-T-GONE\n"
                                         "10-2\tnot-applicable\tThe data location is stated.\t\n");
    kr_buf_clear(&b);
    kr_ruletest_list_controls(&b, &cat, KR_LANG_JA);
    assert_string_equal(kr_buf_cstr(&b), "6-8\t証跡\tバックアップを取得すること。\t\n"
                                         "6-24\t自動\t保存データを保護すること。\tKR-T-GONE\n"
                                         "10-2\t対象外\tデータの保存場所を明示すること。\t\n");
    assert_string_equal(kr_ruletest_coverage_word(KR_COV_PARTIAL, KR_LANG_JA), "一部");
    assert_string_equal(kr_ruletest_coverage_word(KR_COV_PARTIAL, KR_LANG_EN), "partial");
    kr_buf_dispose(&b);
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
}

/* Every item of the seed checksheet (../shared/seed/items.tsv, first column)
 * is in the bundled catalog. Skipped with a notice when the seed is absent. */
static void test_ruletest__seed_items_in_catalog(void **state)
{
    (void)state;
    const char *seed = KR_SOURCE_DIR "/../shared/seed/items.tsv";
    if (access(seed, R_OK) != 0) {
        printf("NOTICE: %s not found; the seed check is skipped\n", seed);
        skip();
    }
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_load(&cat, KR_SOURCE_DIR "/rules/catalog.tsv", &d), 0);
    FILE *f = fopen(seed, "r");
    assert_non_null(f);
    char line[65536];
    size_t items = 0;
    kr_buf missing;
    kr_buf_init(&missing, 0);
    bool header = true;
    while (fgets(line, sizeof(line), f)) {
        size_t n = strcspn(line, "\t\r\n");
        line[n] = '\0';
        if (header || n == 0) {
            header = false;
            continue;
        }
        items++;
        if (!kr_catalog_find(&cat, line))
            kr_buf_printf(&missing, "%s ", line);
    }
    fclose(f);
    assert_int_equal(items, 71);
    assert_string_equal(kr_buf_cstr(&missing), ""); /* seed items missing from the catalog */
    kr_buf_dispose(&missing);
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruletest__pass),
        cmocka_unit_test(test_ruletest__missing_expectation),
        cmocka_unit_test(test_ruletest__unexpected_finding),
        cmocka_unit_test(test_ruletest__coverage),
        cmocka_unit_test(test_ruletest__folders),
        cmocka_unit_test(test_ruletest__json_sidecar),
        cmocka_unit_test(test_ruletest__catalog),
        cmocka_unit_test(test_ruletest__control_not_in_catalog),
        cmocka_unit_test(test_ruletest__not_a_folder),
        cmocka_unit_test(test_ruletest__json_report),
        cmocka_unit_test(test_ruletest__marks),
        cmocka_unit_test(test_ruletest__sidecar),
        cmocka_unit_test(test_ruletest__list_controls),
        cmocka_unit_test(test_ruletest__seed_items_in_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
