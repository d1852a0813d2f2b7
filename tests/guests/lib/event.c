// SPDX-License-Identifier: MIT
/* Event channels from the guest's side (see guest/event.h). */
#include <guest/event.h>
#include <guest/faults.h>
#include <guest/layout.h>
#include <guest/pvclock.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/sched.h>

#define WORD_BITS 64

/* A whole page: the hypervisor's shared_info replaces all of it once mapped. */
static union {
	struct shared_info s;
	uint8_t bytes[PAGE_SIZE_4K];
} shared_page __attribute__((aligned(PAGE_SIZE_4K)));

volatile struct upcall_stats upcall_stats;
volatile uint32_t port_events[EVTCHN_2L_PORTS];
volatile uint64_t port_event_ns[EVTCHN_2L_PORTS];

extern const uint8_t upcall_stubs[];
#define UPCALL_STUB_SIZE    16
#define UPCALL_FIRST_VECTOR 32

long shared_info_map(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)&shared_page / PAGE_SIZE_4K,
	};

	return hc_memory_op(XENMEM_add_to_physmap, &xatp);
}

struct shared_info *shared_info_page(void)
{
	return &shared_page.s;
}

struct vcpu_info *vcpu0_info(void)
{
	return &shared_page.s.vcpu_info[0];
}

long evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};
	long rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	*port = op.port;
	return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = {.remote_dom = remote, .remote_port = remote_port};
	long rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	*port = op.local_port;
	return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = {.virq = virq, .vcpu = vcpu};
	long rc = hc_event_channel_op(EVTCHNOP_bind_virq, &op);

	*port = op.port;
	return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = {.vcpu = vcpu};
	long rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &op);

	*port = op.port;
	return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu op = {.port = port, .vcpu = vcpu};

	return hc_event_channel_op(EVTCHNOP_bind_vcpu, &op);
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = {.port = port};

	return hc_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = {.port = port};

	return hc_event_channel_op(EVTCHNOP_close, &op);
}

long evtchn_unmask_op(evtchn_port_t port)
{
	struct evtchn_unmask op = {.port = port};

	return hc_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_status_of(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
	*st = (struct evtchn_status){.dom = dom, .port = port};
	return hc_event_channel_op(EVTCHNOP_status, st);
}

long evtchn_reset_op(domid_t dom)
{
	struct evtchn_reset op = {.dom = dom};

	return hc_event_channel_op(EVTCHNOP_reset, &op);
}

long sched_poll(const evtchn_port_t *ports, uint32_t nr, uint64_t timeout_ns)
{
	struct sched_poll op = {
		.ports = guest_handle_of(ports),
		.nr_ports = nr,
		.timeout = timeout_ns,
	};

	return hc_sched_op(SCHEDOP_poll, &op);
}

long sched_block(void)
{
	return hc_sched_op(SCHEDOP_block, NULL);
}

long sched_yield(void)
{
	return hc_sched_op(SCHEDOP_yield, NULL);
}

static volatile xen_ulong_t *pending_word(evtchn_port_t port)
{
	return &shared_page.s.evtchn_pending[port / WORD_BITS];
}

static volatile xen_ulong_t *mask_word(evtchn_port_t port)
{
	return &shared_page.s.evtchn_mask[port / WORD_BITS];
}

static xen_ulong_t port_bit(evtchn_port_t port)
{
	return 1ULL << (port % WORD_BITS);
}

bool evtchn_is_pending(evtchn_port_t port)
{
	return __atomic_load_n(pending_word(port), __ATOMIC_SEQ_CST) & port_bit(port);
}

bool evtchn_is_masked(evtchn_port_t port)
{
	return __atomic_load_n(mask_word(port), __ATOMIC_SEQ_CST) & port_bit(port);
}

bool evtchn_test_and_clear_pending(evtchn_port_t port)
{
	return __atomic_fetch_and(pending_word(port), ~port_bit(port), __ATOMIC_SEQ_CST) &
	       port_bit(port);
}

void evtchn_mask(evtchn_port_t port)
{
	__atomic_fetch_or(mask_word(port), port_bit(port), __ATOMIC_SEQ_CST);
}

void evtchn_clear_mask(evtchn_port_t port)
{
	__atomic_fetch_and(mask_word(port), ~port_bit(port), __ATOMIC_SEQ_CST);
}

long callback_vector_set(uint8_t vector)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = vector ? ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR
				   << HVM_PARAM_CALLBACK_TYPE_SHIFT) |
					  vector
				: 0,
	};

	return hc_hvm_op(HVMOP_set_param, &p);
}

long upcall_vector_set(uint32_t vcpu, uint8_t vector)
{
	struct xen_hvm_evtchn_upcall_vector op = {.vcpu = vcpu, .vector = vector};

	return hc_hvm_op(HVMOP_set_evtchn_upcall_vector, &op);
}

void upcall_handler_install(uint8_t vector)
{
	const uint8_t *stub = upcall_stubs + (vector - UPCALL_FIRST_VECTOR) * UPCALL_STUB_SIZE;

	idt_set_interrupt_gate(vector, (void (*)(void))stub);
}

void upcall_stats_reset(void)
{
	upcall_stats = (struct upcall_stats){0};
	for (unsigned int p = 0; p < EVTCHN_2L_PORTS; p++) {
		port_events[p] = 0;
		port_event_ns[p] = 0;
	}
}

/*
 * What a guest kernel does on the callback vector: clear upcall_pending first (an event raised
 * from here on raises it again), then take the selector and consume each pending, unmasked port.
 */
void upcall_handle(uint64_t vector);
void upcall_handle(uint64_t vector)
{
	struct vcpu_info *vi = vcpu0_info();
	uint64_t now = pvclock_now(), found = 0;
	xen_ulong_t sel;

	upcall_stats.upcalls++;
	upcall_stats.last_vector = (uint8_t)vector;
	upcall_stats.last_ns = now;
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = (unsigned int)__builtin_ctzll(sel);
		xen_ulong_t ready;

		sel &= sel - 1;
		ready = __atomic_load_n(&shared_page.s.evtchn_pending[w], __ATOMIC_SEQ_CST) &
			~__atomic_load_n(&shared_page.s.evtchn_mask[w], __ATOMIC_SEQ_CST);
		while (ready) {
			unsigned int b = (unsigned int)__builtin_ctzll(ready);
			evtchn_port_t port = w * WORD_BITS + b;

			ready &= ready - 1;
			if (!evtchn_test_and_clear_pending(port))
				continue;
			port_events[port]++;
			port_event_ns[port] = now;
			found++;
		}
	}
	upcall_stats.events += found;
	if (!found)
		upcall_stats.spurious++;
}
