// SPDX-License-Identifier: MIT
/*
 * Unit tests of the generic ring core: geometry against Xen's, empty and full rings, the 32-bit
 * wrap, the notification rule, batching, the final-check race, multi-page rings, and producers
 * that lie (index jumps, rewinds, slots rewritten after being read).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ring/blkif.h>
#include <ring/netif.h>
#include <ring/ring.h>
#include "xen_ring_sizes.h"

#define MAX_ORDER 4

struct msg {
	uint64_t seq;
	uint64_t check;
};

struct pair {
	void *pages;
	struct ring_front front;
	struct ring_back back;
};

static struct msg make_msg(uint64_t seq)
{
	return (struct msg){.seq = seq, .check = seq * 0x9E3779B97F4A7C15ULL};
}

static void pair_open(struct pair *p, unsigned int order, uint32_t slot_size)
{
	p->pages = aligned_alloc(XEN_PAGE_SIZE, XEN_PAGE_SIZE << order);
	assert_non_null(p->pages);
	memset(p->pages, 0xA5, XEN_PAGE_SIZE << order);
	assert_int_equal(ring_front_init(&p->front, p->pages, order, slot_size), 0);
	assert_int_equal(ring_back_init(&p->back, p->pages, order, slot_size), 0);
}

static void pair_close(struct pair *p)
{
	free(p->pages);
}

/* Move both ends and the shared indices to `start`, as if that many entries had gone by. */
static void pair_rebase(struct pair *p, ring_idx_t start)
{
	struct ring_sring *s = p->front.sring;

	s->req_prod = s->rsp_prod = start;
	s->req_event = s->rsp_event = start + 1;
	p->front.req_prod = p->front.req_pub = p->front.rsp_cons = p->front.rsp_seen = start;
	p->back.req_cons = p->back.req_seen = p->back.rsp_prod = p->back.rsp_pub = start;
}

/* The backend answers every waiting request with the same message. */
static int echo_all(struct ring_back *b)
{
	struct msg m;
	int n = 0, r;

	while ((r = ring_back_get_request(b, &m)) == 1) {
		assert_int_equal(ring_back_put_response(b, &m, sizeof(m)), 0);
		n++;
	}
	assert_int_equal(r, 0);
	ring_back_push_responses(b);
	return n;
}

static void test_geometry_matches_xen(void **state)
{
	(void)state;
	for (size_t i = 0; i < xen_ring_sizes_count; i++) {
		const struct xen_ring_size *x = &xen_ring_sizes[i];
		uint32_t ours = !strcmp(x->proto, "blkif") ? sizeof(union blkif_sring_entry)
				: !strcmp(x->proto, "netif_tx")
					? sizeof(union netif_tx_sring_entry)
					: sizeof(union netif_rx_sring_entry);

		assert_int_equal(ours, x->slot_size);
		assert_int_equal(ring_nr_slots(ours, x->order), x->nr_slots);
	}
	/* Known values as a second witness: 32 blkif slots and 256 netif slots on one page. */
	assert_int_equal(ring_nr_slots(sizeof(union blkif_sring_entry), 0), 32);
	assert_int_equal(ring_nr_slots(sizeof(union netif_tx_sring_entry), 0), 256);
	assert_int_equal(ring_nr_slots(sizeof(union netif_rx_sring_entry), 0), 256);
	assert_int_equal(ring_nr_slots(sizeof(union blkif_sring_entry), 4), 512);
}

static void test_geometry_rejects_unusable(void **state)
{
	struct ring_front f;
	struct ring_back b;
	static uint8_t page[XEN_PAGE_SIZE];

	(void)state;
	assert_int_equal(ring_nr_slots(0, 0), 0);
	assert_int_equal(ring_nr_slots(XEN_PAGE_SIZE, 0), 0);
	assert_int_equal(ring_front_init(&f, page, 0, XEN_PAGE_SIZE), -RING_EGEOMETRY);
	assert_int_equal(ring_back_init(&b, page, 0, 0), -RING_EGEOMETRY);
	/* A failed init leaves an end that refuses all work. */
	assert_int_equal(ring_back_get_request(&b, page), -RING_EGEOMETRY);
	assert_int_equal(ring_front_free(&f), 0);
}

