/* test_ts.c - source languages, query building with error positions,
 * krewlint's predicates, typed comparisons, and sharing a query between
 * threads (src/ts). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "eval/eval.h"
#include "rules/rule.h"
#include "ts/lang.h"
#include "ts/query.h"
#include "util/buf.h"
#include "util/fs.h"

/* ------------------------------------------------------------ helpers --- */

/* Builds a one-part query whose text is a plain scalar at line 0, col 0. */
static kr_ts_query *build1(kr_ts_lang lang, const char *text, const char *report,
                           const kr_ts_compare *cmp, kr_diags *d)
{
    kr_ts_part p = {.text = text, .len = strlen(text), .report = report, .cmp = cmp};
    /* the text is its own rule file: a plain scalar at line 0, column 0 */
    p.origin = (kr_ts_origin){"r.yml", text, strlen(text), {{0, 0, 0}, {0, 0, 0}}};
    p.origin.span.end.col = p.origin.span.end.byte = (uint32_t)strlen(text);
    kr_ts_query *q = NULL;
    kr_ts_query_build(&q, lang, &p, 1, d);
    return q;
}

static void collect(const kr_ts_hit *h, void *payload)
{
    kr_buf *b = payload;
    kr_buf_printf(b, "%u:%u:%zu:%.*s", h->span.start.line, h->span.start.col, h->part,
                  (int)h->text_len, h->text);
    if (h->value) kr_buf_printf(b, "=%.*s", (int)h->value_len, h->value);
    kr_buf_putc(b, ';');
}

/* Runs q over src (parsed as lang) and returns "line:col:part:text;..." (static buffer). */
static const char *hits(const kr_ts_query *q, kr_ts_lang lang, const char *src, const char *path)
{
    static char out[4096];
    kr_ts_tree *t = NULL;
    assert_int_equal(kr_ts_parse(&t, lang, src, strlen(src)), 0);
    kr_buf b;
    kr_buf_init(&b, 0);
    assert_int_equal(kr_ts_query_run(q, t, path, collect, &b), 0);
    snprintf(out, sizeof out, "%s", kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    kr_ts_tree_free(t);
    return out;
}

/* "line:col: message" of diagnostic i (1-based numbers, as printed). */
static const char *diag_text(const kr_diags *d, size_t i)
{
    static char out[512];
    assert_true(i < d->len);
    snprintf(out, sizeof out, "%s:%u:%u: %s", d->items[i].file ? d->items[i].file : "-",
             d->items[i].span.start.line + 1, d->items[i].span.start.col + 1, d->items[i].message);
    return out;
}

/* ------------------------------------------------------------ languages --- */

static void test_ts__lang_by_extension(void **state)
{
    (void)state;
    assert_int_equal(kr_ts_lang_from_path("a/b/app.js"), KR_TS_JAVASCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.mjs"), KR_TS_JAVASCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.cjs"), KR_TS_JAVASCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.jsx"), KR_TS_JAVASCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.ts"), KR_TS_TYPESCRIPT);
    assert_int_equal(kr_ts_lang_from_path("types/x.d.ts"), KR_TS_TYPESCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.mts"), KR_TS_TYPESCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.cts"), KR_TS_TYPESCRIPT);
    assert_int_equal(kr_ts_lang_from_path("x.tsx"), KR_TS_TSX);
    assert_int_equal(kr_ts_lang_from_path("x.py"), KR_TS_PYTHON);
    assert_int_equal(kr_ts_lang_from_path("x.go"), KR_TS_GO);
    assert_int_equal(kr_ts_lang_from_path("x.json"), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_from_path("x.JS"), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_from_path(".js"), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_from_path("dir.js/Makefile"), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_from_path(NULL), KR_TS_NONE);
}

static void test_ts__lang_by_shebang(void **state)
{
    (void)state;
    const char *py = "#!/usr/bin/env python3\nprint(1)\n";
    const char *py2 = "#!/usr/bin/python3.12 -u\n";
    const char *node = "#!/usr/bin/env node\n";
    const char *sh = "#!/bin/sh\npython3 x.py\n";
    const char *pythonista = "#!/usr/bin/pythonista\n";
    assert_int_equal(kr_ts_lang_detect("bin/tool", py, strlen(py)), KR_TS_PYTHON);
    assert_int_equal(kr_ts_lang_detect("bin/tool", py2, strlen(py2)), KR_TS_PYTHON);
    assert_int_equal(kr_ts_lang_detect("bin/tool", node, strlen(node)), KR_TS_JAVASCRIPT);
    assert_int_equal(kr_ts_lang_detect("bin/tool", sh, strlen(sh)), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_detect("bin/tool", pythonista, strlen(pythonista)), KR_TS_NONE);
    /* a shebang does not override an extension, nor apply to other extensions */
    assert_int_equal(kr_ts_lang_detect("tool.go", py, strlen(py)), KR_TS_GO);
    assert_int_equal(kr_ts_lang_detect("tool.sh", py, strlen(py)), KR_TS_NONE);
    assert_int_equal(kr_ts_lang_from_shebang("#!", 2), KR_TS_NONE);
    assert_true(kr_ts_path_has_no_ext("a.b/tool"));
    assert_true(kr_ts_path_has_no_ext(".profile"));
    assert_false(kr_ts_path_has_no_ext("tool.py"));
}

static void test_ts__lang_names(void **state)
{
    (void)state;
    kr_ts_lang l = KR_TS_NONE;
    assert_int_equal(kr_ts_lang_parse(&l, "tsx"), 0);
    assert_int_equal(l, KR_TS_TSX);
    assert_int_equal(kr_ts_lang_parse(&l, "py"), 0);
    assert_int_equal(l, KR_TS_PYTHON);
    assert_int_equal(kr_ts_lang_parse(&l, "cobol"), -1);
    assert_int_equal(l, KR_TS_PYTHON);
    assert_string_equal(kr_ts_lang_name(KR_TS_GO), "go");
    assert_string_equal(kr_ts_lang_name(KR_TS_NONE), "none");
    for (int i = KR_TS_JAVASCRIPT; i < KR_TS_NLANGS; i++) assert_non_null(kr_ts_lang_get((kr_ts_lang)i));
    assert_null(kr_ts_lang_get(KR_TS_NONE));
}

/* ------------------------------------------------------------ errors --- */

static void test_ts__error_in_block_scalar(void **state)
{
    (void)state;
    const char *rule = "id: X\n"
                       "query: |\n"
                       "  (call_expression\n"
                       "    function: (identifer) @f)\n"
                       "capture: f\n";
    const char *text = "(call_expression\n  function: (identifer) @f)\n";
    kr_ts_part p = {.text = text, .len = strlen(text), .report = "f"};
    p.origin = (kr_ts_origin){"r.yml", rule, strlen(rule), {{1, 7, 13}, {4, 0, 66}}};
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = NULL;
    assert_int_equal(kr_ts_query_build(&q, KR_TS_JAVASCRIPT, &p, 1, &d), KR_EINVALID);
    assert_null(q);
    assert_int_equal(d.len, 1);
    assert_string_equal(diag_text(&d, 0),
                        "r.yml:4:16: source query (javascript): unknown node type \"identifer\"");
    assert_string_equal(d.items[0].code, "invalid-rule");
    kr_diags_dispose(&d);
}

