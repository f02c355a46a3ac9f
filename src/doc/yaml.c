/* yaml.c - the YAML and JSON adapter: libyaml events -> kr_node trees.
 *
 * One yaml_parser_t per call, no global state. Events are folded into nodes
 * with an explicit stack of open collections (never recursion), so input
 * depth cannot overflow the C stack; the stack is capped at KR_MAX_DEPTH.
 *
 * Scalars (plain, untagged) are typed by the YAML 1.2 core schema:
 *   null   ~ null Null NULL and the empty scalar
 *   bool   true True TRUE false False FALSE
 *   int    [-+]?[0-9]+  0o[0-7]+  0x[0-9a-fA-F]+   (out of int64 range: float)
 *   float  [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?  [-+]?.inf  .nan
 * Everything else is a string. YAML 1.1 spellings (yes/no/on/off/y/n, 1_000,
 * 0b1010, 1:30, timestamps) stay strings: `on:` in a GitHub workflow is the
 * key "on", and a rule that wants a bool compares "true"/"false" anyway.
 * Quoted, literal and folded scalars are strings. Map keys are always
 * string scalars (text as written), with their own span.
 *
 * Tags: the standard tags (tag:yaml.org,2002:str/int/float/bool/null, the
 * `!!x` shorthands) force the scalar's type and are not stored. Any other tag
 * (CloudFormation's !Ref, !Sub, !GetAtt ..., or any local/global tag) is kept
 * in node->tag; a tagged scalar is a string. The non-specific tag `!` just
 * makes a string.
 *
 * Anchors and aliases: an alias IS the anchored node (shared, not copied), so
 * its span is the anchor's. To stop alias bombs, every node has a logical
 * size (1 + its children's, an alias counting its target's full size,
 * saturating); the sizes brought in by aliases are added up over the whole
 * file and the parse fails with KR_ELIMIT once they pass
 * KR_MAX_ALIAS_EXPANSION. Since that bound is checked as each alias is seen,
 * billion-laughs stops after a few levels without building anything big,
 * and any later walk over the tree (which may visit shared nodes once per
 * reference) is bounded by nodes + KR_MAX_ALIAS_EXPANSION.
 * An alias to a collection that is still open (recursive) is an error.
 * Merge keys (`<<: *base`, `<<: [*a, *b]`) copy the source maps' pairs into
 * the map (shared nodes); keys written in the map win wherever they appear,
 * then earlier merge sources win over later ones.
 *
 * Duplicate keys: the first is kept, each later one is a "duplicate-key"
 * warning at its key (the first DUP_WARN_MAX of a file, then one summary).
 *
 * Positions: libyaml marks count characters (mark.index and mark.column),
 * krewlint counts bytes and '\n' lines (as loc.c does), so marks are converted
 * with a cursor walking the UTF-8 bytes (marks arrive nearly in order, so the
 * walk is linear overall). UTF-16/32 input is refused (libyaml would decode
 * it, but spans and source slices must index the file's bytes).
 *
 * JSON is parsed by libyaml as YAML flow content. libyaml rejects some valid
 * JSON: a tab before the first `{` or on a line after the closing `}` (tabs
 * are only skipped inside flow collections), and a key separated from its
 * `:` by a line break. When a parse of JSON-looking content (first
 * non-blank byte `{` or `[`) fails, it is retried once on a same-length copy
 * where tabs outside strings are spaces and whitespace between a closing
 * quote and a `:` is moved after the `:`. Every byte offset and line start
 * stays where it was, so spans still index the original bytes. libyaml also
 * refuses a key of more than 1024 characters (its simple-key limit): in the
 * retry copy, every key of LONG_KEY_MIN characters or more is written as
 * spaces followed by `""` (the same number of characters, so marks still
 * convert through the cursor over the original bytes), and the empty key
 * libyaml then reports is given the real key back: the original's quoted
 * string decoded by a libyaml parse of its own, and the original's span.
 *
 * Errors: one diagnostic ("parse-error" or "limit") at the problem position;
 * on failure no root is added to the doc and warnings are dropped.
 */
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "doc/doc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/meter.h"
#include "util/yaml12.h"

#define STD_TAG_PREFIX "tag:yaml.org,2002:"

/* JSON keys of this many characters or more are masked in the retry copy
 * (libyaml refuses a simple key longer than 1024 characters; masking shorter
 * ones too is harmless and leaves a margin for the ':' lookahead). */
#define LONG_KEY_MIN 512

/* Duplicate-key warnings reported per file; the rest are counted in one. */
#define DUP_WARN_MAX 100

/* spair - a map entry while its map is open. `merged` pairs come from a
 * merge key and lose silently against any other pair with the same key. */
typedef struct spair {
    kr_node *key;
    kr_node *value;
    bool merged;
    bool drop;
} spair;

/* frame - one open collection. Its children sit in the ctx scratch stacks
 * from index `base` (pairs for a map, items for a sequence) and `mbase`
 * (merge sources) up to the top: children of deeper frames are always above
 * and are popped before this frame gets its next child. */
