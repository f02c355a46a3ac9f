/* engine.c - one krewlint run (engine.h): configuration, rules, the path
 * set, the scan, deferred query errors, changed lines, the baseline, the
 * view of suppressed findings and the exit status.
 *
 * This is the policy that used to live in the command-line program; the CLI
 * now only turns argv into kr_engine_options and picks the output.
 */
#include "engine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "catalog.h"
#include "cfn/resolve.h"
#include "doc/format.h"
#include "git.h"
#include "rulesdir.h"
#include "shard.h"
#include "ts/tree.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/fs.h"

typedef KR_ARRAY(char *) pathlist;      /* owned copies */
typedef KR_ARRAY(const char *) dirlist; /* borrowed */

/* kr_engine - one run; see engine.h for the steps. */
struct kr_engine {
    kr_engine_options o;
    FILE *err;
    kr_config cfg;
    bool cfg_loaded;
    kr_ruleset *rules;
    char *default_dir;        /* the bundled pack, when no --rules */
    dirlist dirs;             /* --rules (or the bundled pack), then the config's */
    pathlist paths;           /* what to scan, after --files-from / --changed-since */
    bool explicit_list;       /* --files-from / --changed-since: empty means nothing */
    bool use_stdin;           /* the PATH "-": standard input is the one file */
    char *base;               /* --changed-since: the merge base */
    kr_result res;
    kr_findings disabled;     /* keep_adopted: rules the configuration turns off */
    kr_findings baselined;    /* keep_adopted: accepted by the baseline */
    size_t nbaselined;
    kr_cfn_params cfn_params; /* the configuration's and the command line's parameter files */
    kr_cfn_options cfn;
    bool adopted;             /* the result came from kr_engine_adopt_result */
};

static void pathlist_push(pathlist *pl, const char *s, size_t n)
{
    kr_array_push(pl, kr_xstrndup(s, n));
}

static void pathlist_dispose(pathlist *pl)
{
    for (size_t i = 0; i < pl->len; i++)
        free(pl->items[i]);
    kr_array_dispose(pl);
}

void kr_process_init(void)
{
    kr_ts_use_meter();
}

kr_engine *kr_engine_new(const kr_engine_options *opts)
{
    kr_engine *e = kr_xcalloc(1, sizeof *e);
    e->o = *opts;
    e->err = opts->err ? opts->err : stderr;
    if (!e->o.what)
        e->o.what = "scanned";
    kr_config_init(&e->cfg);
    kr_result_init(&e->res);
    kr_findings_init(&e->disabled);
    kr_findings_init(&e->baselined);
    return e;
}

void kr_engine_free(kr_engine *self)
{
    if (!self)
        return;
    kr_result_dispose(&self->res);
    kr_findings_dispose(&self->disabled);
    kr_findings_dispose(&self->baselined);
    kr_cfn_params_dispose(&self->cfn_params);
    kr_config_dispose(&self->cfg);
    if (self->rules)
        kr_ruleset_free(self->rules);
    pathlist_dispose(&self->paths);
    kr_array_dispose(&self->dirs);
    free(self->base);
    free(self->default_dir);
    free(self);
}

const kr_engine_options *kr_engine_options_of(const kr_engine *self) { return &self->o; }
const kr_config *kr_engine_config(const kr_engine *self) { return &self->cfg; }
const kr_ruleset *kr_engine_rules(const kr_engine *self) { return self->rules; }
kr_lang kr_engine_lang(const kr_engine *self) { return self->o.lang; }
const kr_result *kr_engine_result(const kr_engine *self) { return &self->res; }
kr_result *kr_engine_result_mut(kr_engine *self) { return &self->res; }
const kr_findings *kr_engine_disabled(const kr_engine *self) { return &self->disabled; }
const kr_findings *kr_engine_baselined(const kr_engine *self) { return &self->baselined; }
size_t kr_engine_baselined_count(const kr_engine *self) { return self->nbaselined; }

/* ------------------------------------------------------- configuration --- */

/* Hands d (the problems of a step) to the caller's sink, or prints it; with
 * `failed` ("rules are"), the step ends the run with "krewlint: the rules are invalid;
 * nothing was ...". Disposes d. */
static void deliver(kr_engine *self, kr_diags *d, const char *failed)
{
    if (self->o.diags) {
        kr_diags_take(self->o.diags, d);
    } else {
        kr_diags_print(d, self->err);
        if (failed)
            fprintf(self->err, "krewlint: the %s invalid; nothing was %s\n", failed,
                    self->o.what);
    }
    kr_diags_dispose(d);
}

void kr_engine_set_paths(kr_engine *self, const char *const *paths, size_t npaths)
{
    self->o.paths = paths;
    self->o.npaths = npaths;
}

/* Reads --config FILE, or the .krewlint.yml found from the first PATH
 * upwards; then the command line wins over the file. */
