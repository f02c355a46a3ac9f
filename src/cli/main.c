/* main.c - the krewlint command: parse options, load rules, scan, report.
 *
 * Thin on purpose: everything it does goes through src/krewlint.h.
 *
 * Exit status:
 *   0  no findings and no diagnostics
 *   1  a finding, or a diagnostic about an input (unreadable, unparsable)
 *   2  usage error, invalid rule files, unwritable output, internal error
 *
 * After a scan one line goes to stderr, always in this form so scripts can
 * parse it (no singular forms):
 *   krewlint: N findings (E errors, W warnings, N notes) in F files[, D diagnostics]
 *
 * Options live in one table (`options`) that feeds getopt_long, the short
 * option string and --help; adding one (--fail-on, --config ...) means a row
 * there, an opt_id, and a case in apply_option.
 */
#include "krewlint.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_CLEAN 0
#define EXIT_FOUND 1
#define EXIT_TROUBLE 2

/* Long-only options get ids past the char range. */
enum opt_id {
    OPT_FORMAT = 'f',
    OPT_OUTPUT = 'o',
    OPT_JOBS = 'j',
    OPT_HELP = 'h',
    OPT_RULES = 256,
    OPT_LANG,
    OPT_LIST_RULES,
    OPT_NO_COLOR,
    OPT_VERSION
};

/* cli_option - one row of the option table. */
typedef struct cli_option {
    const char *name;     /* long name */
    int has_arg;          /* no_argument / required_argument */
    int id;               /* enum opt_id; < 256 is also the short option */
    const char *metavar;  /* for --help; NULL without argument */
    const char *help;
} cli_option;

