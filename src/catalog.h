/* catalog.h - the checksheet catalog (rules/catalog.tsv of the bundled pack):
 * every item of the checksheet with its section, its text, how krewlint
 * covers it and which rules check it.
 *
 * The file is UTF-8 TSV. Its first line names the columns; they are read by
 * name, in any order, so columns can be added without breaking readers:
 *   item        "6-8" (N-N or N-N-N)                          required
 *   section     "6 運用のセキュリティ・アクセス制御"              required
 *   check_ja    the 確認事項 text                                required
 *   summary_en  the item in English                              required
 *   coverage    automated | partial | attestation | not-applicable  required
 *   rules       rule ids, comma-separated (automated/partial)    required
 *   subsection, section_en, subsection_en, note_en, note_ja     optional
 * Unknown columns are ignored. Every problem is reported as
 * "catalog.tsv:line:col: message" (all of them, not only the first).
 */
#ifndef KR_CATALOG_H
#define KR_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

struct kr_diags;

/* How krewlint covers an item. */
typedef enum kr_coverage {
    KR_COV_AUTOMATED = 0,  /* the rules check the whole item ("automated", also "full") */
    KR_COV_PARTIAL,        /* the rules check part of it; the rest is attested */
    KR_COV_ATTESTATION,    /* organisational: only an attestation can answer it */
    KR_COV_NA              /* "not-applicable": nothing in a repository expresses it */
} kr_coverage;

/* "automated", "partial", "attestation", "not-applicable". */
const char *kr_coverage_name(kr_coverage c);

/* kr_catalog_item - one row. Every string is owned; optional ones are NULL
 * when the column is missing or the cell empty. */
typedef struct kr_catalog_item {
    char *number;          /* "6-8" */
    char *section;         /* "6 運用のセキュリティ・アクセス制御" */
    char *section_en;      /* optional */
    char *subsection;      /* optional, "2-1 内部組織" */
    char *subsection_en;   /* optional */
    char *check_ja;
    char *summary_en;
    kr_coverage coverage;
    char **rules;          /* rule ids as listed (may be empty) */
    size_t nrules;
    char *note_en;         /* optional */
    char *note_ja;         /* optional */
    uint32_t line;         /* 0-based line in the catalog file */
    bool own;              /* an own control (kr_catalog_add_own), not a checksheet item */
} kr_catalog_item;

/* kr_catalog - the items in file order (the checksheet's order). */
typedef struct kr_catalog {
    kr_catalog_item *items;
    size_t len;
    char *path;            /* the file it came from (owned) */
} kr_catalog;

void kr_catalog_init(kr_catalog *self);
void kr_catalog_dispose(kr_catalog *self);

/* Parses data[0, len). Returns 0, or KR_EINVALID with every problem in diags
 * (the items that were read are kept). path names the file in messages. */
int kr_catalog_parse(kr_catalog *self, const char *path, const char *data, size_t len,
                     struct kr_diags *diags);
/* The same reader for a rule pack's catalog, as the rule loader needs it:
 * only the `item` column is required, rows are read for their numbers
 * (checked), an item listed twice is the same item, other columns are kept
 * where present and not checked. */
int kr_catalog_parse_items(kr_catalog *self, const char *path, const char *data, size_t len,
                           struct kr_diags *diags);
/* Reads and parses a file; KR_EIO when it cannot be read. */
int kr_catalog_load(kr_catalog *self, const char *path, struct kr_diags *diags);

/* The item numbered `number`, or NULL. */
const kr_catalog_item *kr_catalog_find(const kr_catalog *self, const char *number);

/* Orders item numbers as the checksheet does: by each numeric part
 * ("2-1-5" < "2-2" < "10-1"); <0, 0, >0. */
int kr_catalog_number_cmp(const char *a, const char *b);
/* 1 when s[0, len) is N-N or N-N-N (decimal digits). */
bool kr_catalog_number_ok(const char *s, size_t len);

/* Own controls: items a team adds to the checksheet (.krewlint.yml
 * `controls:`, config.h). Their id is [A-Za-z][A-Za-z0-9_.-]*, at most
 * KR_CATALOG_OWN_MAX bytes ("ACME-1"): it starts with a letter, so it never
 * collides with a checksheet item number. 1 when s[0, len) is one. */
#define KR_CATALOG_OWN_MAX 64
bool kr_catalog_own_id_ok(const char *s, size_t len);
/* Appends an own item (kr_catalog_item.own) after the checksheet's: section
 * "独自項目" / "Own controls" (section_en), the given section as its
 * subsection, the rules that name it, coverage `automated` when there is
 * one, else `attestation`. The strings are copied; section may be NULL. */
void kr_catalog_add_own(kr_catalog *self, const char *id, const char *title_en,
                        const char *title_ja, const char *section,
                        const char *const *rules, size_t nrules);

#endif
