/* test_sarif.c - the CI writers: SARIF, GitHub workflow commands, JUnit and
 * Checkstyle, on a hand-built result (the engine is not needed).
 *
 * Golden files are in tests/fixtures/sarif/ ("@VERSION@" stands for
 * KREWLINT_VERSION). KR_UPDATE_FIXTURES=1 rewrites them from the current
 * output: review the diff before keeping it.
 * Every SARIF/JUnit/Checkstyle document written here is also saved under
 * $KR_TEST_OUTPUT_DIR (default: the working directory, the build's tests/
 * folder under ctest) as sarif-unit-*.sarif.json, sarif-unit-*.junit.xml
 * and sarif-unit-*.checkstyle.xml, for tests/scripts/test_sarif_validate.sh
 * to check with the real validators.
 */
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
#include "report/report.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"

/* ---- a hand-built result ---------------------------------------------------- */

/* A modifiable string with static storage (kr_rule's fields are char *, and
 * -Wwrite-strings makes literals const). */
#define S(lit) ((char[]){lit})

static char *refs1[] = {S("https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html")};
static char *refs2[] = {S("https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html"),
                        S("not a url <x>")};

static kr_rule rule_logs = {
    .id = S("KR-6-13-LOG-RETENTION"),
    .control = S("6-13"),
    .severity = KR_SEV_ERROR,
    .title = {S("CloudWatch log groups keep logs for at least 12 months"),
              S("CloudWatch ロググループのログを12か月以上保持する")},
    .remediation = {S("Set retention_in_days to 365 or more, or remove it."),
                    S("retention_in_days を 365 以上にするか、指定を外してください。")},
    .references = refs1,
    .nreferences = 1,
};

static kr_rule rule_lb = {
    .id = S("KR-6-31-LB-LISTENER-HTTPS"),
    .control = S("6-31"),
    .severity = KR_SEV_WARNING,
    .title = {S("Load balancer listeners use HTTPS"), NULL}, /* no Japanese: English is used */
    .remediation = {S("Use protocol = \"HTTPS\" & a *TLS* policy <ELBSecurityPolicy-TLS13-1-2-2021-06>."), NULL},
    .references = refs2,
    .nreferences = 2,
};

/* A line with Japanese text before the finding: "30" starts at byte 44 but
 * at UTF-16 unit 32 (0-based), so startColumn 33 and endColumn 35. */
#define JA_LINE "  \"ロググループ\": {\"RetentionInDays\": 30}"
#define JA_FILE "deploy/my app/ログ.yaml"

static kr_span span1(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
    kr_span s;
    memset(&s, 0, sizeof s);
    s.start.line = line;
    s.start.col = col;
    s.end.line = end_line;
    s.end.col = end_col;
    return s;
}

static void add_finding(kr_result *res, const kr_rule *rule, const char *file, kr_span span,
                        kr_severity sev, bool unknown, const char *msg, const char *resource,
                        const char *snippet)
{
    kr_findings *fs = &res->findings;
    if (fs->len == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 8;
        fs->items = kr_xrealloc(fs->items, fs->cap * sizeof *fs->items);
    }
    kr_finding *f = &fs->items[fs->len++];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->file = file ? kr_xstrdup(file) : NULL;
    f->span = span;
    f->severity = sev;
    f->unknown = unknown;
    f->message = msg ? kr_xstrdup(msg) : NULL;
    f->resource = resource ? kr_xstrdup(resource) : NULL;
    f->snippet = snippet ? kr_xstrdup(snippet) : NULL;
}

static void result_init(kr_result *res)
{
    memset(res, 0, sizeof *res);
    kr_diags_init(&res->diags);
}

static void result_dispose(kr_result *res)
{
    for (size_t i = 0; i < res->findings.len; i++) {
        kr_finding *f = &res->findings.items[i];
        free(f->file);
        free(f->message);
        free(f->resource);
        free(f->snippet);
    }
    free(res->findings.items);
    kr_diags_dispose(&res->diags);
}

/* The sample every golden file shows: two files with findings (one path
 * with a space and Japanese), an unknown verdict, a multi-line span,
 * characters every format escapes (quotes, markup, %, separators, CR/LF, a
 * control character, an invalid byte, a C1 control), and three kinds of
 * diagnostics. */
