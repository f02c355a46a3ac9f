/* resolve.h - a CloudFormation/SAM template evaluated as it deploys.
 *
 * Runs on a loaded document (after detect.c turned intrinsics into
 * KR_NODE_EXPR) and before the evaluator. For each CloudFormation root:
 *
 *   Parameters   a `Ref` to a parameter is its value: the override from a
 *                parameter file (params.h) when one names it, else `Default`.
 *                Type conversions: Number -> int/float scalar,
 *                CommaDelimitedList and List<...> -> a list of (space-trimmed)
 *                strings, List<Number> -> a list of numbers. AllowedValues,
 *                MinValue/MaxValue and MinLength/MaxLength are checked: a value
 *                CloudFormation would reject is an error diagnostic and the
 *                parameter is unknown. Unknown, with the reason: no Default and
 *                no override, AWS::SSM::Parameter::Value<...> types (read from
 *                Parameter Store at deploy), UsePreviousValue.
 *   Pseudo       AWS::Region (and AWS::Partition, AWS::URLSuffix derived from
 *   parameters   it) when a region is configured, else unknown;
 *                AWS::AccountId, AWS::StackName, AWS::StackId,
 *                AWS::NotificationARNs unknown; AWS::NoValue removes the key
 *                or list item it stands for.
 *   Mappings     Fn::FindInMap [Map, Top, Second] with the language
 *                extensions' {DefaultValue: x} fourth argument.
 *   Conditions   Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition, evaluated
 *                in three-valued logic (true/false/undecided) with cycle
 *                detection (a cycle is an error diagnostic at the condition).
 *                Fn::If picks its branch; an undecided condition leaves the
 *                value unknown naming the condition, unless both branches
 *                resolve to the same value. A resource whose `Condition` is
 *                false is removed (it does not exist: no findings). In
 *                scenario mode (force_conditions) each undecided condition is
 *                forced instead; scan.c evaluates every combination and keeps
 *                a failure only when every combination fails.
 *   Functions    Fn::Sub (both forms; ${!Literal}), Fn::Join, Fn::Select,
 *                Fn::Split, Fn::Base64 (encoded, as deployed). Fn::GetAZs,
 *                Fn::ImportValue, Fn::Transform, Fn::Cidr, Fn::GetAtt and Ref
 *                to resources stay as they are (unknown: known after deploy;
 *                relations still follow them).
 *   SAM Globals  merged into each AWS::Serverless::Function, Api, HttpApi,
 *                SimpleTable and LayerVersion first (sam.h).
 *
 * A value replaced by its resolution is a new node that keeps the span of
 * where the value is written (the parameter Default, the mapping entry) and
 * an origin chain (doc.h kr_origin) from there to the use site; a value from
 * a parameter file sits at the use site (the file is another file) with the
 * file's position as the first step of the chain. An unknown built here is a
 * KR_NODE_EXPR whose text is the expression followed by the reason.
 *
 * Resolution rewrites the document in place (in its arena). It never
 * manufactures a value CloudFormation would not know before deploy.
 */
#ifndef KR_CFN_RESOLVE_H
#define KR_CFN_RESOLVE_H

#include "cfn/params.h"
#include "diag.h"
#include "doc/doc.h"


/* Resolves every CloudFormation root of doc, and the variables of every
 * serverless.yml root (sls.h); others are left alone. opts
 * may be NULL. Problems of the template (a value outside AllowedValues, a
 * condition cycle) go to diags at their position. Returns the number of
 * conditions that were undecided (forced, in scenario mode); 0 when every
 * condition was decided. */
int kr_cfn_resolve(kr_doc *doc, const kr_cfn_options *opts, kr_diags *diags);

#endif
