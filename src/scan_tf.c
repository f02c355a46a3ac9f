/* scan_tf.c - the Terraform module phase of the scan.
 *
 * A task of the scan that holds the Terraform files of one folder
 * (scan.c plan_tasks) is scanned here: the folder's files, with the
 * Terraform files of the folder the scan does not read itself, are parsed,
 * resolved together (variables, tfvars, locals: src/tf/module.h), indexed
 * for relations and evaluated; then every local module call written in them
 * is followed into the called folder, evaluated with the call's inputs, and
 * the findings whose value comes from the caller go to the caller's slot.
 * A folder some scanned file calls is parsed once per scan (cached_parse)
 * and shared read-only by its callers.
 */
#define _XOPEN_SOURCE 700
#include "scan.h"
#include "scan_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "eval/relations.h"
#include "tf/module.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"

/* The Terraform files of `dir` (a display folder, "" for ".") that the scan
 * does not read itself (not named, excluded, or outside a pull request's
 * changes): Terraform loads every file of the folder, so relations must see
 * them. Sorted; at most `room` files. */
static void module_siblings(const char *dir, size_t dlen, char *const *scanned, const size_t *idx,
                            size_t n, size_t room, bool follow, strvec *out)
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
        /* lstat: a linked sibling is not read for the index (it may lead
         * out of the tree) unless links are followed */
        if (known || (follow ? stat(full, &st) : lstat(full, &st)) != 0 || !S_ISREG(st.st_mode))
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
static const char *caller_of(const struct scan_ctx *ctx, const char *dir, size_t dlen);

/* A local module call (`module "db" { source = "../modules/db" ... }` in
 * caller doc d, already resolved): the called folder's Terraform files are
 * parsed and evaluated with the call's arguments (one level: the callee's
 * own calls are not followed). Only findings whose value comes from the
 * caller are kept (moved to the caller's argument, or a trace through it):
 * the rest the callee's own scan reports. They name the instance
 * (module.db.aws_db_instance.main) and go to the caller file's slot. */
/* A copy of n's maps and sequences (leaves shared): what resolution writes. */
static kr_node *copy_shape(kr_arena *a, const kr_node *n, unsigned depth)
{
    if (!n)
        return NULL;
    kr_node *c = kr_arena_alloc(a, sizeof *c);
    *c = *n;
    if (depth >= KR_MAX_DEPTH)
        return c;
    if (n->kind == KR_NODE_MAP && n->npairs) {
        c->pairs = kr_arena_alloc(a, sizeof(*c->pairs) * n->npairs);
        for (size_t i = 0; i < n->npairs; i++) {
            c->pairs[i].key = n->pairs[i].key;
            c->pairs[i].value = copy_shape(a, n->pairs[i].value, depth + 1);
        }
    } else if (n->kind == KR_NODE_SEQ && n->nitems) {
        c->items = kr_arena_alloc(a, sizeof(*c->items) * n->nitems);
        for (size_t i = 0; i < n->nitems; i++)
            c->items[i] = copy_shape(a, n->items[i], depth + 1);
    }
    return c;
}

/* The parse of a called module's file, made once per scan. Parsing happens
 * under the lock (one parse per file, whichever worker asks first). */
static const parsed_file *cached_parse(scan_ctx *ctx, const char *path)
{
    pthread_mutex_lock(&ctx->cache_lock);
    parsed_file *pf = NULL;
    for (size_t i = 0; i < ctx->cache.len && !pf; i++)
        if (strcmp(ctx->cache.items[i]->path, path) == 0)
            pf = ctx->cache.items[i];
    if (!pf) {
        pf = kr_xcalloc(1, sizeof *pf);
        pf->path = kr_xstrdup(path);
        size_t len = 0;
        const char *why = NULL;
        if (kr_fs_read(&pf->data, &len, path, &why) == 0) {
            kr_diags quiet; /* that file's problems are its own scan's to report */
            kr_diags_init(&quiet);
            kr_doc_init(&pf->doc, pf->path, pf->data, len);
            pf->ok = kr_doc_load(&pf->doc, &quiet) == 0;
            kr_diags_dispose(&quiet);
        }
        kr_array_push(&ctx->cache, pf);
    }
    pthread_mutex_unlock(&ctx->cache_lock);
    return pf;
}

/* The module key Terraform records in .terraform/modules/modules.json for
 * call `call` under `prefix` ("module.a[0].module.b." + "c[\"k\"]" ->
 * "a.b.c"): the call names joined by dots, without instance keys. */
