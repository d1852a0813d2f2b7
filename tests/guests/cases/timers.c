// SPDX-License-Identifier: MIT
/*
 * vCPU timers and sleeping, as Xen 4.17.7 (Debian's, the reference rig's) answers an HVM guest:
 * do_set_timer_op and do_poll (xen/common/sched/core.c), VCPUOP_set/stop_singleshot_timer and
 * VCPUOP_set/stop_periodic_timer (xen/common/domain.c, vcpu_set_periodic_timer in core.c), HLT
 * (hvm_hlt) and SCHEDOP_block. Every timer raises VIRQ_TIMER; times are read from the pvclock in
 * shared_info with the version protocol.
 *
 * QEMU's TCG is slow and shares the host with other work, so a timer passes when it fires no
 * earlier than asked and at most LATE_MS after. Run as d1 with two vCPUs (only vCPU 0 runs).
 *
 * Since 4.17.2 (commit "xen/vcpu: ignore VCPU_SSHOTTMR_future") a single-shot deadline in the
 * past fires at once with or without VCPU_SSHOTTMR_future; 4.17.0 answered -ETIME.
 * A periodic timer fires as soon as it is set (its last event, 0, is a period ago) and then once
 * per period measured from each event.
 */
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/delay.h>
#include <guest/event.h>
#include <guest/pvclock.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/vcpu.h>

const char test_name[] = "timers";

#define CALLBACK_VECTOR 0xf3
#define LATE_MS		50
#define SHORT_MS	20
#define PERIOD_MS	10
#define PERIODIC_RUN_MS 200

static evtchn_port_t timer_port;

static uint64_t ms(uint64_t n)
{
	return n * NS_PER_MS;
}

static uint32_t timer_events(void)
{
	return port_events[timer_port];
}

/*
 * Spins with interrupts on until the handler has seen @want timer events or @limit_ms pass.
 * Spinning, not halting, so that a missing event is a failed check rather than a hang; halting
 * has its own checks below.
 */
static bool wait_timer_events(uint32_t want, uint64_t limit_ms)
{
	uint64_t end = pvclock_now() + ms(limit_ms);

	while (timer_events() < want && pvclock_now() < end)
		pause();
	return timer_events() >= want;
}

/* Busy-waits (no halting: only an event may end a halt) for @n ms. */
static void spin_ms(uint64_t n)
{
	uint64_t end = pvclock_now() + ms(n);

	while (pvclock_now() < end)
		pause();
}

/* One event on the timer port, no earlier than @deadline and at most LATE_MS after it. */
static void expect_fired_at(uint64_t deadline, uint32_t before)
{
	uint64_t at;

	EXPECT_TRUE(wait_timer_events(before + 1, 1000));
	at = port_event_ns[timer_port];
	printf("fired %ld us after the deadline\n", (long)(at - deadline) / 1000);
	EXPECT_TRUE(at >= deadline);
	EXPECT_TRUE(at <= deadline + ms(LATE_MS));
}

static void expect_no_event(uint32_t before, uint64_t quiet_ms)
{
	spin_ms(quiet_ms);
	EXPECT_EQ(timer_events(), before);
}

static void check_pvclock(void)
{
	const volatile struct vcpu_time_info *t = &vcpu0_info()->time;
	uint64_t a, b, tsc0, pv0, tsc_ns, pv_ns;

	EXPECT_EQ(t->version & 1, 0);
	EXPECT_TRUE(t->tsc_to_system_mul >= 1U << 31);
	a = pvclock_now();
	b = pvclock_now();
	EXPECT_TRUE(b >= a);
	/* Over 50 ms the pvclock and the TSC at CPUID's rate agree within 1%. */
	tsc0 = rdtsc();
	pv0 = pvclock_now();
	EXPECT_TRUE(delay_ms(50));
	tsc_ns = (rdtsc() - tsc0) * 1000000 / tsc_khz();
	pv_ns = pvclock_now() - pv0;
	printf("50 ms: %lu ns by the TSC, %lu ns by the pvclock\n", tsc_ns, pv_ns);
	EXPECT_TRUE(pv_ns * 100 >= tsc_ns * 99 && pv_ns * 100 <= tsc_ns * 101);
}

