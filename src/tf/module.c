/* module.c - variables, tfvars, locals and the in-place resolution of one
 * Terraform module (see module.h).
 */
#include "tf/module.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf/expr.h"
#include "tf/policy.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

/* Longest value or expression text put into a trace note. */
#define NOTE_MAX 80u

/* tf_var - one input variable: its declaration and its value. */
typedef struct tf_var {
    const char *name;
    const kr_doc *doc;          /* where it is declared */
    const kr_node *key;         /* the label, for the declaration's place */
    const kr_node *body;
    const kr_node *value;       /* with its origin; an unknown with the reason */
} tf_var;

/* tf_local - one local value, evaluated on first use. */
typedef struct tf_local {
    const char *name;
    const kr_doc *doc;
    const kr_pair *pair;
    int state;                  /* 0 not yet, 1 being evaluated, 2 done */
    const kr_node *value;
    struct tf_local *dup;       /* the first definition when this repeats it */
} tf_local;

/* tf_varfile - a tfvars file read for the module (owned bytes and doc). */
typedef struct tf_varfile {
    char *path;
    char *data;
    kr_doc doc;
    bool parsed;
} tf_varfile;

/* tf_iter - the iterator of a dynamic block being expanded (`ingress` or
 * its `iterator = name`): NAME.key and NAME.value of the current element. */
typedef struct tf_iter {
    const char *name;
    const kr_node *key;
    const kr_node *value;
} tf_iter;

/* tf_possible - a block with an unknown count or for_each, evaluated once
 * as a possible instance: its address ("aws_x.y", "module.m") in doc path
 * `file`, and why Terraform cannot tell how many instances there are. */
typedef struct tf_possible {
    const char *file;
    const char *address;
    const char *why;
} tf_possible;

struct kr_tf_module {
    kr_arena *arena;
    KR_ARRAY(tf_var) vars;
    KR_ARRAY(tf_local) locals;
    KR_ARRAY(tf_varfile *) files;
    KR_ARRAY(tf_local *) stack;   /* locals being evaluated (cycle check) */
    kr_doc *docs;
    size_t ndocs;
    kr_diags *const *diags;
    kr_diags *other;
    const char *dir;
    const char *workspace;
    const kr_doc *cur;            /* the doc whose expression is evaluated */
    /* the instance being resolved (count/for_each, tf_expand): NULL outside
     * one, so count.index / each.* there are unknown with the reason */
    const kr_node *count_index;
    const kr_node *each_key, *each_value;
    const char *no_instance;      /* why count.* / each.* are unknown here */
    KR_ARRAY(tf_iter) iters;      /* dynamic blocks being expanded, innermost last */
    KR_ARRAY(tf_possible) possible; /* blocks evaluated once as possible instances */
};

kr_tf_module *kr_tf_module_new(void)
{
    kr_tf_module *m = kr_xcalloc(1, sizeof *m);
    m->arena = kr_arena_new();
    return m;
}

void kr_tf_module_free(kr_tf_module *self)
{
    if (!self) return;
    for (size_t i = 0; i < self->files.len; i++) {
        tf_varfile *f = self->files.items[i];
        kr_doc_dispose(&f->doc);
        free(f->data);
        free(f->path);
        free(f);
    }
    kr_array_dispose(&self->files);
    kr_array_dispose(&self->vars);
    kr_array_dispose(&self->locals);
    kr_array_dispose(&self->stack);
    kr_array_dispose(&self->iters);
    kr_array_dispose(&self->possible);
    kr_arena_free(self->arena);
    free(self);
}

/* ---- helpers -------------------------------------------------------------- */

/* Values are immutable once built; the tree types want non-const children. */
static kr_node *mut(const kr_node *n)
{
    union { const kr_node *c; kr_node *m; } u = {n};
    return u.m;
}

static kr_diags *diags_of(kr_tf_module *m, const kr_doc *d)
{
    for (size_t k = 0; k < m->ndocs; k++)
        if (&m->docs[k] == d) return m->diags ? m->diags[k] : NULL;
    return m->other;
}

static const char *scalar_text(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING ? n->text : NULL;
}

/* The first line of text, clipped, for a note. */
static void put_short(kr_buf *b, const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] != '\n' && s[k] != '\r' && k < NOTE_MAX) k++;
    while (k > 0 && k < n && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    kr_buf_put(b, s, k);
    if (k < n) kr_buf_puts(b, "\xE2\x80\xA6");
}

static void put_value_text(kr_buf *b, const kr_node *v)
{
    if (!v) return;
    if (v->kind == KR_NODE_MAP) kr_buf_puts(b, "{...}");
    else if (v->kind == KR_NODE_SEQ) kr_buf_puts(b, "[...]");
    else if (v->kind == KR_NODE_SCALAR && v->stype == KR_SCALAR_STRING) {
        kr_buf_putc(b, '"');
        put_short(b, v->text, v->text_len);
        kr_buf_putc(b, '"');
    } else if (v->text) {
        put_short(b, v->text, v->text_len);
    }
}

static const char *note_of(kr_tf_module *m, const char *lhs, const kr_node *v)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, lhs);
    kr_buf_puts(&b, " = ");
    put_value_text(&b, v);
    const char *s = kr_arena_strdup(m->arena, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    return s;
}

static kr_origin *new_origin(kr_tf_module *m, const kr_doc *d, kr_span span, const char *note)
{
    kr_origin *o = kr_arena_alloc(m->arena, sizeof *o);
    o->file = d ? d->path : NULL;
    o->src = d ? d->data : NULL;
    o->src_len = d ? d->len : 0;
    o->span = span;
    o->note = note;
    return o;
}

/* A copy of chain o with `last` appended. */
static const kr_origin *chain_append(kr_tf_module *m, const kr_origin *o, const kr_origin *last)
{
    if (!o) return last;
    kr_origin *c = kr_arena_alloc(m->arena, sizeof *c);
    *c = *o;
    c->next = chain_append(m, o->next, last);
    return c;
}

/* A value written in doc d (spans are d's): every node gets an origin at its
 * own place, the top one with `note`. */
