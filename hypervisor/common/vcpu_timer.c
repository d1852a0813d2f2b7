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

static void periodic_fired(struct timer *t)
{
	struct vcpu *v = t->data;
	uint64_t next = t->expires + v->periodic_period, now = arch_now_ns();

	send_vcpu_virq(v, VIRQ_TIMER);
	/* After a long stall, skip the missed periods rather than firing a burst. */
	if (next <= now)
		next = now + v->periodic_period;
	timer_set(t, next);
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

void vcpu_set_timer_op(struct vcpu *v, uint64_t timeout_ns)
{
	uint64_t now = arch_now_ns();

	if (timeout_ns == 0) {
		timer_stop(&v->singleshot_timer);
		return;
	}
	if (timeout_ns > now && ((timeout_ns - now) >> FAR_FUTURE_SHIFT) != 0)
		timeout_ns = now + FAR_FUTURE_RETRY;
	timer_set(&v->singleshot_timer, timeout_ns);
}

long vcpu_set_singleshot(struct vcpu *v, uint64_t timeout_ns, bool future)
{
	if (future && timeout_ns < arch_now_ns())
		return -ETIME;
	timer_set(&v->singleshot_timer, timeout_ns);
	return 0;
}

void vcpu_stop_singleshot(struct vcpu *v)
{
	timer_stop(&v->singleshot_timer);
}

long vcpu_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	if (period_ns < NS_PER_MS || period_ns > PERIOD_MAX)
		return -EINVAL;
	v->periodic_period = period_ns;
	timer_set(&v->periodic_timer, arch_now_ns() + period_ns);
	return 0;
}

void vcpu_stop_periodic(struct vcpu *v)
{
	v->periodic_period = 0;
	timer_stop(&v->periodic_timer);
}

void vcpu_set_poll_timeout(struct vcpu *v, uint64_t timeout_ns)
{
	timer_set(&v->poll_timer, timeout_ns);
}
