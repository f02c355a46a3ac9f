/* scan.c - find the files to scan, then parse and evaluate them in parallel.
 *
 * Collecting: every path argument is a file (taken when krewlint reads its
 * format, even if git ignores it: naming a file is explicit) or a folder,
 * walked recursively without following symlinked folders (no loops), skipping
 * .git, node_modules, .terraform and .krewlint (krewlint's own attestations,
 * not configuration to check). When a folder is inside a git work tree,
 * the files git ignores are dropped: `git -C DIR ls-files -z --cached
 * --others --exclude-standard` is run (posix_spawnp, no shell) and only the
 * walked files it lists are kept. Without git, or when git fails, nothing is
 * filtered. The list is sorted bytewise and deduplicated. Every entry met is
 * taken, counted as skipped by reason (kr_skip_reason), or reported: links
 * leaving the tree (not followed without --follow-symlinks), dangling and
 * looping links, FIFOs, devices and sockets (never opened: no hang), named
 * files in formats krewlint does not read.
 *
 * Display paths are the argument as given joined with the path found under it
 * ("dir" + "a/main.tf" = "dir/a/main.tf", "dir/" likewise, "./x" stays "./x"),
 * except that "." adds no prefix ("main.tf", not "./main.tf").
 *
 * Scanning: a pool of worker threads takes tasks from an atomic counter; a
 * task is one file, or, when some rule has a `related:` condition, every
 * Terraform file (.tf, .tf.json) of one folder: a Terraform module, parsed
 * together so that relations see the whole module (src/eval/relations.h).
 * A module over MODULE_MAX_FILES files or MODULE_MAX_BYTES bytes is scanned
 * file by file instead (with a warning), which bounds a task's memory. File i
 * writes only to slot i. After the join the slots are merged in index order
 * and sorted, so the output does not depend on `jobs` or on scheduling.
 * Nothing here is global: two scans may run at once.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "scan.h"
#include "scan_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "baseline.h"
#include "cfn/nested.h"
#include "cfn/resolve.h"
#include "config.h"
#include "doc/doc.h"
#include "doc/format.h"
#include "eval/relations.h"
#include "git.h"
#include "shard_plan.h"
#include "suppress.h"
#include "tf/module.h"
#include "ts/lang.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/fs.h"
#include "util/meter.h"


/* Worker threads never outnumber this, whatever -j says. */
#define MAX_JOBS 256
/* Stack for each worker: parsers recurse up to KR_MAX_DEPTH levels. */
#define WORKER_STACK_SIZE (8u * 1024u * 1024u)

/* Memory a file costs while it is parsed and evaluated, as a multiple of
 * its size, measured with /usr/bin/time -v on the release build (bench/
 * bench_memory.sh): YAML/JSON peak at about 22x the file (10 MiB -> 234 MB),
 * HCL at 135x (a 2 MiB .tf -> 277 MB) and up to 270x with a 1 MiB label,
 * source code at 45x (5 MiB of JavaScript -> 235 MB). The estimate takes
 * the worst case with some room, plus a fixed part per file. */
#define COST_FACTOR_YAML 24u
#define COST_FACTOR_HCL 280u
#define COST_FACTOR_SOURCE 48u
#define COST_PER_FILE (2u * 1024u * 1024u)
/* The default budget is half the memory (physical or the cgroup's limit,
 * whichever is lower), never less than this. */
#define MIN_DEFAULT_BUDGET (256ull * 1024u * 1024u)

/* ---- result --------------------------------------------------------------- */

void kr_result_init(kr_result *self)
{
    kr_findings_init(&self->findings);
    kr_diags_init(&self->diags);
    self->files_scanned = 0;
    self->files_skipped = 0;
    self->docs_parsed = 0;
    memset(&self->coverage, 0, sizeof self->coverage);
    memset(self->skipped, 0, sizeof(self->skipped));
    kr_diags_init(&self->rule_errors);
}

void kr_result_dispose(kr_result *self)
{
    kr_findings_dispose(&self->findings);
    kr_diags_dispose(&self->diags);
    kr_rulecov_dispose(&self->coverage);
    kr_diags_dispose(&self->rule_errors);
    self->files_scanned = 0;
    self->files_skipped = 0;
    self->docs_parsed = 0;
    memset(self->skipped, 0, sizeof(self->skipped));
}

/* ---- path buffer ---------------------------------------------------------- */

/* pathbuf - the display path of the entry being walked; `rel` is where the
 * part relative to the walk root starts. Always NUL-terminated. */
typedef struct pathbuf {
    char *p;
    size_t len;
    size_t cap;
    size_t rel;
} pathbuf;

static void pathbuf_put(pathbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = kr_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void pathbuf_cut(pathbuf *b, size_t len)
{
    b->len = len;
    b->p[len] = '\0';
}

/* ---- git ------------------------------------------------------------------ */

/* gitset - the paths `git ls-files` printed for a folder, relative to it,
 * sorted for bsearch. `active` is false when there is no filtering. */
typedef struct gitset {
    bool active;
    strvec paths;
} gitset;

/* Runs git ls-files in dir. Returns 0 with the sorted list, or -1 when git is
 * missing, dir is not in a work tree, or anything else fails. */
static int git_ls_files(strvec *out, const char *dir)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    /* -Wwrite-strings: exec wants char *const argv[]. */
    char a_git[] = "git", a_c[] = "-C", a_ls[] = "ls-files", a_z[] = "-z";
    char a_cached[] = "--cached", a_others[] = "--others", a_std[] = "--exclude-standard";
    char *a_dir = kr_xstrdup(dir);
    char *argv[] = {a_git, a_c, a_dir, a_ls, a_z, a_cached, a_others, a_std, NULL};
    int rc = kr_git_run(&b, argv);
    if (rc == 0) {
        /* NUL-separated entries (-z: never quoted). */
        for (size_t i = 0; i < b.len;) {
            size_t j = i;
            while (j < b.len && b.ptr[j] != '\0')
                j++;
            if (j > i)
                kr_array_push(out, kr_xstrndup(b.ptr + i, j - i));
            i = j + 1;
        }
        if (out->len > 1)
            qsort(out->items, out->len, sizeof(*out->items), cmp_str);
    }
    kr_buf_dispose(&b);
    free(a_dir);
    return rc;
}

static bool gitset_has(const gitset *g, const char *key)
{
    if (g->paths.len == 0)
        return false;
    return bsearch(&key, g->paths.items, g->paths.len, sizeof(*g->paths.items), cmp_str) != NULL;
}

/* 1 when git does not ignore rel: listed itself, or under a listed folder (git
 * lists an untracked nested repository as "dir/", a submodule as "dir"). */
static bool gitset_keeps(const gitset *g, const char *rel)
{
    if (!g->active)
        return true;
    if (gitset_has(g, rel))
        return true;
    size_t n = strlen(rel);
    char *tmp = kr_xmalloc(n + 1);
    bool keep = false;
    for (size_t i = 1; i < n && !keep; i++) {
        if (rel[i] != '/')
            continue;
        memcpy(tmp, rel, i + 1);
        tmp[i + 1] = '\0';           /* "a/b/" */
        keep = gitset_has(g, tmp);
        if (!keep) {
            tmp[i] = '\0';           /* "a/b" */
            keep = gitset_has(g, tmp);
        }
    }
    free(tmp);
    return keep;
}

/* 1 when a folder (rel ends with '/') may hold files git keeps: a listed path
 * starts with rel, or the folder is (inside) a listed nested repository. An
 * ignored folder (build/, dist/) is then not walked at all. */
static bool gitset_enters(const gitset *g, const char *rel)
{
    if (!g->active || gitset_keeps(g, rel))
        return true;
    size_t lo = 0, hi = g->paths.len, n = strlen(rel);
    while (lo < hi) {               /* first entry >= rel */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->paths.items[mid], rel) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->paths.len && strncmp(g->paths.items[lo], rel, n) == 0;
}

/* ---- collecting ----------------------------------------------------------- */

/* collector - what a collection builds. */
typedef struct collector {
    strvec files;      /* display paths, owned */
    size_t skipped[KR_SKIP_N]; /* entries not scanned, by reason */
    kr_diags *diags;
    const kr_config *config; /* include/exclude for walked files; may be NULL */
    bool follow_symlinks;    /* read file links whatever they point at */
    char *root_real;   /* realpath of the folder being walked, or NULL */
    char *cwd_real;    /* realpath of ".", or NULL */
    strvec charts;     /* the chart folder of each Helm template met (owned) */
} collector;

const char *kr_skip_reason_name(kr_skip_reason r)
{
    switch (r) {
    case KR_SKIP_FORMAT: return "not a format krewlint reads";
    case KR_SKIP_OWN: return "krewlint's own";
    case KR_SKIP_EXCLUDED: return "excluded";
    case KR_SKIP_LINKED_DIR: return "linked folders";
    case KR_SKIP_LINK_OUTSIDE: return "links out of the tree";
    case KR_SKIP_BROKEN_LINK: return "broken links";
    case KR_SKIP_NOT_REGULAR: return "FIFOs, devices or sockets";
    case KR_SKIP_HELM: return "Helm chart templates";
    case KR_SKIP_N: break;
    }
    return "?";
}

/* ---- Helm charts ---------------------------------------------------------- */

/* A Helm chart template: a YAML file under a templates/ folder whose parent
 * holds Chart.yaml (the chart layout helm reads). Such a file is a Go
 * template, which YAML parsers reject or misread, so it is not scanned;
 * `helm template CHART | krewlint -` scans what it renders. *chart is the
 * chart folder (owned; "." for the working folder). */
static bool helm_template(const char *display, char **chart)
{
    if (kr_syntax_comments(display, NULL, 0) != KR_COMMENTS_YAML)
        return false;
    for (const char *p = display; (p = strstr(p, "templates/")) != NULL; p++) {
        if (p != display && p[-1] != '/')
            continue;
        size_t n = (size_t)(p - display); /* the chart folder with its '/' */
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%.*sChart.yaml", (int)n, display);
        bool is_chart = access(kr_buf_cstr(&b), F_OK) == 0;
        kr_buf_dispose(&b);
        if (is_chart) {
            *chart = n > 1 ? kr_xstrndup(display, n - 1) : kr_xstrdup(".");
            return true;
        }
    }
    return false;
}

/* One note per chart met, after the walk: its templates are not scanned,
 * and how to scan them. */
