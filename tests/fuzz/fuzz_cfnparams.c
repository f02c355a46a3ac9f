/* fuzz_cfnparams.c - CloudFormation parameter files (src/cfn/params.c) on any
 * bytes, read as an AWS CLI list / template configuration (params.json) and as
 * a samconfig (samconfig.yaml, environments "default" and "prod"). A failure
 * must leave at least one diagnostic; every value read must have its key and
 * text, and a span inside the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfn/params.h"
#include "diag.h"
#include "fuzz.h"

static void run(const char *path, const char *data, size_t len, const char *env)
{
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_cfn_params_parse(&p, path, data, len, env, &d);
    if (rc != 0 && d.len == 0) {
        fprintf(stderr, "fuzz_cfnparams: failed (%d) without a diagnostic\n", rc);
        abort();
    }
    for (size_t i = 0; i < p.len; i++) {
        const kr_cfn_override *o = &p.items[i];
        if (!o->key || (!o->value && !o->use_previous) || o->span.end.byte > len ||
            o->span.start.byte > o->span.end.byte) {
            fprintf(stderr, "fuzz_cfnparams: bad entry %zu\n", i);
            abort();
        }
        if (kr_cfn_params_get(&p, o->key) == NULL) abort();
    }
    kr_diags_dispose(&d);
    kr_cfn_params_dispose(&p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    const char *text = (const char *)data;
    run("params.json", text, size, NULL);
    run("samconfig.yaml", text, size, "default");
    run("samconfig.yaml", text, size, "prod");
    return 0;
}
