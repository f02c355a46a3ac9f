/* rules_list.c - `krewlint --list-rules`: every loaded rule with the formats
 * and resource types it targets, as text (one tab-separated line per rule) or
 * as JSON (see report.h, kr_report_rules). */
#include "report/report.h"

#include <string.h>

#include "ts/lang.h"
#include "util/buf.h"
#include "util/escape.h"

/* The format a target belongs to, as rule files write it. */
static const char *target_format(const kr_target *t)
{
    switch (t->kind) {
    case KR_TGT_TF_RESOURCE:
    case KR_TGT_TF_DATA:
    case KR_TGT_TF_PROVIDER:
    case KR_TGT_TF_BLOCK: return "terraform";
    case KR_TGT_CFN_RESOURCE:
    case KR_TGT_CFN_TEMPLATE: return "cloudformation";
    case KR_TGT_K8S_KIND: return "kubernetes";
    case KR_TGT_SERVERLESS: return "serverless";
    case KR_TGT_CONFIG: return "config";
    case KR_TGT_SOURCE: return "source";
    }
    return "unknown";
}

/* The target's selector key as a rule file writes it (resource, data, ...). */
static const char *target_key(const kr_target *t)
{
    switch (t->kind) {
    case KR_TGT_TF_RESOURCE: return "resource";
    case KR_TGT_TF_DATA: return "data";
    case KR_TGT_TF_PROVIDER: return "provider";
    case KR_TGT_TF_BLOCK: return "block";
    case KR_TGT_CFN_RESOURCE: return "type";
    case KR_TGT_CFN_TEMPLATE: return "template";
    case KR_TGT_K8S_KIND: return "kind";
    case KR_TGT_SERVERLESS: return "file";
    case KR_TGT_CONFIG: return "files";
    case KR_TGT_SOURCE: return "lang";
    }
    return "";
}

/* What the target selects, written into out: the resource type, kind,
 * provider or block name, the config glob, the source languages joined
 * with `sep`, or a fixed word for whole-file targets. */
static void target_name(kr_buf *out, const kr_target *t, const char *sep)
{
    if (t->kind == KR_TGT_SOURCE && t->source) {
        const char *s = "";
        for (int l = KR_TS_NONE + 1; l < KR_TS_NLANGS; l++) {
            if (t->source->langs & (1u << l)) {
                kr_buf_printf(out, "%s%s", s, kr_ts_lang_name((kr_ts_lang)l));
                s = sep;
            }
        }
    } else if (t->kind == KR_TGT_CONFIG) {
        kr_buf_puts(out, t->files ? t->files : "");
    } else if (t->kind == KR_TGT_SERVERLESS) {
        kr_buf_puts(out, "serverless.yml");
    } else if (t->kind == KR_TGT_CFN_TEMPLATE) {
        kr_buf_puts(out, "template");
    } else {
        kr_buf_puts(out, t->name ? t->name : "");
    }
}

/* True when target i of r repeats the (format, name) of an earlier one. */
static bool seen_before(const kr_rule *r, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        const kr_target *a = &r->targets[j], *b = &r->targets[i];
        if (a->kind != b->kind)
            continue;
        if (b->kind == KR_TGT_SOURCE) {
            if (a->source && b->source && a->source->langs == b->source->langs)
                return true;
            continue;
        }
        const char *x = b->kind == KR_TGT_CONFIG ? a->files : a->name;
        const char *y = b->kind == KR_TGT_CONFIG ? b->files : b->name;
        if ((!x && !y) || (x && y && strcmp(x, y) == 0))
            return true;
    }
    return false;
}

/* True when format f was already named by a target before i. */
static bool format_before(const kr_rule *r, size_t i, const char *f)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(target_format(&r->targets[j]), f) == 0)
            return true;
    return false;
}

