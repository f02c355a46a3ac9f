/* path.c - compiling and resolving document paths (see path.h).
 *
 * Grammar (columns in errors are 0-based byte offsets into the text):
 *   path    := first rest*
 *   first   := key | bracket
 *   rest    := '.' key | bracket
 *   key     := '*' | bare | quoted
 *   bare    := one or more bytes other than . [ ] ' " and whitespace; a '*'
 *              inside a bare key is an error (quote such a key)
 *   quoted  := '...' or "..."; a backslash escapes \ ' or " (other escapes
 *              are errors); '' is the empty key
 *   bracket := '[' ( '*' | -?digits | quoted | '~' quoted | '?' ) ']'
 *   [~'re'] selects the values of a map whose key matches the regular
 *              expression re (util/regex.h, unanchored; a leading (?i)
 *              ignores case): `Variables[~'(?i)passw(or)?d|secret']`
 * After a quoted key or ']' comes '.', '[' or the end.
 *
 * Resolution walks every branch and reports one hit per branch end:
 *   - key step on a MAP: the value of the first pair with that key, else
 *     absent (stop = the map). On a SEQ: applied to every item (fan-out,
 *     recursively through nested sequences). On a scalar (or null): absent
 *     (stop = the scalar).
 *   - [N] on a SEQ: item N; a negative N counts from the end ([-1] = last).
 *     Out of range, or on anything but a SEQ: absent.
 *   - [*] / * on a SEQ: every item; on a MAP: every value; on a scalar: absent.
 *   - [?] keeps a value written as a literal scalar and drops the others
 *     (no hit): an unknown value (a reference, a variable, a function), a
 *     map or a sequence. For rules about literals only ("no secret written
 *     in the file"), where a reference is by construction not one.
 *   - [~'re'] on a MAP: every value whose key matches (none: no hits, as a
 *     fan-out over nothing); on a SEQ: applied to every item; on a scalar:
 *     absent.
 *   - stepping into a value that is unknown (kr_node_is_unknown: an EXPR or
 *     a tagged CloudFormation intrinsic) gives an unknown hit (stop = it),
 *     never an absent one: `tags.Owner` with `tags = var.tags` is unknown.
 *     The last node reached is returned as found even when it is unknown:
 *     the evaluator decides what an unknown value means.
 *   - a fan-out over an empty SEQ or MAP yields no hits at all, so "all"
 *     over zero values holds (and "any" does not).
 * Found hits have node = the value and stop = NULL; absent and unknown hits
 * have node = NULL. A NULL path yields root itself; a NULL root is absent.
 * At most KR_PATH_MAX_HITS hits are produced per resolve (alias-heavy YAML
 * can share subtrees); past the cap one unknown hit (stop = the node where
 * the walk was cut) is added instead, so a check never silently passes.
 */
#include "rules/path.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/regex.h"

#define KR_PATH_MAX_TEXT 4096   /* longest path text */
#define KR_PATH_MAX_STEPS 128   /* most steps in one path */
#define KR_PATH_MAX_HITS 100000 /* most hits from one resolve */

typedef enum step_kind { STEP_KEY, STEP_INDEX, STEP_WILD, STEP_KEYRE, STEP_LITERAL } step_kind;

/* step - one compiled step: a key (owned, unescaped, may hold any byte), an
 * index (negative counts from the end) or a wildcard. */
typedef struct step {
    step_kind kind;
    char *key;
    size_t key_len;
    long index;
    kr_regex *re;   /* STEP_KEYRE: the key pattern (owned) */
} step;

struct kr_path {
    step *steps;
    size_t nsteps;
};

/* --------------------------------------------------------------- compile */

typedef struct parser {
    const char *s;
    size_t len;
    size_t i;
    size_t err_col;
    const char *err_msg;
    kr_path *path;
} parser;

