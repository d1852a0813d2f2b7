// SPDX-License-Identifier: MIT
/*
 * Touches guest-physical memory the domain does not own (64 GiB, far above its RAM, mapped in
 * its own page tables). Nested paging faults and, there being nothing to emulate, the hypervisor
 * must end this domain alone and log it; the harness checks that the other guest still passes.
 */
#include <guest/console.h>
#include <guest/delay.h>
#include <guest/paging.h>
#include <guest/test.h>

#define CRASH_DELAY_MS 300

const char test_name[] = "crash_bad_memory";

void test_main(void)
{
	volatile uint64_t *unowned = (volatile uint64_t *)UNBACKED_VA;

	/* Give the healthy guest time to show it runs alongside before this one dies. */
	EXPECT_TRUE(delay_ms(CRASH_DELAY_MS));
	printf("writing to guest-physical %#lx\n", (uint64_t)UNBACKED_GPA);
	*unowned = 0x1badc0de;
	printf("read back %#lx\n", *unowned);
	FAIL("still running after touching memory it does not own");
}
