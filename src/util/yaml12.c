/* yaml12.c - the YAML 1.2 core schema's scalar typing (see yaml12.h). */
#include "util/yaml12.h"

#include <math.h>
#include <string.h>

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

bool kr_y12_is_null(const char *s, size_t n)
{
    return n == 0 || eq(s, n, "~") || eq(s, n, "null") || eq(s, n, "Null") || eq(s, n, "NULL");
}

int kr_y12_bool(const char *s, size_t n)
{
    if (eq(s, n, "true") || eq(s, n, "True") || eq(s, n, "TRUE")) return 1;
    if (eq(s, n, "false") || eq(s, n, "False") || eq(s, n, "FALSE")) return 0;
    return -1;
}

bool kr_y12_int(const char *s, size_t n, int64_t *out, bool *is_float, double *f)
{
    size_t i = 0;
    int base = 10;
    bool neg = false;
    *is_float = false;
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        i = 2;
    } else if (n > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i >= n) return false;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    uint64_t v = 0;
    double d = 0;
    bool over = false;
    for (; i < n; i++) {
        int dv = base == 16 ? hex_value(s[i]) : (is_digit(s[i]) ? s[i] - '0' : -1);
        if (dv < 0 || dv >= base) return false;
        d = d * base + dv;
        if (!over && v > (limit - (uint64_t)dv) / (uint64_t)base) over = true;
        if (!over) v = v * (uint64_t)base + (uint64_t)dv;
    }
    if (over) {
        *is_float = true;
        *f = neg ? -d : d;
        return true;
    }
    if (neg) *out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
    else *out = (int64_t)v;
    return true;
}

bool kr_y12_float_syntax(const char *s, size_t n)
{
    size_t i = 0, mant = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    while (i < n && is_digit(s[i])) i++, mant++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) i++, mant++;
    }
    if (mant == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        size_t e = i;
        while (i < n && is_digit(s[i])) i++;
        if (i == e) return false;
    }
    return i == n;
}

bool kr_y12_float_special(const char *s, size_t n, double *out)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    const char *r = s + i;
    size_t rn = n - i;
    if (eq(r, rn, ".inf") || eq(r, rn, ".Inf") || eq(r, rn, ".INF")) {
        *out = s[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    if (eq(s, n, ".nan") || eq(s, n, ".NaN") || eq(s, n, ".NAN")) {
        *out = NAN;
        return true;
    }
    return false;
}

kr_y12_kind kr_y12_kind_of(const char *s, size_t n)
{
    int64_t i;
    double f;
    bool is_float;
    if (kr_y12_is_null(s, n)) return KR_Y12_NULL;
    if (kr_y12_bool(s, n) >= 0) return KR_Y12_BOOL;
    if (kr_y12_int(s, n, &i, &is_float, &f)) return is_float ? KR_Y12_FLOAT : KR_Y12_INT;
    if (kr_y12_float_special(s, n, &f) || kr_y12_float_syntax(s, n)) return KR_Y12_FLOAT;
    return KR_Y12_STRING;
}