typedef struct frame {
    kr_node *node;
    kr_node *key;        /* MAP: key waiting for its value, NULL if none */
    kr_span key_span;
    bool merge_pending;  /* the waiting key is the merge key `<<` */
    bool flow;
    bool has_child;
    char *anchor;        /* owned: registered when the collection ends */
    uint64_t size;       /* logical size so far (saturating) */
    size_t base;
    size_t mbase;
    kr_loc last_end;     /* end of the last child, for block collections */
} frame;

/* anchor_ent - a defined anchor of the current document. */
typedef struct anchor_ent {
    char *name;          /* owned; NULL = empty slot */
    kr_node *node;
    uint64_t size;
} anchor_ent;

/* anchors - open-addressing hash table, power-of-two capacity, <= 50% full. */
typedef struct anchors {
    anchor_ent *slots;
    size_t cap;
    size_t len;
} anchors;

/* cursor - converts libyaml character indexes to byte offsets and lines. */
typedef struct cursor {
    size_t idx;          /* character index (libyaml's mark.index) */
    size_t byte;
    uint32_t line;
    size_t line_start;   /* byte offset of the start of `line` */
} cursor;

/* longkey - a JSON key the retry copy holds as `""` (LONG_KEY_MIN). */
typedef struct longkey {
    size_t idx;        /* character index of the `""` in the copy */
    size_t orig_idx;   /* character index of the key's opening quote */
    size_t byte, len;  /* the quoted key in the original bytes */
} longkey;

/* yctx - one parse of one file. */
typedef struct yctx {
    kr_doc *doc;
    const char *data;    /* the original bytes (spans, slices) */
    size_t len;
    size_t bom;          /* 3 when a UTF-8 byte order mark leads the file */
    cursor cur;

    KR_ARRAY(frame) frames;
    KR_ARRAY(spair) pairs;
    KR_ARRAY(kr_node *) items;
    KR_ARRAY(kr_node *) merges;
    KR_ARRAY(kr_node *) roots;
    anchors anc;
    kr_node *doc_root;   /* root of the document being read */
    KR_ARRAY(longkey) longkeys; /* of the retry copy, by idx */

    uint64_t expanded;   /* nodes brought in by aliases, whole file */
    size_t nodes;        /* nodes built, whole file */
    size_t ndup;         /* duplicate keys seen, whole file */
    locale_t c_locale;   /* for strtod, created on first float */

    kr_diags warnings;   /* kept only if the parse succeeds */
    int err_rc;          /* first error */
    kr_span err_span;
    bool err_has_pos;
    const char *err_code;
    char err_msg[1024];
} yctx;

/* ---- positions ------------------------------------------------------------ */

static size_t utf8_width(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1; /* stray continuation byte: libyaml has refused it already */
}

static void cursor_reset(yctx *c)
{
    c->cur.idx = 0;
    c->cur.byte = c->bom;
    c->cur.line = 0;
    c->cur.line_start = 0;
}

/* Location of character index `idx` (clamped to the end of the file). */
static kr_loc loc_of_index(yctx *c, size_t idx)
{
    cursor *k = &c->cur;
    const unsigned char *d = (const unsigned char *)c->data;
    while (k->idx < idx && k->byte < c->len) {
        if (d[k->byte] == '\n') {
            k->line++;
            k->line_start = k->byte + 1;
        }
        k->byte += utf8_width(d[k->byte]);
        if (k->byte > c->len) k->byte = c->len;
        k->idx++;
    }
    while (k->idx > idx && k->byte > c->bom) {
        k->byte--;
        while (k->byte > c->bom && (d[k->byte] & 0xC0) == 0x80) k->byte--;
        k->idx--;
        if (d[k->byte] == '\n') {
            size_t b = k->byte;
            while (b > 0 && d[b - 1] != '\n') b--;
            k->line--;
            k->line_start = b;
        }
    }
    kr_loc l = {k->line, (uint32_t)(k->byte - k->line_start), (uint32_t)k->byte};
    return l;
}

static kr_loc loc_of_mark(yctx *c, const yaml_mark_t *m)
{
    return loc_of_index(c, m->index);
}

static kr_span span_of(yctx *c, const yaml_event_t *ev)
{
    kr_span s;
    s.start = loc_of_mark(c, &ev->start_mark);
    s.end = loc_of_mark(c, &ev->end_mark);
    return s;
}

/* Location of a byte offset, counted from the start (used once, for errors). */
static kr_loc loc_of_byte(const char *data, size_t len, size_t byte)
{
    if (byte > len) byte = len;
    kr_loc l = {0, 0, (uint32_t)byte};
    size_t ls = 0;
    for (size_t i = 0; i < byte; i++) {
        if (data[i] == '\n') {
            l.line++;
            ls = i + 1;
        }
    }
    l.col = (uint32_t)(byte - ls);
    return l;
}

/* ---- errors ----------------------------------------------------------------- */

/* Records the first error; returns rc. */
static int fail(yctx *c, int rc, const kr_span *pos, const char *code, const char *fmt, ...)
    KR_PRINTF(5, 6);
static int fail(yctx *c, int rc, const kr_span *pos, const char *code, const char *fmt, ...)
{
    if (c->err_rc) return c->err_rc;
    c->err_rc = rc;
    c->err_code = code;
    c->err_has_pos = pos != NULL;
    if (pos) c->err_span = *pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err_msg, sizeof c->err_msg, fmt, ap);
    va_end(ap);
    return rc;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return false;
    for (size_t i = 0; i < m; i++) {
        char a = s[n - m + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

static int libyaml_error(yctx *c, const yaml_parser_t *p, const char *input)
{
    const char *lang = c->doc->path && ends_with_ci(c->doc->path, ".json") ? "JSON" : "YAML";
    const char *problem = p->problem ? p->problem : "unknown error";
    kr_span sp;

    if (p->error == YAML_MEMORY_ERROR)
        return fail(c, KR_EPARSE, NULL, "parse-error", "%s: out of memory while parsing", lang);

    if (p->error == YAML_READER_ERROR) {
        sp.start = loc_of_byte(c->data, c->len, p->problem_offset);
        sp.end = sp.start;
        if (p->problem_value >= 0 && strstr(problem, "UTF-8"))
            return fail(c, KR_EPARSE, &sp, "parse-error",
                        "%s: %s (byte 0x%02X at offset %zu): the file is not valid UTF-8", lang,
                        problem, (unsigned)p->problem_value & 0xFFu, p->problem_offset);
        if (strstr(problem, "UTF-8"))
            return fail(c, KR_EPARSE, &sp, "parse-error",
                        "%s: %s (at offset %zu): the file is not valid UTF-8", lang, problem,
                        p->problem_offset);
        if (p->problem_value >= 0)
            return fail(c, KR_EPARSE, &sp, "parse-error", "%s: %s (U+%04X at offset %zu)", lang,
                        problem, (unsigned)p->problem_value, p->problem_offset);
        return fail(c, KR_EPARSE, &sp, "parse-error", "%s: %s (at offset %zu)", lang, problem,
                    p->problem_offset);
    }

    sp.start = loc_of_mark(c, &p->problem_mark);
    sp.end = sp.start;
    const char *hint = "";
    (void)input;
    if (sp.start.byte < c->len && c->data[sp.start.byte] == '\t' &&
        strcmp(problem, "found character that cannot start any token") == 0)
        hint = "; tabs cannot indent YAML, use spaces";
    if (p->context) {
        kr_loc cl = loc_of_mark(c, &p->context_mark);
        return fail(c, KR_EPARSE, &sp, "parse-error", "%s: %s (%s at line %u column %u)%s", lang,
                    problem, p->context, cl.line + 1, cl.col + 1, hint);
    }
    return fail(c, KR_EPARSE, &sp, "parse-error", "%s: %s%s", lang, problem, hint);
}

/* ---- anchors ------------------------------------------------------------------ */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static void anchors_clear(anchors *a)
{
    for (size_t i = 0; i < a->cap; i++) free(a->slots[i].name);
    free(a->slots);
    memset(a, 0, sizeof *a);
}

static anchor_ent *anchors_slot(anchor_ent *slots, size_t cap, const char *name)
{
    size_t i = (size_t)hash_name(name) & (cap - 1);
    while (slots[i].name && strcmp(slots[i].name, name) != 0) i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Defines (or redefines: the latest definition wins) an anchor; takes `name`. */
static void anchors_put(anchors *a, char *name, kr_node *node, uint64_t size)
{
    if ((a->len + 1) * 2 > a->cap) {
        size_t ncap = a->cap ? a->cap * 2 : 16;
        anchor_ent *ns = kr_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < a->cap; i++)
            if (a->slots[i].name) *anchors_slot(ns, ncap, a->slots[i].name) = a->slots[i];
        free(a->slots);
        a->slots = ns;
        a->cap = ncap;
    }
    anchor_ent *e = anchors_slot(a->slots, a->cap, name);
    if (e->name) {
        free(name);
    } else {
        e->name = name;
        a->len++;
    }
    e->node = node;
    e->size = size;
}

static const anchor_ent *anchors_get(const anchors *a, const char *name)
{
    if (!a->cap) return NULL;
    const anchor_ent *e = anchors_slot(a->slots, a->cap, name);
    return e->name ? e : NULL;
}

/* ---- scalars -------------------------------------------------------------------- */

/* strtod in the C locale (a CLI may have called setlocale; uselocale is
 * per-thread, so this is safe while other files are scanned). s is
 * NUL-terminated after n bytes. */
static double c_strtod(yctx *c, const char *s)
{
    if (!c->c_locale) c->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!c->c_locale) return strtod(s, NULL);
    locale_t old = uselocale(c->c_locale);
    double d = strtod(s, NULL);
    uselocale(old);
    return d;
}

static bool float_text(yctx *c, const char *s, size_t n, double *out)
{
    if (kr_y12_float_special(s, n, out)) return true;
    if (!kr_y12_float_syntax(s, n)) return false;
    *out = c_strtod(c, s);
    return true;
}

/* Types an untagged plain scalar by the core schema. */
static void type_scalar(yctx *c, kr_node *node, const char *s, size_t n)
{
    int64_t i;
    double f;
    bool is_float;
    int b;
    if (kr_y12_is_null(s, n)) {
        node->stype = KR_SCALAR_NULL;
    } else if ((b = kr_y12_bool(s, n)) >= 0) {
        node->stype = KR_SCALAR_BOOL;
        node->v.b = b == 1;
    } else if (kr_y12_int(s, n, &i, &is_float, &f)) {
        if (is_float) {
            node->stype = KR_SCALAR_FLOAT;
            node->v.f = f;
        } else {
            node->stype = KR_SCALAR_INT;
            node->v.i = i;
        }
    } else if (float_text(c, s, n, &f)) {
        node->stype = KR_SCALAR_FLOAT;
        node->v.f = f;
    } else {
        node->stype = KR_SCALAR_STRING;
    }
}

/* Applies an explicit standard tag (the part after tag:yaml.org,2002:). A
 * text that does not fit the tag's type stays a string. */
static void type_by_std_tag(yctx *c, kr_node *node, const char *t, const char *s, size_t n)
{
    node->stype = KR_SCALAR_STRING;
    if (strcmp(t, "null") == 0) {
        node->stype = KR_SCALAR_NULL;
    } else if (strcmp(t, "bool") == 0) {
        int b = kr_y12_bool(s, n);
        if (b >= 0) {
            node->stype = KR_SCALAR_BOOL;
            node->v.b = b == 1;
        }
    } else if (strcmp(t, "int") == 0) {
        int64_t i;
        double f;
        bool is_float;
        if (kr_y12_int(s, n, &i, &is_float, &f)) {
            node->stype = is_float ? KR_SCALAR_FLOAT : KR_SCALAR_INT;
            if (is_float) node->v.f = f;
            else node->v.i = i;
        }
    } else if (strcmp(t, "float") == 0) {
        double f;
        if (float_text(c, s, n, &f)) {
            node->stype = KR_SCALAR_FLOAT;
            node->v.f = f;
        }
    }
}

static bool is_std_tag(const char *tag)
{
    return strncmp(tag, STD_TAG_PREFIX, sizeof STD_TAG_PREFIX - 1) == 0;
}

/* ---- building ---------------------------------------------------------------------- */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int count_node(yctx *c, const kr_span *sp)
{
    if (++c->nodes > KR_MAX_NODES)
        return fail(c, KR_ELIMIT, sp, "limit", "more than %d nodes in one file", KR_MAX_NODES);
    return 0;
}

/* The map key made from `node` (an event's node, or an alias target
 * when `shared`): always a string scalar with the key's own span. */
static kr_node *make_key(yctx *c, kr_node *node, bool shared, const kr_span *sp)
{
    kr_arena *a = c->doc->arena;
    if (node->kind == KR_NODE_SCALAR && !shared) {
        node->stype = KR_SCALAR_STRING;
        memset(&node->v, 0, sizeof node->v);
        return node;
    }
    if (node->kind == KR_NODE_SCALAR) {
        kr_node *k = kr_node_new_scalar(a, KR_SCALAR_STRING, node->text, node->text_len, *sp);
        k->tag = node->tag;
        return k;
    }
    /* A complex key (a map or sequence): its source text. */
    size_t s = node->span.start.byte, e = node->span.end.byte;
    if (e > c->len) e = c->len;
    if (s > e) s = e;
    return kr_node_new_scalar(a, KR_SCALAR_STRING, c->data + s, e - s, node->span);
}

/* Hands a finished node to its parent (or makes it the document root).
 * size: its logical size; shared: it is an alias target; sp: the event's
 * span (for an alias, where the alias is written). */
static int attach(yctx *c, kr_node *node, uint64_t size, bool shared, bool is_merge_key,
                  const kr_span *sp)
{
    if (c->frames.len == 0) {
        c->doc_root = node;
        return 0;
    }
    frame *f = &c->frames.items[c->frames.len - 1];
    f->size = sat_add(f->size, size);
    f->last_end = sp->end;
    f->has_child = true;
    if (f->node->kind == KR_NODE_SEQ) {
        kr_array_push(&c->items, node);
        return 0;
    }
    if (!f->key) {
        f->key = make_key(c, node, shared, sp);
        f->key_span = *sp;
        f->merge_pending = is_merge_key;
        return 0;
    }
    if (f->merge_pending) {
        bool ok = node->kind == KR_NODE_MAP;
        if (node->kind == KR_NODE_SEQ) {
            ok = true;
            for (size_t i = 0; i < node->nitems; i++)
                if (node->items[i]->kind != KR_NODE_MAP) ok = false;
        }
        if (ok) {
            if (node->kind == KR_NODE_MAP) {
                kr_array_push(&c->merges, node);
            } else {
                for (size_t i = 0; i < node->nitems; i++) kr_array_push(&c->merges, node->items[i]);
            }
            f->key = NULL;
            f->merge_pending = false;
            return 0;
        }
        kr_diags_add(&c->warnings, KR_SEV_WARNING, c->doc->path, &f->key_span, "merge-key",
                     "merge key '<<' expects a mapping or a list of mappings; kept as a plain key");
    }
    spair p = {f->key, node, false, false};
    kr_array_push(&c->pairs, p);
    f->key = NULL;
    f->merge_pending = false;
    return 0;
}

static int key_cmp(const kr_node *a, const kr_node *b)
{
    size_t n = a->text_len < b->text_len ? a->text_len : b->text_len;
    int r = memcmp(a->text, b->text, n);
    if (r) return r;
    return a->text_len < b->text_len ? -1 : a->text_len > b->text_len;
}

static int spair_ptr_cmp(const void *x, const void *y)
{
    const spair *a = *(const spair *const *)x, *b = *(const spair *const *)y;
    int r = key_cmp(a->key, b->key);
    if (r) return r;
    return a < b ? -1 : a > b; /* earlier in the map first */
}

static void warn_duplicate(yctx *c, const spair *dup, const spair *first)
{
    if (dup->merged) return;
    const kr_node *k = dup->key;
    if (++c->ndup > DUP_WARN_MAX) {
        if (c->ndup == DUP_WARN_MAX + 1)
            kr_diags_add(&c->warnings, KR_SEV_WARNING, c->doc->path, &k->span, "duplicate-key",
                         "more than %d duplicate keys; the others are not reported", DUP_WARN_MAX);
        return;
    }
    int n = k->text_len > 80 ? 80 : (int)k->text_len;
    kr_diags_add(&c->warnings, KR_SEV_WARNING, c->doc->path, &k->span, "duplicate-key",
                 "duplicate key \"%.*s%s\" (first at line %u column %u); the first value is used",
                 n, k->text, k->text_len > 80 ? "..." : "", first->key->span.start.line + 1,
                 first->key->span.start.col + 1);
}

/* Marks later duplicates in p[0..n) (first occurrence wins). */
static void mark_duplicates(yctx *c, spair *p, size_t n)
{
    if (n < 2) return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            for (size_t j = 0; j < i; j++) {
                if (!p[j].drop && key_cmp(p[i].key, p[j].key) == 0) {
                    p[i].drop = true;
                    warn_duplicate(c, &p[i], &p[j]);
                    break;
                }
            }
        }
        return;
    }
    spair **idx = kr_xmalloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++) idx[i] = &p[i];
    qsort(idx, n, sizeof *idx, spair_ptr_cmp);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (key_cmp(idx[i]->key, idx[first]->key) == 0) {
            idx[i]->drop = true;
            warn_duplicate(c, idx[i], idx[first]);
        } else {
            first = i;
        }
    }
    free(idx);
}