static void test_ts__error_in_block_scalar_keep_and_blank_lines(void **state)
{
    (void)state;
    /* `|+` header with a comment, a blank line inside, deeper indentation */
    const char *rule = "targets:\n"
                       "  - source: {lang: python}\n"
                       "    query: |+ # note\n"
                       "      (call\n"
                       "\n"
                       "        function: (attribute) @f\n"
                       "        (#frob? @f \"x\"))\n";
    const char *text = "(call\n\n  function: (attribute) @f\n  (#frob? @f \"x\"))\n";
    size_t bar = (size_t)(strstr(rule, "|+") - rule);
    kr_ts_part p = {.text = text, .len = strlen(text), .report = "f"};
    p.origin = (kr_ts_origin){"r.yml", rule, strlen(rule),
                              {{2, 11, (uint32_t)bar}, {7, 0, (uint32_t)strlen(rule)}}};
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = NULL;
    assert_int_equal(kr_ts_query_build(&q, KR_TS_PYTHON, &p, 1, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_string_equal(diag_text(&d, 0),
                        "r.yml:7:10: source query (python): unknown predicate #frob? (krewlint "
                        "evaluates #eq?, #not-eq?, #match?, #not-match?, #any-of?, #not-any-of?, "
                        "#krewlint-entropy?, #krewlint-path?, #krewlint-not-path?)");
    kr_diags_dispose(&d);
}

static void test_ts__error_in_quoted_scalar(void **state)
{
    (void)state;
    /* double-quoted: the escaped quotes count one byte each in the text */
    const char *rule = "query: \"((string) @s (#eq? @s \\\"a\\\") (#match? @s \\\"[\\\"))\"\n";
    const char *text = "((string) @s (#eq? @s \"a\") (#match? @s \"[\"))";
    kr_ts_part p = {.text = text, .len = strlen(text), .report = "s"};
    p.origin = (kr_ts_origin){"r.yml", rule, strlen(rule), {{0, 7, 7}, {0, 62, 62}}};
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = NULL;
    assert_int_equal(kr_ts_query_build(&q, KR_TS_JAVASCRIPT, &p, 1, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    /* the error is at the '[' (text offset 40): rule column 7 + 1 + 40 + 3 (three
     * escapes before it) */
    assert_int_equal(d.items[0].span.start.col, 51);
    assert_non_null(strstr(d.items[0].message, "bad regular expression \"[\""));
    kr_diags_dispose(&d);
}

static void test_ts__error_kinds(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    assert_null(build1(KR_TS_JAVASCRIPT, "(call_expression", "x", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "(pair nokey: (string)) @x", "x", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "((string) @x (#eq? @y \"a\"))", "x", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "(string) @x", "finding", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "((string) @x (#eq? @x))", "x", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "((string) @x (#krewlint-entropy? @x lots))", "x", NULL, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "((string) @x (#set! x y))", "x", NULL, &d));
    assert_null(build1(KR_TS_GO, "(string) @x", "x", NULL, &d));
    assert_int_equal(d.len, 8);
    assert_string_equal(diag_text(&d, 0), "r.yml:1:17: source query (javascript): syntax error: "
                                          "the query ends early (unbalanced parentheses?)");
    assert_string_equal(diag_text(&d, 1),
                        "r.yml:1:7: source query (javascript): unknown field \"nokey\"");
    assert_string_equal(diag_text(&d, 2), "r.yml:1:20: source query (javascript): unknown capture @y");
    assert_string_equal(diag_text(&d, 3), "r.yml:1:1: source query (javascript): this pattern has "
                                          "no @finding capture (the capture the rule reports)");
    assert_string_equal(diag_text(&d, 4), "r.yml:1:15: source query (javascript): #eq? takes a "
                                          "capture and a string or a capture");
    assert_string_equal(diag_text(&d, 5), "r.yml:1:15: source query (javascript): "
                                          "#krewlint-entropy?: threshold \"lots\" is not a number "
                                          "from 0 to 8");
    assert_non_null(strstr(diag_text(&d, 6), "r.yml:1:15: source query (javascript): unknown "
                                             "predicate #set!"));
    assert_string_equal(diag_text(&d, 7), "r.yml:1:2: source query (go): unknown node type \"string\"");
    kr_diags_dispose(&d);
}

static void test_ts__error_maps_to_its_part(void **state)
{
    (void)state;
    const char *rule = "a: '(string) @s'\nb: '(nope) @s'\n";
    kr_ts_part p[2] = {
        {.text = "(string) @s", .len = 11, .report = "s",
         .origin = {"one.yml", rule, strlen(rule), {{0, 3, 3}, {0, 16, 16}}}},
        {.text = "(nope) @s", .len = 9, .report = "s",
         .origin = {"two.yml", rule, strlen(rule), {{1, 3, 20}, {1, 14, 31}}}},
    };
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = NULL;
    assert_int_equal(kr_ts_query_build(&q, KR_TS_JAVASCRIPT, p, 2, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_string_equal(diag_text(&d, 0), "two.yml:2:6: source query (javascript): unknown node "
                                          "type \"nope\"");
    kr_diags_dispose(&d);
}

static void test_ts__origin_locate(void **state)
{
    (void)state;
    const char *rule = "q: |2\n"
                       "     (a\n"
                       "      b)\n"
                       "next: 1\n";
    kr_ts_origin o = {"r", rule, strlen(rule), {{0, 3, 3}, {3, 0, 23}}};
    /* |2 under a key at indentation 0: content indentation 2, so the text
     * keeps 3 spaces: "   (a\n    b)\n" */
    kr_loc l = kr_ts_origin_locate(&o, 3);
    assert_int_equal(l.line, 1);
    assert_int_equal(l.col, 5);
    assert_int_equal(l.byte, 11);
    l = kr_ts_origin_locate(&o, 10);
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 6);
    /* no rule-file bytes: the scalar's start */
    kr_ts_origin none = {"r", NULL, 0, {{4, 2, 50}, {4, 9, 57}}};
    l = kr_ts_origin_locate(&none, 5);
    assert_int_equal(l.line, 4);
    assert_int_equal(l.col, 2);
    /* plain multi-line scalar: the line break folds to one space */
    const char *plain = "q: (a\n   b)\n";
    kr_ts_origin po = {"r", plain, strlen(plain), {{0, 3, 3}, {1, 5, 11}}};
    l = kr_ts_origin_locate(&po, 3); /* "(a b)": 'b' */
    assert_int_equal(l.line, 1);
    assert_int_equal(l.col, 3);
}

/* ------------------------------------------------------------ predicates --- */

static const char *JS = "el.innerHTML = '<br>';\n"
                        "el.innerHTML = html;\n"
                        "el.outerHTML = `a${b}`;\n"
                        "x.textContent = y;\n";

static void test_ts__predicate_eq_and_not_eq(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(assignment_expression left: (member_expression property: "
                            "(property_identifier) @p) right: (_) @f (#eq? @p \"innerHTML\") "
                            "(#not-eq? @f \"'<br>'\"))",
                            "f", NULL, &d);
    assert_int_equal(d.len, 0);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, JS, NULL), "1:15:0:html;");
    kr_ts_query_free(q);
    /* capture against capture */
    q = build1(KR_TS_JAVASCRIPT,
               "(assignment_expression left: (member_expression object: (identifier) @o) "
               "right: (identifier) @r (#eq? @o @r)) @f",
               "f", NULL, &d);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "a.b = a; a.b = c;", NULL), "0:0:0:a.b = a;");
    kr_ts_query_free(q);
    q = build1(KR_TS_JAVASCRIPT,
               "(assignment_expression left: (member_expression object: (identifier) @o) "
               "right: (identifier) @r (#not-eq? @o @r)) @f",
               "f", NULL, &d);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "a.b = a; a.b = c;", NULL), "0:9:0:a.b = c;");
    kr_ts_query_free(q);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
}

