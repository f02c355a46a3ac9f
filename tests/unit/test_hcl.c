/* test_hcl.c - unit tests of the Terraform HCL adapter (src/doc/hcl.c):
 * the block mapping, spans, literal decoding, expressions kept as EXPR,
 * syntax error diagnostics, limits, and a run over the shared corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "doc/doc.h"
#include "util/fs.h"

/* Test hook in hcl.c: the parser with another time budget. */
int kr_hcl_parse_with_budget(kr_doc *self, kr_diags *diags, uint64_t budget_us);

/* fx - one parsed input and its diagnostics. */
typedef struct fx {
    kr_doc doc;
    kr_diags diags;
    int rc;
} fx;

static kr_node *parse_n(fx *f, const char *src, size_t len)
{
    kr_diags_init(&f->diags);
    kr_doc_init(&f->doc, "t.tf", src, len);
    f->rc = kr_doc_parse_hcl(&f->doc, &f->diags);
    return f->doc.nroots ? f->doc.roots[0] : NULL;
}

static kr_node *parse(fx *f, const char *src)
{
    return parse_n(f, src, strlen(src));
}

/* Without the parse time budget: big inputs stay deterministic under
 * valgrind, where tree-sitter runs ~50 times slower. */
static kr_node *parse_unbounded(fx *f, const char *src)
{
    kr_diags_init(&f->diags);
    kr_doc_init(&f->doc, "t.tf", src, strlen(src));
    f->rc = kr_hcl_parse_with_budget(&f->doc, &f->diags, 0);
    return f->doc.nroots ? f->doc.roots[0] : NULL;
}

static void done(fx *f)
{
    kr_doc_dispose(&f->doc);
    kr_diags_dispose(&f->diags);
}

/* Walks a '/'-separated path: map keys, or decimal indexes into a SEQ. */
static kr_node *at(kr_node *n, const char *path)
{
    char seg[128];
    while (n && *path) {
        size_t len = strcspn(path, "/");
        assert_true(len < sizeof seg);
        memcpy(seg, path, len);
        seg[len] = '\0';
        if (n->kind == KR_NODE_SEQ) {
            char *end;
            unsigned long i = strtoul(seg, &end, 10);
            n = (*end == '\0' && i < n->nitems) ? n->items[i] : NULL;
        } else {
            n = kr_node_get(n, seg);
        }
        path += len;
        if (*path == '/') path++;
    }
    return n;
}

static const kr_node *key_of(kr_node *map, const char *key)
{
    const kr_pair *p = kr_node_get_pair(map, key);
    assert_non_null(p);
    return p->key;
}

#define assert_span(sp, l1, c1, b1, l2, c2, b2)                         \
    do {                                                                \
        kr_span s__ = (sp);                                             \
        assert_int_equal(s__.start.line, (l1));                         \
        assert_int_equal(s__.start.col, (c1));                          \
        assert_int_equal(s__.start.byte, (b1));                         \
        assert_int_equal(s__.end.line, (l2));                           \
        assert_int_equal(s__.end.col, (c2));                            \
        assert_int_equal(s__.end.byte, (b2));                           \
    } while (0)

static void assert_string(kr_node *n, const char *s)
{
    assert_non_null(n);
    assert_int_equal(n->kind, KR_NODE_SCALAR);
    assert_int_equal(n->stype, KR_SCALAR_STRING);
    assert_int_equal(n->text_len, strlen(s));
    assert_memory_equal(n->text, s, n->text_len);
    assert_int_equal(n->text[n->text_len], '\0');
}

static void assert_expr(kr_node *n, const char *s)
{
    assert_non_null(n);
    assert_int_equal(n->kind, KR_NODE_EXPR);
    assert_string_equal(n->text, s);
    assert_int_equal(n->text_len, strlen(s));
    assert_true(kr_node_is_unknown(n));
}

static void assert_int_node(kr_node *n, int64_t v, const char *text)
{
    assert_non_null(n);
    assert_int_equal(n->kind, KR_NODE_SCALAR);
    assert_int_equal(n->stype, KR_SCALAR_INT);
    assert_true(n->v.i == v);
    assert_string_equal(n->text, text);
}

static void assert_one_diag(fx *f, const char *code, const char *msg, uint32_t line, uint32_t col)
{
    assert_int_equal(f->diags.len, 1);
    const kr_diag *d = &f->diags.items[0];
    assert_int_equal(d->severity, KR_SEV_ERROR);
    assert_string_equal(d->code, code);
    assert_string_equal(d->message, msg);
    assert_string_equal(d->file, "t.tf");
    assert_true(d->has_pos);
    assert_int_equal(d->span.start.line, line);
    assert_int_equal(d->span.start.col, col);
    assert_int_equal(f->doc.nroots, 0);
}

