/* load_internal.h - what the files of the rule loader share (load.c,
 * ytree.c, params.c, cond.c, related.c, target.c, source_rules.c,
 * rule_file.c): the private YAML tree of a rule file, the ruleset's layout
 * and the state of one load. Not part of the rules API (rule.h).
 */
#ifndef KR_RULES_LOAD_INTERNAL_H
#define KR_RULES_LOAD_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"
#include "rules/rule.h"
#include "ts/lang.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/regex.h"

#define CODE "invalid-rule"
/* Caps per rule file (README, "Limits"). Nodes are counted with aliases
 * expanded, because loading walks a shared node once per reference; a rule
 * takes 15-40 nodes, so RULE_MAX_NODES leaves room for RULE_MAX_RULES. The
 * nodes aliases bring in are capped apart, far lower (alias bombs). */
#define RULE_MAX_NODES 2000000u
#define RULE_MAX_ALIAS_NODES 200000u
#define RULE_MAX_RULES 50000u
/* Folder nesting followed under a rules folder (symlink loops). */
#define RULE_MAX_DIR_DEPTH 32u
/* Nesting of all/any/not. */
#define RULE_MAX_COND_DEPTH 64u

/* ---------------------------------------------------------------- tree --- */

typedef enum ykind { Y_SCALAR, Y_MAP, Y_SEQ } ykind;

/* ynode - one node of a rule file. MAP kids are key,value,key,value...;
 * SEQ kids are the items. weight counts nodes with aliases expanded. */
typedef struct ynode ynode;
struct ynode {
    ykind kind;
    kr_span span;
    const char *text; /* SCALAR: decoded, NUL-terminated */
    size_t len;
    bool plain;       /* plain style: may resolve to null, bool or number */
    bool quoted;      /* single or double quoted: text starts one column in */
    bool str_tag;     /* explicit !!str */
    ynode **kids;
    size_t nkids;
    size_t cap;
    size_t weight;
    /* A parameter's value taken from the configuration (rules/README.md,
     * "Parameters"): the file its span is in, and the parameter's name.
     * NULL for the rule file's own nodes. */
    const char *file;
    const char *param;
};

typedef struct anchor {
    char *name;
    ynode *node;
} anchor;

/* lfile - one rule file being read. */
typedef struct lfile {
    const char *path;
    const char *data;
    size_t len;
    size_t *lines;   /* byte offset of each line start */
    size_t nlines;
    kr_arena *arena; /* the tree */
    KR_ARRAY(anchor) anchors;
    yaml_parser_t parser;
    bool tainted;    /* the tree has a stand-in for a broken part: keep no rule */
    size_t aliased;  /* nodes brought in by aliases, whole file (RULE_MAX_ALIAS_NODES) */
    size_t nrules;   /* rules met, whole file (RULE_MAX_RULES) */
} lfile;

/* ------------------------------------------------------------- ruleset --- */

typedef struct idx_entry {
    kr_target_kind kind;
    const char *name; /* NULL for kinds without a name */
    const kr_rule *rule;
    const kr_target *tgt;
    size_t order;     /* rule position (rules are sorted by id), then target */
} idx_entry;

struct kr_ruleset {
    kr_arena *arena;
    KR_ARRAY(kr_rule *) rules;   /* sorted by id */
    idx_entry *index;
    size_t nindex;
    KR_ARRAY(kr_path *) paths;   /* owned */
    KR_ARRAY(kr_regex *) regexes; /* owned (conds point at them) */
    kr_ts_query *source_q[KR_TS_NLANGS]; /* owned; merged source-code queries per language */
    bool has_relations;          /* some condition is `related:` */
    /* Deferred mode (kr_ruleset_load_deferred): source_q stays empty until
     * kr_ruleset_prepare_sources; a scan compiles what it needs into its own
     * kr_source_queries, so a scan without source files never pays
     * tree-sitter's query analysis and the ruleset is never written to. */
    unsigned compiled;           /* bit per kr_ts_lang: source_q[l] was compiled */
    const char *verified_dir;    /* kr_ruleset_options.verified_dir (arena), or NULL */
};

/* srclang - the prefilter of one language: its source targets in the
 * order of the merged query, what each needs (ts/prefilter.h) as ids into
 * one multi-string search. Built by kr_source_queries_new, read-only after. */
typedef struct srclang {
    size_t ntargets;
    const kr_rule **rule;        /* per target */
    const kr_target **tgt;
    bool *always;                /* per target: some pattern needs no literal */
    bool *verified;              /* per target: from verified_dir */
    size_t *pat_first;           /* per target: its first pattern in pat_lit_first (ntargets + 1) */
    size_t *pat_lit_first;       /* per pattern: its first id in lit_ids (npatterns + 1) */
    size_t *lit_ids;             /* msearch ids */
    struct kr_msearch *ms;       /* NULL: no prefilter for this language (everything runs) */
} srclang;

/* subq - a compiled query for one set of targets of one language. */
typedef struct subq {
    int lang;
    unsigned char *set;          /* ntargets flags */
    kr_ts_query *q;              /* owned; NULL when it failed */
} subq;

/* Distinct target sets compiled per scan; past it, the full query. */
#define KR_SOURCE_SUBSETS_MAX 64u

/* kr_source_queries - see rule.h. */
struct kr_source_queries {
    const kr_ruleset *rules;
    bool prefilter;
    srclang lang[KR_TS_NLANGS];  /* read-only after new */
    pthread_mutex_t mu;          /* guards everything below */
    unsigned built;              /* bit per kr_ts_lang: compiled (or failed) here */
    unsigned validated;          /* bit per kr_ts_lang: the unverified targets were compiled */
    unsigned broken;             /* bit per kr_ts_lang: a compile failed (errors reported once) */
    kr_ts_query *q[KR_TS_NLANGS]; /* owned */
    KR_ARRAY(subq) subs;         /* owned */
    size_t sub_targets[KR_TS_NLANGS]; /* targets compiled in subs, per language */
    kr_diags errors;             /* query errors found on first use */
};

typedef struct seen_id {
    const char *id;
    const char *file;
    kr_span span;
    size_t order;
    kr_rule *rule; /* NULL when the rule had other errors */
} seen_id;

/* loader - state of one kr_ruleset_load call. */
typedef struct loader {
    kr_ruleset *rs;
    kr_diags *diags;
    size_t nerrors;
    char **catalog;  /* sorted item numbers */
    size_t ncatalog;
    size_t catcap;
    bool has_catalog;
    KR_ARRAY(seen_id) ids;
    const kr_ruleset_options *opts; /* never NULL */
    const char *rule_id;            /* the rule being compiled, for parameter errors */
    const ynode *rule_params;       /* its `params:` (name -> default), or NULL */
} loader;

/* The YAML 1.2 core schema type of a plain scalar (kr_load__scalar_type). */
typedef enum stype { S_NULL, S_BOOL, S_INT, S_FLOAT, S_STR } stype;

/* ytree.c */
void kr_load__err_at(loader *L, const lfile *f, const kr_span *span, const char *fmt, ...)
    KR_PRINTF(4, 5);
void kr_load__err_node(loader *L, const lfile *f, const ynode *n, const char *fmt, ...)
    KR_PRINTF(4, 5);
const char *kr_load__did_you_mean(const char *word, const char *const *cands);
void kr_load__hint(char *out, size_t n, const char *word, const char *const *cands);
void kr_load__build_lines(lfile *f);
kr_span kr_load__text_pos(const ynode *n, size_t off);
void kr_load__yaml_problem(loader *L, lfile *f);
ynode *kr_load__build_node(loader *L, lfile *f, yaml_event_t *ev, unsigned depth);
stype kr_load__scalar_type(const ynode *n);
const char *kr_load__kind_name(const ynode *n);
const ynode *kr_load__map_get(const ynode *m, const char *key);
const ynode *kr_load__map_key(const ynode *m, const char *key);
bool kr_load__in_list(const char *s, const char *const *list);
bool kr_load__check_keys(loader *L, const lfile *f, const ynode *m, const char *const *allowed,
                         const char *what);
const ynode *kr_load__want_string(loader *L, const lfile *f, const ynode *v, const char *key);

/* load.c */
bool kr_load__control_syntax_ok(const char *s, size_t len);
bool kr_load__catalog_has(const loader *L, const char *item);

/* params.c */
const kr_rule_param *kr_load__find_param(const loader *L, const char *name, size_t len);
const ynode *kr_load__resolve(loader *L, const lfile *f, const ynode *v, bool *bad);
const char *kr_load__expand(loader *L, const lfile *f, const ynode *s, bool in_path);
void kr_load__compile_rule_params(loader *L, const lfile *f, const ynode *rp);

/* cond.c */
extern const char *const kr_load__leaf_keys[];
extern const char *const kr_load__type_names[];
const char *kr_load__vtype_name(kr_vtype t);
char *kr_load__keep(loader *L, const char *s, size_t n);
kr_cond *kr_load__compile_cond(loader *L, const lfile *f, const ynode *n, unsigned depth);

/* related.c */
kr_cond *kr_load__compile_related(loader *L, const lfile *f, const ynode *n, unsigned depth);
bool kr_load__check_related_targets(loader *L, const lfile *f, const kr_cond *c, kr_target_kind k,
                                    unsigned depth);

/* target.c */
bool kr_load__optional_target_off(const loader *L, const ynode *n);
bool kr_load__compile_target(loader *L, const lfile *f, const ynode *n, kr_target *t,
                             kr_cond *rule_check, bool rule_check_given);

/* source_rules.c */
bool kr_load__compile_source(loader *L, const lfile *f, const ynode *n, kr_target *t);
void kr_load__prepare_source_refs(kr_ruleset *rs);
int kr_load__build_source_queries(kr_ruleset *rs, unsigned langs, kr_diags *diags);

/* rule_file.c */
void kr_load__load_file(loader *L, const char *path);

#endif
