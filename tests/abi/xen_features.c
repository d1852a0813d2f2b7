/* SPDX-License-Identifier: MIT */
/* Xen's side of the features group: <xen/features.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/features.h>
#include "abi_facts.h"

static const struct abi_fact features[] = {
#include "features.facts"
};
ABI_GROUP(xen, features, features);
