/* catalog.c - reads the checksheet catalog (catalog.h).
 *
 * A line-by-line TSV reader: no quoting (the catalog's cells hold no tabs or
 * newlines), CRLF accepted, empty lines skipped. Columns are found by name
 * in the header line. Checks: required columns present and not repeated,
 * each row has as many cells as the header, item numbers well formed and
 * unique, coverage known, rule ids well formed, rules listed exactly for the
 * items the rules cover (automated/partial).
 */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util/alloc.h"
#include "util/fs.h"

#define CODE "invalid-catalog"

/* Column indexes by name; -1 when the header lacks it. */
enum { C_ITEM, C_SECTION, C_CHECK_JA, C_SUMMARY_EN, C_COVERAGE, C_RULES, C_NREQUIRED = C_RULES + 1,
       C_SUBSECTION = C_NREQUIRED, C_SECTION_EN, C_SUBSECTION_EN, C_NOTE_EN, C_NOTE_JA, C_NCOLS };

static const char *const COLUMN_NAMES[C_NCOLS] = {
    "item", "section", "check_ja", "summary_en", "coverage", "rules",
    "subsection", "section_en", "subsection_en", "note_en", "note_ja"};

static const char *const COVERAGE_NAMES[] = {"automated", "partial", "attestation", "not-applicable"};

const char *kr_coverage_name(kr_coverage c)
{
    return (unsigned)c < 4 ? COVERAGE_NAMES[c] : "?";
}

/* cell - one field of a line: [start, end) bytes of data, and its column. */
typedef struct cell {
    size_t start, end;
    uint32_t col;
} cell;

/* parser - state of one kr_catalog_parse call. */
typedef struct parser {
    kr_catalog *cat;
    const char *path;
    const char *data;
    struct kr_diags *diags;
    int errors;
    bool items_only; /* kr_catalog_parse_items: the item column alone is required */
} parser;

static kr_span span_of(uint32_t line, const cell *c)
{
    kr_span s;
    s.start.line = s.end.line = line;
    s.start.col = c->col;
    s.end.col = c->col + (uint32_t)(c->end - c->start);
    s.start.byte = (uint32_t)c->start;
    s.end.byte = (uint32_t)c->end;
    return s;
}

static void err(parser *p, uint32_t line, const cell *c, const char *fmt, ...) KR_PRINTF(4, 5);
static void err(parser *p, uint32_t line, const cell *c, const char *fmt, ...)
{
    kr_span s = span_of(line, c);
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(p->diags, KR_SEV_ERROR, p->path, &s, CODE, fmt, ap);
    va_end(ap);
    p->errors++;
}

/* Cells of data[start, end) split at tabs. */
static size_t split(const char *data, size_t start, size_t end, cell **out, size_t *cap)
{
    size_t n = 0;
    size_t pos = start;
    for (;;) {
        size_t t = pos;
        while (t < end && data[t] != '\t') t++;
        if (n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *out = kr_xrealloc(*out, *cap * sizeof **out);
        }
        (*out)[n].start = pos;
        (*out)[n].end = t;
        (*out)[n].col = (uint32_t)(pos - start);
        n++;
        if (t >= end) break;
        pos = t + 1;
    }
    return n;
}

bool kr_catalog_number_ok(const char *s, size_t len)
{
    size_t parts = 0, i = 0;
    for (;;) {
        size_t d = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++, d++;
        if (d == 0 || d > 4) return false;
        parts++;
        if (i == len) break;
        if (s[i] != '-') return false;
        i++;
    }
    return parts == 2 || parts == 3;
}

static bool rule_id_ok(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
    return true;
}

static char *opt_cell(const char *data, const cell *c)
{
    return c && c->end > c->start ? kr_xstrndup(data + c->start, c->end - c->start) : NULL;
}

static int parse_coverage(kr_coverage *out, const char *s, size_t n)
{
    for (unsigned i = 0; i < 4; i++)
        if (strlen(COVERAGE_NAMES[i]) == n && memcmp(COVERAGE_NAMES[i], s, n) == 0) {
            *out = (kr_coverage)i;
            return 0;
        }
    if (n == 4 && memcmp(s, "full", 4) == 0) {
        *out = KR_COV_AUTOMATED;
        return 0;
    }
    return -1;
}

static void item_dispose(kr_catalog_item *it)
{
    free(it->number);
    free(it->section);
    free(it->section_en);
    free(it->subsection);
    free(it->subsection_en);
    free(it->check_ja);
    free(it->summary_en);
    for (size_t i = 0; i < it->nrules; i++) free(it->rules[i]);
    free(it->rules);
    free(it->note_en);
    free(it->note_ja);
}

