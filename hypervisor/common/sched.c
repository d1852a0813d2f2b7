// SPDX-License-Identifier: MIT
/*
 * Round-robin run queues, one per physical CPU, with a slice timer per CPU whose length follows
 * the domain's weight. A vCPU only ever runs on, and leaves from, the CPU it was placed on, so its
 * lazily switched state (FPU, XCR0, debug registers) and its timers never cross CPUs.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/event.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <lamina/timer.h>
#include <lamina/vcpu_timer.h>
#include <public/sched.h>
#include <asm/cpu.h>
#include <asm/hwdom.h>
#include <asm/percpu.h>
#include <asm/spinlock.h>

#define NS_PER_MS 1000000ULL

struct runqueue {
	spinlock_t lock;
	struct vcpu *head, *tail;
	struct timer slice;
};

static struct runqueue runqueues[CONFIG_MAX_CPUS];
static unsigned int next_placement;
static spinlock_t placement_lock = SPINLOCK_INIT;

static void slice_expired(struct timer *t)
{
	(void)t;
	this_cpu()->need_resched = true;
}

void sched_init(void)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++) {
		runqueues[i].lock = (spinlock_t)SPINLOCK_INIT;
		timer_init(&runqueues[i].slice, slice_expired, NULL, i);
	}
}

/* Caller holds the run queue's lock. */
static void enqueue(struct runqueue *rq, struct vcpu *v)
{
	if (v->on_runqueue)
		return;
	v->rq_next = NULL;
	if (rq->tail)
		rq->tail->rq_next = v;
	else
		rq->head = v;
	rq->tail = v;
	v->on_runqueue = true;
}

static struct vcpu *dequeue(struct runqueue *rq)
{
	struct vcpu *v = rq->head;

	if (v) {
		rq->head = v->rq_next;
		if (!rq->head)
			rq->tail = NULL;
		v->on_runqueue = false;
	}
	return v;
}

/* Queues v unless it is running or queued already, and tells its CPU. */
static void make_ready(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);

	if (!v->running)
		enqueue(rq, v);
	spin_unlock_irqrestore(&rq->lock, flags);
	smp_kick(v->cpu);
}

/*
 * Round robin over the CPUs; the hardware domain's CPU is its alone (its interrupts go straight
 * to it, so no other vCPU could be switched in there).
 */
void sched_add_vcpu(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&placement_lock);

	if (v->domain->is_hardware)
		v->cpu = HWDOM_CPU;
	else if (hwdom_configured)
		v->cpu = HWDOM_CPU + 1 + next_placement++ % (nr_cpus_online - 1);
	else
		v->cpu = next_placement++ % nr_cpus_online;
	spin_unlock_irqrestore(&placement_lock, flags);
	vcpu_timers_init(v);
	if (v->state == VCPU_RUNNABLE)
		make_ready(v);
}

void vcpu_wake(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);
	bool woke = v->state == VCPU_BLOCKED;

	if (woke)
		v->state = VCPU_RUNNABLE;
	spin_unlock_irqrestore(&rq->lock, flags);
	if (woke)
		make_ready(v);
}

void sched_kick(struct vcpu *v)
{
	if (v->domain->is_hardware)
		hwdom_raise_upcall(v); /* a kick would be taken by dom0 itself */
	else if (v->running)
		smp_kick(v->cpu);
}

/*
 * The pending check comes after the state change, under the same lock that vcpu_wake takes: an
 * event raised concurrently is either seen here or finds the vCPU blocked and wakes it.
 */
void vcpu_block(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags;

	/* The hardware domain halts its CPU itself; blocking returns at once, as a wakeup may. */
	if (v->domain->is_hardware)
		return;
	flags = spin_lock_irqsave(&rq->lock);

	if (v->state == VCPU_RUNNABLE)
		v->state = VCPU_BLOCKED;
	if (vcpu_upcall_pending(v))
		v->state = VCPU_RUNNABLE;
	spin_unlock_irqrestore(&rq->lock, flags);
}

