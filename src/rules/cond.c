/* cond.c - compiling a rule's conditions (rules/README.md, "Conditions"):
 * leaves (path, op, value, type, unit, default, if_absent, quantifier) and
 * their all/any/not combinations, with the operator and type tables. A
 * `related:` condition is compiled by related.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load_internal.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/regex.h"
#include "util/yaml12.h"

/* ---------------------------------------------------------- conditions --- */

const char *const kr_load__leaf_keys[] = {"path", "op", "value", "type", "unit", "default",
                                        "if_absent", "quantifier", "all", "any", "not",
                                        "related", NULL};
static const char *const COMBO_KEYS[] = {"all", "any", "not", NULL};

static const struct {
    const char *name;
    kr_op op;
} OPS[] = {
    {"==", KR_OP_EQ}, {"!=", KR_OP_NE}, {"<", KR_OP_LT}, {"<=", KR_OP_LE},
    {">", KR_OP_GT}, {">=", KR_OP_GE}, {"in", KR_OP_IN}, {"not_in", KR_OP_NOT_IN},
    {"matches", KR_OP_MATCHES}, {"not_matches", KR_OP_NOT_MATCHES},
    {"contains", KR_OP_CONTAINS}, {"not_contains", KR_OP_NOT_CONTAINS},
    {"exists", KR_OP_EXISTS}, {"absent", KR_OP_ABSENT},
};
static const char *const OP_NAMES[] = {"==", "!=", "<", "<=", ">", ">=", "in", "not_in", "matches",
                                       "not_matches", "contains", "not_contains", "exists",
                                       "absent", NULL};

const char *const kr_load__type_names[] = {"number", "duration", "tls", "string", "bool", NULL};

const char *kr_load__vtype_name(kr_vtype t)
{
    switch (t) {
    case KR_VT_NUMBER: return "number";
    case KR_VT_DURATION: return "duration";
    case KR_VT_TLS: return "TLS version";
    case KR_VT_STRING: return "string";
    case KR_VT_BOOL: return "bool";
    default: return "value";
    }
}

static const char *op_name(kr_op op)
{
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (OPS[i].op == op) return OPS[i].name;
    return "?";
}

char *kr_load__keep(loader *L, const char *s, size_t n)
{
    return kr_arena_strndup(L->rs->arena, s, n);
}

/* The type a scalar gives when `type:` is not written. */
static kr_vtype auto_type(const ynode *v)
{
    switch (kr_load__scalar_type(v)) {
    case S_INT:
    case S_FLOAT: return KR_VT_NUMBER;
    case S_BOOL: return KR_VT_BOOL;
    default: return KR_VT_STRING;
    }
}

/* Reads scalar v as type t into *out (strings borrowed from the ruleset
 * arena). Reports "<what> 'x' is not a <type>". */
static bool read_value(loader *L, const lfile *f, const ynode *v, kr_vtype t, kr_unit unit,
                       const char *what, kr_value *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != Y_SCALAR) {
        kr_load__err_node(L, f, v, "%s must be a single value, not %s", what, kr_load__kind_name(v));
        return false;
    }
    if (kr_load__scalar_type(v) == S_NULL) {
        kr_load__err_node(L, f, v, "%s is empty", what);
        return false;
    }
    char *text = kr_load__keep(L, v->text, v->len);
    if (t == KR_VT_BOOL && kr_load__scalar_type(v) == S_BOOL) {
        out->type = KR_VT_BOOL;
        out->b = text[0] == 't' || text[0] == 'T';
        out->str = text;
        out->len = v->len;
        return true;
    }
    if (t == KR_VT_STRING) {
        out->type = KR_VT_STRING;
        out->str = text;
        out->len = v->len;
        return true;
    }
    if (t == KR_VT_NUMBER && kr_load__scalar_type(v) == S_INT) {
        /* 0x1F, 0o17 and 7 alike, read as the document adapter reads them */
        int64_t i;
        double fv;
        bool big;
        if (kr_y12_int(v->text, v->len, &i, &big, &fv)) {
            out->type = KR_VT_NUMBER;
            out->num = big ? fv : (double)i;
            return true;
        }
    }
    if (kr_value_from_text(out, text, v->len, t, unit) != 0) {
        kr_load__err_node(L, f, v, "%s '%s' is not a %s", what, v->text, kr_load__vtype_name(t));
        return false;
    }
    return true;
}



