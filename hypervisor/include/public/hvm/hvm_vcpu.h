/* SPDX-License-Identifier: MIT */
/*
 * The register state VCPUOP_initialise takes for an HVM/PVH vCPU: either 32-bit fields with
 * explicit segments, or 64-bit fields that imply flat long-mode segments.
 */
#ifndef LAMINA_PUBLIC_HVM_HVM_VCPU_H
#define LAMINA_PUBLIC_HVM_HVM_VCPU_H

#include <stdint.h>

struct vcpu_hvm_x86_32 {
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t eip, eflags;
	uint32_t cr0, cr3, cr4;
	uint32_t pad1;
	uint64_t efer; /* NXE, or LME/LMA to start in compatibility mode */
	uint32_t cs_base, ds_base, ss_base, es_base, tr_base;
	uint32_t cs_limit, ds_limit, ss_limit, es_limit, tr_limit;
	uint16_t cs_ar, ds_ar, ss_ar, es_ar, tr_ar; /* VMCB attribute encoding */
	uint16_t pad2[3];
};

struct vcpu_hvm_x86_64 {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t rip, rflags;
	uint64_t cr0, cr3, cr4, efer;
};

#define VCPU_HVM_MODE_32B 0
#define VCPU_HVM_MODE_64B 1

struct vcpu_hvm_context {
	uint32_t mode; /* VCPU_HVM_MODE_* */
	uint32_t pad;
	union {
		struct vcpu_hvm_x86_32 x86_32;
		struct vcpu_hvm_x86_64 x86_64;
	} cpu_regs;
};

#endif
