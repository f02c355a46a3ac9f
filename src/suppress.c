/* suppress.c - inline suppressions (see suppress.h).
 *
 * Two passes, the second only when the first finds anything:
 *   1. a plain byte search for "krewlint:" (most files end here);
 *   2. a lexer for the file's comment syntax that lists the comments and
 *      marks which lines hold code; directives are parsed out of the
 *      comments only, so "krewlint:ignore" inside a string is text.
 * The lexers are deliberately small: they know the string, comment, heredoc
 * and block-scalar forms that can hide or fake a comment, nothing more, and
 * they never fail (an unterminated string or comment runs to the end).
 */
#include "suppress.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

#define MARK "krewlint:"
#define MARK_LEN 9
/* Nesting of strings inside interpolations inside strings ("${"${x}"}"). */
#define LEX_MAX_NEST 32
/* Longest heredoc identifier. */
#define HEREDOC_MAX_ID 64
/* Directives per file (a generated file full of them is not a use case). */
#define SUPP_MAX_PER_FILE 10000

/* ------------------------------------------------------------ syntax --- */

kr_comment_syntax kr_suppress_syntax_for(const char *path, const char *data, size_t len)
{
    return kr_syntax_comments(path, data, len); /* the syntax table, doc/format.h */
}

/* -------------------------------------------------------------- dates --- */

bool kr_suppress_valid_date(const char *s, size_t len)
{
    long days;
    return kr_date_parse(&days, s, len) == 0; /* the one date reader, util/date.h */
}

int kr_suppress_today(char out[11])
{
    long days;
    if (kr_today(&days) != 0) {
        snprintf(out, 11, "1970-01-01");
        return -1;
    }
    kr_date_format(out, 11, days);
    return 0;
}

/* -------------------------------------------------------------- lexing --- */

typedef struct cmt {
    size_t start, end;  /* the comment's text, without its delimiters */
    uint32_t line, end_line;
} cmt;

/* lexer - comments and code lines of one file. */
typedef struct lexer {
    const char *d;
    size_t len;
    KR_ARRAY(cmt) cmts;
    unsigned char *code; /* per line: 1 when it holds something that is not a comment */
    uint32_t *next_code; /* per line: the first line >= it holding code, UINT32_MAX: none */
    uint32_t *prev_code; /* per line: the last line < it holding code, UINT32_MAX: none */
    int32_t *delta;      /* HCL/C-like: per line, brackets opened minus closed (outside strings) */
    uint32_t *bend;      /* per code line: the last line of the block it opens (itself: none) */
    unsigned char *outer;/* per code line: it opens a resource-level block (HCL: a top-level
                            block; YAML: a top-level key or a child of one, like a logical id) */
    size_t nlines;
    size_t *starts;      /* byte offset of each line */
} lexer;

static void build_lines(lexer *L)
{
    size_t n = 1;
    for (size_t i = 0; i < L->len; i++)
        if (L->d[i] == '\n') n++;
    L->nlines = n;
    L->starts = kr_xmalloc(n * sizeof *L->starts);
    L->code = kr_xcalloc(n, 1);
    L->delta = kr_xcalloc(n, sizeof *L->delta);
    size_t k = 0;
    L->starts[k++] = 0;
    for (size_t i = 0; i < L->len; i++)
        if (L->d[i] == '\n') L->starts[k++] = i + 1;
}

static uint32_t line_of(const lexer *L, size_t byte)
{
    size_t lo = 0, hi = L->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (L->starts[mid] <= byte) lo = mid;
        else hi = mid;
    }
    return (uint32_t)lo;
}

static kr_loc loc_of(const lexer *L, size_t byte)
{
    kr_loc l;
    l.line = line_of(L, byte);
    l.col = (uint32_t)(byte - L->starts[l.line]);
    l.byte = (uint32_t)byte;
    return l;
}

static void add_cmt(lexer *L, size_t start, size_t end)
{
    cmt c = {start, end, line_of(L, start), line_of(L, end > start ? end - 1 : start)};
    kr_array_push(&L->cmts, c);
}