static void helm_notes(collector *c)
{
    strvec *v = &c->charts;
    if (v->len > 1)
        qsort(v->items, v->len, sizeof(*v->items), cmp_str);
    for (size_t i = 0; i < v->len;) {
        size_t j = i + 1;
        while (j < v->len && strcmp(v->items[j], v->items[i]) == 0)
            j++;
        const char *dir = v->items[i];
        bool here = strcmp(dir, ".") == 0;
        kr_buf f;
        kr_buf_init(&f, 0);
        kr_buf_printf(&f, "%s%sChart.yaml", here ? "" : dir, here ? "" : "/");
        kr_diags_add(c->diags, KR_SEV_NOTE, kr_buf_cstr(&f), NULL, "helm-chart",
                     "a Helm chart: the %zu template%s under %s%stemplates/ %s Go template%s, not "
                     "YAML, and %s not scanned; scan what the chart renders: helm template %s | "
                     "krewlint -",
                     j - i, j - i == 1 ? "" : "s", here ? "" : dir, here ? "" : "/",
                     j - i == 1 ? "is a" : "are", j - i == 1 ? "" : "s", j - i == 1 ? "is" : "are", dir);
        kr_buf_dispose(&f);
        i = j;
    }
    strvec_dispose(v);
}

/* Whether a file has a Go-template action: "{{" not written as GitHub
 * Actions' "${{". *at: its offset. */
static bool go_template_action(const char *data, size_t len, size_t *at)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (data[i] == '{' && data[i + 1] == '{' && (i == 0 || data[i - 1] != '$')) {
            *at = i;
            return true;
        }
    }
    return false;
}

/* Rendered Helm output (`helm template`) says which template each document
 * came from: a "# Source: chart/templates/x.yaml" line at its top. Each
 * finding of file `path` (from index `from` of the slot) whose document has
 * one gets it appended to its message, "(from chart/templates/x.yaml)", so
 * that the finding names the template to fix; its file, line and column
 * stay those of the rendered stream the snippet shows. */
static void helm_sources(file_slot *s, size_t from, const char *path, const char *data, size_t len,
                         kr_lang lang)
{
    static const char SRC[] = "# Source: ";
    const size_t SRCLEN = sizeof SRC - 1;
    if (from >= s->findings.len || !data)
        return;
    if (!(len >= SRCLEN && memcmp(data, SRC, SRCLEN) == 0) && !strstr(data, "\n# Source: "))
        return;
    /* marks: for each document start (a "---" line) or Source line, its
     * line number and the source (NULL for a document start) */
    typedef struct mark {
        uint32_t line;
        const char *src;
        size_t srclen;
    } mark;
    KR_ARRAY(mark) marks = {0};
    uint32_t line = 0;
    for (size_t pos = 0; pos < len; line++) {
        const char *eol = memchr(data + pos, '\n', len - pos);
        size_t end = eol ? (size_t)(eol - data) : len;
        size_t e = end > pos && data[end - 1] == '\r' ? end - 1 : end;
        if (e - pos >= 3 && memcmp(data + pos, "---", 3) == 0 &&
            (e - pos == 3 || data[pos + 3] == ' ' || data[pos + 3] == '\t')) {
            mark m = {line, NULL, 0};
            kr_array_push(&marks, m);
        } else if (e - pos > SRCLEN && memcmp(data + pos, SRC, SRCLEN) == 0) {
            size_t a = pos + SRCLEN, b = e;
            while (b > a && (data[b - 1] == ' ' || data[b - 1] == '\t'))
                b--;
            mark m = {line, data + a, b - a};
            kr_array_push(&marks, m);
        }
        pos = end + 1;
    }
    for (size_t i = from; i < s->findings.len; i++) {
        kr_finding *f = &s->findings.items[i];
        if (strcmp(f->file, path) != 0 || !f->message)
            continue;
        const mark *m = NULL;
        for (size_t k = 0; k < marks.len && marks.items[k].line <= f->span.start.line; k++)
            m = &marks.items[k];
        if (!m || !m->src || m->srclen == 0)
            continue;
        kr_buf b;
        kr_buf_init(&b, 0);
        if (lang == KR_LANG_JA)
            kr_buf_printf(&b, "%s（%.*s から）", f->message, (int)m->srclen, m->src);
        else
            kr_buf_printf(&b, "%s (from %.*s)", f->message, (int)m->srclen, m->src);
        free(f->message);
        f->message = kr_buf_detach(&b);
        kr_buf_dispose(&b);
    }
    kr_array_dispose(&marks);
}

/* Folders never walked (a file of that name is not ours to read either). */
static bool skipped_dir_name(const char *name)
{
    return strcmp(name, ".git") == 0 || strcmp(name, "node_modules") == 0 ||
           strcmp(name, ".terraform") == 0 || strcmp(name, ".krewlint") == 0;
}

/* An io-error about a folder, named without the trailing '/' the walk adds. */
static void dir_error(collector *c, const char *path, int err)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    char *name = kr_xstrndup(path, n);
    kr_diags_add(c->diags, KR_SEV_ERROR, name, NULL, "io-error", "%s", strerror(err));
    free(name);
}

/* 1 when the canonical path `real` is `root` or lies under it. */
static bool path_within(const char *root, const char *real)
{
    if (!root || !real)
        return false;
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* The canonical folder holding `path` (the link itself, not its target). */
static char *parent_real(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? kr_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : kr_xstrdup(".");
    char *real = realpath(dir, NULL);
    free(dir);
    return real;
}

/* A symbolic link to a file is followed when its target stays inside the
 * scan: under the folder being walked, or, for a path named on the command
 * line or in --files-from (root NULL), under the current folder or the
 * link's own folder. Otherwise (a `x.tf -> /etc/passwd` in a pull request)
 * one warning names the link, never the target or its content. */
static bool link_allowed(collector *c, const char *display, const char *root)
{
    if (c->follow_symlinks)
        return true;
    char *real = realpath(display, NULL);
    bool ok = false;
    if (real) {
        if (root) {
            ok = path_within(root, real);
        } else {
            char *pr = parent_real(display);
            ok = path_within(c->cwd_real, real) || path_within(pr, real);
            free(pr);
        }
    }
    free(real);
    if (!ok) {
        kr_diags_add(c->diags, KR_SEV_WARNING, display, NULL, "symlink-outside",
                     "symbolic link to a file outside the scanned tree, not followed "
                     "(--follow-symlinks reads it)");
        c->skipped[KR_SKIP_LINK_OUTSIDE]++;
    }
    return ok;
}

/* A link whose target cannot be reached: dangling, a loop, no permission. */
static void broken_link(collector *c, const char *display, int err)
{
    if (err == ELOOP)
        kr_diags_add(c->diags, KR_SEV_WARNING, display, NULL, "broken-symlink",
                     "symbolic link loop, not followed");
    else if (err == ENOENT || err == ENOTDIR)
        kr_diags_add(c->diags, KR_SEV_WARNING, display, NULL, "broken-symlink",
                     "dangling symbolic link (its target does not exist), not scanned");
    else
        kr_diags_add(c->diags, KR_SEV_WARNING, display, NULL, "broken-symlink",
                     "symbolic link that cannot be followed (%s), not scanned", strerror(err));
    c->skipped[KR_SKIP_BROKEN_LINK]++;
}

/* A FIFO, device or socket (or a link to one): never opened. */
static void not_regular(collector *c, const char *display, mode_t mode, bool via_link)
{
    kr_diags_add(c->diags, KR_SEV_WARNING, display, NULL, "not-regular",
                 "%s%s, not scanned (krewlint reads regular files only)",
                 via_link ? "symbolic link to " : "", kr_fs_kind_name((unsigned)mode));
    c->skipped[KR_SKIP_NOT_REGULAR]++;
}

/* A file found by walking: krewlint's own configuration and baseline are not
 * inputs, and the configuration's include/exclude apply (a file named on the
 * command line is always taken). A link to a file is checked last, so that
 * only a link krewlint would read is reported. */
static void add_walked(collector *c, const char *display, bool is_link)
{
    const char *base = strrchr(display, '/');
    base = base ? base + 1 : display;
    if (strcmp(base, KR_CONFIG_NAME) == 0 || strcmp(base, KR_BASELINE_NAME) == 0) {
        c->skipped[KR_SKIP_OWN]++;
        return;
    }
    if (!kr_config_wants_path(c->config, display)) {
        c->skipped[KR_SKIP_EXCLUDED]++;
        return;
    }
    bool is_hcl = false;
    if (!kr_detect_wants(display, &is_hcl)) {
        c->skipped[KR_SKIP_FORMAT]++;
        return;
    }
    char *chart = NULL;
    if (helm_template(display, &chart)) {
        c->skipped[KR_SKIP_HELM]++;
        kr_array_push(&c->charts, chart);
        return;
    }
    if (is_link && !link_allowed(c, display, c->root_real))
        return;
    kr_array_push(&c->files, kr_xstrdup(display));
}

/* Walks the folder whose display path is b->p (or `dir` when b is empty, for
 * "."). b ends with '/' or is empty. Every entry is taken, counted as
 * skipped with its reason, or (not a file krewlint can read safely: a
 * dangling or looping link, a FIFO, a device, a socket, a link out of the
 * tree) reported with a warning. */
static void walk(collector *c, pathbuf *b, const char *dir, const gitset *git)
{
    const char *open_path = b->len ? b->p : dir;
    DIR *d = opendir(open_path);
    if (!d) {
        dir_error(c, open_path, errno);
        return;
    }
    size_t base = b->len;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno != 0)
                dir_error(c, open_path, errno);
            break;
        }
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || skipped_dir_name(name))
            continue;
        pathbuf_put(b, name, strlen(name));
        struct stat st;
        if (lstat(b->p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                pathbuf_put(b, "/", 1);
                if (gitset_enters(git, b->p + b->rel))
                    walk(c, b, dir, git);
            } else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
                /* before git's say: git lists no FIFO, device or socket */
                not_regular(c, b->p, st.st_mode, false);
            } else if (!gitset_keeps(git, b->p + b->rel)) {
                /* ignored by git: not part of the repository */
            } else if (S_ISLNK(st.st_mode)) {
                /* A link to a file is read (inside the tree); a link to a
                 * folder is not followed (no loops, no escape), only counted. */
                struct stat t;
                if (stat(b->p, &t) != 0)
                    broken_link(c, b->p, errno);
                else if (S_ISDIR(t.st_mode))
                    c->skipped[KR_SKIP_LINKED_DIR]++;
                else if (!S_ISREG(t.st_mode))
                    not_regular(c, b->p, t.st_mode, true);
                else
                    add_walked(c, b->p, true);
            } else {
                add_walked(c, b->p, false);
            }
        } else if (errno != ENOENT) {
            kr_diags_add(c->diags, KR_SEV_ERROR, b->p, NULL, "io-error", "%s", strerror(errno));
        }
        pathbuf_cut(b, base);
    }
    closedir(d);
}