static void build_sample(kr_result *res)
{
    result_init(res);
    size_t col = (size_t)(strstr(JA_LINE, "30") - JA_LINE);
    assert_int_equal(col, 44);
    add_finding(res, &rule_logs, "./" JA_FILE, span1(2, (uint32_t)col, 2, (uint32_t)col + 2), KR_SEV_ERROR,
                false, "RetentionInDays is 30; checksheet 6-13 requires at least 365 days", "LogGroup",
                JA_LINE);
    add_finding(res, &rule_lb, "main.tf", span1(9, 2, 14, 1), KR_SEV_WARNING, false,
                "protocol is \"HTTP\" <not HTTPS> & 100% plain, a:b,c\nsecond line \x01\xff\xc2\x85 end",
                "aws_lb_listener.front", "  protocol = \"HTTP\"");
    add_finding(res, &rule_logs, "main.tf", span1(20, 4, 20, 32), KR_SEV_NOTE, true,
                "retention_in_days is var.days: not known statically", "aws_cloudwatch_log_group.app",
                "    retention_in_days = var.days");
    kr_span p = span1(3, 5, 3, 6);
    kr_diags_add(&res->diags, KR_SEV_ERROR, "broken.yaml", &p, "parse-error",
                 "did not find expected key\r\nwhile parsing a block mapping");
    kr_diags_add(&res->diags, KR_SEV_NOTE, "image.png", NULL, "binary-file", "not a text file, skipped");
    kr_diags_add(&res->diags, KR_SEV_WARNING, NULL, NULL, "limit", "100%% of the worker threads: 2");
    res->files_scanned = 4;
    res->files_skipped = 1;
}

/* ---- running a writer --------------------------------------------------------- */

static char *render_opts(kr_report_fn fn, const kr_result *res, const kr_report_options *opts)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fn(f, res, opts), 0);
    rewind(f);
    kr_buf b;
    kr_buf_init(&b, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) kr_buf_put(&b, chunk, n);
    assert_false(ferror(f));
    fclose(f);
    return kr_buf_detach(&b);
}

static char *render(kr_report_fn fn, const kr_result *res, kr_lang lang)
{
    kr_report_options opts = {.lang = lang, .color = false, .rules = NULL};
    return render_opts(fn, res, &opts);
}

static size_t g_cap; /* for render_capped */
static int sarif_capped(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    return kr_report__sarif_capped(out, res, opts, g_cap);
}

/* Saves output for the validation script. */
static void save_output(const char *name, const char *text)
{
    const char *dir = getenv("KR_TEST_OUTPUT_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/sarif-unit-%s", dir && dir[0] ? dir : ".", name);
    FILE *f = fopen(path, "wb");
    if (!f) return; /* a read-only working directory is not this test's failure */
    fputs(text, f);
    fclose(f);
}

/* Replaces every occurrence of `from` with `to`; caller frees. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    size_t fl = strlen(from);
    const char *p;
    while ((p = strstr(s, from)) != NULL) {
        kr_buf_put(&b, s, (size_t)(p - s));
        kr_buf_puts(&b, to);
        s = p + fl;
    }
    kr_buf_puts(&b, s);
    return kr_buf_detach(&b);
}

/* Compares with tests/fixtures/sarif/<name> (after @VERSION@ substitution). */
static void assert_golden(const char *name, const char *actual)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sarif/%s", KR_FIXTURE_DIR, name);
    const char *update = getenv("KR_UPDATE_FIXTURES");
    if (update && strcmp(update, "1") == 0) {
        char *generic = replace_all(actual, "\"" KREWLINT_VERSION "\"", "\"@VERSION@\"");
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(generic, f);
        fclose(f);
        free(generic);
    }
    char *raw = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(kr_fs_read(&raw, &len, path, &err), 0);
    char *expected = replace_all(raw, "@VERSION@", KREWLINT_VERSION);
    if (strcmp(expected, actual) != 0) {
        /* Show the first difference, then fail. */
        size_t i = 0;
        while (expected[i] && expected[i] == actual[i]) i++;
        size_t from = i > 80 ? i - 80 : 0;
        print_error("%s differs at byte %zu\n--- expected: ...%.160s\n--- actual:   ...%.160s\n", name, i,
                    expected + from, actual + from);
    }
    assert_string_equal(expected, actual);
    free(expected);
    free(raw);
}

