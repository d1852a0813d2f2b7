/* SPDX-License-Identifier: MIT */
/*
 * Linux's 64-bit boot protocol for a vmlinux (see asm/linux_boot.h and docs/linux-boot.md).
 * Pure logic over memory the caller passes: addresses are guest-physical, nothing here maps or
 * allocates, so the host tests run this file unchanged.
 */
#include <stdbool.h>

#include <asm/linux_boot.h>
#include <asm/page.h>
#include <lamina/errno.h>
#include <lamina/lib.h>
#include <public/memory.h>

#define PHYS_LIMIT (1ULL << 52) /* the architectural MAXPHYADDR */
#define GIB	   (1ULL << 30)

/* Page-table entry roles in the boot tables. */
#define TABLE_LINK    (PTE_P | PTE_W)
#define LARGE_PAGE    (PTE_P | PTE_W | PTE_PS)
#define UNCACHED      (PTE_PCD | PTE_PWT)
#define PML4_PAGE     0
#define PDPT_PAGE     1
#define FIRST_PD_PAGE 2
#define NR_PDS	      4

/*
 * Segment descriptor fields. The accessed bit is preset so that loading a selector never makes
 * the CPU write to the GDT.
 */
#define DESC_FLAT_LIMIT (0xffffULL | (0xfULL << 48)) /* 0xfffff pages with DESC_G */
#define DESC_ACCESSED	(1ULL << 40)
#define DESC_RW		(1ULL << 41) /* code: readable; data: writable */
#define DESC_CODE	(1ULL << 43)
#define DESC_S		(1ULL << 44) /* code or data, not a system descriptor */
#define DESC_P		(1ULL << 47)
#define DESC_L		(1ULL << 53) /* 64-bit code */
#define DESC_DB		(1ULL << 54) /* 32-bit data segment */
#define DESC_G		(1ULL << 55) /* limit in 4 KiB units */

#define GDT_CODE64                                                                                 \
	(DESC_FLAT_LIMIT | DESC_ACCESSED | DESC_RW | DESC_CODE | DESC_S | DESC_P | DESC_L | DESC_G)
#define GDT_DATA (DESC_FLAT_LIMIT | DESC_ACCESSED | DESC_RW | DESC_S | DESC_P | DESC_DB | DESC_G)

#define PF_X 1

struct range {
	uint64_t start, end; /* [start, end) */
};

static int refuse(const char **why, int err, const char *reason)
{
	if (why)
		*why = reason;
	return err;
}

static uint64_t entry_end(const struct boot_e820_entry *e)
{
	return e->addr + e->size;
}

int linux_boot_check_e820(const struct boot_e820_entry *e820, unsigned int nr, const char **why)
{
	if (nr > E820_MAX_ENTRIES_ZEROPAGE)
		return refuse(why, -E2BIG,
			      "more than 128 e820 entries: the zero page holds no more");
	/* Linux ignores a map of fewer than two entries and guesses one from alt_mem_k. */
	if (nr < 2)
		return refuse(why, -EINVAL, "an e820 map needs at least 2 entries");
	if (!e820)
		return refuse(why, -EINVAL, "no e820 map given");
	for (unsigned int i = 0; i < nr; i++) {
		const struct boot_e820_entry *e = &e820[i];

		if (e->size == 0)
			return refuse(why, -EINVAL, "an e820 entry is empty");
		if (e->addr >= PHYS_LIMIT || e->size > PHYS_LIMIT - e->addr)
			return refuse(why, -EINVAL,
				      "an e820 entry ends beyond the physical address space");
		if (i == 0)
			continue;
		if (e->addr < e820[i - 1].addr)
			return refuse(why, -EINVAL, "e820 entries are not sorted by address");
		if (e->addr < entry_end(&e820[i - 1]))
			return refuse(why, -EINVAL, "e820 entries overlap");
	}
	return 0;
}

/* Whether [start, end) is all RAM, possibly over several adjacent RAM entries of a checked map. */
static bool is_ram(const struct boot_e820_entry *e820, unsigned int nr, uint64_t start,
		   uint64_t end)
{
	uint64_t covered = start;

	for (unsigned int i = 0; i < nr && covered < end; i++)
		if (e820[i].type == E820_RAM && e820[i].addr <= covered &&
		    entry_end(&e820[i]) > covered)
			covered = entry_end(&e820[i]);
	return covered >= end;
}

