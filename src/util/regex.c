/* regex.c - linear-time regular expressions (regex.h).
 *
 * Three stages, each bounded:
 *   parse    pattern -> syntax tree (node), recursive descent with a depth
 *            cap; every node knows the program size it will compile to, so
 *            a pattern that would pass KR_REGEX_MAX_PROGRAM is refused at
 *            the quantifier (or atom) that crosses it, before anything big
 *            is allocated;
 *   compile  tree -> Thompson program (inst): CHAR, ANY, CLASS consume one
 *            character; SPLIT, JMP and ASSERT are epsilon moves; MATCH ends;
 *            counted repetition is expanded into copies;
 *   search   a breadth-first simulation of the program (Pike's VM without
 *            captures): the set of live instructions is advanced one
 *            character at a time, each instruction at most once per step,
 *            so a search is O(len(text) x len(program)) and never
 *            backtracks. A match only needs a yes/no answer, so thread
 *            priority (greedy vs lazy) is irrelevant.
 */
#include "util/regex.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

/* ------------------------------------------------------------ characters */

/* Code points: Unicode scalars, and one pseudo code point per byte that is
 * not valid UTF-8 (INVALID_BASE + byte), which equals no literal. */
#define INVALID_BASE 0x110000u
#define MAX_CP (INVALID_BASE + 0xFFu)
#define NO_CP 0xFFFFFFFFu /* before the start / after the end of the text */

/* Decodes one character of s[0..n) (n >= 1). Returns its length in bytes. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2, c = b & 0x1Fu, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, c = b & 0x0Fu, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, c = b & 0x07u, min = 0x10000;
    } else {
        *cp = INVALID_BASE + b;
        return 1;
    }
    if (len > n) {
        *cp = INVALID_BASE + b;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = INVALID_BASE + b;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = INVALID_BASE + b;
        return 1;
    }
    *cp = c;
    return len;
}

static bool is_word(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* ------------------------------------------------------------ program */

typedef enum opcode { OP_CHAR, OP_ANY, OP_CLASS, OP_SPLIT, OP_JMP, OP_ASSERT, OP_MATCH } opcode;
typedef enum assert_kind { A_BOL, A_EOL, A_WORDB, A_NWORDB, A_WSTART, A_WEND } assert_kind;

/* inst - one instruction. CHAR: x = code point; CLASS: x = class index;
 * SPLIT: continue at x and y; JMP: at x; ASSERT: arg = assert_kind. */
typedef struct inst {
    uint8_t op;
    uint8_t arg;
    uint32_t x;
    uint32_t y;
} inst;

typedef struct range {
    uint32_t lo, hi; /* inclusive */
} range;

/* cls - a character class after negation and case folding: a bitmap for
 * ASCII and sorted, disjoint ranges for everything above. */
typedef struct cls {
    uint64_t ascii[2];
    uint32_t first; /* into kr_regex.ranges */
    uint32_t n;
} cls;

struct kr_regex {
    inst *prog;
    size_t nprog;
    cls *classes;
    size_t nclasses;
    range *ranges;
    size_t nranges;
    bool anchored;         /* every match starts at offset 0 (a leading ^) */
    bool skip;             /* first[] may be used to skip ahead */
    uint64_t first[4];     /* bytes a match can start with (at offset > 0) */
};

static bool cls_has(const kr_regex *re, const cls *k, uint32_t c)
{
    if (c < 128) return (k->ascii[c >> 6] >> (c & 63)) & 1u;
    const range *r = re->ranges + k->first;
    for (uint32_t i = 0; i < k->n; i++) {
        if (c < r[i].lo) return false;
        if (c <= r[i].hi) return true;
    }
    return false;
}

/* ------------------------------------------------------------ syntax tree */

typedef enum nkind { N_EMPTY, N_CHAR, N_ANY, N_CLASS, N_ASSERT, N_CAT, N_ALT, N_REPEAT } nkind;

/* node - a syntax tree node. CHAR: a = code point; CLASS: a = class index;
 * ASSERT: a = assert_kind; CAT/ALT: kids[a .. a+nkids); REPEAT: a = child,
 * min..max (max -1 = no bound). size: instructions it compiles to. */
typedef struct node {
    uint8_t kind;
    uint32_t a;
    uint32_t nkids;
    int32_t min, max;
    size_t size;
} node;

/* parser - state of one kr_regex_compile call. */
typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    bool icase;
    KR_ARRAY(node) nodes;
    KR_ARRAY(uint32_t) kids;
    KR_ARRAY(cls) classes;
    KR_ARRAY(range) ranges;
    KR_ARRAY(range) tmp; /* the class being built */
    KR_ARRAY(inst) prog;
    kr_regex_error *err;
    int rc; /* 0, or the first error */
} parser;

static void fail(parser *p, int rc, size_t off, const char *fmt, ...) KR_PRINTF(4, 5);

