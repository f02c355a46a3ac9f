/* test_attest.c - attestations: the schema (every error message exact, with
 * its position), status spellings, dates, and the three checks (overdue,
 * missing evidence, contradicted by a failing rule). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attest.h"
#include "diag.h"
#include "rules/rule.h"
#include "util/alloc.h"
#include "util/buf.h"

#define S(lit) ((char[]){lit})

static char *render(const kr_diags *d)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < d->len; i++) {
        const kr_diag *x = &d->items[i];
        if (x->has_pos)
            kr_buf_printf(&b, "%s:%u:%u: %s\n", x->file, x->span.start.line + 1, x->span.start.col + 1, x->message);
        else
            kr_buf_printf(&b, "%s: %s\n", x->file, x->message);
    }
    char *s = kr_buf_detach(&b);
    return s ? s : calloc(1, 1);
}

static kr_catalog catalog;

static int setup(void **state)
{
    (void)state;
    kr_catalog_init(&catalog);
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_catalog_load(&catalog, KR_FIXTURE_DIR "/report/catalog.tsv", &d);
    kr_diags_dispose(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    kr_catalog_dispose(&catalog);
    return 0;
}

/* Parses text; returns the rendered diagnostics (caller frees). */
static char *parse(kr_attestations *a, const char *text, int *rc)
{
    kr_diags d;
    kr_diags_init(&d);
    *rc = kr_attest_parse(a, "a.yml", text, strlen(text), &catalog, KR_FIXTURE_DIR "/report/repo", &d);
    char *out = render(&d);
    kr_diags_dispose(&d);
    return out;
}

static void test_attest__valid(void **state)
{
    (void)state;
    static const char text[] = "version: 1\n"
                               "attestations:\n"
                               "  \"6-8\":\n"
                               "    status: △\n"
                               "  \"1-2\":\n"
                               "    status: ○\n"
                               "    note_ja: 毎年見直します。\n"
                               "    note_en: Reviewed yearly.\n"
                               "    evidence: [docs/review.md, https://example.com/p]\n"
                               "    owner: ISMS\n"
                               "    reviewed: 2024-02-29\n"
                               "    interval: P1Y\n"
                               "  \"5-3\": {status: na}\n";
    kr_attestations a;
    kr_attest_init(&a);
    int rc;
    char *out = parse(&a, text, &rc);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(rc, 0);
    assert_int_equal(a.len, 3);
    /* sorted by item number */
    assert_string_equal(a.items[0].item, "1-2");
    assert_string_equal(a.items[1].item, "5-3");
    assert_string_equal(a.items[2].item, "6-8");
    const kr_attestation *x = kr_attest_find(&a, "1-2");
    assert_int_equal(x->status, KR_MARK_DONE);
    assert_string_equal(x->note_ja, "毎年見直します。");
    assert_string_equal(x->note_en, "Reviewed yearly.");
    assert_int_equal(x->nevidence, 2);
    assert_string_equal(x->evidence[0].text, "docs/review.md");
    assert_false(x->evidence[0].is_url);
    assert_true(x->evidence[1].is_url);
    assert_int_equal(x->evidence[1].span.start.line, 8);
    assert_int_equal(x->evidence[1].span.start.col, 31);
    assert_string_equal(x->owner, "ISMS");
    assert_true(x->has_reviewed);
    assert_string_equal(x->reviewed_text, "2024-02-29");
    assert_true(x->has_interval);
    assert_int_equal(x->interval_days, 365);
    assert_string_equal(x->interval_text, "P1Y");
    assert_int_equal(kr_attest_find(&a, "5-3")->status, KR_MARK_NA);
    assert_int_equal(kr_attest_find(&a, "6-8")->status, KR_MARK_PARTIAL);
    assert_null(kr_attest_find(&a, "6-13"));
    kr_attest_dispose(&a);
}