/* Bytes of a named file's head looked at for a #! line. */
#define SHEBANG_SNIFF_BYTES 256

/* 1 when a named file without a known extension starts with a #! line of a
 * language krewlint reads (`scripts/deploy` with `#!/usr/bin/env node`). */
static bool named_script(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char head[SHEBANG_SNIFF_BYTES];
    ssize_t n = read(fd, head, sizeof(head));
    close(fd);
    return n > 2 && kr_ts_lang_detect(path, head, (size_t)n) != KR_TS_NONE;
}

/* A file named on the command line or in --files-from: always scanned when
 * krewlint reads its format (whatever include/exclude and git say), else a
 * warning saying why not. */
static void add_named(collector *c, const char *arg, const struct stat *lst, const struct stat *st)
{
    if (!S_ISREG(st->st_mode)) {
        not_regular(c, arg, st->st_mode, S_ISLNK(lst->st_mode));
        return;
    }
    bool is_hcl = false;
    if (!kr_detect_wants(arg, &is_hcl) && !named_script(arg)) {
        kr_diags_add(c->diags, KR_SEV_WARNING, arg, NULL, "unsupported-format",
                     "not a format krewlint reads (Terraform, CloudFormation, Kubernetes, "
                     "serverless, YAML/JSON configuration or JavaScript/TypeScript/Python/Go "
                     "source), not scanned");
        c->skipped[KR_SKIP_FORMAT]++;
        return;
    }
    char *chart = NULL;
    if (helm_template(arg, &chart)) {
        c->skipped[KR_SKIP_HELM]++;
        kr_array_push(&c->charts, chart);
        return;
    }
    if (S_ISLNK(lst->st_mode) && !link_allowed(c, arg, NULL))
        return;
    kr_array_push(&c->files, kr_xstrdup(arg));
}

static void collect_path(collector *c, const char *arg)
{
    struct stat lst, st;
    if (lstat(arg, &lst) != 0) {
        kr_diags_add(c->diags, KR_SEV_ERROR, arg, NULL, "io-error", "%s", strerror(errno));
        return;
    }
    if (stat(arg, &st) != 0) {
        broken_link(c, arg, errno);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_named(c, arg, &lst, &st);
        return;
    }

    gitset git = {0};
    git.active = git_ls_files(&git.paths, arg) == 0;

    pathbuf b = {0};
    if (strcmp(arg, ".") != 0) {
        size_t n = strlen(arg);
        while (n > 1 && arg[n - 1] == '/' && arg[n - 2] == '/')
            n--;                     /* "dir//" -> "dir/" */
        pathbuf_put(&b, arg, n);
        if (n == 0 || arg[n - 1] != '/')
            pathbuf_put(&b, "/", 1);
    }
    b.rel = b.len;
    c->root_real = realpath(arg, NULL);
    walk(c, &b, arg, &git);
    free(c->root_real);
    c->root_real = NULL;
    free(b.p);
    strvec_dispose(&git.paths);
}

/* Collects, sorts and deduplicates. */
static void collect(collector *c, const char *const *paths, size_t npaths)
{
    static const char *const dot[] = {"."};
    if (npaths == 0) {
        paths = dot;
        npaths = 1;
    }
    c->cwd_real = realpath(".", NULL);
    for (size_t i = 0; i < npaths; i++)
        collect_path(c, paths[i]);
    free(c->cwd_real);
    c->cwd_real = NULL;
    helm_notes(c);

    strvec *f = &c->files;
    if (f->len > 1)
        qsort(f->items, f->len, sizeof(*f->items), cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (w > 0 && strcmp(f->items[w - 1], f->items[i]) == 0)
            free(f->items[i]);
        else
            f->items[w++] = f->items[i];
    }
    f->len = w;
}

int kr_scan_collect(char ***out, size_t *count, const char *const *paths, size_t npaths,
                    kr_diags *diags)
{
    collector c = {.diags = diags};
    collect(&c, paths, npaths);
    *out = c.files.items;
    *count = c.files.len;
    return 0;
}

/* ---- memory budget -------------------------------------------------------- */

/* The estimated peak memory of scanning a file of `size` bytes at path. */
static unsigned long long file_cost(const char *path, unsigned long long size)
{
    bool is_hcl = false;
    (void)kr_detect_wants(path, &is_hcl);
    unsigned f = is_hcl ? COST_FACTOR_HCL
                 : kr_ts_lang_from_path(path) != KR_TS_NONE ? COST_FACTOR_SOURCE
                                                            : COST_FACTOR_YAML;
    return size * f + COST_PER_FILE;
}

/* cgroup v2 memory.max of this process's group, or 0 when there is none. */
static unsigned long long cgroup_limit(void)
{
    char *data = NULL;
    size_t len = 0;
    unsigned long long v = 0;
    if (kr_fs_read(&data, &len, "/sys/fs/cgroup/memory.max", NULL) == 0 && len > 0 &&
        data[0] >= '0' && data[0] <= '9')
        v = strtoull(data, NULL, 10);
    free(data);
    return v;
}

unsigned long long kr_scan_default_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    unsigned long long ram = pages > 0 && page > 0 ? (unsigned long long)pages * (unsigned long long)page
                                                   : 4ull * 1024u * 1024u * 1024u;
    unsigned long long cg = cgroup_limit();
    if (cg && cg < ram)
        ram = cg;
    unsigned long long b = ram / 2;
    return b < MIN_DEFAULT_BUDGET ? MIN_DEFAULT_BUDGET : b;
}

static unsigned long long budget_take(budget *b, unsigned long long cost)
{
    if (cost > b->limit)
        cost = b->limit;
    pthread_mutex_lock(&b->mu);
    while (b->in_use > 0 && b->in_use + cost > b->limit)
        pthread_cond_wait(&b->freed, &b->mu);
    b->in_use += cost;
    pthread_mutex_unlock(&b->mu);
    return cost;
}

static void budget_give(budget *b, unsigned long long cost)
{
    pthread_mutex_lock(&b->mu);
    b->in_use -= cost;
    pthread_cond_broadcast(&b->freed);
    pthread_mutex_unlock(&b->mu);
}

/* What a task really allocates (util/meter.h) is measured against the whole
 * budget: the estimate decides when a task may start, the meter stops a
 * parse that goes over (the parsers give up with a "memory" diagnostic).
 * The limit and the counts depend on the task's files alone, so the same
 * files get the same diagnostic for any -j. */
static kr_meter *budget_meter_begin(const budget *b, kr_meter *m)
{
    size_t limit = b->limit > SIZE_MAX ? SIZE_MAX : (size_t)b->limit;
    kr_meter_init(m, limit);
    return kr_meter_enter(m);
}

/* Ends the meter of a task over files idx[0..n): when it went over after
 * the parsers were done (evaluation, module resolution), the first file
 * says so; its findings are kept. */
static void budget_meter_end(const budget *b, kr_meter *prev, const kr_meter *m, file_slot *slots,
                             const size_t *idx, size_t n, char *const *files)
{
    kr_meter_leave(prev);
    if (!m->exceeded || n == 0)
        return;
    for (size_t k = 0; k < n; k++) {
        const kr_diags *d = &slots[idx[k]].diags;
        for (size_t j = 0; j < d->len; j++)
            if (d->items[j].code && strcmp(d->items[j].code, "memory") == 0)
                return; /* a parser stopped and said so */
    }
    kr_diags_add(&slots[idx[0]].diags, KR_SEV_ERROR, files[idx[0]], NULL, "memory",
                 "exceeds --max-memory: scanning %s needed more than %llu MiB",
                 n > 1 ? "its folder" : "it", b->limit / (1024u * 1024u));
}

/* ---- scanning ------------------------------------------------------------- */

static bool is_mandatory(const char *rule_id, const char *control, void *payload)
{
    return kr_config_is_mandatory(payload, rule_id, control);
}

/* The configuration and inline suppressions, applied to one file's findings
 * while its bytes are at hand: findings of rules turned off are dropped,
 * severities overridden (an unknown verdict stays a note), then the file's
 * krewlint:ignore comments mark what they cover. */
void kr_scan__adopt_file(const scan_ctx *ctx, file_slot *s, const char *path, const char *data,
                         size_t len, kr_suppressions *docsup)
{
    const kr_config *cfg = ctx->config;
    if (cfg) {
        kr_findings kept;
        kr_findings_init(&kept);
        for (size_t i = 0; i < s->findings.len; i++) {
            kr_finding *f = &s->findings.items[i];
            if (f->rule && ctx->keep_disabled && !kr_config_rule_enabled(cfg, f->rule)) {
                f->disabled = true;
                kr_findings_push(&kept, f);
                continue;
            }
            if (f->rule && !kr_config_rule_enabled(cfg, f->rule)) {
                kr_findings one;
                kr_findings_init(&one);
                kr_findings_push(&one, f);
                kr_findings_dispose(&one);
                continue;
            }
            if (f->rule && !f->unknown)
                f->severity = kr_config_severity(cfg, f->rule);
            kr_findings_push(&kept, f);
        }
        s->findings.len = 0; /* every entry moved or freed */
        kr_findings_dispose(&s->findings);
        s->findings = kept;
    }
    if (cfg && cfg->no_inline_suppressions)
        return;
    /* a finding moved to where its value is written (a tfvars line, a
     * variable default: src/tf/module.h) is matched against that file's
     * suppressions, the others against this file's */
    kr_findings here, moved;
    kr_findings_init(&here);
    kr_findings_init(&moved);
    for (size_t i = 0; i < s->findings.len; i++)
        kr_findings_push(strcmp(s->findings.items[i].file, path) == 0 ? &here : &moved,
                         &s->findings.items[i]);
    s->findings.len = 0;
    kr_findings_dispose(&s->findings);
    kr_suppressions sup;
    kr_suppressions_init(&sup);
    kr_comment_syntax syn = kr_suppress_syntax_for(path, data, len);
    if (syn == KR_COMMENTS_NONE && ctx->stdin_index < ctx->nfiles && !kr_syntax_for_path(path) &&
        strcmp(path, ctx->files[ctx->stdin_index]) == 0)
        syn = KR_COMMENTS_YAML; /* standard input without a name is read as YAML */
    kr_suppress_scan(&sup, path, data, len, syn, ctx->today, &s->diags);
    /* the structured forms (Metadata, annotations), moved in */
    for (size_t i = 0; docsup && i < docsup->len; i++)
        kr_array_push(&sup, docsup->items[i]);
    if (docsup) docsup->len = 0;
    if (sup.len) {
        /* findings of rules the configuration turns off (keep_disabled: kept
         * for the checksheet) are marked after the unused suppressions are
         * reported, so the warnings are those of a scan without them
         * (krewlint report, a --shard and krewlint . agree) */
        kr_findings off;
        kr_findings_init(&off);
        size_t on = 0;
        for (size_t i = 0; i < here.len; i++) {
            if (here.items[i].disabled)
                kr_findings_push(&off, &here.items[i]);
            else
                here.items[on++] = here.items[i];
        }
        here.len = on;
        kr_suppress_apply(&sup, &here, path, cfg ? is_mandatory : NULL,
                          (void *)(uintptr_t)cfg, &s->diags);
        kr_suppress_report_unused_in(&sup, path, ctx->rules, &s->diags);
        if (off.len) {
            kr_diags scratch;
            kr_diags_init(&scratch);
            kr_suppress_apply(&sup, &off, path, NULL, NULL, &scratch);
            kr_diags_dispose(&scratch);
        }
        kr_findings_take(&here, &off);
    }
    kr_suppressions_dispose(&sup);
    for (size_t i = 0; i < moved.len;) {
        /* the run of findings in one other file */
        const char *other = moved.items[i].file;
        kr_findings run;
        kr_findings_init(&run);
        size_t j = i;
        while (j < moved.len && strcmp(moved.items[j].file, other) == 0)
            kr_findings_push(&run, &moved.items[j++]);
        char *odata = NULL;
        size_t olen = 0;
        const char *err = NULL;
        if (kr_fs_read(&odata, &olen, run.items[0].file, &err) == 0) {
            kr_suppressions osup;
            kr_suppressions_init(&osup);
            kr_diags quiet; /* that file's own problems are its scan's to report */
            kr_diags_init(&quiet);
            kr_suppress_scan(&osup, run.items[0].file, odata, olen,
                             kr_suppress_syntax_for(run.items[0].file, odata, olen), ctx->today, &quiet);
            if (osup.len)
                kr_suppress_apply(&osup, &run, run.items[0].file, cfg ? is_mandatory : NULL,
                                  (void *)(uintptr_t)cfg, &s->diags);
            kr_suppressions_dispose(&osup);
            kr_diags_dispose(&quiet);
        }
        free(odata);
        kr_findings_take(&here, &run);
        kr_findings_dispose(&run);
        i = j;
    }
    moved.len = 0;
    kr_findings_dispose(&moved);
    s->findings = here;
}

