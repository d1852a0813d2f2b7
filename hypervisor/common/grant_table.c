// SPDX-License-Identifier: MIT
/*
 * grant_table_op for translated (PVH/HVM) guests, version 1 tables, with Xen 4.17's checks and
 * per-operation statuses: query_size, setup_table, set_version, get_version, map_grant_ref
 * (GNTMAP_host_map into the caller's nested page tables), unmap_grant_ref and copy; the table
 * frames behind XENMAPSPACE_grant_table; and what happens to grants when a domain dies.
 *
 * Locking: a domain's maptrack_lock before any grant table's lock; no lock is held across
 * domain_put(), which may free a domain. A domain whose pages another domain maps or copies holds
 * a reference per use (domain_get/domain_put), so its memory outlives it until the last unmap.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/grant_entry.h>
#include <lamina/grant_table.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/smp.h>
#include <asm/npt.h>

/* Bits of the sub-op number above these carry a continuation argument (cache_flush only). */
#define GNTTABOP_CMD_BITS 12
#define GNTTABOP_CMD_MASK ((1U << GNTTABOP_CMD_BITS) - 1)

#define ACTIVE_PAGES ((GNTTAB_ENTRIES_PER_FRAME * sizeof(struct active_grant) + 4095) / 4096)

/* --- table frames ------------------------------------------------------------------------ */

static unsigned int nr_entries(const struct grant_table *gt)
{
	return __atomic_load_n(&gt->nr_frames, __ATOMIC_ACQUIRE) * GNTTAB_ENTRIES_PER_FRAME;
}

