/* main.c - the krewlint command: parse options, load rules, scan, report.
 *
 * Thin on purpose: everything it does goes through src/krewlint.h.
 *
 * Exit status:
 *   0  no findings at or above --fail-on (default: note, i.e. any finding)
 *      and no diagnostics; always 0 with --exit-zero unless there was trouble
 *   1  such a finding, or a diagnostic about an input (unreadable, unparsable)
 *   2  usage error, invalid rule files, unwritable output, internal error
 *
 * Several reports from one scan: every --format starts a report, and an
 * --output after it says where that report goes (standard output otherwise):
 *   krewlint --format sarif --output results.sarif --format text
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
#include "baseline.h"
#include "config.h"
#include "init.h"
#include "catalog.h"
#include "ruletest.h"

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
    OPT_FOLLOW_SYMLINKS,
    OPT_MAX_MEMORY,
    OPT_QUIET = 'q'
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
    {"output", required_argument, OPT_OUTPUT, "FILE",
     "write the report of the last --format to FILE ('-': stdout)"},
    {"rules", required_argument, OPT_RULES, "DIR",
     "load rules from DIR (repeatable; default: the bundled rules)"},
    {"lang", required_argument, OPT_LANG, "LANG",
     "message language: en or ja (default: LC_ALL, LC_MESSAGES, LANG)"},
    {"jobs", required_argument, OPT_JOBS, "N", "scan N files at once (default: number of cores)"},
    {"list-rules", no_argument, OPT_LIST_RULES, NULL,
     "list the loaded rules (id, control, severity, title) and exit"},
    {"list-controls", no_argument, OPT_LIST_CONTROLS, NULL,
     "list the checksheet items (item, coverage, text, rules) in --lang and exit"},
    {"fail-on", required_argument, OPT_FAIL_ON, "LEVEL",
     "exit 1 for findings at or above LEVEL: error, warning, note (default), none"},
    {"exit-zero", no_argument, OPT_EXIT_ZERO, NULL,
     "exit 0 even with findings (2 still means trouble)"},
    {"files-from", required_argument, OPT_FILES_FROM, "FILE",
     "also scan the paths listed in FILE ('-': stdin), newline or NUL separated"},
    {"changed-since", required_argument, OPT_CHANGED_SINCE, "REF",
     "scan only files changed since the merge base with REF, plus untracked ones"},
    {"changed-lines-only", no_argument, OPT_CHANGED_LINES_ONLY, NULL,
     "with --changed-since: report findings on changed lines only"},
    {"color", required_argument, OPT_COLOR, "WHEN",
     "colour: auto (default: on a terminal, unless NO_COLOR is set), always, never"},
    {"no-color", no_argument, OPT_NO_COLOR, NULL, "same as --color=never"},
    {"config", required_argument, OPT_CONFIG, "FILE",
     "read FILE instead of the .krewlint.yml found from the scan root upwards"},
    {"print-config", no_argument, OPT_PRINT_CONFIG, NULL,
     "print the effective configuration, with where each value comes from, and exit"},
    {"no-inline-suppressions", no_argument, OPT_NO_INLINE_SUPPRESSIONS, NULL,
     "ignore krewlint:ignore comments (report everything)"},
    {"baseline", required_argument, OPT_BASELINE, "FILE",
     "report only findings not in FILE (krewlint baseline writes it)"},
    {"follow-symlinks", no_argument, OPT_FOLLOW_SYMLINKS, NULL,
     "read links to files that point outside the scanned tree (default: a warning)"},
    {"max-memory", required_argument, OPT_MAX_MEMORY, "SIZE",
     "memory budget for the files scanned at once, e.g. 2G, 512M (default: half the RAM)"},
    {"quiet", no_argument, OPT_QUIET, NULL, "no summary line on standard error"},
    {"help", no_argument, OPT_HELP, NULL, "show this help and exit"},
    {"version", no_argument, OPT_VERSION, NULL, "show the version and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

/* report_spec - one requested report: a format and where it goes. */
typedef struct report_spec {
    const char *format;
    const char *output;       /* NULL or "-": stdout */
} report_spec;

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

/* cli - what the options asked for. */
typedef struct cli {
    report_spec *reports;     /* room for argc entries; reports[0] is the default text */
    size_t nreports;
    bool format_given;        /* reports[0] was set by a --format */
    const char **rules_dirs;  /* borrowed from argv (room for argc entries) */
    size_t nrules_dirs;
    kr_lang lang;
    int jobs;                 /* 0: number of CPUs */
    bool list_rules;
    bool list_controls;       /* --list-controls */
    color_mode color;
    int fail_on;              /* lowest failing kr_severity; KR_SEV_ERROR + 1 = none */
    bool exit_zero;
    bool quiet;
    bool follow_symlinks;     /* --follow-symlinks */
    unsigned long long max_memory; /* --max-memory, bytes; 0: the default */
    const char *files_from;
    const char *changed_since;
    bool changed_lines_only;
    bool lang_given;          /* --lang (wins over the configuration) */
    bool fail_on_given;       /* --fail-on */
    const char *config;       /* --config FILE */
    bool print_config;
    bool no_inline_suppressions;
    const char *baseline;     /* --baseline FILE */
    bool write_baseline;      /* `krewlint baseline` */
} cli;

