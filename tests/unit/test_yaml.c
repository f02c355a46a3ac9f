/* test_yaml.c - the YAML/JSON adapter: scalar typing, spans, documents, tags,
 * aliases and merge keys, limits, errors, and a parse of the shared corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "diag.h"
#include "doc/doc.h"
#include "util/buf.h"
#include "util/fs.h"

/* parsed - one parse under test; owns the input copy. */
typedef struct parsed {
    kr_doc doc;
    kr_diags diags;
    char *data;
    int rc;
} parsed;

static int parse_n(parsed *p, const char *path, const char *text, size_t len)
{
    p->data = malloc(len + 1);
    memcpy(p->data, text, len);
    p->data[len] = '\0';
    kr_diags_init(&p->diags);
    kr_doc_init(&p->doc, path, p->data, len);
    p->rc = kr_doc_parse_yaml(&p->doc, &p->diags);
    return p->rc;
}

static int parse(parsed *p, const char *path, const char *text)
{
    return parse_n(p, path, text, strlen(text));
}

static void done(parsed *p)
{
    kr_doc_dispose(&p->doc);
    kr_diags_dispose(&p->diags);
    free(p->data);
}

static kr_node *root0(parsed *p)
{
    assert_true(p->doc.nroots >= 1);
    return p->doc.roots[0];
}

static void assert_span(kr_span s, unsigned l0, unsigned c0, unsigned b0, unsigned l1, unsigned c1,
                        unsigned b1)
{
    assert_int_equal(s.start.line, l0);
    assert_int_equal(s.start.col, c0);
    assert_int_equal(s.start.byte, b0);
    assert_int_equal(s.end.line, l1);
    assert_int_equal(s.end.col, c1);
    assert_int_equal(s.end.byte, b1);
}

static void assert_one_diag(parsed *p, kr_severity sev, const char *code, unsigned line,
                            unsigned col, const char *msg)
{
    assert_int_equal(p->diags.len, 1);
    const kr_diag *d = &p->diags.items[0];
    assert_int_equal(d->severity, sev);
    assert_string_equal(d->code, code);
    assert_true(d->has_pos);
    assert_int_equal(d->span.start.line, line);
    assert_int_equal(d->span.start.col, col);
    assert_string_equal(d->message, msg);
}

static kr_node *get(const kr_node *m, const char *k)
{
    kr_node *v = kr_node_get(m, k);
    if (!v) fail_msg("key %s missing", k);
    return v;
}

/* ---- scalars ---------------------------------------------------------------------- */

