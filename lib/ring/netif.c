// SPDX-License-Identifier: MIT
/*
 * netif packet parsing on private copies of ring slots. The rules, from the protocol: a packet's
 * first slot may be followed by a chain of extra-info slots; data slots chain through the
 * more-data flag; no data may cross the end of its page; a tx packet's first size is the
 * packet's total, which the later fragments may not exceed.
 */
#include <stddef.h>
#include <ring/netif.h>

#define TX_FLAGS_FIRST                                                                             \
	(NETTXF_csum_blank | NETTXF_data_validated | NETTXF_more_data | NETTXF_extra_info)
/* Extra info follows only the first slot of a packet. */
#define TX_FLAGS_LATER (NETTXF_csum_blank | NETTXF_data_validated | NETTXF_more_data)
#define RX_FLAGS_FIRST                                                                             \
	(NETRXF_data_validated | NETRXF_csum_blank | NETRXF_more_data | NETRXF_extra_info |        \
	 NETRXF_gso_prefix)
#define RX_FLAGS_LATER (NETRXF_data_validated | NETRXF_csum_blank | NETRXF_more_data)

static bool gref_usable(grant_ref_t ref)
{
	/* Frontends allocate from above the reserved entries; those name console/xenstore. */
	return ref >= GNTTAB_NR_RESERVED_ENTRIES;
}

static bool limits_sane(const struct netif_limits *limits)
{
	return limits->max_slots >= 1 && limits->max_slots <= NETIF_MAX_DATA_SLOTS;
}

static int check_gso(const struct netif_extra_info *e, const struct netif_limits *limits)
{
	if (e->u.gso.size == 0)
		return -NETIF_EGSO;
	if (e->u.gso.type == XEN_NETIF_GSO_TYPE_TCPV4 && limits->gso_tcpv4)
		return 0;
	if (e->u.gso.type == XEN_NETIF_GSO_TYPE_TCPV6 && limits->gso_tcpv6)
		return 0;
	return -NETIF_EGSO;
}

/*
 * Walk the extra-info chain that starts at slot *next of `slots` (stride bytes apart, avail of
 * them); on success *next is the slot after the chain.
 */
static int parse_extras(const uint8_t *slots, size_t stride, uint32_t avail, uint32_t *next,
			const struct netif_limits *limits, struct netif_extras *extras)
{
	struct netif_extra_info e;
	uint32_t i = *next;
	int err;

	do {
		if (i >= avail)
			return -NETIF_ETRUNCATED;
		__builtin_memcpy(&e, slots + (size_t)i * stride, sizeof(e));
		i++;
		if (e.type == XEN_NETIF_EXTRA_TYPE_NONE || e.type >= XEN_NETIF_EXTRA_TYPE_MAX)
			return -NETIF_EEXTRA;
		if (e.flags & ~XEN_NETIF_EXTRA_FLAG_MORE)
			return -NETIF_EEXTRA;
		/* One of each type at most, which also bounds the chain's length. */
		if (extras->present & (1U << e.type))
			return -NETIF_EEXTRA;
		if (e.type == XEN_NETIF_EXTRA_TYPE_GSO) {
			err = check_gso(&e, limits);
			if (err)
				return err;
		}
		extras->present |= 1U << e.type;
		extras->info[e.type] = e;
	} while (e.flags & XEN_NETIF_EXTRA_FLAG_MORE);
	*next = i;
	return 0;
}

static int check_tx_slot(const struct netif_tx_request *req, uint16_t allowed_flags)
{
	if (req->flags & ~allowed_flags)
		return -NETIF_EFLAGS;
	if (!gref_usable(req->gref))
		return -NETIF_EGREF;
	return 0;
}

int netif_tx_parse(const union netif_tx_sring_entry *slots, uint32_t avail,
		   const struct netif_limits *limits, struct netif_tx_packet *pkt)
{
	const struct netif_tx_request *first = &pkt->data[0];
	uint32_t i = 1, rest = 0;
	uint16_t flags;
	int err;

	__builtin_memset(pkt, 0, sizeof(*pkt));
	if (!limits_sane(limits))
		return -RING_EGEOMETRY;
	if (avail == 0)
		return -NETIF_ETRUNCATED;
	pkt->data[0] = slots[0].req;
	pkt->nr_data = 1;
	err = check_tx_slot(first, TX_FLAGS_FIRST);
	if (err)
		return err;
	if (first->size < NETIF_MIN_PACKET_SIZE)
		return -NETIF_ESIZE;
	if (first->flags & NETTXF_extra_info) {
		err = parse_extras((const uint8_t *)slots, sizeof(*slots), avail, &i, limits,
				   &pkt->extras);
		if (err)
			return err;
	}
	for (flags = first->flags; flags & NETTXF_more_data;
	     flags = pkt->data[pkt->nr_data++].flags) {
		const struct netif_tx_request *frag = &pkt->data[pkt->nr_data];

		if (pkt->nr_data >= limits->max_slots)
			return -NETIF_ESLOTS;
		if (i >= avail)
			return -NETIF_ETRUNCATED;
		pkt->data[pkt->nr_data] = slots[i++].req;
		err = check_tx_slot(frag, TX_FLAGS_LATER);
		if (err)
			return err;
		if ((uint32_t)frag->offset + frag->size > XEN_PAGE_SIZE)
			return -NETIF_EOFFSET;
		rest += frag->size;
		if (rest > first->size)
			return -NETIF_ESIZE;
	}
	pkt->first_len = first->size - rest;
	if ((uint32_t)first->offset + pkt->first_len > XEN_PAGE_SIZE)
		return -NETIF_EOFFSET;
	pkt->nr_slots = i;
	return 0;
}

