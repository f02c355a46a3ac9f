/* test_prefilter.c - the literal prefilter of source-code rules: the
 * multi-string search (util/multisearch), the literals of a regex
 * (util/regex_lits.c) and of a query (ts/prefilter). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ts/prefilter.h"
#include "util/multisearch.h"
#include "util/regex.h"

/* ------------------------------------------------------- multisearch --- */

static void test_msearch_finds_each(void **state)
{
    (void)state;
    kr_msearch *m = kr_msearch_new();
    size_t a = kr_msearch_add(m, "innerHTML", 9, 0);
    size_t b = kr_msearch_add(m, "http://", 7, 0);
    size_t c = kr_msearch_add(m, "token", 5, KR_MS_ICASE);
    size_t d = kr_msearch_add(m, "eval", 4, KR_MS_WORD_START | KR_MS_WORD_END);
    size_t e = kr_msearch_add(m, "HTML", 4, 0);
    assert_int_equal(kr_msearch_add(m, "http://", 7, 0), b); /* the same literal: its id */
    assert_true(kr_msearch_add(m, "", 0, 0) == (size_t)-1);
    kr_msearch_build(m);
    assert_int_equal(kr_msearch_count(m), 5);
    unsigned char seen[5] = {0};
    const char *t = "x.innerhtml = 1; var API_TOKEN; evaluate(); ";
    kr_msearch_scan(m, t, strlen(t), seen);
    assert_false(seen[a]); /* case-sensitive */
    assert_false(seen[b]);
    assert_true(seen[c]); /* ICASE */
    assert_false(seen[d]); /* inside "evaluate" */
    assert_false(seen[e]);
    memset(seen, 0, sizeof seen);
    t = "el.innerHTML = u; fetch('http://x'); eval(s)";
    assert_int_equal(kr_msearch_scan(m, t, strlen(t), seen), 4);
    assert_true(seen[a] && seen[b] && seen[d] && seen[e]); /* overlapping: HTML inside innerHTML */
    /* word boundaries at the ends of the text, and after a digit (Python's 1if) */
    memset(seen, 0, sizeof seen);
    kr_msearch_scan(m, "eval", 4, seen);
    assert_true(seen[d]);
    memset(seen, 0, sizeof seen);
    kr_msearch_scan(m, "1eval", 5, seen);
    assert_true(seen[d]);
    memset(seen, 0, sizeof seen);
    kr_msearch_scan(m, "$eval eval_ eval1", 17, seen);
    assert_false(seen[d]);
    kr_msearch_free(m);
}

/* Against a naive search over many generated literals and texts. */
static void test_msearch_matches_naive(void **state)
{
    (void)state;
    uint32_t seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
    for (int round = 0; round < 50; round++) {
        kr_msearch *m = kr_msearch_new();
        char lits[20][8];
        size_t lens[20];
        unsigned flags[20];
        size_t n = 1 + RND() % 20;
        for (size_t i = 0; i < n; i++) {
            lens[i] = 1 + RND() % 6;
            for (size_t k = 0; k < lens[i]; k++) lits[i][k] = "abAB_1"[RND() % 6];
            flags[i] = RND() % 2 ? KR_MS_ICASE : 0;
            (void)kr_msearch_add(m, lits[i], lens[i], flags[i]);
        }
        kr_msearch_build(m);
        char text[200];
        size_t tl = RND() % sizeof text;
        for (size_t k = 0; k < tl; k++) text[k] = "abAB_1 "[RND() % 7];
        unsigned char seen[20] = {0};
        kr_msearch_scan(m, text, tl, seen);
        for (size_t i = 0; i < n; i++) {
            size_t id = kr_msearch_add(m, lits[i], lens[i], flags[i]); /* refused after build */
            assert_true(id == (size_t)-1);
            bool naive = false;
            for (size_t s = 0; s + lens[i] <= tl && !naive; s++) {
                bool ok = true;
                for (size_t k = 0; k < lens[i] && ok; k++) {
                    char x = text[s + k], y = lits[i][k];
                    if (flags[i] & KR_MS_ICASE) {
                        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
                        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
                    }
                    ok = x == y;
                }
                naive = ok;
            }
            /* the first id of an equal literal carries the answer */
            size_t first = 0;
            while (!(lens[first] == lens[i] && flags[first] == flags[i] && memcmp(lits[first], lits[i], lens[i]) == 0))
                first++;
            size_t idx = 0; /* ids are in order of first addition */
            for (size_t j = 0; j < first; j++) {
                bool dup = false;
                for (size_t q = 0; q < j && !dup; q++)
                    dup = lens[q] == lens[j] && flags[q] == flags[j] && memcmp(lits[q], lits[j], lens[j]) == 0;
                if (!dup) idx++;
            }
            assert_int_equal(seen[idx] != 0, naive);
        }
        kr_msearch_free(m);
    }
#undef RND
}

/* ------------------------------------------------------- regex lits --- */

