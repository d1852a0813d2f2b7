/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the kernel image library over images built here: well-formed xz, gzip and ELF
 * inputs, and every kind of lie a hostile file can tell (header fields, offsets, lengths,
 * compression, sizes, decompression bombs, payloads that are not kernels).
 *   test_kernel_image                  runs the tests
 *   test_kernel_image --write-seeds D  writes well-formed images into D for the fuzzer
 */
#include <errno.h>
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <elf.h>

#include <kernel_image.h>

#include "image_builder.h"

#define ELF_LEN (48u << 10)

static char err[256];
static void *out;
static size_t out_len;
static struct kernel_image_info info;

static int extract(struct buf img, size_t limit)
{
	free(out);
	out = NULL;
	memset(err, 0, sizeof(err));
	return kernel_image_extract_limited(img.data, img.len, limit, &out, &out_len, &info, err,
					    sizeof(err));
}

/* A refusal: the expected code, no output, and a message containing WORDS. */
static void assert_refused(int rc, int code, const char *words)
{
	if (rc != code || !strstr(err, words))
		fprintf(stderr, "got %d \"%s\", wanted %d with \"%s\"\n", rc, err, code, words);
	assert_int_equal(rc, code);
	assert_null(out);
	assert_non_null(strstr(err, words));
}

static struct buf xz_payload_of(struct buf elf)
{
	struct buf xz = compress_xz(elf.data, elf.len);
	struct buf payload = append_size(xz, (uint32_t)elf.len);

	buf_free(&xz);
	return payload;
}

static struct buf image_around(struct buf payload, const struct bzimage_spec *spec)
{
	struct bzimage_spec defaults;
	struct buf img;

	if (!spec) {
		bzimage_defaults(&defaults);
		spec = &defaults;
	}
	img = make_bzimage(spec, payload, NULL);
	return img;
}

/* --- well-formed inputs -------------------------------------------------------------------- */

static void xz_image_gives_the_elf_back(void **state)
{
	struct buf elf, img = make_xz_bzimage(ELF_LEN, 1, &elf);
	size_t payload_at;
	struct bzimage_spec spec;

	(void)state;
	bzimage_defaults(&spec);
	assert_int_equal(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), 0);
	assert_int_equal(out_len, elf.len);
	assert_memory_equal(out, elf.data, elf.len);
	assert_int_equal(info.boot_protocol, 0x020f);
	assert_string_equal(info.compression, "xz");
	payload_at = (spec.setup_sects + 1) * 512 + spec.code_before;
	assert_int_equal(info.payload_offset, payload_at);
	assert_string_equal(err, "");
	buf_free(&img);
	buf_free(&elf);
}

static void gzip_image_gives_the_elf_back(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 2);
	struct buf gz = compress_gzip(elf.data, elf.len);
	struct buf img = image_around(gz, NULL);

	(void)state;
	assert_int_equal(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), 0);
	assert_int_equal(out_len, elf.len);
	assert_memory_equal(out, elf.data, elf.len);
	assert_string_equal(info.compression, "gzip");
	buf_free(&img);
	buf_free(&gz);
	buf_free(&elf);
}

static void elf_input_is_copied(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 3);

	(void)state;
	assert_int_equal(extract(elf, KERNEL_IMAGE_DEFAULT_MAX_OUT), 0);
	assert_int_equal(out_len, elf.len);
	assert_memory_equal(out, elf.data, elf.len);
	assert_ptr_not_equal(out, elf.data);
	assert_string_equal(info.compression, "none");
	assert_int_equal(info.boot_protocol, 0);
	buf_free(&elf);
}

static void setup_sects_zero_means_four(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 4);
	struct buf payload = xz_payload_of(elf);
	struct bzimage_spec spec;
	struct buf img;

	(void)state;
	bzimage_defaults(&spec);
	spec.setup_sects = 0;
	img = image_around(payload, &spec);
	assert_int_equal(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), 0);
	assert_int_equal(info.payload_offset, 5 * 512 + spec.code_before);
	assert_memory_equal(out, elf.data, elf.len);
	buf_free(&img);
	buf_free(&payload);
	buf_free(&elf);
}

static void default_entry_point_works(void **state)
{
	struct buf elf, img = make_xz_bzimage(ELF_LEN, 5, &elf);
	void *v = NULL;
	size_t v_len = 0;

	(void)state;
	assert_int_equal(kernel_image_extract(img.data, img.len, &v, &v_len, NULL, 0), 0);
	assert_int_equal(v_len, elf.len);
	assert_memory_equal(v, elf.data, elf.len);
	free(v);
	buf_free(&img);
	buf_free(&elf);
}

