/* test_checksheet.c - the checksheet report: the status rule per coverage
 * kind, building from a real scan of a fixture repository (rules run, files
 * checked, failures, notes), CSV quoting with BOM and CRLF, and the JSON
 * written then read back by --compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "report/report.h"
#include "rules/rule.h"
#include "scan.h"
#include "util/alloc.h"
#include "util/buf.h"

static char *write_to_string(const kr_checksheet *cs, kr_cs_format fmt)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    assert_int_equal(kr_checksheet_write(f, cs, fmt), 0);
    fclose(f);
    return mem;
}

static void test_checksheet__status(void **state)
{
    (void)state;
    const kr_cs_scan pass = {2, 3, 0, 0, 0}, fail = {2, 3, 1, 1, 0}, unknown = {1, 1, 0, 2, 0},
                     notrun = {1, 0, 0, 0, 0}, norules = {0, 0, 0, 0, 0}, accepted = {1, 2, 0, 0, 1},
                     accepted_fail = {1, 2, 1, 0, 1};
    /* accepted exceptions (suppressed, baselined, disabled): never ○, never × */
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &accepted, KR_MARK_NONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &accepted_fail, KR_MARK_NONE), KR_CS_NO);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &accepted, KR_MARK_DONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &accepted, KR_MARK_NA), KR_CS_NA);
    /* automated: the scan decides */
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &pass, KR_MARK_NONE), KR_CS_DONE);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &pass, KR_MARK_NO), KR_CS_DONE);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &fail, KR_MARK_DONE), KR_CS_NO);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &unknown, KR_MARK_NONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &notrun, KR_MARK_NONE), KR_CS_NOT_EVALUATED);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &notrun, KR_MARK_NA), KR_CS_NA);
    /* partial: a failure wins; else the attestation, at most △ with unknowns */
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &fail, KR_MARK_DONE), KR_CS_NO);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &pass, KR_MARK_NONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &pass, KR_MARK_DONE), KR_CS_DONE);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &pass, KR_MARK_NO), KR_CS_NO);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &unknown, KR_MARK_DONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &unknown, KR_MARK_NONE), KR_CS_PARTIAL);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &notrun, KR_MARK_NONE), KR_CS_NOT_EVALUATED);
    assert_int_equal(kr_checksheet_status(KR_COV_PARTIAL, &notrun, KR_MARK_PARTIAL), KR_CS_PARTIAL);
    /* organisational */
    assert_int_equal(kr_checksheet_status(KR_COV_ATTESTATION, &norules, KR_MARK_NONE), KR_CS_NOT_ATTESTED);
    assert_int_equal(kr_checksheet_status(KR_COV_ATTESTATION, NULL, KR_MARK_DONE), KR_CS_DONE);
    assert_int_equal(kr_checksheet_status(KR_COV_ATTESTATION, &norules, KR_MARK_NA), KR_CS_NA);
    assert_int_equal(kr_checksheet_status(KR_COV_NA, &norules, KR_MARK_NONE), KR_CS_NA);
    assert_int_equal(kr_checksheet_status(KR_COV_NA, &norules, KR_MARK_NO), KR_CS_NO);
    /* rules found for an organisational item make it partial; an automated
     * item without loaded rules is answered by its attestation */
    assert_int_equal(kr_checksheet_status(KR_COV_ATTESTATION, &fail, KR_MARK_DONE), KR_CS_NO);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &norules, KR_MARK_NONE), KR_CS_NOT_ATTESTED);
    assert_int_equal(kr_checksheet_status(KR_COV_AUTOMATED, &norules, KR_MARK_PARTIAL), KR_CS_PARTIAL);

    assert_string_equal(kr_cs_status_label(KR_CS_NOT_ATTESTED, KR_LANG_JA), "未記入");
    assert_string_equal(kr_cs_status_label(KR_CS_NOT_EVALUATED, KR_LANG_EN), "not evaluated");
    kr_cs_status s;
    assert_int_equal(kr_cs_status_parse(&s, "not-evaluated"), 0);
    assert_int_equal(s, KR_CS_NOT_EVALUATED);
    assert_int_equal(kr_cs_status_parse(&s, "○"), -1);
    kr_cs_format f;
    assert_int_equal(kr_cs_format_parse(&f, "md"), 0);
    assert_int_equal(f, KR_CS_MARKDOWN);
    assert_int_equal(kr_cs_format_parse(&f, "pdf"), -1);
}

