/* attest.c - reads and checks `.krewlint/attestations.yml` (attest.h).
 *
 * The YAML goes through the document model (doc/yaml.c), so every value has
 * its position and the adapter's limits apply (depth, aliases, size). The
 * schema is checked completely: every problem becomes one diagnostic, and
 * an entry with a problem is dropped (the caller stops on errors anyway).
 */
#include "attest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "doc/doc.h"
#include "rules/rule.h"
#include "rules/value.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/fs.h"

#define CODE "invalid-attestation"

/* ------------------------------------------------------------- marks --- */

static const char *const MARK_SYMBOLS[] = {"", "○", "△", "×", "-"};
static const char *const MARK_NAMES[] = {"none", "done", "partial", "no", "na"};

const char *kr_mark_symbol(kr_mark m)
{
    return (unsigned)m <= KR_MARK_NA ? MARK_SYMBOLS[m] : "";
}

const char *kr_mark_name(kr_mark m)
{
    return (unsigned)m <= KR_MARK_NA ? MARK_NAMES[m] : "none";
}

int kr_mark_parse(kr_mark *out, const char *s, size_t len)
{
    static const struct {
        const char *text;
        kr_mark mark;
    } SPELLINGS[] = {
        {"○", KR_MARK_DONE},    {"◯", KR_MARK_DONE}, {"done", KR_MARK_DONE},
        {"△", KR_MARK_PARTIAL}, {"partial", KR_MARK_PARTIAL},
        {"×", KR_MARK_NO},      {"✕", KR_MARK_NO},   {"no", KR_MARK_NO},
        {"-", KR_MARK_NA},      {"na", KR_MARK_NA},  {"n/a", KR_MARK_NA},
    };
    for (size_t i = 0; i < sizeof SPELLINGS / sizeof SPELLINGS[0]; i++) {
        if (strlen(SPELLINGS[i].text) == len && memcmp(SPELLINGS[i].text, s, len) == 0) {
            *out = SPELLINGS[i].mark;
            return 0;
        }
    }
    return -1;
}

/* ------------------------------------------------------------ parsing --- */

/* parser - state of one kr_attest_parse call. */
typedef struct parser {
    kr_attestations *out;
    const char *path;
    const kr_catalog *cat;
    struct kr_diags *diags;
    int errors;
} parser;

static void err(parser *p, const kr_span *at, const char *fmt, ...) KR_PRINTF(3, 4);
static void err(parser *p, const kr_span *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_diags_vadd(p->diags, KR_SEV_ERROR, p->path, at, CODE, fmt, ap);
    va_end(ap);
    p->errors++;
}

static bool is_string(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING && !n->tag;
}

/* A scalar's text for a message, at most 60 bytes. */
static int shown(const kr_node *n)
{
    return n->text_len > 60 ? 60 : (int)n->text_len;
}

static const char *kind_word(const kr_node *n)
{
    switch (n->kind) {
    case KR_NODE_MAP: return "a mapping";
    case KR_NODE_SEQ: return "a list";
    case KR_NODE_EXPR: return "an expression";
    default: break;
    }
    switch (n->stype) {
    case KR_SCALAR_NULL: return "empty";
    case KR_SCALAR_BOOL: return "a boolean";
    case KR_SCALAR_INT:
    case KR_SCALAR_FLOAT: return "a number";
    default: return "a tagged value";
    }
}

static void att_dispose(kr_attestation *a)
{
    free(a->item);
    free(a->note_ja);
    free(a->note_en);
    for (size_t i = 0; i < a->nevidence; i++) free(a->evidence[i].text);
    free(a->evidence);
    free(a->owner);
    free(a->reviewed_text);
    free(a->interval_text);
}

/* A text field (note_ja, note_en, owner): a non-empty string. */
static char *text_field(parser *p, const kr_pair *kv, const char *item)
{
    const kr_node *v = kv->value;
    if (!is_string(v) && !(v->kind == KR_NODE_SCALAR && (v->stype == KR_SCALAR_INT || v->stype == KR_SCALAR_FLOAT))) {
        err(p, &v->span, "%s of %s must be a string, not %s", kv->key->text, item, kind_word(v));
        return NULL;
    }
    if (v->text_len == 0) {
        err(p, &v->span, "%s of %s is empty", kv->key->text, item);
        return NULL;
    }
    return kr_xstrndup(v->text, v->text_len);
}