static int load_config(kr_engine *self)
{
    kr_engine_options *o = &self->o;
    kr_config *cfg = &self->cfg;
    if (!o->no_config) {
        kr_diags d;
        kr_diags_init(&d);
        char *found = NULL;
        const char *path = o->config;
        /* `-` (standard input): from the working folder */
        const char *start = o->npaths && strcmp(o->paths[0], "-") != 0 ? o->paths[0] : ".";
        if (!path && kr_config_find(&found, start) == 0)
            path = found;
        int rc = path ? kr_config_load(cfg, path, &d) : 0;
        kr_diags_sort(&d);
        deliver(self, &d, rc != 0 ? "configuration is" : NULL);
        free(found);
        if (rc != 0)
            return KR_EXIT_TROUBLE;
    }
    if (o->lang_given) {
        cfg->lang = o->lang;
        cfg->lang_origin.kind = KR_ORIGIN_CLI;
    } else if (cfg->lang_origin.kind == KR_ORIGIN_FILE) {
        o->lang = cfg->lang;
    } else {
        cfg->lang = o->lang; /* from the environment */
    }
    if (o->fail_on_given) {
        cfg->fail_on = o->fail_on;
        cfg->fail_on_origin.kind = KR_ORIGIN_CLI;
    }
    if (o->baseline) {
        free(cfg->baseline);
        cfg->baseline = kr_xstrdup(o->baseline);
        cfg->baseline_origin.kind = KR_ORIGIN_CLI;
    }
    cfg->no_inline_suppressions = o->no_inline_suppressions;
    /* --exclude joins the configuration's exclude; its globs are relative
     * to the current folder, the configuration's to its own folder */
    for (size_t i = 0; i < o->nexcludes; i++) {
        kr_config_strs *ex = &cfg->exclude;
        if (ex->len == ex->cap) {
            ex->cap = ex->cap ? ex->cap * 2 : 8;
            ex->items = kr_xrealloc(ex->items, ex->cap * sizeof *ex->items);
        }
        kr_config_str *s = &ex->items[ex->len++];
        memset(s, 0, sizeof *s);
        const char *g = o->excludes[i];
        while (g[0] == '.' && g[1] == '/')
            g += 2;
        bool anywhere = strncmp(g, "**", 2) == 0 || g[0] == '/';
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s%s", anywhere || !cfg->prefix ? "" : cfg->prefix, g);
        s->value = kr_buf_detach(&b);
        if (!s->value) s->value = kr_xstrdup(g);
        s->origin.kind = KR_ORIGIN_CLI;
    }
    /* --rule / --skip-rule join the configuration's selection (checked
     * against the loaded rules by kr_config_check, as "command line"). */
    for (int pass = 0; pass < 2; pass++) {
        const char *const *sels = pass == 0 ? o->rule_sels : o->skip_sels;
        size_t n = pass == 0 ? o->nrule_sels : o->nskip_sels;
        kr_selectors *to = pass == 0 ? &cfg->enable : &cfg->disable;
        for (size_t i = 0; i < n; i++) {
            if (to->len == to->cap) {
                to->cap = to->cap ? to->cap * 2 : 8;
                to->items = kr_xrealloc(to->items, to->cap * sizeof *to->items);
            }
            kr_selector *sel = &to->items[to->len++];
            memset(sel, 0, sizeof *sel);
            (void)kr_selector_classify(&sel->kind, sels[i]); /* checked by the CLI */
            sel->text = kr_xstrdup(sels[i]);
            sel->origin.kind = KR_ORIGIN_CLI;
        }
    }
    return 0;
}

/* Rules from folders without a catalog.tsv (the loader checks controls
 * against the catalog of the folders it reads) are checked against the
 * bundled catalog: a control that is no checksheet item is an error at the
 * rule, as it is in a folder with a catalog. Returns 0, or -1 delivered. */