static void test_empty(void **state)
{
	struct pair p;
	struct msg m;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	assert_int_equal(p.front.nr_slots, 128);
	assert_int_equal(ring_back_get_request(&p.back, &m), 0);
	assert_int_equal(ring_back_unconsumed(&p.back), 0);
	assert_int_equal(ring_front_get_response(&p.front, &m), 0);
	assert_int_equal(ring_front_free(&p.front), 128);
	assert_false(ring_front_push_requests(&p.front)); /* nothing new: no notification */
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), -RING_ENOREQ);
	pair_close(&p);
}

static void test_full(void **state)
{
	struct pair p;
	struct msg m = make_msg(0);
	uint32_t n;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	n = p.front.nr_slots;
	for (uint32_t i = 0; i < n; i++) {
		m = make_msg(i);
		assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
	}
	assert_int_equal(ring_front_free(&p.front), 0);
	assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), -RING_EFULL);
	ring_front_push_requests(&p.front);
	assert_int_equal(ring_back_unconsumed(&p.back), (int)n);
	/* Consumed requests still own their slots until answered and the answer consumed. */
	assert_int_equal(echo_all(&p.back), (int)n);
	assert_int_equal(ring_front_free(&p.front), 0);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(ring_front_get_response(&p.front, &m), 1);
		assert_int_equal(m.seq, i);
	}
	assert_int_equal(ring_front_free(&p.front), n);
	assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
	pair_close(&p);
}

/* Round trips in batches of varying size across 2^32, content and order checked. */
static void test_wraparound(void **state)
{
	const ring_idx_t start = UINT32_MAX - 300;
	struct pair p;
	uint64_t sent = 0, got = 0;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	pair_rebase(&p, start);
	for (unsigned int round = 0; round < 50; round++) {
		uint32_t batch = 1 + (round * 37) % p.front.nr_slots;
		struct msg m;

		for (uint32_t i = 0; i < batch; i++) {
			m = make_msg(sent++);
			assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
		}
		ring_front_push_requests(&p.front);
		assert_int_equal(echo_all(&p.back), (int)batch);
		while (ring_front_get_response(&p.front, &m) == 1) {
			assert_int_equal(m.seq, got);
			assert_true(m.check == make_msg(got).check);
			got++;
		}
	}
	assert_int_equal(got, sent);
	/* The indices really did wrap. */
	assert_true(p.front.req_prod < start);
	assert_int_equal(p.front.req_prod, (ring_idx_t)(start + sent));
	pair_close(&p);
}

struct notify_case {
	ring_idx_t old, new, event;
	int expect;
};

static void test_notify_rule(void **state)
{
	static const struct notify_case cases[] = {
		{10, 15, 11, 1}, /* the first new entry */
		{10, 15, 15, 1}, /* the last new entry */
		{10, 15, 13, 1}, /* one in the middle */
		{10, 15, 10, 0}, /* an entry published before */
		{10, 15, 16, 0}, /* an entry not yet published */
		{10, 15, 3, 0},	 /* long ago */
		{10, 10, 10, 0}, /* nothing published */
		{10, 10, 11, 0},
		{UINT32_MAX - 1, 2, UINT32_MAX, 1}, /* across the wrap */
		{UINT32_MAX - 1, 2, 0, 1},
		{UINT32_MAX - 1, 2, 2, 1},
		{UINT32_MAX - 1, 2, 3, 0},
		{UINT32_MAX - 1, 2, UINT32_MAX - 1, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(ring_event_crossed(cases[i].old, cases[i].new, cases[i].event),
				 cases[i].expect);
}

/* Batching: a consumer armed for the next entry gets one notification for a whole batch. */
static void test_notify_batching(void **state)
{
	struct pair p;
	struct msg m = make_msg(1);

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	for (int i = 0; i < 5; i++)
		assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
	/* req_event starts at 1: the backend wants to hear about the first request. */
	assert_true(ring_front_push_requests(&p.front));
	assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
	/* The backend has not re-armed: no second notification. */
	assert_false(ring_front_push_requests(&p.front));
	assert_int_equal(echo_all(&p.back), 6);
	/* Nothing left: final check arms req_event = req_cons + 1 and finds nothing. */
	assert_int_equal(ring_back_final_check(&p.back), 0);
	assert_int_equal(p.front.sring->req_event, 7);
	assert_int_equal(ring_front_put_request(&p.front, &m, sizeof(m)), 0);
	assert_true(ring_front_push_requests(&p.front));
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	pair_close(&p);
}

static void test_notify_responses(void **state)
{
	struct pair p;
	struct msg m = make_msg(2);

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	for (int i = 0; i < 3; i++)
		ring_front_put_request(&p.front, &m, sizeof(m));
	ring_front_push_requests(&p.front);
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), 0);
	assert_true(ring_back_push_responses(&p.back));
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), 0);
	assert_false(ring_back_push_responses(&p.back));
	assert_int_equal(ring_front_get_response(&p.front, &m), 1);
	assert_int_equal(ring_front_get_response(&p.front, &m), 1);
	assert_int_equal(ring_front_final_check(&p.front), 0);
	assert_int_equal(p.front.sring->rsp_event, 3);
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), 0);
	assert_true(ring_back_push_responses(&p.back));
	pair_close(&p);
}

