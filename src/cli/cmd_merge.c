/* cmd_merge.c - `krewlint merge [OPTIONS] FILE...`: the JSON results of the
 * shards of one run (`krewlint --shard I/N --format json`) put back together
 * and written in any format exactly as the single run would have written
 * it (src/shard.h).
 *
 *   krewlint merge shard-*.json --format sarif --output krewlint.sarif --format text
 *
 * The merge loads the rules and the configuration like a scan (the same
 * --rules / --config as the shards): findings name their rules, and the
 * reports read the rules' titles and help. It refuses shards of different
 * krewlint versions, rules, configurations or trees, a missing shard and a
 * shard given twice (exit 2). The exit status is the run's: the shards'
 * fail_on and --fail-on-unknown, unless the merge's own --fail-on,
 * --fail-on-unknown or --exit-zero say otherwise.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static void merge_usage(FILE *f)
{
    fputs("Usage: krewlint merge [OPTIONS] FILE...\n"
          "Join the JSON results of `krewlint --shard I/N --format json` (one per shard) and write\n"
          "them as one run would have: the same bytes in every format.\n\n"
          "Options:\n"
          "  -f, --format FORMAT      text (default), json, sarif, github, junit, checkstyle, or the\n"
          "                           checksheet: checksheet-markdown, checksheet-html,\n"
          "                           checksheet-json, checksheet-csv (repeatable)\n"
          "  -o, --output FILE        write the report of the last --format to FILE\n"
          "      --rules DIR          the shards' rules (repeatable; default: the bundled rules)\n"
          "      --config FILE        the shards' configuration (default: .krewlint.yml found here)\n"
          "      --sarif-category NAME  SARIF category (default: as the shards' run)\n"
          "      --fail-on LEVEL      exit 1 for findings at or above LEVEL (default: the shards')\n"
          "      --fail-on-unknown    unknown verdicts count for --fail-on too\n"
          "      --exit-zero          exit 0 even with findings\n"
          "      --color WHEN, --no-color  colour of the text report\n"
          "      --attestations FILE, --catalog FILE, --repository NAME, --commit REV\n"
          "                           for the checksheet formats, as in krewlint report\n"
          "  -q, --quiet              no summary line on standard error\n"
          "  -h, --help               show this help and exit\n\n"
          "Exit status: 0 nothing found, 1 findings or unreadable inputs (as the single run),\n"
          "2 trouble (shards that do not belong together, a missing shard, unreadable input).\n",
          f);
}

/* Reads every FILE's shard record, rules not yet known (the policy decides
 * how the engine is set up). Returns 0 or -1 (printed). */
static int read_all(kr_shard_input **in, char **files, size_t n, const kr_ruleset *rules)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *data = NULL;
        size_t len = 0;
        const char *why = NULL;
        kr_shard_input_dispose(in[i]);
        kr_shard_input_init(in[i]);
        if (kr_fs_read(&data, &len, files[i], &why) != 0) {
            fprintf(stderr, "krewlint: cannot read '%s': %s\n", files[i], why ? why : "error");
            rc = -1;
            continue;
        }
        kr_diags d;
        kr_diags_init(&d);
        if (kr_shard_read(in[i], files[i], data, len, rules, &d) != 0) {
            kr_diags_print(&d, stderr);
            rc = -1;
        }
        kr_diags_dispose(&d);
        free(data);
    }
    return rc;
}

