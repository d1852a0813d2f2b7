/* SPDX-License-Identifier: MIT */
/* Compares every fact of Lamina's headers with the same fact of Xen's (see abi_facts.h). */
#include <stdio.h>
#include <string.h>
#include "abi_facts.h"

extern const struct abi_group *const __start_abi_xen[], *const __stop_abi_xen[];
extern const struct abi_group *const __start_abi_ours[], *const __stop_abi_ours[];

static const struct abi_group *find_group(const struct abi_group *const *begin,
					  const struct abi_group *const *end, const char *name)
{
	for (; begin < end; begin++)
		if (strcmp((*begin)->name, name) == 0)
			return *begin;
	return NULL;
}

static const struct abi_fact *find_fact(const struct abi_group *g, const char *name)
{
	for (size_t i = 0; i < g->count; i++)
		if (strcmp(g->facts[i].name, name) == 0)
			return &g->facts[i];
	return NULL;
}

/* Every fact of `from` must exist in `to`; values are compared once, from the xen side. */
static int check_group(const struct abi_group *xen, const struct abi_group *ours)
{
	int bad = 0;

	for (size_t i = 0; i < xen->count; i++) {
		const struct abi_fact *x = &xen->facts[i];
		const struct abi_fact *o = find_fact(ours, x->name);

		if (!o) {
			printf("FAIL %s: %s missing on Lamina's side\n", xen->name, x->name);
			bad++;
		} else if (o->value != x->value) {
			printf("FAIL %s: %s is %llu in Lamina, %llu in Xen\n", xen->name, x->name,
			       (unsigned long long)o->value, (unsigned long long)x->value);
			bad++;
		}
	}
	for (size_t i = 0; i < ours->count; i++) {
		if (!find_fact(xen, ours->facts[i].name)) {
			printf("FAIL %s: %s missing on Xen's side\n", ours->name,
			       ours->facts[i].name);
			bad++;
		}
	}
	return bad;
}

int main(void)
{
	int bad = 0, facts = 0, groups = 0;

	for (const struct abi_group *const *g = __start_abi_xen; g < __stop_abi_xen; g++) {
		const struct abi_group *ours =
			find_group(__start_abi_ours, __stop_abi_ours, (*g)->name);

		if (!ours) {
			printf("FAIL %s: group has no Lamina side\n", (*g)->name);
			bad++;
			continue;
		}
		bad += check_group(*g, ours);
		facts += (int)(*g)->count;
		groups++;
	}
	for (const struct abi_group *const *g = __start_abi_ours; g < __stop_abi_ours; g++) {
		if (!find_group(__start_abi_xen, __stop_abi_xen, (*g)->name)) {
			printf("FAIL %s: group has no Xen side\n", (*g)->name);
			bad++;
		}
	}
	printf("abi: %d groups, %d facts compared, %d mismatches\n", groups, facts, bad);
	return bad ? 1 : 0;
}
