/* test_cfn.c - CloudFormation resolution (src/cfn): parameters and their
 * files, pseudo parameters, each intrinsic function, each condition form,
 * resource conditions, SAM Globals, and the origins resolved values carry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cfn/nested.h"
#include "cfn/params.h"
#include "cfn/resolve.h"
#include "config.h"
#include "diag.h"
#include "doc/doc.h"

/* tpl - one template loaded and resolved; owns everything. */
typedef struct tpl {
    kr_doc doc;
    kr_diags diags;
    char *data;
    int undecided;  /* kr_cfn_resolve's result */
} tpl;

static void load(tpl *t, const char *path, const char *src, const kr_cfn_options *opts)
{
    size_t len = strlen(src);
    t->data = malloc(len + 1);
    memcpy(t->data, src, len + 1);
    kr_diags_init(&t->diags);
    kr_doc_init(&t->doc, path, t->data, len);
    assert_int_equal(kr_doc_load(&t->doc, &t->diags), 0);
    assert_int_equal(t->doc.root_formats[0], KR_FMT_CLOUDFORMATION);
    t->undecided = kr_cfn_resolve(&t->doc, opts, &t->diags);
}

static void done(tpl *t)
{
    kr_doc_dispose(&t->doc);
    kr_diags_dispose(&t->diags);
    free(t->data);
}

/* The node at a dotted path from the root; digits index lists. */
static kr_node *at(const tpl *t, const char *dotted)
{
    kr_node *n = t->doc.roots[0];
    const char *p = dotted;
    while (*p && n) {
        char seg[128];
        size_t k = 0;
        while (*p && *p != '.' && k + 1 < sizeof seg) seg[k++] = *p++;
        seg[k] = '\0';
        if (*p == '.') p++;
        if (seg[0] >= '0' && seg[0] <= '9' && n->kind == KR_NODE_SEQ) {
            size_t i = (size_t)strtoul(seg, NULL, 10);
            n = i < n->nitems ? n->items[i] : NULL;
        } else {
            n = kr_node_get(n, seg);
        }
    }
    return n;
}

static void assert_text(const kr_node *n, const char *text)
{
    assert_non_null(n);
    if (n->kind != KR_NODE_SCALAR || kr_node_is_unknown(n))
        fail_msg("expected the value \"%s\", got a %s node \"%s\"", text,
                 n->kind == KR_NODE_EXPR ? "EXPR" : n->kind == KR_NODE_MAP ? "MAP" : n->kind == KR_NODE_SEQ ? "SEQ" : "SCALAR",
                 n->text ? n->text : "");
    assert_string_equal(n->text, text);
}

/* Unknown, and the reason contains `why`. */
static void assert_unknown(const kr_node *n, const char *why)
{
    assert_non_null(n);
    assert_true(kr_node_is_unknown(n));
    if (why) {
        /* the reason travels in the origin chain (the finding's trace); an
         * untouched expression (a Ref to a resource) says what it is */
        bool said = n->text && strstr(n->text, why);
        for (const kr_origin *o = n->origin; o && !said; o = o->next)
            said = o->note && strstr(o->note, why);
        if (!said)
            fail_msg("\"%s\" does not say \"%s\" in its origin chain", n->text ? n->text : "", why);
    }
}

static size_t line_of(const kr_node *n)
{
    return n->span.start.line + 1;
}

#define HEAD "AWSTemplateFormatVersion: '2010-09-09'\n"

/* ------------------------------------------------------------ params --- */

static void test_cfn__param_default_and_origin(void **state)
{
    (void)state;
    tpl t;
    load(&t, "net.yaml",
         HEAD "Parameters:\n"
              "  SshCidr:\n"
              "    Type: String\n"
              "    Default: 0.0.0.0/0\n"
              "Resources:\n"
              "  SG:\n"
              "    Type: AWS::EC2::SecurityGroup\n"
              "    Properties:\n"
              "      CidrIp: !Ref SshCidr\n"
              "      Long: {Ref: SshCidr}\n",
         NULL);
    kr_node *v = at(&t, "Resources.SG.Properties.CidrIp");
    assert_text(v, "0.0.0.0/0");
    assert_int_equal(line_of(v), 5); /* at the Default */
    assert_non_null(v->origin);
    assert_string_equal(v->origin->note, "SshCidr = 0.0.0.0/0 (Parameters.SshCidr.Default)");
    assert_int_equal(v->origin->span.start.line + 1, 5);
    assert_non_null(v->origin->next);
    assert_int_equal(v->origin->next->span.start.line + 1, 10); /* the !Ref */
    assert_string_equal(v->origin->next->note, "!Ref SshCidr");
    assert_null(v->origin->next->next);
    assert_text(at(&t, "Resources.SG.Properties.Long"), "0.0.0.0/0");
    assert_int_equal(t.diags.len, 0);
    done(&t);
}

static void test_cfn__param_types(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  Days: {Type: Number, Default: '14'}\n"
              "  Ratio: {Type: Number, Default: 0.5}\n"
              "  Zones: {Type: CommaDelimitedList, Default: 'a, b ,c'}\n"
              "  Ports: {Type: 'List<Number>', Default: '22,443'}\n"
              "  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}\n"
              "  Str: {Type: String, Default: 7}\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      Days: !Ref Days\n"
              "      Ratio: !Ref Ratio\n"
              "      Zones: !Ref Zones\n"
              "      Ports: !Ref Ports\n"
              "      Subnets: !Ref Subnets\n"
              "      Str: !Ref Str\n",
         NULL);
    kr_node *d = at(&t, "Resources.R.Properties.Days");
    assert_text(d, "14");
    assert_int_equal(d->stype, KR_SCALAR_INT);
    assert_int_equal(d->v.i, 14);
    kr_node *r = at(&t, "Resources.R.Properties.Ratio");
    assert_int_equal(r->stype, KR_SCALAR_FLOAT);
    kr_node *z = at(&t, "Resources.R.Properties.Zones");
    assert_int_equal(z->kind, KR_NODE_SEQ);
    assert_int_equal(z->nitems, 3);
    assert_text(z->items[0], "a");
    assert_text(z->items[1], "b"); /* each member is space trimmed */
    assert_text(z->items[2], "c");
    assert_non_null(z->items[1]->origin);
    kr_node *p = at(&t, "Resources.R.Properties.Ports");
    assert_int_equal(p->nitems, 2);
    assert_int_equal(p->items[1]->stype, KR_SCALAR_INT);
    assert_int_equal(p->items[1]->v.i, 443);
    assert_int_equal(at(&t, "Resources.R.Properties.Subnets")->nitems, 2);
    kr_node *s = at(&t, "Resources.R.Properties.Str");
    assert_text(s, "7");
    assert_int_equal(s->stype, KR_SCALAR_STRING);
    done(&t);
}

