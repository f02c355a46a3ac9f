/* checksheet.c - `krewlint report`: the checksheet filled in for a
 * repository (report.h, "the checksheet report").
 *
 * Building: one kr_cs_item per catalog item, in checksheet order. Its rules
 * are the ruleset's rules whose control is the item; their files come from
 * kr_rulecov, their failures and unknown verdicts from the findings; the
 * attestation (if any) gives the answer for what rules cannot see. The
 * status follows kr_checksheet_status, and the 備考 note spells out the
 * evidence: the rules run, the files checked, the failing file:line list,
 * what the rules do not cover (the catalog's note), and the attestation
 * (note, evidence, owner, last review).
 *
 * Writing: four writers over the same model, each building the whole
 * document in one kr_buf. Markdown escapes table cells; HTML is one
 * self-contained page (inline CSS, no scripts, no external resources) laid
 * out for A4; CSV is RFC 4180 with a UTF-8 BOM and CRLF; JSON has fixed key
 * order and is read back by kr_checksheet_compare.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git.h"
#include "diag.h"
#include "doc/doc.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"


/* Files and findings listed in a note before "and N more". */
#define NOTE_MAX_FILES 8
#define NOTE_MAX_FINDINGS 10

/* ----------------------------------------------------------- statuses --- */

static const char *const STATUS_NAMES[KR_CS_NSTATUS] = {"done", "partial", "no", "na", "not-attested",
                                                        "not-evaluated"};
static const char *const STATUS_JA[KR_CS_NSTATUS] = {"○", "△", "×", "-", "未記入", "未評価"};
static const char *const STATUS_EN[KR_CS_NSTATUS] = {"○", "△", "×", "-", "not attested", "not evaluated"};

const char *kr_cs_status_name(kr_cs_status s)
{
    return (unsigned)s < KR_CS_NSTATUS ? STATUS_NAMES[s] : "?";
}

int kr_cs_status_parse(kr_cs_status *out, const char *name)
{
    for (unsigned i = 0; i < KR_CS_NSTATUS; i++)
        if (strcmp(STATUS_NAMES[i], name) == 0) {
            *out = (kr_cs_status)i;
            return 0;
        }
    return -1;
}

const char *kr_cs_status_label(kr_cs_status s, kr_lang lang)
{
    if ((unsigned)s >= KR_CS_NSTATUS) return "?";
    return lang == KR_LANG_JA ? STATUS_JA[s] : STATUS_EN[s];
}

static kr_cs_status from_mark(kr_mark m)
{
    switch (m) {
    case KR_MARK_DONE: return KR_CS_DONE;
    case KR_MARK_PARTIAL: return KR_CS_PARTIAL;
    case KR_MARK_NO: return KR_CS_NO;
    case KR_MARK_NA: return KR_CS_NA;
    default: return KR_CS_NOT_ATTESTED;
    }
}

kr_cs_status kr_checksheet_status(kr_coverage cov, const kr_cs_scan *scan, kr_mark attested)
{
    kr_cs_scan none = {0, 0, 0, 0, 0};
    if (!scan) scan = &none;
    if (scan->nrules > 0 && (cov == KR_COV_ATTESTATION || cov == KR_COV_NA)) cov = KR_COV_PARTIAL;
    if (scan->nrules == 0 && (cov == KR_COV_AUTOMATED || cov == KR_COV_PARTIAL)) cov = KR_COV_ATTESTATION;
    bool ran = scan->files_checked > 0;
    switch (cov) {
    case KR_COV_AUTOMATED:
        if (scan->fails) return KR_CS_NO;
        if (!ran) return attested != KR_MARK_NONE ? from_mark(attested) : KR_CS_NOT_EVALUATED;
        return scan->unknowns || scan->accepted ? KR_CS_PARTIAL : KR_CS_DONE;
    case KR_COV_PARTIAL:
        if (scan->fails) return KR_CS_NO;
        if (attested == KR_MARK_NONE) return ran ? KR_CS_PARTIAL : KR_CS_NOT_EVALUATED;
        if (attested == KR_MARK_DONE && ran && (scan->unknowns || scan->accepted)) return KR_CS_PARTIAL;
        return from_mark(attested);
    case KR_COV_NA:
        return attested != KR_MARK_NONE ? from_mark(attested) : KR_CS_NA;
    case KR_COV_ATTESTATION:
    default:
        return from_mark(attested);
    }
}

int kr_cs_format_parse(kr_cs_format *out, const char *name)
{
    if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
        *out = KR_CS_MARKDOWN;
    else if (strcmp(name, "html") == 0)
        *out = KR_CS_HTML;
    else if (strcmp(name, "json") == 0)
        *out = KR_CS_JSON;
    else if (strcmp(name, "csv") == 0)
        *out = KR_CS_CSV;
    else
        return -1;
    return 0;
}

/* ----------------------------------------------------------- building --- */

/* The display path relative to root ("../repo/terraform/x.tf" -> "terraform/x.tf"). */
static const char *rel_to(const char *root, const char *path)
{
    const char *p = kr_report__relpath(path);
    if (!root) return p;
    const char *r = kr_report__relpath(root);
    size_t n = strlen(r);
    while (n > 0 && r[n - 1] == '/') n--;
    if (n == 0 || (n == 1 && r[0] == '.')) return p;
    if (strncmp(p, r, n) == 0 && p[n] == '/') return p + n + 1;
    return p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and removes duplicates (freeing them). */
static size_t sort_unique(char **v, size_t n)
{
    if (n < 2) return n;
    qsort(v, n, sizeof *v, cmp_str);
    size_t w = 1;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i], v[w - 1]) == 0)
            free(v[i]);
        else
            v[w++] = v[i];
    }
    return w;
}

static int cmp_cs_finding(const void *pa, const void *pb)
{
    const kr_cs_finding *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    c = strcmp(a->rule, b->rule);
    if (c) return c;
    return strcmp(a->message, b->message);
}

static int cmp_rule_ptr_id(const void *pa, const void *pb)
{
    const kr_rule *a = *(const kr_rule *const *)pa, *b = *(const kr_rule *const *)pb;
    return strcmp(a->id, b->id);
}

static bool ja(const kr_checksheet *cs)
{
    return cs->lang == KR_LANG_JA;
}

/* "a, b, c と他 N 件" of v[0, n), at most max. */
static void put_list(kr_buf *b, char *const *v, size_t n, size_t max, bool jp)
{
    for (size_t i = 0; i < n && i < max; i++) kr_buf_printf(b, "%s%s", i ? ", " : "", v[i]);
    if (n > max) kr_buf_printf(b, jp ? " ほか %zu 件" : " and %zu more", n - max);
}