/* The rule list cell: ids separated by ',' (spaces around them allowed). */
static void parse_rules(parser *p, kr_catalog_item *it, uint32_t line, const cell *c)
{
    size_t pos = c->start;
    while (pos < c->end) {
        size_t e = pos;
        while (e < c->end && p->data[e] != ',') e++;
        size_t s = pos, t = e;
        while (s < t && p->data[s] == ' ') s++;
        while (t > s && p->data[t - 1] == ' ') t--;
        cell id = {s, t, c->col + (uint32_t)(s - c->start)};
        if (!rule_id_ok(p->data + s, t - s)) {
            err(p, line, &id, "rule id '%.*s' is not of the form [A-Z0-9-]+", (int)(t - s > 60 ? 60 : t - s),
                p->data + s);
        } else {
            it->rules = kr_xrealloc(it->rules, (it->nrules + 1) * sizeof *it->rules);
            it->rules[it->nrules++] = kr_xstrndup(p->data + s, t - s);
        }
        pos = e + 1;
    }
}

/* The item cell of a row is N-N or N-N-N; reports it when it is not. */
static bool number_ok(parser *p, uint32_t line, const cell *num)
{
    size_t nlen = num->end - num->start;
    if (kr_catalog_number_ok(p->data + num->start, nlen)) return true;
    err(p, line, num, "item '%.*s' is not of the form N-N or N-N-N", (int)(nlen > 40 ? 40 : nlen),
        p->data + num->start);
    return false;
}

/* The item already read under the number in cell num, or NULL. */
static const kr_catalog_item *item_of(const parser *p, const cell *num)
{
    size_t nlen = num->end - num->start;
    for (size_t i = 0; i < p->cat->len; i++) {
        const kr_catalog_item *o = &p->cat->items[i];
        if (strlen(o->number) == nlen && memcmp(o->number, p->data + num->start, nlen) == 0) return o;
    }
    return NULL;
}

/* A row read for its item number only (a rule pack's own catalog, which may
 * hold nothing but the items its rules name): the number checked and not
 * repeated; other known columns kept when the row has them. */
static void parse_item_row(parser *p, const int *col, uint32_t line, const cell *cells, size_t ncells)
{
    const char *d = p->data;
    if ((size_t)col[C_ITEM] >= ncells) return;
    const cell *num = &cells[col[C_ITEM]];
    size_t nlen = num->end - num->start;
    if (!number_ok(p, line, num) || item_of(p, num))
        return; /* a bad number (reported), or listed twice: the same item */
    kr_catalog_item it;
    memset(&it, 0, sizeof it);
    it.number = kr_xstrndup(d + num->start, nlen);
    it.coverage = KR_COV_ATTESTATION;
    if (col[C_SECTION] >= 0 && (size_t)col[C_SECTION] < ncells) it.section = opt_cell(d, &cells[col[C_SECTION]]);
    if (col[C_CHECK_JA] >= 0 && (size_t)col[C_CHECK_JA] < ncells) it.check_ja = opt_cell(d, &cells[col[C_CHECK_JA]]);
    if (col[C_SUMMARY_EN] >= 0 && (size_t)col[C_SUMMARY_EN] < ncells)
        it.summary_en = opt_cell(d, &cells[col[C_SUMMARY_EN]]);
    it.line = line;
    p->cat->items = kr_xrealloc(p->cat->items, (p->cat->len + 1) * sizeof *p->cat->items);
    p->cat->items[p->cat->len++] = it;
}

