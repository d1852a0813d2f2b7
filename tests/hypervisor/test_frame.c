/* SPDX-License-Identifier: MIT */
/* Unit tests of the physical frame allocator (hypervisor/common/frame.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/frame.h>

#define POOL_FRAMES 1000 /* not a multiple of 64: the last bitmap word is partial */

static uint64_t bitmap[(POOL_FRAMES + 63) / 64];
static struct frame_pool pool;

static int setup_empty_pool(void **state)
{
	(void)state;
	memset(bitmap, 0xa5, sizeof(bitmap)); /* init must not trust the storage */
	frame_pool_init(&pool, bitmap, POOL_FRAMES);
	return 0;
}

static uint64_t count_free(void)
{
	uint64_t n = 0;

	for (uint64_t pfn = 0; pfn < POOL_FRAMES; pfn++)
		n += frame_is_free(&pool, pfn);
	return n;
}

static void test_bitmap_bytes(void **state)
{
	(void)state;
	assert_int_equal(frame_bitmap_bytes(0), 0);
	assert_int_equal(frame_bitmap_bytes(1), 8);
	assert_int_equal(frame_bitmap_bytes(64), 8);
	assert_int_equal(frame_bitmap_bytes(65), 16);
	assert_int_equal(frame_bitmap_bytes(POOL_FRAMES), sizeof(bitmap));
	/* 4 GiB of RAM needs 128 KiB of bitmap. */
	assert_int_equal(frame_bitmap_bytes(1ULL << 20), 128 * 1024);
}

static void test_init_marks_everything_used(void **state)
{
	(void)state;
	assert_int_equal(pool.free_frames, 0);
	assert_int_equal(count_free(), 0);
	assert_true(frame_alloc(&pool, 1, 1) == FRAME_NONE);
}

static void test_release_rounds_inward(void **state)
{
	(void)state;
	/* [0x1001, 0x3fff) holds only frame 2 entirely. */
	frame_release_range(&pool, 0x1001, 0x3fff);
	assert_false(frame_is_free(&pool, 1));
	assert_true(frame_is_free(&pool, 2));
	assert_false(frame_is_free(&pool, 3));
	assert_int_equal(pool.free_frames, 1);

	/* A range inside one frame frees nothing. */
	frame_release_range(&pool, 0x5001, 0x5fff);
	assert_false(frame_is_free(&pool, 5));

	/* Exact page boundaries. */
	frame_release_range(&pool, 0x10000, 0x12000);
	assert_true(frame_is_free(&pool, 0x10));
	assert_true(frame_is_free(&pool, 0x11));
	assert_false(frame_is_free(&pool, 0x12));
	assert_int_equal(pool.free_frames, 3);

	/* Releasing again does not count twice. */
	frame_release_range(&pool, 0, 0x12000);
	assert_int_equal(pool.free_frames, 0x12);
	assert_int_equal(count_free(), 0x12);

	/* An inverted range is empty. */
	frame_release_range(&pool, 0x30000, 0x20000);
	assert_int_equal(pool.free_frames, 0x12);
}

static void test_claim_rounds_outward(void **state)
{
	(void)state;
	frame_release_range(&pool, 0, 0x100000);
	assert_int_equal(pool.free_frames, 0x100);

	/* [0x2fff, 0x3001) touches frames 2 and 3. */
	frame_claim_range(&pool, 0x2fff, 0x3001);
	assert_true(frame_is_free(&pool, 1));
	assert_false(frame_is_free(&pool, 2));
	assert_false(frame_is_free(&pool, 3));
	assert_true(frame_is_free(&pool, 4));
	assert_int_equal(pool.free_frames, 0x100 - 2);

	/* Claiming again does not count twice; an empty range claims nothing. */
	frame_claim_range(&pool, 0x2000, 0x4000);
	frame_claim_range(&pool, 0x8000, 0x8000);
	assert_true(frame_is_free(&pool, 8));
	assert_int_equal(pool.free_frames, 0x100 - 2);
	assert_int_equal(count_free(), 0x100 - 2);
}