/*
 * The final-check race: the consumer finds the ring empty and is about to sleep while the
 * producer publishes. Whichever order the two steps take, the entry is never stranded: either the
 * producer sees the new event index and notifies, or the consumer's re-check sees the entry.
 */
static void test_final_check_race(void **state)
{
	struct pair p;
	struct msg m = make_msg(3);

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	/* Get the first request through so that req_event is stale (1, already passed). */
	ring_front_put_request(&p.front, &m, sizeof(m));
	ring_front_push_requests(&p.front);
	assert_int_equal(echo_all(&p.back), 1);

	/* Order A: producer publishes before the consumer arms. No notification... */
	ring_front_put_request(&p.front, &m, sizeof(m));
	assert_false(ring_front_push_requests(&p.front));
	/* ...but the consumer's final check finds the request. */
	assert_int_equal(ring_back_final_check(&p.back), 1);
	assert_int_equal(echo_all(&p.back), 1);

	/* Order B: consumer arms first, finds nothing; the producer then must notify. */
	assert_int_equal(ring_back_final_check(&p.back), 0);
	ring_front_put_request(&p.front, &m, sizeof(m));
	assert_true(ring_front_push_requests(&p.front));
	assert_int_equal(echo_all(&p.back), 1);
	pair_close(&p);
}

/* Every order a frontend may pick: fill the ring completely, then drain it, twice. */
static void test_multi_page(void **state)
{
	(void)state;
	for (unsigned int order = 0; order <= MAX_ORDER; order++) {
		struct pair p;
		union blkif_sring_entry req, rsp;
		uint32_t n;

		pair_open(&p, order, sizeof(union blkif_sring_entry));
		n = p.front.nr_slots;
		assert_int_equal(n, 32U << order);
		for (int pass = 0; pass < 2; pass++) {
			for (uint32_t i = 0; i < n; i++) {
				memset(&req, 0, sizeof(req));
				req.req.id = i;
				assert_int_equal(blkif_front_put_request(&p.front, &req), 0);
			}
			assert_int_equal(blkif_front_put_request(&p.front, &req), -RING_EFULL);
			ring_front_push_requests(&p.front);
			for (uint32_t i = 0; i < n; i++) {
				struct blkif_response r = {.operation = BLKIF_OP_READ};

				assert_int_equal(blkif_back_get_request(&p.back, &req), 1);
				assert_int_equal(req.req.id, i);
				r.id = req.req.id;
				assert_int_equal(blkif_back_put_response(&p.back, &r), 0);
			}
			ring_back_push_responses(&p.back);
			for (uint32_t i = 0; i < n; i++) {
				assert_int_equal(blkif_front_get_response(&p.front, &rsp), 1);
				assert_int_equal(rsp.rsp.id, i);
			}
		}
		/* The last slot really is at the end of the last page. */
		assert_ptr_equal(p.front.sring->ring + (size_t)n * sizeof(req),
				 (uint8_t *)p.pages + RING_HEADER_SIZE + (size_t)n * sizeof(req));
		assert_true(RING_HEADER_SIZE + (size_t)n * sizeof(req) <= XEN_PAGE_SIZE << order);
		pair_close(&p);
	}
}