/* Closes the top frame: fills the node, returns it with its size. */
static void finish_frame(yctx *c, frame *f, const kr_span *end_sp)
{
    kr_arena *a = c->doc->arena;
    kr_node *node = f->node;
    if (f->flow || !f->has_child) node->span.end = end_sp->end;
    else node->span.end = f->last_end;
    if (node->span.end.byte < node->span.start.byte) node->span.end = node->span.start;

    if (node->kind == KR_NODE_SEQ) {
        for (size_t i = f->base; i < c->items.len; i++) kr_node_seq_push(a, node, c->items.items[i]);
        c->items.len = f->base;
        return;
    }
    if (f->key) { /* a key without value cannot come from libyaml; be safe */
        spair p = {f->key, NULL, false, false};
        p.value = kr_node_new_scalar(a, KR_SCALAR_NULL, "", 0, f->key_span);
        kr_array_push(&c->pairs, p);
    }
    for (size_t m = f->mbase; m < c->merges.len; m++) {
        const kr_node *src = c->merges.items[m];
        for (size_t i = 0; i < src->npairs; i++) {
            spair p = {src->pairs[i].key, src->pairs[i].value, true, false};
            kr_array_push(&c->pairs, p);
        }
    }
    c->merges.len = f->mbase;
    if (c->pairs.len > f->base) /* items may be NULL for an empty first map: no NULL + 0 */
        mark_duplicates(c, c->pairs.items + f->base, c->pairs.len - f->base);
    for (size_t i = f->base; i < c->pairs.len; i++) {
        const spair *p = &c->pairs.items[i];
        if (!p->drop) kr_node_map_put(a, node, p->key, p->value);
    }
    c->pairs.len = f->base;
}

