/* SPDX-License-Identifier: MIT */
/*
 * The test guest's address space and descriptor tables, shared by the assembly entry and C.
 *
 * Virtual layout (all mappings are user-accessible so that code can also run at CPL3):
 *   [0, 2 MiB)           identity, 4 KiB pages (page 0 not present); the image lives here
 *   [2 MiB, 4 GiB)       identity, 2 MiB pages
 *   ALIAS_1G_BASE + pa   physical [0, 1 GiB) again through one 1 GiB page, when the CPU has them
 *   ALIAS_2M_BASE + pa   physical [0, 1 GiB) again through 2 MiB pages
 *   UNBACKED_VA          one 2 MiB page of guest-physical space far above any guest's RAM
 * The aliases let a test hand the hypervisor the same buffer through each page size.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define PAGE_SIZE_4K 0x1000
#define PAGE_SIZE_2M 0x200000
#define PAGE_SIZE_1G 0x40000000

#define PTE_PRESENT  0x001
#define PTE_WRITE    0x002
#define PTE_USER     0x004
#define PTE_ACCESSED 0x020
#define PTE_DIRTY    0x040
#define PTE_LARGE    0x080

#define PTE_BOOT_TABLE (PTE_PRESENT | PTE_WRITE | PTE_USER)
#define PTE_BOOT_PAGE  (PTE_PRESENT | PTE_WRITE | PTE_USER)
#define PTE_BOOT_LARGE (PTE_PRESENT | PTE_WRITE | PTE_USER | PTE_LARGE)

#define ALIAS_1G_BASE 0x8000000000  /* PML4 slot 1 */
#define ALIAS_2M_BASE 0x10000000000 /* PML4 slot 2, PDPT slot 0 */
#define UNBACKED_VA   0x10040000000 /* PML4 slot 2, PDPT slot 1 */
#define UNBACKED_GPA  0x1000000000  /* 64 GiB: no test configuration gives a guest RAM there */

#define CR0_PE	0x00000001
#define CR0_WP	0x00010000
#define CR0_PG	0x80000000
#define CR4_PAE 0x00000020

#define MSR_EFER  0xc0000080
#define EFER_SCE  0x00000001
#define EFER_LME  0x00000100
#define EFER_LMA  0x00000400
#define EFER_NXE  0x00000800
#define EFER_SVME 0x00001000

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_USER_DS   0x20
#define GDT_USER_CS   0x28
#define GDT_TSS	      0x30
#define USER_RPL      3

#define BOOT_STACK_SIZE	   0x4000
#define TRAP_STACK_SIZE	   0x2000
#define USER_STACK_SIZE	   0x2000
#define USER_RETURN_VECTOR 0x80

#endif
