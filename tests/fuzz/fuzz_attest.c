/* fuzz_attest.c - an attestation file (.krewlint/attestations.yml) on any
 * bytes (kr_attest_parse, against the bundled checksheet catalog), its
 * checks (overdue, evidence missing; evidence paths resolve in an empty
 * private folder), and the checksheet report built from it and written in
 * every format (Markdown, HTML, JSON, CSV) into memory.
 *
 * Checks: a refused file reports an error; an accepted one has its items in
 * the catalog; the report writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attest.h"
#include "catalog.h"
#include "fuzz.h"
#include "report/report.h"

static kr_catalog catalog;
static bool have_catalog;
static char root[256];

static void cleanup(void)
{
    if (root[0]) rmdir(root);
}

static void setup(void)
{
    kr_catalog_init(&catalog);
    char path[4096];
    snprintf(path, sizeof path, "%s/catalog.tsv", kr_fuzz_rules_dir());
    kr_diags d;
    kr_diags_init(&d);
    have_catalog = kr_catalog_load(&catalog, path, &d) == 0;
    if (!have_catalog) fprintf(stderr, "fuzz_attest: no catalog at %s; items are not checked\n", path);
    kr_diags_dispose(&d);
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/krewlint-fuzz-attest.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(root)) {
        perror("fuzz_attest: mkdtemp");
        abort();
    }
    atexit(cleanup);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setup();
    (void)kr_fuzz_bundled_rules();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    if (!root[0]) setup();
    const kr_catalog *cat = have_catalog ? &catalog : NULL;
    kr_lang lang = (size & 1) ? KR_LANG_JA : KR_LANG_EN;
    kr_diags diags;
    kr_diags_init(&diags);
    kr_attestations att;
    kr_attest_init(&att);
    int rc = kr_attest_parse(&att, ".krewlint/attestations.yml", (const char *)data, size, cat, root,
                             &diags);
    if (rc != 0 && diags.errors == 0) {
        fprintf(stderr, "fuzz_attest: parse failed (%d) without an error diagnostic\n", rc);
        abort();
    }
    if (rc == 0) {
        for (size_t i = 0; i < att.len; i++)
            if (cat && !kr_catalog_find(cat, att.items[i].item)) {
                fprintf(stderr, "fuzz_attest: item '%s' is not in the catalog\n", att.items[i].item);
                abort();
            }
        long today = 0;
        (void)kr_date_parse(&today, "2025-01-15", 10);
        kr_findings fs;
        kr_findings_init(&fs);
        kr_attest_check_options o = {.today = today, .lang = lang, .catalog = cat};
        kr_attest_check(&att, &o, &fs);
        if (cat) {
            kr_checksheet cs;
            kr_checksheet_input in = {.catalog = cat, .rules = kr_fuzz_bundled_rules(),
                                      .findings = &fs, .attestations = &att, .lang = lang,
                                      .repository = "repo", .commit = "0000", .date = "2025-01-15",
                                      .version = "fuzz"};
            kr_checksheet_build(&cs, &in);
            for (int f = KR_CS_MARKDOWN; f <= KR_CS_CSV; f++) {
                char *buf = NULL;
                size_t blen = 0;
                FILE *out = open_memstream(&buf, &blen);
                if (!out) abort();
                if (kr_checksheet_write(out, &cs, (kr_cs_format)f) != 0) abort();
                fclose(out);
                free(buf);
            }
            kr_checksheet_dispose(&cs);
        }
        kr_findings_dispose(&fs);
    }
    kr_attest_dispose(&att);
    kr_diags_dispose(&diags);
    return 0;
}
