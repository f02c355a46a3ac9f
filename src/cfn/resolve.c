/* resolve.c - CloudFormation parameters, mappings, conditions and intrinsic
 * functions evaluated as the stack deploys (see resolve.h).
 *
 * The walk: rv() resolves one value and returns its replacement (the same
 * node when nothing changes). Maps and lists are rewritten in place with new
 * pair/item arrays (resolution does not depend on where a node sits, so a
 * node shared through a YAML alias resolves the same at every use, and a
 * second visit finds nothing left to do). An intrinsic whose value is not
 * known before deploy is returned as it is, so relations (eval/relations.c)
 * still see which resource it names; an unknown with a reason the template
 * itself gives (a parameter without Default, an undecided condition) is a new
 * EXPR whose origin's first note is the reason.
 */
#include "cfn/resolve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cfn/sam.h"
#include "cfn/sls.h"
#include "util/buf.h"
#include "util/fs.h"

/* Node visits per template: aliases and nested intrinsics cannot make the
 * pass run away; past it the rest is left as written (one diagnostic). */
#define CFN_MAX_STEPS 2000000u
/* Nesting of values and intrinsics followed. */
#define CFN_MAX_DEPTH (4 * KR_MAX_DEPTH)
/* Items a list parameter or Fn::Split may produce. */
#define CFN_MAX_ITEMS 10000u
/* Longest string Fn::Sub, Fn::Join or Fn::Base64 builds. */
#define CFN_MAX_TEXT (1u << 20)
/* AWS::Include files read per template (each is parsed and copied). */
#define CFN_MAX_INCLUDES 64
/* Longest expression text kept in an unknown's message. */
#define CFN_EXPR_TEXT 160u

typedef enum tri { T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = 2 } tri;

/* param - one entry of Parameters, resolved on first use. */
typedef struct param {
    const kr_pair *pair;     /* key: the name; value: the declaration */
    bool done;
    kr_node *value;          /* the typed value, or NULL (unknown) */
    bool from_file;          /* the value is in a parameter file */
    const kr_origin *place;  /* where the value (or the reason) is written */
} param;

/* cond - one entry of Conditions. */
typedef struct cond {
    const kr_pair *pair;
    int state;               /* 0 not yet, 1 being evaluated, 2 done */
    tri v;
    const char *why;         /* T_UNKNOWN: why */
} cond;

typedef struct rctx {
    kr_doc *doc;
    kr_arena *a;
    const kr_cfn_options *opts;
    kr_diags *diags;
    kr_node *mappings;
    param *params;
    size_t nparams;
    cond *conds;
    size_t nconds;
    kr_node *novalue;        /* the AWS::NoValue marker (pointer identity) */
    size_t includes;         /* AWS::Include files read */
    unsigned *undecided;     /* conditions undecided (or forced) so far, over the roots */
    size_t steps;
    bool over;
} rctx;

static kr_node *rv(rctx *c, kr_node *n, int depth);
static tri cond_named(rctx *c, const char *name, const kr_node *at, const char **why, int depth);

/* ------------------------------------------------------------- helpers --- */

static const char *fmt(rctx *c, const char *f, ...) KR_PRINTF(2, 3);
static const char *fmt(rctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    const char *s = kr_arena_vprintf(c->a, f, ap);
    va_end(ap);
    return s;
}

static bool is_text(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && !n->tag && n->text;
}

static bool unknown_node(const kr_node *n)
{
    return n && kr_node_is_unknown(n);
}

/* The reason of an unknown built here (its origin's first note), or NULL. */
static const char *why_of(const kr_node *n)
{
    return n && n->kind == KR_NODE_EXPR && n->origin ? n->origin->note : NULL;
}

/* The first line of a node's source text, clipped. */
static const char *expr_text(rctx *c, const kr_node *n)
{
    const char *s = NULL;
    size_t len = 0;
    if (n->kind == KR_NODE_EXPR || (n->kind == KR_NODE_SCALAR && !n->tag)) {
        s = n->text;
        len = n->text_len;
    }
    if (!s && c->doc->data && n->span.end.byte <= c->doc->len && n->span.start.byte <= n->span.end.byte) {
        s = c->doc->data + n->span.start.byte;
        len = n->span.end.byte - n->span.start.byte;
    }
    if (!s) return "";
    size_t k = 0;
    while (k < len && s[k] != '\n' && s[k] != '\r') k++;
    bool cut = k < len;
    if (k > CFN_EXPR_TEXT) {
        k = CFN_EXPR_TEXT;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        cut = true;
    }
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
    return fmt(c, "%.*s%s", (int)k, s, cut ? " \xE2\x80\xA6" : "");
}

static kr_origin *step(rctx *c, const char *file, const char *src, size_t src_len, kr_span span,
                       const char *note, const kr_origin *next)
{
    kr_origin *o = kr_arena_alloc(c->a, sizeof *o);
    o->file = file;
    o->src = src;
    o->src_len = src_len;
    o->span = span;
    o->note = note;
    o->next = next;
    return o;
}

static kr_origin *here(rctx *c, kr_span span, const char *note, const kr_origin *next)
{
    return step(c, c->doc->path, c->doc->data, c->doc->len, span, note, next);
}

/* A copy of a chain with `tail` appended. */
static const kr_origin *chain_then(rctx *c, const kr_origin *o, const kr_origin *tail)
{
    if (!o) return tail;
    return step(c, o->file, o->src, o->src_len, o->span, o->note, chain_then(c, o->next, tail));
}

/* An unknown with a reason: an EXPR at `at` whose text is the expression and
 * the reason, and whose origin starts at `place` (where the reason is
 * written; NULL: at the use site). */
static kr_node *unknown(rctx *c, const kr_node *at, const kr_origin *place, const char *why)
{
    kr_node *u = kr_node_new(c->a, KR_NODE_EXPR, at->span);
    /* the reason travels in the origin chain (the finding's trace and its
     * "because ..."), not in the expression text */
    const char *t = expr_text(c, at);
    u->text = t;
    u->text_len = strlen(t);
    const kr_origin *use = here(c, at->span, expr_text(c, at), NULL);
    if (place) {
        kr_origin *first = step(c, place->file, place->src, place->src_len, place->span, why, use);
        u->origin = first;
    } else {
        u->origin = here(c, at->span, why, NULL);
    }
    return u;
}

/* An unknown made of an unknown part: keeps the part's reason and chain. */
static kr_node *unknown_from(rctx *c, const kr_node *at, const kr_node *part)
{
    const char *why = why_of(part);
    kr_node *u = kr_node_new(c->a, KR_NODE_EXPR, at->span);
    const char *t = expr_text(c, at);
    u->text = t;
    u->text_len = strlen(t);
    const kr_origin *o = part->origin;
    /* the part's chain without its use site, then this use site */
    kr_origin *use = here(c, at->span, expr_text(c, at), NULL);
    if (o && o->next) {
        u->origin = step(c, o->file, o->src, o->src_len, o->span, o->note, use);
    } else {
        use->note = why;
        u->origin = use;
    }
    return u;
}

