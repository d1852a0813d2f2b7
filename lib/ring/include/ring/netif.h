/* SPDX-License-Identifier: MIT */
/*
 * netif on the generic ring core. A packet spans several slots, so the consumers here copy a
 * packet's slots out of the ring, walk the chain on the private copy, and consume the slots
 * only when the whole packet checks out. A malformed chain breaks slot accounting for
 * everything after it, so those errors are fatal (ring_error_is_fatal) and latched in the ring.
 */
#ifndef RING_NETIF_H
#define RING_NETIF_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/netif.h>
#include <ring/ring.h>

/* Data slots a packet may use at most in this implementation (a backend may accept fewer). */
#define NETIF_MAX_DATA_SLOTS 32
/* Distinct extra-info types, hence extra slots a packet may carry. */
#define NETIF_MAX_EXTRA_SLOTS (XEN_NETIF_EXTRA_TYPE_MAX - 1)
/* The smallest frame worth sending: an Ethernet header. */
#define NETIF_MIN_PACKET_SIZE 14

struct netif_limits {
	uint32_t
		max_slots; /* data slots per packet, XEN_NETIF_NR_SLOTS_MIN..NETIF_MAX_DATA_SLOTS */
	bool gso_tcpv4;	   /* feature-gso-tcpv4 */
	bool gso_tcpv6;	   /* feature-gso-tcpv6 */
};

/* Extra-info slots of a packet, by type. */
struct netif_extras {
	uint32_t present; /* bit (1 << type) per type seen */
	struct netif_extra_info info[XEN_NETIF_EXTRA_TYPE_MAX];
};

struct netif_tx_packet {
	struct netif_tx_request data[NETIF_MAX_DATA_SLOTS]; /* data[0].size is the packet's size */
	uint32_t nr_data;
	uint32_t nr_slots;  /* ring slots used, extra slots included */
	uint32_t first_len; /* bytes in data[0]'s page: its size minus the later slots' */
	struct netif_extras extras;
};

struct netif_rx_packet {
	struct netif_rx_response data[NETIF_MAX_DATA_SLOTS];
	uint32_t nr_data;
	uint32_t nr_slots;
	uint32_t len; /* bytes received over all data slots */
	bool error;   /* a slot had a negative status: the packet is to be dropped */
	struct netif_extras extras;
};

/*
 * Backend: parse one tx packet from `avail` slots copied out of the ring. 0 or negative error.
 */
int netif_tx_parse(const union netif_tx_sring_entry *slots, uint32_t avail,
		   const struct netif_limits *limits, struct netif_tx_packet *pkt);

/* Backend: copy, check and consume the next tx packet. 1, 0 if none waiting, or negative error. */
int netif_tx_get_packet(struct ring_back *b, const struct netif_limits *limits,
			struct netif_tx_packet *pkt);

/*
 * Backend: answer every slot of a consumed packet: `status` for its data slots, NETIF_RSP_NULL
 * for its extra slots, in ring order. 0 or negative error.
 */
int netif_tx_respond(struct ring_back *b, const struct netif_tx_packet *pkt, int16_t status);

/* Backend: check an rx request (an empty page posted by the frontend). */
int netif_rx_check_request(const struct netif_rx_request *req);

/* Frontend: parse one rx packet from copied response slots; ring_slots sizes the id space. */
int netif_rx_parse(const union netif_rx_sring_entry *slots, uint32_t avail, uint32_t ring_slots,
		   const struct netif_limits *limits, struct netif_rx_packet *pkt);

/* Frontend: copy, check and consume the next rx packet. 1, 0 if none, or negative error. */
int netif_rx_get_packet(struct ring_front *f, const struct netif_limits *limits,
			struct netif_rx_packet *pkt);

/* Frontend: check a tx response against the ring's id space. */
int netif_tx_check_response(const struct netif_tx_response *rsp, uint32_t ring_slots);

static inline int netif_tx_front_init(struct ring_front *f, void *shared, unsigned int order)
{
	return ring_front_init(f, shared, order, sizeof(union netif_tx_sring_entry));
}

static inline int netif_tx_back_init(struct ring_back *b, void *shared, unsigned int order)
{
	return ring_back_init(b, shared, order, sizeof(union netif_tx_sring_entry));
}

static inline int netif_rx_front_init(struct ring_front *f, void *shared, unsigned int order)
{
	return ring_front_init(f, shared, order, sizeof(union netif_rx_sring_entry));
}

static inline int netif_rx_back_init(struct ring_back *b, void *shared, unsigned int order)
{
	return ring_back_init(b, shared, order, sizeof(union netif_rx_sring_entry));
}

static inline int netif_tx_put_request(struct ring_front *f, const struct netif_tx_request *req)
{
	return ring_front_put_request(f, req, sizeof(*req));
}

static inline int netif_tx_put_extra(struct ring_front *f, const struct netif_extra_info *extra)
{
	return ring_front_put_request(f, extra, sizeof(*extra));
}

static inline int netif_rx_put_request(struct ring_front *f, const struct netif_rx_request *req)
{
	return ring_front_put_request(f, req, sizeof(*req));
}

static inline int netif_rx_put_response(struct ring_back *b, const struct netif_rx_response *rsp)
{
	return ring_back_put_response(b, rsp, sizeof(*rsp));
}

static inline int netif_rx_put_extra(struct ring_back *b, const struct netif_extra_info *extra)
{
	return ring_back_put_response(b, extra, sizeof(*extra));
}

#endif