static int fail(parser *p, size_t col, const char *msg)
{
    p->err_col = col;
    p->err_msg = msg;
    return -1;
}

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int add_step(parser *p, step st, size_t col)
{
    if (p->path->nsteps >= KR_PATH_MAX_STEPS) {
        free(st.key);
        return fail(p, col, "too many steps");
    }
    p->path->steps = kr_xrealloc(p->path->steps, (p->path->nsteps + 1) * sizeof *p->path->steps);
    p->path->steps[p->path->nsteps++] = st;
    return 0;
}

/* A quoted key starting at p->i (the quote). */
static int parse_quoted(parser *p)
{
    size_t open = p->i;
    char q = p->s[p->i++];
    kr_buf b;
    kr_buf_init(&b, 0);
    for (;;) {
        if (p->i >= p->len) {
            kr_buf_dispose(&b);
            return fail(p, open, "unterminated quote");
        }
        char c = p->s[p->i];
        if (c == q) {
            p->i++;
            break;
        }
        if (c == '\\') {
            if (p->i + 1 >= p->len) {
                kr_buf_dispose(&b);
                return fail(p, open, "unterminated quote");
            }
            char e = p->s[p->i + 1];
            if (e != '\\' && e != '\'' && e != '"') {
                kr_buf_dispose(&b);
                return fail(p, p->i, "bad escape (only \\\\, \\' and \\\" are allowed)");
            }
            kr_buf_putc(&b, e);
            p->i += 2;
            continue;
        }
        kr_buf_putc(&b, c);
        p->i++;
    }
    step st = {STEP_KEY, NULL, b.len, 0, NULL};
    st.key = kr_xstrndup(b.len ? b.ptr : "", b.len);
    kr_buf_dispose(&b);
    return add_step(p, st, open);
}

/* A key step (bare, quoted or '*') at p->i; after '.' or at the start. */
static int parse_key(parser *p)
{
    size_t start = p->i;
    if (p->i >= p->len || p->s[p->i] == '.' || p->s[p->i] == '[')
        return fail(p, start, "empty key");
    char c = p->s[p->i];
    if (c == '\'' || c == '"') return parse_quoted(p);
    if (c == ']') return fail(p, start, "unexpected ']'");
    while (p->i < p->len) {
        c = p->s[p->i];
        if (c == '.' || c == '[') break;
        if (c == ']') return fail(p, p->i, "unexpected ']'");
        if (c == '\'' || c == '"') return fail(p, p->i, "unexpected quote inside a key");
        if (is_ws((unsigned char)c)) return fail(p, p->i, "unexpected whitespace (quote the key)");
        p->i++;
    }
    size_t n = p->i - start;
    if (n == 1 && p->s[start] == '*') {
        step st = {STEP_WILD, NULL, 0, 0, NULL};
        return add_step(p, st, start);
    }
    const char *star = memchr(p->s + start, '*', n);
    if (star) return fail(p, (size_t)(star - p->s), "'*' must be a whole step (quote the key)");
    step st = {STEP_KEY, kr_xstrndup(p->s + start, n), n, 0, NULL};
    return add_step(p, st, start);
}

/* '[' ... ']' at p->i. */
static int parse_bracket(parser *p)
{
    size_t in = ++p->i; /* just after '[' */
    if (p->i >= p->len) return fail(p, in, "expected index, '*' or quoted key");
    char c = p->s[p->i];
    if (c == '\'' || c == '"') {
        if (parse_quoted(p) != 0) return -1;
    } else if (c == '?') {
        p->i++;
        step st = {STEP_LITERAL, NULL, 0, 0, NULL};
        if (add_step(p, st, in) != 0) return -1;
    } else if (c == '~') {
        /* a key pattern: the quoted text is a regular expression */
        p->i++;
        size_t q = p->i;
        if (p->i >= p->len || (p->s[p->i] != '\'' && p->s[p->i] != '"'))
            return fail(p, q, "expected a quoted regular expression after '~'");
        if (parse_quoted(p) != 0) return -1;
        step *st = &p->path->steps[p->path->nsteps - 1];
        kr_regex_error e;
        if (kr_regex_compile(&st->re, st->key, st->key_len, 0, &e) != 0)
            return fail(p, q + 1 + (e.offset < st->key_len ? e.offset : st->key_len),
                        "bad regular expression in a key pattern (rules/README.md, \"Regular expressions\")");
        st->kind = STEP_KEYRE;
    } else if (c == '*') {
        p->i++;
        step st = {STEP_WILD, NULL, 0, 0, NULL};
        if (add_step(p, st, in) != 0) return -1;
    } else {
        bool neg = false;
        long v = 0;
        size_t digits = 0;
        if (c == '-') {
            neg = true;
            p->i++;
        }
        while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            int d = p->s[p->i] - '0';
            if (v > (LONG_MAX - d) / 10) return fail(p, in, "bad index (too large)");
            v = v * 10 + d;
            p->i++;
            digits++;
        }
        if (digits == 0) return fail(p, in, "bad index");
        if (p->i < p->len && p->s[p->i] != ']') {
            char e = p->s[p->i];
            /* "[1x]" is a bad index; "[1" or "[1.x" is a missing ']' */
            if (e != '.' && e != '[') return fail(p, in, "bad index");
        }
        step st = {STEP_INDEX, NULL, 0, neg ? -v : v, NULL};
        if (add_step(p, st, in) != 0) return -1;
    }
    if (p->i >= p->len || p->s[p->i] != ']') return fail(p, p->i, "expected ']'");
    p->i++;
    return 0;
}

kr_path *kr_path_compile(const char *text, size_t *err_col, const char **err_msg)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.s = text ? text : "";
    p.len = strlen(p.s);
    p.path = kr_xcalloc(1, sizeof *p.path);
    int rc = 0;

    if (p.len == 0) {
        rc = fail(&p, 0, "empty path");
        goto out;
    }
    if (p.len > KR_PATH_MAX_TEXT) {
        rc = fail(&p, KR_PATH_MAX_TEXT, "path too long");
        goto out;
    }
    /* first step */
    if (p.s[0] == '[') rc = parse_bracket(&p);
    else rc = parse_key(&p);
    while (rc == 0 && p.i < p.len) {
        char c = p.s[p.i];
        if (c == '.') {
            p.i++;
            rc = parse_key(&p);
        } else if (c == '[') {
            rc = parse_bracket(&p);
        } else if (c == ']') {
            rc = fail(&p, p.i, "unexpected ']'");
        } else {
            rc = fail(&p, p.i, "expected '.' or '['");
        }
    }
out:
    if (rc != 0) {
        kr_path_free(p.path);
        if (err_col) *err_col = p.err_col;
        if (err_msg) *err_msg = p.err_msg;
        return NULL;
    }
    return p.path;
}

void kr_path_free(kr_path *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->nsteps; i++) {
        free(self->steps[i].key);
        kr_regex_free(self->steps[i].re);
    }
    free(self->steps);
    free(self);
}

/* --------------------------------------------------------------- resolve */

/* walker - the state of one resolve: the path, the output and the cap. */
typedef struct walker {
    const kr_path *path;
    kr_path_hits *out;
    size_t added;
    bool truncated;
} walker;

static void push_hit(walker *w, const kr_node *node, const kr_node *stop, int state)
{
    kr_path_hits *h = w->out;
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        h->items = kr_xrealloc(h->items, cap * sizeof *h->items);
        h->cap = cap;
    }
    h->items[h->len].node = node;
    h->items[h->len].stop = stop;
    h->items[h->len].state = state;
    h->len++;
}

static void emit(walker *w, const kr_node *node, const kr_node *stop, int state)
{
    if (w->truncated) return;
    if (w->added >= KR_PATH_MAX_HITS) {
        w->truncated = true;
        push_hit(w, NULL, node ? node : stop, 2);
        return;
    }
    w->added++;
    push_hit(w, node, stop, state);
}

static const kr_node *map_lookup(const kr_node *map, const char *key, size_t klen)
{
    for (size_t i = 0; i < map->npairs; i++) {
        const kr_node *k = map->pairs[i].key;
        if (k && k->text && k->text_len == klen && (klen == 0 || memcmp(k->text, key, klen) == 0))
            return map->pairs[i].value;
    }
    return NULL;
}