static kr_node *placed(kr_tf_module *m, const kr_doc *d, const kr_node *v, const char *note,
                       unsigned depth)
{
    kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
    *c = *v;
    c->origin = new_origin(m, d, v->span, note);
    if (depth >= KR_MAX_DEPTH) return c;
    if (v->kind == KR_NODE_MAP && v->npairs) {
        c->pairs = kr_arena_alloc(m->arena, sizeof(*c->pairs) * v->npairs);
        for (size_t i = 0; i < v->npairs; i++) {
            c->pairs[i].key = v->pairs[i].key;
            c->pairs[i].value = placed(m, d, v->pairs[i].value, NULL, depth + 1);
        }
    } else if (v->kind == KR_NODE_SEQ && v->nitems) {
        c->items = kr_arena_alloc(m->arena, sizeof(*c->items) * v->nitems);
        for (size_t i = 0; i < v->nitems; i++) c->items[i] = placed(m, d, v->items[i], NULL, depth + 1);
    }
    return c;
}

/* A value used at `span` of doc d (a resource attribute, a local): nodes
 * with an origin get the step appended; nodes built from literals of the
 * expression itself take the span (and, with `own`, an origin there). */
static kr_node *used_at(kr_tf_module *m, const kr_doc *d, const kr_node *v, kr_span span,
                        const char *note, bool own, unsigned depth)
{
    kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
    *c = *v;
    c->span = span;
    if (v->origin) c->origin = chain_append(m, v->origin, new_origin(m, d, span, note));
    else if (own) c->origin = new_origin(m, d, span, note);
    if (depth >= KR_MAX_DEPTH) return c;
    if (v->kind == KR_NODE_MAP && v->npairs) {
        c->pairs = kr_arena_alloc(m->arena, sizeof(*c->pairs) * v->npairs);
        for (size_t i = 0; i < v->npairs; i++) {
            c->pairs[i].key = v->pairs[i].key;
            c->pairs[i].value = used_at(m, d, v->pairs[i].value, span, NULL, own, depth + 1);
        }
    } else if (v->kind == KR_NODE_SEQ && v->nitems) {
        c->items = kr_arena_alloc(m->arena, sizeof(*c->items) * v->nitems);
        for (size_t i = 0; i < v->nitems; i++)
            c->items[i] = used_at(m, d, v->items[i], span, NULL, own, depth + 1);
    }
    return c;
}

/* An unknown with its reason, placed at `span` of d. */
static kr_node *unknown_at(kr_tf_module *m, const kr_doc *d, kr_span span, const char *why)
{
    kr_node *u = kr_node_new(m->arena, KR_NODE_EXPR, span);
    u->text = "";
    u->origin = new_origin(m, d, span, kr_arena_strdup(m->arena, why));
    return u;
}

/* ---- references ----------------------------------------------------------- */

static const kr_node *eval_in(kr_tf_module *m, const kr_doc *d, const char *text, size_t len);

static const kr_node *local_value(kr_tf_module *m, tf_local *l)
{
    if (l->state == 2) return l->value;
    if (l->state == 1) {
        /* a cycle: the locals on the stack from l to the top */
        kr_buf b;
        kr_buf_init(&b, 0);
        size_t from = 0;
        for (size_t i = 0; i < m->stack.len; i++)
            if (m->stack.items[i] == l) from = i;
        kr_buf_printf(&b, "local.%s", l->name);
        for (size_t i = from + 1; i < m->stack.len; i++) kr_buf_printf(&b, " -> local.%s", m->stack.items[i]->name);
        kr_buf_printf(&b, " -> local.%s", l->name);
        const tf_local *other = m->stack.items[m->stack.len - 1];
        kr_diags *dg = diags_of(m, l->doc);
        if (dg)
            kr_diags_add(dg, KR_SEV_WARNING, l->doc->path, &l->pair->key->span, "terraform-cycle",
                         "locals refer to each other: %s (local.%s is at %s:%lu:%lu); their values "
                         "stay unknown", kr_buf_cstr(&b), other->name, other->doc->path,
                         (unsigned long)other->pair->key->span.start.line + 1,
                         (unsigned long)other->pair->key->span.start.col + 1);
        char why[512];
        snprintf(why, sizeof why, "local.%s is part of a cycle (%s)", l->name, kr_buf_cstr(&b));
        kr_buf_dispose(&b);
        return unknown_at(m, l->doc, l->pair->key->span, why);
    }
    if (l->dup) {
        l->state = 2;
        char why[256];
        snprintf(why, sizeof why, "local.%s is defined twice", l->name);
        l->value = unknown_at(m, l->doc, l->pair->key->span, why);
        return l->value;
    }
    l->state = 1;
    kr_array_push(&m->stack, l);
    const kr_node *v = l->pair->value;
    char lhs[300];
    snprintf(lhs, sizeof lhs, "local.%s", l->name);
    const kr_node *r;
    if (v->kind == KR_NODE_EXPR) {
        const kr_doc *saved = m->cur;
        r = eval_in(m, l->doc, v->text, v->text_len);
        m->cur = saved;
        if (!kr_tf_is_unknown(r)) {
            kr_buf nb;
            kr_buf_init(&nb, 0);
            kr_buf_printf(&nb, "%s = ", lhs);
            put_short(&nb, v->text, v->text_len);
            const char *note = kr_arena_strdup(m->arena, kr_buf_cstr(&nb));
            kr_buf_dispose(&nb);
            r = used_at(m, l->doc, r, v->span, note, true, 0);
        }
    } else {
        r = placed(m, l->doc, v, note_of(m, lhs, v), 0);
    }
    m->stack.len--;
    if (l->state == 1) {
        l->state = 2;
        l->value = r;
    }
    return l->value;
}

static const kr_node *lookup(void *payload, const char *root, const char *name)
{
    kr_tf_module *m = payload;
    if (strcmp(root, "var") == 0) {
        for (size_t i = 0; i < m->vars.len; i++)
            if (strcmp(m->vars.items[i].name, name) == 0) return m->vars.items[i].value;
        return kr_tf_unknown(m->arena, "var.%s is not declared in this module", name);
    }
    if (strcmp(root, "local") == 0) {
        for (size_t i = 0; i < m->locals.len; i++)
            if (strcmp(m->locals.items[i].name, name) == 0 && !m->locals.items[i].dup)
                return local_value(m, &m->locals.items[i]);
        return kr_tf_unknown(m->arena, "local.%s is not defined in this module", name);
    }
    if (strcmp(root, "terraform") == 0 && strcmp(name, "workspace") == 0) {
        const char *w = m->workspace ? m->workspace : "default";
        return kr_node_new_scalar(m->arena, KR_SCALAR_STRING, w, strlen(w), (kr_span){0});
    }
    if (strcmp(root, "path") == 0 && (strcmp(name, "module") == 0 || strcmp(name, "root") == 0 ||
                                      strcmp(name, "cwd") == 0)) {
        const char *p = m->dir && m->dir[0] ? m->dir : ".";
        return kr_node_new_scalar(m->arena, KR_SCALAR_STRING, p, strlen(p), (kr_span){0});
    }
    for (size_t i = m->iters.len; i-- > 0;) {
        const tf_iter *it = &m->iters.items[i];
        if (strcmp(root, it->name) != 0) continue;
        if (strcmp(name, "key") == 0) return it->key;
        if (strcmp(name, "value") == 0) return it->value;
        return kr_tf_unknown(m->arena, "%s.%s: a dynamic block's iterator has only key and value",
                             root, name);
    }
    if (strcmp(root, "count") == 0) {
        if (m->count_index && strcmp(name, "index") == 0) return m->count_index;
        return kr_tf_unknown(m->arena, "count.%s %s", name,
                             m->no_instance ? m->no_instance : "is used outside a block with count");
    }
    if (strcmp(root, "each") == 0) {
        if (m->each_key && strcmp(name, "key") == 0) return m->each_key;
        if (m->each_value && strcmp(name, "value") == 0) return m->each_value;
        return kr_tf_unknown(m->arena, "each.%s %s", name,
                             m->no_instance ? m->no_instance : "is used outside a block with for_each");
    }
    return NULL; /* resources, data sources, modules: not followed here */
}

