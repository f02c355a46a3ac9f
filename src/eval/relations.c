/* relations.c - the module index and reference matching (see relations.h).
 *
 * Terraform references are read from an expression's source text: every
 * traversal `a.b[.c]` is taken apart (after tree-sitter-hcl, an expression
 * node keeps its text, not its tree), so `aws_lb.main.arn`,
 * `"${aws_s3_bucket.logs.id}/x"` and `concat([aws_lb.a.arn], var.more)`
 * all name their resources. CloudFormation references are read from the
 * intrinsic's structure (JSON forms) or its source text (YAML short forms,
 * whose scalar text detect.c replaced by the source).
 *
 * Limits: documents are walked at most REL_MAX_DEPTH deep; an expression is
 * scanned once, linearly. Lookups in the index are binary searches by type.
 */
#include "eval/relations.h"

#include <stdlib.h>
#include <string.h>

#include "rules/path.h"
#include "util/alloc.h"
#include "util/array.h"

/* Nesting followed inside one value (intrinsics inside intrinsics, lists). */
#define REL_MAX_DEPTH 64

/* ---------------------------------------------------------------- index --- */

typedef struct entry {
    kr_rel_block b;
    size_t order;
} entry;

struct kr_relindex {
    KR_ARRAY(entry) items; /* sorted by (kind, type, order) after each add */
};

kr_relindex *kr_relindex_new(void)
{
    return kr_xcalloc(1, sizeof(kr_relindex));
}

void kr_relindex_free(kr_relindex *self)
{
    if (!self) return;
    kr_array_dispose(&self->items);
    free(self);
}

size_t kr_relindex_count(const kr_relindex *self)
{
    return self ? self->items.len : 0;
}

static const char *scalar_str(const kr_node *n)
{
    if (!n || n->kind != KR_NODE_SCALAR || n->tag || !n->text || n->stype == KR_SCALAR_NULL)
        return NULL;
    return n->text;
}

static void push_block(kr_relindex *ix, kr_rel_block_kind kind, const kr_doc *doc,
                       const char *type, const char *name, const kr_node *key, const kr_node *body)
{
    entry e;
    memset(&e, 0, sizeof e);
    e.b.kind = kind;
    e.b.doc = doc;
    e.b.type = type;
    e.b.name = name;
    e.b.key = key;
    e.b.body = body;
    e.order = ix->items.len;
    kr_array_push(&ix->items, e);
}

/* Calls add for the MAP bodies of n (a MAP, or a SEQ of MAPs: repeated blocks). */
static void each_body(kr_relindex *ix, kr_rel_block_kind kind, const kr_doc *doc, const char *type,
                      const char *label, const kr_node *key, const kr_node *n)
{
    if (!n) return;
    if (n->kind == KR_NODE_MAP) {
        const char *name = label;
        if (kind == KR_RB_PROVIDER) name = scalar_str(kr_node_get(n, "alias"));
        push_block(ix, kind, doc, type, name, key, n);
    } else if (n->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < n->nitems; i++)
            if (n->items[i] && n->items[i]->kind == KR_NODE_MAP)
                each_body(ix, kind, doc, type, label, key, n->items[i]);
    }
}

/* The pairs of a MAP, or of every MAP of a SEQ (.tf.json allows lists). */
static void each_pair(const kr_node *n, void (*fn)(const kr_pair *, void *), void *payload)
{
    if (!n) return;
    if (n->kind == KR_NODE_MAP) {
        for (size_t i = 0; i < n->npairs; i++) fn(&n->pairs[i], payload);
    } else if (n->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < n->nitems; i++)
            if (n->items[i] && n->items[i]->kind == KR_NODE_MAP)
                for (size_t j = 0; j < n->items[i]->npairs; j++) fn(&n->items[i]->pairs[j], payload);
    }
}

typedef struct addctx {
    kr_relindex *ix;
    const kr_doc *doc;
    kr_rel_block_kind kind;
    const char *type;
} addctx;

