/* SPDX-License-Identifier: MIT */
/*
 * How RAM is split between the hardware domain and the hypervisor. dom0 takes RAM from the bottom
 * up, mapped 1:1 (guest-physical == host-physical), until it has dom0_mem bytes; the hypervisor's
 * image stays out of it, and everything above the split ("the pool") is the hypervisor's, for its
 * own structures and for other domains. dom0's e820 map is the machine's, with every range of RAM
 * that dom0 does not own turned into reserved memory. Pure code: nothing here touches hardware.
 */
#ifndef ASM_HWDOM_MEMMAP_H
#define ASM_HWDOM_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <asm/bootparam.h>
#include <asm/multiboot.h>

/* The pool starts on a 2 MiB boundary and keeps at least this much for the hypervisor. */
#define HWDOM_POOL_ALIGN (2ULL << 20)
#define HWDOM_POOL_MIN	 (64ULL << 20)
#define HWDOM_RAM_MIN	 (64ULL << 20)
#define HWDOM_MAX_RAM	 32 /* pieces of dom0 RAM */

struct hwdom_memmap_args {
	const struct boot_memmap_entry *host; /* the boot loader's map, any order */
	unsigned int nr_host;
	uint64_t dom0_mem;	   /* RAM for dom0 in bytes; 0: half of what there is */
	uint64_t hv_start, hv_end; /* the hypervisor's image, never dom0's */
	uint64_t limit; /* RAM at or above this is never dom0's (what the pool can use) */
};

struct hwdom_range {
	uint64_t start, end; /* [start, end) */
};

struct hwdom_memmap {
	uint64_t pool_floor; /* RAM in [pool_floor, limit) is the pool */
	uint64_t ram_bytes;  /* dom0's RAM */
	unsigned int nr_ram;
	struct hwdom_range ram[HWDOM_MAX_RAM]; /* dom0's RAM, sorted */
	unsigned int nr_e820;
	struct boot_e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE]; /* sorted, merged */
};

/*
 * Chooses the split and builds dom0's e820 map. Returns 0, or -EINVAL / -ENOMEM / -E2BIG with
 * *why set to a one-line reason (why may be NULL): overlapping host entries, too little RAM for
 * dom0 or for the pool, or a map too long for the zero page.
 */
int hwdom_memmap_plan(const struct hwdom_memmap_args *a, struct hwdom_memmap *out,
		      const char **why);

/* Whether [addr, addr + 4 KiB) is dom0's RAM. */
bool hwdom_memmap_owns(const struct hwdom_memmap *m, uint64_t addr);

#endif
