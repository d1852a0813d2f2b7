/* SPDX-License-Identifier: MIT */
/*
 * The x86 Linux boot protocol's setup header, as far as finding the compressed kernel goes.
 * Offsets and rules are those of the kernel's Documentation/arch/x86/boot.rst: the header sits at
 * 0x1f1 in the file, the protected-mode part starts after 1 + setup_sects sectors of 512 bytes
 * (0 meaning 4), and protocol 2.08 added payload_offset/payload_length, relative to that part.
 */
#include <errno.h>
#include <string.h>

#include "kimg_internal.h"

#define SETUP_SECTS_OFF	   0x1f1
#define BOOT_FLAG_OFF	   0x1fe
#define JUMP_OFF	   0x200
#define HEADER_MAGIC_OFF   0x202
#define VERSION_OFF	   0x206
#define PAYLOAD_OFFSET_OFF 0x248
#define PAYLOAD_LENGTH_OFF 0x24c
#define HEADER_MIN_END	   0x250 /* first byte after payload_length */

#define BOOT_FLAG	      0xaa55
#define SECTOR_SIZE	      512
#define LEGACY_SETUP_SECTS    4
#define PROTOCOL_WITH_PAYLOAD 0x0208
#define JUMP_SHORT_OPCODE     0xeb

static int check_header(const uint8_t *img, size_t len, uint16_t *protocol, struct kimg_err *err)
{
	size_t header_end;

	if (len < HEADER_MIN_END)
		return kimg_fail(
			err, -EINVAL,
			"file is %zu bytes, too short for a bzImage setup header (needs %d)", len,
			HEADER_MIN_END);
	if (kimg_get16(img + BOOT_FLAG_OFF) != BOOT_FLAG)
		return kimg_fail(err, -EINVAL, "no boot flag 0xaa55 at 0x%x (found 0x%04x)",
				 BOOT_FLAG_OFF, kimg_get16(img + BOOT_FLAG_OFF));
	if (memcmp(img + HEADER_MAGIC_OFF, "HdrS", 4))
		return kimg_fail(err, -EINVAL, "no \"HdrS\" magic at 0x%x: not a bzImage",
				 HEADER_MAGIC_OFF);
	*protocol = kimg_get16(img + VERSION_OFF);
	if (*protocol < PROTOCOL_WITH_PAYLOAD)
		return kimg_fail(
			err, -ENOTSUP,
			"boot protocol %u.%02u has no payload fields (2.08 or later needed)",
			*protocol >> 8, *protocol & 0xff);
	/* The short jump at 0x200 skips the header: where it lands is the header's real end. */
	if (img[JUMP_OFF] != JUMP_SHORT_OPCODE)
		return kimg_fail(err, -EINVAL, "no short jump at 0x%x over the setup header",
				 JUMP_OFF);
	header_end = JUMP_OFF + 2 + img[JUMP_OFF + 1];
	if (header_end < HEADER_MIN_END)
		return kimg_fail(
			err, -EINVAL,
			"setup header ends at 0x%zx, before payload_length (protocol %u.%02u "
			"claims it)",
			header_end, *protocol >> 8, *protocol & 0xff);
	return 0;
}

int bzimage_find_payload(const uint8_t *img, size_t len, struct bzimage_payload *payload,
			 struct kimg_err *err)
{
	unsigned int setup_sects;
	size_t kernel_start;
	uint32_t off, plen;
	int rc = check_header(img, len, &payload->protocol, err);

	if (rc)
		return rc;
	setup_sects = img[SETUP_SECTS_OFF] ? img[SETUP_SECTS_OFF] : LEGACY_SETUP_SECTS;
	kernel_start = (size_t)(setup_sects + 1) * SECTOR_SIZE;
	if (kernel_start >= len)
		return kimg_fail(err, -EINVAL,
				 "setup_sects %u puts the kernel at %zu, beyond the %zu-byte file",
				 setup_sects, kernel_start, len);
	off = kimg_get32(img + PAYLOAD_OFFSET_OFF);
	plen = kimg_get32(img + PAYLOAD_LENGTH_OFF);
	if (off >= len - kernel_start)
		return kimg_fail(err, -EINVAL,
				 "payload_offset %u (file offset %zu) is beyond the %zu-byte file",
				 off, kernel_start + off, len);
	if (plen == 0)
		return kimg_fail(err, -EINVAL, "payload_length is 0");
	if (plen > len - kernel_start - off)
		return kimg_fail(err, -EINVAL,
				 "payload of %u bytes at file offset %zu runs past the end of the "
				 "%zu-byte file",
				 plen, kernel_start + off, len);
	payload->offset = kernel_start + off;
	payload->len = plen;
	return 0;
}
