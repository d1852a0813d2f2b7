/* SPDX-License-Identifier: MIT */
/*
 * PVH entry of every test guest. The loader enters pvh_entry32 in 32-bit flat protected mode with
 * paging off and EBX holding the guest-physical address of struct hvm_start_info. We build an
 * identity map of the first 4 GiB (4 KiB pages for the first 2 MiB, where the image lives, so that
 * tests can change single pages; 2 MiB pages above), switch to long mode and call guest_start().
 */
#include <public/elfnote.h>
#include <guest/layout.h>

	.section .note.Xen, "a", @note
	.balign 4
	.long 4				/* name size: "Xen\0" */
	.long 8				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad pvh_entry32
	.balign 4

	.section .text.entry, "ax"
	.code32
	.global pvh_entry32
pvh_entry32:
	cli
	cld
	mov	%ebx, %esi		/* start_info; ESI survives until guest_start */

	/* The loader clears p_memsz past p_filesz, but a test must not depend on it. */
	mov	$bss_start, %edi
	mov	$bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb

	mov	$boot_stack_top, %esp

	/* PML4[0] -> pdpt_low, PDPT[0..3] -> the four page directories. */
	mov	$pdpt_low + PTE_BOOT_TABLE, %eax
	mov	%eax, pml4
	mov	$pd_low + PTE_BOOT_TABLE, %eax
	xor	%ecx, %ecx
1:	mov	%eax, pdpt_low(, %ecx, 8)
	add	$PAGE_SIZE_4K, %eax
	inc	%ecx
	cmp	$4, %ecx
	jne	1b

	/* 2048 PDEs of 2 MiB each cover 0..4 GiB; every address fits in the low dword. */
	mov	$PTE_BOOT_LARGE, %eax
	xor	%ecx, %ecx
1:	mov	%eax, pd_low(, %ecx, 8)
	add	$PAGE_SIZE_2M, %eax
	inc	%ecx
	cmp	$2048, %ecx
	jne	1b

	/* The first 2 MiB through pt_low, with page 0 left out to catch null pointers. */
	mov	$pt_low + PTE_BOOT_TABLE, %eax
	mov	%eax, pd_low
	mov	$PAGE_SIZE_4K + PTE_BOOT_PAGE, %eax
	mov	$1, %ecx
1:	mov	%eax, pt_low(, %ecx, 8)
	add	$PAGE_SIZE_4K, %eax
	inc	%ecx
	cmp	$512, %ecx
	jne	1b

	lgdt	gdt_descriptor

	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3

	/* EFER.NXE only where the CPU has NX: setting it otherwise raises #GP. */
	mov	$0x80000001, %eax
	cpuid
	xor	%ebx, %ebx
	bt	$20, %edx
	jnc	1f
	mov	$EFER_NXE, %ebx
1:	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	or	%ebx, %eax
	wrmsr

	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP | CR0_PE), %eax
	mov	%eax, %cr0
	ljmp	$GDT_KERNEL_CS, $entry64

	.code64
entry64:
	mov	$GDT_KERNEL_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$boot_stack_top, %rsp
	mov	%esi, %edi
	call	guest_start
1:	cli
	hlt
	jmp	1b

	.section .bss.page_aligned, "aw", @nobits
	.balign PAGE_SIZE_4K
	.global pml4, pdpt_low, pd_low, pt_low
pml4:		.skip PAGE_SIZE_4K
pdpt_low:	.skip PAGE_SIZE_4K
pd_low:		.skip 4 * PAGE_SIZE_4K
pt_low:		.skip PAGE_SIZE_4K

	.section .bss, "aw", @nobits
	.balign 16
	.global boot_stack_top
boot_stack:	.skip BOOT_STACK_SIZE
boot_stack_top:

/*
 * GDT: flat 64-bit kernel code and data, user data and code (in the order SYSRET would want),
 * and the TSS descriptor that traps.c fills in before loading the task register.
 */
	.section .data, "aw"
	.balign 16
	.global gdt, gdt_tss_slot
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* GDT_KERNEL_CS: 64-bit, DPL0 */
	.quad 0x00cf92000000ffff	/* GDT_KERNEL_DS */
	.quad 0				/* unused */
	.quad 0x00cff2000000ffff	/* GDT_USER_DS: DPL3 */
	.quad 0x00affa000000ffff	/* GDT_USER_CS: 64-bit, DPL3 */
gdt_tss_slot:
	.quad 0, 0			/* GDT_TSS: 16-byte system descriptor */
gdt_end:

	.balign 8
	.global gdt_descriptor
gdt_descriptor:
	.word gdt_end - gdt - 1
	.quad gdt
