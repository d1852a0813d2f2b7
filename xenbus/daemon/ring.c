/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include "ring.h"

static uint32_t load_index(const XENSTORE_RING_IDX *idx)
{
	return __atomic_load_n(idx, __ATOMIC_ACQUIRE);
}

static void store_index(XENSTORE_RING_IDX *idx, uint32_t v)
{
	__atomic_store_n(idx, v, __ATOMIC_RELEASE);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

int ring_read_requests(struct xenstore_domain_interface *r, void *buf, uint32_t max)
{
	uint32_t cons = load_index(&r->req_cons);
	uint32_t prod = load_index(&r->req_prod);
	uint32_t avail = prod - cons, done = 0;

	if (avail > XENSTORE_RING_SIZE)
		return -EPROTO;
	avail = min_u32(avail, max);
	while (done < avail) {
		uint32_t off = MASK_XENSTORE_IDX(cons + done);
		uint32_t chunk = min_u32(avail - done, XENSTORE_RING_SIZE - off);

		memcpy((char *)buf + done, r->req + off, chunk);
		done += chunk;
	}
	/* The bytes are copied before the guest may reuse their slots. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_index(&r->req_cons, cons + done);
	return (int)done;
}

int ring_write_replies(struct xenstore_domain_interface *r, const void *data, uint32_t len)
{
	uint32_t cons = load_index(&r->rsp_cons);
	uint32_t prod = load_index(&r->rsp_prod);
	uint32_t used = prod - cons, space, done = 0;

	if (used > XENSTORE_RING_SIZE)
		return -EPROTO;
	space = min_u32(XENSTORE_RING_SIZE - used, len);
	while (done < space) {
		uint32_t off = MASK_XENSTORE_IDX(prod + done);
		uint32_t chunk = min_u32(space - done, XENSTORE_RING_SIZE - off);

		memcpy(r->rsp + off, (const char *)data + done, chunk);
		done += chunk;
	}
	/* The guest must see the bytes before the index that publishes them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_index(&r->rsp_prod, prod + done);
	return (int)done;
}
