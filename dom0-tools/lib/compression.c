/* SPDX-License-Identifier: MIT */
/*
 * The compressions a bzImage payload can use (the kernel's CONFIG_KERNEL_* choices), told apart
 * by their leading magic bytes. Debian compresses with xz; gzip is the kernel's default. The
 * others are recognised so that the error names them instead of calling the payload garbage.
 */
#include <string.h>

#include "kimg_internal.h"

static const uint8_t gzip_magic[] = {0x1f, 0x8b};
static const uint8_t xz_magic[] = {0xfd, '7', 'z', 'X', 'Z', 0x00};
static const uint8_t bzip2_magic[] = {'B', 'Z', 'h'};
/* The legacy .lzma header: properties byte 0x5d (lc=3 lp=0 pb=2), then a little-endian
 * dictionary size whose low bytes are zero for the power-of-two sizes the kernel uses. */
static const uint8_t lzma_magic[] = {0x5d, 0x00, 0x00};
static const uint8_t lzo_magic[] = {0x89, 'L', 'Z', 'O', 0x00, '\r', '\n', 0x1a, '\n'};
static const uint8_t lz4_legacy_magic[] = {0x02, 0x21, 0x4c, 0x18};
static const uint8_t zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};

static const struct compression compressions[] = {
	{"xz", xz_magic, sizeof(xz_magic), decode_xz, 1},
	{"gzip", gzip_magic, sizeof(gzip_magic), decode_gzip, 0},
	{"bzip2", bzip2_magic, sizeof(bzip2_magic), NULL, 1},
	{"lzma", lzma_magic, sizeof(lzma_magic), NULL, 1},
	{"lzo", lzo_magic, sizeof(lzo_magic), NULL, 1},
	{"lz4", lz4_legacy_magic, sizeof(lz4_legacy_magic), NULL, 1},
	{"zstd", zstd_magic, sizeof(zstd_magic), NULL, 1},
};

const struct compression *compression_detect(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(compressions) / sizeof(compressions[0]); i++) {
		const struct compression *c = &compressions[i];

		if (len >= c->magic_len && !memcmp(p, c->magic, c->magic_len))
			return c;
	}
	return NULL;
}
