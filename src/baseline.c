/* baseline.c - fingerprints, and reading/writing .krewlint-baseline.json
 * (see baseline.h). The file is read with the YAML/JSON adapter so every
 * problem has its position. */
#include "baseline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/fs.h"

#define CODE KR_BASELINE_CODE
/* Longest value folded into a fingerprint (a huge inline policy is cut). */
#define FP_MAX_VALUE (64u * 1024u)

/* ------------------------------------------------------- fingerprints --- */

typedef struct fnv {
    uint64_t h;
} fnv;

static void fnv_bytes(fnv *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        f->h ^= (unsigned char)s[i];
        f->h *= 0x100000001b3ULL;
    }
}

/* A field: its bytes then a unit separator, so ("ab","c") != ("a","bc"). */
static void fnv_field(fnv *f, const char *s, size_t n)
{
    fnv_bytes(f, s, n);
    fnv_bytes(f, "\x1f", 1);
}

/* The attribute path with [digits] as [*] and blanks dropped. */
static void fnv_path(fnv *f, const char *p)
{
    if (!p) {
        fnv_field(f, "", 0);
        return;
    }
    for (size_t i = 0; p[i]; i++) {
        if (p[i] == ' ' || p[i] == '\t') continue;
        if (p[i] == '[' && p[i + 1] >= '0' && p[i + 1] <= '9') {
            size_t j = i + 1;
            while (p[j] >= '0' && p[j] <= '9') j++;
            if (p[j] == ']') {
                fnv_bytes(f, "[*]", 3);
                i = j;
                continue;
            }
        }
        fnv_bytes(f, p + i, 1);
    }
    fnv_bytes(f, "\x1f", 1);
}

/* The value with leading/trailing blanks dropped and inner runs of blanks
 * (spaces, tabs, newlines) folded to one space. */
static void fnv_value(fnv *f, const char *v)
{
    if (!v) {
        fnv_field(f, "\001absent", 7);
        return;
    }
    bool pending = false, started = false;
    for (size_t i = 0; v[i] && i < FP_MAX_VALUE; i++) {
        char c = v[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pending = started;
            continue;
        }
        if (pending) fnv_bytes(f, " ", 1);
        pending = false;
        started = true;
        fnv_bytes(f, &c, 1);
    }
    fnv_bytes(f, "\x1f", 1);
}

/* The resource address without Terraform instance keys, and of a folded
 * finding (scan_tf.c: "aws_x.y[0], aws_x.y[1]") the first address only:
 * "module.m[0].aws_x.y[\"a\"]" is fingerprinted as "module.m.aws_x.y", so a
 * baseline written before instances were expanded, or with another count,
 * still matches. */
static void fnv_resource(fnv *f, const char *r)
{
    bool quoted = false;
    int depth = 0;
    for (size_t i = 0; r && r[i]; i++) {
        char c = r[i];
        if (depth) {
            if (quoted && c == '\\' && r[i + 1]) i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c == ']') depth = 0;
            continue;
        }
        if (c == '[') {
            depth = 1;
            continue;
        }
        if (c == ',' && r[i + 1] == ' ') break;
        fnv_bytes(f, &c, 1);
    }
    fnv_bytes(f, "\x1f", 1);
}

static const char *strip_dot(const char *p)
{
    if (!p) return "";
    while (p[0] == '.' && p[1] == '/') p += 2;
    return p;
}

