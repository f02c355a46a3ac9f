/* source_rules.c - source-code rules (rules/README.md, "Source code
 * rules"): a source target's query, capture and compare, and the merged
 * per-language tree-sitter queries, compiled into the ruleset after loading or
 * lazily by a scan (kr_source_queries, rule.h).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "rules/load_internal.h"
#include "ts/lang.h"
#include "ts/prefilter.h"
#include "ts/query.h"
#include "util/multisearch.h"
#include "util/alloc.h"
#include "util/array.h"

/* The body of a source target: query, capture, optional compare. The query is
 * compiled here for each of its languages to report every problem at its
 * place in the rule file; kr_ruleset_load compiles the merged queries later. */
bool kr_load__compile_source(loader *L, const lfile *f, const ynode *n, kr_target *t)
{
    bool ok = true;
    kr_source_spec *sp = t->source;
    if (!sp) { /* the selector was broken: still check the rest */
        sp = t->source = kr_arena_alloc(L->rs->arena, sizeof *sp);
        ok = false;
    }
    static const char *const NOT_HERE[] = {"check", "path", NULL};
    for (size_t i = 0; NOT_HERE[i]; i++)
        if (kr_load__map_get(n, NOT_HERE[i])) {
            kr_load__err_node(L, f, kr_load__map_key(n, NOT_HERE[i]), "a source target has no '%s': write the "
                              "conditions as predicates in its query", NOT_HERE[i]);
            ok = false;
        }
    const ynode *q = kr_load__map_get(n, "query");
    const ynode *cap = kr_load__map_get(n, "capture");
    if (!q) {
        kr_load__err_node(L, f, n, "source target needs a query (a tree-sitter S-expression)");
        ok = false;
    } else if (kr_load__want_string(L, f, q, "query")) {
        sp->query = kr_load__keep(L, q->text, q->len);
        sp->query_len = q->len;
        sp->query_src = q->span;
    } else {
        ok = false;
    }
    if (!cap) {
        kr_load__err_node(L, f, n, "source target needs capture (the name of the capture to report)");
        ok = false;
    } else if (kr_load__want_string(L, f, cap, "capture")) {
        sp->capture = kr_load__keep(L, cap->text[0] == '@' ? cap->text + 1 : cap->text,
                                    cap->len - (cap->text[0] == '@'));
    } else {
        ok = false;
    }
    const ynode *cmp = kr_load__map_get(n, "compare");
    if (cmp) {
        size_t errs = L->nerrors;
        static const char *const K[] = {"capture", "op", "value", "type", "unit", NULL};
        if (cmp->kind != Y_MAP) {
            kr_load__err_node(L, f, cmp, "compare must be a map {capture, op, value, type}, not %s",
                              kr_load__kind_name(cmp));
            return false;
        }
        if (!kr_load__check_keys(L, f, cmp, K, "compare")) ok = false;
        const ynode *cc = kr_load__map_get(cmp, "capture"), *co = kr_load__map_get(cmp, "op"),
                    *cv = kr_load__map_get(cmp, "value"), *ct = kr_load__map_get(cmp, "type"),
                    *cu = kr_load__map_get(cmp, "unit");
        for (size_t i = 0; i < 3; i++)
            if (!kr_load__map_get(cmp, K[i])) {
                kr_load__err_node(L, f, cmp, "compare has no '%s'", K[i]);
                ok = false;
            }
        if (cc && kr_load__want_string(L, f, cc, "compare.capture"))
            sp->cmp_capture = kr_load__keep(L, cc->text[0] == '@' ? cc->text + 1 : cc->text,
                                            cc->len - (cc->text[0] == '@'));
        else if (cc)
            ok = false;
        if (co && kr_load__want_string(L, f, co, "op")) {
            static const char *const CMP_OPS[] = {"==", "!=", "<", "<=", ">", ">=", NULL};
            bool found = false;
            for (size_t i = 0; CMP_OPS[i]; i++)
                if (strcmp(co->text, CMP_OPS[i]) == 0) {
                    sp->cmp_op = (kr_op)i; /* KR_OP_EQ .. KR_OP_GE are in this order */
                    found = true;
                }
            if (!found) {
                kr_load__err_node(L, f, co, "compare op '%s' must be ==, !=, <, <=, > or >=", co->text);
                ok = false;
            }
        } else if (co) {
            ok = false;
        }
        sp->cmp_type = KR_VT_STRING;
        if (ct && kr_load__want_string(L, f, ct, "type")) {
            static const kr_vtype TV[] = {KR_VT_NUMBER, KR_VT_DURATION, KR_VT_TLS, KR_VT_STRING,
                                          KR_VT_BOOL};
            bool found = false;
            for (size_t i = 0; kr_load__type_names[i]; i++)
                if (strcmp(ct->text, kr_load__type_names[i]) == 0) {
                    sp->cmp_type = TV[i];
                    found = true;
                }
            if (!found) {
                char h[96];
                kr_load__hint(h, sizeof h, ct->text, kr_load__type_names);
                kr_load__err_node(L, f, ct, "unknown type '%s'%s; use number, duration, tls, string or "
                                  "bool", ct->text, h);
                ok = false;
            }
        } else if (ct) {
            ok = false;
        }
        sp->cmp_unit = KR_UNIT_DAYS;
        if (cu && kr_load__want_string(L, f, cu, "unit")) {
            if (kr_unit_parse(&sp->cmp_unit, cu->text) != 0) {
                kr_load__err_node(L, f, cu, "unknown unit '%s'; use seconds, minutes, hours, days, weeks, "
                                  "months or years", cu->text);
                ok = false;
            }
        } else if (cu) {
            ok = false;
        }
        if (cv && cv->kind == Y_SCALAR) {
            sp->cmp_value = kr_load__keep(L, cv->text, cv->len);
            kr_value tmp;
            if (kr_value_from_text(&tmp, cv->text, cv->len, sp->cmp_type, sp->cmp_unit) != 0) {
                kr_load__err_node(L, f, cv, "compare value '%s' is not a %s", cv->text,
                                  kr_load__vtype_name(sp->cmp_type));
                ok = false;
            }
        } else if (cv) {
            kr_load__err_node(L, f, cv, "compare value must be a single value, not %s", kr_load__kind_name(cv));
            ok = false;
        }
        (void)errs;
    }
    if (!sp->query || !sp->capture) return false;
    /* The queries are compiled once per language, all rules merged, after
     * every file is loaded (kr_load__build_source_queries): compiling each rule's query
     * here too would double the cost of the slowest step of loading
     * (tree-sitter's query analysis). Keep the file's bytes so that errors can
     * still be mapped to rulefile:line:col then. */
    sp->file_data = kr_arena_strndup(L->rs->arena, f->data, f->len);
    sp->file_len = f->len;
    return ok;
}

