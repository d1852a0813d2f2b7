/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <public/xen.h>
#include "conn.h"
#include "domain.h"
#include "log.h"
#include "ring.h"
#include "watch.h"

struct domain *domain_get(struct xsd *xsd, uint32_t domid, bool create)
{
	struct domain ***slots, *d;

	if (domid > XSD_MAX_DOMID) {
		errno = EINVAL;
		return NULL;
	}
	slots = &xsd->domains[domid / 256];
	d = *slots ? (*slots)[domid % 256] : NULL;
	if (d || !create)
		return d;
	if (!*slots)
		*slots = calloc(256, sizeof(**slots));
	d = *slots ? calloc(1, sizeof(*d)) : NULL;
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->domid = domid;
	d->target = NO_TARGET;
	d->local_port = -1;
	(*slots)[domid % 256] = d;
	return d;
}

void domain_count_nodes(struct xsd *xsd, uint32_t domid, int delta)
{
	struct domain *d = domain_get(xsd, domid, true);

	if (!d)
		return;
	if (delta < 0 && (uint32_t)-delta > d->nodes)
		d->nodes = 0;
	else
		d->nodes = (uint32_t)((int64_t)d->nodes + delta);
}

void domain_home(uint32_t domid, char *buf, uint32_t size)
{
	snprintf(buf, size, "/local/domain/%u", domid);
}

static int ring_conn_write(struct conn *c, const void *data, uint32_t len)
{
	struct domain *d = c->io_ctx;
	int n;

	if (!d->ring || d->conn != c)
		return -1;
	n = ring_write_replies(d->ring, data, len);
	if (n < 0) {
		d->ring->error = XENSTORE_ERROR_RINGIDX;
		conn_kill(c, "reply ring indices out of range (cons %u prod %u)", d->ring->rsp_cons,
			  d->ring->rsp_prod);
		return -1;
	}
	if (n > 0)
		c->xsd->transport->ops->notify(c->xsd->transport, d->local_port);
	return n;
}

static void unhook_ring(struct xsd *xsd, struct domain *d)
{
	struct xs_transport *t = xsd->transport;

	if (d->local_port >= 0)
		t->ops->unbind(t, d->local_port);
	if (d->ring)
		t->ops->unmap_ring(t, d->domid, d->ring);
	d->local_port = -1;
	d->ring = NULL;
	d->conn = NULL;
}

/* Reached when the daemon gave up on the ring (a protocol violation): the guest is gone. */
static void ring_conn_close(struct conn *c)
{
	struct domain *d = c->io_ctx;

	if (d->conn != c)
		return; /* released: already unhooked */
	unhook_ring(c->xsd, d);
	d->introduced = false;
	watch_fire(c->xsd, "@releaseDomain", false, NULL);
}

static const struct conn_io ring_io = {
	.write = ring_conn_write,
	.close = ring_conn_close,
};

int domain_introduce(struct xsd *xsd, uint32_t domid, uint64_t mfn, uint32_t port)
{
	struct xs_transport *t = xsd->transport;
	struct domain *d;
	int local;

	if (domid == 0 || domid >= DOMID_FIRST_RESERVED)
		return EINVAL;
	if (!t) {
		xsd_log("INTRODUCE of domain %u refused: this daemon has no guest transport",
			domid);
		return ENOSYS;
	}
	d = domain_get(xsd, domid, true);
	if (!d)
		return errno;
	if (d->introduced) {
		/* Xen's way for a toolstack to rebind a domain's event channel. */
		local = t->ops->bind(t, domid, port);
		if (local < 0)
			return EINVAL;
		if (d->local_port >= 0)
			t->ops->unbind(t, d->local_port);
		d->local_port = local;
		d->remote_port = port;
		return 0;
	}
	d->ring = t->ops->map_ring(t, domid, mfn);
	if (!d->ring) {
		xsd_log("INTRODUCE domain %u: cannot map frame %#llx: errno %d", domid,
			(unsigned long long)mfn, errno);
		return EINVAL;
	}
	local = t->ops->bind(t, domid, port);
	if (local < 0) {
		xsd_log("INTRODUCE domain %u: cannot bind port %u: errno %d", domid, port, -local);
		t->ops->unmap_ring(t, domid, d->ring);
		d->ring = NULL;
		return EINVAL;
	}
	d->local_port = local;
	d->remote_port = port;
	d->mfn = mfn;
	d->conn = conn_new(xsd, &ring_io, d, domid, false);
	if (!d->conn) {
		t->ops->unbind(t, local);
		t->ops->unmap_ring(t, domid, d->ring);
		d->ring = NULL;
		d->local_port = -1;
		return ENOMEM;
	}
	d->conn->who.target = d->target;
	d->ring->server_features = XENSTORE_SERVER_FEATURE_ERROR;
	d->ring->error = XENSTORE_ERROR_NONE;
	d->introduced = true;
	d->shutdown_seen = false;
	xsd_log("domain %u introduced (frame %#llx, port %u)", domid, (unsigned long long)mfn,
		port);
	watch_fire(xsd, "@introduceDomain", false, NULL);
	/* Requests the guest queued before we were told about it. */
	t->ops->notify(t, local);
	return 0;
}

int domain_release(struct xsd *xsd, uint32_t domid)
{
	struct domain *d = domain_get(xsd, domid, false);
	struct conn *c;

	if (domid == 0 || !d || !d->introduced)
		return ENOENT;
	c = d->conn;
	d->introduced = false;
	unhook_ring(xsd, d);
	/* Its watches and transactions go with the connection. */
	if (c)
		conn_kill(c, "domain %u released", domid);
	watch_fire(xsd, "@releaseDomain", false, NULL);
	return 0;
}

/* One introduced domain after a domain exception, with the @releaseDomain it is due. */
static void check_one(struct xsd *xsd, struct domain *d)
{
	struct xs_transport *t = xsd->transport;
	int state = t->ops->domain_state(t, d->domid);

	if (state < 0)
		return; /* the transport said why; the domain stays as it is */
	if (state == XS_DOMAIN_SHUTDOWN && !d->shutdown_seen) {
		d->shutdown_seen = true;
		xsd_log("domain %u has shut down", d->domid);
		watch_fire(xsd, "@releaseDomain", false, NULL);
	} else if (state == XS_DOMAIN_GONE) {
		xsd_log("domain %u is gone: releasing its ring, port, watches and connection",
			d->domid);
		domain_release(xsd, d->domid);
	}
}

void domain_check_all(struct xsd *xsd)
{
	if (!xsd->transport)
		return;
	for (uint32_t i = 0; i < (XSD_MAX_DOMID + 1) / 256; i++) {
		struct domain **slots = xsd->domains[i];

		for (uint32_t k = 0; slots && k < 256; k++) {
			struct domain *d = slots[k];

			if (d && d->domid != 0 && d->introduced)
				check_one(xsd, d);
		}
	}
}
