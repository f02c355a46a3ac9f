/* prefilter.c - the words a source query cannot match without (prefilter.h).
 *
 * A small reader of tree-sitter's query S-expressions: elements are lists
 * "(type child ...)" or groups "((a) (b))", alternations "[a b]", anonymous
 * nodes "\"=\"", wildcards, fields "name:", negated fields "!name", anchors
 * ".", each followed by quantifiers (? * +) and captures (@name); lists
 * starting with '#' are predicates. For every element it computes the
 * captures a match of it always holds; then the pattern's predicates on
 * those captures give its literals.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ts/prefilter.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/multisearch.h"
#include "util/regex.h"

#define NEED_DEPTH_MAX 64

typedef struct sref {
    const char *s;
    size_t n;
} sref;

typedef KR_ARRAY(sref) sset;
typedef KR_ARRAY(kr_ts_lit) litv;

typedef struct qpred {
    sref name;          /* without '#' */
    sref cap;           /* first argument when a capture, else empty */
    KR_ARRAY(char *) strs; /* string arguments, decoded */
    KR_ARRAY(size_t) lens;
} qpred;

typedef struct captype {
    sref cap;
    sref type;          /* node type of the element it is on (empty: other) */
} captype;

typedef struct rdr {
    const char *s;
    size_t end;
    bool bad;
    KR_ARRAY(qpred) preds;
    KR_ARRAY(captype) types;
} rdr;

static bool sref_eq(sref a, sref b) { return a.n == b.n && memcmp(a.s, b.s, a.n) == 0; }

static bool has(const sset *x, sref v)
{
    for (size_t i = 0; i < x->len; i++)
        if (sref_eq(x->items[i], v)) return true;
    return false;
}

static void add(sset *x, sref v)
{
    if (!has(x, v)) kr_array_push(x, v);
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
}