void kr_baseline_fingerprint(char out[17], const kr_finding *f)
{
    fnv h = {0xcbf29ce484222325ULL};
    fnv_field(&h, "krewlint-fp-1", 13);
    const char *rule = f->rule && f->rule->id ? f->rule->id : "";
    fnv_field(&h, rule, strlen(rule));
    const char *file = strip_dot(f->file);
    fnv_field(&h, file, strlen(file));
    fnv_resource(&h, f->resource);
    if (f->path || f->actual) {
        fnv_path(&h, f->path);
        fnv_value(&h, f->actual);
    } else {
        /* no attribute path and value from the evaluator (older findings,
         * source-code matches without a capture text): the offending line
         * with every blank removed stands for them - still no position, and
         * unchanged by re-indenting or re-aligning */
        fnv_bytes(&h, "\002line\x1f", 6);
        const char *sn = f->snippet ? f->snippet : "";
        for (size_t i = 0; sn[i] && i < FP_MAX_VALUE; i++)
            if (sn[i] != ' ' && sn[i] != '\t' && sn[i] != '\r') fnv_bytes(&h, sn + i, 1);
        fnv_bytes(&h, "\x1f", 1);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h.h);
}

/* ------------------------------------------------------------- entries --- */

void kr_baseline_init(kr_baseline *self)
{
    memset(self, 0, sizeof *self);
}

void kr_baseline_dispose(kr_baseline *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->len; i++) {
        free(self->items[i].rule);
        free(self->items[i].file);
        free(self->items[i].resource);
    }
    free(self->items);
    memset(self, 0, sizeof *self);
}

static int cmp_opt(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_entry(const void *pa, const void *pb)
{
    const kr_baseline_entry *a = pa, *b = pb;
    int c = cmp_opt(a->file, b->file);
    if (!c) c = cmp_opt(a->rule, b->rule);
    if (!c) c = cmp_opt(a->resource, b->resource);
    if (!c) c = strcmp(a->fingerprint, b->fingerprint);
    return c;
}

/* Sorts pointers by fingerprint (for lookups). */
static int cmp_fp_ptr(const void *pa, const void *pb)
{
    const kr_baseline_entry *const *a = pa, *const *b = pb;
    return strcmp((*a)->fingerprint, (*b)->fingerprint);
}

static kr_baseline_entry **by_fingerprint(const kr_baseline *self)
{
    kr_baseline_entry **v = kr_xmalloc((self->len ? self->len : 1) * sizeof *v);
    for (size_t i = 0; i < self->len; i++) v[i] = &self->items[i];
    if (self->len > 1) qsort(v, self->len, sizeof *v, cmp_fp_ptr);
    return v;
}

static kr_baseline_entry *lookup(kr_baseline_entry **v, size_t n, const char *fp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid]->fingerprint, fp);
        if (c == 0) return v[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

typedef struct fp_ref {
    char fp[17];
    size_t index;
} fp_ref;

static int cmp_fp_ref(const void *pa, const void *pb)
{
    const fp_ref *a = pa, *b = pb;
    int c = strcmp(a->fp, b->fp);
    if (c) return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

void kr_baseline_build(kr_baseline *self, const kr_findings *findings)
{
    fp_ref *refs = kr_xmalloc((findings->len ? findings->len : 1) * sizeof *refs);
    size_t n = 0;
    for (size_t i = 0; i < findings->len; i++) {
        if (findings->items[i].suppressed) continue;
        kr_baseline_fingerprint(refs[n].fp, &findings->items[i]);
        refs[n++].index = i;
    }
    if (n > 1) qsort(refs, n, sizeof *refs, cmp_fp_ref);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(refs[j].fp, refs[i].fp) == 0) j++;
        const kr_finding *f = &findings->items[refs[i].index];
        kr_baseline_entry e;
        memset(&e, 0, sizeof e);
        memcpy(e.fingerprint, refs[i].fp, sizeof e.fingerprint);
        e.rule = kr_xstrdup(f->rule && f->rule->id ? f->rule->id : "");
        e.file = kr_xstrdup(strip_dot(f->file));
        e.resource = f->resource ? kr_xstrdup(f->resource) : NULL;
        e.count = j - i;
        kr_array_push(self, e);
        i = j;
    }
    free(refs);
    if (self->len > 1) qsort(self->items, self->len, sizeof *self->items, cmp_entry);
}