static void test_cfn__param_constraints(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  Env: {Type: String, Default: staging, AllowedValues: [prod, dev]}\n"
              "  Days: {Type: Number, Default: 5000, MaxValue: 3653}\n"
              "  Word: {Type: Number, Default: many}\n"
              "  Name: {Type: String, Default: abcdef, MaxLength: 3}\n"
              "  Ok: {Type: String, Default: dev, AllowedValues: [prod, dev]}\n"
              "  Flag: {Type: String, Default: True, AllowedValues: [true, False]}\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      A: !Ref Env\n"
              "      B: !Ref Days\n"
              "      C: !Ref Word\n"
              "      D: !Ref Name\n"
              "      E: !Ref Ok\n"
              "      F: !Ref Flag\n",
         NULL);
    assert_unknown(at(&t, "Resources.R.Properties.A"), "not one of its AllowedValues");
    assert_unknown(at(&t, "Resources.R.Properties.B"), "above its MaxValue 3653");
    assert_unknown(at(&t, "Resources.R.Properties.C"), "is not a Number");
    assert_unknown(at(&t, "Resources.R.Properties.D"), "above its MaxLength 3");
    assert_text(at(&t, "Resources.R.Properties.E"), "dev");
    assert_text(at(&t, "Resources.R.Properties.F"), "true"); /* YAML booleans are the strings */
    assert_int_equal(t.diags.len, 4); /* each rejected value is a diagnostic at the value */
    assert_int_equal(t.diags.errors, 4);
    assert_string_equal(t.diags.items[0].code, "cfn-parameter");
    assert_int_equal(t.diags.items[0].span.start.line + 1, 3);
    done(&t);
}

static void test_cfn__param_unknowns(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  Pass: {Type: String, NoEcho: true}\n"
              "  Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/ami}\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::RDS::DBInstance\n"
              "    Properties:\n"
              "      A: !Ref Pass\n"
              "      B: !Ref Ami\n"
              "      C: !Ref Bucket\n"
              "      D: !GetAtt Bucket.Arn\n"
              "  Bucket:\n"
              "    Type: AWS::S3::Bucket\n",
         NULL);
    kr_node *a = at(&t, "Resources.R.Properties.A");
    assert_unknown(a, "parameter Pass has no Default and no value from a parameter file");
    assert_non_null(a->origin); /* the reason, at the parameter, then the use */
    assert_int_equal(a->origin->span.start.line + 1, 3);
    assert_unknown(at(&t, "Resources.R.Properties.B"), "Parameter Store at deploy");
    /* resources: known after deploy, left as written for relations */
    kr_node *c = at(&t, "Resources.R.Properties.C");
    assert_unknown(c, "!Ref Bucket");
    assert_string_equal(c->tag, "!Ref");
    assert_string_equal(at(&t, "Resources.R.Properties.D")->tag, "!GetAtt");
    assert_int_equal(t.diags.len, 0);
    done(&t);
}

static const char PARAM_TPL[] = HEAD "Parameters:\n"
                                     "  Cidr: {Type: String, Default: 0.0.0.0/0}\n"
                                     "  Days: {Type: Number, Default: 3}\n"
                                     "  Env: {Type: String}\n"
                                     "Resources:\n"
                                     "  R:\n"
                                     "    Type: AWS::Logs::LogGroup\n"
                                     "    Properties:\n"
                                     "      Cidr: !Ref Cidr\n"
                                     "      Days: !Ref Days\n"
                                     "      Env: !Ref Env\n";

static void parse_params(kr_cfn_params *p, const char *path, const char *src, const char *env, int want)
{
    kr_diags d;
    kr_diags_init(&d);
    int rc = kr_cfn_params_parse(p, path, src, strlen(src), env, &d);
    if (rc != want) {
        kr_diags_print(&d, stderr);
        fail_msg("%s: rc %d, expected %d", path, rc, want);
    }
    kr_diags_dispose(&d);
}

static void test_cfn__params_cli_list(void **state)
{
    (void)state;
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    parse_params(&p, "p.json",
                 "[{\"ParameterKey\": \"Cidr\", \"ParameterValue\": \"10.0.0.0/8\"},\n"
                 " {\"ParameterKey\": \"Env\", \"ParameterValue\": \"prod\"},\n"
                 " {\"ParameterKey\": \"Days\", \"UsePreviousValue\": true}]\n",
                 NULL, 0);
    kr_cfn_options o = {.params = &p};
    tpl t;
    load(&t, "t.yaml", PARAM_TPL, &o);
    kr_node *c = at(&t, "Resources.R.Properties.Cidr");
    assert_text(c, "10.0.0.0/8");
    assert_int_equal(line_of(c), 10);             /* at the use: the value is in another file */
    assert_string_equal(c->origin->file, "p.json"); /* first step: the parameter file */
    assert_int_equal(c->origin->span.start.line + 1, 1);
    assert_string_equal(c->origin->note, "Cidr = 10.0.0.0/8 (ParameterValue in p.json)");
    assert_text(at(&t, "Resources.R.Properties.Env"), "prod");
    assert_unknown(at(&t, "Resources.R.Properties.Days"), "UsePreviousValue");
    done(&t);
    kr_cfn_params_dispose(&p);
}

static void test_cfn__params_pipeline_and_precedence(void **state)
{
    (void)state;
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    parse_params(&p, "config.json", "{\"Parameters\": {\"Cidr\": \"10.1.0.0/16\", \"Days\": \"30\"}, \"Tags\": {}}", NULL, 0);
    parse_params(&p, "cli.json", "[{\"ParameterKey\": \"Days\", \"ParameterValue\": \"400\"}]", NULL, 0);
    kr_cfn_options o = {.params = &p};
    tpl t;
    load(&t, "t.yaml", PARAM_TPL, &o);
    assert_text(at(&t, "Resources.R.Properties.Cidr"), "10.1.0.0/16");
    kr_node *d = at(&t, "Resources.R.Properties.Days");
    assert_text(d, "400"); /* the later file wins */
    assert_int_equal(d->v.i, 400);
    assert_unknown(at(&t, "Resources.R.Properties.Env"), "no Default");
    done(&t);
    kr_cfn_params_dispose(&p);
}

