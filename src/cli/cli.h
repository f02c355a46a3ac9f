/* cli.h - the krewlint command line: one option table shared by every
 * subcommand (options.c), one file per subcommand (cmd_*.c), the dispatch
 * table in main.c. The CLI includes only the library's public header.
 *
 * Adding an option: a row in options.c's table (the subcommands it belongs
 * to, in `cmds`), a field in kr_cli, and a case in apply_option. Options
 * that change what the scan does should go into kr_cli.scan (a
 * kr_scan_options) or kr_cli.engine, which the engine passes on.
 */
#ifndef KR_CLI_CLI_H
#define KR_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "krewlint.h"

/* The subcommands, as bits of kr_cli_option.cmds. */
enum {
    KR_CMD_SCAN = 1u << 0,     /* krewlint [OPTIONS] [PATH...] */
    KR_CMD_BASELINE = 1u << 1, /* krewlint baseline */
    KR_CMD_REPORT = 1u << 2,   /* krewlint report */
    KR_CMD_INIT = 1u << 3,     /* krewlint init */
    KR_CMD_TEST = 1u << 4,     /* krewlint test */
    KR_CMD_MERGE = 1u << 5     /* krewlint merge (cmd_merge.c) */
};

/* kr_cli_report - one requested scan report: a format and where it goes. */
typedef struct kr_cli_report {
    const char *format;
    const char *output;        /* NULL or "-": stdout */
} kr_cli_report;

typedef enum kr_cli_color { KR_COLOR_AUTO, KR_COLOR_ALWAYS, KR_COLOR_NEVER } kr_cli_color;

/* kr_cli - what the options asked for; strings are borrowed from argv. */
typedef struct kr_cli {
    unsigned cmd;              /* the KR_CMD_* being parsed */
    const char *name;          /* "report", ...; NULL for the scan */
    const char *argv0;
    void (*usage)(FILE *f);    /* --help of this subcommand */
    kr_engine_options engine;  /* rules, lang, config, baseline, paths, scan options */
    const char **rules_dirs;   /* room for argc entries; engine.rules_dirs points here */
    const char **cfn_parameters; /* --cfn-parameters, room for argc; engine.cfn_parameters */
    const char **rule_sels;    /* --rule, room for argc; engine.rule_sels points here */
    const char **skip_sels;    /* --skip-rule, likewise */
    const char **excludes;     /* --exclude GLOB, likewise */
    const char *sarif_category; /* --sarif-category NAME */
    const char **tf_vars;      /* --var NAME=VALUE, room for argc; tfo.vars points here */
    const char **tf_var_files; /* --var-file FILE, likewise */
    kr_tf_options tfo;         /* engine.scan.terraform points here */
    kr_cli_report *reports;    /* room for argc entries; reports[0] is the default */
    size_t nreports;
    bool format_given;         /* reports[0] was set by a --format */
    const char *output;        /* report, init: --output */
    bool list_rules, list_controls, print_config;
    kr_cli_color color;
    bool verbose;              /* --verbose: text shows each finding's resource and trace steps */
    bool quiet_summary;        /* --quiet */
    /* report */
    const char *compare, *attestations, *catalog, *repository, *commit;
    /* init */
    bool force;
    /* --shard I/N (engine.scan.shard_*), --list-shards N */
    unsigned list_shards;
    /* the PATH / DIR arguments */
    char **args;
    size_t nargs;
} kr_cli;

/* Parses argv (argv[0] is the program or the subcommand's name) for `cmd`
 * into c (zeroed by the caller except cmd, name and argv0). Returns -1 to go
 * on, or an exit status (help, version, usage errors are handled here). */
int kr_cli_parse(kr_cli *c, int argc, char **argv);
void kr_cli_dispose(kr_cli *c);

/* Prints "krewlint: MESSAGE" and the hint; returns KR_EXIT_TROUBLE. */
int kr_cli_usage_error(const char *fmt, ...) KR_PRINTF(1, 2);
/* The scan's --help, generated from the option table. */
void kr_cli_usage(FILE *f);
/* Opens `path` for writing (NULL or "-": stdout). NULL with the message
 * printed when it cannot be opened. */
FILE *kr_cli_open_output(const char *path);
/* Flushes and closes (unless stdout); 0, or -1 when the stream failed. */
int kr_cli_close_output(FILE *f);

/* One report of a finished run (the scan's or the merge's): the engine's
 * view in spec->format to spec->output; with `shard`, the JSON report ends
 * with the shard record. `partial`: a scan of part of the tree (the SARIF
 * category default). Returns 0 or KR_EXIT_TROUBLE (message printed). */
int kr_cli_write_report(const kr_cli *c, const kr_cli_report *spec, const kr_engine *e,
                        const kr_shard_record *shard, bool partial);
/* The summary line on stderr (cmd_scan.c); with eo (the scan's options,
 * NULL for a merge) an empty scan also says what it looked at. */
void kr_cli_print_summary(const kr_result *res, size_t baselined, const kr_engine_options *eo,
                          kr_lang lang);

/* The subcommands: argv[0] is the subcommand's name (or the program). */
int kr_cmd_scan(int argc, char **argv, const char *argv0, bool write_baseline);
int kr_cmd_report(int argc, char **argv, const char *argv0);
int kr_cmd_init(int argc, char **argv, const char *argv0);
int kr_cmd_test(int argc, char **argv, const char *argv0);
int kr_cmd_merge(int argc, char **argv, const char *argv0);

#endif