static void limit_is_inclusive(void **state)
{
	struct buf elf, img = make_xz_bzimage(ELF_LEN, 6, &elf);

	(void)state;
	assert_int_equal(extract(img, elf.len), 0);
	assert_refused(extract(img, elf.len - 1), -EFBIG, "limit");
	buf_free(&img);
	buf_free(&elf);
}

/* --- hostile setup headers ----------------------------------------------------------------- */

static void header_lie(void (*lie)(struct bzimage_spec *), int code, const char *words)
{
	struct buf elf = make_elf(ELF_LEN, 7);
	struct buf payload = xz_payload_of(elf);
	struct bzimage_spec spec;
	struct buf img;

	bzimage_defaults(&spec);
	lie(&spec);
	img = image_around(payload, &spec);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), code, words);
	buf_free(&img);
	buf_free(&payload);
	buf_free(&elf);
}

static void no_boot_flag(struct bzimage_spec *s)
{
	s->boot_flag = 0x55aa;
}
static void no_hdrs(struct bzimage_spec *s)
{
	memcpy(s->magic, "HdrT", 4);
}
static void protocol_2_07(struct bzimage_spec *s)
{
	s->version = 0x0207;
}
static void no_jump(struct bzimage_spec *s)
{
	s->jump_opcode = 0xe9;
}
static void header_too_short(struct bzimage_spec *s)
{
	s->jump_len = 0x40; /* ends at 0x242, before payload_length */
}
static void offset_far_beyond(struct bzimage_spec *s)
{
	s->lie_offset = 1;
	s->payload_offset = 0xffffffff;
}
static void length_far_beyond(struct bzimage_spec *s)
{
	s->lie_length = 1;
	s->payload_length = 0xffffffff;
}
static void length_zero(struct bzimage_spec *s)
{
	s->lie_length = 1;
	s->payload_length = 0;
}
static void length_too_small(struct bzimage_spec *s)
{
	s->lie_length = 1;
	s->payload_length = 7; /* the xz magic and a little more */
}
static void offset_into_code(struct bzimage_spec *s)
{
	s->lie_offset = 1;
	s->payload_offset = 0x10; /* lands in the 0x90 filler: no magic */
}

static void header_lies_are_refused(void **state)
{
	(void)state;
	header_lie(no_boot_flag, -EINVAL, "boot flag");
	header_lie(no_hdrs, -EINVAL, "HdrS");
	header_lie(protocol_2_07, -ENOTSUP, "2.07");
	header_lie(no_jump, -EINVAL, "short jump");
	header_lie(header_too_short, -EINVAL, "setup header ends");
	header_lie(offset_far_beyond, -EINVAL, "payload_offset");
	header_lie(length_far_beyond, -EINVAL, "runs past the end");
	header_lie(length_zero, -EINVAL, "payload_length is 0");
	header_lie(length_too_small, -EINVAL, "too short");
	header_lie(offset_into_code, -EINVAL, "no known compression magic");
}

static void set_payload_fields(struct buf img, uint32_t off, uint32_t len)
{
	memcpy(img.data + 0x248, &off, 4); /* little-endian host, as the header */
	memcpy(img.data + 0x24c, &len, 4);
}

/* The bounds exactly at the end of the file. */
static void payload_fields_at_the_file_end(void **state)
{
	struct buf img = make_xz_bzimage(ELF_LEN, 15, NULL);
	struct bzimage_spec spec;
	uint32_t room;

	(void)state;
	bzimage_defaults(&spec);
	room = (uint32_t)(img.len - (spec.setup_sects + 1) * 512);
	set_payload_fields(img, room, 1);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "payload_offset");
	set_payload_fields(img, room - 1, 2);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "runs past the end");
	set_payload_fields(img, room - 1, 1); /* inside, but one 0xcc byte is no known format */
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "compression magic");
	set_payload_fields(img, 0, room); /* the whole rest of the file: the 0x90 filler first */
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "compression magic");
	buf_free(&img);
}

static void setup_sects_beyond_the_file(void **state)
{
	uint8_t small[0x400] = {0};
	struct buf img = {small, sizeof(small)};

	(void)state;
	small[0x1f1] = 255;
	small[0x1fe] = 0x55;
	small[0x1ff] = 0xaa;
	small[0x200] = 0xeb;
	small[0x201] = 0x6a;
	memcpy(small + 0x202, "HdrS", 4);
	small[0x206] = 0x0f;
	small[0x207] = 0x02;
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "setup_sects 255");
}