static int check_controls(kr_engine *self)
{
    /* an own control (ACME-1) must be one of the configuration's controls:
     * the loader accepts the shape, only the configuration knows the items */
    kr_diags own;
    kr_diags_init(&own);
    for (size_t i = 0; i < kr_ruleset_count(self->rules); i++) {
        const kr_rule *r = kr_ruleset_get(self->rules, i);
        if (r->control && !kr_catalog_number_ok(r->control, strlen(r->control)) &&
            !kr_config_own_control(&self->cfg, r->control))
            kr_diags_add(&own, KR_SEV_ERROR, r->file, &r->src, "invalid-rule",
                         "rule %s: control '%s' is neither a checksheet item nor one of the own "
                         "controls of %s (controls: [{id: %s, title_en: ..., title_ja: ...}])",
                         r->id, r->control, self->cfg.path ? self->cfg.path : KR_CONFIG_NAME,
                         r->control);
    }
    if (own.errors) {
        kr_diags_sort(&own);
        deliver(self, &own, "rules are");
        return -1;
    }
    kr_diags_dispose(&own);
    for (size_t i = 0; i < self->o.nrules_dirs; i++) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", self->o.rules_dirs[i]);
        bool has = access(kr_buf_cstr(&b), R_OK) == 0;
        kr_buf_dispose(&b);
        if (has)
            return 0; /* checked by the loader */
    }
    char *bundled = kr_default_rules_dir(self->o.argv0);
    if (!bundled)
        return 0;
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s/catalog.tsv", bundled);
    free(bundled);
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    int rc = 0;
    if (access(kr_buf_cstr(&b), R_OK) == 0 && kr_catalog_load(&cat, kr_buf_cstr(&b), &d) == 0) {
        for (size_t i = 0; i < kr_ruleset_count(self->rules); i++) {
            const kr_rule *r = kr_ruleset_get(self->rules, i);
            if (r->control && !kr_catalog_find(&cat, r->control) &&
                !kr_config_own_control(&self->cfg, r->control))
                kr_diags_add(&d, KR_SEV_ERROR, r->file, &r->src, "invalid-rule",
                             "rule %s: control '%s' is not an item of the checksheet catalog "
                             "(the bundled catalog.tsv; a rules folder may bring its own)",
                             r->id, r->control);
        }
    }
    if (d.errors) {
        kr_diags_sort(&d);
        deliver(self, &d, "rules are");
        rc = -1;
    } else {
        kr_diags_dispose(&d);
    }
    kr_catalog_dispose(&cat);
    kr_buf_dispose(&b);
    return rc;
}

int kr_engine_load(kr_engine *self)
{
    kr_engine_options *o = &self->o;
    int status = load_config(self);
    if (status)
        return status;
    for (size_t i = 0; i < o->nrules_dirs; i++)
        kr_array_push(&self->dirs, o->rules_dirs[i]);
    if (self->dirs.len == 0) {
        self->default_dir = kr_default_rules_dir(o->argv0);
        if (!self->default_dir) {
            fputs("krewlint: cannot find the bundled rules; use --rules DIR or set "
                  "KREWLINT_RULES_DIR\n",
                  self->err);
            return KR_EXIT_TROUBLE;
        }
        kr_array_push(&self->dirs, self->default_dir);
    }
    /* the configuration's rule folders come after the others */
    for (size_t i = 0; i < self->cfg.rules_dirs.len; i++)
        kr_array_push(&self->dirs, self->cfg.rules_dirs.items[i].value);

    /* Source-code queries compile when the scan meets a file in their
     * language (a configuration-only scan never pays for them); the
     * configuration's params reach the rules that read them (rules/README.md,
     * "Parameters"). */
    kr_diags d;
    kr_diags_init(&d);
    kr_rule_param *params = NULL;
    size_t nparams = kr_config_rule_params(&self->cfg, &params);
    kr_ruleset_options ropts = {true, self->default_dir, self->cfg.path, params, nparams};
    int rc = kr_ruleset_load_with(&self->rules, self->dirs.items, self->dirs.len, &ropts, &d);
    free(params);
    if (rc != 0) {
        deliver(self, &d, "rules are");
        return KR_EXIT_TROUBLE;
    }
    deliver(self, &d, NULL); /* warnings about rules, if any */
    if (check_controls(self) != 0)
        return KR_EXIT_TROUBLE;
    if (kr_ruleset_count(self->rules) == 0) {
        /* an empty --rules folder must not turn into a clean scan */
        fprintf(self->err, "krewlint: no rule was loaded (the rules folders hold no .yml/.yaml rule "
                           "file); nothing was %s\n", self->o.what);
        return KR_EXIT_TROUBLE;
    }
    kr_diags_init(&d);
    if (kr_config_check(&self->cfg, self->rules, &d) != 0) {
        kr_diags_sort(&d);
        deliver(self, &d, "configuration is");
        return KR_EXIT_TROUBLE;
    }
    kr_diags_dispose(&d);
    self->cfg_loaded = true;
    return 0;
}

void kr_engine_add_own_controls(const kr_engine *self, kr_catalog *cat)
{
    for (size_t i = 0; i < self->cfg.controls.len; i++) {
        const kr_own_control *c = &self->cfg.controls.items[i];
        size_t n = 0, nall = self->rules ? kr_ruleset_count(self->rules) : 0;
        const char **ids = kr_xcalloc(nall ? nall : 1, sizeof *ids);
        for (size_t j = 0; j < nall; j++) {
            const kr_rule *r = kr_ruleset_get(self->rules, j);
            if (r->control && strcmp(r->control, c->id) == 0) ids[n++] = r->id;
        }
        kr_catalog_add_own(cat, c->id, c->title_en, c->title_ja, c->section, ids, n);
        free(ids);
    }
}

