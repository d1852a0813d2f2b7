/* SPDX-License-Identifier: MIT */
/* Lamina's side of the hvm_params group: <public/hvm/params.h>. */
#include <public/hvm/params.h>
#include "abi_facts.h"

static const struct abi_fact hvm_params[] = {
#include "hvm_params.facts"
	/* Our names for the encoding; xen_hvm_params.c derives them from the type mask. */
	ABI_CONST(HVM_PARAM_CALLBACK_TYPE_SHIFT),
	ABI_CONST(HVM_PARAM_CALLBACK_VALUE_MASK),
};
ABI_GROUP(ours, hvm_params, hvm_params);