static const kr_node *eval_in(kr_tf_module *m, const kr_doc *d, const char *text, size_t len)
{
    m->cur = d;
    kr_tf_eval ev = {.arena = m->arena, .lookup = lookup, .payload = m, .dir = m->dir};
    return kr_tf_expr_eval(&ev, text, len);
}

/* ---- variables ------------------------------------------------------------ */

/* Converts v to the variable's primitive type the way Terraform does; an
 * impossible conversion is an unknown with the reason. */
static const kr_node *convert(kr_tf_module *m, const tf_var *var, const kr_node *v)
{
    const kr_node *t = kr_node_get(var->body, "type");
    if (!t || !t->text || kr_tf_is_unknown(v) || v->kind != KR_NODE_SCALAR || v->stype == KR_SCALAR_NULL)
        return v;
    const char *ty = t->text;
    kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
    *c = *v;
    if (strcmp(ty, "number") == 0) {
        double d;
        if (kr_tf_to_number(&d, v) != 0)
            return kr_tf_unknown(m->arena, "var.%s = %s is not a number", var->name, v->text);
        if (v->stype == KR_SCALAR_STRING) {
            bool whole = d == (double)(int64_t)d;
            c->stype = whole ? KR_SCALAR_INT : KR_SCALAR_FLOAT;
            if (whole) c->v.i = (int64_t)d;
            else c->v.f = d;
        }
        return c;
    }
    if (strcmp(ty, "string") == 0) {
        c->stype = KR_SCALAR_STRING;
        return c;
    }
    if (strcmp(ty, "bool") == 0) {
        if (v->stype == KR_SCALAR_BOOL) return v;
        if (v->stype == KR_SCALAR_STRING && (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0)) {
            c->stype = KR_SCALAR_BOOL;
            c->v.b = v->text[0] == 't';
            return c;
        }
        return kr_tf_unknown(m->arena, "var.%s = %s is not a bool", var->name, v->text);
    }
    return v;
}

static tf_var *find_var(kr_tf_module *m, const char *name)
{
    for (size_t i = 0; i < m->vars.len; i++)
        if (strcmp(m->vars.items[i].name, name) == 0) return &m->vars.items[i];
    return NULL;
}

/* Sets a variable from a value written in doc d (a tfvars file). */
static void assign(kr_tf_module *m, const kr_doc *d, const char *name, const kr_node *v, const char *where)
{
    tf_var *var = find_var(m, name);
    if (!var) return; /* Terraform warns about undeclared values; not a finding */
    char lhs[300];
    snprintf(lhs, sizeof lhs, "var.%s", name);
    const kr_node *val;
    if (v->kind == KR_NODE_EXPR) {
        /* tfvars hold constant expressions: no references */
        kr_tf_eval ev = {.arena = m->arena, .dir = m->dir};
        val = kr_tf_expr_eval(&ev, v->text, v->text_len);
        if (!kr_tf_is_unknown(val)) {
            kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
            *c = *val;
            c->span = v->span;
            val = placed(m, d, c, NULL, 0);
        }
    } else {
        val = v;
    }
    if (!kr_tf_is_unknown(val)) {
        kr_buf nb;
        kr_buf_init(&nb, 0);
        kr_buf_printf(&nb, "%s = ", lhs);
        put_value_text(&nb, val);
        kr_buf_printf(&nb, " (%s)", where);
        const char *note = kr_arena_strdup(m->arena, kr_buf_cstr(&nb));
        kr_buf_dispose(&nb);
        val = placed(m, d, val, note, 0);
    }
    const kr_node *nullable = kr_node_get(var->body, "nullable");
    bool is_null = val->kind == KR_NODE_SCALAR && val->stype == KR_SCALAR_NULL;
    if (is_null && nullable && nullable->kind == KR_NODE_SCALAR && nullable->stype == KR_SCALAR_BOOL &&
        !nullable->v.b)
        return; /* nullable = false: null keeps the default */
    var->value = convert(m, var, val);
}

