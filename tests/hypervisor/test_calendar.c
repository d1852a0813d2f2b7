// SPDX-License-Identifier: MIT
/* days_since_epoch against glibc's timegm, day by day over three centuries. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>
#include <lamina/calendar.h>

static void test_known_dates(void **state)
{
	(void)state;
	assert_int_equal(days_since_epoch(1970, 1, 1), 0);
	assert_int_equal(days_since_epoch(1970, 1, 2), 1);
	assert_int_equal(days_since_epoch(2000, 3, 1), 11017); /* after a leap day of a 400-year */
	assert_int_equal(days_since_epoch(2100, 3, 1), 47541); /* 2100 has no 29 February */
	assert_int_equal(days_since_epoch(2026, 11, 23), 20780); /* 1795392000 s */
}

static void test_every_day_against_timegm(void **state)
{
	struct tm tm = {.tm_year = 70, .tm_mon = 0, .tm_mday = 1};
	unsigned int checked = 0;

	(void)state;
	for (time_t t = 0; t < (time_t)4102444800LL + 100LL * 365 * 86400; t += 86400) {
		gmtime_r(&t, &tm);
		assert_int_equal(days_since_epoch((unsigned int)tm.tm_year + 1900,
						  (unsigned int)tm.tm_mon + 1,
						  (unsigned int)tm.tm_mday),
				 (uint64_t)(t / 86400));
		checked++;
	}
	assert_true(checked > 60000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_every_day_against_timegm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
