/* fuzz_eval.c - the whole per-file pipeline on any bytes: the input is
 * loaded under several file names (so kr_doc_load routes it to the YAML/JSON
 * adapter as plain YAML and as serverless.yml, to the HCL adapter as a .tf,
 * to the YAML adapter with Terraform classification as .tf.json, and to the
 * JavaScript and Python grammars for the source-code rules), evaluated with
 * the bundled rule pack (loaded once), inline suppressions applied, and the
 * result written in every report format into memory, whose JSON/SARIF/XML
 * outputs are checked (fuzz_common.c). The message language alternates with
 * the input size so both catalogs of messages are formatted.
 */
#include "fuzz.h"

static const char *const paths[] = {
    "serverless.yml", /* YAML: CloudFormation, k8s, plan, serverless by content + name */
    "main.tf",        /* HCL */
    "main.tf.json",   /* Terraform JSON: template rewrites */
    "app.js",         /* source-code rules (tree-sitter-javascript) */
    "app.py",         /* source-code rules (tree-sitter-python) */
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)kr_fuzz_bundled_rules();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    const kr_ruleset *rules = kr_fuzz_bundled_rules();
    kr_lang lang = (size & 1) ? KR_LANG_JA : KR_LANG_EN;
    kr_result res;
    kr_result_init(&res);
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        kr_fuzz_scan_buffer(&res, rules, paths[i], (const char *)data, size, lang);
    kr_fuzz_report_all(&res, rules, lang);
    kr_result_dispose(&res);
    return 0;
}
