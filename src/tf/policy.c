/* policy.c - the IAM policy model (see policy.h). */
#include "tf/policy.h"

#include <string.h>

#include "tf/expr.h"

/* Data sources followed through source_policy_documents and
 * override_policy_documents that refer to other data sources. */
#define POLICY_MAX_DEPTH 8u

/* The resources whose attributes hold a policy document: type, attribute,
 * and the nested block holding it (or NULL). */
static const struct {
    const char *type, *block, *attr;
} TABLE[] = {
    {"aws_iam_policy", NULL, "policy"},
    {"aws_iam_role_policy", NULL, "policy"},
    {"aws_iam_user_policy", NULL, "policy"},
    {"aws_iam_group_policy", NULL, "policy"},
    {"aws_iam_role", NULL, "assume_role_policy"},
    {"aws_iam_role", "inline_policy", "policy"},
    {"aws_s3_bucket_policy", NULL, "policy"},
    {"aws_s3_bucket", NULL, "policy"},
    {"aws_ssoadmin_permission_set_inline_policy", NULL, "inline_policy"},
};

static kr_node *key_node(kr_arena *a, const char *k, kr_span span)
{
    return kr_node_new_scalar(a, KR_SCALAR_STRING, k, strlen(k), span);
}

static void put(kr_arena *a, kr_node *map, const char *k, kr_node *v, kr_span span)
{
    kr_node_map_put(a, map, key_node(a, k, span), v);
}

static kr_node *mut(const kr_node *n)
{
    union { const kr_node *c; kr_node *m; } u = {n};
    return u.m;
}

/* v as a list: a list stays, an unknown stays (the rule says unknown), any
 * other value becomes a one-item list at its place. */
static kr_node *listify(kr_arena *a, const kr_node *v)
{
    if (!v) return NULL;
    if (v->kind == KR_NODE_SEQ || kr_node_is_unknown(v)) return mut(v);
    kr_node *s = kr_node_new(a, KR_NODE_SEQ, v->span);
    s->origin = v->origin;
    kr_node_seq_push(a, s, mut(v));
    return s;
}

static const char *str_of(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING ? n->text : NULL;
}

