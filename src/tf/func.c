/* func.c - the built-in functions of the Terraform evaluator (see the internal part of expr.h).
 *
 * Terraform's results, checked against its documentation: strings (lower
 * upper title trimspace trim trimprefix trimsuffix chomp format formatlist
 * join split replace substr startswith endswith strcontains), conversions
 * (tostring tonumber tobool tolist toset tomap), collections (length merge
 * concat lookup coalesce coalescelist contains keys values element slice
 * reverse range zipmap one sum alltrue anytrue flatten distinct compact),
 * numbers (min max abs ceil floor), errors (try can), encodings (jsonencode
 * jsondecode yamldecode), files (file fileexists templatefile basename
 * dirname) and IPv4 networks (cidrsubnet cidrsubnets cidrhost cidrnetmask).
 *
 * file() and templatefile() read relative to the module folder and only
 * inside it (a path leading out of it, through `..` or a symbolic link, is
 * an unknown saying so, and nothing is read); a file larger than
 * KR_TF_MAX_FILE_BYTES is an unknown too.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "tf/expr.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"

static const kr_node *fn_error(kr_tf_eval *ev, const char *name, const char *why)
{
    return kr_tf__error(ev->arena, "%s(): %s", name, why);
}

static void flatten_into(kr_arena *a, kr_node *out, const kr_node *v, unsigned depth)
{
    if (v->kind == KR_NODE_SEQ && depth < KR_TF_MAX_NESTING) {
        for (size_t i = 0; i < v->nitems; i++) flatten_into(a, out, v->items[i], depth + 1);
        return;
    }
    kr_node_seq_push(a, out, kr_tf__mut(v));
}

static bool is_str(const kr_node *v)
{
    return v && v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_STRING;
}

/* ---- JSON ----------------------------------------------------------------- */

/* Go's encoding/json string escaping, which Terraform's jsonencode uses:
 * " \ and control characters, and also < > & U+2028 U+2029 (HTML-safe);
 * invalid UTF-8 becomes U+FFFD. */
static void json_string(kr_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    kr_buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            switch (c) {
            case '"': kr_buf_puts(b, "\\\""); continue;
            case '\\': kr_buf_puts(b, "\\\\"); continue;
            case '\n': kr_buf_puts(b, "\\n"); continue;
            case '\r': kr_buf_puts(b, "\\r"); continue;
            case '\t': kr_buf_puts(b, "\\t"); continue;
            case '\b': kr_buf_puts(b, "\\b"); continue;
            case '\f': kr_buf_puts(b, "\\f"); continue;
            default: break;
            }
            if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                kr_buf_puts(b, "\\u00");
                kr_buf_putc(b, hex[c >> 4]);
                kr_buf_putc(b, hex[c & 15]);
                continue;
            }
            kr_buf_putc(b, (char)c);
            continue;
        }
        /* a UTF-8 sequence: its length, and whether it is well formed */
        size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (c >= 0xF5) len = 0;
        bool ok = len > 0 && i + len <= n;
        uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; ok && k < len; k++) {
            unsigned char d = (unsigned char)s[i + k];
            if ((d & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
            ok = false;
        if (!ok) {
            kr_buf_puts(b, "\\ufffd");
            i++;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) kr_buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
        else kr_buf_put(b, s + i, len);
        i += len;
    }
    kr_buf_putc(b, '"');
}

static int cmp_pair_key(const void *x, const void *y)
{
    const kr_pair *const *a = x, *const *b = y;
    return strcmp((*a)->key->text, (*b)->key->text);
}

/* Writes v as Terraform's jsonencode does (object keys sorted, no spaces).
 * Returns the first unknown met, or NULL. */
static const kr_node *json_encode(kr_buf *b, const kr_node *v, unsigned depth)
{
    if (kr_tf_is_unknown(v)) return v;
    if (depth >= KR_TF_MAX_NESTING) return v; /* caller turns a non-NULL known into an error */
    if (v->kind == KR_NODE_MAP) {
        size_t n = v->npairs;
        const kr_pair **order = kr_xmalloc(sizeof(*order) * (n ? n : 1));
        for (size_t i = 0; i < n; i++) order[i] = &v->pairs[i];
        qsort(order, n, sizeof *order, cmp_pair_key);
        kr_buf_putc(b, '{');
        const kr_node *u = NULL;
        for (size_t i = 0; i < n && !u; i++) {
            if (i) kr_buf_putc(b, ',');
            json_string(b, order[i]->key->text, order[i]->key->text_len);
            kr_buf_putc(b, ':');
            u = json_encode(b, order[i]->value, depth + 1);
        }
        free(order);
        kr_buf_putc(b, '}');
        return u;
    }
    if (v->kind == KR_NODE_SEQ) {
        kr_buf_putc(b, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            if (i) kr_buf_putc(b, ',');
            const kr_node *u = json_encode(b, v->items[i], depth + 1);
            if (u) return u;
        }
        kr_buf_putc(b, ']');
        return NULL;
    }
    switch (v->stype) {
    case KR_SCALAR_NULL: kr_buf_puts(b, "null"); break;
    case KR_SCALAR_BOOL: kr_buf_puts(b, v->v.b ? "true" : "false"); break;
    case KR_SCALAR_INT:
    case KR_SCALAR_FLOAT: kr_buf_put(b, v->text, v->text_len); break;
    default: json_string(b, v->text, v->text_len); break;
    }
    return NULL;
}

/* jp - a cursor over JSON text being decoded. */
typedef struct jp {
    kr_arena *a;
    const char *s;
    size_t len, pos;
    const char *err; /* the first error, static text */
} jp;

static void jp_ws(jp *j)
{
    while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]) && j->s[j->pos]) j->pos++;
}

static int jp_hex4(jp *j, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        if (j->pos >= j->len) return -1;
        char h = j->s[j->pos++];
        int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 :
                h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + (uint32_t)d;
    }
    *out = v;
    return 0;
}

static void put_utf8(kr_buf *b, uint32_t cp)
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

