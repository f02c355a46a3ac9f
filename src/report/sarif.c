/* sarif.c - the SARIF 2.1.0 writer for GitHub code scanning, and the helpers
 * the other CI writers share (UTF-8 decoding, UTF-16 columns, regions,
 * repository-relative paths).
 *
 * What is written, and why (docs/ARCHITECTURE.md, "Output formats"):
 * - "$schema" (schemastore URL, accepted by GitHub and the SARIF multitool),
 *   "version": "2.1.0", exactly one run: GitHub rejects a file holding
 *   several runs of one tool and category.
 * - tool.driver.rules lists the rules the results reference, sorted by id;
 *   result.ruleIndex points into that list. Every rule carries what GitHub
 *   reads: shortDescription, fullDescription, help.text and help.markdown
 *   (remediation, "Checksheet item N-M", the rule's page, references -
 *   GitHub ignores helpUri, so the links go into the help too),
 *   defaultConfiguration.level, and properties
 *   tags/precision/problem.severity/security-severity. helpUri is the rule's
 *   own page, docs/rules/<ID>.md in the repository (generated from the rule
 *   files by tools/gen_rule_docs.c; "#ja" for the Japanese half).
 *   region.snippet and contextRegion are left out (GitHub reads neither;
 *   the multitool only notes their absence), which keeps files small.
 * - Locations: a repository-relative URI, percent-encoded (RFC 3986: every
 *   byte but the unreserved characters and '/'), with uriBaseId %SRCROOT%.
 *   run.originalUriBaseIds is left out: GitHub resolves relative URIs against
 *   the checkout itself, and an absolute path of this machine would make the
 *   output differ between checkouts (golden tests, alert churn). An absolute
 *   display path becomes a file:// URI, which GitHub relativises against
 *   checkout_path.
 * - Columns: columnKind "utf16CodeUnits" (SARIF's default, and what
 *   JavaScript-based viewers count); the byte columns of kr_span are
 *   converted with the finding's snippet (the text of its line). A region
 *   ending on a later line has no endColumn (that line's text is unknown),
 *   which SARIF reads as "to the end of endLine".
 * - partialFingerprints carry krewlint's own edit-stable fingerprint (the
 *   baseline's, baseline.h: rule, file, resource, failing path and value,
 *   never a line) under the key KR_SARIF_FINGERPRINT_KEY, as "<hex>:<n>"
 *   with n counting equal fingerprints in result order. GitHub's
 *   primaryLocationLineHash is left to upload-sarif, which computes it from
 *   the checkout; another algorithm's value under that key would be wrong
 *   (INTEGRATION 1.4).
 * - automationDetails is left out unless a category is asked for
 *   (kr_report_options.sarif_category: "<category>/"), so upload-sarif's
 *   `category:` applies to a full scan; a partial scan (--changed-since)
 *   gets a category of its own from the CLI, so its upload cannot make the
 *   alerts of the files it did not read look fixed.
 * - Diagnostics go to invocations[0].toolExecutionNotifications.
 *   executionSuccessful is false when an input could not be read or
 *   evaluated at all (diagnostic codes in UNSUCCESSFUL_CODES): its findings
 *   are missing, not absent.
 * - At most KR_SARIF_MAX_RESULTS results (GitHub rejects the whole file
 *   above 25,000). When there are more, the most severe are kept (GitHub
 *   also ranks by severity) in their sorted order, and a warning
 *   notification says how many were left out.
 * - Output is deterministic: no timestamps, no absolute paths of this
 *   machine, stable ordering (the result is sorted by the scanner).
 * The JSON is indented by two spaces and streamed out in chunks of about
 * 1 MiB, so memory does not grow with the number of results.
 */
#include "report/report.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "util/alloc.h"
#include "util/escape.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* The project's home page; one constant so it is easy to change. */
#define KR_INFORMATION_URI KR_REPORT_HOME_URI
/* krewlint's key in result.partialFingerprints (not GitHub's own key). */
#define KR_SARIF_FINGERPRINT_KEY "krewlintFingerprint/v1"

/* Diagnostic codes that mean a file was not evaluated: a scan with one is not
 * executionSuccessful (the findings of that file are unknown). */
