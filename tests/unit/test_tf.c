/* test_tf.c - the Terraform evaluator: expressions (precedence, templates,
 * functions, unknown propagation, limits; src/tf/expr.c) and the module
 * phase (variable precedence, type conversion, locals with cycles and
 * duplicates, count = 0, provenance; src/tf/module.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "baseline.h"
#include "diag.h"
#include "scan.h"
#include "doc/doc.h"
#include "tf/expr.h"
#include "tf/module.h"
#include "util/buf.h"

static kr_arena *A;

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
    return 0;
}

/* Renders a value as Terraform would print it (strings quoted), an unknown
 * as "?" plus its reason. */
static void render(kr_buf *b, const kr_node *v)
{
    if (kr_tf_is_unknown(v)) {
        kr_buf_puts(b, "?");
        if (v->origin && v->origin->note) {
            kr_buf_puts(b, "(");
            kr_buf_puts(b, v->origin->note);
            kr_buf_puts(b, ")");
        }
        return;
    }
    if (v->kind == KR_NODE_SEQ) {
        kr_buf_putc(b, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            if (i) kr_buf_putc(b, ',');
            render(b, v->items[i]);
        }
        kr_buf_putc(b, ']');
        return;
    }
    if (v->kind == KR_NODE_MAP) {
        kr_buf_putc(b, '{');
        for (size_t i = 0; i < v->npairs; i++) {
            if (i) kr_buf_putc(b, ',');
            kr_buf_puts(b, v->pairs[i].key->text);
            kr_buf_putc(b, '=');
            render(b, v->pairs[i].value);
        }
        kr_buf_putc(b, '}');
        return;
    }
    if (v->stype == KR_SCALAR_STRING) {
        kr_buf_putc(b, '"');
        kr_buf_puts(b, v->text);
        kr_buf_putc(b, '"');
        return;
    }
    kr_buf_puts(b, v->text);
}

static const kr_node *lookup(void *payload, const char *root, const char *name)
{
    (void)payload;
    if (strcmp(root, "var") == 0 && strcmp(name, "n") == 0)
        return kr_node_new_scalar(A, KR_SCALAR_STRING, "7", 1, (kr_span){0});
    if (strcmp(root, "var") == 0 && strcmp(name, "u") == 0)
        return kr_tf_unknown(A, "var.u has no value");
    if (strcmp(root, "local") == 0 && strcmp(name, "m") == 0) {
        kr_tf_eval ev = {.arena = A};
        static const char m[] = "{a = 1, b = [\"x\", \"y\"]}";
        return kr_tf_expr_eval(&ev, m, sizeof m - 1);
    }
    return NULL;
}

static char *ev(const char *text)
{
    kr_tf_eval e = {.arena = A, .lookup = lookup};
    const kr_node *v = kr_tf_expr_eval(&e, text, strlen(text));
    kr_buf b;
    kr_buf_init(&b, 0);
    render(&b, v);
    char *s = kr_arena_strdup(A, kr_buf_cstr(&b));
    kr_buf_dispose(&b);
    return s;
}

#define EV(text, want) assert_string_equal(ev(text), want)

static void test_tf__literals(void **state)
{
    (void)state;
    EV("1", "1");
    EV("2.5", "2.5");
    EV("1e3", "1000");
    EV("true", "true");
    EV("null", "null");
    EV("\"a\\tb\"", "\"a\tb\"");
    EV("\"$${x}\"", "\"${x}\"");
    EV("[1, \"a\", [true]]", "[1,\"a\",[true]]");
    EV("{ a = 1, \"b\" = 2, c: 3 }", "{a=1,b=2,c=3}");
    EV("\"\\u00e9\"", "\"\xc3\xa9\"");
}

static void test_tf__precedence(void **state)
{
    (void)state;
    EV("1 + 2 * 3", "7");
    EV("(1 + 2) * 3", "9");
    EV("10 - 4 - 3", "3");
    EV("7 % 4 + 1", "4");
    EV("-2 * 3", "-6");
    EV("1 + 2 == 3 && !false", "true");
    EV("true || false && false", "true");
    EV("1 < 2 == true", "true");
    EV("false ? 1 : true ? 2 : 3", "2");
    EV("1 == \"1\"", "false");
    EV("\"7\" + 1", "8");
    EV("3 / 2", "1.5");
    EV("1 / 0", "?(a division by zero)");
}

static void test_tf__templates_and_references(void **state)
{
    (void)state;
    EV("\"n=${var.n}!\"", "\"n=7!\"");
    EV("var.n + 1", "8");
    EV("local.m.a", "1");
    EV("local.m[\"b\"][1]", "\"y\"");
    EV("local.m.b.0", "\"x\"");
    EV("local.m.zz", "?(the map has no element \"zz\")");
    EV("[{a = 1}, {a = 2}][*].a", "[1,2]");
    EV("\"%{ if true }x%{ endif }\"", "\"x\"");
    EV("[for x in [1] : x]", "[1]");
    /* another resource's attribute: an unknown krewlint does not explain */
    EV("aws_s3_bucket.b.id", "?");
}

