/* sls.h - serverless.yml variables resolved as `serverless deploy` does.
 *
 * A string holding ${...} (detect.c made it a KR_NODE_EXPR) is replaced by
 * its value. A string that is one variable takes the referenced value as it
 * is (a number, a map, a list); a string with text around variables is the
 * text with each variable's value (which must then be a scalar).
 *
 *   ${self:a.b.c}        the value at that path of this file (itself resolved)
 *   ${opt:stage}         the stage given (--stage, serverless.stage in the
 *                        config); ${opt:region}: --region / cloudformation.region
 *   ${sls:stage}         the stage given, else provider.stage, else "dev"
 *   ${aws:region}        the region given, else provider.region, else us-east-1
 *   ${env:NAME}          not known before deploy (the deploying shell's
 *                        environment: krewlint does not read its own)
 *   ${file(./x.yml):a.b} the value in that YAML/JSON file, relative to the
 *                        serverless.yml's folder (the whole file without :a.b)
 *   ${ssm:...} ${cf:...} ${s3:...} ${aws:accountId} ... known only at deploy
 *   ${x, 'dev'}          fallbacks, tried in order when a value is not found:
 *                        a quoted string, a number/true/false, or another
 *                        variable (with or without its ${ })
 *   ${self:custom.${opt:stage}.retention, 30}   nested variables first
 * A variable that resolves to nothing stays unknown and the reason names the
 * variable; a cycle (${self:a} -> ${self:b} -> ${self:a}) is an error
 * diagnostic at the string.
 *
 * Values from this file keep their own span (the finding sits where the
 * value is written) with an origin from there to the use; fallbacks and
 * values from other files sit at the use, with the other file as the first
 * step of the origin.
 */
#ifndef KR_CFN_SLS_H
#define KR_CFN_SLS_H

#include "diag.h"
#include "doc/doc.h"

#include "cfn/params.h"

/* Resolves the variables of one serverless root (in doc's arena). */
void kr_cfn__sls_resolve(kr_doc *doc, kr_node *root, const kr_cfn_options *opts, kr_diags *diags);

#endif
