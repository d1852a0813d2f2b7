/* SPDX-License-Identifier: MIT */
/* Lamina's side of the start_info group: <public/hvm/start_info.h>. */
#include <public/hvm/start_info.h>
#include "abi_facts.h"

static const struct abi_fact start_info[] = {
#include "start_info.facts"
};
ABI_GROUP(ours, start_info, start_info);
