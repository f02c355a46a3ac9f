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
} kr_report_options;

typedef int (*kr_report_fn)(FILE *out, const kr_result *res, const kr_report_options *opts);

/* Returns the writer for "text", "json", ...; NULL when unknown. */
kr_report_fn kr_report_find(const char *format);

int kr_report_text(FILE *out, const kr_result *res, const kr_report_options *opts);
int kr_report_json(FILE *out, const kr_result *res, const kr_report_options *opts);

/* Summary counts used by several writers. */
typedef struct kr_summary {
    size_t errors, warnings, notes, unknown, diagnostics, files;
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
 * rejected; INTEGRATION 1.7). */
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
/* Appends s[0, n) escaped for XML 1.0: & < > as entities, and in attribute
 * values (attr) also " ' and TAB/LF/CR as character references; other
 * control characters (C0, DEL, C1) and U+FFFE/U+FFFF are dropped, invalid
 * UTF-8 becomes U+FFFD. */
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

#endif