static void fail(parser *p, int rc, size_t off, const char *fmt, ...)
{
    if (p->rc) return;
    p->rc = rc;
    p->err->offset = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static uint32_t add_node(parser *p, nkind k, uint32_t a, size_t size)
{
    node nd = {.kind = (uint8_t)k, .a = a, .size = size};
    kr_array_push(&p->nodes, nd);
    return (uint32_t)(p->nodes.len - 1);
}

/* A size past the cap, saturated (no overflow however deep). */
static size_t sat_add(size_t a, size_t b)
{
    size_t s = a + b;
    return s > KR_REGEX_MAX_PROGRAM ? KR_REGEX_MAX_PROGRAM + 1 : s;
}

static size_t sat_mul(size_t a, size_t b)
{
    if (a == 0 || b == 0) return 0;
    if (a > KR_REGEX_MAX_PROGRAM || b > KR_REGEX_MAX_PROGRAM) return KR_REGEX_MAX_PROGRAM + 1;
    return sat_add(a * b, 0);
}

/* Fails when a (sub)pattern's program passes the cap (the +1 is MATCH). */
static bool check_size(parser *p, size_t size, size_t off)
{
    if (size + 1 <= KR_REGEX_MAX_PROGRAM) return true;
    fail(p, KR_ELIMIT, off,
         "the pattern expands to more than %d instructions (the cap of one regular expression; "
         "counted repetition copies what it repeats, so nested counts multiply)",
         KR_REGEX_MAX_PROGRAM);
    return false;
}

/* --------------------------------------------------------- classes */

static void tmp_add(parser *p, uint32_t lo, uint32_t hi)
{
    range r = {lo, hi};
    kr_array_push(&p->tmp, r);
}

static int cmp_range(const void *a, const void *b)
{
    const range *x = a, *y = b;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* Sorts and merges p->tmp in place. */
static void tmp_normalise(parser *p)
{
    if (p->tmp.len == 0) return;
    qsort(p->tmp.items, p->tmp.len, sizeof(range), cmp_range);
    size_t w = 0;
    for (size_t r = 1; r < p->tmp.len; r++) {
        range *last = &p->tmp.items[w];
        const range *cur = &p->tmp.items[r];
        if (cur->lo <= last->hi + 1) {
            if (cur->hi > last->hi) last->hi = cur->hi;
        } else {
            p->tmp.items[++w] = *cur;
        }
    }
    p->tmp.len = w + 1;
}

/* Adds the other ASCII case of every letter in p->tmp. */
static void tmp_fold(parser *p)
{
    size_t n = p->tmp.len;
    for (size_t i = 0; i < n; i++) {
        range r = p->tmp.items[i];
        uint32_t lo = r.lo < 'a' ? 'a' : r.lo, hi = r.hi > 'z' ? 'z' : r.hi;
        if (lo <= hi) tmp_add(p, lo - 32, hi - 32);
        lo = r.lo < 'A' ? 'A' : r.lo, hi = r.hi > 'Z' ? 'Z' : r.hi;
        if (lo <= hi) tmp_add(p, lo + 32, hi + 32);
    }
}

static void tmp_negate(parser *p)
{
    tmp_normalise(p);
    KR_ARRAY(range) out = {0};
    uint32_t next = 0;
    for (size_t i = 0; i < p->tmp.len; i++) {
        range r = p->tmp.items[i];
        if (r.lo > next) {
            range g = {next, r.lo - 1};
            kr_array_push(&out, g);
        }
        next = r.hi + 1;
    }
    if (next <= MAX_CP) {
        range g = {next, MAX_CP};
        kr_array_push(&out, g);
    }
    kr_array_dispose(&p->tmp);
    p->tmp.items = out.items;
    p->tmp.len = out.len;
    p->tmp.cap = out.cap;
}

/* Turns p->tmp into a class (folded when icase, negated when neg). */
static uint32_t tmp_finish(parser *p, bool neg)
{
    if (p->icase) tmp_fold(p);
    if (neg) tmp_negate(p);
    tmp_normalise(p);
    cls k = {.first = (uint32_t)p->ranges.len};
    for (size_t i = 0; i < p->tmp.len; i++) {
        range r = p->tmp.items[i];
        for (uint32_t c = r.lo; c <= r.hi && c < 128; c++) k.ascii[c >> 6] |= (uint64_t)1 << (c & 63);
        if (r.hi >= 128) {
            range hi = {r.lo < 128 ? 128 : r.lo, r.hi};
            kr_array_push(&p->ranges, hi);
            k.n++;
        }
    }
    p->tmp.len = 0;
    kr_array_push(&p->classes, k);
    return (uint32_t)(p->classes.len - 1);
}

/* The shorthand classes \d \w \s (upper case: negated), into p->tmp. */
static void add_shorthand(parser *p, unsigned char c)
{
    size_t start = p->tmp.len;
    switch (c | 0x20) {
    case 'd': tmp_add(p, '0', '9'); break;
    case 'w':
        tmp_add(p, '0', '9'), tmp_add(p, 'A', 'Z'), tmp_add(p, 'a', 'z'), tmp_add(p, '_', '_');
        break;
    default: tmp_add(p, '\t', '\r'), tmp_add(p, ' ', ' '); break; /* \t \n \v \f \r, space */
    }
    if (c >= 'A' && c <= 'Z') {
        /* complement just the shorthand's part, then put it back */
        KR_ARRAY(range) keep = {0};
        for (size_t i = 0; i < start; i++) kr_array_push(&keep, p->tmp.items[i]);
        memmove(p->tmp.items, p->tmp.items + start, (p->tmp.len - start) * sizeof(range));
        p->tmp.len -= start;
        tmp_negate(p);
        for (size_t i = 0; i < keep.len; i++) kr_array_push(&p->tmp, keep.items[i]);
        kr_array_dispose(&keep);
    }
}

static bool is_shorthand(unsigned char c)
{
    return c == 'd' || c == 'D' || c == 'w' || c == 'W' || c == 's' || c == 'S';
}

/* \n \r \t \f \v, and punctuation for itself. 0: not a character escape. */
static uint32_t escaped_char(unsigned char c)
{
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'f': return '\f';
    case 'v': return '\v';
    default: break;
    }
    if (c < 128 && c > ' ' && c != 127 && !is_word(c)) return c;
    return 0;
}

static const struct {
    const char *name;
    const char *ranges; /* pairs lo hi */
} POSIX_CLASSES[] = {
    {"alpha", "AZaz"},     {"digit", "09"},       {"alnum", "09AZaz"},   {"upper", "AZ"},
    {"lower", "az"},       {"space", "\t\r  "},   {"blank", "\t\t  "},   {"punct", "!/:@[`{~"},
    {"print", " ~"},       {"graph", "!~"},       {"cntrl", "\x01\x1f\x7f\x7f"},
    {"xdigit", "09AFaf"},  {"word", "09AZaz__"},
};

/* Parses a bracket expression; p->i is just past '['. */
static uint32_t parse_bracket(parser *p)
{
    size_t open = p->i - 1;
    bool neg = false;
    p->tmp.len = 0;
    if (p->i < p->n && p->s[p->i] == '^') neg = true, p->i++;
    bool first = true;
    for (;;) {
        if (p->i >= p->n) {
            fail(p, KR_EINVALID, open, "unterminated bracket expression '['");
            return 0;
        }
        size_t at = p->i;
        unsigned char c = p->s[p->i];
        if (c == ']' && !first) {
            p->i++;
            break;
        }
        first = false;
        uint32_t lo;
        if (c == '[' && p->i + 1 < p->n && p->s[p->i + 1] == ':') {
            size_t nb = p->i + 2, e = nb;
            while (e + 1 < p->n && !(p->s[e] == ':' && p->s[e + 1] == ']')) e++;
            if (e + 1 >= p->n) {
                fail(p, KR_EINVALID, at, "unterminated character class '[:'");
                return 0;
            }
            size_t k;
            for (k = 0; k < sizeof POSIX_CLASSES / sizeof POSIX_CLASSES[0]; k++)
                if (strlen(POSIX_CLASSES[k].name) == e - nb &&
                    memcmp(POSIX_CLASSES[k].name, p->s + nb, e - nb) == 0)
                    break;
            if (k == sizeof POSIX_CLASSES / sizeof POSIX_CLASSES[0]) {
                fail(p, KR_EINVALID, at, "unknown character class '[:%.*s:]'", (int)(e - nb),
                     (const char *)p->s + nb);
                return 0;
            }
            for (const char *r = POSIX_CLASSES[k].ranges; *r; r += 2)
                tmp_add(p, (unsigned char)r[0], (unsigned char)r[1]);
            p->i = e + 2;
            continue;
        }
        if (c == '[' && p->i + 1 < p->n && (p->s[p->i + 1] == '.' || p->s[p->i + 1] == '=')) {
            fail(p, KR_EINVALID, at, "collating elements '[%c' are not supported", p->s[p->i + 1]);
            return 0;
        }
        if (c == '\\') {
            if (p->i + 1 >= p->n) {
                fail(p, KR_EINVALID, at, "trailing backslash");
                return 0;
            }
            unsigned char e = p->s[p->i + 1];
            p->i += 2;
            if (is_shorthand(e)) {
                add_shorthand(p, e);
                continue;
            }
            lo = escaped_char(e);
            if (!lo) {
                fail(p, KR_EINVALID, at, "unknown escape '\\%c' in a bracket expression", e);
                return 0;
            }
        } else {
            p->i += decode(p->s + p->i, p->n - p->i, &lo);
        }
        uint32_t hi = lo;
        if (p->i + 1 < p->n && p->s[p->i] == '-' && p->s[p->i + 1] != ']') {
            size_t hat = p->i + 1;
            unsigned char h = p->s[hat];
            if (h == '[' && hat + 1 < p->n &&
                (p->s[hat + 1] == ':' || p->s[hat + 1] == '.' || p->s[hat + 1] == '=')) {
                fail(p, KR_EINVALID, hat, "a range cannot end in a class");
                return 0;
            }
            if (h == '\\') {
                if (hat + 1 >= p->n) {
                    fail(p, KR_EINVALID, hat, "trailing backslash");
                    return 0;
                }
                unsigned char e = p->s[hat + 1];
                hi = is_shorthand(e) ? 0 : escaped_char(e);
                if (!hi) {
                    fail(p, KR_EINVALID, hat, "a range cannot end in '\\%c'", e);
                    return 0;
                }
                p->i = hat + 2;
            } else {
                p->i = hat + decode(p->s + hat, p->n - hat, &hi);
            }
            if (hi < lo) {
                fail(p, KR_EINVALID, at, "range out of order '%.*s'", (int)(p->i - at),
                     (const char *)p->s + at);
                return 0;
            }
        }
        tmp_add(p, lo, hi);
    }
    return tmp_finish(p, neg);
}

/* ------------------------------------------------------------ parsing */

static uint32_t parse_alt(parser *p, int depth);

/* "{n}", "{n,}", "{n,m}" or "{,m}" at p->i: 0 and the bounds, or -1 when
 * the brace does not start a bound (then it is a literal). */
static int read_bound(parser *p, size_t at, int32_t *min, int32_t *max)
{
    size_t i = at + 1;
    long a = -1, b = -1;
    bool comma = false, big = false;
    while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') {
        a = (a < 0 ? 0 : a) * 10 + (p->s[i] - '0');
        if (a > KR_REGEX_MAX_REPEAT) big = true, a = KR_REGEX_MAX_REPEAT + 1;
        i++;
    }
    if (i < p->n && p->s[i] == ',') {
        comma = true;
        i++;
        while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') {
            b = (b < 0 ? 0 : b) * 10 + (p->s[i] - '0');
            if (b > KR_REGEX_MAX_REPEAT) big = true, b = KR_REGEX_MAX_REPEAT + 1;
            i++;
        }
    }
    if (i >= p->n || p->s[i] != '}' || (a < 0 && b < 0)) return -1;
    p->i = i + 1;
    if (big) {
        fail(p, KR_ELIMIT, at, "repetition count above %d (the cap of one '{n,m}')",
             KR_REGEX_MAX_REPEAT);
        return 0;
    }
    *min = a < 0 ? 0 : (int32_t)a;
    *max = comma ? (b < 0 ? -1 : (int32_t)b) : *min;
    if (*max >= 0 && *max < *min) fail(p, KR_EINVALID, at, "bad repetition '{%ld,%ld}': max below min", a, b);
    return 0;
}

