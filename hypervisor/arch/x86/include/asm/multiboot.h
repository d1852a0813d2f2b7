/* SPDX-License-Identifier: MIT */
#ifndef ASM_MULTIBOOT_H
#define ASM_MULTIBOOT_H

#include <stdint.h>

#define BOOT_MAX_MEMMAP	 64
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 1024

#define MEMMAP_RAM 1

struct boot_memmap_entry {
	uint64_t addr, len;
	uint32_t type;
};

struct boot_module {
	uint64_t start, end; /* [start, end) physical */
	const char *string;  /* module command line: file name, then the kernel's arguments */
};

/* What the boot loader told us, copied out of its structures and checked. */
struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	unsigned int nr_memmap;
	struct boot_memmap_entry memmap[BOOT_MAX_MEMMAP];
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	uint64_t mbi_start, mbi_end; /* loader structures to keep until domains are built */
};

extern struct boot_info boot_info;

/* Returns 0, or a negative errno with the reason logged. */
int multiboot_parse(uint32_t magic, uint32_t mbi_pa);

#endif
