/* load.c - reading, checking and compiling rule files (rules/README.md).
 *
 * Each rule file is parsed with libyaml's event API into a small private tree
 * (ynode) that keeps every node's exact span and its scalar style (so a path
 * error can point at the column inside a quoted string). The tree lives in a
 * per-file arena; everything a compiled rule keeps is copied into the
 * ruleset's arena. Only compiled paths and regular expressions are owned
 * outside the arena, and the ruleset lists them for kr_ruleset_free.
 *
 * Folders: every *.yml / *.yaml below the given folders, sorted by path;
 * names starting with '_' or '.' and sub-folders named "tests" (the rule
 * fixtures, rules/tests/) are skipped; catalog.tsv files found on the way
 * give the checksheet items a control must name.
 *
 * Validation never stops at the first problem: every error found in every
 * file goes to the diags sink (code "invalid-rule"), and a rule with any error
 * is left out of the ruleset.
 *
 * Positions: libyaml counts columns in characters; marks are converted to
 * byte columns with the file's own line table (mark_loc).
 */
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "diag.h"
#include "rules/path.h"
#include "rules/rule.h"
#include "ts/lang.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/regex.h"

#define CODE "invalid-rule"
/* Caps per rule file (README, "Limits"). Nodes are counted with aliases
 * expanded, because loading walks a shared node once per reference; a rule
 * takes 15-40 nodes, so RULE_MAX_NODES leaves room for RULE_MAX_RULES. The
 * nodes aliases bring in are capped apart, far lower (alias bombs). */
#define RULE_MAX_NODES 2000000u
#define RULE_MAX_ALIAS_NODES 200000u
#define RULE_MAX_RULES 50000u
/* Folder nesting followed under a rules folder (symlink loops). */
#define RULE_MAX_DIR_DEPTH 32u
/* Nesting of all/any/not. */
#define RULE_MAX_COND_DEPTH 64u

/* ---------------------------------------------------------------- tree --- */

typedef enum ykind { Y_SCALAR, Y_MAP, Y_SEQ } ykind;

/* ynode - one node of a rule file. MAP kids are key,value,key,value...;
 * SEQ kids are the items. weight counts nodes with aliases expanded. */
typedef struct ynode ynode;
struct ynode {
    ykind kind;
    kr_span span;
    const char *text; /* SCALAR: decoded, NUL-terminated */
    size_t len;
    bool plain;       /* plain style: may resolve to null, bool or number */
    bool quoted;      /* single or double quoted: text starts one column in */
    bool str_tag;     /* explicit !!str */
    ynode **kids;
    size_t nkids;
    size_t cap;
    size_t weight;
    /* A parameter's value taken from the configuration (rules/README.md,
     * "Parameters"): the file its span is in, and the parameter's name.
     * NULL for the rule file's own nodes. */
    const char *file;
    const char *param;
};

typedef struct anchor {
    char *name;
    ynode *node;
} anchor;

/* lfile - one rule file being read. */
typedef struct lfile {
    const char *path;
    const char *data;
    size_t len;
    size_t *lines;   /* byte offset of each line start */
    size_t nlines;
    kr_arena *arena; /* the tree */
    KR_ARRAY(anchor) anchors;
    yaml_parser_t parser;
    bool tainted;    /* the tree has a stand-in for a broken part: keep no rule */
    size_t aliased;  /* nodes brought in by aliases, whole file (RULE_MAX_ALIAS_NODES) */
    size_t nrules;   /* rules met, whole file (RULE_MAX_RULES) */
} lfile;

/* ------------------------------------------------------------- ruleset --- */

typedef struct idx_entry {
    kr_target_kind kind;
    const char *name; /* NULL for kinds without a name */
    const kr_rule *rule;
    const kr_target *tgt;
    size_t order;     /* rule position (rules are sorted by id), then target */
} idx_entry;

struct kr_ruleset {
    kr_arena *arena;
    KR_ARRAY(kr_rule *) rules;   /* sorted by id */
    idx_entry *index;
    size_t nindex;
    KR_ARRAY(kr_path *) paths;   /* owned */
    KR_ARRAY(kr_regex *) regexes; /* owned (conds point at them) */
    kr_ts_query *source_q[KR_TS_NLANGS]; /* owned; merged source-code queries per language */
    bool has_relations;          /* some condition is `related:` */
    /* Deferred mode (kr_ruleset_load_deferred): source_q stays empty until
     * kr_ruleset_prepare_sources; a scan compiles what it needs into its own
     * kr_source_queries, so a scan without source files never pays
     * tree-sitter's query analysis and the ruleset is never written to. */
    unsigned compiled;           /* bit per kr_ts_lang: source_q[l] was compiled */
};

/* kr_source_queries - see rule.h. */
struct kr_source_queries {
    const kr_ruleset *rules;
    pthread_mutex_t mu;          /* guards everything below */
    unsigned built;              /* bit per kr_ts_lang: compiled (or failed) here */
    kr_ts_query *q[KR_TS_NLANGS]; /* owned */
    kr_diags errors;             /* query errors found on first use */
};

typedef struct seen_id {
    const char *id;
    const char *file;
    kr_span span;
    size_t order;
    kr_rule *rule; /* NULL when the rule had other errors */
} seen_id;

/* loader - state of one kr_ruleset_load call. */
typedef struct loader {
    kr_ruleset *rs;
    kr_diags *diags;
    size_t nerrors;
    char **catalog;  /* sorted item numbers */
    size_t ncatalog;
    size_t catcap;
    bool has_catalog;
    KR_ARRAY(seen_id) ids;
    const kr_ruleset_options *opts; /* never NULL */
    const char *rule_id;            /* the rule being compiled, for parameter errors */
    const ynode *rule_params;       /* its `params:` (name -> default), or NULL */
} loader;

/* ----------------------------------------------------------- messages --- */

static void verr(loader *L, const char *file, const kr_span *span, const char *fmt, va_list ap)
    KR_PRINTF(4, 0);
static void verr(loader *L, const char *file, const kr_span *span, const char *fmt, va_list ap)
{
    kr_diags_vadd(L->diags, KR_SEV_ERROR, file, span, CODE, fmt, ap);
    L->nerrors++;
}

static void err_at(loader *L, const lfile *f, const kr_span *span, const char *fmt, ...)
    KR_PRINTF(4, 5);
static void err_at(loader *L, const lfile *f, const kr_span *span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, f->path, span, fmt, ap);
    va_end(ap);
}

static void err_node(loader *L, const lfile *f, const ynode *n, const char *fmt, ...)
    KR_PRINTF(4, 5);
static void err_node(loader *L, const lfile *f, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (n->file) {
        /* a parameter's value: at its place in the configuration, naming the rule */
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_vprintf(&b, fmt, ap);
        kr_diags_add(L->diags, KR_SEV_ERROR, n->file, &n->span, CODE,
                     "%s (parameter '%s' of rule %s)", kr_buf_cstr(&b), n->param,
                     L->rule_id ? L->rule_id : "?");
        kr_buf_dispose(&b);
        L->nerrors++;
    } else {
        verr(L, f->path, &n->span, fmt, ap);
    }
    va_end(ap);
}


/* The closest of a NULL-terminated list, or NULL when none is close. */
static const char *did_you_mean(const char *word, const char *const *cands)
{
    const char *best = NULL;
    size_t bestd = 99;
    for (size_t i = 0; cands[i]; i++) {
        size_t d = kr_edit_distance(word, cands[i]);
        size_t limit = strlen(cands[i]) <= 4 ? 1 : 2;
        if (d <= limit && d < bestd) {
            best = cands[i];
            bestd = d;
        }
    }
    return best;
}

/* " (did you mean 'x'?)" or "". */
static void hint(char *out, size_t n, const char *word, const char *const *cands)
{
    const char *m = did_you_mean(word, cands);
    if (m)
        snprintf(out, n, " (did you mean '%s'?)", m);
    else
        out[0] = '\0';
}

/* ----------------------------------------------------------- positions --- */

static void build_lines(lfile *f)
{
    size_t cap = 64, n = 0;
    size_t *v = kr_xmalloc(cap * sizeof(*v));
    size_t start = 0;
    /* libyaml skips a UTF-8 BOM without counting it as a column */
    if (f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0) start = 3;
    v[n++] = start;
    for (size_t i = start; i < f->len; i++) {
        char c = f->data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= f->len || f->data[i + 1] != '\n'))) {
            if (n == cap) {
                cap *= 2;
                v = kr_xrealloc(v, cap * sizeof(*v));
            }
            v[n++] = i + 1;
        }
    }
    f->lines = v;
    f->nlines = n;
}

/* A libyaml mark (line, column in characters) as a byte position. */
static kr_loc mark_loc(const lfile *f, yaml_mark_t m)
{
    kr_loc l;
    size_t line = m.line;
    if (line >= f->nlines) line = f->nlines - 1;
    size_t b = f->lines[line];
    size_t end = line + 1 < f->nlines ? f->lines[line + 1] : f->len;
    for (size_t c = 0; c < m.column && b < end; c++) {
        b++;
        while (b < end && ((unsigned char)f->data[b] & 0xC0) == 0x80) b++;
    }
    l.line = (uint32_t)line;
    l.col = (uint32_t)(b - f->lines[line]);
    l.byte = (uint32_t)b;
    return l;
}

static kr_span marks_span(const lfile *f, yaml_mark_t a, yaml_mark_t b)
{
    kr_span s;
    s.start = mark_loc(f, a);
    s.end = mark_loc(f, b);
    return s;
}

/* Position of byte `off` inside scalar n's text, as a one-byte span. Exact for
 * plain and single-line quoted scalars without escapes; else the scalar start. */
static kr_span text_pos(const ynode *n, size_t off)
{
    kr_span s = n->span;
    if ((n->plain || n->quoted) && n->span.start.line == n->span.end.line) {
        uint32_t d = (uint32_t)off + (n->quoted ? 1u : 0u);
        s.start.col += d;
        s.start.byte += d;
    }
    s.end = s.start;
    s.end.col++;
    s.end.byte++;
    return s;
}

/* --------------------------------------------------------- YAML parsing --- */

static void yaml_problem(loader *L, lfile *f)
{
    yaml_parser_t *p = &f->parser;
    kr_span s;
    if (p->error == YAML_READER_ERROR) {
        /* encoding errors carry a byte offset, not a mark */
        size_t off = p->problem_offset < f->len ? p->problem_offset : f->len;
        size_t line = 0;
        while (line + 1 < f->nlines && f->lines[line + 1] <= off) line++;
        s.start.line = (uint32_t)line;
        s.start.col = off > f->lines[line] ? (uint32_t)(off - f->lines[line]) : 0;
        s.start.byte = (uint32_t)off;
    } else {
        s.start = mark_loc(f, p->problem_mark);
    }
    s.end = s.start;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->context)
        err_at(L, f, &s, "YAML: %s %s", problem, p->context);
    else
        err_at(L, f, &s, "YAML: %s", problem);
}

static void kid_push(lfile *f, ynode *parent, ynode *kid)
{
    if (parent->nkids == parent->cap) {
        size_t nc = parent->cap ? parent->cap * 2 : 8;
        ynode **nk = kr_arena_alloc(f->arena, nc * sizeof(*nk));
        if (parent->nkids) memcpy(nk, parent->kids, parent->nkids * sizeof(*nk));
        parent->kids = nk;
        parent->cap = nc;
    }
    parent->kids[parent->nkids++] = kid;
    parent->weight += kid->weight;
    if (parent->weight > RULE_MAX_NODES) parent->weight = RULE_MAX_NODES + 1;
}

static void set_anchor(lfile *f, const yaml_char_t *name, ynode *n)
{
    if (!name) return;
    anchor a;
    a.name = kr_arena_strdup(f->arena, (const char *)name);
    a.node = n;
    kr_array_push(&f->anchors, a);
}

/* Builds the node starting with event *ev (owned by the caller). Returns NULL
 * after reporting an error. */