/* Merges the query of every source target, per language, into one query
 * (rules in id order, targets in file order). Each part's user pointer is a
 * kr_source_ref in the ruleset arena. The parts were checked one by one while
 * loading, so this fails only on limits (a merged text past 4 GiB). */
/* Compiles the merged query of every language in `langs` (a bit per
 * kr_ts_lang). Returns 0 or KR_EINVALID with every error in diags. */
/* Gives every source target its hit reference and comparison (in the
 * ruleset's arena), once the rules are loaded: compiling is then a pure read. */
void kr_load__prepare_source_refs(kr_ruleset *rs)
{
    for (size_t i = 0; i < rs->rules.len; i++) {
        kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            kr_target *t = &r->targets[j];
            kr_source_spec *sp = t->source;
            if (t->kind != KR_TGT_SOURCE || !sp) continue;
            kr_source_ref *ref = kr_arena_alloc(rs->arena, sizeof *ref);
            ref->rule = r;
            ref->tgt = t;
            sp->ref = ref;
            if (sp->cmp_capture) {
                kr_ts_compare *c = kr_arena_alloc(rs->arena, sizeof *c);
                *c = (kr_ts_compare){sp->cmp_capture, sp->cmp_op, sp->cmp_type, sp->cmp_unit,
                                     sp->cmp_value};
                sp->cmp = c;
            }
        }
    }
}