static const char *const UNSUCCESSFUL_CODES[] = {"io-error", "internal-error", "parse-error", "limit"};
/* GitHub reads at most 1024 characters of the descriptions and 255 of a
 * rule name; the cap is in bytes, which never exceeds it in characters. */
#define MAX_DESCRIPTION 1024
#define MAX_RULE_NAME 255
/* Flush the output buffer to the stream once it holds this much. */
#define FLUSH_AT ((size_t)1 << 20)

/* ---- helpers shared with github.c, junit.c and checkstyle.c ---------------- */

size_t kr_report__utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    return n ? kr_utf8_decode(s, n, cp) : 0; /* the one decoder, util/escape.h */
}

uint64_t kr_report__utf16_column(const char *line, uint32_t byte_col)
{
    uint64_t units = 0;
    size_t len = line ? strlen(line) : 0;
    size_t i = 0;
    /* A character counts when it starts before byte_col: a column inside a
     * multi-byte character (which the parsers never produce) rounds up. */
    while (i < len && i < byte_col) {
        uint32_t cp;
        size_t l = kr_report__utf8_decode(line + i, len - i, &cp);
        if (l == 0) {
            units++; /* shown as U+FFFD */
            i++;
        } else {
            units += cp >= 0x10000 ? 2 : 1;
            i += l;
        }
    }
    if (byte_col > i) units += byte_col - i; /* past the known text: bytes */
    return units + 1;
}

void kr_report__pos(kr_report_pos *out, const kr_finding *f)
{
    kr_loc s = f->span.start, e = f->span.end;
    if (e.line < s.line || (e.line == s.line && e.col < s.col)) e = s;
    out->line = (uint64_t)s.line + 1;
    out->col = kr_report__utf16_column(f->snippet, s.col);
    if (e.line == s.line) {
        out->end_line = out->line;
        out->end_col = kr_report__utf16_column(f->snippet, e.col);
    } else if (e.col == 0) {
        /* [start, end) stops at a line break: the region ends with the line
         * before end; its last column is known only on the start line. */
        out->end_line = e.line;
        out->end_col = 0;
        if (e.line == (uint64_t)s.line + 1 && f->snippet)
            out->end_col = kr_report__utf16_column(f->snippet, (uint32_t)strlen(f->snippet));
    } else {
        out->end_line = (uint64_t)e.line + 1;
        out->end_col = 0;
    }
}

const char *kr_report__relpath(const char *path)
{
    if (!path) return "";
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/') path++;
    }
    return path;
}

/* ---- a small indenting JSON writer ------------------------------------------ */

/* jw - writes JSON into a kr_buf. `first` is true while the innermost open
 * container has no member yet (decides the comma); containers nest through
 * the call stack, so one flag is enough. */
typedef struct jw {
    kr_buf *b;
    unsigned depth;
    bool first;
} jw;

static void jw_sep(jw *self, const char *key)
{
    if (self->depth > 0) {
        if (!self->first) kr_buf_putc(self->b, ',');
        kr_buf_putc(self->b, '\n');
        for (unsigned i = 0; i < self->depth; i++) kr_buf_put(self->b, "  ", 2);
    }
    if (key) {
        kr_buf_put_json_string(self->b, key, strlen(key));
        kr_buf_put(self->b, ": ", 2);
    }
    self->first = false;
}

static void jw_open(jw *self, const char *key, char bracket)
{
    jw_sep(self, key);
    kr_buf_putc(self->b, bracket);
    self->depth++;
    self->first = true;
}

static void jw_close(jw *self, char bracket)
{
    bool empty = self->first;
    self->depth--;
    if (!empty) {
        kr_buf_putc(self->b, '\n');
        for (unsigned i = 0; i < self->depth; i++) kr_buf_put(self->b, "  ", 2);
    }
    kr_buf_putc(self->b, bracket);
    self->first = false;
}

static void jw_obj(jw *self, const char *key) { jw_open(self, key, '{'); }
static void jw_end_obj(jw *self) { jw_close(self, '}'); }
static void jw_arr(jw *self, const char *key) { jw_open(self, key, '['); }
static void jw_end_arr(jw *self) { jw_close(self, ']'); }

