/* json.c - the machine-readable writer. A stable shape, keys always in this
 * order, 2-space indented, one trailing newline:
 *
 * {
 *   "version": "0.1.0",
 *   "findings": [
 *     {
 *       "rule": "KR-6-8-RDS-BACKUP-RETENTION",
 *       "control": "6-8",
 *       "severity": "error",              error | warning | note
 *       "verdict": "fail",                fail | unknown (an unknown is a note)
 *       "file": "main.tf",
 *       "file_bytes": "caf%E9.tf",         only when the name is not valid UTF-8
 *                                         ("file" shows it with U+FFFD): every
 *                                         byte, RFC 3986 percent-encoded
 *       "line": 3, "column": 3,           1-based; columns count bytes
 *       "end_line": 3, "end_column": 33,  end_column points just past the last
 *                                         character (exclusive, as SARIF's endColumn)
 *       "message": "...",                 in the chosen language
 *       "resource": "aws_db_instance.db", omitted when there is none
 *       "title": "...",                   the rule's title in the chosen language
 *       "suppressed": true,               only for a finding an inline suppression
 *       "suppression": {"reason": "...", "by": "..." or null, "until": "YYYY-MM-DD" or null}
 *     }
 *   ],
 *   "diagnostics": [
 *     {"file": ..., "line": ..., "column": ...   (both omitted without position)
 *      "severity": ..., "code": ..., "message": ...}
 *   ],
 *   "summary": {"files", "findings", "errors", "warnings", "notes", "unknown",
 *               "diagnostics"[, "suppressed"]}   (notes include the unknown
 *               verdicts; suppressed findings are counted only in "suppressed",
 *               present when there are any)
 * }
 *
 * Every string goes through kr_buf_put_json_string: valid JSON (and UTF-8)
 * whatever bytes a path or message holds.
 */
#include "report/report.h"

#include <string.h>

#include "shard.h"
#include "util/buf.h"
#include "util/escape.h"

#ifndef KREWLINT_VERSION
#define KREWLINT_VERSION "0.0.0"
#endif

static void put_str(kr_buf *b, const char *s)
{
    if (s)
        kr_buf_put_json_string(b, s, strlen(s));
    else
        kr_buf_puts(b, "null");
}

/* `ind` spaces, "key": then the string value. `last` drops the comma. */
static void put_kv_str(kr_buf *b, int ind, const char *key, const char *val, bool last)
{
    kr_buf_printf(b, "%*s\"%s\": ", ind, "", key);
    put_str(b, val);
    kr_buf_puts(b, last ? "\n" : ",\n");
}

/* "file", and right after it "file_bytes" (the name percent-encoded, RFC
 * 3986 as in SARIF URIs) when the name is not valid UTF-8, which "file"
 * can only show with U+FFFD. */
static void put_kv_file(kr_buf *b, int ind, const char *file)
{
    put_kv_str(b, ind, "file", file, false);
    if (file && !kr_utf8_valid(file, strlen(file))) {
        kr_buf_printf(b, "%*s\"file_bytes\": \"", ind, "");
        kr_escape_uri(b, file, strlen(file));
        kr_buf_puts(b, "\",\n");
    }
}

static void put_kv_num(kr_buf *b, int ind, const char *key, unsigned long long val, bool last)
{
    kr_buf_printf(b, "%*s\"%s\": %llu%s\n", ind, "", key, val, last ? "" : ",");
}

