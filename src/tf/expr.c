/* expr.c - the HCL expression evaluator (see expr.h).
 *
 * A recursive-descent parser that evaluates as it parses: each parse
 * function returns the value of what it read. HCL's precedence, lowest
 * first: ?: , ||, &&, == !=, < <= > >=, + -, * / %, unary ! -, then
 * postfix index/attribute/splat. A construct that is read but not evaluated
 * (for expressions, directives, unsupported functions) is skipped with its
 * brackets balanced and yields an unknown naming it, so the rest of the
 * expression still parses.
 *
 * Built-in functions (Terraform's results): lower upper trimspace tostring
 * tonumber tobool tolist toset tomap length merge concat lookup coalesce
 * coalescelist contains keys values element join split replace format
 * flatten distinct compact min max abs ceil floor try can.
 */
#include "tf/expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* parser - the cursor over one expression's text. */
typedef struct parser {
    kr_tf_eval *ev;
    const char *s;
    size_t len;
    size_t pos;
    unsigned steps;
    unsigned depth;
    const kr_node *limit; /* set once a limit is hit: every result is it */
} parser;

static const kr_span NOSPAN;

/* Values are immutable once built; the tree types want non-const children. */
static kr_node *mut(const kr_node *n)
{
    union { const kr_node *c; kr_node *m; } u = {n};
    return u.m;
}

/* ---- values --------------------------------------------------------------- */

bool kr_tf_is_unknown(const kr_node *v)
{
    return !v || v->kind == KR_NODE_EXPR;
}

kr_node *kr_tf_unknown(kr_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *why = kr_arena_vprintf(a, fmt, ap);
    va_end(ap);
    kr_node *n = kr_node_new(a, KR_NODE_EXPR, NOSPAN);
    kr_origin *o = kr_arena_alloc(a, sizeof *o);
    o->note = why;
    n->origin = o;
    n->text = "";
    return n;
}

/* An unknown krewlint does not explain (origin NULL). */
static kr_node *plain_unknown(kr_arena *a)
{
    kr_node *n = kr_node_new(a, KR_NODE_EXPR, NOSPAN);
    n->text = "";
    return n;
}

static kr_node *mk_str(kr_arena *a, const char *s, size_t n)
{
    return kr_node_new_scalar(a, KR_SCALAR_STRING, kr_arena_strndup(a, s, n), n, NOSPAN);
}

static kr_node *mk_bool(kr_arena *a, bool b)
{
    kr_node *n = kr_node_new_scalar(a, KR_SCALAR_BOOL, b ? "true" : "false", b ? 4 : 5, NOSPAN);
    n->v.b = b;
    return n;
}

static kr_node *mk_null(kr_arena *a)
{
    return kr_node_new_scalar(a, KR_SCALAR_NULL, "null", 4, NOSPAN);
}

/* A number: an INT when it is whole and fits, else a FLOAT. */
static kr_node *mk_num(kr_arena *a, double d)
{
    char tmp[64];
    if (isfinite(d) && d == floor(d) && fabs(d) < 9.0e15) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)d);
        kr_node *n = kr_node_new_scalar(a, KR_SCALAR_INT, kr_arena_strdup(a, tmp), strlen(tmp), NOSPAN);
        n->v.i = (int64_t)d;
        return n;
    }
    snprintf(tmp, sizeof tmp, "%.15g", d);
    kr_node *n = kr_node_new_scalar(a, KR_SCALAR_FLOAT, kr_arena_strdup(a, tmp), strlen(tmp), NOSPAN);
    n->v.f = d;
    return n;
}

static bool is_null(const kr_node *v)
{
    return v && v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_NULL;
}

int kr_tf_to_number(double *out, const kr_node *v)
{
    if (!v || v->kind != KR_NODE_SCALAR) return -1;
    if (v->stype == KR_SCALAR_INT) {
        *out = (double)v->v.i;
        return 0;
    }
    if (v->stype == KR_SCALAR_FLOAT) {
        *out = v->v.f;
        return 0;
    }
    if (v->stype != KR_SCALAR_STRING || v->text_len == 0) return -1;
    char *end = NULL;
    double d = strtod(v->text, &end);
    if (!end || *end != '\0' || !isfinite(d)) return -1;
    /* strtod also reads hex and "inf"; Terraform reads decimal only */
    for (size_t i = 0; i < v->text_len; i++) {
        char c = v->text[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return -1;
    }
    *out = d;
    return 0;
}

const char *kr_tf_to_string(kr_arena *a, const kr_node *v)
{
    (void)a;
    if (!v || v->kind != KR_NODE_SCALAR || v->stype == KR_SCALAR_NULL) return NULL;
    return v->text;
}

static int to_bool(bool *out, const kr_node *v)
{
    if (!v || v->kind != KR_NODE_SCALAR) return -1;
    if (v->stype == KR_SCALAR_BOOL) {
        *out = v->v.b;
        return 0;
    }
    if (v->stype == KR_SCALAR_STRING && strcmp(v->text, "true") == 0) {
        *out = true;
        return 0;
    }
    if (v->stype == KR_SCALAR_STRING && strcmp(v->text, "false") == 0) {
        *out = false;
        return 0;
    }
    return -1;
}

/* The first unknown of a and b (an unknown with a reason first), or NULL. */
static const kr_node *unknown_of(const kr_node *a, const kr_node *b)
{
    if (a && kr_tf_is_unknown(a) && a->origin) return a;
    if (b && kr_tf_is_unknown(b) && b->origin) return b;
    if (a && kr_tf_is_unknown(a)) return a;
    if (b && kr_tf_is_unknown(b)) return b;
    return NULL;
}

/* A computed value keeps the provenance of its first operand that has one. */
static const kr_node *with_origin_of(const kr_node *v, const kr_node *a, const kr_node *b)
{
    const kr_origin *o = a && a->origin ? a->origin : b && b->origin ? b->origin : NULL;
    if (!o || !v || kr_tf_is_unknown(v)) return v;
    kr_node *c = mut(v); /* freshly built by the caller */
    c->origin = o;
    return c;
}

/* Terraform's == : same type and value (no conversion). */
static bool equal(const kr_node *a, const kr_node *b)
{
    if (a->kind != b->kind) return false;
    if (a->kind == KR_NODE_SCALAR) {
        bool an = a->stype == KR_SCALAR_INT || a->stype == KR_SCALAR_FLOAT;
        bool bn = b->stype == KR_SCALAR_INT || b->stype == KR_SCALAR_FLOAT;
        if (an && bn) {
            double x = 0, y = 0;
            kr_tf_to_number(&x, a);
            kr_tf_to_number(&y, b);
            return x == y;
        }
        if (a->stype != b->stype) return false;
        if (a->stype == KR_SCALAR_BOOL) return a->v.b == b->v.b;
        if (a->stype == KR_SCALAR_NULL) return true;
        return a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
    }
    if (a->kind == KR_NODE_SEQ) {
        if (a->nitems != b->nitems) return false;
        for (size_t i = 0; i < a->nitems; i++)
            if (!equal(a->items[i], b->items[i])) return false;
        return true;
    }
    if (a->kind == KR_NODE_MAP) {
        if (a->npairs != b->npairs) return false;
        for (size_t i = 0; i < a->npairs; i++) {
            const kr_node *o = kr_node_get(b, a->pairs[i].key->text);
            if (!o || !equal(a->pairs[i].value, o)) return false;
        }
        return true;
    }
    return false;
}

/* ---- lexing --------------------------------------------------------------- */

static bool step(parser *p)
{
    if (p->limit) return false;
    if (++p->steps > KR_TF_MAX_STEPS) {
        p->limit = kr_tf_unknown(p->ev->arena, "the expression needs more than %u evaluation steps",
                                 KR_TF_MAX_STEPS);
        return false;
    }
    return true;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            p->pos++;
        } else if (c == '#' || (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/')) {
            while (p->pos < p->len && p->s[p->pos] != '\n') p->pos++;
        } else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '*') {
            p->pos += 2;
            while (p->pos + 1 < p->len && !(p->s[p->pos] == '*' && p->s[p->pos + 1] == '/')) p->pos++;
            p->pos = p->pos + 2 <= p->len ? p->pos + 2 : p->len;
        } else {
            break;
        }
    }
}

