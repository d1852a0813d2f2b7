// SPDX-License-Identifier: MIT
/* Unit tests of netif packet parsing: tx slot chains, extra-info chains, rx responses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <ring/netif.h>

static const struct netif_limits limits = {
	.max_slots = XEN_NETIF_NR_SLOTS_MIN,
	.gso_tcpv4 = true,
};

static union netif_tx_sring_entry slots[64];
static struct netif_tx_packet pkt;

static union netif_tx_sring_entry tx(uint16_t id, uint16_t offset, uint16_t size, uint16_t flags)
{
	union netif_tx_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.req = (struct netif_tx_request){
		.gref = 100 + id, .offset = offset, .flags = flags, .id = id, .size = size};
	return e;
}

static union netif_tx_sring_entry extra(uint8_t type, uint8_t flags)
{
	union netif_tx_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.extra.type = type;
	e.extra.flags = flags;
	if (type == XEN_NETIF_EXTRA_TYPE_GSO) {
		e.extra.u.gso.size = 1448;
		e.extra.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
	}
	return e;
}

static int parse(uint32_t avail)
{
	return netif_tx_parse(slots, avail, &limits, &pkt);
}

static void test_single_slot(void **state)
{
	(void)state;
	slots[0] = tx(1, 100, 1500, NETTXF_csum_blank);
	assert_int_equal(parse(1), 0);
	assert_int_equal(pkt.nr_slots, 1);
	assert_int_equal(pkt.nr_data, 1);
	assert_int_equal(pkt.first_len, 1500);
	assert_int_equal(pkt.extras.present, 0);
	/* More slots published than the packet needs: only its own are taken. */
	slots[1] = tx(2, 0, 60, 0);
	assert_int_equal(parse(2), 0);
	assert_int_equal(pkt.nr_slots, 1);
}

static void test_fragments(void **state)
{
	(void)state;
	slots[0] = tx(1, 2000, 3000, NETTXF_more_data);
	slots[1] = tx(2, 0, 1000, NETTXF_more_data);
	slots[2] = tx(3, 3596, 500, 0);
	assert_int_equal(parse(3), 0);
	assert_int_equal(pkt.nr_data, 3);
	assert_int_equal(pkt.nr_slots, 3);
	assert_int_equal(pkt.first_len, 1500);
	assert_int_equal(pkt.data[2].id, 3);
	/* The fragments may not add up to more than the packet. */
	slots[2] = tx(3, 0, 2001, 0);
	assert_int_equal(parse(3), -NETIF_ESIZE);
	/* A fragment crossing the end of its page. */
	slots[2] = tx(3, 3597, 500, 0);
	assert_int_equal(parse(3), -NETIF_EOFFSET);
	/* The first slot's own part crossing: 2000 + (3700 - 1500) > 4096. */
	slots[0] = tx(1, 2000, 3700, NETTXF_more_data);
	slots[2] = tx(3, 0, 500, 0);
	assert_int_equal(parse(3), -NETIF_EOFFSET);
}

static void test_sizes(void **state)
{
	(void)state;
	slots[0] = tx(1, 0, NETIF_MIN_PACKET_SIZE - 1, 0);
	assert_int_equal(parse(1), -NETIF_ESIZE);
	slots[0] = tx(1, 0, 0, 0);
	assert_int_equal(parse(1), -NETIF_ESIZE);
	/* The largest packet the 16-bit size allows, spread over pages. */
	slots[0] = tx(1, 0, XEN_NETIF_MAX_TX_SIZE, NETTXF_more_data);
	for (int i = 1; i < 16; i++)
		slots[i] = tx(i + 1, 0, 4096, i < 15 ? NETTXF_more_data : 0);
	assert_int_equal(parse(16), 0);
	assert_int_equal(pkt.first_len, XEN_NETIF_MAX_TX_SIZE - 15 * 4096);
}

static void test_flags(void **state)
{
	(void)state;
	slots[0] = tx(1, 0, 100, 1U << 7);
	assert_int_equal(parse(1), -NETIF_EFLAGS);
	slots[0] = tx(1, 0, 100, NETTXF_more_data);
	slots[1] = tx(2, 0, 10, NETTXF_extra_info);
	assert_int_equal(parse(2), -NETIF_EFLAGS);
}

