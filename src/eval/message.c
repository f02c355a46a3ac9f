/* message.c - the text of a finding: {actual} {expected} {path} {resource}
 * {expr} filled into the rule's message, values and expressions clipped to a
 * line, and why an unknown verdict is unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/eval_internal.h"
#include "eval/relations.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

/* ------------------------------------------------------------- messages --- */

static bool in_doc(const kr_doc *d, const kr_span *s)
{
    return d->data && s->start.byte <= d->len && s->end.byte <= d->len &&
           s->start.byte <= s->end.byte;
}

/* s cut to the end of its first line. */
kr_span kr_eval__first_line(const kr_doc *d, kr_span s)
{
    if (!in_doc(d, &s)) return s;
    for (size_t i = s.start.byte; i < s.end.byte; i++) {
        if (d->data[i] == '\n' || d->data[i] == '\r') {
            s.end.line = s.start.line;
            s.end.col = s.start.col + (uint32_t)(i - s.start.byte);
            s.end.byte = (uint32_t)i;
            break;
        }
    }
    return s;
}

/* Appends at most `max` bytes of s (not splitting a UTF-8 sequence), then "…". */
void kr_eval__put_clipped(kr_buf *b, const char *s, size_t n, size_t max)
{
    if (n <= max) {
        kr_buf_put(b, s, n);
        return;
    }
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    kr_buf_put(b, s, k);
    kr_buf_puts(b, "\xE2\x80\xA6");
}

/* The source text of a node, its first line only. */
static void put_source(kr_buf *b, const kr_doc *d, const kr_node *n)
{
    kr_span s = kr_eval__first_line(d, n->span);
    if (in_doc(d, &s) && s.end.byte > s.start.byte) {
        bool cut = s.end.byte < n->span.end.byte;
        kr_eval__put_clipped(b, d->data + s.start.byte, s.end.byte - s.start.byte, TEXT_MAX);
        if (cut) kr_buf_puts(b, " \xE2\x80\xA6");
    } else {
        kr_buf_puts(b, n->kind == KR_NODE_MAP ? "{...}" : "[...]");
    }
}

/* The text of an expression (for unknown verdicts). */
static void put_expr(kr_buf *b, const kr_doc *d, const kr_node *n)
{
    if (!n) return;
    if (n->kind == KR_NODE_EXPR && n->text) {
        size_t len = n->text_len;
        for (size_t i = 0; i < len; i++)
            if (n->text[i] == '\n') len = i;
        kr_eval__put_clipped(b, n->text, len, TEXT_MAX);
        if (len < n->text_len) kr_buf_puts(b, " \xE2\x80\xA6");
        return;
    }
    if (n->tag && n->kind == KR_NODE_SCALAR && n->text) {
        kr_buf_puts(b, n->tag);
        kr_buf_putc(b, ' ');
        kr_eval__put_clipped(b, n->text, n->text_len, TEXT_MAX);
        return;
    }
    put_source(b, d, n);
}

/* A value as shown in {actual}: a scalar's text, a list's items. */
void kr_eval__put_value(kr_buf *b, const kr_doc *d, const kr_node *n, int depth)
{
    if (b->len > TEXT_MAX) {
        kr_buf_puts(b, "\xE2\x80\xA6");
        return;
    }
    switch (n->kind) {
    case KR_NODE_SCALAR:
        if (n->tag) {
            put_expr(b, d, n);
        } else if (n->stype == KR_SCALAR_NULL) {
            kr_buf_puts(b, "null");
        } else if (n->text_len == 0) {
            kr_buf_puts(b, "\"\"");
        } else {
            kr_eval__put_clipped(b, n->text, n->text_len, TEXT_MAX);
        }
        break;
    case KR_NODE_EXPR:
        put_expr(b, d, n);
        break;
    case KR_NODE_SEQ:
        if (depth > 2) {
            kr_buf_puts(b, "[...]");
            break;
        }
        kr_buf_putc(b, '[');
        for (size_t i = 0; i < n->nitems; i++) {
            if (i) kr_buf_puts(b, ", ");
            if (b->len > TEXT_MAX) {
                kr_buf_puts(b, "\xE2\x80\xA6");
                break;
            }
            kr_eval__put_value(b, d, n->items[i], depth + 1);
        }
        kr_buf_putc(b, ']');
        break;
    case KR_NODE_MAP:
        kr_buf_puts(b, "{...}");
        break;
    }
}

static kr_label type_label(kr_vtype t)
{
    switch (t) {
    case KR_VT_NUMBER: return KR_L_T_NUMBER;
    case KR_VT_DURATION: return KR_L_T_DURATION;
    case KR_VT_TLS: return KR_L_T_TLS;
    case KR_VT_BOOL: return KR_L_T_BOOL;
    default: return KR_L_T_STRING;
    }
}

/* A related block as named in messages: aws_lb.main, data.aws_iam_policy.x,
 * provider.aws (provider.aws.west with an alias), a CloudFormation logical id. */
static void put_block(kr_buf *b, const ectx *x, const kr_rel_block *r)
{
    bool cfn = x->subj && x->subj->format == KR_FMT_CLOUDFORMATION;
    const char *type = r->type ? r->type : "";
    if (r->kind == KR_RB_PROVIDER)
        kr_buf_printf(b, r->name ? "provider.%s.%s" : "provider.%s", type, r->name ? r->name : "");
    else if (cfn)
        kr_buf_puts(b, r->name ? r->name : type);
    else if (r->kind == KR_RB_DATA)
        kr_buf_printf(b, "data.%s.%s", type, r->name ? r->name : "?");
    else if (r->name)
        kr_buf_printf(b, "%s.%s", type, r->name);
    else
        kr_buf_puts(b, type);
}

static kr_lang lang_of(const ectx *x)
{
    return x->opts ? x->opts->lang : KR_LANG_EN;
}

/* Where {actual} / {expr} landed in a Japanese message (byte offsets into
 * the output), so the spaces the template puts around them can go when they
 * sit between Japanese text ("が 未設定 です" -> "が未設定です"). */
#define FILL_MAX_MARKS 8
typedef struct slotmarks {
    size_t start[FILL_MAX_MARKS], end[FILL_MAX_MARKS];
    size_t n;
} slotmarks;

/* fillctx - what the slots of a message or a label are filled from. */
typedef struct fillctx {
    const ectx *x;
    const witness *w;
    const kr_target *t;
    const kr_rule *rule; /* {title}, {whether}; NULL outside unknown messages */
    bool label;          /* the labels' own slots too */
    slotmarks *marks;    /* kr_eval__fill under --lang ja, else NULL */
} fillctx;

static void say_as(kr_buf *b, kr_label id, const fillctx *c);
static void say(kr_buf *b, kr_label id, const ectx *x, const witness *w, const kr_target *t);

/* {actual} */
static void put_actual(kr_buf *b, const ectx *x, const witness *w)
{
    kr_lang lang = lang_of(x);
    switch (w->kind) {
    case W_VALUE:
        if (w->node) kr_eval__put_value(b, x->doc, w->node, 0);
        break;
    case W_CONV:
        if (w->node) {
            kr_eval__put_value(b, x->doc, w->node, 0);
            say(b, KR_L_NOT_TYPE, x, w, NULL);
        } else {
            kr_buf_puts(b, kr_eval__label(KR_L_ABSENT, lang));
        }
        break;
    case W_DEFAULT:
        say(b, KR_L_DEFAULT, x, w, NULL);
        break;
    case W_UNKNOWN_EXPR:
        put_expr(b, x->doc, w->node);
        break;
    case W_AFTER_APPLY:
        kr_buf_puts(b, kr_eval__label(KR_L_AFTER_APPLY, lang));
        break;
    case W_ABSENT:
    case W_UNKNOWN_ABSENT:
    case W_NONE:
        kr_buf_puts(b, kr_eval__label(KR_L_ABSENT, lang));
        break;
    case W_REL_NONE:
        kr_buf_puts(b, kr_eval__label(KR_L_NONE, lang));
        break;
    case W_REL_MATCH:
        put_block(b, x, &w->rel);
        break;
    case W_REL_FAIL:
        /* "aws_s3_bucket_versioning.v, whose versioning_configuration.status is Suspended" */
        say(b, KR_L_REL_WHOSE, x, w, NULL);
        break;
    case W_REL_MAYBE:
        if (w->rexpr)
            put_expr(b, w->rel.doc ? w->rel.doc : x->doc, w->rexpr);
        else
            kr_buf_puts(b, kr_eval__label(KR_L_UNKNOWN, lang));
        break;
    }
}

