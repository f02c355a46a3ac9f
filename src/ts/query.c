/* query.c - source trees, query building (with error positions mapped back to
 * the rule file), krewlint's own predicates, typed comparisons, and running a
 * query over a tree (see query.h).
 *
 * Layout of a built query: the runtime's TSQuery over the parts' texts joined
 * by '\n', plus, per pattern, the part it came from, its predicates compiled
 * into `pred` records (regexes compiled once) and the capture ids it reports
 * and compares. Everything is read-only after kr_ts_query_build.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "diag.h"
#include "ts/query.h"
#include "ts/tree.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

#define CODE "invalid-rule"
#define NO_CAPTURE UINT32_MAX
/* Longest token quoted in an error message. */
#define TOKEN_MAX 64

/* ------------------------------------------------------------ origins --- */

/* Moves p forward over d[p->byte .. to), counting lines and byte columns. */
static void advance(kr_loc *p, const char *d, size_t to)
{
    for (size_t i = p->byte; i < to; i++) {
        if (d[i] == '\n') {
            p->line++;
            p->col = 0;
        } else {
            p->col++;
        }
    }
    if (to > p->byte) p->byte = (uint32_t)to;
}

/* Leading spaces of the line holding byte b. */
static size_t line_indent(const char *d, size_t b)
{
    size_t s = b;
    while (s > 0 && d[s - 1] != '\n') s--;
    size_t n = 0;
    while (d[s + n] == ' ') n++;
    return n;
}

/* Block scalar: `|` or `>` at o->span.start, header to the end of its line,
 * then content lines indented by n. Text line k is file line header+1+k,
 * column n + (offset within the text line). */
static kr_loc locate_block(const kr_ts_origin *o, size_t off)
{
    const char *d = o->data;
    size_t len = o->len;
    kr_loc at = o->span.start;
    size_t i = at.byte + 1;
    size_t explicit_indent = 0;
    while (i < len && (d[i] == '+' || d[i] == '-' || (d[i] >= '1' && d[i] <= '9'))) {
        if (d[i] != '+' && d[i] != '-') explicit_indent = (size_t)(d[i] - '0');
        i++;
    }
    while (i < len && d[i] != '\n') i++;
    if (i >= len) return at;
    i++; /* first content line */
    size_t n = 0;
    if (explicit_indent) {
        n = line_indent(d, at.byte) + explicit_indent;
    } else {
        for (size_t s = i; s < len;) {
            size_t sp = 0;
            while (s + sp < len && d[s + sp] == ' ') sp++;
            if (s + sp < len && d[s + sp] != '\n' && d[s + sp] != '\r') {
                n = sp;
                break;
            }
            while (s < len && d[s] != '\n') s++;
            s++;
        }
    }
    size_t t = 0; /* decoded offset of the current line's start */
    size_t ls = i;
    uint32_t line = at.line + 1;
    while (ls < len) {
        size_t le = ls;
        while (le < len && d[le] != '\n') le++;
        size_t raw = le - ls;
        if (raw && d[le - 1] == '\r') raw--;
        size_t sp = 0;
        while (sp < raw && d[ls + sp] == ' ') sp++;
        bool blank = sp == raw;
        if (!blank && sp < n) break; /* the block ended */
        size_t content = blank ? 0 : raw - n;
        if (off <= t + content) {
            size_t col = (blank ? (sp < n ? sp : n) : n) + (off - t);
            return (kr_loc){line, (uint32_t)col, (uint32_t)(ls + col)};
        }
        t += content + 1;
        line++;
        ls = le + 1;
    }
    /* past the end: the end of the block */
    kr_loc end = at;
    advance(&end, d, ls < len ? ls : len);
    return end;
}

/* Flow scalar (plain, 'single' or "double" quoted): walks the raw text,
 * counting decoded bytes through quotes, escapes and folded line breaks. */
static kr_loc locate_flow(const kr_ts_origin *o, size_t off)
{
    const char *d = o->data;
    kr_loc at = o->span.start;
    size_t end = o->span.end.byte > at.byte && o->span.end.byte <= o->len ? o->span.end.byte : o->len;
    char q = d[at.byte];
    if (q != '"' && q != '\'') q = 0;
    size_t i = at.byte + (q ? 1 : 0);
    size_t t = 0;
    while (i < end && t < off) {
        char c = d[i];
        if (q && c == q && !(q == '\'' && i + 1 < end && d[i + 1] == '\'')) break; /* closing quote */
        if (q == '\'' && c == '\'') {
            i += 2;
            t++;
        } else if (q == '"' && c == '\\' && i + 1 < end) {
            size_t step = 2;
            if (d[i + 1] == 'x') step = 4;
            else if (d[i + 1] == 'u') step = 6;
            else if (d[i + 1] == 'U') step = 10;
            if (d[i + 1] == '\n' || d[i + 1] == '\r') { /* escaped line break: nothing */
                i += 1;
                while (i < end && (d[i] == '\r' || d[i] == '\n')) i++;
                while (i < end && (d[i] == ' ' || d[i] == '\t')) i++;
                continue;
            }
            i = i + step < end ? i + step : end;
            t++;
        } else if (c == '\n' || c == '\r') { /* a folded line break: one byte */
            while (i < end && (d[i] == '\r' || d[i] == '\n')) i++;
            while (i < end && (d[i] == ' ' || d[i] == '\t')) i++;
            t++;
        } else {
            i++;
            t++;
        }
    }
    kr_loc p = at;
    advance(&p, d, i);
    return p;
}