static void test_cfn__params_samconfig(void **state)
{
    (void)state;
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    parse_params(&p, "samconfig.yaml",
                 "version: 0.1\n"
                 "default:\n"
                 "  deploy:\n"
                 "    parameters:\n"
                 "      stack_name: app\n"
                 "      parameter_overrides: Cidr=10.2.0.0/16 Env=\"dev env\"\n"
                 "prod:\n"
                 "  deploy:\n"
                 "    parameters:\n"
                 "      parameter_overrides:\n"
                 "        - Cidr=10.3.0.0/16\n"
                 "        - Days=365\n",
                 "prod", 0);
    assert_int_equal(p.len, 2);
    assert_string_equal(kr_cfn_params_get(&p, "Cidr")->value, "10.3.0.0/16");
    parse_params(&p, "samconfig.yaml", "version: 0.1\ndefault:\n  deploy:\n    parameters:\n"
                                       "      parameter_overrides: Cidr=10.2.0.0/16 Env=\"dev env\"\n",
                 NULL, 0);
    assert_string_equal(kr_cfn_params_get(&p, "Env")->value, "dev env");
    assert_string_equal(kr_cfn_params_get(&p, "Cidr")->value, "10.2.0.0/16");
    assert_string_equal(kr_cfn_params_get(&p, "Days")->value, "365");
    kr_cfn_params_dispose(&p);
}

static void test_cfn__params_invalid(void **state)
{
    (void)state;
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    parse_params(&p, "samconfig.toml", "version = 0.1\n", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "{\"StackName\": \"x\"}", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "[{\"ParameterKey\": \"A\"}]", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "[{\"ParameterKey\": \"A\", \"ParameterValue\": \"1\"}, {\"ParameterKey\": \"A\", \"ParameterValue\": \"2\"}]", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "{\"Parameters\": {\"A\": [1]}}", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "[{\"ParameterKey\": \"A\", \"ParameterValu\": \"1\"}]", NULL, KR_EINVALID);
    parse_params(&p, "x.json", "[broken", NULL, KR_EINVALID);
    parse_params(&p, "s.yaml", "version: 0.1\ndefault: {}\n", "prod", KR_EINVALID);
    kr_diags d;
    kr_diags_init(&d);
    assert_int_equal(kr_cfn_params_parse(&p, "x.json", "[{\"ParameterKey\": \"A\"}]", 24, NULL, &d), KR_EINVALID);
    assert_int_equal(d.len, 1);
    assert_string_equal(d.items[0].file, "x.json");
    assert_int_equal(d.items[0].has_pos, 1);
    kr_diags_dispose(&d);
    kr_cfn_params_dispose(&p);
}

/* ------------------------------------------------------------ pseudo --- */

static void test_cfn__pseudo(void **state)
{
    (void)state;
    const char *src = HEAD "Resources:\n"
                           "  R:\n"
                           "    Type: AWS::Logs::LogGroup\n"
                           "    Properties:\n"
                           "      Region: !Ref AWS::Region\n"
                           "      Part: !Ref AWS::Partition\n"
                           "      Suffix: !Ref AWS::URLSuffix\n"
                           "      Account: !Ref AWS::AccountId\n"
                           "      Stack: !Ref AWS::StackName\n"
                           "      Gone: !Ref AWS::NoValue\n"
                           "      List: [a, !Ref AWS::NoValue, b]\n";
    tpl t;
    load(&t, "t.yaml", src, NULL);
    assert_unknown(at(&t, "Resources.R.Properties.Region"), "region, which is not configured");
    assert_unknown(at(&t, "Resources.R.Properties.Part"), "not configured");
    assert_unknown(at(&t, "Resources.R.Properties.Account"), "known only when the stack is created");
    assert_unknown(at(&t, "Resources.R.Properties.Stack"), "AWS::StackName");
    assert_null(kr_node_get_pair(at(&t, "Resources.R.Properties"), "Gone"));
    assert_int_equal(at(&t, "Resources.R.Properties.List")->nitems, 2);
    done(&t);
    kr_cfn_options o = {.region = "cn-north-1"};
    load(&t, "t.yaml", src, &o);
    assert_text(at(&t, "Resources.R.Properties.Region"), "cn-north-1");
    assert_text(at(&t, "Resources.R.Properties.Part"), "aws-cn");
    assert_text(at(&t, "Resources.R.Properties.Suffix"), "amazonaws.com.cn");
    done(&t);
}

/* --------------------------------------------------------- functions --- */

