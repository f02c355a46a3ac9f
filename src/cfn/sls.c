/* sls.c - serverless.yml variables (see sls.h). */
#include "cfn/sls.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"

/* Variables followed through one another (self: chains, nesting). */
#define SLS_MAX_DEPTH 32
/* Variable evaluations per file: chains that fan out cannot run away. */
#define SLS_MAX_STEPS 100000u
/* Fallbacks in one variable. */
#define SLS_MAX_PARTS 8
/* Largest file ${file(...)} reads. */
#define SLS_MAX_FILE (1u << 20)
/* Longest string built from text and variables. */
#define SLS_MAX_TEXT (1u << 20)

typedef enum vres { R_FOUND, R_NOTFOUND, R_UNKNOWN, R_ASIS } vres;

/* val - what a variable evaluates to. */
typedef struct val {
    vres r;
    kr_node *n;          /* R_FOUND */
    const char *why;     /* R_NOTFOUND, R_UNKNOWN */
} val;

typedef struct sctx {
    kr_doc *doc;
    kr_arena *a;
    kr_node *root;
    const kr_cfn_options *opts;
    kr_diags *diags;
    const kr_node *busy[SLS_MAX_DEPTH];
    size_t nbusy;
    size_t steps;
} sctx;

static val eval_string(sctx *c, const kr_node *at, const char *s, size_t len, int depth);
static kr_node *resolve_node(sctx *c, kr_node *n, int depth);

static const char *fmt(sctx *c, const char *f, ...) KR_PRINTF(2, 3);
static const char *fmt(sctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    const char *s = kr_arena_vprintf(c->a, f, ap);
    va_end(ap);
    return s;
}

static val found(kr_node *n)
{
    val v = {R_FOUND, n, NULL};
    return v;
}

static val miss(vres r, const char *why)
{
    val v = {r, NULL, why};
    return v;
}

static bool is_var_string(const kr_node *n)
{
    if (!n || n->kind != KR_NODE_EXPR || n->tag || n->npairs || n->nitems || !n->text) return false;
    for (size_t i = 0; i + 1 < n->text_len; i++)
        if (n->text[i] == '$' && n->text[i + 1] == '{') return true;
    return false;
}

static bool is_text(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && !n->tag && n->text;
}

static kr_origin *step(sctx *c, kr_span span, const char *note, const kr_origin *next)
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

/* An unknown at `at`: its text and the reason; the reason is the origin's note. */
static kr_node *unknown(sctx *c, const kr_node *at, const char *why)
{
    kr_node *u = kr_node_new(c->a, KR_NODE_EXPR, at->span);
    const char *t = fmt(c, "%.*s (%s)", (int)(at->text_len > 160 ? 160 : at->text_len), at->text, why);
    u->text = t;
    u->text_len = strlen(t);
    u->origin = step(c, at->span, why, NULL);
    return u;
}

/* Index just past the `}` closing the `${` at s[i], or 0 when unclosed.
 * Braces nest; quoted fallbacks may hold braces. */
static size_t close_of(const char *s, size_t len, size_t i)
{
    int depth = 0;
    char q = 0;
    for (size_t j = i + 1; j < len; j++) {
        char ch = s[j];
        if (q) {
            if (ch == q) q = 0;
            continue;
        }
        if ((ch == '\'' || ch == '"') && depth > 0) q = ch;
        else if (ch == '{') depth++;
        else if (ch == '}' && --depth == 0) return j + 1;
    }
    return 0;
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t' || **s == '\n')) (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\n')) (*len)--;
}

static bool starts(const char *s, size_t len, const char *p)
{
    size_t m = strlen(p);
    return len >= m && memcmp(s, p, m) == 0;
}

static kr_node *get_n(const kr_node *map, const char *key, size_t klen)
{
    if (!map || map->kind != KR_NODE_MAP) return NULL;
    for (size_t i = 0; i < map->npairs; i++) {
        const kr_node *k = map->pairs[i].key;
        if (k && k->text && k->text_len == klen && memcmp(k->text, key, klen) == 0)
            return map->pairs[i].value;
    }
    return NULL;
}

