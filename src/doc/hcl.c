/* hcl.c - the Terraform HCL adapter: parses a .tf file with tree-sitter-hcl
 * and maps the syntax tree onto kr_node the way Terraform's JSON syntax does
 * (see doc.h):
 *
 *   resource "T" "N" { ... }   root["resource"]["T"]["N"] = body map
 *   provider "aws" { ... }     root["provider"]["aws"]      (two of them: a SEQ)
 *   locals { ... }             root["locals"]               (several merge)
 *   ingress { ... }            body["ingress"]              (repeated: a SEQ)
 *   dynamic "x" { ... }        body["dynamic"]["x"]
 *
 * Literals (numbers, bools, null, strings and heredocs without ${} or %{})
 * become scalars with their decoded value; tuples and objects become SEQ and
 * MAP; every other expression becomes a KR_NODE_EXPR holding its exact
 * source text.
 *
 * A file with any syntax error yields one "parse-error" diagnostic at the
 * first ERROR or MISSING node and no root. The tree walk is bounded by
 * KR_MAX_DEPTH (document nesting, block labels included) and KR_MAX_NODES;
 * the parse itself by HCL_MAX_INPUT bytes and a wall-clock budget, because
 * tree-sitter's memory grows by ~200 bytes per byte of string content.
 *
 * Exponent literals without a fraction (`1e4`, `1E+5`; HCL's spec allows
 * them) are not numeric_lit in the pinned tree-sitter-hcl 1.2.0, whose
 * regex demands a fraction before the exponent. Rather than patch and
 * regenerate the grammar, the parser reads a copy of the file in which the
 * exponent mark and sign of such a number are digits (`1e4` -> `104`): the
 * same length, so every byte offset holds, and every text (the number's
 * value included) is still taken from the real file (mask_exponents).
 *
 * No global state: the parser, tree and tables live for one call.
 */
#include "doc/doc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tree_sitter/api.h>

#include "diag.h"
#include "util/array.h"
#include "util/meter.h"

const TSLanguage *tree_sitter_hcl(void);

/* Largest .tf file handed to tree-sitter. A pathological 4 MiB file (one
 * long string, or only brackets) costs tree-sitter about 1 GB and a few
 * seconds; real Terraform files are far smaller. */
#define HCL_MAX_INPUT (4u * 1024u * 1024u)
/* Wall-clock budget for one tree-sitter parse, in microseconds. */
#define HCL_PARSE_BUDGET_US (10u * 1000u * 1000u)
/* Longest excerpt of source quoted in a syntax error message. */
#define HCL_EXCERPT_MAX 32

/* Test hook: kr_doc_parse_hcl with another parse budget (0 = none). */
int kr_hcl_parse_with_budget(kr_doc *self, kr_diags *diags, uint64_t budget_us);

/* The grammar symbols the walk looks at, resolved once per call. */
#define HCL_SYMBOLS(X)                                                              \
    X(body) X(attribute) X(block) X(identifier) X(string_lit) X(expression)        \
    X(literal_value) X(numeric_lit) X(bool_lit) X(null_lit) X(collection_value)    \
    X(tuple) X(object) X(object_elem) X(template_expr) X(quoted_template)          \
    X(heredoc_template) X(heredoc_start) X(heredoc_identifier)                     \
    X(template_interpolation) X(template_directive) X(operation)                   \
    X(unary_operation) X(variable_expr) X(block_start)

/* hcl_syms - symbol ids of the node types above, and the object_elem fields. */
typedef struct hcl_syms {
#define X(name) TSSymbol name;
    HCL_SYMBOLS(X)
#undef X
    TSFieldId key;
    TSFieldId val;
} hcl_syms;

/* group - where the blocks of one type (and labels) went in a map, so that a
 * repeated block turns the value into a SEQ and intermediate label maps are
 * reused. Keyed by (owner map, key text). */
typedef enum group_kind {
    GROUP_INTER, /* a map created for a block type or a non-final label */
    GROUP_LEAF,  /* a block's body map, or a SEQ of them */
    GROUP_MERGE  /* top-level `locals`: later blocks merge into the map */
} group_kind;

typedef struct group {
    kr_node *owner;  /* NULL marks an empty slot */
    const char *key; /* the key node's text (arena) */
    size_t klen;
    size_t index;    /* pair index in owner (pairs may move, indexes don't) */
    group_kind kind;
} group;

/* group_table - open addressing, linear probing; load kept under 70%. */
typedef struct group_table {
    group *slots;
    size_t cap;
    size_t len;
} group_table;

/* hcl_ctx - state of one conversion. rc holds the first failure; once set,
 * every builder returns NULL. */
typedef struct hcl_ctx {
    kr_doc *doc;
    kr_arena *arena;
    kr_diags *diags;
    const char *src;
    hcl_syms sym;
    TSTreeCursor scratch; /* for non-recursive child scans (sole_child ...) */
    group_table groups;
    size_t nodes;         /* nodes built, against KR_MAX_NODES */
    int rc;
} hcl_ctx;

/* ---- positions and text ------------------------------------------------- */

static kr_loc loc_of(TSPoint p, uint32_t byte)
{
    kr_loc l;
    l.line = p.row;
    l.col = p.column;
    l.byte = byte;
    return l;
}

static kr_span span_of(TSNode n)
{
    kr_span s;
    s.start = loc_of(ts_node_start_point(n), ts_node_start_byte(n));
    s.end = loc_of(ts_node_end_point(n), ts_node_end_byte(n));
    return s;
}

