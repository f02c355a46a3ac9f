/* fuzz.h - what every fuzz target and the replay driver share.
 *
 * Each tests/fuzz/fuzz_<target>.c defines LLVMFuzzerTestOneInput. Built with
 * clang and -fsanitize=fuzzer (KREWLINT_BUILD_FUZZ=ON) libFuzzer supplies
 * main(); built with driver.c (any compiler, the fuzz.replay.<target> ctest
 * tests) the corpus files are replayed one by one. A target must free
 * everything it allocates per input (libFuzzer reports leaks) and may keep
 * read-only state across inputs (the bundled ruleset, loaded once).
 */
#ifndef KR_FUZZ_H
#define KR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Called once before the first input (libFuzzer and driver.c): loads what the
 * target keeps for the whole run, outside libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Largest input a target looks at: libFuzzer's default -max_len is 4096, the
 * corpus files are smaller; anything longer is cut so one replayed file can
 * not run for minutes. */
#define KR_FUZZ_MAX_INPUT (1u << 20)

#include <stdlib.h>
#ifndef KREWLINT_BUILD_RULES_DIR
#define KREWLINT_BUILD_RULES_DIR "rules"
#endif

/* The bundled rule pack: $KREWLINT_RULES_DIR when set, else the source tree's
 * rules/ (KREWLINT_BUILD_RULES_DIR, compiled into krewlint_core's users). */
static inline const char *kr_fuzz_rules_dir(void)
{
    const char *env = getenv("KREWLINT_RULES_DIR");
    return env && env[0] ? env : KREWLINT_BUILD_RULES_DIR;
}


/* --- fuzz_common.c: the scan pipeline on a buffer (what scan.c does per
 * file, without reading it). */
#include "krewlint.h"

/* Loads data[0..len) as the file `path` (kr_doc_load picks the adapter by
 * the name), evaluates `rules` (may be NULL), applies inline suppressions,
 * and appends the findings and diagnostics to res. */
void kr_fuzz_scan_buffer(kr_result *res, const kr_ruleset *rules, const char *path,
                         const char *data, size_t len, kr_lang lang);

/* Sorts res and writes it in every report format into memory (open_memstream),
 * checking that the JSON, SARIF and XML outputs are valid UTF-8 without raw
 * control characters; aborts when one is not. */
void kr_fuzz_report_all(kr_result *res, const kr_ruleset *rules, kr_lang lang);

/* The bundled ruleset, loaded once per process (read-only afterwards); NULL
 * only if the pack cannot be read at all. Load problems are printed once. */
const kr_ruleset *kr_fuzz_bundled_rules(void);

#endif
