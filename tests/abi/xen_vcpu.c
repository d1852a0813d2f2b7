/* SPDX-License-Identifier: MIT */
/* Xen's side of the vcpu group: <xen/vcpu.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/vcpu.h>
#include "abi_facts.h"

static const struct abi_fact vcpu[] = {
#include "vcpu.facts"
};
ABI_GROUP(xen, vcpu, vcpu);
