/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the ELF guest image parser (hypervisor/common/elf.c). Images are built here with
 * glibc's <elf.h> structures, so the parser's own field layout is checked against another one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <elf.h>

#include <lamina/elf.h>
#include <lamina/errno.h>
#include <public/elfnote.h>

#include "elf_invariants.h"

#define IMAGE_MAX  0x8000
#define PHOFF	   0x40
#define TEXT_OFF   0x1000
#define TEXT_PADDR 0x100000
#define DATA_OFF   0x2000
#define DATA_PADDR 0x101000
#define NOTE_OFF   0x3000
#define SHOFF	   0x3800
#define PHYS32	   0x100040
#define VIRT_ENTRY 0xffffffff81000000ULL

struct seg {
	uint32_t type, flags;
	uint64_t offset, paddr, filesz, memsz, align;
};

/* What to build: the ELF header is derived from it, contents are filler bytes. */
struct spec {
	bool is64;
	unsigned int nr_segs;
	struct seg segs[24];
	uint8_t notes[512]; /* placed at NOTE_OFF */
	size_t notes_len;
	bool note_section; /* a section header table with an SHT_NOTE section over the notes */
	uint64_t note_section_align;
};

static union {
	uint8_t bytes[IMAGE_MAX];
	Elf64_Ehdr eh64;
	Elf32_Ehdr eh32;
} image;
static size_t image_size;
static struct elf_image img;
static const char *why;

/* --- building images ----------------------------------------------------------------------- */

static void add_note(struct spec *s, const char *name, uint32_t namesz, uint32_t type,
		     const void *desc, uint32_t descsz, unsigned int align)
{
	Elf64_Nhdr hdr = {.n_namesz = namesz, .n_descsz = descsz, .n_type = type};
	size_t pos = s->notes_len;

	memcpy(s->notes + pos, &hdr, sizeof(hdr));
	pos += sizeof(hdr);
	memcpy(s->notes + pos, name, namesz);
	pos = (pos + namesz + align - 1) / align * align;
	memcpy(s->notes + pos, desc, descsz);
	pos = (pos + descsz + align - 1) / align * align;
	assert_true(pos <= sizeof(s->notes));
	s->notes_len = pos;
}

