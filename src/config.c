/* config.c - reading, checking and querying .krewlint.yml (see config.h).
 *
 * The file is parsed by the YAML adapter (doc/yaml.c: limits, aliases, exact
 * spans) into a kr_doc that the kr_config keeps, so `params` values stay
 * nodes with their positions. Validation never stops at the first problem;
 * duplicate keys, which the adapter reports as warnings, are errors here.
 */
/* realpath (POSIX XSI) */
#define _XOPEN_SOURCE 700
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "rules/path.h"
#include "rules/value.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/fs.h"

#define CODE KR_CONFIG_CODE
/* Levels walked up looking for .krewlint.yml (symlink loops, deep trees). */
#define CONFIG_MAX_PARENTS 64

const kr_param_spec kr_param_specs[] = {
    {"owner_tag", KR_PARAM_STRING, "4-1", "tag naming each resource's owner"},
    {"classification_tag", KR_PARAM_STRING, "4-2", "tag holding each resource's data classification"},
    {"allowed_regions", KR_PARAM_STRINGS, "10-2", "regions the service may run in"},
    {"purge_delay", KR_PARAM_BINDING, "6-30",
     "where the delay before customer data is purged after the contract ends is set"},
    {"change_notice", KR_PARAM_BINDING, "6-2",
     "where the advance notice period for customer-affecting changes is set"},
    {"discontinuation_notice", KR_PARAM_BINDING, "11-4",
     "where the advance notice period before the service is discontinued is set"},
    {NULL, KR_PARAM_STRING, NULL, NULL},
};

static const char *const top_keys[] = {"include", "exclude", "rules", "severity", "rules_dirs",
                                       "lang", "fail_on", "baseline", "mandatory", "params",
                                       "cloudformation", "serverless", "controls", NULL};
static const char *const control_keys[] = {"id", "title_en", "title_ja", "section", NULL};
static const char *const cfn_keys[] = {"parameters", "region", "samconfig_env", NULL};
static const char *const sls_keys[] = {"stage", NULL};
static const char *const rules_keys[] = {"enable", "disable", NULL};
static const char *const binding_keys[] = {"files", "path", "unit", "value", NULL};

/* ------------------------------------------------------------ helpers --- */


/* " (did you mean 'x'?)" or "" into out. */
static void hint(char *out, size_t n, const char *word, const char *const *cands)
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
    if (best)
        snprintf(out, n, " (did you mean '%s'?)", best);
    else
        out[0] = '\0';
}

static const char *kind_name(const kr_node *n)
{
    switch (n->kind) {
    case KR_NODE_MAP: return "a map";
    case KR_NODE_SEQ: return "a list";
    case KR_NODE_EXPR: return "an expression";
    case KR_NODE_SCALAR: break;
    }
    switch (n->stype) {
    case KR_SCALAR_NULL: return "null";
    case KR_SCALAR_BOOL: return "a bool";
    case KR_SCALAR_INT:
    case KR_SCALAR_FLOAT: return "a number";
    case KR_SCALAR_STRING: break;
    }
    return "a string";
}

static bool is_string(const kr_node *n)
{
    return n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING;
}

/* cfgctx - one kr_config_parse call. */
typedef struct cfgctx {
    kr_config *cfg;
    const char *path;
    kr_diags *diags;
    size_t errors;
} cfgctx;

static void err(cfgctx *x, const kr_node *n, const char *fmt, ...) KR_PRINTF(3, 4);
static void err(cfgctx *x, const kr_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(x->diags, KR_SEV_ERROR, x->path, n ? &n->span : NULL, CODE, fmt, ap);
    va_end(ap);
    x->errors++;
}

static void warn(cfgctx *x, const kr_node *n, const char *fmt, ...) KR_PRINTF(3, 4);
static void warn(cfgctx *x, const kr_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(x->diags, KR_SEV_WARNING, x->path, n ? &n->span : NULL, CODE, fmt, ap);
    va_end(ap);
}

static kr_config_origin origin_of(const kr_node *n)
{
    kr_config_origin o;
    memset(&o, 0, sizeof o);
    o.kind = KR_ORIGIN_FILE;
    o.span = n->span;
    return o;
}

/* `value` resolved against the config's folder (absolute paths unchanged). */
static char *resolve(const kr_config *cfg, const char *value)
{
    if (value[0] == '/' || !cfg->dir || strcmp(cfg->dir, ".") == 0) return kr_xstrdup(value);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s/%s", cfg->dir, value);
    char *s = kr_buf_detach(&b);
    return s ? s : kr_xstrdup(value);
}

/* -------------------------------------------------------- selectors --- */

int kr_selector_classify(kr_sel_kind *out, const char *t)
{
    if (t[0] >= '0' && t[0] <= '9') {
        /* [0-9]+(-[0-9]+)+ */
        size_t i = 0, groups = 0;
        for (;;) {
            size_t start = i;
            while (t[i] >= '0' && t[i] <= '9') i++;
            if (i == start || i - start > 4) return -1;
            groups++;
            if (t[i] == '\0') break;
            if (t[i] != '-') return -1;
            i++;
        }
        if (groups < 2) return -1;
        *out = KR_SEL_ITEM;
        return 0;
    }
    if (!((t[0] >= 'A' && t[0] <= 'Z') || t[0] == '*' || t[0] == '?')) return -1;
    bool wild = false;
    for (size_t i = 0; t[i]; i++) {
        char c = t[i];
        if (c == '*' || c == '?')
            wild = true;
        else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return -1;
        if (i > 200) return -1;
    }
    *out = wild ? KR_SEL_GLOB : KR_SEL_RULE;
    return 0;
}

bool kr_selector_matches(kr_sel_kind kind, const char *text, const char *rule_id,
                         const char *control)
{
    switch (kind) {
    case KR_SEL_RULE: return rule_id && strcmp(text, rule_id) == 0;
    case KR_SEL_ITEM: return control && strcmp(text, control) == 0;
    case KR_SEL_GLOB: return rule_id && kr_glob_match(text, rule_id);
    }
    return false;
}

/* ----------------------------------------------------------- fail_on --- */

const char *kr_fail_on_name(kr_fail_on f)
{
    switch (f) {
    case KR_FAIL_ON_NOTE: return "note";
    case KR_FAIL_ON_WARNING: return "warning";
    case KR_FAIL_ON_ERROR: return "error";
    case KR_FAIL_ON_NEVER: return "none";
    }
    return "note";
}