static void test_ranges_beyond_the_pool_are_clipped(void **state)
{
	(void)state;
	/* The memory map may describe RAM far above what the pool tracks. */
	frame_release_range(&pool, (POOL_FRAMES - 2) * FRAME_SIZE, UINT64_MAX);
	assert_int_equal(pool.free_frames, 2);
	assert_true(frame_is_free(&pool, POOL_FRAMES - 1));
	assert_false(frame_is_free(&pool, POOL_FRAMES));
	frame_release_range(&pool, UINT64_MAX - 0x1000, UINT64_MAX);
	assert_int_equal(pool.free_frames, 2);

	/* Claiming up to the top of the address space must not wrap to frame 0. */
	frame_release_range(&pool, 0, 0x1000);
	frame_claim_range(&pool, (POOL_FRAMES - 1) * FRAME_SIZE, UINT64_MAX);
	assert_true(frame_is_free(&pool, 0));
	assert_true(frame_is_free(&pool, POOL_FRAMES - 2));
	assert_false(frame_is_free(&pool, POOL_FRAMES - 1));
	assert_int_equal(pool.free_frames, 2);

	/* Bits past max_pfn in the last bitmap word stay used. */
	assert_false(frame_is_free(&pool, UINT64_MAX));
}

static void test_alloc_contiguous_and_aligned(void **state)
{
	uint64_t a, b, c;

	(void)state;
	frame_release_range(&pool, 0x1000, POOL_FRAMES * FRAME_SIZE); /* frame 0 stays used */

	a = frame_alloc(&pool, 3, 1);
	assert_int_equal(a, 1);
	for (uint64_t i = 0; i < 3; i++)
		assert_false(frame_is_free(&pool, a + i));
	assert_int_equal(pool.free_frames, POOL_FRAMES - 1 - 3);

	/* 2 MiB-style alignment: 512 frames aligned to 512. */
	b = frame_alloc(&pool, 16, 512);
	assert_int_equal(b, 512);
	assert_true(frame_is_free(&pool, 4));
	assert_true(frame_is_free(&pool, 511));

	/* Alignment 0 means 1. */
	c = frame_alloc(&pool, 1, 0);
	assert_int_equal(c, 528);
	assert_int_equal(count_free(), pool.free_frames);
}

static void test_alloc_skips_holes(void **state)
{
	uint64_t pfn;

	(void)state;
	frame_release_range(&pool, 0, POOL_FRAMES * FRAME_SIZE);
	/* Free runs of 2 at 0, of 3 at 10, of 8 at 100 (used elsewhere up to 200). */
	frame_claim_range(&pool, 2 * FRAME_SIZE, 10 * FRAME_SIZE);
	frame_claim_range(&pool, 13 * FRAME_SIZE, 100 * FRAME_SIZE);
	frame_claim_range(&pool, 108 * FRAME_SIZE, 200 * FRAME_SIZE);

	pfn = frame_alloc(&pool, 4, 1);
	assert_int_equal(pfn, 100);
	pfn = frame_alloc(&pool, 3, 1); /* next fit: continues after 104 */
	assert_int_equal(pfn, 104);
	pfn = frame_alloc(&pool, 3, 4); /* aligned to 4 and 3 long: 200 */
	assert_int_equal(pfn, 200);
}

static void test_alloc_wraps_around_after_the_hint(void **state)
{
	uint64_t first, second;

	(void)state;
	frame_release_range(&pool, 0, POOL_FRAMES * FRAME_SIZE);
	first = frame_alloc(&pool, POOL_FRAMES - 10, 1);
	assert_int_equal(first, 0);
	assert_int_equal(frame_free(&pool, 0, 5), 0);
	/* Only 10 frames after the hint; a run of 12 must come from the start: none (5 + 10). */
	assert_true(frame_alloc(&pool, 12, 1) == FRAME_NONE);
	second = frame_alloc(&pool, 5, 1); /* fits after the hint */
	assert_int_equal(second, POOL_FRAMES - 10);
	second = frame_alloc(&pool, 5, 1); /* hint region has 5 left */
	assert_int_equal(second, POOL_FRAMES - 5);
	second = frame_alloc(&pool, 5, 1); /* hint at the end: wraps to the freed frames */
	assert_int_equal(second, 0);
	assert_int_equal(pool.free_frames, 0);
	assert_true(frame_alloc(&pool, 1, 1) == FRAME_NONE);
}