static struct grant_entry_v1 *shared_entry(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static struct active_grant *active_entry(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Grows the table to `want` frames, all or nothing; called with gt->lock held. */
static int grow_table(struct grant_table *gt, unsigned int want)
{
	unsigned int have = gt->nr_frames;

	if (want > GNTTAB_MAX_FRAMES)
		return -EINVAL;
	for (unsigned int i = have; i < want; i++) {
		gt->shared[i] = alloc_pages(1);
		gt->active[i] = alloc_pages(ACTIVE_PAGES);
		gt->frame_gfn[i] = GFN_NONE;
		if (!gt->shared[i] || !gt->active[i]) {
			for (unsigned int j = have; j <= i; j++) {
				free_pages(gt->shared[j], 1);
				free_pages(gt->active[j], ACTIVE_PAGES);
				gt->shared[j] = NULL;
				gt->active[j] = NULL;
			}
			return -ENOMEM;
		}
	}
	if (want > have)
		__atomic_store_n(&gt->nr_frames, want, __ATOMIC_RELEASE);
	return 0;
}

int grant_table_create(struct domain *d)
{
	struct grant_table *gt = xzalloc(sizeof(*gt));
	int rc;

	if (!gt)
		return -ENOMEM;
	gt->lock = (spinlock_t)SPINLOCK_INIT;
	gt->maptrack_lock = (spinlock_t)SPINLOCK_INIT;
	maptrack_init(&gt->maptrack, gt->maptrack_frames, GNTTAB_MAX_MAPTRACK);
	rc = grow_table(gt, GNTTAB_INITIAL_FRAMES);
	if (rc < 0) {
		xfree(gt, sizeof(*gt));
		return rc;
	}
	d->grant_table = gt;
	return 0;
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	if (!gt)
		return;
	for (unsigned int i = 0; i < gt->nr_frames; i++) {
		free_pages(gt->shared[i], 1);
		free_pages(gt->active[i], ACTIVE_PAGES);
	}
	for (unsigned int i = 0; i < gt->maptrack.nr_frames; i++)
		free_pages(gt->maptrack_frames[i], 1);
	xfree(gt, sizeof(*gt));
	d->grant_table = NULL;
}

/*
 * Whether host frame mfn belongs to d: its RAM, its shared_info page or one of its grant-table
 * frames. Under Xen these are the pages a domain owns and may grant or name in a copy.
 */
static bool domain_owns_mfn(struct domain *d, uint64_t mfn)
{
	struct grant_table *gt = d->grant_table;
	unsigned int frames = __atomic_load_n(&gt->nr_frames, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < d->nr_extents; i++)
		if (mfn - d->extents[i].mfn < d->extents[i].nr)
			return true;
	if (mfn == virt_to_phys(d->shared_info) >> 12)
		return true;
	for (unsigned int i = 0; i < frames; i++)
		if (mfn == virt_to_phys(gt->shared[i]) >> 12)
			return true;
	return false;
}

/* The frame d has at gfn, if it is d's own page (and writable when asked): Xen's RAM check. */
static int16_t own_frame(struct domain *d, uint64_t gfn, bool readonly, uint64_t *mfn)
{
	if (!npt_lookup(d, gfn, !readonly, mfn) || !domain_owns_mfn(d, *mfn))
		return GNTST_bad_page;
	return GNTST_okay;
}

/*
 * A special page that a mapping or a grant frame replaces at gfn stops being there, as Xen's
 * physmap forgets it; nothing else would notice that the old GFN no longer shows it.
 */
static void forget_special_page_at(struct domain *d, uint64_t gfn)
{
	struct grant_table *gt = d->grant_table;

	if (d->shared_info_gfn == gfn)
		d->shared_info_gfn = GFN_NONE;
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		if (gt->frame_gfn[i] == gfn)
			gt->frame_gfn[i] = GFN_NONE;
}

long grant_table_map_frame(struct domain *d, uint64_t idx, uint64_t gfn)
{
	struct grant_table *gt = d->grant_table;
	/* Xen takes the index as an unsigned int here, dropping the upper bits. */
	uint32_t i = (uint32_t)idx;
	uint64_t old, mfn, flags, mt_flags;
	long rc = 0;

	if (gfn >= NPT_MAX_GFN)
		return -EINVAL;
	mt_flags = spin_lock_irqsave(&gt->maptrack_lock);
	flags = spin_lock_irqsave(&gt->lock);
	if (i >= gt->nr_frames && (i >= GNTTAB_MAX_FRAMES || grow_table(gt, i + 1) < 0)) {
		rc = -EINVAL;
		goto out;
	}
	mfn = virt_to_phys(gt->shared[i]) >> 12;
	rc = npt_map(d, gfn, mfn, 1, NPT_READ | NPT_WRITE);
	if (rc < 0)
		goto out;
	old = gt->frame_gfn[i];
	forget_special_page_at(d, gfn);
	/* Unhook the old place only if it still shows this frame (shared_info may be there now). */
	if (old != GFN_NONE && old != gfn) {
		uint64_t there;

		if (npt_lookup(d, old, false, &there) && there == mfn)
			npt_unmap(d, old, 1);
	}
	gt->frame_gfn[i] = gfn;
out:
	spin_unlock_irqrestore(&gt->lock, flags);
	spin_unlock_irqrestore(&gt->maptrack_lock, mt_flags);
	return rc;
}

/*
 * What a toolstack does before a guest first runs (Xen's grant table seeding): entry ref of d's
 * table grants d's frame gfn to grantee, so that the grantee can map it with the well-known ref
 * (GNTTAB_RESERVED_XENSTORE) instead of learning a frame number.
 */
int grant_table_seed(struct domain *d, grant_ref_t ref, domid_t grantee, uint64_t gfn)
{
	struct grant_table *gt = d->grant_table;
	struct grant_entry_v1 *e;
	uint64_t flags;
	int rc = 0;

	if (gfn > UINT32_MAX)
		return -EINVAL; /* a v1 entry holds a 32-bit frame number */
	flags = spin_lock_irqsave(&gt->lock);
	if (ref >= nr_entries(gt)) {
		rc = -EINVAL;
	} else {
		e = shared_entry(gt, ref);
		e->domid = grantee;
		e->frame = (uint32_t)gfn;
		/* The type goes in last: it is what makes the entry valid. */
		__atomic_store_n(&e->flags, (uint16_t)GTF_permit_access, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&gt->lock, flags);
	return rc;
}

/* --- using a grant: pins and the shared flags ------------------------------------------------ */

/*
 * Starts one use (a mapping or a copy) of grant ref of rd by user, after Xen's checks in their
 * order: ref in range, an active entry held by another domain or full, the shared entry's type,
 * domid and readonly bit, then the frame it names. On success *mfn is the granted frame and the
 * entry carries GTF_reading (and GTF_writing for a writable use) until grant_unuse().
 */
static int16_t grant_use(struct domain *rd, grant_ref_t ref, domid_t user, bool readonly,
			 bool mapping, uint64_t *mfn)
{
	struct grant_table *gt = rd->grant_table;
	uint32_t inc = gnttab_pin_increment(readonly);
	struct active_grant *act;
	struct grant_entry_v1 *e;
	uint64_t flags = spin_lock_irqsave(&gt->lock);
	int16_t rc = GNTST_okay;

	if (ref >= nr_entries(gt)) {
		rc = GNTST_bad_gntref;
		goto out;
	}
	act = active_entry(gt, ref);
	e = shared_entry(gt, ref);
	if (act->pin && (act->domid != user || gnttab_pin_full(act->pin, inc))) {
		rc = GNTST_general_error;
		goto out;
	}
	if (gnttab_use_needs_claim(act->pin, readonly)) {
		rc = (int16_t)gnttab_entry_claim((uint32_t *)e, act->pin != 0, readonly, mapping,
						 user);
		if (rc != GNTST_okay)
			goto out;
		if (!act->pin) {
			/* Read once: the granter may rewrite the entry at any moment. */
			uint64_t gfn = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);

			rc = own_frame(rd, gfn, readonly, &act->mfn);
			if (rc != GNTST_okay) {
				gnttab_entry_clear_flags(&e->flags,
							 gnttab_flags_to_clear(act->pin, readonly));
				goto out;
			}
			act->domid = user;
		}
	}
	act->pin += inc;
	*mfn = act->mfn;
out:
	spin_unlock_irqrestore(&gt->lock, flags);
	return rc;
}

/* Ends one use started by grant_use(); the entry's flags drop what no remaining use needs. */
static void grant_unuse(struct domain *rd, grant_ref_t ref, bool readonly)
{
	struct grant_table *gt = rd->grant_table;
	struct active_grant *act = active_entry(gt, ref);
	uint64_t flags = spin_lock_irqsave(&gt->lock);

	act->pin -= gnttab_pin_increment(readonly);
	gnttab_entry_clear_flags(&shared_entry(gt, ref)->flags,
				 gnttab_flags_to_clear(act->pin, readonly));
	spin_unlock_irqrestore(&gt->lock, flags);
}

/* The domain a grant operation names by id, held; DOMID_SELF only where Xen accepts it. */
static struct domain *get_domain(struct vcpu *v, domid_t domid, bool self_ok)
{
	if (self_ok && domid == DOMID_SELF) {
		domain_hold(v->domain);
		return v->domain;
	}
	return domain_get(domid);
}

/* Xen's XSM_TARGET rule: a domain itself, or any domain for a privileged caller. */
static bool may_inspect(struct vcpu *v, struct domain *d)
{
	return d == v->domain || v->domain->is_privileged;
}

/* --- map and unmap -------------------------------------------------------------------------- */

/*
 * Other vCPUs of the domain may still hold the old translation in their TLBs: make them leave
 * guest mode, since every VMRUN flushes. Lamina does not wait for them (see docs/grant-tables.md).
 */
static void flush_other_vcpus(struct vcpu *v)
{
	struct domain *d = v->domain;

	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *w = d->vcpus[i];

		if (w && w != v && __atomic_load_n(&w->running, __ATOMIC_ACQUIRE))
			smp_kick(w->cpu);
	}
}

/* Drops a mapping's reference on its granter, saying so when that frees a dead domain. */
static void put_granter(struct domain *rd)
{
	domid_t domid = rd->domid;
	bool dead = rd->state == DOMAIN_DEAD;

	if (domain_put(rd) && dead)
		log_info("d%u: freed after the last mapping of its grants was undone\n", domid);
}

/* How many of d's grants other domains use right now (for the log when d dies). */
static unsigned int grants_used_by_others(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int n = 0, entries = nr_entries(gt);
	uint64_t flags = spin_lock_irqsave(&gt->lock);

	for (grant_ref_t ref = 0; ref < entries; ref++) {
		const struct active_grant *act = active_entry(gt, ref);

		n += act->pin && act->domid != d->domid;
	}
	spin_unlock_irqrestore(&gt->lock, flags);
	return n;
}

/* A free maptrack handle of gt, growing the maptrack when needed; maptrack_lock held. */
static uint32_t new_handle(struct grant_table *gt)
{
	if (maptrack_wants_frame(&gt->maptrack)) {
		void *frame = alloc_pages(1);

		if (frame && maptrack_add_frame(&gt->maptrack, frame) < 0)
			free_pages(frame, 1);
	}
	return maptrack_get(&gt->maptrack);
}

/*
 * Places the granted frame at the caller's guest-physical address. Translated guests may only
 * ask for a plain host mapping (Xen's create_grant_p2m_mapping); replacing another grant mapping
 * is refused (Xen crashes the domain for it).
 */
static int16_t install_mapping(struct domain *ld, uint64_t host_addr, uint32_t map_flags,
			       uint64_t mfn)
{
	uint64_t gfn = host_addr >> 12, there;
	unsigned int perms = NPT_READ | (map_flags & GNTMAP_readonly ? 0 : NPT_WRITE);

	if ((map_flags & ~GNTMAP_readonly) != GNTMAP_host_map || gfn >= NPT_MAX_GFN)
		return GNTST_general_error;
	if (npt_lookup(ld, gfn, false, &there) && !domain_owns_mfn(ld, there)) {
		log_warn("d%u: grant map over the grant mapping at gfn %#llx refused\n", ld->domid,
			 (unsigned long long)gfn);
		return GNTST_general_error;
	}
	if (npt_map(ld, gfn, mfn, 1, perms) < 0)
		return GNTST_general_error;
	forget_special_page_at(ld, gfn);
	return GNTST_okay;
}

static int16_t map_grant(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
	struct domain *ld = v->domain, *rd;
	struct grant_table *lgt = ld->grant_table;
	bool readonly = op->flags & GNTMAP_readonly;
	struct maptrack_entry *mt;
	uint64_t flags, mfn = 0;
	uint32_t handle;
	int16_t rc;

	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return GNTST_bad_gntref;
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte))
		return GNTST_general_error; /* no device or PV mappings for translated guests */
	rd = get_domain(v, op->dom, false);
	if (!rd)
		return GNTST_bad_domain;

	flags = spin_lock_irqsave(&lgt->maptrack_lock);
	handle = new_handle(lgt);
	if (handle == MAPTRACK_NONE) {
		rc = GNTST_no_space;
		goto fail_unlock;
	}
	rc = grant_use(rd, op->ref, ld->domid, readonly, true, &mfn);
	if (rc != GNTST_okay)
		goto fail_handle;
	rc = install_mapping(ld, op->host_addr, op->flags, mfn);
	if (rc != GNTST_okay) {
		grant_unuse(rd, op->ref, readonly);
		goto fail_handle;
	}
	mt = maptrack_lookup(&lgt->maptrack, handle);
	mt->granter = rd;
	mt->ref = op->ref;
	mt->domid = rd->domid;
	mt->flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0);
	spin_unlock_irqrestore(&lgt->maptrack_lock, flags);
	/* The reference taken on rd now belongs to the mapping. */
	op->handle = handle;
	op->dev_bus_addr = mfn << 12;
	return GNTST_okay;