static bool peek(parser *p, const char *tok)
{
    skip_ws(p);
    size_t n = strlen(tok);
    return p->pos + n <= p->len && memcmp(p->s + p->pos, tok, n) == 0;
}

static bool accept(parser *p, const char *tok)
{
    if (!peek(p, tok)) return false;
    p->pos += strlen(tok);
    return true;
}

static bool is_id_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_id_char(char c)
{
    return is_id_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* Reads an identifier; its length, 0 when there is none. */
static size_t ident(parser *p, const char **out)
{
    skip_ws(p);
    size_t s = p->pos;
    if (s >= p->len || !is_id_start(p->s[s])) return 0;
    size_t e = s;
    while (e < p->len && is_id_char(p->s[e])) e++;
    *out = p->s + s;
    p->pos = e;
    return e - s;
}

/* Skips a balanced bracket group starting at p->pos (one of ( [ { ), strings
 * included. */
static void skip_group(parser *p)
{
    int depth = 0;
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '"') {
            p->pos++;
            while (p->pos < p->len && p->s[p->pos] != '"') {
                if (p->s[p->pos] == '\\') p->pos++;
                p->pos++;
            }
            p->pos++;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') depth++;
        if (c == ')' || c == ']' || c == '}') {
            depth--;
            if (depth <= 0) {
                p->pos++;
                return;
            }
        }
        p->pos++;
    }
}

/* ---- parsing -------------------------------------------------------------- */

static const kr_node *parse_expr(parser *p);
static const kr_node *call_function(parser *p, const char *name, const kr_node **args, size_t nargs,
                                    bool expand);

static const kr_node *syntax(parser *p, const char *what)
{
    return kr_tf_unknown(p->ev->arena, "the expression does not parse (%s at byte %zu)", what, p->pos);
}

static const kr_node *parse_number(parser *p)
{
    size_t s = p->pos;
    bool flt = false;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    if (p->pos + 1 < p->len && p->s[p->pos] == '.' && p->s[p->pos + 1] >= '0' && p->s[p->pos + 1] <= '9') {
        flt = true;
        p->pos++;
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        size_t q = p->pos + 1;
        if (q < p->len && (p->s[q] == '+' || p->s[q] == '-')) q++;
        if (q < p->len && p->s[q] >= '0' && p->s[q] <= '9') {
            flt = true;
            p->pos = q;
            while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
        }
    }
    char tmp[128];
    size_t n = p->pos - s < sizeof tmp - 1 ? p->pos - s : sizeof tmp - 1;
    memcpy(tmp, p->s + s, n);
    tmp[n] = '\0';
    (void)flt;
    return mk_num(p->ev->arena, strtod(tmp, NULL));
}

