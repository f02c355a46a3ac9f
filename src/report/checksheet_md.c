/* checksheet_md.c - the checksheet as Markdown (table cells escaped). */
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

/* ----------------------------------------------------------- markdown --- */

/* A table cell (util/escape.h, KR_MD_CELL): | escaped, newlines as <br>,
 * < > & as entities, hidden characters as \xNN. */
static void md_cell(kr_buf *b, const char *s)
{
    kr_escape_markdown(b, s, strlen(s), KR_MD_CELL);
}

/* Inline text outside tables (list items, never at a line start; KR_MD_INLINE):
 * backslash-escape what would turn into emphasis, links or HTML. Backticks
 * stay: messages quote expressions as `code` on purpose; intraword
 * underscores do not make emphasis in CommonMark/GFM. */
static void md_text(kr_buf *b, const char *s)
{
    kr_escape_markdown(b, s, strlen(s), KR_MD_INLINE);
}

void kr_cs__write_markdown(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_printf(b, "# %s\n\n", kr_cs__label(cs, &L_TITLE));
    kr_buf_printf(b, "- %s: ", kr_cs__label(cs, &L_REPO));
    md_text(b, cs->repository);
    kr_buf_printf(b, "\n- %s: ", kr_cs__label(cs, &L_COMMIT));
    md_text(b, cs->commit);
    kr_buf_printf(b, "\n- %s: %s\n- krewlint: %s\n- %s: ", kr_cs__label(cs, &L_DATE), cs->date, cs->version, kr_cs__label(cs, &L_ATTEST));
    if (cs->attestation_file)
        md_text(b, cs->attestation_file);
    else
        kr_buf_puts(b, kr_cs__label(cs, &L_NONE));
    kr_buf_printf(b, "\n- %s: ", kr_cs__label(cs, &L_SUMMARY));
    kr_cs__put_summary(b, cs, " / ");
    kr_buf_puts(b, "\n\n");
    if (cs->compared) {
        kr_buf_printf(b, "## %s\n\n", kr_cs__label(cs, &L_CHANGES));
        if (cs->nchanges == 0) kr_buf_printf(b, "%s\n", kr_cs__label(cs, &L_NOCHANGE));
        for (size_t i = 0; i < cs->nchanges; i++) {
            kr_buf t;
            kr_buf_init(&t, 0);
            kr_cs__put_change(&t, cs, &cs->changes[i]);
            kr_buf_puts(b, "- ");
            md_text(b, kr_buf_cstr(&t));
            kr_buf_dispose(&t);
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
            kr_buf_printf(b, "\n\n| %s | %s | %s | %s |\n|---|---|:-:|---|\n", kr_cs__label(cs, &L_NUM), kr_cs__label(cs, &L_CHECK),
                          kr_cs__label(cs, &L_STATUS), kr_cs__label(cs, &L_NOTE));
            section = it->section;
            subsection = NULL;
        }
        if (it->subsection && (!subsection || strcmp(subsection, it->subsection) != 0)) {
            kr_buf_puts(b, "| **");
            md_cell(b, it->subsection);
            kr_buf_puts(b, "** | | | |\n");
        }
        subsection = it->subsection;
        kr_buf_puts(b, "| ");
        md_cell(b, it->number);
        kr_buf_puts(b, " | ");
        md_cell(b, it->check);
        kr_buf_puts(b, " | ");
        md_cell(b, kr_cs_status_label(it->status, cs->lang));
        kr_buf_puts(b, " | ");
        md_cell(b, it->note);
        kr_buf_puts(b, " |\n");
    }
    bool any = false;
    for (size_t i = 0; i < cs->len; i++) any = any || kr_cs__has_findings(&cs->items[i]);
    if (!any) return;
    kr_buf_printf(b, "\n## %s\n", kr_cs__label(cs, &L_FINDINGS));
    for (size_t i = 0; i < cs->len; i++) {
        const kr_cs_item *it = &cs->items[i];
        if (!kr_cs__has_findings(it)) continue;
        kr_buf_puts(b, "\n### ");
        md_text(b, it->number);
        kr_buf_printf(b, " (%s)\n\n", kr_cs_status_label(it->status, cs->lang));
        for (size_t k = 0; k < it->nfindings; k++) {
            const kr_cs_finding *f = &it->findings[k];
            kr_buf t;
            kr_buf_init(&t, 0);
            kr_buf_printf(&t, "%s:%u:%u", f->file, f->line, f->column);
            kr_buf_puts(b, "- ");
            kr_escape_markdown(b, t.ptr, t.len, KR_MD_CODE);
            kr_buf_dispose(&t);
            kr_buf_printf(b, " %s [", f->unknown ? "unknown" : kr_severity_name(f->severity));
            md_text(b, f->rule);
            kr_buf_puts(b, "]: ");
            md_text(b, f->message);
            if (f->accepted) {
                kr_buf acc;
                kr_buf_init(&acc, 0);
                kr_cs__put_acceptance(&acc, f, kr_cs__ja(cs));
                md_text(b, kr_buf_cstr(&acc));
                kr_buf_dispose(&acc);
            }
            kr_buf_putc(b, '\n');
        }
    }
}