static ynode *build(loader *L, lfile *f, yaml_event_t *ev, unsigned depth)
{
    if (depth > KR_MAX_DEPTH) {
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        err_at(L, f, &s, "nesting deeper than %d levels", KR_MAX_DEPTH);
        return NULL;
    }
    if (ev->type == YAML_ALIAS_EVENT) {
        const char *name = (const char *)ev->data.alias.anchor;
        for (size_t i = f->anchors.len; i-- > 0;)
            if (strcmp(f->anchors.items[i].name, name) == 0) return f->anchors.items[i].node;
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        err_at(L, f, &s, "YAML: unknown anchor '%s'", name);
        /* go on with a null in its place, so the rest of the file is checked;
         * the document's rules are dropped (tainted) */
        f->tainted = true;
        ynode *null = kr_arena_alloc(f->arena, sizeof(*null));
        null->kind = Y_SCALAR;
        null->span = s;
        null->text = "";
        null->plain = true;
        null->weight = 1;
        return null;
    }
    ynode *n = kr_arena_alloc(f->arena, sizeof(*n));
    n->weight = 1;
    if (ev->type == YAML_SCALAR_EVENT) {
        n->kind = Y_SCALAR;
        n->span = marks_span(f, ev->start_mark, ev->end_mark);
        n->text = kr_arena_strndup(f->arena, (const char *)ev->data.scalar.value,
                                   ev->data.scalar.length);
        n->len = ev->data.scalar.length;
        yaml_scalar_style_t st = ev->data.scalar.style;
        n->plain = st == YAML_PLAIN_SCALAR_STYLE;
        n->quoted = st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        const char *tag = (const char *)ev->data.scalar.tag;
        if (tag) {
            n->plain = false;
            n->str_tag = strcmp(tag, "tag:yaml.org,2002:str") == 0;
        }
        set_anchor(f, ev->data.scalar.anchor, n);
        return n;
    }
    bool is_map = ev->type == YAML_MAPPING_START_EVENT;
    if (!is_map && ev->type != YAML_SEQUENCE_START_EVENT) {
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        err_at(L, f, &s, "YAML: unexpected event");
        return NULL;
    }
    n->kind = is_map ? Y_MAP : Y_SEQ;
    yaml_char_t *anc = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    yaml_mark_t start = ev->start_mark;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&f->parser, &e)) {
            yaml_problem(L, f);
            return NULL;
        }
        if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) {
            n->span = marks_span(f, start, e.end_mark);
            yaml_event_delete(&e);
            break;
        }
        bool alias = e.type == YAML_ALIAS_EVENT;
        kr_span at = marks_span(f, e.start_mark, e.end_mark);
        ynode *kid = build(L, f, &e, depth + 1);
        yaml_event_delete(&e);
        if (!kid) return NULL;
        kid_push(f, n, kid);
        if (alias && (f->aliased += kid->weight) > RULE_MAX_ALIAS_NODES) {
            err_at(L, f, &at, "YAML aliases in this rule file expand to more than %u nodes (the cap per rule file; an alias bomb?)",
                   RULE_MAX_ALIAS_NODES);
            return NULL;
        }
        if (n->weight > RULE_MAX_NODES) {
            kr_span s = marks_span(f, start, start);
            err_at(L, f, &s, "the rule file has more than %u YAML nodes, aliases expanded (the cap per rule file); split it into several files",
                   RULE_MAX_NODES);
            return NULL;
        }
    }
    set_anchor(f, anc, n);
    return n;
}

/* ------------------------------------------------------------- scalars --- */

typedef enum stype { S_NULL, S_BOOL, S_INT, S_FLOAT, S_STR } stype;

static bool all_digits(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* YAML 1.2 core schema resolution of a scalar. */
static stype scalar_type(const ynode *n)
{
    if (!n->plain) return S_STR;
    const char *s = n->text;
    size_t len = n->len;
    if (len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
        strcmp(s, "NULL") == 0)
        return S_NULL;
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0 ||
        strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
        return S_BOOL;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (all_digits(s + i, len - i)) return S_INT;
    /* float: digits [. digits] [e[+-]digits], or . digits */
    size_t j = i, intd = 0, fracd = 0;
    while (j < len && s[j] >= '0' && s[j] <= '9') j++, intd++;
    if (j < len && s[j] == '.') {
        j++;
        while (j < len && s[j] >= '0' && s[j] <= '9') j++, fracd++;
    }
    if (intd + fracd == 0) return S_STR;
    if (j < len && (s[j] == 'e' || s[j] == 'E')) {
        j++;
        if (j < len && (s[j] == '+' || s[j] == '-')) j++;
        if (!all_digits(s + j, len - j)) return S_STR;
        j = len;
    }
    return j == len ? S_FLOAT : S_STR;
}

static const char *kind_name(const ynode *n)
{
    if (n->kind == Y_MAP) return "a map";
    if (n->kind == Y_SEQ) return "a list";
    return "a scalar";
}

static const ynode *map_get(const ynode *m, const char *key)
{
    if (!m || m->kind != Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < m->nkids; i += 2)
        if (m->kids[i]->kind == Y_SCALAR && strcmp(m->kids[i]->text, key) == 0) return m->kids[i + 1];
    return NULL;
}

static const ynode *map_key(const ynode *m, const char *key)
{
    if (!m || m->kind != Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < m->nkids; i += 2)
        if (m->kids[i]->kind == Y_SCALAR && strcmp(m->kids[i]->text, key) == 0) return m->kids[i];
    return NULL;
}

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

/* Reports non-scalar keys, duplicate keys and keys not in `allowed`
 * ("unknown key 'x' in <what>"). Returns false when anything was wrong. */
static bool check_keys(loader *L, const lfile *f, const ynode *m, const char *const *allowed,
                       const char *what)
{
    bool ok = true;
    for (size_t i = 0; i + 1 < m->nkids; i += 2) {
        const ynode *k = m->kids[i];
        if (k->kind != Y_SCALAR) {
            err_node(L, f, k, "a key in %s must be a name, not %s", what, kind_name(k));
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < i; j += 2)
            if (m->kids[j]->kind == Y_SCALAR && strcmp(m->kids[j]->text, k->text) == 0) dup = true;
        if (dup) {
            err_node(L, f, k, "duplicate key '%s' in %s", k->text, what);
            ok = false;
            continue;
        }
        if (!in_list(k->text, allowed)) {
            char h[96];
            hint(h, sizeof h, k->text, allowed);
            err_node(L, f, k, "unknown key '%s' in %s%s", k->text, what, h);
            ok = false;
        }
    }
    return ok;
}

/* A non-empty string scalar, or an error naming `key`. */
static const ynode *want_string(loader *L, const lfile *f, const ynode *v, const char *key)
{
    if (v->kind != Y_SCALAR) {
        err_node(L, f, v, "'%s' must be a string, not %s", key, kind_name(v));
        return NULL;
    }
    if (scalar_type(v) == S_NULL || v->len == 0) {
        err_node(L, f, v, "'%s' is empty", key);
        return NULL;
    }
    return v;
}

/* ------------------------------------------------------------- catalog --- */

/* N-N or N-N-N, N decimal digits. */
static bool control_syntax_ok(const char *s, size_t len)
{
    size_t parts = 0, i = 0;
    while (i <= len) {
        size_t d = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++, d++;
        if (d == 0) return false;
        parts++;
        if (i == len) break;
        if (s[i] != '-') return false;
        i++;
    }
    return parts == 2 || parts == 3;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_catalog(loader *L, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc = kr_fs_read(&data, &len, path, &why);
    if (rc != 0) {
        kr_diags_add(L->diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the catalog: %s",
                     why ? why : "too large");
        L->nerrors++;
        return;
    }
    L->has_catalog = true;
    size_t pos = 0;
    uint32_t line = 0;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && data[eol] != '\n') eol++;
        size_t end = eol;
        if (end > pos && data[end - 1] == '\r') end--;
        if (line > 0 && end > pos) {
            size_t tab = pos;
            while (tab < end && data[tab] != '\t') tab++;
            if (!control_syntax_ok(data + pos, tab - pos)) {
                kr_span s;
                s.start.line = s.end.line = line;
                s.start.col = 0;
                s.end.col = (uint32_t)(tab - pos);
                s.start.byte = (uint32_t)pos;
                s.end.byte = (uint32_t)tab;
                kr_diags_add(L->diags, KR_SEV_ERROR, path, &s, CODE,
                             "catalog item '%.*s' is not of the form N-N or N-N-N",
                             (int)(tab - pos > 40 ? 40 : tab - pos), data + pos);
                L->nerrors++;
            } else {
                if (L->ncatalog == L->catcap) {
                    L->catcap = L->catcap ? L->catcap * 2 : 64;
                    L->catalog = kr_xrealloc(L->catalog, L->catcap * sizeof(char *));
                }
                L->catalog[L->ncatalog++] = kr_xstrndup(data + pos, tab - pos);
            }
        }
        pos = eol + 1;
        line++;
    }
    free(data);
    if (L->ncatalog > 1) qsort(L->catalog, L->ncatalog, sizeof(char *), cmp_str);
}

static bool catalog_has(const loader *L, const char *item)
{
    return L->ncatalog > 0 &&
           bsearch(&item, L->catalog, L->ncatalog, sizeof(char *), cmp_str) != NULL;
}

/* ---------------------------------------------------------- conditions --- */

static const char *const LEAF_KEYS[] = {"path", "op", "value", "type", "unit", "default",
                                        "if_absent", "quantifier", "all", "any", "not",
                                        "related", NULL};
static const char *const COMBO_KEYS[] = {"all", "any", "not", NULL};

static const struct {
    const char *name;
    kr_op op;
} OPS[] = {
    {"==", KR_OP_EQ}, {"!=", KR_OP_NE}, {"<", KR_OP_LT}, {"<=", KR_OP_LE},
    {">", KR_OP_GT}, {">=", KR_OP_GE}, {"in", KR_OP_IN}, {"not_in", KR_OP_NOT_IN},
    {"matches", KR_OP_MATCHES}, {"not_matches", KR_OP_NOT_MATCHES},
    {"contains", KR_OP_CONTAINS}, {"not_contains", KR_OP_NOT_CONTAINS},
    {"exists", KR_OP_EXISTS}, {"absent", KR_OP_ABSENT},
};
static const char *const OP_NAMES[] = {"==", "!=", "<", "<=", ">", ">=", "in", "not_in", "matches",
                                       "not_matches", "contains", "not_contains", "exists",
                                       "absent", NULL};

static const char *const TYPE_NAMES[] = {"number", "duration", "tls", "string", "bool", NULL};

static const char *vtype_name(kr_vtype t)
{
    switch (t) {
    case KR_VT_NUMBER: return "number";
    case KR_VT_DURATION: return "duration";
    case KR_VT_TLS: return "TLS version";
    case KR_VT_STRING: return "string";
    case KR_VT_BOOL: return "bool";
    default: return "value";
    }
}

static const char *op_name(kr_op op)
{
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (OPS[i].op == op) return OPS[i].name;
    return "?";
}

static char *keep(loader *L, const char *s, size_t n)
{
    return kr_arena_strndup(L->rs->arena, s, n);
}

/* The type a scalar gives when `type:` is not written. */
static kr_vtype auto_type(const ynode *v)
{
    switch (scalar_type(v)) {
    case S_INT:
    case S_FLOAT: return KR_VT_NUMBER;
    case S_BOOL: return KR_VT_BOOL;
    default: return KR_VT_STRING;
    }
}

/* Reads scalar v as type t into *out (strings borrowed from the ruleset
 * arena). Reports "<what> 'x' is not a <type>". */
static bool read_value(loader *L, const lfile *f, const ynode *v, kr_vtype t, kr_unit unit,
                       const char *what, kr_value *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != Y_SCALAR) {
        err_node(L, f, v, "%s must be a single value, not %s", what, kind_name(v));
        return false;
    }
    if (scalar_type(v) == S_NULL) {
        err_node(L, f, v, "%s is empty", what);
        return false;
    }
    char *text = keep(L, v->text, v->len);
    if (t == KR_VT_BOOL && scalar_type(v) == S_BOOL) {
        out->type = KR_VT_BOOL;
        out->b = text[0] == 't' || text[0] == 'T';
        out->str = text;
        out->len = v->len;
        return true;
    }
    if (t == KR_VT_STRING) {
        out->type = KR_VT_STRING;
        out->str = text;
        out->len = v->len;
        return true;
    }
    if (kr_value_from_text(out, text, v->len, t, unit) != 0) {
        err_node(L, f, v, "%s '%s' is not a %s", what, v->text, vtype_name(t));
        return false;
    }
    return true;
}

/* ---------------------------------------------------------- parameters --- */

