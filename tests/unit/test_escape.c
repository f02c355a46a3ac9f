/* test_escape.c - one escaping function per output kind (util/escape.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "util/buf.h"
#include "util/escape.h"

/* The hostile string every escaper is fed: ESC/BEL (an OSC title sequence),
 * DEL, a C1 control (U+009B CSI), a bidi override (U+202E), U+2028, an
 * invalid byte, a cut sequence, a workflow command, a formula, markup. */
#define HOSTILE "\x1b]0;pwn\x07|\x7f\xc2\x9b\xe2\x80\xae<script>&\"'\xe2\x80\xa8\xff%:,\n::error::x\t=1\xe3\x81"

typedef void (*esc_fn)(kr_buf *out, const char *s, size_t n);

static char *run(esc_fn fn, const char *s)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    fn(&b, s, strlen(s));
    return kr_buf_detach(&b);
}

static int setup(void **state)
{
    *state = NULL;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* No raw C0 control but those in `allowed`, DEL, C1 or bidi control, and
 * valid UTF-8. */
static void assert_safe(const char *out, const char *allowed)
{
    size_t n = strlen(out);
    assert_true(kr_utf8_valid(out, n));
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = kr_utf8_decode(out + i, n - i, &cp);
        assert_true(l > 0);
        if (kr_escape_is_hidden(cp) && !(cp < 0x80 && cp && strchr(allowed, (int)cp)))
            fail_msg("hidden U+%04X at byte %zu of \"%s\"", (unsigned)cp, i, out);
        i += l;
    }
}