kr_loc kr_ts_origin_locate(const kr_ts_origin *o, size_t off)
{
    kr_loc at = o->span.start;
    if (!o->data || at.byte >= o->len) return at;
    char c = o->data[at.byte];
    if (c == '|' || c == '>') return locate_block(o, off);
    return locate_flow(o, off);
}

/* ------------------------------------------------------------ helpers --- */

double kr_ts_entropy(const char *s, size_t n)
{
    if (n == 0) return 0.0;
    size_t counts[256] = {0};
    for (size_t i = 0; i < n; i++) counts[(unsigned char)s[i]]++;
    double h = 0.0;
    for (size_t c = 0; c < 256; c++) {
        if (!counts[c]) continue;
        double p = (double)counts[c] / (double)n;
        h -= p * log2(p);
    }
    return h;
}

void kr_ts_unquote(const char **s, size_t *n)
{
    const char *p = *s;
    size_t len = *n;
    size_t pre = 0;
    /* Python string prefixes: r b u f and their pairs (rb, br, fr, rf). */
    while (pre < 2 && pre < len && strchr("rRbBuUfF", p[pre]) && p[pre] != '\0') pre++;
    if (pre < len && p[pre] != '"' && p[pre] != '\'' && p[pre] != '`') pre = 0;
    if (pre >= len) return;
    char q = p[pre];
    if (q != '"' && q != '\'' && q != '`') return;
    size_t body = len - pre;
    if (body >= 6 && p[pre + 1] == q && p[pre + 2] == q && p[len - 1] == q && p[len - 2] == q &&
        p[len - 3] == q) {
        *s = p + pre + 3;
        *n = body - 6;
        return;
    }
    if (body >= 2 && p[len - 1] == q) {
        *s = p + pre + 1;
        *n = body - 2;
    }
}

/* ------------------------------------------------------------ building --- */

typedef enum pred_kind {
    P_EQ, P_MATCH, P_ANY_OF, P_ENTROPY, P_PATH
} pred_kind;

/* pred - one compiled predicate of a pattern. */
typedef struct pred {
    pred_kind kind;
    bool negate;      /* not-eq?, not-match?, not-any-of?, krewlint-not-path? */
    bool any;         /* any-eq?, any-match?...: one node of a quantified capture suffices */
    uint32_t cap;     /* the tested capture; NO_CAPTURE for path predicates */
    uint32_t cap2;    /* eq? against another capture; else NO_CAPTURE */
    char **strs;      /* eq?: one string; any-of?: the set */
    size_t *lens;
    size_t nstrs;
    kr_regex *re;     /* match?, krewlint-path? (owned) */
    double threshold; /* krewlint-entropy? */
} pred;

/* pattern - what krewlint knows about one pattern of the built query. */
typedef struct pattern {
    size_t part;
    pred *preds;
    size_t npreds;
    uint32_t report;  /* capture id reported */
    uint32_t cmp;     /* capture id compared, or NO_CAPTURE */
    bool path_only;   /* has path predicates (decided once per run) */
} pattern;

/* part - the per-part data kept after building. */
typedef struct part {
    const void *user;
    bool has_cmp;
    kr_op op;
    kr_vtype type;
    char *expected_text; /* owned; expected.str may point into it */
    kr_value expected;
} part;

struct kr_ts_query {
    kr_ts_lang lang;
    TSQuery *q;
    pattern *pats;
    uint32_t npats;
    part *parts;
    size_t nparts;
    bool has_path_preds;
    /* Root symbols of the patterns (by public symbol id), when every pattern
     * is rooted at named or anonymous node types: the run then visits the
     * tree with a plain TSTreeCursor and starts the query cursor only at those
     * nodes (max start depth 0), which costs far less than the query cursor's
     * own walk over every node. NULL: run the query cursor over the tree. */
    unsigned char *roots;
    uint32_t nsyms;
};

/* build - state while building. */
typedef struct build {
    kr_ts_lang lang;
    const kr_ts_part *parts;
    size_t nparts;
    size_t *starts;    /* byte offset of each part in text */
    kr_buf text;
    struct kr_diags *diags;
    int errors;
    kr_ts_query *out;
} build;

/* The part holding byte `off` of the joined text. */
static size_t part_at(const build *b, size_t off)
{
    size_t k = 0;
    while (k + 1 < b->nparts && b->starts[k + 1] <= off) k++;
    return k;
}

