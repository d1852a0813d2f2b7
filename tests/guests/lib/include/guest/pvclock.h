/* SPDX-License-Identifier: MIT */
/*
 * Reading the paravirtual clock the hypervisor publishes in vcpu_time_info: retry while the
 * version is odd or changes across the read, then scale the TSC delta by (mul, shift).
 */
#ifndef GUEST_PVCLOCK_H
#define GUEST_PVCLOCK_H

#include <stdint.h>
#include <public/xen.h>

/* System time in ns from @t, with the odd/even version protocol. */
uint64_t pvclock_read(const volatile struct vcpu_time_info *t);
/* System time from vCPU 0's record in shared_info (shared_info_map() first). */
uint64_t pvclock_now(void);

#define NS_PER_MS 1000000ULL

#endif
