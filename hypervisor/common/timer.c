// SPDX-License-Identifier: MIT
/* Per-CPU one-shot timers (see lamina/timer.h). */
#include <stddef.h>
#include <lamina/smp.h>
#include <lamina/timer.h>
#include <asm/spinlock.h>

struct timer_queue {
	spinlock_t lock;
	struct timer *head;
};

static struct timer_queue queues[CONFIG_MAX_CPUS];

void timer_init(struct timer *t, void (*fn)(struct timer *t), void *data, unsigned int cpu)
{
	*t = (struct timer){.fn = fn, .data = data, .cpu = cpu};
}

/* Caller holds the queue lock. */
static void unlink(struct timer_queue *q, struct timer *t)
{
	struct timer **pp = &q->head;

	while (*pp && *pp != t)
		pp = &(*pp)->next;
	if (*pp)
		*pp = t->next;
	t->queued = false;
	t->next = NULL;
}

void timer_set(struct timer *t, uint64_t expires)
{
	struct timer_queue *q = &queues[t->cpu];
	uint64_t flags = spin_lock_irqsave(&q->lock);
	struct timer **pp;
	bool first;

	if (t->queued)
		unlink(q, t);
	t->expires = expires;
	for (pp = &q->head; *pp && (*pp)->expires <= expires; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->queued = true;
	first = q->head == t;
	if (first && t->cpu == smp_processor_id())
		arch_timer_program(expires);
	spin_unlock_irqrestore(&q->lock, flags);
	/* Another CPU's earliest deadline moved: it re-programs itself when kicked. */
	if (first && t->cpu != smp_processor_id())
		smp_kick(t->cpu);
}

void timer_stop(struct timer *t)
{
	struct timer_queue *q = &queues[t->cpu];
	uint64_t flags = spin_lock_irqsave(&q->lock);

	if (t->queued)
		unlink(q, t);
	spin_unlock_irqrestore(&q->lock, flags);
}

void timer_reprogram(void)
{
	struct timer_queue *q = &queues[smp_processor_id()];
	uint64_t flags = spin_lock_irqsave(&q->lock);

	arch_timer_program(q->head ? q->head->expires : 0);
	spin_unlock_irqrestore(&q->lock, flags);
}

void timer_interrupt(void)
{
	struct timer_queue *q = &queues[smp_processor_id()];

	spin_lock(&q->lock);
	while (q->head && q->head->expires <= arch_now_ns()) {
		struct timer *t = q->head;

		q->head = t->next;
		t->queued = false;
		t->next = NULL;
		/* The callback may re-arm this or other timers: let it take the lock itself. */
		spin_unlock(&q->lock);
		t->fn(t);
		spin_lock(&q->lock);
	}
	arch_timer_program(q->head ? q->head->expires : 0);
	spin_unlock(&q->lock);
}
