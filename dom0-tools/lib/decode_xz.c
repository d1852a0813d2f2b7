/* SPDX-License-Identifier: MIT */
/* xz payloads (what Debian's kernels use), decoded with liblzma into a bounded buffer. */
#include <errno.h>
#include <lzma.h>

#include "kimg_internal.h"

/* The kernel's xz_wrap.sh uses dictionaries of at most 32 MiB; a header asking for far more is
 * hostile and would make liblzma allocate it. */
#define XZ_MEMLIMIT (96u << 20)

struct lzma_failure {
	lzma_ret ret;
	int code;
	const char *what;
};

static const struct lzma_failure lzma_failures[] = {
	{LZMA_MEM_ERROR, -ENOMEM, "out of memory while decoding xz"},
	{LZMA_MEMLIMIT_ERROR, -EINVAL,
	 "xz stream needs more decoder memory than the 96 MiB allowed"},
	{LZMA_FORMAT_ERROR, -EINVAL, "payload is not a valid xz stream"},
	{LZMA_OPTIONS_ERROR, -EINVAL, "xz stream uses unsupported options"},
	{LZMA_DATA_ERROR, -EINVAL, "xz data is corrupt"},
	{LZMA_BUF_ERROR, -EINVAL, "xz stream is truncated"},
	{LZMA_PROG_ERROR, -EINVAL, "liblzma reported a programming error"},
};

static int lzma_fail(lzma_ret ret, size_t offset, struct kimg_err *err)
{
	size_t i;

	for (i = 0; i < sizeof(lzma_failures) / sizeof(lzma_failures[0]); i++)
		if (lzma_failures[i].ret == ret)
			return kimg_fail(err, lzma_failures[i].code, "%s (at input byte %zu)",
					 lzma_failures[i].what, offset);
	return kimg_fail(err, -EINVAL,
			 "xz decoding failed with liblzma code %d (at input byte %zu)", (int)ret,
			 offset);
}

int decode_xz(const uint8_t *in, size_t in_len, struct kimg_out *out, struct kimg_err *err)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;
	int rc = 0;

	ret = lzma_stream_decoder(&s, XZ_MEMLIMIT, 0);
	if (ret != LZMA_OK)
		return lzma_fail(ret, 0, err);
	s.next_in = in;
	s.avail_in = in_len;
	for (;;) {
		if (out->len == out->cap) {
			rc = kimg_out_grow(out, err);
			if (rc)
				goto done;
		}
		s.next_out = out->data + out->len;
		s.avail_out = out->cap - out->len;
		ret = lzma_code(&s, LZMA_FINISH);
		out->len = out->cap - s.avail_out;
		if (ret == LZMA_STREAM_END)
			break;
		if (ret != LZMA_OK) {
			rc = lzma_fail(ret, in_len - s.avail_in, err);
			goto done;
		}
	}
	if (out->len > out->limit)
		rc = kimg_out_over_limit(out, err);
	else if (s.avail_in)
		rc = kimg_fail(err, -EINVAL, "%zu unexpected bytes follow the end of the xz stream",
			       s.avail_in);
done:
	lzma_end(&s);
	return rc;
}
