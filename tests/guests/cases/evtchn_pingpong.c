// SPDX-License-Identifier: MIT
/*
 * Event ping-pong between two domains, d1 ("ping") and d2 ("pong"), with no initial domain, as
 * Xen 4.17's xen/common/event_channel.c (evtchn_alloc_unbound, evtchn_bind_interdomain,
 * evtchn_send, evtchn_close, evtchn_destroy from domain_kill) and sched/core.c (do_poll) behave:
 *
 *   1. d1 allocates two unbound ports for d2: its first free ports, 1 and 2. d2 binds both,
 *      retrying with SCHEDOP_yield until d1 has allocated them; its new ports (1 and 2) start
 *      pending. d2 says "ready" on port 1.
 *   2. ROUNDS round trips on port 1 with both ends masked, each side waiting in SCHEDOP_poll.
 *   3. HLT_ROUNDS round trips delivered by the upcall on the callback vector, each side
 *      waiting in HLT with interrupts enabled (a periodic VIRQ_TIMER bounds every wait).
 *   4. d2 closes its end of port 1: d1's port 1 becomes unbound (remote d2) and sends on it are
 *      dropped without an error.
 *   5. d2 powers off with port 2 still bound: when it is destroyed d1's port 2 becomes unbound,
 *      and binding to the dead domain is -ESRCH. d1 carries on and passes.
 *
 * Command line: domid=N (1 or 2), rounds=N (default 10000), bench (d1 prints round trips per
 * second beside the VMMCALL rate measured in the same run).
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/event.h>
#include <guest/pvclock.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/vcpu.h>
#include <public/version.h>

const char test_name[] = "evtchn_pingpong";

#define PING_DOMID	1
#define PONG_DOMID	2
#define PORT_TRIPS	1 /* each side's first free port */
#define PORT_KEPT	2
#define DEFAULT_ROUNDS	10000
#define HLT_ROUNDS	1000
#define CALLBACK_VECTOR 0xf3
#define WATCHDOG_NS	(50 * NS_PER_MS)
#define POLL_SLICE_NS	(100 * NS_PER_MS)
#define WAIT_LIMIT_NS	(10000 * NS_PER_MS)
#define VMMCALL_ROUNDS	20000

static domid_t self, peer;
static bool bench;
static evtchn_port_t timer_port;
static uint64_t polls;

static uint64_t deadline(void)
{
	return pvclock_now() + WAIT_LIMIT_NS;
}

/* Consumes one event on @port, sleeping in SCHEDOP_poll; false after WAIT_LIMIT_NS. */
static bool wait_polling(evtchn_port_t port)
{
	uint64_t end = deadline(), now;

	while (!evtchn_test_and_clear_pending(port)) {
		now = pvclock_now();
		if (now > end)
			return false;
		polls++;
		if (sched_poll(&port, 1, now + POLL_SLICE_NS) != 0)
			return false;
	}
	return true;
}

/* Waits in HLT until the upcall handler has counted @want events on @port. */
static bool wait_halting(evtchn_port_t port, uint32_t want)
{
	uint64_t end = deadline();

	irq_disable();
	while (port_events[port] < want) {
		if (pvclock_now() > end) {
			irq_enable();
			return false;
		}
		safe_halt(); /* returns with interrupts on, after the handler ran */
		irq_disable();
	}
	irq_enable();
	return true;
}

static uint64_t per_second(uint64_t rounds, uint64_t ns)
{
	return ns ? rounds * 1000000000ULL / ns : 0;
}

static uint64_t vmmcall_rate(void)
{
	uint64_t t0 = pvclock_now();
	unsigned int wrong = 0;

	for (unsigned int i = 0; i < VMMCALL_ROUNDS; i++)
		wrong += hc_xen_version(XENVER_version, NULL) != 0x00040011;
	EXPECT_EQ(wrong, 0);
	return per_second(VMMCALL_ROUNDS, pvclock_now() - t0);
}

/* @base is the VMMCALL rate: an event round trip costs base / rate VMMCALL round trips. */
static void report(const char *what, uint64_t rounds, uint64_t ns, uint64_t base)
{
	uint64_t rate = per_second(rounds, ns), cost = rate ? base * 10 / rate : 0;

	printf("%s%-34s %7lu round trips/s  %7lu ns each  (%lu.%lu VMMCALL round trips)\n",
	       bench ? "bench: " : "", what, rate, rounds ? ns / rounds : 0, cost / 10, cost % 10);
}

