/* SPDX-License-Identifier: MIT */
/*
 * The network device protocol (netif), Xen 4.17 ABI: two rings per queue. On the tx ring the
 * frontend sends packets: a packet is a chain of request slots (NETTXF_more_data), optionally
 * followed after its first slot by extra-info slots (NETTXF_extra_info, chained with
 * XEN_NETIF_EXTRA_FLAG_MORE). The first slot's size is the whole packet's length; each later
 * slot's size is its own fragment's. On the rx ring the frontend posts empty granted pages and
 * the backend answers with filled ones. Checked against libxen-dev by tests/abi (group "netif");
 * lib/ring/netif.c validates both directions.
 */
#ifndef LAMINA_PUBLIC_IO_NETIF_H
#define LAMINA_PUBLIC_IO_NETIF_H

#include <public/xen.h>
#include <public/grant_table.h>
#include <public/io/ring.h>

/* Every backend must accept packets of at least this many slots. */
#define XEN_NETIF_NR_SLOTS_MIN 18
/* Largest packet the tx ring can describe (size is 16 bits). */
#define XEN_NETIF_MAX_TX_SIZE 0xFFFF

/* netif_tx_request.flags */
#define _NETTXF_csum_blank     0
#define NETTXF_csum_blank      (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated 1
#define NETTXF_data_validated  (1U << _NETTXF_data_validated)
#define _NETTXF_more_data      2
#define NETTXF_more_data       (1U << _NETTXF_more_data)
#define _NETTXF_extra_info     3
#define NETTXF_extra_info      (1U << _NETTXF_extra_info)

/* netif_extra_info.type */
#define XEN_NETIF_EXTRA_TYPE_NONE      0 /* never valid */
#define XEN_NETIF_EXTRA_TYPE_GSO       1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XEN_NETIF_EXTRA_TYPE_HASH      4
#define XEN_NETIF_EXTRA_TYPE_MAX       5

/* netif_extra_info.flags */
#define _XEN_NETIF_EXTRA_FLAG_MORE 0
#define XEN_NETIF_EXTRA_FLAG_MORE  (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

/* netif_extra_info.u.gso.type */
#define XEN_NETIF_GSO_TYPE_NONE	 0
#define XEN_NETIF_GSO_TYPE_TCPV4 1
#define XEN_NETIF_GSO_TYPE_TCPV6 2

/* netif_extra_info.u.hash.type (a bit number) and .algorithm */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4	       0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4	       (1U << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP     1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP      (1U << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6	       2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6	       (1U << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP     3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP      (1U << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)
#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE     0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ 1

/* netif_rx_response.flags */
#define _NETRXF_data_validated 0
#define NETRXF_data_validated  (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank     1
#define NETRXF_csum_blank      (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data      2
#define NETRXF_more_data       (1U << _NETRXF_more_data)
#define _NETRXF_extra_info     3
#define NETRXF_extra_info      (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix     4
#define NETRXF_gso_prefix      (1U << _NETRXF_gso_prefix)

/* Response status; positive rx statuses are the byte count received into the slot. */
#define NETIF_RSP_DROPPED (-2)
#define NETIF_RSP_ERROR	  (-1)
#define NETIF_RSP_OKAY	  0
#define NETIF_RSP_NULL	  1 /* the status of an extra-info slot's response */

/* xenstore keys (backend: feature-*, frontend: the rest). */
#define NETIF_KEY_FEATURE_SG		  "feature-sg"
#define NETIF_KEY_FEATURE_GSO_TCPV4	  "feature-gso-tcpv4"
#define NETIF_KEY_FEATURE_GSO_TCPV6	  "feature-gso-tcpv6"
#define NETIF_KEY_FEATURE_NO_CSUM_OFFLOAD "feature-no-csum-offload"
#define NETIF_KEY_FEATURE_IPV6_CSUM	  "feature-ipv6-csum-offload"
#define NETIF_KEY_FEATURE_RX_COPY	  "feature-rx-copy"
#define NETIF_KEY_FEATURE_RX_NOTIFY	  "feature-rx-notify"
#define NETIF_KEY_FEATURE_SPLIT_EVTCHN	  "feature-split-event-channels"
#define NETIF_KEY_MULTI_QUEUE_MAX_QUEUES  "multi-queue-max-queues"
#define NETIF_KEY_MULTI_QUEUE_NUM_QUEUES  "multi-queue-num-queues"
#define NETIF_KEY_TX_RING_REF		  "tx-ring-ref"
#define NETIF_KEY_RX_RING_REF		  "rx-ring-ref"
#define NETIF_KEY_EVENT_CHANNEL		  "event-channel"
#define NETIF_KEY_EVENT_CHANNEL_TX	  "event-channel-tx"
#define NETIF_KEY_EVENT_CHANNEL_RX	  "event-channel-rx"
#define NETIF_KEY_REQUEST_RX_COPY	  "request-rx-copy"
#define NETIF_KEY_MAC			  "mac"

#ifndef __ASSEMBLER__
struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset; /* of the data in the granted page */
	uint16_t flags;	 /* NETTXF_* */
	uint16_t id;	 /* echoed in the response */
	uint16_t size;	 /* first slot: whole packet; later slots: this fragment */
};

struct netif_extra_info {
	uint8_t type;  /* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags; /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size; /* MSS */
			uint8_t type;  /* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;
		} gso;
		struct {
			uint8_t addr[6];
		} mcast;
		struct {
			uint8_t type;	   /* _XEN_NETIF_CTRL_HASH_TYPE_* */
			uint8_t algorithm; /* XEN_NETIF_CTRL_HASH_ALGORITHM_* */
			uint8_t value[4];
		} hash;
		uint16_t pad[3];
	} u;
};

struct netif_tx_response {
	uint16_t id;
	int16_t status; /* NETIF_RSP_* */
};

struct netif_rx_request {
	uint16_t id; /* echoed in the response */
	uint16_t pad;
	grant_ref_t gref; /* an empty page for the backend to fill */
};

struct netif_rx_response {
	uint16_t id;
	uint16_t offset; /* of the data in the page */
	uint16_t flags;	 /* NETRXF_* */
	int16_t status;	 /* bytes received, or NETIF_RSP_* if negative */
};

/* Slot types; an extra-info slot takes a request's place on the tx ring (and rx responses). */
union netif_tx_sring_entry {
	struct netif_tx_request req;
	struct netif_extra_info extra;
	struct netif_tx_response rsp;
};

union netif_rx_sring_entry {
	struct netif_rx_request req;
	struct netif_rx_response rsp;
	struct netif_extra_info extra;
};
#endif /* __ASSEMBLER__ */
#endif