static void test_yaml__scalars_core_schema(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml",
                           "a: 1\nb: -42\nc: 0x1F\nd: 0o17\ne: 1.5\nf: .inf\ng: -.Inf\nh: .nan\n"
                           "i: true\nj: False\nk: null\nl: ~\nm:\nn: yes\no: \"1\"\np: 'true'\n"
                           "q: |\n  lit\nr: 1e3\ns: 99999999999999999999\nt: !!str 12\n"
                           "u: !!int \"7\"\nv: 007\nw: 1_000\nx: 12:30\ny: +.5\nz: off\n"
                           "aa: -9223372036854775808\nab: 1.\nac: .\nad: 0x\nae: !!float 3\n"),
                     0);
    kr_node *r = root0(&p);
    assert_int_equal(r->kind, KR_NODE_MAP);
    assert_int_equal(r->npairs, 31);
    kr_node *n;
    n = get(r, "a"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, 1);
    n = get(r, "b"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, -42);
    n = get(r, "c"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, 31);
    assert_string_equal(n->text, "0x1F");
    n = get(r, "d"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, 15);
    n = get(r, "e"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f == 1.5);
    n = get(r, "f"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(isinf(n->v.f) && n->v.f > 0);
    n = get(r, "g"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(isinf(n->v.f) && n->v.f < 0);
    n = get(r, "h"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(isnan(n->v.f));
    n = get(r, "i"); assert_int_equal(n->stype, KR_SCALAR_BOOL); assert_true(n->v.b);
    n = get(r, "j"); assert_int_equal(n->stype, KR_SCALAR_BOOL); assert_false(n->v.b);
    n = get(r, "k"); assert_int_equal(n->stype, KR_SCALAR_NULL);
    n = get(r, "l"); assert_int_equal(n->stype, KR_SCALAR_NULL); assert_string_equal(n->text, "~");
    n = get(r, "m"); assert_int_equal(n->stype, KR_SCALAR_NULL); assert_int_equal(n->text_len, 0);
    n = get(r, "n"); assert_int_equal(n->stype, KR_SCALAR_STRING); assert_string_equal(n->text, "yes");
    n = get(r, "o"); assert_int_equal(n->stype, KR_SCALAR_STRING); assert_string_equal(n->text, "1");
    n = get(r, "p"); assert_int_equal(n->stype, KR_SCALAR_STRING); assert_string_equal(n->text, "true");
    n = get(r, "q"); assert_int_equal(n->stype, KR_SCALAR_STRING); assert_string_equal(n->text, "lit\n");
    n = get(r, "r"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f == 1000.0);
    n = get(r, "s"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f > 9.9e19);
    assert_string_equal(n->text, "99999999999999999999");
    n = get(r, "t"); assert_int_equal(n->stype, KR_SCALAR_STRING); assert_null(n->tag);
    n = get(r, "u"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, 7);
    assert_null(n->tag);
    n = get(r, "v"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_int_equal(n->v.i, 7);
    n = get(r, "w"); assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "x"); assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "y"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f == 0.5);
    n = get(r, "z"); assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "aa"); assert_int_equal(n->stype, KR_SCALAR_INT); assert_true(n->v.i == INT64_MIN);
    n = get(r, "ab"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f == 1.0);
    n = get(r, "ac"); assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "ad"); assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "ae"); assert_int_equal(n->stype, KR_SCALAR_FLOAT); assert_true(n->v.f == 3.0);
    /* keys are strings even when they look typed */
    assert_int_equal(p.diags.len, 0);
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "1: a\ntrue: b\n~: c\n"), 0);
    r = root0(&p);
    for (size_t i = 0; i < 3; i++) assert_int_equal(r->pairs[i].key->stype, KR_SCALAR_STRING);
    assert_string_equal(r->pairs[2].key->text, "~");
    assert_string_equal(kr_node_get(r, "true")->text, "b");
    done(&p);
}

/* ---- spans -------------------------------------------------------------------------- */

static void test_yaml__spans(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml",
                           "key: value\n"      /* 0..10 */
                           "list:\n"           /* 11 */
                           "  - a\n"           /* 17 */
                           "  - \"bc\"\n"      /* 23 */
                           "map: {x: 1}\n"     /* 32 */
                           "# trailing comment\n"),
                     0);
    kr_node *r = root0(&p);
    assert_span(r->pairs[0].key->span, 0, 0, 0, 0, 3, 3);
    assert_span(r->pairs[0].value->span, 0, 5, 5, 0, 10, 10);
    assert_span(r->pairs[1].key->span, 1, 0, 11, 1, 4, 15);
    kr_node *list = r->pairs[1].value;
    assert_int_equal(list->kind, KR_NODE_SEQ);
    assert_int_equal(list->nitems, 2);
    assert_span(list->span, 2, 2, 19, 3, 8, 31); /* block: ends with its last item */
    assert_span(list->items[0]->span, 2, 4, 21, 2, 5, 22);
    assert_span(list->items[1]->span, 3, 4, 27, 3, 8, 31); /* quotes included */
    assert_string_equal(list->items[1]->text, "bc");
    kr_node *map = r->pairs[2].value;
    assert_span(map->span, 4, 5, 37, 4, 11, 43);
    assert_span(map->pairs[0].key->span, 4, 6, 38, 4, 7, 39);
    assert_span(map->pairs[0].value->span, 4, 9, 41, 4, 10, 42);
    /* the root block map ends at its last value, not at the comment */
    assert_span(r->span, 0, 0, 0, 4, 11, 43);
    done(&p);
}