static char *module_key(const char *prefix, const char *call)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    const char *parts[2] = {prefix, call};
    for (int p = 0; p < 2; p++) {
        const char *s = parts[p];
        while (*s) {
            if (strncmp(s, "module.", 7) == 0) {
                s += 7;
                continue;
            }
            if (*s == '[') {
                int depth = 0;
                bool quoted = false;
                for (; *s; s++) {
                    if (*s == '"' && (s[-1] != '\\')) quoted = !quoted;
                    if (quoted) continue;
                    if (*s == '[') depth++;
                    if (*s == ']' && --depth == 0) {
                        s++;
                        break;
                    }
                }
                continue;
            }
            kr_buf_putc(&b, *s++);
        }
    }
    char *k = kr_buf_detach(&b);
    if (!k) k = kr_xstrdup("");
    size_t n = strlen(k);
    if (n && k[n - 1] == '.') k[n - 1] = '\0';
    return k;
}

/* Where `terraform init` put the module of a registry, git or other remote
 * call: the entry of .terraform/modules/modules.json (beside the root module
 * the call was reached from) whose Key is the call's key; its Dir is
 * relative to the root module. NULL when there is no such file or entry, or
 * its Dir leaves the root (an absolute path or ".."). */
static char *downloaded_dir(const char *root_path, const char *prefix, const char *call)
{
    size_t rl = dir_len(root_path);
    kr_buf p;
    kr_buf_init(&p, 0);
    kr_buf_printf(&p, "%.*s%s.terraform/modules/modules.json", (int)rl, root_path, rl ? "/" : "");
    char *path = kr_buf_detach(&p);
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    char *out = NULL;
    if (path && kr_fs_read(&data, &len, path, &why) == 0) {
        kr_doc doc;
        kr_doc_init(&doc, path, data, len);
        kr_diags quiet;
        kr_diags_init(&quiet);
        char *key = module_key(prefix, call);
        const kr_node *mods = kr_doc_parse_yaml(&doc, &quiet) == 0 && doc.nroots == 1 && doc.roots[0]
                                  ? kr_node_get(doc.roots[0], "Modules")
                                  : NULL;
        for (size_t i = 0; mods && mods->kind == KR_NODE_SEQ && i < mods->nitems && !out; i++) {
            const kr_node *k = kr_node_get(mods->items[i], "Key");
            const kr_node *dn = kr_node_get(mods->items[i], "Dir");
            if (!k || !k->text || strcmp(k->text, key) != 0 || !dn || !dn->text || !dn->text[0])
                continue;
            const char *dt = dn->text;
            if (dt[0] == '/' || strcmp(dt, "..") == 0 || strncmp(dt, "../", 3) == 0 || strstr(dt, "/../"))
                continue;
            kr_buf j;
            kr_buf_init(&j, 0);
            kr_buf_printf(&j, "%.*s%s%s", (int)rl, root_path, rl ? "/" : "", dt);
            char *joined = kr_buf_detach(&j);
            out = joined ? kr_scan__norm_dir(joined) : NULL;
            free(joined);
        }
        free(key);
        kr_diags_dispose(&quiet);
        kr_doc_dispose(&doc);
    }
    free(data);
    free(path);
    return out;
}

/* A remote module call krewlint cannot follow: one note per call (its
 * count/for_each instances share it), never a silent skip. */
static void not_downloaded(file_slot *slot, const kr_doc *d, const kr_node *src, const char *prefix,
                           const char *call)
{
    for (size_t i = 0; i < slot->diags.len; i++) {
        const kr_diag *g = &slot->diags.items[i];
        if (g->has_pos && g->code && strcmp(g->code, "module-source") == 0 &&
            g->span.start.byte == src->span.start.byte && g->file && d->path &&
            strcmp(g->file, d->path) == 0)
            return;
    }
    size_t cl = strcspn(call, "[");
    kr_diags_add(&slot->diags, KR_SEV_NOTE, d->path, &src->span, "module-source",
                 "%smodule.%.*s: source \"%s\" is not downloaded (no entry in "
                 ".terraform/modules/modules.json); run terraform init so krewlint can check the "
                 "module's resources with this call's inputs",
                 prefix, (int)cl, call, src->text);
}

static void eval_call(scan_ctx *ctx, kr_tf_module *caller, const kr_doc *d, const char *dir,
                      const char *call, const kr_node *body, file_slot *slot, const char *root_path,
                      const char *prefix, unsigned depth);

/* A failure of a block Terraform may or may not create (an unknown count or
 * for_each: tf/module.h kr_tf_module_possible) is an unknown verdict that
 * says why. */
static void possible_note_why(kr_finding *f, const char *why)
{
    if (f->unknown || !why)
        return;
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, f->message ? f->message : "");
    kr_buf_printf(&b, " (unknown: cannot tell whether Terraform creates %s, because its %s)",
                  f->resource ? f->resource : "it", why);
    char *m = kr_buf_detach(&b);
    if (m) {
        free(f->message);
        f->message = m;
    }
    /* never a failure Terraform may not have: the verdict is unknown */
    f->unknown = true;
    f->severity = KR_SEV_NOTE;
}

