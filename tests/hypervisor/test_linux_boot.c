/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the Linux 64-bit boot protocol pieces (hypervisor/arch/x86/linux_boot.c): the
 * zero page field by field, the placement plan and every refusal, the boot page tables walked
 * as the CPU would walk them and the GDT descriptors decoded bit by bit. Page-table and
 * descriptor bits are spelled out here from the architecture, not taken from the hypervisor's
 * headers. With LAMINA_TEST_VMLINUX naming an uncompressed vmlinux (e.g. build/dom0/vmlinux),
 * one more test plans Debian's real kernel into 1 GiB of dom0 RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/bootparam.h>
#include <asm/linux_boot.h>
#include <lamina/elf.h>
#include <lamina/errno.h>
#include <public/memory.h>

#define KIB (1ULL << 10)
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

/* x86-64 paging bits, from the architecture manuals. */
#define P_PRESENT (1ULL << 0)
#define P_WRITE	  (1ULL << 1)
#define P_USER	  (1ULL << 2)
#define P_PWT	  (1ULL << 3)
#define P_PCD	  (1ULL << 4)
#define P_LARGE	  (1ULL << 7)
#define P_NX	  (1ULL << 63)
#define P_ADDR	  0x000ffffffffff000ULL

/* The vmlinux the fake images imitate: Debian 6.1's span [16 MiB, 0x4a00000). */
#define KSTART 0x1000000ULL
#define KEND   0x4a00000ULL

static const char *why;

/* --- fixtures ------------------------------------------------------------------------------ */

/* dom0 with 1 GiB: low RAM, BIOS hole, the hypervisor at 1-8 MiB, RAM to 1 GiB, BIOS ROM. */
static const struct boot_e820_entry dom0_map[] = {
	{0, 0x9f000, E820_RAM},
	{0x9f000, 0x61000, E820_RESERVED},
	{1 * MIB, 7 * MIB, E820_RESERVED},
	{8 * MIB, 1 * GIB - 8 * MIB, E820_RAM},
	{0xfffc0000, 0x40000, E820_RESERVED},
};
#define DOM0_MAP_LEN (sizeof(dom0_map) / sizeof(dom0_map[0]))

static struct elf_image kernel;

/* A vmlinux-like image: text (entry at its start), data, bss; nothing to read from a file. */
static void make_kernel(uint64_t start)
{
	memset(&kernel, 0, sizeof(kernel));
	kernel.is64 = true;
	kernel.entry = start;
	kernel.nr_segments = 3;
	kernel.segments[0] = (struct elf_segment){start, 0x200000, 0x18ea9f0, 0x18ea9f0, 5};
	kernel.segments[1] =
		(struct elf_segment){start + 0x1a00000, 0x1c00000, 0x644000, 0x644000, 6};
	kernel.segments[2] =
		(struct elf_segment){start + 0x2079000, 0x2479000, 0x800000, 0x1987000, 7};
	kernel.paddr_start = start;
	kernel.paddr_end = start + (KEND - KSTART);
}

static struct linux_boot_plan_args plan_args(void)
{
	make_kernel(KSTART);
	return (struct linux_boot_plan_args){
		.kernel = &kernel,
		.e820 = dom0_map,
		.nr_e820 = DOM0_MAP_LEN,
		.cmdline = "console=ttyS0 nr_cpus=1",
		.initrd_size = 0x123456,
	};
}

static struct boot_e820_entry big_map[E820_MAX_ENTRIES_ZEROPAGE + 1];

/* n entries of alternating RAM and reserved, 1 MiB each, from 0. */
static void make_big_map(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		big_map[i] =
			(struct boot_e820_entry){i * MIB, MIB, i % 2 ? E820_RESERVED : E820_RAM};
}

/* --- layout invariants --------------------------------------------------------------------- */

static bool in_ram(const struct boot_e820_entry *map, unsigned int nr, uint64_t start, uint64_t end)
{
	/* Walks byte ranges entry by entry, independently of the code's own run merging. */
	uint64_t pos = start;

	while (pos < end) {
		bool found = false;

		for (unsigned int i = 0; i < nr && !found; i++)
			if (map[i].type == E820_RAM && map[i].addr <= pos &&
			    pos < map[i].addr + map[i].size) {
				pos = map[i].addr + map[i].size;
				found = true;
			}
		if (!found)
			return false;
	}
	return true;
}

static bool apart(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a_end <= b || b_end <= a;
}

