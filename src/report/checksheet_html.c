/* checksheet_html.c - the checksheet as one self-contained HTML page
 * (inline CSS, no scripts, no external resources) laid out for A4.
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

/* --------------------------------------------------------------- html --- */

static void h(kr_buf *b, const char *s)
{
    kr_escape_html(b, s, strlen(s));
}

/* Escaped, with newlines as <br>. */
static void h_lines(kr_buf *b, const char *s)
{
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        kr_escape_html(b, p, n);
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
    kr_buf_puts(b, prefix);
    h(b, num);
}

void kr_cs__write_html(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", kr_cs__ja(cs) ? "ja" : "en");
    kr_buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    h(b, kr_cs__label(cs, &L_TITLE));
    kr_buf_puts(b, " — ");
    h(b, cs->repository);
    kr_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", CSS);
    h(b, kr_cs__label(cs, &L_TITLE));
    kr_buf_puts(b, "</h1>\n<dl class=\"meta\">");
    const label *keys[] = {&L_REPO, &L_COMMIT, &L_DATE, &L_ATTEST};
    const char *vals[] = {cs->repository, cs->commit, cs->date,
                          cs->attestation_file ? cs->attestation_file : kr_cs__label(cs, &L_NONE)};
    for (size_t i = 0; i < 4; i++) {
        kr_buf_printf(b, "<dt>%s</dt><dd>", kr_cs__label(cs, keys[i]));
        if (i == 1 || i == 3) kr_buf_puts(b, "<code>");
        h(b, vals[i]);
        if (i == 1 || i == 3) kr_buf_puts(b, "</code>");
        kr_buf_puts(b, "</dd>");
    }
    kr_buf_printf(b, "<dt>krewlint</dt><dd>%s</dd></dl>\n<p class=\"summary\"><strong>%s</strong> ", cs->version,
                  kr_cs__label(cs, &L_SUMMARY));
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "<span>%s %zu</span>", kr_cs_status_label((kr_cs_status)s, cs->lang), cs->counts[s]);
    kr_buf_puts(b, "</p>\n</header>\n");
    if (cs->compared) {
        kr_buf_printf(b, "<section class=\"changes\">\n<h2>%s</h2>\n", kr_cs__label(cs, &L_CHANGES));
        if (cs->nchanges == 0) kr_buf_printf(b, "<p>%s</p>\n", kr_cs__label(cs, &L_NOCHANGE));
        else kr_buf_puts(b, "<ul class=\"changes\">\n");
        for (size_t i = 0; i < cs->nchanges; i++) {
            kr_buf_puts(b, "<li><a href=\"#");
            html_anchor(b, "item-", cs->changes[i].item);
            kr_buf_puts(b, "\">");
            kr_buf t;
            kr_buf_init(&t, 0);
            kr_cs__put_change(&t, cs, &cs->changes[i]);
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
                  kr_cs__label(cs, &L_NUM), kr_cs__label(cs, &L_CHECK), kr_cs__label(cs, &L_STATUS), kr_cs__label(cs, &L_NOTE));
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
        kr_buf_puts(b, "\"><td class=\"num\">");
        h(b, it->number);
        kr_buf_puts(b, "</td><td>");
        h(b, it->check);
        kr_buf_puts(b, "</td><td class=\"mark\">");
        if (kr_cs__has_findings(it)) {
            kr_buf_puts(b, "<a href=\"#");
            html_anchor(b, "findings-", it->number);
            kr_buf_puts(b, "\">");
        }
        h(b, kr_cs_status_label(it->status, cs->lang));
        if (kr_cs__has_findings(it))
            kr_buf_printf(b, "<small>%zu %s</small></a>", it->nfindings, kr_cs__ja(cs) ? "件の指摘" : "finding(s)");
        kr_buf_puts(b, "</td><td class=\"note\">");
        h_lines(b, it->note);
        kr_buf_puts(b, "</td></tr>\n");
    }
    kr_buf_puts(b, "</tbody>\n</table>\n");
    bool any = false;
    for (size_t i = 0; i < cs->len; i++) any = any || kr_cs__has_findings(&cs->items[i]);
    if (any) {
        kr_buf_printf(b, "<section class=\"findings\">\n<h2>%s</h2>\n", kr_cs__label(cs, &L_FINDINGS));
        for (size_t i = 0; i < cs->len; i++) {
            const kr_cs_item *it = &cs->items[i];
            if (!kr_cs__has_findings(it)) continue;
            kr_buf_puts(b, "<h3 id=\"");
            html_anchor(b, "findings-", it->number);
            kr_buf_puts(b, "\"><a href=\"#");
            html_anchor(b, "item-", it->number);
            kr_buf_puts(b, "\">");
            h(b, it->number);
            kr_buf_puts(b, "</a> ");
            h(b, kr_cs_status_label(it->status, cs->lang));
            kr_buf_puts(b, "</h3>\n<ol class=\"findings\">\n");
            for (size_t k = 0; k < it->nfindings; k++) {
                const kr_cs_finding *f = &it->findings[k];
                const char *sev = f->unknown ? "unknown" : kr_severity_name(f->severity);
                kr_buf_puts(b, "<li id=\"finding-");
                h(b, it->number);
                kr_buf_printf(b, "-%zu\"><code>", k + 1);
                h(b, f->file);
                kr_buf_printf(b, ":%u:%u</code> <span class=\"sev-%s\">%s</span> <code>", f->line, f->column, sev, sev);
                h(b, f->rule);
                kr_buf_puts(b, "</code> ");
                h(b, f->message);
                if (f->accepted) {
                    kr_buf acc;
                    kr_buf_init(&acc, 0);
                    kr_cs__put_acceptance(&acc, f, kr_cs__ja(cs));
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
    h(b, kr_cs__label(cs, &L_GENERATED));
    kr_buf_puts(b, "</footer>\n</body>\n</html>\n");
}
