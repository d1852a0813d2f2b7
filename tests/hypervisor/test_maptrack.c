/* SPDX-License-Identifier: MIT */
/* Unit tests of the maptrack handle allocator (hypervisor/common/maptrack.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/maptrack.h>

#define MAX_FRAMES 3

static struct maptrack_entry *slots[MAX_FRAMES];
static void *pages[MAX_FRAMES + 1];
static struct maptrack mt;

static int setup(void **state)
{
	(void)state;
	memset(slots, 0, sizeof(slots));
	maptrack_init(&mt, slots, MAX_FRAMES);
	for (int i = 0; i <= MAX_FRAMES; i++) {
		pages[i] = malloc(MAPTRACK_FRAME_BYTES);
		/* The table must not trust what the frame held before. */
		memset(pages[i], 0xa5, MAPTRACK_FRAME_BYTES);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i <= MAX_FRAMES; i++)
		free(pages[i]);
	return 0;
}

/* Gets a handle, adding a frame first when the table asks for one, as the hypervisor does. */
static uint32_t get(int *frames_added)
{
	if (maptrack_wants_frame(&mt)) {
		assert_int_equal(maptrack_add_frame(&mt, pages[*frames_added]), 0);
		(*frames_added)++;
	}
	return maptrack_get(&mt);
}

static void test_geometry(void **state)
{
	(void)state;
	/* Xen's grant_mapping is 16 bytes too: 256 handles per frame, 1024 frames by default. */
	assert_int_equal(sizeof(struct maptrack_entry), 16);
	assert_int_equal(MAPTRACK_PER_FRAME, 256);
}

static void test_empty_table(void **state)
{
	(void)state;
	assert_int_equal(maptrack_limit(&mt), 0);
	assert_true(maptrack_wants_frame(&mt));
	assert_int_equal(maptrack_get(&mt), MAPTRACK_NONE);
	assert_null(maptrack_lookup(&mt, 0));
	assert_int_equal(maptrack_put(&mt, 0), -EINVAL);
}

static void test_fill_to_limit(void **state)
{
	int added = 0;
	uint32_t total = MAX_FRAMES * MAPTRACK_PER_FRAME;

	(void)state;
	/* Every handle once, in order, then nothing. */
	for (uint32_t i = 0; i < total; i++) {
		uint32_t h = get(&added);
		struct maptrack_entry *e;

		assert_int_equal(h, i);
		e = maptrack_lookup(&mt, h);
		assert_non_null(e);
		assert_int_equal(e->flags, MAPTRACK_RESERVED);
		assert_null(e->granter);
	}
	assert_int_equal(added, MAX_FRAMES);
	assert_int_equal(mt.in_use, total);
	assert_false(maptrack_wants_frame(&mt));
	assert_int_equal(maptrack_get(&mt), MAPTRACK_NONE);
	assert_int_equal(maptrack_add_frame(&mt, pages[MAX_FRAMES]), -ENOSPC);
	assert_int_equal(maptrack_limit(&mt), total);
	assert_null(maptrack_lookup(&mt, total));
	assert_null(maptrack_lookup(&mt, MAPTRACK_NONE));
}

static void test_put_and_reuse(void **state)
{
	int added = 0;
	uint32_t a, b, c;

	(void)state;
	a = get(&added);
	b = get(&added);
	c = get(&added);
	maptrack_lookup(&mt, b)->flags = GNTMAP_host_map;
	assert_int_equal(maptrack_put(&mt, b), 0);
	assert_null(maptrack_lookup(&mt, b));
	/* A second put of the same handle is refused and changes nothing. */
	assert_int_equal(maptrack_put(&mt, b), -EINVAL);
	assert_int_equal(mt.in_use, 2);
	/* The freed handle comes back first. */
	assert_int_equal(get(&added), b);
	assert_int_equal(get(&added), c + 1);
	assert_int_equal(added, 1);
	assert_int_equal(maptrack_put(&mt, a), 0);
	assert_int_equal(maptrack_put(&mt, c), 0);
	assert_int_equal(get(&added), c);
	assert_int_equal(get(&added), a);
}

static void test_full_table_recovers(void **state)
{
	int added = 0;
	uint32_t total = MAX_FRAMES * MAPTRACK_PER_FRAME;

	(void)state;
	for (uint32_t i = 0; i < total; i++)
		get(&added);
	/* Free every other handle; exactly those come back, then none. */
	for (uint32_t i = 0; i < total; i += 2)
		assert_int_equal(maptrack_put(&mt, i), 0);
	for (uint32_t i = 0; i < total / 2; i++) {
		uint32_t h = maptrack_get(&mt);

		assert_true(h < total);
		assert_int_equal(h % 2, 0);
	}
	assert_int_equal(maptrack_get(&mt), MAPTRACK_NONE);
	assert_int_equal(mt.in_use, total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry),
		cmocka_unit_test_setup_teardown(test_empty_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_to_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_table_recovers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
