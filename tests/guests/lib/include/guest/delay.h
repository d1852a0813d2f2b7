/* SPDX-License-Identifier: MIT */
/* Busy-waiting by the TSC, whose rate the hypervisor gives in CPUID 0x40000003 (ECX, kHz). */
#ifndef GUEST_DELAY_H
#define GUEST_DELAY_H

#include <stdint.h>
#include <guest/cpu.h>
#include <public/arch-x86/cpuid.h>

static inline uint64_t tsc_khz(void)
{
	return cpuid_count(XEN_CPUID_LEAF(XEN_CPUID_LEAF_TIME), 0).ecx;
}

/* Returns false when the TSC rate is unknown and nothing was waited. */
static inline bool delay_ms(uint64_t ms)
{
	uint64_t khz = tsc_khz(), end;

	if (!khz)
		return false;
	end = rdtsc() + khz * ms;
	while (rdtsc() < end)
		asm volatile("pause");
	return true;
}

#endif