static void test_yaml__spans_count_bytes(void **state)
{
    (void)state;
    parsed p;
    /* é and ü are two bytes: libyaml counts characters, spans count bytes. */
    assert_int_equal(parse(&p, "t.yaml", "\xc3\xa9: \xc3\xbc\nb: \"\xe6\x97\xa5x\"\n"), 0);
    kr_node *r = root0(&p);
    assert_span(r->pairs[0].key->span, 0, 0, 0, 0, 2, 2);
    assert_span(r->pairs[0].value->span, 0, 4, 4, 0, 6, 6);
    assert_span(r->pairs[1].key->span, 1, 0, 7, 1, 1, 8);
    assert_span(r->pairs[1].value->span, 1, 3, 10, 1, 9, 16);
    done(&p);

    /* CRLF line ends and a UTF-8 byte order mark (part of line 0's bytes) */
    assert_int_equal(parse(&p, "t.yaml", "\xef\xbb\xbf" "a: 1\r\nb:\r\n  - x\r\n"), 0);
    r = root0(&p);
    assert_span(r->pairs[0].key->span, 0, 3, 3, 0, 4, 4);
    assert_span(r->pairs[1].key->span, 1, 0, 9, 1, 1, 10);
    assert_span(r->pairs[1].value->items[0]->span, 2, 4, 17, 2, 5, 18);
    done(&p);
}

/* ---- documents ---------------------------------------------------------------------- */

static void test_yaml__multi_document(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml", "# only a comment\n---\na: 1\n---\n---\nb: 2\n...\n--- [1]\n"), 0);
    assert_int_equal(p.doc.nroots, 3);
    assert_int_equal(p.doc.roots[0]->kind, KR_NODE_MAP);
    assert_int_equal(kr_node_get(p.doc.roots[1], "b")->v.i, 2);
    assert_int_equal(p.doc.roots[2]->kind, KR_NODE_SEQ);
    assert_span(p.doc.roots[2]->span, 7, 4, 47, 7, 7, 50);
    for (size_t i = 0; i < 3; i++) assert_int_equal(p.doc.root_formats[i], KR_FMT_UNKNOWN);
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", ""), 0);
    assert_int_equal(p.doc.nroots, 0);
    done(&p);
    assert_int_equal(parse(&p, "t.yaml", "# nothing\n---\n...\n"), 0);
    assert_int_equal(p.doc.nroots, 0);
    done(&p);
    assert_int_equal(parse(&p, "t.yaml", "just text\n"), 0);
    assert_int_equal(p.doc.nroots, 1);
    assert_string_equal(p.doc.roots[0]->text, "just text");
    done(&p);
}

/* ---- tags ------------------------------------------------------------------------------ */

static void test_yaml__tags_kept(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml",
                           "A: !Ref X\nB: !GetAtt [R, Arn]\nC: !Sub |\n  x-${Y}\nD: !!str 5\n"
                           "E: !custom 3\nF: !If\n  - c\n  - {a: 1}\nG: ! 12\nH: !!map {a: 1}\n"),
                     0);
    kr_node *r = root0(&p);
    kr_node *n = get(r, "A");
    assert_int_equal(n->kind, KR_NODE_SCALAR);
    assert_string_equal(n->tag, "!Ref");
    assert_string_equal(n->text, "X");
    assert_int_equal(n->stype, KR_SCALAR_STRING);
    assert_span(n->span, 0, 3, 3, 0, 9, 9); /* the tag is part of the node */
    n = get(r, "B");
    assert_int_equal(n->kind, KR_NODE_SEQ);
    assert_string_equal(n->tag, "!GetAtt");
    assert_int_equal(n->nitems, 2);
    n = get(r, "C");
    assert_string_equal(n->tag, "!Sub");
    assert_string_equal(n->text, "x-${Y}\n");
    n = get(r, "D");
    assert_null(n->tag);
    assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "E");
    assert_string_equal(n->tag, "!custom");
    assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "F");
    assert_string_equal(n->tag, "!If");
    assert_int_equal(n->kind, KR_NODE_SEQ);
    n = get(r, "G");
    assert_null(n->tag);
    assert_int_equal(n->stype, KR_SCALAR_STRING);
    n = get(r, "H");
    assert_null(n->tag);
    assert_int_equal(n->kind, KR_NODE_MAP);
    done(&p);
}

/* ---- aliases and merge keys ---------------------------------------------------------- */