static void evidence_one(parser *p, kr_attestation *a, const kr_node *v)
{
    if (!is_string(v)) {
        err(p, &v->span, "an evidence entry of %s must be a path or URL, not %s", a->item, kind_word(v));
        return;
    }
    const char *s = v->text;
    size_t n = v->text_len;
    if (n == 0) {
        err(p, &v->span, "an evidence entry of %s is empty", a->item);
        return;
    }
    bool url = (n > 7 && memcmp(s, "http://", 7) == 0) || (n > 8 && memcmp(s, "https://", 8) == 0);
    if (!url) {
        if (strstr(s, "://")) {
            err(p, &v->span, "evidence '%.*s' of %s: only http:// and https:// URLs are accepted", shown(v), s,
                a->item);
            return;
        }
        if (s[0] == '/') {
            err(p, &v->span, "evidence path '%.*s' of %s must be relative to the repository root", shown(v), s,
                a->item);
            return;
        }
        /* no ".." component: the evidence is in the repository */
        for (size_t i = 0; i < n; i++) {
            bool start = i == 0 || s[i - 1] == '/';
            if (start && i + 2 <= n && s[i] == '.' && s[i + 1] == '.' && (i + 2 == n || s[i + 2] == '/')) {
                err(p, &v->span, "evidence path '%.*s' of %s must stay inside the repository", shown(v), s,
                    a->item);
                return;
            }
        }
    }
    a->evidence = kr_xrealloc(a->evidence, (a->nevidence + 1) * sizeof *a->evidence);
    kr_evidence *e = &a->evidence[a->nevidence++];
    e->text = kr_xstrndup(s, n);
    e->is_url = url;
    e->span = v->span;
}

static void evidence_field(parser *p, kr_attestation *a, const kr_node *v)
{
    if (v->kind == KR_NODE_SEQ) {
        if (v->nitems == 0) err(p, &v->span, "evidence of %s is an empty list", a->item);
        for (size_t i = 0; i < v->nitems; i++) evidence_one(p, a, v->items[i]);
    } else {
        evidence_one(p, a, v);
    }
}

static const char *const ITEM_KEYS = "status, note_ja, note_en, evidence, owner, reviewed, interval";

