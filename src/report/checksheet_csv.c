/* checksheet_csv.c - the checksheet as CSV: RFC 4180, UTF-8 BOM, CRLF. */
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

/* ---------------------------------------------------------------- csv --- */

/* One field (util/escape.h): RFC 4180 quoting, a formula (= + - @ tab CR
 * first) neutralised with a leading apostrophe, hidden characters as \xNN. */
static void csv_field(kr_buf *b, const char *s)
{
    kr_escape_csv(b, s, strlen(s));
}

/* Items, check, the 実施有無 cell and the note. The 実施有無 cell is the
 * report's own label (kr_cs_status_label): its "-" (not applicable) is the
 * one formula-looking cell written as is. */
static void csv_row_status(kr_buf *b, const char *a, const char *c, const char *status, const char *e)
{
    csv_field(b, a);
    kr_buf_putc(b, ',');
    csv_field(b, c);
    kr_buf_putc(b, ',');
    if (strcmp(status, "-") == 0)
        kr_buf_putc(b, '-');
    else
        csv_field(b, status);
    kr_buf_putc(b, ',');
    csv_field(b, e);
    kr_buf_puts(b, "\r\n");
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

void kr_cs__write_csv(kr_buf *b, const kr_checksheet *cs)
{
    kr_buf_puts(b, "\xEF\xBB\xBF");
    csv_row(b, kr_cs__label(cs, &L_NUM), kr_cs__label(cs, &L_CHECK), kr_cs__label(cs, &L_STATUS), kr_cs__label(cs, &L_NOTE));
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
        csv_row_status(b, it->number, it->check, kr_cs_status_label(it->status, cs->lang), it->note);
    }
}