static void usage(FILE *f)
{
    fputs("Usage: krewlint [OPTIONS] [PATH...]\n"
          "       krewlint report [OPTIONS] [PATH...]   the filled-in checksheet (krewlint report --help)\n"
          "       krewlint baseline [OPTIONS] [PATH...]   write the findings to the baseline\n"
          "       krewlint init [--force] [--output FILE] [PATH]   write a starter .krewlint.yml\n"
          "       krewlint test [--format text|json] [DIR...]   run rule packs' fixtures\n"
          "       krewlint report [OPTIONS] [PATH...]     the filled-in checksheet\n"
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
        /* The first --format replaces the default text report (keeping an
         * --output given before it); later ones add reports. */
        if (!c->format_given) {
            c->reports[0].format = arg;
            c->format_given = true;
        } else {
            c->reports[c->nreports++] = (report_spec){arg, NULL};
        }
        return -1;
    case OPT_OUTPUT:
        c->reports[c->nreports - 1].output = arg;
        return -1;
    case OPT_FAIL_ON: {
        kr_severity sev;
        if (strcmp(arg, "none") == 0)
            c->fail_on = KR_SEV_ERROR + 1;
        else if (kr_severity_parse(&sev, arg) == 0)
            c->fail_on = (int)sev;
        else
            return usage_error("unknown level '%s' for --fail-on (expected error, warning, note or none)", arg);
        c->fail_on_given = true;
        return -1;
    }
    case OPT_CONFIG:
        c->config = arg;
        return -1;
    case OPT_PRINT_CONFIG:
        c->print_config = true;
        return -1;
    case OPT_NO_INLINE_SUPPRESSIONS:
        c->no_inline_suppressions = true;
        return -1;
    case OPT_BASELINE:
        c->baseline = arg;
        return -1;
    case OPT_EXIT_ZERO:
        c->exit_zero = true;
        return -1;
    case OPT_QUIET:
        c->quiet = true;
        return -1;
    case OPT_FOLLOW_SYMLINKS:
        c->follow_symlinks = true;
        return -1;
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
                if (*end == 'i' && end[1] == 'B') end += 2;
                else if (*end == 'B') end++;
            }
        }
        if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || (shift && v > (~0ull >> shift)) ||
            (v << shift) < 64ull * 1024u * 1024u)
            return usage_error("invalid memory budget '%s' (expected a size of at least 64M, like 512M or 2G)", arg);
        c->max_memory = v << shift;
        return -1;
    }
    case OPT_COLOR:
        if (strcmp(arg, "auto") == 0)
            c->color = COLOR_AUTO;
        else if (strcmp(arg, "always") == 0)
            c->color = COLOR_ALWAYS;
        else if (strcmp(arg, "never") == 0)
            c->color = COLOR_NEVER;
        else
            return usage_error("unknown colour mode '%s' (expected auto, always or never)", arg);
        return -1;
    case OPT_FILES_FROM:
        c->files_from = arg;
        return -1;
    case OPT_CHANGED_SINCE:
        c->changed_since = arg;
        return -1;
    case OPT_CHANGED_LINES_ONLY:
        c->changed_lines_only = true;
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
        c->lang_given = true;
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
    case OPT_LIST_CONTROLS:
        c->list_controls = true;
        return -1;
    case OPT_NO_COLOR:
        c->color = COLOR_NEVER;
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

/* Suppressed findings are not in N; they and the findings a baseline
 * accepted are added at the end when there are any. */
static void print_summary(const kr_result *res, size_t baselined)
{
    kr_summary s;
    kr_summary_compute(&s, res);
    fprintf(stderr, "krewlint: %zu findings (%zu errors, %zu warnings, %zu notes) in %zu files",
            res->findings.len - s.suppressed, s.errors, s.warnings, s.notes, s.files);
    if (s.diagnostics)
        fprintf(stderr, ", %zu diagnostics", s.diagnostics);
    if (s.suppressed)
        fprintf(stderr, ", %zu suppressed", s.suppressed);
    if (baselined)
        fprintf(stderr, ", %zu in the baseline", baselined);
    /* what was not read, and why (src/scan.h kr_skip_reason) */
    if (res->files_skipped) {
        fprintf(stderr, "; %zu skipped (", res->files_skipped);
        const char *sep = "";
        for (int r = 0; r < KR_SKIP_N; r++) {
            if (!res->skipped[r])
                continue;
            fprintf(stderr, "%s%zu %s", sep, res->skipped[r], kr_skip_reason_name((kr_skip_reason)r));
            sep = ", ";
        }
        fputc(')', stderr);
    }
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

/* pathlist - the paths to scan, owned copies. */
typedef struct pathlist {
    char **items;
    size_t len;
    size_t cap;
} pathlist;

static void pathlist_push(pathlist *pl, const char *s, size_t n)
{
    if (pl->len == pl->cap) {
        pl->cap = pl->cap ? pl->cap * 2 : 16;
        pl->items = kr_xrealloc(pl->items, pl->cap * sizeof(*pl->items));
    }
    pl->items[pl->len++] = kr_xstrndup(s, n);
}

static void pathlist_dispose(pathlist *pl)
{
    for (size_t i = 0; i < pl->len; i++)
        free(pl->items[i]);
    free(pl->items);
    memset(pl, 0, sizeof(*pl));
}

/* Reads --files-from: entries separated by NUL when the input holds one
 * (git ls-files -z, find -print0), else by newlines; empty entries skipped. */
static int read_files_from(pathlist *pl, const char *from)
{
    char *data = NULL;
    size_t len = 0;
    if (strcmp(from, "-") == 0) {
        kr_buf b;
        kr_buf_init(&b, 0);
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
            kr_buf_put(&b, chunk, n);
        if (ferror(stdin)) {
            kr_buf_dispose(&b);
            fprintf(stderr, "krewlint: cannot read the file list from standard input\n");
            return -1;
        }
        len = b.len;
        data = kr_buf_detach(&b);
    } else {
        const char *err = NULL;
        if (kr_fs_read_stream(&data, &len, from, &err) != 0) {
            fprintf(stderr, "krewlint: cannot read the file list '%s': %s\n", from, err ? err : "error");
            return -1;
        }
    }
    char sep = memchr(data, '\0', len) ? '\0' : '\n';
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && data[j] != sep)
            j++;
        size_t e = j;
        if (sep == '\n' && e > i && data[e - 1] == '\r')
            e--;
        if (e > i)
            pathlist_push(pl, data + i, e - i);
        i = j + 1;
    }
    free(data);
    return 0;
}

/* 1 when `file` (relative to the current folder) is `path` or lies under it. */
static bool under_path(const char *file, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (file[0] == '.' && file[1] == '/')
        file += 2;
    if (strcmp(path, ".") == 0 || path[0] == '\0')
        return true;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    return strncmp(file, path, n) == 0 && (file[n] == '\0' || file[n] == '/');
}