/* One entry: `"1-2": {status: ..., ...}`. Returns 0 when it is valid. */
static int parse_entry(parser *p, const kr_pair *entry, kr_attestation *a)
{
    int before = p->errors;
    const kr_node *key = entry->key;
    const kr_node *body = entry->value;
    a->item = kr_xstrndup(key->text, key->text_len);
    a->item_span = key->span;
    if (!p->cat && !kr_catalog_number_ok(key->text, key->text_len)) {
        err(p, &key->span, "'%.*s' is not a checksheet item like 6-8 or 2-1-1", shown(key), key->text);
        return -1;
    }
    if (p->cat && !kr_catalog_find(p->cat, a->item)) {
        err(p, &key->span, "'%.*s' is not an item of the checksheet catalog", shown(key), key->text);
        return -1;
    }
    if (!body || body->kind != KR_NODE_MAP) {
        err(p, body ? &body->span : &key->span, "the attestation of %s must be a mapping (status, note_ja, ...), not %s",
            a->item, body ? kind_word(body) : "empty");
        return -1;
    }
    const kr_pair *status = NULL, *reviewed = NULL, *interval = NULL;
    for (size_t i = 0; i < body->npairs; i++) {
        const kr_pair *kv = &body->pairs[i];
        const char *k = kv->key->text;
        if (strcmp(k, "status") == 0) {
            status = kv;
        } else if (strcmp(k, "note_ja") == 0) {
            a->note_ja = text_field(p, kv, a->item);
        } else if (strcmp(k, "note_en") == 0) {
            a->note_en = text_field(p, kv, a->item);
        } else if (strcmp(k, "owner") == 0) {
            a->owner = text_field(p, kv, a->item);
        } else if (strcmp(k, "evidence") == 0) {
            evidence_field(p, a, kv->value);
        } else if (strcmp(k, "reviewed") == 0) {
            reviewed = kv;
        } else if (strcmp(k, "interval") == 0) {
            interval = kv;
        } else {
            err(p, &kv->key->span, "unknown key '%.*s' in the attestation of %s (expected %s)", shown(kv->key), k,
                a->item, ITEM_KEYS);
        }
    }
    if (!status) {
        err(p, &key->span, "the attestation of %s has no status", a->item);
    } else {
        const kr_node *v = status->value;
        a->status_span = v->span;
        if (v->kind != KR_NODE_SCALAR || !v->text || kr_mark_parse(&a->status, v->text, v->text_len) != 0) {
            if (v->kind == KR_NODE_SCALAR && v->text && v->text_len)
                err(p, &v->span, "status '%.*s' of %s is not one of ○ △ × - (or done, partial, no, na)", shown(v),
                    v->text, a->item);
            else
                err(p, &v->span, "status of %s must be one of ○ △ × - (or done, partial, no, na), not %s", a->item,
                    kind_word(v));
        }
    }
    if (reviewed) {
        const kr_node *v = reviewed->value;
        a->reviewed_span = v->span;
        if (v->kind != KR_NODE_SCALAR || !v->text || v->tag ||
            kr_date_parse(&a->reviewed_days, v->text, v->text_len) != 0) {
            if (v->kind == KR_NODE_SCALAR && v->text)
                err(p, &v->span, "reviewed '%.*s' of %s is not a date YYYY-MM-DD", shown(v), v->text, a->item);
            else
                err(p, &v->span, "reviewed of %s must be a date YYYY-MM-DD, not %s", a->item, kind_word(v));
        } else {
            a->has_reviewed = true;
            a->reviewed_text = kr_xstrndup(v->text, v->text_len);
        }
    }
    if (interval) {
        const kr_node *v = interval->value;
        a->interval_span = v->span;
        double secs = 0;
        if (v->kind != KR_NODE_SCALAR || !v->text || v->tag || v->stype == KR_SCALAR_NULL ||
            v->stype == KR_SCALAR_BOOL || kr_duration_parse(&secs, v->text, v->text_len, KR_UNIT_DAYS) != 0) {
            if (v->kind == KR_NODE_SCALAR && v->text && v->text_len)
                err(p, &v->span, "interval '%.*s' of %s is not a duration (e.g. 1 year, 12 months, P1Y)", shown(v),
                    v->text, a->item);
            else
                err(p, &v->span, "interval of %s must be a duration (e.g. 1 year, 12 months, P1Y), not %s", a->item,
                    kind_word(v));
        } else if (!(secs >= 86400.0) || secs > 100.0 * 366 * 86400) {
            err(p, &v->span, "interval '%.*s' of %s must be between 1 day and 100 years", shown(v), v->text, a->item);
        } else {
            a->has_interval = true;
            a->interval_days = (long)(secs / 86400.0);
            a->interval_text = kr_xstrndup(v->text, v->text_len);
        }
        if (!reviewed) err(p, &interval->key->span, "interval of %s needs a reviewed date", a->item);
    }
    return p->errors == before ? 0 : -1;
}

static int cmp_att(const void *pa, const void *pb)
{
    const kr_attestation *a = pa, *b = pb;
    return kr_catalog_number_cmp(a->item, b->item);
}

