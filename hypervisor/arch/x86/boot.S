/* SPDX-License-Identifier: MIT */
/*
 * Multiboot v1 entry. QEMU refuses 64-bit ELF multiboot kernels, so the image is flat and the
 * header carries its own load addresses (the "a.out kludge", flag bit 16). We arrive in 32-bit
 * protected mode with paging off, build identity page tables for the first 4 GiB with 2 MiB pages,
 * enter long mode and call arch_start(magic, multiboot_info).
 */
#include <asm/boot.h>

#define MB_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)
	.long multiboot_header
	.long _start
	.long _edata
	.long _end
	.long multiboot_entry

	.section .text.boot, "ax"
	.code32
	.global multiboot_entry
multiboot_entry:
	cli
	cld
	mov	%eax, boot_mb_magic
	mov	%ebx, boot_mb_info

	/* Zero .bss: it holds these page tables and the boot stack. */
	mov	$_edata, %edi
	mov	$_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	mov	$boot_stack_top, %esp

	/* Long mode and NX are required; say so on COM1 rather than triple-faulting. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode
	bt	$20, %edx
	jnc	no_long_mode

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	mov	$boot_pdpt, %eax
	or	$0x3, %eax
	mov	%eax, boot_pml4
	mov	$boot_pd, %eax
	or	$0x3, %eax
	mov	$boot_pdpt, %edi
	mov	$4, %ecx
1:	mov	%eax, (%edi)
	add	$0x1000, %eax
	add	$8, %edi
	loop	1b

	/* 2048 entries cover 4 GiB; the top GiB (MMIO: LAPIC, IOAPIC, PCI holes) is uncached. */
	mov	$boot_pd, %edi
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x83, %eax
	cmp	$1536, %ecx
	jb	3f
	or	$0x18, %eax
3:	mov	%eax, (%edi)
	movl	$0, 4(%edi)
	add	$8, %edi
	inc	%ecx
	cmp	$2048, %ecx
	jb	2b

	mov	%cr4, %eax
	or	$(1 << 5), %eax			/* PAE */
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx		/* EFER: LME, NXE */
	rdmsr
	or	$((1 << 8) | (1 << 11)), %eax
	wrmsr
	mov	%cr0, %eax
	or	$((1 << 31) | (1 << 16) | (1 << 5) | 1), %eax	/* PG, WP, NE, PE */
	mov	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$GDT_CODE64, $long_mode_entry

no_long_mode:
	mov	$no_long_mode_msg, %esi
4:	lodsb
	test	%al, %al
	jz	5f
	mov	$0x3f8, %dx
	out	%al, %dx
	jmp	4b
5:	hlt
	jmp	5b

	.code64
long_mode_entry:
	mov	$GDT_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	mov	$boot_stack_top, %rsp
	xor	%ebp, %ebp
	mov	boot_mb_magic(%rip), %edi
	mov	boot_mb_info(%rip), %esi
	call	arch_start
6:	cli
	hlt
	jmp	6b

	.section .rodata
no_long_mode_msg:
	.asciz "Lamina: this CPU lacks long mode or NX; cannot start.\r\n"

	.section .data
	.align 16
	.global boot_gdt
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
	.quad 0x00cf9a000000ffff		/* 0x18: 32-bit code */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt
boot_mb_magic:
	.long 0
boot_mb_info:
	.long 0

	.section .bss.pagetables, "aw", @nobits
	.align 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
	.global boot_pd
boot_pd:
	.skip 4 * 4096
	.align 16
	.global boot_stack
boot_stack:
	.skip STACK_SIZE
boot_stack_top:
