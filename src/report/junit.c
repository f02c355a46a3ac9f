/* junit.c - JUnit XML for CI report actions (docs/ARCHITECTURE.md, "Output formats"),
 * and the XML escaping and file grouping the Checkstyle writer shares.
 *
 * Shape: <testsuites> holding one <testsuite> per file, one <testcase> per
 * finding or diagnostic of that file, then a "krewlint" suite with one
 * passing "scan" testcase (and the diagnostics that name no file).
 *
 * Why one suite per file rather than per rule: report actions resolve the
 * file an annotation points at from testcase@file or testsuite@file, and the
 * line from a "<space>path:line" in the failure text (mikepenz/
 * action-junit-report). junit-10.xsd (the Jenkins xUnit schema the tests
 * validate against) rejects testcase@file/@line but allows testsuite@file,
 * so per-file suites keep the document valid *and* let the actions place
 * annotations; they also group the way ESLint's, stylelint's and hadolint's
 * JUnit output does, which these actions are used to. The always-present
 * "scan" testcase keeps a clean run from reading as "no tests found"
 * (dorny/test-reporter fails on an empty report by default).
 *
 *   error/warning finding       <failure type=severity message=...>
 *   note finding, unknown       <skipped type=note|unknown message=...>
 *   error diagnostic            <error type=code message=...>
 *   warning/note diagnostic     <skipped type=code message=...>
 * The failure text is "message \n remediation \n RULE at path:line:col".
 * No timestamps: the output depends only on the result; times are "0".
 */
#include "report/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/escape.h"

void kr_report__xml_escape(kr_buf *out, const char *s, size_t n, bool attr)
{
    kr_escape_xml(out, s, n, attr);
}

static void put_attr(kr_buf *b, const char *name, const char *value)
{
    kr_buf_printf(b, " %s=\"", name);
    kr_report__xml_escape(b, value, strlen(value), true);
    kr_buf_putc(b, '"');
}

static const char *item_file(const kr_result *res, const kr_report_item *it)
{
    const char *f = it->diag ? res->diags.items[it->index].file : res->findings.items[it->index].file;
    f = kr_report__relpath(f);
    return f[0] ? f : NULL;
}

static int cmp_item(const void *a, const void *b)
{
    const kr_report_item *x = a, *y = b;
    if (x->file != y->file) {
        if (!x->file) return 1;
        if (!y->file) return -1;
        int c = strcmp(x->file, y->file);
        if (c) return c;
    }
    if (x->diag != y->diag) return x->diag ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

kr_report_item *kr_report__by_file(const kr_result *res, size_t *count)
{
    size_t n = res->findings.len + res->diags.len, k = 0;
    kr_report_item *items = kr_xcalloc(n ? n : 1, sizeof *items);
    for (size_t i = 0; i < res->findings.len; i++, k++) {
        items[k].diag = false;
        items[k].index = i;
        items[k].file = item_file(res, &items[k]);
    }
    for (size_t i = 0; i < res->diags.len; i++, k++) {
        items[k].diag = true;
        items[k].index = i;
        items[k].file = item_file(res, &items[k]);
    }
    if (n) qsort(items, n, sizeof *items, cmp_item);
    *count = n;
    return items;
}

/* Per-suite counts of one group of items [from, to). */
typedef struct suite_counts {
    size_t tests, failures, errors, skipped;
} suite_counts;

static bool is_failure(const kr_finding *f)
{
    return !f->unknown && f->severity != KR_SEV_NOTE;
}

static void count_items(suite_counts *c, const kr_result *res, const kr_report_item *items, size_t from,
                        size_t to)
{
    memset(c, 0, sizeof *c);
    for (size_t i = from; i < to; i++) {
        c->tests++;
        if (items[i].diag) {
            if (res->diags.items[items[i].index].severity == KR_SEV_ERROR) c->errors++;
            else c->skipped++;
        } else if (is_failure(&res->findings.items[items[i].index])) {
            c->failures++;
        } else {
            c->skipped++;
        }
    }
}

static void put_finding(kr_buf *b, kr_buf *tmp, const kr_finding *f, const char *file, kr_lang lang)
{
    kr_report_pos pos;
    const char *id = f->rule && f->rule->id ? f->rule->id : "krewlint";
    const char *remediation = f->rule ? kr_text_get(&f->rule->remediation, lang) : "";
    const char *msg = f->message && f->message[0] ? f->message : id;
    bool failure = is_failure(f);

    kr_report__pos(&pos, f);
    kr_buf_puts(b, "    <testcase");
    put_attr(b, "classname", file);
    kr_buf_clear(tmp);
    kr_buf_puts(tmp, id);
    if (f->resource && f->resource[0]) kr_buf_printf(tmp, " %s", f->resource);
    kr_buf_printf(tmp, " (%" PRIu64 ":%" PRIu64 ")", pos.line, pos.col);
    put_attr(b, "name", kr_buf_cstr(tmp));
    kr_buf_puts(b, " time=\"0\">\n      <");
    kr_buf_puts(b, failure ? "failure" : "skipped");
    put_attr(b, "type", f->unknown ? "unknown" : kr_severity_name(f->severity));
    put_attr(b, "message", msg);
    kr_buf_putc(b, '>');
    kr_buf_clear(tmp);
    kr_buf_printf(tmp, "%s\n", msg);
    if (remediation[0]) kr_buf_printf(tmp, "%s\n", remediation);
    /* Last, so that the action's "last ' path:line' match" finds it. */
    kr_buf_printf(tmp, "%s at %s:%" PRIu64 ":%" PRIu64, id, file, pos.line, pos.col);
    kr_report__xml_escape(b, tmp->ptr, tmp->len, false);
    kr_buf_printf(b, "</%s>\n    </testcase>\n", failure ? "failure" : "skipped");
}

static void put_diag(kr_buf *b, kr_buf *tmp, const kr_diag *d, const char *file)
{
    const char *code = d->code && d->code[0] ? d->code : "error";
    const char *msg = d->message && d->message[0] ? d->message : code;
    const char *tag = d->severity == KR_SEV_ERROR ? "error" : "skipped";
    kr_buf_puts(b, "    <testcase");
    put_attr(b, "classname", file ? file : "krewlint");
    kr_buf_clear(tmp);
    kr_buf_puts(tmp, code);
    if (d->has_pos) kr_buf_printf(tmp, " (%" PRIu64 ")", (uint64_t)d->span.start.line + 1);
    put_attr(b, "name", kr_buf_cstr(tmp));
    kr_buf_printf(b, " time=\"0\">\n      <%s", tag);
    put_attr(b, "type", code);
    put_attr(b, "message", msg);
    kr_buf_putc(b, '>');
    kr_buf_clear(tmp);
    kr_buf_puts(tmp, msg);
    if (file) {
        kr_buf_printf(tmp, "\n%s at %s", code, file);
        if (d->has_pos) kr_buf_printf(tmp, ":%" PRIu64, (uint64_t)d->span.start.line + 1);
    }
    kr_report__xml_escape(b, tmp->ptr, tmp->len, false);
    kr_buf_printf(b, "</%s>\n    </testcase>\n", tag);
}

static void put_suite_open(kr_buf *b, const char *name, const char *file, const suite_counts *c)
{
    kr_buf_puts(b, "  <testsuite");
    put_attr(b, "name", name);
    if (file) put_attr(b, "file", file);
    kr_buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
                  c->tests, c->failures, c->errors, c->skipped);
}

