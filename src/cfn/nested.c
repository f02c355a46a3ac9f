/* nested.c - nested stacks of a CloudFormation template (nested.h). */
#include "cfn/nested.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"

/* Longest location path followed (longer ones are refused with a note). */
#define CFN_MAX_LOCATION 4096u
/* Path segments in a joined location. */
#define CFN_MAX_SEGMENTS 256u

void kr_cfn_stacks_init(kr_cfn_stacks *self)
{
    memset(self, 0, sizeof *self);
}

void kr_cfn_stacks_dispose(kr_cfn_stacks *self)
{
    for (size_t i = 0; i < self->len; i++)
        free(self->items[i].path);
    free(self->items);
    memset(self, 0, sizeof *self);
}

/* seg - one path segment, [s, s+n). */
typedef struct seg {
    const char *s;
    size_t n;
} seg;

/* Pushes the segments of p[0..len) onto v (normalising . and ..); returns
 * false past CFN_MAX_SEGMENTS. *ups counts the ".." kept at the front. */
static bool push_segments(seg *v, size_t *nv, size_t *ups, const char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t st = i;
        while (i < len && p[i] != '/') i++;
        size_t n = i - st;
        if (i < len) i++; /* the slash */
        if (n == 0 || (n == 1 && p[st] == '.')) continue;
        if (n == 2 && p[st] == '.' && p[st + 1] == '.') {
            if (*nv > *ups) {
                (*nv)--;
                continue;
            }
            (*ups)++;
        }
        if (*nv >= CFN_MAX_SEGMENTS) return false;
        v[(*nv)++] = (seg){p + st, n};
    }
    return true;
}

char *kr_cfn_nested_join(const char *base, const char *rel)
{
    if (!rel || !rel[0] || rel[0] == '/' || strlen(rel) > CFN_MAX_LOCATION) return NULL;
    const char *slash = base ? strrchr(base, '/') : NULL;
    size_t dl = slash ? (size_t)(slash - base) : 0;
    bool absolute = base && base[0] == '/';
    seg *v = kr_xcalloc(CFN_MAX_SEGMENTS, sizeof *v);
    size_t nv = 0, ups = 0;
    char *out = NULL;
    if (!push_segments(v, &nv, &ups, base ? base : "", dl)) goto out;
    size_t base_ups = ups; /* the parent's own climb: the tree it is in */
    if (!push_segments(v, &nv, &ups, rel, strlen(rel))) goto out;
    if (ups > base_ups || (absolute && ups > 0)) goto out; /* out of the tree */
    kr_buf b;
    kr_buf_init(&b, 0);
    if (absolute) kr_buf_puts(&b, "/");
    for (size_t i = 0; i < nv; i++)
        kr_buf_printf(&b, "%s%.*s", i ? "/" : "", (int)v[i].n, v[i].s);
    out = kr_buf_detach(&b);
out:
    free(v);
    return out;
}

static bool is_text(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && !n->tag && n->text;
}

static void note(kr_diags *diags, const kr_doc *doc, const kr_node *at, const char *name,
                 const char *why)
{
    kr_diags_add(diags, KR_SEV_NOTE, doc->path, &at->span, "cfn-nested",
                 "nested stack %s is not followed: %s; its resources are not checked here", name, why);
}

static void add_stack(kr_cfn_stacks *out, const kr_doc *doc, const kr_pair *res, bool sam,
                      kr_diags *diags)
{
    const char *name = res->key->text;
    const kr_node *props = kr_node_get(res->value, "Properties");
    const char *field = sam ? "Location" : "TemplateURL";
    const kr_node *loc = kr_node_get(props, field);
    if (!loc) {
        note(diags, doc, res->key, name, sam ? "it has no Location" : "it has no TemplateURL");
        return;
    }
    if (loc->kind == KR_NODE_MAP) {
        note(diags, doc, loc, name,
             "its Location is a Serverless Application Repository application, which SAM reads at "
             "deploy (krewlint does not fetch it)");
        return;
    }
    if (!is_text(loc)) {
        kr_buf b;
        kr_buf_init(&b, 0);
        if (loc->kind == KR_NODE_EXPR && loc->text && loc->text_len)
            kr_buf_printf(&b, "its %s %.*s%s is known only at deploy", field,
                          (int)(loc->text_len > 120 ? 120 : loc->text_len), loc->text,
                          loc->text_len > 120 ? "\xE2\x80\xA6" : "");
        else
            kr_buf_printf(&b, "its %s is known only at deploy", field);
        char *m = kr_buf_detach(&b);
        note(diags, doc, loc, name, m ? m : "its location is known only at deploy");
        free(m);
        return;
    }
    const char *l = loc->text;
    if (strstr(l, "://") || strncmp(l, "https:", 6) == 0 || strncmp(l, "http:", 5) == 0) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "its %s %.200s%s is a URL, which CloudFormation reads at deploy (krewlint "
                      "does not fetch it)", field, l, strlen(l) > 200 ? "\xE2\x80\xA6" : "");
        char *m = kr_buf_detach(&b);
        note(diags, doc, loc, name, m ? m : "its location is a URL");
        free(m);
        return;
    }
    char *path = kr_cfn_nested_join(doc->path, l);
    if (!path) {
        note(diags, doc, loc, name,
             "its template's path is absolute or leaves the parent template's tree (krewlint reads "
             "files of the scanned tree only)");
        return;
    }
    if (out->len == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 4;
        out->items = kr_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    const kr_node *params = kr_node_get(props, "Parameters");
    out->items[out->len++] = (kr_cfn_stack){
        .name = name,
        .at = loc,
        .params = params && params->kind == KR_NODE_MAP ? params : NULL,
        .path = path,
    };
}

void kr_cfn_nested_list(kr_cfn_stacks *out, const kr_doc *doc, kr_diags *diags)
{
    for (size_t r = 0; r < doc->nroots; r++) {
        if (doc->root_formats[r] != KR_FMT_CLOUDFORMATION) continue;
        const kr_node *res = kr_node_get(doc->roots[r], "Resources");
        if (!res || res->kind != KR_NODE_MAP) continue;
        for (size_t i = 0; i < res->npairs; i++) {
            const kr_pair *p = &res->pairs[i];
            if (!p->key || !p->key->text || !p->value || p->value->kind != KR_NODE_MAP) continue;
            const kr_node *t = kr_node_get(p->value, "Type");
            if (kr_node_is_string(t, "AWS::CloudFormation::Stack"))
                add_stack(out, doc, p, false, diags);
            else if (kr_node_is_string(t, "AWS::Serverless::Application"))
                add_stack(out, doc, p, true, diags);
        }
    }
}