/* ---- block mapping ---------------------------------------------------------- */

static void test_hcl__resource(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "resource \"aws_db_instance\" \"db\" {\n"
        "  backup_retention_period = 7\n"
        "}\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_int_equal(f.diags.len, 0);
    assert_non_null(root);
    assert_int_equal(f.doc.nroots, 1);
    assert_int_equal(f.doc.root_formats[0], KR_FMT_TERRAFORM);
    assert_int_equal(root->kind, KR_NODE_MAP);
    assert_int_equal(root->npairs, 1);
    assert_span(root->span, 0, 0, 0, 3, 0, 66);

    kr_node *db = at(root, "resource/aws_db_instance/db");
    assert_non_null(db);
    assert_int_equal(db->kind, KR_NODE_MAP);
    assert_int_equal(db->npairs, 1);
    /* the block map spans the whole block */
    assert_span(db->span, 0, 0, 0, 2, 1, 65);

    /* keys: the block type, then each label with its quotes */
    assert_span(key_of(root, "resource")->span, 0, 0, 0, 0, 8, 8);
    assert_span(key_of(at(root, "resource"), "aws_db_instance")->span, 0, 9, 9, 0, 26, 26);
    assert_span(key_of(at(root, "resource/aws_db_instance"), "db")->span, 0, 27, 27, 0, 31, 31);

    const kr_pair *p = kr_node_get_pair(db, "backup_retention_period");
    assert_non_null(p);
    assert_span(p->key->span, 1, 2, 36, 1, 25, 59);
    assert_int_node(p->value, 7, "7");
    assert_span(p->value->span, 1, 28, 62, 1, 29, 63);
    done(&f);
}

static void test_hcl__top_level_blocks(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "terraform {\n"
        "  required_version = \">= 1.0\"\n"
        "}\n"
        "provider \"aws\" {\n"
        "  region = \"us-east-1\"\n"
        "}\n"
        "provider \"aws\" {\n"
        "  alias  = \"west\"\n"
        "  region = \"us-west-2\"\n"
        "}\n"
        "variable \"env\" {\n"
        "  default = \"dev\"\n"
        "}\n"
        "locals {\n"
        "  a = 1\n"
        "}\n"
        "data \"aws_iam_policy_document\" \"p\" {\n"
        "  statement {\n"
        "    actions = [\"s3:*\"]\n"
        "  }\n"
        "}\n"
        "module \"vpc\" {\n"
        "  source = \"./vpc\"\n"
        "}\n"
        "output \"id\" {\n"
        "  value = module.vpc.id\n"
        "}\n"
        "locals {\n"
        "  b = 2\n"
        "}\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_non_null(root);

    /* first-seen order of the top-level keys */
    const char *order[] = {"terraform", "provider", "variable", "locals", "data", "module", "output"};
    assert_int_equal(root->npairs, 7);
    for (size_t i = 0; i < 7; i++) assert_string(root->pairs[i].key, order[i]);

    assert_string(at(root, "terraform/required_version"), ">= 1.0");
    assert_span(at(root, "terraform")->span, 0, 0, 0, 2, 1, 43);

    /* a provider repeated with the same label: a SEQ of bodies, in order */
    kr_node *aws = at(root, "provider/aws");
    assert_int_equal(aws->kind, KR_NODE_SEQ);
    assert_int_equal(aws->nitems, 2);
    assert_string(at(aws, "0/region"), "us-east-1");
    assert_null(at(aws, "0/alias"));
    assert_string(at(aws, "1/alias"), "west");
    assert_string(at(aws, "1/region"), "us-west-2");
    assert_span(aws->items[0]->span, 3, 0, 44, 5, 1, 85);
    assert_span(aws->items[1]->span, 6, 0, 86, 9, 1, 145);
    assert_span(aws->span, 3, 0, 44, 9, 1, 145);

    assert_string(at(root, "variable/env/default"), "dev");

    /* the two locals blocks merge into one map */
    kr_node *locals = at(root, "locals");
    assert_int_equal(locals->kind, KR_NODE_MAP);
    assert_int_equal(locals->npairs, 2);
    assert_int_node(at(locals, "a"), 1, "1");
    assert_int_node(at(locals, "b"), 2, "2");

    kr_node *stmt = at(root, "data/aws_iam_policy_document/p/statement");
    assert_int_equal(stmt->kind, KR_NODE_MAP);
    assert_string(at(stmt, "actions/0"), "s3:*");
    assert_string(at(root, "module/vpc/source"), "./vpc");
    assert_expr(at(root, "output/id/value"), "module.vpc.id");
    done(&f);
}

