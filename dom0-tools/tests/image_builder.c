/* SPDX-License-Identifier: MIT */
/* Test images built from scratch; field offsets follow the x86 boot protocol (boot.rst). */
#include <elf.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "image_builder.h"

static void *xmalloc(size_t len)
{
	void *p = calloc(1, len ? len : 1);

	if (!p) {
		fprintf(stderr, "image_builder: out of memory (%zu bytes)\n", len);
		abort();
	}
	return p;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

struct buf make_elf(size_t len, unsigned int seed)
{
	struct buf b = {xmalloc(len), len};
	Elf64_Ehdr eh = {0};
	Elf64_Phdr ph = {0};
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	/* a pattern with some entropy: runs of one byte, then noise */
	for (i = sizeof(eh) + sizeof(ph); i < len; i++) {
		x = x * 1103515245u + 12345u;
		b.data[i] = (i / 64) % 3 ? (uint8_t)(x >> 24) : (uint8_t)(i / 64);
	}
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_entry = 0x1000000;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = 1;
	ph.p_type = PT_LOAD;
	ph.p_flags = PF_R | PF_X;
	ph.p_offset = 0x1000;
	ph.p_vaddr = ph.p_paddr = 0x1000000;
	ph.p_filesz = len - 0x1000;
	ph.p_memsz = ph.p_filesz + 0x1000;
	ph.p_align = 0x1000;
	memcpy(b.data, &eh, sizeof(eh));
	memcpy(b.data + sizeof(eh), &ph, sizeof(ph));
	return b;
}

struct buf compress_xz(const uint8_t *in, size_t len)
{
	lzma_options_lzma lzma;
	lzma_filter filters[] = {
		{LZMA_FILTER_X86, NULL},
		{LZMA_FILTER_LZMA2, &lzma},
		{LZMA_VLI_UNKNOWN, NULL},
	};
	size_t cap = lzma_stream_buffer_bound(len);
	struct buf b = {xmalloc(cap), 0};

	if (lzma_lzma_preset(&lzma, 6) ||
	    lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC32, NULL, in, len, b.data, &b.len,
				      cap) != LZMA_OK) {
		fprintf(stderr, "image_builder: xz encoding failed\n");
		abort();
	}
	return b;
}

struct buf compress_gzip(const uint8_t *in, size_t len)
{
	z_stream z = {0};
	size_t cap;
	struct buf b;

	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	cap = deflateBound(&z, len);
	b.data = xmalloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = b.data;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		fprintf(stderr, "image_builder: gzip encoding failed\n");
		abort();
	}
	b.len = cap - z.avail_out;
	deflateEnd(&z);
	return b;
}

struct buf append_size(struct buf stream, uint32_t size)
{
	struct buf b = {xmalloc(stream.len + 4), stream.len + 4};

	memcpy(b.data, stream.data, stream.len);
	put32(b.data + stream.len, size);
	return b;
}

void bzimage_defaults(struct bzimage_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->setup_sects = 3;
	spec->boot_flag = 0xaa55;
	memcpy(spec->magic, "HdrS", 4);
	spec->version = 0x020f;
	spec->jump_opcode = 0xeb;
	spec->jump_len = 0x6a; /* lands at 0x26c, the end of a 2.15 header */
	spec->code_before = 0x300;
	spec->code_after = 0x180;
}

struct buf make_bzimage(const struct bzimage_spec *spec, struct buf payload, size_t *payload_at)
{
	size_t sects = spec->setup_sects ? spec->setup_sects : 4;
	size_t kernel_start = (sects + 1) * 512;
	size_t len = kernel_start + spec->code_before + payload.len + spec->code_after;
	struct buf b = {xmalloc(len), len};
	uint8_t *h = b.data;

	memset(h + kernel_start, 0x90, spec->code_before);
	memcpy(h + kernel_start + spec->code_before, payload.data, payload.len);
	memset(h + kernel_start + spec->code_before + payload.len, 0xcc, spec->code_after);
	h[0x1f1] = spec->setup_sects;
	put16(h + 0x1fe, spec->boot_flag);
	h[0x200] = spec->jump_opcode;
	h[0x201] = spec->jump_len;
	memcpy(h + 0x202, spec->magic, 4);
	put16(h + 0x206, spec->version);
	put32(h + 0x248, spec->lie_offset ? spec->payload_offset : (uint32_t)spec->code_before);
	put32(h + 0x24c, spec->lie_length ? spec->payload_length : (uint32_t)payload.len);
	if (payload_at)
		*payload_at = kernel_start + spec->code_before;
	return b;
}

struct buf make_xz_bzimage(size_t elf_len, unsigned int seed, struct buf *elf_out)
{
	struct bzimage_spec spec;
	struct buf elf = make_elf(elf_len, seed);
	struct buf xz = compress_xz(elf.data, elf.len);
	struct buf payload = append_size(xz, (uint32_t)elf.len);
	struct buf img;

	bzimage_defaults(&spec);
	img = make_bzimage(&spec, payload, NULL);
	buf_free(&xz);
	buf_free(&payload);
	if (elf_out)
		*elf_out = elf;
	else
		buf_free(&elf);
	return img;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}
