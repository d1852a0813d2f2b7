/* SPDX-License-Identifier: MIT */
/* Lamina's side of the memory group: <public/memory.h>. */
#include <public/memory.h>
#include "abi_facts.h"

typedef struct e820_entry e820_entry_t;
static const struct abi_fact memory[] = {
#include "memory.facts"
	ABI_CONST(E820_RAM), ABI_CONST(E820_RESERVED), ABI_CONST(E820_ACPI),
	ABI_CONST(E820_NVS), ABI_CONST(E820_UNUSABLE), ABI_CONST(E820_PMEM),
};
ABI_GROUP(ours, memory, memory);
