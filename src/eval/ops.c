/* ops.c - the operators of leaf conditions: a value tested against the
 * leaf's expected values, absent and unknown values, quantifiers, in
 * three-valued logic (pass / fail / unknown) with the witness that decided.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/eval_internal.h"
#include "eval/relations.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

result kr_eval__mk(verdict v, wkind k, const kr_cond *leaf, const kr_node *node, const kr_node *stop)
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

bool kr_eval__is_null(const kr_node *n)
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
        return kr_eval__mk(V_PASS, W_VALUE, c, n, stop);
    case KR_OP_ABSENT:
        return kr_eval__mk(V_FAIL, W_VALUE, c, n, stop);
    case KR_OP_EQ:
    case KR_OP_NE:
    case KR_OP_LT:
    case KR_OP_LE:
    case KR_OP_GT:
    case KR_OP_GE: {
        if (!e) return kr_eval__mk(V_FAIL, ok_kind, c, n, stop);
        if (compare_with(c, n, e, &cmp) != 0) {
            /* not even of the type: certainly not equal, and not ordered */
            result r = kr_eval__mk(c->op == KR_OP_NE ? V_PASS : V_FAIL, W_CONV, c, n, stop);
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
        return kr_eval__mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
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
                result r = kr_eval__mk(V_FAIL, W_CONV, c, n, stop);
                r.w.conv = c->values[0].type;
                return r;
            }
        }
        return kr_eval__mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    case KR_OP_MATCHES:
    case KR_OP_NOT_MATCHES: {
        size_t len = 0;
        const char *t = value_text(c, n, &len);
        if (!t || !c->re) {
            result r = kr_eval__mk(V_FAIL, W_CONV, c, n, stop);
            r.w.conv = KR_VT_STRING;
            return r;
        }
        bool m = kr_regex_search(c->re, t, len);
        bool hold = (c->op == KR_OP_MATCHES) == m;
        return kr_eval__mk(hold ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    case KR_OP_CONTAINS:
    case KR_OP_NOT_CONTAINS: {
        bool want = c->op == KR_OP_CONTAINS;
        if (!e) return kr_eval__mk(V_FAIL, ok_kind, c, n, stop);
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
            if (!found && unknown) return kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, unk, stop);
            return kr_eval__mk(found == want ? V_PASS : V_FAIL, W_VALUE, c, n, stop);
        }
        if (n && n->kind == KR_NODE_MAP) {
            const char *key = e->type == KR_VT_STRING ? e->str : c->expected_text;
            bool found = key && kr_node_get_pair(n, key) != NULL;
            return kr_eval__mk(found == want ? V_PASS : V_FAIL, W_VALUE, c, n, stop);
        }
        size_t len = 0;
        const char *t = value_text(c, n, &len);
        const char *s = e->type == KR_VT_STRING ? e->str : c->expected_text;
        size_t slen = e->type == KR_VT_STRING ? e->len : (s ? strlen(s) : 0);
        if (!t || !s) {
            result r = kr_eval__mk(V_FAIL, W_CONV, c, n, stop);
            r.w.conv = KR_VT_STRING;
            return r;
        }
        bool found = has_substring(t, len, s, slen);
        return kr_eval__mk(found == want ? V_PASS : V_FAIL, ok_kind, c, n, stop);
    }
    }
    return kr_eval__mk(V_FAIL, ok_kind, c, n, stop);
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
    if (c->op == KR_OP_ABSENT) return kr_eval__mk(V_PASS, W_ABSENT, c, NULL, stop);
    if (after_apply(c, x->after_unknown)) return kr_eval__mk(V_UNKNOWN, W_AFTER_APPLY, c, NULL, stop);
    if (c->op == KR_OP_EXISTS) return kr_eval__mk(V_FAIL, W_ABSENT, c, NULL, stop);
    switch (c->if_absent) {
    case KR_ABSENT_PASS: return kr_eval__mk(V_PASS, W_ABSENT, c, NULL, stop);
    case KR_ABSENT_UNKNOWN: return kr_eval__mk(V_UNKNOWN, W_UNKNOWN_ABSENT, c, NULL, stop);
    case KR_ABSENT_DEFAULT: return test_one(c, NULL, stop);
    default: return kr_eval__mk(V_FAIL, W_ABSENT, c, NULL, stop);
    }
}


void kr_eval__acc_add(acc *a, result r)
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

result kr_eval__acc_result(const acc *a, result empty)
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
        /* A reference, an intrinsic or a value known after apply is there
         * (exists holds); a value resolution left unknown with a reason (a
         * variable its callers set, one without a value) may be null, which
         * in Terraform is the attribute not set: exists cannot tell. */
        bool maybe_null = n->origin && n->origin->note;
        if (maybe_null && (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT)) {
            kr_eval__acc_add(a, kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, n, NULL));
            return;
        }
        if (c->op == KR_OP_EXISTS) {
            kr_eval__acc_add(a, kr_eval__mk(V_PASS, W_VALUE, c, n, NULL));
            return;
        }
        if (c->op == KR_OP_ABSENT) {
            kr_eval__acc_add(a, kr_eval__mk(V_FAIL, W_VALUE, c, n, NULL));
            return;
        }
        kr_eval__acc_add(a, kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, n, NULL));
        return;
    }
    if (kr_eval__is_null(n)) {
        kr_eval__acc_add(a, test_absent(c, n, x));
        return;
    }
    bool per_item = n->kind == KR_NODE_SEQ && c->op != KR_OP_CONTAINS &&
                    c->op != KR_OP_NOT_CONTAINS && c->op != KR_OP_EXISTS && c->op != KR_OP_ABSENT;
    if (per_item) {
        for (size_t i = 0; i < n->nitems; i++) {
            const kr_node *it = n->items[i];
            if (kr_node_is_unknown(it))
                kr_eval__acc_add(a, kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, it, NULL));
            else if (kr_eval__is_null(it))
                kr_eval__acc_add(a, test_absent(c, it, x));
            else
                kr_eval__acc_add(a, test_one(c, it, NULL));
        }
        return;
    }
    kr_eval__acc_add(a, test_one(c, n, NULL));
}

result kr_eval__leaf(const kr_cond *c, const kr_node *root, const ectx *x)
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
            kr_eval__acc_add(&a, kr_eval__mk(V_UNKNOWN, W_UNKNOWN_EXPR, c, h->stop, h->stop));
        else
            kr_eval__acc_add(&a, test_absent(c, h->stop == root ? NULL : h->stop, x));
    }
    kr_path_hits_dispose(&hits);
    /* no value at all (a fan-out over an empty list): "all" holds vacuously,
     * "any" does not; exists/absent read it as absent */
    result empty;
    if (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT)
        empty = test_absent(c, NULL, x);
    else
        empty = kr_eval__mk(a.any ? V_FAIL : V_PASS, W_ABSENT, c, NULL, NULL);
    return kr_eval__acc_result(&a, empty);
}
