/* SPDX-License-Identifier: MIT */
/* Lamina's side of the blkif group: <public/io/blkif.h>. */
#include <public/io/blkif.h>
#include "abi_facts.h"

static const struct abi_fact blkif[] = {
#include "blkif.facts"
};
ABI_GROUP(ours, blkif, blkif);