static size_t skip_ws(const rdr *r, size_t i)
{
    while (i < r->end) {
        if (r->s[i] == ';') {
            while (i < r->end && r->s[i] != '\n') i++;
        } else if (isspace((unsigned char)r->s[i]) || r->s[i] == ',') {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* A quoted string at s[i] ('"'): its end (past the closing quote); the
 * decoded text into *out when out is not NULL. */
static size_t read_string(rdr *r, size_t i, char **out, size_t *outn)
{
    size_t j = i + 1;
    char *d = out ? kr_xmalloc(r->end - i + 1) : NULL;
    size_t n = 0;
    while (j < r->end && r->s[j] != '"') {
        char c = r->s[j];
        if (c == '\\' && j + 1 < r->end) {
            char e = r->s[j + 1];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e;
            j += 2;
        } else {
            j++;
        }
        if (d) d[n++] = c;
    }
    if (j >= r->end) r->bad = true;
    if (d) {
        d[n] = '\0';
        *out = d;
        *outn = n;
    }
    return j + 1;
}

static size_t element(rdr *r, size_t i, sset *mand, int depth);

/* A predicate list at s[i] ('(' then '#'). */
static size_t predicate(rdr *r, size_t i)
{
    qpred p;
    memset(&p, 0, sizeof p);
    size_t j = skip_ws(r, i + 1) + 1; /* past '#' */
    size_t k = j;
    while (k < r->end && name_char(r->s[k])) k++;
    p.name = (sref){r->s + j, k - j};
    bool first = true;
    for (;;) {
        k = skip_ws(r, k);
        if (k >= r->end) {
            r->bad = true;
            break;
        }
        char c = r->s[k];
        if (c == ')') {
            k++;
            break;
        }
        if (c == '@') {
            size_t a = ++k;
            while (k < r->end && name_char(r->s[k])) k++;
            if (first) p.cap = (sref){r->s + a, k - a};
        } else if (c == '"') {
            char *str = NULL;
            size_t n = 0;
            k = read_string(r, k, &str, &n);
            kr_array_push(&p.strs, str);
            kr_array_push(&p.lens, n);
        } else if (name_char(c)) {
            while (k < r->end && name_char(r->s[k])) k++;
        } else {
            r->bad = true;
            break;
        }
        first = false;
    }
    kr_array_push(&r->preds, p);
    return k;
}

/* The quantifiers and captures after an element: its own captures join
 * `own`; *optional is set for ? and *. */
static size_t suffix(rdr *r, size_t i, sset *own, bool *optional, sref type)
{
    for (;;) {
        size_t j = skip_ws(r, i);
        if (j >= r->end) return j;
        char c = r->s[j];
        if (c == '?' || c == '*') {
            *optional = true;
            i = j + 1;
        } else if (c == '+') {
            i = j + 1;
        } else if (c == '@') {
            size_t a = j + 1, k = a;
            while (k < r->end && name_char(r->s[k])) k++;
            sref cap = {r->s + a, k - a};
            add(own, cap);
            captype ct = {cap, type};
            kr_array_push(&r->types, ct);
            i = k;
        } else {
            return i;
        }
    }
}

/* The children of a list or group from s[i] up to its ')'. */
static size_t children(rdr *r, size_t i, sset *mand, int depth)
{
    for (;;) {
        i = skip_ws(r, i);
        if (i >= r->end) {
            r->bad = true;
            return i;
        }
        char c = r->s[i];
        if (c == ')') return i + 1;
        if (c == '.') { /* anchor */
            i++;
            continue;
        }
        if (c == '!') { /* negated field */
            i++;
            while (i < r->end && name_char(r->s[i])) i++;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            size_t k = i;
            while (k < r->end && name_char(r->s[k])) k++;
            size_t m = skip_ws(r, k);
            if (m < r->end && r->s[m] == ':') { /* field: the element follows */
                i = m + 1;
                continue;
            }
        }
        i = element(r, i, mand, depth + 1);
        if (r->bad) return i;
    }
}

/* One element at s[i]; the captures a match of it always holds join mand
 * (unless it is optional). Returns the index past it. */
static size_t element(rdr *r, size_t i, sset *mand, int depth)
{
    if (depth > NEED_DEPTH_MAX) {
        r->bad = true;
        return r->end;
    }
    i = skip_ws(r, i);
    if (i >= r->end) {
        r->bad = true;
        return i;
    }
    sset own = {0};
    sref type = {NULL, 0};
    char c = r->s[i];
    if (c == '"') {
        i = read_string(r, i, NULL, NULL);
    } else if (c == '(') {
        size_t j = skip_ws(r, i + 1);
        if (j < r->end && r->s[j] == '#') {
            kr_array_dispose(&own);
            return predicate(r, i);
        }
        if (j < r->end && (isalpha((unsigned char)r->s[j]) || r->s[j] == '_')) { /* (type ...) */
            size_t k = j;
            while (k < r->end && (isalnum((unsigned char)r->s[k]) || r->s[k] == '_' || r->s[k] == '/')) k++;
            type = (sref){r->s + j, k - j};
            j = k;
        }
        i = children(r, j, &own, depth);
    } else if (c == '[') {
        size_t j = i + 1;
        bool first = true;
        for (;;) {
            j = skip_ws(r, j);
            if (j >= r->end) {
                r->bad = true;
                break;
            }
            if (r->s[j] == ']') {
                j++;
                break;
            }
            sset br = {0};
            j = element(r, j, &br, depth + 1);
            if (first) {
                for (size_t k = 0; k < br.len; k++) add(&own, br.items[k]);
                first = false;
            } else { /* keep what every branch holds */
                size_t w = 0;
                for (size_t k = 0; k < own.len; k++)
                    if (has(&br, own.items[k])) own.items[w++] = own.items[k];
                own.len = w;
            }
            kr_array_dispose(&br);
            if (r->bad) break;
        }
        i = j;
    } else if (isalpha((unsigned char)c) || c == '_') { /* a bare wildcard or name */
        while (i < r->end && name_char(r->s[i])) i++;
    } else {
        r->bad = true;
        kr_array_dispose(&own);
        return r->end;
    }
    bool optional = false;
    i = suffix(r, i, &own, &optional, type);
    if (!optional)
        for (size_t k = 0; k < own.len; k++) add(mand, own.items[k]);
    kr_array_dispose(&own);
    return i;
}

static bool ident_type(const rdr *r, sref cap)
{
    bool any = false;
    for (size_t i = 0; i < r->types.len; i++) {
        const captype *t = &r->types.items[i];
        if (!sref_eq(t->cap, cap)) continue;
        const char *suf = "identifier";
        size_t sl = strlen(suf);
        if (t->type.n < sl || memcmp(t->type.s + t->type.n - sl, suf, sl) != 0) return false;
        any = true;
    }
    return any;
}

static bool word_start(char c) { return isalpha((unsigned char)c) || c == '_' || c == '$'; }

/* The literal set of one predicate on an always-held capture (n == 0: none). */
static void pred_lits(const rdr *r, const qpred *p, litv *out)
{
    out->len = 0;
    bool eq = (p->name.n == 3 && memcmp(p->name.s, "eq?", 3) == 0) ||
              (p->name.n == 7 && memcmp(p->name.s, "any-eq?", 7) == 0);
    bool anyof = p->name.n == 7 && memcmp(p->name.s, "any-of?", 7) == 0;
    bool match = (p->name.n == 6 && memcmp(p->name.s, "match?", 6) == 0) ||
                 (p->name.n == 10 && memcmp(p->name.s, "any-match?", 10) == 0);
    if ((eq && p->strs.len == 1) || (anyof && p->strs.len >= 1)) {
        bool word = ident_type(r, p->cap);
        for (size_t k = 0; k < p->strs.len; k++) {
            const char *s = p->strs.items[k];
            size_t n = p->lens.items[k];
            unsigned f = 0;
            if (word && n > 0 && word_start(s[0])) f |= KR_MS_WORD_START;
            if (word && n > 0 && word_start(s[n - 1])) f |= KR_MS_WORD_END;
            kr_ts_lit l = {kr_xstrndup(s, n), n, f};
            kr_array_push(out, l);
        }
    } else if (match && p->strs.len == 1) {
        kr_regex_lits rl;
        if (kr_regex_required(p->strs.items[0], p->lens.items[0], &rl)) {
            for (size_t k = 0; k < rl.n; k++) {
                kr_ts_lit l = {kr_xstrndup(rl.items[k], rl.lens[k]), rl.lens[k], rl.icase ? KR_MS_ICASE : 0u};
                kr_array_push(out, l);
            }
        }
        kr_regex_lits_dispose(&rl);
    }
}

static size_t lits_min(const kr_ts_lit *l, size_t n)
{
    size_t m = SIZE_MAX;
    for (size_t k = 0; k < n; k++)
        if (l[k].len < m) m = l[k].len;
    return n ? m : 0;
}

static void lits_free(kr_ts_lit *l, size_t n)
{
    for (size_t k = 0; k < n; k++) free(l[k].s);
}

static void rdr_reset(rdr *r)
{
    for (size_t i = 0; i < r->preds.len; i++) {
        qpred *p = &r->preds.items[i];
        for (size_t k = 0; k < p->strs.len; k++) free(p->strs.items[k]);
        kr_array_dispose(&p->strs);
        kr_array_dispose(&p->lens);
    }
    r->preds.len = 0;
    r->types.len = 0;
}

void kr_ts_query_needs(const char *text, size_t len, kr_ts_needs *out)
{
    memset(out, 0, sizeof *out);
    KR_ARRAY(kr_ts_need) pats = {0};
    rdr r = {text, len, false, {0}, {0}};
    size_t i = skip_ws(&r, 0);
    while (text && i < len && !r.bad) {
        sset mand = {0};
        rdr_reset(&r);
        i = element(&r, i, &mand, 0);
        kr_ts_need need = {NULL, 0};
        if (!r.bad) {
            litv best = {0}, cur = {0};
            for (size_t k = 0; k < r.preds.len; k++) {
                const qpred *p = &r.preds.items[k];
                if (!p->cap.n || !has(&mand, p->cap)) continue;
                pred_lits(&r, p, &cur);
                if (cur.len && lits_min(cur.items, cur.len) >= KR_TS_NEED_MIN_LEN &&
                    (!best.len || lits_min(cur.items, cur.len) > lits_min(best.items, best.len))) {
                    lits_free(best.items, best.len);
                    best.len = 0;
                    for (size_t m = 0; m < cur.len; m++) kr_array_push(&best, cur.items[m]);
                } else {
                    lits_free(cur.items, cur.len);
                }
                cur.len = 0;
            }
            kr_array_dispose(&cur);
            need.lits = best.items;
            need.n = best.len;
        }
        kr_array_dispose(&mand);
        if (need.n == 0) out->always = true;
        kr_array_push(&pats, need);
        i = skip_ws(&r, i);
    }
    if (r.bad || pats.len == 0) out->always = true;
    rdr_reset(&r);
    kr_array_dispose(&r.preds);
    kr_array_dispose(&r.types);
    out->pats = pats.items;
    out->n = pats.len;
}

void kr_ts_needs_dispose(kr_ts_needs *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->n; i++) {
        lits_free(self->pats[i].lits, self->pats[i].n);
        free(self->pats[i].lits);
    }
    free(self->pats);
    memset(self, 0, sizeof *self);
}
