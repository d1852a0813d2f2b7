/* SPDX-License-Identifier: MIT */
/* Page-table helpers for tests that hand the hypervisor buffers in particular kinds of pages. */
#ifndef GUEST_PAGING_H
#define GUEST_PAGING_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/layout.h>

#define PAGE_ALIGNED __attribute__((aligned(PAGE_SIZE_4K)))

void paging_init(void);

/* True when ALIAS_1G_BASE maps physical [0, 1 GiB) with one 1 GiB page. */
bool paging_have_1g_alias(void);

/* The same physical byte as @p (an identity-mapped address below 1 GiB), through the aliases. */
void *alias_1g(const void *p);
void *alias_2m(const void *p);

/*
 * A pointer to guest-physical @paddr: through the 2 MiB alias below 1 GiB (so page 0, absent from
 * the identity map, is reachable too), identity above. Valid below PHYS_REACHABLE_END.
 */
#define PHYS_REACHABLE_END 0x100000000ULL
void *phys_ptr(uint64_t paddr);

/*
 * The 4 KiB page-table entry for @va, which must lie in [4 KiB, 2 MiB). Writes flush the TLB
 * entry. Tests change single pages of their own image (read-only, not present) and restore them.
 */
uint64_t pte_get(const void *va);
void pte_set(const void *va, uint64_t pte);

#endif