static size_t eol(const lexer *L, size_t i)
{
    const char *nl = memchr(L->d + i, '\n', L->len - i);
    return nl ? (size_t)(nl - L->d) : L->len;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

typedef struct lexopts {
    bool hash, slash, squote, backtick, triple, interp, heredoc;
} lexopts;

typedef enum fkind { F_STR, F_INTERP } fkind;
typedef struct frame {
    fkind kind;
    char quote;
    bool triple;
    bool multiline; /* may span lines (template literal, triple quote) */
    unsigned depth; /* F_INTERP: open braces */
} frame;

/* HCL heredoc at i ("<<ID" or "<<-ID" then end of line): returns the offset
 * after its closing line, or 0 when it is not one. Marks its lines as code. */
static size_t heredoc(lexer *L, size_t i)
{
    size_t j = i + 2;
    if (j < L->len && L->d[j] == '-') j++;
    size_t id = j;
    while (j < L->len && (isalnum((unsigned char)L->d[j]) || L->d[j] == '_') && j - id < HEREDOC_MAX_ID) j++;
    size_t idlen = j - id;
    if (idlen == 0 || isdigit((unsigned char)L->d[id])) return 0;
    while (j < L->len && is_blank(L->d[j])) j++;
    if (j < L->len && L->d[j] != '\n') return 0;
    size_t p = j < L->len ? j + 1 : L->len;
    while (p < L->len) {
        size_t e = eol(L, p);
        L->code[line_of(L, p)] = 1;
        size_t a = p, b = e;
        while (a < b && is_blank(L->d[a])) a++;
        while (b > a && is_blank(L->d[b - 1])) b--;
        if (b - a == idlen && memcmp(L->d + a, L->d + id, idlen) == 0) return e;
        p = e + 1;
    }
    return L->len;
}

/* HCL, C-like and Python. */
static void lex_code(lexer *L, const lexopts *o)
{
    frame st[LEX_MAX_NEST];
    size_t sp = 0;
    uint32_t ln = 0;
    const char *d = L->d;
    size_t i = 0;
    while (i < L->len) {
        char c = d[i];
        if (c == '\n') {
            ln++;
            /* a one-line string ends at the line's end (recovery) */
            while (sp && !st[sp - 1].multiline) sp--;
            i++;
            continue;
        }
        frame *top = sp ? &st[sp - 1] : NULL;
        if (top && top->kind == F_STR) {
            if (!is_blank(c)) L->code[ln] = 1;
            if (c == '\\' && i + 1 < L->len) {
                i += d[i + 1] == '\n' ? 1 : 2;
                continue;
            }
            if (o->interp && c == '$' && i + 1 < L->len && d[i + 1] == '{' && top->quote != '\'' &&
                sp < LEX_MAX_NEST) {
                st[sp++] = (frame){F_INTERP, 0, false, true, 0};
                i += 2;
                continue;
            }
            if (c == top->quote) {
                if (!top->triple) {
                    sp--;
                    i++;
                    continue;
                }
                if (i + 2 < L->len && d[i + 1] == c && d[i + 2] == c) {
                    sp--;
                    i += 3;
                    continue;
                }
            }
            i++;
            continue;
        }
        if (is_blank(c)) {
            i++;
            continue;
        }
        if ((o->hash && c == '#') || (o->slash && c == '/' && i + 1 < L->len && d[i + 1] == '/')) {
            size_t s = i + (c == '#' ? 1 : 2), e = eol(L, i);
            add_cmt(L, s, e);
            i = e;
            continue;
        }
        if (o->slash && c == '/' && i + 1 < L->len && d[i + 1] == '*') {
            size_t s = i + 2, e = s;
            while (e + 1 < L->len && !(d[e] == '*' && d[e + 1] == '/')) e++;
            if (e + 1 >= L->len) e = L->len;
            add_cmt(L, s, e);
            for (size_t k = i; k < e; k++)
                if (d[k] == '\n') ln++;
            i = e < L->len ? e + 2 : L->len;
            continue;
        }
        L->code[ln] = 1;
        if (o->heredoc && c == '<' && i + 1 < L->len && d[i + 1] == '<') {
            size_t end = heredoc(L, i);
            if (end) {
                for (size_t k = i; k < end; k++)
                    if (d[k] == '\n') ln++;
                i = end;
                continue;
            }
        }
        if ((c == '"' || (o->squote && c == '\'') || (o->backtick && c == '`')) && sp < LEX_MAX_NEST) {
            bool triple = o->triple && i + 2 < L->len && d[i + 1] == c && d[i + 2] == c;
            st[sp++] = (frame){F_STR, c, triple, triple || c == '`', 0};
            i += triple ? 3 : 1;
            continue;
        }
        if (!top) {
            /* structural brackets: the blocks a suppression above one covers */
            if (c == '{' || c == '[' || c == '(') L->delta[ln]++;
            else if (c == '}' || c == ']' || c == ')') L->delta[ln]--;
        }
        if (top && top->kind == F_INTERP) {
            if (c == '{') top->depth++;
            else if (c == '}') {
                if (top->depth == 0) sp--;
                else top->depth--;
            }
        }
        i++;
    }
}

/* YAML: line by line, with quoted scalars (which may span lines) and block
 * scalars (| and >: more-indented lines are text). */
static void lex_yaml(lexer *L)
{
    const char *d = L->d;
    char q = 0;           /* open quote */
    long block = -1;      /* indent of the node owning an open block scalar */
    for (size_t ln = 0; ln < L->nlines; ln++) {
        size_t ls = L->starts[ln], le = eol(L, ls);
        size_t ind = 0;
        while (ls + ind < le && d[ls + ind] == ' ') ind++;
        bool blank = true;
        for (size_t k = ls; k < le; k++)
            if (!is_blank(d[k])) blank = false;
        if (block >= 0 && q == 0) {
            if (blank) continue;
            if ((long)ind > block) {
                L->code[ln] = 1;
                continue;
            }
            block = -1;
        }
        char last = 0;        /* last significant character outside comments */
        size_t content_end = ls;
        for (size_t j = ls; j < le; j++) {
            char c = d[j];
            if (q == '\'') {
                L->code[ln] = 1;
                if (c == '\'') {
                    if (j + 1 < le && d[j + 1] == '\'') j++;
                    else q = 0;
                }
                last = c;
                content_end = j + 1;
                continue;
            }
            if (q == '"') {
                L->code[ln] = 1;
                if (c == '\\') j++;
                else if (c == '"') q = 0;
                last = c;
                content_end = j + 1 < le ? j + 1 : le;
                continue;
            }
            if (is_blank(c)) continue;
            if (c == '#' && (j == ls || is_blank(d[j - 1]))) {
                add_cmt(L, j + 1, le);
                break;
            }
            L->code[ln] = 1;
            if ((c == '\'' || c == '"') &&
                (last == 0 || last == ':' || last == '-' || last == '[' || last == '{' ||
                 last == ',' || last == '?'))
                q = c;
            last = c;
            content_end = j + 1;
        }
        if (q) continue;
        /* a block scalar indicator ends the line: `key: |`, `- >-`, `key: |2` */
        size_t e = content_end;
        size_t k = e;
        while (k > ls && k + 2 > e && (d[k - 1] == '+' || d[k - 1] == '-' ||
                                       (d[k - 1] >= '1' && d[k - 1] <= '9')))
            k--;
        if (k > ls && (d[k - 1] == '|' || d[k - 1] == '>')) {
            size_t b = k - 1;
            while (b > ls && is_blank(d[b - 1])) b--;
            if (b == ls + ind || (b > ls && (d[b - 1] == ':' || d[b - 1] == '-'))) {
                /* the owning node's indent: past any "- " sequence markers */
                size_t own = ind;
                while (ls + own + 1 < le && d[ls + own] == '-' && d[ls + own + 1] == ' ') {
                    own += 2;
                    while (ls + own < le && d[ls + own] == ' ') own++;
                }
                block = (long)own;
                if (b == ls + ind) block = (long)ind; /* the scalar is the whole line's node */
            }
        }
    }
}

/* -------------------------------------------------------------- blocks --- */

/* bopen - a block still open while the block ends are computed. */
typedef struct bopen {
    uint32_t line;
    int32_t level;  /* brackets: the level the line starts at; YAML: its indent */
    bool bare_key;  /* YAML: `key:` with nothing after it (a sequence may follow at its indent) */
} bopen;

/* Bracket syntaxes (HCL, C-like, Python): a line opens a block when it ends
 * deeper than it starts; the block ends on the first line that ends at or
 * above the level it started at (the line with the closing bracket). One
 * pass with a stack, so a file of many directives costs no rescans. */
static void blocks_brackets(lexer *L)
{
    KR_ARRAY(bopen) st = {0};
    int32_t level = 0;
    for (size_t l = 0; l < L->nlines; l++) {
        L->bend[l] = (uint32_t)l;
        int32_t start = level;
        level += L->delta[l];
        while (st.len && st.items[st.len - 1].level >= level) {
            L->bend[st.items[st.len - 1].line] = (uint32_t)l;
            st.len--;
        }
        if (level > start) {
            L->outer[l] = start == 0;
            bopen b = {(uint32_t)l, start, false};
            kr_array_push(&st, b);
        }
    }
    for (size_t i = 0; i < st.len; i++) /* unclosed: to the end of the file */
        L->bend[st.items[i].line] = (uint32_t)(L->nlines - 1);
    kr_array_dispose(&st);
}

/* YAML line facts: indent, a leading "-", a document marker, a bare `key:`
 * (the content before any comment ends with ':'), a top-level `kind:`. */
typedef struct yline {
    size_t indent;
    bool dash, marker, bare_key, kind;
} yline;

static yline yaml_line(const lexer *L, size_t l)
{
    yline y;
    memset(&y, 0, sizeof y);
    const char *d = L->d;
    size_t ls = L->starts[l], le = eol(L, ls);
    while (ls + y.indent < le && d[ls + y.indent] == ' ') y.indent++;
    size_t b = ls + y.indent;
    y.dash = b < le && d[b] == '-' && (b + 1 == le || is_blank(d[b + 1]));
    y.marker = y.indent == 0 && le - ls >= 3 &&
               (memcmp(d + ls, "---", 3) == 0 || memcmp(d + ls, "...", 3) == 0) &&
               (le - ls == 3 || is_blank(d[ls + 3]));
    y.kind = y.indent == 0 && le - ls >= 5 && memcmp(d + ls, "kind:", 5) == 0;
    /* the content's end: before a comment outside quotes */
    char q = 0;
    size_t e = b;
    for (size_t k = b; k < le; k++) {
        char c = d[k];
        if (q) {
            if (c == q) q = 0;
            e = k + 1;
            continue;
        }
        if (c == '#' && (k == b || is_blank(d[k - 1]))) break;
        if ((c == '"' || c == '\'') && (k == b || is_blank(d[k - 1]) || d[k - 1] == ':')) q = c;
        if (!is_blank(c)) e = k + 1;
    }
    y.bare_key = !y.dash && e > b && d[e - 1] == ':';
    return y;
}

/* YAML: a line's block is the lines after it indented deeper (and, after a
 * bare `key:`, the sequence items at its own indent). A Kubernetes object
 * (a document with a top-level `kind:`) is one block from its first line:
 * a directive above its apiVersion covers the whole object. */
static void blocks_yaml(lexer *L)
{
    KR_ARRAY(bopen) st = {0};
    uint32_t last = UINT32_MAX;      /* the last code line seen */
    uint32_t doc_first = UINT32_MAX; /* the document's first code line (its marker if any) */
    uint32_t doc_obj = UINT32_MAX;   /* its first code line past the marker */
    bool doc_kind = false;
    for (size_t l = 0; l <= L->nlines; l++) {
        bool at_end = l == L->nlines;
        if (!at_end) L->bend[l] = (uint32_t)l;
        if (!at_end && !L->code[l]) continue;
        yline y;
        memset(&y, 0, sizeof y);
        if (!at_end) y = yaml_line(L, l);
        if (at_end || y.marker) {
            while (st.len) L->bend[st.items[--st.len].line] = last;
            if (doc_kind && last != UINT32_MAX) {
                if (doc_obj != UINT32_MAX) L->bend[doc_obj] = last;
                L->bend[doc_first] = last;
            }
            if (at_end) break;
            doc_first = (uint32_t)l;
            doc_obj = UINT32_MAX;
            doc_kind = false;
            last = (uint32_t)l;
            continue;
        }
        if (doc_first == UINT32_MAX) doc_first = (uint32_t)l;
        if (doc_obj == UINT32_MAX) doc_obj = (uint32_t)l;
        if (y.kind) doc_kind = true;
        while (st.len) {
            const bopen *t = &st.items[st.len - 1];
            if ((size_t)t->level < y.indent || ((size_t)t->level == y.indent && t->bare_key && y.dash))
                break;
            L->bend[t->line] = last;
            st.len--;
        }
        L->outer[l] = st.len <= 1;
        bopen b = {(uint32_t)l, (int32_t)(y.indent > INT32_MAX ? INT32_MAX : y.indent), y.bare_key};
        kr_array_push(&st, b);
        last = (uint32_t)l;
    }
    kr_array_dispose(&st);
}

/* ---------------------------------------------------------- directives --- */

/* pending - one parsed directive before it becomes suppressions. */
typedef struct pending {
    kr_supp_scope scope;   /* LINE, FILE or RANGE (start) */
    bool is_end;
    bool valid;            /* no errors, not expired */
    char **targets;
    size_t ntargets;
    char *reason, *by, *until;
    kr_span span;
    uint32_t first, last;
} pending;

static void pending_free(pending *p)
{
    for (size_t i = 0; i < p->ntargets; i++) free(p->targets[i]);
    free(p->targets);
    free(p->reason);
    free(p->by);
    free(p->until);
    memset(p, 0, sizeof *p);
}

/* scanctx - one kr_suppress_scan call. */
typedef struct scanctx {
    lexer *L;
    const char *path;
    const char *today;
    kr_diags *diags;
    kr_suppressions *out;
    KR_ARRAY(pending) open;  /* ignore-start directives awaiting their end */
    size_t count;
} scanctx;

static void perr(scanctx *x, const kr_span *sp, const char *fmt, ...) KR_PRINTF(3, 4);
static void perr(scanctx *x, const kr_span *sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(x->diags, KR_SEV_ERROR, x->path, sp, "suppression-invalid", fmt, ap);
    va_end(ap);
}

static const char *scope_word(kr_supp_scope s, bool is_end)
{
    if (is_end) return "krewlint:ignore-end";
    return s == KR_SUPP_FILE ? "krewlint:ignore-file" :
           s == KR_SUPP_RANGE ? "krewlint:ignore-start" : "krewlint:ignore";
}

/* The line a `krewlint:ignore` in comment c applies to; UINT32_MAX: none. */
static uint32_t target_line(const lexer *L, const cmt *c)
{
    if (L->code[c->line]) return c->line;
    if (c->end_line != c->line && L->code[c->end_line]) return c->end_line;
    size_t next = (size_t)c->end_line + 1;
    return next < L->nlines ? L->next_code[next] : UINT32_MAX;
}

/* The lines a `krewlint:ignore` in comment c covers, [*first, *last]:
 *   - its target line (target_line) and, when that line opens a block
 *     (a Terraform block, a CloudFormation logical id, a YAML key with
 *     children, a Kubernetes object), the whole block (tfsec/Trivy style);
 *   - else, when the comment stands alone among the first lines inside a
 *     resource-level block (right after the line that opens it: Checkov
 *     style), that block;
 *   - else the target line alone.
 * Returns false when there is no line to cover. */
static bool cover(const lexer *L, const cmt *c, uint32_t *first, uint32_t *last)
{
    uint32_t t = target_line(L, c);
    if (t == UINT32_MAX) return false;
    *first = t;
    *last = L->bend[t];
    if (*last != t || L->code[c->line]) return true;
    uint32_t p = L->prev_code[c->line];
    if (p != UINT32_MAX && L->outer[p] && L->bend[p] != p && L->bend[p] >= t) {
        *first = p;
        *last = L->bend[p];
    }
    return true;
}

static void emit(scanctx *x, const pending *p, kr_supp_scope scope, uint32_t first, uint32_t last)
{
    for (size_t i = 0; i < p->ntargets; i++) {
        kr_suppression s;
        memset(&s, 0, sizeof s);
        s.scope = scope;
        if (kr_selector_classify(&s.kind, p->targets[i]) != 0) s.kind = KR_SEL_RULE;
        s.target = kr_xstrdup(p->targets[i]);
        s.reason = kr_xstrdup(p->reason);
        s.by = p->by ? kr_xstrdup(p->by) : NULL;
        s.until = p->until ? kr_xstrdup(p->until) : NULL;
        s.span = p->span;
        s.first = first;
        s.last = last;
        kr_array_push(x->out, s);
    }
}

/* Parses the targets and fields of a directive, text[i, n): "RULE[,RULE]
 * reason=... until=... by=..." into p. Returns false after reporting a problem. */
static bool parse_body(scanctx *x, pending *p, const char *word, const kr_span *sp, const char *text,
                       size_t i, size_t n)
{
    bool ok = true;
    /* targets */
    while (i < n && is_blank(text[i])) i++;
    size_t ts = i;
    while (i < n && !is_blank(text[i])) i++;
    if (i > ts && !memchr(text + ts, '=', i - ts)) {
        size_t s = ts;
        while (s <= i) {
            size_t e = s;
            while (e < i && text[e] != ',') e++;
            char *t = kr_xstrndup(text + s, e - s);
            kr_sel_kind k;
            if (e == s || kr_selector_classify(&k, t) != 0) {
                perr(x, sp, "%s: '%s' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION) "
                            "nor a checksheet item (like 6-8)", word, t);
                ok = false;
                free(t);
            } else {
                p->targets = kr_xrealloc(p->targets, (p->ntargets + 1) * sizeof *p->targets);
                p->targets[p->ntargets++] = t;
            }
            s = e + 1;
        }
    } else {
        i = ts;
    }
    /* fields */
    while (i < n) {
        while (i < n && is_blank(text[i])) i++;
        if (i >= n) break;
        size_t ks = i;
        while (i < n && islower((unsigned char)text[i])) i++;
        size_t klen = i - ks;
        if (i >= n || text[i] != '=' || klen == 0) {
            size_t e = ks;
            while (e < n && !is_blank(text[e])) e++;
            perr(x, sp, "%s: unexpected '%.*s' (fields are reason=\"...\", until=YYYY-MM-DD, by=NAME)",
                 word, (int)(e - ks), text + ks);
            ok = false;
            break;
        }
        i++;
        kr_buf v;
        kr_buf_init(&v, 4096);
        if (i < n && (text[i] == '"' || text[i] == '\'')) {
            char qc = text[i++];
            bool closed = false;
            while (i < n) {
                if (text[i] == '\\' && i + 1 < n && (text[i + 1] == qc || text[i + 1] == '\\')) {
                    kr_buf_putc(&v, text[i + 1]);
                    i += 2;
                    continue;
                }
                if (text[i] == qc) {
                    closed = true;
                    i++;
                    break;
                }
                kr_buf_putc(&v, text[i++]);
            }
            if (!closed) {
                perr(x, sp, "%s: the quoted value of %.*s= is not closed", word, (int)klen, text + ks);
                ok = false;
                kr_buf_dispose(&v);
                break;
            }
        } else {
            while (i < n && !is_blank(text[i])) kr_buf_putc(&v, text[i++]);
        }
        char **slot = NULL;
        if (klen == 6 && memcmp(text + ks, "reason", 6) == 0) slot = &p->reason;
        else if (klen == 2 && memcmp(text + ks, "by", 2) == 0) slot = &p->by;
        else if (klen == 5 && memcmp(text + ks, "until", 5) == 0) slot = &p->until;
        if (!slot) {
            perr(x, sp, "%s: unknown field '%.*s' (fields are reason, until and by)", word,
                 (int)klen, text + ks);
            ok = false;
        } else if (*slot) {
            perr(x, sp, "%s: field '%.*s' is given twice", word, (int)klen, text + ks);
            ok = false;
        } else {
            *slot = kr_xstrdup(kr_buf_cstr(&v));
        }
        kr_buf_dispose(&v);
    }

    return ok;
}

/* The checks every form shares: a target, a reason, a valid and unexpired
 * until. Returns false after reporting (an expired one is a warning). */
static bool validate(scanctx *x, const pending *p, const char *word, const kr_span *sp, bool ok)
{
    if (p->ntargets == 0 && ok) {
        perr(x, sp, "%s needs a rule id or checksheet item (like %s KR-6-8-RDS-BACKUP-RETENTION "
                    "reason=\"...\")", word, word);
        ok = false;
    }
    if (ok && (!p->reason || !p->reason[0])) {
        perr(x, sp, "%s %s has no reason=\"...\"; a suppression must say why, so it is not applied",
             word, p->targets[0]);
        ok = false;
    }
    if (ok && p->until && !kr_suppress_valid_date(p->until, strlen(p->until))) {
        perr(x, sp, "%s: until=%s is not a date (YYYY-MM-DD)", word, p->until);
        ok = false;
    }
    if (ok && p->until && strcmp(p->until, x->today) < 0) {
        kr_diags_add(x->diags, KR_SEV_WARNING, x->path, sp, "suppression-expired",
                     "the suppression of %s expired on %s (reason: \"%s\"); it is not applied",
                     p->targets[0], p->until, p->reason);
        ok = false;
    }
    return ok;
}

/* Parses the directive at text[0, n) (just after "krewlint:"), whose "krewlint:"
 * is at byte `at`, inside comment c. */
static void directive(scanctx *x, const cmt *c, size_t at, const char *text, size_t n)
{
    lexer *L = x->L;
    size_t w = 0;
    while (w < n && (islower((unsigned char)text[w]) || text[w] == '-')) w++;
    if (w < 6 || memcmp(text, "ignore", 6) != 0) return; /* prose, or another tool's word */
    pending p;
    memset(&p, 0, sizeof p);
    p.span.start = loc_of(L, at);
    /* the directive ends at its last non-blank byte */
    size_t dend = n;
    while (dend > 0 && is_blank(text[dend - 1])) dend--;
    p.span.end = loc_of(L, at + MARK_LEN + dend);
    const kr_span *sp = &p.span;
    if (w == 6) p.scope = KR_SUPP_LINE;
    else if (w == 11 && memcmp(text, "ignore-file", 11) == 0) p.scope = KR_SUPP_FILE;
    else if (w == 12 && memcmp(text, "ignore-start", 12) == 0) p.scope = KR_SUPP_RANGE;
    else if (w == 10 && memcmp(text, "ignore-end", 10) == 0) p.is_end = true;
    else {
        perr(x, sp, "unknown directive 'krewlint:%.*s' (use krewlint:ignore, ignore-file, "
                    "ignore-start or ignore-end)", (int)w, text);
        return;
    }
    if (w < n && !is_blank(text[w])) {
        /* the word runs to the next blank; text is not NUL-terminated (no strcspn) */
        size_t we = w;
        while (we < n && !is_blank(text[we])) we++;
        perr(x, sp, "unknown directive 'krewlint:%.*s' (use krewlint:ignore, ignore-file, "
                    "ignore-start or ignore-end)", (int)we, text);
        return;
    }
    const char *word = scope_word(p.scope, p.is_end);
    bool ok = parse_body(x, &p, word, sp, text, w, n);

    if (p.is_end) {
        if (p.reason || p.by || p.until) {
            perr(x, sp, "krewlint:ignore-end takes no fields");
            ok = false;
        }
        /* close the matching start */
        size_t k = x->open.len;
        while (k > 0) {
            pending *o = &x->open.items[k - 1];
            bool match = p.ntargets == 0;
            for (size_t a = 0; !match && a < o->ntargets; a++)
                for (size_t b = 0; b < p.ntargets; b++)
                    if (strcmp(o->targets[a], p.targets[b]) == 0) match = true;
            if (match) break;
            k--;
        }
        if (k == 0) {
            if (ok) perr(x, sp, "krewlint:ignore-end without a matching krewlint:ignore-start");
        } else {
            pending o = x->open.items[k - 1];
            memmove(&x->open.items[k - 1], &x->open.items[k], (x->open.len - k) * sizeof o);
            x->open.len--;
            if (o.valid) emit(x, &o, KR_SUPP_RANGE, o.span.start.line, p.span.start.line);
            pending_free(&o);
        }
        pending_free(&p);
        return;
    }

    ok = validate(x, &p, word, sp, ok);
    p.valid = ok;
    if (p.scope == KR_SUPP_RANGE) {
        kr_array_push(&x->open, p);  /* even when invalid: its end must still match */
        return;
    }
    if (ok) {
        if (p.scope == KR_SUPP_FILE) {
            emit(x, &p, KR_SUPP_FILE, 0, UINT32_MAX);
        } else {
            uint32_t first, last;
            if (!cover(L, c, &first, &last)) emit(x, &p, KR_SUPP_LINE, 1, 0); /* covers nothing */
            else emit(x, &p, KR_SUPP_LINE, first, last);
        }
    }
    pending_free(&p);
}

static const char *find_mark(const char *d, size_t from, size_t to)
{
    while (from + MARK_LEN <= to) {
        const char *k = memchr(d + from, 'k', to - from - MARK_LEN + 1);
        if (!k) return NULL;
        if (memcmp(k, MARK, MARK_LEN) == 0) return k;
        from = (size_t)(k - d) + 1;
    }
    return NULL;
}

void kr_suppressions_init(kr_suppressions *self)
{
    memset(self, 0, sizeof *self);
}

void kr_suppressions_dispose(kr_suppressions *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->len; i++) {
        kr_suppression *s = &self->items[i];
        free(s->target);
        free(s->reason);
        free(s->by);
        free(s->until);
    }
    free(self->items);
    memset(self, 0, sizeof *self);
}