static void put_findings(kr_buf *b, const kr_cs_item *it, bool unknown, bool jp)
{
    size_t n = 0, total = 0;
    for (size_t i = 0; i < it->nfindings; i++) {
        const kr_cs_finding *f = &it->findings[i];
        if (f->accepted || f->unknown != unknown || strncmp(f->rule, "KR-ATTEST-", 10) == 0) continue;
        total++;
        if (n >= NOTE_MAX_FINDINGS) continue;
        kr_buf_printf(b, "%s%s:%u [%s]", n ? ", " : "", f->file, f->line, f->rule);
        n++;
    }
    if (total > n) kr_buf_printf(b, jp ? " ほか %zu 件" : " and %zu more", total - n);
}

const char *kr_cs_accept_name(kr_cs_accept a)
{
    switch (a) {
    case KR_CS_SUPPRESSED: return "suppressed";
    case KR_CS_BASELINED: return "baseline";
    case KR_CS_DISABLED: return "disabled";
    case KR_CS_ACCEPT_NONE: break;
    }
    return "";
}

/* How an accepted finding is described, in the report's language. */
static const char *accept_label(kr_cs_accept a, bool jp)
{
    switch (a) {
    case KR_CS_SUPPRESSED: return jp ? "抑止" : "suppressed";
    case KR_CS_BASELINED: return jp ? "ベースラインで受容" : "accepted in the baseline";
    case KR_CS_DISABLED: return jp ? "設定で無効化" : "rule disabled by the configuration";
    case KR_CS_ACCEPT_NONE: break;
    }
    return "";
}

/* " (LABEL: REASON, by WHO)" for one accepted finding. */
static void put_acceptance(kr_buf *b, const kr_cs_finding *f, bool jp)
{
    kr_buf_printf(b, " (%s", accept_label(f->accepted, jp));
    if (f->reason) kr_buf_printf(b, ": %s", f->reason);
    if (f->by) kr_buf_printf(b, jp ? "、承認 %s" : ", approved by %s", f->by);
    kr_buf_putc(b, ')');
}

/* The findings set apart (inline suppressions, the baseline, rules the
 * configuration turns off), each with its reason and approver. */
static void put_accepted(kr_buf *b, const kr_cs_item *it, bool jp)
{
    size_t n = 0, total = 0;
    for (size_t i = 0; i < it->nfindings; i++) {
        const kr_cs_finding *f = &it->findings[i];
        if (!f->accepted) continue;
        if (total++ == 0) kr_buf_puts(b, jp ? "\n受容済みの例外: " : "\nAccepted exceptions: ");
        if (n >= NOTE_MAX_FINDINGS) continue;
        kr_buf_printf(b, "%s%s:%u [%s]", n ? "; " : "", f->file, f->line, f->rule);
        put_acceptance(b, f, jp);
        n++;
    }
    if (total > n) kr_buf_printf(b, jp ? " ほか %zu 件" : " and %zu more", total - n);
}

static void build_note(kr_checksheet *cs, kr_cs_item *it, const kr_catalog_item *ci)
{
    bool jp = ja(cs);
    kr_buf b;
    kr_buf_init(&b, 0);
    if (it->nrules > 0) {
        kr_buf_puts(&b, jp ? "自動検査（" : "Automated check (");
        kr_buf_printf(&b, jp ? "%zu ルール: " : "%zu rule%s: ", it->nrules, jp ? "" : (it->nrules == 1 ? "" : "s"));
        for (size_t i = 0; i < it->nrules; i++) kr_buf_printf(&b, "%s%s", i ? ", " : "", it->rules[i].id);
        if (it->nfiles == 0) {
            kr_buf_puts(&b, jp ? "）: 対象のファイルがなく、評価されていません" : "): no file to check, not evaluated");
        } else {
            kr_buf_printf(&b, jp ? "）: %zu ファイルを検査 — " : "): %zu file%s checked — ", it->nfiles,
                          jp ? "" : (it->nfiles == 1 ? "" : "s"));
            put_list(&b, it->files, it->nfiles, NOTE_MAX_FILES, jp);
        }
        size_t fails = 0, unknowns = 0;
        for (size_t i = 0; i < it->nrules; i++) fails += it->rules[i].fails, unknowns += it->rules[i].unknowns;
        if (fails) {
            kr_buf_puts(&b, jp ? "\n不適合: " : "\nFailing: ");
            put_findings(&b, it, false, jp);
        } else if (it->nfiles) {
            kr_buf_puts(&b, jp ? "\n不適合なし" : "\nNo failures");
        }
        if (unknowns) {
            kr_buf_puts(&b, jp ? "\n判定不能（値が静的に決まらない）: " : "\nUnknown (value not known statically): ");
            put_findings(&b, it, true, jp);
        }
        put_accepted(&b, it, jp);
    }
    const char *cat_note = ci ? (jp ? ci->note_ja : ci->note_en) : NULL;
    if (ci && !cat_note) cat_note = jp ? ci->note_en : ci->note_ja;
    const kr_attestation *a = it->att;
    bool rules_cover = it->nrules > 0;
    if (a) {
        const char *note = jp ? a->note_ja : a->note_en;
        if (!note) note = jp ? a->note_en : a->note_ja;
        if (note) kr_buf_printf(&b, "%s%s", b.len ? "\n" : "", note);
        if (a->nevidence) {
            kr_buf_puts(&b, b.len ? "\n" : "");
            kr_buf_puts(&b, jp ? "根拠: " : "Evidence: ");
            for (size_t i = 0; i < a->nevidence; i++) kr_buf_printf(&b, "%s%s", i ? ", " : "", a->evidence[i].text);
        }
        if (a->owner) kr_buf_printf(&b, "%s%s%s", b.len ? "\n" : "", jp ? "担当: " : "Owner: ", a->owner);
        if (a->has_reviewed) {
            kr_buf_printf(&b, "%s%s%s", b.len ? "\n" : "", jp ? "最終見直し: " : "Last reviewed: ", a->reviewed_text);
            if (a->has_interval) {
                char due[16];
                kr_date_format(due, sizeof due, a->reviewed_days + a->interval_days);
                kr_buf_printf(&b, jp ? "（間隔 %s、次回期限 %s）" : " (every %s, next due %s)", a->interval_text, due);
            }
        }
    } else if (cat_note && !rules_cover) {
        /* nothing attested: say what evidence is expected */
        if (it->coverage == KR_COV_ATTESTATION)
            kr_buf_printf(&b, "%s%s", jp ? "未記入。" : "Not attested. ", cat_note);
        else
            kr_buf_puts(&b, cat_note);
    }
    if (rules_cover && cat_note && it->coverage == KR_COV_PARTIAL)
        kr_buf_printf(&b, "%s%s", b.len ? "\n" : "", cat_note);
    for (size_t i = 0; i < it->nfindings; i++) {
        const kr_cs_finding *f = &it->findings[i];
        if (strncmp(f->rule, "KR-ATTEST-", 10) != 0) continue;
        kr_buf_printf(&b, "%s%s%s", b.len ? "\n" : "", jp ? "要対応: " : "Action needed: ", f->message);
    }
    it->note = kr_buf_detach(&b);
    if (!it->note) it->note = kr_xstrdup("");
}