static kr_node *str_node(rctx *c, const char *s, size_t n, kr_span span)
{
    return kr_node_new_scalar(c->a, KR_SCALAR_STRING, s, n, span);
}

/* A copy of value v used at `at`: span `span`, origin `o` on it and, for a
 * list, on each item (a rule may test one item). */
static kr_node *use_copy(rctx *c, const kr_node *v, kr_span span, const kr_origin *o, int depth)
{
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *v;
    cp->span = span;
    cp->origin = o;
    if (v->kind == KR_NODE_SEQ && depth < 2 && v->nitems) {
        cp->items = kr_arena_alloc(c->a, v->nitems * sizeof *cp->items);
        for (size_t i = 0; i < v->nitems; i++)
            cp->items[i] = use_copy(c, v->items[i], span, o, depth + 1);
    }
    return cp;
}

/* A value written at its own place (a mapping entry) used at `at`. */
static kr_node *placed_copy(rctx *c, const kr_node *v, const kr_node *at, const char *note)
{
    const kr_origin *o = here(c, v->span, note, here(c, at->span, expr_text(c, at), NULL));
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *v;
    cp->origin = o;
    if (v->kind == KR_NODE_SEQ && v->nitems) {
        cp->items = kr_arena_alloc(c->a, v->nitems * sizeof *cp->items);
        for (size_t i = 0; i < v->nitems; i++) {
            kr_node *it = kr_arena_alloc(c->a, sizeof *it);
            *it = *v->items[i];
            it->origin = o;
            cp->items[i] = it;
        }
    }
    return cp;
}

/* ----------------------------------------------------------- intrinsics --- */

/* The decoded value of a tagged scalar (`!Sub 'a${X}'`): detect.c replaced
 * its text by the source, which is parsed again here. */
static kr_node *decode_tagged(rctx *c, const kr_node *n)
{
    const char *s = n->text ? n->text : "";
    size_t len = n->text ? n->text_len : 0;
    yaml_parser_t p;
    yaml_event_t ev;
    kr_node *out = NULL;
    if (!yaml_parser_initialize(&p)) return str_node(c, "", 0, n->span);
    yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
    for (int guard = 0; guard < 8 && !out; guard++) {
        if (!yaml_parser_parse(&p, &ev)) break;
        yaml_event_type_t t = ev.type;
        if (t == YAML_SCALAR_EVENT)
            out = str_node(c, (const char *)ev.data.scalar.value, ev.data.scalar.length, n->span);
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT || t == YAML_MAPPING_START_EVENT ||
            t == YAML_SEQUENCE_START_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    if (out) return out;
    /* not parsable on its own: the text after the tag */
    size_t i = 0;
    if (i < len && s[i] == '!')
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    return str_node(c, s + i, len - i, n->span);
}

/* Whether n is an intrinsic: its function name (without "Fn::") and its
 * argument (a view for the short forms). */
static bool fn_of(rctx *c, kr_node *n, const char **name, kr_node **arg)
{
    if (n->tag && n->tag[0] == '!' && n->tag[1] != '\0' && n->tag[1] != '!') {
        const char *t = n->tag + 1;
        if (strncmp(t, "Fn::", 4) == 0) t += 4;
        *name = t;
        if (n->nitems) {
            kr_node *v = kr_node_new(c->a, KR_NODE_SEQ, n->span);
            v->items = n->items;
            v->nitems = n->nitems;
            *arg = v;
        } else if (n->npairs) {
            kr_node *v = kr_node_new(c->a, KR_NODE_MAP, n->span);
            v->pairs = n->pairs;
            v->npairs = n->npairs;
            *arg = v;
        } else if (n->kind == KR_NODE_EXPR) {
            *arg = decode_tagged(c, n);
        } else {
            kr_node *v = kr_arena_alloc(c->a, sizeof *v);
            *v = *n;
            v->tag = NULL;
            v->kind = n->kind == KR_NODE_EXPR ? KR_NODE_SCALAR : n->kind;
            *arg = v;
        }
        return true;
    }
    if ((n->kind == KR_NODE_EXPR || n->kind == KR_NODE_MAP) && n->npairs == 1 && n->pairs[0].key &&
        n->pairs[0].key->text) {
        const char *k = n->pairs[0].key->text;
        if (strcmp(k, "Ref") == 0) {
            *name = "Ref";
        } else if (strncmp(k, "Fn::", 4) == 0 && k[4]) {
            *name = k + 4;
        } else {
            return false;
        }
        *arg = n->pairs[0].value;
        return *arg != NULL;
    }
    return false;
}

static kr_node *item(const kr_node *seq, size_t i)
{
    return seq && seq->kind == KR_NODE_SEQ && i < seq->nitems ? seq->items[i] : NULL;
}

/* Argument i of a list argument, resolved. */
static kr_node *arg_at(rctx *c, kr_node *arg, size_t i, int depth)
{
    kr_node *it = item(arg, i);
    if (!it) return NULL;
    kr_node *r = rv(c, it, depth + 1);
    /* arg is a view or the function's own list; the AWS::NoValue marker is
     * never written into it: a function left unresolved (an undecided Fn::If)
     * stays in the tree, and the marker has no text (fuzz_cfn) */
    if (r != c->novalue) arg->items[i] = r;
    return r;
}

/* --------------------------------------------------------- parameters --- */

static param *find_param(rctx *c, const char *name, size_t len)
{
    for (size_t i = 0; i < c->nparams; i++) {
        const kr_node *k = c->params[i].pair->key;
        if (k->text_len == len && memcmp(k->text, name, len) == 0) return &c->params[i];
    }
    return NULL;
}

static bool parse_number(const char *s, size_t n, kr_node *out)
{
    char buf[64];
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end = NULL;
    long long i = strtoll(buf, &end, 10);
    if (end && *end == '\0') {
        out->stype = KR_SCALAR_INT;
        out->v.i = i;
        return true;
    }
    double d = strtod(buf, &end);
    if (end && *end == '\0' && end != buf) {
        out->stype = KR_SCALAR_FLOAT;
        out->v.f = d;
        return true;
    }
    return false;
}

static bool is_list_type(const char *type)
{
    return strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0;
}

/* Checks a value against the declaration's constraints; the message names
 * the first failed one, or NULL when it passes. */
static const char *check_constraints(rctx *c, const kr_node *decl, const char *name, const char *v,
                                     size_t vlen, bool number)
{
    const kr_node *allowed = kr_node_get(decl, "AllowedValues");
    if (allowed && allowed->kind == KR_NODE_SEQ) {
        bool ok = false;
        for (size_t i = 0; i < allowed->nitems && !ok; i++) {
            const kr_node *a = allowed->items[i];
            if (!a || a->kind != KR_NODE_SCALAR || !a->text) continue;
            /* a YAML boolean (True, yes in YAML 1.1 spellings) is the string true/false */
            const char *at = a->stype == KR_SCALAR_BOOL ? (a->v.b ? "true" : "false") : a->text;
            ok = strlen(at) == vlen && memcmp(at, v, vlen) == 0;
        }
        if (!ok)
            return fmt(c, "the value \"%.*s\" of parameter %s is not one of its AllowedValues",
                       (int)(vlen > 200 ? 200 : vlen), v, name);
    }
    if (number) {
        kr_node nv = {0};
        if (parse_number(v, vlen, &nv)) {
            double x = nv.stype == KR_SCALAR_INT ? (double)nv.v.i : nv.v.f;
            const char *keys[] = {"MinValue", "MaxValue"};
            for (int k = 0; k < 2; k++) {
                const kr_node *lim = kr_node_get(decl, keys[k]);
                kr_node lv = {0};
                if (!is_text(lim) || !parse_number(lim->text, lim->text_len, &lv)) continue;
                double l = lv.stype == KR_SCALAR_INT ? (double)lv.v.i : lv.v.f;
                if ((k == 0 && x < l) || (k == 1 && x > l))
                    return fmt(c, "the value %.*s of parameter %s is %s its %s %s",
                               (int)(vlen > 60 ? 60 : vlen), v, name, k ? "above" : "below", keys[k],
                               lim->text);
            }
        }
    } else {
        const char *keys[] = {"MinLength", "MaxLength"};
        for (int k = 0; k < 2; k++) {
            const kr_node *lim = kr_node_get(decl, keys[k]);
            kr_node lv = {0};
            if (!is_text(lim) || !parse_number(lim->text, lim->text_len, &lv) ||
                lv.stype != KR_SCALAR_INT)
                continue;
            if ((k == 0 && (long long)vlen < lv.v.i) || (k == 1 && (long long)vlen > lv.v.i))
                return fmt(c, "the value of parameter %s is %zu characters, %s its %s %s", name, vlen,
                           k ? "above" : "below", keys[k], lim->text);
        }
    }
    return NULL;
}

/* Converts raw text to the parameter's Type at span; NULL with *why set when
 * CloudFormation would reject it. */
static kr_node *convert(rctx *c, const kr_node *decl, const char *name, const char *type,
                        const char *raw, size_t rlen, kr_span span, const char **why)
{
    bool list = is_list_type(type);
    bool number = strcmp(type, "Number") == 0 || strcmp(type, "List<Number>") == 0;
    if (!list) {
        const char *bad = check_constraints(c, decl, name, raw, rlen, number);
        if (bad) {
            *why = bad;
            return NULL;
        }
        kr_node *v = str_node(c, raw, rlen, span);
        if (number && !parse_number(raw, rlen, v)) {
            *why = fmt(c, "the value \"%.*s\" of parameter %s is not a Number", (int)(rlen > 60 ? 60 : rlen),
                       raw, name);
            return NULL;
        }
        return v;
    }
    kr_node *seq = kr_node_new(c->a, KR_NODE_SEQ, span);
    size_t i = 0;
    if (rlen == 0) return seq;
    while (i <= rlen) {
        size_t st = i;
        while (i < rlen && raw[i] != ',') i++;
        size_t s = st, e = i; /* each member string is space trimmed */
        while (s < e && (raw[s] == ' ' || raw[s] == '\t')) s++;
        while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) e--;
        const char *bad = check_constraints(c, decl, name, raw + s, e - s, number);
        if (bad) {
            *why = bad;
            return NULL;
        }
        kr_node *it = str_node(c, raw + s, e - s, span);
        if (number && !parse_number(raw + s, e - s, it)) {
            *why = fmt(c, "the item \"%.*s\" of parameter %s is not a Number", (int)(e - s > 60 ? 60 : e - s),
                       raw + s, name);
            return NULL;
        }
        if (seq->nitems >= CFN_MAX_ITEMS) {
            *why = fmt(c, "parameter %s has more than %u items", name, CFN_MAX_ITEMS);
            return NULL;
        }
        kr_node_seq_push(c->a, seq, it);
        i++;
    }
    return seq;
}

