/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the guest page-table walker (hypervisor/common/guest_walk.c) over synthetic
 * page tables built in a host array that stands for guest-physical memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/guest_walk.h>

#define MEM_PAGES 64
#define PAGE	  4096ULL

/* Architectural bits, spelled out here independently of the walker. */
#define P   (1ULL << 0)
#define RW  (1ULL << 1)
#define US  (1ULL << 2)
#define PS  (1ULL << 7)
#define NX  (1ULL << 63)
#define ALL (P | RW | US)

#define CR0_PE	  (1ULL << 0)
#define CR0_WP	  (1ULL << 16)
#define CR0_PG	  (1ULL << 31)
#define CR4_PSE	  (1ULL << 4)
#define CR4_PAE	  (1ULL << 5)
#define CR4_LA57  (1ULL << 12)
#define CR4_SMEP  (1ULL << 20)
#define CR4_SMAP  (1ULL << 21)
#define EFER_LME  (1ULL << 8)
#define EFER_LMA  (1ULL << 10)
#define EFER_NXE  (1ULL << 11)
#define RFLAGS_AC (1ULL << 18)

/* Guest-physical memory: gpa N is mem.bytes[N]. */
static struct memory {
	uint8_t bytes[MEM_PAGES * PAGE];
	unsigned int next_page; /* page-table allocator */
	uint64_t fail_gpa;	/* a read of this qword fails */
	unsigned int reads;
} mem;

static int read_qword(void *ctx, uint64_t gpa, uint64_t *value)
{
	struct memory *m = ctx;

	/* The walker promises aligned qwords; a misaligned read would cross entries or pages. */
	assert_int_equal(gpa % 8, 0);
	m->reads++;
	if (gpa == m->fail_gpa || gpa >= sizeof(m->bytes))
		return -EFAULT;
	memcpy(value, m->bytes + gpa, 8);
	return 0;
}

static uint64_t new_table(void)
{
	assert_true(mem.next_page < MEM_PAGES);
	return mem.next_page++ * PAGE;
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(mem.bytes + gpa, &v, 8);
}

static uint64_t get64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, mem.bytes + gpa, 8);
	return v;
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(mem.bytes + gpa, &v, 4);
}

static int setup(void **state)
{
	(void)state;
	memset(&mem, 0, sizeof(mem));
	mem.next_page = 1; /* page 0 left unused */
	mem.fail_gpa = UINT64_MAX;
	return 0;
}

/* A long-mode CPU state at CPL0 with the protections a modern kernel turns on. */
static struct guest_paging long_mode(uint64_t cr3)
{
	return (struct guest_paging){
		.cr0 = CR0_PE | CR0_PG | CR0_WP,
		.cr3 = cr3,
		.cr4 = CR4_PAE,
		.efer = EFER_LME | EFER_LMA | EFER_NXE,
	};
}

/* Where each level's entry for one address lives: entry[4] is the PML4E ... entry[1] the PTE. */
struct chain {
	uint64_t entry[5];
};

/* Long mode: maps the 4 KiB page at gva to gpa with flags at every level. */
static struct chain map_4level(uint64_t cr3, uint64_t gva, uint64_t gpa, uint64_t flags,
			       unsigned int leaf_level)
{
	struct chain c = {};
	uint64_t table = cr3 & ~0xfffULL;

	for (unsigned int level = 4; level >= leaf_level; level--) {
		uint64_t slot = table + ((gva >> (12 + 9 * (level - 1))) & 511) * 8;

		c.entry[level] = slot;
		if (level == leaf_level) {
			put64(slot, gpa | flags | (level > 1 ? PS : 0));
			break;
		}
		if (!(get64(slot) & P))
			put64(slot, new_table() | flags);
		table = get64(slot) & 0x000ffffffffff000ULL;
	}
	return c;
}

