// SPDX-License-Identifier: MIT
/*
 * Every event channel sub-op within one domain, as Xen 4.17's xen/common/event_channel.c
 * (do_event_channel_op, evtchn_alloc_unbound, evtchn_bind_interdomain, evtchn_bind_virq,
 * evtchn_bind_ipi, evtchn_close, evtchn_send, evtchn_status, evtchn_bind_vcpu, evtchn_unmask,
 * evtchn_reset) and event_2l.c answer an ordinary domain created the way xl creates one
 * (max_evtchn_port 1023). Run as d1 with two vCPUs (only vCPU 0 runs) beside another domain,
 * d2, so that a foreign domain exists.
 *
 * Port numbers are Xen's: the lowest free port is always taken. Ports live in buckets of 64
 * (EVTCHNS_PER_BUCKET); a port in no allocated bucket is invalid (-EINVAL) for status and
 * unmask, while a free port inside one reads as closed.
 *
 * Delivery: pending bits land in shared_info, the upcall arrives on the callback vector set with
 * HVM_PARAM_CALLBACK_IRQ (type 2) and then on the per-vCPU vector of
 * HVMOP_set_evtchn_upcall_vector. (On Xen the latter goes through the guest's local APIC, which
 * must be enabled and EOIed; Lamina emulates no local APIC and asserts the vector directly.)
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/event.h>
#include <guest/layout.h>
#include <guest/paging.h>
#include <guest/pvclock.h>
#include <guest/test.h>
#include <public/errno.h>

const char test_name[] = "evtchn_local";

#define FOREIGN_DOMID	    2
#define ABSENT_DOMID	    0x1234
#define CALLBACK_VECTOR	    0xf3
#define VCPU_VECTOR	    0xf4
#define MAX_PORT	    1023 /* xl's default max_event_channels - 1 */
#define BUCKET_PORTS	    64
#define WAIT_MS		    200
#define QUIET_MS	    30
#define EVTCHNOP_BAD	    99
#define EVTCHNOP_RESET_CONT 14

static domid_t self;
/* A page the hypervisor may read but not write. */
static uint8_t readonly_page[PAGE_SIZE_4K] PAGE_ALIGNED;

/* Spins with interrupts as they are until *count reaches @want or @ms pass. */
static bool wait_count(volatile uint32_t *count, uint32_t want, uint64_t ms)
{
	uint64_t end = pvclock_now() + ms * NS_PER_MS;

	while (*count < want) {
		if (pvclock_now() > end)
			return false;
		asm volatile("pause");
	}
	return true;
}

static void quiet(uint64_t ms)
{
	uint64_t end = pvclock_now() + ms * NS_PER_MS;

	while (pvclock_now() < end)
		asm volatile("pause");
}

static uint32_t status_state(evtchn_port_t port)
{
	struct evtchn_status st;

	if (evtchn_status_of(DOMID_SELF, port, &st) != 0)
		return ~0U;
	return st.status;
}

static evtchn_port_t alloc_self(void)
{
	evtchn_port_t port = 0;

	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &port), 0);
	return port;
}

static void check_port_zero(void)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_status_of(DOMID_SELF, 0, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_closed);
	EXPECT_RC(evtchn_send(0), -XEN_EINVAL);
	EXPECT_RC(evtchn_close(0), -XEN_EINVAL);
	EXPECT_RC(evtchn_unmask_op(0), 0);
}

