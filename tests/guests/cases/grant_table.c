// SPDX-License-Identifier: MIT
/*
 * grant_table_op on one domain, which grants pages to itself, as Xen 4.17's common/grant_table.c
 * answers a translated guest: query_size, set_version / get_version, setup_table, table frames
 * placed by XENMEM_add_to_physmap(XENMAPSPACE_grant_table) (gnttab_map_frame), map_grant_ref and
 * unmap_grant_ref (map_grant_ref, unmap_common, _set_status_v1, reduce_status_for_pin,
 * create_grant_p2m_mapping), copy (gnttab_copy_one, acquire_grant_for_copy, gnttab_copy_buf) and
 * do_grant_table_op's argument checks. Mappings are placed at 64 GiB, which no test guest has as
 * RAM, and read through the framework's UNBACKED_VA window.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/memory.h>

const char test_name[] = "grant_table";

#define ABSENT_DOMID	 0x1234
#define MAX_FRAMES	 64 /* Xen 4.17's gnttab_max_frames default */
#define ENTRIES_PER_PAGE (PAGE_SIZE_4K / sizeof(struct grant_entry_v1))
#define INVALID_GFN	 (~0UL)

/* Guest-physical places above RAM, seen at UNBACKED_VA + offset. */
#define TABLE_OFFSET(i) (0x100000UL + (i)*PAGE_SIZE_4K)
#define MAP_OFFSET(i)	(0x10000UL + (i)*PAGE_SIZE_4K)
#define GPA(offset)	(UNBACKED_GPA + (offset))
#define VA(offset)	((volatile uint8_t *)(UNBACKED_VA + (offset)))

/* Pages this domain grants to itself. */
#define NR_PAGES 6
static uint8_t pages[NR_PAGES][PAGE_SIZE_4K] PAGE_ALIGNED;
static uint8_t mine[PAGE_SIZE_4K] PAGE_ALIGNED;

static domid_t self;
static volatile struct grant_entry_v1 *table;

static long gnttab_op(unsigned int cmd, void *uop, unsigned int count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, count, 0, 0);
}

static uint64_t gfn_of(const void *p)
{
	return (uintptr_t)p / PAGE_SIZE_4K;
}

static long add_grant_frame(unsigned long idx, uint64_t gpfn)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = idx,
		.gpfn = gpfn,
	};

	return hc_memory_op(XENMEM_add_to_physmap, &xatp);
}

/* Fills an entry as a granter must: frame and domid first, flags last. */
static void grant(grant_ref_t ref, domid_t to, const void *page, uint16_t flags)
{
	table[ref].flags = 0;
	table[ref].domid = to;
	table[ref].frame = (uint32_t)gfn_of(page);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	table[ref].flags = flags;
}

static int16_t map(domid_t dom, grant_ref_t ref, uint32_t flags, uint64_t gpa,
		   grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = gpa, .flags = flags, .ref = ref, .dom = dom, .handle = 0xdead};
	long rc = gnttab_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc != 0)
		FAIL("map_grant_ref returned %ld", rc);
	if (op.status == GNTST_okay) {
		if (op.dev_bus_addr == 0 || (op.dev_bus_addr & 0xfff))
			FAIL("dev_bus_addr %#lx is not a frame address", op.dev_bus_addr);
	} else if (op.handle != 0xdead) {
		FAIL("a failed map changed the handle to %#x", op.handle);
	}
	if (handle)
		*handle = op.handle;
	return op.status;
}

static int16_t unmap(grant_handle_t handle, uint64_t gpa)
{
	struct gnttab_unmap_grant_ref op = {.host_addr = gpa, .handle = handle, .status = 99};
	long rc = gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);

	if (rc != 0)
		FAIL("unmap_grant_ref returned %ld", rc);
	return op.status;
}

