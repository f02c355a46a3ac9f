/* eval.c - evaluating rules on one parsed document (see eval.h).
 *
 * For each root of the document the targets that apply are looked up in the
 * ruleset index by (kind, name) and each target's condition is evaluated on
 * every node it selects, with three-valued logic (pass / fail / unknown).
 * Evaluation returns, with the verdict, a "witness": the leaf and the value
 * (or the place where an absent value was looked for) that decided it. The
 * witness gives the finding its position and fills the message placeholders.
 *
 * Nothing here is static and mutable: a call reads the ruleset and the
 * document and only appends to `out`, so files are evaluated in parallel.
 * Findings copy everything they keep out of the document's arena.
 */
#include "eval/eval.h"

#include <stdlib.h>
#include <string.h>

#include "eval/relations.h"
#include "rules/path.h"
#include "tf/module.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

/* Longest snippet line kept (minified JSON can put a whole file on a line). */
#define SNIPPET_MAX 4096u
/* Longest value / expression text put into a message. */
#define TEXT_MAX 200u

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

/* ---------------------------------------------------------- evaluation --- */

typedef enum verdict { V_PASS, V_FAIL, V_UNKNOWN } verdict;

typedef enum wkind {
    W_NONE,           /* nothing to show (should not be reported) */
    W_VALUE,          /* a value was found and tested */
    W_CONV,           /* a value was found but is not of the leaf's type */
    W_ABSENT,         /* the value is absent */
    W_DEFAULT,        /* absent; the default was tested */
    W_UNKNOWN_EXPR,   /* an expression (or intrinsic) stands where a value is needed */
    W_UNKNOWN_ABSENT, /* absent, and the rule says if_absent: unknown */
    W_AFTER_APPLY,    /* plan: the value is known only after apply */
    W_REL_NONE,       /* related: no block is tied to the resource */
    W_REL_MATCH,      /* related: this block is (w.rel) */
    W_REL_FAIL,       /* related: tied blocks exist, the first fails its check (w.rel, w.r*) */
    W_REL_MAYBE       /* related: an expression may tie a block (w.rel, w.rexpr) */
} wkind;

/* witness - what decided a verdict. */
typedef struct witness {
    wkind kind;
    const kr_cond *leaf;    /* NULL for a target `path:` that was unknown */
    const kr_node *node;    /* W_VALUE/W_CONV: the value; W_UNKNOWN_EXPR: the expression */
    const kr_node *stop;    /* absent: the deepest node reached (NULL: the target) */
    kr_vtype conv;          /* W_CONV: the type it could not be read as */
    /* W_REL_*: the related block; for W_REL_FAIL what decided its check
     * (rkind, rleaf, rnode, rconv: an inner witness in rel.doc); for
     * W_REL_MAYBE the unresolved expression (rexpr in rel.doc, at rpath, of
     * the related block when rel.name is set, else of the resource) */
    kr_rel_block rel;
    wkind rkind;
    const kr_cond *rleaf;
    const kr_node *rnode;
    kr_vtype rconv;
    const kr_node *rexpr;
    const char *rpath;
} witness;

typedef struct result {
    verdict v;
    witness w;
} result;

/* ectx - one target node being checked. */
typedef struct ectx {
    const kr_doc *doc;
    const kr_eval_options *opts;
    kr_findings *out;
    const kr_node *root;          /* the target node (condition root) */
    const char *resource;         /* may be NULL */
    kr_span anchor;               /* where "absent at the target" points */
    const kr_node *after_unknown; /* plan: change.after_unknown, or NULL */
    const kr_rel_subject *subj;   /* the resource for `related:`, or NULL */
    const kr_relindex *module;    /* the Terraform module's blocks, or NULL */
} ectx;

static result mk(verdict v, wkind k, const kr_cond *leaf, const kr_node *node, const kr_node *stop)
{
    result r;
    memset(&r, 0, sizeof r);
    r.v = v;
    r.w.kind = k;
    r.w.leaf = leaf;
    r.w.node = node;
    r.w.stop = stop;
    return r;
}

/* Text of a scalar: `s` occurs in text[0..n). */
static bool has_substring(const char *text, size_t n, const char *s, size_t m)
{
    if (m == 0) return true;
    if (m > n) return false;
    for (size_t i = 0; i + m <= n; i++)
        if (text[i] == s[0] && memcmp(text + i, s, m) == 0) return true;
    return false;
}

static bool is_null(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_NULL && !n->tag;
}

/* Compares the actual value (a node, or the typed default when n is NULL)
 * with expected value e. Returns 0 and *cmp, or -1 when the actual value
 * cannot be read as e's type. */
static int compare_with(const kr_cond *c, const kr_node *n, const kr_value *e, int *cmp)
{
    kr_value a;
    if (n) {
        if (kr_value_from_node(&a, n, e->type, c->unit) != 0) return -1;
    } else {
        a = c->default_value;
        if (a.type != e->type) {
            const char *t = c->default_text ? c->default_text : "";
            if (kr_value_from_text(&a, t, strlen(t), e->type, c->unit) != 0) return -1;
        }
    }
    return kr_value_compare(cmp, &a, e) == 0 ? 0 : -1;
}

/* The text a regex or a substring test reads: a scalar's text, or the
 * default's text. NULL when there is none (maps, lists). */
static const char *value_text(const kr_cond *c, const kr_node *n, size_t *len)
{
    if (!n) {
        const char *t = c->default_text ? c->default_text : "";
        *len = strlen(t);
        return t;
    }
    if (n->kind != KR_NODE_SCALAR || !n->text) return NULL;
    *len = n->text_len;
    return n->text;
}