static uint32_t parse_atom(parser *p, int depth)
{
    size_t at = p->i;
    unsigned char c = p->s[p->i];
    switch (c) {
    case '(': {
        p->i++;
        if (depth >= KR_REGEX_MAX_DEPTH) {
            fail(p, KR_ELIMIT, at, "groups nested deeper than %d", KR_REGEX_MAX_DEPTH);
            return 0;
        }
        if (p->i < p->n && p->s[p->i] == '?') {
            if (p->i + 1 < p->n && p->s[p->i + 1] == ':') {
                p->i += 2;
            } else if (p->i + 1 < p->n && (p->s[p->i + 1] == '=' || p->s[p->i + 1] == '!' ||
                                           p->s[p->i + 1] == '<')) {
                fail(p, KR_EINVALID, at, "lookaround '(?%c' is not supported", p->s[p->i + 1]);
                return 0;
            } else if (p->i + 1 < p->n && p->s[p->i + 1] == 'i') {
                fail(p, KR_EINVALID, at, "'(?i)' is only allowed at the start of the pattern");
                return 0;
            } else {
                fail(p, KR_EINVALID, at, "unknown group '(?' (only '(?:' and a leading '(?i)')");
                return 0;
            }
        }
        uint32_t inner = parse_alt(p, depth + 1);
        if (p->rc) return 0;
        if (p->i >= p->n || p->s[p->i] != ')') {
            fail(p, KR_EINVALID, at, "unmatched '('");
            return 0;
        }
        p->i++;
        return inner;
    }
    case '[': {
        p->i++;
        uint32_t k = parse_bracket(p);
        return p->rc ? 0 : add_node(p, N_CLASS, k, 1);
    }
    case '.': p->i++; return add_node(p, N_ANY, 0, 1);
    case '^': p->i++; return add_node(p, N_ASSERT, A_BOL, 1);
    case '$': p->i++; return add_node(p, N_ASSERT, A_EOL, 1);
    case '*':
    case '+':
    case '?': fail(p, KR_EINVALID, at, "nothing to repeat before '%c'", c); return 0;
    case '{': {
        int32_t mn, mx;
        size_t save = p->i;
        if (read_bound(p, at, &mn, &mx) == 0) {
            fail(p, KR_EINVALID, at, "nothing to repeat before '{'");
            return 0;
        }
        p->i = save + 1;
        return add_node(p, N_CHAR, '{', 1);
    }
    case '\\': {
        if (p->i + 1 >= p->n) {
            fail(p, KR_EINVALID, at, "trailing backslash");
            return 0;
        }
        unsigned char e = p->s[p->i + 1];
        p->i += 2;
        if (e >= '1' && e <= '9') {
            fail(p, KR_EINVALID, at,
                 "back-references ('\\%c') are not supported (krewlint's regexes run in linear time)", e);
            return 0;
        }
        if (is_shorthand(e)) {
            p->tmp.len = 0;
            add_shorthand(p, e);
            return add_node(p, N_CLASS, tmp_finish(p, false), 1);
        }
        switch (e) {
        case 'b': return add_node(p, N_ASSERT, A_WORDB, 1);
        case 'B': return add_node(p, N_ASSERT, A_NWORDB, 1);
        case '<': return add_node(p, N_ASSERT, A_WSTART, 1);
        case '>': return add_node(p, N_ASSERT, A_WEND, 1);
        default: break;
        }
        uint32_t ch = escaped_char(e);
        if (!ch) {
            fail(p, KR_EINVALID, at, "unknown escape '\\%c'", e);
            return 0;
        }
        c = (unsigned char)ch;
        goto literal;
    }
    default: {
        uint32_t cp;
        p->i += decode(p->s + p->i, p->n - p->i, &cp);
        if (p->icase && cp < 128 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) {
            p->tmp.len = 0;
            tmp_add(p, cp, cp);
            return add_node(p, N_CLASS, tmp_finish(p, false), 1);
        }
        return add_node(p, N_CHAR, cp, 1);
    }
    }
literal:
    if (p->icase && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
        p->tmp.len = 0;
        tmp_add(p, c, c);
        return add_node(p, N_CLASS, tmp_finish(p, false), 1);
    }
    return add_node(p, N_CHAR, c, 1);
}

