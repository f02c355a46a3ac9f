/* fuzz_common.c - helpers shared by the fuzz targets: the per-file scan
 * pipeline on a buffer, every report writer into memory, and output oracles.
 *
 * The oracles turn silent corruption into a crash libFuzzer can save:
 *   - JSON and SARIF output must be one strict RFC 8259 value (a small
 *     recursive-descent checker below: no raw control characters in strings,
 *     only the standard escapes, \u followed by four hex digits, valid UTF-8);
 *   - JUnit and Checkstyle XML must be valid UTF-8 without C0 control
 *     characters other than TAB, LF and CR (XML 1.0 forbids them even as
 *     character references).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "suppress.h"

/* Fixed "today" so suppression expiry does not depend on the calendar. */
#define FUZZ_TODAY "2025-01-15"

void kr_fuzz_scan_buffer(kr_result *res, const kr_ruleset *rules, const char *path,
                         const char *data, size_t len, kr_lang lang)
{
    kr_findings found;
    kr_findings_init(&found);
    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    kr_eval_options eo = {.lang = lang};
    if (kr_doc_load(&doc, &res->diags) == 0 && rules) kr_eval_doc(rules, &doc, &eo, &found);
    kr_doc_dispose(&doc);

    kr_suppressions sup;
    kr_suppressions_init(&sup);
    kr_suppress_scan(&sup, path, data, len, kr_suppress_syntax_for(path, data, len), FUZZ_TODAY,
                     &res->diags);
    if (sup.len) {
        kr_suppress_apply(&sup, &found, path, NULL, NULL, &res->diags);
        kr_suppress_report_unused(&sup, path, &res->diags);
    }
    kr_suppressions_dispose(&sup);
    kr_findings_take(&res->findings, &found);
    kr_findings_dispose(&found);
    res->files_scanned++;
}

/* ---- strict JSON checker --------------------------------------------------- */

/* jcur - a cursor over the output being checked. */
typedef struct jcur {
    const unsigned char *p, *end;
} jcur;

#define JSON_MAX_DEPTH 512

static void ws(jcur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static bool lit(jcur *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) return false;
    c->p += n;
    return true;
}

static bool hex4(jcur *c)
{
    if (c->end - c->p < 4) return false;
    for (int i = 0; i < 4; i++) {
        unsigned char h = c->p[i];
        if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
            return false;
    }
    c->p += 4;
    return true;
}

static bool jstring(jcur *c)
{
    if (c->p >= c->end || *c->p != '"') return false;
    c->p++;
    while (c->p < c->end) {
        unsigned char ch = *c->p;
        if (ch == '"') {
            c->p++;
            return true;
        }
        if (ch < 0x20) return false;
        if (ch == '\\') {
            c->p++;
            if (c->p >= c->end) return false;
            unsigned char e = *c->p++;
            if (e == 'u') {
                if (!hex4(c)) return false;
            } else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
                return false;
            }
            continue;
        }
        if (ch < 0x80) {
            c->p++;
            continue;
        }
        uint32_t cp;
        size_t n = kr_report__utf8_decode((const char *)c->p, (size_t)(c->end - c->p), &cp);
        if (n == 0) return false;
        c->p += n;
    }
    return false;
}

static bool jnumber(jcur *c)
{
    const unsigned char *s = c->p;
    if (c->p < c->end && *c->p == '-') c->p++;
    if (c->p >= c->end) return false;
    if (*c->p == '0') {
        c->p++;
    } else if (*c->p >= '1' && *c->p <= '9') {
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
    } else {
        return false;
    }
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') return false;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9') return false;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
    }
    return c->p > s;
}

