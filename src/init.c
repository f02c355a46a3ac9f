/* init.c - the starter configuration of `krewlint init` (see init.h). */
#include "init.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc/doc.h"
#include "scan.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/escape.h"
#include "util/fs.h"

/* Formats counted, indexed by kr_format (KR_FMT_SOURCE is the last). */
#define NFORMATS (KR_FMT_SOURCE + 1)

/* guess - a suggested binding for one parameter. */
typedef struct guess {
    const char *param;
    char *file;      /* display path of the serverless.yml */
    char *path;      /* provider.environment.NAME / functions.F.environment.NAME */
    uint32_t line;   /* 1-based, of the variable */
} guess;

typedef struct initctx {
    const char *root;  /* display paths start with it (plus '/') unless "." */
    size_t counts[NFORMATS];
    guess guesses[3]; /* purge_delay, change_notice, discontinuation_notice */
} initctx;

static bool has_word(const char *upper, const char *w)
{
    return strstr(upper, w) != NULL;
}

/* Which parameter an environment variable name suggests (-1: none). */
static int classify_env(const char *name)
{
    char up[128];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof up; n++) up[n] = (char)toupper((unsigned char)name[n]);
    up[n] = '\0';
    bool notice = has_word(up, "NOTICE") || has_word(up, "ANNOUNCE");
    if (notice && (has_word(up, "DISCONTINU") || has_word(up, "SHUTDOWN") || has_word(up, "SUNSET") ||
                   has_word(up, "TERMINAT") || has_word(up, "END_OF_SERVICE")))
        return 2;
    if (notice && (has_word(up, "CHANGE") || has_word(up, "MAINTENANCE") || has_word(up, "RELEASE")))
        return 1;
    if (has_word(up, "PURGE") || has_word(up, "DELETION") || has_word(up, "DELETE_AFTER") ||
        has_word(up, "RETENTION"))
        return 0;
    return -1;
}

/* A path step written so kr_path reads it back: quoted when not a plain name. */
static void put_step(kr_buf *b, const char *k)
{
    bool plain = k[0] != '\0';
    for (size_t i = 0; k[i]; i++)
        if (!(isalnum((unsigned char)k[i]) || k[i] == '_' || k[i] == '-')) plain = false;
    if (plain) {
        kr_buf_puts(b, k);
        return;
    }
    kr_buf_putc(b, '\'');
    for (size_t i = 0; k[i]; i++) {
        if (k[i] == '\'') kr_buf_putc(b, '\'');
        kr_buf_putc(b, k[i]);
    }
    kr_buf_putc(b, '\'');
}

static void look_env(initctx *x, const char *file, const kr_node *env, const char *prefix,
                     const char *fname)
{
    if (!env || env->kind != KR_NODE_MAP) return;
    for (size_t i = 0; i < env->npairs; i++) {
        const kr_node *k = env->pairs[i].key;
        int p = classify_env(k->text);
        if (p < 0 || x->guesses[p].file) continue; /* the first one found wins (files are sorted) */
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_puts(&b, prefix);
        if (fname) {
            put_step(&b, fname);
            kr_buf_puts(&b, ".environment.");
        }
        put_step(&b, k->text);
        /* relative to the root, where the configuration goes */
        size_t rl = strlen(x->root);
        while (rl > 1 && x->root[rl - 1] == '/') rl--;
        if (strcmp(x->root, ".") != 0 && strncmp(file, x->root, rl) == 0 && file[rl] == '/')
            file += rl + 1;
        x->guesses[p].file = kr_xstrdup(file);
        x->guesses[p].path = kr_buf_detach(&b);
        x->guesses[p].line = k->span.start.line + 1;
    }
}

static void look_serverless(initctx *x, const kr_doc *doc)
{
    for (size_t r = 0; r < doc->nroots; r++) {
        if (doc->root_formats[r] != KR_FMT_SERVERLESS) continue;
        const kr_node *root = doc->roots[r];
        const kr_node *prov = kr_node_get(root, "provider");
        look_env(x, doc->path, prov ? kr_node_get(prov, "environment") : NULL,
                 "provider.environment.", NULL);
        const kr_node *fns = kr_node_get(root, "functions");
        if (fns && fns->kind == KR_NODE_MAP)
            for (size_t i = 0; i < fns->npairs; i++)
                look_env(x, doc->path, kr_node_get(fns->pairs[i].value, "environment"), "functions.",
                         fns->pairs[i].key->text);
    }
}

