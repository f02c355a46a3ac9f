/* gen_rule_docs.c - writes docs/rules/<ID>.md, one page per rule of a rule
 * pack (English, then Japanese under the "ja" anchor), and docs/rules/README.md,
 * the index. The SARIF writer's helpUri and help.markdown and the GitHub job
 * summary link these pages (report.h, KR_REPORT_RULE_DOCS_URI).
 *
 *   gen_rule_docs RULES_DIR OUT_DIR          write the pages (and remove pages of
 *                                            rules that no longer exist)
 *   gen_rule_docs --check RULES_DIR OUT_DIR  exit 1 and name every page that is
 *                                            stale, missing or left over
 *
 * Run it from the repository root with "rules docs/rules" so the pages link
 * the rule files by their repository path. ctest runs --check (docs.rules).
 * Everything a page says comes from the rule file: id, checksheet item,
 * severity, title, message template, remediation, what it applies to (the
 * targets), references.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "rules/rule.h"
#include "ts/lang.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"

#define INDEX_NAME "README.md"

/* Markdown text: the punctuation that could become markup is escaped. */
static void put_md(kr_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]<>#|~!", *s)) kr_buf_putc(b, '\\');
        kr_buf_putc(b, *s == '\n' ? ' ' : *s);
    }
}

/* Inline code: backticks cannot occur in the names used here; a `|` would
 * end a table cell, so it is escaped. */
static void put_code(kr_buf *b, const char *s)
{
    kr_buf_putc(b, '`');
    for (; s && *s; s++) {
        if (*s == '|') kr_buf_putc(b, '\\');
        kr_buf_putc(b, *s == '`' ? '\'' : *s);
    }
    kr_buf_putc(b, '`');
}

/* What one target applies to, in lang. */
static void put_target(kr_buf *b, const kr_target *t, kr_lang lang)
{
    bool ja = lang == KR_LANG_JA;
    switch (t->kind) {
    case KR_TGT_TF_RESOURCE: kr_buf_puts(b, ja ? "Terraform リソース " : "Terraform resource "); put_code(b, t->name); break;
    case KR_TGT_TF_DATA: kr_buf_puts(b, ja ? "Terraform データソース " : "Terraform data source "); put_code(b, t->name); break;
    case KR_TGT_TF_PROVIDER: kr_buf_puts(b, ja ? "Terraform プロバイダー " : "Terraform provider "); put_code(b, t->name); break;
    case KR_TGT_TF_BLOCK: kr_buf_puts(b, ja ? "Terraform ブロック " : "Terraform block "); put_code(b, t->name); break;
    case KR_TGT_CFN_RESOURCE: kr_buf_puts(b, ja ? "CloudFormation リソース " : "CloudFormation resource "); put_code(b, t->name); break;
    case KR_TGT_CFN_TEMPLATE: kr_buf_puts(b, ja ? "CloudFormation テンプレート全体" : "CloudFormation templates"); break;
    case KR_TGT_K8S_KIND: kr_buf_puts(b, "Kubernetes "); put_code(b, t->name); break;
    case KR_TGT_SERVERLESS: kr_buf_puts(b, "serverless.yml"); break;
    case KR_TGT_CONFIG: kr_buf_puts(b, ja ? "設定ファイル " : "configuration files "); put_code(b, t->files ? t->files : "*"); break;
    case KR_TGT_SOURCE: {
        kr_buf_puts(b, ja ? "ソースコード（" : "source code (");
        bool first = true;
        for (int l = KR_TS_NONE + 1; l < KR_TS_NLANGS; l++) {
            if (!t->source || !(t->source->langs & (1u << l))) continue;
            kr_buf_puts(b, first ? "" : ", ");
            kr_buf_puts(b, kr_ts_lang_name((kr_ts_lang)l));
            first = false;
        }
        kr_buf_puts(b, ja ? "）" : ")");
        break;
    }
    }
}

