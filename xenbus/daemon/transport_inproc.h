/* SPDX-License-Identifier: MIT */
/*
 * A transport inside one process: the test registers ring pages under (domid, frame) and
 * plays the guest's side of the event channel. Daemon-side signals arrive on an eventfd.
 */
#ifndef XSD_TRANSPORT_INPROC_H
#define XSD_TRANSPORT_INPROC_H

#include <stdint.h>
#include "transport.h"

struct xs_transport *inproc_transport_new(void);
/* Makes `page` the ring that INTRODUCE(domid, mfn, ...) will map. 0 or -errno. */
int inproc_transport_add_page(struct xs_transport *t, uint32_t domid, uint64_t mfn,
			      struct xenstore_domain_interface *page);
/* The guest signals its xenstore port. */
void inproc_transport_guest_kick(struct xs_transport *t, uint32_t domid);
/* How many times the daemon signalled this guest since the last call. */
unsigned int inproc_transport_guest_take(struct xs_transport *t, uint32_t domid);
/* Whether the daemon currently holds a binding / mapping for the domain. */
int inproc_transport_bound(struct xs_transport *t, uint32_t domid);
int inproc_transport_mapped(struct xs_transport *t, uint32_t domid);

#endif