static uint64_t expect_ok(const struct guest_paging *pg, uint64_t gva, unsigned int access)
{
	const char *why = "untouched";
	uint64_t gpa = 0xdead;
	int rc = guest_walk(pg, gva, access, read_qword, &mem, &gpa, &why);

	if (rc)
		fail_msg("walk of %#llx (access %u) failed: %d %s", (unsigned long long)gva, access,
			 rc, why);
	assert_null(why);
	return gpa;
}

static void expect_fault(const struct guest_paging *pg, uint64_t gva, unsigned int access,
			 const char *reason)
{
	const char *why = NULL;
	uint64_t gpa = 0xdead;
	int rc = guest_walk(pg, gva, access, read_qword, &mem, &gpa, &why);

	if (rc != -EFAULT || !why || strcmp(why, reason) != 0)
		fail_msg("walk of %#llx (access %u): rc %d \"%s\"; expected -EFAULT \"%s\"",
			 (unsigned long long)gva, access, rc, why ? why : "(null)", reason);
	assert_int_equal(gpa, 0xdead); /* nothing written on failure */
}

/* --- paging off ------------------------------------------------------------------------------ */

static void test_paging_off_is_flat_32bit(void **state)
{
	struct guest_paging pg = {.cr0 = CR0_PE};

	(void)state;
	assert_int_equal(expect_ok(&pg, 0x12345678, 0), 0x12345678);
	assert_int_equal(expect_ok(&pg, 0xabcd00012345678ULL, GW_WRITE | GW_FETCH), 0x12345678);
	assert_int_equal(mem.reads, 0);
	/* The NULL why pointer is allowed. */
	uint64_t gpa;
	assert_int_equal(guest_walk(&pg, 5, 0, read_qword, &mem, &gpa, NULL), 0);
	assert_int_equal(gpa, 5);
}

/* --- long mode ------------------------------------------------------------------------------- */

static void test_4level_4k_page(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3 | 0x18); /* PCD/PWT bits in CR3 are not address */
	uint64_t gva = 0x00007f1234567000ULL;

	(void)state;
	map_4level(cr3, gva, 0x3ff000, ALL, 1);
	assert_int_equal(expect_ok(&pg, gva + 0x123, 0), 0x3ff123);
	assert_int_equal(mem.reads, 4);
	assert_int_equal(expect_ok(&pg, gva + 0xfff, GW_WRITE), 0x3fffff);
	/* The neighbour page is not mapped. */
	expect_fault(&pg, gva + 0x1000, 0, "page not present");
}

static void test_4level_upper_half(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	uint64_t gva = 0xffffffff81000000ULL;

	(void)state;
	map_4level(cr3, gva, 0x1000000, P | RW, 1);
	assert_int_equal(expect_ok(&pg, gva + 8, 0), 0x1000008);
}

static void test_4level_large_pages(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);

	(void)state;
	map_4level(cr3, 0x40000000, 0x80000000, ALL, 3); /* 1 GiB */
	map_4level(cr3, 0x200000, 0x7fe00000, ALL, 2);	 /* 2 MiB */
	assert_int_equal(expect_ok(&pg, 0x40000000 + 0x3fffffff, 0), 0xbfffffff);
	assert_int_equal(expect_ok(&pg, 0x40000000 + 0x12345678, 0), 0x92345678);
	assert_int_equal(expect_ok(&pg, 0x200000 + 0x1fffff, 0), 0x7fffffff);
	assert_int_equal(expect_ok(&pg, 0x212345, 0), 0x7fe12345);
	/* The PAT bit (12) of a large page is not part of the frame. */
	put64(map_4level(cr3, 0x400000, 0x600000, ALL, 2).entry[2], 0x600000 | ALL | PS | 0x1000);
	assert_int_equal(expect_ok(&pg, 0x400010, 0), 0x600010);
}

