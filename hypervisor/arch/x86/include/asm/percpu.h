/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU state. GS base points at the CPU's struct percpu, whose first field points at itself,
 * so `this_cpu()` is one load. VMRUN does not switch GS base: the VMRUN path saves and restores
 * the host's with VMSAVE/VMLOAD.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/boot.h>

struct vcpu;
struct vmcb;

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3

struct percpu {
	struct percpu *self;
	unsigned int cpu_id;
	uint32_t apic_id;
	volatile bool online;
	uint64_t stack_top;
	uint64_t hsave_pa;	/* VM_HSAVE_PA: where VMRUN keeps host state */
	uint64_t host_vmcb_pa;	/* VMSAVE/VMLOAD area for the host's hidden state */
	struct vcpu *current;	/* vCPU running on this CPU, or NULL */
	struct vcpu *fpu_owner; /* vCPU whose FPU state the registers hold */
	uint64_t xcr0;		/* value loaded in XCR0 */
	volatile bool need_resched;
	uint64_t gdt[GDT_ENTRIES];
	struct tss64 tss;
};

extern struct percpu percpu_area[CONFIG_MAX_CPUS];

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	asm volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