/* The literals of re, sorted and joined with '|', or "" for none. */
static void lits_of(const char *re, char *out, size_t cap, bool *icase)
{
    kr_regex_lits l;
    out[0] = '\0';
    int got = kr_regex_required(re, strlen(re), &l);
    *icase = l.icase;
    if (!got) {
        kr_regex_lits_dispose(&l);
        return;
    }
    for (size_t i = 1; i < l.n; i++) /* insertion sort */
        for (size_t j = i; j > 0 && strcmp(l.items[j - 1], l.items[j]) > 0; j--) {
            char *t = l.items[j];
            l.items[j] = l.items[j - 1];
            l.items[j - 1] = t;
        }
    for (size_t i = 0; i < l.n; i++) {
        if (i) strncat(out, "|", cap - strlen(out) - 1);
        strncat(out, l.items[i], cap - strlen(out) - 1);
    }
    kr_regex_lits_dispose(&l);
}

static void test_regex_required(void **state)
{
    (void)state;
    char b[512];
    bool ic;
    lits_of("^['\"]http://", b, sizeof b, &ic);
    assert_string_equal(b, "\"http://|'http://");
    assert_false(ic);
    lits_of("(?i)(passw(or)?d|pwd|secret|api[-_]?key)['\"]?$", b, sizeof b, &ic);
    assert_string_equal(b, "api|passw|pwd|secret");
    assert_true(ic);
    lits_of("^['\"]?rejectUnauthorized['\"]?$", b, sizeof b, &ic);
    assert_string_equal(b, "rejectUnauthorized");
    lits_of("(^|[^A-Z0-9])(AKIA|ASIA)[A-Z2-7]{16}", b, sizeof b, &ic);
    assert_string_equal(b, "AKIA|ASIA");
    lits_of("-----BEGIN ([A-Z]+ )?PRIVATE KEY-----", b, sizeof b, &ic);
    assert_string_equal(b, "PRIVATE KEY-----"); /* the longer of the two runs */
    lits_of("ab+c", b, sizeof b, &ic); /* b+: one b, then the run goes on from the last b */
    assert_string_equal(b, "ab");
    lits_of("a\\.example\\.com", b, sizeof b, &ic);
    assert_string_equal(b, "a.example.com");
    /* no literal every match needs: no answer */
    lits_of("a|.*", b, sizeof b, &ic);
    assert_string_equal(b, "");
    lits_of("(abc)?", b, sizeof b, &ic);
    assert_string_equal(b, "");
    lits_of("x{0,3}", b, sizeof b, &ic);
    assert_string_equal(b, "");
    lits_of("\\d+", b, sizeof b, &ic);
    assert_string_equal(b, "");
    lits_of("(abc|)", b, sizeof b, &ic);
    assert_string_equal(b, "");
    lits_of("abc(", b, sizeof b, &ic); /* not read */
    assert_string_equal(b, "");
}

/* ------------------------------------------------------- query needs --- */

static void needs_of(const char *q, kr_ts_needs *nd) { kr_ts_query_needs(q, strlen(q), nd); }

static void test_query_needs(void **state)
{
    (void)state;
    kr_ts_needs nd;
    needs_of("(call_expression function: (identifier) @fn (#eq? @fn \"eval\")) @finding", &nd);
    assert_false(nd.always);
    assert_int_equal(nd.n, 1);
    assert_int_equal(nd.pats[0].n, 1);
    assert_string_equal(nd.pats[0].lits[0].s, "eval");
    assert_int_equal(nd.pats[0].lits[0].flags, KR_MS_WORD_START | KR_MS_WORD_END); /* an identifier */
    kr_ts_needs_dispose(&nd);

    /* two patterns; any-of on a property_identifier */
    needs_of("(assignment_expression left: (member_expression property: (property_identifier) @p)\n"
             "  right: (_) @finding (#any-of? @p \"innerHTML\" \"outerHTML\"))\n"
             "((string) @finding (#match? @finding \"^['\\\"]http://\"))",
             &nd);
    assert_false(nd.always);
    assert_int_equal(nd.n, 2);
    assert_int_equal(nd.pats[0].n, 2);
    assert_int_equal(nd.pats[1].n, 2);
    assert_int_equal(nd.pats[1].lits[0].flags, 0); /* a string node: no word boundary */
    kr_ts_needs_dispose(&nd);

    /* the capture is optional or only in one branch: nothing is needed */
    needs_of("(call_expression function: (identifier)? @fn (#eq? @fn \"eval\"))", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    needs_of("[(identifier) @x (string)] @s (#eq? @x \"eval\")", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    /* ... in every branch: needed */
    needs_of("([(identifier) @x (property_identifier) @x] (#eq? @x \"eval\"))", &nd);
    assert_false(nd.always);
    kr_ts_needs_dispose(&nd);
    /* negated predicates, capture comparisons, short literals give nothing */
    needs_of("((identifier) @x (#not-eq? @x \"eval\"))", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    needs_of("((identifier) @x (identifier) @y (#eq? @x @y))", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    needs_of("((identifier) @x (#eq? @x \"ab\"))", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    /* a pattern with no predicate, next to one with: the target always runs */
    needs_of("(debugger_statement) @f ((identifier) @x (#eq? @x \"eval\"))", &nd);
    assert_true(nd.always);
    assert_int_equal(nd.n, 2);
    kr_ts_needs_dispose(&nd);
    /* unbalanced text: not read, always */
    needs_of("((identifier) @x (#eq? @x \"eval\")", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
    needs_of("", &nd);
    assert_true(nd.always);
    kr_ts_needs_dispose(&nd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msearch_finds_each),
        cmocka_unit_test(test_msearch_matches_naive),
        cmocka_unit_test(test_regex_required),
        cmocka_unit_test(test_query_needs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
