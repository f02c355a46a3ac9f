/* shard.c - the shard record in the JSON report and reading it back for
 * `krewlint merge` (shard.h); units and assignment are in shard_plan.c.
 */
#include "shard.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc/doc.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/fs.h"

/* ----------------------------------------------------------- digests --- */

typedef struct file_hash {
    uint64_t h;
    const char *path;
} file_hash;

static int cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

uint64_t kr_shard_rules_digest(const kr_ruleset *rules)
{
    uint64_t h = KR_SHARD_HASH_INIT;
    size_t n = rules ? kr_ruleset_count(rules) : 0;
    uint64_t *fh = kr_xcalloc(n ? n : 1, sizeof *fh);
    size_t nf = 0;
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        h = kr_shard_hash(h, r->id, strlen(r->id) + 1);
        h = kr_shard_hash(h, r->control ? r->control : "", strlen(r->control ? r->control : "") + 1);
        unsigned sev = (unsigned)r->severity;
        h = kr_shard_hash(h, &sev, sizeof sev);
        if (!r->file || (prev && strcmp(prev, r->file) == 0))
            continue;
        prev = r->file;
        char *data = NULL;
        size_t len = 0;
        const char *why = NULL;
        uint64_t one = KR_SHARD_HASH_INIT;
        if (kr_fs_read(&data, &len, r->file, &why) == 0)
            one = kr_shard_hash(one, data, len);
        free(data);
        fh[nf++] = one;
    }
    /* the files' contents in hash order: where the pack lies does not count;
     * a file listed twice (rules of one file not adjacent) counts once */
    if (nf > 1)
        qsort(fh, nf, sizeof *fh, cmp_u64);
    for (size_t i = 0; i < nf; i++)
        if (i == 0 || fh[i] != fh[i - 1])
            h = kr_shard_hash(h, &fh[i], sizeof fh[i]);
    free(fh);
    (void)sizeof(file_hash);
    return h;
}

/* ------------------------------------------------------------ record --- */

/* A string in the record: every byte outside printable ASCII, and '%', '"'
 * and '\\', as %XX, so any bytes (invalid UTF-8 in a file name, control
 * characters in a message) come back exactly; null for NULL. */
static void put_enc(kr_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s) {
        kr_buf_puts(b, "null");
        return;
    }
    kr_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p > 0x7e || *p == '%' || *p == '"' || *p == '\\') {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            kr_buf_put(b, e, 3);
        } else {
            kr_buf_putc(b, (char)*p);
        }
    }
    kr_buf_putc(b, '"');
}

static void put_span(kr_buf *b, const kr_span *s)
{
    kr_buf_printf(b, "%u, %u, %u, %u, %u, %u", s->start.line, s->start.col, s->start.byte,
                  s->end.line, s->end.col, s->end.byte);
}

/* [rule, file, 6 span numbers, severity, unknown, message, resource, snippet,
 *  path, actual, suppressed, reason, by, until, disabled, [trace...]] */
static void put_finding(kr_buf *b, const kr_finding *f)
{
    kr_buf_putc(b, '[');
    put_enc(b, f->rule ? f->rule->id : NULL);
    kr_buf_puts(b, ", ");
    put_enc(b, f->file);
    kr_buf_puts(b, ", ");
    put_span(b, &f->span);
    kr_buf_printf(b, ", %d, %d, ", (int)f->severity, f->unknown ? 1 : 0);
    const char *strs[5] = {f->message, f->resource, f->snippet, f->path, f->actual};
    for (int k = 0; k < 5; k++) {
        put_enc(b, strs[k]);
        kr_buf_puts(b, ", ");
    }
    kr_buf_printf(b, "%d, ", f->suppressed ? 1 : 0);
    const char *sup[3] = {f->suppress_reason, f->suppress_by, f->suppress_until};
    for (int k = 0; k < 3; k++) {
        put_enc(b, sup[k]);
        kr_buf_puts(b, ", ");
    }
    kr_buf_printf(b, "%d, [", f->disabled ? 1 : 0);
    for (size_t t = 0; t < f->ntrace; t++) {
        kr_buf_puts(b, t ? ", [" : "[");
        put_enc(b, f->trace[t].file);
        kr_buf_puts(b, ", ");
        put_span(b, &f->trace[t].span);
        kr_buf_puts(b, ", ");
        put_enc(b, f->trace[t].note);
        kr_buf_putc(b, ']');
    }
    kr_buf_puts(b, "]]");
}