int kr_fail_on_parse(kr_fail_on *out, const char *s)
{
    if (strcmp(s, "note") == 0) *out = KR_FAIL_ON_NOTE;
    else if (strcmp(s, "warning") == 0) *out = KR_FAIL_ON_WARNING;
    else if (strcmp(s, "error") == 0) *out = KR_FAIL_ON_ERROR;
    else if (strcmp(s, "none") == 0) *out = KR_FAIL_ON_NEVER;
    else return -1;
    return 0;
}

bool kr_fail_on_fails(kr_fail_on f, kr_severity sev)
{
    switch (f) {
    case KR_FAIL_ON_NOTE: return true;
    case KR_FAIL_ON_WARNING: return sev >= KR_SEV_WARNING;
    case KR_FAIL_ON_ERROR: return sev >= KR_SEV_ERROR;
    case KR_FAIL_ON_NEVER: return false;
    }
    return true;
}

/* -------------------------------------------------------- lifecycle --- */

void kr_config_init(kr_config *self)
{
    memset(self, 0, sizeof *self);
    self->dir = kr_xstrdup(".");
    self->lang = KR_LANG_EN;
    self->fail_on = KR_FAIL_ON_NOTE;
}

static void strs_dispose(kr_config_strs *s)
{
    for (size_t i = 0; i < s->len; i++) free(s->items[i].value);
    free(s->items);
    memset(s, 0, sizeof *s);
}

static void sels_dispose(kr_selectors *s)
{
    for (size_t i = 0; i < s->len; i++) {
        free(s->items[i].text);
        free(s->items[i].reason);
        free(s->items[i].by);
    }
    free(s->items);
    memset(s, 0, sizeof *s);
}

void kr_config_dispose(kr_config *self)
{
    if (!self) return;
    free(self->path);
    free(self->dir);
    free(self->prefix);
    strs_dispose(&self->include);
    strs_dispose(&self->exclude);
    strs_dispose(&self->rules_dirs);
    sels_dispose(&self->enable);
    sels_dispose(&self->disable);
    sels_dispose(&self->mandatory);
    for (size_t i = 0; i < self->severity.len; i++) free(self->severity.items[i].sel.text);
    free(self->severity.items);
    for (size_t i = 0; i < self->params.len; i++) free(self->params.items[i].name);
    free(self->params.items);
    free(self->baseline);
    strs_dispose(&self->cfn_parameters);
    free(self->cfn_region);
    free(self->cfn_samconfig_env);
    free(self->sls_stage);
    for (size_t i = 0; i < self->controls.len; i++) {
        kr_own_control *c = &self->controls.items[i];
        free(c->id);
        free(c->title_en);
        free(c->title_ja);
        free(c->section);
    }
    free(self->controls.items);
    if (self->doc) {
        kr_doc_dispose(self->doc);
        free(self->doc);
    }
    free(self->data);
    memset(self, 0, sizeof *self);
}

/* ------------------------------------------------------------ finding --- */

/* Joins start + "/" + ups * "../" + name, without a leading "./". */
static char *find_path(const char *start, size_t ups)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    bool dot = strcmp(start, ".") == 0 || strcmp(start, "./") == 0;
    if (!dot) {
        kr_buf_puts(&b, start);
        if (b.len && b.ptr[b.len - 1] != '/') kr_buf_putc(&b, '/');
    }
    for (size_t i = 0; i < ups; i++) kr_buf_puts(&b, "../");
    kr_buf_puts(&b, KR_CONFIG_NAME);
    return kr_buf_detach(&b);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

int kr_config_find(char **out, const char *start)
{
    *out = NULL;
    if (!start || !start[0]) start = ".";
    char *dir = NULL;
    if (kr_fs_is_dir(start)) {
        dir = kr_xstrdup(start);
    } else {
        const char *slash = strrchr(start, '/');
        dir = slash ? kr_xstrndup(start, (size_t)(slash - start) + (slash == start)) : kr_xstrdup(".");
    }
    char *abs = realpath(dir, NULL);
    int rc = KR_ENOTFOUND;
    if (!abs) goto out;
    size_t abslen = strlen(abs);
    for (size_t ups = 0; ups < CONFIG_MAX_PARENTS; ups++) {
        char *cand = find_path(dir, ups);
        if (cand && exists(cand)) {
            *out = cand;
            rc = 0;
            goto out;
        }
        free(cand);
        /* stop at a repository root or at / */
        kr_buf g;
        kr_buf_init(&g, 0);
        kr_buf_printf(&g, "%.*s/.git", (int)abslen, abs);
        bool repo_root = exists(kr_buf_cstr(&g));
        kr_buf_dispose(&g);
        if (repo_root || abslen <= 1) break;
        while (abslen > 1 && abs[abslen - 1] != '/') abslen--;
        if (abslen > 1) abslen--; /* drop the slash, keep "/" itself */
    }
out:
    free(abs);
    free(dir);
    return rc;
}

/* ------------------------------------------------------------ parsing --- */

/* A list of strings, or one string taken as a one-item list. */
static void parse_strs(cfgctx *x, const char *key, const kr_node *v, kr_config_strs *out,
                       bool resolve_paths)
{
    const kr_node *one[1];
    const kr_node *const *items;
    size_t n;
    if (is_string(v)) {
        one[0] = v;
        items = one;
        n = 1;
    } else if (v->kind == KR_NODE_SEQ) {
        items = (const kr_node *const *)v->items;
        n = v->nitems;
    } else {
        err(x, v, "'%s' must be a list of strings, not %s", key, kind_name(v));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const kr_node *it = items[i];
        if (!is_string(it)) {
            err(x, it, "an entry of '%s' must be a string, not %s", key, kind_name(it));
            continue;
        }
        if (it->text_len == 0 || strlen(it->text) != it->text_len) {
            err(x, it, "an entry of '%s' is empty or holds a NUL byte", key);
            continue;
        }
        const char *why = NULL;
        if (!resolve_paths && kr_glob_check(it->text, &why) != 0) {
            err(x, it, "%s: invalid glob '%s': %s", key, it->text, why);
            continue;
        }
        kr_config_str s;
        s.value = resolve_paths ? resolve(x->cfg, it->text) : kr_xstrdup(it->text);
        s.origin = origin_of(it);
        kr_array_push(out, s);
    }
}