static void check_alloc_unbound(void)
{
	struct evtchn_status st;
	evtchn_port_t port = 0;
	struct evtchn_alloc_unbound *ro = (void *)readonly_page;
	uint64_t pte = pte_get(readonly_page);

	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &port), 0);
	EXPECT_EQ(port, 1);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
	EXPECT_EQ(st.u.unbound.dom, self); /* DOMID_SELF is stored as the caller's id */
	EXPECT_EQ(st.vcpu, 0);

	/* The domain named by its own id is itself; the remote need not exist. */
	EXPECT_RC(evtchn_alloc_unbound(self, ABSENT_DOMID, &port), 0);
	EXPECT_EQ(port, 2);
	EXPECT_RC(evtchn_status_of(self, 2, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
	EXPECT_EQ(st.u.unbound.dom, ABSENT_DOMID);

	/* Another domain's table is the toolstack's: -ESRCH before -EPERM (rcu lock, then XSM). */
	EXPECT_RC(evtchn_alloc_unbound(FOREIGN_DOMID, self, &port), -XEN_EPERM);
	EXPECT_RC(evtchn_alloc_unbound(ABSENT_DOMID, self, &port), -XEN_ESRCH);
	EXPECT_RC(evtchn_status_of(FOREIGN_DOMID, 1, &st), -XEN_EPERM);
	EXPECT_RC(evtchn_status_of(ABSENT_DOMID, 1, &st), -XEN_ESRCH);
	EXPECT_RC(evtchn_reset_op(FOREIGN_DOMID), -XEN_EPERM);
	EXPECT_RC(evtchn_reset_op(ABSENT_DOMID), -XEN_ESRCH);

	/*
	 * A result that cannot be copied back is -EFAULT, but the port stays allocated ("Cleaning
	 * up here would be a mess!"): the next allocation skips it.
	 */
	*ro = (struct evtchn_alloc_unbound){.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
	pte_set(readonly_page, pte & ~(uint64_t)PTE_WRITE);
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_alloc_unbound, ro), -XEN_EFAULT);
	pte_set(readonly_page, pte);
	EXPECT_EQ(status_state(3), EVTCHNSTAT_unbound);
	EXPECT_RC(evtchn_close(3), 0);
}

static void check_bad_pointers(void)
{
	static const int ops[] = {
		EVTCHNOP_bind_interdomain,
		EVTCHNOP_bind_virq,
		EVTCHNOP_close,
		EVTCHNOP_send,
		EVTCHNOP_status,
		EVTCHNOP_alloc_unbound,
		EVTCHNOP_bind_ipi,
		EVTCHNOP_bind_vcpu,
		EVTCHNOP_unmask,
		EVTCHNOP_reset,
	};
	unsigned int i, wrong = 0;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		long null_rc = hc_event_channel_op(ops[i], NULL);
		long unbacked_rc = hc_event_channel_op(ops[i], (void *)UNBACKED_VA);
		long noncanon_rc = hc_event_channel_op(ops[i], (void *)0x8000000000000000UL);

		if (null_rc != -XEN_EFAULT || unbacked_rc != -XEN_EFAULT ||
		    noncanon_rc != -XEN_EFAULT) {
			printf("EVTCHNOP %d: %ld %ld %ld\n", ops[i], null_rc, unbacked_rc,
			       noncanon_rc);
			wrong++;
		}
	}
	EXPECT_EQ(wrong, 0);
}

static void check_unknown_and_fifo(void)
{
	struct evtchn_init_control init = {.control_gfn = 0x12345, .offset = 0, .vcpu = 0};
	struct evtchn_expand_array expand = {.array_gfn = 0x12345};
	struct evtchn_set_priority prio = {.port = 1, .priority = 5};
	struct evtchn_reset reset = {.dom = DOMID_SELF};

	/* FIFO sub-ops are refused so that guests keep the 2-level ABI (Lamina's choice). */
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_init_control, &init), -XEN_ENOSYS);
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_expand_array, &expand), -XEN_ENOSYS);
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_set_priority, &prio), -XEN_ENOSYS);
	/* reset_cont with no reset under way: evtchn_reset(d, true) finds next_evtchn 0. */
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_RESET_CONT, &reset), -XEN_EBUSY);
	EXPECT_RC(hc_event_channel_op(EVTCHNOP_BAD, &reset), -XEN_ENOSYS);
	EXPECT_RC(hc_event_channel_op(-1, &reset), -XEN_ENOSYS);
}

/* Port 1 (unbound, remote self) is bound by ourselves: a loopback pair 1 <-> 3. */
static evtchn_port_t check_loopback(void)
{
	struct evtchn_status st;
	evtchn_port_t port = 0;

	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 2, &port),
		  -XEN_EINVAL); /* remote is not us */
	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 0, &port), -XEN_EINVAL);	/* reserved */
	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 40, &port), -XEN_EINVAL); /* free */
	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 5000, &port), -XEN_EINVAL);
	EXPECT_RC(evtchn_bind_interdomain(ABSENT_DOMID, 1, &port), -XEN_ESRCH);
	EXPECT_RC(evtchn_bind_interdomain(FOREIGN_DOMID, 1, &port), -XEN_EINVAL);

	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 1, &port), 0);
	EXPECT_EQ(port, 3);
	/* "We may have lost notifications on the remote unbound port": the new port is pending. */
	EXPECT_TRUE(evtchn_is_pending(3));
	EXPECT_TRUE(evtchn_test_and_clear_pending(3));
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 3, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
	EXPECT_EQ(st.u.interdomain.dom, self);
	EXPECT_EQ(st.u.interdomain.port, 1);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
	EXPECT_EQ(st.u.interdomain.port, 3);
	/* Bound now: binding it again fails. */
	EXPECT_RC(evtchn_bind_interdomain(DOMID_SELF, 1, &port), -XEN_EINVAL);
	return 3;
}