static void jw_strn(jw *self, const char *key, const char *s, size_t n)
{
    jw_sep(self, key);
    kr_buf_put_json_string(self->b, s, n);
}

static void jw_str(jw *self, const char *key, const char *s)
{
    jw_strn(self, key, s, strlen(s));
}

static void jw_u64(jw *self, const char *key, uint64_t v)
{
    jw_sep(self, key);
    kr_buf_printf(self->b, "%" PRIu64, v);
}

static void jw_bool(jw *self, const char *key, bool v)
{
    jw_sep(self, key);
    kr_buf_puts(self->b, v ? "true" : "false");
}

/* {"text": s} with s cut to at most max bytes on a character boundary. */
static void jw_text_capped(jw *self, const char *key, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    jw_obj(self, key);
    jw_strn(self, "text", s, n);
    jw_end_obj(self);
}

/* ---- SARIF pieces --------------------------------------------------------- */

static const char *const LEVELS[] = {"note", "warning", "error"}; /* by kr_severity */

static kr_severity finding_level(const kr_finding *f)
{
    if (f->unknown) return KR_SEV_NOTE;
    if ((int)f->severity < KR_SEV_NOTE || f->severity > KR_SEV_ERROR) return KR_SEV_ERROR;
    return f->severity;
}

static const char *level_name(kr_severity s)
{
    return ((int)s >= KR_SEV_NOTE && s <= KR_SEV_ERROR) ? LEVELS[s] : "error";
}

/* RFC 3986 percent-encoding of a path: unreserved characters and '/' stay. */
static void put_uri_path(kr_buf *b, const char *path)
{
    kr_escape_uri(b, path, strlen(path));
}

static void jw_artifact(jw *self, kr_buf *tmp, const char *file)
{
    const char *rel = kr_report__relpath(file);
    kr_buf_clear(tmp);
    if (rel[0] == '/') {
        kr_buf_puts(tmp, "file://");
        put_uri_path(tmp, rel);
    } else {
        put_uri_path(tmp, rel[0] ? rel : ".");
    }
    jw_obj(self, "artifactLocation");
    jw_str(self, "uri", kr_buf_cstr(tmp));
    if (rel[0] != '/') jw_str(self, "uriBaseId", "%SRCROOT%");
    jw_end_obj(self);
}

/* Rule name for GitHub's rule filter: the id in PascalCase without the
 * "KR-<control>-" prefix ("KR-6-13-LOG-RETENTION" -> "LogRetention"). */
static void rule_name(kr_buf *out, const kr_rule *r)
{
    const char *id = r->id ? r->id : "";
    size_t skip = 0;
    if (strncmp(id, "KR-", 3) == 0) {
        size_t cl = r->control ? strlen(r->control) : 0;
        skip = 3;
        if (cl && strncmp(id + 3, r->control, cl) == 0 && id[3 + cl] == '-') skip = 3 + cl + 1;
    }
    for (int pass = 0; pass < 2 && out->len == 0; pass++) {
        bool up = true;
        for (const char *p = id + (pass == 0 ? skip : 0); *p && out->len < MAX_RULE_NAME; p++) {
            char c = *p;
            bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
            if (!(lower || upper || digit)) {
                up = true;
                continue;
            }
            if (up && lower) c = (char)(c - 'a' + 'A');
            else if (!up && upper) c = (char)(c - 'A' + 'a');
            kr_buf_putc(out, c);
            up = false;
        }
    }
    if (out->len == 0) kr_buf_puts(out, "Rule");
}

/* Backslash-escapes the ASCII punctuation that Markdown could take as markup. */
static void put_markdown(kr_buf *b, const char *s)
{
    kr_escape_markdown(b, s, strlen(s), KR_MD_ALL);
}

/* An absolute http(s) URL made of URI characters only (RFC 3986), so it
 * passes the schema's "uri" format check as helpUri. */
static bool is_http_uri(const char *url)
{
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        unsigned char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL;
        if (c == '%') ok = isxdigit(p[1]) && isxdigit(p[2]);
        if (!ok) return false;
    }
    return true;
}

