/* SPDX-License-Identifier: MIT */
/*
 * blkif on the generic ring core: typed wrappers, and the checks a backend applies to each
 * request it copied out of the ring before acting on it. A request that fails a check gets a
 * BLKIF_RSP_ERROR (or BLKIF_RSP_EOPNOTSUPP for BLKIF_EUNSUPPORTED) response; the ring stays up.
 */
#ifndef RING_BLKIF_H
#define RING_BLKIF_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/blkif.h>
#include <ring/ring.h>

/* Upper bound of feature-max-indirect-segments: every indirect page full. */
#define BLKIF_MAX_INDIRECT_SEGMENTS                                                                \
	(BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST * BLKIF_SEGMENTS_PER_INDIRECT_PAGE)

/* What the backend advertised, and the disk behind it. */
struct blkif_limits {
	uint64_t nr_sectors;		/* disk size in 512-byte sectors */
	uint32_t max_indirect_segments; /* 0: indirect requests not offered */
	bool read_only;
	bool barrier;	     /* feature-barrier */
	bool flush;	     /* feature-flush-cache */
	bool discard;	     /* feature-discard */
	bool discard_secure; /* discard-secure */
};

/* A checked request, in the backend's terms. */
struct blkif_request_info {
	uint8_t operation; /* BLKIF_OP_*; for an indirect request, the wrapped op */
	bool indirect;
	bool writes; /* moves data to the disk */
	uint16_t nr_segments;
	uint8_t nr_indirect_pages; /* pages of segments to map, for an indirect request */
	uint64_t sector;	   /* first sector; 0 for a request moving no data */
	uint64_t nr_sectors;	   /* for indirect requests: known once the segments are checked */
};

/*
 * Check a request copied out of the ring. For a direct request this checks its segments too; for
 * an indirect one, the caller then copies the segments out of the indirect pages and passes them
 * to blkif_check_segments. Returns 0 or a negative ring_error.
 */
int blkif_check_request(const union blkif_sring_entry *req, const struct blkif_limits *limits,
			struct blkif_request_info *info);

/*
 * Check n segments (already copied to private memory) of the request info describes, and set
 * info->nr_sectors. n must equal info->nr_segments.
 */
int blkif_check_segments(const struct blkif_request_segment *seg, uint32_t n,
			 const struct blkif_limits *limits, struct blkif_request_info *info);

/* Frontend's check of a response copied out of the ring. 0 or a negative ring_error. */
int blkif_check_response(const struct blkif_response *rsp);

static inline int blkif_front_init(struct ring_front *f, void *shared, unsigned int order)
{
	return ring_front_init(f, shared, order, sizeof(union blkif_sring_entry));
}

static inline int blkif_back_init(struct ring_back *b, void *shared, unsigned int order)
{
	return ring_back_init(b, shared, order, sizeof(union blkif_sring_entry));
}

static inline int blkif_front_put_request(struct ring_front *f, const union blkif_sring_entry *req)
{
	return ring_front_put_request(f, req, sizeof(*req));
}

static inline int blkif_front_get_response(struct ring_front *f, union blkif_sring_entry *slot)
{
	return ring_front_get_response(f, slot);
}

static inline int blkif_back_get_request(struct ring_back *b, union blkif_sring_entry *slot)
{
	return ring_back_get_request(b, slot);
}

static inline int blkif_back_put_response(struct ring_back *b, const struct blkif_response *rsp)
{
	return ring_back_put_response(b, rsp, sizeof(*rsp));
}

#endif
