/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include "memconn.h"

static int mem_write(struct conn *c, const void *data, uint32_t len)
{
	struct memconn *m = c->io_ctx;

	if (m->out_len + len + 1 > m->out_cap) {
		size_t cap = (m->out_len + len + 1) * 2;
		char *p = realloc(m->out, cap);

		if (!p)
			return 0;
		m->out = p;
		m->out_cap = cap;
	}
	memcpy(m->out + m->out_len, data, len);
	m->out_len += len;
	return (int)len;
}

static void mem_close(struct conn *c)
{
	struct memconn *m = c->io_ctx;

	m->conn = NULL;
}

static const struct conn_io mem_io = {
	.write = mem_write,
	.close = mem_close,
};

struct memconn *memconn_new(struct xsd *xsd, uint32_t domid, bool privileged)
{
	struct memconn *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->conn = conn_new(xsd, &mem_io, m, domid, privileged);
	if (!m->conn) {
		free(m);
		return NULL;
	}
	return m;
}

void memconn_free(struct memconn *m)
{
	if (!m)
		return;
	if (m->conn)
		conn_free(m->conn);
	free(m->out);
	free(m);
}

const char *memconn_next(struct memconn *m, struct xsd_sockmsg *hdr)
{
	const char *payload;

	if (m->conn)
		conn_flush(m->conn);
	if (m->out_len - m->out_read < sizeof(*hdr))
		return NULL;
	memcpy(hdr, m->out + m->out_read, sizeof(*hdr));
	if (m->out_len - m->out_read - sizeof(*hdr) < hdr->len)
		return NULL;
	payload = m->out + m->out_read + sizeof(*hdr);
	m->out_read += sizeof(*hdr) + hdr->len;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return NULL; /* the daemon never sends that; tests check for it */
	memcpy(m->last, payload, hdr->len);
	m->last[hdr->len] = '\0';
	return m->last;
}
