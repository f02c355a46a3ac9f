/* test_scan.c - collecting files (walk, skipped folders, display paths,
 * sorting, symlinks, git ignore filtering on a real repository) and scanning
 * (counts, diagnostics, identical output whatever the number of jobs).
 *
 * Fixtures: tests/fixtures/scan/tree (a small tree with node_modules and
 * .terraform) and tests/fixtures/scan/rules (one test rule). Trees that need
 * .git, symlinks or many files are built in a temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "krewlint.h"
#include "util/buf.h"

#define TREE KR_FIXTURE_DIR "/scan/tree"
#define RULES KR_FIXTURE_DIR "/scan/rules"

/* ---- helpers ------------------------------------------------------------- */

static char saved_cwd[4096];

static int save_cwd(void **state)
{
    (void)state;
    return getcwd(saved_cwd, sizeof(saved_cwd)) ? 0 : -1;
}

static int restore_cwd(void **state)
{
    (void)state;
    return chdir(saved_cwd);
}

static void go(const char *dir)
{
    assert_int_equal(chdir(dir), 0);
}

/* Collects `paths` and returns them as "a\nb\n" (caller frees). Diagnostics
 * go to d when given, else there must be none. */
static char *collect(kr_diags *d, const char *const *paths, size_t n)
{
    kr_diags local;
    kr_diags_init(&local);
    char **files = NULL;
    size_t count = 0;
    assert_int_equal(kr_scan_collect(&files, &count, paths, n, d ? d : &local), 0);
    if (!d)
        assert_int_equal(local.len, 0);
    kr_diags_dispose(&local);
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < count; i++) {
        kr_buf_puts(&b, files[i]);
        kr_buf_putc(&b, '\n');
        free(files[i]);
    }
    free(files);
    char *s = kr_buf_detach(&b);
    return s ? s : kr_xstrdup("");
}

#define COLLECT(...)                                                             \
    collect(NULL, (const char *const[]){__VA_ARGS__},                           \
            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static void check_collect(char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "--- want ---\n%s--- got ---\n%s--- end ---\n", want, got);
        free(got);
        fail();
    }
    free(got);
}

/* A fresh temporary folder (caller removes it with rm_tree and frees). */
static char *make_tmp(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof(tmpl), "%s/krewlint-scan-XXXXXX", base && base[0] ? base : "/tmp");
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    return kr_xstrdup(dir);
}

static void rm_tree(char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* Writes root/rel, creating its folders. */
static void put_file(const char *root, const char *rel, const char *content)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0777);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    assert_int_equal(fclose(f), 0);
}

static int run(const char *fmt, ...) KR_PRINTF(1, 2);

/* system() of a formatted command (test set-up only). */
static int run(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

static bool have_git(void)
{
    return system("git --version >/dev/null 2>&1") == 0;
}

/* ---- collecting ---------------------------------------------------------- */

static void test_scan__collect_dot(void **state)
{
    (void)state;
    go(TREE);
    /* no "./" prefix; node_modules and .terraform skipped; README.md and
     * notes.txt are not formats krewlint reads; sorted bytewise */
    check_collect(COLLECT("."), "b.yaml\nmain.tf\nsub/config.json\nsub/deep/k8s.yml\n");
    /* no paths means "." */
    check_collect(collect(NULL, NULL, 0), "b.yaml\nmain.tf\nsub/config.json\nsub/deep/k8s.yml\n");
}

static void test_scan__collect_display_paths(void **state)
{
    (void)state;
    go(TREE);
    check_collect(COLLECT("sub"), "sub/config.json\nsub/deep/k8s.yml\n");
    check_collect(COLLECT("sub/"), "sub/config.json\nsub/deep/k8s.yml\n");
    check_collect(COLLECT("sub//"), "sub/config.json\nsub/deep/k8s.yml\n");
    check_collect(COLLECT("./sub"), "./sub/config.json\n./sub/deep/k8s.yml\n");
    check_collect(COLLECT("sub/deep"), "sub/deep/k8s.yml\n");
    go(KR_FIXTURE_DIR "/scan");
    check_collect(COLLECT("tree"),
                  "tree/b.yaml\ntree/main.tf\ntree/sub/config.json\ntree/sub/deep/k8s.yml\n");
    /* absolute folders keep their prefix */
    check_collect(COLLECT(TREE "/sub"), TREE "/sub/config.json\n" TREE "/sub/deep/k8s.yml\n");
}

static void test_scan__collect_files(void **state)
{
    (void)state;
    go(TREE);
    check_collect(COLLECT("main.tf"), "main.tf\n");
    check_collect(COLLECT("./main.tf"), "./main.tf\n");
    /* not a format we read: named, so a warning says so */
    kr_diags d;
    kr_diags_init(&d);
    check_collect(collect(&d, (const char *const[]){"README.md"}, 1), "");
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].code, "unsupported-format");
    assert_int_equal(d.items[0].severity, KR_SEV_WARNING);
    kr_diags_dispose(&d);
    /* a file inside a skipped folder is scanned when named */
    check_collect(COLLECT("node_modules/pkg/x.yml"), "node_modules/pkg/x.yml\n");
}