static void put_finding(kr_buf *b, const kr_finding *f, const kr_report_options *opts)
{
    kr_lang lang = opts ? opts->lang : KR_LANG_EN;
    const kr_rule *r = f->rule;
    kr_severity sev = f->unknown ? KR_SEV_NOTE : f->severity;
    kr_buf_puts(b, "    {\n");
    put_kv_str(b, 6, "rule", r ? r->id : NULL, false);
    put_kv_str(b, 6, "control", r ? r->control : NULL, false);
    put_kv_str(b, 6, "severity", kr_severity_name(sev), false);
    put_kv_str(b, 6, "verdict", f->unknown ? "unknown" : "fail", false);
    put_kv_file(b, 6, f->file);
    put_kv_num(b, 6, "line", (unsigned long long)f->span.start.line + 1, false);
    put_kv_num(b, 6, "column", (unsigned long long)f->span.start.col + 1, false);
    put_kv_num(b, 6, "end_line", (unsigned long long)f->span.end.line + 1, false);
    put_kv_num(b, 6, "end_column", (unsigned long long)f->span.end.col + 1, false);
    put_kv_str(b, 6, "message", f->message, false);
    if (f->resource)
        put_kv_str(b, 6, "resource", f->resource, false);
    if (f->ntrace) {
        /* provenance: from where the value is written to the use site */
        kr_buf_puts(b, "      \"trace\": [");
        for (size_t i = 0; i < f->ntrace; i++) {
            const kr_trace_step *t = &f->trace[i];
            kr_buf_puts(b, i ? ", {\"file\": " : "{\"file\": ");
            put_str(b, t->file && t->file[0] ? t->file : NULL);
            kr_buf_printf(b, ", \"line\": %lu, \"column\": %lu, \"note\": ",
                          (unsigned long)t->span.start.line + 1, (unsigned long)t->span.start.col + 1);
            put_str(b, t->note);
            kr_buf_putc(b, '}');
        }
        kr_buf_puts(b, "],\n");
    }
    put_kv_str(b, 6, "title", r ? kr_text_get(&r->title, lang) : NULL, !f->suppressed);
    if (f->suppressed) {
        kr_buf_puts(b, "      \"suppressed\": true,\n      \"suppression\": {\"reason\": ");
        put_str(b, f->suppress_reason);
        kr_buf_puts(b, ", \"by\": ");
        put_str(b, f->suppress_by);
        kr_buf_puts(b, ", \"until\": ");
        put_str(b, f->suppress_until);
        kr_buf_puts(b, "}\n");
    }
    kr_buf_puts(b, "    }");
}

static void put_diag(kr_buf *b, const kr_diag *d)
{
    kr_buf_puts(b, "    {\n");
    put_kv_file(b, 6, d->file);
    if (d->has_pos) {
        put_kv_num(b, 6, "line", (unsigned long long)d->span.start.line + 1, false);
        put_kv_num(b, 6, "column", (unsigned long long)d->span.start.col + 1, false);
    }
    put_kv_str(b, 6, "severity", kr_severity_name(d->severity), false);
    put_kv_str(b, 6, "code", d->code, false);
    put_kv_str(b, 6, "message", d->message, true);
    kr_buf_puts(b, "    }");
}

int kr_report_json(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    kr_buf b;
    kr_summary sum;
    int rc = 0;
    kr_buf_init(&b, 0);
    kr_summary_compute(&sum, res);

    kr_buf_puts(&b, "{\n");
    put_kv_str(&b, 2, "version", KREWLINT_VERSION, false);

    kr_buf_puts(&b, res->findings.len ? "  \"findings\": [\n" : "  \"findings\": [");
    for (size_t i = 0; i < res->findings.len && rc == 0; i++) {
        put_finding(&b, &res->findings.items[i], opts);
        kr_buf_puts(&b, i + 1 < res->findings.len ? ",\n" : "\n  ");
        rc = kr_report__flush(out, &b);
    }
    kr_buf_puts(&b, "],\n");

    kr_buf_puts(&b, res->diags.len ? "  \"diagnostics\": [\n" : "  \"diagnostics\": [");
    for (size_t i = 0; i < res->diags.len && rc == 0; i++) {
        put_diag(&b, &res->diags.items[i]);
        kr_buf_puts(&b, i + 1 < res->diags.len ? ",\n" : "\n  ");
        rc = kr_report__flush(out, &b);
    }
    kr_buf_puts(&b, "],\n");

    kr_buf_puts(&b, "  \"summary\": {\n");
    put_kv_num(&b, 4, "files", sum.files, false);
    put_kv_num(&b, 4, "findings", res->findings.len - sum.suppressed, false);
    put_kv_num(&b, 4, "errors", sum.errors, false);
    put_kv_num(&b, 4, "warnings", sum.warnings, false);
    put_kv_num(&b, 4, "notes", sum.notes, false);
    put_kv_num(&b, 4, "unknown", sum.unknown, false);
    put_kv_num(&b, 4, "diagnostics", sum.diagnostics, sum.suppressed == 0);
    if (sum.suppressed)
        put_kv_num(&b, 4, "suppressed", sum.suppressed, true);
    if (opts && opts->shard) { /* --shard: what krewlint merge reads back */
        kr_buf_puts(&b, "  },\n  \"shard\": ");
        kr_shard_record_json(&b, opts->shard, 2);
        kr_buf_puts(&b, "\n}\n");
    } else {
        kr_buf_puts(&b, "  }\n}\n");
    }
    if (rc == 0)
        rc = kr_report__flush(out, &b);

    kr_buf_dispose(&b);
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = KR_EIO;
    return rc;
}