static bool autolinkable(const char *url)
{
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7F) return false;
    return true;
}

/* kr_sarif_strings - the few sentences the writer adds itself, per language
 * (pieces rather than printf formats, so every format stays a literal). */
typedef struct kr_sarif_strings {
    const char *language;   /* run.language (RFC 5646) */
    const char *checksheet; /* "Checksheet item " + control */
    const char *references;
    const char *page;       /* "Rule page: " + URL */
    const char *full_open;  /* fullDescription: title + full_open + control + full_close */
    const char *full_close;
} kr_sarif_strings;

static const kr_sarif_strings STRINGS[] = {
    {"en-US", "Checksheet item ", "References:", "Rule page: ", " (checksheet item ", ")."},
    {"ja-JP", "チェックシート項目 ", "参考:", "ルールの説明: ", "（チェックシート項目 ", "）"},
};

/* The rule's page: KR_REPORT_RULE_DOCS_URI<ID>.md, "#ja" for the Japanese half. */
static void rule_page(kr_buf *b, const char *id, kr_lang lang)
{
    kr_buf_printf(b, "%s%s.md%s", KR_REPORT_RULE_DOCS_URI, id, lang == KR_LANG_JA ? "#ja" : "");
}

static void put_truncated(kr_buf *b, kr_lang lang, size_t dropped, size_t total, size_t cap)
{
    if (lang == KR_LANG_JA)
        kr_buf_printf(b, "%zu 件の結果（全 %zu 件中）を省きました（注意、警告の順に省略）。"
                         "GitHub のコードスキャンは 1 回の実行につき %zu 件を超える結果を受け付けません。",
                      dropped, total, cap);
    else
        kr_buf_printf(b, "%zu of %zu results were left out (notes first, then warnings): GitHub "
                         "code scanning rejects a run with more than %zu results.",
                      dropped, total, cap);
}

static const char *security_severity(kr_severity s)
{
    switch (s) {
    case KR_SEV_ERROR: return "7.5";
    case KR_SEV_WARNING: return "5.0";
    case KR_SEV_NOTE: return "2.0";
    }
    return "7.5";
}

static const char *problem_severity(kr_severity s)
{
    return s == KR_SEV_NOTE ? "recommendation" : level_name(s);
}

static void jw_rule(jw *self, kr_buf *tmp, const kr_rule *r, const kr_sarif_strings *st, kr_lang lang)
{
    const char *id = r->id ? r->id : "";
    const char *control = r->control ? r->control : "";
    const char *title = kr_text_get(&r->title, lang);
    const char *remediation = kr_text_get(&r->remediation, lang);
    if (!title[0]) title = id;

    jw_obj(self, NULL);
    jw_str(self, "id", id);
    kr_buf_clear(tmp);
    rule_name(tmp, r);
    jw_str(self, "name", kr_buf_cstr(tmp));
    jw_text_capped(self, "shortDescription", title, MAX_DESCRIPTION);
    kr_buf_clear(tmp);
    kr_buf_puts(tmp, title);
    if (control[0]) kr_buf_printf(tmp, "%s%s%s", st->full_open, control, st->full_close);
    jw_text_capped(self, "fullDescription", kr_buf_cstr(tmp), MAX_DESCRIPTION);
    /* GitHub ignores helpUri (the link is in help too); other viewers (and
     * the multitool's SARIF2012) use it. Ids are [A-Z0-9_-] (rule.h), so
     * the page's URL needs no encoding; is_http_uri keeps it valid anyway. */
    kr_buf_clear(tmp);
    rule_page(tmp, id, lang);
    if (is_http_uri(kr_buf_cstr(tmp))) jw_str(self, "helpUri", kr_buf_cstr(tmp));

    /* help.text: remediation, checksheet item, references. */
    jw_obj(self, "help");
    kr_buf_clear(tmp);
    if (remediation[0]) kr_buf_printf(tmp, "%s\n\n", remediation);
    if (control[0]) {
        kr_buf_printf(tmp, "%s%s\n", st->checksheet, control);
    }
    kr_buf_printf(tmp, "%s", st->page);
    rule_page(tmp, id, lang);
    kr_buf_putc(tmp, '\n');
    if (r->nreferences) {
        kr_buf_printf(tmp, "%s\n", st->references);
        for (size_t i = 0; i < r->nreferences; i++)
            kr_buf_printf(tmp, "- %s\n", r->references[i] ? r->references[i] : "");
    }
    if (tmp->len == 0) kr_buf_puts(tmp, title);
    jw_str(self, "text", kr_buf_cstr(tmp));
    /* help.markdown: the same, with the title as a heading line. */
    kr_buf_clear(tmp);
    kr_buf_puts(tmp, "**");
    put_markdown(tmp, title);
    kr_buf_puts(tmp, "**\n\n");
    if (remediation[0]) {
        put_markdown(tmp, remediation);
        kr_buf_puts(tmp, "\n\n");
    }
    if (control[0]) {
        kr_buf_printf(tmp, "%s%s\n\n", st->checksheet, control);
    }
    kr_buf_printf(tmp, "%s<", st->page);
    rule_page(tmp, id, lang);
    kr_buf_puts(tmp, ">\n\n");
    if (r->nreferences) {
        kr_buf_printf(tmp, "%s\n\n", st->references);
        for (size_t i = 0; i < r->nreferences; i++) {
            const char *u = r->references[i] ? r->references[i] : "";
            kr_buf_puts(tmp, "- ");
            if (autolinkable(u)) kr_buf_printf(tmp, "<%s>", u);
            else put_markdown(tmp, u);
            kr_buf_putc(tmp, '\n');
        }
    }
    jw_str(self, "markdown", kr_buf_cstr(tmp));
    jw_end_obj(self);

    jw_obj(self, "defaultConfiguration");
    jw_str(self, "level", level_name(r->severity));
    jw_end_obj(self);

    jw_obj(self, "properties");
    jw_arr(self, "tags");
    jw_str(self, NULL, "security");
    jw_str(self, NULL, "checksheet");
    if (control[0]) {
        kr_buf_clear(tmp);
        kr_buf_printf(tmp, "checksheet-%s", control);
        jw_str(self, NULL, kr_buf_cstr(tmp));
    }
    jw_end_arr(self);
    jw_str(self, "precision", "high");
    jw_str(self, "problem.severity", problem_severity(r->severity));
    jw_str(self, "security-severity", security_severity(r->severity));
    if (control[0]) jw_str(self, "control", control);
    jw_end_obj(self);
    jw_end_obj(self);
}

static int cmp_rule_id(const void *a, const void *b)
{
    const kr_rule *ra = *(const kr_rule *const *)a, *rb = *(const kr_rule *const *)b;
    return strcmp(ra->id ? ra->id : "", rb->id ? rb->id : "");
}

/* The distinct rules the findings reference, sorted by id (deduplicated by
 * id, not by pointer). Caller frees the array. */
static const kr_rule **collect_rules(const kr_findings *fs, size_t *count)
{
    const kr_rule **rules = kr_xcalloc(fs->len ? fs->len : 1, sizeof *rules);
    size_t n = 0;
    for (size_t i = 0; i < fs->len; i++)
        if (fs->items[i].rule) rules[n++] = fs->items[i].rule;
    if (n) qsort(rules, n, sizeof *rules, cmp_rule_id);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || cmp_rule_id(&rules[u - 1], &rules[i]) != 0) rules[u++] = rules[i];
    *count = u;
    return rules;
}

static size_t rule_index(const kr_rule **rules, size_t n, const kr_rule *r)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_rule_id(&rules[mid], &r);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return SIZE_MAX; /* unreachable: every referenced rule was collected */
}

/* Marks the results to write: all of them when they fit under cap, else the
 * most severe first (errors, then warnings, then notes), each level in its
 * sorted order. Returns how many were left out. */
static size_t select_results(bool *keep, const kr_findings *fs, size_t cap)
{
    size_t count[3] = {0, 0, 0};
    size_t budget[3] = {0, 0, 0};
    size_t left = cap, dropped = 0;
    for (size_t i = 0; i < fs->len; i++) count[finding_level(&fs->items[i])]++;
    for (int lv = KR_SEV_ERROR; lv >= KR_SEV_NOTE; lv--) {
        budget[lv] = count[lv] < left ? count[lv] : left;
        left -= budget[lv];
    }
    for (size_t i = 0; i < fs->len; i++) {
        kr_severity lv = finding_level(&fs->items[i]);
        keep[i] = budget[lv] > 0;
        if (keep[i]) budget[lv]--;
        else dropped++;
    }
    return dropped;
}

