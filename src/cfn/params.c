/* params.c - CloudFormation parameter files (see params.h). */
#include "cfn/params.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/fs.h"

#define PARAMS_CODE "invalid-parameters"

/* More keys than any template can declare (CloudFormation allows 200). */
#define PARAMS_MAX_KEYS 4096

void kr_cfn_params_init(kr_cfn_params *self)
{
    memset(self, 0, sizeof *self);
}

void kr_cfn_params_dispose(kr_cfn_params *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->len; i++) {
        free(self->items[i].key);
        free(self->items[i].value);
    }
    free(self->items);
    for (size_t i = 0; i < self->nfiles; i++) {
        free(self->files[i]);
        free(self->srcs[i]);
    }
    free(self->files);
    free(self->srcs);
    free(self->src_lens);
    memset(self, 0, sizeof *self);
}

const kr_cfn_override *kr_cfn_params_get(const kr_cfn_params *self, const char *key)
{
    if (!self) return NULL;
    for (size_t i = self->len; i-- > 0;)
        if (strcmp(self->items[i].key, key) == 0) return &self->items[i];
    return NULL;
}

/* pctx - one file being read. */
typedef struct pctx {
    kr_cfn_params *out;
    kr_diags *diags;
    const char *file; /* owned by out */
    const char *src;
    size_t src_len;
    size_t first;     /* out->len when this file started */
    size_t errors;
} pctx;

static void perr(pctx *c, const kr_node *at, const char *fmt, ...) KR_PRINTF(3, 4);
static void perr(pctx *c, const kr_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(c->diags, KR_SEV_ERROR, c->file, at ? &at->span : NULL, PARAMS_CODE, fmt, ap);
    va_end(ap);
    c->errors++;
}

static bool is_scalar(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && !n->tag;
}

static void add(pctx *c, const char *key, size_t klen, const char *val, size_t vlen, bool prev,
                kr_span span, const kr_node *at, const char *form)
{
    kr_cfn_params *p = c->out;
    for (size_t i = c->first; i < p->len; i++) {
        if (strlen(p->items[i].key) == klen && memcmp(p->items[i].key, key, klen) == 0) {
            perr(c, at, "parameter %.*s is given twice in this file", (int)(klen > 200 ? 200 : klen),
                 key);
            return;
        }
    }
    if (p->len - c->first >= PARAMS_MAX_KEYS) {
        if (p->len - c->first == PARAMS_MAX_KEYS)
            perr(c, at, "more than %d parameters; the rest are ignored", PARAMS_MAX_KEYS);
        return;
    }
    if (p->len == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->items = kr_xrealloc(p->items, p->cap * sizeof *p->items);
    }
    kr_cfn_override *o = &p->items[p->len++];
    memset(o, 0, sizeof *o);
    o->key = kr_xstrndup(key, klen);
    o->value = prev ? NULL : kr_xstrndup(val ? val : "", val ? vlen : 0);
    o->use_previous = prev;
    o->file = c->file;
    o->src = c->src;
    o->src_len = c->src_len;
    o->span = span;
    o->form = form;
}

/* [{"ParameterKey": K, "ParameterValue": V | "UsePreviousValue": true}, ...] */
static void read_cli_list(pctx *c, const kr_node *seq)
{
    for (size_t i = 0; i < seq->nitems; i++) {
        const kr_node *it = seq->items[i];
        if (!it || it->kind != KR_NODE_MAP) {
            perr(c, it, "an AWS CLI parameter list holds maps with ParameterKey and ParameterValue");
            continue;
        }
        const kr_node *k = kr_node_get(it, "ParameterKey");
        const kr_node *v = kr_node_get(it, "ParameterValue");
        const kr_node *prev = kr_node_get(it, "UsePreviousValue");
        for (size_t j = 0; j < it->npairs; j++) {
            const kr_node *key = it->pairs[j].key;
            if (!kr_node_is_string(key, "ParameterKey") && !kr_node_is_string(key, "ParameterValue") &&
                !kr_node_is_string(key, "UsePreviousValue") && !kr_node_is_string(key, "ResolvedValue"))
                perr(c, key, "unknown key %.200s (ParameterKey, ParameterValue, UsePreviousValue)",
                     key && key->text ? key->text : "");
        }
        if (!is_scalar(k) || k->text_len == 0) {
            perr(c, k ? k : it, "ParameterKey must be a parameter name");
            continue;
        }
        bool use_prev = prev && prev->kind == KR_NODE_SCALAR && prev->stype == KR_SCALAR_BOOL && prev->v.b;
        if (use_prev) {
            if (v) perr(c, v, "ParameterValue and UsePreviousValue: true exclude each other");
            add(c, k->text, k->text_len, NULL, 0, true, prev->span, prev, "UsePreviousValue");
            continue;
        }
        if (!v) {
            perr(c, it, "parameter %.200s has no ParameterValue (nor UsePreviousValue: true)", k->text);
            continue;
        }
        if (!is_scalar(v)) {
            perr(c, v, "ParameterValue of %.200s must be a string", k->text);
            continue;
        }
        add(c, k->text, k->text_len, v->text, v->text_len, false, v->span, v, "ParameterValue");
    }
}

/* {"Parameters": {K: V, ...}} */
static void read_param_map(pctx *c, const kr_node *map, const char *form)
{
    if (!map || map->kind != KR_NODE_MAP) {
        perr(c, map, "Parameters must be a map of parameter names to values");
        return;
    }
    for (size_t i = 0; i < map->npairs; i++) {
        const kr_node *k = map->pairs[i].key, *v = map->pairs[i].value;
        if (!is_scalar(v)) {
            perr(c, v ? v : k, "the value of %.200s must be a string", k && k->text ? k->text : "");
            continue;
        }
        add(c, k->text, k->text_len, v->text, v->text_len, false, v->span, v, form);
    }
}

