// SPDX-License-Identifier: MIT
/* The hardware domain's share of RAM and its e820 map (see asm/hwdom_memmap.h). */
#include <lamina/errno.h>
#include <lamina/lib.h>
#include <public/memory.h>
#include <asm/hwdom_memmap.h>

#define PAGE_MASK_4K 0xfffULL

static int refuse(const char **why, const char *reason, int err)
{
	if (why)
		*why = reason;
	return err;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* dom0 may own [s, e) only below the split and the limit and outside the hypervisor's image. */
static bool dom0_may_own(const struct hwdom_memmap_args *a, uint64_t floor, uint64_t s, uint64_t e)
{
	return e <= floor && e <= a->limit && (e <= a->hv_start || s >= a->hv_end);
}

/* Cut points inside [s, e): where a RAM entry changes owner. */
static unsigned int cut_points(const struct hwdom_memmap_args *a, uint64_t floor, uint64_t s,
			       uint64_t e, uint64_t cuts[6])
{
	const uint64_t candidates[] = {a->hv_start, a->hv_end, floor, a->limit};
	unsigned int n = 0;

	cuts[n++] = s;
	for (unsigned int i = 0; i < ARRAY_SIZE(candidates); i++)
		if (candidates[i] > s && candidates[i] < e)
			cuts[n++] = candidates[i];
	cuts[n++] = e;
	/* Insertion sort: at most six points. */
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
			uint64_t t = cuts[j];

			cuts[j] = cuts[j - 1];
			cuts[j - 1] = t;
		}
	return n;
}

static int add_entry(struct hwdom_memmap *m, uint64_t s, uint64_t e, uint32_t type,
		     const char **why)
{
	if (e <= s)
		return 0;
	if (m->nr_e820 == E820_MAX_ENTRIES_ZEROPAGE)
		return refuse(why, "dom0's memory map needs more than 128 entries", -E2BIG);
	m->e820[m->nr_e820++] = (struct boot_e820_entry){s, e - s, type};
	return 0;
}

static void sort_e820(struct hwdom_memmap *m)
{
	for (unsigned int i = 1; i < m->nr_e820; i++)
		for (unsigned int j = i; j > 0 && m->e820[j - 1].addr > m->e820[j].addr; j--) {
			struct boot_e820_entry t = m->e820[j];

			m->e820[j] = m->e820[j - 1];
			m->e820[j - 1] = t;
		}
}

/* Neighbours of one type that touch become one entry; overlaps are the host map's fault. */
static int merge_e820(struct hwdom_memmap *m, const char **why)
{
	unsigned int out = 0;

	for (unsigned int i = 0; i < m->nr_e820; i++) {
		struct boot_e820_entry *prev = out ? &m->e820[out - 1] : NULL;
		const struct boot_e820_entry *e = &m->e820[i];

		if (prev && e->addr < prev->addr + prev->size)
			return refuse(why, "the boot loader's memory map has overlapping entries",
				      -EINVAL);
		if (prev && prev->type == e->type && prev->addr + prev->size == e->addr)
			prev->size += e->size;
		else
			m->e820[out++] = *e;
	}
	m->nr_e820 = out;
	return 0;
}

/* RAM dom0 could own with no split at all, in bytes. */
static uint64_t eligible_ram(const struct hwdom_memmap_args *a)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < a->nr_host; i++) {
		const struct boot_memmap_entry *h = &a->host[i];
		uint64_t cuts[6];
		unsigned int n;

		if (h->type != E820_RAM)
			continue;
		n = cut_points(a, UINT64_MAX, h->addr, h->addr + h->len, cuts);
		for (unsigned int k = 0; k + 1 < n; k++)
			if (dom0_may_own(a, UINT64_MAX, cuts[k], cuts[k + 1]))
				total += cuts[k + 1] - cuts[k];
	}
	return total;
}

/*
 * The lowest address below which dom0-eligible RAM adds up to want bytes. Host entries may come
 * in any order, so each step takes the lowest eligible piece not yet counted.
 */
