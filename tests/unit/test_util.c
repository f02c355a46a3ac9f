/* test_util.c - arena, kr_buf, glob matching, line maps, diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "diag.h"
#include "loc.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/yaml12.h"

static void test_util__arena_aligned_and_zeroed(void **state)
{
    (void)state;
    kr_arena *a = kr_arena_new();
    for (int i = 1; i < 5000; i++) {
        unsigned char *p = kr_arena_alloc(a, (size_t)(i % 97) + 1);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (int k = 0; k < i % 97 + 1; k++) assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)(i % 97) + 1);
    }
    char *big = kr_arena_alloc(a, 1u << 20);
    assert_non_null(big);
    assert_string_equal(kr_arena_strndup(a, "abcdef", 3), "abc");
    assert_true(kr_arena_used(a) > (1u << 20));
    kr_arena_free(a);
}

static void test_util__buf_cap_is_sticky(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b, 8);
    kr_buf_puts(&b, "12345");
    assert_false(b.failed);
    kr_buf_puts(&b, "6789");
    assert_true(b.failed);
    kr_buf_puts(&b, "x");
    assert_string_equal(kr_buf_cstr(&b), "12345");
    kr_buf_dispose(&b);

    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s:%d", "f.tf", 12);
    assert_string_equal(kr_buf_cstr(&b), "f.tf:12");
    char *s = kr_buf_detach(&b);
    assert_string_equal(s, "f.tf:12");
    assert_string_equal(kr_buf_cstr(&b), "");
    free(s);
}

static void test_util__json_string_escapes(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b, 0);
    const char in[] = "a\"b\\c\n\t\x01\x7f \xe6\x97\xa5 \xff\xc3";
    kr_buf_put_json_string(&b, in, sizeof in - 1);
    assert_string_equal(kr_buf_cstr(&b),
                        "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f \xe6\x97\xa5 \\ufffd\\ufffd\"");
    kr_buf_dispose(&b);
}

/* Malformed globs and globs that can never match a walked file. */
static void test_util__glob_check(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_int_equal(kr_glob_check("infra/**/*.tf", &why), 0);
    assert_int_equal(kr_glob_check("[]a]*", &why), 0);     /* ']' first is literal */
    assert_int_equal(kr_glob_check("a\\[b", &why), 0);   /* escaped '[' */
    assert_int_equal(kr_glob_check("..x/y", &why), 0);     /* not a '..' part */
    assert_int_equal(kr_glob_check("infra/[ab", &why), -1);
    assert_non_null(why);
    assert_int_equal(kr_glob_check("x\\", &why), -1);
    assert_int_equal(kr_glob_check("/abs", &why), -1);
    assert_int_equal(kr_glob_check("a/../b", &why), -1);
    assert_int_equal(kr_glob_check("..", &why), -1);
}

