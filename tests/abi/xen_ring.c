/* SPDX-License-Identifier: MIT */
/* Xen's side of the ring group: <xen/io/ring.h>, seen through the blkif and netif rings. */
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/blkif.h>
#include <xen/io/netif.h>
#include "abi_facts.h"

static const struct abi_fact ring[] = {
#include "ring.facts"
};
ABI_GROUP(xen, ring, ring);
