/* ytree.c - the rule loader's private YAML tree (load_internal.h): libyaml
 * events into ynodes with exact spans and scalar styles, libyaml marks as byte
 * positions, the loader's error messages with "did you mean" hints, and the
 * field checks every compiler uses (map keys, kinds, strings).
 *
 * Positions: libyaml counts columns in characters; marks are converted to
 * byte columns with the file's own line table (mark_loc).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "rules/load_internal.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/yaml12.h"

/* ----------------------------------------------------------- messages --- */

static void verr(loader *L, const char *file, const kr_span *span, const char *fmt, va_list ap)
    KR_PRINTF(4, 0);
static void verr(loader *L, const char *file, const kr_span *span, const char *fmt, va_list ap)
{
    kr_diags_vadd(L->diags, KR_SEV_ERROR, file, span, CODE, fmt, ap);
    L->nerrors++;
}

void kr_load__err_at(loader *L, const lfile *f, const kr_span *span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, f->path, span, fmt, ap);
    va_end(ap);
}

void kr_load__err_node(loader *L, const lfile *f, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (n->file) {
        /* a parameter's value: at its place in the configuration, naming the rule */
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_vprintf(&b, fmt, ap);
        kr_diags_add(L->diags, KR_SEV_ERROR, n->file, &n->span, CODE,
                     "%s (parameter '%s' of rule %s)", kr_buf_cstr(&b), n->param,
                     L->rule_id ? L->rule_id : "?");
        kr_buf_dispose(&b);
        L->nerrors++;
    } else {
        verr(L, f->path, &n->span, fmt, ap);
    }
    va_end(ap);
}


/* The closest of a NULL-terminated list, or NULL when none is close. */
const char *kr_load__did_you_mean(const char *word, const char *const *cands)
{
    const char *best = NULL;
    size_t bestd = 99;
    for (size_t i = 0; cands[i]; i++) {
        size_t d = kr_edit_distance(word, cands[i]);
        size_t limit = strlen(cands[i]) <= 4 ? 1 : 2;
        if (d <= limit && d < bestd) {
            best = cands[i];
            bestd = d;
        }
    }
    return best;
}

/* " (did you mean 'x'?)" or "". */
void kr_load__hint(char *out, size_t n, const char *word, const char *const *cands)
{
    const char *m = kr_load__did_you_mean(word, cands);
    if (m)
        snprintf(out, n, " (did you mean '%s'?)", m);
    else
        out[0] = '\0';
}

/* ----------------------------------------------------------- positions --- */

void kr_load__build_lines(lfile *f)
{
    size_t cap = 64, n = 0;
    size_t *v = kr_xmalloc(cap * sizeof(*v));
    size_t start = 0;
    /* libyaml skips a UTF-8 BOM without counting it as a column */
    if (f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0) start = 3;
    v[n++] = start;
    for (size_t i = start; i < f->len; i++) {
        char c = f->data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= f->len || f->data[i + 1] != '\n'))) {
            if (n == cap) {
                cap *= 2;
                v = kr_xrealloc(v, cap * sizeof(*v));
            }
            v[n++] = i + 1;
        }
    }
    f->lines = v;
    f->nlines = n;
}

/* A libyaml mark (line, column in characters) as a byte position. */
static kr_loc mark_loc(const lfile *f, yaml_mark_t m)
{
    kr_loc l;
    size_t line = m.line;
    if (line >= f->nlines) line = f->nlines - 1;
    size_t b = f->lines[line];
    size_t end = line + 1 < f->nlines ? f->lines[line + 1] : f->len;
    for (size_t c = 0; c < m.column && b < end; c++) {
        b++;
        while (b < end && ((unsigned char)f->data[b] & 0xC0) == 0x80) b++;
    }
    l.line = (uint32_t)line;
    l.col = (uint32_t)(b - f->lines[line]);
    l.byte = (uint32_t)b;
    return l;
}

static kr_span marks_span(const lfile *f, yaml_mark_t a, yaml_mark_t b)
{
    kr_span s;
    s.start = mark_loc(f, a);
    s.end = mark_loc(f, b);
    return s;
}

/* Position of byte `off` inside scalar n's text, as a one-byte span. Exact for
 * plain and single-line quoted scalars without escapes; else the scalar start. */
kr_span kr_load__text_pos(const ynode *n, size_t off)
{
    kr_span s = n->span;
    if ((n->plain || n->quoted) && n->span.start.line == n->span.end.line) {
        uint32_t d = (uint32_t)off + (n->quoted ? 1u : 0u);
        s.start.col += d;
        s.start.byte += d;
    }
    s.end = s.start;
    s.end.col++;
    s.end.byte++;
    return s;
}

