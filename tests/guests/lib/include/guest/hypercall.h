/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls, issued the two ways a PVH guest may: VMMCALL directly (RAX = number, arguments in
 * RDI RSI RDX R10 R8, result in RAX, as Linux does), or by calling the 32-byte stub for the number
 * in the hypercall page that a write to the hypercall MSR asks the hypervisor to fill.
 * Xen's debug builds clobber the argument registers, so the wrappers treat them as clobbered.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

enum hypercall_path {
	HYPERCALL_VMMCALL,
	HYPERCALL_PAGE,
};

long hypercall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5);

/* Every later hypercall goes through @path (the page must be installed first). */
void hypercall_use(enum hypercall_path path);
enum hypercall_path hypercall_path_in_use(void);

/* Asks the hypervisor to fill @page through MSR @msr; returns the vector raised or NO_FAULT. */
int hypercall_page_install(uint32_t msr, void *page);
extern uint8_t hypercall_page[];

static inline long hc_console_io(unsigned int cmd, unsigned long count, const void *buf)
{
	return hypercall(__HYPERVISOR_console_io, cmd, count, (unsigned long)buf, 0, 0);
}

static inline long hc_xen_version(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_xen_version, (unsigned long)(long)cmd, (unsigned long)arg, 0,
			 0, 0);
}

static inline long hc_sched_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_sched_op, (unsigned long)(long)cmd, (unsigned long)arg, 0, 0,
			 0);
}

static inline long hc_hvm_op(unsigned long op, void *arg)
{
	return hypercall(__HYPERVISOR_hvm_op, op, (unsigned long)arg, 0, 0, 0);
}

static inline long hc_memory_op(unsigned long cmd, void *arg)
{
	return hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static inline long hc_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall(__HYPERVISOR_vcpu_op, (unsigned long)(long)cmd, vcpu, (unsigned long)arg,
			 0, 0);
}

/* SCHEDOP_shutdown(@reason); returns only if the hypervisor refused. */
long shutdown(unsigned int reason);

/* True when CPUID 0x40000000 carries Xen's signature. */
bool running_on_xen(void);

#endif
