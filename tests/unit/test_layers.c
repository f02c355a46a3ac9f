/* test_layers.c - the layers of src/ (docs/ARCHITECTURE.md, "Layers"), kept
 * by a test: every `#include "..."` of every file under src/ must point at
 * the same layer or one below, and the modules (a .c/.h pair, named by its
 * path without the extension) must not include each other in a cycle.
 *
 * The layer table below is the reference; a new file needs a row (the test
 * fails on a file it does not know, so nobody forgets).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"

#define SRC KR_SOURCE_DIR "/src"
#define MAX_MODULES 256
#define MAX_EDGES 2048

enum {
    L_UTIL,       /* containers, strings, files, processes */
    L_DIAG,       /* diagnostics, positions, git */
    L_VALUES,     /* the value model (kr_node) and typed values */
    L_DOCS,       /* documents: adapters, detection, source trees, the catalog */
    L_RULES,      /* rule loading, paths, compiled queries */
    L_EVAL,       /* evaluation, relations, coverage */
    L_ENGINE,     /* scan and adoption: config, suppressions, baseline, engine */
    L_REPORT,     /* reporters and the checksheet */
    L_CLI         /* the public header and the command line */
};
static const char *const layer_names[] = {"util",  "diagnostics", "values", "documents", "rules",
                                          "evaluation", "engine", "reporters", "cli"};

/* layer_rule - files whose module path starts with `prefix` (a folder ends
 * with '/'; otherwise the whole module path) are in `layer`. The first
 * matching row wins. */
typedef struct layer_rule {
    const char *prefix;
    int layer;
} layer_rule;

static const layer_rule rules_table[] = {
    {"util/", L_UTIL},       {"common", L_UTIL},      {"rulesdir", L_UTIL},
    {"diag", L_DIAG},        {"diag_lang", L_DIAG},   {"loc", L_DIAG},         {"git", L_DIAG},
    {"doc/doc", L_VALUES},   {"rules/value", L_VALUES},
    {"doc/", L_DOCS},        {"ts/lang", L_DOCS},     {"ts/tree", L_DOCS},    {"catalog", L_DOCS},
    /* the per-format value resolvers (Terraform, CloudFormation/SAM/serverless)
     * read and rewrite documents only */
    {"tf/", L_DOCS},         {"cfn/", L_DOCS},
    {"rules/", L_RULES},     {"ts/", L_RULES},
    {"eval/", L_EVAL},
    {"scan", L_ENGINE},      {"scan_tf", L_ENGINE},   {"scan_internal", L_ENGINE},
    {"shard_plan", L_ENGINE}, {"shard", L_ENGINE},
    {"config", L_ENGINE},    {"suppress", L_ENGINE}, {"baseline", L_ENGINE},
    {"attest", L_ENGINE},    {"engine", L_ENGINE},    {"init", L_ENGINE},     {"ruletest", L_ENGINE},
    {"report/", L_REPORT},
    {"krewlint", L_CLI},     {"cli/", L_CLI},
};

/* SRC/rel, malloc'ed. */
static char *src_path(const char *rel)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s%s%s", SRC, rel[0] ? "/" : "", rel);
    return kr_buf_detach(&b);
}

/* The layer of module path m ("doc/yaml"), or -1. */
static int layer_of(const char *m)
{
    for (size_t i = 0; i < sizeof(rules_table) / sizeof(rules_table[0]); i++) {
        const char *p = rules_table[i].prefix;
        size_t n = strlen(p);
        bool folder = p[n - 1] == '/';
        if (folder ? strncmp(m, p, n) == 0 : strcmp(m, p) == 0)
            return rules_table[i].layer;
    }
    return -1;
}

/* The module of a path relative to src/: without ".c"/".h". A module's
 * private header, X_internal.h (shared by the files a module was split
 * into), belongs to module X. */
static char *module_of(const char *rel)
{
    static const char INTERNAL[] = "_internal";
    const size_t ilen = sizeof INTERNAL - 1;
    size_t n = strlen(rel);
    if (n > 2 && rel[n - 2] == '.' && (rel[n - 1] == 'c' || rel[n - 1] == 'h'))
        n -= 2;
    if (n > ilen && memcmp(rel + n - ilen, INTERNAL, ilen) == 0)
        n -= ilen;
    return kr_xstrndup(rel, n);
}

