// SPDX-License-Identifier: MIT
/* pvclock scale computation and publication (see lamina/pvclock.h). */
#include <lamina/pvclock.h>
#include <public/xen.h>

#define NSEC_PER_SEC 1000000000ULL

void pvclock_scale(uint64_t hz, uint32_t *mul, int8_t *shift)
{
	uint64_t scaled = hz;
	int s = 0;

	if (hz == 0) {
		*mul = 0;
		*shift = 0;
		return;
	}
	/*
	 * Bring hz * 2^s into (NSEC_PER_SEC, 2 * NSEC_PER_SEC]: then mul = 2^32 * NSEC_PER_SEC /
	 * (hz * 2^s) lies in [2^31, 2^32), which fits the field and keeps 31 bits of precision.
	 */
	while (scaled > 2 * NSEC_PER_SEC) {
		scaled >>= 1;
		s--;
	}
	while (scaled <= NSEC_PER_SEC) {
		scaled <<= 1;
		s++;
	}
	*mul = (uint32_t)((NSEC_PER_SEC << 32) / scaled);
	*shift = (int8_t)s;
}

uint64_t pvclock_delta_ns(uint64_t tsc_delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		tsc_delta >>= -shift;
	else
		tsc_delta <<= shift;
	return (uint64_t)(((unsigned __int128)tsc_delta * mul) >> 32);
}

void pvclock_publish(struct vcpu_time_info *t, uint64_t tsc, uint64_t system_ns, uint32_t mul,
		     int8_t shift)
{
	uint32_t version = t->version;

	/* Readers retry while the version is odd or changes under them. */
	__atomic_store_n(&t->version, version | 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	t->tsc_timestamp = tsc;
	t->system_time = system_ns;
	t->tsc_to_system_mul = mul;
	t->tsc_shift = shift;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&t->version, (version | 1) + 1, __ATOMIC_RELAXED);
}

void wallclock_publish(struct shared_info *s, uint64_t sec, uint32_t nsec)
{
	uint32_t version = s->wc_version;

	/* The same odd/even protocol as vcpu_time_info, on wc_version. */
	__atomic_store_n(&s->wc_version, version | 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	s->wc_sec = (uint32_t)sec;
	s->wc_sec_hi = (uint32_t)(sec >> 32);
	s->wc_nsec = nsec;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&s->wc_version, (version | 1) + 1, __ATOMIC_RELAXED);
}