static kr_cond *compile_combo(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    kr_cond *c = kr_arena_alloc(L->rs->arena, sizeof(*c));
    c->src = n->span;
    const char *which = NULL;
    const ynode *arg = NULL;
    bool ok = true;
    size_t wi = 0;
    for (size_t i = 0; i + 1 < n->nkids && !which; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind == Y_SCALAR && kr_load__in_list(k->text, COMBO_KEYS)) {
            which = k->text;
            arg = n->kids[i + 1];
            wi = i;
        }
    }
    if (!which || !arg) return NULL;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind != Y_SCALAR || i == wi) continue;
        if (kr_load__in_list(k->text, kr_load__leaf_keys)) {
            kr_load__err_node(L, f, k, "'%s' cannot be combined with '%s' in one condition%s", k->text,
                              which, kr_load__in_list(k->text, COMBO_KEYS) ? " (nest them)" : "");
            ok = false;
        }
    }
    if (strcmp(which, "not") == 0) {
        c->kind = KR_COND_NOT;
        if (arg->kind != Y_MAP) {
            kr_load__err_node(L, f, arg, "'not' takes one condition (a map), not %s", kr_load__kind_name(arg));
            return NULL;
        }
        kr_cond *child = kr_load__compile_cond(L, f, arg, depth + 1);
        if (!child || !ok) return NULL;
        c->children = kr_arena_alloc(L->rs->arena, sizeof(kr_cond *));
        c->children[0] = child;
        c->nchildren = 1;
        return c;
    }
    c->kind = strcmp(which, "all") == 0 ? KR_COND_ALL : KR_COND_ANY;
    if (arg->kind != Y_SEQ || arg->nkids == 0) {
        kr_load__err_node(L, f, arg, "'%s' takes a non-empty list of conditions", which);
        return NULL;
    }
    c->children = kr_arena_alloc(L->rs->arena, arg->nkids * sizeof(kr_cond *));
    for (size_t i = 0; i < arg->nkids; i++) {
        kr_cond *child = kr_load__compile_cond(L, f, arg->kids[i], depth + 1);
        if (!child) ok = false;
        c->children[i] = child;
    }
    c->nchildren = arg->nkids;
    return ok ? c : NULL;
}

static bool op_needs_order(kr_op op)
{
    return op == KR_OP_LT || op == KR_OP_LE || op == KR_OP_GT || op == KR_OP_GE;
}

