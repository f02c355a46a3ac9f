/* detect.c - which adapter reads a path, what a parsed file is, and the
 * rewrites that make statically unknown values explicit.
 *
 * Classification of one root (first match wins):
 *   1. path *.tf or *.tf.json                         -> terraform (all roots)
 *   2. map with format_version and resource_changes
 *      or planned_values                              -> tfplan
 *   3. map with AWSTemplateFormatVersion, a SAM
 *      Transform (AWS::Serverless...), or Resources
 *      whose map entries all have a "X::Y..." Type,
 *      one of them AWS:: / Custom:: / Alexa::         -> cloudformation
 *   4. basename serverless.yml/.yaml/.json and a
 *      `service` key                                  -> serverless
 *   5. map with apiVersion and kind                   -> kubernetes
 *   6. anything else                                  -> config
 * doc->format is the format of the first root that is not config (so a
 * Kubernetes stream that starts with a plain document is still kubernetes),
 * config when every root is config or there is none, terraform for .tf paths.
 * root_formats[] is the per-document truth the evaluator should use.
 *
 * Rewrites into KR_NODE_EXPR (children, tag and span are kept; the evaluator
 * treats EXPR as unknown):
 *   - cloudformation: a node with a local tag (!Ref, !Sub, !GetAtt, ...;
 *     every `!x` tag, CloudFormation knows no others) and a single-key map
 *     whose key is "Ref" or starts with "Fn::" ({"Ref": x}, {"Fn::Sub": ...}).
 *     text = the node's source text (data[start.byte, end.byte)).
 *     {"Condition": x} is left alone (it is also an ordinary property name).
 *   - serverless: the CloudFormation rewrites above (its `resources:` section
 *     is CloudFormation and intrinsics work anywhere), then a string value
 *     containing "${" (${self:...}, ${env:...}, ${ssm:...}); text = the
 *     string's value (not its quoted source, so messages read naturally).
 *   - terraform .tf.json: a string value containing "${" or "%{"
 *     (interpolation and template directives); text = the string's value.
 * Map keys are never rewritten.
 */
#include <string.h>

#include "diag.h"
#include "doc/doc.h"
#include "doc/format.h"
#include "ts/lang.h"
#include "ts/tree.h"

/* Deeper trees are not rewritten further (yaml.c caps depth at
 * KR_MAX_DEPTH already; this guards trees from other adapters). */
#define REWRITE_MAX_DEPTH (4 * KR_MAX_DEPTH)