static void put_findings(kr_buf *b, const char *key, const kr_findings *fs, int ind, bool last)
{
    kr_buf_printf(b, "%*s\"%s\": [", ind, "", key);
    for (size_t i = 0; fs && i < fs->len; i++) {
        kr_buf_printf(b, "%s\n%*s", i ? "," : "", ind + 2, "");
        put_finding(b, &fs->items[i]);
    }
    kr_buf_printf(b, "%s]%s\n", fs && fs->len ? "\n" : "", last ? "" : ",");
}

/* [file, has_pos, 6 span numbers, severity, code, message] */
static void put_diag(kr_buf *b, const kr_diag *d)
{
    kr_buf_putc(b, '[');
    put_enc(b, d->file);
    kr_buf_printf(b, ", %d, ", d->has_pos ? 1 : 0);
    put_span(b, &d->span);
    kr_buf_printf(b, ", %d, ", (int)d->severity);
    put_enc(b, d->code);
    kr_buf_puts(b, ", ");
    put_enc(b, d->message);
    kr_buf_putc(b, ']');
}

void kr_shard_record_json(kr_buf *b, const kr_shard_record *rec, int ind)
{
    const kr_result *res = rec->result;
    int in = ind + 2;
    kr_buf_puts(b, "{\n");
    kr_buf_printf(b, "%*s\"index\": %u,\n%*s\"total\": %u,\n", in, "", rec->spec.index, in, "",
                  rec->spec.count);
    kr_buf_printf(b, "%*s\"version\": ", in, "");
    put_enc(b, rec->version);
    kr_buf_printf(b, ",\n%*s\"rules_digest\": \"%016llx\",\n", in, "",
                  (unsigned long long)rec->rules_digest);
    kr_buf_printf(b, "%*s\"config_digest\": \"%016llx\",\n", in, "",
                  (unsigned long long)rec->config_digest);
    kr_buf_printf(b, "%*s\"units_digest\": \"%016llx\",\n", in, "",
                  (unsigned long long)rec->units_digest);
    kr_buf_printf(b, "%*s\"units\": %zu,\n", in, "", rec->units);
    kr_buf_printf(b,
                  "%*s\"policy\": {\"lang\": \"%s\", \"fail_on\": %d, \"fail_on_unknown\": %d, "
                  "\"exit_zero\": %d, \"changed_since\": %d},\n",
                  in, "", rec->policy.lang == KR_LANG_JA ? "ja" : "en", rec->policy.fail_on,
                  rec->policy.fail_on_unknown ? 1 : 0, rec->policy.exit_zero ? 1 : 0,
                  rec->policy.changed_since ? 1 : 0);
    kr_buf_printf(b, "%*s\"files\": %zu,\n%*s\"docs_parsed\": %zu,\n%*s\"baselined_count\": %zu,\n",
                  in, "", res->files_scanned, in, "", res->docs_parsed, in, "", rec->nbaselined);
    kr_buf_printf(b, "%*s\"skipped\": [", in, "");
    for (int r = 0; r < KR_SKIP_N; r++)
        kr_buf_printf(b, "%s%zu", r ? ", " : "", res->skipped[r]);
    kr_buf_puts(b, "],\n");
    put_findings(b, "findings", &res->findings, in, false);
    put_findings(b, "baselined", rec->baselined, in, false);
    put_findings(b, "disabled", rec->disabled, in, false);
    kr_buf_printf(b, "%*s\"diagnostics\": [", in, "");
    for (size_t i = 0; i < res->diags.len; i++) {
        kr_buf_printf(b, "%s\n%*s", i ? "," : "", in + 2, "");
        put_diag(b, &res->diags.items[i]);
    }
    kr_buf_printf(b, "%s],\n", res->diags.len ? "\n" : "");
    /* coverage: [rule, [files...]] for the rules that ran on a file */
    kr_buf_printf(b, "%*s\"coverage\": [", in, "");
    bool any = false;
    for (size_t i = 0; i < res->coverage.len; i++) {
        const kr_rule_files *rf = &res->coverage.items[i];
        if (!rf->nfiles || !rf->rule)
            continue;
        kr_buf_printf(b, "%s\n%*s[", any ? "," : "", in + 2, "");
        put_enc(b, rf->rule->id);
        kr_buf_puts(b, ", [");
        for (size_t k = 0; k < rf->nfiles; k++) {
            if (k)
                kr_buf_puts(b, ", ");
            put_enc(b, rf->files[k]);
        }
        kr_buf_puts(b, "]]");
        any = true;
    }
    kr_buf_printf(b, "%s]\n%*s}", any ? "\n" : "", ind, "");
}

