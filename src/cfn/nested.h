/* nested.h - nested stacks: the child templates a CloudFormation template
 * deploys, and where they are.
 *
 * A nested stack is a resource of type
 *   AWS::CloudFormation::Stack        Properties.TemplateURL, Parameters
 *   AWS::Serverless::Application      Properties.Location, Parameters (SAM)
 * Before `aws cloudformation package` / `sam package` uploads it, TemplateURL
 * (Location) is a path relative to the parent template's folder: that is the
 * form krewlint follows. The child is then evaluated as CloudFormation would
 * deploy it from this parent: each parameter named in the parent's
 * Parameters takes the parent's value (kr_cfn_options.stack_params), the
 * others their Default; parameter files belong to the parent and do not
 * apply to the child. scan.c evaluates the child and keeps the findings whose
 * value comes from the scanned (root) template; the child's own scan reports
 * the rest.
 *
 * Not followed, each a note (never a failure) saying why, at the location:
 *   - a URL (https://..., s3://...): the template is read at deploy, and
 *     krewlint does not fetch anything;
 *   - a Serverless Application Repository application (Location given as
 *     {ApplicationId, SemanticVersion});
 *   - a location known only at deploy (!Sub over a bucket, !Ref);
 *   - an absolute path, or a relative one that climbs out of the parent's
 *     tree (more `..` than the parent's own path has): krewlint reads files
 *     of the scanned tree only.
 * The walk's depth and cycle limits are scan.c's (KR_CFN_MAX_STACK_DEPTH).
 */
#ifndef KR_CFN_NESTED_H
#define KR_CFN_NESTED_H

#include "diag.h"
#include "doc/doc.h"

/* kr_cfn_stack - one nested stack resource of a resolved template. */
typedef struct kr_cfn_stack {
    const char *name;       /* its logical id (borrowed from the document) */
    const kr_node *at;      /* TemplateURL / Location, for positions (never NULL) */
    const kr_node *params;  /* its resolved Parameters map, or NULL */
    char *path;             /* the child template's path, normalised; owned */
} kr_cfn_stack;

typedef struct kr_cfn_stacks {
    kr_cfn_stack *items;
    size_t len, cap;
} kr_cfn_stacks;

void kr_cfn_stacks_init(kr_cfn_stacks *self);
void kr_cfn_stacks_dispose(kr_cfn_stacks *self);

/* The nested stacks with a local template of every CloudFormation root of
 * doc (resolved by kr_cfn_resolve: a stack whose Condition is false is gone),
 * in document order. A stack not followed is a KR_SEV_NOTE diagnostic in
 * diags (code "cfn-nested") naming it and the reason. The entries borrow
 * doc's nodes. */
void kr_cfn_nested_list(kr_cfn_stacks *out, const kr_doc *doc, kr_diags *diags);

/* `rel` (a relative path) joined to the folder of `base` and normalised
 * ("a/./b/../c" -> "a/c"); NULL when rel is absolute or the result climbs
 * above base's own tree. Caller frees. */
char *kr_cfn_nested_join(const char *base, const char *rel);

#endif
