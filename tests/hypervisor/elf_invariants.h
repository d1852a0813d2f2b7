/* SPDX-License-Identifier: MIT */
/*
 * What a loader may rely on after elf_parse() returned 0, checked independently of the parser.
 * Shared by the unit tests and the fuzz target: returns NULL, or the broken promise.
 */
#ifndef TESTS_HYPERVISOR_ELF_INVARIANTS_H
#define TESTS_HYPERVISOR_ELF_INVARIANTS_H

#include <lamina/elf.h>

static inline const char *elf_broken_invariant(const struct elf_image *img, const void *data,
					       size_t size)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	if (img->data != data || img->size != size)
		return "image does not describe the input";
	if (img->nr_segments == 0 || img->nr_segments > ELF_MAX_SEGMENTS)
		return "segment count out of range";
	for (unsigned int i = 0; i < img->nr_segments; i++) {
		const struct elf_segment *s = &img->segments[i];

		if (s->offset > size || s->filesz > size - s->offset)
			return "segment outside the file";
		if (s->filesz > s->memsz || s->memsz == 0)
			return "segment sizes inconsistent";
		if (s->paddr >= ELF_PADDR_LIMIT || s->memsz > ELF_PADDR_LIMIT - s->paddr)
			return "segment beyond the physical address space";
		for (unsigned int j = 0; j < i; j++) {
			const struct elf_segment *t = &img->segments[j];

			if (s->paddr < t->paddr + t->memsz && t->paddr < s->paddr + s->memsz)
				return "segments overlap";
		}
		if (s->paddr < lo)
			lo = s->paddr;
		if (s->paddr + s->memsz > hi)
			hi = s->paddr + s->memsz;
	}
	if (img->paddr_start != lo || img->paddr_end != hi)
		return "paddr span is not the union of the segments";
	if (img->has_phys32_entry && (img->phys32_entry >= ELF_PHYS32_LIMIT ||
				      img->phys32_entry < lo || img->phys32_entry >= hi))
		return "PHYS32_ENTRY out of place";
	return NULL;
}

#endif
