/* test_path.c - path compilation (errors with columns) and resolution
 * (fan-out, absent vs unknown, quoted keys, indexes, limits) (src/rules/path.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/path.h"

/* ------------------------------------------------------------- builders */

static kr_arena *A;

static kr_span nospan(void)
{
    kr_span sp;
    memset(&sp, 0, sizeof sp);
    return sp;
}

static kr_node *map(void)
{
    return kr_node_new(A, KR_NODE_MAP, nospan());
}

static kr_node *seq(void)
{
    return kr_node_new(A, KR_NODE_SEQ, nospan());
}

static kr_node *str(const char *s)
{
    return kr_node_new_scalar(A, KR_SCALAR_STRING, s, strlen(s), nospan());
}

static kr_node *num(int64_t i)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", (long long)i);
    kr_node *x = kr_node_new_scalar(A, KR_SCALAR_INT, b, (size_t)n, nospan());
    x->v.i = i;
    return x;
}

static kr_node *null_node(void)
{
    return kr_node_new_scalar(A, KR_SCALAR_NULL, "", 0, nospan());
}

static kr_node *expr(const char *s)
{
    kr_node *x = kr_node_new(A, KR_NODE_EXPR, nospan());
    x->text = s;
    x->text_len = strlen(s);
    return x;
}

static kr_node *put(kr_node *m, const char *key, kr_node *v)
{
    kr_node_map_put(A, m, str(key), v);
    return v;
}

static kr_node *push(kr_node *s, kr_node *v)
{
    kr_node_seq_push(A, s, v);
    return v;
}

static int setup(void **state)
{
    (void)state;
    A = kr_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kr_arena_free(A);
    A = NULL;
    return 0;
}

/* Compiles (must succeed) and resolves into a fresh hits list. */
static kr_path_hits resolve(const char *text, const kr_node *root)
{
    size_t col = 999;
    const char *msg = NULL;
    kr_path *p = kr_path_compile(text, &col, &msg);
    if (!p) fail_msg("path \"%s\" rejected at %zu: %s", text, col, msg ? msg : "(null)");
    kr_path_hits h = {0};
    kr_path_resolve(p, root, &h);
    kr_path_free(p);
    return h;
}

#define HIT(h, i, st, nd, sp)                                                        \
    do {                                                                             \
        assert_true((size_t)(i) < (h).len);                                          \
        assert_int_equal((h).items[i].state, (st));                                  \
        assert_ptr_equal((h).items[i].node, (nd));                                   \
        assert_ptr_equal((h).items[i].stop, (sp));                                   \
    } while (0)

/* -------------------------------------------------------------- compile */