static void verr_at(build *b, size_t off, const char *fmt, va_list ap) KR_PRINTF(3, 0);
static void verr_at(build *b, size_t off, const char *fmt, va_list ap)
{
    size_t k = part_at(b, off);
    size_t local = off - b->starts[k];
    if (local > b->parts[k].len) local = b->parts[k].len;
    kr_loc l = kr_ts_origin_locate(&b->parts[k].origin, local);
    kr_span sp = {l, l};
    kr_buf m;
    kr_buf_init(&m, 0);
    kr_buf_vprintf(&m, fmt, ap);
    kr_diags_add(b->diags, KR_SEV_ERROR, b->parts[k].origin.file, &sp, CODE,
                 "source query (%s): %s", kr_ts_lang_name(b->lang), kr_buf_cstr(&m));
    kr_buf_dispose(&m);
    b->errors++;
}

/* An error at byte `off` of the joined text. */
static void err_at(build *b, size_t off, const char *fmt, ...) KR_PRINTF(3, 4);
static void err_at(build *b, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(b, off, fmt, ap);
    va_end(ap);
}

/* The identifier or quoted name at off (for "unknown node type"...). */
static size_t token_len(const char *s, size_t n, size_t off)
{
    if (off >= n) return 0;
    size_t i = off;
    if (s[i] == '"') {
        i++;
        while (i < n && s[i] != '"' && s[i] != '\n') i += (s[i] == '\\' && i + 1 < n) ? 2 : 1;
        if (i < n && s[i] == '"') i++;
    } else {
        while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.' ||
                         s[i] == '?' || s[i] == '!'))
            i++;
    }
    if (i - off > TOKEN_MAX) i = off + TOKEN_MAX;
    return i - off;
}

static void report_ts_error(build *b, uint32_t off, TSQueryError e)
{
    const char *s = b->text.ptr;
    size_t n = b->text.len;
    int tl = (int)token_len(s, n, off);
    const char *tok = off < n ? s + off : "";
    switch (e) {
    case TSQueryErrorSyntax:
        if (off >= n) err_at(b, off, "syntax error: the query ends early (unbalanced parentheses?)");
        else err_at(b, off, "syntax error at \"%.*s\"", tl ? tl : 1, tok);
        break;
    case TSQueryErrorNodeType:
        err_at(b, off, "unknown node type %.*s%.*s%.*s", tok[0] != '"', "\"", tl, tok,
               tok[0] != '"', "\"");
        break;
    case TSQueryErrorField: err_at(b, off, "unknown field \"%.*s\"", tl, tok); break;
    case TSQueryErrorCapture: /* the runtime points after the '@' */
        err_at(b, off > 0 && s[off - 1] == '@' ? off - 1 : off, "unknown capture @%.*s", tl, tok);
        break;
    case TSQueryErrorStructure:
        err_at(b, off, "impossible pattern: this node cannot appear here in the %s grammar",
               kr_ts_lang_name(b->lang));
        break;
    case TSQueryErrorLanguage:
        err_at(b, off, "the %s grammar's version is not supported by the runtime",
               kr_ts_lang_name(b->lang));
        break;
    case TSQueryErrorNone:
    default: err_at(b, off, "invalid query"); break;
    }
}

/* Capture id of a name, or NO_CAPTURE. */
static uint32_t capture_id(const TSQuery *q, const char *name)
{
    uint32_t n = ts_query_capture_count(q);
    size_t want = strlen(name);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *s = ts_query_capture_name_for_id(q, i, &len);
        if (len == want && memcmp(s, name, len) == 0) return i;
    }
    return NO_CAPTURE;
}

static bool pattern_has(const TSQuery *q, uint32_t pat, uint32_t cap)
{
    return cap != NO_CAPTURE && ts_query_capture_quantifier_for_id(q, pat, cap) != TSQuantifierZero;
}

/* Where "#name" is written in a pattern (for predicate errors). */
static size_t pred_offset(const build *b, uint32_t pat, const char *name, size_t name_len)
{
    const TSQuery *q = b->out->q;
    size_t sb = ts_query_start_byte_for_pattern(q, pat);
    size_t eb = ts_query_end_byte_for_pattern(q, pat);
    if (eb > b->text.len) eb = b->text.len;
    for (size_t i = sb; i + 1 + name_len <= eb; i++)
        if (b->text.ptr[i] == '#' && memcmp(b->text.ptr + i + 1, name, name_len) == 0) return i;
    return sb;
}

/* Where byte k of the decoded first string argument after `at` (a
 * predicate's name) sits in the joined text: through the query string's
 * escapes (\\ \" \n ...); `at` when there is no such string. */
static size_t arg_offset(const build *b, size_t at, size_t k)
{
    size_t i = at, e = b->text.len;
    while (i < e && b->text.ptr[i] != '"') i++;
    if (i >= e) return at;
    i++;
    for (size_t d = 0; i < e && b->text.ptr[i] != '"'; d++) {
        if (d == k) return i;
        i += b->text.ptr[i] == '\\' ? 2 : 1;
    }
    return i < e ? i : at;
}

/* Compiles a regex (util/regex.h; a leading "(?i)" ignores case).
 * 0, or -1 (error added at the offending character). */
