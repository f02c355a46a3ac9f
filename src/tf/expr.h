/* tf/expr.h - evaluates one HCL expression from its source text, the way
 * Terraform would before apply.
 *
 * .tf EXPR nodes hold their exact source text (doc/hcl.c) and .tf.json
 * strings hold "${...}" templates, so one hand-written parser serves both.
 * Values are kr_node trees (doc.h) built in the evaluation's arena: scalars,
 * maps (objects) and sequences (tuples, lists). A value Terraform could not
 * know is an *unknown*: a KR_NODE_EXPR node whose origin->note says why
 * ("var.x has no value: no default and no tfvars"); an unknown whose
 * origin is NULL is one krewlint does not explain (a reference to another
 * resource's attribute, say), and callers keep the written expression.
 *
 * Supported: number, string, bool and null literals; quoted templates with
 * ${...} (directives %{...} give an unknown); heredocs give an unknown;
 * tuples and objects; unary ! and -; * / % + - < <= > >= == != && || with
 * HCL's precedence; conditionals; index, attribute access and splat on
 * known values; references through the lookup callback; the built-in
 * functions listed in expr.c. Unknowns propagate through every operator.
 * Each evaluation is bounded by KR_TF_MAX_STEPS and KR_TF_MAX_NESTING.
 */
#ifndef KR_TF_EXPR_H
#define KR_TF_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Work per expression (tokens read plus values built): a hostile expression
 * ends as an unknown naming the limit, never a hang. */
#define KR_TF_MAX_STEPS 200000u
/* Nesting of parentheses, brackets and calls in one expression. */
#define KR_TF_MAX_NESTING 64u
/* Names bound at once by nested `for` expressions and %{for} directives. */
#define KR_TF_MAX_BINDINGS 32u

/* Looks up a reference `root.name` (var.x, local.y, count.index, each.key,
 * path.module, terraform.workspace, module.m). Returns the value (possibly
 * an unknown), or NULL when the reference is not one the scope knows. */
typedef const kr_node *(*kr_tf_lookup_fn)(void *payload, const char *root, const char *name);

typedef struct kr_tf_eval {
    kr_arena *arena;          /* where values are built */
    kr_tf_lookup_fn lookup;   /* may be NULL: no references */
    void *payload;
    const char *dir;          /* the module folder for file(), or NULL */
} kr_tf_eval;

/* Evaluates text[0..len). Never NULL; never fails: a syntax error or an
 * unsupported construct is an unknown naming it. */
const kr_node *kr_tf_expr_eval(kr_tf_eval *ev, const char *text, size_t len);

/* 1 when v is an unknown (KR_NODE_EXPR). */
bool kr_tf_is_unknown(const kr_node *v);
/* An unknown whose origin note is the formatted reason (the origin has no
 * place unless the caller sets one). */
kr_node *kr_tf_unknown(kr_arena *a, const char *fmt, ...) KR_PRINTF(2, 3);
/* The value as Terraform's tostring would write it, in the arena; NULL for
 * maps, lists, null and unknowns. */
const char *kr_tf_to_string(kr_arena *a, const kr_node *v);
/* Terraform's number conversion (numbers; strings that spell one): 0 with
 * *out, -1 otherwise. */
int kr_tf_to_number(double *out, const kr_node *v);

/* ---- internal to src/tf: the built-in functions (func.c) and the value
 * helpers expr.c shares with them ----------------------------------------
 *
 * Every function returns Terraform's result, or an unknown naming the
 * function and why; an unknown argument makes the result unknown (try, can
 * and coalesce decide for themselves). A function krewlint does not know is
 * an unknown naming it. */
/* Longest file file()/templatefile()/jsondecode() read for one call. */
#define KR_TF_MAX_FILE_BYTES (4u * 1024u * 1024u)

/* Calls built-in `name` on args[0..nargs) (already expanded for f(x...)). */
const kr_node *kr_tf__call(kr_tf_eval *ev, const char *name, const kr_node **args, size_t nargs);

/* Renders template text[0..len) as templatefile() does: a heredoc-style
 * template (no backslash escapes) whose references are the keys of `vars`
 * (a map) only. */
const kr_node *kr_tf__template(kr_tf_eval *ev, const char *text, size_t len, const kr_node *vars);

/* Decodes JSON text[0..len) into values in a (numbers, strings, bools,
 * null, objects in source order - a repeated key keeps the last value -
 * and arrays); NULL with *err (static text) when it is not JSON. */
const kr_node *kr_tf__json_decode(kr_arena *a, const char *text, size_t len, const char **err);

/* An unknown that is an evaluation *error* (a wrong argument, a missing map
 * key, a file that does not exist): try() and can() catch these, and only
 * these; other unknowns (a value known after apply, a variable without a
 * value) keep try() and can() unknown. */
kr_node *kr_tf__error(kr_arena *a, const char *fmt, ...) KR_PRINTF(2, 3);
bool kr_tf__is_error(const kr_node *v);

/* Value helpers (expr.c). Built nodes have no span and no origin. */
kr_node *kr_tf__mut(const kr_node *n);
kr_node *kr_tf__str(kr_arena *a, const char *s, size_t n);
kr_node *kr_tf__num(kr_arena *a, double d);
kr_node *kr_tf__bool(kr_arena *a, bool b);
kr_node *kr_tf__null(kr_arena *a);
kr_node *kr_tf__seq(kr_arena *a);
kr_node *kr_tf__map(kr_arena *a);
bool kr_tf__is_null(const kr_node *v);
int kr_tf__to_bool(bool *out, const kr_node *v);
/* Terraform's == : same type and value. */
bool kr_tf__equal(const kr_node *a, const kr_node *b);
/* v (freshly built) with the provenance of a or else b. */
const kr_node *kr_tf__with_origin(const kr_node *v, const kr_node *a, const kr_node *b);

#endif