static const char *keep_tag(yctx *c, const char *tag)
{
    if (!tag || is_std_tag(tag) || strcmp(tag, "!") == 0) return NULL;
    return kr_arena_strdup(c->doc->arena, tag);
}

static void define_anchor(yctx *c, const char *name, kr_node *node, uint64_t size)
{
    anchors_put(&c->anc, kr_xstrdup(name), node, size);
}

/* The masked key (longkey) whose `""` starts at character index idx. */
static const longkey *find_longkey(const yctx *c, size_t idx)
{
    size_t lo = 0, hi = c->longkeys.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const longkey *k = &c->longkeys.items[mid];
        if (k->idx == idx) return k;
        if (k->idx < idx) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* Decodes the double-quoted key k of the original bytes with a parse of its
 * own (libyaml's escapes are a superset of JSON's): a malloc'ed string in
 * *out, its length in *n; -1 when it does not read as one scalar. */
static int decode_longkey(const yctx *c, const longkey *k, char **out, size_t *n)
{
    yaml_parser_t p;
    int rc = -1;
    *out = NULL;
    if (!yaml_parser_initialize(&p)) return -1;
    yaml_parser_set_input_string(&p, (const unsigned char *)c->data + k->byte, k->len);
    for (int guard = 0; guard < 4 && rc != 0; guard++) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) break;
        bool scalar = ev.type == YAML_SCALAR_EVENT;
        if (scalar && ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            *n = ev.data.scalar.length;
            *out = kr_xmalloc(*n + 1);
            memcpy(*out, ev.data.scalar.value, *n);
            (*out)[*n] = '\0';
            rc = 0;
        }
        yaml_event_delete(&ev);
        if (scalar) break;
    }
    yaml_parser_delete(&p);
    return rc;
}