int kr_engine_prepare_sources(kr_engine *self)
{
    kr_diags d;
    kr_diags_init(&d);
    int status = kr_ruleset_prepare_sources(self->rules, &d) != 0 ? KR_EXIT_TROUBLE : 0;
    deliver(self, &d, status ? "rules are" : NULL);
    return status;
}

int kr_engine_print_config(const kr_engine *self, FILE *out)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_config_print(&self->cfg, &b);
    /* values from .krewlint.yml: terminal text line by line (util/escape.h) */
    kr_buf t;
    kr_buf_init(&t, 0);
    for (const char *p = kr_buf_cstr(&b), *nl; *p; p = nl + (*nl != '\0')) {
        nl = strchr(p, '\n');
        if (!nl) nl = p + strlen(p);
        kr_escape_text(&t, p, (size_t)(nl - p));
        if (*nl) kr_buf_putc(&t, '\n');
    }
    fputs(kr_buf_cstr(&t), out);
    kr_buf_dispose(&t);
    kr_buf_dispose(&b);
    return fflush(out) == 0 && !ferror(out) ? KR_EXIT_CLEAN : KR_EXIT_TROUBLE;
}

/* ------------------------------------------------------------ path set --- */

/* Reads --files-from: entries separated by NUL when the input holds one
 * (git ls-files -z, find -print0), else by newlines; empty entries skipped. */
static int read_files_from(kr_engine *self, const char *from)
{
    char *data = NULL;
    size_t len = 0;
    if (strcmp(from, "-") == 0) {
        kr_buf b;
        kr_buf_init(&b, 0);
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
            kr_buf_put(&b, chunk, n);
        if (ferror(stdin)) {
            kr_buf_dispose(&b);
            fprintf(self->err, "krewlint: cannot read the file list from standard input\n");
            return -1;
        }
        len = b.len;
        data = kr_buf_detach(&b);
    } else {
        const char *err = NULL;
        if (kr_fs_read_stream(&data, &len, from, &err) != 0) {
            fprintf(self->err, "krewlint: cannot read the file list '%s': %s\n", from,
                    err ? err : "error");
            return -1;
        }
    }
    char sep = memchr(data, '\0', len) ? '\0' : '\n';
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && data[j] != sep)
            j++;
        size_t e = j;
        if (sep == '\n' && e > i && data[e - 1] == '\r')
            e--;
        if (e > i)
            pathlist_push(&self->paths, data + i, e - i);
        i = j + 1;
    }
    free(data);
    return 0;
}

/* 1 when `file` (relative to the current folder) is `path` or lies under it. */
static bool under_path(const char *file, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    if (strcmp(path, ".") == 0 || path[0] == '\0')
        return true;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    return strncmp(file, path, n) == 0 && (file[n] == '\0' || file[n] == '/');
}

/* --min-severity: the findings below it go (unknown verdicts are notes). */
static void drop_below(kr_findings *f, kr_severity min)
{
    kr_findings kept, gone;
    kr_findings_init(&kept);
    kr_findings_init(&gone);
    for (size_t i = 0; i < f->len; i++)
        kr_findings_push(f->items[i].severity >= min ? &kept : &gone, &f->items[i]);
    kr_findings_dispose(&gone);
    kr_findings_dispose(f);
    *f = kept;
}

/* --changed-since and Terraform: a changed module (or tfvars) file changes
 * what its whole folder and every folder calling it evaluate to, so their
 * Terraform files are scanned too (kr_scan_tf_affected), found among the
 * files a whole scan of the PATHs would read. */
static void add_tf_affected(const pathlist *paths, pathlist *out, char *const *changed, size_t n)
{
    char **extra = NULL;
    size_t nextra = 0;
    bool tf = false;
    for (size_t i = 0; i < n && !tf; i++)
        tf = kr_syntax_is_terraform(changed[i]) || kr_syntax_is_tfvars(changed[i]);
    if (!tf)
        return;
    const char *dot = ".";
    char **all = NULL;
    size_t nall = 0;
    kr_diags quiet;
    kr_diags_init(&quiet);
    if (kr_scan_collect(&all, &nall, paths->len ? (const char *const *)paths->items : &dot,
                        paths->len ? paths->len : 1, &quiet) == 0)
        kr_scan_tf_affected(changed, n, all, nall, &extra, &nextra);
    kr_diags_dispose(&quiet);
    for (size_t i = 0; i < nextra; i++) {
        /* kr_scan_collect names files as the PATH spelled them ("./a.tf") */
        const char *e = strncmp(extra[i], "./", 2) == 0 ? extra[i] + 2 : extra[i];
        bool dup = false;
        for (size_t k = 0; k < out->len && !dup; k++)
            dup = strcmp(out->items[k], e) == 0;
        if (!dup)
            pathlist_push(out, e, strlen(e));
        free(extra[i]);
    }
    free(extra);
    for (size_t i = 0; i < nall; i++)
        free(all[i]);
    free(all);
}

