/* doc.h - the document model every adapter builds and the evaluator reads.
 *
 * A document is a tree of maps, sequences, scalars and expressions. Every
 * node carries its span in the file. The evaluator never sees libyaml or
 * tree-sitter types: adapters (yaml.c for YAML and JSON, hcl.c for Terraform)
 * build these nodes in the file's arena.
 *
 * Terraform HCL is mapped the way Terraform's own JSON syntax is:
 *   resource "aws_db_instance" "db" { backup_retention_period = 7 }
 * becomes  {"resource": {"aws_db_instance": {"db": {"backup_retention_period": 7}}}}
 * Top-level blocks: resource/data (two labels), provider/module/variable/output
 * (one label), locals/terraform (none). A nested block (`ingress { ... }`) becomes
 * a map under its type name, and a sequence of maps when the block repeats.
 * A block that repeats at top level with the same labels (two `provider "aws"`)
 * also becomes a sequence. The map built from a block spans the whole block
 * (from its first keyword to its closing brace).
 *
 * Paths fan out over sequences (see rules/path.h), so `ingress.cidr_blocks`
 * works whether there is one ingress block or several.
 */
#ifndef KR_DOC_DOC_H
#define KR_DOC_DOC_H

#include <stdbool.h>
#include "common.h"
#include "util/alloc.h"

typedef enum kr_node_kind {
    KR_NODE_MAP,
    KR_NODE_SEQ,
    KR_NODE_SCALAR,
    /* A value that cannot be known statically: an HCL expression that is not a
     * literal (var.x, aws_s3_bucket.b.id, "${...}" templates, function calls),
     * a CloudFormation intrinsic (!Ref, !Sub, {"Fn::GetAtt": ...}), or a
     * serverless `${self:...}` variable. `text` holds its source text. */
    KR_NODE_EXPR
} kr_node_kind;

typedef enum kr_scalar_type {
    KR_SCALAR_NULL,
    KR_SCALAR_BOOL,
    KR_SCALAR_INT,
    KR_SCALAR_FLOAT,
    KR_SCALAR_STRING
} kr_scalar_type;

typedef struct kr_node kr_node;

/* kr_origin - where a resolved value was written when that is not where it
 * is used: a variable default, a tfvars line, a module argument, a
 * CloudFormation parameter default. A chain from the value's place (first)
 * through each step towards the use site. Lives in the arena of the
 * resolution that built it; `file` is a display path and `src` its bytes
 * (for the snippet), both borrowed for the evaluation. */
typedef struct kr_origin {
    const char *file;
    const char *src;
    size_t src_len;
    kr_span span;
    const char *note;             /* "var.retention = 3", "Parameters.SSHLocation.Default"; or NULL */
    const struct kr_origin *next; /* the next step towards the use site, or NULL */
} kr_origin;

typedef struct kr_pair {
    kr_node *key;   /* a KR_NODE_SCALAR (string) with its own span */
    kr_node *value;
} kr_pair;

struct kr_node {
    kr_node_kind kind;
    kr_scalar_type stype; /* KR_NODE_SCALAR only */
    kr_span span;
    /* SCALAR: the decoded text as written (for strings the unquoted value, for
     * numbers and bools their source spelling). EXPR: the source text.
     * Always NUL-terminated; text_len excludes the NUL. NULL for MAP/SEQ. */
    const char *text;
    size_t text_len;
    /* A YAML tag (e.g. "!Ref", "!Sub", "!GetAtt") or NULL. Standard tags
     * (tag:yaml.org,2002:...) are not kept here. */
    const char *tag;
    const kr_origin *origin; /* NULL: the value is written where it is used */
    union {
        bool b;       /* KR_SCALAR_BOOL */
        int64_t i;    /* KR_SCALAR_INT */
        double f;     /* KR_SCALAR_FLOAT */
    } v;
    kr_pair *pairs;   /* MAP: in source order */
    size_t npairs;
    kr_node **items;  /* SEQ */
    size_t nitems;
};

/* What a file is, decided by detect.c. */
typedef enum kr_format {
    KR_FMT_UNKNOWN = 0,
    KR_FMT_TERRAFORM,      /* .tf (HCL) and .tf.json */
    KR_FMT_TFPLAN,         /* `terraform show -json` output */
    KR_FMT_CLOUDFORMATION, /* CloudFormation and SAM, YAML or JSON */
    KR_FMT_KUBERNETES,
    KR_FMT_SERVERLESS,     /* serverless.yml / serverless.yaml / serverless.json */
    KR_FMT_CONFIG,         /* any other YAML or JSON */
    KR_FMT_SOURCE          /* source code (src/ts/lang.h): no roots, a syntax tree */
} kr_format;