static void test_ts__predicate_match(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(assignment_expression left: (member_expression property: "
                            "(property_identifier) @p) right: (_) @f (#match? @p \"^(inner|outer)HTML$\") "
                            "(#not-match? @f \"^'[^']*'$\"))",
                            "f", NULL, &d);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, JS, NULL), "1:15:0:html;2:15:0:`a${b}`;");
    kr_ts_query_free(q);
    /* (?i) ignores case */
    q = build1(KR_TS_PYTHON, "(assignment left: (identifier) @f (#match? @f \"(?i)^pass(word)?$\"))",
               "f", NULL, &d);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_PYTHON, "PASSWORD = 1\npass_ = 2\nPass = 3\n", NULL),
                        "0:0:0:PASSWORD;2:0:0:Pass;");
    kr_ts_query_free(q);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
}

static void test_ts__predicate_any_of(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(call_expression function: (identifier) @f (#any-of? @f \"eval\" "
                            "\"setTimeout\"))",
                            "f", NULL, &d);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "eval(a); evil(b); setTimeout(c);", NULL),
                        "0:0:0:eval;0:18:0:setTimeout;");
    kr_ts_query_free(q);
    q = build1(KR_TS_JAVASCRIPT,
               "(call_expression function: (identifier) @f (#not-any-of? @f \"eval\" \"setTimeout\"))",
               "f", NULL, &d);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "eval(a); evil(b); setTimeout(c);", NULL),
                        "0:9:0:evil;");
    kr_ts_query_free(q);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
}

static void test_ts__predicate_quantified_capture(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    /* @a captures two nodes: every one must pass #match?; #any-match? needs one */
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(array (number) @a (number) @a (#match? @a \"^1\")) @f", "f", NULL, &d);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "[1, 12]; [1, 2];", NULL), "0:0:0:[1, 12];");
    kr_ts_query_free(q);
    q = build1(KR_TS_JAVASCRIPT, "(array (number) @a (number) @a (#any-match? @a \"^2\")) @f", "f", NULL, &d);
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "[1, 12]; [1, 2];", NULL), "0:9:0:[1, 2];");
    kr_ts_query_free(q);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
}

static void test_ts__predicate_entropy(void **state)
{
    (void)state;
    assert_true(kr_ts_entropy("", 0) == 0.0);
    assert_true(kr_ts_entropy("aaaa", 4) == 0.0);
    assert_true(kr_ts_entropy("abcd", 4) == 2.0);
    assert_true(kr_ts_entropy("abcdefgh", 8) == 3.0);
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_PYTHON,
                            "(assignment right: (string) @f (#krewlint-entropy? @f 3.5))", "f", NULL, &d);
    assert_int_equal(d.len, 0);
    assert_non_null(q);
    /* the quotes do not count: "changeme" has 2.75 bits/char */
    assert_string_equal(hits(q, KR_TS_PYTHON, "a = 'changeme'\nb = 'q8Zr2LmX0vT7pW1k'\n", NULL),
                        "1:4:0:'q8Zr2LmX0vT7pW1k';");
    kr_ts_query_free(q);
    kr_diags_dispose(&d);
}

