/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the pvclock scale and publication (hypervisor/common/pvclock.c): for TSC rates
 * from 1 MHz to 10 GHz, one second (and one hour) of ticks converts to nanoseconds within 1 ppm
 * the way a guest computes it, the multiplier keeps 31 bits of precision, and a published record
 * ends with an even version and every field set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/pvclock.h>
#include <public/xen.h>

#define NSEC_PER_SEC 1000000000ULL

static const uint64_t rates_hz[] = {
	1000000,    1193182,	3579545,    14318180,	100000000,  999999999,
	1000000000, 1000000001, 1999999999, 2000000000, 2000000001, 2603192000,
	3000000000, 4294967295, 4294967296, 5000000000, 7777777777, 10000000000,
};

/* |got - want| within 1 ppm, or 1 ns for short spans (the conversion truncates). */
static void assert_within_ppm(uint64_t got, uint64_t want)
{
	uint64_t diff = got > want ? got - want : want - got;

	if (diff > want / 1000000 && diff > 1) {
		print_error("got %llu, want %llu: off by %llu\n", (unsigned long long)got,
			    (unsigned long long)want, (unsigned long long)diff);
		fail();
	}
}

static void test_scale_one_second(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rates_hz) / sizeof(rates_hz[0]); i++) {
		uint64_t hz = rates_hz[i];
		uint32_t mul = 0;
		int8_t shift = 0;

		pvclock_scale(hz, &mul, &shift);
		assert_true(mul >= 1U << 31);
		assert_true(shift >= -31 && shift <= 31);
		assert_within_ppm(pvclock_delta_ns(hz, mul, shift), NSEC_PER_SEC);
		assert_within_ppm(pvclock_delta_ns(hz * 3600, mul, shift), NSEC_PER_SEC * 3600);
		/* About a millisecond: the exact time of a whole number of ticks. */
		assert_within_ppm(pvclock_delta_ns(hz / 1000, mul, shift),
				  (uint64_t)((unsigned __int128)(hz / 1000) * NSEC_PER_SEC / hz));
	}
}

/* A faster counter never gets a longer nanosecond count for the same ticks. */
static void test_scale_monotonic_in_rate(void **state)
{
	uint64_t prev = UINT64_MAX;

	(void)state;
	for (size_t i = 0; i < sizeof(rates_hz) / sizeof(rates_hz[0]); i++) {
		uint32_t mul;
		int8_t shift;
		uint64_t ns;

		pvclock_scale(rates_hz[i], &mul, &shift);
		ns = pvclock_delta_ns(1000000000, mul, shift);
		assert_true(ns <= prev);
		prev = ns;
	}
}

static void test_scale_zero_rate(void **state)
{
	uint32_t mul = 123;
	int8_t shift = 5;

	(void)state;
	pvclock_scale(0, &mul, &shift);
	assert_int_equal(mul, 0);
	assert_int_equal(shift, 0);
	assert_int_equal(pvclock_delta_ns(1000, mul, shift), 0);
}

/* What a guest does with a record: system_time + scaled (tsc - tsc_timestamp). */
static uint64_t guest_read(const struct vcpu_time_info *t, uint64_t tsc)
{
	return t->system_time +
	       pvclock_delta_ns(tsc - t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift);
}

static void test_publish(void **state)
{
	struct vcpu_time_info t;
	uint32_t mul;
	int8_t shift;

	(void)state;
	memset(&t, 0xa5, sizeof(t));
	t.version = 4;
	pvclock_scale(2603192000ULL, &mul, &shift);
	pvclock_publish(&t, 0x123456789aULL, 777000000000ULL, mul, shift);
	assert_int_equal(t.version, 6);
	assert_int_equal(t.tsc_timestamp, 0x123456789aULL);
	assert_int_equal(t.system_time, 777000000000ULL);
	assert_int_equal(t.tsc_to_system_mul, mul);
	assert_int_equal(t.tsc_shift, shift);
	/* One second of the TSC later the guest reads one second later. */
	assert_within_ppm(guest_read(&t, 0x123456789aULL + 2603192000ULL) - 777000000000ULL,
			  NSEC_PER_SEC);

	/* A record left odd (a writer that never finished) still ends even, and newer. */
	t.version = 7;
	pvclock_publish(&t, 1, 2, mul, shift);
	assert_int_equal(t.version, 8);
	/* Wrapping the counter keeps the protocol. */
	t.version = UINT32_MAX - 1;
	pvclock_publish(&t, 1, 2, mul, shift);
	assert_int_equal(t.version, 0);
	assert_int_equal(t.version & 1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_one_second),
		cmocka_unit_test(test_scale_monotonic_in_rate),
		cmocka_unit_test(test_scale_zero_rate),
		cmocka_unit_test(test_publish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
