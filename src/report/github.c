/* github.c - GitHub Actions workflow commands (docs/ARCHITECTURE.md, "Output formats").
 *
 * One line per finding, which the runner turns into an annotation:
 *   ::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=T::MESSAGE
 * error -> ::error, warning -> ::warning, note and unknown verdicts ->
 * ::notice. col/endColumn are sent only when the region is on one line (the
 * runner ignores them otherwise); columns count UTF-16 code units like the
 * SARIF writer's. Property values escape % CR LF : , and the message
 * escapes % CR LF, '%' first (the runner unescapes "%25" last), so nothing
 * a finding says can end the line or start another command. Other control
 * characters are dropped and invalid UTF-8 becomes U+FFFD.
 * Diagnostics become annotations too (title "krewlint (<code>)").
 * GitHub shows only 10 error and 10 warning annotations per step, so a
 * plain summary line follows, and a note when annotations were hidden.
 */
#include "report/report.h"

#include <inttypes.h>
#include <string.h>

/* GitHub's per-step display limit for each of error and warning annotations. */
#define GH_ANNOTATIONS_PER_STEP 10

static void put_escaped(kr_buf *b, const char *s, bool property)
{
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t l;
        if (c == '%') kr_buf_puts(b, "%25");
        else if (c == '\r') kr_buf_puts(b, "%0D");
        else if (c == '\n') kr_buf_puts(b, "%0A");
        else if (property && c == ':') kr_buf_puts(b, "%3A");
        else if (property && c == ',') kr_buf_puts(b, "%2C");
        else if (c == '\t') kr_buf_putc(b, ' ');
        else if (c < 0x20 || c == 0x7F) { /* dropped: would reach the log raw */ }
        else if (c < 0x80) kr_buf_putc(b, (char)c);
        else if ((l = kr_report__utf8_decode(s + i, n - i, &cp)) == 0) {
            kr_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
        } else {
            if (cp > 0x9F) kr_buf_put(b, s + i, l); /* C1 controls dropped too */
            i += l;
            continue;
        }
        i++;
    }
}

static const char *command_of(kr_severity s)
{
    switch (s) {
    case KR_SEV_ERROR: return "error";
    case KR_SEV_WARNING: return "warning";
    case KR_SEV_NOTE: return "notice";
    }
    return "error";
}

static void put_finding(kr_buf *b, const kr_finding *f, kr_lang lang)
{
    kr_report_pos pos;
    kr_severity level = f->unknown ? KR_SEV_NOTE : f->severity;
    const char *id = f->rule && f->rule->id ? f->rule->id : "krewlint";
    const char *title = f->rule ? kr_text_get(&f->rule->title, lang) : "";
    const char *remediation = f->rule ? kr_text_get(&f->rule->remediation, lang) : "";
    const char *msg = f->message && f->message[0] ? f->message : id;

    kr_report__pos(&pos, f);
    kr_buf_printf(b, "::%s file=", command_of(level));
    put_escaped(b, kr_report__relpath(f->file), true);
    kr_buf_printf(b, ",line=%" PRIu64 ",endLine=%" PRIu64, pos.line, pos.end_line);
    if (pos.end_line == pos.line && pos.end_col)
        kr_buf_printf(b, ",col=%" PRIu64 ",endColumn=%" PRIu64, pos.col, pos.end_col);
    kr_buf_puts(b, ",title=");
    put_escaped(b, id, true);
    if (title[0]) {
        put_escaped(b, ": ", true);
        put_escaped(b, title, true);
    }
    kr_buf_puts(b, "::");
    put_escaped(b, msg, false);
    if (remediation[0]) {
        put_escaped(b, "\n", false);
        put_escaped(b, remediation, false);
    }
    kr_buf_putc(b, '\n');
}

