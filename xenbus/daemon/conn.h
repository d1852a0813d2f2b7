/* SPDX-License-Identifier: MIT */
/*
 * One client of the daemon: a socket, a guest ring or (in tests) memory. Bytes that arrive
 * are framed into messages and handed to the request handlers; replies and watch events are
 * queued until the transport takes them. A client that breaks the framing rules is closed
 * with a logged reason; nobody else notices.
 */
#ifndef XSD_CONN_H
#define XSD_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/xs_wire.h>
#include "perms.h"
#include "xsd.h"

struct conn;

struct conn_io {
	/* Writes up to len bytes; the count written (0 if full), or -1 when the peer is gone. */
	int (*write)(struct conn *c, const void *data, uint32_t len);
	/* Releases the transport (close the socket, unbind the port). */
	void (*close)(struct conn *c);
};

struct outmsg {
	struct outmsg *next;
	uint32_t len, sent; /* header + payload */
	bool is_event;
	char data[];
};

struct watch;
struct txn;

struct conn {
	struct xsd *xsd;
	struct conn *next;
	struct accessor who;
	char home[32]; /* base of its relative paths */
	char name[48]; /* for log lines */
	const struct conn_io *io;
	void *io_ctx;
	int fd; /* sockets */

	/* Input: a header, then its payload. */
	struct xsd_sockmsg hdr;
	uint32_t hdr_got;
	char payload[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t payload_got;

	/* Output queue. */
	struct outmsg *out_head, *out_tail;
	uint32_t out_count;
	uint64_t events_dropped;

	struct watch *watches;
	struct txn *txns;
	uint32_t ntxns;

	bool dead;
	char dead_reason[128];
};

struct conn *conn_new(struct xsd *xsd, const struct conn_io *io, void *io_ctx, uint32_t domid,
		      bool privileged);
/*
 * Feeds received bytes; returns how many were taken. Fewer than len means the connection
 * paused (too many replies pending) or died; the caller keeps the rest for later.
 */
uint32_t conn_feed(struct conn *c, const void *data, uint32_t len);
/* Whether the connection takes more input now (not dead, not over the outstanding quota). */
bool conn_can_read(const struct conn *c);
/* Queues a message; 0 or -ENOMEM (which kills the connection). */
int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id, const void *payload,
	      uint32_t len);
int conn_send_event(struct conn *c, const char *path, const char *token);
/* Pushes queued output through io->write. */
void conn_flush(struct conn *c);
/* Marks the connection for closing (the first reason wins) and logs it. */
void conn_kill(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The peer closed between messages: an ordinary end, not logged. */
void conn_hangup(struct conn *c);
/* Unlinks and frees; watches and transactions go with it. */
void conn_free(struct conn *c);

#endif
