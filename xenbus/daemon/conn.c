/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "domain.h"
#include "log.h"
#include "ops.h"
#include "txn.h"
#include "watch.h"

/* Watch events queued to one client beyond this are dropped (and counted in the log). */
#define MAX_QUEUED_EVENTS 4096

struct conn *conn_new(struct xsd *xsd, const struct conn_io *io, void *io_ctx, uint32_t domid,
		      bool privileged)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->xsd = xsd;
	c->io = io;
	c->io_ctx = io_ctx;
	c->fd = -1;
	c->who.domid = domid;
	c->who.target = NO_TARGET;
	c->who.privileged = privileged;
	domain_home(domid, c->home, sizeof(c->home));
	snprintf(c->name, sizeof(c->name), "%s domain %u", privileged ? "client" : "ring", domid);
	c->next = xsd->conns;
	xsd->conns = c;
	return c;
}

void conn_kill(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->dead)
		return;
	c->dead = true;
	va_start(ap, fmt);
	vsnprintf(c->dead_reason, sizeof(c->dead_reason), fmt, ap);
	va_end(ap);
	xsd_log("%s: dropping connection: %s", c->name, c->dead_reason);
}

void conn_hangup(struct conn *c)
{
	if (c->dead)
		return;
	c->dead = true;
	snprintf(c->dead_reason, sizeof(c->dead_reason), "closed by the peer");
}

bool conn_can_read(const struct conn *c)
{
	if (c->dead)
		return false;
	return c->who.privileged || c->out_count < c->xsd->quotas.outstanding;
}

/* A header is checked before any payload is accepted. */
static bool header_acceptable(struct conn *c)
{
	if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
		conn_kill(c, "%s message with a %u-byte payload (limit %u)", ops_name(c->hdr.type),
			  c->hdr.len, XENSTORE_PAYLOAD_MAX);
		return false;
	}
	if (c->hdr.type == XS_WATCH_EVENT || c->hdr.type == XS_ERROR) {
		conn_kill(c, "sent %s, which only the daemon sends", ops_name(c->hdr.type));
		return false;
	}
	return true;
}

static void deliver(struct conn *c)
{
	struct xsd_sockmsg hdr = c->hdr;

	c->payload[hdr.len] = '\0';
	c->hdr_got = 0;
	c->payload_got = 0;
	ops_dispatch(c, &hdr, c->payload);
}

uint32_t conn_feed(struct conn *c, const void *data, uint32_t len)
{
	const char *p = data;
	uint32_t taken = 0;

	while (taken < len && conn_can_read(c)) {
		uint32_t n;

		if (c->hdr_got < sizeof(c->hdr)) {
			n = sizeof(c->hdr) - c->hdr_got;
			if (n > len - taken)
				n = len - taken;
			memcpy((char *)&c->hdr + c->hdr_got, p + taken, n);
			c->hdr_got += n;
			taken += n;
			if (c->hdr_got < sizeof(c->hdr) || !header_acceptable(c))
				continue;
			if (c->hdr.len == 0)
				deliver(c);
			continue;
		}
		n = c->hdr.len - c->payload_got;
		if (n > len - taken)
			n = len - taken;
		memcpy(c->payload + c->payload_got, p + taken, n);
		c->payload_got += n;
		taken += n;
		if (c->payload_got == c->hdr.len)
			deliver(c);
	}
	return taken;
}

static void enqueue(struct conn *c, struct outmsg *m)
{
	m->next = NULL;
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	c->out_count++;
}

static struct outmsg *message(uint32_t type, uint32_t req_id, uint32_t tx_id, const void *p1,
			      uint32_t len1, const void *p2, uint32_t len2)
{
	struct xsd_sockmsg hdr = {.type = type, .req_id = req_id, .tx_id = tx_id};
	struct outmsg *m;

	hdr.len = len1 + len2;
	m = malloc(sizeof(*m) + sizeof(hdr) + hdr.len);
	if (!m)
		return NULL;
	m->len = (uint32_t)sizeof(hdr) + hdr.len;
	m->sent = 0;
	m->is_event = false;
	memcpy(m->data, &hdr, sizeof(hdr));
	if (len1)
		memcpy(m->data + sizeof(hdr), p1, len1);
	if (len2)
		memcpy(m->data + sizeof(hdr) + len1, p2, len2);
	return m;
}

int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id, const void *payload,
	      uint32_t len)
{
	struct outmsg *m;

	if (c->dead)
		return 0;
	m = message(type, req_id, tx_id, payload, len, NULL, 0);
	if (!m) {
		conn_kill(c, "out of memory queueing a reply");
		return -ENOMEM;
	}
	enqueue(c, m);
	return 0;
}

int conn_send_event(struct conn *c, const char *path, const char *token)
{
	struct outmsg *m;

	if (c->dead)
		return 0;
	if (c->out_count >= MAX_QUEUED_EVENTS) {
		if (c->events_dropped++ % 1024 == 0)
			xsd_log("%s: not reading its replies; %llu watch events dropped (%s)",
				c->name, (unsigned long long)c->events_dropped, path);
		return 0;
	}
	m = message(XS_WATCH_EVENT, 0, 0, path, (uint32_t)strlen(path) + 1, token,
		    (uint32_t)strlen(token) + 1);
	if (!m) {
		conn_kill(c, "out of memory queueing a watch event");
		return -ENOMEM;
	}
	m->is_event = true;
	enqueue(c, m);
	return 0;
}

void conn_flush(struct conn *c)
{
	while (!c->dead && c->out_head) {
		struct outmsg *m = c->out_head;
		int n = c->io->write(c, m->data + m->sent, m->len - m->sent);

		if (n < 0) {
			conn_kill(c, "peer went away");
			return;
		}
		if (n == 0)
			return;
		m->sent += (uint32_t)n;
		if (m->sent < m->len)
			return;
		c->out_head = m->next;
		if (!c->out_head)
			c->out_tail = NULL;
		c->out_count--;
		free(m);
	}
}

void conn_free(struct conn *c)
{
	struct conn **p = &c->xsd->conns;

	while (*p && *p != c)
		p = &(*p)->next;
	if (*p)
		*p = c->next;
	txn_abort_all(c);
	watch_remove_all(c);
	while (c->out_head) {
		struct outmsg *m = c->out_head;

		c->out_head = m->next;
		free(m);
	}
	if (c->io->close)
		c->io->close(c);
	free(c);
}