static void possible_note(kr_finding *f, const kr_tf_module *m)
{
    if (f->resource)
        possible_note_why(f, kr_tf_module_possible(m, NULL, f->resource));
}

/* The module calls written in doc d (resolved by module m): each call, and
 * each instance of a call with count or for_each (module.NAME[KEY]). */
static void doc_calls(scan_ctx *ctx, kr_tf_module *m, const kr_doc *d, const char *dir,
                      file_slot *slot, const char *root_path, const char *prefix, unsigned depth)
{
    for (size_t r = 0; r < d->nroots; r++) {
        const kr_node *mods = d->roots[r] ? kr_node_get(d->roots[r], "module") : NULL;
        if (!mods || mods->kind != KR_NODE_MAP)
            continue;
        for (size_t i = 0; i < mods->npairs; i++) {
            const kr_node *key = mods->pairs[i].key, *b = mods->pairs[i].value;
            if (!key || !key->text || !b)
                continue;
            size_t nb = b->kind == KR_NODE_SEQ ? b->nitems : 1; /* count = 0: none */
            for (size_t k = 0; k < nb; k++) {
                const kr_node *one = b->kind == KR_NODE_SEQ ? b->items[k] : b;
                if (!one || one->kind != KR_NODE_MAP)
                    continue;
                size_t cl = strlen(key->text) + (one->tag ? strlen(one->tag) : 0) + 1;
                char *call = kr_xmalloc(cl);
                snprintf(call, cl, "%s%s", key->text, one->tag && one->tag[0] == '[' ? one->tag : "");
                eval_call(ctx, m, d, dir, call, one, slot, root_path, prefix, depth);
                free(call);
            }
        }
    }
}

/* The resource address without its instance keys ("module.m[0].aws_x.y[\"a\"]"
 * -> "module.m.aws_x.y"), or NULL when it has none. Caller frees. */
static char *instance_base(const char *res)
{
    if (!res || !strchr(res, '['))
        return NULL;
    size_t n = strlen(res), o = 0;
    char *out = kr_xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        if (res[i] != '[') {
            out[o++] = res[i];
            continue;
        }
        bool quoted = false;
        for (i++; i < n && (quoted || res[i] != ']'); i++) {
            if (res[i] == '\\' && quoted && i + 1 < n)
                i++;
            else if (res[i] == '"')
                quoted = !quoted;
        }
    }
    out[o] = '\0';
    return out;
}

/* fold_key - a finding of an instance, with what makes two the same. */
typedef struct fold_key {
    kr_finding *f;
    char *base;
    size_t index;
} fold_key;

static int cmp_opt_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_fold(const void *pa, const void *pb)
{
    const fold_key *a = pa, *b = pb;
    const kr_finding *x = a->f, *y = b->f;
    int c = cmp_opt_str(a->base, b->base);
    if (!c)
        c = cmp_opt_str(x->rule ? x->rule->id : NULL, y->rule ? y->rule->id : NULL);
    if (!c)
        c = strcmp(x->file, y->file);
    if (!c && x->span.start.byte != y->span.start.byte)
        c = x->span.start.byte < y->span.start.byte ? -1 : 1;
    if (!c)
        c = cmp_opt_str(x->path, y->path);
    if (!c)
        c = cmp_opt_str(x->actual, y->actual);
    if (!c && x->unknown != y->unknown)
        c = x->unknown ? 1 : -1;
    if (!c)
        c = a->index < b->index ? -1 : a->index > b->index;
    return c;
}

static bool same_fold(const fold_key *a, const fold_key *b)
{
    return a->base && b->base && strcmp(a->base, b->base) == 0 && a->f->rule == b->f->rule &&
           strcmp(a->f->file, b->f->file) == 0 && a->f->span.start.byte == b->f->span.start.byte &&
           cmp_opt_str(a->f->path, b->f->path) == 0 && cmp_opt_str(a->f->actual, b->f->actual) == 0 &&
           a->f->unknown == b->f->unknown;
}

/* Instances named at most this many times in one folded finding. */
#define FOLD_MAX_NAMED 8u

/* Findings of several instances of one block (count, for_each) at the same
 * place, for the same rule, attribute and value, become one finding whose
 * resource lists the instances ("aws_x.y[0], aws_x.y[1]"). */