/* --changed-since: replaces the paths with the changed files under them.
 * Returns 0, or -1 with the problem printed. */
static int apply_changed_since(pathlist *pl, const char *base)
{
    kr_diags d;
    kr_diags_init(&d);
    char **changed = NULL;
    size_t nchanged = 0;
    int rc = kr_git_changed_files(&changed, &nchanged, base, &d);
    if (rc != 0) {
        kr_diags_print(&d, stderr);
        kr_diags_dispose(&d);
        return -1;
    }
    pathlist out = {0};
    for (size_t i = 0; i < nchanged; i++) {
        bool keep = pl->len == 0;
        for (size_t k = 0; k < pl->len && !keep; k++)
            keep = under_path(changed[i], pl->items[k]);
        if (keep)
            pathlist_push(&out, changed[i], strlen(changed[i]));
        free(changed[i]);
    }
    free(changed);
    pathlist_dispose(pl);
    *pl = out;
    kr_diags_dispose(&d);
    return 0;
}

/* --changed-lines-only: drops findings outside the lines changed since base.
 * Diagnostics stay: a file that cannot be parsed is news on any line. */
static void keep_changed_lines(kr_result *res, const char *base)
{
    kr_findings kept, dropped;
    kr_findings_init(&kept);
    kr_findings_init(&dropped);
    kr_line_ranges lr = {0};
    const char *cur = NULL;
    for (size_t i = 0; i < res->findings.len; i++) {
        kr_finding *f = &res->findings.items[i];
        if (!cur || strcmp(cur, f->file) != 0) { /* findings are sorted by file */
            kr_line_ranges_dispose(&lr);
            kr_git_changed_lines(&lr, base, f->file);
            cur = f->file;
        }
        if (kr_line_ranges_has(&lr, f->span.start.line + 1))
            kr_findings_push(&kept, f);
        else
            kr_findings_push(&dropped, f);
    }
    kr_line_ranges_dispose(&lr);
    res->findings.len = 0; /* ownership moved to kept/dropped */
    kr_findings_dispose(&res->findings);
    res->findings = kept;
    kr_findings_dispose(&dropped);
}

/* Exit status for a finished scan. */
static int scan_status(const cli *c, const kr_result *res)
{
    if (c->exit_zero)
        return EXIT_CLEAN;
    for (size_t i = 0; i < res->diags.len; i++) {
        const kr_diag *d = &res->diags.items[i];
        /* a suppression warning (unused, expired) fails like a warning finding */
        bool supp_warning = d->severity == KR_SEV_WARNING && d->code &&
                            strncmp(d->code, "suppression-", 12) == 0;
        if (!supp_warning || (int)KR_SEV_WARNING >= c->fail_on)
            return EXIT_FOUND;
    }
    for (size_t i = 0; i < res->findings.len; i++)
        if (!res->findings.items[i].suppressed && (int)res->findings.items[i].severity >= c->fail_on)
            return EXIT_FOUND;
    return EXIT_CLEAN;
}

/* Writes one report; returns 0 or EXIT_TROUBLE (message printed). */
static int write_report(const cli *c, const report_spec *spec, const kr_result *res,
                        const kr_ruleset *rules)
{
    bool to_file = spec->output && strcmp(spec->output, "-") != 0;
    FILE *out = stdout;
    if (to_file) {
        out = fopen(spec->output, "w");
        if (!out) {
            fprintf(stderr, "krewlint: cannot write '%s': %s\n", spec->output, strerror(errno));
            return EXIT_TROUBLE;
        }
    }
    const char *no_color = getenv("NO_COLOR");
    bool color = false;
    if (c->color == COLOR_ALWAYS)
        color = true;
    else if (c->color == COLOR_AUTO)
        color = (!no_color || no_color[0] == '\0') && isatty(fileno(out));
    kr_report_options ropts = {.lang = c->lang, .color = color, .rules = rules};
    /* Suppressed findings stay in JSON and SARIF (marked); the other formats
     * leave them out (the summary line counts them). */
    kr_result view = *res;
    kr_finding *shown = NULL;
    if (strcmp(spec->format, "json") != 0 && strcmp(spec->format, "sarif") != 0) {
        shown = kr_xmalloc((res->findings.len ? res->findings.len : 1) * sizeof *shown);
        size_t n = 0;
        for (size_t i = 0; i < res->findings.len; i++)
            if (!res->findings.items[i].suppressed)
                shown[n++] = res->findings.items[i];
        view.findings.items = shown;
        view.findings.len = view.findings.cap = n;
    }
    int rc = kr_report_find(spec->format)(out, &view, &ropts);
    free(shown); /* shallow copies: the strings belong to res */
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    if (to_file && fclose(out) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "krewlint: cannot write the %s report to %s\n", spec->format,
                to_file ? spec->output : "standard output");
        return EXIT_TROUBLE;
    }
    return 0;
}

/* ------------------------------------------------------ krewlint report --- */

/* `krewlint report [OPTIONS] [PATH...]`: the checksheet for the repository
 * (src/report/checksheet_run.c does the work). argv[0] is "report". */