/* A copy of a chain without its last step (NULL for a chain of one). */
static const kr_origin *chain_but_last(rctx *c, const kr_origin *o)
{
    if (!o || !o->next) return NULL;
    return step(c, o->file, o->src, o->src_len, o->span, o->note, chain_but_last(c, o->next));
}

/* A parameter passed by the parent stack (kr_cfn_options.stack_params): the
 * parent's value sv as text, and its place: the parent's chain for sv (a
 * parent parameter's Default, say) then sv's own place in the parent's
 * Parameters. false: the value is unknown (p->place says why). */
static bool stack_passed(rctx *c, param *p, const kr_node *sv, const char **raw, size_t *rlen,
                         kr_span *vspan, const kr_origin **place)
{
    const kr_doc *pd = c->opts->stack_doc;
    const char *name = p->pair->key->text;
    const char *stack = c->opts->stack_name ? c->opts->stack_name : "?";
    const char *pfile = pd && pd->path ? pd->path : "?";
    /* the parent's chain without its last step (the use site, which is
     * this Parameters entry) */
    const kr_origin *tail = sv->origin && sv->origin->next ? chain_but_last(c, sv->origin) : NULL;
    kr_span at = sv->span; /* the Parameters entry: the parent's use site */
    for (const kr_origin *o = sv->origin; o; o = o->next)
        if (!o->next) at = o->span;
    if (sv->kind == KR_NODE_SCALAR && !sv->tag && sv->text) {
        *raw = sv->stype == KR_SCALAR_BOOL ? (sv->v.b ? "true" : "false") : sv->text;
        *rlen = strlen(*raw);
        *vspan = sv->span;
        const char *note = fmt(c, "%s = %.*s (Parameters.%s of nested stack %s in %s)", name,
                               (int)(*rlen > 200 ? 200 : *rlen), *raw, name, stack, pfile);
        kr_origin *mine = step(c, pfile, pd ? pd->data : NULL, pd ? pd->len : 0, at, note, NULL);
        *place = tail ? chain_then(c, tail, mine) : mine;
        return true;
    }
    const char *why = kr_node_is_unknown(sv) && why_of(sv)
                          ? fmt(c, "parameter %s is passed by nested stack %s (%s) as a value krewlint "
                                   "cannot know: %s", name, stack, pfile, why_of(sv))
                      : kr_node_is_unknown(sv)
                          ? fmt(c, "parameter %s is passed by nested stack %s (%s) as %.*s, known only "
                                   "at deploy", name, stack, pfile, (int)(sv->text_len > 120 ? 120 : sv->text_len),
                                sv->text ? sv->text : "an intrinsic function")
                          : fmt(c, "parameter %s is passed by nested stack %s (%s) as a %s, not a string",
                                name, stack, pfile, sv->kind == KR_NODE_SEQ ? "list" : "map");
    kr_origin *mine = step(c, pfile, pd ? pd->data : NULL, pd ? pd->len : 0, at, why, NULL);
    p->place = mine;
    return false;
}