static void test_cfn__functions(void **state)
{
    (void)state;
    kr_cfn_options o = {.region = "ap-northeast-1"};
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  App: {Type: String, Default: shop}\n"
              "  Zones: {Type: CommaDelimitedList, Default: 'x,y,z'}\n"
              "  Pass: {Type: String}\n"
              "Resources:\n"
              "  Bucket:\n"
              "    Type: AWS::S3::Bucket\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      Sub1: !Sub '${App}-logs-${AWS::Region}'\n"
              "      Sub2: !Sub ['${Name}/${App}', {Name: !Ref App}]\n"
              "      Sub3: !Sub 'literal ${!App} here'\n"
              "      Sub4: !Sub 'arn:${Bucket.Arn}'\n"
              "      Sub5: !Sub '${Pass}x'\n"
              "      Sub6: {'Fn::Sub': '${App}'}\n"
              "      Block: !Sub |\n"
              "        name=${App}\n"
              "      Join: !Join ['-', [a, !Ref App, b]]\n"
              "      JoinList: !Join [',', !Ref Zones]\n"
              "      Select: !Select [1, !Ref Zones]\n"
              "      SelectPast: !Select [5, [a]]\n"
              "      Split: !Split [',', 'p,q']\n"
              "      SelSplit: !Select [0, !Split ['/', 'top/down']]\n"
              "      B64: !Base64 hello\n"
              "      AZs: !GetAZs ''\n"
              "      Import: !ImportValue other-stack\n"
              "      SubMixed: !Sub '${Pass}/${Bucket}'\n"
              "      JoinMixed: !Join ['', [!Ref Pass, !Ref Bucket]]\n",
         &o);
    assert_text(at(&t, "Resources.R.Properties.Sub1"), "shop-logs-ap-northeast-1");
    assert_text(at(&t, "Resources.R.Properties.Sub2"), "shop/shop");
    assert_text(at(&t, "Resources.R.Properties.Sub3"), "literal ${App} here");
    assert_string_equal(at(&t, "Resources.R.Properties.Sub4")->tag, "!Sub"); /* after deploy */
    assert_unknown(at(&t, "Resources.R.Properties.Sub5"), "parameter Pass has no Default");
    assert_text(at(&t, "Resources.R.Properties.Sub6"), "shop");
    assert_text(at(&t, "Resources.R.Properties.Block"), "name=shop\n");
    assert_text(at(&t, "Resources.R.Properties.Join"), "a-shop-b");
    assert_text(at(&t, "Resources.R.Properties.JoinList"), "x,y,z");
    assert_text(at(&t, "Resources.R.Properties.Select"), "y");
    assert_unknown(at(&t, "Resources.R.Properties.SelectPast"), "past the list");
    kr_node *sp = at(&t, "Resources.R.Properties.Split");
    assert_int_equal(sp->kind, KR_NODE_SEQ);
    assert_int_equal(sp->nitems, 2);
    assert_text(sp->items[1], "q");
    assert_text(at(&t, "Resources.R.Properties.SelSplit"), "top");
    assert_text(at(&t, "Resources.R.Properties.B64"), "aGVsbG8=");
    assert_unknown(at(&t, "Resources.R.Properties.AZs"), "Availability Zones, whose names and number");
    assert_unknown(at(&t, "Resources.R.Properties.Import"), "another stack's export");
    /* a resource named with an unknown parameter: kept as written for relations */
    assert_string_equal(at(&t, "Resources.R.Properties.SubMixed")->tag, "!Sub");
    assert_string_equal(at(&t, "Resources.R.Properties.JoinMixed")->tag, "!Join");
    done(&t);
}

static void test_cfn__findinmap(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  Env: {Type: String, Default: prod}\n"
              "Mappings:\n"
              "  Retention:\n"
              "    prod: {Days: 1, Zones: [a, b]}\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      Days: !FindInMap [Retention, !Ref Env, Days]\n"
              "      Zones: !FindInMap [Retention, prod, Zones]\n"
              "      Missing: !FindInMap [Retention, dev, Days]\n"
              "      Default: !FindInMap [Retention, dev, Days, {DefaultValue: 90}]\n"
              "      Long: {'Fn::FindInMap': [Retention, prod, Days]}\n",
         NULL);
    kr_node *d = at(&t, "Resources.R.Properties.Days");
    assert_text(d, "1");
    assert_int_equal(line_of(d), 6); /* the mapping entry */
    assert_string_equal(d->origin->note, "Mappings.Retention.prod.Days = 1");
    assert_int_equal(d->origin->next->span.start.line + 1, 11);
    assert_int_equal(at(&t, "Resources.R.Properties.Zones")->nitems, 2);
    assert_unknown(at(&t, "Resources.R.Properties.Missing"), "does not exist");
    assert_text(at(&t, "Resources.R.Properties.Default"), "90");
    assert_text(at(&t, "Resources.R.Properties.Long"), "1");
    done(&t);
}

/* -------------------------------------------------------- conditions --- */

static void test_cfn__conditions(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Parameters:\n"
              "  Env: {Type: String, Default: prod}\n"
              "  Free: {Type: String}\n"
              "Conditions:\n"
              "  IsProd: !Equals [!Ref Env, prod]\n"
              "  IsDev: !Not [!Condition IsProd]\n"
              "  Both: !And [!Condition IsProd, {Condition: IsProd}]\n"
              "  Either: !Or [!Condition IsDev, !Equals [a, a]]\n"
              "  Neither: !Or [!Condition IsDev, !Equals [a, b]]\n"
              "  Open: !Equals [!Ref Free, x]\n"
              "  OpenOrProd: !Or [!Condition Open, !Condition IsProd]\n"
              "  OpenAndDev: !And [!Condition Open, !Condition IsDev]\n"
              "  OpenAndProd: !And [!Condition Open, !Condition IsProd]\n"
              "  Json: {'Fn::Equals': [{'Ref': Env}, prod]}\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      A: !If [IsProd, yes, no]\n"
              "      B: !If [IsDev, yes, no]\n"
              "      C: !If [Both, yes, no]\n"
              "      D: !If [Either, yes, no]\n"
              "      E: !If [Neither, yes, no]\n"
              "      F: !If [OpenOrProd, yes, no]\n"
              "      G: !If [OpenAndDev, yes, no]\n"
              "      H: !If [OpenAndProd, yes, no]\n"
              "      I: !If [Open, same, same]\n"
              "      J: !If [IsDev, 1, !Ref AWS::NoValue]\n"
              "      K: {'Fn::If': [Json, yes, no]}\n",
         NULL);
    assert_text(at(&t, "Resources.R.Properties.A"), "yes");
    assert_text(at(&t, "Resources.R.Properties.B"), "no");
    assert_text(at(&t, "Resources.R.Properties.C"), "yes");
    assert_text(at(&t, "Resources.R.Properties.D"), "yes");
    assert_text(at(&t, "Resources.R.Properties.E"), "no");
    assert_text(at(&t, "Resources.R.Properties.F"), "yes"); /* true whatever Open is */
    assert_text(at(&t, "Resources.R.Properties.G"), "no");
    assert_unknown(at(&t, "Resources.R.Properties.H"), "depends on condition OpenAndProd, which is undecided");
    assert_unknown(at(&t, "Resources.R.Properties.H"), "parameter Free has no Default");
    assert_text(at(&t, "Resources.R.Properties.I"), "same"); /* both branches agree */
    assert_null(kr_node_get_pair(at(&t, "Resources.R.Properties"), "J"));
    assert_text(at(&t, "Resources.R.Properties.K"), "yes");
    assert_int_equal(t.diags.len, 0);
    assert_int_equal(t.undecided, 2); /* Open and OpenAndProd */
    done(&t);
}