static void put_diag(kr_buf *b, const kr_diag *d)
{
    kr_buf_printf(b, "::%s ", command_of(d->severity));
    if (d->file && d->file[0]) {
        kr_buf_puts(b, "file=");
        put_escaped(b, kr_report__relpath(d->file), true);
        /* Line only: a diagnostic has no line text for a UTF-16 column. */
        if (d->has_pos) kr_buf_printf(b, ",line=%" PRIu64, (uint64_t)d->span.start.line + 1);
        kr_buf_putc(b, ',');
    }
    kr_buf_puts(b, "title=");
    put_escaped(b, "krewlint", true);
    if (d->code && d->code[0]) {
        put_escaped(b, " (", true);
        put_escaped(b, d->code, true);
        put_escaped(b, ")", true);
    }
    kr_buf_puts(b, "::");
    put_escaped(b, d->message && d->message[0] ? d->message : "error", false);
    kr_buf_putc(b, '\n');
}

/* "1 error" / "2 errors". */
static void count_en(kr_buf *b, size_t n, const char *one, const char *many)
{
    kr_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

static void put_summary(kr_buf *b, const kr_result *res, kr_lang lang)
{
    size_t n[3] = {0, 0, 0}, unknown = 0;
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        kr_severity s = f->unknown ? KR_SEV_NOTE : f->severity;
        if ((int)s < KR_SEV_NOTE || s > KR_SEV_ERROR) s = KR_SEV_ERROR;
        n[s]++;
        if (f->unknown) unknown++;
    }
    bool hidden = n[KR_SEV_ERROR] > GH_ANNOTATIONS_PER_STEP || n[KR_SEV_WARNING] > GH_ANNOTATIONS_PER_STEP;
    if (lang == KR_LANG_JA) {
        kr_buf_printf(b, "krewlint: エラー %zu 件、警告 %zu 件、注意 %zu 件（うち判定不能 %zu 件）、"
                         "検査したファイル %zu 件、診断 %zu 件\n",
                      n[KR_SEV_ERROR], n[KR_SEV_WARNING], n[KR_SEV_NOTE], unknown,
                      res->files_scanned, res->diags.len);
        if (hidden)
            kr_buf_printf(b, "krewlint: GitHub が注釈として表示するのはステップごとにエラー %d 件・警告 %d 件"
                             "までです。すべての指摘はこのログにあります。\n",
                          GH_ANNOTATIONS_PER_STEP, GH_ANNOTATIONS_PER_STEP);
        return;
    }
    kr_buf_puts(b, "krewlint: ");
    count_en(b, n[KR_SEV_ERROR], "error", "errors");
    kr_buf_puts(b, ", ");
    count_en(b, n[KR_SEV_WARNING], "warning", "warnings");
    kr_buf_puts(b, ", ");
    count_en(b, n[KR_SEV_NOTE], "note", "notes");
    kr_buf_printf(b, " (%zu unknown); ", unknown);
    count_en(b, res->files_scanned, "file", "files");
    kr_buf_puts(b, " scanned, ");
    count_en(b, res->diags.len, "diagnostic", "diagnostics");
    kr_buf_putc(b, '\n');
    if (hidden)
        kr_buf_printf(b, "krewlint: GitHub shows only %d error and %d warning annotations per step; "
                         "every finding is listed in this log.\n",
                      GH_ANNOTATIONS_PER_STEP, GH_ANNOTATIONS_PER_STEP);
}

int kr_report_github(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    kr_lang lang = opts ? opts->lang : KR_LANG_EN;
    kr_buf b;
    int rc = 0;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < res->findings.len; i++) {
        put_finding(&b, &res->findings.items[i], lang);
        if (b.len >= 65536) {
            if (fwrite(b.ptr, 1, b.len, out) != b.len) {
                rc = KR_EIO;
                goto out;
            }
            kr_buf_clear(&b);
        }
    }
    for (size_t i = 0; i < res->diags.len; i++) put_diag(&b, &res->diags.items[i]);
    put_summary(&b, res, lang);
    if (b.failed) {
        rc = KR_ELIMIT;
        goto out;
    }
    if (b.len && fwrite(b.ptr, 1, b.len, out) != b.len) rc = KR_EIO;
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) rc = KR_EIO;
out:
    kr_buf_dispose(&b);
    return rc;
}