/* A rule reads a repository's `params:` (.krewlint.yml) in three places
 * (rules/README.md, "Parameters"): a leaf's value or default written as
 * {param: NAME, default: X}, a {param:NAME} placeholder inside a leaf's path,
 * and the same placeholder in title, message and remediation. The value is
 * the configuration's, else the inline default, else the rule's own
 * `params: {NAME: DEFAULT}`. A configuration value is grafted into the rule
 * file's tree as ynodes that remember the configuration file (err_node then
 * reports there and names the rule). */

/* The longest parameter name read from a placeholder. */
#define PARAM_NAME_MAX 64u

/* The configured parameter whose name is name[0..len), or NULL. */
static const kr_rule_param *find_param(const loader *L, const char *name, size_t len)
{
    for (size_t i = 0; i < L->opts->nparams; i++)
        if (L->opts->params[i].name && strlen(L->opts->params[i].name) == len &&
            memcmp(L->opts->params[i].name, name, len) == 0)
            return &L->opts->params[i];
    return NULL;
}

/* The configuration node k as a ynode in f's arena (k's text is borrowed: the
 * configuration outlives the load). */
static ynode *from_config(const loader *L, const lfile *f, const kr_node *k, const char *name,
                          unsigned depth)
{
    ynode *n = kr_arena_alloc(f->arena, sizeof *n);
    n->span = k->span;
    n->file = L->opts->params_file ? L->opts->params_file : KR_CONFIG_NAME;
    n->param = name;
    n->weight = 1;
    n->kind = Y_SCALAR;
    n->text = "";
    n->plain = true; /* an empty plain scalar: null */
    if (depth > KR_MAX_DEPTH) return n;
    if (k->kind == KR_NODE_MAP) {
        n->kind = Y_MAP;
        n->kids = kr_arena_alloc(f->arena, (2 * k->npairs + 1) * sizeof(ynode *));
        for (size_t i = 0; i < k->npairs; i++) {
            n->kids[n->nkids++] = from_config(L, f, k->pairs[i].key, name, depth + 1);
            n->kids[n->nkids++] = from_config(L, f, k->pairs[i].value, name, depth + 1);
        }
    } else if (k->kind == KR_NODE_SEQ) {
        n->kind = Y_SEQ;
        n->kids = kr_arena_alloc(f->arena, (k->nitems + 1) * sizeof(ynode *));
        for (size_t i = 0; i < k->nitems; i++)
            n->kids[n->nkids++] = from_config(L, f, k->items[i], name, depth + 1);
    } else if (k->text) {
        n->text = k->text;
        n->len = k->text_len;
        n->plain = k->kind == KR_NODE_SCALAR && k->stype != KR_SCALAR_STRING;
    }
    n->cap = n->nkids;
    return n;
}

/* Checks a configured scalar v against the default's scalar proto: a string
 * default takes any scalar as text; a number or bool needs the same. */
static bool like_default(loader *L, const lfile *f, ynode *v, const ynode *proto)
{
    if (v->kind != Y_SCALAR) {
        err_node(L, f, v, "the value must be a single value, not %s", kind_name(v));
        return false;
    }
    if (scalar_type(v) == S_NULL) {
        err_node(L, f, v, "the value is empty");
        return false;
    }
    if (!proto || proto->kind != Y_SCALAR) return true;
    stype want = scalar_type(proto), got = scalar_type(v);
    if (want == S_STR || want == S_NULL) {
        v->plain = false; /* text, whatever it looks like */
        return true;
    }
    bool num = want == S_INT || want == S_FLOAT;
    if (got == want || (num && (got == S_INT || got == S_FLOAT))) return true;
    err_node(L, f, v, "'%s' is not a %s like the rule's default '%s'", v->text,
             num ? "number" : "bool", proto->text);
    return false;
}

/* The value of parameter `name` for the current rule (see above); dflt is
 * the inline default or NULL. NULL after reporting an error (at `at` when the
 * parameter is unset and has no default). */
static const ynode *param_value(loader *L, const lfile *f, const char *name, const ynode *dflt,
                                const kr_span *at)
{
    if (!dflt && L->rule_params) dflt = map_get(L->rule_params, name);
    /* NAME.key reads one key of a map-valued parameter (a binding such as
     * purge_delay: {files, path, unit}); an absent key counts as unset. */
    const char *dot = strchr(name, '.');
    const kr_rule_param *p = find_param(L, name, dot ? (size_t)(dot - name) : strlen(name));
    const kr_node *pv = p ? p->value : NULL;
    if (pv && dot) {
        if (pv->kind != KR_NODE_MAP) {
            ynode *whole = from_config(L, f, pv, kr_arena_strdup(f->arena, name), 0);
            err_node(L, f, whole, "the value must be a map: the rule reads its key '%s'", dot + 1);
            return NULL;
        }
        pv = kr_node_get(pv, dot + 1);
    }
    if (!pv) {
        if (!dflt)
            err_at(L, f, at, "parameter '%s' is not set in %s and has no default (give one in "
                   "the rule's 'params:')", name, KR_CONFIG_NAME);
        return dflt;
    }
    ynode *v = from_config(L, f, pv, kr_arena_strdup(f->arena, name), 0);
    if (!dflt) return v;
    if (dflt->kind == Y_SEQ) {
        if (v->kind != Y_SEQ || v->nkids == 0) {
            err_node(L, f, v, "the value must be a non-empty list like the rule's default, not %s",
                     v->kind == Y_SEQ ? "an empty list" : kind_name(v));
            return NULL;
        }
        bool ok = true;
        for (size_t i = 0; i < v->nkids; i++)
            if (!like_default(L, f, v->kids[i], dflt->nkids ? dflt->kids[0] : NULL)) ok = false;
        return ok ? v : NULL;
    }
    if (v->kind == Y_SEQ && dflt->kind == Y_SCALAR) {
        err_node(L, f, v, "the value must be a single value like the rule's default '%s', not a "
                 "list", dflt->text);
        return NULL;
    }
    return like_default(L, f, v, dflt) ? v : NULL;
}

/* v itself, or, when v is {param: NAME, default: X}, the parameter's value.
 * Sets *bad (and returns NULL) after an error. */
static const ynode *resolve(loader *L, const lfile *f, const ynode *v, bool *bad)
{
    *bad = false;
    if (!v || v->kind != Y_MAP || !map_get(v, "param")) return v;
    static const char *const K[] = {"param", "default", NULL};
    const ynode *name = NULL;
    const ynode *r = NULL;
    if (check_keys(L, f, v, K, "{param: NAME, default: VALUE}") &&
        (name = want_string(L, f, map_get(v, "param"), "param")) != NULL)
        r = param_value(L, f, name->text, map_get(v, "default"), &v->span);
    if (!r) *bad = true;
    return r;
}

static bool ident_char(char c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* Appends scalar v as one path key: bare when it is plain [A-Za-z0-9_-],
 * else quoted with \ ' " escaped. */
static void put_path_key(kr_buf *b, const ynode *v)
{
    bool bare = v->len > 0;
    for (size_t i = 0; i < v->len && bare; i++)
        bare = ident_char(v->text[i], false) || v->text[i] == '-';
    if (bare) {
        kr_buf_put(b, v->text, v->len);
        return;
    }
    kr_buf_putc(b, '\'');
    for (size_t i = 0; i < v->len; i++) {
        char c = v->text[i];
        if (c == '\\' || c == '\'' || c == '"') kr_buf_putc(b, '\\');
        kr_buf_putc(b, c);
    }
    kr_buf_putc(b, '\'');
}

/* Scalar s's text with every {param:NAME} (spaces allowed around NAME)
 * replaced by the parameter's value: as one key when in_path, else as text
 * (a list joined with ", "). s->text itself when there is none; NULL after
 * an error. The result lives in the file arena. */
static const char *expand(loader *L, const lfile *f, const ynode *s, bool in_path)
{
    static const char OPEN[] = "{param:";
    const size_t olen = sizeof OPEN - 1;
    if (s->kind != Y_SCALAR || !strstr(s->text, OPEN)) return s->text;
    const char *t = s->text;
    kr_buf b;
    kr_buf_init(&b, s->len + 16);
    bool ok = true;
    size_t i = 0;
    while (i < s->len) {
        const char *open = strstr(t + i, OPEN);
        if (!open) {
            kr_buf_put(&b, t + i, s->len - i);
            break;
        }
        size_t o = (size_t)(open - t);
        kr_buf_put(&b, t + i, o - i);
        size_t j = o + olen;
        while (j < s->len && t[j] == ' ') j++;
        size_t ns = j;
        while (j < s->len && (ident_char(t[j], j == ns) ||
                              (t[j] == '.' && j > ns && t[j - 1] != '.')))
            j++; /* NAME or NAME.key */
        size_t ne = j;
        while (j < s->len && t[j] == ' ') j++;
        kr_span sp = text_pos(s, o);
        if (ne == ns || t[ne - 1] == '.' || j >= s->len || t[j] != '}' ||
            ne - ns >= PARAM_NAME_MAX) {
            err_at(L, f, &sp, "bad parameter placeholder; write {param:NAME}");
            ok = false;
            i = o + olen;
            continue;
        }
        char name[PARAM_NAME_MAX];
        memcpy(name, t + ns, ne - ns);
        name[ne - ns] = '\0';
        i = j + 1;
        const ynode *v = param_value(L, f, name, NULL, &sp);
        if (!v) {
            ok = false;
        } else if (in_path) {
            if (v->kind != Y_SCALAR || scalar_type(v) == S_NULL || v->len == 0) {
                err_node(L, f, v, "the value names a key in path '%s': it must be a non-empty "
                         "string, not %s", s->text, v->kind == Y_SCALAR ? "empty" : kind_name(v));
                ok = false;
            } else {
                put_path_key(&b, v);
            }
        } else if (v->kind == Y_SCALAR) {
            kr_buf_put(&b, v->text, v->len);
        } else if (v->kind == Y_SEQ) {
            for (size_t k = 0; k < v->nkids; k++) {
                if (k) kr_buf_puts(&b, ", ");
                kr_buf_put(&b, v->kids[k]->text ? v->kids[k]->text : "",
                           v->kids[k]->text ? v->kids[k]->len : 0);
            }
        } else {
            err_node(L, f, v, "the value is shown in a message: it must be a value or a list, "
                     "not %s", kind_name(v));
            ok = false;
        }
    }
    const char *out = ok ? kr_arena_strndup(f->arena, kr_buf_cstr(&b), b.len) : NULL;
    kr_buf_dispose(&b);
    return out;
}

/* A rule's `params: {NAME: DEFAULT}`: names, and defaults that are a value or
 * a non-empty list of values. */
static void compile_rule_params(loader *L, const lfile *f, const ynode *rp)
{
    if (rp->kind != Y_MAP) {
        err_node(L, f, rp, "'params' must be a map of parameter names to their defaults, not %s",
                 kind_name(rp));
        return;
    }
    for (size_t i = 0; i + 1 < rp->nkids; i += 2) {
        const ynode *k = rp->kids[i], *v = rp->kids[i + 1];
        bool name_ok = k->kind == Y_SCALAR && k->len > 0 && k->len < PARAM_NAME_MAX;
        for (size_t j = 0; name_ok && j < k->len; j++) name_ok = ident_char(k->text[j], j == 0);
        if (!name_ok) {
            err_node(L, f, k, "a parameter name is made of letters, digits and '_'");
            continue;
        }
        for (size_t j = 0; j < i; j += 2)
            if (strcmp(rp->kids[j]->text, k->text) == 0) {
                err_node(L, f, k, "duplicate parameter '%s'", k->text);
                break;
            }
        bool val_ok = (v->kind == Y_SCALAR && scalar_type(v) != S_NULL) ||
                      (v->kind == Y_SEQ && v->nkids > 0);
        for (size_t j = 0; val_ok && v->kind == Y_SEQ && j < v->nkids; j++)
            val_ok = v->kids[j]->kind == Y_SCALAR && scalar_type(v->kids[j]) != S_NULL;
        if (!val_ok)
            err_node(L, f, v, "the default of parameter '%s' must be a value or a non-empty list "
                     "of values", k->text);
    }
}

static kr_cond *compile_cond(loader *L, const lfile *f, const ynode *n, unsigned depth);

static kr_cond *compile_combo(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    kr_cond *c = kr_arena_alloc(L->rs->arena, sizeof(*c));
    c->src = n->span;
    const char *which = NULL;
    const ynode *arg = NULL;
    bool ok = true;
    size_t wi = 0;
    for (size_t i = 0; i + 1 < n->nkids && !which; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind == Y_SCALAR && in_list(k->text, COMBO_KEYS)) {
            which = k->text;
            arg = n->kids[i + 1];
            wi = i;
        }
    }
    if (!which || !arg) return NULL;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind != Y_SCALAR || i == wi) continue;
        if (in_list(k->text, LEAF_KEYS)) {
            err_node(L, f, k, "'%s' cannot be combined with '%s' in one condition%s", k->text,
                     which, in_list(k->text, COMBO_KEYS) ? " (nest them)" : "");
            ok = false;
        }
    }
    if (strcmp(which, "not") == 0) {
        c->kind = KR_COND_NOT;
        if (arg->kind != Y_MAP) {
            err_node(L, f, arg, "'not' takes one condition (a map), not %s", kind_name(arg));
            return NULL;
        }
        kr_cond *child = compile_cond(L, f, arg, depth + 1);
        if (!child || !ok) return NULL;
        c->children = kr_arena_alloc(L->rs->arena, sizeof(kr_cond *));
        c->children[0] = child;
        c->nchildren = 1;
        return c;
    }
    c->kind = strcmp(which, "all") == 0 ? KR_COND_ALL : KR_COND_ANY;
    if (arg->kind != Y_SEQ || arg->nkids == 0) {
        err_node(L, f, arg, "'%s' takes a non-empty list of conditions", which);
        return NULL;
    }
    c->children = kr_arena_alloc(L->rs->arena, arg->nkids * sizeof(kr_cond *));
    for (size_t i = 0; i < arg->nkids; i++) {
        kr_cond *child = compile_cond(L, f, arg->kids[i], depth + 1);
        if (!child) ok = false;
        c->children[i] = child;
    }
    c->nchildren = arg->nkids;
    return ok ? c : NULL;
}

