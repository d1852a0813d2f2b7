/* SPDX-License-Identifier: MIT */
/*
 * The hardware domain (dom0): Debian's Linux, booted through the Linux 64-bit boot protocol on
 * CPU0, which it keeps for itself. Its RAM is the bottom dom0_mem of the machine mapped 1:1; the
 * devices, ports and interrupts are its own, with no interrupt virtualisation: events reach it
 * as a physical IPI on the vector it registered. The hypervisor is entered only when it makes a
 * hypercall, reads CPUID, touches a guarded MSR, stores to its local APIC (apic_guard.c) or
 * first touches an address outside its RAM (mapped 1:1 then, unless it is the hypervisor's).
 */
#ifndef ASM_HWDOM_H
#define ASM_HWDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/hwdom_memmap.h>

struct domain;
struct domain_spec;
struct vcpu;

/* The CPU the hardware domain owns. */
#define HWDOM_CPU 0

struct hwdom_image {
	const void *kernel; /* vmlinux */
	size_t kernel_size;
	const void *initrd;
	size_t initrd_size;
	const char *cmdline; /* Linux's, before the hypervisor's additions */
};

extern bool hwdom_configured;
extern struct hwdom_memmap hwdom_memmap;

/*
 * Splits RAM before the pool is filled; panics with the reason when dom0_mem cannot be met.
 * Returns where the pool starts.
 */
uint64_t hwdom_plan_memory(uint64_t dom0_mem, uint64_t hv_start, uint64_t hv_end, uint64_t limit);
/* Moves boot modules out of dom0's RAM into the pool (dom0 is built over where they were). */
void hwdom_move_modules(void);
struct domain *hwdom_build(const struct domain_spec *spec, const struct hwdom_image *img);
/* A nested page fault in the hardware domain. */
void hwdom_npf(struct vcpu *v, uint64_t gpa, uint64_t code);
/* Raises its upcall vector on its CPU if an event is pending and a vector registered. */
void hwdom_raise_upcall(struct vcpu *v);

#endif