static void jw_result(jw *self, kr_buf *tmp, const kr_finding *f, const kr_rule **rules,
                      size_t nrules, const char *fingerprint)
{
    kr_report_pos pos;
    const char *msg = f->message;
    jw_obj(self, NULL);
    if (f->rule) {
        jw_str(self, "ruleId", f->rule->id ? f->rule->id : "");
        jw_u64(self, "ruleIndex", rule_index(rules, nrules, f->rule));
    }
    jw_str(self, "level", level_name(finding_level(f)));
    if (!msg || !msg[0]) msg = f->rule && f->rule->id ? f->rule->id : "krewlint finding";
    jw_obj(self, "message");
    jw_str(self, "text", msg);
    jw_end_obj(self);

    jw_arr(self, "locations");
    jw_obj(self, NULL);
    jw_obj(self, "physicalLocation");
    jw_artifact(self, tmp, f->file);
    kr_report__pos(&pos, f);
    jw_obj(self, "region");
    jw_u64(self, "startLine", pos.line);
    jw_u64(self, "startColumn", pos.col);
    jw_u64(self, "endLine", pos.end_line);
    if (pos.end_col) jw_u64(self, "endColumn", pos.end_col);
    jw_end_obj(self);
    jw_end_obj(self);
    if (f->resource && f->resource[0]) {
        jw_arr(self, "logicalLocations");
        jw_obj(self, NULL);
        jw_str(self, "name", f->resource);
        jw_str(self, "kind", "resource");
        jw_end_obj(self);
        jw_end_arr(self);
    }
    jw_end_obj(self);
    jw_end_arr(self);

    /* provenance (eval.h kr_trace_step): where the value is written and each
     * step to its use; the result's own location is the first step */
    if (f->ntrace) {
        jw_arr(self, "relatedLocations");
        for (size_t i = 0; i < f->ntrace; i++) {
            const kr_trace_step *t = &f->trace[i];
            jw_obj(self, NULL);
            jw_u64(self, "id", i + 1);
            if (t->file && t->file[0]) { /* "": the command line or the environment */
                jw_obj(self, "physicalLocation");
                jw_artifact(self, tmp, t->file);
                jw_obj(self, "region");
                jw_u64(self, "startLine", (uint64_t)t->span.start.line + 1);
                jw_u64(self, "startColumn", (uint64_t)t->span.start.col + 1);
                jw_end_obj(self);
                jw_end_obj(self);
            }
            if (t->note) {
                jw_obj(self, "message");
                jw_str(self, "text", t->note);
                jw_end_obj(self);
            }
            jw_end_obj(self);
        }
        jw_end_arr(self);
    }

    /* an inline krewlint:ignore (src/suppress.h): GitHub shows the alert as
     * dismissed, with the justification */
    if (f->suppressed) {
        jw_arr(self, "suppressions");
        jw_obj(self, NULL);
        jw_str(self, "kind", "inSource");
        jw_str(self, "status", "accepted");
        jw_str(self, "justification", f->suppress_reason ? f->suppress_reason : "");
        if (f->suppress_by || f->suppress_until) {
            jw_obj(self, "properties");
            if (f->suppress_by) jw_str(self, "approvedBy", f->suppress_by);
            if (f->suppress_until) jw_str(self, "until", f->suppress_until);
            jw_end_obj(self);
        }
        jw_end_obj(self);
        jw_end_arr(self);
    }

    jw_obj(self, "partialFingerprints");
    jw_str(self, KR_SARIF_FINGERPRINT_KEY, fingerprint);
    jw_end_obj(self);

    jw_obj(self, "properties");
    if (f->rule && f->rule->control) jw_str(self, "control", f->rule->control);
    jw_str(self, "verdict", f->unknown ? "unknown" : "fail");
    jw_end_obj(self);
    jw_end_obj(self);
}

