// SPDX-License-Identifier: MIT
/*
 * A domain's foreign mappings (see lamina/foreign_map.h): an open-addressed table keyed by gfn,
 * allocated on first use, with linear probing and backward-shift deletion so that no
 * tombstones build up under privcmd's map/unmap churn.
 */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/foreign_map.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <asm/npt.h>

#define TABLE_SLOTS 16384 /* a power of two, FOREIGN_MAP_MAX at 75% load */

struct foreign_slot {
	uint64_t gfn;
	struct domain *owner; /* NULL: empty */
};

struct foreign_map {
	spinlock_t lock;
	unsigned int used;
	struct foreign_slot slots[TABLE_SLOTS];
};

static unsigned int home_slot(uint64_t gfn)
{
	return (unsigned int)((gfn * 0x9e3779b97f4a7c15ULL) >> 50) & (TABLE_SLOTS - 1);
}

/* The slot holding gfn, or the empty slot where it would go. Caller holds the lock. */
static struct foreign_slot *find(struct foreign_map *m, uint64_t gfn)
{
	unsigned int i = home_slot(gfn);

	while (m->slots[i].owner && m->slots[i].gfn != gfn)
		i = (i + 1) & (TABLE_SLOTS - 1);
	return &m->slots[i];
}

/* Empties slot s and pulls later entries of its probe chain back into the hole. */
static void erase(struct foreign_map *m, struct foreign_slot *s)
{
	unsigned int hole = (unsigned int)(s - m->slots), i = hole;

	m->slots[hole].owner = NULL;
	m->used--;
	for (;;) {
		unsigned int home;

		i = (i + 1) & (TABLE_SLOTS - 1);
		if (!m->slots[i].owner)
			return;
		home = home_slot(m->slots[i].gfn);
		/* Movable if its home is not in (hole, i], cyclically. */
		if (((i - home) & (TABLE_SLOTS - 1)) >= ((i - hole) & (TABLE_SLOTS - 1))) {
			m->slots[hole] = m->slots[i];
			m->slots[i].owner = NULL;
			hole = i;
		}
	}
}

/*
 * The host frame of a page of owner's own RAM: what it populated, not what it maps from others
 * (grants, foreign frames), whose owners this mapping would not pin.
 */
static bool own_frame(const struct domain *owner, uint64_t gfn, uint64_t *mfn)
{
	for (unsigned int i = 0; i < owner->nr_extents; i++) {
		const struct mem_extent *e = &owner->extents[i];

		if (gfn >= e->gfn && gfn - e->gfn < e->nr) {
			*mfn = e->mfn + (gfn - e->gfn);
			return true;
		}
	}
	return false;
}

static struct foreign_map *table_of(struct domain *d)
{
	struct foreign_map *m = __atomic_load_n(&d->foreign_map, __ATOMIC_ACQUIRE);
	struct foreign_map *fresh;

	if (m)
		return m;
	fresh = xzalloc(sizeof(*fresh));
	if (!fresh)
		return NULL;
	fresh->lock = (spinlock_t)SPINLOCK_INIT;
	if (!__atomic_compare_exchange_n(&d->foreign_map, &m, fresh, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		xfree(fresh, sizeof(*fresh));
		return m;
	}
	return fresh;
}

int foreign_map_add(struct domain *d, domid_t owner_id, uint64_t idx, uint64_t gfn)
{
	struct foreign_map *m;
	struct foreign_slot *s;
	struct domain *owner, *old = NULL;
	uint64_t mfn, flags;
	int rc = 0;

	if (gfn >= NPT_MAX_GFN)
		return -EINVAL;
	owner = domain_get(owner_id);
	if (!owner)
		return -ESRCH;
	if (owner->state != DOMAIN_RUNNING)
		rc = -ESRCH;
	else if (owner == d || !own_frame(owner, idx, &mfn))
		rc = -EINVAL;
	if (rc < 0) {
		domain_put(owner);
		return rc;
	}
	m = table_of(d);
	if (!m) {
		domain_put(owner);
		return -ENOMEM;
	}
	flags = spin_lock_irqsave(&m->lock);
	s = find(m, gfn);
	if (!s->owner && m->used >= FOREIGN_MAP_MAX)
		rc = -ENOMEM;
	else if (npt_map(d, gfn, mfn, 1, NPT_READ | NPT_WRITE) < 0)
		rc = -ENOMEM;
	if (rc == 0) {
		old = s->owner;
		if (!old)
			m->used++;
		*s = (struct foreign_slot){gfn, owner}; /* owner's reference moves into the table */
	}
	spin_unlock_irqrestore(&m->lock, flags);
	if (rc < 0)
		domain_put(owner);
	if (old)
		domain_put(old);
	return rc;
}

bool foreign_map_remove(struct domain *d, uint64_t gfn)
{
	struct foreign_map *m = __atomic_load_n(&d->foreign_map, __ATOMIC_ACQUIRE);
	struct domain *owner = NULL;
	struct foreign_slot *s;
	uint64_t flags;

	if (!m)
		return false;
	flags = spin_lock_irqsave(&m->lock);
	s = find(m, gfn);
	if (s->owner) {
		owner = s->owner;
		npt_unmap(d, gfn, 1);
		erase(m, s);
	}
	spin_unlock_irqrestore(&m->lock, flags);
	if (owner)
		domain_put(owner); /* may free the owner if it died meanwhile */
	return owner != NULL;
}

void foreign_map_release_all(struct domain *d)
{
	struct foreign_map *m = __atomic_exchange_n(&d->foreign_map, NULL, __ATOMIC_ACQ_REL);

	if (!m)
		return;
	for (unsigned int i = 0; i < TABLE_SLOTS; i++) {
		if (m->slots[i].owner) {
			npt_unmap(d, m->slots[i].gfn, 1);
			domain_put(m->slots[i].owner);
		}
	}
	xfree(m, sizeof(*m));
}