/* --changed-since: replaces the paths with the changed files under them.
 * Returns 0, or -1 with the problem printed. */
static int apply_changed_since(kr_engine *self)
{
    kr_diags d;
    kr_diags_init(&d);
    if (kr_git_merge_base(&self->base, self->o.changed_since, &d) != 0) {
        kr_diags_print(&d, self->err);
        kr_diags_dispose(&d);
        return -1;
    }
    char **changed = NULL;
    size_t nchanged = 0;
    if (kr_git_changed_files(&changed, &nchanged, self->base, &d) != 0) {
        kr_diags_print(&d, self->err);
        kr_diags_dispose(&d);
        return -1;
    }
    pathlist *pl = &self->paths;
    pathlist out = {0};
    size_t nkept = 0;
    for (size_t i = 0; i < nchanged; i++) {
        bool keep = pl->len == 0;
        for (size_t k = 0; k < pl->len && !keep; k++)
            keep = under_path(changed[i], pl->items[k]);
        if (keep) {
            pathlist_push(&out, changed[i], strlen(changed[i]));
            changed[nkept++] = changed[i];
        } else {
            free(changed[i]);
        }
    }
    add_tf_affected(pl, &out, changed, nkept);
    for (size_t i = 0; i < nkept; i++)
        free(changed[i]);
    free(changed);
    pathlist_dispose(pl);
    *pl = out;
    kr_diags_dispose(&d);
    return 0;
}

/* The arguments, --files-from, narrowed by --changed-since. An explicit list
 * that ends up empty scans nothing (not "."). */
static int path_set(kr_engine *self)
{
    /* A PATH argument that does not exist is a usage error (exit 2, whatever
     * --exit-zero says), as in ripgrep and Semgrep: a mistyped path in CI
     * must not turn into a green scan of nothing. Entries of --files-from
     * and --changed-since may name deleted files; they get a diagnostic. */
    bool dash = false;
    for (size_t i = 0; i < self->o.npaths; i++)
        dash = dash || strcmp(self->o.paths[i], "-") == 0;
    const char *clash = !dash ? NULL
                        : self->o.npaths > 1 ? "other PATHs"
                        : self->o.files_from ? "--files-from"
                        : self->o.changed_since ? "--changed-since"
                        : self->o.scan.shard_count ? "--shard"
                        : self->o.scan.plan_only || self->o.scan.shard_plan ? "--list-shards"
                        : NULL;
    if (clash) {
        /* one stream is one file: there is nothing to list, diff or split */
        fprintf(self->err, "krewlint: '-' (standard input) cannot be combined with %s\n", clash);
        return -1;
    }
    if (!dash && self->o.stdin_filename) {
        fputs("krewlint: --stdin-filename names standard input: give '-' as the PATH\n", self->err);
        return -1;
    }
    if (dash) {
        self->use_stdin = true;
        return 0;
    }
    bool missing = false;
    for (size_t i = 0; i < self->o.npaths; i++) {
        struct stat st;
        if (lstat(self->o.paths[i], &st) != 0 && errno == ENOENT) {
            kr_buf b;
            kr_buf_init(&b, 0);
            kr_escape_text(&b, self->o.paths[i], strlen(self->o.paths[i]));
            fprintf(self->err, "krewlint: %s: no such file or directory\n", kr_buf_cstr(&b));
            kr_buf_dispose(&b);
            missing = true;
        }
    }
    if (missing) {
        fprintf(self->err, "krewlint: nothing was %s\n", self->o.what);
        return -1;
    }
    for (size_t i = 0; i < self->o.npaths; i++)
        pathlist_push(&self->paths, self->o.paths[i], strlen(self->o.paths[i]));
    if (self->o.files_from && read_files_from(self, self->o.files_from) != 0)
        return -1;
    self->explicit_list = self->o.files_from != NULL;
    if (self->o.changed_since) {
        if (apply_changed_since(self) != 0)
            return -1;
        self->explicit_list = true;
    }
    return 0;
}

/* ------------------------------------------------------ after the scan --- */

/* --changed-lines-only: drops findings outside the lines changed since base.
 * Diagnostics stay: a file that cannot be parsed is news on any line. */
static void keep_changed_lines(kr_result *res, const char *base)
{
    kr_findings kept, dropped;
    kr_findings_init(&kept);
    kr_findings_init(&dropped);
    kr_line_ranges lr = {0};
    const char *cur = NULL;
    for (size_t i = 0; i < res->findings.len; i++) {
        kr_finding *f = &res->findings.items[i];
        if (!cur || strcmp(cur, f->file) != 0) { /* findings are sorted by file */
            kr_line_ranges_dispose(&lr);
            kr_git_changed_lines(&lr, base, f->file);
            cur = f->file;
        }
        if (kr_line_ranges_has(&lr, f->span.start.line + 1))
            kr_findings_push(&kept, f);
        else
            kr_findings_push(&dropped, f);
    }
    kr_line_ranges_dispose(&lr);
    res->findings.len = 0; /* ownership moved to kept/dropped */
    kr_findings_dispose(&res->findings);
    res->findings = kept;
    kr_findings_dispose(&dropped);
}

