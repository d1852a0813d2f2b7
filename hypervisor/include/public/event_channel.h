/* SPDX-License-Identifier: MIT */
/*
 * Event channels, Xen 4.17 ABI (x86-64): the EVTCHNOP_* operations of
 * __HYPERVISOR_event_channel_op(cmd, guest_handle_t arg), one struct per operation, and the
 * constants of the 2-level and FIFO delivery schemes. Checked against libxen-dev by tests/abi
 * (group "evtchn").
 */
#ifndef LAMINA_PUBLIC_EVENT_CHANNEL_H
#define LAMINA_PUBLIC_EVENT_CHANNEL_H

#include <public/xen.h>

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq	  1
#define EVTCHNOP_bind_pirq	  2
#define EVTCHNOP_close		  3
#define EVTCHNOP_send		  4
#define EVTCHNOP_status		  5
#define EVTCHNOP_alloc_unbound	  6
#define EVTCHNOP_bind_ipi	  7
#define EVTCHNOP_bind_vcpu	  8
#define EVTCHNOP_unmask		  9
#define EVTCHNOP_reset		  10
#define EVTCHNOP_init_control	  11
#define EVTCHNOP_expand_array	  12
#define EVTCHNOP_set_priority	  13
#define EVTCHNOP_reset_cont	  14 /* resumes a preempted reset */

/* evtchn_status.status: what a port is bound to. */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/*
 * The 2-level scheme: one pending and one mask bit per port in shared_info, found through the
 * per-vCPU selector word, so the port space is (bits per word) squared.
 */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* The FIFO scheme: 16 priority queues, 0 the most urgent. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES	     (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* Bits of a FIFO event word; the low LINK_BITS hold the next port in the queue. */
#define EVTCHN_FIFO_PENDING	31
#define EVTCHN_FIFO_MASKED	30
#define EVTCHN_FIFO_LINKED	29
#define EVTCHN_FIFO_BUSY	28
#define EVTCHN_FIFO_LINK_BITS	17
#define EVTCHN_FIFO_LINK_MASK	((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__
typedef uint32_t evtchn_port_t;
typedef uint32_t event_word_t;

/* Make a port in `dom` that remote_dom may later bind to. dom is usually DOMID_SELF. */
struct evtchn_alloc_unbound {
	domid_t dom;
	domid_t remote_dom;
	evtchn_port_t port; /* out */
};

/* Connect a new local port to remote_port, which remote_dom allocated unbound for us. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;
	evtchn_port_t remote_port;
	evtchn_port_t local_port; /* out */
};

struct evtchn_bind_virq {
	uint32_t virq; /* VIRQ_* */
	uint32_t vcpu;
	evtchn_port_t port; /* out */
};

struct evtchn_bind_pirq {
	uint32_t pirq;
	uint32_t flags;	    /* BIND_PIRQ__* */
	evtchn_port_t port; /* out */
};

struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port; /* out */
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

struct evtchn_status {
	domid_t dom;
	evtchn_port_t port;
	uint32_t status; /* out: EVTCHNSTAT_* */
	uint32_t vcpu;	 /* out: the vCPU that gets the upcall */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u; /* out, by status */
};

/* Deliver the port's upcalls to another vCPU. */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

/* Clear the mask bit and, if the port is pending, raise the upcall that was held back. */
struct evtchn_unmask {
	evtchn_port_t port;
};

/* Close every port of dom. */
struct evtchn_reset {
	domid_t dom;
};

/* Switch to the FIFO scheme, giving the control block's place for one vCPU. */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits; /* out */
	uint8_t _pad[7];
};

/* Add one page of FIFO event words. */
struct evtchn_expand_array {
	uint64_t array_gfn;
};

struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority; /* EVTCHN_FIFO_PRIORITY_* */
};

/* The argument of the old __HYPERVISOR_event_channel_op_compat: cmd and op in one struct. */
struct evtchn_op {
	uint32_t cmd; /* EVTCHNOP_* */
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};

/* Per-vCPU FIFO control block: a ready bit per queue and each queue's head port. */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
#endif /* __ASSEMBLER__ */
#endif