/* A quoted template: literal parts and ${...} interpolations, joined. */
static const kr_node *parse_template(parser *p)
{
    kr_arena *a = p->ev->arena;
    p->pos++; /* the opening quote */
    kr_buf b;
    kr_buf_init(&b, 0);
    const kr_node *unk = NULL, *from = NULL;
    bool closed = false;
    while (p->pos < p->len && step(p)) {
        char c = p->s[p->pos];
        if (c == '"') {
            p->pos++;
            closed = true;
            break;
        }
        if (c == '\\' && p->pos + 1 < p->len) {
            char e = p->s[p->pos + 1];
            p->pos += 2;
            switch (e) {
            case 'n': kr_buf_putc(&b, '\n'); break;
            case 't': kr_buf_putc(&b, '\t'); break;
            case 'r': kr_buf_putc(&b, '\r'); break;
            case '"': kr_buf_putc(&b, '"'); break;
            case '\\': kr_buf_putc(&b, '\\'); break;
            case 'u':
            case 'U': {
                int digits = e == 'u' ? 4 : 8;
                long cp = 0;
                int k = 0;
                for (; k < digits && p->pos < p->len; k++, p->pos++) {
                    char h = p->s[p->pos];
                    int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 :
                            h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                    if (v < 0) break;
                    cp = cp * 16 + v;
                }
                if (cp < 0x80) {
                    kr_buf_putc(&b, (char)cp);
                } else if (cp < 0x800) {
                    kr_buf_putc(&b, (char)(0xC0 | (cp >> 6)));
                    kr_buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
                } else if (cp < 0x10000) {
                    kr_buf_putc(&b, (char)(0xE0 | (cp >> 12)));
                    kr_buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
                    kr_buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
                } else {
                    kr_buf_putc(&b, (char)(0xF0 | (cp >> 18)));
                    kr_buf_putc(&b, (char)(0x80 | ((cp >> 12) & 0x3F)));
                    kr_buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
                    kr_buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
                }
                break;
            }
            default: kr_buf_putc(&b, '\\'); kr_buf_putc(&b, e); break;
            }
            continue;
        }
        if ((c == '$' || c == '%') && p->pos + 2 < p->len && p->s[p->pos + 1] == c &&
            p->s[p->pos + 2] == '{') {
            kr_buf_putc(&b, c);
            kr_buf_putc(&b, '{');
            p->pos += 3;
            continue;
        }
        if (c == '$' && p->pos + 1 < p->len && p->s[p->pos + 1] == '{') {
            p->pos += 2;
            accept(p, "~");
            const kr_node *v = parse_expr(p);
            accept(p, "~");
            if (!accept(p, "}")) {
                unk = syntax(p, "an interpolation without its closing brace");
                break;
            }
            if (kr_tf_is_unknown(v)) {
                if (!unk || (!unk->origin && v->origin)) unk = v;
                continue;
            }
            if (!from && v->origin) from = v;
            const char *t = kr_tf_to_string(a, v);
            if (!t) {
                if (!unk) unk = kr_tf_unknown(a, "a template interpolates a value that is not a string");
                continue;
            }
            kr_buf_puts(&b, t);
            continue;
        }
        if (c == '%' && p->pos + 1 < p->len && p->s[p->pos + 1] == '{') {
            p->pos++;
            skip_group(p);
            if (!unk) unk = kr_tf_unknown(a, "template directives (%%{ ... }) are not evaluated");
            continue;
        }
        kr_buf_putc(&b, c);
        p->pos++;
    }
    const kr_node *r;
    if (p->limit) r = p->limit;
    else if (unk) r = unk;
    else if (!closed) r = syntax(p, "a string without its closing quote");
    else r = with_origin_of(mk_str(a, b.len ? b.ptr : "", b.len), from, NULL);
    kr_buf_dispose(&b);
    return r;
}

/* At the opening bracket of a tuple or object: when a `for` expression
 * follows it, skips the whole group and returns true; else steps over the
 * bracket and returns false. */
static bool skip_for_expression(parser *p)
{
    size_t start = p->pos;
    p->pos++;
    const char *id;
    size_t save = p->pos;
    size_t n = ident(p, &id);
    if (n == 3 && memcmp(id, "for", 3) == 0) {
        p->pos = start;
        skip_group(p);
        return true;
    }
    p->pos = save;
    return false;
}

/* [ a, b, ... ] or [for ...]. */
static const kr_node *parse_tuple(parser *p)
{
    kr_arena *a = p->ev->arena;
    if (skip_for_expression(p))
        return kr_tf_unknown(a, "for expressions are not evaluated yet");
    kr_node *seq = kr_node_new(a, KR_NODE_SEQ, NOSPAN);
    const kr_node *unk = NULL;
    while (!accept(p, "]")) {
        if (p->pos >= p->len || p->limit) return p->limit ? p->limit : syntax(p, "an unclosed tuple");
        const kr_node *v = parse_expr(p);
        if (kr_tf_is_unknown(v) && !unk) unk = v;
        kr_node_seq_push(a, seq, mut(v));
        if (!accept(p, ",") && !peek(p, "]")) return syntax(p, "a tuple item without a comma");
    }
    (void)unk; /* an unknown item is kept in place: the list itself is known */
    return seq;
}

/* { k = v, ... } or {for ...}. */
static const kr_node *parse_object(parser *p)
{
    kr_arena *a = p->ev->arena;
    if (skip_for_expression(p))
        return kr_tf_unknown(a, "for expressions are not evaluated yet");
    kr_node *map = kr_node_new(a, KR_NODE_MAP, NOSPAN);
    while (!accept(p, "}")) {
        if (p->pos >= p->len || p->limit) return p->limit ? p->limit : syntax(p, "an unclosed object");
        const kr_node *k;
        skip_ws(p);
        size_t ks = p->pos;
        const char *id;
        size_t n = ident(p, &id);
        if (n && (peek(p, "=") || peek(p, ":")) && !peek(p, "==")) {
            k = mk_str(a, id, n);
        } else {
            p->pos = ks;
            k = parse_expr(p);
        }
        if (!accept(p, "=") && !accept(p, ":")) return syntax(p, "an object item without = or :");
        const kr_node *v = parse_expr(p);
        const char *kt = kr_tf_to_string(a, k);
        if (!kt) return kr_tf_is_unknown(k) ? k : syntax(p, "an object key that is not a string");
        kr_node_map_put(a, map, mk_str(a, kt, strlen(kt)), mut(v));
        accept(p, ",");
    }
    return map;
}

/* name( args ) - the name is read, p->pos is at '('. */
static const kr_node *parse_call(parser *p, const char *name)
{
    kr_arena *a = p->ev->arena;
    p->pos++;
    const kr_node *args[16];
    size_t nargs = 0;
    bool expand = false;
    if (strcmp(name, "try") == 0 || strcmp(name, "can") == 0) {
        /* arguments whose errors are values: each parsed on its own */
    }
    while (!accept(p, ")")) {
        if (p->pos >= p->len || p->limit) return p->limit ? p->limit : syntax(p, "an unclosed call");
        const kr_node *v = parse_expr(p);
        if (nargs < 16) args[nargs++] = v;
        if (accept(p, "...")) expand = true;
        if (!accept(p, ",") && !peek(p, ")")) return syntax(p, "a call argument without a comma");
    }
    (void)a;
    return call_function(p, name, args, nargs, expand);
}

