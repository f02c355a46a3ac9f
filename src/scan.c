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
 * filtered. The list is sorted bytewise and deduplicated.
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
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "baseline.h"
#include "config.h"
#include "doc/doc.h"
#include "doc/format.h"
#include "eval/relations.h"
#include "git.h"
#include "suppress.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/fs.h"


/* Worker threads never outnumber this, whatever -j says. */
#define MAX_JOBS 256
/* Stack for each worker: parsers recurse up to KR_MAX_DEPTH levels. */
#define WORKER_STACK_SIZE (8u * 1024u * 1024u)
/* A Terraform module folder is parsed as one task up to these sizes. */
#define MODULE_MAX_FILES 1000u
#define MODULE_MAX_BYTES (64u * 1024u * 1024u)

typedef KR_ARRAY(char *) strvec;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strvec_dispose(strvec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    kr_array_dispose(v);
}

/* ---- result --------------------------------------------------------------- */

void kr_result_init(kr_result *self)
{
    kr_findings_init(&self->findings);
    kr_diags_init(&self->diags);
    self->files_scanned = 0;
    self->files_skipped = 0;
    self->docs_parsed = 0;
    memset(&self->coverage, 0, sizeof self->coverage);
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
    size_t skipped;    /* files found that are not a format krewlint reads */
    kr_diags *diags;
    const kr_config *config; /* include/exclude for walked files; may be NULL */
} collector;

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

static void add_file(collector *c, const char *display)
{
    bool is_hcl = false;
    if (kr_detect_wants(display, &is_hcl))
        kr_array_push(&c->files, kr_xstrdup(display));
    else
        c->skipped++;
}

/* A file found by walking: krewlint's own configuration and baseline are not
 * inputs, and the configuration's include/exclude apply (a file named on the
 * command line is always taken). */
static void add_walked(collector *c, const char *display)
{
    const char *base = strrchr(display, '/');
    base = base ? base + 1 : display;
    if (strcmp(base, KR_CONFIG_NAME) == 0 || strcmp(base, KR_BASELINE_NAME) == 0) {
        c->skipped++;
        return;
    }
    if (kr_config_wants_path(c->config, display))
        add_file(c, display);
    else
        c->skipped++;
}

/* Walks the folder whose display path is b->p (or `dir` when b is empty, for
 * "."). b ends with '/' or is empty. */
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
            } else if (S_ISLNK(st.st_mode)) {
                /* A link to a file is read; a link to a folder is not followed. */
                if (stat(b->p, &st) == 0 && S_ISREG(st.st_mode) && gitset_keeps(git, b->p + b->rel))
                    add_walked(c, b->p);
            } else if (S_ISREG(st.st_mode)) {
                if (gitset_keeps(git, b->p + b->rel))
                    add_walked(c, b->p);
            }
        } else if (errno != ENOENT) {
            kr_diags_add(c->diags, KR_SEV_ERROR, b->p, NULL, "io-error", "%s", strerror(errno));
        }
        pathbuf_cut(b, base);
    }
    closedir(d);
}

