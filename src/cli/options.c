/* options.c - the one option table of every subcommand (cli.h).
 *
 * Each row names the subcommands it belongs to; the parser builds
 * getopt_long's tables from the rows of the subcommand at hand, so -j,
 * --lang, --rules ... are parsed here once for all of them. The scan's
 * --help is generated from the rows (in table order); the subcommands print
 * their own short help (cmd_*.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SCAN (KR_CMD_SCAN | KR_CMD_BASELINE)

/* Long-only options get ids past the char range. */
enum opt_id {
    OPT_FORMAT = 'f',
    OPT_OUTPUT = 'o',
    OPT_JOBS = 'j',
    OPT_HELP = 'h',
    OPT_QUIET = 'q',
    OPT_RULES = 256,
    OPT_LANG,
    OPT_LIST_RULES,
    OPT_NO_COLOR,
    OPT_VERSION,
    OPT_FAIL_ON,
    OPT_EXIT_ZERO,
    OPT_COLOR,
    OPT_FILES_FROM,
    OPT_CHANGED_SINCE,
    OPT_CHANGED_LINES_ONLY,
    OPT_CONFIG,
    OPT_PRINT_CONFIG,
    OPT_NO_INLINE_SUPPRESSIONS,
    OPT_BASELINE,
    OPT_LIST_CONTROLS,
    OPT_COMPARE,
    OPT_ATTESTATIONS,
    OPT_CATALOG,
    OPT_REPOSITORY,
    OPT_COMMIT,
    OPT_FORCE,
    OPT_CFN_PARAMETERS, /* CloudFormation/serverless resolution (src/cfn/resolve.h) */
    OPT_REGION,
    OPT_STAGE,
    OPT_SARIF_CATEGORY,
    OPT_RULE,
    OPT_SKIP_RULE,
    OPT_FAIL_ON_UNKNOWN,
    OPT_VAR,
    OPT_VAR_FILE,
    OPT_FOLLOW_SYMLINKS,
    OPT_NO_PREFILTER,
    OPT_MAX_MEMORY,
    OPT_SHARD,          /* src/shard.h */
    OPT_LIST_SHARDS,
    OPT_STDIN_FILENAME, /* with '-' as PATH (src/scan.h stdin_name) */
    OPT_EXCLUDE,
    OPT_VERBOSE,
    OPT_MIN_SEVERITY
};

/* cli_option - one row of the option table. */
typedef struct cli_option {
    const char *name;     /* long name */
    int has_arg;          /* no_argument / required_argument */
    int id;               /* enum opt_id; < 256 is also the short option */
    unsigned cmds;        /* KR_CMD_* it belongs to */
    const char *metavar;  /* for --help; NULL without argument */
    const char *help;     /* the scan's --help */
} cli_option;

