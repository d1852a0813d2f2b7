/* SPDX-License-Identifier: MIT */
/*
 * The paravirtual clock in vcpu_time_info: guests compute
 *   system_time + (((tsc - tsc_timestamp) << shift) * mul) >> 32    (shift < 0: >> -shift)
 * so the hypervisor publishes a (mul, shift) pair for its TSC frequency and refreshes the
 * (tsc_timestamp, system_time) pair under the odd/even version protocol.
 */
#ifndef LAMINA_PVCLOCK_H
#define LAMINA_PVCLOCK_H

#include <stdint.h>

struct vcpu_time_info;
struct vcpu;

/* The scale for a counter running at hz: mul is in [2^31, 2^32), shift in [-31, 31]. */
void pvclock_scale(uint64_t hz, uint32_t *mul, int8_t *shift);
/* What a guest computes from a record: exposed so tests can check the scale round-trips. */
uint64_t pvclock_delta_ns(uint64_t tsc_delta, uint32_t mul, int8_t shift);
/* Writes one record with the odd/even version protocol. */
void pvclock_publish(struct vcpu_time_info *t, uint64_t tsc, uint64_t system_ns, uint32_t mul,
		     int8_t shift);

struct shared_info;
/*
 * Writes the wall-clock time at system time 0 into shared_info (wc_sec, wc_sec_hi, wc_nsec):
 * guests add their pvclock system time to it.
 */
void wallclock_publish(struct shared_info *s, uint64_t sec, uint32_t nsec);

/* Refreshes v's vcpu_info time record from the current host time. */
void vcpu_time_update(struct vcpu *v);

#endif