static void test_scan__collect_sorted_dedup(void **state)
{
    (void)state;
    go(TREE);
    check_collect(COLLECT("sub", "main.tf", ".", "sub/deep/k8s.yml", "main.tf"),
                  "b.yaml\nmain.tf\nsub/config.json\nsub/deep/k8s.yml\n");
}

static void test_scan__collect_missing(void **state)
{
    (void)state;
    go(TREE);
    kr_diags d;
    kr_diags_init(&d);
    check_collect(collect(&d, (const char *const[]){"nope.tf", "main.tf", "no/dir"}, 3), "main.tf\n");
    assert_int_equal(d.len, 2);
    assert_string_equal(d.items[0].file, "nope.tf");
    assert_string_equal(d.items[0].code, "io-error");
    assert_string_equal(d.items[0].message, "No such file or directory");
    assert_int_equal(d.items[0].has_pos, 0);
    assert_int_equal(d.items[0].severity, KR_SEV_ERROR);
    assert_string_equal(d.items[1].file, "no/dir");
    kr_diags_dispose(&d);
}

/* .git skipped, symlinked folders not followed (no loop), symlinked files
 * read; outside a git work tree a .gitignore means nothing. */
static void test_scan__collect_links_and_dotgit(void **state)
{
    (void)state;
    char *dir = make_tmp();
    put_file(dir, "main.tf", "x = 1\n");
    put_file(dir, ".git/config.yml", "a: 1\n");
    put_file(dir, ".gitignore", "main.tf\n");
    put_file(dir, "sub/a.yaml", "a: 1\n");
    put_file(dir, "deeper/node_modules/m.json", "{}\n");
    put_file(dir, "deeper/.terraform/t.tf", "\n");
    put_file(dir, "deeper/keep.json", "{}\n");
    go(dir);
    assert_int_equal(symlink(".", "loop"), 0);
    assert_int_equal(symlink("sub", "linkdir"), 0);
    assert_int_equal(symlink("main.tf", "link.tf"), 0);
    assert_int_equal(symlink("missing.tf", "dangling.tf"), 0);
    kr_diags d;
    kr_diags_init(&d);
    check_collect(collect(&d, (const char *const[]){"."}, 1),
                  "deeper/keep.json\nlink.tf\nmain.tf\nsub/a.yaml\n");
    assert_int_equal(d.len, 1); /* the dangling link; the loop is a folder link */
    assert_string_equal(d.items[0].file, "dangling.tf");
    assert_string_equal(d.items[0].code, "broken-symlink");
    kr_diags_dispose(&d);
    /* a symlinked folder named on the command line is walked */
    check_collect(COLLECT("linkdir"), "linkdir/a.yaml\n");
    go(saved_cwd);
    rm_tree(dir);
}

/* A link to a file outside the walked folder (or, named, outside the current
 * folder and its own) is reported and not read; a FIFO, walked or named, is
 * reported and never opened (the test would hang); a link loop and a link to
 * a device are reported. */
