/* SPDX-License-Identifier: MIT */
/* What the daemon knows of one domain: accounting for quotas and, once introduced, its ring. */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include "xsd.h"

#define NO_TARGET UINT32_MAX

struct domain {
	uint32_t domid;
	uint32_t nodes;	  /* nodes it owns in the committed store */
	uint32_t watches; /* watches of all its connections */
	uint32_t target;  /* SET_TARGET, or NO_TARGET */
	bool introduced;
	bool shutdown_seen; /* @releaseDomain already fired for its shutdown (RESUME clears) */
	uint64_t mfn;
	uint32_t remote_port;
	int local_port;
	struct xenstore_domain_interface *ring;
	struct conn *conn; /* its ring connection while introduced */
};

/* The domain's record, created when `create` (NULL with errno ENOMEM or EINVAL). */
struct domain *domain_get(struct xsd *xsd, uint32_t domid, bool create);
/* Adds `delta` to the node count of `domid` (a domain's count never drops below 0). */
void domain_count_nodes(struct xsd *xsd, uint32_t domid, int delta);
/* The home of relative paths: "/local/domain/<domid>". */
void domain_home(uint32_t domid, char *buf, uint32_t size);

/* INTRODUCE, RELEASE: 0 or an errno value. */
int domain_introduce(struct xsd *xsd, uint32_t domid, uint64_t mfn, uint32_t port);
int domain_release(struct xsd *xsd, uint32_t domid);
/*
 * After the hypervisor reported a domain exception: asks the transport about every introduced
 * domain, releases those that are gone and fires @releaseDomain for each of them and for each
 * newly shut-down one, as Xen's xenstored does.
 */
void domain_check_all(struct xsd *xsd);

#endif
