/* coverage.c - which rules were evaluated on which files (coverage.h,
 * kr_rulecov): the evidence behind a checksheet ○.
 *
 * A scan only reports what fails; a checksheet must also say what passed, so
 * while the scan evaluates a document (scan.c, kr_scan_options
 * .record_coverage) the evaluator lists every rule one of whose targets it
 * applied (kr_eval_options.applied, in eval/finding.c and eval/source.c):
 * the one walk of the document's subjects. A rule "ran on a file" when one
 * of its targets applied to one of the file's documents. No file is read or
 * parsed here; this file builds the per-rule view.
 */
#include "eval/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/fs.h"

void kr_rulelist_add(kr_rulelist *list, const kr_rule *r)
{
    for (size_t i = 0; i < list->len; i++)
        if (list->items[i] == r) return;
    kr_array_push(list, r);
}

static int cmp_rule_id(const void *a, const void *b)
{
    const kr_rule *x = *(const kr_rule *const *)a, *y = *(const kr_rule *const *)b;
    return strcmp(x->id, y->id);
}

/* The index of rule_id in self->items (sorted by id), or self->len. */
static size_t find_index(const kr_rulecov *self, const char *rule_id)
{
    size_t lo = 0, hi = self->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(self->items[mid].rule->id, rule_id);
        if (c == 0) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return self->len;
}

void kr_rulecov_build(kr_rulecov *out, const kr_ruleset *rules, char *const *files,
                      const kr_rulelist *applicable, size_t nfiles)
{
    memset(out, 0, sizeof *out);
    if (!rules) return;
    size_t n = kr_ruleset_count(rules);
    out->items = kr_xcalloc(n ? n : 1, sizeof *out->items);
    out->len = n;
    /* ruleset order is id order (rule.h); keep a sorted copy anyway so the
     * lookup below does not depend on it */
    const kr_rule **byid = kr_xcalloc(n ? n : 1, sizeof *byid);
    for (size_t i = 0; i < n; i++) byid[i] = kr_ruleset_get(rules, i);
    if (n > 1) qsort(byid, n, sizeof *byid, cmp_rule_id);
    for (size_t i = 0; i < n; i++) out->items[i].rule = byid[i];
    free(byid);

    for (size_t f = 0; f < nfiles; f++) {
        for (size_t k = 0; k < applicable[f].len; k++) {
            const kr_rule *key = applicable[f].items[k];
            size_t at = find_index(out, key->id);
            if (at == out->len) continue;
            kr_rule_files *rf = &out->items[at];
            /* files come sorted and once each: append */
            rf->files = kr_xrealloc(rf->files, (rf->nfiles + 1) * sizeof *rf->files);
            rf->files[rf->nfiles++] = kr_xstrdup(files[f]);
        }
    }
}

void kr_rulecov_dispose(kr_rulecov *self)
{
    for (size_t i = 0; i < self->len; i++) {
        for (size_t k = 0; k < self->items[i].nfiles; k++) free(self->items[i].files[k]);
        free(self->items[i].files);
    }
    free(self->items);
    memset(self, 0, sizeof *self);
}

const kr_rule_files *kr_rulecov_find(const kr_rulecov *self, const char *rule_id)
{
    if (!self || !rule_id) return NULL;
    size_t at = find_index(self, rule_id);
    return at < self->len ? &self->items[at] : NULL;
}
