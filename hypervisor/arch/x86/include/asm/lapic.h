/* SPDX-License-Identifier: MIT */
#ifndef ASM_LAPIC_H
#define ASM_LAPIC_H

#include <stdint.h>

#define LAPIC_BASE 0xfee00000UL

/* Register offsets in the xAPIC page. */
#define LAPIC_ID	 0x020
#define LAPIC_EOI	 0x0b0
#define LAPIC_SVR	 0x0f0
#define LAPIC_ICR_LOW	 0x300
#define LAPIC_ICR_HIGH	 0x310
#define LAPIC_LVT_TIMER	 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	 0x390
#define LAPIC_TIMER_DIV	 0x3e0

void lapic_init_cpu(void);
uint32_t lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
/* Writes ICR high then low and waits for delivery: the raw form, for checked guest IPIs. */
void lapic_send_icr(uint32_t high, uint32_t low);
/* This CPU's registers by offset, for the hardware domain's checked accesses. */
uint32_t lapic_read_reg(uint32_t reg);
void lapic_write_reg(uint32_t reg, uint32_t value);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t page);
/* Measures LAPIC timer ticks per millisecond (divide by 16) against the PIT. */
void lapic_calibrate(void);

#endif
