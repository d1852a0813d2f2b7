/* SPDX-License-Identifier: MIT */
/*
 * Frames of other domains that a privileged domain has placed in its own guest-physical space:
 * XENMEM_add_to_physmap_batch with XENMAPSPACE_gmfn_foreign (Linux's privcmd mmap, a domain
 * builder's view of a new guest), undone by XENMEM_remove_from_physmap. Each mapping holds a
 * reference on the frame's owner, so that the memory of an owner that dies stays until the
 * mapping is removed, as with grants.
 */
#ifndef LAMINA_FOREIGN_MAP_H
#define LAMINA_FOREIGN_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>

struct domain;

/* Mappings one domain may hold at once. */
#define FOREIGN_MAP_MAX 12288

/*
 * Maps owner's frame at its gfn `idx` at d's `gfn`, replacing whatever d had there (a foreign
 * mapping there is dropped first). 0, or -ESRCH (no such owner), -EINVAL (owner is d, or no
 * page at idx, or gfn out of range), -ENOMEM (table or page tables full).
 */
int foreign_map_add(struct domain *d, domid_t owner, uint64_t idx, uint64_t gfn);
/* Removes the foreign mapping at gfn: true if there was one (the NPT entry is gone too). */
bool foreign_map_remove(struct domain *d, uint64_t gfn);
/* Drops every foreign mapping d holds (d is dead, or dying). */
void foreign_map_release_all(struct domain *d);

#endif
