// SPDX-License-Identifier: MIT
/*
 * The generic ring core. Invariants kept by each end (all differences are mod 2^32):
 *   back:  rsp_prod <= req_cons <= req_seen and req_seen - rsp_prod <= nr_slots,
 *   front: rsp_cons <= rsp_seen <= req_pub <= req_prod and req_prod - rsp_cons <= nr_slots.
 * Everything read from the shared page is checked against them before use.
 */
#include <stddef.h>
#include <ring/barrier.h>
#include <ring/ring.h>

static uint8_t *slot_at(struct ring_sring *s, uint32_t nr_slots, uint32_t slot_size, ring_idx_t idx)
{
	return s->ring + (size_t)(idx & (nr_slots - 1)) * slot_size;
}

/*
 * Copies a slot the peer can rewrite at any moment into private memory. The compiler barrier
 * after the copy keeps it from replacing later reads of the private copy with fresh reads of the
 * shared slot, which would undo the point of copying (a double fetch).
 */
static void copy_from_slot(void *dst, const uint8_t *slot, uint32_t size)
{
	__builtin_memcpy(dst, slot, size);
	ring_compiler_barrier();
}

static int latch(int *error, int err)
{
	*error = err;
	return err;
}

/*
 * Accept a new value of the peer's producer index. `seen` is the value accepted last time,
 * `floor` the oldest index the peer may still have in flight, and `room` how far past floor
 * the producer may legally be. A value behind `seen` is a rewind; one past floor + room an overrun.
 */
static int accept_producer(ring_idx_t prod, ring_idx_t seen, ring_idx_t floor, uint32_t room)
{
	if ((int32_t)(prod - seen) < 0)
		return -RING_EREWIND;
	if ((uint32_t)(prod - floor) > room)
		return -RING_EOVERRUN;
	return 0;
}

static uint32_t ring_geometry(unsigned int order, uint32_t slot_size)
{
	return ring_nr_slots(slot_size, order);
}

int ring_front_init(struct ring_front *f, void *shared, unsigned int order, uint32_t slot_size)
{
	uint32_t n = ring_geometry(order, slot_size);

	__builtin_memset(f, 0, sizeof(*f));
	if (n == 0)
		return latch(&f->error, -RING_EGEOMETRY);
	f->sring = shared;
	f->nr_slots = n;
	f->slot_size = slot_size;
	__builtin_memset(f->sring, 0, RING_HEADER_SIZE);
	/* Each side wants to hear about the very first entry the other produces. */
	f->sring->req_event = 1;
	f->sring->rsp_event = 1;
	return 0;
}

uint32_t ring_front_free(const struct ring_front *f)
{
	if (f->error)
		return 0;
	return f->nr_slots - (f->req_prod - f->rsp_cons);
}

int ring_front_put_request(struct ring_front *f, const void *req, uint32_t len)
{
	if (f->error)
		return f->error;
	if (len > f->slot_size)
		return -RING_EGEOMETRY;
	/* A full ring: the slot we would write still holds a response we have not consumed. */
	if (ring_front_free(f) == 0)
		return -RING_EFULL;
	__builtin_memcpy(slot_at(f->sring, f->nr_slots, f->slot_size, f->req_prod), req, len);
	f->req_prod++;
	return 0;
}

static bool publish(uint32_t *prod_field, const uint32_t *event_field, ring_idx_t old,
		    ring_idx_t new)
{
	/* The peer must see the slots' contents before the index that hands them over. */
	ring_wmb();
	ring_write_once(prod_field, new);
	/*
	 * The peer may be about to sleep: it writes its event index, then re-reads our producer
	 * index. We write our index, then read its event index. Without a full barrier our read
	 * could pass our write and both sides would miss each other's update and sleep forever.
	 */
	ring_mb();
	return ring_event_crossed(old, new, ring_read_once(event_field));
}

bool ring_front_push_requests(struct ring_front *f)
{
	ring_idx_t old = f->req_pub;

	if (f->error || old == f->req_prod)
		return false;
	f->req_pub = f->req_prod;
	return publish(&f->sring->req_prod, &f->sring->req_event, old, f->req_pub);
}

/* Refresh rsp_seen from the shared page; returns responses waiting or a latched error. */
static int front_refresh(struct ring_front *f)
{
	ring_idx_t prod;
	int err;

	if (f->error)
		return f->error;
	prod = ring_read_once(&f->sring->rsp_prod);
	/* The backend cannot answer more requests than we published. */
	err = accept_producer(prod, f->rsp_seen, f->rsp_cons, f->req_pub - f->rsp_cons);
	if (err)
		return latch(&f->error, err);
	f->rsp_seen = prod;
	/* Slot contents are read only after the index that covers them. */
	ring_rmb();
	return (int)(f->rsp_seen - f->rsp_cons);
}

int ring_front_unconsumed(struct ring_front *f)
{
	return front_refresh(f);
}

