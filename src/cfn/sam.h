/* sam.h - SAM `Globals` merged into the resources they apply to, the way the
 * SAM transform does before CloudFormation sees the template.
 *
 *   Globals.Function     -> every AWS::Serverless::Function
 *   Globals.Api          -> every AWS::Serverless::Api
 *   Globals.HttpApi      -> every AWS::Serverless::HttpApi
 *   Globals.SimpleTable  -> every AWS::Serverless::SimpleTable
 *   Globals.LayerVersion -> every AWS::Serverless::LayerVersion
 *
 * Merging (SAM's documented rules): maps are merged key by key (recursively,
 * the resource's value wins), lists are appended (the Globals' items first),
 * any other value of the resource overrides the Globals' one. A resource
 * without Properties gets the Globals' section as its Properties.
 *
 * Values taken from Globals keep their span (a finding on a global value sits
 * in Globals and names the resource) and get an origin: the Globals place
 * ("Globals.Function.Timeout") then the resource's logical id.
 *
 * The transform's implicit resources (a function's IAM role, an Api's stage
 * and deployment, a SimpleTable's AWS::DynamoDB::Table) are not generated:
 * the bundled rules check AWS::Serverless::* resources directly. Lambda
 * creates a function's log group itself at first run, with no retention;
 * krewlint does not invent one.
 */
#ifndef KR_CFN_SAM_H
#define KR_CFN_SAM_H

#include "doc/doc.h"

/* Merges root's Globals into its Resources (in doc's arena). No-op without
 * a Globals map. */
void kr_cfn__sam_merge(kr_arena *a, const kr_doc *doc, kr_node *root);

#endif