/* A string member of a rules.disable entry, or NULL (an error when it is
 * there but not a non-empty string). */
static char *entry_string(cfgctx *x, const char *where, const kr_node *map, const char *key)
{
    const kr_node *v = kr_node_get(map, key);
    if (!v) return NULL;
    if (v->kind != KR_NODE_SCALAR || v->stype != KR_SCALAR_STRING || !v->text || !v->text[0]) {
        err(x, v, "%s: '%s' must be a non-empty string, not %s", where, key, kind_name(v));
        return NULL;
    }
    return kr_xstrdup(v->text);
}

static int parse_selector(cfgctx *x, const char *where, const kr_node *it, kr_selector *out);

/* A rules.disable entry written as a map: {rule: SELECTOR, reason: TEXT,
 * by: WHO}; the reason and the approver reach the checksheet report. */
static int parse_disable_entry(cfgctx *x, const char *where, const kr_node *it, kr_selector *out)
{
    static const char *const keys[] = {"rule", "reason", "by"};
    const kr_node *rule = kr_node_get(it, "rule");
    if (!rule) {
        err(x, it, "%s: an entry written as a map needs 'rule' (and 'reason', 'by')", where);
        return -1;
    }
    for (size_t i = 0; i < it->npairs; i++) {
        const kr_node *k = it->pairs[i].key;
        bool known = false;
        for (size_t j = 0; j < 3 && !known; j++)
            known = k && k->text && strcmp(k->text, keys[j]) == 0;
        if (!known)
            err(x, k, "%s: unknown key '%s' (expected rule, reason, by)", where,
                k && k->text ? k->text : "");
    }
    if (parse_selector(x, where, rule, out) != 0) return -1;
    out->reason = entry_string(x, where, it, "reason");
    out->by = entry_string(x, where, it, "by");
    return 0;
}

/* One selector scalar; returns 0 and fills *out, or reports and returns -1. */
static int parse_selector(cfgctx *x, const char *where, const kr_node *it, kr_selector *out)
{
    if (it->kind == KR_NODE_MAP && strcmp(where, "rules.disable") == 0)
        return parse_disable_entry(x, where, it, out);
    const char *text = it->kind == KR_NODE_SCALAR && it->stype != KR_SCALAR_NULL ? it->text : NULL;
    kr_sel_kind k;
    if (!text || it->kind != KR_NODE_SCALAR || kr_selector_classify(&k, text) != 0) {
        if (it->kind == KR_NODE_SCALAR && it->stype != KR_SCALAR_NULL)
            err(x, it, "%s: '%s' is neither a rule id (like KR-6-8-RDS-BACKUP-RETENTION), a glob "
                       "over rule ids (like KR-6-31-*) nor a checksheet item (like \"6-8\")",
                where, it->text);
        else
            err(x, it, "%s: expected a rule id or a checksheet item, not %s", where, kind_name(it));
        return -1;
    }
    out->kind = k;
    out->text = kr_xstrdup(text);
    out->origin = origin_of(it);
    return 0;
}

static void parse_selectors(cfgctx *x, const char *key, const kr_node *v, kr_selectors *out)
{
    const kr_node *one[1];
    const kr_node *const *items;
    size_t n;
    if (v->kind == KR_NODE_SEQ) {
        items = (const kr_node *const *)v->items;
        n = v->nitems;
    } else if (v->kind == KR_NODE_SCALAR && v->stype != KR_SCALAR_NULL) {
        one[0] = v;
        items = one;
        n = 1;
    } else {
        err(x, v, "'%s' must be a list of rule ids and checksheet items, not %s", key,
            kind_name(v));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        kr_selector s = {0};
        if (parse_selector(x, key, items[i], &s) == 0) kr_array_push(out, s);
    }
}

/* Checks the keys of a map against a list; reports unknown ones. */
static void check_keys(cfgctx *x, const kr_node *map, const char *const *keys, const char *what)
{
    for (size_t i = 0; i < map->npairs; i++) {
        const kr_node *k = map->pairs[i].key;
        bool known = false;
        for (size_t j = 0; keys[j]; j++)
            if (strcmp(k->text, keys[j]) == 0) known = true;
        if (!known) {
            char h[128];
            hint(h, sizeof h, k->text, keys);
            err(x, k, "unknown key '%s' in %s%s", k->text, what, h);
        }
    }
}

static void parse_rules(cfgctx *x, const kr_node *v)
{
    if (v->kind != KR_NODE_MAP) {
        err(x, v, "'rules' must be a map with enable and/or disable, not %s", kind_name(v));
        return;
    }
    check_keys(x, v, rules_keys, "rules");
    for (size_t i = 0; i < v->npairs; i++) {
        const char *k = v->pairs[i].key->text;
        if (strcmp(k, "enable") == 0)
            parse_selectors(x, "rules.enable", v->pairs[i].value, &x->cfg->enable);
        else if (strcmp(k, "disable") == 0)
            parse_selectors(x, "rules.disable", v->pairs[i].value, &x->cfg->disable);
    }
}

static void parse_severity(cfgctx *x, const kr_node *v)
{
    if (v->kind != KR_NODE_MAP) {
        err(x, v, "'severity' must be a map of rule ids or checksheet items to error, warning "
                  "or note, not %s", kind_name(v));
        return;
    }
    for (size_t i = 0; i < v->npairs; i++) {
        const kr_node *k = v->pairs[i].key, *val = v->pairs[i].value;
        kr_sev_override o;
        memset(&o, 0, sizeof o);
        int bad = parse_selector(x, "severity", k, &o.sel);
        if (!is_string(val) || kr_severity_parse(&o.severity, val->text) != 0 ||
            strcmp(val->text, "info") == 0) {
            if (val->kind == KR_NODE_SCALAR && val->stype != KR_SCALAR_NULL)
                err(x, val, "severity of '%s' must be error, warning or note, not '%s'", k->text,
                    val->text);
            else
                err(x, val, "severity of '%s' must be error, warning or note, not %s", k->text,
                    kind_name(val));
            if (!bad) free(o.sel.text);
            continue;
        }
        if (bad) continue;
        o.origin = origin_of(val);
        kr_array_push(&x->cfg->severity, o);
    }
}

