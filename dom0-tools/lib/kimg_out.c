/* SPDX-License-Identifier: MIT */
/*
 * The decoders' output buffer. It grows by doubling but never past limit + 1 bytes, so a
 * decompression bomb costs at most that much memory before it is refused.
 */
#include <errno.h>
#include <stdlib.h>

#include "kimg_internal.h"

int kimg_out_over_limit(const struct kimg_out *out, struct kimg_err *err)
{
	return kimg_fail(err, -EFBIG,
			 "payload decompresses to more than the %zu-byte limit "
			 "(a decompression bomb, or raise the limit)",
			 out->limit);
}

int kimg_out_grow(struct kimg_out *out, struct kimg_err *err)
{
	size_t ceiling = out->limit + 1;
	size_t cap;
	uint8_t *data;

	if (out->cap >= ceiling)
		return kimg_out_over_limit(out, err);
	if (out->cap)
		cap = out->cap > ceiling / 2 ? ceiling : out->cap * 2;
	else
		cap = out->first_cap < ceiling ? out->first_cap : ceiling;
	if (cap == 0)
		cap = 1;
	data = realloc(out->data, cap);
	if (!data)
		return kimg_fail(err, -ENOMEM, "cannot allocate %zu bytes for the kernel", cap);
	out->data = data;
	out->cap = cap;
	return 0;
}