/* Everything placed is page aligned RAM in [1 MiB, 4 GiB), and nothing overlaps. */
static void assert_layout_sound(const struct linux_boot_layout *l,
				const struct boot_e820_entry *map, unsigned int nr)
{
	uint64_t initrd_end = l->initrd + ((l->initrd_size + 4095) & ~4095ULL);

	assert_int_equal(l->boot_end - l->boot_start,
			 4096 + l->cmdline_area + LINUX_BOOT_TABLES_SIZE);
	assert_int_equal(l->zero_page, l->boot_start);
	assert_int_equal(l->cmdline, l->zero_page + 4096);
	assert_true(l->cmdline_area >= LINUX_CMDLINE_SIZE);
	assert_int_equal(l->tables, l->cmdline + l->cmdline_area);
	assert_int_equal(l->gdt_base, l->tables + 6 * 4096);
	assert_int_equal(l->gdt_limit, 31);
	assert_int_equal(l->boot_start % 4096, 0);
	assert_int_equal(l->tables % 4096, 0);
	assert_true(l->boot_start >= MIB && l->boot_end <= 4 * GIB);
	assert_true(in_ram(map, nr, l->boot_start, l->boot_end));
	assert_true(apart(l->boot_start, l->boot_end, l->kernel_start, l->kernel_end));
	assert_true(in_ram(map, nr, kernel.paddr_start, kernel.paddr_end));
	if (l->initrd_size) {
		assert_int_equal(l->initrd % 4096, 0);
		assert_true(l->initrd >= MIB && initrd_end <= 4 * GIB);
		assert_true(in_ram(map, nr, l->initrd, initrd_end));
		assert_true(apart(l->initrd, initrd_end, l->kernel_start, l->kernel_end));
		assert_true(apart(l->initrd, initrd_end, l->boot_start, l->boot_end));
	}
}

/* --- linux_boot_prepare -------------------------------------------------------------------- */

static struct boot_params bp, snapshot;

static struct linux_boot_args boot_args(void)
{
	return (struct linux_boot_args){
		.e820 = dom0_map,
		.nr_e820 = DOM0_MAP_LEN,
		.cmdline_addr = 0x3fed4000,
		.initrd_addr = 0x3fedc000,
		.initrd_size = 0x123456,
		.acpi_rsdp_addr = 0xf5a40,
	};
}

static void assert_all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			fail_msg("byte %#zx is %#x, expected 0", i, b[i]);
}

static void test_prepare_sets_every_field(void **state)
{
	struct linux_boot_args a = boot_args();
	struct boot_params rest;

	(void)state;
	memset(&bp, 0xa5, sizeof(bp));
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);

	assert_int_equal(bp.hdr.boot_flag, 0xaa55);
	assert_memory_equal(&bp.hdr.header, "HdrS", 4);
	assert_int_equal(bp.hdr.version, 0x020f);
	assert_int_equal(bp.hdr.type_of_loader, 0xff);
	assert_int_equal(bp.hdr.loadflags, LOADED_HIGH);
	assert_int_equal(bp.hdr.cmd_line_ptr, 0x3fed4000);
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.hdr.cmdline_size, 2047);
	assert_int_equal(bp.hdr.ramdisk_image, 0x3fedc000);
	assert_int_equal(bp.hdr.ramdisk_size, 0x123456);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_size, 0);
	assert_int_equal(bp.acpi_rsdp_addr, 0xf5a40);
	assert_int_equal(bp.sentinel, 0);
	assert_int_equal(bp.hdr.hardware_subarch, 0);
	assert_int_equal(bp.e820_entries, DOM0_MAP_LEN);
	assert_memory_equal(bp.e820_table, dom0_map, sizeof(dom0_map));

	/* Every other byte of the page is zero. */
	rest = bp;
	rest.hdr.boot_flag = 0;
	rest.hdr.header = 0;
	rest.hdr.version = 0;
	rest.hdr.type_of_loader = 0;
	rest.hdr.loadflags = 0;
	rest.hdr.cmd_line_ptr = 0;
	rest.hdr.cmdline_size = 0;
	rest.hdr.ramdisk_image = 0;
	rest.hdr.ramdisk_size = 0;
	rest.acpi_rsdp_addr = 0;
	rest.e820_entries = 0;
	memset(rest.e820_table, 0, sizeof(dom0_map));
	assert_all_zero(&rest, sizeof(rest));
}

static void test_prepare_splits_addresses_above_4g(void **state)
{
	struct linux_boot_args a = boot_args();

	(void)state;
	a.cmdline_addr = 0x123456000ULL;
	a.initrd_addr = 0x200001000ULL;
	a.initrd_size = 0x100002345ULL;
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);
	assert_int_equal(bp.hdr.cmd_line_ptr, 0x23456000);
	assert_int_equal(bp.ext_cmd_line_ptr, 1);
	assert_int_equal(bp.hdr.ramdisk_image, 0x00001000);
	assert_int_equal(bp.ext_ramdisk_image, 2);
	assert_int_equal(bp.hdr.ramdisk_size, 0x00002345);
	assert_int_equal(bp.ext_ramdisk_size, 1);
}

static void test_prepare_without_initrd_or_cmdline(void **state)
{
	struct linux_boot_args a = boot_args();

	(void)state;
	a.initrd_size = 0; /* the address is then ignored */
	a.cmdline_addr = 0;
	a.acpi_rsdp_addr = 0;
	memset(&bp, 0xff, sizeof(bp));
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);
	assert_int_equal(bp.hdr.ramdisk_image, 0);
	assert_int_equal(bp.hdr.ramdisk_size, 0);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.ext_ramdisk_size, 0);
	assert_int_equal(bp.hdr.cmd_line_ptr, 0);
	assert_int_equal(bp.acpi_rsdp_addr, 0);
	assert_int_equal(bp.hdr.type_of_loader, 0xff);
}

static void test_prepare_cmdline_size(void **state)
{
	struct linux_boot_args a = boot_args();

	(void)state;
	a.cmdline_max = 256;
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);
	assert_int_equal(bp.hdr.cmdline_size, 255);
	a.cmdline_max = 1ULL << 32;
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);
	assert_int_equal(bp.hdr.cmdline_size, 0xffffffff);
}