typedef struct graph {
    char *mods[MAX_MODULES];
    size_t nmods;
    size_t from[MAX_EDGES], to[MAX_EDGES];
    size_t nedges;
    kr_buf problems;
    size_t nproblems;
} graph;

static size_t module_id(graph *g, const char *m)
{
    for (size_t i = 0; i < g->nmods; i++)
        if (strcmp(g->mods[i], m) == 0)
            return i;
    assert_true(g->nmods < MAX_MODULES);
    g->mods[g->nmods] = kr_xstrdup(m);
    return g->nmods++;
}

static void problem(graph *g, const char *rel, const char *what)
{
    kr_buf_printf(&g->problems, "src/%s: %s\n", rel, what);
    g->nproblems++;
}

/* Reads one file's includes into the graph and checks their layers. */
static void scan_file(graph *g, const char *rel)
{
    char *path = src_path(rel);
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    assert_int_equal(kr_fs_read(&data, &len, path, &why), 0);
    free(path);
    char *self = module_of(rel);
    int mine = layer_of(self);
    if (mine < 0)
        problem(g, rel, "in no layer (add a row to tests/unit/test_layers.c)");
    size_t from = module_id(g, self);
    for (const char *p = data; p && (p = strstr(p, "#include \"")) != NULL;) {
        p += strlen("#include \"");
        const char *q = strchr(p, '"');
        if (!q)
            break;
        char *inc = kr_xstrndup(p, (size_t)(q - p));
        char *target = module_of(inc);
        int theirs = layer_of(target);
        char what[256];
        if (theirs < 0) {
            snprintf(what, sizeof what, "includes \"%s\", which is in no layer", inc);
            problem(g, rel, what);
        } else if (mine >= 0 && theirs > mine) {
            snprintf(what, sizeof what, "includes \"%s\" from a higher layer (%s includes %s)", inc,
                     layer_names[mine], layer_names[theirs]);
            problem(g, rel, what);
        }
        size_t to = module_id(g, target);
        if (to != from && g->nedges < MAX_EDGES) {
            g->from[g->nedges] = from;
            g->to[g->nedges++] = to;
        }
        free(target);
        free(inc);
        p = q;
    }
    free(self);
    free(data);
}

static void walk(graph *g, const char *dir)
{
    char *path = src_path(dir);
    DIR *d = opendir(path);
    free(path);
    assert_non_null(d);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 512)
        if (e->d_name[0] != '.')
            names[n++] = kr_xstrdup(e->d_name);
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        kr_buf rb;
        kr_buf_init(&rb, 0);
        kr_buf_printf(&rb, "%s%s%s", dir, dir[0] ? "/" : "", names[i]);
        char *rel = kr_buf_detach(&rb);
        char *full = src_path(rel);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
            walk(g, rel);
        else {
            size_t l = strlen(rel);
            if (l > 2 && rel[l - 2] == '.' && (rel[l - 1] == 'c' || rel[l - 1] == 'h'))
                scan_file(g, rel);
        }
        free(full);
        free(rel);
        free(names[i]);
    }
}

/* Depth-first search for a cycle; state 0 new, 1 on the stack, 2 done. */
static bool find_cycle(const graph *g, size_t v, int *state, size_t *stack, size_t *depth, kr_buf *out)
{
    state[v] = 1;
    stack[(*depth)++] = v;
    for (size_t e = 0; e < g->nedges; e++) {
        if (g->from[e] != v)
            continue;
        size_t w = g->to[e];
        if (state[w] == 1) {
            size_t k = 0;
            while (stack[k] != w)
                k++;
            for (; k < *depth; k++)
                kr_buf_printf(out, "%s -> ", g->mods[stack[k]]);
            kr_buf_puts(out, g->mods[w]);
            return true;
        }
        if (state[w] == 0 && find_cycle(g, w, state, stack, depth, out))
            return true;
    }
    state[v] = 2;
    (*depth)--;
    return false;
}