static int on_scalar(yctx *c, const yaml_event_t *ev)
{
    kr_span sp = span_of(c, ev);
    int rc = count_node(c, &sp);
    if (rc) return rc;
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const longkey *lk = NULL;
    char *key = NULL;
    if (c->longkeys.len && n == 0 && ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
        (lk = find_longkey(c, ev->start_mark.index)) != NULL) {
        if (decode_longkey(c, lk, &key, &n) != 0)
            return fail(c, KR_EPARSE, &sp, "parse-error", "JSON: a key of %zu bytes does not read as a string",
                        lk->len);
        s = key;
        sp.start = loc_of_index(c, lk->orig_idx);
    }
    const char *tag = (const char *)ev->data.scalar.tag;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    kr_node *node = kr_node_new_scalar(c->doc->arena, KR_SCALAR_STRING, s, n, sp);
    free(key);
    bool merge_key = false;

    if (tag && is_std_tag(tag)) {
        const char *t = tag + sizeof STD_TAG_PREFIX - 1;
        merge_key = strcmp(t, "merge") == 0;
        type_by_std_tag(c, node, t, s, n);
    } else if (tag) {
        node->tag = keep_tag(c, tag);
    } else if (plain) {
        merge_key = n == 2 && memcmp(s, "<<", 2) == 0;
        type_scalar(c, node, s, n);
    }
    if (ev->data.scalar.anchor) define_anchor(c, (const char *)ev->data.scalar.anchor, node, 1);
    return attach(c, node, 1, false, merge_key, &sp);
}

static int on_alias(yctx *c, const yaml_event_t *ev)
{
    kr_span sp = span_of(c, ev);
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = c->frames.len; i-- > 0;) {
        if (c->frames.items[i].anchor && strcmp(c->frames.items[i].anchor, name) == 0)
            return fail(c, KR_EPARSE, &sp, "parse-error",
                        "alias *%.200s refers to a collection that contains it (recursive alias)",
                        name);
    }
    const anchor_ent *e = anchors_get(&c->anc, name);
    if (!e)
        return fail(c, KR_EPARSE, &sp, "parse-error", "undefined alias *%.200s", name);
    c->expanded = sat_add(c->expanded, e->size);
    if (c->expanded > KR_MAX_ALIAS_EXPANSION)
        return fail(c, KR_ELIMIT, &sp, "limit",
                    "alias expansion exceeds %d nodes (an alias bomb?); file not scanned",
                    KR_MAX_ALIAS_EXPANSION);
    return attach(c, e->node, e->size, true, false, &sp);
}

static int on_start(yctx *c, const yaml_event_t *ev, kr_node_kind kind)
{
    kr_span sp = span_of(c, ev);
    if (c->frames.len >= KR_MAX_DEPTH)
        return fail(c, KR_ELIMIT, &sp, "limit", "nesting depth exceeds %d", KR_MAX_DEPTH);
    int rc = count_node(c, &sp);
    if (rc) return rc;
    const char *tag, *anchor;
    bool flow;
    if (kind == KR_NODE_MAP) {
        tag = (const char *)ev->data.mapping_start.tag;
        anchor = (const char *)ev->data.mapping_start.anchor;
        flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    } else {
        tag = (const char *)ev->data.sequence_start.tag;
        anchor = (const char *)ev->data.sequence_start.anchor;
        flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    }
    frame f;
    memset(&f, 0, sizeof f);
    f.node = kr_node_new(c->doc->arena, kind, sp);
    f.node->tag = keep_tag(c, tag);
    f.flow = flow;
    f.anchor = anchor ? kr_xstrdup(anchor) : NULL;
    f.size = 1;
    f.base = kind == KR_NODE_MAP ? c->pairs.len : c->items.len;
    f.mbase = c->merges.len;
    kr_array_push(&c->frames, f);
    return 0;
}

static int on_end(yctx *c, const yaml_event_t *ev)
{
    kr_span sp = span_of(c, ev);
    frame f = c->frames.items[--c->frames.len];
    finish_frame(c, &f, &sp);
    if (f.anchor) anchors_put(&c->anc, f.anchor, f.node, f.size); /* takes the name */
    kr_span whole = f.node->span;
    return attach(c, f.node, f.size, false, false, &whole);
}

