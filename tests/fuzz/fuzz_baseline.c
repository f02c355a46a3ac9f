/* fuzz_baseline.c - a baseline file (.krewlint-baseline.json) on any bytes
 * (kr_baseline_parse), then the filter on a fixed set of findings.
 *
 * Checks: a refused baseline reports an error; an accepted one round-trips:
 * writing it and reading the output back succeeds, and writing that again
 * gives the same bytes; filtering never removes more findings than the
 * baseline's counts allow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "fuzz.h"
#include "util/alloc.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)kr_fuzz_bundled_rules();
    return 0;
}

/* A few findings of the bundled rules in two files (fingerprints vary). */
static void make_findings(kr_findings *out, const kr_ruleset *rules)
{
    size_t n = rules ? kr_ruleset_count(rules) : 0;
    for (size_t i = 0; i < 12 && n; i++) {
        kr_finding f = {0};
        f.rule = kr_ruleset_get(rules, (i * 7) % n);
        f.file = kr_xstrdup(i & 1 ? "main.tf" : "k8s/deploy.yaml");
        f.span.start.line = (uint32_t)(i % 3);
        f.severity = KR_SEV_ERROR;
        f.message = kr_xstrdup("m");
        f.resource = i % 4 ? kr_xstrdup(i & 2 ? "aws_db_instance.db" : "Deployment/web") : NULL;
        f.path = kr_xstrdup("a.b");
        kr_findings_push(out, &f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    kr_diags diags;
    kr_diags_init(&diags);
    kr_baseline bl;
    kr_baseline_init(&bl);
    int rc = kr_baseline_parse(&bl, "b.json", (const char *)data, size, &diags);
    if (rc != 0 && diags.errors == 0) {
        fprintf(stderr, "fuzz_baseline: parse failed (%d) without an error diagnostic\n", rc);
        abort();
    }
    if (rc == 0) {
        kr_buf w1, w2;
        kr_buf_init(&w1, 0);
        kr_buf_init(&w2, 0);
        kr_baseline_write(&bl, &w1);
        kr_baseline again;
        kr_baseline_init(&again);
        kr_diags d2;
        kr_diags_init(&d2);
        if (kr_baseline_parse(&again, "w.json", w1.ptr ? w1.ptr : "", w1.len, &d2) != 0) {
            fprintf(stderr, "fuzz_baseline: krewlint cannot read the baseline it wrote\n");
            kr_diags_print(&d2, stderr);
            abort();
        }
        kr_baseline_write(&again, &w2);
        if (w1.len != w2.len || (w1.len && memcmp(w1.ptr, w2.ptr, w1.len) != 0)) {
            fprintf(stderr, "fuzz_baseline: write(read(write(b))) differs from write(b)\n");
            abort();
        }
        kr_findings fs;
        kr_findings_init(&fs);
        make_findings(&fs, kr_fuzz_bundled_rules());
        size_t before = fs.len, total = 0;
        for (size_t i = 0; i < bl.len; i++) total += bl.items[i].count;
        size_t removed = kr_baseline_filter(&bl, &fs);
        if (removed != before - fs.len || removed > total) {
            fprintf(stderr, "fuzz_baseline: filter removed %zu of %zu (counts %zu)\n", removed,
                    before, total);
            abort();
        }
        kr_findings_dispose(&fs);
        kr_baseline_dispose(&again);
        kr_diags_dispose(&d2);
        kr_buf_dispose(&w1);
        kr_buf_dispose(&w2);
    }
    kr_baseline_dispose(&bl);
    kr_diags_dispose(&diags);
    return 0;
}
