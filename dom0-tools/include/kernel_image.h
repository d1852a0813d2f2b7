/* SPDX-License-Identifier: MIT */
/*
 * Kernel image extraction: from an x86 bzImage (Linux boot protocol 2.08 or later) to the
 * uncompressed vmlinux ELF inside it. dom0's image build uses it, and the domain builder uses it
 * for guest kernels. Every input is treated as hostile: a malformed image gives an error code and
 * a sentence saying what was wrong, never a crash, an unbounded allocation or a partial result.
 */
#ifndef LAMINA_KERNEL_IMAGE_H
#define LAMINA_KERNEL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Largest vmlinux kernel_image_extract() produces; Debian's 6.1 vmlinux is about 66 MiB. */
#define KERNEL_IMAGE_DEFAULT_MAX_OUT (256u << 20)

/* What was found in the image, for messages and logs. */
struct kernel_image_info {
	uint16_t boot_protocol;	 /* e.g. 0x020f; 0 when the input was already an ELF */
	const char *compression; /* "xz", "gzip", or "none" for an ELF input; static string */
	size_t payload_offset;	 /* file offset of the compressed payload (0 for an ELF input) */
	size_t payload_len;	 /* its length as the header gives it (the whole file for an ELF) */
};

/*
 * Extracts the vmlinux ELF from IMG (LEN bytes). IMG may be a bzImage or already an x86-64 ELF,
 * which is then copied. On success returns 0, *VMLINUX is a malloc()ed buffer the caller frees
 * and *VMLINUX_LEN its size. On failure returns a negative errno and leaves *VMLINUX NULL:
 *   -EINVAL   malformed image (bad header, offsets outside the file, corrupt payload, not ELF)
 *   -ENOTSUP  a compression this library does not decode (bzip2, lzma, lzo, lz4, zstd) or a
 *             boot protocol older than 2.08
 *   -EFBIG    the payload decompresses to more than MAX_OUT bytes
 *   -ENOMEM   out of memory
 * ERR (ERRLEN bytes, may be NULL or 0) receives a NUL-terminated sentence saying what was wrong.
 */
int kernel_image_extract(const void *img, size_t len, void **vmlinux, size_t *vmlinux_len,
			 char *err, size_t errlen);

/* The same with an explicit output limit and, when INFO is not NULL, a description of IMG. */
int kernel_image_extract_limited(const void *img, size_t len, size_t max_out, void **vmlinux,
				 size_t *vmlinux_len, struct kernel_image_info *info, char *err,
				 size_t errlen);

#endif
