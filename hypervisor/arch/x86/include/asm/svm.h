/* SPDX-License-Identifier: MIT */
#ifndef ASM_SVM_H
#define ASM_SVM_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct domain;

struct svm_caps {
	bool nrips; /* VMCB next_rip is filled on exits */
	uint32_t nr_asids;
	bool xsave; /* host has XSAVE: XCR0 must be switched */
	uint32_t xsave_size;
};

extern struct svm_caps svm_caps;

/* Checks the CPU and enables SVM on the calling CPU; panics with the reason if it cannot. */
void svm_init_cpu(void);
int svm_vcpu_init(struct vcpu *v);
void svm_vcpu_destroy(struct vcpu *v);
/* PVH entry state: 32-bit flat protected mode, paging off, RBX = start_info. */
void svm_vcpu_set_pvh_entry(struct vcpu *v, uint32_t entry, uint32_t start_info_gpa);
struct vcpu_hvm_context;
/* VCPUOP_initialise's register state; -EINVAL for a state Xen would refuse. */
/* Register state for a Linux 64-bit boot protocol entry (see asm/linux_boot.h). */
struct svm_linux_entry {
	uint64_t rip, rsi, cr3, gdt_base;
	uint16_t gdt_limit, cs, ds;
};
void svm_vcpu_set_linux_entry(struct vcpu *v, const struct svm_linux_entry *e);
/* Intercepts and MSR map of the hardware domain, replacing a domU's. */
void svm_vcpu_make_hardware(struct vcpu *v);
int svm_vcpu_set_hvm_context(struct vcpu *v, const struct vcpu_hvm_context *ctx);
void svm_inject_exception(struct vcpu *v, unsigned int vector, bool has_error, uint32_t error);
/* Runs the vCPU on this CPU until it blocks, yields, is preempted or its domain stops. */
void arch_vcpu_run(struct vcpu *v);
/* Moves RIP past the instruction that exited, whose length is `len` without next-RIP support. */
void svm_skip_instruction(struct vcpu *v, unsigned int len);

#endif