static char *lower(kr_arena *a, const char *s)
{
    char *o = kr_arena_strdup(a, s);
    for (char *c = o; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    return o;
}

/* Principal / NotPrincipal: "*" is {AWS: ["*"]}; each value a list. */
static kr_node *norm_principal(kr_arena *a, const kr_node *p)
{
    if (p->kind == KR_NODE_MAP) {
        kr_node *m = kr_node_new(a, KR_NODE_MAP, p->span);
        m->origin = p->origin;
        for (size_t i = 0; i < p->npairs; i++)
            kr_node_map_put(a, m, p->pairs[i].key, listify(a, p->pairs[i].value));
        return m;
    }
    if (str_of(p) && strcmp(p->text, "*") == 0) {
        kr_node *m = kr_node_new(a, KR_NODE_MAP, p->span);
        m->origin = p->origin;
        put(a, m, "AWS", listify(a, p), p->span);
        return m;
    }
    return mut(p);
}

/* Condition: {operator: {key (lower case): [values]}}. */
static kr_node *norm_condition(kr_arena *a, const kr_node *c)
{
    if (c->kind != KR_NODE_MAP) return mut(c);
    kr_node *m = kr_node_new(a, KR_NODE_MAP, c->span);
    m->origin = c->origin;
    for (size_t i = 0; i < c->npairs; i++) {
        const kr_node *ops = c->pairs[i].value;
        if (!ops || ops->kind != KR_NODE_MAP) {
            kr_node_map_put(a, m, c->pairs[i].key, mut(ops));
            continue;
        }
        kr_node *o = kr_node_new(a, KR_NODE_MAP, ops->span);
        o->origin = ops->origin;
        for (size_t k = 0; k < ops->npairs; k++) {
            const kr_node *key = ops->pairs[k].key;
            const char *t = str_of(key) ? key->text : "";
            kr_node_map_put(a, o, key_node(a, lower(a, t), key->span), listify(a, ops->pairs[k].value));
        }
        kr_node_map_put(a, m, c->pairs[i].key, o);
    }
    return m;
}

static kr_node *norm_statement(kr_arena *a, const kr_node *st)
{
    if (!st || st->kind != KR_NODE_MAP) return mut(st);
    kr_node *m = kr_node_new(a, KR_NODE_MAP, st->span);
    m->origin = st->origin;
    static const char *const lists[] = {"Action", "NotAction", "Resource", "NotResource", NULL};
    for (size_t i = 0; i < st->npairs; i++) {
        const char *k = str_of(st->pairs[i].key);
        const kr_node *v = st->pairs[i].value;
        kr_node *nv = mut(v);
        bool is_list = false;
        for (size_t j = 0; k && lists[j] && !is_list; j++) is_list = strcmp(k, lists[j]) == 0;
        if (v && is_list) nv = listify(a, v);
        else if (v && k && (strcmp(k, "Principal") == 0 || strcmp(k, "NotPrincipal") == 0)) nv = norm_principal(a, v);
        else if (v && k && strcmp(k, "Condition") == 0) nv = norm_condition(a, v);
        kr_node_map_put(a, m, st->pairs[i].key, nv);
    }
    return m;
}

kr_node *kr_tf_policy_normalize(kr_arena *a, const kr_node *doc)
{
    if (!doc || doc->kind != KR_NODE_MAP) return NULL;
    kr_node *m = kr_node_new(a, KR_NODE_MAP, doc->span);
    m->origin = doc->origin;
    for (size_t i = 0; i < doc->npairs; i++) {
        const char *k = str_of(doc->pairs[i].key);
        const kr_node *v = doc->pairs[i].value;
        if (!k || strcmp(k, "Statement") != 0 || !v) {
            kr_node_map_put(a, m, doc->pairs[i].key, mut(v));
            continue;
        }
        kr_node *list = kr_node_new(a, KR_NODE_SEQ, v->span);
        list->origin = v->origin;
        if (v->kind == KR_NODE_SEQ)
            for (size_t j = 0; j < v->nitems; j++) kr_node_seq_push(a, list, norm_statement(a, v->items[j]));
        else
            kr_node_seq_push(a, list, norm_statement(a, v));
        kr_node_map_put(a, m, doc->pairs[i].key, list);
    }
    return m;
}

/* ---- JSON strings --------------------------------------------------------- */

/* Every node of a decoded string takes the string's place and origin. */
static void respan(kr_node *n, const kr_node *from, unsigned depth)
{
    n->span = from->span;
    n->origin = from->origin;
    if (depth >= KR_MAX_DEPTH) return;
    for (size_t i = 0; i < n->npairs; i++) {
        n->pairs[i].key->span = from->span;
        respan(n->pairs[i].value, from, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++) respan(n->items[i], from, depth + 1);
}

static kr_node *from_string(kr_arena *a, const kr_node *v)
{
    const char *s = str_of(v);
    if (!s) return NULL;
    size_t b = 0;
    while (b < v->text_len && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) b++;
    if (b >= v->text_len || s[b] != '{') return NULL;
    const char *err = NULL;
    const kr_node *d = kr_tf__json_decode(a, s, v->text_len, &err);
    if (!d || d->kind != KR_NODE_MAP) return NULL;
    respan(mut(d), v, 0);
    return kr_tf_policy_normalize(a, d);
}

/* ---- data "aws_iam_policy_document" --------------------------------------- */

typedef struct pctx {
    kr_arena *a;
    kr_doc *docs;
    size_t n;
} pctx;

/* `data.aws_iam_policy_document.NAME[...].json` (or "${...}" around it):
 * NAME into name[], true. */
static bool data_ref(const kr_node *v, char *name, size_t cap)
{
    if (!v || v->kind != KR_NODE_EXPR || !v->text || v->tag) return false;
    const char *s = v->text, *e = s + v->text_len;
    while (s < e && (*s == ' ' || *s == '\n')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\n')) e--;
    if (e - s > 3 && s[0] == '$' && s[1] == '{' && e[-1] == '}') {
        s += 2;
        e--;
    }
    static const char pre[] = "data.aws_iam_policy_document.";
    size_t pl = sizeof pre - 1;
    if ((size_t)(e - s) <= pl || memcmp(s, pre, pl) != 0) return false;
    s += pl;
    size_t k = 0;
    while (s < e && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                     *s == '_' || *s == '-')) {
        if (k + 1 >= cap) return false;
        name[k++] = *s++;
    }
    name[k] = '\0';
    if (!k) return false;
    if (s < e && *s == '[') {
        while (s < e && *s != ']') s++;
        if (s < e) s++;
    }
    return ((size_t)(e - s) == 5 && memcmp(s, ".json", 5) == 0) ||
           ((size_t)(e - s) == 14 && memcmp(s, ".minified_json", 14) == 0);
}

static const kr_node *find_data(const pctx *c, const char *name)
{
    for (size_t k = 0; k < c->n; k++) {
        const kr_doc *d = &c->docs[k];
        if (d->format != KR_FMT_TERRAFORM) continue;
        for (size_t r = 0; r < d->nroots; r++) {
            const kr_node *t = kr_node_get(kr_node_get(d->roots[r], "data"), "aws_iam_policy_document");
            const kr_node *b = kr_node_get(t, name);
            if (b && b->kind == KR_NODE_SEQ) b = b->nitems ? b->items[0] : NULL; /* count = 0: none */
            if (b && b->kind == KR_NODE_MAP) return b;
        }
    }
    return NULL;
}

static kr_node *from_data(const pctx *c, const kr_node *body, unsigned depth);

/* The statements of one source/override document entry, appended to out. */
static void entry_statements(const pctx *c, kr_node *out, const kr_node *v, unsigned depth)
{
    char name[128];
    kr_node *m = NULL;
    if (data_ref(v, name, sizeof name) && depth < POLICY_MAX_DEPTH) {
        const kr_node *b = find_data(c, name);
        if (b) m = from_data(c, b, depth + 1);
    } else {
        m = from_string(c->a, v);
    }
    const kr_node *st = m ? kr_node_get(m, "Statement") : NULL;
    if (!st || st->kind != KR_NODE_SEQ) {
        kr_node_seq_push(c->a, out, mut(v)); /* not known: an unknown statement */
        return;
    }
    for (size_t i = 0; i < st->nitems; i++) kr_node_seq_push(c->a, out, st->items[i]);
}

static const char *sid_of(const kr_node *st)
{
    return st && st->kind == KR_NODE_MAP ? str_of(kr_node_get(st, "Sid")) : NULL;
}

/* Adds st to list: one with the same non-empty sid is replaced, else appended. */
static void merge(kr_arena *a, kr_node *list, kr_node *st)
{
    const char *sid = sid_of(st);
    if (sid && sid[0])
        for (size_t i = 0; i < list->nitems; i++) {
            const char *o = sid_of(list->items[i]);
            if (o && strcmp(o, sid) == 0) {
                list->items[i] = st;
                return;
            }
        }
    kr_node_seq_push(a, list, st);
}

static void each_block(const kr_node *v, void (*fn)(void *, const kr_node *), void *payload)
{
    if (!v) return;
    if (v->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < v->nitems; i++)
            if (v->items[i] && v->items[i]->kind == KR_NODE_MAP) fn(payload, v->items[i]);
    } else if (v->kind == KR_NODE_MAP) {
        fn(payload, v);
    }
}

typedef struct blk {
    kr_arena *a;
    kr_node *map;
} blk;

static void add_principal(void *payload, const kr_node *b)
{
    blk *x = payload;
    const char *type = str_of(kr_node_get(b, "type"));
    const kr_node *ids = kr_node_get(b, "identifiers");
    if (!ids) return;
    const char *k = type ? type : "?";
    kr_node *have = kr_node_get(x->map, k);
    kr_node *l = listify(x->a, ids);
    if (have && have->kind == KR_NODE_SEQ && l->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < l->nitems; i++) kr_node_seq_push(x->a, have, l->items[i]);
        return;
    }
    put(x->a, x->map, k, l, b->span);
}

