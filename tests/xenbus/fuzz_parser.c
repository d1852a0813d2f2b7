/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as the stream of one privileged and one unprivileged
 * client. The first byte of each chunk picks the client and the chunk length. The daemon
 * must neither crash nor leak, every message it sends must be well formed, and the store
 * must stay consistent (CONTROL check).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "memconn.h"
#include "xsd.h"

static void drain(struct memconn *m)
{
	struct xsd_sockmsg h;

	while (m && m->conn && memconn_next(m, &h))
		if (h.len > XENSTORE_PAYLOAD_MAX)
			abort();
}

static void check_store(struct xsd *xsd)
{
	struct memconn *m = memconn_new(xsd, 0, true);
	struct xsd_sockmsg h = {.type = XS_CONTROL, .len = 6};
	char buf[sizeof(h) + 6];
	const char *reply;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "check", 6);
	conn_feed(m->conn, buf, sizeof(buf));
	reply = memconn_next(m, &h);
	if (!reply || h.type != XS_CONTROL || strncmp(reply, "OK", 2) != 0)
		abort();
	memconn_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xsd *xsd;
	struct memconn *c[2];
	size_t off = 0;

	xsd_log_enable(false);
	xsd = xsd_new(NULL);
	c[0] = memconn_new(xsd, 0, true);
	c[1] = memconn_new(xsd, 5, false);
	while (off < size) {
		uint8_t sel = data[off++];
		struct memconn *m = c[sel & 1];
		size_t len = (size_t)(sel >> 1) * 8 + 1;

		if (len > size - off)
			len = size - off;
		if (m->conn)
			conn_feed(m->conn, data + off, (uint32_t)len);
		off += len;
		drain(c[0]);
		drain(c[1]);
		xsd_reap(xsd);
	}
	check_store(xsd);
	memconn_free(c[0]);
	memconn_free(c[1]);
	xsd_free(xsd);
	return 0;
}
