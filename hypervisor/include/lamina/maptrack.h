/* SPDX-License-Identifier: MIT */
/*
 * The maptrack: one table per domain of the grant mappings it holds, indexed by the handle that
 * GNTTABOP_map_grant_ref returns and GNTTABOP_unmap_grant_ref takes back. Handles come from a
 * free list threaded through the unused entries; the table grows by one 4 KiB frame at a time up
 * to a limit. The caller supplies the frames and serialises all calls; the table itself never
 * allocates, so it runs unchanged in host tests.
 */
#ifndef LAMINA_MAPTRACK_H
#define LAMINA_MAPTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/grant_table.h>

#define MAPTRACK_NONE 0xffffffffU
/* Set in flags between maptrack_get() and the moment the mapping exists. */
#define MAPTRACK_RESERVED 0x8000U

struct maptrack_entry {
	void *granter;	 /* the granting domain, which this mapping keeps alive */
	grant_ref_t ref; /* while free: the next free handle */
	uint16_t flags;	 /* GNTMAP_host_map [| GNTMAP_readonly]; MAPTRACK_RESERVED; 0 when free */
	domid_t domid;	 /* the granting domain's id */
};

#define MAPTRACK_FRAME_BYTES 4096U
#define MAPTRACK_PER_FRAME   (MAPTRACK_FRAME_BYTES / sizeof(struct maptrack_entry))

struct maptrack {
	struct maptrack_entry **frames; /* max_frames slots */
	unsigned int max_frames;
	unsigned int nr_frames;
	uint32_t free_head; /* MAPTRACK_NONE when every entry is taken */
	unsigned int in_use;
};

/* `frames` is storage for max_frames pointers; the table starts with no frame. */
void maptrack_init(struct maptrack *mt, struct maptrack_entry **frames, unsigned int max_frames);

/* Handles [0, maptrack_limit()) exist. */
static inline uint32_t maptrack_limit(const struct maptrack *mt)
{
	return mt->nr_frames * MAPTRACK_PER_FRAME;
}

/* True when maptrack_get() would fail and another frame is allowed. */
bool maptrack_wants_frame(const struct maptrack *mt);

/* Adds a zeroed MAPTRACK_FRAME_BYTES frame; -ENOSPC at the limit (the frame is not taken). */
int maptrack_add_frame(struct maptrack *mt, void *frame);

/* A free handle, its entry marked MAPTRACK_RESERVED; MAPTRACK_NONE when none is free. */
uint32_t maptrack_get(struct maptrack *mt);

/* The entry of a handle that is in use or reserved; NULL for any other number. */
struct maptrack_entry *maptrack_lookup(struct maptrack *mt, uint32_t handle);

/* Returns a handle to the free list; -EINVAL if it is out of range or already free. */
int maptrack_put(struct maptrack *mt, uint32_t handle);

#endif
