/* SPDX-License-Identifier: MIT */
/*
 * A well-formed x86 ELF executable, loaded at 1 MiB like the test guests, that lacks only the
 * XEN_ELFNOTE_PHYS32_ENTRY note: Lamina must refuse it as "not a PVH kernel" instead of guessing
 * an entry point. If it were ever started it would halt for good.
 */
	.code32
	.text
	.globl	entry
entry:
	cli
1:	hlt
	jmp	1b