void kr_suppress_scan(kr_suppressions *out, const char *path, const char *data, size_t len,
                      kr_comment_syntax syntax, const char *today, kr_diags *diags)
{
    if (syntax == KR_COMMENTS_NONE || !data || !find_mark(data, 0, len)) return;
    char todaybuf[11];
    if (!today) {
        kr_suppress_today(todaybuf);
        today = todaybuf;
    }
    lexer L;
    memset(&L, 0, sizeof L);
    L.d = data;
    L.len = len;
    build_lines(&L);
    lexopts o;
    memset(&o, 0, sizeof o);
    switch (syntax) {
    case KR_COMMENTS_YAML: lex_yaml(&L); break;
    case KR_COMMENTS_HCL:
        o.hash = o.slash = o.interp = o.heredoc = true;
        lex_code(&L, &o);
        break;
    case KR_COMMENTS_C:
        o.slash = o.squote = o.backtick = o.interp = true;
        lex_code(&L, &o);
        break;
    case KR_COMMENTS_PYTHON:
        o.hash = o.squote = o.triple = true;
        lex_code(&L, &o);
        break;
    case KR_COMMENTS_NONE: break;
    }
    /* next code line of every line, in one backward pass (no rescans) */
    L.next_code = kr_xmalloc(L.nlines * sizeof *L.next_code);
    uint32_t nxt = UINT32_MAX;
    for (size_t l = L.nlines; l-- > 0;) {
        if (L.code[l]) nxt = (uint32_t)l;
        L.next_code[l] = nxt;
    }
    L.prev_code = kr_xmalloc(L.nlines * sizeof *L.prev_code);
    uint32_t prv = UINT32_MAX;
    for (size_t l = 0; l < L.nlines; l++) {
        L.prev_code[l] = prv;
        if (L.code[l]) prv = (uint32_t)l;
    }
    /* blocks: in configuration only (source code keeps the line forms) */
    L.bend = kr_xmalloc(L.nlines * sizeof *L.bend);
    L.outer = kr_xcalloc(L.nlines, 1);
    if (syntax == KR_COMMENTS_YAML) blocks_yaml(&L);
    else if (syntax == KR_COMMENTS_HCL) blocks_brackets(&L);
    else
        for (size_t l = 0; l < L.nlines; l++) L.bend[l] = (uint32_t)l;
    scanctx x;
    memset(&x, 0, sizeof x);
    x.L = &L;
    x.path = path;
    x.today = today;
    x.diags = diags;
    x.out = out;
    for (size_t i = 0; i < L.cmts.len; i++) {
        const cmt *c = &L.cmts.items[i];
        size_t from = c->start;
        const char *m;
        while ((m = find_mark(data, from, c->end)) != NULL) {
            size_t at = (size_t)(m - data);
            from = at + MARK_LEN;
            if (at > c->start && (isalnum((unsigned char)data[at - 1]) || data[at - 1] == '-' ||
                                  data[at - 1] == '_'))
                continue;
            if (++x.count > SUPP_MAX_PER_FILE) break;
            size_t end = eol(&L, from);
            if (end > c->end) end = c->end;
            const char *next = find_mark(data, from, end);
            if (next) end = (size_t)(next - data);
            directive(&x, c, at, data + from, end - from);
        }
    }
    for (size_t i = 0; i < x.open.len; i++) {
        pending *p = &x.open.items[i];
        kr_diags_add(diags, KR_SEV_ERROR, path, &p->span, "suppression-invalid",
                     "krewlint:ignore-start %s has no matching krewlint:ignore-end; it is not applied",
                     p->ntargets ? p->targets[0] : "");
        pending_free(p);
    }
    kr_array_dispose(&x.open);
    kr_array_dispose(&L.cmts);
    free(L.code);
    free(L.next_code);
    free(L.prev_code);
    free(L.delta);
    free(L.bend);
    free(L.outer);
    free(L.starts);
}