static bool overlaps(const struct range *r, uint64_t start, uint64_t end)
{
	return r->start < end && start < r->end;
}

/*
 * The highest page-aligned [x, x + size) inside run, above LINUX_BOOT_LOW_LIMIT, ending at or
 * below limit and clear of every taken range. Each clash lowers the ceiling to the start of the
 * range in the way, so the search ends.
 */
static bool fit_in_run(struct range run, uint64_t size, uint64_t limit, const struct range *taken,
		       unsigned int nr_taken, uint64_t *out)
{
	uint64_t floor = MAX(run.start, LINUX_BOOT_LOW_LIMIT);
	uint64_t ceiling = MIN(run.end, limit);

	for (;;) {
		const struct range *clash = NULL;
		uint64_t x;

		if (ceiling < floor || ceiling - floor < size)
			return false;
		x = ALIGN_DOWN(ceiling - size, PAGE_SIZE);
		if (x < floor)
			return false;
		for (unsigned int i = 0; i < nr_taken && !clash; i++)
			if (overlaps(&taken[i], x, x + size))
				clash = &taken[i];
		if (!clash) {
			*out = x;
			return true;
		}
		ceiling = clash->start;
	}
}

/* Searches the map's runs of adjacent RAM entries from the top down. */
static bool place_high(const struct boot_e820_entry *e820, unsigned int nr, uint64_t size,
		       uint64_t limit, const struct range *taken, unsigned int nr_taken,
		       uint64_t *out)
{
	unsigned int i = nr;

	while (i > 0) {
		struct range run;

		i--;
		if (e820[i].type != E820_RAM)
			continue;
		run = (struct range){e820[i].addr, entry_end(&e820[i])};
		while (i > 0 && e820[i - 1].type == E820_RAM &&
		       entry_end(&e820[i - 1]) == run.start)
			run.start = e820[--i].addr;
		if (fit_in_run(run, size, limit, taken, nr_taken, out))
			return true;
	}
	return false;
}

static int resolve_cmdline_max(uint64_t cmdline_max, uint64_t *out, const char **why)
{
	/* The header holds cmdline_max - 1. */
	if (cmdline_max > 1ULL << 32)
		return refuse(why, -EINVAL, "cmdline_max does not fit the header's 32-bit field");
	*out = cmdline_max ? cmdline_max : LINUX_CMDLINE_SIZE;
	return 0;
}

static bool entry_is_executable(const struct elf_image *k)
{
	for (unsigned int i = 0; i < k->nr_segments; i++) {
		const struct elf_segment *s = &k->segments[i];

		if ((s->flags & PF_X) && k->entry >= s->paddr && k->entry - s->paddr < s->filesz)
			return true;
	}
	return false;
}

static int plan_kernel(const struct linux_boot_plan_args *a, struct linux_boot_layout *out,
		       const char **why)
{
	const struct elf_image *k = a->kernel;

	if (!k)
		return refuse(why, -EINVAL, "no kernel image given");
	if (!k->is64)
		return refuse(why, -ENOEXEC, "the kernel is not a 64-bit ELF (a vmlinux is)");
	if (k->nr_segments == 0 || k->paddr_end <= k->paddr_start)
		return refuse(why, -ENOEXEC, "the kernel has nothing to load");
	if (!entry_is_executable(k))
		return refuse(why, -ENOEXEC,
			      "the kernel's entry point is in no executable segment "
			      "(a virtual address?)");
	if (k->paddr_end > LINUX_BOOT_IDENTITY_SIZE)
		return refuse(why, -EINVAL, "the kernel lies above the 4 GiB boot identity map");
	if (!is_ram(a->e820, a->nr_e820, k->paddr_start, k->paddr_end))
		return refuse(why, -EINVAL, "the kernel's physical load range is not all RAM");

	out->entry = k->entry;
	out->kernel_start = k->paddr_start;
	if (a->init_size) {
		if (a->init_size > PHYS_LIMIT - k->paddr_start)
			return refuse(why, -EINVAL,
				      "init_size runs beyond the physical address space");
		out->kernel_end = MAX(k->paddr_end, k->paddr_start + a->init_size);
		if (!is_ram(a->e820, a->nr_e820, out->kernel_start, out->kernel_end))
			return refuse(why, -EINVAL, "the kernel's init_size area is not all RAM");
	} else {
		out->kernel_end = k->paddr_end + LINUX_BOOT_VMLINUX_MARGIN;
	}
	return 0;
}