static void test_path__compile_errors(void **state)
{
    (void)state;
    static const struct { const char *text; size_t col; const char *msg; } t[] = {
        {"", 0, "empty path"},
        {".a", 0, "empty key"},
        {"a..b", 2, "empty key"},
        {"a.", 2, "empty key"},
        {"a.[0]", 2, "empty key"},
        {"'abc", 0, "unterminated quote"},
        {"a.\"b.c", 2, "unterminated quote"},
        {"a.'b\\", 2, "unterminated quote"},
        {"a.'b\\n'", 4, "bad escape (only \\\\, \\' and \\\" are allowed)"},
        {"a[", 2, "expected index, '*' or quoted key"},
        {"a[1", 3, "expected ']'"},
        {"a[1.b", 3, "expected ']'"},
        {"a[*x]", 3, "expected ']'"},
        {"a['k'x]", 5, "expected ']'"},
        {"a[]", 2, "bad index"},
        {"a[x]", 2, "bad index"},
        {"a[-]", 2, "bad index"},
        {"a[+1]", 2, "bad index"},
        {"a[ 1]", 2, "bad index"},
        {"a[1x]", 2, "bad index"},
        {"a[99999999999999999999999]", 2, "bad index (too large)"},
        {"a]", 1, "unexpected ']'"},
        {"]", 0, "unexpected ']'"},
        {"a.b]", 3, "unexpected ']'"},
        {"a[0]]", 4, "unexpected ']'"},
        {"a[0]b", 4, "expected '.' or '['"},
        {"'a'b", 3, "expected '.' or '['"},
        {"a'b'", 1, "unexpected quote inside a key"},
        {"a b", 1, "unexpected whitespace (quote the key)"},
        {"a.b ", 3, "unexpected whitespace (quote the key)"},
        {"a*", 1, "'*' must be a whole step (quote the key)"},
        {"a.b*c", 3, "'*' must be a whole step (quote the key)"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        size_t col = 999;
        const char *msg = NULL;
        kr_path *p = kr_path_compile(t[i].text, &col, &msg);
        if (p) {
            kr_path_free(p);
            fail_msg("path \"%s\" compiled, want error", t[i].text);
        }
        if (col != t[i].col) fail_msg("path \"%s\": column %zu, want %zu", t[i].text, col, t[i].col);
        if (!msg || strcmp(msg, t[i].msg) != 0)
            fail_msg("path \"%s\": message \"%s\", want \"%s\"", t[i].text, msg ? msg : "(null)", t[i].msg);
    }
    /* NULL text and NULL outputs are tolerated */
    assert_null(kr_path_compile(NULL, NULL, NULL));
}

static void test_path__compile_limits(void **state)
{
    (void)state;
    size_t col = 0;
    const char *msg = NULL;
    char text[5000];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    assert_null(kr_path_compile(text, &col, &msg));
    assert_int_equal(col, 4096);
    assert_string_equal(msg, "path too long");

    /* 128 steps compile; the 129th is an error at its own column */
    char steps[400];
    size_t n = 0;
    for (int i = 0; i < 129; i++) {
        steps[n++] = 'a';
        steps[n++] = '.';
    }
    steps[n - 1] = '\0'; /* "a.a. ... a" with 129 keys */
    assert_null(kr_path_compile(steps, &col, &msg));
    assert_int_equal(col, 256);
    assert_string_equal(msg, "too many steps");
    steps[255] = '\0'; /* 128 keys */
    kr_path *p = kr_path_compile(steps, &col, &msg);
    assert_non_null(p);
    kr_path_free(p);
    kr_path_free(NULL);
}

/* -------------------------------------------------------------- resolve */

static void test_path__keys_found_and_absent(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *dflt = put(root, "default_action", map());
    kr_node *type = put(dflt, "type", str("forward"));
    kr_node *days = put(root, "backup_retention_period", num(7));

    kr_path_hits h = resolve("backup_retention_period", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, days, NULL);
    kr_path_hits_dispose(&h);
    assert_null(h.items);
    assert_int_equal(h.len, 0);

    h = resolve("default_action.type", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, type, NULL);
    kr_path_hits_dispose(&h);

    /* absent: stop is the map that lacks the key */
    h = resolve("default_action.redirect.port", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, dflt);
    kr_path_hits_dispose(&h);

    h = resolve("nope", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, root);
    kr_path_hits_dispose(&h);

    /* a key step on a string, an int or a null: absent, stop = that scalar */
    h = resolve("default_action.type.x", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, type);
    kr_path_hits_dispose(&h);
    h = resolve("backup_retention_period[0]", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, days);
    kr_path_hits_dispose(&h);
    kr_node *nul = put(root, "tags", null_node());
    h = resolve("tags.Owner", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, nul);
    kr_path_hits_dispose(&h);

    /* keys are exact: case and length matter; the first duplicate wins */
    h = resolve("Default_action", root);
    HIT(h, 0, 1, NULL, root);
    kr_path_hits_dispose(&h);
    h = resolve("default_actio", root);
    HIT(h, 0, 1, NULL, root);
    kr_path_hits_dispose(&h);
    kr_node *dup = map();
    kr_node *first = put(dup, "k", num(1));
    put(dup, "k", num(2));
    h = resolve("k", dup);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, first, NULL);
    kr_path_hits_dispose(&h);
}

