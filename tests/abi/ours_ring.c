/* SPDX-License-Identifier: MIT */
/* Lamina's side of the ring group: <public/io/ring.h>. */
#include <public/io/ring.h>
#include <public/io/blkif.h>
#include <public/io/netif.h>
#include "abi_facts.h"

/* Xen generates one sring type per protocol; Lamina shares one header struct. */
typedef ring_idx_t RING_IDX;
typedef struct ring_sring blkif_sring_t;
typedef struct ring_sring netif_tx_sring_t;
typedef struct ring_sring netif_rx_sring_t;

static const struct abi_fact ring[] = {
#include "ring.facts"
};
ABI_GROUP(ours, ring, ring);
