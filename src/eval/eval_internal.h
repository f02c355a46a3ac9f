/* eval_internal.h - what the files of the evaluator share (eval.c, ops.c,
 * combine.c, message.c, finding.c, source.c): verdicts, witnesses and the
 * context of one target node. Not part of the evaluation API (eval.h).
 */
#ifndef KR_EVAL_EVAL_INTERNAL_H
#define KR_EVAL_EVAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/eval.h"
#include "eval/relations.h"
#include "util/buf.h"


/* Longest snippet line kept (minified JSON can put a whole file on a line). */
#define SNIPPET_MAX 4096u
/* Longest value / expression text put into a message. */
#define TEXT_MAX 200u

typedef enum verdict { V_PASS, V_FAIL, V_UNKNOWN } verdict;

typedef enum wkind {
    W_NONE,           /* nothing to show (should not be reported) */
    W_VALUE,          /* a value was found and tested */
    W_CONV,           /* a value was found but is not of the leaf's type */
    W_ABSENT,         /* the value is absent */
    W_DEFAULT,        /* absent; the default was tested */
    W_UNKNOWN_EXPR,   /* an expression (or intrinsic) stands where a value is needed */
    W_UNKNOWN_ABSENT, /* absent, and the rule says if_absent: unknown */
    W_AFTER_APPLY,    /* plan: the value is known only after apply */
    W_REL_NONE,       /* related: no block is tied to the resource */
    W_REL_MATCH,      /* related: this block is (w.rel) */
    W_REL_FAIL,       /* related: tied blocks exist, the first fails its check (w.rel, w.r*) */
    W_REL_MAYBE       /* related: an expression may tie a block (w.rel, w.rexpr) */
} wkind;

/* witness - what decided a verdict. */
typedef struct witness {
    wkind kind;
    const kr_cond *leaf;    /* NULL for a target `path:` that was unknown */
    const kr_node *node;    /* W_VALUE/W_CONV: the value; W_UNKNOWN_EXPR: the expression */
    const kr_node *stop;    /* absent: the deepest node reached (NULL: the target) */
    kr_vtype conv;          /* W_CONV: the type it could not be read as */
    /* W_REL_*: the related block; for W_REL_FAIL what decided its check
     * (rkind, rleaf, rnode, rconv: an inner witness in rel.doc); for
     * W_REL_MAYBE the unresolved expression (rexpr in rel.doc, at rpath, of
     * the related block when rel.name is set, else of the resource) */
    kr_rel_block rel;
    wkind rkind;
    const kr_cond *rleaf;
    const kr_node *rnode;
    kr_vtype rconv;
    const kr_node *rexpr;
    const char *rpath;
} witness;

typedef struct result {
    verdict v;
    witness w;
} result;

/* ectx - one target node being checked. */
typedef struct ectx {
    const kr_doc *doc;
    const kr_eval_options *opts;
    kr_findings *out;
    const kr_node *root;          /* the target node (condition root) */
    const char *resource;         /* may be NULL */
    kr_span anchor;               /* where "absent at the target" points */
    const kr_node *after_unknown; /* plan: change.after_unknown, or NULL */
    const kr_rel_subject *subj;   /* the resource for `related:`, or NULL */
    const kr_relindex *module;    /* the Terraform module's blocks, or NULL */
} ectx;

/* acc - combines verdicts for all (every one must pass) or any (one must). */
typedef struct acc {
    bool any;
    size_t n;
    bool have_fail, have_unknown, have_pass;
    result fail, unknown, pass;
} acc;

/* The evaluator's words (labels.c), each in English and Japanese. */
typedef enum kr_label {
    KR_L_ABSENT,
    KR_L_NONE,
    KR_L_UNKNOWN,
    KR_L_AFTER_APPLY,
    KR_L_NOT_TYPE,
    KR_L_DEFAULT,
    KR_L_REL_WHOSE,
    KR_L_T_NUMBER,
    KR_L_T_DURATION,
    KR_L_T_TLS,
    KR_L_T_BOOL,
    KR_L_T_STRING,
    KR_L_WHETHER,
    KR_L_WHETHER_RES,
    KR_L_UNK_NOTE,
    KR_L_UNK_EXPR,
    KR_L_UNK_AFTER_APPLY,
    KR_L_UNK_ABSENT,
    KR_L_REL_UNK_BLOCK,
    KR_L_REL_UNK_EXPR,
    KR_L_REL_UNK_PROVIDER,
    KR_L_REL_UNK_FORMAT,
    KR_L_COUNT
} kr_label;

/* ops.c */
result kr_eval__mk(verdict v, wkind k, const kr_cond *leaf, const kr_node *node, const kr_node *stop);
bool kr_eval__is_null(const kr_node *n);
void kr_eval__acc_add(acc *a, result r);
result kr_eval__acc_result(const acc *a, result empty);
result kr_eval__leaf(const kr_cond *c, const kr_node *root, const ectx *x);

/* combine.c */
result kr_eval__cond(const kr_cond *c, const kr_node *root, const ectx *x);

/* message.c */
kr_span kr_eval__first_line(const kr_doc *d, kr_span s);
void kr_eval__put_clipped(kr_buf *b, const char *s, size_t n, size_t max);
void kr_eval__put_value(kr_buf *b, const kr_doc *d, const kr_node *n, int depth);
/* An unknown verdict's message: why rule cannot decide, in its own words
 * (never the rule's failure message). */
void kr_eval__say_unknown(kr_buf *b, const kr_rule *rule, const ectx *x, const witness *w,
                          const kr_target *t);
const char *kr_eval__leaf_path(const witness *w, const ectx *x, const kr_target *t);
/* The rule's message tpl with {actual} {expected} {path} {resource} {expr}. */
void kr_eval__fill(kr_buf *b, const char *tpl, const ectx *x, const witness *w, const kr_target *t);

/* labels.c */
/* A slot {name} (name[0, n), not NUL-terminated): writes it and returns
 * true, or returns false to leave the braces as they are written. */
typedef bool (*kr_slot_fn)(kr_buf *b, const char *name, size_t n, const void *ctx);
void kr_eval__template(kr_buf *b, const char *tpl, kr_slot_fn slot, const void *ctx);
const char *kr_eval__label(kr_label id, kr_lang lang);

/* finding.c */
char *kr_eval__line_at(const kr_doc *d, size_t at);
void kr_eval__on_target(const kr_rule *rule, const kr_target *t, void *payload);

/* source.c */
void kr_eval__source(const kr_ruleset *rules, const kr_doc *doc, const kr_eval_options *opts,
                     kr_findings *out);

#endif