static void test_escape__utf8(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(kr_utf8_decode("\xe3\x81\x82", 3, &cp), 3);
    assert_int_equal(cp, 0x3042);
    assert_int_equal(kr_utf8_decode("\xe3\x81", 2, &cp), 0);        /* cut */
    assert_int_equal(kr_utf8_decode("\xc0\xaf", 2, &cp), 0);        /* overlong */
    assert_int_equal(kr_utf8_decode("\xed\xa0\x80", 3, &cp), 0);    /* surrogate */
    assert_int_equal(kr_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
    assert_true(kr_utf8_valid("caf\xc3\xa9", 5));
    assert_false(kr_utf8_valid("caf\xe9", 4));
    assert_true(kr_escape_is_clean("日本語 a-b.tf", strlen("日本語 a-b.tf")));
    assert_false(kr_escape_is_clean("a\xe2\x80\xae" "b", 5));
    assert_false(kr_escape_is_clean("a\tb", 3));
}

static void test_escape__text(void **state)
{
    char *o = *state = run(kr_escape_text, HOSTILE);
    assert_safe(o, "\t");
    assert_string_equal(o, "\\x1b]0;pwn\\x07|\\x7f\\xc2\\x9b\\xe2\\x80\\xae<script>&\"'\\xe2\\x80\\xa8\\xff%:,"
                           "\\x0a::error::x\t=1\\xe3\\x81");
    size_t w;
    bool tab;
    assert_int_equal(kr_escape_text_unit(NULL, "\xe6\x97\xa5", 3, &w, &tab), 3);
    assert_int_equal(w, 2);
    assert_int_equal(kr_escape_text_unit(NULL, "\xe2\x80\xae", 3, &w, &tab), 3);
    assert_int_equal(w, 12);
    assert_int_equal(kr_escape_text_unit(NULL, "\t", 1, &w, &tab), 1);
    assert_true(tab);
}

static void md_inline(kr_buf *b, const char *s, size_t n) { kr_escape_markdown(b, s, n, KR_MD_INLINE); }
static void md_cell(kr_buf *b, const char *s, size_t n) { kr_escape_markdown(b, s, n, KR_MD_CELL); }
static void md_all(kr_buf *b, const char *s, size_t n) { kr_escape_markdown(b, s, n, KR_MD_ALL); }

static void test_escape__markdown(void **state)
{
    char *o = *state = run(md_cell, HOSTILE);
    assert_safe(o, "\t");
    assert_string_equal(o, "\\x1b]0;pwn\\x07\\|\\x7f\\xc2\\x9b\\xe2\\x80\\xae&lt;script&gt;&amp;\"'\\xe2\\x80\\xa8\\xff%:,"
                           "<br>::error::x\t=1\\xe3\\x81");
    free(o);
    o = *state = run(md_inline, "a *b* [l](u) <i>\r\nc\x1b");
    assert_string_equal(o, "a \\*b\\* \\[l\\](u) \\<i\\>  c\\x1b");
    free(o);
    o = *state = run(md_all, "`x`_#!~|\x07");
    assert_string_equal(o, "\\`x\\`\\_\\#\\!\\~\\|\\x07");
}

static void test_escape__csv_formula_prefixes(void **state)
{
    (void)state;
    /* each OWASP prefix: a leading apostrophe, and the field quoted */
    static const struct { const char *in, *out; } cases[] = {
        {"=1+1", "\"'=1+1\""},
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
        {"+1", "\"'+1\""},
        {"-2+3", "\"'-2+3\""},
        {"-", "\"'-\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\t=1", "\"'\t=1\""},
        {"\r=1", "\"'\\x0d=1\""},
        {"a=1", "a=1"},
        {"", ""},
        {"x,y", "\"x,y\""},
        {"line1\nline2\r\nline3", "\"line1\nline2\r\nline3\""},
        {"bell\x07 and \x1b[31m", "bell\\x07 and \\x1b[31m"},
        {"bad \xff name", "bad \\xff name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *o = run(kr_escape_csv, cases[i].in);
        if (strcmp(o, cases[i].out) != 0) fail_msg("csv(%zu): got [%s], want [%s]", i, o, cases[i].out);
        assert_int_equal(kr_escape_csv_is_formula(cases[i].in, strlen(cases[i].in)),
                         cases[i].out[0] == '"' && cases[i].out[1] == '\'');
        free(o);
    }
    char *o = *state = run(kr_escape_csv, HOSTILE);
    assert_safe(o, "\n\t");
}

static void test_escape__json(void **state)
{
    char *o = *state = run(kr_escape_json, HOSTILE);
    assert_safe(o, "");
    assert_string_equal(o, "\"\\u001b]0;pwn\\u0007|\\u007f\\u009b\\u202e<script>&\\\"'\\u2028\\ufffd%:,"
                           "\\n::error::x\\t=1\\ufffd\\ufffd\"");
    free(o);
    o = *state = run(kr_escape_uri, "dir/caf\xe9 x%.tf");
    assert_string_equal(o, "dir/caf%E9%20x%25.tf");
}

static void xml_attr(kr_buf *b, const char *s, size_t n) { kr_escape_xml(b, s, n, true); }
static void xml_text(kr_buf *b, const char *s, size_t n) { kr_escape_xml(b, s, n, false); }

static void test_escape__xml_and_html(void **state)
{
    char *o = *state = run(xml_attr, HOSTILE);
    assert_safe(o, "");
    assert_string_equal(o, "\\x1b]0;pwn\\x07|\\x7f\\xc2\\x9b\\xe2\\x80\\xae&lt;script&gt;&amp;&quot;&apos;"
                           "\\xe2\\x80\\xa8\\xff%:,&#10;::error::x&#9;=1\\xe3\\x81");
    free(o);
    o = *state = run(xml_text, "a\r\nb\xef\xbf\xbe");
    assert_string_equal(o, "a&#13;\nb\\xef\\xbf\\xbe");
    free(o);
    o = *state = run(kr_escape_html, HOSTILE);
    assert_safe(o, "\n\t");
    assert_string_equal(o, "\\x1b]0;pwn\\x07|\\x7f\\xc2\\x9b\\xe2\\x80\\xae&lt;script&gt;&amp;&quot;&#39;"
                           "\\xe2\\x80\\xa8\\xff%:,\n::error::x\t=1\\xe3\\x81");
}

static void gh_prop(kr_buf *b, const char *s, size_t n) { kr_escape_github(b, s, n, true); }
static void gh_msg(kr_buf *b, const char *s, size_t n) { kr_escape_github(b, s, n, false); }

static void test_escape__github(void **state)
{
    char *o = *state = run(gh_prop, HOSTILE);
    assert_safe(o, "");
    assert_string_equal(o, "\\x1b]0;pwn\\x07|\\x7f\\xc2\\x9b\\xe2\\x80\\xae<script>&\"'\\xe2\\x80\\xa8\\xff%25%3A%2C"
                           "%0A%3A%3Aerror%3A%3Ax =1\\xe3\\x81");
    free(o);
    o = *state = run(gh_msg, "a\r\n::warning::b %0A");
    assert_string_equal(o, "a%0D%0A::warning::b %250A");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape__utf8),
        cmocka_unit_test_setup_teardown(test_escape__text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape__markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape__csv_formula_prefixes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape__json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape__xml_and_html, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escape__github, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
