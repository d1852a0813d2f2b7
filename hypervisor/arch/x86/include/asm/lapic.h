/* SPDX-License-Identifier: MIT */
#ifndef ASM_LAPIC_H
#define ASM_LAPIC_H

#include <stdint.h>

void lapic_init_cpu(void);
uint32_t lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t page);
/* Measures LAPIC timer ticks per millisecond (divide by 16) against the PIT. */
void lapic_calibrate(void);

#endif
