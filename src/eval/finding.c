/* finding.c - findings: the kr_findings container and its total order, and
 * building one finding from a verdict (position, message, snippet, trace of
 * resolved values, the related block) for each node a target selects.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/coverage.h"
#include "eval/eval_internal.h"
#include "eval/relations.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

/* ------------------------------------------------------------ findings --- */

void kr_findings_init(kr_findings *self)
{
    memset(self, 0, sizeof *self);
}

static void finding_free(kr_finding *f)
{
    free(f->file);
    free(f->message);
    free(f->resource);
    free(f->snippet);
    free(f->path);
    free(f->actual);
    free(f->suppress_reason);
    free(f->suppress_by);
    free(f->suppress_until);
    for (size_t i = 0; i < f->ntrace; i++) {
        free(f->trace[i].file);
        free(f->trace[i].note);
    }
    free(f->trace);
}

void kr_findings_dispose(kr_findings *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->len; i++) finding_free(&self->items[i]);
    free(self->items);
    memset(self, 0, sizeof *self);
}

void kr_findings_push(kr_findings *self, kr_finding *f)
{
    if (self->len == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 16;
        self->items = kr_xrealloc(self->items, self->cap * sizeof(*self->items));
    }
    self->items[self->len++] = *f;
    memset(f, 0, sizeof *f);
}

void kr_findings_take(kr_findings *self, kr_findings *src)
{
    for (size_t i = 0; i < src->len; i++) kr_findings_push(self, &src->items[i]);
    free(src->items);
    memset(src, 0, sizeof *src);
}

static int cmp_opt(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *pa, const void *pb)
{
    const kr_finding *a = pa, *b = pb;
    int c = cmp_opt(a->file, b->file);
    if (c) return c;
    if (a->span.start.line != b->span.start.line)
        return a->span.start.line < b->span.start.line ? -1 : 1;
    if (a->span.start.col != b->span.start.col) return a->span.start.col < b->span.start.col ? -1 : 1;
    c = cmp_opt(a->rule ? a->rule->id : NULL, b->rule ? b->rule->id : NULL);
    if (c) return c;
    c = cmp_opt(a->message, b->message);
    if (c) return c;
    return cmp_opt(a->resource, b->resource);
}

void kr_findings_sort(kr_findings *self)
{
    if (self->len > 1) qsort(self->items, self->len, sizeof(*self->items), cmp_finding);
}


char *kr_eval__line_at(const kr_doc *d, size_t at)
{
    if (!d->data) return kr_xstrdup("");
    if (at > d->len) at = d->len;
    size_t s = at, e = at;
    while (s > 0 && d->data[s - 1] != '\n' && d->data[s - 1] != '\r') s--;
    while (e < d->len && d->data[e] != '\n' && d->data[e] != '\r') e++;
    if (e - s > SNIPPET_MAX) {
        e = s + SNIPPET_MAX;
        while (e > s && ((unsigned char)d->data[e] & 0xC0) == 0x80) e--;
    }
    return kr_xstrndup(d->data + s, e - s);
}

/* Longest trace kept on a finding (module nesting is capped well below). */
#define TRACE_MAX 32u

/* A resolved value (doc.h kr_origin): the finding moves to where the value
 * is written - the first step of the chain, when that step is a value
 * (not an unknown's reason) - and the chain becomes its trace. */
static void put_trace(kr_finding *f, const kr_origin *o)
{
    size_t n = 0;
    for (const kr_origin *p = o; p && n < TRACE_MAX; p = p->next) n++;
    f->trace = kr_xcalloc(n, sizeof *f->trace);
    f->ntrace = n;
    size_t i = 0;
    for (const kr_origin *p = o; p && i < n; p = p->next, i++) {
        kr_doc od;
        memset(&od, 0, sizeof od);
        od.data = p->src;
        od.len = p->src_len;
        f->trace[i].file = kr_xstrdup(p->file ? p->file : "");
        f->trace[i].span = p->src ? kr_eval__first_line(&od, p->span) : p->span;
        f->trace[i].note = p->note ? kr_xstrdup(p->note) : NULL;
    }
    if (f->unknown || !o->file) return;
    kr_doc od;
    memset(&od, 0, sizeof od);
    od.data = o->src;
    od.len = o->src_len;
    free(f->file);
    f->file = kr_xstrdup(o->file);
    f->span = f->trace[0].span;
    free(f->snippet);
    f->snippet = kr_eval__line_at(&od, f->span.start.byte);
}