static void test_alloc_failure_changes_nothing(void **state)
{
	uint64_t before[sizeof(bitmap) / sizeof(bitmap[0])];
	struct frame_pool saved;

	(void)state;
	frame_release_range(&pool, 0, 64 * FRAME_SIZE);
	frame_claim_range(&pool, 32 * FRAME_SIZE, 33 * FRAME_SIZE);
	frame_claim_range(&pool, 0, FRAME_SIZE);
	memcpy(before, bitmap, sizeof(before));
	saved = pool;

	assert_true(frame_alloc(&pool, 33, 1) == FRAME_NONE);	      /* no run that long */
	assert_true(frame_alloc(&pool, 64, 1) == FRAME_NONE);	      /* more than is free */
	assert_true(frame_alloc(&pool, 0, 1) == FRAME_NONE);	      /* nothing asked */
	assert_true(frame_alloc(&pool, 1, 3) == FRAME_NONE);	      /* not a power of two */
	assert_true(frame_alloc(&pool, 1, 64) == FRAME_NONE);	      /* 0 and 64 are used */
	assert_true(frame_alloc_below(&pool, 1, 1, 1) == FRAME_NONE); /* below frame 1 */
	assert_true(frame_alloc_below(&pool, 1, 1, 0) == FRAME_NONE);
	assert_memory_equal(before, bitmap, sizeof(before));
	assert_int_equal(saved.free_frames, pool.free_frames);
	assert_int_equal(saved.hint, pool.hint);
}

static void test_alloc_below_respects_the_limit(void **state)
{
	uint64_t pfn;

	(void)state;
	frame_release_range(&pool, 0x10 * FRAME_SIZE, POOL_FRAMES * FRAME_SIZE);
	pool.hint = 500; /* as if earlier allocations had moved on */

	pfn = frame_alloc_below(&pool, 8, 1, 0x20);
	assert_int_equal(pfn, 0x10);
	pfn = frame_alloc_below(&pool, 8, 1, 0x20);
	assert_int_equal(pfn, 0x18);
	/* The run must end at or below the limit, not merely start below it. */
	assert_true(frame_alloc_below(&pool, 1, 1, 0x20) == FRAME_NONE);
	pfn = frame_alloc_below(&pool, 4, 1, 0x24);
	assert_int_equal(pfn, 0x20);
	/* A limit beyond the pool is the pool's end. */
	pfn = frame_alloc_below(&pool, 4, 1, UINT64_MAX);
	assert_int_equal(pfn, 0x24);
	pfn = frame_alloc_below(&pool, POOL_FRAMES - 0x28, 1, UINT64_MAX);
	assert_int_equal(pfn, 0x28);
	assert_int_equal(pool.free_frames, 0);
}

static void test_free_returns_frames(void **state)
{
	uint64_t pfn;

	(void)state;
	frame_release_range(&pool, 0, POOL_FRAMES * FRAME_SIZE);
	pfn = frame_alloc(&pool, 10, 1);
	assert_int_equal(frame_free(&pool, pfn + 2, 3), 0);
	assert_true(frame_is_free(&pool, pfn + 2));
	assert_true(frame_is_free(&pool, pfn + 4));
	assert_false(frame_is_free(&pool, pfn + 5));
	assert_int_equal(pool.free_frames, POOL_FRAMES - 7);
	/* The last frame of the pool can be freed. */
	frame_claim_range(&pool, (POOL_FRAMES - 1) * FRAME_SIZE, POOL_FRAMES * FRAME_SIZE);
	assert_int_equal(frame_free(&pool, POOL_FRAMES - 1, 1), 0);
	assert_true(frame_is_free(&pool, POOL_FRAMES - 1));
}

static void test_bad_free_is_refused_and_changes_nothing(void **state)
{
	uint64_t before[sizeof(bitmap) / sizeof(bitmap[0])];
	uint64_t free_before;

	(void)state;
	frame_release_range(&pool, 0, POOL_FRAMES * FRAME_SIZE);
	assert_int_equal(frame_alloc(&pool, 10, 1), 0);
	assert_int_equal(frame_free(&pool, 5, 1), 0);
	memcpy(before, bitmap, sizeof(before));
	free_before = pool.free_frames;

	assert_int_equal(frame_free(&pool, 5, 1), -EINVAL); /* double free */
	assert_int_equal(frame_free(&pool, 3, 4), -EINVAL); /* run containing a free frame */
	assert_int_equal(frame_free(&pool, 8, 4), -EINVAL); /* run extending into free frames */
	assert_int_equal(frame_free(&pool, 0, 0), -EINVAL); /* empty */
	assert_int_equal(frame_free(&pool, POOL_FRAMES, 1), -EINVAL);
	assert_int_equal(frame_free(&pool, POOL_FRAMES - 1, 2), -EINVAL);
	assert_int_equal(frame_free(&pool, 1, UINT64_MAX), -EINVAL); /* pfn + count wraps */
	assert_int_equal(frame_free(&pool, UINT64_MAX, 1), -EINVAL);
	assert_memory_equal(before, bitmap, sizeof(before));
	assert_int_equal(pool.free_frames, free_before);
}

