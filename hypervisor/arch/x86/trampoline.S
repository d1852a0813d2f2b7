/* SPDX-License-Identifier: MIT */
/*
 * Application processors start here in real mode after INIT-SIPI-SIPI. The BSP copies this blob
 * to TRAMPOLINE_BASE and fills its three parameters; every address below is therefore computed
 * relative to the blob and rebased on TRAMPOLINE_BASE.
 */
#include <asm/boot.h>

#define REL(x) (TRAMPOLINE_BASE + ((x) - trampoline_start))

	.section .data
	.code16
	.global trampoline_start, trampoline_end
	.global trampoline_cr3, trampoline_stack, trampoline_entry
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	tramp_gdt_ptr - trampoline_start
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$GDT_CODE32, $REL(tramp_protected)

	.code32
tramp_protected:
	mov	$GDT_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	%cr4, %eax
	or	$(1 << 5), %eax
	mov	%eax, %cr4
	mov	REL(trampoline_cr3), %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$((1 << 8) | (1 << 11)), %eax
	wrmsr
	mov	%cr0, %eax
	or	$((1 << 31) | (1 << 16) | (1 << 5)), %eax
	mov	%eax, %cr0
	ljmp	$GDT_CODE64, $REL(tramp_long)

	.code64
tramp_long:
	mov	REL(trampoline_stack), %rsp
	mov	REL(trampoline_entry), %rax
	xor	%ebp, %ebp
	jmp	*%rax

	.align 16
tramp_gdt:
	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
	.quad 0x00cf9a000000ffff
tramp_gdt_ptr:
	.word tramp_gdt_ptr - tramp_gdt - 1
	.long REL(tramp_gdt)
	.align 8
trampoline_cr3:
	.quad 0
trampoline_stack:
	.quad 0
trampoline_entry:
	.quad 0
trampoline_end:
