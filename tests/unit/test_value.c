/* test_value.c - durations, TLS versions and policy tables, typed values and
 * comparison (src/rules/value.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/value.h"

#define DAY 86400.0

#define DUR_OK(s, unit, expect)                                                         \
    do {                                                                                \
        double d_ = -1.0;                                                               \
        int rc_ = kr_duration_parse(&d_, (s), strlen(s), (unit));                       \
        if (rc_ != 0) fail_msg("duration \"%s\": rc %d, want 0", (s), rc_);              \
        if (d_ != (double)(expect))                                                     \
            fail_msg("duration \"%s\": got %.17g, want %.17g", (s), d_, (double)(expect)); \
    } while (0)

#define DUR_BAD(s)                                                                      \
    do {                                                                                \
        double d_ = -7.0;                                                               \
        int rc_ = kr_duration_parse(&d_, (s), strlen(s), KR_UNIT_DAYS);                 \
        if (rc_ != -1) fail_msg("duration \"%s\": rc %d (%.17g), want -1", (s), rc_, d_); \
        if (d_ != -7.0) fail_msg("duration \"%s\": output written on error", (s));       \
    } while (0)

#define TLS_OK(s, expect)                                                               \
    do {                                                                                \
        int v_ = -1;                                                                    \
        int rc_ = kr_tls_parse(&v_, (s), strlen(s));                                    \
        if (rc_ != 0) fail_msg("tls \"%s\": rc %d, want 0", (s), rc_);                   \
        if (v_ != (expect)) fail_msg("tls \"%s\": got %d, want %d", (s), v_, (expect));  \
    } while (0)

#define TLS_BAD(s)                                                                      \
    do {                                                                                \
        int v_ = -7;                                                                    \
        int rc_ = kr_tls_parse(&v_, (s), strlen(s));                                    \
        if (rc_ != -1) fail_msg("tls \"%s\": rc %d (%d), want -1", (s), rc_, v_);        \
    } while (0)

/* ------------------------------------------------------------ durations */