static uint64_t split_point(const struct hwdom_memmap_args *a, uint64_t want)
{
	uint64_t counted_to = 0, have = 0;

	while (have < want) {
		uint64_t best_s = UINT64_MAX, best_e = 0;

		for (unsigned int i = 0; i < a->nr_host; i++) {
			const struct boot_memmap_entry *h = &a->host[i];
			uint64_t cuts[6];
			unsigned int n;

			if (h->type != E820_RAM)
				continue;
			n = cut_points(a, UINT64_MAX, h->addr, h->addr + h->len, cuts);
			for (unsigned int k = 0; k + 1 < n; k++) {
				uint64_t s = MAX(cuts[k], counted_to), e = cuts[k + 1];

				if (s < e && dom0_may_own(a, UINT64_MAX, s, e) && s < best_s) {
					best_s = s;
					best_e = e;
				}
			}
		}
		if (best_s == UINT64_MAX)
			break;
		if (best_e - best_s >= want - have)
			return best_s + (want - have);
		have += best_e - best_s;
		counted_to = best_e;
	}
	return counted_to;
}

int hwdom_memmap_plan(const struct hwdom_memmap_args *a, struct hwdom_memmap *out, const char **why)
{
	uint64_t total = eligible_ram(a), want, floor;
	int rc;

	*out = (struct hwdom_memmap){0};
	if (total < HWDOM_RAM_MIN + HWDOM_POOL_MIN)
		return refuse(why, "too little RAM for dom0 and the hypervisor (128 MiB at least)",
			      -ENOMEM);
	want = a->dom0_mem ? a->dom0_mem : total / 2;
	if (want < HWDOM_RAM_MIN)
		return refuse(why, "dom0_mem is below the 64 MiB dom0 needs", -EINVAL);
	if (want > total - HWDOM_POOL_MIN)
		return refuse(why, "dom0_mem leaves less than 64 MiB for the hypervisor", -ENOMEM);
	floor = align_up(split_point(a, want), HWDOM_POOL_ALIGN);
	out->pool_floor = floor;
	for (unsigned int i = 0; i < a->nr_host; i++) {
		const struct boot_memmap_entry *h = &a->host[i];
		uint64_t cuts[6];
		unsigned int n;

		if (h->len == 0)
			continue;
		if (h->type != E820_RAM) {
			rc = add_entry(out, h->addr, h->addr + h->len, h->type, why);
			if (rc < 0)
				return rc;
			continue;
		}
		n = cut_points(a, floor, h->addr, h->addr + h->len, cuts);
		for (unsigned int k = 0; k + 1 < n; k++) {
			bool mine = dom0_may_own(a, floor, cuts[k], cuts[k + 1]);

			rc = add_entry(out, cuts[k], cuts[k + 1], mine ? E820_RAM : E820_RESERVED,
				       why);
			if (rc < 0)
				return rc;
		}
	}
	sort_e820(out);
	rc = merge_e820(out, why);
	if (rc < 0)
		return rc;
	for (unsigned int i = 0; i < out->nr_e820; i++) {
		const struct boot_e820_entry *e = &out->e820[i];
		/* Only whole pages are dom0's to map; a partial page at either end stays out. */
		uint64_t s = align_up(e->addr, 4096), end = (e->addr + e->size) & ~PAGE_MASK_4K;

		if (e->type != E820_RAM || end <= s)
			continue;
		if (out->nr_ram == HWDOM_MAX_RAM)
			return refuse(why, "dom0's RAM comes in more than 32 pieces", -E2BIG);
		out->ram[out->nr_ram++] = (struct hwdom_range){s, end};
		out->ram_bytes += end - s;
	}
	return 0;
}

bool hwdom_memmap_owns(const struct hwdom_memmap *m, uint64_t addr)
{
	addr &= ~PAGE_MASK_4K;
	for (unsigned int i = 0; i < m->nr_ram; i++)
		if (addr >= m->ram[i].start && addr + 4096 <= m->ram[i].end)
			return true;
	return false;
}