static void test_yaml__aliases_shared_and_merge_keys(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml",
                           "base: &base\n  a: 1\n  b: 2\n"
                           "x: *base\n"
                           "y:\n  b: 3\n  <<: *base\n  c: 4\n"
                           "z:\n  <<: [*base, {d: 5, a: 9}]\n"
                           "s: &s hello\nt: *s\n"
                           "*s : keyed\n"),
                     0);
    kr_node *r = root0(&p);
    kr_node *base = get(r, "base");
    assert_ptr_equal(get(r, "x"), base);
    kr_node *y = get(r, "y");
    assert_int_equal(y->npairs, 3);
    assert_string_equal(y->pairs[0].key->text, "b");
    assert_int_equal(y->pairs[0].value->v.i, 3); /* the map's own key wins */
    assert_string_equal(y->pairs[1].key->text, "c");
    assert_string_equal(y->pairs[2].key->text, "a");
    assert_ptr_equal(y->pairs[2].value, kr_node_get(base, "a")); /* shared, not copied */
    kr_node *z = get(r, "z");
    assert_int_equal(z->npairs, 3);
    assert_int_equal(get(z, "a")->v.i, 1); /* earlier merge source wins */
    assert_int_equal(get(z, "b")->v.i, 2);
    assert_int_equal(get(z, "d")->v.i, 5);
    assert_null(kr_node_get(z, "<<"));
    assert_ptr_equal(get(r, "t"), get(r, "s"));
    /* an alias used as a key gets its own string key node at the alias */
    const kr_pair *kp = kr_node_get_pair(r, "hello");
    assert_non_null(kp);
    assert_string_equal(kp->value->text, "keyed");
    assert_span(kp->key->span, 12, 0, 113, 12, 2, 115);
    assert_int_equal(p.diags.len, 0); /* merged keys are not duplicates */
    done(&p);

    /* a quoted "<<" is an ordinary key */
    assert_int_equal(parse(&p, "t.json", "{\"<<\": {\"a\": 1}}"), 0);
    assert_non_null(kr_node_get(root0(&p), "<<"));
    done(&p);
}

static void test_yaml__undefined_and_recursive_alias(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml", "a: 1\nb: *nope\n"), KR_EPARSE);
    assert_int_equal(p.doc.nroots, 0);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 3, "undefined alias *nope");
    done(&p);

    /* anchors do not cross documents */
    assert_int_equal(parse(&p, "t.yaml", "a: &x 1\n---\nb: *x\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 2, 3, "undefined alias *x");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: &x [1, *x]\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 0, 10,
                    "alias *x refers to a collection that contains it (recursive alias)");
    done(&p);
}

static void test_yaml__billion_laughs_refused(void **state)
{
    (void)state;
    const char *bomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    parsed p;
    assert_int_equal(parse(&p, "bomb.yaml", bomb), KR_ELIMIT);
    assert_int_equal(p.doc.nroots, 0);
    /* expanded: b 9*10=90; c 9*91=819; d 9*820=7380 (8289 so far); e's first *d (7381) passes */
    assert_one_diag(&p, KR_SEV_ERROR, "limit", 4, 7,
                    "alias expansion exceeds 10000 nodes (an alias bomb?); file not scanned");
    done(&p);

    /* the same shape three levels deep is an ordinary file */
    char small[512];
    const char *cut = strstr(bomb, "d:");
    snprintf(small, sizeof small, "%.*s", (int)(cut - bomb), bomb);
    assert_int_equal(parse(&p, "ok.yaml", small), 0);
    kr_node *c = get(root0(&p), "c");
    assert_int_equal(c->nitems, 9);
    assert_ptr_equal(c->items[0], c->items[8]);
    done(&p);
}

/* ---- limits and errors --------------------------------------------------------------- */

static void test_yaml__depth_bomb_refused(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(n + 1);
    memset(s, '[', n);
    s[n] = '\0';
    parsed p;
    assert_int_equal(parse(&p, "deep.json", s), KR_ELIMIT);
    assert_int_equal(p.doc.nroots, 0);
    assert_one_diag(&p, KR_SEV_ERROR, "limit", 0, 256, "nesting depth exceeds 256");
    done(&p);
    free(s);

    /* exactly KR_MAX_DEPTH levels are fine */
    char ok[2 * KR_MAX_DEPTH + 1];
    memset(ok, '[', KR_MAX_DEPTH);
    memset(ok + KR_MAX_DEPTH, ']', KR_MAX_DEPTH);
    ok[2 * KR_MAX_DEPTH] = '\0';
    assert_int_equal(parse(&p, "deep.json", ok), 0);
    assert_int_equal(p.doc.nroots, 1);
    done(&p);

    /* block nesting too */
    kr_buf b;
    kr_buf_init(&b, 0);
    for (int i = 0; i < 300; i++) {
        for (int k = 0; k < i; k++) kr_buf_putc(&b, ' ');
        kr_buf_puts(&b, "k:\n");
    }
    assert_int_equal(parse(&p, "deep.yaml", kr_buf_cstr(&b)), KR_ELIMIT);
    assert_one_diag(&p, KR_SEV_ERROR, "limit", 256, 256, "nesting depth exceeds 256");
    done(&p);
    kr_buf_dispose(&b);
}