/* Compiles the merged query of language l into *out (NULL when no rule
 * covers it): every source target of l, or with `set` (a flag per target
 * of l in merged order) only those flagged. Returns 0, or KR_EINVALID with
 * every broken query in diags. */
static int build_source_query(kr_ts_query **out, const kr_ruleset *rs, int l, const unsigned char *set,
                              kr_diags *diags)
{
    *out = NULL;
    int rc = 0;
    KR_ARRAY(kr_ts_part) parts = {0};
    size_t k_all = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        const kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            const kr_target *t = &r->targets[j];
            const kr_source_spec *sp = t->source;
            if (t->kind != KR_TGT_SOURCE || !sp || !(sp->langs & (1u << l))) continue;
            if (set && !set[k_all++]) continue;
            kr_ts_part p = {sp->query, sp->query_len, sp->capture, sp->cmp,
                            {r->file, sp->file_data, sp->file_len, sp->query_src}, sp->ref};
            kr_array_push(&parts, p);
        }
    }
    if (parts.len > 0) {
        kr_diags merged;
        kr_diags_init(&merged);
        if (kr_ts_query_build(out, (kr_ts_lang)l, parts.items, parts.len, &merged) != 0) {
            /* tree-sitter stops at the first error of the merged text: compile
             * each rule's query alone to report every broken one. */
            size_t before = diags->len;
            for (size_t k = 0; k < parts.len; k++) {
                kr_ts_query *one = NULL;
                (void)kr_ts_query_build(&one, (kr_ts_lang)l, &parts.items[k], 1, diags);
                kr_ts_query_free(one);
            }
            if (diags->len == before) kr_diags_take(diags, &merged);
            kr_ts_query_free(*out);
            *out = NULL;
            rc = KR_EINVALID;
        }
        kr_diags_dispose(&merged);
    }
    kr_array_dispose(&parts);
    return rc;
}

/* Compiles the languages in `langs` not compiled yet into the ruleset. */
int kr_load__build_source_queries(kr_ruleset *rs, unsigned langs, kr_diags *diags)
{
    int rc = 0;
    for (int l = KR_TS_JAVASCRIPT; l < KR_TS_NLANGS; l++) {
        if (!(langs & (1u << l)) || (rs->compiled & (1u << l))) continue;
        if (build_source_query(&rs->source_q[l], rs, l, NULL, diags) != 0) rc = KR_EINVALID;
        rs->compiled |= 1u << l;
    }
    return rc;
}

/* ------------------------------------------------------------ prefilter --- */

static bool in_dir(const char *file, const char *dir)
{
    if (!file || !dir) return false;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    return strncmp(file, dir, n) == 0 && file[n] == '/';
}