static void test_prepare_takes_128_entries(void **state)
{
	struct linux_boot_args a = boot_args();

	(void)state;
	make_big_map(E820_MAX_ENTRIES_ZEROPAGE);
	a.e820 = big_map;
	a.nr_e820 = E820_MAX_ENTRIES_ZEROPAGE;
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);
	assert_int_equal(bp.e820_entries, 128);
	assert_memory_equal(bp.e820_table, big_map, sizeof(bp.e820_table));
}

/* The call must fail with err and this reason, leaving the zero page as it was. */
static void assert_prepare_refused(const struct linux_boot_args *a, int err, const char *reason)
{
	memset(&bp, 0x5a, sizeof(bp));
	snapshot = bp;
	why = NULL;
	assert_int_equal(linux_boot_prepare(&bp, a, &why), err);
	assert_non_null(why);
	assert_string_equal(why, reason);
	assert_memory_equal(&bp, &snapshot, sizeof(bp));
}

static void test_prepare_refusals(void **state)
{
	struct boot_e820_entry map[3];
	struct linux_boot_args a;

	(void)state;
	make_big_map(E820_MAX_ENTRIES_ZEROPAGE + 1);
	a = boot_args();
	a.e820 = big_map;
	a.nr_e820 = E820_MAX_ENTRIES_ZEROPAGE + 1;
	assert_prepare_refused(&a, -E2BIG,
			       "more than 128 e820 entries: the zero page holds no more");

	a = boot_args();
	a.nr_e820 = 1;
	assert_prepare_refused(&a, -EINVAL, "an e820 map needs at least 2 entries");
	a.nr_e820 = 0;
	assert_prepare_refused(&a, -EINVAL, "an e820 map needs at least 2 entries");
	a.e820 = NULL;
	a.nr_e820 = 2;
	assert_prepare_refused(&a, -EINVAL, "no e820 map given");

	a = boot_args();
	a.e820 = map;
	a.nr_e820 = 3;
	map[0] = (struct boot_e820_entry){0, 0x9f000, E820_RAM};
	map[1] = (struct boot_e820_entry){MIB, 0, E820_RAM};
	map[2] = (struct boot_e820_entry){2 * MIB, MIB, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "an e820 entry is empty");
	map[1] = (struct boot_e820_entry){MIB, ~0ULL - MIB + 2, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "an e820 entry ends beyond the physical address space");
	map[1] = (struct boot_e820_entry){MIB, (1ULL << 52) - MIB + 1, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "an e820 entry ends beyond the physical address space");
	map[1] = (struct boot_e820_entry){1ULL << 52, MIB, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "an e820 entry ends beyond the physical address space");
	map[1] = (struct boot_e820_entry){4 * MIB, MIB, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "e820 entries are not sorted by address");
	map[1] = (struct boot_e820_entry){0x9e000, MIB, E820_RESERVED};
	assert_prepare_refused(&a, -EINVAL, "e820 entries overlap");
	map[1] = (struct boot_e820_entry){MIB, MIB + 1, E820_RAM};
	assert_prepare_refused(&a, -EINVAL, "e820 entries overlap");
	map[1] = (struct boot_e820_entry){MIB, MIB, E820_RAM}; /* touching is fine */
	assert_int_equal(linux_boot_prepare(&bp, &a, &why), 0);

	a = boot_args();
	a.initrd_addr = 0;
	assert_prepare_refused(&a, -EINVAL, "an initrd size without an initrd address");
	a.initrd_addr = 0x3fedc800;
	assert_prepare_refused(&a, -EINVAL, "the initrd is not page aligned");
	a.initrd_addr = (1ULL << 52) - 4096;
	assert_prepare_refused(&a, -EINVAL, "the initrd runs beyond the physical address space");
	a.initrd_addr = 1ULL << 52;
	assert_prepare_refused(&a, -EINVAL, "the initrd runs beyond the physical address space");

	a = boot_args();
	a.cmdline_addr = 1ULL << 52;
	assert_prepare_refused(&a, -EINVAL,
			       "the command line lies beyond the physical address space");
	a = boot_args();
	a.cmdline_max = (1ULL << 32) + 1;
	assert_prepare_refused(&a, -EINVAL, "cmdline_max does not fit the header's 32-bit field");
}

/* --- linux_boot_plan ----------------------------------------------------------------------- */

static struct linux_boot_layout layout;

static void test_plan_dom0_layout(void **state)
{
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	memset(&layout, 0xcc, sizeof(layout));
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.entry, KSTART);
	assert_int_equal(layout.kernel_start, KSTART);
	assert_int_equal(layout.kernel_end, KEND + LINUX_BOOT_VMLINUX_MARGIN);
	/* The initrd at the top of RAM, the boot block right under it. */
	assert_int_equal(layout.initrd_size, 0x123456);
	assert_int_equal(layout.initrd, GIB - 0x124000);
	assert_int_equal(layout.boot_end, layout.initrd);
	assert_int_equal(layout.boot_start, GIB - 0x124000 - 0x9000);
	assert_int_equal(layout.cmdline_area, 4096);
	assert_int_equal(layout.cmdline_len, strlen("console=ttyS0 nr_cpus=1"));
	assert_layout_sound(&layout, dom0_map, DOM0_MAP_LEN);
}