/* `krewlint -`: reads standard input, the scan's only file, before the
 * workers start, so that its size counts in the memory budget like a
 * file's. A stream over KR_MAX_FILE_SIZE is not read further. */
static void read_stdin(scan_ctx *ctx, int fd)
{
    ctx->stdin_index = 0;
    const char *err = NULL;
    int rc = kr_fs_read_fd(&ctx->stdin_data, &ctx->stdin_len, fd, &err);
    if (rc == 0) {
        ctx->sizes[0] = ctx->stdin_len;
        return;
    }
    if (rc == KR_ELIMIT)
        kr_diags_add(&ctx->slots[0].diags, KR_SEV_ERROR, ctx->files[0], NULL, "limit",
                     "standard input is larger than the %u MiB limit of one input file; not scanned",
                     KR_MAX_FILE_SIZE / (1024u * 1024u));
    else
        kr_diags_add(&ctx->slots[0].diags, KR_SEV_ERROR, ctx->files[0], NULL, "io-error",
                     "cannot read standard input: %s", err ? err : "read error");
    free(ctx->stdin_data);
    ctx->stdin_data = NULL;
    ctx->stdin_len = 0;
}

/* Reads file i; a problem goes to its slot. */
bool kr_scan__read_input(scan_ctx *ctx, size_t i, char **data, size_t *len)
{
    file_slot *s = &ctx->slots[i];
    const char *path = ctx->files[i];
    const char *err = NULL;
    *data = NULL;
    *len = 0;
    /* The per-file cap: a file whose estimate (a multiple of its size) is
     * over the whole budget is not parsed at all. */
    unsigned long long cost = file_cost(path, ctx->sizes[i]);
    if (cost > ctx->mem.limit) {
        kr_diags_add(&s->diags, KR_SEV_ERROR, path, NULL, "limit",
                     "the file (%llu MiB) would need about %llu MiB to scan, over the %llu MiB "
                     "memory budget (--max-memory); not scanned",
                     ctx->sizes[i] / (1024u * 1024u), cost / (1024u * 1024u),
                     ctx->mem.limit / (1024u * 1024u));
        return false;
    }
    int rc;
    if (i == ctx->stdin_index) {
        if (!ctx->stdin_data)
            return false; /* read_stdin said why */
        *data = kr_xmalloc(ctx->stdin_len + 1);
        memcpy(*data, ctx->stdin_data, ctx->stdin_len + 1);
        *len = ctx->stdin_len;
        rc = 0;
    } else {
        rc = kr_fs_read(data, len, path, &err);
    }
    if (rc == KR_ENOTREG) {
        /* it was a regular file when the scan listed it */
        kr_diags_add(&s->diags, KR_SEV_WARNING, path, NULL, "not-regular",
                     "%s, not scanned (krewlint reads regular files only)", err ? err : "?");
        return false;
    }
    if (rc == KR_ELIMIT) {
        kr_diags_add(&s->diags, KR_SEV_ERROR, path, NULL, "limit",
                     "file is larger than the %u MiB limit", KR_MAX_FILE_SIZE / (1024u * 1024u));
        return false;
    }
    if (rc != 0) {
        kr_diags_add(&s->diags, KR_SEV_ERROR, path, NULL, "io-error", "%s",
                     err ? err : "the file could not be read");
        return false;
    }
    /* UTF-16/32 with a BOM: decoded, so every reader (parsers, suppression
     * comments, snippets) sees UTF-8 with the same lines and columns */
    const char *enc = NULL;
    size_t bad = 0;
    if (kr_fs_decode_bom(data, len, &enc, &bad) != 0) {
        kr_diags_add(&s->diags, KR_SEV_ERROR, path, NULL, "encoding",
                     "the file starts with a %s byte order mark but is not %s text (at byte %zu: "
                     "binary data, a broken surrogate pair or a control character); not scanned",
                     enc, enc, bad);
        free(*data);
        *data = NULL;
        *len = 0;
        return false;
    }
    return true;
}

/* Conditions a template may leave undecided and still be evaluated in every
 * combination (2^4 = 16 evaluations of the file at most); with more, the
 * values that depend on them are unknown. */
#define CFN_MAX_SCENARIO_CONDITIONS 4

static bool same_finding(const kr_finding *a, const kr_finding *b)
{
    return a->rule == b->rule &&
           strcmp(a->resource ? a->resource : "", b->resource ? b->resource : "") == 0 &&
           strcmp(a->path ? a->path : "", b->path ? b->path : "") == 0;
}

/* A CloudFormation template whose conditions CloudFormation decides only at
 * deploy: evaluated once per combination of the undecided conditions (the
 * resolver forces them, cfn/resolve.h). A failure in every combination is a
 * failure; in some only, an unknown naming the conditions; an unknown stays
 * unknown. Returns false (nothing added) when there are too many. */
/* The message of a finding that fails in some combinations of undecided
 * conditions only: an unknown in its own words, the failure it would be
 * (f's message) quoted after the combination. */
static void undecided_message(kr_buf *b, const kr_finding *f, kr_lang lang, char (*names)[64],
                              unsigned forced, unsigned first_fail, unsigned nfail)
{
    bool ja = lang == KR_LANG_JA;
    kr_eval_put_whether(b, f->rule, f->resource, lang); /* the words of every unknown */
    kr_buf_puts(b, ja ? ": " : ": it fails only when ");
    for (unsigned c = 0; c < forced; c++) {
        const char *v = first_fail >> c & 1u ? "true" : "false";
        if (ja) kr_buf_printf(b, "%s条件 %s が %s", c ? "かつ" : "", names[c], v);
        else kr_buf_printf(b, "%scondition %s is %s", c ? " and " : "", names[c], v);
    }
    if (ja) {
        kr_buf_puts(b, " の場合だけ満たしません");
        if (nfail > 1) kr_buf_printf(b, "（ほか %u 通りの組み合わせでも）", nfail - 1);
        kr_buf_puts(b, "。条件は CloudFormation がデプロイ時に決めます。その場合: ");
    } else {
        if (nfail > 1)
            kr_buf_printf(b, ", or in %u other combination%s", nfail - 1, nfail > 2 ? "s" : "");
        kr_buf_puts(b, ", which CloudFormation decides at deploy; then: ");
    }
    kr_buf_puts(b, f->message ? f->message : "");
}

static bool cfn_scenarios(const scan_ctx *ctx, file_slot *s, const char *path, const char *data,
                          size_t len)
{
    enum { NSC = 1u << CFN_MAX_SCENARIO_CONDITIONS };
    char names[CFN_MAX_SCENARIO_CONDITIONS][64];
    kr_cfn_options o = {0};
    if (ctx->cfn)
        o = *ctx->cfn;
    o.force_conditions = true;
    o.forced_names = names;
    o.forced_cap = CFN_MAX_SCENARIO_CONDITIONS;
    kr_findings runs[NSC];
    unsigned nsc = 1, forced = 0, done = 0;
    for (unsigned sc = 0; sc < nsc; sc++) {
        kr_doc d;
        kr_diags scratch; /* the first pass reported the template's problems */
        kr_diags_init(&scratch);
        kr_doc_init(&d, path, data, len);
        kr_findings_init(&runs[sc]);
        done = sc + 1;
        if (kr_doc_load(&d, &scratch) == 0) {
            o.scenario = sc;
            int n = kr_cfn_resolve(&d, &o, &scratch);
            if (sc == 0) {
                forced = n > 0 ? (unsigned)n : 0;
                nsc = forced <= CFN_MAX_SCENARIO_CONDITIONS ? 1u << forced : 0;
            }
            if (nsc) {
                kr_eval_options eo = ctx->eopts;
                eo.applied = ctx->record_coverage ? &s->covered : NULL;
                kr_eval_doc(ctx->rules, &d, &eo, &runs[sc]);
            }
        }
        kr_doc_dispose(&d);
        kr_diags_dispose(&scratch);
    }
    if (nsc == 0) {
        for (unsigned k = 0; k < done; k++)
            kr_findings_dispose(&runs[k]);
        return false;
    }
    bool *seen[NSC];
    for (unsigned k = 0; k < nsc; k++)
        seen[k] = kr_xcalloc(runs[k].len ? runs[k].len : 1, sizeof(bool));
    for (unsigned sc = 0; sc < nsc; sc++) {
        for (size_t i = 0; i < runs[sc].len; i++) {
            if (seen[sc][i])
                continue;
            kr_finding *f = &runs[sc].items[i];
            unsigned failing = 0, first_fail = nsc, nfail = 0;
            bool unknown = false;
            /* the first unmatched finding of the same rule, resource and
             * attribute in each combination is this one (a branch value
             * sits elsewhere); in its own combination only f itself */
            for (unsigned k = sc; k < nsc; k++) {
                for (size_t j = k == sc ? i : 0; j < runs[k].len; j++) {
                    kr_finding *g = &runs[k].items[j];
                    if (seen[k][j] || !same_finding(f, g))
                        continue;
                    seen[k][j] = true; /* the same finding in another combination */
                    if (g->unknown) {
                        unknown = true;
                    } else if (!(failing >> k & 1u)) {
                        failing |= 1u << k;
                        nfail++;
                        if (first_fail == nsc)
                            first_fail = k;
                    }
                    break;
                }
            }
            if (!unknown && nfail < nsc) {
                kr_buf b;
                kr_buf_init(&b, 0);
                undecided_message(&b, f, ctx->eopts.lang, names, forced, first_fail, nfail);
                char *m = kr_buf_detach(&b);
                free(f->message);
                f->message = m ? m : kr_xstrdup("");
                f->unknown = true;
                f->severity = KR_SEV_NOTE;
            }
            kr_findings_push(&s->findings, f); /* moves it: runs[sc] keeps a zeroed slot */
        }
    }
    for (unsigned k = 0; k < nsc; k++)
        free(seen[k]);
    for (unsigned k = 0; k < nsc; k++)
        kr_findings_dispose(&runs[k]);
    return true;
}