static void test_cfn__condition_scenarios(void **state)
{
    (void)state;
    const char *src = HEAD "Parameters:\n"
                           "  Env: {Type: String}\n"
                           "Conditions:\n"
                           "  IsProd: !Equals [!Ref Env, prod]\n"
                           "  IsDev: !Not [!Condition IsProd]\n"
                           "Resources:\n"
                           "  Dev:\n"
                           "    Type: AWS::S3::Bucket\n"
                           "    Condition: IsDev\n"
                           "  R:\n"
                           "    Type: AWS::Logs::LogGroup\n"
                           "    Properties:\n"
                           "      A: !If [IsProd, 400, 7]\n";
    tpl t;
    load(&t, "t.yaml", src, NULL);
    assert_int_equal(t.undecided, 2);                    /* IsProd, and IsDev through it */
    assert_unknown(at(&t, "Resources.R.Properties.A"), "depends on condition IsProd");
    assert_non_null(at(&t, "Resources.Dev"));             /* undecided: kept */
    done(&t);
    for (unsigned sc = 0; sc < 2; sc++) {
        kr_cfn_options o = {.force_conditions = true, .scenario = sc};
        load(&t, "t.yaml", src, &o);
        assert_int_equal(t.undecided, 1);                /* only IsProd is forced */
        assert_text(at(&t, "Resources.R.Properties.A"), sc ? "400" : "7");
        if (sc) assert_null(at(&t, "Resources.Dev"));
        else assert_non_null(at(&t, "Resources.Dev"));
        done(&t);
    }
}

static void test_cfn__condition_cycle(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Conditions:\n"
              "  A: !Not [!Condition B]\n"
              "  B: !And [!Condition A, !Equals [x, x]]\n"
              "  Self: !Condition Self\n"
              "Resources:\n"
              "  R:\n"
              "    Type: AWS::Logs::LogGroup\n"
              "    Properties:\n"
              "      A: !If [A, yes, no]\n"
              "      S: !If [Self, yes, no]\n"
              "      U: !If [Undeclared, yes, no]\n",
         NULL);
    assert_unknown(at(&t, "Resources.R.Properties.A"), "depends on itself");
    assert_unknown(at(&t, "Resources.R.Properties.S"), "depends on itself");
    assert_unknown(at(&t, "Resources.R.Properties.U"), "not declared");
    assert_int_equal(t.diags.len, 2); /* the cycles; an undeclared condition is only unknown */
    assert_string_equal(t.diags.items[0].code, "cfn-condition");
    done(&t);
}

static void test_cfn__resource_condition(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.json",
         "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
         " \"Parameters\": {\"Make\": {\"Type\": \"String\", \"Default\": \"false\"}},\n"
         " \"Conditions\": {\"MakeIt\": {\"Fn::Equals\": [{\"Ref\": \"Make\"}, \"true\"]}},\n"
         " \"Resources\": {\n"
         "  \"Off\": {\"Type\": \"AWS::S3::Bucket\", \"Condition\": \"MakeIt\"},\n"
         "  \"On\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\n"
         "    \"P\": {\"Fn::If\": [\"MakeIt\", {\"A\": 1}, {\"Ref\": \"AWS::NoValue\"}]},\n"
         "    \"Q\": {\"Fn::Join\": [\"\", [\"x\", {\"Ref\": \"Make\"}]]}}}}}\n",
         NULL);
    kr_node *res = at(&t, "Resources");
    assert_int_equal(res->npairs, 1);
    assert_non_null(kr_node_get(res, "On"));
    assert_null(kr_node_get_pair(at(&t, "Resources.On.Properties"), "P"));
    assert_text(at(&t, "Resources.On.Properties.Q"), "xfalse");
    done(&t);
}

/* --------------------------------------------------------------- SAM --- */

static void test_cfn__sam_globals(void **state)
{
    (void)state;
    tpl t;
    load(&t, "template.yaml",
         HEAD "Transform: AWS::Serverless-2016-10-31\n"
              "Parameters:\n"
              "  Zone: {Type: String, Default: Asia/Tokyo}\n"
              "Globals:\n"
              "  Function:\n"
              "    Timeout: 10\n"
              "    Layers: [g1]\n"
              "    Tags: {Owner: team}\n"
              "    Environment:\n"
              "      Variables: {TZ: !Ref Zone, LOG: info}\n"
              "Resources:\n"
              "  Fn:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties:\n"
              "      Timeout: 30\n"
              "      Layers: [r1]\n"
              "      Environment:\n"
              "        Variables: {LOG: debug}\n"
              "  Bare:\n"
              "    Type: AWS::Serverless::Function\n"
              "  Table:\n"
              "    Type: AWS::Serverless::SimpleTable\n",
         NULL);
    assert_text(at(&t, "Resources.Fn.Properties.Timeout"), "30"); /* scalar: the resource wins */
    kr_node *layers = at(&t, "Resources.Fn.Properties.Layers");
    assert_int_equal(layers->nitems, 2);                           /* lists: appended */
    assert_text(layers->items[0], "g1");
    assert_text(layers->items[1], "r1");
    assert_text(at(&t, "Resources.Fn.Properties.Environment.Variables.LOG"), "debug");
    kr_node *tz = at(&t, "Resources.Fn.Properties.Environment.Variables.TZ");
    assert_text(tz, "Asia/Tokyo");                                 /* maps: merged, then resolved */
    assert_int_equal(line_of(tz), 4);                              /* the parameter Default */
    kr_node *owner = at(&t, "Resources.Fn.Properties.Tags.Owner");
    assert_text(owner, "team");
    assert_int_equal(line_of(owner), 9);                           /* in Globals */
    assert_string_equal(owner->origin->note, "Globals.Function.Tags.Owner");
    assert_string_equal(owner->origin->next->note, "Resources.Fn (AWS::Serverless::Function)");
    assert_text(at(&t, "Resources.Bare.Properties.Timeout"), "10");
    assert_null(at(&t, "Resources.Table.Properties"));              /* no Globals.SimpleTable */
    assert_text(at(&t, "Globals.Function.Environment.Variables.TZ"), "Asia/Tokyo");
    done(&t);
}

