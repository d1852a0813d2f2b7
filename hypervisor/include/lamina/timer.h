/* SPDX-License-Identifier: MIT */
/*
 * One-shot software timers on a per-CPU sorted list, driven by the LAPIC timer in one-shot mode
 * programmed for the earliest deadline. Callbacks run in interrupt context on the timer's CPU,
 * with interrupts off: they may take irqsave locks only.
 */
#ifndef LAMINA_TIMER_H
#define LAMINA_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct timer {
	uint64_t expires; /* system time, ns */
	void (*fn)(struct timer *t);
	void *data;
	unsigned int cpu;
	bool queued;
	struct timer *next;
};

void timer_init(struct timer *t, void (*fn)(struct timer *t), void *data, unsigned int cpu);
/* Arms (or re-arms) t for `expires`; a past deadline fires at the next timer interrupt. */
void timer_set(struct timer *t, uint64_t expires);
void timer_stop(struct timer *t);
/* The timer interrupt: runs what has expired on this CPU and programs the next deadline. */
void timer_interrupt(void);
/* Re-programs this CPU's hardware timer for its earliest deadline (after a cross-CPU set). */
void timer_reprogram(void);

/* Architecture hooks. */
uint64_t arch_now_ns(void);
void arch_timer_program(uint64_t deadline_ns); /* 0: no deadline */

#endif
