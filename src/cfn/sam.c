/* sam.c - SAM Globals merging (see sam.h). */
#include "cfn/sam.h"

#include <string.h>

#include "util/buf.h"

/* Depth of the Globals subtree copied with origins (deeper nodes are shared). */
#define SAM_COPY_DEPTH 16

static const struct {
    const char *type;
    const char *section;
} SAM_GLOBALS[] = {
    {"AWS::Serverless::Function", "Function"},
    {"AWS::Serverless::Api", "Api"},
    {"AWS::Serverless::HttpApi", "HttpApi"},
    {"AWS::Serverless::SimpleTable", "SimpleTable"},
    {"AWS::Serverless::LayerVersion", "LayerVersion"},
};

typedef struct sctx {
    kr_arena *a;
    const kr_doc *doc;
    const kr_origin *use; /* the resource's logical id */
} sctx;

static kr_origin *origin_at(sctx *c, kr_span span, const char *note, const kr_origin *next)
{
    kr_origin *o = kr_arena_alloc(c->a, sizeof *o);
    o->file = c->doc->path;
    o->src = c->doc->data;
    o->src_len = c->doc->len;
    o->span = span;
    o->note = note;
    o->next = next;
    return o;
}

/* "path.key" in the arena. */
static const char *join(sctx *c, const char *path, const char *key)
{
    size_t n = strlen(path), m = strlen(key);
    char *s = kr_arena_alloc(c->a, n + 1 + m + 1);
    memcpy(s, path, n);
    s[n] = '.';
    memcpy(s + n + 1, key, m + 1);
    return s;
}

/* A copy of a Globals value, with the origin "Globals.<path>" on each node. */
static kr_node *copy_global(sctx *c, const kr_node *g, const char *path, int depth)
{
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *g;
    cp->origin = origin_at(c, g->span, path, c->use);
    if (depth >= SAM_COPY_DEPTH || g->kind == KR_NODE_EXPR) return cp;
    if (g->kind == KR_NODE_MAP && g->npairs) {
        cp->pairs = kr_arena_alloc(c->a, g->npairs * sizeof *cp->pairs);
        for (size_t i = 0; i < g->npairs; i++) {
            cp->pairs[i].key = g->pairs[i].key;
            cp->pairs[i].value = NULL;
            if (!g->pairs[i].value) continue;
            const char *k = g->pairs[i].key && g->pairs[i].key->text ? g->pairs[i].key->text : "";
            cp->pairs[i].value = copy_global(c, g->pairs[i].value, join(c, path, k), depth + 1);
        }
    } else if (g->kind == KR_NODE_SEQ && g->nitems) {
        cp->items = kr_arena_alloc(c->a, g->nitems * sizeof *cp->items);
        for (size_t i = 0; i < g->nitems; i++)
            cp->items[i] = g->items[i] ? copy_global(c, g->items[i], path, depth + 1) : NULL;
    }
    return cp;
}

static bool plain_map(const kr_node *n)
{
    return n && n->kind == KR_NODE_MAP && !n->tag;
}

static bool plain_seq(const kr_node *n)
{
    return n && n->kind == KR_NODE_SEQ && !n->tag;
}

/* g merged under r (r wins); a new node, r and g are not changed. */
static kr_node *merge(sctx *c, const kr_node *g, kr_node *r, const char *path, int depth)
{
    if (!r) return copy_global(c, g, path, depth);
    if (plain_map(g) && plain_map(r) && depth < SAM_COPY_DEPTH) {
        kr_node *m = kr_node_new(c->a, KR_NODE_MAP, r->span);
        m->origin = r->origin;
        for (size_t i = 0; i < r->npairs; i++) {
            const kr_node *k = r->pairs[i].key;
            const kr_node *gv = k && k->text ? kr_node_get(g, k->text) : NULL;
            kr_node *v = r->pairs[i].value;
            if (gv && v) v = merge(c, gv, v, join(c, path, k->text), depth + 1);
            kr_node_map_put(c->a, m, r->pairs[i].key, v);
        }
        for (size_t i = 0; i < g->npairs; i++) {
            const kr_node *k = g->pairs[i].key;
            if (!k || !k->text || kr_node_get_pair(r, k->text) || !g->pairs[i].value) continue;
            kr_node *v = copy_global(c, g->pairs[i].value, join(c, path, k->text), depth + 1);
            kr_node_map_put(c->a, m, g->pairs[i].key, v);
        }
        return m;
    }
    if (plain_seq(g) && plain_seq(r)) {
        kr_node *s = kr_node_new(c->a, KR_NODE_SEQ, r->span);
        s->origin = r->origin;
        for (size_t i = 0; i < g->nitems; i++)
            if (g->items[i]) kr_node_seq_push(c->a, s, copy_global(c, g->items[i], path, depth + 1));
        for (size_t i = 0; i < r->nitems; i++) kr_node_seq_push(c->a, s, r->items[i]);
        return s;
    }
    return r;
}

void kr_cfn__sam_merge(kr_arena *a, const kr_doc *doc, kr_node *root)
{
    const kr_node *globals = kr_node_get(root, "Globals");
    kr_node *res = kr_node_get(root, "Resources");
    if (!plain_map(globals) || !plain_map(res)) return;
    for (size_t i = 0; i < res->npairs; i++) {
        kr_node *r = res->pairs[i].value;
        if (!plain_map(r)) continue;
        const kr_node *type = kr_node_get(r, "Type");
        const char *section = NULL;
        for (size_t k = 0; k < sizeof SAM_GLOBALS / sizeof *SAM_GLOBALS && !section; k++)
            if (kr_node_is_string(type, SAM_GLOBALS[k].type)) section = SAM_GLOBALS[k].section;
        const kr_node *g = section ? kr_node_get(globals, section) : NULL;
        if (!plain_map(g)) continue;
        sctx c = {.a = a, .doc = doc};
        const kr_node *id = res->pairs[i].key;
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "Resources.%s (%s)", id && id->text ? id->text : "", type->text);
        c.use = origin_at(&c, id ? id->span : r->span, kr_arena_strdup(a, kr_buf_cstr(&b)), NULL);
        kr_buf_dispose(&b);
        const char *path = join(&c, "Globals", section);
        /* a new resource map: the original may be shared through an alias */
        kr_node *nr = kr_node_new(a, KR_NODE_MAP, r->span);
        bool had = false;
        for (size_t j = 0; j < r->npairs; j++) {
            kr_node *v = r->pairs[j].value;
            if (kr_node_is_string(r->pairs[j].key, "Properties")) {
                had = true;
                if (plain_map(v)) v = merge(&c, g, v, path, 0);
                else if (!v || (v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_NULL && !v->tag))
                    v = copy_global(&c, g, path, 0); /* `Properties:` left empty */
            }
            kr_node_map_put(a, nr, r->pairs[j].key, v);
        }
        if (!had) {
            kr_node *k = kr_node_new_scalar(a, KR_SCALAR_STRING, "Properties", 10, r->span);
            kr_node_map_put(a, nr, k, copy_global(&c, g, path, 0));
        }
        res->pairs[i].value = nr;
    }
}
