/* SPDX-License-Identifier: MIT */
/* Xen's side of the blkif group: <xen/io/blkif.h>. */
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/blkif.h>
#include "abi_facts.h"

static const struct abi_fact blkif[] = {
#include "blkif.facts"
};
ABI_GROUP(xen, blkif, blkif);