static void add_phys32_note(struct spec *s, uint64_t entry, uint32_t descsz)
{
	add_note(s, "Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, descsz, 4);
}

static void add_seg(struct spec *s, uint32_t type, uint64_t offset, uint64_t paddr, uint64_t filesz,
		    uint64_t memsz)
{
	s->segs[s->nr_segs++] = (struct seg){.type = type,
					     .flags = PF_R,
					     .offset = offset,
					     .paddr = paddr,
					     .filesz = filesz,
					     .memsz = memsz,
					     .align = 4};
}

/* Two loadable segments, text and data, and notes in a PT_NOTE segment; no PHYS32 note yet. */
static struct spec plain_spec(bool is64)
{
	static const char build_id[20] = "0123456789abcdefghi";
	struct spec s = {.is64 = is64};

	add_note(&s, "GNU", 4, NT_GNU_BUILD_ID, build_id, sizeof(build_id), 4);
	add_note(&s, "Xen", 4, XEN_ELFNOTE_GUEST_OS, "linux", 6, 4);
	add_seg(&s, PT_LOAD, TEXT_OFF, TEXT_PADDR, 0x800, 0x1000);
	s.segs[0].flags = PF_R | PF_X;
	add_seg(&s, PT_LOAD, DATA_OFF, DATA_PADDR, 0x100, 0x3000);
	s.segs[1].flags = PF_R | PF_W;
	add_seg(&s, PT_NOTE, NOTE_OFF, 0, 0, 0); /* sizes filled in by build() */
	return s;
}

static struct spec pvh_spec(bool is64)
{
	struct spec s = plain_spec(is64);

	add_phys32_note(&s, PHYS32, 4);
	return s;
}

static void write_phdr(const struct spec *s, unsigned int i, const struct seg *g)
{
	if (s->is64) {
		Elf64_Phdr ph = {.p_type = g->type,
				 .p_flags = g->flags,
				 .p_offset = g->offset,
				 .p_vaddr = g->paddr + 0xffffffff80000000ULL,
				 .p_paddr = g->paddr,
				 .p_filesz = g->filesz,
				 .p_memsz = g->memsz,
				 .p_align = g->align};
		memcpy(image.bytes + PHOFF + i * sizeof(ph), &ph, sizeof(ph));
	} else {
		Elf32_Phdr ph = {.p_type = g->type,
				 .p_flags = g->flags,
				 .p_offset = (Elf32_Off)g->offset,
				 .p_vaddr = (Elf32_Addr)g->paddr,
				 .p_paddr = (Elf32_Addr)g->paddr,
				 .p_filesz = (Elf32_Word)g->filesz,
				 .p_memsz = (Elf32_Word)g->memsz,
				 .p_align = (Elf32_Word)g->align};
		memcpy(image.bytes + PHOFF + i * sizeof(ph), &ph, sizeof(ph));
	}
}

static void write_note_sections(const struct spec *s)
{
	/* [0] null, [1] the notes, [2] some code. */
	if (s->is64) {
		Elf64_Shdr sh[3] = {
			[1] = {.sh_type = SHT_NOTE,
			       .sh_offset = NOTE_OFF,
			       .sh_size = s->notes_len,
			       .sh_addralign = s->note_section_align},
			[2] = {.sh_type = SHT_PROGBITS, .sh_offset = TEXT_OFF, .sh_size = 0x800},
		};
		memcpy(image.bytes + SHOFF, sh, sizeof(sh));
		image.eh64.e_shoff = SHOFF;
		image.eh64.e_shentsize = sizeof(sh[0]);
		image.eh64.e_shnum = 3;
	} else {
		Elf32_Shdr sh[3] = {
			[1] = {.sh_type = SHT_NOTE,
			       .sh_offset = NOTE_OFF,
			       .sh_size = (Elf32_Word)s->notes_len,
			       .sh_addralign = (Elf32_Word)s->note_section_align},
			[2] = {.sh_type = SHT_PROGBITS, .sh_offset = TEXT_OFF, .sh_size = 0x800},
		};
		memcpy(image.bytes + SHOFF, sh, sizeof(sh));
		image.eh32.e_shoff = SHOFF;
		image.eh32.e_shentsize = sizeof(sh[0]);
		image.eh32.e_shnum = 3;
	}
	image_size = SHOFF + 3 * (s->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr));
}

static void build(struct spec *s)
{
	static const uint8_t ident[] = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3};

	memset(image.bytes, 0xcc, sizeof(image.bytes));
	memcpy(image.bytes, ident, sizeof(ident));
	image.bytes[EI_CLASS] = s->is64 ? ELFCLASS64 : ELFCLASS32;
	image.bytes[EI_DATA] = ELFDATA2LSB;
	image.bytes[EI_VERSION] = EV_CURRENT;
	memset(image.bytes + EI_OSABI, 0, EI_NIDENT - EI_OSABI);
	if (s->is64) {
		image.eh64.e_type = ET_EXEC;
		image.eh64.e_machine = EM_X86_64;
		image.eh64.e_version = EV_CURRENT;
		image.eh64.e_entry = VIRT_ENTRY;
		image.eh64.e_phoff = PHOFF;
		image.eh64.e_shoff = 0;
		image.eh64.e_flags = 0;
		image.eh64.e_ehsize = sizeof(Elf64_Ehdr);
		image.eh64.e_phentsize = sizeof(Elf64_Phdr);
		image.eh64.e_phnum = (Elf64_Half)s->nr_segs;
		image.eh64.e_shentsize = 0;
		image.eh64.e_shnum = 0;
		image.eh64.e_shstrndx = 0;
	} else {
		image.eh32.e_type = ET_EXEC;
		image.eh32.e_machine = EM_386;
		image.eh32.e_version = EV_CURRENT;
		image.eh32.e_entry = TEXT_PADDR;
		image.eh32.e_phoff = PHOFF;
		image.eh32.e_shoff = 0;
		image.eh32.e_flags = 0;
		image.eh32.e_ehsize = sizeof(Elf32_Ehdr);
		image.eh32.e_phentsize = sizeof(Elf32_Phdr);
		image.eh32.e_phnum = (Elf32_Half)s->nr_segs;
		image.eh32.e_shentsize = 0;
		image.eh32.e_shnum = 0;
		image.eh32.e_shstrndx = 0;
	}
	for (unsigned int i = 0; i < s->nr_segs; i++) {
		struct seg g = s->segs[i];

		if (g.type == PT_NOTE && g.offset == NOTE_OFF && g.filesz == 0)
			g.filesz = g.memsz = s->notes_len;
		write_phdr(s, i, &g);
	}
	memcpy(image.bytes + NOTE_OFF, s->notes, s->notes_len);
	image_size = NOTE_OFF + s->notes_len;
	if (s->note_section)
		write_note_sections(s);
}

