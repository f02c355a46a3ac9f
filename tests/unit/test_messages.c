/* test_messages.c - every bundled rule's message names the attribute that
 * fails (issue 15, point 6): each rule's failing fixtures
 * (rules/tests/<id>/bad*) are evaluated with the whole pack, and every
 * failing finding of that rule must mention the last part of the attribute
 * path it failed on (kr_finding.path: "ingress[*].cidr_blocks" ->
 * "cidr_blocks"), in English and in Japanese. Source-code rules (no path)
 * are not covered here: their message names the call they match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc/doc.h"
#include "eval/eval.h"
#include "rules/rule.h"
#include "util/buf.h"
#include "util/fs.h"

#define PACK KR_SOURCE_DIR "/rules"

/* Rules whose failing "attribute" is not one a message should name, and why. */
static const struct {
    const char *id, *why;
} EXEMPT[] = {
    {"KR-6-20-DEFAULT-VPC", "the resource type itself is the violation (aws_default_vpc, a default "
                            "subnet): the message names the resource and says it is the default VPC"},
    {"KR-4-1-OWNER-TAG", "the message names the tag (\"has no Owner tag\"), not the Tags[*].Key "
                         "notation of the path"},
    {"KR-4-2-CLASSIFICATION-TAG", "as KR-4-1-OWNER-TAG"},
    {"KR-6-10-LAMBDA-ERROR-ALARM", "a relation (no alarm refers to the function): the message names the "
                                   "missing alarm in words, not AWS::CloudWatch::Alarm.Dimensions[*].Value"},
    {"KR-6-28-WAF", "a relation: the message names the missing web ACL, not the association's path"},
    {"KR-6-31-S3-DENY-INSECURE-TRANSPORT", "a relation: the message names the missing bucket policy "
                                           "and the policy found, not the relation's path"},
    {"KR-6-17-CONFIG-SECRET", "the failing leaf is the key of a literal secret (Name, or the "
                              "variable's name); the message names the resource and never echoes "
                              "what is around the secret"},
};

static bool exempt(const char *id)
{
    for (size_t i = 0; i < sizeof EXEMPT / sizeof EXEMPT[0]; i++)
        if (strcmp(EXEMPT[i].id, id) == 0) return true;
    return false;
}

/* The last part of an attribute path, without list indices or [*]:
 * "a.b[*].c" -> "c", "Tags[*].Key" -> "Key", "x[0]" -> "x". */
static void last_part(const char *path, char *out, size_t cap)
{
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] == ']') {
        while (n > 0 && path[n - 1] != '[') n--;
        if (n > 0) n--;
    }
    size_t s = n;
    while (s > 0 && path[s - 1] != '.') s--;
    size_t len = n - s < cap - 1 ? n - s : cap - 1;
    memcpy(out, path + s, len);
    out[len] = '\0';
}

static int check_file(const kr_ruleset *rs, const char *dir, const char *name, const char *rule_id,
                      kr_lang lang, size_t *checked)
{
    char full[2048];
    snprintf(full, sizeof full, "%s/%s", dir, name);
    char *data = NULL;
    size_t len = 0;
    const char *why = NULL;
    if (kr_fs_read(&data, &len, full, &why) != 0) return 0;
    kr_doc doc;
    kr_doc_init(&doc, full, data, len);
    kr_diags d;
    kr_diags_init(&d);
    int bad = 0;
    if (kr_doc_load(&doc, &d) == 0) {
        kr_findings f;
        kr_findings_init(&f);
        kr_eval_options o = {.lang = lang};
        kr_eval_doc(rs, &doc, &o, &f);
        for (size_t i = 0; i < f.len; i++) {
            const kr_finding *x = &f.items[i];
            if (x->unknown || strcmp(x->rule->id, rule_id) != 0 || !x->path || !x->path[0]) continue;
            char part[256];
            last_part(x->path, part, sizeof part);
            if (!part[0]) continue;
            (*checked)++;
            if (!strstr(x->message, part)) {
                fprintf(stderr, "%s:%u: %s (%s): the message does not name '%s' (path %s): %s\n", full,
                        x->span.start.line + 1, rule_id, lang == KR_LANG_JA ? "ja" : "en", part,
                        x->path, x->message);
                bad++;
            }
        }
        kr_findings_dispose(&f);
    }
    kr_diags_dispose(&d);
    kr_doc_dispose(&doc);
    free(data);
    return bad;
}

static void test_messages__name_the_failing_attribute(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    kr_ruleset *rs = NULL;
    const char *dirs[1] = {PACK};
    assert_int_equal(kr_ruleset_load(&rs, dirs, 1, &d), 0);
    kr_diags_dispose(&d);
    size_t checked = 0, rules_seen = 0;
    int bad = 0;
    for (size_t r = 0; r < kr_ruleset_count(rs); r++) {
        const kr_rule *rule = kr_ruleset_get(rs, r);
        if (exempt(rule->id)) continue;
        char lower[128];
        size_t n = strlen(rule->id);
        if (n >= sizeof lower) continue;
        for (size_t i = 0; i <= n; i++) lower[i] = (char)tolower((unsigned char)rule->id[i]);
        char fix[1024];
        snprintf(fix, sizeof fix, "%s/tests/%s", PACK, lower);
        DIR *dh = opendir(fix);
        if (!dh) continue;
        rules_seen++;
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (strncmp(e->d_name, "bad", 3) != 0) continue;
            bad += check_file(rs, fix, e->d_name, rule->id, KR_LANG_EN, &checked);
            bad += check_file(rs, fix, e->d_name, rule->id, KR_LANG_JA, &checked);
        }
        closedir(dh);
    }
    fprintf(stderr, "%zu failing findings of %zu rules checked\n", checked, rules_seen);
    assert_true(rules_seen > 50);
    assert_true(checked > 100);
    assert_int_equal(bad, 0);
    kr_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages__name_the_failing_attribute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