static bool op_needs_order(kr_op op)
{
    return op == KR_OP_LT || op == KR_OP_LE || op == KR_OP_GT || op == KR_OP_GE;
}

static kr_cond *compile_leaf(loader *L, const lfile *f, const ynode *n)
{
    kr_arena *A = L->rs->arena;
    kr_cond *c = kr_arena_alloc(A, sizeof(*c));
    c->kind = KR_COND_LEAF;
    c->src = n->span;
    bool ok = true;

    /* path: {param: NAME} is a whole path (a binding's), a {param:NAME}
     * placeholder inside the text one key */
    bool pbad = false;
    const ynode *p = map_get(n, "path");
    if (p) p = resolve(L, f, p, &pbad);
    if (pbad) {
        ok = false;
    } else if (!p) {
        err_node(L, f, n, "condition has no 'path'");
        ok = false;
    } else if (want_string(L, f, p, "path")) {
        size_t ecol = 0;
        const char *emsg = NULL;
        const char *ptext = p->file ? p->text : expand(L, f, p, true); /* placeholders */
        if (!ptext) {
            ok = false;
        } else if (!(c->path = kr_path_compile(ptext, &ecol, &emsg))) {
            if (p->file) {
                err_node(L, f, p, "bad path '%s': %s", ptext, emsg ? emsg : "invalid");
            } else {
                kr_span s = ptext == p->text ? text_pos(p, ecol) : p->span;
                err_at(L, f, &s, "bad path '%s': %s", ptext, emsg ? emsg : "invalid");
            }
            ok = false;
        } else {
            kr_array_push(&L->rs->paths, c->path);
            c->path_text = kr_arena_strdup(A, ptext);
        }
    } else {
        ok = false;
    }

    /* op */
    const ynode *o = map_get(n, "op");
    bool have_op = false;
    if (!o) {
        err_node(L, f, n, "condition has no 'op'");
        ok = false;
    } else if (want_string(L, f, o, "op")) {
        for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
            if (strcmp(o->text, OPS[i].name) == 0) {
                c->op = OPS[i].op;
                have_op = true;
            }
        if (!have_op) {
            char h[96];
            hint(h, sizeof h, o->text, OP_NAMES);
            err_node(L, f, o, "unknown op '%s'%s", o->text, h);
            ok = false;
        }
    } else {
        ok = false;
    }

    /* type, unit */
    const ynode *t = map_get(n, "type");
    kr_vtype vt = KR_VT_AUTO;
    if (t && want_string(L, f, t, "type")) {
        static const kr_vtype TV[] = {KR_VT_NUMBER, KR_VT_DURATION, KR_VT_TLS, KR_VT_STRING,
                                      KR_VT_BOOL};
        bool found = false;
        for (size_t i = 0; TYPE_NAMES[i]; i++)
            if (strcmp(t->text, TYPE_NAMES[i]) == 0) {
                vt = TV[i];
                found = true;
            }
        if (!found) {
            char h[96];
            hint(h, sizeof h, t->text, TYPE_NAMES);
            err_node(L, f, t, "unknown type '%s'%s; use number, duration, tls, string or bool",
                     t->text, h);
            ok = false;
        }
    } else if (t) {
        ok = false;
    }
    bool ubad = false;
    const ynode *u = resolve(L, f, map_get(n, "unit"), &ubad); /* {param: NAME, default: X} */
    c->unit = KR_UNIT_DAYS;
    if (ubad) {
        ok = false;
    } else if (u && want_string(L, f, u, "unit")) {
        if (kr_unit_parse(&c->unit, u->text) != 0) {
            err_node(L, f, u, "unknown unit '%s'; use seconds, minutes, hours, days, weeks, "
                     "months or years", u->text);
            ok = false;
        } else if (t && vt != KR_VT_DURATION && vt != KR_VT_AUTO) {
            err_node(L, f, u, "'unit' is only for type: duration");
            ok = false;
        } else if (!t) {
            vt = KR_VT_DURATION; /* a unit says the values are durations */
        }
    } else if (u) {
        ok = false;
    }

    /* quantifier, if_absent */
    const ynode *q = map_get(n, "quantifier");
    if (q && want_string(L, f, q, "quantifier")) {
        if (strcmp(q->text, "any") == 0)
            c->quant_any = true;
        else if (strcmp(q->text, "all") != 0) {
            err_node(L, f, q, "quantifier must be all or any, not '%s'", q->text);
            ok = false;
        }
    } else if (q) {
        ok = false;
    }
    const ynode *ia = map_get(n, "if_absent");
    c->if_absent = KR_ABSENT_FAIL;
    if (ia && want_string(L, f, ia, "if_absent")) {
        if (strcmp(ia->text, "pass") == 0)
            c->if_absent = KR_ABSENT_PASS;
        else if (strcmp(ia->text, "unknown") == 0)
            c->if_absent = KR_ABSENT_UNKNOWN;
        else if (strcmp(ia->text, "fail") != 0) {
            err_node(L, f, ia, "if_absent must be fail, pass or unknown, not '%s'", ia->text);
            ok = false;
        }
    } else if (ia) {
        ok = false;
    }

    /* value ({param: ...} resolved first) */
    bool vbad = false;
    const ynode *v = resolve(L, f, map_get(n, "value"), &vbad);
    if (v && v->kind == Y_SCALAR && scalar_type(v) == S_NULL) v = NULL;
    if (vbad) ok = false;
    if (!have_op || vbad) {
        /* without a known op or a value the value cannot be checked further */
    } else if (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT) {
        if (v) {
            err_node(L, f, v, "op '%s' takes no value", op_name(c->op));
            ok = false;
        }
    } else if (!v) {
        err_node(L, f, o, "op '%s' needs a value", op_name(c->op));
        ok = false;
    } else if (c->op == KR_OP_IN || c->op == KR_OP_NOT_IN) {
        if (v->kind != Y_SEQ || v->nkids == 0) {
            err_node(L, f, v, "op '%s' needs a non-empty list of values", op_name(c->op));
            ok = false;
        } else {
            c->values = kr_arena_alloc(A, v->nkids * sizeof(kr_value));
            c->nvalues = v->nkids;
            kr_buf b;
            kr_buf_init(&b, 0);
            for (size_t i = 0; i < v->nkids; i++) {
                const ynode *it = v->kids[i];
                kr_vtype ivt = vt != KR_VT_AUTO ? vt : (it->kind == Y_SCALAR ? auto_type(it)
                                                                            : KR_VT_STRING);
                if (!read_value(L, f, it, ivt, c->unit, "value", &c->values[i]))
                    ok = false;
                else {
                    if (i) kr_buf_puts(&b, ", ");
                    kr_buf_put(&b, it->text, it->len);
                }
            }
            if (vt == KR_VT_AUTO && v->kids[0]->kind == Y_SCALAR) vt = auto_type(v->kids[0]);
            c->expected_text = kr_arena_strdup(A, kr_buf_cstr(&b));
            kr_buf_dispose(&b);
        }
    } else if (c->op == KR_OP_MATCHES || c->op == KR_OP_NOT_MATCHES) {
        if (vt != KR_VT_AUTO && vt != KR_VT_STRING) {
            err_node(L, f, t, "op '%s' compares text; type must be string", op_name(c->op));
            ok = false;
        }
        vt = KR_VT_STRING;
        c->values = kr_arena_alloc(A, sizeof(kr_value));
        c->nvalues = 1;
        if (read_value(L, f, v, KR_VT_STRING, c->unit, "value", &c->values[0])) {
            c->expected_text = keep(L, v->text, v->len);
            kr_regex_error e;
            if (kr_regex_compile(&c->re, v->text, v->len, 0, &e) != 0) {
                if (v->file) {
                    err_node(L, f, v, "bad regular expression '%s': %s (at byte %zu)", v->text,
                             e.message, e.offset);
                } else {
                    /* at the offending character, through quotes and escapes */
                    kr_ts_origin org = {f->path, f->data, f->len, v->span};
                    kr_loc l = kr_ts_origin_locate(&org, e.offset);
                    kr_span at = {l, l};
                    err_at(L, f, &at, "bad regular expression '%s': %s", v->text, e.message);
                }
                ok = false;
            } else {
                kr_array_push(&L->rs->regexes, c->re);
            }
        } else {
            ok = false;
        }
    } else {
        if (vt == KR_VT_AUTO && v->kind == Y_SCALAR) vt = auto_type(v);
        c->values = kr_arena_alloc(A, sizeof(kr_value));
        c->nvalues = 1;
        if (v->kind == Y_SEQ) {
            err_node(L, f, v, "op '%s' needs a single value, not a list (use in / not_in)",
                     op_name(c->op));
            ok = false;
        } else if (!read_value(L, f, v, vt, c->unit, "value", &c->values[0])) {
            ok = false;
        } else if (op_needs_order(c->op) && (vt == KR_VT_STRING || vt == KR_VT_BOOL)) {
            err_node(L, f, v, "op '%s' compares numbers, durations or TLS versions, but '%s' is "
                     "a %s (add type: duration, tls or number)", op_name(c->op), v->text,
                     vtype_name(vt));
            ok = false;
        } else {
            c->expected_text = keep(L, v->text, v->len);
        }
    }
    c->vtype = vt;

    /* default */
    bool dbad = false;
    const ynode *d = resolve(L, f, map_get(n, "default"), &dbad);
    if (dbad) {
        ok = false;
    } else if (d) {
        if (ia) {
            err_node(L, f, map_key(n, "default"), "give 'default' or 'if_absent', not both");
            ok = false;
        } else if (have_op && (c->op == KR_OP_EXISTS || c->op == KR_OP_ABSENT)) {
            err_node(L, f, map_key(n, "default"), "op '%s' takes no default", op_name(c->op));
            ok = false;
        } else {
            kr_vtype dt = vt;
            if (dt == KR_VT_AUTO && d->kind == Y_SCALAR) dt = auto_type(d);
            if (read_value(L, f, d, dt, c->unit, "default", &c->default_value)) {
                c->if_absent = KR_ABSENT_DEFAULT;
                c->default_text = keep(L, d->text, d->len);
            } else {
                ok = false;
            }
        }
    }
    return ok ? c : NULL;
}

/* `related: {resource: T, via: P | from: P, check: C}` or
 * `related: {provider: NAME, check: C}` (rules/README.md, "Relations between
 * resources"). Which targets may hold it is checked per target
 * (check_related_targets). */
