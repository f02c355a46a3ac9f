/* rule_file.c - one rule file: reading it with libyaml into the private
 * tree (ytree.c), each YAML document as a rule or {rules: [...]}, and each
 * rule's id, control, severity, texts, references and targets.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "catalog.h"
#include "diag.h"
#include "rules/load_internal.h"
#include "ts/lang.h"
#include "ts/query.h"
#include "util/alloc.h"
#include "util/fs.h"

/* --------------------------------------------------------------- rules --- */

static const char *const RULE_KEYS[] = {"id", "control", "severity", "title", "message",
                                        "remediation", "references", "targets", "check",
                                        "params", NULL};
static const char *const PLACEHOLDERS[] = {"actual", "expected", "path", "resource", "expr",
                                           NULL};

static bool compile_text(loader *L, const lfile *f, const ynode *rule, const char *key,
                         bool required, kr_text *out)
{
    const ynode *v = kr_load__map_get(rule, key);
    if (!v) {
        if (!required) return true;
        kr_load__err_node(L, f, rule, "rule has no '%s' (with en and ja)", key);
        return false;
    }
    if (v->kind != Y_MAP) {
        kr_load__err_node(L, f, v, "'%s' must be a map with en and ja, not %s", key, kr_load__kind_name(v));
        return false;
    }
    static const char *const K[] = {"en", "ja", NULL};
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    bool ok = kr_load__check_keys(L, f, v, K, what);
    for (size_t i = 0; i < 2; i++) {
        const ynode *s = kr_load__map_get(v, K[i]);
        char name[64];
        snprintf(name, sizeof name, "%s.%s", key, K[i]);
        if (!s) {
            kr_load__err_node(L, f, v, "'%s' has no '%s'", key, K[i]);
            ok = false;
            continue;
        }
        if (!kr_load__want_string(L, f, s, name)) {
            ok = false;
            continue;
        }
        const char *et = kr_load__expand(L, f, s, false); /* {param:NAME} placeholders */
        if (!et) {
            ok = false;
            continue;
        }
        char *text = kr_arena_strdup(L->rs->arena, et);
        if (i == 0)
            out->en = text;
        else
            out->ja = text;
    }
    return ok;
}

/* Reports {name} placeholders that are not one of PLACEHOLDERS. Braces that do
 * not enclose an identifier are literal text. */
static bool check_placeholders(loader *L, const lfile *f, const ynode *s)
{
    bool ok = true;
    for (size_t i = 0; i < s->len; i++) {
        if (s->text[i] != '{') continue;
        size_t j = i + 1;
        while (j < s->len && (s->text[j] == '_' || (s->text[j] >= 'a' && s->text[j] <= 'z') ||
                              (s->text[j] >= 'A' && s->text[j] <= 'Z') ||
                              (j > i + 1 && s->text[j] >= '0' && s->text[j] <= '9')))
            j++;
        if (j == i + 1 || j >= s->len || s->text[j] != '}') continue;
        char name[64];
        size_t nl = j - i - 1;
        if (nl >= sizeof name) nl = sizeof name - 1;
        memcpy(name, s->text + i + 1, nl);
        name[nl] = '\0';
        if (!kr_load__in_list(name, PLACEHOLDERS)) {
            char h[96];
            const char *m = kr_load__did_you_mean(name, PLACEHOLDERS);
            if (m)
                snprintf(h, sizeof h, " (did you mean '{%s}'?)", m);
            else
                snprintf(h, sizeof h, "; use {actual} {expected} {path} {resource} {expr}");
            kr_span sp = kr_load__text_pos(s, i);
            kr_load__err_at(L, f, &sp, "unknown placeholder '{%s}' in message%s", name, h);
            ok = false;
        }
        i = j;
    }
    return ok;
}