/* Tests one known value (node n, or the default when n is NULL). */
static result test_one(const kr_cond *c, const kr_node *n, const kr_node *stop)
{
    wkind ok_kind = n ? W_VALUE : W_DEFAULT;
    const kr_value *e = c->nvalues ? &c->values[0] : NULL;
    int cmp = 0;
    switch (c->op) {
    case KR_OP_EXISTS:
        return mk(V_PASS, W_VALUE, c, n, stop);
    case KR_OP_ABSENT:
        return mk(V_FAIL, W_VALUE, c, n, stop);
    case KR_OP_EQ:
    case KR_OP_NE:
    case KR_OP_LT:
    case KR_OP_LE:
    case KR_OP_GT:
    case KR_OP_GE: {
        if (!e) return mk(V_FAIL, ok_kind, c, n, stop);
        if (compare_with(c, n, e, &cmp) != 0) {
            /* not even of the type: certainly not equal, and not ordered */
            result r = mk(c->op == KR_OP_NE ? V_PASS : V_FAIL, W_CONV, c, n, stop);
            r.w.conv = e->type;
            return r;
        }
        bool hold = false;
        switch (c->op) {
        case KR_OP_EQ: hold = cmp == 0; break;
        case KR_OP_NE: hold = cmp != 0; break;
        case KR_OP_LT: hold = cmp < 0; break;
        case KR_OP_LE: hold = cmp <= 0; break;
        case KR_OP_GT: hold = cmp > 0; break;
        default: hold = cmp >= 0; break;
        }
        return mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    case KR_OP_IN:
    case KR_OP_NOT_IN: {
        bool member = false, any_conv = false;
        for (size_t i = 0; i < c->nvalues && !member; i++) {
            if (compare_with(c, n, &c->values[i], &cmp) != 0)
                any_conv = true;
            else if (cmp == 0)
                member = true;
        }
        bool hold = (c->op == KR_OP_IN) == member;
        if (!member && any_conv && c->op == KR_OP_IN) {
            /* read as none of the listed types: say so */
            bool all_conv = true;
            for (size_t i = 0; i < c->nvalues; i++)
                if (compare_with(c, n, &c->values[i], &cmp) == 0) all_conv = false;
            if (all_conv) {
                result r = mk(V_FAIL, W_CONV, c, n, stop);
                r.w.conv = c->values[0].type;
                return r;
            }
        }
        return mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    case KR_OP_MATCHES:
    case KR_OP_NOT_MATCHES: {
        size_t len = 0;
        const char *t = value_text(c, n, &len);
        if (!t || !c->re) {
            result r = mk(V_FAIL, W_CONV, c, n, stop);
            r.w.conv = KR_VT_STRING;
            return r;
        }
        bool m = kr_regex_search(c->re, t, len);
        bool hold = (c->op == KR_OP_MATCHES) == m;
        return mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    case KR_OP_CONTAINS:
    case KR_OP_NOT_CONTAINS: {
        bool want = c->op == KR_OP_CONTAINS;
        if (!e) return mk(V_FAIL, ok_kind, c, n, stop);
        if (n && n->kind == KR_NODE_SEQ) {
            bool found = false, unknown = false;
            const kr_node *unk = NULL;
            for (size_t i = 0; i < n->nitems && !found; i++) {
                const kr_node *it = n->items[i];
                if (kr_node_is_unknown(it)) {
                    unknown = true;
                    if (!unk) unk = it;
                } else if (compare_with(c, it, e, &cmp) == 0 && cmp == 0) {
                    found = true;
                }
            }
            if (!found && unknown) return mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, unk, stop);
            return mk(found == want ? V_PASS : V_FAIL, W_VALUE, c, n, stop);
        }
        if (n && n->kind == KR_NODE_MAP) {
            const char *key = e->type == KR_VT_STRING ? e->str : c->expected_text;
            bool found = key && kr_node_get_pair(n, key) != NULL;
            return mk(found == want ? V_PASS : V_FAIL, W_VALUE, c, n, stop);
        }
        size_t len = 0;
        const char *t = value_text(c, n, &len);
        const char *s = e->type == KR_VT_STRING ? e->str : c->expected_text;
        size_t slen = e->type == KR_VT_STRING ? e->len : (s ? strlen(s) : 0);
        if (!t || !s) {
            result r = mk(V_FAIL, W_CONV, c, n, stop);
            r.w.conv = KR_VT_STRING;
            return r;
        }
        bool found = has_substring(t, len, s, slen);
        return mk(found == want ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    }
    return mk(V_FAIL, ok_kind, c, n, stop);
}

/* Plan JSON: 1 when after_unknown marks `path` as known only after apply. */
static bool after_apply(const kr_cond *c, const kr_node *after_unknown)
{
    if (!after_unknown) return false;
    kr_path_hits hits = {0};
    kr_path_resolve(c->path, after_unknown, &hits);
    bool yes = false;
    for (size_t i = 0; i < hits.len && !yes; i++) {
        const kr_node *n = hits.items[i].state == 0 ? hits.items[i].node : hits.items[i].stop;
        if (n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_BOOL && n->v.b) yes = true;
    }
    kr_path_hits_dispose(&hits);
    return yes;
}

/* What an absent value means for leaf c. */
static result test_absent(const kr_cond *c, const kr_node *stop, const ectx *x)
{
    if (c->op == KR_OP_ABSENT) return mk(V_PASS, W_ABSENT, c, NULL, stop);
    if (after_apply(c, x->after_unknown)) return mk(V_UNKNOWN, W_AFTER_APPLY, c, NULL, stop);
    if (c->op == KR_OP_EXISTS) return mk(V_FAIL, W_ABSENT, c, NULL, stop);
    switch (c->if_absent) {
    case KR_ABSENT_PASS: return mk(V_PASS, W_ABSENT, c, NULL, stop);
    case KR_ABSENT_UNKNOWN: return mk(V_UNKNOWN, W_UNKNOWN_ABSENT, c, NULL, stop);
    case KR_ABSENT_DEFAULT: return test_one(c, NULL, stop);
    default: return mk(V_FAIL, W_ABSENT, c, NULL, stop);
    }
}

/* acc - combines verdicts for all (every one must pass) or any (one must). */
typedef struct acc {
    bool any;
    size_t n;
    bool have_fail, have_unknown, have_pass;
    result fail, unknown, pass;
} acc;

static void acc_add(acc *a, result r)
{
    a->n++;
    if (r.v == V_FAIL && !a->have_fail) {
        a->have_fail = true;
        a->fail = r;
    } else if (r.v == V_UNKNOWN && !a->have_unknown) {
        a->have_unknown = true;
        a->unknown = r;
    } else if (r.v == V_PASS && !a->have_pass) {
        a->have_pass = true;
        a->pass = r;
    }
}

static result acc_result(const acc *a, result empty)
{
    if (a->n == 0) return empty;
    if (a->any) {
        if (a->have_pass) return a->pass;
        if (a->have_unknown) return a->unknown;
        return a->fail;
    }
    if (a->have_fail) return a->fail;
    if (a->have_unknown) return a->unknown;
    return a->pass;
}

/* Tests one found node: unknown expressions, nulls (absent), and lists
 * (each item, for ops that test single values). */
static void test_found(const kr_cond *c, const kr_node *n, const ectx *x, acc *a)
{
    if (kr_node_is_unknown(n)) {
        if (c->op == KR_OP_EXISTS) {
            acc_add(a, mk(V_PASS, W_VALUE, c, n, NULL));
            return;
        }
        if (c->op == KR_OP_ABSENT) {
            acc_add(a, mk(V_FAIL, W_VALUE, c, n, NULL));
            return;
        }
        acc_add(a, mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, n, NULL));
        return;
    }
    if (is_null(n)) {
        acc_add(a, test_absent(c, n, x));
        return;
    }
    bool per_item = n->kind == KR_NODE_SEQ && c->op != KR_OP_CONTAINS &&
                    c->op != KR_OP_NOT_CONTAINS && c->op != KR_OP_EXISTS && c->op != KR_OP_ABSENT;
    if (per_item) {
        for (size_t i = 0; i < n->nitems; i++) {
            const kr_node *it = n->items[i];
            if (kr_node_is_unknown(it))
                acc_add(a, mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, it, NULL));
            else if (is_null(it))
                acc_add(a, test_absent(c, it, x));
            else
                acc_add(a, test_one(c, it, NULL));
        }
        return;
    }
    acc_add(a, test_one(c, n, NULL));
}

static result eval_leaf(const kr_cond *c, const kr_node *root, const ectx *x)
{
    kr_path_hits hits = {0};
    kr_path_resolve(c->path, root, &hits);
    acc a;
    memset(&a, 0, sizeof a);
    a.any = c->quant_any;
    for (size_t i = 0; i < hits.len; i++) {
        const kr_path_hit *h = &hits.items[i];
        if (h->state == 0 && h->node)
            test_found(c, h->node, x, &a);
        else if (h->state == 2)
            acc_add(&a, mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, h->stop, h->stop));
        else
            acc_add(&a, test_absent(c, h->stop == root ? NULL : h->stop, x));
    }
    kr_path_hits_dispose(&hits);
    /* no value at all (a fan-out over an empty list): "all" holds vacuously,
     * "any" does not; exists/absent read it as absent */
    result empty;
    if (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT)
        empty = test_absent(c, NULL, x);
    else
        empty = mk(a.any ? V_FAIL : V_PASS, W_ABSENT, c, NULL, NULL);
    return acc_result(&a, empty);
}

/* ------------------------------------------------------------ related --- */

static result eval_cond(const kr_cond *c, const kr_node *root, const ectx *x);

/* relacc - the blocks a `related:` found: one passing its check is enough;
 * else an unknown one makes the verdict unknown; else the first failure. */
typedef struct relacc {
    const kr_cond *c;
    const ectx *x;
    bool have_pass, have_unknown, have_fail;
    result pass, unknown, fail;
} relacc;

static result rel_result(verdict v, wkind k, const kr_cond *c, const kr_rel_match *m)
{
    result r = mk(v, k, c, NULL, NULL);
    r.w.rel = m->block;
    return r;
}

static bool on_related(const kr_rel_match *m, void *payload)
{
    relacc *a = payload;
    const kr_related *rel = a->c->related;
    if (m->elsewhere && rel->if_absent != KR_ABSENT_UNKNOWN) {
        /* no provider block in the folder: the rule says what that means */
        if (rel->if_absent == KR_ABSENT_PASS) {
            a->have_pass = true;
            a->pass = rel_result(V_PASS, W_REL_NONE, a->c, m);
            return false;
        }
        return true; /* fail: as if nothing were related */
    }
    if (m->maybe) {
        if (!a->have_unknown) {
            a->have_unknown = true;
            a->unknown = rel_result(V_UNKNOWN, W_REL_MAYBE, a->c, m);
            a->unknown.w.rexpr = m->expr;
            a->unknown.w.rpath = m->block.kind == KR_RB_PROVIDER ? "provider" : rel->path_text;
        }
        return true;
    }
    if (!rel->check) {
        a->have_pass = true;
        a->pass = rel_result(V_PASS, W_REL_MATCH, a->c, m);
        return false;
    }
    /* the related block's own condition, evaluated in its own file */
    kr_rel_subject sub = *a->x->subj;
    sub.self = m->block;
    ectx y = *a->x;
    y.doc = m->block.doc;
    y.root = m->block.body;
    y.resource = NULL;
    y.after_unknown = NULL;
    y.subj = &sub;
    result r = eval_cond(rel->check, m->block.body, &y);
    if (r.v == V_PASS) {
        a->have_pass = true;
        a->pass = rel_result(V_PASS, W_REL_MATCH, a->c, m);
        return false;
    }
    if (r.v == V_UNKNOWN && !a->have_unknown) {
        a->have_unknown = true;
        if (r.w.kind == W_REL_MAYBE) {
            a->unknown = r; /* a relation of the related block: keep its words */
        } else {
            a->unknown = rel_result(V_UNKNOWN, W_REL_MAYBE, a->c, m);
            a->unknown.w.rexpr = r.w.kind == W_UNKNOWN_EXPR ? r.w.node : NULL;
            a->unknown.w.rpath = r.w.leaf && r.w.leaf->path_text ? r.w.leaf->path_text : "";
        }
    } else if (r.v == V_FAIL && !a->have_fail) {
        a->have_fail = true;
        a->fail = rel_result(V_FAIL, W_REL_FAIL, a->c, m);
        a->fail.w.rkind = r.w.kind;
        a->fail.w.rleaf = r.w.leaf;
        a->fail.w.rnode = r.w.node;
        a->fail.w.rconv = r.w.conv;
    }
    return true;
}

static result eval_related(const kr_cond *c, const ectx *x)
{
    relacc a;
    memset(&a, 0, sizeof a);
    a.c = c;
    a.x = x;
    if (!x->subj) { /* the loader allows related only where there is a resource */
        kr_rel_match none;
        memset(&none, 0, sizeof none);
        return rel_result(V_UNKNOWN, W_REL_MAYBE, c, &none);
    }
    kr_rel_each(c->related, x->subj, on_related, &a);
    if (a.have_pass) return a.pass;
    if (a.have_unknown) return a.unknown;
    if (a.have_fail) return a.fail;
    return mk(V_FAIL, W_REL_NONE, c, NULL, NULL);
}

static result eval_cond(const kr_cond *c, const kr_node *root, const ectx *x)
{
    switch (c->kind) {
    case KR_COND_LEAF:
        return eval_leaf(c, root, x);
    case KR_COND_RELATED:
        return eval_related(c, x);
    case KR_COND_NOT: {
        result r = eval_cond(c->children[0], root, x);
        if (r.v == V_PASS)
            r.v = V_FAIL;
        else if (r.v == V_FAIL)
            r.v = V_PASS;
        return r;
    }
    case KR_COND_ALL:
    case KR_COND_ANY: {
        acc a;
        memset(&a, 0, sizeof a);
        a.any = c->kind == KR_COND_ANY;
        for (size_t i = 0; i < c->nchildren; i++) acc_add(&a, eval_cond(c->children[i], root, x));
        return acc_result(&a, mk(V_PASS, W_NONE, NULL, NULL, NULL));
    }
    }
    return mk(V_PASS, W_NONE, NULL, NULL, NULL);
}

/* ------------------------------------------------------------- messages --- */

static bool in_doc(const kr_doc *d, const kr_span *s)
{
    return d->data && s->start.byte <= d->len && s->end.byte <= d->len &&
           s->start.byte <= s->end.byte;
}

/* s cut to the end of its first line. */
static kr_span first_line(const kr_doc *d, kr_span s)
{
    if (!in_doc(d, &s)) return s;
    for (size_t i = s.start.byte; i < s.end.byte; i++) {
        if (d->data[i] == '\n' || d->data[i] == '\r') {
            s.end.line = s.start.line;
            s.end.col = s.start.col + (uint32_t)(i - s.start.byte);
            s.end.byte = (uint32_t)i;
            break;
        }
    }
    return s;
}

/* Appends at most `max` bytes of s (not splitting a UTF-8 sequence), then "…". */
static void put_clipped(kr_buf *b, const char *s, size_t n, size_t max)
{
    if (n <= max) {
        kr_buf_put(b, s, n);
        return;
    }
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    kr_buf_put(b, s, k);
    kr_buf_puts(b, "\xE2\x80\xA6");
}

/* The source text of a node, its first line only. */
static void put_source(kr_buf *b, const kr_doc *d, const kr_node *n)
{
    kr_span s = first_line(d, n->span);
    if (in_doc(d, &s) && s.end.byte > s.start.byte) {
        bool cut = s.end.byte < n->span.end.byte;
        put_clipped(b, d->data + s.start.byte, s.end.byte - s.start.byte, TEXT_MAX);
        if (cut) kr_buf_puts(b, " \xE2\x80\xA6");
    } else {
        kr_buf_puts(b, n->kind == KR_NODE_MAP ? "{...}" : "[...]");
    }
}

/* The text of an expression (for unknown verdicts). */
static void put_expr(kr_buf *b, const kr_doc *d, const kr_node *n)
{
    if (!n) return;
    if (n->kind == KR_NODE_EXPR && n->text) {
        size_t len = n->text_len;
        for (size_t i = 0; i < len; i++)
            if (n->text[i] == '\n') len = i;
        put_clipped(b, n->text, len, TEXT_MAX);
        if (len < n->text_len) kr_buf_puts(b, " \xE2\x80\xA6");
        return;
    }
    if (n->tag && n->kind == KR_NODE_SCALAR && n->text) {
        kr_buf_puts(b, n->tag);
        kr_buf_putc(b, ' ');
        put_clipped(b, n->text, n->text_len, TEXT_MAX);
        return;
    }
    put_source(b, d, n);
}

/* A value as shown in {actual}: a scalar's text, a list's items. */
static void put_value(kr_buf *b, const kr_doc *d, const kr_node *n, int depth)
{
    if (b->len > TEXT_MAX) {
        kr_buf_puts(b, "\xE2\x80\xA6");
        return;
    }
    switch (n->kind) {
    case KR_NODE_SCALAR:
        if (n->tag) {
            put_expr(b, d, n);
        } else if (n->stype == KR_SCALAR_NULL) {
            kr_buf_puts(b, "null");
        } else if (n->text_len == 0) {
            kr_buf_puts(b, "\"\"");
        } else {
            put_clipped(b, n->text, n->text_len, TEXT_MAX);
        }
        break;
    case KR_NODE_EXPR:
        put_expr(b, d, n);
        break;
    case KR_NODE_SEQ:
        if (depth > 2) {
            kr_buf_puts(b, "[...]");
            break;
        }
        kr_buf_putc(b, '[');
        for (size_t i = 0; i < n->nitems; i++) {
            if (i) kr_buf_puts(b, ", ");
            if (b->len > TEXT_MAX) {
                kr_buf_puts(b, "\xE2\x80\xA6");
                break;
            }
            put_value(b, d, n->items[i], depth + 1);
        }
        kr_buf_putc(b, ']');
        break;
    case KR_NODE_MAP:
        kr_buf_puts(b, "{...}");
        break;
    }
}

static const char *type_word(kr_vtype t, kr_lang lang)
{
    bool ja = lang == KR_LANG_JA;
    switch (t) {
    case KR_VT_NUMBER: return ja ? "数値" : "a number";
    case KR_VT_DURATION: return ja ? "期間" : "a duration";
    case KR_VT_TLS: return ja ? "TLS バージョン" : "a TLS version";
    case KR_VT_BOOL: return ja ? "真偽値" : "a bool";
    default: return ja ? "文字列" : "a string";
    }
}

/* A related block as named in messages: aws_lb.main, data.aws_iam_policy.x,
 * provider.aws (provider.aws.west with an alias), a CloudFormation logical id. */
static void put_block(kr_buf *b, const ectx *x, const kr_rel_block *r)
{
    bool cfn = x->subj && x->subj->format == KR_FMT_CLOUDFORMATION;
    const char *type = r->type ? r->type : "";
    if (r->kind == KR_RB_PROVIDER)
        kr_buf_printf(b, r->name ? "provider.%s.%s" : "provider.%s", type, r->name ? r->name : "");
    else if (cfn)
        kr_buf_puts(b, r->name ? r->name : type);
    else if (r->kind == KR_RB_DATA)
        kr_buf_printf(b, "data.%s.%s", type, r->name ? r->name : "?");
    else if (r->name)
        kr_buf_printf(b, "%s.%s", type, r->name);
    else
        kr_buf_puts(b, type);
}

/* {actual} */
static void put_actual(kr_buf *b, const ectx *x, const witness *w)
{
    bool ja = x->opts && x->opts->lang == KR_LANG_JA;
    switch (w->kind) {
    case W_VALUE:
        if (w->node) put_value(b, x->doc, w->node, 0);
        break;
    case W_CONV:
        if (w->node) {
            put_value(b, x->doc, w->node, 0);
            if (ja)
                kr_buf_printf(b, "（%sとして読めません）", type_word(w->conv, KR_LANG_JA));
            else
                kr_buf_printf(b, " (not %s)", type_word(w->conv, KR_LANG_EN));
        } else {
            kr_buf_puts(b, ja ? "未設定" : "absent");
        }
        break;
    case W_DEFAULT:
        if (ja)
            kr_buf_printf(b, "未設定（既定値 %s）", w->leaf && w->leaf->default_text ?
                          w->leaf->default_text : "");
        else
            kr_buf_printf(b, "absent (default %s)", w->leaf && w->leaf->default_text ?
                          w->leaf->default_text : "");
        break;
    case W_UNKNOWN_EXPR:
        put_expr(b, x->doc, w->node);
        break;
    case W_AFTER_APPLY:
        kr_buf_puts(b, ja ? "（apply 後に決定）" : "(known after apply)");
        break;
    case W_ABSENT:
    case W_UNKNOWN_ABSENT:
    case W_NONE:
        kr_buf_puts(b, ja ? "未設定" : "absent");
        break;
    case W_REL_NONE:
        kr_buf_puts(b, ja ? "なし" : "none");
        break;
    case W_REL_MATCH:
        put_block(b, x, &w->rel);
        break;
    case W_REL_FAIL: {
        /* "aws_s3_bucket_versioning.v, whose versioning_configuration.status is Suspended" */
        witness iw;
        memset(&iw, 0, sizeof iw);
        iw.kind = w->rkind >= W_REL_NONE ? W_NONE : w->rkind;
        iw.leaf = w->rleaf;
        iw.node = w->rnode;
        iw.conv = w->rconv;
        ectx y = *x;
        if (w->rel.doc) y.doc = w->rel.doc;
        const char *p = w->rleaf && w->rleaf->path_text ? w->rleaf->path_text : "";
        put_block(b, x, &w->rel);
        kr_buf_printf(b, ja ? "（%s が " : ", whose %s is ", p);
        if (w->rkind == W_REL_NONE)
            kr_buf_puts(b, ja ? "なし" : "none");
        else
            put_actual(b, &y, &iw);
        if (ja) kr_buf_puts(b, "）");
        break;
    }
    case W_REL_MAYBE:
        if (w->rexpr)
            put_expr(b, w->rel.doc ? w->rel.doc : x->doc, w->rexpr);
        else
            kr_buf_puts(b, ja ? "不明" : "unknown");
        break;
    }
}

/* Why a `related:` is unknown, appended to the message. */
static void put_rel_unknown(kr_buf *b, const ectx *x, const witness *w, bool ja)
{
    const char *p = w->rpath ? w->rpath : "";
    if (w->rexpr) {
        const kr_doc *d = w->rel.doc ? w->rel.doc : x->doc;
        if (w->rel.name) {
            kr_buf_puts(b, ja ? "（不明: " : " (unknown: ");
            if (ja) {
                put_block(b, x, &w->rel);
                kr_buf_printf(b, " の %s は式 `", p);
            } else {
                kr_buf_printf(b, "%s of ", p);
                put_block(b, x, &w->rel);
                kr_buf_puts(b, " is the expression `");
            }
        } else {
            kr_buf_printf(b, ja ? "（不明: %s は式 `" : " (unknown: %s is the expression `", p);
        }
        put_expr(b, d, w->rexpr);
        kr_buf_puts(b, ja ? "` で、静的に解決できません）" : "`, which krewlint cannot resolve)");
    } else if (w->rel.kind == KR_RB_PROVIDER && x->subj && x->subj->format == KR_FMT_TERRAFORM) {
        kr_buf_printf(b, ja ? "（不明: このフォルダーに provider \"%s\" ブロックがなく、呼び出し元の"
                      "モジュールで設定されています）" :
                      " (unknown: no provider \"%s\" block in this folder; a calling module "
                      "configures it)", w->rel.type ? w->rel.type : "");
    } else {
        kr_buf_puts(b, ja ? "（不明: この形式ではリソース間の関係をたどりません）" :
                    " (unknown: krewlint does not follow relations between resources in this "
                    "format)");
    }
}

static const char *leaf_path(const witness *w, const ectx *x, const kr_target *t)
{
    if (w->leaf && w->leaf->path_text) return w->leaf->path_text;
    (void)x;
    return t && t->base_text ? t->base_text : "";
}

/* Fills {actual} {expected} {path} {resource} {expr} into tpl. Other braces
 * are copied as they are. */
static void fill(kr_buf *b, const char *tpl, const ectx *x, const witness *w, const kr_target *t)
{
    for (const char *p = tpl; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            size_t n = end ? (size_t)(end - p - 1) : 0;
            const char *name = p + 1;
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
            if (end && IS("actual")) {
                put_actual(b, x, w);
            } else if (end && IS("expected")) {
                if (w->leaf && w->leaf->expected_text) kr_buf_puts(b, w->leaf->expected_text);
            } else if (end && IS("path")) {
                kr_buf_puts(b, leaf_path(w, x, t));
            } else if (end && IS("resource")) {
                if (x->resource) kr_buf_puts(b, x->resource);
            } else if (end && IS("expr")) {
                if (w->kind == W_UNKNOWN_EXPR)
                    put_expr(b, x->doc, w->node);
                else
                    put_actual(b, x, w);
            } else {
                kr_buf_putc(b, *p++);
                continue;
            }
#undef IS
            p = end + 1;
            continue;
        }
        kr_buf_putc(b, *p++);
    }
}

