/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "domain.h"
#include "log.h"
#include "node.h"
#include "ring.h"
#include "watch.h"
#include "xsd.h"

static struct perm dom0_only = {.domid = 0, .access = 0};

static int default_perms(struct perms *p)
{
	struct perms proto = {.count = 1, .entry = &dom0_only};

	return perms_copy(p, &proto);
}

struct xsd *xsd_new(struct xs_transport *transport)
{
	struct xsd *xsd = calloc(1, sizeof(*xsd));
	struct perms root_perms = {.count = 1, .entry = &dom0_only};
	struct node *root;
	struct domain *dom0;
	void *old;

	if (!xsd)
		return NULL;
	xsd->transport = transport;
	xsd->next_txn_id = 1;
	quotas_default(&xsd->quotas);
	if (pathmap_init(&xsd->nodes) || default_perms(&xsd->introduce_perms) ||
	    default_perms(&xsd->release_perms))
		goto fail;
	root = node_new("/", &root_perms);
	if (!root)
		goto fail;
	root->generation = ++xsd->generation;
	if (pathmap_put(&xsd->nodes, "/", root, &old)) {
		node_free(root);
		goto fail;
	}
	dom0 = domain_get(xsd, 0, true);
	if (!dom0)
		goto fail;
	dom0->introduced = true;
	dom0->nodes = 1;
	return xsd;
fail:
	xsd_free(xsd);
	return NULL;
}

static void drop_node(void *n)
{
	node_free(n);
}

void xsd_free(struct xsd *xsd)
{
	if (!xsd)
		return;
	while (xsd->conns)
		conn_free(xsd->conns);
	if (xsd->nodes.buckets)
		pathmap_destroy(&xsd->nodes, drop_node);
	for (uint32_t i = 0; i < (XSD_MAX_DOMID + 1) / 256; i++) {
		if (!xsd->domains[i])
			continue;
		for (uint32_t k = 0; k < 256; k++)
			free(xsd->domains[i][k]);
		free(xsd->domains[i]);
	}
	perms_free(&xsd->introduce_perms);
	perms_free(&xsd->release_perms);
	free(xsd);
}

/* Reads no more than the connection asks for, so nothing is left over when it pauses. */
static void service_ring(struct xsd *xsd, struct domain *d)
{
	struct conn *c = d->conn;
	bool moved = false;
	char buf[XENSTORE_RING_SIZE];

	while (conn_can_read(c)) {
		uint32_t want = c->hdr_got < sizeof(c->hdr) ? sizeof(c->hdr) - c->hdr_got
							    : c->hdr.len - c->payload_got;
		int n = ring_read_requests(d->ring, buf, want < sizeof(buf) ? want : sizeof(buf));

		if (n < 0) {
			d->ring->error = XENSTORE_ERROR_RINGIDX;
			conn_kill(c, "request ring indices out of range (cons %u prod %u)",
				  d->ring->req_cons, d->ring->req_prod);
			break;
		}
		if (n == 0)
			break;
		moved = true;
		conn_feed(c, buf, (uint32_t)n);
	}
	conn_flush(c);
	if (moved && !c->dead)
		xsd->transport->ops->notify(xsd->transport, d->local_port);
}

void xsd_service_rings(struct xsd *xsd)
{
	for (struct conn *c = xsd->conns; c; c = c->next) {
		struct domain *d = c->io_ctx;

		if (!c->dead && c->fd < 0 && d && d->conn == c)
			service_ring(xsd, d);
	}
}

void xsd_reap(struct xsd *xsd)
{
	struct conn **p = &xsd->conns;

	while (*p) {
		struct conn *c = *p;

		if (c->dead) {
			conn_free(c); /* unlinks *p; conn_kill logged why */
		} else {
			p = &c->next;
		}
	}
}

void xsd_domain_gone(struct xsd *xsd, uint32_t domid)
{
	struct domain *d = domain_get(xsd, domid, false);

	if (d && d->introduced)
		domain_release(xsd, domid);
}

void xsd_check_domains(struct xsd *xsd)
{
	domain_check_all(xsd);
}