static void test_hcl__nested_blocks(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "resource \"aws_security_group\" \"sg\" {\n"
        "  ingress {\n"
        "    from_port = 22\n"
        "  }\n"
        "  egress {\n"
        "    from_port = 0\n"
        "  }\n"
        "  ingress {\n"
        "    from_port = 443\n"
        "  }\n"
        "  ingress {\n"
        "    from_port = 80\n"
        "  }\n"
        "  dynamic \"ingress\" {\n"
        "    for_each = var.rules\n"
        "    content {\n"
        "      cidr_blocks = ingress.value.cidrs\n"
        "    }\n"
        "  }\n"
        "}\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    kr_node *sg = at(root, "resource/aws_security_group/sg");
    assert_non_null(sg);
    /* ingress, egress, dynamic: one key per block type, first-seen order */
    assert_int_equal(sg->npairs, 3);
    assert_string(sg->pairs[0].key, "ingress");
    assert_string(sg->pairs[1].key, "egress");
    assert_string(sg->pairs[2].key, "dynamic");

    kr_node *ing = at(sg, "ingress");
    assert_int_equal(ing->kind, KR_NODE_SEQ);
    assert_int_equal(ing->nitems, 3);
    assert_int_node(at(ing, "0/from_port"), 22, "22");
    assert_int_node(at(ing, "1/from_port"), 443, "443");
    assert_int_node(at(ing, "2/from_port"), 80, "80");
    assert_span(ing->items[0]->span, 1, 2, 39, 3, 3, 71);
    assert_span(ing->span, 1, 2, 39, 12, 3, 175);
    /* the key keeps the first block's identifier */
    assert_span(sg->pairs[0].key->span, 1, 2, 39, 1, 9, 46);

    kr_node *eg = at(sg, "egress");
    assert_int_equal(eg->kind, KR_NODE_MAP);
    assert_int_node(at(eg, "from_port"), 0, "0");

    kr_node *dyn = at(sg, "dynamic/ingress");
    assert_int_equal(dyn->kind, KR_NODE_MAP);
    assert_expr(at(dyn, "for_each"), "var.rules");
    assert_expr(at(dyn, "content/cidr_blocks"), "ingress.value.cidrs");
    assert_span(dyn->span, 13, 2, 178, 18, 3, 286);
    done(&f);
}

static void test_hcl__fixture_file(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(kr_fs_read(&data, &len, KR_FIXTURE_DIR "/hcl/s3.tf", &err), 0);
    fx f;
    kr_node *root = parse_n(&f, data, len);
    assert_int_equal(f.rc, 0);
    assert_int_equal(f.diags.len, 0);

    kr_node *b = at(root, "resource/aws_s3_bucket/logs");
    assert_non_null(b);
    assert_expr(at(b, "bucket"), "\"${var.env}-logs\"");
    assert_span(at(b, "bucket")->span, 11, 11, 221, 11, 28, 238);
    assert_expr(at(b, "tags"), "merge(local.tags, { Name = \"logs\" })");

    kr_node *enc = at(root, "resource/aws_s3_bucket_server_side_encryption_configuration/logs");
    assert_expr(at(enc, "bucket"), "aws_s3_bucket.logs.id");
    kr_node *algo = at(enc, "rule/apply_server_side_encryption_by_default/sse_algorithm");
    assert_string(algo, "aws:kms");
    assert_span(algo->span, 21, 26, 518, 21, 35, 527);

    kr_node *pab = at(root, "resource/aws_s3_bucket_public_access_block/logs");
    assert_true(at(pab, "block_public_acls")->v.b);
    assert_int_equal(at(pab, "block_public_acls")->stype, KR_SCALAR_BOOL);
    assert_false(at(pab, "ignore_public_acls")->v.b);
    assert_expr(at(pab, "restrict_public_buckets"), "var.env == \"prod\" ? true : false");

    assert_string(at(root, "locals/tags/Owner"), "platform");
    assert_string(at(root, "variable/env/default"), "dev");
    done(&f);
    free(data);
}

/* ---- values ----------------------------------------------------------------- */