/* fixture - the fixture repository scanned with the fixture rules. */
typedef struct fixture {
    kr_catalog cat;
    kr_ruleset *rules;
    kr_result res;
    kr_attestations att;
    kr_checksheet cs;
} fixture;

static void fixture_build(fixture *x, kr_lang lang)
{
    memset(x, 0, sizeof *x);
    kr_diags d;
    kr_diags_init(&d);
    kr_catalog_init(&x->cat);
    assert_int_equal(kr_catalog_load(&x->cat, KR_FIXTURE_DIR "/report/catalog.tsv", &d), 0);
    const char *dirs[] = {KR_FIXTURE_DIR "/report/rules"};
    assert_int_equal(kr_ruleset_load(&x->rules, dirs, 1, &d), 0);
    kr_attest_init(&x->att);
    const char *root = KR_FIXTURE_DIR "/report/repo";
    assert_int_equal(kr_attest_load(&x->att, KR_FIXTURE_DIR "/report/repo/.krewlint/attestations.yml", &x->cat,
                                    root, &d),
                     0);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
    kr_result_init(&x->res);
    const char *paths[] = {root};
    kr_scan_options so = {.paths = paths, .npaths = 1, .jobs = 1, .lang = lang, .record_coverage = true};
    assert_int_equal(kr_scan(&x->res, x->rules, &so), 0);
    long today;
    assert_int_equal(kr_date_parse(&today, "2025-06-30", 10), 0);
    kr_findings af;
    kr_findings_init(&af);
    kr_attest_check_options ao = {.today = today, .lang = lang, .scan = &x->res.findings, .catalog = &x->cat};
    kr_attest_check(&x->att, &ao, &af);
    kr_findings_take(&x->res.findings, &af);
    kr_findings_dispose(&af);
    kr_findings_sort(&x->res.findings);
    kr_checksheet_input in = {.catalog = &x->cat, .rules = x->rules, .coverage = &x->res.coverage,
                              .findings = &x->res.findings, .attestations = &x->att, .root = root, .lang = lang,
                              .repository = "repo", .commit = "abc", .date = "2025-06-30", .version = "9.9.9"};
    kr_checksheet_build(&x->cs, &in);
}

static void fixture_dispose(fixture *x)
{
    kr_checksheet_dispose(&x->cs);
    kr_result_dispose(&x->res);
    kr_attest_dispose(&x->att);
    kr_ruleset_free(x->rules);
    kr_catalog_dispose(&x->cat);
}

static const kr_cs_item *item(const kr_checksheet *cs, const char *num)
{
    for (size_t i = 0; i < cs->len; i++)
        if (strcmp(cs->items[i].number, num) == 0) return &cs->items[i];
    fail_msg("no item %s", num);
    return NULL;
}