static size_t count_substr(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* Removes the indentation (a newline and the spaces after it) from the
 * indented JSON, so assertions can name nested members on one line. */
static char *squash(char *json)
{
    char *w = json;
    for (const char *r = json; *r;) {
        if (*r == '\n') {
            r++;
            while (*r == ' ') r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return json;
}

/* ---- helpers ------------------------------------------------------------------ */

static void test_sarif__utf16_column(void **state)
{
    (void)state;
    /* ASCII: byte column + 1. */
    assert_int_equal(kr_report__utf16_column("abc", 0), 1);
    assert_int_equal(kr_report__utf16_column("abc", 2), 3);
    /* Japanese (3 bytes, 1 unit each) before the position. */
    assert_int_equal(kr_report__utf16_column(JA_LINE, 44), 33);
    assert_int_equal(kr_report__utf16_column(JA_LINE, 46), 35);
    /* U+1F600 is 4 bytes and 2 UTF-16 units; U+00E9 is 2 bytes, 1 unit. */
    assert_int_equal(kr_report__utf16_column("\xF0\x9F\x98\x80x", 4), 3);
    assert_int_equal(kr_report__utf16_column("\xC3\xA9x", 2), 2);
    /* Invalid UTF-8: one unit per byte (shown as U+FFFD). */
    assert_int_equal(kr_report__utf16_column("\xFF\xFEx", 2), 3);
    assert_int_equal(kr_report__utf16_column("\xE3\x83x", 2), 3);
    /* Past the end of the known text, or no text: bytes. */
    assert_int_equal(kr_report__utf16_column("\xE3\x83\xAD", 5), 4);
    assert_int_equal(kr_report__utf16_column(NULL, 7), 8);
}

static void test_sarif__region(void **state)
{
    (void)state;
    kr_finding f;
    kr_report_pos pos;
    memset(&f, 0, sizeof f);
    f.snippet = S("  name: ログ # x");
    /* One line. */
    f.span = span1(4, 8, 4, 14);
    kr_report__pos(&pos, &f);
    assert_int_equal(pos.line, 5);
    assert_int_equal(pos.col, 9);
    assert_int_equal(pos.end_line, 5);
    assert_int_equal(pos.end_col, 11);
    /* Ends on a later line: the end column is unknown. */
    f.span = span1(4, 2, 7, 3);
    kr_report__pos(&pos, &f);
    assert_int_equal(pos.end_line, 8);
    assert_int_equal(pos.end_col, 0);
    /* Ends at the start of the next line: the region is the rest of the
     * start line. */
    f.span = span1(4, 2, 5, 0);
    kr_report__pos(&pos, &f);
    assert_int_equal(pos.end_line, 5);
    assert_int_equal(pos.end_col, 15);
    /* Ends at the start of a later line: up to the end of the line before. */
    f.span = span1(4, 2, 9, 0);
    kr_report__pos(&pos, &f);
    assert_int_equal(pos.end_line, 9);
    assert_int_equal(pos.end_col, 0);
    /* An end before the start is treated as an empty span at the start. */
    f.span = span1(4, 8, 3, 0);
    kr_report__pos(&pos, &f);
    assert_int_equal(pos.end_line, 5);
    assert_int_equal(pos.end_col, 9);
}

static void test_sarif__relpath(void **state)
{
    (void)state;
    assert_string_equal(kr_report__relpath("./a/b.tf"), "a/b.tf");
    assert_string_equal(kr_report__relpath("././/a"), "a");
    assert_string_equal(kr_report__relpath("../a"), "../a");
    assert_string_equal(kr_report__relpath(".terraform/x"), ".terraform/x");
    assert_string_equal(kr_report__relpath(NULL), "");
}

static void test_sarif__xml_escape(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b, 0);
    const char in[] = "a&b<c>d\"e'f\tg\nh\ri\x01j\x7fk\xc2\x85l\xef\xbf\xbem\xffn\xe3\x83\xado";
    kr_report__xml_escape(&b, in, sizeof in - 1, true);
    assert_string_equal(kr_buf_cstr(&b),
                        "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;ijklm\xef\xbf\xbdn\xe3\x83\xado");
    kr_buf_clear(&b);
    kr_report__xml_escape(&b, in, sizeof in - 1, false);
    assert_string_equal(kr_buf_cstr(&b),
                        "a&amp;b&lt;c&gt;d\"e'f\tg\nh&#13;ijklm\xef\xbf\xbdn\xe3\x83\xado");
    kr_buf_dispose(&b);
}

/* ---- SARIF ---------------------------------------------------------------------- */

static void test_sarif__golden(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = render(kr_report_sarif, &res, KR_LANG_EN);
    save_output("sample.sarif.json", out);
    assert_golden("sample.sarif.json", out);
    free(out);
    result_dispose(&res);
}

static void test_sarif__uri_and_columns(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = squash(render(kr_report_sarif, &res, KR_LANG_EN));
    /* Space and Japanese percent-encoded (UTF-8 bytes), "./" dropped. */
    assert_non_null(strstr(out, "\"uri\": \"deploy/my%20app/%E3%83%AD%E3%82%B0.yaml\","
                                "\"uriBaseId\": \"%SRCROOT%\""));
    /* Column of "30" after Japanese text: UTF-16 units, not bytes. */
    assert_non_null(strstr(out, "\"region\": {\"startLine\": 3,\"startColumn\": 33,"
                                "\"endLine\": 3,\"endColumn\": 35}"));
    /* Multi-line span: no endColumn. */
    assert_non_null(strstr(out, "\"region\": {\"startLine\": 10,\"startColumn\": 3,\"endLine\": 15}"));
    assert_non_null(strstr(out, "\"columnKind\": \"utf16CodeUnits\""));
    /* GitHub's own key is left to upload-sarif (INTEGRATION 1.4). */
    assert_null(strstr(out, "primaryLocationLineHash"));
    assert_null(strstr(out, "originalUriBaseIds"));
    free(out);
    result_dispose(&res);
}

static void test_sarif__absolute_path_is_file_uri(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    add_finding(&res, &rule_logs, "/tmp/a b/#x?.tf", span1(0, 0, 0, 1), KR_SEV_ERROR, false, "m", NULL, "x");
    char *out = squash(render(kr_report_sarif, &res, KR_LANG_EN));
    assert_non_null(strstr(out, "\"artifactLocation\": {\"uri\": \"file:///tmp/a%20b/%23x%3F.tf\"}"));
    assert_null(strstr(out, "uriBaseId"));
    assert_null(strstr(out, "logicalLocations"));
    free(out);
    result_dispose(&res);
}

static void test_sarif__japanese(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = render(kr_report_sarif, &res, KR_LANG_JA);
    save_output("sample-ja.sarif.json", out);
    assert_golden("sample-ja.sarif.json", out);
    assert_non_null(strstr(out, "\"language\": \"ja-JP\""));
    assert_non_null(strstr(out, "\"text\": \"CloudWatch ロググループのログを12か月以上保持する（チェックシート項目 6-13）\""));
    /* No Japanese title: the English one. */
    assert_non_null(strstr(out, "\"text\": \"Load balancer listeners use HTTPS\""));
    free(out);
    result_dispose(&res);
}

static void test_sarif__empty(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    char *out = render(kr_report_sarif, &res, KR_LANG_EN);
    save_output("empty.sarif.json", out);
    assert_golden("empty.sarif.json", out);
    free(out);
    result_dispose(&res);
}

static void test_sarif__truncation_keeps_most_severe(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    /* In file order: note, warning, error, warning, note (unknown). */
    add_finding(&res, &rule_logs, "a.tf", span1(0, 0, 0, 1), KR_SEV_NOTE, false, "n1", NULL, "x");
    add_finding(&res, &rule_lb, "b.tf", span1(1, 0, 1, 1), KR_SEV_WARNING, false, "w1", NULL, "x");
    add_finding(&res, &rule_logs, "c.tf", span1(2, 0, 2, 1), KR_SEV_ERROR, false, "e1", NULL, "x");
    add_finding(&res, &rule_lb, "d.tf", span1(3, 0, 3, 1), KR_SEV_WARNING, false, "w2", NULL, "x");
    add_finding(&res, &rule_logs, "e.tf", span1(4, 0, 4, 1), KR_SEV_ERROR, true, "u1", NULL, "x");
    g_cap = 3;
    char *out = render(sarif_capped, &res, KR_LANG_EN);
    save_output("truncated.sarif.json", out);
    assert_int_equal(count_substr(out, "\"ruleId\""), 3);
    const char *w1 = strstr(out, "\"text\": \"w1\"");
    const char *e1 = strstr(out, "\"text\": \"e1\"");
    const char *w2 = strstr(out, "\"text\": \"w2\"");
    assert_non_null(w1);
    assert_non_null(e1);
    assert_non_null(w2);
    assert_true(w1 < e1 && e1 < w2); /* still in sorted order */
    assert_null(strstr(out, "\"text\": \"n1\""));
    assert_null(strstr(out, "\"text\": \"u1\""));
    assert_non_null(strstr(out, "\"text\": \"2 of 5 results were left out (notes first, then warnings): "
                                "GitHub code scanning rejects a run with more than 3 results.\""));
    assert_non_null(strstr(out, "\"id\": \"results-truncated\""));
    free(out);

    /* Cap below the errors: the first errors only. */
    g_cap = 1;
    out = render(sarif_capped, &res, KR_LANG_JA);
    assert_int_equal(count_substr(out, "\"ruleId\""), 1);
    assert_non_null(strstr(out, "\"text\": \"e1\""));
    assert_non_null(strstr(out, "4 件の結果（全 5 件中）を省きました"));
    free(out);

    /* Under the cap: everything, no notification. */
    g_cap = 5;
    out = render(sarif_capped, &res, KR_LANG_EN);
    assert_int_equal(count_substr(out, "\"ruleId\""), 5);
    assert_null(strstr(out, "toolExecutionNotifications"));
    free(out);
    result_dispose(&res);
}

static void test_sarif__rule_index_and_names(void **state)
{
    (void)state;
    kr_result res;
    kr_rule odd = {.id = S("CUSTOM_rule-x9"), .control = S("10-2"), .severity = KR_SEV_NOTE, .title = {S(""), S("")}};
    result_init(&res);
    add_finding(&res, &rule_lb, "a.tf", span1(0, 0, 0, 1), KR_SEV_WARNING, false, "", NULL, NULL);
    add_finding(&res, &odd, "a.tf", span1(1, 0, 1, 1), KR_SEV_NOTE, false, "m", NULL, NULL);
    add_finding(&res, &rule_logs, "b.tf", span1(0, 0, 0, 1), KR_SEV_ERROR, false, "m", NULL, NULL);
    add_finding(&res, &rule_lb, "b.tf", span1(1, 0, 1, 1), KR_SEV_WARNING, false, "m", NULL, NULL);
    char *out = render(kr_report_sarif, &res, KR_LANG_EN);
    save_output("rules.sarif.json", out);
    /* Rules sorted by id, each once; ruleIndex matches. */
    const char *r0 = strstr(out, "\"id\": \"CUSTOM_rule-x9\",\n              \"name\": \"CustomRuleX9\"");
    const char *r1 = strstr(out, "\"id\": \"KR-6-13-LOG-RETENTION\",\n              \"name\": \"LogRetention\"");
    const char *r2 = strstr(out, "\"id\": \"KR-6-31-LB-LISTENER-HTTPS\",\n              \"name\": \"LbListenerHttps\"");
    assert_non_null(r0);
    assert_non_null(r1);
    assert_non_null(r2);
    assert_true(r0 < r1 && r1 < r2);
    assert_int_equal(count_substr(out, "\"ruleId\": \"KR-6-31-LB-LISTENER-HTTPS\",\n          \"ruleIndex\": 2,"), 2);
    assert_int_equal(count_substr(out, "\"ruleId\": \"CUSTOM_rule-x9\",\n          \"ruleIndex\": 0,"), 1);
    assert_int_equal(count_substr(out, "\"ruleId\": \"KR-6-13-LOG-RETENTION\",\n          \"ruleIndex\": 1,"), 1);
    /* Empty title: the id describes the rule; note severity. */
    assert_non_null(strstr(out, "\"shortDescription\": {\n                \"text\": \"CUSTOM_rule-x9\""));
    assert_non_null(strstr(out, "\"problem.severity\": \"recommendation\",\n                \"security-severity\": \"2.0\""));
    /* Empty message: never an empty message.text. */
    assert_null(strstr(out, "\"text\": \"\""));
    free(out);
    result_dispose(&res);
}

/* ---- GitHub workflow commands ------------------------------------------------------ */

static void test_sarif__github_golden(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = render(kr_report_github, &res, KR_LANG_EN);
    assert_golden("sample.github.txt", out);
    /* The escaping, spelled out: properties escape % CR LF : , and the
     * message % CR LF only. */
    assert_non_null(strstr(out, "::warning file=main.tf,line=10,endLine=15,"
                                "title=KR-6-31-LB-LISTENER-HTTPS%3A Load balancer listeners use HTTPS::"
                                "protocol is \"HTTP\" <not HTTPS> & 100%25 plain, a:b,c%0Asecond line \xEF\xBF\xBD end%0A"));
    assert_non_null(strstr(out, "::error file=deploy/my app/ログ.yaml,line=3,endLine=3,col=33,endColumn=35,"));
    assert_non_null(strstr(out, "::error file=broken.yaml,line=4,title=krewlint (parse-error)::"
                                "did not find expected key%0D%0Awhile parsing a block mapping\n"));
    assert_non_null(strstr(out, "::warning title=krewlint (limit)::100%25 of the worker threads: 2\n"));
    free(out);

    out = render(kr_report_github, &res, KR_LANG_JA);
    assert_golden("sample-ja.github.txt", out);
    free(out);
    result_dispose(&res);
}

static void test_sarif__github_property_escaping(void **state)
{
    (void)state;
    kr_result res;
    kr_rule r = {.id = S("R,1:x"), .severity = KR_SEV_ERROR, .title = {S("50% a,b:c\r\nd"), NULL}};
    result_init(&res);
    add_finding(&res, &r, "dir,a/b:c%.yaml", span1(0, 0, 0, 1), KR_SEV_ERROR, false, "m\x1b[31m\xff:,", NULL, "x");
    char *out = render(kr_report_github, &res, KR_LANG_EN);
    assert_string_equal(out, "::error file=dir%2Ca/b%3Ac%25.yaml,line=1,endLine=1,col=1,endColumn=2,"
                             "title=R%2C1%3Ax%3A 50%25 a%2Cb%3Ac%0D%0Ad::m[31m\xEF\xBF\xBD:,\n"
                             "krewlint: 1 error, 0 warnings, 0 notes (0 unknown); 0 files scanned, 0 diagnostics\n");
    free(out);
    result_dispose(&res);
}

static void test_sarif__github_annotation_limit_note(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    for (uint32_t i = 0; i < 11; i++)
        add_finding(&res, &rule_lb, "a.tf", span1(i, 0, i, 1), KR_SEV_WARNING, false, "w", NULL, "x");
    res.files_scanned = 1;
    char *out = render(kr_report_github, &res, KR_LANG_EN);
    /* 10 annotations, the 11th as a plain log line, then one notice. */
    assert_int_equal(count_substr(out, "::warning "), 10);
    assert_non_null(strstr(out, "\na.tf:11:1: warning KR-6-31-LB-LISTENER-HTTPS: w\n"));
    const char *tail = strstr(out, "::notice title=krewlint::");
    assert_non_null(tail);
    assert_string_equal(tail, "::notice title=krewlint::1 more finding is not shown as annotations (GitHub shows "
                              "10 errors, 10 warnings and 10 notices per step): every finding is listed in this "
                              "log and in the SARIF report when one is written.\n"
                              "krewlint: 0 errors, 11 warnings, 0 notes (0 unknown); 1 file scanned, 0 diagnostics\n");
    free(out);
    result_dispose(&res);
}

/* Over the limits: the most severe get the annotations (errors, warnings,
 * then notices, diagnostics first within a level), one notice is kept for
 * the count of the others, and the others are plain log lines in file order. */
static void test_sarif__github_annotations_most_severe_first(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    /* notes first in file order, so a writer that took the first N would fail */
    for (uint32_t i = 0; i < 15; i++)
        add_finding(&res, &rule_logs, "a.tf", span1(i, 0, i, 1), KR_SEV_NOTE, true, "n", NULL, "x");
    for (uint32_t i = 0; i < 15; i++)
        add_finding(&res, &rule_lb, "b.tf", span1(i, 0, i, 1), KR_SEV_WARNING, false, "w", NULL, "x");
    for (uint32_t i = 0; i < 24; i++)
        add_finding(&res, &rule_logs, "c.tf", span1(i, 0, i, 1), KR_SEV_ERROR, false, "e", NULL, "x");
    kr_span p = span1(0, 0, 0, 1);
    kr_diags_add(&res.diags, KR_SEV_ERROR, "d.yaml", &p, "parse-error", "bad");
    char *out = render(kr_report_github, &res, KR_LANG_EN);
    assert_int_equal(count_substr(out, "::error "), 10);
    assert_int_equal(count_substr(out, "::warning "), 10);
    assert_int_equal(count_substr(out, "::notice "), 10); /* 9 findings + the count */
    /* the diagnostic is among the 10 errors: c.tf gets 9 */
    assert_non_null(strstr(out, "::error file=d.yaml,line=1,title=krewlint (parse-error)::bad\n"));
    assert_int_equal(count_substr(out, "::error file=c.tf"), 9);
    assert_int_equal(count_substr(out, ": error KR-6-13-LOG-RETENTION: e\n"), 15);
    assert_int_equal(count_substr(out, ": warning KR-6-31-LB-LISTENER-HTTPS: w\n"), 5);
    assert_int_equal(count_substr(out, ": note (unknown) KR-6-13-LOG-RETENTION: n\n"), 6);
    assert_non_null(strstr(out, "::notice title=krewlint::26 more findings are not shown as annotations"));
    /* every finding is in the log, in file order */
    assert_true(strstr(out, "a.tf") < strstr(out, "b.tf") && strstr(out, "b.tf") < strstr(out, "c.tf"));
    free(out);
    result_dispose(&res);
}

/* $GITHUB_STEP_SUMMARY: counts per checksheet item and severity, the most
 * severe findings first, linked to file and line; appended, not replaced. */
static void test_sarif__github_step_summary(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char path[] = "/tmp/krewlint-summary-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "earlier step\n", 13), 13);
    close(fd);
    kr_report_options opts = {.lang = KR_LANG_EN, .step_summary = path,
                              .summary_link_base = "https://github.com/o/r/blob/abc/"};
    char *out = render_opts(kr_report_github, &res, &opts);
    free(out);
    char *sum = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(kr_fs_read(&sum, &len, path, &err), 0);
    unlink(path);
    assert_golden("sample.summary.md", sum);
    assert_true(strncmp(sum, "earlier step\n## krewlint\n", 25) == 0);
    assert_non_null(strstr(sum, "| 6-13 | 1 | 0 | 1 | 1 |\n| 6-31 | 0 | 1 | 0 | 0 |\n"));
    /* the error first, linked, with the space and the Japanese encoded */
    const char *first = strstr(sum, "|---|---|---|---|\n| error | [KR-6-13-LOG-RETENTION](");
    assert_non_null(first);
    assert_non_null(strstr(first, "](https://github.com/o/r/blob/abc/deploy/my%20app/%E3%83%AD%E3%82%B0.yaml#L3)"));
    /* markup in messages is escaped: the table keeps its columns */
    assert_non_null(strstr(sum, "\\<not HTTPS\\> \\& 100% plain, a:b,c second line"));
    free(sum);

    /* no link base: plain locations */
    opts.summary_link_base = NULL;
    memcpy(path, "/tmp/krewlint-summary-XXXXXX", sizeof path);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    out = render_opts(kr_report_github, &res, &opts);
    free(out);
    assert_int_equal(kr_fs_read(&sum, &len, path, &err), 0);
    unlink(path);
    assert_non_null(strstr(sum, "| main.tf:10 |"));
    assert_null(strstr(sum, "](https://github.com/o/"));
    free(sum);
    result_dispose(&res);
}

/* partialFingerprints: the baseline fingerprint under krewlint's own key,
 * numbered among equal ones; unchanged when the finding moves. */
static void test_sarif__partial_fingerprints(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    add_finding(&res, &rule_logs, "a.tf", span1(3, 0, 3, 1), KR_SEV_ERROR, false, "m", "r.x", "  x = 1");
    add_finding(&res, &rule_logs, "a.tf", span1(9, 0, 9, 1), KR_SEV_ERROR, false, "m", "r.x", "  x = 1");
    add_finding(&res, &rule_logs, "b.tf", span1(3, 0, 3, 1), KR_SEV_ERROR, false, "m", "r.x", "  x = 1");
    char fp_a[17], fp_b[17];
    kr_baseline_fingerprint(fp_a, &res.findings.items[0]);
    kr_baseline_fingerprint(fp_b, &res.findings.items[2]);
    char *out = squash(render(kr_report_sarif, &res, KR_LANG_EN));
    char want[128];
    assert_null(strstr(out, "primaryLocationLineHash"));
    snprintf(want, sizeof want, "\"partialFingerprints\": {\"krewlintFingerprint/v1\": \"%s:1\"}", fp_a);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "\"partialFingerprints\": {\"krewlintFingerprint/v1\": \"%s:2\"}", fp_a);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "\"partialFingerprints\": {\"krewlintFingerprint/v1\": \"%s:1\"}", fp_b);
    assert_non_null(strstr(out, want));
    assert_string_not_equal(fp_a, fp_b);
    /* moved down by 40 lines: the same fingerprint */
    res.findings.items[0].span = span1(43, 0, 43, 1);
    char fp_moved[17];
    kr_baseline_fingerprint(fp_moved, &res.findings.items[0]);
    assert_string_equal(fp_a, fp_moved);
    free(out);
    result_dispose(&res);
}