/* "; "-joined distinct targets. */
static void put_targets(kr_buf *b, const kr_rule *r, kr_lang lang)
{
    kr_buf seen;
    kr_buf_init(&seen, 0);
    kr_buf_putc(&seen, '\n');
    size_t n = 0;
    for (size_t i = 0; i < r->ntargets; i++) {
        kr_buf one;
        kr_buf_init(&one, 0);
        put_target(&one, &r->targets[i], lang);
        kr_buf_putc(&one, '\n');
        if (!strstr(kr_buf_cstr(&seen), kr_buf_cstr(&one))) {
            kr_buf_puts(&seen, kr_buf_cstr(&one));
            if (n++) kr_buf_puts(b, "; ");
            kr_buf_put(b, one.ptr, one.len - 1);
        }
        kr_buf_dispose(&one);
    }
    kr_buf_dispose(&seen);
}

static void put_half(kr_buf *b, const kr_rule *r, kr_lang lang, const char *file_link)
{
    bool ja = lang == KR_LANG_JA;
    const char *title = kr_text_get(&r->title, lang);
    kr_buf_printf(b, "<a id=\"%s\"></a>\n\n## %s\n\n", ja ? "ja" : "en", ja ? "日本語" : "English");
    kr_buf_puts(b, "**");
    put_md(b, title && title[0] ? title : r->id);
    kr_buf_puts(b, "**\n\n");
    kr_buf_puts(b, ja ? "| 項目 | 内容 |\n|---|---|\n" : "| | |\n|---|---|\n");
    kr_buf_printf(b, "| %s | %s |\n", ja ? "ルール ID" : "Rule id", r->id);
    kr_buf_printf(b, "| %s | %s |\n", ja ? "チェックシート項目" : "Checksheet item", r->control ? r->control : "-");
    static const char *const ja_sev[] = {"注意 (note)", "警告 (warning)", "エラー (error)"};
    kr_buf_printf(b, "| %s | %s |\n", ja ? "重大度" : "Severity",
                  ja && (int)r->severity >= KR_SEV_NOTE && r->severity <= KR_SEV_ERROR ? ja_sev[r->severity]
                                                                                       : kr_severity_name(r->severity));
    kr_buf_printf(b, "| %s | ", ja ? "対象" : "Applies to");
    put_targets(b, r, lang);
    kr_buf_printf(b, " |\n| %s | [%s](%s) |\n\n", ja ? "ルールファイル" : "Rule file", file_link + 6, file_link);
    const char *msg = kr_text_get(&r->message, lang);
    if (msg && msg[0]) {
        kr_buf_puts(b, ja ? "**指摘の文面:** " : "**Finding:** ");
        put_md(b, msg);
        kr_buf_puts(b, "\n\n");
    }
    const char *fix = kr_text_get(&r->remediation, lang);
    if (fix && fix[0]) {
        kr_buf_puts(b, ja ? "**直し方:** " : "**How to fix:** ");
        put_md(b, fix);
        kr_buf_puts(b, "\n\n");
    }
    if (r->nreferences) {
        kr_buf_puts(b, ja ? "**参考:**\n\n" : "**References:**\n\n");
        for (size_t i = 0; i < r->nreferences; i++) {
            kr_buf_puts(b, "- <");
            kr_buf_puts(b, r->references[i] ? r->references[i] : "");
            kr_buf_puts(b, ">\n");
        }
        kr_buf_putc(b, '\n');
    }
    kr_buf_puts(b, ja ? "**抑止:** " : "**Suppressing it:** ");
    kr_buf_printf(b, "`# krewlint:ignore %s reason=\"...\"`%s\n\n", r->id,
                  ja ? "（対象の行の上か行末。理由は必須。README の \"Adopting it on a repository\" を参照）"
                     : " above the line or at its end (a reason is required; see the README, \"Adopting it on a "
                       "repository\")");
}

