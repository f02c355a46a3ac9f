/* date.c - calendar dates and "today" (see date.h). */
#include "util/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (long)yoe + era * 400 + (*m <= 2);
}

int kr_date_parse(long *days, const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') return -1;
    unsigned v[3] = {0, 0, 0};
    static const size_t START[3] = {0, 5, 8}, LEN[3] = {4, 2, 2};
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < LEN[k]; i++) {
            char c = s[START[k] + i];
            if (c < '0' || c > '9') return -1;
            v[k] = v[k] * 10 + (unsigned)(c - '0');
        }
    }
    if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1) return -1;
    static const unsigned MDAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned max = MDAYS[v[1] - 1];
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[1] == 2 && leap) max = 29;
    if (v[2] > max) return -1;
    *days = days_from_civil((long)v[0], v[1], v[2]);
    return 0;
}

void kr_date_format(char *buf, size_t size, long days)
{
    long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04ld-%02u-%02u", y, m, d);
}

int kr_today(long *days)
{
    const char *env = getenv("KREWLINT_TODAY");
    if (env && *env) return kr_date_parse(days, env, strlen(env));
    time_t now = time(NULL);
    *days = (long)(now / 86400);
    return 0;
}