/* A backend facing a frontend that claims more requests than the ring holds. */
static void test_malicious_jump(void **state)
{
	struct pair p;
	struct msg m;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	p.front.sring->req_prod = p.back.nr_slots + 1;
	assert_int_equal(ring_back_get_request(&p.back, &m), -RING_EOVERRUN);
	assert_true(ring_error_is_fatal(-RING_EOVERRUN));
	/* Latched: putting the index right does not revive the ring. */
	p.front.sring->req_prod = 1;
	assert_int_equal(ring_back_get_request(&p.back, &m), -RING_EOVERRUN);
	assert_int_equal(ring_back_final_check(&p.back), -RING_EOVERRUN);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), -RING_EOVERRUN);
	assert_false(ring_back_push_responses(&p.back));
	pair_close(&p);

	/* Exactly a ring's worth is legal; one more is not. */
	pair_open(&p, 0, sizeof(struct msg));
	p.front.sring->req_prod = p.back.nr_slots;
	assert_int_equal(ring_back_unconsumed(&p.back), (int)p.back.nr_slots);
	pair_close(&p);

	/*
	 * Unanswered requests still own their slots: with 10 consumed and unanswered, the producer
	 * may be only nr_slots past the oldest of them, not nr_slots past the consumer.
	 */
	pair_open(&p, 0, sizeof(struct msg));
	p.front.sring->req_prod = 10;
	for (int i = 0; i < 10; i++)
		assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	p.front.sring->req_prod = p.back.nr_slots + 5;
	assert_int_equal(ring_back_unconsumed(&p.back), -RING_EOVERRUN);
	pair_close(&p);

	/* Near the wrap, a jump of almost 2^32 is a rewind or an overrun, never 4 billion requests.
	 */
	pair_open(&p, 0, sizeof(struct msg));
	pair_rebase(&p, UINT32_MAX - 2);
	p.front.sring->req_prod = UINT32_MAX - 2 + p.back.nr_slots + 1;
	assert_int_equal(ring_back_unconsumed(&p.back), -RING_EOVERRUN);
	pair_close(&p);
}

static void test_malicious_rewind(void **state)
{
	struct pair p;
	struct msg m;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	p.front.sring->req_prod = 8;
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	/* Back within what was published but not yet consumed... */
	p.front.sring->req_prod = 5;
	assert_int_equal(ring_back_get_request(&p.back, &m),
			 1); /* still served from the snapshot */
	assert_int_equal(ring_back_unconsumed(&p.back), -RING_EREWIND);
	pair_close(&p);

	/* ...and back past what was consumed. */
	pair_open(&p, 0, sizeof(struct msg));
	p.front.sring->req_prod = 4;
	for (int i = 0; i < 4; i++)
		assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	p.front.sring->req_prod = 1;
	assert_int_equal(ring_back_get_request(&p.back, &m), -RING_EREWIND);
	pair_close(&p);
}

/* A frontend facing a backend that answers requests never made, or takes answers back. */
static void test_malicious_backend(void **state)
{
	struct pair p;
	struct msg m = make_msg(5);

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	ring_front_put_request(&p.front, &m, sizeof(m));
	ring_front_put_request(&p.front, &m, sizeof(m));
	/* Put but not pushed: the backend cannot have answered them. */
	p.front.sring->rsp_prod = 1;
	assert_int_equal(ring_front_get_response(&p.front, &m), -RING_EOVERRUN);
	pair_close(&p);

	pair_open(&p, 0, sizeof(struct msg));
	ring_front_put_request(&p.front, &m, sizeof(m));
	ring_front_put_request(&p.front, &m, sizeof(m));
	ring_front_push_requests(&p.front);
	p.front.sring->rsp_prod = 2;
	assert_int_equal(ring_front_final_check(&p.front), 2);
	p.front.sring->rsp_prod = 1;
	assert_int_equal(ring_front_get_response(&p.front, &m), 1);
	assert_int_equal(ring_front_get_response(&p.front, &m), 1);
	assert_int_equal(ring_front_get_response(&p.front, &m), -RING_EREWIND);
	pair_close(&p);
}

