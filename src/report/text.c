/* text.c - the human-readable writer (compiler style).
 *
 * Per finding:
 *   FILE:LINE:COL: SEVERITY: MESSAGE [RULE-ID, checksheet CONTROL]
 *   <the source line>
 *   <spaces, tabs copied as tabs>^~~~~
 *     = provenance, when the value comes from elsewhere
 *     fix: the first line of the rule's remediation
 *     see: the rule's page (the SARIF helpUri)
 * then per diagnostic:
 *   FILE:LINE:COL: SEVERITY: MESSAGE [CODE]      (FILE: ... without position)
 * Lines and columns are 1-based; columns count bytes, as the spans do.
 *
 * The output is always valid UTF-8 with one item per line: control bytes
 * (except tab), C1 controls, bidi controls and bytes that are not valid UTF-8
 * are written as \xNN (kr_escape_text, util/escape.h), in paths, messages and
 * source lines alike. The caret line is laid out
 * by the same walk, counting East Asian wide characters as two columns, so the
 * caret stays under the character even after tabs, escapes and Japanese text.
 * A source line longer than SNIPPET_MAX bytes is shown cut around the column
 * ("...").  An unknown verdict is shown with severity "note". No summary: the
 * CLI prints that to stderr.
 */
#include "report/report.h"

#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/escape.h"

/* Lines longer than SNIPPET_MAX bytes are shown as a window of that many
 * bytes starting SNIPPET_BEFORE bytes before the column. */
#define SNIPPET_MAX 400
#define SNIPPET_BEFORE 80

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_MAGENTA "\033[1;35m"
#define ANSI_CYAN "\033[1;36m"
#define ANSI_GREEN "\033[1;32m"

/* ---- characters ----------------------------------------------------------- */

typedef enum unit_kind { U_CHAR, U_TAB } unit_kind;

/* unit - one displayed item of a line as kr_escape_text_unit writes it: a
 * character, a tab, or bytes shown as \xNN (4 columns each). */
typedef struct unit {
    unit_kind kind;
    size_t len;   /* bytes of input */
    size_t width; /* columns of output (a tab counts 1 inside an underline) */
} unit;

static unit next_unit(const char *s, size_t n)
{
    unit u;
    bool tab;
    u.len = kr_escape_text_unit(NULL, s, n, &u.width, &tab);
    u.kind = tab ? U_TAB : U_CHAR;
    return u;
}

/* Writes s[0..n) safely (see the file comment). */
static void put_text(kr_buf *b, const char *s, size_t n)
{
    kr_escape_text(b, s, n);
}

static void put_cstr(kr_buf *b, const char *s)
{
    if (s)
        put_text(b, s, strlen(s));
}

static void put_repeat(kr_buf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kr_buf_putc(b, c);
}

/* ---- pieces --------------------------------------------------------------- */

static const char *sev_color(kr_severity s)
{
    switch (s) {
    case KR_SEV_ERROR: return ANSI_RED;
    case KR_SEV_WARNING: return ANSI_MAGENTA;
    default: return ANSI_CYAN;
    }
}

/* "FILE:LINE:COL: SEVERITY: " (pos NULL: "FILE: SEVERITY: "). */
static void put_head(kr_buf *b, const char *file, const kr_span *pos, kr_severity sev, bool color)
{
    if (color)
        kr_buf_puts(b, ANSI_BOLD);
    put_cstr(b, file && file[0] ? file : "krewlint");
    if (pos)
        kr_buf_printf(b, ":%lu:%lu", (unsigned long)pos->start.line + 1,
                      (unsigned long)pos->start.col + 1);
    kr_buf_putc(b, ':');
    if (color)
        kr_buf_puts(b, ANSI_RESET);
    kr_buf_putc(b, ' ');
    if (color)
        kr_buf_puts(b, sev_color(sev));
    kr_buf_puts(b, kr_severity_name(sev));
    kr_buf_putc(b, ':');
    if (color)
        kr_buf_puts(b, ANSI_RESET);
    kr_buf_putc(b, ' ');
}

/* The source line and, under it, the caret line for span (whose start is on
 * this line). The underline covers the span up to the end of this line. */
