// SPDX-License-Identifier: MIT
/*
 * Domain weights: two of these guests share one physical CPU (the hypervisor places vCPUs
 * round robin, so domains 1 and 3 of three land on CPU 0). Each spins for a fixed wall time and
 * watches its TSC for gaps: a gap is time another domain ran, a stretch without one is a slice
 * of its own. It prints its median slice (what its weight buys is CONFIG_TIMESLICE_MS * weight /
 * 256, given on the command line as slice_ms=N) and the share of the time it ran.
 *
 * Only the shares are judged, by check-cpu-share.sh across both guests: on a busy host QEMU's
 * thread is itself preempted for milliseconds at a time, which cuts the slices a guest sees into
 * pieces, but takes from both guests alike, so the ratio of their shares still shows their
 * weights. The median may not exceed the slice the weight buys by half.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/delay.h>
#include <guest/test.h>

const char test_name[] = "cpu_share";

#define RUN_MS	   1500
#define GAP_US	   200 /* longer than any exit round trip under TCG */
#define MAX_SLICES 1024

static uint64_t slices[MAX_SLICES];

static void sort(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

void test_main(void)
{
	uint64_t khz = tsc_khz(), expect_ms = 0, gap, start, end, now, last, slice_start;
	uint64_t ran = 0, median_us;
	unsigned int n = 0;

	EXPECT_TRUE(boot_arg_number("slice_ms", &expect_ms));
	EXPECT_TRUE(khz > 0);
	if (!khz || !expect_ms)
		return;
	gap = khz * GAP_US / 1000;
	start = last = slice_start = rdtsc();
	end = start + khz * RUN_MS;
	while ((now = rdtsc()) < end) {
		if (now - last > gap) {
			if (n < MAX_SLICES)
				slices[n++] = last - slice_start;
			ran += last - slice_start;
			slice_start = now;
		}
		last = now;
	}
	ran += last - slice_start;
	EXPECT_TRUE(n >= 10);
	if (n < 10)
		return;
	/* The first and last stretches are cut by the window: leave them out. */
	sort(slices + 1, n - 1);
	median_us = slices[1 + (n - 1) / 2] * 1000 / khz;
	printf("%u slices, median %lu us (expected %lu ms); ran %lu%% of %u ms\n", n, median_us,
	       expect_ms, ran * 100 / (end - start), RUN_MS);
	EXPECT_TRUE(median_us <= expect_ms * 1000 * 15 / 10);
}