/* Moves the findings marked disabled (kr_scan_options.keep_disabled) out of
 * the result: no count, no report and no baseline sees them. */
static void set_disabled_apart(kr_engine *self)
{
    kr_findings *all = &self->res.findings;
    size_t kept = 0;
    for (size_t i = 0; i < all->len; i++) {
        kr_finding *f = &all->items[i];
        if (f->disabled) {
            /* the checksheet shows the entry's reason and approver */
            const kr_selector *sel = kr_config_disabled_by(&self->cfg, f->rule);
            if (!f->suppressed && sel) {
                free(f->suppress_reason);
                free(f->suppress_by);
                f->suppress_reason = sel->reason ? kr_xstrdup(sel->reason) : NULL;
                f->suppress_by = sel->by ? kr_xstrdup(sel->by) : NULL;
            }
            kr_findings_push(&self->disabled, f);
            continue;
        }
        if (kept != i)
            all->items[kept] = *f;
        kept++;
    }
    all->len = kept;
}

/* Drops (or, with keep_adopted, sets apart) the findings the baseline
 * accepts; notes its entries that matched nothing among the files this run
 * covered. Returns 0, or an exit status when it cannot be read. */
static int apply_baseline(kr_engine *self)
{
    const kr_config *cfg = &self->cfg;
    kr_baseline b;
    kr_baseline_init(&b);
    if (cfg->baseline_origin.kind == KR_ORIGIN_FILE && access(cfg->baseline, F_OK) != 0 &&
        errno == ENOENT) {
        /* like --baseline FILE: a configured baseline that is not there is a
         * configuration error (a typo would otherwise report everything, or
         * in CI hide that the accepted findings are not applied) */
        kr_diags d;
        kr_diags_init(&d);
        kr_diags_add(&d, KR_SEV_ERROR, cfg->path, &cfg->baseline_origin.span, KR_CONFIG_CODE,
                     "baseline: no such file '%s' ('krewlint baseline' writes it)", cfg->baseline);
        deliver(self, &d, "configuration is");
        kr_baseline_dispose(&b);
        return KR_EXIT_TROUBLE;
    }
    kr_diags d;
    kr_diags_init(&d);
    if (kr_baseline_load(&b, cfg->baseline, &d) != 0) {
        kr_diags_print(&d, self->err);
        fputs("krewlint: the baseline is invalid; nothing was reported\n", self->err);
        kr_diags_dispose(&d);
        kr_baseline_dispose(&b);
        return KR_EXIT_TROUBLE;
    }
    kr_diags_dispose(&d);
    self->nbaselined = kr_baseline_split(&b, &self->res.findings,
                                         self->o.keep_adopted ? &self->baselined : NULL);
    const kr_baseline_entry **stale = NULL;
    size_t nstale = kr_baseline_unmatched(&b, &stale);
    bool whole = !self->o.changed_since && !self->o.files_from;
    const pathlist *paths = &self->paths;
    for (size_t i = 0; i < nstale && whole && !self->o.quiet; i++) {
        bool covered = paths->len == 0;
        for (size_t k = 0; k < paths->len && !covered; k++)
            covered = under_path(stale[i]->file, paths->items[k]);
        if (!covered)
            continue;
        /* the entry's texts come from the baseline file: terminal text */
        kr_buf t, line;
        kr_buf_init(&t, 0);
        kr_buf_init(&line, 0);
        kr_buf_printf(&t, "%s:%u:%u: note: baseline entry %s for %s%s%s matches no finding; "
                          "'krewlint baseline' rewrites the file without it",
                      cfg->baseline, stale[i]->span.start.line + 1, stale[i]->span.start.col + 1,
                      stale[i]->rule, stale[i]->file, stale[i]->resource ? " " : "",
                      stale[i]->resource ? stale[i]->resource : "");
        kr_escape_text(&line, kr_buf_cstr(&t), t.len);
        fprintf(self->err, "%s\n", kr_buf_cstr(&line));
        kr_buf_dispose(&t);
        kr_buf_dispose(&line);
    }
    free(stale);
    kr_baseline_dispose(&b);
    return 0;
}

/* Reads the CloudFormation parameter files (the configuration's, then the
 * command line's) and sets the resolution options. A bad file is an error at
 * its file:line:col and ends the run (exit 2), as a bad configuration does. */