/* Grows n's span to end where `until` ends, if that is later. */
static void extend_end(kr_node *n, TSNode until)
{
    if (ts_node_end_byte(until) > n->span.end.byte)
        n->span.end = loc_of(ts_node_end_point(until), ts_node_end_byte(until));
}

static const char *text_of(const hcl_ctx *ctx, TSNode n, size_t *len)
{
    *len = ts_node_end_byte(n) - ts_node_start_byte(n);
    return ctx->src + ts_node_start_byte(n);
}

/* ---- limits --------------------------------------------------------------- */

/* True (with ctx->rc set) when building a node at `depth` for `at` would
 * pass a limit, or an earlier step failed. */
static bool over_limit(hcl_ctx *ctx, TSNode at, size_t depth)
{
    if (ctx->rc) return true;
    if (depth > KR_MAX_DEPTH) {
        kr_span s = span_of(at);
        ctx->rc = KR_ELIMIT;
        kr_diags_add(ctx->diags, KR_SEV_ERROR, ctx->doc->path, &s, "limit",
                     "HCL: nesting deeper than %d levels", KR_MAX_DEPTH);
        return true;
    }
    if (ctx->nodes > KR_MAX_NODES) {
        kr_span s = span_of(at);
        ctx->rc = KR_ELIMIT;
        kr_diags_add(ctx->diags, KR_SEV_ERROR, ctx->doc->path, &s, "limit",
                     "HCL: more than %d values in one file", KR_MAX_NODES);
        return true;
    }
    return false;
}

/* ---- node builders ------------------------------------------------------ */

static kr_node *mk(hcl_ctx *ctx, kr_node_kind kind, kr_span span)
{
    ctx->nodes++;
    return kr_node_new(ctx->arena, kind, span);
}

/* A scalar owning `text` (already in the arena, NUL-terminated). */
static kr_node *mk_scalar(hcl_ctx *ctx, kr_scalar_type t, char *text, size_t len, kr_span span)
{
    kr_node *n = mk(ctx, KR_NODE_SCALAR, span);
    n->stype = t;
    n->text = text;
    n->text_len = len;
    return n;
}

static kr_node *mk_string(hcl_ctx *ctx, const char *s, size_t len, kr_span span)
{
    return mk_scalar(ctx, KR_SCALAR_STRING, kr_arena_strndup(ctx->arena, s, len), len, span);
}

/* An EXPR holding the exact source text of n, with span `span`. */
static kr_node *mk_expr(hcl_ctx *ctx, TSNode n, kr_span span)
{
    size_t len;
    const char *s = text_of(ctx, n, &len);
    kr_node *e = mk(ctx, KR_NODE_EXPR, span);
    e->text = kr_arena_strndup(ctx->arena, s, len);
    e->text_len = len;
    return e;
}

/* ---- tree helpers ------------------------------------------------------- */

static bool is_real(TSNode n)
{
    return ts_node_is_named(n) && !ts_node_is_extra(n);
}

/* The only named, non-comment child of n; false when there are 0 or 2+. */
static bool sole_child(hcl_ctx *ctx, TSNode n, TSNode *out)
{
    TSTreeCursor *c = &ctx->scratch;
    int found = 0;
    ts_tree_cursor_reset(c, n);
    for (bool ok = ts_tree_cursor_goto_first_child(c); ok; ok = ts_tree_cursor_goto_next_sibling(c)) {
        TSNode ch = ts_tree_cursor_current_node(c);
        if (!is_real(ch)) continue;
        if (++found > 1) return false;
        *out = ch;
    }
    return found == 1;
}

/* True when a template has ${...} or %{...} parts (its value is unknown). */
static bool has_markup(hcl_ctx *ctx, TSNode tmpl)
{
    TSTreeCursor *c = &ctx->scratch;
    ts_tree_cursor_reset(c, tmpl);
    for (bool ok = ts_tree_cursor_goto_first_child(c); ok; ok = ts_tree_cursor_goto_next_sibling(c)) {
        TSSymbol s = ts_node_symbol(ts_tree_cursor_current_node(c));
        if (s == ctx->sym.template_interpolation || s == ctx->sym.template_directive) return true;
    }
    return false;
}

