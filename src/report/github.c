/* github.c - GitHub Actions workflow commands (docs/ARCHITECTURE.md, "Output formats").
 *
 * One line per finding, which the runner turns into an annotation:
 *   ::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=T::MESSAGE
 * error -> ::error, warning -> ::warning, note and unknown verdicts ->
 * ::notice. col/endColumn are sent only when the region is on one line (the
 * runner ignores them otherwise); columns count UTF-16 code units like the
 * SARIF writer's. Property values escape % CR LF : , and the message
 * escapes % CR LF, '%' first (the runner unescapes "%25" last), so nothing
 * a finding says can end the line or start another command (kr_escape_github,
 * util/escape.h). Other hidden characters (controls, bidi) and invalid UTF-8
 * are shown as \xNN; a file name holding any is sent percent-encoded (RFC
 * 3986, as SARIF's URI) so that file= names the real file losslessly.
 * Diagnostics become annotations too (title "krewlint (<code>)").
 *
 * GitHub shows 10 error and 10 warning annotations per step and 50 per job,
 * and drops the rest without a word (INTEGRATION 2). So the annotations go
 * to the most severe items first (errors, then warnings, then notices; in
 * each level in the sorted order), at most GH_ERRORS + GH_WARNINGS +
 * GH_NOTICES of them, one notice is kept back to say how many more there
 * are, and those others are printed as plain "file:line:col: level rule:
 * message" log lines (no workflow command), so the log still lists every
 * finding in file order. A plain summary line ends the output.
 *
 * With kr_report_options.step_summary set ($GITHUB_STEP_SUMMARY), a Markdown
 * job summary is appended to that file: the counts, a table of counts per
 * checksheet item and severity, and the first GH_SUMMARY_ROWS findings (most
 * severe first) linked to file and line when summary_link_base is known.
 */
#include "report/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/alloc.h"

/* GitHub's per-step display limits for error and warning annotations; the
 * same for notices (undocumented: kept as low). 10 + 10 + 10 stays under the
 * 50 per job with room for other steps. */
#define GH_ERRORS 10
#define GH_WARNINGS 10
#define GH_NOTICES 10
/* Findings listed in the job summary (GitHub caps a step's summary at 1 MiB). */
#define GH_SUMMARY_ROWS 20
/* Longest message shown in a summary row, in bytes (cut on a character). */
#define GH_SUMMARY_MESSAGE 300

static void put_escaped(kr_buf *b, const char *s, bool property)
{
    kr_escape_github(b, s, strlen(s), property);
}

/* The file= property: the path itself, or when it is not clean UTF-8 (a
 * control or bidi character, an invalid byte) its RFC 3986 percent-encoding,
 * as SARIF's artifact URI spells it: lossless, and nothing hidden in the log. */