/* ---------------------------------------------------- structured forms --- */

static const char *scalar_text(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->text ? n->text : NULL;
}

/* One entry of a CloudFormation `Metadata: {krewlint: {ignore: [...]}}`:
 * {rule: ID or [IDs], reason, until, by}, covering lines first..last. */
static void metadata_entry(scanctx *x, const kr_node *e, uint32_t first, uint32_t last)
{
    static const char word[] = "Metadata krewlint.ignore";
    pending p;
    memset(&p, 0, sizeof p);
    p.span = e->span;
    bool ok = true;
    if (e->kind != KR_NODE_MAP) {
        perr(x, &p.span, "%s: each entry is a map {rule, reason, until, by}", word);
        return;
    }
    for (size_t i = 0; i < e->npairs; i++) {
        const char *k = scalar_text(e->pairs[i].key);
        const kr_node *v = e->pairs[i].value;
        char **slot = NULL;
        if (k && strcmp(k, "rule") == 0) {
            size_t nv = v && v->kind == KR_NODE_SEQ ? v->nitems : 1;
            for (size_t j = 0; j < nv; j++) {
                const kr_node *item = v && v->kind == KR_NODE_SEQ ? v->items[j] : v;
                const char *t = scalar_text(item);
                kr_sel_kind kind;
                if (!t || kr_selector_classify(&kind, t) != 0) {
                    perr(x, item ? &item->span : &p.span,
                         "%s: rule must be a rule id (like KR-6-8-RDS-BACKUP-RETENTION) or a "
                         "checksheet item (like 6-8)", word);
                    ok = false;
                    continue;
                }
                p.targets = kr_xrealloc(p.targets, (p.ntargets + 1) * sizeof *p.targets);
                p.targets[p.ntargets++] = kr_xstrdup(t);
            }
            continue;
        }
        if (k && strcmp(k, "reason") == 0) slot = &p.reason;
        else if (k && strcmp(k, "until") == 0) slot = &p.until;
        else if (k && strcmp(k, "by") == 0) slot = &p.by;
        if (!slot) {
            perr(x, &e->pairs[i].key->span, "%s: unknown field '%s' (fields are rule, reason, until and by)",
                 word, k ? k : "?");
            ok = false;
        } else if (!scalar_text(v)) {
            perr(x, v ? &v->span : &p.span, "%s: %s must be a string", word, k);
            ok = false;
        } else {
            free(*slot);
            *slot = kr_xstrdup(scalar_text(v));
        }
    }
    if (validate(x, &p, word, &p.span, ok)) emit(x, &p, KR_SUPP_LINE, first, last);
    pending_free(&p);
}