/* name.attr... : a reference through the scope. */
static const kr_node *parse_reference(parser *p, const char *id, size_t n)
{
    kr_arena *a = p->ev->arena;
    char root[64];
    if (n >= sizeof root) n = sizeof root - 1;
    memcpy(root, id, n);
    root[n] = '\0';
    size_t save = p->pos;
    if (accept(p, ".")) {
        const char *nm;
        size_t nl = ident(p, &nm);
        if (nl) {
            char *name = kr_arena_strndup(a, nm, nl);
            const kr_node *v = p->ev->lookup ? p->ev->lookup(p->ev->payload, root, name) : NULL;
            if (v) return v;
            /* another resource's attribute, a data source, ...: keep reading
             * the reference so the postfix loop does not mistake it */
            while (peek(p, ".") && !peek(p, "..")) {
                p->pos++;
                const char *x;
                if (!ident(p, &x)) {
                    if (accept(p, "*")) continue;
                    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
                }
            }
            return plain_unknown(a);
        }
    }
    p->pos = save;
    return plain_unknown(a);
}

static const kr_node *index_value(parser *p, const kr_node *v, const kr_node *k)
{
    kr_arena *a = p->ev->arena;
    const kr_node *u = unknown_of(v, k);
    if (u) return u;
    if (v->kind == KR_NODE_MAP) {
        const char *ks = kr_tf_to_string(a, k);
        const kr_node *r = ks ? kr_node_get(v, ks) : NULL;
        if (!r) return kr_tf_unknown(a, "the map has no element \"%s\"", ks ? ks : "?");
        return r;
    }
    if (v->kind == KR_NODE_SEQ) {
        double d;
        if (kr_tf_to_number(&d, k) != 0 || d < 0 || d != floor(d) || d >= (double)v->nitems)
            return kr_tf_unknown(a, "the index is out of range of the list");
        return v->items[(size_t)d];
    }
    return kr_tf_unknown(a, "a value that is not a list or a map is indexed");
}

static const kr_node *parse_primary(parser *p)
{
    kr_arena *a = p->ev->arena;
    skip_ws(p);
    if (!step(p)) return p->limit;
    if (p->pos >= p->len) return syntax(p, "a missing value");
    char c = p->s[p->pos];
    if (c >= '0' && c <= '9') return parse_number(p);
    if (c == '"') return parse_template(p);
    if (c == '<' && p->pos + 1 < p->len && p->s[p->pos + 1] == '<') {
        p->pos = p->len;
        return kr_tf_unknown(a, "heredoc templates are not evaluated yet");
    }
    if (c == '(') {
        p->pos++;
        const kr_node *v = parse_expr(p);
        if (!accept(p, ")")) return syntax(p, "a parenthesis without its closing one");
        return v;
    }
    if (c == '[') return parse_tuple(p);
    if (c == '{') return parse_object(p);
    const char *id;
    size_t n = ident(p, &id);
    if (!n) {
        p->pos++;
        return syntax(p, "an unexpected character");
    }
    if (n == 4 && memcmp(id, "true", 4) == 0) return mk_bool(a, true);
    if (n == 5 && memcmp(id, "false", 5) == 0) return mk_bool(a, false);
    if (n == 4 && memcmp(id, "null", 4) == 0) return mk_null(a);
    if (peek(p, "(")) {
        char *name = kr_arena_strndup(a, id, n);
        /* provider::ns::fn and namespaced calls are not built in */
        return parse_call(p, name);
    }
    if (peek(p, "::")) {
        while (accept(p, "::")) ident(p, &id);
        if (peek(p, "(")) skip_group(p);
        return kr_tf_unknown(a, "provider-defined functions are not evaluated");
    }
    return parse_reference(p, id, n);
}

static const kr_node *parse_postfix(parser *p)
{
    kr_arena *a = p->ev->arena;
    const kr_node *v = parse_primary(p);
    for (;;) {
        if (p->limit) return p->limit;
        if (accept(p, "[*]") || (peek(p, ".*") && accept(p, ".*"))) {
            /* splat: over a list, the rest of the traversal applies to each */
            if (kr_tf_is_unknown(v)) {
                while (peek(p, ".") || peek(p, "[")) {
                    if (accept(p, ".")) {
                        const char *x;
                        ident(p, &x);
                    } else {
                        skip_group(p);
                    }
                }
                return v;
            }
            const kr_node *list = v;
            if (v->kind != KR_NODE_SEQ) {
                kr_node *one = kr_node_new(a, KR_NODE_SEQ, NOSPAN);
                if (!is_null(v)) kr_node_seq_push(a, one, mut(v));
                list = one;
            }
            while (peek(p, ".") && !peek(p, "..")) {
                p->pos++;
                const char *x;
                size_t xl = ident(p, &x);
                if (!xl) return syntax(p, "a splat attribute");
                char *name = kr_arena_strndup(a, x, xl);
                kr_node *out = kr_node_new(a, KR_NODE_SEQ, NOSPAN);
                for (size_t i = 0; i < list->nitems; i++)
                    kr_node_seq_push(a, out, mut(index_value(p, list->items[i], mk_str(a, name, xl))));
                list = out;
            }
            v = list;
            continue;
        }
        if (peek(p, "[")) {
            p->pos++;
            const kr_node *k = parse_expr(p);
            if (!accept(p, "]")) return syntax(p, "an index without its closing bracket");
            v = index_value(p, v, k);
            continue;
        }
        if (peek(p, ".") && !peek(p, "...")) {
            size_t save = p->pos;
            p->pos++;
            skip_ws(p);
            if (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
                const kr_node *k = parse_number(p); /* legacy list.0 */
                v = index_value(p, v, k);
                continue;
            }
            const char *x;
            size_t xl = ident(p, &x);
            if (!xl) {
                p->pos = save;
                return v;
            }
            v = index_value(p, v, mk_str(a, x, xl));
            continue;
        }
        return v;
    }
}