static void check_set_timer_op(void)
{
	uint64_t deadline;
	uint32_t n = timer_events();

	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	expect_fired_at(deadline, n);

	/* A deadline already past fires at once. */
	n = timer_events();
	deadline = pvclock_now() - ms(1);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	expect_fired_at(deadline, n);

	/* 0 stops it. */
	n = timer_events();
	EXPECT_RC(hc_set_timer_op(pvclock_now() + ms(SHORT_MS)), 0);
	EXPECT_RC(hc_set_timer_op(0), 0);
	expect_no_event(n, SHORT_MS + LATE_MS);

	/* Setting it again replaces the deadline: one event, at the second one. */
	n = timer_events();
	EXPECT_RC(hc_set_timer_op(pvclock_now() + ms(300)), 0);
	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	expect_fired_at(deadline, n);
	expect_no_event(n + 1, 330);
}

static long singleshot(unsigned int vcpu, uint64_t deadline, uint32_t flags)
{
	struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline, .flags = flags};

	return hc_vcpu_op(VCPUOP_set_singleshot_timer, vcpu, &t);
}

static void check_singleshot(void)
{
	uint64_t deadline;
	uint32_t n = timer_events();

	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(singleshot(0, deadline, 0), 0);
	expect_fired_at(deadline, n);

	n = timer_events();
	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(singleshot(0, deadline, VCPU_SSHOTTMR_future), 0);
	expect_fired_at(deadline, n);

	/* In the past, with or without the future flag: the event comes at once. */
	n = timer_events();
	deadline = pvclock_now() - ms(5);
	EXPECT_RC(singleshot(0, deadline, VCPU_SSHOTTMR_future), 0);
	expect_fired_at(deadline, n);
	n = timer_events();
	deadline = pvclock_now() - ms(5);
	EXPECT_RC(singleshot(0, deadline, 0), 0);
	expect_fired_at(deadline, n);

	/* Stopping it; and set_timer_op arms the same timer, so the stop covers it too. */
	n = timer_events();
	EXPECT_RC(singleshot(0, pvclock_now() + ms(SHORT_MS), 0), 0);
	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	EXPECT_RC(hc_set_timer_op(pvclock_now() + ms(SHORT_MS)), 0);
	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	expect_no_event(n, SHORT_MS + LATE_MS);

	/* Only the calling vCPU's; absent vCPUs -ENOENT; unreadable arguments -EFAULT. */
	EXPECT_RC(singleshot(1, pvclock_now() + ms(SHORT_MS), 0), -XEN_EINVAL);
	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL);
	EXPECT_RC(singleshot(2, pvclock_now() + ms(SHORT_MS), 0), -XEN_ENOENT);
	EXPECT_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, NULL), -XEN_EFAULT);
}

static long periodic(unsigned int vcpu, uint64_t period_ns)
{
	struct vcpu_set_periodic_timer t = {.period_ns = period_ns};

	return hc_vcpu_op(VCPUOP_set_periodic_timer, vcpu, &t);
}

static void check_periodic(void)
{
	uint64_t start, first;
	uint32_t n = timer_events(), ticks;

	EXPECT_RC(periodic(0, ms(1) - 1), -XEN_EINVAL);
	EXPECT_RC(periodic(0, 0), -XEN_EINVAL);
	EXPECT_RC(periodic(0, 1ULL << 62), -XEN_EINVAL); /* above STIME_DELTA_MAX */
	EXPECT_RC(hc_vcpu_op(VCPUOP_set_periodic_timer, 0, NULL), -XEN_EFAULT);

	start = pvclock_now();
	EXPECT_RC(periodic(0, ms(PERIOD_MS)), 0);
	/* The first event comes at once, not a period later. */
	EXPECT_TRUE(wait_timer_events(n + 1, 1000));
	first = port_event_ns[timer_port];
	printf("first periodic event %ld us after setting it\n", (long)(first - start) / 1000);
	EXPECT_TRUE(first < start + ms(PERIOD_MS) / 2);
	spin_ms(PERIODIC_RUN_MS);
	ticks = timer_events() - (n + 1);
	/* 20 periods; each later event is a period after the previous one was sent. */
	printf("%u periodic events in %u ms at %u ms\n", ticks, PERIODIC_RUN_MS, PERIOD_MS);
	EXPECT_TRUE(ticks >= PERIODIC_RUN_MS / (PERIOD_MS + 5));
	EXPECT_TRUE(ticks <= PERIODIC_RUN_MS / PERIOD_MS + 1);

	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	spin_ms(PERIOD_MS); /* an event already on its way may still land */
	n = timer_events();
	expect_no_event(n, 5 * PERIOD_MS);
	/* Setting it again a moment after its last event waits a period before the next one. */
	EXPECT_RC(periodic(0, ms(100)), 0);
	EXPECT_TRUE(wait_timer_events(n + 1, 1000));
	n = timer_events();
	EXPECT_RC(periodic(0, ms(100)), 0);
	expect_no_event(n, 50);
	EXPECT_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
}

