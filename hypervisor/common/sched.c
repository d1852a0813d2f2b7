// SPDX-License-Identifier: MIT
/*
 * Round-robin run queues, one per physical CPU. A vCPU only ever runs on, and leaves from, the
 * CPU it was placed on, so its lazily switched state (FPU, XCR0, debug registers) never needs a
 * cross-CPU flush.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/spinlock.h>

struct runqueue {
	spinlock_t lock;
	struct vcpu *head, *tail;
};

static struct runqueue runqueues[CONFIG_MAX_CPUS];
static unsigned int next_placement;
static spinlock_t placement_lock = SPINLOCK_INIT;

void sched_init(void)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++)
		runqueues[i].lock = (spinlock_t)SPINLOCK_INIT;
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

void sched_add_vcpu(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&placement_lock);

	v->cpu = next_placement++ % nr_cpus_online;
	spin_unlock_irqrestore(&placement_lock, flags);
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

void vcpu_block(struct vcpu *v)
{
	struct runqueue *rq = &runqueues[v->cpu];
	uint64_t flags = spin_lock_irqsave(&rq->lock);

	if (v->state == VCPU_RUNNABLE)
		v->state = VCPU_BLOCKED;
	spin_unlock_irqrestore(&rq->lock, flags);
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

void sched_tick(void)
{
	this_cpu()->need_resched = true;
}

static void vcpu_leave(struct vcpu *v)
{
	v->state = VCPU_DOWN;
	arch_vcpu_leave_cpu(v);
	domain_vcpu_gone(v);
}

void scheduler_loop(void)
{
	unsigned int cpu = smp_processor_id();
	struct runqueue *rq = &runqueues[cpu];

	for (;;) {
		struct vcpu *v;

		irq_disable();
		spin_lock(&rq->lock);
		v = dequeue(rq);
		if (v)
			v->running = true;
		spin_unlock(&rq->lock);
		if (!v) {
			safe_halt();
			continue;
		}
		this_cpu()->need_resched = false;
		if (v->domain->state == DOMAIN_RUNNING && v->state == VCPU_RUNNABLE)
			arch_vcpu_run(v);

		spin_lock(&rq->lock);
		v->running = false;
		if (v->domain->state != DOMAIN_RUNNING) {
			spin_unlock(&rq->lock);
			vcpu_leave(v);
			continue;
		}
		if (v->state == VCPU_RUNNABLE)
			enqueue(rq, v);
		spin_unlock(&rq->lock);
	}
}
