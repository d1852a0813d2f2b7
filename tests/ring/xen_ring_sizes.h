/* SPDX-License-Identifier: MIT */
/* Xen's ring geometry, exported from a translation unit that sees only libxen-dev. */
#ifndef XEN_RING_SIZES_H
#define XEN_RING_SIZES_H

#include <stddef.h>
#include <stdint.h>

struct xen_ring_size {
	const char *proto; /* blkif, netif_tx or netif_rx */
	unsigned int order;
	uint32_t slot_size;
	uint32_t nr_slots;
};

extern const struct xen_ring_size xen_ring_sizes[];
extern const size_t xen_ring_sizes_count;

#endif
