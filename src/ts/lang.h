/* lang.h - the source languages krewlint parses with tree-sitter for
 * source-code rules, chosen by file extension (and shebang).
 *
 *   .js .mjs .cjs .jsx   javascript   (tree-sitter-javascript; JSX included)
 *   .ts .mts .cts        typescript   (tree-sitter-typescript, typescript/)
 *   .tsx                 tsx          (tree-sitter-typescript, tsx/)
 *   .py .pyw             python       (tree-sitter-python)
 *   .go                  go           (tree-sitter-go)
 *
 * A file without an extension whose first line is a `#!` line naming python
 * (`#!/usr/bin/env python3`, `#!/usr/bin/python3.12`) is python; one naming
 * node is javascript. Type declaration files (.d.ts) are typescript too.
 * The grammar objects are static and immutable: safe from any thread.
 */
#ifndef KR_TS_LANG_H
#define KR_TS_LANG_H

#include <stdbool.h>
#include <stddef.h>

struct TSLanguage;

typedef enum kr_ts_lang {
    KR_TS_NONE = 0,
    KR_TS_JAVASCRIPT,
    KR_TS_TYPESCRIPT,
    KR_TS_TSX,
    KR_TS_PYTHON,
    KR_TS_GO,
    KR_TS_NLANGS     /* count (KR_TS_NONE included); not a language */
} kr_ts_lang;

/* By extension only (case-sensitive, as the extensions are conventionally
 * lower case); KR_TS_NONE when the path is no source file krewlint reads. */
kr_ts_lang kr_ts_lang_from_path(const char *path);
/* From a `#!` first line of data[0..len): python or node; else KR_TS_NONE. */
kr_ts_lang kr_ts_lang_from_shebang(const char *data, size_t len);
/* 1 when the last path component has no '.' (after a leading one): the
 * files whose shebang decides. */
bool kr_ts_path_has_no_ext(const char *path);
/* Extension first; for an extensionless path, the shebang of data. */
kr_ts_lang kr_ts_lang_detect(const char *path, const char *data, size_t len);

/* "javascript" "typescript" "tsx" "python" "go" ("none" for KR_TS_NONE). */
const char *kr_ts_lang_name(kr_ts_lang lang);
/* The inverse of kr_ts_lang_name (also "js", "ts", "py", "golang").
 * Returns 0, or -1 for an unknown name (*out untouched). */
int kr_ts_lang_parse(kr_ts_lang *out, const char *name);
/* The tree-sitter grammar; NULL for KR_TS_NONE or out of range. */
const struct TSLanguage *kr_ts_lang_get(kr_ts_lang lang);

#endif
