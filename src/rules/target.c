/* target.c - compiling a rule's targets: the kind and its selector
 * (terraform, cloudformation, kubernetes, serverless, config, source), the
 * base path and the check. A source target's body is compiled by
 * source_rules.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load_internal.h"
#include "rules/path.h"
#include "ts/lang.h"
#include "util/alloc.h"
#include "util/array.h"

/* ------------------------------------------------------------- targets --- */

static const char *const TARGET_KEYS[] = {"terraform", "cloudformation", "kubernetes",
                                          "serverless", "config", "source", "check", "path",
                                          "query", "capture", "compare", NULL};
static const char *const KIND_KEYS[] = {"terraform", "cloudformation", "kubernetes",
                                        "serverless", "config", "source", NULL};
/* Keys only a source target takes. */
static const char *const SOURCE_KEYS[] = {"query", "capture", "compare", NULL};

static bool compile_base_path(loader *L, const lfile *f, const ynode *p, kr_target *t)
{
    if (!kr_load__want_string(L, f, p, "path")) return false;
    size_t ecol = 0;
    const char *emsg = NULL;
    t->base = kr_path_compile(p->text, &ecol, &emsg);
    if (!t->base) {
        kr_span s = kr_load__text_pos(p, ecol);
        kr_load__err_at(L, f, &s, "bad path '%s': %s", p->text, emsg ? emsg : "invalid");
        return false;
    }
    kr_array_push(&L->rs->paths, t->base);
    t->base_text = kr_load__keep(L, p->text, p->len);
    return true;
}

