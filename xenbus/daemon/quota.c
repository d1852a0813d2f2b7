/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <public/io/xs_wire.h>
#include "quota.h"

static const struct {
	const char *name;
	size_t offset;
	uint32_t initial;
} quota_table[] = {
	{"nodes", offsetof(struct quotas, nodes), 1000},
	{"node-size", offsetof(struct quotas, node_size), 2048},
	{"permissions", offsetof(struct quotas, permissions), 5},
	{"watches", offsetof(struct quotas, watches), 128},
	{"transactions", offsetof(struct quotas, transactions), 10},
	{"outstanding", offsetof(struct quotas, outstanding), 20},
	{"transaction-nodes", offsetof(struct quotas, transaction_nodes), 1024},
	{"path-max", offsetof(struct quotas, path_max), XENSTORE_REL_PATH_MAX},
};
#define NQUOTAS (sizeof(quota_table) / sizeof(quota_table[0]))

static uint32_t *field(struct quotas *q, size_t i)
{
	return (uint32_t *)((char *)q + quota_table[i].offset);
}

void quotas_default(struct quotas *q)
{
	for (size_t i = 0; i < NQUOTAS; i++)
		*field(q, i) = quota_table[i].initial;
}

uint32_t *quota_by_name(struct quotas *q, const char *name)
{
	for (size_t i = 0; i < NQUOTAS; i++)
		if (strcmp(quota_table[i].name, name) == 0)
			return field(q, i);
	return NULL;
}

int quotas_describe(const struct quotas *q, char *buf, uint32_t size)
{
	uint32_t used = 0;

	for (size_t i = 0; i < NQUOTAS; i++) {
		int n = snprintf(buf + used, size - used, "%s %u\n", quota_table[i].name,
				 *field((struct quotas *)q, i));

		if (n < 0 || (uint32_t)n >= size - used)
			return -E2BIG;
		used += (uint32_t)n;
	}
	return (int)used;
}