static void parse_root(parser *p, const kr_node *root)
{
    if (!root || (root->kind == KR_NODE_SCALAR && root->stype == KR_SCALAR_NULL)) return; /* empty file */
    if (root->kind != KR_NODE_MAP) {
        err(p, &root->span, "the attestation file must be a mapping with an 'attestations' key, not %s",
            kind_word(root));
        return;
    }
    const kr_pair *list = NULL;
    for (size_t i = 0; i < root->npairs; i++) {
        const kr_pair *kv = &root->pairs[i];
        if (strcmp(kv->key->text, "attestations") == 0) {
            list = kv;
        } else if (strcmp(kv->key->text, "version") == 0) {
            const kr_node *v = kv->value;
            if (!(v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_INT && v->v.i == 1))
                err(p, &v->span, "version must be 1");
        } else {
            err(p, &kv->key->span, "unknown key '%.*s' (expected version or attestations)", shown(kv->key),
                kv->key->text);
        }
    }
    if (!list) {
        err(p, &root->span, "the attestation file has no 'attestations' key");
        return;
    }
    const kr_node *m = list->value;
    if (m->kind == KR_NODE_SCALAR && m->stype == KR_SCALAR_NULL) return;
    if (m->kind != KR_NODE_MAP) {
        err(p, &m->span, "'attestations' must map checksheet items (\"1-2\") to attestations, not %s", kind_word(m));
        return;
    }
    for (size_t i = 0; i < m->npairs; i++) {
        kr_attestation a;
        memset(&a, 0, sizeof a);
        if (parse_entry(p, &m->pairs[i], &a) == 0) {
            p->out->items = kr_xrealloc(p->out->items, (p->out->len + 1) * sizeof *p->out->items);
            p->out->items[p->out->len++] = a;
        } else {
            att_dispose(&a);
        }
    }
    if (p->out->len > 1) qsort(p->out->items, p->out->len, sizeof *p->out->items, cmp_att);
}

int kr_attest_parse(kr_attestations *self, const char *path, const char *data, size_t len,
                    const kr_catalog *cat, const char *root, struct kr_diags *diags)
{
    parser p = {self, path ? path : "", cat, diags, 0};
    free(self->file);
    free(self->root);
    self->file = kr_xstrdup(p.path);
    self->root = kr_xstrdup(root && *root ? root : ".");
    free(self->source);
    self->source = kr_xstrndup(data ? data : "", data ? len : 0);
    self->source_len = data ? len : 0;
    kr_doc doc;
    kr_doc_init(&doc, p.path, data, len);
    kr_diags yd;
    kr_diags_init(&yd);
    int rc = kr_doc_parse_yaml(&doc, &yd);
    /* the adapter's warnings (duplicate keys) are errors here: an item
     * written twice has no single answer */
    for (size_t i = 0; i < yd.len; i++) {
        const kr_diag *d = &yd.items[i];
        kr_diags_add(diags, KR_SEV_ERROR, d->file, d->has_pos ? &d->span : NULL, d->code, "%s", d->message);
        p.errors++;
    }
    kr_diags_dispose(&yd);
    if (rc == 0) {
        if (doc.nroots > 1)
            err(&p, &doc.roots[1]->span, "the attestation file must hold one YAML document");
        else if (doc.nroots == 1)
            parse_root(&p, doc.roots[0]);
    }
    kr_doc_dispose(&doc);
    if (rc != 0) return rc;
    return p.errors ? KR_EINVALID : 0;
}

int kr_attest_load(kr_attestations *self, const char *path, const kr_catalog *cat, const char *root,
                   struct kr_diags *diags)
{
    struct stat st;
    if (stat(path, &st) != 0) return KR_ENOTFOUND;
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc = kr_fs_read(&data, &len, path, &why);
    if (rc != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the attestations: %s",
                     why ? why : "too large");
        return KR_EIO;
    }
    rc = kr_attest_parse(self, path, data, len, cat, root, diags);
    free(data);
    return rc;
}

void kr_attest_init(kr_attestations *self)
{
    memset(self, 0, sizeof *self);
}

static void rule_free(kr_rule *r)
{
    free(r->id);
    free(r->control);
    free(r->title.en);
    free(r->title.ja);
    free(r->message.en);
    free(r->message.ja);
    free(r->remediation.en);
    free(r->remediation.ja);
    free(r->file);
    free(r);
}

void kr_attest_dispose(kr_attestations *self)
{
    for (size_t i = 0; i < self->len; i++) att_dispose(&self->items[i]);
    free(self->items);
    for (size_t i = 0; i < self->nrules; i++) rule_free(self->rules[i]);
    free(self->rules);
    free(self->file);
    free(self->root);
    free(self->source);
    kr_attest_init(self);
}

const kr_attestation *kr_attest_find(const kr_attestations *self, const char *item)
{
    if (!self || !item) return NULL;
    for (size_t i = 0; i < self->len; i++)
        if (strcmp(self->items[i].item, item) == 0) return &self->items[i];
    return NULL;
}

