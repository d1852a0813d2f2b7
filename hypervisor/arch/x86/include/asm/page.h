/* SPDX-License-Identifier: MIT */
/* Page sizes and x86-64 page-table entry bits, shared by host paging and nested paging. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define SUPERPAGE_SHIFT 21
#define SUPERPAGE_SIZE	(1UL << SUPERPAGE_SHIFT)

#define PTE_P	 (1ULL << 0)
#define PTE_W	 (1ULL << 1)
#define PTE_U	 (1ULL << 2)
#define PTE_PWT	 (1ULL << 3)
#define PTE_PCD	 (1ULL << 4)
#define PTE_A	 (1ULL << 5)
#define PTE_D	 (1ULL << 6)
#define PTE_PS	 (1ULL << 7)
#define PTE_G	 (1ULL << 8)
#define PTE_NX	 (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

#define PT_ENTRIES 512

#endif