static void short_and_empty_files(void **state)
{
	uint8_t zeros[0x300] = {0};
	struct buf img = {zeros, 0};
	size_t len;

	(void)state;
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "too short");
	for (len = 1; len <= sizeof(zeros); len += 0x3f) {
		img.len = len;
		assert_int_equal(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL);
		assert_null(out);
	}
	/* "\x7fELF" and nothing else */
	memcpy(zeros, ELFMAG, SELFMAG);
	img.len = SELFMAG;
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL,
		       "shorter than an ELF64");
}

/* Cutting the file anywhere before the payload's end must fail cleanly; cutting only the code
 * after the payload leaves a good kernel, as it would for a real bzImage. */
static void every_truncation_is_handled(void **state)
{
	struct buf elf, img = make_xz_bzimage(ELF_LEN, 8, &elf);
	struct bzimage_spec spec;
	size_t payload_end, cut;

	(void)state;
	bzimage_defaults(&spec);
	payload_end = img.len - spec.code_after;
	for (cut = 0; cut < img.len; cut += cut < 0x300 || cut > payload_end - 64 ? 1 : 53) {
		struct buf part = {img.data, cut};
		int rc = extract(part, KERNEL_IMAGE_DEFAULT_MAX_OUT);

		if (cut >= payload_end) {
			assert_int_equal(rc, 0);
			assert_memory_equal(out, elf.data, elf.len);
			continue;
		}
		if (rc != -EINVAL)
			fprintf(stderr, "cut at %zu: %d %s\n", cut, rc, err);
		assert_int_equal(rc, -EINVAL);
		assert_null(out);
		assert_true(strlen(err) > 0);
	}
	buf_free(&img);
	buf_free(&elf);
}

/* --- hostile payloads ---------------------------------------------------------------------- */

static void unsupported_compressions_are_named(void **state)
{
	static const struct {
		const char *name;
		uint8_t magic[9];
		size_t len;
	} formats[] = {
		{"bzip2", {'B', 'Z', 'h', '9'}, 4},
		{"lzma", {0x5d, 0, 0, 0x80, 0}, 5},
		{"lzo", {0x89, 'L', 'Z', 'O', 0, '\r', '\n', 0x1a, '\n'}, 9},
		{"lz4", {0x02, 0x21, 0x4c, 0x18}, 4},
		{"zstd", {0x28, 0xb5, 0x2f, 0xfd}, 4},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		uint8_t bytes[64];
		struct buf payload = {bytes, sizeof(bytes)};
		struct buf img;
		char words[64];

		memset(bytes, 0x11, sizeof(bytes));
		memcpy(bytes, formats[i].magic, formats[i].len);
		img = image_around(payload, NULL);
		snprintf(words, sizeof(words), "%s-compressed; only xz and gzip", formats[i].name);
		assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -ENOTSUP, words);
		assert_string_equal(info.compression, formats[i].name);
		buf_free(&img);
	}
}

static void corrupt_streams_are_refused(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 9);
	struct buf xz = xz_payload_of(elf);
	struct buf gz = compress_gzip(elf.data, elf.len);
	struct buf img;

	(void)state;
	xz.data[xz.len / 2] ^= 0x40;
	img = image_around(xz, NULL);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "xz");
	buf_free(&img);

	gz.data[gz.len / 2] ^= 0x40;
	img = image_around(gz, NULL);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "gzip");
	buf_free(&img);
	buf_free(&xz);
	buf_free(&gz);
	buf_free(&elf);
}

/* 64 MiB of zeros compress to a few kB: with a 1 MiB limit the extractor must stop at the limit
 * (it never holds more than limit + 1 bytes) whatever size the payload claims. */
static void decompression_bombs_are_refused(void **state)
{
	size_t bomb_len = 64u << 20;
	uint8_t *zeros = calloc(1, bomb_len);
	struct buf xz, gz, payload, img;

	(void)state;
	assert_non_null(zeros);
	xz = compress_xz(zeros, bomb_len);
	gz = compress_gzip(zeros, bomb_len);
	free(zeros);
	assert_true(xz.len < 64u << 10);

	payload = append_size(xz, 4096); /* and it lies about its size */
	img = image_around(payload, NULL);
	assert_refused(extract(img, 1u << 20), -EFBIG, "1048576-byte limit");
	buf_free(&img);
	buf_free(&payload);

	img = image_around(gz, NULL);
	assert_refused(extract(img, 1u << 20), -EFBIG, "1048576-byte limit");
	buf_free(&img);
	buf_free(&gz);
	buf_free(&xz);
}