/* ----------------------------------------------------------- reading --- */

/* rctx - one record being read: the first problem wins. */
typedef struct rctx {
    const char *path;
    kr_diags *diags;
    bool failed;
    const kr_ruleset *rules;
} rctx;

static void rerr(rctx *x, const kr_node *n, const char *what)
{
    if (x->failed)
        return;
    x->failed = true;
    kr_diags_add(x->diags, KR_SEV_ERROR, x->path, n ? &n->span : NULL, "merge-input",
                 "not a krewlint shard result: %s", what);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* A record string (put_enc) decoded; *out NULL for null. false when n is
 * neither a string nor null, or its escapes are broken. */
static bool get_str(rctx *x, const kr_node *n, char **out, const char *what)
{
    *out = NULL;
    if (!n) {
        rerr(x, n, what);
        return false;
    }
    if (n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_NULL)
        return true;
    if (n->kind != KR_NODE_SCALAR || n->stype != KR_SCALAR_STRING || !n->text) {
        rerr(x, n, what);
        return false;
    }
    char *s = kr_xmalloc(n->text_len + 1);
    size_t o = 0;
    for (size_t i = 0; i < n->text_len; i++) {
        char c = n->text[i];
        if (c == '%') {
            int hi = i + 2 < n->text_len ? hexval(n->text[i + 1]) : -1;
            int lo = hi >= 0 ? hexval(n->text[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(s);
                rerr(x, n, what);
                return false;
            }
            s[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '\0') {
            free(s);
            rerr(x, n, what);
            return false;
        } else {
            s[o++] = c;
        }
    }
    s[o] = '\0';
    *out = s;
    return true;
}

/* A non-negative integer of at most `max`. */
static bool get_num(rctx *x, const kr_node *n, unsigned long long max, unsigned long long *out,
                    const char *what)
{
    *out = 0;
    if (!n || n->kind != KR_NODE_SCALAR || n->stype != KR_SCALAR_INT || n->v.i < 0 ||
        (unsigned long long)n->v.i > max) {
        rerr(x, n, what);
        return false;
    }
    *out = (unsigned long long)n->v.i;
    return true;
}

static bool get_u32(rctx *x, const kr_node *n, uint32_t *out, const char *what)
{
    unsigned long long v;
    bool ok = get_num(x, n, UINT32_MAX, &v, what);
    *out = (uint32_t)v;
    return ok;
}

static bool get_size(rctx *x, const kr_node *n, size_t *out, const char *what)
{
    unsigned long long v;
    bool ok = get_num(x, n, SIZE_MAX / 4, &v, what);
    *out = (size_t)v;
    return ok;
}

static const kr_node *seq_of(rctx *x, const kr_node *n, size_t len, const char *what)
{
    if (!n || n->kind != KR_NODE_SEQ || (len && n->nitems != len)) {
        rerr(x, n, what);
        return NULL;
    }
    return n;
}

static bool get_span(rctx *x, kr_node *const *it, kr_span *s)
{
    return get_u32(x, it[0], &s->start.line, "a position") &&
           get_u32(x, it[1], &s->start.col, "a position") &&
           get_u32(x, it[2], &s->start.byte, "a position") &&
           get_u32(x, it[3], &s->end.line, "a position") &&
           get_u32(x, it[4], &s->end.col, "a position") &&
           get_u32(x, it[5], &s->end.byte, "a position");
}

static bool get_flag(rctx *x, const kr_node *n, bool *out)
{
    unsigned long long v;
    bool ok = get_num(x, n, 1, &v, "a flag 0 or 1");
    *out = v != 0;
    return ok;
}

static void free_finding(kr_finding *f)
{
    kr_findings one;
    kr_findings_init(&one);
    kr_findings_push(&one, f);
    kr_findings_dispose(&one);
}

#define FINDING_FIELDS 21

static bool read_finding(rctx *x, const kr_node *n, kr_findings *out)
{
    if (!seq_of(x, n, FINDING_FIELDS, "a finding is a list of 21 values"))
        return false;
    kr_node *const *it = n->items;
    kr_finding f;
    memset(&f, 0, sizeof f);
    char *rule = NULL;
    unsigned long long sev = 0;
    bool ok = get_str(x, it[0], &rule, "a rule id") && rule &&
              get_str(x, it[1], &f.file, "a file") && f.file && get_span(x, it + 2, &f.span) &&
              get_num(x, it[8], KR_SEV_ERROR, &sev, "a severity 0 to 2") &&
              get_flag(x, it[9], &f.unknown) && get_str(x, it[10], &f.message, "a message") &&
              get_str(x, it[11], &f.resource, "a resource") &&
              get_str(x, it[12], &f.snippet, "a snippet") && get_str(x, it[13], &f.path, "a path") &&
              get_str(x, it[14], &f.actual, "a value") && get_flag(x, it[15], &f.suppressed) &&
              get_str(x, it[16], &f.suppress_reason, "a reason") &&
              get_str(x, it[17], &f.suppress_by, "a name") &&
              get_str(x, it[18], &f.suppress_until, "a date") && get_flag(x, it[19], &f.disabled);
    if (ok && !rule)
        rerr(x, it[0], "a rule id");
    ok = ok && rule && f.file;
    f.severity = (kr_severity)sev;
    const kr_node *tr = ok ? seq_of(x, it[20], 0, "a trace is a list") : NULL;
    ok = ok && tr;
    if (ok && tr->nitems) {
        f.trace = kr_xcalloc(tr->nitems, sizeof *f.trace);
        for (size_t t = 0; t < tr->nitems && ok; t++) {
            const kr_node *s = seq_of(x, tr->items[t], 8, "a trace step is a list of 8 values");
            ok = s && get_str(x, s->items[0], &f.trace[t].file, "a file") &&
                 get_span(x, s->items + 1, &f.trace[t].span) &&
                 get_str(x, s->items[7], &f.trace[t].note, "a note");
            f.ntrace = t + 1;
        }
    }
    if (ok && x->rules) {
        f.rule = kr_ruleset_find(x->rules, rule);
        if (!f.rule) {
            kr_diags_add(x->diags, KR_SEV_ERROR, x->path, &it[0]->span, "merge-input",
                         "rule %s is not among the rules this merge loaded (give merge the "
                         "shards' --rules and configuration)", rule);
            x->failed = true;
            ok = false;
        }
    }
    free(rule);
    if (!ok) {
        free_finding(&f);
        return false;
    }
    kr_findings_push(out, &f);
    return true;
}

static bool read_findings(rctx *x, const kr_node *root, const char *key, kr_findings *out)
{
    const kr_node *s = seq_of(x, kr_node_get(root, key), 0, key);
    for (size_t i = 0; s && i < s->nitems; i++)
        if (!read_finding(x, s->items[i], out))
            return false;
    return s != NULL;
}

static bool read_diag(rctx *x, const kr_node *n, kr_diags *out)
{
    if (!seq_of(x, n, 11, "a diagnostic is a list of 11 values"))
        return false;
    kr_node *const *it = n->items;
    char *file = NULL, *code = NULL, *msg = NULL;
    bool has_pos = false;
    kr_span span;
    unsigned long long sev = 0;
    memset(&span, 0, sizeof span);
    bool ok = get_str(x, it[0], &file, "a file") && get_flag(x, it[1], &has_pos) &&
              get_span(x, it + 2, &span) && get_num(x, it[8], KR_SEV_ERROR, &sev, "a severity") &&
              get_str(x, it[9], &code, "a code") && get_str(x, it[10], &msg, "a message");
    if (ok) {
        kr_diags_add(out, (kr_severity)sev, file, has_pos ? &span : NULL, code ? code : "", "%s",
                     msg ? msg : "");
        kr_diag *d = &out->items[out->len - 1];
        if (!has_pos) /* the span as recorded (zero without a position) */
            d->span = span;
        if (!code) {
            free(d->code);
            d->code = NULL;
        }
        if (!msg) {
            free(d->message);
            d->message = NULL;
        }
    }
    free(file);
    free(code);
    free(msg);
    return ok;
}

static bool read_digest(rctx *x, const kr_node *root, const char *key, uint64_t *out)
{
    const kr_node *n = kr_node_get(root, key);
    *out = 0;
    if (!n || n->kind != KR_NODE_SCALAR || n->stype != KR_SCALAR_STRING || n->text_len != 16) {
        rerr(x, n ? n : root, key);
        return false;
    }
    for (size_t i = 0; i < 16; i++) {
        int v = hexval(n->text[i]);
        if (v < 0) {
            rerr(x, n, key);
            return false;
        }
        *out = *out << 4 | (uint64_t)v;
    }
    return true;
}

void kr_shard_input_init(kr_shard_input *self)
{
    memset(self, 0, sizeof *self);
    kr_result_init(&self->result);
    kr_findings_init(&self->baselined);
    kr_findings_init(&self->disabled);
}

void kr_shard_input_dispose(kr_shard_input *self)
{
    free(self->path);
    free(self->version);
    kr_result_dispose(&self->result);
    kr_findings_dispose(&self->baselined);
    kr_findings_dispose(&self->disabled);
    memset(self, 0, sizeof *self);
}

/* The coverage rows [rule, [files]] as per-file rule lists for
 * kr_rulecov_build (files: every file named, sorted and unique). */
typedef struct cov_row {
    char *file;
    const kr_rule *rule;
} cov_row;

static int cmp_cov_row(const void *pa, const void *pb)
{
    const cov_row *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    return strcmp(a->rule->id, b->rule->id);
}

static void build_coverage(kr_rulecov *out, const kr_ruleset *rules, cov_row *rows, size_t n)
{
    if (n > 1)
        qsort(rows, n, sizeof *rows, cmp_cov_row);
    char **files = kr_xcalloc(n ? n : 1, sizeof *files);
    kr_rulelist *lists = kr_xcalloc(n ? n : 1, sizeof *lists);
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        if (nf == 0 || strcmp(files[nf - 1], rows[i].file) != 0)
            files[nf++] = rows[i].file;
        kr_rulelist *l = &lists[nf - 1];
        if (!l->len || l->items[l->len - 1] != rows[i].rule)
            kr_array_push(l, rows[i].rule);
    }
    kr_rulecov_dispose(out);
    kr_rulecov_build(out, rules, files, lists, nf);
    for (size_t i = 0; i < nf; i++)
        kr_array_dispose(&lists[i]);
    free(lists);
    free(files);
}

static bool read_coverage(rctx *x, const kr_node *root, kr_shard_input *out)
{
    const kr_node *s = seq_of(x, kr_node_get(root, "coverage"), 0, "coverage");
    if (!s)
        return false;
    KR_ARRAY(cov_row) rows = {0};
    bool ok = true;
    for (size_t i = 0; i < s->nitems && ok; i++) {
        const kr_node *e = seq_of(x, s->items[i], 2, "a coverage entry is [rule, [files]]");
        char *id = NULL;
        ok = e && get_str(x, e->items[0], &id, "a rule id") && id;
        const kr_rule *r = ok && x->rules ? kr_ruleset_find(x->rules, id) : NULL;
        free(id);
        const kr_node *fs = ok ? seq_of(x, e->items[1], 0, "a list of files") : NULL;
        ok = ok && fs;
        for (size_t k = 0; ok && k < fs->nitems; k++) {
            char *file = NULL;
            ok = get_str(x, fs->items[k], &file, "a file") && file;
            if (ok && r)
                kr_array_push(&rows, ((cov_row){file, r}));
            else
                free(file);
        }
    }
    if (ok && x->rules)
        build_coverage(&out->result.coverage, x->rules, rows.items, rows.len);
    for (size_t i = 0; i < rows.len; i++)
        free(rows.items[i].file);
    kr_array_dispose(&rows);
    return ok;
}

/* Reads the record from data[0, len): the whole report, or (alone) the
 * record object by itself. */
static int read_from(kr_shard_input *out, const char *path, const char *data, size_t len,
                     const kr_ruleset *rules, kr_diags *diags, bool alone)
{
    rctx x = {path, diags, false, rules};
    free(out->path);
    out->path = kr_xstrdup(path);
    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    kr_diags local;
    kr_diags_init(&local);
    int rc = kr_doc_parse_yaml(&doc, &local);
    if (rc != 0 || doc.nroots != 1 || !doc.roots[0] || doc.roots[0]->kind != KR_NODE_MAP) {
        if (local.len)
            kr_diags_take(diags, &local);
        else
            kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "merge-input",
                         "not a krewlint JSON report (one JSON object expected)");
        kr_diags_dispose(&local);
        kr_doc_dispose(&doc);
        return KR_EPARSE;
    }
    /* a key given twice (two "shard" records, two indexes): the parser keeps
     * the first, so which one the file means is not known; krewlint never
     * writes one */
    for (size_t i = 0; i < local.len; i++) {
        const kr_diag *w = &local.items[i];
        if (w->code && strcmp(w->code, "duplicate-key") == 0) {
            kr_diags_add(diags, KR_SEV_ERROR, path, w->has_pos ? &w->span : NULL, "merge-input",
                         "not a krewlint shard result: this key is given twice");
            kr_diags_dispose(&local);
            kr_doc_dispose(&doc);
            return KR_EINVALID;
        }
    }
    kr_diags_dispose(&local);
    const kr_node *rec = alone ? doc.roots[0] : kr_node_get(doc.roots[0], "shard");
    if (!rec || rec->kind != KR_NODE_MAP) {
        kr_diags_add(diags, KR_SEV_ERROR, path, &doc.roots[0]->span, "merge-input",
                     "this JSON report has no \"shard\" record: write it with "
                     "krewlint --shard I/N --format json");
        kr_doc_dispose(&doc);
        return KR_EINVALID;
    }
    unsigned long long idx = 0, total = 0, v = 0;
    bool ok = get_num(&x, kr_node_get(rec, "index"), KR_SHARD_MAX, &idx, "index") &&
              get_num(&x, kr_node_get(rec, "total"), KR_SHARD_MAX, &total, "total") &&
              get_str(&x, kr_node_get(rec, "version"), &out->version, "version") && out->version &&
              read_digest(&x, rec, "rules_digest", &out->rules_digest) &&
              read_digest(&x, rec, "config_digest", &out->config_digest) &&
              read_digest(&x, rec, "units_digest", &out->units_digest) &&
              get_size(&x, kr_node_get(rec, "units"), &out->units, "units");
    if (ok && (idx == 0 || total == 0 || idx > total)) {
        rerr(&x, kr_node_get(rec, "index"), "index must be 1 to total");
        ok = false;
    }
    out->spec.index = (unsigned)idx;
    out->spec.count = (unsigned)total;
    const kr_node *pol = ok ? kr_node_get(rec, "policy") : NULL;
    if (ok && (!pol || pol->kind != KR_NODE_MAP)) {
        rerr(&x, pol ? pol : rec, "policy");
        ok = false;
    }
    if (ok) {
        const kr_node *lang = kr_node_get(pol, "lang");
        if (kr_node_is_string(lang, "ja"))
            out->policy.lang = KR_LANG_JA;
        else if (kr_node_is_string(lang, "en"))
            out->policy.lang = KR_LANG_EN;
        else
            rerr(&x, lang ? lang : pol, "policy.lang is en or ja");
        ok = !x.failed && get_num(&x, kr_node_get(pol, "fail_on"), 3, &v, "policy.fail_on");
        out->policy.fail_on = (int)v;
        ok = ok && get_flag(&x, kr_node_get(pol, "fail_on_unknown"), &out->policy.fail_on_unknown) &&
             get_flag(&x, kr_node_get(pol, "exit_zero"), &out->policy.exit_zero) &&
             get_flag(&x, kr_node_get(pol, "changed_since"), &out->policy.changed_since);
    }
    kr_result *res = &out->result;
    ok = ok && get_size(&x, kr_node_get(rec, "files"), &res->files_scanned, "files") &&
         get_size(&x, kr_node_get(rec, "docs_parsed"), &res->docs_parsed, "docs_parsed") &&
         get_size(&x, kr_node_get(rec, "baselined_count"), &out->nbaselined, "baselined_count");
    const kr_node *sk = ok ? seq_of(&x, kr_node_get(rec, "skipped"), KR_SKIP_N, "skipped") : NULL;
    ok = ok && sk;
    for (int r = 0; ok && r < KR_SKIP_N; r++) {
        ok = get_size(&x, sk->items[r], &res->skipped[r], "a count");
        res->files_skipped += res->skipped[r];
    }
    ok = ok && read_findings(&x, rec, "findings", &res->findings) &&
         read_findings(&x, rec, "baselined", &out->baselined) &&
         read_findings(&x, rec, "disabled", &out->disabled);
    const kr_node *ds = ok ? seq_of(&x, kr_node_get(rec, "diagnostics"), 0, "diagnostics") : NULL;
    ok = ok && ds;
    for (size_t i = 0; ok && i < ds->nitems; i++)
        ok = read_diag(&x, ds->items[i], &res->diags);
    ok = ok && read_coverage(&x, rec, out);
    if (!ok && !x.failed)
        rerr(&x, rec, "a value is missing");
    kr_doc_dispose(&doc);
    return ok ? 0 : KR_EINVALID;
}

/* The record alone, where report/json.c writes it: the report's last key,
 * "\n  \"shard\": {" ... "\n  }" and then "\n}\n" ending the file. The
 * human-readable part before it is half of a report, and was three
 * quarters of a merge's instructions when parsed twice per file (10 copies of
 * the real-world corpus, bench/README.md). Only when the part before names no
 * "shard" (a second record is refused by the whole read). */
static bool record_slice(const char *data, size_t len, size_t *off, size_t *n)
{
    static const char key[] = "\n  \"shard\": {", tail[] = "\n  }\n}\n";
    size_t kl = sizeof key - 1, tl = sizeof tail - 1;
    if (len < kl + tl || memcmp(data + len - tl, tail, tl) != 0)
        return false;
    size_t at = len - tl - kl + 1; /* one past the last place the key can start */
    while (at-- > 0)
        if (memcmp(data + at, key, kl) == 0)
            break;
    if (at == (size_t)-1)
        return false;
    for (size_t i = 0; i + 7 <= at; i++)
        if (data[i] == '"' && memcmp(data + i, "\"shard\"", 7) == 0)
            return false;
    *off = at + kl - 1;             /* the record's '{' */
    *n = len - tl + 4 - *off;       /* through its closing "  }" */
    return true;
}

int kr_shard_read(kr_shard_input *out, const char *path, const char *data, size_t len,
                  const kr_ruleset *rules, kr_diags *diags)
{
    size_t off = 0, n = 0;
    if (record_slice(data, len, &off, &n)) {
        kr_shard_input fast;
        kr_shard_input_init(&fast);
        kr_diags quiet;
        kr_diags_init(&quiet);
        int rc = read_from(&fast, path, data + off, n, rules, &quiet, true);
        kr_diags_dispose(&quiet);
        if (rc == 0) {
            kr_shard_input_dispose(out);
            *out = fast;
            return 0;
        }
        kr_shard_input_dispose(&fast);
    }
    /* the whole file: its problems are reported where they are */
    return read_from(out, path, data, len, rules, diags, false);
}

/* ------------------------------------------------------------- merge --- */

int kr_shard_check(kr_shard_input *const *in, size_t n, const char *version,
                   uint64_t rules_digest, FILE *err)
{
    int rc = 0;
    if (n == 0) {
        fputs("krewlint: merge needs the JSON results of the shards\n", err);
        return -1;
    }
    unsigned total = in[0]->spec.count;
    for (size_t i = 0; i < n; i++) {
        const kr_shard_input *s = in[i];
        if (strcmp(s->version, in[0]->version) != 0) {
            fprintf(err, "krewlint: %s is from krewlint %s, %s from %s: shards must come from one "
                         "version\n", s->path, s->version, in[0]->path, in[0]->version);
            rc = -1;
        } else if (strcmp(s->version, version) != 0) {
            fprintf(err, "krewlint: %s is from krewlint %s; this merge is krewlint %s\n", s->path,
                    s->version, version);
            rc = -1;
        }
        if (s->spec.count != total) {
            fprintf(err, "krewlint: %s is shard %u/%u, %s is shard %u/%u: shards must come from "
                         "one split\n", s->path, s->spec.index, s->spec.count, in[0]->path,
                    in[0]->spec.index, total);
            rc = -1;
        }
        if (s->rules_digest != in[0]->rules_digest) {
            fprintf(err, "krewlint: %s and %s were scanned with different rules\n", in[0]->path,
                    s->path);
            rc = -1;
        } else if (s->rules_digest != rules_digest) {
            fprintf(err, "krewlint: %s was scanned with other rules than this merge loaded (give "
                         "merge the shards' --rules and configuration)\n", s->path);
            rc = -1;
        }
        if (s->config_digest != in[0]->config_digest)  {
            fprintf(err, "krewlint: %s and %s were scanned with different configurations or "
                         "options\n", in[0]->path, s->path);
            rc = -1;
        }
        if (s->units_digest != in[0]->units_digest) {
            fprintf(err, "krewlint: %s and %s scanned different trees (their units differ)\n",
                    in[0]->path, s->path);
            rc = -1;
        }
    }
    if (rc != 0)
        return rc;
    const char **seen = kr_xcalloc(total + 1, sizeof *seen);
    for (size_t i = 0; i < n; i++) {
        unsigned k = in[i]->spec.index;
        if (seen[k]) {
            fprintf(err, "krewlint: shard %u/%u is given twice (%s and %s)\n", k, total, seen[k],
                    in[i]->path);
            rc = -1;
        } else {
            seen[k] = in[i]->path;
        }
    }
    for (unsigned k = 1; k <= total; k++)
        if (!seen[k]) {
            fprintf(err, "krewlint: shard %u/%u is missing\n", k, total);
            rc = -1;
        }
    free(seen);
    return rc;
}

void kr_shard_merge(kr_result *out, kr_findings *baselined, kr_findings *disabled,
                    size_t *nbaselined, kr_shard_input *const *in, size_t n,
                    const kr_ruleset *rules)
{
    KR_ARRAY(cov_row) rows = {0};
    *nbaselined = 0;
    for (size_t i = 0; i < n; i++) {
        kr_result *r = &in[i]->result;
        kr_findings_take(&out->findings, &r->findings);
        kr_diags_take(&out->diags, &r->diags);
        kr_findings_take(baselined, &in[i]->baselined);
        kr_findings_take(disabled, &in[i]->disabled);
        *nbaselined += in[i]->nbaselined;
        out->files_scanned += r->files_scanned;
        out->docs_parsed += r->docs_parsed;
        out->files_skipped += r->files_skipped;
        for (int k = 0; k < KR_SKIP_N; k++)
            out->skipped[k] += r->skipped[k];
        for (size_t c = 0; c < r->coverage.len; c++)
            for (size_t f = 0; f < r->coverage.items[c].nfiles; f++)
                kr_array_push(&rows, ((cov_row){kr_xstrdup(r->coverage.items[c].files[f]),
                                                r->coverage.items[c].rule}));
    }
    kr_findings_sort(&out->findings);
    kr_diags_sort(&out->diags);
    kr_findings_sort(baselined);
    kr_findings_sort(disabled);
    build_coverage(&out->coverage, rules, rows.items, rows.len);
    for (size_t i = 0; i < rows.len; i++)
        free(rows.items[i].file);
    kr_array_dispose(&rows);
}