static void test_attest__errors(void **state)
{
    (void)state;
    static const char text[] = "version: 2\n"
                               "colour: blue\n"
                               "attestations:\n"
                               "  \"9-9\": {status: ○}\n"
                               "  \"1-2\":\n"
                               "    status: maybe\n"
                               "    note_ja: [a]\n"
                               "    evidence: [/etc/passwd, ../up.md, ftp://x/y, \"\"]\n"
                               "    reviewed: 2023-02-29\n"
                               "    interval: soon\n"
                               "    owner: \"\"\n"
                               "    sign: me\n"
                               "  \"6-8\":\n"
                               "    note_en: no status\n"
                               "    interval: 0 days\n"
                               "  \"6-13\": done\n"
                               "  \"5-3\":\n"
                               "    status: {a: 1}\n"
                               "    reviewed: 20240101\n";
    kr_attestations a;
    kr_attest_init(&a);
    int rc;
    char *out = parse(&a, text, &rc);
    assert_string_equal(
        out,
        "a.yml:1:10: version must be 1\n"
        "a.yml:2:1: unknown key 'colour' (expected version or attestations)\n"
        "a.yml:4:3: '9-9' is not an item of the checksheet catalog\n"
        "a.yml:7:14: note_ja of 1-2 must be a string, not a list\n"
        "a.yml:8:16: evidence path '/etc/passwd' of 1-2 must be relative to the repository root\n"
        "a.yml:8:29: evidence path '../up.md' of 1-2 must stay inside the repository\n"
        "a.yml:8:39: evidence 'ftp://x/y' of 1-2: only http:// and https:// URLs are accepted\n"
        "a.yml:8:50: an evidence entry of 1-2 is empty\n"
        "a.yml:11:12: owner of 1-2 is empty\n"
        "a.yml:12:5: unknown key 'sign' in the attestation of 1-2 (expected status, note_ja, note_en, evidence, "
        "owner, reviewed, interval)\n"
        "a.yml:6:13: status 'maybe' of 1-2 is not one of ○ △ × - (or done, partial, no, na)\n"
        "a.yml:9:15: reviewed '2023-02-29' of 1-2 is not a date YYYY-MM-DD\n"
        "a.yml:10:15: interval 'soon' of 1-2 is not a duration (e.g. 1 year, 12 months, P1Y)\n"
        "a.yml:13:3: the attestation of 6-8 has no status\n"
        "a.yml:15:15: interval '0 days' of 6-8 must be between 1 day and 100 years\n"
        "a.yml:15:5: interval of 6-8 needs a reviewed date\n"
        "a.yml:16:11: the attestation of 6-13 must be a mapping (status, note_ja, ...), not a tagged value\n"
        "a.yml:18:13: status of 5-3 must be one of ○ △ × - (or done, partial, no, na), not a mapping\n"
        "a.yml:19:15: reviewed '20240101' of 5-3 is not a date YYYY-MM-DD\n");
    free(out);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(a.len, 0);
    kr_attest_dispose(&a);
}

static void test_attest__file_level_errors(void **state)
{
    (void)state;
    kr_attestations a;
    int rc;
    char *out;

    kr_attest_init(&a);
    out = parse(&a, "- 1\n- 2\n", &rc);
    assert_string_equal(out, "a.yml:1:1: the attestation file must be a mapping with an 'attestations' key, not a list\n");
    assert_int_equal(rc, KR_EINVALID);
    free(out);
    kr_attest_dispose(&a);

    kr_attest_init(&a);
    out = parse(&a, "version: 1\n", &rc);
    assert_string_equal(out, "a.yml:1:1: the attestation file has no 'attestations' key\n");
    free(out);
    kr_attest_dispose(&a);

    kr_attest_init(&a);
    out = parse(&a, "attestations: [1]\n", &rc);
    assert_string_equal(out,
                        "a.yml:1:15: 'attestations' must map checksheet items (\"1-2\") to attestations, not a list\n");
    free(out);
    kr_attest_dispose(&a);

    /* an item written twice has no single answer */
    kr_attest_init(&a);
    out = parse(&a, "attestations:\n  \"1-2\": {status: ○}\n  \"1-2\": {status: ×}\n", &rc);
    assert_string_equal(out, "a.yml:3:3: duplicate key \"1-2\" (first at line 2 column 3); the first value is used\n");
    assert_int_equal(rc, KR_EINVALID);
    free(out);
    kr_attest_dispose(&a);

    /* YAML syntax errors come from the adapter, with their position */
    kr_attest_init(&a);
    out = parse(&a, "attestations:\n  \"1-2\": [\n", &rc);
    assert_int_equal(rc, KR_EPARSE);
    assert_true(strncmp(out, "a.yml:3:1: ", 11) == 0);
    free(out);
    kr_attest_dispose(&a);

    /* an empty file attests nothing */
    kr_attest_init(&a);
    out = parse(&a, "# nothing yet\n", &rc);
    assert_string_equal(out, "");
    assert_int_equal(rc, 0);
    assert_int_equal(a.len, 0);
    free(out);
    kr_attest_dispose(&a);

    /* a missing file is not an error for the caller to report */
    kr_attest_init(&a);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_attest_load(&a, KR_FIXTURE_DIR "/report/none.yml", &catalog, ".", &d), KR_ENOTFOUND);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
    kr_attest_dispose(&a);
}

