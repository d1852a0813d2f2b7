/* SPDX-License-Identifier: MIT */
/*
 * What the domctl guests share: the hypercall itself, and what domctl_control (domid 0) and
 * domctl_counter (domid 1) agree on: the counter guest grants the control guest one read-only
 * page whose counter it increments for as long as it runs.
 */
#ifndef DOMCTL_CALL_H
#define DOMCTL_CALL_H

#include <stdint.h>
#include <guest/hypercall.h>
#include <guest/string.h>
#include <public/domctl.h>

#define CONTROL_DOMID 0
#define COUNTER_DOMID 1
#define COUNTER_REF   8 /* the grant reference of the counter's page */
#define COUNTER_MAGIC 0x636f756eU

struct progress {
	volatile uint32_t magic; /* COUNTER_MAGIC once the counter runs */
	volatile uint64_t count;
};

/* A sub-op number no domctl has. */
#define NOT_A_DOMCTL 77

static inline struct xen_domctl domctl_request(uint32_t cmd, domid_t domid)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = cmd;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = domid;
	return op;
}

static inline long domctl(struct xen_domctl *op)
{
	return hypercall(__HYPERVISOR_domctl, (unsigned long)op, 0, 0, 0, 0);
}

/* A sub-op with nothing but a domain id: pause, unpause, destroy. */
static inline long domctl_on(uint32_t cmd, domid_t domid)
{
	struct xen_domctl op = domctl_request(cmd, domid);

	return domctl(&op);
}

/* getdomaininfo for the first domain at or above @domid. */
static inline long domain_info(domid_t domid, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op = domctl_request(XEN_DOMCTL_getdomaininfo, domid);
	long rc = domctl(&op);

	if (rc == 0)
		*info = op.u.getdomaininfo;
	return rc;
}

#endif
