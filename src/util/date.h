/* date.h - calendar dates as krewlint reads and writes them: YYYY-MM-DD,
 * proleptic Gregorian, years 1900-9999, and "today" (KREWLINT_TODAY or the
 * UTC date). The one reader of dates and of KREWLINT_TODAY: suppression
 * expiry (suppress.c), attestation reviews (attest.c) and the checksheet's
 * date all go through it, so they agree on what a date is.
 */
#ifndef KR_UTIL_DATE_H
#define KR_UTIL_DATE_H

#include <stddef.h>

/* Days since 1970-01-01 of a YYYY-MM-DD date; 0 ok, -1 when it is not one
 * (also 2023-02-29, or a year before 1900). */
int kr_date_parse(long *days, const char *s, size_t len);
/* YYYY-MM-DD of days since 1970-01-01 into buf (at least 11 bytes). */
void kr_date_format(char *buf, size_t size, long days);
/* Today: KREWLINT_TODAY=YYYY-MM-DD when set, else the current UTC date.
 * Returns 0, or -1 when KREWLINT_TODAY is set but not a date. */
int kr_today(long *days);

#endif
