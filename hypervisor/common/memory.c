// SPDX-License-Identifier: MIT
/* The hypervisor's page allocator: the frame pool behind one lock. */
#include <lamina/console.h>
#include <lamina/frame.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <asm/spinlock.h>

static struct frame_pool pool;
static spinlock_t pool_lock = SPINLOCK_INIT;

void memory_init_pool(uint64_t *bitmap, uint64_t max_pfn)
{
	frame_pool_init(&pool, bitmap, max_pfn);
}

void memory_release(uint64_t start, uint64_t end)
{
	uint64_t flags = spin_lock_irqsave(&pool_lock);

	frame_release_range(&pool, start, end);
	spin_unlock_irqrestore(&pool_lock, flags);
}

void memory_claim(uint64_t start, uint64_t end)
{
	uint64_t flags = spin_lock_irqsave(&pool_lock);

	frame_claim_range(&pool, start, end);
	spin_unlock_irqrestore(&pool_lock, flags);
}

uint64_t alloc_frames(uint64_t nr, uint64_t align)
{
	uint64_t flags = spin_lock_irqsave(&pool_lock);
	uint64_t pfn = frame_alloc(&pool, nr, align);

	spin_unlock_irqrestore(&pool_lock, flags);
	return pfn;
}

void free_frames(uint64_t pfn, uint64_t nr)
{
	uint64_t flags = spin_lock_irqsave(&pool_lock);
	int rc = frame_free(&pool, pfn, nr);

	spin_unlock_irqrestore(&pool_lock, flags);
	/* A double or stray free is a hypervisor bug: refuse it loudly, keep the pool intact. */
	if (rc < 0)
		log_err("free of %llu frames at pfn %#llx refused: not allocated\n",
			(unsigned long long)nr, (unsigned long long)pfn);
}

uint64_t free_frame_count(void)
{
	return pool.free_frames;
}

void *alloc_pages(uint64_t nr)
{
	uint64_t pfn = alloc_frames(nr, 1);
	void *p;

	if (pfn == FRAME_NONE)
		return NULL;
	p = phys_to_virt(pfn * PAGE_BYTES);
	memset(p, 0, nr * PAGE_BYTES);
	return p;
}

void free_pages(void *p, uint64_t nr)
{
	if (p)
		free_frames(virt_to_phys(p) / PAGE_BYTES, nr);
}

void *xzalloc(size_t size)
{
	return alloc_pages((size + PAGE_BYTES - 1) / PAGE_BYTES);
}

void xfree(void *p, size_t size)
{
	free_pages(p, (size + PAGE_BYTES - 1) / PAGE_BYTES);
}