static kr_cond *compile_leaf(loader *L, const lfile *f, const ynode *n)
{
    kr_arena *A = L->rs->arena;
    kr_cond *c = kr_arena_alloc(A, sizeof(*c));
    c->kind = KR_COND_LEAF;
    c->src = n->span;
    bool ok = true;

    /* path: {param: NAME} is a whole path (a binding's), a {param:NAME}
     * placeholder inside the text one key */
    bool pbad = false;
    const ynode *p = kr_load__map_get(n, "path");
    if (p) p = kr_load__resolve(L, f, p, &pbad);
    if (pbad) {
        ok = false;
    } else if (!p) {
        kr_load__err_node(L, f, n, "condition has no 'path'");
        ok = false;
    } else if (kr_load__want_string(L, f, p, "path")) {
        size_t ecol = 0;
        const char *emsg = NULL;
        const char *ptext = p->file ? p->text : kr_load__expand(L, f, p, true); /* placeholders */
        if (!ptext) {
            ok = false;
        } else if (!(c->path = kr_path_compile(ptext, &ecol, &emsg))) {
            if (p->file) {
                kr_load__err_node(L, f, p, "bad path '%s': %s", ptext, emsg ? emsg : "invalid");
            } else {
                kr_span s = ptext == p->text ? kr_load__text_pos(p, ecol) : p->span;
                kr_load__err_at(L, f, &s, "bad path '%s': %s", ptext, emsg ? emsg : "invalid");
            }
            ok = false;
        } else {
            kr_array_push(&L->rs->paths, c->path);
            c->path_text = kr_arena_strdup(A, ptext);
        }
    } else {
        ok = false;
    }

    /* op */
    const ynode *o = kr_load__map_get(n, "op");
    bool have_op = false;
    if (!o) {
        kr_load__err_node(L, f, n, "condition has no 'op'");
        ok = false;
    } else if (kr_load__want_string(L, f, o, "op")) {
        for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
            if (strcmp(o->text, OPS[i].name) == 0) {
                c->op = OPS[i].op;
                have_op = true;
            }
        if (!have_op) {
            char h[96];
            kr_load__hint(h, sizeof h, o->text, OP_NAMES);
            kr_load__err_node(L, f, o, "unknown op '%s'%s", o->text, h);
            ok = false;
        }
    } else {
        ok = false;
    }

    /* type, unit */
    const ynode *t = kr_load__map_get(n, "type");
    kr_vtype vt = KR_VT_AUTO;
    if (t && kr_load__want_string(L, f, t, "type")) {
        static const kr_vtype TV[] = {KR_VT_NUMBER, KR_VT_DURATION, KR_VT_TLS, KR_VT_STRING,
                                      KR_VT_BOOL};
        bool found = false;
        for (size_t i = 0; kr_load__type_names[i]; i++)
            if (strcmp(t->text, kr_load__type_names[i]) == 0) {
                vt = TV[i];
                found = true;
            }
        if (!found) {
            char h[96];
            kr_load__hint(h, sizeof h, t->text, kr_load__type_names);
            kr_load__err_node(L, f, t, "unknown type '%s'%s; use number, duration, tls, string or bool",
                              t->text, h);
            ok = false;
        }
    } else if (t) {
        ok = false;
    }
    bool ubad = false;
    const ynode *u = kr_load__resolve(L, f, kr_load__map_get(n, "unit"), &ubad); /* {param: NAME, default: X} */
    c->unit = KR_UNIT_DAYS;
    if (ubad) {
        ok = false;
    } else if (u && kr_load__want_string(L, f, u, "unit")) {
        if (kr_unit_parse(&c->unit, u->text) != 0) {
            kr_load__err_node(L, f, u, "unknown unit '%s'; use seconds, minutes, hours, days, weeks, "
                              "months or years", u->text);
            ok = false;
        } else if (t && vt != KR_VT_DURATION && vt != KR_VT_AUTO) {
            kr_load__err_node(L, f, u, "'unit' is only for type: duration");
            ok = false;
        } else if (!t) {
            vt = KR_VT_DURATION; /* a unit says the values are durations */
        }
    } else if (u) {
        ok = false;
    }

    /* quantifier, if_absent */
    const ynode *q = kr_load__map_get(n, "quantifier");
    if (q && kr_load__want_string(L, f, q, "quantifier")) {
        if (strcmp(q->text, "any") == 0)
            c->quant_any = true;
        else if (strcmp(q->text, "all") != 0) {
            kr_load__err_node(L, f, q, "quantifier must be all or any, not '%s'", q->text);
            ok = false;
        }
    } else if (q) {
        ok = false;
    }
    const ynode *ia = kr_load__map_get(n, "if_absent");
    c->if_absent = KR_ABSENT_FAIL;
    if (ia && kr_load__want_string(L, f, ia, "if_absent")) {
        if (strcmp(ia->text, "pass") == 0)
            c->if_absent = KR_ABSENT_PASS;
        else if (strcmp(ia->text, "unknown") == 0)
            c->if_absent = KR_ABSENT_UNKNOWN;
        else if (strcmp(ia->text, "fail") != 0) {
            kr_load__err_node(L, f, ia, "if_absent must be fail, pass or unknown, not '%s'", ia->text);
            ok = false;
        }
    } else if (ia) {
        ok = false;
    }

    /* value ({param: ...} resolved first) */
    bool vbad = false;
    const ynode *v = kr_load__resolve(L, f, kr_load__map_get(n, "value"), &vbad);
    if (v && v->kind == Y_SCALAR && kr_load__scalar_type(v) == S_NULL) v = NULL;
    if (vbad) ok = false;
    if (!have_op || vbad) {
        /* without a known op or a value the value cannot be checked further */
    } else if (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT) {
        if (v) {
            kr_load__err_node(L, f, v, "op '%s' takes no value", op_name(c->op));
            ok = false;
        }
    } else if (!v) {
        kr_load__err_node(L, f, o, "op '%s' needs a value", op_name(c->op));
        ok = false;
    } else if (c->op == KR_OP_IN || c->op == KR_OP_NOT_IN) {
        if (v->kind != Y_SEQ || v->nkids == 0) {
            kr_load__err_node(L, f, v, "op '%s' needs a non-empty list of values", op_name(c->op));
            ok = false;
        } else {
            c->values = kr_arena_alloc(A, v->nkids * sizeof(kr_value));
            c->nvalues = v->nkids;
            kr_buf b;
            kr_buf_init(&b, 0);
            for (size_t i = 0; i < v->nkids; i++) {
                const ynode *it = v->kids[i];
                kr_vtype ivt = vt != KR_VT_AUTO ? vt : (it->kind == Y_SCALAR ? auto_type(it)
                                                                            : KR_VT_STRING);
                if (!read_value(L, f, it, ivt, c->unit, "value", &c->values[i]))
                    ok = false;
                else {
                    if (i) kr_buf_puts(&b, ", ");
                    kr_buf_put(&b, it->text, it->len);
                }
            }
            if (vt == KR_VT_AUTO && v->kids[0]->kind == Y_SCALAR) vt = auto_type(v->kids[0]);
            c->expected_text = kr_arena_strdup(A, kr_buf_cstr(&b));
            kr_buf_dispose(&b);
        }
    } else if (c->op == KR_OP_MATCHES || c->op == KR_OP_NOT_MATCHES) {
        if (vt != KR_VT_AUTO && vt != KR_VT_STRING) {
            kr_load__err_node(L, f, t, "op '%s' compares text; type must be string", op_name(c->op));
            ok = false;
        }
        vt = KR_VT_STRING;
        c->values = kr_arena_alloc(A, sizeof(kr_value));
        c->nvalues = 1;
        if (read_value(L, f, v, KR_VT_STRING, c->unit, "value", &c->values[0])) {
            c->expected_text = kr_load__keep(L, v->text, v->len);
            kr_regex_error e;
            if (kr_regex_compile(&c->re, v->text, v->len, 0, &e) != 0) {
                if (v->file) {
                    kr_load__err_node(L, f, v, "bad regular expression '%s': %s (at byte %zu)", v->text,
                                      e.message, e.offset);
                } else {
                    /* at the offending character, through quotes and escapes */
                    kr_ts_origin org = {f->path, f->data, f->len, v->span};
                    kr_loc l = kr_ts_origin_locate(&org, e.offset);
                    kr_span at = {l, l};
                    kr_load__err_at(L, f, &at, "bad regular expression '%s': %s", v->text, e.message);
                }
                ok = false;
            } else {
                kr_array_push(&L->rs->regexes, c->re);
            }
        } else {
            ok = false;
        }
    } else {
        if (vt == KR_VT_AUTO && v->kind == Y_SCALAR) vt = auto_type(v);
        c->values = kr_arena_alloc(A, sizeof(kr_value));
        c->nvalues = 1;
        if (v->kind == Y_SEQ) {
            kr_load__err_node(L, f, v, "op '%s' needs a single value, not a list (use in / not_in)",
                              op_name(c->op));
            ok = false;
        } else if (!read_value(L, f, v, vt, c->unit, "value", &c->values[0])) {
            ok = false;
        } else if (op_needs_order(c->op) && (vt == KR_VT_STRING || vt == KR_VT_BOOL)) {
            kr_load__err_node(L, f, v, "op '%s' compares numbers, durations or TLS versions, but '%s' is "
                              "a %s (add type: duration, tls or number)", op_name(c->op), v->text,
                              kr_load__vtype_name(vt));
            ok = false;
        } else {
            c->expected_text = kr_load__keep(L, v->text, v->len);
        }
    }
    c->vtype = vt;

    /* default */
    bool dbad = false;
    const ynode *d = kr_load__resolve(L, f, kr_load__map_get(n, "default"), &dbad);
    if (dbad) {
        ok = false;
    } else if (d) {
        if (ia) {
            kr_load__err_node(L, f, kr_load__map_key(n, "default"), "give 'default' or 'if_absent', not both");
            ok = false;
        } else if (have_op && (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT)) {
            kr_load__err_node(L, f, kr_load__map_key(n, "default"), "op '%s' takes no default", op_name(c->op));
            ok = false;
        } else {
            kr_vtype dt = vt;
            if (dt == KR_VT_AUTO && d->kind == Y_SCALAR) dt = auto_type(d);
            if (read_value(L, f, d, dt, c->unit, "default", &c->default_value)) {
                c->if_absent = KR_ABSENT_DEFAULT;
                c->default_text = kr_load__keep(L, d->text, d->len);
            } else {
                ok = false;
            }
        }
    }
    return ok ? c : NULL;
}

kr_cond *kr_load__compile_cond(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    if (depth > RULE_MAX_COND_DEPTH) {
        kr_load__err_node(L, f, n, "conditions nested deeper than %u levels", RULE_MAX_COND_DEPTH);
        return NULL;
    }
    if (n->kind != Y_MAP) {
        kr_load__err_node(L, f, n, "a condition must be a map, not %s", kr_load__kind_name(n));
        return NULL;
    }
    bool keys_ok = kr_load__check_keys(L, f, n, kr_load__leaf_keys, "condition");
    kr_cond *c;
    if (kr_load__map_get(n, "related"))
        c = kr_load__compile_related(L, f, n, depth);
    else if (kr_load__map_get(n, "all") || kr_load__map_get(n, "any") || kr_load__map_get(n, "not"))
        c = compile_combo(L, f, n, depth);
    else
        c = compile_leaf(L, f, n);
    return keys_ok ? c : NULL;
}