static void expect_status(evtchn_port_t port, uint32_t state, domid_t dom, evtchn_port_t rport)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_status_of(DOMID_SELF, port, &st), 0);
	EXPECT_EQ(st.status, state);
	if (state == EVTCHNSTAT_interdomain) {
		EXPECT_EQ(st.u.interdomain.dom, dom);
		EXPECT_EQ(st.u.interdomain.port, rport);
	} else if (state == EVTCHNSTAT_unbound) {
		EXPECT_EQ(st.u.unbound.dom, dom);
	}
}

/* Yields until @port of ours reaches @state; false after WAIT_LIMIT_NS. */
static bool wait_status(evtchn_port_t port, uint32_t state)
{
	uint64_t end = deadline();
	struct evtchn_status st;

	while (pvclock_now() < end) {
		if (evtchn_status_of(DOMID_SELF, port, &st) == 0 && st.status == state)
			return true;
		sched_yield();
	}
	return false;
}

static void setup_ping(void)
{
	evtchn_port_t port = 0;

	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, PONG_DOMID, &port), 0);
	EXPECT_EQ(port, PORT_TRIPS);
	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, PONG_DOMID, &port), 0);
	EXPECT_EQ(port, PORT_KEPT);
	/* d2's "ready" arrives once it has bound both ports. */
	EXPECT_TRUE(wait_polling(PORT_TRIPS));
	expect_status(PORT_TRIPS, EVTCHNSTAT_interdomain, PONG_DOMID, PORT_TRIPS);
	expect_status(PORT_KEPT, EVTCHNSTAT_interdomain, PONG_DOMID, PORT_KEPT);
}

/*
 * d1 allocates the ports when it gets to run: until then they are not unbound for us (-EINVAL).
 * Retries with SCHEDOP_yield; returns the last result.
 */
static long bind_when_offered(evtchn_port_t remote_port, evtchn_port_t *port)
{
	unsigned long tries = 0;
	uint64_t end = deadline();
	long rc;

	while ((rc = evtchn_bind_interdomain(PING_DOMID, remote_port, port)) == -XEN_EINVAL &&
	       pvclock_now() < end) {
		tries++;
		sched_yield();
	}
	printf("d1's port %u bound after %lu tries\n", remote_port, tries);
	return rc;
}

static void setup_pong(void)
{
	evtchn_port_t port = 0;

	EXPECT_RC(bind_when_offered(PORT_TRIPS, &port), 0);
	EXPECT_EQ(port, PORT_TRIPS);
	EXPECT_TRUE(evtchn_test_and_clear_pending(PORT_TRIPS)); /* pending from the bind */
	EXPECT_RC(bind_when_offered(PORT_KEPT, &port), 0);
	EXPECT_EQ(port, PORT_KEPT);
	EXPECT_TRUE(evtchn_test_and_clear_pending(PORT_KEPT));
	/* Bound once: a second binding of the same remote port fails. */
	EXPECT_RC(evtchn_bind_interdomain(PING_DOMID, PORT_TRIPS, &port), -XEN_EINVAL);
	expect_status(PORT_TRIPS, EVTCHNSTAT_interdomain, PING_DOMID, PORT_TRIPS);
	EXPECT_RC(evtchn_send(PORT_TRIPS), 0); /* ready */
}

/* Phase 2: masked ports, SCHEDOP_poll. */
static void trips_polling(uint64_t rounds, uint64_t base)
{
	uint64_t done = 0, t0 = pvclock_now();

	for (uint64_t i = 0; i < rounds; i++) {
		if (self == PING_DOMID && evtchn_send(PORT_TRIPS) != 0)
			break;
		if (!wait_polling(PORT_TRIPS))
			break;
		if (self == PONG_DOMID && evtchn_send(PORT_TRIPS) != 0)
			break;
		done++;
	}
	printf("%lu of %lu round trips (SCHEDOP_poll, %lu polls)\n", done, rounds, polls);
	EXPECT_EQ(done, rounds);
	if (self == PING_DOMID)
		report("event round trip, SCHEDOP_poll", done, pvclock_now() - t0, base);
}

