/* format.c - the syntax and format tables (format.h). */
#include "doc/format.h"

#include <string.h>

#include "ts/lang.h"

static const char *const EXT_TF[] = {".tf", NULL};
static const char *const EXT_TF_JSON[] = {".tf.json", NULL};
static const char *const EXT_JSON[] = {".json", NULL};
static const char *const EXT_YAML[] = {".yml", ".yaml", ".template", NULL};
static const char *const EXT_TFVARS[] = {".tfvars", ".hcl", NULL};
static const char *const EXT_PY[] = {".py", ".pyw", NULL};

/* Longest extensions first where one ends another (.tf.json before .json). */
static const kr_syntax syntaxes[] = {
    {"tf-json", EXT_TF_JSON, kr_doc_parse_yaml, KR_COMMENTS_NONE, true, true},
    {"hcl", EXT_TF, kr_doc_parse_hcl, KR_COMMENTS_HCL, true, true},
    {"json", EXT_JSON, kr_doc_parse_yaml, KR_COMMENTS_NONE, true, false},
    {"yaml", EXT_YAML, kr_doc_parse_yaml, KR_COMMENTS_YAML, true, false},
    /* read by nobody yet, but suppressions in them are HCL comments */
    {"tfvars", EXT_TFVARS, NULL, KR_COMMENTS_HCL, false, false},
    /* Python source, for its comments; source files are found through
     * ts/lang.h (kr_ts_lang_from_path), not by this row */
    {"python", EXT_PY, NULL, KR_COMMENTS_PYTHON, false, false},
};

/* Source code other than Python: extensions from ts/lang.h. */
static const kr_syntax source_row = {"source", NULL, NULL, KR_COMMENTS_C, false, false};

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    if (m > n) return false;
    for (size_t i = 0; i < m; i++) {
        char a = s[n - m + i];
        if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
        if (a != suffix[i]) return false;
    }
    return true;
}

const kr_syntax *kr_syntax_for_path(const char *path)
{
    if (!path) return NULL;
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof(syntaxes) / sizeof(syntaxes[0]); i++)
        for (const char *const *e = syntaxes[i].extensions; *e; e++)
            if (ends_with_ci(path, n, *e)) return &syntaxes[i];
    if (kr_ts_lang_from_path(path) != KR_TS_NONE) return &source_row;
    return NULL;
}

kr_comment_syntax kr_syntax_comments(const char *path, const char *data, size_t len)
{
    const kr_syntax *s = kr_syntax_for_path(path);
    if (s) return s->comments;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* an extensionless script: its #! line names the interpreter */
    if (!strchr(base, '.') && data && len > 2 && data[0] == '#' && data[1] == '!') {
        const char *nl = memchr(data, '\n', len);
        size_t ll = nl ? (size_t)(nl - data) : len;
        for (size_t i = 0; i + 4 <= ll; i++) {
            if (memcmp(data + i, "node", 4) == 0) return KR_COMMENTS_C;
            if (i + 6 <= ll && memcmp(data + i, "python", 6) == 0) return KR_COMMENTS_PYTHON;
        }
    }
    return KR_COMMENTS_NONE;
}

bool kr_syntax_is_terraform(const char *path)
{
    const kr_syntax *s = kr_syntax_for_path(path);
    return s && s->terraform;
}

bool kr_syntax_is_tfvars(const char *path)
{
    size_t n = strlen(path);
    return (n >= 7 && strcmp(path + n - 7, ".tfvars") == 0) ||
           (n >= 12 && strcmp(path + n - 12, ".tfvars.json") == 0);
}

/* Classification order: Terraform by syntax, then the sniffers, config last. */
static const kr_format_row formats[] = {
    {KR_FMT_TERRAFORM, "terraform", NULL, kr_detect__rewrite_terraform, NULL},
    {KR_FMT_TFPLAN, "tfplan", kr_detect__sniff_tfplan, NULL, NULL},
    {KR_FMT_CLOUDFORMATION, "cloudformation", kr_detect__sniff_cloudformation,
     kr_detect__rewrite_cloudformation, NULL},
    {KR_FMT_SERVERLESS, "serverless", kr_detect__sniff_serverless, kr_detect__rewrite_serverless, NULL},
    {KR_FMT_KUBERNETES, "kubernetes", kr_detect__sniff_kubernetes, NULL, NULL},
    {KR_FMT_CONFIG, "config", NULL, NULL, NULL},
    {KR_FMT_SOURCE, "source", NULL, NULL, NULL},
};

const kr_format_row *kr_format_rows(size_t *count)
{
    *count = sizeof(formats) / sizeof(formats[0]);
    return formats;
}

const kr_format_row *kr_format_row_of(kr_format f)
{
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (formats[i].format == f) return &formats[i];
    return NULL;
}
