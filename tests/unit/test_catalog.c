/* test_catalog.c - the checksheet catalog reader: columns by name, every
 * error with its exact position and text, the bundled catalog, ordering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "diag.h"
#include "util/buf.h"

/* "file:line:col: message" lines of every diagnostic (caller frees). */
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

static void test_catalog__fixture(void **state)
{
    (void)state;
    kr_catalog c;
    kr_catalog_init(&c);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_load(&c, KR_FIXTURE_DIR "/report/catalog.tsv", &d), 0);
    assert_int_equal(d.len, 0);
    assert_int_equal(c.len, 4);
    const kr_catalog_item *it = kr_catalog_find(&c, "6-8");
    assert_non_null(it);
    assert_string_equal(it->section, "6 運用");
    assert_string_equal(it->subsection, "6-1 バックアップ");
    assert_string_equal(it->check_ja, "バックアップを取得すること。");
    assert_string_equal(it->summary_en, "Backups are taken.");
    assert_int_equal(it->coverage, KR_COV_PARTIAL);
    assert_int_equal(it->nrules, 1);
    assert_string_equal(it->rules[0], "KR-T-6-8");
    assert_string_equal(it->note_ja, "保持期間を検査します。");
    assert_int_equal(it->line, 2);
    it = kr_catalog_find(&c, "1-2");
    assert_null(it->subsection);
    assert_null(it->section_en);
    assert_int_equal(it->nrules, 0);
    assert_int_equal(kr_catalog_find(&c, "5-3")->coverage, KR_COV_NA);
    assert_null(kr_catalog_find(&c, "9-9"));
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);
}

/* Columns are found by name: another order, an unknown column, CRLF, a BOM. */
static void test_catalog__columns_by_name(void **state)
{
    (void)state;
    static const char tsv[] = "\xEF\xBB\xBFrules\textra\tcoverage\titem\tsummary_en\tcheck_ja\tsection\r\n"
                              "KR-A, KR-B\tx\tautomated\t10-2\tRegion.\t地域。\t10 遵守\r\n"
                              "\r\n"
                              "\tx\tfull\t2-1-1\tX.\tX。\t2 組織\r\n";
    kr_catalog c;
    kr_catalog_init(&c);
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_catalog_parse(&c, "cat.tsv", tsv, sizeof tsv - 1, &d);
    char *out = render(&d);
    assert_string_equal(out, "cat.tsv:4:1: item '2-1-1' is 'automated' but lists no rules\n");
    free(out);
    assert_int_equal(rc, KR_EINVALID);
    assert_int_equal(c.len, 1);
    assert_string_equal(c.items[0].number, "10-2");
    assert_int_equal(c.items[0].nrules, 2);
    assert_string_equal(c.items[0].rules[1], "KR-B");
    assert_string_equal(c.items[0].section, "10 遵守");
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);
}

static void test_catalog__errors(void **state)
{
    (void)state;
    static const char tsv[] = "item\tsection\tcheck_ja\tsummary_en\tcoverage\trules\n"
                              "6-8\tS\tC\tE\tpartial\tKR-OK,bad id\n"
                              "6-8x\tS\tC\tE\tattestation\t\n"
                              "1-1\tS\tC\tE\tattestation\t\n"
                              "1-1\tS\tC\tE\tattestation\t\n"
                              "1-3\tS\tC\tE\tsometimes\t\n"
                              "1-4\tS\t\tE\tattestation\t\n"
                              "1-5\tS\tC\tE\tattestation\tKR-X\n"
                              "1-6\tS\tC\n";
    kr_catalog c;
    kr_catalog_init(&c);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_parse(&c, "c.tsv", tsv, sizeof tsv - 1, &d), KR_EINVALID);
    char *out = render(&d);
    assert_string_equal(out,
                        "c.tsv:2:25: rule id 'bad id' is not of the form [A-Z0-9-]+\n"
                        "c.tsv:3:1: item '6-8x' is not of the form N-N or N-N-N\n"
                        "c.tsv:5:1: item '1-1' is listed twice (first at line 4)\n"
                        "c.tsv:6:11: unknown coverage 'sometimes' (expected automated, partial, attestation or "
                        "not-applicable)\n"
                        "c.tsv:7:7: item '1-4' has an empty 'check_ja'\n"
                        "c.tsv:8:23: item '1-5' is 'attestation' and must not list rules\n"
                        "c.tsv:9:1: this line has 3 fields; the header has 6\n");
    free(out);
    /* the good rows are kept */
    assert_int_equal(c.len, 2);
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);
}

static void test_catalog__header_errors(void **state)
{
    (void)state;
    static const char tsv[] = "item\tsection\tsection\tcheck_ja\tsummary_en\n1-1\tS\tS\tC\tE\n";
    kr_catalog c;
    kr_catalog_init(&c);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_parse(&c, "h.tsv", tsv, sizeof tsv - 1, &d), KR_EINVALID);
    char *out = render(&d);
    assert_string_equal(out, "h.tsv:1:14: column 'section' appears twice in the header\n"
                             "h.tsv:1:41: the header has no column 'coverage'\n"
                             "h.tsv:1:41: the header has no column 'rules'\n");
    free(out);
    assert_int_equal(c.len, 0);
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);

    kr_catalog_init(&c);
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_parse(&c, "e.tsv", "\n\n", 2, &d), KR_EINVALID);
    out = render(&d);
    assert_string_equal(out, "e.tsv: the catalog is empty\n");
    free(out);
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);

    kr_catalog_init(&c);
    kr_diags_init(&d);
    assert_int_equal(kr_catalog_load(&c, KR_FIXTURE_DIR "/report/nope.tsv", &d), KR_EIO);
    assert_int_equal(d.len, 1);
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);
}

/* The bundled pack's catalog: the checksheet's 71 items, all valid. */
static void test_catalog__bundled(void **state)
{
    (void)state;
    kr_catalog c;
    kr_catalog_init(&c);
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_catalog_load(&c, KR_SOURCE_DIR "/rules/catalog.tsv", &d);
    char *out = render(&d);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(rc, 0);
    assert_int_equal(c.len, 71);
    assert_string_equal(c.items[0].number, "1-1");
    assert_string_equal(c.items[70].number, "11-6");
    assert_non_null(kr_catalog_find(&c, "6-13"));
    kr_catalog_dispose(&c);
    kr_diags_dispose(&d);
}

static void test_catalog__number_order(void **state)
{
    (void)state;
    assert_true(kr_catalog_number_cmp("1-2", "2-1-1") < 0);
    assert_true(kr_catalog_number_cmp("2-1-5", "2-2") < 0);
    assert_true(kr_catalog_number_cmp("6-9", "6-13") < 0);
    assert_true(kr_catalog_number_cmp("10-1", "9-5") > 0);
    assert_true(kr_catalog_number_cmp("2-1", "2-1-1") < 0);
    assert_int_equal(kr_catalog_number_cmp("6-8", "6-8"), 0);
    assert_true(kr_catalog_number_ok("6-8", 3));
    assert_true(kr_catalog_number_ok("2-1-1", 5));
    assert_false(kr_catalog_number_ok("6", 1));
    assert_false(kr_catalog_number_ok("6-8-1-1", 7));
    assert_false(kr_catalog_number_ok("6--8", 4));
    assert_false(kr_catalog_number_ok("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog__fixture),      cmocka_unit_test(test_catalog__columns_by_name),
        cmocka_unit_test(test_catalog__errors),       cmocka_unit_test(test_catalog__header_errors),
        cmocka_unit_test(test_catalog__bundled),      cmocka_unit_test(test_catalog__number_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
