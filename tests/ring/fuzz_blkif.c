// SPDX-License-Identifier: MIT
/*
 * Fuzzes blkif_check_request and blkif_check_segments: the input is one ring slot, limits, and
 * indirect segments. Whatever is accepted must really be within the limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ring/blkif.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct blkif_request_segment segs[BLKIF_MAX_INDIRECT_SEGMENTS];
	union blkif_sring_entry req;
	struct blkif_limits limits;
	struct blkif_request_info info;
	uint8_t knobs[8];
	size_t nsegs;

	if (size < sizeof(req) + sizeof(knobs))
		return 0;
	memcpy(&req, data, sizeof(req));
	memcpy(knobs, data + sizeof(req), sizeof(knobs));
	data += sizeof(req) + sizeof(knobs);
	size -= sizeof(req) + sizeof(knobs);
	limits = (struct blkif_limits){
		.nr_sectors = (uint64_t)knobs[0] << (knobs[1] % 48),
		.max_indirect_segments = (uint32_t)knobs[2] * 17,
		.read_only = knobs[3] & 1,
		.barrier = knobs[3] & 2,
		.flush = knobs[3] & 4,
		.discard = knobs[3] & 8,
		.discard_secure = knobs[3] & 16,
	};
	if (blkif_check_request(&req, &limits, &info) != 0)
		return 0;
	if (info.writes && limits.read_only)
		abort();
	if (info.sector > limits.nr_sectors || info.nr_sectors > limits.nr_sectors - info.sector)
		abort();
	if (!info.indirect)
		return 0;
	if (info.nr_segments == 0 || info.nr_segments > limits.max_indirect_segments ||
	    info.nr_indirect_pages > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST)
		abort();
	nsegs = size / sizeof(segs[0]);
	if (nsegs > BLKIF_MAX_INDIRECT_SEGMENTS)
		nsegs = BLKIF_MAX_INDIRECT_SEGMENTS;
	memcpy(segs, data, nsegs * sizeof(segs[0]));
	if (blkif_check_segments(segs, nsegs, &limits, &info) != 0)
		return 0;
	if (nsegs != info.nr_segments || info.nr_sectors > limits.nr_sectors - info.sector)
		abort();
	for (size_t i = 0; i < nsegs; i++)
		if (segs[i].first_sect > segs[i].last_sect || segs[i].last_sect > 7)
			abort();
	return 0;
}
