/* SPDX-License-Identifier: MIT */
/*
 * Guest page-table walker (see lamina/guest_walk.h). One loop serves the three paging modes;
 * a table of per-mode facts says how wide entries and indices are and where large pages may be.
 * Permissions are gathered over all levels and checked at the end, as the MMU does.
 */
#include <lamina/errno.h>
#include <lamina/guest_walk.h>

#include <stdbool.h>
#include <stddef.h>

#define CR0_WP	  (1ULL << 16)
#define CR0_PG	  (1ULL << 31)
#define CR4_PSE	  (1ULL << 4)
#define CR4_PAE	  (1ULL << 5)
#define CR4_LA57  (1ULL << 12)
#define CR4_SMEP  (1ULL << 20)
#define CR4_SMAP  (1ULL << 21)
#define EFER_LMA  (1ULL << 10)
#define EFER_NXE  (1ULL << 11)
#define RFLAGS_AC (1ULL << 18)

#define PTE_P  (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_US (1ULL << 2)
#define PTE_PS (1ULL << 7)
#define PTE_NX (1ULL << 63)

#define PAGE_SHIFT 12

/* Bits m..n inclusive, n >= m. */
static uint64_t bits(unsigned int n, unsigned int m)
{
	return (~0ULL >> (63 - n)) & ~((1ULL << m) - 1);
}

enum paging_kind { PAGING_2LEVEL, PAGING_PAE, PAGING_4LEVEL };

static const struct paging_mode {
	unsigned int levels;
	unsigned int entry_bytes;
	unsigned int index_bits;
	uint64_t cr3_mask;
	unsigned int large_levels; /* bit L set: PS makes a large page at level L */
} paging_modes[] = {
	/* levels, entry bytes, index bits, CR3 base mask (0: MAXPHYADDR), large-page levels */
	[PAGING_2LEVEL] = {2, 4, 10, 0xfffff000, 1u << 2},
	[PAGING_PAE] = {3, 8, 9, 0xffffffe0, 1u << 2},
	[PAGING_4LEVEL] = {4, 8, 9, 0, (1u << 2) | (1u << 3)},
};

struct walk {
	const struct guest_paging *pg;
	const struct paging_mode *mode;
	enum paging_kind kind;
	uint64_t addr_mask; /* physical address bits an entry may hold: [12, MAXPHYADDR) */
	bool nxe;
	const char *why;
};

static int fault(struct walk *w, const char *why)
{
	w->why = why;
	return -EFAULT;
}

/* The entry at gpa, 4 or 8 bytes wide, read as the aligned qword that holds it. */
static int read_entry(struct walk *w, gw_read_fn read, void *ctx, uint64_t gpa, uint64_t *entry)
{
	uint64_t qword;

	if (read(ctx, gpa & ~7ULL, &qword))
		return fault(w, "page-table read failed");
	if (w->mode->entry_bytes == 4)
		qword = gpa & 4 ? qword >> 32 : qword & 0xffffffff;
	*entry = qword;
	return 0;
}

static bool is_large(const struct walk *w, unsigned int level, uint64_t entry)
{
	if (!(w->mode->large_levels & (1u << level)) || !(entry & PTE_PS))
		return false;
	/* Without CR4.PSE, 2-level paging ignores PS. */
	return w->kind != PAGING_2LEVEL || (w->pg->cr4 & CR4_PSE);
}

/* Bits that must be zero in a present entry at this level. */
static uint64_t reserved_bits(const struct walk *w, unsigned int level, uint64_t entry)
{
	uint64_t rsvd = 0;

	if (w->kind == PAGING_2LEVEL) {
		/* A 4 MiB page keeps physical bits 39:32 in entry bits 20:13 (PSE-40); 21 is 0. */
		if (is_large(w, level, entry)) {
			uint64_t high = ((entry >> 13) & 0xff) << 32;

			rsvd = 1ULL << 21;
			if (high & ~w->addr_mask)
				rsvd |= entry & bits(20, 13);
		}
		return rsvd;
	}

	rsvd = bits(51, 12) & ~w->addr_mask;
	if (!w->nxe)
		rsvd |= PTE_NX;
	if (w->kind == PAGING_PAE) {
		rsvd |= bits(62, 52);
		if (level == 3) /* PDPTEs have no permissions and no NX */
			rsvd |= PTE_RW | PTE_US | bits(8, 5) | PTE_NX;
	}
	if (w->kind == PAGING_4LEVEL && level == 4)
		rsvd |= PTE_PS;
	if (is_large(w, level, entry)) /* bit 12 is PAT; the rest below the page frame is 0 */
		rsvd |= bits(PAGE_SHIFT + 9 * (level - 1) - 1, 13);
	return rsvd;
}