fail_handle:
	maptrack_put(&lgt->maptrack, handle);
fail_unlock:
	spin_unlock_irqrestore(&lgt->maptrack_lock, flags);
	domain_put(rd);
	return rc;
}

/*
 * Undoes a mapping by handle. As in Xen, a zero host_addr leaves the mapping in place and
 * succeeds, and the address must still show the granted frame.
 */
static int16_t unmap_grant(struct vcpu *v, const struct gnttab_unmap_grant_ref *op)
{
	struct domain *ld = v->domain, *rd;
	struct grant_table *lgt = ld->grant_table;
	struct maptrack_entry *mt;
	uint64_t flags, gfn = op->host_addr >> 12, mfn, there;
	grant_ref_t ref;
	bool readonly;

	flags = spin_lock_irqsave(&lgt->maptrack_lock);
	mt = maptrack_lookup(&lgt->maptrack, op->handle);
	if (!mt || !(mt->flags & GNTMAP_host_map)) {
		spin_unlock_irqrestore(&lgt->maptrack_lock, flags);
		return GNTST_bad_handle;
	}
	if (!op->host_addr) {
		spin_unlock_irqrestore(&lgt->maptrack_lock, flags);
		return GNTST_okay;
	}
	rd = mt->granter;
	ref = mt->ref;
	readonly = mt->flags & GNTMAP_readonly;
	/* The mapping's pin keeps the active entry's frame fixed. */
	mfn = active_entry(rd->grant_table, ref)->mfn;
	if (gfn >= NPT_MAX_GFN || !npt_lookup(ld, gfn, false, &there) || there != mfn) {
		spin_unlock_irqrestore(&lgt->maptrack_lock, flags);
		return GNTST_general_error;
	}
	npt_unmap(ld, gfn, 1);
	flush_other_vcpus(v);
	maptrack_put(&lgt->maptrack, op->handle);
	spin_unlock_irqrestore(&lgt->maptrack_lock, flags);

	grant_unuse(rd, ref, readonly);
	put_granter(rd);
	return GNTST_okay;
}

