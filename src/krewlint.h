/* krewlint.h - the public API of krewlint's core library.
 *
 *   kr_ruleset *rules;  kr_diags d;  kr_diags_init(&d);
 *   if (kr_ruleset_load(&rules, dirs, n, &d) != 0) { print d; exit 2; }
 *   kr_result res;  kr_result_init(&res);
 *   kr_scan(&res, rules, &opts);
 *   kr_report_find("json")(stdout, &res, &ropts);
 *
 * Nothing in the library keeps global mutable state: several scans may run at
 * once, and one scan runs its files in parallel.
 */
#ifndef KREWLINT_H
#define KREWLINT_H

#include "common.h"
#include "diag.h"
#include "rules/rule.h"
#include "eval/eval.h"
#include "scan.h"
#include "report/report.h"
#include "git.h"
#include "util/fs.h"

/* Where the bundled rule pack is: $KREWLINT_RULES_DIR, then next to the
 * executable (build tree: <src>/rules via the compiled-in path; installed:
 * <prefix>/share/krewlint/rules). Returns a malloc'ed path or NULL. */
char *kr_default_rules_dir(const char *argv0);

#endif