/* The selector map of one target kind, e.g. terraform: {resource: aws_db_instance}. */
static bool compile_selector(loader *L, const lfile *f, const char *kind, const ynode *sel,
                             kr_target *t, const ynode **base_out)
{
    *base_out = NULL;
    bool is_null = sel->kind == Y_SCALAR && kr_load__scalar_type(sel) == S_NULL;
    if (strcmp(kind, "serverless") == 0) {
        t->kind = KR_TGT_SERVERLESS;
        if (is_null) return true;
        if (sel->kind != Y_MAP) {
            kr_load__err_node(L, f, sel, "serverless target takes {} (or {path: ...}), not %s",
                              kr_load__kind_name(sel));
            return false;
        }
        static const char *const K[] = {"path", NULL};
        bool ok = kr_load__check_keys(L, f, sel, K, "serverless target");
        *base_out = kr_load__map_get(sel, "path");
        return ok;
    }
    if (sel->kind != Y_MAP) {
        kr_load__err_node(L, f, sel, "%s target must be a map, not %s", kind,
                          is_null ? "empty" : kr_load__kind_name(sel));
        return false;
    }
    *base_out = kr_load__map_get(sel, "path");
    char what[64];
    snprintf(what, sizeof what, "%s target", kind);
    if (strcmp(kind, "terraform") == 0) {
        static const char *const K[] = {"resource", "data", "provider", "block", "path", NULL};
        static const kr_target_kind TK[] = {KR_TGT_TF_RESOURCE, KR_TGT_TF_DATA,
                                            KR_TGT_TF_PROVIDER, KR_TGT_TF_BLOCK};
        bool ok = kr_load__check_keys(L, f, sel, K, what);
        const ynode *name = NULL;
        for (size_t i = 0; i < 4; i++) {
            const ynode *v = kr_load__map_get(sel, K[i]);
            if (!v) continue;
            if (name) {
                kr_load__err_node(L, f, kr_load__map_key(sel, K[i]), "terraform target takes one of resource, "
                                  "data, provider, block");
                return false;
            }
            name = v;
            t->kind = TK[i];
        }
        if (!name) {
            kr_load__err_node(L, f, sel, "terraform target needs one of resource, data, provider, block");
            return false;
        }
        if (!kr_load__want_string(L, f, name, "name")) return false;
        if (t->kind == KR_TGT_TF_BLOCK) {
            static const char *const B[] = {"variable", "module", "output", "terraform",
                                            "locals", NULL};
            if (!kr_load__in_list(name->text, B)) {
                char h[96];
                kr_load__hint(h, sizeof h, name->text, B);
                kr_load__err_node(L, f, name, "unknown block '%s'%s; use variable, module, output, "
                                  "terraform or locals", name->text, h);
                return false;
            }
        }
        t->name = kr_load__keep(L, name->text, name->len);
        return ok;
    }
    if (strcmp(kind, "cloudformation") == 0) {
        static const char *const K[] = {"type", "template", "path", NULL};
        bool ok = kr_load__check_keys(L, f, sel, K, what);
        const ynode *ty = kr_load__map_get(sel, "type"), *tpl = kr_load__map_get(sel, "template");
        if (ty && tpl) {
            kr_load__err_node(L, f, kr_load__map_key(sel, "template"), "cloudformation target takes type or "
                              "template, not both");
            return false;
        }
        if (tpl) {
            t->kind = KR_TGT_CFN_TEMPLATE;
            if (tpl->kind != Y_SCALAR || kr_load__scalar_type(tpl) != S_BOOL || tpl->text[0] != 't') {
                kr_load__err_node(L, f, tpl, "template must be true");
                return false;
            }
            return ok;
        }
        t->kind = KR_TGT_CFN_RESOURCE;
        if (!ty) {
            kr_load__err_node(L, f, sel, "cloudformation target needs type (AWS::X::Y) or template: true");
            return false;
        }
        if (!kr_load__want_string(L, f, ty, "type")) return false;
        t->name = kr_load__keep(L, ty->text, ty->len);
        return ok;
    }
    if (strcmp(kind, "kubernetes") == 0) {
        static const char *const K[] = {"kind", "path", NULL};
        bool ok = kr_load__check_keys(L, f, sel, K, what);
        t->kind = KR_TGT_K8S_KIND;
        const ynode *k = kr_load__map_get(sel, "kind");
        if (!k) {
            kr_load__err_node(L, f, sel, "kubernetes target needs kind");
            return false;
        }
        if (!kr_load__want_string(L, f, k, "kind")) return false;
        t->name = kr_load__keep(L, k->text, k->len);
        return ok;
    }
    if (strcmp(kind, "source") == 0) {
        static const char *const K[] = {"lang", NULL};
        bool ok = kr_load__check_keys(L, f, sel, K, what);
        t->kind = KR_TGT_SOURCE;
        t->source = kr_arena_alloc(L->rs->arena, sizeof *t->source);
        const ynode *lang = kr_load__map_get(sel, "lang");
        if (!lang) {
            kr_load__err_node(L, f, sel, "source target needs lang (javascript, typescript, tsx, python, "
                              "go, or a list of them)");
            return false;
        }
        const ynode *const *items = &lang;
        size_t nitems = 1;
        if (lang->kind == Y_SEQ) {
            items = (const ynode *const *)lang->kids;
            nitems = lang->nkids;
            if (nitems == 0) {
                kr_load__err_node(L, f, lang, "lang must name at least one language");
                return false;
            }
        }
        for (size_t i = 0; i < nitems; i++) {
            if (!kr_load__want_string(L, f, items[i], "lang")) {
                ok = false;
                continue;
            }
            kr_ts_lang l;
            if (kr_ts_lang_parse(&l, items[i]->text) != 0) {
                static const char *const LN[] = {"javascript", "typescript", "tsx", "python", "go",
                                                 NULL};
                char h[96];
                kr_load__hint(h, sizeof h, items[i]->text, LN);
                kr_load__err_node(L, f, items[i], "unknown language '%s'%s; use javascript, typescript, "
                                  "tsx, python or go", items[i]->text, h);
                ok = false;
                continue;
            }
            if (t->source->langs & (1u << l)) {
                kr_load__err_node(L, f, items[i], "language '%s' is listed twice", items[i]->text);
                ok = false;
            }
            t->source->langs |= 1u << l;
        }
        return ok;
    }
    /* config */
    static const char *const K[] = {"files", "path", NULL};
    bool ok = kr_load__check_keys(L, f, sel, K, what);
    t->kind = KR_TGT_CONFIG;
    const ynode *g = kr_load__map_get(sel, "files");
    if (!g) {
        kr_load__err_node(L, f, sel, "config target needs files (a glob)");
        return false;
    }
    bool gbad = false;
    g = kr_load__resolve(L, f, g, &gbad); /* {param: NAME, default: X} */
    if (gbad || !kr_load__want_string(L, f, g, "files")) return false;
    t->files = kr_load__keep(L, g->text, g->len);
    return ok;
}


/* An optional binding (rules/README.md, "Binding a value rule to your
 * repository"): a config target whose files is {param: NAME, default: null}
 * is left out while the parameter is unset. Nothing else in the target is
 * read (its paths may name the same parameter). */