int kr_cmd_merge(int argc, char **argv, const char *argv0)
{
    kr_cli c = {.cmd = KR_CMD_MERGE, .name = "merge", .argv0 = argv0, .usage = merge_usage};
    kr_engine *e = NULL;
    kr_shard_input **in = NULL;
    size_t n = 0;
    char *default_dir = NULL, *default_catalog = NULL;
    int status = kr_cli_parse(&c, argc, argv);
    if (status >= 0)
        goto out;
    status = KR_EXIT_TROUBLE;
    n = c.nargs;
    if (n == 0) {
        status = kr_cli_usage_error("merge needs the shards' JSON results (FILE...)");
        goto out;
    }
    in = kr_xcalloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        in[i] = kr_xmalloc(sizeof **in);
        kr_shard_input_init(in[i]);
    }
    /* first pass: the records' policy and digests, without rules */
    if (read_all(in, c.args, n, NULL) != 0)
        goto out;
    if (kr_shard_check(in, n, KREWLINT_VERSION, in[0]->rules_digest, stderr) != 0) {
        fputs("krewlint: nothing was merged\n", stderr);
        goto out;
    }
    /* the run's policy, unless the merge's options say otherwise */
    const kr_shard_policy *pol = &in[0]->policy;
    c.engine.lang = pol->lang;
    c.engine.lang_given = true;
    if (!c.engine.fail_on_given) {
        c.engine.fail_on = (kr_fail_on)pol->fail_on;
        c.engine.fail_on_given = true;
    }
    c.engine.fail_on_unknown = c.engine.fail_on_unknown || pol->fail_on_unknown;
    c.engine.paths = NULL;
    c.engine.npaths = 0;
    c.engine.what = "merged";
    e = kr_engine_new(&c.engine);
    if ((status = kr_engine_load(e)) != 0)
        goto out;
    status = KR_EXIT_TROUBLE;
    uint64_t rules_digest = kr_shard_rules_digest(kr_engine_rules(e));
    if (kr_shard_check(in, n, KREWLINT_VERSION, rules_digest, stderr) != 0) {
        fputs("krewlint: nothing was merged\n", stderr);
        goto out;
    }
    /* second pass: the findings with the rules they name */
    if (read_all(in, c.args, n, kr_engine_rules(e)) != 0)
        goto out;
    kr_result res;
    kr_findings baselined, disabled;
    size_t nbaselined = 0;
    kr_result_init(&res);
    kr_findings_init(&baselined);
    kr_findings_init(&disabled);
    kr_shard_merge(&res, &baselined, &disabled, &nbaselined, in, n, kr_engine_rules(e));
    kr_engine_adopt_result(e, &res, &baselined, &disabled, nbaselined);
    kr_result_dispose(&res);
    kr_findings_dispose(&baselined);
    kr_findings_dispose(&disabled);

    status = kr_engine_status(e);
    const kr_cli_report *sheet = NULL;
    for (size_t i = 0; i < c.nreports; i++) {
        if (strncmp(c.reports[i].format, "checksheet-", 11) == 0) {
            if (sheet) {
                fputs("krewlint: merge writes one checksheet format at a time\n", stderr);
                status = KR_EXIT_TROUBLE;
                goto out;
            }
            sheet = &c.reports[i];
            continue;
        }
        if (kr_cli_write_report(&c, &c.reports[i], e, NULL, pol->changed_since) != 0)
            status = KR_EXIT_TROUBLE;
    }
    if (!c.quiet_summary)
        kr_cli_print_summary(kr_engine_result(e), kr_engine_baselined_count(e), NULL, kr_engine_lang(e));
    if (sheet) {
        /* last: the checksheet adds the attestation checks to the result */
        kr_checksheet_run_options o = {.out = stdout, .err = stderr, .engine = e};
        kr_cs_format_parse(&o.format, sheet->format + 11); /* checked by the parser */
        const char *catalog = c.catalog;
        if (!catalog && (default_dir = kr_default_rules_dir(argv0)) != NULL) {
            kr_buf b;
            kr_buf_init(&b, 0);
            kr_buf_printf(&b, "%s/catalog.tsv", default_dir);
            default_catalog = kr_buf_detach(&b);
            catalog = default_catalog;
        }
        if (!catalog) {
            fputs("krewlint: cannot find the checksheet catalog; use --catalog FILE\n", stderr);
            status = KR_EXIT_TROUBLE;
            goto out;
        }
        FILE *f = kr_cli_open_output(sheet->output);
        if (!f) {
            status = KR_EXIT_TROUBLE;
            goto out;
        }
        o.out = f;
        o.catalog = catalog;
        o.attestations = c.attestations;
        o.repository = c.repository;
        o.commit = c.commit;
        int cs = kr_checksheet_run(&o);
        if (kr_cli_close_output(f) != 0)
            cs = KR_EXIT_TROUBLE;
        if (cs > status)
            status = cs;
    }

out:
    for (size_t i = 0; in && i < n; i++) {
        kr_shard_input_dispose(in[i]);
        free(in[i]);
    }
    free(in);
    kr_engine_free(e);
    kr_cli_dispose(&c);
    free(default_dir);
    free(default_catalog);
    return status;
}