static void test_checksheet__build_from_scan(void **state)
{
    (void)state;
    fixture x;
    fixture_build(&x, KR_LANG_EN);
    /* coverage: both rules ran on main.tf */
    const kr_rule_files *rf = kr_rulecov_find(&x.res.coverage, "KR-T-6-13");
    assert_non_null(rf);
    assert_int_equal(rf->nfiles, 1);
    assert_string_equal(rf->files[0], KR_FIXTURE_DIR "/report/repo/main.tf");
    assert_null(kr_rulecov_find(&x.res.coverage, "KR-NOPE"));

    const kr_checksheet *cs = &x.cs;
    assert_int_equal(cs->len, 4);
    /* checksheet order, not file order */
    assert_string_equal(cs->items[0].number, "1-2");
    assert_string_equal(cs->items[1].number, "5-3");
    assert_string_equal(cs->items[2].number, "6-8");
    assert_string_equal(cs->items[3].number, "6-13");
    assert_string_equal(cs->attestation_file, ".krewlint/attestations.yml");

    const kr_cs_item *it = item(cs, "6-13");
    assert_int_equal(it->status, KR_CS_PARTIAL); /* automated, one unknown verdict */
    assert_string_equal(it->check, "Logs are kept.");
    assert_string_equal(it->subsection, "6-1 バックアップ");
    assert_int_equal(it->nrules, 1);
    assert_int_equal(it->rules[0].unknowns, 1);
    assert_int_equal(it->rules[0].fails, 0);
    assert_string_equal(it->note, "Automated check (1 rule: KR-T-6-13): 1 file checked — main.tf\n"
                                  "No failures\n"
                                  "Unknown (value not known statically): main.tf:10 [KR-T-6-13]");

    it = item(cs, "6-8");
    assert_int_equal(it->status, KR_CS_NO); /* partial, rule fails, attested ○: contradicted */
    assert_int_equal(it->nfindings, 2);
    assert_string_equal(it->findings[0].rule, "KR-ATTEST-CONTRADICTED");
    assert_string_equal(it->findings[0].file, ".krewlint/attestations.yml");
    assert_int_equal(it->findings[0].line, 8);
    assert_string_equal(it->findings[1].file, "main.tf");
    assert_int_equal(it->findings[1].line, 2);
    assert_int_equal(it->findings[1].column, 29);
    assert_string_equal(it->note, "Automated check (1 rule: KR-T-6-8): 1 file checked — main.tf\n"
                                  "Failing: main.tf:2 [KR-T-6-8]\n"
                                  "Restores are tested monthly.\n"
                                  "Checks retention.\n"
                                  "Action needed: 6-8 is attested ○ but its rules fail: main.tf:2 [KR-T-6-8]");

    it = item(cs, "1-2");
    assert_int_equal(it->status, KR_CS_DONE);
    assert_int_equal(it->nfindings, 2); /* overdue, docs/missing.md */
    /* in file order: the evidence (line 4) before the review date (line 5) */
    assert_string_equal(it->findings[0].rule, "KR-ATTEST-EVIDENCE-MISSING");
    assert_string_equal(it->findings[1].rule, "KR-ATTEST-OVERDUE");
    assert_string_equal(it->note, "Evidence: docs/review.md, docs/missing.md, https://example.com/x\n"
                                  "Last reviewed: 2024-01-01 (every 1 year, next due 2024-12-31)\n"
                                  "Action needed: evidence docs/missing.md of 1-2 does not exist in the repository\n"
                                  "Action needed: the review of 1-2 is overdue: last reviewed 2024-01-01, every 1 "
                                  "year, due 2024-12-31");

    it = item(cs, "5-3");
    assert_int_equal(it->status, KR_CS_NA);
    assert_string_equal(it->note, "AWS.");
    assert_int_equal(cs->counts[KR_CS_DONE], 1);
    assert_int_equal(cs->counts[KR_CS_NO], 1);
    assert_int_equal(cs->counts[KR_CS_PARTIAL], 1);
    assert_int_equal(cs->counts[KR_CS_NA], 1);

    char *md = write_to_string(cs, KR_CS_MARKDOWN);
    assert_non_null(strstr(md, "| 6-8 | Backups are taken. | × | Automated check (1 rule: KR-T-6-8): 1 file checked "
                               "— main.tf<br>Failing: main.tf:2 [KR-T-6-8]<br>"));
    assert_non_null(strstr(md, "| **6-1 バックアップ** | | | |\n"));
    assert_non_null(strstr(md, "- `main.tf:2:29` error [KR-T-6-8]: "));
    free(md);
    char *html = write_to_string(cs, KR_CS_HTML);
    assert_non_null(strstr(html, "<tr class=\"item st-no\" id=\"item-6-8\"><td class=\"num\">6-8</td>"));
    assert_non_null(strstr(html, "<a href=\"#findings-6-8\">×<small>2 finding(s)</small></a>"));
    assert_non_null(strstr(html, "<h3 id=\"findings-6-8\"><a href=\"#item-6-8\">6-8</a> ×</h3>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http://"));
    free(html);
    fixture_dispose(&x);
}

