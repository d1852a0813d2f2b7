/* SPDX-License-Identifier: MIT */
/* Lamina's side of the netif group: <public/io/netif.h>. */
#include <public/io/netif.h>
#include "abi_facts.h"

static const struct abi_fact netif[] = {
#include "netif.facts"
};
ABI_GROUP(ours, netif, netif);