static void graph_dispose(graph *g)
{
    for (size_t i = 0; i < g->nmods; i++)
        free(g->mods[i]);
    kr_buf_dispose(&g->problems);
}

static void test_layers__no_include_points_up(void **state)
{
    (void)state;
    graph g = {0};
    kr_buf_init(&g.problems, 0);
    walk(&g, "");
    assert_true(g.nmods > 30); /* the tree was found */
    if (g.nproblems)
        fprintf(stderr, "%s", kr_buf_cstr(&g.problems));
    assert_int_equal(g.nproblems, 0);
    graph_dispose(&g);
}

static void test_layers__no_module_cycle(void **state)
{
    (void)state;
    graph g = {0};
    kr_buf_init(&g.problems, 0);
    walk(&g, "");
    int st[MAX_MODULES] = {0};
    size_t stack[MAX_MODULES], depth = 0;
    kr_buf cyc;
    kr_buf_init(&cyc, 0);
    bool found = false;
    for (size_t v = 0; v < g.nmods && !found; v++)
        if (st[v] == 0)
            found = find_cycle(&g, v, st, stack, &depth, &cyc);
    if (found)
        fprintf(stderr, "include cycle: %s\n", kr_buf_cstr(&cyc));
    assert_false(found);
    kr_buf_dispose(&cyc);
    graph_dispose(&g);
}

/* The CLI uses the library through its public header only. */
static void test_layers__cli_includes_only_the_public_header(void **state)
{
    (void)state;
    const char *files[] = {"cli/cli.h", "cli/main.c", "cli/options.c", "cli/cmd_scan.c",
                           "cli/cmd_report.c", "cli/cmd_init.c", "cli/cmd_test.c"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *path = src_path(files[i]);
        char *data = NULL;
        size_t len = 0;
        const char *why = NULL;
        assert_int_equal(kr_fs_read(&data, &len, path, &why), 0);
        free(path);
        for (const char *p = data; (p = strstr(p, "#include \"")) != NULL; p++) {
            p += strlen("#include \"");
            bool ok = strncmp(p, "krewlint.h\"", 11) == 0 || strncmp(p, "cli/cli.h\"", 10) == 0;
            if (!ok)
                fprintf(stderr, "src/%s: includes %.*s\n", files[i], (int)strcspn(p, "\""), p);
            assert_true(ok);
        }
        free(data);
    }
}

/* The checker itself: an upward include and a cycle are found. */
static void test_layers__checker_finds_problems(void **state)
{
    (void)state;
    assert_int_equal(layer_of("doc/yaml"), L_DOCS);
    assert_int_equal(layer_of("doc/doc"), L_VALUES);
    assert_int_equal(layer_of("ts/query"), L_RULES);
    assert_int_equal(layer_of("report/text"), L_REPORT);
    assert_int_equal(layer_of("nowhere"), -1);
    char *m = module_of("eval/eval_internal.h");
    assert_string_equal(m, "eval/eval");
    free(m);
    m = module_of("rules/load.c");
    assert_string_equal(m, "rules/load");
    free(m);
    graph g = {0};
    kr_buf_init(&g.problems, 0);
    size_t a = module_id(&g, "config"), b = module_id(&g, "rules/load");
    g.from[0] = a, g.to[0] = b, g.from[1] = b, g.to[1] = a;
    g.nedges = 2;
    int st[MAX_MODULES] = {0};
    size_t stack[MAX_MODULES], depth = 0;
    kr_buf cyc;
    kr_buf_init(&cyc, 0);
    assert_true(find_cycle(&g, a, st, stack, &depth, &cyc));
    assert_string_equal(kr_buf_cstr(&cyc), "config -> rules/load -> config");
    kr_buf_dispose(&cyc);
    graph_dispose(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers__checker_finds_problems),
        cmocka_unit_test(test_layers__no_include_points_up),
        cmocka_unit_test(test_layers__no_module_cycle),
        cmocka_unit_test(test_layers__cli_includes_only_the_public_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
