/* SPDX-License-Identifier: MIT */
/* Xen's side of the xs_wire group: <xen/io/xs_wire.h>. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <xen/io/xs_wire.h>
#include "abi_facts.h"

static const struct abi_fact xs_wire[] = {
#include "xs_wire.facts"
};
ABI_GROUP(xen, xs_wire, xs_wire);

/*
 * The error table is data, not constants, so its facts are filled in at start-up: the table
 * length, then each entry's errno and a hash of its name (the name is what goes on the wire).
 */
#define ERROR_ENTRIES (sizeof(xsd_errors) / sizeof(xsd_errors[0]))
static struct abi_fact xs_wire_errors[1 + 2 * ERROR_ENTRIES];
static char error_fact_names[2 * ERROR_ENTRIES][40];

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

__attribute__((constructor)) static void fill_error_facts(void)
{
	xs_wire_errors[0] = (struct abi_fact){"xsd_errors entries", ERROR_ENTRIES};
	for (size_t i = 0; i < ERROR_ENTRIES; i++) {
		char *num = error_fact_names[2 * i], *str = error_fact_names[2 * i + 1];

		snprintf(num, sizeof(error_fact_names[0]), "xsd_errors[%zu].errnum", i);
		snprintf(str, sizeof(error_fact_names[0]), "hash(xsd_errors[%zu].errstring)", i);
		xs_wire_errors[1 + 2 * i] = (struct abi_fact){num, (uint64_t)xsd_errors[i].errnum};
		xs_wire_errors[2 + 2 * i] = (struct abi_fact){str, fnv1a(xsd_errors[i].errstring)};
	}
}
ABI_GROUP(xen, xs_wire_errors, xs_wire_errors);
