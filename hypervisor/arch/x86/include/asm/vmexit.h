/* SPDX-License-Identifier: MIT */
#ifndef ASM_VMEXIT_H
#define ASM_VMEXIT_H

#include <stdint.h>

struct vcpu;

/* Handles the exit recorded in the vCPU's VMCB; called with interrupts off. */
void vmexit_dispatch(struct vcpu *v);

/* Guest CPUID and MSR policy (cpuid.c, msr.c). */
void guest_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
/* 0, or -1 when the guest must get #GP. */
int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value);
int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value);

#endif