void grant_table_release_mappings(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int released = 0, in_use;

	for (uint32_t h = 0; h < maptrack_limit(&gt->maptrack); h++) {
		uint64_t flags = spin_lock_irqsave(&gt->maptrack_lock);
		struct maptrack_entry *mt = maptrack_lookup(&gt->maptrack, h);
		struct domain *rd;
		grant_ref_t ref;
		bool readonly;

		if (!mt || !(mt->flags & GNTMAP_host_map)) {
			spin_unlock_irqrestore(&gt->maptrack_lock, flags);
			continue;
		}
		rd = mt->granter;
		ref = mt->ref;
		readonly = mt->flags & GNTMAP_readonly;
		maptrack_put(&gt->maptrack, h);
		spin_unlock_irqrestore(&gt->maptrack_lock, flags);
		/* Its nested tables go with it; only the granter's side needs undoing. */
		grant_unuse(rd, ref, readonly);
		put_granter(rd);
		released++;
	}
	if (released)
		log_info("d%u: released %u grant mappings\n", d->domid, released);
	in_use = grants_used_by_others(d);
	if (in_use)
		log_info(
			"d%u: %u of its grants are still mapped by other domains: its memory stays "
			"until they are unmapped\n",
			d->domid, in_use);
}

/* --- copy ---------------------------------------------------------------------------------- */

