/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of memory_op (hypervisor/common/hypercall/memory_op.c) against Xen 4.17's
 * do_memory_op, xenmem_add_to_physmap_one and arch_memory_op(XENMEM_memory_map): no start
 * extent on operations that cannot be continued, gmfn_foreign refused before the domain lookup,
 * XSM_TARGET for a foreign domain, shared_info index 0 only, the memory map cut to the caller's
 * capacity; add_to_physmap_batch (foreign frames, per-entry results) and remove_from_physmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/memory.h>
#include <asm/npt.h>

#include "hypercall_fakes.h"

#define N(a)	     (sizeof(a) / sizeof((a)[0]))
#define EXTENT_SHIFT 6 /* MEMOP_EXTENT_SHIFT */

struct e820 {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static long memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	return hcall(do_memory_op, v, cmd, arg, 0);
}

static long add_to_physmap(struct fake_domain *caller, domid_t domid, uint32_t space, uint64_t idx,
			   uint64_t gpfn)
{
	struct xen_add_to_physmap x = {
		.domid = domid, .size = 0, .space = space, .idx = idx, .gpfn = gpfn};

	guest_put(caller, GVA_OK, &x, sizeof(x));
	return memory_op(&caller->vcpus[0], XENMEM_add_to_physmap, GVA_OK);
}

static uint64_t shared_info_mfn(struct fake_domain *fd)
{
	return (uint64_t)(uintptr_t)fd->d.shared_info >> 12;
}

static void test_shared_info_placed(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 3);

	(void)state;
	fd->vcpus[2].vcpu_info_registered = true;
	assert_int_equal(add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x1234), 0);
	assert_int_equal(fake.npt_maps, 1);
	assert_ptr_equal(fake.last_map.d, &fd->d);
	assert_int_equal(fake.last_map.gfn, 0x1234);
	assert_int_equal(fake.last_map.mfn, shared_info_mfn(fd));
	assert_int_equal(fake.last_map.nr, 1);
	assert_int_equal(fake.last_map.perms, NPT_READ | NPT_WRITE);
	assert_int_equal(fake.npt_unmaps, 0);
	assert_int_equal(fd->d.shared_info_gfn, 0x1234);
	/* vCPU time is valid the moment the page is visible, except where vcpu_info moved away. */
	assert_int_equal(fd->time_updates[0], 1);
	assert_int_equal(fd->time_updates[1], 1);
	assert_int_equal(fd->time_updates[2], 0);

	/* Moved: the old place is unmapped. Placed again where it is: nothing to unmap. */
	assert_int_equal(add_to_physmap(fd, 1, XENMAPSPACE_shared_info, 0, 0x2000), 0);
	assert_int_equal(fake.npt_maps, 2);
	assert_int_equal(fake.last_map.gfn, 0x2000);
	assert_int_equal(fake.npt_unmaps, 1);
	assert_ptr_equal(fake.last_unmap.d, &fd->d);
	assert_int_equal(fake.last_unmap.gfn, 0x1234);
	assert_int_equal(fake.last_unmap.nr, 1);
	assert_int_equal(add_to_physmap(fd, 1, XENMAPSPACE_shared_info, 0, 0x2000), 0);
	assert_int_equal(fake.npt_maps, 3);
	assert_int_equal(fake.npt_unmaps, 1);
	assert_int_equal(fd->d.shared_info_gfn, 0x2000);
}

static void test_shared_info_bad_index_and_gfn(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t bad_idx[] = {1, 2, 0x80000000, ~0ULL};
	const uint64_t bad_gfn[] = {NPT_MAX_GFN, NPT_MAX_GFN + 1, 1ULL << 40, ~0ULL};

	(void)state;
	for (size_t i = 0; i < N(bad_idx); i++)
		assert_int_equal(
			add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, bad_idx[i], 0x100),
			-EINVAL);
	for (size_t i = 0; i < N(bad_gfn); i++)
		assert_int_equal(
			add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, 0, bad_gfn[i]),
			-EINVAL);
	assert_int_equal(fake.npt_maps, 0);
	assert_int_equal(fd->d.shared_info_gfn, GFN_NONE);
	assert_int_equal(fd->time_updates[0], 0);
	/* The highest frame the nested tables can hold is accepted. */
	assert_int_equal(
		add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, 0, NPT_MAX_GFN - 1), 0);
	assert_int_equal(fd->d.shared_info_gfn, NPT_MAX_GFN - 1);
}