static void parse_row(parser *p, const int *col, size_t ncols_header, uint32_t line, const cell *cells,
                      size_t ncells, size_t line_start, size_t line_end)
{
    if (p->items_only) {
        parse_item_row(p, col, line, cells, ncells);
        return;
    }
    if (ncells != ncols_header) {
        cell whole = {line_start, line_end, 0};
        err(p, line, &whole, "this line has %zu fields; the header has %zu", ncells, ncols_header);
        return;
    }
    const char *d = p->data;
    const cell *num = &cells[col[C_ITEM]];
    size_t nlen = num->end - num->start;
    if (!number_ok(p, line, num))
        return;
    const kr_catalog_item *o = item_of(p, num);
    if (o) {
        err(p, line, num, "item '%s' is listed twice (first at line %u)", o->number, o->line + 1);
        return;
    }
    int bad = 0;
    static const int REQUIRED_TEXT[] = {C_SECTION, C_CHECK_JA, C_SUMMARY_EN};
    for (size_t i = 0; i < 3; i++) {
        const cell *c = &cells[col[REQUIRED_TEXT[i]]];
        if (c->end == c->start) {
            err(p, line, c, "item '%.*s' has an empty '%s'", (int)nlen, d + num->start,
                COLUMN_NAMES[REQUIRED_TEXT[i]]);
            bad = 1;
        }
    }
    const cell *cov = &cells[col[C_COVERAGE]];
    kr_coverage coverage = KR_COV_ATTESTATION;
    if (parse_coverage(&coverage, d + cov->start, cov->end - cov->start) != 0) {
        err(p, line, cov, "unknown coverage '%.*s' (expected automated, partial, attestation or not-applicable)",
            (int)(cov->end - cov->start > 40 ? 40 : cov->end - cov->start), d + cov->start);
        bad = 1;
    }
    kr_catalog_item it;
    memset(&it, 0, sizeof it);
    const cell *rules = &cells[col[C_RULES]];
    parse_rules(p, &it, line, rules);
    if (!bad) {
        bool wants = coverage == KR_COV_AUTOMATED || coverage == KR_COV_PARTIAL;
        bool has = rules->end > rules->start;
        if (wants && !has) {
            err(p, line, rules, "item '%.*s' is '%s' but lists no rules", (int)nlen, d + num->start,
                kr_coverage_name(coverage));
            bad = 1;
        } else if (!wants && has) {
            err(p, line, rules, "item '%.*s' is '%s' and must not list rules", (int)nlen, d + num->start,
                kr_coverage_name(coverage));
            bad = 1;
        }
    }
    if (bad) {
        item_dispose(&it);
        return;
    }
    it.number = kr_xstrndup(d + num->start, nlen);
    it.section = opt_cell(d, &cells[col[C_SECTION]]);
    it.check_ja = opt_cell(d, &cells[col[C_CHECK_JA]]);
    it.summary_en = opt_cell(d, &cells[col[C_SUMMARY_EN]]);
    it.coverage = coverage;
    it.subsection = col[C_SUBSECTION] >= 0 ? opt_cell(d, &cells[col[C_SUBSECTION]]) : NULL;
    it.section_en = col[C_SECTION_EN] >= 0 ? opt_cell(d, &cells[col[C_SECTION_EN]]) : NULL;
    it.subsection_en = col[C_SUBSECTION_EN] >= 0 ? opt_cell(d, &cells[col[C_SUBSECTION_EN]]) : NULL;
    it.note_en = col[C_NOTE_EN] >= 0 ? opt_cell(d, &cells[col[C_NOTE_EN]]) : NULL;
    it.note_ja = col[C_NOTE_JA] >= 0 ? opt_cell(d, &cells[col[C_NOTE_JA]]) : NULL;
    it.line = line;
    p->cat->items = kr_xrealloc(p->cat->items, (p->cat->len + 1) * sizeof *p->cat->items);
    p->cat->items[p->cat->len++] = it;
}

/* Maps header cells to column indexes; 0 when every required one is there. */
static int parse_header(parser *p, int *col, const cell *cells, size_t ncells, size_t line_end)
{
    for (size_t i = 0; i < C_NCOLS; i++) col[i] = -1;
    int bad = 0;
    for (size_t i = 0; i < ncells; i++) {
        const cell *c = &cells[i];
        for (size_t k = 0; k < C_NCOLS; k++) {
            if (strlen(COLUMN_NAMES[k]) != c->end - c->start ||
                memcmp(COLUMN_NAMES[k], p->data + c->start, c->end - c->start) != 0)
                continue;
            if (col[k] >= 0) {
                err(p, 0, c, "column '%s' appears twice in the header", COLUMN_NAMES[k]);
                bad = 1;
            } else {
                col[k] = (int)i;
            }
        }
    }
    for (size_t k = 0; k < (p->items_only ? 1u : (size_t)C_NREQUIRED); k++) {
        if (col[k] < 0) {
            cell at = {line_end, line_end, (uint32_t)line_end};
            err(p, 0, &at, "the header has no column '%s'", COLUMN_NAMES[k]);
            bad = 1;
        }
    }
    return bad;
}