static void add_condition(void *payload, const kr_node *b)
{
    blk *x = payload;
    const char *test = str_of(kr_node_get(b, "test"));
    const kr_node *var = kr_node_get(b, "variable");
    const kr_node *vals = kr_node_get(b, "values");
    if (!vals) return;
    const char *t = test ? test : "?";
    kr_node *op = kr_node_get(x->map, t);
    if (!op) {
        op = kr_node_new(x->a, KR_NODE_MAP, b->span);
        put(x->a, x->map, t, op, b->span);
    }
    const char *vk = str_of(var) ? lower(x->a, var->text) : "?";
    kr_node_map_put(x->a, op, key_node(x->a, vk, var ? var->span : b->span), listify(x->a, vals));
}

typedef struct stmts {
    kr_arena *a;
    kr_node *list;
} stmts;

static void add_statement(void *payload, const kr_node *b)
{
    stmts *x = payload;
    kr_arena *a = x->a;
    kr_node *st = kr_node_new(a, KR_NODE_MAP, b->span);
    static const struct { const char *from, *to; bool list; } attrs[] = {
        {"sid", "Sid", false},           {"effect", "Effect", false},
        {"actions", "Action", true},     {"not_actions", "NotAction", true},
        {"resources", "Resource", true}, {"not_resources", "NotResource", true},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        const kr_pair *p = kr_node_get_pair(b, attrs[i].from);
        if (!p || !p->value) continue;
        kr_node_map_put(a, st, key_node(a, attrs[i].to, p->key->span),
                        attrs[i].list ? listify(a, p->value) : p->value);
    }
    if (!kr_node_get(st, "Effect")) /* the data source's default */
        put(a, st, "Effect", kr_node_new_scalar(a, KR_SCALAR_STRING, "Allow", 5, b->span), b->span);
    static const struct { const char *from, *to; } blocks[] = {{"principals", "Principal"},
                                                               {"not_principals", "NotPrincipal"}};
    for (size_t i = 0; i < 2; i++) {
        const kr_node *v = kr_node_get(b, blocks[i].from);
        if (!v) continue;
        blk p = {a, kr_node_new(a, KR_NODE_MAP, v->span)};
        each_block(v, add_principal, &p);
        put(a, st, blocks[i].to, p.map, v->span);
    }
    const kr_node *cv = kr_node_get(b, "condition");
    if (cv) {
        blk p = {a, kr_node_new(a, KR_NODE_MAP, cv->span)};
        each_block(cv, add_condition, &p);
        put(a, st, "Condition", p.map, cv->span);
    }
    kr_node_seq_push(a, x->list, st);
}

