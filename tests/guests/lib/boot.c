// SPDX-License-Identifier: MIT
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/layout.h>
#include <guest/paging.h>
#include <guest/string.h>

const struct hvm_start_info *start_info;

static bool reachable(uint64_t addr, uint64_t len)
{
	return addr < PHYS_REACHABLE_END && len <= PHYS_REACHABLE_END - addr;
}

bool start_info_init(uint32_t paddr)
{
	const struct hvm_start_info *si = phys_ptr(paddr);

	if (!paddr) {
		printf("FAIL start_info: EBX was 0 at entry\n");
		return false;
	}
	if (si->magic != XEN_HVM_START_MAGIC_VALUE) {
		printf("FAIL start_info at %#x: magic %#x, expected %#x\n", paddr, si->magic,
		       XEN_HVM_START_MAGIC_VALUE);
		return false;
	}
	if (si->version >= 1 && si->memmap_entries &&
	    !reachable(si->memmap_paddr,
		       (uint64_t)si->memmap_entries * sizeof(struct hvm_memmap_table_entry))) {
		printf("FAIL start_info: memmap at %#lx (%u entries) lies out of reach\n",
		       si->memmap_paddr, si->memmap_entries);
		return false;
	}
	if (si->cmdline_paddr && !reachable(si->cmdline_paddr, 1)) {
		printf("FAIL start_info: cmdline at %#lx lies out of reach\n", si->cmdline_paddr);
		return false;
	}
	start_info = si;
	return true;
}

const char *boot_cmdline(void)
{
	if (!start_info || !start_info->cmdline_paddr)
		return "";
	return phys_ptr(start_info->cmdline_paddr);
}

static bool parse_number(const char *s, uint64_t *value)
{
	unsigned int base = 10, digit;
	uint64_t v = 0;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	if (!*s || *s == ' ')
		return false;
	for (; *s && *s != ' '; s++) {
		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = *s - 'a' + 10;
		else
			return false;
		v = v * base + digit;
	}
	*value = v;
	return true;
}

bool boot_arg_number(const char *key, uint64_t *value)
{
	const char *p = boot_cmdline();
	size_t len = strlen(key);

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, len) && p[len] == '=')
			return parse_number(p + len + 1, value);
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

bool is_initial_domain(void)
{
	return start_info && (start_info->flags & SIF_INITDOMAIN);
}

bool memmap_is_ram(uint64_t addr, uint64_t len)
{
	const struct hvm_memmap_table_entry *map = boot_memmap();
	uint32_t i;

	for (i = 0; i < boot_memmap_entries(); i++) {
		if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM && addr >= map[i].addr &&
		    addr + len <= map[i].addr + map[i].size)
			return true;
	}
	return false;
}

const struct hvm_memmap_table_entry *boot_memmap(void)
{
	return boot_memmap_entries() ? phys_ptr(start_info->memmap_paddr) : NULL;
}

uint32_t boot_memmap_entries(void)
{
	return start_info && start_info->version >= 1 ? start_info->memmap_entries : 0;
}
