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


#include "util/array.h"
#include "util/buf.h"

/* binding - a name a `for` (or %{for}) binds: its value for this round. */
typedef struct binding {
    const char *name;
    size_t len;
    const kr_node *value;
} binding;

/* parser - the cursor over one expression's text. */
typedef struct parser {
    kr_tf_eval *ev;
    const char *s;
    size_t len;
    size_t pos;
    unsigned steps;
    unsigned depth;
    const kr_node *limit; /* set once a limit is hit: every result is it */
    /* names bound by enclosing `for` expressions and template directives,
     * innermost last; looked up before the scope */
    binding binds[KR_TF_MAX_BINDINGS];
    unsigned nbinds;
    const kr_node *tvars; /* templatefile(): its variables map, else NULL */
} parser;

static const kr_span NOSPAN;

/* The text of an unknown that is an evaluation error (kr_tf__error): told
 * apart by its address. Read-only. */
static const char ERROR_MARK[] = "";

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

kr_node *kr_tf__error(kr_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *why = kr_arena_vprintf(a, fmt, ap);
    va_end(ap);
    kr_node *n = kr_tf_unknown(a, "%s", why);
    n->text = ERROR_MARK;
    return n;
}

bool kr_tf__is_error(const kr_node *v)
{
    return v && v->kind == KR_NODE_EXPR && v->text == ERROR_MARK;
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

/* The helpers func.c shares (func.h). */
kr_node *kr_tf__mut(const kr_node *n) { return mut(n); }
kr_node *kr_tf__str(kr_arena *a, const char *s, size_t n) { return mk_str(a, s, n); }
kr_node *kr_tf__num(kr_arena *a, double d) { return mk_num(a, d); }
kr_node *kr_tf__bool(kr_arena *a, bool b) { return mk_bool(a, b); }
kr_node *kr_tf__null(kr_arena *a) { return mk_null(a); }
kr_node *kr_tf__seq(kr_arena *a) { return kr_node_new(a, KR_NODE_SEQ, NOSPAN); }
kr_node *kr_tf__map(kr_arena *a) { return kr_node_new(a, KR_NODE_MAP, NOSPAN); }
bool kr_tf__is_null(const kr_node *v) { return is_null(v); }
int kr_tf__to_bool(bool *out, const kr_node *v) { return to_bool(out, v); }
bool kr_tf__equal(const kr_node *a, const kr_node *b) { return equal(a, b); }
const kr_node *kr_tf__with_origin(const kr_node *v, const kr_node *a, const kr_node *b)
{
    return with_origin_of(v, a, b);
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

static const kr_node *syntax(parser *p, const char *what)
{
    /* the whole expression does not parse: every result is this one */
    if (!p->limit)
        p->limit = kr_tf__error(p->ev->arena, "the expression does not parse (%s at byte %zu)", what, p->pos);
    return p->limit;
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

/* ---- templates ------------------------------------------------------------ */

/* tmpl - one template being rendered: a quoted string (backslash escapes,
 * ends at the closing quote) or a heredoc/templatefile body (no escapes,
 * ends at p->len). Directives nest by recursion; a %{for} renders its body
 * once per element by rewinding the cursor. */
typedef struct tmpl {
    kr_buf out;
    bool quoted;
    const kr_node *unk;  /* the first unknown interpolated (the result is unknown) */
    const kr_node *from; /* the first interpolated value with an origin */
    bool strip_next;     /* a `~}` just closed: drop the whitespace that follows */
    size_t lit_mark;     /* out.len where the current literal run began */
} tmpl;

enum { T_END, T_CLOSE, T_ELSE, T_ENDIF, T_ENDFOR, T_ERR };

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* `%{~` or `${~`: the literal whitespace before it goes (not interpolated text). */
static void strip_before(tmpl *t)
{
    while (t->out.len > t->lit_mark && is_space(t->out.ptr[t->out.len - 1])) t->out.len--;
    if (t->out.ptr) t->out.ptr[t->out.len] = '\0';
}

static void note_unknown(tmpl *t, const kr_node *v)
{
    if (!t->unk || (!t->unk->origin && v->origin)) t->unk = v;
}

static void put_code_point(kr_buf *b, long cp)
{
    if (cp < 0x80) {
        kr_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        kr_buf_putc(b, (char)(0xC0 | (cp >> 6)));
        kr_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        kr_buf_putc(b, (char)(0xE0 | (cp >> 12)));
        kr_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        kr_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        kr_buf_putc(b, (char)(0xF0 | (cp >> 18)));
        kr_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        kr_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        kr_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* Reads `~}` or `}` closing a directive or an interpolation; false when
 * neither is there. */
static bool close_seq(parser *p, tmpl *t)
{
    if (accept(p, "~")) t->strip_next = true;
    return accept(p, "}");
}

static int tmpl_run(parser *p, tmpl *t, bool emit, unsigned depth);
static const kr_pair **sorted_pairs(kr_arena *a, const kr_node *m);

/* %{ for k, v in coll ~} ... %{ endfor } - the cursor is past `for`. */
static int tmpl_for(parser *p, tmpl *t, bool emit, unsigned depth)
{
    kr_arena *a = p->ev->arena;
    const char *n1 = NULL, *n2 = NULL;
    size_t l1 = ident(p, &n1), l2 = 0;
    if (l1 && accept(p, ",")) l2 = ident(p, &n2);
    const char *kw;
    if (!l1 || ident(p, &kw) != 2 || memcmp(kw, "in", 2) != 0) return T_ERR;
    const kr_node *coll = parse_expr(p);
    if (!close_seq(p, t) || p->nbinds + 2 > KR_TF_MAX_BINDINGS) return T_ERR;
    size_t body = p->pos;
    bool strip_at_body = t->strip_next;
    size_t n = 0;
    bool known = !kr_tf_is_unknown(coll) && (coll->kind == KR_NODE_SEQ || coll->kind == KR_NODE_MAP);
    if (emit && !known)
        note_unknown(t, kr_tf_is_unknown(coll) ? coll : kr_tf__error(a, "%%{for} over a value that is not a collection"));
    if (known) n = coll->kind == KR_NODE_SEQ ? coll->nitems : coll->npairs;
    const kr_pair **pairs = known && coll->kind == KR_NODE_MAP ? sorted_pairs(a, coll) : NULL;
    unsigned base = p->nbinds;
    p->nbinds += l2 ? 2 : 1;
    int r = T_ERR;
    size_t end = body;
    for (size_t i = 0; i < (n ? n : 1); i++) {
        const kr_node *k, *v;
        if (!n) {
            k = v = plain_unknown(a); /* one dry round: reads the body, renders nothing */
        } else if (coll->kind == KR_NODE_SEQ) {
            k = mk_num(a, (double)i);
            v = coll->items[i];
        } else {
            k = pairs[i]->key;
            v = pairs[i]->value;
        }
        p->binds[base] = (binding){n1, l1, l2 ? k : v};
        if (l2) p->binds[base + 1] = (binding){n2, l2, v};
        p->pos = body;
        t->strip_next = strip_at_body;
        r = tmpl_run(p, t, emit && n > 0, depth + 1);
        end = p->pos;
        if (r != T_ENDFOR || p->limit) break;
    }
    p->nbinds = base;
    p->pos = end;
    return r == T_ENDFOR ? T_END : T_ERR;
}

/* %{ if c ~} ... [%{ else ~} ...] %{ endif } - the cursor is past `if`. */
static int tmpl_if(parser *p, tmpl *t, bool emit, unsigned depth)
{
    kr_arena *a = p->ev->arena;
    const kr_node *c = parse_expr(p);
    if (!close_seq(p, t)) return T_ERR;
    bool b = false, known = !kr_tf_is_unknown(c) && to_bool(&b, c) == 0;
    if (emit && !known) note_unknown(t, kr_tf_is_unknown(c) ? c : kr_tf__error(a, "%%{if} on a value that is not a bool"));
    int r = tmpl_run(p, t, emit && known && b, depth + 1);
    if (r == T_ELSE) r = tmpl_run(p, t, emit && known && !b, depth + 1);
    return r == T_ENDIF ? T_END : T_ERR;
}

/* Renders until the end of the template or a directive that closes the
 * caller's (else, endif, endfor), which it returns. */
static int tmpl_run(parser *p, tmpl *t, bool emit, unsigned depth)
{
    kr_arena *a = p->ev->arena;
    if (depth >= KR_TF_MAX_NESTING) {
        if (!p->limit) p->limit = kr_tf_unknown(a, "the template nests deeper than %u levels", KR_TF_MAX_NESTING);
        return T_ERR;
    }
    while (p->pos < p->len && step(p)) {
        char c = p->s[p->pos];
        if (t->quoted && c == '"') {
            p->pos++;
            return T_CLOSE;
        }
        if ((c == '$' || c == '%') && p->pos + 2 < p->len && p->s[p->pos + 1] == c && p->s[p->pos + 2] == '{') {
            if (emit) {
                kr_buf_putc(&t->out, c);
                kr_buf_putc(&t->out, '{');
            }
            t->strip_next = false;
            p->pos += 3;
            continue;
        }
        if ((c == '$' || c == '%') && p->pos + 1 < p->len && p->s[p->pos + 1] == '{') {
            p->pos += 2;
            t->strip_next = false;
            if (p->pos < p->len && p->s[p->pos] == '~') {
                p->pos++;
                if (emit) strip_before(t);
            }
            if (c == '$') {
                const kr_node *v = parse_expr(p);
                if (!close_seq(p, t)) return T_ERR;
                if (emit) {
                    const char *s = kr_tf_is_unknown(v) ? NULL : kr_tf_to_string(a, v);
                    if (kr_tf_is_unknown(v)) note_unknown(t, v);
                    else if (!s) note_unknown(t, kr_tf__error(a, "a template interpolates a value that is not a string"));
                    else kr_buf_puts(&t->out, s);
                    if (!t->from && v->origin && !kr_tf_is_unknown(v)) t->from = v;
                }
                t->lit_mark = t->out.len;
                continue;
            }
            const char *kw;
            size_t kl = ident(p, &kw);
            int r;
            if (kl == 2 && memcmp(kw, "if", 2) == 0) r = tmpl_if(p, t, emit, depth);
            else if (kl == 3 && memcmp(kw, "for", 3) == 0) r = tmpl_for(p, t, emit, depth);
            else if (kl == 4 && memcmp(kw, "else", 4) == 0) r = close_seq(p, t) ? T_ELSE : T_ERR;
            else if (kl == 5 && memcmp(kw, "endif", 5) == 0) r = close_seq(p, t) ? T_ENDIF : T_ERR;
            else if (kl == 6 && memcmp(kw, "endfor", 6) == 0) r = close_seq(p, t) ? T_ENDFOR : T_ERR;
            else r = T_ERR;
            t->lit_mark = t->out.len;
            if (r != T_END) return r;
            continue;
        }
        if (t->strip_next && is_space(c)) {
            p->pos++;
            continue;
        }
        t->strip_next = false;
        if (t->quoted && c == '\\' && p->pos + 1 < p->len) {
            char e = p->s[p->pos + 1];
            p->pos += 2;
            long cp = -1;
            switch (e) {
            case 'n': cp = '\n'; break;
            case 't': cp = '\t'; break;
            case 'r': cp = '\r'; break;
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case 'u':
            case 'U': {
                int digits = e == 'u' ? 4 : 8;
                cp = 0;
                for (int k = 0; k < digits && p->pos < p->len; k++, p->pos++) {
                    char h = p->s[p->pos];
                    int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 :
                            h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                    if (v < 0) break;
                    cp = cp * 16 + v;
                }
                if (cp > 0x10FFFF) cp = 0xFFFD;
                break;
            }
            default: break;
            }
            if (emit) {
                if (cp >= 0) {
                    put_code_point(&t->out, cp);
                } else {
                    kr_buf_putc(&t->out, '\\');
                    kr_buf_putc(&t->out, e);
                }
            }
            continue;
        }
        if (emit) kr_buf_putc(&t->out, c);
        p->pos++;
    }
    return p->limit ? T_ERR : T_END;
}

/* Runs a whole template at the cursor; `quoted`: a "..." string (the cursor
 * past its opening quote). */
static const kr_node *render(parser *p, bool quoted)
{
    kr_arena *a = p->ev->arena;
    tmpl t = {.quoted = quoted};
    kr_buf_init(&t.out, 0);
    int r = tmpl_run(p, &t, true, 0);
    const kr_node *v;
    if (p->limit) v = p->limit;
    else if (r == T_ELSE || r == T_ENDIF || r == T_ENDFOR) v = syntax(p, "a template directive without its opening one");
    else if (r == T_ERR) v = syntax(p, "a template directive or interpolation that is not closed");
    else if (quoted && r != T_CLOSE) v = syntax(p, "a string without its closing quote");
    else if (t.unk) v = t.unk;
    else v = with_origin_of(mk_str(a, t.out.len ? t.out.ptr : "", t.out.len), t.from, NULL);
    kr_buf_dispose(&t.out);
    return v;
}

static const kr_node *parse_template(parser *p)
{
    p->pos++; /* the opening quote */
    return render(p, true);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* <<EOT / <<-EOT at the cursor: the lines up to the one holding only the
 * marker (which may be indented); `<<-` removes the smallest indentation of
 * the lines that are not blank (spaces and tabs count one each), as
 * Terraform does; then the body is a template without escapes. */
static const kr_node *parse_heredoc(parser *p)
{
    kr_arena *a = p->ev->arena;
    p->pos += 2;
    bool flush = p->pos < p->len && p->s[p->pos] == '-';
    if (flush) p->pos++;
    size_t ms = p->pos;
    while (p->pos < p->len && is_id_char(p->s[p->pos])) p->pos++;
    size_t ml = p->pos - ms;
    if (!ml || p->pos >= p->len || (p->s[p->pos] != '\n' && p->s[p->pos] != '\r'))
        return syntax(p, "a heredoc without its marker");
    while (p->pos < p->len && p->s[p->pos] != '\n') p->pos++;
    size_t from = ++p->pos, to = 0, after = 0;
    bool found = false;
    for (size_t i = from; i <= p->len && !found;) {
        size_t b = i;
        while (b < p->len && is_blank(p->s[b])) b++;
        size_t e = b;
        while (e < p->len && p->s[e] != '\n' && p->s[e] != '\r') e++;
        if (e - b == ml && memcmp(p->s + b, p->s + ms, ml) == 0) {
            to = i;
            after = e;
            found = true;
            break;
        }
        if (e >= p->len) break;
        i = e + (p->s[e] == '\r' && e + 1 < p->len && p->s[e + 1] == '\n' ? 2 : 1);
    }
    if (!found) return syntax(p, "a heredoc without its closing marker");
    size_t strip = 0;
    if (flush) {
        strip = (size_t)-1;
        for (size_t i = from; i < to;) {
            size_t ws = 0;
            while (i + ws < to && is_blank(p->s[i + ws])) ws++;
            bool blank = i + ws >= to || p->s[i + ws] == '\n' || p->s[i + ws] == '\r';
            if (!blank && ws < strip) strip = ws;
            while (i < to && p->s[i] != '\n') i++;
            i++;
        }
        if (strip == (size_t)-1) strip = 0;
    }
    char *body = kr_arena_alloc(a, to - from + 1);
    size_t o = 0;
    for (size_t i = from; i < to;) {
        size_t skip = 0;
        while (skip < strip && i + skip < to && is_blank(p->s[i + skip])) skip++;
        i += skip;
        while (i < to && p->s[i] != '\n') body[o++] = p->s[i++];
        if (i < to) body[o++] = p->s[i++];
    }
    body[o] = '\0';
    const char *ss = p->s;
    size_t sl = p->len;
    p->s = body;
    p->len = o;
    p->pos = 0;
    const kr_node *v = render(p, false);
    p->s = ss;
    p->len = sl;
    p->pos = after;
    return v;
}

const kr_node *kr_tf__template(kr_tf_eval *ev, const char *text, size_t len, const kr_node *vars)
{
    kr_tf_eval sub = *ev;
    sub.lookup = NULL; /* a template file sees its variables only */
    parser p = {.ev = &sub, .s = text, .len = len, .tvars = vars};
    return render(&p, false);
}

/* ---- for expressions ------------------------------------------------------ */

/* The pairs of a map in lexical key order (Terraform iterates maps so). */
static const kr_pair **sorted_pairs(kr_arena *a, const kr_node *m)
{
    const kr_pair **o = kr_arena_alloc(a, sizeof(*o) * (m->npairs ? m->npairs : 1));
    for (size_t i = 0; i < m->npairs; i++) o[i] = &m->pairs[i];
    for (size_t i = 1; i < m->npairs; i++)
        for (size_t j = i; j > 0 && strcmp(o[j - 1]->key->text, o[j]->key->text) > 0; j--) {
            const kr_pair *x = o[j];
            o[j] = o[j - 1];
            o[j - 1] = x;
        }
    return o;
}

/* At `[` or `{`: when a `for` follows, evaluates the whole for expression
 * into *out and returns true; else steps over the bracket, false.
 *   [for k, v in coll : value if cond]
 *   {for k, v in coll : key => value... if cond}
 * A collection, key or condition that is unknown makes the result unknown;
 * the body is read once even for an empty collection (to find the end). */
static bool parse_for(parser *p, const kr_node **out)
{
    kr_arena *a = p->ev->arena;
    bool object = p->s[p->pos] == '{';
    size_t start = p->pos;
    p->pos++;
    const char *id;
    size_t n = ident(p, &id);
    if (n != 3 || memcmp(id, "for", 3) != 0 || peek(p, "=") || peek(p, ":") || peek(p, ",")) {
        p->pos = start + 1;
        return false;
    }
    const char *n1 = NULL, *n2 = NULL;
    size_t l1 = ident(p, &n1), l2 = 0;
    if (l1 && accept(p, ",")) l2 = ident(p, &n2);
    const char *kw;
    if (!l1 || ident(p, &kw) != 2 || memcmp(kw, "in", 2) != 0) {
        *out = syntax(p, "a for expression without `in`");
        return true;
    }
    const kr_node *coll = parse_expr(p);
    if (!accept(p, ":")) {
        *out = syntax(p, "a for expression without ':'");
        return true;
    }
    if (p->nbinds + 2 > KR_TF_MAX_BINDINGS) {
        *out = kr_tf_unknown(a, "for expressions nest deeper than %u names", KR_TF_MAX_BINDINGS);
        return true;
    }
    bool known = !kr_tf_is_unknown(coll) && (coll->kind == KR_NODE_SEQ || coll->kind == KR_NODE_MAP);
    const kr_node *unk = known ? NULL : kr_tf_is_unknown(coll) ? coll :
                         kr_tf__error(a, "a for expression over a value that is not a collection");
    size_t count = known ? (coll->kind == KR_NODE_SEQ ? coll->nitems : coll->npairs) : 0;
    const kr_pair **pairs = known && coll->kind == KR_NODE_MAP ? sorted_pairs(a, coll) : NULL;
    kr_node *res = object ? kr_node_new(a, KR_NODE_MAP, NOSPAN) : kr_node_new(a, KR_NODE_SEQ, NOSPAN);
    bool grouped = false;
    size_t body = p->pos, end = p->pos;
    unsigned base = p->nbinds;
    p->nbinds += l2 ? 2 : 1;
    for (size_t i = 0; i < (count ? count : 1) && !p->limit; i++) {
        bool dry = count == 0;
        const kr_node *k, *v;
        if (dry) {
            k = v = plain_unknown(a);
        } else if (coll->kind == KR_NODE_SEQ) {
            k = mk_num(a, (double)i);
            v = coll->items[i];
        } else {
            k = pairs[i]->key;
            v = pairs[i]->value;
        }
        p->binds[base] = (binding){n1, l1, l2 ? k : v};
        if (l2) p->binds[base + 1] = (binding){n2, l2, v};
        p->pos = body;
        const kr_node *key = NULL;
        if (object) {
            key = parse_expr(p);
            if (!accept(p, "=>")) {
                unk = syntax(p, "an object for expression without =>");
                break;
            }
        }
        const kr_node *val = parse_expr(p);
        if (object && accept(p, "...")) grouped = true;
        const kr_node *cond = NULL;
        const char *ifw;
        size_t save = p->pos;
        if (ident(p, &ifw) == 2 && memcmp(ifw, "if", 2) == 0) cond = parse_expr(p);
        else p->pos = save;
        if (!accept(p, object ? "}" : "]")) {
            unk = syntax(p, "a for expression without its closing bracket");
            break;
        }
        end = p->pos;
        if (dry || unk) continue;
        if (cond) {
            bool b;
            if (kr_tf_is_unknown(cond)) {
                unk = cond;
                continue;
            }
            if (to_bool(&b, cond) != 0) {
                unk = kr_tf__error(a, "a for expression's condition is not a bool");
                continue;
            }
            if (!b) continue;
        }
        if (!object) {
            kr_node_seq_push(a, res, mut(val));
            continue;
        }
        const char *ks = kr_tf_is_unknown(key) ? NULL : kr_tf_to_string(a, key);
        if (!ks) {
            unk = kr_tf_is_unknown(key) ? key : kr_tf__error(a, "a for expression's key is not a string");
            continue;
        }
        kr_node *have = kr_node_get(res, ks);
        if (grouped) {
            if (!have) {
                have = kr_node_new(a, KR_NODE_SEQ, NOSPAN);
                kr_node_map_put(a, res, mk_str(a, ks, strlen(ks)), have);
            }
            kr_node_seq_push(a, have, mut(val));
        } else if (have) {
            unk = kr_tf__error(a, "a for expression makes the key \"%s\" twice (without ...)", ks);
        } else {
            kr_node_map_put(a, res, mk_str(a, ks, strlen(ks)), mut(val));
        }
    }
    p->nbinds = base;
    p->pos = end;
    *out = p->limit ? p->limit : unk ? unk : res;
    return true;
}

/* [ a, b, ... ] or [for ...]. */
static const kr_node *parse_tuple(parser *p)
{
    kr_arena *a = p->ev->arena;
    const kr_node *f;
    if (parse_for(p, &f)) return f;
    kr_node *seq = kr_node_new(a, KR_NODE_SEQ, NOSPAN);
    while (!accept(p, "]")) {
        if (p->pos >= p->len || p->limit) return p->limit ? p->limit : syntax(p, "an unclosed tuple");
        const kr_node *v = parse_expr(p);
        /* an unknown item is kept in place: the list itself is known */
        kr_node_seq_push(a, seq, mut(v));
        if (!accept(p, ",") && !peek(p, "]")) return syntax(p, "a tuple item without a comma");
    }
    return seq;
}

/* { k = v, ... } or {for ...}. */
static const kr_node *parse_object(parser *p)
{
    kr_arena *a = p->ev->arena;
    const kr_node *f;
    if (parse_for(p, &f)) return f;
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

/* name( args ) - the name is read, p->pos is at '('. f(list...) spreads
 * the last argument's items. */
static const kr_node *parse_call(parser *p, const char *name)
{
    kr_arena *a = p->ev->arena;
    p->pos++;
    KR_ARRAY(const kr_node *) args = {0};
    bool expand = false;
    const kr_node *r = NULL;
    while (!accept(p, ")")) {
        if (p->pos >= p->len || p->limit) {
            r = p->limit ? p->limit : syntax(p, "an unclosed call");
            goto out;
        }
        const kr_node *v = parse_expr(p);
        kr_array_push(&args, v);
        if (accept(p, "...")) expand = true;
        if (!accept(p, ",") && !peek(p, ")")) {
            r = syntax(p, "a call argument without a comma");
            goto out;
        }
    }
    if (p->limit) {
        r = p->limit;
        goto out;
    }
    if (p->tvars && strcmp(name, "templatefile") == 0) {
        r = kr_tf__error(a, "templatefile(): a template cannot call templatefile()");
        goto out;
    }
    if (expand && args.len > 0) {
        const kr_node *last = args.items[args.len - 1];
        if (kr_tf_is_unknown(last)) {
            r = last;
            goto out;
        }
        if (last->kind != KR_NODE_SEQ) {
            r = kr_tf__error(a, "%s(): ... expands a value that is not a list", name);
            goto out;
        }
        args.len--;
        for (size_t i = 0; i < last->nitems; i++) kr_array_push(&args, (const kr_node *)last->items[i]);
    }
    r = kr_tf__call(p->ev, name, args.items, args.len);
out:
    kr_array_dispose(&args);
    return r;
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
        if (!r) return kr_tf__error(a, "the map has no element \"%s\"", ks ? ks : "?");
        return r;
    }
    if (v->kind == KR_NODE_SEQ) {
        double d;
        if (kr_tf_to_number(&d, k) != 0 || d < 0 || d != floor(d) || d >= (double)v->nitems)
            return kr_tf__error(a, "the index is out of range of the list");
        return v->items[(size_t)d];
    }
    return kr_tf__error(a, "a value that is not a list or a map is indexed");
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
    if (c == '<' && p->pos + 1 < p->len && p->s[p->pos + 1] == '<') return parse_heredoc(p);
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
    for (unsigned i = p->nbinds; i-- > 0;)
        if (p->binds[i].len == n && memcmp(p->binds[i].name, id, n) == 0) return p->binds[i].value;
    if (p->tvars) {
        char *nm = kr_arena_strndup(a, id, n);
        const kr_node *v = kr_node_get(p->tvars, nm);
        if (v) return v;
        if (!peek(p, "::")) return kr_tf__error(a, "the template refers to %s, which is not among its variables", nm);
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
        if (to_bool(&b, v) != 0) return kr_tf__error(a, "! is applied to a value that is not a bool");
        return with_origin_of(mk_bool(a, !b), v, NULL);
    }
    if (peek(p, "-") && !peek(p, "->")) {
        p->pos++;
        p->depth++;
        const kr_node *v = parse_unary(p);
        p->depth--;
        if (kr_tf_is_unknown(v)) return v;
        double d;
        if (kr_tf_to_number(&d, v) != 0) return kr_tf__error(a, "- is applied to a value that is not a number");
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
        return kr_tf__error(a, "'%c' is applied to a value that is not a number", op);
    double z;
    switch (op) {
    case '+': z = x + y; break;
    case '-': z = x - y; break;
    case '*': z = x * y; break;
    case '/':
        if (y == 0) return kr_tf__error(a, "a division by zero");
        z = x / y;
        break;
    default:
        if (y == 0) return kr_tf__error(a, "a modulo by zero");
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
            l = kr_tf__error(a, "a comparison of values that are not numbers");
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
        return kr_tf__error(a, "%s is applied to a value that is not a bool", is_and ? "&&" : "||");
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
        if (to_bool(&b, c) != 0) return kr_tf__error(a, "a condition that is not a bool");
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

