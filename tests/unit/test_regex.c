/* test_regex.c - krewlint's linear-time regex engine (util/regex.h): every
 * operator, classes, anchors, refusals with their offsets, the caps, the
 * hostile patterns of issue 18 bounded in time and memory, and a
 * differential check of the bundled rules' patterns against glibc's ERE
 * (which the rules used before; glibc is only a test oracle here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common.h"
#include "util/regex.h"

static kr_regex *comp(const char *pat)
{
    kr_regex *re = NULL;
    kr_regex_error e;
    int rc = kr_regex_compile(&re, pat, strlen(pat), 0, &e);
    if (rc != 0) fail_msg("'%s' refused: %s at %zu", pat, e.message, e.offset);
    return re;
}

/* Whether pat finds a match in text. */
static bool m(const char *pat, const char *text)
{
    kr_regex *re = comp(pat);
    bool r = kr_regex_search(re, text, strlen(text));
    kr_regex_free(re);
    return r;
}

/* Expects pat to be refused with rc at offset off, the message holding want. */
static void refused(const char *pat, int rc, size_t off, const char *want)
{
    kr_regex *re = (kr_regex *)1;
    kr_regex_error e;
    int got = kr_regex_compile(&re, pat, strlen(pat), 0, &e);
    if (got != rc || e.offset != off || !strstr(e.message, want))
        fail_msg("'%s': rc %d offset %zu '%s', want rc %d offset %zu '%s'", pat, got, e.offset,
                 e.message, rc, off, want);
    assert_null(re);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_regex__literals_and_search(void **state)
{
    (void)state;
    assert_true(m("abc", "xxabcxx"));
    assert_false(m("abc", "ab"));
    assert_true(m("", ""));
    assert_true(m("", "anything"));
    assert_true(m("a.c", "a-c"));
    assert_true(m("a.c", "a\nc")); /* . matches a newline, as POSIX */
    assert_false(m("a.c", "ac"));
    assert_true(m("\\.\\*\\[\\]\\(\\)\\{\\}\\$\\^\\|\\\\", ".*[](){}$^|\\"));
    assert_true(m("a{", "a{")); /* a brace that is no bound is a literal */
    assert_true(m("x{a}", "x{a}"));
    assert_true(m("}", "}"));
    assert_true(m("]", "]"));
    /* NUL bytes are ordinary */
    kr_regex *re = comp("a.b");
    assert_true(kr_regex_search(re, "xa\0b", 4));
    assert_false(kr_regex_search(re, "xa\0c", 4));
    kr_regex_free(re);
    re = comp("b$");
    assert_true(kr_regex_search(re, "a\0b", 3));
    kr_regex_free(re);
}

static void test_regex__repetition(void **state)
{
    (void)state;
    assert_true(m("^ab*c$", "ac"));
    assert_true(m("^ab*c$", "abbbc"));
    assert_false(m("^ab+c$", "ac"));
    assert_true(m("^ab+c$", "abc"));
    assert_true(m("^ab?c$", "ac"));
    assert_false(m("^ab?c$", "abbc"));
    assert_true(m("^a{3}$", "aaa"));
    assert_false(m("^a{3}$", "aa"));
    assert_false(m("^a{3}$", "aaaa"));
    assert_true(m("^a{2,}$", "aaaaaaa"));
    assert_false(m("^a{2,}$", "a"));
    assert_true(m("^a{2,3}$", "aaa"));
    assert_false(m("^a{2,3}$", "aaaa"));
    assert_true(m("^a{,2}$", ""));
    assert_false(m("^a{,2}$", "aaa"));
    assert_true(m("^a{0}b$", "b"));
    assert_true(m("^(ab){2}$", "abab"));
    assert_true(m("^(a|bc)*$", "abcabca"));
    assert_false(m("^(a|bc)*$", "abcb"));
    /* lazy forms: same yes/no answer */
    assert_true(m("^a*?b$", "aab"));
    assert_true(m("^a+?b$", "ab"));
    assert_true(m("^a??b$", "b"));
    assert_true(m("^a{1,2}?b$", "aab"));
    /* stacked and empty loops terminate */
    assert_true(m("^(a*)*$", "aaaa"));
    assert_true(m("^(a*)+b$", "b"));
    assert_true(m("^()*$", ""));
    assert_true(m("a**", "b"));
    assert_true(m("^(|a)b$", "ab"));
    assert_true(m("^(a|)b$", "b"));
    /* quantifier precedence: binds to the last atom only */
    assert_true(m("^ab{2}$", "abb"));
    assert_false(m("^ab{2}$", "abab"));
}

static void test_regex__alternation_and_groups(void **state)
{
    (void)state;
    assert_true(m("^(UTC|UCT|Zulu)$", "UCT"));
    assert_false(m("^(UTC|UCT|Zulu)$", "UTCX"));
    assert_true(m("cat|dog", "hotdog"));
    assert_true(m("^(?:ab|cd)+$", "abcdab"));
    assert_true(m("^a|b$", "ax"));
    assert_true(m("^a|b$", "xb"));
    assert_false(m("^a|b$", "xax"));
    assert_true(m("((((a))))", "a"));
}

static void test_regex__classes(void **state)
{
    (void)state;
    assert_true(m("^[abc]+$", "cab"));
    assert_false(m("^[abc]+$", "cad"));
    assert_true(m("^[a-f0-9]+$", "deadbeef01"));
    assert_true(m("^[^0-9]$", "x"));
    assert_false(m("^[^0-9]$", "5"));
    assert_true(m("^[^a]$", "\n"));
    assert_true(m("^[]a]+$", "]a]"));
    assert_true(m("^[^]a]$", "b"));
    assert_false(m("^[^]a]$", "]"));
    assert_true(m("^[a-]+$", "a-a"));
    assert_true(m("^[-a]+$", "-a"));
    assert_true(m("^[[:space:]]+$", " \t\r\n\v\f"));
    assert_true(m("[^[:space:]]", "  x "));
    assert_false(m("[^[:space:]]", " \t "));
    assert_true(m("^[[:alpha:]]+$", "AbC"));
    assert_true(m("^[[:digit:]]+$", "0129"));
    assert_true(m("^[[:alnum:]_]+$", "a_1"));
    assert_true(m("^[[:upper:]][[:lower:]]+$", "Hello"));
    assert_true(m("^[[:xdigit:]]+$", "09afAF"));
    assert_false(m("^[[:xdigit:]]+$", "g"));
    assert_true(m("^[[:punct:]]+$", "!/:@[`{~"));
    assert_true(m("^[[:blank:]]+$", " \t"));
    assert_false(m("^[[:blank:]]+$", "\n"));
    assert_true(m("^[[:cntrl:]]$", "\x1b"));
    assert_true(m("^[[:print:]]+$", "a b~"));
    assert_false(m("^[[:graph:]]$", " "));
    assert_true(m("^[[:word:]]+$", "a_Z9"));
    /* shorthands, outside and inside brackets */
    assert_true(m("^\\d+$", "2026"));
    assert_false(m("^\\d+$", "20x6"));
    assert_true(m("^\\D+$", "abc"));
    assert_true(m("^\\w+$", "snake_case9"));
    assert_true(m("^\\W$", "-"));
    assert_true(m("^a\\sb$", "a\tb"));
    assert_true(m("^a\\Sb$", "a-b"));
    assert_true(m("^[\\d.]+$", "1.2.3"));
    assert_true(m("^[\\w-]+$", "a-b_c"));
    assert_true(m("^[\\]\\\\]+$", "]\\"));
    assert_true(m("^[^\\s]+$", "abc"));
    assert_false(m("^[^\\s]+$", "a c"));
    assert_true(m("^[\\D]$", "x"));
    assert_false(m("^[\\D]$", "7"));
    assert_true(m("^[a\\S]$", "-"));
    assert_true(m("^\\t\\n\\r$", "\t\n\r"));
}

static void test_regex__anchors_and_boundaries(void **state)
{
    (void)state;
    assert_true(m("^abc", "abcd"));
    assert_false(m("^abc", "xabc"));
    assert_true(m("abc$", "xabc"));
    assert_false(m("abc$", "abcx"));
    assert_false(m("abc$", "abc\n")); /* $ is the end of the text, not of a line */
    assert_true(m("^$", ""));
    assert_false(m("^$", "\n"));
    assert_true(m("$", "abc"));
    assert_true(m("x^|a", "a"));
    assert_false(m("a^b", "ab"));
    assert_true(m("\\bcat\\b", "a cat!"));
    assert_false(m("\\bcat\\b", "concat"));
    assert_true(m("\\Bcat", "concat"));
    assert_true(m("\\<key\\>", "the key"));
    assert_false(m("\\<key\\>", "keys"));
    assert_true(m("^\\b", "a"));
    assert_false(m("^\\b", " a"));
}

static void test_regex__case_and_utf8(void **state)
{
    (void)state;
    assert_true(m("(?i)^password$", "PassWord"));
    assert_true(m("(?i)^[a-c]+$", "AbC"));
    assert_true(m("(?i)^[^a]$", "b"));
    assert_false(m("(?i)^[^a]$", "A"));
    assert_false(m("^password$", "PASSWORD"));
    kr_regex *re = NULL;
    assert_int_equal(kr_regex_compile(&re, "^abc$", 5, KR_REGEX_ICASE, NULL), 0);
    assert_true(kr_regex_search(re, "ABC", 3));
    kr_regex_free(re);
    /* UTF-8: . and [^...] consume one character */
    assert_true(m("^.$", "\xc3\xa9"));         /* é */
    assert_true(m("^...$", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e")); /* 日本語 */
    assert_true(m("^[^a]$", "\xe6\x97\xa5"));
    assert_true(m("^\xc3\xa9+$", "\xc3\xa9\xc3\xa9"));
    assert_true(m("^[\xc3\xa0-\xc3\xbc]$", "\xc3\xa9")); /* [à-ü] */
    assert_false(m("^[\xc3\xa0-\xc3\xbc]$", "a"));
    /* an invalid byte is one character that equals no literal */
    assert_true(m("^a.b$", "a\xff" "b"));
    assert_true(m("^a[^x]b$", "a\xc3" "b"));
    assert_false(m("^a\xc3\xa9$", "a\xc3"));
    assert_true(m("^.{2}$", "\xc3\xc3"));
    assert_false(m("\\w", "\xc3\xa9")); /* \w is ASCII */
}

static void test_regex__refusals_with_offsets(void **state)
{
    (void)state;
    refused("a(b", KR_EINVALID, 1, "unmatched '('");
    refused("ab)", KR_EINVALID, 2, "unmatched ')'");
    refused("x[ab", KR_EINVALID, 1, "unterminated bracket");
    refused("[]", KR_EINVALID, 0, "unterminated bracket");
    refused("*a", KR_EINVALID, 0, "nothing to repeat before '*'");
    refused("a|+", KR_EINVALID, 2, "nothing to repeat before '+'");
    refused("(?", KR_EINVALID, 0, "unknown group");
    refused("{2}", KR_EINVALID, 0, "nothing to repeat before '{'");
    refused("^*", KR_EINVALID, 1, "cannot be repeated");
    refused("^(a*)*\\1b$", KR_EINVALID, 6, "back-references");
    refused("(?=a)", KR_EINVALID, 0, "lookaround");
    refused("(?<!a)", KR_EINVALID, 0, "lookaround");
    refused("a(?i)b", KR_EINVALID, 1, "only allowed at the start");
    refused("[[:foo:]]", KR_EINVALID, 1, "unknown character class '[:foo:]'");
    refused("[[.a.]]", KR_EINVALID, 1, "collating");
    refused("[[=a=]]", KR_EINVALID, 1, "collating");
    refused("x[z-a]", KR_EINVALID, 2, "range out of order 'z-a'");
    refused("[a-\\d]", KR_EINVALID, 3, "a range cannot end in '\\d'");
    refused("x{3,2}", KR_EINVALID, 1, "max below min");
    refused("x{1001}", KR_ELIMIT, 1, "repetition count above 1000");
    refused("x{1,99999999999999999999}", KR_ELIMIT, 1, "repetition count above 1000");
    refused("\\q", KR_EINVALID, 0, "unknown escape '\\q'");
    refused("\\0", KR_EINVALID, 0, "unknown escape");
    refused("ab\\", KR_EINVALID, 2, "trailing backslash");
    refused("[a\\", KR_EINVALID, 2, "trailing backslash");
    refused("[\\q]", KR_EINVALID, 1, "unknown escape '\\q' in a bracket");
}

static void test_regex__caps(void **state)
{
    (void)state;
    /* just under the program cap compiles; the first repeat past it is named */
    kr_regex *re = comp("a{1000}{4}");
    assert_int_equal(kr_regex_program_size(re), 4001);
    kr_regex_free(re);
    refused("a{1000}{5}", KR_ELIMIT, 7, "more than 4096 instructions");
    refused("(a{1,100}){1,100}", KR_ELIMIT, 10, "more than 4096 instructions");
    refused("((a{1,255}){1,255}){1,255}", KR_ELIMIT, 11, "more than 4096 instructions");
    refused("a{1000}a{1000}a{1000}a{1000}a{1000}", KR_ELIMIT, 28, "more than 4096 instructions");
    /* nesting */
    char deep[2 * KR_REGEX_MAX_DEPTH + 8];
    size_t k = 0;
    for (int i = 0; i <= KR_REGEX_MAX_DEPTH; i++) deep[k++] = '(';
    deep[k++] = 'a';
    for (int i = 0; i <= KR_REGEX_MAX_DEPTH; i++) deep[k++] = ')';
    deep[k] = '\0';
    refused(deep, KR_ELIMIT, KR_REGEX_MAX_DEPTH, "nested deeper than 100");
    deep[0] = 'x'; /* 100 groups: fine ("x" + 100 groups + one unmatched ')') */
    refused(deep, KR_EINVALID, 2 * KR_REGEX_MAX_DEPTH + 2, "unmatched ')'");
    char stacked[KR_REGEX_MAX_DEPTH + 8] = "a";
    memset(stacked + 1, '*', KR_REGEX_MAX_DEPTH + 1);
    stacked[KR_REGEX_MAX_DEPTH + 2] = '\0';
    refused(stacked, KR_ELIMIT, KR_REGEX_MAX_DEPTH + 1, "quantifiers nested deeper");
    /* pattern length */
    char *big = malloc(KR_REGEX_MAX_PATTERN + 2);
    memset(big, 'a', KR_REGEX_MAX_PATTERN + 1);
    big[KR_REGEX_MAX_PATTERN + 1] = '\0';
    refused(big, KR_ELIMIT, KR_REGEX_MAX_PATTERN, "longer than 8192 bytes");
    free(big);
}

/* Issue 18's hostile patterns: refused at once, or linear on long texts. */
static void test_regex__hostile_patterns_are_bounded(void **state)
{
    (void)state;
    double t0 = now();
    refused("((a{1,255}){1,255}){1,255}", KR_ELIMIT, 11, "instructions");
    refused("(a{1,100}){1,100}", KR_ELIMIT, 10, "instructions");
    refused("^(a*)*\\1b$", KR_EINVALID, 6, "back-references");
    assert_true(now() - t0 < 0.5);

    size_t n = 100000;
    char *text = malloc(n + 2);
    memset(text, 'a', n);
    text[n] = '\0';
    const char *slow_for_backtrackers[] = {
        "^(a*)*b$", "^(a|a)*b$", "^(a+)+b$", "(a|aa)+c", "^(.*a){20}b$", "^(a?){50}a{50}b$",
    };
    for (size_t i = 0; i < sizeof slow_for_backtrackers / sizeof *slow_for_backtrackers; i++) {
        kr_regex *re = comp(slow_for_backtrackers[i]);
        t0 = now();
        assert_false(kr_regex_search(re, text, n));
        double dt = now() - t0;
        if (dt > 2.0) fail_msg("'%s' took %.2f s on %zu bytes", slow_for_backtrackers[i], dt, n);
        kr_regex_free(re);
    }
    /* the biggest program allowed, over 100 kB: linear, memory O(program) */
    kr_regex *re = comp("(a|b|c|d)*x{1000}{4}");
    assert_true(kr_regex_program_size(re) < KR_REGEX_MAX_PROGRAM);
    t0 = now();
    assert_false(kr_regex_search(re, text, n));
    if (now() - t0 > 5.0) fail_msg("largest program took %.2f s", now() - t0);
    kr_regex_free(re);
    free(text);
}

/* The bundled rules' patterns (rules/ *.yml, as the regex sees them after
 * YAML and query-string unescaping) against glibc regexec, over fixed and
 * generated ASCII texts. */
static const char *const RULE_PATTERNS[] = {
    "\"Effect\"[[:space:]]*:[[:space:]]*\"Deny\"",
    "\"aws:[Ss]ecure[Tt]ransport\"[[:space:]]*:[[:space:]]*(\\[[[:space:]]*)?\"?false",
    "^aws:[Ss]ecure[Tt]ransport$",
    "[Ss]ecure[Tt]ransport",
    "^:?(Etc/)?(UTC|UCT|Universal|Zulu)0?$",
    "^(1|[Oo][Nn]|[Tt][Rr][Uu][Ee])$",
    "^(aurora-)?postgres",
    "^postgres(1[5-9]|[2-9][0-9])",
    "^(aurora-mysql|mysql|mariadb)",
    "/0$",
    "^([Hh][Tt][Tt][Pp][Ss]|[Ss][Ss][Ll])$",
    "--audit-log-maxage(=|[[:space:]]+)[\"']?0*([0-9]|[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-4])([^0-9]|$)",
    "(^|/|[[:space:]])kube-apiserver([[:space:]]|$)",
    "(^|/)kube-apiserver(-[a-z0-9]+)?(:|@|$)",
    "^default(-vpc-[0-9a-f]+)?$",
    "(^|[^A-Za-z0-9])[Ll][Oo][Gg][Ss]?([^A-Za-z0-9]|$)",
    "[^[:space:]]",
    "^['\"]?(minVersion|maxVersion)['\"]?$",
    "^['\"](SSLv[23]|TLSv1|TLSv1_1)_(server_|client_)?method['\"]$",
    "-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----",
    "(^|/)(__tests__|__mocks__|__fixtures__|testdata|fixtures|test)/|\\.(test|spec)\\.[cm]?[jt]sx?$",
    "(^|/)(testdata|fixtures|test)/|(^|/)(test_[^/]*|[^/]*_test|conftest)\\.py$",
    "(^|\\.)location(\\.href)?$",
    "(^|[^A-Za-z0-9_$])records?(\\.|\\[|$)",
    "^(kintone\\.(api|proxy)(\\.upload)?|((window|globalThis|self)\\.)?fetch)$",
    "^['\"`]http://(localhost|127\\.0\\.0\\.1|\\[::1\\])([:/'\"`]|$)",
    "(^|[^A-Z0-9])(AKIA|ASIA)[A-Z2-7]{16}([^A-Z0-9]|$)",
    "^([a-z_]+=)?[rbufRBUF]{0,2}['\"]http://",
    "^(axios(\\.(get|post|put|patch|delete|head|options|request))?|https?\\.(get|request)|got(\\.(get|post))?|\\$\\.(get|post|getJSON|ajax))$",
    "(?i)(passw(or)?d|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|auth[-_]?key|credentials?)['\"]?$",
    "^['\"`].{8,}['\"`]$",
    "(?i)^[rRbBuU]{0,2}['\"`](change[-_]?me|dummy.*|example.*|xxx+|\\*+|todo|\\.\\.\\.)['\"`]$",
    "\\$\\{|\\{\\{|^['\"`]<.*>['\"`]$|^['\"`]\\$[A-Za-z_][A-Za-z0-9_]*['\"`]$|^['\"`](https?|file)://|xxxx|\\*\\*\\*\\*|[[:space:]]",
    "^((window|globalThis|self)\\.)?eval$",
    "^[a-z0-9./-]+:[0-9]",
    "^(443|8443)$",
};

static const char *const TEXTS[] = {
    "", "a", "UTC", "Etc/UTC", ":UTC0", "Etc/Zulu", "UTC1", "postgres15", "postgres14",
    "aurora-postgresql14", "mysql8.0", "0.0.0.0/0", "10.0.0.0/16", "::/0", "HTTPS", "ssl", "http",
    "--audit-log-maxage=30", "--audit-log-maxage 365", "--audit-log-maxage='364'", "kube-apiserver",
    "/usr/bin/kube-apiserver --x", "k8s.gcr.io/kube-apiserver-amd64:v1.2", "default", "default-vpc-0a1",
    "my-logs", "logsbucket", "app_log", " ", "\t", "'minVersion'", "\"SSLv3_method\"",
    "'TLSv1_1_client_method'", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY BLOCK-----",
    "src/__tests__/a.js", "a.test.tsx", "test_x.py", "pkg/x_test.go", "window.location",
    "location.href", "records.x", "record", "kintone.api.upload", "globalThis.fetch",
    "'http://localhost:3000'", "\"http://127.0.0.1/\"", "`http://[::1]`", "'http://example.com'",
    "AKIAIOSFODNN7EXAMPLE", "xAKIAABCDEFGHIJKLMNOPq", " ASIA2345672345672345 ", "url=b'http://x'",
    "axios.get", "$.ajax", "got.post", "db_password", "API-KEY'", "'s3cr3tValue!'", "'changeme'",
    "'xxxx'", "'${a}'", "'<token>'", "'$VAR'", "'file://x'", "eval", "self.eval", "nginx:1.25",
    "443", "8443", "\"Effect\" : \"Deny\"", "\"aws:SecureTransport\": [ \"false\"", "SecureTransport",
};

static bool glibc_match(const char *pat, const char *text)
{
    int flags = REG_EXTENDED | REG_NOSUB;
    if (strncmp(pat, "(?i)", 4) == 0) flags |= REG_ICASE, pat += 4;
    regex_t re;
    assert_int_equal(regcomp(&re, pat, flags), 0);
    bool r = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return r;
}

static void test_regex__rule_patterns_agree_with_glibc(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char buf[48];
    size_t compared = 0;
    for (size_t p = 0; p < sizeof RULE_PATTERNS / sizeof *RULE_PATTERNS; p++) {
        const char *pat = RULE_PATTERNS[p];
        kr_regex *re = comp(pat);
        size_t plen = strlen(pat);
        for (size_t t = 0; t < sizeof TEXTS / sizeof *TEXTS + 400; t++) {
            const char *text;
            if (t < sizeof TEXTS / sizeof *TEXTS) {
                text = TEXTS[t];
            } else { /* random texts from the pattern's own bytes and a few more */
                size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 31;
                for (size_t i = 0; i < n; i++) {
                    seed = seed * 1103515245u + 12345u;
                    unsigned r = seed >> 16;
                    buf[i] = r % 5 == 0 ? " a0_/.\"'"[r / 5 % 8] : pat[r / 5 % plen];
                }
                buf[n] = '\0';
                text = buf;
            }
            bool want = glibc_match(pat, text), got = kr_regex_search(re, text, strlen(text));
            if (want != got) fail_msg("'%s' on '%s': glibc %d, krewlint %d", pat, text, want, got);
            compared++;
        }
        kr_regex_free(re);
    }
    assert_true(compared > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regex__literals_and_search),
        cmocka_unit_test(test_regex__repetition),
        cmocka_unit_test(test_regex__alternation_and_groups),
        cmocka_unit_test(test_regex__classes),
        cmocka_unit_test(test_regex__anchors_and_boundaries),
        cmocka_unit_test(test_regex__case_and_utf8),
        cmocka_unit_test(test_regex__refusals_with_offsets),
        cmocka_unit_test(test_regex__caps),
        cmocka_unit_test(test_regex__hostile_patterns_are_bounded),
        cmocka_unit_test(test_regex__rule_patterns_agree_with_glibc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
