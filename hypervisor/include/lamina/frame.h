/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator: one bit per 4 KiB frame over [0, max_pfn).
 *
 * The pool starts with every frame in use; boot code releases the usable RAM of the memory map
 * and claims back what the hypervisor and its modules occupy. Allocation is next-fit from a hint
 * so that repeated allocations do not rescan the low, already-used part of memory.
 * The caller provides the bitmap storage and serialises all calls.
 */
#ifndef LAMINA_FRAME_H
#define LAMINA_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_SHIFT 12
#define FRAME_SIZE  (1ULL << FRAME_SHIFT)
#define FRAME_NONE  ((uint64_t)-1)

struct frame_pool {
	uint64_t *bitmap;     /* bit set = frame free */
	uint64_t max_pfn;     /* frames [0, max_pfn) are tracked */
	uint64_t free_frames; /* number of set bits */
	uint64_t hint;	      /* where the next search starts */
};

size_t frame_bitmap_bytes(uint64_t max_pfn);

/* Every frame starts in use. */
void frame_pool_init(struct frame_pool *p, uint64_t *bitmap, uint64_t max_pfn);

/* Marks the whole frames inside [start_pa, end_pa) free; parts beyond max_pfn are ignored. */
void frame_release_range(struct frame_pool *p, uint64_t start_pa, uint64_t end_pa);

/* Marks every frame touching [start_pa, end_pa) used; parts beyond max_pfn are ignored. */
void frame_claim_range(struct frame_pool *p, uint64_t start_pa, uint64_t end_pa);

/*
 * Allocates count contiguous frames whose first pfn is a multiple of align_frames (a power of
 * two; 0 means 1). Returns the first pfn, or FRAME_NONE when no such run is free or the
 * arguments are invalid.
 */
uint64_t frame_alloc(struct frame_pool *p, uint64_t count, uint64_t align_frames);

/* As frame_alloc, with the whole run below limit_pfn. */
uint64_t frame_alloc_below(struct frame_pool *p, uint64_t count, uint64_t align_frames,
			   uint64_t limit_pfn);

/*
 * Frees [pfn, pfn + count). Returns 0, or -EINVAL without changing anything when the range is
 * empty, reaches beyond max_pfn or holds a frame that is already free (a double free).
 */
int frame_free(struct frame_pool *p, uint64_t pfn, uint64_t count);

/* False for frames beyond max_pfn. */
bool frame_is_free(const struct frame_pool *p, uint64_t pfn);

#endif /* LAMINA_FRAME_H */
