/* coverage.c - which rules were evaluated on which files (coverage.h,
 * kr_rulecov): the evidence behind a checksheet ○.
 *
 * A scan only reports what fails; a checksheet must also say what passed, so
 * while the scan has a document at hand (scan.c, kr_scan_options
 * .record_coverage) it asks the ruleset index which targets apply to it,
 * exactly as the evaluator dispatches (eval.c): Terraform resource/data
 * types, providers and blocks, plan resource_changes, CloudFormation
 * resource types and templates, Kubernetes kinds, serverless.yml, config
 * globs, and source languages. A rule "ran on a file" when one of its
 * targets applied to one of the file's documents. No file is read or parsed
 * here.
 */
#include "eval/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/fs.h"

typedef kr_rulelist rulelist;

/* visit - the rules found applicable to one file. */
typedef struct visit {
    rulelist rules;
    const char *path;
} visit;

static void add_rule(visit *v, const kr_rule *r)
{
    for (size_t i = 0; i < v->rules.len; i++)
        if (v->rules.items[i] == r) return;
    kr_array_push(&v->rules, r);
}

static void on_target(const kr_rule *rule, const kr_target *t, void *payload)
{
    visit *v = payload;
    if (t->kind == KR_TGT_CONFIG) {
        const char *p = v->path;
        bool m = t->files && kr_glob_match(t->files, p);
        if (!m && p[0] == '.' && p[1] == '/') m = t->files && kr_glob_match(t->files, p + 2);
        if (!m) return;
    }
    add_rule(v, rule);
}

static const char *key_text(const kr_node *k)
{
    return k && k->kind == KR_NODE_SCALAR && k->text && !kr_node_is_unknown(k) ? k->text : NULL;
}

/* Calls each_target for every key of root[block] (a map, or a list of maps
 * in .tf.json); with two_labels, only when some label below is a map. */
static void tf_names(visit *v, const kr_ruleset *rules, const kr_node *root, const char *block,
                     kr_target_kind kind)
{
    const kr_node *n = kr_node_get(root, block);
    if (!n) return;
    const kr_node *maps[1] = {n};
    const kr_node *const *list = maps;
    size_t count = 1;
    if (n->kind == KR_NODE_SEQ) {
        list = (const kr_node *const *)n->items;
        count = n->nitems;
    }
    for (size_t m = 0; m < count; m++) {
        const kr_node *map = list[m];
        if (!map || map->kind != KR_NODE_MAP) continue;
        for (size_t i = 0; i < map->npairs; i++) {
            const char *name = key_text(map->pairs[i].key);
            if (name) kr_ruleset_each_target(rules, kind, name, on_target, v);
        }
    }
}

static void dispatch(visit *v, const kr_ruleset *rules, const kr_node *root, kr_format fmt)
{
    switch (fmt) {
    case KR_FMT_TERRAFORM: {
        tf_names(v, rules, root, "resource", KR_TGT_TF_RESOURCE);
        tf_names(v, rules, root, "data", KR_TGT_TF_DATA);
        tf_names(v, rules, root, "provider", KR_TGT_TF_PROVIDER);
        static const char *const BLOCKS[] = {"variable", "module", "output", "terraform", "locals"};
        for (size_t i = 0; i < 5; i++)
            if (kr_node_get(root, BLOCKS[i])) kr_ruleset_each_target(rules, KR_TGT_TF_BLOCK, BLOCKS[i], on_target, v);
        break;
    }
    case KR_FMT_TFPLAN: {
        const kr_node *rc = kr_node_get(root, "resource_changes");
        for (size_t i = 0; rc && rc->kind == KR_NODE_SEQ && i < rc->nitems; i++) {
            const kr_node *item = rc->items[i];
            const char *type = key_text(kr_node_get(item, "type"));
            const char *mode = key_text(kr_node_get(item, "mode"));
            const kr_node *after = kr_node_get(kr_node_get(item, "change"), "after");
            if (!type || !after || after->kind != KR_NODE_MAP) continue;
            if (mode && strcmp(mode, "data") == 0)
                kr_ruleset_each_target(rules, KR_TGT_TF_DATA, type, on_target, v);
            else if (!mode || strcmp(mode, "managed") == 0)
                kr_ruleset_each_target(rules, KR_TGT_TF_RESOURCE, type, on_target, v);
        }
        break;
    }
    case KR_FMT_CLOUDFORMATION: {
        const kr_node *res = kr_node_get(root, "Resources");
        for (size_t i = 0; res && res->kind == KR_NODE_MAP && i < res->npairs; i++) {
            const char *type = key_text(kr_node_get(res->pairs[i].value, "Type"));
            if (type) kr_ruleset_each_target(rules, KR_TGT_CFN_RESOURCE, type, on_target, v);
        }
        kr_ruleset_each_target(rules, KR_TGT_CFN_TEMPLATE, NULL, on_target, v);
        break;
    }
    case KR_FMT_KUBERNETES: {
        const char *kind = key_text(kr_node_get(root, "kind"));
        if (kind) kr_ruleset_each_target(rules, KR_TGT_K8S_KIND, kind, on_target, v);
        break;
    }
    case KR_FMT_SERVERLESS: kr_ruleset_each_target(rules, KR_TGT_SERVERLESS, NULL, on_target, v); break;
    default: break;
    }
    kr_ruleset_each_target(rules, KR_TGT_CONFIG, NULL, on_target, v);
}

void kr_rulecov_applicable(kr_rulelist *out, const kr_ruleset *rules, const kr_doc *doc)
{
    visit v = {*out, doc->path};
    if (doc->format == KR_FMT_SOURCE) {
        for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
            const kr_rule *r = kr_ruleset_get(rules, i);
            for (size_t t = 0; t < r->ntargets; t++) {
                const kr_target *tg = &r->targets[t];
                if (tg->kind == KR_TGT_SOURCE && tg->source && (tg->source->langs & (1u << doc->source_lang)))
                    add_rule(&v, r);
            }
        }
    } else {
        for (size_t i = 0; i < doc->nroots; i++) {
            if (!doc->roots[i]) continue;
            kr_format fmt = doc->root_formats ? doc->root_formats[i] : doc->format;
            dispatch(&v, rules, doc->roots[i], fmt);
        }
    }
    *out = v.rules;
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