static void test_scan__collect_links_out_and_fifos(void **state)
{
    (void)state;
    char *dir = make_tmp();
    put_file(dir, "tree/main.tf", "x = 1\n");
    put_file(dir, "secret.tf", "token = \"s3cr3t\"\n");
    go(dir);
    assert_int_equal(symlink("../secret.tf", "tree/out.tf"), 0);
    assert_int_equal(symlink("main.tf", "tree/in.tf"), 0);
    assert_int_equal(symlink("l2.tf", "tree/l1.tf"), 0);
    assert_int_equal(symlink("l1.tf", "tree/l2.tf"), 0);
    assert_int_equal(symlink("/dev/null", "tree/null.yml"), 0);
    assert_int_equal(mkfifo("tree/pipe.tf", 0600), 0);
    kr_diags d;
    kr_diags_init(&d);
    check_collect(collect(&d, (const char *const[]){"tree"}, 1), "tree/in.tf\ntree/main.tf\n");
    kr_diags_sort(&d);
    assert_int_equal(d.len, 5);
    assert_string_equal(d.items[0].file, "tree/l1.tf");
    assert_string_equal(d.items[0].code, "broken-symlink");
    assert_string_equal(d.items[1].file, "tree/l2.tf");
    assert_string_equal(d.items[2].file, "tree/null.yml");
    assert_string_equal(d.items[2].code, "not-regular");
    assert_string_equal(d.items[3].file, "tree/out.tf");
    assert_string_equal(d.items[3].code, "symlink-outside");
    assert_null(strstr(d.items[3].message, "secret"));
    assert_string_equal(d.items[4].file, "tree/pipe.tf");
    assert_string_equal(d.items[4].code, "not-regular");
    kr_diags_dispose(&d);

    /* named from the parent folder, the link stays inside "." and is read;
     * named from inside the tree it leaves both "." and its own folder */
    check_collect(COLLECT("tree/out.tf"), "tree/out.tf\n");
    go("tree");
    kr_diags_init(&d);
    check_collect(collect(&d, (const char *const[]){"out.tf", "pipe.tf", "in.tf"}, 3), "in.tf\n");
    kr_diags_sort(&d);
    assert_int_equal(d.len, 2);
    assert_string_equal(d.items[0].code, "symlink-outside");
    assert_string_equal(d.items[1].code, "not-regular");
    kr_diags_dispose(&d);
    go(saved_cwd);
    rm_tree(dir);
}

/* In a git work tree, what git ignores is dropped; tracked files stay even
 * when a pattern matches them; a file named explicitly is always taken. */
static void test_scan__collect_gitignore(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    char *dir = make_tmp();
    assert_int_equal(run("git init -q '%s' >/dev/null 2>&1", dir), 0);
    put_file(dir, "main.tf", "x = 1\n");
    put_file(dir, "ignored.tf", "x = 1\n");
    put_file(dir, "build/out.yaml", "a: 1\n");
    put_file(dir, "sub/x.yml", "a: 1\n");
    put_file(dir, "sub/y.log.yml", "a: 1\n");
    put_file(dir, "sub/inner/z.json", "{}\n");
    put_file(dir, "tracked.yaml", "a: 1\n");
    put_file(dir, "logs/x.yml", "a: 1\n");
    put_file(dir, "logs/keep.tf", "x = 1\n");
    put_file(dir, ".gitignore", "ignored.tf\nbuild/\n*.log.yml\ntracked.yaml\nlogs/*\n!logs/keep.tf\n");
    assert_int_equal(run("git -C '%s' add -f tracked.yaml", dir), 0);
    /* an untracked nested repository: git lists it as "nested/" */
    put_file(dir, "nested/n.tf", "x = 1\n");
    char nested[4200];
    snprintf(nested, sizeof(nested), "%s/nested", dir);
    assert_int_equal(run("git init -q '%s' >/dev/null 2>&1", nested), 0);

    go(dir);
    check_collect(COLLECT("."), "logs/keep.tf\nmain.tf\nnested/n.tf\nsub/inner/z.json\nsub/x.yml\n"
                                "tracked.yaml\n");
    check_collect(COLLECT("sub"), "sub/inner/z.json\nsub/x.yml\n");
    check_collect(COLLECT("./sub/"), "./sub/inner/z.json\n./sub/x.yml\n");
    check_collect(COLLECT("build"), "");
    check_collect(COLLECT("ignored.tf", "build/out.yaml"), "build/out.yaml\nignored.tf\n");
    go(saved_cwd);

    /* the same repository named from outside */
    char want[8192];
    snprintf(want, sizeof(want), "%s/logs/keep.tf\n%s/main.tf\n%s/nested/n.tf\n%s/sub/inner/z.json\n"
             "%s/sub/x.yml\n%s/tracked.yaml\n", dir, dir, dir, dir, dir, dir);
    check_collect(COLLECT(dir), want);
    rm_tree(dir);
}

