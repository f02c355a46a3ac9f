/* value.h - typed, unit-aware values for comparisons.
 *
 * Numbers; durations (normalised to seconds: `7d`, `7 days`, `12 months`,
 * `1 year`, ISO 8601 `P3M`, `PT12H`; a month counts 30 days and a year 365
 * days, so `3 months` == `90 days` == `P3M`); TLS versions ordered
 * SSLv3 < TLSv1 < TLSv1.1 < TLSv1.2 < TLSv1.3, parsed from spellings such as
 * "TLSv1.2", "TLS1.2", "TLS_1_2", "tls.VersionTLS12", "1.2", and from AWS
 * policy names (ELB/ALB/NLB security policies, CloudFront minimum protocol
 * versions, API Gateway and OpenSearch policies) by table; strings; bools.
 */
#ifndef KR_RULES_VALUE_H
#define KR_RULES_VALUE_H

#include <stdbool.h>
#include "doc/doc.h"

typedef enum kr_vtype {
    KR_VT_AUTO = 0,   /* decided from the expected value */
    KR_VT_NUMBER,
    KR_VT_DURATION,
    KR_VT_TLS,
    KR_VT_STRING,
    KR_VT_BOOL
} kr_vtype;

/* What a bare number means for a duration. */
typedef enum kr_unit {
    KR_UNIT_SECONDS = 0, KR_UNIT_MINUTES, KR_UNIT_HOURS, KR_UNIT_DAYS,
    KR_UNIT_WEEKS, KR_UNIT_MONTHS, KR_UNIT_YEARS
} kr_unit;

/* TLS versions as ordered integers. */
enum { KR_TLS_SSL3 = 30, KR_TLS_1_0 = 100, KR_TLS_1_1 = 110, KR_TLS_1_2 = 120, KR_TLS_1_3 = 130 };

typedef struct kr_value {
    kr_vtype type;
    double num;          /* NUMBER; DURATION in seconds; TLS as above */
    bool b;              /* BOOL */
    const char *str;     /* STRING (borrowed from rule or document) */
    size_t len;
} kr_value;

/* Converts a scalar node to `type` (KR_VT_AUTO: by its YAML/HCL type).
 * unit: what a bare number counts for durations. Returns 0, or -1 when the
 * text cannot be read as that type (e.g. "abc" as a duration). */
int kr_value_from_node(kr_value *out, const kr_node *n, kr_vtype type, kr_unit unit);
/* Same from text. */
int kr_value_from_text(kr_value *out, const char *s, size_t len, kr_vtype type, kr_unit unit);
/* Parses a duration; returns seconds in *out, 0 or -1. */
int kr_duration_parse(double *out, const char *s, size_t len, kr_unit bare_unit);
/* Parses a TLS version or policy name; *out one of KR_TLS_*; 0 or -1. */
int kr_tls_parse(int *out, const char *s, size_t len);
/* "TLSv1.2" etc. */
const char *kr_tls_name(int v);
int kr_unit_parse(kr_unit *out, const char *s);

/* Three-way compare of same-typed values: <0, 0, >0; strings bytewise,
 * bools false<true. Returns 0 ok, -1 when not comparable. */
int kr_value_compare(int *out, const kr_value *a, const kr_value *b);

#endif
