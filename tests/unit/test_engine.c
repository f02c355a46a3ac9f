/* test_engine.c - the run object every subcommand goes through (src/engine.h),
 * on the adoption fixture of tests/e2e/adopt-scan: params, rules.disable with a
 * reason, an inline suppression and a baseline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"

#define CASE KR_SOURCE_DIR "/tests/e2e/adopt-scan"

static char saved_cwd[4096];

static int enter_case(void **state)
{
    (void)state;
    assert_non_null(getcwd(saved_cwd, sizeof saved_cwd));
    assert_int_equal(chdir(CASE), 0);
    setenv("KREWLINT_RULES_DIR", KR_SOURCE_DIR "/rules", 1);
    return 0;
}

static int leave_case(void **state)
{
    (void)state;
    assert_int_equal(chdir(saved_cwd), 0);
    return 0;
}

static const char *const repo[] = {"inputs/repo"};

/* A run with the configuration and the given adoption options; err to /dev/null. */
static kr_engine *run(FILE *err, bool keep_adopted, kr_fail_on fail_on, bool fail_on_given)
{
    kr_engine_options o = {.paths = repo, .npaths = 1, .lang = KR_LANG_EN, .err = err,
                           .keep_adopted = keep_adopted, .record_coverage = keep_adopted,
                           .fail_on = fail_on, .fail_on_given = fail_on_given, .quiet = true};
    o.scan.jobs = 1;
    kr_engine *e = kr_engine_new(&o);
    assert_int_equal(kr_engine_load(e), 0);
    assert_int_equal(kr_engine_scan(e), 0);
    return e;
}

static void test_engine__adoption(void **state)
{
    (void)state;
    FILE *err = fopen("/dev/null", "w");
    assert_non_null(err);
    kr_engine *e = run(err, true, KR_FAIL_ON_NOTE, false);
    /* the configuration's params reached the rules: 4-1 and 4-2 pass */
    const kr_result *res = kr_engine_result(e);
    size_t open = 0, suppressed = 0;
    for (size_t i = 0; i < res->findings.len; i++) {
        const kr_finding *f = &res->findings.items[i];
        assert_string_not_equal(f->rule->control, "4-1");
        assert_string_not_equal(f->rule->control, "6-20"); /* disabled: set apart */
        if (f->suppressed) {
            suppressed++;
            assert_string_equal(f->suppress_by, "sato");
        } else {
            open++;
            assert_string_equal(f->resource, "aws_db_instance.reports");
        }
    }
    assert_int_equal(open, 1);
    assert_int_equal(suppressed, 1);
    /* the baseline's entry and the disabled rule's finding, with its reason */
    assert_int_equal(kr_engine_baselined_count(e), 1);
    assert_int_equal(kr_engine_baselined(e)->len, 1);
    assert_string_equal(kr_engine_baselined(e)->items[0].resource, "aws_db_instance.legacy");
    const kr_findings *dis = kr_engine_disabled(e);
    assert_int_equal(dis->len, 1);
    assert_string_equal(dis->items[0].rule->id, "KR-6-20-RDS-IN-VPC");
    assert_true(dis->items[0].disabled);
    assert_string_equal(dis->items[0].suppress_by, "tanaka");
    assert_non_null(strstr(dis->items[0].suppress_reason, "platform team"));
    /* coverage was recorded by the scan itself, each file parsed once */
    assert_int_equal(res->docs_parsed, res->files_scanned);
    assert_non_null(kr_rulecov_find(&res->coverage, "KR-4-1-OWNER-TAG"));
    assert_int_equal(kr_rulecov_find(&res->coverage, "KR-4-1-OWNER-TAG")->nfiles, 1);
    /* views: with and without the suppressed finding */
    kr_engine_view all, shown;
    kr_engine_view_init(&all, e, true);
    kr_engine_view_init(&shown, e, false);
    assert_int_equal(all.result.findings.len, 2);
    assert_int_equal(shown.result.findings.len, 1);
    kr_engine_view_dispose(&shown);
    kr_engine_view_dispose(&all);
    /* exit status: the open error finding fails at the default fail_on */
    assert_int_equal(kr_engine_status(e), KR_EXIT_FOUND);
    kr_engine_free(e);
    fclose(err);
}

/* Without keep_adopted (krewlint .) nothing is set apart, the baseline's
 * finding is only counted; --fail-on none (over the file) makes it clean. */
static void test_engine__scan_semantics(void **state)
{
    (void)state;
    FILE *err = fopen("/dev/null", "w");
    kr_engine *e = run(err, false, KR_FAIL_ON_NEVER, true);
    assert_int_equal(kr_engine_disabled(e)->len, 0);
    assert_int_equal(kr_engine_baselined(e)->len, 0);
    assert_int_equal(kr_engine_baselined_count(e), 1);
    assert_int_equal(kr_engine_result(e)->coverage.len, 0);
    assert_int_equal(kr_engine_config(e)->fail_on, KR_FAIL_ON_NEVER);
    assert_int_equal(kr_engine_config(e)->fail_on_origin.kind, KR_ORIGIN_CLI);
    assert_int_equal(kr_engine_status(e), KR_EXIT_CLEAN);
    kr_engine_free(e);
    fclose(err);
}

/* A broken configuration ends the run at load with exit 2; with a diags sink
 * (krewlint test) the problem is handed over unprinted. */
static void test_engine__bad_config(void **state)
{
    (void)state;
    char path[] = "/tmp/kr-engine-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *bad = "rules:\n  disable: [{reason: x}]\n";
    assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    kr_diags d;
    kr_diags_init(&d);
    kr_engine_options o = {.paths = repo, .npaths = 1, .config = path, .diags = &d};
    kr_engine *e = kr_engine_new(&o);
    assert_int_equal(kr_engine_load(e), KR_EXIT_TROUBLE);
    assert_int_equal(d.len, 1);
    assert_non_null(strstr(d.items[0].message, "needs 'rule'"));
    /* 0-based: the entry written at .krewlint.yml:2:13 */
    assert_int_equal(d.items[0].span.start.line, 1);
    assert_int_equal(d.items[0].span.start.col, 12);
    kr_engine_free(e);
    kr_diags_dispose(&d);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine__adoption),
        cmocka_unit_test(test_engine__scan_semantics),
        cmocka_unit_test(test_engine__bad_config),
    };
    return cmocka_run_group_tests(tests, enter_case, leave_case);
}