/* ---- scanning (needs the adapters and the engine) ------------------------- */

static kr_ruleset *load_rules(void)
{
    kr_ruleset *rules = NULL;
    kr_diags d;
    kr_diags_init(&d);
    const char *dirs[] = {RULES};
    int rc = kr_ruleset_load(&rules, dirs, 1, &d);
    if (rc != 0)
        kr_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.len, 0);
    kr_diags_dispose(&d);
    return rules;
}

static void test_scan__scan_tree(void **state)
{
    (void)state;
    kr_ruleset *rules = load_rules();
    go(TREE);
    const char *paths[] = {".", "missing.tf"};
    kr_scan_options opts = {.paths = paths, .npaths = 2, .jobs = 2, .lang = KR_LANG_EN};
    kr_result res;
    kr_result_init(&res);
    assert_int_equal(kr_scan(&res, rules, &opts), 0);
    assert_int_equal(res.files_scanned, 4);
    assert_int_equal(res.files_skipped, 2);   /* README.md, sub/notes.txt */
    assert_int_equal(res.findings.len, 1);
    const kr_finding *f = &res.findings.items[0];
    assert_string_equal(f->file, "main.tf");
    assert_string_equal(f->rule->id, "KR-TEST-SCAN-RDS-BACKUP");
    assert_int_equal(f->span.start.line, 1);
    assert_int_equal(f->span.start.col, 28);
    assert_int_equal(res.diags.len, 1);
    assert_string_equal(res.diags.items[0].file, "missing.tf");
    assert_string_equal(res.diags.items[0].code, "io-error");
    kr_result_dispose(&res);
    kr_ruleset_free(rules);
}