/* A failed mapping changes nothing: the old place stays mapped and recorded. */
static void test_shared_info_map_failure(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x40), 0);
	fake.npt_map_rc = -ENOMEM;
	assert_int_equal(add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x50), -ENOMEM);
	assert_int_equal(fake.npt_unmaps, 0);
	assert_int_equal(fd->d.shared_info_gfn, 0x40);
	assert_int_equal(fd->time_updates[0], 1);
}

static void test_other_spaces(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint32_t unsupported[] = {XENMAPSPACE_gmfn, XENMAPSPACE_gmfn_range,
					XENMAPSPACE_dev_mmio, 6, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < N(unsupported); i++)
		assert_int_equal(add_to_physmap(fd, DOMID_SELF, unsupported[i], 0, 0x100), -EINVAL);
	/* Foreign frames only through the batch op: -ENOSYS, before the domain is looked up. */
	assert_int_equal(add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, 0x100),
			 -ENOSYS);
	assert_int_equal(add_to_physmap(fd, 999, XENMAPSPACE_gmfn_foreign, 0, 0x100), -ENOSYS);
	assert_int_equal(fake.npt_maps + fake.npt_unmaps + fake.grant_frame_maps, 0);

	/* Grant table frames are handed on, with the target domain, index and frame. */
	assert_int_equal(add_to_physmap(fd, DOMID_SELF, XENMAPSPACE_grant_table, 3, 0x300),
			 FAKE_GRANT_RC);
	assert_int_equal(fake.grant_frame_maps, 1);
	assert_ptr_equal(fake.grant_frame_domain, &fd->d);
	assert_int_equal(fake.grant_frame_idx, 3);
	assert_int_equal(fake.grant_frame_gfn, 0x300);
}

static void test_add_to_physmap_foreign(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	/* Absent domains: -ESRCH for everyone, before the space is judged. */
	assert_int_equal(add_to_physmap(dom0, 7, XENMAPSPACE_shared_info, 0, 0x100), -ESRCH);
	assert_int_equal(add_to_physmap(domu, 7, XENMAPSPACE_shared_info, 0, 0x100), -ESRCH);
	assert_int_equal(add_to_physmap(domu, 7, 0xffffffff, 0, 0x100), -ESRCH);
	/* An ordinary domain may not place frames in another's physmap, nor in dom0's. */
	assert_int_equal(add_to_physmap(domu, 0, XENMAPSPACE_shared_info, 0, 0x100), -EPERM);
	assert_int_equal(add_to_physmap(domu, 0, XENMAPSPACE_grant_table, 0, 0x100), -EPERM);
	assert_int_equal(fake.npt_maps + fake.grant_frame_maps, 0);
	/* The privileged domain may, and the frame lands in the target. */
	assert_int_equal(add_to_physmap(dom0, 1, XENMAPSPACE_shared_info, 0, 0x100), 0);
	assert_ptr_equal(fake.last_map.d, &domu->d);
	assert_int_equal(fake.last_map.mfn, shared_info_mfn(domu));
	assert_int_equal(domu->d.shared_info_gfn, 0x100);
	assert_int_equal(dom0->d.shared_info_gfn, GFN_NONE);
}

/* One entry of XENMEM_add_to_physmap_batch: idx at GVA_OK2, gpfn after it, errs after that. */
static long batch_one(struct fake_domain *caller, domid_t domid, uint16_t space, uint16_t size,
		      domid_t owner, uint64_t idx, uint64_t gpfn, int32_t *err)
{
	struct xen_add_to_physmap_batch b = {.domid = domid,
					     .space = space,
					     .size = size,
					     .u.foreign_domid = owner,
					     .idxs = GVA_OK2,
					     .gpfns = GVA_OK2 + 8,
					     .errs = GVA_OK2 + 16};
	int32_t poison = 0x5a5a5a5a;
	long rc;

	guest_put(caller, GVA_OK, &b, sizeof(b));
	guest_put(caller, GVA_OK2, &idx, sizeof(idx));
	guest_put(caller, GVA_OK2 + 8, &gpfn, sizeof(gpfn));
	guest_put(caller, GVA_OK2 + 16, &poison, sizeof(poison));
	rc = memory_op(&caller->vcpus[0], XENMEM_add_to_physmap_batch, GVA_OK);
	memcpy(err, guest_ptr(caller, GVA_OK2 + 16), sizeof(*err));
	return rc;
}