static kr_cond *compile_related(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    kr_arena *A = L->rs->arena;
    bool ok = true;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind == Y_SCALAR && strcmp(k->text, "related") != 0 && in_list(k->text, LEAF_KEYS)) {
            err_node(L, f, k, "'%s' cannot be combined with 'related' in one condition (put the "
                     "related block's condition under related.check)", k->text);
            ok = false;
        }
    }
    const ynode *r = map_get(n, "related");
    if (r->kind != Y_MAP) {
        err_node(L, f, r, "'related' must be a map {resource: TYPE, via: PATH} or {provider: "
                 "NAME}, not %s", kind_name(r));
        return NULL;
    }
    static const char *const K[] = {"resource", "provider", "via", "from", "check", "if_absent",
                                    NULL};
    if (!check_keys(L, f, r, K, "related")) ok = false;
    kr_cond *c = kr_arena_alloc(A, sizeof(*c));
    c->kind = KR_COND_RELATED;
    c->src = n->span;
    kr_related *rel = kr_arena_alloc(A, sizeof(*rel));
    c->related = rel;
    rel->if_absent = KR_ABSENT_UNKNOWN;
    const ynode *ia = map_get(r, "if_absent");
    if (ia && !map_get(r, "provider")) {
        err_node(L, f, map_key(r, "if_absent"), "related if_absent is for provider relations (a "
                 "folder without that provider block)");
        ok = false;
    } else if (ia && want_string(L, f, ia, "if_absent")) {
        if (strcmp(ia->text, "pass") == 0)
            rel->if_absent = KR_ABSENT_PASS;
        else if (strcmp(ia->text, "fail") == 0)
            rel->if_absent = KR_ABSENT_FAIL;
        else if (strcmp(ia->text, "unknown") != 0) {
            err_node(L, f, ia, "if_absent must be unknown, pass or fail, not '%s'", ia->text);
            ok = false;
        }
    } else if (ia) {
        ok = false;
    }
    const ynode *res = map_get(r, "resource"), *prov = map_get(r, "provider");
    const ynode *via = map_get(r, "via"), *from = map_get(r, "from");
    if (res && prov) {
        err_node(L, f, map_key(r, "provider"), "related takes resource or provider, not both");
        return NULL;
    }
    if (!res && !prov) {
        err_node(L, f, r, "related needs resource (a Terraform type or CloudFormation Type) or "
                 "provider");
        return NULL;
    }
    const ynode *name = res ? res : prov;
    if (!want_string(L, f, name, res ? "resource" : "provider")) return NULL;
    rel->type = keep(L, name->text, name->len);
    const ynode *p = NULL;
    if (prov) {
        rel->dir = KR_REL_PROVIDER;
        if (via || from) {
            err_node(L, f, map_key(r, via ? "via" : "from"), "related provider takes no '%s': "
                     "the provider is the one the resource uses", via ? "via" : "from");
            ok = false;
        }
    } else if (via && from) {
        err_node(L, f, map_key(r, "from"), "related takes via or from, not both");
        ok = false;
    } else if (!via && !from) {
        err_node(L, f, r, "related resource needs via (the path in the %s that refers to this "
                 "resource) or from (the path in this resource that refers to it)", rel->type);
        ok = false;
    } else {
        rel->dir = via ? KR_REL_VIA : KR_REL_FROM;
        p = via ? via : from;
    }
    if (p && want_string(L, f, p, via ? "via" : "from")) {
        size_t ecol = 0;
        const char *emsg = NULL;
        rel->path = kr_path_compile(p->text, &ecol, &emsg);
        if (!rel->path) {
            kr_span s = text_pos(p, ecol);
            err_at(L, f, &s, "bad path '%s': %s", p->text, emsg ? emsg : "invalid");
            ok = false;
        } else {
            kr_array_push(&L->rs->paths, rel->path);
            rel->path_text = keep(L, p->text, p->len);
        }
    } else if (p) {
        ok = false;
    }
    /* {path}: "T.via", "from", or "provider.NAME" */
    kr_buf b;
    kr_buf_init(&b, 0);
    if (rel->dir == KR_REL_VIA && rel->path_text)
        kr_buf_printf(&b, "%s.%s", rel->type, rel->path_text);
    else if (rel->dir == KR_REL_FROM && rel->path_text)
        kr_buf_puts(&b, rel->path_text);
    else
        kr_buf_printf(&b, "provider.%s", rel->type);
    c->path_text = kr_arena_strdup(A, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    const ynode *chk = map_get(r, "check");
    if (chk) {
        rel->check = compile_cond(L, f, chk, depth + 1);
        if (!rel->check) ok = false;
    }
    L->rs->has_relations = true;
    return ok ? c : NULL;
}

/* A `related:` needs a resource to start from: Terraform resource and data
 * targets (any relation), CloudFormation type targets (resource relations). */
static bool check_related_targets(loader *L, const lfile *f, const kr_cond *c, kr_target_kind k,
                                  unsigned depth)
{
    if (!c || depth > RULE_MAX_COND_DEPTH) return true;
    bool ok = true;
    if (c->kind == KR_COND_RELATED && c->related) {
        bool tf = k == KR_TGT_TF_RESOURCE || k == KR_TGT_TF_DATA;
        bool cfn = k == KR_TGT_CFN_RESOURCE;
        if (!tf && !(cfn && c->related->dir != KR_REL_PROVIDER)) {
            err_at(L, f, &c->src, "%s", c->related->dir == KR_REL_PROVIDER ?
                   "related provider needs a terraform resource or data target" :
                   "related needs a terraform resource or data target, or a cloudformation type "
                   "target");
            ok = false;
        }
        return ok; /* its check is on the related block, whatever the target */
    }
    for (size_t i = 0; i < c->nchildren; i++)
        if (!check_related_targets(L, f, c->children[i], k, depth + 1)) ok = false;
    return ok;
}

static kr_cond *compile_cond(loader *L, const lfile *f, const ynode *n, unsigned depth)
{
    if (depth > RULE_MAX_COND_DEPTH) {
        err_node(L, f, n, "conditions nested deeper than %u levels", RULE_MAX_COND_DEPTH);
        return NULL;
    }
    if (n->kind != Y_MAP) {
        err_node(L, f, n, "a condition must be a map, not %s", kind_name(n));
        return NULL;
    }
    bool keys_ok = check_keys(L, f, n, LEAF_KEYS, "condition");
    kr_cond *c;
    if (map_get(n, "related"))
        c = compile_related(L, f, n, depth);
    else if (map_get(n, "all") || map_get(n, "any") || map_get(n, "not"))
        c = compile_combo(L, f, n, depth);
    else
        c = compile_leaf(L, f, n);
    return keys_ok ? c : NULL;
}

/* ------------------------------------------------------------- targets --- */

static const char *const TARGET_KEYS[] = {"terraform", "cloudformation", "kubernetes",
                                          "serverless", "config", "source", "check", "path",
                                          "query", "capture", "compare", NULL};
static const char *const KIND_KEYS[] = {"terraform", "cloudformation", "kubernetes",
                                        "serverless", "config", "source", NULL};
/* Keys only a source target takes. */
static const char *const SOURCE_KEYS[] = {"query", "capture", "compare", NULL};

static bool compile_base_path(loader *L, const lfile *f, const ynode *p, kr_target *t)
{
    if (!want_string(L, f, p, "path")) return false;
    size_t ecol = 0;
    const char *emsg = NULL;
    t->base = kr_path_compile(p->text, &ecol, &emsg);
    if (!t->base) {
        kr_span s = text_pos(p, ecol);
        err_at(L, f, &s, "bad path '%s': %s", p->text, emsg ? emsg : "invalid");
        return false;
    }
    kr_array_push(&L->rs->paths, t->base);
    t->base_text = keep(L, p->text, p->len);
    return true;
}

/* The selector map of one target kind, e.g. terraform: {resource: aws_db_instance}. */
static bool compile_selector(loader *L, const lfile *f, const char *kind, const ynode *sel,
                             kr_target *t, const ynode **base_out)
{
    *base_out = NULL;
    bool is_null = sel->kind == Y_SCALAR && scalar_type(sel) == S_NULL;
    if (strcmp(kind, "serverless") == 0) {
        t->kind = KR_TGT_SERVERLESS;
        if (is_null) return true;
        if (sel->kind != Y_MAP) {
            err_node(L, f, sel, "serverless target takes {} (or {path: ...}), not %s",
                     kind_name(sel));
            return false;
        }
        static const char *const K[] = {"path", NULL};
        bool ok = check_keys(L, f, sel, K, "serverless target");
        *base_out = map_get(sel, "path");
        return ok;
    }
    if (sel->kind != Y_MAP) {
        err_node(L, f, sel, "%s target must be a map, not %s", kind,
                 is_null ? "empty" : kind_name(sel));
        return false;
    }
    *base_out = map_get(sel, "path");
    char what[64];
    snprintf(what, sizeof what, "%s target", kind);
    if (strcmp(kind, "terraform") == 0) {
        static const char *const K[] = {"resource", "data", "provider", "block", "path", NULL};
        static const kr_target_kind TK[] = {KR_TGT_TF_RESOURCE, KR_TGT_TF_DATA,
                                            KR_TGT_TF_PROVIDER, KR_TGT_TF_BLOCK};
        bool ok = check_keys(L, f, sel, K, what);
        const ynode *name = NULL;
        for (size_t i = 0; i < 4; i++) {
            const ynode *v = map_get(sel, K[i]);
            if (!v) continue;
            if (name) {
                err_node(L, f, map_key(sel, K[i]), "terraform target takes one of resource, "
                         "data, provider, block");
                return false;
            }
            name = v;
            t->kind = TK[i];
        }
        if (!name) {
            err_node(L, f, sel, "terraform target needs one of resource, data, provider, block");
            return false;
        }
        if (!want_string(L, f, name, "name")) return false;
        if (t->kind == KR_TGT_TF_BLOCK) {
            static const char *const B[] = {"variable", "module", "output", "terraform",
                                            "locals", NULL};
            if (!in_list(name->text, B)) {
                char h[96];
                hint(h, sizeof h, name->text, B);
                err_node(L, f, name, "unknown block '%s'%s; use variable, module, output, "
                         "terraform or locals", name->text, h);
                return false;
            }
        }
        t->name = keep(L, name->text, name->len);
        return ok;
    }
    if (strcmp(kind, "cloudformation") == 0) {
        static const char *const K[] = {"type", "template", "path", NULL};
        bool ok = check_keys(L, f, sel, K, what);
        const ynode *ty = map_get(sel, "type"), *tpl = map_get(sel, "template");
        if (ty && tpl) {
            err_node(L, f, map_key(sel, "template"), "cloudformation target takes type or "
                     "template, not both");
            return false;
        }
        if (tpl) {
            t->kind = KR_TGT_CFN_TEMPLATE;
            if (tpl->kind != Y_SCALAR || scalar_type(tpl) != S_BOOL || tpl->text[0] != 't') {
                err_node(L, f, tpl, "template must be true");
                return false;
            }
            return ok;
        }
        t->kind = KR_TGT_CFN_RESOURCE;
        if (!ty) {
            err_node(L, f, sel, "cloudformation target needs type (AWS::X::Y) or template: true");
            return false;
        }
        if (!want_string(L, f, ty, "type")) return false;
        t->name = keep(L, ty->text, ty->len);
        return ok;
    }
    if (strcmp(kind, "kubernetes") == 0) {
        static const char *const K[] = {"kind", "path", NULL};
        bool ok = check_keys(L, f, sel, K, what);
        t->kind = KR_TGT_K8S_KIND;
        const ynode *k = map_get(sel, "kind");
        if (!k) {
            err_node(L, f, sel, "kubernetes target needs kind");
            return false;
        }
        if (!want_string(L, f, k, "kind")) return false;
        t->name = keep(L, k->text, k->len);
        return ok;
    }
    if (strcmp(kind, "source") == 0) {
        static const char *const K[] = {"lang", NULL};
        bool ok = check_keys(L, f, sel, K, what);
        t->kind = KR_TGT_SOURCE;
        t->source = kr_arena_alloc(L->rs->arena, sizeof *t->source);
        const ynode *lang = map_get(sel, "lang");
        if (!lang) {
            err_node(L, f, sel, "source target needs lang (javascript, typescript, tsx, python, "
                     "go, or a list of them)");
            return false;
        }
        const ynode *const *items = &lang;
        size_t nitems = 1;
        if (lang->kind == Y_SEQ) {
            items = (const ynode *const *)lang->kids;
            nitems = lang->nkids;
            if (nitems == 0) {
                err_node(L, f, lang, "lang must name at least one language");
                return false;
            }
        }
        for (size_t i = 0; i < nitems; i++) {
            if (!want_string(L, f, items[i], "lang")) {
                ok = false;
                continue;
            }
            kr_ts_lang l;
            if (kr_ts_lang_parse(&l, items[i]->text) != 0) {
                static const char *const LN[] = {"javascript", "typescript", "tsx", "python", "go",
                                                 NULL};
                char h[96];
                hint(h, sizeof h, items[i]->text, LN);
                err_node(L, f, items[i], "unknown language '%s'%s; use javascript, typescript, "
                         "tsx, python or go", items[i]->text, h);
                ok = false;
                continue;
            }
            if (t->source->langs & (1u << l)) {
                err_node(L, f, items[i], "language '%s' is listed twice", items[i]->text);
                ok = false;
            }
            t->source->langs |= 1u << l;
        }
        return ok;
    }
    /* config */
    static const char *const K[] = {"files", "path", NULL};
    bool ok = check_keys(L, f, sel, K, what);
    t->kind = KR_TGT_CONFIG;
    const ynode *g = map_get(sel, "files");
    if (!g) {
        err_node(L, f, sel, "config target needs files (a glob)");
        return false;
    }
    bool gbad = false;
    g = resolve(L, f, g, &gbad); /* {param: NAME, default: X} */
    if (gbad || !want_string(L, f, g, "files")) return false;
    t->files = keep(L, g->text, g->len);
    return ok;
}

