/* fuzz_rules.c - the rule loader on any bytes, then the rules it accepts on
 * a few fixed documents.
 *
 * load.c reads rules only from files (there is no buffer entry), so the input
 * is written to rule.yml in a private temporary folder, made once per process,
 * next to a copy of the bundled catalog.tsv (so `control:` is checked against
 * the real checksheet items). The folder is loaded with kr_ruleset_load; the
 * loader must either succeed or report at least one diagnostic. Whatever
 * rules compiled (even when the load as a whole failed: *out is always set)
 * are then evaluated on small Terraform, CloudFormation, Kubernetes,
 * serverless, config and JavaScript documents, and the findings written in
 * every report format (fuzz_common.c), so fuzzed paths, operators, regular
 * expressions, typed values, message placeholders and tree-sitter queries
 * all run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "util/buf.h"

/* fixture - one fixed document the fuzzed rules are evaluated on. */
typedef struct fixture {
    const char *path;
    const char *text;
} fixture;

static const fixture fixtures[] = {
    {"main.tf",
     "resource \"aws_db_instance\" \"db\" {\n"
     "  backup_retention_period = 3\n"
     "  storage_encrypted       = var.enc\n"
     "  tags = { Name = \"x\" }\n"
     "  ingress { cidr_blocks = [\"0.0.0.0/0\"] }\n"
     "  ingress { cidr_blocks = [\"10.0.0.0/8\"] }\n"
     "}\n"
     "provider \"aws\" { region = \"us-east-1\" }\n"
     "variable \"enc\" { default = true }\n"
     "locals { ttl = \"12 months\" }\n"},
    {"template.yaml",
     "AWSTemplateFormatVersion: '2010-09-09'\n"
     "Resources:\n"
     "  Db:\n"
     "    Type: AWS::RDS::DBInstance\n"
     "    Properties:\n"
     "      BackupRetentionPeriod: !Ref Days\n"
     "      StorageEncrypted: false\n"
     "      Tags: [{Key: a, Value: b}]\n"
     "  Logs:\n"
     "    Type: AWS::Logs::LogGroup\n"
     "    Properties: {RetentionInDays: 30}\n"},
    {"k8s/deploy.yaml",
     "apiVersion: apps/v1\n"
     "kind: Deployment\n"
     "metadata: {name: web}\n"
     "spec:\n"
     "  template:\n"
     "    spec:\n"
     "      containers:\n"
     "        - name: app\n"
     "          env: [{name: TZ, value: Asia/Tokyo}]\n"},
    {"serverless.yml",
     "service: api\n"
     "provider: {name: aws, region: '${opt:region}', logRetentionInDays: 7}\n"
     "functions: {hello: {handler: h.main}}\n"},
    {"config/app.yml", "tls: TLSv1.0\nretention: P1Y\nport: 80\nenabled: yes\n"},
    {"src/app.js",
     "eval(userInput);\n"
     "el.innerHTML = data;\n"
     "fetch('http://example.com/x', {rejectUnauthorized: false});\n"},
};

/* The private folder: "" until made; rule.yml inside is rewritten per input. */
static char workdir[256];
static char rulefile[300];

static void cleanup(void)
{
    if (!workdir[0]) return;
    char cat[300];
    snprintf(cat, sizeof cat, "%s/catalog.tsv", workdir);
    unlink(rulefile);
    unlink(cat);
    rmdir(workdir);
}

static int copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    if (kr_fs_read(&data, &len, from, &why) != 0) return -1;
    FILE *f = fopen(to, "wb");
    int rc = -1;
    if (f) {
        rc = fwrite(data, 1, len, f) == len ? 0 : -1;
        if (fclose(f) != 0) rc = -1;
    }
    free(data);
    return rc;
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(workdir, sizeof workdir, "%s/krewlint-fuzz-rules.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(workdir)) {
        perror("fuzz_rules: mkdtemp");
        abort();
    }
    snprintf(rulefile, sizeof rulefile, "%s/rule.yml", workdir);
    atexit(cleanup);
    char from[4096], to[300];
    snprintf(from, sizeof from, "%s/catalog.tsv", kr_fuzz_rules_dir());
    snprintf(to, sizeof to, "%s/catalog.tsv", workdir);
    if (copy_file(from, to) != 0)
        fprintf(stderr, "fuzz_rules: no catalog at %s; controls are not checked\n", from);
}

/* The fixtures parsed once (LLVMFuzzerInitialize): parsing them per input
 * (two tree-sitter parses among them) cost more than most rule files'
 * loading. kr_eval_doc only reads a document, so every input shares them. */
static kr_doc docs[sizeof fixtures / sizeof fixtures[0]];
static bool docs_ok[sizeof fixtures / sizeof fixtures[0]];
static bool docs_loaded;

static void free_docs(void)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) kr_doc_dispose(&docs[i]);
}

static void load_docs(void)
{
    kr_diags d;
    kr_diags_init(&d);
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        kr_doc_init(&docs[i], fixtures[i].path, fixtures[i].text, strlen(fixtures[i].text));
        docs_ok[i] = kr_doc_load(&docs[i], &d) == 0;
    }
    kr_diags_dispose(&d);
    docs_loaded = true;
    atexit(free_docs);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setup();
    load_docs();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    if (!workdir[0]) setup();

    FILE *f = fopen(rulefile, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror("fuzz_rules: writing the rule file");
        abort();
    }

    kr_diags diags;
    kr_diags_init(&diags);
    kr_ruleset *rules = NULL;
    const char *dir = workdir;
    int rc = kr_ruleset_load(&rules, &dir, 1, &diags);
    if (rc != 0 && diags.errors == 0) {
        fprintf(stderr, "fuzz_rules: load failed (%d) without an error diagnostic\n", rc);
        abort();
    }
    /* every diagnostic must print (positions, messages) */
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        kr_diags_print(&diags, sink);
        fclose(sink);
    }

    if (rules && kr_ruleset_count(rules) > 0) {
        kr_lang lang = (size & 1) ? KR_LANG_JA : KR_LANG_EN;
        kr_result res;
        kr_result_init(&res);
        if (!docs_loaded) load_docs();
        kr_eval_options eo = {.lang = lang};
        for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
            if (!docs_ok[i]) continue;
            kr_findings found;
            kr_findings_init(&found);
            kr_eval_doc(rules, &docs[i], &eo, &found);
            kr_findings_take(&res.findings, &found);
            kr_findings_dispose(&found);
            res.files_scanned++;
        }
        kr_fuzz_report_all(&res, rules, lang);
        kr_result_dispose(&res);
    }
    kr_ruleset_free(rules);
    kr_diags_dispose(&diags);
    return 0;
}