static const kr_node *parse_unary(parser *p)
{
    kr_arena *a = p->ev->arena;
    if (p->depth >= KR_TF_MAX_NESTING) {
        p->limit = kr_tf_unknown(a, "the expression nests deeper than %u levels", KR_TF_MAX_NESTING);
        return p->limit;
    }
    if (accept(p, "!")) {
        p->depth++;
        const kr_node *v = parse_unary(p);
        p->depth--;
        if (kr_tf_is_unknown(v)) return v;
        bool b;
        if (to_bool(&b, v) != 0) return kr_tf_unknown(a, "! is applied to a value that is not a bool");
        return with_origin_of(mk_bool(a, !b), v, NULL);
    }
    if (peek(p, "-") && !peek(p, "->")) {
        p->pos++;
        p->depth++;
        const kr_node *v = parse_unary(p);
        p->depth--;
        if (kr_tf_is_unknown(v)) return v;
        double d;
        if (kr_tf_to_number(&d, v) != 0) return kr_tf_unknown(a, "- is applied to a value that is not a number");
        return with_origin_of(mk_num(a, -d), v, NULL);
    }
    p->depth++;
    const kr_node *v = parse_postfix(p);
    p->depth--;
    return v;
}

static const kr_node *arith(parser *p, char op, const kr_node *l, const kr_node *r)
{
    kr_arena *a = p->ev->arena;
    const kr_node *u = unknown_of(l, r);
    if (u) return u;
    double x, y;
    if (kr_tf_to_number(&x, l) != 0 || kr_tf_to_number(&y, r) != 0)
        return kr_tf_unknown(a, "'%c' is applied to a value that is not a number", op);
    double z;
    switch (op) {
    case '+': z = x + y; break;
    case '-': z = x - y; break;
    case '*': z = x * y; break;
    case '/':
        if (y == 0) return kr_tf_unknown(a, "a division by zero");
        z = x / y;
        break;
    default:
        if (y == 0) return kr_tf_unknown(a, "a modulo by zero");
        z = fmod(x, y);
        break;
    }
    return with_origin_of(mk_num(a, z), l, r);
}

static const kr_node *parse_mul(parser *p)
{
    const kr_node *l = parse_unary(p);
    for (;;) {
        char op;
        if (peek(p, "*") && !peek(p, "*]")) op = '*';
        else if (peek(p, "/") && !peek(p, "//") && !peek(p, "/*")) op = '/';
        else if (peek(p, "%") && !peek(p, "%{")) op = '%';
        else return l;
        p->pos++;
        l = arith(p, op, l, parse_unary(p));
    }
}

static const kr_node *parse_add(parser *p)
{
    const kr_node *l = parse_mul(p);
    for (;;) {
        char op;
        if (peek(p, "+")) op = '+';
        else if (peek(p, "-") && !peek(p, "->")) op = '-';
        else return l;
        p->pos++;
        l = arith(p, op, l, parse_mul(p));
    }
}

static const kr_node *parse_cmp(parser *p)
{
    kr_arena *a = p->ev->arena;
    const kr_node *l = parse_add(p);
    for (;;) {
        int op;
        if (accept(p, "<=")) op = 1;
        else if (accept(p, ">=")) op = 2;
        else if (peek(p, "<") && !peek(p, "<<")) { p->pos++; op = 3; }
        else if (accept(p, ">")) op = 4;
        else return l;
        const kr_node *r = parse_add(p);
        const kr_node *u = unknown_of(l, r);
        if (u) { l = u; continue; }
        double x, y;
        if (kr_tf_to_number(&x, l) != 0 || kr_tf_to_number(&y, r) != 0) {
            l = kr_tf_unknown(a, "a comparison of values that are not numbers");
            continue;
        }
        bool b = op == 1 ? x <= y : op == 2 ? x >= y : op == 3 ? x < y : x > y;
        l = with_origin_of(mk_bool(a, b), l, r);
    }
}

static const kr_node *parse_eq(parser *p)
{
    kr_arena *a = p->ev->arena;
    const kr_node *l = parse_cmp(p);
    for (;;) {
        bool ne;
        if (accept(p, "==")) ne = false;
        else if (accept(p, "!=")) ne = true;
        else return l;
        const kr_node *r = parse_cmp(p);
        const kr_node *u = unknown_of(l, r);
        if (u) { l = u; continue; }
        l = with_origin_of(mk_bool(a, equal(l, r) != ne), l, r);
    }
}

static const kr_node *logic(parser *p, bool is_and, const kr_node *l, const kr_node *r)
{
    kr_arena *a = p->ev->arena;
    const kr_node *u = unknown_of(l, r);
    if (u) return u;
    bool x, y;
    if (to_bool(&x, l) != 0 || to_bool(&y, r) != 0)
        return kr_tf_unknown(a, "%s is applied to a value that is not a bool", is_and ? "&&" : "||");
    return with_origin_of(mk_bool(a, is_and ? x && y : x || y), l, r);
}

static const kr_node *parse_and(parser *p)
{
    const kr_node *l = parse_eq(p);
    while (accept(p, "&&")) l = logic(p, true, l, parse_eq(p));
    return l;
}

static const kr_node *parse_or(parser *p)
{
    const kr_node *l = parse_and(p);
    while (accept(p, "||")) l = logic(p, false, l, parse_and(p));
    return l;
}

