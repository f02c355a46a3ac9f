/* yaml12.h - the YAML 1.2 core schema's typing of a plain, untagged scalar,
 * shared by the document adapter (src/doc/yaml.c) and the rule loader
 * (src/rules/ytree.c), so a rule file and a scanned file read `0x1F`, `0o17`,
 * `.inf` or `1e4` the same way.
 *
 *   null   ~ null Null NULL and the empty scalar
 *   bool   true True TRUE false False FALSE
 *   int    [-+]?[0-9]+  0o[0-7]+  0x[0-9a-fA-F]+   (out of int64 range: float)
 *   float  [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?  [-+]?.inf  .nan
 *
 * Everything else is a string (YAML 1.1 spellings such as yes/no/on/off,
 * 1_000, 0b1010 and timestamps included).
 */
#ifndef KR_UTIL_YAML12_H
#define KR_UTIL_YAML12_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum kr_y12_kind {
    KR_Y12_STRING,
    KR_Y12_NULL,
    KR_Y12_BOOL,
    KR_Y12_INT,
    KR_Y12_FLOAT
} kr_y12_kind;

/* The kind of plain scalar s[0, n). */
kr_y12_kind kr_y12_kind_of(const char *s, size_t n);

bool kr_y12_is_null(const char *s, size_t n);
/* 1 for true, 0 for false, -1 when s is not a core-schema bool. */
int kr_y12_bool(const char *s, size_t n);
/* A core-schema int: *out, or, when it does not fit int64, *is_float and its
 * value in *f. false when s is not an int. */
bool kr_y12_int(const char *s, size_t n, int64_t *out, bool *is_float, double *f);
/* [-+].inf or .nan, its value in *out. */
bool kr_y12_float_special(const char *s, size_t n, double *out);
/* The decimal float syntax (not .inf/.nan); the caller converts it in the C
 * locale. */
bool kr_y12_float_syntax(const char *s, size_t n);

#endif
