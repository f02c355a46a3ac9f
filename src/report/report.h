/* report.h - one writer per output format (cmark's html.c/xml.c): each gets
 * the whole sorted result. */
#ifndef KR_REPORT_REPORT_H
#define KR_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "scan.h"

typedef struct kr_report_options {
    kr_lang lang;
    bool color;                 /* ANSI colour (text only) */
    const kr_ruleset *rules;
    /* SARIF: runs[0].automationDetails.id = sarif_category + "/" when set
     * (NULL: left out, upload-sarif's category applies). */
    const char *sarif_category;
    /* github: append the Markdown job summary to this file
     * ($GITHUB_STEP_SUMMARY; NULL: none), and link files as
     * summary_link_base + path + "#L" + line ("<server>/<repo>/blob/<sha>/";
     * NULL: no links). */
    const char *step_summary;
    const char *summary_link_base;
    /* json: with --shard, the shard record after the summary (src/shard.h);
     * NULL: none */
    const struct kr_shard_record *shard;
    /* text: each finding's resource and its value trace one step a line
     * (--verbose); otherwise the trace is one "= ..." line */
    bool verbose;
} kr_report_options;

/* The project's home page, and where the rule pages are: docs/rules/<ID>.md
 * on the main branch (a page per bundled rule, English then Japanese under
 * the "#ja" anchor; tools/gen_rule_docs.c writes them). */
#define KR_REPORT_HOME_URI "https://github.com/krewlint/krewlint"
#define KR_REPORT_RULE_DOCS_URI KR_REPORT_HOME_URI "/blob/main/docs/rules/"

typedef int (*kr_report_fn)(FILE *out, const kr_result *res, const kr_report_options *opts);

/* kr_report_format - one row of the output-format table (report.c). */
typedef struct kr_report_format {
    const char *name;           /* "text", "json", ... */
    kr_report_fn write;
    bool shows_suppressed;      /* lists inline-suppressed findings (marked) */
} kr_report_format;

/* The row for "text", "json", ...; NULL when unknown. */
const kr_report_format *kr_report_format_find(const char *name);
/* Returns the writer for "text", "json", ...; NULL when unknown. */
kr_report_fn kr_report_find(const char *format);

int kr_report_text(FILE *out, const kr_result *res, const kr_report_options *opts);
int kr_report_json(FILE *out, const kr_result *res, const kr_report_options *opts);

/* `--list-rules` (report/rules_list.c): every rule of `rules`, sorted by id,
 * with its title in `lang`, the formats it targets and what each target
 * selects. Text: one line per rule, tab-separated id, control, severity,
 * title, formats (comma-separated) and targets (`format:name`, comma-separated;
 * source languages joined with `+`). JSON: {"rules": [{id, control, severity,
 * title, formats: [...], targets: [{format, resource|type|kind|...: name}]}]}.
 * Returns 0, KR_EIO or KR_ELIMIT. */
int kr_report_rules(FILE *out, const kr_ruleset *rules, kr_lang lang, bool json);

/* Summary counts used by several writers. */
typedef struct kr_summary {
    size_t errors, warnings, notes, unknown, diagnostics, files;
    /* findings an inline suppression covers (kr_finding.suppressed); they are
     * in no other count */
    size_t suppressed;
} kr_summary;
void kr_summary_compute(kr_summary *out, const kr_result *res);

/* --- SARIF, GitHub workflow commands, JUnit and Checkstyle (helper "sarif") */

/* SARIF 2.1.0 for GitHub code scanning: one run, the referenced rules,
 * repository-relative percent-encoded URIs, UTF-16 columns, diagnostics as
 * tool execution notifications; at most KR_SARIF_MAX_RESULTS results. */
int kr_report_sarif(FILE *out, const kr_result *res, const kr_report_options *opts);
/* GitHub Actions workflow commands (::error file=...::msg), then a summary line. */
int kr_report_github(FILE *out, const kr_result *res, const kr_report_options *opts);
/* JUnit XML: one <testsuite file=...> per file, one <testcase> per finding. */
int kr_report_junit(FILE *out, const kr_result *res, const kr_report_options *opts);
/* Checkstyle XML: one <file> per file, one <error> per finding. */
int kr_report_checkstyle(FILE *out, const kr_result *res, const kr_report_options *opts);

