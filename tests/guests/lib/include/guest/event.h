/* SPDX-License-Identifier: MIT */
/*
 * Event channels from the guest's side: the hypercall wrappers, the 2-level bits in shared_info
 * (mapped by shared_info_map()), and an upcall handler for the callback vector that does what a
 * guest kernel does: clear evtchn_upcall_pending, take the selector, and consume every pending
 * unmasked port, counting the events per port and noting the pvclock time of the last one.
 */
#ifndef GUEST_EVENT_H
#define GUEST_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/hypercall.h>
#include <public/event_channel.h>
#include <public/xen.h>

/* Ports of the 2-level ABI: 64 selector bits times 64 ports per word. */
#define EVTCHN_2L_PORTS 4096

/* Maps shared_info at a page of the guest image; returns the hypercall's result. */
long shared_info_map(void);
struct shared_info *shared_info_page(void);
/* vCPU 0's record in shared_info (the only vCPU the test guests run). */
struct vcpu_info *vcpu0_info(void);

static inline long hc_event_channel_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_event_channel_op, (unsigned long)(long)cmd,
			 (unsigned long)arg, 0, 0, 0);
}

static inline long hc_set_timer_op(uint64_t timeout_ns)
{
	return hypercall(__HYPERVISOR_set_timer_op, timeout_ns, 0, 0, 0, 0);
}

/* One wrapper per sub-op; the port a binding gets is stored through @port. */
long evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask_op(evtchn_port_t port);
long evtchn_status_of(domid_t dom, evtchn_port_t port, struct evtchn_status *st);
long evtchn_reset_op(domid_t dom);

/* SCHEDOP_poll on @nr ports until one is pending or system time @timeout_ns (0: none). */
long sched_poll(const evtchn_port_t *ports, uint32_t nr, uint64_t timeout_ns);
long sched_block(void);
long sched_yield(void);

/* Direct access to the bits in shared_info, atomically as the hypervisor changes them too. */
bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);
/* Clears the pending bit; true if it was set (the event is consumed). */
bool evtchn_test_and_clear_pending(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);
/* Clears the mask bit in shared_info only (no hypercall: nothing is re-delivered). */
void evtchn_clear_mask(evtchn_port_t port);

/* Callback vector delivery: HVM_PARAM_CALLBACK_IRQ type 2, or the per-vCPU HVMOP. */
long callback_vector_set(uint8_t vector);
long upcall_vector_set(uint32_t vcpu, uint8_t vector);

/* Points IDT @vector at the upcall handler below. */
void upcall_handler_install(uint8_t vector);

struct upcall_stats {
	uint64_t upcalls;    /* times the handler ran */
	uint64_t events;     /* ports consumed over all upcalls */
	uint64_t spurious;   /* upcalls that found no pending unmasked port */
	uint64_t last_ns;    /* pvclock time when the handler last ran */
	uint8_t last_vector; /* the vector that last entered the handler */
};
extern volatile struct upcall_stats upcall_stats;
/* Events the handler consumed on each port, and the pvclock time of the latest. */
extern volatile uint32_t port_events[EVTCHN_2L_PORTS];
extern volatile uint64_t port_event_ns[EVTCHN_2L_PORTS];
/* Forgets every count above. */
void upcall_stats_reset(void);

static inline void irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

/* STI's shadow covers HLT: an interrupt that became pending after the check still wakes it. */
static inline void safe_halt(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

#endif
