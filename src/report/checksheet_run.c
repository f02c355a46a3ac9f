/* checksheet_run.c - one `krewlint report` run (report.h, kr_checksheet_run):
 * catalog -> attestations -> the engine's scan (engine.h: configuration,
 * suppressions, baseline, exactly as `krewlint .`) -> rule coverage ->
 * attestation checks -> checksheet -> compare -> write. The CLI only parses
 * options and loads the engine; everything else is here so it can be tested
 * and reused.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/fs.h"

#define EXIT_CLEAN KR_EXIT_CLEAN
#define EXIT_FOUND KR_EXIT_FOUND
#define EXIT_TROUBLE KR_EXIT_TROUBLE

/* The folder the report is about: the first PATH that is a folder, else ".". */
static const char *root_of(const kr_engine_options *o)
{
    for (size_t i = 0; i < o->npaths; i++)
        if (o->paths[i] && kr_fs_is_dir(o->paths[i])) return o->paths[i];
    return ".";
}

static char *join(const char *root, const char *rel)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/') n--;
    if (!(n == 1 && root[0] == '.')) {
        kr_buf_put(&b, root, n);
        if (root[n - 1] != '/') kr_buf_putc(&b, '/');
    }
    kr_buf_puts(&b, rel);
    return kr_buf_detach(&b);
}

static void print_finding(FILE *err, const kr_finding *f, kr_lang lang)
{
    (void)lang;
    kr_buf b, t;
    kr_buf_init(&b, 0);
    kr_buf_init(&t, 0);
    kr_buf_printf(&t, "%s:%u:%u: %s: %s [%s, checksheet %s]", f->file, f->span.start.line + 1,
                  f->span.start.col + 1, kr_severity_name(f->severity), f->message, f->rule->id, f->rule->control);
    kr_escape_text(&b, t.ptr ? t.ptr : "", t.len); /* terminal text (util/escape.h) */
    kr_buf_putc(&b, '\n');
    fwrite(b.ptr, 1, b.len, err);
    kr_buf_dispose(&t);
    kr_buf_dispose(&b);
}

int kr_checksheet_run(const kr_checksheet_run_options *o)
{
    int status = EXIT_TROUBLE;
    kr_catalog cat;
    kr_attestations att;
    kr_checksheet cs;
    kr_diags d;
    kr_findings attf;
    char *att_path = NULL, *repo = NULL, *commit = NULL;
    bool cs_built = false;
    kr_catalog_init(&cat);
    kr_attest_init(&att);
    memset(&cs, 0, sizeof cs);
    kr_diags_init(&d);
    kr_findings_init(&attf);
    const kr_engine_options *eo = kr_engine_options_of(o->engine);
    const kr_ruleset *rules = kr_engine_rules(o->engine);
    kr_lang lang = kr_engine_lang(o->engine);
    const char *root = root_of(eo);

    long today = 0;
    if (kr_today(&today) != 0) {
        fprintf(o->err, "krewlint: KREWLINT_TODAY must be a date YYYY-MM-DD, not '%s'\n", getenv("KREWLINT_TODAY"));
        goto out;
    }
    if (kr_catalog_load(&cat, o->catalog, &d) != 0) {
        kr_diags_sort(&d);
        kr_diags_print(&d, o->err);
        fputs("krewlint: the checksheet catalog is invalid; no report was written\n", o->err);
        goto out;
    }
    kr_engine_add_own_controls(o->engine, &cat); /* .krewlint.yml controls:, their own section */
    att_path = o->attestations ? kr_xstrdup(o->attestations) : join(root, ".krewlint/attestations.yml");
    int rc = kr_attest_load(&att, att_path, &cat, root, &d);
    if (rc == KR_ENOTFOUND && o->attestations) {
        fprintf(o->err, "krewlint: cannot read the attestations '%s': no such file\n", att_path);
        goto out;
    }
    if (rc != 0 && rc != KR_ENOTFOUND) {
        kr_diags_sort(&d);
        kr_diags_print(&d, o->err);
        fputs("krewlint: the attestations are invalid; no report was written\n", o->err);
        goto out;
    }
    bool have_att = rc == 0;

    if (!kr_engine_adopted(o->engine) && kr_engine_scan(o->engine) != 0) /* merge: adopted */
        goto out; /* printed */
    kr_result *res = kr_engine_result_mut(o->engine);
    if (have_att) {
        kr_attest_check_options aopts = {today, lang, &res->findings, &cat};
        kr_attest_check(&att, &aopts, &attf);
    }

    char date[16];
    kr_date_format(date, sizeof date, today);
    kr_checksheet_git_info(&repo, &commit, root);
    /* the attestation findings join the scan's: they are about items too */
    kr_findings_take(&res->findings, &attf);
    kr_findings_sort(&res->findings);
    kr_checksheet_input in = {
        .catalog = &cat,
        .rules = rules,
        .coverage = &res->coverage, /* recorded by the scan (record_coverage) */
        .findings = &res->findings,
        .baselined = kr_engine_baselined(o->engine),
        .disabled = kr_engine_disabled(o->engine),
        .attestations = have_att ? &att : NULL,
        .root = root,
        .lang = lang,
        .repository = o->repository ? o->repository : repo,
        .commit = o->commit ? o->commit : commit,
        .date = date,
        .version = KREWLINT_VERSION,
    };
    kr_checksheet_build(&cs, &in);
    cs_built = true;
    if (o->compare && kr_checksheet_compare_file(&cs, o->compare, &d) != 0) {
        kr_diags_print(&d, o->err);
        fputs("krewlint: cannot compare with that report; no report was written\n", o->err);
        goto out;
    }
    if (kr_checksheet_write(o->out, &cs, o->format) != 0) {
        fputs("krewlint: cannot write the report\n", o->err);
        goto out;
    }

    kr_diags_print(&res->diags, o->err);
    status = res->diags.len ? EXIT_FOUND : EXIT_CLEAN;
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        if (strncmp(f->rule->id, "KR-ATTEST-", 10) != 0) continue;
        print_finding(o->err, f, lang);
        if (f->severity == KR_SEV_ERROR) status = EXIT_FOUND;
    }
    if (cs.counts[KR_CS_NO]) status = EXIT_FOUND;
    fprintf(o->err, "krewlint: checksheet of %zu items:", cs.len);
    for (unsigned s = 0; s < KR_CS_NSTATUS; s++)
        fprintf(o->err, "%s %s %zu", s ? "," : "", kr_cs_status_label((kr_cs_status)s, KR_LANG_EN), cs.counts[s]);
    if (cs.compared) fprintf(o->err, "; %zu changed since %s", cs.nchanges, cs.compare_file);
    fputc('\n', o->err);

out:
    if (cs_built) kr_checksheet_dispose(&cs);
    kr_findings_dispose(&attf);
    /* the attestation findings point at att's rules: drop them before it */
    if (kr_engine_result(o->engine)->findings.len) {
        kr_result *r = kr_engine_result_mut(o->engine);
        kr_findings_dispose(&r->findings);
        kr_findings_init(&r->findings);
    }
    kr_attest_dispose(&att);
    kr_catalog_dispose(&cat);
    kr_diags_dispose(&d);
    free(att_path);
    free(repo);
    free(commit);
    return status;
}