static void test_cfn__aliases_resolve_once(void **state)
{
    (void)state;
    tpl t;
    load(&t, "t.yaml",
         HEAD "Transform: AWS::Serverless-2016-10-31\n"
              "Parameters:\n"
              "  P: {Type: String, Default: v}\n"
              "Globals:\n"
              "  Function:\n"
              "    Layers: [g]\n"
              "Resources:\n"
              "  A:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties: &props\n"
              "      Layers: [r]\n"
              "      X: !Ref P\n"
              "  B:\n"
              "    Type: AWS::Serverless::Function\n"
              "    Properties: *props\n",
         NULL);
    assert_int_equal(at(&t, "Resources.A.Properties.Layers")->nitems, 2);
    assert_int_equal(at(&t, "Resources.B.Properties.Layers")->nitems, 2);
    assert_text(at(&t, "Resources.A.Properties.X"), "v");
    assert_text(at(&t, "Resources.B.Properties.X"), "v");
    done(&t);
}


/* -------------------------------------------------------- serverless --- */

static void load_sls(tpl *t, const char *src, const kr_cfn_options *opts)
{
    size_t len = strlen(src);
    t->data = malloc(len + 1);
    memcpy(t->data, src, len + 1);
    kr_diags_init(&t->diags);
    kr_doc_init(&t->doc, KR_FIXTURE_DIR "/sls/serverless.yml", t->data, len);
    assert_int_equal(kr_doc_load(&t->doc, &t->diags), 0);
    assert_int_equal(t->doc.root_formats[0], KR_FMT_SERVERLESS);
    assert_int_equal(kr_cfn_resolve(&t->doc, opts, &t->diags), 0);
}

static const char SLS[] =
    "service: shop\n"
    "provider:\n"
    "  name: aws\n"
    "  stage: ${opt:stage, 'dev'}\n"
    "  region: ap-northeast-1\n"
    "custom:\n"
    "  retention: {prod: 400, dev: 7}\n"
    "  name: ${self:service}-${sls:stage}\n"
    "x:\n"
    "  days: ${self:custom.retention.${sls:stage}, 30}\n"
    "  other: ${self:custom.retention.qa, 30}\n"
    "  chain: ${self:custom.name}\n"
    "  env: ${env:LOG_LEVEL, 'info'}\n"
    "  envNone: ${env:LOG_LEVEL}\n"
    "  fileTz: ${file(./config/${sls:stage}.yml):tz}\n"
    "  fileMap: ${file(./config/dev.yml):retention}\n"
    "  fileNested: ${file(./config/prod.yml):nested}\n"
    "  fileGone: ${file(./config/none.yml):tz, 'UTC'}\n"
    "  ssm: ${ssm:/shop/key, 'x'}\n"
    "  optRegion: ${opt:region, self:provider.region}\n"
    "  awsRegion: ${aws:region}\n"
    "  nestedFallback: ${self:nope, ${env:NOPE, 5}}\n"
    "  cfnSub: arn:${AWS::Region}:x\n"
    "  loopA: ${self:x.loopB}\n"
    "  loopB: ${self:x.loopA}\n"
    "  whole: ${self:custom.retention}\n";

static void test_cfn__serverless_variables(void **state)
{
    (void)state;
    tpl t;
    load_sls(&t, SLS, NULL);
    kr_node *d = at(&t, "x.days");
    assert_text(d, "7");                          /* stage dev: custom.retention.dev */
    assert_int_equal(line_of(d), 7);              /* where 7 is written */
    assert_int_equal(d->stype, KR_SCALAR_INT);
    assert_non_null(d->origin);
    assert_int_equal(d->origin->next->span.start.line + 1, 10);
    assert_text(at(&t, "x.other"), "30");         /* the fallback */
    assert_int_equal(at(&t, "x.other")->stype, KR_SCALAR_INT);
    assert_text(at(&t, "x.chain"), "shop-dev");
    assert_text(at(&t, "x.env"), "info");
    assert_unknown(at(&t, "x.envNone"), "deploying shell's environment");
    assert_text(at(&t, "x.fileTz"), "Asia/Tokyo");
    kr_node *fm = at(&t, "x.fileMap");
    assert_int_equal(fm->kind, KR_NODE_MAP);
    kr_node *fd = kr_node_get(fm, "days");
    assert_text(fd, "14");
    assert_int_equal(line_of(fd), 16);            /* at the use: the value is in another file */
    assert_non_null(strstr(fd->origin->file, "config/dev.yml"));
    assert_unknown(at(&t, "x.fileNested"), "are not followed");
    assert_text(at(&t, "x.fileGone"), "UTC");
    assert_unknown(at(&t, "x.ssm"), "resolved only at deploy");
    assert_text(at(&t, "x.optRegion"), "ap-northeast-1");
    assert_text(at(&t, "x.awsRegion"), "ap-northeast-1");
    assert_text(at(&t, "x.nestedFallback"), "5");
    assert_true(kr_node_is_unknown(at(&t, "x.cfnSub")));   /* not a serverless variable */
    assert_string_equal(at(&t, "x.cfnSub")->text, "arn:${AWS::Region}:x");
    assert_unknown(at(&t, "x.loopA"), "cycle");
    assert_int_equal(at(&t, "x.whole")->kind, KR_NODE_MAP);
    assert_true(t.diags.len >= 1);
    assert_string_equal(t.diags.items[0].code, "sls-variable");
    done(&t);
}

static void test_cfn__serverless_stage(void **state)
{
    (void)state;
    kr_cfn_options o = {.stage = "prod", .region = "eu-west-1"};
    tpl t;
    load_sls(&t, SLS, &o);
    assert_text(at(&t, "provider.stage"), "prod");
    assert_text(at(&t, "x.days"), "400");
    assert_text(at(&t, "x.chain"), "shop-prod");
    assert_text(at(&t, "x.fileTz"), "UTC");
    assert_text(at(&t, "x.optRegion"), "eu-west-1");
    done(&t);
}