static int parse(kr_catalog *self, const char *path, const char *data, size_t len,
                 struct kr_diags *diags, bool items_only)
{
    parser p = {self, path, data, diags, 0, items_only};
    free(self->path);
    self->path = kr_xstrdup(path ? path : "");
    cell *cells = NULL;
    size_t cap = 0;
    int col[C_NCOLS];
    size_t ncols_header = 0;
    bool header_ok = false, seen_header = false;
    size_t pos = 0;
    uint32_t line = 0;
    /* a UTF-8 byte order mark before the header is allowed */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && data[eol] != '\n') eol++;
        size_t end = eol;
        if (end > pos && data[end - 1] == '\r') end--;
        if (end > pos) {
            size_t n = split(data, pos, end, &cells, &cap);
            if (!seen_header) {
                seen_header = true;
                ncols_header = n;
                header_ok = parse_header(&p, col, cells, n, end - pos) == 0;
                if (!header_ok) break;
            } else {
                /* cells' columns are relative to the line start: fine for
                 * messages; bytes stay absolute */
                parse_row(&p, col, ncols_header, line, cells, n, pos, end);
            }
        }
        pos = eol + 1;
        line++;
    }
    if (!seen_header) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, CODE, "the catalog is empty");
        p.errors++;
    } else if (header_ok && self->len == 0 && p.errors == 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, CODE, "the catalog has no items");
        p.errors++;
    }
    free(cells);
    return p.errors ? KR_EINVALID : 0;
}

int kr_catalog_parse(kr_catalog *self, const char *path, const char *data, size_t len,
                     struct kr_diags *diags)
{
    return parse(self, path, data, len, diags, false);
}

int kr_catalog_parse_items(kr_catalog *self, const char *path, const char *data, size_t len,
                           struct kr_diags *diags)
{
    return parse(self, path, data, len, diags, true);
}

int kr_catalog_load(kr_catalog *self, const char *path, struct kr_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc = kr_fs_read(&data, &len, path, &why);
    if (rc != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the catalog: %s",
                     why ? why : "too large");
        return KR_EIO;
    }
    rc = kr_catalog_parse(self, path, data, len, diags);
    free(data);
    return rc;
}

void kr_catalog_init(kr_catalog *self)
{
    memset(self, 0, sizeof *self);
}

void kr_catalog_dispose(kr_catalog *self)
{
    for (size_t i = 0; i < self->len; i++) item_dispose(&self->items[i]);
    free(self->items);
    free(self->path);
    kr_catalog_init(self);
}

const kr_catalog_item *kr_catalog_find(const kr_catalog *self, const char *number)
{
    if (!self || !number) return NULL;
    for (size_t i = 0; i < self->len; i++)
        if (strcmp(self->items[i].number, number) == 0) return &self->items[i];
    return NULL;
}

int kr_catalog_number_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        unsigned long x = 0, y = 0;
        size_t dx = 0, dy = 0;
        while (*a >= '0' && *a <= '9' && dx < 9) x = x * 10 + (unsigned long)(*a++ - '0'), dx++;
        while (*b >= '0' && *b <= '9' && dy < 9) y = y * 10 + (unsigned long)(*b++ - '0'), dy++;
        if (x != y) return x < y ? -1 : 1;
        if (dx == 0 || dy == 0) {
            /* not numeric here: bytewise, a shorter number first */
            if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            if (!*a) return 0;
            a++, b++;
            continue;
        }
        if (*a == '-' && *b == '-') {
            a++, b++;
            continue;
        }
        if (*a == *b) {
            if (!*a) return 0;
            a++, b++;
            continue;
        }
        /* "2-1" before "2-1-1": the end sorts first */
        if (!*a) return -1;
        if (!*b) return 1;
        return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    }
    return 0;
}

bool kr_catalog_own_id_ok(const char *s, size_t len)
{
    if (len == 0 || len > KR_CATALOG_OWN_MAX) return false;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) return false;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

void kr_catalog_add_own(kr_catalog *self, const char *id, const char *title_en, const char *title_ja,
                        const char *section, const char *const *rules, size_t nrules)
{
    kr_catalog_item it;
    memset(&it, 0, sizeof it);
    it.number = kr_xstrdup(id);
    it.section = kr_xstrdup("独自項目");
    it.section_en = kr_xstrdup("Own controls");
    it.subsection = section ? kr_xstrdup(section) : NULL;
    it.subsection_en = section ? kr_xstrdup(section) : NULL;
    it.check_ja = kr_xstrdup(title_ja);
    it.summary_en = kr_xstrdup(title_en);
    it.coverage = nrules ? KR_COV_AUTOMATED : KR_COV_ATTESTATION;
    it.rules = kr_xcalloc(nrules ? nrules : 1, sizeof *it.rules);
    for (size_t i = 0; i < nrules; i++) it.rules[it.nrules++] = kr_xstrdup(rules[i]);
    it.own = true;
    self->items = kr_xrealloc(self->items, (self->len + 1) * sizeof *self->items);
    self->items[self->len++] = it;
}
