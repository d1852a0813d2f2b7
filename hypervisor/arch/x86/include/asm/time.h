/* SPDX-License-Identifier: MIT */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <stdint.h>

extern uint64_t tsc_khz;

/* Calibrates the TSC against the PIT. */
void time_init(void);
/* Busy-waits; used for the INIT-SIPI protocol's delays. */
void udelay(uint64_t us);
/* Nanoseconds since time_init(). */
uint64_t now_ns(void);
/* The wall-clock time (UTC) at system time 0, from the RTC. */
void arch_wallclock_at_boot(uint64_t *sec, uint32_t *nsec);
/* The same clock at a given TSC reading. */
uint64_t now_ns_at(uint64_t tsc);
/* Runs `cb` while PIT channel 2 counts `ms` milliseconds; returns TSC ticks elapsed. */
uint64_t pit_measure(uint32_t ms, void (*start)(void), uint32_t (*stop)(void), uint32_t *result);

#endif