/* {ractual}: the related block's value in a W_REL_FAIL witness. */
static void put_related_actual(kr_buf *b, const ectx *x, const witness *w)
{
    if (w->rkind == W_REL_NONE) {
        kr_buf_puts(b, kr_eval__label(KR_L_NONE, lang_of(x)));
        return;
    }
    witness iw;
    memset(&iw, 0, sizeof iw);
    iw.kind = w->rkind >= W_REL_NONE ? W_NONE : w->rkind;
    iw.leaf = w->rleaf;
    iw.node = w->rnode;
    iw.conv = w->rconv;
    ectx y = *x;
    if (w->rel.doc) y.doc = w->rel.doc;
    put_actual(b, &y, &iw);
}

const char *kr_eval__leaf_path(const witness *w, const ectx *x, const kr_target *t)
{
    if (w->leaf && w->leaf->path_text) return w->leaf->path_text;
    (void)x;
    return t && t->base_text ? t->base_text : "";
}

static bool fill_slot(kr_buf *b, const char *name, size_t n, const void *ctx)
{
    const fillctx *c = ctx;
    const ectx *x = c->x;
    const witness *w = c->w;
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
    if ((IS("actual") || IS("expr")) && c->marks && c->marks->n < FILL_MAX_MARKS) {
        size_t at = b->len;
        if (IS("expr") && w->kind == W_UNKNOWN_EXPR)
            put_expr(b, x->doc, w->node);
        else
            put_actual(b, x, w);
        c->marks->start[c->marks->n] = at;
        c->marks->end[c->marks->n++] = b->len;
    } else if (IS("actual")) {
        put_actual(b, x, w);
    } else if (IS("expected")) {
        if (w->leaf && w->leaf->expected_text) kr_buf_puts(b, w->leaf->expected_text);
    } else if (IS("path")) {
        kr_buf_puts(b, kr_eval__leaf_path(w, x, c->t));
    } else if (IS("resource")) {
        if (x->resource) kr_buf_puts(b, x->resource);
    } else if (IS("expr")) {
        if (w->kind == W_UNKNOWN_EXPR)
            put_expr(b, x->doc, w->node);
        else
            put_actual(b, x, w);
    } else if (!c->label) {
        return false;
    } else if (IS("note")) {
        if (w->node && w->node->origin && w->node->origin->note)
            kr_buf_puts(b, w->node->origin->note);
    } else if (IS("block")) {
        put_block(b, x, &w->rel);
    } else if (IS("rpath")) {
        kr_buf_puts(b, w->rpath ? w->rpath : "");
    } else if (IS("rexpr")) {
        put_expr(b, w->rel.doc ? w->rel.doc : x->doc, w->rexpr);
    } else if (IS("provider")) {
        kr_buf_puts(b, w->rel.type ? w->rel.type : "");
    } else if (IS("type")) {
        kr_buf_puts(b, kr_eval__label(type_label(w->conv), lang_of(x)));
    } else if (IS("default")) {
        kr_buf_puts(b, w->leaf && w->leaf->default_text ? w->leaf->default_text : "");
    } else if (IS("rleaf")) {
        kr_buf_puts(b, w->rleaf && w->rleaf->path_text ? w->rleaf->path_text : "");
    } else if (IS("ractual")) {
        put_related_actual(b, x, w);
    } else if (IS("title") && c->rule) {
        kr_buf_puts(b, kr_text_get(&c->rule->title, lang_of(x)));
    } else if (IS("whether") && c->rule) {
        say_as(b, x->resource && *x->resource ? KR_L_WHETHER_RES : KR_L_WHETHER, c);
    } else {
        return false;
    }
#undef IS
    return true;
}