static void recorded_size_must_match(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 10);
	struct buf xz = compress_xz(elf.data, elf.len);
	struct buf payload = append_size(xz, (uint32_t)elf.len + 1);
	struct buf img = image_around(payload, NULL);

	(void)state;
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL,
		       "records a decompressed size");
	buf_free(&img);
	buf_free(&payload);
	buf_free(&xz);
	buf_free(&elf);
}

static void bytes_after_the_xz_stream_are_refused(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 11);
	struct buf xz = compress_xz(elf.data, elf.len);
	struct buf padded = {calloc(1, xz.len + 8), xz.len + 8};
	struct buf payload, img;

	(void)state;
	memcpy(padded.data, xz.data, xz.len);
	payload = append_size(padded, (uint32_t)elf.len);
	img = image_around(payload, NULL);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL,
		       "follow the end of the xz stream");
	buf_free(&img);
	buf_free(&payload);
	buf_free(&padded);
	buf_free(&xz);
	buf_free(&elf);
}

/* An xz block header asking for a 4 GiB dictionary: liblzma must not be allowed to allocate it.
 * The LZMA2 filter flags are ID 0x21, property size 1, then the dictionary-size byte (40 is the
 * largest); the block header's CRC32 is recomputed so only the memory limit can refuse it. */
static void huge_xz_dictionary_is_refused(void **state)
{
	struct buf elf = make_elf(ELF_LEN, 12);
	struct buf xz = compress_xz(elf.data, elf.len);
	const size_t block = 12; /* after the stream header */
	size_t hdr_len = ((size_t)xz.data[block] + 1) * 4, i;
	struct buf payload, img;
	uint32_t crc;

	(void)state;
	for (i = block + 2; i + 2 < block + hdr_len - 4; i++)
		if (xz.data[i] == 0x21 && xz.data[i + 1] == 0x01)
			break;
	assert_true(i + 2 < block + hdr_len - 4);
	xz.data[i + 2] = 40;
	crc = lzma_crc32(xz.data + block, hdr_len - 4, 0);
	memcpy(xz.data + block + hdr_len - 4, &crc, 4);
	payload = append_size(xz, (uint32_t)elf.len);
	img = image_around(payload, NULL);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, "decoder memory");
	buf_free(&img);
	buf_free(&payload);
	buf_free(&xz);
	buf_free(&elf);
}

/* --- decompressed data that is not a kernel ------------------------------------------------ */

static void payload_elf_lie(void (*lie)(uint8_t *elf, size_t len), const char *words)
{
	struct buf elf = make_elf(ELF_LEN, 13);
	struct buf payload, img;

	lie(elf.data, elf.len);
	payload = xz_payload_of(elf);
	img = image_around(payload, NULL);
	assert_refused(extract(img, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL, words);
	/* the same lie told by a plain ELF input */
	assert_int_equal(extract(elf, KERNEL_IMAGE_DEFAULT_MAX_OUT), -EINVAL);
	buf_free(&img);
	buf_free(&payload);
	buf_free(&elf);
}

static void not_elf(uint8_t *e, size_t len)
{
	memset(e, 'A', len < 64 ? len : 64);
}
static void wrong_machine(uint8_t *e, size_t len)
{
	(void)len;
	e[offsetof(Elf64_Ehdr, e_machine)] = EM_AARCH64;
}
static void relocatable(uint8_t *e, size_t len)
{
	(void)len;
	e[offsetof(Elf64_Ehdr, e_type)] = ET_REL;
}
static void class32(uint8_t *e, size_t len)
{
	(void)len;
	e[EI_CLASS] = ELFCLASS32;
}
static void phdrs_beyond(uint8_t *e, size_t len)
{
	uint64_t off = len - 8;

	memcpy(e + offsetof(Elf64_Ehdr, e_phoff), &off, sizeof(off));
}
static void segment_beyond(uint8_t *e, size_t len)
{
	uint64_t filesz = len; /* from 0x1000: past the end */

	memcpy(e + sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_filesz), &filesz, sizeof(filesz));
	memcpy(e + sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_memsz), &filesz, sizeof(filesz));
}
static void no_load_segment(uint8_t *e, size_t len)
{
	uint32_t note = PT_NOTE;

	(void)len;
	memcpy(e + sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_type), &note, sizeof(note));
}