/* Where the entry points: the next table, or the large or small page it maps. */
static uint64_t entry_frame(const struct walk *w, unsigned int level, uint64_t entry)
{
	unsigned int page_shift = PAGE_SHIFT + w->mode->index_bits * (level - 1);

	if (w->kind == PAGING_2LEVEL) {
		if (level == 2 && is_large(w, level, entry))
			return (entry & bits(31, 22)) | (((entry >> 13) & 0xff) << 32);
		return entry & bits(31, 12);
	}
	if (level > 1 && is_large(w, level, entry))
		return entry & w->addr_mask & ~((1ULL << page_shift) - 1);
	return entry & w->addr_mask;
}

static bool is_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

struct rights {
	bool writable, user, executable;
};

static int check_access(struct walk *w, struct rights r, unsigned int access)
{
	const struct guest_paging *pg = w->pg;
	bool user_mode = pg->cpl == 3 && !(access & GW_IMPLICIT_SUPERVISOR);

	if (user_mode && !r.user)
		return fault(w, "user access to a supervisor page");
	if ((access & GW_WRITE) && !r.writable && (user_mode || (pg->cr0 & CR0_WP)))
		return fault(w, "write to a read-only page");
	if (access & GW_FETCH) {
		if (!r.executable)
			return fault(w, "instruction fetch from a no-execute page");
		if (!user_mode && r.user && (pg->cr4 & CR4_SMEP))
			return fault(w, "SMEP: supervisor fetch from a user page");
	} else if (!user_mode && r.user && (pg->cr4 & CR4_SMAP) && !(pg->rflags & RFLAGS_AC)) {
		return fault(w, "SMAP: supervisor access to a user page with RFLAGS.AC clear");
	}
	return 0;
}

static int walk_tables(struct walk *w, uint64_t va, unsigned int access, gw_read_fn read, void *ctx,
		       uint64_t *gpa)
{
	const struct paging_mode *m = w->mode;
	uint64_t table = w->pg->cr3 & (m->cr3_mask ? m->cr3_mask : w->addr_mask);
	struct rights r = {true, true, true};

	for (unsigned int level = m->levels;; level--) {
		unsigned int shift = PAGE_SHIFT + m->index_bits * (level - 1);
		uint64_t index = (va >> shift) & ((1ULL << m->index_bits) - 1);
		uint64_t entry;
		int rc = read_entry(w, read, ctx, table + index * m->entry_bytes, &entry);

		if (rc)
			return rc;
		if (!(entry & PTE_P))
			return fault(w, "page not present");
		if (entry & reserved_bits(w, level, entry))
			return fault(w, "reserved bit set in a page-table entry");
		if (!(w->kind == PAGING_PAE && level == 3)) {
			r.writable &= !!(entry & PTE_RW);
			r.user &= !!(entry & PTE_US);
		}
		if (w->nxe && (entry & PTE_NX))
			r.executable = false;

		if (level == 1 || is_large(w, level, entry)) {
			rc = check_access(w, r, access);
			if (!rc)
				*gpa = entry_frame(w, level, entry) | (va & ((1ULL << shift) - 1));
			return rc;
		}
		table = entry_frame(w, level, entry);
	}
}

int guest_walk(const struct guest_paging *pg, uint64_t gva, unsigned int access, gw_read_fn read,
	       void *ctx, uint64_t *gpa, const char **why)
{
	unsigned int maxphyaddr = pg->maxphyaddr && pg->maxphyaddr < 52 ? pg->maxphyaddr : 52;
	/* 2-level entries have no bit 63, so NXE matters only in PAE and long mode. */
	struct walk w = {
		.pg = pg,
		.addr_mask = bits(maxphyaddr - 1, PAGE_SHIFT),
		.nxe = pg->efer & EFER_NXE,
	};
	int rc = 0;

	if (!(pg->cr0 & CR0_PG)) {
		*gpa = (uint32_t)gva; /* paging off: 32-bit flat addresses */
	} else if (pg->efer & EFER_LMA) {
		w.kind = PAGING_4LEVEL;
		if (pg->cr4 & CR4_LA57)
			rc = fault(&w, "5-level paging unsupported");
		else if (!is_canonical(gva))
			rc = fault(&w, "non-canonical address");
	} else {
		gva = (uint32_t)gva;
		w.kind = pg->cr4 & CR4_PAE ? PAGING_PAE : PAGING_2LEVEL;
	}

	if (!rc && (pg->cr0 & CR0_PG)) {
		w.mode = &paging_modes[w.kind];
		rc = walk_tables(&w, gva, access, read, ctx, gpa);
	}
	if (why)
		*why = rc ? w.why : NULL;
	return rc;
}
