/* format.h - the input formats krewlint reads, as one table.
 *
 * Two tables, both small enough to read in one screen (format.c):
 *
 *   syntaxes   one row per file syntax, found by extension: the adapter that
 *              parses it into kr_node roots (doc.h), the comment syntax that
 *              inline suppressions are read with (suppress.h), and whether
 *              every root is Terraform. Source code (.js .ts .py .go ...) is
 *              one row whose languages come from ts/lang.h.
 *   formats    one row per document format (kr_format), in classification
 *              order: the content sniffer that claims a parsed root, the
 *              rewrite that marks statically unknown values (intrinsics,
 *              interpolations), and the slot for a per-format value resolver
 *              (Terraform variables and locals, CloudFormation parameters and
 *              conditions: filled by src/tf/ and src/cfn/).
 *
 * detect.c (kr_detect_wants, kr_doc_load, kr_detect_classify), suppress.c
 * (kr_suppress_syntax_for) and scan.c (Terraform modules) read these tables
 * instead of keeping their own extension lists. Adding a format: an adapter
 * (or an existing one), a row here, and the rules' selector for it
 * (docs/ARCHITECTURE.md, "Adding an input format").
 */
#ifndef KR_DOC_FORMAT_H
#define KR_DOC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"

struct kr_diags;

/* How comments look in a file, for inline suppressions. */
typedef enum kr_comment_syntax {
    KR_COMMENTS_NONE = 0, /* JSON: no comments */
    KR_COMMENTS_YAML,     /* # after a blank or at line start; quoted and block scalars */
    KR_COMMENTS_HCL,      /* # // and slash-star; "..." with ${} nesting; heredocs */
    KR_COMMENTS_C,        /* // and slash-star; '..' ".." and `..` (JavaScript, TypeScript, Go) */
    KR_COMMENTS_PYTHON    /* #; '..' ".." and triple-quoted strings */
} kr_comment_syntax;

/* An adapter: parses doc->data into roots (kr_doc_add_root). 0 or KR_EPARSE /
 * KR_ELIMIT with one diagnostic. */
typedef int (*kr_adapter_fn)(kr_doc *doc, struct kr_diags *diags);

/* kr_syntax - one row of the syntax table. */
typedef struct kr_syntax {
    const char *name;                /* "hcl", "tf-json", "json", "yaml", "source", "tfvars" */
    const char *const *extensions;   /* lower case, with the dot, NULL-terminated; matched
                                        case-insensitively, the longest first */
    kr_adapter_fn parse;             /* NULL: source code (ts/tree.h) or not scanned */
    kr_comment_syntax comments;      /* for source: KR_COMMENTS_C (Python: kr_syntax_comments) */
    bool scanned;                    /* found by walking a folder (source code is found
                                        through ts/lang.h instead) */
    bool terraform;                  /* every root is Terraform (a module file) */
} kr_syntax;

/* The row for path by its extension, or NULL. Source code is found through
 * ts/lang.h (kr_ts_lang_from_path). */
const kr_syntax *kr_syntax_for_path(const char *path);
/* The comment syntax of path (an extensionless script: its #! line). */
kr_comment_syntax kr_syntax_comments(const char *path, const char *data, size_t len);
/* A Terraform module file (.tf, .tf.json). */
bool kr_syntax_is_terraform(const char *path);
/* A Terraform variable definitions file (.tfvars, .tfvars.json). */
bool kr_syntax_is_tfvars(const char *path);

/* kr_format_resolve_fn - a per-format value resolver: called once per root of
 * that format after classification and rewrites, before evaluation; it may
 * replace unknown values by what it can work out (a variable's default, a
 * parameter) and must keep spans. NULL: values are taken as written. */
typedef void (*kr_format_resolve_fn)(kr_doc *doc, kr_node *root, void *payload);

/* kr_format_row - one row of the format table. */
typedef struct kr_format_row {
    kr_format format;
    const char *name;                /* kr_format_name */
    /* claims a parsed root (paths: serverless.yml by name); NULL: only by
     * syntax (Terraform) or as the fallback (config) */
    bool (*sniff)(const kr_node *root, const char *path);
    /* marks statically unknown values as KR_NODE_EXPR; NULL: none */
    void (*rewrite)(kr_doc *doc, kr_node *root);
    kr_format_resolve_fn resolve;    /* the slot for src/tf/ and src/cfn/; NULL today */
} kr_format_row;

/* The sniffers and rewrites of the rows (detect.c, semi-private). */
bool kr_detect__sniff_tfplan(const kr_node *root, const char *path);
bool kr_detect__sniff_cloudformation(const kr_node *root, const char *path);
bool kr_detect__sniff_serverless(const kr_node *root, const char *path);
bool kr_detect__sniff_kubernetes(const kr_node *root, const char *path);
void kr_detect__rewrite_terraform(kr_doc *doc, kr_node *root);
void kr_detect__rewrite_cloudformation(kr_doc *doc, kr_node *root);
void kr_detect__rewrite_serverless(kr_doc *doc, kr_node *root);

/* The rows in classification order (terraform, tfplan, cloudformation,
 * serverless, kubernetes, config, source); *count set. */
const kr_format_row *kr_format_rows(size_t *count);
const kr_format_row *kr_format_row_of(kr_format f);

#endif
