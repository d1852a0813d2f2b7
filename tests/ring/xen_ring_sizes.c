// SPDX-License-Identifier: MIT
/*
 * Xen's own slot counts (__CONST_RING_SIZE) and slot sizes for the blkif and netif rings at
 * every ring-page-order a frontend may pick, compiled against libxen-dev alone so that
 * test_ring.c can compare them with ring_nr_slots.
 */
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/blkif.h>
#include <xen/io/netif.h>
#include "xen_ring_sizes.h"

#define SIZE_ROW(proto, order)                                                                     \
	{                                                                                          \
#proto, order, sizeof(union proto##_sring_entry),                                  \
			__CONST_RING_SIZE(proto, 4096 << order)                                    \
	}

const struct xen_ring_size xen_ring_sizes[] = {
	SIZE_ROW(blkif, 0),    SIZE_ROW(blkif, 1),    SIZE_ROW(blkif, 2),    SIZE_ROW(blkif, 3),
	SIZE_ROW(blkif, 4),    SIZE_ROW(netif_tx, 0), SIZE_ROW(netif_tx, 1), SIZE_ROW(netif_tx, 2),
	SIZE_ROW(netif_tx, 3), SIZE_ROW(netif_tx, 4), SIZE_ROW(netif_rx, 0), SIZE_ROW(netif_rx, 1),
	SIZE_ROW(netif_rx, 2), SIZE_ROW(netif_rx, 3), SIZE_ROW(netif_rx, 4),
};
const size_t xen_ring_sizes_count = sizeof(xen_ring_sizes) / sizeof(xen_ring_sizes[0]);