static void test_tf__unknown_propagation(void **state)
{
    (void)state;
    EV("var.u + 1", "?(var.u has no value)");
    EV("\"a-${var.u}\"", "?(var.u has no value)");
    EV("var.u ? 1 : 2", "?(var.u has no value)");
    EV("true ? 1 : var.u", "1");
    EV("!var.u", "?(var.u has no value)");
    EV("[var.u, 1]", "[?(var.u has no value),1]");
    /* try/can catch errors only: a value without a value stays unknown */
    EV("try(var.u, 5)", "?(var.u has no value)");
    EV("can(var.u)", "?(var.u has no value)");
    EV("try(local.m.zz, 5)", "5");
    EV("can(local.m.zz)", "false");
    EV("can(local.m.a)", "true");
    EV("try(aws_x.y.z, 5)", "?");
    EV("upper(var.u)", "?(var.u has no value)");
    EV("aws_x.y.z + var.u", "?(var.u has no value)");
}

static void test_tf__functions(void **state)
{
    (void)state;
    EV("lower(\"AbC\")", "\"abc\"");
    EV("upper(\"AbC\")", "\"ABC\"");
    EV("trimspace(\"  a b \\n\")", "\"a b\"");
    EV("tostring(5)", "\"5\"");
    EV("tonumber(\"12\")", "12");
    EV("tonumber(\"x\")", "?(tonumber(): cannot convert the value to a number)");
    EV("tobool(\"true\")", "true");
    EV("length(\"h\xc3\xa9\")", "2");
    EV("length([1,2,3])", "3");
    EV("length({a=1})", "1");
    EV("merge({a=1,b=2},{b=3,c=4})", "{a=1,b=3,c=4}");
    EV("concat([1],[2,3])", "[1,2,3]");
    EV("lookup({a=1},\"a\",0)", "1");
    EV("lookup({a=1},\"b\",0)", "0");
    EV("coalesce(null, \"\", \"x\")", "\"x\"");
    EV("coalescelist([], [1])", "[1]");
    EV("contains([\"a\",\"b\"], \"b\")", "true");
    EV("keys({b=1,a=2})", "[\"a\",\"b\"]");
    EV("values({b=1,a=2})", "[2,1]");
    EV("element([\"a\",\"b\"], 3)", "\"b\"");
    EV("join(\"-\", [\"a\",\"b\"])", "\"a-b\"");
    EV("split(\",\", \"a,b,,c\")", "[\"a\",\"b\",\"\",\"c\"]");
    EV("replace(\"a.b.c\", \".\", \"/\")", "\"a/b/c\"");
    EV("format(\"%s-%d%%\", \"x\", 5)", "\"x-5%\"");
    EV("flatten([[1,[2]],3])", "[1,2,3]");
    EV("distinct([1,2,1])", "[1,2]");
    EV("compact([\"a\",\"\",null])", "[\"a\"]");
    EV("min(3,1,2)", "1");
    EV("max([3,1,2]...)", "3");
    EV("abs(-2)", "2");
    EV("ceil(1.2)", "2");
    EV("floor(-1.2)", "-2");
    EV("toset([\"b\",\"a\",\"b\"])", "[\"a\",\"b\"]");
    EV("nosuchfn(1)", "?(the function nosuchfn() is not evaluated by krewlint)");
}

static void test_tf__for_expressions(void **state)
{
    (void)state;
    EV("[for s in [\"a\", \"b\"] : upper(s)]", "[\"A\",\"B\"]");
    EV("[for i, v in [\"a\", \"b\"] : \"${i}=${v}\"]", "[\"0=a\",\"1=b\"]");
    /* maps are iterated in lexical key order */
    EV("{for k, v in {b = 1, a = 2} : k => v * 10}", "{a=20,b=10}");
    EV("[for k, v in {b = 1, a = 2} : k]", "[\"a\",\"b\"]");
    EV("[for x in [1, 2, 3, 4] : x if x % 2 == 0]", "[2,4]");
    EV("{for x in [\"a\", \"bb\", \"cc\"] : length(x) => x...}", "{1=[\"a\"],2=[\"bb\",\"cc\"]}");
    EV("{for x in [\"a\", \"a\"] : x => 1}", "?(a for expression makes the key \"a\" twice (without ...))");
    EV("[for x in [] : x]", "[]");
    EV("[for a in [[1, 2], [3]] : [for b in a : b * 2]]", "[[2,4],[6]]");
    EV("length([for x in [1, 2] : x]) + 1", "3");
    EV("[for x in local.m.b : \"${x}!\"]", "[\"x!\",\"y!\"]");
    EV("{ for = 1 }", "{for=1}");
    /* unknown collection, condition or key: the result is unknown */
    EV("[for x in var.u : x]", "?(var.u has no value)");
    EV("[for x in [1, var.u] : x if x > 0]", "?(var.u has no value)");
    EV("{for x in [1] : var.u => x}", "?(var.u has no value)");
    /* an unknown element is kept in place */
    EV("[for x in [1, var.u] : x]", "[1,?(var.u has no value)]");
    EV("[for x in 5 : x]", "?(a for expression over a value that is not a collection)");
    EV("[for x in [1] x]", "?(the expression does not parse (a for expression without ':' at byte 14))");
}

