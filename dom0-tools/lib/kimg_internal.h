/* SPDX-License-Identifier: MIT */
/* Pieces of the kernel image library shared between its files; not part of the public API. */
#ifndef LAMINA_KIMG_INTERNAL_H
#define LAMINA_KIMG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Little-endian fields of the image, whatever the host's byte order. */
static inline uint16_t kimg_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t kimg_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Where a caller wants the sentence explaining a failure (buf may be NULL, len 0). */
struct kimg_err {
	char *buf;
	size_t len;
};

/* Formats the explanation into ERR and returns CODE (a negative errno), so callers can
 * `return kimg_fail(err, -EINVAL, "...")`. */
int kimg_fail(struct kimg_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The compressed payload of a bzImage, as the setup header describes it. */
struct bzimage_payload {
	uint16_t protocol;
	size_t offset; /* from the start of the file */
	size_t len;
};

/* Checks the setup header and locates the payload inside IMG; 0 or a negative errno. */
int bzimage_find_payload(const uint8_t *img, size_t len, struct bzimage_payload *payload,
			 struct kimg_err *err);

/* A growing output buffer that never holds more than limit + 1 bytes: reaching limit + 1 is how
 * a decoder learns that the stream is larger than allowed. */
struct kimg_out {
	uint8_t *data;
	size_t len, cap, limit;
	size_t first_cap; /* the first allocation: a guess at the final size */
};

/* Makes room after out->len; -EFBIG at the limit, -ENOMEM when allocation fails. */
int kimg_out_grow(struct kimg_out *out, struct kimg_err *err);

/* The -EFBIG refusal, for a decoder that finished with more than limit bytes. */
int kimg_out_over_limit(const struct kimg_out *out, struct kimg_err *err);

/* Decoders: IN is one complete compressed stream; the output is appended to OUT. */
int decode_xz(const uint8_t *in, size_t in_len, struct kimg_out *out, struct kimg_err *err);
int decode_gzip(const uint8_t *in, size_t in_len, struct kimg_out *out, struct kimg_err *err);

/* A compression a payload can start with. decode is NULL for formats recognised only to name
 * them in the error message. */
struct compression {
	const char *name;
	const uint8_t *magic;
	size_t magic_len;
	int (*decode)(const uint8_t *in, size_t in_len, struct kimg_out *out, struct kimg_err *err);
	/* the bzImage build appends the decompressed size after the stream (gzip holds it inside
	 * its own trailer) */
	int size_is_outside_stream;
};

/* The compression whose magic starts P (LEN bytes), or NULL. */
const struct compression *compression_detect(const uint8_t *p, size_t len);

/* Whether P (LEN bytes) starts with the ELF magic. */
int is_elf(const uint8_t *p, size_t len);

/* Checks that P (LEN bytes) is an x86-64 ELF executable whose program headers and loadable
 * segments lie inside the buffer; WHAT names P in the error ("the decompressed payload"). */
int vmlinux_check_elf(const uint8_t *p, size_t len, const char *what, struct kimg_err *err);

#endif
