/* fuzz_suppress.c - inline suppression comments (kr_suppress_scan) on any
 * bytes in each comment syntax, applied to a finding on every line.
 *
 * Input: the first byte picks the file name (and so the comment syntax:
 * YAML, HCL, C-like, Python, JSON), the rest is the file. Checks: every
 * directive's span lies inside the file and its lines are ordered; a
 * suppressed finding carries its reason; unused suppressions report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "suppress.h"
#include "util/alloc.h"

#define FUZZ_TODAY "2025-01-15"

static const char *const names[] = {"main.tf", "deploy.yaml", "app.js", "app.py", "x.json",
                                    "main.go", "serverless.yml", "a.ts"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)kr_fuzz_bundled_rules();
    return 0;
}

/* Mandatory: the 6-17 (secrets) controls, so refusals run too. */
static bool mandatory(const char *rule_id, const char *control, void *payload)
{
    (void)rule_id;
    (void)payload;
    return control && strcmp(control, "6-17") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    if (size == 0) return 0;
    const char *path = names[data[0] % (sizeof names / sizeof *names)];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    const kr_ruleset *rules = kr_fuzz_bundled_rules();

    kr_diags diags;
    kr_diags_init(&diags);
    kr_suppressions sup;
    kr_suppressions_init(&sup);
    kr_suppress_scan(&sup, path, text, len, kr_suppress_syntax_for(path, text, len), FUZZ_TODAY,
                     &diags);
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    for (size_t i = 0; i < sup.len; i++) {
        const kr_suppression *s = &sup.items[i];
        if (s->span.start.byte > s->span.end.byte || s->span.end.byte > len || !s->target ||
            !s->reason || (s->first <= s->last && s->scope == KR_SUPP_LINE && s->first >= lines + 1)) {
            fprintf(stderr, "fuzz_suppress: directive %zu: span [%u, %u) of %zu bytes, lines %u-%u\n",
                    i, (unsigned)s->span.start.byte, (unsigned)s->span.end.byte, len, s->first, s->last);
            abort();
        }
    }
    kr_findings fs;
    kr_findings_init(&fs);
    size_t n = rules ? kr_ruleset_count(rules) : 0;
    for (uint32_t l = 0; l < lines && l < 256 && n; l++) {
        kr_finding f = {0};
        f.rule = kr_ruleset_get(rules, (l * 13) % n);
        f.file = kr_xstrdup(path);
        f.span.start.line = l;
        f.span.end.line = l;
        f.severity = KR_SEV_WARNING;
        f.message = kr_xstrdup("m");
        kr_findings_push(&fs, &f);
    }
    kr_suppress_apply(&sup, &fs, path, mandatory, NULL, &diags);
    for (size_t i = 0; i < fs.len; i++)
        if (fs.items[i].suppressed && !fs.items[i].suppress_reason) {
            fprintf(stderr, "fuzz_suppress: a suppressed finding without a reason\n");
            abort();
        }
    kr_suppress_report_unused(&sup, path, &diags);
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        kr_diags_print(&diags, sink);
        fclose(sink);
    }
    kr_findings_dispose(&fs);
    kr_suppressions_dispose(&sup);
    kr_diags_dispose(&diags);
    return 0;
}