static void param_compute(rctx *c, param *p)
{
    p->done = true;
    const kr_node *key = p->pair->key;
    const kr_node *decl = p->pair->value;
    const char *name = key->text;
    const kr_node *tn = kr_node_get(decl, "Type");
    const char *type = is_text(tn) ? tn->text : "String";
    const kr_node *def = kr_node_get(decl, "Default");
    /* a nested stack's parameters come from its parent only */
    const kr_cfn_override *o = c->opts && !c->opts->stack_doc ? kr_cfn_params_get(c->opts->params, name) : NULL;
    const kr_node *sv = c->opts && c->opts->stack_params ? kr_node_get(c->opts->stack_params, name) : NULL;

    if (strncmp(type, "AWS::SSM::Parameter::Value<", 27) == 0) {
        p->place = here(c, tn->span,
                        fmt(c, "parameter %s has type %s: its value is read from Systems Manager "
                               "Parameter Store at deploy", name, type), NULL);
        return;
    }
    const char *raw;
    size_t rlen;
    kr_span vspan;
    const kr_origin *place;
    if (sv) {
        /* passed by the parent stack: its value, as the parent resolved it */
        if (!stack_passed(c, p, sv, &raw, &rlen, &vspan, &place))
            return;
        p->from_file = true;
    } else if (o && o->use_previous) {
        p->place = step(c, o->file, o->src, o->src_len, o->span,
                        fmt(c, "parameter %s keeps the deployed stack's value (UsePreviousValue in %s)",
                            name, o->file), NULL);
        return;
    } else if (o) {
        raw = o->value;
        rlen = strlen(o->value);
        vspan = o->span;
        place = step(c, o->file, o->src, o->src_len, o->span,
                     fmt(c, "%s = %.*s (%s in %s)", name, (int)(rlen > 200 ? 200 : rlen), raw, o->form,
                         o->file), NULL);
        p->from_file = true;
    } else if (def && def->kind == KR_NODE_SCALAR && !def->tag && def->stype != KR_SCALAR_NULL) {
        raw = def->stype == KR_SCALAR_BOOL ? (def->v.b ? "true" : "false") : def->text;
        rlen = strlen(raw);
        vspan = def->span;
        place = here(c, def->span,
                     fmt(c, "%s = %.*s (Parameters.%s.Default)", name, (int)(rlen > 200 ? 200 : rlen), raw,
                         name), NULL);
    } else if (def && def->kind == KR_NODE_SCALAR && !def->tag) {
        raw = "";
        rlen = 0;
        vspan = def->span;
        place = here(c, def->span, fmt(c, "%s = \"\" (Parameters.%s.Default)", name, name), NULL);
    } else {
        p->place = here(c, key->span,
                        def ? fmt(c, "the Default of parameter %s is not a string", name)
                            : fmt(c, "parameter %s has no Default and no value from a parameter file",
                                 name), NULL);
        return;
    }
    const char *why = NULL;
    kr_node *v = convert(c, decl, name, type, raw, rlen, vspan, &why);
    if (!v) {
        kr_diags_add(c->diags, KR_SEV_ERROR, place->file, &place->span, "cfn-parameter",
                     "%s; CloudFormation rejects the stack", why);
        p->place = step(c, place->file, place->src, place->src_len, place->span, why, NULL);
        return;
    }
    p->value = v;
    p->place = place;
}

/* Ref to a parameter, used at `at`. */
static kr_node *param_use(rctx *c, param *p, const kr_node *at)
{
    if (!p->done) param_compute(c, p);
    if (!p->value) return unknown(c, at, p->place, p->place->note);
    const kr_origin *use = here(c, at->span, expr_text(c, at), NULL);
    const kr_origin *o = chain_then(c, p->place, use);
    return use_copy(c, p->value, p->from_file ? at->span : p->value->span, o, 0);
}

/* -------------------------------------------------------- Ref, pseudo --- */

static const char *partition_of(const char *region)
{
    if (strncmp(region, "cn-", 3) == 0) return "aws-cn";
    if (strncmp(region, "us-gov-", 7) == 0) return "aws-us-gov";
    if (strncmp(region, "us-iso-", 7) == 0) return "aws-iso";
    if (strncmp(region, "us-isob-", 8) == 0) return "aws-iso-b";
    return "aws";
}

static kr_node *pseudo(rctx *c, const char *name, const kr_node *at)
{
    const char *region = c->opts ? c->opts->region : NULL;
    const char *v = NULL;
    if (strcmp(name, "AWS::NoValue") == 0) return c->novalue;
    if (strcmp(name, "AWS::Region") == 0 || strcmp(name, "AWS::Partition") == 0 ||
        strcmp(name, "AWS::URLSuffix") == 0) {
        if (!region)
            return unknown(c, at, NULL,
                           fmt(c, "%s depends on the stack's region, which is not configured "
                                  "(--region or cloudformation.region)", name));
        if (strcmp(name, "AWS::Region") == 0) v = region;
        else if (strcmp(name, "AWS::Partition") == 0) v = partition_of(region);
        else v = strncmp(region, "cn-", 3) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
        kr_node *s = str_node(c, v, strlen(v), at->span);
        s->origin = here(c, at->span, fmt(c, "%s = %s (configured region)", name, v), NULL);
        return s;
    }
    if (strcmp(name, "AWS::AccountId") == 0 || strcmp(name, "AWS::StackName") == 0 ||
        strcmp(name, "AWS::StackId") == 0 || strcmp(name, "AWS::NotificationARNs") == 0)
        return unknown(c, at, NULL, fmt(c, "%s is known only when the stack is created", name));
    return NULL;
}

/* The value of `Ref name` at `at`; NULL: a resource (or a name this
 * template does not declare), known after deploy. */
static kr_node *ref_value(rctx *c, const char *name, size_t len, const kr_node *at)
{
    if (len > 5 && memcmp(name, "AWS::", 5) == 0) {
        const char *nm = fmt(c, "%.*s", (int)len, name);
        return pseudo(c, nm, at);
    }
    param *p = find_param(c, name, len);
    return p ? param_use(c, p, at) : NULL;
}

/* ---------------------------------------------------------- functions --- */

static kr_node *fn_ref(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *a = rv(c, arg, depth + 1);
    if (!is_text(a)) return n;
    kr_node *v = ref_value(c, a->text, a->text_len, n);
    return v ? v : n;
}

