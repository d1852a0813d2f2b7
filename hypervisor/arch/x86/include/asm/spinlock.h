/* SPDX-License-Identifier: MIT */
/* A ticket lock: fair between CPUs, small, and enough for a handful of cores. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <stdint.h>
#include <asm/cpu.h>

typedef struct {
	volatile uint16_t next;
	volatile uint16_t owner;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0, 0                                                                               \
	}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

/* For paths that may run with interrupts on: the timer handler never takes these locks, but an
 * interrupt must not arrive while a lock it could need is held by the same CPU. */
static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	uint64_t flags;

	asm volatile("pushf; pop %0; cli" : "=r"(flags)::"memory");
	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	spin_unlock(l);
	if (flags & RFLAGS_IF)
		irq_enable();
}

#endif