static const kr_node *parse_expr(parser *p)
{
    kr_arena *a = p->ev->arena;
    if (p->depth >= KR_TF_MAX_NESTING) {
        if (!p->limit)
            p->limit = kr_tf_unknown(a, "the expression nests deeper than %u levels", KR_TF_MAX_NESTING);
        return p->limit;
    }
    p->depth++;
    const kr_node *c = parse_or(p);
    if (accept(p, "?")) {
        const kr_node *t = parse_expr(p);
        if (!accept(p, ":")) {
            p->depth--;
            return syntax(p, "a conditional without ':'");
        }
        const kr_node *f = parse_expr(p);
        p->depth--;
        if (kr_tf_is_unknown(c)) return c;
        bool b;
        if (to_bool(&b, c) != 0) return kr_tf_unknown(a, "a condition that is not a bool");
        return b ? t : f;
    }
    p->depth--;
    return c;
}

const kr_node *kr_tf_expr_eval(kr_tf_eval *ev, const char *text, size_t len)
{
    parser p = {.ev = ev, .s = text, .len = len};
    const kr_node *v = parse_expr(&p);
    if (p.limit) return p.limit;
    skip_ws(&p);
    if (p.pos < p.len) return syntax(&p, "text after the expression");
    return v ? v : plain_unknown(ev->arena);
}

/* ---- functions ------------------------------------------------------------ */

static const kr_node *fn_error(parser *p, const char *name, const char *why)
{
    return kr_tf_unknown(p->ev->arena, "%s(): %s", name, why);
}

static kr_node *new_seq(kr_arena *a)
{
    return kr_node_new(a, KR_NODE_SEQ, NOSPAN);
}

static void flatten_into(kr_arena *a, kr_node *out, const kr_node *v, unsigned depth)
{
    if (v->kind == KR_NODE_SEQ && depth < KR_TF_MAX_NESTING) {
        for (size_t i = 0; i < v->nitems; i++) flatten_into(a, out, v->items[i], depth + 1);
        return;
    }
    kr_node_seq_push(a, out, mut(v));
}