/* ---- plans beside their configuration ------------------------------------- */

/* The resource addresses a plan's rules are evaluated on (eval.c's plan
 * walk: resource_changes[*] whose change.after is a map). */
static void planned_addresses(strvec *out, const kr_doc *doc)
{
    for (size_t r = 0; r < doc->nroots; r++) {
        const kr_node *rc = doc->roots[r] ? kr_node_get(doc->roots[r], "resource_changes") : NULL;
        for (size_t i = 0; rc && rc->kind == KR_NODE_SEQ && i < rc->nitems; i++) {
            const kr_node *item = rc->items[i];
            const kr_node *after = kr_node_get(kr_node_get(item, "change"), "after");
            const kr_node *addr = kr_node_get(item, "address");
            if (after && after->kind == KR_NODE_MAP && addr && addr->kind == KR_NODE_SCALAR && addr->text &&
                !kr_node_is_unknown(addr))
                kr_array_push(out, kr_xstrdup(addr->text));
        }
    }
}


/* f comes from the Terraform configuration of folder dir: its file, or a
 * step of its trace (a module's finding traced to the root's argument), is
 * there. */
static bool from_folder(const kr_finding *f, const char *dir)
{
    for (size_t k = 0; k <= f->ntrace; k++) {
        const char *file = k < f->ntrace ? f->trace[k].file : f->file;
        if (!file || !is_terraform_file(file))
            continue;
        char *d = kr_scan__file_dir(file);
        bool same = strcmp(d, dir) == 0;
        free(d);
        if (same)
            return true;
    }
    return false;
}

static void add_step(kr_finding *f, const char *file, kr_span span, const char *note)
{
    f->trace = kr_xrealloc(f->trace, (f->ntrace + 1) * sizeof *f->trace);
    kr_trace_step *t = &f->trace[f->ntrace++];
    t->file = kr_xstrdup(file);
    t->span = span;
    t->note = note ? kr_xstrdup(note) : NULL;
}

static bool planned(const file_slot *ps, const char *address)
{
    for (size_t k = 0; k < ps->planned.len; k++)
        if (strcmp(ps->planned.items[k], address) == 0)
            return true;
    return false;
}

/* What a plan reported, (rule, address), taken before enrichment moves it. */
typedef struct plan_hit {
    const kr_rule *rule;
    char *address;
} plan_hit;

static bool plan_reports(const plan_hit *hits, size_t n, const kr_rule *rule, const char *address)
{
    for (size_t k = 0; k < n; k++)
        if (hits[k].rule == rule && strcmp(hits[k].address, address) == 0)
            return true;
    return false;
}

/* A plan (terraform show -json) scanned together with the .tf files it came
 * from (the plan in the root folder, as Checkov's plan enrichment expects):
 * a plan finding of a rule and resource address the configuration also
 * reports is reported once, at the .tf place where the value is written,
 * with the plan's place as a step of its trace. When the configuration
 * could not tell (unknown) and the plan can (the values Terraform planned),
 * the plan's verdict and message win, at the .tf place. A plan finding the
 * configuration has no counterpart for stays at the plan. Runs after the
 * workers, on every slot, so the result does not depend on -j; a plan and
 * its folder's Terraform are one shard unit (plan_edges). */
static void plan_enrich(scan_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nfiles; i++) {
        file_slot *ps = &ctx->slots[i];
        if (!ps->is_plan)
            continue;
        char *dir = kr_scan__file_dir(ctx->files[i]);
        size_t nhits = ps->findings.len;
        plan_hit *hits = kr_xcalloc(nhits ? nhits : 1, sizeof *hits);
        for (size_t p = 0; p < nhits; p++)
            hits[p] = (plan_hit){ps->findings.items[p].rule,
                                 kr_xstrdup(ps->findings.items[p].resource ? ps->findings.items[p].resource : "")};
        kr_findings kept;
        kr_findings_init(&kept);
        for (size_t p = 0; p < ps->findings.len; p++) {
            kr_finding *pf = &ps->findings.items[p];
            kr_finding *tf = NULL;
            for (size_t j = 0; j < ctx->nfiles && !tf && pf->resource; j++) {
                if (j == i || ctx->slots[j].is_plan || !is_terraform_file(ctx->files[j]))
                    continue;
                kr_findings *fs = &ctx->slots[j].findings;
                for (size_t k = 0; k < fs->len && !tf; k++) {
                    kr_finding *c = &fs->items[k];
                    if (c->rule == pf->rule && c->resource && strcmp(c->resource, pf->resource) == 0 &&
                        !c->disabled && from_folder(c, dir))
                        tf = c;
                }
            }
            if (!tf) {
                kr_findings_push(&kept, pf);
                continue;
            }
            if (tf->unknown && !pf->unknown) {
                /* the plan knows what the configuration could not */
                free(tf->message);
                tf->message = pf->message;
                pf->message = NULL;
                tf->unknown = false;
                tf->severity = pf->severity;
                free(tf->actual);
                tf->actual = pf->actual;
                pf->actual = NULL;
                /* why the configuration could not tell no longer holds */
                for (size_t k = 0; k < tf->ntrace; k++) {
                    free(tf->trace[k].file);
                    free(tf->trace[k].note);
                }
                free(tf->trace);
                tf->trace = NULL;
                tf->ntrace = 0;
            }
            add_step(tf, pf->file, pf->span, "the value in the plan");
            kr_findings local;
            kr_findings_init(&local);
            kr_findings_push(&local, pf);
            kr_findings_dispose(&local); /* reported at the .tf place */
        }
        free(ps->findings.items);
        ps->findings = kept;
        /* a .tf unknown on a resource the plan evaluated with no finding of
         * that rule: the plan's values pass it */
        for (size_t j = 0; j < ctx->nfiles; j++) {
            if (j == i || ctx->slots[j].is_plan || !is_terraform_file(ctx->files[j]))
                continue;
            kr_findings *fs = &ctx->slots[j].findings;
            kr_findings still;
            kr_findings_init(&still);
            kr_findings gone;
            kr_findings_init(&gone);
            for (size_t k = 0; k < fs->len; k++) {
                kr_finding *c = &fs->items[k];
                bool passes = c->unknown && c->resource && from_folder(c, dir) &&
                              planned(ps, c->resource) && !plan_reports(hits, nhits, c->rule, c->resource);
                kr_findings_push(passes ? &gone : &still, c);
            }
            kr_findings_dispose(&gone);
            free(fs->items);
            *fs = still;
        }
        for (size_t p = 0; p < nhits; p++)
            free(hits[p].address);
        free(hits);
        free(dir);
    }
}

/* Nested stacks (cfn/nested.h) are followed this deep below the scanned
 * template, and a template that nests itself (directly or through others)
 * is a cycle: both are warnings at the nesting location, and the stack is
 * not followed. CloudFormation itself has no documented depth limit. */
#define KR_CFN_MAX_STACK_DEPTH 8u
/* Child templates evaluated per scanned template, over the whole tree of
 * stacks (ten stacks of ten stacks ... must not multiply without end). */
#define KR_CFN_MAX_STACKS 64u

/* The nested stacks of `parent` (resolved), each child template evaluated
 * with the parameters its parent passes. Only findings whose value comes
 * from the scanned template `root` are kept (the child's own scan reports
 * the rest), named PARENT/ChildLogicalId, into slot s. chain[0..depth)
 * holds the templates above the child, for cycles. */
