/* cmd_scan.c - `krewlint [OPTIONS] [PATH...]` and `krewlint baseline`:
 * the engine's scan, then one report per --format (or the listings).
 *
 * Exit status:
 *   0  no findings at or above --fail-on (default: note, i.e. any finding)
 *      and no diagnostics; always 0 with --exit-zero unless there was trouble
 *   1  such a finding, or a diagnostic about an input (unreadable, unparsable)
 *   2  usage error, invalid rule files, unwritable output, internal error
 *
 * Several reports from one scan: every --format starts a report, and an
 * --output after it says where that report goes (standard output otherwise):
 *   krewlint --format sarif --output results.sarif --format text
 *
 * After a scan one line goes to stderr, always in this form (a count of 1
 * takes the singular: "1 finding (1 error, 0 warnings, 0 notes) in 1 file"):
 *   krewlint: N findings (E errors, W warnings, N notes) in F files[, D diagnostics]
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "" for 1, else "s" (English counts). */
#define PLURAL(n) ((n) == 1 ? "" : "s")

/* Suppressed findings are not in N; they and the findings a baseline
 * accepted are added at the end when there are any. */
/* The reasons of kr_skip_reason in Japanese (kr_skip_reason_name: English). */
static const char *skip_reason_ja(kr_skip_reason r)
{
    switch (r) {
    case KR_SKIP_FORMAT: return "krewlint が読まない形式";
    case KR_SKIP_OWN: return "krewlint 自身のファイル";
    case KR_SKIP_EXCLUDED: return "除外";
    case KR_SKIP_LINKED_DIR: return "リンクされたフォルダー";
    case KR_SKIP_LINK_OUTSIDE: return "対象外へのリンク";
    case KR_SKIP_BROKEN_LINK: return "壊れたリンク";
    case KR_SKIP_NOT_REGULAR: return "FIFO・デバイス・ソケット";
    case KR_SKIP_HELM: return "Helm チャートのテンプレート";
    case KR_SKIP_N: break;
    }
    return "?";
}

/* Suppressed findings are not in N; they and the findings a baseline
 * accepted are added at the end when there are any. Under --lang ja the
 * line is in Japanese (counts need no plural there). */
void kr_cli_print_summary(const kr_result *res, size_t baselined, const kr_engine_options *eo,
                          kr_lang lang)
{
    kr_summary s;
    kr_summary_compute(&s, res);
    size_t n = res->findings.len - s.suppressed;
    bool ja = lang == KR_LANG_JA;
    if (ja)
        fprintf(stderr, "krewlint: 検出 %zu 件（エラー %zu、警告 %zu、注意 %zu）、ファイル %zu 件", n, s.errors,
                s.warnings, s.notes, s.files);
    else
        fprintf(stderr, "krewlint: %zu finding%s (%zu error%s, %zu warning%s, %zu note%s) in %zu file%s",
                n, PLURAL(n), s.errors, PLURAL(s.errors), s.warnings, PLURAL(s.warnings), s.notes,
                PLURAL(s.notes), s.files, PLURAL(s.files));
    if (s.diagnostics) {
        if (ja) fprintf(stderr, "、診断 %zu 件", s.diagnostics);
        else fprintf(stderr, ", %zu diagnostic%s", s.diagnostics, PLURAL(s.diagnostics));
    }
    if (s.suppressed) fprintf(stderr, ja ? "、抑制 %zu 件" : ", %zu suppressed", s.suppressed);
    if (baselined) fprintf(stderr, ja ? "、ベースライン %zu 件" : ", %zu in the baseline", baselined);
    /* what was not read, and why (kr_skip_reason) */
    if (res->files_skipped) {
        fprintf(stderr, ja ? "。スキップ %zu 件（" : "; %zu skipped (", res->files_skipped);
        const char *sep = "";
        for (int r = 0; r < KR_SKIP_N; r++) {
            if (!res->skipped[r])
                continue;
            if (ja)
                fprintf(stderr, "%s%s %zu 件", sep, skip_reason_ja((kr_skip_reason)r), res->skipped[r]);
            else
                fprintf(stderr, "%s%zu %s", sep, res->skipped[r], kr_skip_reason_name((kr_skip_reason)r));
            sep = ja ? "、" : ", ";
        }
        fputs(ja ? "）" : ")", stderr);
    }
    fputc('\n', stderr);
    /* an empty scan says what it looked at (issue 15) */
    if (eo && s.files == 0 && res->findings.len == 0) {
        if (eo->files_from || eo->changed_since) {
            if (ja)
                fprintf(stderr, "krewlint: %sファイルに krewlint が読むものはありません\n",
                        eo->files_from ? "指定された" : "変更された");
            else
                fprintf(stderr, "krewlint: none of the %s files is one krewlint reads\n",
                        eo->files_from ? "listed" : "changed");
        } else {
            fputs(ja ? "krewlint: krewlint が読むファイルがありません: " : "krewlint: no files krewlint reads under ",
                  stderr);
            for (size_t i = 0; i < eo->npaths; i++)
                fprintf(stderr, "%s%s", i ? ", " : "", eo->paths[i]);
            if (eo->npaths == 0) fputc('.', stderr);
            fputs(ja ? "（Terraform、CloudFormation、Kubernetes、serverless.yml、プラン、ソースコード。--list-rules を参照）\n"
                     : " (Terraform, CloudFormation, Kubernetes, serverless.yml, plans, source code; "
                       "see --list-rules)\n",
                  stderr);
        }
    }
}