static void decompressed_non_kernels_are_refused(void **state)
{
	(void)state;
	payload_elf_lie(not_elf, "not an ELF");
	payload_elf_lie(wrong_machine, "not x86-64");
	payload_elf_lie(relocatable, "not an executable");
	payload_elf_lie(class32, "64-bit");
	payload_elf_lie(phdrs_beyond, "program headers");
	payload_elf_lie(segment_beyond, "loadable segment 0");
	payload_elf_lie(no_load_segment, "no loadable segment");
}

/* --- the API's own arguments --------------------------------------------------------------- */

static void bad_arguments_are_refused(void **state)
{
	struct buf elf, img = make_xz_bzimage(ELF_LEN, 14, &elf);
	char tiny[8];
	void *v = (void *)1;
	size_t v_len = 1;

	(void)state;
	assert_int_equal(kernel_image_extract(img.data, img.len, NULL, &v_len, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(kernel_image_extract(img.data, img.len, &v, NULL, NULL, 0), -EINVAL);
	assert_int_equal(kernel_image_extract(NULL, 100, &v, &v_len, err, sizeof(err)), -EINVAL);
	assert_null(v);
	assert_int_equal(kernel_image_extract_limited(img.data, img.len, 0, &v, &v_len, NULL, err,
						      sizeof(err)),
			 -EINVAL);
	/* a short error buffer holds a truncated, terminated message */
	memset(tiny, 'x', sizeof(tiny));
	img.data[0x1fe] = 0;
	assert_int_equal(kernel_image_extract(img.data, img.len, &v, &v_len, tiny, sizeof(tiny)),
			 -EINVAL);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	assert_null(v);
	assert_int_equal(v_len, 0);
	buf_free(&img);
	buf_free(&elf);
}

/* --- fuzzer seeds ---------------------------------------------------------------------------- */

static int write_seed(const char *dir, const char *name, struct buf b)
{
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	n = fwrite(b.data, 1, b.len, f);
	if (fclose(f) || n != b.len) {
		perror(path);
		return 1;
	}
	return 0;
}

static int write_seeds(const char *dir)
{
	struct buf elf = make_elf(0x1400, 20);
	struct buf xz = xz_payload_of(elf);
	struct buf gz = compress_gzip(elf.data, elf.len);
	struct buf xz_img = image_around(xz, NULL);
	struct buf gz_img = image_around(gz, NULL);
	int rc = write_seed(dir, "xz-bzimage", xz_img) | write_seed(dir, "gzip-bzimage", gz_img) |
		 write_seed(dir, "elf", elf);

	buf_free(&xz_img);
	buf_free(&gz_img);
	buf_free(&xz);
	buf_free(&gz);
	buf_free(&elf);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(xz_image_gives_the_elf_back, teardown),
		cmocka_unit_test_teardown(gzip_image_gives_the_elf_back, teardown),
		cmocka_unit_test_teardown(elf_input_is_copied, teardown),
		cmocka_unit_test_teardown(setup_sects_zero_means_four, teardown),
		cmocka_unit_test_teardown(default_entry_point_works, teardown),
		cmocka_unit_test_teardown(limit_is_inclusive, teardown),
		cmocka_unit_test_teardown(header_lies_are_refused, teardown),
		cmocka_unit_test_teardown(payload_fields_at_the_file_end, teardown),
		cmocka_unit_test_teardown(setup_sects_beyond_the_file, teardown),
		cmocka_unit_test_teardown(short_and_empty_files, teardown),
		cmocka_unit_test_teardown(every_truncation_is_handled, teardown),
		cmocka_unit_test_teardown(unsupported_compressions_are_named, teardown),
		cmocka_unit_test_teardown(corrupt_streams_are_refused, teardown),
		cmocka_unit_test_teardown(decompression_bombs_are_refused, teardown),
		cmocka_unit_test_teardown(recorded_size_must_match, teardown),
		cmocka_unit_test_teardown(bytes_after_the_xz_stream_are_refused, teardown),
		cmocka_unit_test_teardown(huge_xz_dictionary_is_refused, teardown),
		cmocka_unit_test_teardown(decompressed_non_kernels_are_refused, teardown),
		cmocka_unit_test_teardown(bad_arguments_are_refused, teardown),
	};

	if (argc == 3 && !strcmp(argv[1], "--write-seeds"))
		return write_seeds(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--write-seeds DIR]\n", argv[0]);
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