static kr_node *from_data(const pctx *c, const kr_node *body, unsigned depth)
{
    kr_arena *a = c->a;
    kr_node *m = kr_node_new(a, KR_NODE_MAP, body->span);
    const kr_node *ver = kr_node_get(body, "version");
    if (ver) put(a, m, "Version", mut(ver), ver->span);
    kr_node *list = kr_node_new(a, KR_NODE_SEQ, body->span);
    /* source documents first, then this document's statements, then overrides */
    const kr_node *src = kr_node_get(body, "source_policy_documents");
    kr_node *tmp = kr_node_new(a, KR_NODE_SEQ, body->span);
    if (src && src->kind == KR_NODE_SEQ)
        for (size_t i = 0; i < src->nitems; i++) entry_statements(c, tmp, src->items[i], depth);
    else if (src)
        kr_node_seq_push(a, tmp, mut(src));
    for (size_t i = 0; i < tmp->nitems; i++) merge(a, list, tmp->items[i]);
    stmts own = {a, kr_node_new(a, KR_NODE_SEQ, body->span)};
    each_block(kr_node_get(body, "statement"), add_statement, &own);
    for (size_t i = 0; i < own.list->nitems; i++) merge(a, list, own.list->items[i]);
    const kr_node *ovr = kr_node_get(body, "override_policy_documents");
    tmp = kr_node_new(a, KR_NODE_SEQ, body->span);
    if (ovr && ovr->kind == KR_NODE_SEQ)
        for (size_t i = 0; i < ovr->nitems; i++) entry_statements(c, tmp, ovr->items[i], depth);
    else if (ovr)
        kr_node_seq_push(a, tmp, mut(ovr));
    for (size_t i = 0; i < tmp->nitems; i++) merge(a, list, tmp->items[i]);
    put(a, m, "Statement", list, body->span);
    return m;
}