static bool jvalue(jcur *c, unsigned depth)
{
    if (depth > JSON_MAX_DEPTH) return false;
    ws(c);
    if (c->p >= c->end) return false;
    switch (*c->p) {
    case '{':
        c->p++;
        ws(c);
        if (c->p < c->end && *c->p == '}') {
            c->p++;
            return true;
        }
        for (;;) {
            ws(c);
            if (!jstring(c)) return false;
            ws(c);
            if (c->p >= c->end || *c->p != ':') return false;
            c->p++;
            if (!jvalue(c, depth + 1)) return false;
            ws(c);
            if (c->p < c->end && *c->p == ',') {
                c->p++;
                continue;
            }
            if (c->p < c->end && *c->p == '}') {
                c->p++;
                return true;
            }
            return false;
        }
    case '[':
        c->p++;
        ws(c);
        if (c->p < c->end && *c->p == ']') {
            c->p++;
            return true;
        }
        for (;;) {
            if (!jvalue(c, depth + 1)) return false;
            ws(c);
            if (c->p < c->end && *c->p == ',') {
                c->p++;
                continue;
            }
            if (c->p < c->end && *c->p == ']') {
                c->p++;
                return true;
            }
            return false;
        }
    case '"':
        return jstring(c);
    case 't':
        return lit(c, "true");
    case 'f':
        return lit(c, "false");
    case 'n':
        return lit(c, "null");
    default:
        return jnumber(c);
    }
}

/* Returns the offset of the first problem, or -1 when buf is one JSON value. */
static long json_check(const char *buf, size_t len)
{
    jcur c = {(const unsigned char *)buf, (const unsigned char *)buf + len};
    bool ok = jvalue(&c, 0);
    if (ok) {
        ws(&c);
        ok = c.p == c.end;
    }
    return ok ? -1 : (long)(c.p - (const unsigned char *)buf);
}

/* Returns the offset of the first bad byte for XML 1.0, or -1. */
static long xml_check(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') return (long)i;
        if (ch < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = kr_report__utf8_decode(buf + i, len - i, &cp);
        if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) return (long)i;
        i += n;
    }
    return -1;
}

void kr_fuzz_report_all(kr_result *res, const kr_ruleset *rules, kr_lang lang)
{
    static const char *const formats[] = {"text", "json", "sarif", "github", "junit", "checkstyle"};
    kr_findings_sort(&res->findings);
    kr_diags_sort(&res->diags);
    kr_report_options ro = {.lang = lang, .color = (lang == KR_LANG_JA), .rules = rules};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        kr_report_fn fn = kr_report_find(formats[i]);
        if (!fn) continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) abort();
        (void)fn(f, res, &ro);
        fclose(f);
        long bad = -1;
        if (strcmp(formats[i], "json") == 0 || strcmp(formats[i], "sarif") == 0)
            bad = json_check(buf, len);
        else if (strcmp(formats[i], "junit") == 0 || strcmp(formats[i], "checkstyle") == 0)
            bad = xml_check(buf, len);
        if (bad >= 0) {
            size_t from = (size_t)bad > 60 ? (size_t)bad - 60 : 0;
            size_t to = (size_t)bad + 20 < len ? (size_t)bad + 20 : len;
            fprintf(stderr, "fuzz: invalid %s output at byte %ld of %zu: ...%.*s...\n", formats[i],
                    bad, len, (int)(to - from), buf + from);
            abort();
        }
        free(buf);
    }
}

const kr_ruleset *kr_fuzz_bundled_rules(void)
{
    static kr_ruleset *rules;
    static bool loaded;
    if (!loaded) {
        loaded = true;
        const char *dir = kr_fuzz_rules_dir();
        kr_diags d;
        kr_diags_init(&d);
        if (kr_ruleset_load(&rules, &dir, 1, &d) != 0) {
            fprintf(stderr, "fuzz: the bundled rules at %s have problems (fuzzing with the %zu "
                    "rules that loaded):\n", dir, rules ? kr_ruleset_count(rules) : 0);
            kr_diags_print(&d, stderr);
        }
        kr_diags_dispose(&d);
        /* kept for the life of the process (libFuzzer's leak check only
         * looks at what one input leaves behind) */
    }
    return rules;
}