static void test_truncated(void **state)
{
	(void)state;
	slots[0] = tx(1, 0, 100, NETTXF_more_data);
	slots[1] = tx(2, 0, 10, NETTXF_more_data);
	assert_int_equal(parse(2), -NETIF_ETRUNCATED);
	assert_int_equal(parse(0), -NETIF_ETRUNCATED);
	slots[0] = tx(1, 0, 100, NETTXF_extra_info);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_GSO, XEN_NETIF_EXTRA_FLAG_MORE);
	assert_int_equal(parse(2), -NETIF_ETRUNCATED);
	assert_true(ring_error_is_fatal(-NETIF_ETRUNCATED));
}

static void test_slot_limit(void **state)
{
	uint32_t n = limits.max_slots;

	(void)state;
	slots[0] = tx(0, 0, 2000, NETTXF_more_data);
	for (uint32_t i = 1; i <= n; i++)
		slots[i] = tx(i, 0, 10, NETTXF_more_data);
	slots[n - 1].req.flags = 0;
	assert_int_equal(parse(n), 0);
	assert_int_equal(pkt.nr_data, n);
	slots[n - 1].req.flags = NETTXF_more_data;
	slots[n].req.flags = 0;
	assert_int_equal(parse(n + 1), -NETIF_ESLOTS);
}

static void test_extras(void **state)
{
	(void)state;
	slots[0] = tx(1, 0, 9000 % 4096, NETTXF_extra_info | NETTXF_more_data);
	slots[0].req.size = 3000;
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_GSO, XEN_NETIF_EXTRA_FLAG_MORE);
	slots[2] = extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0);
	slots[3] = tx(2, 0, 1000, 0);
	assert_int_equal(parse(4), 0);
	assert_int_equal(pkt.nr_slots, 4);
	assert_int_equal(pkt.nr_data, 2);
	assert_int_equal(pkt.extras.present,
			 (1U << XEN_NETIF_EXTRA_TYPE_GSO) | (1U << XEN_NETIF_EXTRA_TYPE_MCAST_ADD));
	assert_int_equal(pkt.extras.info[XEN_NETIF_EXTRA_TYPE_GSO].u.gso.size, 1448);
	assert_int_equal(pkt.first_len, 2000);
}

static void test_bad_extras(void **state)
{
	(void)state;
	slots[0] = tx(1, 0, 100, NETTXF_extra_info);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_NONE, 0);
	assert_int_equal(parse(2), -NETIF_EEXTRA);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_MAX, 0);
	assert_int_equal(parse(2), -NETIF_EEXTRA);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_HASH, 0x40);
	assert_int_equal(parse(2), -NETIF_EEXTRA);
	/* A repeated type: also what stops an endless chain of MORE. */
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE);
	slots[2] = extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0);
	assert_int_equal(parse(3), -NETIF_EEXTRA);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_GSO, 0);
	slots[1].extra.u.gso.size = 0;
	assert_int_equal(parse(2), -NETIF_EGSO);
	slots[1] = extra(XEN_NETIF_EXTRA_TYPE_GSO, 0);
	slots[1].extra.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV6; /* not advertised */
	assert_int_equal(parse(2), -NETIF_EGSO);
	slots[1].extra.u.gso.type = 9;
	assert_int_equal(parse(2), -NETIF_EGSO);
}

static void test_reserved_gref(void **state)
{
	struct netif_rx_request rx = {.id = 1, .gref = 3};

	(void)state;
	slots[0] = tx(1, 0, 100, 0);
	slots[0].req.gref = GNTTAB_RESERVED_CONSOLE;
	assert_int_equal(parse(1), -NETIF_EGREF);
	assert_int_equal(netif_rx_check_request(&rx), -NETIF_EGREF);
	rx.gref = 8;
	assert_int_equal(netif_rx_check_request(&rx), 0);
}

