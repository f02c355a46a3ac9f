/* combine.c - all / any / not over conditions, and `related:` conditions
 * evaluated on the blocks that the module's index ties to the resource.
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

/* ------------------------------------------------------------ related --- */


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
    result r = kr_eval__mk(v, k, c, NULL, NULL);
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
    result r = kr_eval__cond(rel->check, m->block.body, &y);
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
    return kr_eval__mk(V_FAIL, W_REL_NONE, c, NULL, NULL);
}

result kr_eval__cond(const kr_cond *c, const kr_node *root, const ectx *x)
{
    switch (c->kind) {
    case KR_COND_LEAF:
        return kr_eval__leaf(c, root, x);
    case KR_COND_RELATED:
        return eval_related(c, x);
    case KR_COND_NOT: {
        result r = kr_eval__cond(c->children[0], root, x);
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
        for (size_t i = 0; i < c->nchildren; i++) kr_eval__acc_add(&a, kr_eval__cond(c->children[i], root, x));
        return kr_eval__acc_result(&a, kr_eval__mk(V_PASS, W_NONE, NULL, NULL, NULL));
    }
    }
    return kr_eval__mk(V_PASS, W_NONE, NULL, NULL, NULL);
}