static void test_4level_refusals(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);

	(void)state;
	map_4level(cr3, 0x1000, 0x5000, ALL, 1);
	expect_fault(&pg, 0x0000800000000000ULL, 0, "non-canonical address");
	expect_fault(&pg, 0xffff7fffffffffffULL, 0, "non-canonical address");
	expect_fault(&pg, 0x8000000000001000ULL, 0, "non-canonical address");
	assert_int_equal(mem.reads, 0);
	pg.cr4 |= CR4_LA57;
	expect_fault(&pg, 0x1000, 0, "5-level paging unsupported");
}

static void test_4level_not_present_at_each_level(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	for (unsigned int level = 1; level <= 4; level++) {
		uint64_t saved = get64(c.entry[level]);

		put64(c.entry[level], saved & ~P);
		expect_fault(&pg, 0x1000, 0, "page not present");
		/* A non-present entry's other bits do not matter. */
		put64(c.entry[level], 0xfffffffffffffffeULL);
		expect_fault(&pg, 0x1000, 0, "page not present");
		put64(c.entry[level], saved);
		assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
	}
}

static void test_4level_reserved_bits(void **state)
{
	const char *rsvd = "reserved bit set in a page-table entry";
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);
	struct chain big = map_4level(cr3, 0x40000000, 0x40000000, ALL, 3);
	struct chain mid = map_4level(cr3, 0x80200000, 0x200000, ALL, 2);

	(void)state;
	/* PS in a PML4E. */
	put64(c.entry[4], get64(c.entry[4]) | PS);
	expect_fault(&pg, 0x1000, 0, rsvd);
	put64(c.entry[4], get64(c.entry[4]) & ~PS);

	/* NX at any level is reserved without EFER.NXE. */
	pg.efer &= ~EFER_NXE;
	for (unsigned int level = 1; level <= 4; level++) {
		put64(c.entry[level], get64(c.entry[level]) | NX);
		expect_fault(&pg, 0x1000, 0, rsvd);
		put64(c.entry[level], get64(c.entry[level]) & ~NX);
	}
	assert_int_equal(expect_ok(&pg, 0x1000, GW_FETCH), 0x5000);
	pg.efer |= EFER_NXE;

	/* Low bits of large-page frames: 2 MiB bits 20:13, 1 GiB bits 29:13. */
	put64(mid.entry[2], get64(mid.entry[2]) | (1ULL << 20));
	expect_fault(&pg, 0x80200000, 0, rsvd);
	put64(mid.entry[2], (get64(mid.entry[2]) & ~(1ULL << 20)) | (1ULL << 13));
	expect_fault(&pg, 0x80200000, 0, rsvd);
	put64(big.entry[3], get64(big.entry[3]) | (1ULL << 29));
	expect_fault(&pg, 0x40000000, 0, rsvd);
	put64(big.entry[3], (get64(big.entry[3]) & ~(1ULL << 29)) | (1ULL << 21));
	expect_fault(&pg, 0x40000000, 0, rsvd);

	/* Address bits at or above the guest's MAXPHYADDR; 52 when not given. */
	put64(c.entry[1], 0x5000 | ALL | (1ULL << 45));
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000 | (1ULL << 45));
	put64(c.entry[1], 0x5000 | ALL | (1ULL << 51));
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000 | (1ULL << 51));
	pg.maxphyaddr = 40;
	put64(c.entry[1], 0x5000 | ALL | (1ULL << 45));
	expect_fault(&pg, 0x1000, 0, rsvd);
	put64(c.entry[1], 0x5000 | ALL | (1ULL << 39));
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000 | (1ULL << 39));
	put64(c.entry[3], get64(c.entry[3]) | (1ULL << 40));
	expect_fault(&pg, 0x1000, 0, rsvd);
	put64(c.entry[3], get64(c.entry[3]) & ~(1ULL << 40));

	/* Bits 62:52 are free for software in long mode. */
	pg.maxphyaddr = 0;
	put64(c.entry[1], 0x5000 | ALL | (0x7ffULL << 52));
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
}