/* An atom and its quantifiers. */
static uint32_t parse_repeat(parser *p, int depth)
{
    size_t at = p->i;
    uint32_t a = parse_atom(p, depth);
    if (p->rc) return 0;
    int stacked = 0;
    while (p->i < p->n) {
        size_t q = p->i;
        unsigned char c = p->s[q];
        int32_t mn, mx;
        if (c == '*') mn = 0, mx = -1, p->i++;
        else if (c == '+') mn = 1, mx = -1, p->i++;
        else if (c == '?') mn = 0, mx = 1, p->i++;
        else if (c == '{') {
            if (read_bound(p, q, &mn, &mx) != 0) break;
            if (p->rc) return 0;
        } else {
            break;
        }
        if (p->nodes.items[a].kind == N_ASSERT) {
            fail(p, KR_EINVALID, q, "an anchor or word boundary cannot be repeated");
            return 0;
        }
        if (++stacked + depth > KR_REGEX_MAX_DEPTH) {
            fail(p, KR_ELIMIT, q, "quantifiers nested deeper than %d", KR_REGEX_MAX_DEPTH);
            return 0;
        }
        if (p->i < p->n && p->s[p->i] == '?') p->i++; /* lazy: same yes/no answer */
        size_t s = p->nodes.items[a].size, size;
        if (mx < 0) size = mn == 0 ? sat_add(s, 2) : sat_add(sat_mul(s, (size_t)mn), 1);
        else size = sat_add(sat_mul(s, (size_t)mn), sat_mul(s + 1, (size_t)(mx - mn)));
        if (!check_size(p, size, q)) return 0;
        uint32_t r = add_node(p, N_REPEAT, a, size);
        p->nodes.items[r].min = mn;
        p->nodes.items[r].max = mx;
        a = r;
    }
    (void)at;
    return a;
}