/* The formats a target reads. */
static bool target_applies(const kr_target *t, const size_t *counts)
{
    switch (t->kind) {
    case KR_TGT_TF_RESOURCE:
    case KR_TGT_TF_DATA:
    case KR_TGT_TF_PROVIDER:
    case KR_TGT_TF_BLOCK: return counts[KR_FMT_TERRAFORM] || counts[KR_FMT_TFPLAN];
    case KR_TGT_CFN_RESOURCE:
    case KR_TGT_CFN_TEMPLATE: return counts[KR_FMT_CLOUDFORMATION] > 0;
    case KR_TGT_K8S_KIND: return counts[KR_FMT_KUBERNETES] > 0;
    case KR_TGT_SERVERLESS: return counts[KR_FMT_SERVERLESS] > 0;
    case KR_TGT_CONFIG: return true;
    case KR_TGT_SOURCE: return counts[KR_FMT_SOURCE] > 0;
    }
    return false;
}

/* Checksheet items in numeric order ("6-8" < "6-13" < "10-2"). */
static int cmp_item(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            char *ea = NULL, *eb = NULL;
            long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
            if (x != y) return x < y ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

typedef struct ctl {
    const char *control;
    const kr_rule *first;
    size_t nrules;
} ctl;

static int cmp_ctl(const void *pa, const void *pb)
{
    const ctl *a = pa, *b = pb;
    return cmp_item(a->control, b->control);
}

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

int kr_init_generate(kr_buf *out, const kr_ruleset *rules, const char *root, kr_diags *diags)
{
    initctx x;
    memset(&x, 0, sizeof x);
    x.root = root;
    x.guesses[0].param = "purge_delay";
    x.guesses[1].param = "change_notice";
    x.guesses[2].param = "discontinuation_notice";

    char **files = NULL;
    size_t nfiles = 0;
    const char *paths[1] = {root};
    kr_diags quiet;
    kr_diags_init(&quiet);
    kr_scan_collect(&files, &nfiles, paths, 1, &quiet);
    for (size_t i = 0; i < nfiles; i++) {
        char *data = NULL;
        size_t len = 0;
        if (kr_fs_read(&data, &len, files[i], NULL) == 0) {
            kr_doc doc;
            kr_doc_init(&doc, files[i], data, len);
            if (kr_doc_load(&doc, &quiet) == 0) {
                if (doc.format == KR_FMT_SOURCE) {
                    x.counts[KR_FMT_SOURCE]++;
                } else {
                    /* a file counts once per format among its roots */
                    bool seen[NFORMATS] = {false};
                    for (size_t r = 0; r < doc.nroots; r++) {
                        kr_format f = doc.root_formats[r];
                        if ((int)f >= 0 && f < NFORMATS && !seen[f]) {
                            seen[f] = true;
                            x.counts[f]++;
                        }
                    }
                    look_serverless(&x, &doc);
                }
            }
            kr_doc_dispose(&doc);
        }
        free(data);
        free(files[i]);
    }
    free(files);
    for (size_t i = 0; i < quiet.len; i++) quiet.items[i].severity = KR_SEV_WARNING;
    quiet.errors = 0;
    kr_diags_take(diags, &quiet);
    kr_diags_dispose(&quiet);

    kr_buf_puts(out, "# krewlint configuration (written by `krewlint init`; see `krewlint --print-config`).\n");
    kr_buf_puts(out, "#\n# Formats found:");
    bool any = false;
    static const kr_format order[] = {KR_FMT_TERRAFORM, KR_FMT_TFPLAN, KR_FMT_CLOUDFORMATION,
                                      KR_FMT_KUBERNETES, KR_FMT_SERVERLESS, KR_FMT_CONFIG,
                                      KR_FMT_SOURCE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        size_t n = x.counts[order[i]];
        if (!n) continue;
        kr_buf_printf(out, "%s %s (%zu file%s)", any ? "," : "", kr_format_name(order[i]), n, plural(n));
        any = true;
    }
    kr_buf_puts(out, any ? "\n" : " none\n");

    /* controls whose rules can apply */
    size_t nr = rules ? kr_ruleset_count(rules) : 0;
    ctl *ctls = kr_xcalloc(nr ? nr : 1, sizeof *ctls);
    size_t nc = 0;
    for (size_t i = 0; i < nr; i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        bool applies = false;
        for (size_t t = 0; t < r->ntargets && !applies; t++) applies = target_applies(&r->targets[t], x.counts);
        if (!applies || !r->control) continue;
        size_t k = 0;
        while (k < nc && strcmp(ctls[k].control, r->control) != 0) k++;
        if (k == nc) ctls[nc++] = (ctl){r->control, r, 0};
        ctls[k].nrules++;
    }
    if (nc > 1) qsort(ctls, nc, sizeof *ctls, cmp_ctl);
    kr_buf_puts(out, "#\n# Checksheet items whose rules apply to these formats:\n");
    for (size_t i = 0; i < nc; i++) {
        const char *title = kr_text_get(&ctls[i].first->title, KR_LANG_EN);
        kr_buf_printf(out, "#   %-6s %zu rule%s, e.g. %s\n", ctls[i].control, ctls[i].nrules,
                      plural(ctls[i].nrules), title ? title : ctls[i].first->id);
    }
    if (!nc) kr_buf_puts(out, "#   (none)\n");
    free(ctls);

    kr_buf_puts(out,
                "\n# Files to check, as globs relative to this file (default: everything found).\n"
                "include: []\n"
                "exclude: []\n"
                "\n"
                "# Rule selection by rule id, glob (KR-6-31-*) or checksheet item; say why in a comment.\n"
                "rules:\n"
                "  enable: []      # empty: every rule\n"
                "  disable: []     # e.g. [\"6-14\"]  # the batch host runs in JST by contract\n"
                "\n"
                "# Severity overrides: {RULE-ID or item: error | warning | note}\n"
                "severity: {}\n"
                "\n"
                "# Items no inline `krewlint:ignore` may suppress (enforced in CI).\n"
                "mandatory: []\n"
                "\n"
                "# Exit status 1 for failing checks at or above: error | warning | note | none\n"
                "# (unknown verdicts are reported but fail only with --fail-on-unknown)\n"
                "fail_on: note\n"
                "\n"
                "# Accepted findings (`krewlint baseline` writes it); only new findings are reported.\n"
                "# baseline: .krewlint-baseline.json\n"
                "\n"
                "# Extra rule folders, relative to this file.\n"
                "rules_dirs: []\n"
                "\n"
                "# Parameters the bundled rules read.\n"
                "params:\n");
    for (size_t i = 0; kr_param_specs[i].name; i++) {
        const kr_param_spec *ps = &kr_param_specs[i];
        const guess *g = NULL;
        for (size_t k = 0; k < 3; k++)
            if (x.guesses[k].file && strcmp(x.guesses[k].param, ps->name) == 0) g = &x.guesses[k];
        kr_buf_printf(out, "  # %s: %s\n", ps->control, ps->help);
        if (g) {
            /* a file name in a comment: terminal text, so that no byte of it
             * (a newline) can end the comment (util/escape.h) */
            kr_buf_puts(out, "  # guessed from ");
            kr_escape_text(out, g->file, strlen(g->file));
            kr_buf_printf(out, ":%u; check it, then set unit/value if needed\n", (unsigned)g->line);
            kr_buf_printf(out, "  %s:\n    files: ", ps->name);
            kr_buf_put_json_string(out, g->file, strlen(g->file));
            kr_buf_puts(out, "\n    path: ");
            kr_buf_put_json_string(out, g->path, strlen(g->path));
            kr_buf_puts(out, "\n");
        } else if (ps->kind == KR_PARAM_BINDING) {
            kr_buf_printf(out, "  # %s: {files: GLOB, path: PATH, unit: days}\n", ps->name);
        } else if (ps->kind == KR_PARAM_STRINGS) {
            kr_buf_printf(out, "  # %s: [ap-northeast-1, ap-northeast-3]\n", ps->name);
        } else {
            kr_buf_printf(out, "  # %s: %s\n", ps->name,
                          strcmp(ps->name, "owner_tag") == 0 ? "Owner" : "DataClassification");
        }
    }
    for (size_t k = 0; k < 3; k++) {
        free(x.guesses[k].file);
        free(x.guesses[k].path);
    }
    return 0;
}
