/* cmd_report.c - `krewlint report [OPTIONS] [PATH...]`: the checksheet for
 * the repository, from the same engine run as `krewlint .` (configuration,
 * params, suppressions, baseline); src/report/checksheet_run.c does the work.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void report_usage(FILE *f)
{
    fputs("Usage: krewlint report [OPTIONS] [PATH...]\n"
          "Write the security checksheet for the repository: automated items from the scan,\n"
          "organisational items from .krewlint/attestations.yml. The scan is the one\n"
          "`krewlint PATH` runs: .krewlint.yml, inline suppressions and the baseline apply, and\n"
          "the findings they set apart are listed as accepted exceptions with their reason.\n\n"
          "Options:\n"
          "  -f, --format FORMAT      markdown (default), html, json, csv\n"
          "  -o, --output FILE        write the report to FILE (default: standard output)\n"
          "      --lang LANG          ja or en (default: LC_ALL, LC_MESSAGES, LANG)\n"
          "      --compare OLD.json   list the items whose status changed since OLD.json\n"
          "      --rules DIR          load rules from DIR (repeatable; default: the bundled rules)\n"
          "      --config FILE        read FILE instead of the .krewlint.yml found from PATH\n"
          "      --baseline FILE      the baseline (default: the configuration's)\n"
          "      --no-inline-suppressions  ignore krewlint:ignore comments\n"
          "      --attestations FILE  default: PATH/.krewlint/attestations.yml\n"
          "      --catalog FILE       default: catalog.tsv of the bundled rules\n"
          "      --repository NAME    the header's repository (default: from git)\n"
          "      --commit REV         the header's commit (default: git rev-parse HEAD)\n"
          "  -j, --jobs N             scan N files at once\n"
          "  -h, --help               show this help and exit\n\n"
          "Exit status: 0 written, 1 an item is x or an attestation check failed,\n"
          "2 trouble (usage, invalid catalog, attestations or rules, unwritable output).\n",
          f);
}

int kr_cmd_report(int argc, char **argv, const char *argv0)
{
    kr_cli c = {.cmd = KR_CMD_REPORT, .name = "report", .argv0 = argv0, .usage = report_usage};
    kr_engine *e = NULL;
    char *default_dir = NULL, *default_catalog = NULL;
    FILE *out = NULL;
    int status = kr_cli_parse(&c, argc, argv);
    if (status >= 0)
        goto out;
    status = KR_EXIT_TROUBLE;
    kr_checksheet_run_options o = {.out = stdout, .err = stderr};
    kr_cs_format_parse(&o.format, c.reports[0].format); /* checked by the parser */
    const char *catalog = c.catalog;
    if (!catalog && (default_dir = kr_default_rules_dir(argv0)) != NULL) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", default_dir);
        default_catalog = kr_buf_detach(&b);
        catalog = default_catalog;
    }
    if (!catalog) {
        fputs("krewlint: cannot find the bundled rules; use --rules DIR and --catalog FILE or set "
              "KREWLINT_RULES_DIR\n",
              stderr);
        goto out;
    }
    c.engine.keep_adopted = true;
    c.engine.record_coverage = true;
    c.engine.quiet = true; /* the report states what the baseline accepted */
    c.engine.what = "written";
    e = kr_engine_new(&c.engine);
    if ((status = kr_engine_load(e)) != 0)
        goto out;
    status = KR_EXIT_TROUBLE;
    if (c.output && strcmp(c.output, "-") != 0) {
        out = fopen(c.output, "w");
        if (!out) {
            fprintf(stderr, "krewlint: cannot write '%s': %s\n", c.output, strerror(errno));
            goto out;
        }
        o.out = out;
    }
    o.engine = e;
    o.catalog = catalog;
    o.attestations = c.attestations;
    o.compare = c.compare;
    o.repository = c.repository;
    o.commit = c.commit;
    status = kr_checksheet_run(&o);
    if (out && fclose(out) != 0) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", c.output, strerror(errno));
        status = KR_EXIT_TROUBLE;
    }
    out = NULL;

out:
    if (out)
        fclose(out);
    kr_engine_free(e);
    kr_cli_dispose(&c);
    free(default_dir);
    free(default_catalog);
    return status;
}