/* Whole packets through a real ring, answered with netif_tx_respond. */
static void test_tx_ring_round_trip(void **state)
{
	struct ring_front f;
	struct ring_back b;
	void *page = aligned_alloc(4096, 4096);
	struct netif_tx_request r;
	struct netif_extra_info gso = extra(XEN_NETIF_EXTRA_TYPE_GSO, 0).extra;
	union netif_tx_sring_entry rsp;
	static const int16_t expect_ids[] = {10, -1, 11, 12, 20};

	(void)state;
	assert_int_equal(netif_tx_front_init(&f, page, 0), 0);
	assert_int_equal(netif_tx_back_init(&b, page, 0), 0);
	r = (struct netif_tx_request){
		.gref = 10, .flags = NETTXF_extra_info | NETTXF_more_data, .id = 10, .size = 2000};
	netif_tx_put_request(&f, &r);
	netif_tx_put_extra(&f, &gso);
	r = (struct netif_tx_request){.gref = 11, .flags = NETTXF_more_data, .id = 11, .size = 500};
	netif_tx_put_request(&f, &r);
	r = (struct netif_tx_request){.gref = 12, .id = 12, .size = 500};
	netif_tx_put_request(&f, &r);
	r = (struct netif_tx_request){.gref = 20, .id = 20, .size = 60};
	netif_tx_put_request(&f, &r);
	ring_front_push_requests(&f);

	assert_int_equal(netif_tx_get_packet(&b, &limits, &pkt), 1);
	assert_int_equal(pkt.nr_slots, 4);
	assert_int_equal(pkt.first_len, 1000);
	assert_int_equal(netif_tx_respond(&b, &pkt, NETIF_RSP_OKAY), 0);
	assert_int_equal(netif_tx_get_packet(&b, &limits, &pkt), 1);
	assert_int_equal(pkt.nr_slots, 1);
	assert_int_equal(netif_tx_respond(&b, &pkt, NETIF_RSP_OKAY), 0);
	assert_int_equal(netif_tx_get_packet(&b, &limits, &pkt), 0);
	ring_back_push_responses(&b);

	for (size_t i = 0; i < sizeof(expect_ids) / sizeof(expect_ids[0]); i++) {
		assert_int_equal(ring_front_get_response(&f, &rsp), 1);
		assert_int_equal(netif_tx_check_response(&rsp.rsp, f.nr_slots), 0);
		if (expect_ids[i] < 0)
			assert_int_equal(rsp.rsp.status, NETIF_RSP_NULL);
		else
			assert_int_equal(rsp.rsp.id, expect_ids[i]);
	}
	assert_int_equal(ring_front_get_response(&f, &rsp), 0);
	free(page);
}

/* A packet published in part is fatal and latched: nothing more is read from that ring. */
static void test_tx_ring_truncated_is_fatal(void **state)
{
	struct ring_front f;
	struct ring_back b;
	void *page = aligned_alloc(4096, 4096);
	struct netif_tx_request r = {.gref = 10, .flags = NETTXF_more_data, .id = 1, .size = 100};
	union netif_tx_sring_entry slot;

	(void)state;
	netif_tx_front_init(&f, page, 0);
	netif_tx_back_init(&b, page, 0);
	netif_tx_put_request(&f, &r);
	ring_front_push_requests(&f);
	assert_int_equal(netif_tx_get_packet(&b, &limits, &pkt), -NETIF_ETRUNCATED);
	r.flags = 0;
	netif_tx_put_request(&f, &r);
	ring_front_push_requests(&f);
	assert_int_equal(netif_tx_get_packet(&b, &limits, &pkt), -NETIF_ETRUNCATED);
	assert_int_equal(ring_back_get_request(&b, &slot), -NETIF_ETRUNCATED);
	free(page);
}

static void test_tx_response_check(void **state)
{
	struct netif_tx_response r = {.id = 255, .status = NETIF_RSP_OKAY};

	(void)state;
	assert_int_equal(netif_tx_check_response(&r, 256), 0);
	r.id = 256;
	assert_int_equal(netif_tx_check_response(&r, 256), -NETIF_EID);
	r.status = NETIF_RSP_NULL;
	assert_int_equal(netif_tx_check_response(&r, 256), 0);
	r.status = 7;
	assert_int_equal(netif_tx_check_response(&r, 256), -NETIF_ESTATUS);
}