/* The source line holding byte `at`, without its line break. */
static char *line_at(const kr_doc *d, size_t at)
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
        f->trace[i].span = p->src ? first_line(&od, p->span) : p->span;
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
    f->snippet = line_at(&od, f->span.start.byte);
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
    f.span = at ? first_line(x->doc, at->span) : x->anchor;

    kr_buf b;
    kr_buf_init(&b, 0);
    fill(&b, kr_text_get(&rule->message, lang), x, w, t);
    if (f.unknown) {
        const char *path = leaf_path(w, x, t);
        bool ja = lang == KR_LANG_JA;
        if (w->kind == W_UNKNOWN_EXPR && w->node && w->node->origin && w->node->origin->note) {
            /* resolution (src/tf) left it unknown and says why */
            kr_buf_printf(&b, ja ? "（不明: %s は式 `" : " (unknown: cannot tell whether %s `", path);
            put_expr(&b, x->doc, w->node);
            kr_buf_printf(&b, ja ? "` が条件を満たすか判定できません: %s）" :
                          "` complies, because %s)", w->node->origin->note);
        } else if (w->kind == W_UNKNOWN_EXPR) {
            kr_buf_printf(&b, ja ? "（不明: %s は式 `" : " (unknown: %s is the expression `", path);
            put_expr(&b, x->doc, w->node);
            kr_buf_puts(&b, ja ? "` で、静的に解決できません）" :
                        "`, which krewlint cannot resolve)");
        } else if (w->kind == W_AFTER_APPLY) {
            kr_buf_printf(&b, ja ? "（不明: %s は apply 後まで決まりません）" :
                          " (unknown: %s is known only after apply)", path);
        } else if (w->kind == W_REL_MAYBE) {
            put_rel_unknown(&b, x, w, ja);
        } else {
            kr_buf_printf(&b, ja ? "（不明: %s が未設定で、判定できません）" :
                          " (unknown: %s is not set, and the rule cannot decide without it)", path);
        }
    }
    f.message = kr_buf_detach(&b);
    if (!f.message) f.message = kr_xstrdup("");
    f.snippet = line_at(x->doc, f.span.start.byte);
    if (at && at->origin) put_trace(&f, at->origin);
    /* for baseline fingerprints (src/baseline.h): the attribute as the rule
     * names it and the offending value, language-independent; no value when
     * the attribute is absent */
    f.path = kr_xstrdup(leaf_path(w, x, t));
    if ((w->kind == W_VALUE || w->kind == W_CONV || w->kind == W_UNKNOWN_EXPR) && w->node) {
        kr_buf v;
        kr_buf_init(&v, 0);
        put_value(&v, x->doc, w->node, 0);
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
        result r = eval_cond(t->cond, x->root, x);
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
                if (!it || is_null(it)) continue;
                if (kr_node_is_unknown(it)) {
                    result r = mk(V_UNKNOWN, W_UNKNOWN_EXPR, NULL, it, it);
                    report(x, rule, t, &r);
                    continue;
                }
                x->root = it;
                x->anchor = first_line(x->doc, it->span);
                result r = eval_cond(t->cond, it, x);
                if (r.v != V_PASS) report(x, rule, t, &r);
                x->root = saved_root;
                x->anchor = saved_anchor;
            }
        } else if (h->state == 0 && h->node && !kr_node_is_unknown(h->node)) {
            if (is_null(h->node)) continue;
            x->root = h->node;
            x->anchor = first_line(x->doc, h->node->span);
            result r = eval_cond(t->cond, h->node, x);
            if (r.v != V_PASS) report(x, rule, t, &r);
            x->root = saved_root;
            x->anchor = saved_anchor;
        } else if (h->state == 2 || (h->state == 0 && h->node)) {
            const kr_node *e = h->state == 2 ? h->stop : h->node;
            result r = mk(V_UNKNOWN, W_UNKNOWN_EXPR, NULL, e, e);
            report(x, rule, t, &r);
        }
        /* absent: nothing selected, nothing to check */
    }
    x->root = saved_root;
    x->after_unknown = saved_au;
    kr_path_hits_dispose(&hits);
}

