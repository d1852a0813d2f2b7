/* SPDX-License-Identifier: MIT */
/* The x86/SVM part of domains and vCPUs. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/guest_regs.h>
#include <asm/spinlock.h>

struct vmcb;

struct arch_vcpu {
	struct vmcb *vmcb;
	uint64_t vmcb_pa;
	struct guest_regs regs;
	uint64_t xcr0;
	uint64_t dr[4]; /* DR0-3: VMRUN switches only DR6/DR7 */
	void *fpu_area; /* FXSAVE/XSAVE image, one page */
	bool fpu_loaded_once;
};

struct arch_domain {
	uint64_t *npt_root;  /* nested page tables: guest-physical -> host-physical */
	spinlock_t npt_lock; /* changes only: table pages are never freed before the domain */
	uint32_t asid;
};

#endif