/* ------------------------------------------------------------- checks --- */

/* check_def - the three checks' fixed texts. */
typedef struct check_def {
    const char *id;
    kr_severity severity;
    const char *title_en, *title_ja, *fix_en, *fix_ja;
} check_def;

static const check_def OVERDUE = {
    KR_ATTEST_OVERDUE, KR_SEV_WARNING, "An attestation's review is overdue", "証跡の見直し期限を過ぎています",
    "Review the item, then update `reviewed` in .krewlint/attestations.yml.",
    "項目を見直し、.krewlint/attestations.yml の reviewed を更新してください。"};
static const check_def MISSING = {
    KR_ATTEST_EVIDENCE_MISSING, KR_SEV_ERROR, "An attestation's evidence is missing",
    "証跡の根拠ファイルがありません", "Add the document to the repository, or correct the path.",
    "文書をリポジトリに追加するか、パスを修正してください。"};
static const check_def CONTRADICTED = {
    KR_ATTEST_CONTRADICTED, KR_SEV_ERROR, "An attestation claims ○ but the item's rules fail",
    "○ と記入された項目の自動検査が失敗しています",
    "Fix the failing configuration, or change the attestation's status.",
    "失敗している設定を修正するか、証跡の実施有無を見直してください。"};

/* The rule object for (check, item), made once and owned by self. */
static const kr_rule *rule_for(kr_attestations *self, const check_def *c, const char *item)
{
    for (size_t i = 0; i < self->nrules; i++)
        if (strcmp(self->rules[i]->id, c->id) == 0 && strcmp(self->rules[i]->control, item) == 0)
            return self->rules[i];
    kr_rule *r = kr_xcalloc(1, sizeof *r);
    r->id = kr_xstrdup(c->id);
    r->control = kr_xstrdup(item);
    r->severity = c->severity;
    r->title.en = kr_xstrdup(c->title_en);
    r->title.ja = kr_xstrdup(c->title_ja);
    r->message.en = kr_xstrdup(c->title_en);
    r->message.ja = kr_xstrdup(c->title_ja);
    r->remediation.en = kr_xstrdup(c->fix_en);
    r->remediation.ja = kr_xstrdup(c->fix_ja);
    r->file = kr_xstrdup("(builtin)");
    self->rules = kr_xrealloc(self->rules, (self->nrules + 1) * sizeof *self->rules);
    self->rules[self->nrules++] = r;
    return r;
}

/* The source line at a span's start (NULL when unknown). */
static char *line_text(const char *data, size_t len, const kr_span *s)
{
    if (!data || s->start.byte > len) return NULL;
    size_t b = s->start.byte - (s->start.byte >= s->start.col ? s->start.col : s->start.byte);
    size_t e = b;
    while (e < len && data[e] != '\n' && data[e] != '\r') e++;
    return kr_xstrndup(data + b, e - b);
}

/* check_ctx - what the checks share. */
typedef struct check_ctx {
    kr_attestations *self;
    const kr_attest_check_options *o;
    kr_findings *out;
    const char *data;  /* the attestation file, for snippets; may be NULL */
    size_t len;
} check_ctx;

static void emit(check_ctx *x, const check_def *c, const char *item, const kr_span *at, kr_buf *msg)
{
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule_for(x->self, c, item);
    f.file = kr_xstrdup(x->self->file);
    f.span = *at;
    f.severity = c->severity;
    f.message = kr_xstrdup(kr_buf_cstr(msg));
    f.snippet = line_text(x->data, x->len, at);
    kr_findings_push(x->out, &f);
}

static bool path_exists(const char *root, const char *rel)
{
    kr_buf p;
    kr_buf_init(&p, 0);
    if (root && *root && strcmp(root, ".") != 0) {
        kr_buf_puts(&p, root);
        if (p.len && p.ptr[p.len - 1] != '/') kr_buf_putc(&p, '/');
    }
    /* a fragment (docs/x.md#section) names a part of the file */
    const char *hash = strchr(rel, '#');
    kr_buf_put(&p, rel, hash ? (size_t)(hash - rel) : strlen(rel));
    struct stat st;
    bool ok = stat(kr_buf_cstr(&p), &st) == 0;
    kr_buf_dispose(&p);
    return ok;
}