/* ---- strings ------------------------------------------------------------ */

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads `digits` hex digits at s; -1 when one is not a hex digit. */
static long read_hex(const char *s, int digits)
{
    long v = 0;
    for (int i = 0; i < digits; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* UTF-8 encoding of cp (U+FFFD for surrogates and values past U+10FFFF);
 * returns the bytes written (at most 4). */
static size_t put_utf8(char *out, long cp)
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes template literal text s[0..n) into out (room for n bytes: every
 * escape is at least as long as what it decodes to); returns the length.
 * `$${` -> `${`, `%%{` -> `%{`; with `backslash` (quoted strings, not
 * heredocs) also \n \r \t \" \\ \uNNNN \UNNNNNNNN. Any other byte, invalid
 * UTF-8 included, is kept as it is. */
static size_t decode_literal(char *out, const char *s, size_t n, bool backslash)
{
    size_t o = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (backslash && c == '\\' && i + 1 < n) {
            char e = s[i + 1];
            long cp = -1;
            switch (e) {
            case 'n': out[o++] = '\n'; i += 2; continue;
            case 'r': out[o++] = '\r'; i += 2; continue;
            case 't': out[o++] = '\t'; i += 2; continue;
            case '"': out[o++] = '"'; i += 2; continue;
            case '\\': out[o++] = '\\'; i += 2; continue;
            case 'u':
                if (i + 6 <= n && (cp = read_hex(s + i + 2, 4)) >= 0) {
                    o += put_utf8(out + o, cp);
                    i += 6;
                    continue;
                }
                break;
            case 'U':
                if (i + 10 <= n && (cp = read_hex(s + i + 2, 8)) >= 0) {
                    o += put_utf8(out + o, cp);
                    i += 10;
                    continue;
                }
                break;
            default:
                break;
            }
        } else if ((c == '$' || c == '%') && i + 2 < n && s[i + 1] == c && s[i + 2] == '{') {
            out[o++] = c;
            out[o++] = '{';
            i += 3;
            continue;
        }
        out[o++] = c;
        i++;
    }
    out[o] = '\0';
    return o;
}

/* A quoted string (string_lit, or quoted_template without markup): the
 * decoded text between its quotes. */
static kr_node *convert_quoted(hcl_ctx *ctx, TSNode q, kr_span span)
{
    uint32_t count = ts_node_child_count(q);
    if (count < 2) return mk_expr(ctx, q, span);
    uint32_t from = ts_node_end_byte(ts_node_child(q, 0));
    uint32_t to = ts_node_start_byte(ts_node_child(q, count - 1));
    if (to < from) to = from;
    char *out = kr_arena_alloc(ctx->arena, (size_t)(to - from) + 1);
    size_t len = decode_literal(out, ctx->src + from, to - from, true);
    return mk_scalar(ctx, KR_SCALAR_STRING, out, len, span);
}

/* Bytes of a name or number token in a syntax error excerpt (ASCII only:
 * never half a UTF-8 sequence, never a control character). */
static bool is_token_byte(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' ||
           b == '-' || b == '.';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A heredoc without markup: the lines between the two markers, each with
 * its newline; `<<-` strips the smallest indentation of the non-blank
 * lines (spaces and tabs count one byte each). */
static kr_node *convert_heredoc(hcl_ctx *ctx, TSNode h, kr_span span, TSNode outer)
{
    TSNode start = ts_node_named_child(h, 0);
    uint32_t nnamed = ts_node_named_child_count(h);
    if (nnamed < 3 || ts_node_symbol(start) != ctx->sym.heredoc_start) return mk_expr(ctx, outer, span);
    TSNode open = ts_node_named_child(h, 1);
    TSNode close = ts_node_named_child(h, nnamed - 1);
    if (ts_node_symbol(close) != ctx->sym.heredoc_identifier) return mk_expr(ctx, outer, span);
    bool indented = ts_node_end_byte(start) - ts_node_start_byte(start) == 3; /* "<<-" */

    const char *s = ctx->src;
    size_t from = ts_node_end_byte(open);
    size_t to = ts_node_start_byte(close);
    while (from < to && s[from] != '\n') from++;
    if (from < to) from++; /* past the newline ending the <<EOT line */
    while (to > from && is_blank(s[to - 1])) to--; /* the closing marker's indentation */

    size_t strip = 0;
    if (indented) {
        strip = (size_t)-1;
        for (size_t i = from; i < to;) {
            size_t ws = 0;
            while (i + ws < to && is_blank(s[i + ws])) ws++;
            bool blank = i + ws >= to || s[i + ws] == '\n' ||
                         (s[i + ws] == '\r' && i + ws + 1 < to && s[i + ws + 1] == '\n');
            if (!blank && ws < strip) strip = ws;
            while (i < to && s[i] != '\n') i++;
            i++;
        }
        if (strip == (size_t)-1) strip = 0;
    }

    char *out = kr_arena_alloc(ctx->arena, to - from + 1);
    size_t o = 0;
    for (size_t i = from; i < to;) {
        size_t skip = 0;
        while (skip < strip && i + skip < to && is_blank(s[i + skip])) skip++;
        i += skip;
        size_t eol = i;
        while (eol < to && s[eol] != '\n') eol++;
        if (eol < to) eol++; /* keep the newline */
        o += decode_literal(out + o, s + i, eol - i, false);
        i = eol;
    }
    out[o] = '\0';
    return mk_scalar(ctx, KR_SCALAR_STRING, out, o, span);
}

/* ---- numbers ------------------------------------------------------------ */

/* A numeric_lit, negated when `neg` (for `-1`); text is the spelling with
 * the sign ("-1"). Not representable (0xZZ) -> EXPR of `outer`. */
static kr_node *convert_number(hcl_ctx *ctx, TSNode lit, bool neg, kr_span span, TSNode outer)
{
    size_t n;
    const char *s = text_of(ctx, lit, &n);
    size_t len = n + (neg ? 1 : 0);
    char *text = kr_arena_alloc(ctx->arena, len + 1);
    if (neg) text[0] = '-';
    memcpy(text + (neg ? 1 : 0), s, n);
    text[len] = '\0';

    bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    bool digits = n > 0;
    for (size_t i = 0; i < n && digits; i++)
        digits = s[i] >= '0' && s[i] <= '9';

    char *end = NULL;
    if (hex || digits) {
        errno = 0;
        long long v = strtoll(text, &end, hex ? 16 : 10);
        if (end == text + len && errno == 0) {
            kr_node *r = mk_scalar(ctx, KR_SCALAR_INT, text, len, span);
            r->v.i = (int64_t)v;
            return r;
        }
        if (hex) return mk_expr(ctx, outer, span);
        /* too large for int64: a float, as Terraform's big numbers would be */
    }
    errno = 0;
    double d = strtod(text, &end);
    if (end != text + len) return mk_expr(ctx, outer, span);
    kr_node *r = mk_scalar(ctx, KR_SCALAR_FLOAT, text, len, span);
    r->v.f = d;
    return r;
}

/* ---- values --------------------------------------------------------------- */

static kr_node *convert_value(hcl_ctx *ctx, TSNode expr, size_t depth);

/* A literal_value's child. */
static kr_node *convert_literal(hcl_ctx *ctx, TSNode lit, kr_span span, TSNode outer)
{
    TSSymbol s = ts_node_symbol(lit);
    size_t n;
    const char *t = text_of(ctx, lit, &n);
    if (s == ctx->sym.numeric_lit) return convert_number(ctx, lit, false, span, outer);
    if (s == ctx->sym.string_lit) return convert_quoted(ctx, lit, span);
    if (s == ctx->sym.bool_lit) {
        kr_node *b = mk_scalar(ctx, KR_SCALAR_BOOL, kr_arena_strndup(ctx->arena, t, n), n, span);
        b->v.b = n == 4 && memcmp(t, "true", 4) == 0;
        return b;
    }
    if (s == ctx->sym.null_lit) return mk_scalar(ctx, KR_SCALAR_NULL, kr_arena_strndup(ctx->arena, t, n), n, span);
    return mk_expr(ctx, outer, span);
}

/* Iterates the named, non-comment children of a container with a fresh
 * cursor (the walk recurses, so the scratch cursor cannot be used). */
#define FOR_EACH_CHILD(cursor, child)                                                   \
    for (bool kr__ok = ts_tree_cursor_goto_first_child(&(cursor)); kr__ok;                     \
         kr__ok = ts_tree_cursor_goto_next_sibling(&(cursor)))                                 \
        if (((child) = ts_tree_cursor_current_node(&(cursor))), !is_real(child)) {             \
        } else

static kr_node *convert_tuple(hcl_ctx *ctx, TSNode tuple, kr_span span, size_t depth)
{
    kr_node *seq = mk(ctx, KR_NODE_SEQ, span);
    TSTreeCursor c = ts_tree_cursor_new(tuple);
    TSNode ch;
    FOR_EACH_CHILD(c, ch) {
        if (ts_node_symbol(ch) != ctx->sym.expression) continue;
        kr_node *item = convert_value(ctx, ch, depth + 1);
        if (!item) break;
        kr_node_seq_push(ctx->arena, seq, item);
    }
    ts_tree_cursor_delete(&c);
    return ctx->rc ? NULL : seq;
}

/* An object key: a bare identifier or a string is its value; anything else
 * (`(var.k)`, `"${x}"`) keeps its source text. Always a string scalar. */
static kr_node *convert_key(hcl_ctx *ctx, TSNode key)
{
    TSNode k, leaf;
    kr_span span = span_of(key);
    if (sole_child(ctx, key, &k)) {
        TSSymbol s = ts_node_symbol(k);
        if (s == ctx->sym.variable_expr && sole_child(ctx, k, &leaf) &&
            ts_node_symbol(leaf) == ctx->sym.identifier) {
            size_t n;
            const char *t = text_of(ctx, leaf, &n);
            return mk_string(ctx, t, n, span_of(leaf));
        }
        if (s == ctx->sym.literal_value && sole_child(ctx, k, &leaf) &&
            ts_node_symbol(leaf) == ctx->sym.string_lit)
            return convert_quoted(ctx, leaf, span);
        if (s == ctx->sym.template_expr && sole_child(ctx, k, &leaf) &&
            ts_node_symbol(leaf) == ctx->sym.quoted_template && !has_markup(ctx, leaf))
            return convert_quoted(ctx, leaf, span);
    }
    size_t n;
    const char *t = text_of(ctx, key, &n);
    return mk_string(ctx, t, n, span);
}

static kr_node *convert_object(hcl_ctx *ctx, TSNode obj, kr_span span, size_t depth)
{
    kr_node *map = mk(ctx, KR_NODE_MAP, span);
    TSTreeCursor c = ts_tree_cursor_new(obj);
    TSNode ch;
    FOR_EACH_CHILD(c, ch) {
        if (ts_node_symbol(ch) != ctx->sym.object_elem) continue;
        TSNode k = ts_node_child_by_field_id(ch, ctx->sym.key);
        TSNode v = ts_node_child_by_field_id(ch, ctx->sym.val);
        if (ts_node_is_null(k) || ts_node_is_null(v)) continue; /* not in an error-free tree */
        if (over_limit(ctx, ch, depth + 1)) break;
        kr_node *key = convert_key(ctx, k);
        kr_node *val = convert_value(ctx, v, depth + 1);
        if (!val) break;
        kr_node_map_put(ctx->arena, map, key, val);
    }
    ts_tree_cursor_delete(&c);
    return ctx->rc ? NULL : map;
}

/* An `expression` node (or the object of an object-shaped file): a literal,
 * tuple, object, string or heredoc becomes data; anything else an EXPR.
 * Parentheses are looked through: `(1)` is 1. */
static kr_node *convert_value(hcl_ctx *ctx, TSNode expr, size_t depth)
{
    if (over_limit(ctx, expr, depth)) return NULL;
    kr_span span = span_of(expr);
    TSNode n = expr, inner;
    if (ts_node_symbol(expr) == ctx->sym.expression && !sole_child(ctx, expr, &n))
        return mk_expr(ctx, expr, span);

    TSSymbol s = ts_node_symbol(n);
    if (s == ctx->sym.object) return convert_object(ctx, n, span, depth);
    if (s == ctx->sym.expression) { /* ( expression ) */
        kr_node *v = convert_value(ctx, n, depth + 1);
        if (v) v->span = span;
        return v;
    }
    if (!sole_child(ctx, n, &inner)) return mk_expr(ctx, expr, span);
    TSSymbol is = ts_node_symbol(inner);
    if (s == ctx->sym.literal_value) return convert_literal(ctx, inner, span, expr);
    if (s == ctx->sym.collection_value) {
        if (is == ctx->sym.tuple) return convert_tuple(ctx, inner, span, depth);
        if (is == ctx->sym.object) return convert_object(ctx, inner, span, depth);
    } else if (s == ctx->sym.template_expr) {
        if (!has_markup(ctx, inner)) {
            if (is == ctx->sym.quoted_template) return convert_quoted(ctx, inner, span);
            if (is == ctx->sym.heredoc_template) return convert_heredoc(ctx, inner, span, expr);
        }
    } else if (s == ctx->sym.operation && is == ctx->sym.unary_operation) {
        /* `-1`: a negative number literal (HCL parses it as an operator) */
        TSNode lit, num;
        size_t n0;
        const char *op = text_of(ctx, ts_node_child(inner, 0), &n0);
        if (n0 == 1 && op[0] == '-' && sole_child(ctx, inner, &lit) &&
            ts_node_symbol(lit) == ctx->sym.literal_value && sole_child(ctx, lit, &num) &&
            ts_node_symbol(num) == ctx->sym.numeric_lit)
            return convert_number(ctx, num, true, span, expr);
    }
    return mk_expr(ctx, expr, span);
}

/* ---- blocks --------------------------------------------------------------- */

static uint64_t group_hash(const kr_node *owner, const char *key, size_t klen)
{
    uint64_t h = UINT64_C(14695981039346656037) ^ (uint64_t)(uintptr_t)owner;
    h *= UINT64_C(1099511628211);
    for (size_t i = 0; i < klen; i++) {
        h ^= (unsigned char)key[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* The slot of (owner, key): the matching one or the empty one to fill.
 * cap is a power of two and never full. */
static group *group_slot(group *slots, size_t cap, const kr_node *owner, const char *key, size_t klen)
{
    size_t i = (size_t)group_hash(owner, key, klen) & (cap - 1);
    for (;;) {
        group *g = &slots[i];
        if (!g->owner || (g->owner == owner && g->klen == klen && memcmp(g->key, key, klen) == 0))
            return g;
        i = (i + 1) & (cap - 1);
    }
}

static group *group_find(hcl_ctx *ctx, const kr_node *owner, const kr_node *key)
{
    group_table *t = &ctx->groups;
    if (!t->cap) return NULL;
    group *g = group_slot(t->slots, t->cap, owner, key->text, key->text_len);
    return g->owner ? g : NULL;
}

/* Records that pair `index` of owner is the group for key (replacing any). */
static void group_set(hcl_ctx *ctx, kr_node *owner, const kr_node *key, size_t index, group_kind kind)
{
    group_table *t = &ctx->groups;
    if ((t->len + 1) * 10 > t->cap * 7) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        group *ns = kr_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < t->cap; i++) {
            group *o = &t->slots[i];
            if (o->owner) *group_slot(ns, ncap, o->owner, o->key, o->klen) = *o;
        }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    group *g = group_slot(t->slots, t->cap, owner, key->text, key->text_len);
    if (!g->owner) {
        t->len++;
        g->owner = owner;
        g->key = key->text;
        g->klen = key->text_len;
    }
    g->index = index;
    g->kind = kind;
}

/* A block's type or label as a key string (labels are quoted or bare). */
static kr_node *label_key(hcl_ctx *ctx, TSNode label)
{
    if (ts_node_symbol(label) == ctx->sym.string_lit) return convert_quoted(ctx, label, span_of(label));
    size_t n;
    const char *t = text_of(ctx, label, &n);
    return mk_string(ctx, t, n, span_of(label));
}

static void put_pair(hcl_ctx *ctx, kr_node *map, kr_node *key, kr_node *value, group_kind kind)
{
    kr_node_map_put(ctx->arena, map, key, value);
    group_set(ctx, map, key, map->npairs - 1, kind);
}

static int convert_body(hcl_ctx *ctx, kr_node *map, TSNode body, size_t depth, bool top);

/* Adds a block to `owner` (a body map at depth-1): its type and labels are
 * a path of keys, the last one holding the body map (or a SEQ of them). */
static int add_block(hcl_ctx *ctx, kr_node *owner, TSNode block, size_t depth, bool top)
{
    KR_ARRAY(TSNode) keys = {0};
    TSNode body = {0};
    bool has_body = false;
    TSTreeCursor c = ts_tree_cursor_new(block);
    TSNode ch;
    FOR_EACH_CHILD(c, ch) {
        TSSymbol s = ts_node_symbol(ch);
        if (s == ctx->sym.body) {
            body = ch;
            has_body = true;
        } else if (s == ctx->sym.identifier || s == ctx->sym.string_lit) {
            kr_array_push(&keys, ch);
        }
    }
    ts_tree_cursor_delete(&c);
    if (keys.len == 0) goto out; /* not in an error-free tree */

    /* the block map sits keys.len levels below owner */
    size_t leaf_depth = depth + keys.len - 1;
    if (leaf_depth > KR_MAX_DEPTH) {
        /* report at the first label past the limit */
        size_t i = depth > KR_MAX_DEPTH ? 0 : KR_MAX_DEPTH + 1 - depth;
        over_limit(ctx, keys.items[i], depth + i);
        goto out;
    }
    if (over_limit(ctx, block, depth)) goto out;

    kr_node *cur = owner;
    for (size_t i = 0; i + 1 < keys.len; i++) {
        kr_node *k = label_key(ctx, keys.items[i]);
        group *g = group_find(ctx, cur, k);
        if (g && g->kind == GROUP_INTER) {
            cur = cur->pairs[g->index].value;
            extend_end(cur, block);
            continue;
        }
        kr_node *m = mk(ctx, KR_NODE_MAP, span_of(block));
        put_pair(ctx, cur, k, m, GROUP_INTER);
        cur = m;
    }

    kr_node *k = label_key(ctx, keys.items[keys.len - 1]);
    group *g = group_find(ctx, cur, k);
    if (top && keys.len == 1 && k->text_len == 6 && memcmp(k->text, "locals", 6) == 0) {
        kr_node *m;
        if (g && g->kind == GROUP_MERGE) {
            m = cur->pairs[g->index].value;
        } else {
            m = mk(ctx, KR_NODE_MAP, span_of(block));
            put_pair(ctx, cur, k, m, GROUP_MERGE);
        }
        if (has_body) convert_body(ctx, m, body, leaf_depth, false);
        goto out;
    }

    kr_node *bm = mk(ctx, KR_NODE_MAP, span_of(block));
    if (g && g->kind == GROUP_LEAF) {
        kr_pair *p = &cur->pairs[g->index];
        if (p->value->kind != KR_NODE_SEQ) {
            kr_node *seq = mk(ctx, KR_NODE_SEQ, p->value->span);
            kr_node_seq_push(ctx->arena, seq, p->value);
            p->value = seq;
        }
        kr_node_seq_push(ctx->arena, p->value, bm);
        extend_end(p->value, block);
    } else {
        put_pair(ctx, cur, k, bm, GROUP_LEAF);
    }
    if (has_body) convert_body(ctx, bm, body, leaf_depth, false);

out:
    kr_array_dispose(&keys);
    return ctx->rc;
}

/* Fills `map` (at depth) from a body's attributes and blocks. */
static int convert_body(hcl_ctx *ctx, kr_node *map, TSNode body, size_t depth, bool top)
{
    TSTreeCursor c = ts_tree_cursor_new(body);
    TSNode ch;
    FOR_EACH_CHILD(c, ch) {
        TSSymbol s = ts_node_symbol(ch);
        if (s == ctx->sym.block) {
            if (add_block(ctx, map, ch, depth + 1, top)) break;
        } else if (s == ctx->sym.attribute) {
            TSNode name = ts_node_named_child(ch, 0);
            TSNode value = ts_node_named_child(ch, ts_node_named_child_count(ch) - 1);
            if (ts_node_symbol(name) != ctx->sym.identifier || ts_node_symbol(value) != ctx->sym.expression)
                continue; /* not in an error-free tree */
            size_t n;
            const char *t = text_of(ctx, name, &n);
            kr_node *key = mk_string(ctx, t, n, span_of(name));
            kr_node *val = convert_value(ctx, value, depth + 1);
            if (!val) break;
            kr_node_map_put(ctx->arena, map, key, val);
        }
    }
    ts_tree_cursor_delete(&c);
    return ctx->rc;
}

/* ---- syntax errors ------------------------------------------------------ */

/* The text tree-sitter gives a missing node, as the user would type it. */
static const char *missing_text(const char *type)
{
    static const struct { const char *type, *text; } names[] = {
        {"block_end", "'}'"}, {"object_end", "'}'"}, {"tuple_end", "']'"},
        {"block_start", "'{'"}, {"object_start", "'{'"}, {"tuple_start", "'['"},
        {"quoted_template_end", "'\"'"}, {"quoted_template_start", "'\"'"},
        {"template_interpolation_end", "'}'"}, {"template_directive_end", "'}'"},
        {"heredoc_identifier", "heredoc end marker"}, {"identifier", "identifier"},
        {"expression", "expression"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].type, type) == 0) return names[i].text;
    return NULL;
}

/* One diagnostic at the first ERROR or MISSING node in document order
 * (subtrees without errors are skipped, so this is linear in the error). */
static void report_syntax_error(kr_doc *doc, kr_diags *diags, TSNode root)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    TSNode found = root;
    bool ok = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (ts_node_is_error(n) || ts_node_is_missing(n)) {
            found = n;
            ok = true;
            break;
        }
        if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c)) continue;
        bool moved = false;
        while (!(moved = ts_tree_cursor_goto_next_sibling(&c)))
            if (!ts_tree_cursor_goto_parent(&c)) break;
        if (!moved) break;
    }
    ts_tree_cursor_delete(&c);

    kr_span span = span_of(found);
    if (!ok) {
        kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: syntax error");
        return;
    }
    if (ts_node_is_missing(found)) {
        const char *type = ts_node_type(found);
        const char *what = missing_text(type);
        if (what)
            kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: missing %s", what);
        else
            kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: missing '%s'", type);
        return;
    }
    /* The first token of the erroneous text only: a name, a number, or one
     * punctuation character. A diagnostic must not echo file content beyond
     * that (a `x.tf -> /etc/passwd` link once printed the whole first line,
     * a credentials file its secret). */
    char excerpt[HCL_EXCERPT_MAX + 4];
    const char *s = doc->data + span.start.byte;
    size_t avail = span.end.byte - span.start.byte, n = 0;
    while (n < avail && n < HCL_EXCERPT_MAX && is_token_byte((unsigned char)s[n])) n++;
    if (n == 0 && avail > 0 && (unsigned char)s[0] > 0x20 && (unsigned char)s[0] < 0x7F) n = 1;
    bool cut = n == HCL_EXCERPT_MAX && n < avail && is_token_byte((unsigned char)s[n]);
    for (size_t i = 0; i < n; i++) excerpt[i] = s[i];
    if (cut) {
        memcpy(excerpt + n, "...", 3);
        n += 3;
    }
    excerpt[n] = '\0';
    if (n)
        kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: syntax error near '%s'", excerpt);
    else if (span.start.byte >= doc->len)
        kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: unexpected end of file");
    else
        kr_diags_add(diags, KR_SEV_ERROR, doc->path, &span, "parse-error", "HCL: syntax error");
}