static void fold_instances(kr_findings *fs)
{
    if (fs->len < 2)
        return;
    fold_key *keys = kr_xcalloc(fs->len, sizeof *keys);
    bool any = false;
    for (size_t i = 0; i < fs->len; i++) {
        keys[i].f = &fs->items[i];
        keys[i].base = instance_base(fs->items[i].resource);
        keys[i].index = i;
        any = any || keys[i].base;
    }
    if (!any) {
        free(keys);
        return;
    }
    qsort(keys, fs->len, sizeof *keys, cmp_fold);
    bool *drop = kr_xcalloc(fs->len, sizeof *drop);
    for (size_t a = 0; a < fs->len;) {
        size_t b = a + 1;
        while (b < fs->len && same_fold(&keys[a], &keys[b]))
            b++;
        if (b - a > 1) {
            kr_buf r;
            kr_buf_init(&r, 0);
            for (size_t k = a; k < b && k - a < FOLD_MAX_NAMED; k++)
                kr_buf_printf(&r, "%s%s", k > a ? ", " : "", keys[k].f->resource);
            if (b - a > FOLD_MAX_NAMED)
                kr_buf_printf(&r, " and %zu more instances", b - a - FOLD_MAX_NAMED);
            char *res = kr_buf_detach(&r);
            if (res) {
                free(keys[a].f->resource);
                keys[a].f->resource = res;
            }
            for (size_t k = a + 1; k < b; k++)
                drop[keys[k].index] = true;
        }
        a = b;
    }
    size_t n = fs->len;
    for (size_t i = 0; i < n; i++)
        free(keys[i].base);
    free(keys);
    kr_findings kept, gone;
    kr_findings_init(&kept);
    kr_findings_init(&gone);
    for (size_t i = 0; i < n; i++)
        kr_findings_push(drop[i] ? &gone : &kept, &fs->items[i]);
    fs->len = 0;
    kr_findings_dispose(fs);
    kr_findings_dispose(&gone);
    *fs = kept;
    free(drop);
}

/* The called folder's files (paths in `files`) as docs of their own, from
 * the scan's shared parses (cached_parse), ready to be resolved in place.
 * Returns how many parsed. */
static size_t callee_docs(scan_ctx *ctx, const strvec *files, kr_doc *out)
{
    size_t np = 0;
    for (size_t k = 0; k < files->len; k++) {
        const parsed_file *pf = cached_parse(ctx, files->items[k]);
        if (!pf->ok)
            continue;
        kr_doc_init(&out[np], pf->path, pf->data, pf->doc.len);
        out[np].format = pf->doc.format;
        for (size_t r = 0; r < pf->doc.nroots; r++)
            kr_doc_add_root(&out[np], copy_shape(out[np].arena, pf->doc.roots[r], 0),
                            pf->doc.root_formats ? pf->doc.root_formats[r] : pf->doc.format);
        np++;
    }
    return np;
}

/* The failures folder cdir's own scan reports: its files resolved as that
 * scan resolves them (variables set by callers unknown) and evaluated.
 * Computed once per folder; the same whichever worker computes it. */
static const own_fails *own_failures(scan_ctx *ctx, const strvec *files, const char *cdir)
{
    pthread_mutex_lock(&ctx->cache_lock);
    for (size_t i = 0; i < ctx->owns.len; i++)
        if (strcmp(ctx->owns.items[i]->dir, cdir) == 0) {
            own_fails *o = ctx->owns.items[i];
            pthread_mutex_unlock(&ctx->cache_lock);
            return o;
        }
    pthread_mutex_unlock(&ctx->cache_lock);
    kr_doc *docs = kr_xcalloc(files->len ? files->len : 1, sizeof(*docs));
    size_t np = callee_docs(ctx, files, docs);
    kr_tf_options o;
    memset(&o, 0, sizeof o);
    if (ctx->tf)
        o = *ctx->tf;
    o.inputs = NULL;
    o.called_by = cdir; /* only set or not matters: the variables wait for callers */
    kr_tf_module *m = kr_tf_module_new();
    kr_tf_module_resolve(m, docs, np, NULL, NULL, cdir, &o);
    kr_relindex *ix = kr_relindex_new();
    for (size_t k = 0; k < np; k++)
        kr_relindex_add(ix, &docs[k]);
    kr_findings got;
    kr_findings_init(&got);
    for (size_t k = 0; k < np; k++)
        kr_eval_doc_in(ctx->rules, &docs[k], ix, &ctx->eopts, &got);
    own_fails *of = kr_xcalloc(1, sizeof *of);
    of->dir = kr_xstrdup(cdir);
    of->items = kr_xcalloc(got.len ? got.len : 1, sizeof(*of->items));
    for (size_t i = 0; i < got.len; i++) {
        if (got.items[i].unknown)
            continue;
        of->items[of->len].rule = got.items[i].rule;
        of->items[of->len].file = kr_xstrdup(got.items[i].file);
        of->items[of->len++].byte = got.items[i].span.start.byte;
    }
    kr_findings_dispose(&got);
    kr_relindex_free(ix);
    kr_tf_module_free(m);
    for (size_t k = 0; k < np; k++)
        kr_doc_dispose(&docs[k]);
    free(docs);
    pthread_mutex_lock(&ctx->cache_lock);
    own_fails *kept = NULL;
    for (size_t i = 0; i < ctx->owns.len && !kept; i++)
        if (strcmp(ctx->owns.items[i]->dir, cdir) == 0)
            kept = ctx->owns.items[i]; /* another worker was first: the same result */
    if (!kept) {
        kr_array_push(&ctx->owns, of);
        kept = of;
        of = NULL;
    }
    pthread_mutex_unlock(&ctx->cache_lock);
    if (of) {
        for (size_t i = 0; i < of->len; i++)
            free(of->items[i].file);
        free(of->items);
        free(of->dir);
        free(of);
    }
    return kept;
}

