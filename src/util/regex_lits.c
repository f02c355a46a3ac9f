/* regex_lits.c - the literals a regex cannot match without (regex.h,
 * kr_regex_required).
 *
 * A conservative reading of the pattern, never of the text: every string
 * the pattern matches contains at least one of the returned alternatives.
 * The pattern is read as a concatenation of atoms; runs of atoms that are
 * exact (a literal character, a small bracket of listed characters, a group
 * of literal alternatives) are joined into sets of strings by cross
 * product, an optional or repeated atom or anything else (., \d, ranges,
 * anchors) ends the run, and the run whose shortest string is longest is the
 * branch's answer. Alternation at any level is the union of its branches,
 * and a branch without an answer makes the whole alternation unanswered.
 * A pattern this reader does not follow gets no answer: the caller then
 * treats the pattern as matching anything, so getting this wrong can only
 * cost speed, never a finding (the prefilter test compares every fixture
 * with and without it).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/regex.h"

#define SSET_MAX 24  /* alternatives in a set */
#define SSTR_MAX 48  /* bytes of one alternative (longer ones are cut: a prefix is still required) */
#define DEPTH_MAX 32

typedef struct sset {
    bool none;        /* no answer */
    bool exact;       /* the strings are exactly what the atom matches */
    size_t n;
    unsigned char l[SSET_MAX];
    char s[SSET_MAX][SSTR_MAX];
} sset;

typedef struct rd {
    const char *p;
    size_t i, end;
    int depth;
    bool bad;         /* something this reader does not follow */
} rd;

static void set_one(sset *o, const char *s, size_t n)
{
    memset(o, 0, sizeof *o);
    o->exact = true;
    o->n = 1;
    if (n > SSTR_MAX) n = SSTR_MAX, o->exact = false;
    memcpy(o->s[0], s, n);
    o->l[0] = (unsigned char)n;
}

static size_t set_min(const sset *a)
{
    if (a->none || a->n == 0) return 0;
    size_t m = SIZE_MAX;
    for (size_t k = 0; k < a->n; k++)
        if (a->l[k] < m) m = a->l[k];
    return m;
}

/* a x b into a; false when it would not fit (a unchanged) */
static bool set_cat(sset *a, const sset *b)
{
    if (a->n * b->n > SSET_MAX) return false;
    sset r;
    memset(&r, 0, sizeof r);
    r.exact = a->exact && b->exact;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t la = a->l[i], lb = b->l[j];
            if (la + lb > SSTR_MAX) {
                lb = SSTR_MAX - la;
                r.exact = false;
            }
            memcpy(r.s[r.n], a->s[i], la);
            memcpy(r.s[r.n] + la, b->s[j], lb);
            r.l[r.n++] = (unsigned char)(la + lb);
        }
    *a = r;
    return true;
}

/* a u b into a; false when it does not fit */
static bool set_union(sset *a, const sset *b)
{
    for (size_t j = 0; j < b->n; j++) {
        bool dup = false;
        for (size_t i = 0; i < a->n && !dup; i++)
            dup = a->l[i] == b->l[j] && memcmp(a->s[i], b->s[j], b->l[j]) == 0;
        if (dup) continue;
        if (a->n >= SSET_MAX) return false;
        memcpy(a->s[a->n], b->s[j], b->l[j]);
        a->l[a->n++] = b->l[j];
    }
    a->exact = a->exact && b->exact;
    return true;
}

static void parse_alt(rd *r, sset *out);

/* A bracket expression at r->i ('['): a set of its characters when it lists
 * at most 4 single characters, else none. */