/* The value at dotted path p in n (lists by index), each step resolved. */
static kr_node *walk_path(sctx *c, kr_node *n, const char *p, size_t len, int depth)
{
    size_t i = 0;
    while (n && i < len) {
        size_t st = i;
        while (i < len && p[i] != '.') i++;
        n = resolve_node(c, n, depth + 1);
        if (n && n->kind == KR_NODE_SEQ && i > st && p[st] >= '0' && p[st] <= '9') {
            size_t ix = 0;
            for (size_t k = st; k < i && p[k] >= '0' && p[k] <= '9'; k++) ix = ix * 10 + (size_t)(p[k] - '0');
            n = ix < n->nitems ? n->items[ix] : NULL;
        } else {
            n = get_n(n, p + st, i - st);
        }
        i++;
    }
    return n ? resolve_node(c, n, depth + 1) : NULL;
}

/* A value of this file used at `at`: a copy with its own span and an origin
 * from its place to the use. */
static kr_node *placed(sctx *c, kr_node *v, const kr_node *at, const char *note)
{
    if (v->kind != KR_NODE_SCALAR) return v;
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *v;
    cp->origin = step(c, v->span, note, step(c, at->span, at->text, NULL));
    return cp;
}

static kr_node *at_use(sctx *c, kr_node *v, const kr_node *at, const char *note)
{
    if (v->kind != KR_NODE_SCALAR) return v;
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *v;
    cp->span = at->span;
    cp->origin = step(c, at->span, note, NULL);
    return cp;
}

static const char *stage_of(sctx *c, int depth)
{
    if (c->opts && c->opts->stage) return c->opts->stage;
    kr_node *s = walk_path(c, c->root, "provider.stage", 14, depth);
    if (is_text(s)) return s->text;
    return "dev";
}

/* A copy of a tree read from another file: every node sits at the use and
 * carries the file position; strings with variables are not followed. */
static kr_node *copy_foreign(sctx *c, const kr_node *n, const kr_node *at, const kr_origin *o,
                             const char *file, int depth)
{
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *n;
    cp->span = at->span;
    cp->tag = NULL;
    if (n->text) cp->text = kr_arena_strndup(c->a, n->text, n->text_len);
    kr_origin *first = kr_arena_alloc(c->a, sizeof *first);
    *first = *o;
    first->span = n->span;
    cp->origin = first;
    if (n->kind == KR_NODE_SCALAR && n->text && memchr(n->text, '$', n->text_len)) {
        for (size_t i = 0; i + 1 < n->text_len; i++)
            if (n->text[i] == '$' && n->text[i + 1] == '{') {
                kr_node *u = unknown(c, cp, fmt(c, "variables inside %s are not followed", file));
                return u;
            }
    }
    if (depth > KR_MAX_DEPTH) return cp;
    if (n->npairs) {
        cp->pairs = kr_arena_alloc(c->a, n->npairs * sizeof *cp->pairs);
        for (size_t i = 0; i < n->npairs; i++) {
            cp->pairs[i].key = n->pairs[i].key ? copy_foreign(c, n->pairs[i].key, at, o, file, depth + 1) : NULL;
            cp->pairs[i].value = n->pairs[i].value ? copy_foreign(c, n->pairs[i].value, at, o, file, depth + 1) : NULL;
        }
    }
    if (n->nitems) {
        cp->items = kr_arena_alloc(c->a, n->nitems * sizeof *cp->items);
        for (size_t i = 0; i < n->nitems; i++)
            cp->items[i] = copy_foreign(c, n->items[i], at, o, file, depth + 1);
    }
    return cp;
}

