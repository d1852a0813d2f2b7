/* SPDX-License-Identifier: MIT */
/*
 * ELF guest image parser (see lamina/elf.h). Fields are read byte by byte through a layout table
 * for each class: the image may sit at any alignment, and ELF32 and ELF64 differ only in where
 * and how wide each field is. Offsets and sizes are 64-bit and every sum is checked before use.
 */
#include <lamina/elf.h>
#include <lamina/errno.h>
#include <public/elfnote.h>

#define EI_NIDENT    16
#define EI_CLASS     4
#define EI_DATA	     5
#define EI_VERSION   6
#define ELFCLASS32   1
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define ET_EXEC	     2
#define EM_386	     3
#define EM_X86_64    62
#define PT_LOAD	     1
#define PT_NOTE	     4
#define SHT_NOTE     7
#define PN_XNUM	     0xffff
#define NOTE_HDR_LEN 12 /* namesz, descsz, type */

struct field {
	uint8_t off, len;
};

struct elf_layout {
	uint64_t ehdr_len, phdr_len, shdr_len;
	struct field e_type, e_machine, e_version, e_entry, e_phoff, e_shoff, e_ehsize;
	struct field e_phentsize, e_phnum, e_shentsize, e_shnum;
	struct field p_type, p_flags, p_offset, p_paddr, p_filesz, p_memsz, p_align;
	struct field sh_type, sh_offset, sh_size, sh_addralign;
};

static const struct elf_layout elf32 = {
	.ehdr_len = 52,
	.phdr_len = 32,
	.shdr_len = 40,
	.e_type = {16, 2},
	.e_machine = {18, 2},
	.e_version = {20, 4},
	.e_entry = {24, 4},
	.e_phoff = {28, 4},
	.e_shoff = {32, 4},
	.e_ehsize = {40, 2},
	.e_phentsize = {42, 2},
	.e_phnum = {44, 2},
	.e_shentsize = {46, 2},
	.e_shnum = {48, 2},
	.p_type = {0, 4},
	.p_offset = {4, 4},
	.p_paddr = {12, 4},
	.p_filesz = {16, 4},
	.p_memsz = {20, 4},
	.p_flags = {24, 4},
	.p_align = {28, 4},
	.sh_type = {4, 4},
	.sh_offset = {16, 4},
	.sh_size = {20, 4},
	.sh_addralign = {32, 4},
};

static const struct elf_layout elf64 = {
	.ehdr_len = 64,
	.phdr_len = 56,
	.shdr_len = 64,
	.e_type = {16, 2},
	.e_machine = {18, 2},
	.e_version = {20, 4},
	.e_entry = {24, 8},
	.e_phoff = {32, 8},
	.e_shoff = {40, 8},
	.e_ehsize = {52, 2},
	.e_phentsize = {54, 2},
	.e_phnum = {56, 2},
	.e_shentsize = {58, 2},
	.e_shnum = {60, 2},
	.p_type = {0, 4},
	.p_flags = {4, 4},
	.p_offset = {8, 8},
	.p_paddr = {24, 8},
	.p_filesz = {32, 8},
	.p_memsz = {40, 8},
	.p_align = {48, 8},
	.sh_type = {4, 4},
	.sh_offset = {24, 8},
	.sh_size = {32, 8},
	.sh_addralign = {48, 8},
};

struct parse {
	struct elf_image *img;
	const struct elf_layout *layout;
	const char *why;
};

/* Little-endian read of len bytes at p. */
static uint64_t read_le(const uint8_t *p, unsigned int len)
{
	uint64_t v = 0;

	while (len--)
		v = (v << 8) | p[len];
	return v;
}

static uint64_t get(const uint8_t *base, struct field f)
{
	return read_le(base + f.off, f.len);
}

static int refuse(struct parse *ps, int err, const char *why)
{
	ps->why = why;
	return err;
}

