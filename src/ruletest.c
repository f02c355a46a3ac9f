/* ruletest.c - `krewlint test`: fixtures, expectations, coverage and catalog
 * checks of a rule pack (ruletest.h), and the --list-controls listing.
 *
 * One run: load the pack's rules, list its fixture folders, read each
 * fixture's expectations and formats, scan every fixture in one kr_scan call
 * (parallel, explicit paths, no configuration), then compare per fixture.
 * Nothing here spawns a process or keeps global state.
 */
#include "ruletest.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "diag.h"
#include "doc/doc.h"
#include "engine.h"
#include "rules/rule.h"
#include "scan.h"
#include "ts/lang.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/fs.h"

/* Fixture folders deeper than this below tests/<rule>/ are not followed. */
#define RT_MAX_DEPTH 32

static const char KEYWORD[] = "krewlint-expect:";
#define KEYWORD_LEN (sizeof(KEYWORD) - 1)

/* ------------------------------------------------------------- problems --- */

static const char *const KIND_NAMES[] = {"missing",      "unexpected",   "diagnostic",
                                         "expect-error", "stray-expect", "no-violating",
                                         "no-compliant", "no-folder",    "catalog",
                                         "unknown-folder"};

const char *kr_ruletest_kind_name(kr_ruletest_kind k)
{
    return (unsigned)k < sizeof(KIND_NAMES) / sizeof(KIND_NAMES[0]) ? KIND_NAMES[k] : "?";
}

static char *dup_or_null(const char *s)
{
    return s ? kr_xstrdup(s) : NULL;
}

static void add_problem(kr_ruletest_rule *r, kr_ruletest_kind kind, const char *file, uint32_t line,
                        uint32_t col, const char *rule, const char *message)
{
    if (r->nproblems == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->problems = kr_xrealloc(r->problems, r->cap * sizeof(*r->problems));
    }
    kr_ruletest_problem *p = &r->problems[r->nproblems++];
    p->kind = kind;
    p->file = dup_or_null(file);
    p->line = line;
    p->col = col;
    p->rule = dup_or_null(rule);
    p->message = dup_or_null(message);
}

static void rule_dispose(kr_ruletest_rule *r)
{
    for (size_t i = 0; i < r->nproblems; i++) {
        free(r->problems[i].file);
        free(r->problems[i].rule);
        free(r->problems[i].message);
    }
    free(r->problems);
    free(r->id);
    memset(r, 0, sizeof(*r));
}

void kr_ruletest_result_init(kr_ruletest_result *self)
{
    memset(self, 0, sizeof(*self));
}

void kr_ruletest_result_dispose(kr_ruletest_result *self)
{
    for (size_t i = 0; i < self->nrules; i++)
        rule_dispose(&self->rules[i]);
    free(self->rules);
    rule_dispose(&self->other);
    free(self->dir);
    memset(self, 0, sizeof(*self));
}

bool kr_ruletest_ok(const kr_ruletest_result *r)
{
    return r->failed == 0 && r->other.nproblems == 0;
}

/* --------------------------------------------------------- expectations --- */

/* The marks are read as the former tests/scripts/fixture_compare.js read
 * them with JavaScript regular expressions, so "whitespace" is JavaScript's \s (ASCII blanks, NBSP, the
 * U+2000 spaces, the line and paragraph separators, U+FEFF ...) and `.`
 * stops at \r, U+2028 and U+2029. Bytes that are not UTF-8 are no space. */