static void build_item(kr_checksheet *cs, kr_cs_item *it, const kr_catalog_item *ci, const kr_checksheet_input *in)
{
    bool jp = in->lang == KR_LANG_JA;
    it->number = kr_xstrdup(ci->number);
    const char *sec = jp ? ci->section : (ci->section_en ? ci->section_en : ci->section);
    const char *sub = jp ? ci->subsection : (ci->subsection_en ? ci->subsection_en : ci->subsection);
    it->section = kr_xstrdup(sec ? sec : "");
    it->subsection = sub ? kr_xstrdup(sub) : NULL;
    it->check = kr_xstrdup(jp ? ci->check_ja : ci->summary_en);
    it->coverage = ci->coverage;
    it->att = kr_attest_find(in->attestations, ci->number);
    it->attested = it->att ? it->att->status : KR_MARK_NONE;

    /* the item's rules, by id */
    size_t nr = 0;
    const kr_rule **rules = NULL;
    for (size_t i = 0; in->rules && i < kr_ruleset_count(in->rules); i++) {
        const kr_rule *r = kr_ruleset_get(in->rules, i);
        bool mine = r->control && strcmp(r->control, ci->number) == 0;
        /* the catalog may also list a rule filed under another item (6-26
         * is checked by a 6-28 rule) */
        for (size_t k = 0; !mine && k < ci->nrules; k++) mine = strcmp(ci->rules[k], r->id) == 0;
        if (mine) {
            rules = kr_xrealloc(rules, (nr + 1) * sizeof *rules);
            rules[nr++] = r;
        }
    }
    if (nr > 1) qsort(rules, nr, sizeof *rules, cmp_rule_ptr_id);
    it->rules = kr_xcalloc(nr ? nr : 1, sizeof *it->rules);
    it->nrules = nr;
    size_t nfiles = 0;
    for (size_t i = 0; i < nr; i++) {
        kr_cs_rule *cr = &it->rules[i];
        cr->id = kr_xstrdup(rules[i]->id);
        const kr_rule_files *rf = kr_rulecov_find(in->coverage, cr->id);
        if (rf && rf->nfiles) {
            cr->files = kr_xcalloc(rf->nfiles, sizeof *cr->files);
            for (size_t k = 0; k < rf->nfiles; k++) cr->files[k] = kr_xstrdup(rel_to(in->root, rf->files[k]));
            cr->nfiles = sort_unique(cr->files, rf->nfiles);
            it->files = kr_xrealloc(it->files, (nfiles + cr->nfiles) * sizeof *it->files);
            for (size_t k = 0; k < cr->nfiles; k++) it->files[nfiles++] = kr_xstrdup(cr->files[k]);
        }
    }
    it->nfiles = sort_unique(it->files, nfiles);
    free(rules);

    /* the findings about the item: the scan's and the attestation checks',
     * then those set apart by the baseline and the configuration */
    const kr_findings *lists[3] = {in->findings, in->baselined, in->disabled};
    for (size_t l = 0; l < 3; l++)
    for (size_t i = 0; lists[l] && i < lists[l]->len; i++) {
        const kr_finding *f = &lists[l]->items[i];
        if (!f->rule || !f->rule->id) continue;
        bool mine = false;
        for (size_t k = 0; k < it->nrules && !mine; k++) mine = strcmp(it->rules[k].id, f->rule->id) == 0;
        /* the attestation checks' findings name their item as control */
        if (!mine && strncmp(f->rule->id, "KR-ATTEST-", 10) == 0)
            mine = f->rule->control && strcmp(f->rule->control, ci->number) == 0;
        if (!mine) continue;
        it->findings = kr_xrealloc(it->findings, (it->nfindings + 1) * sizeof *it->findings);
        kr_cs_finding *cf = &it->findings[it->nfindings++];
        cf->file = kr_xstrdup(rel_to(in->root, f->file ? f->file : ""));
        cf->line = f->span.start.line + 1;
        cf->column = f->span.start.col + 1;
        cf->rule = kr_xstrdup(f->rule->id);
        cf->unknown = f->unknown;
        cf->severity = f->severity;
        cf->message = kr_xstrdup(f->message ? f->message : "");
        cf->accepted = l == 1 ? KR_CS_BASELINED : l == 2 ? KR_CS_DISABLED : f->suppressed ? KR_CS_SUPPRESSED
                                                                                           : KR_CS_ACCEPT_NONE;
        cf->reason = f->suppress_reason ? kr_xstrdup(f->suppress_reason) : NULL;
        cf->by = f->suppress_by ? kr_xstrdup(f->suppress_by) : NULL;
        for (size_t k = 0; k < it->nrules; k++) {
            if (strcmp(it->rules[k].id, f->rule->id) != 0) continue;
            if (cf->accepted)
                it->rules[k].accepted++;
            else if (f->unknown)
                it->rules[k].unknowns++;
            else
                it->rules[k].fails++;
        }
    }
    if (it->nfindings > 1) qsort(it->findings, it->nfindings, sizeof *it->findings, cmp_cs_finding);

    kr_cs_scan scan = {it->nrules, it->nfiles, 0, 0, 0};
    for (size_t k = 0; k < it->nrules; k++)
        scan.fails += it->rules[k].fails, scan.unknowns += it->rules[k].unknowns, scan.accepted += it->rules[k].accepted;
    it->status = kr_checksheet_status(it->coverage, &scan, it->attested);
    build_note(cs, it, ci);
}

static size_t catalog_order(const kr_catalog *cat, size_t **order)
{
    size_t n = cat ? cat->len : 0;
    *order = kr_xcalloc(n ? n : 1, sizeof **order);
    for (size_t i = 0; i < n; i++) (*order)[i] = i;
    /* insertion sort: stable, and the catalog is nearly sorted already */
    for (size_t i = 1; i < n; i++) {
        size_t v = (*order)[i], j = i;
        while (j > 0 && kr_catalog_number_cmp(cat->items[(*order)[j - 1]].number, cat->items[v].number) > 0) {
            (*order)[j] = (*order)[j - 1];
            j--;
        }
        (*order)[j] = v;
    }
    return n;
}