/* ${file(./x.yml):a.b} */
static val from_file(sctx *c, const kr_node *at, const char *s, size_t len)
{
    size_t close = 5;
    while (close < len && s[close] != ')') close++;
    if (close >= len) return miss(R_UNKNOWN, "an unclosed file(");
    const char *p = s + 5;
    size_t plen = close - 5;
    trim(&p, &plen);
    if (plen >= 2 && (p[0] == '\'' || p[0] == '"') && p[plen - 1] == p[0]) p++, plen -= 2;
    const char *key = s + close + 1;
    size_t klen = len - close - 1;
    if (klen && key[0] == ':') key++, klen--;
    trim(&key, &klen);
    const char *dpath = c->doc->path ? c->doc->path : "";
    const char *slash = strrchr(dpath, '/');
    const char *full = plen && p[0] == '/' ? fmt(c, "%.*s", (int)plen, p)
                       : slash ? fmt(c, "%.*s/%.*s", (int)(slash - dpath), dpath, (int)plen, p)
                               : fmt(c, "%.*s", (int)plen, p);
    size_t fl = strlen(full);
    if (!(fl > 4 && (strcmp(full + fl - 4, ".yml") == 0 || strcmp(full + fl - 5, ".yaml") == 0 ||
                     strcmp(full + fl - 5, ".json") == 0)))
        return miss(R_UNKNOWN, fmt(c, "%s is not a YAML or JSON file krewlint reads", full));
    char *data = NULL;
    size_t dlen = 0;
    const char *emsg = NULL;
    if (kr_fs_read(&data, &dlen, full, &emsg) != 0 || dlen > SLS_MAX_FILE) {
        free(data);
        return miss(R_NOTFOUND, fmt(c, "%s cannot be read", full));
    }
    char *src = kr_arena_strndup(c->a, data, dlen);
    free(data);
    kr_doc fd;
    kr_doc_init(&fd, full, src, dlen);
    kr_diags local;
    kr_diags_init(&local);
    int rc = kr_doc_parse_yaml(&fd, &local);
    kr_diags_dispose(&local);
    val out = miss(R_UNKNOWN, fmt(c, "%s cannot be parsed", full));
    if (rc == 0 && fd.nroots > 0) {
        kr_node *v = fd.roots[0];
        size_t i = 0;
        while (v && i < klen) {
            size_t st = i;
            while (i < klen && key[i] != '.') i++;
            v = get_n(v, key + st, i - st);
            i++;
        }
        if (!v) {
            out = miss(R_NOTFOUND, fmt(c, "%s has no %.*s", full, (int)klen, key));
        } else {
            kr_origin o = {.file = full, .src = src, .src_len = dlen, .span = v->span,
                           .note = fmt(c, "%s%s%.*s", full, klen ? ":" : "", (int)klen, key)};
            kr_origin *use = step(c, at->span, at->text, NULL);
            o.next = use;
            out = found(copy_foreign(c, v, at, &o, full, 0));
        }
    }
    kr_doc_dispose(&fd);
    return out;
}

/* One address (source:address, already without nested variables). */
static val lookup(sctx *c, const kr_node *at, const char *s, size_t len, int depth)
{
    const char *region = c->opts ? c->opts->region : NULL;
    if (starts(s, len, "self:")) {
        kr_node *v = walk_path(c, c->root, s + 5, len - 5, depth);
        if (!v) return miss(R_NOTFOUND, fmt(c, "%.*s does not exist", (int)len, s));
        if (kr_node_is_unknown(v)) {
            const char *w = v->origin && v->origin->note ? v->origin->note : NULL;
            return miss(R_UNKNOWN, w ? w : fmt(c, "%.*s is not known before deploy", (int)len, s));
        }
        return found(placed(c, v, at, fmt(c, "%.*s = %s", (int)len, s, is_text(v) ? v->text : "{...}")));
    }
    if (starts(s, len, "opt:")) {
        const char *v = NULL;
        if (len == 9 && starts(s, len, "opt:stage")) v = c->opts ? c->opts->stage : NULL;
        else if (len == 10 && starts(s, len, "opt:region")) v = region;
        if (!v) return miss(R_NOTFOUND, fmt(c, "%.*s is not given (--stage / --region)", (int)len, s));
        return found(at_use(c, kr_node_new_scalar(c->a, KR_SCALAR_STRING, v, strlen(v), at->span), at,
                            fmt(c, "%.*s = %s (command line or configuration)", (int)len, s, v)));
    }
    if (len == 9 && starts(s, len, "sls:stage")) {
        const char *v = stage_of(c, depth);
        return found(at_use(c, kr_node_new_scalar(c->a, KR_SCALAR_STRING, v, strlen(v), at->span), at,
                            fmt(c, "sls:stage = %s", v)));
    }
    if (len == 10 && starts(s, len, "aws:region")) {
        const char *v = region;
        kr_node *pr = v ? NULL : walk_path(c, c->root, "provider.region", 15, depth);
        if (!v) v = is_text(pr) ? pr->text : "us-east-1";
        return found(at_use(c, kr_node_new_scalar(c->a, KR_SCALAR_STRING, v, strlen(v), at->span), at,
                            fmt(c, "aws:region = %s", v)));
    }
    if (starts(s, len, "env:"))
        return miss(R_NOTFOUND, fmt(c, "%.*s is the deploying shell's environment, not known here", (int)len, s));
    if (starts(s, len, "file("))
        return from_file(c, at, s, len);
    static const char *const DEPLOY[] = {"ssm:", "cf:", "cf.", "s3:", "aws:", "sls:", "param:",
                                         "strToBool(", "git:", NULL};
    for (size_t i = 0; DEPLOY[i]; i++)
        if (starts(s, len, DEPLOY[i]))
            return miss(R_UNKNOWN, fmt(c, "${%.*s} is resolved only at deploy", (int)(len > 120 ? 120 : len), s));
    return miss(R_ASIS, NULL); /* ${AWS::Region} in a Fn::Sub string: not a serverless variable */
}