/* For each level in turn, clear `bit` there and check the access faults with `reason`. */
static void expect_fault_from_each_level(struct guest_paging *pg, struct chain *c,
					 unsigned int levels, uint64_t bit, unsigned int access,
					 const char *reason)
{
	for (unsigned int level = 1; level <= levels; level++) {
		if (!c->entry[level])
			continue;
		put64(c->entry[level], get64(c->entry[level]) & ~bit);
		expect_fault(pg, 0x1000, access, reason);
		put64(c->entry[level], get64(c->entry[level]) | bit);
	}
	expect_ok(pg, 0x1000, access);
}

static void test_4level_write_permission(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	/* Supervisor with CR0.WP: every level's R/W counts. */
	expect_fault_from_each_level(&pg, &c, 4, RW, GW_WRITE, "write to a read-only page");
	/* Reads are fine. */
	put64(c.entry[2], get64(c.entry[2]) & ~RW);
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
	/* Supervisor without CR0.WP may write read-only pages. */
	pg.cr0 &= ~CR0_WP;
	assert_int_equal(expect_ok(&pg, 0x1000, GW_WRITE), 0x5000);
	/* User writes always need R/W. */
	pg.cpl = 3;
	expect_fault(&pg, 0x1000, GW_WRITE, "write to a read-only page");
	put64(c.entry[2], get64(c.entry[2]) | RW);
	expect_fault_from_each_level(&pg, &c, 4, RW, GW_WRITE, "write to a read-only page");
}

static void test_4level_user_permission(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	pg.cpl = 3;
	expect_fault_from_each_level(&pg, &c, 4, US, 0, "user access to a supervisor page");
	expect_fault_from_each_level(&pg, &c, 4, US, GW_FETCH, "user access to a supervisor page");

	/* The hypervisor acting for the guest is a supervisor access whatever the CPL. */
	put64(c.entry[3], get64(c.entry[3]) & ~US);
	assert_int_equal(expect_ok(&pg, 0x1000, GW_IMPLICIT_SUPERVISOR), 0x5000);
	assert_int_equal(expect_ok(&pg, 0x1000, GW_IMPLICIT_SUPERVISOR | GW_WRITE), 0x5000);
	/* CPL 1 and 2 are supervisor too. */
	pg.cpl = 1;
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
}

static void test_4level_smap(void **state)
{
	const char *smap = "SMAP: supervisor access to a user page with RFLAGS.AC clear";
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	pg.cr4 |= CR4_SMAP;
	expect_fault(&pg, 0x1000, 0, smap);
	expect_fault(&pg, 0x1000, GW_WRITE, smap);
	expect_fault(&pg, 0x1000, GW_IMPLICIT_SUPERVISOR, smap);
	/* Linux's privcmd issues hypercalls with user pointers inside stac(): AC=1. */
	pg.rflags = RFLAGS_AC | 0x2;
	assert_int_equal(expect_ok(&pg, 0x1000, GW_IMPLICIT_SUPERVISOR | GW_WRITE), 0x5000);
	pg.rflags = 0x2;
	/* A page is a user page only if every level says so. */
	put64(c.entry[4], get64(c.entry[4]) & ~US);
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
	put64(c.entry[4], get64(c.entry[4]) | US);
	/* User mode itself is not subject to SMAP; fetches are SMEP's business. */
	pg.cpl = 3;
	assert_int_equal(expect_ok(&pg, 0x1000, GW_WRITE), 0x5000);
	pg.cpl = 0;
	assert_int_equal(expect_ok(&pg, 0x1000, GW_FETCH), 0x5000);
	/* Without CR4.SMAP nothing is checked. */
	pg.cr4 &= ~CR4_SMAP;
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000);
}