void kr_checksheet_build(kr_checksheet *out, const kr_checksheet_input *in)
{
    memset(out, 0, sizeof *out);
    out->lang = in->lang;
    out->repository = kr_xstrdup(in->repository ? in->repository : "");
    out->commit = kr_xstrdup(in->commit ? in->commit : "");
    out->date = kr_xstrdup(in->date ? in->date : "");
    out->version = kr_xstrdup(in->version ? in->version : "");
    if (in->attestations && in->attestations->file)
        out->attestation_file = kr_xstrdup(rel_to(in->root, in->attestations->file));
    size_t *order = NULL;
    size_t n = catalog_order(in->catalog, &order);
    out->items = kr_xcalloc(n ? n : 1, sizeof *out->items);
    out->len = n;
    for (size_t i = 0; i < n; i++) {
        build_item(out, &out->items[i], &in->catalog->items[order[i]], in);
        out->counts[out->items[i].status]++;
    }
    free(order);
}

void kr_checksheet_dispose(kr_checksheet *self)
{
    for (size_t i = 0; i < self->len; i++) {
        kr_cs_item *it = &self->items[i];
        free(it->number);
        free(it->section);
        free(it->subsection);
        free(it->check);
        for (size_t k = 0; k < it->nrules; k++) {
            free(it->rules[k].id);
            for (size_t j = 0; j < it->rules[k].nfiles; j++) free(it->rules[k].files[j]);
            free(it->rules[k].files);
        }
        free(it->rules);
        for (size_t k = 0; k < it->nfiles; k++) free(it->files[k]);
        free(it->files);
        for (size_t k = 0; k < it->nfindings; k++) {
            free(it->findings[k].file);
            free(it->findings[k].rule);
            free(it->findings[k].message);
            free(it->findings[k].reason);
            free(it->findings[k].by);
        }
        free(it->findings);
        free(it->note);
    }
    free(self->items);
    for (size_t i = 0; i < self->nchanges; i++) free(self->changes[i].item);
    free(self->changes);
    free(self->repository);
    free(self->commit);
    free(self->date);
    free(self->version);
    free(self->attestation_file);
    free(self->compare_file);
    memset(self, 0, sizeof *self);
}

/* ---------------------------------------------------------- comparing --- */

static void cmp_err(kr_diags *d, const char *path, const kr_node *at, const char *msg)
{
    kr_diags_add(d, KR_SEV_ERROR, path, at ? &at->span : NULL, "invalid-report", "%s", msg);
}

int kr_checksheet_compare(kr_checksheet *self, const char *path, const char *data, size_t len, kr_diags *diags)
{
    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    int rc = kr_doc_parse_yaml(&doc, diags);
    if (rc != 0) goto out;
    rc = KR_EINVALID;
    const kr_node *root = doc.nroots == 1 ? doc.roots[0] : NULL;
    const kr_node *items = root ? kr_node_get(root, "items") : NULL;
    if (!items || items->kind != KR_NODE_SEQ) {
        cmp_err(diags, path, root, "not a krewlint checksheet report in JSON (no \"items\" list)");
        goto out;
    }
    size_t nold = items->nitems;
    const char **old_item = kr_xcalloc(nold ? nold : 1, sizeof *old_item);
    kr_cs_status *old_status = kr_xcalloc(nold ? nold : 1, sizeof *old_status);
    int bad = 0;
    for (size_t i = 0; i < nold; i++) {
        const kr_node *it = items->items[i];
        const kr_node *num = kr_node_get(it, "item");
        const kr_node *st = kr_node_get(it, "status");
        if (!num || num->kind != KR_NODE_SCALAR || !st || st->kind != KR_NODE_SCALAR) {
            cmp_err(diags, path, it, "an item of the report has no \"item\" or \"status\"");
            bad = 1;
            continue;
        }
        if (kr_cs_status_parse(&old_status[i], st->text) != 0) {
            cmp_err(diags, path, st, "unknown status (expected done, partial, no, na, not-attested or not-evaluated)");
            bad = 1;
            continue;
        }
        old_item[i] = num->text;
    }
    if (!bad) {
        for (size_t i = 0; i < self->nchanges; i++) free(self->changes[i].item);
        free(self->changes);
        self->changes = NULL;
        self->nchanges = 0;
        for (size_t i = 0; i < self->len; i++) {
            const kr_cs_item *it = &self->items[i];
            for (size_t k = 0; k < nold; k++) {
                if (!old_item[k] || strcmp(old_item[k], it->number) != 0) continue;
                if (old_status[k] != it->status) {
                    self->changes = kr_xrealloc(self->changes, (self->nchanges + 1) * sizeof *self->changes);
                    kr_cs_change *c = &self->changes[self->nchanges++];
                    c->item = kr_xstrdup(it->number);
                    c->from = old_status[k];
                    c->to = it->status;
                }
                break;
            }
        }
        self->compared = true;
        free(self->compare_file);
        self->compare_file = kr_xstrdup(path);
        rc = 0;
    }
    free(old_item);
    free(old_status);
out:
    kr_doc_dispose(&doc);
    return rc;
}

int kr_checksheet_compare_file(kr_checksheet *self, const char *path, kr_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    if (kr_fs_read(&data, &len, path, &why) != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the report to compare: %s",
                     why ? why : "too large");
        return KR_EIO;
    }
    int rc = kr_checksheet_compare(self, path, data, len, diags);
    free(data);
    return rc;
}

/* ------------------------------------------------------------- labels --- */

/* label - a fixed text in both languages. */
typedef struct label {
    const char *ja, *en;
} label;

static const label L_TITLE = {"セキュリティチェックシート", "Security checksheet"};
static const label L_REPO = {"リポジトリ", "Repository"};
static const label L_COMMIT = {"コミット", "Commit"};
static const label L_DATE = {"作成日", "Date"};
static const label L_ATTEST = {"証跡ファイル", "Attestations"};
static const label L_NONE = {"（なし）", "(none)"};
static const label L_SUMMARY = {"集計", "Summary"};
static const label L_CHANGES = {"前回の報告からの変更", "Changes since the previous report"};
static const label L_NOCHANGE = {"実施有無の変わった項目はありません。", "No item changed status."};
static const label L_NUM = {"項番", "No."};
static const label L_CHECK = {"確認事項", "Check"};
static const label L_STATUS = {"実施有無", "Status"};
static const label L_NOTE = {"備考", "Notes"};
static const label L_FINDINGS = {"指摘事項", "Findings"};
static const label L_GENERATED = {"krewlint が生成しました。○ 実施 / △ 一部実施 / × 未実施 / - 対象外。",
                                  "Generated by krewlint. ○ done / △ partly done / × not done / - not applicable."};

static const char *T(const kr_checksheet *cs, const label *l)
{
    return ja(cs) ? l->ja : l->en;
}

