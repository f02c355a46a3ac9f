/* params.c - a rule's parameters (rules/README.md, "Parameters"): the
 * repository's `params:` grafted into the rule file's tree, inline and
 * rule-level defaults, and {param:NAME} placeholders in paths and texts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load_internal.h"
#include "util/alloc.h"
#include "util/buf.h"

/* ---------------------------------------------------------- parameters --- */

/* A rule reads a repository's `params:` (.krewlint.yml) in three places
 * (rules/README.md, "Parameters"): a leaf's value or default written as
 * {param: NAME, default: X}, a {param:NAME} placeholder inside a leaf's path,
 * and the same placeholder in title, message and remediation. The value is
 * the configuration's, else the inline default, else the rule's own
 * `params: {NAME: DEFAULT}`. A configuration value is grafted into the rule
 * file's tree as ynodes that remember the configuration file (kr_load__err_node then
 * reports there and names the rule). */

/* The longest parameter name read from a placeholder. */
#define PARAM_NAME_MAX 64u

/* The configured parameter whose name is name[0..len), or NULL. */
const kr_rule_param *kr_load__find_param(const loader *L, const char *name, size_t len)
{
    for (size_t i = 0; i < L->opts->nparams; i++)
        if (L->opts->params[i].name && strlen(L->opts->params[i].name) == len &&
            memcmp(L->opts->params[i].name, name, len) == 0)
            return &L->opts->params[i];
    return NULL;
}

/* The configuration node k as a ynode in f's arena (k's text is borrowed: the
 * configuration outlives the load). */
static ynode *from_config(const loader *L, const lfile *f, const kr_node *k, const char *name,
                          unsigned depth)
{
    ynode *n = kr_arena_alloc(f->arena, sizeof *n);
    n->span = k->span;
    n->file = L->opts->params_file ? L->opts->params_file : KR_CONFIG_NAME;
    n->param = name;
    n->weight = 1;
    n->kind = Y_SCALAR;
    n->text = "";
    n->plain = true; /* an empty plain scalar: null */
    if (depth > KR_MAX_DEPTH) return n;
    if (k->kind == KR_NODE_MAP) {
        n->kind = Y_MAP;
        n->kids = kr_arena_alloc(f->arena, (2 * k->npairs + 1) * sizeof(ynode *));
        for (size_t i = 0; i < k->npairs; i++) {
            n->kids[n->nkids++] = from_config(L, f, k->pairs[i].key, name, depth + 1);
            n->kids[n->nkids++] = from_config(L, f, k->pairs[i].value, name, depth + 1);
        }
    } else if (k->kind == KR_NODE_SEQ) {
        n->kind = Y_SEQ;
        n->kids = kr_arena_alloc(f->arena, (k->nitems + 1) * sizeof(ynode *));
        for (size_t i = 0; i < k->nitems; i++)
            n->kids[n->nkids++] = from_config(L, f, k->items[i], name, depth + 1);
    } else if (k->text) {
        n->text = k->text;
        n->len = k->text_len;
        n->plain = k->kind == KR_NODE_SCALAR && k->stype != KR_SCALAR_STRING;
    }
    n->cap = n->nkids;
    return n;
}

/* Checks a configured scalar v against the default's scalar proto: a string
 * default takes any scalar as text; a number or bool needs the same. */
static bool like_default(loader *L, const lfile *f, ynode *v, const ynode *proto)
{
    if (v->kind != Y_SCALAR) {
        kr_load__err_node(L, f, v, "the value must be a single value, not %s", kr_load__kind_name(v));
        return false;
    }
    if (kr_load__scalar_type(v) == S_NULL) {
        kr_load__err_node(L, f, v, "the value is empty");
        return false;
    }
    if (!proto || proto->kind != Y_SCALAR) return true;
    stype want = kr_load__scalar_type(proto), got = kr_load__scalar_type(v);
    if (want == S_STR || want == S_NULL) {
        v->plain = false; /* text, whatever it looks like */
        return true;
    }
    bool num = want == S_INT || want == S_FLOAT;
    if (got == want || (num && (got == S_INT || got == S_FLOAT))) return true;
    kr_load__err_node(L, f, v, "'%s' is not a %s like the rule's default '%s'", v->text,
                      num ? "number" : "bool", proto->text);
    return false;
}

/* The value of parameter `name` for the current rule (see above); dflt is
 * the inline default or NULL. NULL after reporting an error (at `at` when the
 * parameter is unset and has no default). */
