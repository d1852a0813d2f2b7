// SPDX-License-Identifier: MIT
/*
 * Triple-faults on purpose: with an empty IDT, #UD cannot be delivered, nor the #DF that
 * follows. The hypervisor must end this domain alone (Xen: the SHUTDOWN intercept, then
 * domain_crash) and log it; the harness checks that and that the other guest still passes.
 */
#include <guest/delay.h>
#include <guest/console.h>
#include <guest/test.h>

#define CRASH_DELAY_MS 300

const char test_name[] = "crash_triple_fault";

struct idt_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

void test_main(void)
{
	static const struct idt_pointer empty = {.limit = 0, .base = 0};

	/* Give the healthy guest time to show it runs alongside before this one dies. */
	EXPECT_TRUE(delay_ms(CRASH_DELAY_MS));
	printf("triple-faulting now\n");
	asm volatile("lidt %0; ud2" : : "m"(empty));
	FAIL("still running after a triple fault");
}
