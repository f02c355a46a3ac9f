/* params.h - CloudFormation parameter files: the values a deployment passes
 * instead of a template's parameter defaults.
 *
 * Formats read (YAML or JSON, told apart by their shape, not their name):
 *   AWS CLI        [{"ParameterKey": "K", "ParameterValue": "V"}, ...]
 *                  (`UsePreviousValue: true` keeps the deployed value: unknown)
 *   CodePipeline   {"Parameters": {"K": "V", ...}, "Tags": ..., "StackPolicy": ...}
 *                  (the template configuration file of a CloudFormation action)
 *   SAM samconfig  {version: 0.1, ENV: {deploy: {parameters: {parameter_overrides: ...}}}}
 *                  samconfig.yaml / samconfig.yml / samconfig.json; ENV is the
 *                  environment asked for ("default" when none); the command
 *                  section read is `deploy`, then `global`. parameter_overrides
 *                  is a string "K=V K2=\"V 2\"" or a list of "K=V" strings.
 *                  samconfig.toml is TOML, which krewlint does not read: it is
 *                  refused with a message saying to use samconfig.yaml.
 * A file in none of these shapes, a non-scalar value or a key given twice is
 * an error at its file:line:col (the caller exits 2, as for a bad config).
 *
 * Several files may be loaded into one kr_cfn_params: a later value for a key
 * overrides an earlier one (the command line is loaded after the config).
 */
#ifndef KR_CFN_PARAMS_H
#define KR_CFN_PARAMS_H

#include <stdbool.h>
#include "diag.h"
#include "doc/doc.h"

/* kr_cfn_override - one parameter value from a file. */
typedef struct kr_cfn_override {
    char *key;            /* owned */
    char *value;          /* owned; NULL with use_previous */
    bool use_previous;    /* UsePreviousValue: the value of the deployed stack */
    const char *file;     /* the file's display path (owned by the kr_cfn_params) */
    const char *src;      /* its bytes (owned by the kr_cfn_params) */
    size_t src_len;
    kr_span span;         /* the value (or the key when there is no value node) */
    const char *form;     /* "ParameterValue", "Parameters", "parameter_overrides" */
} kr_cfn_override;

typedef struct kr_cfn_params {
    kr_cfn_override *items;
    size_t len, cap;
    /* private: the files read, kept for spans and snippets */
    char **files;
    char **srcs;
    size_t *src_lens;
    size_t nfiles;
} kr_cfn_params;

void kr_cfn_params_init(kr_cfn_params *self);
void kr_cfn_params_dispose(kr_cfn_params *self);

/* Reads the parameter file `path` into self. `sam_env` is the samconfig
 * environment (NULL: "default"). Returns 0, KR_EIO or KR_EINVALID (every
 * problem in diags with code "invalid-parameters"). */
int kr_cfn_params_load(kr_cfn_params *self, const char *path, const char *sam_env,
                       kr_diags *diags);
/* The same from bytes (copied). */
int kr_cfn_params_parse(kr_cfn_params *self, const char *path, const char *data, size_t len,
                        const char *sam_env, kr_diags *diags);

/* The value for `key` (the last one loaded), or NULL. */
const kr_cfn_override *kr_cfn_params_get(const kr_cfn_params *self, const char *key);

/* kr_cfn_options - what the deployment is told; all optional. */
typedef struct kr_cfn_options {
    const char *region;            /* AWS::Region; NULL: unknown */
    const kr_cfn_params *params;   /* parameter overrides; NULL: none */
    const char *stage;             /* serverless stage (--stage); NULL: provider.stage or "dev" */
    /* Scenario mode (scan.c evaluates each scenario): every condition that
     * comes out undecided is forced instead, the i-th one (conditions are
     * evaluated in declaration order first) to bit i of `scenario`. */
    bool force_conditions;
    unsigned scenario;
    /* Scenario mode: the names of the forced conditions, by bit, are copied
     * here (up to forced_cap; the array is the caller's). */
    char (*forced_names)[64];
    unsigned forced_cap;
    /* A nested stack's template (cfn/nested.h): the parent's resolved
     * `Parameters` map of the AWS::CloudFormation::Stack (or
     * AWS::Serverless::Application) resource, the parent document, and the
     * resource's logical id. A parameter named there takes the parent's value
     * (instead of its Default; parameter files are the parent's and do not
     * apply); its chain runs through the parent's Parameters entry. NULL: a
     * template deployed on its own. */
    const kr_node *stack_params;
    const kr_doc *stack_doc;
    const char *stack_name;
} kr_cfn_options;

#endif