/* A node over kids[from..) of a temporary list. */
static uint32_t add_list(parser *p, nkind k, const uint32_t *items, size_t n, size_t size)
{
    uint32_t first = (uint32_t)p->kids.len;
    for (size_t i = 0; i < n; i++) kr_array_push(&p->kids, items[i]);
    uint32_t id = add_node(p, k, first, size);
    p->nodes.items[id].nkids = (uint32_t)n;
    return id;
}

static uint32_t parse_cat(parser *p, int depth)
{
    KR_ARRAY(uint32_t) items = {0};
    size_t size = 0;
    uint32_t out = 0;
    while (p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
        size_t at = p->i;
        uint32_t a = parse_repeat(p, depth);
        if (p->rc) goto out;
        size = sat_add(size, p->nodes.items[a].size);
        if (!check_size(p, size, at)) goto out;
        kr_array_push(&items, a);
    }
    if (items.len == 0) out = add_node(p, N_EMPTY, 0, 0);
    else if (items.len == 1) out = items.items[0];
    else out = add_list(p, N_CAT, items.items, items.len, size);
out:
    kr_array_dispose(&items);
    return out;
}

static uint32_t parse_alt(parser *p, int depth)
{
    KR_ARRAY(uint32_t) items = {0};
    size_t size = 0;
    uint32_t out = 0;
    for (;;) {
        size_t at = p->i;
        uint32_t a = parse_cat(p, depth);
        if (p->rc) goto out;
        size = sat_add(size, p->nodes.items[a].size);
        if (items.len) size = sat_add(size, 2);
        if (!check_size(p, size, at)) goto out;
        kr_array_push(&items, a);
        if (p->i < p->n && p->s[p->i] == '|') {
            p->i++;
            continue;
        }
        break;
    }
    out = items.len == 1 ? items.items[0] : add_list(p, N_ALT, items.items, items.len, size);
out:
    kr_array_dispose(&items);
    return out;
}