static void write_text(kr_buf *b, const kr_rule *r, kr_lang lang)
{
    const char *title = kr_text_get(&r->title, lang);
    /* every field comes from a rule file, which a scanned repository may
     * supply: escaped as terminal text (util/escape.h) */
    const char *f4[4] = {r->id, r->control ? r->control : "", kr_severity_name(r->severity),
                         title ? title : ""};
    for (size_t k = 0; k < 4; k++) {
        kr_escape_text_field(b, f4[k], strlen(f4[k]));
        kr_buf_putc(b, '\t');
    }
    const char *sep = "";
    for (size_t i = 0; i < r->ntargets; i++) {
        const char *f = target_format(&r->targets[i]);
        if (!format_before(r, i, f)) {
            kr_buf_printf(b, "%s%s", sep, f);
            sep = ",";
        }
    }
    kr_buf_putc(b, '\t');
    sep = "";
    for (size_t i = 0; i < r->ntargets; i++) {
        if (seen_before(r, i))
            continue;
        const kr_target *t = &r->targets[i];
        kr_buf_printf(b, "%s%s:", sep, target_format(t));
        /* Terraform data sources, providers and blocks say what they are */
        if (t->kind == KR_TGT_TF_DATA || t->kind == KR_TGT_TF_PROVIDER || t->kind == KR_TGT_TF_BLOCK)
            kr_buf_printf(b, "%s.", target_key(t));
        kr_buf name;
        kr_buf_init(&name, 0);
        target_name(&name, t, "+");
        kr_escape_text_field(b, kr_buf_cstr(&name), name.len);
        kr_buf_dispose(&name);
        sep = ",";
    }
    kr_buf_putc(b, '\n');
}

static void json_str(kr_buf *b, const char *s)
{
    kr_escape_json(b, s ? s : "", s ? strlen(s) : 0);
}

static void write_json(kr_buf *b, const kr_rule *r, kr_lang lang, bool first)
{
    kr_buf_puts(b, first ? "\n    {" : ",\n    {");
    kr_buf_puts(b, "\"id\": ");
    json_str(b, r->id);
    kr_buf_puts(b, ", \"control\": ");
    json_str(b, r->control);
    kr_buf_puts(b, ", \"severity\": ");
    json_str(b, kr_severity_name(r->severity));
    kr_buf_puts(b, ", \"title\": ");
    json_str(b, kr_text_get(&r->title, lang));
    kr_buf_puts(b, ",\n      \"formats\": [");
    const char *sep = "";
    for (size_t i = 0; i < r->ntargets; i++) {
        const char *f = target_format(&r->targets[i]);
        if (!format_before(r, i, f)) {
            kr_buf_puts(b, sep);
            json_str(b, f);
            sep = ", ";
        }
    }
    kr_buf_puts(b, "],\n      \"targets\": [");
    sep = "";
    for (size_t i = 0; i < r->ntargets; i++) {
        if (seen_before(r, i))
            continue;
        const kr_target *t = &r->targets[i];
        kr_buf name;
        kr_buf_init(&name, 0);
        target_name(&name, t, ",");
        kr_buf_printf(b, "%s{\"format\": ", sep);
        json_str(b, target_format(t));
        kr_buf_puts(b, ", ");
        json_str(b, target_key(t));
        kr_buf_puts(b, ": ");
        json_str(b, kr_buf_cstr(&name));
        kr_buf_putc(b, '}');
        kr_buf_dispose(&name);
        sep = ", ";
    }
    kr_buf_puts(b, "]}");
}

int kr_report_rules(FILE *out, const kr_ruleset *rules, kr_lang lang, bool json)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    if (json)
        kr_buf_puts(&b, "{\"rules\": [");
    for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        if (json)
            write_json(&b, r, lang, i == 0);
        else
            write_text(&b, r, lang);
    }
    if (json)
        kr_buf_puts(&b, kr_ruleset_count(rules) ? "\n]}\n" : "]}\n");
    int rc = 0;
    if (b.failed)
        rc = KR_ELIMIT;
    else if ((b.len && fwrite(kr_buf_cstr(&b), 1, b.len, out) != b.len))
        rc = KR_EIO;
    kr_buf_dispose(&b);
    return rc;
}
