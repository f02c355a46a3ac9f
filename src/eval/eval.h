/* eval.h - evaluates the ruleset against one parsed document.
 *
 * For every root of the document, the targets that apply are looked up in the
 * ruleset index (Terraform resources by type, CloudFormation resources by
 * Type, Kubernetes documents by kind, serverless.yml, config by glob) and their
 * conditions are evaluated with three-valued logic:
 *   pass    nothing is reported
 *   fail    a finding with the rule's severity, at the offending value (or at
 *           the resource when the attribute is absent)
 *   unknown a finding with severity note, naming the expression and why
 * Thread-safe: reads the ruleset, writes only to `out`.
 */
#ifndef KR_EVAL_EVAL_H
#define KR_EVAL_EVAL_H

#include "doc/doc.h"
#include "rules/rule.h"
#include "util/array.h"
#include "util/buf.h"

/* The rules that ran on a file (eval/coverage.h). */
typedef KR_ARRAY(const kr_rule *) kr_rulelist;

/* kr_trace_step - one step of a resolved value's way from where it is written
 * to where it is used (kr_origin, copied out of the arena): the first step is
 * the value's place (where the finding is reported), the last the use site. */
typedef struct kr_trace_step {
    char *file;           /* display path */
    kr_span span;         /* 0-based */
    char *note;           /* "var.retention = 3", or NULL */
} kr_trace_step;

/* kr_finding - one result, owned by its kr_findings (no pointer into the
 * document: the file's arena is freed when it is done). */
typedef struct kr_finding {
    const kr_rule *rule;  /* borrowed from the ruleset */
    char *file;           /* display path */
    kr_span span;         /* 0-based */
    kr_severity severity;
    bool unknown;         /* the verdict was unknown (severity is note) */
    char *message;        /* in the chosen language */
    char *resource;       /* "aws_db_instance.main", CFN logical id, "Deployment/web"; or NULL */
    char *snippet;        /* the source line of span.start, without its newline */
    /* Appended for baselines and suppressions (helper "adopt"); all zero/NULL
     * unless set, owned like the strings above. */
    char *path;           /* the failing attribute's path as the rule names it ("backup_retention_period"), or NULL */
    char *actual;         /* the offending value as written, or NULL (absent / not a value) */
    bool suppressed;      /* an inline suppression (src/suppress.h) covers it */
    char *suppress_reason;/* its reason="..." (suppressed only) */
    char *suppress_by;    /* its by=..., or NULL */
    char *suppress_until; /* its until=YYYY-MM-DD, or NULL */
    bool disabled;        /* the configuration turns its rule off (kept only with
                             kr_scan_options.keep_disabled, for the checksheet) */
    /* Provenance (a value resolved from elsewhere, doc.h kr_origin): the
     * steps from the value's place (file/span above) to the use site; NULL
     * and 0 for a value written where it is used. Owned. */
    kr_trace_step *trace;
    size_t ntrace;
} kr_finding;

typedef struct kr_findings {
    kr_finding *items;
    size_t len;
    size_t cap;
} kr_findings;

void kr_findings_init(kr_findings *self);
void kr_findings_dispose(kr_findings *self);
/* Takes ownership of f's strings. */
void kr_findings_push(kr_findings *self, kr_finding *f);
void kr_findings_take(kr_findings *self, kr_findings *src);
/* Sorts by file, line, column, rule id (then message) - reproducible output. */
void kr_findings_sort(kr_findings *self);

typedef struct kr_eval_options {
    kr_lang lang;
    /* the scan's source-query cache (rule.h); NULL: the queries the ruleset
     * compiled at load (none for a deferred ruleset not prepared) */
    kr_source_queries *queries;
    /* with source_picked, the query the scan chose for this file
     * (kr_source_queries_pick: the rules its literals allow), else NULL */
    bool source_picked;
    const struct kr_ts_query *source_query;
    /* when set, every rule one of whose targets applied to the document (it
     * ran on the file: the checksheet's evidence, eval/coverage.h) is
     * appended, once; the evaluation itself is the one walk of subjects */
    kr_rulelist *applied;
} kr_eval_options;

/* The opening every unknown message shares, in lang: `cannot tell whether
 * "<rule title>" holds[ for <resource>]` (labels.c, KR_L_WHETHER). For the
 * engine's own unknowns (CloudFormation condition combinations). */
void kr_eval_put_whether(kr_buf *b, const kr_rule *rule, const char *resource, kr_lang lang);

/* Evaluates every applicable rule on doc, appending findings to out. A
 * Terraform file is taken as a module of its own for `related:` conditions. */
void kr_eval_doc(const kr_ruleset *rules, const kr_doc *doc, const kr_eval_options *opts,
                 kr_findings *out);

/* The same for one file of a Terraform module: `related:` conditions see
 * every block of `module` (src/eval/relations.h: the index of all the
 * module's files, doc included). module NULL is kr_eval_doc. */
struct kr_relindex;
void kr_eval_doc_in(const kr_ruleset *rules, const kr_doc *doc, const struct kr_relindex *module,
                    const kr_eval_options *opts, kr_findings *out);

#endif