static kr_node *jp_string(jp *j)
{
    j->pos++; /* the quote */
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_node *r = NULL;
    while (j->pos < j->len) {
        char c = j->s[j->pos++];
        if (c == '"') {
            r = kr_tf__str(j->a, b.len ? b.ptr : "", b.len);
            break;
        }
        if ((unsigned char)c < 0x20) {
            j->err = "a control character in a string";
            break;
        }
        if (c != '\\') {
            kr_buf_putc(&b, c);
            continue;
        }
        if (j->pos >= j->len) break;
        char e = j->s[j->pos++];
        uint32_t cp = 0;
        switch (e) {
        case '"': kr_buf_putc(&b, '"'); continue;
        case '\\': kr_buf_putc(&b, '\\'); continue;
        case '/': kr_buf_putc(&b, '/'); continue;
        case 'b': kr_buf_putc(&b, '\b'); continue;
        case 'f': kr_buf_putc(&b, '\f'); continue;
        case 'n': kr_buf_putc(&b, '\n'); continue;
        case 'r': kr_buf_putc(&b, '\r'); continue;
        case 't': kr_buf_putc(&b, '\t'); continue;
        case 'u':
            if (jp_hex4(j, &cp) != 0) {
                j->err = "a bad \\u escape";
                goto out;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && j->pos + 1 < j->len && j->s[j->pos] == '\\' &&
                j->s[j->pos + 1] == 'u') {
                size_t save = j->pos;
                uint32_t lo = 0;
                j->pos += 2;
                if (jp_hex4(j, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    j->pos = save;
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD; /* a lone surrogate */
            put_utf8(&b, cp);
            continue;
        default:
            j->err = "a bad escape in a string";
            goto out;
        }
    }
out:
    if (!r && !j->err) j->err = "a string without its closing quote";
    kr_buf_dispose(&b);
    return r;
}

static kr_node *jp_value(jp *j, unsigned depth)
{
    jp_ws(j);
    if (j->err) return NULL;
    if (depth >= KR_TF_MAX_NESTING) {
        j->err = "the JSON nests too deeply";
        return NULL;
    }
    if (j->pos >= j->len) {
        j->err = "a missing value";
        return NULL;
    }
    char c = j->s[j->pos];
    if (c == '"') return jp_string(j);
    if (c == '{') {
        j->pos++;
        kr_node *m = kr_tf__map(j->a);
        jp_ws(j);
        if (j->pos < j->len && j->s[j->pos] == '}') {
            j->pos++;
            return m;
        }
        for (;;) {
            jp_ws(j);
            if (j->pos >= j->len || j->s[j->pos] != '"') {
                j->err = "an object key that is not a string";
                return NULL;
            }
            kr_node *k = jp_string(j);
            if (!k) return NULL;
            jp_ws(j);
            if (j->pos >= j->len || j->s[j->pos] != ':') {
                j->err = "an object key without ':'";
                return NULL;
            }
            j->pos++;
            kr_node *v = jp_value(j, depth + 1);
            if (!v) return NULL;
            /* a repeated key: the last one wins, as in Go */
            bool put = false;
            for (size_t i = 0; i < m->npairs && !put; i++)
                if (strcmp(m->pairs[i].key->text, k->text) == 0) {
                    m->pairs[i].value = v;
                    put = true;
                }
            if (!put) kr_node_map_put(j->a, m, k, v);
            jp_ws(j);
            if (j->pos < j->len && j->s[j->pos] == ',') {
                j->pos++;
                continue;
            }
            if (j->pos < j->len && j->s[j->pos] == '}') {
                j->pos++;
                return m;
            }
            j->err = "an object without its closing brace";
            return NULL;
        }
    }
    if (c == '[') {
        j->pos++;
        kr_node *seq = kr_tf__seq(j->a);
        jp_ws(j);
        if (j->pos < j->len && j->s[j->pos] == ']') {
            j->pos++;
            return seq;
        }
        for (;;) {
            kr_node *v = jp_value(j, depth + 1);
            if (!v) return NULL;
            kr_node_seq_push(j->a, seq, v);
            jp_ws(j);
            if (j->pos < j->len && j->s[j->pos] == ',') {
                j->pos++;
                continue;
            }
            if (j->pos < j->len && j->s[j->pos] == ']') {
                j->pos++;
                return seq;
            }
            j->err = "an array without its closing bracket";
            return NULL;
        }
    }
    static const struct { const char *w; int t; } words[] = {{"true", 1}, {"false", 0}, {"null", 2}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].w);
        if (j->pos + n <= j->len && memcmp(j->s + j->pos, words[i].w, n) == 0) {
            j->pos += n;
            return words[i].t == 2 ? kr_tf__null(j->a) : kr_tf__bool(j->a, words[i].t == 1);
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        size_t s = j->pos;
        if (j->s[j->pos] == '-') j->pos++;
        while (j->pos < j->len && strchr("0123456789.eE+-", j->s[j->pos]) && j->s[j->pos]) j->pos++;
        char tmp[64];
        size_t n = j->pos - s;
        if (n == 0 || n >= sizeof tmp) {
            j->err = "a bad number";
            return NULL;
        }
        memcpy(tmp, j->s + s, n);
        tmp[n] = '\0';
        char *end = NULL;
        double d = strtod(tmp, &end);
        if (!end || *end || !isfinite(d)) {
            j->err = "a bad number";
            return NULL;
        }
        return kr_tf__num(j->a, d);
    }
    j->err = "an unexpected character";
    return NULL;
}

const kr_node *kr_tf__json_decode(kr_arena *a, const char *text, size_t len, const char **err)
{
    jp j = {.a = a, .s = text, .len = len};
    kr_node *v = jp_value(&j, 0);
    jp_ws(&j);
    if (v && j.pos < j.len) {
        v = NULL;
        j.err = "text after the JSON value";
    }
    if (!v && err) *err = j.err ? j.err : "not JSON";
    return v;
}

/* A copy of a YAML document's node in the evaluation arena (the doc is
 * freed after). Tagged nodes other than the standard ones are not data. */
static kr_node *copy_yaml(kr_arena *a, const kr_node *n, unsigned depth, const char **err)
{
    if (depth >= KR_TF_MAX_NESTING) {
        *err = "the YAML nests too deeply";
        return NULL;
    }
    if (n->tag || n->kind == KR_NODE_EXPR) {
        *err = "the YAML holds a tag Terraform does not decode";
        return NULL;
    }
    if (n->kind == KR_NODE_MAP) {
        kr_node *m = kr_tf__map(a);
        for (size_t i = 0; i < n->npairs; i++) {
            kr_node *v = copy_yaml(a, n->pairs[i].value, depth + 1, err);
            if (!v) return NULL;
            kr_node_map_put(a, m, kr_tf__str(a, n->pairs[i].key->text, n->pairs[i].key->text_len), v);
        }
        return m;
    }
    if (n->kind == KR_NODE_SEQ) {
        kr_node *s = kr_tf__seq(a);
        for (size_t i = 0; i < n->nitems; i++) {
            kr_node *v = copy_yaml(a, n->items[i], depth + 1, err);
            if (!v) return NULL;
            kr_node_seq_push(a, s, v);
        }
        return s;
    }
    switch (n->stype) {
    case KR_SCALAR_NULL: return kr_tf__null(a);
    case KR_SCALAR_BOOL: return kr_tf__bool(a, n->v.b);
    case KR_SCALAR_INT: return kr_tf__num(a, (double)n->v.i);
    case KR_SCALAR_FLOAT: return kr_tf__num(a, n->v.f);
    default: return kr_tf__str(a, n->text, n->text_len);
    }
}

static const kr_node *yaml_decode(kr_tf_eval *ev, const char *text, size_t len)
{
    kr_doc d;
    kr_diags dg;
    kr_diags_init(&dg);
    kr_doc_init(&d, "yamldecode", text, len);
    const kr_node *r;
    if (kr_doc_parse_yaml(&d, &dg) != 0) {
        r = fn_error(ev, "yamldecode", "the text is not YAML");
    } else if (d.nroots > 1) {
        r = fn_error(ev, "yamldecode", "the text holds more than one YAML document");
    } else if (d.nroots == 0 || !d.roots[0]) {
        r = kr_tf__null(ev->arena);
    } else {
        const char *err = NULL;
        r = copy_yaml(ev->arena, d.roots[0], 0, &err);
        if (!r) r = fn_error(ev, "yamldecode", err ? err : "the YAML cannot be decoded");
    }
    kr_doc_dispose(&d);
    kr_diags_dispose(&dg);
    return r;
}

/* ---- files ---------------------------------------------------------------- */

/* Reads `path` for file()/templatefile(): relative paths are relative to the
 * module folder (path.module already leads with it); the real path must be
 * inside the module folder's real path. Returns the text (arena) or NULL
 * with *why set. */
static char *read_confined(kr_tf_eval *ev, const char *fn, const char *path, size_t *len, const kr_node **why)
{
    kr_arena *a = ev->arena;
    const char *dir = ev->dir && ev->dir[0] ? ev->dir : ".";
    size_t dl = strlen(dir);
    const char *full = path;
    if (path[0] != '/' && !(strncmp(path, dir, dl) == 0 && path[dl] == '/') && strcmp(dir, ".") != 0)
        full = kr_arena_printf(a, "%s/%s", dir, path);
    char real_dir[PATH_MAX], real_file[PATH_MAX];
    if (!realpath(dir, real_dir)) {
        *why = kr_tf__error(a, "%s(): the module folder cannot be resolved", fn);
        return NULL;
    }
    if (!realpath(full, real_file)) {
        *why = kr_tf__error(a, "%s(): %s does not exist", fn, path);
        return NULL;
    }
    size_t rl = strlen(real_dir);
    bool inside = strncmp(real_file, real_dir, rl) == 0 && (real_file[rl] == '/' || rl == 1);
    if (!inside) {
        *why = kr_tf__error(a, "%s(): %s is outside the module folder, which krewlint does not read", fn, path);
        return NULL;
    }
    char *data = NULL;
    size_t n = 0;
    const char *err = NULL;
    int rc = kr_fs_read(&data, &n, real_file, &err);
    if (rc != 0 || n > KR_TF_MAX_FILE_BYTES) {
        free(data);
        *why = kr_tf__error(a, rc == 0 || rc == KR_ELIMIT ? "%s(): %s is larger than krewlint reads" :
                                                            "%s(): %s cannot be read", fn, path);
        return NULL;
    }
    char *out = kr_arena_strndup(a, data, n);
    free(data);
    if (memchr(out, '\0', n)) {
        *why = kr_tf__error(a, "%s(): %s is not UTF-8 text", fn, path);
        return NULL;
    }
    *len = n;
    return out;
}

/* ---- IPv4 networks -------------------------------------------------------- */

static int parse_ipv4(uint32_t *out, const char *s, const char **end)
{
    uint32_t ip = 0;
    for (int k = 0; k < 4; k++) {
        if (*s < '0' || *s > '9') return -1;
        unsigned v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(*s++ - '0');
            digits++;
        }
        if (v > 255 || digits > 3) return -1;
        ip = (ip << 8) | v;
        if (k < 3 && *s++ != '.') return -1;
    }
    *out = ip;
    *end = s;
    return 0;
}

/* "a.b.c.d/n": the network address (host bits cleared, as Go's ParseCIDR)
 * and n; 0, -1 not IPv4 CIDR, -2 IPv6. */
static int parse_cidr(uint32_t *net, unsigned *bits, const char *s)
{
    if (strchr(s, ':')) return -2;
    const char *e;
    uint32_t ip;
    if (parse_ipv4(&ip, s, &e) != 0 || *e != '/') return -1;
    e++;
    if (*e < '0' || *e > '9') return -1;
    unsigned n = 0;
    while (*e >= '0' && *e <= '9' && n <= 32) n = n * 10 + (unsigned)(*e++ - '0');
    if (*e || n > 32) return -1;
    uint32_t mask = n ? (uint32_t)(0xFFFFFFFFu << (32 - n)) : 0;
    *net = ip & mask;
    *bits = n;
    return 0;
}

static uint32_t mask_of(unsigned bits)
{
    return bits ? (uint32_t)(0xFFFFFFFFu << (32 - bits)) : 0;
}

static const char *ip_text(kr_arena *a, uint32_t ip)
{
    return kr_arena_printf(a, "%u.%u.%u.%u", (ip >> 24) & 255, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

static const kr_node *cidr_arg(kr_tf_eval *ev, const char *fn, const kr_node *v, uint32_t *net, unsigned *bits)
{
    const char *s = kr_tf_to_string(ev->arena, v);
    int rc = s ? parse_cidr(net, bits, s) : -1;
    if (rc == -2) return fn_error(ev, fn, "IPv6 prefixes are not evaluated by krewlint");
    if (rc != 0) return fn_error(ev, fn, "needs an IPv4 prefix in CIDR notation");
    return NULL;
}

static int whole(double *out, const kr_node *v)
{
    double d;
    if (kr_tf_to_number(&d, v) != 0 || d != floor(d)) return -1;
    *out = d;
    return 0;
}

/* ---- the functions ------------------------------------------------------ */

static const kr_node *more_functions(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs);

const kr_node *kr_tf__call(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs)
{
    kr_arena *a = ev->arena;
    /* try / can: errors are values to them; an unknown that is not an error
     * (a value known only after apply) keeps the result unknown */
    if (strcmp(name, "try") == 0) {
        for (size_t i = 0; i < nargs; i++) {
            if (!kr_tf_is_unknown(args[i])) return args[i];
            if (!kr_tf__is_error(args[i])) return args[i];
        }
        return nargs ? args[nargs - 1] : fn_error(ev, name, "needs at least one argument");
    }
    if (strcmp(name, "can") == 0) {
        if (nargs != 1) return fn_error(ev, name, "takes one argument");
        if (kr_tf_is_unknown(args[0]) && !kr_tf__is_error(args[0])) return args[0];
        return kr_tf__bool(a, !kr_tf_is_unknown(args[0]));
    }
    /* functions that accept unknown items inside collections decide below;
     * an unknown argument as a whole makes the result unknown */
    for (size_t i = 0; i < nargs; i++)
        if (kr_tf_is_unknown(args[i]) && strcmp(name, "coalesce") != 0) return args[i];
    const kr_node *a0 = nargs > 0 ? args[0] : NULL;
    const kr_node *a1 = nargs > 1 ? args[1] : NULL;

#define NEED(n) do { if (nargs != (n)) return fn_error(ev, name, "takes " #n " argument(s)"); } while (0)
    if (strcmp(name, "lower") == 0 || strcmp(name, "upper") == 0 || strcmp(name, "trimspace") == 0) {
        NEED(1);
        const char *s = kr_tf_to_string(a, a0);
        if (!s) return fn_error(ev, name, "needs a string");
        size_t n = strlen(s);
        if (name[0] == 't') {
            size_t b = 0, e = n;
            while (b < e && strchr(" \t\r\n\v\f", s[b])) b++;
            while (e > b && strchr(" \t\r\n\v\f", s[e - 1])) e--;
            return kr_tf__with_origin(kr_tf__str(a, s + b, e - b), a0, NULL);
        }
        char *o = kr_arena_strndup(a, s, n);
        for (size_t i = 0; i < n; i++) {
            if (name[0] == 'l' && o[i] >= 'A' && o[i] <= 'Z') o[i] = (char)(o[i] - 'A' + 'a');
            if (name[0] == 'u' && o[i] >= 'a' && o[i] <= 'z') o[i] = (char)(o[i] - 'a' + 'A');
        }
        return kr_tf__with_origin(kr_tf__str(a, o, n), a0, NULL);
    }
    if (strcmp(name, "tostring") == 0) {
        NEED(1);
        if (kr_tf__is_null(a0)) return a0;
        const char *s = kr_tf_to_string(a, a0);
        if (!s) return fn_error(ev, name, "needs a string, number or bool");
        return kr_tf__with_origin(kr_tf__str(a, s, strlen(s)), a0, NULL);
    }
    if (strcmp(name, "tonumber") == 0) {
        NEED(1);
        if (kr_tf__is_null(a0)) return a0;
        double d;
        if (kr_tf_to_number(&d, a0) != 0) return fn_error(ev, name, "cannot convert the value to a number");
        return kr_tf__with_origin(kr_tf__num(a, d), a0, NULL);
    }
    if (strcmp(name, "tobool") == 0) {
        NEED(1);
        if (kr_tf__is_null(a0)) return a0;
        bool b;
        if (kr_tf__to_bool(&b, a0) != 0) return fn_error(ev, name, "cannot convert the value to a bool");
        return kr_tf__with_origin(kr_tf__bool(a, b), a0, NULL);
    }
    if (strcmp(name, "tolist") == 0 || strcmp(name, "toset") == 0 || strcmp(name, "tomap") == 0) {
        NEED(1);
        bool map = name[2] == 'm';
        if (map ? a0->kind != KR_NODE_MAP : a0->kind != KR_NODE_SEQ)
            return fn_error(ev, name, map ? "needs an object or map" : "needs a list, set or tuple");
        if (name[2] != 's') return a0;
        /* a set: duplicates dropped, strings in lexical order */
        kr_node *out = kr_tf__seq(a);
        for (size_t i = 0; i < a0->nitems; i++) {
            bool dup = false;
            for (size_t j = 0; j < out->nitems && !dup; j++) dup = kr_tf__equal(out->items[j], a0->items[i]);
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
        if (a0->kind == KR_NODE_SEQ) return kr_tf__num(a, (double)a0->nitems);
        if (a0->kind == KR_NODE_MAP) return kr_tf__num(a, (double)a0->npairs);
        const char *s = kr_tf_to_string(a, a0);
        if (!s || a0->stype != KR_SCALAR_STRING) return fn_error(ev, name, "needs a string, list or map");
        size_t chars = 0;
        for (const char *c = s; *c; c++) chars += ((unsigned char)*c & 0xC0) != 0x80;
        return kr_tf__with_origin(kr_tf__num(a, (double)chars), a0, NULL);
    }
    if (strcmp(name, "merge") == 0) {
        kr_node *out = kr_tf__map(a);
        for (size_t i = 0; i < nargs; i++) {
            if (kr_tf__is_null(args[i])) continue;
            if (args[i]->kind != KR_NODE_MAP) return fn_error(ev, name, "needs maps or objects");
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
        kr_node *out = kr_tf__seq(a);
        for (size_t i = 0; i < nargs; i++) {
            if (args[i]->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs lists");
            for (size_t k = 0; k < args[i]->nitems; k++) kr_node_seq_push(a, out, args[i]->items[k]);
        }
        return out;
    }
    if (strcmp(name, "lookup") == 0) {
        if (nargs != 2 && nargs != 3) return fn_error(ev, name, "takes 2 or 3 arguments");
        if (a0->kind != KR_NODE_MAP) return fn_error(ev, name, "needs a map");
        const char *k = kr_tf_to_string(a, a1);
        const kr_node *v = k ? kr_node_get(a0, k) : NULL;
        if (v) return v;
        if (nargs == 3) return args[2];
        return fn_error(ev, name, "the key is not in the map and there is no default");
    }
    if (strcmp(name, "coalesce") == 0) {
        for (size_t i = 0; i < nargs; i++) {
            if (kr_tf_is_unknown(args[i])) return args[i];
            if (kr_tf__is_null(args[i])) continue;
            if (args[i]->kind == KR_NODE_SCALAR && args[i]->stype == KR_SCALAR_STRING && args[i]->text_len == 0)
                continue;
            return args[i];
        }
        return fn_error(ev, name, "no non-null, non-empty argument");
    }
    if (strcmp(name, "coalescelist") == 0) {
        for (size_t i = 0; i < nargs; i++)
            if (args[i]->kind == KR_NODE_SEQ && args[i]->nitems > 0) return args[i];
        return fn_error(ev, name, "no non-empty list");
    }
    if (strcmp(name, "contains") == 0) {
        NEED(2);
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list or set");
        for (size_t i = 0; i < a0->nitems; i++) {
            if (kr_tf_is_unknown(a0->items[i])) return a0->items[i];
            if (kr_tf__equal(a0->items[i], a1)) return kr_tf__bool(a, true);
        }
        return kr_tf__bool(a, false);
    }
    if (strcmp(name, "keys") == 0 || strcmp(name, "values") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_MAP) return fn_error(ev, name, "needs a map or object");
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
        kr_node *out = kr_tf__seq(a);
        for (size_t i = 0; i < n; i++)
            kr_node_seq_push(a, out, name[0] == 'k' ? kr_tf__str(a, order[i]->key->text, order[i]->key->text_len)
                                                    : order[i]->value);
        return out;
    }
    if (strcmp(name, "element") == 0) {
        NEED(2);
        double d;
        if (a0->kind != KR_NODE_SEQ || kr_tf_to_number(&d, a1) != 0 || d < 0)
            return fn_error(ev, name, "needs a list and a non-negative index");
        if (a0->nitems == 0) return fn_error(ev, name, "cannot use element() with an empty list");
        return a0->items[(size_t)d % a0->nitems];
    }
    if (strcmp(name, "join") == 0) {
        NEED(2);
        const char *sep = kr_tf_to_string(a, a0);
        if (!sep || a1->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a separator and a list");
        kr_buf b;
        kr_buf_init(&b, 0);
        const kr_node *r = NULL;
        for (size_t i = 0; i < a1->nitems && !r; i++) {
            const char *s = kr_tf_to_string(a, a1->items[i]);
            if (kr_tf_is_unknown(a1->items[i])) r = a1->items[i];
            else if (!s) r = fn_error(ev, name, "needs a list of strings");
            else {
                if (i) kr_buf_puts(&b, sep);
                kr_buf_puts(&b, s);
            }
        }
        if (!r) r = kr_tf__str(a, b.len ? b.ptr : "", b.len);
        kr_buf_dispose(&b);
        return r;
    }
    if (strcmp(name, "split") == 0) {
        NEED(2);
        const char *sep = kr_tf_to_string(a, a0), *s = kr_tf_to_string(a, a1);
        if (!sep || !s) return fn_error(ev, name, "needs a separator and a string");
        kr_node *out = kr_tf__seq(a);
        size_t sl = strlen(sep);
        const char *c = s;
        if (sl == 0) {
            for (; *c; c++) kr_node_seq_push(a, out, kr_tf__str(a, c, 1));
            return out;
        }
        for (;;) {
            const char *e = strstr(c, sep);
            if (!e) {
                kr_node_seq_push(a, out, kr_tf__str(a, c, strlen(c)));
                return out;
            }
            kr_node_seq_push(a, out, kr_tf__str(a, c, (size_t)(e - c)));
            c = e + sl;
        }
    }
    if (strcmp(name, "replace") == 0) {
        NEED(3);
        const char *s = kr_tf_to_string(a, a0), *f = kr_tf_to_string(a, a1),
                   *r = kr_tf_to_string(a, args[2]);
        if (!s || !f || !r) return fn_error(ev, name, "needs three strings");
        size_t fl = strlen(f);
        if (fl > 1 && f[0] == '/' && f[fl - 1] == '/')
            return fn_error(ev, name, "regular-expression replacement is not evaluated");
        if (fl == 0) return kr_tf__with_origin(kr_tf__str(a, s, strlen(s)), a0, NULL);
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
        const kr_node *out = kr_tf__with_origin(kr_tf__str(a, b.len ? b.ptr : "", b.len), a0, NULL);
        kr_buf_dispose(&b);
        return out;
    }
    if (strcmp(name, "format") == 0) {
        if (nargs < 1) return fn_error(ev, name, "needs a format string");
        const char *f = kr_tf_to_string(a, a0);
        if (!f) return fn_error(ev, name, "needs a format string");
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
                r = fn_error(ev, name, "only %s, %d and %v verbs with enough arguments are evaluated");
                break;
            }
            const kr_node *v = args[ai++];
            double d;
            if (*c == 'd' && kr_tf_to_number(&d, v) == 0) {
                kr_buf_printf(&b, "%lld", (long long)d);
                continue;
            }
            const char *s = kr_tf_to_string(a, v);
            if (!s) r = fn_error(ev, name, "a verb gets a value that is not a string or number");
            else kr_buf_puts(&b, s);
        }
        if (!r) r = kr_tf__str(a, b.len ? b.ptr : "", b.len);
        kr_buf_dispose(&b);
        return r;
    }
    if (strcmp(name, "flatten") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list");
        kr_node *out = kr_tf__seq(a);
        flatten_into(a, out, a0, 0);
        return out;
    }
    if (strcmp(name, "distinct") == 0 || strcmp(name, "compact") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list");
        kr_node *out = kr_tf__seq(a);
        for (size_t i = 0; i < a0->nitems; i++) {
            const kr_node *v = a0->items[i];
            if (name[0] == 'c') {
                if (kr_tf__is_null(v) || (v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_STRING && v->text_len == 0))
                    continue;
                kr_node_seq_push(a, out, kr_tf__mut(v));
                continue;
            }
            bool dup = false;
            for (size_t j = 0; j < out->nitems && !dup; j++) dup = kr_tf__equal(out->items[j], v);
            if (!dup) kr_node_seq_push(a, out, kr_tf__mut(v));
        }
        return out;
    }
    if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) {
        if (nargs == 0) return fn_error(ev, name, "needs at least one number");
        double best = 0;
        const kr_node *from = NULL;
        for (size_t i = 0; i < nargs; i++) {
            double d;
            if (kr_tf_to_number(&d, args[i]) != 0) return fn_error(ev, name, "needs numbers");
            if (i == 0 || (name[1] == 'i' ? d < best : d > best)) {
                best = d;
                from = args[i];
            }
        }
        return kr_tf__with_origin(kr_tf__num(a, best), from, NULL);
    }
    if (strcmp(name, "abs") == 0 || strcmp(name, "ceil") == 0 || strcmp(name, "floor") == 0) {
        NEED(1);
        double d;
        if (kr_tf_to_number(&d, a0) != 0) return fn_error(ev, name, "needs a number");
        d = name[0] == 'a' ? fabs(d) : name[0] == 'c' ? ceil(d) : floor(d);
        return kr_tf__with_origin(kr_tf__num(a, d), a0, NULL);
    }
#undef NEED
    return more_functions(ev, name, args, nargs);
}

#define NEED(n) do { if (nargs != (n)) return fn_error(ev, name, "takes " #n " argument(s)"); } while (0)

static const kr_node *cidr_functions(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs)
{
    kr_arena *a = ev->arena;
    uint32_t net = 0;
    unsigned bits = 0;
    if (nargs == 0) return fn_error(ev, name, "needs a prefix");
    const kr_node *bad = cidr_arg(ev, name, args[0], &net, &bits);
    if (bad) return bad;
    if (strcmp(name, "cidrnetmask") == 0) {
        NEED(1);
        const char *t = ip_text(a, mask_of(bits));
        return kr_tf__with_origin(kr_tf__str(a, t, strlen(t)), args[0], NULL);
    }
    if (strcmp(name, "cidrhost") == 0) {
        NEED(2);
        double h;
        if (whole(&h, args[1]) != 0) return fn_error(ev, name, "needs a whole host number");
        double size = ldexp(1.0, (int)(32 - bits));
        if (h < 0) h += size; /* counts back from the end of the range */
        if (h < 0 || h >= size) return fn_error(ev, name, "the host number is outside the prefix");
        const char *t = ip_text(a, net + (uint32_t)h);
        return kr_tf__with_origin(kr_tf__str(a, t, strlen(t)), args[0], args[1]);
    }
    if (strcmp(name, "cidrsubnet") == 0) {
        NEED(3);
        double nb, num;
        if (whole(&nb, args[1]) != 0 || whole(&num, args[2]) != 0 || nb < 0 || num < 0)
            return fn_error(ev, name, "needs whole non-negative newbits and netnum");
        if (bits + nb > 32) return fn_error(ev, name, "the new prefix is longer than 32 bits");
        unsigned nl = bits + (unsigned)nb;
        if (num >= ldexp(1.0, (int)nb)) return fn_error(ev, name, "netnum does not fit in newbits");
        uint32_t sub = nl == 32 ? net + (uint32_t)num : net | (uint32_t)((uint64_t)num << (32 - nl));
        const char *t = kr_arena_printf(a, "%s/%u", ip_text(a, sub), nl);
        return kr_tf__with_origin(kr_tf__str(a, t, strlen(t)), args[0], args[2]);
    }
    /* cidrsubnets: consecutive blocks, each aligned to its own size, as
     * Terraform's (go-cidr's PreviousSubnet / NextSubnet) */
    if (nargs < 2) return fn_error(ev, name, "needs at least one newbits");
    kr_node *out = kr_tf__seq(a);
    double nb0;
    if (whole(&nb0, args[1]) != 0 || nb0 < 1 || bits + nb0 > 32) return fn_error(ev, name, "a newbits is out of range");
    unsigned len = bits + (unsigned)nb0;
    uint64_t cur = ((uint64_t)net - 1) & 0xFFFFFFFFu & mask_of(len); /* PreviousSubnet */
    unsigned cur_len = len;
    for (size_t i = 1; i < nargs; i++) {
        double nb;
        if (whole(&nb, args[i]) != 0 || nb < 1 || bits + nb > 32) return fn_error(ev, name, "a newbits is out of range");
        unsigned l = bits + (unsigned)nb;
        uint64_t last = (cur | (~(uint64_t)mask_of(cur_len) & 0xFFFFFFFFu)) & mask_of(l);
        last |= ~(uint64_t)mask_of(l) & 0xFFFFFFFFu;
        uint64_t next = last + 1;
        if (next > 0xFFFFFFFFu) return fn_error(ev, name, "the subnets do not fit in the prefix");
        next &= mask_of(l);
        if ((next & mask_of(bits)) != net) return fn_error(ev, name, "the subnets do not fit in the prefix");
        const char *t = kr_arena_printf(a, "%s/%u", ip_text(a, (uint32_t)next), l);
        kr_node_seq_push(a, out, kr_tf__str(a, t, strlen(t)));
        cur = next;
        cur_len = l;
    }
    return out;
}

static const kr_node *string_functions(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs)
{
    kr_arena *a = ev->arena;
    const kr_node *a0 = nargs > 0 ? args[0] : NULL;
    const char *s = a0 ? kr_tf_to_string(a, a0) : NULL;
    if (!s) return fn_error(ev, name, "needs a string");
    size_t n = strlen(s);
    if (strcmp(name, "title") == 0) {
        NEED(1);
        char *o = kr_arena_strndup(a, s, n);
        bool start = true;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)o[i];
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
            if (start && c >= 'a' && c <= 'z') o[i] = (char)(c - 'a' + 'A');
            start = !letter;
        }
        return kr_tf__with_origin(kr_tf__str(a, o, n), a0, NULL);
    }
    if (strcmp(name, "chomp") == 0) {
        NEED(1);
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
        return kr_tf__with_origin(kr_tf__str(a, s, n), a0, NULL);
    }
    if (strcmp(name, "basename") == 0 || strcmp(name, "dirname") == 0) {
        NEED(1);
        /* Go's filepath.Base / filepath.Dir on a slash-separated path */
        size_t e = n;
        if (name[0] == 'b') {
            while (e > 1 && s[e - 1] == '/') e--;
            if (e == 0) return kr_tf__str(a, ".", 1);
            size_t b = e;
            while (b > 0 && s[b - 1] != '/') b--;
            if (b == e) return kr_tf__str(a, "/", 1);
            return kr_tf__with_origin(kr_tf__str(a, s + b, e - b), a0, NULL);
        }
        const char *slash = strrchr(s, '/');
        if (!slash) return kr_tf__str(a, ".", 1);
        size_t d = (size_t)(slash - s);
        while (d > 1 && s[d - 1] == '/') d--;
        if (d == 0) return kr_tf__str(a, "/", 1);
        return kr_tf__with_origin(kr_tf__str(a, s, d), a0, NULL);
    }
    if (strcmp(name, "trim") == 0 || strcmp(name, "trimprefix") == 0 || strcmp(name, "trimsuffix") == 0 ||
        strcmp(name, "startswith") == 0 || strcmp(name, "endswith") == 0 || strcmp(name, "strcontains") == 0) {
        NEED(2);
        const char *t = kr_tf_to_string(a, args[1]);
        if (!t) return fn_error(ev, name, "needs two strings");
        size_t tl = strlen(t);
        if (strcmp(name, "startswith") == 0) return kr_tf__bool(a, tl <= n && memcmp(s, t, tl) == 0);
        if (strcmp(name, "endswith") == 0) return kr_tf__bool(a, tl <= n && memcmp(s + n - tl, t, tl) == 0);
        if (strcmp(name, "strcontains") == 0) return kr_tf__bool(a, strstr(s, t) != NULL);
        size_t b = 0, e = n;
        if (strcmp(name, "trimprefix") == 0) {
            if (tl <= n && memcmp(s, t, tl) == 0) b = tl;
        } else if (strcmp(name, "trimsuffix") == 0) {
            if (tl <= n && memcmp(s + n - tl, t, tl) == 0) e = n - tl;
        } else { /* trim: every leading and trailing byte found in the cutset */
            while (b < e && tl && memchr(t, s[b], tl)) b++;
            while (e > b && tl && memchr(t, s[e - 1], tl)) e--;
        }
        return kr_tf__with_origin(kr_tf__str(a, s + b, e - b), a0, NULL);
    }
    if (strcmp(name, "substr") == 0) {
        NEED(3);
        double off, len;
        if (whole(&off, args[1]) != 0 || whole(&len, args[2]) != 0) return fn_error(ev, name, "needs whole numbers");
        /* characters, not bytes */
        size_t chars = 0;
        for (size_t i = 0; i < n; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        if (off < 0) off += (double)chars;
        if (off < 0 || off > (double)chars) return fn_error(ev, name, "the offset is outside the string");
        if (len < 0 || off + len > (double)chars) len = (double)chars - off;
        size_t b = 0, c = 0;
        while (b < n && c < (size_t)off) {
            b++;
            while (b < n && ((unsigned char)s[b] & 0xC0) == 0x80) b++;
            c++;
        }
        size_t e = b;
        for (c = 0; e < n && c < (size_t)len; c++) {
            e++;
            while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80) e++;
        }
        return kr_tf__with_origin(kr_tf__str(a, s + b, e - b), a0, NULL);
    }
    return NULL;
}

static const kr_node *more_functions(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs)
{
    kr_arena *a = ev->arena;
    const kr_node *a0 = nargs > 0 ? args[0] : NULL;
    const kr_node *a1 = nargs > 1 ? args[1] : NULL;
    if (strncmp(name, "cidr", 4) == 0 &&
        (strcmp(name, "cidrsubnet") == 0 || strcmp(name, "cidrsubnets") == 0 || strcmp(name, "cidrhost") == 0 ||
         strcmp(name, "cidrnetmask") == 0))
        return cidr_functions(ev, name, args, nargs);
    static const char *const strfns[] = {"title", "chomp", "basename", "dirname", "trim", "trimprefix",
                                         "trimsuffix", "startswith", "endswith", "strcontains", "substr", NULL};
    for (size_t k = 0; strfns[k]; k++)
        if (strcmp(name, strfns[k]) == 0) return string_functions(ev, name, args, nargs);
    if (strcmp(name, "jsonencode") == 0) {
        NEED(1);
        kr_buf b;
        kr_buf_init(&b, 0);
        const kr_node *u = json_encode(&b, a0, 0);
        const kr_node *r = u ? (kr_tf_is_unknown(u) ? u : fn_error(ev, name, "the value nests too deeply"))
                             : kr_tf__with_origin(kr_tf__str(a, b.len ? b.ptr : "", b.len), a0, NULL);
        kr_buf_dispose(&b);
        return r;
    }
    if (strcmp(name, "jsondecode") == 0 || strcmp(name, "yamldecode") == 0) {
        NEED(1);
        const char *s = kr_tf_to_string(a, a0);
        if (!s || !is_str(a0)) return fn_error(ev, name, "needs a string");
        if (name[0] == 'y') return yaml_decode(ev, s, a0->text_len);
        const char *err = NULL;
        const kr_node *v = kr_tf__json_decode(a, s, a0->text_len, &err);
        if (!v) return kr_tf__error(a, "jsondecode(): the text is not JSON (%s)", err);
        return v;
    }
    if (strcmp(name, "file") == 0 || strcmp(name, "fileexists") == 0 || strcmp(name, "templatefile") == 0) {
        if (strcmp(name, "templatefile") == 0) {
            NEED(2);
        } else {
            NEED(1);
        }
        const char *path = kr_tf_to_string(a, a0);
        if (!path || !is_str(a0)) return fn_error(ev, name, "needs a path");
        const kr_node *why = NULL;
        size_t len = 0;
        char *text = read_confined(ev, name, path, &len, &why);
        if (name[4] == 'e') /* fileexists */
            return text ? kr_tf__bool(a, true) :
                   strstr(why->origin->note, "does not exist") ? kr_tf__bool(a, false) : why;
        if (!text) return why;
        if (name[0] == 'f') return kr_tf__with_origin(kr_tf__str(a, text, len), a0, NULL);
        if (a1->kind != KR_NODE_MAP) return fn_error(ev, name, "needs a map of template variables");
        return kr_tf__template(ev, text, len, a1);
    }
    if (strcmp(name, "slice") == 0) {
        NEED(3);
        double s, e;
        if (a0->kind != KR_NODE_SEQ || whole(&s, a1) != 0 || whole(&e, args[2]) != 0)
            return fn_error(ev, name, "needs a list and two whole indexes");
        if (s < 0 || e > (double)a0->nitems || s > e) return fn_error(ev, name, "the indexes are out of range");
        kr_node *out = kr_tf__seq(a);
        for (size_t i = (size_t)s; i < (size_t)e; i++) kr_node_seq_push(a, out, a0->items[i]);
        return out;
    }
    if (strcmp(name, "reverse") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list");
        kr_node *out = kr_tf__seq(a);
        for (size_t i = a0->nitems; i > 0; i--) kr_node_seq_push(a, out, a0->items[i - 1]);
        return out;
    }
    if (strcmp(name, "range") == 0) {
        if (nargs < 1 || nargs > 3) return fn_error(ev, name, "takes 1 to 3 arguments");
        double st = 0, lim, by = 1;
        double x[3];
        for (size_t i = 0; i < nargs; i++)
            if (kr_tf_to_number(&x[i], args[i]) != 0) return fn_error(ev, name, "needs numbers");
        if (nargs == 1) lim = x[0];
        else {
            st = x[0];
            lim = x[1];
            if (nargs == 3) by = x[2];
        }
        if (nargs < 3 && lim < st) by = -1;
        if (by == 0 || (by > 0 && lim < st) || (by < 0 && lim > st))
            return fn_error(ev, name, "the step does not lead to the limit");
        if (fabs((lim - st) / by) > 1024) return fn_error(ev, name, "more than 1024 elements");
        kr_node *out = kr_tf__seq(a);
        for (double v = st; by > 0 ? v < lim : v > lim; v += by) kr_node_seq_push(a, out, kr_tf__num(a, v));
        return out;
    }
    if (strcmp(name, "zipmap") == 0) {
        NEED(2);
        if (a0->kind != KR_NODE_SEQ || a1->kind != KR_NODE_SEQ || a0->nitems != a1->nitems)
            return fn_error(ev, name, "needs two lists of the same length");
        kr_node *out = kr_tf__map(a);
        for (size_t i = 0; i < a0->nitems; i++) {
            if (kr_tf_is_unknown(a0->items[i])) return a0->items[i];
            const char *k = kr_tf_to_string(a, a0->items[i]);
            if (!k) return fn_error(ev, name, "needs string keys");
            kr_node_map_put(a, out, kr_tf__str(a, k, strlen(k)), a1->items[i]);
        }
        return out;
    }
    if (strcmp(name, "one") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list or set");
        if (a0->nitems == 0) return kr_tf__null(a);
        if (a0->nitems == 1) return a0->items[0];
        return fn_error(ev, name, "the list has more than one element");
    }
    if (strcmp(name, "sum") == 0) {
        NEED(1);
        if (a0->kind != KR_NODE_SEQ || a0->nitems == 0) return fn_error(ev, name, "needs a non-empty list of numbers");
        double t = 0;
        for (size_t i = 0; i < a0->nitems; i++) {
            if (kr_tf_is_unknown(a0->items[i])) return a0->items[i];
            double d;
            if (kr_tf_to_number(&d, a0->items[i]) != 0) return fn_error(ev, name, "needs numbers");
            t += d;
        }
        return kr_tf__num(a, t);
    }
    if (strcmp(name, "alltrue") == 0 || strcmp(name, "anytrue") == 0) {
        NEED(1);
        bool all = name[1] == 'l';
        if (a0->kind != KR_NODE_SEQ) return fn_error(ev, name, "needs a list of bools");
        const kr_node *unk = NULL;
        for (size_t i = 0; i < a0->nitems; i++) {
            if (kr_tf_is_unknown(a0->items[i])) {
                if (!unk) unk = a0->items[i];
                continue;
            }
            bool b;
            if (kr_tf__to_bool(&b, a0->items[i]) != 0) return fn_error(ev, name, "needs a list of bools");
            if (all && !b) return kr_tf__bool(a, false);
            if (!all && b) return kr_tf__bool(a, true);
        }
        return unk ? unk : kr_tf__bool(a, all);
    }
    if (strcmp(name, "formatlist") == 0) {
        /* format() over the lists among the arguments, element by element */
        if (nargs < 1) return fn_error(ev, name, "needs a format string");
        size_t n = SIZE_MAX;
        for (size_t i = 0; i < nargs; i++)
            if (args[i]->kind == KR_NODE_SEQ) {
                if (n != SIZE_MAX && n != args[i]->nitems) return fn_error(ev, name, "the lists differ in length");
                n = args[i]->nitems;
            }
        if (n == SIZE_MAX) n = 1;
        kr_node *out = kr_tf__seq(a);
        const kr_node **row = kr_arena_alloc(a, sizeof(*row) * nargs);
        for (size_t k = 0; k < n; k++) {
            for (size_t i = 0; i < nargs; i++) row[i] = args[i]->kind == KR_NODE_SEQ ? args[i]->items[k] : args[i];
            const kr_node *v = kr_tf__call(ev, "format", row, nargs);
            if (kr_tf_is_unknown(v)) return v;
            kr_node_seq_push(a, out, kr_tf__mut(v));
        }
        return out;
    }
    return kr_tf_unknown(a, "the function %s() is not evaluated by krewlint", name);
}
#undef NEED