static int compile_re(build *b, size_t at, kr_regex **re, const char *src, size_t len)
{
    kr_regex_error e;
    if (kr_regex_compile(re, src, len, 0, &e) != 0) {
        err_at(b, arg_offset(b, at, e.offset), "bad regular expression \"%s\": %s", src, e.message);
        return -1;
    }
    return 0;
}

/* Predicate names, their kind and flags. */
static const struct {
    const char *name;
    pred_kind kind;
    bool negate;
    bool any;
} PRED_NAMES[] = {
    {"eq?", P_EQ, false, false},           {"not-eq?", P_EQ, true, false},
    {"any-eq?", P_EQ, false, true},        {"any-not-eq?", P_EQ, true, true},
    {"match?", P_MATCH, false, false},     {"not-match?", P_MATCH, true, false},
    {"any-match?", P_MATCH, false, true},  {"any-not-match?", P_MATCH, true, true},
    {"any-of?", P_ANY_OF, false, false},   {"not-any-of?", P_ANY_OF, true, false},
    {"krewlint-entropy?", P_ENTROPY, false, false},
    {"krewlint-path?", P_PATH, false, false}, {"krewlint-not-path?", P_PATH, true, false},
};

static void pred_dispose(pred *p)
{
    for (size_t i = 0; i < p->nstrs; i++) free(p->strs[i]);
    free(p->strs);
    free(p->lens);
    kr_regex_free(p->re);
}

/* Compiles one predicate: steps[0] is its name, steps[1..n) its arguments.
 * Returns 0, or -1 (error added; p left disposable). */
static int compile_pred(build *b, uint32_t pat, const TSQueryPredicateStep *st, uint32_t n, pred *p)
{
    const TSQuery *q = b->out->q;
    uint32_t nl;
    const char *name = ts_query_string_value_for_id(q, st[0].value_id, &nl);
    size_t at = pred_offset(b, pat, name, nl);
    size_t k = 0;
    const size_t npn = sizeof PRED_NAMES / sizeof PRED_NAMES[0];
    while (k < npn && !(strlen(PRED_NAMES[k].name) == nl && memcmp(PRED_NAMES[k].name, name, nl) == 0))
        k++;
    if (k == npn) {
        err_at(b, at, "unknown predicate #%.*s (krewlint evaluates #eq?, #not-eq?, #match?, "
                      "#not-match?, #any-of?, #not-any-of?, #krewlint-entropy?, #krewlint-path?, "
                      "#krewlint-not-path?)",
               (int)nl, name);
        return -1;
    }
    p->kind = PRED_NAMES[k].kind;
    p->negate = PRED_NAMES[k].negate;
    p->any = PRED_NAMES[k].any;
    p->cap = p->cap2 = NO_CAPTURE;
    uint32_t nargs = n - 1;
    const TSQueryPredicateStep *a = st + 1;
    /* collect string arguments after the optional leading capture */
    uint32_t first_str = 0;
    if (p->kind != P_PATH) {
        if (nargs < 2 || a[0].type != TSQueryPredicateStepTypeCapture) {
            err_at(b, at, "#%.*s takes a capture and %s", (int)nl, name,
                   p->kind == P_ANY_OF ? "one or more strings"
                   : p->kind == P_ENTROPY ? "a threshold in bits per character"
                   : p->kind == P_EQ ? "a string or a capture" : "a regular expression");
            return -1;
        }
        p->cap = a[0].value_id;
        first_str = 1;
        if (p->kind != P_ANY_OF && nargs != 2) {
            err_at(b, at, "#%.*s takes exactly two arguments", (int)nl, name);
            return -1;
        }
        if (p->kind == P_EQ && a[1].type == TSQueryPredicateStepTypeCapture) {
            p->cap2 = a[1].value_id;
            return 0;
        }
    } else if (nargs != 1) {
        err_at(b, at, "#%.*s takes one regular expression", (int)nl, name);
        return -1;
    }
    for (uint32_t i = first_str; i < nargs; i++) {
        if (a[i].type != TSQueryPredicateStepTypeString) {
            err_at(b, at, "#%.*s: argument %u must be a string, not a capture", (int)nl, name, i + 1);
            return -1;
        }
    }
    p->nstrs = nargs - first_str;
    p->strs = kr_xcalloc(p->nstrs, sizeof *p->strs);
    p->lens = kr_xcalloc(p->nstrs, sizeof *p->lens);
    for (size_t i = 0; i < p->nstrs; i++) {
        uint32_t sl;
        const char *s = ts_query_string_value_for_id(q, a[first_str + i].value_id, &sl);
        p->strs[i] = kr_xstrndup(s, sl);
        p->lens[i] = sl;
    }
    if (p->kind == P_MATCH || p->kind == P_PATH) {
        if (compile_re(b, at, &p->re, p->strs[0], p->lens[0]) != 0) return -1;
    } else if (p->kind == P_ENTROPY) {
        char *end = NULL;
        double v = strtod(p->strs[0], &end);
        if (end == p->strs[0] || *end != '\0' || !(v >= 0.0 && v <= 8.0)) {
            err_at(b, at, "#krewlint-entropy?: threshold \"%s\" is not a number from 0 to 8",
                   p->strs[0]);
            return -1;
        }
        p->threshold = v;
    }
    return 0;
}

