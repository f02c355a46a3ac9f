/* fuzz_cfn.c - CloudFormation resolution (src/cfn/resolve.c) on any bytes.
 *
 * The input is a template, optionally followed by a line "#--params--" and a
 * parameter file. The template is loaded as a CloudFormation file would be
 * (YAML/JSON, classified, intrinsics rewritten), then resolved without
 * options, and again with the parameter file and a region. Every node of the
 * result must have its text (scalars, expressions), a span inside the input,
 * and origins whose spans lie inside the file they name; the AWS::NoValue
 * marker must never remain in the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfn/params.h"
#include "cfn/resolve.h"
#include "diag.h"
#include "doc/doc.h"
#include "fuzz.h"

#define SEP "\n#--params--\n"

static void check_origin(const kr_origin *o, const char *tpl, size_t tlen)
{
    for (int k = 0; o && k < 64; o = o->next, k++) {
        size_t len = o->src == tpl ? tlen : o->src_len;
        if (o->span.start.byte > o->span.end.byte || o->span.end.byte > len) {
            fprintf(stderr, "fuzz_cfn: origin span outside %s\n", o->file ? o->file : "?");
            abort();
        }
    }
}

static void check_node(const kr_node *n, const char *tpl, size_t len, unsigned depth)
{
    if (!n || depth > 4 * KR_MAX_DEPTH + 8) return;
    if (n->span.start.byte > n->span.end.byte || n->span.end.byte > len) {
        fprintf(stderr, "fuzz_cfn: span [%u, %u) outside the %zu-byte input\n",
                (unsigned)n->span.start.byte, (unsigned)n->span.end.byte, len);
        abort();
    }
    if ((n->kind == KR_NODE_SCALAR || n->kind == KR_NODE_EXPR) && !n->text) {
        fprintf(stderr, "fuzz_cfn: scalar without text (a NoValue marker left in the tree?)\n");
        abort();
    }
    check_origin(n->origin, tpl, len);
    for (size_t i = 0; i < n->npairs; i++) {
        check_node(n->pairs[i].key, tpl, len, depth + 1);
        check_node(n->pairs[i].value, tpl, len, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++) check_node(n->items[i], tpl, len, depth + 1);
}

static void run(const char *tpl, size_t tlen, const kr_cfn_options *opts)
{
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc doc;
    kr_doc_init(&doc, "template.yaml", tpl, tlen);
    if (kr_doc_load(&doc, &diags) == 0) {
        kr_cfn_resolve(&doc, opts, &diags);
        for (size_t i = 0; i < doc.nroots; i++) check_node(doc.roots[i], tpl, tlen, 0);
    }
    kr_doc_dispose(&doc);
    kr_diags_dispose(&diags);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT) size = KR_FUZZ_MAX_INPUT;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    size_t tlen = size;
    const char *params = NULL;
    size_t plen = 0;
    for (size_t i = 0; i + sizeof SEP - 1 <= size; i++) {
        if (memcmp(text + i, SEP, sizeof SEP - 1) == 0) {
            tlen = i + 1;
            params = text + i + sizeof SEP - 1;
            plen = size - (i + sizeof SEP - 1);
            break;
        }
    }
    char *tpl = malloc(tlen + 1);
    memcpy(tpl, text, tlen);
    tpl[tlen] = '\0';
    run(tpl, tlen, NULL);
    kr_cfn_params p;
    kr_cfn_params_init(&p);
    kr_diags pd;
    kr_diags_init(&pd);
    if (params) (void)kr_cfn_params_parse(&p, "params.json", params, plen, NULL, &pd);
    kr_cfn_options o = {.region = "ap-northeast-1", .params = &p, .stage = "prod"};
    run(tpl, tlen, &o);
    kr_diags_dispose(&pd);
    kr_cfn_params_dispose(&p);
    free(tpl);
    free(text);
    return 0;
}