/* With interrupts off, an event only shows in shared_info and vcpu_info. */
static void check_bits_without_delivery(void)
{
	struct vcpu_info *vi = vcpu0_info();

	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	EXPECT_RC(evtchn_send(3), 0);
	EXPECT_TRUE(evtchn_is_pending(1));
	EXPECT_HEX(vi->evtchn_pending_sel, 1); /* word 0 */
	EXPECT_EQ(vi->evtchn_upcall_pending, 1);
	/* A second send while pending changes nothing. */
	EXPECT_RC(evtchn_send(3), 0);
	EXPECT_TRUE(evtchn_is_pending(1));
}

static void check_callback_vector(void)
{
	upcall_handler_install(CALLBACK_VECTOR);
	upcall_stats_reset();
	EXPECT_RC(callback_vector_set(CALLBACK_VECTOR), 0);
	/* Port 1 has been pending since check_bits_without_delivery: it arrives once IF is set. */
	irq_enable();
	EXPECT_TRUE(wait_count(&port_events[1], 1, WAIT_MS));
	EXPECT_EQ(upcall_stats.last_vector, CALLBACK_VECTOR);
	EXPECT_EQ(vcpu0_info()->evtchn_upcall_pending, 0);

	EXPECT_RC(evtchn_send(1), 0);
	EXPECT_TRUE(wait_count(&port_events[3], 1, WAIT_MS));
	EXPECT_RC(evtchn_send(3), 0);
	EXPECT_TRUE(wait_count(&port_events[1], 2, WAIT_MS));
	EXPECT_EQ(port_events[1], 2);
	EXPECT_EQ(port_events[3], 1);
	printf("%lu upcalls, %lu events, %lu spurious\n", upcall_stats.upcalls, upcall_stats.events,
	       upcall_stats.spurious);
}

static void check_masking(void)
{
	uint64_t upcalls;

	evtchn_mask(1);
	upcalls = upcall_stats.upcalls;
	EXPECT_RC(evtchn_send(3), 0);
	quiet(QUIET_MS);
	EXPECT_TRUE(evtchn_is_pending(1));
	EXPECT_EQ(upcall_stats.upcalls, upcalls);
	EXPECT_EQ(port_events[1], 2);
	/* EVTCHNOP_unmask clears the mask and delivers what was pending. */
	EXPECT_RC(evtchn_unmask_op(1), 0);
	EXPECT_TRUE(!evtchn_is_masked(1));
	EXPECT_TRUE(wait_count(&port_events[1], 3, WAIT_MS));
	EXPECT_TRUE(!evtchn_is_pending(1));
	/* Unmasking a port with nothing pending raises nothing. */
	upcalls = upcall_stats.upcalls;
	evtchn_mask(1);
	EXPECT_RC(evtchn_unmask_op(1), 0);
	quiet(QUIET_MS);
	EXPECT_EQ(upcall_stats.upcalls, upcalls);
}

static void check_upcall_vector(void)
{
	EXPECT_RC(upcall_vector_set(0, 0x0f), -XEN_EINVAL);
	EXPECT_RC(upcall_vector_set(2, VCPU_VECTOR), -XEN_ENOENT);
	EXPECT_RC(upcall_vector_set(~0U, VCPU_VECTOR), -XEN_ENOENT);
	EXPECT_RC(callback_vector_set(0), 0);
	upcall_handler_install(VCPU_VECTOR);
	EXPECT_RC(upcall_vector_set(0, VCPU_VECTOR), 0);
	EXPECT_RC(evtchn_send(1), 0);
	EXPECT_TRUE(wait_count(&port_events[3], 2, WAIT_MS));
	EXPECT_EQ(upcall_stats.last_vector, VCPU_VECTOR);
}

