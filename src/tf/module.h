/* tf/module.h - one Terraform module (a folder of .tf / .tf.json files)
 * evaluated the way Terraform evaluates it before apply.
 *
 * Input variables take, lowest precedence first: `default`; the environment
 * (TF_VAR_name); terraform.tfvars; terraform.tfvars.json; *.auto.tfvars and
 * *.auto.tfvars.json in lexical order; the options' var files, then vars, in
 * the order given. Values are converted to the variable's primitive type
 * (`"7"` for a number is 7); `nullable = false` with a null value falls back
 * to the default. A default of null, or no value at all, leaves the variable
 * unknown with the reason.
 *
 * locals are evaluated on first use across all the files (any order); a
 * cycle or a duplicate name is a diagnostic naming both places, and the
 * values involved stay unknown.
 *
 * Then every EXPR node inside resource, data, module and provider blocks is
 * evaluated (tf/expr.h) and replaced in place by its value where Terraform
 * would know it; a value written elsewhere (a default, a tfvars line, a
 * local) carries a kr_origin chain from that place to the use site, so the
 * finding is reported where the value is written. A resource whose `count`
 * is 0 or whose `for_each` is empty does not exist: its bodies are removed.
 * What cannot be known stays an EXPR, with its reason in origin->note when
 * resolution can tell it.
 *
 * The resolved nodes live in the module's arena and point into the docs'
 * bytes: free the module after the docs are evaluated, before they are
 * disposed. No global state.
 */
#ifndef KR_TF_MODULE_H
#define KR_TF_MODULE_H

#include "diag.h"
#include "doc/doc.h"

/* Most tfvars files read for one module (terraform.tfvars, *.auto.tfvars). */
#define KR_TF_MAX_VAR_FILES 64u
/* Most locals and variables kept for one module. */
#define KR_TF_MAX_NAMES 20000u
/* Instances of one block (count, for_each) and blocks of one dynamic block
 * evaluated; past it a diagnostic, and the rest are one possible instance. */
#define KR_TF_MAX_INSTANCES 512u

typedef struct kr_tf_options {
    const char *const *var_files; /* --var-file / terraform.var_files, in order */
    size_t nvar_files;
    const char *const *vars;      /* --var NAME=VALUE / terraform.vars, in order */
    size_t nvars;
    const char *workspace;        /* terraform.workspace; NULL: "default" */
    bool no_env;                  /* ignore TF_VAR_* (tests) */
    /* A scanned file whose `module` block calls this folder by a local
     * path, or NULL: the folder is a root. A called folder's variables are
     * set by its callers, so they stay unknown (naming the caller) instead
     * of taking defaults a caller may override. */
    const char *called_by;
    /* The arguments of a module call evaluating this folder through its
     * caller (kr_tf_module_call_inputs), or NULL: variables not given take
     * their defaults; tfvars are not read. */
    const struct kr_tf_inputs *inputs;
} kr_tf_options;

/* kr_tf_inputs - a module call's arguments, evaluated in the caller's scope,
 * each with its origin at the caller's argument. Built in the caller's
 * module arena (kr_tf_module_call_inputs): valid while that module lives. */
typedef struct kr_tf_inputs {
    const char **names;
    const kr_node **values;
    size_t len;
} kr_tf_inputs;

typedef struct kr_tf_module kr_tf_module;

/* Caller frees with kr_tf_module_free. */
kr_tf_module *kr_tf_module_new(void);
void kr_tf_module_free(kr_tf_module *self);

/* Resolves docs[0..n) (the module's parsed files; an entry whose nroots is 0
 * is skipped) in place. `dir` is the folder's display path ("" for ".").
 * diags[k] receives the problems found in docs[k] (may be NULL: not
 * reported); `other` those of tfvars files (may be NULL). */
void kr_tf_module_resolve(kr_tf_module *self, kr_doc *docs, size_t n, kr_diags *const *diags,
                          kr_diags *other, const char *dir, const kr_tf_options *opts);

/* The arguments of the module block `body` (already resolved in caller's
 * doc `doc` by kr_tf_module_resolve), named module.CALL in notes. */
void kr_tf_module_call_inputs(kr_tf_inputs *out, kr_tf_module *caller, const kr_doc *doc,
                              const char *call, const kr_node *body);

/* When the block at `address` ("aws_x.y", "module.m") of doc path `file`
 * (NULL: of any file) had an unknown count or for_each (evaluated once as a possible
 * instance): why; otherwise NULL. Borrowed from the module. */
const char *kr_tf_module_possible(const kr_tf_module *self, const char *file, const char *address);

/* The instance address of a resolved block body: `address` followed by the
 * instance key kr_tf_module_resolve tagged it with ("aws_x.y[0]",
 * "aws_x.y[\"a\"]"), in arena a; `address` itself for a body that is not
 * an instance. */
const char *kr_tf_instance_address(kr_arena *a, const char *address, const kr_node *body);

#endif
