/* SPDX-License-Identifier: MIT */
/* Lamina's side of the grant group: <public/grant_table.h>. */
#include <public/grant_table.h>
#include "abi_facts.h"

static const struct abi_fact grant[] = {
#include "grant.facts"
};
ABI_GROUP(ours, grant, grant);