static const char *one_string(cfgctx *x, const char *key, const kr_node *v)
{
    if (!is_string(v) || v->text_len == 0) {
        if (is_string(v))
            err(x, v, "'%s' is empty", key);
        else
            err(x, v, "'%s' must be a string, not %s", key, kind_name(v));
        return NULL;
    }
    return v->text;
}

static void parse_binding(cfgctx *x, const char *name, const kr_node *v)
{
    if (v->kind != KR_NODE_MAP) {
        err(x, v, "parameter '%s' must be a map {files: GLOB, path: PATH}, not %s", name,
            kind_name(v));
        return;
    }
    char what[128];
    snprintf(what, sizeof what, "parameter '%s'", name);
    check_keys(x, v, binding_keys, what);
    const kr_node *files = kr_node_get(v, "files");
    const kr_node *path = kr_node_get(v, "path");
    const kr_node *unit = kr_node_get(v, "unit");
    const kr_node *value = kr_node_get(v, "value");
    if (!files) err(x, v, "parameter '%s' has no 'files' (the glob of the file holding the value)", name);
    else one_string(x, "files", files);
    if (!path) {
        err(x, v, "parameter '%s' has no 'path' (where the value is in that file)", name);
    } else if (one_string(x, "path", path)) {
        size_t col = 0;
        const char *emsg = NULL;
        kr_path *p = kr_path_compile(path->text, &col, &emsg);
        if (!p) {
            kr_span s = path->span;
            /* point inside a plain one-line scalar */
            if (s.start.line == s.end.line && s.end.byte - s.start.byte == path->text_len) {
                s.start.col += (uint32_t)col;
                s.start.byte += (uint32_t)col;
            }
            kr_diags_add(x->diags, KR_SEV_ERROR, x->path, &s, CODE, "bad path '%s': %s",
                         path->text, emsg ? emsg : "invalid");
            x->errors++;
        }
        kr_path_free(p);
    }
    kr_unit u = KR_UNIT_DAYS;
    if (unit && one_string(x, "unit", unit) && kr_unit_parse(&u, unit->text) != 0)
        err(x, unit, "unknown unit '%s'; use seconds, minutes, hours, days, weeks, months or years",
            unit->text);
    if (value) {
        double secs;
        if (value->kind != KR_NODE_SCALAR ||
            (value->stype != KR_SCALAR_STRING && value->stype != KR_SCALAR_INT &&
             value->stype != KR_SCALAR_FLOAT) ||
            kr_duration_parse(&secs, value->text, value->text_len, u) != 0)
            err(x, value, "'value' of parameter '%s' must be a duration (like 30d or P1M), not %s",
                name, value->kind == KR_NODE_SCALAR ? value->text : kind_name(value));
    }
}

static void parse_params(cfgctx *x, const kr_node *v)
{
    if (v->kind != KR_NODE_MAP) {
        err(x, v, "'params' must be a map, not %s", kind_name(v));
        return;
    }
    const char *names[16];
    size_t nn = 0;
    for (size_t i = 0; kr_param_specs[i].name && nn + 1 < 16; i++) names[nn++] = kr_param_specs[i].name;
    names[nn] = NULL;
    for (size_t i = 0; i < v->npairs; i++) {
        const kr_node *k = v->pairs[i].key, *val = v->pairs[i].value;
        const kr_param_spec *spec = NULL;
        for (size_t j = 0; kr_param_specs[j].name; j++)
            if (strcmp(k->text, kr_param_specs[j].name) == 0) spec = &kr_param_specs[j];
        size_t before = x->errors;
        if (!spec) {
            char h[128];
            hint(h, sizeof h, k->text, names);
            warn(x, k, "unknown parameter '%s': no bundled rule reads it%s", k->text, h);
        } else if (spec->kind == KR_PARAM_STRING) {
            one_string(x, k->text, val);
        } else if (spec->kind == KR_PARAM_STRINGS) {
            if (val->kind != KR_NODE_SEQ || val->nitems == 0) {
                err(x, val, "parameter '%s' must be a non-empty list of strings, not %s", k->text,
                    val->kind == KR_NODE_SEQ ? "an empty list" : kind_name(val));
            } else {
                for (size_t j = 0; j < val->nitems; j++)
                    one_string(x, k->text, val->items[j]);
            }
        } else {
            parse_binding(x, k->text, val);
        }
        if (x->errors != before) continue;
        kr_param p;
        p.name = kr_xstrdup(k->text);
        p.value = val;
        p.origin = origin_of(val);
        kr_array_push(&x->cfg->params, p);
    }
}

/* cloudformation: {parameters, region, samconfig_env}; serverless: {stage} */
static void parse_cfn(cfgctx *x, const char *key, const kr_node *v)
{
    if (v->kind != KR_NODE_MAP) {
        err(x, v, "'%s' must be a map, not %s", key, kind_name(v));
        return;
    }
    bool sls = strcmp(key, "serverless") == 0;
    check_keys(x, v, sls ? sls_keys : cfn_keys, key);
    kr_config *cfg = x->cfg;
    for (size_t i = 0; i < v->npairs; i++) {
        const char *k = v->pairs[i].key->text;
        const kr_node *val = v->pairs[i].value;
        char **slot = NULL;
        kr_config_origin *where = NULL;
        if (sls && strcmp(k, "stage") == 0) slot = &cfg->sls_stage, where = &cfg->sls_stage_origin;
        else if (!sls && strcmp(k, "region") == 0) slot = &cfg->cfn_region, where = &cfg->cfn_region_origin;
        else if (!sls && strcmp(k, "samconfig_env") == 0)
            slot = &cfg->cfn_samconfig_env, where = &cfg->cfn_samconfig_env_origin;
        else if (!sls && strcmp(k, "parameters") == 0) parse_strs(x, k, val, &cfg->cfn_parameters, true);
        if (!slot) continue;
        const char *str = one_string(x, k, val);
        if (str) {
            free(*slot);
            *slot = kr_xstrdup(str);
            *where = origin_of(val);
        }
    }
}

/* N-N or N-N-N: the checksheet's own numbering. */
static bool item_shaped(const char *s)
{
    size_t parts = 0;
    while (*s) {
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
        parts++;
        if (*s == '-' && s[1]) s++;
        else if (*s) return false;
    }
    return parts >= 2;
}