static void put_file(kr_buf *b, const char *path)
{
    size_t n = strlen(path);
    if (kr_escape_is_clean(path, n)) {
        put_escaped(b, path, true);
        return;
    }
    kr_buf enc;
    kr_buf_init(&enc, 0);
    kr_escape_uri(&enc, path, n);
    put_escaped(b, kr_buf_cstr(&enc), true);
    kr_buf_dispose(&enc);
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
    put_file(b, kr_report__relpath(f->file));
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
        put_file(b, kr_report__relpath(d->file));
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

/* gh_item - one finding (diag false) or diagnostic of the result, with the
 * level of its workflow command. */
typedef struct gh_item {
    bool diag;
    size_t index;
    kr_severity level;
    bool annotate;      /* gets a workflow command (within the limits) */
} gh_item;

static kr_severity finding_level(const kr_finding *f)
{
    if (f->unknown) return KR_SEV_NOTE;
    if ((int)f->severity < KR_SEV_NOTE || f->severity > KR_SEV_ERROR) return KR_SEV_ERROR;
    return f->severity;
}

static kr_severity diag_level(const kr_diag *d)
{
    if ((int)d->severity < KR_SEV_NOTE || d->severity > KR_SEV_ERROR) return KR_SEV_ERROR;
    return d->severity;
}

/* Every finding, then every diagnostic (the output order), with annotate
 * set on the most severe up to the limits. Returns the array (caller frees);
 * *hidden is how many items did not get an annotation. */
static gh_item *plan(const kr_result *res, size_t *count, size_t *hidden)
{
    size_t n = res->findings.len + res->diags.len;
    gh_item *items = kr_xcalloc(n ? n : 1, sizeof *items);
    size_t k = 0, total[3] = {0, 0, 0};
    for (size_t i = 0; i < res->findings.len; i++)
        items[k++] = (gh_item){false, i, finding_level(&res->findings.items[i]), false};
    for (size_t i = 0; i < res->diags.len; i++)
        items[k++] = (gh_item){true, i, diag_level(&res->diags.items[i]), false};
    for (size_t i = 0; i < n; i++) total[items[i].level]++;
    size_t room[3];
    room[KR_SEV_ERROR] = GH_ERRORS;
    room[KR_SEV_WARNING] = GH_WARNINGS;
    room[KR_SEV_NOTE] = GH_NOTICES;
    /* When anything is left out, one notice says so: it takes a notice's place. */
    bool overflow = total[KR_SEV_ERROR] > GH_ERRORS || total[KR_SEV_WARNING] > GH_WARNINGS ||
                    total[KR_SEV_NOTE] > GH_NOTICES;
    if (overflow) room[KR_SEV_NOTE]--;
    *hidden = 0;
    /* Within a level, diagnostics first: an unreadable file hides findings. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            bool want_diag = pass == 0;
            if (items[i].diag != want_diag) continue;
            if (room[items[i].level] > 0) {
                room[items[i].level]--;
                items[i].annotate = true;
            } else {
                (*hidden)++;
            }
        }
    }
    *count = n;
    return items;
}

/* A plain log line is terminal text (kr_escape_text, util/escape.h): no
 * workflow-command escaping, since the runner does not unescape it; a path
 * that starts with ':' is written "./:..." so that no plain line can start
 * with "::" and be taken for a command. */
static void put_plain_text(kr_buf *b, const char *s)
{
    kr_escape_text(b, s, strlen(s));
}

static void put_plain_path(kr_buf *b, const char *path)
{
    if (path[0] == ':') kr_buf_puts(b, "./");
    put_plain_text(b, path);
}

/* A plain log line for an item without an annotation:
 * "file:line:col: level RULE: message". */
static void put_plain_finding(kr_buf *b, const kr_finding *f, kr_severity level)
{
    kr_report_pos pos;
    kr_report__pos(&pos, f);
    const char *id = f->rule && f->rule->id ? f->rule->id : "krewlint";
    const char *msg = f->message && f->message[0] ? f->message : id;
    static const char *const names[] = {"note", "warning", "error"};
    put_plain_path(b, kr_report__relpath(f->file));
    kr_buf_printf(b, ":%" PRIu64 ":%" PRIu64 ": %s%s ", pos.line, pos.col, names[level],
                  f->unknown ? " (unknown)" : "");
    put_plain_text(b, id);
    kr_buf_puts(b, ": ");
    put_plain_text(b, msg);
    kr_buf_putc(b, '\n');
}

static void put_plain_diag(kr_buf *b, const kr_diag *d, kr_severity level)
{
    static const char *const names[] = {"note", "warning", "error"};
    if (d->file && d->file[0]) {
        put_plain_path(b, kr_report__relpath(d->file));
        if (d->has_pos) kr_buf_printf(b, ":%" PRIu64, (uint64_t)d->span.start.line + 1);
        kr_buf_puts(b, ": ");
    }
    kr_buf_printf(b, "%s krewlint (", names[level]);
    put_plain_text(b, d->code && d->code[0] ? d->code : "error");
    kr_buf_puts(b, "): ");
    put_plain_text(b, d->message && d->message[0] ? d->message : "error");
    kr_buf_putc(b, '\n');
}

static void put_overflow(kr_buf *b, size_t hidden, const kr_report_options *opts, kr_lang lang)
{
    bool summary = opts && opts->step_summary && opts->step_summary[0];
    kr_buf_puts(b, "::notice title=krewlint::");
    if (lang == KR_LANG_JA)
        kr_buf_printf(b, "ほかに %zu 件あり、注釈には表示していません（GitHub が表示する注釈はステップごとに"
                         "エラー %d 件・警告 %d 件・通知 %d 件までです）。すべての指摘はこのログと SARIF "
                         "レポート（出力した場合）にあります。%s\n",
                      hidden, GH_ERRORS, GH_WARNINGS, GH_NOTICES,
                      summary ? "件数と重大度の高い指摘はジョブの概要にあります。" : "");
    else
        kr_buf_printf(b, "%zu more %s not shown as annotations (GitHub shows %d errors, %d warnings and "
                         "%d notices per step): every finding is listed in this log and in the SARIF report "
                         "when one is written%s.\n",
                      hidden, hidden == 1 ? "finding is" : "findings are", GH_ERRORS, GH_WARNINGS,
                      GH_NOTICES, summary ? "; the job summary has the counts and the most severe" : "");
}

/* "1 error" / "2 errors". */
static void count_en(kr_buf *b, size_t n, const char *one, const char *many)
{
    kr_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* Counts of the shown (not suppressed) findings: [level], and unknown. */
static void count_levels(const kr_result *res, size_t n[3], size_t *unknown)
{
    n[0] = n[1] = n[2] = 0;
    *unknown = 0;
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        n[finding_level(f)]++;
        if (f->unknown) (*unknown)++;
    }
}

static void put_summary(kr_buf *b, const kr_result *res, kr_lang lang)
{
    size_t n[3], unknown;
    count_levels(res, n, &unknown);
    if (lang == KR_LANG_JA) {
        kr_buf_printf(b, "krewlint: エラー %zu 件、警告 %zu 件、注意 %zu 件（うち判定不能 %zu 件）、"
                         "検査したファイル %zu 件、診断 %zu 件\n",
                      n[KR_SEV_ERROR], n[KR_SEV_WARNING], n[KR_SEV_NOTE], unknown,
                      res->files_scanned, res->diags.len);
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
}

/* ---- the job summary (Markdown) --------------------------------------------- */

/* Text for a Markdown table cell: | \ ` * _ [ ] < > # ~ ! & escaped, line
 * breaks and tabs as spaces, hidden characters and invalid bytes as \xNN
 * (kr_escape_markdown, util/escape.h), at most max bytes (cut on a
 * character, with an ellipsis). */
static void put_cell(kr_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t l = kr_utf8_decode(s + i, n - i, &cp);
        if (l == 0) l = 1;
        if (i >= max) {
            kr_buf_puts(b, "\xE2\x80\xA6"); /* … */
            return;
        }
        if (c == '\n' || c == '\r' || c == '\t') kr_buf_putc(b, ' ');
        else if (c == '&') kr_buf_puts(b, "\\&");
        else kr_escape_markdown(b, s + i, l, KR_MD_ALL);
        i += l;
    }
}

/* One path percent-encoded for a URL (unreserved characters and '/' stay). */
static void put_url_path(kr_buf *b, const char *path)
{
    kr_escape_uri(b, path, strlen(path));
}

/* gh_control_count - findings of one checksheet item, per level, and unknown. */
typedef struct gh_control_count {
    const char *control;
    size_t n[3];
    size_t unknown;
} gh_control_count;

static int cmp_control(const void *a, const void *b)
{
    const char *x = ((const gh_control_count *)a)->control, *y = ((const gh_control_count *)b)->control;
    /* numerically by part: 2-1 < 6-8 < 6-13 < 10-2 */
    while (*x && *y) {
        if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
            char *ex, *ey;
            unsigned long vx = strtoul(x, &ex, 10), vy = strtoul(y, &ey, 10);
            if (vx != vy) return vx < vy ? -1 : 1;
            x = ex;
            y = ey;
            continue;
        }
        if (*x != *y) return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++;
        y++;
    }
    return *x ? 1 : *y ? -1 : 0;
}

static int cmp_item_severity(const void *a, const void *b)
{
    const gh_item *x = a, *y = b;
    if (x->level != y->level) return x->level > y->level ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* "file:line" (line 0: none), linked to the scanned commit when the link base is known. */
static void put_row_location(kr_buf *b, const char *file, uint64_t line, const kr_report_options *opts)
{
    const char *rel = kr_report__relpath(file);
    const char *base = opts->summary_link_base;
    bool link = base && base[0] && rel[0] && rel[0] != '/';
    if (link) kr_buf_putc(b, '[');
    put_cell(b, rel, 200);
    if (line) kr_buf_printf(b, ":%" PRIu64, line);
    if (link) {
        kr_buf_printf(b, "](%s", base);
        put_url_path(b, rel);
        if (line) kr_buf_printf(b, "#L%" PRIu64, line);
        kr_buf_putc(b, ')');
    }
}

static void write_step_summary(kr_buf *b, const kr_result *res, const kr_report_options *opts, kr_lang lang)
{
    bool ja = lang == KR_LANG_JA;
    static const char *const en_levels[] = {"note", "warning", "error"};
    static const char *const ja_levels[] = {"注意", "警告", "エラー"};
    const char *const *levels = ja ? ja_levels : en_levels;
    size_t n[3], unknown;
    count_levels(res, n, &unknown);

    kr_buf_puts(b, "## krewlint\n\n");
    if (ja)
        kr_buf_printf(b, "エラー **%zu** 件、警告 **%zu** 件、注意 **%zu** 件（うち判定不能 %zu 件）。"
                         "検査したファイル %zu 件、診断 %zu 件。\n\n",
                      n[KR_SEV_ERROR], n[KR_SEV_WARNING], n[KR_SEV_NOTE], unknown, res->files_scanned,
                      res->diags.len);
    else {
        kr_buf_puts(b, "**");
        count_en(b, n[KR_SEV_ERROR], "error", "errors");
        kr_buf_puts(b, "**, **");
        count_en(b, n[KR_SEV_WARNING], "warning", "warnings");
        kr_buf_puts(b, "**, **");
        count_en(b, n[KR_SEV_NOTE], "note", "notes");
        kr_buf_printf(b, "** (%zu unknown) in ", unknown);
        count_en(b, res->files_scanned, "file", "files");
        kr_buf_puts(b, "; ");
        count_en(b, res->diags.len, "diagnostic", "diagnostics");
        kr_buf_puts(b, ".\n\n");
    }
    if (res->findings.len == 0 && res->diags.len == 0) {
        kr_buf_puts(b, ja ? "指摘はありません。\n\n" : "Nothing found.\n\n");
        return;
    }

    /* Counts per checksheet item. */
    gh_control_count *cc = kr_xcalloc(res->findings.len ? res->findings.len : 1, sizeof *cc);
    size_t ncc = 0;
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        const char *control = f->rule && f->rule->control && f->rule->control[0] ? f->rule->control : "-";
        size_t k = 0;
        while (k < ncc && strcmp(cc[k].control, control) != 0) k++;
        if (k == ncc) cc[ncc++].control = control;
        cc[k].n[finding_level(f)]++;
        if (f->unknown) cc[k].unknown++;
    }
    if (ncc) {
        qsort(cc, ncc, sizeof *cc, cmp_control);
        kr_buf_puts(b, ja ? "| チェックシート項目 | エラー | 警告 | 注意 | うち判定不能 |\n"
                          : "| Checksheet item | Errors | Warnings | Notes | of which unknown |\n");
        kr_buf_puts(b, "|---|--:|--:|--:|--:|\n");
        for (size_t k = 0; k < ncc; k++) {
            kr_buf_puts(b, "| ");
            put_cell(b, cc[k].control, 64);
            kr_buf_printf(b, " | %zu | %zu | %zu | %zu |\n", cc[k].n[KR_SEV_ERROR], cc[k].n[KR_SEV_WARNING],
                          cc[k].n[KR_SEV_NOTE], cc[k].unknown);
        }
        kr_buf_putc(b, '\n');
    }
    free(cc);

    /* The first findings and diagnostics, most severe first. */
    size_t count = res->findings.len + res->diags.len;
    gh_item *items = kr_xcalloc(count, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < res->findings.len; i++)
        items[k++] = (gh_item){false, i, finding_level(&res->findings.items[i]), false};
    for (size_t i = 0; i < res->diags.len; i++)
        items[k++] = (gh_item){true, res->findings.len + i, diag_level(&res->diags.items[i]), false};
    qsort(items, count, sizeof *items, cmp_item_severity);
    size_t rows = count < GH_SUMMARY_ROWS ? count : GH_SUMMARY_ROWS;
    if (ja)
        kr_buf_printf(b, "### 指摘（重大度の高い順に %zu 件 / 全 %zu 件）\n\n", rows, count);
    else
        kr_buf_printf(b, "### Findings (the %zu most severe of %zu)\n\n", rows, count);
    kr_buf_puts(b, ja ? "| 重大度 | ルール | 場所 | メッセージ |\n" : "| Severity | Rule | Location | Message |\n");
    kr_buf_puts(b, "|---|---|---|---|\n");
    for (size_t r = 0; r < rows; r++) {
        const gh_item *it = &items[r];
        kr_buf_printf(b, "| %s | ", levels[it->level]);
        if (!it->diag) {
            const kr_finding *f = &res->findings.items[it->index];
            kr_report_pos pos;
            kr_report__pos(&pos, f);
            const char *id = f->rule && f->rule->id ? f->rule->id : "krewlint";
            if (f->rule && f->rule->id)
                kr_buf_printf(b, "[%s](%s%s.md%s)", id, KR_REPORT_RULE_DOCS_URI, id, ja ? "#ja" : "");
            else
                put_cell(b, id, 100);
            if (f->unknown) kr_buf_puts(b, ja ? "（判定不能）" : " (unknown)");
            kr_buf_puts(b, " | ");
            put_row_location(b, f->file, pos.line, opts);
            kr_buf_puts(b, " | ");
            put_cell(b, f->message && f->message[0] ? f->message : id, GH_SUMMARY_MESSAGE);
        } else {
            const kr_diag *d = &res->diags.items[it->index - res->findings.len];
            kr_buf_puts(b, "krewlint (");
            put_cell(b, d->code && d->code[0] ? d->code : "error", 64);
            kr_buf_puts(b, ") | ");
            if (d->file && d->file[0])
                put_row_location(b, d->file, d->has_pos ? (uint64_t)d->span.start.line + 1 : 0, opts);
            kr_buf_puts(b, " | ");
            put_cell(b, d->message && d->message[0] ? d->message : "error", GH_SUMMARY_MESSAGE);
        }
        kr_buf_puts(b, " |\n");
    }
    kr_buf_putc(b, '\n');
    if (rows < count) {
        if (ja)
            kr_buf_printf(b, "ほかに %zu 件あります。すべての指摘はステップのログと SARIF レポートにあります。\n\n",
                          count - rows);
        else
            kr_buf_printf(b, "%zu more: every finding is in the step's log and in the SARIF report.\n\n",
                          count - rows);
    }
    free(items);
}

/* Appends the job summary to opts->step_summary. 0 or KR_EIO. */
static int append_step_summary(const kr_result *res, const kr_report_options *opts, kr_lang lang)
{
    kr_buf b;
    int rc = 0;
    kr_buf_init(&b, 0);
    write_step_summary(&b, res, opts, lang);
    FILE *f = fopen(opts->step_summary, "a");
    if (!f || b.failed) {
        rc = b.failed ? KR_ELIMIT : KR_EIO;
    } else {
        if (fwrite(b.ptr, 1, b.len, f) != b.len) rc = KR_EIO;
        if (fclose(f) != 0) rc = KR_EIO;
    }
    kr_buf_dispose(&b);
    return rc;
}

int kr_report_github(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    kr_lang lang = opts ? opts->lang : KR_LANG_EN;
    kr_buf b;
    size_t count = 0, hidden = 0;
    gh_item *items = plan(res, &count, &hidden);
    int rc = 0;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < count; i++) {
        const gh_item *it = &items[i];
        if (it->diag) {
            const kr_diag *d = &res->diags.items[it->index];
            if (it->annotate) put_diag(&b, d);
            else put_plain_diag(&b, d, it->level);
        } else {
            const kr_finding *f = &res->findings.items[it->index];
            if (it->annotate) put_finding(&b, f, lang);
            else put_plain_finding(&b, f, it->level);
        }
        if (b.len >= 65536 && (rc = kr_report__flush(out, &b)) != 0) goto out;
    }
    if (hidden) put_overflow(&b, hidden, opts, lang);
    put_summary(&b, res, lang);
    if ((rc = kr_report__flush(out, &b)) != 0) goto out;
    if (fflush(out) != 0 || ferror(out)) rc = KR_EIO;
    if (rc == 0 && opts && opts->step_summary && opts->step_summary[0])
        rc = append_step_summary(res, opts, lang);
out:
    kr_buf_dispose(&b);
    free(items);
    return rc;
}