static void test_4level_smep_and_nx(void **state)
{
	const char *smep = "SMEP: supervisor fetch from a user page";
	const char *nx = "instruction fetch from a no-execute page";
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	pg.cr4 |= CR4_SMEP;
	expect_fault(&pg, 0x1000, GW_FETCH, smep);
	assert_int_equal(expect_ok(&pg, 0x1000, 0), 0x5000); /* data is fine */
	pg.cpl = 3;
	assert_int_equal(expect_ok(&pg, 0x1000, GW_FETCH), 0x5000);
	pg.cpl = 0;
	put64(c.entry[1], get64(c.entry[1]) & ~US);
	assert_int_equal(expect_ok(&pg, 0x1000, GW_FETCH), 0x5000);

	/* NX at any level forbids fetches, and only fetches. */
	for (unsigned int level = 1; level <= 4; level++) {
		put64(c.entry[level], get64(c.entry[level]) | NX);
		expect_fault(&pg, 0x1000, GW_FETCH, nx);
		assert_int_equal(expect_ok(&pg, 0x1000, GW_WRITE), 0x5000);
		put64(c.entry[level], get64(c.entry[level]) & ~NX);
	}
}

static void test_read_failure_at_each_level(void **state)
{
	uint64_t cr3 = new_table();
	struct guest_paging pg = long_mode(cr3);
	struct chain c = map_4level(cr3, 0x1000, 0x5000, ALL, 1);

	(void)state;
	for (unsigned int level = 1; level <= 4; level++) {
		mem.fail_gpa = c.entry[level];
		expect_fault(&pg, 0x1000, 0, "page-table read failed");
	}
	/* Tables pointing outside guest memory. */
	mem.fail_gpa = UINT64_MAX;
	put64(c.entry[2], 0xfff0000000ULL | ALL);
	expect_fault(&pg, 0x1000, 0, "page-table read failed");
	pg.cr3 = 0x7ffffff000ULL;
	expect_fault(&pg, 0x1000, 0, "page-table read failed");
}

/* --- PAE ------------------------------------------------------------------------------------- */

struct pae_map {
	uint64_t pdpte, pde, pte;
};

static struct guest_paging pae_mode(uint64_t cr3)
{
	return (struct guest_paging){
		.cr0 = CR0_PE | CR0_PG | CR0_WP,
		.cr3 = cr3,
		.cr4 = CR4_PAE,
		.efer = EFER_NXE,
	};
}

/* PAE: the PDPT is 32 bytes at any 32-byte boundary; its entries have only P. */
static struct pae_map map_pae(uint64_t pdpt, uint32_t gva, uint64_t gpa, uint64_t flags, bool large)
{
	struct pae_map m = {.pdpte = pdpt + (gva >> 30) * 8};
	uint64_t pd, pt;

	if (!(get64(m.pdpte) & P))
		put64(m.pdpte, new_table() | P);
	pd = get64(m.pdpte) & ~0xfffULL;
	m.pde = pd + ((gva >> 21) & 511) * 8;
	if (large) {
		put64(m.pde, gpa | flags | PS);
		return m;
	}
	if (!(get64(m.pde) & P))
		put64(m.pde, new_table() | flags);
	pt = get64(m.pde) & 0x000ffffffffff000ULL;
	m.pte = pt + ((gva >> 12) & 511) * 8;
	put64(m.pte, gpa | flags);
	return m;
}