/* Text of s with nested ${...} replaced by their values; NULL with *v set
 * when one is not a known string. */
static const char *expand(sctx *c, const kr_node *at, const char *s, size_t len, size_t *olen,
                          val *v, int depth)
{
    kr_buf b;
    kr_buf_init(&b, SLS_MAX_TEXT);
    for (size_t i = 0; i < len;) {
        if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
            size_t e = close_of(s, len, i);
            if (e) {
                val in = eval_string(c, at, s + i, e - i, depth + 1);
                if (in.r != R_FOUND || !is_text(in.n)) {
                    kr_buf_dispose(&b);
                    *v = in.r == R_FOUND ? miss(R_UNKNOWN, "a nested variable is not a string") : in;
                    return NULL;
                }
                kr_buf_put(&b, in.n->text, in.n->text_len);
                i = e;
                continue;
            }
        }
        kr_buf_putc(&b, s[i++]);
    }
    const char *out = kr_arena_strndup(c->a, kr_buf_cstr(&b), b.len);
    *olen = b.len;
    kr_buf_dispose(&b);
    return out;
}

static kr_node *literal(sctx *c, const kr_node *at, const char *p, size_t n)
{
    kr_node *v = kr_node_new_scalar(c->a, KR_SCALAR_STRING, p, n, at->span);
    char buf[32];
    if (n && n < sizeof buf) {
        memcpy(buf, p, n);
        buf[n] = '\0';
        char *end = NULL;
        long long i = strtoll(buf, &end, 10);
        if (end && *end == '\0') {
            v->stype = KR_SCALAR_INT;
            v->v.i = i;
        } else if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
            v->stype = KR_SCALAR_BOOL;
            v->v.b = buf[0] == 't';
        }
    }
    return v;
}

/* The inside of one ${...}: an address and its fallbacks. */
static val eval_var(sctx *c, const kr_node *at, const char *s, size_t len, int depth)
{
    size_t st[SLS_MAX_PARTS], en[SLS_MAX_PARTS], np = 0;
    int d = 0;
    char q = 0;
    size_t from = 0;
    for (size_t i = 0; i <= len && np < SLS_MAX_PARTS; i++) {
        char ch = i < len ? s[i] : ',';
        if (q) {
            if (ch == q) q = 0;
            continue;
        }
        if (ch == '\'' || ch == '"') q = ch;
        else if (ch == '{') d++;
        else if (ch == '}') d--;
        else if (ch == ',' && d == 0) {
            st[np] = from;
            en[np++] = i;
            from = i + 1;
        }
    }
    const char *first_why = NULL;
    for (size_t k = 0; k < np; k++) {
        const char *p = s + st[k];
        size_t n = en[k] - st[k];
        trim(&p, &n);
        val v;
        if (n >= 2 && (p[0] == '\'' || p[0] == '"') && p[n - 1] == p[0]) {
            v = found(literal(c, at, p + 1, n - 2));
            v.n->stype = KR_SCALAR_STRING;
            v.n->origin = step(c, at->span, fmt(c, "the fallback %.*s", (int)n, p), NULL);
        } else if (n >= 2 && p[0] == '$' && p[1] == '{' && close_of(p, n, 0) == n) {
            v = eval_string(c, at, p, n, depth + 1);
        } else if (k > 0 && !memchr(p, ':', n) && !memchr(p, '(', n)) {
            v = found(literal(c, at, p, n));
            v.n->origin = step(c, at->span, fmt(c, "the fallback %.*s", (int)n, p), NULL);
        } else {
            size_t alen = 0;
            const char *addr = expand(c, at, p, n, &alen, &v, depth);
            if (addr) v = lookup(c, at, addr, alen, depth);
        }
        if (v.r == R_FOUND || v.r == R_UNKNOWN || v.r == R_ASIS) return v;
        if (!first_why) first_why = v.why;
    }
    return miss(R_UNKNOWN, fmt(c, "%s, and there is no fallback", first_why ? first_why : "no value"));
}

