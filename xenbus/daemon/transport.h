/* SPDX-License-Identifier: MIT */
/*
 * How xenstored reaches a guest's ring: map the page the guest shares (its frame number comes
 * with INTRODUCE), bind to the event channel the guest allocated, signal it, and learn when it
 * signalled; and learn that domains shut down or died, and which. dom0 implements this with
 * gntdev, privcmd and the evtchn device; the in-process implementation (transport_inproc.h)
 * lets tests play the guest.
 */
#ifndef XSD_TRANSPORT_H
#define XSD_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

struct xs_transport;

/* What the hypervisor says of a domain. */
enum xs_domain_state {
	XS_DOMAIN_RUNNING,
	XS_DOMAIN_SHUTDOWN, /* stopped (shut down or crashed) but not yet being destroyed */
	XS_DOMAIN_GONE,	    /* dying or destroyed: its ring and port are of no more use */
};

struct xs_transport_ops {
	/* The domain's ring page, or NULL with errno set. */
	struct xenstore_domain_interface *(*map_ring)(struct xs_transport *t, uint32_t domid,
						      uint64_t mfn);
	void (*unmap_ring)(struct xs_transport *t, uint32_t domid,
			   struct xenstore_domain_interface *ring);
	/* Binds to the domain's unbound port; the local port (>= 0) or -errno. */
	int (*bind)(struct xs_transport *t, uint32_t domid, uint32_t remote_port);
	void (*unbind)(struct xs_transport *t, int local_port);
	void (*notify)(struct xs_transport *t, int local_port);
	/* A descriptor that polls readable once any bound port was signalled, or -1. */
	int (*event_fd)(struct xs_transport *t);
	/*
	 * Consumes the signals; the daemon then services every ring. True when the hypervisor
	 * also said that some domain shut down or died (VIRQ_DOM_EXC): the daemon then asks
	 * domain_state about each introduced domain.
	 */
	bool (*ack)(struct xs_transport *t);
	/* An enum xs_domain_state, or -errno when the hypervisor could not tell (logged). */
	int (*domain_state)(struct xs_transport *t, uint32_t domid);
	void (*destroy)(struct xs_transport *t);
};

struct xs_transport {
	const struct xs_transport_ops *ops;
};

#endif
