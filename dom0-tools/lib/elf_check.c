/* SPDX-License-Identifier: MIT */
/*
 * The last check on an extracted kernel: it must be a complete x86-64 ELF executable. A payload
 * that decompressed cleanly but holds something else, or an ELF cut short, stops here instead of
 * reaching a loader.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "kimg_internal.h"

int is_elf(const uint8_t *p, size_t len)
{
	return len >= SELFMAG && !memcmp(p, ELFMAG, SELFMAG);
}

/* Whether [off, off + size) lies inside a buffer of LEN bytes, without overflowing. */
static int inside(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static int check_segments(const uint8_t *p, size_t len, const Elf64_Ehdr *eh, const char *what,
			  struct kimg_err *err)
{
	unsigned int i, loads = 0;

	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, p + eh->e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		loads++;
		if (!inside(ph.p_offset, ph.p_filesz, len))
			return kimg_fail(
				err, -EINVAL,
				"%s: loadable segment %u (file bytes 0x%llx + 0x%llx) runs "
				"past its %zu bytes",
				what, i, (unsigned long long)ph.p_offset,
				(unsigned long long)ph.p_filesz, len);
		if (ph.p_filesz > ph.p_memsz)
			return kimg_fail(err, -EINVAL,
					 "%s: segment %u has more file bytes than memory bytes",
					 what, i);
	}
	if (!loads)
		return kimg_fail(err, -EINVAL, "%s: ELF has no loadable segment", what);
	return 0;
}

int vmlinux_check_elf(const uint8_t *p, size_t len, const char *what, struct kimg_err *err)
{
	Elf64_Ehdr eh;

	if (!is_elf(p, len))
		return kimg_fail(err, -EINVAL, "%s is not an ELF file (no \\x7fELF magic)", what);
	if (len < sizeof(eh))
		return kimg_fail(err, -EINVAL, "%s: %zu bytes, shorter than an ELF64 header", what,
				 len);
	memcpy(&eh, p, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return kimg_fail(err, -EINVAL, "%s is not a little-endian 64-bit ELF", what);
	if (eh.e_machine != EM_X86_64)
		return kimg_fail(err, -EINVAL, "%s: ELF machine %u, not x86-64 (%u)", what,
				 eh.e_machine, EM_X86_64);
	if (eh.e_type != ET_EXEC)
		return kimg_fail(err, -EINVAL, "%s: ELF type %u, not an executable (%u)", what,
				 eh.e_type, ET_EXEC);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0)
		return kimg_fail(err, -EINVAL,
				 "%s: %u program headers of %u bytes (expected %zu-byte entries)",
				 what, eh.e_phnum, eh.e_phentsize, sizeof(Elf64_Phdr));
	if (!inside(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), len))
		return kimg_fail(err, -EINVAL,
				 "%s: program headers at 0x%llx run past its %zu bytes", what,
				 (unsigned long long)eh.e_phoff, len);
	return check_segments(p, len, &eh, what, err);
}