static void test_plan_without_initrd(void **state)
{
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.initrd_size = 0;
	a.cmdline = NULL;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd_size, 0);
	assert_int_equal(layout.cmdline_len, 0);
	assert_int_equal(layout.boot_end, GIB);
	assert_layout_sound(&layout, dom0_map, DOM0_MAP_LEN);
}

static void test_plan_init_size(void **state)
{
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	/* Debian 6.1's bzImage: init_size 0x3f98000 from 16 MiB, more than the ELF span. */
	a.init_size = 0x3f98000;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.kernel_end, KSTART + 0x3f98000);
	/* A smaller one never shrinks the area below the ELF span. */
	a.init_size = 0x100000;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.kernel_end, KEND);
	assert_layout_sound(&layout, dom0_map, DOM0_MAP_LEN);
}

static void test_plan_initrd_addr_max(void **state)
{
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.initrd_addr_max = 0x20000000 - 1;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, 0x20000000 - 0x124000);
	/* The boot block is not bound by the initrd's limit. */
	assert_int_equal(layout.boot_end, GIB);
	assert_layout_sound(&layout, dom0_map, DOM0_MAP_LEN);

	/* An unaligned limit: the initrd still ends at or below it. */
	a.initrd_addr_max = 0x20000800 - 1;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, 0x20000000 - 0x124000);
}

/* RAM above 4 GiB never receives what Linux must reach through the boot identity map. */
static void test_plan_stays_below_4g(void **state)
{
	static const struct boot_e820_entry map[] = {
		{0, 0x9f000, E820_RAM},
		{MIB, 3 * GIB - MIB, E820_RAM},
		{4 * GIB, 60 * GIB, E820_RAM},
	};
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.e820 = map;
	a.nr_e820 = 3;
	a.initrd_addr_max = 8 * GIB; /* beyond 4 GiB: 4 GiB is the limit */
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, 3 * GIB - 0x124000);
	assert_int_equal(layout.boot_end, layout.initrd);
	assert_layout_sound(&layout, map, 3);
}

/* With little room above the kernel, the initrd and the boot block go under it. */
static void test_plan_below_the_kernel(void **state)
{
	static const struct boot_e820_entry map[] = {
		{0, 0x9f000, E820_RAM},
		{0x9f000, 0x61000, E820_RESERVED},
		{MIB, KEND + LINUX_BOOT_VMLINUX_MARGIN + 0x4000 - MIB, E820_RAM},
	};
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.e820 = map;
	a.nr_e820 = 3;
	a.initrd_size = 8 * MIB;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, KSTART - 8 * MIB);
	assert_int_equal(layout.boot_end, layout.initrd);
	assert_layout_sound(&layout, map, 3);

	/* 15 MiB fits under the kernel only from 1 MiB up; then the boot block has no room. */
	a.initrd_size = 15 * MIB;
	why = NULL;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), -ENOMEM);
	assert_string_equal(why, "no RAM below 4 GiB has room for the zero page, command line and "
				 "boot tables beside the kernel and initrd");
	a.initrd_size = 15 * MIB - 0x9000;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, MIB + 0x9000);
	assert_int_equal(layout.boot_start, MIB);
	assert_layout_sound(&layout, map, 3);
}

/* Adjacent RAM entries form one run, for the kernel and for placements alike. */
static void test_plan_adjacent_ram_entries(void **state)
{
	static const struct boot_e820_entry map[] = {
		{0, 0x9f000, E820_RAM},
		{MIB, 0x2000000 - MIB, E820_RAM}, /* splits the kernel at 32 MiB */
		{0x2000000, 0x3000000, E820_RAM},
		{0x5000000, 0x100000, E820_RAM},
		{0x5100000, 0x300000, E820_RAM},
	};
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.e820 = map;
	a.nr_e820 = 5;
	a.init_size = KEND - KSTART; /* no margin: room above the kernel to test */
	a.initrd_size = 0x380000;    /* fits only across the last two entries */
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.initrd, 0x5400000 - 0x380000);
	assert_layout_sound(&layout, map, 5);
}

static void test_plan_cmdline_length(void **state)
{
	struct linux_boot_plan_args a = plan_args();
	static char line[LINUX_CMDLINE_SIZE + 1];

	(void)state;
	memset(line, 'x', LINUX_CMDLINE_SIZE - 1);
	a.cmdline = line; /* 2047 characters and the NUL: the most Linux takes */
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.cmdline_len, LINUX_CMDLINE_SIZE - 1);
	assert_int_equal(layout.cmdline_area, 4096);

	line[LINUX_CMDLINE_SIZE - 1] = 'x';
	why = NULL;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), -E2BIG);
	assert_string_equal(why, "the command line is too long for the kernel");

	/* A kernel that takes more (cmdline_max from its header) gets a larger area. */
	a.cmdline_max = 8192;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);
	assert_int_equal(layout.cmdline_len, LINUX_CMDLINE_SIZE);
	assert_int_equal(layout.cmdline_area, 8192);
	assert_layout_sound(&layout, dom0_map, DOM0_MAP_LEN);

	a.cmdline = "short";
	a.cmdline_max = 4;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), -E2BIG);
	a.cmdline_max = (1ULL << 32) + 1;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), -EINVAL);
	assert_string_equal(why, "cmdline_max does not fit the header's 32-bit field");
}

