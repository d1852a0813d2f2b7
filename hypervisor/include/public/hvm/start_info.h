/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot information: EBX points at a struct hvm_start_info when a PVH kernel enters at
 * its XEN_ELFNOTE_PHYS32_ENTRY address. All addresses are guest-physical.
 */
#ifndef LAMINA_PUBLIC_HVM_START_INFO_H
#define LAMINA_PUBLIC_HVM_START_INFO_H

/* "xEn3" with the top bit of 'E' set. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* Version 1 added the memory map fields. */
#define XEN_HVM_START_INFO_VERSION 1

/* hvm_start_info.flags. */
#define SIF_PRIVILEGED	    (1 << 0)
#define SIF_INITDOMAIN	    (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2)
#define SIF_MOD_START_PFN   (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK	    (0xFF << 8)

/* hvm_memmap_table_entry.type: the e820 numbering. */
#define XEN_HVM_MEMMAP_TYPE_RAM	     1
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2
#define XEN_HVM_MEMMAP_TYPE_ACPI     3
#define XEN_HVM_MEMMAP_TYPE_NVS	     4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE 5
#define XEN_HVM_MEMMAP_TYPE_DISABLED 6
#define XEN_HVM_MEMMAP_TYPE_PMEM     7

#ifndef __ASSEMBLER__
#include <stdint.h>

struct hvm_start_info {
	uint32_t magic; /* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;
	uint32_t flags; /* SIF_* */
	uint32_t nr_modules;
	uint64_t modlist_paddr; /* struct hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr; /* NUL-terminated; 0 if none */
	uint64_t rsdp_paddr;	/* ACPI RSDP; 0 if none */
	/* Version 1 and later. */
	uint64_t memmap_paddr;	 /* struct hvm_memmap_table_entry[memmap_entries] */
	uint32_t memmap_entries; /* 0: no map, the guest falls back to other means */
	uint32_t reserved;	 /* zero */
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr; /* 0 if none */
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;	   /* XEN_HVM_MEMMAP_TYPE_* */
	uint32_t reserved; /* zero */
};

#endif /* __ASSEMBLER__ */
#endif
