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
 *
 * The evaluator's files (eval_internal.h): ops.c tests leaves, combine.c
 * all/any/not and related:, finding.c builds findings, message.c their
 * text, source.c reports source-code hits. This file walks each format's
 * subjects (resources, blocks, kinds) and is the API of eval.h.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/eval_internal.h"
#include "eval/relations.h"
#include "rules/path.h"
#include "tf/module.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

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
    return kr_eval__first_line(d, s);
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
    kr_ruleset_each_target(rules, kind, name, kr_eval__on_target, x);
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
        x->anchor = kr_eval__first_line(x->doc, addr ? addr->value->span : item->span);
        const kr_node *au = kr_node_get(change, "after_unknown");
        x->after_unknown = au && au->kind == KR_NODE_MAP ? au : NULL;
        kr_rel_subject subj; /* relations are not followed in a plan: unknown */
        memset(&subj, 0, sizeof subj);
        subj.format = KR_FMT_TFPLAN;
        subj.self.doc = x->doc;
        subj.self.type = type;
        subj.self.body = after;
        x->subj = &subj;
        kr_ruleset_each_target(rules, kind, type, kr_eval__on_target, x);
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
            if (!props || kr_eval__is_null(props)) {
                memset(&empty, 0, sizeof empty);
                empty.kind = KR_NODE_MAP;
                empty.span = p->key->span;
                props = &empty;
            }
            x->resource = scalar_text(p->key);
            x->root = props;
            x->anchor = kr_eval__first_line(x->doc, p->key->span);
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
            kr_ruleset_each_target(rules, KR_TGT_CFN_RESOURCE, type, kr_eval__on_target, x);
            x->subj = NULL;
        }
    }
    x->resource = NULL;
    x->root = root;
    x->anchor = kr_eval__first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_CFN_TEMPLATE, NULL, kr_eval__on_target, x);
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
    x->anchor = kr_eval__first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_K8S_KIND, kind, kr_eval__on_target, x);
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
    x->anchor = kr_eval__first_line(x->doc, root->span);
    kr_ruleset_each_target(rules, KR_TGT_SERVERLESS, NULL, kr_eval__on_target, x);
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
    kr_eval_options defaults = {.lang = KR_LANG_EN};
    ectx x;
    memset(&x, 0, sizeof x);
    x.doc = doc;
    x.opts = opts ? opts : &defaults;
    x.out = out;
    if (doc->format == KR_FMT_SOURCE) {
        kr_eval__source(rules, doc, x.opts, out);
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
        x.anchor = kr_eval__first_line(doc, root->span);
        kr_ruleset_each_target(rules, KR_TGT_CONFIG, NULL, kr_eval__on_target, &x);
    }
    kr_relindex_free(own);
}