static void remove_seg(struct spec *s, uint32_t type)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->nr_segs; i++)
		if (s->segs[i].type != type)
			s->segs[n++] = s->segs[i];
	s->nr_segs = n;
}

static int parse(void)
{
	int rc = elf_parse(&img, image.bytes, image_size, &why);
	const char *broken = rc ? NULL : elf_broken_invariant(&img, image.bytes, image_size);

	if (broken)
		fail_msg("accepted image breaks an invariant: %s", broken);
	return rc;
}

static void assert_refused(int expected_rc, const char *expected_why)
{
	int rc = parse();

	if (rc != expected_rc || !why || strcmp(why, expected_why) != 0)
		fail_msg("rc %d why \"%s\"; expected %d \"%s\"", rc, why ? why : "(null)",
			 expected_rc, expected_why);
}

/* --- accepted images ----------------------------------------------------------------------- */

static void check_pvh_image(bool is64)
{
	struct spec s = pvh_spec(is64);

	build(&s);
	assert_int_equal(parse(), 0);
	assert_null(why);
	assert_int_equal(img.is64, is64);
	assert_ptr_equal(img.data, image.bytes);
	assert_int_equal(img.size, image_size);
	assert_int_equal(img.entry, is64 ? VIRT_ENTRY : TEXT_PADDR);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, PHYS32);
	assert_int_equal(img.nr_segments, 2);
	assert_int_equal(img.segments[0].paddr, TEXT_PADDR);
	assert_int_equal(img.segments[0].offset, TEXT_OFF);
	assert_int_equal(img.segments[0].filesz, 0x800);
	assert_int_equal(img.segments[0].memsz, 0x1000);
	assert_int_equal(img.segments[0].flags, PF_R | PF_X);
	assert_int_equal(img.segments[1].paddr, DATA_PADDR);
	assert_int_equal(img.segments[1].offset, DATA_OFF);
	assert_int_equal(img.segments[1].filesz, 0x100);
	assert_int_equal(img.segments[1].memsz, 0x3000);
	assert_int_equal(img.segments[1].flags, PF_R | PF_W);
	assert_int_equal(img.paddr_start, TEXT_PADDR);
	assert_int_equal(img.paddr_end, DATA_PADDR + 0x3000);
}

static void test_pvh_elf64(void **state)
{
	(void)state;
	check_pvh_image(true);
}

static void test_pvh_elf32(void **state)
{
	(void)state;
	check_pvh_image(false);
}

static void test_phys32_note_of_8_bytes(void **state)
{
	struct spec s = plain_spec(true);

	(void)state;
	add_phys32_note(&s, PHYS32 + 8, 8);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, PHYS32 + 8);
}

static void test_missing_phys32_note_is_not_an_error(void **state)
{
	struct spec s = plain_spec(true);

	(void)state;
	build(&s);
	assert_int_equal(parse(), 0);
	assert_false(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, 0);

	/* Not even with no notes at all. */
	remove_seg(&s, PT_NOTE);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_false(img.has_phys32_entry);
}