static void test_attest__marks_and_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        kr_mark mark;
    } ok[] = {{"○", KR_MARK_DONE},    {"◯", KR_MARK_DONE}, {"done", KR_MARK_DONE}, {"△", KR_MARK_PARTIAL},
              {"partial", KR_MARK_PARTIAL}, {"×", KR_MARK_NO},  {"no", KR_MARK_NO},     {"-", KR_MARK_NA},
              {"na", KR_MARK_NA},     {"n/a", KR_MARK_NA}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        kr_mark m = KR_MARK_NONE;
        assert_int_equal(kr_mark_parse(&m, ok[i].text, strlen(ok[i].text)), 0);
        assert_int_equal(m, ok[i].mark);
    }
    kr_mark m;
    assert_int_equal(kr_mark_parse(&m, "x", 1), -1);
    assert_int_equal(kr_mark_parse(&m, "Done", 4), -1);
    assert_string_equal(kr_mark_symbol(KR_MARK_NO), "×");
    assert_string_equal(kr_mark_name(KR_MARK_NA), "na");

    long days;
    assert_int_equal(kr_date_parse(&days, "1970-01-01", 10), 0);
    assert_int_equal(days, 0);
    assert_int_equal(kr_date_parse(&days, "2024-02-29", 10), 0);
    assert_int_equal(days, 19782);
    char buf[16];
    kr_date_format(buf, sizeof buf, days + 366);
    assert_string_equal(buf, "2025-03-01");
    kr_date_format(buf, sizeof buf, 0);
    assert_string_equal(buf, "1970-01-01");
    assert_int_equal(kr_date_parse(&days, "2000-02-29", 10), 0);
    assert_int_equal(kr_date_parse(&days, "1900-02-29", 10), -1);
    assert_int_equal(kr_date_parse(&days, "2023-13-01", 10), -1);
    assert_int_equal(kr_date_parse(&days, "2023-04-31", 10), -1);
    assert_int_equal(kr_date_parse(&days, "2023-4-01", 9), -1);
    assert_int_equal(kr_date_parse(&days, "2023/04/01", 10), -1);

    setenv("KREWLINT_TODAY", "2025-06-30", 1);
    assert_int_equal(kr_today(&days), 0);
    kr_date_format(buf, sizeof buf, days);
    assert_string_equal(buf, "2025-06-30");
    setenv("KREWLINT_TODAY", "tomorrow", 1);
    assert_int_equal(kr_today(&days), -1);
    unsetenv("KREWLINT_TODAY");
    assert_int_equal(kr_today(&days), 0);
    assert_true(days > 19782);
}

/* A scan finding of rule r at file:line (0-based line). */
static void push_finding(kr_findings *out, const kr_rule *r, const char *file, uint32_t line, bool unknown)
{
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = r;
    f.file = kr_xstrdup(file);
    f.span.start.line = f.span.end.line = line;
    f.severity = unknown ? KR_SEV_NOTE : r->severity;
    f.unknown = unknown;
    f.message = kr_xstrdup("m");
    kr_findings_push(out, &f);
}