/* The body of a source target: query, capture, optional compare. The query is
 * compiled here for each of its languages to report every problem at its
 * place in the rule file; kr_ruleset_load compiles the merged queries later. */
static bool compile_source(loader *L, const lfile *f, const ynode *n, kr_target *t)
{
    bool ok = true;
    kr_source_spec *sp = t->source;
    if (!sp) { /* the selector was broken: still check the rest */
        sp = t->source = kr_arena_alloc(L->rs->arena, sizeof *sp);
        ok = false;
    }
    static const char *const NOT_HERE[] = {"check", "path", NULL};
    for (size_t i = 0; NOT_HERE[i]; i++)
        if (map_get(n, NOT_HERE[i])) {
            err_node(L, f, map_key(n, NOT_HERE[i]), "a source target has no '%s': write the "
                     "conditions as predicates in its query", NOT_HERE[i]);
            ok = false;
        }
    const ynode *q = map_get(n, "query");
    const ynode *cap = map_get(n, "capture");
    if (!q) {
        err_node(L, f, n, "source target needs a query (a tree-sitter S-expression)");
        ok = false;
    } else if (want_string(L, f, q, "query")) {
        sp->query = keep(L, q->text, q->len);
        sp->query_len = q->len;
        sp->query_src = q->span;
    } else {
        ok = false;
    }
    if (!cap) {
        err_node(L, f, n, "source target needs capture (the name of the capture to report)");
        ok = false;
    } else if (want_string(L, f, cap, "capture")) {
        sp->capture = keep(L, cap->text[0] == '@' ? cap->text + 1 : cap->text,
                           cap->len - (cap->text[0] == '@'));
    } else {
        ok = false;
    }
    const ynode *cmp = map_get(n, "compare");
    if (cmp) {
        size_t errs = L->nerrors;
        static const char *const K[] = {"capture", "op", "value", "type", "unit", NULL};
        if (cmp->kind != Y_MAP) {
            err_node(L, f, cmp, "compare must be a map {capture, op, value, type}, not %s",
                     kind_name(cmp));
            return false;
        }
        if (!check_keys(L, f, cmp, K, "compare")) ok = false;
        const ynode *cc = map_get(cmp, "capture"), *co = map_get(cmp, "op"),
                    *cv = map_get(cmp, "value"), *ct = map_get(cmp, "type"),
                    *cu = map_get(cmp, "unit");
        for (size_t i = 0; i < 3; i++)
            if (!map_get(cmp, K[i])) {
                err_node(L, f, cmp, "compare has no '%s'", K[i]);
                ok = false;
            }
        if (cc && want_string(L, f, cc, "compare.capture"))
            sp->cmp_capture = keep(L, cc->text[0] == '@' ? cc->text + 1 : cc->text,
                                   cc->len - (cc->text[0] == '@'));
        else if (cc)
            ok = false;
        if (co && want_string(L, f, co, "op")) {
            static const char *const CMP_OPS[] = {"==", "!=", "<", "<=", ">", ">=", NULL};
            bool found = false;
            for (size_t i = 0; CMP_OPS[i]; i++)
                if (strcmp(co->text, CMP_OPS[i]) == 0) {
                    sp->cmp_op = (kr_op)i; /* KR_OP_EQ .. KR_OP_GE are in this order */
                    found = true;
                }
            if (!found) {
                err_node(L, f, co, "compare op '%s' must be ==, !=, <, <=, > or >=", co->text);
                ok = false;
            }
        } else if (co) {
            ok = false;
        }
        sp->cmp_type = KR_VT_STRING;
        if (ct && want_string(L, f, ct, "type")) {
            static const kr_vtype TV[] = {KR_VT_NUMBER, KR_VT_DURATION, KR_VT_TLS, KR_VT_STRING,
                                          KR_VT_BOOL};
            bool found = false;
            for (size_t i = 0; TYPE_NAMES[i]; i++)
                if (strcmp(ct->text, TYPE_NAMES[i]) == 0) {
                    sp->cmp_type = TV[i];
                    found = true;
                }
            if (!found) {
                char h[96];
                hint(h, sizeof h, ct->text, TYPE_NAMES);
                err_node(L, f, ct, "unknown type '%s'%s; use number, duration, tls, string or "
                         "bool", ct->text, h);
                ok = false;
            }
        } else if (ct) {
            ok = false;
        }
        sp->cmp_unit = KR_UNIT_DAYS;
        if (cu && want_string(L, f, cu, "unit")) {
            if (kr_unit_parse(&sp->cmp_unit, cu->text) != 0) {
                err_node(L, f, cu, "unknown unit '%s'; use seconds, minutes, hours, days, weeks, "
                         "months or years", cu->text);
                ok = false;
            }
        } else if (cu) {
            ok = false;
        }
        if (cv && cv->kind == Y_SCALAR) {
            sp->cmp_value = keep(L, cv->text, cv->len);
            kr_value tmp;
            if (kr_value_from_text(&tmp, cv->text, cv->len, sp->cmp_type, sp->cmp_unit) != 0) {
                err_node(L, f, cv, "compare value '%s' is not a %s", cv->text,
                         vtype_name(sp->cmp_type));
                ok = false;
            }
        } else if (cv) {
            err_node(L, f, cv, "compare value must be a single value, not %s", kind_name(cv));
            ok = false;
        }
        (void)errs;
    }
    if (!sp->query || !sp->capture) return false;
    /* The queries are compiled once per language, all rules merged, after
     * every file is loaded (build_source_queries): compiling each rule's query
     * here too would double the cost of the slowest step of loading
     * (tree-sitter's query analysis). Keep the file's bytes so that errors can
     * still be mapped to rulefile:line:col then. */
    sp->file_data = kr_arena_strndup(L->rs->arena, f->data, f->len);
    sp->file_len = f->len;
    return ok;
}

/* An optional binding (rules/README.md, "Binding a value rule to your
 * repository"): a config target whose files is {param: NAME, default: null}
 * is left out while the parameter is unset. Nothing else in the target is
 * read (its paths may name the same parameter). */
static bool optional_target_off(const loader *L, const ynode *n)
{
    const ynode *sel = n->kind == Y_MAP ? map_get(n, "config") : NULL;
    const ynode *g = sel && sel->kind == Y_MAP ? map_get(sel, "files") : NULL;
    const ynode *name = g && g->kind == Y_MAP ? map_get(g, "param") : NULL;
    const ynode *d = g && g->kind == Y_MAP ? map_get(g, "default") : NULL;
    if (!name || name->kind != Y_SCALAR || !d || d->kind != Y_SCALAR || scalar_type(d) != S_NULL)
        return false;
    const char *dot = strchr(name->text, '.');
    const kr_rule_param *p =
        find_param(L, name->text, dot ? (size_t)(dot - name->text) : name->len);
    const kr_node *pv = p ? p->value : NULL;
    if (pv && dot) pv = pv->kind == KR_NODE_MAP ? kr_node_get(pv, dot + 1) : pv;
    return pv == NULL;
}

static bool compile_target(loader *L, const lfile *f, const ynode *n, kr_target *t,
                           kr_cond *rule_check, bool rule_check_given)
{
    t->src = n->span;
    if (n->kind != Y_MAP) {
        err_node(L, f, n, "a target must be a map, not %s", kind_name(n));
        return false;
    }
    bool ok = true;
    const ynode *kindkey = NULL;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i];
        if (k->kind != Y_SCALAR) {
            err_node(L, f, k, "a key in a target must be a name, not %s", kind_name(k));
            ok = false;
        } else if (in_list(k->text, KIND_KEYS)) {
            if (kindkey) {
                err_node(L, f, k, "a target has one kind; '%s' is already given (make two "
                         "targets)", kindkey->text);
                ok = false;
            } else {
                kindkey = k;
            }
        } else if (!in_list(k->text, TARGET_KEYS)) {
            char h[96];
            hint(h, sizeof h, k->text, TARGET_KEYS);
            err_node(L, f, k, "unknown target kind '%s'%s", k->text, h);
            ok = false;
        } else {
            for (size_t j = 0; j < i; j += 2)
                if (n->kids[j]->kind == Y_SCALAR && strcmp(n->kids[j]->text, k->text) == 0) {
                    err_node(L, f, k, "duplicate key '%s' in target", k->text);
                    ok = false;
                }
        }
    }
    const ynode *base_in_sel = NULL;
    if (!kindkey) {
        if (ok) err_node(L, f, n, "target needs a kind: terraform, cloudformation, kubernetes, "
                         "serverless, config or source");
        ok = false;
    } else {
        const ynode *sel = map_get(n, kindkey->text);
        if (!compile_selector(L, f, kindkey->text, sel, t, &base_in_sel)) ok = false;
    }
    if (kindkey && strcmp(kindkey->text, "source") == 0) {
        t->kind = KR_TGT_SOURCE;
        return compile_source(L, f, n, t) && ok;
    }
    for (size_t i = 0; SOURCE_KEYS[i]; i++) {
        if (map_get(n, SOURCE_KEYS[i])) {
            err_node(L, f, map_key(n, SOURCE_KEYS[i]), "'%s' is only for source targets",
                     SOURCE_KEYS[i]);
            ok = false;
        }
    }
    const ynode *base = map_get(n, "path");
    if (base && base_in_sel) {
        err_node(L, f, map_key(n, "path"), "path is given twice (in the target and in its "
                 "selector)");
        ok = false;
    } else if (base || base_in_sel) {
        if (!compile_base_path(L, f, base ? base : base_in_sel, t)) ok = false;
    }
    const ynode *chk = map_get(n, "check");
    if (chk) {
        t->cond = compile_cond(L, f, chk, 0);
        if (!t->cond) ok = false;
    } else if (rule_check_given) {
        t->cond = rule_check; /* shared; nodes live in the ruleset arena */
        if (!t->cond) ok = false;        /* already reported */
    } else {
        err_node(L, f, n, "target has no check, and the rule has no top-level check");
        ok = false;
    }
    if (t->cond && !check_related_targets(L, f, t->cond, t->kind, 0)) ok = false;
    return ok;
}

/* --------------------------------------------------------------- rules --- */

static const char *const RULE_KEYS[] = {"id", "control", "severity", "title", "message",
                                        "remediation", "references", "targets", "check",
                                        "params", NULL};
static const char *const PLACEHOLDERS[] = {"actual", "expected", "path", "resource", "expr",
                                           NULL};

static bool compile_text(loader *L, const lfile *f, const ynode *rule, const char *key,
                         bool required, kr_text *out)
{
    const ynode *v = map_get(rule, key);
    if (!v) {
        if (!required) return true;
        err_node(L, f, rule, "rule has no '%s' (with en and ja)", key);
        return false;
    }
    if (v->kind != Y_MAP) {
        err_node(L, f, v, "'%s' must be a map with en and ja, not %s", key, kind_name(v));
        return false;
    }
    static const char *const K[] = {"en", "ja", NULL};
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    bool ok = check_keys(L, f, v, K, what);
    for (size_t i = 0; i < 2; i++) {
        const ynode *s = map_get(v, K[i]);
        char name[64];
        snprintf(name, sizeof name, "%s.%s", key, K[i]);
        if (!s) {
            err_node(L, f, v, "'%s' has no '%s'", key, K[i]);
            ok = false;
            continue;
        }
        if (!want_string(L, f, s, name)) {
            ok = false;
            continue;
        }
        const char *et = expand(L, f, s, false); /* {param:NAME} placeholders */
        if (!et) {
            ok = false;
            continue;
        }
        char *text = kr_arena_strdup(L->rs->arena, et);
        if (i == 0)
            out->en = text;
        else
            out->ja = text;
    }
    return ok;
}