static char *dup(const char *s)
{
    return kr_xstrdup(s);
}

/* CSV: BOM, CRLF rows, RFC 4180 quoting, Japanese intact, layout rows. */
static void test_checksheet__csv(void **state)
{
    (void)state;
    kr_checksheet cs;
    memset(&cs, 0, sizeof cs);
    cs.lang = KR_LANG_JA;
    cs.len = 3;
    cs.items = kr_xcalloc(3, sizeof *cs.items);
    const char *nums[] = {"2-1-1", "2-1-2", "6-8"};
    const char *secs[] = {"2 情報セキュリティのための組織", "2 情報セキュリティのための組織", "6 運用"};
    const char *notes[] = {"plain", "a \"quoted\", comma\nnew line", "改行\r\nCRLF"};
    kr_cs_status st[] = {KR_CS_DONE, KR_CS_NOT_ATTESTED, KR_CS_NO};
    for (size_t i = 0; i < 3; i++) {
        cs.items[i].number = dup(nums[i]);
        cs.items[i].section = dup(secs[i]);
        cs.items[i].subsection = i < 2 ? dup("2-1 内部組織") : NULL;
        cs.items[i].check = dup(i == 2 ? "バックアップ,検査" : "確認");
        cs.items[i].status = st[i];
        cs.items[i].note = dup(notes[i]);
    }
    char *csv = write_to_string(&cs, KR_CS_CSV);
    assert_string_equal(csv, "\xEF\xBB\xBF"
                             "項番,確認事項,実施有無,備考\r\n"
                             "2 情報セキュリティのための組織,,,\r\n"
                             "2-1 内部組織,,,\r\n"
                             "2-1-1,確認,○,plain\r\n"
                             "2-1-2,確認,未記入,\"a \"\"quoted\"\", comma\nnew line\"\r\n"
                             "6 運用,,,\r\n"
                             "6-8,\"バックアップ,検査\",×,\"改行\r\nCRLF\"\r\n");
    free(csv);
    cs.lang = KR_LANG_EN;
    csv = write_to_string(&cs, KR_CS_CSV);
    static const char head[] = "\xEF\xBB\xBFNo.,Check,Status,Notes\r\n";
    assert_true(strncmp(csv, head, sizeof head - 1) == 0);
    assert_non_null(strstr(csv, "2-1-2,確認,not attested,"));
    free(csv);
    kr_checksheet_dispose(&cs);
}