/* executionSuccessful: false when a file could not be read or evaluated;
 * a skipped binary file or a warning does not count. automationDetails only
 * when a category is asked for. */
static void test_sarif__execution_and_category(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    kr_diags_add(&res.diags, KR_SEV_NOTE, "image.png", NULL, "binary-file", "skipped");
    kr_diags_add(&res.diags, KR_SEV_WARNING, "a.yaml", NULL, "duplicate-key", "dup");
    char *out = squash(render(kr_report_sarif, &res, KR_LANG_EN));
    assert_non_null(strstr(out, "\"executionSuccessful\": true"));
    assert_null(strstr(out, "automationDetails"));
    free(out);
    kr_diags_add(&res.diags, KR_SEV_ERROR, "gone.tf", NULL, "io-error", "Permission denied");
    kr_report_options opts = {.lang = KR_LANG_EN, .sarif_category = "krewlint-changed-since"};
    out = squash(render_opts(kr_report_sarif, &res, &opts));
    assert_non_null(strstr(out, "\"executionSuccessful\": false"));
    assert_non_null(strstr(out, "\"automationDetails\": {\"id\": \"krewlint-changed-since/\"}"));
    save_output("category.sarif.json", out);
    free(out);
    opts.sarif_category = "policy/";  /* a trailing '/' is not doubled */
    out = squash(render_opts(kr_report_sarif, &res, &opts));
    assert_non_null(strstr(out, "\"automationDetails\": {\"id\": \"policy/\"}"));
    free(out);
    result_dispose(&res);
}

