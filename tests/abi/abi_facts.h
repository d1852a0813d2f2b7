/* SPDX-License-Identifier: MIT */
/*
 * ABI conformance: each header group is described twice, once compiled against Debian's
 * libxen-dev (xen_*.c) and once against Lamina's public headers (ours_*.c). Both sides list
 * named facts (sizes, offsets, constants); abi_check.c pairs them by name and fails on any
 * difference or on a fact present on one side only. The two sides never meet in one
 * translation unit because both define the same struct names.
 */
#ifndef ABI_FACTS_H
#define ABI_FACTS_H

#include <stddef.h>
#include <stdint.h>

struct abi_fact {
	const char *name;
	uint64_t value;
};

struct abi_group {
	const char *name;
	const struct abi_fact *facts;
	size_t count;
};

#define ABI_SIZE(type)                                                                             \
	{                                                                                          \
		"sizeof(" #type ")", sizeof(type)                                                  \
	}
#define ABI_OFFSET(type, member)                                                                   \
	{                                                                                          \
		"offsetof(" #type ", " #member ")", offsetof(type, member)                         \
	}
#define ABI_CONST(name)                                                                            \
	{                                                                                          \
#name, (uint64_t)(name)                                                            \
	}

/*
 * Registers a group in the section of its side; abi_check.c walks both sections.
 * side: xen or ours.
 */
#define ABI_GROUP(side, group, array)                                                              \
	static const struct abi_group abi_group_##side##_##group = {                               \
		#group, array, sizeof(array) / sizeof(array[0])};                                  \
	__attribute__((used, section("abi_" #side))) static const struct abi_group                 \
		*const abi_group_ptr_##side##_##group = &abi_group_##side##_##group

#endif
