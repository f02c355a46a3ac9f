/* checksheet_note.c - the 備考 note of a checksheet item: the rules run, the
 * files checked, the failing and unknown file:line lists, the findings
 * accepted (suppressed, baselined, disabled) with who approved them, what the
 * rules do not cover, and the attestation.
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

bool kr_cs__ja(const kr_checksheet *cs)
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
void kr_cs__put_acceptance(kr_buf *b, const kr_cs_finding *f, bool jp)
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
        kr_cs__put_acceptance(b, f, jp);
        n++;
    }
    if (total > n) kr_buf_printf(b, jp ? " ほか %zu 件" : " and %zu more", total - n);
}

void kr_cs__build_note(kr_checksheet *cs, kr_cs_item *it, const kr_catalog_item *ci)
{
    bool jp = kr_cs__ja(cs);
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