/* The "6-13: ○ → ×" text of a change. */
static void put_change(kr_buf *b, const kr_checksheet *cs, const kr_cs_change *c)
{
    kr_buf_printf(b, "%s: %s → %s", c->item, kr_cs_status_label(c->from, cs->lang),
                  kr_cs_status_label(c->to, cs->lang));
}

static void put_summary(kr_buf *b, const kr_checksheet *cs, const char *sep)
{
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "%s%s %zu", s ? sep : "", kr_cs_status_label((kr_cs_status)s, cs->lang), cs->counts[s]);
}

static bool has_findings(const kr_cs_item *it)
{
    return it->nfindings > 0;
}

/* ----------------------------------------------------------- markdown --- */

/* A table cell: | escaped, newlines as <br>, < > & as entities. */
static void md_cell(kr_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '|': kr_buf_puts(b, "\\|"); break;
        case '\n': kr_buf_puts(b, "<br>"); break;
        case '\r': break;
        case '<': kr_buf_puts(b, "&lt;"); break;
        case '>': kr_buf_puts(b, "&gt;"); break;
        case '&': kr_buf_puts(b, "&amp;"); break;
        default: kr_buf_putc(b, *s);
        }
    }
}

/* Inline text outside tables (list items, never at a line start):
 * backslash-escape what would turn into emphasis, links or HTML. Backticks
 * stay: messages quote expressions as `code` on purpose; intraword
 * underscores do not make emphasis in CommonMark/GFM. */
static void md_text(kr_buf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\*[]<>", *s)) kr_buf_putc(b, '\\');
        if (*s != '\r' && *s != '\n')
            kr_buf_putc(b, *s);
        else
            kr_buf_putc(b, ' ');
    }
}

static void write_markdown(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_printf(b, "# %s\n\n", T(cs, &L_TITLE));
    kr_buf_printf(b, "- %s: ", T(cs, &L_REPO));
    md_text(b, cs->repository);
    kr_buf_printf(b, "\n- %s: ", T(cs, &L_COMMIT));
    md_text(b, cs->commit);
    kr_buf_printf(b, "\n- %s: %s\n- krewlint: %s\n- %s: ", T(cs, &L_DATE), cs->date, cs->version, T(cs, &L_ATTEST));
    if (cs->attestation_file)
        md_text(b, cs->attestation_file);
    else
        kr_buf_puts(b, T(cs, &L_NONE));
    kr_buf_printf(b, "\n- %s: ", T(cs, &L_SUMMARY));
    put_summary(b, cs, " / ");
    kr_buf_puts(b, "\n\n");
    if (cs->compared) {
        kr_buf_printf(b, "## %s\n\n", T(cs, &L_CHANGES));
        if (cs->nchanges == 0) kr_buf_printf(b, "%s\n", T(cs, &L_NOCHANGE));
        for (size_t i = 0; i < cs->nchanges; i++) {
            kr_buf_puts(b, "- ");
            put_change(b, cs, &cs->changes[i]);
            kr_buf_putc(b, '\n');
        }
        kr_buf_putc(b, '\n');
    }
    const char *section = NULL, *subsection = NULL;
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        if (!section || strcmp(section, it->section) != 0) {
            if (section) kr_buf_putc(b, '\n');
            kr_buf_puts(b, "## ");
            md_text(b, it->section);
            kr_buf_printf(b, "\n\n| %s | %s | %s | %s |\n|---|---|:-:|---|\n", T(cs, &L_NUM), T(cs, &L_CHECK),
                          T(cs, &L_STATUS), T(cs, &L_NOTE));
            section = it->section;
            subsection = NULL;
        }
        if (it->subsection && (!subsection || strcmp(subsection, it->subsection) != 0)) {
            kr_buf_puts(b, "| **");
            md_cell(b, it->subsection);
            kr_buf_puts(b, "** | | | |\n");
        }
        subsection = it->subsection;
        kr_buf_printf(b, "| %s | ", it->number);
        md_cell(b, it->check);
        kr_buf_puts(b, " | ");
        md_cell(b, kr_cs_status_label(it->status, cs->lang));
        kr_buf_puts(b, " | ");
        md_cell(b, it->note);
        kr_buf_puts(b, " |\n");
    }
    bool any = false;
    for (size_t i = 0; i < cs->len; i++) any = any || has_findings(&cs->items[i]);
    if (!any) return;
    kr_buf_printf(b, "\n## %s\n", T(cs, &L_FINDINGS));
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        if (!has_findings(it)) continue;
        kr_buf_printf(b, "\n### %s (%s)\n\n", it->number, kr_cs_status_label(it->status, cs->lang));
        for (size_t k = 0; k < it->nfindings; k++) {
            const kr_cs_finding *f = &it->findings[k];
            kr_buf_printf(b, "- `%s:%u:%u` %s [%s]: ", f->file, f->line, f->column,
                          f->unknown ? "unknown" : kr_severity_name(f->severity), f->rule);
            md_text(b, f->message);
            if (f->accepted) {
                kr_buf acc;
                kr_buf_init(&acc, 0);
                put_acceptance(&acc, f, ja(cs));
                md_text(b, kr_buf_cstr(&acc));
                kr_buf_dispose(&acc);
            }
            kr_buf_putc(b, '\n');
        }
    }
}

/* --------------------------------------------------------------- html --- */

static void h(kr_buf *b, const char *s)
{
    kr_report__xml_escape(b, s, strlen(s), false);
}

/* Escaped, with newlines as <br>. */
static void h_lines(kr_buf *b, const char *s)
{
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        kr_report__xml_escape(b, p, n, false);
        if (!nl) break;
        kr_buf_puts(b, "<br>");
        p = nl + 1;
    }
}

