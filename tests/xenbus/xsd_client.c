/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <string.h>
#include "xsd_client.h"

struct reply xs_last;

static uint32_t join(char *buf, va_list ap)
{
	uint32_t len = 0;
	const char *s;

	while ((s = va_arg(ap, const char *)) != NULL) {
		size_t n = strlen(s) + 1;

		memcpy(buf + len, s, n);
		len += (uint32_t)n;
	}
	return len;
}

uint32_t wire_args(char *buf, ...)
{
	va_list ap;
	uint32_t len;

	va_start(ap, buf);
	len = join(buf, ap);
	va_end(ap);
	return len;
}

uint32_t send_raw(struct memconn *m, uint32_t type, uint32_t tx_id, const void *payload,
		  uint32_t len)
{
	char buf[sizeof(struct xsd_sockmsg) + 2 * XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = {.type = type, .req_id = 77, .tx_id = tx_id, .len = len};

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	if (!m->conn)
		return 0;
	return conn_feed(m->conn, buf, (uint32_t)sizeof(h) + len);
}

int next_message(struct memconn *m, struct reply *r)
{
	struct xsd_sockmsg h;
	const char *p = memconn_next(m, &h);

	if (!p)
		return -1;
	r->type = h.type;
	r->req_id = h.req_id;
	r->tx_id = h.tx_id;
	r->len = h.len;
	memcpy(r->body, p, h.len);
	r->body[h.len] = '\0';
	return 0;
}

struct reply *call(struct memconn *m, uint32_t type, uint32_t tx_id, const void *payload,
		   uint32_t len)
{
	memset(&xs_last, 0, sizeof(xs_last));
	send_raw(m, type, tx_id, payload, len);
	if (next_message(m, &xs_last))
		xs_last.type = XS_INVALID;
	return &xs_last;
}

const char *outcome(const struct reply *r)
{
	if (r->type == XS_INVALID)
		return "(no reply)";
	return r->body;
}

const char *xs_req(struct memconn *m, uint32_t type, uint32_t tx, ...)
{
	char buf[2 * XENSTORE_PAYLOAD_MAX];
	va_list ap;
	uint32_t len;

	va_start(ap, tx);
	len = join(buf, ap);
	va_end(ap);
	return outcome(call(m, type, tx, buf, len));
}

const char *do_write(struct memconn *m, uint32_t tx, const char *path, const char *value)
{
	char buf[2 * XENSTORE_PAYLOAD_MAX];
	size_t p = strlen(path) + 1, v = strlen(value);

	memcpy(buf, path, p);
	memcpy(buf + p, value, v);
	return outcome(call(m, XS_WRITE, tx, buf, (uint32_t)(p + v)));
}
