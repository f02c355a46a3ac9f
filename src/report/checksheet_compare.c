/* checksheet_compare.c - reading a previous checksheet report (JSON) back
 * and listing the items whose status changed since (kr_checksheet_compare).
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
