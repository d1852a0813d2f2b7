/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1: each domain's table of grant entries (frames the guest places in its
 * physmap with XENMAPSPACE_grant_table and writes itself), the hypervisor's active entries that
 * count the uses of each grant, and the domain's maptrack of the grants of others it has mapped.
 * See docs/grant-tables.md.
 */
#ifndef LAMINA_GRANT_TABLE_H
#define LAMINA_GRANT_TABLE_H

#include <stdint.h>
#include <public/grant_table.h>
#include <lamina/maptrack.h>
#include <asm/spinlock.h>

struct domain;
struct vcpu;

/* Xen 4.17's defaults (gnttab_max_frames, gnttab_max_maptrack_frames; one frame at start). */
#define GNTTAB_MAX_FRAMES	 64
#define GNTTAB_INITIAL_FRAMES	 1
#define GNTTAB_MAX_MAPTRACK	 1024
#define GNTTAB_ENTRIES_PER_FRAME (4096 / sizeof(struct grant_entry_v1))

/*
 * The most operations one map, unmap or copy call may carry. Xen has no such limit because it
 * preempts long batches with a continuation; Lamina cannot continue a hypercall yet, so it bounds
 * the time one call keeps a CPU instead (4 MiB of mappings per call).
 */
#define GNTTAB_MAX_BATCH 1024

/* The hypervisor's view of one grant in use: who uses it, how often, and which frame it is. */
struct active_grant {
	uint32_t pin;  /* GNTPIN_* counts (lamina/grant_entry.h) */
	domid_t domid; /* the domain using it, valid while pin != 0 */
	uint64_t mfn;  /* the granted frame, valid while pin != 0 */
};

struct grant_table {
	/* Active entries, the number of frames, and every flag change the hypervisor makes. */
	spinlock_t lock;
	unsigned int nr_frames;
	struct grant_entry_v1 *shared[GNTTAB_MAX_FRAMES];
	struct active_grant *active[GNTTAB_MAX_FRAMES]; /* one array per shared frame */
	uint64_t frame_gfn[GNTTAB_MAX_FRAMES];		/* where the guest placed it; GFN_NONE */

	/*
	 * The maptrack, and every change the grant code makes to this domain's nested page tables
	 * (grant mappings and grant frames), which must not interleave. Taken before any `lock`.
	 */
	spinlock_t maptrack_lock;
	struct maptrack maptrack;
	struct maptrack_entry *maptrack_frames[GNTTAB_MAX_MAPTRACK];
};

/* Gives a new domain its table with GNTTAB_INITIAL_FRAMES frames; 0 or -ENOMEM. */
int grant_table_create(struct domain *d);
/* Frees the table and its frames; the domain is unreachable and nothing maps its grants. */
void grant_table_destroy(struct domain *d);
/* A dead domain's own mappings of grants (its maptrack) are undone; its vCPUs are gone. */
void grant_table_release_mappings(struct domain *d);
/* XENMEM_add_to_physmap(XENMAPSPACE_grant_table): places frame idx at gfn, growing the table. */
long grant_table_map_frame(struct domain *d, uint64_t idx, uint64_t gfn);

/* Fills entry ref of d's table as a toolstack does before the guest runs: 0 or -EINVAL. */
int grant_table_seed(struct domain *d, grant_ref_t ref, domid_t grantee, uint64_t gfn);

#endif