/* Bytes checked for a NUL to call a file binary. */
#define BINARY_SNIFF_BYTES 8192

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return false;
    for (size_t i = 0; i < m; i++) {
        char a = s[n - m + i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (a != suffix[i]) return false;
    }
    return true;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

bool kr_detect_wants(const char *path, bool *is_hcl)
{
    if (!path) path = "";
    /* the syntax table (format.h): .tf, .tf.json, .json, .yml, .yaml, .template */
    const kr_syntax *syn = kr_syntax_for_path(path);
    bool wanted = syn && syn->scanned;
    bool hcl = wanted && syn->parse == kr_doc_parse_hcl;
    /* Source code for source-code rules (src/ts/lang.h): .js .mjs .cjs .jsx
     * .ts .mts .cts .tsx .py .pyw .go. An extensionless script is read when
     * it is named on the command line (kr_doc_load looks at its #! line), not
     * found by walking a folder. */
    if (!wanted && kr_ts_lang_from_path(path) != KR_TS_NONE) wanted = true;
    if (is_hcl) *is_hcl = hcl;
    return wanted;
}

/* ---- classification ---------------------------------------------------- */

static bool str_starts(const kr_node *n, const char *prefix)
{
    size_t m = strlen(prefix);
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING && n->text_len >= m &&
           memcmp(n->text, prefix, m) == 0;
}

static bool is_string(const kr_node *n)
{
    return n && n->kind == KR_NODE_SCALAR && n->stype == KR_SCALAR_STRING;
}

static bool is_sam_transform(const kr_node *t)
{
    if (str_starts(t, "AWS::Serverless")) return true;
    if (t && t->kind == KR_NODE_SEQ) {
        for (size_t i = 0; i < t->nitems; i++)
            if (str_starts(t->items[i], "AWS::Serverless")) return true;
    }
    return false;
}

static bool is_cloudformation(const kr_node *root)
{
    if (kr_node_get(root, "AWSTemplateFormatVersion")) return true;
    if (is_sam_transform(kr_node_get(root, "Transform"))) return true;
    const kr_node *res = kr_node_get(root, "Resources");
    if (!res || res->kind != KR_NODE_MAP || res->npairs == 0) return false;
    /* Entries that are not maps are tolerated (KICS samples put
     * AWSTemplateFormatVersion inside Resources); a map entry must have a
     * registry-style "X::Y" Type. */
    bool aws = false;
    for (size_t i = 0; i < res->npairs; i++) {
        const kr_node *v = res->pairs[i].value;
        if (!v || v->kind != KR_NODE_MAP) continue;
        const kr_node *type = kr_node_get(v, "Type");
        if (!is_string(type) || !memchr(type->text, ':', type->text_len)) return false;
        if (str_starts(type, "AWS::") || str_starts(type, "Custom::") || str_starts(type, "Alexa::"))
            aws = true;
    }
    return aws;
}

static bool is_serverless_name(const char *path)
{
    const char *b = base_name(path);
    return strcmp(b, "serverless.yml") == 0 || strcmp(b, "serverless.yaml") == 0 ||
           strcmp(b, "serverless.json") == 0;
}

/* The sniffers of the format table (format.c), in its order. */
bool kr_detect__sniff_tfplan(const kr_node *root, const char *path)
{
    (void)path;
    return kr_node_get(root, "format_version") &&
           (kr_node_get(root, "resource_changes") || kr_node_get(root, "planned_values"));
}

bool kr_detect__sniff_cloudformation(const kr_node *root, const char *path)
{
    (void)path;
    return is_cloudformation(root);
}

bool kr_detect__sniff_serverless(const kr_node *root, const char *path)
{
    return is_serverless_name(path) && kr_node_get(root, "service");
}

bool kr_detect__sniff_kubernetes(const kr_node *root, const char *path)
{
    (void)path;
    return is_string(kr_node_get(root, "apiVersion")) && is_string(kr_node_get(root, "kind"));
}

/* The first row whose sniffer claims the root; config otherwise. */
static const kr_format_row *classify_root(const kr_node *root, const char *path)
{
    const kr_format_row *config = kr_format_row_of(KR_FMT_CONFIG);
    if (!root || root->kind != KR_NODE_MAP) return config;
    size_t n;
    const kr_format_row *rows = kr_format_rows(&n);
    for (size_t i = 0; i < n; i++)
        if (rows[i].sniff && rows[i].sniff(root, path)) return &rows[i];
    return config;
}

/* ---- rewrites -------------------------------------------------------------- */

static void to_expr_source(kr_doc *doc, kr_node *n)
{
    size_t s = n->span.start.byte, e = n->span.end.byte;
    if (!doc->data || e > doc->len) e = doc->data ? doc->len : 0;
    if (s > e) s = e;
    n->text = kr_arena_strndup(doc->arena, doc->data ? doc->data + s : "", e - s);
    n->text_len = e - s;
    n->kind = KR_NODE_EXPR;
}

static bool is_intrinsic_map(const kr_node *n)
{
    if (n->kind != KR_NODE_MAP || n->npairs != 1) return false;
    const kr_node *k = n->pairs[0].key;
    if (!k || !k->text) return false;
    return (k->text_len == 3 && memcmp(k->text, "Ref", 3) == 0) ||
           (k->text_len > 4 && memcmp(k->text, "Fn::", 4) == 0);
}

static void rewrite_cfn(kr_doc *doc, kr_node *n, int depth)
{
    if (!n || depth > REWRITE_MAX_DEPTH) return;
    bool tagged = n->tag && n->tag[0] == '!' && n->tag[1] != '\0' && n->tag[1] != '!';
    if (n->kind != KR_NODE_EXPR && (tagged || is_intrinsic_map(n))) to_expr_source(doc, n);
    for (size_t i = 0; i < n->npairs; i++) rewrite_cfn(doc, n->pairs[i].value, depth + 1);
    for (size_t i = 0; i < n->nitems; i++) rewrite_cfn(doc, n->items[i], depth + 1);
}

static bool contains(const kr_node *n, const char *needle)
{
    size_t m = strlen(needle);
    if (!n->text || n->text_len < m) return false;
    for (size_t i = 0; i + m <= n->text_len; i++)
        if (memcmp(n->text + i, needle, m) == 0) return true;
    return false;
}

/* Strings with "${" (or "%{" when `directives`) become EXPR, text unchanged. */
static void rewrite_templates(kr_node *n, bool directives, int depth)
{
    if (!n || depth > REWRITE_MAX_DEPTH) return;
    if (is_string(n) && (contains(n, "${") || (directives && contains(n, "%{")))) {
        n->kind = KR_NODE_EXPR;
        return;
    }
    for (size_t i = 0; i < n->npairs; i++) rewrite_templates(n->pairs[i].value, directives, depth + 1);
    for (size_t i = 0; i < n->nitems; i++) rewrite_templates(n->items[i], directives, depth + 1);
}

/* The rewrites of the format table. */
void kr_detect__rewrite_terraform(kr_doc *doc, kr_node *root)
{
    if (doc->path && ends_with_ci(doc->path, ".tf.json")) rewrite_templates(root, true, 0);
}

void kr_detect__rewrite_cloudformation(kr_doc *doc, kr_node *root)
{
    rewrite_cfn(doc, root, 0);
}

void kr_detect__rewrite_serverless(kr_doc *doc, kr_node *root)
{
    rewrite_cfn(doc, root, 0);
    rewrite_templates(root, false, 0);
}

void kr_detect_classify(kr_doc *doc)
{
    const char *path = doc->path ? doc->path : "";
    bool tf = kr_syntax_is_terraform(path);
    const kr_format_row *tf_row = kr_format_row_of(KR_FMT_TERRAFORM);
    kr_format first = KR_FMT_UNKNOWN;

    for (size_t i = 0; i < doc->nroots; i++) {
        kr_node *root = doc->roots[i];
        const kr_format_row *row = tf ? tf_row : classify_root(root, path);
        kr_format f = row->format;
        doc->root_formats[i] = f;
        if (row->rewrite) row->rewrite(doc, root);
        if (row->resolve) row->resolve(doc, root, NULL);
        if (first == KR_FMT_UNKNOWN && f != KR_FMT_CONFIG) first = f;
    }
    if (tf) doc->format = KR_FMT_TERRAFORM;
    else doc->format = first == KR_FMT_UNKNOWN ? KR_FMT_CONFIG : first;
}

int kr_doc_load(kr_doc *self, kr_diags *diags)
{
    const char *path = self->path ? self->path : "";
    const unsigned char *u = (const unsigned char *)self->data;
    size_t head = self->len < BINARY_SNIFF_BYTES ? self->len : BINARY_SNIFF_BYTES;
    /* UTF-16 text has NULs too: let the parser name the encoding instead. */
    bool utf16 = self->len >= 2 && u && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    if (self->data && !utf16 && memchr(self->data, '\0', head)) {
        kr_diags_add(diags, KR_SEV_ERROR, path, NULL, "binary-file", "binary file, not scanned");
        return KR_EPARSE;
    }
    /* Source code: parsed with its tree-sitter grammar, no document roots;
     * the evaluator runs the source-code rules over the tree. */
    kr_ts_lang sl = kr_ts_lang_detect(path, self->data, self->len);
    if (sl != KR_TS_NONE && self->skip_source_parse) {
        self->format = KR_FMT_SOURCE;
        self->source_lang = (int)sl;
        return 0;
    }
    if (sl != KR_TS_NONE) {
        kr_ts_tree *tree = NULL;
        int prc = kr_ts_parse(&tree, sl, self->data, self->len);
        self->format = KR_FMT_SOURCE;
        if (prc != 0) {
            kr_diags_add(diags, KR_SEV_ERROR, path, NULL, prc == KR_ELIMIT ? "limit" : "parse-error",
                         "%s source could not be parsed", kr_ts_lang_name(sl));
            return prc;
        }
        self->source_lang = (int)sl;
        self->source_tree = tree;
        return 0;
    }
    /* A path kr_detect_wants does not know is read as YAML (a superset of
     * JSON): the caller chose to load it. */
    bool hcl = false;
    (void)kr_detect_wants(path, &hcl);
    int rc = hcl ? kr_doc_parse_hcl(self, diags) : kr_doc_parse_yaml(self, diags);
    if (rc) self->nroots = 0; /* nothing is evaluated from a broken file */
    kr_detect_classify(self);
    return rc;
}