static void check_poll(void)
{
	evtchn_port_t ipi = 0, ports[129] = {0};
	uint64_t t0, t1, deadline;

	EXPECT_RC(evtchn_bind_ipi(0, &ipi), 0);
	evtchn_mask(ipi);

	/* Nothing arrives: the poll ends at its timeout. */
	t0 = pvclock_now();
	EXPECT_RC(sched_poll(&ipi, 1, t0 + ms(30)), 0);
	t1 = pvclock_now();
	printf("poll with a 30 ms timeout returned after %lu us\n", (t1 - t0) / 1000);
	EXPECT_TRUE(t1 >= t0 + ms(30));
	EXPECT_TRUE(t1 <= t0 + ms(30 + LATE_MS));
	/* A timeout already past ends it at once. */
	t0 = pvclock_now();
	EXPECT_RC(sched_poll(&ipi, 1, t0 - ms(1)), 0);
	EXPECT_TRUE(pvclock_now() <= t0 + ms(LATE_MS));

	/* The timer's port fires first: the poll ends then (masked, so the port stays pending). */
	evtchn_mask(timer_port);
	ports[0] = ipi;
	ports[1] = timer_port;
	t0 = pvclock_now();
	deadline = t0 + ms(SHORT_MS);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	EXPECT_RC(sched_poll(ports, 2, t0 + ms(1000)), 0);
	t1 = pvclock_now();
	printf("poll ended %ld us after the timer's deadline\n", (long)(t1 - deadline) / 1000);
	EXPECT_TRUE(t1 >= deadline);
	EXPECT_TRUE(t1 <= deadline + ms(LATE_MS));
	EXPECT_TRUE(evtchn_test_and_clear_pending(timer_port));
	evtchn_clear_mask(timer_port);

	/* A pending port ends it at once, whatever the timeout. */
	EXPECT_RC(evtchn_send(ipi), 0);
	t0 = pvclock_now();
	EXPECT_RC(sched_poll(&ipi, 1, 0), 0);
	EXPECT_TRUE(pvclock_now() <= t0 + ms(LATE_MS));
	EXPECT_TRUE(evtchn_test_and_clear_pending(ipi));

	/* Errors: more than 128 ports, an unbound port, an unreadable port list. */
	EXPECT_RC(sched_poll(ports, 129, 0), -XEN_EINVAL);
	ports[0] = 100;
	EXPECT_RC(sched_poll(ports, 1, pvclock_now() + ms(10)), -XEN_EINVAL);
	ports[0] = 40;
	EXPECT_RC(sched_poll(ports, 1, pvclock_now() + ms(10)), -XEN_EINVAL);
	EXPECT_RC(sched_poll(NULL, 1, pvclock_now() + ms(10)), -XEN_EFAULT);
	EXPECT_RC(evtchn_close(ipi), 0);
}

static void check_hlt_and_block(void)
{
	uint64_t deadline;
	uint32_t n = timer_events();

	/* HLT with interrupts on sleeps until the timer's event arrives. */
	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	irq_disable();
	safe_halt();
	EXPECT_EQ(timer_events(), n + 1);
	EXPECT_TRUE(pvclock_now() >= deadline);
	EXPECT_TRUE(port_event_ns[timer_port] <= deadline + ms(LATE_MS));

	/* So does SCHEDOP_block; the upcall is taken when it returns. */
	n = timer_events();
	deadline = pvclock_now() + ms(SHORT_MS);
	EXPECT_RC(hc_set_timer_op(deadline), 0);
	EXPECT_RC(sched_block(), 0);
	EXPECT_TRUE(pvclock_now() >= deadline);
	EXPECT_TRUE(wait_timer_events(n + 1, 10));
	EXPECT_TRUE(port_event_ns[timer_port] <= deadline + ms(LATE_MS));
}

void test_main(void)
{
	EXPECT_RC(shared_info_map(), 0);
	check_pvclock();

	EXPECT_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port), 0);
	upcall_handler_install(CALLBACK_VECTOR);
	upcall_stats_reset();
	EXPECT_RC(callback_vector_set(CALLBACK_VECTOR), 0);
	irq_enable();

	check_set_timer_op();
	check_singleshot();
	check_periodic();
	check_poll();
	check_hlt_and_block();
	irq_disable();
	printf("%lu upcalls, %u timer events\n", upcall_stats.upcalls, timer_events());
}
