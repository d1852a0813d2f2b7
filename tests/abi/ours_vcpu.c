/* SPDX-License-Identifier: MIT */
/* Lamina's side of the vcpu group: <public/vcpu.h>. */
#include <public/vcpu.h>
#include "abi_facts.h"

static const struct abi_fact vcpu[] = {
#include "vcpu.facts"
};
ABI_GROUP(ours, vcpu, vcpu);