static const cli_option options[] = {
    {"format", required_argument, OPT_FORMAT, SCAN | KR_CMD_REPORT | KR_CMD_TEST | KR_CMD_MERGE, "FORMAT",
     "output format: text (default), json, sarif, github, junit, checkstyle"},
    {"output", required_argument, OPT_OUTPUT, SCAN | KR_CMD_REPORT | KR_CMD_INIT | KR_CMD_MERGE, "FILE",
     "write the report of the last --format to FILE ('-': stdout)"},
    {"rules", required_argument, OPT_RULES, SCAN | KR_CMD_REPORT | KR_CMD_INIT | KR_CMD_MERGE, "DIR",
     "load rules from DIR (repeatable; default: the bundled rules)"},
    {"lang", required_argument, OPT_LANG, SCAN | KR_CMD_REPORT | KR_CMD_TEST, "LANG",
     "message language: en or ja (default: LC_ALL, LC_MESSAGES, LANG)"},
    {"jobs", required_argument, OPT_JOBS, SCAN | KR_CMD_REPORT | KR_CMD_TEST, "N",
     "scan N files at once (default: number of cores)"},
    {"list-rules", no_argument, OPT_LIST_RULES, SCAN, NULL,
     "list the loaded rules (id, control, severity, title) and exit"},
    {"list-controls", no_argument, OPT_LIST_CONTROLS, SCAN, NULL,
     "list the checksheet items (item, coverage, text, rules) in --lang and exit"},
    {"fail-on", required_argument, OPT_FAIL_ON, SCAN | KR_CMD_MERGE, "LEVEL",
     "exit 1 for findings at or above LEVEL: error, warning, note (default), none"},
    {"exit-zero", no_argument, OPT_EXIT_ZERO, SCAN | KR_CMD_MERGE, NULL,
     "exit 0 even with findings (2 still means trouble)"},
    {"stdin-filename", required_argument, OPT_STDIN_FILENAME, SCAN | KR_CMD_REPORT, "NAME",
     "with '-' as PATH: the name standard input has in findings; its extension decides the format "
     "(plan.json, main.tf; default <stdin>, read as YAML or JSON)"},
    {"files-from", required_argument, OPT_FILES_FROM, SCAN, "FILE",
     "also scan the paths listed in FILE ('-': stdin), newline or NUL separated"},
    {"changed-since", required_argument, OPT_CHANGED_SINCE, SCAN, "REF",
     "scan only files changed since the merge base with REF, plus untracked ones"},
    {"changed-lines-only", no_argument, OPT_CHANGED_LINES_ONLY, SCAN, NULL,
     "with --changed-since: report findings on changed lines only"},
    {"color", required_argument, OPT_COLOR, SCAN | KR_CMD_MERGE, "WHEN",
     "colour: auto (default: on a terminal, unless NO_COLOR is set), always, never"},
    {"no-color", no_argument, OPT_NO_COLOR, SCAN | KR_CMD_MERGE, NULL, "same as --color=never"},
    {"config", required_argument, OPT_CONFIG, SCAN | KR_CMD_REPORT | KR_CMD_MERGE, "FILE",
     "read FILE instead of the .krewlint.yml found from the scan root upwards"},
    {"print-config", no_argument, OPT_PRINT_CONFIG, SCAN, NULL,
     "print the effective configuration, with where each value comes from, and exit"},
    {"no-inline-suppressions", no_argument, OPT_NO_INLINE_SUPPRESSIONS, SCAN | KR_CMD_REPORT, NULL,
     "ignore krewlint:ignore comments (report everything)"},
    {"baseline", required_argument, OPT_BASELINE, SCAN | KR_CMD_REPORT, "FILE",
     "report only findings not in FILE (krewlint baseline writes it)"},
    {"cfn-parameters", required_argument, OPT_CFN_PARAMETERS, SCAN | KR_CMD_REPORT, "FILE",
     "CloudFormation parameter values (AWS CLI list, template configuration, samconfig.yaml); repeatable"},
    {"region", required_argument, OPT_REGION, SCAN | KR_CMD_REPORT, "REGION",
     "the region templates deploy to (AWS::Region, ${opt:region})"},
    {"stage", required_argument, OPT_STAGE, SCAN | KR_CMD_REPORT, "STAGE",
     "the serverless stage (${opt:stage}, ${sls:stage})"},
    {"sarif-category", required_argument, OPT_SARIF_CATEGORY, SCAN | KR_CMD_MERGE, "NAME",
     "SARIF: code scanning category (runs[].automationDetails.id NAME/; with --changed-since "
     "the default is krewlint-changed-since)"},
    {"rule", required_argument, OPT_RULE, SCAN | KR_CMD_REPORT, "SEL",
     "run only the rules SEL names: an id, a glob (KR-6-31-*) or a checksheet item (6-8); repeatable, "
     "added to the configuration's rules.enable"},
    {"fail-on-unknown", no_argument, OPT_FAIL_ON_UNKNOWN, SCAN | KR_CMD_MERGE, NULL,
     "unknown verdicts (could not evaluate) count for --fail-on too (default: shown, not failing)"},
    {"exclude", required_argument, OPT_EXCLUDE, SCAN | KR_CMD_REPORT, "GLOB",
     "do not scan files matching GLOB (relative to the current folder, ** spans folders); "
     "repeatable, added to the configuration's exclude"},
    {"verbose", no_argument, OPT_VERBOSE, SCAN | KR_CMD_MERGE, NULL,
     "text: under each finding its resource and where its value comes from, one step a line"},
    {"min-severity", required_argument, OPT_MIN_SEVERITY, SCAN | KR_CMD_MERGE, "SEV",
     "report only findings of severity SEV (error, warning or note) or above"},
    {"skip-rule", required_argument, OPT_SKIP_RULE, SCAN | KR_CMD_REPORT, "SEL",
     "do not run the rules SEL names (repeatable; added to rules.disable, wins over --rule)"},
    {"var", required_argument, OPT_VAR, SCAN | KR_CMD_REPORT, "NAME=VALUE",
     "set a Terraform input variable (repeatable; wins over every tfvars file)"},
    {"var-file", required_argument, OPT_VAR_FILE, SCAN | KR_CMD_REPORT, "FILE",
     "read Terraform variables from FILE after terraform.tfvars and *.auto.tfvars (repeatable)"},
    {"follow-symlinks", no_argument, OPT_FOLLOW_SYMLINKS, SCAN | KR_CMD_REPORT, NULL,
     "read links to files that point outside the scanned tree (default: a warning)"},
    {"no-prefilter", no_argument, OPT_NO_PREFILTER, SCAN | KR_CMD_REPORT, NULL,
     "run every source-code rule on every file, not only where its literals occur (same results, slower)"},
    {"max-memory", required_argument, OPT_MAX_MEMORY, SCAN | KR_CMD_REPORT | KR_CMD_TEST, "SIZE",
     "memory budget for the files scanned at once, e.g. 2G, 512M (default: half the RAM)"},
    {"shard", required_argument, OPT_SHARD, KR_CMD_SCAN, "I/N",
     "scan only shard I of N (whole units, balanced by bytes); krewlint merge joins the JSON results"},
    {"list-shards", required_argument, OPT_LIST_SHARDS, KR_CMD_SCAN, "N",
     "print the units (Terraform root with its modules, file) and the shard of N each goes to, and exit"},
    {"quiet", no_argument, OPT_QUIET, SCAN | KR_CMD_MERGE, NULL, "no summary line on standard error"},
    {"help", no_argument, OPT_HELP, ~0u, NULL, "show this help and exit"},
    {"version", no_argument, OPT_VERSION, SCAN, NULL, "show the version and exit"},
    /* subcommands only (their --help describes them) */
    {"compare", required_argument, OPT_COMPARE, KR_CMD_REPORT, "OLD.json", NULL},
    {"attestations", required_argument, OPT_ATTESTATIONS, KR_CMD_REPORT | KR_CMD_MERGE, "FILE", NULL},
    {"catalog", required_argument, OPT_CATALOG, KR_CMD_REPORT | KR_CMD_MERGE, "FILE", NULL},
    {"repository", required_argument, OPT_REPOSITORY, KR_CMD_REPORT | KR_CMD_MERGE, "NAME", NULL},
    {"commit", required_argument, OPT_COMMIT, KR_CMD_REPORT | KR_CMD_MERGE, "REV", NULL},
    {"force", no_argument, OPT_FORCE, KR_CMD_INIT, NULL, NULL},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

void kr_cli_usage(FILE *f)
{
    fputs("Usage: krewlint [OPTIONS] [PATH...]\n"
          "       krewlint report [OPTIONS] [PATH...]   the filled-in checksheet (krewlint report --help)\n"
          "       krewlint baseline [OPTIONS] [PATH...]   write the findings to the baseline\n"
          "       krewlint init [--force] [--output FILE] [PATH]   write a starter .krewlint.yml\n"
          "       krewlint test [--format text|json] [DIR...]   run rule packs' fixtures\n"
          "       krewlint merge [OPTIONS] FILE...   join the JSON results of --shard runs (krewlint merge --help)\n"
          "Check infrastructure configuration (Terraform, CloudFormation/SAM, Kubernetes,\n"
          "serverless.yml, YAML/JSON) against the security checksheet rules.\n"
          "PATH is a file or a folder (default: the current folder).\n\n"
          "Options:\n",
          f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const cli_option *o = &options[i];
        if (!(o->cmds & KR_CMD_SCAN) || !o->help)
            continue;
        char left[64];
        char shortpart[8] = "    ";
        if (o->id < 256)
            snprintf(shortpart, sizeof(shortpart), "-%c, ", o->id);
        snprintf(left, sizeof(left), "%s--%s%s%s", shortpart, o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        fprintf(f, "  %-24s %s\n", left, o->help);
    }
    fputs("\nExit status: 0 nothing found, 1 findings or unreadable inputs, 2 trouble\n"
          "(usage, invalid rules, unwritable output).\n",
          f);
}

int kr_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("krewlint: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'krewlint --help'.\n", stderr);
    va_end(ap);
    return KR_EXIT_TROUBLE;
}

static kr_lang lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0] != '\0')
            return strncmp(v, "ja", 2) == 0 ? KR_LANG_JA : KR_LANG_EN;
    }
    return KR_LANG_EN;
}

