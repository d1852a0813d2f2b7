// SPDX-License-Identifier: MIT
/* Civil dates to day counts, for turning the RTC's reading into seconds since the epoch. */
#include <stdbool.h>
#include <lamina/calendar.h>

/* Days between 0001-01-01 and 1970-01-01 in the proleptic Gregorian calendar. */
#define DAYS_TO_1970 719162ULL

static bool leap_year(unsigned int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

uint64_t days_since_epoch(unsigned int year, unsigned int month, unsigned int day)
{
	static const unsigned int days_before_month[12] = {0,	31,  59,  90,  120, 151,
							   181, 212, 243, 273, 304, 334};
	uint64_t y = year - 1;
	uint64_t days = y * 365 + y / 4 - y / 100 + y / 400 - DAYS_TO_1970;

	days += days_before_month[(month - 1) % 12] + (day - 1);
	if (leap_year(year) && month > 2)
		days++;
	return days;
}