static void put_snippet(kr_buf *b, const char *line, const kr_span *span, bool color)
{
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\r')
        n--;
    size_t col = span->start.col;
    size_t end = col;
    if (span->end.line == span->start.line && span->end.col > col)
        end = span->end.col;
    else if (span->end.line > span->start.line)
        end = SIZE_MAX;

    /* A very long line (minified JSON) is cut to a window around the
     * column, marked with "..." on the cut sides; the caret line gets the
     * same three columns of padding. Cuts fall on UTF-8 boundaries. */
    bool cut_left = false, cut_right = false;
    if (n > SNIPPET_MAX) {
        size_t ws = col > SNIPPET_BEFORE && col <= n ? col - SNIPPET_BEFORE : 0;
        if (col > n)
            ws = n > SNIPPET_BEFORE ? n - SNIPPET_BEFORE : 0;
        while (ws > 0 && ws < n && ((unsigned char)line[ws] & 0xC0u) == 0x80u)
            ws--;
        size_t we = ws + SNIPPET_MAX < n ? ws + SNIPPET_MAX : n;
        while (we < n && we > ws && ((unsigned char)line[we] & 0xC0u) == 0x80u)
            we--;
        cut_left = ws > 0;
        cut_right = we < n;
        line += ws;
        n = we - ws;
        col -= ws;
        if (end != SIZE_MAX)
            end = end > ws ? end - ws : 0;
    }

    if (cut_left)
        kr_buf_puts(b, "...");
    put_text(b, line, n);
    if (cut_right)
        kr_buf_puts(b, "...");
    kr_buf_putc(b, '\n');

    if (cut_left)
        kr_buf_puts(b, "   ");
    /* Up to the unit holding byte `col`: copy tabs, pad the rest. */
    size_t i = 0;
    while (i < n) {
        unit u = next_unit(line + i, n - i);
        if (i + u.len > col)
            break;
        if (u.kind == U_TAB)
            kr_buf_putc(b, '\t');
        else
            put_repeat(b, ' ', u.width);
        i += u.len;
    }
    if (i >= n && col > n)
        put_repeat(b, ' ', col - n);   /* a position past the end of the line */

    if (color)
        kr_buf_puts(b, ANSI_GREEN);
    kr_buf_putc(b, '^');
    if (i < n && end > col) {
        unit u = next_unit(line + i, n - i);
        if (u.width > 1)
            put_repeat(b, '~', u.width - 1);
        i += u.len;
        while (i < n && i < end) {
            u = next_unit(line + i, n - i);
            put_repeat(b, '~', u.width);
            i += u.len;
        }
    }
    if (color)
        kr_buf_puts(b, ANSI_RESET);
    kr_buf_putc(b, '\n');
}

/* The first line of a rule's remediation, at most FIX_MAX bytes (cut at a
 * UTF-8 boundary with "..."). */
#define FIX_MAX 300

/* "  fix: REMEDIATION" and "  see: RULE PAGE" under a finding of a rule
 * with a remediation (every bundled rule; the page is the SARIF helpUri,
 * report.h KR_REPORT_RULE_DOCS_URI). */
static void put_fix(kr_buf *b, const kr_rule *r, kr_lang lang)
{
    const char *fix = kr_text_get(&r->remediation, lang);
    if (!fix || !fix[0]) return; /* a rule without remediation has no page either */
    {
        size_t n = strcspn(fix, "\n");
        bool cut = n > FIX_MAX;
        if (cut) {
            n = FIX_MAX;
            while (n > 0 && ((unsigned char)fix[n] & 0xC0) == 0x80) n--;
        }
        kr_buf_puts(b, lang == KR_LANG_JA ? "  修正: " : "  fix: ");
        put_text(b, fix, n);
        if (cut || fix[n] == '\n') kr_buf_puts(b, "...");
        kr_buf_putc(b, '\n');
    }
    kr_buf_printf(b, "%s%s%s.md%s\n", lang == KR_LANG_JA ? "  詳細: " : "  see: ", KR_REPORT_RULE_DOCS_URI,
                  r->id, lang == KR_LANG_JA ? "#ja" : "");
}