/* Phase 3: upcalls on the callback vector, HLT with interrupts on. */
static void trips_halting(uint64_t rounds, uint64_t base)
{
	struct vcpu_set_periodic_timer watchdog = {.period_ns = WATCHDOG_NS};
	uint64_t done = 0, t0;

	upcall_handler_install(CALLBACK_VECTOR);
	upcall_stats_reset();
	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port), 0);
	EXPECT_RC(hc_vcpu_op(VCPUOP_set_periodic_timer, 0, &watchdog), 0);
	EXPECT_RC(callback_vector_set(CALLBACK_VECTOR), 0);
	irq_enable();
	/* EVTCHNOP_unmask delivers a ping that arrived while the port was still masked. */
	EXPECT_RC(evtchn_unmask_op(PORT_TRIPS), 0);
	t0 = pvclock_now();
	for (uint64_t i = 0; i < rounds; i++) {
		if (self == PING_DOMID && evtchn_send(PORT_TRIPS) != 0)
			break;
		if (!wait_halting(PORT_TRIPS, (uint32_t)i + 1))
			break;
		if (self == PONG_DOMID && evtchn_send(PORT_TRIPS) != 0)
			break;
		done++;
	}
	printf("%lu of %lu round trips (upcall, HLT); %lu upcalls, %u watchdog ticks\n", done,
	       rounds, upcall_stats.upcalls, port_events[timer_port]);
	EXPECT_EQ(done, rounds);
	EXPECT_EQ(port_events[PORT_TRIPS], rounds);
	if (self == PING_DOMID)
		report("event round trip, upcall + HLT", done, pvclock_now() - t0, base);
	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	irq_disable();
}

static void finish_ping(void)
{
	evtchn_port_t port = 0;

	/* Phase 4: d2 closes its end of the port the round trips used. */
	EXPECT_TRUE(wait_status(PORT_TRIPS, EVTCHNSTAT_unbound));
	expect_status(PORT_TRIPS, EVTCHNSTAT_unbound, PONG_DOMID, 0);
	EXPECT_RC(evtchn_send(PORT_TRIPS), 0);
	EXPECT_TRUE(!evtchn_is_pending(PORT_TRIPS));

	/* Phase 5: d2 is destroyed with port 2 bound; ours is unbound again. */
	EXPECT_TRUE(wait_status(PORT_KEPT, EVTCHNSTAT_unbound));
	expect_status(PORT_KEPT, EVTCHNSTAT_unbound, PONG_DOMID, 0);
	EXPECT_RC(evtchn_send(PORT_KEPT), 0);
	EXPECT_RC(evtchn_bind_interdomain(PONG_DOMID, PORT_KEPT, &port), -XEN_ESRCH);
	EXPECT_RC(evtchn_close(PORT_KEPT), 0);
	EXPECT_RC(evtchn_close(PORT_TRIPS), 0);
}

static void finish_pong(void)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_close(PORT_TRIPS), 0);
	EXPECT_RC(evtchn_status_of(DOMID_SELF, PORT_TRIPS, &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_closed);
	EXPECT_RC(evtchn_send(PORT_TRIPS), -XEN_EINVAL);
	/* Port 2 stays bound: the hypervisor closes it when this domain dies. */
}

void test_main(void)
{
	uint64_t id = 0, rounds = DEFAULT_ROUNDS, base = 0;

	if (!boot_arg_number("domid", &id) || (id != PING_DOMID && id != PONG_DOMID)) {
		FAIL("needs domid=1 or domid=2 on the command line");
		return;
	}
	self = (domid_t)id;
	peer = self == PING_DOMID ? PONG_DOMID : PING_DOMID;
	boot_arg_number("rounds", &rounds);
	bench = strstr(boot_cmdline(), "bench") != NULL;
	printf("d%u pings d%u: %lu round trips\n", self, peer, rounds);

	EXPECT_RC(shared_info_map(), 0);
	/* Masked before anything is bound: no upcall is raised until phase 3 unmasks. */
	evtchn_mask(PORT_TRIPS);
	evtchn_mask(PORT_KEPT);
	if (self == PING_DOMID) {
		setup_ping();
		/* Measured while d2 sleeps in its first poll, so the other CPU is idle. */
		base = vmmcall_rate();
		if (bench)
			printf("bench: %-34s %7lu calls/s (the baseline)\n", "VMMCALL xen_version",
			       base);
	} else {
		setup_pong();
	}
	trips_polling(rounds, base);
	trips_halting(bench ? rounds : HLT_ROUNDS, base);
	if (self == PING_DOMID)
		finish_ping();
	else
		finish_pong();
}