static void parse_class(rd *r, sset *out)
{
    memset(out, 0, sizeof *out);
    size_t i = r->i + 1;
    bool lit = true;
    if (i < r->end && r->p[i] == '^') lit = false, i++;
    if (i < r->end && r->p[i] == ']') { /* a leading ] is literal */
        if (lit) set_union(out, &(sset){.exact = true, .n = 1, .l = {1}, .s = {"]"}});
        i++;
    }
    while (i < r->end && r->p[i] != ']') {
        char c = r->p[i];
        if (c == '[' && i + 1 < r->end && (r->p[i + 1] == ':' || r->p[i + 1] == '.' || r->p[i + 1] == '=')) {
            const char *close = NULL;
            for (size_t k = i + 2; k + 1 < r->end; k++)
                if (r->p[k] == r->p[i + 1] && r->p[k + 1] == ']') {
                    close = r->p + k;
                    break;
                }
            if (!close) {
                r->bad = true;
                return;
            }
            lit = false;
            i = (size_t)(close - r->p) + 2;
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= r->end) {
                r->bad = true;
                return;
            }
            char e = r->p[i + 1];
            char v = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'f' ? '\f' : e == 'v' ? '\v' : e;
            if ((e >= 'a' && e <= 'z' && !strchr("ntrfv", e)) || (e >= 'A' && e <= 'Z')) lit = false; /* \d \s \w ... */
            else if (lit) {
                char s[1] = {v};
                sset one;
                set_one(&one, s, 1);
                if (!set_union(out, &one)) lit = false;
            }
            i += 2;
            continue;
        }
        if ((unsigned char)c >= 0x80) lit = false; /* a multibyte character: one of several sequences */
        if (i + 2 < r->end && r->p[i + 1] == '-' && r->p[i + 2] != ']') { /* a range */
            lit = false;
            i += 3;
            continue;
        }
        if (lit) {
            sset one;
            set_one(&one, &c, 1);
            if (!set_union(out, &one)) lit = false;
        }
        i++;
    }
    if (i >= r->end) {
        r->bad = true;
        return;
    }
    r->i = i + 1;
    if (!lit || out->n == 0 || out->n > 4) {
        memset(out, 0, sizeof *out);
        out->none = true;
    } else {
        out->exact = true;
    }
}

/* One atom at r->i into *out (exact strings, or none for what ends a run). */
static void parse_atom(rd *r, sset *out)
{
    const char *p = r->p;
    char c = p[r->i];
    memset(out, 0, sizeof *out);
    if (c == '(') {
        if (++r->depth > DEPTH_MAX) {
            r->bad = true;
            return;
        }
        r->i++;
        if (r->i + 1 < r->end && p[r->i] == '?') {
            if (p[r->i + 1] == ':') r->i += 2;
            else if (r->i + 2 < r->end && p[r->i + 1] == 'i' && p[r->i + 2] == ')') { /* (?i) mid-pattern */
                r->i += 3;
                r->depth--;
                out->none = true;
                return;
            } else {
                r->bad = true;
                return;
            }
        }
        parse_alt(r, out);
        if (r->bad || r->i >= r->end || p[r->i] != ')') {
            r->bad = true;
            return;
        }
        r->i++;
        r->depth--;
        return;
    }
    if (c == '[') {
        parse_class(r, out);
        return;
    }
    if (c == '\\') {
        if (r->i + 1 >= r->end) {
            r->bad = true;
            return;
        }
        char e = p[r->i + 1];
        r->i += 2;
        if (strchr("ntrfv", e)) {
            char v = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'f' ? '\f' : '\v';
            set_one(out, &v, 1);
        } else if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') || e == '<' ||
                   e == '>') {
            out->none = true; /* \d \w \s \b ..., and what the engine refuses */
        } else {
            set_one(out, &e, 1);
        }
        return;
    }
    if (c == '.' || c == '^' || c == '$') {
        r->i++;
        out->none = true;
        return;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') { /* not an atom here */
        r->bad = true;
        return;
    }
    size_t n = 1;
    unsigned char u = (unsigned char)c;
    if (u >= 0xC0) n = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2; /* a UTF-8 character is one atom */
    if (r->i + n > r->end) n = r->end - r->i;
    set_one(out, p + r->i, n);
    r->i += n;
}

/* A quantifier at r->i: sets *min (0 or 1: whether the atom must occur);
 * false when there is none. */
