/* SPDX-License-Identifier: MIT */
/*
 * Starting a Linux kernel through the 64-bit boot protocol, from its uncompressed vmlinux ELF:
 * where to put the zero page, command line, initrd, boot page tables and GDT in the domain's
 * memory (linux_boot_plan), and how to fill them (linux_boot_write_tables,
 * linux_boot_write_cmdline, linux_boot_prepare). Nothing here touches hardware or allocates:
 * the caller passes memory, addresses are guest-physical, and every refusal comes back as a
 * negative errno with *why set to a static one-line reason (why may be NULL).
 *
 * The vCPU then starts in 64-bit mode at layout.entry with RSI = layout.zero_page,
 * CR3 = layout.tables, GDTR = {layout.gdt_base, layout.gdt_limit}, CS = LINUX_BOOT_CS,
 * DS = ES = SS = LINUX_BOOT_DS and interrupts off. See docs/linux-boot.md.
 */
#ifndef ASM_LINUX_BOOT_H
#define ASM_LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include <asm/bootparam.h>
#include <lamina/elf.h>

#define LINUX_BOOT_PROTOCOL_VERSION 0x020f /* 2.15: fields up to kernel_info_offset */

/* Selectors the protocol requires: flat 64-bit code and flat read/write data. */
#define LINUX_BOOT_CS 0x10
#define LINUX_BOOT_DS 0x18

/* x86 Linux copies this many bytes from cmd_line_ptr, whatever the string's length. */
#define LINUX_CMDLINE_SIZE 2048

/*
 * Boot page tables and GDT, one block of pages: PML4, PDPT, four page directories mapping
 * 0-4 GiB 1:1 with 2 MiB pages, then the GDT.
 */
#define LINUX_BOOT_TABLE_PAGES	 7
#define LINUX_BOOT_TABLES_SIZE	 (LINUX_BOOT_TABLE_PAGES * 4096ULL)
#define LINUX_BOOT_GDT_OFFSET	 (6 * 4096ULL)
#define LINUX_BOOT_GDT_LIMIT	 (4 * 8 - 1) /* null, unused, code, data */
#define LINUX_BOOT_IDENTITY_SIZE (4ULL << 30)

/*
 * Nothing is placed below 1 MiB: Linux keeps that range for its real-mode trampoline and the
 * BIOS areas it reserves.
 */
#define LINUX_BOOT_LOW_LIMIT (1ULL << 20)

/*
 * A vmlinux has no setup header telling how much memory past its load address the kernel
 * needs before it reads the memory map (init_size). Its ELF span already ends at _end, past
 * bss and brk; the margin keeps our placements well clear of anything a kernel might touch
 * beyond that. Debian's 6.1 bzImage asks for init_size 0x3f98000 from 16 MiB, i.e. 5.6 MiB past
 * its vmlinux's span: 16 MiB covers that with room to spare.
 */
#define LINUX_BOOT_VMLINUX_MARGIN (16ULL << 20)

/* What linux_boot_prepare writes into the zero page. */
struct linux_boot_args {
	const struct boot_e820_entry *e820; /* sorted, not overlapping, 2 to 128 entries */
	unsigned int nr_e820;
	uint64_t cmdline_addr; /* NUL-terminated command line; 0: none */
	uint64_t cmdline_max;  /* bytes the kernel may take, NUL included; 0: LINUX_CMDLINE_SIZE */
	uint64_t initrd_addr;  /* page aligned */
	uint64_t initrd_size;  /* 0: no initrd */
	uint64_t acpi_rsdp_addr; /* 0: Linux searches the BIOS areas itself */
};

/* What linux_boot_plan places. */
struct linux_boot_plan_args {
	const struct elf_image *kernel; /* parsed by elf_parse: a 64-bit vmlinux */
	/*
	 * dom0's memory map, as the zero page will give it: its E820_RAM entries are the memory
	 * the kernel and everything placed here must lie in.
	 */
	const struct boot_e820_entry *e820;
	unsigned int nr_e820;
	uint64_t init_size;	  /* a bzImage header's init_size; 0: ELF span + margin */
	const char *cmdline;	  /* NULL: empty */
	uint64_t cmdline_max;	  /* as in linux_boot_args */
	uint64_t initrd_size;	  /* 0: no initrd */
	uint64_t initrd_addr_max; /* highest byte the initrd may use; 0 or above 4 GiB: 4 GiB - 1 */
};

struct linux_boot_layout {
	uint64_t entry;			   /* RIP: the ELF entry, startup_64's physical address */
	uint64_t kernel_start, kernel_end; /* kept for the kernel: its span + margin or init_size */
	uint64_t boot_start, boot_end;	   /* zero page, command line, tables: one block */
	uint64_t zero_page;		   /* RSI */
	uint64_t cmdline;		   /* LINUX_CMDLINE_SIZE bytes or more readable there */
	uint64_t cmdline_area;		   /* bytes reserved at cmdline */
	uint64_t cmdline_len;		   /* NUL excluded */
	uint64_t tables;		   /* CR3; LINUX_BOOT_TABLES_SIZE bytes */
	uint64_t gdt_base;
	uint16_t gdt_limit;
	uint64_t initrd, initrd_size; /* initrd_size 0: none */
};

/*
 * Checks the kernel and the memory map and chooses every address: the kernel's span must be
 * RAM below 4 GiB with its entry inside it; the initrd goes as high as it fits below
 * initrd_addr_max, then the boot block as high as it fits below 4 GiB, both page aligned, in
 * RAM, above LINUX_BOOT_LOW_LIMIT and clear of the kernel's area and of each other.
 * Returns 0, -ENOEXEC (not a 64-bit kernel), -E2BIG (map or command line too long), -EINVAL
 * (bad map, kernel outside RAM or the identity map) or -ENOMEM (no room).
 */
int linux_boot_plan(const struct linux_boot_plan_args *a, struct linux_boot_layout *out,
		    const char **why);

/*
 * Writes the boot page tables and GDT into buf, the memory that will sit at guest-physical
 * base (page aligned, block below 4 GiB); buf holds at least LINUX_BOOT_TABLES_SIZE bytes.
 */
int linux_boot_write_tables(void *buf, size_t size, uint64_t base, const char **why);

/*
 * Copies cmdline (NULL: empty) into area, which is area_size bytes, and zero-fills the rest
 * so that all of it can be read. Refuses a command line of cmdline_max bytes or more
 * (0: LINUX_CMDLINE_SIZE) and an area smaller than LINUX_CMDLINE_SIZE.
 */
int linux_boot_write_cmdline(void *area, size_t area_size, const char *cmdline,
			     uint64_t cmdline_max, const char **why);

/*
 * Fills the zero page for a vmlinux boot. On a refusal bp is left untouched.
 */
int linux_boot_prepare(struct boot_params *bp, const struct linux_boot_args *a, const char **why);

/*
 * Checks a memory map for the zero page: 2 to 128 entries (Linux ignores a map of one entry),
 * none empty or ending beyond 2^52, sorted by address and not overlapping.
 */
int linux_boot_check_e820(const struct boot_e820_entry *e820, unsigned int nr, const char **why);

#endif