/* --list-rules: id, control, severity, title, formats and targets,
 * tab-separated, or JSON with --format json (kr_report_rules). */
static int list_rules(const kr_cli *c, const kr_engine *e)
{
    const char *fmt = c->reports[0].format;
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (fmt && !json && strcmp(fmt, "text") != 0) {
        fprintf(stderr, "krewlint: --list-rules prints text or json, not %s\n", fmt);
        return KR_EXIT_TROUBLE;
    }
    FILE *out = kr_cli_open_output(c->reports[0].output);
    if (!out)
        return KR_EXIT_TROUBLE;
    int rc = kr_report_rules(out, kr_engine_rules(e), kr_engine_lang(e), json);
    int closed = kr_cli_close_output(out);
    return rc == 0 && closed == 0 ? KR_EXIT_CLEAN : KR_EXIT_TROUBLE;
}

/* --list-controls: the catalog.tsv of the first --rules folder that has
 * one, else of the bundled pack, one item per line. */
static int list_controls(const kr_cli *c, const kr_engine *e)
{
    kr_catalog cat;
    kr_catalog_init(&cat);
    kr_diags d;
    kr_diags_init(&d);
    char *path = NULL, *bundled = NULL;
    int status = KR_EXIT_TROUBLE;
    for (size_t i = 0; i < c->engine.nrules_dirs && !path; i++) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", c->rules_dirs[i]);
        if (access(kr_buf_cstr(&b), R_OK) == 0)
            path = kr_buf_detach(&b);
        kr_buf_dispose(&b);
    }
    if (!path && (bundled = kr_default_rules_dir(c->argv0)) != NULL) {
        kr_buf b;
        kr_buf_init(&b, 0);
        kr_buf_printf(&b, "%s/catalog.tsv", bundled);
        path = kr_buf_detach(&b);
    }
    if (!path) {
        fputs("krewlint: cannot find the checksheet catalog (catalog.tsv of the rules)\n", stderr);
        goto out;
    }
    if (kr_catalog_load(&cat, path, &d) != 0) {
        kr_diags_print(&d, stderr);
        goto out;
    }
    kr_engine_add_own_controls(e, &cat); /* .krewlint.yml controls:, after the checksheet's */
    kr_buf text;
    kr_buf_init(&text, 0);
    kr_ruletest_list_controls(&text, &cat, kr_engine_lang(e));
    FILE *out = kr_cli_open_output(c->reports[0].output);
    if (out) {
        bool ok = fwrite(kr_buf_cstr(&text), 1, text.len, out) == text.len;
        status = kr_cli_close_output(out) == 0 && ok ? KR_EXIT_CLEAN : KR_EXIT_TROUBLE;
    }
    kr_buf_dispose(&text);
