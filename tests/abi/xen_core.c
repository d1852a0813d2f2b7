/* SPDX-License-Identifier: MIT */
/* Xen's side of the core group: <xen/xen.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include "abi_facts.h"

static const struct abi_fact core[] = {
#include "core.facts"
};
ABI_GROUP(xen, core, core);
