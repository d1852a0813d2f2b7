// SPDX-License-Identifier: MIT
/*
 * Completes the address space that head.S started (see layout.h): the 1 GiB and 2 MiB aliases of
 * physical [0, 1 GiB) and the unbacked page. The boot map's PML4 has nothing in these slots yet,
 * so no TLB entry can be stale.
 */
#include <guest/cpu.h>
#include <guest/paging.h>
#include <guest/test.h>

#define ENTRIES	      512
#define PML4_SLOT(va) (((uint64_t)(va) >> 39) & (ENTRIES - 1))
#define PDPT_SLOT(va) (((uint64_t)(va) >> 30) & (ENTRIES - 1))
#define PT_SLOT(va)   (((uint64_t)(va) >> 12) & (ENTRIES - 1))

#define PAGE_TABLE __attribute__((aligned(PAGE_SIZE_4K), section(".bss.page_aligned")))

extern uint64_t pml4[ENTRIES], pt_low[ENTRIES];

static uint64_t pdpt_alias_1g[ENTRIES] PAGE_TABLE;
static uint64_t pdpt_alias_2m[ENTRIES] PAGE_TABLE;
static uint64_t pd_alias_2m[ENTRIES] PAGE_TABLE;
static uint64_t pd_unbacked[ENTRIES] PAGE_TABLE;

static bool have_1g_alias;

static uint64_t table_entry(const void *table)
{
	return (uintptr_t)table | PTE_BOOT_TABLE;
}

void paging_init(void)
{
	unsigned int i;

	if (cpu_has_page1g()) {
		pdpt_alias_1g[0] = 0 | PTE_BOOT_LARGE;
		pml4[PML4_SLOT(ALIAS_1G_BASE)] = table_entry(pdpt_alias_1g);
		have_1g_alias = true;
	}

	for (i = 0; i < ENTRIES; i++)
		pd_alias_2m[i] = (uint64_t)i * PAGE_SIZE_2M | PTE_BOOT_LARGE;
	pdpt_alias_2m[PDPT_SLOT(ALIAS_2M_BASE)] = table_entry(pd_alias_2m);

	pd_unbacked[0] = UNBACKED_GPA | PTE_BOOT_LARGE;
	pdpt_alias_2m[PDPT_SLOT(UNBACKED_VA)] = table_entry(pd_unbacked);

	pml4[PML4_SLOT(ALIAS_2M_BASE)] = table_entry(pdpt_alias_2m);
}

bool paging_have_1g_alias(void)
{
	return have_1g_alias;
}

void *alias_1g(const void *p)
{
	return (void *)(ALIAS_1G_BASE + (uintptr_t)p);
}

void *alias_2m(const void *p)
{
	return (void *)(ALIAS_2M_BASE + (uintptr_t)p);
}

void *phys_ptr(uint64_t paddr)
{
	if (paddr < PAGE_SIZE_1G)
		return alias_2m((const void *)(uintptr_t)paddr);
	return (void *)(uintptr_t)paddr;
}

uint64_t pte_get(const void *va)
{
	return pt_low[PT_SLOT(va)];
}

void pte_set(const void *va, uint64_t pte)
{
	if ((uintptr_t)va < PAGE_SIZE_4K || (uintptr_t)va >= PAGE_SIZE_2M) {
		FAIL("pte_set(%p): only [4 KiB, 2 MiB) has 4 KiB pages", va);
		return;
	}
	pt_low[PT_SLOT(va)] = pte;
	invlpg(va);
}