/* ---- parsing --------------------------------------------------------------- */

/* hcl_input - the bytes handed to tree-sitter, and the parse deadline. */
typedef struct hcl_input {
    const char *data;
    uint32_t len;
    bool has_deadline;
    struct timespec deadline;
    bool expired;
    uint32_t reached; /* byte offset when the deadline passed */
    bool over_memory; /* the thread's meter went over (util/meter.h) */
} hcl_input;

static bool is_word_byte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether a digit at data[i] starts a number: not inside a word, where a '-'
 * continues a word (HCL identifiers may hold dashes: `a-1e4`) only when the
 * word before it starts with a letter or '_' (`-1e4`, `5-1e4` are numbers). */
static bool starts_word(const char *data, size_t i)
{
    if (i == 0) return true;
    if (data[i - 1] != '-') return !is_word_byte(data[i - 1]);
    size_t k = i - 1;
    while (k > 0 && is_word_byte(data[k - 1]) && data[k - 1] != '.') k--;
    return k == i - 1 || is_digit(data[k]) || data[k] == '-';
}

/* The bytes tree-sitter reads for data[0, len): data itself, or (when it
 * holds a number like `1e4`, `12E-3` that starts a word and ends one) a copy
 * in `arena` with that number's exponent mark and sign replaced by '0', which
 * the pinned grammar lexes as one numeric_lit. Text inside strings, comments
 * and heredocs may be masked too: their tokens are the same either way, and
 * no text is ever read from the copy. Identifiers cannot start with a digit,
 * `1.5e3` is left alone (its `5` follows '.'), and so is `0x1e4`. */