int netif_tx_get_packet(struct ring_back *b, const struct netif_limits *limits,
			struct netif_tx_packet *pkt)
{
	union netif_tx_sring_entry copy[NETIF_MAX_DATA_SLOTS + NETIF_MAX_EXTRA_SLOTS];
	uint32_t n;
	int waiting, err;

	waiting = ring_back_unconsumed(b);
	if (waiting <= 0)
		return waiting;
	n = (uint32_t)waiting;
	if (n > sizeof(copy) / sizeof(copy[0]))
		n = sizeof(copy) / sizeof(copy[0]);
	for (uint32_t k = 0; k < n; k++)
		ring_back_peek_request(b, k, &copy[k]);
	err = netif_tx_parse(copy, n, limits, pkt);
	if (err) {
		if (ring_error_is_fatal(err))
			b->error = err;
		return err;
	}
	ring_back_consume(b, pkt->nr_slots);
	return 1;
}

int netif_tx_respond(struct ring_back *b, const struct netif_tx_packet *pkt, int16_t status)
{
	struct netif_tx_response rsp = {.id = pkt->data[0].id, .status = status};
	uint32_t nr_extras = pkt->nr_slots - pkt->nr_data;
	int err;

	/* Responses mirror the request slots: first data slot, its extras, then the fragments. */
	err = ring_back_put_response(b, &rsp, sizeof(rsp));
	for (uint32_t k = 0; !err && k < nr_extras; k++) {
		struct netif_tx_response null_rsp = {.id = 0, .status = NETIF_RSP_NULL};

		err = ring_back_put_response(b, &null_rsp, sizeof(null_rsp));
	}
	for (uint32_t k = 1; !err && k < pkt->nr_data; k++) {
		rsp.id = pkt->data[k].id;
		err = ring_back_put_response(b, &rsp, sizeof(rsp));
	}
	return err;
}

int netif_rx_check_request(const struct netif_rx_request *req)
{
	return gref_usable(req->gref) ? 0 : -NETIF_EGREF;
}

static int check_rx_slot(const struct netif_rx_response *rsp, uint16_t allowed_flags,
			 uint32_t ring_slots, struct netif_rx_packet *pkt)
{
	if (rsp->flags & ~allowed_flags)
		return -NETIF_EFLAGS;
	/* The frontend indexes its buffer table with the id. */
	if (rsp->id >= ring_slots)
		return -NETIF_EID;
	if (rsp->status < 0) {
		if (rsp->status != NETIF_RSP_ERROR && rsp->status != NETIF_RSP_DROPPED)
			return -NETIF_ESTATUS;
		pkt->error = true;
		return 0;
	}
	if ((uint32_t)rsp->offset + (uint32_t)rsp->status > XEN_PAGE_SIZE)
		return -NETIF_EOFFSET;
	pkt->len += (uint32_t)rsp->status;
	return 0;
}

int netif_rx_parse(const union netif_rx_sring_entry *slots, uint32_t avail, uint32_t ring_slots,
		   const struct netif_limits *limits, struct netif_rx_packet *pkt)
{
	uint32_t i = 1;
	uint16_t flags;
	int err;

	__builtin_memset(pkt, 0, sizeof(*pkt));
	if (!limits_sane(limits))
		return -RING_EGEOMETRY;
	if (avail == 0)
		return -NETIF_ETRUNCATED;
	pkt->data[0] = slots[0].rsp;
	pkt->nr_data = 1;
	err = check_rx_slot(&pkt->data[0], RX_FLAGS_FIRST, ring_slots, pkt);
	if (err)
		return err;
	if (pkt->data[0].flags & NETRXF_extra_info) {
		err = parse_extras((const uint8_t *)slots, sizeof(*slots), avail, &i, limits,
				   &pkt->extras);
		if (err)
			return err;
	}
	for (flags = pkt->data[0].flags; flags & NETRXF_more_data;
	     flags = pkt->data[pkt->nr_data++].flags) {
		if (pkt->nr_data >= limits->max_slots)
			return -NETIF_ESLOTS;
		if (i >= avail)
			return -NETIF_ETRUNCATED;
		pkt->data[pkt->nr_data] = slots[i++].rsp;
		err = check_rx_slot(&pkt->data[pkt->nr_data], RX_FLAGS_LATER, ring_slots, pkt);
		if (err)
			return err;
	}
	pkt->nr_slots = i;
	return 0;
}

int netif_rx_get_packet(struct ring_front *f, const struct netif_limits *limits,
			struct netif_rx_packet *pkt)
{
	union netif_rx_sring_entry copy[NETIF_MAX_DATA_SLOTS + NETIF_MAX_EXTRA_SLOTS];
	uint32_t n;
	int waiting, err;

	waiting = ring_front_unconsumed(f);
	if (waiting <= 0)
		return waiting;
	n = (uint32_t)waiting;
	if (n > sizeof(copy) / sizeof(copy[0]))
		n = sizeof(copy) / sizeof(copy[0]);
	for (uint32_t k = 0; k < n; k++)
		ring_front_peek_response(f, k, &copy[k]);
	err = netif_rx_parse(copy, n, f->nr_slots, limits, pkt);
	if (err) {
		if (ring_error_is_fatal(err))
			f->error = err;
		return err;
	}
	ring_front_consume(f, pkt->nr_slots);
	return 1;
}

int netif_tx_check_response(const struct netif_tx_response *rsp, uint32_t ring_slots)
{
	switch (rsp->status) {
	case NETIF_RSP_NULL:
		return 0; /* answers an extra-info slot; its id means nothing */
	case NETIF_RSP_OKAY:
	case NETIF_RSP_ERROR:
	case NETIF_RSP_DROPPED:
		return rsp->id < ring_slots ? 0 : -NETIF_EID;
	default:
		return -NETIF_ESTATUS;
	}
}
