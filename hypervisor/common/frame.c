/* SPDX-License-Identifier: MIT */
/* Physical frame allocator over a bitmap (see lamina/frame.h). */
#include <lamina/errno.h>
#include <lamina/frame.h>

#define BITS_PER_WORD 64

static uint64_t word_of(uint64_t pfn)
{
	return pfn / BITS_PER_WORD;
}

static uint64_t bit_of(uint64_t pfn)
{
	return 1ULL << (pfn % BITS_PER_WORD);
}

static bool test_free(const struct frame_pool *p, uint64_t pfn)
{
	return p->bitmap[word_of(pfn)] & bit_of(pfn);
}

static void set_free(struct frame_pool *p, uint64_t pfn)
{
	if (!test_free(p, pfn)) {
		p->bitmap[word_of(pfn)] |= bit_of(pfn);
		p->free_frames++;
	}
}

static void set_used(struct frame_pool *p, uint64_t pfn)
{
	if (test_free(p, pfn)) {
		p->bitmap[word_of(pfn)] &= ~bit_of(pfn);
		p->free_frames--;
	}
}

size_t frame_bitmap_bytes(uint64_t max_pfn)
{
	return (max_pfn / BITS_PER_WORD + (max_pfn % BITS_PER_WORD != 0)) * sizeof(uint64_t);
}

void frame_pool_init(struct frame_pool *p, uint64_t *bitmap, uint64_t max_pfn)
{
	size_t words = frame_bitmap_bytes(max_pfn) / sizeof(uint64_t);

	for (size_t i = 0; i < words; i++)
		bitmap[i] = 0;
	p->bitmap = bitmap;
	p->max_pfn = max_pfn;
	p->free_frames = 0;
	p->hint = 0;
}

static uint64_t pfn_round_up(uint64_t pa)
{
	return (pa >> FRAME_SHIFT) + ((pa & (FRAME_SIZE - 1)) != 0);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void frame_release_range(struct frame_pool *p, uint64_t start_pa, uint64_t end_pa)
{
	uint64_t end = min_u64(end_pa >> FRAME_SHIFT, p->max_pfn);

	for (uint64_t pfn = pfn_round_up(start_pa); pfn < end; pfn++)
		set_free(p, pfn);
}

void frame_claim_range(struct frame_pool *p, uint64_t start_pa, uint64_t end_pa)
{
	uint64_t end = min_u64(pfn_round_up(end_pa), p->max_pfn);

	for (uint64_t pfn = start_pa >> FRAME_SHIFT; pfn < end; pfn++)
		set_used(p, pfn);
}

/* The first free frame in [pfn, end), or end. Skips whole used words. */
static uint64_t next_free(const struct frame_pool *p, uint64_t pfn, uint64_t end)
{
	while (pfn < end) {
		uint64_t word = p->bitmap[word_of(pfn)] & ~(bit_of(pfn) - 1);

		if (word)
			return min_u64(word_of(pfn) * BITS_PER_WORD + __builtin_ctzll(word), end);
		pfn = (word_of(pfn) + 1) * BITS_PER_WORD;
	}
	return end;
}

/* The first used frame in [pfn, end), or end. */
static uint64_t next_used(const struct frame_pool *p, uint64_t pfn, uint64_t end)
{
	while (pfn < end) {
		uint64_t word = ~p->bitmap[word_of(pfn)] & ~(bit_of(pfn) - 1);

		if (word)
			return min_u64(word_of(pfn) * BITS_PER_WORD + __builtin_ctzll(word), end);
		pfn = (word_of(pfn) + 1) * BITS_PER_WORD;
	}
	return end;
}

/* Rounds pfn up to a multiple of align (a power of two); false on overflow. */
static bool align_up(uint64_t pfn, uint64_t align, uint64_t *out)
{
	uint64_t up = (pfn + align - 1) & ~(align - 1);

	if (up < pfn)
		return false;
	*out = up;
	return true;
}

/* First fit of an aligned run of count free frames inside [start, end). */
static uint64_t find_run(const struct frame_pool *p, uint64_t start, uint64_t end, uint64_t count,
			 uint64_t align)
{
	uint64_t pfn = start;

	while (pfn < end && end - pfn >= count) {
		uint64_t used;

		if (!align_up(next_free(p, pfn, end), align, &pfn) || pfn >= end ||
		    end - pfn < count)
			break;
		used = next_used(p, pfn, pfn + count);
		if (used == pfn + count)
			return pfn;
		pfn = used + 1;
	}
	return FRAME_NONE;
}

uint64_t frame_alloc_below(struct frame_pool *p, uint64_t count, uint64_t align_frames,
			   uint64_t limit_pfn)
{
	uint64_t end = min_u64(limit_pfn, p->max_pfn);
	uint64_t pfn = FRAME_NONE;

	if (align_frames == 0)
		align_frames = 1;
	if (count == 0 || count > p->free_frames || (align_frames & (align_frames - 1)))
		return FRAME_NONE;

	/* Next fit: from the hint to the end, then from the start. */
	if (p->hint < end)
		pfn = find_run(p, p->hint, end, count, align_frames);
	if (pfn == FRAME_NONE)
		pfn = find_run(p, 0, end, count, align_frames);
	if (pfn == FRAME_NONE)
		return FRAME_NONE;

	for (uint64_t i = 0; i < count; i++)
		set_used(p, pfn + i);
	p->hint = pfn + count;
	return pfn;
}

uint64_t frame_alloc(struct frame_pool *p, uint64_t count, uint64_t align_frames)
{
	return frame_alloc_below(p, count, align_frames, p->max_pfn);
}

int frame_free(struct frame_pool *p, uint64_t pfn, uint64_t count)
{
	if (count == 0 || pfn >= p->max_pfn || count > p->max_pfn - pfn)
		return -EINVAL;
	if (next_free(p, pfn, pfn + count) != pfn + count)
		return -EINVAL;

	for (uint64_t i = 0; i < count; i++)
		set_free(p, pfn + i);
	return 0;
}

bool frame_is_free(const struct frame_pool *p, uint64_t pfn)
{
	return pfn < p->max_pfn && test_free(p, pfn);
}