static void test_hcl__scalars(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "i = 42\n"
        "neg = -3\n"
        "fl = 2.50\n"
        "nf = -0.5\n"
        "hex = 0x1F\n"
        "big = 99999999999999999999\n"
        "t = true\n"
        "fa = false\n"
        "nu = null\n"
        "s = \"plain\"\n"
        "e = \"\"\n"
        "esc = \"a\\nb\\tc\\\"d\\\\e\\r\"\n"
        "uni = \"caf\\u00e9 \\U0001F600\"\n"
        "tpl = \"$${x} %%{y} $ %\"\n"
        "bad = \"\xff\xfe ok\"\n"
        "par = (true)\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_non_null(root);

    assert_int_node(at(root, "i"), 42, "42");
    assert_int_node(at(root, "neg"), -3, "-3");
    assert_span(at(root, "neg")->span, 1, 6, 13, 1, 8, 15);
    kr_node *fl = at(root, "fl");
    assert_int_equal(fl->stype, KR_SCALAR_FLOAT);
    assert_string_equal(fl->text, "2.50");
    assert_true(fl->v.f == 2.5);
    kr_node *nf = at(root, "nf");
    assert_int_equal(nf->stype, KR_SCALAR_FLOAT);
    assert_string_equal(nf->text, "-0.5");
    assert_true(nf->v.f == -0.5);
    assert_int_node(at(root, "hex"), 31, "0x1F");
    kr_node *big = at(root, "big");
    assert_int_equal(big->stype, KR_SCALAR_FLOAT);
    assert_string_equal(big->text, "99999999999999999999");
    assert_true(big->v.f > 9.9e19 && big->v.f < 1.1e20);

    kr_node *t = at(root, "t");
    assert_int_equal(t->stype, KR_SCALAR_BOOL);
    assert_true(t->v.b);
    assert_string_equal(t->text, "true");
    assert_int_equal(at(root, "fa")->stype, KR_SCALAR_BOOL);
    assert_false(at(root, "fa")->v.b);
    assert_int_equal(at(root, "nu")->stype, KR_SCALAR_NULL);
    assert_string_equal(at(root, "nu")->text, "null");

    assert_string(at(root, "s"), "plain");
    /* a string value spans its quotes */
    assert_span(at(root, "s")->span, 9, 4, 108, 9, 11, 115);
    assert_string(at(root, "e"), "");
    assert_string(at(root, "esc"), "a\nb\tc\"d\\e\r");
    assert_string(at(root, "uni"), "caf\xc3\xa9 \xf0\x9f\x98\x80");
    assert_string(at(root, "tpl"), "${x} %{y} $ %");
    /* invalid UTF-8 is kept byte for byte */
    assert_string(at(root, "bad"), "\xff\xfe ok");
    /* parentheses are looked through; the span keeps them */
    kr_node *par = at(root, "par");
    assert_int_equal(par->stype, KR_SCALAR_BOOL);
    assert_true(par->v.b);
    assert_span(par->span, 15, 6, 220, 15, 12, 226);
    done(&f);
}

/* Exponents without a fraction are numbers (HCL spec: decimal+ ("."
 * decimal*)? (expmark decimal+)?); the pinned grammar lexes them only through
 * the masked copy (hcl.c, mask_exponents), and every text still comes from
 * the file. Words that only look like them stay what they are. */
static void test_hcl__exponent_literals(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "a = 1e4\n"
        "b = 1E5\n"
        "c = 12e+2\n"
        "d = -2e-3\n"
        "e = 1.5e3\n"
        "h = 0x1e4\n"
        "s = \"1e4\"\n"
        "t = \"${1e4}\"\n"
        "x-1e4 = 5-1e1\n"
        "l = [1e2, 3E0]\n"
        "# 1e4 in a comment\n"
        "m = <<EOT\n1e4\nEOT\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_non_null(root);
    static const struct { const char *key, *text; double v; } nums[] = {
        {"a", "1e4", 1e4}, {"b", "1E5", 1e5}, {"c", "12e+2", 12e2}, {"d", "-2e-3", -2e-3}, {"e", "1.5e3", 1.5e3},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        kr_node *n = at(root, nums[i].key);
        assert_non_null(n);
        assert_int_equal(n->stype, KR_SCALAR_FLOAT);
        assert_string_equal(n->text, nums[i].text);
        assert_true(n->v.f == nums[i].v);
    }
    assert_span(at(root, "a")->span, 0, 4, 4, 0, 7, 7);
    assert_int_node(at(root, "h"), 0x1e4, "0x1e4");
    assert_string(at(root, "s"), "1e4");
    assert_expr(at(root, "t"), "\"${1e4}\"");
    assert_expr(at(root, "x-1e4"), "5-1e1");
    assert_int_equal(at(root, "l")->kind, KR_NODE_SEQ);
    assert_string_equal(at(root, "l/0")->text, "1e2");
    assert_true(at(root, "l/1")->v.f == 3.0);
    assert_string(at(root, "m"), "1e4\n");
    done(&f);
}