static void cfn_nested(const scan_ctx *ctx, file_slot *s, const kr_doc *parent, const char *root,
                       const char *prefix, char **chain, unsigned depth, unsigned *left)
{
    kr_cfn_stacks st;
    kr_cfn_stacks_init(&st);
    kr_diags below; /* a child's unfollowed stacks: its own scan's notes */
    kr_diags_init(&below);
    kr_cfn_nested_list(&st, parent, depth == 0 ? &s->diags : &below);
    kr_diags_dispose(&below);
    for (size_t k = 0; k < st.len; k++) {
        const kr_cfn_stack *n = &st.items[k];
        bool cycle = false;
        for (unsigned d = 0; d <= depth && !cycle; d++)
            cycle = strcmp(chain[d], n->path) == 0;
        if (cycle || depth + 1 >= KR_CFN_MAX_STACK_DEPTH) {
            /* at the parent's nesting location, so each scan in the cycle
             * names another place */
            if (cycle)
                kr_diags_add(&s->diags, KR_SEV_WARNING, parent->path, &n->at->span, "limit",
                             "nested stack %s deploys %s, which is already being deployed above it "
                             "(a cycle); not followed", n->name, n->path);
            else
                kr_diags_add(&s->diags, KR_SEV_WARNING, parent->path, &n->at->span, "limit",
                             "nested stack %s (%s) is nested more than %u levels deep; not followed",
                             n->name, n->path, KR_CFN_MAX_STACK_DEPTH);
            continue;
        }
        if (*left == 0) {
            kr_diags_add(&s->diags, KR_SEV_WARNING, root, NULL, "limit",
                         "the template's nested stacks hold more than %u templates; nested stack %s "
                         "and the rest are not followed", KR_CFN_MAX_STACKS, n->name);
            break;
        }
        (*left)--;
        char *data = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &len, n->path, &err) != 0) {
            if (depth == 0)
                kr_diags_add(&s->diags, KR_SEV_WARNING, parent->path, &n->at->span, "cfn-nested",
                             "nested stack %s: its template %s cannot be read (%s); its resources are "
                             "not checked", n->name, n->path, err ? err : "?");
            continue;
        }
        kr_doc child;
        kr_diags cd; /* the child's own problems are its own scan's to report */
        kr_diags_init(&cd);
        kr_doc_init(&child, n->path, data, len);
        bool cfn = false;
        if (kr_doc_load(&child, &cd) == 0)
            for (size_t r = 0; r < child.nroots && !cfn; r++)
                cfn = child.root_formats[r] == KR_FMT_CLOUDFORMATION;
        if (!cfn) {
            if (depth == 0)
                kr_diags_add(&s->diags, KR_SEV_WARNING, parent->path, &n->at->span, "cfn-nested",
                             "nested stack %s: %s is not a CloudFormation template krewlint can read; "
                             "its resources are not checked", n->name, n->path);
        } else {
            kr_cfn_options o = {0};
            if (ctx->cfn)
                o = *ctx->cfn;
            o.params = NULL; /* parameter files are the parent stack's */
            o.force_conditions = false;
            o.stack_params = n->params;
            o.stack_doc = parent;
            o.stack_name = n->name;
            (void)kr_cfn_resolve(&child, &o, &cd);
            /* a value the parent passes that the child rejects (AllowedValues):
             * an error at the parent's Parameters entry */
            for (size_t d = 0; d < cd.len; d++)
                if (cd.items[d].file && strcmp(cd.items[d].file, root) == 0 && cd.items[d].has_pos)
                    kr_diags_add(&s->diags, cd.items[d].severity, root, &cd.items[d].span,
                                 cd.items[d].code ? cd.items[d].code : "cfn-parameter", "%s",
                                 cd.items[d].message ? cd.items[d].message : "");
            size_t pl = strlen(prefix) + strlen(n->name) + 2;
            char *sub = kr_xmalloc(pl);
            snprintf(sub, pl, "%s%s/", prefix, n->name);
            kr_findings got;
            kr_findings_init(&got);
            kr_eval_doc(ctx->rules, &child, &ctx->eopts, &got);
            for (size_t i = 0; i < got.len; i++) {
                kr_finding *f = &got.items[i];
                bool from_root = false;
                for (size_t t = 0; t < f->ntrace && !from_root; t++)
                    from_root = strcmp(f->trace[t].file, root) == 0;
                if (!from_root)
                    continue; /* the child's own scan reports it */
                size_t rl = f->resource ? strlen(f->resource) : 0;
                char *res = kr_xmalloc(pl + rl);
                snprintf(res, pl + rl, "%s%s", sub, f->resource ? f->resource : "");
                free(f->resource);
                f->resource = res;
                kr_findings_push(&s->findings, f);
            }
            kr_findings_dispose(&got);
            chain[depth + 1] = n->path;
            cfn_nested(ctx, s, &child, root, sub, chain, depth + 1, left);
            free(sub);
        }
        kr_doc_dispose(&child);
        kr_diags_dispose(&cd);
        free(data);
    }
    kr_cfn_stacks_dispose(&st);
}

/* The scanned template's nested stacks (a template without any is left
 * alone). */
static void cfn_nested_root(const scan_ctx *ctx, file_slot *s, const kr_doc *doc)
{
    bool cfn = false;
    for (size_t r = 0; r < doc->nroots && !cfn; r++)
        cfn = doc->root_formats[r] == KR_FMT_CLOUDFORMATION;
    if (!cfn)
        return;
    char *chain[KR_CFN_MAX_STACK_DEPTH + 1];
    const char *base = strrchr(doc->path, '/');
    char *self = kr_cfn_nested_join(doc->path, base ? base + 1 : doc->path);
    chain[0] = self ? self : kr_xstrdup(doc->path);
    unsigned left = KR_CFN_MAX_STACKS;
    cfn_nested(ctx, s, doc, doc->path, "", chain, 0, &left);
    free(chain[0]);
}

static void diags_keep(kr_diags *d, size_t from, const bool *keep);

static void scan_one(scan_ctx *ctx, size_t i)
{
    file_slot *s = &ctx->slots[i];
    const char *path = ctx->files[i];
    char *data = NULL;
    size_t len = 0;
    if (!kr_scan__read_input(ctx, i, &data, &len))
        goto out;

    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    atomic_fetch_add(&ctx->parsed, 1);
    /* source code: the rules whose literals occur (none: not even parsed) */
    bool picked = false;
    const struct kr_ts_query *pick = NULL;
    if (ctx->rules && ctx->eopts.queries) {
        kr_ts_lang sl = kr_ts_lang_detect(path, data, len);
        if (sl != KR_TS_NONE) {
            pick = kr_source_queries_pick(ctx->eopts.queries, (int)sl, data, len, &doc.skip_source_parse);
            picked = true;
        }
    }
    size_t ndiags = s->diags.len, nfound = s->findings.len;
    bool yaml = kr_syntax_comments(path, data, len) == KR_COMMENTS_YAML ||
                (i == ctx->stdin_index && !kr_syntax_for_path(path)); /* sniffed stdin */
    int lrc = kr_doc_load(&doc, &s->diags);
    s->is_plan = lrc == 0 && doc.format == KR_FMT_TFPLAN;
    if (s->is_plan)
        planned_addresses(&s->planned, &doc);
    size_t at = 0;
    if (lrc != 0 && yaml && go_template_action(data, len, &at)) {
        /* a Go template outside a chart (a chart's templates are not even
         * read): one note saying how to scan it instead of YAML errors */
        bool *keep = kr_xcalloc(s->diags.len - ndiags + 1, sizeof *keep);
        diags_keep(&s->diags, ndiags, keep);
        free(keep);
        kr_span sp;
        memset(&sp, 0, sizeof sp);
        for (size_t k = 0; k < at; k++) {
            if (data[k] == '\n') {
                sp.start.line++;
                sp.start.col = 0;
            } else {
                sp.start.col++;
            }
        }
        sp.start.byte = (uint32_t)at;
        sp.end = sp.start;
        sp.end.col += 2;
        sp.end.byte += 2;
        kr_diags_add(&s->diags, KR_SEV_NOTE, path, &sp, "helm-template",
                     "a Go template ({{ ... }}), not YAML, so it is not scanned; if it is a Helm "
                     "chart's, scan what the chart renders: helm template CHART | krewlint -");
    }
    if (lrc == 0 && ctx->rules) {
        /* templates as they deploy; undecided conditions: each combination */
        kr_eval_options eo = ctx->eopts;
        eo.applied = ctx->record_coverage ? &s->covered : NULL; /* the rules that ran here */
        eo.source_picked = picked;
        eo.source_query = pick;
        if (kr_cfn_resolve(&doc, ctx->cfn, &s->diags) == 0 || !cfn_scenarios(ctx, s, path, data, len))
            kr_eval_doc(ctx->rules, &doc, &eo, &s->findings);
        if (yaml)
            helm_sources(s, nfound, path, data, len, ctx->eopts.lang);
        cfn_nested_root(ctx, s, &doc); /* nested stacks, with the parameters passed */
    }
    kr_suppressions docsup; /* CloudFormation Metadata, Kubernetes annotations */
    kr_suppressions_init(&docsup);
    if (ctx->rules && !(ctx->config && ctx->config->no_inline_suppressions))
        kr_suppress_from_doc(&docsup, &doc, ctx->today, &s->diags);
    kr_doc_dispose(&doc);
    if (ctx->rules)
        kr_scan__adopt_file(ctx, s, path, data, len, &docsup);
    kr_suppressions_dispose(&docsup);

out:
    free(data);
}

static void *scan_worker(void *arg)
{
    scan_ctx *ctx = arg;
    for (;;) {
        size_t t = atomic_fetch_add(&ctx->next, 1);
        if (t >= ctx->ntasks)
            break;
        const size_t *idx = ctx->order + ctx->tasks[t].first;
        unsigned long long held = budget_take(&ctx->mem, ctx->tasks[t].cost);
        kr_meter meter;
        kr_meter *prev = budget_meter_begin(&ctx->mem, &meter);
        if (ctx->tasks[t].module)
            kr_scan__module(ctx, idx, ctx->tasks[t].n);
        else
            scan_one(ctx, idx[0]);
        budget_meter_end(&ctx->mem, prev, &meter, ctx->slots, idx, ctx->tasks[t].n, ctx->files);
        budget_give(&ctx->mem, held);
    }
    return NULL;
}

typedef struct modkey {
    const char *path;
    size_t index;
} modkey;