static void read_varfile(kr_tf_module *m, const char *path, bool named)
{
    if (m->files.len >= KR_TF_MAX_VAR_FILES) {
        if (m->other)
            kr_diags_add(m->other, KR_SEV_WARNING, path, NULL, "limit",
                         "more than %u tfvars files for one module; this one is not read",
                         KR_TF_MAX_VAR_FILES);
        return;
    }
    tf_varfile *f = kr_xcalloc(1, sizeof *f);
    f->path = kr_xstrdup(path);
    size_t len = 0;
    const char *err = NULL;
    if (kr_fs_read(&f->data, &len, path, &err) != 0) {
        if (named && m->other)
            kr_diags_add(m->other, KR_SEV_ERROR, path, NULL, "io-error", "%s",
                         err ? err : "the file could not be read");
        free(f->path);
        free(f);
        return;
    }
    kr_doc_init(&f->doc, f->path, f->data, len);
    size_t n = strlen(path);
    bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
    f->parsed = (json ? kr_doc_parse_yaml(&f->doc, m->other) : kr_doc_parse_hcl(&f->doc, m->other)) == 0;
    kr_array_push(&m->files, f);
    if (!f->parsed || f->doc.nroots == 0 || !f->doc.roots[0] || f->doc.roots[0]->kind != KR_NODE_MAP) return;
    const kr_node *root = f->doc.roots[0];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < root->npairs; i++) {
        const char *name = scalar_text(root->pairs[i].key);
        if (name) assign(m, &f->doc, name, root->pairs[i].value, base);
    }
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = kr_xmalloc(dl + nl + 2);
    if (dl) {
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + 1, name, nl + 1);
    } else {
        memcpy(p, name, nl + 1);
    }
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static void read_tfvars(kr_tf_module *m, const kr_tf_options *opts)
{
    static const char *const fixed[] = {"terraform.tfvars", "terraform.tfvars.json"};
    for (size_t i = 0; i < 2; i++) {
        char *p = join_path(m->dir, fixed[i]);
        FILE *probe = fopen(p, "rb");
        if (probe) {
            fclose(probe);
            read_varfile(m, p, false);
        }
        free(p);
    }
    KR_ARRAY(char *) autos = {0};
    DIR *d = opendir(m->dir[0] ? m->dir : ".");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (e->d_name[0] != '.' && (ends_with(e->d_name, ".auto.tfvars") || ends_with(e->d_name, ".auto.tfvars.json")))
                kr_array_push(&autos, kr_xstrdup(e->d_name));
        closedir(d);
    }
    if (autos.len > 1) qsort(autos.items, autos.len, sizeof(*autos.items), cmp_cstr);
    for (size_t i = 0; i < autos.len; i++) {
        char *p = join_path(m->dir, autos.items[i]);
        read_varfile(m, p, false);
        free(p);
        free(autos.items[i]);
    }
    kr_array_dispose(&autos);
    if (!opts) return;
    for (size_t i = 0; i < opts->nvar_files; i++) read_varfile(m, opts->var_files[i], true);
    for (size_t i = 0; i < opts->nvars; i++) {
        const char *eq = strchr(opts->vars[i], '=');
        if (!eq) continue;
        char *name = kr_xstrndup(opts->vars[i], (size_t)(eq - opts->vars[i]));
        tf_var *var = find_var(m, name);
        if (var) {
            const char *val = eq + 1;
            const kr_node *t = kr_node_get(var->body, "type");
            kr_node *v = NULL;
            if (!t || !t->text || strcmp(t->text, "string") == 0 || strcmp(t->text, "number") == 0 ||
                strcmp(t->text, "bool") == 0) {
                v = kr_node_new_scalar(m->arena, KR_SCALAR_STRING, kr_arena_strdup(m->arena, val),
                                       strlen(val), (kr_span){0});
            } else {
                kr_tf_eval ev = {.arena = m->arena, .dir = m->dir};
                v = mut(kr_tf_expr_eval(&ev, val, strlen(val)));
            }
            char note[400];
            snprintf(note, sizeof note, "var.%s = %s (--var)", name, val);
            kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
            *c = *v;
            c->origin = new_origin(m, NULL, (kr_span){0}, kr_arena_strdup(m->arena, note));
            var->value = convert(m, var, c);
        }
        free(name);
    }
}

/* Declarations, defaults and TF_VAR_ values. */
static void collect_vars(kr_tf_module *m, const kr_tf_options *opts)
{
    for (size_t k = 0; k < m->ndocs; k++) {
        kr_doc *d = &m->docs[k];
        for (size_t r = 0; r < d->nroots; r++) {
            const kr_node *vars = d->roots[r] ? kr_node_get(d->roots[r], "variable") : NULL;
            if (!vars || vars->kind != KR_NODE_MAP) continue;
            for (size_t i = 0; i < vars->npairs && m->vars.len < KR_TF_MAX_NAMES; i++) {
                const char *name = scalar_text(vars->pairs[i].key);
                const kr_node *body = vars->pairs[i].value;
                if (!name || !body || body->kind != KR_NODE_MAP || find_var(m, name)) continue;
                tf_var v = {.name = name, .doc = d, .key = vars->pairs[i].key, .body = body};
                const kr_pair *def = kr_node_get_pair(body, "default");
                char why[600];
                if (opts && opts->inputs) {
                    const kr_tf_inputs *in = opts->inputs;
                    const kr_node *given = NULL;
                    for (size_t q = 0; q < in->len && !given; q++)
                        if (strcmp(in->names[q], name) == 0) given = in->values[q];
                    if (given) {
                        v.value = given;
                        kr_array_push(&m->vars, v);
                        tf_var *pv = &m->vars.items[m->vars.len - 1];
                        pv->value = convert(m, pv, pv->value);
                        continue;
                    }
                }
                if (opts && opts->called_by && !opts->inputs) {
                    snprintf(why, sizeof why, "var.%s is set by the module's callers (%s calls this "
                             "folder; each call is evaluated with its own inputs)", name, opts->called_by);
                    v.value = unknown_at(m, d, v.key->span, why);
                    kr_array_push(&m->vars, v);
                    continue;
                }
                if (!def) {
                    snprintf(why, sizeof why, "var.%s has no value: no default, no TF_VAR_%s and no tfvars",
                             name, name);
                    v.value = unknown_at(m, d, v.key->span, why);
                } else if (def->value->kind == KR_NODE_SCALAR && def->value->stype == KR_SCALAR_NULL &&
                           !(opts && opts->inputs)) {
                    /* a root's null default: unset unless a tfvars sets it (in a
                     * module call, the caller left it null: a real null) */
                    snprintf(why, sizeof why, "var.%s defaults to null and no tfvars sets it", name);
                    v.value = unknown_at(m, d, def->value->span, why);
                } else if (def->value->kind == KR_NODE_EXPR) {
                    const kr_node *e = eval_in(m, d, def->value->text, def->value->text_len);
                    if (kr_tf_is_unknown(e)) {
                        v.value = e;
                    } else {
                        kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
                        *c = *e;
                        c->span = def->value->span;
                        char lhs[300];
                        snprintf(lhs, sizeof lhs, "var.%s", name);
                        v.value = placed(m, d, c, note_of(m, lhs, c), 0);
                    }
                } else {
                    char lhs[300];
                    snprintf(lhs, sizeof lhs, "var.%s", name);
                    v.value = placed(m, d, def->value, note_of(m, lhs, def->value), 0);
                }
                kr_array_push(&m->vars, v);
                tf_var *pv = &m->vars.items[m->vars.len - 1];
                pv->value = convert(m, pv, pv->value);
                if ((opts && opts->no_env) || (opts && opts->inputs)) continue;
                char env[300];
                snprintf(env, sizeof env, "TF_VAR_%s", name);
                const char *ev = getenv(env);
                if (ev) {
                    kr_node *s = kr_node_new_scalar(m->arena, KR_SCALAR_STRING, kr_arena_strdup(m->arena, ev),
                                                    strlen(ev), (kr_span){0});
                    char note[400];
                    snprintf(note, sizeof note, "var.%s = \"%.80s\" (TF_VAR_%s)", name, ev, name);
                    s->origin = new_origin(m, NULL, (kr_span){0}, kr_arena_strdup(m->arena, note));
                    pv->value = convert(m, pv, s);
                }
            }
        }
    }
}

