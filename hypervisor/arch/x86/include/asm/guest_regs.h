/* SPDX-License-Identifier: MIT */
/* Guest general-purpose registers that VMRUN leaves to software (RAX, RSP and RIP live in the
 * VMCB). */
#ifndef ASM_GUEST_REGS_H
#define ASM_GUEST_REGS_H

#define GUEST_RBX 0x00
#define GUEST_RCX 0x08
#define GUEST_RDX 0x10
#define GUEST_RSI 0x18
#define GUEST_RDI 0x20
#define GUEST_RBP 0x28
#define GUEST_R8  0x30
#define GUEST_R9  0x38
#define GUEST_R10 0x40
#define GUEST_R11 0x48
#define GUEST_R12 0x50
#define GUEST_R13 0x58
#define GUEST_R14 0x60
#define GUEST_R15 0x68

#ifndef __ASSEMBLER__
#include <stdint.h>

struct guest_regs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

_Static_assert(__builtin_offsetof(struct guest_regs, rdi) == GUEST_RDI, "guest_regs layout");
_Static_assert(__builtin_offsetof(struct guest_regs, r15) == GUEST_R15, "guest_regs layout");

/* Runs the guest until its next #VMEXIT. Called with interrupts off; returns with them off. */
void svm_vmrun(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa);
#endif

#endif
