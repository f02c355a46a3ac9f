/* checksheet_json.c - the checksheet as JSON, in a fixed key order (read
 * back by kr_checksheet_compare).
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

void kr_cs__write_json(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_puts(b, "{\n  \"format\": \"krewlint-checksheet\",\n  \"format_version\": 1,\n  \"version\": ");
    js(b, cs->version);
    kr_buf_puts(b, ",\n  \"repository\": ");
    js(b, cs->repository);
    kr_buf_puts(b, ",\n  \"commit\": ");
    js(b, cs->commit);
    kr_buf_puts(b, ",\n  \"date\": ");
    js(b, cs->date);
    kr_buf_printf(b, ",\n  \"lang\": \"%s\",\n  \"attestations\": ", kr_cs__ja(cs) ? "ja" : "en");
    js(b, cs->attestation_file);
    kr_buf_puts(b, ",\n  \"summary\": {");
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "%s\n    \"%s\": %zu", s ? "," : "", kr_cs_status_name((kr_cs_status)s), cs->counts[s]);
    kr_buf_puts(b, "\n  },\n");
    if (cs->compared) {
        kr_buf_puts(b, "  \"compared_with\": ");
        js(b, cs->compare_file);
        kr_buf_puts(b, ",\n  \"changes\": [");
        for (size_t i = 0; i < cs->nchanges; i++) {
            const kr_cs_change *c = &cs->changes[i];
            kr_buf_printf(b, "%s\n    {\"item\": ", i ? "," : "");
            js(b, c->item);
            kr_buf_printf(b, ", \"from\": \"%s\", \"to\": \"%s\", \"text\": ", kr_cs_status_name(c->from),
                          kr_cs_status_name(c->to));
            kr_buf t;
            kr_buf_init(&t, 0);
            kr_cs__put_change(&t, cs, c);
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
        if (it->own) /* only on own controls: checksheet items keep their keys */
            kr_buf_puts(b, ",\n      \"own\": true");
        kr_buf_puts(b, ",\n      \"check\": ");
        js(b, it->check);
        kr_buf_printf(b, ",\n      \"coverage\": \"%s\",\n      \"status\": \"%s\",\n      \"mark\": ",
                      kr_coverage_name(it->coverage), kr_cs_status_name(it->status));
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
            if (f->file && !kr_utf8_valid(f->file, strlen(f->file))) {
                /* lossless, as the scan's JSON (report/json.c) */
                kr_buf_puts(b, ", \"file_bytes\": \"");
                kr_escape_uri(b, f->file, strlen(f->file));
                kr_buf_putc(b, '"');
            }
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