static void test_cfn__include(void **state)
{
    (void)state;
    const char *src = HEAD "Parameters:\n"
                           "  Days: {Type: Number, Default: 5}\n"
                           "Resources:\n"
                           "  Logs:\n"
                           "    Type: AWS::Logs::LogGroup\n"
                           "    Properties:\n"
                           "      Fn::Transform:\n"
                           "        Name: AWS::Include\n"
                           "        Parameters: {Location: include/logs.yaml}\n"
                           "  Fn::Transform:\n"
                           "    Name: AWS::Include\n"
                           "    Parameters: {Location: ./include/resources.yaml}\n"
                           "  Remote:\n"
                           "    Type: AWS::Logs::LogGroup\n"
                           "    Properties:\n"
                           "      Fn::Transform: {Name: AWS::Include, Parameters: {Location: 's3://b/x.yaml'}}\n";
    size_t len = strlen(src);
    tpl t;
    t.data = malloc(len + 1);
    memcpy(t.data, src, len + 1);
    kr_diags_init(&t.diags);
    kr_doc_init(&t.doc, KR_FIXTURE_DIR "/cfn/template.yaml", t.data, len);
    assert_int_equal(kr_doc_load(&t.doc, &t.diags), 0);
    assert_int_equal(kr_cfn_resolve(&t.doc, NULL, &t.diags), 0);
    kr_node *d = at(&t, "Resources.Logs.Properties.RetentionInDays");
    assert_text(d, "5");                       /* !Ref Days inside the included snippet */
    assert_text(at(&t, "Resources.Logs.Properties.LogGroupName"), "included");
    assert_text(at(&t, "Resources.Extra.Type"), "AWS::S3::Bucket"); /* spliced beside Logs */
    assert_null(kr_node_get_pair(at(&t, "Resources"), "Fn::Transform"));
    assert_unknown(at(&t, "Resources.Remote.Properties"), "read at deploy");
    done(&t);
}

/* ------------------------------------------------------- nested stacks --- */

static void test_cfn__nested_join(void **state)
{
    (void)state;
    char *p = kr_cfn_nested_join("infra/parent.yaml", "./stacks/../net/./a.yaml");
    assert_string_equal(p, "infra/net/a.yaml");
    free(p);
    p = kr_cfn_nested_join("parent.yaml", "child.yaml");
    assert_string_equal(p, "child.yaml");
    free(p);
    p = kr_cfn_nested_join("../repo/infra/p.yaml", "../shared/c.yaml"); /* inside ../repo */
    assert_string_equal(p, "../repo/shared/c.yaml");
    free(p);
    p = kr_cfn_nested_join("/abs/infra/p.yaml", "c.yaml");
    assert_string_equal(p, "/abs/infra/c.yaml");
    free(p);
    /* out of the tree, absolute, empty */
    assert_null(kr_cfn_nested_join("infra/parent.yaml", "../../etc/passwd"));
    assert_null(kr_cfn_nested_join("parent.yaml", "../x.yaml"));
    assert_null(kr_cfn_nested_join("../repo/p.yaml", "../../x.yaml"));
    assert_null(kr_cfn_nested_join("/p.yaml", "../x.yaml"));
    assert_null(kr_cfn_nested_join("infra/parent.yaml", "/etc/passwd"));
    assert_null(kr_cfn_nested_join("infra/parent.yaml", ""));
}

static void test_cfn__nested_list(void **state)
{
    (void)state;
    tpl t;
    load(&t, "infra/parent.yaml",
         HEAD "Parameters:\n  Cidr: {Type: String, Default: 10.1.0.0/16}\n"
              "Conditions:\n  Never: !Equals [a, b]\n"
              "Resources:\n"
              "  Net:\n    Type: AWS::CloudFormation::Stack\n"
              "    Properties:\n      TemplateURL: ./net.yaml\n      Parameters: {Cidr: !Ref Cidr}\n"
              "  App:\n    Type: AWS::Serverless::Application\n"
              "    Properties: {Location: ../app/template.yaml}\n"
              "  Gone:\n    Type: AWS::CloudFormation::Stack\n    Condition: Never\n"
              "    Properties: {TemplateURL: gone.yaml}\n"
              "  Remote:\n    Type: AWS::CloudFormation::Stack\n"
              "    Properties: {TemplateURL: 'https://s3.amazonaws.com/b/t.yaml'}\n"
              "  Sar:\n    Type: AWS::Serverless::Application\n"
              "    Properties: {Location: {ApplicationId: arn:x, SemanticVersion: 1.0.0}}\n"
              "  Late:\n    Type: AWS::CloudFormation::Stack\n"
              "    Properties: {TemplateURL: !Sub 'https://${AWS::AccountId}.s3/t.yaml'}\n"
              "  Out:\n    Type: AWS::CloudFormation::Stack\n"
              "    Properties: {TemplateURL: ../../../etc/t.yaml}\n",
         NULL);
    kr_cfn_stacks st;
    kr_cfn_stacks_init(&st);
    kr_diags d;
    kr_diags_init(&d);
    kr_cfn_nested_list(&st, &t.doc, &d);
    assert_int_equal(st.len, 2); /* Gone does not exist: its condition is false */
    assert_string_equal(st.items[0].name, "Net");
    assert_string_equal(st.items[0].path, "infra/net.yaml");
    assert_text(kr_node_get(st.items[0].params, "Cidr"), "10.1.0.0/16"); /* resolved */
    assert_string_equal(st.items[1].name, "App");
    assert_string_equal(st.items[1].path, "app/template.yaml");
    assert_null(st.items[1].params);
    assert_int_equal(d.len, 4); /* Remote, Sar, Late, Out: notes, not errors */
    assert_int_equal(d.errors, 0);
    const char *want[] = {"is a URL", "Serverless Application Repository", "known only at deploy",
                          "leaves the parent template's tree"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(d.items[i].severity, KR_SEV_NOTE);
        assert_string_equal(d.items[i].code, "cfn-nested");
        if (!strstr(d.items[i].message, want[i]))
            fail_msg("note %zu \"%s\" does not say \"%s\"", i, d.items[i].message, want[i]);
    }
    kr_diags_dispose(&d);
    kr_cfn_stacks_dispose(&st);
    done(&t);
}

/* A child template resolved with what its parent passes: the parent's value
 * (with the parent's chain, then the Parameters entry), the child's Default
 * for what is not passed, unknowns with the parent's reason, and a passed
 * value the child's AllowedValues reject as an error at the parent. */