int kr_report_junit(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    kr_lang lang = opts ? opts->lang : KR_LANG_EN;
    size_t n = 0;
    kr_report_item *items = kr_report__by_file(res, &n);
    suite_counts all, c;
    kr_buf b, tmp;
    size_t i = 0;
    int rc = 0;

    kr_buf_init(&b, 0);
    kr_buf_init(&tmp, 0);
    count_items(&all, res, items, 0, n);
    all.tests++; /* the "scan" testcase */
    kr_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"krewlint\"");
    kr_buf_printf(&b, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"0\">\n", all.tests,
                  all.failures, all.errors);
    while (i < n && items[i].file) {
        size_t j = i;
        const char *file = items[i].file;
        while (j < n && items[j].file && strcmp(items[j].file, file) == 0) j++;
        count_items(&c, res, items, i, j);
        put_suite_open(&b, file, file, &c);
        for (; i < j; i++) {
            if (items[i].diag) put_diag(&b, &tmp, &res->diags.items[items[i].index], file);
            else put_finding(&b, &tmp, &res->findings.items[items[i].index], file, lang);
        }
        kr_buf_puts(&b, "  </testsuite>\n");
        if (b.len >= 65536) {
            if (b.failed || tmp.failed) break;
            if (fwrite(b.ptr, 1, b.len, out) != b.len) {
                rc = KR_EIO;
                goto out;
            }
            kr_buf_clear(&b);
        }
    }
    /* The closing suite: items without a file (diagnostics about the run;
     * findings always have one), then the scan summary. */
    count_items(&c, res, items, i, n);
    c.tests++;
    put_suite_open(&b, "krewlint", NULL, &c);
    for (; i < n; i++) {
        if (items[i].diag) put_diag(&b, &tmp, &res->diags.items[items[i].index], NULL);
        else put_finding(&b, &tmp, &res->findings.items[items[i].index], "", lang);
    }
    kr_buf_puts(&b, "    <testcase classname=\"krewlint\" name=\"scan\" time=\"0\">\n      <system-out>");
    kr_buf_clear(&tmp);
    if (lang == KR_LANG_JA)
        kr_buf_printf(&tmp, "検査したファイル %zu 件、対象外 %zu 件", res->files_scanned, res->files_skipped);
    else
        kr_buf_printf(&tmp, "%zu files scanned, %zu skipped", res->files_scanned, res->files_skipped);
    kr_report__xml_escape(&b, tmp.ptr, tmp.len, false);
    kr_buf_puts(&b, "</system-out>\n    </testcase>\n  </testsuite>\n</testsuites>\n");
    if (b.failed || tmp.failed) {
        rc = KR_ELIMIT;
        goto out;
    }
    if (fwrite(b.ptr, 1, b.len, out) != b.len || fflush(out) != 0 || ferror(out)) rc = KR_EIO;
out:
    kr_buf_dispose(&b);
    kr_buf_dispose(&tmp);
    free(items);
    return rc;
}