static void assert_plan_refused(const struct linux_boot_plan_args *a, int err, const char *reason)
{
	struct linux_boot_layout before;

	memset(&layout, 0x77, sizeof(layout));
	before = layout;

	why = NULL;
	assert_int_equal(linux_boot_plan(a, &layout, &why), err);
	assert_non_null(why);
	assert_string_equal(why, reason);
	assert_memory_equal(&layout, &before, sizeof(layout));
}

static void test_plan_refuses_bad_kernels(void **state)
{
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	a.kernel = NULL;
	assert_plan_refused(&a, -EINVAL, "no kernel image given");

	a = plan_args();
	kernel.is64 = false;
	assert_plan_refused(&a, -ENOEXEC, "the kernel is not a 64-bit ELF (a vmlinux is)");

	a = plan_args();
	kernel.nr_segments = 0;
	assert_plan_refused(&a, -ENOEXEC, "the kernel has nothing to load");

	a = plan_args();
	kernel.entry = 0xffffffff81000000ULL; /* the virtual address, as a careless link gives */
	assert_plan_refused(&a, -ENOEXEC,
			    "the kernel's entry point is in no executable segment (a virtual "
			    "address?)");
	kernel.entry = KSTART + 0x1a00000; /* inside the data segment */
	assert_plan_refused(&a, -ENOEXEC,
			    "the kernel's entry point is in no executable segment (a virtual "
			    "address?)");
	kernel.entry = KSTART + 0x18ea9f0 - 1; /* the last byte of text is fine */
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);

	/* Shifted onto the hypervisor's reserved 1-8 MiB: not all RAM. */
	a = plan_args();
	make_kernel(4 * MIB);
	assert_plan_refused(&a, -EINVAL, "the kernel's physical load range is not all RAM");
	/* Running off the top of dom0's RAM by one page. */
	make_kernel(GIB - (KEND - KSTART) + 4096);
	assert_plan_refused(&a, -EINVAL, "the kernel's physical load range is not all RAM");
	make_kernel(GIB - (KEND - KSTART));
	a.initrd_size = 0;
	assert_int_equal(linux_boot_plan(&a, &layout, &why), 0);

	a = plan_args();
	make_kernel(4 * GIB);
	assert_plan_refused(&a, -EINVAL, "the kernel lies above the 4 GiB boot identity map");

	a = plan_args();
	a.init_size = GIB; /* 16 MiB + 1 GiB runs past dom0's RAM */
	assert_plan_refused(&a, -EINVAL, "the kernel's init_size area is not all RAM");
	a.init_size = (1ULL << 52);
	assert_plan_refused(&a, -EINVAL, "init_size runs beyond the physical address space");
}

static void test_plan_refuses_bad_maps(void **state)
{
	static const struct boot_e820_entry unsorted[] = {
		{8 * MIB, GIB - 8 * MIB, E820_RAM},
		{0, 0x9f000, E820_RAM},
	};
	static const struct boot_e820_entry overlapping[] = {
		{0, 9 * MIB, E820_RAM},
		{8 * MIB, GIB - 8 * MIB, E820_RAM},
	};
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	make_big_map(E820_MAX_ENTRIES_ZEROPAGE + 1);
	a.e820 = big_map;
	a.nr_e820 = E820_MAX_ENTRIES_ZEROPAGE + 1;
	assert_plan_refused(&a, -E2BIG, "more than 128 e820 entries: the zero page holds no more");
	a.e820 = unsorted;
	a.nr_e820 = 2;
	assert_plan_refused(&a, -EINVAL, "e820 entries are not sorted by address");
	a.e820 = overlapping;
	assert_plan_refused(&a, -EINVAL, "e820 entries overlap");
	a.e820 = dom0_map;
	a.nr_e820 = 1;
	assert_plan_refused(&a, -EINVAL, "an e820 map needs at least 2 entries");
}

static void test_plan_refuses_initrds_that_do_not_fit(void **state)
{
	static const struct boot_e820_entry low_only[] = {
		{0, 0x9f000, E820_RAM},
		{0x9f000, 0x61000, E820_RESERVED},
		{KSTART, KEND + LINUX_BOOT_VMLINUX_MARGIN - KSTART, E820_RAM},
	};
	struct linux_boot_plan_args a = plan_args();

	(void)state;
	/* dom0 has 1 GiB - 8 MiB of RAM at 8 MiB: 1 GiB of initrd cannot fit. */
	a.initrd_size = GIB;
	assert_plan_refused(&a, -ENOMEM,
			    "no RAM run below the initrd limit has room for the initrd beside the "
			    "kernel");
	/* Below 64 MiB only [8, 16) MiB is clear of the kernel's area. */
	a.initrd_size = 40 * MIB;
	a.initrd_addr_max = 64 * MIB - 1;
	assert_plan_refused(&a, -ENOMEM,
			    "no RAM run below the initrd limit has room for the initrd beside the "
			    "kernel");
	a.initrd_addr_max = 16 * MIB - 1;
	assert_plan_refused(&a, -ENOMEM, "the initrd is larger than its address limit");
	a.initrd_size = ~0ULL;
	a.initrd_addr_max = 0;
	assert_plan_refused(&a, -ENOMEM, "the initrd is larger than its address limit");

	/* The only RAM above 1 MiB is the kernel's own area (the margin included). */
	a = plan_args();
	a.e820 = low_only;
	a.nr_e820 = 3;
	a.initrd_size = 4096;
	assert_plan_refused(&a, -ENOMEM,
			    "no RAM run below the initrd limit has room for the initrd beside the "
			    "kernel");
	a.initrd_size = 0;
	assert_plan_refused(&a, -ENOMEM,
			    "no RAM below 4 GiB has room for the zero page, command line and boot "
			    "tables beside the kernel and initrd");
}