/* --------------------------------------------------------- YAML parsing --- */

void kr_load__yaml_problem(loader *L, lfile *f)
{
    yaml_parser_t *p = &f->parser;
    kr_span s;
    if (p->error == YAML_READER_ERROR) {
        /* encoding errors carry a byte offset, not a mark */
        size_t off = p->problem_offset < f->len ? p->problem_offset : f->len;
        size_t line = 0;
        while (line + 1 < f->nlines && f->lines[line + 1] <= off) line++;
        s.start.line = (uint32_t)line;
        s.start.col = off > f->lines[line] ? (uint32_t)(off - f->lines[line]) : 0;
        s.start.byte = (uint32_t)off;
    } else {
        s.start = mark_loc(f, p->problem_mark);
    }
    s.end = s.start;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->context)
        kr_load__err_at(L, f, &s, "YAML: %s %s", problem, p->context);
    else
        kr_load__err_at(L, f, &s, "YAML: %s", problem);
}

static void kid_push(lfile *f, ynode *parent, ynode *kid)
{
    if (parent->nkids == parent->cap) {
        size_t nc = parent->cap ? parent->cap * 2 : 8;
        ynode **nk = kr_arena_alloc(f->arena, nc * sizeof(*nk));
        if (parent->nkids) memcpy(nk, parent->kids, parent->nkids * sizeof(*nk));
        parent->kids = nk;
        parent->cap = nc;
    }
    parent->kids[parent->nkids++] = kid;
    parent->weight += kid->weight;
    if (parent->weight > RULE_MAX_NODES) parent->weight = RULE_MAX_NODES + 1;
}

static void set_anchor(lfile *f, const yaml_char_t *name, ynode *n)
{
    if (!name) return;
    anchor a;
    a.name = kr_arena_strdup(f->arena, (const char *)name);
    a.node = n;
    kr_array_push(&f->anchors, a);
}

/* Builds the node starting with event *ev (owned by the caller). Returns NULL
 * after reporting an error. */
ynode *kr_load__build_node(loader *L, lfile *f, yaml_event_t *ev, unsigned depth)
{
    if (depth > KR_MAX_DEPTH) {
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        kr_load__err_at(L, f, &s, "nesting deeper than %d levels", KR_MAX_DEPTH);
        return NULL;
    }
    if (ev->type == YAML_ALIAS_EVENT) {
        const char *name = (const char *)ev->data.alias.anchor;
        for (size_t i = f->anchors.len; i-- > 0;)
            if (strcmp(f->anchors.items[i].name, name) == 0) return f->anchors.items[i].node;
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        kr_load__err_at(L, f, &s, "YAML: unknown anchor '%s'", name);
        /* go on with a null in its place, so the rest of the file is checked;
         * the document's rules are dropped (tainted) */
        f->tainted = true;
        ynode *null = kr_arena_alloc(f->arena, sizeof(*null));
        null->kind = Y_SCALAR;
        null->span = s;
        null->text = "";
        null->plain = true;
        null->weight = 1;
        return null;
    }
    ynode *n = kr_arena_alloc(f->arena, sizeof(*n));
    n->weight = 1;
    if (ev->type == YAML_SCALAR_EVENT) {
        n->kind = Y_SCALAR;
        n->span = marks_span(f, ev->start_mark, ev->end_mark);
        n->text = kr_arena_strndup(f->arena, (const char *)ev->data.scalar.value,
                                   ev->data.scalar.length);
        n->len = ev->data.scalar.length;
        yaml_scalar_style_t st = ev->data.scalar.style;
        n->plain = st == YAML_PLAIN_SCALAR_STYLE;
        n->quoted = st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        const char *tag = (const char *)ev->data.scalar.tag;
        if (tag) {
            n->plain = false;
            n->str_tag = strcmp(tag, "tag:yaml.org,2002:str") == 0;
        }
        set_anchor(f, ev->data.scalar.anchor, n);
        return n;
    }
    bool is_map = ev->type == YAML_MAPPING_START_EVENT;
    if (!is_map && ev->type != YAML_SEQUENCE_START_EVENT) {
        kr_span s = marks_span(f, ev->start_mark, ev->end_mark);
        kr_load__err_at(L, f, &s, "YAML: unexpected event");
        return NULL;
    }
    n->kind = is_map ? Y_MAP : Y_SEQ;
    yaml_char_t *anc = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    yaml_mark_t start = ev->start_mark;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&f->parser, &e)) {
            kr_load__yaml_problem(L, f);
            return NULL;
        }
        if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) {
            n->span = marks_span(f, start, e.end_mark);
            yaml_event_delete(&e);
            break;
        }
        bool alias = e.type == YAML_ALIAS_EVENT;
        kr_span at = marks_span(f, e.start_mark, e.end_mark);
        ynode *kid = kr_load__build_node(L, f, &e, depth + 1);
        yaml_event_delete(&e);
        if (!kid) return NULL;
        kid_push(f, n, kid);
        if (alias && (f->aliased += kid->weight) > RULE_MAX_ALIAS_NODES) {
            kr_load__err_at(L, f, &at, "YAML aliases in this rule file expand to more than %u nodes (the cap per rule file; an alias bomb?)",
                            RULE_MAX_ALIAS_NODES);
            return NULL;
        }
        if (n->weight > RULE_MAX_NODES) {
            kr_span s = marks_span(f, start, start);
            kr_load__err_at(L, f, &s, "the rule file has more than %u YAML nodes, aliases expanded (the cap per rule file); split it into several files",
                            RULE_MAX_NODES);
            return NULL;
        }
    }
    set_anchor(f, anc, n);
    return n;
}

