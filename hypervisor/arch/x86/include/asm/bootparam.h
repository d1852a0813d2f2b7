/* SPDX-License-Identifier: MIT */
/*
 * The "zero page" of Linux's x86 boot protocol (version 2.15): struct boot_params, the setup
 * header inside it and its e820 table. A loader that enters the kernel in 64-bit mode hands it
 * this page in RSI. Field names follow the protocol's documentation so that tests/abi can
 * compare every offset with Linux's own <asm/bootparam.h>; the areas Lamina never fills (BIOS
 * video, APM, EDD, EFI, ...) are kept as byte arrays of their exact sizes.
 */
#ifndef ASM_BOOTPARAM_H
#define ASM_BOOTPARAM_H

#include <stdint.h>

/* setup_header.loadflags */
#define LOADED_HIGH   (1 << 0) /* the protected-mode kernel sits at 1 MiB or above */
#define KASLR_FLAG    (1 << 1)
#define QUIET_FLAG    (1 << 5)
#define KEEP_SEGMENTS (1 << 6)
#define CAN_USE_HEAP  (1 << 7)

/* setup_header.xloadflags: what a bzImage says it supports */
#define XLF_KERNEL_64		   (1 << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G (1 << 1)
#define XLF_EFI_HANDOVER_32	   (1 << 2)
#define XLF_EFI_HANDOVER_64	   (1 << 3)
#define XLF_EFI_KEXEC		   (1 << 4)
#define XLF_5LEVEL		   (1 << 5)
#define XLF_5LEVEL_ENABLED	   (1 << 6)

#define BOOT_FLAG_MAGIC		  0xaa55
#define SETUP_HEADER_MAGIC	  0x53726448 /* "HdrS" read as a little-endian word */
#define LOADER_TYPE_UNDEFINED	  0xff	     /* a loader without an assigned ID */
#define E820_MAX_ENTRIES_ZEROPAGE 128

/* setup_header.hardware_subarch: anything but PC sends Linux down a platform-specific path. */
#define X86_SUBARCH_PC 0

struct boot_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* E820_* of <public/memory.h> */
} __attribute__((packed));

/* The part of a bzImage's boot sector that loader and kernel both read and write; at 0x1f1. */
struct setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag; /* BOOT_FLAG_MAGIC */
	uint16_t jump;
	uint32_t header;  /* SETUP_HEADER_MAGIC */
	uint16_t version; /* protocol version, major << 8 | minor */
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image; /* low 32 bits; ext_ramdisk_image holds the rest */
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr; /* low 32 bits; ext_cmd_line_ptr holds the rest */
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size; /* longest command line the kernel takes, NUL excluded */
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

struct boot_params {
	uint8_t screen_info[0x40];
	uint8_t apm_bios_info[0x14];
	uint8_t _pad2[4];
	uint64_t tboot_addr;
	uint8_t ist_info[0x10];
	uint64_t acpi_rsdp_addr;
	uint8_t _pad3[8];
	uint8_t hd0_info[16];
	uint8_t hd1_info[16];
	uint8_t sys_desc_table[0x10];
	uint8_t olpc_ofw_header[0x10];
	uint32_t ext_ramdisk_image;
	uint32_t ext_ramdisk_size;
	uint32_t ext_cmd_line_ptr;
	uint8_t _pad4[112];
	uint32_t cc_blob_address;
	uint8_t edid_info[0x80];
	uint8_t efi_info[0x20];
	uint32_t alt_mem_k;
	uint32_t scratch;
	uint8_t e820_entries;
	uint8_t eddbuf_entries;
	uint8_t edd_mbr_sig_buf_entries;
	uint8_t kbd_status;
	uint8_t secure_boot;
	uint8_t _pad5[2];
	/*
	 * Nonzero tells Linux that a careless loader copied more than the setup header from the
	 * image, and it then clears the fields a loader may have inherited by accident.
	 */
	uint8_t sentinel;
	uint8_t _pad6[1];
	struct setup_header hdr;
	uint8_t _pad7[0x290 - 0x1f1 - sizeof(struct setup_header)];
	uint32_t edd_mbr_sig_buffer[16];
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE];
	uint8_t _pad8[48];
	uint8_t eddbuf[6 * 82];
	uint8_t _pad9[276];
} __attribute__((packed));

_Static_assert(sizeof(struct boot_e820_entry) == 20, "e820 entry");
_Static_assert(sizeof(struct setup_header) == 0x26c - 0x1f1, "setup header");
_Static_assert(__builtin_offsetof(struct setup_header, boot_flag) == 0x1fe - 0x1f1, "boot_flag");
_Static_assert(__builtin_offsetof(struct setup_header, header) == 0x202 - 0x1f1, "header");
_Static_assert(__builtin_offsetof(struct setup_header, cmd_line_ptr) == 0x228 - 0x1f1, "cmdline");
_Static_assert(__builtin_offsetof(struct setup_header, init_size) == 0x260 - 0x1f1, "init_size");
_Static_assert(sizeof(struct boot_params) == 0x1000, "boot_params fills one page");
_Static_assert(__builtin_offsetof(struct boot_params, acpi_rsdp_addr) == 0x070, "acpi_rsdp");
_Static_assert(__builtin_offsetof(struct boot_params, ext_ramdisk_image) == 0x0c0, "ext_ramdisk");
_Static_assert(__builtin_offsetof(struct boot_params, ext_cmd_line_ptr) == 0x0c8, "ext_cmdline");
_Static_assert(__builtin_offsetof(struct boot_params, cc_blob_address) == 0x13c, "cc_blob");
_Static_assert(__builtin_offsetof(struct boot_params, e820_entries) == 0x1e8, "e820_entries");
_Static_assert(__builtin_offsetof(struct boot_params, sentinel) == 0x1ef, "sentinel");
_Static_assert(__builtin_offsetof(struct boot_params, hdr) == 0x1f1, "hdr");
_Static_assert(__builtin_offsetof(struct boot_params, edd_mbr_sig_buffer) == 0x290, "edd sigs");
_Static_assert(__builtin_offsetof(struct boot_params, e820_table) == 0x2d0, "e820_table");
_Static_assert(__builtin_offsetof(struct boot_params, eddbuf) == 0xd00, "eddbuf");

#endif
