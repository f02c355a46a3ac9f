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
 *
 * Files (checksheet_internal.h): this one holds the statuses and builds the
 * model; checksheet_note.c writes an item's note, checksheet_compare.c reads
 * a previous report back, checksheet_write.c dispatches to the writers
 * checksheet_{md,html,csv,json}.c, checksheet_git.c finds the repository
 * and commit.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc/doc.h"
#include "report/checksheet_internal.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/fs.h"

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
    it->own = ci->own;
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
    kr_cs__build_note(cs, it, ci);
}

/* Checksheet items in number order, then the own controls in the order
 * the configuration lists them (their own section, last). */
static int item_cmp(const kr_catalog_item *a, const kr_catalog_item *b)
{
    if (a->own != b->own) return a->own ? 1 : -1;
    return a->own ? 0 : kr_catalog_number_cmp(a->number, b->number);
}

static size_t catalog_order(const kr_catalog *cat, size_t **order)
{
    size_t n = cat ? cat->len : 0;
    *order = kr_xcalloc(n ? n : 1, sizeof **order);
    for (size_t i = 0; i < n; i++) (*order)[i] = i;
    /* insertion sort: stable, and the catalog is nearly sorted already */
    for (size_t i = 1; i < n; i++) {
        size_t v = (*order)[i], j = i;
        while (j > 0 && item_cmp(&cat->items[(*order)[j - 1]], &cat->items[v]) > 0) {
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
