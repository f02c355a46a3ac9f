/* tf/policy.h - the IAM policy model: every way Terraform writes a policy
 * document, normalised to the one shape the IAM rules read.
 *
 * A policy is written as jsonencode({...}), a heredoc or quoted JSON string,
 * file("policy.json"), a .tf.json string, or a `data
 * "aws_iam_policy_document"` referred to by `.json`. After the module is
 * resolved (tf/module.h), each policy-bearing attribute of the resources in
 * kr_tf_policy_resolve's table whose value is known becomes a map
 *
 *   {Version, Statement: [{Sid, Effect, Action: [...], NotAction: [...],
 *     Resource: [...], NotResource: [...], Principal: {TYPE: [...]},
 *     NotPrincipal: {...}, Condition: {OPERATOR: {key: [...]}}}],
 *    SourceExpression}
 *
 * - Statement is always a list; Action, NotAction, Resource, NotResource
 *   and each Principal and condition value are always lists; Principal "*"
 *   is {AWS: ["*"]}; condition keys are lower-case (IAM compares them
 *   case-insensitively: aws:SecureTransport is aws:securetransport).
 * - From a data source: `statement` blocks (effect defaults to Allow),
 *   actions/not_actions/resources/not_resources, principals/not_principals
 *   {type, identifiers}, condition {test, variable, values}, version; then
 *   source_policy_documents (their statements first; a statement of the
 *   document with the same sid replaces one), override_policy_documents
 *   (a statement with the same sid is replaced, others appended). A source
 *   or override that is not known is kept as an unknown Statement item, so
 *   rules reading it say unknown.
 * - Nodes keep their places: from a data source the statement lines
 *   themselves; from a JSON string the attribute (or, through its origin,
 *   where the string is written).
 * - SourceExpression is the written reference to the data source (an EXPR),
 *   kept so that relations (`related: ... via: policy.SourceExpression`)
 *   still find the resources that use a document; absent otherwise.
 *
 * A value that is not a policy (unknown, not JSON, not an object) is left
 * as it is. Nodes are built in `a` (the module's arena). No global state.
 */
#ifndef KR_TF_POLICY_H
#define KR_TF_POLICY_H

#include "doc/doc.h"
#include "util/alloc.h"

/* Rewrites, in place, the policy attributes of the resources of docs[0..n)
 * (one module, already resolved) into the model above. */
void kr_tf_policy_resolve(kr_arena *a, kr_doc *docs, size_t n);

/* The model of policy document `doc` (a map, as jsondecode or a
 * CloudFormation PolicyDocument gives it); NULL when it is not a map. */
kr_node *kr_tf_policy_normalize(kr_arena *a, const kr_node *doc);

#endif
