/* SPDX-License-Identifier: MIT */
/* Xen's side of the hvm_vcpu group: <xen/hvm/hvm_vcpu.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/hvm/hvm_vcpu.h>
#include "abi_facts.h"

static const struct abi_fact hvm_vcpu[] = {
#include "hvm_vcpu.facts"
};
ABI_GROUP(xen, hvm_vcpu, hvm_vcpu);
