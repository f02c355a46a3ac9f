/* lang.c - source languages: extension and shebang detection, names, and
 * the tree-sitter grammars (see lang.h). No state: tables are const. */
#include <string.h>
#include <tree_sitter/api.h>

#include "ts/lang.h"

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_go(void);

/* A shebang line is read up to this many bytes. */
#define SHEBANG_MAX 256u

static const struct {
    const char *ext;
    kr_ts_lang lang;
} EXTS[] = {
    {".js", KR_TS_JAVASCRIPT}, {".mjs", KR_TS_JAVASCRIPT}, {".cjs", KR_TS_JAVASCRIPT},
    {".jsx", KR_TS_JAVASCRIPT}, {".ts", KR_TS_TYPESCRIPT}, {".mts", KR_TS_TYPESCRIPT},
    {".cts", KR_TS_TYPESCRIPT}, {".tsx", KR_TS_TSX},       {".py", KR_TS_PYTHON},
    {".pyw", KR_TS_PYTHON},     {".go", KR_TS_GO},
};

static const char *const NAMES[KR_TS_NLANGS] = {"none", "javascript", "typescript", "tsx",
                                                "python", "go"};

static const struct {
    const char *alias;
    kr_ts_lang lang;
} ALIASES[] = {
    {"js", KR_TS_JAVASCRIPT}, {"ts", KR_TS_TYPESCRIPT}, {"py", KR_TS_PYTHON}, {"golang", KR_TS_GO},
};

/* The last path component (after the last '/'). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

kr_ts_lang kr_ts_lang_from_path(const char *path)
{
    if (!path) return KR_TS_NONE;
    const char *base = base_name(path);
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return KR_TS_NONE; /* no extension, or a dotfile */
    for (size_t i = 0; i < sizeof EXTS / sizeof EXTS[0]; i++)
        if (strcmp(dot, EXTS[i].ext) == 0) return EXTS[i].lang;
    return KR_TS_NONE;
}

bool kr_ts_path_has_no_ext(const char *path)
{
    if (!path) return false;
    const char *base = base_name(path);
    if (!*base) return false;
    return strchr(base + 1, '.') == NULL;
}

/* 1 when word occurs in s[0..n) as a whole path/argument component start:
 * preceded by '/', ' ' or the start, followed by a digit, '.', space or end. */
static bool names_interpreter(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++) {
        if (memcmp(s + i, word, w) != 0) continue;
        if (i > 0 && s[i - 1] != '/' && s[i - 1] != ' ' && s[i - 1] != '\t') continue;
        size_t j = i + w;
        if (j == n || s[j] == ' ' || s[j] == '\t' || s[j] == '.' || (s[j] >= '0' && s[j] <= '9'))
            return true;
    }
    return false;
}

kr_ts_lang kr_ts_lang_from_shebang(const char *data, size_t len)
{
    if (!data || len < 3 || data[0] != '#' || data[1] != '!') return KR_TS_NONE;
    size_t n = 2;
    while (n < len && n < SHEBANG_MAX && data[n] != '\n' && data[n] != '\r') n++;
    if (names_interpreter(data + 2, n - 2, "python")) return KR_TS_PYTHON;
    if (names_interpreter(data + 2, n - 2, "node")) return KR_TS_JAVASCRIPT;
    return KR_TS_NONE;
}

kr_ts_lang kr_ts_lang_detect(const char *path, const char *data, size_t len)
{
    kr_ts_lang l = kr_ts_lang_from_path(path);
    if (l != KR_TS_NONE) return l;
    if (kr_ts_path_has_no_ext(path)) return kr_ts_lang_from_shebang(data, len);
    return KR_TS_NONE;
}

const char *kr_ts_lang_name(kr_ts_lang lang)
{
    if ((int)lang < 0 || lang >= KR_TS_NLANGS) return "none";
    return NAMES[lang];
}

int kr_ts_lang_parse(kr_ts_lang *out, const char *name)
{
    if (!name) return -1;
    for (int i = KR_TS_JAVASCRIPT; i < KR_TS_NLANGS; i++) {
        if (strcmp(name, NAMES[i]) == 0) {
            *out = (kr_ts_lang)i;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++) {
        if (strcmp(name, ALIASES[i].alias) == 0) {
            *out = ALIASES[i].lang;
            return 0;
        }
    }
    return -1;
}

const TSLanguage *kr_ts_lang_get(kr_ts_lang lang)
{
    switch (lang) {
    case KR_TS_JAVASCRIPT: return tree_sitter_javascript();
    case KR_TS_TYPESCRIPT: return tree_sitter_typescript();
    case KR_TS_TSX: return tree_sitter_tsx();
    case KR_TS_PYTHON: return tree_sitter_python();
    case KR_TS_GO: return tree_sitter_go();
    case KR_TS_NONE:
    case KR_TS_NLANGS:
        break;
    }
    return NULL;
}