static const char CSS[] =
    "@page{size:A4;margin:12mm 10mm 14mm}"
    "*{box-sizing:border-box}"
    "body{margin:0 auto;max-width:190mm;padding:8mm 0;color:#1a1a1a;background:#fff;"
    "font:9.5pt/1.5 \"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Sans\",\"Yu Gothic\",Meiryo,sans-serif}"
    "h1{font-size:16pt;margin:0 0 3mm;padding-bottom:2mm;border-bottom:2px solid #1f4e79;color:#1f4e79}"
    "h2{font-size:12pt;margin:6mm 0 2mm;color:#1f4e79;break-after:avoid}"
    "h3{font-size:10pt;margin:4mm 0 1mm;break-after:avoid}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0.5mm 4mm;margin:0 0 3mm}"
    "dl.meta dt{font-weight:bold;color:#444}dl.meta dd{margin:0;word-break:break-all}"
    ".summary{margin:0 0 4mm;padding:2mm 3mm;background:#f2f5f9;border:1px solid #d5dde8;border-radius:2px}"
    ".summary span{margin-right:5mm;white-space:nowrap}"
    "table{width:100%;border-collapse:collapse;table-layout:fixed}"
    "thead{display:table-header-group}"
    "tr{break-inside:avoid;page-break-inside:avoid}"
    "th,td{border:1px solid #b7c0cc;padding:1.2mm 1.8mm;vertical-align:top;text-align:left;"
    "overflow-wrap:anywhere}"
    "thead th{background:#1f4e79;color:#fff;font-weight:bold;white-space:nowrap}"
    "tr.section th{background:#dce6f1;color:#1f4e79;font-size:10pt}"
    "tr.subsection th{background:#eef3f8;font-weight:bold}"
    "td.num{white-space:nowrap;font-weight:bold}"
    "td.mark{text-align:center;font-size:12pt;font-weight:bold}"
    "td.mark small{display:block;font-size:7.5pt;font-weight:normal}"
    "td.note{font-size:8.5pt;color:#333}"
    "tr.st-done td.mark{color:#1b7a3a}"
    "tr.st-partial td.mark{color:#a86500;background:#fff7e6}"
    "tr.st-no td.mark{color:#b3261e;background:#fdecea}"
    "tr.st-no td.num{color:#b3261e}"
    "tr.st-na td.mark{color:#666}"
    "tr.st-not-attested td.mark,tr.st-not-evaluated td.mark{color:#666;background:#f4f4f4;font-size:8pt}"
    "a{color:#1f4e79}td.mark a{color:inherit;text-decoration:none}td.mark small{text-decoration:underline}"
    "ul.changes li,ol.findings li{margin:0.5mm 0}"
    "ol.findings{padding-left:6mm;font-size:8.5pt}"
    "code{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:8pt;background:#f2f2f2;"
    "padding:0 0.6mm;word-break:break-all}"
    ".sev-error{color:#b3261e;font-weight:bold}.sev-warning{color:#a86500;font-weight:bold}"
    ".sev-unknown,.sev-note{color:#555;font-weight:bold}"
    "footer{margin-top:6mm;font-size:8pt;color:#666}"
    "@media print{body{padding:0;max-width:none}a{color:inherit;text-decoration:none}}";

static void html_anchor(kr_buf *b, const char *prefix, const char *num)
{
    kr_buf_printf(b, "%s%s", prefix, num);
}

static void write_html(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", ja(cs) ? "ja" : "en");
    kr_buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    h(b, T(cs, &L_TITLE));
    kr_buf_puts(b, " — ");
    h(b, cs->repository);
    kr_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", CSS);
    h(b, T(cs, &L_TITLE));
    kr_buf_puts(b, "</h1>\n<dl class=\"meta\">");
    const label *keys[] = {&L_REPO, &L_COMMIT, &L_DATE, &L_ATTEST};
    const char *vals[] = {cs->repository, cs->commit, cs->date,
                          cs->attestation_file ? cs->attestation_file : T(cs, &L_NONE)};
    for (size_t i = 0; i < 4; i++) {
        kr_buf_printf(b, "<dt>%s</dt><dd>", T(cs, keys[i]));
        if (i == 1 || i == 3) kr_buf_puts(b, "<code>");
        h(b, vals[i]);
        if (i == 1 || i == 3) kr_buf_puts(b, "</code>");
        kr_buf_puts(b, "</dd>");
    }
    kr_buf_printf(b, "<dt>krewlint</dt><dd>%s</dd></dl>\n<p class=\"summary\"><strong>%s</strong> ", cs->version,
                  T(cs, &L_SUMMARY));
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "<span>%s %zu</span>", kr_cs_status_label((kr_cs_status)s, cs->lang), cs->counts[s]);
    kr_buf_puts(b, "</p>\n</header>\n");
    if (cs->compared) {
        kr_buf_printf(b, "<section class=\"changes\">\n<h2>%s</h2>\n", T(cs, &L_CHANGES));
        if (cs->nchanges == 0) kr_buf_printf(b, "<p>%s</p>\n", T(cs, &L_NOCHANGE));
        else kr_buf_puts(b, "<ul class=\"changes\">\n");
        for (size_t i = 0; i < cs->nchanges; i++) {
            kr_buf_puts(b, "<li><a href=\"#");
            html_anchor(b, "item-", cs->changes[i].item);
            kr_buf_puts(b, "\">");
            kr_buf t;
            kr_buf_init(&t, 0);
            put_change(&t, cs, &cs->changes[i]);
            h(b, kr_buf_cstr(&t));
            kr_buf_dispose(&t);
            kr_buf_puts(b, "</a></li>\n");
        }
        if (cs->nchanges) kr_buf_puts(b, "</ul>\n");
        kr_buf_puts(b, "</section>\n");
    }
    kr_buf_printf(b, "<table class=\"sheet\">\n<colgroup><col style=\"width:8%%\"><col style=\"width:36%%\">"
                     "<col style=\"width:11%%\"><col style=\"width:45%%\"></colgroup>\n"
                     "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                  T(cs, &L_NUM), T(cs, &L_CHECK), T(cs, &L_STATUS), T(cs, &L_NOTE));
    const char *section = NULL, *subsection = NULL;
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        if (!section || strcmp(section, it->section) != 0) {
            kr_buf_puts(b, "<tr class=\"section\"><th colspan=\"4\">");
            h(b, it->section);
            kr_buf_puts(b, "</th></tr>\n");
            section = it->section;
            subsection = NULL;
        }
        if (it->subsection && (!subsection || strcmp(subsection, it->subsection) != 0)) {
            kr_buf_puts(b, "<tr class=\"subsection\"><th colspan=\"4\">");
            h(b, it->subsection);
            kr_buf_puts(b, "</th></tr>\n");
        }
        subsection = it->subsection;
        kr_buf_printf(b, "<tr class=\"item st-%s\" id=\"", kr_cs_status_name(it->status));
        html_anchor(b, "item-", it->number);
        kr_buf_printf(b, "\"><td class=\"num\">%s</td><td>", it->number);
        h(b, it->check);
        kr_buf_puts(b, "</td><td class=\"mark\">");
        if (has_findings(it)) {
            kr_buf_puts(b, "<a href=\"#");
            html_anchor(b, "findings-", it->number);
            kr_buf_puts(b, "\">");
        }
        h(b, kr_cs_status_label(it->status, cs->lang));
        if (has_findings(it))
            kr_buf_printf(b, "<small>%zu %s</small></a>", it->nfindings, ja(cs) ? "件の指摘" : "finding(s)");
        kr_buf_puts(b, "</td><td class=\"note\">");
        h_lines(b, it->note);
        kr_buf_puts(b, "</td></tr>\n");
    }
    kr_buf_puts(b, "</tbody>\n</table>\n");
    bool any = false;
    for (size_t i = 0; i < cs->len; i++) any = any || has_findings(&cs->items[i]);
    if (any) {
        kr_buf_printf(b, "<section class=\"findings\">\n<h2>%s</h2>\n", T(cs, &L_FINDINGS));
        for (size_t i = 0; i < cs->len; i++) {
            const kr_cs_item *it = &cs->items[i];
            if (!has_findings(it)) continue;
            kr_buf_puts(b, "<h3 id=\"");
            html_anchor(b, "findings-", it->number);
            kr_buf_puts(b, "\"><a href=\"#");
            html_anchor(b, "item-", it->number);
            kr_buf_printf(b, "\">%s</a> ", it->number);
            h(b, kr_cs_status_label(it->status, cs->lang));
            kr_buf_puts(b, "</h3>\n<ol class=\"findings\">\n");
            for (size_t k = 0; k < it->nfindings; k++) {
                const kr_cs_finding *f = &it->findings[k];
                const char *sev = f->unknown ? "unknown" : kr_severity_name(f->severity);
                kr_buf_printf(b, "<li id=\"finding-%s-%zu\"><code>", it->number, k + 1);
                h(b, f->file);
                kr_buf_printf(b, ":%u:%u</code> <span class=\"sev-%s\">%s</span> <code>", f->line, f->column, sev, sev);
                h(b, f->rule);
                kr_buf_puts(b, "</code> ");
                h(b, f->message);
                if (f->accepted) {
                    kr_buf acc;
                    kr_buf_init(&acc, 0);
                    put_acceptance(&acc, f, ja(cs));
                    kr_buf_printf(b, " <span class=\"accepted-%s\">", kr_cs_accept_name(f->accepted));
                    h(b, kr_buf_cstr(&acc));
                    kr_buf_puts(b, "</span>");
                    kr_buf_dispose(&acc);
                }
                kr_buf_puts(b, "</li>\n");
            }
            kr_buf_puts(b, "</ol>\n");
        }
        kr_buf_puts(b, "</section>\n");
    }
    kr_buf_puts(b, "<footer>");
    h(b, T(cs, &L_GENERATED));
    kr_buf_puts(b, "</footer>\n</body>\n</html>\n");
}