static evtchn_port_t check_virq(void)
{
	struct evtchn_status st;
	evtchn_port_t timer0 = 0, timer1 = 0, port = 0, dom_exc = 0;

	EXPECT_RC(evtchn_bind_virq(NR_VIRQS, 0, &port), -XEN_EINVAL);
	EXPECT_RC(evtchn_bind_virq(~0U, 0, &port), -XEN_EINVAL);
	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 2, &port), -XEN_ENOENT);
	EXPECT_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 1, &port), -XEN_EINVAL); /* global, not vCPU 0 */
	EXPECT_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 2, &port),
		  -XEN_EINVAL); /* before the vCPU check */

	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &timer0), 0);
	EXPECT_EQ(timer0, 4); /* the lowest free port */
	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &port), -XEN_EEXIST);
	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 1, &timer1), 0); /* per vCPU */
	EXPECT_RC(evtchn_status_of(DOMID_SELF, timer1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_virq);
	EXPECT_EQ(st.u.virq, VIRQ_TIMER);
	EXPECT_EQ(st.vcpu, 1);
	/* A per-vCPU VIRQ stays on its vCPU. */
	EXPECT_RC(evtchn_bind_vcpu(timer1, 0), -XEN_EINVAL);

	/* A global VIRQ may move; closing it must free the binding of vCPU 0, where it lives. */
	EXPECT_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &dom_exc), 0);
	EXPECT_RC(evtchn_bind_vcpu(dom_exc, 1), 0);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, dom_exc, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_virq);
	EXPECT_EQ(st.vcpu, 1);
	EXPECT_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port), -XEN_EEXIST);
	EXPECT_RC(evtchn_close(dom_exc), 0);
	EXPECT_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port), 0);
	EXPECT_EQ(port, dom_exc);
	EXPECT_RC(evtchn_close(port), 0);
	EXPECT_RC(evtchn_close(timer1), 0);
	EXPECT_RC(evtchn_send(timer0), -XEN_EINVAL); /* VIRQs are raised by the hypervisor only */
	return timer0;
}

static void check_ipi(void)
{
	struct evtchn_status st;
	evtchn_port_t ipi0 = 0, ipi1 = 0;

	EXPECT_RC(evtchn_bind_ipi(2, &ipi0), -XEN_ENOENT);
	EXPECT_RC(evtchn_bind_ipi(~0U, &ipi0), -XEN_ENOENT);
	EXPECT_RC(evtchn_bind_ipi(0, &ipi0), 0);
	EXPECT_RC(evtchn_bind_ipi(1, &ipi1), 0);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, ipi1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_ipi);
	EXPECT_EQ(st.vcpu, 1);
	EXPECT_RC(evtchn_bind_vcpu(ipi0, 1), -XEN_EINVAL);
	EXPECT_RC(evtchn_send(ipi0), 0);
	EXPECT_TRUE(wait_count(&port_events[ipi0], 1, WAIT_MS));
	/* vCPU 1 is down: the event waits in shared_info. */
	EXPECT_RC(evtchn_send(ipi1), 0);
	EXPECT_TRUE(evtchn_is_pending(ipi1));
	EXPECT_RC(evtchn_close(ipi0), 0);
	EXPECT_RC(evtchn_close(ipi1), 0);
	EXPECT_TRUE(!evtchn_is_pending(ipi1)); /* closing clears the pending bit */
}

static void check_bind_vcpu(void)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_bind_vcpu(2, 2), -XEN_ENOENT);
	EXPECT_RC(evtchn_bind_vcpu(5000, 2), -XEN_ENOENT); /* the vCPU is checked first */
	EXPECT_RC(evtchn_bind_vcpu(5000, 0), -XEN_EINVAL);
	EXPECT_RC(evtchn_bind_vcpu(40, 0), -XEN_EINVAL); /* free */
	EXPECT_RC(evtchn_bind_vcpu(0, 0), -XEN_EINVAL);	 /* reserved */
	EXPECT_RC(evtchn_bind_vcpu(2, 1), 0);		 /* unbound */
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 2, &st), 0);
	EXPECT_EQ(st.vcpu, 1);
	EXPECT_RC(evtchn_bind_vcpu(1, 1), 0); /* interdomain */
	EXPECT_RC(evtchn_bind_vcpu(1, 0), 0);
	EXPECT_RC(evtchn_bind_vcpu(2, 0), 0);
}

