/* related.c - compiling `related:` conditions (rules/README.md, "Relations
 * between resources") and checking which targets may hold them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/load_internal.h"
#include "rules/path.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

/* `related: {resource: T, via: P | from: P, check: C}` or
 * `related: {provider: NAME, check: C}` (rules/README.md, "Relations between
 * resources"). Which targets may hold it is checked per target
 * (kr_load__check_related_targets). */
kr_cond *kr_load__compile_related(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    kr_arena *A = L->rs->arena;
    bool ok = true;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind == Y_SCALAR && strcmp(k->text, "related") != 0 && kr_load__in_list(k->text, kr_load__leaf_keys)) {
            kr_load__err_node(L, f, k, "'%s' cannot be combined with 'related' in one condition (put the "
                              "related block's condition under related.check)", k->text);
            ok = false;
        }
    }
    const ynode *r = kr_load__map_get(n, "related");
    if (r->kind != Y_MAP) {
        kr_load__err_node(L, f, r, "'related' must be a map {resource: TYPE, via: PATH} or {provider: "
                          "NAME}, not %s", kr_load__kind_name(r));
        return NULL;
    }
    static const char *const K[] = {"resource", "provider", "via", "from", "check", "if_absent",
                                    NULL};
    if (!kr_load__check_keys(L, f, r, K, "related")) ok = false;
    kr_cond *c = kr_arena_alloc(A, sizeof(*c));
    c->kind = KR_COND_RELATED;
    c->src = n->span;
    kr_related *rel = kr_arena_alloc(A, sizeof(*rel));
    c->related = rel;
    rel->if_absent = KR_ABSENT_UNKNOWN;
    const ynode *ia = kr_load__map_get(r, "if_absent");
    if (ia && !kr_load__map_get(r, "provider")) {
        kr_load__err_node(L, f, kr_load__map_key(r, "if_absent"), "related if_absent is for provider relations (a "
                          "folder without that provider block)");
        ok = false;
    } else if (ia && kr_load__want_string(L, f, ia, "if_absent")) {
        if (strcmp(ia->text, "pass") == 0)
            rel->if_absent = KR_ABSENT_PASS;
        else if (strcmp(ia->text, "fail") == 0)
            rel->if_absent = KR_ABSENT_FAIL;
        else if (strcmp(ia->text, "unknown") != 0) {
            kr_load__err_node(L, f, ia, "if_absent must be unknown, pass or fail, not '%s'", ia->text);
            ok = false;
        }
    } else if (ia) {
        ok = false;
    }
    const ynode *res = kr_load__map_get(r, "resource"), *prov = kr_load__map_get(r, "provider");
    const ynode *via = kr_load__map_get(r, "via"), *from = kr_load__map_get(r, "from");
    if (res && prov) {
        kr_load__err_node(L, f, kr_load__map_key(r, "provider"), "related takes resource or provider, not both");
        return NULL;
    }
    if (!res && !prov) {
        kr_load__err_node(L, f, r, "related needs resource (a Terraform type or CloudFormation Type) or "
                          "provider");
        return NULL;
    }
    const ynode *name = res ? res : prov;
    if (!kr_load__want_string(L, f, name, res ? "resource" : "provider")) return NULL;
    rel->type = kr_load__keep(L, name->text, name->len);
    const ynode *p = NULL;
    if (prov) {
        rel->dir = KR_REL_PROVIDER;
        if (via || from) {
            kr_load__err_node(L, f, kr_load__map_key(r, via ? "via" : "from"), "related provider takes no '%s': "
                              "the provider is the one the resource uses", via ? "via" : "from");
            ok = false;
        }
    } else if (via && from) {
        kr_load__err_node(L, f, kr_load__map_key(r, "from"), "related takes via or from, not both");
        ok = false;
    } else if (!via && !from) {
        kr_load__err_node(L, f, r, "related resource needs via (the path in the %s that refers to this "
                          "resource) or from (the path in this resource that refers to it)", rel->type);
        ok = false;
    } else {
        rel->dir = via ? KR_REL_VIA : KR_REL_FROM;
        p = via ? via : from;
    }
    if (p && kr_load__want_string(L, f, p, via ? "via" : "from")) {
        size_t ecol = 0;
        const char *emsg = NULL;
        rel->path = kr_path_compile(p->text, &ecol, &emsg);
        if (!rel->path) {
            kr_span s = kr_load__text_pos(p, ecol);
            kr_load__err_at(L, f, &s, "bad path '%s': %s", p->text, emsg ? emsg : "invalid");
            ok = false;
        } else {
            kr_array_push(&L->rs->paths, rel->path);
            rel->path_text = kr_load__keep(L, p->text, p->len);
        }
    } else if (p) {
        ok = false;
    }
    /* {path}: "T.via", "from", or "provider.NAME" */
    kr_buf b;
    kr_buf_init(&b, 0);
    if (rel->dir == KR_REL_VIA && rel->path_text)
        kr_buf_printf(&b, "%s.%s", rel->type, rel->path_text);
    else if (rel->dir == KR_REL_FROM && rel->path_text)
        kr_buf_puts(&b, rel->path_text);
    else
        kr_buf_printf(&b, "provider.%s", rel->type);
    c->path_text = kr_arena_strdup(A, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    const ynode *chk = kr_load__map_get(r, "check");
    if (chk) {
        rel->check = kr_load__compile_cond(L, f, chk, depth + 1);
        if (!rel->check) ok = false;
    }
    L->rs->has_relations = true;
    return ok ? c : NULL;
}

/* A `related:` needs a resource to start from: Terraform resource and data
 * targets (any relation), CloudFormation type targets (resource relations). */
bool kr_load__check_related_targets(loader *L, const lfile *f, const kr_cond *c, kr_target_kind k,
                                    unsigned depth)
{
    if (!c || depth > RULE_MAX_COND_DEPTH) return true;
    bool ok = true;
    if (c->kind == KR_COND_RELATED && c->related) {
        bool tf = k == KR_TGT_TF_RESOURCE || k == KR_TGT_TF_DATA;
        bool cfn = k == KR_TGT_CFN_RESOURCE;
        if (!tf && !(cfn && c->related->dir != KR_REL_PROVIDER)) {
            kr_load__err_at(L, f, &c->src, "%s", c->related->dir == KR_REL_PROVIDER ?
                            "related provider needs a terraform resource or data target" :
                            "related needs a terraform resource or data target, or a cloudformation type "
                            "target");
            ok = false;
        }
        return ok; /* its check is on the related block, whatever the target */
    }
    for (size_t i = 0; i < c->nchildren; i++)
        if (!kr_load__check_related_targets(L, f, c->children[i], k, depth + 1)) ok = false;
    return ok;
}