/* ---------------------------------------------------------------- csv --- */

/* RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
static void csv_field(kr_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        kr_buf_puts(b, s);
        return;
    }
    kr_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"') kr_buf_putc(b, '"');
        kr_buf_putc(b, *s);
    }
    kr_buf_putc(b, '"');
}

static void csv_row(kr_buf *b, const char *a, const char *c, const char *d, const char *e)
{
    csv_field(b, a);
    kr_buf_putc(b, ',');
    csv_field(b, c);
    kr_buf_putc(b, ',');
    csv_field(b, d);
    kr_buf_putc(b, ',');
    csv_field(b, e);
    kr_buf_puts(b, "\r\n");
}

static void write_csv(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_puts(b, "\xEF\xBB\xBF");
    csv_row(b, T(cs, &L_NUM), T(cs, &L_CHECK), T(cs, &L_STATUS), T(cs, &L_NOTE));
    const char *section = NULL, *subsection = NULL;
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        if (!section || strcmp(section, it->section) != 0) {
            csv_row(b, it->section, "", "", "");
            section = it->section;
            subsection = NULL;
        }
        if (it->subsection && (!subsection || strcmp(subsection, it->subsection) != 0))
            csv_row(b, it->subsection, "", "", "");
        subsection = it->subsection;
        csv_row(b, it->number, it->check, kr_cs_status_label(it->status, cs->lang), it->note);
    }
}

/* --------------------------------------------------------------- json --- */

static void js(kr_buf *b, const char *s)
{
    if (s)
        kr_buf_put_json_string(b, s, strlen(s));
    else
        kr_buf_puts(b, "null");
}

static void js_list(kr_buf *b, char *const *v, size_t n, int indent)
{
    if (n == 0) {
        kr_buf_puts(b, "[]");
        return;
    }
    kr_buf_puts(b, "[\n");
    for (size_t i = 0; i < n; i++) {
        kr_buf_printf(b, "%*s", indent + 2, "");
        js(b, v[i]);
        kr_buf_puts(b, i + 1 < n ? ",\n" : "\n");
    }
    kr_buf_printf(b, "%*s]", indent, "");
}

static void json_attestation(kr_buf *b, const kr_attestation *a)
{
    if (!a) {
        kr_buf_puts(b, "null");
        return;
    }
    kr_buf_printf(b, "{\n        \"status\": \"%s\",\n        \"note_ja\": ", kr_mark_name(a->status));
    js(b, a->note_ja);
    kr_buf_puts(b, ",\n        \"note_en\": ");
    js(b, a->note_en);
    kr_buf_puts(b, ",\n        \"evidence\": ");
    if (a->nevidence == 0) kr_buf_puts(b, "[]");
    for (size_t i = 0; i < a->nevidence; i++) {
        kr_buf_puts(b, i ? ",\n          " : "[\n          ");
        js(b, a->evidence[i].text);
    }
    if (a->nevidence) kr_buf_puts(b, "\n        ]");
    kr_buf_puts(b, ",\n        \"owner\": ");
    js(b, a->owner);
    kr_buf_puts(b, ",\n        \"reviewed\": ");
    js(b, a->has_reviewed ? a->reviewed_text : NULL);
    kr_buf_puts(b, ",\n        \"interval\": ");
    js(b, a->has_interval ? a->interval_text : NULL);
    kr_buf_puts(b, "\n      }");
}