/* A Kubernetes annotation `krewlint.io/ignore: "RULE reason=... until=... by=..."`
 * (one directive a line), covering lines first..last. */
static void annotation(scanctx *x, const kr_node *v, uint32_t first, uint32_t last)
{
    static const char word[] = "annotation krewlint.io/ignore";
    const char *t = scalar_text(v);
    if (!t) {
        perr(x, &v->span, "%s must be a string: \"RULE reason=...\"", word);
        return;
    }
    size_t n = v->text_len, i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && t[e] != '\n') e++;
        size_t k = i;
        while (k < e && is_blank(t[k])) k++;
        if (k < e) {
            pending p;
            memset(&p, 0, sizeof p);
            p.span = v->span;
            bool ok = parse_body(x, &p, word, &p.span, t, i, e);
            if (validate(x, &p, word, &p.span, ok)) emit(x, &p, KR_SUPP_LINE, first, last);
            pending_free(&p);
        }
        i = e + 1;
    }
}

void kr_suppress_from_doc(kr_suppressions *out, const kr_doc *doc, const char *today, kr_diags *diags)
{
    char todaybuf[11];
    if (!today) {
        kr_suppress_today(todaybuf);
        today = todaybuf;
    }
    scanctx x;
    memset(&x, 0, sizeof x);
    x.path = doc->path;
    x.today = today;
    x.diags = diags;
    x.out = out;
    for (size_t r = 0; r < doc->nroots; r++) {
        const kr_node *root = doc->roots[r];
        kr_format fmt = doc->root_formats ? doc->root_formats[r] : doc->format;
        if (!root || root->kind != KR_NODE_MAP) continue;
        if (fmt == KR_FMT_CLOUDFORMATION) {
            const kr_node *res = kr_node_get(root, "Resources");
            for (size_t i = 0; res && res->kind == KR_NODE_MAP && i < res->npairs; i++) {
                const kr_pair *lp = &res->pairs[i];
                const kr_node *ign = kr_node_get(kr_node_get(kr_node_get(lp->value, "Metadata"), "krewlint"),
                                                 "ignore");
                if (!ign) continue;
                uint32_t first = lp->key->span.start.line, last = lp->value->span.end.line;
                if (ign->kind != KR_NODE_SEQ) {
                    perr(&x, &ign->span, "Metadata krewlint.ignore must be a list of "
                                         "{rule, reason, until, by}");
                    continue;
                }
                for (size_t j = 0; j < ign->nitems; j++) metadata_entry(&x, ign->items[j], first, last);
            }
        } else if (fmt == KR_FMT_KUBERNETES) {
            const kr_node *v = kr_node_get(kr_node_get(kr_node_get(root, "metadata"), "annotations"),
                                           "krewlint.io/ignore");
            if (v) annotation(&x, v, root->span.start.line, root->span.end.line);
        }
    }
}

