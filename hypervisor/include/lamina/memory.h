/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor memory: whole pages from the frame pool. The hypervisor maps all RAM 1:1, so a
 * physical address is also the pointer to it.
 */
#ifndef LAMINA_MEMORY_H
#define LAMINA_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_BYTES 4096UL

void memory_init_pool(uint64_t *bitmap, uint64_t max_pfn);
void memory_release(uint64_t start, uint64_t end);
void memory_claim(uint64_t start, uint64_t end);

/* Zeroed, page-aligned, physically contiguous; NULL when the pool is exhausted. */
void *alloc_pages(uint64_t nr);
void free_pages(void *p, uint64_t nr);
/* Contiguous frames for a guest, aligned to `align` frames; returns the first pfn or -1. */
uint64_t alloc_frames(uint64_t nr, uint64_t align);
void free_frames(uint64_t pfn, uint64_t nr);
uint64_t free_frame_count(void);

/* Objects: rounded up to whole pages, which is fine for the handful of large objects we hold. */
void *xzalloc(size_t size);
void xfree(void *p, size_t size);

static inline uint64_t virt_to_phys(const void *p)
{
	return (uint64_t)p;
}

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)pa;
}

#endif