static void collect_path(collector *c, const char *arg)
{
    struct stat st;
    if (stat(arg, &st) != 0) {
        kr_diags_add(c->diags, KR_SEV_ERROR, arg, NULL, "io-error", "%s", strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(c, arg);
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
    walk(c, &b, arg, &git);
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
    for (size_t i = 0; i < npaths; i++)
        collect_path(c, paths[i]);

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

/* ---- scanning ------------------------------------------------------------- */

/* file_slot - what scanning file i produced; written by one worker only. */
typedef struct file_slot {
    kr_findings findings;
    kr_diags diags;
    kr_rulelist covered;      /* record_coverage: the rules that ran on it */
} file_slot;

/* scan_ctx - shared by the workers: read-only except `next`. */
/* scan_task - order[first..first+n): one file, or the Terraform files of
 * one folder (module: the folder's other Terraform files are read too). */
struct scan_task {
    size_t first;
    size_t n;
    bool module;
};

typedef struct scan_ctx {
    const kr_ruleset *rules;  /* may be NULL: parse only */
    kr_eval_options eopts;
    const kr_config *config;  /* may be NULL */
    const char *today;        /* suppression expiry */
    bool keep_disabled;       /* kr_scan_options.keep_disabled */
    bool record_coverage;     /* kr_scan_options.record_coverage */
    atomic_size_t parsed;     /* documents parsed for evaluation */
    char **files;
    size_t nfiles;
    file_slot *slots;
    size_t *order;            /* file indexes, a task's files side by side */
    struct scan_task *tasks;
    size_t ntasks;
    atomic_size_t next;       /* the next task to take */
} scan_ctx;

static bool is_mandatory(const char *rule_id, const char *control, void *payload)
{
    return kr_config_is_mandatory(payload, rule_id, control);
}

/* The configuration and inline suppressions, applied to one file's findings
 * while its bytes are at hand: findings of rules turned off are dropped,
 * severities overridden (an unknown verdict stays a note), then the file's
 * krewlint:ignore comments mark what they cover. */
static void adopt_file(const scan_ctx *ctx, file_slot *s, const char *path, const char *data,
                       size_t len)
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
    kr_suppressions sup;
    kr_suppressions_init(&sup);
    kr_suppress_scan(&sup, path, data, len, kr_suppress_syntax_for(path, data, len), ctx->today,
                     &s->diags);
    if (sup.len) {
        kr_suppress_apply(&sup, &s->findings, path, cfg ? is_mandatory : NULL,
                          (void *)(uintptr_t)cfg, &s->diags);
        kr_suppress_report_unused(&sup, path, &s->diags);
    }
    kr_suppressions_dispose(&sup);
}

/* Reads file i; a problem goes to its slot. */
static bool read_input(scan_ctx *ctx, size_t i, char **data, size_t *len)
{
    file_slot *s = &ctx->slots[i];
    const char *path = ctx->files[i];
    const char *err = NULL;
    *data = NULL;
    *len = 0;
    int rc = kr_fs_read(data, len, path, &err);
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
    return true;
}

static void scan_one(scan_ctx *ctx, size_t i)
{
    file_slot *s = &ctx->slots[i];
    const char *path = ctx->files[i];
    char *data = NULL;
    size_t len = 0;
    if (!read_input(ctx, i, &data, &len))
        goto out;

    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    atomic_fetch_add(&ctx->parsed, 1);
    if (kr_doc_load(&doc, &s->diags) == 0 && ctx->rules) {
        kr_eval_doc(ctx->rules, &doc, &ctx->eopts, &s->findings);
        if (ctx->record_coverage)
            kr_rulecov_applicable(&s->covered, ctx->rules, &doc);
    }
    kr_doc_dispose(&doc);
    if (ctx->rules)
        adopt_file(ctx, s, path, data, len);

out:
    free(data);
}

static bool is_terraform_file(const char *path);
static size_t dir_len(const char *path);

/* The Terraform files of `dir` (a display folder, "" for ".") that the scan
 * does not read itself (not named, excluded, or outside a pull request's
 * changes): Terraform loads every file of the folder, so relations must see
 * them. Sorted; at most `room` files. */
static void module_siblings(const char *dir, size_t dlen, char *const *scanned, const size_t *idx,
                            size_t n, size_t room, strvec *out)
{
    char *open_path = dlen ? kr_xstrndup(dir, dlen) : kr_xstrdup(".");
    DIR *d = opendir(open_path);
    free(open_path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && out->len < room) {
        if (e->d_name[0] == '.' || !is_terraform_file(e->d_name))
            continue;
        size_t nl = strlen(e->d_name);
        char *full = kr_xmalloc(dlen + 1 + nl + 1);
        if (dlen) {
            memcpy(full, dir, dlen);
            full[dlen] = '/';
            memcpy(full + dlen + 1, e->d_name, nl + 1);
        } else {
            memcpy(full, e->d_name, nl + 1);
        }
        bool known = false;
        for (size_t k = 0; k < n && !known; k++)
            known = strcmp(scanned[idx[k]], full) == 0 ||
                    (strncmp(scanned[idx[k]], "./", 2) == 0 && strcmp(scanned[idx[k]] + 2, full) == 0);
        struct stat st;
        if (known || stat(full, &st) != 0 || !S_ISREG(st.st_mode))
            free(full);
        else
            kr_array_push(out, full);
    }
    closedir(d);
    if (out->len > 1)
        qsort(out->items, out->len, sizeof(*out->items), cmp_str);
}

/* The Terraform files of one folder (order[first..first+n)): all parsed with
 * the folder's other Terraform files, one index over them, then each scanned
 * file evaluated with it. The other files are read for the index only: their
 * problems are not reported (a scan of them would). */
static void scan_module(scan_ctx *ctx, const size_t *idx, size_t n)
{
    strvec extra = {0};
    const char *first = ctx->files[idx[0]];
    module_siblings(first, dir_len(first), ctx->files, idx, n,
                    n < MODULE_MAX_FILES ? MODULE_MAX_FILES - n : 0, &extra);
    size_t all = n + extra.len;
    char **data = kr_xcalloc(all, sizeof(*data));
    size_t *len = kr_xcalloc(all, sizeof(*len));
    kr_doc *docs = kr_xcalloc(all, sizeof(*docs));
    bool *parsed = kr_xcalloc(all, sizeof(*parsed));
    bool *read = kr_xcalloc(all, sizeof(*read));
    kr_relindex *ix = kr_relindex_new();
    kr_diags quiet;
    kr_diags_init(&quiet);
    unsigned long long bytes = 0;
    for (size_t k = 0; k < all; k++) {
        if (k < n) {
            read[k] = read_input(ctx, idx[k], &data[k], &len[k]);
        } else {
            const char *why = NULL;
            read[k] = bytes <= MODULE_MAX_BYTES &&
                      kr_fs_read(&data[k], &len[k], extra.items[k - n], &why) == 0;
            if (read[k] && bytes + len[k] > MODULE_MAX_BYTES) {
                free(data[k]);
                data[k] = NULL;
                read[k] = false;
            }
        }
        if (!read[k])
            continue;
        bytes += len[k];
        const char *path = k < n ? ctx->files[idx[k]] : extra.items[k - n];
        kr_doc_init(&docs[k], path, data[k], len[k]);
        if (k < n)
            atomic_fetch_add(&ctx->parsed, 1);
        parsed[k] = kr_doc_load(&docs[k], k < n ? &ctx->slots[idx[k]].diags : &quiet) == 0;
        if (parsed[k])
            kr_relindex_add(ix, &docs[k]);
    }
    for (size_t k = 0; k < n; k++) {
        if (!parsed[k])
            continue;
        kr_eval_doc_in(ctx->rules, &docs[k], ix, &ctx->eopts, &ctx->slots[idx[k]].findings);
        if (ctx->record_coverage)
            kr_rulecov_applicable(&ctx->slots[idx[k]].covered, ctx->rules, &docs[k]);
    }
    kr_relindex_free(ix);
    for (size_t k = 0; k < all; k++) {
        if (read[k]) {
            kr_doc_dispose(&docs[k]);
            if (k < n)
                adopt_file(ctx, &ctx->slots[idx[k]], ctx->files[idx[k]], data[k], len[k]);
        }
        free(data[k]);
    }
    kr_diags_dispose(&quiet);
    strvec_dispose(&extra);
    free(read);
    free(parsed);
    free(docs);
    free(len);
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
        if (ctx->tasks[t].module)
            scan_module(ctx, idx, ctx->tasks[t].n);
        else
            scan_one(ctx, idx[0]);
    }
    return NULL;
}

/* .tf or .tf.json (case-insensitive): the syntax table (doc/format.h). */
static bool is_terraform_file(const char *path)
{
    return kr_syntax_is_terraform(path);
}

/* Length of the folder part of path ("a/b/x.tf" -> 3, "x.tf" -> 0). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
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
        for (size_t k = a; k < b; k++) {
            struct stat st;
            if (stat(tf[k].path, &st) == 0 && st.st_size > 0)
                bytes += (unsigned long long)st.st_size;
        }
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
    collector c = {.diags = &out->diags, .config = opts->config};
    char today[11];
    if (!opts->today)
        kr_suppress_today(today);
    collect(&c, opts->paths, opts->npaths);
    out->files_skipped += c.skipped;
    out->files_scanned += c.files.len;

    scan_ctx ctx = {
        .rules = rules,
        .eopts = {.lang = opts->lang, .queries = rules ? kr_source_queries_new(rules) : NULL},
        .config = opts->config,
        .today = opts->today ? opts->today : today,
        .keep_disabled = opts->keep_disabled,
        .record_coverage = opts->record_coverage && rules,
        .files = c.files.items,
        .nfiles = c.files.len,
        .slots = c.files.len ? kr_xcalloc(c.files.len, sizeof(file_slot)) : NULL,
    };
    atomic_init(&ctx.next, 0);
    atomic_init(&ctx.parsed, 0);
    for (size_t i = 0; i < ctx.nfiles; i++) {
        kr_findings_init(&ctx.slots[i].findings);
        kr_diags_init(&ctx.slots[i].diags);
    }
    plan_tasks(&ctx, rules && kr_ruleset_has_relations(rules), &out->diags);

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
    for (size_t i = 0; i < ctx.nfiles; i++) {
        kr_array_dispose(&ctx.slots[i].covered);
        kr_findings_take(&out->findings, &ctx.slots[i].findings);
        kr_diags_take(&out->diags, &ctx.slots[i].diags);
        kr_findings_dispose(&ctx.slots[i].findings);
        kr_diags_dispose(&ctx.slots[i].diags);
    }
    kr_source_queries_errors(ctx.eopts.queries, &out->rule_errors);
    kr_source_queries_free(ctx.eopts.queries);
    free(ctx.slots);
    free(ctx.order);
    free(ctx.tasks);
    strvec_dispose(&c.files);

    kr_findings_sort(&out->findings);
    kr_diags_sort(&out->diags);
    return 0;
}
