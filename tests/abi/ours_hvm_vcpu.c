/* SPDX-License-Identifier: MIT */
/* Lamina's side of the hvm_vcpu group: <public/hvm/hvm_vcpu.h>. */
#include <public/hvm/hvm_vcpu.h>
#include "abi_facts.h"

static const struct abi_fact hvm_vcpu[] = {
#include "hvm_vcpu.facts"
};
ABI_GROUP(ours, hvm_vcpu, hvm_vcpu);
