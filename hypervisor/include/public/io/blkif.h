/* SPDX-License-Identifier: MIT */
/*
 * The block device protocol (blkif), Xen 4.17 ABI: requests and responses carried in the slots
 * of a shared ring (io/ring.h), and the xenstore keys frontend and backend negotiate with.
 * Sectors are always 512 bytes in requests, whatever the disk's own sector size. Checked against
 * libxen-dev by tests/abi (group "blkif"); lib/ring/blkif.c validates requests.
 */
#ifndef LAMINA_PUBLIC_IO_BLKIF_H
#define LAMINA_PUBLIC_IO_BLKIF_H

#include <public/xen.h>
#include <public/grant_table.h>
#include <public/io/ring.h>

#define BLKIF_OP_READ		 0
#define BLKIF_OP_WRITE		 1
#define BLKIF_OP_WRITE_BARRIER	 2 /* only with feature-barrier */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* only with feature-flush-cache */
#define BLKIF_OP_RESERVED_1	 4 /* never valid on the ring */
#define BLKIF_OP_DISCARD	 5 /* only with feature-discard */
#define BLKIF_OP_INDIRECT	 6 /* only with feature-max-indirect-segments */

/* Segments carried in the request slot itself. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
/* Pages of segment descriptors one indirect request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

#define BLKIF_SECTOR_SHIFT 9
#define BLKIF_SECTOR_SIZE  (1U << BLKIF_SECTOR_SHIFT)
/* A segment covers sectors first_sect..last_sect of one 4 KiB page. */
#define BLKIF_SECTORS_PER_PAGE (XEN_PAGE_SIZE >> BLKIF_SECTOR_SHIFT)

#define BLKIF_DISCARD_SECURE (1U << 0)

/* blkif_response.status */
#define BLKIF_RSP_EOPNOTSUPP (-2)
#define BLKIF_RSP_ERROR	     (-1)
#define BLKIF_RSP_OKAY	     0

/* Bits of the backend's "info" key. */
#define VDISK_CDROM	0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY	0x4

/* xenstore keys written by the backend. */
#define BLKIF_KEY_SECTORS		 "sectors"
#define BLKIF_KEY_SECTOR_SIZE		 "sector-size"
#define BLKIF_KEY_PHYSICAL_SECTOR_SIZE	 "physical-sector-size"
#define BLKIF_KEY_INFO			 "info"
#define BLKIF_KEY_MODE			 "mode"
#define BLKIF_KEY_FEATURE_BARRIER	 "feature-barrier"
#define BLKIF_KEY_FEATURE_FLUSH_CACHE	 "feature-flush-cache"
#define BLKIF_KEY_FEATURE_DISCARD	 "feature-discard"
#define BLKIF_KEY_DISCARD_GRANULARITY	 "discard-granularity"
#define BLKIF_KEY_DISCARD_ALIGNMENT	 "discard-alignment"
#define BLKIF_KEY_DISCARD_SECURE	 "discard-secure"
#define BLKIF_KEY_FEATURE_PERSISTENT	 "feature-persistent"
#define BLKIF_KEY_FEATURE_MAX_INDIRECT	 "feature-max-indirect-segments"
#define BLKIF_KEY_FEATURE_LARGE_SECTOR	 "feature-large-sector-size"
#define BLKIF_KEY_MAX_RING_PAGE_ORDER	 "max-ring-page-order"
#define BLKIF_KEY_MULTI_QUEUE_MAX_QUEUES "multi-queue-max-queues"
/* xenstore keys written by the frontend. */
#define BLKIF_KEY_RING_REF		 "ring-ref" /* ring-ref0.. with a page order */
#define BLKIF_KEY_RING_PAGE_ORDER	 "ring-page-order"
#define BLKIF_KEY_EVENT_CHANNEL		 "event-channel"
#define BLKIF_KEY_PROTOCOL		 "protocol"
#define BLKIF_KEY_MULTI_QUEUE_NUM_QUEUES "multi-queue-num-queues"
#define BLKIF_PROTOCOL_X86_64		 "x86_64-abi"

#ifndef __ASSEMBLER__
typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

/* One page of a transfer: sectors first_sect..last_sect (inclusive) of the granted page. */
struct blkif_request_segment {
	grant_ref_t gref;
	uint8_t first_sect;
	uint8_t last_sect;
};

/* Segment descriptors that fit in one indirect page. */
#define BLKIF_SEGMENTS_PER_INDIRECT_PAGE (XEN_PAGE_SIZE / sizeof(struct blkif_request_segment))

/* READ, WRITE, WRITE_BARRIER and FLUSH_DISKCACHE. */
struct blkif_request {
	uint8_t operation; /* BLKIF_OP_* */
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint64_t id; /* the frontend's cookie, echoed in the response */
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* The same slot read as a DISCARD request. */
struct blkif_request_discard {
	uint8_t operation; /* BLKIF_OP_DISCARD */
	uint8_t flag;	   /* BLKIF_DISCARD_SECURE or 0 */
	blkif_vdev_t handle;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};

/*
 * The same slot read as an INDIRECT request: the segments live in up to
 * BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST granted pages instead of the slot.
 */
struct blkif_request_indirect {
	uint8_t operation;   /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op; /* BLKIF_OP_READ or BLKIF_OP_WRITE */
	uint16_t nr_segments;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};

struct blkif_response {
	uint64_t id;	   /* from the request */
	uint8_t operation; /* from the request */
	int16_t status;	   /* BLKIF_RSP_* */
};

/* A ring slot holds either; the union's size is the slot size. */
union blkif_sring_entry {
	struct blkif_request req;
	struct blkif_request_discard discard;
	struct blkif_request_indirect indirect;
	struct blkif_response rsp;
};
#endif /* __ASSEMBLER__ */
#endif