/* ------------------------------------------------------------ applying --- */

void kr_suppress_apply(kr_suppressions *self, kr_findings *findings, const char *path,
                       kr_mandatory_fn mandatory, void *payload, kr_diags *diags)
{
    for (size_t i = 0; i < findings->len; i++) {
        kr_finding *f = &findings->items[i];
        if (f->suppressed || !f->rule) continue;
        uint32_t line = f->span.start.line;
        for (size_t j = 0; j < self->len; j++) {
            kr_suppression *s = &self->items[j];
            if (s->scope != KR_SUPP_FILE && (line < s->first || line > s->last)) continue;
            if (!kr_selector_matches(s->kind, s->target, f->rule->id, f->rule->control)) continue;
            if (mandatory && mandatory(f->rule->id, f->rule->control, payload)) {
                if (!s->refused)
                    kr_diags_add(diags, KR_SEV_ERROR, path, &s->span, "suppression-refused",
                                 "%s (checksheet %s) is mandatory in the configuration: inline "
                                 "suppressions are not accepted for it",
                                 f->rule->id, f->rule->control ? f->rule->control : "?");
                s->refused = true;
                continue;
            }
            s->used++;
            if (f->suppressed) continue;
            f->suppressed = true;
            f->suppress_reason = kr_xstrdup(s->reason);
            f->suppress_by = s->by ? kr_xstrdup(s->by) : NULL;
            f->suppress_until = s->until ? kr_xstrdup(s->until) : NULL;
        }
    }
}