/* A title or section: a non-empty single-line string, or an error. */
static char *control_text(cfgctx *x, const kr_node *map, const char *key, bool required)
{
    const kr_node *v = kr_node_get(map, key);
    if (!v) {
        if (required) err(x, map, "controls: an entry needs '%s'", key);
        return NULL;
    }
    if (!is_string(v)) {
        err(x, v, "controls: '%s' must be a string, not %s", key, kind_name(v));
        return NULL;
    }
    if (v->text_len == 0 || strlen(v->text) != v->text_len) {
        err(x, v, "controls: '%s' is empty or holds a NUL byte", key);
        return NULL;
    }
    if (strchr(v->text, '\n') || strchr(v->text, '\t')) {
        err(x, v, "controls: '%s' must be one line without tabs", key);
        return NULL;
    }
    return kr_xstrdup(v->text);
}

/* controls: [{id, title_en, title_ja, section?}] - the team's own items. */
static void parse_controls(cfgctx *x, const kr_node *v)
{
    if (v->kind != KR_NODE_SEQ) {
        err(x, v, "'controls' must be a list of {id, title_en, title_ja, section}, not %s",
            kind_name(v));
        return;
    }
    kr_config *cfg = x->cfg;
    for (size_t i = 0; i < v->nitems; i++) {
        const kr_node *it = v->items[i];
        if (it->kind != KR_NODE_MAP) {
            err(x, it, "an entry of 'controls' must be a map {id, title_en, title_ja, section}, not %s",
                kind_name(it));
            continue;
        }
        check_keys(x, it, control_keys, "a controls entry");
        const kr_node *idn = kr_node_get(it, "id");
        size_t before = x->errors;
        if (!idn) {
            err(x, it, "controls: an entry needs 'id'");
        } else if (!is_string(idn) || idn->text_len == 0 || strlen(idn->text) != idn->text_len) {
            err(x, idn, "controls: 'id' must be a non-empty string, not %s", kind_name(idn));
            idn = NULL;
        } else if (item_shaped(idn->text)) {
            err(x, idn, "controls: '%s' is numbered like a checksheet item; an own control needs "
                        "a name of its own, like ACME-1", idn->text);
            idn = NULL;
        } else if (!kr_catalog_own_id_ok(idn->text, idn->text_len)) {
            err(x, idn, "controls: id '%.64s' must start with a letter and hold only letters, "
                        "digits, '-', '_' and '.' (at most %d bytes), like ACME-1",
                idn->text, KR_CATALOG_OWN_MAX);
            idn = NULL;
        } else {
            const kr_own_control *dup = kr_config_own_control(cfg, idn->text);
            if (dup) {
                err(x, idn, "controls: '%s' is defined twice (first at line %u, column %u)",
                    idn->text, dup->origin.span.start.line + 1, dup->origin.span.start.col + 1);
                idn = NULL;
            }
        }
        char *en = control_text(x, it, "title_en", true);
        char *ja = control_text(x, it, "title_ja", true);
        char *sec = control_text(x, it, "section", false);
        if (!idn || x->errors != before) {
            free(en);
            free(ja);
            free(sec);
            continue;
        }
        kr_own_control c = {kr_xstrdup(idn->text), en, ja, sec, origin_of(idn)};
        kr_array_push(&cfg->controls, c);
    }
}

const kr_own_control *kr_config_own_control(const kr_config *self, const char *id)
{
    for (size_t i = 0; i < self->controls.len; i++)
        if (strcmp(self->controls.items[i].id, id) == 0) return &self->controls.items[i];
    return NULL;
}

static void parse_top(cfgctx *x, const kr_node *root)
{
    kr_config *cfg = x->cfg;
    check_keys(x, root, top_keys, "the configuration");
    for (size_t i = 0; i < root->npairs; i++) {
        const char *key = root->pairs[i].key->text;
        const kr_node *v = root->pairs[i].value;
        /* A key left empty (`params:` followed only by comments, as in the
         * starter file krewlint init writes) is YAML null: not set. */
        if (v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_NULL)
            continue;
        if (strcmp(key, "include") == 0) {
            parse_strs(x, key, v, &cfg->include, false);
        } else if (strcmp(key, "exclude") == 0) {
            parse_strs(x, key, v, &cfg->exclude, false);
        } else if (strcmp(key, "rules_dirs") == 0) {
            parse_strs(x, key, v, &cfg->rules_dirs, true);
        } else if (strcmp(key, "rules") == 0) {
            parse_rules(x, v);
        } else if (strcmp(key, "mandatory") == 0) {
            parse_selectors(x, key, v, &cfg->mandatory);
        } else if (strcmp(key, "severity") == 0) {
            parse_severity(x, v);
        } else if (strcmp(key, "lang") == 0) {
            if (is_string(v) && (strcmp(v->text, "en") == 0 || strcmp(v->text, "ja") == 0)) {
                cfg->lang = v->text[0] == 'j' ? KR_LANG_JA : KR_LANG_EN;
                cfg->lang_origin = origin_of(v);
            } else {
                err(x, v, "lang must be en or ja, not %s%s%s", is_string(v) ? "'" : "",
                    is_string(v) ? v->text : kind_name(v), is_string(v) ? "'" : "");
            }
        } else if (strcmp(key, "fail_on") == 0) {
            if (is_string(v) && kr_fail_on_parse(&cfg->fail_on, v->text) == 0) {
                cfg->fail_on_origin = origin_of(v);
            } else {
                err(x, v, "fail_on must be error, warning, note or none, not %s%s%s",
                    is_string(v) ? "'" : "", is_string(v) ? v->text : kind_name(v),
                    is_string(v) ? "'" : "");
            }
        } else if (strcmp(key, "baseline") == 0) {
            const char *s = one_string(x, key, v);
            if (s) {
                free(cfg->baseline);
                cfg->baseline = resolve(cfg, s);
                cfg->baseline_origin = origin_of(v);
            }
        } else if (strcmp(key, "params") == 0) {
            parse_params(x, v);
        } else if (strcmp(key, "cloudformation") == 0 || strcmp(key, "serverless") == 0) {
            parse_cfn(x, key, v);
        } else if (strcmp(key, "controls") == 0) {
            parse_controls(x, v);
        }
    }
}

/* The folder of a file path ("." when none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return kr_xstrdup(".");
    if (slash == path) return kr_xstrdup("/");
    return kr_xstrndup(path, (size_t)(slash - path));
}

/* prefix: the working folder relative to the config's folder, when it lies
 * inside it ("" when the same). NULL otherwise: paths are then matched as
 * given. */