/* GitHub code scanning's hard limit on results per run (a file with more is
 * rejected; docs/ARCHITECTURE.md, "Output formats"). */
#define KR_SARIF_MAX_RESULTS 25000

/* Semi-private helpers shared by the writers above (and their tests). */

/* kr_report_sarif with a results cap (0 = KR_SARIF_MAX_RESULTS). */
int kr_report__sarif_capped(FILE *out, const kr_result *res, const kr_report_options *opts,
                            size_t max_results);

/* kr_report_pos - a finding's region as reporters print it: 1-based lines,
 * 1-based columns in UTF-16 code units (SARIF's default columnKind, and what
 * JavaScript and Java consumers count). end_col is 0 when unknown (a span
 * ending on a later line, whose text the finding does not carry). */
typedef struct kr_report_pos {
    uint64_t line, col, end_line, end_col;
} kr_report_pos;
void kr_report__pos(kr_report_pos *out, const kr_finding *f);
/* 1-based UTF-16 column of byte offset byte_col in `line` (NULL: bytes).
 * Invalid UTF-8 bytes count one unit each (they are shown as U+FFFD); bytes
 * past the end of the line count one each. */
uint64_t kr_report__utf16_column(const char *line, uint32_t byte_col);
/* Length (1-4) of the valid UTF-8 sequence at s[0, n), its code point in
 * *cp; 0 when the bytes are not valid UTF-8 (overlong, surrogate, cut). */
size_t kr_report__utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The display path without leading "./" (borrowed from path). */
const char *kr_report__relpath(const char *path);
/* Appends s[0, n) escaped for XML 1.0: kr_escape_xml (util/escape.h): & < >
 * as entities, and in attribute values (attr) also " ' and TAB/LF/CR as
 * character references; other hidden characters (C0, DEL, C1, bidi) and
 * U+FFFE/U+FFFF, and invalid UTF-8, as \xNN. */
void kr_report__xml_escape(kr_buf *out, const char *s, size_t n, bool attr);

/* kr_report_item - one finding (diag false) or diagnostic (diag true) of a
 * result, with its path as reporters print it (NULL: no file). */
typedef struct kr_report_item {
    const char *file;
    bool diag;
    size_t index;
} kr_report_item;
/* Every finding and diagnostic, ordered by file (byte order of the relative
 * path; items without a file last), findings before diagnostics, then in
 * their sorted order. Caller frees the array. */
kr_report_item *kr_report__by_file(const kr_result *res, size_t *count);

/* --- the checksheet report: `krewlint report` (helper "report") ------------
 * The checksheet (catalog.h) filled in for a repository: each automated item
 * from the scan and the rules' coverage, each organisational item from its
 * attestation (attest.h), written as Markdown, HTML, JSON or CSV. The JSON
 * can be read back (--compare) to list the items whose status changed. */

#include "attest.h"
#include "catalog.h"
#include "eval/coverage.h"

/* An item's status in the report. */
typedef enum kr_cs_status {
    KR_CS_DONE = 0,        /* ○ */
    KR_CS_PARTIAL,         /* △ */
    KR_CS_NO,              /* × */
    KR_CS_NA,              /* - */
    KR_CS_NOT_ATTESTED,    /* an organisational item nobody has attested */
    KR_CS_NOT_EVALUATED,   /* its rules did not run on any file */
    KR_CS_NSTATUS
} kr_cs_status;

/* "done" "partial" "no" "na" "not-attested" "not-evaluated". */
const char *kr_cs_status_name(kr_cs_status s);
int kr_cs_status_parse(kr_cs_status *out, const char *name);
/* The 実施有無 cell: "○" "△" "×" "-", "未記入"/"not attested", "未評価"/"not evaluated". */
const char *kr_cs_status_label(kr_cs_status s, kr_lang lang);