static const struct option report_longopts[] = {
    {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
    {"lang", required_argument, NULL, 'L'},     {"compare", required_argument, NULL, 'C'},
    {"rules", required_argument, NULL, 'R'},    {"attestations", required_argument, NULL, 'A'},
    {"catalog", required_argument, NULL, 'K'},  {"repository", required_argument, NULL, 'N'},
    {"commit", required_argument, NULL, 'H'},   {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
};

static void report_usage(FILE *f)
{
    fputs("Usage: krewlint report [OPTIONS] [PATH...]\n"
          "Write the security checksheet for the repository: automated items from the scan,\n"
          "organisational items from .krewlint/attestations.yml.\n\n"
          "Options:\n"
          "  -f, --format FORMAT      markdown (default), html, json, csv\n"
          "  -o, --output FILE        write the report to FILE (default: standard output)\n"
          "      --lang LANG          ja or en (default: LC_ALL, LC_MESSAGES, LANG)\n"
          "      --compare OLD.json   list the items whose status changed since OLD.json\n"
          "      --rules DIR          load rules from DIR (repeatable; default: the bundled rules)\n"
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

static int report_main(int argc, char **argv, const char *argv0)
{
    kr_checksheet_run_options o = {.format = KR_CS_MARKDOWN, .lang = lang_from_env(), .out = stdout, .err = stderr};
    const char **dirs = kr_xcalloc((size_t)argc + 1, sizeof *dirs);
    size_t ndirs = 0;
    const char *output = NULL, *catalog = NULL;
    char *default_dir = NULL, *default_catalog = NULL;
    kr_ruleset *rules = NULL;
    kr_diags rd;
    kr_diags_init(&rd);
    int status = EXIT_TROUBLE;
    FILE *out = NULL;

    optind = 1;
    opterr = 0;
    for (;;) {
        int id = getopt_long(argc, argv, ":f:o:j:h", report_longopts, NULL);
        if (id == -1)
            break;
        const char *arg = optarg;
        switch (id) {
        case 'f':
            if (kr_cs_format_parse(&o.format, arg) != 0) {
                status = usage_error("unknown report format '%s' (expected markdown, html, json or csv)", arg);
                goto out;
            }
            break;
        case 'o': output = arg; break;
        case 'L':
            if (strcmp(arg, "en") == 0 || strcmp(arg, "ja") == 0) {
                o.lang = arg[0] == 'j' ? KR_LANG_JA : KR_LANG_EN;
                break;
            }
            status = usage_error("unknown language '%s' (expected en or ja)", arg);
            goto out;
        case 'C': o.compare = arg; break;
        case 'R': dirs[ndirs++] = arg; break;
        case 'A': o.attestations = arg; break;
        case 'K': catalog = arg; break;
        case 'N': o.repository = arg; break;
        case 'H': o.commit = arg; break;
        case 'j': {
            char *end = NULL;
            errno = 0;
            long n = strtol(arg, &end, 10);
            if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > 1024) {
                status = usage_error("invalid number of jobs '%s' (expected 0 to 1024)", arg);
                goto out;
            }
            o.jobs = (int)n;
            break;
        }
        case 'h':
            report_usage(stdout);
            status = fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
            goto out;
        case ':': status = usage_error("option '%s' needs an argument", argv[optind - 1]); goto out;
        default: status = usage_error("unknown option '%s' for report", argv[optind - 1]); goto out;
        }
    }
    default_dir = kr_default_rules_dir(argv0);
    if (!catalog && default_dir) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", default_dir);
        default_catalog = kr_buf_detach(&b);
        catalog = default_catalog;
    }
    if (ndirs == 0 && default_dir)
        dirs[ndirs++] = default_dir;
    if (!catalog || ndirs == 0) {
        fputs("krewlint: cannot find the bundled rules; use --rules DIR and --catalog FILE or set "
              "KREWLINT_RULES_DIR\n",
              stderr);
        goto out;
    }
    if (kr_ruleset_load(&rules, dirs, ndirs, &rd) != 0) {
        kr_diags_print(&rd, stderr);
        fputs("krewlint: the rules are invalid; no report was written\n", stderr);
        goto out;
    }
    kr_diags_print(&rd, stderr);
    if (kr_ruleset_count(rules) == 0) {
        fputs("krewlint: no rule was loaded (the rules folders hold no .yml/.yaml rule file); "
              "no report was written\n", stderr);
        goto out;
    }
    if (output && strcmp(output, "-") != 0) {
        out = fopen(output, "w");
        if (!out) {
            fprintf(stderr, "krewlint: cannot write '%s': %s\n", output, strerror(errno));
            goto out;
        }
        o.out = out;
    }
    o.paths = (const char *const *)(argv + optind);
    o.npaths = (size_t)(argc - optind);
    o.catalog = catalog;
    o.rules = rules;
    status = kr_checksheet_run(&o);
    if (out && fclose(out) != 0) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", output, strerror(errno));
        status = EXIT_TROUBLE;
    }
    out = NULL;

out:
    if (out)
        fclose(out);
    if (rules)
        kr_ruleset_free(rules);
    kr_diags_dispose(&rd);
    free(default_dir);
    free(default_catalog);
    free(dirs);
    return status;
}

/* ------------------------------------ configuration, baseline and init --- */

static kr_fail_on fail_on_from_cli(int level)
{
    if (level > (int)KR_SEV_ERROR) return KR_FAIL_ON_NEVER;
    if (level == (int)KR_SEV_ERROR) return KR_FAIL_ON_ERROR;
    if (level == (int)KR_SEV_WARNING) return KR_FAIL_ON_WARNING;
    return KR_FAIL_ON_NOTE;
}

static int fail_on_to_cli(kr_fail_on f)
{
    switch (f) {
    case KR_FAIL_ON_NOTE: return KR_SEV_NOTE;
    case KR_FAIL_ON_WARNING: return KR_SEV_WARNING;
    case KR_FAIL_ON_ERROR: return KR_SEV_ERROR;
    case KR_FAIL_ON_NEVER: return KR_SEV_ERROR + 1;
    }
    return KR_SEV_NOTE;
}

/* Reads --config FILE, or the .krewlint.yml found from `start` upwards, into
 * cfg; then the command line wins over the file. Returns 0, or -1 with every
 * problem printed. */
static int load_config(cli *c, kr_config *cfg, const char *start)
{
    kr_diags d;
    kr_diags_init(&d);
    char *found = NULL;
    const char *path = c->config;
    if (!path && kr_config_find(&found, start) == 0)
        path = found;
    int rc = path ? kr_config_load(cfg, path, &d) : 0;
    kr_diags_sort(&d);
    kr_diags_print(&d, stderr);
    if (rc != 0)
        fputs("krewlint: the configuration is invalid; nothing was scanned\n", stderr);
    kr_diags_dispose(&d);
    free(found);
    if (rc != 0)
        return -1;
    if (c->lang_given) {
        cfg->lang = c->lang;
        cfg->lang_origin.kind = KR_ORIGIN_CLI;
    } else if (cfg->lang_origin.kind == KR_ORIGIN_FILE) {
        c->lang = cfg->lang;
    } else {
        cfg->lang = c->lang; /* from the environment */
    }
    if (c->fail_on_given) {
        cfg->fail_on = fail_on_from_cli(c->fail_on);
        cfg->fail_on_origin.kind = KR_ORIGIN_CLI;
    } else {
        c->fail_on = fail_on_to_cli(cfg->fail_on);
    }
    if (c->baseline) {
        free(cfg->baseline);
        cfg->baseline = kr_xstrdup(c->baseline);
        cfg->baseline_origin.kind = KR_ORIGIN_CLI;
    }
    cfg->no_inline_suppressions = c->no_inline_suppressions;
    return 0;
}

/* Where `krewlint baseline` writes: --baseline, the configuration's
 * baseline, else .krewlint-baseline.json beside the configuration (or here). */
static char *baseline_target(const kr_config *cfg)
{
    if (cfg->baseline)
        return kr_xstrdup(cfg->baseline);
    if (!cfg->path || strcmp(cfg->dir, ".") == 0)
        return kr_xstrdup(KR_BASELINE_NAME);
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s/%s", cfg->dir, KR_BASELINE_NAME);
    return kr_buf_detach(&b);
}

/* `krewlint baseline`: every unsuppressed finding into the baseline file. */
static int write_baseline_file(const kr_config *cfg, const kr_result *res)
{
    kr_diags_print(&res->diags, stderr);
    char *path = baseline_target(cfg);
    kr_baseline b;
    kr_baseline_init(&b);
    kr_baseline_build(&b, &res->findings);
    size_t n = 0;
    for (size_t i = 0; i < b.len; i++)
        n += b.items[i].count;
    kr_diags d;
    kr_diags_init(&d);
    int status = EXIT_CLEAN;
    if (kr_baseline_save(&b, path, &d) != 0) {
        kr_diags_print(&d, stderr);
        status = EXIT_TROUBLE;
    } else {
        fprintf(stderr, "krewlint: wrote %zu findings (%zu entries) to %s\n", n, b.len, path);
    }
    kr_diags_dispose(&d);
    kr_baseline_dispose(&b);
    free(path);
    return status;
}

/* Drops the findings the baseline accepts; lists its entries that matched
 * nothing among the files this run covered. Returns the number dropped, or
 * (size_t)-1 when the baseline cannot be read (printed). */
static size_t apply_baseline(const cli *c, const kr_config *cfg, kr_result *res,
                             const pathlist *paths)
{
    kr_baseline b;
    kr_baseline_init(&b);
    if (cfg->baseline_origin.kind == KR_ORIGIN_FILE && access(cfg->baseline, F_OK) != 0 &&
        errno == ENOENT) {
        /* like --baseline FILE: a configured baseline that is not there is a
         * configuration error (a typo would otherwise report everything, or
         * in CI hide that the accepted findings are not applied) */
        kr_diags d;
        kr_diags_init(&d);
        kr_diags_add(&d, KR_SEV_ERROR, cfg->path, &cfg->baseline_origin.span, KR_CONFIG_CODE,
                     "baseline: no such file '%s' ('krewlint baseline' writes it)", cfg->baseline);
        kr_diags_print(&d, stderr);
        kr_diags_dispose(&d);
        fputs("krewlint: the configuration is invalid; nothing was reported\n", stderr);
        kr_baseline_dispose(&b);
        return (size_t)-1;
    }
    kr_diags d;
    kr_diags_init(&d);
    if (kr_baseline_load(&b, cfg->baseline, &d) != 0) {
        kr_diags_print(&d, stderr);
        fputs("krewlint: the baseline is invalid; nothing was reported\n", stderr);
        kr_diags_dispose(&d);
        kr_baseline_dispose(&b);
        return (size_t)-1;
    }
    kr_diags_dispose(&d);
    size_t dropped = kr_baseline_filter(&b, &res->findings);
    const kr_baseline_entry **stale = NULL;
    size_t nstale = kr_baseline_unmatched(&b, &stale);
    bool whole = !c->changed_since && !c->files_from;
    for (size_t i = 0; i < nstale && whole && !c->quiet; i++) {
        bool covered = paths->len == 0;
        for (size_t k = 0; k < paths->len && !covered; k++)
            covered = under_path(stale[i]->file, paths->items[k]);
        if (!covered)
            continue;
        fprintf(stderr, "%s:%u:%u: note: baseline entry %s for %s%s%s matches no finding; "
                        "'krewlint baseline' rewrites the file without it\n",
                cfg->baseline, stale[i]->span.start.line + 1, stale[i]->span.start.col + 1,
                stale[i]->rule, stale[i]->file, stale[i]->resource ? " " : "",
                stale[i]->resource ? stale[i]->resource : "");
    }
    free(stale);
    kr_baseline_dispose(&b);
    return dropped;
}

static void init_usage(FILE *f)
{
    fputs("Usage: krewlint init [OPTIONS] [PATH]\n"
          "Write a commented starter .krewlint.yml for the repository at PATH (default: .):\n"
          "the formats found, the checksheet items that apply, and guessed parameters.\n\n"
          "Options:\n"
          "  -o, --output FILE   write to FILE ('-': standard output; default: PATH/.krewlint.yml)\n"
          "      --force         overwrite an existing file\n"
          "      --rules DIR     load rules from DIR (repeatable; default: the bundled rules)\n"
          "  -h, --help          show this help and exit\n",
          f);
}

/* `krewlint init [OPTIONS] [PATH]`. argv[0] is "init". */
static int init_main(int argc, char **argv, const char *argv0)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'F'},
        {"rules", required_argument, NULL, 'R'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char **dirs = kr_xcalloc((size_t)argc + 1, sizeof *dirs);
    size_t ndirs = 0;
    const char *output = NULL;
    bool force = false;
    char *default_dir = NULL, *target = NULL;
    kr_ruleset *rules = NULL;
    kr_diags d;
    kr_diags_init(&d);
    kr_buf text;
    kr_buf_init(&text, 0);
    int status = EXIT_TROUBLE;

    optind = 1;
    opterr = 0;
    for (;;) {
        int id = getopt_long(argc, argv, ":o:h", longopts, NULL);
        if (id == -1)
            break;
        switch (id) {
        case 'o': output = optarg; break;
        case 'F': force = true; break;
        case 'R': dirs[ndirs++] = optarg; break;
        case 'h':
            init_usage(stdout);
            status = fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
            goto out;
        case ':': status = usage_error("option '%s' needs an argument", argv[optind - 1]); goto out;
        default: status = usage_error("unknown option '%s' for init", argv[optind - 1]); goto out;
        }
    }
    if (argc - optind > 1) {
        status = usage_error("init takes one PATH, not %d", argc - optind);
        goto out;
    }
    const char *root = optind < argc ? argv[optind] : ".";
    if (ndirs == 0) {
        default_dir = kr_default_rules_dir(argv0);
        if (!default_dir) {
            fputs("krewlint: cannot find the bundled rules; use --rules DIR or set KREWLINT_RULES_DIR\n",
                  stderr);
            goto out;
        }
        dirs[ndirs++] = default_dir;
    }
    if (kr_ruleset_load(&rules, dirs, ndirs, &d) != 0) {
        kr_diags_print(&d, stderr);
        fputs("krewlint: the rules are invalid; nothing was written\n", stderr);
        goto out;
    }
    kr_diags_dispose(&d);
    kr_diags_init(&d);
    kr_init_generate(&text, rules, root, &d);
    if (!output) {
        kr_buf b;
        kr_buf_init(&b, 0);
        if (strcmp(root, ".") == 0)
            kr_buf_puts(&b, KR_CONFIG_NAME);
        else
            kr_buf_printf(&b, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", KR_CONFIG_NAME);
        target = kr_buf_detach(&b);
        output = target;
    }
    bool to_stdout = strcmp(output, "-") == 0;
    if (!to_stdout && !force && access(output, F_OK) == 0) {
        fprintf(stderr, "krewlint: %s exists; use --force to overwrite it\n", output);
        goto out;
    }
    FILE *f = to_stdout ? stdout : fopen(output, "w");
    if (!f) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", output, strerror(errno));
        goto out;
    }
    bool ok = fwrite(kr_buf_cstr(&text), 1, text.len, f) == text.len && !text.failed;
    if (fflush(f) != 0 || ferror(f))
        ok = false;
    if (!to_stdout && fclose(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "krewlint: cannot write '%s'\n", to_stdout ? "standard output" : output);
        goto out;
    }
    if (!to_stdout)
        fprintf(stderr, "krewlint: wrote %s\n", output);
    status = EXIT_CLEAN;

out:
    kr_buf_dispose(&text);
    if (rules)
        kr_ruleset_free(rules);
    kr_diags_dispose(&d);
    free(default_dir);
    free(target);
    free(dirs);
    return status;
}