static bool reported_by_own(const own_fails *own, const kr_finding *f)
{
    for (size_t i = 0; own && i < own->len; i++)
        if (own->items[i].rule == f->rule && own->items[i].byte == f->span.start.byte &&
            strcmp(own->items[i].file, f->file) == 0)
            return true;
    return false;
}

/* A failure that holds only with the call's inputs, written in the called
 * folder: the module block joins its trace (module.NAME, where it is called). */
static void add_call_step(kr_finding *f, const kr_doc *d, const kr_node *body, const char *call)
{
    kr_trace_step *t = kr_xcalloc(f->ntrace + 2, sizeof *t);
    size_t n = 0;
    if (f->ntrace == 0) { /* the value's own place first, as traces begin */
        t[n].file = kr_xstrdup(f->file);
        t[n].span = f->span;
        n++;
    }
    for (size_t i = 0; i < f->ntrace; i++)
        t[n++] = f->trace[i];
    t[n].file = kr_xstrdup(d->path);
    t[n].span = body->span;
    t[n].span.end = t[n].span.start;
    size_t cap = strlen(call) + 64;
    t[n].note = kr_xmalloc(cap);
    snprintf(t[n].note, cap, "module.%s calls it with its inputs", call);
    n++;
    free(f->trace);
    f->trace = t;
    f->ntrace = n;
}

void kr_scan__tf_dispose(scan_ctx *ctx)
{
    for (size_t i = 0; i < ctx->owns.len; i++) {
        own_fails *of = ctx->owns.items[i];
        for (size_t k = 0; k < of->len; k++)
            free(of->items[k].file);
        free(of->items);
        free(of->dir);
        free(of);
    }
    kr_array_dispose(&ctx->owns);
}

/* Module calls are followed this deep below a root (Terraform has no limit;
 * a deeper call is a diagnostic). */
#define KR_TF_MAX_MODULE_DEPTH 8u

static void eval_call(scan_ctx *ctx, kr_tf_module *caller, const kr_doc *d, const char *dir,
                      const char *call, const kr_node *body, file_slot *slot, const char *root_path,
                      const char *prefix, unsigned depth)
{
    if (depth >= KR_TF_MAX_MODULE_DEPTH) {
        kr_diags_add(&slot->diags, KR_SEV_WARNING, d->path, &body->span, "limit",
                     "module calls nest deeper than %u levels; module.%s is not evaluated",
                     KR_TF_MAX_MODULE_DEPTH, call);
        return;
    }
    const kr_node *src = kr_node_get(body, "source");
    if (!src || src->kind != KR_NODE_SCALAR || !src->text)
        return;
    bool remote = src->text[0] != '.';
    char *cdir;
    if (remote) {
        cdir = downloaded_dir(root_path, prefix, call);
        if (!cdir) {
            not_downloaded(slot, d, src, prefix, call);
            return;
        }
    } else {
        size_t dl = strlen(dir), sl = strlen(src->text);
        char *joined = kr_xmalloc(dl + sl + 3);
        snprintf(joined, dl + sl + 3, "%s%s%s", dir, dl ? "/" : "", src->text);
        cdir = kr_scan__norm_dir(joined);
        free(joined);
    }
    char *ndir = kr_scan__norm_dir(dir);
    bool self_call = strcmp(cdir, ndir) == 0;
    free(ndir);
    strvec files = {0};
    if (!self_call)
        module_siblings(cdir, strlen(cdir), NULL, NULL, 0, MODULE_MAX_FILES, ctx->follow_symlinks,
                        &files);
    size_t nf = files.len;
    char **data = kr_xcalloc(nf ? nf : 1, sizeof(*data));
    kr_doc *cdocs = kr_xcalloc(nf ? nf : 1, sizeof(*cdocs));
    size_t np = callee_docs(ctx, &files, cdocs);
    kr_diags quiet;
    kr_diags_init(&quiet);
    /* a downloaded module is not scanned itself (.terraform is never
     * walked): everything it gives is reported through its calls */
    const own_fails *own = np && !remote ? own_failures(ctx, &files, cdir) : NULL;
    if (np) {
        kr_tf_inputs in;
        kr_tf_module_call_inputs(&in, caller, d, call, body);
        kr_tf_options o;
        memset(&o, 0, sizeof o);
        if (ctx->tf)
            o = *ctx->tf;
        o.inputs = &in;
        o.called_by = NULL;
        kr_tf_module *cm = kr_tf_module_new();
        kr_tf_module_resolve(cm, cdocs, np, NULL, NULL, cdir, &o);
        kr_relindex *cix = kr_relindex_new();
        for (size_t k = 0; k < np; k++)
            kr_relindex_add(cix, &cdocs[k]);
        kr_findings got;
        kr_findings_init(&got);
        for (size_t k = 0; k < np; k++)
            kr_eval_doc_in(ctx->rules, &cdocs[k], cix, &ctx->eopts, &got);
        /* the callee's own local calls, one level further down */
        size_t pl = strlen(prefix) + strlen(call) + 16;
        char *sub = kr_xmalloc(pl);
        snprintf(sub, pl, "%smodule.%s.", prefix, call);
        for (size_t k = 0; k < np; k++)
            doc_calls(ctx, cm, &cdocs[k], cdir, slot, root_path, sub, depth + 1);
        char base[300];
        snprintf(base, sizeof base, "module.%s", call);
        const char *caller_possible = kr_tf_module_possible(caller, d->path, base);
        for (size_t i = 0; i < got.len; i++) {
            kr_finding *f = &got.items[i];
            bool from_caller = false;
            for (size_t t = 0; t < f->ntrace && !from_caller; t++)
                from_caller = strcmp(f->trace[t].file, root_path) == 0;
            if (f->unknown || (!from_caller && reported_by_own(own, f)))
                continue; /* the callee's own scan reports it */
            possible_note(f, cm);
            if (caller_possible)
                possible_note_why(f, caller_possible);
            if (f->unknown)
                continue; /* unknowns through calls are not reported (as above) */
            if (!from_caller)
                add_call_step(f, d, body, call);
            size_t rl = f->resource ? strlen(f->resource) : 0;
            size_t cap = strlen(sub) + rl + 1;
            char *res = kr_xmalloc(cap);
            snprintf(res, cap, "%s%s", sub, f->resource ? f->resource : "");
            free(f->resource);
            f->resource = res;
            kr_findings_push(&slot->findings, f);
        }
        free(sub);
        kr_findings_dispose(&got);
        kr_relindex_free(cix);
        kr_tf_module_free(cm);
    }
    for (size_t k = 0; k < np; k++)
        kr_doc_dispose(&cdocs[k]);
    for (size_t k = 0; k < nf; k++)
        free(data[k]);
    kr_diags_dispose(&quiet);
    free(cdocs);
    free(data);
    strvec_dispose(&files);
    free(cdir);
}