static union netif_rx_sring_entry rx_slots[64];
static struct netif_rx_packet rx_pkt;

static union netif_rx_sring_entry rx(uint16_t id, uint16_t offset, int16_t status, uint16_t flags)
{
	union netif_rx_sring_entry e;

	memset(&e, 0, sizeof(e));
	e.rsp = (struct netif_rx_response){
		.id = id, .offset = offset, .flags = flags, .status = status};
	return e;
}

static int rx_parse(uint32_t avail)
{
	return netif_rx_parse(rx_slots, avail, 256, &limits, &rx_pkt);
}

static void test_rx_parse(void **state)
{
	(void)state;
	rx_slots[0] = rx(1, 0, 4096, NETRXF_more_data | NETRXF_extra_info);
	rx_slots[1].extra = extra(XEN_NETIF_EXTRA_TYPE_GSO, 0).extra;
	rx_slots[2] = rx(2, 16, 1000, 0);
	assert_int_equal(rx_parse(3), 0);
	assert_int_equal(rx_pkt.nr_slots, 3);
	assert_int_equal(rx_pkt.nr_data, 2);
	assert_int_equal(rx_pkt.len, 5096);
	assert_false(rx_pkt.error);
	rx_slots[2] = rx(256, 0, 100, 0);
	assert_int_equal(rx_parse(3), -NETIF_EID);
	rx_slots[2] = rx(2, 4000, 100, 0);
	assert_int_equal(rx_parse(3), -NETIF_EOFFSET);
	rx_slots[2] = rx(2, 0, 100, NETRXF_extra_info);
	assert_int_equal(rx_parse(3), -NETIF_EFLAGS);
	rx_slots[2] = rx(2, 0, NETIF_RSP_DROPPED, 0);
	assert_int_equal(rx_parse(3), 0);
	assert_true(rx_pkt.error);
	rx_slots[2] = rx(2, 0, -9, 0);
	assert_int_equal(rx_parse(3), -NETIF_ESTATUS);
	assert_int_equal(rx_parse(2), -NETIF_ETRUNCATED);
}

static void test_rx_ring_round_trip(void **state)
{
	struct ring_front f;
	struct ring_back b;
	void *page = aligned_alloc(4096, 4096);
	struct netif_rx_request req;
	union netif_rx_sring_entry slot;
	struct netif_rx_response r;

	(void)state;
	netif_rx_front_init(&f, page, 0);
	netif_rx_back_init(&b, page, 0);
	for (uint16_t i = 0; i < 4; i++) {
		req = (struct netif_rx_request){.id = i, .gref = 100 + i};
		netif_rx_put_request(&f, &req);
	}
	ring_front_push_requests(&f);
	for (uint16_t i = 0; i < 3; i++) {
		assert_int_equal(ring_back_get_request(&b, &slot), 1);
		assert_int_equal(netif_rx_check_request(&slot.req), 0);
		r = (struct netif_rx_response){
			.id = slot.req.id, .status = 1000, .flags = i < 2 ? NETRXF_more_data : 0};
		assert_int_equal(netif_rx_put_response(&b, &r), 0);
	}
	ring_back_push_responses(&b);
	assert_int_equal(netif_rx_get_packet(&f, &limits, &rx_pkt), 1);
	assert_int_equal(rx_pkt.nr_slots, 3);
	assert_int_equal(rx_pkt.len, 3000);
	assert_int_equal(netif_rx_get_packet(&f, &limits, &rx_pkt), 0);
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_slot),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_slot_limit),
		cmocka_unit_test(test_extras),
		cmocka_unit_test(test_bad_extras),
		cmocka_unit_test(test_reserved_gref),
		cmocka_unit_test(test_tx_ring_round_trip),
		cmocka_unit_test(test_tx_ring_truncated_is_fatal),
		cmocka_unit_test(test_tx_response_check),
		cmocka_unit_test(test_rx_parse),
		cmocka_unit_test(test_rx_ring_round_trip),
	};

	return cmocka_run_group_tests_name("netif", tests, NULL, NULL);
}
