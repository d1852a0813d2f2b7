// SPDX-License-Identifier: MIT
#include <guest/cpu.h>

static bool extended_leaf_present(void)
{
	return cpuid(0x80000000).eax >= 0x80000001;
}

bool cpu_has_page1g(void)
{
	return extended_leaf_present() && (cpuid(0x80000001).edx & CPUID_80000001_EDX_PAGE1G);
}

bool cpu_has_nx(void)
{
	return extended_leaf_present() && (cpuid(0x80000001).edx & CPUID_80000001_EDX_NX);
}