/* True when [off, off + len) lies inside the file; no sum may wrap. */
static bool in_file(const struct elf_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

/* --- notes --------------------------------------------------------------------------------- */

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static bool is_xen_name(const uint8_t *name, uint64_t namesz)
{
	/* "Xen" with its NUL, as Xen's headers emit it; tolerate producers that drop the NUL. */
	return (namesz == 4 || namesz == 3) && name[0] == 'X' && name[1] == 'e' && name[2] == 'n' &&
	       (namesz == 3 || name[3] == '\0');
}

static int xen_note(struct parse *ps, uint32_t type, const uint8_t *desc, uint64_t descsz)
{
	struct elf_image *img = ps->img;
	uint64_t entry;

	if (type != XEN_ELFNOTE_PHYS32_ENTRY)
		return 0;
	if (descsz != 4 && descsz != 8)
		return refuse(ps, -EINVAL, "PHYS32_ENTRY note is not 4 or 8 bytes");
	entry = read_le(desc, (unsigned int)descsz);
	if (entry >= ELF_PHYS32_LIMIT)
		return refuse(ps, -EINVAL, "PHYS32_ENTRY is not below 4 GiB");
	if (img->has_phys32_entry && img->phys32_entry != entry)
		return refuse(ps, -EINVAL, "conflicting PHYS32_ENTRY notes");
	img->has_phys32_entry = true;
	img->phys32_entry = entry;
	return 0;
}

/* Walks the notes in file bytes [off, off + len), already known to be inside the file. */
static int walk_notes(struct parse *ps, uint64_t off, uint64_t len, uint64_t align)
{
	const uint8_t *notes = ps->img->data + off;
	uint64_t pos = 0;

	/* Notes are 4-byte aligned unless their container says 8 (as GNU property notes do). */
	align = align == 8 ? 8 : 4;
	while (pos < len) {
		uint64_t namesz, descsz, name_end, desc_off, desc_end;
		uint32_t type;
		int rc;

		if (len - pos < NOTE_HDR_LEN)
			return refuse(ps, -EINVAL, "truncated ELF note header");
		namesz = read_le(notes + pos, 4);
		descsz = read_le(notes + pos + 4, 4);
		type = (uint32_t)read_le(notes + pos + 8, 4);
		name_end = pos + NOTE_HDR_LEN + namesz;
		desc_off = align_up(name_end, align);
		desc_end = desc_off + descsz;
		/* desc_end >= name_end, so this bounds the name too. */
		if (desc_end > len)
			return refuse(ps, -EINVAL, "ELF note runs past its segment or section");
		if (is_xen_name(notes + pos + NOTE_HDR_LEN, namesz)) {
			rc = xen_note(ps, type, notes + desc_off, descsz);
			if (rc)
				return rc;
		}
		/* The last note's padding may be cut off by the end of its container. */
		pos = align_up(desc_end, align);
	}
	return 0;
}

/* --- program and section headers ----------------------------------------------------------- */

static bool overlaps(const struct elf_segment *a, const struct elf_segment *b)
{
	return a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz;
}

static int add_load_segment(struct parse *ps, const uint8_t *ph)
{
	struct elf_image *img = ps->img;
	const struct elf_layout *l = ps->layout;
	struct elf_segment seg = {
		.paddr = get(ph, l->p_paddr),
		.offset = get(ph, l->p_offset),
		.filesz = get(ph, l->p_filesz),
		.memsz = get(ph, l->p_memsz),
		.flags = (uint32_t)get(ph, l->p_flags),
	};

	if (!in_file(img, seg.offset, seg.filesz))
		return refuse(ps, -EINVAL, "PT_LOAD segment runs past the end of the file");
	if (seg.filesz > seg.memsz)
		return refuse(ps, -EINVAL, "PT_LOAD segment has filesz larger than memsz");
	if (seg.memsz == 0)
		return 0; /* loads nothing */
	if (seg.paddr >= ELF_PADDR_LIMIT || seg.memsz > ELF_PADDR_LIMIT - seg.paddr)
		return refuse(ps, -EINVAL, "PT_LOAD segment ends beyond the 52-bit physical space");
	for (unsigned int i = 0; i < img->nr_segments; i++)
		if (overlaps(&seg, &img->segments[i]))
			return refuse(ps, -EINVAL, "PT_LOAD segments overlap");
	if (img->nr_segments == ELF_MAX_SEGMENTS)
		return refuse(ps, -E2BIG, "more than 16 PT_LOAD segments");

	img->segments[img->nr_segments++] = seg;
	if (img->nr_segments == 1 || seg.paddr < img->paddr_start)
		img->paddr_start = seg.paddr;
	if (seg.paddr + seg.memsz > img->paddr_end)
		img->paddr_end = seg.paddr + seg.memsz;
	return 0;
}

static int check_note_container(struct parse *ps, uint64_t off, uint64_t len, uint64_t align)
{
	if (!in_file(ps->img, off, len))
		return refuse(ps, -EINVAL, "ELF notes run past the end of the file");
	return walk_notes(ps, off, len, align);
}

/* Reads the program headers; *nr_notes counts the PT_NOTE segments. */
static int walk_program_headers(struct parse *ps, const uint8_t *eh, unsigned int *nr_notes)
{
	const struct elf_layout *l = ps->layout;
	const struct elf_image *img = ps->img;
	uint64_t phoff = get(eh, l->e_phoff);
	uint64_t phnum = get(eh, l->e_phnum);
	int rc = 0;

	if (phnum == 0)
		return refuse(ps, -EINVAL, "no program headers");
	if (phnum == PN_XNUM)
		return refuse(ps, -EINVAL, "extended program header numbering is not supported");
	if (get(eh, l->e_phentsize) != l->phdr_len)
		return refuse(ps, -EINVAL, "unexpected program header size");
	if (!in_file(img, phoff, phnum * l->phdr_len))
		return refuse(ps, -EINVAL, "truncated program header table");

	for (uint64_t i = 0; i < phnum && !rc; i++) {
		const uint8_t *ph = img->data + phoff + i * l->phdr_len;

		switch (get(ph, l->p_type)) {
		case PT_LOAD:
			rc = add_load_segment(ps, ph);
			break;
		case PT_NOTE:
			++*nr_notes;
			rc = check_note_container(ps, get(ph, l->p_offset), get(ph, l->p_filesz),
						  get(ph, l->p_align));
			break;
		}
	}
	return rc;
}

/* Used only when there are no PT_NOTE segments, as some linkers leave notes in sections alone. */
static int walk_note_sections(struct parse *ps, const uint8_t *eh)
{
	const struct elf_layout *l = ps->layout;
	const struct elf_image *img = ps->img;
	uint64_t shoff = get(eh, l->e_shoff);
	uint64_t shnum = get(eh, l->e_shnum);
	int rc = 0;

	/* shnum 0 with shoff set is extended numbering: no note sections we could trust. */
	if (shoff == 0 || shnum == 0)
		return 0;
	if (get(eh, l->e_shentsize) != l->shdr_len)
		return refuse(ps, -EINVAL, "unexpected section header size");
	if (!in_file(img, shoff, shnum * l->shdr_len))
		return refuse(ps, -EINVAL, "truncated section header table");

	for (uint64_t i = 0; i < shnum && !rc; i++) {
		const uint8_t *sh = img->data + shoff + i * l->shdr_len;

		if (get(sh, l->sh_type) == SHT_NOTE)
			rc = check_note_container(ps, get(sh, l->sh_offset), get(sh, l->sh_size),
						  get(sh, l->sh_addralign));
	}
	return rc;
}

/* --- ELF header ---------------------------------------------------------------------------- */

static int check_ident(struct parse *ps)
{
	const struct elf_image *img = ps->img;
	const uint8_t *id = img->data;

	if (img->size < EI_NIDENT || id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return refuse(ps, -ENOEXEC, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return refuse(ps, -ENOEXEC, "neither ELF32 nor ELF64");
	if (id[EI_DATA] != ELFDATA2LSB)
		return refuse(ps, -ENOEXEC, "not a little-endian ELF file");
	if (id[EI_VERSION] != EV_CURRENT)
		return refuse(ps, -ENOEXEC, "unknown ELF version");
	ps->layout = id[EI_CLASS] == ELFCLASS64 ? &elf64 : &elf32;
	return 0;
}

static int check_header(struct parse *ps, const uint8_t *eh)
{
	const struct elf_layout *l = ps->layout;
	uint64_t machine;

	if (ps->img->size < l->ehdr_len)
		return refuse(ps, -ENOEXEC, "truncated ELF header");
	if (get(eh, l->e_version) != EV_CURRENT)
		return refuse(ps, -ENOEXEC, "unknown ELF version");
	if (get(eh, l->e_type) != ET_EXEC)
		return refuse(ps, -ENOEXEC, "not an executable ELF file");
	machine = get(eh, l->e_machine);
	if (machine != EM_X86_64 && machine != EM_386)
		return refuse(ps, -ENOEXEC, "not an x86 ELF file");
	if (get(eh, l->e_ehsize) < l->ehdr_len)
		return refuse(ps, -EINVAL, "ELF header size too small");
	return 0;
}

static int parse_image(struct parse *ps)
{
	struct elf_image *img = ps->img;
	unsigned int nr_notes = 0;
	int rc;

	rc = check_ident(ps);
	if (!rc)
		rc = check_header(ps, img->data);
	if (rc)
		return rc;
	img->is64 = ps->layout == &elf64;
	img->entry = get(img->data, ps->layout->e_entry);

	rc = walk_program_headers(ps, img->data, &nr_notes);
	if (!rc && nr_notes == 0)
		rc = walk_note_sections(ps, img->data);
	if (rc)
		return rc;
	if (img->nr_segments == 0)
		return refuse(ps, -EINVAL, "no loadable segments");
	if (img->has_phys32_entry &&
	    (img->phys32_entry < img->paddr_start || img->phys32_entry >= img->paddr_end))
		return refuse(ps, -EINVAL, "PHYS32_ENTRY lies outside the loaded segments");
	return 0;
}

int elf_parse(struct elf_image *img, const void *data, size_t size, const char **why)
{
	struct parse ps = {.img = img};
	int rc;

	*img = (struct elf_image){.data = data, .size = data ? size : 0};
	rc = parse_image(&ps);
	if (why)
		*why = rc ? ps.why : NULL;
	return rc;
}