/* Fn::Sub "text ${Name} ${!Literal}" or [text, {Name: value}]. */
static kr_node *fn_sub(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *tmpl = arg, *vars = NULL;
    if (arg->kind == KR_NODE_SEQ) {
        tmpl = arg_at(c, arg, 0, depth);
        vars = item(arg, 1);
    } else {
        tmpl = rv(c, arg, depth + 1);
    }
    if (!is_text(tmpl)) return tmpl && why_of(tmpl) ? unknown_from(c, n, tmpl) : n;
    const char *s = tmpl->text;
    size_t len = tmpl->text_len;
    kr_buf b;
    kr_buf_init(&b, CFN_MAX_TEXT);
    const kr_origin *origin = NULL;
    kr_node *bad = NULL;
    bool opaque = false;
    /* a resource named anywhere keeps the expression as written (relations
     * follow it), even when another part is unknown for a reason */
    for (size_t i = 0; i < len && !opaque;) {
        if (s[i] != '$' || i + 1 >= len || s[i + 1] != '{') {
            kr_buf_putc(&b, s[i++]);
            continue;
        }
        size_t st = i + 2, e = st;
        while (e < len && s[e] != '}') e++;
        if (e >= len) {
            kr_buf_put(&b, s + i, len - i);
            break;
        }
        if (s[st] == '!') { /* ${!Literal} is the text ${Literal} */
            kr_buf_puts(&b, "${");
            kr_buf_put(&b, s + st + 1, e - st - 1);
            kr_buf_putc(&b, '}');
            i = e + 1;
            continue;
        }
        const char *nm = s + st;
        size_t nl = e - st;
        while (nl && nm[0] == ' ') nm++, nl--;
        while (nl && nm[nl - 1] == ' ') nl--;
        kr_node *v = NULL;
        for (size_t k = 0; vars && vars->kind == KR_NODE_MAP && k < vars->npairs; k++) {
            const kr_node *key = vars->pairs[k].key;
            if (key && key->text_len == nl && memcmp(key->text, nm, nl) == 0) {
                vars->pairs[k].value = rv(c, vars->pairs[k].value, depth + 1);
                v = vars->pairs[k].value;
                break;
            }
        }
        if (!v && memchr(nm, '.', nl) == NULL) v = ref_value(c, nm, nl, n);
        if (!v || v == c->novalue) {
            opaque = true; /* a resource, ${Res.Attr}: known after deploy */
        } else if (is_text(v)) {
            kr_buf_put(&b, v->text, v->text_len);
            if (!origin && v->origin) origin = v->origin;
        } else if (why_of(v)) {
            if (!bad) bad = v;
        } else {
            opaque = true;
        }
        i = e + 1;
    }
    if (bad || opaque || b.failed) {
        kr_buf_dispose(&b);
        return bad && !opaque ? unknown_from(c, n, bad) : n;
    }
    kr_node *out = str_node(c, kr_buf_cstr(&b), b.len, n->span);
    kr_buf_dispose(&b);
    out->origin = origin;
    return out;
}

static kr_node *fn_join(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *d = arg_at(c, arg, 0, depth), *list = arg_at(c, arg, 1, depth);
    if (!is_text(d) || !list) return n;
    if (list->kind != KR_NODE_SEQ) return why_of(list) ? unknown_from(c, n, list) : n;
    kr_buf b;
    kr_buf_init(&b, CFN_MAX_TEXT);
    const kr_origin *origin = list->origin;
    const kr_node *bad = NULL;
    for (size_t i = 0; i < list->nitems; i++) {
        const kr_node *it = list->items[i];
        if (!is_text(it) && !why_of(it)) { /* a resource, or a value known after deploy */
            kr_buf_dispose(&b);
            return n;
        }
        if (!is_text(it)) {
            if (!bad) bad = it;
            continue;
        }
        if (i) kr_buf_put(&b, d->text, d->text_len);
        kr_buf_put(&b, it->text, it->text_len);
        if (!origin && it->origin) origin = it->origin;
    }
    if (bad || b.failed) {
        kr_buf_dispose(&b);
        return bad ? unknown_from(c, n, bad) : n;
    }
    kr_node *out = str_node(c, kr_buf_cstr(&b), b.len, n->span);
    kr_buf_dispose(&b);
    out->origin = origin;
    return out;
}

static kr_node *fn_select(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *ix = arg_at(c, arg, 0, depth), *list = arg_at(c, arg, 1, depth);
    if (!ix || !list) return n;
    if (!is_text(ix)) return why_of(ix) ? unknown_from(c, n, ix) : n;
    if (list->kind != KR_NODE_SEQ) return why_of(list) ? unknown_from(c, n, list) : n;
    kr_node iv = {0};
    if (!parse_number(ix->text, ix->text_len, &iv) || iv.stype != KR_SCALAR_INT || iv.v.i < 0)
        return unknown(c, n, NULL, fmt(c, "the index \"%.40s\" is not a non-negative integer", ix->text));
    if ((uint64_t)iv.v.i >= list->nitems)
        return unknown(c, n, NULL,
                       fmt(c, "the index %lld is past the list's %zu items (CloudFormation rejects it)",
                           (long long)iv.v.i, list->nitems));
    return list->items[iv.v.i];
}

static kr_node *fn_split(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *d = arg_at(c, arg, 0, depth), *s = arg_at(c, arg, 1, depth);
    if (!is_text(d) || !s) return n;
    if (!is_text(s)) return why_of(s) ? unknown_from(c, n, s) : n;
    if (d->text_len == 0) return n;
    kr_node *seq = kr_node_new(c->a, KR_NODE_SEQ, n->span);
    seq->origin = s->origin;
    const char *p = s->text, *end = s->text + s->text_len;
    for (;;) {
        const char *hit = NULL;
        for (const char *q = p; q + d->text_len <= end; q++)
            if (memcmp(q, d->text, d->text_len) == 0) {
                hit = q;
                break;
            }
        const char *e = hit ? hit : end;
        if (seq->nitems >= CFN_MAX_ITEMS) return n;
        kr_node *it = str_node(c, p, (size_t)(e - p), n->span);
        it->origin = s->origin;
        kr_node_seq_push(c->a, seq, it);
        if (!hit) break;
        p = hit + d->text_len;
    }
    return seq;
}

static kr_node *fn_base64(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    kr_node *s = rv(c, arg, depth + 1);
    if (!s) return n;
    if (!is_text(s)) return why_of(s) ? unknown_from(c, n, s) : n;
    if (s->text_len > CFN_MAX_TEXT / 2) return n;
    size_t in = s->text_len, olen = (in + 2) / 3 * 4;
    char *o = kr_arena_alloc(c->a, olen + 1);
    const unsigned char *u = (const unsigned char *)s->text;
    size_t k = 0;
    for (size_t i = 0; i < in; i += 3) {
        unsigned v = (unsigned)u[i] << 16;
        if (i + 1 < in) v |= (unsigned)u[i + 1] << 8;
        if (i + 2 < in) v |= u[i + 2];
        o[k++] = tab[(v >> 18) & 63];
        o[k++] = tab[(v >> 12) & 63];
        o[k++] = i + 1 < in ? tab[(v >> 6) & 63] : '=';
        o[k++] = i + 2 < in ? tab[v & 63] : '=';
    }
    kr_node *out = str_node(c, o, k, n->span);
    out->origin = s->origin;
    return out;
}

static kr_node *fn_findinmap(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *k[3];
    for (size_t i = 0; i < 3; i++) {
        k[i] = arg_at(c, arg, i, depth);
        if (!k[i]) return n;
        if (!is_text(k[i])) return why_of(k[i]) ? unknown_from(c, n, k[i]) : n;
    }
    const kr_node *m = kr_node_get(c->mappings, k[0]->text);
    const kr_node *top = kr_node_get(m, k[1]->text);
    kr_node *v = kr_node_get(top, k[2]->text);
    if (v && !unknown_node(v))
        return placed_copy(c, v, n,
                           fmt(c, "Mappings.%s.%s.%s = %s", k[0]->text, k[1]->text, k[2]->text,
                               is_text(v) ? v->text : v->kind == KR_NODE_SEQ ? "[...]" : "{...}"));
    kr_node *opt = item(arg, 3);
    kr_node *dv = opt && opt->kind == KR_NODE_MAP ? kr_node_get(opt, "DefaultValue") : NULL;
    if (dv) return rv(c, dv, depth + 1);
    if (v) return n;
    return unknown(c, n, NULL,
                   fmt(c, "Mappings.%s.%s.%s does not exist (CloudFormation rejects the stack)",
                       k[0]->text, k[1]->text, k[2]->text));
}