static void test_ts__predicate_path(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_GO,
                            "((interpreted_string_literal) @f (#krewlint-not-path? \"_test\\\\.go$\"))",
                            "f", NULL, &d);
    assert_int_equal(d.len, 0);
    const char *src = "package p\nvar s = \"x\"\n";
    assert_string_equal(hits(q, KR_TS_GO, src, "pkg/s.go"), "1:8:0:\"x\";");
    assert_string_equal(hits(q, KR_TS_GO, src, "pkg/s_test.go"), "");
    kr_ts_query_free(q);
    q = build1(KR_TS_GO, "((interpreted_string_literal) @f (#krewlint-path? \"^cmd/\"))", "f", NULL, &d);
    assert_string_equal(hits(q, KR_TS_GO, src, "cmd/s.go"), "1:8:0:\"x\";");
    assert_string_equal(hits(q, KR_TS_GO, src, NULL), "");
    kr_ts_query_free(q);
    kr_diags_dispose(&d);
}

/* ------------------------------------------------------------ comparisons --- */

static void test_ts__unquote(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"'a'", "a"},      {"\"a b\"", "a b"},   {"`x`", "x"},  {"r'\\d'", "\\d"},
        {"rb\"z\"", "z"}, {"'''doc'''", "doc"}, {"''", ""},    {"abc", "abc"},
        {"'open", "'open"}, {"f", "f"},         {"\"", "\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].in;
        size_t n = strlen(s);
        kr_ts_unquote(&s, &n);
        assert_int_equal(n, strlen(cases[i].out));
        assert_memory_equal(s, cases[i].out, n);
    }
}

static void test_ts__typed_comparison_tls(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_compare cmp = {.capture = "v", .op = KR_OP_LT, .type = KR_VT_TLS, .value = "TLSv1.2"};
    /* two patterns: the one holding @v is compared, the other reports as is */
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(pair key: (property_identifier) @k value: (string) @v "
                            "(#any-of? @k \"minVersion\" \"maxVersion\")) @f\n"
                            "(pair key: (property_identifier) @k value: (false) "
                            "(#eq? @k \"rejectUnauthorized\")) @f",
                            "f", &cmp, &d);
    assert_int_equal(d.len, 0);
    assert_non_null(q);
    const char *src = "tls.connect({minVersion: 'TLSv1.1', maxVersion: \"TLSv1.3\",\n"
                      "  rejectUnauthorized: false, other: 'TLSv1'});\n"
                      "x({minVersion: 'bogus'});\n";
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, src, NULL),
                        "0:13:0:minVersion: 'TLSv1.1'=TLSv1.1;1:2:0:rejectUnauthorized: false;");
    kr_ts_query_free(q);
    /* Go constants compare too */
    kr_ts_compare gocmp = {.capture = "v", .op = KR_OP_LT, .type = KR_VT_TLS, .value = "TLSv1.2"};
    q = build1(KR_TS_GO,
               "(keyed_element (literal_element (identifier) @k) (literal_element "
               "(selector_expression) @v) (#eq? @k \"MinVersion\")) @f",
               "f", &gocmp, &d);
    assert_int_equal(d.len, 0);
    assert_non_null(q);
    assert_string_equal(hits(q, KR_TS_GO,
                             "package p\nvar a = tls.Config{MinVersion: tls.VersionTLS10}\n"
                             "var b = tls.Config{MinVersion: tls.VersionTLS13}\n",
                             NULL),
                        "1:19:0:MinVersion: tls.VersionTLS10=tls.VersionTLS10;");
    kr_ts_query_free(q);
    kr_diags_dispose(&d);
}

static void test_ts__comparison_errors(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_compare bad_value = {.capture = "f", .op = KR_OP_LT, .type = KR_VT_TLS, .value = "TLSv9"};
    kr_ts_compare bad_cap = {.capture = "nope", .op = KR_OP_LT, .type = KR_VT_TLS, .value = "1.2"};
    kr_ts_compare bad_op = {.capture = "f", .op = KR_OP_MATCHES, .type = KR_VT_STRING, .value = "a"};
    assert_null(build1(KR_TS_JAVASCRIPT, "(string) @f", "f", &bad_value, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "(string) @f", "f", &bad_cap, &d));
    assert_null(build1(KR_TS_JAVASCRIPT, "(string) @f", "f", &bad_op, &d));
    assert_int_equal(d.len, 3);
    assert_string_equal(diag_text(&d, 0), "r.yml:1:1: source query (javascript): the comparison "
                                          "value \"TLSv9\" cannot be read as its type");
    assert_string_equal(diag_text(&d, 1), "r.yml:1:1: source query (javascript): no pattern has "
                                          "the compared capture @nope");
    assert_string_equal(diag_text(&d, 2), "r.yml:1:1: source query (javascript): a comparison's "
                                          "op must be ==, !=, <, <=, > or >=");
    kr_diags_dispose(&d);
}