static void check_versions(void)
{
	struct gnttab_get_version get = {.dom = DOMID_SELF, .version = 99};
	struct gnttab_set_version set = {.version = 1};

	EXPECT_RC(gnttab_op(GNTTABOP_get_version, &get, 1), 0);
	EXPECT_EQ(get.version, 1);
	get = (struct gnttab_get_version){.dom = self, .version = 99};
	EXPECT_RC(gnttab_op(GNTTABOP_get_version, &get, 0), 0);
	EXPECT_EQ(get.version, 1);
	get.dom = ABSENT_DOMID;
	EXPECT_RC(gnttab_op(GNTTABOP_get_version, &get, 1), -XEN_ESRCH);

	EXPECT_RC(gnttab_op(GNTTABOP_set_version, &set, 1), 0);
	EXPECT_EQ(set.version, 1);
	/* Version 2 is refused the way Xen refuses it when it is not allowed; 1 stays in force. */
	set.version = 2;
	EXPECT_RC(gnttab_op(GNTTABOP_set_version, &set, 1), -XEN_ENOSYS);
	EXPECT_EQ(set.version, 1);
	set.version = 0;
	EXPECT_RC(gnttab_op(GNTTABOP_set_version, &set, 1), -XEN_EINVAL);
	EXPECT_EQ(set.version, 1);
	set.version = 3;
	EXPECT_RC(gnttab_op(GNTTABOP_set_version, &set, 1), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(GNTTABOP_set_version, (void *)0x10, 1), -XEN_EFAULT);
}

static void check_query_size(void)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};

	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	EXPECT_EQ(q.status, GNTST_okay);
	EXPECT_EQ(q.nr_frames, 1);
	EXPECT_EQ(q.max_nr_frames, MAX_FRAMES);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 2), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 0), -XEN_EINVAL);
	q = (struct gnttab_query_size){.dom = ABSENT_DOMID};
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	EXPECT_EQ(q.status, GNTST_bad_domain);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, (void *)0x10, 1), -XEN_EFAULT);
}

