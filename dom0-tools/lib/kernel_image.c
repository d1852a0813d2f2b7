/* SPDX-License-Identifier: MIT */
/*
 * From a kernel image file to the vmlinux ELF: a bzImage's payload is located, identified by
 * its magic, decoded within the caller's size limit and checked against the size the kernel
 * build recorded after it; an ELF input is checked and copied.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kernel_image.h>

#include "kimg_internal.h"

#define SIZE_TRAILER_LEN 4
/* Debian's xz payload expands about 8 times; guessing high saves most reallocations. */
#define FIRST_GUESS_RATIO 16
#define FIRST_GUESS_SLACK (64u << 10)

static int copy_elf(const uint8_t *img, size_t len, size_t max_out, struct kimg_out *out,
		    struct kernel_image_info *info, struct kimg_err *err)
{
	int rc = vmlinux_check_elf(img, len, "the input", err);

	if (rc)
		return rc;
	if (len > max_out)
		return kimg_fail(err, -EFBIG, "the %zu-byte ELF input is above the %zu-byte limit",
				 len, max_out);
	out->data = malloc(len);
	if (!out->data)
		return kimg_fail(err, -ENOMEM, "cannot allocate %zu bytes for the kernel", len);
	memcpy(out->data, img, len);
	out->len = len;
	info->compression = "none";
	info->payload_len = len;
	return 0;
}

static size_t first_guess(uint32_t recorded, size_t payload_len, size_t limit)
{
	size_t guess = (size_t)recorded + 1;
	size_t bound = payload_len * FIRST_GUESS_RATIO + FIRST_GUESS_SLACK;

	/* the recorded size is only a hint: a hostile one must not set the allocation */
	if (guess > bound)
		guess = bound;
	return guess > limit ? limit + 1 : guess;
}

static int decode_payload(const uint8_t *img, size_t len, struct kimg_out *out,
			  struct kernel_image_info *info, struct kimg_err *err)
{
	struct bzimage_payload payload;
	const struct compression *c;
	const uint8_t *p;
	size_t stream_len;
	uint32_t recorded;
	int rc = bzimage_find_payload(img, len, &payload, err);

	if (rc)
		return rc;
	info->boot_protocol = payload.protocol;
	info->payload_offset = payload.offset;
	info->payload_len = payload.len;
	p = img + payload.offset;
	c = compression_detect(p, payload.len);
	if (!c)
		return kimg_fail(err, -EINVAL,
				 "payload at file offset %zu has no known compression magic "
				 "(starts %02x %02x %02x %02x)",
				 payload.offset, p[0], payload.len > 1 ? p[1] : 0,
				 payload.len > 2 ? p[2] : 0, payload.len > 3 ? p[3] : 0);
	info->compression = c->name;
	if (!c->decode)
		return kimg_fail(err, -ENOTSUP,
				 "payload is %s-compressed; only xz and gzip are supported",
				 c->name);
	if (payload.len < c->magic_len + SIZE_TRAILER_LEN)
		return kimg_fail(err, -EINVAL, "%s payload of %zu bytes is too short", c->name,
				 payload.len);
	recorded = kimg_get32(p + payload.len - SIZE_TRAILER_LEN);
	stream_len = payload.len - (c->size_is_outside_stream ? SIZE_TRAILER_LEN : 0);
	out->first_cap = first_guess(recorded, payload.len, out->limit);
	rc = c->decode(p, stream_len, out, err);
	if (rc)
		return rc;
	if ((uint32_t)out->len != recorded)
		return kimg_fail(
			err, -EINVAL,
			"payload records a decompressed size of %u bytes but decodes to %zu",
			recorded, out->len);
	return vmlinux_check_elf(out->data, out->len, "the decompressed payload", err);
}

int kernel_image_extract_limited(const void *img, size_t len, size_t max_out, void **vmlinux,
				 size_t *vmlinux_len, struct kernel_image_info *info, char *errbuf,
				 size_t errlen)
{
	struct kimg_err err = {errbuf, errlen};
	struct kernel_image_info ignored;
	struct kimg_out out = {.limit = max_out};
	int rc;

	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!info)
		info = &ignored;
	memset(info, 0, sizeof(*info));
	if (!vmlinux || !vmlinux_len)
		return kimg_fail(&err, -EINVAL, "no place given for the extracted kernel");
	*vmlinux = NULL;
	*vmlinux_len = 0;
	if (!img && len)
		return kimg_fail(&err, -EINVAL, "no image given");
	if (!max_out || max_out == SIZE_MAX)
		return kimg_fail(&err, -EINVAL, "output limit %zu is not usable", max_out);
	if (is_elf(img, len))
		rc = copy_elf(img, len, max_out, &out, info, &err);
	else
		rc = decode_payload(img, len, &out, info, &err);
	if (rc) {
		free(out.data);
		return rc;
	}
	*vmlinux = out.data;
	*vmlinux_len = out.len;
	return 0;
}

int kernel_image_extract(const void *img, size_t len, void **vmlinux, size_t *vmlinux_len,
			 char *err, size_t errlen)
{
	return kernel_image_extract_limited(img, len, KERNEL_IMAGE_DEFAULT_MAX_OUT, vmlinux,
					    vmlinux_len, NULL, err, errlen);
}