static void add_named(const kr_pair *p, void *payload)
{
    addctx *a = payload;
    const char *label = scalar_str(p->key);
    if (!label) return;
    each_body(a->ix, a->kind, a->doc, a->type, label, p->key, p->value);
}

static void add_typed(const kr_pair *p, void *payload)
{
    addctx *a = payload;
    const char *type = scalar_str(p->key);
    if (!type) return;
    addctx b = *a;
    b.type = type;
    each_pair(p->value, add_named, &b);
}

static void add_provider(const kr_pair *p, void *payload)
{
    addctx *a = payload;
    const char *name = scalar_str(p->key);
    if (!name) return;
    each_body(a->ix, KR_RB_PROVIDER, a->doc, name, NULL, p->key, p->value);
}

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->b.kind != b->b.kind) return a->b.kind < b->b.kind ? -1 : 1;
    int c = strcmp(a->b.type, b->b.type);
    if (c) return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

void kr_relindex_add(kr_relindex *self, const kr_doc *doc)
{
    if (!self || !doc) return;
    for (size_t i = 0; i < doc->nroots; i++) {
        const kr_node *root = doc->roots[i];
        kr_format f = doc->root_formats ? doc->root_formats[i] : doc->format;
        if (!root || f != KR_FMT_TERRAFORM) continue;
        addctx a = {self, doc, KR_RB_RESOURCE, NULL};
        each_pair(kr_node_get(root, "resource"), add_typed, &a);
        a.kind = KR_RB_DATA;
        each_pair(kr_node_get(root, "data"), add_typed, &a);
        each_pair(kr_node_get(root, "provider"), add_provider, &a);
    }
    if (self->items.len > 1) qsort(self->items.items, self->items.len, sizeof(entry), cmp_entry);
}

/* [*lo, *hi) = the entries of (kind, type). */
static void range_of(const kr_relindex *ix, kr_rel_block_kind kind, const char *type, size_t *lo,
                     size_t *hi)
{
    size_t a = 0, b = ix ? ix->items.len : 0;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        const entry *e = &ix->items.items[m];
        int c = e->b.kind != kind ? (e->b.kind < kind ? -1 : 1) : strcmp(e->b.type, type);
        if (c < 0)
            a = m + 1;
        else
            b = m;
    }
    size_t e = a;
    while (ix && e < ix->items.len && ix->items.items[e].b.kind == kind &&
           strcmp(ix->items.items[e].b.type, type) == 0)
        e++;
    *lo = a;
    *hi = e;
}

static const entry *find_block(const kr_relindex *ix, kr_rel_block_kind kind, const char *type,
                               size_t tlen, const char *name, size_t nlen)
{
    if (!ix) return NULL;
    char *t = kr_xstrndup(type, tlen);
    size_t lo, hi;
    range_of(ix, kind, t, &lo, &hi);
    free(t);
    for (size_t i = lo; i < hi; i++) {
        const char *n = ix->items.items[i].b.name;
        if (n && strlen(n) == nlen && memcmp(n, name, nlen) == 0) return &ix->items.items[i];
    }
    return NULL;
}

/* ---------------------------------------------------- Terraform references --- */

static bool ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* chain - the first parts of one traversal `a.b.c...` in an expression. */
typedef struct chain {
    const char *part[3];
    size_t len[3];
    size_t n;
} chain;

/* Next traversal starting at or after *pos; false at the end of the text. */
static bool next_chain(const char *s, size_t n, size_t *pos, chain *out)
{
    size_t i = *pos;
    while (i < n) {
        if (ident_start(s[i]) && (i == 0 || (!ident_char(s[i - 1]) && s[i - 1] != '.'))) break;
        i++;
    }
    if (i >= n) {
        *pos = n;
        return false;
    }
    memset(out, 0, sizeof *out);
    for (;;) {
        size_t st = i;
        while (i < n && ident_char(s[i])) i++;
        if (out->n < 3) {
            out->part[out->n] = s + st;
            out->len[out->n] = i - st;
            out->n++;
        }
        if (i + 1 < n && s[i] == '.' && ident_start(s[i + 1])) {
            i++;
            continue;
        }
        break;
    }
    /* skip the rest of the traversal (.attr, [index]) so its parts are not
     * read as new chains */
    while (i < n && (ident_char(s[i]) || s[i] == '.')) i++;
    *pos = i;
    return true;
}