static void walk(walker *w, const kr_node *n, size_t si, int depth);

/* Applies step si to n; `depth` bounds the fan-out through nested sequences. */
static void apply_step(walker *w, const kr_node *n, size_t si, int depth)
{
    const step *st = &w->path->steps[si];
    if (w->truncated) return;
    if (!n) {
        emit(w, NULL, NULL, 1);
        return;
    }
    if (st->kind == STEP_LITERAL) {
        if (n->kind == KR_NODE_SCALAR && !kr_node_is_unknown(n))
            walk(w, n, si + 1, depth + 1);
        return; /* not a literal: no hit */
    }
    if (kr_node_is_unknown(n)) {
        emit(w, NULL, n, 2);
        return;
    }
    switch (st->kind) {
    case STEP_KEY:
        if (n->kind == KR_NODE_MAP) {
            const kr_node *v = map_lookup(n, st->key, st->key_len);
            if (v) walk(w, v, si + 1, depth + 1);
            else emit(w, NULL, n, 1);
        } else if (n->kind == KR_NODE_SEQ) {
            if (depth >= KR_MAX_DEPTH) {
                emit(w, NULL, n, 2); /* deeper than any document may be */
                return;
            }
            for (size_t i = 0; i < n->nitems && !w->truncated; i++)
                apply_step(w, n->items[i], si, depth + 1);
        } else {
            emit(w, NULL, n, 1);
        }
        break;
    case STEP_INDEX:
        if (n->kind == KR_NODE_SEQ) {
            long len = n->nitems > (size_t)LONG_MAX ? LONG_MAX : (long)n->nitems;
            long idx = st->index < 0 ? len + st->index : st->index;
            if (idx >= 0 && idx < len) walk(w, n->items[idx], si + 1, depth + 1);
            else emit(w, NULL, n, 1);
        } else {
            emit(w, NULL, n, 1);
        }
        break;
    case STEP_LITERAL:
        break; /* handled above */
    case STEP_KEYRE:
        if (n->kind == KR_NODE_MAP) {
            for (size_t i = 0; i < n->npairs && !w->truncated; i++) {
                const kr_node *k = n->pairs[i].key;
                if (k && k->text && kr_regex_search(st->re, k->text, k->text_len))
                    walk(w, n->pairs[i].value, si + 1, depth + 1);
            }
        } else if (n->kind == KR_NODE_SEQ) {
            if (depth >= KR_MAX_DEPTH) {
                emit(w, NULL, n, 2);
                return;
            }
            for (size_t i = 0; i < n->nitems && !w->truncated; i++)
                apply_step(w, n->items[i], si, depth + 1);
        } else {
            emit(w, NULL, n, 1);
        }
        break;
    case STEP_WILD:
        if (n->kind == KR_NODE_SEQ) {
            for (size_t i = 0; i < n->nitems && !w->truncated; i++)
                walk(w, n->items[i], si + 1, depth + 1);
        } else if (n->kind == KR_NODE_MAP) {
            for (size_t i = 0; i < n->npairs && !w->truncated; i++)
                walk(w, n->pairs[i].value, si + 1, depth + 1);
        } else {
            emit(w, NULL, n, 1);
        }
        break;
    }
}

/* n has been reached by steps [0, si); go on with step si or report it. */
static void walk(walker *w, const kr_node *n, size_t si, int depth)
{
    if (si == w->path->nsteps) {
        if (n) emit(w, n, NULL, 0);
        else emit(w, NULL, NULL, 1);
        return;
    }
    apply_step(w, n, si, depth);
}

void kr_path_resolve(const kr_path *path, const kr_node *root, kr_path_hits *out)
{
    if (!out) return;
    walker w = {path, out, 0, false};
    if (!path) {
        if (root) push_hit(&w, root, NULL, 0);
        else push_hit(&w, NULL, NULL, 1);
        return;
    }
    walk(&w, root, 0, 0);
}

void kr_path_hits_dispose(kr_path_hits *self)
{
    if (!self) return;
    free(self->items);
    self->items = NULL;
    self->len = self->cap = 0;
}