static void test_only_xen_named_notes_count(void **state)
{
	uint32_t entry = PHYS32;
	struct spec s = plain_spec(true);

	(void)state;
	add_note(&s, "Xe", 3, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	add_note(&s, "XenX", 5, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	add_note(&s, "XenX", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	add_note(&s, "xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	add_note(&s, "GNU", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 2, 4); /* bad size, not ours */
	add_note(&s, "", 0, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_false(img.has_phys32_entry);

	/* "Xen" without its NUL is accepted. */
	add_note(&s, "Xen", 3, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 4);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_true(img.has_phys32_entry);
}

static void test_notes_from_sections_when_no_pt_note(void **state)
{
	struct spec s = pvh_spec(true);

	(void)state;
	remove_seg(&s, PT_NOTE);
	s.note_section = true;
	build(&s);
	assert_int_equal(parse(), 0);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, PHYS32);

	s.is64 = false;
	build(&s);
	assert_int_equal(parse(), 0);
	assert_true(img.has_phys32_entry);
}

static void test_sections_ignored_when_pt_note_exists(void **state)
{
	struct spec s = plain_spec(true);

	(void)state;
	/* The PT_NOTE segment covers only the first two notes; the section would add PHYS32. */
	s.note_section = true;
	s.segs[2].filesz = s.segs[2].memsz = s.notes_len;
	add_phys32_note(&s, PHYS32, 4);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_false(img.has_phys32_entry);
}

static void test_eight_byte_aligned_notes(void **state)
{
	/* A GNU property note as newer toolchains emit it: 8-aligned, in its own PT_NOTE. */
	static const uint8_t property[12] = {2, 0, 0, 0xc0, 4, 0, 0, 0, 3}; /* padded to 16 */
	uint64_t entry = PHYS32;
	struct spec s = plain_spec(true);
	size_t first = s.notes_len;

	(void)state;
	s.notes_len = (s.notes_len + 7) & ~7ul; /* a linker starts the 8-aligned notes aligned */
	add_note(&s, "GNU", 4, NT_GNU_PROPERTY_TYPE_0, property, sizeof(property), 8);
	add_note(&s, "Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 4, 8);
	s.segs[2].filesz = s.segs[2].memsz = first; /* the 4-aligned notes */
	add_seg(&s, PT_NOTE, NOTE_OFF + ((first + 7) & ~7ul), 0, s.notes_len - ((first + 7) & ~7ul),
		s.notes_len - ((first + 7) & ~7ul));
	s.segs[3].align = 8;
	build(&s);
	assert_int_equal(parse(), 0);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, PHYS32);
}

static void test_duplicate_identical_phys32_notes(void **state)
{
	struct spec s = pvh_spec(true);

	(void)state;
	add_phys32_note(&s, PHYS32, 8);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_int_equal(img.phys32_entry, PHYS32);
}

static void test_segment_edge_cases_accepted(void **state)
{
	struct spec s = pvh_spec(true);

	(void)state;
	/* Adjacent segments, an empty one (ignored), a BSS-only one, a segment ending at 2^52. */
	add_seg(&s, PT_LOAD, 0, 0x500000, 0, 0);
	add_seg(&s, PT_LOAD, 0, DATA_PADDR + 0x3000, 0, 0x1000);
	add_seg(&s, PT_LOAD, TEXT_OFF, ELF_PADDR_LIMIT - 0x1000, 0x800, 0x1000);
	/* A segment whose file bytes end exactly at the end of the file. */
	add_seg(&s, PT_LOAD, NOTE_OFF, 0x200000, s.notes_len, s.notes_len);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_int_equal(img.nr_segments, 5);
	assert_int_equal(img.segments[2].paddr, DATA_PADDR + 0x3000);
	assert_int_equal(img.paddr_end, ELF_PADDR_LIMIT);

	/* Segments out of address order: the span is still their union. */
	s = pvh_spec(true);
	add_seg(&s, PT_LOAD, 0, 0x80000, 0, 0x1000);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_int_equal(img.paddr_start, 0x80000);
	assert_int_equal(img.paddr_end, DATA_PADDR + 0x3000);
}

static void test_sixteen_segments_fit_seventeen_do_not(void **state)
{
	struct spec s = pvh_spec(true);

	(void)state;
	while (s.nr_segs < ELF_MAX_SEGMENTS + 1) /* 2 loads + note + 14 = 16 loads */
		add_seg(&s, PT_LOAD, 0, 0x1000000 + s.nr_segs * 0x1000ULL, 0, 0x1000);
	build(&s);
	assert_int_equal(parse(), 0);
	assert_int_equal(img.nr_segments, ELF_MAX_SEGMENTS);

	add_seg(&s, PT_LOAD, 0, 0x2000000, 0, 0x1000);
	build(&s);
	assert_refused(-E2BIG, "more than 16 PT_LOAD segments");
}

/* --- refused images ------------------------------------------------------------------------ */

static struct spec s64;

static void refuse_setup(void)
{
	s64 = pvh_spec(true);
	build(&s64);
}

static void test_refused_identification(void **state)
{
	(void)state;
	refuse_setup();
	image_size = 0;
	assert_refused(-ENOEXEC, "not an ELF file");
	image_size = 15;
	assert_refused(-ENOEXEC, "not an ELF file");
	assert_int_equal(elf_parse(&img, NULL, 100, &why), -ENOEXEC);
	assert_int_equal(elf_parse(&img, NULL, 0, NULL), -ENOEXEC);

	refuse_setup();
	image.bytes[3] = 'G';
	assert_refused(-ENOEXEC, "not an ELF file");

	refuse_setup();
	image.bytes[EI_CLASS] = ELFCLASSNONE;
	assert_refused(-ENOEXEC, "neither ELF32 nor ELF64");
	image.bytes[EI_CLASS] = 3;
	assert_refused(-ENOEXEC, "neither ELF32 nor ELF64");

	refuse_setup();
	image.bytes[EI_DATA] = ELFDATA2MSB;
	assert_refused(-ENOEXEC, "not a little-endian ELF file");

	refuse_setup();
	image.bytes[EI_VERSION] = 0;
	assert_refused(-ENOEXEC, "unknown ELF version");

	refuse_setup();
	image.eh64.e_version = 2;
	assert_refused(-ENOEXEC, "unknown ELF version");

	refuse_setup();
	image_size = sizeof(Elf64_Ehdr) - 1;
	assert_refused(-ENOEXEC, "truncated ELF header");

	refuse_setup();
	image.eh64.e_type = ET_DYN;
	assert_refused(-ENOEXEC, "not an executable ELF file");
	image.eh64.e_type = ET_REL;
	assert_refused(-ENOEXEC, "not an executable ELF file");

	refuse_setup();
	image.eh64.e_machine = EM_AARCH64;
	assert_refused(-ENOEXEC, "not an x86 ELF file");
	image.eh64.e_machine = EM_386; /* either x86 machine is accepted */
	assert_int_equal(parse(), 0);
}

static void test_refused_header_tables(void **state)
{
	(void)state;
	refuse_setup();
	image.eh64.e_ehsize = sizeof(Elf64_Ehdr) - 1;
	assert_refused(-EINVAL, "ELF header size too small");

	refuse_setup();
	image.eh64.e_phnum = 0;
	assert_refused(-EINVAL, "no program headers");

	refuse_setup();
	image.eh64.e_phnum = PN_XNUM;
	assert_refused(-EINVAL, "extended program header numbering is not supported");

	refuse_setup();
	image.eh64.e_phentsize = sizeof(Elf32_Phdr);
	assert_refused(-EINVAL, "unexpected program header size");

	refuse_setup();
	image.eh64.e_phoff = image_size - 3 * sizeof(Elf64_Phdr) + 1;
	assert_refused(-EINVAL, "truncated program header table");
	image.eh64.e_phoff = UINT64_MAX - 10; /* offset + length wraps */
	assert_refused(-EINVAL, "truncated program header table");
	image.eh64.e_phoff = UINT64_MAX;
	assert_refused(-EINVAL, "truncated program header table");

	/* A truncated or misdescribed section table matters only when notes are read from it. */
	s64 = pvh_spec(true);
	remove_seg(&s64, PT_NOTE);
	s64.note_section = true;
	build(&s64);
	image.eh64.e_shentsize = sizeof(Elf32_Shdr);
	assert_refused(-EINVAL, "unexpected section header size");
	build(&s64);
	image_size--;
	assert_refused(-EINVAL, "truncated section header table");
	build(&s64);
	image.eh64.e_shoff = UINT64_MAX - 100;
	assert_refused(-EINVAL, "truncated section header table");
	build(&s64);
	((Elf64_Shdr *)(image.bytes + SHOFF))[1].sh_offset = UINT64_MAX - 4;
	assert_refused(-EINVAL, "ELF notes run past the end of the file");
	build(&s64);
	image.eh64.e_shnum = 0; /* no sections at all: no notes, no error */
	assert_int_equal(parse(), 0);
	assert_false(img.has_phys32_entry);
}

static void refuse_seg(unsigned int i, struct seg g, int rc, const char *expected)
{
	s64 = pvh_spec(true);
	s64.segs[i] = g;
	build(&s64);
	assert_refused(rc, expected);
}

static void test_refused_segments(void **state)
{
	struct seg text;

	(void)state;
	s64 = pvh_spec(true);
	text = s64.segs[0];

	struct seg g = text;
	g.offset = NOTE_OFF + 1; /* filesz 0x800 runs past the end */
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment runs past the end of the file");
	g = text;
	g.offset = UINT64_MAX - 0x100;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment runs past the end of the file");
	g = text;
	g.filesz = UINT64_MAX;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment runs past the end of the file");
	g = text;
	g.filesz = g.memsz + 1;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment has filesz larger than memsz");
	g = text;
	g.paddr = UINT64_MAX - 0x800; /* paddr + memsz wraps */
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment ends beyond the 52-bit physical space");
	g = text;
	g.paddr = ELF_PADDR_LIMIT - 0x800;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment ends beyond the 52-bit physical space");
	g = text;
	g.paddr = ELF_PADDR_LIMIT;
	g.memsz = 1;
	g.filesz = 1;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment ends beyond the 52-bit physical space");
	g = text;
	g.memsz = UINT64_MAX;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segment ends beyond the 52-bit physical space");

	/* Overlaps: partial, containment, identical. */
	g = text;
	g.paddr = DATA_PADDR - 0x800;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segments overlap");
	g = text;
	g.paddr = DATA_PADDR + 0x1000;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segments overlap");
	g = text;
	g.paddr = DATA_PADDR - 0x1000;
	g.memsz = 0x10000;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segments overlap");
	g = s64.segs[1];
	g.offset = TEXT_OFF;
	refuse_seg(0, g, -EINVAL, "PT_LOAD segments overlap");

	/* No loadable segment at all. */
	s64 = pvh_spec(true);
	remove_seg(&s64, PT_LOAD);
	build(&s64);
	assert_refused(-EINVAL, "no loadable segments");
	s64.segs[s64.nr_segs++] = (struct seg){.type = PT_LOAD};
	build(&s64);
	assert_refused(-EINVAL, "no loadable segments");
}

static void test_refused_notes(void **state)
{
	uint32_t bad_entry = PHYS32;
	struct seg note;

	(void)state;
	s64 = pvh_spec(true);
	note = s64.segs[2];
	note.filesz = note.memsz = s64.notes_len;

	struct seg g = note;
	g.filesz = s64.notes_len + 1;
	refuse_seg(2, g, -EINVAL, "ELF notes run past the end of the file");
	g = note;
	g.offset = UINT64_MAX - 8;
	refuse_seg(2, g, -EINVAL, "ELF notes run past the end of the file");
	g = note;
	g.filesz = s64.notes_len - 1; /* cuts the PHYS32 note's descriptor */
	refuse_seg(2, g, -EINVAL, "ELF note runs past its segment or section");
	g = note;
	g.filesz = s64.notes_len - 6; /* cuts the PHYS32 note's name */
	refuse_seg(2, g, -EINVAL, "ELF note runs past its segment or section");
	g = note;
	g.filesz = s64.notes_len - 12; /* leaves 8 bytes of a 12-byte note header */
	refuse_seg(2, g, -EINVAL, "truncated ELF note header");
	g = note;
	g.offset = NOTE_OFF + s64.notes_len - 8;
	g.filesz = 8;
	refuse_seg(2, g, -EINVAL, "truncated ELF note header");

	/* Sizes in the note header itself. */
	s64 = plain_spec(true);
	add_note(&s64, "Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, &bad_entry, 4, 4);
	memcpy(s64.notes + s64.notes_len - 20, &(uint32_t){UINT32_MAX}, 4); /* namesz */
	build(&s64);
	assert_refused(-EINVAL, "ELF note runs past its segment or section");
	memcpy(s64.notes + s64.notes_len - 20, &(uint32_t){4}, 4);
	memcpy(s64.notes + s64.notes_len - 16, &(uint32_t){UINT32_MAX}, 4); /* descsz */
	build(&s64);
	assert_refused(-EINVAL, "ELF note runs past its segment or section");
	memcpy(s64.notes + s64.notes_len - 16, &(uint32_t){5}, 4);
	build(&s64);
	assert_refused(-EINVAL, "ELF note runs past its segment or section");

	/* The PHYS32_ENTRY note's contents. */
	for (uint32_t size = 0; size <= 12; size++) {
		if (size == 4 || size == 8)
			continue;
		s64 = plain_spec(true);
		add_note(&s64, "Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, "\x40\x00\x10\x00\0\0\0\0\0\0\0",
			 size, 4);
		build(&s64);
		assert_refused(-EINVAL, "PHYS32_ENTRY note is not 4 or 8 bytes");
	}
	s64 = plain_spec(true);
	add_phys32_note(&s64, 1ULL << 32, 8);
	build(&s64);
	assert_refused(-EINVAL, "PHYS32_ENTRY is not below 4 GiB");
	s64 = plain_spec(true);
	add_phys32_note(&s64, PHYS32, 4);
	add_phys32_note(&s64, PHYS32 + 4, 4);
	build(&s64);
	assert_refused(-EINVAL, "conflicting PHYS32_ENTRY notes");
	s64 = plain_spec(true);
	add_phys32_note(&s64, DATA_PADDR + 0x3000, 4); /* one past the end */
	build(&s64);
	assert_refused(-EINVAL, "PHYS32_ENTRY lies outside the loaded segments");
	s64 = plain_spec(true);
	add_phys32_note(&s64, TEXT_PADDR - 1, 4);
	build(&s64);
	assert_refused(-EINVAL, "PHYS32_ENTRY lies outside the loaded segments");
}

/* Any prefix of a valid image is refused without reading past its end (ASan watches). */
static void test_every_truncation_refused(void **state)
{
	struct spec specs[] = {pvh_spec(true), pvh_spec(false)};

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		size_t full;
		uint8_t *copy;

		build(&specs[k]);
		full = image_size;
		for (size_t len = 0; len < full; len++) {
			/* An exact-size heap copy, so that any overread is caught. */
			copy = malloc(len ? len : 1);
			assert_non_null(copy);
			memcpy(copy, image.bytes, len);
			if (elf_parse(&img, copy, len, &why) == 0)
				fail_msg("a %zu-byte prefix of a %zu-byte image was accepted", len,
					 full);
			assert_non_null(why);
			free(copy);
		}
	}
}

/* Random corruption: never a crash, and whatever is accepted keeps the loader's invariants. */
static void test_random_corruption(void **state)
{
	unsigned int accepted = 0, refused = 0;

	(void)state;
	srandom(42);
	for (int round = 0; round < 20000; round++) {
		struct spec s = pvh_spec(round & 1);
		size_t len;
		uint8_t *copy;
		int rc;

		build(&s);
		for (int flips = 1 + random() % 4; flips; flips--) {
			/* Mostly the headers and notes, where the parser looks. */
			size_t at = random() % 2 ? (size_t)random() % 0x100
						 : NOTE_OFF + (size_t)random() % s.notes_len;

			image.bytes[at] = random() % 3 ? (uint8_t)random() : 0xff;
		}
		len = image_size - (random() % 8 == 0 ? random() % 16 : 0);
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, image.bytes, len);
		rc = elf_parse(&img, copy, len, &why);
		if (rc == 0) {
			const char *broken = elf_broken_invariant(&img, copy, len);

			if (broken)
				fail_msg("round %d: accepted image breaks an invariant: %s", round,
					 broken);
			accepted++;
		} else {
			assert_true(rc == -ENOEXEC || rc == -EINVAL || rc == -E2BIG);
			assert_non_null(why);
			refused++;
		}
		free(copy);
	}
	/* The mutations must exercise both outcomes to mean anything. */
	assert_true(accepted > 100);
	assert_true(refused > 100);
}

/*
 * A real kernel, when one is at hand: LAMINA_TEST_VMLINUX=/path/to/vmlinux (Debian's has
 * PHYS32_ENTRY). Skipped otherwise; the synthetic images above are the test of record.
 */
static void test_real_vmlinux(void **state)
{
	const char *path = getenv("LAMINA_TEST_VMLINUX");
	FILE *f;
	uint8_t *data;
	long len;

	(void)state;
	if (!path || !*path)
		skip();
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	if (elf_parse(&img, data, (size_t)len, &why))
		fail_msg("%s refused: %s", path, why);
	assert_null(elf_broken_invariant(&img, data, (size_t)len));
	assert_true(img.has_phys32_entry);
	print_message("%s: %u segments, paddr [%#llx, %#llx), PHYS32_ENTRY %#llx\n", path,
		      img.nr_segments, (unsigned long long)img.paddr_start,
		      (unsigned long long)img.paddr_end, (unsigned long long)img.phys32_entry);
	free(data);
}

/* --- seeds for fuzz_elf -------------------------------------------------------------------- */

static int write_seed(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(image.bytes, 1, image_size, f) != image_size || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int write_seeds(const char *dir)
{
	struct spec s;
	int rc = 0;

	s = pvh_spec(true);
	build(&s);
	rc |= write_seed(dir, "pvh64");
	s = pvh_spec(false);
	build(&s);
	rc |= write_seed(dir, "pvh32");
	s = pvh_spec(false);
	remove_seg(&s, PT_NOTE);
	s.note_section = true;
	build(&s);
	rc |= write_seed(dir, "sections32");
	s = pvh_spec(true);
	remove_seg(&s, PT_NOTE);
	s.note_section = true;
	build(&s);
	rc |= write_seed(dir, "sections64");
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pvh_elf64),
		cmocka_unit_test(test_pvh_elf32),
		cmocka_unit_test(test_phys32_note_of_8_bytes),
		cmocka_unit_test(test_missing_phys32_note_is_not_an_error),
		cmocka_unit_test(test_only_xen_named_notes_count),
		cmocka_unit_test(test_notes_from_sections_when_no_pt_note),
		cmocka_unit_test(test_sections_ignored_when_pt_note_exists),
		cmocka_unit_test(test_eight_byte_aligned_notes),
		cmocka_unit_test(test_duplicate_identical_phys32_notes),
		cmocka_unit_test(test_segment_edge_cases_accepted),
		cmocka_unit_test(test_sixteen_segments_fit_seventeen_do_not),
		cmocka_unit_test(test_refused_identification),
		cmocka_unit_test(test_refused_header_tables),
		cmocka_unit_test(test_refused_segments),
		cmocka_unit_test(test_refused_notes),
		cmocka_unit_test(test_every_truncation_refused),
		cmocka_unit_test(test_random_corruption),
		cmocka_unit_test(test_real_vmlinux),
	};

	if (argc == 3 && strcmp(argv[1], "--write-seeds") == 0)
		return write_seeds(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