static void test_tf__template_directives(void **state)
{
    (void)state;
    EV("\"%{ if var.n == \"7\" }yes%{ else }no%{ endif }\"", "\"yes\"");
    EV("\"%{ if false }yes%{ else }no%{ endif }\"", "\"no\"");
    EV("\"%{ for x in [\"a\", \"b\"] }${x},%{ endfor }\"", "\"a,b,\"");
    EV("\"%{ for k, v in {b = 1, a = 2} }${k}${v}%{ endfor }\"", "\"a2b1\"");
    EV("\"%{ for x in [] }${x}%{ endfor }-\"", "\"-\"");
    /* ~ strips literal whitespace (newlines too) on its side */
    EV("\"a  %{~ if true ~}  b  %{~ endif ~}  c\"", "\"abc\"");
    EV("\"x ${~ \"y\" ~} z\"", "\"xyz\"");
    EV("\"%{ if var.u }x%{ endif }\"", "?(var.u has no value)");
    EV("\"%{ if false }${var.u}%{ endif }ok\"", "\"ok\"");
    EV("\"%%{ not }\"", "\"%{ not }\"");
    EV("\"%{ endif }\"", "?(the expression does not parse (a template directive without its opening one at byte 11))");
    EV("\"%{ if true }x\"", "?(the expression does not parse (a template directive or interpolation that is not closed at byte 15))");
}

static void test_tf__heredocs(void **state)
{
    (void)state;
    EV("<<EOT\nhello ${var.n}\nEOT", "\"hello 7\n\"");
    EV("<<EOT\n  x\\n\n  EOT", "\"  x\\n\n\"");
    /* <<- removes the smallest indentation of the non-blank lines */
    EV("<<-EOT\n    a\n      b\n\n    ${var.n}\n  EOT", "\"a\n  b\n\n7\n\"");
    EV("<<-EOT\n\t\ta\n\t\tb\n\tEOT", "\"a\nb\n\"");
    EV("<<EOT\n%{ for x in [1, 2] ~}\n${x}\n%{ endfor ~}\nEOT", "\"1\n2\n\"");
    EV("<<EOT\n{\"a\": \"${var.n}\"}\nEOT", "\"{\"a\": \"7\"}\n\"");
    EV("upper(<<EOT\nab\nEOT\n)", "\"AB\n\"");
    EV("<<EOT\nno end\n", "?(the expression does not parse (a heredoc without its closing marker at byte 6))");
    EV("<<EOT\n${var.u}\nEOT", "?(var.u has no value)");
}

static void test_tf__encodings(void **state)
{
    (void)state;
    /* keys sorted, no spaces, <>& escaped as Terraform (Go) does */
    EV("jsonencode({b = \"<x>&\", a = [1, true, null], c = 1.5})",
       "\"{\"a\":[1,true,null],\"b\":\"\\u003cx\\u003e\\u0026\",\"c\":1.5}\"");
    EV("jsonencode(\"q\\\"b\\\\\\n\\t\")", "\"\"q\\\"b\\\\\\n\\t\"\"");
    EV("jsonencode(\"\\u2028\")", "\"\"\\u2028\"\"");
    EV("jsonencode([])", "\"[]\"");
    EV("jsonencode(var.u)", "?(var.u has no value)");
    EV("jsondecode(\"{\\\"a\\\": [1, \\\"x\\\"], \\\"b\\\": {\\\"c\\\": null}}\")", "{a=[1,\"x\"],b={c=null}}");
    EV("jsondecode(\"\\\"\\\\u00e9\\\\ud83d\\\\ude00\\\"\")", "\"\xc3\xa9\xf0\x9f\x98\x80\"");
    EV("jsondecode(\"{\\\"a\\\": 1, \\\"a\\\": 2}\").a", "2");
    EV("jsondecode(\"{\")", "?(jsondecode(): the text is not JSON (an object key that is not a string))");
    EV("jsondecode(\"[1] x\")", "?(jsondecode(): the text is not JSON (text after the JSON value))");
    EV("jsondecode(jsonencode({a = 1})).a", "1");
    EV("try(jsondecode(\"nope\"), {})", "{}");
    EV("yamldecode(\"a: 1\\nb: [x, y]\\n\")", "{a=1,b=[\"x\",\"y\"]}");
    EV("yamldecode(\"a: 1\\n---\\nb: 2\\n\")", "?(yamldecode(): the text holds more than one YAML document)");
    EV("yamldecode(\"!Ref x\")", "?(yamldecode(): the YAML holds a tag Terraform does not decode)");
}