/* ------------------------------------------------------------ compiling */

static uint32_t emit(parser *p, opcode op, uint32_t arg, uint32_t x, uint32_t y)
{
    inst in = {(uint8_t)op, (uint8_t)arg, x, y};
    kr_array_push(&p->prog, in);
    return (uint32_t)(p->prog.len - 1);
}

static uint32_t pc(const parser *p) { return (uint32_t)p->prog.len; }

/* Emits node id. The recursion is as deep as the tree, which the parser
 * bounds (KR_REGEX_MAX_DEPTH groups and stacked quantifiers). */
static void gen(parser *p, uint32_t id)
{
    const node nd = p->nodes.items[id];
    switch ((nkind)nd.kind) {
    case N_EMPTY: break;
    case N_CHAR: emit(p, OP_CHAR, 0, nd.a, 0); break;
    case N_ANY: emit(p, OP_ANY, 0, 0, 0); break;
    case N_CLASS: emit(p, OP_CLASS, 0, nd.a, 0); break;
    case N_ASSERT: emit(p, OP_ASSERT, nd.a, 0, 0); break;
    case N_CAT:
        for (uint32_t k = 0; k < nd.nkids; k++) gen(p, p->kids.items[nd.a + k]);
        break;
    case N_ALT: {
        KR_ARRAY(uint32_t) jumps = {0};
        for (uint32_t k = 0; k < nd.nkids; k++) {
            if (k + 1 < nd.nkids) {
                uint32_t sp = emit(p, OP_SPLIT, 0, 0, 0);
                p->prog.items[sp].x = pc(p);
                gen(p, p->kids.items[nd.a + k]);
                uint32_t j = emit(p, OP_JMP, 0, 0, 0);
                kr_array_push(&jumps, j);
                p->prog.items[sp].y = pc(p);
            } else {
                gen(p, p->kids.items[nd.a + k]);
            }
        }
        for (size_t k = 0; k < jumps.len; k++) p->prog.items[jumps.items[k]].x = pc(p);
        kr_array_dispose(&jumps);
        break;
    }
    case N_REPEAT: {
        int32_t mn = nd.min, mx = nd.max;
        if (mx < 0) {
            for (int32_t k = 0; k + 1 < mn; k++) gen(p, nd.a);
            if (mn == 0) { /* L: split(body, out); body; jmp L */
                uint32_t l = emit(p, OP_SPLIT, 0, 0, 0);
                p->prog.items[l].x = pc(p);
                gen(p, nd.a);
                emit(p, OP_JMP, 0, l, 0);
                p->prog.items[l].y = pc(p);
            } else { /* L: body; split(L, out) */
                uint32_t l = pc(p);
                gen(p, nd.a);
                uint32_t sp = emit(p, OP_SPLIT, 0, l, 0);
                p->prog.items[sp].y = pc(p);
            }
            break;
        }
        for (int32_t k = 0; k < mn; k++) gen(p, nd.a);
        KR_ARRAY(uint32_t) splits = {0};
        for (int32_t k = mn; k < mx; k++) { /* split(body, end); body */
            uint32_t sp = emit(p, OP_SPLIT, 0, 0, 0);
            p->prog.items[sp].x = pc(p);
            kr_array_push(&splits, sp);
            gen(p, nd.a);
        }
        for (size_t k = 0; k < splits.len; k++) p->prog.items[splits.items[k]].y = pc(p);
        kr_array_dispose(&splits);
        break;
    }
    }
}

/* ------------------------------------------------ what a match starts with */

static void set_byte(uint64_t *set, unsigned b) { set[b >> 6] |= (uint64_t)1 << (b & 63); }

