/* shard_plan.c - units and their assignment to shards (shard_plan.h).
 */
#include "shard_plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/escape.h"

/* ------------------------------------------------------------ spec --- */

int kr_shard_spec_parse(kr_shard_spec *out, const char *text, const char **why)
{
    memset(out, 0, sizeof *out);
    unsigned long v[2] = {0, 0};
    const char *p = text;
    for (int k = 0; k < 2; k++) {
        if (*p < '0' || *p > '9') {
            *why = "expected I/N, like 2/4";
            return -1;
        }
        while (*p >= '0' && *p <= '9') {
            v[k] = v[k] * 10 + (unsigned long)(*p++ - '0');
            if (v[k] > KR_SHARD_MAX) {
                *why = "at most " "256" " shards";
                return -1;
            }
        }
        if (k == 0 && *p++ != '/') {
            *why = "expected I/N, like 2/4";
            return -1;
        }
    }
    if (*p != '\0') {
        *why = "expected I/N, like 2/4";
        return -1;
    }
    if (v[1] == 0 || v[0] == 0 || v[0] > v[1]) {
        *why = "I must be 1 to N, and N at least 1";
        return -1;
    }
    out->index = (unsigned)v[0];
    out->count = (unsigned)v[1];
    return 0;
}

/* ------------------------------------------------------------ units --- */