static void end_document(yctx *c)
{
    kr_node *r = c->doc_root;
    c->doc_root = NULL;
    anchors_clear(&c->anc);
    if (!r) return;
    /* An empty document (`---` with nothing, a file of comments) is skipped. */
    if (r->kind == KR_NODE_SCALAR && r->stype == KR_SCALAR_NULL && r->text_len == 0 && !r->tag)
        return;
    kr_array_push(&c->roots, r);
}

static void reset_state(yctx *c)
{
    for (size_t i = 0; i < c->frames.len; i++) free(c->frames.items[i].anchor);
    c->frames.len = 0;
    c->pairs.len = c->items.len = c->merges.len = c->roots.len = 0;
    anchors_clear(&c->anc);
    c->doc_root = NULL;
    c->expanded = 0;
    c->nodes = 0;
    c->ndup = 0;
    kr_diags_dispose(&c->warnings);
    c->err_rc = 0;
    c->err_code = NULL;
    c->err_msg[0] = '\0';
    cursor_reset(c);
}

/* libyaml allocates with malloc itself, out of util/meter.h's sight: what a
 * parser holds is estimated as LIBYAML_FIXED (its input and character
 * buffers, 16 KiB each with the decoded copy three times that, and its
 * stacks) plus, while an event lives, LIBYAML_PER_TEXT times the event's
 * texts (the scanner's copy of a scalar and the event's). */
#define LIBYAML_FIXED (96u * 1024u)
#define LIBYAML_PER_TEXT 2u

static size_t event_texts(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return ev->data.scalar.length + (ev->data.scalar.anchor ? strlen((char *)ev->data.scalar.anchor) : 0) +
               (ev->data.scalar.tag ? strlen((char *)ev->data.scalar.tag) : 0);
    case YAML_ALIAS_EVENT: return strlen((char *)ev->data.alias.anchor);
    case YAML_SEQUENCE_START_EVENT:
        return (ev->data.sequence_start.anchor ? strlen((char *)ev->data.sequence_start.anchor) : 0) +
               (ev->data.sequence_start.tag ? strlen((char *)ev->data.sequence_start.tag) : 0);
    case YAML_MAPPING_START_EVENT:
        return (ev->data.mapping_start.anchor ? strlen((char *)ev->data.mapping_start.anchor) : 0) +
               (ev->data.mapping_start.tag ? strlen((char *)ev->data.mapping_start.tag) : 0);
    default: return 0;
    }
}

/* One parse of `input` (the file's bytes, or a same-length normalised copy). */
static int parse_pass(yctx *c, const char *input, size_t len)
{
    yaml_parser_t p;
    int rc = 0;
    reset_state(c);
    if (!yaml_parser_initialize(&p))
        return fail(c, KR_EPARSE, NULL, "parse-error", "YAML: out of memory");
    uint64_t fixed_tag = kr_meter_charge(LIBYAML_FIXED);
    yaml_parser_set_input_string(&p, (const unsigned char *)input, len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = libyaml_error(c, &p, input);
            break;
        }
        size_t texts = event_texts(&ev) * LIBYAML_PER_TEXT;
        uint64_t tag = kr_meter_charge(texts);
        if (kr_meter_over()) {
            kr_span sp = span_of(c, &ev);
            rc = fail(c, KR_ELIMIT, &sp, "memory",
                      "exceeds --max-memory: reading it needed more than %zu MiB, not scanned",
                      kr_meter_current()->limit / (1024u * 1024u));
            kr_meter_credit(tag, texts);
            yaml_event_delete(&ev);
            break;
        }
        bool done = false;
        switch (ev.type) {
        case YAML_SCALAR_EVENT: rc = on_scalar(c, &ev); break;
        case YAML_ALIAS_EVENT: rc = on_alias(c, &ev); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_start(c, &ev, KR_NODE_SEQ); break;
        case YAML_MAPPING_START_EVENT: rc = on_start(c, &ev, KR_NODE_MAP); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: rc = on_end(c, &ev); break;
        case YAML_DOCUMENT_START_EVENT: anchors_clear(&c->anc); break;
        case YAML_DOCUMENT_END_EVENT: end_document(c); break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        kr_meter_credit(tag, texts);
        yaml_event_delete(&ev);
        if (rc || done) break;
    }
    kr_meter_credit(fixed_tag, LIBYAML_FIXED);
    yaml_parser_delete(&p);
    return rc;
}

/* First non-blank byte is `{` or `[`. */
static bool looks_like_json(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
        return ch == '{' || ch == '[';
    }
    return false;
}

