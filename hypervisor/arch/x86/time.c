// SPDX-License-Identifier: MIT
/* TSC calibration against PIT channel 2, and the hypervisor's clock. */
#include <lamina/console.h>
#include <lamina/timer.h>
#include <asm/cpu.h>
#include <asm/rtc.h>
#include <asm/time.h>

#define PIT_HZ	     1193182
#define PIT_CH2	     0x42
#define PIT_CMD	     0x43
#define PIT_GATE     0x61
#define GATE_ENABLE  0x01
#define GATE_SPEAKER 0x02
#define GATE_OUT2    0x20

uint64_t tsc_khz;
static uint64_t tsc_at_boot;
static uint64_t boot_epoch; /* wall-clock seconds at tsc_at_boot */

uint64_t pit_measure(uint32_t ms, void (*start)(void), uint32_t (*stop)(void), uint32_t *result)
{
	uint32_t count = PIT_HZ / 1000 * ms;
	uint64_t t0, t1;
	uint8_t gate = inb(PIT_GATE);

	/* Channel 2, mode 0 (interrupt on terminal count): OUT2 rises after `count` ticks. */
	outb(PIT_GATE, (gate & ~GATE_SPEAKER) | GATE_ENABLE);
	outb(PIT_CMD, 0xb0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	if (start)
		start();
	t0 = rdtsc();
	for (uint64_t spins = 0; !(inb(PIT_GATE) & GATE_OUT2); spins++)
		if (spins > 100000000ULL)
			panic("PIT channel 2 never fired: cannot calibrate time");
	t1 = rdtsc();
	if (stop)
		*result = stop();
	outb(PIT_GATE, gate);
	return t1 - t0;
}

void time_init(void)
{
	uint64_t ticks = pit_measure(20, NULL, NULL, NULL);

	tsc_khz = ticks / 20;
	tsc_at_boot = rdtsc();
	boot_epoch = rtc_read_epoch();
	log_info("TSC: %llu kHz\n", (unsigned long long)tsc_khz);
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us * tsc_khz / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

uint64_t now_ns(void)
{
	return now_ns_at(rdtsc());
}

uint64_t now_ns_at(uint64_t tsc)
{
	uint64_t ticks = tsc - tsc_at_boot;

	/* Split to avoid overflowing 64 bits after ~5 hours at 1 GHz. */
	return ticks / tsc_khz * 1000000ULL + (ticks % tsc_khz) * 1000000ULL / tsc_khz;
}

uint64_t arch_now_ns(void)
{
	return now_ns();
}

void arch_wallclock_at_boot(uint64_t *sec, uint32_t *nsec)
{
	*sec = boot_epoch;
	*nsec = 0;
}