static void test_yaml__invalid_utf8(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml", "a: ok\nb: \"x\xff\"\n"), KR_EPARSE);
    assert_int_equal(p.doc.nroots, 0);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 5,
                    "YAML: invalid leading UTF-8 octet (byte 0xFF at offset 11): the file is not "
                    "valid UTF-8");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: \xe6\x97\n"), KR_EPARSE);
    /* the position is the offending byte (here the newline after a cut sequence) */
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 0, 5,
                    "YAML: invalid trailing UTF-8 octet (byte 0x0A at offset 5): the file is not "
                    "valid UTF-8");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: \xe6\x97"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 0, 3,
                    "YAML: incomplete UTF-8 octet sequence (at offset 3): the file is not valid "
                    "UTF-8");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: b\x07\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 0, 4,
                    "YAML: control characters are not allowed (U+0007 at offset 4)");
    done(&p);

    assert_int_equal(parse_n(&p, "t.json", "\xff\xfe{\0}\0", 6), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 0, 0,
                    "the file is UTF-16 or UTF-32 encoded; krewlint reads UTF-8 only");
    done(&p);
}

static void test_yaml__syntax_errors(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml", "a: [1, 2\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 0,
                    "YAML: did not find expected ',' or ']' (while parsing a flow sequence at line "
                    "1 column 4)");
    done(&p);

    assert_int_equal(parse(&p, "t.json", "{\"a\": {\"b\": 1}\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 0,
                    "JSON: did not find expected ',' or '}' (while parsing a flow mapping at line "
                    "1 column 1)");
    done(&p);

    /* an error in a later document leaves no roots from the earlier ones */
    assert_int_equal(parse(&p, "t.yaml", "a: 1\nb: 2 # dup below\nb: 3\n---\nc:\n  d: 1\n e: 2\n"),
                     KR_EPARSE);
    assert_int_equal(p.doc.nroots, 0);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 6, 1,
                    "YAML: did not find expected key (while parsing a block mapping at line 5 "
                    "column 1)");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: 1\n\tb: 2\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 0,
                    "YAML: found a tab character that violates indentation (while scanning a "
                    "plain scalar at line 1 column 4)");
    done(&p);

    assert_int_equal(parse(&p, "t.yaml", "a: 'open\n"), KR_EPARSE);
    assert_one_diag(&p, KR_SEV_ERROR, "parse-error", 1, 0,
                    "YAML: found unexpected end of stream (while scanning a quoted scalar at line "
                    "1 column 4)");
    done(&p);
}