static void test_hcl__heredocs(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "policy = <<EOF\n"
        "{\n"
        "  \"a\": \"$${b}\\n\"\n"
        "}\n"
        "EOF\n"
        "ind = <<-EOT\n"
        "    line one\n"
        "\n"
        "      indented\n"
        "    EOT\n"
        "empty = <<E\n"
        "E\n"
        "tpl = <<EOT\n"
        "hello ${var.name}\n"
        "EOT\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_non_null(root);
    /* no backslash escapes in heredocs, but $${ still escapes */
    assert_string(at(root, "policy"), "{\n  \"a\": \"${b}\\n\"\n}\n");
    assert_span(at(root, "policy")->span, 0, 9, 9, 4, 3, 39);
    assert_string(at(root, "ind"), "line one\n\n  indented\n");
    assert_span(at(root, "ind")->span, 5, 6, 46, 9, 7, 89);
    assert_string(at(root, "empty"), "");
    assert_expr(at(root, "tpl"), "<<EOT\nhello ${var.name}\nEOT");
    done(&f);

    /* CRLF line ends are kept; a blank CRLF line does not set the indent */
    root = parse(&f, "a = <<-E\r\n    x\r\n\r\n      y\r\n  E\r\n");
    assert_int_equal(f.rc, 0);
    assert_string(at(root, "a"), "x\r\n\r\n  y\r\n");
    done(&f);
}

static void test_hcl__collections(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "l = [1, \"two\", [true], {}]\n"
        "m = {\n"
        "  a = 1\n"
        "  \"b-c\" = \"x\"\n"
        "  d : [],\n"
        "  (var.k) = 3\n"
        "  nested = { deep = null }\n"
        "}\n"
        "empty = []\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    kr_node *l = at(root, "l");
    assert_int_equal(l->kind, KR_NODE_SEQ);
    assert_int_equal(l->nitems, 4);
    assert_span(l->span, 0, 4, 4, 0, 26, 26);
    assert_int_node(at(l, "0"), 1, "1");
    assert_span(at(l, "0")->span, 0, 5, 5, 0, 6, 6);
    assert_string(at(l, "1"), "two");
    assert_int_equal(at(l, "2")->kind, KR_NODE_SEQ);
    assert_true(at(l, "2/0")->v.b);
    assert_int_equal(at(l, "3")->kind, KR_NODE_MAP);
    assert_int_equal(at(l, "3")->npairs, 0);

    kr_node *m = at(root, "m");
    assert_int_equal(m->kind, KR_NODE_MAP);
    assert_int_equal(m->npairs, 5);
    assert_string(m->pairs[0].key, "a");
    assert_span(m->pairs[0].key->span, 2, 2, 35, 2, 3, 36);
    assert_string(m->pairs[1].key, "b-c");
    assert_span(m->pairs[1].key->span, 3, 2, 43, 3, 7, 48);
    assert_string(m->pairs[2].key, "d");
    /* an expression key keeps its source text */
    assert_string(m->pairs[3].key, "(var.k)");
    assert_int_node(m->pairs[3].value, 3, "3");
    assert_string(at(root, "m/b-c"), "x");
    assert_int_equal(at(root, "m/d")->kind, KR_NODE_SEQ);
    assert_int_equal(at(root, "m/nested/deep")->stype, KR_SCALAR_NULL);
    assert_int_equal(at(root, "empty")->nitems, 0);
    done(&f);
}