/* Length of the \s character at s[0, n), 0 when there is none. */
static size_t js_space(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n')
        return 1;
    if (c == 0xC2 && n >= 2 && s[1] == 0xA0)
        return 2; /* U+00A0 */
    if (n < 3)
        return 0;
    if (c == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
        return 3; /* U+1680 */
    if (c == 0xE2 && s[1] == 0x80 &&
        ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
        return 3; /* U+2000..U+200A, U+2028, U+2029, U+202F */
    if (c == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3; /* U+205F */
    if (c == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3; /* U+3000 */
    if (c == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3; /* U+FEFF */
    return 0;
}

/* 1 when a character `.` does not match starts at s[0, n). */
static bool js_line_term(const unsigned char *s, size_t n)
{
    return (n >= 1 && s[0] == '\r') ||
           (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9));
}

static size_t skip_space(const unsigned char *s, size_t i, size_t n)
{
    size_t k;
    while (i < n && (k = js_space(s + i, n - i)) > 0)
        i += k;
    return i;
}

/* Length of the comment opener (#, // or slash-star) at s[i], 0 when none. */
static size_t opener_at(const unsigned char *s, size_t i, size_t n)
{
    if (s[i] == '#')
        return 1;
    if (s[i] == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*'))
        return 2;
    return 0;
}

static bool id_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static size_t id_end(const unsigned char *s, size_t i, size_t n)
{
    while (i < n && id_char(s[i]))
        i++;
    return i;
}

/* idlist - rule ids read from one mark. */
typedef struct idlist {
    char **items;
    size_t len;
    size_t cap;
} idlist;

static void idlist_push(idlist *l, const unsigned char *s, size_t n)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = kr_xrealloc(l->items, l->cap * sizeof(*l->items));
    }
    l->items[l->len++] = kr_xstrndup((const char *)s, n);
}

static void idlist_clear(idlist *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    l->len = 0;
}

/* The ids after KEYWORD at s[q] (q just past the keyword), appended to out;
 * false when no id follows. Greedy like `\s*ID(\s*,\s*ID)*`. */
static bool read_ids(idlist *out, const unsigned char *s, size_t q, size_t n)
{
    q = skip_space(s, q, n);
    size_t e = id_end(s, q, n);
    if (e == q)
        return false;
    idlist_push(out, s + q, e - q);
    for (;;) {
        size_t c = skip_space(s, e, n);
        if (c >= n || s[c] != ',')
            break;
        size_t b = skip_space(s, c + 1, n);
        size_t e2 = id_end(s, b, n);
        if (e2 == b)
            break;
        idlist_push(out, s + b, e2 - b);
        e = e2;
    }
    return true;
}

/* The mark of one line: /(#|\/\/|\/\*).*krewlint-expect:\s*(IDS)/. The
 * leftmost opener whose `.*` run (up to a line terminator) holds a keyword
 * followed by an id wins, and within it the last such keyword (greedy `.*`).
 * A later opener in the same run sees a subset of it, so the search jumps to
 * the next run: linear in the line length. */
static bool line_mark(idlist *out, const unsigned char *s, size_t n)
{
    size_t p = 0;
    while (p < n) {
        size_t olen = opener_at(s, p, n);
        if (olen == 0) {
            p++;
            continue;
        }
        size_t start = p + olen, end = start;
        while (end < n && !js_line_term(s + end, n - end))
            end++;
        for (size_t k = end; k >= start + KEYWORD_LEN; k--) {
            size_t kw = k - KEYWORD_LEN;
            if (memcmp(s + kw, KEYWORD, KEYWORD_LEN) == 0 && read_ids(out, s, k, n))
                return true;
        }
        p = end + 1;
    }
    return false;
}

/* /^\s*(#|\/\/|\/\*)/ */
static bool comment_only(const unsigned char *s, size_t n)
{
    size_t i = skip_space(s, 0, n);
    return i < n && opener_at(s, i, n) > 0;
}

static void expect_add(kr_ruletest_expects *ex, uint32_t line, const char *rule, size_t rlen)
{
    if (ex->len == ex->cap) {
        ex->cap = ex->cap ? ex->cap * 2 : 8;
        ex->items = kr_xrealloc(ex->items, ex->cap * sizeof(*ex->items));
    }
    ex->items[ex->len].line = line;
    ex->items[ex->len].rule = kr_xstrndup(rule, rlen);
    ex->len++;
}

static int cmp_expect(const void *pa, const void *pb)
{
    const kr_ruletest_expect *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

/* Sorts by (line, rule) and drops duplicates: n log n whatever the input. */
static void expects_finish(kr_ruletest_expects *ex)
{
    if (ex->len < 2)
        return;
    qsort(ex->items, ex->len, sizeof(*ex->items), cmp_expect);
    size_t w = 1;
    for (size_t i = 1; i < ex->len; i++) {
        if (cmp_expect(&ex->items[w - 1], &ex->items[i]) == 0)
            free(ex->items[i].rule);
        else
            ex->items[w++] = ex->items[i];
    }
    ex->len = w;
}

static void expect_error(kr_ruletest_expects *ex, kr_buf *msg)
{
    ex->errors = kr_xrealloc(ex->errors, (ex->nerrors + 1) * sizeof(*ex->errors));
    ex->errors[ex->nerrors++] = kr_buf_detach(msg);
}

void kr_ruletest_expects_dispose(kr_ruletest_expects *self)
{
    for (size_t i = 0; i < self->len; i++)
        free(self->items[i].rule);
    free(self->items);
    for (size_t i = 0; i < self->nerrors; i++)
        free(self->errors[i]);
    free(self->errors);
    memset(self, 0, sizeof(*self));
}

void kr_ruletest_parse_marks(kr_ruletest_expects *out, const char *name, const char *data,
                             size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    idlist pending = {0}, here = {0};
    uint32_t line = 1;
    size_t pos = 0;
    for (;;) {
        size_t eol = pos;
        while (eol < len && d[eol] != '\n')
            eol++;
        const unsigned char *s = d + pos;
        size_t n = eol - pos;
        bool only = comment_only(s, n);
        idlist_clear(&here);
        bool marked = line_mark(&here, s, n);
        if (marked && only) {
            for (size_t i = 0; i < here.len; i++)
                idlist_push(&pending, (const unsigned char *)here.items[i], strlen(here.items[i]));
        } else if (!only) {
            /* a line with code (or a blank line) takes the pending marks */
            for (size_t i = 0; i < pending.len; i++)
                expect_add(out, line, pending.items[i], strlen(pending.items[i]));
            for (size_t i = 0; i < here.len; i++)
                expect_add(out, line, here.items[i], strlen(here.items[i]));
            idlist_clear(&pending);
        }
        if (eol >= len)
            break;
        pos = eol + 1;
        if (line < UINT32_MAX)
            line++;
    }
    if (pending.len) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s: krewlint-expect at the end of the file names no line", name);
        expect_error(out, &b);
    }
    idlist_clear(&pending);
    idlist_clear(&here);
    free(pending.items);
    free(here.items);
    expects_finish(out);
}

void kr_ruletest_parse_sidecar(kr_ruletest_expects *out, const char *name, const char *data,
                               size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t pos = 0;
    uint32_t lineno = 1;
    for (;;) {
        size_t eol = pos;
        while (eol < len && d[eol] != '\n')
            eol++;
        /* trim() both ends */
        size_t a = skip_space(d, pos, eol), b = eol;
        while (b > a) {
            size_t k = 0;
            for (size_t w = 1; w <= 3 && w <= b - a && k == 0; w++)
                if (js_space(d + b - w, w) == w)
                    k = w;
            if (k == 0)
                break;
            b -= k;
        }
        if (b > a && d[a] != '#') {
            /* ^(\d+)\s+([A-Z0-9-]+)$ ; leading zeros read as the number */
            size_t i = a;
            uint64_t num = 0;
            while (i < b && d[i] >= '0' && d[i] <= '9') {
                num = num * 10 + (uint64_t)(d[i] - '0');
                if (num > UINT32_MAX)
                    num = UINT32_MAX; /* never a finding's line */
                i++;
            }
            size_t digits_end = i;
            size_t j = skip_space(d, i, b);
            size_t e = id_end(d, j, b);
            if (digits_end > a && j > digits_end && e > j && e == b) {
                expect_add(out, (uint32_t)num, (const char *)d + j, e - j);
            } else {
                kr_buf m;
                kr_buf_init(&m, 0);
                kr_buf_printf(&m, "%s:%u: cannot read \"%.*s\" (want \"LINE RULE-ID\")", name,
                              (unsigned)lineno, (int)(b - a), (const char *)d + a);
                expect_error(out, &m);
            }
        }
        if (eol >= len)
            break;
        pos = eol + 1;
        if (lineno < UINT32_MAX)
            lineno++;
    }
    expects_finish(out);
}

/* -------------------------------------------------------------- formats --- */

/* The formats a rule can read, one bit each; source languages follow the
 * document formats in kr_ts_lang order. */
enum {
    F_TERRAFORM,
    F_CLOUDFORMATION,
    F_KUBERNETES,
    F_SERVERLESS,
    F_CONFIG,
    F_SOURCE0,
    F_COUNT = F_SOURCE0 + KR_TS_NLANGS - 1
};

static const char *format_name(unsigned f)
{
    static const char *const names[] = {"terraform", "cloudformation", "kubernetes", "serverless",
                                        "config"};
    if (f < F_SOURCE0)
        return names[f];
    return kr_ts_lang_name((kr_ts_lang)(f - F_SOURCE0 + 1));
}

static unsigned doc_format_bit(kr_format f)
{
    switch (f) {
    case KR_FMT_TERRAFORM:
    case KR_FMT_TFPLAN:
        return 1u << F_TERRAFORM;
    case KR_FMT_CLOUDFORMATION: return 1u << F_CLOUDFORMATION;
    case KR_FMT_KUBERNETES: return 1u << F_KUBERNETES;
    case KR_FMT_SERVERLESS: return 1u << F_SERVERLESS;
    case KR_FMT_CONFIG: return 1u << F_CONFIG;
    case KR_FMT_UNKNOWN:
    case KR_FMT_SOURCE:
        break;
    }
    return 0;
}

/* What a fixture's bytes are: its document formats (every document also
 * counts as config: config targets read any format), or its language. */
static unsigned fixture_formats(const char *path, const char *data, size_t len)
{
    kr_doc doc;
    kr_diags quiet;
    kr_diags_init(&quiet);
    kr_doc_init(&doc, path, data, len);
    unsigned bits = 0;
    if (kr_doc_load(&doc, &quiet) == 0) {
        if (doc.format == KR_FMT_SOURCE) {
            if (doc.source_lang > KR_TS_NONE && doc.source_lang < KR_TS_NLANGS)
                bits = 1u << (F_SOURCE0 + doc.source_lang - 1);
        } else {
            bits = doc_format_bit(doc.format);
            for (size_t i = 0; i < doc.nroots; i++)
                bits |= doc_format_bit(doc.root_formats[i]);
            if (bits)
                bits |= 1u << F_CONFIG;
        }
    }
    kr_doc_dispose(&doc);
    kr_diags_dispose(&quiet);
    return bits;
}

static unsigned rule_formats(const kr_rule *r)
{
    unsigned bits = 0;
    for (size_t i = 0; i < r->ntargets; i++) {
        const kr_target *t = &r->targets[i];
        switch (t->kind) {
        case KR_TGT_TF_RESOURCE:
        case KR_TGT_TF_DATA:
        case KR_TGT_TF_PROVIDER:
        case KR_TGT_TF_BLOCK: bits |= 1u << F_TERRAFORM; break;
        case KR_TGT_CFN_RESOURCE:
        case KR_TGT_CFN_TEMPLATE: bits |= 1u << F_CLOUDFORMATION; break;
        case KR_TGT_K8S_KIND: bits |= 1u << F_KUBERNETES; break;
        case KR_TGT_SERVERLESS: bits |= 1u << F_SERVERLESS; break;
        case KR_TGT_CONFIG: bits |= 1u << F_CONFIG; break;
        case KR_TGT_SOURCE:
            for (int l = KR_TS_NONE + 1; l < KR_TS_NLANGS; l++)
                if (t->source && (t->source->langs & (1u << l)))
                    bits |= 1u << (F_SOURCE0 + l - 1);
            break;
        }
    }
    return bits;
}

/* -------------------------------------------------------------- folders --- */

/* strvec - owned strings. */
typedef struct strvec {
    char **items;
    size_t len;
    size_t cap;
} strvec;

static void strvec_push(strvec *v, char *s)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = kr_xrealloc(v->items, v->cap * sizeof(*v->items));
    }
    v->items[v->len++] = s;
}

static void strvec_dispose(strvec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof(*v));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
    kr_buf buf;
    kr_buf_init(&buf, 0);
    kr_buf_puts(&buf, a);
    if (a[0] != '\0' && a[strlen(a) - 1] != '/')
        kr_buf_putc(&buf, '/');
    kr_buf_puts(&buf, b);
    return kr_buf_detach(&buf);
}