/* ------------------------------------------------------------ merged parts --- */

static void test_ts__merged_parts_and_dedup(void **state)
{
    (void)state;
    int u0 = 0, u1 = 1;
    const char *t0 = "(call_expression function: (identifier) @f (#eq? @f \"eval\"))\n"
                     "(call_expression function: (identifier) @f (#match? @f \"^ev\"))";
    const char *t1 = "(string) @f";
    kr_ts_part p[2] = {{.text = t0, .len = strlen(t0), .report = "f", .user = &u0},
                       {.text = t1, .len = strlen(t1), .report = "f", .user = &u1}};
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = NULL;
    assert_int_equal(kr_ts_query_build(&q, KR_TS_JAVASCRIPT, p, 2, &d), 0);
    assert_int_equal(kr_ts_query_pattern_count(q), 3);
    assert_int_equal(kr_ts_query_lang(q), KR_TS_JAVASCRIPT);
    /* eval matched by both patterns of part 0: reported once */
    assert_string_equal(hits(q, KR_TS_JAVASCRIPT, "eval('x');", NULL), "0:0:0:eval;0:5:1:'x';");
    /* wrong language tree */
    kr_ts_tree *t = NULL;
    assert_int_equal(kr_ts_parse(&t, KR_TS_PYTHON, "x = 1", 5), 0);
    kr_buf b;
    kr_buf_init(&b, 0);
    assert_int_equal(kr_ts_query_run(q, t, NULL, collect, &b), KR_EINVALID);
    kr_buf_dispose(&b);
    kr_ts_tree_free(t);
    kr_ts_query_free(q);
    kr_diags_dispose(&d);
}

static void test_ts__parse_broken_source(void **state)
{
    (void)state;
    kr_ts_tree *t = NULL;
    const char *src = "function (( {{ eval(x) \xff\xfe";
    assert_int_equal(kr_ts_parse(&t, KR_TS_JAVASCRIPT, src, strlen(src)), 0);
    assert_true(kr_ts_tree_has_error(t));
    assert_int_equal(kr_ts_tree_lang(t), KR_TS_JAVASCRIPT);
    kr_ts_tree_free(t);
    assert_int_equal(kr_ts_parse(&t, KR_TS_NONE, "", 0), KR_EINVALID);
    assert_null(t);
}

/* ------------------------------------------------------------ threads --- */

typedef struct worker {
    const kr_ts_query *q;
    const char *src;
    int rounds;
    size_t count;
    int rc;
} worker;

static void count_hit(const kr_ts_hit *h, void *payload)
{
    (void)h;
    (*(size_t *)payload)++;
}

static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->rounds; i++) {
        kr_ts_tree *t = NULL;
        if (kr_ts_parse(&t, KR_TS_JAVASCRIPT, w->src, strlen(w->src)) != 0) {
            w->rc = -1;
            return NULL;
        }
        if (kr_ts_query_run(w->q, t, "x.js", count_hit, &w->count) != 0) w->rc = -1;
        kr_ts_tree_free(t);
    }
    return NULL;
}

static void test_ts__shared_query_two_threads(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ts_query *q = build1(KR_TS_JAVASCRIPT,
                            "(call_expression function: (identifier) @n arguments: (arguments "
                            "(identifier) @f) (#match? @n \"^(eval|setTimeout)$\") "
                            "(#not-match? @f \"^safe\"))",
                            "f", NULL, &d);
    assert_non_null(q);
    /* 3 hits per round in a, 1 in b */
    worker a = {q, "eval(x); eval(safe1); setTimeout(y); eval(z);", 300, 0, 0};
    worker b = {q, "function f() { return eval(w) + g(v); }", 300, 0, 0};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, work, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, work, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.rc, 0);
    assert_int_equal(b.rc, 0);
    assert_int_equal(a.count, 900);
    assert_int_equal(b.count, 300);
    kr_ts_query_free(q);
    kr_diags_dispose(&d);
}


/* ------------------------------------------------------------ rules --- */

