// SPDX-License-Identifier: MIT
/* The local APIC in xAPIC mode (QEMU 7.2's TCG has no x2APIC): EOI, timer and IPIs. */
#include <lamina/console.h>
#include <lamina/lib.h>
#include <lamina/timer.h>
#include <asm/cpu.h>
#include <asm/lapic.h>
#include <asm/time.h>
#include <asm/traps.h>

#define SVR_ENABLE   (1U << 8)
#define LVT_MASKED   (1U << 16)
#define ICR_PENDING  (1U << 12)
#define ICR_ASSERT   (1U << 14)
#define ICR_INIT     (5U << 8)
#define ICR_STARTUP  (6U << 8)
#define TIMER_DIV_16 0x3

static uint32_t lapic_ticks_per_ms;

static inline uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(LAPIC_BASE + reg);
}

static inline void lapic_write(uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(LAPIC_BASE + reg) = value;
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_init_cpu(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1ULL << 11));
	lapic_write(LAPIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
}

static void timer_count_start(void)
{
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
}

static uint32_t timer_count_stop(void)
{
	return 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
}

void lapic_calibrate(void)
{
	uint32_t ticks;

	pit_measure(10, timer_count_start, timer_count_stop, &ticks);
	lapic_ticks_per_ms = ticks / 10;
	if (lapic_ticks_per_ms == 0)
		panic("LAPIC timer does not count");
	log_info("LAPIC timer: %u ticks/ms (divide by 16)\n", lapic_ticks_per_ms);
}

/*
 * One-shot mode, counting down to the earliest deadline; a deadline beyond the counter's reach
 * simply fires early and is re-programmed from the timer queue.
 */
void arch_timer_program(uint64_t deadline_ns)
{
	uint64_t now = arch_now_ns(), count;

	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, VECTOR_TIMER);
	if (deadline_ns == 0) {
		lapic_write(LAPIC_TIMER_INIT, 0); /* stopped */
		return;
	}
	count = deadline_ns > now ? (deadline_ns - now) * lapic_ticks_per_ms / 1000000 : 0;
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)MIN(MAX(count, 1ULL), 0xffffffffULL));
}

void lapic_send_icr(uint32_t high, uint32_t low)
{
	lapic_write(LAPIC_ICR_HIGH, high);
	lapic_write(LAPIC_ICR_LOW, low);
	for (int spins = 0; spins < 1000000 && (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING); spins++)
		cpu_relax();
}

static void icr_send(uint32_t apic_id, uint32_t low)
{
	lapic_send_icr(apic_id << 24, low);
}

uint32_t lapic_read_reg(uint32_t reg)
{
	return lapic_read(reg);
}

void lapic_write_reg(uint32_t reg, uint32_t value)
{
	lapic_write(reg, value);
}

void lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	icr_send(apic_id, ICR_ASSERT | vector);
}

void lapic_send_init(uint32_t apic_id)
{
	icr_send(apic_id, ICR_ASSERT | ICR_INIT);
}

void lapic_send_sipi(uint32_t apic_id, uint8_t page)
{
	icr_send(apic_id, ICR_STARTUP | page);
}