/* Every regular file below `dir` (symbolic links not followed, like
 * `find -type f`), as paths relative to the first call's dir ("a/b.tf"). */
static void list_files(strvec *out, const char *dir, const char *rel, unsigned depth,
                       kr_diags *diags)
{
    if (depth > RT_MAX_DEPTH) {
        kr_diags_add(diags, KR_SEV_WARNING, dir, NULL, "io-error",
                     "fixture folders nested deeper than %u levels are not read", RT_MAX_DEPTH);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        kr_diags_add(diags, KR_SEV_ERROR, dir, NULL, "io-error", "cannot open the fixture folder");
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *full = join(dir, e->d_name);
        char *r = rel[0] ? join(rel, e->d_name) : kr_xstrdup(e->d_name);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_files(out, full, r, depth + 1, diags);
            free(r);
        } else if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            strvec_push(out, r);
        } else {
            free(r);
        }
        free(full);
    }
    closedir(d);
}

/* The sub-folders of DIR/tests (names not starting with '.'), sorted. */
static void list_folders(strvec *out, const char *tests)
{
    DIR *d = opendir(tests);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *full = join(tests, e->d_name);
        if (kr_fs_is_dir(full))
            strvec_push(out, kr_xstrdup(e->d_name));
        free(full);
    }
    closedir(d);
    if (out->len > 1)
        qsort(out->items, out->len, sizeof(*out->items), cmp_str);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ------------------------------------------------------------------ run --- */