static void test_pae(void **state)
{
	const char *rsvd = "reserved bit set in a page-table entry";
	uint64_t pdpt = new_table() + 0x60; /* 32-byte aligned, not page aligned */
	struct guest_paging pg = pae_mode(pdpt);
	struct pae_map small = map_pae(pdpt, 0xc0001000, 0x7000, ALL, false);
	struct pae_map big = map_pae(pdpt, 0x00400000, 0x12345600000ULL, ALL, true);

	(void)state;
	assert_int_equal(expect_ok(&pg, 0xc0001abc, 0), 0x7abc);
	assert_int_equal(mem.reads, 3);
	assert_int_equal(expect_ok(&pg, 0x004fffff, 0), 0x123456fffffULL);
	/* Addresses are 32-bit outside long mode. */
	assert_int_equal(expect_ok(&pg, 0xffffffffc0001abcULL, 0), 0x7abc);

	/* PDPTEs: R/W, U/S, bits 8:5 and NX are reserved. */
	for (unsigned int bit = 1; bit <= 8; bit++) {
		if (bit == 3 || bit == 4) /* PWT, PCD */
			continue;
		put64(small.pdpte, get64(small.pdpte) | (1ULL << bit));
		expect_fault(&pg, 0xc0001000, 0, rsvd);
		put64(small.pdpte, get64(small.pdpte) & ~(1ULL << bit));
	}
	put64(small.pdpte, get64(small.pdpte) | NX);
	expect_fault(&pg, 0xc0001000, 0, rsvd);
	put64(small.pdpte, get64(small.pdpte) & ~NX);

	/* Bits 62:52 are reserved in PAE entries; NX needs EFER.NXE. */
	put64(small.pte, get64(small.pte) | (1ULL << 52));
	expect_fault(&pg, 0xc0001000, 0, rsvd);
	put64(small.pte, get64(small.pte) & ~(1ULL << 52));
	put64(small.pte, get64(small.pte) | NX);
	expect_fault(&pg, 0xc0001000, GW_FETCH, "instruction fetch from a no-execute page");
	pg.efer = 0;
	expect_fault(&pg, 0xc0001000, 0, rsvd);
	put64(small.pte, get64(small.pte) & ~NX);
	pg.efer = EFER_NXE;

	/* 2 MiB frame bits 20:13 reserved; permissions from PDE and PTE only. */
	put64(big.pde, get64(big.pde) | (1ULL << 13));
	expect_fault(&pg, 0x00400000, 0, rsvd);
	put64(big.pde, get64(big.pde) & ~(1ULL << 13));
	pg.cpl = 3;
	assert_int_equal(expect_ok(&pg, 0xc0001000, GW_WRITE), 0x7000);
	put64(small.pde, get64(small.pde) & ~US);
	expect_fault(&pg, 0xc0001000, 0, "user access to a supervisor page");
	put64(small.pde, get64(small.pde) | US);
	put64(small.pte, get64(small.pte) & ~RW);
	expect_fault(&pg, 0xc0001000, GW_WRITE, "write to a read-only page");

	/* Not present PDPTE. */
	expect_fault(&pg, 0x80000000, 0, "page not present");
}

/* --- 32-bit 2-level -------------------------------------------------------------------------- */

static struct guest_paging legacy_mode(uint64_t cr3)
{
	return (struct guest_paging){.cr0 = CR0_PE | CR0_PG | CR0_WP, .cr3 = cr3};
}

static void test_2level_4k(void **state)
{
	uint64_t pd = new_table(), pt = new_table(), pt2 = new_table();
	struct guest_paging pg = legacy_mode(pd | 0x18);

	(void)state;
	/* The last slot of both tables: the walker must not read past the page. */
	put32(pd + 1023 * 4, (uint32_t)(pt | ALL));
	put32(pt + 1023 * 4, 0x9000 | ALL);
	/* The neighbouring 4-byte entries share the qword; their bits must not leak. */
	put32(pd + 1022 * 4, 0xffffffff);
	put32(pt + 1022 * 4, 0xffffffff);
	assert_int_equal(expect_ok(&pg, 0xfffff123, 0), 0x9123);
	assert_int_equal(expect_ok(&pg, 0x1fffff123ULL, 0), 0x9123); /* 32-bit addresses */
	/* An even slot is the low half, with garbage in the odd neighbour. */
	put32(pd + 1022 * 4, (uint32_t)(pt2 | ALL));
	put32(pt2 + 1022 * 4, 0xa000 | ALL);
	put32(pt2 + 1023 * 4, 0xffffffff);
	assert_int_equal(expect_ok(&pg, 0xffbfe123, 0), 0xa123);
	/* An odd slot reads the high half of the qword. */
	put32(pt + 1023 * 4, 0x9000 | P);
	expect_fault(&pg, 0xfffff000, GW_WRITE, "write to a read-only page");
	pg.cpl = 3;
	expect_fault(&pg, 0xfffff000, 0, "user access to a supervisor page");
	put32(pd + 1023 * 4, (uint32_t)(pt | P | US));
	put32(pt + 1023 * 4, 0x9000 | ALL);
	expect_fault(&pg, 0xfffff000, GW_WRITE, "write to a read-only page");
	put32(pd + 1023 * 4, (uint32_t)pt);
	expect_fault(&pg, 0xfffff000, 0, "page not present");
	/* No NX without PAE: bit 63 does not exist, fetches are allowed. */
	put32(pd + 1023 * 4, (uint32_t)(pt | ALL));
	assert_int_equal(expect_ok(&pg, 0xfffff000, GW_FETCH), 0x9000);
	mem.fail_gpa = pt + 1022 * 4;
	expect_fault(&pg, 0xfffff000, 0, "page-table read failed");
}