bool kr_load__optional_target_off(const loader *L, const ynode *n)
{
    const ynode *sel = n->kind == Y_MAP ? kr_load__map_get(n, "config") : NULL;
    const ynode *g = sel && sel->kind == Y_MAP ? kr_load__map_get(sel, "files") : NULL;
    const ynode *name = g && g->kind == Y_MAP ? kr_load__map_get(g, "param") : NULL;
    const ynode *d = g && g->kind == Y_MAP ? kr_load__map_get(g, "default") : NULL;
    if (!name || name->kind != Y_SCALAR || !d || d->kind != Y_SCALAR || kr_load__scalar_type(d) != S_NULL)
        return false;
    const char *dot = strchr(name->text, '.');
    const kr_rule_param *p =
        kr_load__find_param(L, name->text, dot ? (size_t)(dot - name->text) : name->len);
    const kr_node *pv = p ? p->value : NULL;
    if (pv && dot) pv = pv->kind == KR_NODE_MAP ? kr_node_get(pv, dot + 1) : pv;
    return pv == NULL;
}

bool kr_load__compile_target(loader *L, const lfile *f, const ynode *n, kr_target *t,
                             kr_cond *rule_check, bool rule_check_given)
{
    t->src = n->span;
    if (n->kind != Y_MAP) {
        kr_load__err_node(L, f, n, "a target must be a map, not %s", kr_load__kind_name(n));
        return false;
    }
    bool ok = true;
    const ynode *kindkey = NULL;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind != Y_SCALAR) {
            kr_load__err_node(L, f, k, "a key in a target must be a name, not %s", kr_load__kind_name(k));
            ok = false;
        } else if (kr_load__in_list(k->text, KIND_KEYS)) {
            if (kindkey) {
                kr_load__err_node(L, f, k, "a target has one kind; '%s' is already given (make two "
                                  "targets)", kindkey->text);
                ok = false;
            } else {
                kindkey = k;
            }
        } else if (!kr_load__in_list(k->text, TARGET_KEYS)) {
            char h[96];
            kr_load__hint(h, sizeof h, k->text, TARGET_KEYS);
            kr_load__err_node(L, f, k, "unknown target kind '%s'%s", k->text, h);
            ok = false;
        } else {
            for (size_t j = 0; j < i; j += 2)
                if (n->kids[j]->kind == Y_SCALAR && strcmp(n->kids[j]->text, k->text) == 0) {
                    kr_load__err_node(L, f, k, "duplicate key '%s' in target", k->text);
                    ok = false;
                }
        }
    }
    const ynode *base_in_sel = NULL;
    if (!kindkey) {
        if (ok) kr_load__err_node(L, f, n, "target needs a kind: terraform, cloudformation, kubernetes, "
                                  "serverless, config or source");
        ok = false;
    } else {
        const ynode *sel = kr_load__map_get(n, kindkey->text);
        if (!compile_selector(L, f, kindkey->text, sel, t, &base_in_sel)) ok = false;
    }
    if (kindkey && strcmp(kindkey->text, "source") == 0) {
        t->kind = KR_TGT_SOURCE;
        return kr_load__compile_source(L, f, n, t) && ok;
    }
    for (size_t i = 0; SOURCE_KEYS[i]; i++) {
        if (kr_load__map_get(n, SOURCE_KEYS[i])) {
            kr_load__err_node(L, f, kr_load__map_key(n, SOURCE_KEYS[i]), "'%s' is only for source targets",
                              SOURCE_KEYS[i]);
            ok = false;
        }
    }
    const ynode *base = kr_load__map_get(n, "path");
    if (base && base_in_sel) {
        kr_load__err_node(L, f, kr_load__map_key(n, "path"), "path is given twice (in the target and in its "
                          "selector)");
        ok = false;
    } else if (base || base_in_sel) {
        if (!compile_base_path(L, f, base ? base : base_in_sel, t)) ok = false;
    }
    const ynode *chk = kr_load__map_get(n, "check");
    if (chk) {
        t->cond = kr_load__compile_cond(L, f, chk, 0);
        if (!t->cond) ok = false;
    } else if (rule_check_given) {
        t->cond = rule_check; /* shared; nodes live in the ruleset arena */
        if (!t->cond) ok = false;        /* already reported */
    } else {
        kr_load__err_node(L, f, n, "target has no check, and the rule has no top-level check");
        ok = false;
    }
    if (t->cond && !kr_load__check_related_targets(L, f, t->cond, t->kind, 0)) ok = false;
    return ok;
}