/* helpUri and help point at the rule's page in the repository. */
static void test_sarif__help_links_rule_page(void **state)
{
    (void)state;
    kr_result res;
    result_init(&res);
    add_finding(&res, &rule_logs, "a.tf", span1(0, 0, 0, 1), KR_SEV_ERROR, false, "m", NULL, "x");
    char *out = squash(render(kr_report_sarif, &res, KR_LANG_EN));
    assert_non_null(strstr(out, "\"helpUri\": \"https://github.com/krewlint/krewlint/blob/main/docs/rules/"
                                "KR-6-13-LOG-RETENTION.md\""));
    assert_non_null(strstr(out, "Rule page: <https://github.com/krewlint/krewlint/blob/main/docs/rules/"
                                "KR-6-13-LOG-RETENTION.md>"));
    free(out);
    out = squash(render(kr_report_sarif, &res, KR_LANG_JA));
    assert_non_null(strstr(out, "/docs/rules/KR-6-13-LOG-RETENTION.md#ja\""));
    free(out);
    result_dispose(&res);
}

/* ---- JUnit and Checkstyle ----------------------------------------------------------- */

static void test_sarif__junit_golden(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = render(kr_report_junit, &res, KR_LANG_EN);
    save_output("sample.junit.xml", out);
    assert_golden("sample.junit.xml", out);
    free(out);
    result_dispose(&res);

    result_init(&res);
    out = render(kr_report_junit, &res, KR_LANG_JA);
    save_output("empty.junit.xml", out);
    assert_golden("empty.junit.xml", out);
    free(out);
    result_dispose(&res);
}

