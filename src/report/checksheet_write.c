/* checksheet_write.c - kr_checksheet_write: the writer of each format, and
 * the helpers every writer shares (labels, summary, changes).
 */
#include <stdio.h>
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

const char *kr_cs__label(const kr_checksheet *cs, const label *l)
{
    return kr_cs__ja(cs) ? l->ja : l->en;
}

/* The "6-13: ○ → ×" text of a change. */
void kr_cs__put_change(kr_buf *b, const kr_checksheet *cs, const kr_cs_change *c)
{
    kr_buf_printf(b, "%s: %s → %s", c->item, kr_cs_status_label(c->from, cs->lang),
                  kr_cs_status_label(c->to, cs->lang));
}

void kr_cs__put_summary(kr_buf *b, const kr_checksheet *cs, const char *sep)
{
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        kr_buf_printf(b, "%s%s %zu", s ? sep : "", kr_cs_status_label((kr_cs_status)s, cs->lang), cs->counts[s]);
}

bool kr_cs__has_findings(const kr_cs_item *it)
{
    return it->nfindings > 0;
}


int kr_checksheet_write(FILE *out, const kr_checksheet *cs, kr_cs_format fmt)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    switch (fmt) {
    case KR_CS_MARKDOWN: kr_cs__write_markdown(&b, cs); break;
    case KR_CS_HTML: kr_cs__write_html(&b, cs); break;
    case KR_CS_JSON: kr_cs__write_json(&b, cs); break;
    case KR_CS_CSV: kr_cs__write_csv(&b, cs); break;
    }
    int rc = 0;
    if (b.len && fwrite(b.ptr, 1, b.len, out) != b.len) rc = KR_EIO;
    if (fflush(out) != 0 || ferror(out)) rc = KR_EIO;
    kr_buf_dispose(&b);
    return rc;
}