/* Walks the epsilon closure of pc 0 as it is at an offset > 0 (^ fails
 * there; other assertions are taken as passing, which only makes the result
 * larger): whether a match can start past offset 0 at all (anchored), and
 * the first bytes it can start with. */
static void analyse(kr_regex *re)
{
    size_t n = re->nprog;
    unsigned char *seen = kr_xcalloc(n, 1);
    uint32_t *stack = kr_xmalloc((2 * n + 1) * sizeof(uint32_t));
    size_t sp = 0;
    bool any = false, all = false;
    memset(re->first, 0, sizeof re->first);
    stack[sp++] = 0;
    while (sp) {
        uint32_t i = stack[--sp];
        if (seen[i]) continue;
        seen[i] = 1;
        const inst *in = &re->prog[i];
        switch ((opcode)in->op) {
        case OP_JMP: stack[sp++] = in->x; break;
        case OP_SPLIT: stack[sp++] = in->y, stack[sp++] = in->x; break;
        case OP_ASSERT:
            if (in->arg != A_BOL) stack[sp++] = i + 1;
            break;
        case OP_MATCH: any = all = true; break;
        case OP_ANY: any = all = true; break;
        case OP_CHAR: {
            any = true;
            uint32_t c = in->x;
            if (c < 128) set_byte(re->first, c);
            else if (c >= INVALID_BASE) set_byte(re->first, c - INVALID_BASE);
            else set_byte(re->first, c < 0x800 ? 0xC0 | (c >> 6) : c < 0x10000 ? 0xE0 | (c >> 12) : 0xF0 | (c >> 18));
            break;
        }
        case OP_CLASS: {
            any = true;
            const cls *k = &re->classes[in->x];
            re->first[0] |= k->ascii[0];
            re->first[1] |= k->ascii[1];
            if (k->n) re->first[2] = re->first[3] = ~(uint64_t)0;
            break;
        }
        }
    }
    re->anchored = !any;
    re->skip = !all;
    free(seen);
    free(stack);
}

/* ------------------------------------------------------------ public */

int kr_regex_compile(kr_regex **out, const char *pattern, size_t len, unsigned flags,
                     kr_regex_error *err)
{
    *out = NULL;
    kr_regex_error scratch;
    if (!err) err = &scratch;
    memset(err, 0, sizeof *err);
    if (len > KR_REGEX_MAX_PATTERN) {
        err->offset = KR_REGEX_MAX_PATTERN;
        snprintf(err->message, sizeof err->message,
                 "the pattern is longer than %d bytes (the cap of one regular expression)",
                 KR_REGEX_MAX_PATTERN);
        return KR_ELIMIT;
    }
    parser p = {.s = (const unsigned char *)pattern, .n = len, .err = err};
    p.icase = (flags & KR_REGEX_ICASE) != 0;
    if (len >= 4 && memcmp(pattern, "(?i)", 4) == 0) p.icase = true, p.i = 4;
    uint32_t root = parse_alt(&p, 0);
    if (!p.rc && p.i < p.n) fail(&p, KR_EINVALID, p.i, "unmatched ')'");
    int rc = p.rc;
    if (!rc) {
        size_t want = p.nodes.items[root].size + 1;
        gen(&p, root);
        emit(&p, OP_MATCH, 0, 0, 0);
        assert(p.prog.len == want && want <= KR_REGEX_MAX_PROGRAM);
        (void)want;
        kr_regex *re = kr_xcalloc(1, sizeof *re);
        re->prog = p.prog.items, re->nprog = p.prog.len;
        re->classes = p.classes.items, re->nclasses = p.classes.len;
        re->ranges = p.ranges.items, re->nranges = p.ranges.len;
        p.prog.items = NULL, p.classes.items = NULL, p.ranges.items = NULL;
        analyse(re);
        *out = re;
    }
    kr_array_dispose(&p.nodes);
    kr_array_dispose(&p.kids);
    kr_array_dispose(&p.tmp);
    kr_array_dispose(&p.prog);
    kr_array_dispose(&p.classes);
    kr_array_dispose(&p.ranges);
    return rc;
}

void kr_regex_free(kr_regex *self)
{
    if (!self) return;
    free(self->prog);
    free(self->classes);
    free(self->ranges);
    free(self);
}

size_t kr_regex_program_size(const kr_regex *self) { return self ? self->nprog : 0; }

/* ------------------------------------------------------------ searching */

/* vm - state of one search: two instruction lists (now, next) as
 * generation-stamped sets, and the closure stack. */
typedef struct vm {
    const kr_regex *re;
    uint32_t *mark[2];
    uint32_t *list[2];
    uint32_t len[2];
    uint32_t gen[2];
    uint32_t *stack;
    bool matched;
} vm;