static bool part_is(const chain *c, size_t k, const char *s)
{
    size_t m = strlen(s);
    return k < c->n && c->len[k] == m && memcmp(c->part[k], s, m) == 0;
}

static bool part_eq(const chain *c, size_t k, const char *s)
{
    return s && part_is(c, k, s);
}

/* Roots that are not resources: what they name is not known statically. */
static bool opaque_root(const chain *c)
{
    static const char *const R[] = {"var", "local", "module", "each", "count", "self", "path",
                                    "terraform", NULL};
    for (size_t i = 0; R[i]; i++)
        if (part_is(c, 0, R[i])) return true;
    return false;
}

/* What an HCL expression refers to: calls fn for each resource (or data)
 * traversal; *opaque is set when it also uses a value of unknown origin. */
typedef bool (*tf_ref_fn)(const chain *c, bool data, void *payload);

static void tf_refs(const char *text, size_t n, tf_ref_fn fn, void *payload, bool *opaque)
{
    size_t pos = 0;
    chain c;
    while (next_chain(text, n, &pos, &c)) {
        if (c.n < 2) continue; /* a function name, a keyword, a literal word */
        if (opaque_root(&c)) {
            *opaque = true;
            continue;
        }
        if (part_is(&c, 0, "data")) {
            if (c.n >= 3 && !fn(&c, true, payload)) return;
            continue;
        }
        if (!fn(&c, false, payload)) return;
    }
}

/* ------------------------------------------------ CloudFormation references --- */

typedef bool (*cfn_ref_fn)(const char *name, size_t len, void *payload);

static void skip_ws(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')) (*p)++;
}

/* The text of a YAML short-form scalar after its tag: `!Ref X` -> `X`. */
static void after_tag(const kr_node *n, const char **s, size_t *len)
{
    const char *p = n->text ? n->text : "", *end = p + (n->text ? n->text_len : 0);
    if (p < end && *p == '!') {
        while (p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    }
    skip_ws(&p, end);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    if (end - p >= 2 && (*p == '"' || *p == '\'') && end[-1] == *p) {
        p++;
        end--;
    }
    *s = p;
    *len = (size_t)(end - p);
}

/* `${Name}` and `${Name.Attr}` in a !Sub string; `${!Literal}` and pseudo
 * parameters (AWS::Region) are not references. */
static bool sub_refs(const char *s, size_t n, cfn_ref_fn fn, void *payload)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '$' || s[i + 1] != '{') continue;
        size_t st = i + 2, e = st;
        while (e < n && s[e] != '}') e++;
        if (e >= n) break;
        if (e > st && s[st] != '!') {
            size_t k = st;
            while (k < e && s[k] != '.') k++;
            bool pseudo = k - st > 5 && memcmp(s + st, "AWS::", 5) == 0;
            if (!pseudo && !fn(s + st, k - st, payload)) return false;
        }
        i = e;
    }
    return true;
}

static bool text_of(const kr_node *n, const char **s, size_t *len)
{
    if (!n || n->kind == KR_NODE_MAP || n->kind == KR_NODE_SEQ || !n->text) return false;
    if (n->kind == KR_NODE_EXPR || n->tag)
        after_tag(n, s, len);
    else {
        *s = n->text;
        *len = n->text_len;
    }
    return true;
}

static bool ref_name(const char *s, size_t len, cfn_ref_fn fn, void *payload)
{
    if (len > 5 && memcmp(s, "AWS::", 5) == 0) return true; /* pseudo parameter */
    return len == 0 || fn(s, len, payload);
}

/* Walks value n: calls fn with every logical id an intrinsic names; sets
 * *opaque for intrinsics whose value cannot be followed (!ImportValue,
 * !FindInMap, ...). Returns false when fn asked to stop. */