static void test_yaml__duplicate_key_warning(void **state)
{
    (void)state;
    parsed p;
    assert_int_equal(parse(&p, "t.yaml", "a: 1\nb: 2\na: 3\n"), 0);
    kr_node *r = root0(&p);
    assert_int_equal(r->npairs, 2);
    assert_int_equal(get(r, "a")->v.i, 1);
    assert_one_diag(&p, KR_SEV_WARNING, "duplicate-key", 2, 0,
                    "duplicate key \"a\" (first at line 1 column 1); the first value is used");
    assert_int_equal(p.diags.errors, 0);
    done(&p);

    /* a big map takes the sorted path; order of the kept pairs is the source order */
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_putc(&b, '{');
    for (int i = 0; i < 40; i++) kr_buf_printf(&b, "\"k%d\": %d, ", i % 30, i);
    kr_buf_puts(&b, "\"z\": 0}");
    assert_int_equal(parse(&p, "t.json", kr_buf_cstr(&b)), 0);
    r = root0(&p);
    assert_int_equal(r->npairs, 31);
    assert_string_equal(r->pairs[0].key->text, "k0");
    assert_int_equal(get(r, "k5")->v.i, 5);
    assert_string_equal(r->pairs[30].key->text, "z");
    assert_int_equal(p.diags.len, 10);
    done(&p);

    /* at most 100 warnings per file, then one summary */
    kr_buf_clear(&b);
    for (int i = 0; i < 150; i++) kr_buf_printf(&b, "- {a: %d, a: %d}\n", i, i);
    assert_int_equal(parse(&p, "t.yaml", kr_buf_cstr(&b)), 0);
    assert_int_equal(p.diags.len, 101);
    assert_string_equal(p.diags.items[100].message,
                        "more than 100 duplicate keys; the others are not reported");
    assert_int_equal(p.diags.items[100].span.start.line, 100);
    kr_buf_dispose(&b);
    done(&p);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static char *read_fixture(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", KR_FIXTURE_DIR, rel);
    char *data = NULL;
    const char *err = NULL;
    if (kr_fs_read(&data, len, path, &err) != 0) fail_msg("cannot read %s: %s", path, err);
    return data;
}

static void test_yaml__json_with_tabs_and_newline_before_colon(void **state)
{
    (void)state;
    size_t len;
    char *data = read_fixture("yaml/tabs.json", &len);
    parsed p;
    assert_int_equal(parse_n(&p, "tabs.json", data, len), 0);
    kr_node *r = root0(&p);
    assert_int_equal(r->kind, KR_NODE_MAP);
    kr_node *v = get(r, "Description");
    assert_string_equal(v->text, "tab\tinside a string stays");
    kr_node *res = get(r, "Resources");
    kr_node *bucket = get(res, "Bucket");
    assert_string_equal(get(bucket, "Type")->text, "AWS::S3::Bucket");
    /* spans index the original bytes: line 3 is "\t\t\"Bucket\": {" */
    const kr_pair *bp = kr_node_get_pair(res, "Bucket");
    assert_span(bp->key->span, 3, 2, bp->key->span.start.byte, 3, 10, bp->key->span.end.byte);
    assert_memory_equal(data + bp->key->span.start.byte, "\"Bucket\"", 8);
    kr_node *late = get(r, "Late");
    assert_int_equal(late->stype, KR_SCALAR_INT);
    assert_int_equal(late->v.i, 1);
    assert_int_equal(p.diags.len, 0);
    done(&p);
    free(data);
}

/* JSON keys of 1,024 characters or more (libyaml's simple-key limit) parse,
 * with their decoded text and the span of the key in the file; the values
 * after them keep their positions. */
static void test_yaml__json_long_keys(void **state)
{
    (void)state;
    kr_buf b, want;
    kr_buf_init(&b, 0);
    kr_buf_init(&want, 0);
    /* key 1: 1,500 x \u00e9 (2 bytes each) then an escaped quote and \u00e9 */
    kr_buf_puts(&b, "{\"a\": 1,\n \"");
    for (int i = 0; i < 1500; i++) kr_buf_puts(&b, "\xc3\xa9"), kr_buf_puts(&want, "\xc3\xa9");
    kr_buf_puts(&b, "\\\"q\\u00e9\"\n   : {\"in\": true}, \"");
    kr_buf_puts(&want, "\"q\xc3\xa9");
    /* key 2: 4,000 ASCII characters */
    for (int i = 0; i < 4000; i++) kr_buf_putc(&b, (char)('a' + i % 26));
    kr_buf_puts(&b, "\": [1e3, \"z\"]}\n");
    const char *data = kr_buf_cstr(&b);

    parsed p;
    assert_int_equal(parse_n(&p, "long.json", data, b.len), 0);
    assert_int_equal(p.diags.len, 0);
    kr_node *r = root0(&p);
    assert_int_equal(r->npairs, 3);
    assert_int_equal(get(r, "a")->v.i, 1);
    const kr_pair *k1 = kr_node_get_pair(r, kr_buf_cstr(&want));
    assert_non_null(k1);
    assert_int_equal(k1->key->text_len, want.len);
    assert_int_equal(k1->key->span.start.line, 1);
    assert_int_equal(k1->key->span.start.col, 1);
    assert_int_equal(k1->key->span.start.byte, 10);
    assert_int_equal(data[k1->key->span.end.byte - 1], '"');
    assert_true(get(k1->value, "in")->v.b);
    assert_int_equal(get(k1->value, "in")->span.start.line, 2);
    char k2[4001];
    for (int i = 0; i < 4000; i++) k2[i] = (char)('a' + i % 26);
    k2[4000] = '\0';
    const kr_pair *p2 = kr_node_get_pair(r, k2);
    assert_non_null(p2);
    assert_memory_equal(data + p2->key->span.start.byte, "\"abc", 4);
    assert_int_equal(p2->value->kind, KR_NODE_SEQ);
    assert_string_equal(p2->value->items[1]->text, "z");
    assert_memory_equal(data + p2->value->items[1]->span.start.byte, "\"z\"", 3);
    done(&p);

    /* a long key that is not a string JSON reads (a raw tab) still fails */
    kr_buf_clear(&b);
    kr_buf_puts(&b, "{\"");
    for (int i = 0; i < 1100; i++) kr_buf_putc(&b, i == 700 ? '\t' : 'k');
    kr_buf_puts(&b, "\": 1}");
    assert_int_equal(parse_n(&p, "bad.json", kr_buf_cstr(&b), b.len), KR_EPARSE);
    done(&p);
    kr_buf_dispose(&b);
    kr_buf_dispose(&want);
}

/* ---- corpus ------------------------------------------------------------------------------ */

/* corpus - counts over a folder walk. */
typedef struct corpus {
    int files;
    int failed;
    int roots;
} corpus;

static bool want_corpus_file(const char *name)
{
    size_t n = strlen(name);
    const char *exts[] = {".yaml", ".yml", ".json", ".template"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t m = strlen(exts[i]);
        if (n > m && strcmp(name + n - m, exts[i]) == 0) return true;
    }
    return false;
}

static void walk_corpus(const char *dir, corpus *c)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk_corpus(path, c);
            continue;
        }
        if (!S_ISREG(st.st_mode) || !want_corpus_file(e->d_name)) continue;
        char *data = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &len, path, &err) != 0) continue;
        kr_doc doc;
        kr_diags diags;
        kr_diags_init(&diags);
        kr_doc_init(&doc, path, data, len);
        int rc = kr_doc_parse_yaml(&doc, &diags);
        c->files++;
        if (rc != 0) {
            c->failed++;
            const kr_diag *dg = diags.len ? &diags.items[diags.len - 1] : NULL;
            printf("  corpus: %s:%u:%u: %s\n", path, dg ? dg->span.start.line + 1 : 0,
                   dg ? dg->span.start.col + 1 : 0, dg ? dg->message : "(no diagnostic)");
            assert_int_equal(doc.nroots, 0);
            assert_true(diags.errors >= 1);
        } else {
            c->roots += (int)doc.nroots;
        }
        kr_doc_dispose(&doc);
        kr_diags_dispose(&diags);
        free(data);
    }
    closedir(d);
}