static val eval_string(sctx *c, const kr_node *at, const char *s, size_t len, int depth)
{
    if (depth > SLS_MAX_DEPTH || ++c->steps > SLS_MAX_STEPS)
        return miss(R_UNKNOWN, "variables nested or chained too deeply");
    if (len >= 3 && s[0] == '$' && s[1] == '{' && close_of(s, len, 0) == len)
        return eval_var(c, at, s + 2, len - 3, depth);
    kr_buf b;
    kr_buf_init(&b, SLS_MAX_TEXT);
    const kr_origin *origin = NULL;
    for (size_t i = 0; i < len;) {
        size_t e = s[i] == '$' && i + 1 < len && s[i + 1] == '{' ? close_of(s, len, i) : 0;
        if (!e) {
            kr_buf_putc(&b, s[i++]);
            continue;
        }
        val v = eval_var(c, at, s + i + 2, e - i - 3, depth);
        if (v.r == R_ASIS) { /* CloudFormation substitutes it (Fn::Sub): keep the string */
            kr_buf_dispose(&b);
            return v;
        } else if (v.r != R_FOUND || !is_text(v.n)) {
            kr_buf_dispose(&b);
            return v.r == R_FOUND ? miss(R_UNKNOWN, fmt(c, "%.*s is not a string", (int)(e - i), s + i)) : v;
        } else {
            kr_buf_put(&b, v.n->text, v.n->text_len);
            if (!origin) origin = v.n->origin;
        }
        i = e;
    }
    if (b.failed) {
        kr_buf_dispose(&b);
        return miss(R_UNKNOWN, "the string is too long");
    }
    kr_node *out = kr_node_new_scalar(c->a, KR_SCALAR_STRING, kr_buf_cstr(&b), b.len, at->span);
    kr_buf_dispose(&b);
    out->origin = origin;
    return found(out);
}

/* The value of node n (a variable string, or n itself). */
static kr_node *resolve_node(sctx *c, kr_node *n, int depth)
{
    if (!is_var_string(n)) return n;
    for (size_t i = 0; i < c->nbusy; i++) {
        if (c->busy[i] == n) {
            kr_diags_add(c->diags, KR_SEV_ERROR, c->doc->path, &n->span, "sls-variable",
                         "variable cycle: %.200s refers back to itself", n->text);
            return unknown(c, n, "a variable cycle");
        }
    }
    if (c->nbusy >= SLS_MAX_DEPTH || depth > SLS_MAX_DEPTH) return unknown(c, n, "variables chained too deeply");
    c->busy[c->nbusy++] = n;
    val v = eval_string(c, n, n->text, n->text_len, depth + 1);
    c->nbusy--;
    if (v.r == R_FOUND) return v.n;
    if (v.r == R_ASIS) return n;
    return unknown(c, n, v.why ? v.why : "unknown");
}

static void walk(sctx *c, kr_node *n, int depth)
{
    if (!n || depth > 4 * KR_MAX_DEPTH) return;
    if (n->kind == KR_NODE_EXPR) return; /* CloudFormation intrinsics in resources: */
    for (size_t i = 0; i < n->npairs; i++) {
        kr_node *v = n->pairs[i].value;
        if (is_var_string(v)) n->pairs[i].value = resolve_node(c, v, 0);
        else walk(c, v, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++) {
        kr_node *v = n->items[i];
        if (is_var_string(v)) n->items[i] = resolve_node(c, v, 0);
        else walk(c, v, depth + 1);
    }
}

void kr_cfn__sls_resolve(kr_doc *doc, kr_node *root, const kr_cfn_options *opts, kr_diags *diags)
{
    sctx c = {.doc = doc, .a = doc->arena, .root = root, .opts = opts, .diags = diags};
    walk(&c, root, 0);
}