static const ynode *param_value(loader *L, const lfile *f, const char *name, const ynode *dflt,
                                const kr_span *at)
{
    if (!dflt && L->rule_params) dflt = kr_load__map_get(L->rule_params, name);
    /* NAME.key reads one key of a map-valued parameter (a binding such as
     * purge_delay: {files, path, unit}); an absent key counts as unset. */
    const char *dot = strchr(name, '.');
    const kr_rule_param *p = kr_load__find_param(L, name, dot ? (size_t)(dot - name) : strlen(name));
    const kr_node *pv = p ? p->value : NULL;
    if (pv && dot) {
        if (pv->kind != KR_NODE_MAP) {
            ynode *whole = from_config(L, f, pv, kr_arena_strdup(f->arena, name), 0);
            kr_load__err_node(L, f, whole, "the value must be a map: the rule reads its key '%s'", dot + 1);
            return NULL;
        }
        pv = kr_node_get(pv, dot + 1);
    }
    if (!pv) {
        if (!dflt)
            kr_load__err_at(L, f, at, "parameter '%s' is not set in %s and has no default (give one in "
                            "the rule's 'params:')", name, KR_CONFIG_NAME);
        return dflt;
    }
    ynode *v = from_config(L, f, pv, kr_arena_strdup(f->arena, name), 0);
    if (!dflt) return v;
    if (dflt->kind == Y_SEQ) {
        if (v->kind != Y_SEQ || v->nkids == 0) {
            kr_load__err_node(L, f, v, "the value must be a non-empty list like the rule's default, not %s",
                              v->kind == Y_SEQ ? "an empty list" : kr_load__kind_name(v));
            return NULL;
        }
        bool ok = true;
        for (size_t i = 0; i < v->nkids; i++)
            if (!like_default(L, f, v->kids[i], dflt->nkids ? dflt->kids[0] : NULL)) ok = false;
        return ok ? v : NULL;
    }
    if (v->kind == Y_SEQ && dflt->kind == Y_SCALAR) {
        kr_load__err_node(L, f, v, "the value must be a single value like the rule's default '%s', not a "
                          "list", dflt->text);
        return NULL;
    }
    return like_default(L, f, v, dflt) ? v : NULL;
}

/* v itself, or, when v is {param: NAME, default: X}, the parameter's value.
 * Sets *bad (and returns NULL) after an error. */
const ynode *kr_load__resolve(loader *L, const lfile *f, const ynode *v, bool *bad)
{
    *bad = false;
    if (!v || v->kind != Y_MAP || !kr_load__map_get(v, "param")) return v;
    static const char *const K[] = {"param", "default", NULL};
    const ynode *name = NULL;
    const ynode *r = NULL;
    if (kr_load__check_keys(L, f, v, K, "{param: NAME, default: VALUE}") &&
        (name = kr_load__want_string(L, f, kr_load__map_get(v, "param"), "param")) != NULL)
        r = param_value(L, f, name->text, kr_load__map_get(v, "default"), &v->span);
    if (!r) *bad = true;
    return r;
}