void vcpu_unblock_self(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);

	if (v->state == VCPU_BLOCKED)
		v->state = VCPU_RUNNABLE;
	spin_unlock_irqrestore(&rq->lock, flags);
}

void vcpu_up(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);
	bool started = v->state == VCPU_DOWN;

	if (started)
		v->state = VCPU_RUNNABLE;
	spin_unlock_irqrestore(&rq->lock, flags);
	if (started)
		make_ready(v);
}

void vcpu_down(struct vcpu *v)
{
	struct domain *d = v->domain;
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);
	unsigned int up = 0;

	v->state = VCPU_DOWN;
	spin_unlock_irqrestore(&rq->lock, flags);
	sched_kick(v);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		up += d->vcpus[i]->state != VCPU_DOWN;
	if (up == 0) {
		log_info("d%u: all vCPUs down: powering the domain off\n", d->domid);
		domain_shutdown(d, SHUTDOWN_poweroff);
	}
}

void vcpu_yield(struct vcpu *v)
{
	(void)v;
	this_cpu()->need_resched = true;
}

void sched_evict(struct vcpu *v)
{
	make_ready(v);
}

void domain_pause(struct domain *d)
{
	__atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		sched_kick(d->vcpus[i]);
}

void domain_unpause(struct domain *d)
{
	if (__atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (__atomic_exchange_n(&v->paused_out, false, __ATOMIC_SEQ_CST))
			make_ready(v);
	}
}

static uint64_t slice_ns(const struct domain *d)
{
	uint64_t ns = CONFIG_TIMESLICE_MS * NS_PER_MS * (d->weight ? d->weight : 1) /
		      DOMAIN_DEFAULT_WEIGHT;

	return ns < NS_PER_MS ? NS_PER_MS : ns;
}

static void vcpu_leave(struct vcpu *v)
{
	v->state = VCPU_DOWN;
	vcpu_timers_stop(v);
	arch_vcpu_leave_cpu(v);
	domain_vcpu_gone(v);
}

/* Runs v for one slice; returns with interrupts off. */
static void run_slice(struct runqueue *rq, struct vcpu *v)
{
	uint64_t start;

	/* Whatever woke it, a poll is over once the vCPU runs again. */
	if (v->polling) {
		v->polling = false;
		timer_stop(&v->poll_timer);
	}
	this_cpu()->need_resched = false;
	start = arch_now_ns();
	timer_set(&rq->slice, start + slice_ns(v->domain));
	arch_vcpu_run(v);
	timer_stop(&rq->slice);
	__atomic_store_n(&v->cpu_time_ns, v->cpu_time_ns + arch_now_ns() - start, __ATOMIC_RELAXED);
}

void scheduler_loop(void)
{
	unsigned int cpu = smp_processor_id();
	struct runqueue *rq = &runqueues[cpu];

	for (;;) {
		struct vcpu *v;
		struct domain *d;

		irq_disable();
		domain_quiescent(cpu, false);
		spin_lock(&rq->lock);
		v = dequeue(rq);
		if (v)
			v->running = true;
		spin_unlock(&rq->lock);
		/*
		 * domain_pause raises pause_count, then looks at running: with this fence between
		 * our store and our load, one of us sees the other's write.
		 */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!v) {
			domain_quiescent(cpu, true);
			safe_halt();
			continue;
		}
		d = v->domain;
		if (d->state == DOMAIN_RUNNING && v->state == VCPU_RUNNABLE && !d->pause_count)
			run_slice(rq, v);

		spin_lock(&rq->lock);
		v->running = false;
		if (d->state != DOMAIN_RUNNING) {
			spin_unlock(&rq->lock);
			vcpu_leave(v);
			continue;
		}
		if (d->pause_count)
			v->paused_out = true;
		else if (v->state == VCPU_RUNNABLE)
			enqueue(rq, v);
		spin_unlock(&rq->lock);
		/* An unpause may have raced with the paused_out mark: look again. */
		if (v->paused_out && !__atomic_load_n(&d->pause_count, __ATOMIC_SEQ_CST) &&
		    __atomic_exchange_n(&v->paused_out, false, __ATOMIC_SEQ_CST))
			make_ready(v);
	}
}