static void check_close(evtchn_port_t peer)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_close(1), 0);
	/* The other end goes back to unbound, open to the domain that closed. */
	EXPECT_RC(evtchn_status_of(DOMID_SELF, peer, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
	EXPECT_EQ(st.u.unbound.dom, self);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_closed);
	EXPECT_RC(evtchn_send(1), -XEN_EINVAL);
	EXPECT_RC(evtchn_close(1), -XEN_EINVAL);
	EXPECT_RC(evtchn_send(peer), 0); /* unbound: dropped without an error */
	EXPECT_TRUE(!evtchn_is_pending(1));

	/* Ports beyond the allocated buckets are not valid at all. */
	EXPECT_RC(evtchn_status_of(DOMID_SELF, BUCKET_PORTS - 1, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_closed);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, BUCKET_PORTS, &st), -XEN_EINVAL);
	EXPECT_RC(evtchn_unmask_op(BUCKET_PORTS), -XEN_EINVAL);
	EXPECT_RC(evtchn_send(BUCKET_PORTS), -XEN_EINVAL);
	EXPECT_RC(evtchn_close(BUCKET_PORTS), -XEN_EINVAL);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, 5000, &st), -XEN_EINVAL);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, ~0U, &st), -XEN_EINVAL);
	EXPECT_RC(evtchn_send(~0U), -XEN_EINVAL);
	EXPECT_RC(evtchn_close(~0U), -XEN_EINVAL);
	EXPECT_RC(evtchn_close(peer), 0);
}

/* Allocates until -ENOSPC: the domain ends with ports 1..1023 in use. */
static void check_exhaustion(void)
{
	evtchn_port_t port = 0, last = 0;
	unsigned int allocated = 0, unexpected = 0;
	struct evtchn_status st;
	long rc;

	while ((rc = evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &port)) == 0) {
		if (port <= last)
			unexpected++;
		last = port;
		if (++allocated > MAX_PORT)
			break;
	}
	printf("%u more ports allocated, the last %u\n", allocated, last);
	EXPECT_RC(rc, -XEN_ENOSPC);
	EXPECT_EQ(last, MAX_PORT);
	EXPECT_EQ(unexpected, 0);
	EXPECT_RC(evtchn_bind_ipi(0, &port), -XEN_ENOSPC);
	EXPECT_RC(evtchn_bind_virq(VIRQ_DEBUG, 0, &port), -XEN_ENOSPC);
	/* The whole table is allocated now: every port up to the limit reads as unbound. */
	EXPECT_RC(evtchn_status_of(DOMID_SELF, MAX_PORT, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, MAX_PORT + 1, &st), -XEN_EINVAL);

	/* One close makes exactly that port the next one. */
	EXPECT_RC(evtchn_close(700), 0);
	EXPECT_RC(evtchn_bind_ipi(0, &port), 0);
	EXPECT_EQ(port, 700);
}

static void check_reset(evtchn_port_t timer0)
{
	evtchn_port_t port = 0;
	unsigned int open = 0;

	EXPECT_RC(evtchn_reset_op(DOMID_SELF), 0);
	for (evtchn_port_t p = 1; p <= MAX_PORT; p++)
		open += status_state(p) != EVTCHNSTAT_closed;
	EXPECT_EQ(open, 0);
	EXPECT_EQ(status_state(timer0), EVTCHNSTAT_closed);
	/* The VIRQ binding went with its port. */
	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0);
	EXPECT_EQ(port, 1);
	EXPECT_RC(evtchn_reset_op(self), 0);
	EXPECT_EQ(alloc_self(), 1);
}

void test_main(void)
{
	uint64_t id = 0;
	evtchn_port_t peer, timer0;

	if (!boot_arg_number("domid", &id)) {
		FAIL("no domid= on the command line");
		return;
	}
	self = (domid_t)id;
	EXPECT_RC(shared_info_map(), 0);

	check_port_zero();
	check_bad_pointers();
	check_unknown_and_fifo();
	check_alloc_unbound();
	peer = check_loopback();
	check_bits_without_delivery();
	check_callback_vector();
	check_masking();
	check_upcall_vector();
	timer0 = check_virq();
	check_ipi();
	check_bind_vcpu();
	check_close(peer);
	check_exhaustion();
	check_reset(timer0);
}