/* kr_cs_scan - what the scan says about one item's rules. */
typedef struct kr_cs_scan {
    size_t nrules;         /* rules of the item in the ruleset */
    size_t files_checked;  /* files at least one of them ran on */
    size_t fails;          /* failing findings */
    size_t unknowns;       /* unknown verdicts */
    size_t accepted;       /* findings suppressed, baselined or disabled by the config */
} kr_cs_scan;

/* The status rule (README.md, "Attestations and the checksheet report"):
 *   automated  × a rule fails; △ only unknown verdicts or accepted exceptions
 *              (suppressed, baselined, disabled by the configuration); ○ rules
 *              ran and none failed; not evaluated when no file was checked
 *   partial    × a rule fails; else the attestation, capped at △ when there
 *              were unknown verdicts; △ when nothing is attested; not
 *              evaluated when no file was checked and nothing is attested; an
 *              accepted exception caps it at △ like an unknown verdict
 *   attestation / not-applicable   the attestation; else not attested / -
 * An item of an attestation or not-applicable kind that has rules in the
 * ruleset counts as partial; an automated or partial one whose rules are not
 * loaded counts as attestation. */
kr_cs_status kr_checksheet_status(kr_coverage cov, const kr_cs_scan *scan, kr_mark attested);

/* kr_cs_accept - why a listed finding does not count as a failure. */
typedef enum kr_cs_accept {
    KR_CS_ACCEPT_NONE = 0,
    KR_CS_SUPPRESSED,      /* an inline krewlint:ignore (reason, by) */
    KR_CS_BASELINED,       /* the baseline file accepts it */
    KR_CS_DISABLED         /* rules.disable in the configuration (reason, by) */
} kr_cs_accept;
/* "suppressed" "baseline" "disabled" ("" for none). */
const char *kr_cs_accept_name(kr_cs_accept a);

/* kr_cs_finding - a finding as the report lists it (paths relative to the
 * repository root, 1-based line and column). */
typedef struct kr_cs_finding {
    char *file;
    uint32_t line, column;
    char *rule;
    bool unknown;
    kr_severity severity;
    char *message;
    kr_cs_accept accepted;
    char *reason, *by;     /* the suppression's or the disable entry's; or NULL */
} kr_cs_finding;

/* kr_cs_rule - one rule of an item: where it ran and what it found. */
typedef struct kr_cs_rule {
    char *id;
    char **files;
    size_t nfiles;
    size_t fails, unknowns;
    size_t accepted;       /* findings set apart (kr_cs_accept) */
} kr_cs_rule;

/* kr_cs_item - one row of the checksheet. */
typedef struct kr_cs_item {
    char *number;
    char *section;         /* in the report's language (Japanese when no English is given) */
    char *subsection;      /* or NULL */
    char *check;           /* 確認事項 (Japanese) or the English summary */
    kr_coverage coverage;
    kr_cs_status status;
    kr_cs_rule *rules;
    size_t nrules;
    char **files;          /* union of the rules' files, sorted */
    size_t nfiles;
    kr_cs_finding *findings; /* the scan's and the attestation checks', sorted */
    size_t nfindings;
    char *note;            /* 備考, lines separated by '\n' */
    kr_mark attested;      /* KR_MARK_NONE without an attestation */
    const kr_attestation *att; /* borrowed from the input */
    bool own;              /* an own control (.krewlint.yml controls:), in its own section */
} kr_cs_item;

/* kr_cs_change - an item whose status differs from the compared report. */
typedef struct kr_cs_change {
    char *item;
    kr_cs_status from, to;
} kr_cs_change;

/* kr_checksheet - the filled-in checksheet. */
typedef struct kr_checksheet {
    kr_lang lang;
    char *repository, *commit, *date, *version;
    char *attestation_file; /* relative to the root, or NULL */
    kr_cs_item *items;      /* in checksheet order */
    size_t len;
    size_t counts[KR_CS_NSTATUS];
    bool compared;
    char *compare_file;
    kr_cs_change *changes;
    size_t nchanges;
} kr_checksheet;

