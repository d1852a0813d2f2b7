/* SPDX-License-Identifier: MIT */
/* Xen's side of the grant group: <xen/grant_table.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/grant_table.h>
#include "abi_facts.h"

static const struct abi_fact grant[] = {
#include "grant.facts"
};
ABI_GROUP(xen, grant, grant);
