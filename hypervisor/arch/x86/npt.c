// SPDX-License-Identifier: MIT
/*
 * Nested page tables in 4 KiB pages. The hardware treats every nested access as a user access,
 * so every level carries the U bit; leaves are write-back (PAT index 0) and the guest's own PAT
 * decides its memory types.
 */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/memory.h>
#include <asm/npt.h>
#include <asm/page.h>

#define NPT_TABLE_FLAGS (PTE_P | PTE_W | PTE_U)

static unsigned int level_index(uint64_t gfn, int level)
{
	return (gfn >> (9 * (level - 1))) & 0x1ff;
}

/* The leaf table covering gfn, allocating missing levels when asked. */
static uint64_t *leaf_table(struct domain *d, uint64_t gfn, bool alloc)
{
	uint64_t *table = d->arch.npt_root;

	for (int level = 4; level > 1; level--) {
		uint64_t *e = &table[level_index(gfn, level)];

		if (!(*e & PTE_P)) {
			uint64_t *next;

			if (!alloc)
				return NULL;
			next = alloc_pages(1);
			if (!next)
				return NULL;
			*e = virt_to_phys(next) | NPT_TABLE_FLAGS;
		}
		table = phys_to_virt(*e & PTE_ADDR);
	}
	return table;
}

int npt_init(struct domain *d)
{
	d->arch.npt_lock = (spinlock_t)SPINLOCK_INIT;
	d->arch.npt_root = alloc_pages(1);
	return d->arch.npt_root ? 0 : -ENOMEM;
}

static uint64_t leaf_entry(uint64_t mfn, unsigned int perms)
{
	uint64_t e = (mfn << PAGE_SHIFT) | PTE_P | PTE_U;

	if (perms & NPT_WRITE)
		e |= PTE_W;
	if (!(perms & NPT_EXEC))
		e |= PTE_NX;
	return e;
}

int npt_map(struct domain *d, uint64_t gfn, uint64_t mfn, uint64_t nr, unsigned int perms)
{
	uint64_t flags;
	int rc = 0;

	if (gfn + nr > NPT_MAX_GFN || gfn + nr < gfn || !(perms & NPT_READ))
		return -EINVAL;
	/* Two CPUs adding the same missing level must not both install one. */
	flags = spin_lock_irqsave(&d->arch.npt_lock);
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t *table = leaf_table(d, gfn + i, true);

		if (!table) {
			rc = -ENOMEM;
			break;
		}
		table[level_index(gfn + i, 1)] = leaf_entry(mfn + i, perms);
	}
	spin_unlock_irqrestore(&d->arch.npt_lock, flags);
	return rc;
}

/*
 * No TLB flush: every VMRUN of this domain's vCPUs asks for a full TLB flush (TLB_CONTROL), the
 * simple and correct choice until a vCPU runs long enough between exits for it to matter.
 */
void npt_unmap(struct domain *d, uint64_t gfn, uint64_t nr)
{
	uint64_t flags = spin_lock_irqsave(&d->arch.npt_lock);

	for (uint64_t i = 0; i < nr; i++) {
		uint64_t *table = leaf_table(d, gfn + i, false);

		if (table)
			table[level_index(gfn + i, 1)] = 0;
	}
	spin_unlock_irqrestore(&d->arch.npt_lock, flags);
}

bool npt_lookup(struct domain *d, uint64_t gfn, bool want_write, uint64_t *mfn)
{
	uint64_t *table, e;

	if (gfn >= NPT_MAX_GFN)
		return false;
	table = leaf_table(d, gfn, false);
	if (!table)
		return false;
	e = table[level_index(gfn, 1)];
	if (!(e & PTE_P) || (want_write && !(e & PTE_W)))
		return false;
	*mfn = (e & PTE_ADDR) >> PAGE_SHIFT;
	return true;
}

static void free_level(uint64_t *table, int level)
{
	if (level > 1)
		for (int i = 0; i < PT_ENTRIES; i++)
			if (table[i] & PTE_P)
				free_level(phys_to_virt(table[i] & PTE_ADDR), level - 1);
	free_pages(table, 1);
}

void npt_destroy(struct domain *d)
{
	if (d->arch.npt_root)
		free_level(d->arch.npt_root, 4);
	d->arch.npt_root = NULL;
}
