// SPDX-License-Identifier: MIT
/* The split of RAM between the hardware domain and the hypervisor's pool, and dom0's e820. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <public/memory.h>
#include <asm/hwdom_memmap.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* QEMU's pc machine with 2 GiB, as SeaBIOS reports it; the hypervisor image at 1 MiB. */
static const struct boot_memmap_entry qemu_2g[] = {
	{0x0, 0x9fc00, E820_RAM},
	{0x9fc00, 0x400, E820_RESERVED},
	{0xf0000, 0x10000, E820_RESERVED},
	{0x100000, 0x7fee0000, E820_RAM},
	{0x7ffe0000, 0x20000, E820_RESERVED},
	{0xfffc0000, 0x40000, E820_RESERVED},
};

static struct hwdom_memmap_args qemu_args(uint64_t dom0_mem)
{
	return (struct hwdom_memmap_args){
		.host = qemu_2g,
		.nr_host = sizeof(qemu_2g) / sizeof(qemu_2g[0]),
		.dom0_mem = dom0_mem,
		.hv_start = 0x100000,
		.hv_end = 0x18f000,
		.limit = 4 * GiB,
	};
}

static const struct boot_e820_entry *find(const struct hwdom_memmap *m, uint64_t addr)
{
	for (unsigned int i = 0; i < m->nr_e820; i++)
		if (addr >= m->e820[i].addr && addr < m->e820[i].addr + m->e820[i].size)
			return &m->e820[i];
	return NULL;
}

static void split_gives_dom0_the_bottom(void **state)
{
	struct hwdom_memmap_args a = qemu_args(1 * GiB);
	struct hwdom_memmap m;
	const char *why = NULL;

	(void)state;
	assert_int_equal(hwdom_memmap_plan(&a, &m, &why), 0);
	/* 1 GiB of RAM counted past the image, rounded up to 2 MiB. */
	assert_true(m.pool_floor >= 1 * GiB);
	assert_true(m.pool_floor < 1 * GiB + 4 * MiB);
	assert_int_equal(m.pool_floor % HWDOM_POOL_ALIGN, 0);
	assert_true(m.ram_bytes >= 1 * GiB - 2 * MiB);
	assert_true(m.ram_bytes <= 1 * GiB + 2 * MiB);
	/* Low RAM is dom0's, the image and the pool are reserved, the firmware entries stay. */
	assert_int_equal(find(&m, 0x1000)->type, E820_RAM);
	assert_int_equal(find(&m, 0x100000)->type, E820_RESERVED);
	assert_int_equal(find(&m, 0x18e000)->type, E820_RESERVED);
	assert_int_equal(find(&m, 0x18f000)->type, E820_RAM);
	assert_int_equal(find(&m, m.pool_floor - 4096)->type, E820_RAM);
	assert_int_equal(find(&m, m.pool_floor)->type, E820_RESERVED);
	assert_int_equal(find(&m, 0x7ffdf000)->type, E820_RESERVED);
	assert_int_equal(find(&m, 0x7ffe0000)->type, E820_RESERVED);
	assert_null(find(&m, 0xa0000));
	assert_true(hwdom_memmap_owns(&m, 0x18f000));
	assert_false(hwdom_memmap_owns(&m, 0x100000));
	assert_false(hwdom_memmap_owns(&m, m.pool_floor));
	/* The partial page below the EBDA is not whole RAM: not mapped up front. */
	assert_false(hwdom_memmap_owns(&m, 0x9f000));
	assert_true(hwdom_memmap_owns(&m, 0x9e000));
}

static void map_is_sorted_and_merged(void **state)
{
	struct hwdom_memmap_args a = qemu_args(0);
	struct hwdom_memmap m;

	(void)state;
	assert_int_equal(hwdom_memmap_plan(&a, &m, NULL), 0);
	for (unsigned int i = 1; i < m.nr_e820; i++) {
		const struct boot_e820_entry *p = &m.e820[i - 1], *e = &m.e820[i];

		assert_true(p->addr + p->size <= e->addr);
		assert_false(p->type == e->type && p->addr + p->size == e->addr);
	}
	/* The default is half the RAM. */
	assert_true(m.pool_floor > 1000 * MiB && m.pool_floor < 1030 * MiB);
}

static void unsorted_host_map_gives_the_same_split(void **state)
{
	struct boot_memmap_entry shuffled[6];
	struct hwdom_memmap_args a = qemu_args(512 * MiB), b;
	struct hwdom_memmap m1, m2;

	(void)state;
	for (unsigned int i = 0; i < 6; i++)
		shuffled[i] = qemu_2g[5 - i];
	b = a;
	b.host = shuffled;
	assert_int_equal(hwdom_memmap_plan(&a, &m1, NULL), 0);
	assert_int_equal(hwdom_memmap_plan(&b, &m2, NULL), 0);
	assert_int_equal(m1.pool_floor, m2.pool_floor);
	assert_int_equal(m1.nr_e820, m2.nr_e820);
	assert_memory_equal(m1.e820, m2.e820, m1.nr_e820 * sizeof(m1.e820[0]));
}

static void refusals(void **state)
{
	struct hwdom_memmap_args a = qemu_args(2 * GiB);
	struct hwdom_memmap m;
	const char *why = NULL;
	static const struct boot_memmap_entry overlapping[] = {
		{0x0, 0x9fc00, E820_RAM},
		{0x100000, 0x20000000, E820_RAM},
		{0x10000000, 0x1000, E820_RESERVED},
	};
	static const struct boot_memmap_entry tiny[] = {
		{0x0, 0x9fc00, E820_RAM},
		{0x100000, 0x4000000, E820_RAM},
	};

	(void)state;
	assert_int_equal(hwdom_memmap_plan(&a, &m, &why), -ENOMEM);
	assert_string_equal(why, "dom0_mem leaves less than 64 MiB for the hypervisor");
	a.dom0_mem = 16 * MiB;
	assert_int_equal(hwdom_memmap_plan(&a, &m, &why), -EINVAL);
	assert_string_equal(why, "dom0_mem is below the 64 MiB dom0 needs");
	a = qemu_args(256 * MiB);
	a.host = overlapping;
	a.nr_host = 3;
	assert_int_equal(hwdom_memmap_plan(&a, &m, &why), -EINVAL);
	assert_string_equal(why, "the boot loader's memory map has overlapping entries");
	a.host = tiny;
	a.nr_host = 2;
	assert_int_equal(hwdom_memmap_plan(&a, &m, &why), -ENOMEM);
}

static void ram_above_the_limit_is_reserved(void **state)
{
	static const struct boot_memmap_entry big[] = {
		{0x0, 0x9fc00, E820_RAM},
		{0x100000, 0xbff00000, E820_RAM},
		{0x100000000ULL, 0x40000000, E820_RAM},
	};
	struct hwdom_memmap_args a = qemu_args(1 * GiB);
	struct hwdom_memmap m;

	(void)state;
	a.host = big;
	a.nr_host = 3;
	assert_int_equal(hwdom_memmap_plan(&a, &m, NULL), 0);
	assert_int_equal(find(&m, 0x100000000ULL)->type, E820_RESERVED);
	assert_false(hwdom_memmap_owns(&m, 0x100000000ULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_gives_dom0_the_bottom),
		cmocka_unit_test(map_is_sorted_and_merged),
		cmocka_unit_test(unsorted_host_map_gives_the_same_split),
		cmocka_unit_test(refusals),
		cmocka_unit_test(ram_above_the_limit_is_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