static void test_tf__cidr(void **state)
{
    (void)state;
    EV("cidrsubnet(\"10.1.2.0/24\", 4, 15)", "\"10.1.2.240/28\"");
    EV("cidrsubnet(\"172.16.0.0/12\", 4, 2)", "\"172.18.0.0/16\"");
    EV("cidrsubnet(\"10.1.2.77/24\", 0, 0)", "\"10.1.2.0/24\"");
    EV("cidrsubnet(\"10.0.0.0/8\", 8, 256)", "?(cidrsubnet(): netnum does not fit in newbits)");
    EV("cidrsubnet(\"10.0.0.0/30\", 3, 0)", "?(cidrsubnet(): the new prefix is longer than 32 bits)");
    EV("cidrhost(\"10.12.112.0/20\", 16)", "\"10.12.112.16\"");
    EV("cidrhost(\"10.12.112.0/20\", 268)", "\"10.12.113.12\"");
    EV("cidrhost(\"10.0.0.0/24\", -1)", "\"10.0.0.255\"");
    EV("cidrhost(\"10.0.0.0/24\", 256)", "?(cidrhost(): the host number is outside the prefix)");
    EV("cidrnetmask(\"172.16.0.0/12\")", "\"255.240.0.0\"");
    EV("cidrnetmask(\"0.0.0.0/0\")", "\"0.0.0.0\"");
    EV("cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)",
       "[\"10.1.0.0/20\",\"10.1.16.0/20\",\"10.1.32.0/24\",\"10.1.48.0/20\"]");
    EV("cidrsubnets(\"10.0.0.0/30\", 1, 1, 1)", "?(cidrsubnets(): the subnets do not fit in the prefix)");
    EV("cidrsubnet(\"fd00::/8\", 8, 1)", "?(cidrsubnet(): IPv6 prefixes are not evaluated by krewlint)");
    EV("cidrsubnet(\"10.0.0.300/8\", 8, 1)", "?(cidrsubnet(): needs an IPv4 prefix in CIDR notation)");
    EV("cidrsubnet(var.u, 8, 1)", "?(var.u has no value)");
}

static void test_tf__more_functions(void **state)
{
    (void)state;
    EV("slice([\"a\", \"b\", \"c\"], 1, 3)", "[\"b\",\"c\"]");
    EV("slice([1], 1, 3)", "?(slice(): the indexes are out of range)");
    EV("reverse([1, 2])", "[2,1]");
    EV("range(3)", "[0,1,2]");
    EV("range(1, 4, 2)", "[1,3]");
    EV("range(3, 0)", "[3,2,1]");
    EV("zipmap([\"a\", \"b\"], [1, 2])", "{a=1,b=2}");
    EV("one([])", "null");
    EV("one([5])", "5");
    EV("sum([1, 2.5])", "3.5");
    EV("alltrue([true, false])", "false");
    EV("anytrue([false, true])", "true");
    EV("alltrue([])", "true");
    EV("title(\"hello world-x\")", "\"Hello World-X\"");
    EV("trim(\"?!hello?!\", \"!?\")", "\"hello\"");
    EV("trimprefix(\"helloworld\", \"hello\")", "\"world\"");
    EV("trimsuffix(\"helloworld\", \"world\")", "\"hello\"");
    EV("chomp(\"a\\n\\r\\n\")", "\"a\"");
    EV("substr(\"hello world\", 1, 4)", "\"ello\"");
    EV("substr(\"h\xc3\xa9llo\", -3, -1)", "\"llo\"");
    EV("startswith(\"hello\", \"he\")", "true");
    EV("endswith(\"hello\", \"he\")", "false");
    EV("strcontains(\"hello\", \"ll\")", "true");
    EV("basename(\"foo/bar/baz.txt\")", "\"baz.txt\"");
    EV("dirname(\"foo/bar/baz.txt\")", "\"foo/bar\"");
    EV("formatlist(\"%s-%s\", [\"a\", \"b\"], \"x\")", "[\"a-x\",\"b-x\"]");
}

/* file(), fileexists(), templatefile(): relative to the module folder and
 * confined to it. */
static void test_tf__files(void **state)
{
    (void)state;
    char root[] = "/tmp/kr_tf_files_XXXXXX";
    assert_non_null(mkdtemp(root));
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/mod", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    static const struct { const char *name, *text; } files[] = {
        {"mod/p.json", "{\"Statement\": []}\n"},
        {"mod/t.tpl", "Hi ${name}\n%{ for i in items ~}\n- ${i}\n%{ endfor ~}\n"},
        {"outside.txt", "secret\n"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i].name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(files[i].text, f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/outside.txt", root);
    char link[300];
    snprintf(link, sizeof link, "%s/link.txt", dir);
    assert_int_equal(symlink(path, link), 0);

    kr_tf_eval e = {.arena = A, .lookup = lookup, .dir = dir};
#define EVD(text, want)                                                                   \
    do {                                                                                  \
        const kr_node *v_ = kr_tf_expr_eval(&e, text, strlen(text));                      \
        kr_buf b_;                                                                        \
        kr_buf_init(&b_, 0);                                                              \
        render(&b_, v_);                                                                  \
        assert_string_equal(kr_buf_cstr(&b_), want);                                      \
        kr_buf_dispose(&b_);                                                              \
    } while (0)
    EVD("file(\"p.json\")", "\"{\"Statement\": []}\n\"");
    EVD("jsondecode(file(\"p.json\"))", "{Statement=[]}");
    snprintf(path, sizeof path, "file(\"%s/p.json\")", dir); /* "${path.module}/p.json" */
    EVD(path, "\"{\"Statement\": []}\n\"");
    EVD("file(\"missing.json\")", "?(file(): missing.json does not exist)");
    EVD("file(\"../outside.txt\")", "?(file(): ../outside.txt is outside the module folder, which krewlint does not read)");
    EVD("file(\"link.txt\")", "?(file(): link.txt is outside the module folder, which krewlint does not read)");
    EVD("file(\"/etc/hostname\")", "?(file(): /etc/hostname is outside the module folder, which krewlint does not read)");
    EVD("try(file(\"missing.json\"), \"d\")", "\"d\"");
    EVD("fileexists(\"p.json\")", "true");
    EVD("fileexists(\"nope\")", "false");
    EVD("templatefile(\"t.tpl\", {name = \"x\", items = [\"a\", \"b\"]})", "\"Hi x\n- a\n- b\n\"");
    EVD("templatefile(\"t.tpl\", {items = []})", "?(the template refers to name, which is not among its variables)");
    EVD("templatefile(\"t.tpl\", {name = var.u, items = []})", "?(var.u has no value)");
#undef EVD
    unlink(link);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i].name);
        unlink(path);
    }
    rmdir(dir);
    rmdir(root);
}

