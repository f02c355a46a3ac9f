/* shard_plan.h - the units of a scan and their assignment to shards
 * (`--shard I/N`, `--list-shards N`); what scan.c needs of sharding. The
 * design (units, assignment rule, what a shard owns) is described in
 * shard.h, which adds the shard record and `krewlint merge`.
 */
#ifndef KR_SHARD_PLAN_H
#define KR_SHARD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* At most this many shards: a matrix larger than that is a mistake (GitHub
 * Actions allows 256 jobs per matrix). */
#define KR_SHARD_MAX 256u

/* kr_shard_spec - --shard I/N: index 1..count; count 0 is "not sharded". */
typedef struct kr_shard_spec {
    unsigned index;
    unsigned count;
} kr_shard_spec;

/* Parses "I/N" (1 <= I <= N <= KR_SHARD_MAX). 0, or -1 with *why set. */
int kr_shard_spec_parse(kr_shard_spec *out, const char *text, const char **why);

/* kr_shard_unit - one unit of evaluation as --list-shards shows it. */
typedef struct kr_shard_unit {
    char *name;               /* the folder ("dir/", "./" for the top) or the file */
    unsigned long long bytes; /* of its scanned files */
    unsigned long long cost;  /* what the assignment balances (kr_shard_file_cost) */
    size_t nfiles;
    unsigned shard;           /* 1-based */
} kr_shard_unit;

/* kr_shard_plan - every unit of a scan, in name order. */
typedef struct kr_shard_plan {
    kr_shard_unit *units;
    size_t len;
    unsigned count;           /* the N they were assigned to */
    uint64_t digest;          /* over (name, bytes) of every unit */
} kr_shard_plan;

void kr_shard_plan_init(kr_shard_plan *self);
void kr_shard_plan_dispose(kr_shard_plan *self);

/* The cost model: what scanning a file of `bytes` bytes costs, in units of
 * one byte of YAML. Measured with callgrind (-j1, the bundled pack) on the
 * real-world corpus of bench/README.md: a byte of Terraform costs about
 * 3,100-4,500 instructions (tree-sitter parse, the module phase, the
 * expression engine), a byte of CloudFormation or Kubernetes YAML or JSON
 * 340-670, a large plain JSON file 160. Balancing raw bytes put most of the
 * Terraform on one shard: the slowest of 4 shards took 0.44x of one run. */
#define KR_SHARD_WEIGHT_TERRAFORM 7u
unsigned long long kr_shard_file_cost(const char *path, unsigned long long bytes);

/* Groups ntasks tasks into units and assigns them to `count` shards.
 * names[t]/bytes[t]/cost[t]/nfiles[t] describe task t; edges[2k],
 * edges[2k+1] are two tasks that must stay together. unit_of[t] (out,
 * ntasks entries) gets the index of task t's unit in out->units. */
void kr_shard_plan_build(kr_shard_plan *out, size_t *unit_of, char *const *names,
                         const unsigned long long *bytes, const unsigned long long *cost,
                         const size_t *nfiles, size_t ntasks, const size_t *edges, size_t nedges,
                         unsigned count);

/* The assignment rule alone: shard_of[i] (1-based) for units of cost[i]
 * and names[i] (see shard.h). */
void kr_shard_assign(unsigned *shard_of, const unsigned long long *cost, char *const *names,
                     size_t n, unsigned count);

/* --list-shards N: "shard\tbytes\tfiles\tunit" lines after a header, then a
 * per-shard total with its cost; or JSON {"shards": N, "units": [...],
 * "totals": [...]} (each unit and total with "cost" too). */
void kr_shard_plan_print(kr_buf *out, const kr_shard_plan *plan, bool json);

/* FNV-1a 64 (the digests). */
uint64_t kr_shard_hash(uint64_t h, const void *data, size_t len);
#define KR_SHARD_HASH_INIT 0xcbf29ce484222325ull

#endif