static void test_ts__loader_reports_query_errors(void **state)
{
    (void)state;
    const char *dirs[] = {KR_FIXTURE_DIR "/ts/bad-rules"};
    kr_ruleset *rs = NULL;
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruleset_load(&rs, dirs, 1, &d), KR_EINVALID);
    kr_diags_sort(&d);
    const char *want[] = {
        /* as_expression exists in TypeScript only: the error names javascript */
        "11:12: source query (javascript): unknown node type \"as_expression\"",
        "19:24: unknown language 'cobol'; use javascript, typescript, tsx, python or go",
        "24:9: a source target has no 'check': write the conditions as predicates in its query",
        "25:17: source query (python): this pattern has no @nope capture (the capture the rule reports)",
        "25:44: source query (python): bad regular expression \"(\": unmatched '('",
        "27:9: 'capture' is only for source targets",
    };
    assert_int_equal(d.len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d.len; i++) {
        char got[512];
        snprintf(got, sizeof got, "%u:%u: %s", d.items[i].span.start.line + 1,
                 d.items[i].span.start.col + 1, d.items[i].message);
        assert_true(strstr(d.items[i].file, "broken.yml") != NULL);
        if (strncmp(got, want[i], strlen(want[i])) != 0) fail_msg("got \"%s\", want \"%s\"", got, want[i]);
    }
    /* KR-TEST-BROKEN-2 has errors outside its queries and is left out; the
     * query error of KR-TEST-BROKEN is found by the merged per-language
     * build, after the rule was accepted - the load fails either way. */
    assert_null(kr_ruleset_find(rs, "KR-TEST-BROKEN-2"));
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

static void test_ts__eval_source_file(void **state)
{
    (void)state;
    const char *dirs[] = {KR_FIXTURE_DIR "/ts/rules"};
    kr_ruleset *rs = NULL;
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruleset_load(&rs, dirs, 1, &d), 0);
    assert_int_equal(d.len, 0);
    assert_non_null(kr_ruleset_source_query(rs, KR_TS_JAVASCRIPT));
    assert_non_null(kr_ruleset_source_query(rs, KR_TS_TSX));
    assert_null(kr_ruleset_source_query(rs, KR_TS_TYPESCRIPT));
    assert_null(kr_ruleset_source_query(rs, KR_TS_NONE));
    /* both rules merged into one javascript query: 2 + 1 patterns */
    assert_int_equal(kr_ts_query_pattern_count(kr_ruleset_source_query(rs, KR_TS_JAVASCRIPT)), 3);

    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(kr_fs_read(&data, &len, KR_FIXTURE_DIR "/ts/src/app.js", &err), 0);
    kr_doc doc;
    kr_doc_init(&doc, "src/app.js", data, len);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    assert_int_equal(doc.format, KR_FMT_SOURCE);
    assert_int_equal(doc.source_lang, KR_TS_JAVASCRIPT);
    assert_int_equal(doc.nroots, 0);
    kr_findings out;
    kr_findings_init(&out);
    kr_eval_options opts = {.lang = KR_LANG_EN};
    kr_eval_doc(rs, &doc, &opts, &out);
    kr_findings_sort(&out);
    assert_int_equal(out.len, 3);
    assert_string_equal(out.items[0].rule->id, "KR-TEST-NODE-TLS");
    assert_int_equal(out.items[0].span.start.line, 0);
    assert_int_equal(out.items[0].span.start.col, 24);
    assert_int_equal(out.items[0].span.end.col, 45);
    assert_int_equal(out.items[0].severity, KR_SEV_ERROR);
    assert_string_equal(out.items[0].message, "weak TLS TLSv1.1 (want TLSv1.2)");
    assert_string_equal(out.items[0].file, "src/app.js");
    assert_string_equal(out.items[1].message, "weak TLS rejectUnauthorized: false (want TLSv1.2)");
    assert_int_equal(out.items[1].span.start.col, 47);
    /* a multi-line capture: the span and {actual} stop at the end of its first line */
    assert_string_equal(out.items[2].rule->id, "KR-TEST-EVAL");
    assert_string_equal(out.items[2].message, "eval: eval('x' + \xE2\x80\xA6");
    assert_int_equal(out.items[2].span.start.line, 2);
    assert_int_equal(out.items[2].span.end.line, 2);
    assert_int_equal(out.items[2].span.end.col, 10);
    assert_int_equal(out.items[2].severity, KR_SEV_WARNING);
    assert_string_equal(out.items[2].snippet, "eval('x' +");
    /* ja messages */
    kr_findings ja;
    kr_findings_init(&ja);
    opts.lang = KR_LANG_JA;
    kr_eval_doc(rs, &doc, &opts, &ja);
    kr_findings_sort(&ja);
    assert_string_equal(ja.items[0].message, "弱い TLS TLSv1.1（TLSv1.2 以上）");
    kr_findings_dispose(&ja);
    kr_findings_dispose(&out);
    kr_doc_dispose(&doc);
    free(data);
    kr_ruleset_free(rs);
    kr_diags_dispose(&d);
}