static void compile_pattern(build *b, uint32_t i)
{
    kr_ts_query *Q = b->out;
    pattern *pt = &Q->pats[i];
    uint32_t sb = ts_query_start_byte_for_pattern(Q->q, i);
    pt->part = part_at(b, sb);
    pt->report = pt->cmp = NO_CAPTURE;
    const kr_ts_part *pa = &b->parts[pt->part];

    uint32_t nsteps;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(Q->q, i, &nsteps);
    size_t npreds = 0;
    for (uint32_t s = 0; s < nsteps; s++)
        if (st[s].type == TSQueryPredicateStepTypeDone) npreds++;
    pt->preds = npreds ? kr_xcalloc(npreds, sizeof *pt->preds) : NULL;
    uint32_t begin = 0;
    for (uint32_t s = 0; s < nsteps; s++) {
        if (st[s].type != TSQueryPredicateStepTypeDone) continue;
        pred *p = &pt->preds[pt->npreds++];
        if (s > begin && st[begin].type == TSQueryPredicateStepTypeString) {
            compile_pred(b, i, st + begin, s - begin, p);
            if (p->kind == P_PATH) pt->path_only = Q->has_path_preds = true;
        } else {
            err_at(b, sb, "a predicate must start with its name");
        }
        begin = s + 1;
    }

    uint32_t rep = pa->report ? capture_id(Q->q, pa->report) : NO_CAPTURE;
    if (rep == NO_CAPTURE || !pattern_has(Q->q, i, rep))
        err_at(b, sb, "this pattern has no @%s capture (the capture the rule reports)",
               pa->report ? pa->report : "(none)");
    pt->report = rep;
    if (pa->cmp) {
        uint32_t c = capture_id(Q->q, pa->cmp->capture);
        if (pattern_has(Q->q, i, c)) pt->cmp = c;
    }
}

static int compile_part(build *b, size_t k)
{
    const kr_ts_part *pa = &b->parts[k];
    part *dst = &b->out->parts[k];
    dst->user = pa->user;
    if (!pa->cmp) return 0;
    const kr_ts_compare *c = pa->cmp;
    size_t at = b->starts[k];
    bool used = false;
    for (uint32_t i = 0; i < b->out->npats; i++)
        if (b->out->pats[i].part == k && b->out->pats[i].cmp != NO_CAPTURE) used = true;
    if (!used) err_at(b, at, "no pattern has the compared capture @%s", c->capture);
    if (c->op > KR_OP_GE) {
        err_at(b, at, "a comparison's op must be ==, !=, <, <=, > or >=");
        return -1;
    }
    dst->has_cmp = true;
    dst->op = c->op;
    dst->type = c->type == KR_VT_AUTO ? KR_VT_STRING : c->type;
    dst->expected_text = kr_xstrdup(c->value ? c->value : "");
    if (kr_value_from_text(&dst->expected, dst->expected_text, strlen(dst->expected_text),
                           dst->type, c->unit) != 0) {
        err_at(b, at, "the comparison value \"%s\" cannot be read as its type", dst->expected_text);
        return -1;
    }
    return 0;
}

/* ---- pattern roots (see kr_ts_query.roots) ---- */

static size_t skip_space(const char *s, size_t i, size_t end)
{
    while (i < end) {
        if (s[i] == ';') {
            while (i < end && s[i] != '\n') i++;
        } else if (isspace((unsigned char)s[i]) || s[i] == ',') {
            i++;
        } else {
            break;
        }
    }
    return i;
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '?' || c == '!';
}

/* Index just past the S-expression element at s[i] (a list, a string, an
 * atom), with the captures and quantifiers that follow it. */
static size_t skip_elem(const char *s, size_t i, size_t end)
{
    if (i < end && s[i] == '"') {
        for (i++; i < end && s[i] != '"'; i++)
            if (s[i] == '\\') i++;
        i++;
    } else if (i < end && (s[i] == '(' || s[i] == '[')) {
        int depth = 0;
        while (i < end) {
            i = skip_space(s, i, end);
            if (i >= end) break;
            if (s[i] == '"') {
                for (i++; i < end && s[i] != '"'; i++)
                    if (s[i] == '\\') i++;
                i++;
                continue;
            }
            if (s[i] == '(' || s[i] == '[') depth++;
            if (s[i] == ')' || s[i] == ']') {
                if (--depth == 0) {
                    i++;
                    break;
                }
            }
            i++;
        }
    } else {
        while (i < end && (is_name_char(s[i]) || s[i] == '@' || s[i] == '#')) i++;
    }
    for (;;) { /* quantifiers and captures */
        size_t j = skip_space(s, i, end);
        if (j < end && (s[j] == '*' || s[j] == '+' || s[j] == '?')) {
            i = j + 1;
        } else if (j < end && s[j] == '@') {
            i = j + 1;
            while (i < end && is_name_char(s[i])) i++;
        } else {
            return i;
        }
    }
}