static void test_hcl__expressions(void **state)
{
    (void)state;
    fx f;
    const char *src =
        "a = var.x\n"
        "b = \"${var.env}-logs\"\n"
        "c = lookup(var.m, \"k\", 1)\n"
        "d = var.on ? \"a\" : \"b\"\n"
        "e = aws_s3_bucket.b.id\n"
        "f = [for s in var.l : upper(s)]\n"
        "g = \"%{if var.x}y%{endif}\"\n"
        "h = 1 + 2\n"
        "i = var.list[0]\n"
        "j = aws_instance.x[*].id\n"
        "k = !true\n"
        "l = local.m[\"k\"]\n";
    kr_node *root = parse(&f, src);
    assert_int_equal(f.rc, 0);
    assert_expr(at(root, "a"), "var.x");
    assert_span(at(root, "a")->span, 0, 4, 4, 0, 9, 9);
    assert_expr(at(root, "b"), "\"${var.env}-logs\"");
    assert_expr(at(root, "c"), "lookup(var.m, \"k\", 1)");
    assert_expr(at(root, "d"), "var.on ? \"a\" : \"b\"");
    assert_expr(at(root, "e"), "aws_s3_bucket.b.id");
    assert_span(at(root, "e")->span, 4, 4, 85, 4, 22, 103);
    assert_expr(at(root, "f"), "[for s in var.l : upper(s)]");
    assert_expr(at(root, "g"), "\"%{if var.x}y%{endif}\"");
    assert_expr(at(root, "h"), "1 + 2");
    assert_expr(at(root, "i"), "var.list[0]");
    assert_expr(at(root, "j"), "aws_instance.x[*].id");
    assert_expr(at(root, "k"), "!true");
    assert_expr(at(root, "l"), "local.m[\"k\"]");
    done(&f);
}

static void test_hcl__mixed_tuple(void **state)
{
    (void)state;
    fx f;
    kr_node *root = parse(&f, "cidrs = [\"10.0.0.0/8\", var.extra, \"0.0.0.0/0\"]\n"
                              "o = { known = 1, unknown = var.u }\n");
    assert_int_equal(f.rc, 0);
    kr_node *c = at(root, "cidrs");
    assert_int_equal(c->kind, KR_NODE_SEQ);
    assert_int_equal(c->nitems, 3);
    assert_string(c->items[0], "10.0.0.0/8");
    assert_expr(c->items[1], "var.extra");
    assert_span(c->items[1]->span, 0, 23, 23, 0, 32, 32);
    assert_string(c->items[2], "0.0.0.0/0");
    assert_int_node(at(root, "o/known"), 1, "1");
    assert_expr(at(root, "o/unknown"), "var.u");
    done(&f);
}

static void test_hcl__empty_and_comments(void **state)
{
    (void)state;
    fx f;
    kr_node *root = parse(&f, "");
    assert_int_equal(f.rc, 0);
    assert_int_equal(f.diags.len, 0);
    assert_non_null(root);
    assert_int_equal(root->kind, KR_NODE_MAP);
    assert_int_equal(root->npairs, 0);
    done(&f);

    root = parse(&f, "# only\n// comments\n/* here */\n");
    assert_int_equal(f.rc, 0);
    assert_non_null(root);
    assert_int_equal(root->npairs, 0);
    done(&f);

    root = parse(&f, "a = [ # c\n  1, // d\n  2 /* e */ ]\n");
    assert_int_equal(f.rc, 0);
    assert_int_equal(at(root, "a")->nitems, 2);
    assert_int_node(at(root, "a/1"), 2, "2");
    done(&f);
}

static void test_hcl__object_file(void **state)
{
    (void)state;
    fx f;
    kr_node *root = parse(&f, "{\n  \"region\": \"eu-west-1\",\n  \"n\": 2\n}\n");
    assert_int_equal(f.rc, 0);
    assert_non_null(root);
    assert_int_equal(root->kind, KR_NODE_MAP);
    assert_string(at(root, "region"), "eu-west-1");
    assert_int_node(at(root, "n"), 2, "2");
    assert_int_equal(root->span.start.byte, 0);
    done(&f);
}

/* ---- errors and limits ---------------------------------------------------- */

static void test_hcl__missing_brace(void **state)
{
    (void)state;
    fx f;
    kr_node *root = parse(&f, "resource \"a\" \"b\" {\n  x = 1\n");
    assert_null(root);
    assert_int_equal(f.rc, KR_EPARSE);
    assert_one_diag(&f, "parse-error", "HCL: missing '}'", 2, 0);
    done(&f);

    root = parse(&f, "a = [1, 2\n");
    assert_int_equal(f.rc, KR_EPARSE);
    assert_one_diag(&f, "parse-error", "HCL: missing ']'", 1, 0);
    done(&f);
}

