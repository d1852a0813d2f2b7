/* SPDX-License-Identifier: MIT */
/* Constants shared by the boot assembly and C. */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#define MULTIBOOT_HEADER_MAGIC	   0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define GDT_CODE64  0x08
#define GDT_DATA    0x10
#define GDT_CODE32  0x18
#define GDT_TSS	    0x20 /* 16-byte descriptor: entries 4 and 5 */
#define GDT_ENTRIES 6

/* Where application processors start in real mode: SIPI vector 0x08. */
#define TRAMPOLINE_BASE 0x8000

#define STACK_SIZE (16 * 1024)

#endif