uint64_t kr_shard_hash(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void kr_shard_plan_init(kr_shard_plan *self) { memset(self, 0, sizeof *self); }

void kr_shard_plan_dispose(kr_shard_plan *self)
{
    for (size_t i = 0; i < self->len; i++)
        free(self->units[i].name);
    free(self->units);
    memset(self, 0, sizeof *self);
}

unsigned long long kr_shard_file_cost(const char *path, unsigned long long bytes)
{
    size_t n = strlen(path);
    bool tf = (n >= 3 && strcmp(path + n - 3, ".tf") == 0) ||
              (n >= 8 && strcmp(path + n - 8, ".tf.json") == 0);
    return tf ? bytes * KR_SHARD_WEIGHT_TERRAFORM : bytes;
}

/* Union-find with path halving; the smaller index is the root, so a unit's
 * representative is its first task. */
static size_t uf_find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct order_key {
    const unsigned long long *bytes;
    char *const *names;
} order_key;

/* qsort has no payload: the assignment sorts (index, bytes, name) rows. */
typedef struct assign_row {
    size_t i;
    unsigned long long bytes;
    const char *name;
} assign_row;

static int cmp_assign(const void *pa, const void *pb)
{
    const assign_row *a = pa, *b = pb;
    if (a->bytes != b->bytes)
        return a->bytes > b->bytes ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->i < b->i ? -1 : a->i > b->i;
}

void kr_shard_assign(unsigned *shard_of, const unsigned long long *cost, char *const *names,
                     size_t n, unsigned count)
{
    if (count == 0)
        count = 1;
    assign_row *rows = kr_xcalloc(n ? n : 1, sizeof *rows);
    for (size_t i = 0; i < n; i++)
        rows[i] = (assign_row){i, cost[i], names[i]};
    if (n > 1)
        qsort(rows, n, sizeof *rows, cmp_assign);
    unsigned long long *load = kr_xcalloc(count, sizeof *load);
    for (size_t k = 0; k < n; k++) {
        unsigned best = 0;
        for (unsigned s = 1; s < count; s++)
            if (load[s] < load[best])
                best = s;
        /* an empty unit still costs a little: it is opened and walked */
        load[best] += rows[k].bytes + 1;
        shard_of[rows[k].i] = best + 1;
    }
    free(load);
    free(rows);
}

static int cmp_unit(const void *pa, const void *pb)
{
    const kr_shard_unit *a = pa, *b = pb;
    return strcmp(a->name, b->name);
}

void kr_shard_plan_build(kr_shard_plan *out, size_t *unit_of, char *const *names,
                         const unsigned long long *bytes, const unsigned long long *cost,
                         const size_t *nfiles, size_t ntasks, const size_t *edges, size_t nedges,
                         unsigned count)
{
    kr_shard_plan_init(out);
    out->count = count ? count : 1;
    size_t *parent = kr_xcalloc(ntasks ? ntasks : 1, sizeof *parent);
    for (size_t t = 0; t < ntasks; t++)
        parent[t] = t;
    for (size_t k = 0; k < nedges; k++) {
        size_t a = uf_find(parent, edges[2 * k]), b = uf_find(parent, edges[2 * k + 1]);
        if (a != b) {
            if (a < b)
                parent[b] = a;
            else
                parent[a] = b;
        }
    }
    /* one unit per root, named after its first task (the smallest name) */
    size_t *root_unit = kr_xcalloc(ntasks ? ntasks : 1, sizeof *root_unit);
    out->units = kr_xcalloc(ntasks ? ntasks : 1, sizeof *out->units);
    for (size_t t = 0; t < ntasks; t++) {
        size_t r = uf_find(parent, t);
        if (r == t) {
            root_unit[t] = out->len;
            out->units[out->len++] = (kr_shard_unit){kr_xstrdup(names[t]), 0, 0, 0, 0};
        }
    }
    for (size_t t = 0; t < ntasks; t++) {
        kr_shard_unit *u = &out->units[root_unit[uf_find(parent, t)]];
        u->bytes += bytes[t];
        u->cost += cost[t];
        u->nfiles += nfiles[t];
        if (strcmp(names[t], u->name) < 0) {
            free(u->name);
            u->name = kr_xstrdup(names[t]);
        }
    }
    /* name order, then the assignment; unit_of follows the move */
    size_t *pos = kr_xcalloc(out->len ? out->len : 1, sizeof *pos);
    {
        kr_shard_unit *tmp = kr_xcalloc(out->len ? out->len : 1, sizeof *tmp);
        assign_row *rows = kr_xcalloc(out->len ? out->len : 1, sizeof *rows);
        for (size_t u = 0; u < out->len; u++)
            rows[u] = (assign_row){u, 0, out->units[u].name};
        /* sort by name only: bytes 0 for all rows */
        if (out->len > 1)
            qsort(rows, out->len, sizeof *rows, cmp_assign);
        for (size_t k = 0; k < out->len; k++) {
            tmp[k] = out->units[rows[k].i];
            pos[rows[k].i] = k;
        }
        memcpy(out->units, tmp, out->len * sizeof *tmp);
        free(tmp);
        free(rows);
    }
    for (size_t t = 0; t < ntasks; t++)
        unit_of[t] = pos[root_unit[uf_find(parent, t)]];
    unsigned long long *ub = kr_xcalloc(out->len ? out->len : 1, sizeof *ub);
    unsigned long long *uc = kr_xcalloc(out->len ? out->len : 1, sizeof *uc);
    char **un = kr_xcalloc(out->len ? out->len : 1, sizeof *un);
    unsigned *sh = kr_xcalloc(out->len ? out->len : 1, sizeof *sh);
    uint64_t h = KR_SHARD_HASH_INIT;
    for (size_t u = 0; u < out->len; u++) {
        ub[u] = out->units[u].bytes;
        uc[u] = out->units[u].cost;
        un[u] = out->units[u].name;
        h = kr_shard_hash(h, un[u], strlen(un[u]) + 1);
        h = kr_shard_hash(h, &ub[u], sizeof ub[u]);
    }
    out->digest = h;
    kr_shard_assign(sh, uc, un, out->len, out->count);
    for (size_t u = 0; u < out->len; u++)
        out->units[u].shard = sh[u];
    (void)cmp_unit;
    free(sh);
    free(un);
    free(uc);
    free(ub);
    free(pos);
    free(root_unit);
    free(parent);
}

void kr_shard_plan_print(kr_buf *out, const kr_shard_plan *plan, bool json)
{
    unsigned long long *tot = kr_xcalloc(plan->count + 1, sizeof *tot);
    unsigned long long *cst = kr_xcalloc(plan->count + 1, sizeof *cst);
    size_t *nu = kr_xcalloc(plan->count + 1, sizeof *nu);
    for (size_t u = 0; u < plan->len; u++) {
        tot[plan->units[u].shard] += plan->units[u].bytes;
        cst[plan->units[u].shard] += plan->units[u].cost;
        nu[plan->units[u].shard]++;
    }
    if (json) {
        kr_buf_printf(out, "{\n  \"shards\": %u,\n  \"units\": [", plan->count);
        for (size_t u = 0; u < plan->len; u++) {
            const kr_shard_unit *x = &plan->units[u];
            kr_buf_puts(out, u ? ",\n    {\"unit\": " : "\n    {\"unit\": ");
            kr_buf_put_json_string(out, x->name, strlen(x->name));
            kr_buf_printf(out, ", \"bytes\": %llu, \"cost\": %llu, \"files\": %zu, \"shard\": %u}",
                          x->bytes, x->cost, x->nfiles, x->shard);
        }
        kr_buf_puts(out, plan->len ? "\n  ],\n  \"totals\": [" : "],\n  \"totals\": [");
        for (unsigned s = 1; s <= plan->count; s++)
            kr_buf_printf(out, "%s\n    {\"shard\": %u, \"units\": %zu, \"bytes\": %llu, \"cost\": %llu}",
                          s > 1 ? "," : "", s, nu[s], tot[s], cst[s]);
        kr_buf_puts(out, "\n  ]\n}\n");
    } else {
        kr_buf_puts(out, "shard\tbytes\tfiles\tunit\n");
        for (size_t u = 0; u < plan->len; u++) {
            const kr_shard_unit *x = &plan->units[u];
            kr_buf_printf(out, "%u\t%llu\t%zu\t", x->shard, x->bytes, x->nfiles);
            kr_escape_text(out, x->name, strlen(x->name));
            kr_buf_putc(out, '\n');
        }
        for (unsigned s = 1; s <= plan->count; s++)
            kr_buf_printf(out, "# shard %u/%u: %zu units, %llu bytes, cost %llu\n", s, plan->count,
                          nu[s], tot[s], cst[s]);
    }
    free(nu);
    free(cst);
    free(tot);
}