static bool same_value(const kr_node *a, const kr_node *b)
{
    if (a == b) return true;
    if (!is_text(a) || !is_text(b)) return false;
    return a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
}

/* Whether v holds an intrinsic left as written (a resource reference, a
 * value known after deploy), which relations may follow. */
static bool names_resource(const kr_node *v, int depth)
{
    if (!v || depth > CFN_MAX_DEPTH) return false;
    if (kr_node_is_unknown(v)) return !why_of(v);
    for (size_t i = 0; i < v->npairs; i++)
        if (names_resource(v->pairs[i].value, depth + 1)) return true;
    for (size_t i = 0; i < v->nitems; i++)
        if (names_resource(v->items[i], depth + 1)) return true;
    return false;
}

static kr_node *fn_if(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    kr_node *cn = arg_at(c, arg, 0, depth);
    if (!is_text(cn) || arg->nitems != 3) return n;
    const char *why = NULL;
    tri t = cond_named(c, cn->text, cn, &why, depth + 1);
    if (t == T_TRUE) return arg_at(c, arg, 1, depth);
    if (t == T_FALSE) return arg_at(c, arg, 2, depth);
    kr_node *a = arg_at(c, arg, 1, depth), *b = arg_at(c, arg, 2, depth);
    if (a && b && same_value(a, b) && a != c->novalue) return a;
    if (names_resource(a, 0) || names_resource(b, 0)) return n; /* relations follow both */
    return unknown(c, n, NULL, fmt(c, "depends on condition %s, which is undecided: %s", cn->text, why));
}

/* A copy of a tree parsed from an included file: it sits at the use, and
 * each node's origin is its place in that file then the use. */
static kr_node *copy_included(rctx *c, const kr_node *n, const kr_node *at, const char *file,
                              const char *src, size_t slen, int depth)
{
    kr_node *cp = kr_arena_alloc(c->a, sizeof *cp);
    *cp = *n;
    cp->span = at->span;
    if (n->text) cp->text = kr_arena_strndup(c->a, n->text, n->text_len);
    if (n->tag) cp->tag = kr_arena_strdup(c->a, n->tag);
    cp->origin = step(c, file, src, slen, n->span, fmt(c, "AWS::Include %s", file),
                      here(c, at->span, expr_text(c, at), NULL));
    if (depth > KR_MAX_DEPTH) {
        cp->pairs = NULL, cp->npairs = 0, cp->items = NULL, cp->nitems = 0;
        return cp;
    }
    if (n->npairs) {
        cp->pairs = kr_arena_alloc(c->a, n->npairs * sizeof *cp->pairs);
        for (size_t i = 0; i < n->npairs; i++) {
            cp->pairs[i].key = n->pairs[i].key ? copy_included(c, n->pairs[i].key, at, file, src, slen, depth + 1) : NULL;
            cp->pairs[i].value = n->pairs[i].value ? copy_included(c, n->pairs[i].value, at, file, src, slen, depth + 1) : NULL;
        }
    }
    if (n->nitems) {
        cp->items = kr_arena_alloc(c->a, n->nitems * sizeof *cp->items);
        for (size_t i = 0; i < n->nitems; i++)
            cp->items[i] = n->items[i] ? copy_included(c, n->items[i], at, file, src, slen, depth + 1) : NULL;
    }
    return cp;
}

/* Fn::Transform {Name: AWS::Include, Parameters: {Location: ./x.yaml}}: a
 * local snippet (the `aws cloudformation package` form) is read and resolved
 * in place; S3 locations and macros stay unknown. */
static kr_node *fn_transform(rctx *c, kr_node *n, kr_node *arg, int depth)
{
    if (c->includes >= CFN_MAX_INCLUDES || !kr_node_is_string(kr_node_get(arg, "Name"), "AWS::Include"))
        return n;
    const kr_node *loc = kr_node_get(kr_node_get(arg, "Parameters"), "Location");
    if (!is_text(loc)) return n;
    const char *l = loc->text;
    if (strstr(l, "://"))
        return unknown(c, n, NULL, fmt(c, "AWS::Include of %.200s is read at deploy", l));
    const char *dpath = c->doc->path ? c->doc->path : "";
    const char *slash = strrchr(dpath, '/');
    const char *file = l[0] == '/' || !slash ? l : fmt(c, "%.*s/%s", (int)(slash - dpath), dpath, l);
    char *data = NULL;
    size_t len = 0;
    const char *emsg = NULL;
    if (kr_fs_read(&data, &len, file, &emsg) != 0)
        return unknown(c, n, NULL, fmt(c, "AWS::Include %s cannot be read", file));
    c->includes++;
    char *src = kr_arena_strndup(c->a, data, len);
    free(data);
    kr_doc inc;
    kr_doc_init(&inc, file, src, len);
    kr_diags local;
    kr_diags_init(&local);
    kr_node *out = NULL;
    if (kr_doc_parse_yaml(&inc, &local) == 0 && inc.nroots == 1)
        out = copy_included(c, inc.roots[0], n, file, src, len, 0);
    kr_diags_dispose(&local);
    kr_doc_dispose(&inc);
    if (!out) return unknown(c, n, NULL, fmt(c, "AWS::Include %s is not one YAML/JSON document", file));
    return rv(c, out, depth + 1);
}

static kr_node *call(rctx *c, kr_node *n, const char *name, kr_node *arg, int depth)
{
    if (strcmp(name, "Transform") == 0 && arg->kind == KR_NODE_MAP) return fn_transform(c, n, arg, depth);
    if (strcmp(name, "Ref") == 0) return fn_ref(c, n, arg, depth);
    if (strcmp(name, "Sub") == 0) return fn_sub(c, n, arg, depth);
    if (arg->kind == KR_NODE_SEQ) {
        if (strcmp(name, "Join") == 0) return fn_join(c, n, arg, depth);
        if (strcmp(name, "Select") == 0) return fn_select(c, n, arg, depth);
        if (strcmp(name, "Split") == 0) return fn_split(c, n, arg, depth);
        if (strcmp(name, "FindInMap") == 0) return fn_findinmap(c, n, arg, depth);
        if (strcmp(name, "If") == 0) return fn_if(c, n, arg, depth);
    }
    if (strcmp(name, "Base64") == 0) return fn_base64(c, n, arg, depth);
    if (strcmp(name, "GetAZs") == 0)
        return unknown(c, n, NULL,
                       "Fn::GetAZs lists the region's Availability Zones, whose names and number "
                       "CloudFormation knows only at deploy");
    if (strcmp(name, "ImportValue") == 0)
        return unknown(c, n, NULL,
                       "Fn::ImportValue reads another stack's export, which CloudFormation knows only "
                       "at deploy");
    /* GetAtt (after deploy),
     * ImportValue, Transform, Cidr, conditions used as values ... */
    return n;
}

/* ---------------------------------------------------------- conditions --- */

