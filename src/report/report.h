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

#endif