/* ------------------------------------------------------------- scalars --- */



/* YAML 1.2 core schema resolution of a scalar: the typing the document
 * adapter uses too (util/yaml12.h). */
stype kr_load__scalar_type(const ynode *n)
{
    if (!n->plain) return S_STR;
    switch (kr_y12_kind_of(n->text, n->len)) {
    case KR_Y12_NULL: return S_NULL;
    case KR_Y12_BOOL: return S_BOOL;
    case KR_Y12_INT: return S_INT;
    case KR_Y12_FLOAT: return S_FLOAT;
    default: return S_STR;
    }
}

const char *kr_load__kind_name(const ynode *n)
{
    if (n->kind == Y_MAP) return "a map";
    if (n->kind == Y_SEQ) return "a list";
    return "a scalar";
}

const ynode *kr_load__map_get(const ynode *m, const char *key)
{
    if (!m || m->kind != Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < m->nkids; i += 2)
        if (m->kids[i]->kind == Y_SCALAR && strcmp(m->kids[i]->text, key) == 0) return m->kids[i + 1];
    return NULL;
}

const ynode *kr_load__map_key(const ynode *m, const char *key)
{
    if (!m || m->kind != Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < m->nkids; i += 2)
        if (m->kids[i]->kind == Y_SCALAR && strcmp(m->kids[i]->text, key) == 0) return m->kids[i];
    return NULL;
}

bool kr_load__in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

/* Reports non-scalar keys, duplicate keys and keys not in `allowed`
 * ("unknown key 'x' in <what>"). Returns false when anything was wrong. */
bool kr_load__check_keys(loader *L, const lfile *f, const ynode *m, const char *const *allowed,
                         const char *what)
{
    bool ok = true;
    for (size_t i = 0; i + 1 < m->nkids; i += 2) {
        const ynode *k = m->kids[i];
        if (k->kind != Y_SCALAR) {
            kr_load__err_node(L, f, k, "a key in %s must be a name, not %s", what, kr_load__kind_name(k));
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < i; j += 2)
            if (m->kids[j]->kind == Y_SCALAR && strcmp(m->kids[j]->text, k->text) == 0) dup = true;
        if (dup) {
            kr_load__err_node(L, f, k, "duplicate key '%s' in %s", k->text, what);
            ok = false;
            continue;
        }
        if (!kr_load__in_list(k->text, allowed)) {
            char h[96];
            kr_load__hint(h, sizeof h, k->text, allowed);
            kr_load__err_node(L, f, k, "unknown key '%s' in %s%s", k->text, what, h);
            ok = false;
        }
    }
    return ok;
}

/* A non-empty string scalar, or an error naming `key`. */
const ynode *kr_load__want_string(loader *L, const lfile *f, const ynode *v, const char *key)
{
    if (v->kind != Y_SCALAR) {
        kr_load__err_node(L, f, v, "'%s' must be a string, not %s", key, kr_load__kind_name(v));
        return NULL;
    }
    if (kr_load__scalar_type(v) == S_NULL || v->len == 0) {
        kr_load__err_node(L, f, v, "'%s' is empty", key);
        return NULL;
    }
    return v;
}