/* One side of a copy while it runs. */
struct copy_side {
	struct domain *d; /* held */
	bool is_gref, readonly, in_use;
	grant_ref_t ref;
	uint8_t *page;
};

static int16_t copy_get_domain(struct vcpu *v, const struct gnttab_copy_ptr *p, bool is_gref,
			       struct copy_side *s)
{
	/* Only the caller's own frames can be named by frame number. */
	if (!is_gref && p->domid != DOMID_SELF)
		return GNTST_permission_denied;
	s->d = get_domain(v, p->domid, true);
	s->is_gref = is_gref;
	return s->d ? GNTST_okay : GNTST_bad_domain;
}

static int16_t copy_claim(struct vcpu *v, const struct gnttab_copy_ptr *p, struct copy_side *s)
{
	uint64_t mfn;
	int16_t rc;

	if (s->is_gref) {
		rc = grant_use(s->d, p->u.ref, v->domain->domid, s->readonly, false, &mfn);
		s->ref = p->u.ref;
		s->in_use = rc == GNTST_okay;
	} else {
		rc = own_frame(s->d, p->u.gmfn, s->readonly, &mfn);
	}
	if (rc == GNTST_okay)
		s->page = phys_to_virt(mfn << 12);
	return rc;
}

static void copy_release(struct copy_side *s)
{
	if (s->in_use)
		grant_unuse(s->d, s->ref, s->readonly);
	if (s->d)
		domain_put(s->d);
}

