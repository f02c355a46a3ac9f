/* fuzz_yaml.c - the YAML/JSON adapter and format detection on any bytes.
 *
 * The input is parsed as YAML (libyaml events -> kr_node tree: aliases with
 * the expansion cap, merge keys, tags, depth and node limits), then
 * classified twice: under a plain name and as serverless.yml / a .tf.json
 * file, so the CloudFormation, serverless and Terraform-JSON rewrites all run
 * on the same tree shapes. A parse failure must leave exactly one diagnostic.
 * Every node's span is checked to lie inside the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc/doc.h"
#include "fuzz.h"

/* Span sanity: start <= end <= len, with the walk bounded by KR_MAX_DEPTH
 * levels of recursion (the adapter refuses deeper documents). */
static void check_node(const kr_node *n, size_t len, unsigned depth)
{
    if (!n || depth > 2 * KR_MAX_DEPTH + 8) return;
    if (n->span.start.byte > n->span.end.byte || n->span.end.byte > len) {
        fprintf(stderr, "fuzz_yaml: span [%u, %u) outside the %zu-byte input\n",
                (unsigned)n->span.start.byte, (unsigned)n->span.end.byte, len);
        abort();
    }
    if ((n->kind == KR_NODE_SCALAR || n->kind == KR_NODE_EXPR) && !n->text) {
        fprintf(stderr, "fuzz_yaml: scalar without text\n");
        abort();
    }
    for (size_t i = 0; i < n->npairs; i++) {
        check_node(n->pairs[i].key, len, depth + 1);
        check_node(n->pairs[i].value, len, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++) check_node(n->items[i], len, depth + 1);
}

static void run(const char *path, const char *data, size_t len)
{
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc doc;
    kr_doc_init(&doc, path, data, len);
    int rc = kr_doc_parse_yaml(&doc, &diags);
    if (rc != 0 && diags.len == 0) {
        fprintf(stderr, "fuzz_yaml: parse failed (%d) without a diagnostic\n", rc);
        abort();
    }
    if (rc == 0) {
        kr_detect_classify(&doc);
        for (size_t i = 0; i < doc.nroots; i++) check_node(doc.roots[i], len, 0);
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
    const char *text = (const char *)data;
    run("fuzz.yml", text, size);
    run("serverless.yml", text, size);
    run("fuzz.tf.json", text, size);
    return 0;
}