/* ------------------------------------------- krewlint test, --list-controls --- */

/* Rules from folders without a catalog.tsv (the loader checks controls
 * against the catalog of the folders it reads) are checked against the
 * bundled catalog: a control that is no checksheet item is an error at the
 * rule, as it is in a folder with a catalog. Returns 0, or -1 printed. */
static int check_controls(const cli *c, const kr_ruleset *rules, const char *argv0)
{
    for (size_t i = 0; i < c->nrules_dirs; i++) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", c->rules_dirs[i]);
        bool has = access(kr_buf_cstr(&b), R_OK) == 0;
        kr_buf_dispose(&b);
        if (has)
            return 0; /* checked by the loader */
    }
    char *bundled = kr_default_rules_dir(argv0);
    if (!bundled)
        return 0;
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_printf(&b, "%s/catalog.tsv", bundled);
    free(bundled);
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    int rc = 0;
    if (access(kr_buf_cstr(&b), R_OK) == 0 && kr_catalog_load(&cat, kr_buf_cstr(&b), &d) == 0) {
        for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
            const kr_rule *r = kr_ruleset_get(rules, i);
            if (r->control && !kr_catalog_find(&cat, r->control))
                kr_diags_add(&d, KR_SEV_ERROR, r->file, &r->src, "invalid-rule",
                             "rule %s: control '%s' is not an item of the checksheet catalog "
                             "(the bundled catalog.tsv; a rules folder may bring its own)",
                             r->id, r->control);
        }
        if (d.errors) {
            kr_diags_sort(&d);
            kr_diags_print(&d, stderr);
            fputs("krewlint: the rules are invalid; nothing was scanned\n", stderr);
            rc = -1;
        }
    }
    kr_diags_dispose(&d);
    kr_catalog_dispose(&cat);
    kr_buf_dispose(&b);
    return rc;
}

