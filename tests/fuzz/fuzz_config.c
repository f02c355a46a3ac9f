/* fuzz_config.c - .krewlint.yml on any bytes (kr_config_parse), then what a
 * run does with an accepted configuration: the second check against the
 * bundled rule pack (loaded once, LLVMFuzzerInitialize), --print-config, the
 * rule and path queries.
 *
 * Checks: a refused configuration reports an error; an accepted one prints
 * (--print-config), and printing it is deterministic (twice the same bytes).
 * Paths named in the file (rules_dirs, baseline) resolve against the working
 * folder; the fuzzer never writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)kr_fuzz_bundled_rules();
    return 0;
}

static const char *const paths[] = {
    "main.tf", "modules/vpc/main.tf", "node_modules/x/index.js", "a/b/c.yaml", "/abs/x.json", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    const kr_ruleset *rules = kr_fuzz_bundled_rules();
    kr_diags diags;
    kr_diags_init(&diags);
    kr_config cfg;
    kr_config_init(&cfg);
    int rc = kr_config_parse(&cfg, ".krewlint.yml", (const char *)data, size, &diags);
    if (rc != 0 && diags.errors == 0) {
        fprintf(stderr, "fuzz_config: parse failed (%d) without an error diagnostic\n", rc);
        abort();
    }
    if (rc == 0) {
        if (rules) {
            (void)kr_config_check(&cfg, rules, &diags);
            for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
                const kr_rule *r = kr_ruleset_get(rules, i);
                (void)kr_config_rule_enabled(&cfg, r);
                (void)kr_config_severity(&cfg, r);
            }
        }
        for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
            (void)kr_config_wants_path(&cfg, paths[i]);
        (void)kr_config_param(&cfg, "owner_tag");
        kr_buf a, b;
        kr_buf_init(&a, 0);
        kr_buf_init(&b, 0);
        kr_config_print(&cfg, &a);
        kr_config_print(&cfg, &b);
        if (a.len != b.len || (a.len && memcmp(a.ptr, b.ptr, a.len) != 0)) {
            fprintf(stderr, "fuzz_config: --print-config is not deterministic\n");
            abort();
        }
        kr_buf_dispose(&a);
        kr_buf_dispose(&b);
    }
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        kr_diags_print(&diags, sink);
        fclose(sink);
    }
    kr_config_dispose(&cfg);
    kr_diags_dispose(&diags);
    return 0;
}