/* Marks the node types a pattern element at s[*i] can start at. false when
 * it can start anywhere (a wildcard, a supertype, ERROR) or has a sibling
 * sequence at its top: then the whole query runs in full-walk mode. */
static bool element_roots(const TSLanguage *L, const char *s, size_t i, size_t end,
                          unsigned char *set, uint32_t nsyms, int depth)
{
    if (depth > 32) return false;
    i = skip_space(s, i, end);
    if (i >= end) return false;
    if (s[i] == '"') { /* an anonymous node */
        size_t j = i + 1;
        while (j < end && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
        if (j >= end) return false;
        for (size_t k = i + 1; k < j; k++)
            if (s[k] == '\\') return false; /* escapes: not worth decoding */
        TSSymbol sym = ts_language_symbol_for_name(L, s + i + 1, (uint32_t)(j - i - 1), false);
        if (sym == 0 || sym >= nsyms) return false;
        set[sym] = 1;
        return true;
    }
    if (s[i] == '[') { /* alternation: every branch */
        size_t j = skip_space(s, i + 1, end);
        bool any = false;
        while (j < end && s[j] != ']') {
            if (!element_roots(L, s, j, end, set, nsyms, depth + 1)) return false;
            any = true;
            j = skip_space(s, skip_elem(s, j, end), end);
        }
        return any;
    }
    if (s[i] != '(') return false;
    size_t j = skip_space(s, i + 1, end);
    if (j >= end) return false;
    if (s[j] == '(' || s[j] == '[' || s[j] == '"') { /* a group: its only node element */
        if (!element_roots(L, s, j, end, set, nsyms, depth + 1)) return false;
        size_t k = skip_space(s, skip_elem(s, j, end), end);
        while (k < end && s[k] == '(') { /* what follows must be predicates */
            size_t m = skip_space(s, k + 1, end);
            if (m >= end || s[m] != '#') return false;
            k = skip_space(s, skip_elem(s, k, end), end);
        }
        return k < end && s[k] == ')';
    }
    size_t n = j;
    while (n < end && (isalnum((unsigned char)s[n]) || s[n] == '_')) n++;
    if (n == j || (n < end && s[n] == '/')) return false; /* (_), supertype/subtype */
    if (n - j == 1 && s[j] == '_') return false;
    TSSymbol sym = ts_language_symbol_for_name(L, s + j, (uint32_t)(n - j), true);
    if (sym == 0 || sym >= nsyms || ts_language_symbol_type(L, sym) != TSSymbolTypeRegular)
        return false;
    set[sym] = 1;
    return true;
}

/* Fills Q->roots when every pattern is rooted at known node types. */
static void compute_roots(build *b)
{
    kr_ts_query *Q = b->out;
    const TSLanguage *L = kr_ts_lang_get(Q->lang);
    uint32_t nsyms = ts_language_symbol_count(L);
    unsigned char *set = kr_xcalloc(nsyms ? nsyms : 1, 1);
    for (uint32_t i = 0; i < Q->npats; i++) {
        if (!ts_query_is_pattern_rooted(Q->q, i) || ts_query_is_pattern_non_local(Q->q, i)) goto no;
        size_t sb = ts_query_start_byte_for_pattern(Q->q, i);
        size_t eb = ts_query_end_byte_for_pattern(Q->q, i);
        if (eb > b->text.len || sb >= eb) goto no;
        if (!element_roots(L, b->text.ptr, sb, eb, set, nsyms, 0)) goto no;
    }
    Q->roots = set;
    Q->nsyms = nsyms;
    return;
no:
    free(set);
}

void kr_ts_query_free(kr_ts_query *self)
{
    if (!self) return;
    for (uint32_t i = 0; i < self->npats; i++) {
        for (size_t k = 0; k < self->pats[i].npreds; k++) pred_dispose(&self->pats[i].preds[k]);
        free(self->pats[i].preds);
    }
    free(self->pats);
    for (size_t k = 0; k < self->nparts; k++) free(self->parts[k].expected_text);
    free(self->parts);
    if (self->q) ts_query_delete(self->q);
    free(self->roots);
    free(self);
}

int kr_ts_query_build(kr_ts_query **out, kr_ts_lang lang, const kr_ts_part *parts, size_t nparts,
                      struct kr_diags *diags)
{
    *out = NULL;
    int rc = KR_EINVALID;
    build b = {.lang = lang, .parts = parts, .nparts = nparts, .diags = diags};
    kr_buf_init(&b.text, UINT32_MAX);
    const TSLanguage *L = kr_ts_lang_get(lang);
    if (!L || nparts == 0) {
        kr_diags_add(diags, KR_SEV_ERROR, nparts ? parts[0].origin.file : NULL,
                     nparts ? &parts[0].origin.span : NULL, CODE,
                     L ? "source query: no query text" : "source query: unknown language");
        goto out;
    }
    b.starts = kr_xcalloc(nparts, sizeof *b.starts);
    for (size_t k = 0; k < nparts; k++) {
        b.starts[k] = b.text.len;
        kr_buf_put(&b.text, parts[k].text ? parts[k].text : "", parts[k].text ? parts[k].len : 0);
        kr_buf_putc(&b.text, '\n');
    }
    if (b.text.failed) {
        kr_diags_add(diags, KR_SEV_ERROR, parts[0].origin.file, &parts[0].origin.span, CODE,
                     "source query: the query text is too long");
        goto out;
    }
    b.out = kr_xcalloc(1, sizeof *b.out);
    b.out->lang = lang;
    uint32_t eoff = 0;
    TSQueryError etype = TSQueryErrorNone;
    b.out->q = ts_query_new(L, b.text.ptr, (uint32_t)b.text.len, &eoff, &etype);
    if (!b.out->q) {
        report_ts_error(&b, eoff, etype);
        goto out;
    }
    b.out->npats = ts_query_pattern_count(b.out->q);
    b.out->pats = kr_xcalloc(b.out->npats ? b.out->npats : 1, sizeof *b.out->pats);
    b.out->nparts = nparts;
    b.out->parts = kr_xcalloc(nparts, sizeof *b.out->parts);
    for (uint32_t i = 0; i < b.out->npats; i++) compile_pattern(&b, i);
    for (size_t k = 0; k < nparts; k++) {
        bool any = false;
        for (uint32_t i = 0; i < b.out->npats; i++) any = any || b.out->pats[i].part == k;
        if (!any) err_at(&b, b.starts[k], "the query has no pattern");
        compile_part(&b, k);
    }
    if (b.errors) goto out;
    compute_roots(&b);
    *out = b.out;
    b.out = NULL;
    rc = 0;
out:
    kr_ts_query_free(b.out);
    free(b.starts);
    kr_buf_dispose(&b.text);
    return rc;
}

kr_ts_lang kr_ts_query_lang(const kr_ts_query *self) { return self->lang; }
size_t kr_ts_query_pattern_count(const kr_ts_query *self) { return self->npats; }

/* ------------------------------------------------------------ running --- */

/* run - state of one kr_ts_query_run call (one thread). */
typedef struct hit_rec {
    size_t part;
    TSNode node;
    const char *value;
    size_t value_len;
} hit_rec;

typedef struct run {
    const kr_ts_query *q;
    const kr_ts_tree *tree;
    const unsigned char *path_ok; /* per pattern, when there are path predicates */
    KR_ARRAY(hit_rec) hits;
} run;

static const char *node_text(const run *r, TSNode n, size_t *len)
{
    size_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), max = r->tree->len;
    if (s > max) s = max;
    if (e > max) e = max;
    if (e < s) e = s;
    *len = e - s;
    return r->tree->data + s;
}