static void test_path__fanout_over_sequences(void **state)
{
    (void)state;
    /* ingress is a sequence of blocks; a key step applies to each */
    kr_node *root = map();
    kr_node *ingress = put(root, "ingress", seq());
    kr_node *i0 = push(ingress, map());
    kr_node *c0 = put(i0, "cidr_blocks", seq());
    push(c0, str("10.0.0.0/8"));
    kr_node *i1 = push(ingress, map()); /* no cidr_blocks */
    put(i1, "from_port", num(22));
    kr_node *i2 = push(ingress, map());
    kr_node *c2 = put(i2, "cidr_blocks", seq());
    kr_node *c2a = push(c2, str("0.0.0.0/0"));
    kr_node *c2b = push(c2, str("::/0"));

    kr_path_hits h = resolve("ingress.cidr_blocks", root);
    assert_int_equal(h.len, 3);
    HIT(h, 0, 0, c0, NULL);
    HIT(h, 1, 1, NULL, i1);
    HIT(h, 2, 0, c2, NULL);
    kr_path_hits_dispose(&h);

    /* same with [*] */
    h = resolve("ingress[*].cidr_blocks", root);
    assert_int_equal(h.len, 3);
    HIT(h, 0, 0, c0, NULL);
    HIT(h, 1, 1, NULL, i1);
    HIT(h, 2, 0, c2, NULL);
    kr_path_hits_dispose(&h);

    h = resolve("ingress[*].cidr_blocks[*]", root);
    assert_int_equal(h.len, 4);
    HIT(h, 0, 0, c0->items[0], NULL);
    HIT(h, 1, 1, NULL, i1);
    HIT(h, 2, 0, c2a, NULL);
    HIT(h, 3, 0, c2b, NULL);
    kr_path_hits_dispose(&h);

    /* a single block (a map) works with the same path */
    kr_node *one = map();
    kr_node *blk = put(one, "ingress", map());
    kr_node *fp = put(blk, "from_port", num(443));
    h = resolve("ingress.from_port", one);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, fp, NULL);
    kr_path_hits_dispose(&h);

    /* the final value itself is never fanned out: a sequence is returned whole */
    h = resolve("ingress", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, ingress, NULL);
    kr_path_hits_dispose(&h);

    /* a key step on a sequence of scalars: each scalar is absent */
    h = resolve("ingress[2].cidr_blocks.x", root);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 1, NULL, c2a);
    HIT(h, 1, 1, NULL, c2b);
    kr_path_hits_dispose(&h);
}

static void test_path__fanout_nested_sequences(void **state)
{
    (void)state;
    /* a: [[{k:1},{k:2}], [{k:3}], []] -- a key step goes through every level */
    kr_node *root = map();
    kr_node *a = put(root, "a", seq());
    kr_node *s0 = push(a, seq());
    kr_node *m0 = push(s0, map());
    kr_node *k1 = put(m0, "k", num(1));
    kr_node *m1 = push(s0, map());
    kr_node *k2 = put(m1, "k", num(2));
    kr_node *s1 = push(a, seq());
    kr_node *m2 = push(s1, map());
    kr_node *k3 = put(m2, "k", num(3));
    push(a, seq()); /* empty: contributes nothing */

    kr_path_hits h = resolve("a.k", root);
    assert_int_equal(h.len, 3);
    HIT(h, 0, 0, k1, NULL);
    HIT(h, 1, 0, k2, NULL);
    HIT(h, 2, 0, k3, NULL);
    kr_path_hits_dispose(&h);

    /* spec.containers[*].env[*] */
    kr_node *pod = map();
    kr_node *spec = put(pod, "spec", map());
    kr_node *ctrs = put(spec, "containers", seq());
    kr_node *ct0 = push(ctrs, map());
    kr_node *env0 = put(ct0, "env", seq());
    kr_node *e0 = push(env0, map());
    kr_node *e1 = push(env0, map());
    kr_node *ct1 = push(ctrs, map()); /* no env */
    kr_node *ct2 = push(ctrs, map());
    put(ct2, "env", seq()); /* empty env */
    h = resolve("spec.containers[*].env[*]", pod);
    assert_int_equal(h.len, 3);
    HIT(h, 0, 0, e0, NULL);
    HIT(h, 1, 0, e1, NULL);
    HIT(h, 2, 1, NULL, ct1);
    kr_path_hits_dispose(&h);
}

