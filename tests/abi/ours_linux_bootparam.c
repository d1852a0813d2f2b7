/* SPDX-License-Identifier: MIT */
/*
 * Lamina's side of the linux_bootparam group: <asm/bootparam.h> of the x86 arch code, named by
 * its path because this directory builds with the public include path only.
 */
#include "../../hypervisor/arch/x86/include/asm/bootparam.h"
#include "abi_facts.h"

static const struct abi_fact linux_bootparam[] = {
#include "linux_bootparam.facts"
};
ABI_GROUP(ours, linux_bootparam, linux_bootparam);