/* --- boot page tables and GDT -------------------------------------------------------------- */

#define TABLES_BASE 0x3fed6000ULL

static uint8_t tables[LINUX_BOOT_TABLES_SIZE + 64];
static uint64_t tables_at = TABLES_BASE; /* the guest-physical address tables[] stands for */

static uint64_t read_phys(uint64_t pa)
{
	uint64_t v;

	if (pa < tables_at || pa + 8 > tables_at + LINUX_BOOT_TABLES_SIZE)
		fail_msg("table walk reads %#llx, outside the boot tables", (unsigned long long)pa);
	memcpy(&v, tables + (pa - tables_at), 8);
	return v;
}

struct walk {
	uint64_t pa;
	bool writable, user, nx, uncached;
};

/* A 4-level walk from CR3, as the CPU does it; false when something is not present. */
static bool walk(uint64_t cr3, uint64_t va, struct walk *w)
{
	uint64_t pml4e, pdpte, pde;

	pml4e = read_phys((cr3 & P_ADDR) + ((va >> 39) & 511) * 8);
	if (!(pml4e & P_PRESENT))
		return false;
	assert_false(pml4e & P_LARGE);
	pdpte = read_phys((pml4e & P_ADDR) + ((va >> 30) & 511) * 8);
	if (!(pdpte & P_PRESENT))
		return false;
	assert_false(pdpte & P_LARGE); /* no 1 GiB pages */
	pde = read_phys((pdpte & P_ADDR) + ((va >> 21) & 511) * 8);
	if (!(pde & P_PRESENT))
		return false;
	assert_true(pde & P_LARGE);	     /* 2 MiB pages only */
	assert_int_equal(pde & 0x1fe000, 0); /* reserved bits of a 2 MiB entry */
	w->pa = (pde & 0x000fffffffe00000ULL) | (va & 0x1fffff);
	w->writable = pml4e & pdpte & pde & P_WRITE;
	w->user = (pml4e | pdpte | pde) & P_USER;
	w->nx = (pml4e | pdpte | pde) & P_NX;
	w->uncached = (pde & (P_PCD | P_PWT)) == (P_PCD | P_PWT);
	assert_true(w->uncached || !(pde & (P_PCD | P_PWT)));
	return true;
}

static void test_tables_identity_map_4g(void **state)
{
	struct walk w;
	unsigned int nonzero = 0;

	(void)state;
	memset(tables, 0xee, sizeof(tables));
	assert_int_equal(linux_boot_write_tables(tables, LINUX_BOOT_TABLES_SIZE, TABLES_BASE, &why),
			 0);
	for (uint64_t va = 0; va < 4 * GIB; va += 2 * MIB) {
		uint64_t probe = va + ((va >> 21) * 0x1235 & 0x1fffff);

		if (!walk(TABLES_BASE, probe, &w))
			fail_msg("%#llx is not mapped", (unsigned long long)probe);
		assert_int_equal(w.pa, probe);
		assert_true(w.writable);
		assert_false(w.user);
		assert_false(w.nx);
		/* Cached RAM below 3 GiB, the MMIO GiB uncached. */
		assert_int_equal(w.uncached, va >= 3 * GIB);
	}
	assert_false(walk(TABLES_BASE, 4 * GIB, &w));
	assert_false(walk(TABLES_BASE, 511 * GIB, &w));
	assert_false(walk(TABLES_BASE, 512 * GIB, &w));
	assert_false(walk(TABLES_BASE, 0xffffffff81000000ULL, &w));

	/* One PML4 entry, four PDPT entries, 2048 PD entries; nothing else in the six pages. */
	for (size_t off = 0; off < 6 * 4096; off += 8)
		nonzero += read_phys(TABLES_BASE + off) != 0;
	assert_int_equal(nonzero, 1 + 4 + 2048);
	/* Nothing written past the block. */
	for (size_t i = LINUX_BOOT_TABLES_SIZE; i < sizeof(tables); i++)
		assert_int_equal(tables[i], 0xee);
}

struct descriptor {
	uint32_t base, limit;
	unsigned int type, s, dpl, p, avl, l, db, g;
};

static struct descriptor decode(uint64_t d)
{
	return (struct descriptor){
		.base = (uint32_t)(((d >> 16) & 0xffffff) | ((d >> 56) & 0xff) << 24),
		.limit = (uint32_t)((d & 0xffff) | ((d >> 48) & 0xf) << 16),
		.type = (d >> 40) & 0xf,
		.s = (d >> 44) & 1,
		.dpl = (d >> 45) & 3,
		.p = (d >> 47) & 1,
		.avl = (d >> 52) & 1,
		.l = (d >> 53) & 1,
		.db = (d >> 54) & 1,
		.g = (d >> 55) & 1,
	};
}

