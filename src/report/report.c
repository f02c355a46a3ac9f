/* report.c - the table of output writers, and the summary counts they share. */
#include "report/report.h"

#include <string.h>

/* The output formats; a new format is one row here (and its name in the
 * CLI's --help). Suppressed findings stay in JSON and SARIF (marked); the
 * other formats leave them out (the summary line counts them). */
static const kr_report_format formats[] = {
    {"text", kr_report_text, false},
    {"json", kr_report_json, true},
    {"sarif", kr_report_sarif, true},
    {"github", kr_report_github, false},
    {"junit", kr_report_junit, false},
    {"checkstyle", kr_report_checkstyle, false},
};

const kr_report_format *kr_report_format_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

kr_report_fn kr_report_find(const char *format)
{
    const kr_report_format *f = kr_report_format_find(format);
    return f ? f->write : NULL;
}

/* errors/warnings/notes count findings by severity; an unknown verdict is a
 * note, so `unknown` is the part of `notes` that are unknown verdicts.
 * diagnostics counts every input diagnostic whatever its severity. */
void kr_summary_compute(kr_summary *out, const kr_result *res)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        if (f->suppressed) {
            out->suppressed++;
            continue;
        }
        if (f->unknown) {
            out->notes++;
            out->unknown++;
            continue;
        }
        switch (f->severity) {
        case KR_SEV_ERROR: out->errors++; break;
        case KR_SEV_WARNING: out->warnings++; break;
        case KR_SEV_NOTE: out->notes++; break;
        default: out->notes++; break;
        }
    }
    out->diagnostics = res->diags.len;
    out->files = res->files_scanned;
}

int kr_report__flush(FILE *out, kr_buf *b)
{
    int rc = 0;
    if (b->failed)
        rc = KR_ERROR;
    else if (b->len && fwrite(b->ptr, 1, b->len, out) != b->len)
        rc = KR_EIO;
    kr_buf_clear(b);
    return rc;
}