/* kr_checksheet_input - what the report is built from. The checksheet
 * borrows the attestations: they must outlive it. */
typedef struct kr_checksheet_input {
    const kr_catalog *catalog;
    const kr_ruleset *rules;            /* may be NULL */
    const kr_rulecov *coverage;         /* may be NULL: no file checked */
    const kr_findings *findings;        /* scan + attestation checks; may be NULL */
    const kr_findings *baselined;       /* accepted by the baseline; may be NULL */
    const kr_findings *disabled;        /* of rules the configuration turns off; may be NULL */
    const kr_attestations *attestations; /* may be NULL */
    const char *root;                   /* display-path prefix stripped from files; may be NULL */
    kr_lang lang;
    const char *repository, *commit, *date, *version;
} kr_checksheet_input;

void kr_checksheet_build(kr_checksheet *out, const kr_checksheet_input *in);
void kr_checksheet_dispose(kr_checksheet *self);

/* Reads an earlier JSON report (data[0, len) of `path`) and fills
 * self->changes. Returns 0, or KR_EPARSE / KR_EINVALID with the problem in
 * diags as path:line:col. */
int kr_checksheet_compare(kr_checksheet *self, const char *path, const char *data, size_t len,
                          kr_diags *diags);
int kr_checksheet_compare_file(kr_checksheet *self, const char *path, kr_diags *diags);

typedef enum kr_cs_format { KR_CS_MARKDOWN, KR_CS_HTML, KR_CS_JSON, KR_CS_CSV } kr_cs_format;
/* "markdown" (also "md"), "html", "json", "csv"; 0 or -1. */
int kr_cs_format_parse(kr_cs_format *out, const char *name);
/* Writes the report. Returns 0, or KR_EIO when the stream fails. */
int kr_checksheet_write(FILE *out, const kr_checksheet *cs, kr_cs_format fmt);

/* The header's repository (basename of `git rev-parse --show-toplevel` run in
 * dir, else of dir's absolute path) and commit (`git rev-parse HEAD`, else
 * "(not a git repository)"). Both malloc'ed. */
void kr_checksheet_git_info(char **repository, char **commit, const char *dir);

/* kr_checksheet_run_options - one `krewlint report` run. */
struct kr_engine;
typedef struct kr_checksheet_run_options {
    /* The run: loaded (kr_engine_load) with keep_adopted and record_coverage,
     * not scanned yet; its paths, rules, configuration, suppressions and
     * baseline are those of `krewlint .`. */
    struct kr_engine *engine;
    const char *catalog;        /* the catalog.tsv to fill in */
    const char *attestations;   /* NULL: ROOT/.krewlint/attestations.yml (optional then) */
    const char *compare;        /* NULL, or an earlier JSON report */
    kr_cs_format format;
    const char *repository;     /* NULL: from git (kr_checksheet_git_info) */
    const char *commit;         /* NULL: from git */
    FILE *out;                  /* the report */
    FILE *err;                  /* diagnostics, attestation findings, the summary line */
} kr_checksheet_run_options;

/* Loads the catalog and the attestations, runs the engine's scan, checks
 * the attestations, builds the checksheet, compares and writes it. ROOT is
 * the first PATH that is a folder (else "."): evidence paths are relative to
 * it and file names in the report are shown relative to it. Findings that
 * inline suppressions, the baseline or rules.disable set apart are listed as
 * accepted, with the reason and the approver. Returns the exit status: 0, 1
 * when an item is × or there is an error finding or an unreadable input, 2
 * for an invalid catalog, attestation file, baseline or compared report, a
 * bad KREWLINT_TODAY, or an unwritable output. */
int kr_checksheet_run(const kr_checksheet_run_options *o);

/* Writes b to out and empties it: 0, KR_ERROR when b hit its cap, KR_EIO
 * when the write failed (shared by the streaming writers). */
int kr_report__flush(FILE *out, kr_buf *b);

#endif