static char *compute_prefix(const char *dir)
{
    char *d = realpath(dir, NULL);
    char *c = realpath(".", NULL);
    char *out = NULL;
    if (d && c) {
        size_t dl = strlen(d);
        if (strcmp(d, c) == 0) {
            out = kr_xstrdup("");
        } else if (strncmp(c, d, dl) == 0 && (c[dl] == '/' || (dl == 1 && d[0] == '/'))) {
            const char *rest = c + dl + (c[dl] == '/');
            kr_buf b;
            kr_buf_init(&b, 0);
            kr_buf_printf(&b, "%s/", rest);
            out = kr_buf_detach(&b);
        }
    }
    free(d);
    free(c);
    return out;
}

int kr_config_parse(kr_config *self, const char *path, const char *data, size_t len,
                    kr_diags *diags)
{
    cfgctx x = {self, path, diags, 0};
    free(self->path);
    self->path = kr_xstrdup(path);
    free(self->dir);
    self->dir = dir_of(path);
    free(self->prefix);
    self->prefix = compute_prefix(self->dir);

    self->data = kr_xmalloc(len + 1);
    memcpy(self->data, data, len);
    self->data[len] = '\0';
    self->doc = kr_xcalloc(1, sizeof *self->doc);
    kr_doc_init(self->doc, self->path, self->data, len);

    kr_diags local;
    kr_diags_init(&local);
    int rc = kr_doc_parse_yaml(self->doc, &local);
    /* the adapter's warnings (duplicate keys) are errors in a configuration */
    for (size_t i = 0; i < local.len; i++) {
        kr_diag *d = &local.items[i];
        if (d->severity != KR_SEV_ERROR) {
            d->severity = KR_SEV_ERROR;
            local.errors++;
        }
        free(d->code);
        d->code = kr_xstrdup(CODE);
    }
    x.errors += local.errors;
    kr_diags_take(diags, &local);
    kr_diags_dispose(&local);
    if (rc != 0) return KR_EINVALID;

    if (self->doc->nroots > 1) {
        err(&x, self->doc->roots[1], "the configuration must be one YAML document, not %zu",
            self->doc->nroots);
    } else if (self->doc->nroots == 1) {
        const kr_node *root = self->doc->roots[0];
        if (root->kind == KR_NODE_MAP)
            parse_top(&x, root);
        else if (!(root->kind == KR_NODE_SCALAR && root->stype == KR_SCALAR_NULL))
            err(&x, root, "the configuration must be a map, not %s", kind_name(root));
    }
    return x.errors ? KR_EINVALID : 0;
}

/* The configured rule folders must exist: reported at their entry, not later
 * by the rule loader without a position. (kr_config_parse stays free of the
 * file system; the baseline is checked when it is applied, since `krewlint
 * baseline` writes it.) */
static int check_paths(kr_config *self, kr_diags *diags)
{
    size_t errors = 0;
    for (size_t i = 0; i < self->rules_dirs.len; i++) {
        const kr_config_str *s = &self->rules_dirs.items[i];
        if (s->origin.kind != KR_ORIGIN_FILE || exists(s->value)) continue;
        kr_diags_add(diags, KR_SEV_ERROR, self->path, &s->origin.span, CODE,
                     "rules_dirs: no such rules folder or file '%s'", s->value);
        errors++;
    }
    return errors ? KR_EINVALID : 0;
}

int kr_config_load(kr_config *self, const char *path, kr_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    const char *emsg = NULL;
    int rc = kr_fs_read(&data, &len, path, &emsg);
    if (rc != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the configuration: %s",
                     rc == KR_ELIMIT ? "the file is too large" : emsg ? emsg : "read error");
        return KR_EIO;
    }
    rc = kr_config_parse(self, path, data, len, diags);
    free(data);
    int prc = check_paths(self, diags); /* reported with the other errors */
    if (rc == 0) rc = prc;
    return rc;
}

/* ----------------------------------------------------------- checking --- */

static void check_sel(const kr_config *self, const kr_ruleset *rules, const kr_selector *s,
                      const char *where, kr_diags *diags, size_t *errors)
{
    size_t n = kr_ruleset_count(rules);
    for (size_t i = 0; i < n; i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        if (kr_selector_matches(s->kind, s->text, r->id, r->control)) return;
    }
    const kr_span *sp = s->origin.kind == KR_ORIGIN_FILE ? &s->origin.span : NULL;
    const char *file = s->origin.kind == KR_ORIGIN_FILE ? self->path : "command line";
    switch (s->kind) {
    case KR_SEL_RULE: {
        /* a close id, if any */
        const char *best = NULL;
        size_t bestd = 3;
        for (size_t i = 0; i < n; i++) {
            const char *id = kr_ruleset_get(rules, i)->id;
            size_t d = kr_edit_distance(s->text, id);
            if (d < bestd) {
                bestd = d;
                best = id;
            }
        }
        if (best)
            kr_diags_add(diags, KR_SEV_ERROR, file, sp, CODE,
                         "%s: unknown rule '%s' (did you mean '%s'?)", where, s->text, best);
        else
            kr_diags_add(diags, KR_SEV_ERROR, file, sp, CODE, "%s: unknown rule '%s'", where,
                         s->text);
        break;
    }
    case KR_SEL_ITEM:
        kr_diags_add(diags, KR_SEV_ERROR, file, sp, CODE,
                     "%s: no loaded rule checks checksheet item '%s'", where, s->text);
        break;
    case KR_SEL_GLOB:
        kr_diags_add(diags, KR_SEV_ERROR, file, sp, CODE, "%s: '%s' matches no loaded rule",
                     where, s->text);
        break;
    }
    (*errors)++;
}

int kr_config_check(const kr_config *self, const kr_ruleset *rules, kr_diags *diags)
{
    size_t errors = 0;
    for (size_t i = 0; i < self->enable.len; i++)
        check_sel(self, rules, &self->enable.items[i], "rules.enable", diags, &errors);
    for (size_t i = 0; i < self->disable.len; i++)
        check_sel(self, rules, &self->disable.items[i], "rules.disable", diags, &errors);
    for (size_t i = 0; i < self->mandatory.len; i++)
        check_sel(self, rules, &self->mandatory.items[i], "mandatory", diags, &errors);
    for (size_t i = 0; i < self->severity.len; i++)
        check_sel(self, rules, &self->severity.items[i].sel, "severity", diags, &errors);
    return errors ? KR_EINVALID : 0;
}

