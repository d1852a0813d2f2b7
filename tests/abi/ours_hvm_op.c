/* SPDX-License-Identifier: MIT */
/* Lamina's side of the hvm_op group: <public/hvm/hvm_op.h>. */
#include <public/hvm/hvm_op.h>
#include "abi_facts.h"

static const struct abi_fact hvm_op[] = {
#include "hvm_op.facts"
};
ABI_GROUP(ours, hvm_op, hvm_op);