static void test_value__duration_units(void **state)
{
    (void)state;
    DUR_OK("7d", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("7 d", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("7 days", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("1 day", KR_UNIT_DAYS, DAY);
    DUR_OK("36h", KR_UNIT_DAYS, 36 * 3600.0);
    DUR_OK("90 minutes", KR_UNIT_DAYS, 5400.0);
    DUR_OK("90m", KR_UNIT_DAYS, 5400.0); /* m is minutes */
    DUR_OK("45s", KR_UNIT_DAYS, 45.0);
    DUR_OK("30 seconds", KR_UNIT_DAYS, 30.0);
    DUR_OK("2w", KR_UNIT_DAYS, 14 * DAY);
    DUR_OK("1 week", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("12 months", KR_UNIT_DAYS, 360 * DAY);
    DUR_OK("1 month", KR_UNIT_DAYS, 30 * DAY);
    DUR_OK("3mo", KR_UNIT_DAYS, 90 * DAY);
    DUR_OK("1y", KR_UNIT_DAYS, 365 * DAY);
    DUR_OK("1 year", KR_UNIT_DAYS, 365 * DAY);
    DUR_OK("2 years", KR_UNIT_DAYS, 730 * DAY);
    DUR_OK("365 days", KR_UNIT_DAYS, 365 * DAY);
    DUR_OK("1.5 days", KR_UNIT_DAYS, 1.5 * DAY);
    DUR_OK("0.5h", KR_UNIT_DAYS, 1800.0);
    DUR_OK("7 DAYS", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("7D", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("1 Year", KR_UNIT_DAYS, 365 * DAY);
    DUR_OK("  7d \t", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("0d", KR_UNIT_DAYS, 0.0);
    /* compounds */
    DUR_OK("1h30m", KR_UNIT_DAYS, 5400.0);
    DUR_OK("1 day 12 hours", KR_UNIT_DAYS, 1.5 * DAY);
    DUR_OK("1d12h", KR_UNIT_DAYS, 1.5 * DAY);
}

static void test_value__duration_equalities(void **state)
{
    (void)state;
    /* a month is 30 days, a year 365 days: 3 months == 90 days == P3M */
    double a, b, c;
    assert_int_equal(kr_duration_parse(&a, "3 months", 8, KR_UNIT_DAYS), 0);
    assert_int_equal(kr_duration_parse(&b, "90 days", 7, KR_UNIT_DAYS), 0);
    assert_int_equal(kr_duration_parse(&c, "P3M", 3, KR_UNIT_DAYS), 0);
    assert_true(a == b && b == c);
    assert_int_equal(kr_duration_parse(&a, "1 year", 6, KR_UNIT_DAYS), 0);
    assert_int_equal(kr_duration_parse(&b, "365 days", 8, KR_UNIT_DAYS), 0);
    assert_true(a == b);
    /* length is honoured: only "7d" of "7d junk" is read */
    assert_int_equal(kr_duration_parse(&a, "7d junk", 2, KR_UNIT_DAYS), 0);
    assert_true(a == 7 * DAY);
}

static void test_value__duration_bare_number(void **state)
{
    (void)state;
    DUR_OK("7", KR_UNIT_DAYS, 7 * DAY);
    DUR_OK("7", KR_UNIT_SECONDS, 7.0);
    DUR_OK("7", KR_UNIT_MINUTES, 420.0);
    DUR_OK("7", KR_UNIT_HOURS, 7 * 3600.0);
    DUR_OK("2", KR_UNIT_WEEKS, 14 * DAY);
    DUR_OK("3", KR_UNIT_MONTHS, 90 * DAY);
    DUR_OK("1", KR_UNIT_YEARS, 365 * DAY);
    DUR_OK("1.5", KR_UNIT_DAYS, 1.5 * DAY);
    double d = -7;
    assert_int_equal(kr_duration_parse(&d, "7", 1, (kr_unit)99), -1);
}

static void test_value__duration_japanese(void **state)
{
    (void)state;
    DUR_OK("7日", KR_UNIT_SECONDS, 7 * DAY);
    DUR_OK("7日間", KR_UNIT_SECONDS, 7 * DAY);
    DUR_OK("7 日", KR_UNIT_SECONDS, 7 * DAY);
    DUR_OK("12か月", KR_UNIT_SECONDS, 360 * DAY);
    DUR_OK("12ヶ月", KR_UNIT_SECONDS, 360 * DAY);
    DUR_OK("12カ月", KR_UNIT_SECONDS, 360 * DAY);
    DUR_OK("12ヵ月", KR_UNIT_SECONDS, 360 * DAY);
    DUR_OK("12ケ月", KR_UNIT_SECONDS, 360 * DAY);
    DUR_OK("3ヶ月", KR_UNIT_SECONDS, 90 * DAY);
    DUR_OK("3ヶ月間", KR_UNIT_SECONDS, 90 * DAY);
    DUR_OK("1年", KR_UNIT_SECONDS, 365 * DAY);
    DUR_OK("1年間", KR_UNIT_SECONDS, 365 * DAY);
    DUR_OK("1週間", KR_UNIT_SECONDS, 7 * DAY);
    DUR_OK("2週", KR_UNIT_SECONDS, 14 * DAY);
    DUR_OK("24時間", KR_UNIT_SECONDS, DAY);
    DUR_OK("30分", KR_UNIT_SECONDS, 1800.0);
    DUR_OK("10秒", KR_UNIT_SECONDS, 10.0);
    DUR_OK("1年6か月", KR_UNIT_SECONDS, 545 * DAY);
    DUR_OK("７日", KR_UNIT_SECONDS, 7 * DAY);      /* full-width digit */
    DUR_OK("１．５日", KR_UNIT_SECONDS, 1.5 * DAY); /* full-width full stop */
    DUR_OK("7\xE3\x80\x80日", KR_UNIT_SECONDS, 7 * DAY); /* ideographic space */
    DUR_BAD("3月");  /* March, not a unit */
    DUR_BAD("7日x");
    DUR_BAD("日");
}

static void test_value__duration_iso8601(void **state)
{
    (void)state;
    DUR_OK("P3M", KR_UNIT_SECONDS, 90 * DAY);
    DUR_OK("P1Y", KR_UNIT_SECONDS, 365 * DAY);
    DUR_OK("P2W", KR_UNIT_SECONDS, 14 * DAY);
    DUR_OK("P7D", KR_UNIT_SECONDS, 7 * DAY);
    DUR_OK("PT12H", KR_UNIT_SECONDS, 12 * 3600.0);
    DUR_OK("PT30M", KR_UNIT_SECONDS, 1800.0);
    DUR_OK("PT45S", KR_UNIT_SECONDS, 45.0);
    DUR_OK("P1Y2M10DT2H30M", KR_UNIT_SECONDS, 435 * DAY + 2 * 3600.0 + 1800.0);
    DUR_OK("P1DT12H", KR_UNIT_SECONDS, 1.5 * DAY);
    DUR_OK("PT0.5H", KR_UNIT_SECONDS, 1800.0);
    DUR_OK("PT0,5H", KR_UNIT_SECONDS, 1800.0);
    DUR_OK("p3m", KR_UNIT_SECONDS, 90 * DAY);
    DUR_BAD("P");
    DUR_BAD("PT");
    DUR_BAD("P1DT");
    DUR_BAD("P1H");   /* H needs T */
    DUR_BAD("PT1D");  /* D after T */
    DUR_BAD("P1M1Y"); /* out of order */
    DUR_BAD("P1D1D");
    DUR_BAD("P1");
    DUR_BAD("PTT1H");
    DUR_BAD("P-1D");
    DUR_BAD("P1DX");
}

static void test_value__duration_rejects(void **state)
{
    (void)state;
    DUR_BAD("");
    DUR_BAD("   ");
    DUR_BAD("abc");
    DUR_BAD("7 parsecs");
    DUR_BAD("7 days!");
    DUR_BAD("7 days 3");   /* a bare number must stand alone */
    DUR_BAD("7 3");
    DUR_BAD("-7d");
    DUR_BAD("+7d");
    DUR_BAD("d7");
    DUR_BAD("7.d");
    DUR_BAD(".5d");
    DUR_BAD("1e3d");
    DUR_BAD("inf");
    DUR_BAD("nan");
    DUR_BAD("infinity days");
    DUR_BAD("7,5d");
    double d = -7;
    assert_int_equal(kr_duration_parse(NULL, "7d", 2, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_duration_parse(&d, NULL, 0, KR_UNIT_DAYS), -1);
    /* longer than any duration text */
    char big[600];
    memset(big, '1', sizeof big - 2);
    big[sizeof big - 2] = 'd';
    big[sizeof big - 1] = '\0';
    DUR_BAD(big);
    /* numbers are limited to 40 digits, so no sum can overflow to infinity */
    DUR_OK("9999999999999999999999999999999999999999y", KR_UNIT_DAYS,
           9999999999999999999999999999999999999999.0 * (365 * DAY));
    DUR_BAD("99999999999999999999999999999999999999999y"); /* 41 digits */
    DUR_BAD("P99999999999999999999999999999999999999999Y");
}

static void test_value__unit_parse(void **state)
{
    (void)state;
    static const struct { const char *s; kr_unit u; } ok[] = {
        {"seconds", KR_UNIT_SECONDS}, {"second", KR_UNIT_SECONDS},
        {"minutes", KR_UNIT_MINUTES}, {"minute", KR_UNIT_MINUTES},
        {"hours", KR_UNIT_HOURS},     {"hour", KR_UNIT_HOURS},
        {"days", KR_UNIT_DAYS},       {"day", KR_UNIT_DAYS},
        {"weeks", KR_UNIT_WEEKS},     {"week", KR_UNIT_WEEKS},
        {"months", KR_UNIT_MONTHS},   {"month", KR_UNIT_MONTHS},
        {"years", KR_UNIT_YEARS},     {"year", KR_UNIT_YEARS},
        {"Days", KR_UNIT_DAYS},       {"d", KR_UNIT_DAYS},
        {"日", KR_UNIT_DAYS},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        kr_unit u = (kr_unit)99;
        if (kr_unit_parse(&u, ok[i].s) != 0) fail_msg("unit \"%s\" rejected", ok[i].s);
        if (u != ok[i].u) fail_msg("unit \"%s\": got %d want %d", ok[i].s, (int)u, (int)ok[i].u);
    }
    kr_unit u = KR_UNIT_DAYS;
    assert_int_equal(kr_unit_parse(&u, "fortnights"), -1);
    assert_int_equal(kr_unit_parse(&u, ""), -1);
    assert_int_equal(kr_unit_parse(&u, NULL), -1);
    assert_int_equal(u, KR_UNIT_DAYS);
}

/* ------------------------------------------------------------------- TLS */

static void test_value__tls_spellings(void **state)
{
    (void)state;
    TLS_OK("SSLv3", KR_TLS_SSL3);
    TLS_OK("sslv3", KR_TLS_SSL3);
    TLS_OK("SSL3.0", KR_TLS_SSL3);
    TLS_OK("TLSv1", KR_TLS_1_0);
    TLS_OK("TLSv1.0", KR_TLS_1_0);
    TLS_OK("TLS1.0", KR_TLS_1_0);
    TLS_OK("TLS_1_0", KR_TLS_1_0);
    TLS_OK("TLS1", KR_TLS_1_0);
    TLS_OK("1.0", KR_TLS_1_0);
    TLS_OK("TLSv1.1", KR_TLS_1_1);
    TLS_OK("TLS1_1", KR_TLS_1_1);
    TLS_OK("1.1", KR_TLS_1_1);
    TLS_OK("TLSv1.2", KR_TLS_1_2);
    TLS_OK("TLS1_2", KR_TLS_1_2);
    TLS_OK("TLS_1_2", KR_TLS_1_2);
    TLS_OK("TLSv1_2", KR_TLS_1_2);
    TLS_OK("tls1.2", KR_TLS_1_2);
    TLS_OK("TLSV1.2", KR_TLS_1_2);
    TLS_OK("TLS 1.2", KR_TLS_1_2);
    TLS_OK("TLS-1.2", KR_TLS_1_2);
    TLS_OK("TLS12", KR_TLS_1_2);
    TLS_OK("1.2", KR_TLS_1_2);
    TLS_OK(" TLSv1.2 ", KR_TLS_1_2);
    TLS_OK("TLSv1.3", KR_TLS_1_3);
    TLS_OK("1.3", KR_TLS_1_3);
    /* Go */
    TLS_OK("tls.VersionTLS10", KR_TLS_1_0);
    TLS_OK("VersionTLS10", KR_TLS_1_0);
    TLS_OK("tls.VersionTLS11", KR_TLS_1_1);
    TLS_OK("VersionTLS12", KR_TLS_1_2);
    TLS_OK("tls.VersionTLS13", KR_TLS_1_3);
    TLS_OK("tls.VersionSSL30", KR_TLS_SSL3);
    /* Node secureProtocol */
    TLS_OK("TLSv1_method", KR_TLS_1_0);
    TLS_OK("TLSv1_1_method", KR_TLS_1_1);
    TLS_OK("TLSv1_2_method", KR_TLS_1_2);
    TLS_OK("TLSv1_2_server_method", KR_TLS_1_2);
    TLS_OK("TLS_method", KR_TLS_1_0);     /* negotiates down */
    TLS_OK("SSLv23_method", KR_TLS_1_0);  /* negotiates down */
    TLS_OK("SSLv3_method", KR_TLS_SSL3);
    /* Python */
    TLS_OK("PROTOCOL_TLSv1", KR_TLS_1_0);
    TLS_OK("PROTOCOL_TLSv1_1", KR_TLS_1_1);
    TLS_OK("PROTOCOL_TLSv1_2", KR_TLS_1_2);
    TLS_OK("ssl.PROTOCOL_TLSv1_2", KR_TLS_1_2);
    TLS_OK("ssl.PROTOCOL_TLS", KR_TLS_1_0);
    TLS_OK("PROTOCOL_TLS_SERVER", KR_TLS_1_0);
    TLS_OK("PROTOCOL_SSLv23", KR_TLS_1_0);
    TLS_OK("ssl.TLSVersion.TLSv1_2", KR_TLS_1_2);
    TLS_OK("TLSVersion.TLSv1_3", KR_TLS_1_3);
    TLS_OK("TLSVersion.MINIMUM_SUPPORTED", KR_TLS_SSL3);
    TLS_OK("ssl.TLSVersion.MAXIMUM_SUPPORTED", KR_TLS_1_3);
}

static void test_value__tls_rejects(void **state)
{
    (void)state;
    TLS_BAD("");
    TLS_BAD("TLS");       /* no version */
    TLS_BAD("SSLv2");
    TLS_BAD("SSLv23");    /* only as a negotiating method */
    TLS_BAD("TLSv1.4");
    TLS_BAD("TLSv2");
    TLS_BAD("TLSv1.");
    TLS_BAD("TLSv1.2.3");
    TLS_BAD("TLSv1.2 TLSv1.3");
    TLS_BAD("1");
    TLS_BAD("1_2");
    TLS_BAD("1.20");
    TLS_BAD("2.0");
    TLS_BAD("HTTPS");
    TLS_BAD("TLSv1.2_2030");            /* unknown CloudFront policy */
    TLS_BAD("ELBSecurityPolicy-2099-01"); /* unknown dated ELB policy */
    TLS_BAD("ELBSecurityPolicy-TLS13-1-9-2030-01");
    TLS_BAD("ELBSecurityPolicy-TLS13-1-");
    TLS_BAD("ELBSecurityPolicy-FS-2030-01");
    TLS_BAD("Policy-Min-TLS-1-22-2030");
    TLS_BAD("TLSv1.2\xC3\xA9");
    int v = -7;
    assert_int_equal(kr_tls_parse(NULL, "TLSv1", 5), -1);
    assert_int_equal(kr_tls_parse(&v, NULL, 0), -1);
    assert_int_equal(v, -7);
    /* length is honoured */
    assert_int_equal(kr_tls_parse(&v, "TLSv1.2", 5), 0);
    assert_int_equal(v, KR_TLS_1_0);
}

static void test_value__tls_elb_policies(void **state)
{
    (void)state;
    static const struct { const char *s; int v; } t[] = {
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
        {"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", KR_TLS_1_0},
        {"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", KR_TLS_1_1},
        {"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", KR_TLS_1_3},
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
        /* case-insensitive */
        {"elbsecuritypolicy-tls13-1-2-2021-06", KR_TLS_1_2},
        /* version-encoding families not in the table */
        {"ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07", KR_TLS_1_3},
        {"ELBSecurityPolicy-TLS13-1-1-Future-2030-01", KR_TLS_1_1},
        {"ELBSecurityPolicy-FS-1-2-Res-2030-01", KR_TLS_1_2},
        {"ELBSecurityPolicy-TLS-1-2-Ext-2030-01", KR_TLS_1_2},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) TLS_OK(t[i].s, t[i].v);
}

static void test_value__tls_cloudfront_apigw_opensearch(void **state)
{
    (void)state;
    static const struct { const char *s; int v; } t[] = {
        /* CloudFront minimum_protocol_version */
        {"SSLv3", KR_TLS_SSL3},
        {"TLSv1", KR_TLS_1_0},
        {"TLSv1_2016", KR_TLS_1_0},
        {"TLSv1.1_2016", KR_TLS_1_1},
        {"TLSv1.2_2018", KR_TLS_1_2},
        {"TLSv1.2_2019", KR_TLS_1_2},
        {"TLSv1.2_2021", KR_TLS_1_2},
        {"TLSv1.2_2025", KR_TLS_1_2},
        {"TLSv1.3_2025", KR_TLS_1_3},
        /* API Gateway security_policy */
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
        {"SecurityPolicy_TLS13_1_3_FUTURE_2030_01", KR_TLS_1_3},
        {"SecurityPolicy_TLS12_FUTURE_2030", KR_TLS_1_2},
        /* OpenSearch / Elasticsearch tls_security_policy */
        {"Policy-Min-TLS-1-0-2019-07", KR_TLS_1_0},
        {"Policy-Min-TLS-1-2-2019-07", KR_TLS_1_2},
        {"Policy-Min-TLS-1-2-PFS-2023-10", KR_TLS_1_2},
        {"Policy-Min-TLS-1-3-2030-01", KR_TLS_1_3},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) TLS_OK(t[i].s, t[i].v);
}

static void test_value__tls_names(void **state)
{
    (void)state;
    assert_string_equal(kr_tls_name(KR_TLS_SSL3), "SSLv3");
    assert_string_equal(kr_tls_name(KR_TLS_1_0), "TLSv1");
    assert_string_equal(kr_tls_name(KR_TLS_1_1), "TLSv1.1");
    assert_string_equal(kr_tls_name(KR_TLS_1_2), "TLSv1.2");
    assert_string_equal(kr_tls_name(KR_TLS_1_3), "TLSv1.3");
    assert_string_equal(kr_tls_name(7), "unknown");
    assert_true(KR_TLS_SSL3 < KR_TLS_1_0 && KR_TLS_1_0 < KR_TLS_1_1 && KR_TLS_1_1 < KR_TLS_1_2 &&
                KR_TLS_1_2 < KR_TLS_1_3);
    /* every name round-trips */
    int vs[] = {KR_TLS_SSL3, KR_TLS_1_0, KR_TLS_1_1, KR_TLS_1_2, KR_TLS_1_3};
    for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) TLS_OK(kr_tls_name(vs[i]), vs[i]);
}

/* ---------------------------------------------------------------- values */

static void test_value__from_text(void **state)
{
    (void)state;
    kr_value v;
    const char *s;

    s = "7";
    assert_int_equal(kr_value_from_text(&v, s, 1, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_NUMBER);
    assert_true(v.num == 7.0);
    assert_int_equal(kr_value_from_text(&v, "-2.5e1", 6, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_true(v.num == -25.0);
    assert_int_equal(kr_value_from_text(&v, " 42 ", 4, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_true(v.num == 42.0);
    assert_int_equal(kr_value_from_text(&v, "0.1", 3, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_true(v.num == 0.1);
    assert_int_equal(kr_value_from_text(&v, "abc", 3, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "7d", 2, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "inf", 3, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "nan", 3, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "1e999", 5, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "0x10", 4, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "1.", 2, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "", 0, KR_VT_NUMBER, KR_UNIT_DAYS), -1);

    assert_int_equal(kr_value_from_text(&v, "7", 1, KR_VT_DURATION, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_DURATION);
    assert_true(v.num == 7 * DAY);
    assert_int_equal(kr_value_from_text(&v, "P1Y", 3, KR_VT_DURATION, KR_UNIT_DAYS), 0);
    assert_true(v.num == 365 * DAY);
    assert_int_equal(kr_value_from_text(&v, "abc", 3, KR_VT_DURATION, KR_UNIT_DAYS), -1);

    assert_int_equal(kr_value_from_text(&v, "TLSv1.2", 7, KR_VT_TLS, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_TLS);
    assert_true(v.num == KR_TLS_1_2);
    assert_int_equal(kr_value_from_text(&v, "TLSv9", 5, KR_VT_TLS, KR_UNIT_DAYS), -1);

    s = "HTTPS";
    assert_int_equal(kr_value_from_text(&v, s, 5, KR_VT_STRING, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_STRING);
    assert_ptr_equal(v.str, s); /* no copy */
    assert_int_equal(v.len, 5);

    assert_int_equal(kr_value_from_text(&v, "true", 4, KR_VT_BOOL, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_BOOL);
    assert_true(v.b);
    assert_int_equal(kr_value_from_text(&v, "FALSE", 5, KR_VT_BOOL, KR_UNIT_DAYS), 0);
    assert_false(v.b);
    assert_int_equal(kr_value_from_text(&v, "True", 4, KR_VT_BOOL, KR_UNIT_DAYS), 0);
    assert_true(v.b);
    assert_int_equal(kr_value_from_text(&v, "yes", 3, KR_VT_BOOL, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "1", 1, KR_VT_BOOL, KR_UNIT_DAYS), -1);

    /* AUTO from text: bool word, else number, else string */
    assert_int_equal(kr_value_from_text(&v, "true", 4, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_BOOL);
    assert_int_equal(kr_value_from_text(&v, "12", 2, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_NUMBER);
    assert_true(v.num == 12.0);
    assert_int_equal(kr_value_from_text(&v, "7d", 2, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_STRING);

    assert_int_equal(kr_value_from_text(NULL, "1", 1, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, NULL, 0, KR_VT_STRING, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_text(&v, "1", 1, (kr_vtype)42, KR_UNIT_DAYS), -1);
}

static kr_node *scalar(kr_arena *a, kr_scalar_type t, const char *text)
{
    kr_span sp;
    memset(&sp, 0, sizeof sp);
    return kr_node_new_scalar(a, t, text, strlen(text), sp);
}

static void test_value__from_node(void **state)
{
    (void)state;
    kr_arena *a = kr_arena_new();
    kr_span sp;
    memset(&sp, 0, sizeof sp);
    kr_value v;

    kr_node *i7 = scalar(a, KR_SCALAR_INT, "7");
    i7->v.i = 7;
    kr_node *f15 = scalar(a, KR_SCALAR_FLOAT, "1.5");
    f15->v.f = 1.5;
    kr_node *f12 = scalar(a, KR_SCALAR_FLOAT, "1.2");
    f12->v.f = 1.2;
    kr_node *neg = scalar(a, KR_SCALAR_INT, "-1");
    neg->v.i = -1;
    kr_node *s7 = scalar(a, KR_SCALAR_STRING, "7");
    kr_node *str = scalar(a, KR_SCALAR_STRING, "HTTPS");
    kr_node *strue = scalar(a, KR_SCALAR_STRING, "true");
    kr_node *btrue = scalar(a, KR_SCALAR_BOOL, "true");
    btrue->v.b = true;
    kr_node *bfalse = scalar(a, KR_SCALAR_BOOL, "false");
    bfalse->v.b = false;
    kr_node *null = scalar(a, KR_SCALAR_NULL, "");
    kr_node *ref = scalar(a, KR_SCALAR_STRING, "Retention");
    ref->tag = "!Ref";
    kr_node *expr = kr_node_new(a, KR_NODE_EXPR, sp);
    expr->text = "var.days";
    expr->text_len = 8;
    kr_node *map = kr_node_new(a, KR_NODE_MAP, sp);
    kr_node *seq = kr_node_new(a, KR_NODE_SEQ, sp);

    /* AUTO by scalar type */
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_NUMBER);
    assert_true(v.num == 7.0);
    assert_int_equal(kr_value_from_node(&v, f15, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_NUMBER);
    assert_true(v.num == 1.5);
    assert_int_equal(kr_value_from_node(&v, btrue, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_BOOL);
    assert_true(v.b);
    assert_int_equal(kr_value_from_node(&v, s7, KR_VT_AUTO, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_STRING);
    assert_ptr_equal(v.str, s7->text);
    assert_int_equal(v.len, 1);
    assert_int_equal(kr_value_from_node(&v, null, KR_VT_AUTO, KR_UNIT_DAYS), -1);

    /* NUMBER: ints, floats and numeric strings */
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_true(v.num == 7.0);
    assert_int_equal(kr_value_from_node(&v, s7, KR_VT_NUMBER, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_NUMBER);
    assert_true(v.num == 7.0);
    assert_int_equal(kr_value_from_node(&v, str, KR_VT_NUMBER, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_node(&v, btrue, KR_VT_NUMBER, KR_UNIT_DAYS), -1);

    /* DURATION: numbers count the unit */
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_DURATION, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_DURATION);
    assert_true(v.num == 7 * DAY);
    assert_int_equal(kr_value_from_node(&v, f15, KR_VT_DURATION, KR_UNIT_HOURS), 0);
    assert_true(v.num == 5400.0);
    assert_int_equal(kr_value_from_node(&v, s7, KR_VT_DURATION, KR_UNIT_WEEKS), 0);
    assert_true(v.num == 49 * DAY);
    assert_int_equal(kr_value_from_node(&v, neg, KR_VT_DURATION, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_node(&v, str, KR_VT_DURATION, KR_UNIT_DAYS), -1);

    /* TLS: unquoted 1.2 is a float, read by its text */
    assert_int_equal(kr_value_from_node(&v, f12, KR_VT_TLS, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_TLS);
    assert_true(v.num == KR_TLS_1_2);
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_TLS, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_node(&v, btrue, KR_VT_TLS, KR_UNIT_DAYS), -1);

    /* STRING: no copy; numbers and bools by their spelling; not null */
    assert_int_equal(kr_value_from_node(&v, str, KR_VT_STRING, KR_UNIT_DAYS), 0);
    assert_ptr_equal(v.str, str->text);
    assert_int_equal(v.len, 5);
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_STRING, KR_UNIT_DAYS), 0);
    assert_int_equal(v.len, 1);
    assert_memory_equal(v.str, "7", 1);
    assert_int_equal(kr_value_from_node(&v, null, KR_VT_STRING, KR_UNIT_DAYS), -1);

    /* BOOL: bool scalars and the strings "true"/"false" */
    assert_int_equal(kr_value_from_node(&v, bfalse, KR_VT_BOOL, KR_UNIT_DAYS), 0);
    assert_false(v.b);
    assert_int_equal(kr_value_from_node(&v, strue, KR_VT_BOOL, KR_UNIT_DAYS), 0);
    assert_int_equal(v.type, KR_VT_BOOL);
    assert_true(v.b);
    assert_int_equal(kr_value_from_node(&v, str, KR_VT_BOOL, KR_UNIT_DAYS), -1);
    assert_int_equal(kr_value_from_node(&v, i7, KR_VT_BOOL, KR_UNIT_DAYS), -1);

    /* unknown and non-scalars */
    for (int t = KR_VT_AUTO; t <= KR_VT_BOOL; t++) {
        assert_int_equal(kr_value_from_node(&v, expr, (kr_vtype)t, KR_UNIT_DAYS), -1);
        assert_int_equal(kr_value_from_node(&v, ref, (kr_vtype)t, KR_UNIT_DAYS), -1);
        assert_int_equal(kr_value_from_node(&v, map, (kr_vtype)t, KR_UNIT_DAYS), -1);
        assert_int_equal(kr_value_from_node(&v, seq, (kr_vtype)t, KR_UNIT_DAYS), -1);
    }
    assert_int_equal(kr_value_from_node(&v, NULL, KR_VT_AUTO, KR_UNIT_DAYS), -1);
    kr_arena_free(a);
}

static void test_value__compare(void **state)
{
    (void)state;
    kr_value a, b;
    int c = 99;

    kr_value_from_text(&a, "3 months", 8, KR_VT_DURATION, KR_UNIT_DAYS);
    kr_value_from_text(&b, "P3M", 3, KR_VT_DURATION, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 0);
    kr_value_from_text(&b, "7d", 2, KR_VT_DURATION, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 1);
    assert_int_equal(kr_value_compare(&c, &b, &a), 0);
    assert_int_equal(c, -1);

    kr_value_from_text(&a, "ELBSecurityPolicy-2016-08", 25, KR_VT_TLS, KR_UNIT_DAYS);
    kr_value_from_text(&b, "TLSv1.2", 7, KR_VT_TLS, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);
    kr_value_from_text(&a, "ELBSecurityPolicy-TLS13-1-2-2021-06", 35, KR_VT_TLS, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 0);

    kr_value_from_text(&a, "1", 1, KR_VT_NUMBER, KR_UNIT_DAYS);
    kr_value_from_text(&b, "10", 2, KR_VT_NUMBER, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);

    /* strings bytewise, then by length */
    kr_value_from_text(&a, "abc", 3, KR_VT_STRING, KR_UNIT_DAYS);
    kr_value_from_text(&b, "abd", 3, KR_VT_STRING, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);
    kr_value_from_text(&b, "ab", 2, KR_VT_STRING, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 1);
    kr_value_from_text(&b, "abc", 3, KR_VT_STRING, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 0);
    kr_value_from_text(&b, "ABC", 3, KR_VT_STRING, KR_UNIT_DAYS); /* case-sensitive */
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, 1);
    kr_value_from_text(&a, "", 0, KR_VT_STRING, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);
    /* embedded NUL and high bytes compare as unsigned bytes */
    kr_value_from_text(&a, "a\0b", 3, KR_VT_STRING, KR_UNIT_DAYS);
    kr_value_from_text(&b, "a\xff", 2, KR_VT_STRING, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);

    kr_value_from_text(&a, "false", 5, KR_VT_BOOL, KR_UNIT_DAYS);
    kr_value_from_text(&b, "true", 4, KR_VT_BOOL, KR_UNIT_DAYS);
    assert_int_equal(kr_value_compare(&c, &a, &b), 0);
    assert_int_equal(c, -1);
    assert_int_equal(kr_value_compare(&c, &b, &b), 0);
    assert_int_equal(c, 0);

    /* different types are not comparable */
    kr_value n, d;
    kr_value_from_text(&n, "7", 1, KR_VT_NUMBER, KR_UNIT_DAYS);
    kr_value_from_text(&d, "7", 1, KR_VT_DURATION, KR_UNIT_DAYS);
    c = 99;
    assert_int_equal(kr_value_compare(&c, &n, &d), -1);
    assert_int_equal(kr_value_compare(&c, &n, &b), -1);
    assert_int_equal(c, 99);
    kr_value auto_v;
    memset(&auto_v, 0, sizeof auto_v);
    assert_int_equal(kr_value_compare(&c, &auto_v, &auto_v), -1);
    assert_int_equal(kr_value_compare(NULL, &n, &n), -1);
    assert_int_equal(kr_value_compare(&c, NULL, &n), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value__duration_units),
        cmocka_unit_test(test_value__duration_equalities),
        cmocka_unit_test(test_value__duration_bare_number),
        cmocka_unit_test(test_value__duration_japanese),
        cmocka_unit_test(test_value__duration_iso8601),
        cmocka_unit_test(test_value__duration_rejects),
        cmocka_unit_test(test_value__unit_parse),
        cmocka_unit_test(test_value__tls_spellings),
        cmocka_unit_test(test_value__tls_rejects),
        cmocka_unit_test(test_value__tls_elb_policies),
        cmocka_unit_test(test_value__tls_cloudfront_apigw_opensearch),
        cmocka_unit_test(test_value__tls_names),
        cmocka_unit_test(test_value__from_text),
        cmocka_unit_test(test_value__from_node),
        cmocka_unit_test(test_value__compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