static void test_hcl__syntax_errors(void **state)
{
    (void)state;
    fx f;
    /* `=` without a value */
    kr_node *root = parse(&f, "a = \nb = 2\n");
    assert_null(root);
    assert_int_equal(f.rc, KR_EPARSE);
    assert_one_diag(&f, "parse-error", "HCL: syntax error near '='", 0, 2);
    done(&f);

    root = parse(&f, "x = 1\na = \"\\q\"\n");
    assert_int_equal(f.rc, KR_EPARSE);
    assert_one_diag(&f, "parse-error", "HCL: syntax error near '\\'", 1, 5);
    done(&f);

    /* invalid UTF-8 where a value should be */
    root = parse(&f, "a = \xff\xfe\n");
    assert_int_equal(f.rc, KR_EPARSE);
    assert_int_equal(f.diags.len, 1);
    assert_int_equal(f.doc.nroots, 0);
    done(&f);

    /* NUL bytes */
    root = parse_n(&f, "a = \"x\0y\"\n", 10);
    assert_int_equal(f.diags.len, f.rc == 0 ? 0 : 1);
    done(&f);
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + n + t + 1);
    assert_non_null(s);
    memcpy(s, head, h);
    memset(s + h, c, n);
    memcpy(s + h + n, tail, t + 1);
    return s;
}

static void test_hcl__deep_nesting(void **state)
{
    (void)state;
    fx f;
    /* "a = [[[[..." unclosed: a syntax error, no crash */
    char *s = repeat("a = ", '[', 100000, "");
    assert_null(parse_unbounded(&f, s));
    assert_int_equal(f.rc, KR_EPARSE);
    assert_int_equal(f.diags.len, 1);
    assert_string_equal(f.diags.items[0].code, "parse-error");
    done(&f);
    free(s);

    /* balanced: valid HCL, refused by the depth limit */
    size_t n = 100000;
    s = malloc(4 + 2 * n + 2);
    assert_non_null(s);
    memcpy(s, "a = ", 4);
    memset(s + 4, '[', n);
    memset(s + 4 + n, ']', n);
    s[4 + 2 * n] = '\n';
    s[4 + 2 * n + 1] = '\0';
    assert_null(parse_unbounded(&f, s));
    assert_int_equal(f.rc, KR_ELIMIT);
    /* the root map is depth 0, `a`'s tuple 1: the 257th bracket is refused */
    assert_one_diag(&f, "limit", "HCL: nesting deeper than 256 levels", 0, 4 + 256);
    done(&f);
    free(s);

    /* exactly at the limit is fine */
    s = malloc(4 + 2 * 256 + 1);
    memcpy(s, "a = ", 4);
    memset(s + 4, '[', 256);
    memset(s + 4 + 256, ']', 256);
    s[4 + 512] = '\0';
    assert_non_null(parse_unbounded(&f, s));
    assert_int_equal(f.rc, 0);
    done(&f);
    free(s);

    /* parentheses and nested blocks count too */
    s = malloc(4 + 2 * n + 2);
    memcpy(s, "a = ", 4);
    memset(s + 4, '(', n);
    s[4 + n] = '1';
    memset(s + 5 + n, ')', n);
    s[5 + 2 * n] = '\0';
    assert_null(parse_unbounded(&f, s));
    assert_int_equal(f.rc, KR_ELIMIT);
    done(&f);
    free(s);

    kr_buf b;
    kr_buf_init(&b, 0);
    for (int i = 0; i < 300; i++) kr_buf_puts(&b, "b {\n");
    for (int i = 0; i < 300; i++) kr_buf_puts(&b, "}\n");
    assert_null(parse_unbounded(&f, kr_buf_cstr(&b)));
    assert_int_equal(f.rc, KR_ELIMIT);
    assert_one_diag(&f, "limit", "HCL: nesting deeper than 256 levels", 256, 0);
    done(&f);

    /* a block with 100000 labels: each label is a level */
    kr_buf_clear(&b);
    kr_buf_puts(&b, "a ");
    for (int i = 0; i < 100000; i++) kr_buf_puts(&b, "\"x\" ");
    kr_buf_puts(&b, "{}\n");
    assert_null(parse_unbounded(&f, kr_buf_cstr(&b)));
    assert_int_equal(f.rc, KR_ELIMIT);
    assert_one_diag(&f, "limit", "HCL: nesting deeper than 256 levels", 0, 2 + 4 * 255);
    done(&f);
    kr_buf_dispose(&b);
}