/* Xen's order: both domains, the source, the destination, then the offsets. */
static int16_t copy_one(struct vcpu *v, const struct gnttab_copy *op)
{
	struct copy_side src = {.readonly = true}, dst = {.readonly = false};
	int16_t rc;

	rc = copy_get_domain(v, &op->source, op->flags & GNTCOPY_source_gref, &src);
	if (rc == GNTST_okay)
		rc = copy_get_domain(v, &op->dest, op->flags & GNTCOPY_dest_gref, &dst);
	if (rc == GNTST_okay)
		rc = copy_claim(v, &op->source, &src);
	if (rc == GNTST_okay)
		rc = copy_claim(v, &op->dest, &dst);
	if (rc == GNTST_okay &&
	    (op->source.offset + op->len > PAGE_BYTES || op->dest.offset + op->len > PAGE_BYTES))
		rc = GNTST_bad_copy_arg;
	if (rc == GNTST_okay)
		memmove(dst.page + op->dest.offset, src.page + op->source.offset, op->len);
	copy_release(&dst);
	copy_release(&src);
	return rc;
}

/* --- the batched operations ---------------------------------------------------------------- */

static long op_map(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_map_grant_ref op;

	for (uint32_t i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
			return -EFAULT;
		op.status = map_grant(v, &op);
		if (copy_to_guest(v, uop, &op, sizeof(op)) < 0)
			return -EFAULT;
	}
	return 0;
}

static long op_unmap(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_unmap_grant_ref op;

	for (uint32_t i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
			return -EFAULT;
		op.status = unmap_grant(v, &op);
		if (copy_to_guest(v, uop + offsetof(struct gnttab_unmap_grant_ref, status),
				  &op.status, sizeof(op.status)) < 0)
			return -EFAULT;
	}
	return 0;
}

static long op_copy(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_copy op;

	for (uint32_t i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
			return -EFAULT;
		op.status = copy_one(v, &op);
		if (copy_to_guest(v, uop + offsetof(struct gnttab_copy, status), &op.status,
				  sizeof(op.status)) < 0)
			return -EFAULT;
	}
	return 0;
}

/* --- table-wide operations ----------------------------------------------------------------- */

static long op_query_size(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
		return -EFAULT;
	d = get_domain(v, op.dom, true);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else if (!may_inspect(v, d)) {
		op.status = GNTST_permission_denied;
	} else {
		op.nr_frames = __atomic_load_n(&d->grant_table->nr_frames, __ATOMIC_ACQUIRE);
		op.max_nr_frames = GNTTAB_MAX_FRAMES;
		op.status = GNTST_okay;
	}
	if (d)
		domain_put(d);
	return copy_to_guest(v, uop, &op, sizeof(op)) < 0 ? -EFAULT : 0;
}

/*
 * Grows the table to nr_frames and lists where the guest placed each frame: a translated guest
 * gets GFNs, and Xen's INVALID_M2P_ENTRY (all ones, our GFN_NONE) for a frame not placed yet.
 */
