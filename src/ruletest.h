/* ruletest.h - `krewlint test`: run a rule pack's fixtures and check its
 * catalog, the way rule authors expect (semgrep --test, opa test).
 *
 * A pack is a rules folder DIR. Its fixtures live in DIR/tests/<rule id in
 * lower case>/ (any depth below that folder: a serverless.yml sits in its own
 * sub-folder). Every file there that krewlint reads is a fixture; it is
 * scanned with the rules of DIR only (no .krewlint.yml is read), and the set
 * of (line, rule) pairs of its findings - fail and unknown verdicts, and
 * suppressed ones, i.e. every finding a JSON report lists - is compared with
 * the fixture's expectations. The comparison is scoped to the folder's rule
 * plus every rule the fixture's expectations name, so a fixture may hold
 * resources that other rules of the pack flag.
 *
 * Expectations (as the former tests/scripts/fixture_compare.js read them):
 *   - NAME.expect next to the fixture, when it exists (for JSON, which has no
 *     comments): lines "LINE RULE-ID" (1-based line); empty lines and lines
 *     starting with '#' are skipped; the fixture's own marks are then ignored;
 *   - otherwise `krewlint-expect: RULE-ID[, RULE-ID...]` after #, // or slash-star
 *     on a line: on a line that holds code it means that line; on a line
 *     that is only a comment it means the next line that is not itself only
 *     a comment (a blank line counts: it takes the mark). A mark with no line
 *     after it is an error. Lines are split at '\n' only, so a file ending
 *     in a newline has an empty last line.
 * A fixture with an expectation for the folder's rule is a violating
 * fixture; one with no expectation at all is a compliant fixture.
 *
 * Also checked: every rule has, for each format its targets read (terraform,
 * cloudformation, kubernetes, serverless, config, and each source language),
 * at least one violating and one compliant fixture of that format; every
 * fixture folder names a rule of the pack; every NAME.expect has its NAME;
 * a diagnostic about a fixture (unparsable, an unused suppression) is a
 * failure. With DIR/catalog.tsv: each rule is listed in the row of its
 * control, and each row lists only rules of the pack.
 */
#ifndef KR_RULETEST_H
#define KR_RULETEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "util/buf.h"

struct kr_diags;
struct kr_catalog;
struct kr_ruleset;

/* What went wrong. */
typedef enum kr_ruletest_kind {
    KR_RT_MISSING = 0,     /* an expected (line, rule) without a finding */
    KR_RT_UNEXPECTED,      /* a finding not expected; message: "severity: text" */
    KR_RT_DIAGNOSTIC,      /* a diagnostic about the fixture; line/col of it */
    KR_RT_EXPECT_ERROR,    /* an expectation that cannot be read; message */
    KR_RT_STRAY_EXPECT,    /* NAME.expect without NAME */
    KR_RT_NO_VIOLATING,    /* message: the format ("terraform", "python" ...) */
    KR_RT_NO_COMPLIANT,    /* message: the format */
    KR_RT_NO_FOLDER,       /* the rule has no fixture folder; file: the folder expected */
    KR_RT_CATALOG,         /* a catalog problem; file: "catalog.tsv", line */
    KR_RT_UNKNOWN_FOLDER   /* a fixture folder that names no rule; file: "tests/NAME/" */
} kr_ruletest_kind;

/* "missing", "unexpected", "diagnostic", "expect-error", "stray-expect",
 * "no-violating", "no-compliant", "no-folder", "catalog", "unknown-folder". */
const char *kr_ruletest_kind_name(kr_ruletest_kind k);

/* kr_ruletest_problem - one failure line. Strings owned; NULL when unused. */
typedef struct kr_ruletest_problem {
    kr_ruletest_kind kind;
    char *file;       /* relative to the rule's fixture folder; catalog/folder
                         problems: relative to DIR */
    uint32_t line;    /* 1-based; 0 when none */
    uint32_t col;     /* 1-based; 0 when none */
    char *rule;       /* the rule of a (line, rule) pair */
    char *message;
} kr_ruletest_problem;

