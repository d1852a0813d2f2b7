/* SPDX-License-Identifier: MIT */
/* Xen's side of the cpuid group: <xen/arch-x86/cpuid.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/arch-x86/cpuid.h>
#include "abi_facts.h"

static const struct abi_fact cpuid[] = {
#include "cpuid.facts"
};
ABI_GROUP(xen, cpuid, cpuid);
