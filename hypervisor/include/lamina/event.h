/* SPDX-License-Identifier: MIT */
/*
 * Event channels: ports, their bindings (unbound, interdomain, VIRQ, IPI) and delivery. One lock
 * serialises every binding change and send; interdomain links are only ever followed under it,
 * and a dying domain's ports are closed under it before the domain goes away.
 */
#ifndef LAMINA_EVENT_H
#define LAMINA_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/* Ports a domain may use: Xen's default limit for a guest. */
#define EVTCHN_MAX_PORTS 1024
/*
 * Xen allocates ports in buckets of 64 (a page of 64-byte entries) as they are first used; a port
 * outside every allocated bucket is invalid (-EINVAL) rather than closed. We keep the whole table
 * but track the same boundary so that guests see the same answers.
 */
#define EVTCHN_BUCKET_PORTS 64

enum evtchn_state {
	ECS_FREE,
	ECS_RESERVED, /* port 0: never bound */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_VIRQ,
	ECS_IPI,
};

struct evtchn {
	uint8_t state;
	uint16_t notify_vcpu;
	union {
		domid_t unbound_remote; /* ECS_UNBOUND: the domain allowed to bind */
		struct {
			struct domain *dom;
			uint32_t port;
		} interdomain;
		uint32_t virq;
	} u;
};

int evtchn_init(struct domain *d);
/* Closes every port (remote ends become unbound) and frees the table. */
void evtchn_destroy(struct domain *d);

int evtchn_alloc_unbound(struct domain *d, domid_t remote, uint32_t *port);
int evtchn_bind_interdomain(struct domain *ld, domid_t remote, uint32_t rport, uint32_t *lport);
int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu, uint32_t *port);
int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, uint32_t *port);
int evtchn_bind_vcpu(struct domain *d, uint32_t port, uint32_t vcpu);
int evtchn_close(struct domain *d, uint32_t port);
int evtchn_send(struct domain *d, uint32_t port);
int evtchn_unmask(struct domain *d, uint32_t port);
int evtchn_status(struct domain *d, uint32_t port, struct evtchn_status *st);
int evtchn_reset(struct domain *d);
bool evtchn_port_pending(struct domain *d, uint32_t port);
/* SCHEDOP_poll's view of a port: 1 pending, 0 not, -EINVAL invalid or not bound (as Xen). */
int evtchn_poll_port(struct domain *d, uint32_t port);

/* Hypervisor-raised events. */
void send_vcpu_virq(struct vcpu *v, uint32_t virq);
void send_global_virq(struct domain *d, uint32_t virq);

/* Whether the vCPU has an upcall waiting (blocking must not sleep through it). */
bool vcpu_upcall_pending(const struct vcpu *v);

#endif