static int stdout_status(void)
{
    return fflush(stdout) == 0 && !ferror(stdout) ? KR_EXIT_CLEAN : KR_EXIT_TROUBLE;
}

/* --format: what each subcommand accepts. */
static int apply_format(kr_cli *c, const char *arg)
{
    if (c->cmd == KR_CMD_REPORT) {
        kr_cs_format f;
        if (kr_cs_format_parse(&f, arg) != 0)
            return kr_cli_usage_error(
                "unknown report format '%s' (expected markdown, html, json or csv)", arg);
        c->reports[0].format = arg;
        return -1;
    }
    if (c->cmd == KR_CMD_TEST) {
        if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
            return kr_cli_usage_error("unknown format '%s' for test (expected text or json)", arg);
        c->reports[0].format = arg;
        return -1;
    }
    kr_cs_format csf; /* merge: also the checksheet, checksheet-FORMAT */
    bool checksheet = c->cmd == KR_CMD_MERGE && strncmp(arg, "checksheet-", 11) == 0 &&
                      kr_cs_format_parse(&csf, arg + 11) == 0;
    if (!checksheet && !kr_report_find(arg))
        return kr_cli_usage_error(
            "unknown format '%s' (expected text, json, sarif, github, junit or checkstyle)", arg);
    /* The first --format replaces the default text report (keeping an
     * --output given before it); later ones add reports. */
    if (!c->format_given) {
        c->reports[0].format = arg;
        c->format_given = true;
    } else {
        c->reports[c->nreports++] = (kr_cli_report){arg, NULL};
    }
    return -1;
}