/* One "K=V" of parameter_overrides, at s[0..n) inside node `at` (whose
 * span is used: libyaml does not give positions inside a scalar). */
static void read_override_word(pctx *c, const char *s, size_t n, const kr_node *at)
{
    const char *eq = memchr(s, '=', n);
    if (!eq || eq == s) {
        perr(c, at, "parameter_overrides entries are Key=Value, not \"%.*s\"", (int)(n > 200 ? 200 : n),
             s);
        return;
    }
    size_t klen = (size_t)(eq - s);
    const char *v = eq + 1;
    size_t vlen = n - klen - 1;
    if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
        v++;
        vlen -= 2;
    }
    add(c, s, klen, v, vlen, false, at->span, at, "parameter_overrides");
}

/* "K=V K2=\"a b\"": words split at blanks outside double or single quotes. */
static void read_override_string(pctx *c, const kr_node *str)
{
    const char *s = str->text;
    size_t n = str->text_len, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        if (i >= n) break;
        size_t st = i;
        char q = 0;
        while (i < n && (q || (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r'))) {
            if (!q && (s[i] == '"' || s[i] == '\'')) q = s[i];
            else if (q && s[i] == q) q = 0;
            i++;
        }
        read_override_word(c, s + st, i - st, str);
    }
}

static bool read_samconfig(pctx *c, const kr_node *root, const char *env)
{
    const kr_node *e = kr_node_get(root, env);
    if (!e) {
        perr(c, root, "samconfig has no environment \"%.200s\"", env);
        return true;
    }
    const char *cmds[] = {"deploy", "global"};
    for (size_t i = 0; i < 2; i++) {
        const kr_node *params = kr_node_get(kr_node_get(e, cmds[i]), "parameters");
        const kr_node *po = kr_node_get(params, "parameter_overrides");
        if (!po) continue;
        if (is_scalar(po)) {
            read_override_string(c, po);
        } else if (po->kind == KR_NODE_SEQ) {
            for (size_t j = 0; j < po->nitems; j++) {
                if (is_scalar(po->items[j]))
                    read_override_word(c, po->items[j]->text, po->items[j]->text_len, po->items[j]);
                else
                    perr(c, po->items[j], "parameter_overrides entries are \"Key=Value\" strings");
            }
        } else {
            perr(c, po, "parameter_overrides must be a string or a list of \"Key=Value\" strings");
        }
        return true;
    }
    return true; /* an environment without overrides: the defaults apply */
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int kr_cfn_params_parse(kr_cfn_params *self, const char *path, const char *data, size_t len,
                        const char *sam_env, kr_diags *diags)
{
    kr_cfn_params *p = self;
    p->files = kr_xrealloc(p->files, (p->nfiles + 1) * sizeof *p->files);
    p->srcs = kr_xrealloc(p->srcs, (p->nfiles + 1) * sizeof *p->srcs);
    p->src_lens = kr_xrealloc(p->src_lens, (p->nfiles + 1) * sizeof *p->src_lens);
    char *file = kr_xstrdup(path);
    char *src = kr_xstrndup(data ? data : "", data ? len : 0);
    p->files[p->nfiles] = file;
    p->srcs[p->nfiles] = src;
    p->src_lens[p->nfiles] = data ? len : 0;
    p->nfiles++;

    pctx c = {.out = p, .diags = diags, .file = file, .src = src, .src_len = data ? len : 0,
              .first = p->len};
    if (ends_with(path, ".toml")) {
        kr_diags_add(diags, KR_SEV_ERROR, file, NULL, PARAMS_CODE,
                     "samconfig.toml is TOML, which krewlint does not read; write the same settings "
                     "as samconfig.yaml (SAM CLI reads both) and name that file");
        return KR_EINVALID;
    }
    kr_doc doc;
    kr_doc_init(&doc, file, src, c.src_len);
    int rc = kr_doc_parse_yaml(&doc, diags);
    if (rc != 0) {
        kr_doc_dispose(&doc);
        return KR_EINVALID;
    }
    const kr_node *root = doc.nroots ? doc.roots[0] : NULL;
    if (root && root->kind == KR_NODE_SEQ) {
        read_cli_list(&c, root);
    } else if (root && root->kind == KR_NODE_MAP && kr_node_get(root, "Parameters")) {
        read_param_map(&c, kr_node_get(root, "Parameters"), "Parameters");
    } else if (root && root->kind == KR_NODE_MAP && kr_node_get(root, "version")) {
        read_samconfig(&c, root, sam_env && *sam_env ? sam_env : "default");
    } else {
        perr(&c, root,
             "not a parameter file: expected an AWS CLI list [{\"ParameterKey\": ..., "
             "\"ParameterValue\": ...}], a template configuration {\"Parameters\": {...}} or a "
             "samconfig (version: 0.1)");
    }
    kr_doc_dispose(&doc);
    return c.errors ? KR_EINVALID : 0;
}

int kr_cfn_params_load(kr_cfn_params *self, const char *path, const char *sam_env, kr_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    const char *emsg = NULL;
    int rc = kr_fs_read(&data, &len, path, &emsg);
    if (rc != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the parameter file: %s",
                     rc == KR_ELIMIT ? "the file is too large" : emsg ? emsg : "read error");
        return KR_EIO;
    }
    rc = kr_cfn_params_parse(self, path, data, len, sam_env, diags);
    free(data);
    return rc;
}