int linux_boot_plan(const struct linux_boot_plan_args *a, struct linux_boot_layout *out,
		    const char **why)
{
	struct linux_boot_layout l = {0};
	struct range taken[2];
	uint64_t cmdline_max, initrd_limit, boot_size;
	int err;

	err = linux_boot_check_e820(a->e820, a->nr_e820, why);
	if (!err)
		err = plan_kernel(a, &l, why);
	if (!err)
		err = resolve_cmdline_max(a->cmdline_max, &cmdline_max, why);
	if (err)
		return err;
	l.cmdline_len = a->cmdline ? strnlen(a->cmdline, cmdline_max) : 0;
	if (l.cmdline_len >= cmdline_max)
		return refuse(why, -E2BIG, "the command line is too long for the kernel");
	taken[0] = (struct range){l.kernel_start, l.kernel_end};

	if (a->initrd_size) {
		initrd_limit = LINUX_BOOT_IDENTITY_SIZE;
		if (a->initrd_addr_max && a->initrd_addr_max < initrd_limit - 1)
			initrd_limit = a->initrd_addr_max + 1;
		if (a->initrd_size > initrd_limit)
			return refuse(why, -ENOMEM, "the initrd is larger than its address limit");
		l.initrd_size = a->initrd_size;
		if (!place_high(a->e820, a->nr_e820, ALIGN_UP(a->initrd_size, PAGE_SIZE),
				initrd_limit, taken, 1, &l.initrd))
			return refuse(why, -ENOMEM,
				      "no RAM run below the initrd limit has room for the initrd "
				      "beside the kernel");
		taken[1] = (struct range){l.initrd, l.initrd + ALIGN_UP(l.initrd_size, PAGE_SIZE)};
	}

	l.cmdline_area = ALIGN_UP(MAX(cmdline_max, (uint64_t)LINUX_CMDLINE_SIZE), PAGE_SIZE);
	boot_size = PAGE_SIZE + l.cmdline_area + LINUX_BOOT_TABLES_SIZE;
	if (!place_high(a->e820, a->nr_e820, boot_size, LINUX_BOOT_IDENTITY_SIZE, taken,
			a->initrd_size ? 2 : 1, &l.boot_start))
		return refuse(why, -ENOMEM,
			      "no RAM below 4 GiB has room for the zero page, command line and "
			      "boot tables beside the kernel and initrd");
	l.boot_end = l.boot_start + boot_size;
	l.zero_page = l.boot_start;
	l.cmdline = l.zero_page + PAGE_SIZE;
	l.tables = l.cmdline + l.cmdline_area;
	l.gdt_base = l.tables + LINUX_BOOT_GDT_OFFSET;
	l.gdt_limit = LINUX_BOOT_GDT_LIMIT;
	*out = l;
	return 0;
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *table_entry(uint8_t *tables, unsigned int page, unsigned int index)
{
	return tables + page * PAGE_SIZE + index * sizeof(uint64_t);
}

int linux_boot_write_tables(void *buf, size_t size, uint64_t base, const char **why)
{
	uint8_t *t = buf;
	uint8_t *gdt;

	if (!buf || size < LINUX_BOOT_TABLES_SIZE)
		return refuse(why, -EINVAL, "the buffer is smaller than the boot tables");
	if (!IS_ALIGNED(base, PAGE_SIZE))
		return refuse(why, -EINVAL, "the boot tables' base is not page aligned");
	/* The GDT is reached through the identity map, so the whole block must be inside it. */
	if (base > LINUX_BOOT_IDENTITY_SIZE - LINUX_BOOT_TABLES_SIZE)
		return refuse(why, -EINVAL, "the boot tables do not fit below 4 GiB");

	memset(t, 0, LINUX_BOOT_TABLES_SIZE);
	put_u64(table_entry(t, PML4_PAGE, 0), (base + PDPT_PAGE * PAGE_SIZE) | TABLE_LINK);
	for (unsigned int pd = 0; pd < NR_PDS; pd++) {
		/* The top GiB is the MMIO hole: uncached, so no speculative fill reaches a device.
		 */
		uint64_t cache = pd == NR_PDS - 1 ? UNCACHED : 0;

		put_u64(table_entry(t, PDPT_PAGE, pd),
			(base + (FIRST_PD_PAGE + pd) * PAGE_SIZE) | TABLE_LINK);
		for (unsigned int i = 0; i < PT_ENTRIES; i++)
			put_u64(table_entry(t, FIRST_PD_PAGE + pd, i),
				(pd * GIB + i * SUPERPAGE_SIZE) | LARGE_PAGE | cache);
	}
	gdt = t + LINUX_BOOT_GDT_OFFSET;
	put_u64(gdt + LINUX_BOOT_CS, GDT_CODE64);
	put_u64(gdt + LINUX_BOOT_DS, GDT_DATA);
	return 0;
}

int linux_boot_write_cmdline(void *area, size_t area_size, const char *cmdline,
			     uint64_t cmdline_max, const char **why)
{
	uint64_t max, len;
	int err;

	err = resolve_cmdline_max(cmdline_max, &max, why);
	if (err)
		return err;
	len = cmdline ? strnlen(cmdline, max) : 0;
	if (len >= max)
		return refuse(why, -E2BIG, "the command line is too long for the kernel");
	/* Linux copies LINUX_CMDLINE_SIZE bytes whatever the string's length. */
	if (!area || area_size < LINUX_CMDLINE_SIZE || area_size <= len)
		return refuse(why, -EINVAL, "the command line area is too small");
	if (len)
		memcpy(area, cmdline, len);
	memset((char *)area + len, 0, area_size - len);
	return 0;
}

static int check_boot_args(const struct linux_boot_args *a, uint64_t *cmdline_max, const char **why)
{
	int err;

	err = linux_boot_check_e820(a->e820, a->nr_e820, why);
	if (!err)
		err = resolve_cmdline_max(a->cmdline_max, cmdline_max, why);
	if (err)
		return err;
	if (a->cmdline_addr >= PHYS_LIMIT)
		return refuse(why, -EINVAL,
			      "the command line lies beyond the physical address space");
	if (!a->initrd_size)
		return 0;
	if (!a->initrd_addr)
		return refuse(why, -EINVAL, "an initrd size without an initrd address");
	if (!IS_ALIGNED(a->initrd_addr, PAGE_SIZE))
		return refuse(why, -EINVAL, "the initrd is not page aligned");
	if (a->initrd_addr >= PHYS_LIMIT || a->initrd_size > PHYS_LIMIT - a->initrd_addr)
		return refuse(why, -EINVAL, "the initrd runs beyond the physical address space");
	return 0;
}

int linux_boot_prepare(struct boot_params *bp, const struct linux_boot_args *a, const char **why)
{
	struct setup_header *h = &bp->hdr;
	uint64_t cmdline_max;
	int err;

	err = check_boot_args(a, &cmdline_max, why);
	if (err)
		return err;

	/* Everything else zero: sentinel 0 keeps Linux from clearing what we set. */
	memset(bp, 0, sizeof(*bp));
	h->boot_flag = BOOT_FLAG_MAGIC;
	h->header = SETUP_HEADER_MAGIC;
	h->version = LINUX_BOOT_PROTOCOL_VERSION;
	/* Linux ignores an initrd from a loader of type 0, "no loader". */
	h->type_of_loader = LOADER_TYPE_UNDEFINED;
	h->loadflags = LOADED_HIGH;
	h->hardware_subarch = X86_SUBARCH_PC;
	h->cmd_line_ptr = (uint32_t)a->cmdline_addr;
	bp->ext_cmd_line_ptr = (uint32_t)(a->cmdline_addr >> 32);
	h->cmdline_size = (uint32_t)(cmdline_max - 1);
	if (a->initrd_size) {
		h->ramdisk_image = (uint32_t)a->initrd_addr;
		bp->ext_ramdisk_image = (uint32_t)(a->initrd_addr >> 32);
		h->ramdisk_size = (uint32_t)a->initrd_size;
		bp->ext_ramdisk_size = (uint32_t)(a->initrd_size >> 32);
	}
	bp->acpi_rsdp_addr = a->acpi_rsdp_addr;
	for (unsigned int i = 0; i < a->nr_e820; i++)
		bp->e820_table[i] = a->e820[i];
	bp->e820_entries = (uint8_t)a->nr_e820;
	return 0;
}
