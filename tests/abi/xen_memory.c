/* SPDX-License-Identifier: MIT */
/* Xen's side of the memory group: <xen/memory.h> <xen/arch-x86/hvm/start_info.h> <asm/bootparam.h>.
 */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/memory.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <asm/bootparam.h>
#include "abi_facts.h"

/* The entries XENMEM_memory_map returns are Linux's packed boot e820 entries. */
typedef struct boot_e820_entry e820_entry_t;
static const struct abi_fact memory[] = {
#include "memory.facts"
	/* Xen numbers its PVH memory map types as e820 does. */
	{"E820_RAM", XEN_HVM_MEMMAP_TYPE_RAM},
	{"E820_RESERVED", XEN_HVM_MEMMAP_TYPE_RESERVED},
	{"E820_ACPI", XEN_HVM_MEMMAP_TYPE_ACPI},
	{"E820_NVS", XEN_HVM_MEMMAP_TYPE_NVS},
	{"E820_UNUSABLE", XEN_HVM_MEMMAP_TYPE_UNUSABLE},
	{"E820_PMEM", XEN_HVM_MEMMAP_TYPE_PMEM},
};
ABI_GROUP(xen, memory, memory);