/* --list-controls: the catalog.tsv of the first rules folder that has one,
 * else of the bundled pack, one item per line (kr_ruletest_list_controls). */
static int list_controls(const cli *c, const char *argv0)
{
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    char *path = NULL, *bundled = NULL;
    int status = EXIT_TROUBLE;
    for (size_t i = 0; i < c->nrules_dirs && !path; i++) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", c->rules_dirs[i]);
        if (access(kr_buf_cstr(&b), R_OK) == 0)
            path = kr_buf_detach(&b);
        kr_buf_dispose(&b);
    }
    if (!path && (bundled = kr_default_rules_dir(argv0)) != NULL) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", bundled);
        path = kr_buf_detach(&b);
    }
    if (!path) {
        fputs("krewlint: cannot find the checksheet catalog (catalog.tsv of the rules)\n", stderr);
        goto out;
    }
    if (kr_catalog_load(&cat, path, &d) != 0) {
        kr_diags_print(&d, stderr);
        goto out;
    }
    kr_buf text;
    kr_buf_init(&text, 0);
    kr_ruletest_list_controls(&text, &cat, c->lang);
    const report_spec *spec = &c->reports[0];
    bool to_file = spec->output && strcmp(spec->output, "-") != 0;
    FILE *out = to_file ? fopen(spec->output, "w") : stdout;
    if (!out) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", spec->output, strerror(errno));
        kr_buf_dispose(&text);
        goto out;
    }
    bool ok = fwrite(kr_buf_cstr(&text), 1, text.len, out) == text.len;
    ok = fflush(out) == 0 && !ferror(out) && ok;
    if (to_file && fclose(out) != 0)
        ok = false;
    kr_buf_dispose(&text);
    status = ok ? EXIT_CLEAN : EXIT_TROUBLE;
