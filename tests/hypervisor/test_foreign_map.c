// SPDX-License-Identifier: MIT
/*
 * A domain's foreign mappings (hypervisor/common/foreign_map.c): references taken and dropped on
 * the owners, the nested map written, replacement, refusals, a full table, and the table's
 * probe chains staying intact under heavy insert/remove churn (checked against a plain array).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/foreign_map.h>
#include <lamina/memory.h>
#include <asm/npt.h>

/* --- fakes ----------------------------------------------------------------------------------- */

static struct domain mapper, owner_a, owner_b;
static uint64_t npt_view[1 << 16]; /* mapper's gfn -> mfn + 1 (0: unmapped), gfns below 2^16 */
static unsigned int npt_maps, npt_unmaps;

struct domain *domain_get(domid_t id)
{
	struct domain *d = id == 1 ? &owner_a : id == 2 ? &owner_b : id == 0 ? &mapper : NULL;

	if (d)
		d->refs++;
	return d;
}

bool domain_put(struct domain *d)
{
	assert_true(d->refs > 0);
	d->refs--;
	return false;
}

int npt_map(struct domain *d, uint64_t gfn, uint64_t mfn, uint64_t nr, unsigned int perms)
{
	assert_ptr_equal(d, &mapper);
	assert_int_equal(nr, 1);
	assert_int_equal(perms, NPT_READ | NPT_WRITE);
	if (gfn < 1 << 16)
		npt_view[gfn] = mfn + 1;
	npt_maps++;
	return 0;
}

void npt_unmap(struct domain *d, uint64_t gfn, uint64_t nr)
{
	assert_ptr_equal(d, &mapper);
	assert_int_equal(nr, 1);
	if (gfn < 1 << 16)
		npt_view[gfn] = 0;
	npt_unmaps++;
}

void *xzalloc(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p, size_t size)
{
	(void)size;
	free(p);
}

static int setup(void **state)
{
	(void)state;
	mapper = (struct domain){.domid = 0, .refs = 1, .state = DOMAIN_RUNNING};
	owner_a = (struct domain){.domid = 1, .refs = 1, .state = DOMAIN_RUNNING, .nr_extents = 2};
	owner_a.extents[0] = (struct mem_extent){.gfn = 0, .mfn = 0x1000, .nr = 0x800};
	owner_a.extents[1] = (struct mem_extent){.gfn = 0x900, .mfn = 0x5000, .nr = 0x10};
	owner_b = (struct domain){.domid = 2, .refs = 1, .state = DOMAIN_RUNNING, .nr_extents = 1};
	owner_b.extents[0] = (struct mem_extent){.gfn = 0, .mfn = 0x9000, .nr = 0x100};
	memset(npt_view, 0, sizeof(npt_view));
	npt_maps = npt_unmaps = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	foreign_map_release_all(&mapper);
	return 0;
}

/* --- tests ----------------------------------------------------------------------------------- */

static void map_pins_owner_and_remove_unpins(void **state)
{
	(void)state;
	assert_int_equal(foreign_map_add(&mapper, 1, 0x905, 0x100), 0);
	assert_int_equal(npt_view[0x100], 0x5005 + 1);
	assert_int_equal(owner_a.refs, 2);
	assert_true(foreign_map_remove(&mapper, 0x100));
	assert_int_equal(npt_view[0x100], 0);
	assert_int_equal(owner_a.refs, 1);
	/* Nothing there any more. */
	assert_false(foreign_map_remove(&mapper, 0x100));
	assert_int_equal(npt_unmaps, 1);
}

static void replacing_moves_the_reference(void **state)
{
	(void)state;
	assert_int_equal(foreign_map_add(&mapper, 1, 3, 0x200), 0);
	assert_int_equal(foreign_map_add(&mapper, 2, 7, 0x200), 0);
	assert_int_equal(npt_view[0x200], 0x9007 + 1);
	assert_int_equal(owner_a.refs, 1);
	assert_int_equal(owner_b.refs, 2);
	foreign_map_release_all(&mapper);
	assert_int_equal(owner_b.refs, 1);
	assert_int_equal(npt_view[0x200], 0);
	assert_null(mapper.foreign_map);
}

static void refusals(void **state)
{
	(void)state;
	assert_int_equal(foreign_map_add(&mapper, 7, 0, 0x300), -ESRCH);      /* no such domain */
	assert_int_equal(foreign_map_add(&mapper, 0, 0, 0x300), -EINVAL);     /* itself */
	assert_int_equal(foreign_map_add(&mapper, 1, 0x850, 0x300), -EINVAL); /* not its RAM */
	assert_int_equal(foreign_map_add(&mapper, 1, 0, NPT_MAX_GFN), -EINVAL);
	owner_b.state = DOMAIN_SHUTDOWN;
	assert_int_equal(foreign_map_add(&mapper, 2, 0, 0x300), -ESRCH); /* dying */
	assert_int_equal(owner_a.refs + owner_b.refs + mapper.refs, 3);
	assert_int_equal(npt_maps, 0);
}

static void table_full(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < FOREIGN_MAP_MAX; i++)
		assert_int_equal(foreign_map_add(&mapper, 1, i % 0x800, 0x10000 + i), 0);
	assert_int_equal(foreign_map_add(&mapper, 1, 0, 0x9000000), -ENOMEM);
	/* Replacing an existing entry still works when full. */
	assert_int_equal(foreign_map_add(&mapper, 2, 0, 0x10000), 0);
	assert_int_equal(owner_a.refs, 1 + FOREIGN_MAP_MAX - 1);
	foreign_map_release_all(&mapper);
	assert_int_equal(owner_a.refs, 1);
	assert_int_equal(owner_b.refs, 1);
}

/* Random adds and removes over a small gfn range: every answer matches a plain array. */
static void churn_matches_a_model(void **state)
{
	static bool mapped[4096];
	uint32_t seed = 7;

	(void)state;
	memset(mapped, 0, sizeof(mapped));
	for (int round = 0; round < 300000; round++) {
		uint64_t gfn;

		seed = seed * 1664525u + 1013904223u;
		gfn = (seed >> 8) % 4096;
		if ((seed >> 28) & 1) {
			assert_int_equal(foreign_map_add(&mapper, 1, gfn % 0x800, gfn), 0);
			mapped[gfn] = true;
		} else {
			assert_int_equal(foreign_map_remove(&mapper, gfn), mapped[gfn]);
			mapped[gfn] = false;
		}
	}
	for (unsigned int g = 0; g < 4096; g++)
		assert_int_equal(npt_view[g] != 0, mapped[g]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(map_pins_owner_and_remove_unpins, setup, teardown),
		cmocka_unit_test_setup_teardown(replacing_moves_the_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(table_full, setup, teardown),
		cmocka_unit_test_setup_teardown(churn_matches_a_model, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
