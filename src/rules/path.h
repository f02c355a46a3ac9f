/* path.h - paths into a document, compiled once per rule.
 *
 * Syntax: dot-separated keys, `[N]` for an index, `[*]` or `*` for every item
 * or every value of a map, and quoted keys for names with dots:
 *   backup_retention_period
 *   default_action.type
 *   ingress[*].cidr_blocks
 *   Properties.Tags[*].Key
 *   spec.containers[*].env[*]
 *   'aws:SecureTransport'          (quoted key)
 * A key step applied to a sequence applies to each of its items (fan-out), so
 * nested Terraform blocks work whether they appear once or repeat.
 */
#ifndef KR_RULES_PATH_H
#define KR_RULES_PATH_H

#include "doc/doc.h"

typedef struct kr_path kr_path;

/* Compiles `text`. On error returns NULL and sets *err_col (0-based column in
 * text) and *err_msg (static string). Caller frees with kr_path_free. */
kr_path *kr_path_compile(const char *text, size_t *err_col, const char **err_msg);
void kr_path_free(kr_path *self);

/* Resolution result: every node the path reaches, and whether some branch of
 * the walk stopped on a missing key (absent) or an unknown value (expression)
 * before the end. `stop` is the deepest node reached on such a branch. */
typedef struct kr_path_hit {
    const kr_node *node;   /* the value reached (NULL for absent/unknown) */
    const kr_node *stop;   /* for absent/unknown: where the walk stopped */
    int state;             /* 0 found, 1 absent, 2 unknown */
} kr_path_hit;

typedef struct kr_path_hits {
    kr_path_hit *items;
    size_t len;
    size_t cap;
} kr_path_hits;

/* Appends the hits of `path` from `root` to out (caller disposes with
 * kr_path_hits_dispose). A NULL path yields root itself. */
void kr_path_resolve(const kr_path *path, const kr_node *root, kr_path_hits *out);
void kr_path_hits_dispose(kr_path_hits *self);

#endif