static void collect_locals(kr_tf_module *m)
{
    for (size_t k = 0; k < m->ndocs; k++) {
        kr_doc *d = &m->docs[k];
        for (size_t r = 0; r < d->nroots; r++) {
            const kr_node *ls = d->roots[r] ? kr_node_get(d->roots[r], "locals") : NULL;
            if (!ls) continue;
            size_t nb = ls->kind == KR_NODE_SEQ ? ls->nitems : 1;
            for (size_t b = 0; b < nb; b++) {
                const kr_node *blk = ls->kind == KR_NODE_SEQ ? ls->items[b] : ls;
                if (!blk || blk->kind != KR_NODE_MAP) continue;
                for (size_t i = 0; i < blk->npairs && m->locals.len < KR_TF_MAX_NAMES; i++) {
                    const char *name = scalar_text(blk->pairs[i].key);
                    if (!name) continue;
                    tf_local l = {.name = name, .doc = d, .pair = &blk->pairs[i]};
                    kr_array_push(&m->locals, l);
                }
            }
        }
    }
    /* duplicates: the later definition names the first (indexes, not
     * pointers: the array is complete now) */
    for (size_t i = 0; i < m->locals.len; i++) {
        tf_local *l = &m->locals.items[i];
        for (size_t j = 0; j < i; j++) {
            tf_local *f = &m->locals.items[j];
            if (f->dup || strcmp(f->name, l->name) != 0) continue;
            l->dup = f;
            f->state = 2;
            char why[256];
            snprintf(why, sizeof why, "local.%s is defined twice", l->name);
            f->value = unknown_at(m, f->doc, f->pair->key->span, why);
            kr_diags *dg = diags_of(m, l->doc);
            if (dg)
                kr_diags_add(dg, KR_SEV_WARNING, l->doc->path, &l->pair->key->span, "terraform-duplicate",
                             "local.%s is defined twice: here and at %s:%lu:%lu; its value stays unknown",
                             l->name, f->doc->path, (unsigned long)f->pair->key->span.start.line + 1,
                             (unsigned long)f->pair->key->span.start.col + 1);
            break;
        }
    }
}

/* ---- resolution ----------------------------------------------------------- */

static void resolve_node(kr_tf_module *m, const kr_doc *d, kr_node **slot, const char *key, unsigned depth);
static void expand_dynamics(kr_tf_module *m, const kr_doc *d, kr_node *map, unsigned depth);

static void resolve_map(kr_tf_module *m, const kr_doc *d, kr_node *map, unsigned depth)
{
    if (depth >= KR_MAX_DEPTH) return;
    bool dynamic = false;
    for (size_t i = 0; i < map->npairs; i++) {
        const char *key = scalar_text(map->pairs[i].key);
        if (key && strcmp(key, "dynamic") == 0) {
            dynamic = true; /* expanded below, its content resolved there */
            continue;
        }
        resolve_node(m, d, &map->pairs[i].value, key ? key : "", depth + 1);
    }
    if (dynamic) expand_dynamics(m, d, map, depth);
}

static void resolve_node(kr_tf_module *m, const kr_doc *d, kr_node **slot, const char *key, unsigned depth)
{
    kr_node *n = *slot;
    if (!n || depth >= KR_MAX_DEPTH) return;
    if (n->kind == KR_NODE_MAP) {
        resolve_map(m, d, n, depth);
        return;
    }
    if (n->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < n->nitems; i++) resolve_node(m, d, &n->items[i], key, depth + 1);
        return;
    }
    if (n->kind != KR_NODE_EXPR || !n->text || n->tag) return;
    const kr_node *v = eval_in(m, d, n->text, n->text_len);
    if (kr_tf_is_unknown(v)) {
        if (!v->origin || !v->origin->note) return; /* not explained: keep the expression */
        kr_node *u = kr_arena_alloc(m->arena, sizeof *u);
        *u = *n;
        kr_origin *o = kr_arena_alloc(m->arena, sizeof *o);
        *o = *v->origin;
        if (!o->file) { /* the reason has no place of its own: the use site */
            o->file = d->path;
            o->src = d->data;
            o->src_len = d->len;
            o->span = n->span;
        }
        o->next = NULL;
        u->origin = o;
        *slot = u;
        return;
    }
    kr_buf nb;
    kr_buf_init(&nb, 0);
    kr_buf_printf(&nb, "%s = ", key);
    put_short(&nb, n->text, n->text_len);
    const char *note = kr_arena_strdup(m->arena, kr_buf_cstr(&nb));
    kr_buf_dispose(&nb);
    *slot = used_at(m, d, v, n->span, note, false, 0);
}

/* ---- instances ------------------------------------------------------------ */

/* A copy of n's maps and sequences (leaves shared), in the module's arena:
 * what the resolution of one instance rewrites. */
static kr_node *copy_tree(kr_tf_module *m, const kr_node *n, unsigned depth)
{
    if (!n) return NULL;
    kr_node *c = kr_arena_alloc(m->arena, sizeof *c);
    *c = *n;
    if (depth >= KR_MAX_DEPTH) return c;
    if (n->kind == KR_NODE_MAP && n->npairs) {
        c->pairs = kr_arena_alloc(m->arena, sizeof(*c->pairs) * n->npairs);
        for (size_t i = 0; i < n->npairs; i++) {
            c->pairs[i].key = n->pairs[i].key;
            c->pairs[i].value = copy_tree(m, n->pairs[i].value, depth + 1);
        }
    } else if (n->kind == KR_NODE_SEQ && n->nitems) {
        c->items = kr_arena_alloc(m->arena, sizeof(*c->items) * n->nitems);
        for (size_t i = 0; i < n->nitems; i++) c->items[i] = copy_tree(m, n->items[i], depth + 1);
    }
    return c;
}

static const kr_node *eval_value(kr_tf_module *m, const kr_doc *d, const kr_node *n)
{
    return n->kind == KR_NODE_EXPR && !n->tag ? eval_in(m, d, n->text, n->text_len) : n;
}

/* The reason an unknown value has, or a generic one. */
static const char *why_unknown(const kr_node *v)
{
    return v && v->origin && v->origin->note ? v->origin->note : "it is known only after apply";
}