static const cli_option options[] = {
    {"format", required_argument, OPT_FORMAT, "FORMAT",
     "output format: text (default), json, sarif, github, junit, checkstyle"},
    {"output", required_argument, OPT_OUTPUT, "FILE", "write the report to FILE ('-': stdout)"},
    {"rules", required_argument, OPT_RULES, "DIR",
     "load rules from DIR (repeatable; default: the bundled rules)"},
    {"lang", required_argument, OPT_LANG, "LANG",
     "message language: en or ja (default: LC_ALL, LC_MESSAGES, LANG)"},
    {"jobs", required_argument, OPT_JOBS, "N", "scan N files at once (default: number of cores)"},
    {"list-rules", no_argument, OPT_LIST_RULES, NULL,
     "list the loaded rules (id, control, severity, title) and exit"},
    {"no-color", no_argument, OPT_NO_COLOR, NULL,
     "no colours (default: colour on a terminal unless NO_COLOR is set)"},
    {"help", no_argument, OPT_HELP, NULL, "show this help and exit"},
    {"version", no_argument, OPT_VERSION, NULL, "show the version and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

/* cli - what the options asked for. */
typedef struct cli {
    const char *format;
    const char *output;       /* NULL or "-": stdout */
    const char **rules_dirs;  /* borrowed from argv (room for argc entries) */
    size_t nrules_dirs;
    kr_lang lang;
    int jobs;                 /* 0: number of CPUs */
    bool list_rules;
    bool no_color;
} cli;

static void usage(FILE *f)
{
    fputs("Usage: krewlint [OPTIONS] [PATH...]\n"
          "Check infrastructure configuration (Terraform, CloudFormation/SAM, Kubernetes,\n"
          "serverless.yml, YAML/JSON) against the security checksheet rules.\n"
          "PATH is a file or a folder (default: the current folder).\n\n"
          "Options:\n",
          f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const cli_option *o = &options[i];
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

static int usage_error(const char *fmt, ...) KR_PRINTF(1, 2);

/* Prints "krewlint: MESSAGE" and the hint; returns the usage exit status. */
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("krewlint: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'krewlint --help'.\n", stderr);
    va_end(ap);
    return EXIT_TROUBLE;
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

/* Applies one parsed option. Returns -1 to go on, or an exit status. */
static int apply_option(cli *c, int id, const char *arg)
{
    switch (id) {
    case OPT_FORMAT:
        if (!kr_report_find(arg))
            return usage_error("unknown format '%s' (expected text, json, sarif, github, junit or checkstyle)", arg);
        c->format = arg;
        return -1;
    case OPT_OUTPUT:
        c->output = arg;
        return -1;
    case OPT_RULES:
        c->rules_dirs[c->nrules_dirs++] = arg;
        return -1;
    case OPT_LANG:
        if (strcmp(arg, "en") == 0)
            c->lang = KR_LANG_EN;
        else if (strcmp(arg, "ja") == 0)
            c->lang = KR_LANG_JA;
        else
            return usage_error("unknown language '%s' (expected en or ja)", arg);
        return -1;
    case OPT_JOBS: {
        char *end = NULL;
        errno = 0;
        long n = strtol(arg, &end, 10);
        if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > 1024)
            return usage_error("invalid number of jobs '%s' (expected 0 to 1024)", arg);
        c->jobs = (int)n;
        return -1;
    }
    case OPT_LIST_RULES:
        c->list_rules = true;
        return -1;
    case OPT_NO_COLOR:
        c->no_color = true;
        return -1;
    case OPT_HELP:
        usage(stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
    case OPT_VERSION:
        printf("krewlint %s\n", KREWLINT_VERSION);
        return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
    default:
        return usage_error("internal error: unhandled option %d", id);
    }
}

/* Parses argv into c. Returns -1 to go on, or an exit status. */
static int parse_args(cli *c, int argc, char **argv)
{
    struct option longopts[NOPTIONS + 1];
    char shortopts[2 * NOPTIONS + 2];
    size_t ns = 0;
    shortopts[ns++] = ':';   /* report a missing argument as ':' */
    for (size_t i = 0; i < NOPTIONS; i++) {
        longopts[i] = (struct option){options[i].name, options[i].has_arg, NULL, options[i].id};
        if (options[i].id < 256) {
            shortopts[ns++] = (char)options[i].id;
            if (options[i].has_arg == required_argument)
                shortopts[ns++] = ':';
        }
    }
    longopts[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';

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
                return usage_error("option '%s' needs an argument", word);
            if (is_long && optopt != 0)
                return usage_error("option '%.*s' takes no argument",
                                   (int)strcspn(word, "="), word);
            if (!is_long && optopt > 0 && optopt < 256)
                return usage_error("unknown option '-%c'", optopt);
            return usage_error("unknown option '%s'", word);
        }
        int rc = apply_option(c, id, optarg);
        if (rc >= 0)
            return rc;
    }
    return -1;
}

static void print_summary(const kr_result *res)
{
    kr_summary s;
    kr_summary_compute(&s, res);
    fprintf(stderr, "krewlint: %zu findings (%zu errors, %zu warnings, %zu notes) in %zu files",
            res->findings.len, s.errors, s.warnings, s.notes, s.files);
    if (s.diagnostics)
        fprintf(stderr, ", %zu diagnostics", s.diagnostics);
    fputc('\n', stderr);
}

static int list_rules(FILE *out, const kr_ruleset *rules, kr_lang lang)
{
    for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        const char *title = kr_text_get(&r->title, lang);
        fprintf(out, "%s\t%s\t%s\t%s\n", r->id, r->control ? r->control : "",
                kr_severity_name(r->severity), title ? title : "");
    }
    return 0;
}

int main(int argc, char **argv)
{
    cli c = {.format = "text", .lang = lang_from_env()};
    kr_diags rule_diags;
    kr_ruleset *rules = NULL;
    kr_result res;
    char *default_dir = NULL;
    FILE *out = stdout;
    bool out_is_file = false;
    int status = EXIT_TROUBLE;

    kr_diags_init(&rule_diags);
    kr_result_init(&res);
    c.rules_dirs = kr_xcalloc((size_t)(argc > 0 ? argc : 1), sizeof(*c.rules_dirs));

    int rc = parse_args(&c, argc, argv);
    if (rc >= 0) {
        status = rc;
        goto out;
    }

    if (c.nrules_dirs == 0) {
        default_dir = kr_default_rules_dir(argc > 0 ? argv[0] : NULL);
        if (!default_dir) {
            fputs("krewlint: cannot find the bundled rules; use --rules DIR or set "
                  "KREWLINT_RULES_DIR\n",
                  stderr);
            goto out;
        }
        c.rules_dirs[c.nrules_dirs++] = default_dir;
    }

    if (kr_ruleset_load(&rules, c.rules_dirs, c.nrules_dirs, &rule_diags) != 0) {
        kr_diags_print(&rule_diags, stderr);
        fputs("krewlint: the rules are invalid; nothing was scanned\n", stderr);
        goto out;
    }
    kr_diags_print(&rule_diags, stderr);   /* warnings about rules, if any */

    if (c.output && strcmp(c.output, "-") != 0) {
        out = fopen(c.output, "w");
        if (!out) {
            fprintf(stderr, "krewlint: cannot write '%s': %s\n", c.output, strerror(errno));
            out = stdout;
            goto out;
        }
        out_is_file = true;
    }

    if (c.list_rules) {
        list_rules(out, rules, c.lang);
        status = EXIT_CLEAN;
        goto finish;
    }

    kr_scan_options sopts = {
        .paths = (const char *const *)(argv + optind),
        .npaths = (size_t)(argc - optind),
        .jobs = c.jobs,
        .lang = c.lang,
    };
    if (kr_scan(&res, rules, &sopts) != 0) {
        fputs("krewlint: internal error while scanning\n", stderr);
        goto finish;
    }

    const char *no_color = getenv("NO_COLOR");
    kr_report_options ropts = {
        .lang = c.lang,
        .color = !c.no_color && (!no_color || no_color[0] == '\0') && isatty(fileno(out)),
        .rules = rules,
    };
    if (kr_report_find(c.format)(out, &res, &ropts) != 0) {
        fprintf(stderr, "krewlint: cannot write the report to %s\n",
                out_is_file ? c.output : "standard output");
        goto finish;
    }
    print_summary(&res);
    status = (res.findings.len || res.diags.len) ? EXIT_FOUND : EXIT_CLEAN;

finish:
    if (fflush(out) != 0 || ferror(out)) {
        if (status != EXIT_TROUBLE)
            fprintf(stderr, "krewlint: cannot write to %s\n",
                    out_is_file ? c.output : "standard output");
        status = EXIT_TROUBLE;
    }
out:
    if (out_is_file && fclose(out) != 0 && status != EXIT_TROUBLE) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", c.output, strerror(errno));
        status = EXIT_TROUBLE;
    }
    kr_result_dispose(&res);
    if (rules)
        kr_ruleset_free(rules);
    kr_diags_dispose(&rule_diags);
    free(default_dir);
    free(c.rules_dirs);
    return status;
}