static void on_target(const kr_rule *rule, const kr_target *t, void *payload)
{
    ectx *x = payload;
    if (t->kind == KR_TGT_CONFIG) {
        const char *p = x->doc->path ? x->doc->path : "";
        bool m = t->files && kr_glob_match(t->files, p);
        if (!m && p[0] == '.' && p[1] == '/') m = t->files && kr_glob_match(t->files, p + 2);
        if (!m) return;
    }
    check_target(x, rule, t);
}

/* -------------------------------------------------------------- source --- */

/* Longest {actual} taken from source code (its first line). */
#define SOURCE_ACTUAL_MAX 80u

/* Bytes of a source capture kept in kr_finding.actual (baseline fingerprints). */
#define SOURCE_FP_MAX 4096u

/* sctx - reporting the hits of the source-code rules on one file. */
typedef struct sctx {
    const kr_doc *doc;
    kr_lang lang;
    kr_findings *out;
} sctx;

/* The first line of s[0..n), clipped, with " …" when something was cut. */
static void put_first_line(kr_buf *b, const char *s, size_t n)
{
    size_t len = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\r') {
            len = i;
            break;
        }
    put_clipped(b, s, len, SOURCE_ACTUAL_MAX);
    if (len < n && len <= SOURCE_ACTUAL_MAX) kr_buf_puts(b, " \xE2\x80\xA6");
}