/* ------------------------------------------------------------- writing --- */

void kr_baseline_write(const kr_baseline *self, kr_buf *out)
{
    kr_buf_printf(out, "{\n  \"version\": %d,\n  \"generator\": \"krewlint\",\n  \"entries\": [",
                  KR_BASELINE_VERSION);
    for (size_t i = 0; i < self->len; i++) {
        const kr_baseline_entry *e = &self->items[i];
        kr_buf_puts(out, i ? ",\n    " : "\n    ");
        kr_buf_printf(out, "{\"fingerprint\": \"%s\", \"rule\": ", e->fingerprint);
        kr_buf_put_json_string(out, e->rule, strlen(e->rule));
        kr_buf_puts(out, ", \"file\": ");
        kr_buf_put_json_string(out, e->file, strlen(e->file));
        kr_buf_puts(out, ", \"resource\": ");
        if (e->resource)
            kr_buf_put_json_string(out, e->resource, strlen(e->resource));
        else
            kr_buf_puts(out, "null");
        kr_buf_printf(out, ", \"count\": %zu}", e->count);
    }
    kr_buf_puts(out, self->len ? "\n  ]\n}\n" : "]\n}\n");
}

int kr_baseline_save(const kr_baseline *self, const char *path, kr_diags *diags)
{
    kr_buf b, tmp;
    kr_buf_init(&b, 0);
    kr_buf_init(&tmp, 0);
    kr_baseline_write(self, &b);
    kr_buf_printf(&tmp, "%s.tmp", path);
    int rc = KR_EIO;
    const char *tp = kr_buf_cstr(&tmp);
    FILE *f = fopen(tp, "w");
    if (!f) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot write the baseline: %s",
                     strerror(errno));
        goto out;
    }
    bool ok = fwrite(b.ptr ? b.ptr : "", 1, b.len, f) == b.len && !b.failed;
    if (fclose(f) != 0) ok = false;
    if (!ok || rename(tp, path) != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot write the baseline: %s",
                     strerror(errno ? errno : EIO));
        remove(tp);
        goto out;
    }
    rc = 0;
out:
    kr_buf_dispose(&b);
    kr_buf_dispose(&tmp);
    return rc;
}

/* ------------------------------------------------------------- reading --- */

typedef struct bctx {
    const char *path;
    kr_diags *diags;
    size_t errors;
} bctx;

static void berr(bctx *x, const kr_node *n, const char *fmt, ...) KR_PRINTF(3, 4);
static void berr(bctx *x, const kr_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(x->diags, KR_SEV_ERROR, x->path, n ? &n->span : NULL, CODE, fmt, ap);
    va_end(ap);
    x->errors++;
}

static const char *kind_name(const kr_node *n)
{
    if (n->kind == KR_NODE_MAP) return "an object";
    if (n->kind == KR_NODE_SEQ) return "an array";
    if (n->kind == KR_NODE_EXPR) return "an expression";
    switch (n->stype) {
    case KR_SCALAR_NULL: return "null";
    case KR_SCALAR_BOOL: return "a boolean";
    case KR_SCALAR_INT:
    case KR_SCALAR_FLOAT: return "a number";
    case KR_SCALAR_STRING: break;
    }
    return "a string";
}

static bool is_str(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING;
}