static void test_sarif__checkstyle_golden(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    char *out = render(kr_report_checkstyle, &res, KR_LANG_EN);
    save_output("sample.checkstyle.xml", out);
    assert_golden("sample.checkstyle.xml", out);
    free(out);
    result_dispose(&res);
}

static void test_sarif__write_error_is_reported(void **state)
{
    (void)state;
    kr_result res;
    build_sample(&res);
    FILE *f = fopen(KR_FIXTURE_DIR "/sarif/sample.sarif.json", "r"); /* read-only stream */
    assert_non_null(f);
    kr_report_options opts = {.lang = KR_LANG_EN};
    assert_int_equal(kr_report_sarif(f, &res, &opts), KR_EIO);
    assert_int_equal(kr_report_github(f, &res, &opts), KR_EIO);
    assert_int_equal(kr_report_junit(f, &res, &opts), KR_EIO);
    assert_int_equal(kr_report_checkstyle(f, &res, &opts), KR_EIO);
    fclose(f);
    result_dispose(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sarif__utf16_column),
        cmocka_unit_test(test_sarif__region),
        cmocka_unit_test(test_sarif__relpath),
        cmocka_unit_test(test_sarif__xml_escape),
        cmocka_unit_test(test_sarif__golden),
        cmocka_unit_test(test_sarif__uri_and_columns),
        cmocka_unit_test(test_sarif__absolute_path_is_file_uri),
        cmocka_unit_test(test_sarif__japanese),
        cmocka_unit_test(test_sarif__empty),
        cmocka_unit_test(test_sarif__truncation_keeps_most_severe),
        cmocka_unit_test(test_sarif__rule_index_and_names),
        cmocka_unit_test(test_sarif__github_golden),
        cmocka_unit_test(test_sarif__github_property_escaping),
        cmocka_unit_test(test_sarif__github_annotation_limit_note),
        cmocka_unit_test(test_sarif__github_annotations_most_severe_first),
        cmocka_unit_test(test_sarif__github_step_summary),
        cmocka_unit_test(test_sarif__partial_fingerprints),
        cmocka_unit_test(test_sarif__execution_and_category),
        cmocka_unit_test(test_sarif__help_links_rule_page),
        cmocka_unit_test(test_sarif__junit_golden),
        cmocka_unit_test(test_sarif__checkstyle_golden),
        cmocka_unit_test(test_sarif__write_error_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