/* Reports {name} placeholders that are not one of PLACEHOLDERS. Braces that do
 * not enclose an identifier are literal text. */
static bool check_placeholders(loader *L, const lfile *f, const ynode *s)
{
    bool ok = true;
    for (size_t i = 0; i < s->len; i++) {
        if (s->text[i] != '{') continue;
        size_t j = i + 1;
        while (j < s->len && (s->text[j] == '_' || (s->text[j] >= 'a' && s->text[j] <= 'z') ||
                              (s->text[j] >= 'A' && s->text[j] <= 'Z') ||
                              (j > i + 1 && s->text[j] >= '0' && s->text[j] <= '9')))
            j++;
        if (j == i + 1 || j >= s->len || s->text[j] != '}') continue;
        char name[64];
        size_t nl = j - i - 1;
        if (nl >= sizeof name) nl = sizeof name - 1;
        memcpy(name, s->text + i + 1, nl);
        name[nl] = '\0';
        if (!in_list(name, PLACEHOLDERS)) {
            char h[96];
            const char *m = did_you_mean(name, PLACEHOLDERS);
            if (m)
                snprintf(h, sizeof h, " (did you mean '{%s}'?)", m);
            else
                snprintf(h, sizeof h, "; use {actual} {expected} {path} {resource} {expr}");
            kr_span sp = text_pos(s, i);
            err_at(L, f, &sp, "unknown placeholder '{%s}' in message%s", name, h);
            ok = false;
        }
        i = j;
    }
    return ok;
}

static bool id_syntax_ok(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

static void compile_rule(loader *L, const lfile *f, const ynode *m)
{
    kr_arena *A = L->rs->arena;
    size_t errors_before = L->nerrors;
    if (m->kind != Y_MAP) {
        err_node(L, f, m, "a rule must be a map, not %s", kind_name(m));
        return;
    }
    check_keys(L, f, m, RULE_KEYS, "rule");
    kr_rule *r = kr_arena_alloc(A, sizeof(*r));
    r->file = kr_arena_strdup(A, f->path);
    r->src = m->span;

    const ynode *id = map_get(m, "id");
    const ynode *idv = NULL;
    if (!id)
        err_node(L, f, m, "rule has no 'id'");
    else if ((idv = want_string(L, f, id, "id")) != NULL) {
        if (!id_syntax_ok(idv->text)) {
            err_node(L, f, idv, "id '%s' must be made of A-Z, 0-9 and '-'", idv->text);
            idv = NULL;
        } else {
            r->id = keep(L, idv->text, idv->len);
        }
    }

    L->rule_id = r->id;
    L->rule_params = map_get(m, "params");
    if (L->rule_params) compile_rule_params(L, f, L->rule_params);

    const ynode *ctl = map_get(m, "control");
    if (!ctl)
        err_node(L, f, m, "rule has no 'control'");
    else if (want_string(L, f, ctl, "control")) {
        if (!control_syntax_ok(ctl->text, ctl->len))
            err_node(L, f, ctl, "control '%s' must be a checksheet item like 6-8 or 2-1-1",
                     ctl->text);
        else if (L->has_catalog && !catalog_has(L, ctl->text))
            err_node(L, f, ctl, "control '%s' is not an item of the checksheet catalog",
                     ctl->text);
        else
            r->control = keep(L, ctl->text, ctl->len);
    }

    const ynode *sev = map_get(m, "severity");
    if (!sev)
        err_node(L, f, m, "rule has no 'severity'");
    else if (want_string(L, f, sev, "severity")) {
        if (kr_severity_parse(&r->severity, sev->text) != 0)
            err_node(L, f, sev, "severity '%s' must be error, warning or note", sev->text);
    }

    compile_text(L, f, m, "title", true, &r->title);
    if (compile_text(L, f, m, "message", true, &r->message)) {
        const ynode *msg = map_get(m, "message");
        check_placeholders(L, f, map_get(msg, "en"));
        check_placeholders(L, f, map_get(msg, "ja"));
    }
    compile_text(L, f, m, "remediation", false, &r->remediation);

    const ynode *refs = map_get(m, "references");
    if (refs) {
        if (refs->kind != Y_SEQ) {
            err_node(L, f, refs, "'references' must be a list of strings, not %s",
                     kind_name(refs));
        } else {
            r->references = kr_arena_alloc(A, (refs->nkids ? refs->nkids : 1) * sizeof(char *));
            for (size_t i = 0; i < refs->nkids; i++)
                if (want_string(L, f, refs->kids[i], "reference"))
                    r->references[r->nreferences++] = keep(L, refs->kids[i]->text,
                                                           refs->kids[i]->len);
        }
    }

    const ynode *chk = map_get(m, "check");
    kr_cond *rule_check = chk ? compile_cond(L, f, chk, 0) : NULL;

    const ynode *tg = map_get(m, "targets");
    if (!tg) {
        err_node(L, f, m, "rule has no 'targets'");
    } else if (tg->kind != Y_SEQ || tg->nkids == 0) {
        err_node(L, f, tg, "'targets' must be a non-empty list");
    } else {
        r->targets = kr_arena_alloc(A, tg->nkids * sizeof(kr_target));
        for (size_t i = 0; i < tg->nkids; i++)
            if (!optional_target_off(L, tg->kids[i]))
                compile_target(L, f, tg->kids[i], &r->targets[r->ntargets++], rule_check,
                               chk != NULL);
    }

    /* A rule with errors is left out of the ruleset, so its queries would not
     * reach the merged per-language build: compile them alone now, so that
     * their errors are reported with the rest. */
    if (L->nerrors != errors_before || f->tainted) {
        for (size_t i = 0; i < r->ntargets; i++) {
            const kr_source_spec *sp = r->targets[i].source;
            if (r->targets[i].kind != KR_TGT_SOURCE || !sp || !sp->query || !sp->capture) continue;
            kr_ts_compare c = {sp->cmp_capture, sp->cmp_op, sp->cmp_type, sp->cmp_unit, sp->cmp_value};
            kr_ts_part part = {sp->query, sp->query_len, sp->capture,
                               sp->cmp_capture && sp->cmp_value ? &c : NULL,
                               {f->path, f->data, f->len, sp->query_src}, NULL};
            for (int l = KR_TS_JAVASCRIPT; l < KR_TS_NLANGS; l++) {
                if (!(sp->langs & (1u << l))) continue;
                size_t before = L->diags->len;
                kr_ts_query *tq = NULL;
                if (kr_ts_query_build(&tq, (kr_ts_lang)l, &part, 1, L->diags) != 0)
                    L->nerrors += L->diags->len > before ? L->diags->len - before : 1;
                kr_ts_query_free(tq);
            }
        }
    }

    seen_id s;
    if (idv) {
        s.id = r->id;
        s.file = r->file;
        s.span = idv->span;
        s.order = L->ids.len;
        s.rule = L->nerrors == errors_before && !f->tainted ? r : NULL;
        kr_array_push(&L->ids, s);
    }
}

/* One YAML document of a rule file: a rule, or {rules: [...]}. */
static void compile_document(loader *L, lfile *f, const ynode *root)
{
    if (root->kind == Y_SCALAR && scalar_type(root) == S_NULL) return; /* empty document */
    if (root->kind != Y_MAP) {
        err_node(L, f, root, "a rule file holds a rule (a map with id) or rules: [...], not %s",
                 kind_name(root));
        return;
    }
    const ynode *list = map_get(root, "rules");
    if (list && !map_get(root, "id")) {
        static const char *const K[] = {"rules", NULL};
        check_keys(L, f, root, K, "rule file");
        if (list->kind != Y_SEQ) {
            err_node(L, f, list, "'rules' must be a list of rules, not %s", kind_name(list));
            return;
        }
        if (list->nkids > RULE_MAX_RULES - f->nrules) {
            err_node(L, f, list, "more than %u rules in one rule file (the cap per rule file); split them into several files",
                     RULE_MAX_RULES);
            return;
        }
        f->nrules += list->nkids;
        for (size_t i = 0; i < list->nkids; i++) compile_rule(L, f, list->kids[i]);
        return;
    }
    if (f->nrules >= RULE_MAX_RULES) {
        err_node(L, f, root, "more than %u rules in one rule file (the cap per rule file); split them into several files",
                 RULE_MAX_RULES);
        return;
    }
    f->nrules++;
    compile_rule(L, f, root);
}

static void load_file(loader *L, const char *path)
{
    lfile f;
    memset(&f, 0, sizeof f);
    f.path = path;
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc = kr_fs_read(&data, &len, path, &why);
    if (rc != 0) {
        kr_diags_add(L->diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the rule file: %s",
                     rc == KR_ELIMIT ? "file too large" : (why ? why : "read error"));
        L->nerrors++;
        return;
    }
    f.data = data;
    f.len = len;
    build_lines(&f);
    f.arena = kr_arena_new();
    yaml_parser_initialize(&f.parser);
    yaml_parser_set_input_string(&f.parser, (const unsigned char *)data, len);
    yaml_event_t ev;
    bool done = false, broken = false;
    size_t ndocs = 0;
    while (!done) {
        if (!yaml_parser_parse(&f.parser, &ev)) {
            yaml_problem(L, &f);
            broken = true;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_ALIAS_EVENT: {
            ynode *root = build(L, &f, &ev, 0);
            ndocs++;
            if (!root)
                done = true; /* the parser's state is unusable after an error */
            else
                compile_document(L, &f, root);
            f.tainted = false;
            f.anchors.len = 0; /* anchors do not cross documents */
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&f.parser);
    /* An empty rule file (or only comments) would load nothing without a
     * word: a rule pack whose files were truncated must not pass as clean. */
    if (!broken && ndocs == 0) {
        kr_diags_add(L->diags, KR_SEV_ERROR, path, NULL, CODE,
                     "the rule file holds no rule (it is empty or only comments)");
        L->nerrors++;
    }
    kr_array_dispose(&f.anchors);
    kr_arena_free(f.arena);
    free(f.lines);
    free(data);
}

/* -------------------------------------------------------------- walking --- */

typedef KR_ARRAY(char *) strlist;

static bool has_rule_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, dir);
    if (dl == 0 || dir[dl - 1] != '/') kr_buf_putc(&b, '/');
    kr_buf_puts(&b, name);
    return kr_buf_detach(&b);
}

static void walk(loader *L, const char *dir, unsigned depth, strlist *files, strlist *catalogs)
{
    if (depth > RULE_MAX_DIR_DEPTH) {
        kr_diags_add(L->diags, KR_SEV_ERROR, dir, NULL, "io-error",
                     "rule folders nested deeper than %u levels", RULE_MAX_DIR_DEPTH);
        L->nerrors++;
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        kr_diags_add(L->diags, KR_SEV_ERROR, dir, NULL, "io-error", "cannot open the rules folder");
        L->nerrors++;
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (name[0] == '.' || name[0] == '_') continue;
        char *full = join(dir, name);
        struct stat st;
        if (stat(full, &st) != 0) {
            free(full);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            /* rules/tests/ holds the rules' fixture files, not rules */
            if (strcmp(name, "tests") != 0) walk(L, full, depth + 1, files, catalogs);
            free(full);
        } else if (S_ISREG(st.st_mode) && has_rule_ext(name)) {
            kr_array_push(files, full);
        } else if (S_ISREG(st.st_mode) && strcmp(name, "catalog.tsv") == 0) {
            kr_array_push(catalogs, full);
        } else {
            free(full);
        }
    }
    closedir(d);
}

/* ---------------------------------------------------------------- index --- */

static int cmp_rule_ptr(const void *a, const void *b)
{
    const kr_rule *x = *(kr_rule *const *)a, *y = *(kr_rule *const *)b;
    return strcmp(x->id, y->id);
}

static int cmp_name(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_idx(const void *a, const void *b)
{
    const idx_entry *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    int c = cmp_name(x->name, y->name);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_seen(const void *a, const void *b)
{
    const seen_id *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void build_index(kr_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->rules.len; i++) n += rs->rules.items[i]->ntargets;
    rs->index = kr_xcalloc(n ? n : 1, sizeof(idx_entry));
    for (size_t i = 0; i < rs->rules.len; i++) {
        const kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            idx_entry *e = &rs->index[rs->nindex];
            e->kind = r->targets[j].kind;
            e->name = r->targets[j].name;
            e->rule = r;
            e->tgt = &r->targets[j];
            e->order = rs->nindex++;
        }
    }
    if (rs->nindex > 1) qsort(rs->index, rs->nindex, sizeof(idx_entry), cmp_idx);
}

/* Merges the query of every source target, per language, into one query
 * (rules in id order, targets in file order). Each part's user pointer is a
 * kr_source_ref in the ruleset arena. The parts were checked one by one while
 * loading, so this fails only on limits (a merged text past 4 GiB). */
/* Compiles the merged query of every language in `langs` (a bit per
 * kr_ts_lang). Returns 0 or KR_EINVALID with every error in diags. */
/* Gives every source target its hit reference and comparison (in the
 * ruleset's arena), once the rules are loaded: compiling is then a pure read. */
static void prepare_source_refs(kr_ruleset *rs)
{
    for (size_t i = 0; i < rs->rules.len; i++) {
        kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            kr_target *t = &r->targets[j];
            kr_source_spec *sp = t->source;
            if (t->kind != KR_TGT_SOURCE || !sp) continue;
            kr_source_ref *ref = kr_arena_alloc(rs->arena, sizeof *ref);
            ref->rule = r;
            ref->tgt = t;
            sp->ref = ref;
            if (sp->cmp_capture) {
                kr_ts_compare *c = kr_arena_alloc(rs->arena, sizeof *c);
                *c = (kr_ts_compare){sp->cmp_capture, sp->cmp_op, sp->cmp_type, sp->cmp_unit,
                                     sp->cmp_value};
                sp->cmp = c;
            }
        }
    }
}

/* Compiles the merged query of language l into *out (NULL when no rule
 * covers it). Returns 0, or KR_EINVALID with every broken query in diags. */
static int build_source_query(kr_ts_query **out, const kr_ruleset *rs, int l, kr_diags *diags)
{
    *out = NULL;
    int rc = 0;
    KR_ARRAY(kr_ts_part) parts = {0};
    for (size_t i = 0; i < rs->rules.len; i++) {
        const kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            const kr_target *t = &r->targets[j];
            const kr_source_spec *sp = t->source;
            if (t->kind != KR_TGT_SOURCE || !sp || !(sp->langs & (1u << l))) continue;
            kr_ts_part p = {sp->query, sp->query_len, sp->capture, sp->cmp,
                            {r->file, sp->file_data, sp->file_len, sp->query_src}, sp->ref};
            kr_array_push(&parts, p);
        }
    }
    if (parts.len > 0) {
        kr_diags merged;
        kr_diags_init(&merged);
        if (kr_ts_query_build(out, (kr_ts_lang)l, parts.items, parts.len, &merged) != 0) {
            /* tree-sitter stops at the first error of the merged text: compile
             * each rule's query alone to report every broken one. */
            size_t before = diags->len;
            for (size_t k = 0; k < parts.len; k++) {
                kr_ts_query *one = NULL;
                (void)kr_ts_query_build(&one, (kr_ts_lang)l, &parts.items[k], 1, diags);
                kr_ts_query_free(one);
            }
            if (diags->len == before) kr_diags_take(diags, &merged);
            kr_ts_query_free(*out);
            *out = NULL;
            rc = KR_EINVALID;
        }
        kr_diags_dispose(&merged);
    }
    kr_array_dispose(&parts);
    return rc;
}

