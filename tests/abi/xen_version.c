/* SPDX-License-Identifier: MIT */
/* Xen's side of the version group: <xen/version.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/version.h>
#include "abi_facts.h"

static const struct abi_fact version[] = {
#include "version.facts"
};
ABI_GROUP(xen, version, version);
