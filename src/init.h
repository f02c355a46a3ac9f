/* init.h - `krewlint init`: a commented starter .krewlint.yml for a repository.
 *
 * The repository is walked like a scan (kr_scan_collect), every file is
 * parsed once to learn its format, and the text lists:
 *   - the formats found, with file counts;
 *   - the checksheet items whose rules can apply to those formats (a rule
 *     applies when one of its targets reads a format that was found);
 *   - commented examples of every configuration key;
 *   - suggested bindings for the parameters of 6-30, 6-2 and 11-4, guessed
 *     from environment variables of serverless.yml files (provider and
 *     function `environment:` keys) named like PURGE/DELETION/RETENTION
 *     (6-30), CHANGE/MAINTENANCE + NOTICE (6-2) and DISCONTINU/SHUTDOWN/
 *     SUNSET/TERMINATION + NOTICE (11-4). Each guess names where it was found;
 *     items without a guess get a commented placeholder.
 * The output is deterministic (sorted files, sorted controls).
 */
#ifndef KR_INIT_H
#define KR_INIT_H

#include "diag.h"
#include "rules/rule.h"
#include "util/buf.h"

/* Writes the starter configuration for the repository at `root` into out.
 * Files that cannot be read or parsed are skipped (noted in diags as
 * warnings). Returns 0. */
int kr_init_generate(kr_buf *out, const kr_ruleset *rules, const char *root, kr_diags *diags);

#endif
