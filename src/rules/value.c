/* value.c - typed values for comparisons (see value.h).
 *
 * Durations are normalised to seconds. Calendar units are fixed lengths so
 * that a rule can compare them at all: a week is 7 days, a month 30 days and
 * a year 365 days, so "3 months" == "90 days" == "P3M" (and "1 year" ==
 * "365 days" == "P1Y", but "12 months" is 360 days). Accepted spellings:
 *   "7d", "7 d", "7 days", "1 day", "36h", "90 minutes", "2w", "1.5 days",
 *   compounds "1h30m", "1 day 12 hours", "1年6か月" (a bare number must stand alone),
 *   Japanese units "7日", "12か月"/"12ヶ月"/"12カ月", "1年", "1週間", "24時間",
 *   full-width digits "７日", and ISO 8601 "P3M", "P1Y2M10DT2H30M", "PT12H", "P2W".
 * Units are ASCII case-insensitive; "m" is minutes (as in Go and systemd),
 * months need "mo", "mon" or "month". Signs, exponents, "inf"/"nan",
 * trailing junk and results that are not finite are rejected.
 *
 * TLS versions are ordered integers (KR_TLS_*). A name is looked up first in
 * the AWS policy tables below (exact, ASCII case-insensitive), then in the
 * version-encoding AWS policy prefixes, then parsed as a protocol spelling
 * ("TLSv1.2", "TLS1_2", "tls.VersionTLS12", "PROTOCOL_TLSv1_2",
 * "TLSv1_2_method", "1.2" ...). Unknown names are -1, never a guess.
 *
 * Everything here is pure: no allocation, no global state.
 */
#include "rules/value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest duration / TLS / number text looked at; longer texts are rejected. */
#define MAX_VALUE_TEXT 256
/* Longest run of digits read for one number (integer + fraction). */
#define MAX_DIGITS 40

#define SECS_MINUTE 60.0
#define SECS_HOUR 3600.0
#define SECS_DAY 86400.0
#define SECS_WEEK (7.0 * SECS_DAY)
#define SECS_MONTH (30.0 * SECS_DAY)  /* a month counts 30 days */
#define SECS_YEAR (365.0 * SECS_DAY)  /* a year counts 365 days */

/* ------------------------------------------------------------------ text */

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_space((unsigned char)(*s)[0])) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_space((unsigned char)(*s)[*len - 1])) (*len)--;
}

/* 1 when s[0..len) equals the NUL-terminated word, ASCII case-insensitive. */
static bool ieq(const char *s, size_t len, const char *word)
{
    size_t wl = strlen(word);
    if (wl != len) return false;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)word[i])) return false;
    return true;
}

/* 1 when s[0..len) starts with prefix, ASCII case-insensitive. */
static bool istarts(const char *s, size_t len, const char *prefix)
{
    size_t pl = strlen(prefix);
    return pl <= len && ieq(s, pl, prefix);
}

/* Strict decimal to double: s[0..n) must already be validated as
 * [+-]?digits[.digits]([eE][+-]?digits)?. strtod gives the correctly rounded
 * value (the same one the document adapters get); the end check also rejects
 * a locale whose decimal point is not '.'. */
