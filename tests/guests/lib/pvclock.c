// SPDX-License-Identifier: MIT
#include <guest/cpu.h>
#include <guest/event.h>
#include <guest/pvclock.h>

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		asm volatile("" ::: "memory");
		ns = t->system_time +
		     scale_delta(rdtsc() - t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift);
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

uint64_t pvclock_now(void)
{
	return pvclock_read(&vcpu0_info()->time);
}
