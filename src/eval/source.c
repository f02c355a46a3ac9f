/* source.c - source-code rules: the hits of the merged tree-sitter queries
 * on one source file, as findings.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/coverage.h"
#include "eval/eval_internal.h"
#include "eval/relations.h"
#include "rules/path.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/fs.h"

/* -------------------------------------------------------------- source --- */

/* Longest {actual} taken from source code (its first line). */
#define SOURCE_ACTUAL_MAX 80u

/* Bytes of a source capture kept in kr_finding.actual (baseline fingerprints). */
#define SOURCE_FP_MAX 4096u

/* sctx - reporting the hits of the source-code rules on one file. */
typedef struct sctx {
    const kr_doc *doc;
    kr_lang lang;
    kr_findings *out;
} sctx;

/* The first line of s[0..n), clipped, with " …" when something was cut. */
static void put_first_line(kr_buf *b, const char *s, size_t n)
{
    size_t len = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\r') {
            len = i;
            break;
        }
    kr_eval__put_clipped(b, s, len, SOURCE_ACTUAL_MAX);
    if (len < n && len <= SOURCE_ACTUAL_MAX) kr_buf_puts(b, " \xE2\x80\xA6");
}

/* fill_source's slots: the hit and the pattern's comparison. */
typedef struct hitctx {
    const kr_ts_hit *h;
    const kr_source_spec *sp;
} hitctx;

/* {actual}: the compared value when the pattern compared one, else the
 * reported capture's text; {expected}: the comparison's value; {expr} as
 * {actual}; {path} and {resource} are empty for source code. */
static bool source_slot(kr_buf *b, const char *name, size_t n, const void *ctx)
{
    const hitctx *c = ctx;
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
    if (IS("actual") || IS("expr")) {
        if (c->h->value)
            put_first_line(b, c->h->value, c->h->value_len);
        else
            put_first_line(b, c->h->text, c->h->text_len);
    } else if (IS("expected")) {
        if (c->sp && c->sp->cmp_value) kr_buf_puts(b, c->sp->cmp_value);
    } else if (!IS("path") && !IS("resource")) {
        return false;
    }
#undef IS
    return true;
}

static void fill_source(kr_buf *b, const char *tpl, const kr_ts_hit *h, const kr_source_spec *sp)
{
    hitctx c = {h, sp};
    kr_eval__template(b, tpl, source_slot, &c);
}

static void on_source_hit(const kr_ts_hit *h, void *payload)
{
    const sctx *c = payload;
    const kr_source_ref *ref = h->user;
    kr_finding f;
    memset(&f, 0, sizeof f);
    f.rule = ref->rule;
    f.file = kr_xstrdup(c->doc->path ? c->doc->path : "");
    f.severity = ref->rule->severity;
    f.span = kr_eval__first_line(c->doc, h->span);
    kr_buf b;
    kr_buf_init(&b, 0);
    fill_source(&b, kr_text_get(&ref->rule->message, c->lang), h, ref->tgt->source);
    f.message = kr_buf_detach(&b);
    if (!f.message) f.message = kr_xstrdup("");
    f.snippet = kr_eval__line_at(c->doc, f.span.start.byte);
    /* for baseline fingerprints: the reported capture's text (bounded) */
    f.actual = kr_xstrndup(h->text ? h->text : "", h->text && h->text_len < SOURCE_FP_MAX ?
                                                       h->text_len : (h->text ? SOURCE_FP_MAX : 0));
    kr_findings_push(c->out, &f);
}

/* Runs the merged query of the file's language over its tree (src/ts). */
void kr_eval__source(const kr_ruleset *rules, const kr_doc *doc, const kr_eval_options *opts,
                     kr_findings *out)
{
    kr_lang lang = opts->lang;
    /* the scan's cache compiles on first use; without one, what the ruleset
     * compiled at load */
    const kr_ts_query *q = opts->source_picked ? opts->source_query
                           : opts->queries  ? kr_source_queries_get(opts->queries, doc->source_lang)
                                            : kr_ruleset_source_query(rules, doc->source_lang);
    if (opts->applied) {
        /* every rule with a query for this language ran on the file */
        for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
            const kr_rule *r = kr_ruleset_get(rules, i);
            for (size_t t = 0; t < r->ntargets; t++) {
                const kr_target *tg = &r->targets[t];
                if (tg->kind == KR_TGT_SOURCE && tg->source && (tg->source->langs & (1u << doc->source_lang)))
                    kr_rulelist_add(opts->applied, r);
            }
        }
    }
    if (!q || !doc->source_tree) return; /* no rule can match here (the prefilter), or none at all */
    sctx c = {doc, lang, out};
    (void)kr_ts_query_run(q, doc->source_tree, doc->path, on_source_hit, &c);
}