/* Compiles the languages in `langs` not compiled yet into the ruleset. */
static int build_source_queries(kr_ruleset *rs, unsigned langs, kr_diags *diags)
{
    int rc = 0;
    for (int l = KR_TS_JAVASCRIPT; l < KR_TS_NLANGS; l++) {
        if (!(langs & (1u << l)) || (rs->compiled & (1u << l))) continue;
        if (build_source_query(&rs->source_q[l], rs, l, diags) != 0) rc = KR_EINVALID;
        rs->compiled |= 1u << l;
    }
    return rc;
}

kr_source_queries *kr_source_queries_new(const kr_ruleset *rules)
{
    kr_source_queries *self = kr_xcalloc(1, sizeof *self);
    self->rules = rules;
    pthread_mutex_init(&self->mu, NULL);
    kr_diags_init(&self->errors);
    return self;
}

void kr_source_queries_free(kr_source_queries *self)
{
    if (!self) return;
    for (int l = 0; l < KR_TS_NLANGS; l++) kr_ts_query_free(self->q[l]);
    pthread_mutex_destroy(&self->mu);
    kr_diags_dispose(&self->errors);
    free(self);
}

const kr_ts_query *kr_source_queries_get(kr_source_queries *self, int lang)
{
    if (!self || !self->rules || lang <= KR_TS_NONE || lang >= KR_TS_NLANGS) return NULL;
    if (self->rules->compiled & (1u << lang)) return self->rules->source_q[lang];
    pthread_mutex_lock(&self->mu);
    if (!(self->built & (1u << lang))) {
        (void)build_source_query(&self->q[lang], self->rules, lang, &self->errors);
        self->built |= 1u << lang;
    }
    const kr_ts_query *q = self->q[lang];
    pthread_mutex_unlock(&self->mu);
    return q;
}

size_t kr_source_queries_errors(kr_source_queries *self, kr_diags *diags)
{
    if (!self) return 0;
    pthread_mutex_lock(&self->mu);
    size_t n = self->errors.len;
    kr_diags_take(diags, &self->errors);
    kr_diags_init(&self->errors);
    pthread_mutex_unlock(&self->mu);
    return n;
}

/* ----------------------------------------------------------------- API --- */

const char *kr_text_get(const kr_text *t, kr_lang lang)
{
    if (lang == KR_LANG_JA && t->ja) return t->ja;
    return t->en ? t->en : "";
}

static int load(kr_ruleset **out, const char *const *dirs, size_t ndirs, struct kr_diags *diags,
                const kr_ruleset_options *opts);

int kr_ruleset_load(kr_ruleset **out, const char *const *dirs, size_t ndirs, struct kr_diags *diags)
{
    kr_ruleset_options o = {false, NULL, NULL, 0};
    return load(out, dirs, ndirs, diags, &o);
}

int kr_ruleset_load_deferred(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                             struct kr_diags *diags)
{
    kr_ruleset_options o = {true, NULL, NULL, 0};
    return load(out, dirs, ndirs, diags, &o);
}

int kr_ruleset_load_with(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                         const kr_ruleset_options *opts, struct kr_diags *diags)
{
    kr_ruleset_options o = {false, NULL, NULL, 0};
    return load(out, dirs, ndirs, diags, opts ? opts : &o);
}

static int load(kr_ruleset **out, const char *const *dirs, size_t ndirs, struct kr_diags *diags,
                const kr_ruleset_options *opts)
{
    bool deferred = opts->deferred;
    loader L;
    memset(&L, 0, sizeof L);
    L.diags = diags;
    L.opts = opts;
    L.rs = kr_xcalloc(1, sizeof(kr_ruleset));
    L.rs->arena = kr_arena_new();
    *out = L.rs;

    strlist files = {0}, catalogs = {0};
    for (size_t i = 0; i < ndirs; i++) {
        struct stat st;
        if (stat(dirs[i], &st) != 0) {
            kr_diags_add(diags, KR_SEV_ERROR, dirs[i], NULL, "io-error",
                         "no such rules folder or file");
            L.nerrors++;
        } else if (S_ISDIR(st.st_mode)) {
            walk(&L, dirs[i], 0, &files, &catalogs);
        } else {
            kr_array_push(&files, kr_xstrdup(dirs[i]));
        }
    }
    if (files.len > 1) qsort(files.items, files.len, sizeof(char *), cmp_str);
    if (catalogs.len > 1) qsort(catalogs.items, catalogs.len, sizeof(char *), cmp_str);
    for (size_t i = 0; i < catalogs.len; i++) load_catalog(&L, catalogs.items[i]);
    for (size_t i = 0; i < files.len; i++) {
        /* the same file given twice (a folder and a file in it) is read once */
        if (i > 0 && strcmp(files.items[i], files.items[i - 1]) == 0) continue;
        load_file(&L, files.items[i]);
    }

    /* duplicate ids: the later one (in file order) is reported */
    if (L.ids.len > 1) qsort(L.ids.items, L.ids.len, sizeof(seen_id), cmp_seen);
    for (size_t i = 0; i < L.ids.len; i++) {
        seen_id *s = &L.ids.items[i];
        if (i > 0 && strcmp(s->id, L.ids.items[i - 1].id) == 0) {
            size_t first = i - 1;
            while (first > 0 && strcmp(L.ids.items[first - 1].id, s->id) == 0) first--;
            const seen_id *p = &L.ids.items[first];
            kr_diags_add(diags, KR_SEV_ERROR, s->file, &s->span, CODE,
                         "duplicate id '%s' (first defined at %s:%u:%u)", s->id, p->file,
                         p->span.start.line + 1, p->span.start.col + 1);
            L.nerrors++;
            continue;
        }
        if (s->rule) kr_array_push(&L.rs->rules, s->rule);
    }
    if (L.rs->rules.len > 1)
        qsort(L.rs->rules.items, L.rs->rules.len, sizeof(kr_rule *), cmp_rule_ptr);
    build_index(L.rs);
    prepare_source_refs(L.rs);
    if (!deferred && build_source_queries(L.rs, ~0u, diags) != 0) L.nerrors++;

    for (size_t i = 0; i < files.len; i++) free(files.items[i]);
    kr_array_dispose(&files);
    for (size_t i = 0; i < catalogs.len; i++) free(catalogs.items[i]);
    kr_array_dispose(&catalogs);
    for (size_t i = 0; i < L.ncatalog; i++) free(L.catalog[i]);
    free(L.catalog);
    kr_array_dispose(&L.ids);
    return L.nerrors ? KR_EINVALID : 0;
}

void kr_ruleset_free(kr_ruleset *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->paths.len; i++) kr_path_free(self->paths.items[i]);
    kr_array_dispose(&self->paths);
    for (size_t i = 0; i < self->regexes.len; i++) kr_regex_free(self->regexes.items[i]);
    kr_array_dispose(&self->regexes);
    kr_array_dispose(&self->rules);
    for (int l = 0; l < KR_TS_NLANGS; l++) kr_ts_query_free(self->source_q[l]);
    free(self->index);
    kr_arena_free(self->arena);
    free(self);
}

bool kr_ruleset_has_relations(const kr_ruleset *self)
{
    return self && self->has_relations;
}

size_t kr_ruleset_count(const kr_ruleset *self)
{
    return self ? self->rules.len : 0;
}

const kr_rule *kr_ruleset_get(const kr_ruleset *self, size_t i)
{
    return self && i < self->rules.len ? self->rules.items[i] : NULL;
}

const kr_rule *kr_ruleset_find(const kr_ruleset *self, const char *id)
{
    if (!self || !id) return NULL;
    size_t lo = 0, hi = self->rules.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(self->rules.items[mid]->id, id);
        if (c == 0) return self->rules.items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void kr_ruleset_each_target(const kr_ruleset *self, kr_target_kind kind, const char *name,
                            kr_target_cb cb, void *payload)
{
    if (!self) return;
    idx_entry key;
    memset(&key, 0, sizeof key);
    key.kind = kind;
    key.name = name;
    /* lower bound of (kind, name) */
    size_t lo = 0, hi = self->nindex;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const idx_entry *e = &self->index[mid];
        int c = e->kind != kind ? (e->kind < kind ? -1 : 1) : cmp_name(e->name, name);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < self->nindex; i++) {
        const idx_entry *e = &self->index[i];
        if (e->kind != kind || cmp_name(e->name, name) != 0) break;
        cb(e->rule, e->tgt, payload);
    }
}

const struct kr_ts_query *kr_ruleset_source_query(const kr_ruleset *self, int lang)
{
    if (!self || lang <= KR_TS_NONE || lang >= KR_TS_NLANGS) return NULL;
    return self->source_q[lang];
}

int kr_ruleset_prepare_sources(kr_ruleset *self, struct kr_diags *diags)
{
    return build_source_queries(self, ~0u, diags);
}