/* path without a leading "./" and, when it lies under root, relative to it. */
static const char *rel_to_root(const char *root, const char *path)
{
    while (path[0] == '.' && path[1] == '/') path += 2;
    if (!root) return path;
    while (root[0] == '.' && root[1] == '/') root += 2;
    size_t n = strlen(root);
    while (n > 0 && root[n - 1] == '/') n--;
    if (n == 0 || (n == 1 && root[0] == '.')) return path;
    if (strncmp(path, root, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

/* Up to 5 "file:line [RULE]" of the scan's failing findings for item. */
static size_t put_failures(kr_buf *b, const kr_findings *scan, const kr_catalog *cat, const char *root,
                           const char *item)
{
    size_t n = 0;
    const kr_catalog_item *ci = kr_catalog_find(cat, item);
    for (size_t i = 0; scan && i < scan->len; i++) {
        const kr_finding *f = &scan->items[i];
        if (f->unknown || !f->rule || !f->rule->id) continue;
        bool mine = f->rule->control && strcmp(f->rule->control, item) == 0;
        for (size_t k = 0; ci && !mine && k < ci->nrules; k++) mine = strcmp(ci->rules[k], f->rule->id) == 0;
        if (!mine) continue;
        if (n < 5) kr_buf_printf(b, "%s%s:%u [%s]", n ? ", " : "", rel_to_root(root, f->file), f->span.start.line + 1,
                          f->rule->id);
        n++;
    }
    if (n > 5) kr_buf_printf(b, ", +%zu", n - 5);
    return n;
}

void kr_attest_check(kr_attestations *self, const kr_attest_check_options *opts, kr_findings *out)
{
    check_ctx x = {self, opts, out, self->source, self->source_len};
    bool ja = opts->lang == KR_LANG_JA;
    kr_buf msg;
    kr_buf_init(&msg, 64 * 1024);
    for (size_t i = 0; i < self->len; i++) {
        const kr_attestation *a = &self->items[i];
        if (a->has_reviewed && a->has_interval && opts->today > a->reviewed_days + a->interval_days) {
            char due[16];
            kr_date_format(due, sizeof due, a->reviewed_days + a->interval_days);
            kr_buf_clear(&msg);
            if (ja)
                kr_buf_printf(&msg, "%s の見直し期限を過ぎています（最終見直し %s、間隔 %s、期限 %s）", a->item,
                              a->reviewed_text, a->interval_text, due);
            else
                kr_buf_printf(&msg, "the review of %s is overdue: last reviewed %s, every %s, due %s", a->item,
                              a->reviewed_text, a->interval_text, due);
            emit(&x, &OVERDUE, a->item, &a->reviewed_span, &msg);
        }
        for (size_t k = 0; k < a->nevidence; k++) {
            const kr_evidence *e = &a->evidence[k];
            if (e->is_url || path_exists(self->root, e->text)) continue;
            kr_buf_clear(&msg);
            if (ja)
                kr_buf_printf(&msg, "%s の根拠 %s がリポジトリにありません", a->item, e->text);
            else
                kr_buf_printf(&msg, "evidence %s of %s does not exist in the repository", e->text, a->item);
            emit(&x, &MISSING, a->item, &e->span, &msg);
        }
        if (a->status == KR_MARK_DONE) {
            kr_buf fails;
            kr_buf_init(&fails, 0);
            if (put_failures(&fails, opts->scan, opts->catalog, self->root, a->item) > 0) {
                kr_buf_clear(&msg);
                if (ja)
                    kr_buf_printf(&msg, "%s は ○ と記入されていますが、自動検査が失敗しています: %s", a->item,
                                  kr_buf_cstr(&fails));
                else
                    kr_buf_printf(&msg, "%s is attested ○ but its rules fail: %s", a->item, kr_buf_cstr(&fails));
                emit(&x, &CONTRADICTED, a->item, &a->status_span, &msg);
            }
            kr_buf_dispose(&fails);
        }
    }
    kr_buf_dispose(&msg);
}