static const kr_node *call_function(parser *p, const char *name, const kr_node **args, size_t nargs,
                                    bool expand)
{
    kr_arena *a = p->ev->arena;
    if (p->limit) return p->limit;
    /* try / can: unknowns from errors are values to them */
    if (strcmp(name, "try") == 0) {
        for (size_t i = 0; i < nargs; i++)
            if (!kr_tf_is_unknown(args[i])) return args[i];
        return nargs ? args[nargs - 1] : fn_error(p, name, "needs at least one argument");
    }
    if (strcmp(name, "can") == 0) {
        if (nargs != 1) return fn_error(p, name, "takes one argument");
        if (kr_tf_is_unknown(args[0]) && !args[0]->origin) return args[0];
        return mk_bool(a, !kr_tf_is_unknown(args[0]));
    }
    if (expand && nargs > 0) {
        /* f(list...): the last argument's items become arguments */
        const kr_node *last = args[nargs - 1];
        if (kr_tf_is_unknown(last)) return last;
        if (last->kind != KR_NODE_SEQ) return fn_error(p, name, "... expands a value that is not a list");
        static const size_t room = 16;
        const kr_node **more = kr_arena_alloc(a, sizeof(*more) * (nargs - 1 + last->nitems + 1));
        size_t m = 0;
        for (size_t i = 0; i + 1 < nargs; i++) more[m++] = args[i];
        for (size_t i = 0; i < last->nitems; i++) more[m++] = last->items[i];
        (void)room;
        return call_function(p, name, more, m, false);
    }
    /* functions that accept unknown items inside collections decide below;
     * an unknown argument as a whole makes the result unknown */
    for (size_t i = 0; i < nargs; i++)
        if (kr_tf_is_unknown(args[i]) && strcmp(name, "coalesce") != 0) return args[i];
    const kr_node *a0 = nargs > 0 ? args[0] : NULL;
    const kr_node *a1 = nargs > 1 ? args[1] : NULL;

#define NEED(n) do { if (nargs != (n)) return fn_error(p, name, "takes " #n " argument(s)"); } while (0)
    if (strcmp(name, "lower") == 0 || strcmp(name, "upper") == 0 || strcmp(name, "trimspace") == 0) {
        NEED(1);
        const char *s = kr_tf_to_string(a, a0);
        if (!s) return fn_error(p, name, "needs a string");
        size_t n = strlen(s);
        if (name[0] == 't') {
            size_t b = 0, e = n;
            while (b < e && strchr(" \t\r\n\v\f", s[b])) b++;
            while (e > b && strchr(" \t\r\n\v\f", s[e - 1])) e--;
            return with_origin_of(mk_str(a, s + b, e - b), a0, NULL);
        }
        char *o = kr_arena_strndup(a, s, n);
        for (size_t i = 0; i < n; i++) {
            if (name[0] == 'l' && o[i] >= 'A' && o[i] <= 'Z') o[i] = (char)(o[i] - 'A' + 'a');
            if (name[0] == 'u' && o[i] >= 'a' && o[i] <= 'z') o[i] = (char)(o[i] - 'a' + 'A');
        }
        return with_origin_of(kr_node_new_scalar(a, KR_SCALAR_STRING, o, n, NOSPAN), a0, NULL);
    }
    if (strcmp(name, "tostring") == 0) {
        NEED(1);
        if (is_null(a0)) return a0;
        const char *s = kr_tf_to_string(a, a0);
        if (!s) return fn_error(p, name, "needs a string, number or bool");
        return with_origin_of(mk_str(a, s, strlen(s)), a0, NULL);
    }
    if (strcmp(name, "tonumber") == 0) {
        NEED(1);
        if (is_null(a0)) return a0;
        double d;
        if (kr_tf_to_number(&d, a0) != 0) return fn_error(p, name, "cannot convert the value to a number");
        return with_origin_of(mk_num(a, d), a0, NULL);
    }
    if (strcmp(name, "tobool") == 0) {
        NEED(1);
        if (is_null(a0)) return a0;
        bool b;
        if (to_bool(&b, a0) != 0) return fn_error(p, name, "cannot convert the value to a bool");
        return with_origin_of(mk_bool(a, b), a0, NULL);
    }
    if (strcmp(name, "tolist") == 0 || strcmp(name, "toset") == 0 || strcmp(name, "tomap") == 0) {
        NEED(1);
        bool map = name[2] == 'm';
        if (map ? a0->kind != KR_NODE_MAP : a0->kind != KR_NODE_SEQ)
            return fn_error(p, name, map ? "needs an object or map" : "needs a list, set or tuple");
        if (name[2] != 's') return a0;
        /* a set: duplicates dropped, strings in lexical order */
        kr_node *out = new_seq(a);
        for (size_t i = 0; i < a0->nitems; i++) {
            bool dup = false;
            for (size_t j = 0; j < out->nitems && !dup; j++) dup = equal(out->items[j], a0->items[i]);
            if (!dup) kr_node_seq_push(a, out, a0->items[i]);
        }
        for (size_t i = 1; i < out->nitems; i++)
            for (size_t j = i; j > 0 && out->items[j - 1]->text && out->items[j]->text &&
                               strcmp(out->items[j - 1]->text, out->items[j]->text) > 0; j--) {
                kr_node *t = out->items[j];
                out->items[j] = out->items[j - 1];
                out->items[j - 1] = t;
            }
        return out;
    }
    if (strcmp(name, "length") == 0) {
        NEED(1);
        if (a0->kind == KR_NODE_SEQ) return mk_num(a, (double)a0->nitems);
        if (a0->kind == KR_NODE_MAP) return mk_num(a, (double)a0->npairs);
        const char *s = kr_tf_to_string(a, a0);
        if (!s || a0->stype != KR_SCALAR_STRING) return fn_error(p, name, "needs a string, list or map");
        size_t chars = 0;
        for (const char *c = s; *c; c++) chars += ((unsigned char)*c & 0xC0) != 0x80;
        return with_origin_of(mk_num(a, (double)chars), a0, NULL);
    }
    if (strcmp(name, "merge") == 0) {
        kr_node *out = kr_node_new(a, KR_NODE_MAP, NOSPAN);
        for (size_t i = 0; i < nargs; i++) {
            if (is_null(args[i])) continue;
            if (args[i]->kind != KR_NODE_MAP) return fn_error(p, name, "needs maps or objects");
            for (size_t k = 0; k < args[i]->npairs; k++) {
                const kr_pair *pr = &args[i]->pairs[k];
                bool replaced = false;
                for (size_t j = 0; j < out->npairs && !replaced; j++)
                    if (strcmp(out->pairs[j].key->text, pr->key->text) == 0) {
                        out->pairs[j].value = pr->value;
                        replaced = true;
                    }
                if (!replaced) kr_node_map_put(a, out, pr->key, pr->value);
            }
        }
        return out;
    }
    if (strcmp(name, "concat") == 0) {
        kr_node *out = new_seq(a);
        for (size_t i = 0; i < nargs; i++) {
            if (args[i]->kind != KR_NODE_SEQ) return fn_error(p, name, "needs lists");
            for (size_t k = 0; k < args[i]->nitems; k++) kr_node_seq_push(a, out, args[i]->items[k]);
        }
        return out;
    }
    if (strcmp(name, "lookup") == 0) {
        if (nargs != 2 && nargs != 3) return fn_error(p, name, "takes 2 or 3 arguments");
        if (a0->kind != KR_NODE_MAP) return fn_error(p, name, "needs a map");
        const char *k = kr_tf_to_string(a, a1);
        const kr_node *v = k ? kr_node_get(a0, k) : NULL;
        if (v) return v;
        if (nargs == 3) return args[2];
        return fn_error(p, name, "the key is not in the map and there is no default");
    }
    if (strcmp(name, "coalesce") == 0) {
        for (size_t i = 0; i < nargs; i++) {
            if (kr_tf_is_unknown(args[i])) return args[i];
            if (is_null(args[i])) continue;
            if (args[i]->kind == KR_NODE_SCALAR && args[i]->stype == KR_SCALAR_STRING && args[i]->text_len == 0)
                continue;
            return args[i];
        }
        return fn_error(p, name, "no non-null, non-empty argument");
    }
    if (strcmp(name, "coalescelist") == 0) {
        for (size_t i = 0; i < nargs; i++)
            if (args[i]->kind == KR_NODE_SEQ && args[i]->nitems > 0) return args[i];
        return fn_error(p, name, "no non-empty list");
    }
    if (strcmp(name, "contains") == 0) {
        NEED(2);
        if (a0->kind != KR_NODE_SEQ) return fn_error(p, name, "needs a list or set");
        for (size_t i = 0; i < a0->nitems; i++) {
            if (kr_tf_is_unknown(a0->items[i])) return a0->items[i];
            if (equal(a0->items[i], a1)) return mk_bool(a, true);
        }
        return mk_bool(a, false);
    }
    if (strcmp(name, "keys") == 0 || strcmp(name, "values") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_MAP) return fn_error(p, name, "needs a map or object");
        /* Terraform returns both in lexical order of the keys */
        size_t n = a0->npairs;
        const kr_pair **order = kr_arena_alloc(a, sizeof(*order) * (n ? n : 1));
        for (size_t i = 0; i < n; i++) order[i] = &a0->pairs[i];
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && strcmp(order[j - 1]->key->text, order[j]->key->text) > 0; j--) {
                const kr_pair *t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        kr_node *out = new_seq(a);
        for (size_t i = 0; i < n; i++)
            kr_node_seq_push(a, out, name[0] == 'k' ? mk_str(a, order[i]->key->text, order[i]->key->text_len)
                                                    : order[i]->value);
        return out;
    }
    if (strcmp(name, "element") == 0) {
        NEED(2);
        double d;
        if (a0->kind != KR_NODE_SEQ || kr_tf_to_number(&d, a1) != 0 || d < 0)
            return fn_error(p, name, "needs a list and a non-negative index");
        if (a0->nitems == 0) return fn_error(p, name, "cannot use element() with an empty list");
        return a0->items[(size_t)d % a0->nitems];
    }
    if (strcmp(name, "join") == 0) {
        NEED(2);
        const char *sep = kr_tf_to_string(a, a0);
        if (!sep || a1->kind != KR_NODE_SEQ) return fn_error(p, name, "needs a separator and a list");
        kr_buf b;
        kr_buf_init(&b, 0);
        const kr_node *r = NULL;
        for (size_t i = 0; i < a1->nitems && !r; i++) {
            const char *s = kr_tf_to_string(a, a1->items[i]);
            if (kr_tf_is_unknown(a1->items[i])) r = a1->items[i];
            else if (!s) r = fn_error(p, name, "needs a list of strings");
            else {
                if (i) kr_buf_puts(&b, sep);
                kr_buf_puts(&b, s);
            }
        }
        if (!r) r = mk_str(a, b.len ? b.ptr : "", b.len);
        kr_buf_dispose(&b);
        return r;
    }
    if (strcmp(name, "split") == 0) {
        NEED(2);
        const char *sep = kr_tf_to_string(a, a0), *s = kr_tf_to_string(a, a1);
        if (!sep || !s) return fn_error(p, name, "needs a separator and a string");
        kr_node *out = new_seq(a);
        size_t sl = strlen(sep);
        const char *c = s;
        if (sl == 0) {
            for (; *c; c++) kr_node_seq_push(a, out, mk_str(a, c, 1));
            return out;
        }
        for (;;) {
            const char *e = strstr(c, sep);
            if (!e) {
                kr_node_seq_push(a, out, mk_str(a, c, strlen(c)));
                return out;
            }
            kr_node_seq_push(a, out, mk_str(a, c, (size_t)(e - c)));
            c = e + sl;
        }
    }
    if (strcmp(name, "replace") == 0) {
        NEED(3);
        const char *s = kr_tf_to_string(a, a0), *f = kr_tf_to_string(a, a1),
                   *r = kr_tf_to_string(a, args[2]);
        if (!s || !f || !r) return fn_error(p, name, "needs three strings");
        size_t fl = strlen(f);
        if (fl > 1 && f[0] == '/' && f[fl - 1] == '/')
            return fn_error(p, name, "regular-expression replacement is not evaluated");
        if (fl == 0) return with_origin_of(mk_str(a, s, strlen(s)), a0, NULL);
        kr_buf b;
        kr_buf_init(&b, 0);
        for (const char *c = s;;) {
            const char *e = strstr(c, f);
            if (!e) {
                kr_buf_puts(&b, c);
                break;
            }
            kr_buf_put(&b, c, (size_t)(e - c));
            kr_buf_puts(&b, r);
            c = e + fl;
        }
        const kr_node *out = with_origin_of(mk_str(a, b.len ? b.ptr : "", b.len), a0, NULL);
        kr_buf_dispose(&b);
        return out;
    }
    if (strcmp(name, "format") == 0) {
        if (nargs < 1) return fn_error(p, name, "needs a format string");
        const char *f = kr_tf_to_string(a, a0);
        if (!f) return fn_error(p, name, "needs a format string");
        kr_buf b;
        kr_buf_init(&b, 0);
        size_t ai = 1;
        const kr_node *r = NULL;
        for (const char *c = f; *c && !r; c++) {
            if (*c != '%') {
                kr_buf_putc(&b, *c);
                continue;
            }
            c++;
            if (*c == '%') {
                kr_buf_putc(&b, '%');
                continue;
            }
            if ((*c != 's' && *c != 'd' && *c != 'v') || ai >= nargs) {
                r = fn_error(p, name, "only %s, %d and %v verbs with enough arguments are evaluated");
                break;
            }
            const kr_node *v = args[ai++];
            double d;
            if (*c == 'd' && kr_tf_to_number(&d, v) == 0) {
                kr_buf_printf(&b, "%lld", (long long)d);
                continue;
            }
            const char *s = kr_tf_to_string(a, v);
            if (!s) r = fn_error(p, name, "a verb gets a value that is not a string or number");
            else kr_buf_puts(&b, s);
        }
        if (!r) r = mk_str(a, b.len ? b.ptr : "", b.len);
        kr_buf_dispose(&b);
        return r;
    }
    if (strcmp(name, "flatten") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(p, name, "needs a list");
        kr_node *out = new_seq(a);
        flatten_into(a, out, a0, 0);
        return out;
    }
    if (strcmp(name, "distinct") == 0 || strcmp(name, "compact") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(p, name, "needs a list");
        kr_node *out = new_seq(a);
        for (size_t i = 0; i < a0->nitems; i++) {
            const kr_node *v = a0->items[i];
            if (name[0] == 'c') {
                if (is_null(v) || (v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_STRING && v->text_len == 0))
                    continue;
                kr_node_seq_push(a, out, mut(v));
                continue;
            }
            bool dup = false;
            for (size_t j = 0; j < out->nitems && !dup; j++) dup = equal(out->items[j], v);
            if (!dup) kr_node_seq_push(a, out, mut(v));
        }
        return out;
    }
    if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) {
        if (nargs == 0) return fn_error(p, name, "needs at least one number");
        double best = 0;
        const kr_node *from = NULL;
        for (size_t i = 0; i < nargs; i++) {
            double d;
            if (kr_tf_to_number(&d, args[i]) != 0) return fn_error(p, name, "needs numbers");
            if (i == 0 || (name[1] == 'i' ? d < best : d > best)) {
                best = d;
                from = args[i];
            }
        }
        return with_origin_of(mk_num(a, best), from, NULL);
    }
    if (strcmp(name, "abs") == 0 || strcmp(name, "ceil") == 0 || strcmp(name, "floor") == 0) {
        NEED(1);
        double d;
        if (kr_tf_to_number(&d, a0) != 0) return fn_error(p, name, "needs a number");
        d = name[0] == 'a' ? fabs(d) : name[0] == 'c' ? ceil(d) : floor(d);
        return with_origin_of(mk_num(a, d), a0, NULL);
    }
#undef NEED
    return kr_tf_unknown(a, "the function %s() is not evaluated by krewlint", name);
}
