// SPDX-License-Identifier: MIT
/* Reads the multiboot v1 information structure into struct boot_info. */
#include <lamina/console.h>
#include <lamina/errno.h>
#include <lamina/lib.h>
#include <asm/boot.h>
#include <asm/multiboot.h>

#define MBI_FLAG_MEM	 (1U << 0)
#define MBI_FLAG_CMDLINE (1U << 2)
#define MBI_FLAG_MODS	 (1U << 3)
#define MBI_FLAG_MMAP	 (1U << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mod {
	uint32_t start, end, string, reserved;
} __attribute__((packed));

struct multiboot_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

struct boot_info boot_info;

static void note_loader_range(uint64_t start, uint64_t end)
{
	if (boot_info.mbi_start == 0 || start < boot_info.mbi_start)
		boot_info.mbi_start = start;
	if (end > boot_info.mbi_end)
		boot_info.mbi_end = end;
}

static const char *loader_string(uint32_t pa)
{
	const char *s = (const char *)(uint64_t)pa;

	note_loader_range(pa, pa + strnlen(s, BOOT_CMDLINE_MAX) + 1);
	return s;
}

int multiboot_parse(uint32_t magic, uint32_t mbi_pa)
{
	const struct multiboot_info *mbi = (const void *)(uint64_t)mbi_pa;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		log_err("not started by a multiboot loader (magic %x)\n", magic);
		return -EINVAL;
	}
	note_loader_range(mbi_pa, mbi_pa + sizeof(*mbi));
	if (mbi->flags & MBI_FLAG_CMDLINE) {
		const char *s = loader_string(mbi->cmdline);

		/* The loader's string starts with our own file name, like argv[0]. */
		snprintf(boot_info.cmdline, sizeof(boot_info.cmdline), "%s", s);
	}
	if (!(mbi->flags & MBI_FLAG_MMAP)) {
		log_err("the boot loader gave no memory map\n");
		return -EINVAL;
	}
	note_loader_range(mbi->mmap_addr, (uint64_t)mbi->mmap_addr + mbi->mmap_length);
	for (uint64_t off = 0; off + sizeof(struct multiboot_mmap) <= mbi->mmap_length;) {
		const struct multiboot_mmap *e = (const void *)((uint64_t)mbi->mmap_addr + off);

		if (boot_info.nr_memmap == BOOT_MAX_MEMMAP) {
			log_warn("memory map: more than %d entries; the rest ignored\n",
				 BOOT_MAX_MEMMAP);
			break;
		}
		boot_info.memmap[boot_info.nr_memmap++] =
			(struct boot_memmap_entry){e->addr, e->len, e->type};
		off += (uint64_t)e->size + sizeof(e->size);
	}
	if (mbi->flags & MBI_FLAG_MODS) {
		const struct multiboot_mod *mods = (const void *)(uint64_t)mbi->mods_addr;

		note_loader_range(mbi->mods_addr,
				  (uint64_t)mbi->mods_addr + mbi->mods_count * sizeof(*mods));
		if (mbi->mods_count > BOOT_MAX_MODULES)
			log_warn("%u modules; only the first %d are used\n", mbi->mods_count,
				 BOOT_MAX_MODULES);
		for (uint32_t i = 0; i < mbi->mods_count && i < BOOT_MAX_MODULES; i++) {
			if (mods[i].end < mods[i].start) {
				log_err("module %u: end %x before start %x\n", i, mods[i].end,
					mods[i].start);
				return -EINVAL;
			}
			boot_info.modules[i] = (struct boot_module){
				mods[i].start, mods[i].end,
				mods[i].string ? loader_string(mods[i].string) : ""};
			boot_info.nr_modules++;
		}
	}
	return 0;
}
