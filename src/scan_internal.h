/* scan_internal.h - what scan.c and scan_tf.c share (private to the scan).
 *
 * scan.c collects the files, plans the tasks and runs the workers; a task is
 * one file (scan.c scan_one) or the Terraform files of one folder, scanned
 * as a module by scan_tf.c (kr_scan__module): the module-level phase of
 * src/tf/module.h, then the module calls followed into the folders they
 * call. The types below are the workers' shared state; nothing here is
 * global.
 */
#ifndef KR_SCAN_INTERNAL_H
#define KR_SCAN_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cfn/resolve.h"
#include "config.h"
#include "diag.h"
#include "doc/doc.h"
#include "doc/format.h"
#include "eval/coverage.h"
#include "eval/eval.h"
#include "rules/rule.h"
#include "suppress.h"
#include "tf/module.h"
#include "util/array.h"

/* A Terraform module folder is parsed as one task up to these sizes. */
#define MODULE_MAX_FILES 1000u
#define MODULE_MAX_BYTES (64u * 1024u * 1024u)

typedef KR_ARRAY(char *) strvec;

static inline int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline void strvec_dispose(strvec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    kr_array_dispose(v);
}

/* budget - the memory the running tasks may use together. A task reserves
 * its estimate before it starts and waits while the others hold too much; a
 * task larger than the whole budget waits until nothing else runs and then
 * runs alone. */
typedef struct budget {
    pthread_mutex_t mu;
    pthread_cond_t freed;
    unsigned long long limit;
    unsigned long long in_use;
} budget;

/* callee - a folder some scanned Terraform file calls with a local source
 * (`source = "../modules/db"`), and the first such file. */
struct callee {
    char *dir;     /* normalised */
    char *caller;  /* display path */
};

/* parsed_file - a called module's file, parsed once per scan and shared
 * read-only by every call of it (each call resolves its own copy of the
 * maps and sequences: tf/module.h resolves in place). */
typedef struct parsed_file {
    char *path;
    char *data;
    kr_doc doc;
    bool ok;
} parsed_file;

/* own_fails - the failures a called folder's own scan reports (evaluated as
 * its own scan does: variables from callers unknown), computed once per
 * folder: a module call's failure that is not among them comes from the
 * caller's inputs (scan_tf.c eval_call). */
typedef struct own_fail {
    const kr_rule *rule;
    char *file;
    size_t byte;
} own_fail;

typedef struct own_fails {
    char *dir;
    own_fail *items;
    size_t len;
} own_fails;

/* file_slot - what scanning file i produced; written by one worker only. */
typedef struct file_slot {
    kr_findings findings;
    kr_diags diags;
    kr_rulelist covered;      /* record_coverage: the rules that ran on it */
    bool is_plan;             /* a Terraform plan (JSON): its findings are enriched (plan_enrich) */
    strvec planned;           /* is_plan: the addresses the plan evaluates (change.after a map) */
} file_slot;

/* scan_ctx - shared by the workers: read-only except `next`. */
/* scan_task - order[first..first+n): one file, or the Terraform files of
 * one folder (module: the folder's other Terraform files are read too). */
struct scan_task {
    size_t first;
    size_t n;
    bool module;
    unsigned long long cost; /* estimated peak memory (file_cost) */
};

typedef struct scan_ctx {
    const kr_ruleset *rules;  /* may be NULL: parse only */
    kr_eval_options eopts;
    const kr_config *config;  /* may be NULL */
    const char *today;        /* suppression expiry */
    const struct kr_cfn_options *cfn; /* may be NULL */
    bool keep_disabled;       /* kr_scan_options.keep_disabled */
    bool record_coverage;     /* kr_scan_options.record_coverage */
    atomic_size_t parsed;     /* documents parsed for evaluation */
    const kr_tf_options *tf;  /* Terraform variables from the configuration; may be NULL */
    struct callee *callees;   /* folders called by local module sources, sorted */
    size_t ncallees;
    pthread_mutex_t cache_lock; /* guards `cache` */
    KR_ARRAY(parsed_file *) cache;
    KR_ARRAY(own_fails *) owns; /* guarded by cache_lock too */
    bool follow_symlinks;     /* module siblings that are links are read too */
    char **files;
    size_t nfiles;
    file_slot *slots;
    size_t *order;            /* file indexes, a task's files side by side */
    struct scan_task *tasks;
    size_t ntasks;
    unsigned long long *sizes; /* per file, from stat at planning */
    budget mem;               /* --max-memory */
    /* kr_scan_options.stdin_name: the file index of standard input (SIZE_MAX
     * when none) and its bytes, read before the workers start (NULL when the
     * read failed: the slot has the diagnostic). */
    size_t stdin_index;
    char *stdin_data;
    size_t stdin_len;
    atomic_size_t next;       /* the next task to take */
} scan_ctx;

/* .tf or .tf.json (case-insensitive): the syntax table (doc/format.h). */
static inline bool is_terraform_file(const char *path)
{
    return kr_syntax_is_terraform(path);
}

/* Length of the folder part of path ("a/b/x.tf" -> 3, "x.tf" -> 0). */
static inline size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

/* Reads file i of the scan (ctx->files[i]); a problem goes to its slot and
 * false is returned. On true the caller frees *data. (scan.c) */
bool kr_scan__read_input(scan_ctx *ctx, size_t i, char **data, size_t *len);
/* The normalised folder of a file path ("a/./b/x.tf" -> "a/b", "x.tf" -> "").
 * Caller frees. (scan_tf.c) */
char *kr_scan__file_dir(const char *path);

/* The configuration and inline suppressions applied to the findings of
 * slot s, whose file is path with bytes data[0..len), with the file's
 * structured suppressions docsup (moved in; may be NULL). (scan.c) */
void kr_scan__adopt_file(const scan_ctx *ctx, file_slot *s, const char *path, const char *data,
                         size_t len, kr_suppressions *docsup);

/* Scans the Terraform files order[idx[0..n)) of one folder as a module,
 * with its local module calls. (scan_tf.c) */
void kr_scan__module(scan_ctx *ctx, const size_t *idx, size_t n);

/* Fills ctx->callees: the folders the scanned Terraform files call with a
 * local source. (scan_tf.c) */
void kr_scan__collect_callees(scan_ctx *ctx);

/* Normalises a folder path: "." segments dropped, "x/.." folded, no trailing
 * '/'; "" for the current folder. Caller frees. (scan_tf.c) */
char *kr_scan__norm_dir(const char *p);

/* Frees what the module phase kept for the scan (ctx->owns). (scan_tf.c) */
void kr_scan__tf_dispose(scan_ctx *ctx);

#endif