/* Applies one parsed option. Returns -1 to go on, or an exit status. */
static int apply_option(kr_cli *c, int id, const char *arg)
{
    kr_engine_options *e = &c->engine;
    switch (id) {
    case OPT_FORMAT: return apply_format(c, arg);
    case OPT_OUTPUT:
        if (c->cmd & (SCAN | KR_CMD_MERGE))
            c->reports[c->nreports - 1].output = arg;
        c->output = arg;
        return -1;
    case OPT_FAIL_ON:
        if (kr_fail_on_parse(&e->fail_on, arg) != 0 && strcmp(arg, "info") != 0)
            return kr_cli_usage_error(
                "unknown level '%s' for --fail-on (expected error, warning, note or none)", arg);
        if (strcmp(arg, "info") == 0) /* kr_severity_parse's other name for note */
            e->fail_on = KR_FAIL_ON_NOTE;
        e->fail_on_given = true;
        return -1;
    case OPT_CONFIG: e->config = arg; return -1;
    case OPT_PRINT_CONFIG: c->print_config = true; return -1;
    case OPT_NO_INLINE_SUPPRESSIONS: e->no_inline_suppressions = true; return -1;
    case OPT_BASELINE: e->baseline = arg; return -1;
    case OPT_CFN_PARAMETERS: c->cfn_parameters[e->ncfn_parameters++] = arg; return -1;
    case OPT_REGION: e->region = arg; return -1;
    case OPT_STAGE: e->stage = arg; return -1;
    case OPT_EXIT_ZERO: e->exit_zero = true; return -1;
    case OPT_QUIET:
        c->quiet_summary = true;
        e->quiet = true;
        return -1;
    case OPT_COLOR:
        if (strcmp(arg, "auto") == 0)
            c->color = KR_COLOR_AUTO;
        else if (strcmp(arg, "always") == 0)
            c->color = KR_COLOR_ALWAYS;
        else if (strcmp(arg, "never") == 0)
            c->color = KR_COLOR_NEVER;
        else
            return kr_cli_usage_error("unknown colour mode '%s' (expected auto, always or never)", arg);
        return -1;
    case OPT_NO_COLOR: c->color = KR_COLOR_NEVER; return -1;
    case OPT_FILES_FROM: e->files_from = arg; return -1;
    case OPT_CHANGED_SINCE: e->changed_since = arg; return -1;
    case OPT_CHANGED_LINES_ONLY: e->changed_lines_only = true; return -1;
    case OPT_RULES: c->rules_dirs[e->nrules_dirs++] = arg; return -1;
    case OPT_RULE:
    case OPT_SKIP_RULE: {
        kr_sel_kind kind;
        if (kr_selector_classify(&kind, arg) != 0)
            return kr_cli_usage_error(
                "'%s' for --%s is not a rule id, a glob over rule ids or a checksheet item", arg,
                id == OPT_RULE ? "rule" : "skip-rule");
        if (id == OPT_RULE)
            c->rule_sels[e->nrule_sels++] = arg;
        else
            c->skip_sels[e->nskip_sels++] = arg;
        return -1;
    }
    case OPT_FAIL_ON_UNKNOWN: e->fail_on_unknown = true; return -1;
    case OPT_EXCLUDE: {
        const char *why = NULL;
        if (kr_glob_check(arg, &why) != 0)
            return kr_cli_usage_error("--exclude '%s' is not a valid glob: %s", arg, why ? why : "?");
        c->excludes[e->nexcludes++] = arg;
        return -1;
    }
    case OPT_VERBOSE: c->verbose = true; return -1;
    case OPT_MIN_SEVERITY:
        if (kr_severity_parse(&e->min_severity, arg) != 0)
            return kr_cli_usage_error("--min-severity must be error, warning or note, not '%s'", arg);
        return -1;
    case OPT_VAR:
        if (!strchr(arg, '='))
            return kr_cli_usage_error("--var needs NAME=VALUE, not '%s'", arg);
        c->tf_vars[c->tfo.nvars++] = arg;
        return -1;
    case OPT_FOLLOW_SYMLINKS: e->scan.follow_symlinks = true; return -1;
    case OPT_NO_PREFILTER: e->scan.no_prefilter = true; return -1;
    case OPT_MAX_MEMORY: {
        /* a number of bytes with an optional K, M, G or T (powers of 1024) */
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        unsigned shift = 0;
        if (end && *end) {
            const char *units = "KMGT";
            const char *u = strchr(units, *end >= 'a' ? *end - 'a' + 'A' : *end);
            if (u && *u) {
                shift = 10u * (unsigned)(u - units + 1);
                end++;
                if (*end == 'i' && end[1] == 'B')
                    end += 2;
                else if (*end == 'B')
                    end++;
            }
        }
        if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
            (shift && v > (~0ull >> shift)) || (v << shift) < 64ull * 1024u * 1024u)
            return kr_cli_usage_error(
                "invalid memory budget '%s' (expected a size of at least 64M, like 512M or 2G)", arg);
        e->scan.max_memory = v << shift;
        return -1;
    }
    case OPT_VAR_FILE: c->tf_var_files[c->tfo.nvar_files++] = arg; return -1;
    case OPT_SARIF_CATEGORY:
        if (arg[0] == '\0')
            return kr_cli_usage_error("--sarif-category needs a name");
        c->sarif_category = arg;
        return -1;
    case OPT_LANG:
        if (strcmp(arg, "en") == 0)
            e->lang = KR_LANG_EN;
        else if (strcmp(arg, "ja") == 0)
            e->lang = KR_LANG_JA;
        else
            return kr_cli_usage_error("unknown language '%s' (expected en or ja)", arg);
        e->lang_given = true;
        return -1;
    case OPT_JOBS: {
        char *end = NULL;
        errno = 0;
        long n = strtol(arg, &end, 10);
        if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > 1024)
            return kr_cli_usage_error("invalid number of jobs '%s' (expected 0 to 1024)", arg);
        e->scan.jobs = (int)n;
        return -1;
    }
    case OPT_LIST_RULES: c->list_rules = true; return -1;
    case OPT_STDIN_FILENAME:
        if (!arg[0])
            return kr_cli_usage_error("--stdin-filename needs a name");
        e->stdin_filename = arg;
        return -1;
    case OPT_LIST_CONTROLS: c->list_controls = true; return -1;
    case OPT_COMPARE: c->compare = arg; return -1;
    case OPT_ATTESTATIONS: c->attestations = arg; return -1;
    case OPT_CATALOG: c->catalog = arg; return -1;
    case OPT_REPOSITORY: c->repository = arg; return -1;
    case OPT_COMMIT: c->commit = arg; return -1;
    case OPT_FORCE: c->force = true; return -1;
    case OPT_SHARD: {
        kr_shard_spec sp;
        const char *why = NULL;
        if (kr_shard_spec_parse(&sp, arg, &why) != 0)
            return kr_cli_usage_error("invalid --shard '%s' (%s)", arg, why);
        e->scan.shard_index = sp.index;
        e->scan.shard_count = sp.count;
        return -1;
    }
    case OPT_LIST_SHARDS: {
        kr_shard_spec sp;
        const char *why = NULL;
        size_t n = strlen(arg);
        char one[16];
        if (n == 0 || n > 8)
            return kr_cli_usage_error("invalid --list-shards '%s' (a number of shards, 1 to %u)",
                                      arg, KR_SHARD_MAX);
        snprintf(one, sizeof one, "1/%s", arg);
        if (kr_shard_spec_parse(&sp, one, &why) != 0)
            return kr_cli_usage_error("invalid --list-shards '%s' (a number of shards, 1 to %u)",
                                      arg, KR_SHARD_MAX);
        c->list_shards = sp.count;
        return -1;
    }
    case OPT_HELP:
        (c->usage ? c->usage : kr_cli_usage)(stdout);
        return stdout_status();
    case OPT_VERSION:
        printf("krewlint %s\n", KREWLINT_VERSION);
        return stdout_status();
    default: return kr_cli_usage_error("internal error: unhandled option %d", id);
    }
}