static bool ident_char(char c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* Appends scalar v as one path key: bare when it is plain [A-Za-z0-9_-],
 * else quoted with \ ' " escaped. */
static void put_path_key(kr_buf *b, const ynode *v)
{
    bool bare = v->len > 0;
    for (size_t i = 0; i < v->len && bare; i++)
        bare = ident_char(v->text[i], false) || v->text[i] == '-';
    if (bare) {
        kr_buf_put(b, v->text, v->len);
        return;
    }
    kr_buf_putc(b, '\'');
    for (size_t i = 0; i < v->len; i++) {
        char c = v->text[i];
        if (c == '\\' || c == '\'' || c == '"') kr_buf_putc(b, '\\');
        kr_buf_putc(b, c);
    }
    kr_buf_putc(b, '\'');
}

/* Scalar s's text with every {param:NAME} (spaces allowed around NAME)
 * replaced by the parameter's value: as one key when in_path, else as text
 * (a list joined with ", "). s->text itself when there is none; NULL after
 * an error. The result lives in the file arena. */
const char *kr_load__expand(loader *L, const lfile *f, const ynode *s, bool in_path)
{
    static const char OPEN[] = "{param:";
    const size_t olen = sizeof OPEN - 1;
    if (s->kind != Y_SCALAR || !strstr(s->text, OPEN)) return s->text;
    const char *t = s->text;
    kr_buf b;
    kr_buf_init(&b, s->len + 16);
    bool ok = true;
    size_t i = 0;
    while (i < s->len) {
        const char *open = strstr(t + i, OPEN);
        if (!open) {
            kr_buf_put(&b, t + i, s->len - i);
            break;
        }
        size_t o = (size_t)(open - t);
        kr_buf_put(&b, t + i, o - i);
        size_t j = o + olen;
        while (j < s->len && t[j] == ' ') j++;
        size_t ns = j;
        while (j < s->len && (ident_char(t[j], j == ns) ||
                              (t[j] == '.' && j > ns && t[j - 1] != '.')))
            j++; /* NAME or NAME.key */
        size_t ne = j;
        while (j < s->len && t[j] == ' ') j++;
        kr_span sp = kr_load__text_pos(s, o);
        if (ne == ns || t[ne - 1] == '.' || j >= s->len || t[j] != '}' ||
            ne - ns >= PARAM_NAME_MAX) {
            kr_load__err_at(L, f, &sp, "bad parameter placeholder; write {param:NAME}");
            ok = false;
            i = o + olen;
            continue;
        }
        char name[PARAM_NAME_MAX];
        memcpy(name, t + ns, ne - ns);
        name[ne - ns] = '\0';
        i = j + 1;
        const ynode *v = param_value(L, f, name, NULL, &sp);
        if (!v) {
            ok = false;
        } else if (in_path) {
            if (v->kind != Y_SCALAR || kr_load__scalar_type(v) == S_NULL || v->len == 0) {
                kr_load__err_node(L, f, v, "the value names a key in path '%s': it must be a non-empty "
                                  "string, not %s", s->text, v->kind == Y_SCALAR ? "empty" : kr_load__kind_name(v));
                ok = false;
            } else {
                put_path_key(&b, v);
            }
        } else if (v->kind == Y_SCALAR) {
            kr_buf_put(&b, v->text, v->len);
        } else if (v->kind == Y_SEQ) {
            for (size_t k = 0; k < v->nkids; k++) {
                if (k) kr_buf_puts(&b, ", ");
                kr_buf_put(&b, v->kids[k]->text ? v->kids[k]->text : "",
                           v->kids[k]->text ? v->kids[k]->len : 0);
            }
        } else {
            kr_load__err_node(L, f, v, "the value is shown in a message: it must be a value or a list, "
                              "not %s", kr_load__kind_name(v));
            ok = false;
        }
    }
    const char *out = ok ? kr_arena_strndup(f->arena, kr_buf_cstr(&b), b.len) : NULL;
    kr_buf_dispose(&b);
    return out;
}

/* A rule's `params: {NAME: DEFAULT}`: names, and defaults that are a value or
 * a non-empty list of values. */
void kr_load__compile_rule_params(loader *L, const lfile *f, const ynode *rp)
{
    if (rp->kind != Y_MAP) {
        kr_load__err_node(L, f, rp, "'params' must be a map of parameter names to their defaults, not %s",
                          kr_load__kind_name(rp));
        return;
    }
    for (size_t i = 0; i + 1 < rp->nkids; i += 2) {
        const ynode *k = rp->kids[i], *v = rp->kids[i + 1];
        bool name_ok = k->kind == Y_SCALAR && k->len > 0 && k->len < PARAM_NAME_MAX;
        for (size_t j = 0; name_ok && j < k->len; j++) name_ok = ident_char(k->text[j], j == 0);
        if (!name_ok) {
            kr_load__err_node(L, f, k, "a parameter name is made of letters, digits and '_'");
            continue;
        }
        for (size_t j = 0; j < i; j += 2)
            if (strcmp(rp->kids[j]->text, k->text) == 0) {
                kr_load__err_node(L, f, k, "duplicate parameter '%s'", k->text);
                break;
            }
        bool val_ok = (v->kind == Y_SCALAR && kr_load__scalar_type(v) != S_NULL) ||
                      (v->kind == Y_SEQ && v->nkids > 0);
        for (size_t j = 0; val_ok && v->kind == Y_SEQ && j < v->nkids; j++)
            val_ok = v->kids[j]->kind == Y_SCALAR && kr_load__scalar_type(v->kids[j]) != S_NULL;
        if (!val_ok)
            kr_load__err_node(L, f, v, "the default of parameter '%s' must be a value or a non-empty list "
                              "of values", k->text);
    }
}