static void report(const ectx *x, const kr_rule *rule, const kr_target *t, const result *r)
{
    kr_lang lang = x->opts ? x->opts->lang : KR_LANG_EN;
    const witness *w = &r->w;
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.file = kr_xstrdup(x->doc->path ? x->doc->path : "");
    f.unknown = r->v == V_UNKNOWN;
    f.severity = f.unknown ? KR_SEV_NOTE : rule->severity;
    f.resource = x->resource ? kr_xstrdup(x->resource) : NULL;

    /* position */
    const kr_node *at = NULL;
    if ((w->kind == W_VALUE || w->kind == W_CONV || w->kind == W_UNKNOWN_EXPR) && w->node)
        at = w->node;
    else if (w->stop && w->stop != x->root)
        at = w->stop;
    f.span = at ? kr_eval__first_line(x->doc, at->span) : x->anchor;

    kr_buf b;
    kr_buf_init(&b, 0);
    if (f.unknown)
        kr_eval__say_unknown(&b, rule, x, w, t);
    else
        kr_eval__fill(&b, kr_text_get(&rule->message, lang), x, w, t);
    f.message = kr_buf_detach(&b);
    if (!f.message) f.message = kr_xstrdup("");
    f.snippet = kr_eval__line_at(x->doc, f.span.start.byte);
    if (at && at->origin) put_trace(&f, at->origin);
    /* for baseline fingerprints (src/baseline.h): the attribute as the rule
     * names it and the offending value, language-independent; no value when
     * the attribute is absent */
    f.path = kr_xstrdup(kr_eval__leaf_path(w, x, t));
    if ((w->kind == W_VALUE || w->kind == W_CONV || w->kind == W_UNKNOWN_EXPR) && w->node) {
        kr_buf v;
        kr_buf_init(&v, 0);
        kr_eval__put_value(&v, x->doc, w->node, 0);
        f.actual = kr_buf_detach(&v);
        if (!f.actual) f.actual = kr_xstrdup("");
    }
    kr_findings_push(x->out, &f);
}

/* Checks one target on its root node (after the target's own `path:`). */
static void check_target(ectx *x, const kr_rule *rule, const kr_target *t)
{
    if (!t->cond) return;
    if (!t->base) {
        result r = kr_eval__cond(t->cond, x->root, x);
        if (r.v != V_PASS) report(x, rule, t, &r);
        return;
    }
    kr_path_hits hits = {0};
    kr_path_resolve(t->base, x->root, &hits);
    const kr_node *saved_root = x->root;
    const kr_node *saved_au = x->after_unknown;
    kr_span saved_anchor = x->anchor;
    x->after_unknown = NULL; /* after_unknown mirrors the root, not the sub-node */
    for (size_t i = 0; i < hits.len; i++) {
        const kr_path_hit *h = &hits.items[i];
        if (h->state == 0 && h->node && h->node->kind == KR_NODE_SEQ) {
            /* a list selected by `path:` (repeated blocks such as ingress):
             * each item is checked on its own */
            for (size_t k = 0; k < h->node->nitems; k++) {
                const kr_node *it = h->node->items[k];
                if (!it || kr_eval__is_null(it)) continue;
                if (kr_node_is_unknown(it)) {
                    result r = kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, NULL, it, it);
                    report(x, rule, t, &r);
                    continue;
                }
                x->root = it;
                x->anchor = kr_eval__first_line(x->doc, it->span);
                result r = kr_eval__cond(t->cond, it, x);
                if (r.v != V_PASS) report(x, rule, t, &r);
                x->root = saved_root;
                x->anchor = saved_anchor;
            }
        } else if (h->state == 0 && h->node && !kr_node_is_unknown(h->node)) {
            if (kr_eval__is_null(h->node)) continue;
            x->root = h->node;
            x->anchor = kr_eval__first_line(x->doc, h->node->span);
            result r = kr_eval__cond(t->cond, h->node, x);
            if (r.v != V_PASS) report(x, rule, t, &r);
            x->root = saved_root;
            x->anchor = saved_anchor;
        } else if (h->state == 2 || (h->state == 0 && h->node)) {
            const kr_node *e = h->state == 2 ? h->stop : h->node;
            result r = kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, NULL, e, e);
            report(x, rule, t, &r);
        }
        /* absent: nothing selected, nothing to check */
    }
    x->root = saved_root;
    x->after_unknown = saved_au;
    kr_path_hits_dispose(&hits);
}

void kr_eval__on_target(const kr_rule *rule, const kr_target *t, void *payload)
{
    ectx *x = payload;
    if (t->kind == KR_TGT_CONFIG) {
        const char *p = x->doc->path ? x->doc->path : "";
        bool m = t->files && kr_glob_match(t->files, p);
        if (!m && p[0] == '.' && p[1] == '/') m = t->files && kr_glob_match(t->files, p + 2);
        if (!m) return;
    }
    if (x->opts && x->opts->applied) kr_rulelist_add(x->opts->applied, rule); /* it ran here */
    check_target(x, rule, t);
}