static int16_t setup_table(domid_t dom, uint32_t nr, xen_pfn_t *list)
{
	struct gnttab_setup_table s = {
		.dom = dom, .nr_frames = nr, .status = 99, .frame_list = guest_handle_of(list)};

	EXPECT_RC(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	return s.status;
}

static void check_frames(void)
{
	static xen_pfn_t list[MAX_FRAMES + 1];
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	struct gnttab_setup_table s = {.dom = DOMID_SELF, .nr_frames = 1};

	/* Frame 0 at one place, then moved: the table lists where it is now. */
	EXPECT_RC(add_grant_frame(0, UNBACKED_GPA / PAGE_SIZE_4K + 0x1ff), 0);
	EXPECT_EQ(setup_table(DOMID_SELF, 1, list), GNTST_okay);
	EXPECT_HEX(list[0], UNBACKED_GPA / PAGE_SIZE_4K + 0x1ff);
	EXPECT_RC(add_grant_frame(0, GPA(TABLE_OFFSET(0)) / PAGE_SIZE_4K), 0);
	table = (volatile struct grant_entry_v1 *)VA(TABLE_OFFSET(0));

	/* setup_table grows the table; a frame not placed yet has no GFN. */
	memset(list, 0x5a, sizeof(list));
	EXPECT_EQ(setup_table(self, 2, list), GNTST_okay);
	EXPECT_HEX(list[0], GPA(TABLE_OFFSET(0)) / PAGE_SIZE_4K);
	EXPECT_HEX(list[1], INVALID_GFN);
	EXPECT_HEX(list[2], 0x5a5a5a5a5a5a5a5aUL);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	EXPECT_EQ(q.nr_frames, 2);

	/* add_to_physmap grows it too, up to the limit. */
	EXPECT_RC(add_grant_frame(2, GPA(TABLE_OFFSET(2)) / PAGE_SIZE_4K), 0);
	EXPECT_RC(add_grant_frame(1, GPA(TABLE_OFFSET(1)) / PAGE_SIZE_4K), 0);
	EXPECT_RC(add_grant_frame(MAX_FRAMES, GPA(TABLE_OFFSET(3)) / PAGE_SIZE_4K), -XEN_EINVAL);
	EXPECT_RC(add_grant_frame(XENMAPIDX_grant_table_status, GPA(TABLE_OFFSET(3)) / 4096),
		  -XEN_EINVAL);
	EXPECT_RC(add_grant_frame(0, INVALID_GFN), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	EXPECT_EQ(q.nr_frames, 3);
	EXPECT_EQ(setup_table(DOMID_SELF, 3, list), GNTST_okay);
	EXPECT_HEX(list[2], GPA(TABLE_OFFSET(2)) / PAGE_SIZE_4K);

	EXPECT_EQ(setup_table(DOMID_SELF, MAX_FRAMES + 1, list), GNTST_general_error);
	EXPECT_EQ(setup_table(ABSENT_DOMID, 1, list), GNTST_bad_domain);
	EXPECT_EQ(setup_table(DOMID_SELF, 1, (xen_pfn_t *)0x10), GNTST_bad_virt_addr);
	EXPECT_RC(gnttab_op(GNTTABOP_setup_table, &s, 2), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(GNTTABOP_setup_table, (void *)0x10, 1), -XEN_EFAULT);

	/* The frames are the guest's to write, zeroed at first. */
	EXPECT_EQ(table[5].flags, 0);
	table[ENTRIES_PER_PAGE * 2 + 7].frame = 0x1234;
	EXPECT_EQ(((volatile struct grant_entry_v1 *)VA(TABLE_OFFSET(2)))[7].frame, 0x1234);
}

static void fill(void *page, uint8_t seed)
{
	uint8_t *p = page;

	for (unsigned int i = 0; i < PAGE_SIZE_4K; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static bool holds(const volatile uint8_t *p, uint8_t seed)
{
	for (unsigned int i = 0; i < PAGE_SIZE_4K; i++)
		if (p[i] != (uint8_t)(seed + i * 7))
			return false;
	return true;
}

static void check_map_own_grant(void)
{
	grant_handle_t rw, ro;

	fill(pages[0], 1);
	grant(10, self, pages[0], GTF_permit_access);
	/* A domain may map its own grant, but only by its id: DOMID_SELF names no domain here. */
	EXPECT_EQ(map(DOMID_SELF, 10, GNTMAP_host_map, GPA(MAP_OFFSET(0)), NULL), GNTST_bad_domain);
	EXPECT_EQ(map(self, 10, GNTMAP_host_map, GPA(MAP_OFFSET(0)), &rw), GNTST_okay);
	EXPECT_HEX(table[10].flags, GTF_permit_access | GTF_reading | GTF_writing);
	EXPECT_TRUE(holds(VA(MAP_OFFSET(0)), 1));
	/* Writes through the mapping reach the granted page, and the other way round. */
	VA(MAP_OFFSET(0))[100] = 0xee;
	EXPECT_EQ(pages[0][100], 0xee);
	pages[0][200] = 0xdd;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	EXPECT_EQ(VA(MAP_OFFSET(0))[200], 0xdd);
	fill(pages[0], 1);

	/* A second, read-only mapping of the same grant. */
	EXPECT_EQ(map(self, 10, GNTMAP_host_map | GNTMAP_readonly, GPA(MAP_OFFSET(1)), &ro),
		  GNTST_okay);
	EXPECT_TRUE(ro != rw);
	EXPECT_TRUE(holds(VA(MAP_OFFSET(1)), 1));
	/* The writer goes: GTF_writing with it, GTF_reading stays for the reader. */
	EXPECT_EQ(unmap(rw, GPA(MAP_OFFSET(0))), GNTST_okay);
	EXPECT_HEX(table[10].flags, GTF_permit_access | GTF_reading);
	/* Unmapping at the wrong address fails and keeps the mapping. */
	EXPECT_EQ(unmap(ro, GPA(MAP_OFFSET(2))), GNTST_general_error);
	/* A zero address unmaps nothing and succeeds, as in Xen. */
	EXPECT_EQ(unmap(ro, 0), GNTST_okay);
	EXPECT_HEX(table[10].flags, GTF_permit_access | GTF_reading);
	EXPECT_EQ(unmap(ro, GPA(MAP_OFFSET(1))), GNTST_okay);
	EXPECT_HEX(table[10].flags, GTF_permit_access);
	/* Double unmap, and handles never given out. */
	EXPECT_EQ(unmap(ro, GPA(MAP_OFFSET(1))), GNTST_bad_handle);
	EXPECT_EQ(unmap(rw, GPA(MAP_OFFSET(0))), GNTST_bad_handle);
	EXPECT_EQ(unmap(0x12345, GPA(MAP_OFFSET(0))), GNTST_bad_handle);
	EXPECT_EQ(unmap(0xffffffff, GPA(MAP_OFFSET(0))), GNTST_bad_handle);
}

static void check_map_errors(void)
{
	grant_handle_t h;
	uint32_t rw = GNTMAP_host_map, ro = GNTMAP_host_map | GNTMAP_readonly;
	uint64_t gpa = GPA(MAP_OFFSET(3));

	grant(11, self, pages[1], GTF_permit_access);
	EXPECT_EQ(map(self, 100000, rw, gpa, NULL), GNTST_bad_gntref);
	EXPECT_EQ(map(self, 3 * ENTRIES_PER_PAGE, rw, gpa, NULL), GNTST_bad_gntref);
	EXPECT_EQ(map(ABSENT_DOMID, 11, rw, gpa, NULL), GNTST_bad_domain);
	EXPECT_EQ(map(self, 11, 0, gpa, NULL), GNTST_bad_gntref);
	EXPECT_EQ(map(self, 11, GNTMAP_readonly, gpa, NULL), GNTST_bad_gntref);
	EXPECT_EQ(map(self, 11, GNTMAP_device_map, gpa, NULL), GNTST_general_error);
	EXPECT_EQ(map(self, 11, rw | GNTMAP_application_map, gpa, NULL), GNTST_general_error);
	EXPECT_EQ(map(self, 11, rw | GNTMAP_contains_pte, gpa, NULL), GNTST_general_error);
	/* Bits the guest keeps for itself are refused by the translated-guest path... */
	EXPECT_EQ(map(self, 11, rw | (1U << 16), gpa, NULL), GNTST_general_error);
	/* ...after the entry was claimed, and the claim is undone. */
	EXPECT_HEX(table[11].flags, GTF_permit_access);
	EXPECT_EQ(map(self, 11, rw, 1UL << 52, NULL), GNTST_general_error);
	EXPECT_HEX(table[11].flags, GTF_permit_access);

	/* The entry must permit access, to us, with the right type. */
	grant(12, self, pages[1], GTF_invalid);
	EXPECT_EQ(map(self, 12, ro, gpa, NULL), GNTST_general_error);
	EXPECT_HEX(table[12].flags, GTF_invalid);
	grant(12, self, pages[1], GTF_accept_transfer);
	EXPECT_EQ(map(self, 12, ro, gpa, NULL), GNTST_general_error);
	grant(12, self, pages[1], GTF_permit_access | GTF_sub_page);
	EXPECT_EQ(map(self, 12, ro, gpa, NULL), GNTST_general_error);
	grant(12, (domid_t)(self + 7), pages[1], GTF_permit_access);
	EXPECT_EQ(map(self, 12, ro, gpa, NULL), GNTST_general_error);
	EXPECT_HEX(table[12].flags, GTF_permit_access);

	/* A read-only grant: no writable mapping, a read-only one is fine. */
	grant(13, self, pages[1], GTF_permit_access | GTF_readonly);
	EXPECT_EQ(map(self, 13, rw, gpa, NULL), GNTST_general_error);
	EXPECT_HEX(table[13].flags, GTF_permit_access | GTF_readonly);
	EXPECT_EQ(map(self, 13, ro, gpa, &h), GNTST_okay);
	EXPECT_HEX(table[13].flags, GTF_permit_access | GTF_readonly | GTF_reading);
	/* A writable mapping is refused even while a reader holds it. */
	EXPECT_EQ(map(self, 13, rw, GPA(MAP_OFFSET(4)), NULL), GNTST_general_error);
	EXPECT_EQ(unmap(h, gpa), GNTST_okay);
	EXPECT_HEX(table[13].flags, GTF_permit_access | GTF_readonly);

	/* The frame must be the granter's RAM: it has none at 64 GiB. */
	table[14].domid = self;
	table[14].frame = (uint32_t)(UNBACKED_GPA / PAGE_SIZE_4K + 0x180);
	table[14].flags = GTF_permit_access;
	EXPECT_EQ(map(self, 14, ro, gpa, NULL), GNTST_bad_page);
	EXPECT_HEX(table[14].flags, GTF_permit_access);
	/* The grant-table frame itself is the domain's page and may be granted. */
	table[14].frame = (uint32_t)(GPA(TABLE_OFFSET(1)) / PAGE_SIZE_4K);
	EXPECT_EQ(map(self, 14, ro, gpa, &h), GNTST_okay);
	EXPECT_EQ(unmap(h, gpa), GNTST_okay);
}

/* Linux's way to end a grant: only if no one uses it (no GTF_reading / GTF_writing). */
static bool end_access(grant_ref_t ref)
{
	uint16_t expected = table[ref].flags & ~(GTF_reading | GTF_writing);

	return __atomic_compare_exchange_n(&table[ref].flags, &expected, 0, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

static void check_revoke_while_mapped(void)
{
	grant_handle_t h, h2;
	uint64_t gpa = GPA(MAP_OFFSET(6));

	fill(pages[2], 3);
	grant(15, self, pages[2], GTF_permit_access);
	EXPECT_EQ(map(self, 15, GNTMAP_host_map, gpa, &h), GNTST_okay);
	/* The entry is busy: a well-behaved granter cannot end it. */
	EXPECT_TRUE(!end_access(15));
	EXPECT_HEX(table[15].flags, GTF_permit_access | GTF_reading | GTF_writing);
	/* A hostile granter wipes it anyway: the mapping and its holder carry on. */
	table[15].flags = GTF_invalid;
	table[15].domid = 0x7ff;
	EXPECT_TRUE(holds(VA(MAP_OFFSET(6)), 3));
	EXPECT_EQ(map(self, 15, GNTMAP_host_map | GNTMAP_readonly, GPA(MAP_OFFSET(7)), &h2),
		  GNTST_okay);
	EXPECT_EQ(unmap(h2, GPA(MAP_OFFSET(7))), GNTST_okay);
	EXPECT_EQ(unmap(h, gpa), GNTST_okay);
	EXPECT_HEX(table[15].flags, GTF_invalid);
	/* Once unused, the grant ends normally and cannot be mapped any more. */
	grant(15, self, pages[2], GTF_permit_access);
	EXPECT_EQ(map(self, 15, GNTMAP_host_map, gpa, &h), GNTST_okay);
	EXPECT_EQ(unmap(h, gpa), GNTST_okay);
	EXPECT_TRUE(end_access(15));
	EXPECT_EQ(map(self, 15, GNTMAP_host_map, gpa, NULL), GNTST_general_error);
}

static struct gnttab_copy copy_op(uint16_t flags, uint64_t src, domid_t sdom, uint16_t soff,
				  uint64_t dst, domid_t ddom, uint16_t doff, uint16_t len)
{
	struct gnttab_copy op = {.len = len, .flags = flags, .status = 99};

	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (grant_ref_t)src;
	else
		op.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (grant_ref_t)dst;
	else
		op.dest.u.gmfn = dst;
	op.source.domid = sdom;
	op.source.offset = soff;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	return op;
}

static int16_t copy1(struct gnttab_copy op)
{
	EXPECT_RC(gnttab_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static void check_copy(void)
{
	const uint16_t S = GNTCOPY_source_gref, D = GNTCOPY_dest_gref;
	struct gnttab_copy batch[3];

	fill(mine, 9);
	memset(pages[3], 0, PAGE_SIZE_4K);
	grant(20, self, pages[3], GTF_permit_access);
	grant(21, self, pages[4], GTF_permit_access | GTF_readonly);
	fill(pages[4], 5);

	/* Own frame into a grant, a grant (by DOMID_SELF) into an own frame, frame to frame. */
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 100, 20, self, 300, 200)), GNTST_okay);
	EXPECT_TRUE(memcmp(pages[3] + 300, mine + 100, 200) == 0);
	EXPECT_EQ(pages[3][299], 0);
	EXPECT_EQ(pages[3][500], 0);
	EXPECT_HEX(table[20].flags, GTF_permit_access);
	EXPECT_EQ(copy1(copy_op(S, 21, DOMID_SELF, 0, gfn_of(mine), DOMID_SELF, 0, 4096)),
		  GNTST_okay);
	EXPECT_TRUE(holds(mine, 5));
	EXPECT_HEX(table[21].flags, GTF_permit_access | GTF_readonly);
	EXPECT_EQ(copy1(copy_op(0, gfn_of(pages[0]), DOMID_SELF, 0, gfn_of(mine), DOMID_SELF, 0,
				4096)),
		  GNTST_okay);
	EXPECT_TRUE(holds(mine, 1));
	EXPECT_EQ(copy1(copy_op(S | D, 21, self, 8, 20, self, 8, 0)), GNTST_okay);

	/* Frames may only be named as DOMID_SELF; then domains, grants, frames, lengths. */
	EXPECT_EQ(copy1(copy_op(0, gfn_of(mine), self, 0, gfn_of(pages[0]), DOMID_SELF, 0, 8)),
		  GNTST_permission_denied);
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 0, 20, ABSENT_DOMID, 0, 8)),
		  GNTST_bad_domain);
	EXPECT_EQ(copy1(copy_op(S | D, 100000, DOMID_SELF, 0, 20, ABSENT_DOMID, 0, 8)),
		  GNTST_bad_domain);
	EXPECT_EQ(copy1(copy_op(S | D, 100000, DOMID_SELF, 0, 20, self, 0, 8)), GNTST_bad_gntref);
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 0, 21, self, 0, 8)),
		  GNTST_general_error);
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 0, 12, self, 0, 8)),
		  GNTST_general_error);
	EXPECT_EQ(copy1(copy_op(D, UNBACKED_GPA / PAGE_SIZE_4K, DOMID_SELF, 0, 20, self, 0, 8)),
		  GNTST_bad_page);
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 4000, 20, self, 0, 200)),
		  GNTST_bad_copy_arg);
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 0, 20, self, 4095, 2)),
		  GNTST_bad_copy_arg);
	/* A bad grant is reported before bad lengths, as Xen claims both sides first. */
	EXPECT_EQ(copy1(copy_op(D, gfn_of(mine), DOMID_SELF, 0, 100000, self, 4095, 2)),
		  GNTST_bad_gntref);
	EXPECT_HEX(table[20].flags, GTF_permit_access);
	EXPECT_HEX(table[21].flags, GTF_permit_access | GTF_readonly);

	/* A batch: every operation gets its own status; the good ones happen. */
	fill(mine, 11);
	memset(pages[3], 0, PAGE_SIZE_4K);
	batch[0] = copy_op(D, gfn_of(mine), DOMID_SELF, 0, 20, self, 0, 16);
	batch[1] = copy_op(D, gfn_of(mine), DOMID_SELF, 0, 100000, self, 0, 16);
	batch[2] = copy_op(D, gfn_of(mine), DOMID_SELF, 16, 20, self, 16, 16);
	EXPECT_RC(gnttab_op(GNTTABOP_copy, batch, 3), 0);
	EXPECT_EQ(batch[0].status, GNTST_okay);
	EXPECT_EQ(batch[1].status, GNTST_bad_gntref);
	EXPECT_EQ(batch[2].status, GNTST_okay);
	EXPECT_TRUE(memcmp(pages[3], mine, 32) == 0);
	EXPECT_EQ(pages[3][32], 0);
}

