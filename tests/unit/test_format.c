/* test_format.c - the syntax and format tables (src/doc/format.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc/format.h"

static void test_format__syntax_by_extension(void **state)
{
    (void)state;
    assert_string_equal(kr_syntax_for_path("a/main.tf")->name, "hcl");
    assert_string_equal(kr_syntax_for_path("MAIN.TF")->name, "hcl");
    assert_string_equal(kr_syntax_for_path("x.tf.json")->name, "tf-json");
    assert_string_equal(kr_syntax_for_path("plan.json")->name, "json");
    assert_string_equal(kr_syntax_for_path("t.template")->name, "yaml");
    assert_string_equal(kr_syntax_for_path("app.ts")->name, "source");
    assert_string_equal(kr_syntax_for_path("tool.py")->name, "python");
    assert_null(kr_syntax_for_path("README.md"));
    assert_null(kr_syntax_for_path("Makefile"));
    /* walked: data formats; source code is found through ts/lang.h */
    assert_true(kr_syntax_for_path("a.yml")->scanned);
    assert_false(kr_syntax_for_path("a.tfvars")->scanned);
    assert_true(kr_syntax_is_terraform("m/x.TF.JSON"));
    assert_true(kr_syntax_is_terraform("m/x.tf"));
    assert_false(kr_syntax_is_terraform("m/x.json"));
    assert_false(kr_syntax_is_terraform("tf"));
}

static void test_format__comments(void **state)
{
    (void)state;
    assert_int_equal(kr_syntax_comments("a.tf", NULL, 0), KR_COMMENTS_HCL);
    assert_int_equal(kr_syntax_comments("a.tfvars", NULL, 0), KR_COMMENTS_HCL);
    assert_int_equal(kr_syntax_comments("a.tf.json", NULL, 0), KR_COMMENTS_NONE);
    assert_int_equal(kr_syntax_comments("a.yaml", NULL, 0), KR_COMMENTS_YAML);
    assert_int_equal(kr_syntax_comments("a.go", NULL, 0), KR_COMMENTS_C);
    assert_int_equal(kr_syntax_comments("a.pyw", NULL, 0), KR_COMMENTS_PYTHON);
    const char *py = "#!/usr/bin/env python3\nx = 1\n", *node = "#!/usr/bin/env node\n";
    assert_int_equal(kr_syntax_comments("bin/tool", py, strlen(py)), KR_COMMENTS_PYTHON);
    assert_int_equal(kr_syntax_comments("bin/tool", node, strlen(node)), KR_COMMENTS_C);
    assert_int_equal(kr_syntax_comments("bin/tool.txt", py, strlen(py)), KR_COMMENTS_NONE);
}

/* One row per kr_format, named as kr_format_name names it; Terraform first
 * (by syntax), config after every sniffer. */
static void test_format__rows(void **state)
{
    (void)state;
    size_t n;
    const kr_format_row *rows = kr_format_rows(&n);
    assert_int_equal(n, 7);
    assert_int_equal(rows[0].format, KR_FMT_TERRAFORM);
    bool seen_config = false;
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rows[i].name, kr_format_name(rows[i].format));
        assert_ptr_equal(kr_format_row_of(rows[i].format), &rows[i]);
        if (rows[i].format == KR_FMT_CONFIG) seen_config = true;
        if (seen_config) assert_null(rows[i].sniff);
    }
    assert_null(kr_format_row_of(KR_FMT_UNKNOWN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format__syntax_by_extension),
        cmocka_unit_test(test_format__comments),
        cmocka_unit_test(test_format__rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