/* ------------------------------------------------------------ queries --- */

static bool any_match(const kr_selectors *s, const char *id, const char *control)
{
    for (size_t i = 0; i < s->len; i++)
        if (kr_selector_matches(s->items[i].kind, s->items[i].text, id, control)) return true;
    return false;
}

size_t kr_config_rule_params(const kr_config *self, kr_rule_param **out)
{
    size_t n = self ? self->params.len : 0;
    *out = kr_xcalloc(n ? n : 1, sizeof **out);
    for (size_t i = 0; i < n; i++) {
        (*out)[i].name = self->params.items[i].name;
        (*out)[i].value = self->params.items[i].value;
    }
    return n;
}

const kr_selector *kr_config_disabled_by(const kr_config *self, const kr_rule *rule)
{
    if (!self || !rule) return NULL;
    for (size_t i = 0; i < self->disable.len; i++)
        if (kr_selector_matches(self->disable.items[i].kind, self->disable.items[i].text, rule->id,
                                rule->control))
            return &self->disable.items[i];
    return NULL;
}

bool kr_config_rule_enabled(const kr_config *self, const kr_rule *rule)
{
    if (!self) return true;
    if (any_match(&self->disable, rule->id, rule->control)) return false;
    if (self->enable.len && !any_match(&self->enable, rule->id, rule->control)) return false;
    return true;
}

kr_severity kr_config_severity(const kr_config *self, const kr_rule *rule)
{
    kr_severity sev = rule->severity;
    if (!self) return sev;
    int best = -1;
    for (size_t i = 0; i < self->severity.len; i++) {
        const kr_sev_override *o = &self->severity.items[i];
        if (!kr_selector_matches(o->sel.kind, o->sel.text, rule->id, rule->control)) continue;
        int rank = o->sel.kind == KR_SEL_RULE ? 2 : o->sel.kind == KR_SEL_GLOB ? 1 : 0;
        if (rank >= best) {
            best = rank;
            sev = o->severity;
        }
    }
    return sev;
}

bool kr_config_is_mandatory(const kr_config *self, const char *rule_id, const char *control)
{
    return self && any_match(&self->mandatory, rule_id, control);
}

const kr_param *kr_config_param(const kr_config *self, const char *name)
{
    if (!self) return NULL;
    for (size_t i = 0; i < self->params.len; i++)
        if (strcmp(self->params.items[i].name, name) == 0) return &self->params.items[i];
    return NULL;
}

/* Lexically normalised prefix+path: no "." segments, ".." folded where
 * possible, no leading "./". */
static char *normalise(const char *prefix, const char *path)
{
    kr_buf in;
    kr_buf_init(&in, 0);
    kr_buf_puts(&in, prefix ? prefix : "");
    kr_buf_puts(&in, path);
    const char *s = kr_buf_cstr(&in);
    size_t n = strlen(s);
    char *out = kr_xmalloc(n + 1);
    size_t o = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '/') j++;
        size_t sl = j - i;
        if (sl == 0 || (sl == 1 && s[i] == '.')) {
            /* skip */
        } else if (sl == 2 && s[i] == '.' && s[i + 1] == '.' && o > 0 &&
                   !(o >= 2 && out[o - 1] == '.' && out[o - 2] == '.' &&
                     (o == 2 || out[o - 3] == '/'))) {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            if (o > 0) out[o++] = '/';
            memcpy(out + o, s + i, sl);
            o += sl;
        }
        i = j + 1;
    }
    out[o] = '\0';
    kr_buf_dispose(&in);
    return out;
}

bool kr_config_wants_path(const kr_config *self, const char *path)
{
    if (!self || (!self->include.len && !self->exclude.len)) return true;
    const char *prefix = path[0] == '/' ? NULL : self->prefix;
    char *rel = normalise(prefix, path);
    bool ok = true;
    for (size_t i = 0; i < self->exclude.len && ok; i++)
        if (kr_glob_match(self->exclude.items[i].value, rel)) ok = false;
    if (ok && self->include.len) {
        ok = false;
        for (size_t i = 0; i < self->include.len && !ok; i++)
            if (kr_glob_match(self->include.items[i].value, rel)) ok = true;
    }
    free(rel);
    return ok;
}

/* ------------------------------------------------------------ printing --- */

static void put_origin(kr_buf *out, const kr_config *self, const kr_config_origin *o)
{
    switch (o->kind) {
    case KR_ORIGIN_DEFAULT: kr_buf_puts(out, "  # default\n"); return;
    case KR_ORIGIN_CLI: kr_buf_puts(out, "  # command line\n"); return;
    case KR_ORIGIN_FILE:
        kr_buf_printf(out, "  # %s:%u:%u\n", self->path ? self->path : "?",
                      (unsigned)o->span.start.line + 1, (unsigned)o->span.start.col + 1);
        return;
    }
}

/* A YAML double-quoted scalar. */
static void put_str(kr_buf *out, const char *s)
{
    kr_buf_put_json_string(out, s, strlen(s));
}

static void print_strs(kr_buf *out, const kr_config *self, const char *key, const kr_config_strs *s)
{
    if (!s->len) {
        kr_buf_printf(out, "%s: []  # default\n", key);
        return;
    }
    kr_buf_printf(out, "%s:\n", key);
    for (size_t i = 0; i < s->len; i++) {
        kr_buf_puts(out, "  - ");
        put_str(out, s->items[i].value);
        put_origin(out, self, &s->items[i].origin);
    }
}

static void print_sels(kr_buf *out, const kr_config *self, const char *indent, const char *key,
                       const kr_selectors *s)
{
    if (!s->len) {
        kr_buf_printf(out, "%s%s: []  # default\n", indent, key);
        return;
    }
    kr_buf_printf(out, "%s%s:\n", indent, key);
    for (size_t i = 0; i < s->len; i++) {
        kr_buf_printf(out, "%s  - ", indent);
        if (s->items[i].reason || s->items[i].by) {
            kr_buf_puts(out, "{rule: ");
            put_str(out, s->items[i].text);
            if (s->items[i].reason) {
                kr_buf_puts(out, ", reason: ");
                put_str(out, s->items[i].reason);
            }
            if (s->items[i].by) {
                kr_buf_puts(out, ", by: ");
                put_str(out, s->items[i].by);
            }
            kr_buf_puts(out, "}");
        } else {
            put_str(out, s->items[i].text);
        }
        put_origin(out, self, &s->items[i].origin);
    }
}