/* One node against a predicate (negation not applied). */
static bool pred_node(run *r, const pred *p, const char *s, size_t n)
{
    (void)r;
    switch (p->kind) {
    case P_EQ: return n == p->lens[0] && memcmp(s, p->strs[0], n) == 0;
    case P_MATCH: return kr_regex_search(p->re, s, n);
    case P_ANY_OF:
        for (size_t i = 0; i < p->nstrs; i++)
            if (n == p->lens[i] && memcmp(s, p->strs[i], n) == 0) return true;
        return false;
    case P_ENTROPY:
        kr_ts_unquote(&s, &n);
        return kr_ts_entropy(s, n) >= p->threshold;
    case P_PATH: return false;
    }
    return false;
}

static bool pred_holds(run *r, const pred *p, const TSQueryMatch *m)
{
    if (p->cap2 != NO_CAPTURE) { /* capture vs capture: first nodes */
        const TSNode *a = NULL, *b = NULL;
        for (uint16_t i = 0; i < m->capture_count; i++) {
            if (!a && m->captures[i].index == p->cap) a = &m->captures[i].node;
            if (!b && m->captures[i].index == p->cap2) b = &m->captures[i].node;
        }
        if (!a || !b) return true;
        size_t la, lb;
        const char *ta = node_text(r, *a, &la), *tb = node_text(r, *b, &lb);
        bool eq = la == lb && memcmp(ta, tb, la) == 0;
        return eq != p->negate;
    }
    bool seen = false;
    for (uint16_t i = 0; i < m->capture_count; i++) {
        if (m->captures[i].index != p->cap) continue;
        seen = true;
        size_t n;
        const char *s = node_text(r, m->captures[i].node, &n);
        bool ok = pred_node(r, p, s, n) != p->negate;
        if (p->any && ok) return true;
        if (!p->any && !ok) return false;
    }
    return p->any ? !seen : true;
}

static bool compare_holds(const part *pa, const char *s, size_t n)
{
    kr_value got;
    if (kr_value_from_text(&got, s, n, pa->type, KR_UNIT_SECONDS) != 0) return false;
    int c;
    if (kr_value_compare(&c, &got, &pa->expected) != 0) return false;
    switch (pa->op) {
    case KR_OP_EQ: return c == 0;
    case KR_OP_NE: return c != 0;
    case KR_OP_LT: return c < 0;
    case KR_OP_LE: return c <= 0;
    case KR_OP_GT: return c > 0;
    case KR_OP_GE: return c >= 0;
    default: return false;
    }
}