static void test_batch_foreign(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	int32_t err;

	(void)state;
	/* A domU's entry fails with -EPERM in errs[]; the call itself succeeds, as in Xen. */
	assert_int_equal(
		batch_one(domu, DOMID_SELF, XENMAPSPACE_gmfn_foreign, 1, 0, 5, 0x900, &err), 0);
	assert_int_equal(err, -EPERM);
	assert_int_equal(fake.foreign_adds, 0);
	/* dom0's goes to the foreign map with the owner, its frame and where to put it. */
	fake.foreign_add_rc = 0;
	assert_int_equal(
		batch_one(dom0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, 1, 1, 5, 0x100000, &err), 0);
	assert_int_equal(err, 0);
	assert_int_equal(fake.foreign_adds, 1);
	assert_ptr_equal(fake.last_foreign.d, &dom0->d);
	assert_int_equal(fake.last_foreign.owner, 1);
	assert_int_equal(fake.last_foreign.idx, 5);
	assert_int_equal(fake.last_foreign.gfn, 0x100000);
	/* Its failure is reported per entry. */
	fake.foreign_add_rc = -ESRCH;
	assert_int_equal(batch_one(dom0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, 1, 9, 5, 0x1, &err),
			 0);
	assert_int_equal(err, -ESRCH);
	/* Other spaces, oversized batches and bad pointers fail the whole call. */
	assert_int_equal(batch_one(dom0, DOMID_SELF, XENMAPSPACE_gmfn, 1, 0, 5, 0x1, &err),
			 -EOPNOTSUPP);
	assert_int_equal(batch_one(dom0, DOMID_SELF, XENMAPSPACE_gmfn_foreign, 1025, 1, 5, 1, &err),
			 -E2BIG);
	assert_int_equal(memory_op(&dom0->vcpus[0], XENMEM_add_to_physmap_batch, GVA_HOLE),
			 -EFAULT);
	/* Another domain's physmap is the privileged domain's business only. */
	assert_int_equal(batch_one(domu, 0, XENMAPSPACE_gmfn_foreign, 1, 0, 5, 0x900, &err),
			 -EPERM);
}

static void test_remove_from_physmap(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);
	struct xen_remove_from_physmap r = {.domid = DOMID_SELF, .gpfn = 0x100000};

	(void)state;
	guest_put(fd, GVA_OK, &r, sizeof(r));
	/* A foreign mapping is undone by the foreign map, nothing else is touched. */
	fake.foreign_remove_found = true;
	assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_remove_from_physmap, GVA_OK), 0);
	assert_int_equal(fake.foreign_removes, 1);
	assert_int_equal(fake.npt_unmaps, 0);
	/* Nothing mapped there: -EINVAL. */
	fake.foreign_remove_found = false;
	fake.npt_lookup_found = false;
	assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_remove_from_physmap, GVA_OK), -EINVAL);
	/* An own page, here the shared_info frame: unmapped and forgotten. */
	fd->d.shared_info_gfn = 0x100000;
	fake.npt_lookup_found = true;
	assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_remove_from_physmap, GVA_OK), 0);
	assert_int_equal(fake.npt_unmaps, 1);
	assert_int_equal(fake.last_unmap.gfn, 0x100000);
	assert_int_equal(fd->d.shared_info_gfn, GFN_NONE);
	assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_remove_from_physmap, GVA_HOLE), -EFAULT);
}

static void test_add_to_physmap_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0, .gpfn = 0x100};
	uint64_t crossing = gva_crossing(sizeof(x));
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON, crossing};

	(void)state;
	guest_put(fd, crossing, &x, sizeof(x) / 2);
	for (size_t i = 0; i < N(unreadable); i++)
		assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_add_to_physmap, unreadable[i]),
				 -EFAULT);
	assert_int_equal(fake.npt_maps, 0);
	/* Input only: a read-only page will do. */
	memcpy(guest_ptr(fd, GVA_RO), &x, sizeof(x));
	assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_add_to_physmap, GVA_RO), 0);
	assert_int_equal(fd->d.shared_info_gfn, 0x100);
}