static bool is_hex16(const char *s, size_t n)
{
    if (n != 16) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

static void parse_entry(bctx *x, kr_baseline *self, const kr_node *e)
{
    static const char *const keys[] = {"fingerprint", "rule", "file", "resource", "count", NULL};
    if (e->kind != KR_NODE_MAP) {
        berr(x, e, "a baseline entry must be an object, not %s", kind_name(e));
        return;
    }
    size_t before = x->errors;
    for (size_t i = 0; i < e->npairs; i++) {
        bool known = false;
        for (size_t k = 0; keys[k]; k++)
            if (strcmp(e->pairs[i].key->text, keys[k]) == 0) known = true;
        if (!known) berr(x, e->pairs[i].key, "unknown key '%s' in a baseline entry", e->pairs[i].key->text);
    }
    const kr_node *fp = kr_node_get(e, "fingerprint"), *rule = kr_node_get(e, "rule"),
                  *file = kr_node_get(e, "file"), *res = kr_node_get(e, "resource"),
                  *count = kr_node_get(e, "count");
    if (!fp) berr(x, e, "a baseline entry has no 'fingerprint'");
    else if (!is_str(fp) || !is_hex16(fp->text, fp->text_len))
        berr(x, fp, "fingerprint must be 16 lowercase hex digits, not %s%s%s", is_str(fp) ? "'" : "",
             is_str(fp) ? fp->text : kind_name(fp), is_str(fp) ? "'" : "");
    if (!rule) berr(x, e, "a baseline entry has no 'rule'");
    else if (!is_str(rule)) berr(x, rule, "'rule' must be a string, not %s", kind_name(rule));
    if (!file) berr(x, e, "a baseline entry has no 'file'");
    else if (!is_str(file)) berr(x, file, "'file' must be a string, not %s", kind_name(file));
    if (res && !is_str(res) && !(res->kind == KR_NODE_SCALAR && res->stype == KR_SCALAR_NULL))
        berr(x, res, "'resource' must be a string or null, not %s", kind_name(res));
    int64_t n = 1;
    if (count) {
        if (count->kind != KR_NODE_SCALAR || count->stype != KR_SCALAR_INT || count->v.i < 1)
            berr(x, count, "'count' must be a positive integer, not %s%s%s",
                 count->kind == KR_NODE_SCALAR ? "'" : "",
                 count->kind == KR_NODE_SCALAR ? count->text : kind_name(count),
                 count->kind == KR_NODE_SCALAR ? "'" : "");
        else
            n = count->v.i;
    }
    if (x->errors != before) return;
    for (size_t i = 0; i < self->len; i++) {
        if (strcmp(self->items[i].fingerprint, fp->text) == 0) {
            berr(x, fp, "duplicate fingerprint '%s' (first at line %u)", fp->text,
                 (unsigned)self->items[i].span.start.line + 1);
            return;
        }
    }
    kr_baseline_entry be;
    memset(&be, 0, sizeof be);
    memcpy(be.fingerprint, fp->text, 16);
    be.fingerprint[16] = '\0';
    be.rule = kr_xstrdup(rule->text);
    be.file = kr_xstrdup(file->text);
    be.resource = is_str(res) ? kr_xstrdup(res->text) : NULL;
    be.count = (size_t)n;
    be.span = e->span;
    kr_array_push(self, be);
}

int kr_baseline_parse(kr_baseline *self, const char *path, const char *data, size_t len,
                      kr_diags *diags)
{
    bctx x = {path, diags, 0};
    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    kr_diags local;
    kr_diags_init(&local);
    int rc = kr_doc_parse_yaml(&doc, &local);
    for (size_t i = 0; i < local.len; i++) {
        if (local.items[i].severity != KR_SEV_ERROR) {
            local.items[i].severity = KR_SEV_ERROR; /* duplicate keys */
            local.errors++;
        }
        free(local.items[i].code);
        local.items[i].code = kr_xstrdup(CODE);
    }
    x.errors += local.errors;
    kr_diags_take(diags, &local);
    kr_diags_dispose(&local);
    if (rc != 0) goto out;
    if (doc.nroots != 1) {
        if (doc.nroots == 0) {
            kr_diags_add(diags, KR_SEV_ERROR, path, NULL, CODE, "the baseline is empty");
            x.errors++;
        } else {
            berr(&x, doc.roots[1], "the baseline must be one JSON object");
        }
        goto out;
    }
    const kr_node *root = doc.roots[0];
    if (root->kind != KR_NODE_MAP) {
        berr(&x, root, "the baseline must be a JSON object, not %s", kind_name(root));
        goto out;
    }
    static const char *const keys[] = {"version", "generator", "entries", NULL};
    for (size_t i = 0; i < root->npairs; i++) {
        bool known = false;
        for (size_t k = 0; keys[k]; k++)
            if (strcmp(root->pairs[i].key->text, keys[k]) == 0) known = true;
        if (!known) berr(&x, root->pairs[i].key, "unknown key '%s' in the baseline", root->pairs[i].key->text);
    }
    const kr_node *ver = kr_node_get(root, "version"), *gen = kr_node_get(root, "generator"),
                  *entries = kr_node_get(root, "entries");
    if (!ver) {
        berr(&x, root, "the baseline has no 'version'");
    } else if (ver->kind != KR_NODE_SCALAR || ver->stype != KR_SCALAR_INT ||
               ver->v.i != KR_BASELINE_VERSION) {
        berr(&x, ver, "unsupported baseline version %s (this krewlint reads version %d)",
             ver->kind == KR_NODE_SCALAR ? ver->text : kind_name(ver), KR_BASELINE_VERSION);
        goto out; /* a future format: do not guess at its entries */
    }
    if (gen && !is_str(gen)) berr(&x, gen, "'generator' must be a string, not %s", kind_name(gen));
    if (!entries) {
        berr(&x, root, "the baseline has no 'entries'");
    } else if (entries->kind != KR_NODE_SEQ) {
        berr(&x, entries, "'entries' must be an array, not %s", kind_name(entries));
    } else {
        for (size_t i = 0; i < entries->nitems; i++) parse_entry(&x, self, entries->items[i]);
    }
out:
    kr_doc_dispose(&doc);
    if (rc == 0 && x.errors == 0) return 0;
    return KR_EINVALID;
}

int kr_baseline_load(kr_baseline *self, const char *path, kr_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    const char *emsg = NULL;
    int rc = kr_fs_read(&data, &len, path, &emsg);
    if (rc != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the baseline: %s",
                     emsg ? emsg : "read error");
        return KR_EIO;
    }
    rc = kr_baseline_parse(self, path, data, len, diags);
    free(data);
    return rc;
}

