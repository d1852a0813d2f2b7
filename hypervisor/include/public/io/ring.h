/* SPDX-License-Identifier: MIT */
/*
 * The shared I/O ring of the Xen 4.17 ABI: one or more contiguous pages holding a 64-byte header
 * and an array of fixed-size slots. The frontend produces requests and consumes responses, the
 * backend the reverse; both kinds share the same slots. Indices are free-running 32-bit
 * counters, reduced modulo the (power of two) slot count only when a slot is addressed, so
 * "producer - consumer" is the number of outstanding entries even across the 2^32 wrap.
 *
 * This header holds the layout and the arithmetic both ends agree on. Code that drives a ring
 * against a possibly hostile peer lives in lib/ring (see docs/rings.md); protocols define their
 * slot type (io/blkif.h, io/netif.h). Checked against libxen-dev by tests/abi (group "ring").
 */
#ifndef LAMINA_PUBLIC_IO_RING_H
#define LAMINA_PUBLIC_IO_RING_H

#include <public/xen.h>

/* Ring pages are always 4 KiB, whatever page size either end uses internally. */
#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1UL << XEN_PAGE_SHIFT)

/* Bytes of the shared header in front of the first slot. */
#define RING_HEADER_SIZE 64

#ifndef __ASSEMBLER__
typedef uint32_t ring_idx_t;

/*
 * The shared header. A producer only ever writes its *_prod index; a consumer writes its *_event
 * index to say "notify me when the producer passes this index". The pvt bytes belong to the
 * protocol (netif once used one for smart polling); nobody in Lamina reads them.
 */
struct ring_sring {
	ring_idx_t req_prod;
	ring_idx_t req_event;
	ring_idx_t rsp_prod;
	ring_idx_t rsp_event;
	uint8_t pvt[4];
	uint8_t pad[44];
	uint8_t ring[]; /* slot i at ring + (i & (nr_slots - 1)) * slot_size */
};

/*
 * Slot count of a ring made of (1 << order) pages for slots of slot_size bytes: the largest
 * power of two that fits after the header (Xen's __CONST_RING_SIZE). Zero if not even one slot
 * fits, which callers must treat as an unusable geometry.
 */
static inline uint32_t ring_nr_slots(uint32_t slot_size, unsigned int order)
{
	uint64_t bytes = (uint64_t)XEN_PAGE_SIZE << order;
	uint64_t fit;
	uint32_t n = 1;

	if (slot_size == 0 || order > 20)
		return 0;
	fit = (bytes - RING_HEADER_SIZE) / slot_size;
	if (fit == 0)
		return 0;
	while ((uint64_t)n * 2 <= fit && n < 0x80000000U)
		n *= 2;
	return n;
}

/*
 * The notification rule. After publishing new_prod (previously old_prod), the producer must
 * notify iff the consumer's event index lies in (old_prod, new_prod]: the consumer asked to be
 * woken by exactly that entry. Unsigned differences keep it right across the wrap.
 */
static inline int ring_event_crossed(ring_idx_t old_prod, ring_idx_t new_prod, ring_idx_t event)
{
	return (ring_idx_t)(new_prod - event) < (ring_idx_t)(new_prod - old_prod);
}
#endif /* __ASSEMBLER__ */
#endif
