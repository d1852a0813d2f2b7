/* SPDX-License-Identifier: MIT */
/* Lamina's side of the cpuid group: <public/arch-x86/cpuid.h>. */
#include <public/arch-x86/cpuid.h>
#include "abi_facts.h"

static const struct abi_fact cpuid[] = {
#include "cpuid.facts"
};
ABI_GROUP(ours, cpuid, cpuid);