static bool cfn_refs(const kr_node *n, cfn_ref_fn fn, void *payload, bool *opaque, int depth)
{
    if (!n || depth > REL_MAX_DEPTH) return true;
    const char *fname = NULL;
    const kr_node *arg = NULL;
    if (n->tag && n->tag[0] == '!') {
        fname = n->tag + 1;
        arg = n;
    } else if (n->kind == KR_NODE_EXPR && n->npairs == 1 &&
               n->pairs[0].key && n->pairs[0].key->text) {
        fname = n->pairs[0].key->text;
        if (strncmp(fname, "Fn::", 4) == 0) fname += 4;
        arg = n->pairs[0].value;
    } else if (n->kind == KR_NODE_EXPR && n->npairs == 0 && n->nitems == 0) {
        /* an intrinsic whose structure is gone: nothing to follow */
        *opaque = true;
        return true;
    }
    if (fname) {
        bool scalar_arg = arg && arg->nitems == 0 && arg->npairs == 0;
        const char *s = NULL;
        size_t len = 0;
        if (strcmp(fname, "Ref") == 0) {
            if (text_of(arg, &s, &len)) return ref_name(s, len, fn, payload);
            *opaque = true;
            return true;
        }
        if (strcmp(fname, "GetAtt") == 0) {
            if (arg && arg->nitems > 0) {
                if (text_of(arg->items[0], &s, &len)) return ref_name(s, len, fn, payload);
            } else if (scalar_arg && text_of(arg, &s, &len)) {
                size_t k = 0;
                while (k < len && s[k] != '.') k++;
                return ref_name(s, k, fn, payload);
            }
            *opaque = true;
            return true;
        }
        if (strcmp(fname, "Sub") == 0) {
            const kr_node *str = arg && arg->nitems > 0 ? arg->items[0] : arg;
            if (str && text_of(str, &s, &len) && !sub_refs(s, len, fn, payload)) return false;
            if (arg && arg->nitems > 1)
                return cfn_refs(arg->items[1], fn, payload, opaque, depth + 1);
            return true;
        }
        static const char *const WALK[] = {"Join", "If", "Select", "Split", "Base64", "Equals",
                                           "Not", "And", "Or", "Condition", NULL};
        bool walk = false;
        for (size_t i = 0; WALK[i]; i++)
            if (strcmp(fname, WALK[i]) == 0) walk = true;
        if (!walk) {
            *opaque = true; /* ImportValue, FindInMap, GetAZs, Cidr, Transform ... */
            return true;
        }
        if (arg == n) {
            for (size_t i = 0; i < n->nitems; i++)
                if (!cfn_refs(n->items[i], fn, payload, opaque, depth + 1)) return false;
            for (size_t i = 0; i < n->npairs; i++)
                if (!cfn_refs(n->pairs[i].value, fn, payload, opaque, depth + 1)) return false;
            return true;
        }
        return cfn_refs(arg, fn, payload, opaque, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++)
        if (!cfn_refs(n->items[i], fn, payload, opaque, depth + 1)) return false;
    for (size_t i = 0; i < n->npairs; i++)
        if (!cfn_refs(n->pairs[i].value, fn, payload, opaque, depth + 1)) return false;
    return true;
}

/* --------------------------------------------------------------- names --- */

/* The attributes whose literal value names a block. */
static const char *const TF_NAME_ATTRS[] = {"bucket", "name", "function_name", NULL};
static const char *const CFN_NAME_ATTRS[] = {"BucketName", "Name", "FunctionName", "TableName",
                                             "QueueName", "TopicName", "LogGroupName",
                                             "LoadBalancerName", "DomainName", NULL};

/* 1 when literal s[0..n) names `name`: equal, or an ARN holding it as a
 * whole ':' or '/' segment (arn:aws:s3:::logs, .../app/my-alb/50dc...). */
static bool literal_names(const char *s, size_t n, const char *name)
{
    size_t m = strlen(name);
    if (m == 0) return false;
    if (n == m && memcmp(s, name, m) == 0) return true;
    if (n < 4 || memcmp(s, "arn:", 4) != 0 || m > n) return false;
    for (size_t i = 4; i + m <= n; i++) {
        if (memcmp(s + i, name, m) != 0) continue;
        bool before = s[i - 1] == ':' || s[i - 1] == '/';
        bool after = i + m == n || s[i + m] == ':' || s[i + m] == '/';
        if (before && after) return true;
    }
    return false;
}

static bool block_named(const kr_rel_block *b, bool cfn, const char *s, size_t n)
{
    const char *const *attrs = cfn ? CFN_NAME_ATTRS : TF_NAME_ATTRS;
    for (size_t i = 0; attrs[i]; i++) {
        const char *v = scalar_str(kr_node_get(b->body, attrs[i]));
        if (v && literal_names(s, n, v)) return true;
    }
    return false;
}

/* ------------------------------------------------------------ matching --- */

static const kr_node EMPTY_MAP = {.kind = KR_NODE_MAP};

/* The value(s) at `path` from root: found nodes only (absent is no reference). */
static void values_at(const kr_path *path, const kr_node *root, kr_path_hits *hits)
{
    kr_path_resolve(path, root, hits);
}

/* refscan - does value v (in a block of the subject's scope) refer to the
 * subject? */
typedef struct refscan {
    const kr_rel_subject *s;
    bool yes;
} refscan;

static bool tf_is_subject(const chain *c, bool data, void *payload)
{
    refscan *r = payload;
    const kr_rel_block *b = &r->s->self;
    if (data) {
        if (b->kind == KR_RB_DATA && part_eq(c, 1, b->type) && part_eq(c, 2, b->name)) r->yes = true;
    } else if (b->kind == KR_RB_RESOURCE && part_eq(c, 0, b->type) && part_eq(c, 1, b->name)) {
        r->yes = true;
    }
    return !r->yes;
}

static bool cfn_is_subject(const char *name, size_t len, void *payload)
{
    refscan *r = payload;
    if (r->s->self.name && strlen(r->s->self.name) == len && memcmp(r->s->self.name, name, len) == 0)
        r->yes = true;
    return !r->yes;
}

/* cfn_known - whether names are logical ids of the template (a Parameter or
 * a missing name may hold anything). */
typedef struct cfn_known {
    const kr_node *resources;
    bool unknown_name;
} cfn_known;

static bool cfn_check_known(const char *name, size_t len, void *payload)
{
    cfn_known *k = payload;
    bool found = false;
    const kr_node *r = k->resources;
    for (size_t i = 0; r && i < r->npairs && !found; i++) {
        const kr_node *key = r->pairs[i].key;
        found = key && key->text && key->text_len == len && memcmp(key->text, name, len) == 0;
    }
    if (!found) k->unknown_name = true;
    return true;
}

/* 0 no, 1 yes, 2 maybe: whether value v refers to the subject. */
static int refers_to_subject(const kr_node *v, const kr_rel_subject *s, int depth)
{
    if (!v || depth > REL_MAX_DEPTH) return 0;
    bool cfn = s->format == KR_FMT_CLOUDFORMATION;
    if (v->kind == KR_NODE_SEQ && !kr_node_is_unknown(v)) {
        int best = 0;
        for (size_t i = 0; i < v->nitems; i++) {
            int r = refers_to_subject(v->items[i], s, depth + 1);
            if (r == 1) return 1;
            if (r == 2) best = 2;
        }
        return best;
    }
    if (!kr_node_is_unknown(v)) {
        const char *t = scalar_str(v);
        return t && block_named(&s->self, cfn, t, v->text_len) ? 1 : 0;
    }
    refscan r = {s, false};
    bool opaque = false;
    if (cfn) {
        (void)cfn_refs(v, cfn_is_subject, &r, &opaque, 0);
        if (r.yes) return 1;
        cfn_known k = {s->cfn_resources, false};
        (void)cfn_refs(v, cfn_check_known, &k, &opaque, 0);
        return opaque || k.unknown_name ? 2 : 0;
    }
    if (v->kind != KR_NODE_EXPR || !v->text) return 2;
    tf_refs(v->text, v->text_len, tf_is_subject, &r, &opaque);
    if (r.yes) return 1;
    return opaque ? 2 : 0;
}

/* VIA: each block of type T whose `via` path refers to the subject. */
static bool via_one(const kr_related *rel, const kr_rel_subject *s, const kr_rel_block *cand,
                    kr_rel_cb cb, void *payload)
{
    if (cand->body == s->self.body) return true; /* not related to itself */
    kr_path_hits hits = {0};
    values_at(rel->path, cand->body, &hits);
    int best = 0;
    const kr_node *maybe_expr = NULL;
    for (size_t i = 0; i < hits.len && best != 1; i++) {
        const kr_path_hit *h = &hits.items[i];
        int r = 0;
        if (h->state == 0 && h->node)
            r = refers_to_subject(h->node, s, 0);
        else if (h->state == 2)
            r = 2; /* the path crossed an expression */
        if (r == 2 && !maybe_expr) maybe_expr = h->state == 0 ? h->node : h->stop;
        if (r == 1 || (r == 2 && best == 0)) best = r;
    }
    kr_path_hits_dispose(&hits);
    if (best == 0) return true;
    kr_rel_match m;
    memset(&m, 0, sizeof m);
    m.block = *cand;
    if (best == 2) {
        m.maybe = true;
        m.expr = maybe_expr;
        m.expr_doc = cand->doc;
    }
    return cb(&m, payload);
}

static void each_via(const kr_related *rel, const kr_rel_subject *s, kr_rel_cb cb, void *payload)
{
    if (s->format == KR_FMT_TERRAFORM) {
        size_t lo, hi;
        range_of(s->module, KR_RB_RESOURCE, rel->type, &lo, &hi);
        for (size_t i = lo; i < hi; i++)
            if (!via_one(rel, s, &s->module->items.items[i].b, cb, payload)) return;
        return;
    }
    const kr_node *res = s->cfn_resources;
    for (size_t i = 0; res && res->kind == KR_NODE_MAP && i < res->npairs; i++) {
        const kr_pair *p = &res->pairs[i];
        const char *type = scalar_str(kr_node_get(p->value, "Type"));
        if (!type || strcmp(type, rel->type) != 0) continue;
        const kr_node *props = kr_node_get(p->value, "Properties");
        kr_rel_block b;
        memset(&b, 0, sizeof b);
        b.kind = KR_RB_RESOURCE;
        b.doc = s->self.doc;
        b.type = type;
        b.name = scalar_str(p->key);
        b.key = p->key;
        b.body = props && props->kind == KR_NODE_MAP ? props : &EMPTY_MAP;
        if (!via_one(rel, s, &b, cb, payload)) return;
    }
}

/* FROM: the blocks of type T the subject's `from` values refer to. */
typedef struct fromctx {
    const kr_related *rel;
    const kr_rel_subject *s;
    kr_rel_cb cb;
    void *payload;
    bool stop;
    size_t found;
} fromctx;

static void emit(fromctx *f, const kr_rel_block *b)
{
    if (f->stop) return;
    kr_rel_match m;
    memset(&m, 0, sizeof m);
    m.block = *b;
    f->found++;
    if (!f->cb(&m, f->payload)) f->stop = true;
}

static bool tf_from_ref(const chain *c, bool data, void *payload)
{
    fromctx *f = payload;
    if (data) return true; /* `related: {resource: T}` names managed resources */
    if (!part_eq(c, 0, f->rel->type) || c->n < 2) return true;
    const entry *e = find_block(f->s->module, KR_RB_RESOURCE, c->part[0], c->len[0], c->part[1],
                                c->len[1]);
    if (e) emit(f, &e->b);
    return !f->stop;
}

static bool cfn_block(const kr_rel_subject *s, const char *name, size_t len, const char *type,
                      kr_rel_block *out)
{
    const kr_node *res = s->cfn_resources;
    for (size_t i = 0; res && res->kind == KR_NODE_MAP && i < res->npairs; i++) {
        const kr_pair *p = &res->pairs[i];
        const kr_node *k = p->key;
        if (!k || !k->text || k->text_len != len || memcmp(k->text, name, len) != 0) continue;
        const char *t = scalar_str(kr_node_get(p->value, "Type"));
        if (!t || (type && strcmp(t, type) != 0)) return false;
        const kr_node *props = kr_node_get(p->value, "Properties");
        memset(out, 0, sizeof *out);
        out->kind = KR_RB_RESOURCE;
        out->doc = s->self.doc;
        out->type = t;
        out->name = k->text;
        out->key = k;
        out->body = props && props->kind == KR_NODE_MAP ? props : &EMPTY_MAP;
        return true;
    }
    return false;
}

static bool cfn_from_ref(const char *name, size_t len, void *payload)
{
    fromctx *f = payload;
    kr_rel_block b;
    if (cfn_block(f->s, name, len, f->rel->type, &b)) emit(f, &b);
    return !f->stop;
}

static void from_literal(fromctx *f, const char *t, size_t n)
{
    const kr_rel_subject *s = f->s;
    if (s->format == KR_FMT_TERRAFORM) {
        size_t lo, hi;
        range_of(s->module, KR_RB_RESOURCE, f->rel->type, &lo, &hi);
        for (size_t i = lo; i < hi && !f->stop; i++)
            if (block_named(&s->module->items.items[i].b, false, t, n))
                emit(f, &s->module->items.items[i].b);
        return;
    }
    const kr_node *res = s->cfn_resources;
    for (size_t i = 0; res && res->kind == KR_NODE_MAP && i < res->npairs && !f->stop; i++) {
        const kr_node *k = res->pairs[i].key;
        kr_rel_block b;
        if (k && k->text && cfn_block(s, k->text, k->text_len, f->rel->type, &b) &&
            block_named(&b, true, t, n))
            emit(f, &b);
    }
}

/* Follows one value of the subject's `from` path; *maybe_expr is set to a
 * value that could not be followed. */
static void from_value(fromctx *f, const kr_node *v, const kr_node **maybe_expr, int depth)
{
    if (!v || f->stop || depth > REL_MAX_DEPTH) return;
    if (v->kind == KR_NODE_SEQ && !kr_node_is_unknown(v)) {
        for (size_t i = 0; i < v->nitems; i++) from_value(f, v->items[i], maybe_expr, depth + 1);
        return;
    }
    if (!kr_node_is_unknown(v)) {
        const char *t = scalar_str(v);
        if (t) from_literal(f, t, v->text_len);
        return;
    }
    size_t before = f->found;
    bool opaque = false;
    if (f->s->format == KR_FMT_CLOUDFORMATION) {
        (void)cfn_refs(v, cfn_from_ref, f, &opaque, 0);
        cfn_known k = {f->s->cfn_resources, false};
        (void)cfn_refs(v, cfn_check_known, &k, &opaque, 0);
        opaque = opaque || k.unknown_name;
    } else if (v->kind == KR_NODE_EXPR && v->text) {
        tf_refs(v->text, v->text_len, tf_from_ref, f, &opaque);
    } else {
        opaque = true;
    }
    if (f->found == before && opaque && !*maybe_expr) *maybe_expr = v;
}

static void each_from(const kr_related *rel, const kr_rel_subject *s, kr_rel_cb cb, void *payload)
{
    fromctx f = {rel, s, cb, payload, false, 0};
    kr_path_hits hits = {0};
    values_at(rel->path, s->self.body, &hits);
    const kr_node *maybe_expr = NULL;
    for (size_t i = 0; i < hits.len && !f.stop; i++) {
        const kr_path_hit *h = &hits.items[i];
        if (h->state == 0 && h->node)
            from_value(&f, h->node, &maybe_expr, 0);
        else if (h->state == 2 && !maybe_expr)
            maybe_expr = h->stop;
    }
    kr_path_hits_dispose(&hits);
    if (!f.stop && maybe_expr) {
        kr_rel_match m;
        memset(&m, 0, sizeof m);
        m.block.kind = KR_RB_RESOURCE;
        m.block.type = rel->type;
        m.block.doc = s->self.doc;
        m.block.body = &EMPTY_MAP;
        m.maybe = true;
        m.expr = maybe_expr;
        m.expr_doc = s->self.doc;
        (void)cb(&m, payload);
    }
}

/* PROVIDER: the provider block the subject uses: `provider = NAME.ALIAS`,
 * or the one without alias. No block of that name in the module: it is
 * configured elsewhere (a calling module), unknown. */
static void each_provider(const kr_related *rel, const kr_rel_subject *s, kr_rel_cb cb,
                          void *payload)
{
    const kr_node *p = kr_node_get(s->self.body, "provider");
    const char *alias = NULL;
    size_t alen = 0;
    if (p && p->text && (p->kind == KR_NODE_EXPR || p->kind == KR_NODE_SCALAR)) {
        size_t n = strlen(rel->type);
        const char *t = p->text;
        size_t tl = p->text_len;
        if (tl > 0 && t[0] == '"' && t[tl - 1] == '"' && tl >= 2) {
            t++;
            tl -= 2;
        }
        if (tl > n + 1 && memcmp(t, rel->type, n) == 0 && t[n] == '.') {
            alias = t + n + 1;
            alen = tl - n - 1;
        } else if (!(tl == n && memcmp(t, rel->type, n) == 0)) {
            kr_rel_match m;
            memset(&m, 0, sizeof m);
            m.block.kind = KR_RB_PROVIDER;
            m.block.type = rel->type;
            m.block.doc = s->self.doc;
            m.block.body = &EMPTY_MAP;
            m.maybe = true;
            m.expr = p;
            m.expr_doc = s->self.doc;
            (void)cb(&m, payload);
            return;
        }
    }
    size_t lo, hi;
    range_of(s->module, KR_RB_PROVIDER, rel->type, &lo, &hi);
    if (lo == hi) {
        kr_rel_match m;
        memset(&m, 0, sizeof m);
        m.block.kind = KR_RB_PROVIDER;
        m.block.type = rel->type;
        m.block.doc = s->self.doc;
        m.block.body = &EMPTY_MAP;
        m.maybe = true;
        m.elsewhere = true;
        (void)cb(&m, payload);
        return;
    }
    for (size_t i = lo; i < hi; i++) {
        const kr_rel_block *b = &s->module->items.items[i].b;
        bool match = alias ? (b->name && strlen(b->name) == alen && memcmp(b->name, alias, alen) == 0)
                           : b->name == NULL && kr_node_get(b->body, "alias") == NULL;
        if (!match) continue;
        kr_rel_match m;
        memset(&m, 0, sizeof m);
        m.block = *b;
        if (!cb(&m, payload)) return;
    }
}

void kr_rel_each(const kr_related *rel, const kr_rel_subject *s, kr_rel_cb cb, void *payload)
{
    if (!rel || !s || !cb) return;
    bool tf = s->format == KR_FMT_TERRAFORM && s->module;
    bool cfn = s->format == KR_FMT_CLOUDFORMATION && s->cfn_resources;
    if (!tf && !cfn) {
        /* plan JSON, or no scope: nothing to follow */
        kr_rel_match m;
        memset(&m, 0, sizeof m);
        m.block.kind = rel->dir == KR_REL_PROVIDER ? KR_RB_PROVIDER : KR_RB_RESOURCE;
        m.block.type = rel->type;
        m.block.doc = s->self.doc;
        m.block.body = &EMPTY_MAP;
        m.maybe = true;
        (void)cb(&m, payload);
        return;
    }
    switch (rel->dir) {
    case KR_REL_VIA: each_via(rel, s, cb, payload); break;
    case KR_REL_FROM: each_from(rel, s, cb, payload); break;
    case KR_REL_PROVIDER:
        if (tf) {
            each_provider(rel, s, cb, payload);
        } else {
            kr_rel_match m;
            memset(&m, 0, sizeof m);
            m.block.kind = KR_RB_PROVIDER;
            m.block.type = rel->type;
            m.block.body = &EMPTY_MAP;
            m.maybe = true;
            (void)cb(&m, payload);
        }
        break;
    }
}