static bool id_syntax_ok(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

static void compile_rule(loader *L, const lfile *f, const ynode *m)
{
    kr_arena *A = L->rs->arena;
    size_t errors_before = L->nerrors;
    if (m->kind != Y_MAP) {
        kr_load__err_node(L, f, m, "a rule must be a map, not %s", kr_load__kind_name(m));
        return;
    }
    kr_load__check_keys(L, f, m, RULE_KEYS, "rule");
    kr_rule *r = kr_arena_alloc(A, sizeof(*r));
    r->file = kr_arena_strdup(A, f->path);
    r->src = m->span;

    const ynode *id = kr_load__map_get(m, "id");
    const ynode *idv = NULL;
    if (!id)
        kr_load__err_node(L, f, m, "rule has no 'id'");
    else if ((idv = kr_load__want_string(L, f, id, "id")) != NULL) {
        if (!id_syntax_ok(idv->text)) {
            kr_load__err_node(L, f, idv, "id '%s' must be made of A-Z, 0-9 and '-'", idv->text);
            idv = NULL;
        } else {
            r->id = kr_load__keep(L, idv->text, idv->len);
        }
    }

    L->rule_id = r->id;
    L->rule_params = kr_load__map_get(m, "params");
    if (L->rule_params) kr_load__compile_rule_params(L, f, L->rule_params);

    const ynode *ctl = kr_load__map_get(m, "control");
    if (!ctl)
        kr_load__err_node(L, f, m, "rule has no 'control'");
    else if (kr_load__want_string(L, f, ctl, "control")) {
        if (!kr_load__control_syntax_ok(ctl->text, ctl->len) && kr_catalog_own_id_ok(ctl->text, ctl->len))
            /* an own control (.krewlint.yml controls:), checked by the engine,
             * which has the configuration */
            r->control = kr_load__keep(L, ctl->text, ctl->len);
        else if (!kr_load__control_syntax_ok(ctl->text, ctl->len))
            kr_load__err_node(L, f, ctl, "control '%s' must be a checksheet item like 6-8 or 2-1-1, "
                              "or an own control of .krewlint.yml like ACME-1", ctl->text);
        else if (L->has_catalog && !kr_load__catalog_has(L, ctl->text))
            kr_load__err_node(L, f, ctl, "control '%s' is not an item of the checksheet catalog",
                              ctl->text);
        else
            r->control = kr_load__keep(L, ctl->text, ctl->len);
    }

    const ynode *sev = kr_load__map_get(m, "severity");
    if (!sev)
        kr_load__err_node(L, f, m, "rule has no 'severity'");
    else if (kr_load__want_string(L, f, sev, "severity")) {
        if (kr_severity_parse(&r->severity, sev->text) != 0)
            kr_load__err_node(L, f, sev, "severity '%s' must be error, warning or note", sev->text);
    }

    compile_text(L, f, m, "title", true, &r->title);
    if (compile_text(L, f, m, "message", true, &r->message)) {
        const ynode *msg = kr_load__map_get(m, "message");
        check_placeholders(L, f, kr_load__map_get(msg, "en"));
        check_placeholders(L, f, kr_load__map_get(msg, "ja"));
    }
    compile_text(L, f, m, "remediation", false, &r->remediation);

    const ynode *refs = kr_load__map_get(m, "references");
    if (refs) {
        if (refs->kind != Y_SEQ) {
            kr_load__err_node(L, f, refs, "'references' must be a list of strings, not %s",
                              kr_load__kind_name(refs));
        } else {
            r->references = kr_arena_alloc(A, (refs->nkids ? refs->nkids : 1) * sizeof(char *));
            for (size_t i = 0; i < refs->nkids; i++)
                if (kr_load__want_string(L, f, refs->kids[i], "reference"))
                    r->references[r->nreferences++] = kr_load__keep(L, refs->kids[i]->text,
                                                                    refs->kids[i]->len);
        }
    }

    const ynode *chk = kr_load__map_get(m, "check");
    kr_cond *rule_check = chk ? kr_load__compile_cond(L, f, chk, 0) : NULL;

    const ynode *tg = kr_load__map_get(m, "targets");
    if (!tg) {
        kr_load__err_node(L, f, m, "rule has no 'targets'");
    } else if (tg->kind != Y_SEQ || tg->nkids == 0) {
        kr_load__err_node(L, f, tg, "'targets' must be a non-empty list");
    } else {
        r->targets = kr_arena_alloc(A, tg->nkids * sizeof(kr_target));
        for (size_t i = 0; i < tg->nkids; i++)
            if (!kr_load__optional_target_off(L, tg->kids[i]))
                kr_load__compile_target(L, f, tg->kids[i], &r->targets[r->ntargets++], rule_check,
                                        chk != NULL);
    }

    /* A rule with errors is left out of the ruleset, so its queries would not
     * reach the merged per-language build: compile them alone now, so that
     * their errors are reported with the rest. */
    if (L->nerrors != errors_before || f->tainted) {
        for (size_t i = 0; i < r->ntargets; i++) {
            const kr_source_spec *sp = r->targets[i].source;
            if (r->targets[i].kind != KR_TGT_SOURCE || !sp || !sp->query || !sp->capture) continue;
            kr_ts_compare c = {sp->cmp_capture, sp->cmp_op, sp->cmp_type, sp->cmp_unit, sp->cmp_value};
            kr_ts_part part = {sp->query, sp->query_len, sp->capture,
                               sp->cmp_capture && sp->cmp_value ? &c : NULL,
                               {f->path, f->data, f->len, sp->query_src}, NULL};
            for (int l = KR_TS_JAVASCRIPT; l < KR_TS_NLANGS; l++) {
                if (!(sp->langs & (1u << l))) continue;
                size_t before = L->diags->len;
                kr_ts_query *tq = NULL;
                if (kr_ts_query_build(&tq, (kr_ts_lang)l, &part, 1, L->diags) != 0)
                    L->nerrors += L->diags->len > before ? L->diags->len - before : 1;
                kr_ts_query_free(tq);
            }
        }
    }

    seen_id s;
    if (idv) {
        s.id = r->id;
        s.file = r->file;
        s.span = idv->span;
        s.order = L->ids.len;
        s.rule = L->nerrors == errors_before && !f->tainted ? r : NULL;
        kr_array_push(&L->ids, s);
    }
}

/* One YAML document of a rule file: a rule, or {rules: [...]}. */
static void compile_document(loader *L, lfile *f, const ynode *root)
{
    if (root->kind == Y_SCALAR && kr_load__scalar_type(root) == S_NULL) return; /* empty document */
    if (root->kind != Y_MAP) {
        kr_load__err_node(L, f, root, "a rule file holds a rule (a map with id) or rules: [...], not %s",
                          kr_load__kind_name(root));
        return;
    }
    const ynode *list = kr_load__map_get(root, "rules");
    if (list && !kr_load__map_get(root, "id")) {
        static const char *const K[] = {"rules", NULL};
        kr_load__check_keys(L, f, root, K, "rule file");
        if (list->kind != Y_SEQ) {
            kr_load__err_node(L, f, list, "'rules' must be a list of rules, not %s", kr_load__kind_name(list));
            return;
        }
        if (list->nkids > RULE_MAX_RULES - f->nrules) {
            kr_load__err_node(L, f, list, "more than %u rules in one rule file (the cap per rule file); split them into several files",
                              RULE_MAX_RULES);
            return;
        }
        f->nrules += list->nkids;
        for (size_t i = 0; i < list->nkids; i++) compile_rule(L, f, list->kids[i]);
        return;
    }
    if (f->nrules >= RULE_MAX_RULES) {
        kr_load__err_node(L, f, root, "more than %u rules in one rule file (the cap per rule file); split them into several files",
                          RULE_MAX_RULES);
        return;
    }
    f->nrules++;
    compile_rule(L, f, root);
}

void kr_load__load_file(loader *L, const char *path)
{
    lfile f;
    memset(&f, 0, sizeof f);
    f.path = path;
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    int rc = kr_fs_read(&data, &len, path, &why);
    if (rc != 0) {
        kr_diags_add(L->diags, KR_SEV_ERROR, path, NULL, "io-error", "cannot read the rule file: %s",
                     rc == KR_ELIMIT ? "file too large" : (why ? why : "read error"));
        L->nerrors++;
        return;
    }
    f.data = data;
    f.len = len;
    kr_load__build_lines(&f);
    f.arena = kr_arena_new();
    yaml_parser_initialize(&f.parser);
    yaml_parser_set_input_string(&f.parser, (const unsigned char *)data, len);
    yaml_event_t ev;
    bool done = false, broken = false;
    size_t ndocs = 0;
    while (!done) {
        if (!yaml_parser_parse(&f.parser, &ev)) {
            kr_load__yaml_problem(L, &f);
            broken = true;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_ALIAS_EVENT: {
            ynode *root = kr_load__build_node(L, &f, &ev, 0);
            ndocs++;
            if (!root)
                done = true; /* the parser's state is unusable after an error */
            else
                compile_document(L, &f, root);
            f.tainted = false;
            f.anchors.len = 0; /* anchors do not cross documents */
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&f.parser);
    /* An empty rule file (or only comments) would load nothing without a
     * word: a rule pack whose files were truncated must not pass as clean. */
    if (!broken && ndocs == 0) {
        kr_diags_add(L->diags, KR_SEV_ERROR, path, NULL, CODE,
                     "the rule file holds no rule (it is empty or only comments)");
        L->nerrors++;
    }
    kr_array_dispose(&f.anchors);
    kr_arena_free(f.arena);
    free(f.lines);
    free(data);
}