/* ---- resources ------------------------------------------------------------ */

static void rewrite(const pctx *c, kr_node **slot)
{
    const kr_node *v = *slot;
    if (!v) return;
    kr_node *m = NULL;
    char name[128];
    if (data_ref(v, name, sizeof name)) {
        const kr_node *b = find_data(c, name);
        if (!b) return;
        m = from_data(c, b, 0);
        put(c->a, m, "SourceExpression", mut(v), v->span);
    } else if (v->kind == KR_NODE_MAP) {
        m = kr_tf_policy_normalize(c->a, v);
    } else {
        m = from_string(c->a, v);
        if (m) {
            m->span = v->span;
            m->origin = v->origin;
        }
    }
    if (m) *slot = m;
}

static void rewrite_body(const pctx *c, kr_node *body, const char *block, const char *attr)
{
    if (!body || body->kind != KR_NODE_MAP) return;
    if (block) {
        kr_node *b = kr_node_get(body, block);
        if (b && b->kind == KR_NODE_SEQ) {
            for (size_t i = 0; i < b->nitems; i++) rewrite_body(c, b->items[i], NULL, attr);
        } else {
            rewrite_body(c, b, NULL, attr);
        }
        return;
    }
    for (size_t i = 0; i < body->npairs; i++) {
        const char *k = str_of(body->pairs[i].key);
        if (k && strcmp(k, attr) == 0) rewrite(c, &body->pairs[i].value);
    }
}

void kr_tf_policy_resolve(kr_arena *a, kr_doc *docs, size_t n)
{
    pctx c = {a, docs, n};
    for (size_t k = 0; k < n; k++) {
        kr_doc *d = &docs[k];
        if (d->format != KR_FMT_TERRAFORM) continue;
        for (size_t r = 0; r < d->nroots; r++) {
            kr_node *res = kr_node_get(d->roots[r], "resource");
            if (!res || res->kind != KR_NODE_MAP) continue;
            for (size_t t = 0; t < sizeof TABLE / sizeof TABLE[0]; t++) {
                kr_node *type = kr_node_get(res, TABLE[t].type);
                if (!type || type->kind != KR_NODE_MAP) continue;
                for (size_t i = 0; i < type->npairs; i++) {
                    kr_node *bodies = type->pairs[i].value;
                    if (bodies && bodies->kind == KR_NODE_SEQ) {
                        for (size_t j = 0; j < bodies->nitems; j++)
                            rewrite_body(&c, bodies->items[j], TABLE[t].block, TABLE[t].attr);
                    } else {
                        rewrite_body(&c, bodies, TABLE[t].block, TABLE[t].attr);
                    }
                }
            }
        }
    }
}