/* kr_ruletest_rule - the outcome for one rule of the pack. */
typedef struct kr_ruletest_rule {
    char *id;
    size_t fixtures;                /* files of its folder that krewlint reads */
    kr_ruletest_problem *problems;  /* in fixture order, then coverage, catalog */
    size_t nproblems;
    size_t cap;
} kr_ruletest_rule;

/* kr_ruletest_result - one pack. `other` holds the problems that belong to no
 * rule (unknown fixture folders, catalog rows). */
typedef struct kr_ruletest_result {
    char *dir;                      /* DIR as given, trailing '/' removed */
    kr_ruletest_rule *rules;        /* rule id order */
    size_t nrules;
    kr_ruletest_rule other;         /* id NULL */
    size_t passed;
    size_t failed;
    size_t fixtures;                /* all fixtures scanned */
} kr_ruletest_result;

/* kr_ruletest_options - how to run. */
typedef struct kr_ruletest_options {
    int jobs;                       /* worker threads for the scan; <= 0: cores */
    kr_lang lang;                   /* language of finding messages */
} kr_ruletest_options;

void kr_ruletest_result_init(kr_ruletest_result *self);
void kr_ruletest_result_dispose(kr_ruletest_result *self);

/* Runs the pack in `dir`. Returns 0 when it ran (out->failed and
 * out->other.nproblems tell whether it passed), KR_EINVALID when the rules
 * (or the catalog) do not load, KR_EIO when dir is not a readable folder;
 * the problems are in diags. */
int kr_ruletest_run(kr_ruletest_result *out, const char *dir, const kr_ruletest_options *opts,
                    struct kr_diags *diags);

/* 1 when everything passed. */
bool kr_ruletest_ok(const kr_ruletest_result *r);

/* Text report:
 *   PASS KR-A (4 fixtures)
 *   FAIL KR-B (2 fixtures)
 *     missing: bad.tf:3 KR-B
 *     unexpected: good.tf:7 KR-B (error: message)
 *   FAIL tests/kr-c/: names no rule of the pack
 *   3 rules, 1 passed, 2 failed
 * The last line adds "; N other problems" when `other` is not empty. */
void kr_ruletest_format_text(kr_buf *out, const kr_ruletest_result *r);
/* One JSON object: {"dir", "rules": [{"id", "status", "fixtures",
 * "problems": [{"kind", "file", "line", "column", "rule", "message"}]}],
 * "other": [...], "summary": {"rules", "passed", "failed", "other"}}. */
void kr_ruletest_format_json(kr_buf *out, const kr_ruletest_result *r);

/* ---- expectations (exposed for the unit tests) ---- */

/* kr_ruletest_expect - one expected (line, rule) pair. */
typedef struct kr_ruletest_expect {
    uint32_t line;  /* 1-based */
    char *rule;
} kr_ruletest_expect;

/* kr_ruletest_expects - the expectations of one fixture, sorted by line then rule,
 * duplicates removed; errors are messages as that script printed them. */
typedef struct kr_ruletest_expects {
    kr_ruletest_expect *items;
    size_t len;
    size_t cap;
    char **errors;
    size_t nerrors;
} kr_ruletest_expects;

void kr_ruletest_expects_dispose(kr_ruletest_expects *self);
/* The `krewlint-expect:` marks of a fixture's bytes. `name` names the file
 * in errors. */
void kr_ruletest_parse_marks(kr_ruletest_expects *out, const char *name, const char *data,
                             size_t len);
/* A NAME.expect sidecar's bytes; `name` is the sidecar's name in errors. */
void kr_ruletest_parse_sidecar(kr_ruletest_expects *out, const char *name, const char *data,
                               size_t len);

/* ---- the catalog, for --list-controls ---- */

/* The coverage word: automated, partial, attestation, not-applicable (en);
 * 自動, 一部, 証跡, 対象外 (ja). */
const char *kr_ruletest_coverage_word(int coverage, kr_lang lang);
/* One line per item: "ITEM\tCOVERAGE\tTEXT\tRULES\n"; TEXT is summary_en
 * (en) or check_ja (ja), RULES the rule ids joined with ','. Every field
 * from catalog.tsv is escaped as terminal text (util/escape.h). */
void kr_ruletest_list_controls(kr_buf *out, const struct kr_catalog *cat, kr_lang lang);

#endif