/* The map's header at GVA_OK, the entry buffer at `buffer`. */
static long memory_map(struct fake_domain *fd, uint32_t capacity, uint64_t buffer)
{
	struct xen_memory_map m = {.nr_entries = capacity, .buffer = buffer};

	guest_put(fd, GVA_OK, &m, sizeof(m));
	return memory_op(&fd->vcpus[0], XENMEM_memory_map, GVA_OK);
}

static uint32_t entries_written(struct fake_domain *fd)
{
	struct xen_memory_map m;

	memcpy(&m, guest_ptr(fd, GVA_OK), sizeof(m));
	return m.nr_entries;
}

static void assert_entries(struct fake_domain *fd, uint64_t buffer, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct e820 e;

		memcpy(&e, guest_ptr(fd, buffer + i * sizeof(e)), sizeof(e));
		assert_int_equal(e.addr, fd->d.memmap[i].addr);
		assert_int_equal(e.size, fd->d.memmap[i].size);
		assert_int_equal(e.type, fd->d.memmap[i].type);
	}
	assert_true(guest_untouched(fd, buffer + n * sizeof(struct e820), 64));
}

static void test_memory_map(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(sizeof(struct e820), 20);
	/* More room than entries: all three written, the count says so. */
	assert_int_equal(memory_map(fd, 128, GVA_OK2), 0);
	assert_int_equal(entries_written(fd), 3);
	assert_entries(fd, GVA_OK2, 3);
}

static void test_memory_map_truncated(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(memory_map(fd, 2, GVA_OK2), 0);
	assert_int_equal(entries_written(fd), 2);
	assert_entries(fd, GVA_OK2, 2);
	/* No room at all: nothing written but the count, and the buffer is never touched. */
	fakes_reset();
	fd = fake_domain_new(1, false, 1);
	assert_int_equal(memory_map(fd, 0, GVA_NONCANON), 0);
	assert_int_equal(entries_written(fd), 0);
}

/* A domain with no memory map: -ENOSYS, as Xen says to a domain without one. */
static void test_memory_map_absent(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	fd->d.nr_memmap = 0;
	assert_int_equal(memory_map(fd, 8, GVA_OK2), -ENOSYS);
	assert_int_equal(entries_written(fd), 8);
	assert_true(guest_untouched(fd, GVA_OK2, 64));
}

static void test_memory_map_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON, gva_crossing(16)};
	const uint64_t bad_buffers[] = {
		0,	    GVA_RO,	  GVA_HOLE,
		GVA_BEYOND, GVA_NONCANON, GVA_HOLE - 2 * sizeof(struct e820) - 4};

	(void)state;
	for (size_t i = 0; i < N(unreadable); i++)
		assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_memory_map, unreadable[i]),
				 -EFAULT);
	/* The entries cannot be written: -EFAULT, and the count is not written back. */
	for (size_t i = 0; i < N(bad_buffers); i++) {
		assert_int_equal(memory_map(fd, 3, bad_buffers[i]), -EFAULT);
		assert_int_equal(entries_written(fd), 3);
	}
	assert_true(guest_untouched(fd, GVA_RO, GUEST_PAGE));
	/* Header readable but not writable: the entries go out, the count cannot. */
	{
		struct xen_memory_map m = {.nr_entries = 3, .buffer = GVA_OK2};

		memcpy(guest_ptr(fd, GVA_RO), &m, sizeof(m));
		assert_int_equal(memory_op(&fd->vcpus[0], XENMEM_memory_map, GVA_RO), -EFAULT);
		assert_memory_equal(guest_ptr(fd, GVA_RO), &m, sizeof(m));
	}
}

static long reservation(struct fake_domain *caller, uint64_t cmd, domid_t domid)
{
	guest_put(caller, GVA_OK, &domid, sizeof(domid));
	return memory_op(&caller->vcpus[0], cmd, GVA_OK);
}