static void put_trace_steps(kr_buf *b, const kr_finding *f, kr_lang lang)
{
    if (f->resource && f->resource[0]) {
        kr_buf_puts(b, lang == KR_LANG_JA ? "  リソース: " : "  resource: ");
        put_cstr(b, f->resource);
        kr_buf_putc(b, '\n');
    }
    if (!f->ntrace) return;
    kr_buf_puts(b, lang == KR_LANG_JA ? "  値の出どころ（使われる場所から書かれた場所へ）:\n"
                                      : "  where the value comes from (from its use to where it is written):\n");
    for (size_t i = f->ntrace, k = 1; i-- > 0; k++) {
        const kr_trace_step *t = &f->trace[i];
        kr_buf_printf(b, "    %zu. ", k);
        if (t->file && t->file[0]) {
            put_cstr(b, t->file);
            kr_buf_printf(b, ":%lu:%lu", (unsigned long)t->span.start.line + 1,
                          (unsigned long)t->span.start.col + 1);
        } else {
            kr_buf_puts(b, lang == KR_LANG_JA ? "（コマンドラインまたは環境変数）" : "(the command line or the environment)");
        }
        if (t->note) {
            kr_buf_puts(b, ": ");
            put_cstr(b, t->note);
        }
        kr_buf_putc(b, '\n');
    }
}

static void put_finding(kr_buf *b, const kr_finding *f, bool color, kr_lang lang, bool verbose)
{
    kr_severity sev = f->unknown ? KR_SEV_NOTE : f->severity;
    put_head(b, f->file, &f->span, sev, color);
    put_cstr(b, f->message);
    if (f->rule && f->rule->id) {
        kr_buf_puts(b, " [");
        put_cstr(b, f->rule->id);
        if (f->rule->control) {
            kr_buf_puts(b, ", checksheet ");
            put_cstr(b, f->rule->control);
        }
        kr_buf_putc(b, ']');
    }
    kr_buf_putc(b, '\n');
    if (f->snippet)
        put_snippet(b, f->snippet, &f->span, color);
    /* provenance (eval.h kr_trace_step): one indented line, from the use
     * site back to where the value is written */
    if (verbose) {
        put_trace_steps(b, f, lang);
    } else if (f->ntrace) {
        kr_buf_puts(b, "  = ");
        for (size_t i = f->ntrace; i-- > 0;) {
            const kr_trace_step *t = &f->trace[i];
            if (t->note)
                put_cstr(b, t->note);
            if (t->file && t->file[0]) { /* "": the command line or the environment */
                kr_buf_puts(b, t->note ? " (" : "(");
                put_cstr(b, t->file);
                kr_buf_printf(b, ":%lu:%lu)", (unsigned long)t->span.start.line + 1,
                              (unsigned long)t->span.start.col + 1);
            }
            if (i)
                kr_buf_puts(b, " <- ");
        }
        kr_buf_putc(b, '\n');
    }
    if (f->rule && f->rule->id)
        put_fix(b, f->rule, lang);
}

static void put_diag(kr_buf *b, const kr_diag *d, bool color)
{
    put_head(b, d->file, d->has_pos ? &d->span : NULL, d->severity, color);
    put_cstr(b, d->message);
    if (d->code) {
        kr_buf_puts(b, " [");
        put_cstr(b, d->code);
        kr_buf_putc(b, ']');
    }
    kr_buf_putc(b, '\n');
}

int kr_report_text(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    bool color = opts && opts->color;
    kr_buf b;
    int rc = 0;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < res->findings.len && rc == 0; i++) {
        put_finding(&b, &res->findings.items[i], color, opts ? opts->lang : KR_LANG_EN,
                    opts && opts->verbose);
        rc = kr_report__flush(out, &b);
    }
    for (size_t i = 0; i < res->diags.len && rc == 0; i++) {
        put_diag(&b, &res->diags.items[i], color);
        rc = kr_report__flush(out, &b);
    }
    kr_buf_dispose(&b);
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = KR_EIO;
    return rc;
}