out:
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
    free(path);
    free(bundled);
    return status;
}

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

/* `krewlint test [OPTIONS] [DIR...]`. argv[0] is "test". */
static int test_main(int argc, char **argv, const char *argv0)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'L'},
        {"jobs", required_argument, NULL, 'j'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    kr_ruletest_options o = {.lang = lang_from_env()};
    bool json = false;
    char *default_dir = NULL;
    int status = EXIT_CLEAN;

    optind = 1;
    opterr = 0;
    for (;;) {
        int id = getopt_long(argc, argv, ":f:j:h", longopts, NULL);
        if (id == -1)
            break;
        const char *arg = optarg;
        switch (id) {
        case 'f':
            if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
                return usage_error("unknown format '%s' for test (expected text or json)", arg);
            json = arg[0] == 'j';
            break;
        case 'L':
            if (strcmp(arg, "en") != 0 && strcmp(arg, "ja") != 0)
                return usage_error("unknown language '%s' (expected en or ja)", arg);
            o.lang = arg[0] == 'j' ? KR_LANG_JA : KR_LANG_EN;
            break;
        case 'j': {
            char *end = NULL;
            errno = 0;
            long n = strtol(arg, &end, 10);
            if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > 1024)
                return usage_error("invalid number of jobs '%s' (expected 0 to 1024)", arg);
            o.jobs = (int)n;
            break;
        }
        case 'h':
            test_usage(stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
        case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default: return usage_error("unknown option '%s' for test", argv[optind - 1]);
        }
    }
    const char *const *dirs = (const char *const *)(argv + optind);
    size_t ndirs = (size_t)(argc - optind);
    const char *one[1];
    if (ndirs == 0) {
        default_dir = kr_default_rules_dir(argv0);
        if (!default_dir) {
            fputs("krewlint: cannot find the bundled rules; name a DIR or set KREWLINT_RULES_DIR\n",
                  stderr);
            return EXIT_TROUBLE;
        }
        one[0] = default_dir;
        dirs = one;
        ndirs = 1;
    }
    kr_buf text;
    kr_buf_init(&text, 0);
    if (json)
        kr_buf_puts(&text, ndirs > 1 ? "[" : "");
    size_t shown = 0;             /* packs written (JSON: comma before all but the first) */
    for (size_t i = 0; i < ndirs; i++) {
        kr_ruletest_result r;
        kr_ruletest_result_init(&r);
        kr_diags d;
        kr_diags_init(&d);
        int rc = kr_ruletest_run(&r, dirs[i], &o, &d);
        kr_diags_print(&d, stderr);  /* errors, and warnings about the pack */
        if (rc != 0) {
            fprintf(stderr, "krewlint: the rules in %s are invalid; nothing was tested\n", dirs[i]);
            status = EXIT_TROUBLE;
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
            if (!kr_ruletest_ok(&r) && status == EXIT_CLEAN)
                status = EXIT_FOUND;
        }
        kr_diags_dispose(&d);
        kr_ruletest_result_dispose(&r);
    }
    if (json)
        kr_buf_puts(&text, ndirs > 1 ? "]\n" : "\n");
    if (fwrite(kr_buf_cstr(&text), 1, text.len, stdout) != text.len || fflush(stdout) != 0 ||
        ferror(stdout))
        status = EXIT_TROUBLE;
    kr_buf_dispose(&text);
    free(default_dir);
    return status;
}

