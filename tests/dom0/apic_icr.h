/* SPDX-License-Identifier: MIT */
/*
 * Writing the local APIC's interrupt command register (xAPIC, memory-mapped) from dom0 userspace
 * through /dev/mem, as a kernel would to send an IPI. dom0-test uses it to try to reach the
 * hypervisor's own CPU, which the hypervisor must refuse.
 */
#ifndef DOM0_APIC_ICR_H
#define DOM0_APIC_ICR_H

#include <stdbool.h>
#include <stdint.h>

#define APIC_DEFAULT_BASE 0xfee00000ULL
#define APIC_ICR_LOW	  0x300
#define APIC_ICR_HIGH	  0x310
/* ICR low: delivery mode in bits 8-10, level assert in bit 14; destination APIC ID in high 24-31.
 */
#define ICR_DELIVERY_FIXED 0x000U
#define ICR_DELIVERY_INIT  0x500U
#define ICR_LEVEL_ASSERT   0x4000U
#define ICR_DEST_SHIFT	   24

/* The 12-character vendor signature of hypervisor CPUID leaf 0x40000000, in @sig. */
void hypervisor_signature(char sig[13]);

/*
 * Writes ICR high (destination @apic_id), then ICR low (@low) of the APIC at @apic_base through
 * @mem_path. Returns 0 or -errno; a store that faulted sets *@faulted (signal number in *@signo)
 * and still returns 0: the write was attempted and refused by a fault.
 */
long icr_send(const char *mem_path, uint64_t apic_base, uint32_t apic_id, uint32_t low,
	      bool *faulted, int *signo);

#endif