/* The prefilter of language l: each target's needs as ids into one search. */
static void srclang_build(srclang *sl, const kr_ruleset *rs, int l)
{
    memset(sl, 0, sizeof *sl);
    for (size_t i = 0; i < rs->rules.len; i++) {
        const kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            const kr_target *t = &r->targets[j];
            if (t->kind == KR_TGT_SOURCE && t->source && (t->source->langs & (1u << l))) sl->ntargets++;
        }
    }
    if (sl->ntargets == 0) return;
    size_t nt = sl->ntargets;
    sl->rule = kr_xcalloc(nt, sizeof *sl->rule);
    sl->tgt = kr_xcalloc(nt, sizeof *sl->tgt);
    sl->always = kr_xcalloc(nt, sizeof *sl->always);
    sl->verified = kr_xcalloc(nt, sizeof *sl->verified);
    sl->pat_first = kr_xcalloc(nt + 1, sizeof *sl->pat_first);
    KR_ARRAY(size_t) plf = {0};
    KR_ARRAY(size_t) ids = {0};
    kr_msearch *ms = kr_msearch_new();
    bool usable = true;
    size_t k = 0;
    for (size_t i = 0; i < rs->rules.len; i++) {
        const kr_rule *r = rs->rules.items[i];
        for (size_t j = 0; j < r->ntargets; j++) {
            const kr_target *t = &r->targets[j];
            if (!(t->kind == KR_TGT_SOURCE && t->source && (t->source->langs & (1u << l)))) continue;
            sl->rule[k] = r;
            sl->tgt[k] = t;
            sl->verified[k] = in_dir(r->file, rs->verified_dir);
            sl->pat_first[k] = plf.len;
            kr_ts_needs nd;
            kr_ts_query_needs(t->source->query, t->source->query_len, &nd);
            sl->always[k] = nd.always;
            for (size_t p = 0; p < nd.n && !nd.always; p++) {
                kr_array_push(&plf, ids.len);
                for (size_t m = 0; m < nd.pats[p].n; m++) {
                    const kr_ts_lit *lt = &nd.pats[p].lits[m];
                    size_t id = kr_msearch_add(ms, lt->s, lt->len, lt->flags);
                    if (id == (size_t)-1) usable = false;
                    kr_array_push(&ids, id);
                }
            }
            kr_ts_needs_dispose(&nd);
            k++;
        }
    }
    sl->pat_first[nt] = plf.len;
    kr_array_push(&plf, ids.len);
    sl->pat_lit_first = plf.items;
    sl->lit_ids = ids.items;
    if (usable) {
        kr_msearch_build(ms);
        sl->ms = ms;
    } else {
        kr_msearch_free(ms); /* past a limit: everything runs */
    }
}

static void srclang_dispose(srclang *sl)
{
    free(sl->rule);
    free(sl->tgt);
    free(sl->always);
    free(sl->verified);
    free(sl->pat_first);
    free(sl->pat_lit_first);
    free(sl->lit_ids);
    kr_msearch_free(sl->ms);
    memset(sl, 0, sizeof *sl);
}

/* Flags in set[] the targets of sl that can match data; returns how many. */
static size_t srclang_select(const srclang *sl, const char *data, size_t len, unsigned char *set)
{
    size_t nlit = kr_msearch_count(sl->ms);
    unsigned char *seen = kr_xcalloc(nlit ? nlit : 1, 1);
    kr_msearch_scan(sl->ms, data, len, seen);
    size_t n = 0;
    for (size_t k = 0; k < sl->ntargets; k++) {
        bool pass = sl->always[k];
        for (size_t p = sl->pat_first[k]; p < sl->pat_first[k + 1] && !pass; p++)
            for (size_t m = sl->pat_lit_first[p]; m < sl->pat_lit_first[p + 1] && !pass; m++)
                pass = seen[sl->lit_ids[m]] != 0;
        set[k] = pass;
        n += pass;
    }
    free(seen);
    return n;
}

kr_source_queries *kr_source_queries_new(const kr_ruleset *rules, bool prefilter)
{
    kr_source_queries *self = kr_xcalloc(1, sizeof *self);
    self->rules = rules;
    self->prefilter = prefilter;
    if (rules)
        for (int l = KR_TS_JAVASCRIPT; l < KR_TS_NLANGS; l++) srclang_build(&self->lang[l], rules, l);
    pthread_mutex_init(&self->mu, NULL);
    kr_diags_init(&self->errors);
    return self;
}

void kr_source_queries_free(kr_source_queries *self)
{
    if (!self) return;
    for (int l = 0; l < KR_TS_NLANGS; l++) {
        kr_ts_query_free(self->q[l]);
        srclang_dispose(&self->lang[l]);
    }
    for (size_t i = 0; i < self->subs.len; i++) {
        kr_ts_query_free(self->subs.items[i].q);
        free(self->subs.items[i].set);
    }
    kr_array_dispose(&self->subs);
    pthread_mutex_destroy(&self->mu);
    kr_diags_dispose(&self->errors);
    free(self);
}

