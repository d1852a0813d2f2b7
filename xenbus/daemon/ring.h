/* SPDX-License-Identifier: MIT */
/*
 * The daemon's end of a guest's xenstore ring. The guest can rewrite the page at any moment,
 * so each index is read once, checked (a producer may never be more than a ring ahead of its
 * consumer) and only then used.
 */
#ifndef XSD_RING_H
#define XSD_RING_H

#include <stdint.h>
#include <public/io/xs_wire.h>

/* Copies up to `max` request bytes out; the count, or -EPROTO for impossible indices. */
int ring_read_requests(struct xenstore_domain_interface *r, void *buf, uint32_t max);
/* Copies up to `len` reply bytes in; the count written (may be 0), or -EPROTO. */
int ring_write_replies(struct xenstore_domain_interface *r, const void *data, uint32_t len);

#endif