out:
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
    free(path);
    free(bundled);
    return status;
}

int kr_cli_write_report(const kr_cli *c, const kr_cli_report *spec, const kr_engine *e,
                        const kr_shard_record *shard, bool partial)
{
    FILE *out = kr_cli_open_output(spec->output);
    if (!out)
        return KR_EXIT_TROUBLE;
    const char *no_color = getenv("NO_COLOR");
    bool color = false;
    if (c->color == KR_COLOR_ALWAYS)
        color = true;
    else if (c->color == KR_COLOR_AUTO)
        color = (!no_color || no_color[0] == '\0') && isatty(fileno(out));
    kr_report_options ropts = {.lang = kr_engine_lang(e), .color = color, .rules = kr_engine_rules(e),
                               .verbose = c->verbose};
    /* SARIF category: a partial scan (--changed-since) gets its own, so its
     * upload cannot make the alerts of the files it skipped look fixed. */
    ropts.sarif_category = c->sarif_category ? c->sarif_category
                           : partial         ? "krewlint-changed-since"
                                             : NULL;
    ropts.shard = strcmp(spec->format, "json") == 0 ? shard : NULL;
    /* GitHub Actions: the github report appends the job summary, linking
     * findings to the scanned commit. */
    char *link_base = NULL;
    if (strcmp(spec->format, "github") == 0) {
        const char *server = getenv("GITHUB_SERVER_URL"), *repo = getenv("GITHUB_REPOSITORY"),
                   *sha = getenv("GITHUB_SHA");
        ropts.step_summary = getenv("GITHUB_STEP_SUMMARY");
        if (server && server[0] && repo && repo[0] && sha && sha[0]) {
            kr_buf lb;
            kr_buf_init(&lb, 0);
            kr_buf_printf(&lb, "%s/%s/blob/%s/", server, repo, sha);
            link_base = kr_buf_detach(&lb);
            ropts.summary_link_base = link_base;
        }
    }
    const kr_report_format *fmt = kr_report_format_find(spec->format);
    kr_engine_view view;
    kr_engine_view_init(&view, e, fmt->shows_suppressed);
    int rc = fmt->write(out, &view.result, &ropts);
    kr_engine_view_dispose(&view);
    free(link_base);
    if (kr_cli_close_output(out) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "krewlint: cannot write the %s report to %s\n", spec->format,
                out != stdout ? spec->output : "standard output");
        return KR_EXIT_TROUBLE;
    }
    return 0;
}

/* --list-shards N: the units and the shard each goes to (text, or JSON with
 * --format json), to --output. */
static int list_shards(const kr_cli *c, const kr_shard_plan *plan)
{
    const char *fmt = c->reports[0].format;
    bool json = fmt && strcmp(fmt, "json") == 0;
    if (fmt && !json && strcmp(fmt, "text") != 0) {
        fprintf(stderr, "krewlint: --list-shards prints text or json, not %s\n", fmt);
        return KR_EXIT_TROUBLE;
    }
    FILE *out = kr_cli_open_output(c->reports[0].output);
    if (!out)
        return KR_EXIT_TROUBLE;
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_shard_plan_print(&b, plan, json);
    bool ok = fwrite(kr_buf_cstr(&b), 1, b.len, out) == b.len;
    kr_buf_dispose(&b);
    int closed = kr_cli_close_output(out);
    return ok && closed == 0 ? KR_EXIT_CLEAN : KR_EXIT_TROUBLE;
}