/* {actual}: the compared value when the pattern compared one, else the
 * reported capture's text; {expected}: the comparison's value; {expr} as
 * {actual}; {path} and {resource} are empty for source code. */
static void fill_source(kr_buf *b, const char *tpl, const kr_ts_hit *h, const kr_source_spec *sp)
{
    for (const char *p = tpl; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            size_t n = end ? (size_t)(end - p - 1) : 0;
            const char *name = p + 1;
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
            if (end && (IS("actual") || IS("expr"))) {
                if (h->value)
                    put_first_line(b, h->value, h->value_len);
                else
                    put_first_line(b, h->text, h->text_len);
            } else if (end && IS("expected")) {
                if (sp && sp->cmp_value) kr_buf_puts(b, sp->cmp_value);
            } else if (end && (IS("path") || IS("resource"))) {
                /* nothing */
            } else {
                kr_buf_putc(b, *p++);
                continue;
            }
#undef IS
            p = end + 1;
            continue;
        }
        kr_buf_putc(b, *p++);
    }
}

static void on_source_hit(const kr_ts_hit *h, void *payload)
{
    const sctx *c = payload;
    const kr_source_ref *ref = h->user;
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = ref->rule;
    f.file = kr_xstrdup(c->doc->path ? c->doc->path : "");
    f.severity = ref->rule->severity;
    f.span = first_line(c->doc, h->span);
    kr_buf b;
    kr_buf_init(&b, 0);
    fill_source(&b, kr_text_get(&ref->rule->message, c->lang), h, ref->tgt->source);
    f.message = kr_buf_detach(&b);
    if (!f.message) f.message = kr_xstrdup("");
    f.snippet = line_at(c->doc, f.span.start.byte);
    /* for baseline fingerprints: the reported capture's text (bounded) */
    f.actual = kr_xstrndup(h->text ? h->text : "", h->text && h->text_len < SOURCE_FP_MAX ?
                                                       h->text_len : (h->text ? SOURCE_FP_MAX : 0));
    kr_findings_push(c->out, &f);
}