static void test_hcl__size_and_time_limits(void **state)
{
    (void)state;
    fx f;
    /* 100 MB of an unterminated string: refused before tree-sitter sees it */
    size_t big = 100u * 1024u * 1024u;
    char *s = malloc(big + 1);
    assert_non_null(s);
    memcpy(s, "a = \"", 5);
    memset(s + 5, 'x', big - 5);
    s[big] = '\0';
    assert_null(parse_n(&f, s, big));
    assert_int_equal(f.rc, KR_ELIMIT);
    assert_one_diag(&f, "limit", "HCL: file larger than 4194304 bytes, not parsed", 0, 0);
    done(&f);

    /* 3 MB of the same with a 50 ms budget: the parse is cancelled */
    size_t mid = 3u * 1024u * 1024u;
    kr_diags_init(&f.diags);
    kr_doc_init(&f.doc, "t.tf", s, mid);
    f.rc = kr_hcl_parse_with_budget(&f.doc, &f.diags, 50000);
    assert_int_equal(f.rc, KR_ELIMIT);
    assert_int_equal(f.diags.len, 1);
    assert_string_equal(f.diags.items[0].code, "limit");
    assert_string_equal(f.diags.items[0].message, "HCL: parsing took longer than 0.05 s, given up");
    assert_int_equal(f.diags.items[0].span.start.line, 0);
    assert_int_equal(f.doc.nroots, 0);
    done(&f);
    free(s);
}

static void test_hcl__repeat_parses_independent(void **state)
{
    (void)state;
    /* no state survives between calls (parser per call) */
    for (int i = 0; i < 3; i++) {
        fx f;
        assert_null(parse(&f, "a = \"${\n"));
        assert_int_equal(f.rc, KR_EPARSE);
        done(&f);
        kr_node *root = parse(&f, "a = \"ok\"\n");
        assert_int_equal(f.rc, 0);
        assert_string(at(root, "a"), "ok");
        done(&f);
    }
}

/* ---- corpus ------------------------------------------------------------------ */

/* corpus_walk - counters for the shared corpus run. */
typedef struct corpus_walk {
    size_t files;
    size_t errors;
    size_t limits;
} corpus_walk;

static void walk(corpus_walk *w, const char *dir, int depth)
{
    if (depth > 32) return;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk(w, path, depth + 1);
            continue;
        }
        size_t len = strlen(e->d_name);
        if (!S_ISREG(st.st_mode) || len < 3 || strcmp(e->d_name + len - 3, ".tf") != 0) continue;
        char *data = NULL;
        size_t dlen = 0;
        const char *err = NULL;
        if (kr_fs_read(&data, &dlen, path, &err) != 0) continue;
        kr_diags diags;
        kr_doc doc;
        kr_diags_init(&diags);
        kr_doc_init(&doc, path, data, dlen);
        int rc = kr_doc_parse_hcl(&doc, &diags);
        w->files++;
        if (rc == 0) {
            assert_int_equal(doc.nroots, 1);
            assert_int_equal(diags.len, 0);
        } else {
            assert_int_equal(doc.nroots, 0);
            assert_int_equal(diags.len, 1);
            if (rc == KR_ELIMIT) w->limits++;
            else w->errors++;
            kr_diags_print(&diags, stdout);
        }
        kr_doc_dispose(&doc);
        kr_diags_dispose(&diags);
        free(data);
    }
    closedir(d);
}

static void test_hcl__corpus(void **state)
{
    (void)state;
    const char *root = "/work/shared/corpus";
    if (!kr_fs_is_dir(root)) {
        printf("test_hcl__corpus: %s not present, skipped\n", root);
        return;
    }
    corpus_walk w = {0, 0, 0};
    walk(&w, root, 0);
    printf("test_hcl__corpus: %zu .tf files, %zu with parse errors, %zu over limits\n", w.files,
           w.errors, w.limits);
    assert_true(w.files > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hcl__resource),
        cmocka_unit_test(test_hcl__top_level_blocks),
        cmocka_unit_test(test_hcl__nested_blocks),
        cmocka_unit_test(test_hcl__fixture_file),
        cmocka_unit_test(test_hcl__scalars),
        cmocka_unit_test(test_hcl__heredocs),
        cmocka_unit_test(test_hcl__collections),
        cmocka_unit_test(test_hcl__expressions),
        cmocka_unit_test(test_hcl__mixed_tuple),
        cmocka_unit_test(test_hcl__exponent_literals),
        cmocka_unit_test(test_hcl__empty_and_comments),
        cmocka_unit_test(test_hcl__object_file),
        cmocka_unit_test(test_hcl__missing_brace),
        cmocka_unit_test(test_hcl__syntax_errors),
        cmocka_unit_test(test_hcl__deep_nesting),
        cmocka_unit_test(test_hcl__size_and_time_limits),
        cmocka_unit_test(test_hcl__repeat_parses_independent),
        cmocka_unit_test(test_hcl__corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
