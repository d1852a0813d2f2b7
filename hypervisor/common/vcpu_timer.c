// SPDX-License-Identifier: MIT
/* vCPU timers (see lamina/vcpu_timer.h); they live on the vCPU's own CPU. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/sched.h>
#include <lamina/timer.h>
#include <lamina/vcpu_timer.h>

#define NS_PER_MS 1000000ULL
/* Xen's guard against Linux's wrapped jiffies: deadlines past 2^50 ns ahead become 100 ms. */
#define FAR_FUTURE_SHIFT 50
#define FAR_FUTURE_RETRY (100 * NS_PER_MS)
/* Xen's upper bound for a period (STIME_DELTA_MAX). */
#define PERIOD_MAX ((1ULL << 62) - 1)

static void singleshot_fired(struct timer *t)
{
	send_vcpu_virq(t->data, VIRQ_TIMER);
}

/*
 * As Xen's vcpu_periodic_timer_work: an event is due a period after the last one; it is sent and
 * the next one counted from now, so missed periods are skipped rather than fired in a burst.
 */
static void periodic_work(struct vcpu *v)
{
	uint64_t now = arch_now_ns(), next = v->periodic_last_event + v->periodic_period;

	if (now >= next) {
		send_vcpu_virq(v, VIRQ_TIMER);
		v->periodic_last_event = now;
		next = now + v->periodic_period;
	}
	timer_set(&v->periodic_timer, next);
}

static void periodic_fired(struct timer *t)
{
	periodic_work(t->data);
}

static void poll_expired(struct timer *t)
{
	struct vcpu *v = t->data;

	if (v->polling) {
		v->polling = false;
		vcpu_wake(v);
	}
}

void vcpu_timers_init(struct vcpu *v)
{
	timer_init(&v->singleshot_timer, singleshot_fired, v, v->cpu);
	timer_init(&v->periodic_timer, periodic_fired, v, v->cpu);
	timer_init(&v->poll_timer, poll_expired, v, v->cpu);
}

void vcpu_timers_stop(struct vcpu *v)
{
	timer_stop(&v->singleshot_timer);
	timer_stop(&v->periodic_timer);
	timer_stop(&v->poll_timer);
}

/*
 * The hardware domain's CPU timer belongs to its own Linux, which keeps native clock events:
 * the hypervisor arms no timer there, and these calls are refused.
 */
static bool timers_refused(const struct vcpu *v)
{
	return v->domain->is_hardware;
}

long vcpu_set_timer_op(struct vcpu *v, uint64_t timeout_ns)
{
	uint64_t now = arch_now_ns();

	if (timers_refused(v))
		return -EOPNOTSUPP;
	if (timeout_ns == 0) {
		timer_stop(&v->singleshot_timer);
		return 0;
	}
	if (timeout_ns > now && ((timeout_ns - now) >> FAR_FUTURE_SHIFT) != 0)
		timeout_ns = now + FAR_FUTURE_RETRY;
	timer_set(&v->singleshot_timer, timeout_ns);
	return 0;
}

/*
 * Xen 4.17.2 and later ignore VCPU_SSHOTTMR_future (the public header allows it): a deadline
 * already past raises the event at once instead of failing with -ETIME.
 */
long vcpu_set_singleshot(struct vcpu *v, uint64_t timeout_ns, bool future)
{
	(void)future;
	if (timers_refused(v))
		return -EOPNOTSUPP;
	if (timeout_ns < arch_now_ns()) {
		timer_stop(&v->singleshot_timer);
		send_vcpu_virq(v, VIRQ_TIMER);
		return 0;
	}
	timer_set(&v->singleshot_timer, timeout_ns);
	return 0;
}

void vcpu_stop_singleshot(struct vcpu *v)
{
	timer_stop(&v->singleshot_timer);
}

long vcpu_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	if (timers_refused(v))
		return -EOPNOTSUPP;
	if (period_ns < NS_PER_MS || period_ns > PERIOD_MAX)
		return -EINVAL;
	timer_stop(&v->periodic_timer);
	v->periodic_period = period_ns;
	/* Due at once unless the last event was less than a period ago, as in Xen. */
	periodic_work(v);
	return 0;
}

void vcpu_stop_periodic(struct vcpu *v)
{
	v->periodic_period = 0;
	timer_stop(&v->periodic_timer);
}

void vcpu_set_poll_timeout(struct vcpu *v, uint64_t timeout_ns)
{
	if (timers_refused(v))
		return;
	timer_set(&v->poll_timer, timeout_ns);
}