/* ctx - where an epsilon closure is taken: the characters either side. */
typedef struct ctx {
    bool bol, eol;
    uint32_t prev, next;
} ctx;

static bool assert_holds(unsigned kind, const ctx *c)
{
    bool wp = c->prev != NO_CP && is_word(c->prev), wn = c->next != NO_CP && is_word(c->next);
    switch ((assert_kind)kind) {
    case A_BOL: return c->bol;
    case A_EOL: return c->eol;
    case A_WORDB: return wp != wn;
    case A_NWORDB: return wp == wn;
    case A_WSTART: return !wp && wn;
    case A_WEND: return wp && !wn;
    }
    return false;
}

static void vm_clear(vm *m, int l)
{
    m->len[l] = 0;
    if (++m->gen[l] == 0) { /* wrapped: restamp */
        memset(m->mark[l], 0, m->re->nprog * sizeof(uint32_t));
        m->gen[l] = 1;
    }
}

/* Adds pc and its epsilon closure to list l. */
static void vm_add(vm *m, int l, uint32_t pc0, const ctx *c)
{
    const inst *prog = m->re->prog;
    uint32_t *mark = m->mark[l], g = m->gen[l];
    size_t sp = 0;
    m->stack[sp++] = pc0;
    while (sp) {
        uint32_t i = m->stack[--sp];
        if (mark[i] == g) continue;
        mark[i] = g;
        const inst *in = &prog[i];
        switch ((opcode)in->op) {
        case OP_JMP: m->stack[sp++] = in->x; break;
        case OP_SPLIT: m->stack[sp++] = in->y, m->stack[sp++] = in->x; break;
        case OP_ASSERT:
            if (assert_holds(in->arg, c)) m->stack[sp++] = i + 1;
            break;
        case OP_MATCH: m->matched = true; break;
        default: m->list[l][m->len[l]++] = i; break;
        }
    }
}

static bool consumes(const kr_regex *re, const inst *in, uint32_t c)
{
    switch ((opcode)in->op) {
    case OP_CHAR: return in->x == c;
    case OP_ANY: return true;
    case OP_CLASS: return cls_has(re, &re->classes[in->x], c);
    default: return false;
    }
}

static bool in_first(const kr_regex *re, unsigned char b)
{
    return (re->first[b >> 6] >> (b & 63)) & 1u;
}

/* Programs up to this size search with their state on the C stack. */
#define SMALL_PROGRAM 256

bool kr_regex_search(const kr_regex *self, const char *text, size_t len)
{
    if (!self) return false;
    const unsigned char *s = (const unsigned char *)text;
    size_t n = self->nprog;
    uint32_t small[6 * SMALL_PROGRAM + 1];
    uint32_t *mem = small;
    if (n > SMALL_PROGRAM) mem = kr_xmalloc((6 * n + 1) * sizeof(uint32_t));
    memset(mem, 0, 2 * n * sizeof(uint32_t)); /* the marks */
    vm m = {.re = self, .mark = {mem, mem + n}, .list = {mem + 2 * n, mem + 3 * n},
            .gen = {1, 1}, .stack = mem + 4 * n};
    bool found = false;
    int cur = 0;
    size_t i = 0;
    uint32_t prev = NO_CP, c = NO_CP;
    size_t clen = 0;
    if (len) clen = decode(s, len, &c);
    ctx x = {.bol = true, .eol = len == 0, .prev = NO_CP, .next = c};
    vm_add(&m, cur, 0, &x);
    if (m.matched) goto done;
    while (i < len) {
        /* c (clen bytes) is the character at i */
        size_t ni = i + clen;
        uint32_t nc = NO_CP;
        size_t nclen = 0;
        if (ni < len) nclen = decode(s + ni, len - ni, &nc);
        int nx = 1 - cur;
        vm_clear(&m, nx);
        x = (ctx){.bol = false, .eol = ni == len, .prev = c, .next = nc};
        for (uint32_t k = 0; k < m.len[cur]; k++) {
            uint32_t p = m.list[cur][k];
            if (consumes(self, &self->prog[p], c)) vm_add(&m, nx, p + 1, &x);
        }
        if (m.matched) goto done;
        prev = c, i = ni, c = nc, clen = nclen;
        if (self->anchored) {
            if (m.len[nx] == 0) goto done;
        } else {
            if (m.len[nx] == 0 && self->skip) {
                /* nothing alive: jump to the next byte a match can start with */
                while (i < len && !in_first(self, s[i])) {
                    prev = c;
                    i += clen;
                    if (i < len) clen = decode(s + i, len - i, &c);
                    else c = NO_CP, clen = 0;
                }
            }
            x = (ctx){.bol = false, .eol = i == len, .prev = prev, .next = c};
            vm_add(&m, nx, 0, &x);
            if (m.matched) goto done;
        }
        cur = nx;
    }
done:
    found = m.matched;
    if (mem != small) free(mem);
    return found;
}