/* ----------------------------------------------------------- filtering --- */

size_t kr_baseline_filter(kr_baseline *self, kr_findings *findings)
{
    return kr_baseline_split(self, findings, NULL);
}

size_t kr_baseline_split(kr_baseline *self, kr_findings *findings, kr_findings *accepted)
{
    for (size_t i = 0; i < self->len; i++) self->items[i].matched = 0;
    kr_baseline_entry **idx = by_fingerprint(self);
    size_t kept = 0, removed = 0;
    for (size_t i = 0; i < findings->len; i++) {
        kr_finding *f = &findings->items[i];
        kr_baseline_entry *e = NULL;
        if (!f->suppressed) {
            char fp[17];
            kr_baseline_fingerprint(fp, f);
            e = lookup(idx, self->len, fp);
        }
        if (e && e->matched < e->count) {
            e->matched++;
            if (accepted) {
                kr_findings_push(accepted, f);
            } else { /* drop it: free its strings through a one-item list */
                kr_findings one;
                kr_findings_init(&one);
                kr_findings_push(&one, f);
                kr_findings_dispose(&one);
            }
            removed++;
            continue;
        }
        if (kept != i) findings->items[kept] = *f;
        kept++;
    }
    findings->len = kept;
    free(idx);
    return removed;
}

size_t kr_baseline_unmatched(const kr_baseline *self, const kr_baseline_entry ***out)
{
    size_t n = 0;
    *out = kr_xmalloc((self->len ? self->len : 1) * sizeof **out);
    for (size_t i = 0; i < self->len; i++)
        if (self->items[i].matched == 0) (*out)[n++] = &self->items[i];
    return n;
}