static char *scan_json(const kr_ruleset *rules, const char *dir, int jobs, kr_result *keep)
{
    const char *paths[] = {dir};
    kr_scan_options opts = {.paths = paths, .npaths = 1, .jobs = jobs, .lang = KR_LANG_EN};
    kr_result_init(keep);
    assert_int_equal(kr_scan(keep, rules, &opts), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    kr_report_options ropts = {.lang = KR_LANG_EN, .rules = rules};
    assert_int_equal(kr_report_json(f, keep, &ropts), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Many files, some failing, some unparsable: the report is byte-for-byte the
 * same with 1, 4 and "all cores" workers. */
static void test_scan__jobs_identical(void **state)
{
    (void)state;
    kr_ruleset *rules = load_rules();
    char *dir = make_tmp();
    for (int i = 0; i < 60; i++) {
        char rel[64], body[256];
        snprintf(rel, sizeof(rel), "d%d/f%02d.tf", i % 5, i);
        snprintf(body, sizeof(body),
                 "resource \"aws_db_instance\" \"db%d\" {\n  backup_retention_period = %d\n}\n", i,
                 i % 2 ? 1 : 7);
        put_file(dir, rel, body);
        if (i % 10 == 0) {
            snprintf(rel, sizeof(rel), "d%d/broken%02d.yaml", i % 5, i);
            put_file(dir, rel, "a: [1, 2\n");
        }
    }
    kr_result r1, r4, r0;
    char *j1 = scan_json(rules, dir, 1, &r1);
    char *j4 = scan_json(rules, dir, 4, &r4);
    char *j0 = scan_json(rules, dir, 0, &r0);
    assert_int_equal(r1.files_scanned, 66);
    assert_int_equal(r1.findings.len, 30);
    assert_int_equal(r1.diags.len, 6);
    assert_string_equal(j1, j4);
    assert_string_equal(j1, j0);
    /* sorted by file */
    for (size_t i = 1; i < r1.findings.len; i++)
        assert_true(strcmp(r1.findings.items[i - 1].file, r1.findings.items[i].file) < 0);
    free(j1);
    free(j4);
    free(j0);
    kr_result_dispose(&r1);
    kr_result_dispose(&r4);
    kr_result_dispose(&r0);
    rm_tree(dir);
    kr_ruleset_free(rules);
}

/* ---- standard input and Helm ---------------------------------------------- */

/* A test rule for Kubernetes Pods, written to root/rules/pod.yml. */
static kr_ruleset *pod_rules(const char *root)
{
    put_file(root, "rules/pod.yml",
             "id: KR-TEST-POD-PRIV\ncontrol: \"6-20\"\nseverity: error\n"
             "title: {en: t, ja: t}\nmessage: {en: \"privileged\", ja: \"特権\"}\n"
             "targets:\n  - kubernetes: {kind: Pod}\n"
             "    check: {path: spec.privileged, op: \"==\", value: false}\n");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/rules", root);
    const char *dirs[] = {dir};
    kr_ruleset *rules = NULL;
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_ruleset_load(&rules, dirs, 1, &d);
    for (size_t i = 0; i < d.len; i++)
        fprintf(stderr, "%s: %s\n", d.items[i].file, d.items[i].message);
    assert_int_equal(rc, 0);
    kr_diags_dispose(&d);
    return rules;
}

/* Scans an open descriptor as standard input named `name`. */
static void scan_fd(kr_result *res, const kr_ruleset *rules, int fd, const char *name,
                    unsigned long long max_memory)
{
    kr_scan_options o = {.jobs = 1, .lang = KR_LANG_EN, .stdin_name = name, .stdin_fd = fd,
                         .max_memory = max_memory};
    kr_result_init(res);
    assert_int_equal(kr_scan(res, rules, &o), 0);
}

static int open_file(const char *root, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    return fd;
}

/* `krewlint -`: the stream is one file under its name, YAML without an
 * extension; rendered Helm output names each document's template. */
static void test_scan__stdin_and_helm_sources(void **state)
{
    (void)state;
    char *root = make_tmp();
    kr_ruleset *rules = pod_rules(root);
    put_file(root, "rendered",
             "---\n# Source: web/templates/a.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n"
             "spec: {privileged: true}\n"
             "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {privileged: true}\n"
             "---\n# krewlint:ignore KR-TEST-POD-PRIV reason=\"a node agent\"\n"
             "# Source: web/templates/c.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n"
             "spec: {privileged: true}\n");
    int fd = open_file(root, "rendered");
    kr_result res;
    scan_fd(&res, rules, fd, "<stdin>", 0);
    close(fd);
    assert_int_equal(res.files_scanned, 1);
    assert_int_equal(res.diags.len, 0);
    assert_int_equal(res.findings.len, 3);
    assert_string_equal(res.findings.items[0].file, "<stdin>");
    assert_int_equal(res.findings.items[0].span.start.line, 5);
    assert_string_equal(res.findings.items[0].message, "privileged (from web/templates/a.yaml)");
    assert_string_equal(res.findings.items[1].message, "privileged"); /* no Source line */
    assert_string_equal(res.findings.items[2].message, "privileged (from web/templates/c.yaml)");
    assert_false(res.findings.items[1].suppressed);
    assert_true(res.findings.items[2].suppressed); /* YAML comments on unnamed stdin */
    kr_result_dispose(&res);

    /* a name decides the syntax: infra/main.tf is HCL (here a broken one) */
    put_file(root, "main.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
    fd = open_file(root, "main.tf");
    scan_fd(&res, rules, fd, "infra/main.tf", 0);
    close(fd);
    assert_int_equal(res.diags.len, 1);
    assert_string_equal(res.diags.items[0].file, "infra/main.tf");
    assert_string_equal(res.diags.items[0].code, "parse-error");
    kr_result_dispose(&res);
    kr_ruleset_free(rules);
    rm_tree(root);
}

/* Standard input is bounded like a file: the memory budget, then the
 * 64 MiB cap (not read past it). */
static void test_scan__stdin_limits(void **state)
{
    (void)state;
    char *root = make_tmp();
    char path[4096];
    snprintf(path, sizeof path, "%s/big", root);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 3 * 1024 * 64; i++) /* 3 MiB of YAML: about 74 MiB to scan */
        fputs("k: vvvvvvvvvvvv\n", f);
    assert_int_equal(fclose(f), 0);
    int fd = open_file(root, "big");
    kr_result res;
    scan_fd(&res, NULL, fd, "<stdin>", 64ull * 1024 * 1024);
    close(fd);
    assert_int_equal(res.diags.len, 1);
    assert_string_equal(res.diags.items[0].code, "limit");
    assert_non_null(strstr(res.diags.items[0].message, "over the 64 MiB memory budget"));
    kr_result_dispose(&res);

    snprintf(path, sizeof path, "%s/huge", root);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)65 * 1024 * 1024), 0); /* sparse */
    assert_int_equal(fclose(f), 0);
    fd = open_file(root, "huge");
    scan_fd(&res, NULL, fd, "<stdin>", 0);
    close(fd);
    assert_int_equal(res.diags.len, 1);
    assert_string_equal(res.diags.items[0].file, "<stdin>");
    assert_string_equal(res.diags.items[0].message,
                        "standard input is larger than the 64 MiB limit of one input file; not scanned");
    kr_result_dispose(&res);
    rm_tree(root);
}