static int cmp_modkey(const void *pa, const void *pb)
{
    const modkey *a = pa, *b = pb;
    size_t la = dir_len(a->path), lb = dir_len(b->path);
    int c = memcmp(a->path, b->path, la < lb ? la : lb);
    if (c == 0 && la != lb)
        c = la < lb ? -1 : 1;
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Splits the files into tasks: one per file, except the Terraform files of
 * a folder, which form one task when `modules` (up to the limits). */
static void plan_tasks(scan_ctx *ctx, bool modules, kr_diags *diags)
{
    size_t n = ctx->nfiles;
    ctx->order = kr_xcalloc(n ? n : 1, sizeof(*ctx->order));
    ctx->tasks = kr_xcalloc(n ? n : 1, sizeof(*ctx->tasks));
    ctx->ntasks = 0;
    size_t pos = 0;
    modkey *tf = kr_xcalloc(n ? n : 1, sizeof(*tf));
    size_t ntf = 0;
    for (size_t i = 0; i < n; i++) {
        if (modules && is_terraform_file(ctx->files[i])) {
            tf[ntf].path = ctx->files[i];
            tf[ntf++].index = i;
            continue;
        }
        ctx->order[pos] = i;
        ctx->tasks[ctx->ntasks].first = pos++;
        ctx->tasks[ctx->ntasks].n = 1;
        ctx->tasks[ctx->ntasks++].module = false;
    }
    if (ntf > 1)
        qsort(tf, ntf, sizeof(*tf), cmp_modkey);
    for (size_t a = 0; a < ntf;) {
        size_t b = a + 1;
        size_t la = dir_len(tf[a].path);
        while (b < ntf && dir_len(tf[b].path) == la && memcmp(tf[a].path, tf[b].path, la) == 0)
            b++;
        unsigned long long bytes = 0;
        for (size_t k = a; k < b; k++)
            bytes += ctx->sizes[tf[k].index]; /* from stat, or standard input's length */
        bool whole = b - a <= MODULE_MAX_FILES && bytes <= MODULE_MAX_BYTES;
        if (!whole)
            kr_diags_add(diags, KR_SEV_WARNING, tf[a].path, NULL, "limit",
                         "the folder's %zu Terraform files (%llu MiB) exceed the %u files or "
                         "%u MiB a module is read with; relations between its files are not "
                         "followed", b - a, bytes / (1024u * 1024u), MODULE_MAX_FILES,
                         MODULE_MAX_BYTES / (1024u * 1024u));
        for (size_t k = a; k < b; k++) {
            if (!whole || k == a) {
                ctx->tasks[ctx->ntasks].first = pos;
                ctx->tasks[ctx->ntasks].n = 0;
                ctx->tasks[ctx->ntasks++].module = whole;
            }
            ctx->order[pos++] = tf[k].index;
            ctx->tasks[ctx->ntasks - 1].n++;
        }
        a = b;
    }
    free(tf);
    /* each task's estimated memory: a file over the budget costs nothing
     * here, since read_input refuses it */
    for (size_t t = 0; t < ctx->ntasks; t++) {
        unsigned long long cost = 0;
        for (size_t k = 0; k < ctx->tasks[t].n; k++) {
            size_t i = ctx->order[ctx->tasks[t].first + k];
            unsigned long long c = file_cost(ctx->files[i], ctx->sizes[i]);
            if (c <= ctx->mem.limit)
                cost += c;
        }
        ctx->tasks[t].cost = cost;
    }
}

/* ---- shards (src/shard_plan.h) ------------------------------------------------- */

/* named - a path and its task, for lookups. */
typedef struct named {
    const char *name;
    size_t task;
} named;

static int cmp_named(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : a->task < b->task ? -1 : a->task > b->task;
}

static int cmp_name_only(const void *pa, const void *pb)
{
    return strcmp(((const named *)pa)->name, ((const named *)pb)->name);
}

/* Drops the diagnostics d[from..) for which keep[k - from] is false. */
static void diags_keep(kr_diags *d, size_t from, const bool *keep)
{
    size_t o = from;
    for (size_t k = from; k < d->len; k++) {
        kr_diag *x = &d->items[k];
        if (keep[k - from]) {
            d->items[o++] = *x;
            continue;
        }
        if (x->severity == KR_SEV_ERROR)
            d->errors--;
        free(x->file);
        free(x->code);
        free(x->message);
    }
    d->len = o;
}

typedef KR_ARRAY(size_t) sizevec;

/* Whether data[0, len) holds the bytes of needle. */
static bool has_bytes(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (len < n)
        return false;
    const char *end = data + len - n + 1; /* one past the last place it can start */
    for (const char *p = data; p < end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p)
            return false;
        if (memcmp(p, needle, n) == 0)
            return true;
    }
    return false;
}

/* The literal values of `field` (TemplateURL, Location) in data[0, len): the
 * key, optionally quoted, ':' and the value, optionally quoted, up to the
 * end of the line, a quote, ',' or '}'. Each is passed to add(). */
static void field_values(const char *data, size_t len, const char *field,
                         void (*add)(const char *v, size_t n, void *payload), void *payload)
{
    size_t fl = strlen(field);
    for (size_t i = 0; i + fl < len; i++) {
        const char *p = memchr(data + i, field[0], len - fl - i);
        if (!p)
            return;
        i = (size_t)(p - data);
        if (memcmp(p, field, fl) != 0)
            continue;
        size_t j = i + fl;
        if (j < len && (data[j] == '"' || data[j] == '\''))
            j++;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (j >= len || data[j] != ':')
            continue;
        j++;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        char q = j < len && (data[j] == '"' || data[j] == '\'') ? data[j++] : 0;
        size_t s = j;
        while (j < len && data[j] != '\n' && data[j] != '\r' && data[j] != q &&
               (q || (data[j] != ',' && data[j] != '}' && data[j] != ' ' && data[j] != '#')))
            j++;
        if (j > s)
            add(data + s, j - s, payload);
        i = j;
    }
}

/* A .json file whose first 4 KiB name terraform_version: a plan. */
static bool looks_like_plan(const char *path)
{
    size_t n = strlen(path);
    if (n < 5 || strcmp(path + n - 5, ".json") != 0)
        return false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* never blocks on a FIFO */
    if (fd < 0)
        return false;
    char buf[4097];
    ssize_t got = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (got <= 0)
        return false;
    buf[got] = '\0';
    return strstr(buf, "\"terraform_version\"") != NULL;
}

/* nested_scan - the file being looked at by nested_edges. */
typedef struct nested_scan {
    const char *path;
    size_t task;
    const named *byfile;
    size_t nfiles;
    sizevec *edges;
} nested_scan;

static void nested_value(const char *v, size_t n, void *payload)
{
    nested_scan *ns = payload;
    if (n > 4096 || memchr(v, ':', n) || v[0] == '!' || v[0] == '{' || v[0] == '[' || v[0] == '$')
        return; /* a URL, an intrinsic or a map: not a local template */
    char *rel = kr_xstrndup(v, n);
    char *joined = kr_cfn_nested_join(ns->path, rel);
    char *nk = joined ? kr_scan__norm_dir(joined) : NULL;
    named key = {nk, 0};
    const named *child =
        nk ? bsearch(&key, ns->byfile, ns->nfiles, sizeof *ns->byfile, cmp_name_only) : NULL;
    if (child && child->task != ns->task) {
        kr_array_push(ns->edges, ns->task);
        kr_array_push(ns->edges, child->task);
    }
    free(nk);
    free(joined);
    free(rel);
}

/* A CloudFormation template and the local child templates of its nested
 * stacks (cfn/nested.h) are one unit: the parent evaluates each child with
 * the parameters it passes, so the child's bytes are the parent's work too
 * and a change to the child changes the parent's findings. The files are
 * not parsed (parsing every template in every shard cost a quarter of a
 * shard's time on the real-world corpus, whose CloudFormation resource
 * specification names every type): a file naming a stack type is searched
 * for literal TemplateURL and Location values that are a scanned file's
 * path relative to it. That can join a file too many (a Location of another
 * resource type), never a wrong result: which unit a file is in decides
 * only which shard scans it. */
static void nested_edges(const scan_ctx *ctx, const size_t *task_of, sizevec *edges)
{
    named *byfile = NULL;
    strvec owned = {0};
    for (size_t i = 0; i < ctx->nfiles; i++) {
        const char *path = ctx->files[i];
        if (is_terraform_file(path))
            continue;
        char *data = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &len, path, &err) != 0 ||
            (!has_bytes(data, len, "AWS::CloudFormation::Stack") &&
             !has_bytes(data, len, "AWS::Serverless::Application"))) {
            free(data);
            continue;
        }
        if (!byfile) { /* the scanned files by normalised path, once */
            byfile = kr_xcalloc(ctx->nfiles, sizeof *byfile);
            for (size_t f = 0; f < ctx->nfiles; f++) {
                char *nf = kr_scan__norm_dir(ctx->files[f]);
                kr_array_push(&owned, nf);
                byfile[f] = (named){nf, task_of[f]};
            }
            qsort(byfile, ctx->nfiles, sizeof *byfile, cmp_named);
        }
        nested_scan ns = {path, task_of[i], byfile, ctx->nfiles, edges};
        field_values(data, len, "TemplateURL", nested_value, &ns);
        field_values(data, len, "Location", nested_value, &ns);
        free(data);
    }
    strvec_dispose(&owned);
    free(byfile);
}

/* The tasks joined into units (a Terraform folder with the local module
 * folders it calls; the Terraform files of one folder always together; a
 * CloudFormation template with the local templates of its nested stacks),
 * assigned to shards, and only this shard's kept. The callees were found in
 * every Terraform file of the scan, so what a kept task computes does not
 * depend on which other tasks are kept. The walk's diagnostics and skipped
 * counts are shard 1's; the plan's (a folder over the module limits) go
 * with the folder's unit. */