/* "terraform", "tfplan", "cloudformation", "kubernetes", "serverless", "config", "source". */
const char *kr_format_name(kr_format f);

/* kr_doc - one parsed file: its documents (a YAML stream may hold several;
 * HCL and JSON hold one), all in one arena. */
typedef struct kr_doc {
    kr_arena *arena;      /* owned */
    const char *path;     /* borrowed: the display path */
    const char *data;     /* borrowed: the file bytes */
    size_t len;
    kr_format format;
    kr_node **roots;      /* in the arena */
    size_t nroots;
    /* per root: its format (a multi-document YAML file may mix a k8s kind and
     * plain config); same length as roots. */
    kr_format *root_formats;
    /* KR_FMT_SOURCE: the language (a kr_ts_lang, src/ts/lang.h) and the parsed
     * tree (src/ts/tree.h; owned, freed by kr_doc_dispose).
     * 0 and NULL for every other format. */
    int source_lang;
    struct kr_ts_tree *source_tree;
    /* Set by the caller before kr_doc_load: a source file is recognised
     * (format KR_FMT_SOURCE, source_lang) but not parsed, source_tree stays
     * NULL - no rule can match it (the literal prefilter, ts/prefilter.h). */
    bool skip_source_parse;
} kr_doc;

/* Building nodes (adapters). All memory from doc->arena. */
kr_node *kr_node_new(kr_arena *a, kr_node_kind kind, kr_span span);
kr_node *kr_node_new_scalar(kr_arena *a, kr_scalar_type t, const char *text, size_t len, kr_span span);
/* Appends to a MAP or SEQ (amortised growth in the arena). */
void kr_node_map_put(kr_arena *a, kr_node *map, kr_node *key, kr_node *value);
void kr_node_seq_push(kr_arena *a, kr_node *seq, kr_node *item);

/* Reading. */
/* Value of key `key` in MAP (first match, exact); NULL if absent or not a map. */
kr_node *kr_node_get(const kr_node *map, const char *key);
/* The pair whose key is `key`, for its key span; NULL if absent. */
const kr_pair *kr_node_get_pair(const kr_node *map, const char *key);
/* 1 when a scalar string equal to s. */
bool kr_node_is_string(const kr_node *n, const char *s);
/* 1 when the node's value is unknown: EXPR, or a tagged CloudFormation intrinsic. */
bool kr_node_is_unknown(const kr_node *n);

/* Parsers. Each parses data[0..len) into doc (whose arena/path/data the caller
 * set up with kr_doc_init). On failure they return KR_EPARSE or KR_ELIMIT and
 * add one diagnostic with the position to diags; the scan goes on. */
struct kr_diags;
void kr_doc_init(kr_doc *self, const char *path, const char *data, size_t len);
void kr_doc_dispose(kr_doc *self);
void kr_doc_add_root(kr_doc *self, kr_node *root, kr_format fmt);
int kr_doc_parse_yaml(kr_doc *self, struct kr_diags *diags); /* YAML 1.1/1.2 and JSON via libyaml */
int kr_doc_parse_hcl(kr_doc *self, struct kr_diags *diags);  /* tree-sitter-hcl */

/* detect.c: whether krewlint reads this path (by extension, case-insensitive),
 * and with which adapter: *is_hcl is set for .tf (tree-sitter-hcl); .tf.json,
 * .json, .yml, .yaml and .template go to the YAML/JSON adapter; source code
 * (.js .mjs .cjs .jsx .ts .mts .cts .tsx .py .pyw .go, case-sensitive) to its
 * tree-sitter grammar (kr_doc_load, format KR_FMT_SOURCE). */
bool kr_detect_wants(const char *path, bool *is_hcl);
/* After parsing: decides doc->format and each root's format from the path and
 * the content (AWSTemplateFormatVersion, Resources with Type, apiVersion+kind,
 * serverless.yml name, resource_changes/planned_values for a plan, .tf.json). */
void kr_detect_classify(kr_doc *doc);

/* Parse a file's bytes by its path: picks the adapter, classifies. */
int kr_doc_load(kr_doc *self, struct kr_diags *diags);

#endif
