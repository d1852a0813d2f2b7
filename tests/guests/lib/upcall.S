/* SPDX-License-Identifier: MIT */
/*
 * Interrupt entry for vectors 32-255: one 16-byte stub per vector pushes its number and joins
 * the common path, which saves the registers the C ABI lets a callee clobber (and RBP, used to realign the stack), calls
 * upcall_handle(vector) and returns with IRETQ. The stubs are 16 bytes apart, so the entry of
 * vector v is upcall_stubs + (v - 32) * 16.
 */
	.text
	.code64

	.balign 16
	.global upcall_stubs
upcall_stubs:
	.set vector, 32
	.rept 224
	.balign 16
	pushq	$vector
	jmp	upcall_common
	.set vector, vector + 1
	.endr

upcall_common:
	push	%rbp
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	mov	80(%rsp), %rdi		/* the vector the stub pushed */
	/* Whatever the interrupted code's stack alignment, call with RSP 16-byte aligned. */
	mov	%rsp, %rbp
	and	$-16, %rsp
	call	upcall_handle
	mov	%rbp, %rsp
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	pop	%rbp
	add	$8, %rsp		/* the vector */
	iretq
