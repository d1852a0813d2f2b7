/* SPDX-License-Identifier: MIT */
/*
 * The spinlock API of hypervisor/arch/x86/include/asm/spinlock.h for host unit tests, which run
 * in user mode where CLI faults: the same ticket lock, with no interrupt flag to save. Tests
 * that include it put this directory on the include path instead of the arch one.
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <stdint.h>

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
		;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	(void)flags;
	spin_unlock(l);
}

#endif