static void say_as(kr_buf *b, kr_label id, const fillctx *c)
{
    kr_eval__template(b, kr_eval__label(id, lang_of(c->x)), fill_slot, c);
}

static void say(kr_buf *b, kr_label id, const ectx *x, const witness *w, const kr_target *t)
{
    fillctx c = {x, w, t, NULL, true, NULL};
    say_as(b, id, &c);
}

/* Why an unknown verdict is unknown. */
static kr_label unknown_label(const ectx *x, const witness *w)
{
    switch (w->kind) {
    case W_UNKNOWN_EXPR:
        /* resolution (src/tf, src/cfn) left it unknown and says why */
        return w->node && w->node->origin && w->node->origin->note ? KR_L_UNK_NOTE : KR_L_UNK_EXPR;
    case W_AFTER_APPLY:
        return KR_L_UNK_AFTER_APPLY;
    case W_REL_MAYBE:
        if (w->rexpr) return w->rel.name ? KR_L_REL_UNK_BLOCK : KR_L_REL_UNK_EXPR;
        if (w->rel.kind == KR_RB_PROVIDER && x->subj && x->subj->format == KR_FMT_TERRAFORM)
            return KR_L_REL_UNK_PROVIDER;
        return KR_L_REL_UNK_FORMAT;
    default:
        return KR_L_UNK_ABSENT;
    }
}

void kr_eval__say_unknown(kr_buf *b, const kr_rule *rule, const ectx *x, const witness *w,
                          const kr_target *t)
{
    fillctx c = {x, w, t, rule, true, NULL};
    say_as(b, unknown_label(x, w), &c);
}

void kr_eval_put_whether(kr_buf *b, const kr_rule *rule, const char *resource, kr_lang lang)
{
    kr_eval_options o;
    memset(&o, 0, sizeof o);
    o.lang = lang;
    ectx x;
    memset(&x, 0, sizeof x);
    x.opts = &o;
    x.resource = resource;
    witness w;
    memset(&w, 0, sizeof w);
    fillctx c = {&x, &w, NULL, rule, true, NULL};
    say_as(b, resource && *resource ? KR_L_WHETHER_RES : KR_L_WHETHER, &c);
}

/* Fills {actual} {expected} {path} {resource} {expr} into tpl. Other braces
 * are copied as they are. */
static bool non_ascii(const kr_buf *b, size_t i)
{
    return i < b->len && (unsigned char)b->ptr[i] >= 0x80;
}

static void drop_byte(kr_buf *b, size_t i)
{
    memmove(b->ptr + i, b->ptr + i + 1, b->len - i - 1);
    b->len--;
    b->ptr[b->len] = '\0';
}

void kr_eval__fill(kr_buf *b, const char *tpl, const ectx *x, const witness *w, const kr_target *t)
{
    slotmarks m;
    m.n = 0;
    bool ja = lang_of(x) == KR_LANG_JA;
    fillctx c = {x, w, t, NULL, false, ja ? &m : NULL};
    kr_eval__template(b, tpl, fill_slot, &c);
    if (b->failed || !b->ptr)
        return;
    /* Japanese puts no space between Japanese words: a space the template
     * writes between Japanese text and a value that is itself Japanese (a
     * label such as 未設定, or a value ending in one) goes; a space beside
     * an ASCII value (が 3 です, が var.x です) stays. Last mark first, so
     * earlier offsets stay valid. */
    for (size_t k = m.n; k-- > 0;) {
        size_t s = m.start[k], e = m.end[k];
        if (e > s && e < b->len && b->ptr[e] == ' ' && non_ascii(b, e - 1) && non_ascii(b, e + 1))
            drop_byte(b, e);
        if (e > s && s >= 2 && b->ptr[s - 1] == ' ' && non_ascii(b, s - 2) && non_ascii(b, s))
            drop_byte(b, s - 1);
    }
}

/* The source line holding byte `at`, without its line break. */