static void test_tf__limits_and_syntax(void **state)
{
    (void)state;
    char deep[400];
    size_t n = 0;
    for (int i = 0; i < 150; i++) deep[n++] = '(';
    deep[n++] = '1';
    for (int i = 0; i < 150; i++) deep[n++] = ')';
    deep[n] = '\0';
    assert_non_null(strstr(ev(deep), "nests deeper than"));
    assert_non_null(strstr(ev("1 +"), "does not parse"));
    assert_non_null(strstr(ev("\"abc"), "does not parse"));
    assert_non_null(strstr(ev("1 2"), "does not parse"));
}

/* ---- the module phase ------------------------------------------------------ */

/* A folder of files written into a temporary directory. */
static char DIR_[64];

static void write_file(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", DIR_, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void parse(kr_doc *d, const char *name, const char *text, kr_diags *diags)
{
    char *p = kr_arena_strdup(A, "");
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s/%s", DIR_, name);
    p = kr_arena_strdup(A, tmp);
    kr_doc_init(d, p, text, strlen(text));
    assert_int_equal(kr_doc_parse_hcl(d, diags), 0);
    d->format = KR_FMT_TERRAFORM;
}

static const kr_node *attr(const kr_doc *d, const char *type, const char *name, const char *key)
{
    const kr_node *r = kr_node_get(kr_node_get(kr_node_get(d->roots[0], "resource"), type), name);
    return r ? kr_node_get(r, key) : NULL;
}

static const char MAIN[] =
    "variable \"retention\" {\n  type = number\n  default = 3\n}\n"
    "variable \"flag\" {\n  default = false\n}\n"
    "variable \"none\" {}\n"
    "variable \"keep\" {\n  default = 9\n  nullable = false\n}\n"
    "locals {\n  a = local.b\n  b = local.a\n  r = var.retention * 2\n  d = 1\n}\n"
    "resource \"aws_db_instance\" \"m\" {\n  backup_retention_period = var.retention\n"
    "  x = local.r\n  y = var.none\n  z = local.a\n  k = var.keep\n}\n"
    "resource \"aws_default_vpc\" \"v\" {\n  count = var.flag ? 1 : 0\n}\n";

static void test_tf__module_precedence_and_provenance(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/kr-test-tf-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    write_file("terraform.tfvars", "retention = \"4\"\nkeep = null\n");
    write_file("a.auto.tfvars", "retention = 5\n");
    write_file("b.auto.tfvars", "retention = 6\n");
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc d;
    parse(&d, "main.tf", MAIN, &diags);
    kr_diags *dg[1] = {&diags};
    kr_tf_options o = {.no_env = true};
    const char *vars[] = {"flag=true"};
    kr_tf_module *m = kr_tf_module_new();
    kr_tf_module_resolve(m, &d, 1, dg, &diags, DIR_, &o);

    /* b.auto.tfvars wins over a.auto.tfvars over terraform.tfvars */
    const kr_node *v = attr(&d, "aws_db_instance", "m", "backup_retention_period");
    assert_int_equal(v->kind, KR_NODE_SCALAR);
    assert_int_equal(v->stype, KR_SCALAR_INT);
    assert_int_equal(v->v.i, 6);
    assert_non_null(v->origin);
    assert_non_null(strstr(v->origin->file, "b.auto.tfvars"));
    assert_int_equal(v->origin->span.start.line, 0);
    assert_int_equal(v->origin->span.start.col, 12);
    assert_non_null(v->origin->next); /* the use site */
    assert_non_null(strstr(v->origin->next->file, "main.tf"));
    assert_string_equal(v->origin->next->note, "backup_retention_period = var.retention");
    /* computed through a local: the chain keeps the variable's place */
    v = attr(&d, "aws_db_instance", "m", "x");
    assert_int_equal(v->v.i, 12);
    assert_non_null(strstr(v->origin->file, "b.auto.tfvars"));
    /* no value: unknown with the reason */
    v = attr(&d, "aws_db_instance", "m", "y");
    assert_int_equal(v->kind, KR_NODE_EXPR);
    assert_non_null(strstr(v->origin->note, "var.none has no value"));
    /* the cycle: unknown, one diagnostic naming both locals */
    v = attr(&d, "aws_db_instance", "m", "z");
    assert_int_equal(v->kind, KR_NODE_EXPR);
    assert_non_null(strstr(v->origin->note, "cycle"));
    /* nullable = false: null from tfvars keeps the default */
    v = attr(&d, "aws_db_instance", "m", "k");
    assert_int_equal(v->v.i, 9);
    /* count = 0: the resource has no body left */
    const kr_node *vpc = kr_node_get(kr_node_get(kr_node_get(d.roots[0], "resource"), "aws_default_vpc"), "v");
    assert_int_equal(vpc->kind, KR_NODE_SEQ);
    assert_int_equal(vpc->nitems, 0);
    bool cycle = false;
    for (size_t i = 0; i < diags.len; i++)
        if (strcmp(diags.items[i].code, "terraform-cycle") == 0) {
            cycle = true;
            assert_non_null(strstr(diags.items[i].message, "local.a"));
            assert_non_null(strstr(diags.items[i].message, "local.b"));
        }
    assert_true(cycle);
    kr_tf_module_free(m);
    kr_doc_dispose(&d);

    /* --var beats every file; and with it, count = 1 keeps the resource */
    kr_doc_init(&d, NULL, NULL, 0);
    kr_doc_dispose(&d);
    parse(&d, "main.tf", MAIN, &diags);
    o.vars = vars;
    o.nvars = 1;
    m = kr_tf_module_new();
    kr_tf_module_resolve(m, &d, 1, dg, &diags, DIR_, &o);
    vpc = kr_node_get(kr_node_get(kr_node_get(d.roots[0], "resource"), "aws_default_vpc"), "v");
    assert_int_equal(vpc->kind, KR_NODE_SEQ); /* one instance, aws_default_vpc.v[0] */
    assert_int_equal(vpc->nitems, 1);
    assert_string_equal(vpc->items[0]->tag, "[0]");
    kr_tf_module_free(m);
    kr_doc_dispose(&d);

    /* a folder called by another: its variables wait for the caller */
    parse(&d, "main.tf", MAIN, &diags);
    kr_tf_options called = {.no_env = true, .called_by = "root/main.tf"};
    m = kr_tf_module_new();
    kr_tf_module_resolve(m, &d, 1, dg, &diags, DIR_, &called);
    v = attr(&d, "aws_db_instance", "m", "backup_retention_period");
    assert_int_equal(v->kind, KR_NODE_EXPR);
    assert_non_null(strstr(v->origin->note, "root/main.tf calls this folder"));
    kr_tf_module_free(m);
    kr_doc_dispose(&d);
    kr_diags_dispose(&diags);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    assert_int_equal(system(cmd), 0);
}

static void test_tf__duplicate_local(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/kr-test-tf-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc d[2];
    parse(&d[0], "a.tf", "locals {\n  x = 1\n}\nresource \"t\" \"n\" {\n  v = local.x\n}\n", &diags);
    parse(&d[1], "b.tf", "locals {\n  x = 2\n}\n", &diags);
    kr_diags *dg[2] = {&diags, &diags};
    kr_tf_options o = {.no_env = true};
    kr_tf_module *m = kr_tf_module_new();
    kr_tf_module_resolve(m, d, 2, dg, &diags, DIR_, &o);
    const kr_node *v = attr(&d[0], "t", "n", "v");
    assert_int_equal(v->kind, KR_NODE_EXPR);
    assert_non_null(strstr(v->origin->note, "defined twice"));
    assert_int_equal(diags.len, 1);
    assert_non_null(strstr(diags.items[0].message, "a.tf:2:3"));
    assert_non_null(strstr(diags.items[0].file, "b.tf"));
    kr_tf_module_free(m);
    kr_doc_dispose(&d[0]);
    kr_doc_dispose(&d[1]);
    kr_diags_dispose(&diags);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    assert_int_equal(system(cmd), 0);
}

/* The bodies under resource TYPE.NAME (a map, or the instances' sequence). */
static const kr_node *bodies(const kr_doc *d, const char *type, const char *name)
{
    return kr_node_get(kr_node_get(kr_node_get(d->roots[0], "resource"), type), name);
}

static void test_tf__count_and_for_each_instances(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/kr-test-tf-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc d;
    parse(&d, "main.tf",
          "variable \"days\" {\n  default = { a = 1, b = 9 }\n}\n"
          "variable \"n\" {}\n"
          "resource \"aws_db_instance\" \"c\" {\n  count = 3\n  backup_retention_period = count.index * 7\n}\n"
          "resource \"aws_db_instance\" \"m\" {\n  for_each = var.days\n"
          "  identifier = each.key\n  backup_retention_period = each.value\n}\n"
          "resource \"aws_s3_bucket\" \"s\" {\n  for_each = toset([\"y\", \"x\", \"y\"])\n  bucket = each.value\n}\n"
          "resource \"aws_db_instance\" \"u\" {\n  count = var.n\n  identifier = \"db-${count.index}\"\n}\n"
          "resource \"aws_db_instance\" \"big\" {\n  count = 600\n}\n",
          &diags);
    kr_diags *dg[1] = {&diags};
    kr_tf_options o = {.no_env = true};
    kr_tf_module *m = kr_tf_module_new();
    kr_tf_module_resolve(m, &d, 1, dg, &diags, DIR_, &o);

    /* count = 3: three instances, count.index 0, 1, 2 */
    const kr_node *c = bodies(&d, "aws_db_instance", "c");
    assert_int_equal(c->kind, KR_NODE_SEQ);
    assert_int_equal(c->nitems, 3);
    for (size_t i = 0; i < 3; i++) {
        const kr_node *v = kr_node_get(c->items[i], "backup_retention_period");
        assert_int_equal(v->kind, KR_NODE_SCALAR);
        assert_int_equal(v->v.i, (int64_t)(i * 7));
    }
    assert_string_equal(kr_tf_instance_address(A, "aws_db_instance.c", c->items[2]), "aws_db_instance.c[2]");
    /* for_each over a map: each.key / each.value, keys in order */
    const kr_node *mm = bodies(&d, "aws_db_instance", "m");
    assert_int_equal(mm->nitems, 2);
    assert_string_equal(mm->items[0]->tag, "[\"a\"]");
    assert_string_equal(kr_node_get(mm->items[1], "identifier")->text, "b");
    const kr_node *v = kr_node_get(mm->items[1], "backup_retention_period");
    assert_int_equal(v->v.i, 9);
    assert_non_null(v->origin); /* from the variable's default */
    assert_int_equal(v->origin->span.start.line, 1);
    /* a set: each string once, sorted; each.value is the string */
    const kr_node *s = bodies(&d, "aws_s3_bucket", "s");
    assert_int_equal(s->nitems, 2);
    assert_string_equal(kr_node_get(s->items[0], "bucket")->text, "x");
    assert_string_equal(kr_tf_instance_address(A, "aws_s3_bucket.s", s->items[1]), "aws_s3_bucket.s[\"y\"]");
    /* unknown count: one possible instance, count.index unknown with why */
    const kr_node *u = bodies(&d, "aws_db_instance", "u");
    assert_int_equal(u->nitems, 1);
    assert_null(u->items[0]->tag);
    v = kr_node_get(u->items[0], "identifier");
    assert_int_equal(v->kind, KR_NODE_EXPR);
    assert_non_null(strstr(v->origin->note, "count cannot be told before apply"));
    const char *why = kr_tf_module_possible(m, NULL, "aws_db_instance.u");
    assert_non_null(why);
    assert_non_null(strstr(why, "var.n has no value"));
    assert_null(kr_tf_module_possible(m, NULL, "aws_db_instance.c"));
    /* the cap: KR_TF_MAX_INSTANCES instances, then one possible, and a diagnostic */
    const kr_node *big = bodies(&d, "aws_db_instance", "big");
    assert_int_equal(big->nitems, KR_TF_MAX_INSTANCES + 1);
    assert_non_null(kr_tf_module_possible(m, NULL, "aws_db_instance.big"));
    bool limit = false;
    for (size_t i = 0; i < diags.len; i++)
        limit = limit || (strcmp(diags.items[i].code, "limit") == 0 && strstr(diags.items[i].message, "600"));
    assert_true(limit);
    kr_tf_module_free(m);
    kr_doc_dispose(&d);
    kr_diags_dispose(&diags);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    assert_int_equal(system(cmd), 0);
}

static void test_tf__dynamic_blocks(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/kr-test-tf-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc d;
    parse(&d, "main.tf",
          "locals {\n  rules = [{ port = 22, cidr = \"0.0.0.0/0\" }, { port = 443, cidr = \"10.0.0.0/8\" }]\n}\n"
          "variable \"x\" {}\n"
          "resource \"aws_security_group\" \"g\" {\n"
          "  ingress {\n    from_port = 80\n  }\n"
          "  dynamic \"ingress\" {\n    for_each = local.rules\n    iterator = r\n"
          "    content {\n      from_port = r.value.port\n      cidr_blocks = [r.value.cidr]\n      n = r.key\n"
          "      dynamic \"nested\" {\n        for_each = { k = 1 }\n        content {\n          v = \"${r.value.port}-${nested.key}\"\n        }\n      }\n"
          "    }\n  }\n"
          "  dynamic \"egress\" {\n    for_each = []\n    content {\n      to_port = 1\n    }\n  }\n"
          "  dynamic \"tag\" {\n    for_each = var.x\n    content {\n      k = tag.value\n    }\n  }\n"
          "}\n",
          &diags);
    kr_diags *dg[1] = {&diags};
    kr_tf_options o = {.no_env = true};
    kr_tf_module *m = kr_tf_module_new();
    kr_tf_module_resolve(m, &d, 1, dg, &diags, DIR_, &o);
    const kr_node *g = bodies(&d, "aws_security_group", "g");
    assert_int_equal(g->kind, KR_NODE_MAP);
    assert_null(kr_node_get(g, "dynamic"));
    /* the written block, then one per element of the list */
    const kr_node *in = kr_node_get(g, "ingress");
    assert_int_equal(in->kind, KR_NODE_SEQ);
    assert_int_equal(in->nitems, 3);
    assert_int_equal(kr_node_get(in->items[0], "from_port")->v.i, 80);
    assert_int_equal(kr_node_get(in->items[1], "from_port")->v.i, 22);
    assert_int_equal(kr_node_get(in->items[2], "n")->v.i, 1);
    const kr_node *cidr = kr_node_get(in->items[1], "cidr_blocks");
    assert_int_equal(cidr->kind, KR_NODE_SEQ);
    assert_string_equal(cidr->items[0]->text, "0.0.0.0/0");
    assert_non_null(cidr->items[0]->origin); /* written in the local */
    assert_int_equal(cidr->items[0]->origin->span.start.line, 1);
    /* a nested dynamic block sees both iterators */
    assert_string_equal(kr_node_get(kr_node_get(in->items[2], "nested"), "v")->text, "443-k");
    /* an empty for_each: no block at all */
    assert_null(kr_node_get(g, "egress"));
    /* an unknown for_each: one block, the iterator unknown with the reason */
    const kr_node *t = kr_node_get(kr_node_get(g, "tag"), "k");
    assert_int_equal(t->kind, KR_NODE_EXPR);
    assert_non_null(strstr(t->origin->note, "var.x has no value"));
    kr_tf_module_free(m);
    kr_doc_dispose(&d);
    kr_diags_dispose(&diags);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    assert_int_equal(system(cmd), 0);
}

/* Baseline fingerprints of a resolved finding: the value's file (the tfvars),
 * rule, resource, attribute path and value - not the use site's line, so
 * moving the resource keeps the baseline; a literal finding is
 * fingerprinted as before (its own file). */
static void fingerprints(const char *main_tf, char fp_tfvars[17], char fp_literal[17])
{
    write_file("main.tf", main_tf);
    kr_ruleset *rules = NULL;
    kr_diags d;
    kr_diags_init(&d);
    const char *dirs[] = {KR_SOURCE_DIR "/rules"};
    assert_int_equal(kr_ruleset_load(&rules, dirs, 1, &d), 0);
    const char *paths[] = {DIR_};
    kr_scan_options opts = {.paths = paths, .npaths = 1, .jobs = 1, .lang = KR_LANG_EN};
    kr_result res;
    kr_result_init(&res);
    assert_int_equal(kr_scan(&res, rules, &opts), 0);
    fp_tfvars[0] = fp_literal[0] = '\0';
    for (size_t i = 0; i < res.findings.len; i++) {
        const kr_finding *f = &res.findings.items[i];
        if (strcmp(f->rule->id, "KR-6-8-RDS-BACKUP-RETENTION") != 0) continue;
        if (strstr(f->file, "terraform.tfvars")) {
            assert_int_equal(f->ntrace, 2);
            kr_baseline_fingerprint(fp_tfvars, f);
        } else {
            assert_int_equal(f->ntrace, 0);
            kr_baseline_fingerprint(fp_literal, f);
        }
    }
    assert_true(fp_tfvars[0] && fp_literal[0]);
    kr_result_dispose(&res);
    kr_ruleset_free(rules);
    kr_diags_dispose(&d);
}

static void test_tf__fingerprints(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/kr-test-tf-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    write_file("terraform.tfvars", "days = 2\n");
    static const char a[] =
        "variable \"days\" {}\n"
        "resource \"aws_db_instance\" \"r\" {\n  backup_retention_period = var.days\n}\n"
        "resource \"aws_db_instance\" \"l\" {\n  backup_retention_period = 1\n}\n";
    static const char b[] =
        "\n\n# moved down\nvariable \"days\" {}\n\n"
        "resource \"aws_db_instance\" \"l\" {\n  backup_retention_period = 1\n}\n"
        "resource \"aws_db_instance\" \"r\" {\n\n  backup_retention_period = var.days\n}\n";
    char t1[17], l1[17], t2[17], l2[17];
    fingerprints(a, t1, l1);
    fingerprints(b, t2, l2);
    assert_string_equal(t1, t2);
    assert_string_equal(l1, l2);
    assert_string_not_equal(t1, l1);
    write_file("terraform.tfvars", "days = 3\n"); /* a changed value is a new finding */
    fingerprints(a, t2, l2);
    assert_string_not_equal(t1, t2);
    /* instances: the address without its keys, the first of a folded list,
     * so a baseline from before the expansion (or another count) matches */
    kr_finding f;
    memset(&f, 0, sizeof f);
    char file[] = "main.tf", path[] = "backup_retention_period", actual[] = "1";
    char r0[] = "module.m.aws_db_instance.r";
    char r1[] = "module.m[0].aws_db_instance.r[\"a]\\\"\"], module.m[1].aws_db_instance.r[\"b\"]";
    char r2[] = "module.m.aws_db_instance.other[0]";
    f.file = file;
    f.path = path;
    f.actual = actual;
    char fp0[17], fp1[17];
    f.resource = r0;
    kr_baseline_fingerprint(fp0, &f);
    f.resource = r1;
    kr_baseline_fingerprint(fp1, &f);
    assert_string_equal(fp0, fp1);
    f.resource = r2;
    kr_baseline_fingerprint(fp1, &f);
    assert_string_not_equal(fp0, fp1);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tf__literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__precedence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__templates_and_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__unknown_propagation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__for_expressions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__template_directives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__heredocs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__cidr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__more_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__limits_and_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__module_precedence_and_provenance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__duplicate_local, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__count_and_for_each_instances, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__dynamic_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tf__fingerprints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