static void test_checksheet__json_compare(void **state)
{
    (void)state;
    fixture x;
    fixture_build(&x, KR_LANG_JA);
    char *json = write_to_string(&x.cs, KR_CS_JSON);
    static const char head[] = "{\n  \"format\": \"krewlint-checksheet\",\n  \"format_version\": 1,\n  \"version\": "
                               "\"9.9.9\",\n  \"repository\": \"repo\",\n  \"commit\": \"abc\",\n  \"date\": "
                               "\"2025-06-30\",\n  \"lang\": \"ja\",\n  \"attestations\": \".krewlint/attestations.yml\",\n";
    assert_true(strncmp(json, head, sizeof head - 1) == 0);
    assert_non_null(strstr(json, "\"summary\": {\n    \"done\": 1,\n    \"partial\": 1,\n    \"no\": 1,\n    \"na\": 1,\n"
                                 "    \"not-attested\": 0,\n    \"not-evaluated\": 0\n  },\n"));
    assert_non_null(strstr(json, "{\"file\": \"main.tf\", \"line\": 2, \"column\": 29, \"rule\": \"KR-T-6-8\", "
                                 "\"verdict\": \"fail\", \"severity\": \"error\", \"message\": "));
    assert_null(strstr(json, "\"changes\""));

    /* read back: nothing changed */
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_checksheet_compare(&x.cs, "old.json", json, strlen(json), &d), 0);
    assert_int_equal(d.len, 0);
    assert_true(x.cs.compared);
    assert_int_equal(x.cs.nchanges, 0);

    /* the same report with 6-13 and 1-2 moved: both listed, in checksheet order */
    char *old = kr_xstrdup(json);
    char *p = strstr(old, "\"item\": \"6-13\"");
    assert_non_null(p);
    p = strstr(p, "\"status\": \"partial\"");
    assert_non_null(p);
    memcpy(p, "\"status\": \"done\"   ", 19); /* same length */
    p = strstr(old, "\"item\": \"1-2\"");
    p = strstr(p, "\"status\": \"done\"");
    memcpy(p, "\"status\": \"no\"  ", 16);
    assert_int_equal(kr_checksheet_compare(&x.cs, "old.json", old, strlen(old), &d), 0);
    assert_int_equal(x.cs.nchanges, 2);
    assert_string_equal(x.cs.changes[0].item, "1-2");
    assert_int_equal(x.cs.changes[0].from, KR_CS_NO);
    assert_int_equal(x.cs.changes[0].to, KR_CS_DONE);
    assert_string_equal(x.cs.changes[1].item, "6-13");
    char *md = write_to_string(&x.cs, KR_CS_MARKDOWN);
    assert_non_null(strstr(md, "## 前回の報告からの変更\n\n- 1-2: × → ○\n- 6-13: ○ → △\n\n"));
    free(md);
    char *json2 = write_to_string(&x.cs, KR_CS_JSON);
    assert_non_null(strstr(json2, "  \"compared_with\": \"old.json\",\n  \"changes\": [\n"
                                  "    {\"item\": \"1-2\", \"from\": \"no\", \"to\": \"done\", \"text\": \"1-2: × → ○\"},\n"
                                  "    {\"item\": \"6-13\", \"from\": \"done\", \"to\": \"partial\", \"text\": \"6-13: ○ → △\"}\n"
                                  "  ],\n"));
    free(json2);
    free(old);

    /* not a report */
    static const char bad[] = "{\"items\": [{\"item\": \"1-2\", \"status\": \"great\"}]}";
    assert_int_equal(kr_checksheet_compare(&x.cs, "bad.json", bad, sizeof bad - 1, &d), KR_EINVALID);
    static const char notreport[] = "{\"findings\": []}";
    assert_int_equal(kr_checksheet_compare(&x.cs, "f.json", notreport, sizeof notreport - 1, &d), KR_EINVALID);
    assert_int_equal(d.len, 2);
    assert_string_equal(d.items[0].message,
                        "unknown status (expected done, partial, no, na, not-attested or not-evaluated)");
    assert_int_equal(d.items[0].span.start.col, 37);
    assert_string_equal(d.items[1].message, "not a krewlint checksheet report in JSON (no \"items\" list)");
    assert_int_equal(kr_checksheet_compare_file(&x.cs, KR_FIXTURE_DIR "/report/nope.json", &d), KR_EIO);
    kr_diags_dispose(&d);
    free(json);
    fixture_dispose(&x);
}

/* Own controls (.krewlint.yml controls:) come after the checksheet's items,
 * in the order given, in their own section of every format. */
