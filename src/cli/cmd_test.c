/* cmd_test.c - `krewlint test [OPTIONS] [DIR...]`: run the fixtures of rule
 * packs (src/ruletest.c, through the engine), each pack on its own. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static void test_usage(FILE *f)
{
    fputs("Usage: krewlint test [OPTIONS] [DIR...]\n"
          "Run the fixtures of rule packs: each DIR (default: the bundled rules) is loaded on its\n"
          "own, and every file in DIR/tests/<rule id in lower case>/ is scanned with DIR's rules and\n"
          "compared with its krewlint-expect marks (or its NAME.expect file).\n\n"
          "Options:\n"
          "  -f, --format FORMAT  text (default) or json\n"
          "      --lang LANG      language of the finding messages shown: en or ja\n"
          "  -j, --jobs N         scan N files at once (default: number of cores)\n"
          "  -h, --help           show this help and exit\n\n"
          "Exit status: 0 every rule passed, 1 a failure, 2 invalid rules or usage.\n",
          f);
}

int kr_cmd_test(int argc, char **argv, const char *argv0)
{
    kr_cli c = {.cmd = KR_CMD_TEST, .name = "test", .argv0 = argv0, .usage = test_usage};
    char *default_dir = NULL;
    int status = kr_cli_parse(&c, argc, argv);
    if (status >= 0)
        goto out;
    status = KR_EXIT_CLEAN;
    kr_ruletest_options o = {.lang = c.engine.lang, .jobs = c.engine.scan.jobs};
    bool json = strcmp(c.reports[0].format, "json") == 0;
    const char *const *dirs = (const char *const *)c.args;
    size_t ndirs = c.nargs;
    const char *one[1];
    if (ndirs == 0) {
        default_dir = kr_default_rules_dir(argv0);
        if (!default_dir) {
            fputs("krewlint: cannot find the bundled rules; name a DIR or set KREWLINT_RULES_DIR\n",
                  stderr);
            status = KR_EXIT_TROUBLE;
            goto out;
        }
        one[0] = default_dir;
        dirs = one;
        ndirs = 1;
    }
    kr_buf text;
    kr_buf_init(&text, 0);
    if (json)
        kr_buf_puts(&text, ndirs > 1 ? "[" : "");
    size_t shown = 0; /* packs written (JSON: comma before all but the first) */
    for (size_t i = 0; i < ndirs; i++) {
        kr_ruletest_result r;
        kr_ruletest_result_init(&r);
        kr_diags d;
        kr_diags_init(&d);
        int rc = kr_ruletest_run(&r, dirs[i], &o, &d);
        kr_diags_print(&d, stderr); /* errors, and warnings about the pack */
        if (rc != 0) {
            fprintf(stderr, "krewlint: the rules in %s are invalid; nothing was tested\n", dirs[i]);
            status = KR_EXIT_TROUBLE;
        } else {
            if (!json && ndirs > 1)
                kr_buf_printf(&text, "%s# %s\n", i ? "\n" : "", r.dir);
            if (json) {
                if (shown++)
                    kr_buf_putc(&text, ',');
                kr_ruletest_format_json(&text, &r);
            } else {
                kr_ruletest_format_text(&text, &r);
            }
            if (!kr_ruletest_ok(&r) && status == KR_EXIT_CLEAN)
                status = KR_EXIT_FOUND;
        }
        kr_diags_dispose(&d);
        kr_ruletest_result_dispose(&r);
    }
    if (json)
        kr_buf_puts(&text, ndirs > 1 ? "]\n" : "\n");
    if (fwrite(kr_buf_cstr(&text), 1, text.len, stdout) != text.len || fflush(stdout) != 0 ||
        ferror(stdout))
        status = KR_EXIT_TROUBLE;
    kr_buf_dispose(&text);

out:
    free(default_dir);
    kr_cli_dispose(&c);
    return status;
}