static void write_json(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_puts(b, "{\n  \"format\": \"krewlint-checksheet\",\n  \"format_version\": 1,\n  \"version\": ");
    js(b, cs->version);
    kr_buf_puts(b, ",\n  \"repository\": ");
    js(b, cs->repository);
    kr_buf_puts(b, ",\n  \"commit\": ");
    js(b, cs->commit);
    kr_buf_puts(b, ",\n  \"date\": ");
    js(b, cs->date);
    kr_buf_printf(b, ",\n  \"lang\": \"%s\",\n  \"attestations\": ", ja(cs) ? "ja" : "en");
    js(b, cs->attestation_file);
    kr_buf_puts(b, ",\n  \"summary\": {");
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "%s\n    \"%s\": %zu", s ? "," : "", STATUS_NAMES[s], cs->counts[s]);
    kr_buf_puts(b, "\n  },\n");
    if (cs->compared) {
        kr_buf_puts(b, "  \"compared_with\": ");
        js(b, cs->compare_file);
        kr_buf_puts(b, ",\n  \"changes\": [");
        for (size_t i = 0; i < cs->nchanges; i++) {
            const kr_cs_change *c = &cs->changes[i];
            kr_buf_printf(b, "%s\n    {\"item\": ", i ? "," : "");
            js(b, c->item);
            kr_buf_printf(b, ", \"from\": \"%s\", \"to\": \"%s\", \"text\": ", STATUS_NAMES[c->from],
                          STATUS_NAMES[c->to]);
            kr_buf t;
            kr_buf_init(&t, 0);
            put_change(&t, cs, c);
            js(b, kr_buf_cstr(&t));
            kr_buf_dispose(&t);
            kr_buf_putc(b, '}');
        }
        kr_buf_puts(b, cs->nchanges ? "\n  ],\n" : "],\n");
    }
    kr_buf_puts(b, "  \"items\": [");
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        kr_buf_puts(b, i ? ",\n    {\n      \"item\": " : "\n    {\n      \"item\": ");
        js(b, it->number);
        kr_buf_puts(b, ",\n      \"section\": ");
        js(b, it->section);
        kr_buf_puts(b, ",\n      \"subsection\": ");
        js(b, it->subsection);
        kr_buf_puts(b, ",\n      \"check\": ");
        js(b, it->check);
        kr_buf_printf(b, ",\n      \"coverage\": \"%s\",\n      \"status\": \"%s\",\n      \"mark\": ",
                      kr_coverage_name(it->coverage), STATUS_NAMES[it->status]);
        js(b, kr_cs_status_label(it->status, cs->lang));
        kr_buf_puts(b, ",\n      \"note\": ");
        js(b, it->note);
        kr_buf_puts(b, ",\n      \"rules\": [");
        for (size_t k = 0; k < it->nrules; k++) {
            const kr_cs_rule *r = &it->rules[k];
            kr_buf_puts(b, k ? ",\n        {\"id\": " : "\n        {\"id\": ");
            js(b, r->id);
            kr_buf_printf(b, ", \"fail\": %zu, \"unknown\": %zu, \"files\": ", r->fails, r->unknowns);
            js_list(b, r->files, r->nfiles, 8);
            kr_buf_putc(b, '}');
        }
        kr_buf_puts(b, it->nrules ? "\n      ],\n      \"files\": " : "],\n      \"files\": ");
        js_list(b, it->files, it->nfiles, 6);
        kr_buf_puts(b, ",\n      \"findings\": [");
        for (size_t k = 0; k < it->nfindings; k++) {
            const kr_cs_finding *f = &it->findings[k];
            kr_buf_puts(b, k ? ",\n        {\"file\": " : "\n        {\"file\": ");
            js(b, f->file);
            kr_buf_printf(b, ", \"line\": %u, \"column\": %u, \"rule\": ", f->line, f->column);
            js(b, f->rule);
            kr_buf_printf(b, ", \"verdict\": \"%s\", \"severity\": \"%s\", \"message\": ", f->unknown ? "unknown" : "fail",
                          kr_severity_name(f->severity));
            js(b, f->message);
            if (f->accepted) {
                kr_buf_printf(b, ", \"accepted\": \"%s\", \"reason\": ", kr_cs_accept_name(f->accepted));
                if (f->reason) js(b, f->reason); else kr_buf_puts(b, "null");
                kr_buf_puts(b, ", \"by\": ");
                if (f->by) js(b, f->by); else kr_buf_puts(b, "null");
            }
            kr_buf_putc(b, '}');
        }
        kr_buf_puts(b, it->nfindings ? "\n      ],\n      \"attestation\": " : "],\n      \"attestation\": ");
        json_attestation(b, it->att);
        kr_buf_puts(b, "\n    }");
    }
    kr_buf_puts(b, cs->len ? "\n  ]\n}\n" : "]\n}\n");
}

int kr_checksheet_write(FILE *out, const kr_checksheet *cs, kr_cs_format fmt)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    switch (fmt) {
    case KR_CS_MARKDOWN: write_markdown(&b, cs); break;
    case KR_CS_HTML: write_html(&b, cs); break;
    case KR_CS_JSON: write_json(&b, cs); break;
    case KR_CS_CSV: write_csv(&b, cs); break;
    }
    int rc = 0;
    if (b.len && fwrite(b.ptr, 1, b.len, out) != b.len) rc = KR_EIO;
    if (fflush(out) != 0 || ferror(out)) rc = KR_EIO;
    kr_buf_dispose(&b);
    return rc;
}

/* ---------------------------------------------------------------- git --- */

/* Runs `git -C dir ARG1 ARG2` and returns its first output line (malloc'ed),
 * or NULL when git is missing or fails. */
static char *git_line(const char *dir, const char *arg1, const char *arg2)
{
    kr_buf b;
    kr_buf_init(&b, 64 * 1024);
    char a_git[] = "git", a_c[] = "-C";
    char *a_dir = kr_xstrdup(dir), *a1 = kr_xstrdup(arg1), *a2 = kr_xstrdup(arg2);
    char *argv[] = {a_git, a_c, a_dir, a1, a2, NULL};
    char *result = NULL;
    if (kr_git_run(&b, argv) == 0) {
        size_t e = 0;
        while (e < b.len && b.ptr[e] != '\n' && b.ptr[e] != '\r') e++;
        if (e > 0) result = kr_xstrndup(b.ptr, e);
    }
    kr_buf_dispose(&b);
    free(a_dir);
    free(a1);
    free(a2);
    return result;
}

static char *basename_of(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && path[s - 1] != '/') s--;
    return n > s ? kr_xstrndup(path + s, n - s) : kr_xstrdup(path);
}

/* dir made absolute (from the current folder), with "." and ".."
 * components resolved lexically. */
static char *absolute(const char *dir)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    if (dir[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) kr_buf_puts(&b, cwd);
        kr_buf_putc(&b, '/');
    }
    kr_buf_puts(&b, dir);
    const char *in = kr_buf_cstr(&b);
    char *out = kr_xmalloc(strlen(in) + 2);
    size_t o = 0;
    for (const char *p = in; *p;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = e;
    }
    if (o == 0) out[o++] = '/';
    out[o] = '\0';
    kr_buf_dispose(&b);
    return out;
}

void kr_checksheet_git_info(char **repository, char **commit, const char *dir)
{
    if (!dir || !*dir) dir = ".";
    char *top = git_line(dir, "rev-parse", "--show-toplevel");
    if (top) {
        *repository = basename_of(top);
        free(top);
        *commit = git_line(dir, "rev-parse", "HEAD");
        if (!*commit) *commit = kr_xstrdup("(no commit yet)");
        return;
    }
    char *abs = absolute(dir);
    *repository = basename_of(abs);
    free(abs);
    *commit = kr_xstrdup("(not a git repository)");
}
