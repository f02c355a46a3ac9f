/* load.c - reading, checking and compiling rule files (rules/README.md).
 *
 * Each rule file is parsed with libyaml's event API into a small private tree
 * (ynode, ytree.c) that keeps every node's exact span and its scalar style (so
 * a path error can point at the column inside a quoted string). The tree lives in a
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
 * The loader's files (load_internal.h): ytree.c reads a file into the tree
 * and holds the field checks, rule_file.c compiles its rules, target.c their
 * targets, cond.c and related.c their conditions, params.c the repository's
 * parameters, source_rules.c source-code rules and their merged queries.
 * This file walks the rule folders, reads the catalog, builds the index and
 * is the API of rule.h.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "diag.h"
#include "rules/load_internal.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/regex.h"

/* ------------------------------------------------------------- catalog --- */

/* N-N or N-N-N, N decimal digits. */
bool kr_load__control_syntax_ok(const char *s, size_t len)
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

/* A rule folder's catalog.tsv, read by the catalog's own reader
 * (src/catalog.c) for its item numbers: the items rules may name. */
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
    kr_catalog cat;
    kr_catalog_init(&cat);
    size_t before = L->diags->errors;
    (void)kr_catalog_parse_items(&cat, path, data, len, L->diags);
    L->nerrors += L->diags->errors - before;
    for (size_t i = 0; i < cat.len; i++) {
        if (L->ncatalog == L->catcap) {
            L->catcap = L->catcap ? L->catcap * 2 : 64;
            L->catalog = kr_xrealloc(L->catalog, L->catcap * sizeof(char *));
        }
        L->catalog[L->ncatalog++] = kr_xstrdup(cat.items[i].number);
    }
    kr_catalog_dispose(&cat);
    free(data);
    if (L->ncatalog > 1) qsort(L->catalog, L->ncatalog, sizeof(char *), cmp_str);
}

bool kr_load__catalog_has(const loader *L, const char *item)
{
    return L->ncatalog > 0 &&
           bsearch(&item, L->catalog, L->ncatalog, sizeof(char *), cmp_str) != NULL;
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
    kr_ruleset_options o = {false, NULL, NULL, NULL, 0};
    return load(out, dirs, ndirs, diags, &o);
}

int kr_ruleset_load_deferred(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                             struct kr_diags *diags)
{
    kr_ruleset_options o = {true, NULL, NULL, NULL, 0};
    return load(out, dirs, ndirs, diags, &o);
}

int kr_ruleset_load_with(kr_ruleset **out, const char *const *dirs, size_t ndirs,
                         const kr_ruleset_options *opts, struct kr_diags *diags)
{
    kr_ruleset_options o = {false, NULL, NULL, NULL, 0};
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
    if (opts->verified_dir) L.rs->verified_dir = kr_arena_strndup(L.rs->arena, opts->verified_dir, strlen(opts->verified_dir));
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
        kr_load__load_file(&L, files.items[i]);
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
    kr_load__prepare_source_refs(L.rs);
    if (!deferred && kr_load__build_source_queries(L.rs, ~0u, diags) != 0) L.nerrors++;

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
    return kr_load__build_source_queries(self, ~0u, diags);
}