static int16_t setup_table(struct vcpu *v, struct domain *d, const struct gnttab_setup_table *op)
{
	struct grant_table *gt = d->grant_table;
	uint64_t gfns[GNTTAB_MAX_FRAMES], flags;
	int16_t rc = GNTST_okay;

	if (op->nr_frames > GNTTAB_MAX_FRAMES)
		return GNTST_general_error;
	flags = spin_lock_irqsave(&gt->lock);
	if (grow_table(gt, MAX(op->nr_frames, gt->nr_frames)) < 0)
		rc = GNTST_general_error;
	else
		memcpy(gfns, gt->frame_gfn, op->nr_frames * sizeof(gfns[0]));
	spin_unlock_irqrestore(&gt->lock, flags);
	for (uint32_t i = 0; rc == GNTST_okay && i < op->nr_frames; i++)
		if (copy_to_guest(v, op->frame_list + i * sizeof(xen_pfn_t), &gfns[i],
				  sizeof(xen_pfn_t)) < 0)
			rc = GNTST_bad_virt_addr;
	return rc;
}

static long op_setup_table(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_setup_table op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
		return -EFAULT;
	d = get_domain(v, op.dom, true);
	if (!d)
		op.status = GNTST_bad_domain;
	else if (!may_inspect(v, d))
		op.status = GNTST_permission_denied;
	else
		op.status = setup_table(v, d, &op);
	if (d)
		domain_put(d);
	return copy_to_guest(v, uop + offsetof(struct gnttab_setup_table, status), &op.status,
			     sizeof(op.status)) < 0
		       ? -EFAULT
		       : 0;
}

/* Version 2 is refused with -ENOSYS, as Xen refuses it when v2 is not allowed. */
static long op_set_version(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_set_version op;
	long rc;

	(void)count;
	if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
		return -EFAULT;
	if (op.version == 1)
		rc = 0;
	else if (op.version == 2)
		rc = -ENOSYS;
	else
		rc = -EINVAL;
	op.version = 1;
	return copy_to_guest(v, uop, &op, sizeof(op)) < 0 ? -EFAULT : rc;
}

static long op_get_version(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_get_version op;
	struct domain *d;
	bool allowed;

	(void)count;
	if (copy_from_guest(v, &op, uop, sizeof(op)) < 0)
		return -EFAULT;
	d = get_domain(v, op.dom, true);
	if (!d)
		return -ESRCH;
	allowed = may_inspect(v, d);
	domain_put(d);
	if (!allowed)
		return -EPERM;
	op.version = 1;
	return copy_to_guest(v, uop + offsetof(struct gnttab_get_version, version), &op.version,
			     sizeof(op.version)) < 0
		       ? -EFAULT
		       : 0;
}

struct gnttab_op {
	long (*fn)(struct vcpu *v, uint64_t uop, uint32_t count);
	bool batched; /* count is a number of operations, bounded by GNTTAB_MAX_BATCH */
};

static const struct gnttab_op gnttab_ops[] = {
	[GNTTABOP_map_grant_ref] = {op_map, true},
	[GNTTABOP_unmap_grant_ref] = {op_unmap, true},
	[GNTTABOP_setup_table] = {op_setup_table, false},
	[GNTTABOP_copy] = {op_copy, true},
	[GNTTABOP_query_size] = {op_query_size, false},
	[GNTTABOP_set_version] = {op_set_version, false},
	[GNTTABOP_get_version] = {op_get_version, false},
};

long do_grant_table_op(struct vcpu *v, const uint64_t args[5])
{
	uint32_t cmd = (uint32_t)args[0], count = (uint32_t)args[2];
	const struct gnttab_op *op;

	if ((int32_t)count < 0)
		return -EINVAL;
	/* Only cache_flush takes a continuation argument in the upper bits. */
	if ((cmd >> GNTTABOP_CMD_BITS) && (cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush)
		return -EINVAL;
	cmd &= GNTTABOP_CMD_MASK;
	if (cmd >= ARRAY_SIZE(gnttab_ops) || !gnttab_ops[cmd].fn)
		return -ENOSYS;
	op = &gnttab_ops[cmd];
	if (op->batched && count > GNTTAB_MAX_BATCH)
		return -EINVAL;
	return op->fn(v, args[1], count);
}