int main(int argc, char **argv)
{
    cli c = {.lang = lang_from_env(), .fail_on = KR_SEV_NOTE};
    kr_diags rule_diags;
    kr_ruleset *rules = NULL;
    kr_result res;
    char *default_dir = NULL;
    char *base = NULL;
    pathlist paths = {0};
    int status = EXIT_TROUBLE;

    if (argc > 1 && strcmp(argv[1], "report") == 0)
        return report_main(argc - 1, argv + 1, argv[0]);
    if (argc > 1 && strcmp(argv[1], "init") == 0)
        return init_main(argc - 1, argv + 1, argv[0]);
    if (argc > 1 && strcmp(argv[1], "test") == 0)
        return test_main(argc - 1, argv + 1, argv[0]);
    const char *argv0 = argc > 0 ? argv[0] : NULL;
    if (argc > 1 && strcmp(argv[1], "baseline") == 0) {
        c.write_baseline = true;
        argc--;
        argv++;
    }
    kr_config cfg;
    kr_config_init(&cfg);
    size_t baselined = 0;
    kr_diags_init(&rule_diags);
    kr_result_init(&res);
    size_t room = (size_t)(argc > 0 ? argc : 1) + 1;
    c.rules_dirs = kr_xcalloc(room, sizeof(*c.rules_dirs));
    c.reports = kr_xcalloc(room, sizeof(*c.reports));
    c.reports[0] = (report_spec){"text", NULL};
    c.nreports = 1;

    int rc = parse_args(&c, argc, argv);
    if (rc >= 0) {
        status = rc;
        goto out;
    }
    if (c.changed_lines_only && !c.changed_since) {
        status = usage_error("--changed-lines-only needs --changed-since REF");
        goto out;
    }
    if (load_config(&c, &cfg, optind < argc ? argv[optind] : ".") != 0)
        goto out;

    if (c.nrules_dirs == 0) {
        default_dir = kr_default_rules_dir(argv0);
        if (!default_dir) {
            fputs("krewlint: cannot find the bundled rules; use --rules DIR or set "
                  "KREWLINT_RULES_DIR\n",
                  stderr);
            goto out;
        }
        c.rules_dirs[c.nrules_dirs++] = default_dir;
    }
    /* the configuration's rule folders come after the others */
    c.rules_dirs = kr_xrealloc(c.rules_dirs, (c.nrules_dirs + cfg.rules_dirs.len + 1) * sizeof(*c.rules_dirs));
    for (size_t i = 0; i < cfg.rules_dirs.len; i++)
        c.rules_dirs[c.nrules_dirs++] = cfg.rules_dirs.items[i].value;

    /* Source-code queries are compiled when the scan meets a file in their
     * language (a configuration-only scan never pays for them); --list-rules
     * compiles them all, and their errors end the run below like any other
     * rule error. */
    /* The configuration's params reach the rules that read them
     * (rules/README.md, "Parameters"); the configuration is loaded above. */
    kr_ruleset_options ropts = {true, cfg.path, cfg.params.items, cfg.params.len};
    if (kr_ruleset_load_with(&rules, c.rules_dirs, c.nrules_dirs, &ropts, &rule_diags) != 0 ||
        ((c.list_rules || c.list_controls) && kr_ruleset_prepare_sources(rules, &rule_diags) != 0)) {
        kr_diags_print(&rule_diags, stderr);
        fputs("krewlint: the rules are invalid; nothing was scanned\n", stderr);
        goto out;
    }
    kr_diags_print(&rule_diags, stderr);   /* warnings about rules, if any */
    kr_diags_dispose(&rule_diags);
    kr_diags_init(&rule_diags);
    if (check_controls(&c, rules, argv0) != 0)
        goto out;
    if (kr_ruleset_count(rules) == 0) {
        /* an empty --rules folder must not turn into a clean scan */
        fputs("krewlint: no rule was loaded (the rules folders hold no .yml/.yaml rule file); "
              "nothing was scanned\n", stderr);
        goto out;
    }
    if (kr_config_check(&cfg, rules, &rule_diags) != 0) {
        kr_diags_sort(&rule_diags);
        kr_diags_print(&rule_diags, stderr);
        fputs("krewlint: the configuration is invalid; nothing was scanned\n", stderr);
        goto out;
    }
    if (c.print_config) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_config_print(&cfg, &b);
        fputs(kr_buf_cstr(&b), stdout);
        kr_buf_dispose(&b);
        status = fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN : EXIT_TROUBLE;
        goto out;
    }

    if (c.list_controls) {
        status = list_controls(&c, argv0);
        goto out;
    }
    if (c.list_rules) {
        const report_spec *spec = &c.reports[0];
        bool to_file = spec->output && strcmp(spec->output, "-") != 0;
        FILE *out = to_file ? fopen(spec->output, "w") : stdout;
        if (!out) {
            fprintf(stderr, "krewlint: cannot write '%s': %s\n", spec->output, strerror(errno));
            goto out;
        }
        list_rules(out, rules, c.lang);
        status = fflush(out) == 0 && !ferror(out) ? EXIT_CLEAN : EXIT_TROUBLE;
        if (to_file && fclose(out) != 0)
            status = EXIT_TROUBLE;
        goto out;
    }

    /* What to scan: the arguments, --files-from, narrowed by --changed-since.
     * An explicit list that ends up empty scans nothing (not "."). */
    for (int i = optind; i < argc; i++)
        pathlist_push(&paths, argv[i], strlen(argv[i]));
    if (c.files_from && read_files_from(&paths, c.files_from) != 0)
        goto out;
    bool explicit_list = c.files_from != NULL;
    if (c.changed_since) {
        kr_diags d;
        kr_diags_init(&d);
        if (kr_git_merge_base(&base, c.changed_since, &d) != 0) {
            kr_diags_print(&d, stderr);
            kr_diags_dispose(&d);
            goto out;
        }
        kr_diags_dispose(&d);
        if (apply_changed_since(&paths, base) != 0)
            goto out;
        explicit_list = true;
    }

    if (!(explicit_list && paths.len == 0)) {
        kr_scan_options sopts = {
            .paths = (const char *const *)paths.items,
            .npaths = paths.len,
            .jobs = c.jobs,
            .lang = c.lang,
            .config = &cfg,
            .follow_symlinks = c.follow_symlinks,
            .max_memory = c.max_memory,
        };
        if (kr_scan(&res, rules, &sopts) != 0) {
            fputs("krewlint: internal error while scanning\n", stderr);
            goto out;
        }
    }
    {
        kr_diags qd;
        kr_diags_init(&qd);
        if (kr_ruleset_deferred_errors(rules, &qd) > 0) {
            kr_diags_sort(&qd);
            kr_diags_print(&qd, stderr);
            kr_diags_dispose(&qd);
            fputs("krewlint: the rules are invalid; nothing was reported\n", stderr);
            goto out;
        }
        kr_diags_dispose(&qd);
    }
    if (c.changed_lines_only)
        keep_changed_lines(&res, base);
    if (c.write_baseline) {
        status = write_baseline_file(&cfg, &res);
        goto out;
    }
    if (cfg.baseline) {
        baselined = apply_baseline(&c, &cfg, &res, &paths);
        if (baselined == (size_t)-1)
            goto out;
    }

    status = scan_status(&c, &res);
    for (size_t i = 0; i < c.nreports; i++)
        if (write_report(&c, &c.reports[i], &res, rules) != 0)
            status = EXIT_TROUBLE;
    if (!c.quiet)
        print_summary(&res, baselined);

out:
    kr_config_dispose(&cfg);
    kr_result_dispose(&res);
    if (rules)
        kr_ruleset_free(rules);
    kr_diags_dispose(&rule_diags);
    pathlist_dispose(&paths);
    free(base);
    free(default_dir);
    free(c.rules_dirs);
    free(c.reports);
    return status;
}