/* Runs the merged query of the file's language over its tree (src/ts). */
static void eval_source(const kr_ruleset *rules, const kr_doc *doc, const kr_eval_options *opts,
                        kr_findings *out)
{
    kr_lang lang = opts->lang;
    /* the scan's cache compiles on first use; without one, what the ruleset
     * compiled at load */
    const kr_ts_query *q = opts->queries ? kr_source_queries_get(opts->queries, doc->source_lang)
                                         : kr_ruleset_source_query(rules, doc->source_lang);
    if (!q || !doc->source_tree) return;
    sctx c = {doc, lang, out};
    (void)kr_ts_query_run(q, doc->source_tree, doc->path, on_source_hit, &c);
}

/* ------------------------------------------------------------- formats --- */

/* A span from the start of `a` (or of b when it comes first) to the end of
 * that first line: where a finding about the whole resource points. */
static kr_span anchor_of(const kr_doc *d, const kr_node *key, const kr_node *body)
{
    kr_span s = body ? body->span : key->span;
    if (key && (!body || key->span.start.byte < body->span.start.byte)) {
        s.start = key->span.start;
        if (body && body->span.end.byte > s.end.byte) s.end = body->span.end;
    }
    return first_line(d, s);
}

static const char *scalar_text(const kr_node *n)
{
    if (!n || n->kind != KR_NODE_SCALAR || kr_node_is_unknown(n) || !n->text ||
        n->stype == KR_SCALAR_NULL)
        return NULL;
    return n->text;
}

