// SPDX-License-Identifier: MIT
/*
 * The well-behaved half of the fault-containment runs: for about two seconds it keeps making
 * hypercalls, yielding and checking its own memory, so that it is still running when the other
 * guest crashes; every answer must stay right.
 */
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/delay.h>
#include <guest/hypercall.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/sched.h>
#include <public/version.h>

const char test_name[] = "healthy";

#define RUN_MS	      2000
#define PATTERN_WORDS 1024

static uint64_t pattern[PATTERN_WORDS];

void test_main(void)
{
	uint64_t khz = tsc_khz(), start, end;
	unsigned int rounds = 0, wrong = 0, i;

	EXPECT_TRUE(khz > 0);
	if (!khz)
		return;
	for (i = 0; i < PATTERN_WORDS; i++)
		pattern[i] = i * 0x9e3779b97f4a7c15ULL;

	start = rdtsc();
	end = start + khz * RUN_MS;
	while (rdtsc() < end) {
		if (hc_xen_version(XENVER_version, NULL) != 0x00040011)
			wrong++;
		if (hc_sched_op(SCHEDOP_yield, NULL) != 0)
			wrong++;
		if (++rounds % 1000 == 0)
			printf("still running: %u rounds\n", rounds);
	}
	for (i = 0; i < PATTERN_WORDS; i++) {
		if (pattern[i] != i * 0x9e3779b97f4a7c15ULL)
			wrong++;
	}
	printf("%u rounds in %u ms\n", rounds, RUN_MS);
	EXPECT_TRUE(rounds > 0);
	EXPECT_EQ(wrong, 0);
}