/* The unknown-option message, naming the subcommand when there is one. */
static int unknown(const kr_cli *c, const char *what)
{
    if (c->name)
        return kr_cli_usage_error("unknown option '%s' for %s", what, c->name);
    return kr_cli_usage_error("unknown option '%s'", what);
}

int kr_cli_parse(kr_cli *c, int argc, char **argv)
{
    size_t room = (size_t)(argc > 0 ? argc : 1) + 1;
    c->rules_dirs = kr_xcalloc(room, sizeof(*c->rules_dirs));
    c->cfn_parameters = kr_xcalloc(room, sizeof(*c->cfn_parameters));
    c->engine.cfn_parameters = c->cfn_parameters;
    c->rule_sels = kr_xcalloc(room, sizeof(*c->rule_sels));
    c->tf_vars = kr_xcalloc(room, sizeof(*c->tf_vars));
    c->tf_var_files = kr_xcalloc(room, sizeof(*c->tf_var_files));
    c->tfo.vars = c->tf_vars;
    c->tfo.var_files = c->tf_var_files;
    c->engine.scan.terraform = &c->tfo;
    c->skip_sels = kr_xcalloc(room, sizeof(*c->skip_sels));
    c->excludes = kr_xcalloc(room, sizeof(*c->excludes));
    c->engine.excludes = c->excludes;
    c->reports = kr_xcalloc(room, sizeof(*c->reports));
    c->reports[0] = (kr_cli_report){c->cmd == KR_CMD_REPORT ? "markdown" : "text", NULL};
    c->nreports = 1;
    c->engine.lang = lang_from_env();
    c->engine.fail_on = KR_FAIL_ON_NOTE;
    c->engine.argv0 = c->argv0;
    c->engine.rules_dirs = c->rules_dirs;
    c->engine.rule_sels = c->rule_sels;
    c->engine.skip_sels = c->skip_sels;

    struct option longopts[NOPTIONS + 1];
    char shortopts[2 * NOPTIONS + 2];
    size_t nl = 0, ns = 0;
    shortopts[ns++] = ':'; /* report a missing argument as ':' */
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!(options[i].cmds & c->cmd))
            continue;
        longopts[nl++] = (struct option){options[i].name, options[i].has_arg, NULL, options[i].id};
        if (options[i].id < 256) {
            shortopts[ns++] = (char)options[i].id;
            if (options[i].has_arg == required_argument)
                shortopts[ns++] = ':';
        }
    }
    longopts[nl] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';

    optind = 1;
    opterr = 0;
    for (;;) {
        int id = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (id == -1)
            break;
        if (id == '?' || id == ':') {
            /* getopt has moved past the bad word; a short option inside a
             * bundle ("-xj") is named by optopt instead. */
            const char *word = optind >= 2 && optind - 1 < argc ? argv[optind - 1] : "";
            bool is_long = strncmp(word, "--", 2) == 0;
            if (id == ':')
                return kr_cli_usage_error("option '%s' needs an argument", word);
            if (is_long && optopt != 0)
                return kr_cli_usage_error("option '%.*s' takes no argument",
                                          (int)strcspn(word, "="), word);
            if (!is_long && optopt > 0 && optopt < 256) {
                char one[3] = {'-', (char)optopt, '\0'};
                return unknown(c, one);
            }
            return unknown(c, word);
        }
        int rc = apply_option(c, id, optarg);
        if (rc >= 0)
            return rc;
    }
    c->args = argv + optind;
    c->nargs = (size_t)(argc - optind);
    c->engine.paths = (const char *const *)c->args;
    c->engine.npaths = c->nargs;
    return -1;
}

void kr_cli_dispose(kr_cli *c)
{
    free(c->rules_dirs);
    free(c->cfn_parameters);
    c->cfn_parameters = NULL;
    free(c->rule_sels);
    free(c->tf_vars);
    free(c->tf_var_files);
    free(c->skip_sels);
    free(c->excludes);
    free(c->reports);
    c->rules_dirs = NULL;
    c->reports = NULL;
}

FILE *kr_cli_open_output(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", path, strerror(errno));
    return f;
}

int kr_cli_close_output(FILE *f)
{
    int rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
    if (f != stdout && fclose(f) != 0)
        rc = -1;
    return rc;
}