/* A deferred ruleset compiles nothing and is never written to: the scan's
 * own cache (kr_source_queries) compiles a language on first use, the
 * evaluator finds the same hits through it, and a ruleset compiled at load
 * hands out its own queries. */
static void test_ts__scan_query_cache(void **state)
{
    (void)state;
    const char *dirs[] = {KR_FIXTURE_DIR "/ts/rules"};
    kr_ruleset *rs = NULL;
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_ruleset_load_deferred(&rs, dirs, 1, &d), 0);
    assert_null(kr_ruleset_source_query(rs, KR_TS_JAVASCRIPT));
    kr_source_queries *cache = kr_source_queries_new(rs, true);
    const kr_ts_query *q = kr_source_queries_get(cache, KR_TS_JAVASCRIPT);
    assert_non_null(q);
    assert_ptr_equal(kr_source_queries_get(cache, KR_TS_JAVASCRIPT), q); /* once */
    assert_int_equal(kr_ts_query_pattern_count(q), 3);
    assert_null(kr_source_queries_get(cache, KR_TS_TYPESCRIPT));
    assert_null(kr_ruleset_source_query(rs, KR_TS_JAVASCRIPT)); /* the ruleset untouched */

    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(kr_fs_read(&data, &len, KR_FIXTURE_DIR "/ts/src/app.js", &err), 0);
    kr_doc doc;
    kr_doc_init(&doc, "src/app.js", data, len);
    assert_int_equal(kr_doc_load(&doc, &d), 0);
    kr_findings with, without;
    kr_findings_init(&with);
    kr_findings_init(&without);
    kr_eval_options opts = {.lang = KR_LANG_EN, .queries = cache};
    kr_eval_doc(rs, &doc, &opts, &with);
    assert_int_equal(with.len, 3);
    opts.queries = NULL; /* deferred, not prepared: no query without a cache */
    kr_eval_doc(rs, &doc, &opts, &without);
    assert_int_equal(without.len, 0);
    assert_int_equal(kr_source_queries_errors(cache, &d), 0);
    kr_source_queries_free(cache);

    /* prepared: the ruleset's own queries, also through a cache */
    assert_int_equal(kr_ruleset_prepare_sources(rs, &d), 0);
    cache = kr_source_queries_new(rs, true);
    assert_ptr_equal(kr_source_queries_get(cache, KR_TS_JAVASCRIPT), kr_ruleset_source_query(rs, KR_TS_JAVASCRIPT));
    kr_source_queries_free(cache);
    kr_findings_dispose(&with);
    kr_findings_dispose(&without);
    kr_doc_dispose(&doc);
    free(data);
    kr_ruleset_free(rs);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ts__scan_query_cache),
        cmocka_unit_test(test_ts__lang_by_extension),
        cmocka_unit_test(test_ts__lang_by_shebang),
        cmocka_unit_test(test_ts__lang_names),
        cmocka_unit_test(test_ts__error_in_block_scalar),
        cmocka_unit_test(test_ts__error_in_block_scalar_keep_and_blank_lines),
        cmocka_unit_test(test_ts__error_in_quoted_scalar),
        cmocka_unit_test(test_ts__error_kinds),
        cmocka_unit_test(test_ts__error_maps_to_its_part),
        cmocka_unit_test(test_ts__origin_locate),
        cmocka_unit_test(test_ts__predicate_eq_and_not_eq),
        cmocka_unit_test(test_ts__predicate_match),
        cmocka_unit_test(test_ts__predicate_any_of),
        cmocka_unit_test(test_ts__predicate_quantified_capture),
        cmocka_unit_test(test_ts__predicate_entropy),
        cmocka_unit_test(test_ts__predicate_path),
        cmocka_unit_test(test_ts__unquote),
        cmocka_unit_test(test_ts__typed_comparison_tls),
        cmocka_unit_test(test_ts__comparison_errors),
        cmocka_unit_test(test_ts__merged_parts_and_dedup),
        cmocka_unit_test(test_ts__parse_broken_source),
        cmocka_unit_test(test_ts__shared_query_two_threads),
        cmocka_unit_test(test_ts__loader_reports_query_errors),
        cmocka_unit_test(test_ts__eval_source_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