/* `["key"]` with Terraform's escapes, in the arena. */
static const char *key_tag(kr_tf_module *m, const char *k)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, "[\"");
    for (const char *p = k; *p; p++) {
        if (*p == '"' || *p == '\\') kr_buf_putc(&b, '\\');
        if (*p == '\n') kr_buf_puts(&b, "\\n");
        else kr_buf_putc(&b, *p);
    }
    kr_buf_puts(&b, "\"]");
    const char *t = kr_arena_strdup(m->arena, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    return t;
}

/* tf_elem - one element of a for_each collection (or of a dynamic block's). */
typedef struct tf_elem {
    const char *key;
    const kr_node *knode;
    const kr_node *value;
} tf_elem;

static int cmp_elem(const void *pa, const void *pb)
{
    return strcmp(((const tf_elem *)pa)->key, ((const tf_elem *)pb)->key);
}

/* The elements of a known for_each value, sorted by key the way Terraform
 * orders them (a map by its keys, a set of strings by its strings); NULL
 * with *why when they cannot be told (an unknown element, a value that is
 * neither a map nor a set of strings). *n is the count. With `list` (a
 * dynamic block's for_each, any collection) a sequence is a list: keys are
 * the indexes, in order. */
static tf_elem *elements(kr_tf_module *m, const kr_node *v, size_t *n, const char **why, bool list)
{
    *n = 0;
    *why = NULL;
    size_t cap = v->kind == KR_NODE_MAP ? v->npairs : v->kind == KR_NODE_SEQ ? v->nitems : 0;
    if (v->kind != KR_NODE_MAP && v->kind != KR_NODE_SEQ) {
        *why = "for_each is neither a map nor a set";
        return NULL;
    }
    tf_elem *e = kr_arena_alloc(m->arena, sizeof(*e) * (cap ? cap : 1));
    if (list && v->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < cap; i++) {
            e[i].key = kr_arena_printf(m->arena, "%zu", i);
            e[i].knode = kr_node_new_scalar(m->arena, KR_SCALAR_INT, e[i].key, strlen(e[i].key),
                                            v->items[i] ? v->items[i]->span : v->span);
            mut(e[i].knode)->v.i = (int64_t)i;
            e[i].value = v->items[i];
        }
        *n = cap;
        return e;
    }
    for (size_t i = 0; i < cap; i++) {
        const kr_node *k = v->kind == KR_NODE_MAP ? v->pairs[i].key : v->items[i];
        const char *ks = k && !kr_tf_is_unknown(k) ? kr_tf_to_string(m->arena, k) : NULL;
        if (!ks) {
            *why = k && kr_tf_is_unknown(k) ? why_unknown(k) : "a for_each element is not a string";
            return NULL;
        }
        e[i].key = ks;
        e[i].knode = kr_node_new_scalar(m->arena, KR_SCALAR_STRING, ks, strlen(ks), k->span);
        e[i].value = v->kind == KR_NODE_MAP ? v->pairs[i].value : k;
    }
    if (cap > 1) qsort(e, cap, sizeof *e, cmp_elem);
    /* a set holds each string once */
    size_t w = 0;
    for (size_t i = 0; i < cap; i++)
        if (w == 0 || strcmp(e[w - 1].key, e[i].key) != 0) e[w++] = e[i];
    *n = w;
    return e;
}

static void add_possible(kr_tf_module *m, const kr_doc *d, const char *address, const char *why)
{
    tf_possible p = {d->path, kr_arena_strdup(m->arena, address), kr_arena_strdup(m->arena, why)};
    kr_array_push(&m->possible, p);
}

/* One instance of body: a copy resolved with count.index / each.* set,
 * tagged with its key ("[0]", "[\"a\"]"; NULL for a possible instance). */
static kr_node *instance(kr_tf_module *m, const kr_doc *d, const kr_node *body, const char *tag,
                         const kr_node *index, const kr_node *ekey, const kr_node *evalue,
                         const char *no_instance)
{
    kr_node *c = copy_tree(m, body, 0);
    c->tag = tag;
    m->count_index = index;
    m->each_key = ekey;
    m->each_value = evalue;
    m->no_instance = no_instance;
    resolve_map(m, d, c, 2);
    m->count_index = m->each_key = m->each_value = NULL;
    m->no_instance = NULL;
    return c;
}

/* Appends to out the instances body stands for (tf_expand). */
static void expand_body(kr_tf_module *m, const kr_doc *d, kr_node *body, const char *address,
                        kr_node *out)
{
    const kr_node *c = kr_node_get(body, "count");
    const kr_node *fe = c ? NULL : kr_node_get(body, "for_each");
    if (!c && !fe) {
        resolve_map(m, d, body, 2);
        kr_node_seq_push(m->arena, out, body);
        return;
    }
    const kr_node *v = eval_value(m, d, c ? c : fe);
    const char *what = c ? "count" : "for_each";
    char why[600];
    size_t n = 0;
    tf_elem *elems = NULL;
    bool known = !kr_tf_is_unknown(v);
    const char *reason = known ? NULL : why_unknown(v);
    double x = 0;
    if (known && c) {
        if (kr_tf_to_number(&x, v) != 0 || x < 0 || x != (double)(int64_t)x) {
            known = false;
            reason = "count is not a whole number";
        } else {
            n = (size_t)x;
        }
    } else if (known) {
        elems = elements(m, v, &n, &reason, false);
        known = elems != NULL;
    }
    if (!known) {
        /* evaluated once, as a possible instance */
        snprintf(why, sizeof why, "%s cannot be told before apply: %s", what, reason);
        char un[700];
        snprintf(un, sizeof un, "differs per instance, and %s", why);
        kr_node *i = instance(m, d, body, NULL, NULL, NULL, NULL, kr_arena_strdup(m->arena, un));
        add_possible(m, d, address, why);
        kr_node_seq_push(m->arena, out, i);
        return;
    }
    size_t keep = n < KR_TF_MAX_INSTANCES ? n : KR_TF_MAX_INSTANCES;
    if (n > keep) {
        kr_diags *dg = diags_of(m, d);
        if (dg)
            kr_diags_add(dg, KR_SEV_WARNING, d->path, &body->span, "limit",
                         "%s has %s = %zu instances; the first %u are evaluated, the others once "
                         "as a possible instance", address, what, n, KR_TF_MAX_INSTANCES);
    }
    for (size_t k = 0; k < keep; k++) {
        if (c) {
            char tag[32];
            snprintf(tag, sizeof tag, "[%zu]", k);
            kr_node *idx = kr_node_new_scalar(m->arena, KR_SCALAR_INT, kr_arena_printf(m->arena, "%zu", k),
                                              strlen(tag) - 2, c->span);
            idx->v.i = (int64_t)k;
            kr_node_seq_push(m->arena, out,
                             instance(m, d, body, kr_arena_strdup(m->arena, tag), idx, NULL, NULL, NULL));
        } else {
            kr_node_seq_push(m->arena, out,
                             instance(m, d, body, key_tag(m, elems[k].key), NULL, elems[k].knode,
                                      elems[k].value, NULL));
        }
    }
    if (n > keep) {
        snprintf(why, sizeof why, "it has more than the %u instances krewlint evaluates per block",
                 KR_TF_MAX_INSTANCES);
        char un[700];
        snprintf(un, sizeof un, "differs per instance, and %s", why);
        kr_node_seq_push(m->arena, out,
                         instance(m, d, body, NULL, NULL, NULL, NULL, kr_arena_strdup(m->arena, un)));
        add_possible(m, d, address, why);
    }
}

