/* SPDX-License-Identifier: MIT */
/* Xen's side of the hvm_op group: <xen/hvm/hvm_op.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/hvm/hvm_op.h>
#include "abi_facts.h"

static const struct abi_fact hvm_op[] = {
#include "hvm_op.facts"
};
ABI_GROUP(xen, hvm_op, hvm_op);