/* What this shard's JSON report records for krewlint merge. */
static void shard_record(kr_shard_record *rec, const kr_cli *c, const kr_engine *e,
                         const kr_shard_plan *plan)
{
    memset(rec, 0, sizeof *rec);
    rec->spec.index = c->engine.scan.shard_index;
    rec->spec.count = c->engine.scan.shard_count;
    rec->version = KREWLINT_VERSION;
    rec->rules_digest = kr_shard_rules_digest(kr_engine_rules(e));
    rec->config_digest = kr_engine_config_digest(e);
    rec->units_digest = plan->digest;
    for (size_t u = 0; u < plan->len; u++)
        rec->units += plan->units[u].shard == rec->spec.index;
    const kr_engine_options *o = kr_engine_options_of(e);
    rec->policy.lang = kr_engine_lang(e);
    rec->policy.fail_on = (int)kr_engine_config(e)->fail_on;
    rec->policy.fail_on_unknown = o->fail_on_unknown;
    rec->policy.exit_zero = o->exit_zero;
    rec->policy.changed_since = o->changed_since != NULL;
    rec->result = kr_engine_result(e);
    rec->baselined = kr_engine_baselined(e);
    rec->disabled = kr_engine_disabled(e);
    rec->nbaselined = kr_engine_baselined_count(e);
}

int kr_cmd_scan(int argc, char **argv, const char *argv0, bool write_baseline)
{
    kr_cli c = {.cmd = write_baseline ? KR_CMD_BASELINE : KR_CMD_SCAN, .argv0 = argv0};
    kr_engine *e = NULL;
    kr_shard_plan plan;
    kr_shard_plan_init(&plan);
    int status = kr_cli_parse(&c, argc, argv);
    if (status >= 0)
        goto out;
    if (c.engine.changed_lines_only && !c.engine.changed_since) {
        status = kr_cli_usage_error("--changed-lines-only needs --changed-since REF");
        goto out;
    }
    c.engine.write_baseline = write_baseline;
    /* --shard / --list-shards (src/shard.h): the unit list comes back here */
    if (c.engine.scan.shard_count || c.list_shards) {
        if (write_baseline) {
            status = kr_cli_usage_error("krewlint baseline takes no --shard or --list-shards");
            goto out;
        }
        c.engine.scan.shard_plan = &plan;
        c.engine.scan.plan_only = c.list_shards != 0;
        if (c.list_shards)
            c.engine.scan.shard_count = c.list_shards, c.engine.scan.shard_index = 0;
        /* a shard records coverage and the findings set apart (the merged
         * checksheet); stale baseline notes would name entries other shards
         * match */
        c.engine.record_coverage = true;
        c.engine.keep_adopted = true;
        c.engine.quiet = true;
    }
    e = kr_engine_new(&c.engine);
    if ((status = kr_engine_load(e)) != 0)
        goto out;
    if ((c.list_rules || c.list_controls) && (status = kr_engine_prepare_sources(e)) != 0)
        goto out;
    if (c.print_config) {
        status = kr_engine_print_config(e, stdout);
        goto out;
    }
    if (c.list_controls) {
        status = list_controls(&c, e);
        goto out;
    }
    if (c.list_rules) {
        status = list_rules(&c, e);
        goto out;
    }
    if ((status = kr_engine_scan(e)) != 0)
        goto out;
    if (write_baseline) {
        status = kr_engine_write_baseline(e);
        goto out;
    }
    if (c.list_shards) {
        status = list_shards(&c, &plan);
        goto out;
    }
    status = kr_engine_status(e);
    kr_shard_record rec;
    if (c.engine.scan.shard_count)
        shard_record(&rec, &c, e, &plan);
    for (size_t i = 0; i < c.nreports; i++)
        if (kr_cli_write_report(&c, &c.reports[i], e, c.engine.scan.shard_count ? &rec : NULL,
                                c.engine.changed_since != NULL) != 0)
            status = KR_EXIT_TROUBLE;
    if (!c.quiet_summary)
        kr_cli_print_summary(kr_engine_result(e), kr_engine_baselined_count(e), &c.engine, kr_engine_lang(e));

out:
    kr_engine_free(e);
    kr_shard_plan_dispose(&plan);
    kr_cli_dispose(&c);
    return status;
}
