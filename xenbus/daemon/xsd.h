/* SPDX-License-Identifier: MIT */
/*
 * The xenstore daemon's state and its entry points, independent of sockets and poll so that
 * tests, the fuzz target and the benchmark drive the very code the daemon runs.
 */
#ifndef XSD_XSD_H
#define XSD_XSD_H

#include <stdbool.h>
#include <stdint.h>
#include "pathmap.h"
#include "perms.h"
#include "quota.h"
#include "transport.h"

#define XSD_MAX_DOMID 65535u

struct conn;
struct domain;

struct xsd {
	struct pathmap nodes; /* path -> struct node: the committed store */
	uint64_t generation;  /* last generation handed out; node generations are never 0 */
	uint32_t next_txn_id;
	struct quotas quotas;
	/* domains[domid / 256][domid % 256]; both levels are created on first use */
	struct domain **domains[(XSD_MAX_DOMID + 1) / 256];
	struct conn *conns;			     /* every live connection */
	struct xs_transport *transport;		     /* NULL: guests cannot be introduced */
	struct perms introduce_perms, release_perms; /* of the special watch paths */
};

struct xsd *xsd_new(struct xs_transport *transport);
void xsd_free(struct xsd *xsd);

/* Guest rings: reads pending requests from every introduced domain and flushes replies. */
void xsd_service_rings(struct xsd *xsd);
/* Frees connections that were closed, logging why. */
void xsd_reap(struct xsd *xsd);
/* A domain was destroyed: drop it as RELEASE would, and fire @releaseDomain. */
void xsd_domain_gone(struct xsd *xsd, uint32_t domid);
/* The transport reported a domain exception: find out which domains shut down or died. */
void xsd_check_domains(struct xsd *xsd);

#endif
