/* SPDX-License-Identifier: MIT */
/*
 * Per-domain limits, with Xen 4.17's defaults. They bind unprivileged domains only; dom0 and
 * socket clients are trusted. Each can be read and changed with the CONTROL command "quota".
 */
#ifndef XSD_QUOTA_H
#define XSD_QUOTA_H

#include <stdint.h>

struct quotas {
	uint32_t nodes;		    /* nodes a domain may own */
	uint32_t node_size;	    /* value + child names + permissions of one node, bytes */
	uint32_t permissions;	    /* permission entries on one node */
	uint32_t watches;	    /* watches of one domain */
	uint32_t transactions;	    /* open transactions of one connection */
	uint32_t outstanding;	    /* replies and events queued to a domain before it is paused */
	uint32_t transaction_nodes; /* nodes one transaction may touch */
	uint32_t path_max;	    /* length of a relative path a domain sends */
};

void quotas_default(struct quotas *q);
/* The quota called `name` ("nodes", "node-size", ...), or NULL. */
uint32_t *quota_by_name(struct quotas *q, const char *name);
/* "name value\n" for every quota into buf; returns the length or -E2BIG. */
int quotas_describe(const struct quotas *q, char *buf, uint32_t size);

#endif
