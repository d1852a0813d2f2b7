/* SPDX-License-Identifier: MIT */
/*
 * A connection whose output lands in memory: tests, the fuzz target and the benchmark talk
 * to the daemon's real request path through it without sockets.
 */
#ifndef XSD_MEMCONN_H
#define XSD_MEMCONN_H

#include <stddef.h>
#include <stdint.h>
#include "conn.h"

struct memconn {
	struct conn *conn;
	char *out;
	size_t out_len, out_cap;
	size_t out_read; /* consumed by memconn_next */
	char last[XENSTORE_PAYLOAD_MAX + 1];
};

struct memconn *memconn_new(struct xsd *xsd, uint32_t domid, bool privileged);
/* Frees the connection (if still alive) and the buffer. */
void memconn_free(struct memconn *m);
/*
 * The next complete message the daemon sent: header into *hdr, payload (nul-terminated,
 * valid until the next call) returned; NULL when none is waiting.
 */
const char *memconn_next(struct memconn *m, struct xsd_sockmsg *hdr);

#endif