static void shard_tasks(scan_ctx *ctx, const kr_scan_options *opts, kr_result *out,
                        size_t walk_diags, bool modules)
{
    size_t nt = ctx->ntasks;
    char **names = kr_xcalloc(nt ? nt : 1, sizeof *names);
    unsigned long long *bytes = kr_xcalloc(nt ? nt : 1, sizeof *bytes);
    unsigned long long *cost = kr_xcalloc(nt ? nt : 1, sizeof *cost);
    size_t *nfiles = kr_xcalloc(nt ? nt : 1, sizeof *nfiles);
    size_t *task_of = kr_xcalloc(ctx->nfiles ? ctx->nfiles : 1, sizeof *task_of);
    sizevec edges = {0};
    for (size_t t = 0; t < nt; t++) {
        const struct scan_task *tk = &ctx->tasks[t];
        const char *first = ctx->files[ctx->order[tk->first]];
        if (modules && is_terraform_file(first)) {
            size_t dl = dir_len(first);
            names[t] = kr_xmalloc(dl + 3);
            if (dl) {
                memcpy(names[t], first, dl);
                memcpy(names[t] + dl, "/", 2);
            } else {
                memcpy(names[t], "./", 3);
            }
        } else {
            names[t] = kr_xstrdup(first);
        }
        for (size_t k = 0; k < tk->n; k++) {
            size_t i = ctx->order[tk->first + k];
            bytes[t] += ctx->sizes[i];
            cost[t] += kr_shard_file_cost(ctx->files[i], ctx->sizes[i]);
            task_of[i] = t;
        }
        nfiles[t] = tk->n;
    }
    /* a folder's Terraform tasks (split only past the module limits) */
    for (size_t t = 1; t < nt; t++)
        if (modules && strcmp(names[t], names[t - 1]) == 0 &&
            is_terraform_file(ctx->files[ctx->order[ctx->tasks[t].first]])) {
            kr_array_push(&edges, t - 1);
            kr_array_push(&edges, t);
        }
    /* a caller with every folder it calls (both looked up by binary search:
     * a monorepo has thousands of each) */
    if (ctx->ncallees) {
        named *byfile = kr_xcalloc(ctx->nfiles ? ctx->nfiles : 1, sizeof *byfile);
        for (size_t i = 0; i < ctx->nfiles; i++)
            byfile[i] = (named){ctx->files[i], task_of[i]};
        named *bydir = kr_xcalloc(nt ? nt : 1, sizeof *bydir);
        strvec owned = {0};
        size_t ndir = 0;
        for (size_t t = 0; t < nt; t++) {
            const char *first = ctx->files[ctx->order[ctx->tasks[t].first]];
            if (!modules || !is_terraform_file(first))
                continue;
            char *d = kr_xstrndup(first, dir_len(first));
            char *nd = kr_scan__norm_dir(d);
            kr_array_push(&owned, nd);
            bydir[ndir++] = (named){nd, t};
            free(d);
        }
        qsort(byfile, ctx->nfiles, sizeof *byfile, cmp_named);
        qsort(bydir, ndir, sizeof *bydir, cmp_named);
        for (size_t c = 0; c < ctx->ncallees; c++) {
            named key = {ctx->callees[c].caller, 0};
            const named *caller = bsearch(&key, byfile, ctx->nfiles, sizeof *byfile, cmp_name_only);
            key.name = ctx->callees[c].dir;
            const named *called = bsearch(&key, bydir, ndir, sizeof *bydir, cmp_name_only);
            if (!caller || !called)
                continue;
            /* every task of that folder: bsearch found one of them */
            size_t lo = (size_t)(called - bydir), hi = lo;
            while (lo > 0 && strcmp(bydir[lo - 1].name, key.name) == 0)
                lo--;
            while (hi + 1 < ndir && strcmp(bydir[hi + 1].name, key.name) == 0)
                hi++;
            for (size_t k = lo; k <= hi; k++) {
                kr_array_push(&edges, caller->task);
                kr_array_push(&edges, bydir[k].task);
            }
        }
        strvec_dispose(&owned);
        free(bydir);
        free(byfile);
    }
    /* a plan (JSON naming terraform_version near its start) with the
     * Terraform tasks of its folder: plan_enrich needs both in one shard */
    if (modules) {
        for (size_t t = 0; t < nt; t++) {
            const char *first = ctx->files[ctx->order[ctx->tasks[t].first]];
            if (is_terraform_file(first) || !looks_like_plan(first))
                continue;
            size_t dl = dir_len(first);
            for (size_t u = 0; u < nt; u++) {
                const char *g = ctx->files[ctx->order[ctx->tasks[u].first]];
                if (u != t && is_terraform_file(g) && dir_len(g) == dl && strncmp(g, first, dl) == 0) {
                    kr_array_push(&edges, t);
                    kr_array_push(&edges, u);
                }
            }
        }
    }
    kr_shard_plan local;
    kr_shard_plan *plan = opts->shard_plan ? opts->shard_plan : &local;
    size_t *unit_of = kr_xcalloc(nt ? nt : 1, sizeof *unit_of);
    kr_shard_plan_dispose(plan);
    if (modules)
        nested_edges(ctx, task_of, &edges);
    kr_shard_plan_build(plan, unit_of, names, bytes, cost, nfiles, nt, edges.items, edges.len / 2,
                        opts->shard_count ? opts->shard_count : 1);
    bool *keep_file = kr_xcalloc(ctx->nfiles ? ctx->nfiles : 1, sizeof *keep_file);
    size_t kept = 0;
    for (size_t t = 0; t < nt; t++) {
        bool mine = !opts->plan_only &&
                    (!opts->shard_count || plan->units[unit_of[t]].shard == opts->shard_index);
        if (!mine)
            continue;
        for (size_t k = 0; k < ctx->tasks[t].n; k++)
            keep_file[ctx->order[ctx->tasks[t].first + k]] = true;
        ctx->tasks[kept++] = ctx->tasks[t];
    }
    ctx->ntasks = kept;
    if (opts->shard_count || opts->plan_only) {
        size_t dropped = 0;
        for (size_t i = 0; i < ctx->nfiles; i++)
            dropped += !keep_file[i];
        out->files_scanned -= dropped;
        bool first_shard = !opts->plan_only && opts->shard_index <= 1;
        size_t nd = out->diags.len;
        bool *keep = kr_xcalloc(nd ? nd : 1, sizeof *keep);
        for (size_t k = 0; k < nd; k++) {
            if (k < walk_diags) {
                keep[k] = first_shard;
                continue;
            }
            for (size_t i = 0; i < ctx->nfiles && !keep[k]; i++)
                keep[k] = keep_file[i] && strcmp(ctx->files[i], out->diags.items[k].file) == 0;
        }
        diags_keep(&out->diags, 0, keep);
        free(keep);
        if (!first_shard) {
            for (int r = 0; r < KR_SKIP_N; r++)
                out->skipped[r] = 0;
            out->files_skipped = 0;
        }
    }
    if (plan == &local)
        kr_shard_plan_dispose(&local);
    free(keep_file);
    free(unit_of);
    kr_array_dispose(&edges);
    for (size_t t = 0; t < nt; t++)
        free(names[t]);
    free(names);
    free(bytes);
    free(cost);
    free(nfiles);
    free(task_of);
}

static size_t worker_count(int jobs, size_t nfiles)
{
    long n = jobs;
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > MAX_JOBS)
        n = MAX_JOBS;
    if ((size_t)n > nfiles)
        n = (long)nfiles;
    return n < 1 ? 1 : (size_t)n;
}

int kr_scan(kr_result *out, const kr_ruleset *rules, const kr_scan_options *opts)
{
    collector c = {.diags = &out->diags, .config = opts->config,
                   .follow_symlinks = opts->follow_symlinks};
    char today[11];
    if (!opts->today)
        kr_suppress_today(today);
    if (opts->stdin_name)
        kr_array_push(&c.files, kr_xstrdup(opts->stdin_name)); /* the one file */
    else
        collect(&c, opts->paths, opts->npaths);
    for (int r = 0; r < KR_SKIP_N; r++) {
        out->skipped[r] += c.skipped[r];
        out->files_skipped += c.skipped[r];
    }
    out->files_scanned += c.files.len;

    scan_ctx ctx = {
        .rules = rules,
        .eopts = {.lang = opts->lang, .queries = rules ? kr_source_queries_new(rules, !opts->no_prefilter) : NULL},
        .config = opts->config,
        .tf = opts->terraform,
        .today = opts->today ? opts->today : today,
        .cfn = opts->cfn,
        .keep_disabled = opts->keep_disabled,
        .record_coverage = opts->record_coverage && rules,
        .follow_symlinks = opts->follow_symlinks,
        .files = c.files.items,
        .nfiles = c.files.len,
        .slots = c.files.len ? kr_xcalloc(c.files.len, sizeof(file_slot)) : NULL,
    };
    atomic_init(&ctx.next, 0);
    atomic_init(&ctx.parsed, 0);
    pthread_mutex_init(&ctx.cache_lock, NULL);
    for (size_t i = 0; i < ctx.nfiles; i++) {
        kr_findings_init(&ctx.slots[i].findings);
        kr_diags_init(&ctx.slots[i].diags);
    }
    ctx.sizes = kr_xcalloc(ctx.nfiles ? ctx.nfiles : 1, sizeof(*ctx.sizes));
    ctx.stdin_index = SIZE_MAX;
    if (opts->stdin_name)
        read_stdin(&ctx, opts->stdin_fd);
    for (size_t i = 0; i < ctx.nfiles; i++) {
        struct stat st;
        if (i != ctx.stdin_index && stat(ctx.files[i], &st) == 0 && st.st_size > 0)
            ctx.sizes[i] = (unsigned long long)st.st_size;
    }
    ctx.mem.limit = opts->max_memory ? opts->max_memory : kr_scan_default_memory();
    ctx.mem.in_use = 0;
    pthread_mutex_init(&ctx.mem.mu, NULL);
    pthread_cond_init(&ctx.mem.freed, NULL);
    size_t walk_diags = out->diags.len; /* the walk's, before the plan's */
    plan_tasks(&ctx, rules != NULL, &out->diags);
    if (rules)
        kr_scan__collect_callees(&ctx);
    if (opts->shard_count || opts->shard_plan || opts->plan_only)
        shard_tasks(&ctx, opts, out, walk_diags, rules != NULL);

    /* The calling thread is one of the workers; if a thread cannot be
     * created the others (or the caller alone) take its share. */
    size_t nworkers = worker_count(opts->jobs, ctx.ntasks);
    pthread_t *threads = NULL;
    size_t started = 0;
    if (nworkers > 1) {
        pthread_attr_t attr;
        bool have_attr = pthread_attr_init(&attr) == 0;
        if (have_attr)
            (void)pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);
        threads = kr_xcalloc(nworkers - 1, sizeof(*threads));
        for (size_t t = 0; t + 1 < nworkers; t++) {
            if (pthread_create(&threads[started], have_attr ? &attr : NULL, scan_worker, &ctx) != 0)
                break;
            started++;
        }
        if (have_attr)
            pthread_attr_destroy(&attr);
    }
    scan_worker(&ctx);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);

    if (ctx.record_coverage) {
        kr_rulelist *per_file = kr_xcalloc(ctx.nfiles ? ctx.nfiles : 1, sizeof *per_file);
        for (size_t i = 0; i < ctx.nfiles; i++)
            per_file[i] = ctx.slots[i].covered;
        kr_rulecov_dispose(&out->coverage);
        kr_rulecov_build(&out->coverage, rules, ctx.files, per_file, ctx.nfiles);
        free(per_file);
    }
    out->docs_parsed += atomic_load(&ctx.parsed);
    plan_enrich(&ctx);
    for (size_t i = 0; i < ctx.nfiles; i++) {
        strvec_dispose(&ctx.slots[i].planned);
        kr_array_dispose(&ctx.slots[i].covered);
        kr_findings_take(&out->findings, &ctx.slots[i].findings);
        kr_diags_take(&out->diags, &ctx.slots[i].diags);
        kr_findings_dispose(&ctx.slots[i].findings);
        kr_diags_dispose(&ctx.slots[i].diags);
    }
    for (size_t i = 0; i < ctx.ncallees; i++) {
        free(ctx.callees[i].dir);
        free(ctx.callees[i].caller);
    }
    free(ctx.callees);
    for (size_t i = 0; i < ctx.cache.len; i++) {
        parsed_file *pf = ctx.cache.items[i];
        if (pf->data)
            kr_doc_dispose(&pf->doc);
        free(pf->data);
        free(pf->path);
        free(pf);
    }
    kr_array_dispose(&ctx.cache);
    kr_scan__tf_dispose(&ctx);
    pthread_mutex_destroy(&ctx.cache_lock);
    kr_source_queries_errors(ctx.eopts.queries, &out->rule_errors);
    kr_source_queries_free(ctx.eopts.queries);
    free(ctx.slots);
    free(ctx.sizes);
    free(ctx.stdin_data);
    pthread_mutex_destroy(&ctx.mem.mu);
    pthread_cond_destroy(&ctx.mem.freed);
    free(ctx.order);
    free(ctx.tasks);
    strvec_dispose(&c.files);

    kr_findings_sort(&out->findings);
    kr_diags_sort(&out->diags);
    return 0;
}
