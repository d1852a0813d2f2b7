/* SPDX-License-Identifier: MIT */
/*
 * What the loader told the guest: struct hvm_start_info, checked once at entry. Loaders put it
 * and what it points to anywhere, page 0 included (QEMU does), so it is read through phys_ptr().
 */
#ifndef GUEST_BOOT_H
#define GUEST_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include <public/hvm/start_info.h>

extern const struct hvm_start_info *start_info;

/* Validates the structure at @paddr; on failure prints why and returns false. */
bool start_info_init(uint32_t paddr);

/* The guest's command line (hvm_start_info.cmdline_paddr), "" if none. */
const char *boot_cmdline(void);

/* Finds "@key=<number>" (decimal or 0x-hex) among the command line's words. */
bool boot_arg_number(const char *key, uint64_t *value);

bool is_initial_domain(void);

/* The memory map the loader gave (hvm_start_info.memmap_paddr); NULL when it gave none. */
const struct hvm_memmap_table_entry *boot_memmap(void);
uint32_t boot_memmap_entries(void);

/* True when [addr, addr + len) lies inside one RAM entry of the start_info memory map. */
bool memmap_is_ram(uint64_t addr, uint64_t len);

#endif