static void page(kr_buf *b, const kr_rule *r)
{
    /* "../../" + the rule file's repository path (the generator runs from the root) */
    kr_buf link;
    kr_buf_init(&link, 0);
    const char *f = r->file ? r->file : "";
    while (f[0] == '.' && f[1] == '/') f += 2;
    kr_buf_printf(&link, "../../%s", f);
    kr_buf_printf(b, "# %s\n\n", r->id);
    kr_buf_puts(b, "<!-- Generated by tools/gen_rule_docs.c from the rule file; do not edit. -->\n\n");
    kr_buf_puts(b, "[English](#en) | [日本語](#ja)\n\n");
    put_half(b, r, KR_LANG_EN, kr_buf_cstr(&link));
    put_half(b, r, KR_LANG_JA, kr_buf_cstr(&link));
    kr_buf_dispose(&link);
}

static void index_page(kr_buf *b, const kr_ruleset *rules)
{
    kr_buf_puts(b, "# Rules\n\n<!-- Generated by tools/gen_rule_docs.c; do not edit. -->\n\n");
    kr_buf_puts(b, "| Rule | Checksheet item | Severity | Title | タイトル |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        kr_buf_printf(b, "| [%s](%s.md) | %s | %s | ", r->id, r->id, r->control ? r->control : "-",
                      kr_severity_name(r->severity));
        put_md(b, kr_text_get(&r->title, KR_LANG_EN));
        kr_buf_puts(b, " | ");
        put_md(b, kr_text_get(&r->title, KR_LANG_JA));
        kr_buf_puts(b, " |\n");
    }
}

/* Writes or checks one file; returns 1 when (check) it differs. */
static int emit(const char *dir, const char *name, const kr_buf *text, bool check)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (check) {
        char *old = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&old, &len, path, &err) != 0) {
            printf("missing: %s\n", path);
            return 1;
        }
        int differs = len != text->len || memcmp(old, text->ptr, len) != 0;
        free(old);
        if (differs) printf("stale: %s\n", path);
        return differs;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text->ptr, 1, text->len, f) != text->len || fclose(f) != 0) {
        fprintf(stderr, "gen_rule_docs: cannot write %s\n", path);
        exit(2);
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool check = argc > 1 && strcmp(argv[1], "--check") == 0;
    if (argc != (check ? 4 : 3)) {
        fputs("usage: gen_rule_docs [--check] RULES_DIR OUT_DIR\n", stderr);
        return 2;
    }
    const char *dirs[1] = {argv[check ? 2 : 1]};
    const char *out = argv[check ? 3 : 2];
    kr_ruleset *rules = NULL;
    kr_diags d;
    kr_diags_init(&d);
    if (kr_ruleset_load(&rules, dirs, 1, &d) != 0) {
        kr_diags_print(&d, stderr);
        return 2;
    }
    kr_diags_dispose(&d);
    int bad = 0;
    kr_buf b;
    kr_buf_init(&b, 0);
    for (size_t i = 0; i < kr_ruleset_count(rules); i++) {
        const kr_rule *r = kr_ruleset_get(rules, i);
        char name[512];
        kr_buf_clear(&b);
        page(&b, r);
        snprintf(name, sizeof name, "%s.md", r->id);
        bad += emit(out, name, &b, check);
    }
    kr_buf_clear(&b);
    index_page(&b, rules);
    bad += emit(out, INDEX_NAME, &b, check);
    /* pages of rules that are gone */
    DIR *dh = opendir(out);
    struct dirent *e;
    while (dh && (e = readdir(dh)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0 || strcmp(e->d_name, INDEX_NAME) == 0) continue;
        char id[512];
        snprintf(id, sizeof id, "%.*s", (int)(n - 3), e->d_name);
        if (kr_ruleset_find(rules, id)) continue;
        if (check) {
            printf("left over: %s/%s\n", out, e->d_name);
            bad++;
        } else {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", out, e->d_name);
            remove(path);
        }
    }
    if (dh) closedir(dh);
    kr_buf_dispose(&b);
    kr_ruleset_free(rules);
    if (check && bad)
        printf("%d rule page(s) out of date: run `build/gen_rule_docs rules docs/rules` from the repository root\n", bad);
    return check && bad ? 1 : 0;
}
