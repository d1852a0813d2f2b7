/* SPDX-License-Identifier: MIT */
/* Xen's side of the start_info group: <xen/arch-x86/hvm/start_info.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include "abi_facts.h"

static const struct abi_fact start_info[] = {
#include "start_info.facts"
};
ABI_GROUP(xen, start_info, start_info);