/*
 * Random operations against a plain array of booleans: every allocation must be a free, aligned
 * run below the limit, and it must be found whenever one exists.
 */
static bool model[POOL_FRAMES];

static uint64_t model_find(uint64_t count, uint64_t align, uint64_t limit)
{
	for (uint64_t pfn = 0; pfn + count <= limit; pfn += align) {
		uint64_t i = 0;

		while (i < count && model[pfn + i])
			i++;
		if (i == count)
			return pfn;
	}
	return FRAME_NONE;
}

static void test_random_operations_match_a_model(void **state)
{
	uint64_t model_free = 0;

	(void)state;
	srandom(1234);
	memset(model, 0, sizeof(model));
	for (int round = 0; round < 20000; round++) {
		uint64_t pfn = random() % POOL_FRAMES;
		uint64_t count = 1 + random() % 40;
		uint64_t align = 1ULL << (random() % 7);
		uint64_t limit = random() % 4 ? POOL_FRAMES : random() % (POOL_FRAMES + 50);
		bool all_used = true;

		switch (random() % 4) {
		case 0: { /* release a byte range */
			uint64_t start = pfn * FRAME_SIZE + random() % 2 * 100;
			uint64_t end = start + count * FRAME_SIZE;
			uint64_t first = (start + FRAME_SIZE - 1) / FRAME_SIZE;

			frame_release_range(&pool, start, end);
			for (uint64_t f = first; f < end / FRAME_SIZE && f < POOL_FRAMES; f++)
				model[f] = true;
			break;
		}
		case 1: { /* allocate */
			uint64_t got = frame_alloc_below(&pool, count, align, limit);
			uint64_t exists =
				model_find(count, align, limit < POOL_FRAMES ? limit : POOL_FRAMES);

			assert_true((got == FRAME_NONE) == (exists == FRAME_NONE));
			if (got == FRAME_NONE)
				break;
			assert_int_equal(got % align, 0);
			assert_true(got + count <= limit);
			for (uint64_t i = 0; i < count; i++) {
				assert_true(model[got + i]);
				model[got + i] = false;
			}
			break;
		}
		default: /* free, valid or not */
			for (uint64_t i = 0; i < count; i++)
				all_used &= pfn + i < POOL_FRAMES && !model[pfn + i];
			assert_int_equal(frame_free(&pool, pfn, count), all_used ? 0 : -EINVAL);
			if (all_used)
				for (uint64_t i = 0; i < count; i++)
					model[pfn + i] = true;
			break;
		}
		model_free = 0;
		for (uint64_t f = 0; f < POOL_FRAMES; f++)
			model_free += model[f];
		assert_int_equal(pool.free_frames, model_free);
	}
	for (uint64_t f = 0; f < POOL_FRAMES; f++)
		assert_int_equal(frame_is_free(&pool, f), model[f]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bitmap_bytes, setup_empty_pool),
		cmocka_unit_test_setup(test_init_marks_everything_used, setup_empty_pool),
		cmocka_unit_test_setup(test_release_rounds_inward, setup_empty_pool),
		cmocka_unit_test_setup(test_claim_rounds_outward, setup_empty_pool),
		cmocka_unit_test_setup(test_ranges_beyond_the_pool_are_clipped, setup_empty_pool),
		cmocka_unit_test_setup(test_alloc_contiguous_and_aligned, setup_empty_pool),
		cmocka_unit_test_setup(test_alloc_skips_holes, setup_empty_pool),
		cmocka_unit_test_setup(test_alloc_wraps_around_after_the_hint, setup_empty_pool),
		cmocka_unit_test_setup(test_alloc_failure_changes_nothing, setup_empty_pool),
		cmocka_unit_test_setup(test_alloc_below_respects_the_limit, setup_empty_pool),
		cmocka_unit_test_setup(test_free_returns_frames, setup_empty_pool),
		cmocka_unit_test_setup(test_bad_free_is_refused_and_changes_nothing,
				       setup_empty_pool),
		cmocka_unit_test_setup(test_random_operations_match_a_model, setup_empty_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