/* No double fetch: what was checked is what is used, whatever the producer writes afterwards. */
static void test_request_changed_after_read(void **state)
{
	struct pair p;
	union blkif_sring_entry req, copy;
	struct blkif_limits limits = {.nr_sectors = 1 << 20};
	struct blkif_request_info info;
	union blkif_sring_entry *slot;

	(void)state;
	pair_open(&p, 0, sizeof(union blkif_sring_entry));
	memset(&req, 0, sizeof(req));
	req.req.operation = BLKIF_OP_READ;
	req.req.nr_segments = 1;
	req.req.id = 42;
	req.req.seg[0] = (struct blkif_request_segment){.gref = 100, .last_sect = 7};
	blkif_front_put_request(&p.front, &req);
	ring_front_push_requests(&p.front);
	assert_int_equal(blkif_back_get_request(&p.back, &copy), 1);
	/* The frontend rewrites the slot: a huge segment count and a bad sector range. */
	slot = (union blkif_sring_entry *)p.front.sring->ring;
	slot->req.nr_segments = 200;
	slot->req.seg[0].last_sect = 99;
	slot->req.operation = BLKIF_OP_RESERVED_1;
	assert_int_equal(blkif_check_request(&copy, &limits, &info), 0);
	assert_int_equal(info.nr_segments, 1);
	assert_int_equal(info.nr_sectors, 8);
	assert_memory_equal(&copy, &req, sizeof(req));
	pair_close(&p);
}

/* Responses go only into slots whose requests were consumed. */
static void test_responses_never_overwrite_requests(void **state)
{
	struct pair p;
	struct msg m;
	struct msg *slots;
	uint32_t n;

	(void)state;
	pair_open(&p, 0, sizeof(struct msg));
	n = p.front.nr_slots;
	for (uint32_t i = 0; i < n; i++) {
		m = make_msg(i);
		ring_front_put_request(&p.front, &m, sizeof(m));
	}
	ring_front_push_requests(&p.front);
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), 0);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m)), -RING_ENOREQ);
	slots = (struct msg *)p.back.sring->ring;
	for (uint32_t i = 1; i < n; i++)
		assert_int_equal(slots[i].seq, i);
	/* An oversized message is refused rather than spilling into the next slot. */
	assert_int_equal(ring_back_get_request(&p.back, &m), 1);
	assert_int_equal(ring_back_put_response(&p.back, &m, sizeof(m) + 1), -RING_EGEOMETRY);
	pair_close(&p);
}

static void test_error_table(void **state)
{
	(void)state;
	for (int e = 0; e < RING_ERROR_COUNT; e++) {
		assert_non_null(ring_strerror(-e));
		assert_string_not_equal(ring_strerror(-e), "unknown ring error");
		assert_string_equal(ring_strerror(-e), ring_strerror(e));
	}
	assert_string_equal(ring_strerror(RING_ERROR_COUNT), "unknown ring error");
	assert_string_equal(ring_strerror(INT_MIN), "unknown ring error");
	assert_true(ring_error_is_fatal(INT_MIN));
	assert_false(ring_error_is_fatal(-BLKIF_ERANGE));
	assert_true(ring_error_is_fatal(-RING_EREWIND));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_matches_xen),
		cmocka_unit_test(test_geometry_rejects_unusable),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_notify_rule),
		cmocka_unit_test(test_notify_batching),
		cmocka_unit_test(test_notify_responses),
		cmocka_unit_test(test_final_check_race),
		cmocka_unit_test(test_multi_page),
		cmocka_unit_test(test_malicious_jump),
		cmocka_unit_test(test_malicious_rewind),
		cmocka_unit_test(test_malicious_backend),
		cmocka_unit_test(test_request_changed_after_read),
		cmocka_unit_test(test_responses_never_overwrite_requests),
		cmocka_unit_test(test_error_table),
	};

	return cmocka_run_group_tests_name("ring", tests, NULL, NULL);
}
