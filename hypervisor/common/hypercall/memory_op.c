// SPDX-License-Identifier: MIT
/* memory_op: placing shared_info, the guest's memory map, and reservation figures. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/foreign_map.h>
#include <lamina/grant_table.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/pvclock.h>
#include <public/memory.h>
#include <asm/npt.h>

/* The sub-op is in the low bits; the rest carries a continuation's start extent. */
#define MEMOP_CMD_MASK	   0x3f
#define MEMOP_EXTENT_SHIFT 6

static long map_shared_info(struct domain *d, uint64_t idx, uint64_t gpfn)
{
	uint64_t mfn = virt_to_phys(d->shared_info) >> 12;
	int rc;

	if (idx != 0 || gpfn >= NPT_MAX_GFN)
		return -EINVAL;
	/* The frame that was at gpfn stays the domain's until it dies, unmapped. */
	rc = npt_map(d, gpfn, mfn, 1, NPT_READ | NPT_WRITE);
	if (rc < 0)
		return rc;
	if (d->shared_info_gfn != GFN_NONE && d->shared_info_gfn != gpfn)
		npt_unmap(d, d->shared_info_gfn, 1);
	d->shared_info_gfn = gpfn;
	/* Linux divides by tsc_to_system_mul as soon as the page is mapped: make it valid now. */
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		if (!d->vcpus[i]->vcpu_info_registered)
			vcpu_time_update(d->vcpus[i]);
	return 0;
}

static long add_to_physmap(struct vcpu *v, uint64_t arg)
{
	struct xen_add_to_physmap x;
	struct domain *d;
	long err = 0;

	if (copy_from_guest(v, &x, arg, sizeof(x)) < 0)
		return -EFAULT;
	/* Foreign frames can only be mapped with add_to_physmap_batch, as under Xen. */
	if (x.space == XENMAPSPACE_gmfn_foreign)
		return -ENOSYS;
	d = hypercall_target_domain(v, x.domid, &err);
	if (!d)
		return err;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		return map_shared_info(d, x.idx, x.gpfn);
	case XENMAPSPACE_grant_table:
		return grant_table_map_frame(d, x.idx, x.gpfn);
	default:
		return -EINVAL;
	}
}

/* Without continuations a batch is done in one go; larger ones are refused. */
#define BATCH_MAX 1024

static int map_one_foreign(struct vcpu *v, struct domain *d, domid_t owner, uint64_t idx,
			   uint64_t gpfn)
{
	/* Another domain's memory is for privileged callers only (Xen's XSM_TARGET check). */
	if (!v->domain->is_privileged)
		return -EPERM;
	return foreign_map_add(d, owner, idx, gpfn);
}

/*
 * Only XENMAPSPACE_gmfn_foreign, what Linux's privcmd uses. As in Xen, each entry's result goes
 * to errs[] and the call itself succeeds once the batch has been walked.
 */
static long add_to_physmap_batch(struct vcpu *v, uint64_t arg)
{
	struct xen_add_to_physmap_batch b;
	struct domain *d;
	long err = 0;

	if (copy_from_guest(v, &b, arg, sizeof(b)) < 0)
		return -EFAULT;
	d = hypercall_target_domain(v, b.domid, &err);
	if (!d)
		return err;
	if (b.space != XENMAPSPACE_gmfn_foreign)
		return -EOPNOTSUPP;
	if (b.size > BATCH_MAX)
		return -E2BIG;
	for (unsigned int i = 0; i < b.size; i++) {
		xen_ulong_t idx;
		xen_pfn_t gpfn;
		int32_t rc;

		if (copy_from_guest(v, &idx, b.idxs + i * sizeof(idx), sizeof(idx)) < 0 ||
		    copy_from_guest(v, &gpfn, b.gpfns + i * sizeof(gpfn), sizeof(gpfn)) < 0)
			return -EFAULT;
		rc = map_one_foreign(v, d, b.u.foreign_domid, idx, gpfn);
		if (copy_to_guest(v, b.errs + i * sizeof(rc), &rc, sizeof(rc)) < 0)
			return -EFAULT;
	}
	return 0;
}

/*
 * Undoes a foreign mapping, or unmaps one of the domain's own pages (the frame stays the
 * domain's until it dies; the hardware domain's own RAM comes back 1:1 when next touched).
 */
static long remove_from_physmap(struct vcpu *v, uint64_t arg)
{
	struct xen_remove_from_physmap r;
	struct domain *d;
	long err = 0;
	uint64_t mfn;

	if (copy_from_guest(v, &r, arg, sizeof(r)) < 0)
		return -EFAULT;
	d = hypercall_target_domain(v, r.domid, &err);
	if (!d)
		return err;
	if (r.gpfn >= NPT_MAX_GFN)
		return -EINVAL;
	if (foreign_map_remove(d, r.gpfn))
		return 0;
	if (!npt_lookup(d, r.gpfn, false, &mfn))
		return -EINVAL;
	if (r.gpfn == d->shared_info_gfn)
		d->shared_info_gfn = GFN_NONE;
	npt_unmap(d, r.gpfn, 1);
	return 0;
}

static long memory_map(struct vcpu *v, uint64_t arg)
{
	struct xen_memory_map map;
	struct domain *d = v->domain;
	struct e820_entry e;

	if (copy_from_guest(v, &map, arg, sizeof(map)) < 0)
		return -EFAULT;
	if (d->nr_memmap == 0)
		return -ENOSYS;
	if (map.nr_entries > d->nr_memmap)
		map.nr_entries = d->nr_memmap;
	for (uint32_t i = 0; i < map.nr_entries; i++) {
		e = (struct e820_entry){d->memmap[i].addr, d->memmap[i].size, d->memmap[i].type};
		if (copy_to_guest(v, map.buffer + i * sizeof(e), &e, sizeof(e)) < 0)
			return -EFAULT;
	}
	return copy_to_guest(v, arg, &map, sizeof(map)) < 0 ? -EFAULT : 0;
}

static long reservation(struct vcpu *v, uint64_t arg, bool current)
{
	domid_t domid;
	struct domain *d;
	long err = 0;

	if (copy_from_guest(v, &domid, arg, sizeof(domid)) < 0)
		return -EFAULT;
	d = hypercall_target_domain(v, domid, &err);
	if (!d)
		return err;
	return (long)(current ? d->tot_pages : d->max_pages);
}

long do_memory_op(struct vcpu *v, const uint64_t args[5])
{
	/* None of these operations can be continued, so none may carry a start extent. */
	if (args[0] >> MEMOP_EXTENT_SHIFT)
		return -EINVAL;
	switch (args[0] & MEMOP_CMD_MASK) {
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, args[1]);
	case XENMEM_memory_map:
		return memory_map(v, args[1]);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(v, args[1]);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(v, args[1]);
	case XENMEM_current_reservation:
		return reservation(v, args[1], true);
	case XENMEM_maximum_reservation:
		return reservation(v, args[1], false);
	default:
		return -ENOSYS;
	}
}