static void check_batches_and_arguments(void)
{
	struct gnttab_map_grant_ref maps[2] = {
		{.host_addr = GPA(MAP_OFFSET(8)), .flags = GNTMAP_host_map, .ref = 20, .dom = self},
		{.host_addr = GPA(MAP_OFFSET(9)),
		 .flags = GNTMAP_host_map,
		 .ref = 99999,
		 .dom = self},
	};
	struct gnttab_unmap_grant_ref unmaps[2];
	static const unsigned int unknown[] = {GNTTABOP_dump_table,
					       GNTTABOP_transfer,
					       GNTTABOP_unmap_and_replace,
					       GNTTABOP_get_status_frames,
					       GNTTABOP_swap_grant_ref,
					       GNTTABOP_cache_flush,
					       13,
					       4095};

	EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, maps, 2), 0);
	EXPECT_EQ(maps[0].status, GNTST_okay);
	EXPECT_EQ(maps[1].status, GNTST_bad_gntref);
	unmaps[0] = (struct gnttab_unmap_grant_ref){.host_addr = maps[0].host_addr,
						    .handle = maps[0].handle};
	unmaps[1] = unmaps[0];
	EXPECT_RC(gnttab_op(GNTTABOP_unmap_grant_ref, unmaps, 2), 0);
	EXPECT_EQ(unmaps[0].status, GNTST_okay);
	EXPECT_EQ(unmaps[1].status, GNTST_bad_handle);
	EXPECT_HEX(table[20].flags, GTF_permit_access);

	/* Nothing to do with count 0, whatever the pointer. */
	EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, (void *)0x10, 0), 0);
	EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, (void *)0x10, 1), -XEN_EFAULT);
	EXPECT_RC(gnttab_op(GNTTABOP_unmap_grant_ref, (void *)0x10, 1), -XEN_EFAULT);
	EXPECT_RC(gnttab_op(GNTTABOP_copy, (void *)0x10, 1), -XEN_EFAULT);
	/* A count that is negative as an int. */
	EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, maps, 0x80000000U), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(GNTTABOP_query_size, maps, 0xffffffffU), -XEN_EINVAL);
	/* Lamina bounds a batch (Xen preempts it instead; see docs/grant-tables.md). */
	EXPECT_RC(gnttab_op(GNTTABOP_copy, maps, 1025), -XEN_EINVAL);
	/* Continuation bits in the command are only for cache_flush. */
	EXPECT_RC(gnttab_op(GNTTABOP_query_size | (1U << 12), maps, 1), -XEN_EINVAL);
	EXPECT_RC(gnttab_op(99 | (1U << 12), maps, 1), -XEN_EINVAL);
	for (unsigned int i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		EXPECT_RC(gnttab_op(unknown[i], maps, 1), -XEN_ENOSYS);
}

void test_main(void)
{
	uint64_t domid = 0;

	boot_arg_number("domid", &domid);
	self = (domid_t)domid;
	printf("domain id %u\n", self);
	check_versions();
	check_query_size();
	check_frames();
	check_map_own_grant();
	check_map_errors();
	check_revoke_while_mapped();
	check_copy();
	check_batches_and_arguments();
}