static void test_checksheet__own_controls(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_catalog cat;
    kr_catalog_init(&cat);
    assert_int_equal(kr_catalog_load(&cat, KR_FIXTURE_DIR "/report/catalog.tsv", &d), 0);
    const char *ids[] = {"KR-T-6-8"};
    kr_catalog_add_own(&cat, "ZED-1", "Zed first", "ゼット 1", "Team policy", ids, 1);
    kr_catalog_add_own(&cat, "ACME-1", "Acme drill", "訓練", NULL, NULL, 0);
    assert_true(cat.items[cat.len - 1].own);
    assert_int_equal(cat.items[cat.len - 1].coverage, KR_COV_ATTESTATION);
    assert_int_equal(cat.items[cat.len - 2].coverage, KR_COV_AUTOMATED);
    assert_non_null(kr_catalog_find(&cat, "ACME-1"));
    kr_ruleset *rules = NULL;
    const char *dirs[] = {KR_FIXTURE_DIR "/report/rules"};
    assert_int_equal(kr_ruleset_load(&rules, dirs, 1, &d), 0);
    kr_result res;
    kr_result_init(&res);
    const char *paths[] = {KR_FIXTURE_DIR "/report/repo"};
    kr_scan_options so = {.paths = paths, .npaths = 1, .jobs = 1, .lang = KR_LANG_JA, .record_coverage = true};
    assert_int_equal(kr_scan(&res, rules, &so), 0);
    kr_checksheet_input in = {.catalog = &cat, .rules = rules, .coverage = &res.coverage,
                              .findings = &res.findings, .root = paths[0], .lang = KR_LANG_JA,
                              .repository = "repo", .commit = "abc", .date = "2025-06-30", .version = "9.9.9"};
    kr_checksheet cs;
    kr_checksheet_build(&cs, &in);
    assert_int_equal(cs.len, 6);
    /* not sorted among the numbers (A < 1 bytewise): last, in the given order */
    assert_string_equal(cs.items[4].number, "ZED-1");
    assert_string_equal(cs.items[5].number, "ACME-1");
    assert_string_equal(cs.items[4].section, "独自項目");
    assert_true(cs.items[4].own && !cs.items[3].own);
    assert_int_equal(cs.items[4].nrules, 1); /* the catalog's list: KR-T-6-8 */
    assert_int_equal(cs.items[5].status, KR_CS_NOT_ATTESTED);

    char *md = write_to_string(&cs, KR_CS_MARKDOWN);
    const char *sec = strstr(md, "## 独自項目\n");
    assert_non_null(sec);
    assert_true(sec > strstr(md, "| 6-13 |"));
    assert_non_null(strstr(sec, "| **Team policy** | | | |\n| ZED-1 | ゼット 1 |"));
    assert_non_null(strstr(sec, "| ACME-1 | 訓練 | 未記入 |"));
    free(md);
    char *html = write_to_string(&cs, KR_CS_HTML);
    assert_non_null(strstr(html, "独自項目</th></tr>"));
    assert_non_null(strstr(html, "id=\"item-ACME-1\""));
    free(html);
    char *csv = write_to_string(&cs, KR_CS_CSV);
    assert_non_null(strstr(csv, "\r\n独自項目,,,\r\nTeam policy,,,\r\nZED-1,ゼット 1,"));
    free(csv);
    char *json = write_to_string(&cs, KR_CS_JSON);
    assert_non_null(strstr(json, "\"item\": \"ACME-1\",\n      \"section\": \"独自項目\",\n      \"subsection\": null,\n"
                                 "      \"own\": true,\n"));
    free(json);
    kr_checksheet_dispose(&cs);
    kr_result_dispose(&res);
    kr_ruleset_free(rules);
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksheet__status),
        cmocka_unit_test(test_checksheet__build_from_scan),
        cmocka_unit_test(test_checksheet__csv),
        cmocka_unit_test(test_checksheet__json_compare),
        cmocka_unit_test(test_checksheet__own_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