static void test_path__empty_fanout_yields_nothing(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *empty = put(root, "rules", seq());
    put(root, "labels", map());
    kr_path_hits h = resolve("rules.port", root);
    assert_int_equal(h.len, 0);
    kr_path_hits_dispose(&h);
    h = resolve("rules[*]", root);
    assert_int_equal(h.len, 0);
    kr_path_hits_dispose(&h);
    h = resolve("labels.*", root);
    assert_int_equal(h.len, 0);
    kr_path_hits_dispose(&h);
    /* but an index into it is absent */
    h = resolve("rules[0]", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, empty);
    kr_path_hits_dispose(&h);
}

static void test_path__index(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *l = put(root, "list", seq());
    kr_node *x0 = push(l, str("a"));
    kr_node *x1 = push(l, str("b"));
    kr_node *x2 = push(l, str("c"));
    kr_node *m = put(root, "m", map());
    put(m, "0", str("zero"));

    kr_path_hits h = resolve("list[0]", root);
    HIT(h, 0, 0, x0, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("list[2]", root);
    HIT(h, 0, 0, x2, NULL);
    kr_path_hits_dispose(&h);
    /* negative counts from the end */
    h = resolve("list[-1]", root);
    HIT(h, 0, 0, x2, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("list[-3]", root);
    HIT(h, 0, 0, x0, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("list[1]", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, x1, NULL);
    kr_path_hits_dispose(&h);
    /* out of range: absent at the sequence */
    h = resolve("list[3]", root);
    HIT(h, 0, 1, NULL, l);
    kr_path_hits_dispose(&h);
    h = resolve("list[-4]", root);
    HIT(h, 0, 1, NULL, l);
    kr_path_hits_dispose(&h);
    /* an index on a map is absent (quote "0" to use it as a key) */
    h = resolve("m[0]", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, m);
    kr_path_hits_dispose(&h);
    h = resolve("m['0']", root);
    assert_int_equal(h.len, 1);
    assert_int_equal(h.items[0].state, 0);
    assert_string_equal(h.items[0].node->text, "zero");
    kr_path_hits_dispose(&h);
    /* a root that is a sequence, path starting with a bracket */
    h = resolve("[1]", l);
    HIT(h, 0, 0, x1, NULL);
    kr_path_hits_dispose(&h);
}

static void test_path__wildcards(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *tags = put(root, "Tags", map());
    kr_node *t1 = put(tags, "Owner", str("me"));
    kr_node *t2 = put(tags, "Env", str("prod"));
    kr_node *s = put(root, "s", str("scalar"));

    kr_path_hits h = resolve("Tags.*", root);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 0, t1, NULL);
    HIT(h, 1, 0, t2, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("Tags[*]", root);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 0, t1, NULL);
    HIT(h, 1, 0, t2, NULL);
    kr_path_hits_dispose(&h);
    /* '*' as the first step; over the root map */
    h = resolve("*.Owner", root);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 0, t1, NULL);
    HIT(h, 1, 1, NULL, s);
    kr_path_hits_dispose(&h);
    /* wildcard on a scalar: absent */
    h = resolve("s.*", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, s);
    kr_path_hits_dispose(&h);
}

/* [~'re']: the values of a map whose key matches; none is no hit at all */
static void test_path__key_patterns(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *env = put(root, "Variables", map());
    kr_node *v1 = put(env, "DB_PASSWORD", str("x"));
    (void)put(env, "REGION", str("ap-northeast-1"));
    kr_node *v3 = put(env, "apiToken", str("y"));
    kr_node *list = put(root, "list", seq());
    kr_node *m1 = push(list, map());
    kr_node *w1 = put(m1, "Secret", str("z"));
    kr_node *s = put(root, "s", str("scalar"));

    kr_path_hits h = resolve("Variables[~'(?i)passw(or)?d|token']", root);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 0, v1, NULL);
    HIT(h, 1, 0, v3, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("Variables[~\"^NOPE$\"]", root);
    assert_int_equal(h.len, 0);
    kr_path_hits_dispose(&h);
    h = resolve("list[~'^Secret$']", root); /* fan-out over a sequence */
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, w1, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("s[~'x']", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 1, NULL, s);
    kr_path_hits_dispose(&h);
    /* [?]: literals only */
    kr_node *e = put(env, "OTHER_TOKEN", expr("var.token"));
    (void)e;
    h = resolve("Variables[~'TOKEN|PASSWORD'][?]", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, v1, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("Variables[?]", root); /* a map is not a literal */
    assert_int_equal(h.len, 0);
    kr_path_hits_dispose(&h);
    size_t col = 0;
    const char *msg = NULL;
    assert_null(kr_path_compile("a[~'(x']", &col, &msg));
    assert_non_null(strstr(msg, "regular expression"));
    assert_null(kr_path_compile("a[~x]", &col, &msg));
    assert_int_equal(col, 3);
}

static void test_path__unknown_vs_absent(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *tags = put(root, "tags", expr("var.tags"));
    kr_node *ref = put(root, "Role", str("MyRole"));
    ref->tag = "!Ref";
    kr_node *val = put(root, "kms_key_id", expr("aws_kms_key.k.arn"));
    kr_node *list = put(root, "rules", seq());
    kr_node *r0 = push(list, map());
    kr_node *p0 = put(r0, "port", num(22));
    kr_node *r1 = push(list, expr("local.rule"));
    kr_node *r2 = push(list, map());

    /* stepping into an expression is unknown, not absent */
    kr_path_hits h = resolve("tags.Owner", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 2, NULL, tags);
    kr_path_hits_dispose(&h);
    h = resolve("tags[*]", root);
    HIT(h, 0, 2, NULL, tags);
    kr_path_hits_dispose(&h);
    h = resolve("tags[0]", root);
    HIT(h, 0, 2, NULL, tags);
    kr_path_hits_dispose(&h);
    /* a tagged CloudFormation intrinsic too */
    h = resolve("Role.Arn", root);
    HIT(h, 0, 2, NULL, ref);
    kr_path_hits_dispose(&h);
    /* an expression as the final value is found: the evaluator decides */
    h = resolve("kms_key_id", root);
    HIT(h, 0, 0, val, NULL);
    kr_path_hits_dispose(&h);
    /* mixed branches: found, unknown, absent, in order */
    h = resolve("rules.port", root);
    assert_int_equal(h.len, 3);
    HIT(h, 0, 0, p0, NULL);
    HIT(h, 1, 2, NULL, r1);
    HIT(h, 2, 1, NULL, r2);
    kr_path_hits_dispose(&h);
    /* a whole root that is an expression */
    kr_node *e = expr("jsondecode(file(\"x\"))");
    h = resolve("a.b", e);
    HIT(h, 0, 2, NULL, e);
    kr_path_hits_dispose(&h);
}

static void test_path__quoted_keys(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_node *cond = put(root, "Condition", map());
    kr_node *b = put(cond, "Bool", map());
    kr_node *st = put(b, "aws:SecureTransport", str("false"));
    kr_node *ann = put(root, "annotations", map());
    kr_node *dotted = put(ann, "kubernetes.io/ingress.class", str("nginx"));
    kr_node *quote = put(root, "it's \"q\"", num(1));
    kr_node *empty = put(root, "", num(2));
    kr_node *star = put(root, "*", num(3));
    kr_node *sp = put(root, "a b", num(4));

    /* a bare key may hold ':' and '/' */
    kr_path_hits h = resolve("Condition.Bool.aws:SecureTransport", root);
    HIT(h, 0, 0, st, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("Condition.Bool.'aws:SecureTransport'", root);
    HIT(h, 0, 0, st, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("annotations.'kubernetes.io/ingress.class'", root);
    HIT(h, 0, 0, dotted, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("annotations.\"kubernetes.io/ingress.class\"", root);
    HIT(h, 0, 0, dotted, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("annotations['kubernetes.io/ingress.class']", root);
    HIT(h, 0, 0, dotted, NULL);
    kr_path_hits_dispose(&h);
    /* unquoted, the dots split it: absent at annotations */
    h = resolve("annotations.kubernetes.io/ingress.class", root);
    HIT(h, 0, 1, NULL, ann);
    kr_path_hits_dispose(&h);
    /* escapes */
    h = resolve("'it\\'s \"q\"'", root);
    HIT(h, 0, 0, quote, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("\"it's \\\"q\\\"\"", root);
    HIT(h, 0, 0, quote, NULL);
    kr_path_hits_dispose(&h);
    /* the empty key, a literal '*' key and a key with a space, quoted */
    h = resolve("''", root);
    HIT(h, 0, 0, empty, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("'*'", root);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, star, NULL);
    kr_path_hits_dispose(&h);
    h = resolve("'a b'", root);
    HIT(h, 0, 0, sp, NULL);
    kr_path_hits_dispose(&h);
    /* UTF-8 keys are bare keys */
    kr_node *ja = put(root, "名前", str("x"));
    h = resolve("名前", root);
    HIT(h, 0, 0, ja, NULL);
    kr_path_hits_dispose(&h);
}

static void test_path__null_path_and_root(void **state)
{
    (void)state;
    kr_node *root = map();
    kr_path_hits h = {0};
    kr_path_resolve(NULL, root, &h);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 0, root, NULL);
    /* hits are appended, not replaced */
    kr_path_resolve(NULL, NULL, &h);
    assert_int_equal(h.len, 2);
    HIT(h, 0, 0, root, NULL);
    HIT(h, 1, 1, NULL, NULL);
    size_t col;
    const char *msg;
    kr_path *p = kr_path_compile("a.b", &col, &msg);
    kr_path_resolve(p, NULL, &h);
    assert_int_equal(h.len, 3);
    HIT(h, 2, 1, NULL, NULL);
    kr_path_resolve(p, root, NULL); /* no output: nothing happens */
    kr_path_free(p);
    kr_path_hits_dispose(&h);
    kr_path_hits_dispose(&h);
    kr_path_hits_dispose(NULL);
}

static void test_path__hit_cap(void **state)
{
    (void)state;
    /* A shared-subtree DAG (as YAML aliases build): 17 levels of a sequence
     * holding the same child twice, 2^17 = 131072 leaves. */
    kr_node *leaf = str("x");
    kr_node *cur = leaf;
    for (int i = 0; i < 17; i++) {
        kr_node *s = seq();
        push(s, cur);
        push(s, cur);
        cur = s;
    }
    char text[17 * 3 + 1];
    for (int i = 0; i < 17; i++) memcpy(text + 3 * i, "[*]", 3);
    text[17 * 3] = '\0';
    kr_path_hits h = resolve(text, cur);
    assert_int_equal(h.len, 100001);
    HIT(h, 0, 0, leaf, NULL);
    HIT(h, 99999, 0, leaf, NULL);
    assert_int_equal(h.items[100000].state, 2);
    assert_null(h.items[100000].node);
    assert_ptr_equal(h.items[100000].stop, leaf);
    kr_path_hits_dispose(&h);
}

static void test_path__cyclic_sequence_is_bounded(void **state)
{
    (void)state;
    /* A sequence that contains itself (never built by the adapters, but the
     * walk must still end): the fan-out stops at KR_MAX_DEPTH as unknown. */
    kr_node *s = seq();
    push(s, s);
    kr_path_hits h = resolve("a", s);
    assert_int_equal(h.len, 1);
    HIT(h, 0, 2, NULL, s);
    kr_path_hits_dispose(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path__compile_errors),
        cmocka_unit_test(test_path__compile_limits),
        cmocka_unit_test_setup_teardown(test_path__keys_found_and_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__fanout_over_sequences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__fanout_nested_sequences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__empty_fanout_yields_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__wildcards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__key_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__unknown_vs_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__quoted_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__null_path_and_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__hit_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path__cyclic_sequence_is_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
