/* SPDX-License-Identifier: MIT */
/* gzip payloads (the kernel's default compression), inflated with zlib into a bounded buffer.
 * zlib checks the gzip trailer's CRC-32 and length itself. */
#include <errno.h>
#include <limits.h>
#include <zlib.h>

#include "kimg_internal.h"

#define GZIP_ONLY_WINDOW (16 + MAX_WBITS)

static int zlib_fail(int ret, const z_stream *z, size_t offset, struct kimg_err *err)
{
	if (ret == Z_MEM_ERROR)
		return kimg_fail(err, -ENOMEM, "out of memory while inflating gzip");
	if (ret == Z_BUF_ERROR)
		return kimg_fail(err, -EINVAL, "gzip stream is truncated (at input byte %zu)",
				 offset);
	return kimg_fail(err, -EINVAL, "gzip data is corrupt: %s (at input byte %zu)",
			 z->msg ? z->msg : "no detail from zlib", offset);
}

int decode_gzip(const uint8_t *in, size_t in_len, struct kimg_out *out, struct kimg_err *err)
{
	z_stream z = {0};
	size_t consumed = 0;
	int ret, rc = 0;

	/* avail_in is 32 bits; payload lengths come from a 32-bit header field */
	if (in_len > UINT_MAX)
		return kimg_fail(err, -EINVAL, "gzip payload of %zu bytes is too large", in_len);
	ret = inflateInit2(&z, GZIP_ONLY_WINDOW);
	if (ret != Z_OK)
		return zlib_fail(ret, &z, 0, err);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)in_len;
	for (;;) {
		size_t room;

		if (out->len == out->cap) {
			rc = kimg_out_grow(out, err);
			if (rc)
				goto done;
		}
		room = out->cap - out->len;
		z.next_out = out->data + out->len;
		z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		ret = inflate(&z, Z_NO_FLUSH);
		out->len += (room > UINT_MAX ? UINT_MAX : room) - z.avail_out;
		consumed = in_len - z.avail_in;
		if (ret == Z_STREAM_END)
			break;
		if (ret == Z_BUF_ERROR && z.avail_out == 0)
			continue; /* only out of output room */
		if (ret != Z_OK) {
			rc = zlib_fail(ret, &z, consumed, err);
			goto done;
		}
	}
	if (out->len > out->limit)
		rc = kimg_out_over_limit(out, err);
	else if (z.avail_in)
		rc = kimg_fail(err, -EINVAL,
			       "%u unexpected bytes follow the end of the gzip stream", z.avail_in);
done:
	inflateEnd(&z);
	return rc;
}