/* The retry copy for JSON (see the file comment); same length as s. */
static char *normalise_json(const char *s, size_t n)
{
    char *o = kr_xmalloc(n + 1);
    memcpy(o, s, n);
    o[n] = '\0';
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char ch = o[i];
        if (in_str) {
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                in_str = false;
                size_t j = i + 1;
                while (j < n && (o[j] == ' ' || o[j] == '\t' || o[j] == '\r' || o[j] == '\n')) j++;
                if (j > i + 1 && j < n && o[j] == ':') {
                    memmove(o + i + 2, o + i + 1, j - i - 1);
                    o[i + 1] = ':';
                    i++;
                }
            }
        } else if (ch == '"') {
            in_str = true;
        } else if (ch == '\t') {
            o[i] = ' ';
        }
    }
    return o;
}

/* The retry copy with every JSON key of LONG_KEY_MIN characters or more
 * masked (see the file comment): a new malloc'ed buffer with its length in
 * *out_len and the keys in c->longkeys, or NULL when there is none. s is the
 * normalised copy (byte for byte aligned with the original). A key holding
 * invalid UTF-8 or a raw control character is left alone (libyaml refuses
 * those either way). */
static char *mask_long_keys(yctx *c, const char *s, size_t n, size_t *out_len)
{
    kr_buf b;
    bool any = false;
    size_t idx = 0, done = 0; /* characters before byte i; bytes of s copied */
    kr_buf_init(&b, 0);
    c->longkeys.len = 0;
    for (size_t i = c->bom; i < n; i++) { /* libyaml counts no BOM */
        unsigned char ch = (unsigned char)s[i];
        if (ch != '"') {
            if ((ch & 0xC0) != 0x80) idx++;
            continue;
        }
        /* a string from i to its closing quote at j */
        size_t j = i + 1, chars = 1;
        bool clean = true;
        while (j < n && s[j] != '"') {
            unsigned char u = (unsigned char)s[j];
            if (u < 0x20) clean = false;
            if (u == '\\' && j + 1 < n) {
                unsigned char e = (unsigned char)s[j + 1];
                if (e < 0x20) clean = false;
                chars += (e & 0xC0) != 0x80 ? 2 : 1;
                j += 2;
                continue;
            }
            if ((u & 0xC0) != 0x80) chars++;
            j++;
        }
        if (j >= n) break;
        chars++; /* the closing quote */
        size_t k = j + 1;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n')) k++;
        if (k < n && s[k] == ':' && chars >= LONG_KEY_MIN && clean && kr_utf8_valid(s + i, j + 1 - i)) {
            longkey lk = {idx + chars - 2, idx, i, j + 1 - i};
            kr_array_push(&c->longkeys, lk);
            kr_buf_put(&b, s + done, i - done);
            for (size_t m = 0; m < chars - 2; m++) kr_buf_putc(&b, ' ');
            kr_buf_put(&b, "\"\"", 2);
            done = j + 1;
            any = true;
        }
        idx += chars;
        i = j;
    }
    if (!any) {
        kr_buf_dispose(&b);
        return NULL;
    }
    kr_buf_put(&b, s + done, n - done);
    *out_len = b.len;
    return kr_buf_detach(&b);
}

int kr_doc_parse_yaml(kr_doc *self, kr_diags *diags)
{
    yctx c;
    memset(&c, 0, sizeof c);
    c.doc = self;
    c.data = self->data ? self->data : "";
    c.len = self->data ? self->len : 0;
    kr_diags_init(&c.warnings);
    char *copy = NULL;
    int rc;

    const unsigned char *u = (const unsigned char *)c.data;
    if (c.len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        kr_span sp = {{0, 0, 0}, {0, 0, 0}};
        rc = fail(&c, KR_EPARSE, &sp, "parse-error",
                  "the file is UTF-16 or UTF-32 encoded; krewlint reads UTF-8 only");
        goto out;
    }
    if (c.len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) c.bom = 3;

    rc = parse_pass(&c, c.data, c.len);
    if (rc == KR_EPARSE && looks_like_json(c.data, c.len, c.bom)) {
        copy = normalise_json(c.data, c.len);
        size_t masked_len = 0;
        char *masked = mask_long_keys(&c, copy, c.len, &masked_len);
        if (masked) {
            rc = parse_pass(&c, masked, masked_len);
            free(masked);
        } else if (memcmp(copy, c.data, c.len) != 0) {
            rc = parse_pass(&c, copy, c.len);
        }
    }
    if (rc == 0) {
        for (size_t i = 0; i < c.roots.len; i++)
            kr_doc_add_root(self, c.roots.items[i], KR_FMT_UNKNOWN);
        kr_diags_take(diags, &c.warnings);
    }

out:
    if (rc) {
        kr_diags_add(diags, KR_SEV_ERROR, self->path, c.err_has_pos ? &c.err_span : NULL,
                     c.err_code ? c.err_code : "parse-error", "%s",
                     c.err_msg[0] ? c.err_msg : "parse failed");
    }
    reset_state(&c);
    kr_diags_dispose(&c.warnings);
    kr_array_dispose(&c.frames);
    kr_array_dispose(&c.pairs);
    kr_array_dispose(&c.items);
    kr_array_dispose(&c.merges);
    kr_array_dispose(&c.roots);
    kr_array_dispose(&c.longkeys);
    if (c.c_locale) freelocale(c.c_locale);
    free(copy);
    return rc;
}