/* fixture - one file of a rule's folder. */
typedef struct fixture {
    char *path;          /* as scanned and as findings name it: DIR/tests/NAME/REL */
    char *rel;           /* REL */
    size_t rule;         /* index of the folder's rule in the result */
    bool read;           /* krewlint reads it (kr_detect_wants) */
    bool readable;       /* its bytes (or its sidecar's) could be read */
    unsigned formats;
    kr_ruletest_expects ex;
} fixture;

typedef KR_ARRAY(fixture) fixture_vec;

/* Reads one fixture's expectations and formats. */
static void fixture_prepare(fixture *fx)
{
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    bool is_hcl = false;
    fx->read = kr_detect_wants(fx->path, &is_hcl);
    if (kr_fs_read(&data, &len, fx->path, &why) != 0)
        return; /* the scan reports it */
    fx->readable = true;
    char *sidecar = kr_xmalloc(strlen(fx->path) + sizeof(".expect"));
    memcpy(sidecar, fx->path, strlen(fx->path));
    memcpy(sidecar + strlen(fx->path), ".expect", sizeof(".expect"));
    if (is_file(sidecar)) {
        char *sd = NULL;
        size_t sl = 0;
        char *name = kr_xmalloc(strlen(fx->rel) + sizeof(".expect"));
        memcpy(name, fx->rel, strlen(fx->rel));
        memcpy(name + strlen(fx->rel), ".expect", sizeof(".expect"));
        if (kr_fs_read(&sd, &sl, sidecar, &why) == 0) {
            kr_ruletest_parse_sidecar(&fx->ex, name, sd, sl);
        } else {
            kr_buf m;
            kr_buf_init(&m, 0);
            kr_buf_printf(&m, "%s: cannot read: %s", name, why ? why : "too large");
            expect_error(&fx->ex, &m);
        }
        free(sd);
        free(name);
    } else {
        kr_ruletest_parse_marks(&fx->ex, fx->rel, data, len);
    }
    free(sidecar);
    if (fx->read)
        fx->formats = fixture_formats(fx->path, data, len);
    free(data);
}

static bool in_scope(const fixture *fx, const char *folder_rule, const char *id)
{
    if (strcmp(id, folder_rule) == 0)
        return true;
    for (size_t i = 0; i < fx->ex.len; i++)
        if (strcmp(fx->ex.items[i].rule, id) == 0)
            return true;
    return false;
}

/* pair - an actual (line, rule) with the first finding's text. */
typedef struct pair {
    uint32_t line;
    const char *rule;
    const kr_finding *f;
} pair;