typedef KR_ARRAY(const kr_pair *) pairlist;
typedef KR_ARRAY(const kr_node *) nodelist;

/* The pairs of a MAP, or of every MAP in a SEQ (.tf.json allows lists). */
static void pairs_of(const kr_node *n, pairlist *out)
{
    if (!n) return;
    if (n->kind == KR_NODE_MAP) {
        for (size_t i = 0; i < n->npairs; i++) kr_array_push(out, &n->pairs[i]);
    } else if (n->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < n->nitems; i++) {
            const kr_node *it = n->items[i];
            if (it && it->kind == KR_NODE_MAP)
                for (size_t j = 0; j < it->npairs; j++) kr_array_push(out, &it->pairs[j]);
        }
    }
}

/* A block body (MAP), or each MAP of a SEQ (repeated blocks). *seq is set
 * when the bodies came from a list. */
static void bodies_of(const kr_node *n, nodelist *out, bool *seq)
{
    *seq = false;
    if (!n) return;
    if (n->kind == KR_NODE_MAP) {
        kr_array_push(out, n);
    } else if (n->kind == KR_NODE_SEQ) {
        *seq = true;
        for (size_t i = 0; i < n->nitems; i++)
            if (n->items[i] && n->items[i]->kind == KR_NODE_MAP) kr_array_push(out, n->items[i]);
    }
}

static void run_body(ectx *x, kr_target_kind kind, const char *name, const kr_node *key,
                     const kr_node *body, bool from_seq, const kr_ruleset *rules)
{
    x->root = body;
    x->anchor = anchor_of(x->doc, from_seq ? NULL : key, body);
    kr_ruleset_each_target(rules, kind, name, on_target, x);
}

/* resource/data: root[block][TYPE][NAME] -> body. */
static void tf_two_labels(ectx *x, const kr_ruleset *rules, const kr_node *root, const char *block,
                          kr_target_kind kind)
{
    pairlist types = {0};
    pairs_of(kr_node_get(root, block), &types);
    kr_buf name;
    kr_buf_init(&name, 0);
    for (size_t i = 0; i < types.len; i++) {
        const char *type = scalar_text(types.items[i]->key);
        if (!type) continue;
        pairlist names = {0};
        pairs_of(types.items[i]->value, &names);
        for (size_t j = 0; j < names.len; j++) {
            const kr_pair *np = names.items[j];
            const char *label = scalar_text(np->key);
            nodelist bodies = {0};
            bool seq = false;
            bodies_of(np->value, &bodies, &seq);
            kr_buf_clear(&name);
            if (kind == KR_TGT_TF_DATA) kr_buf_puts(&name, "data.");
            kr_buf_printf(&name, "%s.%s", type, label ? label : "?");
            x->resource = kr_buf_cstr(&name);
            for (size_t k = 0; k < bodies.len; k++) {
                x->resource = kr_tf_instance_address(x->doc->arena, kr_buf_cstr(&name), bodies.items[k]);
                kr_rel_subject subj;
                memset(&subj, 0, sizeof subj);
                subj.format = KR_FMT_TERRAFORM;
                subj.self.kind = kind == KR_TGT_TF_DATA ? KR_RB_DATA : KR_RB_RESOURCE;
                subj.self.doc = x->doc;
                subj.self.type = type;
                subj.self.name = label;
                subj.self.key = np->key;
                subj.self.body = bodies.items[k];
                subj.module = x->module;
                x->subj = &subj;
                run_body(x, kind, type, np->key, bodies.items[k], seq, rules);
                x->subj = NULL;
            }
            kr_array_dispose(&bodies);
        }
        kr_array_dispose(&names);
    }
    x->resource = NULL;
    kr_buf_dispose(&name);
    kr_array_dispose(&types);
}

/* provider/variable/module/output: root[block][NAME] -> body. */
static void tf_one_label(ectx *x, const kr_ruleset *rules, const kr_node *root, const char *block,
                         kr_target_kind kind)
{
    pairlist names = {0};
    pairs_of(kr_node_get(root, block), &names);
    kr_buf name;
    kr_buf_init(&name, 0);
    for (size_t j = 0; j < names.len; j++) {
        const kr_pair *np = names.items[j];
        const char *label = scalar_text(np->key);
        if (!label) continue;
        nodelist bodies = {0};
        bool seq = false;
        bodies_of(np->value, &bodies, &seq);
        kr_buf_clear(&name);
        kr_buf_printf(&name, "%s.%s", block, label);
        x->resource = kr_buf_cstr(&name);
        for (size_t k = 0; k < bodies.len; k++)
            run_body(x, kind, kind == KR_TGT_TF_PROVIDER ? label : block, np->key, bodies.items[k],
                     seq, rules);
        kr_array_dispose(&bodies);
    }
    x->resource = NULL;
    kr_buf_dispose(&name);
    kr_array_dispose(&names);
}

static void eval_terraform(ectx *x, const kr_ruleset *rules, const kr_node *root)
{
    tf_two_labels(x, rules, root, "resource", KR_TGT_TF_RESOURCE);
    tf_two_labels(x, rules, root, "data", KR_TGT_TF_DATA);
    tf_one_label(x, rules, root, "provider", KR_TGT_TF_PROVIDER);
    static const char *const ONE[] = {"variable", "module", "output"};
    for (size_t i = 0; i < 3; i++) tf_one_label(x, rules, root, ONE[i], KR_TGT_TF_BLOCK);
    static const char *const NONE[] = {"terraform", "locals"};
    for (size_t i = 0; i < 2; i++) {
        const kr_pair *p = kr_node_get_pair(root, NONE[i]);
        if (!p) continue;
        nodelist bodies = {0};
        bool seq = false;
        bodies_of(p->value, &bodies, &seq);
        x->resource = NONE[i];
        for (size_t k = 0; k < bodies.len; k++)
            run_body(x, KR_TGT_TF_BLOCK, NONE[i], p->key, bodies.items[k], seq, rules);
        kr_array_dispose(&bodies);
        x->resource = NULL;
    }
}