static void test_gdt_descriptors(void **state)
{
	uint64_t gdt = TABLES_BASE + LINUX_BOOT_GDT_OFFSET;
	struct descriptor cs, ds;

	(void)state;
	memset(tables, 0xee, sizeof(tables));
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables), TABLES_BASE, &why), 0);
	assert_int_equal(LINUX_BOOT_CS, 0x10);
	assert_int_equal(LINUX_BOOT_DS, 0x18);
	assert_int_equal(read_phys(gdt), 0);
	assert_int_equal(read_phys(gdt + 8), 0);

	cs = decode(read_phys(gdt + LINUX_BOOT_CS));
	assert_int_equal(cs.base, 0);
	assert_int_equal(cs.limit, 0xfffff);
	assert_int_equal(cs.g, 1);
	assert_int_equal(cs.type, 0xb); /* code, readable, accessed; not conforming */
	assert_int_equal(cs.s, 1);
	assert_int_equal(cs.dpl, 0);
	assert_int_equal(cs.p, 1);
	assert_int_equal(cs.l, 1);  /* 64-bit */
	assert_int_equal(cs.db, 0); /* must be 0 with L */
	assert_int_equal(cs.avl, 0);

	ds = decode(read_phys(gdt + LINUX_BOOT_DS));
	assert_int_equal(ds.base, 0);
	assert_int_equal(ds.limit, 0xfffff);
	assert_int_equal(ds.g, 1);
	assert_int_equal(ds.type, 0x3); /* data, writable, accessed; expand-up */
	assert_int_equal(ds.s, 1);
	assert_int_equal(ds.dpl, 0);
	assert_int_equal(ds.p, 1);
	assert_int_equal(ds.l, 0);
	assert_int_equal(ds.db, 1);

	/* The rest of the GDT page is zero: no stray descriptor beyond the limit. */
	for (uint64_t off = LINUX_BOOT_DS + 8; off < 4096; off += 8)
		assert_int_equal(read_phys(gdt + off), 0);
	/* The plan's limit covers exactly the four descriptors. */
	assert_int_equal(LINUX_BOOT_GDT_LIMIT + 1, 4 * 8);
}

static void test_tables_refusals(void **state)
{
	(void)state;
	memset(tables, 0xee, sizeof(tables));
	why = NULL;
	assert_int_equal(
		linux_boot_write_tables(tables, LINUX_BOOT_TABLES_SIZE - 1, TABLES_BASE, &why),
		-EINVAL);
	assert_string_equal(why, "the buffer is smaller than the boot tables");
	assert_int_equal(linux_boot_write_tables(NULL, LINUX_BOOT_TABLES_SIZE, TABLES_BASE, &why),
			 -EINVAL);
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables), TABLES_BASE + 8, &why),
			 -EINVAL);
	assert_string_equal(why, "the boot tables' base is not page aligned");
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables),
						 4 * GIB - LINUX_BOOT_TABLES_SIZE + 4096, &why),
			 -EINVAL);
	assert_string_equal(why, "the boot tables do not fit below 4 GiB");
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables), 8 * GIB, &why), -EINVAL);
	for (size_t i = 0; i < sizeof(tables); i++)
		assert_int_equal(tables[i], 0xee);
	/* The highest block that fits. */
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables),
						 4 * GIB - LINUX_BOOT_TABLES_SIZE, NULL),
			 0);
}

/* --- command line -------------------------------------------------------------------------- */

static void test_cmdline_written_and_padded(void **state)
{
	static char area[4096];
	static char line[LINUX_CMDLINE_SIZE + 1];

	(void)state;
	memset(area, 0xff, sizeof(area));
	assert_int_equal(linux_boot_write_cmdline(area, sizeof(area), "console=ttyS0", 0, &why), 0);
	assert_string_equal(area, "console=ttyS0");
	assert_all_zero(area + strlen("console=ttyS0"), sizeof(area) - strlen("console=ttyS0"));

	memset(area, 0xff, sizeof(area));
	assert_int_equal(linux_boot_write_cmdline(area, LINUX_CMDLINE_SIZE, NULL, 0, &why), 0);
	assert_all_zero(area, LINUX_CMDLINE_SIZE);
	assert_int_equal((unsigned char)area[LINUX_CMDLINE_SIZE], 0xff);

	memset(line, 'y', LINUX_CMDLINE_SIZE - 1);
	assert_int_equal(linux_boot_write_cmdline(area, LINUX_CMDLINE_SIZE, line, 0, &why), 0);
	assert_memory_equal(area, line, LINUX_CMDLINE_SIZE - 1);
	assert_int_equal(area[LINUX_CMDLINE_SIZE - 1], 0);

	memset(area, 0xff, sizeof(area));
	line[LINUX_CMDLINE_SIZE - 1] = 'y';
	why = NULL;
	assert_int_equal(linux_boot_write_cmdline(area, sizeof(area), line, 0, &why), -E2BIG);
	assert_string_equal(why, "the command line is too long for the kernel");
	assert_int_equal(linux_boot_write_cmdline(area, LINUX_CMDLINE_SIZE - 1, "a", 0, &why),
			 -EINVAL);
	assert_string_equal(why, "the command line area is too small");
	assert_int_equal(linux_boot_write_cmdline(NULL, sizeof(area), "a", 0, &why), -EINVAL);
	/* A larger limit needs an area that holds the whole string. */
	assert_int_equal(linux_boot_write_cmdline(area, LINUX_CMDLINE_SIZE, line, 4096, &why),
			 -EINVAL);
	assert_int_equal(linux_boot_write_cmdline(area, sizeof(area), "abcd", 4, &why), -E2BIG);
	assert_int_equal(linux_boot_write_cmdline(area, sizeof(area), "a", (1ULL << 32) + 1, &why),
			 -EINVAL);
	for (size_t i = 0; i < sizeof(area); i++)
		assert_int_equal((unsigned char)area[i], 0xff);
	assert_int_equal(linux_boot_write_cmdline(area, sizeof(area), line, 4096, &why), 0);
	assert_memory_equal(area, line, LINUX_CMDLINE_SIZE);
	assert_int_equal(area[LINUX_CMDLINE_SIZE], 0);
}