/* The bodies at *slot (one map, or a sequence of them for repeated labels)
 * replaced by their instances: a body without count or for_each is resolved
 * in place and stays; count = 0 or an empty for_each leaves nothing (the
 * resource does not exist). */
static void expand_slot(kr_tf_module *m, const kr_doc *d, kr_node **slot, const char *address)
{
    kr_node *bodies = *slot;
    if (!bodies) return;
    if (bodies->kind == KR_NODE_MAP && !kr_node_get(bodies, "count") && !kr_node_get(bodies, "for_each")) {
        resolve_map(m, d, bodies, 2);
        return;
    }
    if (bodies->kind != KR_NODE_MAP && bodies->kind != KR_NODE_SEQ) return;
    kr_node *out = kr_node_new(m->arena, KR_NODE_SEQ, bodies->span);
    size_t nb = bodies->kind == KR_NODE_SEQ ? bodies->nitems : 1;
    for (size_t k = 0; k < nb; k++) {
        kr_node *it = bodies->kind == KR_NODE_SEQ ? bodies->items[k] : bodies;
        if (it && it->kind == KR_NODE_MAP) expand_body(m, d, it, address, out);
        else if (it) kr_node_seq_push(m->arena, out, it);
    }
    *slot = out;
}

static void resolve_blocks(kr_tf_module *m, kr_doc *d, kr_node *root, const char *block, bool two_labels)
{
    kr_node *b = kr_node_get(root, block);
    if (!b || b->kind != KR_NODE_MAP) return;
    for (size_t i = 0; i < b->npairs; i++) {
        kr_node *level = b->pairs[i].value;
        if (!level) continue;
        const char *l1 = scalar_text(b->pairs[i].key);
        size_t n2 = two_labels && level->kind == KR_NODE_MAP ? level->npairs : 1;
        for (size_t j = 0; j < n2; j++) {
            kr_node **slot = two_labels && level->kind == KR_NODE_MAP ? &level->pairs[j].value : &b->pairs[i].value;
            const char *l2 = two_labels && level->kind == KR_NODE_MAP ? scalar_text(level->pairs[j].key) : NULL;
            char address[300];
            if (two_labels)
                snprintf(address, sizeof address, "%s%s.%s", strcmp(block, "data") == 0 ? "data." : "",
                         l1 ? l1 : "?", l2 ? l2 : "?");
            else
                snprintf(address, sizeof address, "%s.%s", block, l1 ? l1 : "?");
            if (strcmp(block, "provider") == 0) {
                if (*slot && (*slot)->kind == KR_NODE_MAP) resolve_map(m, d, *slot, 2);
                else if (*slot && (*slot)->kind == KR_NODE_SEQ)
                    for (size_t k = 0; k < (*slot)->nitems; k++)
                        if ((*slot)->items[k] && (*slot)->items[k]->kind == KR_NODE_MAP)
                            resolve_map(m, d, (*slot)->items[k], 2);
                continue;
            }
            expand_slot(m, d, slot, address);
        }
    }
}

/* ---- dynamic blocks ------------------------------------------------------- */

/* Appends to out the blocks one `dynamic "LABEL" { for_each iterator content }`
 * produces: a copy of content per element, resolved with the iterator set. */
static void dynamic_blocks(kr_tf_module *m, const kr_doc *d, const char *label, const kr_node *spec,
                           kr_node *out, unsigned depth)
{
    const kr_node *content = kr_node_get(spec, "content");
    const kr_node *fe = kr_node_get(spec, "for_each");
    if (!content || content->kind != KR_NODE_MAP || !fe) return;
    const char *it_name = label;
    const kr_node *itn = kr_node_get(spec, "iterator");
    if (itn && itn->text && itn->text_len) it_name = itn->text;
    const kr_node *v = eval_value(m, d, fe);
    size_t n = 0;
    const char *reason = NULL;
    tf_elem *elems = kr_tf_is_unknown(v) ? NULL : elements(m, v, &n, &reason, true);
    if (!elems) {
        /* one possible block, its iterator unknown */
        char why[600];
        snprintf(why, sizeof why, "%s.value differs per element, and the dynamic block's for_each "
                 "cannot be told before apply: %s", it_name, reason ? reason : why_unknown(v));
        kr_node *u = kr_tf_unknown(m->arena, "%s", why);
        tf_iter it = {it_name, u, u};
        kr_array_push(&m->iters, it);
        kr_node *c = copy_tree(m, content, depth);
        resolve_map(m, d, c, depth + 1);
        m->iters.len--;
        kr_node_seq_push(m->arena, out, c);
        return;
    }
    if (n > KR_TF_MAX_INSTANCES) {
        kr_diags *dg = diags_of(m, d);
        if (dg)
            kr_diags_add(dg, KR_SEV_WARNING, d->path, &spec->span, "limit",
                         "dynamic \"%s\" produces %zu blocks; the first %u are evaluated", label, n,
                         KR_TF_MAX_INSTANCES);
        n = KR_TF_MAX_INSTANCES;
    }
    for (size_t k = 0; k < n; k++) {
        tf_iter it = {it_name, elems[k].knode, elems[k].value};
        kr_array_push(&m->iters, it);
        kr_node *c = copy_tree(m, content, depth);
        resolve_map(m, d, c, depth + 1);
        m->iters.len--;
        kr_node_seq_push(m->arena, out, c);
    }
}

/* map's `dynamic` pairs replaced by the nested blocks they produce, next to
 * the blocks of the same type written out (a static `ingress` and a dynamic
 * "ingress" give one sequence). A type with no block left is absent. */