static void test_attest__checks(void **state)
{
    (void)state;
    static const char text[] = "attestations:\n"
                               "  \"1-2\":\n"
                               "    status: ○\n"
                               "    evidence: [docs/review.md, docs/missing.md#sec, https://example.com/x]\n"
                               "    reviewed: 2024-01-01\n"
                               "    interval: 1 year\n"
                               "  \"6-8\":\n"
                               "    status: done\n"
                               "    reviewed: 2025-01-01\n"
                               "    interval: 6 months\n"
                               "  \"6-13\":\n"
                               "    status: ○\n";
    kr_attestations a;
    kr_attest_init(&a);
    int rc;
    char *out = parse(&a, text, &rc);
    assert_string_equal(out, "");
    free(out);

    kr_rule r68 = {.id = S("KR-T-6-8"), .control = S("6-8"), .severity = KR_SEV_ERROR};
    kr_rule r613 = {.id = S("KR-T-6-13"), .control = S("6-13"), .severity = KR_SEV_ERROR};
    kr_findings scan;
    kr_findings_init(&scan);
    push_finding(&scan, &r68, KR_FIXTURE_DIR "/report/repo/main.tf", 1, false);
    push_finding(&scan, &r68, KR_FIXTURE_DIR "/report/repo/other.tf", 7, false);
    push_finding(&scan, &r613, KR_FIXTURE_DIR "/report/repo/main.tf", 9, true); /* unknown: no contradiction */

    /* 2025-01-01 + 365 days = 2026-01-01 for 1-2 (due 2025-01-01);
     * 6-8: 2025-01-01 + 180 days = 2025-06-30 */
    long today;
    assert_int_equal(kr_date_parse(&today, "2025-06-30", 10), 0);
    kr_attest_check_options o = {.today = today, .lang = KR_LANG_EN, .scan = &scan, .catalog = &catalog};
    kr_findings got;
    kr_findings_init(&got);
    kr_attest_check(&a, &o, &got);
    assert_int_equal(got.len, 3);
    assert_string_equal(got.items[0].rule->id, "KR-ATTEST-OVERDUE");
    assert_string_equal(got.items[0].rule->control, "1-2");
    assert_int_equal(got.items[0].severity, KR_SEV_WARNING);
    assert_int_equal(got.items[0].span.start.line, 4);
    assert_int_equal(got.items[0].span.start.col, 14);
    assert_string_equal(got.items[0].file, "a.yml");
    assert_string_equal(got.items[0].snippet, "    reviewed: 2024-01-01");
    assert_string_equal(got.items[0].message,
                        "the review of 1-2 is overdue: last reviewed 2024-01-01, every 1 year, due 2024-12-31");
    assert_string_equal(got.items[1].rule->id, "KR-ATTEST-EVIDENCE-MISSING");
    assert_int_equal(got.items[1].severity, KR_SEV_ERROR);
    assert_int_equal(got.items[1].span.start.line, 3);
    assert_int_equal(got.items[1].span.start.col, 31);
    assert_string_equal(got.items[1].message, "evidence docs/missing.md#sec of 1-2 does not exist in the repository");
    assert_string_equal(got.items[2].rule->id, "KR-ATTEST-CONTRADICTED");
    assert_string_equal(got.items[2].rule->control, "6-8");
    assert_int_equal(got.items[2].span.start.line, 7);
    assert_int_equal(got.items[2].span.start.col, 12);
    assert_string_equal(got.items[2].message,
                        "6-8 is attested ○ but its rules fail: main.tf:2 [KR-T-6-8], other.tf:8 [KR-T-6-8]");
    kr_findings_dispose(&got);

    /* a day later 6-8 is overdue too; in Japanese */
    kr_findings_init(&got);
    o.today = today + 1;
    o.lang = KR_LANG_JA;
    kr_attest_check(&a, &o, &got);
    assert_int_equal(got.len, 4);
    assert_string_equal(got.items[2].rule->id, "KR-ATTEST-OVERDUE");
    assert_string_equal(got.items[2].message,
                        "6-8 の見直し期限を過ぎています（最終見直し 2025-01-01、間隔 6 months、期限 2025-06-30）");
    assert_string_equal(got.items[1].message, "1-2 の根拠 docs/missing.md#sec がリポジトリにありません");
    assert_string_equal(got.items[3].message,
                        "6-8 は ○ と記入されていますが、自動検査が失敗しています: main.tf:2 [KR-T-6-8], other.tf:8 "
                        "[KR-T-6-8]");
    /* one rule object per (check, item), owned by the attestations */
    assert_ptr_equal(got.items[0].rule, a.rules[0]);
    assert_int_equal(a.nrules, 4);
    kr_findings_dispose(&got);

    /* without scan findings nothing is contradicted */
    kr_findings_init(&got);
    o.scan = NULL;
    o.today = today;
    kr_attest_check(&a, &o, &got);
    assert_int_equal(got.len, 2);
    kr_findings_dispose(&got);

    kr_findings_dispose(&scan);
    kr_attest_dispose(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attest__valid),
        cmocka_unit_test(test_attest__errors),
        cmocka_unit_test(test_attest__file_level_errors),
        cmocka_unit_test(test_attest__marks_and_dates),
        cmocka_unit_test(test_attest__checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