static void test_util__glob(void **state)
{
    (void)state;
    assert_true(kr_glob_match("*.tf", "main.tf"));
    assert_true(kr_glob_match("*.tf", "infra/main.tf")); /* no '/': any folder */
    assert_false(kr_glob_match("infra/*.tf", "infra/sub/main.tf"));
    assert_true(kr_glob_match("infra/**/*.tf", "infra/sub/deep/main.tf"));
    assert_true(kr_glob_match("infra/**/*.tf", "infra/main.tf"));
    assert_true(kr_glob_match("**/config/app.yml", "config/app.yml"));
    assert_true(kr_glob_match("**/config/app.yml", "./svc/config/app.yml"));
    assert_true(kr_glob_match("config/app.y?ml", "config/app.yaml"));
    assert_true(kr_glob_match("config/[abc].yml", "config/b.yml"));
    assert_false(kr_glob_match("config/[!abc].yml", "config/b.yml"));
    assert_false(kr_glob_match("config/*.yml", "config/app.yaml"));
    assert_true(kr_glob_match("serverless.yml", "svc/serverless.yml"));
    /* Pathological backtracking stays fast. */
    assert_false(kr_glob_match("a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    /* "**\/" may match nothing only while '**' has matched nothing */
    assert_false(kr_glob_match("x/**/", "x/ab"));
    assert_true(kr_glob_match("x/**/", "x/ab/"));
    assert_true(kr_glob_match("**/a*", "a"));
    assert_false(kr_glob_match("**/a*", "ba"));
    assert_true(kr_glob_match("a\\*b", "a*b"));
    assert_false(kr_glob_match("a\\*b", "axb"));
    assert_true(kr_glob_match("[a", "[a")); /* a malformed class is a literal '[' */
    /* Many stars (a suppression target from fuzz_suppress ran for minutes):
     * linear now, 2,000 stars against a 4,000-byte path. */
    char pat[4100], path[4100];
    for (int i = 0; i < 2000; i++) pat[2 * i] = '*', pat[2 * i + 1] = '?';
    memcpy(pat + 4000, "*b", 3);
    memset(path, 'a', 4000);
    path[4000] = '\0';
    assert_false(kr_glob_match(pat, path));
    memcpy(pat, "**", 2);
    assert_false(kr_glob_match(pat, path));
}

static void test_util__srcfile_lines(void **state)
{
    (void)state;
    const char *text = "one\r\ntwo\n\nfour";
    kr_srcfile sf;
    kr_srcfile_init(&sf, "x", text, strlen(text));
    assert_int_equal(sf.nlines, 4);
    size_t n;
    const char *l = kr_srcfile_line(&sf, 0, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(l, "one", 3);
    l = kr_srcfile_line(&sf, 3, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(l, "four", 4);
    assert_null(kr_srcfile_line(&sf, 4, &n));
    kr_loc loc = kr_srcfile_locate(&sf, 6);
    assert_int_equal(loc.line, 1);
    assert_int_equal(loc.col, 1);
    loc = kr_srcfile_locate(&sf, 1000);
    assert_int_equal(loc.line, 3);
    assert_int_equal(loc.col, 4);
    kr_srcfile_dispose(&sf);
}

static void test_util__diags_sorted(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_span s1 = {{4, 2, 40}, {4, 3, 41}};
    kr_span s0 = {{0, 0, 0}, {0, 1, 1}};
    kr_diags_add(&d, KR_SEV_ERROR, "b.yml", &s1, "parse-error", "bad %s", "thing");
    kr_diags_add(&d, KR_SEV_WARNING, "a.yml", &s0, "duplicate-key", "dup");
    kr_diags_add(&d, KR_SEV_ERROR, "a.yml", NULL, "io-error", "gone");
    assert_int_equal(d.errors, 2);
    kr_diags_sort(&d);
    assert_string_equal(d.items[0].message, "gone");
    assert_string_equal(d.items[1].message, "dup");
    assert_string_equal(d.items[2].message, "bad thing");
    kr_diags_dispose(&d);
}

static void test_util__array(void **state)
{
    (void)state;
    KR_ARRAY(int) a = {0};
    for (int i = 0; i < 100; i++) kr_array_push(&a, i * 2);
    assert_int_equal(a.len, 100);
    assert_int_equal(kr_array_get(&a, 99), 198);
    kr_array_dispose(&a);
    assert_null(a.items);
}

static void test_util__read_file(void **state)
{
    (void)state;
    char *data;
    size_t len;
    const char *err;
    assert_int_equal(kr_fs_read(&data, &len, "/nonexistent/krewlint", &err), KR_EIO);
    assert_string_equal(err, "No such file or directory");
    assert_int_equal(kr_fs_read(&data, &len, "/", &err), KR_EIO);
    assert_int_equal(kr_fs_read(&data, &len, KR_SOURCE_DIR "/CMakeLists.txt", &err), KR_OK);
    assert_true(len > 100);
    assert_int_equal(data[len], '\0');
    free(data);
}

/* The YAML 1.2 core schema typing shared by documents and rule files. */
static void test_util__yaml12(void **state)
{
    (void)state;
    static const struct { const char *s; kr_y12_kind k; } cases[] = {
        {"", KR_Y12_NULL}, {"~", KR_Y12_NULL}, {"Null", KR_Y12_NULL}, {"nul", KR_Y12_STRING},
        {"true", KR_Y12_BOOL}, {"FALSE", KR_Y12_BOOL}, {"yes", KR_Y12_STRING}, {"on", KR_Y12_STRING},
        {"7", KR_Y12_INT}, {"-42", KR_Y12_INT}, {"0x1F", KR_Y12_INT}, {"0o17", KR_Y12_INT},
        {"0o8", KR_Y12_STRING}, {"0x", KR_Y12_STRING}, {"1_000", KR_Y12_STRING},
        {"0b1010", KR_Y12_STRING}, {"99999999999999999999", KR_Y12_FLOAT}, {"1.5", KR_Y12_FLOAT},
        {"1e4", KR_Y12_FLOAT}, {".5", KR_Y12_FLOAT}, {"5.", KR_Y12_FLOAT}, {"1e", KR_Y12_STRING},
        {".inf", KR_Y12_FLOAT}, {"-.Inf", KR_Y12_FLOAT}, {".NaN", KR_Y12_FLOAT},
        {".nAn", KR_Y12_STRING}, {"1:30", KR_Y12_STRING}, {"+", KR_Y12_STRING},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kr_y12_kind k = kr_y12_kind_of(cases[i].s, strlen(cases[i].s));
        if (k != cases[i].k) fail_msg("'%s': kind %d, want %d", cases[i].s, (int)k, (int)cases[i].k);
    }
    int64_t v;
    bool big;
    double f;
    assert_true(kr_y12_int("0x1F", 4, &v, &big, &f));
    assert_false(big);
    assert_int_equal(v, 31);
    assert_true(kr_y12_int("0o17", 4, &v, &big, &f));
    assert_int_equal(v, 15);
    assert_true(kr_y12_int("-9223372036854775808", 20, &v, &big, &f));
    assert_false(big);
    assert_true(v == INT64_MIN);
}

/* Diagnostics in Japanese (diag_lang.c): a row's pattern fills its texts in
 * order; a message no row matches stays; localizing twice changes nothing;
 * English runs are untouched. */
static void test_util__diags_localize(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_diags_add(&d, KR_SEV_WARNING, "a.tf", NULL, "suppression-unused",
                 "the suppression of 6-8 applies to lines 10-15 and no finding of 6-8 is there; remove it");
    kr_diags_add(&d, KR_SEV_NOTE, "a.tf", NULL, "module-source", "something new that no row knows");
    kr_diags_add(&d, KR_SEV_ERROR, "b.yaml", NULL, "parse-error", "YAML: found a tab");
    kr_diags_localize(&d, KR_LANG_EN);
    assert_string_equal(d.items[2].message, "YAML: found a tab");
    kr_diags_localize(&d, KR_LANG_JA);
    assert_string_equal(d.items[0].message,
                        "6-8 の抑制は 10-15 行目に適用されますが、そこに 6-8 の検出結果はありません。削除してください");
    assert_string_equal(d.items[1].message, "something new that no row knows");
    assert_string_equal(d.items[2].message, "YAML の構文エラー: found a tab");
    kr_diags_localize(&d, KR_LANG_JA);
    assert_string_equal(d.items[2].message, "YAML の構文エラー: found a tab");
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__arena_aligned_and_zeroed),
        cmocka_unit_test(test_util__buf_cap_is_sticky),
        cmocka_unit_test(test_util__json_string_escapes),
        cmocka_unit_test(test_util__glob),
        cmocka_unit_test(test_util__glob_check),
        cmocka_unit_test(test_util__srcfile_lines),
        cmocka_unit_test(test_util__diags_sorted),
        cmocka_unit_test(test_util__array),
        cmocka_unit_test(test_util__read_file),
        cmocka_unit_test(test_util__yaml12),
        cmocka_unit_test(test_util__diags_localize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