static void test_yaml__corpus_parses(void **state)
{
    (void)state;
    const char *dir = getenv("KREWLINT_CORPUS");
    if (!dir) dir = "/work/shared/corpus";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("  corpus: %s not found, skipped\n", dir);
        skip();
    }
    corpus c = {0, 0, 0};
    walk_corpus(dir, &c);
    printf("  corpus: %d files, %d documents, %d failed to parse\n", c.files, c.roots, c.failed);
    assert_true(c.files > 0);
    /* Every file of the shared corpus is valid YAML/JSON. */
    assert_int_equal(c.failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml__scalars_core_schema),
        cmocka_unit_test(test_yaml__spans),
        cmocka_unit_test(test_yaml__spans_count_bytes),
        cmocka_unit_test(test_yaml__multi_document),
        cmocka_unit_test(test_yaml__tags_kept),
        cmocka_unit_test(test_yaml__aliases_shared_and_merge_keys),
        cmocka_unit_test(test_yaml__undefined_and_recursive_alias),
        cmocka_unit_test(test_yaml__billion_laughs_refused),
        cmocka_unit_test(test_yaml__depth_bomb_refused),
        cmocka_unit_test(test_yaml__invalid_utf8),
        cmocka_unit_test(test_yaml__syntax_errors),
        cmocka_unit_test(test_yaml__duplicate_key_warning),
        cmocka_unit_test(test_yaml__json_with_tabs_and_newline_before_colon),
        cmocka_unit_test(test_yaml__json_long_keys),
        cmocka_unit_test(test_yaml__corpus_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
