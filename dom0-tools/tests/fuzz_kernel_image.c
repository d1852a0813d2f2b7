/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: kernel_image_extract_limited() on any bytes never crashes, leaks or reads
 * outside the input; a refusal carries a known code and a message, and an acceptance is an ELF
 * within the limit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel_image.h>

#define FUZZ_LIMIT (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel_image_info info;
	char err[160];
	void *out = NULL;
	size_t out_len = 0;
	int rc = kernel_image_extract_limited(data, size, FUZZ_LIMIT, &out, &out_len, &info, err,
					      sizeof(err));

	if (rc) {
		if ((rc != -EINVAL && rc != -ENOTSUP && rc != -EFBIG && rc != -ENOMEM) || out ||
		    !err[0]) {
			fprintf(stderr, "bad refusal: rc %d, out %p, message \"%s\"\n", rc, out,
				err);
			abort();
		}
		return 0;
	}
	if (!out || out_len > FUZZ_LIMIT || out_len < 64 ||
	    memcmp(out,
		   "\x7f"
		   "ELF",
		   4) ||
	    !info.compression) {
		fprintf(stderr, "accepted something that is not a bounded ELF (%zu bytes)\n",
			out_len);
		abort();
	}
	free(out);
	return 0;
}