int ring_front_peek_response(struct ring_front *f, uint32_t ahead, void *rsp)
{
	if (f->error)
		return f->error;
	if (ahead >= (uint32_t)(f->rsp_seen - f->rsp_cons))
		return 0;
	copy_from_slot(rsp, slot_at(f->sring, f->nr_slots, f->slot_size, f->rsp_cons + ahead),
		       f->slot_size);
	return 1;
}

int ring_front_consume(struct ring_front *f, uint32_t n)
{
	if (f->error)
		return f->error;
	if (n > (uint32_t)(f->rsp_seen - f->rsp_cons))
		return -RING_ENOREQ;
	f->rsp_cons += n;
	return 0;
}

int ring_front_get_response(struct ring_front *f, void *rsp)
{
	int waiting;

	if (f->error)
		return f->error;
	if (f->rsp_seen == f->rsp_cons) {
		waiting = front_refresh(f);
		if (waiting <= 0)
			return waiting;
	}
	copy_from_slot(rsp, slot_at(f->sring, f->nr_slots, f->slot_size, f->rsp_cons),
		       f->slot_size);
	f->rsp_cons++;
	return 1;
}

int ring_front_final_check(struct ring_front *f)
{
	int waiting = front_refresh(f);

	if (waiting != 0)
		return waiting;
	ring_write_once(&f->sring->rsp_event, f->rsp_cons + 1);
	/* Our event index must be visible before we re-read the producer index (see publish). */
	ring_mb();
	return front_refresh(f);
}

int ring_back_init(struct ring_back *b, void *shared, unsigned int order, uint32_t slot_size)
{
	uint32_t n = ring_geometry(order, slot_size);

	__builtin_memset(b, 0, sizeof(*b));
	if (n == 0)
		return latch(&b->error, -RING_EGEOMETRY);
	b->sring = shared;
	b->nr_slots = n;
	b->slot_size = slot_size;
	return 0;
}

int ring_back_unconsumed(struct ring_back *b)
{
	ring_idx_t prod;
	int err;

	if (b->error)
		return b->error;
	prod = ring_read_once(&b->sring->req_prod);
	/*
	 * Requests we consumed but have not answered still own their slots, so the frontend can be
	 * at most nr_slots past our oldest unanswered request. Anything further would mean our
	 * responses land on requests not yet read.
	 */
	err = accept_producer(prod, b->req_seen, b->rsp_prod, b->nr_slots);
	if (err)
		return latch(&b->error, err);
	b->req_seen = prod;
	/* Slot contents are read only after the index that covers them. */
	ring_rmb();
	return (int)(b->req_seen - b->req_cons);
}

int ring_back_peek_request(struct ring_back *b, uint32_t ahead, void *req)
{
	if (b->error)
		return b->error;
	if (ahead >= (uint32_t)(b->req_seen - b->req_cons))
		return 0;
	copy_from_slot(req, slot_at(b->sring, b->nr_slots, b->slot_size, b->req_cons + ahead),
		       b->slot_size);
	return 1;
}

int ring_back_consume(struct ring_back *b, uint32_t n)
{
	if (b->error)
		return b->error;
	if (n > (uint32_t)(b->req_seen - b->req_cons))
		return -RING_ENOREQ;
	b->req_cons += n;
	return 0;
}

int ring_back_get_request(struct ring_back *b, void *req)
{
	int waiting;

	if (b->error)
		return b->error;
	if (b->req_seen == b->req_cons) {
		waiting = ring_back_unconsumed(b);
		if (waiting <= 0)
			return waiting;
	}
	copy_from_slot(req, slot_at(b->sring, b->nr_slots, b->slot_size, b->req_cons),
		       b->slot_size);
	b->req_cons++;
	return 1;
}

int ring_back_put_response(struct ring_back *b, const void *rsp, uint32_t len)
{
	if (b->error)
		return b->error;
	if (len > b->slot_size)
		return -RING_EGEOMETRY;
	/* Only a consumed request's slot may be overwritten, and each answered at most once. */
	if (b->rsp_prod == b->req_cons)
		return -RING_ENOREQ;
	__builtin_memcpy(slot_at(b->sring, b->nr_slots, b->slot_size, b->rsp_prod), rsp, len);
	b->rsp_prod++;
	return 0;
}

bool ring_back_push_responses(struct ring_back *b)
{
	ring_idx_t old = b->rsp_pub;

	if (b->error || old == b->rsp_prod)
		return false;
	b->rsp_pub = b->rsp_prod;
	return publish(&b->sring->rsp_prod, &b->sring->rsp_event, old, b->rsp_pub);
}

int ring_back_final_check(struct ring_back *b)
{
	int waiting = ring_back_unconsumed(b);

	if (waiting != 0)
		return waiting;
	ring_write_once(&b->sring->req_event, b->req_cons + 1);
	/* Our event index must be visible before we re-read the producer index (see publish). */
	ring_mb();
	return ring_back_unconsumed(b);
}
