/* main.c - the krewlint command: which subcommand, then its file.
 *
 *   krewlint [OPTIONS] [PATH...]     cmd_scan.c (the scan and its reports)
 *   krewlint baseline [...]          cmd_scan.c (the scan into the baseline)
 *   krewlint report [...]            cmd_report.c (the checksheet)
 *   krewlint init [...]              cmd_init.c (a starter .krewlint.yml)
 *   krewlint test [...]              cmd_test.c (rule pack fixtures)
 *   krewlint merge FILE...           cmd_merge.c (shards' JSON into one result)
 *
 * Options are one table for all of them (options.c); the policy (what the
 * configuration, suppressions and the baseline mean, the exit status) is the
 * library's engine (src/engine.h), reached through src/krewlint.h only.
 * Adding a subcommand: a cmd_NAME.c with kr_cmd_NAME, a KR_CMD_ bit for the
 * options it takes (cli.h, options.c), and a row below.
 */
#include "cli/cli.h"

#include <string.h>

/* subcommand - one row of the dispatch table. */
typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv, const char *argv0);
} subcommand;

static int run_baseline(int argc, char **argv, const char *argv0)
{
    return kr_cmd_scan(argc, argv, argv0, true);
}

static const subcommand subcommands[] = {
    {"report", kr_cmd_report},
    {"baseline", run_baseline},
    {"init", kr_cmd_init},
    {"test", kr_cmd_test},
    {"merge", kr_cmd_merge},
};

int main(int argc, char **argv)
{
    const char *argv0 = argc > 0 ? argv[0] : NULL;
    kr_process_init();
    for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1, argv0);
    return kr_cmd_scan(argc, argv, argv0, false);
}