/* Every local module call written in the scanned files of this folder. */
static void eval_calls(scan_ctx *ctx, kr_tf_module *tfm, kr_doc *docs, const bool *parsed,
                       const size_t *idx, size_t n, const char *dir)
{
    for (size_t k = 0; k < n; k++)
        if (parsed[k])
            doc_calls(ctx, tfm, &docs[k], dir, &ctx->slots[idx[k]], docs[k].path, "", 0);
}

void kr_scan__module(scan_ctx *ctx, const size_t *idx, size_t n)
{
    strvec extra = {0};
    const char *first = ctx->files[idx[0]];
    module_siblings(first, dir_len(first), ctx->files, idx, n,
                    n < MODULE_MAX_FILES ? MODULE_MAX_FILES - n : 0, ctx->follow_symlinks, &extra);
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
    bool called = caller_of(ctx, first, dir_len(first)) != NULL;
    for (size_t k = 0; k < all; k++) {
        if (k < n) {
            read[k] = kr_scan__read_input(ctx, idx[k], &data[k], &len[k]);
        } else {
            const char *why = NULL;
            const char *enc = NULL;
            size_t bad = 0;
            read[k] = bytes <= MODULE_MAX_BYTES &&
                      kr_fs_read(&data[k], &len[k], extra.items[k - n], &why) == 0 &&
                      kr_fs_decode_bom(&data[k], &len[k], &enc, &bad) == 0;
            if (!read[k]) {
                free(data[k]);
                data[k] = NULL;
            }
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
        if (called) {
            /* a folder other folders call: its parse is shared with the
             * calls (cached_parse); a file that does not parse is parsed
             * again below for its diagnostic */
            const parsed_file *pf = cached_parse(ctx, path);
            if (pf->ok && pf->doc.len == len[k] && memcmp(pf->data, data[k], len[k]) == 0) {
                kr_doc_init(&docs[k], path, data[k], len[k]);
                docs[k].format = pf->doc.format;
                for (size_t r = 0; r < pf->doc.nroots; r++)
                    kr_doc_add_root(&docs[k], copy_shape(docs[k].arena, pf->doc.roots[r], 0),
                                    pf->doc.root_formats ? pf->doc.root_formats[r] : pf->doc.format);
                parsed[k] = true;
                continue;
            }
        }
        kr_doc_init(&docs[k], path, data[k], len[k]);
        if (k < n)
            atomic_fetch_add(&ctx->parsed, 1);
        parsed[k] = kr_doc_load(&docs[k], k < n ? &ctx->slots[idx[k]].diags : &quiet) == 0;
    }
    /* the module-level phase: variables, tfvars and locals resolved into the
     * docs (src/tf/module.h) before relations and rules read them */
    kr_tf_module *tfm = kr_tf_module_new();
    {
        kr_diags **dg = kr_xcalloc(all, sizeof(*dg));
        kr_doc *rdocs = kr_xcalloc(all, sizeof(*rdocs));
        size_t nr = 0;
        for (size_t k = 0; k < all; k++) {
            if (!parsed[k])
                continue;
            rdocs[nr] = docs[k]; /* a shallow view: the roots are shared */
            dg[nr++] = k < n ? &ctx->slots[idx[k]].diags : NULL;
        }
        size_t dl = dir_len(first);
        char *dir = kr_xstrndup(first, dl);
        kr_tf_options topts;
        memset(&topts, 0, sizeof topts);
        if (ctx->tf)
            topts = *ctx->tf;
        topts.called_by = caller_of(ctx, dir, dl);
        kr_tf_module_resolve(tfm, rdocs, nr, dg, &ctx->slots[idx[0]].diags, dir, &topts);
        /* the views' paths and roots are the docs' own; only root pointers
         * could have been replaced */
        for (size_t k = 0, r = 0; k < all; k++)
            if (parsed[k])
                docs[k].roots = rdocs[r++].roots;
        free(dir);
        free(rdocs);
        free(dg);
    }
    for (size_t k = 0; k < all; k++)
        if (parsed[k])
            kr_relindex_add(ix, &docs[k]);
    for (size_t k = 0; k < n; k++) {
        if (!parsed[k])
            continue;
        kr_eval_options eo = ctx->eopts;
        eo.applied = ctx->record_coverage ? &ctx->slots[idx[k]].covered : NULL;
        kr_eval_doc_in(ctx->rules, &docs[k], ix, &eo, &ctx->slots[idx[k]].findings);
    }
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < ctx->slots[idx[k]].findings.len; i++)
            possible_note(&ctx->slots[idx[k]].findings.items[i], tfm);
    {
        char *dir = kr_xstrndup(first, dir_len(first));
        eval_calls(ctx, tfm, docs, parsed, idx, n, dir);
        free(dir);
    }
    for (size_t k = 0; k < n; k++)
        fold_instances(&ctx->slots[idx[k]].findings);
    kr_relindex_free(ix);
    kr_tf_module_free(tfm);
    for (size_t k = 0; k < all; k++) {
        if (read[k]) {
            kr_doc_dispose(&docs[k]);
            if (k < n)
                kr_scan__adopt_file(ctx, &ctx->slots[idx[k]], ctx->files[idx[k]], data[k], len[k], NULL);
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

/* ---- module calls --------------------------------------------------------- */

char *kr_scan__norm_dir(const char *p)
{
    size_t n = strlen(p);
    char *out = kr_xmalloc(n + 2);
    size_t o = 0;
    bool abs = p[0] == '/';
    if (abs)
        out[o++] = '/';
    size_t base = o;
    for (size_t i = 0; i < n;) {
        while (i < n && p[i] == '/')
            i++;
        size_t s = i;
        while (i < n && p[i] != '/')
            i++;
        size_t len = i - s;
        if (len == 0 || (len == 1 && p[s] == '.'))
            continue;
        if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
            /* fold with the previous segment unless that is ".." too */
            size_t e = o;
            while (e > base && out[e - 1] != '/')
                e--;
            bool prev_up = o - e == 2 && out[e] == '.' && out[e + 1] == '.';
            if (o > base && !prev_up) {
                o = e > base ? e - 1 : base;
                continue;
            }
        }
        if (o > base)
            out[o++] = '/';
        memcpy(out + o, p + s, len);
        o += len;
    }
    out[o] = '\0';
    return out;
}

typedef struct callee callee;
typedef KR_ARRAY(callee) callee_vec;

static int cmp_callee(const void *a, const void *b)
{
    const callee *x = a, *y = b;
    int c = strcmp(x->dir, y->dir);
    return c ? c : strcmp(x->caller, y->caller);
}

/* The local module sources written in one file: `source = "./x"` / `"../x"`
 * (HCL) or `"source": "../x"` (JSON), read from the text (a match inside a
 * comment only makes a folder count as called, the cautious side). */
static void find_calls(callee_vec *out, const char *path, const char *data, size_t len)
{
    size_t dl = dir_len(path);
    for (size_t i = 0; i + 6 < len; i++) {
        if (memcmp(data + i, "source", 6) != 0)
            continue;
        if (i > 0 && (data[i - 1] == '_' || data[i - 1] == '-' || (data[i - 1] >= 'a' && data[i - 1] <= 'z') ||
                      (data[i - 1] >= 'A' && data[i - 1] <= 'Z')))
            continue;
        size_t j = i + 6;
        if (j < len && data[j] == '"')
            j++;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (j >= len || (data[j] != '=' && data[j] != ':'))
            continue;
        j++;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (j + 2 >= len || data[j] != '"' || data[j + 1] != '.')
            continue;
        size_t s = ++j, e = s;
        while (e < len && data[e] != '"' && data[e] != '\n')
            e++;
        if (e >= len || data[e] != '"')
            continue;
        bool local = (e - s >= 2 && data[s + 1] == '/') || (e - s >= 3 && data[s + 1] == '.' && data[s + 2] == '/') ||
                     (e - s == 1) || (e - s == 2 && data[s + 1] == '.');
        if (!local)
            continue;
        char *joined = kr_xmalloc(dl + 1 + (e - s) + 1);
        memcpy(joined, path, dl);
        joined[dl] = '/';
        memcpy(joined + dl + 1, data + s, e - s);
        joined[dl + 1 + (e - s)] = '\0';
        callee c = {kr_scan__norm_dir(dl ? joined : joined + 1), kr_xstrdup(path)};
        free(joined);
        kr_array_push(out, c);
        i = e;
    }
}

static bool in_set(const strvec *set, const char *s)
{
    for (size_t i = 0; i < set->len; i++)
        if (strcmp(set->items[i], s) == 0)
            return true;
    return false;
}

char *kr_scan__file_dir(const char *path)
{
    char *d = kr_xstrndup(path, dir_len(path));
    char *n = kr_scan__norm_dir(d);
    free(d);
    return n;
}

void kr_scan_tf_affected(char *const *changed, size_t nchanged, char *const *all, size_t nall,
                         char ***out, size_t *nout)
{
    strvec dirs = {0};
    for (size_t i = 0; i < nchanged; i++) {
        if (!is_terraform_file(changed[i]) && !kr_syntax_is_tfvars(changed[i]))
            continue;
        char *d = kr_scan__file_dir(changed[i]);
        if (in_set(&dirs, d))
            free(d);
        else
            kr_array_push(&dirs, d);
    }
    if (dirs.len == 0)
        return;
    callee_vec calls = {0};
    for (size_t i = 0; i < nall; i++) {
        if (!is_terraform_file(all[i]))
            continue;
        char *data = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &len, all[i], &err) == 0)
            find_calls(&calls, all[i], data, len);
        free(data);
    }
    /* callers of affected folders are affected, to any depth */
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t c = 0; c < calls.len; c++) {
            if (!in_set(&dirs, calls.items[c].dir))
                continue;
            char *d = kr_scan__file_dir(calls.items[c].caller);
            if (in_set(&dirs, d)) {
                free(d);
            } else {
                kr_array_push(&dirs, d);
                grew = true;
            }
        }
    }
    for (size_t i = 0; i < nall; i++) {
        if (!is_terraform_file(all[i]))
            continue;
        char *d = kr_scan__file_dir(all[i]);
        bool hit = in_set(&dirs, d);
        free(d);
        if (!hit)
            continue;
        *out = kr_xrealloc(*out, (*nout + 1) * sizeof(**out));
        (*out)[(*nout)++] = kr_xstrdup(all[i]);
    }
    for (size_t c = 0; c < calls.len; c++) {
        free(calls.items[c].dir);
        free(calls.items[c].caller);
    }
    kr_array_dispose(&calls);
    strvec_dispose(&dirs);
}