static tri cexpr(rctx *c, kr_node *n, const char **why, int depth);

static const char *unknown_why(rctx *c, const kr_node *v)
{
    const char *w = why_of(v);
    return w ? w : fmt(c, "`%s` is known only at deploy", expr_text(c, v));
}

static tri cond_equals(rctx *c, kr_node *arg, const char **why, int depth)
{
    if (arg->kind != KR_NODE_SEQ || arg->nitems != 2) {
        *why = "Fn::Equals needs two values";
        return T_UNKNOWN;
    }
    kr_node *a = arg_at(c, arg, 0, depth), *b = arg_at(c, arg, 1, depth);
    for (int i = 0; i < 2; i++) {
        kr_node *v = i ? b : a;
        if (!v || unknown_node(v)) {
            *why = v ? unknown_why(c, v) : "a missing value";
            return T_UNKNOWN;
        }
    }
    if (is_text(a) && is_text(b)) return same_value(a, b) ? T_TRUE : T_FALSE;
    if (a->kind == KR_NODE_SEQ && b->kind == KR_NODE_SEQ) {
        if (a->nitems != b->nitems) return T_FALSE;
        for (size_t i = 0; i < a->nitems; i++) {
            if (unknown_node(a->items[i]) || unknown_node(b->items[i])) {
                *why = unknown_why(c, unknown_node(a->items[i]) ? a->items[i] : b->items[i]);
                return T_UNKNOWN;
            }
            if (!same_value(a->items[i], b->items[i])) return T_FALSE;
        }
        return T_TRUE;
    }
    *why = "Fn::Equals compares values krewlint does not compare";
    return T_UNKNOWN;
}

static tri cexpr(rctx *c, kr_node *n, const char **why, int depth)
{
    if (!n) {
        *why = "a missing condition";
        return T_UNKNOWN;
    }
    if (depth > CFN_MAX_DEPTH) {
        *why = "conditions nested too deeply";
        return T_UNKNOWN;
    }
    if (n->kind == KR_NODE_MAP && n->npairs == 1 && kr_node_is_string(n->pairs[0].key, "Condition") &&
        is_text(n->pairs[0].value))
        return cond_named(c, n->pairs[0].value->text, n->pairs[0].value, why, depth + 1);
    const char *name = NULL;
    kr_node *arg = NULL;
    if (!fn_of(c, n, &name, &arg)) {
        *why = fmt(c, "`%s` is not a condition function", expr_text(c, n));
        return T_UNKNOWN;
    }
    if (strcmp(name, "Condition") == 0) {
        kr_node *a = rv(c, arg, depth + 1);
        if (!is_text(a)) {
            *why = "Condition needs a condition name";
            return T_UNKNOWN;
        }
        return cond_named(c, a->text, n, why, depth + 1);
    }
    if (strcmp(name, "Equals") == 0) return cond_equals(c, arg, why, depth);
    bool is_and = strcmp(name, "And") == 0, is_or = strcmp(name, "Or") == 0;
    if ((is_and || is_or || strcmp(name, "Not") == 0) && arg->kind == KR_NODE_SEQ) {
        if (!is_and && !is_or) {
            if (arg->nitems != 1) {
                *why = "Fn::Not takes one condition";
                return T_UNKNOWN;
            }
            tri t = cexpr(c, arg->items[0], why, depth + 1);
            return t == T_UNKNOWN ? T_UNKNOWN : t == T_TRUE ? T_FALSE : T_TRUE;
        }
        bool undecided = false;
        const char *first_why = NULL;
        for (size_t i = 0; i < arg->nitems; i++) {
            const char *w = NULL;
            tri t = cexpr(c, arg->items[i], &w, depth + 1);
            if (t == T_UNKNOWN) {
                if (!undecided) first_why = w;
                undecided = true;
            } else if (is_and && t == T_FALSE) {
                return T_FALSE;
            } else if (is_or && t == T_TRUE) {
                return T_TRUE;
            }
        }
        if (undecided) {
            *why = first_why;
            return T_UNKNOWN;
        }
        return is_and ? T_TRUE : T_FALSE;
    }
    *why = fmt(c, "`%s` is not a condition function", expr_text(c, n));
    return T_UNKNOWN;
}

static tri cond_named(rctx *c, const char *name, const kr_node *at, const char **why, int depth)
{
    cond *cd = NULL;
    for (size_t i = 0; i < c->nconds && !cd; i++)
        if (strcmp(c->conds[i].pair->key->text, name) == 0) cd = &c->conds[i];
    if (!cd) { /* a template snippet, or a typo CloudFormation rejects: not decided here */
        (void)at;
        *why = fmt(c, "condition %s is not declared", name);
        return T_UNKNOWN;
    }
    if (cd->state == 2) {
        *why = cd->why;
        return cd->v;
    }
    if (cd->state == 1) {
        kr_diags_add(c->diags, KR_SEV_ERROR, c->doc->path, &cd->pair->key->span, "cfn-condition",
                     "condition %.200s depends on itself (a cycle through Condition)", name);
        *why = fmt(c, "condition %s depends on itself", name);
        cd->state = 2;
        cd->v = T_UNKNOWN;
        cd->why = *why;
        return T_UNKNOWN;
    }
    cd->state = 1;
    const char *w = NULL;
    tri t = cexpr(c, cd->pair->value, &w, depth + 1);
    if (cd->state == 2) { /* a cycle was reported inside */
        *why = cd->why;
        return cd->v;
    }
    cd->state = 2;
    cd->v = t;
    cd->why = w ? w : "";
    if (t == T_UNKNOWN) {
        unsigned i = (*c->undecided)++;
        if (c->opts && c->opts->force_conditions) {
            if (c->opts->forced_names && i < c->opts->forced_cap)
                snprintf(c->opts->forced_names[i], sizeof c->opts->forced_names[i], "%s", name);
            cd->v = i < 32 && (c->opts->scenario >> i & 1u) ? T_TRUE : T_FALSE;
            cd->why = fmt(c, "condition %s is taken as %s in this scenario", name,
                          cd->v == T_TRUE ? "true" : "false");
        }
    }
    *why = cd->why;
    return cd->v;
}

/* ---------------------------------------------------------------- walk --- */

static kr_node *rv(rctx *c, kr_node *n, int depth);

/* A map with an "Fn::Transform" key beside others (`Resources: {A: ...,
 * Fn::Transform: {Name: AWS::Include, ...}}`): the included map's entries
 * join the map's. Returns true when it spliced (the map is then resolved). */
static bool splice_include(rctx *c, kr_node *n, int depth)
{
    for (size_t i = 0; i < n->npairs; i++) {
        if (!kr_node_is_string(n->pairs[i].key, "Fn::Transform")) continue;
        kr_node *v = n->pairs[i].value;
        kr_node *arg = v && (v->kind == KR_NODE_MAP || v->kind == KR_NODE_EXPR) && v->npairs ? v : NULL;
        if (!arg) return false;
        kr_node view = *arg;
        view.kind = KR_NODE_MAP;
        view.tag = NULL;
        kr_node *inc = fn_transform(c, v, &view, depth);
        if (!inc || inc->kind != KR_NODE_MAP) return false;
        kr_node *m = kr_node_new(c->a, KR_NODE_MAP, n->span);
        for (size_t j = 0; j < n->npairs; j++)
            if (j != i) kr_node_map_put(c->a, m, n->pairs[j].key, n->pairs[j].value);
        for (size_t j = 0; j < inc->npairs; j++) kr_node_map_put(c->a, m, inc->pairs[j].key, inc->pairs[j].value);
        n->pairs = m->pairs;
        n->npairs = m->npairs;
        (void)rv(c, n, depth + 1);
        return true;
    }
    return false;
}