static int cfn_setup(kr_engine *self)
{
    const kr_config *cfg = &self->cfg;
    bool use_cfg = !self->o.no_config;
    kr_diags d;
    kr_diags_init(&d);
    for (size_t i = 0; use_cfg && i < cfg->cfn_parameters.len; i++)
        (void)kr_cfn_params_load(&self->cfn_params, cfg->cfn_parameters.items[i].value,
                                 cfg->cfn_samconfig_env, &d);
    for (size_t i = 0; i < self->o.ncfn_parameters; i++)
        (void)kr_cfn_params_load(&self->cfn_params, self->o.cfn_parameters[i],
                                 use_cfg ? cfg->cfn_samconfig_env : NULL, &d);
    bool bad = d.errors > 0;
    kr_diags_sort(&d);
    if (self->o.diags)
        kr_diags_take(self->o.diags, &d);
    else
        kr_diags_print(&d, self->err);
    kr_diags_dispose(&d);
    if (bad) {
        fputs("krewlint: the parameter files are invalid; nothing was scanned\n", self->err);
        return KR_EXIT_TROUBLE;
    }
    self->cfn.params = &self->cfn_params;
    self->cfn.region = self->o.region ? self->o.region : use_cfg ? cfg->cfn_region : NULL;
    self->cfn.stage = self->o.stage ? self->o.stage : use_cfg ? cfg->sls_stage : NULL;
    return 0;
}

int kr_engine_scan(kr_engine *self)
{
    if (!self->cfg_loaded)
        return KR_EXIT_TROUBLE;
    if (!self->cfn.params && cfn_setup(self) != 0)
        return KR_EXIT_TROUBLE;
    if (path_set(self) != 0)
        return KR_EXIT_TROUBLE;
    if (!(self->explicit_list && self->paths.len == 0)) {
        kr_scan_options sopts = self->o.scan;
        sopts.paths = (const char *const *)self->paths.items;
        sopts.npaths = self->paths.len;
        if (self->use_stdin) {
            sopts.stdin_name = self->o.stdin_filename ? self->o.stdin_filename : KR_STDIN_NAME;
            sopts.stdin_fd = 0;
        }
        sopts.lang = self->o.lang;
        sopts.config = self->o.no_config ? NULL : &self->cfg;
        sopts.keep_disabled = self->o.keep_adopted;
        sopts.record_coverage = self->o.record_coverage;
        sopts.cfn = &self->cfn;
        if (kr_scan(&self->res, self->rules, &sopts) != 0) {
            fputs("krewlint: internal error while scanning\n", self->err);
            return KR_EXIT_TROUBLE;
        }
        kr_diags_localize(&self->res.diags, self->o.lang); /* --lang ja: diag_lang.c */
    }
    /* source-code queries the scan compiled on first use */
    if (self->res.rule_errors.len > 0) {
        kr_diags_sort(&self->res.rule_errors);
        deliver(self, &self->res.rule_errors, NULL);
        kr_diags_init(&self->res.rule_errors);
        if (!self->o.diags)
            fputs("krewlint: the rules are invalid; nothing was reported\n", self->err);
        return KR_EXIT_TROUBLE;
    }
    if (self->o.min_severity > KR_SEV_NOTE)
        drop_below(&self->res.findings, self->o.min_severity);
    set_disabled_apart(self);
    if (self->o.changed_lines_only)
        keep_changed_lines(&self->res, self->base);
    if (!self->o.write_baseline && self->cfg.baseline)
        return apply_baseline(self);
    return 0;
}

/* ------------------------------------------------------------- outcome --- */

void kr_engine_view_init(kr_engine_view *out, const kr_engine *self, bool with_suppressed)
{
    const kr_result *res = &self->res;
    out->result = *res;
    out->owned = NULL;
    if (with_suppressed)
        return;
    out->owned = kr_xmalloc((res->findings.len ? res->findings.len : 1) * sizeof *out->owned);
    size_t n = 0;
    for (size_t i = 0; i < res->findings.len; i++)
        if (!res->findings.items[i].suppressed)
            out->owned[n++] = res->findings.items[i];
    out->result.findings.items = out->owned;
    out->result.findings.len = out->result.findings.cap = n;
}

void kr_engine_view_dispose(kr_engine_view *self)
{
    free(self->owned); /* shallow copies: the strings belong to the engine */
    memset(self, 0, sizeof *self);
}