/* Reads every scanned Terraform file once for its local module calls. */
void kr_scan__collect_callees(scan_ctx *ctx)
{
    callee_vec all = {0};
    for (size_t i = 0; i < ctx->nfiles; i++) {
        if (!is_terraform_file(ctx->files[i]))
            continue;
        if (i == ctx->stdin_index) { /* its bytes, not the file of that name */
            if (ctx->stdin_data)
                find_calls(&all, ctx->files[i], ctx->stdin_data, ctx->stdin_len);
            continue;
        }
        char *data = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &len, ctx->files[i], &err) == 0)
            find_calls(&all, ctx->files[i], data, len);
        free(data);
    }
    if (all.len > 1)
        qsort(all.items, all.len, sizeof(*all.items), cmp_callee);
    ctx->callees = all.items;
    ctx->ncallees = all.len;
}

/* The first scanned file that calls folder dir[0..dlen), or NULL. */
static const char *caller_of(const scan_ctx *ctx, const char *dir, size_t dlen)
{
    if (!ctx->ncallees)
        return NULL;
    char *d = kr_xstrndup(dir, dlen);
    char *nd = kr_scan__norm_dir(d);
    const char *found = NULL;
    for (size_t i = 0; i < ctx->ncallees && !found; i++)
        if (strcmp(ctx->callees[i].dir, nd) == 0)
            found = ctx->callees[i].caller;
    free(nd);
    free(d);
    return found;
}
