/* SPDX-License-Identifier: MIT */
/* Xen's side of the hvm_params group: <xen/hvm/params.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/hvm/params.h>
#include "abi_facts.h"

static const struct abi_fact hvm_params[] = {
#include "hvm_params.facts"
	/* Bits 63:56 hold the type: the shift is the mask's lowest set bit. */
	{"HVM_PARAM_CALLBACK_TYPE_SHIFT", __builtin_ctzll(HVM_PARAM_CALLBACK_IRQ_TYPE_MASK)},
	{"HVM_PARAM_CALLBACK_VALUE_MASK", ~HVM_PARAM_CALLBACK_IRQ_TYPE_MASK},
};
ABI_GROUP(xen, hvm_params, hvm_params);
