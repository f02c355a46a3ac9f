/* checkstyle.c - Checkstyle XML (docs/ARCHITECTURE.md, "Output formats"), the de-facto
 * format reviewdog, cs2pr and Jenkins warnings-ng read:
 *
 *   <checkstyle version="4.3">
 *     <file name="deploy/app.yaml">
 *       <error line="12" column="14" severity="error" message="..." source="krewlint.KR-..."/>
 *     </file>
 *   </checkstyle>
 *
 * One <file> per path (sorted), findings then diagnostics. severity is
 * error|warning|info (notes and unknown verdicts are info); columns count
 * UTF-16 code units like the other CI formats (what Checkstyle and ESLint,
 * which consumers are built around, count). source is "krewlint.<rule id>",
 * or "krewlint.<code>" for a diagnostic. A diagnostic without a position
 * is put on line 1 (consumers need a line); one without a file has no
 * place in this format and is left out - the run's exit status and the
 * other formats still carry it.
 */
#include "report/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void put_attr(kr_buf *b, const char *name, const char *value)
{
    kr_buf_printf(b, " %s=\"", name);
    kr_report__xml_escape(b, value, strlen(value), true);
    kr_buf_putc(b, '"');
}

static const char *severity_of(kr_severity s)
{
    switch (s) {
    case KR_SEV_ERROR: return "error";
    case KR_SEV_WARNING: return "warning";
    case KR_SEV_NOTE: return "info";
    }
    return "error";
}

static void put_finding(kr_buf *b, const kr_finding *f)
{
    kr_report_pos pos;
    const char *id = f->rule && f->rule->id ? f->rule->id : "finding";
    kr_report__pos(&pos, f);
    kr_buf_printf(b, "    <error line=\"%" PRIu64 "\" column=\"%" PRIu64 "\"", pos.line, pos.col);
    put_attr(b, "severity", severity_of(f->unknown ? KR_SEV_NOTE : f->severity));
    put_attr(b, "message", f->message && f->message[0] ? f->message : id);
    kr_buf_puts(b, " source=\"krewlint.");
    kr_report__xml_escape(b, id, strlen(id), true);
    kr_buf_puts(b, "\"/>\n");
}

static void put_diag(kr_buf *b, const kr_diag *d)
{
    const char *code = d->code && d->code[0] ? d->code : "error";
    kr_buf_printf(b, "    <error line=\"%" PRIu64 "\"", d->has_pos ? (uint64_t)d->span.start.line + 1 : 1);
    put_attr(b, "severity", severity_of(d->severity));
    put_attr(b, "message", d->message && d->message[0] ? d->message : code);
    kr_buf_puts(b, " source=\"krewlint.");
    kr_report__xml_escape(b, code, strlen(code), true);
    kr_buf_puts(b, "\"/>\n");
}

int kr_report_checkstyle(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    size_t n = 0;
    kr_report_item *items = kr_report__by_file(res, &n);
    kr_buf b;
    int rc = 0;
    (void)opts; /* messages are already in the chosen language */

    kr_buf_init(&b, 0);
    kr_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (size_t i = 0; i < n && items[i].file;) {
        const char *file = items[i].file;
        kr_buf_puts(&b, "  <file");
        put_attr(&b, "name", file);
        kr_buf_puts(&b, ">\n");
        for (; i < n && items[i].file && strcmp(items[i].file, file) == 0; i++) {
            if (items[i].diag) put_diag(&b, &res->diags.items[items[i].index]);
            else put_finding(&b, &res->findings.items[items[i].index]);
        }
        kr_buf_puts(&b, "  </file>\n");
        if (b.len >= 65536 && !b.failed) {
            if (fwrite(b.ptr, 1, b.len, out) != b.len) {
                rc = KR_EIO;
                goto out;
            }
            kr_buf_clear(&b);
        }
    }
    kr_buf_puts(&b, "</checkstyle>\n");
    if (b.failed) {
        rc = KR_ELIMIT;
        goto out;
    }
    if (fwrite(b.ptr, 1, b.len, out) != b.len || fflush(out) != 0 || ferror(out)) rc = KR_EIO;
out:
    kr_buf_dispose(&b);
    free(items);
    return rc;
}