/* --- the whole sequence on Debian's vmlinux ------------------------------------------------ */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long n;

	if (!f)
		fail_msg("%s: cannot open", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void test_real_vmlinux_in_1g(void **state)
{
	static const struct boot_e820_entry map[] = {
		{0, 0x9f000, E820_RAM},
		{0x9f000, 0x61000, E820_RESERVED},
		{MIB, GIB - MIB, E820_RAM},
		{0xfffc0000, 0x40000, E820_RESERVED},
	};
	const char *path = getenv("LAMINA_TEST_VMLINUX");
	struct linux_boot_plan_args a;
	struct linux_boot_args b;
	struct walk w;
	uint8_t *data;
	size_t len;

	(void)state;
	if (!path || !*path)
		skip();
	data = read_file(path, &len);
	if (elf_parse(&kernel, data, len, &why))
		fail_msg("%s refused: %s", path, why);
	a = (struct linux_boot_plan_args){
		.kernel = &kernel,
		.e820 = map,
		.nr_e820 = 4,
		.cmdline = "console=ttyS0 earlyprintk=ttyS0 nr_cpus=1",
		.initrd_size = 40 * MIB,
	};
	if (linux_boot_plan(&a, &layout, &why))
		fail_msg("%s: no layout in 1 GiB: %s", path, why);
	assert_layout_sound(&layout, map, 4);
	print_message("%s: entry %#llx, kernel [%#llx, %#llx), initrd %#llx, zero page %#llx, "
		      "cmdline %#llx, CR3 %#llx, GDT %#llx\n",
		      path, (unsigned long long)layout.entry,
		      (unsigned long long)layout.kernel_start,
		      (unsigned long long)layout.kernel_end, (unsigned long long)layout.initrd,
		      (unsigned long long)layout.zero_page, (unsigned long long)layout.cmdline,
		      (unsigned long long)layout.tables, (unsigned long long)layout.gdt_base);

	/* Every loaded byte and the entry are reached 1:1 through the boot tables. */
	tables_at = layout.tables;
	assert_int_equal(linux_boot_write_tables(tables, sizeof(tables), layout.tables, &why), 0);
	for (unsigned int i = 0; i < kernel.nr_segments; i++) {
		const struct elf_segment *s = &kernel.segments[i];

		for (uint64_t pa = s->paddr; pa < s->paddr + s->memsz; pa += 4096) {
			assert_true(walk(layout.tables, pa, &w));
			assert_int_equal(w.pa, pa);
		}
	}
	assert_true(walk(layout.tables, layout.entry, &w) && w.pa == layout.entry);
	tables_at = TABLES_BASE;

	b = (struct linux_boot_args){
		.e820 = map,
		.nr_e820 = 4,
		.cmdline_addr = layout.cmdline,
		.initrd_addr = layout.initrd,
		.initrd_size = layout.initrd_size,
	};
	assert_int_equal(linux_boot_prepare(&bp, &b, &why), 0);
	assert_int_equal(bp.hdr.cmd_line_ptr, layout.cmdline);
	assert_int_equal(bp.hdr.ramdisk_image, layout.initrd);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_sets_every_field),
		cmocka_unit_test(test_prepare_splits_addresses_above_4g),
		cmocka_unit_test(test_prepare_without_initrd_or_cmdline),
		cmocka_unit_test(test_prepare_cmdline_size),
		cmocka_unit_test(test_prepare_takes_128_entries),
		cmocka_unit_test(test_prepare_refusals),
		cmocka_unit_test(test_plan_dom0_layout),
		cmocka_unit_test(test_plan_without_initrd),
		cmocka_unit_test(test_plan_init_size),
		cmocka_unit_test(test_plan_initrd_addr_max),
		cmocka_unit_test(test_plan_stays_below_4g),
		cmocka_unit_test(test_plan_below_the_kernel),
		cmocka_unit_test(test_plan_adjacent_ram_entries),
		cmocka_unit_test(test_plan_cmdline_length),
		cmocka_unit_test(test_plan_refuses_bad_kernels),
		cmocka_unit_test(test_plan_refuses_bad_maps),
		cmocka_unit_test(test_plan_refuses_initrds_that_do_not_fit),
		cmocka_unit_test(test_tables_identity_map_4g),
		cmocka_unit_test(test_gdt_descriptors),
		cmocka_unit_test(test_tables_refusals),
		cmocka_unit_test(test_cmdline_written_and_padded),
		cmocka_unit_test(test_real_vmlinux_in_1g),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