static int cmp_pair(const void *pa, const void *pb)
{
    const pair *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

/* cmp_pair, then the findings' order: qsort is not stable. */
static int cmp_pair_stable(const void *pa, const void *pb)
{
    int c = cmp_pair(pa, pb);
    if (c)
        return c;
    const pair *a = pa, *b = pb;
    return a->f < b->f ? -1 : a->f > b->f;
}

/* Index of the first finding of `file` (findings are sorted by file, strcmp). */
static size_t first_finding(const kr_findings *fs, const char *file)
{
    size_t lo = 0, hi = fs->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *mf = fs->items[mid].file ? fs->items[mid].file : "";
        if (strcmp(mf, file) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Compares one fixture with what the scan found; problems go to r. */
static void compare_fixture(kr_ruletest_rule *r, const fixture *fx, const kr_result *res)
{
    for (size_t i = 0; i < fx->ex.nerrors; i++)
        add_problem(r, KR_RT_EXPECT_ERROR, fx->rel, 0, 0, NULL, fx->ex.errors[i]);
    for (size_t i = 0; i < res->diags.len; i++) {
        const kr_diag *d = &res->diags.items[i];
        if (!d->file || strcmp(d->file, fx->path) != 0)
            continue;
        kr_buf m;
        kr_buf_init(&m, 0);
        kr_buf_printf(&m, "%s: %s", kr_severity_name(d->severity), d->message ? d->message : "");
        add_problem(r, KR_RT_DIAGNOSTIC, fx->rel, d->has_pos ? d->span.start.line + 1 : 0,
                    d->has_pos ? d->span.start.col + 1 : 0, NULL, kr_buf_cstr(&m));
        kr_buf_dispose(&m);
    }

    /* actual: the findings of this file for the rules in scope, sorted by
     * (line, rule), one per pair (the first finding's text) */
    KR_ARRAY(pair) actual = {0};
    for (size_t i = first_finding(&res->findings, fx->path); i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        if (!f->file || strcmp(f->file, fx->path) != 0)
            break;
        if (!f->rule || !in_scope(fx, r->id, f->rule->id))
            continue;
        pair p = {f->span.start.line + 1, f->rule->id, f};
        kr_array_push(&actual, p);
    }
    if (actual.len > 1) {
        /* findings come sorted by line, column, rule: a stable unique pass
         * after the sort keeps the first finding of each pair */
        qsort(actual.items, actual.len, sizeof(pair), cmp_pair_stable);
        size_t w = 1;
        for (size_t i = 1; i < actual.len; i++)
            if (cmp_pair(&actual.items[w - 1], &actual.items[i]) != 0)
                actual.items[w++] = actual.items[i];
        actual.len = w;
    }

    /* missing: expected (sorted, unique), not found */
    for (size_t i = 0; i < fx->ex.len; i++) {
        pair key = {fx->ex.items[i].line, fx->ex.items[i].rule, NULL};
        if (!actual.len || !bsearch(&key, actual.items, actual.len, sizeof(pair), cmp_pair))
            add_problem(r, KR_RT_MISSING, fx->rel, key.line, 0, key.rule, NULL);
    }

    /* unexpected: found, not expected */
    for (size_t k = 0; k < actual.len; k++) {
        const pair *p = &actual.items[k];
        kr_ruletest_expect key = {p->line, (char *)(uintptr_t)p->rule};
        if (fx->ex.len && bsearch(&key, fx->ex.items, fx->ex.len, sizeof(key), cmp_expect))
            continue;
        kr_buf m;
        kr_buf_init(&m, 0);
        kr_buf_printf(&m, "%s: %s", kr_severity_name(p->f->severity),
                      p->f->message ? p->f->message : "");
        add_problem(r, KR_RT_UNEXPECTED, fx->rel, p->line, 0, p->rule, kr_buf_cstr(&m));
        kr_buf_dispose(&m);
    }
    kr_array_dispose(&actual);
}

/* Each format the rule reads needs a violating and a compliant fixture. */
static void check_coverage(kr_ruletest_rule *r, const kr_rule *rule, const fixture_vec *fxs,
                           size_t ri)
{
    unsigned want = rule_formats(rule), bad = 0, good = 0;
    for (size_t i = 0; i < fxs->len; i++) {
        const fixture *fx = &fxs->items[i];
        if (fx->rule != ri || !fx->read)
            continue;
        bool violating = false;
        for (size_t k = 0; k < fx->ex.len && !violating; k++)
            violating = strcmp(fx->ex.items[k].rule, rule->id) == 0;
        if (violating)
            bad |= fx->formats;
        else if (fx->ex.len == 0 && fx->ex.nerrors == 0 && fx->readable)
            good |= fx->formats;
    }
    for (unsigned f = 0; f < F_COUNT; f++) {
        if (!(want & (1u << f)))
            continue;
        if (!(bad & (1u << f)))
            add_problem(r, KR_RT_NO_VIOLATING, NULL, 0, 0, NULL, format_name(f));
        if (!(good & (1u << f)))
            add_problem(r, KR_RT_NO_COMPLIANT, NULL, 0, 0, NULL, format_name(f));
    }
}

static bool lists(const kr_catalog_item *it, const char *id)
{
    for (size_t i = 0; i < it->nrules; i++)
        if (strcmp(it->rules[i], id) == 0)
            return true;
    return false;
}

/* The catalog lists each rule in its control's row, and only rules of the
 * pack (a rule may also be listed under a related item: 6-26 and 6-28). */
static void check_catalog(kr_ruletest_result *out, const kr_ruleset *rules, const kr_catalog *cat)
{
    char msg[512];
    for (size_t i = 0; i < out->nrules; i++) {
        const kr_rule *rule = kr_ruleset_get(rules, i);
        const kr_catalog_item *it = rule->control ? kr_catalog_find(cat, rule->control) : NULL;
        if (!it) {
            snprintf(msg, sizeof(msg), "no item %s for the rule's control",
                     rule->control ? rule->control : "(none)");
            add_problem(&out->rules[i], KR_RT_CATALOG, "catalog.tsv", 0, 0, NULL, msg);
        } else if (!lists(it, rule->id)) {
            snprintf(msg, sizeof(msg), "item %s does not list %s in its rules", it->number, rule->id);
            add_problem(&out->rules[i], KR_RT_CATALOG, "catalog.tsv", it->line + 1, 0, NULL, msg);
        }
    }
    for (size_t i = 0; i < cat->len; i++) {
        const kr_catalog_item *it = &cat->items[i];
        for (size_t k = 0; k < it->nrules; k++) {
            /* a rule may also be listed under a related item (6-26 and 6-28) */
            if (kr_ruleset_find(rules, it->rules[k]))
                continue;
            snprintf(msg, sizeof(msg), "item %s lists %s, which is not a rule of the pack",
                     it->number, it->rules[k]);
            add_problem(&out->other, KR_RT_CATALOG, "catalog.tsv", it->line + 1, 0, NULL, msg);
        }
    }
}

static char *lower(const char *s)
{
    char *o = kr_xstrdup(s);
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return o;
}

static char *upper(const char *s)
{
    char *o = kr_xstrdup(s);
    for (char *p = o; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return o;
}

int kr_ruletest_run(kr_ruletest_result *out, const char *dir, const kr_ruletest_options *opts,
                    kr_diags *diags)
{
    kr_ruletest_options defaults = {0};
    if (!opts)
        opts = &defaults;
    const kr_ruleset *rules = NULL;
    kr_engine *engine = NULL;
    kr_catalog cat;
    kr_catalog_init(&cat);
    bool have_cat = false;
    fixture_vec fxs = {0};
    strvec folders = {0};
    const kr_result *res = NULL;
    kr_result empty;
    kr_result_init(&empty);
    char *tests = NULL, *catpath = NULL;
    const char **paths = NULL;
    int rc = 0;

    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    out->dir = kr_xstrndup(dir, dl);
    if (!kr_fs_is_dir(out->dir)) {
        kr_diags_add(diags, KR_SEV_ERROR, out->dir, NULL, "io-error", "not a rules folder");
        rc = KR_EIO;
        goto out;
    }
    /* the pack on its own, through the engine every subcommand uses: no
     * configuration, every query compiled now (an error in one is the pack's) */
    const char *dirs[1] = {out->dir};
    kr_engine_options eo = {.rules_dirs = dirs, .nrules_dirs = 1, .no_config = true,
                            .lang = opts->lang, .lang_given = true, .diags = diags,
                            .what = "tested", .quiet = true};
    eo.scan.jobs = opts->jobs;
    engine = kr_engine_new(&eo);
    if (kr_engine_load(engine) != 0 || kr_engine_prepare_sources(engine) != 0) {
        rc = KR_EINVALID;
        goto out;
    }
    rules = kr_engine_rules(engine);
    catpath = join(out->dir, "catalog.tsv");
    if (is_file(catpath)) {
        if (kr_catalog_load(&cat, catpath, diags) != 0) {
            rc = KR_EINVALID;
            goto out;
        }
        have_cat = true;
    }

    out->nrules = kr_ruleset_count(rules);
    out->rules = kr_xcalloc(out->nrules ? out->nrules : 1, sizeof(*out->rules));
    for (size_t i = 0; i < out->nrules; i++)
        out->rules[i].id = kr_xstrdup(kr_ruleset_get(rules, i)->id);

    /* the fixture folders, and the files in them */
    tests = join(out->dir, "tests");
    list_folders(&folders, tests);
    bool *has_folder = kr_xcalloc(out->nrules ? out->nrules : 1, sizeof(bool));
    for (size_t i = 0; i < folders.len; i++) {
        char *id = upper(folders.items[i]);
        char *want = lower(id);
        const kr_rule *rule = kr_ruleset_find(rules, id);
        size_t ri = 0;
        while (rule && ri < out->nrules && strcmp(out->rules[ri].id, rule->id) != 0)
            ri++;
        bool named = rule && ri < out->nrules && strcmp(folders.items[i], want) == 0;
        if (!named) {
            kr_buf m, f;
            kr_buf_init(&m, 0);
            kr_buf_init(&f, 0);
            kr_buf_printf(&f, "tests/%s/", folders.items[i]);
            if (rule) /* the folder of a rule is its id in lower case, exactly */
                kr_buf_printf(&m, "names no rule of the pack (the folder of %s is tests/%s/)", id, want);
            else
                kr_buf_printf(&m, "names no rule of the pack (%s)", id);
            add_problem(&out->other, KR_RT_UNKNOWN_FOLDER, kr_buf_cstr(&f), 0, 0, id, kr_buf_cstr(&m));
            kr_buf_dispose(&m);
            kr_buf_dispose(&f);
            free(id);
            free(want);
            continue;
        }
        free(id);
        free(want);
        has_folder[ri] = true;
        char *fdir = join(tests, folders.items[i]);
        strvec files = {0};
        list_files(&files, fdir, "", 0, diags);
        if (files.len > 1)
            qsort(files.items, files.len, sizeof(*files.items), cmp_str);
        for (size_t k = 0; k < files.len; k++) {
            const char *rel = files.items[k];
            if (ends_with(rel, ".expect")) {
                size_t bl = strlen(rel) - strlen(".expect");
                bool found = false;
                for (size_t j = 0; j < files.len && !found; j++)
                    found = strlen(files.items[j]) == bl && memcmp(files.items[j], rel, bl) == 0;
                if (!found) {
                    char *base = kr_xstrndup(rel, bl);
                    kr_buf m;
                    kr_buf_init(&m, 0);
                    kr_buf_printf(&m, "there is no fixture %s for it", base);
                    add_problem(&out->rules[ri], KR_RT_STRAY_EXPECT, rel, 0, 0, NULL, kr_buf_cstr(&m));
                    kr_buf_dispose(&m);
                    free(base);
                }
                continue;
            }
            fixture fx = {0};
            fx.path = join(fdir, rel);
            fx.rel = kr_xstrdup(rel);
            fx.rule = ri;
            fixture_prepare(&fx);
            kr_array_push(&fxs, fx);
        }
        strvec_dispose(&files);
        free(fdir);
    }

    /* one scan of every fixture krewlint reads */
    paths = kr_xcalloc(fxs.len ? fxs.len : 1, sizeof(*paths));
    size_t npaths = 0;
    for (size_t i = 0; i < fxs.len; i++)
        if (fxs.items[i].read)
            paths[npaths++] = fxs.items[i].path;
    out->fixtures = npaths;
    res = &empty;
    if (npaths > 0) {
        kr_engine_set_paths(engine, paths, npaths);
        if (kr_engine_scan(engine) != 0) {
            kr_diags_add(diags, KR_SEV_ERROR, out->dir, NULL, "internal", "the scan failed");
            free(has_folder);
            rc = KR_ERROR;
            goto out;
        }
        res = kr_engine_result(engine);
    }

    for (size_t i = 0; i < fxs.len; i++) {
        fixture *fx = &fxs.items[i];
        kr_ruletest_rule *r = &out->rules[fx->rule];
        if (fx->read)
            r->fixtures++;
        compare_fixture(r, fx, res);
    }
    for (size_t i = 0; i < out->nrules; i++) {
        if (has_folder[i]) {
            check_coverage(&out->rules[i], kr_ruleset_get(rules, i), &fxs, i);
        } else {
            char *l = lower(out->rules[i].id);
            kr_buf m;
            kr_buf_init(&m, 0);
            kr_buf_printf(&m, "tests/%s/", l);
            add_problem(&out->rules[i], KR_RT_NO_FOLDER, kr_buf_cstr(&m), 0, 0, NULL, NULL);
            kr_buf_dispose(&m);
            free(l);
        }
    }
    free(has_folder);
    if (have_cat)
        check_catalog(out, rules, &cat);

    for (size_t i = 0; i < out->nrules; i++) {
        if (out->rules[i].nproblems)
            out->failed++;
        else
            out->passed++;
    }

out:
    for (size_t i = 0; i < fxs.len; i++) {
        free(fxs.items[i].path);
        free(fxs.items[i].rel);
        kr_ruletest_expects_dispose(&fxs.items[i].ex);
    }
    kr_array_dispose(&fxs);
    strvec_dispose(&folders);
    free(paths);
    free(tests);
    free(catpath);
    kr_result_dispose(&empty);
    kr_catalog_dispose(&cat);
    kr_engine_free(engine);
    return rc;
}

/* ------------------------------------------------------------- printing --- */

static void problem_text(kr_buf *b, const kr_ruletest_problem *p)
{
    switch (p->kind) {
    case KR_RT_MISSING:
        kr_buf_printf(b, "missing: %s:%u %s", p->file, (unsigned)p->line, p->rule);
        break;
    case KR_RT_UNEXPECTED:
        kr_buf_printf(b, "unexpected: %s:%u %s (%s)", p->file, (unsigned)p->line, p->rule,
                      p->message);
        break;
    case KR_RT_DIAGNOSTIC:
        if (p->line)
            kr_buf_printf(b, "diagnostic: %s:%u:%u: %s", p->file, (unsigned)p->line,
                          (unsigned)p->col, p->message);
        else
            kr_buf_printf(b, "diagnostic: %s: %s", p->file, p->message);
        break;
    case KR_RT_EXPECT_ERROR: kr_buf_puts(b, p->message); break;
    case KR_RT_STRAY_EXPECT: kr_buf_printf(b, "%s: %s", p->file, p->message); break;
    case KR_RT_NO_VIOLATING: kr_buf_printf(b, "no violating fixture for %s", p->message); break;
    case KR_RT_NO_COMPLIANT: kr_buf_printf(b, "no compliant fixture for %s", p->message); break;
    case KR_RT_NO_FOLDER: kr_buf_printf(b, "no fixture folder %s", p->file); break;
    case KR_RT_CATALOG:
        if (p->line)
            kr_buf_printf(b, "%s:%u: %s", p->file, (unsigned)p->line, p->message);
        else
            kr_buf_printf(b, "%s: %s", p->file, p->message);
        break;
    case KR_RT_UNKNOWN_FOLDER:
        kr_buf_printf(b, "%s: %s", p->file, p->message);
        break;
    }
}

void kr_ruletest_format_text(kr_buf *out, const kr_ruletest_result *r)
{
    for (size_t i = 0; i < r->nrules; i++) {
        const kr_ruletest_rule *rr = &r->rules[i];
        kr_buf_printf(out, "%s %s (%zu fixtures)\n", rr->nproblems ? "FAIL" : "PASS", rr->id,
                      rr->fixtures);
        for (size_t k = 0; k < rr->nproblems; k++) {
            kr_buf_puts(out, "  ");
            problem_text(out, &rr->problems[k]);
            kr_buf_putc(out, '\n');
        }
    }
    for (size_t k = 0; k < r->other.nproblems; k++) {
        kr_buf_puts(out, "FAIL ");
        problem_text(out, &r->other.problems[k]);
        kr_buf_putc(out, '\n');
    }
    kr_buf_printf(out, "%zu rules, %zu passed, %zu failed", r->nrules, r->passed, r->failed);
    if (r->other.nproblems)
        kr_buf_printf(out, "; %zu other problems", r->other.nproblems);
    kr_buf_putc(out, '\n');
}

static void json_str(kr_buf *b, const char *s)
{
    if (s)
        kr_buf_put_json_string(b, s, strlen(s));
    else
        kr_buf_puts(b, "null");
}

static void json_problems(kr_buf *b, const kr_ruletest_rule *rr)
{
    kr_buf_putc(b, '[');
    for (size_t k = 0; k < rr->nproblems; k++) {
        const kr_ruletest_problem *p = &rr->problems[k];
        kr_buf_puts(b, k ? ",{\"kind\":" : "{\"kind\":");
        json_str(b, kr_ruletest_kind_name(p->kind));
        kr_buf_puts(b, ",\"file\":");
        json_str(b, p->file);
        kr_buf_printf(b, ",\"line\":%u,\"column\":%u,\"rule\":", (unsigned)p->line, (unsigned)p->col);
        json_str(b, p->rule);
        kr_buf_puts(b, ",\"message\":");
        json_str(b, p->message);
        kr_buf_puts(b, ",\"text\":");
        kr_buf t;
        kr_buf_init(&t, 0);
        problem_text(&t, p);
        json_str(b, kr_buf_cstr(&t));
        kr_buf_dispose(&t);
        kr_buf_putc(b, '}');
    }
    kr_buf_putc(b, ']');
}

void kr_ruletest_format_json(kr_buf *out, const kr_ruletest_result *r)
{
    kr_buf_puts(out, "{\"dir\":");
    json_str(out, r->dir);
    kr_buf_puts(out, ",\"rules\":[");
    for (size_t i = 0; i < r->nrules; i++) {
        const kr_ruletest_rule *rr = &r->rules[i];
        kr_buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
        json_str(out, rr->id);
        kr_buf_printf(out, ",\"status\":\"%s\",\"fixtures\":%zu,\"problems\":",
                      rr->nproblems ? "fail" : "pass", rr->fixtures);
        json_problems(out, rr);
        kr_buf_putc(out, '}');
    }
    kr_buf_puts(out, "],\"other\":");
    json_problems(out, &r->other);
    kr_buf_printf(out, ",\"summary\":{\"rules\":%zu,\"passed\":%zu,\"failed\":%zu,\"other\":%zu}}",
                  r->nrules, r->passed, r->failed, r->other.nproblems);
}

/* ------------------------------------------------------- list-controls --- */

const char *kr_ruletest_coverage_word(int coverage, kr_lang lang)
{
    static const char *const ja[] = {"自動", "一部", "証跡", "対象外"};
    if (coverage < 0 || coverage > (int)KR_COV_NA)
        return "?";
    return lang == KR_LANG_JA ? ja[coverage] : kr_coverage_name((kr_coverage)coverage);
}

void kr_ruletest_list_controls(kr_buf *out, const kr_catalog *cat, kr_lang lang)
{
    for (size_t i = 0; i < cat->len; i++) {
        const kr_catalog_item *it = &cat->items[i];
        const char *text = lang == KR_LANG_JA ? it->check_ja : it->summary_en;
        kr_buf_printf(out, "%s\t%s\t%s\t", it->number, kr_ruletest_coverage_word((int)it->coverage, lang),
                      text ? text : "");
        for (size_t k = 0; k < it->nrules; k++) {
            if (k)
                kr_buf_putc(out, ',');
            kr_buf_puts(out, it->rules[k]);
        }
        kr_buf_putc(out, '\n');
    }
}