static void test_cfn__nested_parameters(void **state)
{
    (void)state;
    tpl parent;
    load(&parent, "parent.yaml",
         HEAD "Parameters:\n  Open: {Type: String, Default: 0.0.0.0/0}\n"
              "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
              "      TemplateURL: child.yaml\n      Parameters:\n"
              "        Cidr: !Ref Open\n        Days: 3\n        Acct: !Ref AWS::AccountId\n"
              "        Env: qa\n        Ports: [1, 2]\n",
         NULL);
    kr_cfn_params file; /* the parent's parameter file must not reach the child */
    kr_cfn_params_init(&file);
    kr_diags pd;
    kr_diags_init(&pd);
    const char pf[] = "[{\"ParameterKey\": \"Keep\", \"ParameterValue\": \"from-file\"}]";
    assert_int_equal(kr_cfn_params_parse(&file, "p.json", pf, sizeof pf - 1, NULL, &pd), 0);
    kr_cfn_options o = {0};
    o.params = &file;
    o.stack_params = at(&parent, "Resources.Net.Properties.Parameters");
    o.stack_doc = &parent.doc;
    o.stack_name = "Net";
    tpl child;
    load(&child, "child.yaml",
         HEAD "Parameters:\n  Cidr: {Type: String, Default: 10.0.0.0/8}\n"
              "  Days: {Type: Number, Default: 7}\n  Acct: {Type: String, Default: x}\n"
              "  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}\n"
              "  Ports: {Type: String, Default: p}\n  Keep: {Type: String, Default: mine}\n"
              "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
              "      A: !Ref Cidr\n      B: !Ref Days\n      C: !Ref Acct\n      D: !Ref Env\n"
              "      E: !Ref Ports\n      F: !Ref Keep\n",
         &o);
    kr_node *a = at(&child, "Resources.Sg.Properties.A");
    assert_text(a, "0.0.0.0/0");
    /* the chain: the parent's Default, the parent's Parameters entry, the use */
    const kr_origin *c = a->origin;
    assert_non_null(c);
    assert_string_equal(c->file, "parent.yaml");
    assert_int_equal(c->span.start.line + 1, 3);
    assert_non_null(c->next);
    assert_string_equal(c->next->file, "parent.yaml");
    assert_int_equal(c->next->span.start.line + 1, 10);
    assert_non_null(strstr(c->next->note, "Parameters.Cidr of nested stack Net"));
    assert_non_null(c->next->next);
    assert_string_equal(c->next->next->file, "child.yaml");
    kr_node *b = at(&child, "Resources.Sg.Properties.B");
    assert_text(b, "3");
    assert_int_equal(b->stype, KR_SCALAR_INT); /* converted to the child's Number */
    assert_string_equal(b->origin->file, "parent.yaml");
    assert_int_equal(b->origin->span.start.line + 1, 11);
    assert_unknown(at(&child, "Resources.Sg.Properties.C"), "AWS::AccountId is known only when");
    assert_unknown(at(&child, "Resources.Sg.Properties.D"), "AllowedValues");
    assert_unknown(at(&child, "Resources.Sg.Properties.E"), "as a list, not a string");
    assert_text(at(&child, "Resources.Sg.Properties.F"), "mine"); /* not passed: its Default */
    assert_int_equal(child.diags.errors, 1);
    assert_string_equal(child.diags.items[0].file, "parent.yaml");
    assert_int_equal(child.diags.items[0].span.start.line + 1, 13);
    done(&child);
    kr_diags_dispose(&pd);
    kr_cfn_params_dispose(&file);
    done(&parent);
}

/* ------------------------------------------------------------ config --- */

static void test_cfn__config_section(void **state)
{
    (void)state;
    kr_config cfg;
    kr_config_init(&cfg);
    kr_diags d;
    kr_diags_init(&d);
    const char ok[] = "cloudformation:\n  parameters: params/prod.json\n  region: ap-northeast-1\n"
                      "  samconfig_env: prod\nserverless:\n  stage: prod\n";
    assert_int_equal(kr_config_parse(&cfg, "sub/.krewlint.yml", ok, sizeof ok - 1, &d), 0);
    assert_int_equal(cfg.cfn_parameters.len, 1);
    assert_string_equal(cfg.cfn_parameters.items[0].value, "sub/params/prod.json"); /* relative to the config */
    assert_string_equal(cfg.cfn_region, "ap-northeast-1");
    assert_string_equal(cfg.cfn_samconfig_env, "prod");
    assert_string_equal(cfg.sls_stage, "prod");
    assert_int_equal(cfg.cfn_region_origin.span.start.line + 1, 3);
    kr_config_dispose(&cfg);
    kr_config_init(&cfg);
    const char bad[] = "cloudformation:\n  regoin: x\n  region: [a]\nserverless: stage\n";
    assert_int_equal(kr_config_parse(&cfg, ".krewlint.yml", bad, sizeof bad - 1, &d), KR_EINVALID);
    assert_int_equal(d.errors, 3);
    assert_non_null(strstr(d.items[0].message, "unknown key 'regoin'"));
    kr_config_dispose(&cfg);
    kr_diags_dispose(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cfn__param_default_and_origin),
        cmocka_unit_test(test_cfn__param_types),
        cmocka_unit_test(test_cfn__param_constraints),
        cmocka_unit_test(test_cfn__param_unknowns),
        cmocka_unit_test(test_cfn__params_cli_list),
        cmocka_unit_test(test_cfn__params_pipeline_and_precedence),
        cmocka_unit_test(test_cfn__params_samconfig),
        cmocka_unit_test(test_cfn__params_invalid),
        cmocka_unit_test(test_cfn__pseudo),
        cmocka_unit_test(test_cfn__functions),
        cmocka_unit_test(test_cfn__findinmap),
        cmocka_unit_test(test_cfn__conditions),
        cmocka_unit_test(test_cfn__condition_cycle),
        cmocka_unit_test(test_cfn__condition_scenarios),
        cmocka_unit_test(test_cfn__resource_condition),
        cmocka_unit_test(test_cfn__sam_globals),
        cmocka_unit_test(test_cfn__aliases_resolve_once),
        cmocka_unit_test(test_cfn__serverless_variables),
        cmocka_unit_test(test_cfn__serverless_stage),
        cmocka_unit_test(test_cfn__config_section),
        cmocka_unit_test(test_cfn__include),
        cmocka_unit_test(test_cfn__nested_join),
        cmocka_unit_test(test_cfn__nested_list),
        cmocka_unit_test(test_cfn__nested_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