/* terraform show -json: resource_changes[*] -> change.after. */
static void eval_tfplan(ectx *x, const kr_ruleset *rules, const kr_node *root)
{
    const kr_node *rc = kr_node_get(root, "resource_changes");
    if (!rc || rc->kind != KR_NODE_SEQ) return;
    for (size_t i = 0; i < rc->nitems; i++) {
        const kr_node *item = rc->items[i];
        const char *type = scalar_text(kr_node_get(item, "type"));
        const char *mode = scalar_text(kr_node_get(item, "mode"));
        const kr_node *change = kr_node_get(item, "change");
        const kr_node *after = kr_node_get(change, "after");
        if (!type || !after || after->kind != KR_NODE_MAP) continue; /* deleted: nothing after */
        kr_target_kind kind = KR_TGT_TF_RESOURCE;
        if (mode && strcmp(mode, "data") == 0)
            kind = KR_TGT_TF_DATA;
        else if (mode && strcmp(mode, "managed") != 0)
            continue;
        const kr_pair *addr = kr_node_get_pair(item, "address");
        x->resource = addr ? scalar_text(addr->value) : NULL;
        x->root = after;
        x->anchor = first_line(x->doc, addr ? addr->value->span : item->span);
        const kr_node *au = kr_node_get(change, "after_unknown");
        x->after_unknown = au && au->kind == KR_NODE_MAP ? au : NULL;
        kr_rel_subject subj; /* relations are not followed in a plan: unknown */
        memset(&subj, 0, sizeof subj);
        subj.format = KR_FMT_TFPLAN;
        subj.self.doc = x->doc;
        subj.self.type = type;
        subj.self.body = after;
        x->subj = &subj;
        kr_ruleset_each_target(rules, kind, type, on_target, x);
        x->subj = NULL;
        x->after_unknown = NULL;
    }
    x->resource = NULL;
}

static void eval_cfn(ectx *x, const kr_ruleset *rules, const kr_node *root)
{
    const kr_node *res = kr_node_get(root, "Resources");
    if (res && res->kind == KR_NODE_MAP) {
        for (size_t i = 0; i < res->npairs; i++) {
            const kr_pair *p = &res->pairs[i];
            const char *type = scalar_text(kr_node_get(p->value, "Type"));
            if (!type) continue;
            const kr_node *props = kr_node_get(p->value, "Properties");
            kr_node empty;
            if (!props || is_null(props)) {
                memset(&empty, 0, sizeof empty);
                empty.kind = KR_NODE_MAP;
                empty.span = p->key->span;
                props = &empty;
            }
            x->resource = scalar_text(p->key);
            x->root = props;
            x->anchor = first_line(x->doc, p->key->span);
            kr_rel_subject subj;
            memset(&subj, 0, sizeof subj);
            subj.format = KR_FMT_CLOUDFORMATION;
            subj.self.kind = KR_RB_RESOURCE;
            subj.self.doc = x->doc;
            subj.self.type = type;
            subj.self.name = x->resource;
            subj.self.key = p->key;
            subj.self.body = props;
            subj.cfn_resources = res;
            x->subj = &subj;
            kr_ruleset_each_target(rules, KR_TGT_CFN_RESOURCE, type, on_target, x);
            x->subj = NULL;
        }
    }
    x->resource = NULL;
    x->root = root;
    x->anchor = first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_CFN_TEMPLATE, NULL, on_target, x);
}

static void eval_k8s(ectx *x, const kr_ruleset *rules, const kr_node *root)
{
    const char *kind = scalar_text(kr_node_get(root, "kind"));
    if (!kind) return;
    const char *name = scalar_text(kr_node_get(kr_node_get(root, "metadata"), "name"));
    kr_buf rn;
    kr_buf_init(&rn, 0);
    kr_buf_puts(&rn, kind);
    if (name) kr_buf_printf(&rn, "/%s", name);
    x->resource = kr_buf_cstr(&rn);
    x->root = root;
    x->anchor = first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_K8S_KIND, kind, on_target, x);
    x->resource = NULL;
    kr_buf_dispose(&rn);
}

static void eval_serverless(ectx *x, const kr_ruleset *rules, const kr_node *root)
{
    const kr_node *svc = kr_node_get(root, "service");
    const char *name = scalar_text(svc);
    if (!name) name = scalar_text(kr_node_get(svc, "name"));
    if (name && strstr(name, "${")) name = NULL;
    x->resource = name;
    x->root = root;
    x->anchor = first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_SERVERLESS, NULL, on_target, x);
    x->resource = NULL;
}

void kr_eval_doc(const kr_ruleset *rules, const kr_doc *doc, const kr_eval_options *opts,
                 kr_findings *out)
{
    kr_eval_doc_in(rules, doc, NULL, opts, out);
}

void kr_eval_doc_in(const kr_ruleset *rules, const kr_doc *doc, const kr_relindex *module,
                    const kr_eval_options *opts, kr_findings *out)
{
    if (!rules || !doc || !out) return;
    kr_eval_options defaults = {KR_LANG_EN, NULL};
    ectx x;
    memset(&x, 0, sizeof x);
    x.doc = doc;
    x.opts = opts ? opts : &defaults;
    x.out = out;
    if (doc->format == KR_FMT_SOURCE) {
        eval_source(rules, doc, x.opts, out);
        return;
    }
    /* Without a module, a Terraform file is its own module. */
    kr_relindex *own = NULL;
    if (!module && doc->format == KR_FMT_TERRAFORM && kr_ruleset_has_relations(rules)) {
        own = kr_relindex_new();
        kr_relindex_add(own, doc);
        module = own;
    }
    x.module = module;
    for (size_t i = 0; i < doc->nroots; i++) {
        const kr_node *root = doc->roots[i];
        if (!root) continue;
        kr_format fmt = doc->root_formats ? doc->root_formats[i] : doc->format;
        switch (fmt) {
        case KR_FMT_TERRAFORM: eval_terraform(&x, rules, root); break;
        case KR_FMT_TFPLAN: eval_tfplan(&x, rules, root); break;
        case KR_FMT_CLOUDFORMATION: eval_cfn(&x, rules, root); break;
        case KR_FMT_KUBERNETES: eval_k8s(&x, rules, root); break;
        case KR_FMT_SERVERLESS: eval_serverless(&x, rules, root); break;
        default: break;
        }
        /* config targets apply to any document whose path matches */
        x.resource = NULL;
        x.root = root;
        x.after_unknown = NULL;
        x.anchor = first_line(doc, root->span);
        kr_ruleset_each_target(rules, KR_TGT_CONFIG, NULL, on_target, &x);
    }
    kr_relindex_free(own);
}
