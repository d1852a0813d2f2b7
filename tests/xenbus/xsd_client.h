/* SPDX-License-Identifier: MIT */
/* Test helpers: talk to the daemon core through in-memory connections (daemon/memconn.h). */
#ifndef TESTS_XENBUS_XSD_CLIENT_H
#define TESTS_XENBUS_XSD_CLIENT_H

#include <stdint.h>
#include <public/io/xs_wire.h>
#include "memconn.h"

struct reply {
	uint32_t type, req_id, tx_id, len;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

/* Joins strings with their nuls: ("a", "b", NULL) -> "a\0b\0"; returns the length. */
uint32_t wire_args(char *buf, ...);
/* Sends one request; returns the number of bytes the daemon took. */
uint32_t send_raw(struct memconn *m, uint32_t type, uint32_t tx_id, const void *payload,
		  uint32_t len);
/* The next message the daemon sent to m (reply or event); 0, or -1 when none. */
int next_message(struct memconn *m, struct reply *r);
/* Sends and returns the reply (skipping nothing: the reply must come first). */
struct reply *call(struct memconn *m, uint32_t type, uint32_t tx_id, const void *payload,
		   uint32_t len);
/* The error name of r ("ENOENT"), or "OK"-ish payload when it was not an error. */
const char *outcome(const struct reply *r);

/* The reply of the latest call. */
extern struct reply xs_last;

/* Shorthands, each returning outcome() of the reply; `value` gets READ's payload. */
const char *xs_req(struct memconn *m, uint32_t type, uint32_t tx, ...);
const char *do_write(struct memconn *m, uint32_t tx, const char *path, const char *value);

#endif