static kr_node *rv(rctx *c, kr_node *n, int depth)
{
    if (!n) return NULL;
    if (depth > CFN_MAX_DEPTH || ++c->steps > CFN_MAX_STEPS) {
        c->over = true;
        return n;
    }
    const char *name = NULL;
    kr_node *arg = NULL;
    if (fn_of(c, n, &name, &arg)) return call(c, n, name, arg, depth);
    if (n->kind == KR_NODE_MAP && n->npairs > 1 && splice_include(c, n, depth)) return n;
    if (n->kind == KR_NODE_MAP && n->npairs) {
        kr_pair *np = NULL;
        size_t k = 0;
        for (size_t i = 0; i < n->npairs; i++) {
            kr_node *v = rv(c, n->pairs[i].value, depth + 1);
            if (!np && (v != n->pairs[i].value || v == c->novalue)) {
                np = kr_arena_alloc(c->a, n->npairs * sizeof *np);
                memcpy(np, n->pairs, i * sizeof *np);
                k = i;
            }
            if (!np) continue;
            if (v == c->novalue) continue;
            np[k].key = n->pairs[i].key;
            np[k].value = v;
            k++;
        }
        if (np) {
            n->pairs = np;
            n->npairs = k;
        }
    } else if (n->kind == KR_NODE_SEQ && n->nitems) {
        kr_node **ni = NULL;
        size_t k = 0;
        for (size_t i = 0; i < n->nitems; i++) {
            kr_node *v = rv(c, n->items[i], depth + 1);
            if (!ni && (v != n->items[i] || v == c->novalue)) {
                ni = kr_arena_alloc(c->a, n->nitems * sizeof *ni);
                memcpy(ni, n->items, i * sizeof *ni);
                k = i;
            }
            if (!ni) continue;
            if (v == c->novalue) continue;
            ni[k++] = v;
        }
        if (ni) {
            n->items = ni;
            n->nitems = k;
        }
    }
    return n;
}

/* Keys of a resource that are not resolved (Type, Condition, DependsOn are
 * names; Metadata is free-form). */
static bool keep_key(const kr_node *k)
{
    return kr_node_is_string(k, "Type") || kr_node_is_string(k, "Condition") ||
           kr_node_is_string(k, "DependsOn");
}

static void resolve_resources(rctx *c, kr_node *res)
{
    if (!res || res->kind != KR_NODE_MAP) return;
    kr_pair *np = kr_arena_alloc(c->a, (res->npairs ? res->npairs : 1) * sizeof *np);
    size_t k = 0;
    for (size_t i = 0; i < res->npairs; i++) {
        kr_node *r = res->pairs[i].value;
        if (r && r->kind == KR_NODE_MAP) {
            const kr_node *cn = kr_node_get(r, "Condition");
            if (is_text(cn)) {
                const char *why = NULL;
                if (cond_named(c, cn->text, cn, &why, 0) == T_FALSE) continue; /* not created */
            }
            kr_pair *rp = kr_arena_alloc(c->a, (r->npairs ? r->npairs : 1) * sizeof *rp);
            size_t m = 0;
            for (size_t j = 0; j < r->npairs; j++) {
                rp[m] = r->pairs[j];
                if (!keep_key(r->pairs[j].key)) rp[m].value = rv(c, r->pairs[j].value, 1);
                if (rp[m].value != c->novalue) m++; /* Properties: !If [C, {...}, !Ref AWS::NoValue] */
            }
            r->pairs = rp;
            r->npairs = m;
        }
        np[k++] = res->pairs[i];
    }
    res->pairs = np;
    res->npairs = k;
}

static void resolve_root(rctx *c, kr_node *root)
{
    kr_node *params = kr_node_get(root, "Parameters");
    kr_node *conds = kr_node_get(root, "Conditions");
    c->mappings = kr_node_get(root, "Mappings");
    c->nparams = 0;
    c->nconds = 0;
    if (params && params->kind == KR_NODE_MAP && params->npairs) {
        c->params = kr_arena_alloc(c->a, params->npairs * sizeof *c->params);
        for (size_t i = 0; i < params->npairs; i++)
            if (params->pairs[i].key && params->pairs[i].key->text && params->pairs[i].value &&
                params->pairs[i].value->kind == KR_NODE_MAP)
                c->params[c->nparams++].pair = &params->pairs[i];
    }
    if (conds && conds->kind == KR_NODE_MAP && conds->npairs) {
        c->conds = kr_arena_alloc(c->a, conds->npairs * sizeof *c->conds);
        for (size_t i = 0; i < conds->npairs; i++)
            if (conds->pairs[i].key && conds->pairs[i].key->text)
                c->conds[c->nconds++].pair = &conds->pairs[i];
    }
    /* every condition once, in declaration order: scenario bits follow it */
    for (size_t i = 0; i < c->nconds; i++) {
        const char *why = NULL;
        (void)cond_named(c, c->conds[i].pair->key->text, c->conds[i].pair->key, &why, 0);
    }
    kr_cfn__sam_merge(c->a, c->doc, root);
    kr_node *globals = kr_node_get(root, "Globals");
    if (globals) (void)rv(c, globals, 1);
    kr_node *res = kr_node_get(root, "Resources");
    if (res && res->kind == KR_NODE_MAP && res->npairs > 1) (void)splice_include(c, res, 1);
    resolve_resources(c, res);
}

int kr_cfn_resolve(kr_doc *doc, const kr_cfn_options *opts, kr_diags *diags)
{
    unsigned undecided = 0;
    for (size_t i = 0; i < doc->nroots; i++) {
        kr_node *root = doc->roots[i];
        if (!root || root->kind != KR_NODE_MAP) continue;
        if (doc->root_formats[i] == KR_FMT_SERVERLESS) kr_cfn__sls_resolve(doc, root, opts, diags);
        if (doc->root_formats[i] != KR_FMT_CLOUDFORMATION) continue;
        rctx c = {.doc = doc, .a = doc->arena, .opts = opts, .diags = diags, .undecided = &undecided};
        c.novalue = kr_node_new(doc->arena, KR_NODE_SCALAR, root->span);
        resolve_root(&c, root);
        if (c.over)
            kr_diags_add(diags, KR_SEV_WARNING, doc->path, &root->span, "limit",
                         "the template's intrinsic functions exceed %u steps or %d levels; the rest "
                         "is left unresolved", CFN_MAX_STEPS, CFN_MAX_DEPTH);
    }
    return (int)(undecided > (unsigned)INT32_MAX ? INT32_MAX : undecided);
}