static void jw_notification(jw *self, kr_buf *tmp, const kr_diag *d)
{
    jw_obj(self, NULL);
    jw_str(self, "level", level_name(d->severity));
    jw_obj(self, "message");
    jw_str(self, "text", d->message && d->message[0] ? d->message : (d->code ? d->code : "error"));
    jw_end_obj(self);
    if (d->code && d->code[0]) {
        jw_obj(self, "descriptor");
        jw_str(self, "id", d->code);
        jw_end_obj(self);
    }
    if (d->file && d->file[0]) {
        jw_arr(self, "locations");
        jw_obj(self, NULL);
        jw_obj(self, "physicalLocation");
        jw_artifact(self, tmp, d->file);
        /* No column: a diagnostic carries no line text to convert its byte
         * column to UTF-16 units with. */
        if (d->has_pos) {
            jw_obj(self, "region");
            jw_u64(self, "startLine", (uint64_t)d->span.start.line + 1);
            jw_end_obj(self);
        }
        jw_end_obj(self);
        jw_end_obj(self);
        jw_end_arr(self);
    }
    jw_end_obj(self);
}

static bool execution_successful(const kr_diags *ds)
{
    for (size_t i = 0; i < ds->len; i++) {
        const kr_diag *d = &ds->items[i];
        if (d->severity != KR_SEV_ERROR || !d->code) continue;
        for (size_t k = 0; k < sizeof UNSUCCESSFUL_CODES / sizeof UNSUCCESSFUL_CODES[0]; k++)
            if (strcmp(d->code, UNSUCCESSFUL_CODES[k]) == 0) return false;
    }
    return true;
}

/* result_fp - one result's partialFingerprints value: "<16 hex>:<n>". */
typedef struct result_fp {
    char text[17 + 1 + 20 + 1];
} result_fp;

typedef struct fp_ref {
    char fp[17];
    size_t index;
} fp_ref;

