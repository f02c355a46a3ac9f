/* doc.c - building and reading document trees (see doc.h); the kr_doc
 * container itself is in document.c (it owns a source tree, a layer up). */
#include "doc/doc.h"

#include <string.h>

static const char *const format_names[] = {
    [KR_FMT_UNKNOWN] = "unknown",
    [KR_FMT_TERRAFORM] = "terraform",
    [KR_FMT_TFPLAN] = "tfplan",
    [KR_FMT_CLOUDFORMATION] = "cloudformation",
    [KR_FMT_KUBERNETES] = "kubernetes",
    [KR_FMT_SERVERLESS] = "serverless",
    [KR_FMT_CONFIG] = "config",
    [KR_FMT_SOURCE] = "source",
};

const char *kr_format_name(kr_format f)
{
    if ((unsigned)f < sizeof format_names / sizeof *format_names) return format_names[f];
    return "unknown";
}

kr_node *kr_node_new(kr_arena *a, kr_node_kind kind, kr_span span)
{
    kr_node *n = kr_arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->span = span;
    return n;
}

kr_node *kr_node_new_scalar(kr_arena *a, kr_scalar_type t, const char *text, size_t len, kr_span span)
{
    kr_node *n = kr_node_new(a, KR_NODE_SCALAR, span);
    n->stype = t;
    n->text = kr_arena_strndup(a, text ? text : "", text ? len : 0);
    n->text_len = text ? len : 0;
    return n;
}

/* Arena arrays grow by doubling; the old block is simply abandoned in the
 * arena (freed with it). Capacity is implied: the next power of two >= n. */
static size_t cap_for(size_t n)
{
    size_t c = 4;
    while (c < n) c *= 2;
    return c;
}

void kr_node_map_put(kr_arena *a, kr_node *map, kr_node *key, kr_node *value)
{
    size_t n = map->npairs;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        kr_pair *np = kr_arena_alloc(a, cap_for(n + 1) * sizeof *np);
        if (n) memcpy(np, map->pairs, n * sizeof *np);
        map->pairs = np;
    }
    map->pairs[n].key = key;
    map->pairs[n].value = value;
    map->npairs = n + 1;
}

void kr_node_seq_push(kr_arena *a, kr_node *seq, kr_node *item)
{
    size_t n = seq->nitems;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        kr_node **ni = kr_arena_alloc(a, cap_for(n + 1) * sizeof *ni);
        if (n) memcpy(ni, seq->items, n * sizeof *ni);
        seq->items = ni;
    }
    seq->items[n] = item;
    seq->nitems = n + 1;
}

const kr_pair *kr_node_get_pair(const kr_node *map, const char *key)
{
    if (!map || map->kind != KR_NODE_MAP) return NULL;
    size_t klen = strlen(key);
    for (size_t i = 0; i < map->npairs; i++) {
        const kr_node *k = map->pairs[i].key;
        if (k && k->text && k->text_len == klen && memcmp(k->text, key, klen) == 0)
            return &map->pairs[i];
    }
    return NULL;
}

kr_node *kr_node_get(const kr_node *map, const char *key)
{
    const kr_pair *p = kr_node_get_pair(map, key);
    return p ? p->value : NULL;
}

bool kr_node_is_string(const kr_node *n, const char *s)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING && n->text &&
           strlen(s) == n->text_len && memcmp(n->text, s, n->text_len) == 0;
}

bool kr_node_is_unknown(const kr_node *n)
{
    if (!n) return false;
    if (n->kind == KR_NODE_EXPR) return true;
    /* CloudFormation short-form intrinsics (!Ref, !Sub, !GetAtt, !If ...). */
    return n->tag && n->tag[0] == '!' && n->tag[1] != '!' && n->tag[1] != '\0';
}

void kr_doc_add_root(kr_doc *self, kr_node *root, kr_format fmt)
{
    size_t n = self->nroots;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        kr_node **nr = kr_arena_alloc(self->arena, cap_for(n + 1) * sizeof *nr);
        kr_format *nf = kr_arena_alloc(self->arena, cap_for(n + 1) * sizeof *nf);
        if (n) {
            memcpy(nr, self->roots, n * sizeof *nr);
            memcpy(nf, self->root_formats, n * sizeof *nf);
        }
        self->roots = nr;
        self->root_formats = nf;
    }
    self->roots[n] = root;
    self->root_formats[n] = fmt;
    self->nroots = n + 1;
}
