// SPDX-License-Identifier: MIT
/*
 * memory_op as Xen 4.17's do_memory_op / arch_memory_op / xenmem_add_to_physmap_one answer an
 * HVM guest: shared_info appears at the GFN the guest picks and carries live vCPU time; the
 * memory map is the e820 the domain was built with (the same as hvm_start_info's); the
 * reservation queries count pages; bad arguments give the errors Xen gives.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/memory.h>

const char test_name[] = "memory_op";

#define ABSENT_DOMID	   0x1234
#define MEMOP_EXTENT_SHIFT 6
#define MAX_E820	   128
#define INVALID_GFN	   (~0UL)

/* A whole page: the hypervisor's page replaces all of it, so nothing else may live there. */
static union {
	struct shared_info s;
	uint8_t bytes[PAGE_SIZE_4K];
} shared_info_page PAGE_ALIGNED;

static long add_to_physmap(domid_t domid, uint32_t space, unsigned long idx, xen_pfn_t gpfn)
{
	struct xen_add_to_physmap xatp = {
		.domid = domid,
		.space = space,
		.idx = idx,
		.gpfn = gpfn,
	};

	return hc_memory_op(XENMEM_add_to_physmap, &xatp);
}

static void check_shared_info(void)
{
	const volatile struct vcpu_time_info *t = &shared_info_page.s.vcpu_info[0].time;
	xen_pfn_t gfn = (uintptr_t)&shared_info_page / PAGE_SIZE_4K;

	EXPECT_RC(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, gfn), -XEN_EINVAL);
	EXPECT_RC(add_to_physmap(DOMID_SELF, 99, 0, gfn), -XEN_EINVAL);
	EXPECT_RC(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, gfn), -XEN_ENOSYS);
	EXPECT_RC(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, INVALID_GFN), -XEN_EINVAL);
	EXPECT_RC(add_to_physmap(ABSENT_DOMID, XENMAPSPACE_shared_info, 0, gfn), -XEN_ESRCH);
	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, (void *)0x10), -XEN_EFAULT);

	/* Fill the page first: after the call the GFN shows Xen's page, not ours. */
	memset(&shared_info_page, 0xa5, sizeof(shared_info_page));
	EXPECT_RC(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn), 0);
	printf("vcpu 0 time: version %u tsc_timestamp %#lx system_time %lu mul %#x shift %d\n",
	       t->version, t->tsc_timestamp, t->system_time, t->tsc_to_system_mul, t->tsc_shift);
	EXPECT_TRUE(t->tsc_to_system_mul != 0);
	EXPECT_TRUE(t->tsc_to_system_mul != 0xa5a5a5a5);
	EXPECT_EQ(t->version & 1, 0);
	EXPECT_TRUE(t->system_time != 0xa5a5a5a5a5a5a5a5UL);
	/*
	 * The wall clock at system time 0 comes from the RTC, which QEMU sets from the host clock:
	 * any date after 2024-01-01 (1704067200) and before 2100 will do.
	 */
	printf("wall clock: version %u, %u.%09u s (hi %u)\n", shared_info_page.s.wc_version,
	       shared_info_page.s.wc_sec, shared_info_page.s.wc_nsec, shared_info_page.s.wc_sec_hi);
	EXPECT_EQ(shared_info_page.s.wc_version & 1, 0);
	EXPECT_TRUE(shared_info_page.s.wc_version != 0xa5a5a5a5);
	EXPECT_TRUE(shared_info_page.s.wc_sec > 1704067200U &&
		    shared_info_page.s.wc_sec < 4102444800U);
	EXPECT_TRUE(shared_info_page.s.wc_nsec < 1000000000U);
	EXPECT_EQ(shared_info_page.s.wc_sec_hi, 0);
	/* Mapping it again at the same place is allowed. */
	EXPECT_RC(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn), 0);
}

static long memory_map(struct e820_entry *entries, uint32_t *nr)
{
	struct xen_memory_map map = {.nr_entries = *nr, .buffer = guest_handle_of(entries)};
	long rc = hc_memory_op(XENMEM_memory_map, &map);

	*nr = map.nr_entries;
	return rc;
}

static void check_memory_map(void)
{
	static struct e820_entry e820[MAX_E820];
	const struct hvm_memmap_table_entry *given = boot_memmap();
	uint32_t nr = MAX_E820, i;
	struct xen_memory_map bad = {.nr_entries = 4, .buffer = 0x10};

	EXPECT_RC(memory_map(e820, &nr), 0);
	EXPECT_EQ(nr, boot_memmap_entries());
	for (i = 0; i < nr && i < boot_memmap_entries(); i++) {
		printf("e820 %u: %#lx-%#lx type %u\n", i, e820[i].addr, e820[i].addr + e820[i].size,
		       e820[i].type);
		if (e820[i].addr != given[i].addr || e820[i].size != given[i].size ||
		    e820[i].type != given[i].type)
			FAIL("e820 entry %u differs from start_info's %#lx-%#lx type %u", i,
			     given[i].addr, given[i].addr + given[i].size, given[i].type);
	}

	/* A shorter buffer gets the first entries and the count it holds. */
	nr = 1;
	memset(e820, 0, sizeof(e820));
	EXPECT_RC(memory_map(e820, &nr), 0);
	EXPECT_EQ(nr, 1);
	EXPECT_HEX(e820[0].addr, given ? given[0].addr : 0);
	EXPECT_HEX(e820[1].size, 0);

	EXPECT_RC(hc_memory_op(XENMEM_memory_map, &bad), -XEN_EFAULT);
	EXPECT_RC(hc_memory_op(XENMEM_memory_map, (void *)UNBACKED_VA), -XEN_EFAULT);
}

static void check_reservation(void)
{
	struct xen_memory_domain self = {.domid = DOMID_SELF};
	struct xen_memory_domain absent = {.domid = ABSENT_DOMID};
	long cur = hc_memory_op(XENMEM_current_reservation, &self);
	long max = hc_memory_op(XENMEM_maximum_reservation, &self);
	extern char image_start[], image_end[];

	printf("reservation: current %ld pages, maximum %ld pages\n", cur, max);
	EXPECT_TRUE(cur > 0);
	EXPECT_TRUE(max >= cur);
	/* At least the pages this image occupies. */
	EXPECT_TRUE(cur >= (image_end - image_start) / PAGE_SIZE_4K);
	EXPECT_RC(hc_memory_op(XENMEM_current_reservation, &absent), -XEN_ESRCH);
	EXPECT_RC(hc_memory_op(XENMEM_maximum_reservation, &absent), -XEN_ESRCH);
	EXPECT_RC(hc_memory_op(XENMEM_current_reservation, (void *)0x10), -XEN_EFAULT);
	/* A continuation extent on an operation that has none. */
	EXPECT_RC(hc_memory_op(XENMEM_current_reservation | 1UL << MEMOP_EXTENT_SHIFT, &self),
		  -XEN_EINVAL);
}

void test_main(void)
{
	struct xen_memory_domain self = {.domid = DOMID_SELF};

	check_shared_info();
	check_memory_map();
	check_reservation();

	/* Not for HVM guests, and unknown. */
	EXPECT_RC(hc_memory_op(XENMEM_machphys_mapping, &self), -XEN_ENOSYS);
	EXPECT_RC(hc_memory_op(XENMEM_acquire_resource + 10, &self), -XEN_ENOSYS);
	EXPECT_RC(hc_memory_op(63, &self), -XEN_ENOSYS);
}
