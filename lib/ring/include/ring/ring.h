/* SPDX-License-Identifier: MIT */
/*
 * The generic shared-ring core, parameterised by slot size. One end of a ring keeps its private
 * indices in a struct ring_front (requests out, responses in) or a struct ring_back (requests
 * in, responses out); the shared page holds only what the peer may read and, being hostile,
 * scribble on. Consumers read the peer's producer index once per refresh, check it against what
 * the ring can hold, and copy every slot out before anyone looks at it. A violation latches an
 * error in the ring: every later call returns it, and the caller should disconnect.
 *
 * Protocol wrappers (ring/blkif.h, ring/netif.h) fix the slot size and types. See docs/rings.md.
 */
#ifndef RING_RING_H
#define RING_RING_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/ring.h>
#include <ring/error.h>

struct ring_front {
	struct ring_sring *sring;
	uint32_t nr_slots;   /* power of two */
	uint32_t slot_size;  /* bytes */
	ring_idx_t req_prod; /* next request slot we fill */
	ring_idx_t req_pub;  /* req_prod as last published; never re-read from the shared page */
	ring_idx_t rsp_cons; /* next response to consume */
	ring_idx_t rsp_seen; /* the backend's rsp_prod as last read and accepted */
	int error;	     /* latched negative ring_error, or 0 */
};

struct ring_back {
	struct ring_sring *sring;
	uint32_t nr_slots;
	uint32_t slot_size;
	ring_idx_t req_cons; /* next request to consume */
	ring_idx_t req_seen; /* the frontend's req_prod as last read and accepted */
	ring_idx_t rsp_prod; /* next response slot we fill */
	ring_idx_t rsp_pub;  /* rsp_prod as last published */
	int error;
};

/*
 * Frontend: initialise the shared header of a ring of (1 << order) pages at `shared` and our
 * private state. Returns 0 or -RING_EGEOMETRY.
 */
int ring_front_init(struct ring_front *f, void *shared, unsigned int order, uint32_t slot_size);

/* Request slots we may still fill before the backend answers some. */
uint32_t ring_front_free(const struct ring_front *f);

/*
 * Copy one request of len bytes (at most the slot size) into the next slot, not yet visible to
 * the backend. 0, -RING_EFULL, -RING_EGEOMETRY for an oversized len, or a latched error.
 */
int ring_front_put_request(struct ring_front *f, const void *req, uint32_t len);

/* Publish the requests put so far. Returns true if the backend asked to be notified. */
bool ring_front_push_requests(struct ring_front *f);

/* Copy the next response out. 1 if one was copied, 0 if none is waiting, or a negative error. */
int ring_front_get_response(struct ring_front *f, void *rsp);

/* Responses published and not yet consumed (refreshing the producer index), or negative error. */
int ring_front_unconsumed(struct ring_front *f);

/* As ring_back_peek_request and ring_back_consume, for responses spanning several slots. */
int ring_front_peek_response(struct ring_front *f, uint32_t ahead, void *rsp);
int ring_front_consume(struct ring_front *f, uint32_t n);

/*
 * Responses waiting, re-armed: if none, ask the backend to notify on the next one, then look
 * once more so that a response published meanwhile is not missed. Count or negative error.
 */
int ring_front_final_check(struct ring_front *f);

/* Backend: attach to a ring the frontend initialised. Reads nothing from the shared page. */
int ring_back_init(struct ring_back *b, void *shared, unsigned int order, uint32_t slot_size);

/* Requests published and not yet consumed (refreshing the producer index), or negative error. */
int ring_back_unconsumed(struct ring_back *b);

/* Copy the next request out and consume it. 1, 0 if none, or a negative error. */
int ring_back_get_request(struct ring_back *b, void *req);

/*
 * Copy the request `ahead` slots past the next one without consuming it; it must lie within the
 * count ring_back_unconsumed last returned. For protocols whose messages span several slots.
 */
int ring_back_peek_request(struct ring_back *b, uint32_t ahead, void *req);

/* Consume n requests already examined with ring_back_peek_request. */
int ring_back_consume(struct ring_back *b, uint32_t n);

/*
 * Copy a response of len bytes into the next slot. 0, -RING_ENOREQ if every consumed request is
 * already answered, -RING_EGEOMETRY for an oversized len, or a latched error.
 */
int ring_back_put_response(struct ring_back *b, const void *rsp, uint32_t len);

/* Publish the responses put so far. Returns true if the frontend asked to be notified. */
bool ring_back_push_responses(struct ring_back *b);

/* ring_front_final_check's counterpart for requests. */
int ring_back_final_check(struct ring_back *b);

#endif
