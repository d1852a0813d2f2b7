/* SPDX-License-Identifier: MIT */
/*
 * Builds the kernel images the tests and the fuzzer's seeds need: small x86-64 ELF "kernels",
 * their xz and gzip compressions, and bzImage-like files around them, with every header field
 * the extractor reads under the test's control.
 */
#ifndef LAMINA_TEST_IMAGE_BUILDER_H
#define LAMINA_TEST_IMAGE_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *data;
	size_t len;
};

/* An x86-64 ET_EXEC ELF of LEN bytes (at least 0x1000) with one PT_LOAD over the rest of the
 * file, filled with a pattern seeded by SEED that compresses but not to nothing. */
struct buf make_elf(size_t len, unsigned int seed);

/* xz as the kernel build makes it (CRC32 check, x86 BCJ + LZMA2); gzip with its own trailer. */
struct buf compress_xz(const uint8_t *in, size_t len);
struct buf compress_gzip(const uint8_t *in, size_t len);

/* The payload as it sits in a bzImage: STREAM followed by SIZE in 4 little-endian bytes. */
struct buf append_size(struct buf stream, uint32_t size);

/* The bzImage fields; bzimage_defaults() gives a well-formed protocol 2.15 image. */
struct bzimage_spec {
	uint8_t setup_sects; /* 0 means 4, as in the boot protocol */
	uint16_t boot_flag;
	char magic[4];
	uint16_t version;
	uint8_t jump_opcode, jump_len;
	size_t code_before;	    /* bytes of protected-mode "code" before the payload */
	size_t code_after;	    /* and after it */
	int lie_offset, lie_length; /* when set, the fields below replace the true values */
	uint32_t payload_offset, payload_length;
};

void bzimage_defaults(struct bzimage_spec *spec);

/* The bzImage around PAYLOAD; *PAYLOAD_AT receives the file offset of the payload. */
struct buf make_bzimage(const struct bzimage_spec *spec, struct buf payload, size_t *payload_at);

/* The well-formed xz bzImage of an ELF of ELF_LEN bytes. */
struct buf make_xz_bzimage(size_t elf_len, unsigned int seed, struct buf *elf_out);

void buf_free(struct buf *b);

#endif
