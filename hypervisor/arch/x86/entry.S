/* SPDX-License-Identifier: MIT */
/* Interrupt and exception entry points, and the VMRUN path. */
#include <asm/guest_regs.h>

/* Vectors whose exceptions push an error code themselves. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.macro TRAP_ENTRY vector
	.align 16
trap_entry_\vector:
	.if !HAS_ERROR_CODE(\vector)
	push	$0
	.endif
	push	$\vector
	jmp	trap_common
	.endm

	.macro IRQ_ENTRY vector
	.align 16
trap_entry_\vector:
	push	$0
	push	$\vector
	jmp	trap_common
	.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	TRAP_ENTRY \v
	.endr
	IRQ_ENTRY 0xf0
	IRQ_ENTRY 0xf1
	IRQ_ENTRY 0xf2
	IRQ_ENTRY 0xff

/* Builds a struct trap_frame on the stack and hands it to trap_dispatch(). */
trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	cld
	call	trap_dispatch
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
	iretq

	/* The entry-point table that traps.c installs into the IDT. */
	.section .rodata
	.align 8
	.global trap_entry_table
trap_entry_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad trap_entry_\v
	.endr
	.global irq_entry_timer, irq_entry_kick, irq_entry_stop, irq_entry_spurious
irq_entry_timer:
	.quad trap_entry_0xf0
irq_entry_kick:
	.quad trap_entry_0xf1
irq_entry_stop:
	.quad trap_entry_0xf2
irq_entry_spurious:
	.quad trap_entry_0xff

/*
 * void svm_vmrun(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_vmcb_pa)
 *
 * VMRUN switches only part of the state. VMSAVE/VMLOAD move the rest (FS, GS, TR, LDTR, the
 * SYSCALL/SYSENTER MSRs, KernelGSBase) between the guest's VMCB and the host's save area, and
 * the general-purpose registers other than RAX/RSP are moved by hand. Interrupts: IF is set with
 * GIF clear so that, with V_INTR_MASKING, a physical interrupt arriving while the guest runs
 * causes a #VMEXIT (VMEXIT_INTR) rather than waiting; it is taken once the caller opens a window.
 */
	.text
	.global svm_vmrun
svm_vmrun:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdx
	push	%rsi
	push	%rdi

	mov	%rdx, %rax
	vmsave
	mov	%rsi, %rax

	mov	GUEST_RBX(%rdi), %rbx
	mov	GUEST_RCX(%rdi), %rcx
	mov	GUEST_RDX(%rdi), %rdx
	mov	GUEST_RSI(%rdi), %rsi
	mov	GUEST_RBP(%rdi), %rbp
	mov	GUEST_R8(%rdi), %r8
	mov	GUEST_R9(%rdi), %r9
	mov	GUEST_R10(%rdi), %r10
	mov	GUEST_R11(%rdi), %r11
	mov	GUEST_R12(%rdi), %r12
	mov	GUEST_R13(%rdi), %r13
	mov	GUEST_R14(%rdi), %r14
	mov	GUEST_R15(%rdi), %r15
	mov	GUEST_RDI(%rdi), %rdi

	clgi
	sti
	vmload
	vmrun
	vmsave
	cli

	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rbx, GUEST_RBX(%rdi)
	mov	%rcx, GUEST_RCX(%rdi)
	mov	%rdx, GUEST_RDX(%rdi)
	mov	%rsi, GUEST_RSI(%rdi)
	mov	%rbp, GUEST_RBP(%rdi)
	mov	%r8, GUEST_R8(%rdi)
	mov	%r9, GUEST_R9(%rdi)
	mov	%r10, GUEST_R10(%rdi)
	mov	%r11, GUEST_R11(%rdi)
	mov	%r12, GUEST_R12(%rdi)
	mov	%r13, GUEST_R13(%rdi)
	mov	%r14, GUEST_R14(%rdi)
	mov	%r15, GUEST_R15(%rdi)
	pop	%rax
	mov	%rax, GUEST_RDI(%rdi)

	pop	%rdi
	pop	%rsi
	pop	%rax
	vmload
	stgi

	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
