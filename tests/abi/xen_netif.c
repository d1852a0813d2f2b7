/* SPDX-License-Identifier: MIT */
/* Xen's side of the netif group: <xen/io/netif.h>. */
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/netif.h>
#include "abi_facts.h"

static const struct abi_fact netif[] = {
#include "netif.facts"
};
ABI_GROUP(xen, netif, netif);
