/* relations.h - which blocks are tied to which: the index and the matching
 * behind `related:` conditions (rules/README.md, "Relations between
 * resources").
 *
 * Scope: a Terraform module is a folder, so the index of a Terraform file
 * holds every resource and provider block of every Terraform file of its
 * folder that the scan reads (kr_relindex_add per file, in path order). A
 * CloudFormation template is its own scope: its Resources map. Plan JSON has
 * no references to follow, so relations there are unknown.
 *
 * A block refers to another
 *   - Terraform: by an expression naming it (`aws_lb.main.arn`,
 *     `"${aws_s3_bucket.logs.id}"`, `[aws_lb.a.arn]`; `data.T.N` for data
 *     sources), or by a literal equal to one of its names (the `bucket`,
 *     `name` or `function_name` attribute written as a literal), or an ARN
 *     literal holding that name as a whole `:` or `/` segment;
 *   - CloudFormation: by `!Ref X`, `!GetAtt X.Attr`, `!GetAtt [X, Attr]`,
 *     `${X}` / `${X.Attr}` in `!Sub`, their JSON forms ({"Ref": "X"},
 *     {"Fn::GetAtt": [...]}, {"Fn::Sub": ...}) anywhere inside other
 *     intrinsics, or by a literal name (BucketName, Name, FunctionName ...).
 * A value that names no block of the scope but is not a literal either
 * (`var.x`, `local.x`, `module.m.out`, a `!Ref` to a Parameter,
 * `!ImportValue`) may refer to anything: such a candidate makes the verdict
 * unknown, never a silent pass or a failure.
 *
 * Everything here reads documents and the index; nothing is global, so
 * modules are evaluated in parallel. The index borrows the documents' nodes:
 * free it before disposing of them.
 */
#ifndef KR_EVAL_RELATIONS_H
#define KR_EVAL_RELATIONS_H

#include <stdbool.h>
#include "doc/doc.h"
#include "rules/rule.h"

/* kr_relindex - the resource, data and provider blocks of one Terraform
 * module, by type, in the order added. */
typedef struct kr_relindex kr_relindex;

kr_relindex *kr_relindex_new(void);
void kr_relindex_free(kr_relindex *self);
/* Adds the blocks of every Terraform root of doc (other roots are ignored).
 * doc must stay alive while the index is used. */
void kr_relindex_add(kr_relindex *self, const kr_doc *doc);
/* Number of blocks indexed. */
size_t kr_relindex_count(const kr_relindex *self);

typedef enum kr_rel_block_kind { KR_RB_RESOURCE, KR_RB_DATA, KR_RB_PROVIDER } kr_rel_block_kind;

/* kr_rel_block - one block: a Terraform resource/data/provider block or a
 * CloudFormation resource. */
typedef struct kr_rel_block {
    kr_rel_block_kind kind;
    const kr_doc *doc;      /* the file holding it */
    const char *type;       /* resource type, CloudFormation Type, or provider name */
    const char *name;       /* label, logical id, or provider alias (NULL: the default) */
    const kr_node *body;    /* block body / Properties (never NULL) */
    const kr_node *key;     /* the label / logical id key, for positions; may be NULL */
} kr_rel_block;

/* kr_rel_subject - the resource a target selected, and its scope. */
typedef struct kr_rel_subject {
    kr_format format;             /* KR_FMT_TERRAFORM, KR_FMT_CLOUDFORMATION; else unknown */
    kr_rel_block self;
    const kr_relindex *module;    /* Terraform: the module's index */
    const kr_node *cfn_resources; /* CloudFormation: the template's Resources map */
} kr_rel_subject;

/* kr_rel_match - a block tied to the subject, or a candidate that may be. */
typedef struct kr_rel_match {
    kr_rel_block block;     /* the related block (for `maybe` from the subject: type only) */
    bool maybe;             /* an expression that may or may not refer: the verdict is unknown */
    bool elsewhere;         /* maybe: no provider block of that name in the module at all */
    const kr_node *expr;    /* maybe: that expression, or NULL (provider configured elsewhere) */
    const kr_doc *expr_doc; /* the file holding expr; expr belongs to `block` when it
                             * has a name, else to the subject */
} kr_rel_match;

/* Called for each match in a fixed order (index order: files by path, then
 * source order). Return false to stop. */
typedef bool (*kr_rel_cb)(const kr_rel_match *m, void *payload);

/* Finds the blocks `rel` ties to the subject. Nothing is called when none is
 * (the relation fails); an unsupported format yields one `maybe` match. */
void kr_rel_each(const kr_related *rel, const kr_rel_subject *s, kr_rel_cb cb, void *payload);

#endif