static void test_reservations(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	const domid_t two_bytes = DOMID_SELF;

	(void)state;
	domu->d.tot_pages = 1111;
	domu->d.max_pages = 2222;
	assert_int_equal(reservation(domu, XENMEM_current_reservation, DOMID_SELF), 1111);
	assert_int_equal(reservation(domu, XENMEM_maximum_reservation, DOMID_SELF), 2222);
	assert_int_equal(reservation(domu, XENMEM_current_reservation, 1), 1111);
	assert_int_equal(reservation(dom0, XENMEM_current_reservation, 1), 1111);
	assert_int_equal(reservation(dom0, XENMEM_maximum_reservation, 1), 2222);
	assert_int_equal(reservation(dom0, XENMEM_current_reservation, 0), 8192);
	assert_int_equal(reservation(domu, XENMEM_current_reservation, 0), -EPERM);
	assert_int_equal(reservation(domu, XENMEM_maximum_reservation, 0), -EPERM);
	assert_int_equal(reservation(domu, XENMEM_current_reservation, 5), -ESRCH);
	assert_int_equal(reservation(dom0, XENMEM_maximum_reservation, 5), -ESRCH);
	/* The argument is just a domid_t: two bytes before a hole are enough. */
	guest_put(domu, GVA_HOLE - 2, &two_bytes, sizeof(two_bytes));
	assert_int_equal(memory_op(&domu->vcpus[0], XENMEM_current_reservation, GVA_HOLE - 2),
			 1111);
	assert_int_equal(memory_op(&domu->vcpus[0], XENMEM_current_reservation, GVA_HOLE - 1),
			 -EFAULT);
	assert_int_equal(memory_op(&domu->vcpus[0], XENMEM_maximum_reservation, 0), -EFAULT);
	assert_int_equal(memory_op(&domu->vcpus[0], XENMEM_maximum_reservation, GVA_NONCANON),
			 -EFAULT);
}

/* None of these can be continued, so a start extent in the upper bits is refused untouched. */
static void test_start_extent(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t ops[] = {XENMEM_add_to_physmap, XENMEM_memory_map,
				XENMEM_current_reservation, XENMEM_maximum_reservation, 0x3f};
	const uint64_t extents[] = {1, 2, 0x12345, 1ULL << 57};
	struct xen_memory_map m = {.nr_entries = 3, .buffer = GVA_OK2};

	(void)state;
	guest_put(fd, GVA_OK, &m, sizeof(m));
	for (size_t i = 0; i < N(ops); i++)
		for (size_t j = 0; j < N(extents); j++)
			assert_int_equal(memory_op(&fd->vcpus[0],
						   ops[i] | (extents[j] << EXTENT_SHIFT), GVA_OK),
					 -EINVAL);
	assert_int_equal(fake.npt_maps, 0);
	assert_memory_equal(guest_ptr(fd, GVA_OK), &m, sizeof(m));
	assert_true(guest_untouched(fd, GVA_OK2, 64));
}

static void test_unknown_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);
	const uint64_t ops[] = {XENMEM_increase_reservation,
				XENMEM_decrease_reservation,
				XENMEM_maximum_ram_page,
				XENMEM_machphys_mfn_list,
				XENMEM_populate_physmap,
				8,
				XENMEM_machine_memory_map,
				XENMEM_exchange,
				XENMEM_set_memory_map,
				XENMEM_maximum_gpfn,
				XENMEM_get_vnumainfo,
				XENMEM_acquire_resource,
				29,
				0x3f};
	struct xen_memory_map m = {.nr_entries = 3, .buffer = GVA_OK2};

	(void)state;
	guest_put(fd, GVA_OK, &m, sizeof(m));
	for (size_t i = 0; i < N(ops); i++)
		assert_int_equal(memory_op(&fd->vcpus[0], ops[i], GVA_OK), -ENOSYS);
	assert_int_equal(fake.npt_maps + fake.npt_unmaps, 0);
	assert_memory_equal(guest_ptr(fd, GVA_OK), &m, sizeof(m));
	assert_true(guest_untouched(fd, GVA_OK2, 64));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_shared_info_placed),
		TEST(test_shared_info_bad_index_and_gfn),
		TEST(test_shared_info_map_failure),
		TEST(test_other_spaces),
		TEST(test_add_to_physmap_foreign),
		TEST(test_add_to_physmap_bad_pointers),
		TEST(test_batch_foreign),
		TEST(test_remove_from_physmap),
		TEST(test_memory_map),
		TEST(test_memory_map_truncated),
		TEST(test_memory_map_absent),
		TEST(test_memory_map_bad_pointers),
		TEST(test_reservations),
		TEST(test_start_extent),
		TEST(test_unknown_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
