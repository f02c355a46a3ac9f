/* krewlint.h - the public API of krewlint's core library: what the command
 * line (src/cli/) and other embedders may use. Nothing else in src/ is
 * meant to be included from outside the library.
 *
 *   kr_engine_options o = {.paths = paths, .npaths = n, .lang = KR_LANG_EN};
 *   kr_engine *e = kr_engine_new(&o);
 *   int status = kr_engine_load(e);           configuration, rules, params
 *   if (!status) status = kr_engine_scan(e);  path set, scan, baseline
 *   if (!status) {
 *       kr_engine_view v;
 *       kr_engine_view_init(&v, e, kr_report_format_find("json")->shows_suppressed);
 *       kr_report_format_find("json")->write(stdout, &v.result, &(kr_report_options){0});
 *       kr_engine_view_dispose(&v);
 *       status = kr_engine_status(e);
 *   }
 *   kr_engine_free(e);
 *
 * The pieces:
 *   engine.h         the run: configuration, rules, scan, baseline, exit status
 *   report/report.h  output formats (kr_report_format_find) and the checksheet
 *                    report (kr_checksheet_run)
 *   init.h           krewlint init's starter configuration
 *   ruletest.h       krewlint test: a rule pack's fixtures
 *   catalog.h        the checksheet catalog (--list-controls)
 *   rulesdir.h       where the bundled rule pack is
 *
 * Nothing in the library keeps global mutable state: several runs may go at
 * once, and one scan runs its files in parallel.
 */
#ifndef KREWLINT_H
#define KREWLINT_H

#include "common.h"
#include "engine.h"
#include "report/report.h"
#include "init.h"
#include "ruletest.h"
#include "catalog.h"
#include "rulesdir.h"
#include "shard.h"
#include "util/alloc.h"
#include "util/buf.h"
/* still here for the library's own tests, which included them through this
 * header before it was the public API; the CLI does not use them */
#include "git.h"
#include "util/fs.h"

#endif
