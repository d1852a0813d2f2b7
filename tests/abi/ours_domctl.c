/* SPDX-License-Identifier: MIT */
/* Lamina's side of the domctl group: <public/domctl.h>. */
#include <public/domctl.h>
#include "abi_facts.h"

static const struct abi_fact domctl[] = {
#include "domctl.facts"
};
ABI_GROUP(ours, domctl, domctl);