static bool parse_quant(rd *r, int *min)
{
    const char *p = r->p;
    if (r->i >= r->end) return false;
    char c = p[r->i];
    if (c == '*' || c == '?') *min = 0;
    else if (c == '+') *min = 1;
    else if (c == '{') {
        size_t k = r->i + 1;
        unsigned long lo = 0;
        bool digits = false;
        while (k < r->end && p[k] >= '0' && p[k] <= '9') lo = lo * 10 + (unsigned long)(p[k++] - '0'), digits = true;
        if (k < r->end && p[k] == ',') {
            k++;
            while (k < r->end && p[k] >= '0' && p[k] <= '9') k++;
        } else if (!digits) {
            r->bad = true;
            return false;
        }
        if (k >= r->end || p[k] != '}') {
            r->bad = true;
            return false;
        }
        *min = lo >= 1 ? 1 : 0;
        r->i = k;
    } else {
        return false;
    }
    r->i++;
    if (r->i < r->end && p[r->i] == '?') r->i++; /* lazy: the same yes/no */
    return true;
}

static void commit(sset *best, const sset *cur)
{
    if (cur->none || cur->n == 0 || set_min(cur) == 0) return;
    if (best->none || set_min(cur) > set_min(best)) *best = *cur;
}

/* A branch: the best run of exact atoms. */
static void parse_seq(rd *r, sset *out)
{
    sset best, cur;
    memset(&best, 0, sizeof best);
    best.none = true;
    set_one(&cur, "", 0);
    bool whole = true; /* every atom exact, mandatory and joined: the branch is exactly cur */
    while (!r->bad && r->i < r->end && r->p[r->i] != '|' && r->p[r->i] != ')') {
        sset a;
        parse_atom(r, &a);
        if (r->bad) break;
        int min = 1;
        bool q = parse_quant(r, &min);
        if (r->bad) break;
        if (a.none || !a.exact) {
            whole = false;
            commit(&best, &cur);
            if (!a.none && min) commit(&best, &a); /* a group's own answer */
            set_one(&cur, "", 0);
            continue;
        }
        if (q) whole = false;
        if (!min) { /* optional: ends the run */
            commit(&best, &cur);
            set_one(&cur, "", 0);
            continue;
        }
        if (!set_cat(&cur, &a)) {
            whole = false;
            commit(&best, &cur);
            cur = a;
        }
        if (q || !cur.exact) { /* repeated (or cut): the run ends after one copy; the last copy starts the next */
            whole = false;
            commit(&best, &cur);
            cur = a;
        }
    }
    commit(&best, &cur);
    if (whole && !best.none) best.exact = true;
    else best.exact = false;
    if (whole && best.none) { /* the empty branch: matches the empty text */
        memset(&best, 0, sizeof best);
        best.none = true;
    }
    *out = best;
}

static void parse_alt(rd *r, sset *out)
{
    parse_seq(r, out);
    while (!r->bad && r->i < r->end && r->p[r->i] == '|') {
        r->i++;
        sset b;
        parse_seq(r, &b);
        if (r->bad) return;
        if (out->none || b.none || !set_union(out, &b)) {
            memset(out, 0, sizeof *out);
            out->none = true;
        }
    }
}

int kr_regex_required(const char *pattern, size_t len, kr_regex_lits *out)
{
    memset(out, 0, sizeof *out);
    if (!pattern) return 0;
    rd r = {pattern, 0, len, 0, false};
    if (len >= 4 && memcmp(pattern, "(?i)", 4) == 0) {
        out->icase = true;
        r.i = 4;
    }
    /* (?i) further in also folds case: be as loose */
    for (size_t k = r.i; k + 4 <= len; k++)
        if (memcmp(pattern + k, "(?i)", 4) == 0) out->icase = true;
    sset s;
    parse_alt(&r, &s);
    if (r.bad || r.i != len || s.none || s.n == 0 || set_min(&s) == 0) return 0;
    out->n = s.n;
    out->items = kr_xcalloc(s.n, sizeof *out->items);
    out->lens = kr_xcalloc(s.n, sizeof *out->lens);
    for (size_t k = 0; k < s.n; k++) {
        out->items[k] = kr_xstrndup(s.s[k], s.l[k]);
        out->lens[k] = s.l[k];
    }
    return 1;
}

void kr_regex_lits_dispose(kr_regex_lits *self)
{
    if (!self) return;
    for (size_t k = 0; k < self->n; k++) free(self->items[k]);
    free(self->items);
    free(self->lens);
    memset(self, 0, sizeof *self);
}