static int cmp_fp_ref(const void *a, const void *b)
{
    const fp_ref *x = a, *y = b;
    int c = strcmp(x->fp, y->fp);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The baseline fingerprint of every finding, numbered 1, 2, ... among equal
 * ones in result order (two equal values in one resource stay apart, as
 * GitHub's own line hash does with ":n"). Caller frees the array. */
static result_fp *fingerprints(const kr_findings *fs)
{
    size_t n = fs->len ? fs->len : 1;
    result_fp *out = kr_xcalloc(n, sizeof *out);
    fp_ref *refs = kr_xcalloc(n, sizeof *refs);
    for (size_t i = 0; i < fs->len; i++) {
        kr_baseline_fingerprint(refs[i].fp, &fs->items[i]);
        refs[i].index = i;
    }
    if (fs->len) qsort(refs, fs->len, sizeof *refs, cmp_fp_ref);
    size_t occurrence = 0;
    for (size_t i = 0; i < fs->len; i++) {
        occurrence = i > 0 && strcmp(refs[i - 1].fp, refs[i].fp) == 0 ? occurrence + 1 : 1;
        snprintf(out[refs[i].index].text, sizeof out[0].text, "%s:%zu", refs[i].fp, occurrence);
    }
    free(refs);
    return out;
}

/* Writes the buffer to the stream when it is large (or always when `all`). */
static int flush(FILE *out, kr_buf *b, bool all)
{
    if (b->failed) return KR_ELIMIT;
    if ((all || b->len >= FLUSH_AT) && b->len) {
        if (fwrite(b->ptr, 1, b->len, out) != b->len) return KR_EIO;
        kr_buf_clear(b);
    }
    return 0;
}

int kr_report__sarif_capped(FILE *out, const kr_result *res, const kr_report_options *opts,
                            size_t max_results)
{
    kr_lang lang = opts ? opts->lang : KR_LANG_EN;
    const kr_sarif_strings *st = &STRINGS[lang == KR_LANG_JA ? 1 : 0];
    const kr_findings *fs = &res->findings;
    const kr_diags *ds = &res->diags;
    kr_buf b, tmp;
    jw w;
    size_t nrules = 0, dropped;
    const kr_rule **rules = collect_rules(fs, &nrules);
    result_fp *fps = NULL;
    bool *keep = kr_xcalloc(fs->len ? fs->len : 1, sizeof *keep);
    int rc = 0;

    if (max_results == 0) max_results = KR_SARIF_MAX_RESULTS;
    dropped = select_results(keep, fs, max_results);
    kr_buf_init(&b, 0);
    kr_buf_init(&tmp, 0);
    w.b = &b;
    w.depth = 0;
    w.first = true;

    jw_obj(&w, NULL);
    jw_str(&w, "$schema", SARIF_SCHEMA);
    jw_str(&w, "version", "2.1.0");
    jw_arr(&w, "runs");
    jw_obj(&w, NULL);

    jw_obj(&w, "tool");
    jw_obj(&w, "driver");
    jw_str(&w, "name", "krewlint");
    jw_str(&w, "semanticVersion", KREWLINT_VERSION);
    jw_str(&w, "version", KREWLINT_VERSION);
    jw_str(&w, "informationUri", KR_INFORMATION_URI);
    jw_arr(&w, "rules");
    for (size_t i = 0; i < nrules; i++) {
        jw_rule(&w, &tmp, rules[i], st, lang);
        if ((rc = flush(out, &b, false)) != 0) goto out;
    }
    jw_end_arr(&w);
    jw_end_obj(&w);
    jw_end_obj(&w);

    if (opts && opts->sarif_category && opts->sarif_category[0]) {
        jw_obj(&w, "automationDetails");
        kr_buf_clear(&tmp);
        kr_buf_puts(&tmp, opts->sarif_category);
        if (tmp.len == 0 || tmp.ptr[tmp.len - 1] != '/') kr_buf_putc(&tmp, '/');
        jw_str(&w, "id", kr_buf_cstr(&tmp));
        jw_end_obj(&w);
    }

    jw_arr(&w, "invocations");
    jw_obj(&w, NULL);
    jw_bool(&w, "executionSuccessful", execution_successful(ds));
    if (ds->len || dropped) {
        jw_arr(&w, "toolExecutionNotifications");
        if (dropped) {
            jw_obj(&w, NULL);
            jw_str(&w, "level", "warning");
            kr_buf_clear(&tmp);
            put_truncated(&tmp, lang, dropped, fs->len, max_results);
            jw_obj(&w, "message");
            jw_str(&w, "text", kr_buf_cstr(&tmp));
            jw_end_obj(&w);
            jw_obj(&w, "descriptor");
            jw_str(&w, "id", "results-truncated");
            jw_end_obj(&w);
            jw_end_obj(&w);
        }
        for (size_t i = 0; i < ds->len; i++) {
            jw_notification(&w, &tmp, &ds->items[i]);
            if ((rc = flush(out, &b, false)) != 0) goto out;
        }
        jw_end_arr(&w);
    }
    jw_end_obj(&w);
    jw_end_arr(&w);

    jw_str(&w, "language", st->language);
    jw_str(&w, "columnKind", "utf16CodeUnits");
    jw_arr(&w, "results");
    fps = fingerprints(fs);
    for (size_t i = 0; i < fs->len; i++) {
        if (!keep[i]) continue;
        jw_result(&w, &tmp, &fs->items[i], rules, nrules, fps[i].text);
        if ((rc = flush(out, &b, false)) != 0) goto out;
    }
    jw_end_arr(&w);

    jw_end_obj(&w);
    jw_end_arr(&w);
    jw_end_obj(&w);
    kr_buf_putc(&b, '\n');
    if ((rc = flush(out, &b, true)) != 0) goto out;
    if (fflush(out) != 0 || ferror(out)) rc = KR_EIO;

out:
    if (rc == 0 && tmp.failed) rc = KR_ELIMIT;
    kr_buf_dispose(&b);
    kr_buf_dispose(&tmp);
    free(fps);
    free(keep);
    free(rules);
    return rc;
}

int kr_report_sarif(FILE *out, const kr_result *res, const kr_report_options *opts)
{
    return kr_report__sarif_capped(out, res, opts, KR_SARIF_MAX_RESULTS);
}