/* A param node in flow style (strings quoted), bounded. */
static void put_node(kr_buf *out, const kr_node *n, unsigned depth)
{
    if (depth > 8) {
        kr_buf_puts(out, "...");
        return;
    }
    switch (n->kind) {
    case KR_NODE_MAP:
        kr_buf_puts(out, "{");
        for (size_t i = 0; i < n->npairs; i++) {
            if (i) kr_buf_puts(out, ", ");
            kr_buf_printf(out, "%s: ", n->pairs[i].key->text);
            put_node(out, n->pairs[i].value, depth + 1);
        }
        kr_buf_puts(out, "}");
        return;
    case KR_NODE_SEQ:
        kr_buf_puts(out, "[");
        for (size_t i = 0; i < n->nitems; i++) {
            if (i) kr_buf_puts(out, ", ");
            put_node(out, n->items[i], depth + 1);
        }
        kr_buf_puts(out, "]");
        return;
    case KR_NODE_SCALAR:
        if (n->stype == KR_SCALAR_STRING) {
            kr_buf_put_json_string(out, n->text, n->text_len);
            return;
        }
        kr_buf_puts(out, n->text ? n->text : "null");
        return;
    case KR_NODE_EXPR:
        kr_buf_put_json_string(out, n->text, n->text_len);
        return;
    }
}

void kr_config_print(const kr_config *self, kr_buf *out)
{
    kr_buf_printf(out, "# effective configuration; file: %s\n", self->path ? self->path : "(none)");
    print_strs(out, self, "include", &self->include);
    print_strs(out, self, "exclude", &self->exclude);
    kr_buf_puts(out, "rules:\n");
    print_sels(out, self, "  ", "enable", &self->enable);
    print_sels(out, self, "  ", "disable", &self->disable);
    if (!self->severity.len) {
        kr_buf_puts(out, "severity: {}  # default\n");
    } else {
        kr_buf_puts(out, "severity:\n");
        for (size_t i = 0; i < self->severity.len; i++) {
            const kr_sev_override *o = &self->severity.items[i];
            kr_buf_puts(out, "  ");
            put_str(out, o->sel.text);
            kr_buf_printf(out, ": %s", kr_severity_name(o->severity));
            put_origin(out, self, &o->origin);
        }
    }
    print_strs(out, self, "rules_dirs", &self->rules_dirs);
    kr_buf_printf(out, "lang: %s", self->lang == KR_LANG_JA ? "ja" : "en");
    put_origin(out, self, &self->lang_origin);
    kr_buf_printf(out, "fail_on: %s", kr_fail_on_name(self->fail_on));
    put_origin(out, self, &self->fail_on_origin);
    if (self->baseline) {
        kr_buf_puts(out, "baseline: ");
        put_str(out, self->baseline);
        put_origin(out, self, &self->baseline_origin);
    } else {
        kr_buf_puts(out, "baseline: null  # default\n");
    }
    print_sels(out, self, "", "mandatory", &self->mandatory);
    kr_buf_puts(out, "cloudformation:\n");
    print_strs(out, self, "  parameters", &self->cfn_parameters);
    const struct {
        const char *key, *value, *dflt;
        const kr_config_origin *o;
    } cfn[] = {
        {"  region", self->cfn_region, "null  # default (AWS::Region unknown)", &self->cfn_region_origin},
        {"  samconfig_env", self->cfn_samconfig_env, "default  # default", &self->cfn_samconfig_env_origin},
        {"serverless:\n  stage", self->sls_stage, "null  # default (provider.stage, else dev)",
         &self->sls_stage_origin},
    };
    for (size_t i = 0; i < sizeof cfn / sizeof *cfn; i++) {
        kr_buf_printf(out, "%s: ", cfn[i].key);
        if (cfn[i].value) {
            put_str(out, cfn[i].value);
            put_origin(out, self, cfn[i].o);
        } else {
            kr_buf_printf(out, "%s\n", cfn[i].dflt);
        }
    }
    if (self->controls.len) {
        kr_buf_puts(out, "controls:\n");
        for (size_t i = 0; i < self->controls.len; i++) {
            const kr_own_control *c = &self->controls.items[i];
            kr_buf_puts(out, "  - id: ");
            put_str(out, c->id);
            put_origin(out, self, &c->origin);
            kr_buf_puts(out, "    title_en: ");
            put_str(out, c->title_en);
            kr_buf_puts(out, "\n    title_ja: ");
            put_str(out, c->title_ja);
            kr_buf_puts(out, "\n");
            if (c->section) {
                kr_buf_puts(out, "    section: ");
                put_str(out, c->section);
                kr_buf_puts(out, "\n");
            }
        }
    }
    kr_buf_printf(out, "inline_suppressions: %s  # %s\n",
                  self->no_inline_suppressions ? "false" : "true",
                  self->no_inline_suppressions ? "command line" : "default");
    kr_buf_puts(out, "params:");
    if (!self->params.len && !kr_param_specs[0].name) kr_buf_puts(out, " {}");
    kr_buf_puts(out, "\n");
    for (size_t i = 0; kr_param_specs[i].name; i++) {
        const kr_param *p = kr_config_param(self, kr_param_specs[i].name);
        kr_buf_printf(out, "  %s: ", kr_param_specs[i].name);
        if (p) {
            put_node(out, p->value, 0);
            put_origin(out, self, &p->origin);
        } else {
            kr_buf_printf(out, "null  # default (the rules' own; %s)\n", kr_param_specs[i].control);
        }
    }
    for (size_t i = 0; i < self->params.len; i++) {
        const kr_param *p = &self->params.items[i];
        bool known = false;
        for (size_t j = 0; kr_param_specs[j].name; j++)
            if (strcmp(kr_param_specs[j].name, p->name) == 0) known = true;
        if (known) continue;
        kr_buf_printf(out, "  %s: ", p->name);
        put_node(out, p->value, 0);
        put_origin(out, self, &p->origin);
    }
}
