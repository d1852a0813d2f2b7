/* SPDX-License-Identifier: MIT */
/*
 * Validating parser for guest kernel images: ELF64 or ELF32, little-endian x86, executable.
 * The file comes from the boot loader or a guest's toolstack and is parsed as hostile input:
 * after elf_parse() returns 0, every PT_LOAD segment lies inside the file, within the physical
 * address space and apart from the others, so a loader can copy them without further checks.
 */
#ifndef LAMINA_ELF_H
#define LAMINA_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_PADDR_LIMIT	 (1ULL << 52) /* the architectural MAXPHYADDR */
#define ELF_PHYS32_LIMIT (1ULL << 32)

struct elf_segment {
	uint64_t paddr, offset, filesz, memsz; /* bytes [filesz, memsz) are zero */
	uint32_t flags;			       /* PF_X 1, PF_W 2, PF_R 4 */
};

struct elf_image {
	const uint8_t *data;
	size_t size;
	bool is64;
	uint64_t entry; /* e_entry */
	bool has_phys32_entry;
	uint64_t phys32_entry;		 /* XEN_ELFNOTE_PHYS32_ENTRY, below 4 GiB */
	uint64_t paddr_start, paddr_end; /* span of all PT_LOAD segments, [start, end) */
	unsigned int nr_segments;	 /* PT_LOAD segments with memsz > 0, in file order */
	struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/*
 * Parses and checks the image at data (which must stay in place while img is used).
 * Returns 0, or with *why set to a static one-line reason (why may be NULL):
 *   -ENOEXEC  not an x86 ELF executable (magic, class, byte order, version, type, machine);
 *   -EINVAL   a malformed one (truncated tables, segments or notes out of bounds, overlaps...);
 *   -E2BIG    more than ELF_MAX_SEGMENTS loadable segments.
 * Xen notes are read from PT_NOTE segments, or from SHT_NOTE sections when there are none.
 * A missing PHYS32_ENTRY note is not an error here: has_phys32_entry tells the caller.
 */
int elf_parse(struct elf_image *img, const void *data, size_t size, const char **why);

#endif /* LAMINA_ELF_H */