static int decimal_to_double(const char *s, size_t n, double *out)
{
    char buf[MAX_DIGITS + 16];
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end != buf + n || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* Reads an unsigned decimal digits[sep digits] at s[*i] (sep '.', or also ','
 * for ISO 8601). Returns 0 and advances *i, or -1 when there is none. */
static int read_unsigned(const char *s, size_t len, size_t *i, bool iso_comma, double *out)
{
    char buf[MAX_DIGITS + 2];
    size_t b = 0, j = *i;
    while (j < len && is_digit((unsigned char)s[j])) {
        if (b >= MAX_DIGITS) return -1;
        buf[b++] = s[j++];
    }
    if (b == 0) return -1;
    if (j < len && (s[j] == '.' || (iso_comma && s[j] == ','))) {
        size_t k = j + 1, fb = 0;
        buf[b++] = '.';
        while (k < len && is_digit((unsigned char)s[k])) {
            if (b >= MAX_DIGITS + 1) return -1;
            buf[b++] = s[k++];
            fb++;
        }
        if (fb == 0) return -1; /* "5." */
        j = k;
    }
    if (decimal_to_double(buf, b, out) != 0) return -1;
    *i = j;
    return 0;
}

/* ------------------------------------------------------------- durations */

typedef struct unit_name {
    const char *name;
    double secs;
    kr_unit unit;
} unit_name;

/* Unit spellings, matched whole and ASCII case-insensitively. */
static const unit_name unit_names[] = {
    {"s", 1.0, KR_UNIT_SECONDS},
    {"sec", 1.0, KR_UNIT_SECONDS},
    {"secs", 1.0, KR_UNIT_SECONDS},
    {"second", 1.0, KR_UNIT_SECONDS},
    {"seconds", 1.0, KR_UNIT_SECONDS},
    {"m", SECS_MINUTE, KR_UNIT_MINUTES},
    {"min", SECS_MINUTE, KR_UNIT_MINUTES},
    {"mins", SECS_MINUTE, KR_UNIT_MINUTES},
    {"minute", SECS_MINUTE, KR_UNIT_MINUTES},
    {"minutes", SECS_MINUTE, KR_UNIT_MINUTES},
    {"h", SECS_HOUR, KR_UNIT_HOURS},
    {"hr", SECS_HOUR, KR_UNIT_HOURS},
    {"hrs", SECS_HOUR, KR_UNIT_HOURS},
    {"hour", SECS_HOUR, KR_UNIT_HOURS},
    {"hours", SECS_HOUR, KR_UNIT_HOURS},
    {"d", SECS_DAY, KR_UNIT_DAYS},
    {"day", SECS_DAY, KR_UNIT_DAYS},
    {"days", SECS_DAY, KR_UNIT_DAYS},
    {"w", SECS_WEEK, KR_UNIT_WEEKS},
    {"wk", SECS_WEEK, KR_UNIT_WEEKS},
    {"wks", SECS_WEEK, KR_UNIT_WEEKS},
    {"week", SECS_WEEK, KR_UNIT_WEEKS},
    {"weeks", SECS_WEEK, KR_UNIT_WEEKS},
    {"mo", SECS_MONTH, KR_UNIT_MONTHS},
    {"mon", SECS_MONTH, KR_UNIT_MONTHS},
    {"mons", SECS_MONTH, KR_UNIT_MONTHS},
    {"month", SECS_MONTH, KR_UNIT_MONTHS},
    {"months", SECS_MONTH, KR_UNIT_MONTHS},
    {"y", SECS_YEAR, KR_UNIT_YEARS},
    {"yr", SECS_YEAR, KR_UNIT_YEARS},
    {"yrs", SECS_YEAR, KR_UNIT_YEARS},
    {"year", SECS_YEAR, KR_UNIT_YEARS},
    {"years", SECS_YEAR, KR_UNIT_YEARS},
    /* Japanese (the checksheet is Japanese). 月 alone is not a unit: "3月" is March. */
    {"\xE7\xA7\x92", 1.0, KR_UNIT_SECONDS},                         /* 秒 */
    {"\xE7\xA7\x92\xE9\x96\x93", 1.0, KR_UNIT_SECONDS},             /* 秒間 */
    {"\xE5\x88\x86", SECS_MINUTE, KR_UNIT_MINUTES},                 /* 分 */
    {"\xE5\x88\x86\xE9\x96\x93", SECS_MINUTE, KR_UNIT_MINUTES},     /* 分間 */
    {"\xE6\x99\x82\xE9\x96\x93", SECS_HOUR, KR_UNIT_HOURS},         /* 時間 */
    {"\xE6\x97\xA5", SECS_DAY, KR_UNIT_DAYS},                       /* 日 */
    {"\xE6\x97\xA5\xE9\x96\x93", SECS_DAY, KR_UNIT_DAYS},           /* 日間 */
    {"\xE9\x80\xB1", SECS_WEEK, KR_UNIT_WEEKS},                     /* 週 */
    {"\xE9\x80\xB1\xE9\x96\x93", SECS_WEEK, KR_UNIT_WEEKS},         /* 週間 */
    {"\xE3\x81\x8B\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* か月 */
    {"\xE3\x83\xB6\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* ヶ月 */
    {"\xE3\x82\xAB\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* カ月 */
    {"\xE3\x83\xB5\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* ヵ月 */
    {"\xE3\x82\xB1\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* ケ月 */
    {"\xE7\xAE\x87\xE6\x9C\x88", SECS_MONTH, KR_UNIT_MONTHS},       /* 箇月 */
    {"\xE3\x81\x8B\xE6\x9C\x88\xE9\x96\x93", SECS_MONTH, KR_UNIT_MONTHS}, /* か月間 */
    {"\xE3\x83\xB6\xE6\x9C\x88\xE9\x96\x93", SECS_MONTH, KR_UNIT_MONTHS}, /* ヶ月間 */
    {"\xE3\x82\xAB\xE6\x9C\x88\xE9\x96\x93", SECS_MONTH, KR_UNIT_MONTHS}, /* カ月間 */
    {"\xE3\x83\xB5\xE6\x9C\x88\xE9\x96\x93", SECS_MONTH, KR_UNIT_MONTHS}, /* ヵ月間 */
    {"\xE3\x82\xB1\xE6\x9C\x88\xE9\x96\x93", SECS_MONTH, KR_UNIT_MONTHS}, /* ケ月間 */
    {"\xE5\xB9\xB4", SECS_YEAR, KR_UNIT_YEARS},                     /* 年 */
    {"\xE5\xB9\xB4\xE9\x96\x93", SECS_YEAR, KR_UNIT_YEARS},         /* 年間 */
};

static const unit_name *unit_lookup(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof unit_names / sizeof *unit_names; i++)
        if (ieq(s, len, unit_names[i].name)) return &unit_names[i];
    return NULL;
}

static double unit_seconds(kr_unit u)
{
    switch (u) {
    case KR_UNIT_SECONDS: return 1.0;
    case KR_UNIT_MINUTES: return SECS_MINUTE;
    case KR_UNIT_HOURS: return SECS_HOUR;
    case KR_UNIT_DAYS: return SECS_DAY;
    case KR_UNIT_WEEKS: return SECS_WEEK;
    case KR_UNIT_MONTHS: return SECS_MONTH;
    case KR_UNIT_YEARS: return SECS_YEAR;
    }
    return -1.0;
}

int kr_unit_parse(kr_unit *out, const char *s)
{
    if (!out || !s) return -1;
    const unit_name *u = unit_lookup(s, strlen(s));
    if (!u) return -1;
    *out = u->unit;
    return 0;
}

/* Copies s into buf (cap bytes) turning full-width digits, the full-width
 * full stop and the ideographic space into ASCII. -1 when it does not fit. */
static int normalize_width(char *buf, size_t cap, size_t *n_out, const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s + i;
        char c;
        size_t adv = 1;
        if (len - i >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            c = (char)('0' + (u[2] - 0x90)); /* ０-９ U+FF10..FF19 */
            adv = 3;
        } else if (len - i >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) {
            c = '.'; /* ． U+FF0E */
            adv = 3;
        } else if (len - i >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
            c = ' '; /* U+3000 */
            adv = 3;
        } else {
            c = s[i];
        }
        if (n >= cap) return -1;
        buf[n++] = c;
        i += adv;
    }
    *n_out = n;
    return 0;
}

/* ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][nS]], designators in that
 * order, at least one component, and at least one after T. */
static int iso_duration(double *out, const char *s, size_t len)
{
    static const char designators[] = "YMWDHMS"; /* index 0-3 date, 4-6 time */
    static const double secs[] = {SECS_YEAR, SECS_MONTH, SECS_WEEK, SECS_DAY,
                                  SECS_HOUR, SECS_MINUTE, 1.0};
    size_t i = 1;
    int last = -1;
    bool in_time = false, any = false, any_time = false;
    double total = 0.0;
    while (i < len) {
        int c = ascii_lower((unsigned char)s[i]);
        if (c == 't') {
            if (in_time) return -1;
            in_time = true;
            last = 3;
            i++;
            continue;
        }
        double v;
        if (read_unsigned(s, len, &i, true, &v) != 0 || i >= len) return -1;
        int d = ascii_lower((unsigned char)s[i++]);
        int idx = -1;
        for (int k = in_time ? 4 : 0; k < (in_time ? 7 : 4); k++)
            if (ascii_lower((unsigned char)designators[k]) == d) idx = k;
        if (idx < 0 || idx <= last) return -1;
        last = idx;
        total += v * secs[idx];
        any = true;
        if (in_time) any_time = true;
    }
    if (!any || (in_time && !any_time) || !isfinite(total)) return -1;
    *out = total;
    return 0;
}

int kr_duration_parse(double *out, const char *s, size_t len, kr_unit bare_unit)
{
    char buf[MAX_VALUE_TEXT];
    size_t n;
    if (!out || !s) return -1;
    trim(&s, &len);
    if (len == 0 || normalize_width(buf, sizeof buf, &n, s, len) != 0) return -1;
    const char *t = buf;
    trim(&t, &n);
    if (n == 0) return -1;
    if (t[0] == 'P' || t[0] == 'p') return iso_duration(out, t, n);

    double total = 0.0;
    size_t i = 0, terms = 0;
    bool bare = false;
    while (i < n) {
        double v, secs;
        if (read_unsigned(t, n, &i, false, &v) != 0) return -1;
        while (i < n && is_space((unsigned char)t[i])) i++;
        size_t j = i;
        /* A unit is a run of ASCII letters and non-ASCII (UTF-8) bytes. */
        while (j < n && (is_alpha((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80)) j++;
        if (j == i) {
            secs = unit_seconds(bare_unit);
            if (secs < 0) return -1;
            bare = true;
        } else {
            const unit_name *u = unit_lookup(t + i, j - i);
            if (!u) return -1;
            secs = u->secs;
        }
        total += v * secs;
        terms++;
        i = j;
        while (i < n && is_space((unsigned char)t[i])) i++;
    }
    if (terms == 0 || (bare && terms > 1) || !isfinite(total)) return -1;
    *out = total;
    return 0;
}

/* ------------------------------------------------------------------- TLS */

typedef struct tls_name {
    const char *name;
    int v;
} tls_name;

/* Elastic Load Balancing predefined security policies (Application, Network
 * and Classic Load Balancers) -> the lowest protocol version each enables.
 * From the "Security policies for your Application Load Balancer" and
 * "... Network Load Balancer" tables (TLS, FIPS, FS and post-quantum
 * sections) and the Classic Load Balancer "Predefined SSL security policies"
 * table of the Elastic Load Balancing documentation. The 2011-08 and 2014-01
 * policies predate the POODLE change (2014-10) and still enable SSLv3. */
static const tls_name elb_policies[] = {
    {"ELBSecurityPolicy-2011-08", KR_TLS_SSL3},
    {"ELBSecurityPolicy-2014-01", KR_TLS_SSL3},
    {"ELBSecurityPolicy-2014-10", KR_TLS_1_0},
    {"ELBSecurityPolicy-2015-02", KR_TLS_1_0},
    {"ELBSecurityPolicy-2015-03", KR_TLS_1_0},
    {"ELBSecurityPolicy-2015-05", KR_TLS_1_0},
    {"ELBSecurityPolicy-2016-08", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS-1-0-2015-04", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS-1-1-2017-01", KR_TLS_1_1},
    {"ELBSecurityPolicy-TLS-1-2-2017-01", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", KR_TLS_1_2},
    {"ELBSecurityPolicy-FS-2018-06", KR_TLS_1_0},
    {"ELBSecurityPolicy-FS-1-1-2019-08", KR_TLS_1_1},
    {"ELBSecurityPolicy-FS-1-2-2019-08", KR_TLS_1_2},
    {"ELBSecurityPolicy-FS-1-2-Res-2019-08", KR_TLS_1_2},
    {"ELBSecurityPolicy-FS-1-2-Res-2020-10", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-0-2021-06", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS13-1-1-2021-06", KR_TLS_1_1},
    {"ELBSecurityPolicy-TLS13-1-2-2021-06", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Res-2021-06", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-3-2021-06", KR_TLS_1_3},
    /* FIPS */
    {"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", KR_TLS_1_1},
    {"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", KR_TLS_1_3},
    /* hybrid post-quantum (PQ) */
    {"ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", KR_TLS_1_3},
    {"ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09", KR_TLS_1_0},
    {"ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09", KR_TLS_1_2},
    {"ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", KR_TLS_1_3},
};

/* CloudFront viewer certificate MinimumProtocolVersion (minimum_protocol_version)
 * -> its minimum protocol. From the CloudFront Developer Guide table
 * "Supported protocols and ciphers between viewers and CloudFront". */
static const tls_name cloudfront_policies[] = {
    {"SSLv3", KR_TLS_SSL3},
    {"TLSv1", KR_TLS_1_0},
    {"TLSv1_2016", KR_TLS_1_0},
    {"TLSv1.1_2016", KR_TLS_1_1},
    {"TLSv1.2_2018", KR_TLS_1_2},
    {"TLSv1.2_2019", KR_TLS_1_2},
    {"TLSv1.2_2021", KR_TLS_1_2},
    {"TLSv1.2_2025", KR_TLS_1_2},
    {"TLSv1.3_2025", KR_TLS_1_3},
};

/* API Gateway SecurityPolicy (security_policy) -> minimum protocol. From the
 * API Gateway Developer Guide "Supported security policies" (legacy TLS_1_0,
 * TLS_1_2 and the enhanced SecurityPolicy_* names of the SDK enum). */
static const tls_name apigw_policies[] = {
    {"TLS_1_0", KR_TLS_1_0},
    {"TLS_1_2", KR_TLS_1_2},
    {"SecurityPolicy_TLS12_2018_EDGE", KR_TLS_1_2},
    {"SecurityPolicy_TLS12_PFS_2025_EDGE", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_2_2021_06", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_2_PQ_2025_09", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09", KR_TLS_1_2},
    {"SecurityPolicy_TLS13_1_3_2025_09", KR_TLS_1_3},
    {"SecurityPolicy_TLS13_1_3_FIPS_2025_09", KR_TLS_1_3},
};

/* OpenSearch / Elasticsearch DomainEndpointOptions TLSSecurityPolicy
 * (tls_security_policy). From the OpenSearch Service API reference
 * "DomainEndpointOptions". */
static const tls_name opensearch_policies[] = {
    {"Policy-Min-TLS-1-0-2019-07", KR_TLS_1_0},
    {"Policy-Min-TLS-1-2-2019-07", KR_TLS_1_2},
    {"Policy-Min-TLS-1-2-PFS-2023-10", KR_TLS_1_2},
};

/* Policy families whose names encode their minimum version right after the
 * prefix as "<minor><sep>" (1-0 .. 1-3): newer policies of these families
 * resolve without a table update. Anything else stays unknown (-1). */
static const char *const versioned_prefixes[] = {
    "ELBSecurityPolicy-TLS13-1-",
    "ELBSecurityPolicy-TLS-1-",
    "ELBSecurityPolicy-FS-1-",
    "Policy-Min-TLS-1-",
    "SecurityPolicy_TLS13_1_",
};

static int table_lookup(const tls_name *t, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (ieq(s, len, t[i].name)) return t[i].v;
    return -1;
}

#define TABLE(t) (t), sizeof(t) / sizeof *(t)

static int tls_from_minor(int minor)
{
    switch (minor) {
    case 0: return KR_TLS_1_0;
    case 1: return KR_TLS_1_1;
    case 2: return KR_TLS_1_2;
    case 3: return KR_TLS_1_3;
    default: return -1;
    }
}

static int tls_policy(const char *s, size_t len)
{
    int v;
    if ((v = table_lookup(TABLE(elb_policies), s, len)) >= 0) return v;
    if ((v = table_lookup(TABLE(cloudfront_policies), s, len)) >= 0) return v;
    if ((v = table_lookup(TABLE(apigw_policies), s, len)) >= 0) return v;
    if ((v = table_lookup(TABLE(opensearch_policies), s, len)) >= 0) return v;
    for (size_t i = 0; i < sizeof versioned_prefixes / sizeof *versioned_prefixes; i++) {
        size_t pl = strlen(versioned_prefixes[i]);
        if (!istarts(s, len, versioned_prefixes[i])) continue;
        /* exactly one digit, then a separator and more name */
        if (len < pl + 3 || !is_digit((unsigned char)s[pl])) return -1;
        if (s[pl + 1] != '-' && s[pl + 1] != '_') return -1;
        return tls_from_minor(s[pl] - '0');
    }
    if (istarts(s, len, "SecurityPolicy_TLS12_") && len > strlen("SecurityPolicy_TLS12_"))
        return KR_TLS_1_2;
    return -1;
}

static bool is_sep(int c)
{
    return c == '.' || c == '_' || c == '-' || c == ' ';
}

/* The protocol itself, lower-cased: ("ssl"|"tls") "v"? sep? MAJOR (sep? MINOR)?
 * or a bare "1.N". SSL must be 3(.0); TLS must be 1(.0-3). */
static int tls_core(const char *s, size_t n)
{
    size_t i = 0;
    int fam = 0; /* 's' SSL, 't' TLS, 0 bare */
    if (n >= 3 && memcmp(s, "ssl", 3) == 0) fam = 's';
    else if (n >= 3 && memcmp(s, "tls", 3) == 0) fam = 't';
    if (fam) {
        i = 3;
        if (i < n && s[i] == 'v') i++;
        if (i < n && is_sep((unsigned char)s[i])) i++;
    }
    if (i >= n || !is_digit((unsigned char)s[i])) return -1;
    int major = s[i++] - '0', minor = -1;
    char sep = 0;
    if (i < n && is_sep((unsigned char)s[i])) sep = s[i++];
    if (i < n && is_digit((unsigned char)s[i])) minor = s[i++] - '0';
    else if (sep) return -1; /* "tls1." */
    if (i != n) return -1;
    if (fam == 0) {
        if (sep != '.' || major != 1) return -1; /* only "1.0" .. "1.3" bare */
        return tls_from_minor(minor);
    }
    if (fam == 's') return (major == 3 && minor <= 0) ? KR_TLS_SSL3 : -1;
    if (major != 1) return -1;
    return tls_from_minor(minor < 0 ? 0 : minor);
}

static bool strip_prefix(const char **s, size_t *n, const char *p)
{
    size_t pl = strlen(p);
    if (*n > pl && memcmp(*s, p, pl) == 0) {
        *s += pl;
        *n -= pl;
        return true;
    }
    return false;
}

static bool strip_suffix(size_t *n, const char *s, const char *suf)
{
    size_t sl = strlen(suf);
    if (*n > sl && memcmp(s + *n - sl, suf, sl) == 0) {
        *n -= sl;
        return true;
    }
    return false;
}

/* Library spellings around the protocol name:
 *   Go       tls.VersionTLS12, VersionSSL30
 *   Python   ssl.PROTOCOL_TLSv1_2, ssl.TLSVersion.TLSv1_2, TLSVersion.MINIMUM_SUPPORTED
 *   Node     secureProtocol "TLSv1_2_method", "TLSv1_2_server_method"
 * The version-negotiating methods (Node TLS_method / SSLv23_method, Python
 * PROTOCOL_TLS / PROTOCOL_SSLv23 / PROTOCOL_TLS_SERVER) allow going down to
 * TLSv1, so they count as TLSv1. */
static int tls_spelling(const char *s, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c < 0x20) return -1;
        buf[i] = (char)ascii_lower(c);
    }
    const char *p = buf;
    size_t n = len;
    bool negotiable = false;
    if (!strip_prefix(&p, &n, "ssl.")) strip_prefix(&p, &n, "tls.");
    strip_prefix(&p, &n, "tlsversion.");
    if (strip_prefix(&p, &n, "protocol_")) negotiable = true;
    strip_prefix(&p, &n, "version");
    if (strip_suffix(&n, p, "_method")) negotiable = true;
    if (negotiable && !strip_suffix(&n, p, "_server")) strip_suffix(&n, p, "_client");
    if (n == strlen("minimum_supported") && memcmp(p, "minimum_supported", n) == 0) return KR_TLS_SSL3;
    if (n == strlen("maximum_supported") && memcmp(p, "maximum_supported", n) == 0) return KR_TLS_1_3;
    if (negotiable && ((n == 3 && memcmp(p, "tls", 3) == 0) ||
                       (n == 6 && memcmp(p, "sslv23", 6) == 0)))
        return KR_TLS_1_0;
    return tls_core(p, n);
}

int kr_tls_parse(int *out, const char *s, size_t len)
{
    if (!out || !s) return -1;
    trim(&s, &len);
    if (len == 0 || len > MAX_VALUE_TEXT) return -1;
    int v = tls_policy(s, len);
    if (v < 0) v = tls_spelling(s, len);
    if (v < 0) return -1;
    *out = v;
    return 0;
}

const char *kr_tls_name(int v)
{
    switch (v) {
    case KR_TLS_SSL3: return "SSLv3";
    case KR_TLS_1_0: return "TLSv1";
    case KR_TLS_1_1: return "TLSv1.1";
    case KR_TLS_1_2: return "TLSv1.2";
    case KR_TLS_1_3: return "TLSv1.3";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------ conversion */

/* "true"/"false", ASCII case-insensitive (CloudFormation writes "true"). */
static int parse_bool(bool *out, const char *s, size_t len)
{
    if (!s) return -1;
    if (ieq(s, len, "true")) *out = true;
    else if (ieq(s, len, "false")) *out = false;
    else return -1;
    return 0;
}

/* A decimal number as text: [+-]?digits[.digits]([eE][+-]?digits)?, with
 * surrounding whitespace ("7" as CloudFormation quotes numbers). */
static int parse_number(double *out, const char *s, size_t len)
{
    if (!s) return -1;
    trim(&s, &len);
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) i++;
    while (i < len && is_digit((unsigned char)s[i])) i++, digits++;
    if (digits == 0) return -1;
    if (i < len && s[i] == '.') {
        size_t f = 0;
        i++;
        while (i < len && is_digit((unsigned char)s[i])) i++, f++;
        if (f == 0) return -1;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        while (i < len && is_digit((unsigned char)s[i])) i++, e++;
        if (e == 0) return -1;
    }
    if (i != len) return -1;
    return decimal_to_double(s, len, out);
}

int kr_value_from_text(kr_value *out, const char *s, size_t len, kr_vtype type, kr_unit unit)
{
    kr_value v;
    int tls;
    if (!out || !s) return -1;
    memset(&v, 0, sizeof v);
    switch (type) {
    case KR_VT_AUTO:
        /* No YAML type to go by: a bool word, else a number, else a string. */
        if (parse_bool(&v.b, s, len) == 0) v.type = KR_VT_BOOL;
        else if (parse_number(&v.num, s, len) == 0) v.type = KR_VT_NUMBER;
        else {
            v.type = KR_VT_STRING;
            v.str = s;
            v.len = len;
        }
        break;
    case KR_VT_NUMBER:
        if (parse_number(&v.num, s, len) != 0) return -1;
        break;
    case KR_VT_DURATION:
        if (kr_duration_parse(&v.num, s, len, unit) != 0) return -1;
        break;
    case KR_VT_TLS:
        if (kr_tls_parse(&tls, s, len) != 0) return -1;
        v.num = tls;
        break;
    case KR_VT_STRING:
        v.str = s;
        v.len = len;
        break;
    case KR_VT_BOOL:
        if (parse_bool(&v.b, s, len) != 0) return -1;
        break;
    default:
        return -1;
    }
    if (type != KR_VT_AUTO) v.type = type;
    *out = v;
    return 0;
}

/* The numeric value of an INT/FLOAT scalar; -1 for anything else. */
static int node_number(double *out, const kr_node *n)
{
    if (n->stype == KR_SCALAR_INT) *out = (double)n->v.i;
    else if (n->stype == KR_SCALAR_FLOAT && isfinite(n->v.f)) *out = n->v.f;
    else return -1;
    return 0;
}

int kr_value_from_node(kr_value *out, const kr_node *n, kr_vtype type, kr_unit unit)
{
    kr_value v;
    int tls;
    double secs;
    if (!out || !n || n->kind != KR_NODE_SCALAR || kr_node_is_unknown(n) || !n->text) return -1;
    memset(&v, 0, sizeof v);
    v.type = type;
    switch (type) {
    case KR_VT_AUTO:
        switch (n->stype) {
        case KR_SCALAR_BOOL:
            v.type = KR_VT_BOOL;
            v.b = n->v.b;
            break;
        case KR_SCALAR_INT:
        case KR_SCALAR_FLOAT:
            v.type = KR_VT_NUMBER;
            if (node_number(&v.num, n) != 0) return -1;
            break;
        case KR_SCALAR_STRING:
            v.type = KR_VT_STRING;
            v.str = n->text;
            v.len = n->text_len;
            break;
        default:
            return -1;
        }
        break;
    case KR_VT_NUMBER:
        if (n->stype == KR_SCALAR_STRING) {
            if (parse_number(&v.num, n->text, n->text_len) != 0) return -1;
        } else if (node_number(&v.num, n) != 0) {
            return -1;
        }
        break;
    case KR_VT_DURATION:
        if (n->stype == KR_SCALAR_STRING) {
            if (kr_duration_parse(&v.num, n->text, n->text_len, unit) != 0) return -1;
        } else {
            /* a bare number counts `unit` */
            if (node_number(&v.num, n) != 0 || v.num < 0 || (secs = unit_seconds(unit)) < 0) return -1;
            v.num *= secs;
            if (!isfinite(v.num)) return -1;
        }
        break;
    case KR_VT_TLS:
        /* 1.2 written unquoted is a float; its source text reads as "1.2". */
        if (n->stype != KR_SCALAR_STRING && n->stype != KR_SCALAR_FLOAT && n->stype != KR_SCALAR_INT)
            return -1;
        if (kr_tls_parse(&tls, n->text, n->text_len) != 0) return -1;
        v.num = tls;
        break;
    case KR_VT_STRING:
        /* numbers and bools compare as their source spelling; null has none */
        if (n->stype == KR_SCALAR_NULL) return -1;
        v.str = n->text;
        v.len = n->text_len;
        break;
    case KR_VT_BOOL:
        if (n->stype == KR_SCALAR_BOOL) v.b = n->v.b;
        else if (n->stype != KR_SCALAR_STRING || parse_bool(&v.b, n->text, n->text_len) != 0) return -1;
        break;
    default:
        return -1;
    }
    *out = v;
    return 0;
}

int kr_value_compare(int *out, const kr_value *a, const kr_value *b)
{
    if (!out || !a || !b || a->type != b->type) return -1;
    switch (a->type) {
    case KR_VT_NUMBER:
    case KR_VT_DURATION:
    case KR_VT_TLS:
        if (isnan(a->num) || isnan(b->num)) return -1;
        *out = (a->num < b->num) ? -1 : (a->num > b->num) ? 1 : 0;
        return 0;
    case KR_VT_STRING: {
        size_t m = a->len < b->len ? a->len : b->len;
        int c = 0;
        if (m > 0) {
            if (!a->str || !b->str) return -1;
            c = memcmp(a->str, b->str, m);
        }
        if (c == 0) c = (a->len < b->len) ? -1 : (a->len > b->len) ? 1 : 0;
        *out = (c < 0) ? -1 : (c > 0) ? 1 : 0;
        return 0;
    }
    case KR_VT_BOOL:
        *out = (int)a->b - (int)b->b;
        return 0;
    default:
        return -1;
    }
}