/* Takes every match of an executed cursor: predicates, comparison, hits. */
static void drain(run *r, TSQueryCursor *cur)
{
    const kr_ts_query *self = r->q;
    TSQueryMatch m;
    while (ts_query_cursor_next_match(cur, &m)) {
        const pattern *pt = &self->pats[m.pattern_index];
        if (r->path_ok && !r->path_ok[m.pattern_index]) continue;
        bool ok = true;
        for (size_t k = 0; k < pt->npreds && ok; k++)
            if (pt->preds[k].kind != P_PATH) ok = pred_holds(r, &pt->preds[k], &m);
        if (!ok) continue;
        const char *val = NULL;
        size_t vlen = 0;
        if (pt->cmp != NO_CAPTURE) {
            for (uint16_t i = 0; i < m.capture_count && !val; i++)
                if (m.captures[i].index == pt->cmp) val = node_text(r, m.captures[i].node, &vlen);
            if (!val) continue;
            kr_ts_unquote(&val, &vlen);
            if (!compare_holds(&self->parts[pt->part], val, vlen)) continue;
        }
        for (uint16_t i = 0; i < m.capture_count; i++) {
            if (m.captures[i].index != pt->report) continue;
            hit_rec h = {pt->part, m.captures[i].node, val, vlen};
            kr_array_push(&r->hits, h);
        }
    }
}

static int cmp_hit(const void *a, const void *b)
{
    const hit_rec *x = a, *y = b;
    uint32_t xs = ts_node_start_byte(x->node), ys = ts_node_start_byte(y->node);
    if (xs != ys) return xs < ys ? -1 : 1;
    if (x->part != y->part) return x->part < y->part ? -1 : 1;
    uint32_t xe = ts_node_end_byte(x->node), ye = ts_node_end_byte(y->node);
    if (xe != ye) return xe < ye ? -1 : 1;
    return 0;
}

static kr_loc point_loc(TSPoint p, uint32_t byte) { return (kr_loc){p.row, p.column, byte}; }

int kr_ts_query_run(const kr_ts_query *self, const kr_ts_tree *tree, const char *path,
                    kr_ts_hit_cb cb, void *payload)
{
    if (!self || !tree || tree->lang != self->lang) return KR_EINVALID;
    run r = {.q = self, .tree = tree};
    unsigned char *path_ok = NULL;
    if (self->has_path_preds) {
        path_ok = kr_xmalloc(self->npats);
        for (uint32_t i = 0; i < self->npats; i++) {
            path_ok[i] = 1;
            const pattern *pt = &self->pats[i];
            for (size_t k = 0; k < pt->npreds && path_ok[i]; k++) {
                const pred *p = &pt->preds[k];
                if (p->kind != P_PATH) continue;
                bool m = kr_regex_search(p->re, path ? path : "", path ? strlen(path) : 0);
                if (m == p->negate) path_ok[i] = 0;
            }
        }
    }
    r.path_ok = path_ok;
    TSQueryCursor *cur = ts_query_cursor_new();
    TSNode root = ts_tree_root_node(tree->tree);
    if (!self->roots) {
        ts_query_cursor_exec(cur, self->q, root);
        drain(&r, cur);
    } else {
        /* visit every node; start the query only where a pattern can start */
        ts_query_cursor_set_max_start_depth(cur, 0);
        TSTreeCursor tc = ts_tree_cursor_new(root);
        for (;;) {
            TSNode n = ts_tree_cursor_current_node(&tc);
            TSSymbol sym = ts_node_symbol(n);
            if (sym < self->nsyms && self->roots[sym]) {
                ts_query_cursor_exec(cur, self->q, n);
                drain(&r, cur);
            }
            if (ts_tree_cursor_goto_first_child(&tc)) continue;
            bool more = true;
            while (!ts_tree_cursor_goto_next_sibling(&tc))
                if (!ts_tree_cursor_goto_parent(&tc)) {
                    more = false;
                    break;
                }
            if (!more) break;
        }
        ts_tree_cursor_delete(&tc);
    }
    ts_query_cursor_delete(cur);
    free(path_ok);

    if (r.hits.len > 1) qsort(r.hits.items, r.hits.len, sizeof *r.hits.items, cmp_hit);
    for (size_t i = 0; i < r.hits.len; i++) {
        const hit_rec *h = &r.hits.items[i];
        if (i > 0 && cmp_hit(h, &r.hits.items[i - 1]) == 0) continue;
        kr_ts_hit out = {0};
        out.part = h->part;
        out.user = self->parts[h->part].user;
        uint32_t sb = ts_node_start_byte(h->node), eb = ts_node_end_byte(h->node);
        out.span.start = point_loc(ts_node_start_point(h->node), sb);
        out.span.end = point_loc(ts_node_end_point(h->node), eb);
        out.text = node_text(&r, h->node, &out.text_len);
        out.value = h->value;
        out.value_len = h->value_len;
        cb(&out, payload);
    }
    kr_array_dispose(&r.hits);
    return 0;
}
