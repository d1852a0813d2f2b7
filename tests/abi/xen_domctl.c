/* SPDX-License-Identifier: MIT */
/* Xen's side of the domctl group: <xen/domctl.h> (needs __XEN_TOOLS__, set by the Makefile). */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/domctl.h>
#include "abi_facts.h"

static const struct abi_fact domctl[] = {
#include "domctl.facts"
};
ABI_GROUP(xen, domctl, domctl);
