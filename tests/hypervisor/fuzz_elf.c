/* SPDX-License-Identifier: MIT */
/* libFuzzer target: elf_parse() on any bytes never crashes, and what it accepts is loadable. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <lamina/elf.h>
#include <lamina/errno.h>

#include "elf_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	const char *why = NULL;
	const char *broken;
	int rc = elf_parse(&img, data, size, &why);

	if (rc) {
		if ((rc != -ENOEXEC && rc != -EINVAL && rc != -E2BIG) || !why) {
			fprintf(stderr, "refusal without a valid code or reason: %d\n", rc);
			abort();
		}
		return 0;
	}
	broken = elf_broken_invariant(&img, data, size);
	if (broken) {
		fprintf(stderr, "accepted image breaks an invariant: %s\n", broken);
		abort();
	}
	return 0;
}