/* The full query of lang; with the lock held. */
static const kr_ts_query *full_locked(kr_source_queries *self, int lang)
{
    if ((self->broken & (1u << lang)) && !(self->built & (1u << lang))) return NULL;
    if (!(self->built & (1u << lang))) {
        if (build_source_query(&self->q[lang], self->rules, lang, NULL, &self->errors) != 0)
            self->broken |= 1u << lang;
        self->built |= 1u << lang;
    }
    return self->q[lang];
}

const kr_ts_query *kr_source_queries_get(kr_source_queries *self, int lang)
{
    if (!self || !self->rules || lang <= KR_TS_NONE || lang >= KR_TS_NLANGS) return NULL;
    if (self->rules->compiled & (1u << lang)) return self->rules->source_q[lang];
    pthread_mutex_lock(&self->mu);
    const kr_ts_query *q = full_locked(self, lang);
    pthread_mutex_unlock(&self->mu);
    return q;
}

/* The query of one target set of lang, compiled once; with the lock held. */
static const kr_ts_query *subset_locked(kr_source_queries *self, int lang, const unsigned char *set)
{
    size_t nt = self->lang[lang].ntargets;
    for (size_t i = 0; i < self->subs.len; i++) {
        const subq *e = &self->subs.items[i];
        if (e->lang == lang && memcmp(e->set, set, nt) == 0) return e->q;
    }
    if (self->broken & (1u << lang)) return NULL; /* its errors are reported once */
    /* compiling costs about the same per target: once the subsets compiled
     * add up to the whole language, the full query (compiled once) is the
     * cheaper answer for every further set */
    size_t n = 0;
    for (size_t k = 0; k < nt; k++) n += set[k] != 0;
    if (self->subs.len >= KR_SOURCE_SUBSETS_MAX || self->sub_targets[lang] + n > nt)
        return full_locked(self, lang);
    self->sub_targets[lang] += n;
    subq e = {lang, kr_xmalloc(nt), NULL};
    memcpy(e.set, set, nt);
    if (build_source_query(&e.q, self->rules, lang, set, &self->errors) != 0) self->broken |= 1u << lang;
    kr_array_push(&self->subs, e);
    return e.q;
}

const kr_ts_query *kr_source_queries_pick(kr_source_queries *self, int lang, const char *data, size_t len,
                                          bool *none)
{
    *none = false;
    if (!self || !self->rules || lang <= KR_TS_NONE || lang >= KR_TS_NLANGS) return NULL;
    const srclang *sl = &self->lang[lang];
    if (sl->ntargets == 0) {
        *none = true;
        return NULL;
    }
    if (!self->prefilter || !sl->ms) return kr_source_queries_get(self, lang);
    unsigned char *set = kr_xmalloc(sl->ntargets);
    pthread_mutex_lock(&self->mu);
    if (!(self->validated & (1u << lang))) {
        /* rules not from the verified pack: compiled now, whatever the files
         * contain, so that their errors are reported as without the prefilter */
        size_t nu = 0;
        for (size_t k = 0; k < sl->ntargets; k++) nu += (set[k] = !sl->verified[k]);
        if (nu) (void)subset_locked(self, lang, set);
        self->validated |= 1u << lang;
    }
    bool broken = (self->broken & (1u << lang)) != 0;
    pthread_mutex_unlock(&self->mu);
    if (broken) { /* as without the prefilter: no query, the run ends with its errors */
        free(set);
        return NULL;
    }
    size_t n = srclang_select(sl, data, len, set);
    const kr_ts_query *q = NULL;
    if (n == 0) {
        *none = true;
    } else if (n == sl->ntargets) {
        q = kr_source_queries_get(self, lang);
    } else {
        pthread_mutex_lock(&self->mu);
        q = subset_locked(self, lang, set);
        pthread_mutex_unlock(&self->mu);
    }
    free(set);
    return q;
}

size_t kr_source_queries_errors(kr_source_queries *self, kr_diags *diags)
{
    if (!self) return 0;
    pthread_mutex_lock(&self->mu);
    size_t n = self->errors.len;
    kr_diags_take(diags, &self->errors);
    kr_diags_init(&self->errors);
    pthread_mutex_unlock(&self->mu);
    return n;
}