int kr_engine_status(const kr_engine *self)
{
    if (self->o.exit_zero)
        return KR_EXIT_CLEAN;
    kr_fail_on fail_on = self->cfg.fail_on;
    const kr_result *res = &self->res;
    for (size_t i = 0; i < res->diags.len; i++) {
        const kr_diag *d = &res->diags.items[i];
        if (d->severity == KR_SEV_NOTE)
            continue; /* information (a nested stack not followed), like an unknown verdict */
        /* an unused suppression informs and never fails (issue 15: a file
         * whose only problem is one exited 1); an expired one fails like a
         * warning finding */
        if (d->severity == KR_SEV_WARNING && d->code && strcmp(d->code, "suppression-unused") == 0)
            continue;
        bool supp_warning = d->severity == KR_SEV_WARNING && d->code &&
                            strncmp(d->code, "suppression-", 12) == 0;
        if (!supp_warning || kr_fail_on_fails(fail_on, KR_SEV_WARNING))
            return KR_EXIT_FOUND;
    }
    /* Unknown verdicts (the value is not known statically) count only with
     * --fail-on-unknown: they are shown and counted either way (the one
     * default of the CLI, krewlint init, the action and the pre-commit hooks). */
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        if (!f->suppressed && (!f->unknown || self->o.fail_on_unknown) &&
            kr_fail_on_fails(fail_on, f->severity))
            return KR_EXIT_FOUND;
    }
    return KR_EXIT_CLEAN;
}

/* Where `krewlint baseline` writes: --baseline, the configuration's
 * baseline, else .krewlint-baseline.json beside the configuration (or here). */
static char *baseline_target(const kr_config *cfg)
{
    if (cfg->baseline)
        return kr_xstrdup(cfg->baseline);
    if (!cfg->path || strcmp(cfg->dir, ".") == 0)
        return kr_xstrdup(KR_BASELINE_NAME);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s/%s", cfg->dir, KR_BASELINE_NAME);
    return kr_buf_detach(&b);
}

int kr_engine_write_baseline(kr_engine *self)
{
    kr_diags_print(&self->res.diags, self->err);
    char *path = baseline_target(&self->cfg);
    kr_baseline b;
    kr_baseline_init(&b);
    kr_baseline_build(&b, &self->res.findings);
    size_t n = 0;
    for (size_t i = 0; i < b.len; i++)
        n += b.items[i].count;
    kr_diags d;
    kr_diags_init(&d);
    int status = KR_EXIT_CLEAN;
    if (kr_baseline_save(&b, path, &d) != 0) {
        kr_diags_print(&d, self->err);
        status = KR_EXIT_TROUBLE;
    } else {
        fprintf(self->err, "krewlint: wrote %zu finding%s (%zu entr%s) to %s\n", n, n == 1 ? "" : "s", b.len,
                b.len == 1 ? "y" : "ies", path);
    }
    kr_diags_dispose(&d);
    kr_baseline_dispose(&b);
    free(path);
    return status;
}

/* ------------------------------------------------------ shards (merge) --- */

void kr_engine_adopt_result(kr_engine *self, kr_result *res, kr_findings *baselined,
                            kr_findings *disabled, size_t nbaselined)
{
    kr_result_dispose(&self->res);
    self->res = *res;
    kr_result_init(res);
    kr_findings_take(&self->baselined, baselined);
    kr_findings_take(&self->disabled, disabled);
    self->nbaselined = nbaselined;
    self->adopted = true;
    if (self->o.min_severity > KR_SEV_NOTE) /* krewlint merge --min-severity */
        drop_below(&self->res.findings, self->o.min_severity);
}

bool kr_engine_adopted(const kr_engine *self) { return self->adopted; }

/* The configuration as --print-config shows it (every value with its
 * origin, the command line's included), then the options that change what
 * a scan finds but live outside the configuration. */
uint64_t kr_engine_config_digest(const kr_engine *self)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_config_print(&self->cfg, &b);
    const kr_engine_options *o = &self->o;
    /* not --exit-zero: shards often run with it and the merge decides */
    kr_buf_printf(&b, "\nfail_on_unknown=%d no_inline=%d changed_since=%s lines=%d "
                      "files_from=%s region=%s stage=%s follow=%d\n",
                  o->fail_on_unknown, o->no_inline_suppressions,
                  o->changed_since ? o->changed_since : "", o->changed_lines_only,
                  o->files_from ? o->files_from : "", o->region ? o->region : "",
                  o->stage ? o->stage : "", o->scan.follow_symlinks);
    for (size_t i = 0; i < o->ncfn_parameters; i++)
        kr_buf_printf(&b, "cfn-parameters=%s\n", o->cfn_parameters[i]);
    const kr_tf_options *tf = o->scan.terraform;
    for (size_t i = 0; tf && i < tf->nvars; i++)
        kr_buf_printf(&b, "var=%s\n", tf->vars[i]);
    for (size_t i = 0; tf && i < tf->nvar_files; i++)
        kr_buf_printf(&b, "var-file=%s\n", tf->var_files[i]);
    for (size_t i = 0; i < o->npaths; i++)
        kr_buf_printf(&b, "path=%s\n", o->paths[i]);
    uint64_t h = kr_shard_hash(KR_SHARD_HASH_INIT, kr_buf_cstr(&b), b.len);
    kr_buf_dispose(&b);
    return h;
}