static void test_2level_4m_pages(void **state)
{
	const char *rsvd = "reserved bit set in a page-table entry";
	uint64_t pd = new_table(), pt = new_table();
	struct guest_paging pg = legacy_mode(pd);

	(void)state;
	pg.cr4 = CR4_PSE;
	put32(pd + 1 * 4, 0x00c00000 | ALL | PS);
	assert_int_equal(expect_ok(&pg, 0x00523456, 0), 0x00d23456);
	assert_int_equal(mem.reads, 1);
	/* PSE-40: entry bits 20:13 are physical bits 39:32. */
	put32(pd + 1 * 4, 0x00c00000 | ALL | PS | (0x5aU << 13));
	assert_int_equal(expect_ok(&pg, 0x00523456, 0), 0x5a00d23456ULL);
	/* ... above a smaller MAXPHYADDR they are reserved. */
	pg.maxphyaddr = 36;
	expect_fault(&pg, 0x00523456, 0, rsvd);
	put32(pd + 1 * 4, 0x00c00000 | ALL | PS | (0x0aU << 13));
	assert_int_equal(expect_ok(&pg, 0x00523456, 0), 0xa00d23456ULL);
	pg.maxphyaddr = 0;
	/* Bit 21 is reserved. */
	put32(pd + 1 * 4, 0x00c00000 | ALL | PS | (1U << 21));
	expect_fault(&pg, 0x00523456, 0, rsvd);

	/* Without CR4.PSE the PS bit is ignored: the entry points to a page table. */
	pg.cr4 = 0;
	put32(pd + 1 * 4, (uint32_t)(pt | ALL | PS));
	put32(pt + 0x123 * 4, 0x8000 | ALL);
	assert_int_equal(expect_ok(&pg, 0x00523456, 0), 0x8456);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_paging_off_is_flat_32bit, setup),
		cmocka_unit_test_setup(test_4level_4k_page, setup),
		cmocka_unit_test_setup(test_4level_upper_half, setup),
		cmocka_unit_test_setup(test_4level_large_pages, setup),
		cmocka_unit_test_setup(test_4level_refusals, setup),
		cmocka_unit_test_setup(test_4level_not_present_at_each_level, setup),
		cmocka_unit_test_setup(test_4level_reserved_bits, setup),
		cmocka_unit_test_setup(test_4level_write_permission, setup),
		cmocka_unit_test_setup(test_4level_user_permission, setup),
		cmocka_unit_test_setup(test_4level_smap, setup),
		cmocka_unit_test_setup(test_4level_smep_and_nx, setup),
		cmocka_unit_test_setup(test_read_failure_at_each_level, setup),
		cmocka_unit_test_setup(test_pae, setup),
		cmocka_unit_test_setup(test_2level_4k, setup),
		cmocka_unit_test_setup(test_2level_4m_pages, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