/* A chart's templates are not read: one note per chart. A Go template
 * elsewhere that YAML refuses gets one note instead of parse errors; a
 * GitHub workflow's ${{ }} is YAML. */
static void test_scan__helm_charts(void **state)
{
    (void)state;
    char *root = make_tmp();
    put_file(root, "web/Chart.yaml", "apiVersion: v2\nname: web\n");
    put_file(root, "web/values.yaml", "image: nginx\n");
    put_file(root, "web/templates/a.yaml", "kind: Pod\n{{- if .X }}\nb: 1\n{{- end }}\n");
    put_file(root, "web/templates/b.yml", "name: {{ .Values.x }}\n");
    put_file(root, "notachart/templates/c.yaml", "a: 1\n");
    put_file(root, "other/t.yaml", "a: 1\n{{ if .X }}\nb: 2\n{{ end }}\n");
    put_file(root, "other/wf.yml", "runs-on: ${{ matrix.os }}\n");
    go(root);
    kr_result res;
    kr_result_init(&res);
    const char *paths[] = {"."};
    kr_scan_options o = {.paths = paths, .npaths = 1, .jobs = 1, .lang = KR_LANG_EN};
    assert_int_equal(kr_scan(&res, NULL, &o), 0);
    assert_int_equal(res.skipped[KR_SKIP_HELM], 2);
    assert_int_equal(res.files_scanned, 5);
    assert_int_equal(res.diags.len, 2);
    assert_string_equal(res.diags.items[0].file, "other/t.yaml");
    assert_string_equal(res.diags.items[0].code, "helm-template");
    assert_int_equal(res.diags.items[0].severity, KR_SEV_NOTE);
    assert_int_equal(res.diags.items[0].span.start.line, 1);
    assert_int_equal(res.diags.items[0].span.start.col, 0);
    assert_string_equal(res.diags.items[1].file, "web/Chart.yaml");
    assert_string_equal(res.diags.items[1].code, "helm-chart");
    assert_non_null(strstr(res.diags.items[1].message, "the 2 templates under web/templates/ are"));
    assert_non_null(strstr(res.diags.items[1].message, "helm template web | krewlint -"));
    kr_result_dispose(&res);
    rm_tree(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_scan__collect_dot, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_display_paths, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_files, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_sorted_dedup, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_missing, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_links_and_dotgit, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_links_out_and_fifos, restore_cwd),
        cmocka_unit_test_teardown(test_scan__collect_gitignore, restore_cwd),
        cmocka_unit_test_teardown(test_scan__scan_tree, restore_cwd),
        cmocka_unit_test_teardown(test_scan__jobs_identical, restore_cwd),
        cmocka_unit_test_teardown(test_scan__stdin_and_helm_sources, restore_cwd),
        cmocka_unit_test_teardown(test_scan__stdin_limits, restore_cwd),
        cmocka_unit_test_teardown(test_scan__helm_charts, restore_cwd),
    };
    return cmocka_run_group_tests(tests, save_cwd, NULL);
}