/* Why a suppression of a target no loaded rule has can never match:
 * the sentence into out, or false when some rule matches it. */
static bool no_such_rule(kr_buf *out, const kr_suppression *s, const kr_ruleset *rules)
{
    size_t n = kr_ruleset_count(rules);
    for (size_t i = 0; i < n; i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        if (kr_selector_matches(s->kind, s->target, r->id, r->control)) return false;
    }
    switch (s->kind) {
    case KR_SEL_RULE: {
        const char *best = NULL;
        size_t bestd = 4; /* a typo or two, not another rule */
        for (size_t i = 0; i < n; i++) {
            const char *id = kr_ruleset_get(rules, i)->id;
            size_t d = kr_edit_distance(s->target, id);
            if (d < bestd) {
                bestd = d;
                best = id;
            }
        }
        kr_buf_printf(out, "no rule named %s", s->target);
        if (best) kr_buf_printf(out, " (did you mean %s?)", best);
        break;
    }
    case KR_SEL_ITEM: kr_buf_printf(out, "no loaded rule checks checksheet item %s", s->target); break;
    case KR_SEL_GLOB: kr_buf_printf(out, "no rule id matches %s", s->target); break;
    }
    kr_buf_puts(out, "; the suppression is not applied");
    return true;
}

void kr_suppress_report_unused_in(const kr_suppressions *self, const char *path,
                                  const kr_ruleset *rules, kr_diags *diags)
{
    for (size_t i = 0; i < self->len; i++) {
        const kr_suppression *s = &self->items[i];
        if (s->used || s->refused) continue;
        kr_buf b;
        kr_buf_init(&b, 0);
        if (!rules || !no_such_rule(&b, s, rules)) {
            kr_buf_printf(&b, "the suppression of %s ", s->target);
            if (s->scope != KR_SUPP_FILE && s->first > s->last) {
                kr_buf_puts(&b, "applies to no line (no code follows it); remove it");
            } else {
                if (s->scope == KR_SUPP_FILE) kr_buf_puts(&b, "applies to the whole file");
                else if (s->first == s->last) kr_buf_printf(&b, "applies to line %u", s->first + 1);
                else kr_buf_printf(&b, "applies to lines %u-%u", s->first + 1, s->last + 1);
                kr_buf_printf(&b, " and no finding of %s is there; remove it", s->target);
            }
        }
        kr_diags_add(diags, KR_SEV_WARNING, path, &s->span, "suppression-unused", "%s", kr_buf_cstr(&b));
        kr_buf_dispose(&b);
    }
}

void kr_suppress_report_unused(const kr_suppressions *self, const char *path, kr_diags *diags)
{
    kr_suppress_report_unused_in(self, path, NULL, diags);
}