static void expand_dynamics(kr_tf_module *m, const kr_doc *d, kr_node *map, unsigned depth)
{
    kr_pair *pairs = kr_arena_alloc(m->arena, sizeof(*pairs) * (map->npairs + 1));
    size_t np = 0;
    for (size_t i = 0; i < map->npairs; i++) {
        const char *key = scalar_text(map->pairs[i].key);
        if (!key || strcmp(key, "dynamic") != 0) pairs[np++] = map->pairs[i];
    }
    KR_ARRAY(kr_pair) extra = {0};
    for (size_t i = 0; i < map->npairs; i++) {
        const char *key = scalar_text(map->pairs[i].key);
        const kr_node *dyn = map->pairs[i].value;
        if (!key || strcmp(key, "dynamic") != 0) continue;
        size_t nd = dyn && dyn->kind == KR_NODE_SEQ ? dyn->nitems : 1;
        for (size_t q = 0; q < nd; q++) {
            const kr_node *one = dyn && dyn->kind == KR_NODE_SEQ ? dyn->items[q] : dyn;
            if (!one || one->kind != KR_NODE_MAP) continue;
            for (size_t j = 0; j < one->npairs; j++) {
                const char *label = scalar_text(one->pairs[j].key);
                const kr_node *specs = one->pairs[j].value;
                if (!label || !specs) continue;
                kr_node *out = kr_node_new(m->arena, KR_NODE_SEQ, specs->span);
                size_t ns = specs->kind == KR_NODE_SEQ ? specs->nitems : 1;
                for (size_t s = 0; s < ns; s++) {
                    const kr_node *spec = specs->kind == KR_NODE_SEQ ? specs->items[s] : specs;
                    if (spec && spec->kind == KR_NODE_MAP) dynamic_blocks(m, d, label, spec, out, depth + 1);
                }
                if (!out->nitems) continue;
                /* next to the written blocks of that type, or a new pair */
                kr_pair *at = NULL;
                for (size_t k = 0; k < np && !at; k++)
                    if (kr_node_is_string(pairs[k].key, label)) at = &pairs[k];
                for (size_t k = 0; k < extra.len && !at; k++)
                    if (kr_node_is_string(extra.items[k].key, label)) at = &extra.items[k];
                if (!at) {
                    kr_pair p = {one->pairs[j].key, out->nitems == 1 ? out->items[0] : out};
                    kr_array_push(&extra, p);
                    continue;
                }
                kr_node *merged = kr_node_new(m->arena, KR_NODE_SEQ, at->value ? at->value->span : out->span);
                if (at->value && at->value->kind == KR_NODE_SEQ)
                    for (size_t k = 0; k < at->value->nitems; k++)
                        kr_node_seq_push(m->arena, merged, at->value->items[k]);
                else if (at->value)
                    kr_node_seq_push(m->arena, merged, at->value);
                for (size_t k = 0; k < out->nitems; k++) kr_node_seq_push(m->arena, merged, out->items[k]);
                at->value = merged;
            }
        }
    }
    if (extra.len) {
        kr_pair *all = kr_arena_alloc(m->arena, sizeof(*all) * (np + extra.len));
        memcpy(all, pairs, sizeof(*pairs) * np);
        memcpy(all + np, extra.items, sizeof(*extra.items) * extra.len);
        pairs = all;
        np += extra.len;
    }
    kr_array_dispose(&extra);
    map->pairs = pairs;
    map->npairs = np;
}

void kr_tf_module_resolve(kr_tf_module *self, kr_doc *docs, size_t n, kr_diags *const *diags,
                          kr_diags *other, const char *dir, const kr_tf_options *opts)
{
    kr_tf_module *m = self;
    m->docs = docs;
    m->ndocs = n;
    m->diags = diags;
    m->other = other;
    m->dir = kr_arena_strdup(m->arena, dir ? dir : "");
    m->workspace = opts && opts->workspace ? opts->workspace : "default";
    collect_vars(m, opts);
    if (!opts || (!opts->called_by && !opts->inputs)) read_tfvars(m, opts);
    collect_locals(m);
    for (size_t k = 0; k < n; k++) {
        kr_doc *d = &docs[k];
        if (d->format != KR_FMT_TERRAFORM) continue;
        for (size_t r = 0; r < d->nroots; r++) {
            kr_node *root = d->roots[r];
            if (!root || root->kind != KR_NODE_MAP) continue;
            resolve_blocks(m, d, root, "resource", true);
            resolve_blocks(m, d, root, "data", true);
            resolve_blocks(m, d, root, "module", false);
            resolve_blocks(m, d, root, "provider", false);
        }
    }
    kr_tf_policy_resolve(m->arena, docs, n); /* policy documents to the IAM model (tf/policy.h) */
}

void kr_tf_module_call_inputs(kr_tf_inputs *out, kr_tf_module *caller, const kr_doc *doc,
                              const char *call, const kr_node *body)
{
    kr_tf_module *m = caller;
    memset(out, 0, sizeof *out);
    if (!body || body->kind != KR_NODE_MAP) return;
    out->names = kr_arena_alloc(m->arena, sizeof(*out->names) * (body->npairs + 1));
    out->values = kr_arena_alloc(m->arena, sizeof(*out->values) * (body->npairs + 1));
    static const char *const meta[] = {"source", "version", "count", "for_each", "providers",
                                       "depends_on", NULL};
    for (size_t i = 0; i < body->npairs; i++) {
        const char *key = scalar_text(body->pairs[i].key);
        if (!key) continue;
        bool skip = false;
        for (size_t k = 0; meta[k] && !skip; k++) skip = strcmp(meta[k], key) == 0;
        if (skip) continue;
        const kr_node *v = body->pairs[i].value;
        char lhs[300];
        snprintf(lhs, sizeof lhs, "module.%s: %s", call, key);
        if (!kr_tf_is_unknown(v) && !v->origin) v = placed(m, doc, v, note_of(m, lhs, v), 0);
        out->names[out->len] = key;
        out->values[out->len++] = v;
    }
}

const char *kr_tf_module_possible(const kr_tf_module *self, const char *file, const char *address)
{
    for (size_t i = 0; i < self->possible.len; i++)
        if (strcmp(self->possible.items[i].address, address) == 0 &&
            (!file || strcmp(self->possible.items[i].file, file) == 0))
            return self->possible.items[i].why;
    return NULL;
}

const char *kr_tf_instance_address(kr_arena *a, const char *address, const kr_node *body)
{
    if (!body || !body->tag || body->tag[0] != '[') return address;
    return kr_arena_printf(a, "%s%s", address, body->tag);
}
