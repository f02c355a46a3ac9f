/* fuzz_hcl.c - the HCL adapter (tree-sitter-hcl -> kr_node tree in
 * Terraform's JSON shape) on any bytes: blocks, heredocs, templates,
 * expressions, unterminated constructs, error nodes. A parse failure must
 * leave a diagnostic; every node's span must lie inside the input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "doc/doc.h"
#include "fuzz.h"

static void check_node(const kr_node *n, size_t len, unsigned depth)
{
    if (!n || depth > 4 * KR_MAX_DEPTH + 8) return;
    if (n->span.start.byte > n->span.end.byte || n->span.end.byte > len) {
        fprintf(stderr, "fuzz_hcl: span [%u, %u) outside the %zu-byte input\n",
                (unsigned)n->span.start.byte, (unsigned)n->span.end.byte, len);
        abort();
    }
    if ((n->kind == KR_NODE_SCALAR || n->kind == KR_NODE_EXPR) && !n->text) {
        fprintf(stderr, "fuzz_hcl: scalar without text\n");
        abort();
    }
    for (size_t i = 0; i < n->npairs; i++) {
        check_node(n->pairs[i].key, len, depth + 1);
        check_node(n->pairs[i].value, len, depth + 1);
    }
    for (size_t i = 0; i < n->nitems; i++) check_node(n->items[i], len, depth + 1);
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
    kr_diags diags;
    kr_diags_init(&diags);
    kr_doc doc;
    kr_doc_init(&doc, "main.tf", (const char *)data, size);
    int rc = kr_doc_parse_hcl(&doc, &diags);
    if (rc != 0 && diags.len == 0) {
        fprintf(stderr, "fuzz_hcl: parse failed (%d) without a diagnostic\n", rc);
        abort();
    }
    if (rc == 0) {
        kr_detect_classify(&doc);
        for (size_t i = 0; i < doc.nroots; i++) check_node(doc.roots[i], size, 0);
    }
    kr_doc_dispose(&doc);
    kr_diags_dispose(&diags);
    return 0;
}
