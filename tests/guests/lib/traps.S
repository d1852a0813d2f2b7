/* SPDX-License-Identifier: MIT */
/*
 * Exception entry: one stub per vector 0-31 brings the stack to the same shape (error code, or a
 * zero where the CPU pushes none, then the vector), saves every general register into a struct
 * trap_frame and calls trap_handle(), which may rewrite the frame (to resume at a fixup) before
 * we return with IRETQ.
 */
#include <guest/layout.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
			   (v) == 29 || (v) == 30)

	.text
	.code64

#define ALL_VECTORS 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, \
		    22, 23, 24, 25, 26, 27, 28, 29, 30, 31

	.irp vector, ALL_VECTORS
	.balign 16
trap_stub_\vector:
	.if !HAS_ERROR_CODE(\vector)
	push	$0
	.endif
	push	$\vector
	jmp	trap_common
	.endr

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
	call	trap_handle
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
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.global trap_stub_table
trap_stub_table:
	.irp vector, ALL_VECTORS
	.quad trap_stub_\vector
	.endr

/*
 * long user_call(long (*fn)(long), long arg, void *user_stack_top)
 *
 * Runs fn(arg) at CPL3 and returns its result. The way back is INT USER_RETURN_VECTOR, the one
 * gate user code may use; its handler abandons the interrupt frame and resumes here on the
 * kernel stack saved below.
 */
	.text
	.global user_call
user_call:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, user_saved_rsp(%rip)
	push	$(GDT_USER_DS | USER_RPL)
	push	%rdx
	push	$0x2			/* RFLAGS: interrupts stay off */
	push	$(GDT_USER_CS | USER_RPL)
	lea	user_trampoline(%rip), %rax
	push	%rax
	mov	%rdi, %rax
	mov	%rsi, %rdi
	iretq

user_trampoline:
	call	*%rax
	mov	%rax, %rdi
	int	$USER_RETURN_VECTOR
	ud2				/* never reached */

	.global user_return_entry
user_return_entry:
	mov	user_saved_rsp(%rip), %rsp
	mov	%rdi, %rax
	mov	$GDT_KERNEL_DS, %edx
	mov	%edx, %ds
	mov	%edx, %es
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

	.section .bss
	.balign 8
user_saved_rsp:
	.skip 8