static const char *mask_exponents(kr_arena *arena, const char *data, size_t len)
{
    char *copy = NULL;
    size_t i = 0;
    while (i < len) {
        if (!is_digit(data[i]) || !starts_word(data, i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && is_digit(data[j])) j++;
        size_t mark = j;
        if (j < len && (data[j] == 'e' || data[j] == 'E')) {
            j++;
            if (j < len && (data[j] == '+' || data[j] == '-')) j++;
            size_t exp = j;
            while (j < len && is_digit(data[j])) j++;
            if (j > exp && (j == len || !is_word_byte(data[j]) || data[j] == '-')) {
                if (!copy) {
                    copy = kr_arena_alloc(arena, len);
                    memcpy(copy, data, len);
                }
                memset(copy + mark, '0', exp - mark);
            }
        }
        i = j > i ? j : i + 1;
    }
    return copy ? copy : data;
}

static const char *read_input(void *payload, uint32_t byte, TSPoint pos, uint32_t *nread)
{
    (void)pos;
    const hcl_input *in = payload;
    if (byte >= in->len) {
        *nread = 0;
        return "";
    }
    *nread = in->len - byte;
    return in->data + byte;
}

/* Called by tree-sitter every 100 parse operations; true cancels. */
static bool parse_progress(TSParseState *state)
{
    hcl_input *in = state->payload;
    if (kr_meter_over()) {
        in->over_memory = true;
        return true;
    }
    if (!in->has_deadline) return false;
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return false;
    if (now.tv_sec > in->deadline.tv_sec ||
        (now.tv_sec == in->deadline.tv_sec && now.tv_nsec >= in->deadline.tv_nsec)) {
        in->expired = true;
        in->reached = state->current_byte_offset;
        return true;
    }
    return false;
}

/* Position of a byte offset, counting lines (only for the rare timeout). */
static kr_span span_at(const char *data, size_t len, size_t byte)
{
    kr_span s;
    uint32_t line = 0;
    size_t bol = 0;
    if (byte > len) byte = len;
    for (size_t i = 0; i < byte; i++)
        if (data[i] == '\n') line++, bol = i + 1;
    s.start.line = line;
    s.start.col = (uint32_t)(byte - bol);
    s.start.byte = (uint32_t)byte;
    s.end = s.start;
    return s;
}

static int load_symbols(hcl_syms *sym, const TSLanguage *lang)
{
#define X(name)                                                                                 \
    sym->name = ts_language_symbol_for_name(lang, #name, (uint32_t)(sizeof #name - 1), true);  \
    if (!sym->name) return -1;
    HCL_SYMBOLS(X)
#undef X
    sym->key = ts_language_field_id_for_name(lang, "key", 3);
    sym->val = ts_language_field_id_for_name(lang, "val", 3);
    return sym->key && sym->val ? 0 : -1;
}

int kr_hcl_parse_with_budget(kr_doc *self, kr_diags *diags, uint64_t budget_us)
{
    int rc = KR_OK;
    TSParser *parser = NULL;
    TSTree *tree = NULL;
    hcl_ctx ctx;
    bool have_scratch = false;
    memset(&ctx, 0, sizeof ctx);

    if (self->len > HCL_MAX_INPUT) {
        kr_span at = span_at(self->data, self->len, 0);
        kr_diags_add(diags, KR_SEV_ERROR, self->path, &at, "limit",
                     "HCL: file larger than %u bytes, not parsed", HCL_MAX_INPUT);
        rc = KR_ELIMIT;
        goto out;
    }

    const TSLanguage *lang = tree_sitter_hcl();
    parser = ts_parser_new();
    if (!ts_parser_set_language(parser, lang) || load_symbols(&ctx.sym, lang) != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, self->path, NULL, "internal-error",
                     "HCL: the tree-sitter-hcl grammar does not match this build");
        rc = KR_ERROR;
        goto out;
    }

    hcl_input in;
    memset(&in, 0, sizeof in);
    in.data = self->data ? mask_exponents(self->arena, self->data, self->len) : "";
    in.len = (uint32_t)self->len;
    if (budget_us && clock_gettime(CLOCK_MONOTONIC, &in.deadline) == 0) {
        in.has_deadline = true;
        in.deadline.tv_sec += (time_t)(budget_us / 1000000u);
        in.deadline.tv_nsec += (long)(budget_us % 1000000u) * 1000L;
        if (in.deadline.tv_nsec >= 1000000000L) {
            in.deadline.tv_sec++;
            in.deadline.tv_nsec -= 1000000000L;
        }
    }
    TSInput input = {&in, read_input, TSInputEncodingUTF8, NULL};
    TSParseOptions opts = {&in, parse_progress};
    tree = ts_parser_parse_with_options(parser, NULL, input, opts);
    if (!tree || kr_meter_over()) {
        if (!in.expired && kr_meter_over()) {
            kr_diags_add(diags, KR_SEV_ERROR, self->path, NULL, "memory",
                         "exceeds --max-memory: parsing it needed more than %zu MiB, not scanned",
                         kr_meter_current()->limit / (1024u * 1024u));
            rc = KR_ELIMIT;
        } else if (in.expired) {
            kr_span at = span_at(self->data, in.len, in.reached);
            kr_diags_add(diags, KR_SEV_ERROR, self->path, &at, "limit",
                         "HCL: parsing took longer than %g s, given up",
                         (double)budget_us / 1e6);
            rc = KR_ELIMIT;
        } else {
            kr_diags_add(diags, KR_SEV_ERROR, self->path, NULL, "parse-error", "HCL: the parser failed");
            rc = KR_EPARSE;
        }
        goto out;
    }

    TSNode root = ts_tree_root_node(tree);
    if (ts_node_has_error(root)) {
        report_syntax_error(self, diags, root);
        rc = KR_EPARSE;
        goto out;
    }

    ctx.doc = self;
    ctx.arena = self->arena;
    ctx.diags = diags;
    ctx.src = self->data ? self->data : ""; /* never the masked copy */
    ctx.scratch = ts_tree_cursor_new(root);
    have_scratch = true;

    kr_span whole = span_of(root);
    whole.start.line = whole.start.col = whole.start.byte = 0;
    kr_node *doc_root = NULL;
    TSNode top;
    if (sole_child(&ctx, root, &top) && ts_node_symbol(top) == ctx.sym.object) {
        doc_root = convert_value(&ctx, top, 0); /* a .tfvars-style object file */
        if (doc_root) doc_root->span = whole;
    } else {
        doc_root = mk(&ctx, KR_NODE_MAP, whole);
        TSTreeCursor c = ts_tree_cursor_new(root);
        TSNode ch;
        FOR_EACH_CHILD(c, ch) {
            if (ts_node_symbol(ch) == ctx.sym.body && convert_body(&ctx, doc_root, ch, 0, true)) break;
        }
        ts_tree_cursor_delete(&c);
    }
    if (!ctx.rc && kr_meter_over()) {
        kr_diags_add(diags, KR_SEV_ERROR, self->path, NULL, "memory",
                     "exceeds --max-memory: reading it needed more than %zu MiB, not scanned",
                     kr_meter_current()->limit / (1024u * 1024u));
        ctx.rc = KR_ELIMIT;
    }
    if (ctx.rc || !doc_root) {
        rc = ctx.rc ? ctx.rc : KR_ERROR;
        goto out;
    }
    kr_doc_add_root(self, doc_root, KR_FMT_TERRAFORM);

out:
    if (have_scratch) ts_tree_cursor_delete(&ctx.scratch);
    free(ctx.groups.slots);
    if (tree) ts_tree_delete(tree);
    if (parser) ts_parser_delete(parser);
    return rc;
}

int kr_doc_parse_hcl(kr_doc *self, kr_diags *diags)
{
    return kr_hcl_parse_with_budget(self, diags, HCL_PARSE_BUDGET_US);
}
